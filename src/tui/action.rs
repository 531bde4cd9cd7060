//! What the translator asked for, independent of the key that asked. The keymap turns terminal
//! events into actions; `update` carries them out.

use std::time::Instant;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Text typed or pasted.
    Type(String),
    Backspace,
    Delete,
    DeleteWordBefore,
    Left,
    Right,
    Up,
    Down,
    WordLeft,
    WordRight,
    Home,
    End,
    SelectLeft,
    SelectRight,
    Undo,
    Redo,
    /// Enter: confirm the segment and go to the next (or submit a prompt or form).
    Confirm,
    Next,
    Previous,
    NextUntranslated,
    /// Insert glossary suggestion N (1-based).
    InsertSuggestion(usize),
    /// Insert translation-memory match N (0-based: Alt+A is 0).
    InsertMatch(usize),
    /// The misspelt word at the cursor: its first correction, the others said.
    SpellSuggest,
    /// The word at the cursor into the user's word list.
    AddWord,
    /// Marks the segment reviewed (★), keeping the translator's version if it was changed.
    Review,
    /// Accepts or rejects the reviewer's change to the segment.
    SettleReview {
        accept: bool,
    },
    /// Edits the segment's comment.
    CommentPrompt,
    /// Find & replace in the English targets.
    ReplacePrompt,
    /// Scrolls the glossary suggestions of the segment by a term.
    ScrollTerms {
        down: bool,
    },
    SelectAll,
    Copy,
    Cut,
    Paste,
    SelectHome,
    SelectEnd,
    /// Which segments are listed: all, untranslated, drafts, with issues, search hits.
    NextFilter,
    /// The document pane: source and English, source only, English only.
    ToggleDocumentView,
    /// The next inline tag of the source the translation lacks, at the cursor (a pair around
    /// the selection).
    InsertTag,
    /// Wraps the selection in the source's tag pair N (asked for), or puts its standalone tag N
    /// at the cursor.
    WrapInTag,
    /// The whole right-hand column to the glossary, then the memory, then the MT, then shared
    /// again.
    Zoom,
    /// In the add-term form: the project's or the user's glossary.
    SwitchGlossary,
    /// The current segment's machine translation, as it came or repaired.
    InsertMachineTranslation {
        repaired: bool,
    },
    /// Fill untranslated segments from exact memory matches, as drafts.
    Pretranslate,
    ConcordancePrompt,
    /// Jump to the next segment with QA issues.
    NextIssue,
    /// Ignore the current segment's first QA issue.
    IgnoreIssue,
    Statistics,
    CopySource,
    Save,
    Quit,
    Help,
    Escape,
    /// Tab: the next field of a form.
    NextField,
    GoToPrompt,
    SearchPrompt,
    SearchNext,
    SearchPrevious,
    MergeWithNext,
    SplitMode,
    AddTerm,
    /// A mouse click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passes: autosave drafts, notice changed glossaries.
    Tick(Instant),
}
