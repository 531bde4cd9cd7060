//! A translation project: the segments of one source document, their translations, a status
//! and a note per segment, and what is needed to notice that the source changed.
//!
//! The project lives in one human-readable JSON file (see [`file`] for its layout and why it
//! merges cleanly with `git merge`), saved atomically by [`store`]. When the source is edited,
//! [`Project::realign`] re-segments it and keeps every translation whose source sentence is
//! unchanged, matched by text rather than by position.
//!
//! Sources are plain text or Markdown (segmented by [`crate::segment`]) or an XLIFF file from
//! another tool (its units are the segments; see [`crate::source::xliff`]). This module does
//! not draw anything and does not know about export formats.

pub mod file;
pub mod journal;
pub mod location;
pub mod merge;
mod realign;
mod source;
pub mod store;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use location::{OutsideSource, SourceRefused};
pub use realign::{Realigned, Retired};
pub use source::{SourceSegment, document_segments, sha256_hex};

use crate::document::{Document, Overrides};
use crate::segment::Segmenter;
use crate::time::Timestamp;

/// Where a segment stands, from the least advanced to the most.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not translated yet.
    #[default]
    New,
    /// Typed but not confirmed (autosaved, or pre-filled from memory).
    Draft,
    /// Confirmed by the translator.
    Confirmed,
    /// Checked by a reviewer.
    Reviewed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::Draft,
        Status::Confirmed,
        Status::Reviewed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Draft => "draft",
            Status::Confirmed => "confirmed",
            Status::Reviewed => "reviewed",
        }
    }

    /// Reads a status name as written in tables (`translated` is taken for `confirmed`).
    pub fn from_name(name: &str) -> Option<Status> {
        match name.trim().to_ascii_lowercase().as_str() {
            "new" | "" => Some(Status::New),
            "draft" => Some(Status::Draft),
            "confirmed" | "translated" => Some(Status::Confirmed),
            "reviewed" => Some(Status::Reviewed),
            _ => None,
        }
    }

    /// Confirmed or reviewed: the translation is meant to be delivered.
    pub fn is_translated(self) -> bool {
        matches!(self, Status::Confirmed | Status::Reviewed)
    }
}

/// What kind of file the source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    #[default]
    Text,
    Markdown,
    /// An XLIFF 1.2 file from another tool; translations are written back into it.
    Xliff12,
    /// An XLIFF 2.0 or 2.1 file from another tool.
    Xliff2,
    /// A Word document; the translated document is written back with its formatting.
    Docx,
    /// An OpenDocument text.
    Odt,
    /// A web page.
    Html,
}

/// One segment of the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Stable id: `s1`, `s2`… for documents (kept across realignment), the unit id for XLIFF.
    pub id: String,
    /// Index of the source paragraph (segments of one paragraph share it).
    pub paragraph: usize,
    pub source: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// QA checks the translator chose to ignore for this segment (by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    /// Where the translation comes from when nobody has edited it yet: `mt:PROVIDER` for a
    /// machine translation (`passeur mt`, or inserted in the workspace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The ids of the segments merged into this one, in order: a split gives them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
    /// The translator's version of a translation the reviewer changed, until the change is
    /// accepted or rejected (track changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translator_version: Option<String>,
    /// Locked in the client's file (Trados, memoQ, Phrase): its translation and status are the
    /// file's and nothing in passeur changes them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

impl Unit {
    /// A unit for a segment read from the source; a translation it already carries (XLIFF)
    /// keeps its status, an empty one is `New`.
    pub(crate) fn from_segment(id: String, segment: SourceSegment) -> Unit {
        Unit {
            id,
            paragraph: segment.paragraph,
            source: segment.text,
            status: if segment.target.is_empty() {
                Status::New
            } else {
                segment.status
            },
            target: segment.target,
            note: segment.note,
            ignored: Vec::new(),
            modified: None,
            origin: None,
            merged: Vec::new(),
            translator_version: None,
            locked: segment.locked,
        }
    }

    pub fn is_translated(&self) -> bool {
        self.status.is_translated() && !self.target.is_empty()
    }
}

/// A translation project. Fields are reached through methods so that the invariants hold: an
/// empty target is always `New`, and every change stamps `modified`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    header: Header,
    units: Vec<Unit>,
    retired: Vec<Retired>,
}

/// The project's description of its source and languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The source file, relative to the project file's directory (an absolute path is only
    /// read when the user linked it; see [`location`]).
    pub source: PathBuf,
    pub source_kind: SourceKind,
    /// SHA-256 of the source bytes when the segments were last taken from it.
    pub source_sha256: String,
    pub source_language: String,
    pub target_language: String,
    pub created: Timestamp,
    /// A random name given when the project is made, the same in every copy of it (see
    /// [`crate::memory::document`]); empty in projects made before it existed.
    pub id: String,
    /// The translator's merges and splits (byte offsets into the source).
    pub overrides: OverridesRecord,
}

impl Header {
    /// A header for a French source translated into English, created now.
    pub fn new(source: PathBuf, source_kind: SourceKind, source_sha256: String) -> Header {
        Header {
            source,
            source_kind,
            source_sha256,
            source_language: "fr".into(),
            target_language: "en".into(),
            created: Timestamp::now(),
            id: random_id(),
            overrides: OverridesRecord::default(),
        }
    }
}

/// 128 random bits in hex, from the standard library's per-process random hash keys, the time
/// and the process id: a name no other project has.
fn random_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        hasher.write_u32(std::process::id());
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// [`Overrides`] as stored: two sorted lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverridesRecord {
    #[serde(default)]
    pub joins: Vec<usize>,
    #[serde(default)]
    pub breaks: Vec<usize>,
}

impl OverridesRecord {
    pub fn to_overrides(&self) -> Overrides {
        Overrides {
            joins: self.joins.iter().copied().collect(),
            breaks: self.breaks.iter().copied().collect(),
        }
    }

    pub fn from_overrides(overrides: &Overrides) -> OverridesRecord {
        OverridesRecord {
            joins: overrides.joins.iter().copied().collect(),
            breaks: overrides.breaks.iter().copied().collect(),
        }
    }
}

/// Counts for the status bar and `passeur stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub segments: usize,
    pub new: usize,
    pub draft: usize,
    pub confirmed: usize,
    pub reviewed: usize,
}

impl Project {
    /// A new project over freshly read source segments, all untranslated.
    pub fn new(header: Header, segments: Vec<SourceSegment>) -> Project {
        let units = segments
            .into_iter()
            .enumerate()
            .map(|(index, segment)| {
                let id = segment
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("s{}", index + 1));
                Unit::from_segment(id, segment)
            })
            .collect();
        Project {
            header,
            units,
            retired: Vec::new(),
        }
    }

    /// Assembles a project read from its file.
    pub(crate) fn from_parts(header: Header, units: Vec<Unit>, retired: Vec<Retired>) -> Project {
        Project {
            header,
            units,
            retired,
        }
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn unit(&self, index: usize) -> &Unit {
        &self.units[index]
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Translations dropped by realignment because their source sentence is gone.
    pub fn retired(&self) -> &[Retired] {
        &self.retired
    }

    /// The index of the unit with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.units.iter().position(|unit| unit.id == id)
    }

    /// Sets a unit's translation and status. An empty translation makes it `New` whatever the
    /// status asked for. Returns whether anything changed.
    /// Control characters in `target` are removed ([`crate::controls::strip`]): no way in
    /// (an import, a machine translation, a memory match) brings them into a project. A
    /// locked unit is never changed (callers say so to the translator).
    pub fn set_translation(&mut self, index: usize, target: &str, status: Status) -> bool {
        let target = &*crate::controls::strip(target);
        let unit = &mut self.units[index];
        if unit.locked {
            return false;
        }
        let status = if target.is_empty() {
            Status::New
        } else if status == Status::New {
            Status::Draft
        } else {
            status
        };
        if unit.target == target && unit.status == status {
            return false;
        }
        if unit.target != target {
            unit.origin = None;
        }
        unit.target = target.to_owned();
        unit.status = status;
        unit.modified = Some(Timestamp::now());
        true
    }

    /// A machine translation from `provider` as the segment's draft, marked as such until
    /// someone edits it.
    pub fn set_machine_translation(&mut self, index: usize, target: &str, provider: &str) -> bool {
        let changed = self.set_translation(index, target, Status::Draft);
        if changed {
            self.units[index].origin = Some(format!("mt:{provider}"));
        }
        changed
    }

    /// The reviewer's version of a confirmed translation: `target` becomes the translation,
    /// reviewed, and the translator's version is kept beside it while they differ (the first
    /// one, if the reviewer changes it again).
    pub fn review(&mut self, index: usize, target: &str) -> bool {
        let unit = &self.units[index];
        if unit.locked {
            return false;
        }
        let previous = unit
            .translator_version
            .clone()
            .unwrap_or_else(|| unit.target.clone());
        let changed = self.set_translation(index, target, Status::Reviewed);
        let unit = &mut self.units[index];
        unit.translator_version = (previous != target && !previous.is_empty()).then_some(previous);
        changed
    }

    /// Ends a review's tracked change: accepted, the reviewer's version stays; rejected, the
    /// translator's version comes back, confirmed. Returns whether there was one.
    pub fn settle_review(&mut self, index: usize, accept: bool) -> bool {
        let Some(translator) = self.units[index].translator_version.take() else {
            return false;
        };
        match accept {
            // The translator takes the reviewer's version: a confirm of it, now.
            true => self.units[index].modified = Some(Timestamp::now()),
            false => {
                self.set_translation(index, &translator, Status::Confirmed);
            }
        }
        true
    }

    /// Whether the segment's translation is an unedited machine translation.
    pub fn is_machine_translated(&self, index: usize) -> bool {
        self.units[index]
            .origin
            .as_deref()
            .is_some_and(|origin| origin.starts_with("mt:"))
    }

    /// Auto-propagation: every other untranslated segment with the same source as `index`
    /// gets its translation, as a draft (the translator can still change one occurrence).
    /// Returns the segments filled.
    pub fn propagate(&mut self, index: usize) -> Vec<usize> {
        let (source, target) = {
            let unit = &self.units[index];
            (unit.source.clone(), unit.target.clone())
        };
        if target.is_empty() {
            return Vec::new();
        }
        let repeats: Vec<usize> = (0..self.units.len())
            .filter(|&i| {
                let unit = &self.units[i];
                i != index && !unit.locked && unit.target.is_empty() && unit.source == source
            })
            .collect();
        for &i in &repeats {
            self.set_translation(i, &target, Status::Draft);
        }
        repeats
    }

    /// Ignores (or stops ignoring) a QA check for one segment.
    /// Ignores (or stops ignoring) one QA issue in a segment, by its key
    /// ([`crate::qa::Issue::key`]).
    pub fn set_ignored(&mut self, index: usize, key: &str, ignored: bool) {
        let list = &mut self.units[index].ignored;
        let present = list.iter().any(|c| c == key);
        if ignored && !present {
            list.push(key.to_owned());
            list.sort();
        } else if !ignored && present {
            list.retain(|c| c != key);
        }
    }

    /// Sets a unit's note. Returns whether it changed.
    pub fn set_note(&mut self, index: usize, note: &str) -> bool {
        let unit = &mut self.units[index];
        if unit.note == note {
            return false;
        }
        unit.note = note.to_owned();
        unit.modified = Some(Timestamp::now());
        true
    }

    /// The source document cut as this project is (its overrides applied), when the source is
    /// a text or Markdown file and `text` still gives the project's segments.
    pub fn document(&self, text: String, segmenter: &Segmenter) -> Option<Document> {
        let format = self.header.source_kind.document_format()?;
        let document = Document::parse(text, format, segmenter, &self.overrides());
        (document.segments().len() == self.len()).then_some(document)
    }

    /// The merges and splits the translator made.
    pub fn overrides(&self) -> Overrides {
        self.header.overrides.to_overrides()
    }

    /// The translator merged segment `index` with the next: one segment with the joined
    /// source, the translations joined with a space (a draft to check), the notes kept.
    pub fn merge_with_next(&mut self, index: usize, joined_source: String, overrides: &Overrides) {
        let next = self.units.remove(index + 1);
        let unit = &mut self.units[index];
        unit.source = joined_source;
        unit.merged.push(next.id.clone());
        unit.merged.extend(next.merged.iter().cloned());
        let targets: Vec<&str> = [unit.target.as_str(), next.target.as_str()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect();
        unit.target = targets.join(" ");
        unit.status = if unit.target.is_empty() {
            Status::New
        } else {
            Status::Draft
        };
        if !next.note.is_empty() {
            unit.note = [unit.note.as_str(), next.note.as_str()]
                .iter()
                .filter(|n| !n.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
        }
        unit.modified = Some(Timestamp::now());
        self.header.overrides = OverridesRecord::from_overrides(overrides);
    }

    /// The translator split segment `index` in two: the first part keeps the id and the
    /// translation but `second_target` (drafts to check), the second gets `second_target` and
    /// back the id of the first segment merged into this one, if any, else a new one.
    pub fn split(
        &mut self,
        index: usize,
        (first, second): (String, String),
        second_target: &str,
        overrides: &Overrides,
    ) {
        let id = match self.units[index].merged.is_empty() {
            false => self.units[index].merged.remove(0),
            true => format!("s{}", self.next_id_number()),
        };
        let unit = &mut self.units[index];
        unit.source = first;
        if let Some(kept) = unit.target.strip_suffix(second_target) {
            unit.target = kept.trim_end().to_owned();
        }
        if !unit.target.is_empty() {
            unit.status = Status::Draft;
        }
        unit.modified = Some(Timestamp::now());
        let paragraph = unit.paragraph;
        let second = SourceSegment {
            paragraph,
            text: second,
            target: second_target.trim().to_owned(),
            status: Status::Draft,
            ..SourceSegment::default()
        };
        self.units.insert(index + 1, Unit::from_segment(id, second));
        self.header.overrides = OverridesRecord::from_overrides(overrides);
    }

    /// The indices of the units the client's file locked.
    pub fn locked(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.units.len()).filter(|&index| self.units[index].locked)
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            segments: self.units.len(),
            ..Counts::default()
        };
        for unit in &self.units {
            match unit.status {
                Status::New => counts.new += 1,
                Status::Draft => counts.draft += 1,
                Status::Confirmed => counts.confirmed += 1,
                Status::Reviewed => counts.reviewed += 1,
            }
        }
        counts
    }

    /// The source file's path, resolved against the directory of the project file; refused
    /// when the header points outside the project's folder (see [`location`]).
    pub fn source_path(&self, project_path: &Path) -> Result<PathBuf, SourceRefused> {
        location::resolve(project_path, &self.header.source)
    }

    /// Points the project at another source file (see `passeur relink`); the segments are
    /// realigned with it the next time the project is opened.
    pub fn set_source(&mut self, recorded: PathBuf) {
        self.header.source = recorded;
    }
}

#[cfg(test)]
mod tests;
