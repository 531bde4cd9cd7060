//! Wrapping text by display width and styling parts of it: the source pane and the current
//! segment box both show French text with glossary terms and search hits marked.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Byte ranges of the lines of `text` wrapped to `width` columns: breaks after spaces where
/// possible, inside a word only when the word is wider than a line. Wide characters (CJK,
/// emoji) count two columns. French typography is kept together: never at a no-break space
/// (U+00A0, U+202F), never before closing punctuation (`»`, `.`, `,`, `)`…) nor after an
/// opening mark (`«`, `(`, `“`…); a line never starts with the space it broke at.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut last_break: Option<(usize, usize)> = None; // (byte after the space, width there)
    // A space just seen: a break there is allowed once the next character is not closing.
    let mut pending: Option<(usize, usize)> = None;
    let mut previous_visible: Option<&str> = None;
    for (at, grapheme) in text.grapheme_indices(true) {
        let w = grapheme.width();
        let breaking_space = is_breaking_space(grapheme);
        if !breaking_space
            && let Some(candidate) = pending.take()
            && !is_closing(grapheme)
        {
            last_break = Some(candidate);
        }
        if used + w > width && at > start {
            if breaking_space && !previous_visible.is_some_and(is_opening) {
                // The space that does not fit ends the line.
                lines.push(start..at + grapheme.len());
                start = at + grapheme.len();
                used = 0;
                last_break = None;
                pending = None;
                continue;
            }
            match last_break.filter(|(b, _)| *b > start) {
                Some((b, w_at)) => {
                    lines.push(start..b);
                    start = b;
                    used -= w_at;
                }
                None => {
                    lines.push(start..at);
                    start = at;
                    used = 0;
                }
            }
            last_break = None;
        }
        used += w;
        if breaking_space {
            if !previous_visible.is_some_and(is_opening) {
                pending = Some((at + grapheme.len(), used));
            }
        } else {
            previous_visible = Some(grapheme);
        }
    }
    if start < text.len() || lines.is_empty() {
        lines.push(start..text.len());
    }
    lines
}

/// A space a line may break at: not a no-break space (U+00A0, U+202F, U+2007, U+2060).
fn is_breaking_space(grapheme: &str) -> bool {
    grapheme
        .chars()
        .all(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2060}'))
}

/// Punctuation that closes what comes before it and must not start a line.
fn is_closing(grapheme: &str) -> bool {
    grapheme.starts_with([
        '»', '”', '’', ')', ']', '}', '.', ',', ';', ':', '!', '?', '…',
    ])
}

/// Punctuation that opens what comes after it and must not end a line.
fn is_opening(grapheme: &str) -> bool {
    grapheme.starts_with(['«', '“', '‘', '(', '[', '{'])
}

/// One line of `text` (the byte range `line`) with `marks` (sorted, non-overlapping byte
/// ranges with a style) applied over `base`.
pub fn styled_line<'a>(
    text: &'a str,
    line: Range<usize>,
    marks: &[(Range<usize>, Style)],
    base: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut at = line.start;
    // Marks are sorted: skip those that end before the line, stop at the first after it.
    let first = marks.partition_point(|(range, _)| range.end <= line.start);
    for (range, style) in &marks[first..] {
        if range.start >= line.end {
            break;
        }
        let start = range.start.max(line.start);
        let end = range.end.min(line.end);
        if start >= end {
            continue;
        }
        if at < start {
            spans.push(Span::styled(&text[at..start], base));
        }
        spans.push(Span::styled(&text[start..end], base.patch(*style)));
        at = end;
    }
    if at < line.end {
        spans.push(Span::styled(&text[at..line.end], base));
    }
    spans
}

/// `text` wrapped to `width`, each line styled; the first line starts with `prefix`, the others
/// with as many spaces.
pub fn wrapped_lines<'a>(
    text: &'a str,
    width: usize,
    prefix: Vec<Span<'a>>,
    marks: &[(Range<usize>, Style)],
    base: Style,
) -> Vec<Line<'a>> {
    let indent: usize = prefix.iter().map(|s| s.content.width()).sum();
    let ranges = wrap(text, width.saturating_sub(indent).max(1));
    let mut prefix = Some(prefix);
    ranges
        .into_iter()
        .map(|range| {
            let mut spans = prefix
                .take()
                .unwrap_or_else(|| vec![Span::styled(" ".repeat(indent), base)]);
            spans.extend(styled_line(text, range, marks, base));
            Line::from(spans).style(base)
        })
        .collect()
}

/// Case-insensitive occurrences of `query` in `text`, as byte ranges.
pub fn occurrences(text: &str, query: &str) -> Vec<Range<usize>> {
    // A query in double quotes is found exactly as written.
    if let Some(exact) = query
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .filter(|q| !q.is_empty())
    {
        return text
            .match_indices(exact)
            .map(|(at, m)| at..at + m.len())
            .collect();
    }
    let (needle, _) = folded(query);
    if needle.is_empty() {
        return Vec::new();
    }
    let (haystack, origin) = folded(text);
    haystack
        .match_indices(&needle)
        .map(|(at, m)| origin[at]..origin[at + m.len()])
        .collect()
}

/// `text` without case and accents (`Élysée` → `elysee`), and for each byte of the result
/// (and its end) the byte of `text` it comes from.
fn folded(text: &str) -> (String, Vec<usize>) {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        for d in std::iter::once(c).nfd() {
            if unicode_normalization::char::is_combining_mark(d) {
                continue;
            }
            for lower in d.to_lowercase() {
                let start = out.len();
                out.push(lower);
                origin.extend(std::iter::repeat_n(at, out.len() - start));
            }
        }
    }
    origin.push(text.len());
    (out, origin)
}

/// How many rows `lines` take once wrapped at `width` columns (as a wrapping paragraph shows
/// them).
pub fn rows(lines: Vec<ratatui::text::Line<'_>>, width: u16) -> u16 {
    let count = ratatui::widgets::Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .line_count(width.max(1));
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        super::wrap(text, width)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn french_typography_stays_together() {
        // A no-break space holds `»` and `?` to their word.
        let text = "de l’Occident\u{a0}». Pourquoi\u{a0}?";
        assert_eq!(
            wrapped(text, 15),
            ["de ", "l’Occident\u{a0}». ", "Pourquoi\u{a0}?"]
        );
        // Typed with plain spaces: no line starts with `»` or ends with `«`.
        let text = "il dit « oui » puis « non » enfin";
        for line in wrapped(text, 8) {
            assert!(!line.trim_start().starts_with('»'), "{line:?}");
            assert!(!line.trim_end().ends_with('«'), "{line:?}");
        }
        // A space that does not fit ends its line; the next line starts with a word.
        assert_eq!(wrapped("abcdefgh ijk", 8), ["abcdefgh ", "ijk"]);
    }

    use super::*;

    #[test]
    fn wraps_by_display_width_at_spaces() {
        let text = "Le président chinois Xi Jinping";
        let lines: Vec<&str> = wrap(text, 12).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            lines,
            ["Le président ", "chinois Xi ", "Jinping"],
            "a word may end on the last column"
        );
        let cjk = "北京欢迎你们";
        let lines: Vec<&str> = wrap(cjk, 5).into_iter().map(|r| &cjk[r]).collect();
        assert_eq!(lines, ["北京", "欢迎", "你们"]);
        let flags = "🇫🇷🇫🇷🇫🇷";
        assert_eq!(
            wrap(flags, 4).len(),
            2,
            "a flag is one grapheme, two columns"
        );
        assert_eq!(wrap("", 10).len(), 1);
    }
}
