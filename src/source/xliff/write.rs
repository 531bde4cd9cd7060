//! Writing translations back into the XLIFF file they came from, as a patch: a unit whose
//! translation and status are the file's is not touched; of a changed unit only the target's
//! content and the status attributes are rewritten, inside the existing start tags, so
//! `xml:lang`, `xml:space`, `order` and any other attribute stay as written (a
//! `state-qualifier`, which tells where the old text came from, goes when the text changes).
//! A new `<target>` goes where the schema wants it (after `<seg-source>`).
//!
//! A segmented trans-unit gets its changed segments' `<mrk>` content replaced in its target;
//! a target that lacks a segment's `<mrk>` (or a unit without a target) is rebuilt from the
//! `<seg-source>`, keeping the target's existing segments byte for byte. The status goes where
//! the tool that made the file keeps it (see [`super::status`]): Trados' `sdl:seg conf` for
//! the segment, memoQ's `mq:status`, Phrase's `m:confirmed`; the standard `state`/`approved`
//! are then updated only where the file already has them. Locked units are never written.

use std::ops::Range;
use std::path::Path;

use super::status::{self, Tool};
use super::{Code, Frame, Markup, Piece, TargetPlace, Version, XliffFile, XliffUnit};
use crate::markup::tags::{Tag, write_marked_up};
use crate::markup::xml::escaped_attribute;
use crate::markup::{FormatError, primary_language};
use crate::project::Status;

/// A translation to write back.
#[derive(Debug, Clone, Copy)]
pub struct Translation<'a> {
    pub target: &'a str,
    pub status: Status,
}

/// A unit's translation that differs from the file's.
#[derive(Debug, Clone, Copy)]
struct Change<'a> {
    translation: Translation<'a>,
    text_changed: bool,
}

/// One replacement in the original text.
type Edit = (Range<usize>, String);

/// The original file (`path` names it in errors) with the given translations (by unit id)
/// written into it. Units without a translation, still `New`, locked, or whose translation
/// and status are the file's are left exactly as they were. When the file declares another
/// target language than `target_language` (a file taken with `--force`), its declarations and
/// the `xml:lang` of the targets written say `target_language`. Refused, rather than writing
/// a broken file, when two units' places in the file overlap (a shape [`super::read`] should
/// have refused).
pub fn write_back<'t>(
    original: &str,
    path: &Path,
    file: &XliffFile,
    target_language: &str,
    mut translation: impl FnMut(&str) -> Option<Translation<'t>>,
) -> Result<String, FormatError> {
    let other_language = file
        .target_language
        .as_deref()
        .is_some_and(|declared| primary_language(declared) != primary_language(target_language));
    let writing = Writing {
        original,
        version: file.version,
        language: other_language.then_some(target_language),
    };
    let mut edits: Vec<Edit> = Vec::new();
    for frame in &file.frames {
        let units = &file.units[frame.units.clone()];
        let changes: Vec<Option<Change>> = units
            .iter()
            .map(|unit| {
                let translation = translation(&unit.id)?;
                if unit.locked || translation.status == Status::New || translation.target.is_empty()
                {
                    return None;
                }
                let text_changed = unit.target.as_deref() != Some(translation.target);
                (text_changed || unit.status != translation.status).then_some(Change {
                    translation,
                    text_changed,
                })
            })
            .collect();
        if changes.iter().any(Option::is_some) {
            edits.extend(writing.frame_edits(frame, units, &changes));
        }
    }
    if !edits.is_empty() {
        let language_attribute = match file.version {
            Version::V12 => "target-language",
            Version::V2 => "trgLang",
        };
        for at in &file.missing_target_language {
            edits.push((
                *at..*at,
                format!(
                    " {language_attribute}=\"{}\"",
                    escaped_attribute(target_language)
                ),
            ));
        }
        if other_language {
            for value in &file.target_language_values {
                edits.push((value.clone(), escaped_attribute(target_language)));
            }
        }
    }
    apply(original, path, edits)
}

/// `original` with `edits` made.
fn apply(original: &str, path: &Path, mut edits: Vec<Edit>) -> Result<String, FormatError> {
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let mut out = String::with_capacity(original.len() + edits.len() * 64);
    let mut at = 0;
    for (span, replacement) in edits {
        let Some(unchanged) = original.get(at..span.start) else {
            return Err(FormatError::Invalid {
                path: path.to_owned(),
                message: format!(
                    "units overlap at byte {}; the file was not written back",
                    span.start
                ),
            });
        };
        out.push_str(unchanged);
        out.push_str(&replacement);
        at = span.end;
    }
    out.push_str(&original[at..]);
    Ok(out)
}

/// What every edit of one write-back needs.
struct Writing<'o> {
    original: &'o str,
    version: Version,
    /// The target language to write into `xml:lang`, when the file's is another.
    language: Option<&'o str>,
}

impl Writing<'_> {
    /// The edits that put the changes into one frame (`changes[i]` for `units[i]`).
    fn frame_edits(
        &self,
        frame: &Frame,
        units: &[XliffUnit],
        changes: &[Option<Change>],
    ) -> Vec<Edit> {
        // The status the whole target stands for: its least advanced segment's.
        let status = units
            .iter()
            .zip(changes)
            .map(|(unit, change)| change.map_or(unit.status, |c| c.translation.status))
            .min()
            .unwrap_or(Status::New);
        let mut edits = if frame.skeleton.is_empty() {
            match changes.first().copied().flatten() {
                Some(change) => self.whole_target_edits(frame, &units[0], change),
                None => Vec::new(),
            }
        } else {
            self.segmented_target_edits(frame, units, changes, status)
        };
        edits.extend(self.holder_edit(frame, status));
        for (unit, change) in units.iter().zip(changes) {
            if let Some(change) = change {
                edits.extend(self.trados_edit(frame, unit, change.translation.status));
            }
        }
        edits
    }

    /// An unsegmented unit's target: its content and its start tag.
    fn whole_target_edits(&self, frame: &Frame, unit: &XliffUnit, change: Change) -> Vec<Edit> {
        let content = target_markup(&unit.codes, change.translation.target);
        let status = change.translation.status;
        match &frame.target_place {
            Some(place) => {
                let start_tag = self.target_start_tag(frame, place, status, change.text_changed);
                let content = change.text_changed.then_some(content);
                filled(self.original, place, &start_tag, content)
            }
            None => vec![self.new_target(frame, status, &content)],
        }
    }

    /// A segmented unit's target: each changed segment's `<mrk>` content, or the whole target
    /// rebuilt around its segments when one of them has no `<mrk>` there yet.
    fn segmented_target_edits(
        &self,
        frame: &Frame,
        units: &[XliffUnit],
        changes: &[Option<Change>],
        status: Status,
    ) -> Vec<Edit> {
        let text_changed = changes.iter().flatten().any(|c| c.text_changed);
        let in_place = frame
            .target_place
            .as_ref()
            .filter(|place| place.content.is_some())
            .filter(|_| {
                units.iter().zip(changes).all(|(unit, change)| {
                    change.is_none() || unit.mark.as_ref().is_some_and(|m| m.target.is_some())
                })
            });
        if let Some(place) = in_place {
            let start_tag = self.target_start_tag(frame, place, status, text_changed);
            let mut edits = filled(self.original, place, &start_tag, None);
            for (unit, change) in units.iter().zip(changes) {
                let (Some(change), Some(mark)) = (change, &unit.mark) else {
                    continue;
                };
                let mark_place = mark.target.as_ref().expect("checked above");
                let mark_start = &self.original[mark_place.start_tag.clone()];
                let content = change
                    .text_changed
                    .then(|| target_markup(&unit.codes, change.translation.target));
                edits.extend(filled(self.original, mark_place, mark_start, content));
            }
            return edits;
        }
        let mut content = String::new();
        for piece in &frame.skeleton {
            match piece {
                Piece::Between(range) => content.push_str(&self.original[range.clone()]),
                Piece::Segment(index) => {
                    let local = index - frame.units.start;
                    let unit = &units[local];
                    let Some(mark) = &unit.mark else { continue };
                    match (&changes[local], &mark.target) {
                        (Some(change), place) => {
                            let start = place.as_ref().map_or(&*mark.source_start_tag, |p| {
                                &self.original[p.start_tag.clone()]
                            });
                            let start = start.trim_end_matches('>').trim_end_matches('/');
                            let markup = target_markup(&unit.codes, change.translation.target);
                            content
                                .push_str(&format!("{start}>{markup}</{}>", element_name(start)));
                        }
                        (None, Some(place)) => {
                            content.push_str(&self.original[place.start_tag.start..place.end])
                        }
                        (None, None) => {
                            let start = mark.source_start_tag.trim_end_matches('>');
                            content.push_str(&format!("{}/>", start.trim_end_matches('/')));
                        }
                    }
                }
            }
        }
        match &frame.target_place {
            Some(place) => {
                let start_tag = self.target_start_tag(frame, place, status, text_changed);
                filled(self.original, place, &start_tag, Some(content))
            }
            None => vec![self.new_target(frame, status, &content)],
        }
    }

    /// An existing `<target>` start tag with the state of `status` (where the file keeps a
    /// standard state), without a `state-qualifier` once the text changed, and with the
    /// target language.
    fn target_start_tag(
        &self,
        frame: &Frame,
        place: &TargetPlace,
        status: Status,
        text_changed: bool,
    ) -> String {
        let mut tag = self.original[place.start_tag.clone()].to_owned();
        if self.version == Version::V12 && (frame.tool == Tool::Standard || has(&tag, "state")) {
            tag = with_attribute(&tag, "state", Some(state_12(status)));
        }
        // A qualifier says where the old text came from (`leveraged-tm`, `mt-suggestion`):
        // untrue of the translator's text.
        if text_changed {
            tag = with_attribute(&tag, "state-qualifier", None);
        }
        if let Some(language) = self.language
            && has(&tag, "xml:lang")
        {
            tag = with_attribute(&tag, "xml:lang", Some(language));
        }
        tag
    }

    /// A new `<target>` after the source (or `<seg-source>`).
    fn new_target(&self, frame: &Frame, status: Status, content: &str) -> Edit {
        let element = format!("{}target", frame.prefix);
        let state = match (self.version, frame.tool) {
            (Version::V12, Tool::Standard) => format!(" state=\"{}\"", state_12(status)),
            _ => String::new(),
        };
        (
            frame.target_insertion..frame.target_insertion,
            format!(
                "{}<{element}{state}>{content}</{element}>",
                frame.source_indent
            ),
        )
    }

    /// The holder's attributes for the frame's status: XLIFF 1.2's `approved`, XLIFF 2's
    /// `state`, memoQ's `mq:status`, Phrase's `m:confirmed`.
    fn holder_edit(&self, frame: &Frame, status: Status) -> Option<Edit> {
        let holder = &self.original[frame.holder.clone()];
        let mut tag = match self.version {
            Version::V12 if frame.tool == Tool::Standard || has(holder, "approved") => {
                let approved = match status {
                    Status::Confirmed | Status::Reviewed => Some("yes"),
                    // An existing approval is withdrawn; none is added.
                    Status::New | Status::Draft => has(holder, "approved").then_some("no"),
                };
                with_attribute(holder, "approved", approved)
            }
            Version::V12 => holder.to_owned(),
            Version::V2 => with_attribute(holder, "state", Some(state_2(status))),
        };
        let attribute = frame.tool_attribute.as_str();
        match frame.tool {
            Tool::MemoQ => {
                let previous = attribute_of(&tag, attribute);
                let value = status::memoq_status(status, previous.as_deref());
                tag = with_attribute(&tag, attribute, Some(value));
            }
            Tool::Phrase { level } => {
                let value = status::phrase_confirmed(status, level);
                tag = with_attribute(&tag, attribute, Some(&value));
            }
            Tool::Standard | Tool::Trados => {}
        }
        (tag != holder).then(|| (frame.holder.clone(), tag))
    }

    /// Trados' status of a changed segment: its `conf`, or a new `<sdl:seg>` when the
    /// segment has none.
    fn trados_edit(&self, frame: &Frame, unit: &XliffUnit, status: Status) -> Option<Edit> {
        if frame.tool != Tool::Trados {
            return None;
        }
        let mark = unit.mark.as_ref()?;
        match &mark.trados_status {
            Some(span) => {
                let tag = &self.original[span.clone()];
                let previous = attribute_of(tag, "conf");
                let conf = status::trados_conf(status, previous.as_deref());
                let rewritten = with_attribute(tag, "conf", Some(conf));
                (rewritten != tag).then(|| (span.clone(), rewritten))
            }
            None => {
                let at = frame.seg_defs_end?;
                let element = match frame.seg_element.as_str() {
                    "" => "sdl:seg",
                    name => name,
                };
                Some((
                    at..at,
                    format!(
                        "<{element} id=\"{}\" conf=\"{}\"/>",
                        escaped_attribute(&mark.mid),
                        status::trados_conf(status, None)
                    ),
                ))
            }
        }
    }
}

/// The edits that give an element at `place` the start tag `start_tag` and, when given, the
/// content `content`; an empty element (`<target/>`) is opened and closed around it.
fn filled(
    original: &str,
    place: &TargetPlace,
    start_tag: &str,
    content: Option<String>,
) -> Vec<Edit> {
    let old_start = &original[place.start_tag.clone()];
    let mut edits = Vec::new();
    match &place.content {
        Some(range) => {
            if let Some(content) = content {
                edits.push((range.clone(), content));
            }
            if start_tag != old_start {
                edits.push((place.start_tag.clone(), start_tag.to_owned()));
            }
        }
        None => {
            let open = start_tag.trim_end_matches('>').trim_end_matches('/');
            let element = match content {
                Some(content) => format!("{open}>{content}</{}>", element_name(open)),
                None => start_tag.to_owned(),
            };
            if element != old_start {
                edits.push((place.start_tag.clone(), element));
            }
        }
    }
    edits
}

/// The qualified element name of a start tag (`<xlf:target …` → `xlf:target`).
fn element_name(start_tag: &str) -> &str {
    start_tag[1..]
        .split(|c: char| XML_SPACE.contains(&c) || c == '/' || c == '>')
        .next()
        .unwrap_or_default()
}

/// Turns a translation with tags back into XLIFF content, using the segment's codes.
fn target_markup(codes: &[Code], target: &str) -> String {
    let mut out = String::with_capacity(target.len() + 16);
    write_marked_up(
        target,
        &mut out,
        |tag| code_markup(codes, tag).is_some(),
        |tag, out| out.push_str(code_markup(codes, tag).unwrap_or_default()),
    );
    out
}

/// The file's markup for a tag, when the segment has that code.
fn code_markup(codes: &[Code], tag: Tag) -> Option<&str> {
    match (&codes.get(tag.number().checked_sub(1)?)?.markup, tag) {
        (Markup::Paired { start, .. }, Tag::Open(_)) => Some(start),
        (Markup::Paired { end, .. }, Tag::Close(_)) => Some(end),
        (Markup::Standalone(markup), Tag::Standalone(_)) => Some(markup),
        _ => None,
    }
}

/// The XLIFF 1.2 `state` for a status.
pub fn state_12(status: Status) -> &'static str {
    match status {
        Status::New => "needs-translation",
        Status::Draft => "needs-review-translation",
        Status::Confirmed => "translated",
        Status::Reviewed => "signed-off",
    }
}

/// The XLIFF 2 `state` for a status.
pub fn state_2(status: Status) -> &'static str {
    match status {
        Status::New | Status::Draft => "initial",
        Status::Confirmed => "translated",
        Status::Reviewed => "reviewed",
    }
}

/// Whether a start tag has the attribute `name` (as written, prefix included).
fn has(start_tag: &str, name: &str) -> bool {
    raw_attributes(start_tag).iter().any(|a| a.name == name)
}

/// An attribute's value as written in a start tag (references left as they are).
fn attribute_of(start_tag: &str, name: &str) -> Option<String> {
    let found = raw_attributes(start_tag)
        .into_iter()
        .find(|a| a.name == name)?;
    Some(start_tag[found.value.start + 1..found.value.end - 1].to_owned())
}

/// A start tag (`<segment id="1" state="initial">`) with one attribute set (its value replaced
/// in place, or added before the tag's end) or removed (`None`); every other byte as written.
fn with_attribute(start_tag: &str, name: &str, value: Option<&str>) -> String {
    let existing = raw_attributes(start_tag)
        .into_iter()
        .find(|a| a.name == name);
    let mut out = String::with_capacity(start_tag.len() + 32);
    match (existing, value) {
        (Some(attribute), Some(value)) => {
            out.push_str(&start_tag[..attribute.value.start + 1]);
            let quote = &start_tag[attribute.value.start..attribute.value.start + 1];
            let escaped = escaped_attribute(value);
            out.push_str(&match quote {
                "'" => escaped.replace('\'', "&apos;"),
                _ => escaped,
            });
            out.push_str(&start_tag[attribute.value.end - 1..]);
        }
        (Some(attribute), None) => {
            out.push_str(&start_tag[..attribute.whole.start]);
            out.push_str(&start_tag[attribute.value.end..]);
        }
        (None, Some(value)) => {
            let end = start_tag.len() - if start_tag.ends_with("/>") { 2 } else { 1 };
            let body = start_tag[..end].trim_end_matches(XML_SPACE);
            out.push_str(body);
            out.push_str(&format!(" {name}=\"{}\"", escaped_attribute(value)));
            out.push_str(&start_tag[body.len()..]);
        }
        (None, None) => out.push_str(start_tag),
    }
    out
}

/// Whitespace as XML counts it (a no-break space or a form feed is not).
const XML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// An attribute of a start tag, located in it.
pub(super) struct RawAttribute<'a> {
    pub name: &'a str,
    /// From the whitespace before the name to the closing quote.
    pub whole: Range<usize>,
    /// The value with its quotes.
    pub value: Range<usize>,
}

/// The attributes of a start tag as written (the tag was checked by the XML reader).
pub(super) fn raw_attributes(start_tag: &str) -> Vec<RawAttribute<'_>> {
    let mut found = Vec::new();
    let name_end = start_tag.find(XML_SPACE).unwrap_or(start_tag.len());
    let mut at = name_end;
    loop {
        let rest = &start_tag[at..];
        let name_start = at + (rest.len() - rest.trim_start_matches(XML_SPACE).len());
        let Some(equals) = start_tag[name_start..].find('=').map(|i| name_start + i) else {
            return found;
        };
        let after = &start_tag[equals + 1..];
        let value_start = equals + 1 + (after.len() - after.trim_start_matches(XML_SPACE).len());
        let Some(quote) = start_tag[value_start..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
        else {
            return found;
        };
        let Some(close) = start_tag[value_start + 1..].find(quote) else {
            return found;
        };
        let value_end = value_start + 1 + close + 1;
        found.push(RawAttribute {
            name: start_tag[name_start..equals].trim_end_matches(XML_SPACE),
            whole: at..value_end,
            value: value_start..value_end,
        });
        at = value_end;
    }
}
