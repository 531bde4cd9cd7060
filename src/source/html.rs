//! Web pages (`.html`, `.htm`, `.xhtml`): block elements (`p`, `h1`…, `li`, `td`, `title`…) are
//! paragraphs, inline elements (`b`, `i`, `a`, `span`…) paired codes, `br` and `img`
//! standalone codes; `alt`, `title`, `placeholder` and `aria-label` attributes and the page's
//! description (`<meta name="description">`, Open Graph titles and descriptions) are
//! paragraphs of their own. `script`, `style`, `pre`, `code`, comments and the like are left
//! alone.
//!
//! The page is not parsed into a tree and written out again: a tokenizer finds each
//! paragraph's bytes, and writing back replaces those of translated paragraphs only, so the
//! file's own way of writing (entities, quotes, case, white space) stays wherever the text is
//! unchanged. The encoding comes from the byte order mark, `<meta charset>` or the
//! `http-equiv` declaration (UTF-8 when none says, windows-1252 when the bytes are not UTF-8);
//! characters it lacks are written as character references.

use std::ops::Range;
use std::path::Path;

use super::inline::{
    self, Code, Flavour, Gathered, Piece, Site, Story, Token, collapse_white_space,
};
use super::{DocumentFormat, Part, Structured};
use crate::io::TextEncoding;
use crate::markup::FormatError;

/// Reads a web page.
pub fn read(bytes: &[u8], path: &Path) -> Result<Structured, FormatError> {
    let (text, encoding) = decode(bytes).map_err(|message| FormatError::Invalid {
        path: path.to_owned(),
        message,
    })?;
    if text.contains('\0') {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: "has NUL bytes: not a web page (or saved in an encoding it does not \
                      declare)"
                .into(),
        });
    }
    let mut structured = Structured::new(DocumentFormat::Html);
    structured.encoding = encoding;
    structured.sites = Reader::new(&text).read();
    structured.parts.push(Part {
        name: String::new(),
        text,
    });
    structured.index_lines();
    Ok(structured)
}

/// The page's text and encoding, decoded so that encoding it again gives the same bytes: a
/// page that is not valid in the encoding it declares is refused (writing it back would change
/// bytes nobody edited); an undeclared page that is not UTF-8 is windows-1252, which reads
/// every byte.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(format!(
                "is not valid {} (it starts with that encoding's byte order mark)",
                encoding.name()
            ));
        }
        let text = format!("\u{feff}{text}");
        let kind = if encoding == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf8
        };
        return Ok((text, kind));
    }
    let declared = declared_charset(&bytes[..bytes.len().min(4096)])
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE);
    match declared {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            let text = text.into_owned();
            if had_errors || encoding.encode(&text).0.as_ref() != bytes {
                return Err(format!(
                    "declares {} but is not valid in it; save the page in the encoding it \
                     declares (or as UTF-8) and try again",
                    encoding.name()
                ));
            }
            Ok((text, TextEncoding::Legacy(encoding)))
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Ok((text.to_owned(), TextEncoding::Utf8)),
            Err(error) if declared.is_some() => Err(format!(
                "declares UTF-8 but is not (byte offset {}); save it as UTF-8 and try again",
                error.valid_up_to()
            )),
            Err(_) => {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                Ok((
                    text.into_owned(),
                    TextEncoding::Legacy(encoding_rs::WINDOWS_1252),
                ))
            }
        },
    }
}

/// The charset a page's head declares: `<meta charset="…">` or `content="…; charset=…"`.
fn declared_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = head[at..].find("<meta") {
        let start = at + found;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(value) = tag.find("charset=") {
            let value = tag[value + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
            let label: String = value
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_:.".contains(*c))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
        at = end;
    }
    None
}

/// Elements that end a paragraph where they start or end.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "base",
    "iframe",
    "frame",
];

/// Elements whose content is not text to translate (kept whole).
const LEFT_ALONE: &[&str] = &[
    "script", "style", "pre", "code", "kbd", "samp", "textarea", "svg", "math", "template",
    "noscript", "xmp", "object",
];

/// Elements without content.
const VOID: &[&str] = &[
    "br", "img", "wbr", "input", "embed", "area", "source", "track", "param", "col", "hr", "meta",
    "link", "base", "keygen",
];

/// Attributes whose value is text for readers.
const TRANSLATABLE_ATTRIBUTES: &[&str] = &["alt", "title", "placeholder", "aria-label"];

/// One tag as the tokenizer reads it.
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    span: Range<usize>,
    /// (name in lower case, value span without quotes, quoted)
    attributes: Vec<(String, Range<usize>, bool)>,
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    sites: Vec<Site>,
    /// The paragraph being gathered: what it holds, where it starts and ends, the inline
    /// elements open in it (name, code).
    gathered: Gathered,
    start: Option<usize>,
    end: usize,
    open: Vec<(String, usize)>,
    in_body: bool,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            at: 0,
            sites: Vec::new(),
            gathered: Gathered::default(),
            start: None,
            end: 0,
            open: Vec::new(),
            in_body: false,
        }
    }

    fn read(mut self) -> Vec<Site> {
        while self.at < self.text.len() {
            let rest = &self.text[self.at..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                let end = comment
                    .find("-->")
                    .map_or(self.text.len(), |e| self.at + 4 + e + 3);
                self.keep(self.at..end, "");
                self.at = end;
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                let end = rest.find('>').map_or(self.text.len(), |e| self.at + e + 1);
                self.flush();
                self.at = end;
            } else if rest.starts_with('<')
                && let Some(tag) = self.tag()
            {
                self.at = tag.span.end;
                self.take_tag(tag);
            } else {
                // '<' is ASCII: where it is found is a character boundary.
                let end = memchr::memchr(b'<', &rest.as_bytes()[1..])
                    .map_or(self.text.len(), |e| self.at + 1 + e);
                self.take_text(self.at..end);
                self.at = end;
            }
        }
        self.flush();
        self.sites
    }

    /// The tag at the reader's position, if `<` starts one.
    fn tag(&self) -> Option<Tag> {
        let bytes = self.text.as_bytes();
        let mut i = self.at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        if !bytes.get(i)?.is_ascii_alphabetic() {
            return None;
        }
        let name_start = i;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') {
            i += 1;
        }
        let name = self.text[name_start..i].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                i += 1;
            }
            match bytes.get(i) {
                None => return None,
                Some(b'>') => {
                    let self_closing = i > 0 && bytes[i - 1] == b'/';
                    return Some(Tag {
                        name,
                        closing,
                        self_closing,
                        span: self.at..i + 1,
                        attributes,
                    });
                }
                Some(b'/') => i += 1,
                Some(_) => {
                    let key_start = i;
                    while i < bytes.len()
                        && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>' | b'=')
                    {
                        i += 1;
                    }
                    let key = self.text[key_start..i].to_ascii_lowercase();
                    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                    if bytes.get(i) != Some(&b'=') {
                        attributes.push((key, i..i, false));
                        continue;
                    }
                    i += 1;
                    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                    match bytes.get(i) {
                        Some(&quote) if quote == b'"' || quote == b'\'' => {
                            let value_start = i + 1;
                            let value_end = memchr::memchr(quote, &bytes[value_start..])
                                .map(|e| value_start + e)?;
                            attributes.push((key, value_start..value_end, true));
                            i = value_end + 1;
                        }
                        _ => {
                            let value_start = i;
                            while i < bytes.len()
                                && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'>')
                            {
                                i += 1;
                            }
                            attributes.push((key, value_start..i, false));
                        }
                    }
                }
            }
        }
    }

    fn take_tag(&mut self, tag: Tag) {
        if !tag.closing {
            self.attribute_sites(&tag);
        }
        if tag.name == "html" && !tag.closing {
            self.language_sites(&tag);
        }
        let name = tag.name.as_str();
        if name == "body" {
            self.in_body = !tag.closing;
        }
        if LEFT_ALONE.contains(&name) && !tag.closing && !tag.self_closing {
            if name == "pre" {
                self.flush();
            }
            let end = self.raw_end(name);
            self.keep(tag.span.start..end, "");
            self.at = end;
            return;
        }
        if name == "title" && !tag.closing {
            self.flush();
            let end = self.raw_end(name);
            let close = self.text[tag.span.end..end]
                .rfind("</")
                .map_or(end, |c| tag.span.end + c);
            self.raw_paragraph(tag.span.end..close, Story::Metadata);
            self.at = end;
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
            return;
        }
        if VOID.contains(&name) || tag.self_closing {
            let plain = if name == "br" { "\n" } else { "" };
            self.keep(tag.span, plain);
            return;
        }
        if !tag.closing {
            self.begin(tag.span.start);
            let code = self.gathered.code(Code::Wrap {
                open: tag.span.clone(),
                close: 0..0,
                inner: None,
            });
            self.gathered.tokens.push(Token::Open(code));
            self.open.push((tag.name, code));
            self.end = tag.span.end;
            return;
        }
        match self.open.iter().rposition(|(n, _)| *n == tag.name) {
            Some(index) => {
                // Elements left open inside it end with it: their start tags stay as they are.
                for (_, code) in self.open.split_off(index + 1) {
                    self.unpair(code);
                }
                let (_, code) = self.open.pop().expect("found above");
                if let Code::Wrap { close, .. } = &mut self.gathered.codes[code] {
                    *close = tag.span.clone();
                }
                self.gathered.tokens.push(Token::Close(code));
                self.end = tag.span.end;
            }
            None => self.keep(tag.span, ""),
        }
    }

    /// Where the raw content of the element `name` just opened ends (after its end tag).
    fn raw_end(&self, name: &str) -> usize {
        let rest = &self.text.as_bytes()[self.at..];
        // `</title` ends the element only when a space, `/` or `>` follows (`</title<` is
        // text). Looked for in place: a page with many scripts is not copied for each.
        let found = memchr::memmem::find_iter(rest, b"</").find(|&at| {
            let after = &rest[at + 2..];
            after.len() > name.len()
                && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(
                    after[name.len()],
                    b'/' | b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
                )
        });
        match found {
            Some(found) => {
                let start = self.at + found;
                self.text[start..]
                    .find('>')
                    .map_or(self.text.len(), |e| start + e + 1)
            }
            None => self.text.len(),
        }
    }

    /// A start tag that was never closed: its code becomes a standalone one.
    fn unpair(&mut self, code: usize) {
        if let Code::Wrap { open, .. } = self.gathered.codes[code].clone() {
            self.gathered.codes[code] = Code::Point {
                pieces: vec![Piece::of(open)],
                plain: String::new(),
            };
            for token in &mut self.gathered.tokens {
                if *token == Token::Open(code) {
                    *token = Token::Point(code);
                }
            }
        }
    }

    /// Something kept as it is: a standalone code inside a paragraph, skeleton outside one.
    fn keep(&mut self, span: Range<usize>, plain: &str) {
        if self.start.is_none() {
            return;
        }
        self.end = span.end;
        self.gathered.point(Piece::of(span), plain);
    }

    fn begin(&mut self, at: usize) {
        if self.start.is_none() {
            self.start = Some(at);
        }
    }

    fn take_text(&mut self, span: Range<usize>) {
        let raw = &self.text[span.clone()];
        if self.start.is_none() && raw.trim().is_empty() {
            return;
        }
        self.begin(span.start);
        self.end = span.end;
        let mut text = collapse_white_space(&decode_entities(raw));
        // White space runs on across inline tags: `a <b> b</b>` shows one space.
        let after_space = self
            .gathered
            .tokens
            .iter()
            .rev()
            .find_map(|token| match token {
                Token::Text(previous, _) if !previous.is_empty() => Some(previous.ends_with(' ')),
                _ => None,
            });
        if after_space == Some(true) && text.starts_with(' ') {
            text.remove(0);
        }
        self.gathered.text(&text, None);
    }

    /// Ends the paragraph being gathered.
    fn flush(&mut self) {
        for (_, code) in std::mem::take(&mut self.open) {
            self.unpair(code);
        }
        let gathered = std::mem::take(&mut self.gathered);
        if let Some(start) = self.start.take()
            && gathered.has_text()
        {
            let story = match self.in_body {
                true => Story::Body,
                false => Story::Metadata,
            };
            self.sites.push(inline::finish(
                gathered,
                0,
                start..self.end,
                story,
                Flavour::Html,
            ));
        }
    }

    /// A paragraph of raw text (`<title>`'s content).
    fn raw_paragraph(&mut self, span: Range<usize>, story: Story) {
        let text = collapse_white_space(&decode_entities(&self.text[span.clone()]));
        if text.trim().is_empty() {
            return;
        }
        let trimmed = trim_span(self.text, span);
        let mut gathered = Gathered::default();
        gathered.text(text.trim(), None);
        self.sites
            .push(inline::finish(gathered, 0, trimmed, story, Flavour::Html));
    }

    /// The page's language (`lang`, `xml:lang` on `<html>`): sites never shown, written as the
    /// target language once anything is translated.
    fn language_sites(&mut self, tag: &Tag) {
        for (key, value, quoted) in &tag.attributes {
            if (key == "lang" || key == "xml:lang") && (*quoted || !value.is_empty()) {
                let mut gathered = Gathered::default();
                gathered.text(&self.text[value.clone()], None);
                self.sites.push(inline::finish(
                    gathered,
                    0,
                    value.clone(),
                    Story::Language,
                    Flavour::Attribute,
                ));
            }
        }
    }

    /// The translatable attributes of a start tag, as paragraphs.
    fn attribute_sites(&mut self, tag: &Tag) {
        let meta_text = tag.name == "meta"
            && tag.attributes.iter().any(|(key, value, _)| {
                (key == "name" || key == "property")
                    && matches!(
                        self.text[value.clone()].to_ascii_lowercase().as_str(),
                        "description"
                            | "og:title"
                            | "og:description"
                            | "twitter:title"
                            | "twitter:description"
                    )
            });
        for (key, value, quoted) in &tag.attributes {
            let wanted =
                TRANSLATABLE_ATTRIBUTES.contains(&key.as_str()) || (meta_text && key == "content");
            if !wanted || !quoted {
                continue;
            }
            let text = collapse_white_space(&decode_entities(&self.text[value.clone()]));
            if text.trim().is_empty() {
                continue;
            }
            let mut gathered = Gathered::default();
            gathered.text(text.trim(), None);
            let story = match meta_text {
                true => Story::Metadata,
                false => Story::Attribute,
            };
            self.sites.push(inline::finish(
                gathered,
                0,
                trim_span(self.text, value.clone()),
                story,
                Flavour::Attribute,
            ));
        }
    }
}

/// A span without its leading and trailing white space.
fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let start = span.start + (piece.len() - piece.trim_start().len());
    let end = span.end - (piece.len() - piece.trim_end().len());
    start..end.max(start)
}

/// Text with its character references read (`&eacute;`, `&#233;`, `&#xE9;`); an unknown
/// reference stays as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let resolved = match name.strip_prefix('#') {
            Some(number) => {
                let value = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                value
                    .and_then(char::from_u32)
                    .map(|c| if c == '\0' { '\u{fffd}' } else { c })
            }
            None => named_entity(name),
        };
        match resolved {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The named character references a French page uses (Latin-1 and typography).
fn named_entity(name: &str) -> Option<char> {
    const LATIN1: [&str; 96] = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
        "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
        "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
        "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
        "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
        "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring",
        "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
        "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash",
        "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ];
    if let Some(index) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + index as u32);
    }
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Yuml" => 'Ÿ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "hellip" => '…',
        "euro" => '€',
        "bull" => '•',
        "trade" => '™',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "prime" => '′',
        "Prime" => '″',
        "larr" => '←',
        "rarr" => '→',
        "minus" => '−',
        "infin" => '∞',
        "asymp" => '≈',
        "ne" => '≠',
        "le" => '≤',
        "ge" => '≥',
        "NewLine" => '\n',
        "Tab" => '\t',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        let mut structured = read(html.as_bytes(), Path::new("page.html")).unwrap();
        structured.index_lines();
        structured
            .lines
            .iter()
            .map(|&i| structured.sites[i].text.clone())
            .collect()
    }

    #[test]
    fn blocks_are_paragraphs_and_inline_elements_codes() {
        let page = "<html lang=\"fr\"><head><title>Le &laquo;&nbsp;titre&nbsp;&raquo;</title>\
            <style>p { color: red }</style><script>var s = \"<p>Non</p>\";</script></head>\
            <body><!-- note -->\n<p>Il <b>pleut</b>.<br>\n  Il <a href=\"x\" title=\"Un lien\">neige</a>.</p>\
            <p><img src=\"a.png\" alt=\"Une image\"></p><pre>code   gardé</pre>\
            <ul><li>Un</li><li>Deux <i>trois</i></li></ul></body></html>";
        assert_eq!(
            texts(page),
            vec![
                "Le «\u{a0}titre\u{a0}»",
                "Il <g1>pleut</g1>.<x2/> Il <g3>neige</g3>.",
                "Un lien",
                "Une image",
                "Un",
                "Deux <g1>trois</g1>",
            ]
        );
    }

    #[test]
    fn the_charset_is_taken_from_the_page() {
        let (text, encoding) = decode(b"<meta charset=\"windows-1252\"><p>caf\xe9</p>").unwrap();
        assert_eq!(encoding, TextEncoding::Legacy(encoding_rs::WINDOWS_1252));
        assert!(text.contains("café"));
        let (_, encoding) = decode("<p>café</p>".as_bytes()).unwrap();
        assert_eq!(encoding, TextEncoding::Utf8);
        // Declared UTF-8, not UTF-8: refused, never rewritten with replacement characters.
        assert!(decode(b"<meta charset=\"utf-8\"><p>caf\xe9</p>").is_err());
        // Undeclared and not UTF-8: windows-1252, every byte kept.
        let (text, encoding) = decode(b"<p>caf\xe9 \x81</p>").unwrap();
        assert_eq!(encoding.encode(&text), b"<p>caf\xe9 \x81</p>");
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
    }

    #[test]
    fn entities_are_read() {
        assert_eq!(
            decode_entities("a&nbsp;b &amp; &#233;&#xE9; &foo; &"),
            "a\u{a0}b & éé &foo; &"
        );
    }
}
