//! Cutting a project's source (as [`crate::source::read`] read it) into segments: a text or
//! Markdown document, or a Word, OpenDocument or HTML document's paragraphs, cut by the
//! segmenter; the units of an XLIFF file written by another tool.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::{SourceKind, Status};
use crate::document::{Document, Format, Overrides};
use crate::formats::xliff;
use crate::segment::Segmenter;
pub use crate::source::SourceError;
use crate::source::{DocumentFormat, Source};

/// One segment as the source gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceSegment {
    /// The id the source gives (XLIFF units); documents leave it to the project.
    pub id: Option<String>,
    pub paragraph: usize,
    pub text: String,
    /// A translation already in the source (XLIFF files often arrive pre-translated).
    pub target: String,
    pub status: Status,
    pub note: String,
    /// Locked by the tool that made the file (Trados, memoQ, Phrase): passeur never changes it.
    pub locked: bool,
}

impl SourceKind {
    /// How a document source's text is cut; `None` for XLIFF, which is not cut by the
    /// segmenter. A Word, OpenDocument or HTML document's text is a paragraph a line.
    pub fn document_format(self) -> Option<Format> {
        match self {
            SourceKind::Text | SourceKind::Docx | SourceKind::Odt | SourceKind::Html => {
                Some(Format::Text)
            }
            SourceKind::Markdown => Some(Format::Markdown),
            SourceKind::Xliff12 | SourceKind::Xliff2 => None,
        }
    }

    /// Whether the source is a document format read into tagged paragraphs.
    pub fn is_structured(self) -> bool {
        matches!(self, SourceKind::Docx | SourceKind::Odt | SourceKind::Html)
    }

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

/// Hex SHA-256 of the source bytes, to notice edits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
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

/// The segments of a parsed document.
pub fn document_segments(document: &Document) -> Vec<SourceSegment> {
    document
        .segments()
        .iter()
        .enumerate()
        .map(|(index, segment)| SourceSegment {
            paragraph: segment.paragraph,
            text: document.segment_source(index).into_owned(),
            ..SourceSegment::default()
        })
        .collect()
}
