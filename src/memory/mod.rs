//! Translation memory: every sentence translated before, offered again.
//!
//! One interface, [`TranslationMemory`], over three stores:
//!
//! - [`Memory`]: in RAM, for TMX files given on the command line (`--tm`) and for tests;
//! - [`sqlite::SqliteMemory`]: the user's memory, `$XDG_DATA_HOME/passeur/memory.sqlite`,
//!   opened instantly whatever its size (its word index is on disk);
//! - [`postgres::PgMemory`]: a translation desk's shared memory on a PostgreSQL server.
//!
//! [`desk::Desk`] puts the user's SQLite memory and an optional team server together: lookups go
//! to the server while it answers and to the local memory when it does not; confirmed units are
//! written locally at once and queued for the server until it takes them.
//!
//! Every store finds candidates the same way ([`lookup`]: the sentence's rarest words first,
//! through a word → units index) and passeur's own scoring ranks them ([`score`]: a token-level
//! edit distance where numbers and glossary terms weigh double), so all stores rank alike. A unit
//! whose source and both neighbouring sentences match is a context match (101%, above a plain
//! 100%); the same source with different translations are all offered, newest first.

pub mod concordance;
pub mod desk;
pub mod document;
pub mod lookup;
pub mod postgres;
pub mod score;
pub mod sqlite;
pub mod store;
pub mod tmx_export;
pub mod worker;

use std::collections::HashMap;
use std::ops::Range;

use crate::util::fast_map::FastMap;

pub use concordance::Concordance;
pub use score::{DiffKind, DiffPiece};

/// The word diff from one version of a sentence to another (a reviewer's change).
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPiece> {
    score::diff(old, new, &[]).1
}

/// The longest sentence looked up (1 MiB, some 150,000 words): a "segment" longer than that
/// is a document without sentence ends, and matching it would only hold the translator up.
pub const MAX_LOOKUP_BYTES: usize = 1 << 20;

/// The largest source or translation a memory takes (64 KiB, some ten thousand words): a
/// larger "unit" is a document, not a sentence, and fetching such units would slow every
/// translator's lookups. Larger units are left out of imports and never fetched as candidates.
pub const MAX_UNIT_BYTES: usize = 64 << 10;

/// One translation unit of the memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryUnit {
    pub source: String,
    pub target: String,
    /// Where it comes from: a TMX file name or a project file.
    pub origin: String,
    /// The document it was translated in (a project's path), empty for imported units.
    pub document: String,
    /// Who translated it (empty when unknown).
    pub author: String,
    /// Seconds since 1970 (UTC); 0 when unknown.
    pub created: i64,
    pub changed: i64,
    /// The source sentences before and after it in its document (empty at either end or when
    /// unknown).
    pub previous: String,
    pub next: String,
}

impl MemoryUnit {
    /// The unit without the control characters no translation keeps
    /// ([`crate::controls::strip`]): every store applies it on the way in.
    pub fn cleaned(&self) -> std::borrow::Cow<'_, MemoryUnit> {
        let fields = [
            &self.source,
            &self.target,
            &self.origin,
            &self.document,
            &self.author,
            &self.previous,
            &self.next,
        ];
        if fields.iter().all(|f| crate::controls::is_clean(f)) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut unit = self.clone();
        for field in [
            &mut unit.source,
            &mut unit.target,
            &mut unit.origin,
            &mut unit.document,
            &mut unit.author,
            &mut unit.previous,
            &mut unit.next,
        ] {
            crate::controls::strip_in_place(field);
        }
        std::borrow::Cow::Owned(unit)
    }

    /// Small enough for a memory ([`MAX_UNIT_BYTES`]).
    pub fn fits(&self) -> bool {
        self.source.len() <= MAX_UNIT_BYTES && self.target.len() <= MAX_UNIT_BYTES
    }
}

/// How the origin of a unit paired by the aligner starts (`aligned: FR ⇄ EN`, the two files'
/// names): such a unit is offered at [`ALIGNED_MAX_SCORE`] at most, and marked as aligned,
/// until a translator confirms it in the alignment review, after which its origin starts with
/// [`CONFIRMED_ALIGNMENT`] and it is a unit like any other.
pub const ALIGNED: &str = "aligned: ";

/// How the origin of an aligned unit a translator confirmed starts.
pub const CONFIRMED_ALIGNMENT: &str = "aligned and confirmed: ";

/// The highest score an unconfirmed aligned unit is offered at (the aligner may have paired
/// the wrong sentences).
pub const ALIGNED_MAX_SCORE: u8 = 95;

/// The origin of units aligned from two files (`confirmed`: checked by a translator).
pub fn aligned_origin(fr: &str, en: &str, confirmed: bool) -> String {
    let head = if confirmed {
        CONFIRMED_ALIGNMENT
    } else {
        ALIGNED
    };
    format!("{head}{fr} ⇄ {en}")
}

impl MemoryUnit {
    /// Paired by the aligner and not confirmed by anyone.
    pub fn is_aligned(&self) -> bool {
        self.origin.starts_with(ALIGNED)
    }
}

/// A unit's number in its store.
pub type UnitId = i64;

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The same source text, between the same sentences (101%).
    Context,
    /// The same source text.
    Exact,
    /// The same words; case, spacing or punctuation differ.
    Normalized,
    Fuzzy,
}

/// A match for a source sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// 0–100, 101 for a context match.
    pub score: u8,
    pub kind: MatchKind,
    pub id: UnitId,
    pub unit: MemoryUnit,
    /// The memory's source, word by word against the sentence looked up.
    pub diff: Vec<DiffPiece>,
}

/// What a lookup asks for.
#[derive(Debug, Clone)]
pub struct Lookup<'a> {
    /// Lowest fuzzy score offered (70 by default, as in Trados).
    pub threshold: u8,
    /// At most this many matches (5 by default).
    pub max: usize,
    /// Glossary terms in the sentence (byte spans): their words weigh double.
    pub terms: &'a [Range<usize>],
    /// The sentences around the one looked up, for context matches.
    pub previous: &'a str,
    pub next: &'a str,
    /// Units of these documents are left out (a project's own segments are not a memory of
    /// it; see [`document::DocumentId::excluded`]).
    pub exclude_documents: &'a [&'a str],
}

impl Default for Lookup<'_> {
    fn default() -> Self {
        Lookup {
            threshold: 70,
            max: 5,
            terms: &[],
            previous: "",
            next: "",
            exclude_documents: &[],
        }
    }
}

/// Units read, and how many were left out, when building a memory from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub units: Vec<MemoryUnit>,
    pub skipped: usize,
}

/// Why a memory could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    #[error("{path}: {message}")]
    Sqlite { path: String, message: String },
    /// The team server refused or misread something: a configuration to fix, never a reason
    /// to fall back to the local memory silently.
    #[error("the team memory at {url}: {message}")]
    Postgres { url: String, message: String },
    /// The team server refused a value (a unit it cannot store): that unit is at fault, not
    /// the connection.
    #[error("the team memory at {url} refused a unit: {message}")]
    Refused { url: String, message: String },
    /// The team server cannot be reached or does not answer (a network outage): the one case
    /// where a desk works on from the local memory.
    #[error("the team memory at {url} does not answer: {message}")]
    Unreachable { url: String, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What every memory does: add, change and remove units, look sentences up, search words.
pub trait TranslationMemory {
    /// Adds units; a unit already there (same source, target and neighbours) only has its
    /// change time brought forward, and a unit from a document whose segment (same source
    /// between the same neighbours) is there with another translation replaces that one.
    /// Returns how many were new.
    fn add(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError>;
    /// Gives a unit a new translation (and change time); false when there is no such unit.
    fn update(&mut self, id: UnitId, target: &str, changed: i64) -> Result<bool, MemoryError>;
    /// Removes a unit; false when there is no such unit.
    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError>;
    /// The best matches for `source`, best first; none for a source longer than
    /// [`MAX_LOOKUP_BYTES`].
    fn lookup(&mut self, source: &str, lookup: &Lookup) -> Result<Vec<Match>, MemoryError>;
    /// Looks many sentences up as one run (a whole project's statistics): a store with a word
    /// index reads each word's entries once for the run instead of once a sentence. The
    /// matches of each sentence, in order, the same as [`TranslationMemory::lookup`] gives.
    fn lookup_many(&mut self, queries: &[(&str, Lookup)]) -> Result<Vec<Vec<Match>>, MemoryError> {
        queries
            .iter()
            .map(|(source, query)| self.lookup(source, query))
            .collect()
    }
    /// Units whose source or target holds `query` ([`concordance`] says how), newest first, at
    /// most `max`, and how many there are in all.
    fn concordance(&mut self, query: &str, max: usize) -> Result<Concordance, MemoryError>;
    /// How many units the memory holds.
    fn count(&mut self) -> Result<u64, MemoryError>;
    /// Calls `each` with every unit, oldest first (for a TMX export).
    fn for_each(&mut self, each: &mut dyn FnMut(UnitId, MemoryUnit)) -> Result<(), MemoryError>;
    /// Where a team server stands, for a memory that has one.
    fn team_status(&self) -> Option<desk::TeamStatus> {
        None
    }
}

/// Several memories looked up as one: the user's memory first (where units are added), then
/// TMX files named for one run. Matches from all are ranked together.
#[derive(Default)]
pub struct Stack {
    memories: Vec<Box<dyn TranslationMemory + Send>>,
}

impl std::fmt::Debug for Stack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stack({} memories)", self.memories.len())
    }
}

impl Stack {
    pub fn new(memories: Vec<Box<dyn TranslationMemory + Send>>) -> Stack {
        Stack { memories }
    }

    /// A stack of one memory.
    pub fn of(memory: impl TranslationMemory + Send + 'static) -> Stack {
        Stack::new(vec![Box::new(memory)])
    }

    pub fn push(&mut self, memory: impl TranslationMemory + Send + 'static) {
        self.memories.push(Box::new(memory));
    }

    pub fn is_empty(&self) -> bool {
        self.memories.is_empty()
    }

    fn first(&mut self) -> Result<&mut Box<dyn TranslationMemory + Send>, MemoryError> {
        self.memories
            .first_mut()
            .ok_or_else(|| MemoryError::Io(std::io::Error::other("no translation memory")))
    }
}

impl TranslationMemory for Stack {
    fn add(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        self.first()?.add(units)
    }

    fn update(&mut self, id: UnitId, target: &str, changed: i64) -> Result<bool, MemoryError> {
        self.first()?.update(id, target, changed)
    }

    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError> {
        self.first()?.delete(id)
    }

    fn lookup(&mut self, source: &str, query: &Lookup) -> Result<Vec<Match>, MemoryError> {
        let mut all = Vec::new();
        for memory in &mut self.memories {
            all.extend(memory.lookup(source, query)?);
        }
        Ok(lookup::rank(all, query.max))
    }

    fn lookup_many(&mut self, queries: &[(&str, Lookup)]) -> Result<Vec<Vec<Match>>, MemoryError> {
        let mut all: Vec<Vec<Match>> = vec![Vec::new(); queries.len()];
        for memory in &mut self.memories {
            for (found, more) in all.iter_mut().zip(memory.lookup_many(queries)?) {
                found.extend(more);
            }
        }
        Ok(all
            .into_iter()
            .zip(queries)
            .map(|(found, (_, query))| lookup::rank(found, query.max))
            .collect())
    }

    fn concordance(&mut self, query: &str, max: usize) -> Result<Concordance, MemoryError> {
        let mut all = Concordance::default();
        for memory in &mut self.memories {
            let found = memory.concordance(query, max)?;
            all.units.extend(found.units);
            all.total += found.total;
        }
        all.units
            .sort_by_key(|found| std::cmp::Reverse(found.1.changed));
        all.units.truncate(max);
        Ok(all)
    }

    fn count(&mut self) -> Result<u64, MemoryError> {
        let mut total = 0;
        for memory in &mut self.memories {
            total += memory.count()?;
        }
        Ok(total)
    }

    fn for_each(&mut self, each: &mut dyn FnMut(UnitId, MemoryUnit)) -> Result<(), MemoryError> {
        for memory in &mut self.memories {
            memory.for_each(each)?;
        }
        Ok(())
    }

    fn team_status(&self) -> Option<desk::TeamStatus> {
        self.memories.iter().find_map(|m| m.team_status())
    }
}

/// A memory in RAM, built from units at hand (TMX files named on the command line, tests).
#[derive(Debug, Default)]
pub struct Memory {
    units: Vec<Option<MemoryUnit>>,
    /// Number of words of each unit's source.
    lengths: Vec<u32>,
    vocabulary: FastMap<String, u32>,
    /// For each word id, the units whose source has it (each unit once).
    postings: Vec<Vec<u32>>,
    /// Normalised-source hash → units.
    normalized: HashMap<i64, Vec<u32>>,
    /// Unit key → unit, for "already there".
    keys: HashMap<[u8; 16], u32>,
}

impl Memory {
    pub fn new(units: Vec<MemoryUnit>) -> Memory {
        let mut memory = Memory::default();
        for unit in units {
            memory.insert(unit);
        }
        memory
    }

    /// Adds a unit (see [`TranslationMemory::add`]); true when it is new.
    pub fn insert(&mut self, unit: MemoryUnit) -> bool {
        if !unit.fits() {
            return false;
        }
        let unit = match unit.cleaned() {
            std::borrow::Cow::Owned(clean) => clean,
            std::borrow::Cow::Borrowed(_) => unit,
        };
        let keys = lookup::UnitKeys::of(&unit);
        if let Some(&known) = self.keys.get(&keys.unit_hash) {
            // Confirmed again: who confirmed it last, and when.
            if let Some(existing) = &mut self.units[known as usize]
                && unit.changed > existing.changed
            {
                existing.changed = unit.changed;
                existing.author = unit.author;
            }
            return false;
        }
        if !unit.document.is_empty() {
            let earlier = self.normalized.get(&keys.normalized_hash).and_then(|ids| {
                ids.iter().copied().find(|&id| {
                    self.units[id as usize].as_ref().is_some_and(|u| {
                        u.document == unit.document
                            && u.source == unit.source
                            && u.previous == unit.previous
                            && u.next == unit.next
                    })
                })
            });
            if let Some(id) = earlier {
                let _ = TranslationMemory::update(self, id as UnitId, &unit.target, unit.changed);
                if let Some(replaced) = &mut self.units[id as usize] {
                    replaced.author = unit.author;
                }
                return false;
            }
        }
        let id = self.units.len() as u32;
        for word in &keys.distinct_words {
            let word_id = match self.vocabulary.get(word.as_str()) {
                Some(&known) => known,
                None => {
                    let next = self.vocabulary.len() as u32;
                    self.vocabulary.insert(word.clone(), next);
                    self.postings.push(Vec::new());
                    next
                }
            };
            self.postings[word_id as usize].push(id);
        }
        self.normalized
            .entry(keys.normalized_hash)
            .or_default()
            .push(id);
        self.keys.insert(keys.unit_hash, id);
        self.lengths.push(keys.word_count);
        self.units.push(Some(unit));
        true
    }

    pub fn len(&self) -> usize {
        self.units.iter().flatten().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best matches for `source`, best first.
    pub fn lookup(&self, source: &str, query: &Lookup) -> Vec<Match> {
        let mut index = RamIndex(self);
        lookup::run(&mut index, source, query).unwrap_or_default()
    }

    /// Units whose source or target holds `query`, newest first, at most `max`, and how many
    /// in all (every unit read: a file-sized memory has no concordance index).
    pub fn concordance(&self, query: &str, max: usize) -> Concordance {
        let units = self
            .units
            .iter()
            .enumerate()
            .filter_map(|(id, unit)| Some((id as UnitId, unit.as_ref()?)));
        concordance::scan(units, query, max)
    }

    fn remove_postings(&mut self, id: u32) {
        let Some(unit) = self.units[id as usize].take() else {
            return;
        };
        let keys = lookup::UnitKeys::of(&unit);
        for word in &keys.distinct_words {
            if let Some(&word_id) = self.vocabulary.get(word.as_str()) {
                self.postings[word_id as usize].retain(|&u| u != id);
            }
        }
        if let Some(list) = self.normalized.get_mut(&keys.normalized_hash) {
            list.retain(|&u| u != id);
        }
        self.keys.remove(&keys.unit_hash);
    }
}

impl TranslationMemory for Memory {
    fn add(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        Ok(units.iter().filter(|u| self.insert((*u).clone())).count())
    }

    fn update(&mut self, id: UnitId, target: &str, changed: i64) -> Result<bool, MemoryError> {
        let Some(Some(unit)) = usize::try_from(id).ok().and_then(|i| self.units.get(i)) else {
            return Ok(false);
        };
        let mut unit = unit.clone();
        unit.target = target.to_owned();
        unit.changed = changed;
        let id = id as u32;
        self.remove_postings(id);
        // Put back under the same number, so the caller's id stays valid.
        let keys = lookup::UnitKeys::of(&unit);
        for word in &keys.distinct_words {
            if let Some(&word_id) = self.vocabulary.get(word.as_str()) {
                let list = &mut self.postings[word_id as usize];
                let at = list.partition_point(|&u| u < id);
                list.insert(at, id);
            }
        }
        self.normalized
            .entry(keys.normalized_hash)
            .or_default()
            .push(id);
        self.keys.insert(keys.unit_hash, id);
        self.units[id as usize] = Some(unit);
        Ok(true)
    }

    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError> {
        let exists = usize::try_from(id)
            .ok()
            .and_then(|i| self.units.get(i))
            .is_some_and(Option::is_some);
        if exists {
            self.remove_postings(id as u32);
        }
        Ok(exists)
    }

    fn lookup(&mut self, source: &str, query: &Lookup) -> Result<Vec<Match>, MemoryError> {
        Ok(Memory::lookup(self, source, query))
    }

    fn concordance(&mut self, query: &str, max: usize) -> Result<Concordance, MemoryError> {
        Ok(Memory::concordance(self, query, max))
    }

    fn count(&mut self) -> Result<u64, MemoryError> {
        Ok(self.len() as u64)
    }

    fn for_each(&mut self, each: &mut dyn FnMut(UnitId, MemoryUnit)) -> Result<(), MemoryError> {
        for (id, unit) in self.units.iter().enumerate() {
            if let Some(unit) = unit {
                each(id as UnitId, unit.clone());
            }
        }
        Ok(())
    }
}

/// The RAM memory seen through the primitives the shared lookup needs.
pub(crate) struct RamIndex<'a>(pub(crate) &'a Memory);

impl lookup::Index for RamIndex<'_> {
    fn same_normalized(&mut self, hash: i64) -> Result<Vec<lookup::Stored>, MemoryError> {
        let ids: Vec<UnitId> = self
            .0
            .normalized
            .get(&hash)
            .into_iter()
            .flatten()
            .map(|&u| u as UnitId)
            .collect();
        self.units(&ids)
    }

    fn frequencies(&mut self, words: &[String]) -> Result<Vec<Option<(i64, u64)>>, MemoryError> {
        Ok(words
            .iter()
            .map(|word| {
                let id = *self.0.vocabulary.get(word.as_str())?;
                Some((id as i64, self.0.postings[id as usize].len() as u64))
            })
            .collect())
    }

    fn postings(
        &mut self,
        word: UnitId,
        limit: usize,
    ) -> Result<std::borrow::Cow<'_, [UnitId]>, MemoryError> {
        Ok(std::borrow::Cow::Owned(
            self.0.postings[word as usize]
                .iter()
                .take(limit)
                .map(|&u| u as UnitId)
                .collect(),
        ))
    }

    fn units(&mut self, ids: &[UnitId]) -> Result<Vec<lookup::Stored>, MemoryError> {
        Ok(ids
            .iter()
            .filter_map(|&id| {
                let unit = self.0.units.get(id as usize)?.as_ref()?;
                Some(lookup::Stored {
                    id,
                    unit: unit.clone(),
                    words: self.0.lengths[id as usize],
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests;

/// What pre-translation filled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pretranslated {
    /// Segments filled from a 100% match.
    pub exact: Vec<usize>,
    /// Segments filled from a match that differs only in case, spacing or punctuation.
    pub normalized: Vec<usize>,
}

/// Fills every untranslated segment that has an exact match with the match's translation, as
/// a draft: pre-translation never confirms anything by itself. A context match (the same
/// neighbours) wins over a plain exact one.
pub fn pretranslate(
    project: &mut crate::project::Project,
    memory: &mut dyn TranslationMemory,
    exclude_documents: &[&str],
) -> Result<Pretranslated, MemoryError> {
    let mut done = Pretranslated::default();
    let untranslated: Vec<usize> = (0..project.len())
        .filter(|&index| project.unit(index).target.is_empty() && !project.unit(index).locked)
        .collect();
    // Exact and normalised matches only.
    let found = best_matches(project, &untranslated, 99, exclude_documents, memory)?;
    for (index, best) in untranslated.into_iter().zip(found) {
        let Some(best) = best else {
            continue;
        };
        project.set_translation(index, &best.unit.target, crate::project::Status::Draft);
        match best.kind {
            MatchKind::Normalized => done.normalized.push(index),
            _ => done.exact.push(index),
        }
    }
    Ok(done)
}

/// The best match at `threshold` or above for each of the segments `indices` (with their
/// neighbours for context matches), looked up as one run ([`TranslationMemory::lookup_many`]).
pub fn best_matches(
    project: &crate::project::Project,
    indices: &[usize],
    threshold: u8,
    exclude_documents: &[&str],
    memory: &mut dyn TranslationMemory,
) -> Result<Vec<Option<Match>>, MemoryError> {
    let around: Vec<(String, String)> = indices.iter().map(|&i| neighbours(project, i)).collect();
    let queries: Vec<(&str, Lookup)> = indices
        .iter()
        .zip(&around)
        .map(|(&index, (previous, next))| {
            let lookup = Lookup {
                threshold,
                max: 1,
                previous,
                next,
                exclude_documents,
                ..Lookup::default()
            };
            (project.unit(index).source.as_str(), lookup)
        })
        .collect();
    Ok(memory
        .lookup_many(&queries)?
        .into_iter()
        .map(|found| found.into_iter().next())
        .collect())
}

/// The source sentences before and after segment `index` (empty at either end).
pub fn neighbours(project: &crate::project::Project, index: usize) -> (String, String) {
    let previous = index
        .checked_sub(1)
        .map(|i| project.unit(i).source.clone())
        .unwrap_or_default();
    let next = if index + 1 < project.len() {
        project.unit(index + 1).source.clone()
    } else {
        String::new()
    };
    (previous, next)
}
