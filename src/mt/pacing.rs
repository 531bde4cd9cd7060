//! Sending batches at a bounded rate, trying again with backoff on what may pass (429, 5xx,
//! timeouts, network), and giving up on what will not (a wrong key, a bad answer).

use std::time::{Duration, Instant};

use super::{MtError, Provider, Request};

/// How to send.
#[derive(Debug, Clone, Copy)]
pub struct Pacing {
    /// At least this long between the starts of two requests.
    pub interval: Duration,
    /// Tries per batch, the first included.
    pub attempts: u32,
    /// The wait before the second try; doubled for each further one (a server's `Retry-After`
    /// wins when longer).
    pub backoff: Duration,
}

impl Pacing {
    pub fn new(requests_per_second: f64) -> Pacing {
        let rate = if requests_per_second.is_finite() && requests_per_second > 0.0 {
            requests_per_second
        } else {
            5.0
        };
        Pacing {
            interval: Duration::from_secs_f64(1.0 / rate),
            attempts: 5,
            backoff: Duration::from_millis(500),
        }
    }
}

/// The longest wait a server's `Retry-After` gets (a server asking for a day is not obeyed:
/// the batch stops with an error that says so).
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(300);

/// What is told of a failed try: the error and the wait before the next.
pub type RetryReport<'p> = dyn FnMut(&MtError, Duration) + 'p;

/// A provider behind a pacing.
pub struct Paced<'p> {
    provider: &'p dyn Provider,
    pacing: Pacing,
    last: Option<Instant>,
    /// Called before each wait after a failure: the error and the wait.
    pub on_retry: Box<RetryReport<'p>>,
}

impl<'p> Paced<'p> {
    pub fn new(provider: &'p dyn Provider, pacing: Pacing) -> Paced<'p> {
        Paced {
            provider,
            pacing,
            last: None,
            on_retry: Box::new(|_, _| {}),
        }
    }

    /// The batch's translations, after as many tries as the pacing allows.
    pub fn translate(&mut self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        let mut attempt = 0;
        loop {
            if let Some(last) = self.last {
                let next = last + self.pacing.interval;
                let now = Instant::now();
                if next > now {
                    std::thread::sleep(next - now);
                }
            }
            self.last = Some(Instant::now());
            attempt += 1;
            match self.provider.translate(batch) {
                Err(error)
                    if error
                        .retry_after()
                        .is_some_and(|asked| asked > MAX_RETRY_WAIT) =>
                {
                    return Err(MtError::WaitTooLong {
                        provider: self.provider.name(),
                        asked: error.retry_after().unwrap_or_default(),
                    });
                }
                Err(error) if error.is_transient() && attempt < self.pacing.attempts => {
                    let backoff = self.pacing.backoff * 2u32.pow(attempt - 1);
                    let wait = error
                        .retry_after()
                        .map_or(backoff, |asked| asked.max(backoff));
                    (self.on_retry)(&error, wait);
                    std::thread::sleep(wait);
                }
                other => return other,
            }
        }
    }
}
