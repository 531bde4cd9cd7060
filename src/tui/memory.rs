//! The workspace's side of the translation memory. The memory lives on its own thread
//! ([`MemoryThread`]); the workspace hands it work and takes the answers as they come, so that
//! no key waits on a disk or a team server:
//!
//! - the current segment's lookup (a newer one makes an older one not worth doing);
//! - confirmed units, kept in [`App::unremembered`] until the memory has taken them;
//! - pre-translation, statistics and concordance, whose answer opens its view when it arrives.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use crate::memory::desk::TeamStatus;
use crate::memory::{Lookup, Match, MemoryError, Pretranslated, TranslationMemory};
use crate::project::{Project, Status};

use super::app::{App, Mode, SaveState};
use super::memory_work::{MemoryTask, PendingLookup};
use super::messages::Topic;

/// How long quitting waits for the memory to take the last confirms, once it is open (a
/// stalled team server must not hold the translator: what it has not taken stays in the
/// project and is said).
const MEMORY_ON_QUIT: Duration = Duration::from_millis(1500);

/// The same while the memory is still opening (it may be a large local file): confirms made
/// meanwhile reach it once it is open.
const MEMORY_OPENING_ON_QUIT: Duration = Duration::from_secs(10);

/// How often units the memory refused are offered to it again.
const MEMORY_RETRY: Duration = Duration::from_secs(5);

fn stopped() -> MemoryError {
    MemoryError::Io(std::io::Error::other("the memory's thread stopped"))
}

impl App {
    /// Asks the memory for the current segment's matches (glossary terms weigh double). The
    /// matches shown stay until the answer comes when they are the same segment's (another
    /// translator's units arrived), else the box waits empty.
    pub fn look_up_matches(&mut self) {
        if self.memory_work.matches_of != Some(self.current) {
            self.matches.clear();
            self.memory_work.matches_of = Some(self.current);
        }
        let segment = self.current;
        let source = self.project.unit(segment).source.clone();
        let terms: Vec<std::ops::Range<usize>> =
            self.hits(segment).into_iter().map(|hit| hit.span).collect();
        let (previous, next) = crate::memory::neighbours(&self.project, segment);
        let excluded = self.excluded_documents();
        let threshold = self.threshold;
        let tickets = Arc::clone(&self.memory_work.lookup_ticket);
        let ticket = tickets.fetch_add(1, Ordering::SeqCst) + 1;
        let answer = self.memory.run(move |memory| {
            if tickets.load(Ordering::SeqCst) != ticket {
                return None;
            }
            let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
            let lookup = Lookup {
                terms: &terms,
                threshold,
                previous: &previous,
                next: &next,
                exclude_documents: &excluded,
                ..Lookup::default()
            };
            Some(memory.lookup(&source, &lookup))
        });
        self.memory_work.lookup = Some(PendingLookup {
            segment,
            asked: Instant::now(),
            answer,
        });
    }

    /// Whether the memory has work under way whose answer the workspace waits for.
    pub fn memory_pending(&self) -> bool {
        let work = &self.memory_work;
        work.lookup.is_some()
            || !work.remembering.is_empty()
            || work.task.is_some()
            || self.memory.opening()
    }

    /// Whether the current segment's matches are still to come (asked, or about to be).
    pub fn matches_pending(&self) -> bool {
        self.effects.contains(&super::effect::Effect::LookUp)
            || self
                .memory_work
                .lookup
                .as_ref()
                .is_some_and(|lookup| lookup.segment == self.current)
    }

    /// Takes what the memory answered, waiting for the current segment's matches until
    /// `patience` after they were asked (so that a local memory's answer is on the same frame
    /// as the key that asked for it, and the keys after it never wait); whether anything
    /// arrived.
    pub fn take_memory_answers(&mut self, patience: Duration) -> bool {
        let mut arrived = self.take_opened_memory();
        if let Some(lookup) = &self.memory_work.lookup {
            let wait = patience.saturating_sub(lookup.asked.elapsed());
            let answer = match lookup.answer.recv_timeout(wait) {
                Ok(answer) => Some(answer),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Some(Err(stopped()))),
            };
            if let Some(answer) = answer {
                let segment = lookup.segment;
                self.memory_work.lookup = None;
                if let Some(result) = answer {
                    self.took_matches(segment, result);
                    arrived = true;
                }
            }
        }
        arrived |= self.take_remembered();
        arrived |= self.take_task();
        arrived
    }

    fn take_opened_memory(&mut self) -> bool {
        let Some(opened) = self.memory.take_opened() else {
            return false;
        };
        match opened {
            Ok(count) => {
                // Said only when there is something to say and nothing more important is shown.
                if self.messages.is_empty() && count > 0 {
                    self.messages
                        .say(format!("Translation memory ready: {count} units."));
                }
            }
            Err(error) => {
                self.memory_work.unusable = true;
                self.memory_problem = Some(format!("no translation memory: {error}"));
                // What was handed over before it failed waits, kept.
                for (_, units) in self.memory_work.remembering.drain(..) {
                    self.unremembered.extend(units);
                }
            }
        }
        true
    }

    fn took_matches(&mut self, segment: usize, result: Result<Vec<Match>, MemoryError>) {
        if segment != self.current {
            return;
        }
        match result {
            Ok(matches) => {
                self.matches = matches;
                self.messages.settle(Topic::Memory);
            }
            Err(error) => {
                self.matches.clear();
                self.memory_failed(&error);
            }
        }
        // A machine translation that learns from matches was waiting for them.
        self.ask_machine_translations();
    }

    /// Writes segment `index`, as it now is, into the translation memory (confirmed and
    /// reviewed segments, as they are committed).
    pub fn remember(&mut self, index: usize) {
        let Some(document) = &self.memory_document else {
            return;
        };
        let unit =
            crate::memory::store::unit_of_segment(&self.project, index, document, &self.author);
        self.unremembered.push(unit);
        self.hand_over_to_memory();
    }

    /// Gives the memory the confirmed units it has not taken yet; what it refuses comes back
    /// to [`App::unremembered`] for the next try, and the status bar says so.
    pub fn hand_over_to_memory(&mut self) {
        if self.unremembered.is_empty() || self.memory_work.unusable {
            return;
        }
        self.last_memory_try = Some(Instant::now());
        let units = std::mem::take(&mut self.unremembered);
        let handed = units.clone();
        let answer = self.memory.run(move |memory| memory.add(&handed));
        self.memory_work.remembering.push((answer, units));
    }

    /// Takes the memory's answers about confirmed units; whether any came.
    fn take_remembered(&mut self) -> bool {
        let mut arrived = false;
        let mut refused = None;
        let mut index = 0;
        while index < self.memory_work.remembering.len() {
            let result = match self.memory_work.remembering[index].0.try_recv() {
                Ok(result) => result,
                Err(TryRecvError::Empty) => {
                    index += 1;
                    continue;
                }
                Err(TryRecvError::Disconnected) => Err(stopped()),
            };
            let (_, units) = self.memory_work.remembering.remove(index);
            arrived = true;
            if let Err(error) = result {
                self.unremembered.extend(units);
                refused = Some(error);
            }
        }
        if self.memory_work.unusable {
            return arrived;
        }
        if let Some(error) = refused {
            self.memory_problem = Some(format!(
                "{} confirmed not yet in the memory: {error}",
                self.unremembered.len()
            ));
        } else if arrived && self.unremembered.is_empty() {
            self.memory_problem = None;
        }
        arrived
    }

    /// Offers units the memory refused again, now and then.
    pub(crate) fn retry_remembering(&mut self, now: Instant) {
        let due = self
            .last_memory_try
            .is_none_or(|at| now.duration_since(at) >= MEMORY_RETRY);
        if !self.unremembered.is_empty() && self.memory_work.remembering.is_empty() && due {
            self.hand_over_to_memory();
        }
    }

    /// On quitting: waits a moment (longer for a memory still opening) for the memory to take
    /// the confirmed units, then closes it; says what no memory took.
    pub fn finish_memory(&mut self) -> Option<String> {
        let patience = match self.memory.opening() {
            true => MEMORY_OPENING_ON_QUIT,
            false => MEMORY_ON_QUIT,
        };
        let deadline = Instant::now() + patience;
        self.hand_over_to_memory();
        while !self.memory_work.remembering.is_empty() && Instant::now() < deadline {
            self.take_memory_answers(Duration::ZERO);
            std::thread::sleep(Duration::from_millis(5));
        }
        self.take_memory_answers(Duration::ZERO);
        self.memory.close(deadline);
        let untaken = self.unremembered.len()
            + self
                .memory_work
                .remembering
                .iter()
                .map(|(_, units)| units.len())
                .sum::<usize>();
        (untaken > 0).then(|| {
            format!(
                "passeur: warning: {untaken} confirmed segments are saved in the project but not \
                 in the translation memory ({})",
                self.memory_problem
                    .as_deref()
                    .unwrap_or("it did not take them in time")
            )
        })
    }

    /// Where the team memory stands, for the status bar: `None` without a team server.
    pub fn team_memory(&self) -> Option<TeamStatus> {
        self.memory.team_status()
    }

    /// Fills every untranslated segment that has an exact match, as drafts, once the memory
    /// answers (on a copy of the project: the translator goes on meanwhile).
    pub fn start_pretranslation(&mut self) {
        self.commit(Status::Draft);
        let mut copy = self.project.clone();
        let excluded = self.excluded_documents();
        let answer = self.memory.run(move |memory| {
            let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
            let done = crate::memory::pretranslate(&mut copy, memory, &excluded);
            (copy, done)
        });
        self.memory_work.task = Some(MemoryTask::Pretranslation(answer));
        self.messages.say("Pre-translating from the memory…");
    }

    /// The project's counts against the memory, shown when the memory answers.
    pub fn start_statistics(&mut self) {
        self.commit(Status::Draft);
        let copy = self.project.clone();
        let excluded = self.excluded_documents();
        let answer = self.memory.run(move |memory| {
            let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
            crate::stats::compute(&copy, memory, &excluded)
        });
        self.memory_work.task = Some(MemoryTask::Statistics(answer));
        self.messages.say("Counting against the memory…");
    }

    /// The memory's units holding `query`, shown when the memory answers.
    pub fn start_concordance(&mut self, query: String) {
        let asked = query.clone();
        let answer = self.memory.run(move |memory| {
            let found = memory.concordance(&asked, 200);
            let local_only = memory.team_status().is_some_and(|team| !team.online);
            (found, local_only)
        });
        self.messages
            .say(format!("Searching the memory for «{query}»…"));
        self.memory_work.task = Some(MemoryTask::Concordance { query, answer });
    }

    fn excluded_documents(&self) -> Vec<String> {
        super::app::excluded_documents(&self.memory_document)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// Opens the view of a task the memory finished; whether one did.
    fn take_task(&mut self) -> bool {
        let Some(task) = self.memory_work.task.take() else {
            return false;
        };
        match task {
            MemoryTask::Pretranslation(answer) => match answer.try_recv() {
                Ok((copy, Ok(done))) => self.took_pretranslation(&copy, &done),
                Ok((_, Err(error))) => self.memory_failed(&error),
                Err(TryRecvError::Disconnected) => self.memory_failed(&stopped()),
                Err(TryRecvError::Empty) => {
                    self.memory_work.task = Some(MemoryTask::Pretranslation(answer));
                    return false;
                }
            },
            MemoryTask::Statistics(answer) => match answer.try_recv() {
                Ok(Ok(stats)) => {
                    self.messages.moved_on();
                    if self.mode == Mode::Normal {
                        self.mode = Mode::Statistics(Box::new(stats));
                    }
                }
                Ok(Err(error)) => self.memory_failed(&error),
                Err(TryRecvError::Disconnected) => self.memory_failed(&stopped()),
                Err(TryRecvError::Empty) => {
                    self.memory_work.task = Some(MemoryTask::Statistics(answer));
                    return false;
                }
            },
            MemoryTask::Concordance { query, answer } => match answer.try_recv() {
                Ok((found, local_only)) => {
                    self.messages.moved_on();
                    let found = found.unwrap_or_else(|error| {
                        self.memory_failed(&error);
                        Default::default()
                    });
                    let total = found.total;
                    let units = found.units.into_iter().map(|(_, unit)| unit).collect();
                    if self.mode == Mode::Normal {
                        self.mode = Mode::Concordance {
                            query,
                            units,
                            total,
                            scroll: 0,
                            local_only,
                        };
                    }
                }
                Err(TryRecvError::Disconnected) => self.memory_failed(&stopped()),
                Err(TryRecvError::Empty) => {
                    self.memory_work.task = Some(MemoryTask::Concordance { query, answer });
                    return false;
                }
            },
        }
        true
    }

    fn memory_failed(&mut self, error: &MemoryError) {
        self.messages
            .error(Topic::Memory, format!("Translation memory: {error}"));
    }

    /// Takes the pre-translated segments that are still untranslated here (the translator may
    /// have typed into one meanwhile).
    fn took_pretranslation(&mut self, copy: &Project, done: &Pretranslated) {
        self.commit(Status::Draft);
        let mut filled = 0;
        for &index in done.exact.iter().chain(&done.normalized) {
            let unit = self.project.unit(index);
            if !unit.target.is_empty() || unit.locked {
                continue;
            }
            self.project
                .set_translation(index, &copy.unit(index).target, Status::Draft);
            self.editors.remove(&index);
            filled += 1;
        }
        self.go_to(self.current);
        self.messages.say(format!(
            "Pre-translated {filled} segments from exact memory matches, as drafts."
        ));
        if filled > 0 {
            self.save_state = SaveState::Unsaved;
            self.soon(super::effect::Effect::SAVE);
        }
    }
}
