//! The glossary index: every source form of every entry as a sequence of word keys, looked up
//! by its first key, matched leftmost-longest over the tokens of a French text.
//!
//! Keys are interned to `u32`, so matching a sentence is one tokenisation pass plus one hash
//! lookup per token; the cost does not grow with the size of the glossary.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::normalize::{for_each_token, french_stem};
use super::{CaseMode, Entry, Glossary};

const NO_KEY: u32 = u32::MAX;

/// A term found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// UTF-8 byte span into the text (balanced: a quotation mark opened inside is closed).
    pub span: Range<usize>,
    /// The entry, for [`Index::entry`].
    pub entry: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: u32,
    keys: Box<[u32]>,
    inflect: bool,
    /// The term's own words, kept only when case or accents must be compared.
    words: Option<Box<[Box<str>]>>,
    /// The folded (unstemmed) keys, kept only for `whole_word: false` entries.
    folded: Option<Box<[Box<str>]>>,
}

/// One entry hidden by a later one with the same source form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shadowed {
    pub hidden: usize,
    pub by: usize,
    pub form: String,
}

/// All entries of a list of glossaries, ready to match. Later glossaries win over earlier ones
/// when two entries have the same source form.
#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<Entry>,
    /// The glossary (position in the list given to `build`) of each entry.
    glossary_of: Vec<u32>,
    glossary_names: Vec<String>,
    interner: FastMap<Box<str>, u32>,
    patterns: Vec<Pattern>,
    by_first_key: FastMap<u32, Vec<u32>>,
    /// Patterns of entries with `whole_word: false`, tried at every token.
    partial: Vec<u32>,
    shadowed: Vec<Shadowed>,
}

/// A token of the text being matched.
struct TextToken {
    span: Range<usize>,
    plain: u32,
    stem: u32,
    /// The folded key itself, kept only when `whole_word: false` patterns need it.
    folded: Option<Box<str>>,
}

impl Index {
    /// Indexes the glossaries, in order of increasing priority.
    pub fn build(glossaries: Vec<Glossary>) -> Index {
        let mut index = Index::default();
        // Pattern ids by a hash of their keys, to find an earlier entry with the same form
        // without keeping a second copy of every key sequence.
        let mut seen: FastMap<u64, u32> = FastMap::default();
        for (g, glossary) in glossaries.into_iter().enumerate() {
            index.glossary_names.push(glossary.name.clone());
            index.entries.reserve(glossary.entries.len());
            for entry in glossary.entries {
                let entry_id = index.entries.len() as u32;
                for form in entry.source_forms() {
                    let Some(pattern) = index.pattern(entry_id, &entry, form) else {
                        continue;
                    };
                    let hash = hash_keys(&pattern.keys, pattern.inflect);
                    let id = index.patterns.len() as u32;
                    let same = seen.get(&hash).copied().filter(|p| {
                        let earlier = &index.patterns[*p as usize];
                        earlier.keys == pattern.keys && earlier.inflect == pattern.inflect
                    });
                    if let Some(previous) = same {
                        let earlier = &mut index.patterns[previous as usize];
                        if earlier.entry != entry_id {
                            index.shadowed.push(Shadowed {
                                hidden: earlier.entry as usize,
                                by: entry_id as usize,
                                form: form.to_owned(),
                            });
                        }
                        earlier.entry = entry_id;
                        earlier.words = pattern.words;
                        continue;
                    }
                    seen.insert(hash, id);
                    if entry.whole_word {
                        index
                            .by_first_key
                            .entry(pattern.keys[0])
                            .or_default()
                            .push(id);
                    } else {
                        index.partial.push(id);
                    }
                    index.patterns.push(pattern);
                }
                index.entries.push(entry);
                index.glossary_of.push(g as u32);
            }
        }
        index
    }

    fn intern(&mut self, key: &str) -> u32 {
        if let Some(id) = self.interner.get(key) {
            return *id;
        }
        let id = self.interner.len() as u32;
        self.interner.insert(Box::from(key), id);
        id
    }

    fn pattern(&mut self, entry_id: u32, entry: &Entry, form: &str) -> Option<Pattern> {
        let compare_words = entry.case != CaseMode::Insensitive || entry.accent_sensitive;
        let mut keys = Vec::with_capacity(4);
        let mut words = Vec::new();
        let mut folded = Vec::new();
        for_each_token(form, |span, key| {
            let id = if entry.inflect {
                self.intern(&french_stem(key))
            } else {
                self.intern(key)
            };
            keys.push(id);
            if compare_words {
                words.push(Box::<str>::from(form[span].nfc().collect::<String>()));
            }
            if !entry.whole_word {
                folded.push(Box::<str>::from(key));
            }
        });
        if keys.is_empty() {
            return None;
        }
        Some(Pattern {
            entry: entry_id,
            keys: keys.into(),
            inflect: entry.inflect,
            words: compare_words.then(|| words.into()),
            folded: (!entry.whole_word).then(|| folded.into()),
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry behind a hit.
    pub fn entry(&self, id: usize) -> &Entry {
        &self.entries[id]
    }

    /// The name of the glossary an entry comes from.
    pub fn glossary_name(&self, id: usize) -> &str {
        &self.glossary_names[self.glossary_of[id] as usize]
    }

    /// Entries hidden by a later entry with the same source form.
    pub fn shadowed(&self) -> &[Shadowed] {
        &self.shadowed
    }

    fn text_tokens(&self, text: &str) -> Vec<TextToken> {
        let mut tokens = Vec::new();
        let keep_folded = !self.partial.is_empty();
        for_each_token(text, |span, key| {
            let plain = self.interner.get(key).copied().unwrap_or(NO_KEY);
            let stemmed = french_stem(key);
            let stem = if stemmed.len() == key.len() {
                plain
            } else {
                self.interner
                    .get(stemmed.as_ref())
                    .copied()
                    .unwrap_or(NO_KEY)
            };
            let folded = keep_folded.then(|| Box::from(key));
            tokens.push(TextToken {
                span,
                plain,
                stem,
                folded,
            });
        });
        tokens
    }

    /// The terms of the glossaries found in `text`: leftmost-longest, non-overlapping, in text
    /// order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let tokens = self.text_tokens(text);
        let mut hits = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(text, &tokens, i) {
                Some((pattern, len)) => {
                    let span = tokens[i].span.start..tokens[i + len - 1].span.end;
                    hits.push(Hit {
                        span: balance_quotes(text, span),
                        entry: self.patterns[pattern as usize].entry as usize,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// The longest pattern matching at token `i` (its id and length in tokens); among equally
    /// long ones, the latest entry.
    fn longest_at(&self, text: &str, tokens: &[TextToken], i: usize) -> Option<(u32, usize)> {
        let first = &tokens[i];
        let mut best: Option<(u32, usize)> = None;
        let mut consider = |id: u32, len: usize| {
            let better = match best {
                None => true,
                Some((b, blen)) => {
                    len > blen
                        || (len == blen
                            && self.patterns[id as usize].entry > self.patterns[b as usize].entry)
                }
            };
            if better {
                best = Some((id, len));
            }
        };
        let mut candidates = |key: u32| {
            if key == NO_KEY {
                return;
            }
            for &id in self.by_first_key.get(&key).into_iter().flatten() {
                let pattern = &self.patterns[id as usize];
                if self.matches(text, pattern, &tokens[i..]) {
                    consider(id, pattern.keys.len());
                }
            }
        };
        candidates(first.plain);
        if first.stem != first.plain {
            candidates(first.stem);
        }
        for &id in &self.partial {
            let pattern = &self.patterns[id as usize];
            if self.matches_partially(pattern, &tokens[i..]) {
                consider(id, pattern.keys.len());
            }
        }
        best
    }

    fn matches(&self, text: &str, pattern: &Pattern, tokens: &[TextToken]) -> bool {
        if tokens.len() < pattern.keys.len() {
            return false;
        }
        let keys_agree = pattern.keys.iter().zip(tokens).all(|(key, token)| {
            *key == if pattern.inflect {
                token.stem
            } else {
                token.plain
            }
        });
        if !keys_agree {
            return false;
        }
        let Some(words) = &pattern.words else {
            return true;
        };
        let entry = &self.entries[pattern.entry as usize];
        words.iter().zip(tokens).all(|(word, token)| {
            let found: String = text[token.span.clone()].nfc().collect();
            word_agrees(word, &found, entry)
        })
    }

    /// A `whole_word: false` pattern: its first word may end a longer word, its last word may
    /// begin one (`cyber` in `cyberattaque`).
    fn matches_partially(&self, pattern: &Pattern, tokens: &[TextToken]) -> bool {
        let Some(term) = &pattern.folded else {
            return false;
        };
        let n = term.len();
        if tokens.len() < n {
            return false;
        }
        let keys: Vec<&str> = tokens[..n]
            .iter()
            .map(|t| t.folded.as_deref().unwrap_or_default())
            .collect();
        if n == 1 {
            return keys[0].contains(&*term[0]);
        }
        keys[0].ends_with(&*term[0])
            && keys[n - 1].starts_with(&*term[n - 1])
            && (1..n - 1).all(|j| keys[j] == &*term[j])
    }
}

/// Case and accent agreement of one word of a term with the word found in the text.
fn word_agrees(term: &str, found: &str, entry: &Entry) -> bool {
    for (t, f) in term.chars().zip(found.chars()) {
        let case_ok = match entry.case {
            CaseMode::Insensitive => true,
            CaseMode::Sensitive => t.is_uppercase() == f.is_uppercase(),
            CaseMode::Permissive => !t.is_uppercase() || f.is_uppercase(),
        };
        let accent_ok = !entry.accent_sensitive || t.to_lowercase().eq(f.to_lowercase());
        if !case_ok || !accent_ok {
            return false;
        }
    }
    true
}

/// Extends a span that opens a quotation (`nouvelles « Routes de la soie`) to its closing mark.
fn balance_quotes(text: &str, span: Range<usize>) -> Range<usize> {
    let inside = &text[span.clone()];
    let opened = inside.matches(['«', '“']).count();
    let closed = inside.matches(['»', '”']).count();
    if opened <= closed {
        return span;
    }
    let rest = &text[span.end..];
    let after_space = rest.len() - rest.trim_start().len();
    match rest[after_space..].chars().next() {
        Some(c @ ('»' | '”')) => span.start..span.end + after_space + c.len_utf8(),
        _ => span,
    }
}

/// A hash map with a fast, non-cryptographic hasher: the keys are the glossary's own words and
/// word ids, not input an attacker chooses to collide.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The multiply-rotate hasher of rustc (FxHash): a few cycles per word of input.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl FastHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ rest.len() as u64);
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn hash_keys(keys: &[u32], inflect: bool) -> u64 {
    let mut hasher = FastHasher::default();
    keys.hash(&mut hasher);
    inflect.hash(&mut hasher);
    hasher.finish()
}
