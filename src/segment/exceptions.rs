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

use std::path::Path;

use serde::Deserialize;

use crate::io::{ReadError, read_file};
use crate::yaml_file::SyntaxError;

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
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
}

impl Exceptions {
    /// Parses the YAML text of an exceptions file; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ExceptionsError> {
        if text.trim().is_empty() {
            return Ok(Exceptions::default());
        }
        let mut parsed: Exceptions = crate::yaml_file::parse(text, path)?;
        parsed.abbreviations = split_words(parsed.abbreviations);
        parsed.break_after = split_words(parsed.break_after);
        Ok(parsed)
    }

    /// Reads and parses an exceptions file.
    pub fn load(path: &Path) -> Result<Self, ExceptionsError> {
        Self::parse(&read_file(path)?, path)
    }
}

fn split_words(entries: Vec<String>) -> Vec<String> {
    entries
        .iter()
        .flat_map(|entry| entry.split_whitespace())
        .map(str::to_owned)
        .collect()
}
