//! The target check: does an English translation render a glossary entry, and does it use one
//! of the entry's forbidden renderings?
//!
//! Comparison is on word keys: case, hyphen or space, and accents do not matter, and English
//! plurals and possessives are accepted (`Belt and Road's`, `heads of state` for `head of
//! state`, `cities` for `city`). A rendering must appear as whole consecutive words.

use std::ops::Range;

use super::normalize::{english_stem, for_each_token};
use super::{Entry, Hit, Index};

/// An English translation cut into stemmed word keys, ready for many lookups.
#[derive(Debug, Clone)]
pub struct EnglishText {
    keys: Vec<String>,
    /// The byte span of each key in the text.
    spans: Vec<Range<usize>>,
}

impl EnglishText {
    pub fn new(text: &str) -> EnglishText {
        let (keys, spans) = english_keys(text).into_iter().unzip();
        EnglishText { keys, spans }
    }

    /// Whether `phrase` occurs in the text as whole consecutive words.
    pub fn contains(&self, phrase: &str) -> bool {
        self.find(phrase).is_some()
    }

    /// The byte span of the first occurrence of `phrase` as whole consecutive words.
    pub fn find(&self, phrase: &str) -> Option<Range<usize>> {
        let wanted: Vec<String> = english_keys(phrase).into_iter().map(|(k, _)| k).collect();
        if wanted.is_empty() {
            return None;
        }
        let first = self
            .keys
            .windows(wanted.len())
            .position(|window| window == wanted)?;
        Some(self.spans[first].start..self.spans[first + wanted.len() - 1].end)
    }
}

/// Stemmed keys of English text with their spans; the `s` of a possessive (`Road's`,
/// `Road’s`) is dropped.
fn english_keys(text: &str) -> Vec<(String, Range<usize>)> {
    let mut keys: Vec<(String, Range<usize>)> = Vec::new();
    for_each_token(text, |span, key| {
        let possessive =
            key == "s" && text[..span.start].ends_with(['\'', '’', 'ʼ']) && !keys.is_empty();
        if possessive {
            if let Some(last) = keys.last_mut() {
                last.1.end = span.end;
            }
        } else {
            keys.push((english_stem(key).into_owned(), span));
        }
    });
    keys
}

/// What the translation does with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCheck {
    /// The target or one of its variants is in the translation.
    pub found: bool,
    /// Forbidden renderings present in the translation.
    pub forbidden_used: Vec<String>,
}

/// Checks one entry against a translation.
pub fn check_entry(entry: &Entry, translation: &EnglishText) -> TargetCheck {
    TargetCheck {
        found: entry.target_forms().any(|form| translation.contains(form)),
        forbidden_used: entry
            .forbidden
            .iter()
            .filter(|form| translation.contains(form))
            .cloned()
            .collect(),
    }
}

/// Checks every hit of a French segment against its English translation.
pub fn check_hits(index: &Index, hits: &[Hit], translation: &str) -> Vec<TargetCheck> {
    let english = EnglishText::new(translation);
    hits.iter()
        .map(|hit| check_entry(&index.entry(hit.entry), &english))
        .collect()
}
