//! Markup below the formats that use it: an XML reader that never expands entities
//! ([`xml`]), the inline tags a segment's text carries ([`tags`]), the error a malformed file
//! gives, and language tags. The bilingual formats, the document formats, the glossaries' TBX
//! and the QA checks all stand on it.

pub mod tags;
pub mod xml;

use std::path::PathBuf;

/// A file that is not what it should be: where (line and column when known) and why.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

/// Primary language subtag, lower case: `fr-FR`, `fr_FR`, `FR` → `fr`.
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
