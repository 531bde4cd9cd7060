//! The English editor of one segment: `ratatui-textarea` (soft wrap, undo/redo, selection)
//! behind an adapter that moves and deletes by grapheme cluster (a flag emoji or `e` + a
//! combining accent is one step, as the translator sees it) and puts typed and pasted text in
//! NFC. Each segment keeps its own editor, so undo history survives leaving a segment and
//! coming back to it.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone)]
pub struct Editor {
    area: TextArea<'static>,
    /// The text when the editor was filled, to tell an edit from a visit.
    original: String,
    /// Undo and redo, a step per word typed or deleted and per other edit.
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The kind of the edits going on, which continue the current undo step.
    group: Option<Group>,
}

/// A state of the text to go back to: the text and the cursor's byte offset.
#[derive(Debug, Clone)]
struct Snapshot {
    text: String,
    cursor: usize,
}

/// Edits that make one undo step while they go on within a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Typing,
    Deleting,
}

/// Undo steps kept per segment.
const MAX_UNDO: usize = 500;

impl Editor {
    pub fn new(text: &str) -> Editor {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_owned).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        // Undo is the editor's own, a step per word (the widget's history is not used).
        area.set_max_histories(0);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Editor {
            area,
            original: text.to_owned(),
            undo: Vec::new(),
            redo: Vec::new(),
            group: None,
        }
    }

    /// The text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether the text differs from what the editor was filled with (or last marked saved).
    pub fn is_modified(&self) -> bool {
        self.text() != self.original
    }

    /// Marks the current text as the saved one.
    pub fn mark_saved(&mut self) {
        self.original = self.text();
    }

    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }

    /// Forgets the scroll position, keeping the cursor: the next drawing shows as much of the
    /// text from its start as fits with the cursor in view (after the window grew, the old
    /// position would show only the last lines of a text that now fits whole).
    pub fn scroll_to_top(&mut self) {
        let ratatui_textarea::DataCursor(row, column) = self.area.cursor();
        self.area.scroll((-i16::MAX, 0));
        let to = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        self.area.move_cursor(CursorMove::Jump(to(row), to(column)));
    }

    pub fn set_cursor_style(&mut self, style: Style) {
        self.area.set_cursor_style(style);
    }

    /// (line, character) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        let cursor = self.area.cursor();
        (cursor.0, cursor.1)
    }

    /// Inserts text at the cursor (replacing the selection), in NFC. A combining mark typed
    /// after a letter composes with it (`e` then U+0301 gives `é`).
    pub fn insert(&mut self, text: &str) {
        let typing = text.graphemes(true).count() == 1 && !self.area.is_selecting();
        self.record(typing.then_some(Group::Typing), text);
        self.insert_unrecorded(text);
    }

    fn insert_unrecorded(&mut self, text: &str) {
        if self.area.is_selecting() {
            self.area.cut();
        }
        let mut text = text.to_owned();
        let starts_with_mark = text
            .chars()
            .next()
            .is_some_and(unicode_normalization::char::is_combining_mark);
        if starts_with_mark {
            let previous = self.grapheme_before_cursor();
            if !previous.is_empty() {
                self.backspace_unrecorded();
                text.insert_str(0, &previous);
            }
        }
        self.area.insert_str(text.nfc().collect::<String>());
    }

    fn grapheme_before_cursor(&self) -> String {
        let (row, col) = self.cursor();
        let before: String = self.area.lines()[row].chars().take(col).collect();
        before
            .graphemes(true)
            .next_back()
            .unwrap_or_default()
            .to_owned()
    }

    /// Replaces the whole text (copy the source, insert a memory match), undoably.
    pub fn replace(&mut self, text: &str) {
        self.record(None, "");
        self.replace_unrecorded(text);
    }

    fn replace_unrecorded(&mut self, text: &str) {
        let text: String = text.nfc().collect();
        self.area.select_all();
        self.area.cut();
        self.area.insert_str(text);
    }

    /// The graphemes of the cursor's line as character counts: the character index of each
    /// boundary.
    fn boundaries(&self, row: usize) -> Vec<usize> {
        let line = &self.area.lines()[row];
        let mut boundaries = vec![0];
        let mut chars = 0;
        for grapheme in line.graphemes(true) {
            chars += grapheme.chars().count();
            boundaries.push(chars);
        }
        boundaries
    }

    /// Moves one grapheme right (to the next line at the end of one).
    pub fn forward(&mut self) {
        self.group = None;
        let (row, col) = self.cursor();
        match self.boundaries(row).into_iter().find(|b| *b > col) {
            Some(next) => self.jump(row, next),
            None => self.area.move_cursor(CursorMove::Forward),
        }
    }

    /// Moves one grapheme left.
    pub fn back(&mut self) {
        self.group = None;
        let (row, col) = self.cursor();
        match self.boundaries(row).into_iter().rev().find(|b| *b < col) {
            Some(previous) => self.jump(row, previous),
            None => self.area.move_cursor(CursorMove::Back),
        }
    }

    fn jump(&mut self, row: usize, col: usize) {
        self.area.move_cursor(CursorMove::Jump(
            row as u16,
            col.min(u16::MAX as usize) as u16,
        ));
    }

    /// Deletes the grapheme before the cursor (or the selection).
    pub fn backspace(&mut self) {
        let deleting = !self.area.is_selecting();
        self.record(deleting.then_some(Group::Deleting), "");
        self.backspace_unrecorded();
    }

    fn backspace_unrecorded(&mut self) {
        if self.area.is_selecting() {
            self.area.cut();
            return;
        }
        let (row, col) = self.cursor();
        match self.boundaries(row).into_iter().rev().find(|b| *b < col) {
            Some(previous) => {
                self.jump(row, previous);
                self.area.delete_str(col - previous);
            }
            None => {
                self.area.delete_char();
            }
        }
    }

    /// Deletes the grapheme after the cursor (or the selection).
    pub fn delete(&mut self) {
        self.record(None, "");
        if self.area.is_selecting() {
            self.area.cut();
            return;
        }
        let (row, col) = self.cursor();
        match self.boundaries(row).into_iter().find(|b| *b > col) {
            Some(next) => {
                self.area.delete_str(next - col);
            }
            None => {
                self.area.delete_next_char();
            }
        }
    }

    /// Moves to the start (or the end) of the line as it is drawn, wrapped: Home and End.
    pub fn visual_line_edge(&mut self, end: bool) {
        self.group = None;
        let row = self.area.screen_cursor().row;
        let ratatui_textarea::DataCursor(line, column) = self
            .area
            .screen_to_data(row, if end { usize::MAX } else { 0 });
        self.jump(line, column);
    }

    pub fn move_cursor(&mut self, movement: CursorMove) {
        self.group = None;
        self.area.move_cursor(movement);
    }

    pub fn delete_word_before(&mut self) {
        self.record(None, "");
        self.area.delete_word();
    }

    /// Starts a new undo step before an edit, unless the edit goes on with the same kind of
    /// edit within a word (typing `inserted`, or deleting, with no move in between).
    fn record(&mut self, group: Option<Group>, inserted: &str) {
        let before = self.text()[..self.cursor_offset()].chars().next_back();
        let word_starts = match group {
            Some(Group::Typing) => {
                before.is_some_and(char::is_whitespace)
                    && !inserted.chars().all(char::is_whitespace)
            }
            Some(Group::Deleting) => before.is_some_and(char::is_whitespace),
            None => true,
        };
        if group.is_none() || group != self.group || word_starts {
            let snapshot = self.snapshot();
            self.undo.push(snapshot);
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.group = group;
        self.redo.clear();
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: self.text(),
            cursor: self.cursor_offset(),
        }
    }

    fn restore(&mut self, snapshot: Snapshot) {
        self.replace_unrecorded(&snapshot.text);
        let cursor = snapshot.cursor.min(snapshot.text.len());
        self.jump_to_offset(&snapshot.text, cursor);
        self.group = None;
    }

    /// Takes back the last undo step: a word typed or deleted, or another edit.
    pub fn undo(&mut self) -> bool {
        let Some(snapshot) = self.undo.pop() else {
            return false;
        };
        self.redo.push(self.snapshot());
        self.restore(snapshot);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(snapshot) = self.redo.pop() else {
            return false;
        };
        self.undo.push(self.snapshot());
        self.restore(snapshot);
        true
    }

    /// Starts or stops selecting (Shift+arrows select while held).
    /// Underlines these words wherever they are in the text (the misspelt ones), or nothing.
    pub fn underline(&mut self, words: &[String]) {
        let pattern = match words.is_empty() {
            true => String::new(),
            false => {
                let escaped: Vec<String> = words.iter().map(|w| regex_escape(w)).collect();
                format!("(?:^|\\b)(?:{})(?:\\b|$)", escaped.join("|"))
            }
        };
        if self.area.set_search_pattern(pattern).is_ok() {
            self.area.set_search_style(
                Style::default()
                    .add_modifier(Modifier::UNDERLINED)
                    .fg(ratatui::style::Color::Red),
            );
        }
    }

    /// The cursor as a byte offset into [`Editor::text`].
    pub fn cursor_offset(&self) -> usize {
        let text = self.text();
        let (row, col) = self.cursor();
        let line_start: usize = text.split('\n').take(row).map(|l| l.len() + 1).sum();
        let line = text.split('\n').nth(row).unwrap_or_default();
        line_start
            + line
                .char_indices()
                .nth(col)
                .map_or(line.len(), |(byte, _)| byte)
    }

    /// The word at or just before the cursor, with its byte span in the text.
    pub fn word_at_cursor(&self) -> Option<(String, std::ops::Range<usize>)> {
        let text = self.text();
        let at = self.cursor_offset();
        crate::spell::words(&text)
            .into_iter()
            .rfind(|(_, span)| span.start <= at)
            .filter(|(_, span)| at <= span.end + 1)
            .map(|(word, span)| (word.to_owned(), span))
    }

    /// Replaces a byte span of the text (one undo step) and puts the cursor after it.
    pub fn replace_span(&mut self, span: std::ops::Range<usize>, with: &str) {
        let mut text = self.text();
        text.replace_range(span.clone(), with);
        let end = span.start + with.len();
        self.replace(&text);
        self.jump_to_offset(&text, end);
    }

    /// Moves to the start of the next word (or the end of the text), over punctuation and
    /// spaces, as desktop editors do with Ctrl+→.
    pub fn word_forward(&mut self) {
        let text = self.text();
        let at = self.cursor_offset();
        let to = crate::spell::words(&text)
            .into_iter()
            .map(|(_, span)| span.start)
            .find(|&start| start > at)
            .unwrap_or(text.len());
        self.jump_to_offset(&text, to);
    }

    /// Moves to the start of the word the cursor is in, or of the word before (Ctrl+←).
    pub fn word_back(&mut self) {
        let text = self.text();
        let at = self.cursor_offset();
        let to = crate::spell::words(&text)
            .into_iter()
            .map(|(_, span)| span.start)
            .rfind(|&start| start < at)
            .unwrap_or(0);
        self.jump_to_offset(&text, to);
    }

    /// Puts the cursor at a byte offset of `text` (the editor's text).
    fn jump_to_offset(&mut self, text: &str, offset: usize) {
        self.group = None;
        let before = &text[..offset];
        let row = before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count();
        let to = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        self.area.move_cursor(CursorMove::Jump(to(row), to(column)));
    }

    /// Whether some text is selected.
    pub fn has_selection(&self) -> bool {
        self.area.is_selecting()
    }

    /// Selects the whole text.
    pub fn select_all(&mut self) {
        self.area.select_all();
    }

    /// Copies the selection into the workspace's clipboard (shared by every segment's editor
    /// through [`Editor::set_clipboard`]); the copied text, if any.
    pub fn copy(&mut self) -> Option<String> {
        self.area.is_selecting().then(|| {
            self.area.copy();
            self.area.yank_text()
        })
    }

    /// Cuts the selection into the clipboard; the cut text, if any.
    pub fn cut(&mut self) -> Option<String> {
        self.area.is_selecting().then(|| {
            self.record(None, "");
            self.area.cut();
            self.area.yank_text()
        })
    }

    /// Pastes `text` (the workspace's clipboard) at the cursor, in place of a selection.
    pub fn paste(&mut self, text: &str) {
        self.record(None, "");
        if self.area.is_selecting() {
            self.area.cut();
        }
        self.insert_unrecorded(text);
    }

    pub fn select(&mut self, on: bool) {
        match (on, self.area.is_selecting()) {
            (true, false) => self.area.start_selection(),
            (false, true) => self.area.cancel_selection(),
            _ => {}
        }
    }

    /// The selected text, or the word under or just before the cursor.
    pub fn selection_or_word(&self) -> String {
        let lines = self.area.lines();
        if let Some(((r1, c1), (r2, c2))) = self.area.selection_range()
            && r1 == r2
        {
            return lines[r1].chars().skip(c1).take(c2 - c1).collect();
        }
        let (row, col) = self.cursor();
        let line = &lines[row];
        let byte = line
            .char_indices()
            .nth(col)
            .map_or(line.len(), |(at, _)| at);
        line.split_word_bound_indices()
            .find(|(at, word)| {
                *at <= byte && byte <= at + word.len() && word.chars().any(char::is_alphanumeric)
            })
            .map(|(_, word)| word.to_owned())
            .unwrap_or_default()
    }
}

/// `text` with the characters a regular expression gives meaning to escaped.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
