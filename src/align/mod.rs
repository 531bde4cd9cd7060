//! Sentence alignment: a French text and its English version (an earlier article and the one
//! that was published) cut into the same sentences `passeur segment` gives and paired into
//! beads (1:1, 2:1, 1:2, 1:0, 0:1, and 2:2, 3:1, 1:3 where the costs want them), so the archive
//! becomes translation memory.
//!
//! Paragraphs are aligned first, then the sentences inside each group of aligned paragraphs,
//! so no bead crosses a paragraph boundary the two texts share. Both levels take the cheapest
//! path ([`path`]) under one cost: the Gale–Church length model on characters (the ratio of
//! lengths measured on the two texts, within bounds), the prior of the bead's shape, a cost
//! for each sentence taken beyond one a side, and how little its two sides share ([`anchors`]:
//! numbers in each language's spelling, times, months, names, cognates, quotation marks,
//! glossary terms, and with a machine translation of the French side, its words). Each bead
//! gets a score between 0 and 1 ([`Bead::score`]): its margin, how much dearer the best other
//! reading of it and its neighbours is; only beads at or above a threshold
//! ([`DEFAULT_THRESHOLD`]) are meant for the memory. [`review`] is a translator's mending of
//! the beads.
//!
//! Byte offsets and indices only: the library prints nothing.

pub mod anchors;
pub mod path;
pub mod review;

use std::ops::Range;

use anchors::{Keys, Numbers};

use crate::document::{Document, Format, Overrides};
use crate::glossary::Index;
use crate::memory::MemoryUnit;
use crate::segment::Segmenter;

/// The lowest score of a bead that goes into the memory unless asked otherwise.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// One text to align: its sentences, in order, and the paragraph each belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Side {
    pub sentences: Vec<String>,
    /// For each sentence, its paragraph's number (non-decreasing from 0).
    pub paragraphs: Vec<usize>,
}

impl Side {
    /// The sentences of a text as `passeur segment` cuts them, with their paragraphs.
    pub fn cut(text: String, format: Format, segmenter: &Segmenter) -> Side {
        let document = Document::parse(text, format, segmenter, &Overrides::default());
        let mut side = Side::default();
        for (index, segment) in document.segments().iter().enumerate() {
            side.sentences
                .push(document.segment_source(index).to_string());
            side.paragraphs.push(segment.paragraph);
        }
        side.renumber();
        side
    }

    /// Each non-empty line one sentence; an empty line ends a paragraph.
    pub fn from_lines(text: &str) -> Side {
        let mut side = Side::default();
        let mut paragraph = 0;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() {
                paragraph += 1;
            } else {
                side.sentences.push(line.to_owned());
                side.paragraphs.push(paragraph);
            }
        }
        side.renumber();
        side
    }

    /// Paragraph numbers made consecutive from 0 (empty paragraphs leave no gap).
    fn renumber(&mut self) {
        let mut last = None;
        let mut number = 0;
        for paragraph in &mut self.paragraphs {
            if last.is_some_and(|previous| previous != *paragraph) {
                number += 1;
            }
            last = Some(*paragraph);
            *paragraph = number;
        }
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Each paragraph's sentences, as a range of sentence indices.
    fn paragraph_spans(&self) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = Vec::new();
        for (index, &paragraph) in self.paragraphs.iter().enumerate() {
            if paragraph < spans.len() {
                if let Some(span) = spans.last_mut() {
                    span.end = index + 1;
                }
            } else {
                spans.push(index..index + 1);
            }
        }
        spans
    }

    /// The sentences just before and just after a run (empty at either end): its context in
    /// the memory.
    pub fn around(&self, sentences: &Range<usize>) -> (String, String) {
        let before = sentences.start.checked_sub(1);
        let text = |k: Option<usize>| {
            k.and_then(|k| self.sentences.get(k))
                .cloned()
                .unwrap_or_default()
        };
        (text(before), text(Some(sentences.end)))
    }

    /// The text of a run of sentences, joined with spaces.
    pub fn text(&self, sentences: Range<usize>) -> String {
        self.sentences[sentences].join(" ")
    }
}

/// French sentences paired with English ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Indices of the French side's sentences (empty: English left unaligned).
    pub fr: Range<usize>,
    /// Indices of the English side's sentences (empty: French left unaligned).
    pub en: Range<usize>,
    /// 0 to 1: how sure the aligner is of the bead.
    pub score: f64,
}

impl Bead {
    /// Its shape, `1:1`, `2:1`, `0:1`…
    pub fn shape(&self) -> String {
        format!("{}:{}", self.fr.len(), self.en.len())
    }

    /// Both sides have sentences: a bead that can become a memory unit.
    pub fn is_pair(&self) -> bool {
        !self.fr.is_empty() && !self.en.is_empty()
    }
}

/// What the aligner may use besides the two texts.
#[derive(Default)]
pub struct Options<'a> {
    /// Glossary terms: the French term in one sentence, its English target in the other.
    pub glossary: Option<&'a Index>,
    /// A machine translation of each French sentence (as many as the French side has).
    pub translations: Option<&'a [String]>,
}

/// The bead shapes sentences are paired in, with their prior probabilities (Gale and Church's
/// figures, the rarer shapes below them).
const SHAPES: &[((usize, usize), f64)] = &[
    ((1, 1), 0.89),
    ((1, 0), 0.005),
    ((0, 1), 0.005),
    ((2, 1), 0.0445),
    ((1, 2), 0.0445),
    ((2, 2), 0.011),
    ((3, 1), 0.004),
    ((1, 3), 0.004),
    ((3, 2), 0.001),
    ((2, 3), 0.001),
];

/// Paragraphs pair in fewer shapes: a paragraph dropped, or two made one.
const PARAGRAPH_SHAPES: &[((usize, usize), f64)] = &[
    ((1, 1), 0.94),
    ((1, 0), 0.01),
    ((0, 1), 0.01),
    ((2, 1), 0.02),
    ((1, 2), 0.02),
];

/// The prior probability of a bead of these two runs among `shapes`.
fn prior(shapes: &[((usize, usize), f64)], fr: &Range<usize>, en: &Range<usize>) -> f64 {
    shapes
        .iter()
        .find(|s| s.0 == (fr.len(), en.len()))
        .map_or(1e-4, |s| s.1)
}

/// Aligns a French side with an English side: beads in document order that cover every
/// sentence of both once.
pub fn align(fr: &Side, en: &Side, options: &Options) -> Vec<Bead> {
    let model = Model::new(fr, en, options);
    let fr_paragraphs = fr.paragraph_spans();
    let en_paragraphs = en.paragraph_spans();
    let join = |spans: &[Range<usize>], of: Range<usize>, total: usize| -> Range<usize> {
        match (
            spans.get(of.start),
            of.end.checked_sub(1).and_then(|last| spans.get(last)),
        ) {
            (Some(first), Some(last)) if !of.is_empty() => first.start..last.end,
            // No paragraph: the empty run where the next one starts.
            _ => {
                let at = spans.get(of.start).map_or(total, |s| s.start);
                at..at
            }
        }
    };
    let paragraph_shapes: Vec<(usize, usize)> = PARAGRAPH_SHAPES.iter().map(|s| s.0).collect();
    let groups = path::cheapest(
        fr_paragraphs.len(),
        en_paragraphs.len(),
        &paragraph_shapes,
        &mut |a, b| {
            let prior = prior(PARAGRAPH_SHAPES, &a, &b);
            let items = (a.len() + b.len()) as f64 / 2.0;
            let (a, b) = (
                join(&fr_paragraphs, a, fr.len()),
                join(&en_paragraphs, b, en.len()),
            );
            model.cost(a, b, prior, items)
        },
    );
    let mut beads = Vec::new();
    for (a, b) in groups {
        let fr_span = join(&fr_paragraphs, a, fr.len());
        let en_span = join(&en_paragraphs, b, en.len());
        let steps = model.sentences(fr_span.clone(), en_span.clone(), None);
        for (k, (fr, en)) in steps.iter().enumerate() {
            // The bead and its neighbours: how much dearer is their best other reading?
            let before = k.checked_sub(1).map_or((fr.start, en.start), |b| {
                (steps[b].0.start, steps[b].1.start)
            });
            let after = steps
                .get(k + 1)
                .map_or((fr.end, en.end), |b| (b.0.end, b.1.end));
            let window = (before.0..after.0, before.1..after.1);
            let best = model.total(&steps[k.saturating_sub(1)..(k + 2).min(steps.len())]);
            let other = model.sentences(window.0, window.1, Some((fr, en)));
            // No other reading at all (a lone sentence facing nothing): as sure as can be.
            let margin = match other.is_empty() {
                true => f64::INFINITY,
                false => model.total(&other) - best,
            };
            beads.push(Bead {
                fr: fr.clone(),
                en: en.clone(),
                score: confidence(margin),
            });
        }
    }
    beads
}

/// A bead's score from its margin: how many nats dearer the best reading of its
/// neighbourhood without it is.
fn confidence(margin: f64) -> f64 {
    if !margin.is_finite() {
        return 1.0;
    }
    1.0 / (1.0 + (-(margin - MARGIN_MIDPOINT) / MARGIN_SCALE).exp())
}

/// The margin (nats) of a bead scored 0.5, and how fast the score rises with it.
const MARGIN_MIDPOINT: f64 = 3.0;
const MARGIN_SCALE: f64 = 1.5;

fn shift(range: Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// The cost model: lengths and shared keys of both sides.
struct Model {
    /// The characters of sentences `..k`, each side (prefix sums).
    fr_lengths: Vec<f64>,
    en_lengths: Vec<f64>,
    /// Anchors (numbers, names, cognates, terms…) of each sentence.
    anchors: Evidence,
    /// With a machine translation of the French side: its words and word pairs, and the
    /// other side's.
    words: Option<Evidence>,
    /// The sizes of [`SHAPES`], as the programme takes them.
    shapes: Vec<(usize, usize)>,
    /// English characters per French character, over the two texts.
    ratio: f64,
}

/// Keys of each sentence of both sides, and their weights.
struct Evidence {
    fr: Vec<Vec<u32>>,
    en: Vec<Vec<u32>>,
    keys: Keys,
    /// The weight of the keys of sentences `..k`, each side (prefix sums).
    fr_weight: Vec<f64>,
    en_weight: Vec<f64>,
}

impl Evidence {
    fn new(mut keys: Keys, mut fr: Vec<Vec<u32>>, mut en: Vec<Vec<u32>>) -> Evidence {
        for list in fr.iter_mut().chain(en.iter_mut()) {
            list.sort_unstable();
        }
        keys.weigh_by_rarity(if fr.len() <= en.len() { &fr } else { &en });
        let prefix = |lists: &[Vec<u32>]| {
            prefix_sums(
                lists
                    .iter()
                    .map(|list| list.iter().map(|&k| keys.weight(k)).sum()),
            )
        };
        let (fr_weight, en_weight) = (prefix(&fr), prefix(&en));
        Evidence {
            fr,
            en,
            keys,
            fr_weight,
            en_weight,
        }
    }

    /// How much of their keys' weight two runs of sentences share, 0 to 1 (Dice).
    fn dice(&self, fr: &Range<usize>, en: &Range<usize>) -> f64 {
        let total = self.fr_weight[fr.end] - self.fr_weight[fr.start] + self.en_weight[en.end]
            - self.en_weight[en.start];
        if total <= 0.0 {
            return 0.0;
        }
        let shared = SCRATCH.with(|scratch| {
            let (one, other) = &mut *scratch.borrow_mut();
            let one = gather(&self.fr, fr, one);
            let other = gather(&self.en, en, other);
            self.shared(one, other)
        });
        2.0 * shared / total
    }

    /// The weight of the keys two sorted lists share.
    fn shared(&self, one: &[u32], other: &[u32]) -> f64 {
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < one.len() && j < other.len() {
            match one[i].cmp(&other[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.keys.weight(one[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }
}

/// `[0, a, a + b, …]` of `[a, b, …]`: the sum of items `i..j` is `sums[j] - sums[i]`.
fn prefix_sums(items: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut sums = vec![0.0];
    let mut total = 0.0;
    for item in items {
        total += item;
        sums.push(total);
    }
    sums
}

thread_local! {
    /// Buffers for the keys of beads of several sentences (a bead's cost is asked for
    /// hundreds of thousands of times).
    static SCRATCH: std::cell::RefCell<(Vec<u32>, Vec<u32>)> = Default::default();
}

/// The sorted keys of a run of sentences: the sentence's own list, or the sorted lists merged
/// into `buffer`.
fn gather<'a>(lists: &'a [Vec<u32>], range: &Range<usize>, buffer: &'a mut Vec<u32>) -> &'a [u32] {
    if range.len() == 1 {
        return &lists[range.start];
    }
    buffer.clear();
    for list in &lists[range.clone()] {
        let before = buffer.len();
        buffer.extend_from_slice(list);
        // Merge the new run into the sorted ones before it, from the back.
        let mut k = buffer.len();
        let mut i = before;
        let mut j = list.len();
        while j > 0 {
            k -= 1;
            if i > 0 && buffer[i - 1] > list[j - 1] {
                buffer[k] = buffer[i - 1];
                i -= 1;
            } else {
                buffer[k] = list[j - 1];
                j -= 1;
            }
        }
    }
    buffer
}

/// The cost (in nats) of a sentence whose bead shares no anchor across.
const ANCHOR_SHARING: f64 = 6.0;

/// The cost (in nats) of a sentence whose bead shares no word of the machine translation.
const WORD_SHARING: f64 = 6.0;

/// The cost (in nats) of each item a bead takes beyond one a side: Gale and Church's priors
/// alone let long beads through, whose lengths agree better for being long.
const MERGE: f64 = 1.0;

/// The bounds of the length ratio measured on the two texts: one side much longer (an English
/// version with paragraphs of its own) must not make every French sentence look short.
const MIN_RATIO: f64 = 0.9;
const MAX_RATIO: f64 = 1.1;

/// Gale and Church's variance of the length ratio.
const VARIANCE: f64 = 6.8;

impl Model {
    fn new(fr: &Side, en: &Side, options: &Options) -> Model {
        let mut keys = Keys::default();
        let fr_numbers = Numbers::guess(&fr.sentences);
        let en_numbers = Numbers::guess(&en.sentences);
        let mut fr_keys: Vec<Vec<u32>> = fr
            .sentences
            .iter()
            .map(|s| anchors::sentence_keys(s, fr_numbers, &mut keys))
            .collect();
        let mut en_keys: Vec<Vec<u32>> = en
            .sentences
            .iter()
            .map(|s| anchors::sentence_keys(s, en_numbers, &mut keys))
            .collect();
        if let Some(index) = options.glossary {
            term_keys(index, fr, en, &mut keys, &mut fr_keys, &mut en_keys);
        }
        let words = options.translations.map(|translations| {
            let mut keys = Keys::default();
            let mut fr_words: Vec<Vec<u32>> = translations
                .iter()
                .map(|t| anchors::translated_keys(t, &mut keys))
                .collect();
            fr_words.resize(fr.len(), Vec::new());
            let en_words = en
                .sentences
                .iter()
                .map(|s| anchors::translated_keys(s, &mut keys))
                .collect();
            Evidence::new(keys, fr_words, en_words)
        });
        let fr_lengths = prefix_sums(fr.sentences.iter().map(|s| s.chars().count() as f64));
        let en_lengths = prefix_sums(en.sentences.iter().map(|s| s.chars().count() as f64));
        let fr_total = fr_lengths.last().copied().unwrap_or(0.0);
        let en_total = en_lengths.last().copied().unwrap_or(0.0);
        let ratio = if fr_total > 0.0 && en_total > 0.0 {
            (en_total / fr_total).clamp(MIN_RATIO, MAX_RATIO)
        } else {
            1.0
        };
        Model {
            fr_lengths,
            en_lengths,
            anchors: Evidence::new(keys, fr_keys, en_keys),
            words,
            shapes: SHAPES.iter().map(|s| s.0).collect(),
            ratio,
        }
    }

    /// The two-sided probability, under the length model, of a difference between `fr` and
    /// `en` characters at least as large as theirs.
    fn length_probability(&self, fr: f64, en: f64) -> f64 {
        if fr == 0.0 && en == 0.0 {
            return 1.0;
        }
        let mean = (fr + en / self.ratio) / 2.0;
        let delta = (en - fr * self.ratio) / (VARIANCE * mean).sqrt();
        (2.0 * (1.0 - normal_cdf(delta.abs()))).max(1e-30)
    }

    fn lengths(&self, fr: &Range<usize>, en: &Range<usize>) -> (f64, f64) {
        (
            self.fr_lengths[fr.end] - self.fr_lengths[fr.start],
            self.en_lengths[en.end] - self.en_lengths[en.start],
        )
    }

    /// How little a bead's sides share, per unit of sharing (0 when all is shared, 1 when
    /// nothing is), anchors and machine-translated words each at their weight.
    fn unshared(&self, fr: &Range<usize>, en: &Range<usize>) -> f64 {
        let one_sided = fr.is_empty() || en.is_empty();
        let unshared = |evidence: &Evidence| match one_sided {
            true => 1.0,
            false => 1.0 - evidence.dice(fr, en),
        };
        ANCHOR_SHARING * unshared(&self.anchors)
            + self
                .words
                .as_ref()
                .map_or(0.0, |words| WORD_SHARING * unshared(words))
    }

    /// The cost of a bead (sentence ranges of each side) of the given prior probability:
    /// its lengths' improbability, its shape's rarity, and how little its sides share
    /// ([`Model::unshared`]), counted per sentence of the bead, so that taking in one more
    /// sentence costs what sharing nothing with it costs. `items` is the bead's size in the
    /// units being paired (sentences, or paragraphs): half the count of both sides'.
    fn cost(&self, fr: Range<usize>, en: Range<usize>, prior: f64, items: f64) -> f64 {
        let sharing = self.unshared(&fr, &en) * items;
        if fr.is_empty() || en.is_empty() {
            // A sentence left out on one side: its length says nothing.
            return -prior.ln() + sharing;
        }
        let (fr_length, en_length) = self.lengths(&fr, &en);
        let merged = MERGE * (2.0 * items - 2.0);
        -self.length_probability(fr_length, en_length).ln() - prior.ln() + sharing + merged
    }

    /// The cheapest beads pairing two runs of sentences, without the bead `not` if given.
    fn sentences(
        &self,
        fr: Range<usize>,
        en: Range<usize>,
        not: Option<(&Range<usize>, &Range<usize>)>,
    ) -> Vec<path::Step> {
        let (fr_start, en_start) = (fr.start, en.start);
        let steps = path::cheapest(fr.len(), en.len(), &self.shapes, &mut |a, b| {
            let (a, b) = (shift(a, fr_start), shift(b, en_start));
            if not == Some((&a, &b)) {
                return f64::INFINITY;
            }
            self.sentence_cost(a, b)
        });
        steps
            .into_iter()
            .map(|(a, b)| (shift(a, fr_start), shift(b, en_start)))
            .collect()
    }

    fn sentence_cost(&self, fr: Range<usize>, en: Range<usize>) -> f64 {
        let prior = prior(SHAPES, &fr, &en);
        let items = (fr.len() + en.len()) as f64 / 2.0;
        self.cost(fr, en, prior, items)
    }

    fn total(&self, steps: &[path::Step]) -> f64 {
        steps
            .iter()
            .map(|(a, b)| self.sentence_cost(a.clone(), b.clone()))
            .sum()
    }
}

/// Glossary terms as keys: the entry's id on each French sentence holding its term, and on
/// each English sentence rendering one of the entries found in the French text.
fn term_keys(
    index: &Index,
    fr: &Side,
    en: &Side,
    keys: &mut Keys,
    fr_keys: &mut [Vec<u32>],
    en_keys: &mut [Vec<u32>],
) {
    let mut entries = Vec::new();
    for (k, sentence) in fr.sentences.iter().enumerate() {
        for hit in index.find(sentence) {
            let id = keys.id(anchors::Kind::Term, format!("{:?}", hit.entry));
            fr_keys[k].push(id);
            if !entries.iter().any(|(e, _)| *e == hit.entry) {
                entries.push((hit.entry, index.entry(hit.entry)));
            }
        }
    }
    for (k, sentence) in en.sentences.iter().enumerate() {
        let english = crate::glossary::check::EnglishText::new(sentence);
        for (entry_id, entry) in &entries {
            if crate::glossary::check::check_entry(entry, &english).found {
                en_keys[k].push(keys.id(anchors::Kind::Term, format!("{entry_id:?}")));
            }
        }
    }
}

/// The standard normal distribution function (Abramowitz and Stegun 7.1.26, error < 1.5e-7).
fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs() / std::f64::consts::SQRT_2);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-(x * x) / 2.0).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// The beads with sentences on both sides as memory units, those scored below `threshold`
/// left out; each carries its origin (see [`crate::memory::aligned_origin`]) and the French
/// sentences around it as context.
pub fn units(
    fr: &Side,
    en: &Side,
    beads: &[Bead],
    threshold: f64,
    origin: &str,
    author: &str,
    now: i64,
) -> Vec<MemoryUnit> {
    beads
        .iter()
        .filter(|bead| bead.is_pair() && bead.score >= threshold)
        .map(|bead| {
            let (previous, next) = fr.around(&bead.fr);
            MemoryUnit {
                source: fr.text(bead.fr.clone()),
                target: en.text(bead.en.clone()),
                origin: origin.to_owned(),
                author: author.to_owned(),
                created: now,
                changed: now,
                previous,
                next,
                ..MemoryUnit::default()
            }
        })
        .collect()
}

/// How many beads of each shape, and how many at or above a threshold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Shape (`1:1`…), beads, beads at or above the threshold.
    pub shapes: Vec<(String, usize, usize)>,
    pub fr_unaligned: usize,
    pub en_unaligned: usize,
}

impl Summary {
    pub fn of(beads: &[Bead], threshold: f64) -> Summary {
        let mut summary = Summary::default();
        for bead in beads {
            let shape = bead.shape();
            let good = usize::from(bead.is_pair() && bead.score >= threshold);
            match summary.shapes.iter_mut().find(|s| s.0 == shape) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += good;
                }
                None => summary.shapes.push((shape, 1, good)),
            }
            if bead.en.is_empty() {
                summary.fr_unaligned += bead.fr.len();
            }
            if bead.fr.is_empty() {
                summary.en_unaligned += bead.en.len();
            }
        }
        summary
            .shapes
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(paragraphs: &[&[&str]]) -> Side {
        let text: Vec<String> = paragraphs.iter().map(|p| p.join("\n")).collect();
        Side::from_lines(&text.join("\n\n"))
    }

    #[test]
    fn keys_of_several_sentences_are_merged_in_order() {
        let lists = vec![vec![1, 4, 9], vec![2, 4], vec![0, 10]];
        let mut buffer = Vec::new();
        assert_eq!(gather(&lists, &(0..3), &mut buffer), [0, 1, 2, 4, 4, 9, 10]);
        assert_eq!(gather(&lists, &(1..2), &mut buffer), [2, 4]);
        assert!(gather(&lists, &(1..1), &mut buffer).is_empty());
    }

    #[test]
    fn lines_are_sentences_and_empty_lines_end_paragraphs() {
        let side = Side::from_lines("Un.\n  Deux.  \n\n\n\nTrois.\n");
        assert_eq!(side.sentences, ["Un.", "Deux.", "Trois."]);
        assert_eq!(side.paragraphs, [0, 0, 1]);
    }

    #[test]
    fn a_sentence_the_english_leaves_out_stays_alone_and_numbers_pair_the_rest() {
        let fr = side(&[
            &[
                "Le budget de la ville atteint 1 200 millions d'euros en 2025.",
                "Le maire l'a présenté mardi soir devant un conseil très divisé.",
                "Il prévoit 35 nouvelles écoles d'ici 2030.",
            ],
            &["Les travaux du tramway commenceront le 3 mars à 10 h 30."],
        ]);
        let en = side(&[
            &[
                "The city's budget reaches 1,200 million euros in 2025.",
                "It provides for 35 new schools by 2030.",
            ],
            &["Work on the tramway will begin on March 3 at 10:30."],
        ]);
        let beads = align(&fr, &en, &Options::default());
        let shapes: Vec<(Range<usize>, Range<usize>)> =
            beads.iter().map(|b| (b.fr.clone(), b.en.clone())).collect();
        assert_eq!(
            shapes,
            [(0..1, 0..1), (1..2, 1..1), (2..3, 1..2), (3..4, 2..3)]
        );
        assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
        let summary = Summary::of(&beads, DEFAULT_THRESHOLD);
        assert_eq!((summary.fr_unaligned, summary.en_unaligned), (1, 0));
        assert_eq!(summary.shapes[0].0, "1:1");
        assert_eq!(summary.shapes[0].1, 3);
    }

    #[test]
    fn a_glossary_term_and_its_target_are_shared_by_a_bead() {
        let fr = side(&[&["Le projet des nouvelles Routes de la soie avance."]]);
        let en = side(&[&["The Belt and Road project is moving forward."]]);
        let glossary = crate::glossary::Glossary {
            name: "test".into(),
            entries: vec![crate::glossary::Entry::new(
                "nouvelles Routes de la soie",
                "Belt and Road",
            )],
            ..Default::default()
        };
        let index = Index::build(vec![glossary]);
        let without = Model::new(&fr, &en, &Options::default());
        let with = Model::new(
            &fr,
            &en,
            &Options {
                glossary: Some(&index),
                translations: None,
            },
        );
        let (one, other) = (0..1, 0..1);
        assert!(
            with.anchors.dice(&one, &other) > without.anchors.dice(&one, &other) + 0.1,
            "{} vs {}",
            with.anchors.dice(&one, &other),
            without.anchors.dice(&one, &other)
        );
    }

    #[test]
    fn machine_translated_words_are_shared_with_the_other_side() {
        let fr = side(&[&["Il pleut sur la ville depuis lundi."]]);
        let en = side(&[&["It has been raining on the city since Monday."]]);
        let translations = ["It has been raining over the city since Monday.".to_owned()];
        let model = Model::new(
            &fr,
            &en,
            &Options {
                glossary: None,
                translations: Some(&translations),
            },
        );
        let words = model.words.as_ref().unwrap();
        assert!(words.dice(&(0..1), &(0..1)) > 0.7);
    }

    #[test]
    fn nothing_on_one_side_is_every_sentence_alone() {
        let fr = side(&[&["Un.", "Deux."]]);
        let beads = align(&fr, &Side::default(), &Options::default());
        let shapes: Vec<(Range<usize>, Range<usize>)> =
            beads.iter().map(|b| (b.fr.clone(), b.en.clone())).collect();
        assert_eq!(shapes, [(0..1, 0..0), (1..2, 0..0)]);
        assert!(align(&Side::default(), &Side::default(), &Options::default()).is_empty());
    }
}
