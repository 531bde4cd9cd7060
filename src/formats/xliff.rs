//! Reading XLIFF 1.2 and 2.0/2.1 files, ours or another tool's, and writing translations back
//! into another tool's file with everything else left byte for byte as it was.
//!
//! Each XLIFF 1.2 `trans-unit` and each XLIFF 2 `segment` becomes one unit. Its id is the
//! trans-unit or unit id; a unit with several segments gives `unit/segment` ids, and ids that
//! repeat across `<file>` elements are prefixed with the file's number (`f2/…`).
//!
//! Inline codes (`<g>`, `<x/>`, `<ph>…</ph>`, `<pc>`, `<sc/>`…) become OmegaT-style tags in the
//! text the translator sees: `<g1>…</g1>` for a paired code, `<x2/>` for a standalone one,
//! numbered in order per segment. Writing back turns each tag into the original markup;
//! tags the source does not have stay text.
//!
//! Not handled: `seg-source` segmentation inside a 1.2 trans-unit (the whole unit is one
//! segment), and units marked `translate="no"` (skipped, left untouched).

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use quick_xml::events::BytesStart;

use super::FormatError;
use super::xml::{Node, XmlReader, attribute, escape_text, escaped_attribute, local_name};
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
    /// element name of the root (2.0) or of each `<file>` (1.2).
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
    /// Byte offset right after `</source>`.
    source_end: usize,
    /// The line break and indentation before `<source>`, repeated before an added `<target>`.
    source_indent: String,
    /// The existing `<target>` element.
    target_span: Option<Range<usize>>,
    /// The start tag that carries the state: `<segment>` (2.0) or `<trans-unit>` (1.2).
    holder: Range<usize>,
}

/// An inline code of the source, by tag number (1 = first).
#[derive(Debug, Clone)]
enum Code {
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
    let version_attribute = attribute(&root, "version").unwrap_or_default();
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
                    match attribute(&element, "target-language") {
                        Some(target) => {
                            file.target_language.get_or_insert(target);
                        }
                        None => file
                            .missing_target_language
                            .push(span.start + 1 + element.name().as_ref().len()),
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
                        let (text, codes, end) = read_inline(&mut reader, version)?;
                        let unit = pending.get_or_insert_with(|| XliffUnit {
                            id: unit_id.clone(),
                            status: Status::Confirmed,
                            holder: holder.clone(),
                            ..XliffUnit::empty()
                        });
                        unit.source = text;
                        unit.codes = codes;
                        unit.source_end = end;
                        unit.source_indent = source_indent;
                        unit.prefix = prefix_of(&element);
                        if version == Version::V12 {
                            file.units.push(pending.take().expect("just set"));
                            file_of_unit.push(file_number);
                        }
                    }
                    (_, "target") if is_unit_level(version, parent) && unit_translate => {
                        let state = attribute(&element, "state");
                        let (text, _, end) = read_inline(&mut reader, version)?;
                        let unit = match version {
                            Version::V12 => file.units.last_mut().filter(|u| u.id == unit_id),
                            Version::V2 => pending.as_mut(),
                        };
                        let Some(unit) = unit else {
                            return Err(reader.error_at(span.start, "<target> before <source>"));
                        };
                        unit.target_span = Some(span.start..end);
                        if version == Version::V12 {
                            unit.status = status_from_12(state.as_deref(), approved);
                        }
                        unit.target = Some(text);
                    }
                    (_, "note") if unit_translate && !unit_id.is_empty() => {
                        let note = reader.text_until_end()?;
                        if !unit_note.is_empty() {
                            unit_note.push('\n');
                        }
                        unit_note.push_str(&note);
                    }
                    (Version::V12, "alt-trans" | "seg-source" | "context-group")
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
                        unit.target_span = Some(span.clone());
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
            source_end: 0,
            source_indent: String::new(),
            target_span: None,
            holder: 0..0,
        }
    }
}

fn status_from_12(state: Option<&str>, approved: bool) -> Status {
    if approved {
        return Status::Reviewed;
    }
    match state {
        None | Some("translated") => Status::Confirmed,
        Some("signed-off" | "final") => Status::Reviewed,
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

/// Reads the content of a `<source>` or `<target>` just opened: text with inline codes as tags,
/// the codes, and the byte offset after the end tag.
fn read_inline(
    reader: &mut XmlReader,
    version: Version,
) -> Result<(String, Vec<Code>, usize), FormatError> {
    let depth = reader.depth();
    let mut text = String::new();
    let mut codes = Vec::new();
    let mut open_pairs: Vec<usize> = Vec::new();
    loop {
        let node = reader.read_node()?;
        let span = reader.last_span();
        match node {
            Node::Text(piece) => text.push_str(&piece),
            Node::End(_) if reader.depth() < depth => return Ok((text, codes, span.end)),
            Node::Start(element) => {
                let name = local_name(&element);
                let raw_start = reader.slice(span.clone()).to_owned();
                let native_code = match version {
                    Version::V12 => matches!(name.as_str(), "ph" | "bpt" | "ept" | "it" | "sub"),
                    Version::V2 => matches!(name.as_str(), "cp"),
                };
                if native_code {
                    let start = span.start;
                    reader.skip_element()?;
                    let end = reader.last_span().end;
                    codes.push(Code::Standalone(reader.slice(start..end).to_owned()));
                    text.push_str(&format!("<x{}/>", codes.len()));
                } else {
                    codes.push(Code::Paired {
                        start: raw_start,
                        end: format!("</{}>", element.name().as_ref()),
                    });
                    open_pairs.push(codes.len());
                    text.push_str(&format!("<g{}>", codes.len()));
                }
            }
            Node::End(_) => {
                if let Some(number) = open_pairs.pop() {
                    text.push_str(&format!("</g{number}>"));
                }
            }
            Node::Empty(_) => {
                codes.push(Code::Standalone(reader.slice(span).to_owned()));
                text.push_str(&format!("<x{}/>", codes.len()));
            }
            Node::Eof => return Err(reader.error("unexpected end of file inside a segment")),
        }
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
    let mut rest = target;
    while let Some(at) = rest.find('<') {
        escape_text(&rest[..at], &mut out);
        rest = &rest[at..];
        match tag_at(rest).and_then(|(tag, len)| code_markup(unit, tag).map(|m| (m, len))) {
            Some((markup, len)) => {
                out.push_str(markup);
                rest = &rest[len..];
            }
            None => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
        }
    }
    escape_text(rest, &mut out);
    out
}

#[derive(Debug, Clone, Copy)]
enum Tag {
    Open(usize),
    Close(usize),
    Standalone(usize),
}

/// Reads `<g3>`, `</g3>` or `<x3/>` at the start of `text`, with its length.
fn tag_at(text: &str) -> Option<(Tag, usize)> {
    let (kind, rest) = if let Some(rest) = text.strip_prefix("</g") {
        ('c', rest)
    } else if let Some(rest) = text.strip_prefix("<g") {
        ('o', rest)
    } else {
        ('x', text.strip_prefix("<x")?)
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number: usize = rest[..digits].parse().ok()?;
    let tail = &rest[digits..];
    let (tag, closing) = match kind {
        'c' => (Tag::Close(number), ">"),
        'o' => (Tag::Open(number), ">"),
        _ => (Tag::Standalone(number), "/>"),
    };
    tail.starts_with(closing)
        .then(|| (tag, text.len() - tail.len() + closing.len()))
}

fn code_markup(unit: &XliffUnit, tag: Tag) -> Option<&str> {
    let number = match tag {
        Tag::Open(n) | Tag::Close(n) | Tag::Standalone(n) => n,
    };
    match (unit.codes.get(number.checked_sub(1)?)?, tag) {
        (Code::Paired { start, .. }, Tag::Open(_)) => Some(start),
        (Code::Paired { end, .. }, Tag::Close(_)) => Some(end),
        (Code::Standalone(markup), Tag::Standalone(_)) => Some(markup),
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
/// written into it. Units without a translation, or still `New`, are left exactly as they
/// were. Refused, rather than writing a broken file, when two units' places in the file
/// overlap (a shape [`read`] should have refused).
pub fn write_back<'t>(
    original: &str,
    path: &Path,
    file: &XliffFile,
    target_language: &str,
    mut translation: impl FnMut(&str) -> Option<Translation<'t>>,
) -> Result<String, FormatError> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
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
    for unit in &file.units {
        let Some(translation) = translation(&unit.id) else {
            continue;
        };
        if translation.status == Status::New || translation.target.is_empty() {
            continue;
        }
        let content = target_markup(unit, translation.target);
        let element = format!("{}target", unit.prefix);
        let target = match file.version {
            Version::V12 => format!(
                "<{element} state=\"{}\">{content}</{element}>",
                state_12(translation.status)
            ),
            Version::V2 => format!("<{element}>{content}</{element}>"),
        };
        match &unit.target_span {
            Some(span) => edits.push((span.clone(), target)),
            None => edits.push((
                unit.source_end..unit.source_end,
                format!("{}{target}", unit.source_indent),
            )),
        }
        let holder = &original[unit.holder.clone()];
        let rewritten = match file.version {
            Version::V12 => with_attribute(
                holder,
                "approved",
                (translation.status == Status::Reviewed).then_some("yes"),
            ),
            Version::V2 => with_attribute(holder, "state", Some(state_2(translation.status))),
        };
        if rewritten != holder {
            edits.push((unit.holder.clone(), rewritten));
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

/// A start tag (`<segment id="1" state="initial">`) with one attribute set, replaced or
/// removed (`None`), the other attributes kept as written.
fn with_attribute(start_tag: &str, name: &str, value: Option<&str>) -> String {
    let inner = start_tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let self_closing = start_tag.ends_with("/>");
    let element_name_end = inner.find(XML_SPACE).unwrap_or(inner.len());
    let mut out = format!("<{}", &inner[..element_name_end]);
    for (key, raw) in raw_attributes(&inner[element_name_end..]) {
        if key != name {
            out.push_str(&format!(" {key}={raw}"));
        }
    }
    if let Some(value) = value {
        out.push_str(&format!(" {name}=\"{}\"", escaped_attribute(value)));
    }
    out.push_str(if self_closing { "/>" } else { ">" });
    out
}

/// Whitespace as XML counts it (a no-break space or a form feed is not).
const XML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// `key="value"` pairs of a start tag, values with their quotes, as written.
fn raw_attributes(text: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(XML_SPACE);
        let Some(equals) = rest.find('=') else {
            return pairs;
        };
        let key = rest[..equals].trim_matches(XML_SPACE);
        let after = rest[equals + 1..].trim_start_matches(XML_SPACE);
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return pairs;
        };
        let Some(close) = after[1..].find(quote) else {
            return pairs;
        };
        pairs.push((key, &after[..close + 2]));
        rest = &after[close + 2..];
    }
}

#[cfg(test)]
mod tests;
