//! Glossaries: entries, the files they come from, and finding their terms in French text.
//!
//! - [`Entry`] and [`Glossary`]: the data, with per-entry matching options.
//! - [`yaml`], [`tabular`], [`tbx`]: reading (and for YAML and TSV, writing) glossary files.
//! - [`sources`]: where glossaries come from (shipped, user, project) and appending a term.
//! - [`normalize`]: how text and terms are cut into comparable word keys.
//! - [`Layer`]: one glossary compiled for matching (and cached when large); [`Index`]: the
//!   layers together, matched with [`Index::find`].
//! - [`check`]: whether an English translation renders the hits, and uses no forbidden form.
//!
//! Matching never rewrites the text: it reports UTF-8 byte spans into the original.

pub mod binary;
pub mod cache;
pub mod check;
mod index;
pub mod layer;
pub mod normalize;
pub mod sources;
mod store;
pub mod tabular;
pub mod tbx;
mod trie;
pub mod yaml;
mod yaml_flat;
mod yaml_model;

use std::path::{Path, PathBuf};

pub use index::{EntryId, Hit, Index, Shadowed};
pub use layer::Layer;

/// How the case of a term must agree with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseMode {
    /// Any case matches (the default).
    #[default]
    Insensitive,
    /// The text must have exactly the term's case (`Est` the region, not `est` the verb).
    Sensitive,
    /// Every capital of the term must be a capital in the text; the text may capitalise more
    /// (a headline, a sentence start), as memoQ's "permissive" mode.
    Permissive,
}

/// Which grammatical number of an inflecting entry's French is a match (`inflect: singular`
/// for `urgence`, an emergency, that must not match `urgences`, the emergency department).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Number {
    /// Singular and plural (`inflect: true`).
    #[default]
    Both,
    /// Only forms without the plural's final `s` or `x` where the entry has none.
    Singular,
    /// Only forms with the plural's final `s` or `x` where the entry has one.
    Plural,
}

impl Number {
    /// The number as stored in the binary glossary cache.
    pub(crate) fn code(self) -> u8 {
        match self {
            Number::Both => 0,
            Number::Singular => 1,
            Number::Plural => 2,
        }
    }

    /// The number a stored code stands for (an unknown code is `Both`).
    pub(crate) fn from_code(code: u8) -> Number {
        match code {
            1 => Number::Singular,
            2 => Number::Plural,
            _ => Number::Both,
        }
    }

    /// Whether `found`, a word of the text matched by the entry's `written` word, is of a
    /// number the entry takes: a French plural ends in `s` or `x` (`urgences`, `journaux`),
    /// so a plural entry's word that ends so wants a found word that does too, and a singular
    /// entry's word that does not wants one that does not either.
    pub fn agrees(self, written: &str, found: &str) -> bool {
        let plural_mark = |word: &str| {
            word.chars()
                .last()
                .is_some_and(|c| matches!(c.to_lowercase().next(), Some('s' | 'x')))
        };
        match self {
            Number::Both => true,
            Number::Plural => !plural_mark(written) || plural_mark(found),
            Number::Singular => plural_mark(written) || !plural_mark(found),
        }
    }
}

/// One glossary entry: a French term, its agreed English rendering, and how to match it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub id: Option<String>,
    /// The French term as the glossary writes it.
    pub source: String,
    /// The preferred English rendering: what is suggested.
    pub target: String,
    /// Other French forms (old names, other spellings) that are found as this entry.
    pub source_variants: Vec<String>,
    /// Acceptable English alternatives.
    pub target_variants: Vec<String>,
    /// English renderings to flag when a translation uses them.
    pub forbidden: Vec<String>,
    pub note: Option<String>,
    pub pos: Option<String>,
    pub case: CaseMode,
    /// Match French plural and feminine forms of the term's words.
    pub inflect: bool,
    /// Of an inflecting entry, the grammatical number that matches.
    pub number: Number,
    /// Match whole words only.
    pub whole_word: bool,
    /// Accents must agree (`marché` is not `marche`).
    pub accent_sensitive: bool,
    /// The line of the entry in its file, when known (for messages).
    pub line: Option<usize>,
}

impl Entry {
    /// An entry with the default options (case-insensitive, inflected, whole words).
    pub fn new(source: impl Into<String>, target: impl Into<String>) -> Entry {
        Entry {
            source: source.into(),
            target: target.into(),
            inflect: true,
            whole_word: true,
            ..Entry::default()
        }
    }

    /// The source and its variants.
    pub fn source_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.source.as_str()).chain(self.source_variants.iter().map(String::as_str))
    }

    /// The target and its variants: any of them renders the entry.
    pub fn target_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.target.as_str()).chain(self.target_variants.iter().map(String::as_str))
    }

    /// "file:line" or the file alone, to name the entry in messages.
    pub fn place(&self, path: &Path) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", path.display()),
            None => path.display().to_string(),
        }
    }
}

/// A glossary file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    pub name: String,
    pub source_lang: String,
    pub target_lang: String,
    pub domain: Option<String>,
    pub description: Option<String>,
    pub entries: Vec<Entry>,
    /// Where it was read from (`shipped:NAME` for the embedded ones).
    pub path: PathBuf,
}

/// A problem with one entry that does not stop the rest of the glossary from loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a glossary file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{path}: cannot read the glossary: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(transparent)]
    Read(#[from] crate::io::ReadError),
}

impl From<crate::yaml_file::SyntaxError> for GlossaryError {
    fn from(error: crate::yaml_file::SyntaxError) -> Self {
        let crate::yaml_file::SyntaxError {
            path,
            line,
            column,
            message,
        } = error;
        GlossaryError::Syntax {
            path,
            line,
            column,
            message,
        }
    }
}

/// A loaded glossary and the warnings about entries that were skipped or suspicious.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub glossary: Glossary,
    pub warnings: Vec<Warning>,
}

/// Glossary file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Yaml,
    Tsv,
    Csv,
    Tbx,
}

impl FileFormat {
    /// The format from the file extension (`.yaml`/`.yml`, `.tsv`/`.tab`/`.txt`, `.csv`,
    /// `.tbx`/`.xml`).
    pub fn from_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(FileFormat::Yaml),
            "tsv" | "tab" | "txt" | "utf8" => Some(FileFormat::Tsv),
            "csv" => Some(FileFormat::Csv),
            "tbx" | "xml" => Some(FileFormat::Tbx),
            _ => None,
        }
    }
}

/// Loads a glossary file of any supported format (chosen by extension), checking that it is a
/// French→English glossary.
pub fn load(path: &Path) -> Result<Loaded, GlossaryError> {
    let format = FileFormat::from_path(path).ok_or_else(|| GlossaryError::Invalid {
        path: path.to_owned(),
        message: "unknown glossary format; use .yaml, .tsv, .csv or .tbx".into(),
    })?;
    let text = match format {
        FileFormat::Tbx => crate::io::read_xml_file(path)?.0,
        // Tables as spreadsheets save them: UTF-16 with its byte order mark (Excel's "Unicode
        // text", OmegaT's own glossaries on Windows), UTF-8, or Windows-1252.
        FileFormat::Tsv | FileFormat::Csv => {
            let bytes = crate::io::read_bytes(path)?;
            crate::io::encoding::decode_table(bytes, path)?.0
        }
        FileFormat::Yaml => crate::io::read_file(path)?,
    };
    parse(&text, format, path)
}

/// Parses glossary text of a known format; `path` names it in messages.
pub fn parse(text: &str, format: FileFormat, path: &Path) -> Result<Loaded, GlossaryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let loaded = match format {
        FileFormat::Yaml => yaml::parse(text, path)?,
        FileFormat::Tsv => tabular::parse(text, b'\t', path)?,
        FileFormat::Csv => tabular::parse(text, b',', path)?,
        FileFormat::Tbx => tbx::parse(text, path)?,
    };
    check_language_pair(&loaded.glossary)?;
    Ok(loaded)
}

/// passeur translates French into English: a glossary for another pair is refused.
fn check_language_pair(glossary: &Glossary) -> Result<(), GlossaryError> {
    let primary = crate::markup::primary_language;
    let (source, target) = (
        primary(&glossary.source_lang),
        primary(&glossary.target_lang),
    );
    if source == "fr" && target == "en" {
        return Ok(());
    }
    Err(GlossaryError::Invalid {
        path: glossary.path.clone(),
        message: format!(
            "the glossary is {}→{}, passeur needs French→English (source_lang: fr, target_lang: en)",
            glossary.source_lang, glossary.target_lang
        ),
    })
}

#[cfg(test)]
mod tests;
