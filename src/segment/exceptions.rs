//! The user's segmentation exceptions: a small YAML file, per user or per project.
//!
//! ```yaml
//! # words that never end a sentence (written with or without their period)
//! abbreviations: [Cie., bd., "av. J.-C."]
//! # words after which a sentence always ends, whatever follows
//! break_after: [Inc.]
//! ```
//!
//! Both lists are optional. An entry with a space (`p. ex.`) is split into its words, each of
//! which becomes an abbreviation. Forced breaks at one place in one document are not kept here:
//! they belong to the document's overrides ([`crate::document::Overrides`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Extra abbreviations and forced breaks, read from a YAML file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Exceptions {
    /// Words that never end a sentence.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Words after which a sentence always ends.
    #[serde(default)]
    pub break_after: Vec<String>,
}

/// A problem reading an exceptions file.
#[derive(Debug, thiserror::Error)]
pub enum ExceptionsError {
    #[error("{path}: {source}")]
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
}

impl Exceptions {
    /// Parses the YAML text of an exceptions file; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ExceptionsError> {
        if text.trim().is_empty() {
            return Ok(Exceptions::default());
        }
        let mut parsed: Exceptions =
            serde_saphyr::from_str(text).map_err(|error| yaml_error(path, &error))?;
        parsed.abbreviations = split_words(parsed.abbreviations);
        parsed.break_after = split_words(parsed.break_after);
        Ok(parsed)
    }

    /// Reads and parses an exceptions file.
    pub fn load(path: &Path) -> Result<Self, ExceptionsError> {
        let text = std::fs::read_to_string(path).map_err(|source| ExceptionsError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }
}

fn split_words(entries: Vec<String>) -> Vec<String> {
    entries
        .iter()
        .flat_map(|entry| entry.split_whitespace())
        .map(str::to_owned)
        .collect()
}

fn yaml_error(path: &Path, error: &serde_saphyr::Error) -> ExceptionsError {
    let (line, column) = error
        .location()
        .map_or((0, 0), |at| (at.line() as usize, at.column() as usize));
    let message = error.to_string();
    let message = message.lines().next().unwrap_or("invalid YAML").to_owned();
    ExceptionsError::Syntax {
        path: path.to_owned(),
        line,
        column,
        message,
    }
}
