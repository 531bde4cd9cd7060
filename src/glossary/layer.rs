//! One glossary compiled for matching: every source form of every entry as a sequence of word
//! keys (interned to `u32`), found by its first key.
//!
//! The layout is flat so that it is small and can be written to and read from the cache in one
//! pass: one array of pattern heads, one array of all keys, the patterns sorted by first key
//! with a table of ranges, and the entries in an [`EntryStore`]. Within a glossary, a later entry
//! with the same form replaces an earlier one (reported in [`Layer::shadowed`]).

use std::hash::{Hash, Hasher};
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::binary::{Reader, Writer};
use super::fast_map::{FastHasher, FastMap};
use super::normalize::{for_each_token, french_stem};
use super::store::EntryStore;
use super::{CaseMode, Entry, Glossary};

/// The id of a key this layer has never seen: it matches nothing.
const NO_KEY: u32 = u32::MAX;
const NO_EXTRA: u32 = u32::MAX;
const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, Copy)]
struct Head {
    entry: u32,
    keys_start: u32,
    keys_len: u32,
    inflect: bool,
    /// Index into `extras`, or `NO_EXTRA` for a plain case-insensitive whole-word pattern.
    extra: u32,
}

/// What only a few patterns need: their own words (to compare case or accents) and their
/// folded keys (to match inside longer words).
#[derive(Debug, Clone)]
struct Extra {
    case: CaseMode,
    accent_sensitive: bool,
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

/// A token of the text being matched, as one layer sees it.
#[derive(Debug, Clone, Copy)]
pub struct TokenIds {
    pub plain: u32,
    pub stem: u32,
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
    /// Whole-word pattern ids sorted by first key, and each first key's range in it.
    by_first: Vec<u32>,
    first_ranges: FastMap<u32, (u32, u32)>,
    /// `whole_word: false` patterns, tried at every token.
    partial: Vec<u32>,
    extras: Vec<Extra>,
    shadowed: Vec<LayerShadow>,
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
            for form in entry.source_forms() {
                keys.clear();
                let extra = layer.form_keys(&entry, form, &mut keys);
                if keys.is_empty() {
                    continue;
                }
                let hash = hash_keys(&keys, entry.inflect);
                let same = seen.get(&hash).copied().filter(|p| {
                    layer.pattern_keys(*p) == keys.as_slice()
                        && layer.heads[*p as usize].inflect == entry.inflect
                });
                if let Some(previous) = same {
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
        layer.index_first_keys();
        progress(total, total);
        layer
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
        let needs_words = entry.case != CaseMode::Insensitive || entry.accent_sensitive;
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
            words: words.into(),
            folded: (!entry.whole_word).then(|| folded.into()),
        })
    }

    fn index_first_keys(&mut self) {
        // (first key, pattern) pairs sorted once; equal keys keep pattern order, since the
        // pattern id is the pair's second element.
        let mut whole: Vec<(u32, u32)> = (0..self.heads.len() as u32)
            .filter(|id| {
                let head = &self.heads[*id as usize];
                self.extra(head).is_none_or(|e| e.folded.is_none())
            })
            .map(|id| (self.first_key(id), id))
            .collect();
        whole.sort_unstable();
        self.first_ranges.clear();
        let mut start = 0;
        while start < whole.len() {
            let first = whole[start].0;
            let end = start + whole[start..].partition_point(|(key, _)| *key == first);
            self.first_ranges
                .insert(first, (start as u32, (end - start) as u32));
            start = end;
        }
        self.by_first = whole.into_iter().map(|(_, id)| id).collect();
    }

    /// The whole-word patterns whose first key is `key`.
    fn starting_with(&self, key: u32) -> &[u32] {
        match self.first_ranges.get(&key) {
            Some(&(start, count)) => &self.by_first[start as usize..(start + count) as usize],
            None => &[],
        }
    }

    fn first_key(&self, pattern: u32) -> u32 {
        self.keys[self.heads[pattern as usize].keys_start as usize]
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
        TokenIds { plain, stem }
    }

    /// The longest pattern matching at the start of `ids` (its entry and length in tokens);
    /// among equally long ones, the latest entry. `spans` and `folded` describe the same
    /// tokens: their place in `text` and their folded keys.
    pub fn longest_at(
        &self,
        text: &str,
        ids: &[TokenIds],
        spans: &[Range<usize>],
        folded: &[&str],
    ) -> Option<(u32, usize)> {
        let mut best: Option<(u32, usize)> = None;
        let mut consider = |pattern: u32| {
            let head = &self.heads[pattern as usize];
            let len = head.keys_len as usize;
            if best.is_none_or(|(entry, best_len)| {
                len > best_len || (len == best_len && head.entry > entry)
            }) {
                best = Some((head.entry, len));
            }
        };
        let first = ids[0];
        let stem = if first.stem == first.plain {
            NO_KEY
        } else {
            first.stem
        };
        for key in [first.plain, stem] {
            for &pattern in self.starting_with(key) {
                if self.matches(text, pattern, ids, spans) {
                    consider(pattern);
                }
            }
        }
        for &pattern in &self.partial {
            if self.matches_partially(pattern, folded) {
                consider(pattern);
            }
        }
        best
    }

    fn matches(&self, text: &str, pattern: u32, ids: &[TokenIds], spans: &[Range<usize>]) -> bool {
        let head = &self.heads[pattern as usize];
        let keys = self.pattern_keys(pattern);
        if ids.len() < keys.len() {
            return false;
        }
        let keys_agree = keys.iter().zip(ids).all(|(key, token)| {
            *key == if head.inflect {
                token.stem
            } else {
                token.plain
            }
        });
        if !keys_agree {
            return false;
        }
        let Some(extra) = self.extra(head) else {
            return true;
        };
        extra.words.iter().zip(spans).all(|(word, span)| {
            let found: String = text[span.clone()].nfc().collect();
            word_agrees(word, &found, extra)
        })
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
        self.starting_with(keys[0])
            .iter()
            .chain(&self.partial)
            .find(|p| {
                self.pattern_keys(**p) == keys.as_slice()
                    && self.heads[**p as usize].inflect == head.inflect
            })
            .map(|p| self.heads[*p as usize].entry)
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
        out.u32s(&self.by_first);
        let ranges: Vec<u32> = self
            .first_ranges
            .iter()
            .flat_map(|(key, (start, count))| [*key, *start, *count])
            .collect();
        out.u32s(&ranges);
        out.u32s(&self.partial);
        out.u64(self.extras.len() as u64);
        for extra in &self.extras {
            out.u8(match extra.case {
                CaseMode::Insensitive => 0,
                CaseMode::Sensitive => 1,
                CaseMode::Permissive => 2,
            });
            out.u8(u8::from(extra.accent_sensitive));
            out.strs(&extra.words);
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
        let by_first = input.u32s()?;
        let first_ranges: FastMap<u32, (u32, u32)> = input
            .u32s()?
            .chunks_exact(3)
            .map(|r| (r[0], (r[1], r[2])))
            .collect();
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
            let words = input.strings()?.into_iter().map(Box::from).collect();
            let folded = match input.u8()? {
                0 => None,
                _ => Some(input.strings()?.into_iter().map(Box::from).collect()),
            };
            extras.push(Extra {
                case,
                accent_sensitive,
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
            && by_first.iter().all(|p| (*p as usize) < heads.len())
            && first_ranges
                .values()
                .all(|(start, count)| (*start as usize + *count as usize) <= by_first.len())
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
            by_first,
            first_ranges,
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
