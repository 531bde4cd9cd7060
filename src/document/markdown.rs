//! Paragraphs of a Markdown source: block markers stay in the skeleton.
//!
//! Only the line-level syntax a news article or a translator's notes use is recognised: ATX
//! headings (`## Titre`, closing `#`s too), block quotes (`>`), bullet and numbered list markers,
//! emphasis wrapping a whole line (`**Chapô**`), thematic breaks and fenced code blocks (never
//! translated). Inline markup inside a sentence (links, `*emphasis*`) stays in the segment: the
//! translator moves it with the words.

use std::ops::Range;

use super::{Paragraph, lines};
use crate::segment::trim_span;

pub(super) fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (line, span) in lines(text) {
        let raw = &text[span.clone()];
        let trimmed = raw.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            continue;
        }
        if is_thematic_break(trimmed) {
            continue;
        }
        let content = strip_markers(text, span);
        if !content.is_empty() {
            out.push(Paragraph {
                span: content,
                line,
            });
        }
    }
    out
}

/// `---`, `***`, `___` (three or more, spaces allowed).
fn is_thematic_break(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

/// The span of the line's text once the leading block markers and a whole-line emphasis are
/// taken off.
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
    for wrap in ["**", "__", "*", "_"] {
        let line = &text[span.clone()];
        if line.len() > 2 * wrap.len()
            && line.starts_with(wrap)
            && line.ends_with(wrap)
            && !line[wrap.len()..line.len() - wrap.len()].contains(wrap)
        {
            span = trim_span(text, span.start + wrap.len()..span.end - wrap.len());
            break;
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
