//! What an action asks of the world beyond the workspace's state: writing the project file,
//! asking the memory, appending a term to a glossary. [`super::update::update`] changes the
//! state and returns these; the event loop carries them out, the ones that only hand work to
//! a thread before the frame is drawn and the ones that write to disk after it, so that a key
//! is on screen before any file is written.

use std::path::PathBuf;

use super::app::{App, Mode, TermForm};
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

impl App {
    /// Asks for `effect` once the action is done; a save asked twice is done once.
    pub(crate) fn soon(&mut self, effect: Effect) {
        if let Effect::Save { force, said } = effect
            && let Some(Effect::Save {
                force: asked_force,
                said: asked_said,
            }) = self
                .effects
                .iter_mut()
                .find(|e| matches!(e, Effect::Save { .. }))
        {
            *asked_force = *asked_force || force;
            *asked_said = *asked_said || said;
            return;
        }
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    /// The effects asked since last taken.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Carries out `effect`.
    pub fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Save { force, said } => {
                if self.save(force) && said {
                    self.messages
                        .say(format!("Saved {}.", self.store.path().display()));
                }
            }
            Effect::LookUp => self.look_up_matches(),
            Effect::Remember(index) => self.remember(index),
            Effect::KeepLayout => self.keep_layout(),
            Effect::AppendTerm(term) => {
                let TermToAppend { path, entry, form } = *term;
                self.append_term(&path, &entry, form);
            }
        }
    }

    /// Carries out `effects` in order, and what they asked for in turn.
    pub fn apply_all(&mut self, effects: Vec<Effect>) {
        let mut effects = effects;
        while !effects.is_empty() {
            for effect in effects {
                self.apply(effect);
            }
            effects = self.take_effects();
        }
    }

    fn append_term(&mut self, path: &std::path::Path, entry: &Entry, mut form: TermForm) {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        match crate::glossary::sources::append_entry(path, entry) {
            Ok(()) => {
                self.reload_glossary();
                self.messages.say(format!(
                    "Added {} → {} to {}.",
                    entry.source,
                    entry.target,
                    path.display()
                ));
            }
            Err(error) => {
                form.error = Some(error.to_string());
                self.mode = Mode::AddTerm(form);
            }
        }
    }
}
