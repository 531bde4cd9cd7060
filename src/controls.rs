//! Control characters at the door.
//!
//! Text that arrives from outside a translator's own typing (machine translation, memory units
//! of a file or a teammate, imported translations, a project file) may carry characters no
//! translation needs and that do harm further on: U+0000 makes PostgreSQL refuse a whole batch,
//! ESC sequences reach terminals through plain-text exports, C1 controls are usually text
//! decoded with the wrong encoding. [`strip`] removes them (C0 controls except tab, line
//! feed and the carriage return of a CRLF line end, DEL, C1), so they are never stored.
//!
//! Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are real text
//! in right-to-left languages and are kept; [`is_bidi_control`] lets whatever shows text on a
//! terminal draw them visibly instead of letting them reorder the line (`cli::output::visible`,
//! the workspace's last pass over its frame).

use std::borrow::Cow;

/// A control character no translation keeps: C0 but tab, line feed and carriage return (kept
/// before a line feed only), DEL, C1.
pub fn is_stripped(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Each character of `text`, and whether [`strip`] removes it (a carriage return is kept only
/// before a line feed).
fn marked(text: &str) -> impl Iterator<Item = (char, bool)> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        Some((
            c,
            is_stripped(c) || (c == '\r' && chars.peek() != Some(&'\n')),
        ))
    })
}

/// `text` holds nothing [`strip`] would remove.
pub fn is_clean(text: &str) -> bool {
    !marked(text).any(|(_, removed)| removed)
}

/// A character that changes the direction text is drawn in.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// `text` as it can be shown: each control character of [`is_stripped`] replaced by a visible
/// character of the same length in UTF-8 (`¤` for a C1 control, usually a Windows-1252 dash or
/// quote read as Latin-1; `?` for C0 and DEL), so that byte offsets into `text` stay right.
/// A source keeps its controls (it is the client's), but a translator must see them.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_stripped) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match (is_stripped(c), c.len_utf8()) {
                (false, _) => c,
                (true, 1) => '?',
                (true, _) => '¤',
            })
            .collect(),
    )
}

/// `text` without the control characters of [`is_stripped`] and without a carriage return
/// that does not end a line (borrowed when it has none).
pub fn strip(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        marked(text)
            .filter(|(_, removed)| !removed)
            .map(|(c, _)| c)
            .collect(),
    )
}

/// Strips `text` in place; true when something was removed.
pub fn strip_in_place(text: &mut String) -> bool {
    match strip(text) {
        Cow::Borrowed(_) => false,
        Cow::Owned(clean) => {
            *text = clean;
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_with_the_same_byte_offsets() {
        let text = "Paris \u{96} Berlin\u{1}.";
        let shown = shown(text);
        assert_eq!(shown, "Paris ¤ Berlin?.");
        assert_eq!(shown.len(), text.len());
        assert!(matches!(super::shown("Propre."), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_removed_and_text_kept() {
        assert_eq!(
            strip("a\u{0}b\x1b[2Jc\u{96}d\te\nf\rg\u{7f}h\r\ni\r"),
            "ab[2Jcd\te\nfgh\r\ni"
        );
        assert!(matches!(strip("l’été « x »\t\n"), Cow::Borrowed(_)));
        // Bidi controls are text: kept (a terminal shows them visibly, see `cli::output`).
        assert_eq!(strip("a\u{202e}b"), "a\u{202e}b");
    }
}
