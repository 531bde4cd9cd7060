//! Word documents (`.docx`): the paragraphs of the body, footnotes, endnotes, headers,
//! footers and comments, the text boxes in them, and the title in the document properties.
//!
//! A paragraph's runs are merged when their formatting is the same once noise is ignored
//! (`w:lang`, `w:noProof`, the complex-script twins `w:bCs`/`w:iCs`/`w:szCs`, `w:rFonts`'s
//! `w:hint`, revision marks in `w:rPrChange`; `rsid` attributes and `w:proofErr` marks are
//! never looked at). Other formatting is a paired code, a link a paired code with its markup,
//! and a tab, break, field, footnote reference, image or bookmark a standalone code.
//!
//! - Tracked changes are read as accepted: inserted text is text, deleted text is not read,
//!   and a translated paragraph is written without revision marks.
//! - Hidden text (`w:vanish`) is not offered: it stays in the paragraph as a code.
//! - `mc:AlternateContent`: the text of `mc:Choice` (what Word shows) is translated; the
//!   paragraphs of `mc:Fallback` (the same text box for older readers) take the translation of
//!   their twin in the choice when their text is the same.
//! - A translated paragraph's runs carry the target language in their `w:lang`, and the
//!   document's default language (`styles.xml`) becomes the target's.

use std::ops::Range;
use std::path::Path;

use quick_xml::events::Event;

use super::inline::{self, Flavour, Gathered, Piece, Site, Story};
use super::package::{Package, part_path};
use super::{Part, Structured};
use crate::markup::FormatError;
use crate::markup::xml::{Node, XmlReader};

/// Reads a Word document.
pub fn read(bytes: &[u8], path: &Path) -> Result<Structured, FormatError> {
    let mut package = Package::open(bytes, path, "Word document")?;
    let names = package.names();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: "a ZIP file without word/document.xml: not a Word document".into(),
        });
    }
    let mut ordered: Vec<(&str, Story)> = vec![("word/document.xml", Story::Body)];
    for (prefix, story) in [
        ("word/footnotes", Story::Note),
        ("word/endnotes", Story::Note),
        ("word/header", Story::HeaderFooter),
        ("word/footer", Story::HeaderFooter),
        ("word/comments", Story::Comment),
    ] {
        let mut matching: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| n.starts_with(prefix) && n.ends_with(".xml") && !n[5..].contains('/'))
            .collect();
        matching.sort_by_key(|n| (n.len(), *n));
        ordered.extend(matching.into_iter().map(|n| (n, story)));
    }
    let mut structured = Structured::new(super::DocumentFormat::Docx);
    let mut notes_numbered = 0;
    for (name, story) in ordered {
        let Some(text) = package.part(name)? else {
            continue;
        };
        let part = structured.parts.len();
        let named = part_path(path, name);
        let mut reader = PartReader {
            xml: XmlReader::new(&text, &named),
            part,
            story,
            sites: Vec::new(),
            alternates: Vec::new(),
            tracked: false,
            notes_numbered: &mut notes_numbered,
        };
        reader.walk(0)?;
        let tracked = reader.tracked;
        structured.sites.extend(reader.sites.into_iter().flatten());
        if tracked {
            structured.say_once(
                "the document has tracked changes: they were read as accepted (deleted text \
                 left out), and translated paragraphs carry no revision marks",
            );
        }
        structured.parts.push(Part {
            name: name.to_owned(),
            text,
        });
    }
    if let Some(text) = package.part("docProps/core.xml")? {
        let part = structured.parts.len();
        if let Some(site) = super::xml_title(&text, &part_path(path, "docProps/core.xml"), part)? {
            structured.sites.push(site);
        }
        structured.parts.push(Part {
            name: "docProps/core.xml".into(),
            text,
        });
    }
    if let Some(text) = package.part("word/styles.xml")? {
        structured.parts.push(Part {
            name: "word/styles.xml".into(),
            text,
        });
    }
    structured.index_lines();
    Ok(structured)
}

/// Where paragraphs go while a part is read: a slot is taken when a paragraph starts, so that
/// the slots are in the order of the paragraphs' starts (a text box's paragraphs after the
/// paragraph that holds it).
struct PartReader<'a, 'n> {
    xml: XmlReader<'a>,
    part: usize,
    story: Story,
    sites: Vec<Option<Site>>,
    /// For each `mc:AlternateContent` open: the slots read in its choice, and how many of its
    /// fallback's paragraphs were seen (`None` while in the choice).
    alternates: Vec<(Vec<usize>, Option<usize>)>,
    tracked: bool,
    notes_numbered: &'n mut usize,
}

impl PartReader<'_, '_> {
    /// Reads until the element open at `depth` ends (the whole part for 0), taking in the
    /// paragraphs found.
    fn walk(&mut self, depth: usize) -> Result<(), FormatError> {
        loop {
            let node = self.xml.read_node()?;
            let span = self.xml.last_span();
            match node {
                Node::Eof => return Ok(()),
                Node::End(name) => {
                    if name == "AlternateContent" {
                        self.alternates.pop();
                    }
                    if self.xml.depth() < depth {
                        return Ok(());
                    }
                }
                Node::Start(element) => match element.name().as_ref() {
                    "w:p" => self.paragraph(span)?,
                    "mc:AlternateContent" => self.alternates.push((Vec::new(), None)),
                    "mc:Fallback" => {
                        if let Some(alternate) = self.alternates.last_mut() {
                            alternate.1 = Some(0);
                        }
                    }
                    // Deleted text is not read (tracked changes are read as accepted).
                    "w:del" | "w:moveFrom" => {
                        self.tracked = true;
                        self.xml.skip_element()?;
                    }
                    _ => {}
                },
                Node::Empty(_) | Node::Text(_) => {}
            }
        }
    }

    /// Reads a `w:p` just opened (its start tag at `start`).
    fn paragraph(&mut self, start: Range<usize>) -> Result<(), FormatError> {
        let slot = self.sites.len();
        self.sites.push(None);
        let twin_of = match self.alternates.last_mut() {
            Some((choice, None)) => {
                choice.push(slot);
                None
            }
            Some((choice, Some(seen))) => {
                *seen += 1;
                choice.get(*seen - 1).copied()
            }
            None => None,
        };
        let depth = self.xml.depth();
        let mut gathered = Gathered::default();
        let mut content_start = start.end;
        let content_end = loop {
            let node = self.xml.read_node()?;
            let span = self.xml.last_span();
            let (element, empty) = match node {
                Node::Eof => return Ok(()),
                Node::End(_) => {
                    if self.xml.depth() < depth {
                        break span.start;
                    }
                    gathered.end_of_element(span, self.xml.depth());
                    continue;
                }
                Node::Text(_) => continue,
                Node::Start(element) => (element, false),
                Node::Empty(element) => (element, true),
            };
            match element.name().as_ref() {
                "w:pPr" => {
                    if !empty {
                        self.xml.skip_element()?;
                    }
                    if gathered.tokens.is_empty() {
                        content_start = self.xml.last_span().end;
                    }
                }
                "w:r" if !empty => self.run(&mut gathered, span)?,
                "w:hyperlink" | "w:smartTag" | "w:fldSimple" if !empty => {
                    gathered.open_wrap(span, self.xml.depth())
                }
                // Inserted text is text; the insertion's marks go with a rewritten paragraph.
                "w:ins" | "w:moveTo" => self.tracked = true,
                "w:del" | "w:moveFrom" => {
                    self.tracked = true;
                    if !empty {
                        self.xml.skip_element()?;
                    }
                }
                "w:proofErr" | "w:smartTagPr" | "w:customXmlPr" => {
                    if !empty {
                        self.xml.skip_element()?;
                    }
                }
                "w:customXml" | "w:dir" | "w:bdo" => {}
                _ => {
                    let end = self.element_end(span.clone(), empty)?;
                    gathered.point(Piece::of(span.start..end), "");
                }
            }
        };
        if gathered.has_text() {
            let mut site = inline::finish(
                gathered,
                self.part,
                content_start..content_end,
                self.story,
                Flavour::Docx,
            );
            site.twin_of = twin_of;
            self.sites[slot] = Some(site);
        }
        Ok(())
    }

    /// Where an element just read ends: its own span when empty, else after walking its
    /// content (taking in the paragraphs of a text box in it).
    fn element_end(&mut self, span: Range<usize>, empty: bool) -> Result<usize, FormatError> {
        if empty {
            return Ok(span.end);
        }
        // Paragraphs inside an element inside a paragraph are in a text box.
        let story = match self.story {
            Story::Body => Story::Frame,
            other => other,
        };
        let outer = std::mem::replace(&mut self.story, story);
        let walked = self.walk(self.xml.depth());
        self.story = outer;
        walked?;
        Ok(self.xml.last_span().end)
    }

    /// Reads a `w:r` just opened (its start tag at `start`).
    fn run(&mut self, gathered: &mut Gathered, start: Range<usize>) -> Result<(), FormatError> {
        let depth = self.xml.depth();
        let first_token = gathered.tokens.len();
        let mut style = None;
        let mut properties = "";
        let mut hidden = false;
        let end = loop {
            let node = self.xml.read_node()?;
            let span = self.xml.last_span();
            let (element, empty) = match node {
                Node::Eof => return Ok(()),
                Node::End(_) if self.xml.depth() < depth => break span.end,
                Node::Start(element) => (element, false),
                Node::Empty(element) => (element, true),
                _ => continue,
            };
            let name = element.name().as_ref().to_owned();
            match name.as_str() {
                "w:rPr" => {
                    if !empty {
                        self.xml.skip_element()?;
                    }
                    properties = self.xml.slice(span.start..self.xml.last_span().end);
                    let (key, vanish) = normalised_properties(properties);
                    hidden = vanish;
                    style = Some(gathered.style(key, properties));
                }
                "w:t" => {
                    if !empty {
                        let text = self.xml.text_until_end()?;
                        // Spaces in another size or font look the same: one tag less.
                        let invisible = text.trim().is_empty()
                            && ![
                                "<w:u ",
                                "<w:u>",
                                "<w:highlight",
                                "<w:shd",
                                "<w:strike",
                                "<w:bdr",
                            ]
                            .iter()
                            .any(|visible| properties.contains(visible));
                        gathered.text(&text, if invisible { None } else { style });
                    }
                }
                "w:delText" => {
                    if !empty {
                        self.xml.skip_element()?;
                    }
                }
                "w:lastRenderedPageBreak" => {}
                _ => {
                    let plain = match name.as_str() {
                        "w:tab" | "w:ptab" => "\t".to_owned(),
                        "w:br" | "w:cr" => "\n".to_owned(),
                        "w:noBreakHyphen" => "-".to_owned(),
                        "w:footnoteReference" | "w:endnoteReference" => {
                            *self.notes_numbered += 1;
                            self.notes_numbered.to_string()
                        }
                        _ => String::new(),
                    };
                    let end = self.element_end(span.clone(), empty)?;
                    gathered.point(
                        Piece {
                            before: format!("<w:r>{properties}"),
                            span: span.start..end,
                            after: "</w:r>".into(),
                        },
                        &plain,
                    );
                }
            }
        };
        if hidden {
            gathered.tokens.truncate(first_token);
            gathered.point(Piece::of(start.start..end), "");
        }
        Ok(())
    }
}

/// A run's properties with the noise left out (the key runs are merged by), and whether they
/// hide the text.
fn normalised_properties(raw: &str) -> (String, bool) {
    const NOISE: [&str; 7] = [
        "w:lang",
        "w:noProof",
        "w:bCs",
        "w:iCs",
        "w:szCs",
        "w:rPrChange",
        "w:webHidden",
    ];
    let mut reader = quick_xml::Reader::from_str(raw);
    let mut key = String::new();
    let mut hidden = false;
    let mut depth = 0;
    loop {
        let start = reader.buffer_position() as usize;
        let (element, span) = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(element)) => {
                depth += 1;
                if depth != 2 {
                    continue;
                }
                let element = element.into_owned();
                if reader.read_to_end(element.name()).is_err() {
                    break;
                }
                depth -= 1;
                (element, start..reader.buffer_position() as usize)
            }
            Ok(Event::Empty(element)) if depth == 1 => (
                element.into_owned(),
                start..reader.buffer_position() as usize,
            ),
            Ok(Event::End(_)) => {
                depth -= 1;
                continue;
            }
            Ok(_) => continue,
        };
        let name = element.name();
        let name = name.as_ref();
        if NOISE.contains(&name) {
            continue;
        }
        if name == "w:vanish" || name == "w:specVanish" {
            let value = crate::markup::xml::attribute(&element, "w:val");
            hidden |= !matches!(value.as_deref(), Some("0" | "false" | "off"));
        }
        if name == "w:rFonts" {
            for attribute in element.attributes().flatten() {
                if attribute.key.as_ref() != "w:hint" {
                    key.push_str(attribute.value.as_ref());
                    key.push(',');
                }
            }
            continue;
        }
        key.push_str(&raw[span]);
    }
    (key, hidden)
}

/// `styles.xml` with the document's default language (in `w:docDefaults`) set to `language`.
pub fn retarget_styles(styles: &str, language: &str) -> Option<String> {
    let defaults = styles.find("<w:docDefaults")?;
    let end = styles[defaults..].find("</w:docDefaults>")? + defaults;
    let section = &styles[defaults..end];
    let changed = super::inline::with_language(section, language);
    (changed != section).then(|| format!("{}{changed}{}", &styles[..defaults], &styles[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::inline::with_language;

    #[test]
    fn noise_in_run_properties_is_ignored_and_real_formatting_kept() {
        let (plain, hidden) = normalised_properties(
            "<w:rPr><w:rFonts w:hint=\"eastAsia\"/><w:noProof/><w:lang w:val=\"fr-FR\"/></w:rPr>",
        );
        assert_eq!(plain, "");
        assert!(!hidden);
        let (bold, _) =
            normalised_properties("<w:rPr><w:b/><w:bCs/><w:lang w:val=\"fr-FR\"/></w:rPr>");
        assert_eq!(bold, "<w:b/>");
        let (_, hidden) = normalised_properties("<w:rPr><w:vanish/></w:rPr>");
        assert!(hidden);
        let (changed, _) = normalised_properties(
            "<w:rPr><w:i/><w:rPrChange w:id=\"1\"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>",
        );
        assert_eq!(changed, "<w:i/>");
    }

    #[test]
    fn the_language_of_a_run_becomes_the_target_s() {
        assert_eq!(
            with_language(
                "<w:rPr><w:lang w:val=\"fr-FR\" w:eastAsia=\"zh-CN\"/></w:rPr>",
                "en-GB"
            ),
            "<w:rPr><w:lang w:val=\"en-GB\" w:eastAsia=\"zh-CN\"/></w:rPr>"
        );
        assert_eq!(
            with_language("<w:rPr><w:b/></w:rPr>", "en-GB"),
            "<w:rPr><w:b/></w:rPr>"
        );
    }
}
