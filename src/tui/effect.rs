//! What an action asks of the world beyond the workspace's state: writing the project file,
//! asking the memory, appending a term to a glossary. [`super::update::update`] changes the
//! state and returns these; the event loop carries them out, the ones that only hand work to
//! a thread before the frame is drawn and the ones that write to disk after it, so that a key
//! is on screen before any file is written (see `apply` for how each is carried out).

use std::path::PathBuf;

use crate::glossary::Entry;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the project file (merging what another program saved meanwhile). `force`: over
    /// a version that cannot be merged, kept aside; `said`: say "Saved." when done.
    Save { force: bool, said: bool },
    /// Ask the memory for the current segment's matches.
    LookUp,
    /// Hand segment `index`, as it is then, to the memory.
    Remember(usize),
    /// Append a term to a glossary file.
    AppendTerm(Box<TermToAppend>),
    /// Keep the layout choice (document view, a box given the column) for next time.
    KeepLayout,
}

/// The add-term form: French, English, note, and which glossary the term goes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermForm {
    pub fields: [String; 3],
    pub focus: usize,
    pub error: Option<String>,
    /// The user's glossary (seen by every project) rather than the project's.
    pub to_user: bool,
}

impl TermForm {
    pub const LABELS: [&'static str; 3] = ["French", "English", "Note"];
}

/// A term the translator entered (Alt+T), for its glossary file.
#[derive(Debug, Clone, PartialEq)]
pub struct TermToAppend {
    pub path: PathBuf,
    pub entry: Entry,
    /// The form as filled, shown again with the error if the file cannot take the term.
    pub form: TermForm,
}

impl Effect {
    /// A plain save.
    pub const SAVE: Effect = Effect::Save {
        force: false,
        said: false,
    };

    /// Whether the effect writes to disk (then it waits until the frame is drawn); the
    /// others only hand work to the memory's thread.
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Effect::Save { .. } | Effect::AppendTerm(_) | Effect::KeepLayout
        )
    }
}
