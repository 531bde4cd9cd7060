//! Hand-edited YAML files (glossaries, segmentation exceptions): parsing with serde-saphyr,
//! with limits scaled to the file, and errors a translator can act on.
//!
//! An error reads `file:line:column: message: `the offending line``, on one line.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// Where and why a YAML file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct SyntaxError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text` (read from `path`, named in errors) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, SyntaxError> {
    serde_saphyr::from_str_with_options(text, options(text.len()))
        .map_err(|error| syntax_error(text, path, &error))
}

/// The parser's limits, scaled to the file: a 1M-entry glossary has millions of nodes, which
/// the default budget (sized for configuration files) refuses. The limits on anchors and
/// aliases, which stop "billion laughs" expansions, stay as they are.
fn options(input_bytes: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(input_bytes);
    budget.max_events = budget.max_events.max(input_bytes);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(input_bytes);
    budget.max_reader_input_bytes = None;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

fn syntax_error(text: &str, path: &Path, error: &serde_saphyr::Error) -> SyntaxError {
    let (line, column) = error
        .location()
        .map_or((0, 0), |at| (at.line() as usize, at.column() as usize));
    // serde-saphyr's first line reads "error: line 5 column 13: expected string scalar".
    let rendered = error.to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.split_once(": ") {
        Some((place, rest)) if place.starts_with("line ") => rest,
        _ => first,
    };
    let offending = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim_end();
    let message = if offending.is_empty() {
        message.to_owned()
    } else {
        format!("{message}: `{offending}`")
    };
    SyntaxError {
        path: path.to_owned(),
        line,
        column,
        message,
    }
}
