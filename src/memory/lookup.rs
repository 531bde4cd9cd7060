//! The lookup every memory shares: from a sentence to its best matches, over four primitives a
//! store provides ([`Index`]). Keeping the candidate search and the ranking here is what makes
//! the RAM, SQLite and PostgreSQL memories offer the same matches in the same order.
//!
//! Exact matches come from a hash of the sentence's normalised words. Fuzzy candidates come
//! from a word → units index, read rarest word first: a unit that can reach the threshold
//! shares at least `needed` of the sentence's distinct words, so it holds one of its
//! `known - needed + 1` rarest ones (the prefix filter of similarity joins); reading stops
//! after [`POSTING_BUDGET`] entries, so a sentence made of very common words costs a bounded
//! time (its rarest words still count first). The best [`MAX_CANDIDATES`], ranked by the
//! shared words' rarity, are fetched and re-scored with [`super::score`], those sharing the
//! most words first; a candidate whose best possible score ([`score::best_possible`], from the
//! words it lacks) is below the lowest score still offered is never read.
//!
//! [`run_many`] looks many sentences up as one run (a project's statistics, pre-translation):
//! each word's frequency and postings are read from the store once for the run.

use std::borrow::Cow;
use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::util::fast_map::FastMap;

use super::{Lookup, MAX_LOOKUP_BYTES, Match, MatchKind, MemoryError, MemoryUnit, UnitId, score};

/// Index entries read at most for one lookup's fuzzy candidates.
pub const POSTING_BUDGET: usize = 30_000;

/// Units re-scored at most for one lookup.
pub const MAX_CANDIDATES: usize = 200;

/// A unit as a store keeps it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: UnitId,
    pub unit: MemoryUnit,
    /// Number of words of its source.
    pub words: u32,
}

/// What a store provides for lookups.
pub trait Index {
    /// Units whose normalised source hashes to `hash` (see [`UnitKeys`]).
    fn same_normalized(&mut self, hash: i64) -> Result<Vec<Stored>, MemoryError>;
    /// For each word, its id and in how many units it occurs (`None`: the store does not know
    /// it), in the order asked.
    fn frequencies(&mut self, words: &[String]) -> Result<Vec<Option<(i64, u64)>>, MemoryError>;
    /// At most `limit` units whose source has the word.
    fn postings(&mut self, word: i64, limit: usize) -> Result<Cow<'_, [UnitId]>, MemoryError>;
    /// The units with these ids (missing ones left out).
    fn units(&mut self, ids: &[UnitId]) -> Result<Vec<Stored>, MemoryError>;
    /// The units with these ids whose source has a word count in `words` and that are no
    /// larger than [`super::MAX_UNIT_BYTES`]: a store that can filter before reading a row
    /// (a server) never sends a teammate's giant unit only to have it thrown away.
    fn candidate_units(
        &mut self,
        ids: &[UnitId],
        words: std::ops::RangeInclusive<u32>,
    ) -> Result<Vec<Stored>, MemoryError> {
        let mut found = self.units(ids)?;
        found.retain(|stored| words.contains(&stored.words) && stored.unit.fits());
        Ok(found)
    }
}

/// What a store indexes a unit under.
#[derive(Debug, Clone)]
pub struct UnitKeys {
    /// The source's distinct words (lower-cased), in order of first appearance.
    pub distinct_words: Vec<String>,
    pub word_count: u32,
    /// Hash of the normalised source: exact and normalised matches.
    pub normalized_hash: i64,
    /// Hash of source, target and neighbours: the same unit is stored once.
    pub unit_hash: [u8; 16],
}

impl UnitKeys {
    pub fn of(unit: &MemoryUnit) -> UnitKeys {
        let words = score::words(&unit.source);
        let mut distinct_words: Vec<String> = Vec::with_capacity(words.len());
        for (word, _) in &words {
            if !distinct_words.contains(word) {
                distinct_words.push(word.clone());
            }
        }
        let mut hasher = Sha256::new();
        for part in [&unit.source, &unit.target, &unit.previous, &unit.next] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        let mut unit_hash = [0u8; 16];
        unit_hash.copy_from_slice(&digest[..16]);
        UnitKeys {
            distinct_words,
            word_count: words.len() as u32,
            normalized_hash: normalized_hash(&score::join_words(&words)),
            unit_hash,
        }
    }
}

/// The 64-bit hash exact lookups use for a normalised sentence.
pub fn normalized_hash(normalized: &str) -> i64 {
    let digest = Sha256::digest(normalized.as_bytes());
    i64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
}

/// The best matches for `source` in a store, best first.
pub fn run(index: &mut dyn Index, source: &str, query: &Lookup) -> Result<Vec<Match>, MemoryError> {
    run_with(index, source, query, Pruning::On)
}

/// Whether [`run_with`] leaves out the candidates that cannot be offered (always, but in the
/// test that holds it to reading them all).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pruning {
    On,
    #[cfg(test)]
    Off,
}

fn run_with(
    index: &mut dyn Index,
    source: &str,
    query: &Lookup,
    pruning: Pruning,
) -> Result<Vec<Match>, MemoryError> {
    let mut matches: Vec<Match> = Vec::new();
    if source.len() > MAX_LOOKUP_BYTES || query.max == 0 {
        return Ok(matches);
    }
    let wanted = |stored: &Stored| {
        !query
            .exclude_documents
            .contains(&stored.unit.document.as_str())
    };
    let words = score::words(source);
    let key = score::join_words(&words);
    for stored in index.same_normalized(normalized_hash(&key))? {
        if !wanted(&stored) || score::normalized(&stored.unit.source) != key {
            continue; // another document's, or a hash collision
        }
        let (score, kind) = if stored.unit.source != source {
            (99, MatchKind::Normalized)
        } else if same_context(&stored.unit, query) {
            (101, MatchKind::Context)
        } else {
            (100, MatchKind::Exact)
        };
        matches.push(Match {
            score,
            kind,
            id: stored.id,
            diff: score::marks_diff(&stored.unit.source, source),
            unit: stored.unit,
        });
    }
    // A fuzzy match scores 98 at most: when `max` exact ones are found, none is looked for.
    let fuzzy_can_enter = pruning != Pruning::On
        || lowest_offered(&matches, query.max).is_none_or(|lowest| lowest <= 98);
    if !words.is_empty() && query.threshold < 99 && fuzzy_can_enter {
        let mut found = candidates(index, &words, query.threshold)?;
        // Those sharing the most words first, read and scored a few at a time: once the best
        // a candidate can reach (from the words it lacks) is below the `max`-th score found,
        // neither it nor any after it can be offered, and they are never read.
        found.list.sort_by_key(|c| std::cmp::Reverse(c.shared));
        let range = word_range(words.len(), query.threshold);
        for chunk in found.list.chunks(16) {
            let lowest = lowest_offered(&matches, query.max).unwrap_or(query.threshold);
            let reachable = |c: &Candidate| {
                let missing = found
                    .distinct
                    .saturating_sub(c.shared as usize + found.unread);
                pruning != Pruning::On
                    || score::best_possible(&words, query.terms, missing).min(98) >= lowest
            };
            let ids: Vec<UnitId> = chunk
                .iter()
                .filter(|c| reachable(c))
                .map(|c| c.id)
                .collect();
            if ids.is_empty() {
                break; // sorted by words shared: the rest can reach even less
            }
            for stored in index.candidate_units(&ids, range.clone())? {
                if !wanted(&stored)
                    || !lengths_compatible(stored.words as usize, words.len(), query.threshold)
                    || matches.iter().any(|m| m.id == stored.id)
                {
                    continue;
                }
                let (score, diff) = score::diff(&stored.unit.source, source, query.terms);
                if score >= query.threshold {
                    matches.push(Match {
                        score: score.min(98),
                        kind: MatchKind::Fuzzy,
                        id: stored.id,
                        unit: stored.unit,
                        diff,
                    });
                }
            }
        }
    }
    // An aligned unit nobody confirmed is offered below a translator's own (and below the
    // threshold of a pre-translation, which takes exact matches only).
    for found in &mut matches {
        if found.unit.is_aligned() {
            found.score = found.score.min(super::ALIGNED_MAX_SCORE);
        }
    }
    matches.retain(|found| found.score >= query.threshold);
    Ok(rank(matches, query.max))
}

/// [`run`] for many sentences, through an index that reads each word's frequency and postings
/// from the store once for them all ([`Remembering`]).
pub fn run_many(
    index: &mut dyn Index,
    queries: &[(&str, Lookup)],
) -> Result<Vec<Vec<Match>>, MemoryError> {
    let mut remembering = Remembering {
        index,
        frequencies: HashMap::new(),
        postings: HashMap::new(),
    };
    queries
        .iter()
        .map(|(source, query)| run(&mut remembering, source, query))
        .collect()
}

/// An index that keeps what it read from a store for a run of lookups: each word's frequency,
/// and its first [`POSTING_BUDGET`] postings (a shorter read is a prefix of them: postings come
/// in unit order). Units are read each time: sentences rarely share candidates, and a run
/// would otherwise hold every candidate of a project.
struct Remembering<'a> {
    index: &'a mut dyn Index,
    /// Word → its id and frequency (`None`: the store does not know it).
    frequencies: HashMap<String, Option<(i64, u64)>>,
    postings: HashMap<i64, Vec<UnitId>>,
}

impl Index for Remembering<'_> {
    fn same_normalized(&mut self, hash: i64) -> Result<Vec<Stored>, MemoryError> {
        self.index.same_normalized(hash)
    }

    fn frequencies(&mut self, words: &[String]) -> Result<Vec<Option<(i64, u64)>>, MemoryError> {
        let unknown: Vec<String> = words
            .iter()
            .filter(|word| !self.frequencies.contains_key(*word))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            let found = self.index.frequencies(&unknown)?;
            self.frequencies.extend(unknown.into_iter().zip(found));
        }
        Ok(words
            .iter()
            .map(|word| self.frequencies.get(word).copied().flatten())
            .collect())
    }

    fn postings(&mut self, word: i64, limit: usize) -> Result<Cow<'_, [UnitId]>, MemoryError> {
        if !self.postings.contains_key(&word) {
            let read = self
                .index
                .postings(word, POSTING_BUDGET.max(limit))?
                .into_owned();
            self.postings.insert(word, read);
        }
        let kept = &self.postings[&word];
        Ok(Cow::Borrowed(&kept[..limit.min(kept.len())]))
    }

    fn units(&mut self, ids: &[UnitId]) -> Result<Vec<Stored>, MemoryError> {
        self.index.units(ids)
    }

    fn candidate_units(
        &mut self,
        ids: &[UnitId],
        words: std::ops::RangeInclusive<u32>,
    ) -> Result<Vec<Stored>, MemoryError> {
        self.index.candidate_units(ids, words)
    }
}

/// The lowest score among the best `max` matches found so far (counting one translation of a
/// source once, as [`rank`] does); `None` while fewer than `max` are found. An aligned unit
/// counts with its capped score.
fn lowest_offered(matches: &[Match], max: usize) -> Option<u8> {
    let mut best: Vec<(u8, &str, &str)> = matches
        .iter()
        .map(|m| {
            let capped = match m.unit.is_aligned() {
                true => m.score.min(super::ALIGNED_MAX_SCORE),
                false => m.score,
            };
            (capped, m.unit.source.as_str(), m.unit.target.as_str())
        })
        .collect();
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (score, source, target) in best {
        if !seen.contains(&(source, target)) {
            seen.push((source, target));
            if seen.len() == max {
                return Some(score);
            }
        }
    }
    None
}

/// Matches best first (between equals the newest translation first), the same translation of
/// the same source once (its best-placed copy), at most `max`.
pub fn rank(mut matches: Vec<Match>, max: usize) -> Vec<Match> {
    matches.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.unit.changed.cmp(&a.unit.changed))
            .then(b.id.cmp(&a.id))
    });
    let mut offered: std::collections::HashSet<(String, String)> = Default::default();
    matches.retain(|m| offered.insert((m.unit.source.clone(), m.unit.target.clone())));
    matches.truncate(max);
    matches
}

/// The unit was translated between the sentences the lookup has around it (a unit without
/// context, as imported from TMX, never is).
fn same_context(unit: &MemoryUnit, query: &Lookup) -> bool {
    (!unit.previous.is_empty() || !unit.next.is_empty())
        && unit.previous == query.previous
        && unit.next == query.next
}

/// A unit of `length` words can score `threshold` against a sentence of `query` words.
fn lengths_compatible(length: usize, query: usize, threshold: u8) -> bool {
    length * 100 >= query * threshold as usize / 2 && query * 100 >= length * threshold as usize / 2
}

/// The source lengths (in words) [`lengths_compatible`] accepts for a sentence of `query` words.
fn word_range(query: usize, threshold: u8) -> std::ops::RangeInclusive<u32> {
    let threshold = threshold as usize;
    let low = (query * threshold / 2).div_ceil(100);
    let high = match threshold {
        0 | 1 => u32::MAX as usize,
        t => query * 200 / t + 1,
    };
    low.min(u32::MAX as usize) as u32..=high.min(u32::MAX as usize) as u32
}

/// A unit that may reach the threshold, and how many of the sentence's distinct words it was
/// found to share.
struct Candidate {
    id: UnitId,
    shared: u16,
}

/// What [`candidates`] found.
struct Candidates {
    /// Ranked by the rarity of the words shared (ties: newest first).
    list: Vec<Candidate>,
    /// The sentence's distinct words, and how many of them had their index entries left
    /// unread (a candidate may share those too).
    distinct: usize,
    unread: usize,
}

/// Units sharing enough words with the sentence to possibly reach `threshold`, the rarest
/// shared words first (ties: newest first), at most [`MAX_CANDIDATES`].
fn candidates(
    index: &mut dyn Index,
    words: &[(String, std::ops::Range<usize>)],
    threshold: u8,
) -> Result<Candidates, MemoryError> {
    let mut distinct: Vec<String> = Vec::new();
    for (word, _) in words {
        if !distinct.contains(word) {
            distinct.push(word.clone());
        }
    }
    // A unit needs at least this share of the sentence's distinct words to score high enough
    // (a quarter of slack: numbers and terms weigh double, repeated words count once).
    let needed = (distinct.len() * threshold as usize)
        .div_ceil(100)
        .saturating_sub(distinct.len() / 4)
        .max(1);
    let mut known: Vec<(i64, u64)> = index
        .frequencies(&distinct)?
        .into_iter()
        .flatten()
        .collect();
    let mut found = Candidates {
        list: Vec::new(),
        distinct: distinct.len(),
        unread: 0,
    };
    if known.len() < needed {
        return Ok(found);
    }
    known.sort_by_key(|&(id, frequency)| (frequency, id));
    // Per unit: words shared, and their weight (a rare word weighs more, as in IDF), which
    // ranks the candidates: a unit sharing one rare word beats thousands sharing one common.
    let mut shared: FastMap<UnitId, (u16, f32)> = FastMap::default();
    shared.reserve(
        known
            .iter()
            .map(|&(_, frequency)| frequency as usize)
            .sum::<usize>()
            .min(POSTING_BUDGET),
    );
    let mut budget = POSTING_BUDGET;
    let mut unread = known.len();
    for &(word, frequency) in &known {
        if budget == 0 {
            break;
        }
        let weight = (1.0 + 1e7 / (1.0 + frequency as f32)).ln();
        let units = index.postings(word, budget)?;
        budget -= units.len().min(budget);
        unread -= 1;
        for &unit in units.iter() {
            let entry = shared.entry(unit).or_default();
            entry.0 += 1;
            entry.1 += weight;
        }
    }
    let mut ranked: Vec<(UnitId, f32, u16)> = shared
        .into_iter()
        .filter(|&(_, (count, _))| count as usize + unread >= needed)
        .map(|(unit, (count, weight))| (unit, weight, count))
        .collect();
    let best_first =
        |a: &(UnitId, f32, u16), b: &(UnitId, f32, u16)| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0));
    // The best MAX_CANDIDATES of up to POSTING_BUDGET: chosen, then only they are sorted.
    if ranked.len() > MAX_CANDIDATES {
        ranked.select_nth_unstable_by(MAX_CANDIDATES, best_first);
        ranked.truncate(MAX_CANDIDATES);
    }
    ranked.sort_by(best_first);
    found.list = ranked
        .into_iter()
        .map(|(id, _, shared)| Candidate { id, shared })
        .collect();
    found.unread = unread;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Memory;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "le",
        "la",
        "de",
        "sommet",
        "président",
        "2026",
        "Astana",
        "mercredi",
        "soutien",
        "gaz",
        "accord",
        "Pékin",
        "frontière",
        "délégation",
        "10",
    ];

    fn sentence(picks: &[usize]) -> String {
        let words: Vec<&str> = picks.iter().map(|&i| WORDS[i % WORDS.len()]).collect();
        format!("{}.", words.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Leaving out the candidates that cannot be offered changes nothing offered.
        #[test]
        fn pruning_changes_no_match(
            memory in prop::collection::vec(prop::collection::vec(0usize..8, 3..12), 20..120),
            asked in prop::collection::vec(0usize..8, 3..12),
            max in 1usize..6,
            threshold in prop::sample::select(vec![30u8, 50, 70, 85]),
            term in any::<bool>(),
        ) {
            let units: Vec<crate::memory::MemoryUnit> = memory
                .iter()
                .enumerate()
                .map(|(i, picks)| crate::memory::MemoryUnit {
                    source: sentence(picks),
                    target: format!("English {}.", i % 7),
                    changed: (i % 5) as i64,
                    ..Default::default()
                })
                .collect();
            let memory = Memory::new(units);
            let source = sentence(&asked);
            let first_word = 0..source.find(' ').unwrap_or(0);
            let terms = std::slice::from_ref(&first_word);
            let query = Lookup {
                threshold,
                max,
                terms: if term { terms } else { &[] },
                ..Lookup::default()
            };
            let shown = |found: Vec<Match>| {
                found.into_iter().map(|m| (m.score, m.id)).collect::<Vec<_>>()
            };
            let mut index = crate::memory::RamIndex(&memory);
            let pruned = shown(run_with(&mut index, &source, &query, Pruning::On).unwrap());
            let whole = shown(run_with(&mut index, &source, &query, Pruning::Off).unwrap());
            prop_assert_eq!(pruned, whole);
        }
    }

    #[test]
    fn the_best_possible_score_bounds_every_real_one() {
        let new = "le sommet de 2026 à Astana mercredi";
        let words = score::words(new);
        for old in [
            "le sommet de 2026 à Astana",
            "un sommet de 2027 à Pékin mercredi soir avec le président",
            "sommet",
            "le sommet de 2026 à Astana mercredi et jeudi et vendredi",
        ] {
            let old_words = score::words(old);
            let missing = words
                .iter()
                .map(|(w, _)| w)
                .collect::<std::collections::HashSet<_>>()
                .into_iter()
                .filter(|w| !old_words.iter().any(|(o, _)| o == *w))
                .count();
            let (real, _) = score::diff(old, new, &[]);
            assert!(score::best_possible(&words, &[], missing) >= real, "{old}");
        }
    }
}
