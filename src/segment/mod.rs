//! The French sentence segmenter.
//!
//! [`Segmenter::split`] cuts one paragraph into sentences and returns their UTF-8 byte spans,
//! trimmed of surrounding whitespace (NBSP and narrow NBSP included). It is a hand-written,
//! single pass over the bytes: only the bytes `.`, `!`, `?` and the ellipsis `…` stop the scan,
//! and the decision at each of them looks at a few words of context through lookup tables
//! ([`abbreviations`]). There is no regular-expression or SRX engine underneath, which is what
//! keeps it above 100 MB/s.
//!
//! What it deliberately does not do: split at line breaks (a paragraph is a line; the
//! [`crate::document`] module cuts lines), split at `:` or `;`, or guess boundaries in text
//! without final punctuation (headlines are their own lines in news copy).
//!
//! The user can extend it with [`Exceptions`]: extra abbreviations that never end a sentence and
//! words after which a sentence always ends.

pub mod abbreviations;
mod exceptions;
mod scanner;

use std::ops::Range;

pub use abbreviations::{Abbreviations, Kind};
pub use exceptions::{Exceptions, ExceptionsError};

/// A French sentence segmenter: the built-in tables plus the user's exceptions.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    abbreviations: Abbreviations,
}

impl Segmenter {
    /// The segmenter with the built-in French tables.
    pub fn french() -> Self {
        Segmenter::default()
    }

    /// Adds the user's exceptions on top of the built-in tables (later calls win).
    pub fn with_exceptions(mut self, exceptions: &Exceptions) -> Self {
        for word in &exceptions.abbreviations {
            self.abbreviations.insert(word, Kind::NeverFinal);
        }
        for word in &exceptions.break_after {
            self.abbreviations.insert(word, Kind::AlwaysEnds);
        }
        self
    }

    /// The byte offsets inside `paragraph` where one sentence ends and the next begins: each is
    /// the offset just after the sentence's last character (its closing quotes and brackets
    /// included). The paragraph's own end is not listed.
    pub fn boundaries(&self, paragraph: &str) -> Vec<usize> {
        let mut out = Vec::new();
        scanner::Scanner::new(paragraph, &self.abbreviations).run(&mut out);
        out
    }

    /// The sentences of `paragraph` as byte spans, trimmed of whitespace; empty pieces are left
    /// out.
    pub fn split(&self, paragraph: &str) -> Vec<Range<usize>> {
        cut_at(paragraph, &self.boundaries(paragraph))
    }
}

/// Cuts `text` at the given (sorted) offsets and trims each piece of whitespace; empty pieces
/// are dropped.
pub fn cut_at(text: &str, boundaries: &[usize]) -> Vec<Range<usize>> {
    let mut spans = Vec::with_capacity(boundaries.len() + 1);
    let mut start = 0;
    for &end in boundaries.iter().chain(std::iter::once(&text.len())) {
        if end < start {
            continue;
        }
        let span = trim_span(text, start..end);
        if !span.is_empty() {
            spans.push(span);
        }
        start = end;
    }
    spans
}

/// `span` without the whitespace (any Unicode White_Space: NBSP and U+202F too) at its ends.
pub fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let start = span.start + (piece.len() - piece.trim_start().len());
    let end = span.end - (piece.len() - piece.trim_end().len());
    if start >= end {
        start..start
    } else {
        start..end
    }
}

#[cfg(test)]
mod tests;
