//! What the message line says: a short queue of messages, each with its weight, so that a
//! passing remark never hides a failure.
//!
//! - Info answers the last action ("Saved.", "No memory match D here."): the next info
//!   replaces it, and moving to another segment or typing clears it.
//! - A warning says something was refused or needs a look ("Not confirmed: …", a merge of
//!   another program's work): it stays beside later infos, until the translator moves on.
//! - An error says something is wrong until it is put right (a failed save, a memory that
//!   refuses units, a glossary that no longer parses): only Esc or its own cure (the next
//!   good save) takes it away.

use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// What an error is about, so that its cure can take it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Save,
    Memory,
    Glossary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub severity: Severity,
    pub topic: Option<Topic>,
}

/// At most this many messages are kept (the message line has four rows at most).
const KEPT: usize = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Messages {
    queue: VecDeque<Message>,
}

impl Messages {
    /// One info message.
    pub fn of(text: impl Into<String>) -> Messages {
        let mut messages = Messages::default();
        messages.say(text);
        messages
    }

    /// An answer to the last action: replaces the infos before it.
    pub fn say(&mut self, text: impl Into<String>) {
        self.queue.retain(|m| m.severity != Severity::Info);
        self.push(Severity::Info, None, text.into());
    }

    /// Something refused or to look at; stays until the translator moves on.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.push(Severity::Warning, None, text.into());
    }

    /// Something wrong about `topic`, said until it is put right ([`Messages::settle`]) or
    /// Esc; a newer error about the same topic replaces it.
    pub fn error(&mut self, topic: Topic, text: impl Into<String>) {
        self.queue.retain(|m| m.topic != Some(topic));
        self.push(Severity::Error, Some(topic), text.into());
    }

    /// `topic` was put right: its error goes.
    pub fn settle(&mut self, topic: Topic) {
        self.queue.retain(|m| m.topic != Some(topic));
    }

    fn push(&mut self, severity: Severity, topic: Option<Topic>, text: String) {
        self.queue.retain(|m| m.text != text);
        self.queue.push_back(Message {
            text,
            severity,
            topic,
        });
        while self.queue.len() > KEPT {
            // The newest stays (it answers what the translator just did); of the others, the
            // oldest of the lightest goes.
            let older = self.queue.len() - 1;
            let lightest = self.queue.iter().take(older).map(|m| m.severity).min();
            let at = self
                .queue
                .iter()
                .position(|m| Some(m.severity) == lightest)
                .expect("found");
            self.queue.remove(at);
        }
    }

    /// Moving to another segment or typing: what was said about the last action goes,
    /// errors stay.
    pub fn moved_on(&mut self) {
        self.queue.retain(|m| m.severity == Severity::Error);
    }

    /// Esc: everything goes.
    pub fn clear(&mut self) {
        self.queue.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.queue.iter()
    }

    /// Every message's text, one a line (for tests and logs).
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.queue.iter().map(|m| m.text.as_str()).collect();
        texts.join("\n")
    }

    /// The newest message's text.
    pub fn last(&self) -> Option<&str> {
        self.queue.back().map(|m| m.text.as_str())
    }

    pub fn contains(&self, needle: &str) -> bool {
        self.queue.iter().any(|m| m.text.contains(needle))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_info_replaces_an_info_and_never_hides_an_error() {
        let mut messages = Messages::default();
        messages.error(Topic::Save, "Save failed: disk full");
        messages.say("No memory match D here.");
        messages.say("Saved.");
        assert_eq!(messages.text(), "Save failed: disk full\nSaved.");
        messages.moved_on();
        assert_eq!(messages.text(), "Save failed: disk full");
        messages.error(Topic::Save, "Save failed: read-only");
        assert_eq!(
            messages.text(),
            "Save failed: read-only",
            "one error a topic"
        );
        messages.settle(Topic::Save);
        assert!(messages.is_empty());
    }

    #[test]
    fn warnings_stay_beside_infos_until_the_translator_moves_on() {
        let mut messages = Messages::default();
        messages.warn("Not confirmed: a number differs.");
        messages.say("No QA issue in this segment.");
        assert!(messages.contains("Not confirmed") && messages.contains("No QA issue"));
        messages.moved_on();
        assert!(messages.is_empty());
    }

    #[test]
    fn a_full_queue_drops_the_oldest_lightest_first() {
        let mut messages = Messages::default();
        messages.error(Topic::Memory, "memory refused");
        messages.warn("first warning");
        messages.warn("second warning");
        messages.say("an info");
        assert_eq!(
            messages.text(),
            "memory refused\nsecond warning\nan info",
            "the oldest warning went, the error stayed"
        );
        messages.error(Topic::Glossary, "glossary broken");
        assert_eq!(
            messages.text(),
            "memory refused\nsecond warning\nglossary broken",
            "the info went before the warning"
        );
        messages.error(Topic::Save, "save failed");
        assert_eq!(
            messages.text(),
            "memory refused\nglossary broken\nsave failed",
            "errors outweigh warnings"
        );
    }
}
