//! Paragraphs of a Markdown source: block markers stay in the skeleton.
//!
//! Only the line-level syntax a news article or a translator's notes use is recognised: ATX
//! headings (`## Titre`, closing `#`s too), block quotes (`>`), bullet and numbered list markers,
//! emphasis wrapping a whole paragraph (`**Chapô**`), thematic breaks, table rows (`|`, a
//! paragraph each) and fenced code blocks (never translated). Inline markup inside a sentence
//! (links, `*emphasis*`) stays in the segment: the translator moves it with the words.
//!
//! A paragraph runs over its lines until a blank line or a line with a block marker: text
//! hard-wrapped at 72 columns (pandoc's output) is cut into sentences, not lines (a block
//! quote's continuation lines, each with its own `>`, stay paragraphs of their own). A YAML
//! front matter block at the top is skeleton, but for the values of `title:` and `description:`,
//! which are translated.

use std::ops::Range;

use super::{Paragraph, lines};
use crate::segment::trim_span;

pub(super) fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    // The paragraph being read: its first line, its span so far, and whether another line may
    // join it (a heading may not).
    let mut open: Option<(usize, Range<usize>, bool)> = None;
    let close = |open: &mut Option<(usize, Range<usize>, bool)>, out: &mut Vec<Paragraph>| {
        if let Some((line, span, _)) = open.take() {
            let span = strip_emphasis(text, span);
            if !span.is_empty() {
                out.push(Paragraph { span, line });
            }
        }
    };
    let mut lines = lines(text).peekable();
    if let Some(front) = front_matter(text) {
        out.extend(front.values);
        while lines
            .next_if(|(line, _)| *line <= front.last_line)
            .is_some()
        {}
    }
    for (line, span) in lines {
        let raw = &text[span.clone()];
        let trimmed = raw.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            close(&mut open, &mut out);
            fence = Some(marker);
            continue;
        }
        if trimmed.trim_end().is_empty() || is_thematic_break(trimmed) {
            close(&mut open, &mut out);
            continue;
        }
        let marked = block_marker_len(trimmed) > 0 || trimmed.starts_with('|');
        let content = strip_markers(text, span);
        match &mut open {
            // A line without a marker goes on the paragraph above (hard-wrapped text, as
            // pandoc writes it): sentences run across the line breaks.
            Some((_, paragraph, true)) if !marked => paragraph.end = content.end,
            _ => {
                close(&mut open, &mut out);
                let joinable = !trimmed.starts_with('#') && !trimmed.starts_with('|');
                open = Some((line, content, joinable));
            }
        }
    }
    close(&mut open, &mut out);
    out
}

/// A YAML front matter block (`---` on the first line, up to the next `---` or `...`): its
/// `title:` and `description:` values are paragraphs, the rest is skeleton.
struct FrontMatter {
    values: Vec<Paragraph>,
    last_line: usize,
}

fn front_matter(text: &str) -> Option<FrontMatter> {
    let mut lines = lines(text);
    let (_, first) = lines.next()?;
    if text[first].trim_end() != "---" {
        return None;
    }
    let mut values = Vec::new();
    for (line, span) in lines {
        let raw = &text[span.clone()];
        if matches!(raw.trim_end(), "---" | "...") {
            return Some(FrontMatter {
                values,
                last_line: line,
            });
        }
        let Some(key) = ["title:", "description:"]
            .into_iter()
            .find(|key| raw.starts_with(key))
        else {
            continue;
        };
        let mut value = trim_span(text, span.start + key.len()..span.end);
        // A quoted value: the quotes are YAML's, not the text's.
        let quoted = &text[value.clone()];
        if quoted.len() >= 2
            && ((quoted.starts_with('"') && quoted.ends_with('"'))
                || (quoted.starts_with('\'') && quoted.ends_with('\'')))
        {
            value = value.start + 1..value.end - 1;
        }
        // A block scalar (`title: >`) is left as it is.
        if !value.is_empty() && !matches!(&text[value.clone()], ">" | "|" | ">-" | "|-") {
            values.push(Paragraph { span: value, line });
        }
    }
    // No closing line: not front matter after all.
    None
}

/// `---`, `***`, `___` (three or more, spaces allowed).
fn is_thematic_break(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

/// The span of the line's text once the leading block markers (and a heading's closing `#`s)
/// are taken off.
fn strip_markers(text: &str, span: Range<usize>) -> Range<usize> {
    let mut span = trim_span(text, span);
    let heading = text[span.clone()].starts_with('#');
    loop {
        let line = &text[span.clone()];
        let taken = block_marker_len(line);
        if taken == 0 {
            break;
        }
        span = trim_span(text, span.start + taken..span.end);
    }
    let line = &text[span.clone()];
    if heading {
        // `## Titre ##`: the closing sequence is markup too.
        let without = line.trim_end_matches('#');
        if without.len() < line.len() && without.ends_with(char::is_whitespace) {
            span = trim_span(text, span.start..span.start + without.len());
        }
    }
    span
}

/// A paragraph's span without an emphasis wrapping all of it (`**Chapô**`).
fn strip_emphasis(text: &str, span: Range<usize>) -> Range<usize> {
    for wrap in ["**", "__", "*", "_"] {
        let line = &text[span.clone()];
        if line.len() > 2 * wrap.len()
            && line.starts_with(wrap)
            && line.ends_with(wrap)
            && !line[wrap.len()..line.len() - wrap.len()].contains(wrap)
        {
            return trim_span(text, span.start + wrap.len()..span.end - wrap.len());
        }
    }
    span
}

/// The length of one block marker at the start of `line` (with the space after it), or 0.
fn block_marker_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let followed_by_space =
        |at: usize| at == bytes.len() || bytes[at] == b' ' || bytes[at] == b'\t';
    match bytes.first() {
        Some(b'#') => {
            let hashes = bytes.iter().take_while(|b| **b == b'#').count();
            if hashes <= 6 && followed_by_space(hashes) {
                hashes
            } else {
                0
            }
        }
        Some(b'>') => 1,
        Some(b'-' | b'*' | b'+') if followed_by_space(1) && bytes.len() > 1 => 1,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let ordered = digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && bytes.len() > digits + 1
                && followed_by_space(digits + 1);
            if ordered { digits + 1 } else { 0 }
        }
        _ => 0,
    }
}
