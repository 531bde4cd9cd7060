//! Reading XLIFF 1.2 and 2.0/2.1 files, ours or another tool's, and writing translations back
//! into another tool's file with everything else left byte for byte as it was.
//!
//! Each XLIFF 1.2 `trans-unit` and each XLIFF 2 `segment` becomes one unit. Its id is the
//! trans-unit or unit id; a unit with several segments gives `unit/segment` ids, and ids that
//! repeat across `<file>` elements are prefixed with the file's number (`f2/…`). A 1.2
//! trans-unit whose `<seg-source>` is cut into `<mrk mtype="seg" mid="…">` segments (Trados,
//! Okapi and memoQ segment that way) gives one unit per segment, `unit/mid` when there are
//! several, and its target's `<mrk>` of the same `mid` is that segment's translation.
//!
//! Inline codes (`<g>`, `<x/>`, `<ph>…</ph>`, `<mrk>`, `<pc>`, `<sc/>`…) become OmegaT-style
//! tags in the text the translator sees: `<g1>…</g1>` for a paired code, `<x2/>` for a
//! standalone one, numbered in the source's order (per segment). A target's codes take the
//! number of the source code with the same element and id (so `<g id="2">Marie</g>'s <g
//! id="1">cat</g>` reads `<g2>Marie</g2>'s <g1>cat</g1>`); codes only the target has (a
//! reviewer's `<mrk>`) get the next numbers. Writing back turns each tag into its markup by
//! number; tags the file does not have stay text.
//!
//! What a unit's status is, and whether the tool that wrote the file locked it, is
//! [`status`]'s business: the standard `state`/`approved`, then Trados', memoQ's and Phrase's
//! own attributes. Reading is [`read`], writing back [`write`] (a patch: a unit whose
//! translation and status are the file's is not touched at all).
//!
//! Not handled: units marked `translate="no"` (skipped, left untouched), and a segmented
//! trans-unit's target written without `<mrk>` segments (its segments read as untranslated).

mod read;
mod status;
mod write;

use std::ops::Range;

pub use read::read;
pub use write::{Translation, state_2, state_12, write_back};

use crate::project::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V12,
    V2,
}

/// An XLIFF file as read.
#[derive(Debug, Clone)]
pub struct XliffFile {
    pub version: Version,
    pub source_language: String,
    pub target_language: Option<String>,
    pub units: Vec<XliffUnit>,
    /// Where each unit's target lives, by [`XliffUnit::frame`].
    frames: Vec<Frame>,
    /// Where a missing target language must be added for a valid write-back: after the
    /// root's element name, in XLIFF 2 (which requires `trgLang` once a target exists; XLIFF
    /// 1.2's `target-language` is optional and is left as the client wrote it).
    missing_target_language: Vec<usize>,
    /// The values of the file's own target-language declarations (`target-language` of each
    /// 1.2 `<file>`, the 2.x root's `trgLang`), rewritten when the project's target language
    /// is another one (a file taken with `--force`).
    target_language_values: Vec<Range<usize>>,
}

/// One translatable segment.
#[derive(Debug, Clone)]
pub struct XliffUnit {
    pub id: String,
    pub source: String,
    /// The translation as passeur takes it: `None` when the file has no target, or a target
    /// that is no translation (codes and spaces only, or the source copied without a state).
    pub target: Option<String>,
    pub status: Status,
    /// Locked by the tool that made the file (Trados, memoQ, Phrase): never written over.
    pub locked: bool,
    pub note: String,
    codes: Vec<Code>,
    /// Index of the unit's [`Frame`] in [`XliffFile::frames`].
    frame: usize,
    /// For a segment of a `<seg-source>`: its `<mrk>`.
    mark: Option<SegmentMark>,
}

/// Where one `<target>` lives: an XLIFF 1.2 `<trans-unit>` or an XLIFF 2 `<segment>`, with
/// the units it holds (one, or one per `<mrk>` segment).
#[derive(Debug, Clone, Default)]
struct Frame {
    /// The units of the frame, contiguous in [`XliffFile::units`].
    units: Range<usize>,
    /// The start tag that carries the state: `<trans-unit>` (1.2) or `<segment>` (2.0), and
    /// memoQ's and Phrase's statuses.
    holder: Range<usize>,
    /// Element name prefix (`xlf:`) used in this file, for the elements written back.
    prefix: String,
    /// Where an added `<target>` goes: right after `</source>`, or after `</seg-source>`.
    target_insertion: usize,
    /// The line break and indentation before `<source>`, repeated before an added `<target>`.
    source_indent: String,
    /// The existing `<target>` element.
    target_place: Option<TargetPlace>,
    /// The `<seg-source>` content around its segments, when the frame is segmented: what a
    /// target rebuilt around its `<mrk>` segments is made of.
    skeleton: Vec<Piece>,
    /// The tool whose status attributes the frame carries, and the qualified name of the
    /// holder's attribute where memoQ (`mq:status`) or Phrase (`m:confirmed`) keeps it.
    tool: status::Tool,
    tool_attribute: String,
    /// Where a Trados status for a segment that has none goes: before `</sdl:seg-defs>`.
    seg_defs_end: Option<usize>,
    /// The qualified name of Trados' `seg` element in this file (`sdl:seg`).
    seg_element: String,
}

/// A piece of a `<seg-source>`'s content.
#[derive(Debug, Clone)]
enum Piece {
    /// Bytes between segments, copied as they are.
    Between(Range<usize>),
    /// A segment, by index in [`XliffFile::units`].
    Segment(usize),
}

/// A segment's `<mrk mtype="seg">`.
#[derive(Debug, Clone)]
struct SegmentMark {
    mid: String,
    /// The `<mrk …>` start tag in the `<seg-source>`, copied into a target that lacks it.
    source_start_tag: String,
    /// The target's `<mrk>` with this `mid`.
    target: Option<TargetPlace>,
    /// The start tag of Trados' status of the segment (`<sdl:seg id="…" conf="…">`).
    trados_status: Option<Range<usize>>,
}

/// Where an element that holds a translation (a `<target>`, or a target's `<mrk>`) is.
#[derive(Debug, Clone)]
struct TargetPlace {
    /// The start tag (`<target xml:lang="en">`), or the whole empty element (`<target/>`).
    start_tag: Range<usize>,
    /// The content between the tags; `None` for an empty element.
    content: Option<Range<usize>>,
    /// The byte after the element.
    end: usize,
}

/// An inline code, by tag number (1 = first).
#[derive(Debug, Clone)]
struct Code {
    markup: Markup,
    /// What identifies the code across source and target: the element's name and id (or, for
    /// an element without an id, its whole start tag).
    key: String,
}

#[derive(Debug, Clone)]
enum Markup {
    Paired { start: String, end: String },
    Standalone(String),
}

impl XliffFile {
    /// How many places lack the target language that a write-back adds.
    pub fn missing_target_language_count(&self) -> usize {
        self.missing_target_language.len()
    }
}

#[cfg(test)]
mod tests;
