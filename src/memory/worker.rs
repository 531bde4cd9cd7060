//! The translation memory on a thread of its own, for the workspace: nothing a translator types
//! waits on a disk or a team server.
//!
//! The thread opens the memory (a team server may take a moment), then does the work it is
//! handed ([`MemoryThread::run`]: lookups, confirmed units, concordance, statistics), one job at
//! a time in the order given. Each job's answer comes back on a channel of its own, which the
//! caller looks at when it likes. While a job has waited on the memory for more than
//! [`NOT_ANSWERING`], [`MemoryThread::team_status`] says the team server is not answering,
//! whatever the server's last known state was.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::desk::TeamStatus;
use super::{Stack, TranslationMemory};

/// How long a job may wait on the memory before a team server counts as not answering.
pub const NOT_ANSWERING: Duration = Duration::from_secs(1);

/// How often an idle thread copies the team server's state for the caller.
const STATUS_REFRESH: Duration = Duration::from_millis(200);

type Job = Box<dyn FnOnce(&mut Stack) + Send>;

/// What the thread shares with its owner.
#[derive(Default)]
struct Shared {
    /// When the job under way started.
    busy_since: Mutex<Option<Instant>>,
    /// The team server's state as of the last job (or idle moment).
    team: Mutex<Option<TeamStatus>>,
}

/// The memory's thread; it ends (and closes the memory) when this is closed or dropped.
pub struct MemoryThread {
    jobs: Option<Sender<Job>>,
    shared: Arc<Shared>,
    /// The memory's units once open, or why it could not be opened; taken once.
    opened: Option<Receiver<Result<u64, String>>>,
    ended: Receiver<()>,
}

impl std::fmt::Debug for MemoryThread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemoryThread(opening: {})", self.opened.is_some())
    }
}

impl MemoryThread {
    /// Starts the thread, which first calls `open`. Jobs handed over meanwhile wait for it;
    /// when the memory cannot be opened, they run on an empty stack (which refuses units).
    pub fn start(open: impl FnOnce() -> Result<Stack, String> + Send + 'static) -> MemoryThread {
        let (said, opened) = channel();
        MemoryThread::spawn(opened, move || match open() {
            Ok(mut stack) => {
                let _ = said.send(Ok(stack.count().unwrap_or(0)));
                stack
            }
            Err(error) => {
                let _ = said.send(Err(error));
                Stack::default()
            }
        })
    }

    /// A thread on a memory already open (tests, a memory at hand): it is open at once.
    pub fn of(mut stack: Stack) -> MemoryThread {
        let (said, opened) = channel();
        let _ = said.send(Ok(stack.count().unwrap_or(0)));
        MemoryThread::spawn(opened, move || stack)
    }

    fn spawn(
        opened: Receiver<Result<u64, String>>,
        open: impl FnOnce() -> Stack + Send + 'static,
    ) -> MemoryThread {
        let (jobs, queue) = channel::<Job>();
        let (ended_sender, ended) = channel();
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut stack = open();
            serve(&mut stack, &queue, &thread_shared);
            drop(stack);
            let _ = ended_sender.send(());
        });
        MemoryThread {
            jobs: Some(jobs),
            shared,
            opened: Some(opened),
            ended,
        }
    }

    /// Hands `job` to the thread; its answer arrives on the channel returned (which
    /// disconnects without an answer only if the job panicked).
    pub fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Stack) -> T + Send + 'static,
    ) -> Receiver<T> {
        let (answer, answered) = channel();
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Box::new(move |stack: &mut Stack| {
                let _ = answer.send(job(stack));
            }));
        }
        answered
    }

    /// Whether the memory is still opening.
    pub fn opening(&self) -> bool {
        self.opened.is_some()
    }

    /// Once the memory opened: its number of units, or why it could not be opened. `None`
    /// while it is opening, and after this said it once.
    pub fn take_opened(&mut self) -> Option<Result<u64, String>> {
        let result = match self.opened.as_ref()?.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the memory's thread stopped".into()),
        };
        self.opened = None;
        Some(result)
    }

    /// How long the job under way has been waiting on the memory.
    pub fn busy_for(&self) -> Option<Duration> {
        lock(&self.shared.busy_since).map(|since| since.elapsed())
    }

    /// The team server's state, when the memory has one: shown as not answering while a job
    /// has waited on it for more than [`NOT_ANSWERING`].
    pub fn team_status(&self) -> Option<TeamStatus> {
        let mut status = lock(&self.shared.team)?;
        if let Some(waited) = self.busy_for().filter(|waited| *waited > NOT_ANSWERING) {
            status.online = false;
            status.stalled = true;
            status.error = Some(format!("no answer for {} s", waited.as_secs()));
        }
        Some(status)
    }

    /// Ends the thread once the jobs handed over are done, waiting until `deadline` at most;
    /// true when it ended (and the memory was closed: a team memory's last confirms sent while
    /// the server answers). Jobs handed over after this are not done.
    pub fn close(&mut self, deadline: Instant) -> bool {
        self.jobs = None;
        let wait = deadline.saturating_duration_since(Instant::now());
        !matches!(
            self.ended.recv_timeout(wait),
            Err(RecvTimeoutError::Timeout)
        )
    }
}

/// Does the jobs in turn until the owner is gone.
fn serve(stack: &mut Stack, queue: &Receiver<Job>, shared: &Shared) {
    loop {
        *shared.team.lock().unwrap_or_else(|e| e.into_inner()) = stack.team_status();
        match queue.recv_timeout(STATUS_REFRESH) {
            Ok(job) => {
                *shared.busy_since.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
                job(stack);
                *shared.busy_since.lock().unwrap_or_else(|e| e.into_inner()) = None;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// A copy of what a mutex holds (a thread that panicked holding it left a value still worth
/// reading).
fn lock<T: Clone>(mutex: &Mutex<T>) -> T {
    mutex.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Lookup, Memory, MemoryUnit};

    fn unit(source: &str, target: &str) -> MemoryUnit {
        MemoryUnit {
            source: source.into(),
            target: target.into(),
            ..MemoryUnit::default()
        }
    }

    #[test]
    fn jobs_run_in_order_after_the_memory_opens() {
        let (release, wait) = channel::<()>();
        let mut thread = MemoryThread::start(move || {
            wait.recv().unwrap();
            Ok(Stack::of(Memory::new(vec![unit(
                "Il pleut.",
                "It is raining.",
            )])))
        });
        let added = thread.run(|stack| stack.add(&[unit("Il neige.", "It is snowing.")]));
        let found = thread.run(|stack| stack.lookup("Il neige.", &Lookup::default()));
        assert!(thread.opening());
        assert_eq!(thread.take_opened(), None, "still opening");
        release.send(()).unwrap();
        assert_eq!(added.recv().unwrap().unwrap(), 1);
        let found = found.recv().unwrap().unwrap();
        assert_eq!(found[0].unit.target, "It is snowing.", "the add ran first");
        assert_eq!(thread.take_opened(), Some(Ok(1)), "counted when it opened");
        assert!(!thread.opening());
    }

    #[test]
    fn a_memory_that_cannot_open_says_why_and_refuses_units() {
        let mut thread = MemoryThread::start(|| Err("password refused".into()));
        let added = thread.run(|stack| stack.add(&[unit("Il pleut.", "It is raining.")]));
        assert!(added.recv().unwrap().is_err());
        assert_eq!(
            thread.take_opened(),
            Some(Err("password refused".to_string()))
        );
    }

    #[test]
    fn a_long_job_is_seen_while_it_runs_and_closing_waits_only_until_the_deadline() {
        let mut thread = MemoryThread::of(Stack::default());
        let (release, wait) = channel::<()>();
        let done = thread.run(move |_| wait.recv().is_ok());
        let started = Instant::now();
        while thread.busy_for().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the job started"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(thread.team_status(), None, "no team memory");
        let closed = thread.close(Instant::now() + Duration::from_millis(50));
        assert!(!closed, "the job holds the thread past the deadline");
        release.send(()).unwrap();
        assert!(done.recv().unwrap());
    }
}
