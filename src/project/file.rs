//! The project file: pretty-printed JSON, one object per segment in source order, fields in a
//! fixed order, no project-wide field that changes on every save.
//!
//! ```json
//! {
//!   "passeur_project": 1,
//!   "source": "article.txt",
//!   "source_kind": "text",
//!   "source_sha256": "…",
//!   "source_language": "fr",
//!   "target_language": "en",
//!   "created": "2026-11-28T09:00:00Z",
//!   "id": "5f0c…",
//!   "overrides": { "joins": [], "breaks": [] },
//!   "segments": [
//!     {
//!       "id": "s1",
//!       "paragraph": 0,
//!       "source": "Le texte.",
//!       "target": "The text.",
//!       "status": "confirmed",
//!       "modified": "2026-11-28T09:05:00Z"
//!     }
//!   ],
//!   "retired": []
//! }
//! ```
//!
//! Why this shape: a translator's edit to one segment changes only that segment's `target`,
//! `status` and `modified` lines, and the unchanged `id` and `source` lines of the next segment
//! separate it from the next segment's edit, so two translators who worked on different segments
//! merge with plain `git merge`. Where the translator left off is not stored here (it would
//! conflict on every merge). JSON rather than YAML because it parses a 100,000-segment project
//! in a fraction of a second and every tool reads it; the escaping is JSON's (`\"`, `\n`).

use serde::{Deserialize, Serialize};

use super::{Header, OverridesRecord, Project, Retired, SourceKind, Unit};
use crate::time::Timestamp;

/// The version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Writing<'a> {
    passeur_project: u32,
    source: &'a std::path::Path,
    source_kind: SourceKind,
    source_sha256: &'a str,
    source_language: &'a str,
    target_language: &'a str,
    created: Timestamp,
    #[serde(skip_serializing_if = "str::is_empty")]
    id: &'a str,
    overrides: &'a OverridesRecord,
    segments: &'a [Unit],
    retired: &'a [Retired],
}

/// Field for field the same as [`Writing`]; no `flatten`, which would buffer every segment.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reading {
    passeur_project: u32,
    source: std::path::PathBuf,
    source_kind: SourceKind,
    source_sha256: String,
    source_language: String,
    target_language: String,
    created: Timestamp,
    #[serde(default)]
    id: String,
    #[serde(default)]
    overrides: OverridesRecord,
    segments: Vec<Unit>,
    #[serde(default)]
    retired: Vec<Retired>,
}

/// What is wrong with a project file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// Line and column (from 1) where known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

/// The project as file bytes.
pub fn to_bytes(project: &Project) -> Vec<u8> {
    let header = &project.header;
    let writing = Writing {
        passeur_project: VERSION,
        source: &header.source,
        source_kind: header.source_kind,
        source_sha256: &header.source_sha256,
        source_language: &header.source_language,
        target_language: &header.target_language,
        created: header.created,
        id: &header.id,
        overrides: &header.overrides,
        segments: &project.units,
        retired: &project.retired,
    };
    let mut bytes = Vec::with_capacity(project.units.len() * 256 + 512);
    serde_json::to_writer_pretty(&mut bytes, &writing).expect("a project always serialises");
    bytes.push(b'\n');
    bytes
}

/// Reads a project file's bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<Project, FileError> {
    let version = peek_version(bytes);
    if version.is_some_and(|v| v > VERSION) {
        return Err(FileError {
            position: None,
            message: format!(
                "written by a newer passeur (project format {}, this build reads {VERSION})",
                version.unwrap_or_default()
            ),
        });
    }
    let mut reading: Reading = serde_json::from_slice(bytes).map_err(|error| FileError {
        position: (error.line() > 0).then(|| (error.line(), error.column())),
        message: strip_position(&error.to_string()),
    })?;
    if reading.passeur_project != VERSION {
        return Err(FileError {
            position: None,
            message: format!("unknown project format {}", reading.passeur_project),
        });
    }
    // Control characters in a translation (a project from elsewhere, an older version's MT
    // draft) are removed at the door, as every other way in does.
    for unit in &mut reading.segments {
        crate::controls::strip_in_place(&mut unit.target);
    }
    let mut seen = std::collections::HashSet::new();
    for unit in &reading.segments {
        if unit.id.is_empty() || !seen.insert(unit.id.as_str()) {
            return Err(FileError {
                position: None,
                message: format!("segment id {:?} is empty or used twice", unit.id),
            });
        }
    }
    let header = Header {
        source: reading.source,
        source_kind: reading.source_kind,
        source_sha256: reading.source_sha256,
        source_language: reading.source_language,
        target_language: reading.target_language,
        created: reading.created,
        id: reading.id,
        overrides: reading.overrides,
    };
    Ok(Project::from_parts(
        header,
        reading.segments,
        reading.retired,
    ))
}

/// The format number, read leniently so that a newer file gets a clear message.
fn peek_version(bytes: &[u8]) -> Option<u32> {
    let head = &bytes[..bytes.len().min(200)];
    let head = match std::str::from_utf8(head) {
        Ok(head) => head,
        Err(error) => std::str::from_utf8(&head[..error.valid_up_to()]).ok()?,
    };
    let rest = head.split("\"passeur_project\":").nth(1)?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// serde_json appends " at line L column C"; the caller puts the position first instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}
