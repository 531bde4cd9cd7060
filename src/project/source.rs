//! What a project takes from its source: the segments as the source gives them, how a kind
//! of source is cut, and the hash that notices edits. Reading and cutting a source file is
//! [`crate::source`]'s.

use sha2::{Digest, Sha256};

use super::{SourceKind, Status};
use crate::document::{Document, Format};

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
}

/// Hex SHA-256 of the source bytes, to notice edits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
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
