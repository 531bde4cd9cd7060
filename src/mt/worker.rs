//! Machine translation in the background: the workspace asks for segments ([`Worker::ask`])
//! and takes what is done ([`Worker::take`]) without ever waiting on the network. The worker
//! thread answers from the cache when it can, otherwise asks the provider, keeps the answer in
//! the cache and sends back the checked suggestion; when nothing else waits, it asks for the
//! provider's rendering of each required term a suggestion missed and, when that makes a
//! repair, sends the suggestion again with it.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use super::cache::Cache;
use super::check::{Suggestion, check};
use super::{MtError, Provider, Request};

/// A segment's suggestion, or why there is none.
#[derive(Debug)]
pub struct Done {
    /// The caller's number for the segment.
    pub segment: usize,
    pub outcome: Result<Suggestion, MtError>,
}

pub struct Worker {
    jobs: Sender<(usize, Request)>,
    done: Receiver<Done>,
    name: String,
    /// What of a segment's surroundings the provider uses, and the tokens they may take.
    context: super::ContextUse,
    context_budget: usize,
}

impl Worker {
    /// Starts the thread; it ends when the worker is dropped.
    pub fn start(provider: Box<dyn Provider>, cache: Cache) -> Worker {
        let (jobs, job_queue) = channel::<(usize, Request)>();
        let (done_sender, done) = channel();
        let name = provider.name();
        let context = provider.context();
        std::thread::spawn(move || {
            let mut cache = cache;
            // Suggestions that miss terms, whose repair is looked for when nothing else waits:
            // a segment's suggestion never waits on another segment's repair.
            let mut repairs: VecDeque<(usize, Request, String)> = VecDeque::new();
            loop {
                let job = match job_queue.try_recv() {
                    Ok(job) => Some(job),
                    Err(TryRecvError::Disconnected) => return,
                    Err(TryRecvError::Empty) if !repairs.is_empty() => None,
                    Err(TryRecvError::Empty) => match job_queue.recv() {
                        Ok(job) => Some(job),
                        Err(_) => return,
                    },
                };
                let done = match job {
                    Some((segment, request)) => {
                        let outcome = translate_cached(provider.as_ref(), &mut cache, &request)
                            .map(|text| {
                                let suggestion = check(&request, &text, |_| None);
                                if !suggestion.missing.is_empty() {
                                    repairs.push_back((segment, request, text));
                                }
                                suggestion
                            });
                        Some(Done { segment, outcome })
                    }
                    None => {
                        let (segment, request, text) = repairs.pop_front().expect("not empty");
                        let repaired = with_repair(provider.as_ref(), &mut cache, &request, &text);
                        repaired.repaired.is_some().then_some(Done {
                            segment,
                            outcome: Ok(repaired),
                        })
                    }
                };
                if let Some(done) = done
                    && done_sender.send(done).is_err()
                {
                    return;
                }
            }
        });
        Worker {
            jobs,
            done,
            name,
            context,
            context_budget: 0,
        }
    }

    /// The tokens a segment's context may take (the configuration's `context_tokens`; none
    /// until set).
    pub fn with_context_budget(mut self, tokens: usize) -> Worker {
        self.context_budget = tokens;
        self
    }

    /// What of a segment's surroundings to send, and within how many tokens.
    pub fn context(&self) -> (super::ContextUse, usize) {
        (self.context, self.context_budget)
    }

    /// The provider's name, for the status bar.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Queues a segment; its suggestion comes back through [`Worker::take`].
    pub fn ask(&self, segment: usize, request: Request) {
        let _ = self.jobs.send((segment, request));
    }

    /// A finished suggestion, if one is ready.
    pub fn take(&self) -> Option<Done> {
        self.done.try_recv().ok()
    }
}

/// The checked suggestion for `request` (from the cache or the provider), with its repair.
pub fn suggest(
    provider: &dyn Provider,
    cache: &mut Cache,
    request: &Request,
) -> Result<Suggestion, MtError> {
    let text = translate_cached(provider, cache, request)?;
    Ok(with_repair(provider, cache, request, &text))
}

/// `text` checked, with the provider's own rendering of each missing term looked up to find
/// it in the text (a failure there only means no repair).
fn with_repair(
    provider: &dyn Provider,
    cache: &mut Cache,
    request: &Request,
    text: &str,
) -> Suggestion {
    let first = check(request, text, |_| None);
    if first.missing.is_empty() {
        return first;
    }
    let mut alone = HashMap::new();
    for term in &first.missing {
        let request = Request {
            source: term.french.clone(),
            ..Request::default()
        };
        if let Ok(rendering) = translate_cached(provider, cache, &request) {
            alone.insert(term.french.clone(), rendering);
        }
    }
    check(request, text, |french| alone.get(french).cloned())
}

fn translate_cached(
    provider: &dyn Provider,
    cache: &mut Cache,
    request: &Request,
) -> Result<String, MtError> {
    let key = Cache::key(provider, request);
    if let Some(text) = cache.get(&key) {
        return Ok(text.to_owned());
    }
    let text = provider
        .translate(std::slice::from_ref(request))?
        .pop()
        .unwrap_or_default();
    cache.insert(key, text.clone());
    Ok(text)
}
