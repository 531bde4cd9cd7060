//! Source documents: paragraphs, segments with byte spans, and the skeleton around them.
//!
//! A [`Document`] owns the source text exactly as read (BOM, CRLF, tabs, trailing NBSP and all).
//! It splits it into paragraphs, in plain text one per non-blank line (news copy puts headlines
//! and datelines on their own lines, so a single line break ends a paragraph as surely as a
//! blank line; Markdown's paragraphs run over their lines, see `markdown`), and
//! each paragraph into segments with the [`Segmenter`]. Everything that is not inside a segment is
//! the *skeleton*: line breaks, indentation, spaces between sentences, and in Markdown the block
//! markers (`#`, `>`, `-`, `1.`, `**` around a whole line) and code blocks. Skeleton and segments
//! together rebuild the source byte for byte; skeleton and translations rebuild the target
//! document with the same structure ([`Document::rebuild`]).
//!
//! This module does not know about translations or projects: it reads and cuts text.

mod markdown;

use std::ops::Range;

use crate::segment::{Segmenter, cut_at, trim_span};
use std::collections::BTreeSet;

/// How the source is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text: every non-blank line is a paragraph, all of it translatable.
    #[default]
    Text,
    /// Markdown: block markers and code blocks are kept out of the segments.
    Markdown,
}

impl Format {
    /// Markdown for `.md` and `.markdown` files, plain text otherwise.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Format::Markdown
            }
            _ => Format::Text,
        }
    }
}

/// The translator's corrections to the automatic segmentation of one document, as byte offsets
/// into its source. The TUI's merge and split commands write them; the project stores them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Segment ends (exclusive byte offsets) that do not end a segment: the segment is joined
    /// with the next one in the same paragraph.
    pub joins: BTreeSet<usize>,
    /// Offsets where a new segment starts although the segmenter saw no sentence end there.
    pub breaks: BTreeSet<usize>,
}

/// One paragraph: a non-blank line of the source, without its markers and surrounding space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The translatable text of the line, as a byte span into the source.
    pub span: Range<usize>,
    /// The line number in the source, counted from 1.
    pub line: usize,
}

/// One segment (usually a sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Index of its paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
    /// Byte span into the source, trimmed of whitespace.
    pub span: Range<usize>,
}

/// A source document cut into paragraphs and segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    text: String,
    format: Format,
    paragraphs: Vec<Paragraph>,
    segments: Vec<Segment>,
}

impl Document {
    /// Cuts `text` into paragraphs and segments.
    pub fn parse(
        text: String,
        format: Format,
        segmenter: &Segmenter,
        overrides: &Overrides,
    ) -> Document {
        let paragraphs = match format {
            Format::Text => plain_paragraphs(&text),
            Format::Markdown => markdown::paragraphs(&text),
        };
        let mut segments = Vec::new();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            segments.extend(
                segment_spans(&text, &paragraph.span, segmenter, overrides)
                    .into_iter()
                    .map(|span| Segment {
                        paragraph: index,
                        span,
                    }),
            );
        }
        Document {
            text,
            format,
            paragraphs,
            segments,
        }
    }

    /// The source text, exactly as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How the source was read.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The paragraphs, in source order.
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The segments, in source order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The source text of segment `index`, as it is in the file.
    pub fn segment_text(&self, index: usize) -> &str {
        &self.text[self.segments[index].span.clone()]
    }

    /// The source text of segment `index` as a translator reads it: a line break inside it (a
    /// hard-wrapped Markdown paragraph), with the spaces around it, is one space.
    pub fn segment_source(&self, index: usize) -> std::borrow::Cow<'_, str> {
        let text = self.segment_text(index);
        if !text.contains('\n') {
            return text.into();
        }
        let mut joined = String::with_capacity(text.len());
        for (number, line) in text.split('\n').enumerate() {
            if number > 0 {
                joined.truncate(joined.trim_end().len());
                joined.push(' ');
            }
            joined.push_str(if number > 0 { line.trim_start() } else { line });
        }
        joined.into()
    }

    /// The skeleton: the text before the first segment, between each two, and after the last
    /// (`segments().len() + 1` pieces, some of them empty).
    pub fn skeleton(&self) -> Vec<&str> {
        let mut pieces = Vec::with_capacity(self.segments.len() + 1);
        let mut at = 0;
        for segment in &self.segments {
            pieces.push(&self.text[at..segment.span.start]);
            at = segment.span.end;
        }
        pieces.push(&self.text[at..]);
        pieces
    }

    /// The document with each segment replaced by `translation(index)`: the skeleton (line
    /// breaks, spacing, Markdown markers) is kept as it is in the source.
    pub fn rebuild<'t>(&self, mut translation: impl FnMut(usize) -> &'t str) -> String {
        let skeleton = self.skeleton();
        let mut out = String::with_capacity(self.text.len());
        for (index, gap) in skeleton.iter().enumerate() {
            out.push_str(gap);
            if index < self.segments.len() {
                out.push_str(translation(index));
            }
        }
        out
    }
}

/// The boundaries inside one paragraph (relative to its start), with the overrides applied.
/// The segments of the paragraph at `span` of `text`, as byte spans into `text`: what
/// [`Document::parse`] cuts, for a reader that goes through a text a paragraph at a time.
pub fn segment_spans(
    text: &str,
    span: &Range<usize>,
    segmenter: &Segmenter,
    overrides: &Overrides,
) -> Vec<Range<usize>> {
    let boundaries = paragraph_boundaries(text, span, segmenter, overrides);
    cut_at(&text[span.clone()], &boundaries)
        .into_iter()
        .map(|piece| span.start + piece.start..span.start + piece.end)
        .collect()
}

fn paragraph_boundaries(
    text: &str,
    span: &Range<usize>,
    segmenter: &Segmenter,
    overrides: &Overrides,
) -> Vec<usize> {
    let content = &text[span.clone()];
    let mut boundaries = match content.contains('<') {
        true => boundaries_through_tags(content, segmenter),
        false => segmenter.boundaries(content),
    };
    if overrides.joins.is_empty() && overrides.breaks.is_empty() {
        return boundaries;
    }
    boundaries.retain(|b| {
        let end = trim_span(content, 0..*b).end;
        !overrides.joins.contains(&(span.start + end))
    });
    boundaries.extend(
        overrides
            .breaks
            .range(span.start + 1..span.end)
            .filter(|at| text.is_char_boundary(**at))
            .map(|at| at - span.start),
    );
    boundaries.sort_unstable();
    boundaries.dedup();
    boundaries
}

/// The segmenter's boundaries in a paragraph with inline tags (`<g1>`, `</g1>`, `<x2/>`): it
/// reads the text without them, so that `« Il pleut. »</g1> Il neige` or `Nur-Sultan.<x2/> Xi`
/// end a sentence, and a boundary never falls inside a tag. A closing or standalone tag stays
/// with the sentence it follows, an opening tag goes with the sentence it starts.
fn boundaries_through_tags(content: &str, segmenter: &Segmenter) -> Vec<usize> {
    let mut text = String::with_capacity(content.len());
    // For each byte of `text`, where it is in `content` (and the end, mapped to the end).
    let mut origin = Vec::with_capacity(content.len() + 1);
    let mut at = 0;
    while at < content.len() {
        if let Some(len) = tag_length(&content[at..]) {
            at += len;
            continue;
        }
        let c = content[at..].chars().next().expect("at is inside the text");
        text.push(c);
        origin.extend((0..c.len_utf8()).map(|i| at + i));
        at += c.len_utf8();
    }
    origin.push(content.len());
    let mut boundaries: Vec<usize> = segmenter
        .boundaries(&text)
        .into_iter()
        .map(|boundary| {
            let mut at = origin[boundary];
            // Back over the opening tags (and spaces) before the sentence's first character.
            loop {
                let before = content[..at].trim_end();
                match before.rfind("<g") {
                    Some(open) if tag_length(&before[open..]) == Some(before.len() - open) => {
                        at = open
                    }
                    _ => break,
                }
            }
            at
        })
        .filter(|&at| at > 0 && at < content.len())
        .collect();
    boundaries.dedup();
    boundaries
}

/// The length of an inline tag (`<g1>`, `</g12>`, `<x3/>`) at the start of `text`.
fn tag_length(text: &str) -> Option<usize> {
    let (rest, end) = if let Some(rest) = text.strip_prefix("</g") {
        (rest, ">")
    } else if let Some(rest) = text.strip_prefix("<g") {
        (rest, ">")
    } else {
        (text.strip_prefix("<x")?, "/>")
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && rest[digits..].starts_with(end))
        .then(|| text.len() - rest.len() + digits + end.len())
}

/// Paragraphs of plain text: every line that is not blank, trimmed of whitespace.
fn plain_paragraphs(text: &str) -> Vec<Paragraph> {
    lines(text)
        .filter_map(|(line, span)| {
            let span = trim_span(text, span);
            (!span.is_empty()).then_some(Paragraph { span, line })
        })
        .collect()
}

/// Each line's number (from 1) and byte span, without its line break (`\n` or `\r\n`; a `\r`
/// left at the end is whitespace and trimmed later) and without a leading BOM.
fn lines(text: &str) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut start = bom;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start > text.len() || (start == text.len() && number > 0) {
            return None;
        }
        number += 1;
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let span = start..end;
        start = end + 1;
        Some((number, span))
    })
}

#[cfg(test)]
mod tests;
