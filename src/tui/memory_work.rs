//! What the workspace keeps about the memory's work under way (its answers to come), apart from
//! the workspace's methods that use it ([`super::memory`]).

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::Receiver;
use std::time::Instant;

use crate::memory::{Concordance, Match, MemoryError, MemoryUnit, Pretranslated};
use crate::project::Project;
use crate::stats::Stats;

/// The lookup of the segment the translator is on.
pub struct PendingLookup {
    pub(super) segment: usize,
    pub(super) asked: Instant,
    /// `None` when the thread found a newer lookup wanted and skipped this one.
    pub(super) answer: Receiver<Option<Result<Vec<Match>, MemoryError>>>,
}

/// Work over the whole memory that opens a view when done.
pub enum MemoryTask {
    Pretranslation(Receiver<(Project, Result<Pretranslated, MemoryError>)>),
    Statistics(Receiver<Result<Stats, MemoryError>>),
    Concordance {
        query: String,
        /// The newest units found and how many in all, and whether only the local memory
        /// answered.
        answer: Receiver<(Result<Concordance, MemoryError>, bool)>,
    },
}

/// Confirmed units handed to the memory, and its answer to come.
pub type Remembering = (Receiver<Result<usize, MemoryError>>, Vec<MemoryUnit>);

/// What the workspace keeps about the memory's work under way.
#[derive(Default)]
pub struct MemoryWork {
    pub lookup: Option<PendingLookup>,
    /// The newest lookup wanted; the thread skips older ones still queued.
    pub(super) lookup_ticket: Arc<AtomicU64>,
    pub remembering: Vec<Remembering>,
    pub task: Option<MemoryTask>,
    /// The memory could not be opened: nothing is handed to it.
    pub unusable: bool,
    /// The segment the matches shown belong to.
    pub(super) matches_of: Option<usize>,
}

impl std::fmt::Debug for MemoryWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MemoryWork(lookup: {}, remembering: {}, task: {})",
            self.lookup.is_some(),
            self.remembering.len(),
            self.task.is_some()
        )
    }
}
