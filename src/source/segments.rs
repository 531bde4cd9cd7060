//! Cutting a source, as [`super::read`] read it, into the project's segments: a text,
//! Markdown, Word, OpenDocument or HTML document by the segmenter (a document's paragraphs are
//! its lines), an XLIFF file by its units.

use std::path::Path;

use super::xliff;
use super::{DocumentFormat, Source, SourceError};
use crate::document::{Document, Format, Overrides};
use crate::project::{SourceKind, SourceSegment, document_segments};
use crate::segment::Segmenter;

impl SourceKind {
    /// The kind of a source as read.
    pub fn of(path: &Path, source: &Source) -> SourceKind {
        match source.structure.as_ref().map(|s| s.format) {
            Some(DocumentFormat::Docx) => SourceKind::Docx,
            Some(DocumentFormat::Odt) => SourceKind::Odt,
            Some(DocumentFormat::Html) => SourceKind::Html,
            None => SourceKind::detect(path, &source.text),
        }
    }

    /// The kind a text file's name and first bytes suggest.
    pub fn detect(path: &Path, text: &str) -> SourceKind {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let head = crate::io::head(text, 4096);
        let looks_xliff = head.contains("<xliff");
        if matches!(extension.as_str(), "xlf" | "xliff" | "sdlxliff" | "mqxliff") || looks_xliff {
            if head.contains("urn:oasis:names:tc:xliff:document:2.") {
                SourceKind::Xliff2
            } else {
                SourceKind::Xliff12
            }
        } else if Format::from_path(path) == Format::Markdown {
            SourceKind::Markdown
        } else {
            SourceKind::Text
        }
    }
}

/// Cuts a source's text (decoded from its file, named by `path` in errors) into segments.
pub fn source_segments(
    text: String,
    path: &Path,
    kind: SourceKind,
    segmenter: &Segmenter,
    overrides: &Overrides,
) -> Result<Vec<SourceSegment>, SourceError> {
    let segments = match kind.document_format() {
        Some(format) => document_segments(&Document::parse(text, format, segmenter, overrides)),
        None => xliff::read(&text, path)?
            .units
            .into_iter()
            .enumerate()
            .map(|(paragraph, unit)| SourceSegment {
                id: Some(unit.id),
                paragraph,
                text: unit.source,
                target: unit.target.unwrap_or_default(),
                status: unit.status,
                note: unit.note,
                locked: unit.locked,
            })
            .collect(),
    };
    Ok(segments)
}
