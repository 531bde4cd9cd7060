//! The paragraph model the document formats (DOCX, ODT, HTML) share: a paragraph read from a
//! part of the file becomes a [`Site`], tagged text for the translator (`<g1>…</g1>` for a
//! paired code, `<x2/>` for a standalone one, as [`crate::markup::tags`] reads them) plus what
//! is needed to write a translation of it back with the source's markup.
//!
//! A reader hands [`finish`] a list of [`Token`]s and the [`Code`]s they refer to. Finishing
//! merges what the translator need not see: neighbouring text of one run style, neighbouring
//! standalone codes, and the codes around the whole paragraph (a bookmark at its start, a
//! paragraph that is all bold), which stay with the paragraph unseen. The codes left are
//! numbered 1, 2, … in order.
//!
//! Writing back ([`Renderer`]) copies the part's bytes, and in place of each translated
//! paragraph writes the translation's text with the codes' markup around it. A code's markup
//! is a span of the part, rendered the same way, so a text box inside a paragraph (a paragraph
//! inside a code) is translated too.

use std::ops::Range;

use crate::markup::tags::{self, Tag};

/// A piece of a paragraph as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Text, and the run style it is written in (DOCX; `None` elsewhere).
    Text(String, Option<usize>),
    /// The start of a paired code (index into the codes).
    Open(usize),
    /// Its end.
    Close(usize),
    /// A standalone code.
    Point(usize),
}

/// A part of the file written back as it was: `before`, the part's bytes in `span` (rendered,
/// so translated paragraphs inside it are translated), `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub before: String,
    pub span: Range<usize>,
    pub after: String,
}

impl Piece {
    pub fn of(span: Range<usize>) -> Piece {
        Piece {
            before: String::new(),
            span,
            after: String::new(),
        }
    }
}

/// What a code stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A pair whose markup is written around its content: a link, an HTML `<b>`, an ODT span.
    /// `inner` is the run style text inside takes when it has none of its own (DOCX links).
    Wrap {
        open: Range<usize>,
        close: Range<usize>,
        inner: Option<usize>,
    },
    /// Formatting only: text inside is written in this run style (DOCX bold, italic…).
    Style(usize),
    /// Content kept as it is: a tab, a break, a footnote reference, an image, a field.
    /// `plain` is what it shows as plain text (a tab, a note's number, nothing).
    Point { pieces: Vec<Piece>, plain: String },
}

/// Which part of the document a paragraph belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Story {
    /// The running text (in HTML, everything in `<body>`).
    Body,
    /// A text box or frame inside the running text.
    Frame,
    /// A footnote or an endnote.
    Note,
    /// A comment.
    Comment,
    /// A page header or footer.
    HeaderFooter,
    /// The document's title and description (properties, `<title>`, `<meta>`).
    Metadata,
    /// An attribute value (`alt`, `title`).
    Attribute,
    /// The document's language declaration (HTML's `lang`): never shown, written as the
    /// target language.
    Language,
}

/// One paragraph of a document: where it is, what the translator sees, and how to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Index of the part (ZIP entry; 0 for HTML).
    pub part: usize,
    /// The bytes of the part a translation replaces.
    pub content: Range<usize>,
    pub story: Story,
    /// Tagged text, as the translator sees it (one line: no line break in it).
    pub text: String,
    /// The paragraph's codes; `shown[n - 1]` is the code the translator's tag `n` stands for.
    pub codes: Vec<Code>,
    pub shown: Vec<usize>,
    /// Tokens kept out of sight before and after the shown text.
    pub prefix: Vec<Token>,
    pub suffix: Vec<Token>,
    /// The run styles (raw markup) of the paragraph, and the one text without a code takes.
    pub styles: Vec<String>,
    pub base: Option<usize>,
    /// For a paragraph shown elsewhere (DOCX's fallback copy of a text box): the site whose
    /// translation it takes when their texts are the same.
    pub twin_of: Option<usize>,
    /// How text is written: plain escaped text, or a DOCX run.
    pub flavour: Flavour,
}

/// How a format writes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// XML text content (document properties): `&`, `<`, `>` escaped.
    Xml,
    /// ODF text content: `&`, `<`, `>` escaped; runs of spaces as `<text:s/>`.
    Odf,
    /// An HTML text node.
    Html,
    /// An HTML or XML attribute value between double quotes.
    Attribute,
    /// DOCX: text in `<w:r>` runs with the style's `<w:rPr>`.
    Docx,
}

/// How a paired code's text looks, for drawing it in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    /// A link (drawn underlined).
    pub link: bool,
}

impl Look {
    /// The look of formatting markup: DOCX run properties (`<w:b/>`, `<w:i/>`, `<w:u …>`,
    /// a hyperlink character style), an HTML start tag (`<b>`, `<em>`, `<a …>`), ODF text
    /// properties (`fo:font-weight="bold"`…).
    pub fn of_markup(markup: &str) -> Look {
        let on = |element: &str| {
            markup.match_indices(element).any(|(at, _)| {
                let rest = &markup[at + element.len()..];
                let end = rest.find('>').unwrap_or(rest.len());
                let value = &rest[..end];
                !(value.contains("w:val=\"0\"")
                    || value.contains("w:val=\"false\"")
                    || value.contains("w:val=\"none\""))
            })
        };
        let lower = markup.to_ascii_lowercase();
        let html = |names: &[&str]| {
            names.iter().any(|name| {
                lower.strip_prefix('<').is_some_and(|rest| {
                    rest.strip_prefix(name)
                        .is_some_and(|after| after.starts_with(['>', ' ', '/', '\t', '\n']))
                })
            })
        };
        Look {
            bold: on("<w:b>")
                || on("<w:b/")
                || on("<w:b ")
                || html(&["b", "strong"])
                || lower.contains("fo:font-weight=\"bold\""),
            italic: on("<w:i>")
                || on("<w:i/")
                || on("<w:i ")
                || html(&["i", "em", "cite"])
                || lower.contains("fo:font-style=\"italic\""),
            underline: on("<w:u ")
                || html(&["u", "ins"])
                || (lower.contains("style:text-underline-style=")
                    && !lower.contains("style:text-underline-style=\"none\"")),
            link: markup.starts_with("<w:hyperlink")
                || html(&["a"])
                || markup.starts_with("<text:a ")
                || lower.contains("w:val=\"hyperlink\""),
        }
    }
}

/// What a reader gathered for one paragraph.
#[derive(Debug, Default)]
pub struct Gathered {
    pub tokens: Vec<Token>,
    pub codes: Vec<Code>,
    /// (normalised key, raw markup) of each run style (DOCX).
    pub styles: Vec<(String, String)>,
    /// The paired elements open (XML readers): the reader's depth inside each, and its code.
    open_wraps: Vec<(usize, usize)>,
}

impl Gathered {
    /// The style id for a run's properties, by their normalised key.
    pub fn style(&mut self, key: String, raw: &str) -> usize {
        match self.styles.iter().position(|(k, _)| *k == key) {
            Some(id) => id,
            None => {
                self.styles.push((key, raw.to_owned()));
                self.styles.len() - 1
            }
        }
    }

    pub fn code(&mut self, code: Code) -> usize {
        self.codes.push(code);
        self.codes.len() - 1
    }

    pub fn point(&mut self, piece: Piece, plain: &str) {
        let code = self.code(Code::Point {
            pieces: vec![piece],
            plain: plain.to_owned(),
        });
        self.tokens.push(Token::Point(code));
    }

    pub fn text(&mut self, text: &str, style: Option<usize>) {
        self.tokens.push(Token::Text(text.to_owned(), style));
    }

    /// A paired element opened (its start tag at `open`; `depth` is the reader's depth inside
    /// it): a wrap code, closed by [`Gathered::end_of_element`].
    pub fn open_wrap(&mut self, open: Range<usize>, depth: usize) {
        let code = self.code(Code::Wrap {
            open,
            close: 0..0,
            inner: None,
        });
        self.tokens.push(Token::Open(code));
        self.open_wraps.push((depth, code));
    }

    /// An end tag at `span`, read with the reader now at `depth`: the end of the innermost
    /// wrap when it is that element's.
    pub fn end_of_element(&mut self, span: Range<usize>, depth: usize) {
        if let Some(&(inside, code)) = self.open_wraps.last()
            && depth + 1 == inside
        {
            self.open_wraps.pop();
            if let Code::Wrap { close, .. } = &mut self.codes[code] {
                *close = span;
            }
            self.tokens.push(Token::Close(code));
        }
    }

    /// Whether any text is not whitespace.
    pub fn has_text(&self) -> bool {
        self.tokens
            .iter()
            .any(|t| matches!(t, Token::Text(text, _) if !text.trim().is_empty()))
    }
}

/// Makes a site of what a reader gathered (see the module's documentation).
pub fn finish(
    gathered: Gathered,
    part: usize,
    content: Range<usize>,
    story: Story,
    flavour: Flavour,
) -> Site {
    let Gathered {
        tokens,
        mut codes,
        styles,
        ..
    } = gathered;
    let (tokens, base) = style_codes(tokens, &mut codes, styles.len());
    let tokens = merge_neighbours(tokens, &mut codes);
    let (prefix, middle, suffix) = strip_ends(tokens);
    let mut shown = Vec::new();
    let mut text = String::new();
    for token in &middle {
        match token {
            Token::Text(piece, _) => text.extend(piece.chars().map(|c| match c {
                '\n' | '\r' => ' ',
                c => c,
            })),
            Token::Open(code) | Token::Point(code) => {
                shown.push(*code);
                let n = shown.len();
                text.push_str(
                    &match token {
                        Token::Open(_) => Tag::Open(n),
                        _ => Tag::Standalone(n),
                    }
                    .text(),
                );
            }
            Token::Close(code) => {
                let n = shown.iter().position(|c| c == code).map_or(0, |i| i + 1);
                text.push_str(&Tag::Close(n).text());
            }
        }
    }
    Site {
        part,
        content,
        story,
        text,
        codes,
        shown,
        prefix,
        suffix,
        styles: styles.into_iter().map(|(_, raw)| raw).collect(),
        base,
        twin_of: None,
        flavour,
    }
}

/// Run styles become codes: the style most of the paragraph's text is in is the base, and text
/// in another style is wrapped in a [`Code::Style`] pair (one pair for neighbouring pieces of
/// one style). Inside a link, its own commonest style is the base.
fn style_codes(
    tokens: Vec<Token>,
    codes: &mut Vec<Code>,
    style_count: usize,
) -> (Vec<Token>, Option<usize>) {
    if style_count == 0 {
        return (tokens, None);
    }
    // The commonest style at each level: the paragraph's, and each wrap's.
    let commonest = |from: usize, to: usize, tokens: &[Token]| {
        let mut counts = vec![0usize; style_count];
        let mut depth = 0;
        for token in &tokens[from..to] {
            match token {
                Token::Open(_) => depth += 1,
                Token::Close(_) => depth -= 1,
                Token::Text(text, Some(style)) if depth == 0 => {
                    counts[*style] += text.chars().count()
                }
                _ => {}
            }
        }
        let best = (0..style_count).max_by_key(|&s| (counts[s], std::cmp::Reverse(s)))?;
        (counts[best] > 0).then_some(best)
    };
    let base = commonest(0, tokens.len(), &tokens);
    let mut out = Vec::with_capacity(tokens.len());
    // The base style of each open wrap; the style pair open now, with its style.
    let mut bases: Vec<Option<usize>> = vec![base];
    let mut open_style: Option<(usize, usize)> = None;
    for (index, token) in tokens.iter().enumerate() {
        let current = *bases.last().expect("the paragraph's level is never closed");
        match token {
            // Text of no style of its own (spaces whose formatting does not show) takes
            // whatever is open around it.
            Token::Text(text, None) => out.push(Token::Text(text.clone(), None)),
            Token::Text(text, style) => {
                let wanted = style.filter(|s| Some(*s) != current);
                if open_style.map(|(_, s)| s) != wanted {
                    if let Some((code, _)) = open_style.take() {
                        out.push(Token::Close(code));
                    }
                    if let Some(style) = wanted {
                        let code = codes.len();
                        codes.push(Code::Style(style));
                        out.push(Token::Open(code));
                        open_style = Some((code, style));
                    }
                }
                out.push(Token::Text(text.clone(), None));
            }
            Token::Open(code) => {
                if let Some((style_code, _)) = open_style.take() {
                    out.push(Token::Close(style_code));
                }
                let end = matching_close(&tokens, index).unwrap_or(tokens.len());
                let inner = commonest(index + 1, end, &tokens).or(current);
                if let Code::Wrap { inner: slot, .. } = &mut codes[*code] {
                    *slot = inner;
                }
                bases.push(inner);
                out.push(token.clone());
            }
            Token::Close(_) => {
                if let Some((style_code, _)) = open_style.take() {
                    out.push(Token::Close(style_code));
                }
                if bases.len() > 1 {
                    bases.pop();
                }
                out.push(token.clone());
            }
            Token::Point(_) => out.push(token.clone()),
        }
    }
    if let Some((code, _)) = open_style {
        out.push(Token::Close(code));
    }
    (out, base)
}

/// The index of the `Close` matching the `Open` at `open`.
fn matching_close(tokens: &[Token], open: usize) -> Option<usize> {
    let Token::Open(code) = tokens[open] else {
        return None;
    };
    (open + 1..tokens.len()).find(|&i| tokens[i] == Token::Close(code))
}

/// Neighbouring texts joined; neighbouring standalone codes made one; a style pair closed and
/// reopened with only a standalone code between made one pair.
fn merge_neighbours(tokens: Vec<Token>, codes: &mut [Code]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        match (out.last_mut(), token) {
            (Some(Token::Text(previous, _)), Token::Text(text, _)) => previous.push_str(&text),
            (Some(Token::Point(previous)), Token::Point(code)) => {
                let previous = *previous;
                if let Code::Point { pieces, plain } = codes[code].clone()
                    && let Code::Point {
                        pieces: kept,
                        plain: kept_plain,
                    } = &mut codes[previous]
                {
                    kept.extend(pieces);
                    kept_plain.push_str(&plain);
                }
            }
            (_, token) => out.push(token),
        }
    }
    out
}

/// Splits off the standalone codes at the ends and the pairs around the whole text.
fn strip_ends(mut tokens: Vec<Token>) -> (Vec<Token>, Vec<Token>, Vec<Token>) {
    let mut prefix = Vec::new();
    let mut suffix = Vec::new();
    loop {
        let blank = |t: &Token| matches!(t, Token::Text(text, _) if text.trim().is_empty());
        match (tokens.first(), tokens.last()) {
            (Some(Token::Point(_)), _) => prefix.push(tokens.remove(0)),
            (_, Some(Token::Point(_))) => suffix.insert(0, tokens.pop().expect("just seen")),
            (Some(first), _) if blank(first) && tokens.len() > 1 => prefix.push(tokens.remove(0)),
            (_, Some(last)) if blank(last) && tokens.len() > 1 => {
                suffix.insert(0, tokens.pop().expect("just seen"))
            }
            (Some(Token::Open(code)), Some(Token::Close(last)))
                if code == last && matching_close(&tokens, 0) == Some(tokens.len() - 1) =>
            {
                prefix.push(tokens.remove(0));
                suffix.insert(0, tokens.pop().expect("just seen"));
            }
            _ => break,
        }
    }
    (prefix, tokens, suffix)
}

impl Site {
    /// The paragraph as plain text: its text with each standalone code's plain text and no
    /// pairs' markup (`translation` in place of the source when given).
    pub fn plain(&self, translation: Option<&str>) -> String {
        let tokens = match translation {
            Some(text) => self.tokens_of(text).unwrap_or_else(|| self.source_tokens()),
            None => self.source_tokens(),
        };
        let mut out = String::new();
        for token in self.prefix.iter().chain(&tokens).chain(&self.suffix) {
            match token {
                Token::Text(text, _) => out.push_str(text),
                Token::Point(code) => {
                    if let Code::Point { plain, .. } = &self.codes[*code] {
                        out.push_str(plain);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn source_tokens(&self) -> Vec<Token> {
        self.tokens_of(&self.text)
            .expect("a site's own text has its own tags")
    }

    /// A tagged text (the translator's) as tokens of this paragraph's codes, when every tag
    /// in it is one of the paragraph's, well nested; `None` otherwise.
    pub fn tokens_of(&self, text: &str) -> Option<Vec<Token>> {
        let known = |tag: Tag| (1..=self.shown.len()).contains(&tag.number());
        if !tags::all_writable(text, known) {
            return None;
        }
        let mut tokens = Vec::new();
        let mut at = 0;
        for (start, tag, len) in tags::tags_of(text) {
            if start > at {
                tokens.push(Token::Text(text[at..start].to_owned(), None));
            }
            let code = self.shown[tag.number() - 1];
            tokens.push(match tag {
                Tag::Open(_) => Token::Open(code),
                Tag::Close(_) => Token::Close(code),
                Tag::Standalone(_) => Token::Point(code),
            });
            at = start + len;
        }
        if at < text.len() {
            tokens.push(Token::Text(text[at..].to_owned(), None));
        }
        Some(tokens)
    }

    /// How the text inside each of the translator's pairs looks (`looks[n - 1]` for tag `n`;
    /// a standalone code's is the default). `markup` gives a span of the part as text, and
    /// `named` a named style's properties (ODF spans name an automatic style).
    pub fn looks(
        &self,
        markup: &dyn Fn(std::ops::Range<usize>) -> String,
        named: &dyn Fn(&str) -> String,
    ) -> Vec<Look> {
        self.shown
            .iter()
            .map(|&code| match &self.codes[code] {
                Code::Style(style) => Look::of_markup(&self.styles[*style]),
                Code::Wrap { open, inner, .. } => {
                    let open = markup(open.clone());
                    let mut look = Look::of_markup(&open);
                    if let Some(style) = inner.and_then(|s| self.styles.get(s)) {
                        let inner = Look::of_markup(style);
                        look.bold |= inner.bold;
                        look.italic |= inner.italic;
                        look.underline |= inner.underline;
                    }
                    if let Some(name) = open
                        .split("text:style-name=\"")
                        .nth(1)
                        .and_then(|rest| rest.split('"').next())
                    {
                        let named = Look::of_markup(&named(name));
                        look.bold |= named.bold;
                        look.italic |= named.italic;
                        look.underline |= named.underline;
                    }
                    look
                }
                Code::Point { .. } => Look::default(),
            })
            .collect()
    }

    /// The standalone codes of the source a translation lacks (they are written at its end, so
    /// that no footnote, image or text box is lost).
    pub fn missing_points(&self, tokens: &[Token]) -> Vec<usize> {
        self.shown
            .iter()
            .copied()
            .filter(|code| matches!(self.codes[*code], Code::Point { .. }))
            .filter(|code| !tokens.contains(&Token::Point(*code)))
            .collect()
    }
}

/// Writes a part back: its bytes, with each translated paragraph's content replaced.
pub struct Renderer<'a> {
    pub text: &'a str,
    /// The part's sites, sorted by where their content starts.
    pub sites: Vec<&'a Site>,
    /// The translation of each of `sites` (same order), `None` when it keeps its bytes.
    pub translations: Vec<Option<Vec<Token>>>,
    /// The language the target's run styles are marked with (DOCX `w:lang`).
    pub language: &'a str,
}

impl Renderer<'_> {
    /// The bytes of `span`, with the translated paragraphs inside it written anew.
    pub fn render(&self, span: Range<usize>, out: &mut String) {
        let first = self.sites.partition_point(|s| s.content.start < span.start);
        self.render_from(span, first, out);
    }

    /// The bytes of `span`, with the sites from `first` on that lie inside it written anew
    /// when translated (and the translated ones nested in an untranslated one).
    fn render_from(&self, span: Range<usize>, first: usize, out: &mut String) {
        let mut at = span.start;
        for (index, site) in self.sites.iter().enumerate().skip(first) {
            if site.content.start >= span.end {
                break;
            }
            if site.content.start < at || site.content.end > span.end {
                continue; // inside one already written, or reaching out of the span
            }
            out.push_str(&self.text[at..site.content.start]);
            match &self.translations[index] {
                Some(tokens) => self.write_paragraph(site, tokens, out),
                None => self.render_from(site.content.clone(), index + 1, out),
            }
            at = site.content.end;
        }
        out.push_str(&self.text[at..span.end]);
    }

    fn write_paragraph(&self, site: &Site, tokens: &[Token], out: &mut String) {
        let missing = site.missing_points(tokens);
        let placeholders = vec![Token::Point(usize::MAX); missing.len()];
        let all = site
            .prefix
            .iter()
            .chain(tokens)
            .chain(&placeholders)
            .chain(&site.suffix);
        let mut missing = missing.into_iter();
        let mut styles: Vec<Option<usize>> = vec![site.base];
        for token in all {
            let style = *styles.last().expect("the base is never popped");
            match token {
                Token::Text(text, _) => self.write_text(site, text, style, out),
                Token::Open(code) => match &site.codes[*code] {
                    Code::Wrap { open, inner, .. } => {
                        self.render(open.clone(), out);
                        styles.push(inner.or(style));
                    }
                    Code::Style(s) => styles.push(Some(*s)),
                    Code::Point { .. } => {}
                },
                Token::Close(code) => {
                    if let Code::Wrap { close, .. } = &site.codes[*code] {
                        self.render(close.clone(), out);
                    }
                    if styles.len() > 1 {
                        styles.pop();
                    }
                }
                Token::Point(code) => {
                    let code = match *code {
                        usize::MAX => missing.next().expect("one per missing code"),
                        code => code,
                    };
                    if let Code::Point { pieces, .. } = &site.codes[code] {
                        for piece in pieces {
                            out.push_str(&piece.before);
                            self.render(piece.span.clone(), out);
                            out.push_str(&piece.after);
                        }
                    }
                }
            }
        }
    }

    fn write_text(&self, site: &Site, text: &str, style: Option<usize>, out: &mut String) {
        if text.is_empty() {
            return;
        }
        match site.flavour {
            Flavour::Html => escape_html(text, out),
            Flavour::Xml => crate::markup::xml::escape_text(text, out),
            Flavour::Attribute => crate::markup::xml::escape_attribute(text, out),
            Flavour::Odf => write_odf_text(text, out),
            Flavour::Docx => {
                out.push_str("<w:r>");
                if let Some(style) = style.and_then(|s| site.styles.get(s)) {
                    out.push_str(&with_language(style, self.language));
                }
                out.push_str("<w:t xml:space=\"preserve\">");
                crate::markup::xml::escape_text(text, out);
                out.push_str("</w:t></w:r>");
            }
        }
    }
}

/// DOCX run properties with their language set to `language` (Latin text's `w:val`).
pub fn with_language(properties: &str, language: &str) -> String {
    let Some(at) = properties.find("<w:lang ") else {
        return properties.to_owned();
    };
    let element_end = properties[at..]
        .find('>')
        .map_or(properties.len(), |e| at + e);
    let element = &properties[at..element_end];
    let Some(value) = element.find("w:val=\"") else {
        return properties.to_owned();
    };
    let value_start = at + value + "w:val=\"".len();
    let value_end = properties[value_start..]
        .find('"')
        .map_or(properties.len(), |e| value_start + e);
    format!(
        "{}{language}{}",
        &properties[..value_start],
        &properties[value_end..]
    )
}

/// White space as HTML and ODF read it: a run of spaces, tabs, line breaks (and form feeds) is
/// one space; NBSP is not white space and stays.
pub fn collapse_white_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0c') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// HTML text: `&`, `<`, `>` escaped, the rest as characters.
fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// ODF text: a space after a space is `<text:s/>` (ODF collapses runs of spaces), a tab
/// `<text:tab/>`, a line break `<text:line-break/>`.
fn write_odf_text(text: &str, out: &mut String) {
    let mut previous_space = false;
    for c in text.chars() {
        match c {
            ' ' if previous_space => out.push_str("<text:s/>"),
            '\t' => out.push_str("<text:tab/>"),
            '\n' => out.push_str("<text:line-break/>"),
            c => crate::markup::xml::escape_text(c.encode_utf8(&mut [0; 4]), out),
        }
        previous_space = c == ' ';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(open: Range<usize>, close: Range<usize>) -> Code {
        Code::Wrap {
            open,
            close,
            inner: None,
        }
    }

    #[test]
    fn white_space_is_read_as_html_and_odf_define_it() {
        assert_eq!(collapse_white_space("a \n\t b"), "a b");
        assert_eq!(collapse_white_space("  a\u{a0}\u{a0}b"), " a\u{a0}\u{a0}b");
    }

    #[test]
    fn codes_around_the_whole_paragraph_are_kept_out_of_sight() {
        let mut gathered = Gathered::default();
        gathered.point(Piece::of(0..3), "");
        let bold = gathered.code(wrap(3..6, 20..24));
        gathered.tokens.push(Token::Open(bold));
        gathered.text("Il pleut. ", None);
        let italic = gathered.code(wrap(6..9, 12..16));
        gathered.tokens.push(Token::Open(italic));
        gathered.text("Vraiment", None);
        gathered.tokens.push(Token::Close(italic));
        gathered.point(Piece::of(16..18), "\t");
        gathered.point(Piece::of(18..20), "");
        gathered.text(".", None);
        gathered.tokens.push(Token::Close(bold));
        let site = finish(gathered, 0, 0..24, Story::Body, Flavour::Html);
        assert_eq!(site.text, "Il pleut. <g1>Vraiment</g1><x2/>.");
        assert_eq!(site.shown.len(), 2);
        assert_eq!(site.plain(None), "Il pleut. Vraiment\t.");
        assert_eq!(
            site.plain(Some("It rains. <x2/><g1>Really</g1>.")),
            "It rains. \tReally."
        );
        // A translation with a tag the paragraph does not have is not taken.
        assert!(site.tokens_of("It <x3/> rains.").is_none());
        assert!(site.tokens_of("It <g1>rains.").is_none());
    }

    #[test]
    fn run_styles_become_pairs_only_where_they_differ_from_the_paragraph_s() {
        let mut gathered = Gathered::default();
        let plain = gathered.style("".into(), "");
        let bold = gathered.style("<w:b/>".into(), "<w:rPr><w:b/></w:rPr>");
        gathered.text("(Nur-Sultan)", Some(bold));
        gathered.text(" Le président chinois", Some(plain));
        gathered.text(" a affiché son soutien.", Some(plain));
        let site = finish(gathered, 0, 0..10, Story::Body, Flavour::Docx);
        assert_eq!(
            site.text,
            "<g1>(Nur-Sultan)</g1> Le président chinois a affiché son soutien."
        );
        assert_eq!(site.base, Some(plain));
    }
}
