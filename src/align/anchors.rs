//! What two sentences in two languages can share, as keys: numbers spelled the way each
//! language spells them (`1 000,5` and `1,000.5` are one key, `10 h 30` and `10:30` another),
//! months, names and other capitalised words copied verbatim, cognates (the first four letters
//! of a longer word, accents folded: `capitale`/`capital`), quotation marks, glossary terms
//! (the French term on one side, its English target on the other) and, when a machine
//! translation of the French side is at hand, its words against the other side's words.
//!
//! Keys are interned: a sentence's keys are a sorted list of small numbers, so the keys two
//! beads share are counted by a merge.

use std::collections::HashMap;

use crate::glossary::normalize::for_each_token;

/// How the digits of a side are grouped and how its decimals are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// `1 000,5`, `1.000,5`, `3'000`, `10 h 30` (French, German).
    Continental,
    /// `1,000.5`, `10:30` (English).
    English,
}

impl Numbers {
    /// How the sentences of a text spell their numbers, from its commonest small words
    /// (an aligned side is not always English: a text may be aligned with its German original).
    pub fn guess(sentences: &[String]) -> Numbers {
        let (mut english, mut other) = (0usize, 0usize);
        for sentence in sentences {
            for word in sentence.split_whitespace() {
                let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(word));
                if is(&["the", "and", "of", "is", "was", "to"]) {
                    english += 1;
                } else if is(&[
                    "le", "la", "les", "des", "et", "est", "der", "die", "und", "das",
                ]) {
                    other += 1;
                }
            }
        }
        if other > english {
            Numbers::Continental
        } else {
            Numbers::English
        }
    }
}

/// What kind of evidence a key is, and so how much a shared one counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Number,
    Time,
    Month,
    Name,
    Cognate,
    Quote,
    Term,
    /// A word of the machine translation of a French sentence, or of the other side.
    Translated,
}

impl Kind {
    /// The weight of one shared key of this kind, in the cost's units (nats).
    pub fn weight(self) -> f64 {
        match self {
            Kind::Number => 3.0,
            Kind::Time | Kind::Month => 2.0,
            Kind::Term => 3.0,
            Kind::Name => 1.5,
            Kind::Cognate => 1.0,
            Kind::Quote => 1.0,
            Kind::Translated => 1.0,
        }
    }
}

/// Interned keys: the same key gets the same number on both sides.
#[derive(Debug, Default)]
pub struct Keys {
    ids: HashMap<(Kind, String), u32>,
    weights: Vec<f64>,
}

impl Keys {
    pub fn id(&mut self, kind: Kind, key: String) -> u32 {
        let next = self.weights.len() as u32;
        *self.ids.entry((kind, key)).or_insert_with(|| {
            self.weights.push(kind.weight());
            next
        })
    }

    pub fn weight(&self, id: u32) -> f64 {
        self.weights.get(id as usize).copied().unwrap_or(0.0)
    }

    /// Scales each key's weight by how rare it is on the side with fewer sentences: a key
    /// found in every sentence tells nothing about which one is the translation.
    pub fn weigh_by_rarity(&mut self, sentences: &[Vec<u32>]) {
        let mut in_sentences = vec![0u32; self.weights.len()];
        for keys in sentences {
            let mut previous = None;
            for &id in keys {
                if previous != Some(id) {
                    in_sentences[id as usize] += 1;
                }
                previous = Some(id);
            }
        }
        let total = sentences.len().max(1) as f64;
        if total < 10.0 {
            return; // too few sentences to say what is common
        }
        for (weight, &count) in self.weights.iter_mut().zip(&in_sentences) {
            if count > 0 {
                // log-scaled inverse frequency, 1 for a key of one sentence in ten or rarer
                *weight *= ((total / f64::from(count)).ln() / 10f64.ln()).clamp(0.1, 1.0);
            }
        }
    }
}

/// The keys of one sentence, sorted (a key twice in the sentence is there twice).
pub fn sentence_keys(text: &str, numbers: Numbers, keys: &mut Keys) -> Vec<u32> {
    let mut found = Vec::new();
    number_keys(text, numbers, &mut |kind, key| {
        found.push(keys.id(kind, key))
    });
    if text.contains(['«', '“', '"', '„']) {
        found.push(keys.id(Kind::Quote, String::new()));
    }
    let mut first = true;
    for_each_token(text, |span, key| {
        let word = &text[span];
        let Some(initial) = word.chars().next() else {
            return;
        };
        if !initial.is_alphabetic() {
            return;
        }
        if let Some(month) = month(key) {
            found.push(keys.id(Kind::Month, month.to_string()));
        }
        let letters = key.chars().count();
        if initial.is_uppercase() && letters >= 2 && (!first || is_acronym(word)) {
            found.push(keys.id(Kind::Name, key.to_owned()));
        }
        if letters >= 4 && key.chars().all(char::is_alphabetic) {
            let prefix: String = key.chars().take(4).collect();
            found.push(keys.id(Kind::Cognate, prefix));
        }
        first = false;
    });
    found.sort_unstable();
    found
}

/// The words of a translated sentence (or of the side it is compared with) and each pair of
/// neighbouring words, as keys.
pub fn translated_keys(text: &str, keys: &mut Keys) -> Vec<u32> {
    let mut found = Vec::new();
    let mut previous = String::new();
    for_each_token(text, |_, key| {
        if key.chars().next().is_some_and(char::is_alphanumeric) {
            found.push(keys.id(Kind::Translated, key.to_owned()));
            if !previous.is_empty() {
                found.push(keys.id(Kind::Translated, format!("{previous} {key}")));
            }
            previous = key.to_owned();
        }
    });
    found.sort_unstable();
    found
}

fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The month a (folded) word names, in French, English or German.
fn month(key: &str) -> Option<u8> {
    Some(match key {
        "janvier" | "january" | "januar" => 1,
        "fevrier" | "february" | "februar" => 2,
        "mars" | "march" | "marz" => 3,
        "avril" | "april" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "juni" => 6,
        "juillet" | "july" | "juli" => 7,
        "aout" | "august" => 8,
        "septembre" | "september" => 9,
        "octobre" | "october" | "oktober" => 10,
        "novembre" | "november" => 11,
        "decembre" | "december" | "dezember" => 12,
        _ => return None,
    })
}

/// Calls `each` with every number of `text` as its value (`3000`, `1.5`) and every time of
/// day (`10:30`), reading the digits the way the side spells them.
fn number_keys(text: &str, numbers: Numbers, each: &mut dyn FnMut(Kind, String)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit_at = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit());
    let run_end = |mut k: usize| {
        while digit_at(k) {
            k += 1;
        }
        k
    };
    let mut k = 0;
    while k < chars.len() {
        // Digits glued to a word (`A320`) are no number; the minutes of `8h05` are.
        let glued = k > 0
            && chars[k - 1].1.is_alphanumeric()
            && !(chars[k - 1].1 == 'h' && k > 1 && chars[k - 2].1.is_ascii_digit());
        if !digit_at(k) || glued {
            k += 1;
            continue;
        }
        let mut end = run_end(k);
        let mut integer: String = chars[k..end].iter().map(|(_, c)| c).collect();
        let mut fraction = String::new();
        // Thousands: a separator then exactly three digits, after a head of one to three.
        let grouping: &[char] = match numbers {
            Numbers::Continental => &[' ', '\u{a0}', '\u{202f}', '.', '\'', '’'],
            Numbers::English => &[','],
        };
        if integer.len() <= 3 {
            while end + 3 < chars.len() + 1
                && chars.get(end).is_some_and(|(_, c)| grouping.contains(c))
                && run_end(end + 1) == end + 4
            {
                integer.extend(chars[end + 1..end + 4].iter().map(|(_, c)| c));
                end += 4;
            }
        }
        let decimal = match numbers {
            Numbers::Continental => ',',
            Numbers::English => '.',
        };
        if chars.get(end).is_some_and(|&(_, c)| c == decimal) && digit_at(end + 1) {
            let after = run_end(end + 1);
            fraction = chars[end + 1..after].iter().map(|(_, c)| c).collect();
            end = after;
        }
        // A time of day: `10 h 30`, `10h30`, `10 h` / `10:30`.
        let hour = integer
            .parse::<u32>()
            .ok()
            .filter(|h| *h < 24 && fraction.is_empty());
        if let Some(minutes) = hour.and_then(|_| time_after(&chars, end, numbers)) {
            each(Kind::Time, format!("{}:{minutes:02}", hour.unwrap_or(0)));
        }
        let integer = integer.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        let value = match (integer.is_empty(), fraction.is_empty()) {
            (_, true) if integer.is_empty() => "0".to_owned(),
            (_, true) => integer.to_owned(),
            (true, false) => format!("0.{fraction}"),
            (false, false) => format!("{integer}.{fraction}"),
        };
        each(Kind::Number, value);
        k = end;
    }
}

/// The minutes of a time whose hour ends at `end`, if a time follows.
fn time_after(chars: &[(usize, char)], end: usize, numbers: Numbers) -> Option<u32> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let minutes_at = |k: usize| -> Option<u32> {
        let digits: String = (k..k + 2).filter_map(at).collect();
        (digits.len() == 2
            && digits.chars().all(|c| c.is_ascii_digit())
            && !at(k + 2).is_some_and(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|m| *m < 60)
    };
    match numbers {
        Numbers::English => (at(end) == Some(':'))
            .then(|| minutes_at(end + 1))
            .flatten(),
        Numbers::Continental => {
            let mut k = end;
            if matches!(at(k), Some(' ' | '\u{a0}' | '\u{202f}')) {
                k += 1;
            }
            if at(k) != Some('h') || at(k + 1).is_some_and(char::is_alphabetic) {
                return None;
            }
            k += 1;
            if let Some(minutes) = minutes_at(k) {
                return Some(minutes);
            }
            if matches!(at(k), Some(' ' | '\u{a0}' | '\u{202f}'))
                && let Some(minutes) = minutes_at(k + 1)
            {
                return Some(minutes);
            }
            Some(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str, side: Numbers) -> Vec<String> {
        let mut found = Vec::new();
        number_keys(text, side, &mut |kind, key| {
            found.push(format!("{kind:?} {key}"))
        });
        found
    }

    #[test]
    fn numbers_are_read_as_each_language_spells_them() {
        assert_eq!(
            numbers(
                "Il a payé 1 000,5 euros pour 3\u{202f}000 mètres.",
                Numbers::Continental
            ),
            ["Number 1000.5", "Number 3000"]
        );
        assert_eq!(
            numbers("He paid 1,000.5 euros for 3,000 metres.", Numbers::English),
            ["Number 1000.5", "Number 3000"]
        );
        // The same digits, spelled the other way round, are other numbers.
        assert_eq!(numbers("1,5 %", Numbers::Continental), ["Number 1.5"]);
        assert_eq!(numbers("1,5 %", Numbers::English), ["Number 1", "Number 5"]);
        assert_eq!(
            numbers("en 2014 et 12", Numbers::Continental),
            ["Number 2014", "Number 12"]
        );
    }

    #[test]
    fn times_of_day_agree_across_spellings() {
        assert_eq!(
            numbers("à 10 h 30 puis 8h05 et 9 h", Numbers::Continental),
            [
                "Time 10:30",
                "Number 10",
                "Number 30",
                "Time 8:05",
                "Number 8",
                "Number 5",
                "Time 9:00",
                "Number 9"
            ]
        );
        assert_eq!(
            numbers("at 10:30", Numbers::English),
            ["Time 10:30", "Number 10", "Number 30"]
        );
    }

    #[test]
    fn names_cognates_months_and_quotes_are_shared_keys() {
        let mut keys = Keys::default();
        let french = sentence_keys(
            "Le sportif Jhonathan Florez a sauté le 12 mars au-dessus de Bogota, « la capitale ».",
            Numbers::Continental,
            &mut keys,
        );
        let english = sentence_keys(
            "On March 12, sportsman Jhonathan Florez jumped over Bogota, \"the capital\".",
            Numbers::English,
            &mut keys,
        );
        let shared: Vec<u32> = french
            .iter()
            .filter(|k| english.contains(k))
            .copied()
            .collect();
        let named: Vec<(Kind, String)> = keys
            .ids
            .iter()
            .filter(|(_, id)| shared.contains(id))
            .map(|(key, _)| key.clone())
            .collect();
        for expected in [
            (Kind::Number, "12"),
            (Kind::Month, "3"),
            (Kind::Name, "florez"),
            (Kind::Name, "bogota"),
            (Kind::Cognate, "capi"),
            (Kind::Cognate, "spor"),
            (Kind::Quote, ""),
        ] {
            assert!(
                named.contains(&(expected.0, expected.1.to_owned())),
                "{expected:?} not shared: {named:?}"
            );
        }
        // The sentence's first word is no name.
        assert!(!named.contains(&(Kind::Name, "le".to_owned())));
    }
}
