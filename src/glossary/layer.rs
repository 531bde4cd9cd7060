//! One glossary compiled for matching: every source form of every entry as a sequence of word
//! keys (interned to `u32`), found by walking a [`Trie`] of those sequences.
//!
//! The layout is flat so that it is small and can be written to and read from the cache in one
//! pass: one array of pattern heads, one array of all keys, two tries (patterns that match the
//! tokens' plain keys, patterns that match their stems), and the entries in an [`EntryStore`].
//! The longest match at a token costs one trie step per token matched, whatever the size of the
//! glossary. Within a glossary, a later entry with the same form replaces an earlier one
//! (reported in [`Layer::shadowed`]).

use std::hash::{Hash, Hasher};
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::binary::{Reader, Writer};
use super::normalize::{for_each_token, french_stem};
use super::store::EntryStore;
use super::trie::{Step, Trie};
use super::{CaseMode, Entry, Glossary, Number};
use crate::util::fast_map::{FastHasher, FastMap};

/// The id of a key this layer has never seen: it matches nothing.
const NO_KEY: u32 = u32::MAX;
const NO_EXTRA: u32 = u32::MAX;
/// In a trie's payload: the pattern has an [`Extra`] (entries number below 2^31: a glossary
/// file is at most 512 MiB).
const HAS_EXTRA: u32 = 1 << 31;
/// 6: the word keys fold irregular feminines and U+02BC (issue of exact terms).
/// 7: an entry's grammatical number (`inflect: singular|plural`).
const FORMAT_VERSION: u32 = 7;

#[derive(Debug, Clone, Copy)]
struct Head {
    entry: u32,
    keys_start: u32,
    keys_len: u32,
    inflect: bool,
    /// Index into `extras`, or `NO_EXTRA` for a plain case-insensitive whole-word pattern.
    extra: u32,
}

impl Head {
    /// See [`Layer::payload`].
    fn payload(&self) -> u32 {
        match self.extra {
            NO_EXTRA => self.entry,
            _ => self.entry | HAS_EXTRA,
        }
    }
}

/// What only a few patterns need: their own words (to compare case or accents) and their
/// folded keys (to match inside longer words).
#[derive(Debug, Clone)]
struct Extra {
    case: CaseMode,
    accent_sensitive: bool,
    number: Number,
    /// The entry for the other number of the same term, with its own words (`urgence`,
    /// singular, beside `urgences`, plural: one pattern of stems, two entries).
    other_number: Option<(u32, Box<[Box<str>]>)>,
    words: Box<[Box<str>]>,
    /// Present for `whole_word: false` entries.
    folded: Option<Box<[Box<str>]>>,
}

/// A later entry that replaces an earlier one with the same form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerShadow {
    pub hidden: u32,
    pub by: u32,
    pub form: String,
}

/// A token of the text being matched, as one layer sees it: its key ids, and the first step
/// of each trie's walk from it (worked out once per distinct word of the text, so that a
/// token no pattern starts with costs no look into the tries).
#[derive(Debug, Clone, Copy)]
pub struct TokenIds {
    pub plain: u32,
    pub stem: u32,
    plain_start: Option<Step>,
    stem_start: Option<Step>,
}

/// A compiled glossary.
#[derive(Debug, Default)]
pub struct Layer {
    name: String,
    entries: EntryStore,
    key_names: Vec<Box<str>>,
    key_ids: FastMap<Box<str>, u32>,
    heads: Vec<Head>,
    keys: Vec<u32>,
    /// Whole-word patterns that do not inflect, by their keys (walked with the tokens' plain
    /// keys), and those that do (walked with the tokens' stems).
    plain: Trie,
    stemmed: Trie,
    /// `whole_word: false` patterns, tried at every token.
    partial: Vec<u32>,
    extras: Vec<Extra>,
    shadowed: Vec<LayerShadow>,
}

/// The other spelling of an acronym: `BCE` → `B.C.E` (the final dot may end the sentence, so
/// the match leaves it out), `U.S.` or `U.S` → `US`. `None` for anything else: two to six
/// capital letters, with or without a dot after each.
pub fn acronym_twin(form: &str) -> Option<String> {
    // Most forms are words in lower case: rejected before anything is allocated (a glossary of
    // a million entries asks this a million times).
    if form.len() > 24 || form.bytes().any(|b| b.is_ascii_lowercase() || b == b' ') {
        return None;
    }
    let letters: Vec<char> = form.chars().filter(|c| *c != '.').collect();
    if !(2..=6).contains(&letters.len()) || !letters.iter().all(|c| c.is_uppercase()) {
        return None;
    }
    let dotted: String = letters.iter().map(|c| format!("{c}.")).collect();
    let undotted: String = letters.iter().collect();
    if form == undotted {
        Some(dotted.trim_end_matches('.').to_owned())
    } else if form == dotted || form == dotted.trim_end_matches('.') {
        Some(undotted)
    } else {
        None
    }
}

impl Layer {
    /// Compiles a glossary; `progress` is told how many entries are done.
    pub fn build(glossary: Glossary, progress: &mut dyn FnMut(usize, usize)) -> Layer {
        let total = glossary.entries.len();
        let mut layer = Layer {
            name: glossary.name,
            entries: EntryStore::with_room_for(&glossary.entries),
            heads: Vec::with_capacity(total),
            keys: Vec::with_capacity(total * 3),
            ..Layer::default()
        };
        let mut seen: FastMap<u64, u32> = FastMap::default();
        seen.reserve(total);
        let mut keys = Vec::new();
        for (done, entry) in glossary.entries.into_iter().enumerate() {
            if done % 65_536 == 0 {
                progress(done, total);
            }
            let entry_id = layer.entries.push(&entry);
            // An acronym also matches its dotted or undotted twin (`BCE` finds `B.C.E.`, `U.S.`
            // finds `US`), in capitals, unless the entry wants its case exactly.
            let twins: Vec<String> = match entry.case {
                CaseMode::Sensitive => Vec::new(),
                _ => entry.source_forms().filter_map(acronym_twin).collect(),
            };
            let twin_entry = (!twins.is_empty()).then(|| Entry {
                case: CaseMode::Permissive,
                ..entry.clone()
            });
            let forms = entry.source_forms().map(|form| (form, &entry)).chain(
                twins
                    .iter()
                    .map(|form| (form.as_str(), twin_entry.as_ref().unwrap_or(&entry))),
            );
            for (form, entry) in forms {
                keys.clear();
                let extra = layer.form_keys(entry, form, &mut keys);
                if keys.is_empty() {
                    continue;
                }
                let hash = hash_keys(&keys, entry.inflect);
                let same = seen.get(&hash).copied().filter(|p| {
                    layer.pattern_keys(*p) == keys.as_slice()
                        && layer.heads[*p as usize].inflect == entry.inflect
                });
                if let Some(previous) = same {
                    if let Some(extra) = &extra
                        && layer.pair_numbers(previous, entry_id, extra)
                    {
                        continue;
                    }
                    let extra = layer.push_extra(extra);
                    let head = &mut layer.heads[previous as usize];
                    if head.entry != entry_id {
                        layer.shadowed.push(LayerShadow {
                            hidden: head.entry,
                            by: entry_id,
                            form: form.to_owned(),
                        });
                    }
                    head.entry = entry_id;
                    head.extra = extra;
                    if !entry.whole_word && !layer.partial.contains(&previous) {
                        layer.partial.push(previous);
                    }
                    continue;
                }
                let id = layer.heads.len() as u32;
                seen.insert(hash, id);
                let extra_id = layer.push_extra(extra);
                layer.heads.push(Head {
                    entry: entry_id,
                    keys_start: layer.keys.len() as u32,
                    keys_len: keys.len() as u32,
                    inflect: entry.inflect,
                    extra: extra_id,
                });
                layer.keys.extend_from_slice(&keys);
                if !entry.whole_word {
                    layer.partial.push(id);
                }
            }
        }
        layer.build_tries();
        progress(total, total);
        layer
    }

    /// Keeps `entry` beside the entry of `pattern` when each takes one grammatical number of
    /// the same term (see [`Extra::other_number`]); whether it did.
    fn pair_numbers(&mut self, pattern: u32, entry: u32, extra: &Extra) -> bool {
        let head = self.heads[pattern as usize];
        let Some(existing) = self.extras.get_mut(head.extra as usize) else {
            return false;
        };
        let complementary = matches!(
            (existing.number, extra.number),
            (Number::Singular, Number::Plural) | (Number::Plural, Number::Singular)
        );
        if !complementary || head.entry == entry {
            return false;
        }
        existing.other_number = Some((entry, extra.words.clone()));
        true
    }

    fn push_extra(&mut self, extra: Option<Extra>) -> u32 {
        match extra {
            Some(extra) => {
                self.extras.push(extra);
                (self.extras.len() - 1) as u32
            }
            None => NO_EXTRA,
        }
    }

    fn intern(&mut self, key: &str) -> u32 {
        if let Some(id) = self.key_ids.get(key) {
            return *id;
        }
        let id = self.key_names.len() as u32;
        self.key_names.push(Box::from(key));
        self.key_ids.insert(Box::from(key), id);
        id
    }

    /// The keys of one source form (stemmed when the entry inflects), and what the pattern
    /// needs beyond them.
    fn form_keys(&mut self, entry: &Entry, form: &str, keys: &mut Vec<u32>) -> Option<Extra> {
        let number = match entry.inflect {
            true => entry.number,
            false => Number::Both,
        };
        let needs_words =
            entry.case != CaseMode::Insensitive || entry.accent_sensitive || number != Number::Both;
        let needs_extra = needs_words || !entry.whole_word;
        let mut words = Vec::new();
        let mut folded = Vec::new();
        for_each_token(form, |span, key| {
            let id = if entry.inflect {
                self.intern(&french_stem(key))
            } else {
                self.intern(key)
            };
            keys.push(id);
            if needs_extra {
                words.push(Box::<str>::from(form[span].nfc().collect::<String>()));
                folded.push(Box::<str>::from(key));
            }
        });
        needs_extra.then(|| Extra {
            case: entry.case,
            accent_sensitive: entry.accent_sensitive,
            number,
            other_number: None,
            words: words.into(),
            folded: (!entry.whole_word).then(|| folded.into()),
        })
    }

    /// The tries of the whole-word patterns (`whole_word: false` ones are tried at every
    /// token instead).
    fn build_tries(&mut self) {
        let whole_word = |inflect: bool| {
            let layer = &*self;
            (0..layer.heads.len() as u32).filter_map(move |id| {
                let head = &layer.heads[id as usize];
                let whole = layer.extra(head).is_none_or(|e| e.folded.is_none());
                (whole && head.inflect == inflect)
                    .then(|| (id, layer.payload(id), layer.pattern_keys(id)))
            })
        };
        let plain = Trie::build(self.key_names.len(), whole_word(false));
        let stemmed = Trie::build(self.key_names.len(), whole_word(true));
        self.plain = plain;
        self.stemmed = stemmed;
    }

    /// What a trie keeps beside a pattern, so that a match reads nothing else: the entry, with
    /// [`HAS_EXTRA`] set when the pattern must also compare its words.
    fn payload(&self, pattern: u32) -> u32 {
        self.heads[pattern as usize].payload()
    }

    fn pattern_keys(&self, pattern: u32) -> &[u32] {
        let head = &self.heads[pattern as usize];
        &self.keys[head.keys_start as usize..(head.keys_start + head.keys_len) as usize]
    }

    fn extra(&self, head: &Head) -> Option<&Extra> {
        self.extras.get(head.extra as usize)
    }

    /// The glossary's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entry number `id`.
    pub fn entry(&self, id: u32) -> Entry {
        self.entries.get(id)
    }

    /// Entries of this glossary replaced by a later entry with the same form.
    pub fn shadowed(&self) -> &[LayerShadow] {
        &self.shadowed
    }

    /// The ids of a text token's folded key and of its French stem.
    pub fn token_ids(&self, key: &str, stem: &str) -> TokenIds {
        let plain = self.key_ids.get(key).copied().unwrap_or(NO_KEY);
        let stem = if stem.len() == key.len() {
            plain
        } else {
            self.key_ids.get(stem).copied().unwrap_or(NO_KEY)
        };
        TokenIds {
            plain,
            stem,
            plain_start: self.plain.start(plain),
            stem_start: self.stemmed.start(stem),
        }
    }

    /// The longest pattern matching at the start of `words` (its entry and length in tokens);
    /// among equally long ones, the latest entry. `words` are the tokens as distinct words of
    /// the text, `ids` those words' [`TokenIds`]; `spans` and `folded` describe the same tokens:
    /// their place in `text` and their folded keys.
    pub fn longest_at(
        &self,
        text: &str,
        words: &[u32],
        ids: &[TokenIds],
        spans: &[Range<usize>],
        folded: &[&str],
    ) -> Option<(u32, usize)> {
        let mut best: Option<(u32, usize)> = None;
        let mut consider = |entry: u32, len: usize| {
            if best.is_none_or(|(best_entry, best_len)| {
                len > best_len || (len == best_len && entry > best_entry)
            }) {
                best = Some((entry, len));
            }
        };
        let first = ids[*words.first()? as usize];
        for (trie, stemmed, start) in [
            (&self.plain, false, first.plain_start),
            (&self.stemmed, true, first.stem_start),
        ] {
            let Some(mut step) = start else {
                continue;
            };
            for (depth, word) in words.iter().enumerate() {
                if depth > 0 {
                    let token = ids[*word as usize];
                    let key = if stemmed { token.stem } else { token.plain };
                    let Some(next) = trie.next(step, key) else {
                        break;
                    };
                    step = next;
                }
                if let Some((pattern, payload)) = step.terminal() {
                    let entry = match payload & HAS_EXTRA {
                        0 => Some(payload),
                        _ => self.agreeing_entry(text, pattern, &spans[..=depth]),
                    };
                    if let Some(entry) = entry {
                        // A trie pattern's keys are the path to it: depth + 1 tokens.
                        consider(entry, depth + 1);
                    }
                }
            }
        }
        for &pattern in &self.partial {
            if self.matches_partially(pattern, folded) {
                let head = &self.heads[pattern as usize];
                consider(head.entry, head.keys_len as usize);
            }
        }
        best
    }

    /// The entry of `pattern` whose case, accents and grammatical number the words found at
    /// `spans` (as many as the pattern's keys) agree with: the pattern's own, or the entry for
    /// the term's other number.
    fn agreeing_entry(&self, text: &str, pattern: u32, spans: &[Range<usize>]) -> Option<u32> {
        let head = &self.heads[pattern as usize];
        let Some(extra) = self.extra(head) else {
            return Some(head.entry);
        };
        let found: Vec<String> = spans
            .iter()
            .map(|s| text[s.clone()].nfc().collect())
            .collect();
        let agree = |words: &[Box<str>], number: Number| {
            words
                .iter()
                .zip(&found)
                .all(|(word, found)| word_agrees(word, found, extra) && number.agrees(word, found))
        };
        if agree(&extra.words, extra.number) {
            return Some(head.entry);
        }
        let (other, words) = extra.other_number.as_ref()?;
        let number = match extra.number {
            Number::Singular => Number::Plural,
            _ => Number::Singular,
        };
        agree(words, number).then_some(*other)
    }

    /// A `whole_word: false` pattern: its first word may end a longer word, its last word may
    /// begin one (`cyber` in `cyberattaque`).
    fn matches_partially(&self, pattern: u32, keys: &[&str]) -> bool {
        let head = &self.heads[pattern as usize];
        let Some(term) = self.extra(head).and_then(|e| e.folded.as_deref()) else {
            return false;
        };
        let n = term.len();
        if keys.len() < n {
            return false;
        }
        if n == 1 {
            return keys[0].contains(&*term[0]);
        }
        keys[0].ends_with(&*term[0])
            && keys[n - 1].starts_with(&*term[n - 1])
            && (1..n - 1).all(|j| keys[j] == &*term[j])
    }

    /// Whether this layer has a pattern with the same words as `pattern` of `other` (for
    /// reporting an entry of `other` that hides one of this layer), and its entry.
    pub fn same_form_as(&self, other: &Layer, pattern: u32) -> Option<u32> {
        let head = &other.heads[pattern as usize];
        let keys: Option<Vec<u32>> = other
            .pattern_keys(pattern)
            .iter()
            .map(|id| self.key_ids.get(&other.key_names[*id as usize]).copied())
            .collect();
        let keys = keys?;
        let trie = if head.inflect {
            &self.stemmed
        } else {
            &self.plain
        };
        trie.find(&keys)
            .into_iter()
            .chain(self.partial.iter().copied().filter(|p| {
                self.pattern_keys(*p) == keys.as_slice()
                    && self.heads[*p as usize].inflect == head.inflect
            }))
            .next()
            .map(|p| self.heads[p as usize].entry)
    }

    /// Pattern ids with their entries, for cross-layer reports.
    pub fn patterns(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.heads
            .iter()
            .enumerate()
            .map(|(id, head)| (id as u32, head.entry))
    }

    /// Writes the layer for the cache.
    pub fn write(&self, out: &mut Writer) {
        out.u32(FORMAT_VERSION);
        out.str(&self.name);
        self.entries.write(out);
        out.strs(&self.key_names);
        let heads: Vec<u32> = self
            .heads
            .iter()
            .flat_map(|h| {
                [
                    h.entry,
                    h.keys_start,
                    h.keys_len,
                    u32::from(h.inflect),
                    h.extra,
                ]
            })
            .collect();
        out.u32s(&heads);
        out.u32s(&self.keys);
        self.plain.write(out);
        self.stemmed.write(out);
        out.u32s(&self.partial);
        out.u64(self.extras.len() as u64);
        for extra in &self.extras {
            out.u8(match extra.case {
                CaseMode::Insensitive => 0,
                CaseMode::Sensitive => 1,
                CaseMode::Permissive => 2,
            });
            out.u8(u8::from(extra.accent_sensitive));
            out.u8(extra.number.code());
            out.strs(&extra.words);
            match &extra.other_number {
                Some((entry, words)) => {
                    out.u8(1);
                    out.u32(*entry);
                    out.strs(words);
                }
                None => out.u8(0),
            }
            match &extra.folded {
                Some(folded) => {
                    out.u8(1);
                    out.strs(folded);
                }
                None => out.u8(0),
            }
        }
        out.u64(self.shadowed.len() as u64);
        for shadow in &self.shadowed {
            out.u32(shadow.hidden);
            out.u32(shadow.by);
            out.str(&shadow.form);
        }
    }

    /// Reads a layer written by [`Layer::write`]; `None` if the bytes are not a whole, valid
    /// layer of this version.
    pub fn read(input: &mut Reader) -> Option<Layer> {
        if input.u32()? != FORMAT_VERSION {
            return None;
        }
        let name = input.string()?;
        let entries = EntryStore::read(input)?;
        let key_names: Vec<Box<str>> = input.strings()?.into_iter().map(Box::from).collect();
        let heads: Vec<Head> = input
            .u32s()?
            .chunks_exact(5)
            .map(|h| Head {
                entry: h[0],
                keys_start: h[1],
                keys_len: h[2],
                inflect: h[3] != 0,
                extra: h[4],
            })
            .collect();
        let keys = input.u32s()?;
        let payload_of = |pattern: u32| heads.get(pattern as usize).map(Head::payload);
        let plain = Trie::read(input, key_names.len(), payload_of)?;
        let stemmed = Trie::read(input, key_names.len(), payload_of)?;
        let partial = input.u32s()?;
        let extra_count = usize::try_from(input.u64()?).ok()?;
        let mut extras = Vec::with_capacity(extra_count.min(input.rest().len()));
        for _ in 0..extra_count {
            let case = match input.u8()? {
                1 => CaseMode::Sensitive,
                2 => CaseMode::Permissive,
                _ => CaseMode::Insensitive,
            };
            let accent_sensitive = input.u8()? != 0;
            let number = Number::from_code(input.u8()?);
            let words = input.strings()?.into_iter().map(Box::from).collect();
            let other_number = match input.u8()? {
                0 => None,
                _ => Some((
                    input.u32()?,
                    input.strings()?.into_iter().map(Box::from).collect(),
                )),
            };
            let folded = match input.u8()? {
                0 => None,
                _ => Some(input.strings()?.into_iter().map(Box::from).collect()),
            };
            extras.push(Extra {
                case,
                accent_sensitive,
                number,
                other_number,
                words,
                folded,
            });
        }
        let shadow_count = usize::try_from(input.u64()?).ok()?;
        let mut shadowed = Vec::with_capacity(shadow_count.min(input.rest().len()));
        for _ in 0..shadow_count {
            shadowed.push(LayerShadow {
                hidden: input.u32()?,
                by: input.u32()?,
                form: input.string()?,
            });
        }
        // Every reference must point inside the layer, so that matching never panics on a
        // damaged cache.
        let consistent = heads.iter().all(|h| {
            (h.entry as usize) < entries.len()
                && h.keys_len > 0
                && (h.keys_start as usize + h.keys_len as usize) <= keys.len()
                && (h.extra == NO_EXTRA || (h.extra as usize) < extras.len())
        }) && keys.iter().all(|k| (*k as usize) < key_names.len())
            && partial.iter().all(|p| (*p as usize) < heads.len())
            && extras.iter().all(|e| {
                e.other_number
                    .as_ref()
                    .is_none_or(|(entry, _)| (*entry as usize) < entries.len())
            })
            && shadowed
                .iter()
                .all(|s| (s.hidden as usize) < entries.len() && (s.by as usize) < entries.len());
        if !consistent {
            return None;
        }
        let key_ids = key_names
            .iter()
            .enumerate()
            .map(|(id, name)| (name.clone(), id as u32))
            .collect();
        Some(Layer {
            name,
            entries,
            key_names,
            key_ids,
            heads,
            keys,
            plain,
            stemmed,
            partial,
            extras,
            shadowed,
        })
    }
}

/// Case and accent agreement of one word of a term with the word found in the text.
fn word_agrees(term: &str, found: &str, extra: &Extra) -> bool {
    term.chars().zip(found.chars()).all(|(t, f)| {
        let case_ok = match extra.case {
            CaseMode::Insensitive => true,
            CaseMode::Sensitive => t.is_uppercase() == f.is_uppercase(),
            CaseMode::Permissive => !t.is_uppercase() || f.is_uppercase(),
        };
        case_ok && (!extra.accent_sensitive || t.to_lowercase().eq(f.to_lowercase()))
    })
}

fn hash_keys(keys: &[u32], inflect: bool) -> u64 {
    let mut hasher = FastHasher::default();
    keys.hash(&mut hasher);
    inflect.hash(&mut hasher);
    hasher.finish()
}
