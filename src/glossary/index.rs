//! The glossary index: the compiled glossaries ([`Layer`]s) in order of increasing priority,
//! matched together leftmost-longest over the tokens of a French text.
//!
//! The text is tokenised once, and each distinct word is folded, stemmed and looked up in each
//! layer's key table once (a text repeats its words; a large glossary's table is large), so
//! the cost of matching does not grow with the size of the glossaries: after that, matching
//! walks each layer's trie from every token. When two layers match equally long at the same
//! place, the later one wins: that is how a project's or the user's glossary overrides a
//! shipped entry with the same form.

use std::ops::Range;

use super::layer::{Layer, TokenIds};
use super::normalize::{for_each_token, french_stem};
use super::{Entry, Glossary};
use crate::util::fast_map::FastMap;

/// An entry of an index: its glossary (layer) and its number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryId {
    pub layer: u32,
    pub entry: u32,
}

/// A term found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// UTF-8 byte span into the text (balanced: a quotation mark opened inside is closed).
    pub span: Range<usize>,
    /// The entry, for [`Index::entry`].
    pub entry: EntryId,
}

/// An entry hidden by a later one with the same source form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shadowed {
    pub hidden: EntryId,
    pub by: EntryId,
    pub form: String,
}

/// Compiled glossaries, ready to match.
#[derive(Debug, Default)]
pub struct Index {
    layers: Vec<Layer>,
}

impl Index {
    /// An index over compiled glossaries, in order of increasing priority.
    pub fn new(layers: Vec<Layer>) -> Index {
        Index { layers }
    }

    /// Compiles the glossaries (in order of increasing priority) into an index.
    pub fn build(glossaries: Vec<Glossary>) -> Index {
        Index::new(
            glossaries
                .into_iter()
                .map(|g| Layer::build(g, &mut |_, _| {}))
                .collect(),
        )
    }

    /// Number of entries in all glossaries.
    pub fn len(&self) -> usize {
        self.layers.iter().map(Layer::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry behind a hit.
    pub fn entry(&self, id: EntryId) -> Entry {
        self.layers[id.layer as usize].entry(id.entry)
    }

    /// The name of the glossary an entry comes from.
    pub fn glossary_name(&self, id: EntryId) -> &str {
        self.layers[id.layer as usize].name()
    }

    /// Entries hidden by a later entry with the same source form, in the same glossary or in
    /// a later one.
    pub fn shadowed(&self) -> Vec<Shadowed> {
        let mut out = Vec::new();
        for (l, layer) in self.layers.iter().enumerate() {
            let id = |entry| EntryId {
                layer: l as u32,
                entry,
            };
            out.extend(layer.shadowed().iter().map(|s| Shadowed {
                hidden: id(s.hidden),
                by: id(s.by),
                form: s.form.clone(),
            }));
            for (e, earlier) in self.layers[..l].iter().enumerate() {
                for (pattern, entry) in layer.patterns() {
                    if let Some(hidden) = earlier.same_form_as(layer, pattern) {
                        out.push(Shadowed {
                            hidden: EntryId {
                                layer: e as u32,
                                entry: hidden,
                            },
                            by: id(entry),
                            form: layer.entry(entry).source,
                        });
                    }
                }
            }
        }
        out
    }

    /// The terms of the glossaries found in `text`: leftmost-longest, non-overlapping, in text
    /// order; where an entry of a glossary of higher priority overlaps a longer one of a lower
    /// glossary (a user's « Routes de la soie » inside the shipped « nouvelles Routes de la
    /// soie »), the higher one is the hit (see [`Index::find_all`]).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_all(text).0
    }

    /// [`Index::find`]'s hits, and the entries of lower glossaries they overlapped (to be
    /// listed, not checked).
    pub fn find_all(&self, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        // Every distinct word's folded key and French stem, side by side in one buffer, and
        // each token's distinct word.
        let mut spans = Vec::new();
        let mut buffer = String::new();
        let mut words: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut word_of: FastMap<Box<str>, u32> = FastMap::default();
        let mut token_words: Vec<u32> = Vec::new();
        for_each_token(text, |span, key| {
            spans.push(span);
            let word = match word_of.get(key) {
                Some(&word) => word,
                None => {
                    let word = words.len() as u32;
                    let key_start = buffer.len();
                    buffer.push_str(key);
                    let stem_start = buffer.len();
                    buffer.push_str(&french_stem(key));
                    words.push((key_start..stem_start, stem_start..buffer.len()));
                    word_of.insert(Box::from(key), word);
                    word
                }
            };
            token_words.push(word);
        });
        let folded: Vec<&str> = token_words
            .iter()
            .map(|w| &buffer[words[*w as usize].0.clone()])
            .collect();
        // Per layer, each distinct word's ids.
        let ids: Vec<Vec<TokenIds>> = self
            .layers
            .iter()
            .map(|layer| {
                words
                    .iter()
                    .map(|(key, stem)| layer.token_ids(&buffer[key.clone()], &buffer[stem.clone()]))
                    .collect()
            })
            .collect();
        // At most one hit a token: reserved once (untouched capacity costs nothing), so the
        // hundreds of thousands of hits of a large text are never copied by growing.
        let mut hits = Vec::with_capacity(spans.len());
        let mut overlapped = Vec::new();
        let mut i = 0;
        'tokens: while i < spans.len() {
            let mut best: Option<(EntryId, usize)> = None;
            for (l, layer) in self.layers.iter().enumerate() {
                let found =
                    layer.longest_at(text, &token_words[i..], &ids[l], &spans[i..], &folded[i..]);
                if let Some((entry, len)) = found
                    && best.is_none_or(|(_, best_len)| len >= best_len)
                {
                    best = Some((
                        EntryId {
                            layer: l as u32,
                            entry,
                        },
                        len,
                    ));
                }
            }
            match best {
                Some((entry, len)) => {
                    let span = balance_quotes(text, spans[i].start..spans[i + len - 1].end);
                    // A glossary of higher priority with an entry starting inside this one
                    // wins from there: the desk's own rendering is the one suggested.
                    for j in i + 1..i + len {
                        let higher = (entry.layer as usize + 1..self.layers.len()).any(|l| {
                            self.layers[l]
                                .longest_at(
                                    text,
                                    &token_words[j..],
                                    &ids[l],
                                    &spans[j..],
                                    &folded[j..],
                                )
                                .is_some()
                        });
                        if higher {
                            overlapped.push(Hit { span, entry });
                            i = j;
                            continue 'tokens;
                        }
                    }
                    hits.push(Hit { span, entry });
                    i += len;
                }
                None => i += 1,
            }
        }
        (hits, overlapped)
    }
}

/// Extends a span that opens a quotation (`nouvelles « Routes de la soie`) to its closing mark.
fn balance_quotes(text: &str, span: Range<usize>) -> Range<usize> {
    let inside = &text[span.clone()];
    // `«` is C2 AB and `“` E2 80 9C in UTF-8: a span without either last byte opens nothing
    // (the common case, found without decoding a character).
    if memchr::memchr2(0xAB, 0x9C, inside.as_bytes()).is_none() {
        return span;
    }
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
