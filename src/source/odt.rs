//! OpenDocument texts (`.odt`): the paragraphs and headings of `content.xml` (notes, text
//! frames and comments in them as paragraphs of their own), the headers and footers of
//! `styles.xml`, and the title in `meta.xml`.
//!
//! Spans and links are paired codes; `text:s`, `text:tab`, `text:line-break`, a note's
//! citation, a frame, a bookmark or a field standalone codes. White space is read as ODF
//! defines it: a run of spaces, tabs and line breaks in the XML is one space.
//! Tracked changes are read as accepted: `text:tracked-changes` (which holds the deleted
//! text) is not read.

use std::ops::Range;
use std::path::Path;

use super::inline::{self, Flavour, Gathered, Piece, Site, Story, collapse_white_space};
use super::package::{Package, part_path};
use super::{DocumentFormat, Part, Structured};
use crate::markup::FormatError;
use crate::markup::xml::{Node, XmlReader, attribute};

/// Reads an OpenDocument text.
pub fn read(bytes: &[u8], path: &Path) -> Result<Structured, FormatError> {
    let mut package = Package::open(bytes, path, "OpenDocument text")?;
    let Some(content) = package.part("content.xml")? else {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: "a ZIP file without content.xml: not an OpenDocument text".into(),
        });
    };
    let mut structured = Structured::new(DocumentFormat::Odt);
    for (name, story, text) in [
        ("content.xml", Story::Body, Some(content)),
        (
            "styles.xml",
            Story::HeaderFooter,
            package.part("styles.xml")?,
        ),
    ] {
        let Some(text) = text else { continue };
        let part = structured.parts.len();
        let named = part_path(path, name);
        let mut reader = PartReader {
            xml: XmlReader::new(&text, &named),
            part,
            story,
            sites: Vec::new(),
            tracked: false,
            citation: String::new(),
        };
        reader.walk(0)?;
        if reader.tracked {
            structured.say_once(
                "the document has tracked changes: they were read as accepted (deleted text \
                 left out)",
            );
        }
        structured.sites.extend(reader.sites.into_iter().flatten());
        structured.parts.push(Part {
            name: name.to_owned(),
            text,
        });
    }
    if let Some(text) = package.part("meta.xml")? {
        let part = structured.parts.len();
        if let Some(site) = super::xml_title(&text, &part_path(path, "meta.xml"), part)? {
            structured.sites.push(site);
        }
        structured.parts.push(Part {
            name: "meta.xml".into(),
            text,
        });
    }
    structured.index_lines();
    Ok(structured)
}

struct PartReader<'a> {
    xml: XmlReader<'a>,
    part: usize,
    story: Story,
    /// A slot per paragraph, taken when it starts (see the DOCX reader).
    sites: Vec<Option<Site>>,
    tracked: bool,
    /// The citation of the last note read (its number as shown).
    citation: String,
}

impl PartReader<'_> {
    /// Reads until the element open at `depth` ends, taking in the paragraphs found.
    fn walk(&mut self, depth: usize) -> Result<(), FormatError> {
        loop {
            let node = self.xml.read_node()?;
            let span = self.xml.last_span();
            match node {
                Node::Eof => return Ok(()),
                Node::End(_) if self.xml.depth() < depth => return Ok(()),
                Node::Start(element) => match element.name().as_ref() {
                    "text:p" | "text:h" => self.paragraph(span)?,
                    "text:tracked-changes" => {
                        self.tracked = true;
                        self.xml.skip_element()?;
                    }
                    "text:note-citation" => self.citation = self.xml.text_until_end()?,
                    "text:note-body" => self.within(Story::Note)?,
                    "office:annotation" => self.within(Story::Comment)?,
                    "dc:creator" | "dc:date" | "meta:date-string" => self.xml.skip_element()?,
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// Walks the element just opened with its paragraphs in `story`.
    fn within(&mut self, story: Story) -> Result<(), FormatError> {
        let outer = std::mem::replace(&mut self.story, story);
        let walked = self.walk(self.xml.depth());
        self.story = outer;
        walked
    }

    /// Reads a `text:p` or `text:h` just opened.
    fn paragraph(&mut self, start: Range<usize>) -> Result<(), FormatError> {
        let slot = self.sites.len();
        self.sites.push(None);
        let depth = self.xml.depth();
        let mut gathered = Gathered::default();
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
                Node::Text(text) => {
                    gathered.text(&collapse_white_space(&text), None);
                    continue;
                }
                Node::Start(element) => (element, false),
                Node::Empty(element) => (element, true),
            };
            let name = element.name().as_ref().to_owned();
            match name.as_str() {
                "text:span" | "text:a" | "text:meta" | "text:ruby-base" if !empty => {
                    gathered.open_wrap(span, self.xml.depth())
                }
                "text:span" | "text:a" => {}
                "text:s" => {
                    let count = attribute(&element, "text:c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(1000);
                    let end = self.element_end(&span, empty)?;
                    gathered.point(Piece::of(span.start..end), &" ".repeat(count));
                }
                "text:tab" | "text:line-break" => {
                    let end = self.element_end(&span, empty)?;
                    let plain = if name == "text:tab" { "\t" } else { "\n" };
                    gathered.point(Piece::of(span.start..end), plain);
                }
                "text:note" => {
                    self.citation.clear();
                    let end = self.element_end(&span, empty)?;
                    let citation = std::mem::take(&mut self.citation);
                    gathered.point(Piece::of(span.start..end), &citation);
                }
                "office:annotation" => {
                    let end = match empty {
                        true => span.end,
                        false => {
                            self.within(Story::Comment)?;
                            self.xml.last_span().end
                        }
                    };
                    gathered.point(Piece::of(span.start..end), "");
                }
                "text:change-start" | "text:change-end" | "text:change" => {
                    self.tracked = true;
                    let end = self.element_end(&span, empty)?;
                    gathered.point(Piece::of(span.start..end), "");
                }
                _ if name.starts_with("draw:") => {
                    let end = match empty {
                        true => span.end,
                        false => {
                            self.within(Story::Frame)?;
                            self.xml.last_span().end
                        }
                    };
                    gathered.point(Piece::of(span.start..end), "");
                }
                // A field, a bookmark, a reference mark: kept, showing its text.
                _ => {
                    let plain = match empty {
                        true => String::new(),
                        false => self.xml.text_until_end()?,
                    };
                    let end = self.xml.last_span().end;
                    gathered.point(Piece::of(span.start..end), &plain);
                }
            }
        };
        if gathered.has_text() {
            let site = inline::finish(
                gathered,
                self.part,
                start.end..content_end,
                self.story,
                Flavour::Odf,
            );
            self.sites[slot] = Some(site);
        }
        Ok(())
    }

    /// Where an element just read ends (walking its content when it has some).
    fn element_end(&mut self, span: &Range<usize>, empty: bool) -> Result<usize, FormatError> {
        if empty {
            return Ok(span.end);
        }
        self.walk(self.xml.depth())?;
        Ok(self.xml.last_span().end)
    }
}

/// A part with French (`fo:language="fr"`, and the `fo:country` beside it) made the target
/// language.
pub fn retarget(text: &str, language: &str) -> Option<String> {
    const FRENCH: &str = "fo:language=\"fr\"";
    if !text.contains(FRENCH) {
        return None;
    }
    let (primary, region) = language.split_once('-').unwrap_or((language, ""));
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(FRENCH) {
        out.push_str(&rest[..at]);
        out.push_str(&format!("fo:language=\"{primary}\""));
        rest = &rest[at + FRENCH.len()..];
        if let Some(after) = rest.strip_prefix(" fo:country=\"")
            && let Some(end) = after.find('"')
            && !region.is_empty()
        {
            out.push_str(&format!(" fo:country=\"{region}\""));
            rest = &after[end + 1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_becomes_the_target_language() {
        assert_eq!(
            retarget(
                "<style:text-properties fo:language=\"fr\" fo:country=\"FR\"/>",
                "en-GB"
            )
            .as_deref(),
            Some("<style:text-properties fo:language=\"en\" fo:country=\"GB\"/>")
        );
        assert_eq!(retarget("<x fo:language=\"de\"/>", "en-GB"), None);
    }
}
