//! The YAML glossary's model as it is written: the file, its entries and options, and
//! `inflect:`. Both readers fill it: the flat one for the common shape ([`super::yaml_flat`])
//! and serde-saphyr for anything else ([`super::yaml`]), which then checks it into a glossary.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use super::{CaseMode, Entry, Number};

/// `inflect:` as written: `true` (or `both`), `singular`, `plural`, or `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Inflection {
    Off,
    On(Number),
}

impl Inflection {
    /// The value a word or a boolean names.
    pub(super) fn named(value: &str) -> Option<Inflection> {
        match value {
            "true" | "both" => Some(Inflection::On(Number::Both)),
            "singular" => Some(Inflection::On(Number::Singular)),
            "plural" => Some(Inflection::On(Number::Plural)),
            "false" => Some(Inflection::Off),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Inflection {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Inflection;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, singular, plural or both")
            }

            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Inflection, E> {
                Ok(match value {
                    true => Inflection::On(Number::Both),
                    false => Inflection::Off,
                })
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Inflection, E> {
                Inflection::named(value)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(value), &self))
            }
        }
        input.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    #[serde(default)]
    pub(super) version: Option<u32>,
    pub(super) name: Option<String>,
    pub(super) source_lang: String,
    pub(super) target_lang: String,
    #[serde(default)]
    pub(super) domain: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) defaults: Options,
    #[serde(default, alias = "terms")]
    pub(super) entries: ParsedEntries,
}

/// The entries as read, before the file's defaults are applied (an entry without a target has
/// an empty `target`), and each entry's own options beside it.
#[derive(Debug, Default)]
pub(super) struct ParsedEntries {
    pub(super) entries: Vec<Entry>,
    pub(super) options: Vec<Options>,
}

thread_local! {
    /// How many entries the file being parsed has at most (counted before parsing), so that the
    /// list is allocated once: a 1M-entry glossary must not be copied while it grows.
    pub(super) static EXPECTED_ENTRIES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl<'de> Deserialize<'de> for ParsedEntries {
    /// Each entry becomes an [`Entry`] as soon as it is read, so that a large glossary is never
    /// held twice (once as raw YAML entries, once as entries).
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ParsedEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of entries")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ParsedEntries, A::Error> {
                let expected = EXPECTED_ENTRIES.get().max(seq.size_hint().unwrap_or(0));
                let mut parsed = ParsedEntries {
                    entries: Vec::with_capacity(expected),
                    options: Vec::with_capacity(expected),
                };
                while let Some(spanned) = seq.next_element::<Spanned<RawEntry>>()? {
                    let raw = spanned.value;
                    parsed.entries.push(Entry {
                        id: raw.id,
                        source: raw.source,
                        target: raw.target.unwrap_or_default(),
                        source_variants: raw.source_variants,
                        target_variants: raw.target_variants,
                        forbidden: raw.forbidden,
                        note: raw.note,
                        pos: raw.pos,
                        line: Some(spanned.referenced.line() as usize),
                        ..Entry::default()
                    });
                    parsed.options.push(Options {
                        case: raw.case,
                        inflect: raw.inflect,
                        whole_word: raw.whole_word,
                        accent_sensitive: raw.accent_sensitive,
                    });
                }
                Ok(parsed)
            }
        }
        input.deserialize_seq(Visitor)
    }
}

#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(super) struct Options {
    #[serde(default)]
    pub(super) case: Option<CaseMode>,
    #[serde(default)]
    pub(super) inflect: Option<Inflection>,
    #[serde(default)]
    pub(super) whole_word: Option<bool>,
    #[serde(default)]
    pub(super) accent_sensitive: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    id: Option<String>,
    source: String,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    source_variants: Vec<String>,
    #[serde(default)]
    target_variants: Vec<String>,
    #[serde(default)]
    forbidden: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    pos: Option<String>,
    #[serde(default)]
    case: Option<CaseMode>,
    #[serde(default)]
    inflect: Option<Inflection>,
    #[serde(default)]
    whole_word: Option<bool>,
    #[serde(default)]
    accent_sensitive: Option<bool>,
    // Accepted for compatibility with the shared schema proposal and TBX imports; not used in
    // matching.
    #[serde(default, rename = "tags")]
    _tags: Option<IgnoredAny>,
    #[serde(default, rename = "domain")]
    _domain: Option<IgnoredAny>,
    #[serde(default, rename = "status")]
    _status: Option<IgnoredAny>,
    #[serde(default, rename = "gender")]
    _gender: Option<IgnoredAny>,
    #[serde(default, rename = "source_ref")]
    _source_ref: Option<IgnoredAny>,
    #[serde(default, rename = "abbreviation_of")]
    _abbreviation_of: Option<IgnoredAny>,
}
