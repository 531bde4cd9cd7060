//! Carrying out the effects an action asked for ([`super::effect::Effect`]): the workspace's
//! own methods for it, apart from the effects' definitions so that the state (`app`) can hold
//! effects without depending on how they are done.

use super::app::{App, Mode};
use super::effect::{Effect, TermForm, TermToAppend};
use crate::glossary::Entry;

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
