//! Spell check of the English: Hunspell dictionaries (`.aff`/`.dic`, as Debian's
//! `hunspell-en-gb` and `hunspell-en-us` install them) read by `spellbook`, a maintained
//! pure-Rust Hunspell reader (the spell checker of the Helix editor).
//!
//! Words the translator cannot have misspelt are never flagged: the English targets and
//! variants of the segment's glossary terms (names such as `Tokayev` among them), words in
//! capitals (`SCO`, `BRI`), words with digits, and the user's own word list
//! (`$XDG_DATA_HOME/passeur/words.txt`, one word a line, written by "add to dictionary").

use std::collections::HashSet;
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use spellbook::Dictionary;

/// The directories searched for `LANGUAGE.aff` and `LANGUAGE.dic`, in order.
pub fn dictionary_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = crate::paths::data_dir()
        .map(|dir| dir.join("dictionaries"))
        .into_iter()
        .collect();
    dirs.extend(
        [
            "/usr/share/hunspell",
            "/usr/share/myspell",
            "/usr/share/myspell/dicts",
        ]
        .iter()
        .map(PathBuf::from),
    );
    dirs
}

/// The dictionaries to look for, in order, for a project translating into `target`
/// (`en-US` → American first, anything else British first).
pub fn languages_for(target: &str) -> [&'static str; 2] {
    match target.to_ascii_lowercase().replace('_', "-").as_str() {
        "en-us" => ["en_US", "en_GB"],
        _ => ["en_GB", "en_US"],
    }
}

/// The user's own words.
pub fn personal_words_file() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join("words.txt"))
}

#[derive(Debug, thiserror::Error)]
pub enum SpellError {
    #[error(
        "no English dictionary found (looked for {language}.aff and {language}.dic in {}); \
         install one: sudo apt-get install hunspell-en-gb (or hunspell-en-us)",
        .searched.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    NoDictionary {
        language: String,
        searched: Vec<PathBuf>,
    },
    #[error("{}: cannot read the dictionary: {message}", .path.display())]
    Unreadable { path: PathBuf, message: String },
}

pub struct Speller {
    dictionary: Dictionary,
    /// Words never flagged, in lower case: glossary targets and the user's words.
    accepted: HashSet<String>,
    language: String,
    /// Suggestions already computed (each costs tens of milliseconds): a word left in French
    /// throughout a long article is looked up once, not at every occurrence.
    suggested: std::sync::Mutex<std::collections::HashMap<String, Vec<String>>>,
}

/// Words whose suggestions are kept at most.
const SUGGESTIONS_KEPT: usize = 10_000;

impl Speller {
    /// The dictionaries to look for, in order, for a project translating into `target`
    /// (`en-US` → American first, anything else British first).
    pub fn languages_for(target: &str) -> [&'static str; 2] {
        match target.to_ascii_lowercase().replace('_', "-").as_str() {
            "en-us" => ["en_US", "en_GB"],
            _ => ["en_GB", "en_US"],
        }
    }

    /// The first of `languages` (`en_GB`, `en_US`) found in `dirs`, with the words of
    /// `personal` (a file of one word a line, when it exists).
    pub fn load(
        languages: &[&str],
        dirs: &[PathBuf],
        personal: Option<&Path>,
    ) -> Result<Speller, SpellError> {
        let found = languages.iter().find_map(|language| {
            dirs.iter().find_map(|dir| {
                let aff = dir.join(format!("{language}.aff"));
                let dic = dir.join(format!("{language}.dic"));
                (aff.is_file() && dic.is_file()).then(|| (language.to_string(), aff, dic))
            })
        });
        let Some((language, aff, dic)) = found else {
            return Err(SpellError::NoDictionary {
                language: languages.first().copied().unwrap_or("en_GB").to_owned(),
                searched: dirs.to_vec(),
            });
        };
        let read = |path: &Path| {
            let bytes = std::fs::read(path).map_err(|e| SpellError::Unreadable {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
            // Debian's dictionaries are UTF-8; an older one in Latin-1 is read as such.
            Ok::<String, SpellError>(match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => encoding_rs::WINDOWS_1252
                    .decode(error.as_bytes())
                    .0
                    .into_owned(),
            })
        };
        let dictionary =
            Dictionary::new(&read(&aff)?, &read(&dic)?).map_err(|e| SpellError::Unreadable {
                path: dic.clone(),
                message: e.to_string(),
            })?;
        let mut speller = Speller {
            dictionary,
            accepted: HashSet::new(),
            language,
            suggested: Default::default(),
        };
        if let Some(text) = personal.and_then(|p| std::fs::read_to_string(p).ok()) {
            speller.accept(text.lines().map(str::trim).filter(|w| !w.is_empty()));
        }
        Ok(speller)
    }

    /// The dictionary's language (`en_GB`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Words never to flag (each word of each phrase given).
    pub fn accept<'w>(&mut self, phrases: impl IntoIterator<Item = &'w str>) {
        for phrase in phrases {
            for (word, _) in words(phrase) {
                self.accepted.insert(normal(word).to_lowercase());
            }
        }
    }

    /// Whether `word` is spelt right (or accepted).
    pub fn is_correct(&self, word: &str) -> bool {
        self.is_correct_with(word, &HashSet::new())
    }

    fn is_correct_with(&self, word: &str, also: &HashSet<String>) -> bool {
        let word = normal(word);
        also.contains(&word.to_lowercase())
            || self.accepted.contains(&word.to_lowercase())
            || self.dictionary.check(&word)
            || word.strip_suffix("'s").is_some_and(|stem| {
                self.dictionary.check(stem) || self.accepted.contains(&stem.to_lowercase())
            })
    }

    /// The byte spans of the misspelt words of `text`; the words of `also` (a segment's
    /// glossary targets) are accepted too, and so is a word written exactly as it is in
    /// `source` (a name copied from the French: `Tokaïev`, `Samarcande`'s neighbours).
    pub fn misspelled(&self, text: &str, also: &[String], source: &str) -> Vec<Range<usize>> {
        let copied: HashSet<&str> = words(source).into_iter().map(|(w, _)| w).collect();
        let also: HashSet<String> = also
            .iter()
            .flat_map(|phrase| {
                words(phrase)
                    .into_iter()
                    .map(|(w, _)| normal(w).to_lowercase())
            })
            .collect();
        words(text)
            .into_iter()
            .filter(|(word, _)| {
                checkable(word) && !copied.contains(word) && !self.is_correct_with(word, &also)
            })
            .map(|(_, span)| span)
            .collect()
    }

    /// Corrections for `word`, best first (at most five).
    pub fn suggestions(&self, word: &str) -> Vec<String> {
        let key = normal(word);
        if let Some(known) = self
            .suggested
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return known;
        }
        let mut out = Vec::new();
        self.dictionary.suggest(&key, &mut out);
        out.truncate(5);
        if let Ok(mut kept) = self.suggested.lock()
            && kept.len() < SUGGESTIONS_KEPT
        {
            kept.insert(key, out.clone());
        }
        out
    }
}

/// Adds `word` to the user's word list at `file` (created when missing).
pub fn add_personal_word(file: &Path, word: &str) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    writeln!(out, "{}", word.trim())
}

/// A word with a typographic apostrophe made straight, as dictionaries write it.
fn normal(word: &str) -> String {
    word.replace(['’', 'ʼ'], "'")
}

/// Whether a word is checked at all: not a single letter, no digits, not in capitals.
fn checkable(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters > 1
        && !word.chars().any(|c| c.is_ascii_digit())
        && !word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The words of `text` with their byte spans: letters (and digits), with apostrophes inside
/// (`China's`, `don’t`); hyphens separate words.
pub fn words(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let apostrophe_inside = matches!(c, '\'' | '’' | 'ʼ')
            && start.is_some()
            && chars
                .get(i + 1)
                .is_some_and(|(_, next)| next.is_alphabetic());
        let in_word = c.is_alphanumeric() || apostrophe_inside;
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                found.push((&text[from..at], from..at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        found.push((&text[from..], from..text.len()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speller() -> Option<Speller> {
        // The languages a project in `en`, `en-GB` or `en-US` looks for, in order.
        Speller::load(&["en_GB", "en_US"], &dictionary_dirs(), None).ok()
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let text = "China’s ex-Soviet 'allies' don't";
        let found: Vec<&str> = words(text).into_iter().map(|(w, _)| w).collect();
        assert_eq!(found, ["China’s", "ex", "Soviet", "allies", "don't"]);
    }

    #[test]
    fn misspellings_are_found_and_names_and_terms_are_not() {
        let Some(mut speller) = speller() else {
            panic!("a Hunspell English dictionary is installed by .ci/run");
        };
        speller.accept(["Belt and Road"]);
        let text = "Tokayev met the goverment of Kazakstan about the SCO and China’s BRI in 2022, \
                    at Akorda and Akordaa.";
        let source = "Tokaïev a rencontré le gouvernement du Kazakhstan à Akorda.";
        let targets = ["Kassym-Jomart Tokayev".to_owned()];
        let flagged: Vec<&str> = speller
            .misspelled(text, &targets, source)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(
            flagged,
            ["goverment", "Kazakstan", "Akordaa"],
            "Akorda is copied as it is from the French"
        );
        assert!(
            speller
                .suggestions("goverment")
                .contains(&"government".to_owned())
        );
        // Computed once: the second time comes from what was kept.
        let first = speller.suggestions("goverment");
        assert_eq!(speller.suggestions("goverment"), first);
        assert_eq!(speller.suggested.lock().unwrap().len(), 1);
        assert_ne!(speller.suggestions("Goverment"), first, "case is kept");
    }
}
