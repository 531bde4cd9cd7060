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
#[derive(Debug, Clone, Default)]
pub struct EnglishText {
    /// Every key, one after the other (one allocation for the whole text).
    buffer: String,
    /// Each key's range in `buffer`, and its byte span in the text.
    keys: Vec<(Range<usize>, Range<usize>)>,
}

impl EnglishText {
    pub fn new(text: &str) -> EnglishText {
        let mut english = EnglishText {
            buffer: String::with_capacity(text.len()),
            keys: Vec::with_capacity(text.len() / 5),
        };
        for_each_token(text, |span, key| {
            let possessive = key == "s" && text[..span.start].ends_with(['\'', '’', 'ʼ']);
            match english.keys.last_mut() {
                Some(last) if possessive => last.1.end = span.end,
                _ => {
                    let start = english.buffer.len();
                    english.buffer.push_str(&english_stem(key));
                    english.keys.push((start..english.buffer.len(), span));
                }
            }
        });
        english
    }

    fn key(&self, index: usize) -> &str {
        &self.buffer[self.keys[index].0.clone()]
    }

    /// Whether `phrase` occurs in the text as whole consecutive words.
    pub fn contains(&self, phrase: &str) -> bool {
        self.find(phrase).is_some()
    }

    /// The byte span of the first occurrence of `phrase` as whole consecutive words.
    pub fn find(&self, phrase: &str) -> Option<Range<usize>> {
        let wanted = EnglishText::new(phrase);
        let length = wanted.keys.len();
        if length == 0 || length > self.keys.len() {
            return None;
        }
        let first = (0..=self.keys.len() - length)
            .find(|&at| (0..length).all(|i| self.key(at + i) == wanted.key(i)))?;
        Some(self.keys[first].1.start..self.keys[first + length - 1].1.end)
    }
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
