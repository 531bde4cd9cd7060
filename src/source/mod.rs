//! Source files: what a file given to passeur is ([`sniff`]), and reading it into the text its
//! segments are cut from ([`read`]).
//!
//! | kind | read by | segments cut from | written back by |
//! |---|---|---|---|
//! | text, Markdown | [`crate::document`] | the file's text | the text's skeleton |
//! | XLIFF 1.2, 2.x | [`crate::source::xliff`] | its units (not cut) | the XLIFF write-back |
//! | Word (`.docx`) | [`docx`] | one line of tagged text a paragraph | [`Structured::write_back`] |
//! | OpenDocument (`.odt`) | [`odt`] | the same | the same |
//! | HTML, XHTML | [`html`] | the same | the same |
//!
//! A document format is read into [`Structured`]: its paragraphs as [`inline::Site`]s, each
//! shown to the translator as one line of tagged text (`<g1>…</g1>`, `<x2/>`). Those lines,
//! joined, are the text the segmenter cuts as plain text (a paragraph a line), so merges,
//! splits and realignment work as they do for a text file; writing back patches the file in
//! place of the translated paragraphs only.

pub mod docx;
pub mod html;
pub mod inline;
pub mod odt;
pub mod package;
mod segments;
pub mod sniff;
pub mod xliff;

use std::path::Path;

use inline::{Renderer, Site, Story, Token};
pub use segments::source_segments;

use crate::io::{ReadError, TextEncoding};
use crate::markup::FormatError;
use crate::markup::xml::{Node, XmlReader};

/// The document formats read into [`Structured`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Docx,
    Odt,
    Html,
}

/// A source as read: the text its segments are cut from, and for a document format what
/// writing it back needs.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file's text (text, Markdown, XLIFF), or a document's paragraphs as tagged text, one
    /// a line.
    pub text: String,
    /// The encoding the file is in (a client's XLIFF or HTML file is written back in it).
    pub encoding: TextEncoding,
    pub structure: Option<Structured>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Format(#[from] FormatError),
}

/// Reads a source file's bytes: a document format into its paragraphs, anything else decoded
/// as text.
pub fn read(bytes: Vec<u8>, path: &Path) -> Result<Source, SourceError> {
    let mut structure = match sniff::document_format(path, &bytes) {
        Some(DocumentFormat::Docx) => docx::read(&bytes, path)?,
        Some(DocumentFormat::Odt) => odt::read(&bytes, path)?,
        Some(DocumentFormat::Html) => html::read(&bytes, path)?,
        None => {
            let (text, encoding) = crate::io::encoding::decode_xml(bytes, path)?;
            return Ok(Source {
                text,
                encoding,
                structure: None,
            });
        }
    };
    structure.original = bytes;
    Ok(Source {
        text: structure.lines_text(),
        encoding: structure.encoding,
        structure: Some(structure),
    })
}

/// One part of a package (the whole file for HTML), as text.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub text: String,
}

/// A document read into paragraphs.
#[derive(Debug, Clone)]
pub struct Structured {
    pub format: DocumentFormat,
    pub parts: Vec<Part>,
    /// Every paragraph, ordered by part and position.
    pub sites: Vec<Site>,
    /// The paragraphs shown to the translator (index into `sites`), in order: line `i` of the
    /// source text is `sites[lines[i]]`.
    pub lines: Vec<usize>,
    /// What the translator should know about the file (tracked changes read as accepted).
    pub notes: Vec<String>,
    /// The HTML file's encoding (UTF-8 for packages).
    pub encoding: TextEncoding,
    /// The file's bytes, written back with the translated paragraphs patched in.
    pub original: Vec<u8>,
}

impl Structured {
    pub fn new(format: DocumentFormat) -> Structured {
        Structured {
            format,
            parts: Vec::new(),
            sites: Vec::new(),
            lines: Vec::new(),
            notes: Vec::new(),
            encoding: TextEncoding::Utf8,
            original: Vec::new(),
        }
    }

    fn say_once(&mut self, note: &str) {
        if !self.notes.iter().any(|n| n == note) {
            self.notes.push(note.to_owned());
        }
    }

    /// Orders the sites by part and position and lists the ones shown: every paragraph but the
    /// fallback copies of text boxes and the language declarations.
    fn index_lines(&mut self) {
        // Twins point at sites by their index among all sites; keep them pointing right.
        let mut order: Vec<usize> = (0..self.sites.len()).collect();
        order.sort_by_key(|&i| (self.sites[i].part, self.sites[i].content.start));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut sites: Vec<Option<Site>> = std::mem::take(&mut self.sites)
            .into_iter()
            .map(Some)
            .collect();
        self.sites = order
            .iter()
            .map(|&old| sites[old].take().expect("each site taken once"))
            .collect();
        for site in &mut self.sites {
            site.twin_of = site.twin_of.map(|old| new_index[old]);
        }
        self.lines = (0..self.sites.len())
            .filter(|&i| self.sites[i].twin_of.is_none() && self.sites[i].story != Story::Language)
            .collect();
    }

    /// The shown paragraphs' tagged text, a line each.
    pub fn lines_text(&self) -> String {
        let mut text = String::new();
        for &site in &self.lines {
            text.push_str(&self.sites[site].text);
            text.push('\n');
        }
        text
    }

    /// How the tags of each shown paragraph look (by line, then tag number − 1), to draw their
    /// text as the document has it.
    pub fn looks(&self) -> Vec<Vec<inline::Look>> {
        self.lines
            .iter()
            .map(|&index| {
                let site = &self.sites[index];
                let text = &self.parts[site.part].text;
                let markup =
                    |span: std::ops::Range<usize>| text.get(span).unwrap_or_default().to_owned();
                let named = |name: &str| odf_style(text, name);
                site.looks(&markup, &named)
            })
            .collect()
    }

    /// The document as plain text, as a word processor's "save as text" gives it: the running
    /// text's paragraphs, a line each, with `translations[i]` (by line) in place of a
    /// paragraph's source where it is given.
    pub fn plain_text(&self, translations: &[Option<String>]) -> String {
        let mut text = String::new();
        for (line, &site) in self.lines.iter().enumerate() {
            let site = &self.sites[site];
            if site.story == Story::Body {
                let translation = translations.get(line).and_then(Option::as_deref);
                text.push_str(&site.plain(translation));
                text.push('\n');
            }
        }
        text
    }

    /// The file with the translated paragraphs written in (`translations[i]` for line `i`;
    /// `None` keeps the paragraph's bytes), and what to warn about. `language` is the target
    /// language (`en`, `en-GB`).
    pub fn write_back(
        &self,
        path: &Path,
        translations: &[Option<String>],
        language: &str,
    ) -> Result<(Vec<u8>, Vec<String>), FormatError> {
        let mut warnings = self.notes.clone();
        let mut by_site: Vec<Option<Vec<Token>>> = vec![None; self.sites.len()];
        for (line, &index) in self.lines.iter().enumerate() {
            let site = &self.sites[index];
            let Some(text) = translations.get(line).and_then(Option::as_deref) else {
                continue;
            };
            if text == site.text {
                continue;
            }
            match site.tokens_of(text) {
                Some(tokens) => {
                    if !site.missing_points(&tokens).is_empty() {
                        warnings.push(format!(
                            "paragraph {}: its translation lacks codes of the source (a \
                             footnote, an image, a break…): they were put at its end",
                            line + 1
                        ));
                    }
                    by_site[index] = Some(tokens);
                }
                None => warnings.push(format!(
                    "paragraph {}: its translation has tags the source does not have, or pairs \
                     not closed in order; left in French (run `passeur check`)",
                    line + 1
                )),
            }
        }
        for index in 0..self.sites.len() {
            if let Some(twin) = self.sites[index].twin_of
                && self.sites[twin].text == self.sites[index].text
                && by_site[index].is_none()
            {
                by_site[index] = by_site[twin].clone();
            }
        }
        let anything = by_site.iter().any(Option::is_some);
        if anything {
            for (index, site) in self.sites.iter().enumerate() {
                if site.story == Story::Language {
                    let language = primary_language(&self.run_language(language)).to_owned();
                    by_site[index] = Some(vec![Token::Text(language, None)]);
                }
            }
        }
        let mut changed: Vec<(String, String)> = Vec::new();
        for (number, part) in self.parts.iter().enumerate() {
            let indices: Vec<usize> = (0..self.sites.len())
                .filter(|&i| self.sites[i].part == number)
                .collect();
            let rewritten = indices.iter().any(|&i| by_site[i].is_some()).then(|| {
                let renderer = Renderer {
                    text: &part.text,
                    sites: indices.iter().map(|&i| &self.sites[i]).collect(),
                    translations: indices.iter().map(|&i| by_site[i].clone()).collect(),
                    language: &self.run_language(language),
                };
                let mut out = String::with_capacity(part.text.len() + part.text.len() / 8);
                renderer.render(0..part.text.len(), &mut out);
                out
            });
            let retargeted = match anything {
                true => self.retarget(
                    &part.name,
                    rewritten.as_deref().unwrap_or(&part.text),
                    language,
                ),
                false => None,
            };
            if let Some(text) = retargeted.or(rewritten) {
                changed.push((part.name.clone(), text));
            }
        }
        if changed.is_empty() {
            return Ok((self.original.clone(), warnings));
        }
        let bytes = match self.format {
            DocumentFormat::Html => match changed.pop() {
                Some((_, text)) => {
                    let bytes = self.encoding.encode(&text);
                    // The written page must read as what it is: a charset declaration broken
                    // into translated text could declare another encoding, a translation at
                    // the very start could look like another kind of file. Refused, never
                    // written.
                    let same_encoding =
                        html::decode(&bytes).map(|(_, encoding)| encoding) == Ok(self.encoding);
                    let same_kind = sniff::not_read(path, &bytes).is_none()
                        && sniff::document_format(path, &bytes) == Some(DocumentFormat::Html);
                    if !same_encoding || !same_kind {
                        return Err(FormatError::Invalid {
                            path: path.to_owned(),
                            message: "translated, the page would no longer read as it is \
                                      (another encoding declared, or another kind of file at \
                                      its start); correct its <meta charset> or its first \
                                      bytes and try again"
                                .into(),
                        });
                    }
                    bytes
                }
                None => self.original.clone(),
            },
            DocumentFormat::Docx => {
                package::Package::open(&self.original, path, "Word document")?.patched(&changed)?
            }
            DocumentFormat::Odt => {
                package::Package::open(&self.original, path, "OpenDocument text")?
                    .patched(&changed)?
            }
        };
        Ok((bytes, warnings))
    }

    /// The language tag written on translated runs: a region is added to a bare `en` (Word
    /// and LibreOffice check spelling by region).
    fn run_language(&self, language: &str) -> String {
        match language {
            "en" => "en-GB".to_owned(),
            other => other.to_owned(),
        }
    }

    /// A part with the document's language set to the target's, when the format keeps it
    /// there.
    fn retarget(&self, part: &str, text: &str, language: &str) -> Option<String> {
        let language = self.run_language(language);
        match (self.format, part) {
            (DocumentFormat::Docx, "word/styles.xml") => docx::retarget_styles(text, &language),
            (DocumentFormat::Odt, "styles.xml" | "content.xml") => odt::retarget(text, &language),
            _ => None,
        }
    }
}

/// The properties of the ODF style named `name` (`<style:style style:name="T1">…`), as text.
fn odf_style(part: &str, name: &str) -> String {
    let opening = format!("style:name=\"{name}\"");
    let Some(at) = part.find(&opening) else {
        return String::new();
    };
    let end = part[at..]
        .find("</style:style>")
        .map_or(part.len(), |e| at + e);
    part[at..end].to_owned()
}

fn primary_language(language: &str) -> &str {
    language.split(['-', '_']).next().unwrap_or(language)
}

/// The `dc:title` of a properties part (`docProps/core.xml`, `meta.xml`) as a site.
fn xml_title(text: &str, path: &Path, part: usize) -> Result<Option<Site>, FormatError> {
    let mut xml = XmlReader::new(text, path);
    loop {
        match xml.read_node()? {
            Node::Eof => return Ok(None),
            Node::Start(element) if element.name().as_ref() == "dc:title" => {
                let start = xml.last_span().end;
                let title = xml.text_until_end()?;
                let end = xml.last_span().start;
                if title.trim().is_empty() {
                    return Ok(None);
                }
                let mut gathered = inline::Gathered::default();
                gathered.text(&title, None);
                return Ok(Some(inline::finish(
                    gathered,
                    part,
                    start..end,
                    Story::Metadata,
                    inline::Flavour::Xml,
                )));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(bytes: &[u8], name: &str, translate: impl Fn(&str) -> Option<String>) -> Vec<u8> {
        let path = Path::new(name);
        let source = read(bytes.to_vec(), path).unwrap();
        let structure = source.structure.unwrap();
        let translations: Vec<Option<String>> = structure
            .lines
            .iter()
            .map(|&site| translate(&structure.sites[site].text))
            .collect();
        structure.write_back(path, &translations, "en").unwrap().0
    }

    #[test]
    fn a_page_keeps_its_encoding_and_its_way_of_writing_where_the_text_is_unchanged() {
        let page = b"<html lang=\"fr\"><head><meta charset=\"windows-1252\"></head><body>\n\
            <p>Le pr&eacute;sident a parl\xe9.</p>\n<p>Il <b>pleut</b>.</p>\n</body></html>";
        let out = written(page, "page.html", |text| {
            (text == "Il <g1>pleut</g1>.").then(|| "It\u{2019}s <g1>raining</g1> \u{2192}.".into())
        });
        let expected = b"<html lang=\"en\"><head><meta charset=\"windows-1252\"></head><body>\n\
            <p>Le pr&eacute;sident a parl\xe9.</p>\n<p>It\x92s <b>raining</b> &#8594;.</p>\n</body></html>";
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(expected)
        );
        assert_eq!(out, expected);
        // Nothing translated: the same bytes, the language left as it is.
        assert_eq!(written(page, "page.html", |_| None), page);
    }
}
