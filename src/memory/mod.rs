//! Translation memory: every sentence translated before, offered again.
//!
//! A [`Memory`] holds source/target pairs from imported TMX files and from the confirmed
//! segments of the user's projects ([`store`]). For a new source sentence it returns exact
//! matches (100%; 99% when only case, spacing or punctuation differ) and fuzzy matches scored
//! on words ([`score`]): a token-level edit distance where numbers and glossary terms weigh
//! double, so `2020` → `2021` or a changed name costs more than a changed article. Candidates
//! come from an inverted index of words, so a lookup against 100,000 units stays in
//! milliseconds. A concordance search finds a word or phrase in sources and targets.

pub mod score;
pub mod store;

use std::collections::HashMap;
use std::ops::Range;

use crate::glossary::fast_map::FastMap;

pub use score::{DiffKind, DiffPiece};

/// The word diff from one version of a sentence to another (a reviewer's change).
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPiece> {
    score::diff(old, new, &[]).1
}

/// The longest sentence looked up (1 MiB, some 150,000 words): a "segment" longer than that
/// is a document without sentence ends, and matching it would only hold the translator up.
pub const MAX_LOOKUP_BYTES: usize = 1 << 20;

/// One translation unit of the memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryUnit {
    pub source: String,
    pub target: String,
    /// Where it comes from: a TMX file name or a project file.
    pub origin: String,
}

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The same source text.
    Exact,
    /// The same words; case, spacing or punctuation differ.
    Normalized,
    Fuzzy,
}

/// A match for a source sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// 0–100.
    pub score: u8,
    pub kind: MatchKind,
    pub unit: usize,
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
}

impl Default for Lookup<'_> {
    fn default() -> Self {
        Lookup {
            threshold: 70,
            max: 5,
            terms: &[],
        }
    }
}

/// Units read, and how many were left out, when building a memory from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub units: Vec<MemoryUnit>,
    pub skipped: usize,
}

/// A searchable memory.
#[derive(Debug, Default)]
pub struct Memory {
    units: Vec<MemoryUnit>,
    /// Word ids of each unit's source.
    words: Vec<Vec<u32>>,
    vocabulary: FastMap<String, u32>,
    /// For each word id, the units whose source has it (each unit once).
    postings: Vec<Vec<u32>>,
    /// Normalised source (lower case, words only) → units.
    normalized: FastMap<String, Vec<u32>>,
}

impl Memory {
    pub fn new(units: Vec<MemoryUnit>) -> Memory {
        let mut memory = Memory::default();
        for unit in units {
            memory.add(unit);
        }
        memory
    }

    /// Adds a unit; a unit with the same source and target as one already there is skipped.
    pub fn add(&mut self, unit: MemoryUnit) {
        let id = self.units.len() as u32;
        let mut key = String::with_capacity(unit.source.len());
        let mut ids: Vec<u32> = Vec::new();
        score::for_each_word(&unit.source, |word, _| {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(word);
            let word_id = match self.vocabulary.get(word) {
                Some(&known) => known,
                None => {
                    let next = self.vocabulary.len() as u32;
                    self.vocabulary.insert(word.to_owned(), next);
                    self.postings.push(Vec::new());
                    next
                }
            };
            ids.push(word_id);
        });
        if let Some(same) = self.normalized.get(&key)
            && same.iter().any(|&u| {
                let other = &self.units[u as usize];
                other.source == unit.source && other.target == unit.target
            })
        {
            return;
        }
        self.normalized.entry(key).or_default().push(id);
        for &word in &ids {
            let list = &mut self.postings[word as usize];
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
        self.words.push(ids);
        self.units.push(unit);
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn unit(&self, index: usize) -> &MemoryUnit {
        &self.units[index]
    }

    /// The best matches for `source`, best first; none for a source longer than
    /// [`MAX_LOOKUP_BYTES`].
    pub fn lookup(&self, source: &str, lookup: &Lookup) -> Vec<Match> {
        let mut matches: Vec<Match> = Vec::new();
        if source.len() > MAX_LOOKUP_BYTES {
            return matches;
        }
        let key = score::normalized(source);
        for &unit in self.normalized.get(&key).into_iter().flatten() {
            let exact = self.units[unit as usize].source == source;
            matches.push(Match {
                score: if exact { 100 } else { 99 },
                kind: if exact {
                    MatchKind::Exact
                } else {
                    MatchKind::Normalized
                },
                unit: unit as usize,
                diff: score::marks_diff(&self.units[unit as usize].source, source),
            });
        }
        let query = score::words(source);
        if !query.is_empty() {
            for unit in self.candidates(&query, lookup.threshold) {
                if matches.iter().any(|m| m.unit == unit) {
                    continue;
                }
                let (score, diff) = score::diff(&self.units[unit].source, source, lookup.terms);
                if score >= lookup.threshold {
                    matches.push(Match {
                        score: score.min(98),
                        kind: MatchKind::Fuzzy,
                        unit,
                        diff,
                    });
                }
            }
        }
        matches.sort_by(|a, b| b.score.cmp(&a.score).then(a.unit.cmp(&b.unit)));
        matches.truncate(lookup.max);
        matches
    }

    /// Units sharing enough words with the query to possibly reach `threshold`, most shared
    /// first (at most 100).
    fn candidates(&self, query: &[(String, Range<usize>)], threshold: u8) -> Vec<usize> {
        let ids: Vec<u32> = query
            .iter()
            .filter_map(|(word, _)| self.vocabulary.get(word).copied())
            .collect();
        let mut shared: HashMap<u32, u16> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                continue;
            }
            for &unit in &self.postings[id as usize] {
                *shared.entry(unit).or_default() += 1;
            }
        }
        // A unit needs at least this share of the query's distinct words to score high enough.
        let distinct = seen.len().max(1);
        let needed = (distinct * threshold as usize)
            .div_ceil(100)
            .saturating_sub(distinct / 4);
        let mut candidates: Vec<(u32, u16)> = shared
            .into_iter()
            .filter(|&(unit, count)| {
                let length = self.words[unit as usize].len();
                count as usize >= needed.max(1)
                    && length * 100 >= query.len() * threshold as usize / 2
                    && query.len() * 100 >= length * threshold as usize / 2
            })
            .collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(100);
        candidates.into_iter().map(|(u, _)| u as usize).collect()
    }

    /// Units whose source or target contains `query` (case-insensitive), at most `max`.
    pub fn concordance(&self, query: &str, max: usize) -> Vec<usize> {
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        self.units
            .iter()
            .enumerate()
            .filter(|(_, unit)| {
                unit.source.to_lowercase().contains(&needle)
                    || unit.target.to_lowercase().contains(&needle)
            })
            .map(|(index, _)| index)
            .take(max)
            .collect()
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
/// a draft: pre-translation never confirms anything by itself.
pub fn pretranslate(project: &mut crate::project::Project, memory: &Memory) -> Pretranslated {
    let mut done = Pretranslated::default();
    let lookup = Lookup {
        threshold: 99,
        max: 1,
        terms: &[],
    };
    for index in 0..project.len() {
        if !project.unit(index).target.is_empty() {
            continue;
        }
        let source = project.unit(index).source.clone();
        let Some(best) = memory.lookup(&source, &lookup).into_iter().next() else {
            continue;
        };
        let target = memory.unit(best.unit).target.clone();
        project.set_translation(index, &target, crate::project::Status::Draft);
        match best.kind {
            MatchKind::Exact => done.exact.push(index),
            _ => done.normalized.push(index),
        }
    }
    done
}
