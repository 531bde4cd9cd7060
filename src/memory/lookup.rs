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
//! shared words' rarity, are fetched and re-scored with [`super::score`].

use std::collections::HashMap;

use sha2::{Digest, Sha256};

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
    /// For each word the store knows, its id and in how many units it occurs (unknown words
    /// are left out).
    fn frequencies(&mut self, words: &[String]) -> Result<Vec<(i64, u64)>, MemoryError>;
    /// At most `limit` units whose source has the word.
    fn postings(&mut self, word: i64, limit: usize) -> Result<Vec<UnitId>, MemoryError>;
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
    if !words.is_empty() && query.threshold < 99 {
        let candidates = candidates(index, &words, query.threshold)?;
        for stored in
            index.candidate_units(&candidates, word_range(words.len(), query.threshold))?
        {
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

/// Units sharing enough words with the sentence to possibly reach `threshold`, the rarest
/// shared words first (ties: newest first), at most [`MAX_CANDIDATES`].
fn candidates(
    index: &mut dyn Index,
    words: &[(String, std::ops::Range<usize>)],
    threshold: u8,
) -> Result<Vec<UnitId>, MemoryError> {
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
    let mut known = index.frequencies(&distinct)?;
    if known.len() < needed {
        return Ok(Vec::new());
    }
    known.sort_by_key(|&(id, frequency)| (frequency, id));
    // Per unit: words shared, and their weight (a rare word weighs more, as in IDF), which
    // ranks the candidates: a unit sharing one rare word beats thousands sharing one common.
    let mut shared: HashMap<UnitId, (u16, f32)> = HashMap::new();
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
        for unit in units {
            let entry = shared.entry(unit).or_default();
            entry.0 += 1;
            entry.1 += weight;
        }
    }
    let mut ranked: Vec<(UnitId, f32)> = shared
        .into_iter()
        .filter(|&(_, (count, _))| count as usize + unread >= needed)
        .map(|(unit, (_, weight))| (unit, weight))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    ranked.truncate(MAX_CANDIDATES);
    Ok(ranked.into_iter().map(|(id, _)| id).collect())
}
