//! Keys and mouse events to actions. One table for every mode: what an action means in a
//! prompt or a form is decided by `update`. Terminals cannot tell Ctrl+Enter from Enter
//! without the kitty keyboard protocol, so no command needs such a key.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use super::action::Action;

/// The help screen's list: (keys, what they do).
pub const HELP: &[(&str, &str)] = &[
    (
        "Enter",
        "confirm the translation and go to the next segment",
    ),
    (
        "Alt+↓ / Alt+↑",
        "next / previous segment without confirming (also PgDn / PgUp)",
    ),
    ("Ctrl+U", "next untranslated segment"),
    ("Ctrl+G", "go to segment number…"),
    (
        "Alt+1 … Alt+9",
        "insert glossary suggestion 1–9 at the cursor",
    ),
    ("Alt+A … Alt+E", "insert translation-memory match A–E"),
    ("Alt+M", "insert the machine translation"),
    (
        "Alt+Shift+M",
        "insert the machine translation with its terms repaired",
    ),
    (
        "Alt+P",
        "pre-translate: fill untranslated segments from exact memory matches (drafts)",
    ),
    ("F4", "concordance: search the translation memory"),
    (
        "F8 / Alt+I",
        "next segment with QA issues / ignore this segment's first issue",
    ),
    (
        "F2",
        "statistics: words by status, repetitions, memory match bands",
    ),
    ("Ctrl+R", "copy the source into the editor"),
    (
        "Ctrl+F",
        "search source and translations; F3 or Ctrl+N next hit, Ctrl+P previous hit (also \
         Shift+F3 where the terminal sends it apart from other keys)",
    ),
    (
        "Alt+R",
        "review: mark reviewed ★ (your changes kept beside the translator's version, shown as a diff)",
    ),
    ("Alt+Y / Alt+N", "accept / reject the reviewer's change"),
    (
        "Alt+O",
        "the segment's comment (exported in XLIFF notes and HTML)",
    ),
    (
        "Ctrl+K",
        "find & replace in the English: each segment in turn (Enter replaces, → skips, A all, Esc stops)",
    ),
    (
        "Alt+F",
        "list only untranslated / drafts / with QA issues / search hits / all (Alt+↓/↑ follow it)",
    ),
    (
        "Alt+V",
        "document pane: French and English / French only / English only",
    ),
    (
        "Alt+Z",
        "the right-hand column to the glossary / the memory / the MT alone / shared again (kept)",
    ),
    ("Alt+J", "merge this segment with the next one"),
    ("Alt+K", "split this segment (choose where with ← →, Enter)"),
    (
        "Ctrl+T",
        "add a glossary term (pre-filled with the word or selection); Alt+G there: project's or your glossary",
    ),
    (
        "Ctrl+Z / Ctrl+Y",
        "undo / redo (per segment, kept when you leave it)",
    ),
    (
        "Shift+← / Shift+→",
        "select (Shift+Home / Shift+End to the line's ends, Ctrl+A all); Ctrl+← / Ctrl+→ word by word; Ctrl+W delete a word",
    ),
    (
        "Ctrl+C / Ctrl+X / Ctrl+V",
        "copy / cut / paste (within the workspace)",
    ),
    (
        "F9",
        "insert the next tag of the source the translation lacks (<g1>…</g1> around the selection)",
    ),
    (
        "F7 / Alt+D",
        "spelling: correct the underlined word at the cursor / add it to your words",
    ),
    (
        "Ctrl+S",
        "save now (confirmed segments are saved at once, drafts every few seconds)",
    ),
    ("Ctrl+Q", "save and quit"),
    (
        "Mouse",
        "click a segment to open it; wheel to scroll the source",
    ),
    ("F1 / Esc", "this help / close"),
];

pub fn action_for(event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(key),
        Event::Paste(text) => Some(Action::Type(text.replace(['\r', '\n'], " "))),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(_) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            _ => None,
        },
        _ => None,
    }
}

fn key_action(key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let action = match key.code {
        KeyCode::Enter => Action::Confirm,
        KeyCode::Down if alt => Action::Next,
        KeyCode::Up if alt => Action::Previous,
        KeyCode::PageDown if ctrl => Action::ScrollTerms { down: true },
        KeyCode::PageUp if ctrl => Action::ScrollTerms { down: false },
        KeyCode::PageDown => Action::Next,
        KeyCode::PageUp => Action::Previous,
        KeyCode::Char(c @ '1'..='9') if alt => Action::InsertSuggestion(c as usize - '0' as usize),
        KeyCode::Char(c @ 'a'..='e') if alt => Action::InsertMatch(c as usize - 'a' as usize),
        KeyCode::Char('p') if alt => Action::Pretranslate,
        KeyCode::Char('g') if alt => Action::SwitchGlossary,
        KeyCode::Char('v') if alt => Action::ToggleDocumentView,
        KeyCode::Char('z') if alt => Action::Zoom,
        KeyCode::Char('f') if alt => Action::NextFilter,
        KeyCode::Char('d') if alt => Action::AddWord,
        KeyCode::Char('r') if alt => Action::Review,
        KeyCode::Char('y') if alt => Action::SettleReview { accept: true },
        KeyCode::Char('n') if alt => Action::SettleReview { accept: false },
        KeyCode::Char('o') if alt => Action::CommentPrompt,
        KeyCode::Char('m') if alt => Action::InsertMachineTranslation { repaired: false },
        KeyCode::Char('M') if alt => Action::InsertMachineTranslation { repaired: true },
        KeyCode::Char('i') if alt => Action::IgnoreIssue,
        KeyCode::Char('j') if alt => Action::MergeWithNext,
        KeyCode::Char('k') if alt => Action::SplitMode,
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'a' => Action::SelectAll,
            'k' => Action::ReplacePrompt,
            'c' => Action::Copy,
            'x' => Action::Cut,
            'v' => Action::Paste,
            's' => Action::Save,
            'q' => Action::Quit,
            'u' => Action::NextUntranslated,
            'g' => Action::GoToPrompt,
            'r' => Action::CopySource,
            'f' => Action::SearchPrompt,
            'n' => Action::SearchNext,
            'p' => Action::SearchPrevious,
            't' => Action::AddTerm,
            'z' if shift => Action::Redo,
            'z' => Action::Undo,
            'y' => Action::Redo,
            'w' | 'h' => Action::DeleteWordBefore,
            _ => return None,
        },
        KeyCode::Char(_) if alt => return None,
        KeyCode::Char(c) => Action::Type(c.to_string()),
        KeyCode::Tab => Action::NextField,
        KeyCode::Backspace if ctrl || alt => Action::DeleteWordBefore,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Left if shift => Action::SelectLeft,
        KeyCode::Right if shift => Action::SelectRight,
        KeyCode::Left if ctrl => Action::WordLeft,
        KeyCode::Right if ctrl => Action::WordRight,
        KeyCode::Left => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Home if shift => Action::SelectHome,
        KeyCode::End if shift => Action::SelectEnd,
        KeyCode::Home => Action::Home,
        KeyCode::End => Action::End,
        KeyCode::F(1) => Action::Help,
        KeyCode::F(2) => Action::Statistics,
        KeyCode::F(4) => Action::ConcordancePrompt,
        KeyCode::F(8) => Action::NextIssue,
        KeyCode::F(9) => Action::InsertTag,
        KeyCode::F(7) => Action::SpellSuggest,
        KeyCode::F(3) if shift => Action::SearchPrevious,
        KeyCode::F(3) => Action::SearchNext,
        KeyCode::Esc => Action::Escape,
        _ => return None,
    };
    Some(action)
}
