//! XML plumbing shared by the TMX and XLIFF readers and writers: escaping text exactly, and a
//! reader that never expands entities.
//!
//! Safety: a DOCTYPE that declares entities (XXE, "billion laughs") is refused, any entity but
//! the five predefined ones and character references is an error, and nothing is ever fetched.
//! Errors carry the line and column.

use std::borrow::Cow;
use std::io::BufRead;
use std::ops::Range;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::FormatError;
use crate::io::line_and_column;

/// Escapes text content: `&`, `<`, `>`; a carriage return as `&#13;` (a parser would turn it
/// into a line feed); characters XML 1.0 forbids become U+FFFD. NBSP and U+202F are written as
/// themselves, never as `&nbsp;` (an entity XML does not have).
pub fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Escapes an attribute value written between double quotes.
pub fn escape_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            c => escape_text(c.encode_utf8(&mut [0; 4]), out),
        }
    }
}

/// `text` escaped, as a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_text(text, &mut out);
    out
}

/// `text` escaped for an attribute, as a new string.
pub fn escaped_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_attribute(text, &mut out);
    out
}

/// One step of reading.
#[derive(Debug)]
pub enum Node<'a> {
    Start(BytesStart<'a>),
    Empty(BytesStart<'a>),
    /// An end tag, by local name.
    End(String),
    /// Character data with references resolved (may come in several pieces).
    Text(Cow<'a, str>),
    Eof,
}

/// Where a reader's XML comes from: a whole document in memory ([`Text`]) or a stream read a
/// piece at a time ([`Stream`]).
pub trait Input<'a> {
    /// The next event; an error is a byte offset and what is wrong there.
    fn next_event(&mut self) -> Result<Event<'a>, (usize, String)>;
    /// Bytes read so far.
    fn position(&self) -> usize;
    /// Line and column (from 1) of a byte offset at or after the start of the last event.
    fn place(&self, offset: usize) -> (usize, usize);
    /// The line (from 1) of a byte offset; offsets asked for should grow, as reading does.
    fn line_of(&mut self, offset: usize) -> usize {
        self.place(offset).0
    }
}

/// A whole document in memory: spans can be sliced out of it.
pub struct Text<'a> {
    reader: Reader<&'a [u8]>,
    /// Where the reader's text starts in `text`: after the byte order marks, if any.
    start: usize,
    text: &'a str,
    /// Whether the text was checked for characters XML does not allow (on the first read).
    chars_checked: bool,
    /// (offset, line at that offset) of the last [`Input::line_of`] answer, so that counting
    /// lines through a large file stays linear.
    line_mark: (usize, usize),
}

impl<'a> Input<'a> for Text<'a> {
    fn next_event(&mut self) -> Result<Event<'a>, (usize, String)> {
        if !std::mem::replace(&mut self.chars_checked, true)
            && let Some(at) = self.text.find(|c: char| !xml_char(c))
        {
            let c = self.text[at..].chars().next().unwrap_or_default();
            return Err((at, not_allowed(c)));
        }
        self.reader.read_event().map_err(|e| {
            let at = self.start + self.reader.error_position() as usize;
            (at, format!("malformed XML: {e}"))
        })
    }

    fn position(&self) -> usize {
        self.start + self.reader.buffer_position() as usize
    }

    fn place(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let offset = (0..=offset)
            .rev()
            .find(|i| self.text.is_char_boundary(*i))
            .unwrap_or(0);
        line_and_column(&self.text[..offset])
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let (from, line) = self.line_mark;
        let line = if offset >= from {
            line + memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..offset]).count()
        } else {
            1 + memchr::memchr_iter(b'\n', &self.text.as_bytes()[..offset]).count()
        };
        self.line_mark = (offset, line);
        line
    }
}

/// XML read from a stream of UTF-8 a piece at a time, in bounded memory (a large TMX file):
/// each event is checked for UTF-8 and for characters XML does not allow as it comes, and
/// lines are counted as bytes go by.
pub struct Stream<R: BufRead> {
    reader: Reader<Counted<R>>,
    buffer: Vec<u8>,
    /// Offset, line and column where the last event started.
    event: (usize, usize, usize),
}

impl<R: BufRead> Stream<R> {
    pub fn new(input: R) -> Stream<R> {
        Stream {
            reader: Reader::from_reader(Counted {
                inner: input,
                offset: 0,
                line: 1,
                column: 1,
            }),
            buffer: Vec::new(),
            event: (0, 1, 1),
        }
    }
}

impl<'a, R: BufRead> Input<'a> for Stream<R> {
    fn next_event(&mut self) -> Result<Event<'a>, (usize, String)> {
        let counted = self.reader.get_ref();
        self.event = (counted.offset, counted.line, counted.column);
        self.buffer.clear();
        let event = match self.reader.read_event_into(&mut self.buffer) {
            Ok(event) => event.into_owned(),
            // The stream's own error (a file in UTF-16 that is not) says what is wrong.
            Err(quick_xml::Error::Io(e)) => {
                return Err((self.reader.get_ref().offset, e.to_string()));
            }
            Err(e) => return Err((self.reader.get_ref().offset, format!("malformed XML: {e}"))),
        };
        // The raw bytes of the event (markup delimiters aside): an event never splits a
        // character, since it ends on ASCII markup.
        let raw = match std::str::from_utf8(&self.buffer) {
            Ok(raw) => raw,
            Err(e) => {
                let at = self.event.0 + e.valid_up_to();
                return Err((at, "the file is not valid UTF-8 here".into()));
            }
        };
        if let Some(at) = raw.find(|c: char| !xml_char(c)) {
            let c = raw[at..].chars().next().unwrap_or_default();
            return Err((self.event.0 + at, not_allowed(c)));
        }
        Ok(event)
    }

    fn position(&self) -> usize {
        self.reader.get_ref().offset
    }

    fn place(&self, offset: usize) -> (usize, usize) {
        let (start, line, column) = self.event;
        // Within the last event, counted on its raw bytes (near enough: the markup
        // delimiters are not in them).
        let within = offset.saturating_sub(start).min(self.buffer.len());
        let raw = String::from_utf8_lossy(&self.buffer[..within]);
        match raw.rfind('\n') {
            None => (line, column + raw.chars().count()),
            Some(last) => (
                line + raw.matches('\n').count(),
                raw[last + 1..].chars().count() + 1,
            ),
        }
    }
}

/// A reader that counts the bytes, lines and columns (in characters) taken from it.
struct Counted<R> {
    inner: R,
    offset: usize,
    line: usize,
    column: usize,
}

impl<R: BufRead> std::io::Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        crate::io::xml_stream::read_through_buffer(self, out)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        // What was filled is still there: asking again reads nothing.
        if let Ok(taken) = self.inner.fill_buf() {
            for &byte in &taken[..n.min(taken.len())] {
                if byte == b'\n' {
                    self.line += 1;
                    self.column = 1;
                } else if byte & 0xC0 != 0x80 {
                    self.column += 1;
                }
            }
        }
        self.offset += n;
        self.inner.consume(n);
    }
}

fn not_allowed(c: char) -> String {
    format!(
        "the character U+{:04X} is not allowed in XML; the file is damaged or not XML",
        c as u32
    )
}

/// A pull reader over XML, by default a whole document held in memory.
pub struct XmlReader<'a, I: Input<'a> = Text<'a>> {
    input: I,
    path: &'a Path,
    open: Vec<String>,
    saw_root: bool,
    event_start: usize,
}

impl<'a> XmlReader<'a> {
    pub fn new(text: &'a str, path: &'a Path) -> XmlReader<'a> {
        // Every leading byte order mark is skipped here: the reader would skip one more on its
        // own and count its offsets from after it.
        let start = text.len() - text.trim_start_matches('\u{feff}').len();
        XmlReader::over(
            Text {
                // The reader is given the text after the byte order marks, so that its
                // positions plus `start` are offsets into `text`.
                reader: Reader::from_str(&text[start..]),
                start,
                text,
                chars_checked: false,
                line_mark: (0, 1),
            },
            path,
        )
    }

    /// A piece of the document.
    pub fn slice(&self, span: Range<usize>) -> &'a str {
        &self.input.text[span]
    }
}

impl<'a, R: BufRead> XmlReader<'a, Stream<R>> {
    /// A reader over a stream of UTF-8 (see [`crate::io::xml_stream`] for files in any
    /// encodings).
    pub fn stream(input: R, path: &'a Path) -> XmlReader<'a, Stream<R>> {
        XmlReader::over(Stream::new(input), path)
    }
}

impl<'a, I: Input<'a>> XmlReader<'a, I> {
    fn over(input: I, path: &'a Path) -> XmlReader<'a, I> {
        XmlReader {
            input,
            path,
            open: Vec::new(),
            saw_root: false,
            event_start: 0,
        }
    }

    /// The byte span of the last node read.
    pub fn last_span(&self) -> Range<usize> {
        self.event_start..self.input.position()
    }

    /// The line (from 1) of a byte offset; offsets asked for should grow, as reading does.
    pub fn line_of(&mut self, offset: usize) -> usize {
        self.input.line_of(offset)
    }

    /// How many elements are open (1 inside the root element).
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// The local names of the open elements, outermost first.
    pub fn open_elements(&self) -> &[String] {
        &self.open
    }

    /// An error at a byte offset.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> FormatError {
        let (line, column) = self.input.place(offset);
        FormatError::Syntax {
            path: self.path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at the start of the last node read.
    pub fn error(&self, message: impl Into<String>) -> FormatError {
        self.error_at(self.event_start, message)
    }

    pub fn read_node(&mut self) -> Result<Node<'a>, FormatError> {
        loop {
            self.event_start = self.input.position();
            let event = self
                .input
                .next_event()
                .map_err(|(at, message)| self.error_at(at, message))?;
            match event {
                Event::DocType(doctype)
                    if doctype.as_ref().to_ascii_uppercase().contains("<!ENTITY") =>
                {
                    return Err(self.error(
                        "the DOCTYPE declares XML entities; passeur never expands them \
                         (remove the <!ENTITY …> declarations)",
                    ));
                }
                Event::Start(element) => {
                    self.check_attributes(&element)?;
                    self.saw_root = true;
                    self.open.push(element.local_name().as_ref().to_owned());
                    return Ok(Node::Start(element));
                }
                Event::Empty(element) => {
                    self.check_attributes(&element)?;
                    self.saw_root = true;
                    return Ok(Node::Empty(element));
                }
                Event::End(element) => {
                    self.open.pop();
                    return Ok(Node::End(element.local_name().as_ref().to_owned()));
                }
                Event::Text(content) => {
                    return Ok(Node::Text(Cow::Owned(content.xml10_content().into_owned())));
                }
                Event::CData(content) => {
                    return Ok(Node::Text(Cow::Owned(content.as_ref().to_owned())));
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match reference.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                        Err(_) => None,
                    };
                    let Some(c) = resolved else {
                        return Err(self.error(format!(
                            "undefined entity &{};: XML has only &amp; &lt; &gt; &quot; &apos; \
                             (write the character itself, e.g. a no-break space for &nbsp;)",
                            reference.as_ref()
                        )));
                    };
                    return Ok(Node::Text(Cow::Owned(c.to_string())));
                }
                Event::Eof => {
                    if let Some(unclosed) = self.open.last() {
                        return Err(self.error_at(
                            self.input.position(),
                            format!("the file is truncated: <{unclosed}> is not closed"),
                        ));
                    }
                    if !self.saw_root {
                        return Err(self.error_at(0, "no XML element in the file"));
                    }
                    return Ok(Node::Eof);
                }
                _ => {}
            }
        }
    }

    /// Refuses a start tag whose attributes are not well-formed XML (`<unit id="1" approved>`,
    /// a repeated attribute, an undefined entity in a value): another tool would refuse the
    /// file, and a write-back must not hand it on.
    fn check_attributes(&self, element: &BytesStart) -> Result<(), FormatError> {
        for attribute in element.attributes() {
            let problem = match attribute {
                Err(error) => error.to_string(),
                Ok(attribute) if !is_name(attribute.key.as_ref()) => {
                    format!("{:?} is not an attribute name", attribute.key.as_ref())
                }
                Ok(attribute) => match attribute.normalized_value(XmlVersion::Implicit1_0) {
                    Ok(_) => continue,
                    Err(error) => error.to_string(),
                },
            };
            return Err(self.error(format!(
                "malformed attribute in <{}>: {problem}",
                element.name().as_ref()
            )));
        }
        Ok(())
    }

    /// Reads the text up to the end of the element just opened (child elements' text included).
    pub fn text_until_end(&mut self) -> Result<String, FormatError> {
        let mut text = String::new();
        let depth = self.depth();
        loop {
            match self.read_node()? {
                Node::Text(piece) => text.push_str(&piece),
                Node::End(_) if self.depth() < depth => return Ok(text),
                Node::Eof => return Err(self.error("unexpected end of file")),
                _ => {}
            }
        }
    }

    /// Skips to the end of the element just opened.
    pub fn skip_element(&mut self) -> Result<(), FormatError> {
        let depth = self.depth();
        loop {
            match self.read_node()? {
                Node::End(_) if self.depth() < depth => return Ok(()),
                Node::Eof => return Err(self.error("unexpected end of file")),
                _ => {}
            }
        }
    }
}

/// XML 1.0's characters: no control character but tab, line feed and carriage return, no
/// U+FFFE or U+FFFF.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// A plausible XML name: not empty, no whitespace, control character or markup in it.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>=\"'/&".contains(c))
}

/// The local name of an element.
pub fn local_name(element: &BytesStart) -> String {
    element.local_name().as_ref().to_owned()
}

/// An attribute's value by its qualified name (`xml:lang`, `id`), unescaped.
pub fn attribute(element: &BytesStart, wanted: &str) -> Option<String> {
    element.attributes().flatten().find_map(|attribute| {
        (attribute.key.as_ref() == wanted)
            .then(|| {
                attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}
