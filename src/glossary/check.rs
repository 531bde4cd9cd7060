//! The target check: does an English translation render a glossary entry, and does it use one
//! of the entry's forbidden renderings?
//!
//! Comparison is on word keys: case, hyphen or space, and accents do not matter, and English
//! plurals and possessives are accepted (`Belt and Road's`, `heads of state` for `head of
//! state`, `cities` for `city`). A rendering must appear as whole consecutive words.
//!
//! The entry's options are honoured: `case: sensitive` compares case (and `permissive` wants
//! the capitals of the form), `accent_sensitive: true` compares accents. And where a forbidden
//! form is the same as the target once folded (`Hôtel-Dieu`, forbidden `Hotel-Dieu`: "keep the
//! circumflex"; `AP-HP`, forbidden `AP HP`), the target and that forbidden form are compared
//! exactly as written: letters, case, accents and the hyphens or spaces between words.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::normalize::{english_stem, for_each_token};
use super::{CaseMode, Entry, Hit, Index};

/// How a rendering is compared with the translation, beyond its folded words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compare {
    pub case: CaseMode,
    pub accents: bool,
    /// Letters, case, accents and what separates the words exactly as the form writes them.
    pub as_written: bool,
}

impl Compare {
    /// Folded: case, accents and separators do not matter.
    pub const FOLDED: Compare = Compare {
        case: CaseMode::Insensitive,
        accents: false,
        as_written: false,
    };
    /// Exactly as written.
    pub const EXACT: Compare = Compare {
        case: CaseMode::Sensitive,
        accents: true,
        as_written: true,
    };

    /// As the entry's options say.
    pub fn of(entry: &Entry) -> Compare {
        Compare {
            case: entry.case,
            accents: entry.accent_sensitive,
            as_written: false,
        }
    }
}

/// An English translation cut into stemmed word keys, ready for many lookups.
#[derive(Debug, Clone, Default)]
pub struct EnglishText {
    /// The text itself, for comparisons as written.
    text: String,
    /// Every key, one after the other (one allocation for the whole text).
    buffer: String,
    /// Each key's range in `buffer`, and its byte span in the text.
    keys: Vec<(Range<usize>, Range<usize>)>,
}

impl EnglishText {
    pub fn new(text: &str) -> EnglishText {
        let mut english = EnglishText {
            text: text.to_owned(),
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
        self.find_as(phrase, Compare::FOLDED)
    }

    /// The byte span of the first occurrence of `phrase` as whole
    /// consecutive words, compared as `how` says.
    pub fn find_as(&self, phrase: &str, how: Compare) -> Option<Range<usize>> {
        let wanted = EnglishText::new(phrase);
        let length = wanted.keys.len();
        if length == 0 || length > self.keys.len() {
            return None;
        }
        let first = (0..=self.keys.len() - length).find(|&at| {
            (0..length).all(|i| self.key(at + i) == wanted.key(i)) && self.agrees(at, &wanted, how)
        })?;
        Some(self.keys[first].1.start..self.keys[first + length - 1].1.end)
    }

    /// The words at `at` agree with `wanted`'s as `how` asks (their folded keys already do).
    fn agrees(&self, at: usize, wanted: &EnglishText, how: Compare) -> bool {
        if how == Compare::FOLDED {
            return true;
        }
        let length = wanted.keys.len();
        for i in 0..length {
            let here = &self.text[self.keys[at + i].1.clone()];
            let there = &wanted.text[wanted.keys[i].1.clone()];
            if !word_agrees(here, there, how) {
                return false;
            }
            if how.as_written && i + 1 < length {
                let between = &self.text[self.keys[at + i].1.end..self.keys[at + i + 1].1.start];
                let wanted_between = &wanted.text[wanted.keys[i].1.end..wanted.keys[i + 1].1.start];
                if between != wanted_between {
                    return false;
                }
            }
        }
        true
    }
}

/// One word of the translation agrees with one of the form, as `how` asks: the same letters
/// once what `how` does not compare is folded, an English plural or possessive allowed.
fn word_agrees(here: &str, there: &str, how: Compare) -> bool {
    let keep_case = how.case == CaseMode::Sensitive;
    let shape = |word: &str| -> String {
        word.nfc()
            .flat_map(|c| {
                let c: Vec<char> = if how.accents {
                    vec![c]
                } else {
                    std::iter::once(c)
                        .nfd()
                        .filter(|d| !is_combining_mark(*d))
                        .collect()
                };
                c.into_iter()
            })
            .map(|c| {
                if keep_case {
                    c.to_string()
                } else {
                    c.to_lowercase().to_string()
                }
            })
            .collect()
    };
    let (mine, theirs) = (shape(here), shape(there));
    let same = mine == theirs
        || mine
            .strip_prefix(theirs.as_str())
            .is_some_and(|rest| matches!(rest, "s" | "es" | "'s" | "’s" | "ʼs" | "'" | "’"))
        || (mine.is_ascii() && theirs.is_ascii() && english_stem(&mine) == english_stem(&theirs));
    // Permissive: every capital of the form is a capital in the translation.
    let capitals = how.case != CaseMode::Permissive
        || there
            .chars()
            .zip(here.chars())
            .all(|(t, h)| !t.is_uppercase() || h.is_uppercase());
    same && capitals
}

/// What the translation does with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCheck {
    /// The target or one of its variants is in the translation.
    pub found: bool,
    /// Forbidden renderings present in the translation.
    pub forbidden_used: Vec<String>,
}

/// The entry's forbidden forms that are its target (or a variant) once folded: they only
/// differ in accents, case or hyphens, so they are compared as written.
pub fn forbidden_twins(entry: &Entry) -> Vec<&str> {
    let targets: Vec<EnglishText> = entry.target_forms().map(EnglishText::new).collect();
    entry
        .forbidden
        .iter()
        .filter(|form| {
            let form = EnglishText::new(form);
            targets.iter().any(|target| {
                target.keys.len() == form.keys.len()
                    && (0..form.keys.len()).all(|i| target.key(i) == form.key(i))
            })
        })
        .map(String::as_str)
        .collect()
}

/// Checks one entry against a translation.
pub fn check_entry(entry: &Entry, translation: &EnglishText) -> TargetCheck {
    let twins = forbidden_twins(entry);
    let own = Compare::of(entry);
    let target_how = if twins.is_empty() {
        own
    } else {
        Compare::EXACT
    };
    TargetCheck {
        found: entry
            .target_forms()
            .any(|form| translation.find_as(form, target_how).is_some()),
        forbidden_used: entry
            .forbidden
            .iter()
            .filter(|form| {
                let how = match twins.contains(&form.as_str()) {
                    true => Compare::EXACT,
                    false => own,
                };
                translation.find_as(form, how).is_some()
            })
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
