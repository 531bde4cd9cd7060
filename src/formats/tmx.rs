//! TMX 1.4b: writing a project's translated segments, and reading translation units back.
//!
//! Written: the seven required header attributes, `tuid` (the segment id), `changedate` in the
//! basic form, `<note>`, the status as `<prop type="x-passeur-status">`, the origin of an
//! unedited machine translation as `<prop type="x-passeur-origin">` (`mt:deepl`), `xml:lang` on every
//! `tuv`. Only confirmed and reviewed segments: a TMX is a memory of finished work.
//!
//! Read leniently, as translation memories arrive from other tools: `lang` or `xml:lang`, any
//! spelling of a language tag (`fr`, `fr-FR`, `fr_FR`, `FR`), inline codes (`bpt`, `ept`,
//! `ph`, `it`, `ut`) left out of the text unless they hold one of passeur's tags (written so by
//! passeur's own export: `<bpt i="1">&lt;g1&gt;</bpt>`), `hi` and `sub` text kept.

use std::path::Path;

use super::{Context, FormatError, TOOL_VERSION};
use crate::markup::tags;
use crate::markup::xml::{
    Input, Node, XmlReader, attribute, escape_text, escaped_attribute, local_name,
};
use crate::time::Timestamp;

pub fn write(context: &Context) -> String {
    let project = context.project;
    let header = project.header();
    let mut out = String::with_capacity(project.len() * 300 + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"passeur\" creationtoolversion=\"{TOOL_VERSION}\" \
         segtype=\"sentence\" o-tmf=\"passeur\" adminlang=\"en\" srclang=\"{}\" \
         datatype=\"plaintext\" creationdate=\"{}\"/>\n  <body>\n",
        escaped_attribute(&header.source_language),
        Timestamp::now().basic(),
    ));
    let source_language = escaped_attribute(&header.source_language);
    let target_language = escaped_attribute(&header.target_language);
    for unit in project.units().iter().filter(|unit| unit.is_translated()) {
        out.push_str("    <tu tuid=\"");
        out.push_str(&escaped_attribute(&unit.id));
        out.push('"');
        if let Some(modified) = unit.modified {
            out.push_str(&format!(" changedate=\"{}\"", modified.basic()));
        }
        out.push_str(">\n");
        if !unit.note.is_empty() {
            out.push_str("      <note>");
            escape_text(&unit.note, &mut out);
            out.push_str("</note>\n");
        }
        out.push_str(&format!(
            "      <prop type=\"x-passeur-status\">{}</prop>\n",
            unit.status.name()
        ));
        if let Some(origin) = &unit.origin {
            out.push_str("      <prop type=\"x-passeur-origin\">");
            escape_text(origin, &mut out);
            out.push_str("</prop>\n");
        }
        for (language, text) in [
            (&source_language, &unit.source),
            (&target_language, &unit.target),
        ] {
            out.push_str(&format!("      <tuv xml:lang=\"{language}\"><seg>"));
            tags::write_with(text, &mut out, tags::tmx_markup);
            out.push_str("</seg></tuv>\n");
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

/// A TMX file as read.
#[derive(Debug, Clone, Default)]
pub struct TmxFile {
    /// The header's `srclang` (`*all*` or empty when not given).
    pub source_language: String,
    pub units: Vec<TmxUnit>,
}

impl TmxFile {
    /// The languages of the variants, sorted, each once (for messages).
    pub fn languages(&self) -> Vec<String> {
        let mut languages: Vec<String> = self
            .units
            .iter()
            .flat_map(|unit| unit.variants.iter().map(|(language, _)| language.clone()))
            .collect();
        languages.sort();
        languages.dedup();
        languages
    }
}

/// One `<tu>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmxUnit {
    pub tuid: Option<String>,
    /// The unit's own `srclang`, when it overrides the header's.
    pub source_language: Option<String>,
    /// `(language, text)` for each `<tuv>`.
    pub variants: Vec<(String, String)>,
    pub note: String,
    /// `<prop type="x-passeur-status">`.
    pub status: Option<String>,
    pub changed: Option<Timestamp>,
    pub created: Option<Timestamp>,
    /// `creationid`: who translated it.
    pub author: Option<String>,
    /// The unit's other `<prop type="…">` values (`prev`, `next`, `file` as OmegaT writes
    /// them), in file order.
    pub props: Vec<(String, String)>,
    /// Line of the `<tu>` in the file.
    pub line: usize,
}

impl TmxUnit {
    /// The value of the first `<prop type="kind">`.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    }

    /// The text of the first variant in `language` (compared on the primary subtag).
    pub fn text_in(&self, language: &str) -> Option<&str> {
        let wanted = super::primary_language(language);
        self.variants
            .iter()
            .find(|(lang, _)| super::primary_language(lang) == wanted)
            .map(|(_, text)| text.as_str())
    }
}

pub fn read(text: &str, path: &Path) -> Result<TmxFile, FormatError> {
    let mut units = Vec::new();
    let source_language = read_units(&mut XmlReader::new(text, path), path, |unit| {
        units.push(unit);
        Ok::<_, FormatError>(())
    })?;
    Ok(TmxFile {
        source_language,
        units,
    })
}

/// Reads a TMX file's units one at a time (from a document in memory or a stream), handing
/// each to `each`, which may stop the reading with an error of its own; returns the header's
/// `srclang`.
pub fn read_units<'a, I: Input<'a>, E: From<FormatError>>(
    reader: &mut XmlReader<'a, I>,
    path: &Path,
    mut each: impl FnMut(TmxUnit) -> Result<(), E>,
) -> Result<String, E> {
    let mut source_language = String::new();
    let mut saw_root = false;
    let mut saw_body = false;
    let mut unit: Option<TmxUnit> = None;
    let mut language = String::new();
    loop {
        let node = reader.read_node()?;
        let span = reader.last_span();
        match node {
            Node::Start(element) | Node::Empty(element) if !saw_root => {
                saw_root = true;
                if local_name(&element) != "tmx" {
                    return Err(reader
                        .error(format!(
                            "not a TMX file: the root element is <{}>",
                            local_name(&element)
                        ))
                        .into());
                }
            }
            Node::Start(element) | Node::Empty(element) if local_name(&element) == "header" => {
                source_language = attribute(&element, "srclang").unwrap_or_default();
            }
            Node::Start(element) => match local_name(&element).as_str() {
                "body" => saw_body = true,
                "tu" => {
                    let line = reader.line_of(span.start);
                    unit = Some(TmxUnit {
                        tuid: attribute(&element, "tuid"),
                        source_language: attribute(&element, "srclang"),
                        changed: attribute(&element, "changedate")
                            .and_then(|d| Timestamp::parse(&d)),
                        created: attribute(&element, "creationdate")
                            .and_then(|d| Timestamp::parse(&d)),
                        author: attribute(&element, "creationid"),
                        line,
                        ..TmxUnit::default()
                    });
                }
                "tuv" => {
                    language = attribute(&element, "xml:lang")
                        .or_else(|| attribute(&element, "lang"))
                        .unwrap_or_default();
                }
                "seg" => {
                    let text = read_seg(reader)?;
                    if let Some(unit) = unit.as_mut() {
                        unit.variants.push((language.clone(), text));
                    }
                }
                "note" => {
                    let note = reader.text_until_end()?;
                    let in_tu = reader.open_elements().last().is_some_and(|e| e == "tu");
                    if let (true, Some(unit)) = (in_tu, unit.as_mut()) {
                        if !unit.note.is_empty() {
                            unit.note.push('\n');
                        }
                        unit.note.push_str(&note);
                    }
                }
                "prop" => {
                    let kind = attribute(&element, "type").unwrap_or_default();
                    let value = reader.text_until_end()?;
                    let in_tu = reader.open_elements().last().is_some_and(|e| e == "tu");
                    match (in_tu, unit.as_mut()) {
                        (true, Some(unit)) if kind == "x-passeur-status" => {
                            unit.status = Some(value.trim().to_owned());
                        }
                        (true, Some(unit)) => unit.props.push((kind, value)),
                        _ => {}
                    }
                }
                _ => {}
            },
            Node::End(name) if name == "tu" => {
                if let Some(unit) = unit.take() {
                    each(unit)?;
                }
            }
            Node::Eof => break,
            _ => {}
        }
    }
    if !saw_body {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: "the TMX file has no <body>".into(),
        }
        .into());
    }
    Ok(source_language)
}

/// The text of a `<seg>` just opened: inline codes (native markup) left out, except passeur's
/// own tags written as codes by [`write`]; `hi`/`sub` text kept.
fn read_seg<'a, I: Input<'a>>(reader: &mut XmlReader<'a, I>) -> Result<String, FormatError> {
    let depth = reader.depth();
    let mut text = String::new();
    loop {
        match reader.read_node()? {
            Node::Text(piece) => text.push_str(&piece),
            Node::Start(element)
                if matches!(
                    local_name(&element).as_str(),
                    "bpt" | "ept" | "ph" | "it" | "ut"
                ) =>
            {
                if let Some(tag) = tags::from_native_code(&reader.text_until_end()?) {
                    text.push_str(&tag.text());
                }
            }
            Node::End(_) if reader.depth() < depth => return Ok(text),
            Node::Eof => return Err(reader.error("unexpected end of file inside <seg>")),
            _ => {}
        }
    }
}
