//! Scoring a memory sentence against a new one: words, a weighted edit distance over them, and
//! the word diff a translator sees.

use std::ops::Range;

/// The words of a sentence, lower-cased, with their byte spans; punctuation is left out.
pub fn words(text: &str) -> Vec<(String, Range<usize>)> {
    let mut words = Vec::new();
    for_each_word(text, |word, span| words.push((word.to_owned(), span)));
    words
}

/// Calls `each` with every word of `text` (a run of letters, digits and combining marks),
/// lower-cased in a reused buffer (no allocation per word), and its byte span.
pub fn for_each_word(text: &str, mut each: impl FnMut(&str, Range<usize>)) {
    let mut lower = String::new();
    let mut start: Option<usize> = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = c.is_alphanumeric()
            || (start.is_some() && unicode_normalization::char::is_combining_mark(c));
        match (in_word, start) {
            (true, None) => {
                start = Some(at);
                lower.clear();
                push_lower(c, &mut lower);
            }
            (true, Some(_)) => push_lower(c, &mut lower),
            (false, Some(from)) => {
                each(&lower, from..at);
                start = None;
            }
            (false, None) => {}
        }
    }
}

fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The sentence with case, spacing and punctuation taken out: two sentences with the same key
/// differ only in those.
pub fn normalized(text: &str) -> String {
    join_words(&words(text))
}

/// The words of [`words`] joined with single spaces.
pub fn join_words(words: &[(String, Range<usize>)]) -> String {
    let mut key = String::with_capacity(words.iter().map(|(w, _)| w.len() + 1).sum());
    for (index, (word, _)) in words.iter().enumerate() {
        if index > 0 {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// One piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffPiece {
    pub kind: DiffKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// In both sentences.
    Same,
    /// In the memory's sentence only.
    Removed,
    /// In the new sentence only.
    Added,
}

/// Numbers and glossary terms weigh double: getting them wrong is what hurts.
fn weight(word: &str, is_term: bool) -> u32 {
    if is_term || word.chars().any(|c| c.is_ascii_digit()) {
        2
    } else {
        1
    }
}

/// The highest score a memory sentence can reach against a sentence whose words are
/// `new_words` (terms at `terms`) when at least `missing` of its distinct words are not in the
/// memory sentence. Each such word costs at least its weight (an insertion or a substitution),
/// so the cost is at least `missing`; a memory sentence longer than the new one costs at least
/// its extra weight too; together the score is at most `100 × total / (total + missing)`,
/// where `total` is the new sentence's weight (one more for rounding).
pub fn best_possible(
    new_words: &[(String, Range<usize>)],
    terms: &[Range<usize>],
    missing: usize,
) -> u8 {
    if missing == 0 {
        return 100;
    }
    let in_term = |span: &Range<usize>| {
        terms
            .iter()
            .any(|t| t.start <= span.start && span.end <= t.end)
    };
    let total: u64 = new_words
        .iter()
        .map(|(w, span)| u64::from(weight(w, in_term(span))))
        .sum();
    let (total, missing) = (total.max(1), missing as u64);
    let bound = (100 * total + (total + missing) / 2) / (total + missing) + 1;
    bound.min(100) as u8
}

/// The largest edit table built (16 MB): two sentences whose differing middles are longer
/// (thousands of words each) are compared by [`coarse_steps`], so lookups stay linear.
const MAX_TABLE_CELLS: usize = 4_000_000;

/// The weighted edit distance of `a` to `b` and the steps of one cheapest edit, last step
/// first: each a kind and the index of its word (in `a` for same and removed words, in `b`
/// for added ones).
fn edit_steps(a: &[(&str, u32)], b: &[(&str, u32)]) -> (u32, Vec<(DiffKind, usize)>) {
    let (n, m) = (a.len(), b.len());
    // distance[i][j]: cost of turning a[..i] into b[..j].
    let width = m + 1;
    let mut distance = vec![0u32; (n + 1) * width];
    for i in 1..=n {
        distance[i * width] = distance[(i - 1) * width] + a[i - 1].1;
    }
    for j in 1..=m {
        distance[j] = distance[j - 1] + b[j - 1].1;
    }
    for i in 1..=n {
        for j in 1..=m {
            let substitute = if a[i - 1].0 == b[j - 1].0 {
                0
            } else {
                a[i - 1].1.max(b[j - 1].1)
            };
            distance[i * width + j] = (distance[(i - 1) * width + j - 1] + substitute)
                .min(distance[(i - 1) * width + j] + a[i - 1].1)
                .min(distance[i * width + j - 1] + b[j - 1].1);
        }
    }
    let mut steps = Vec::with_capacity(n + m);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = distance[i * width + j];
        if i > 0 && j > 0 && a[i - 1].0 == b[j - 1].0 && here == distance[(i - 1) * width + j - 1] {
            steps.push((DiffKind::Same, i - 1));
            i -= 1;
            j -= 1;
        } else if i > 0
            && j > 0
            && here == distance[(i - 1) * width + j - 1] + a[i - 1].1.max(b[j - 1].1)
        {
            steps.push((DiffKind::Added, j - 1));
            steps.push((DiffKind::Removed, i - 1));
            i -= 1;
            j -= 1;
        } else if i > 0 && here == distance[(i - 1) * width + j] + a[i - 1].1 {
            steps.push((DiffKind::Removed, i - 1));
            i -= 1;
        } else {
            steps.push((DiffKind::Added, j - 1));
            j -= 1;
        }
    }
    (distance[n * width + m], steps)
}

/// For middles too long for a table: the cost counts the words of each side that the other
/// lacks (as multisets; a word moved costs nothing, so the score can only be generous), and
/// the diff shows the whole middle as removed then added. Linear in the words.
fn coarse_steps(a: &[(&str, u32)], b: &[(&str, u32)]) -> (u32, Vec<(DiffKind, usize)>) {
    let mut balance: std::collections::HashMap<&str, (i64, u32)> = std::collections::HashMap::new();
    for (word, weight) in a {
        let entry = balance.entry(word).or_insert((0, *weight));
        entry.0 += 1;
    }
    for (word, weight) in b {
        let entry = balance.entry(word).or_insert((0, *weight));
        entry.0 -= 1;
    }
    let (mut only_a, mut only_b) = (0u64, 0u64);
    for (count, weight) in balance.values() {
        let weighted = count.unsigned_abs() * u64::from(*weight);
        if *count > 0 {
            only_a += weighted;
        } else {
            only_b += weighted;
        }
    }
    // Unshared words pair up as substitutions; the rest are insertions or deletions.
    let cost = only_a.max(only_b).min(u64::from(u32::MAX)) as u32;
    let steps = (0..b.len())
        .rev()
        .map(|j| (DiffKind::Added, j))
        .chain((0..a.len()).rev().map(|i| (DiffKind::Removed, i)))
        .collect();
    (cost, steps)
}

/// The score (0–100) of the memory sentence `old` for the new sentence `new`, and the word diff
/// from `old` to `new`. `terms` are glossary spans in `new`.
pub fn diff(old: &str, new: &str, terms: &[Range<usize>]) -> (u8, Vec<DiffPiece>) {
    diff_tokens(old, new, &words(old), &words(new), terms)
}

/// The diff of two sentences that differ only in case, spacing or punctuation: words as
/// written and each punctuation mark are compared, so that the difference shows.
pub fn marks_diff(old: &str, new: &str) -> Vec<DiffPiece> {
    diff_tokens(old, new, &words_and_marks(old), &words_and_marks(new), &[]).1
}

/// Words as written and punctuation marks, one token each.
fn words_and_marks(text: &str) -> Vec<(String, Range<usize>)> {
    let mut tokens: Vec<(String, Range<usize>)> = Vec::new();
    let mut last_end = 0;
    let marks_before = |tokens: &mut Vec<(String, Range<usize>)>, from: usize, to: usize| {
        for (at, c) in text[from..to].char_indices() {
            if !c.is_whitespace() {
                let start = from + at;
                tokens.push((c.to_string(), start..start + c.len_utf8()));
            }
        }
    };
    for_each_word(text, |_, span| {
        marks_before(&mut tokens, last_end, span.start);
        tokens.push((text[span.clone()].to_owned(), span.clone()));
        last_end = span.end;
    });
    marks_before(&mut tokens, last_end, text.len());
    tokens
}

fn diff_tokens(
    old: &str,
    new: &str,
    old_words: &[(String, Range<usize>)],
    new_words: &[(String, Range<usize>)],
    terms: &[Range<usize>],
) -> (u8, Vec<DiffPiece>) {
    let in_term = |span: &Range<usize>| {
        terms
            .iter()
            .any(|t| t.start <= span.start && span.end <= t.end)
    };
    let term_words: std::collections::HashSet<&str> = new_words
        .iter()
        .filter(|(_, span)| in_term(span))
        .map(|(w, _)| w.as_str())
        .collect();
    // Each word with its weight.
    let a: Vec<(&str, u32)> = old_words
        .iter()
        .map(|(w, _)| (w.as_str(), weight(w, term_words.contains(w.as_str()))))
        .collect();
    let b: Vec<(&str, u32)> = new_words
        .iter()
        .map(|(w, span)| (w.as_str(), weight(w, in_term(span))))
        .collect();
    let total_a: u32 = a.iter().map(|t| t.1).fold(0, u32::saturating_add);
    let total_b: u32 = b.iter().map(|t| t.1).fold(0, u32::saturating_add);
    let longest = total_a.max(total_b).max(1);
    // Equal words at both ends cost nothing and need no table: only the middle is compared.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x.0 == y.0).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x.0 == y.0)
        .count();
    let (middle_a, middle_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let (cost, middle_steps) = if (middle_a.len() + 1) * (middle_b.len() + 1) <= MAX_TABLE_CELLS {
        edit_steps(middle_a, middle_b)
    } else {
        coarse_steps(middle_a, middle_b)
    };
    let (longest, cost) = (u64::from(longest), u64::from(cost));
    let score = (100 * (longest - cost.min(longest)) + longest / 2) / longest;
    // The diff in text order: the equal prefix, the middle's steps (given last first), the
    // equal suffix; each step a kind and a word's place, running on to the next word of its
    // own sentence (in `old` for same and removed words, in `new` for added ones), so that
    // the punctuation after a word stays with it.
    let reach = |tokens: &[(String, Range<usize>)], i: usize, text: &str| {
        tokens[i].1.start..tokens.get(i + 1).map_or(text.len(), |next| next.1.start)
    };
    let same = |i: usize| (DiffKind::Same, reach(old_words, i, old));
    let mut steps: Vec<(DiffKind, Range<usize>)> = (0..prefix).map(same).collect();
    steps.extend(middle_steps.into_iter().rev().map(|(kind, i)| {
        let span = match kind {
            DiffKind::Added => reach(new_words, prefix + i, new),
            DiffKind::Same | DiffKind::Removed => reach(old_words, prefix + i, old),
        };
        (kind, span)
    }));
    steps.extend((a.len() - suffix..a.len()).map(same));
    // Neighbouring words of the same kind make one piece, with the text between them as
    // written (apostrophes, commas).
    let mut runs: Vec<(DiffKind, Range<usize>)> = Vec::new();
    for (kind, span) in steps {
        match runs.last_mut() {
            Some((last, run)) if *last == kind => run.end = span.end,
            _ => runs.push((kind, span)),
        }
    }
    // The memory sentence's own opening punctuation stays on its first run.
    if let Some((DiffKind::Same | DiffKind::Removed, run)) = runs.first_mut() {
        run.start = 0;
    }
    let merged: Vec<DiffPiece> = runs
        .into_iter()
        .map(|(kind, span)| DiffPiece {
            kind,
            text: match kind {
                DiffKind::Added => new[span].trim_end().to_owned(),
                DiffKind::Same | DiffKind::Removed => old[span].trim_end().to_owned(),
            },
        })
        .filter(|piece| !piece.text.is_empty())
        .collect();
    (score as u8, merged)
}
