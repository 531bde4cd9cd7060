//! Reading an XLIFF 1.2 or 2.x file into units, remembering where each target, status
//! attribute and segment is so that [`super::write`] can patch them.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::path::Path;

use quick_xml::events::BytesStart;

use super::status::{self, Evidence, Tool, ToolState};
use super::{Code, Frame, Markup, Piece, SegmentMark, TargetPlace, Version, XliffFile, XliffUnit};
use crate::markup::FormatError;
use crate::markup::xml::{Node, XmlReader, attribute, local_name};
use crate::project::Status;

/// The namespace URIs of the tools whose attributes are read, with the prefix a file uses
/// when it declares none.
const MEMOQ_NAMESPACE: (&str, &str) = ("MQXliff", "mq");
const PHRASE_NAMESPACE: (&str, &str) = ("http://www.memsource.com/mxlf/2.0", "m");

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
    let root_span = reader.last_span();
    let mut file = XliffFile {
        version,
        source_language: attribute(&root, "srcLang").unwrap_or_default(),
        target_language: attribute(&root, "trgLang"),
        units: Vec::new(),
        frames: Vec::new(),
        missing_target_language: Vec::new(),
        target_language_values: Vec::new(),
    };
    if version == Version::V2 {
        match attribute_value_span(reader.slice(root_span.clone()), "trgLang") {
            Some(value) => file
                .target_language_values
                .push(root_span.start + value.start..root_span.start + value.end),
            None => file
                .missing_target_language
                .push(root_span.start + 1 + root.name().as_ref().len()),
        }
    }
    let names = ToolNames::declared_on(&root);
    let mut reading = Reading {
        reader,
        version,
        names,
        file,
        file_number: 0,
        file_of_unit: Vec::new(),
        phrase_level: None,
        unit: None,
    };
    reading.phrase_level = attribute(&root, &reading.names.phrase("level"));
    reading.run()?;
    let Reading {
        reader,
        mut file,
        file_of_unit,
        ..
    } = reading;
    let mut seen = HashSet::new();
    if let Some(repeated) = file
        .units
        .iter()
        .zip(&file_of_unit)
        .find(|(unit, file)| !seen.insert((unit.id.as_str(), **file)))
        .map(|(unit, _)| unit)
    {
        return Err(reader.error_at(
            file.frames[repeated.frame].holder.start,
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

/// The qualified names of the tools' attributes in this file.
struct ToolNames {
    memoq: String,
    phrase: String,
}

impl ToolNames {
    fn declared_on(root: &BytesStart) -> ToolNames {
        let mut names = ToolNames {
            memoq: MEMOQ_NAMESPACE.1.to_owned(),
            phrase: PHRASE_NAMESPACE.1.to_owned(),
        };
        for declaration in root.attributes().flatten() {
            let Some(prefix) = declaration.key.as_ref().strip_prefix("xmlns:") else {
                continue;
            };
            let uri = &*declaration.value;
            if uri == MEMOQ_NAMESPACE.0 {
                names.memoq = prefix.to_owned();
            } else if uri == PHRASE_NAMESPACE.0 {
                names.phrase = prefix.to_owned();
            }
        }
        names
    }

    fn memoq(&self, name: &str) -> String {
        format!("{}:{name}", self.memoq)
    }

    fn phrase(&self, name: &str) -> String {
        format!("{}:{name}", self.phrase)
    }
}

/// The state of a reading.
struct Reading<'t> {
    reader: XmlReader<'t>,
    version: Version,
    names: ToolNames,
    file: XliffFile,
    /// The number of the `<file>` being read (from 1), and each unit's.
    file_number: usize,
    file_of_unit: Vec<usize>,
    /// Phrase's `m:level` of the job (on the root or the `<file>`).
    phrase_level: Option<String>,
    /// The trans-unit (1.2) or unit (2.x) being read.
    unit: Option<OpenUnit>,
}

/// A trans-unit (1.2) or unit (2.x) being read.
struct OpenUnit {
    id: String,
    translate: bool,
    note: String,
    /// Index in `file.units` of the unit's first segment.
    first: usize,
    /// The frame being read: the trans-unit (1.2) or the current segment (2.x).
    frame: Option<OpenFrame>,
    /// Number of 2.x `<segment>`s so far.
    segments: usize,
    /// XLIFF 1.2's `approved`, memoQ's and Phrase's statuses, from the trans-unit.
    approved: Option<bool>,
    memoq: Option<(String, bool)>,
    phrase: Option<(u32, bool)>,
    /// Trados' status per segment: `mid` → (conf, locked, start tag).
    trados: HashMap<String, (Option<String>, bool, Range<usize>)>,
}

/// A frame being read, with what decides its units' statuses.
struct OpenFrame {
    frame: Frame,
    /// Its units, added to the file when the frame ends.
    units: Vec<XliffUnit>,
    has_source: bool,
    /// The standard `state` (of the 1.2 `<target>`, or the 2.x `<segment>`).
    state: Option<String>,
    /// A 2.x segment's id (its number in the unit when it has none).
    segment_id: Option<String>,
}

impl Reading<'_> {
    fn run(&mut self) -> Result<(), FormatError> {
        loop {
            let node = self.reader.read_node()?;
            let span = self.reader.last_span();
            match node {
                Node::Start(element) | Node::Empty(element) if local_name(&element) == "file" => {
                    self.open_file(&element, span)
                }
                Node::Start(element) => self.start(&element, span)?,
                Node::Empty(element) => self.empty(&element, span),
                Node::End(name) => self.end(&name)?,
                Node::Text(_) => {}
                Node::Eof => return Ok(()),
            }
        }
    }

    fn open_file(&mut self, element: &BytesStart, span: Range<usize>) {
        self.file_number += 1;
        if self.version != Version::V12 {
            return;
        }
        let source_language = attribute(element, "source-language").unwrap_or_default();
        if self.file.source_language.is_empty() {
            self.file.source_language = source_language;
        }
        if let Some(target) = attribute(element, "target-language") {
            self.file.target_language.get_or_insert(target);
            if let Some(value) =
                attribute_value_span(self.reader.slice(span.clone()), "target-language")
            {
                self.file
                    .target_language_values
                    .push(span.start + value.start..span.start + value.end);
            }
        }
        if let Some(level) = attribute(element, &self.names.phrase("level")) {
            self.phrase_level = Some(level);
        }
    }

    fn start(&mut self, element: &BytesStart, span: Range<usize>) -> Result<(), FormatError> {
        let name = local_name(element);
        let parent = parent_of_current(&self.reader).map(str::to_owned);
        let translating = self.unit.as_ref().is_some_and(|unit| unit.translate);
        match (self.version, name.as_str()) {
            (Version::V12, "trans-unit") | (Version::V2, "unit") => {
                self.open_unit(element, &name, span)?
            }
            (Version::V2, "segment") if translating => {
                let state = attribute(element, "state");
                let number = self.unit.as_ref().map_or(0, |u| u.segments) + 1;
                let id = attribute(element, "id").unwrap_or_else(|| number.to_string());
                self.open_frame(span, state, Some(id));
            }
            (_, "source") if translating && self.is_unit_level(parent.as_deref()) => {
                self.source(element, span)?
            }
            (_, "target") if translating && self.is_unit_level(parent.as_deref()) => {
                self.target(element, span)?
            }
            (Version::V12, "seg-source") if translating => self.seg_source()?,
            (_, "note") if translating => {
                let note = self.reader.text_until_end()?;
                let unit = self.unit.as_mut().expect("translating");
                if !unit.note.is_empty() {
                    unit.note.push('\n');
                }
                unit.note.push_str(&note);
            }
            (Version::V12, "seg-defs") if translating => {
                if let Some(frame) = self.frame_mut() {
                    frame.frame.tool = Tool::Trados;
                }
            }
            (Version::V12, "seg") if translating && parent.as_deref() == Some("seg-defs") => {
                self.trados_segment(element, span)
            }
            (Version::V12, "alt-trans" | "context-group")
            | (Version::V2, "originalData" | "ignorable") => self.reader.skip_element()?,
            _ => {}
        }
        Ok(())
    }

    fn empty(&mut self, element: &BytesStart, span: Range<usize>) {
        let name = local_name(element);
        let parent = parent_name(&self.reader).to_owned();
        let translating = self.unit.as_ref().is_some_and(|unit| unit.translate);
        if !translating {
            return;
        }
        match name.as_str() {
            "target" if self.is_unit_level(Some(&parent)) => {
                let state = attribute(element, "state");
                let version = self.version;
                if let Some(open) = self.frame_mut().filter(|open| open.has_source) {
                    open.frame.target_place = Some(TargetPlace {
                        end: span.end,
                        start_tag: span,
                        content: None,
                    });
                    if open.frame.skeleton.is_empty()
                        && let Some(unit) = open.units.first_mut()
                    {
                        unit.target = Some(String::new());
                    }
                    if version == Version::V12 {
                        open.state = state;
                    }
                }
            }
            "seg" if parent == "seg-defs" && self.version == Version::V12 => {
                self.trados_segment(element, span)
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) -> Result<(), FormatError> {
        match (self.version, name) {
            (Version::V2, "segment") if self.unit.as_ref().is_some_and(|u| u.translate) => {
                self.close_frame()?
            }
            (Version::V12, "seg-defs") => {
                let end = self.reader.last_span().start;
                if let Some(open) = self.frame_mut() {
                    open.frame.seg_defs_end = Some(end);
                }
            }
            (Version::V12, "trans-unit") | (Version::V2, "unit") => self.close_unit()?,
            _ => {}
        }
        Ok(())
    }

    fn open_unit(
        &mut self,
        element: &BytesStart,
        name: &str,
        span: Range<usize>,
    ) -> Result<(), FormatError> {
        let id = attribute(element, "id")
            .ok_or_else(|| self.reader.error(format!("<{name}> without an id")))?;
        if id.trim().is_empty() {
            return Err(self.reader.error(format!(
                "<{name}> with an empty id; every unit needs one to take its translation back"
            )));
        }
        let lock = |value: Option<String>| value.as_deref().is_some_and(status::is_locked_value);
        let memoq = attribute(element, &self.names.memoq("status")).map(|status| {
            let locked = lock(attribute(element, &self.names.memoq("locked")));
            (status, locked)
        });
        let phrase = attribute(element, &self.names.phrase("confirmed")).map(|confirmed| {
            let locked = lock(attribute(element, &self.names.phrase("locked")));
            (confirmed.trim().parse().unwrap_or(0), locked)
        });
        self.unit = Some(OpenUnit {
            id,
            translate: attribute(element, "translate").as_deref() != Some("no"),
            note: String::new(),
            first: self.file.units.len(),
            frame: None,
            segments: 0,
            approved: attribute(element, "approved").map(|a| a == "yes"),
            memoq,
            phrase,
            trados: HashMap::new(),
        });
        if self.version == Version::V12 {
            self.open_frame(span, None, None);
        }
        Ok(())
    }

    /// Opens a frame whose holder is the start tag at `span` (`segment_id`: a 2.x segment's).
    fn open_frame(
        &mut self,
        span: Range<usize>,
        state: Option<String>,
        segment_id: Option<String>,
    ) {
        let unit = self.unit.as_mut().expect("inside a unit");
        let (tool, tool_attribute) = match (&unit.memoq, &unit.phrase) {
            (Some(_), _) => (Tool::MemoQ, self.names.memoq("status")),
            (None, Some(_)) => {
                let level = self
                    .phrase_level
                    .as_deref()
                    .and_then(|l| l.trim().parse().ok());
                let tool = Tool::Phrase {
                    level: level.unwrap_or(1),
                };
                (tool, self.names.phrase("confirmed"))
            }
            (None, None) => (Tool::Standard, String::new()),
        };
        unit.segments += 1;
        unit.frame = Some(OpenFrame {
            frame: Frame {
                holder: span,
                tool,
                tool_attribute,
                ..Frame::default()
            },
            units: Vec::new(),
            has_source: false,
            state,
            segment_id,
        });
    }

    fn frame_mut(&mut self) -> Option<&mut OpenFrame> {
        self.unit.as_mut()?.frame.as_mut()
    }

    fn source(&mut self, element: &BytesStart, span: Range<usize>) -> Result<(), FormatError> {
        let unit_id = self.unit.as_ref().map(|u| u.id.clone()).unwrap_or_default();
        let Some(open) = self.unit.as_mut().and_then(|u| u.frame.as_mut()) else {
            return Ok(());
        };
        if std::mem::replace(&mut open.has_source, true) {
            return Err(self.reader.error(format!(
                "a second <source> in unit {unit_id:?}; a unit has one source"
            )));
        }
        let before = self.reader.slice(0..span.start);
        let indent_start = before.trim_end_matches([' ', '\t']).len();
        open.frame.source_indent = match before[..indent_start].ends_with('\n') {
            true => format!("\n{}", &before[indent_start..]),
            false => String::new(),
        };
        open.frame.prefix = prefix_of(element);
        let mut codes = Vec::new();
        let inline = read_inline(&mut self.reader, self.version, &mut codes)?;
        open.frame.target_insertion = inline.end;
        open.units.push(XliffUnit::read(inline.text, codes, None));
        Ok(())
    }

    /// A 1.2 `<seg-source>`: when it holds `<mrk mtype="seg">` segments, they replace the
    /// trans-unit's source as the units.
    fn seg_source(&mut self) -> Result<(), FormatError> {
        let Some(open) = self.unit.as_mut().and_then(|u| u.frame.as_mut()) else {
            return self.reader.skip_element();
        };
        let reader = &mut self.reader;
        let depth = reader.depth();
        let mut skeleton = Vec::new();
        let mut segments = Vec::new();
        let mut between = reader.last_span().end;
        loop {
            let node = reader.read_node()?;
            let span = reader.last_span();
            match node {
                Node::End(_) if reader.depth() < depth => {
                    skeleton.push(Piece::Between(between..span.start));
                    open.frame.target_insertion = span.end;
                    break;
                }
                Node::Start(element) if is_segment_mark(&element) => {
                    skeleton.push(Piece::Between(between..span.start));
                    let mut codes = Vec::new();
                    let inline = read_inline(reader, Version::V12, &mut codes)?;
                    between = inline.end;
                    skeleton.push(Piece::Segment(segments.len()));
                    let mark = SegmentMark {
                        mid: attribute(&element, "mid").unwrap_or_default(),
                        source_start_tag: reader.slice(span).to_owned(),
                        target: None,
                        trados_status: None,
                    };
                    segments.push(XliffUnit::read(inline.text, codes, Some(mark)));
                }
                Node::Eof => return Err(reader.error("unexpected end of file in <seg-source>")),
                _ => {}
            }
        }
        if !segments.is_empty() {
            open.units = segments;
            open.frame.skeleton = skeleton;
        }
        Ok(())
    }

    fn target(&mut self, element: &BytesStart, span: Range<usize>) -> Result<(), FormatError> {
        let state = attribute(element, "state");
        let version = self.version;
        let open = self
            .unit
            .as_mut()
            .and_then(|u| u.frame.as_mut())
            .filter(|open| open.has_source);
        let Some(open) = open else {
            return Err(self.reader.error_at(span.start, "<target> before <source>"));
        };
        if version == Version::V12 {
            open.state = state;
        }
        let (content_end, end) = if open.frame.skeleton.is_empty() {
            let unit = open.units.first_mut().expect("a source was read");
            let inline = read_inline(&mut self.reader, version, &mut unit.codes)?;
            unit.target = Some(inline.text);
            (inline.content_end, inline.end)
        } else {
            read_segmented_target(&mut self.reader, &mut open.units)?
        };
        open.frame.target_place = Some(TargetPlace {
            start_tag: span.clone(),
            content: Some(span.end..content_end),
            end,
        });
        Ok(())
    }

    /// A Trados `<sdl:seg>`: the status of the segment with its `id` as `mid`.
    fn trados_segment(&mut self, element: &BytesStart, span: Range<usize>) {
        let Some(unit) = self.unit.as_mut() else {
            return;
        };
        let Some(mid) = attribute(element, "id") else {
            return;
        };
        let conf = attribute(element, "conf");
        let locked = attribute(element, "locked").is_some_and(|v| status::is_locked_value(&v));
        unit.trados.insert(mid, (conf, locked, span));
        if let Some(open) = unit.frame.as_mut() {
            open.frame.tool = Tool::Trados;
            let qualified = element.name();
            open.frame.seg_element = qualified.as_ref().to_owned();
        }
    }

    /// Ends the current frame: decides its units' statuses and adds them to the file.
    fn close_frame(&mut self) -> Result<(), FormatError> {
        let version = self.version;
        let Some(unit) = self.unit.as_mut() else {
            return Ok(());
        };
        let Some(open) = unit.frame.take() else {
            return Ok(());
        };
        if !open.has_source {
            let message = match version {
                Version::V12 => format!("<trans-unit> {:?} has no <source>", unit.id),
                Version::V2 => format!("a <segment> of unit {:?} has no <source>", unit.id),
            };
            return Err(self.reader.error(message));
        }
        let OpenFrame {
            mut frame,
            units,
            state,
            segment_id,
            ..
        } = open;
        let frame_index = self.file.frames.len();
        let start = self.file.units.len();
        let segment_ids = units.len() > 1;
        for mut segment in units {
            let (tool, locked) = match (&segment.mark, frame.tool) {
                (Some(mark), Tool::Trados) => match unit.trados.get(&mark.mid) {
                    Some((conf, locked, span)) => {
                        if let Some(mark) = segment.mark.as_mut() {
                            mark.trados_status = Some(span.clone());
                        }
                        (Some(ToolState::Trados(conf.as_deref())), *locked)
                    }
                    None => (None, false),
                },
                (_, Tool::MemoQ) => match &unit.memoq {
                    Some((status, locked)) => (Some(ToolState::MemoQ(status)), *locked),
                    None => (None, false),
                },
                (_, Tool::Phrase { level }) => match unit.phrase {
                    Some((confirmed, locked)) => {
                        (Some(ToolState::Phrase { confirmed, level }), locked)
                    }
                    None => (None, false),
                },
                _ => (None, false),
            };
            let (status, is_translation) = status::read_status(&Evidence {
                version,
                source: &segment.source,
                target: segment.target.as_deref(),
                state: state.as_deref(),
                approved: unit.approved,
                tool,
            });
            segment.status = status;
            segment.locked = locked;
            if !is_translation {
                segment.target = None;
            }
            // A 2.x segment's id is settled when its unit ends (see `close_unit`).
            segment.id = match (&segment.mark, &segment_id) {
                (_, Some(id)) => format!("{}\u{0}{id}", unit.id),
                (Some(mark), None) if segment_ids => format!("{}/{}", unit.id, mark.mid),
                _ => unit.id.clone(),
            };
            segment.frame = frame_index;
            self.file.units.push(segment);
            self.file_of_unit.push(self.file_number);
        }
        for piece in &mut frame.skeleton {
            if let Piece::Segment(index) = piece {
                *index += start;
            }
        }
        frame.units = start..self.file.units.len();
        self.file.frames.push(frame);
        Ok(())
    }

    fn close_unit(&mut self) -> Result<(), FormatError> {
        if self.version == Version::V12 && self.unit.as_ref().is_some_and(|u| u.translate) {
            self.close_frame()?;
        }
        let Some(unit) = self.unit.take() else {
            return Ok(());
        };
        // A 2.x unit's segments: `unit/segment` ids when there are several, the unit's id when
        // there is one.
        let segments = &mut self.file.units[unit.first..];
        let single = segments.len() == 1;
        for segment in segments {
            segment.note = unit.note.clone();
            if let Some((unit_part, segment_part)) = segment.id.split_once('\u{0}') {
                segment.id = if single {
                    unit_part.to_owned()
                } else {
                    format!("{unit_part}/{segment_part}")
                };
            }
        }
        Ok(())
    }

    /// `<source>`/`<target>` that belong to the unit itself, not to `alt-trans` or a match
    /// module.
    fn is_unit_level(&self, parent: Option<&str>) -> bool {
        match self.version {
            Version::V12 => parent == Some("trans-unit"),
            Version::V2 => parent == Some("segment"),
        }
    }
}

impl XliffUnit {
    /// A unit as its source is read; the rest is settled when its frame ends.
    fn read(source: String, codes: Vec<Code>, mark: Option<SegmentMark>) -> XliffUnit {
        XliffUnit {
            id: String::new(),
            source,
            target: None,
            status: Status::New,
            locked: false,
            note: String::new(),
            codes,
            frame: 0,
            mark,
        }
    }
}

/// Reads a segmented trans-unit's `<target>` just opened: each `<mrk mtype="seg">` is the
/// translation of the segment with its `mid`. Returns where the end tag starts and ends.
fn read_segmented_target(
    reader: &mut XmlReader,
    segments: &mut [XliffUnit],
) -> Result<(usize, usize), FormatError> {
    let depth = reader.depth();
    // Found by `mid` in one look each (a unit of 100,000 segments reads in linear time).
    let by_mid: HashMap<String, usize> = segments
        .iter()
        .enumerate()
        .filter_map(|(index, s)| Some((s.mark.as_ref()?.mid.clone(), index)))
        .rev()
        .collect();
    loop {
        let node = reader.read_node()?;
        let span = reader.last_span();
        let (element, empty) = match node {
            Node::End(_) if reader.depth() < depth => return Ok((span.start, span.end)),
            Node::Eof => return Err(reader.error("unexpected end of file inside a <target>")),
            Node::Start(element) if is_segment_mark(&element) => (element, false),
            Node::Empty(element) if is_segment_mark(&element) => (element, true),
            _ => continue,
        };
        let mid = attribute(&element, "mid").unwrap_or_default();
        let Some(segment) = by_mid.get(&mid).map(|&index| &mut segments[index]) else {
            // A segment the source does not have: left as it is.
            if !empty {
                reader.skip_element()?;
            }
            continue;
        };
        let (text, content, end) = if empty {
            (String::new(), None, span.end)
        } else {
            let inline = read_inline(reader, Version::V12, &mut segment.codes)?;
            (inline.text, Some(span.end..inline.content_end), inline.end)
        };
        segment.target = Some(text);
        if let Some(mark) = segment.mark.as_mut() {
            mark.target = Some(TargetPlace {
                start_tag: span,
                content,
                end,
            });
        }
    }
}

/// `<mrk mtype="seg">`: a segment of a segmented trans-unit.
fn is_segment_mark(element: &BytesStart) -> bool {
    local_name(element) == "mrk" && attribute(element, "mtype").as_deref() == Some("seg")
}

/// Where the value of attribute `name` is in a start tag, without its quotes.
pub(super) fn attribute_value_span(start_tag: &str, name: &str) -> Option<Range<usize>> {
    let found = super::write::raw_attributes(start_tag)
        .into_iter()
        .find(|a| a.name == name)?;
    Some(found.value.start + 1..found.value.end - 1)
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
    let mut unused: HashMap<String, VecDeque<usize>> = HashMap::new();
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
