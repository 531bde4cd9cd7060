//! Reading XLIFF 1.2 and 2.0/2.1 files, ours or another tool's, and writing translations back
//! into another tool's file with everything else left byte for byte as it was.
//!
//! Each XLIFF 1.2 `trans-unit` and each XLIFF 2 `segment` becomes one unit. Its id is the
//! trans-unit or unit id; a unit with several segments gives `unit/segment` ids, and ids that
//! repeat across `<file>` elements are prefixed with the file's number (`f2/…`).
//!
//! Inline codes (`<g>`, `<x/>`, `<ph>…</ph>`, `<mrk>`, `<pc>`, `<sc/>`…) become OmegaT-style
//! tags in the text the translator sees: `<g1>…</g1>` for a paired code, `<x2/>` for a
//! standalone one, numbered in the source's order. A target's codes take the number of the
//! source code with the same element and id (so `<g id="2">Marie</g>'s <g id="1">cat</g>`
//! reads `<g2>Marie</g2>'s <g1>cat</g1>`); codes only the target has (a reviewer's `<mrk>`)
//! get the next numbers. Writing back turns each tag into its markup by number; tags the file
//! does not have stay text.
//!
//! Writing back is a patch: a unit whose translation and status are those of the file is not
//! touched; a changed unit gets its target's content (and its state) replaced inside the
//! existing `<target>` start tag, so `xml:lang`, `xml:space`, `order` and any other attribute
//! stay as written (a `state-qualifier`, which tells where the old text came from, goes when
//! the text changes); a new `<target>` goes where the schema wants it (after `<seg-source>`).
//!
//! Not handled: `seg-source` segmentation inside a 1.2 trans-unit (the whole unit is one
//! segment), and units marked `translate="no"` (skipped, left untouched).

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use quick_xml::events::BytesStart;

use super::FormatError;
use super::tags::{Tag, write_marked_up};
use super::xml::{Node, XmlReader, attribute, escaped_attribute, local_name};
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
    /// Where a missing target language must be added for a valid write-back: after the
    /// root's element name, in XLIFF 2 (which requires `trgLang` once a target exists; XLIFF
    /// 1.2's `target-language` is optional and is left as the client wrote it).
    missing_target_language: Vec<usize>,
}

/// One translatable segment.
#[derive(Debug, Clone)]
pub struct XliffUnit {
    pub id: String,
    pub source: String,
    pub target: Option<String>,
    pub status: Status,
    pub note: String,
    codes: Vec<Code>,
    /// Element name prefix (`xlf:`) used in this file, for the elements written back.
    prefix: String,
    /// Where an added `<target>` goes: right after `</source>`, or after `</seg-source>`.
    target_insertion: usize,
    /// The line break and indentation before `<source>`, repeated before an added `<target>`.
    source_indent: String,
    /// The existing `<target>` element.
    target_place: Option<TargetPlace>,
    /// The start tag that carries the state: `<segment>` (2.0) or `<trans-unit>` (1.2).
    holder: Range<usize>,
}

/// Where a unit's `<target>` is in the file.
#[derive(Debug, Clone)]
struct TargetPlace {
    /// The start tag (`<target xml:lang="en">`), or the whole empty element (`<target/>`).
    start_tag: Range<usize>,
    /// The content between the tags; `None` for an empty element.
    content: Option<Range<usize>>,
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

/// Reads an XLIFF 1.2 or 2.x file.
pub fn read(text: &str, path: &Path) -> Result<XliffFile, FormatError> {
    let mut reader = XmlReader::new(text, path);
    let root = loop {
        match reader.read_node()? {
            Node::Start(element) => break element,
            Node::Empty(_) | Node::Eof => {
                return Err(reader.error("not an XLIFF file: the root element is empty"));
            }
            _ => {}
        }
    };
    if local_name(&root) != "xliff" {
        return Err(reader.error(format!(
            "not an XLIFF file: the root element is <{}>",
            local_name(&root)
        )));
    }
    // Without a version attribute, the namespace tells (and a file without either is 1.x, the
    // versions that had no namespace).
    let version_attribute = attribute(&root, "version")
        .or_else(|| {
            attribute(&root, "xmlns")?
                .strip_prefix("urn:oasis:names:tc:xliff:document:")
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "1".to_owned());
    let version = if version_attribute.starts_with('2') {
        Version::V2
    } else if version_attribute.starts_with('1') {
        Version::V12
    } else {
        return Err(reader.error(format!(
            "unsupported XLIFF version {version_attribute:?} (passeur reads 1.2 and 2.x)"
        )));
    };
    let mut file = XliffFile {
        version,
        source_language: attribute(&root, "srcLang").unwrap_or_default(),
        target_language: attribute(&root, "trgLang"),
        units: Vec::new(),
        missing_target_language: Vec::new(),
    };
    if version == Version::V2 && file.target_language.is_none() {
        file.missing_target_language
            .push(reader.last_span().start + 1 + root.name().as_ref().len());
    }
    let mut file_number = 0;
    let mut file_of_unit = Vec::new();
    let mut unit_id = String::new();
    let mut unit_note = String::new();
    let mut unit_translate = true;
    let mut unit_first = 0; // index in file.units of the unit's first segment
    let mut approved = false;
    let mut holder = 0..0;
    let mut pending: Option<XliffUnit> = None;
    let mut segment_number = 0;
    // Whether the current trans-unit (1.2) or segment (2.x) has had its <source>.
    let mut has_source = false;
    loop {
        let node = reader.read_node()?;
        let span = reader.last_span();
        match node {
            Node::Start(element) | Node::Empty(element) if local_name(&element) == "file" => {
                file_number += 1;
                if version == Version::V12 {
                    let source_language =
                        attribute(&element, "source-language").unwrap_or_default();
                    if file.source_language.is_empty() {
                        file.source_language = source_language;
                    }
                    if let Some(target) = attribute(&element, "target-language") {
                        file.target_language.get_or_insert(target);
                    }
                }
            }
            Node::Start(element) => {
                let name = local_name(&element);
                let parent = parent_of_current(&reader);
                match (version, name.as_str()) {
                    (Version::V12, "trans-unit") | (Version::V2, "unit") => {
                        unit_id = attribute(&element, "id")
                            .ok_or_else(|| reader.error(format!("<{name}> without an id")))?;
                        unit_translate = attribute(&element, "translate").as_deref() != Some("no");
                        approved = attribute(&element, "approved").as_deref() == Some("yes");
                        unit_note.clear();
                        unit_first = file.units.len();
                        segment_number = 0;
                        holder = span.clone();
                        has_source = false;
                    }
                    (Version::V2, "segment") if unit_translate => {
                        segment_number += 1;
                        let id =
                            attribute(&element, "id").unwrap_or_else(|| segment_number.to_string());
                        let status = match attribute(&element, "state").as_deref() {
                            Some("translated") => Status::Confirmed,
                            Some("reviewed" | "final") => Status::Reviewed,
                            _ => Status::Draft,
                        };
                        pending = Some(XliffUnit {
                            id: format!("{unit_id}\u{0}{id}"),
                            status,
                            holder: span.clone(),
                            ..XliffUnit::empty()
                        });
                        has_source = false;
                    }
                    (_, "source") if is_unit_level(version, parent) && unit_translate => {
                        if std::mem::replace(&mut has_source, true) {
                            return Err(reader.error(format!(
                                "a second <source> in unit {unit_id:?}; a unit has one source"
                            )));
                        }
                        let before = reader.slice(0..span.start);
                        let indent_start = before.trim_end_matches([' ', '\t']).len();
                        let source_indent = match before[..indent_start].ends_with('\n') {
                            true => format!("\n{}", &before[indent_start..]),
                            false => String::new(),
                        };
                        let mut codes = Vec::new();
                        let inline = read_inline(&mut reader, version, &mut codes)?;
                        let unit = pending.get_or_insert_with(|| XliffUnit {
                            id: unit_id.clone(),
                            status: Status::Confirmed,
                            holder: holder.clone(),
                            ..XliffUnit::empty()
                        });
                        unit.source = inline.text;
                        unit.codes = codes;
                        unit.target_insertion = inline.end;
                        unit.source_indent = source_indent;
                        unit.prefix = prefix_of(&element);
                        if version == Version::V12 {
                            file.units.push(pending.take().expect("just set"));
                            file_of_unit.push(file_number);
                        }
                    }
                    (_, "target") if is_unit_level(version, parent) && unit_translate => {
                        let state = attribute(&element, "state");
                        let unit = match version {
                            Version::V12 => file.units.last_mut().filter(|u| u.id == unit_id),
                            Version::V2 => pending.as_mut(),
                        };
                        let Some(unit) = unit else {
                            return Err(reader.error_at(span.start, "<target> before <source>"));
                        };
                        let inline = read_inline(&mut reader, version, &mut unit.codes)?;
                        unit.target_place = Some(TargetPlace {
                            start_tag: span.clone(),
                            content: Some(span.end..inline.content_end),
                        });
                        if version == Version::V12 {
                            unit.status = status_from_12(state.as_deref(), approved);
                        }
                        unit.target = Some(inline.text);
                    }
                    (Version::V12, "seg-source") => {
                        reader.skip_element()?;
                        let end = reader.last_span().end;
                        if let Some(unit) = file.units.last_mut().filter(|u| u.id == unit_id) {
                            unit.target_insertion = end;
                        }
                    }
                    (_, "note") if unit_translate && !unit_id.is_empty() => {
                        let note = reader.text_until_end()?;
                        if !unit_note.is_empty() {
                            unit_note.push('\n');
                        }
                        unit_note.push_str(&note);
                    }
                    (Version::V12, "alt-trans" | "context-group")
                    | (Version::V2, "originalData" | "ignorable") => reader.skip_element()?,
                    _ => {}
                }
            }
            Node::Empty(element) => {
                if local_name(&element) == "target"
                    && is_unit_level(version, Some(parent_name(&reader)))
                {
                    let unit = match version {
                        Version::V12 => file.units.last_mut().filter(|u| u.id == unit_id),
                        Version::V2 => pending.as_mut(),
                    };
                    if let Some(unit) = unit {
                        unit.target_place = Some(TargetPlace {
                            start_tag: span.clone(),
                            content: None,
                        });
                        unit.target = Some(String::new());
                    }
                }
            }
            Node::End(name) => match (version, name.as_str()) {
                (Version::V2, "segment") => {
                    if let Some(unit) = pending.take() {
                        if !has_source {
                            return Err(reader.error(format!(
                                "a <segment> of unit {unit_id:?} has no <source>"
                            )));
                        }
                        file.units.push(unit);
                        file_of_unit.push(file_number);
                    }
                }
                (Version::V12, "trans-unit") | (Version::V2, "unit") => {
                    if version == Version::V12 && unit_translate && !has_source {
                        return Err(
                            reader.error(format!("<trans-unit> {unit_id:?} has no <source>"))
                        );
                    }
                    let segments = &mut file.units[unit_first..];
                    let single = segments.len() == 1;
                    for unit in segments {
                        unit.note = unit_note.clone();
                        if let Some((unit_part, segment_part)) = unit.id.split_once('\u{0}') {
                            unit.id = if single {
                                unit_part.to_owned()
                            } else {
                                format!("{unit_part}/{segment_part}")
                            };
                        }
                        if unit.target.as_deref().is_none_or(str::is_empty) {
                            unit.status = Status::New;
                        }
                    }
                    unit_id.clear();
                }
                _ => {}
            },
            Node::Text(_) => {}
            Node::Eof => break,
        }
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(repeated) = file
        .units
        .iter()
        .zip(&file_of_unit)
        .find(|(unit, file)| !seen.insert((unit.id.as_str(), **file)))
        .map(|(unit, _)| unit)
    {
        return Err(reader.error_at(
            repeated.holder.start,
            format!(
                "the unit id {:?} is used twice in one <file>; ids must be unique (ask for a \
                 corrected file: passeur cannot tell which translation goes where)",
                repeated.id
            ),
        ));
    }
    qualify_repeated_ids(&mut file.units, &file_of_unit);
    Ok(file)
}

impl XliffFile {
    /// How many places lack the target language that a write-back adds.
    pub fn missing_target_language_count(&self) -> usize {
        self.missing_target_language.len()
    }
}

impl XliffUnit {
    fn empty() -> XliffUnit {
        XliffUnit {
            id: String::new(),
            source: String::new(),
            target: None,
            status: Status::New,
            note: String::new(),
            codes: Vec::new(),
            prefix: String::new(),
            target_insertion: 0,
            source_indent: String::new(),
            target_place: None,
            holder: 0..0,
        }
    }
}

/// The status an XLIFF 1.2 target's `state` and its unit's `approved` stand for (see
/// [`state_12`] for the other direction).
fn status_from_12(state: Option<&str>, approved: bool) -> Status {
    match state {
        Some("signed-off" | "final") => Status::Reviewed,
        _ if approved => Status::Confirmed,
        None | Some("translated") => Status::Confirmed,
        Some(_) => Status::Draft,
    }
}

/// The parent element of the element just opened.
fn parent_of_current<'r>(reader: &'r XmlReader) -> Option<&'r str> {
    let open = reader.open_elements();
    open.len().checked_sub(2).map(|i| open[i].as_str())
}

/// The innermost open element (the parent of an empty element just read).
fn parent_name<'r>(reader: &'r XmlReader) -> &'r str {
    reader.open_elements().last().map_or("", String::as_str)
}

/// `<source>`/`<target>` that belong to the unit itself, not to `alt-trans` or a match module.
fn is_unit_level(version: Version, parent: Option<&str>) -> bool {
    match version {
        Version::V12 => parent == Some("trans-unit"),
        Version::V2 => parent == Some("segment"),
    }
}

fn prefix_of(element: &BytesStart) -> String {
    let name = element.name();
    let qualified = name.as_ref();
    qualified
        .find(':')
        .map_or(String::new(), |at| qualified[..=at].to_owned())
}

/// What [`read_inline`] read.
struct Inline {
    /// The text with inline codes as numbered tags.
    text: String,
    /// Where the end tag starts.
    content_end: usize,
    /// The byte offset after the end tag.
    end: usize,
}

/// Reads the content of a `<source>` or `<target>` just opened. Each inline code takes the
/// number of the code in `codes` with the same key (once per element), or is added to
/// `codes`: read the source first, then its target, with the same `codes`.
fn read_inline(
    reader: &mut XmlReader,
    version: Version,
    codes: &mut Vec<Code>,
) -> Result<Inline, FormatError> {
    let depth = reader.depth();
    let mut text = String::new();
    // The codes not yet used here, by key, in order: finding a code's number is one lookup,
    // not a scan of every code (a unit of 80,000 codes read in milliseconds, not minutes).
    let mut unused: std::collections::HashMap<String, std::collections::VecDeque<usize>> =
        std::collections::HashMap::new();
    for (index, code) in codes.iter().enumerate() {
        unused.entry(code.key.clone()).or_default().push_back(index);
    }
    let mut open_pairs: Vec<usize> = Vec::new();
    let mut number_of = |code: Code, codes: &mut Vec<Code>| {
        let index = match unused.get_mut(&code.key).and_then(|free| free.pop_front()) {
            Some(known) => known,
            None => {
                codes.push(code);
                codes.len() - 1
            }
        };
        index + 1
    };
    loop {
        let node = reader.read_node()?;
        let span = reader.last_span();
        match node {
            Node::Text(piece) => text.push_str(&piece),
            Node::End(_) if reader.depth() < depth => {
                return Ok(Inline {
                    text,
                    content_end: span.start,
                    end: span.end,
                });
            }
            Node::Start(element) if is_standalone(version, &local_name(&element)) => {
                // A standalone code, also when written with content (`<ph>…</ph>`) or in long
                // form (`<x id="1"></x>`): its markup is kept whole.
                let key = code_key(&element, reader.slice(span.clone()));
                let start = span.start;
                reader.skip_element()?;
                let markup = Markup::Standalone(reader.slice(start..reader.last_span().end).into());
                let number = number_of(Code { markup, key }, codes);
                text.push_str(&format!("<x{number}/>"));
            }
            Node::Start(element) => {
                let raw_start = reader.slice(span.clone());
                let markup = Markup::Paired {
                    start: raw_start.to_owned(),
                    end: format!("</{}>", element.name().as_ref()),
                };
                let key = code_key(&element, raw_start);
                let number = number_of(Code { markup, key }, codes);
                open_pairs.push(number);
                text.push_str(&format!("<g{number}>"));
            }
            Node::End(_) => {
                if let Some(number) = open_pairs.pop() {
                    text.push_str(&format!("</g{number}>"));
                }
            }
            Node::Empty(element) => {
                let raw = reader.slice(span);
                let key = code_key(&element, raw);
                let markup = Markup::Standalone(raw.to_owned());
                let number = number_of(Code { markup, key }, codes);
                text.push_str(&format!("<x{number}/>"));
            }
            Node::Eof => return Err(reader.error("unexpected end of file inside a segment")),
        }
    }
}

/// Elements that stand for one code, whatever they contain: XLIFF 1.2's placeholders and
/// native codes, XLIFF 2's placeholders, code starts and ends, markers and code points.
fn is_standalone(version: Version, name: &str) -> bool {
    match version {
        Version::V12 => matches!(name, "x" | "bx" | "ex" | "ph" | "bpt" | "ept" | "it"),
        Version::V2 => matches!(name, "ph" | "sc" | "ec" | "sm" | "em" | "cp"),
    }
}

/// What identifies an inline code: its name and `id` (`startRef` for the end of a code, `mid`
/// for a 1.2 marker), or its whole start tag when it has none.
fn code_key(element: &BytesStart, raw_start: &str) -> String {
    let id = ["id", "startRef", "mid"]
        .iter()
        .find_map(|name| attribute(element, name));
    match id {
        Some(id) => format!("{}#{id}", local_name(element)),
        None => raw_start.to_owned(),
    }
}

/// Ids that repeat across `<file>` elements get the file's number in front.
fn qualify_repeated_ids(units: &mut [XliffUnit], file_of_unit: &[usize]) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for unit in units.iter() {
        *count.entry(unit.id.as_str()).or_default() += 1;
    }
    if count.values().all(|n| *n == 1) {
        return;
    }
    for (unit, file) in units.iter_mut().zip(file_of_unit) {
        unit.id = format!("f{file}/{}", unit.id);
    }
}

/// Turns a translation with tags back into XLIFF content, using the source's codes.
fn target_markup(unit: &XliffUnit, target: &str) -> String {
    let mut out = String::with_capacity(target.len() + 16);
    write_marked_up(
        target,
        &mut out,
        |tag| code_markup(unit, tag).is_some(),
        |tag, out| out.push_str(code_markup(unit, tag).unwrap_or_default()),
    );
    out
}

/// The file's markup for a tag, when the unit has that code.
fn code_markup(unit: &XliffUnit, tag: Tag) -> Option<&str> {
    match (&unit.codes.get(tag.number().checked_sub(1)?)?.markup, tag) {
        (Markup::Paired { start, .. }, Tag::Open(_)) => Some(start),
        (Markup::Paired { end, .. }, Tag::Close(_)) => Some(end),
        (Markup::Standalone(markup), Tag::Standalone(_)) => Some(markup),
        _ => None,
    }
}

/// A translation to write back.
#[derive(Debug, Clone, Copy)]
pub struct Translation<'a> {
    pub target: &'a str,
    pub status: Status,
}

/// The original file (`path` names it in errors) with the given translations (by unit id)
/// written into it. Units without a translation, still `New`, or whose translation and status
/// are the file's are left exactly as they were; of a changed unit only the target's content
/// and the state are rewritten. Refused, rather than writing a broken file, when two units'
/// places in the file overlap (a shape [`read`] should have refused).
pub fn write_back<'t>(
    original: &str,
    path: &Path,
    file: &XliffFile,
    target_language: &str,
    mut translation: impl FnMut(&str) -> Option<Translation<'t>>,
) -> Result<String, FormatError> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for unit in &file.units {
        let Some(translation) = translation(&unit.id) else {
            continue;
        };
        if translation.status == Status::New || translation.target.is_empty() {
            continue;
        }
        let target_changed = unit.target.as_deref() != Some(translation.target);
        if !target_changed && unit.status == translation.status {
            continue;
        }
        edits.extend(unit_edits(
            original,
            file.version,
            unit,
            translation,
            target_changed,
        ));
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
    }
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

/// The replacements that put `translation` into `unit`: the target's content when it changed,
/// the state where the version keeps it.
fn unit_edits(
    original: &str,
    version: Version,
    unit: &XliffUnit,
    translation: Translation,
    target_changed: bool,
) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    let content = target_markup(unit, translation.target);
    let state = match version {
        Version::V12 => Some(state_12(translation.status)),
        Version::V2 => None,
    };
    let element = format!("{}target", unit.prefix);
    match &unit.target_place {
        Some(place) => {
            let start_tag = &original[place.start_tag.clone()];
            let mut new_start = match state {
                Some(state) => with_attribute(start_tag, "state", Some(state)),
                None => start_tag.to_owned(),
            };
            // A qualifier says where the old text came from (`leveraged-tm`, `mt-suggestion`):
            // untrue of the translator's text.
            if target_changed {
                new_start = with_attribute(&new_start, "state-qualifier", None);
            }
            match &place.content {
                Some(range) => {
                    if target_changed {
                        edits.push((range.clone(), content));
                    }
                }
                None => {
                    // `<target/>` becomes `<target>…</target>`, its name and attributes kept.
                    let name = start_tag[1..]
                        .split(|c: char| XML_SPACE.contains(&c) || c == '/' || c == '>')
                        .next()
                        .unwrap_or_default();
                    let open = new_start.trim_end_matches('>').trim_end_matches('/');
                    new_start = format!("{open}>{content}</{name}>");
                }
            }
            if new_start != start_tag {
                edits.push((place.start_tag.clone(), new_start));
            }
        }
        None => {
            let state = state.map_or(String::new(), |s| format!(" state=\"{s}\""));
            edits.push((
                unit.target_insertion..unit.target_insertion,
                format!(
                    "{}<{element}{state}>{content}</{element}>",
                    unit.source_indent
                ),
            ));
        }
    }
    let holder = &original[unit.holder.clone()];
    let rewritten = match version {
        Version::V12 => {
            let approved = match translation.status {
                Status::Confirmed | Status::Reviewed => Some("yes"),
                // An existing approval is withdrawn; none is added.
                Status::New | Status::Draft => raw_attributes(holder)
                    .iter()
                    .any(|a| a.name == "approved")
                    .then_some("no"),
            };
            with_attribute(holder, "approved", approved)
        }
        Version::V2 => with_attribute(holder, "state", Some(state_2(translation.status))),
    };
    if rewritten != holder {
        edits.push((unit.holder.clone(), rewritten));
    }
    edits
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
struct RawAttribute<'a> {
    name: &'a str,
    /// From the whitespace before the name to the closing quote.
    whole: Range<usize>,
    /// The value with its quotes.
    value: Range<usize>,
}

/// The attributes of a start tag as written (the tag was checked by the XML reader).
fn raw_attributes(start_tag: &str) -> Vec<RawAttribute<'_>> {
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

#[cfg(test)]
mod tests;
