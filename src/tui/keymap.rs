//! The workspace's keys as data: one table ([`COMMANDS`]) says what each command does and
//! which keys it has by default; the keymap ([`Keymap`]), the F1 help and the README's key table
//! are all made from it. A translator rebinds commands in `config.yaml`:
//!
//! ```yaml
//! keys:
//!   confirm: Ctrl+J
//!   next: Alt+Down / F6        # several keys: separated by " / "
//! ```
//!
//! A binding names the command and its keys (`Ctrl+`, `Alt+`, `Shift+` before `Enter`, `Esc`,
//! `Tab`, `Backspace`, `Delete`, `Home`, `End`, `PgUp`, `PgDn`, `Up`, `Down`, `Left`, `Right`,
//! `F1`…`F12`, or a character); an unknown command or key, a key that would type a character,
//! or a key two commands share is one error naming the line and column. Terminals cannot tell
//! Ctrl+Enter from Enter without the kitty keyboard protocol, so no default needs such a key.
//! What an action means in a prompt or a form is decided by `update`.

use std::collections::HashMap;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use super::action::Action;

/// One command: its name in `config.yaml`, what it does, its default keys, and the line of
/// help it is shown with (empty: it goes with the line above, as `Alt+1` … `Alt+9` do). The
/// workspace's actions by default; the alignment review has a table of its own.
pub struct Command<A = Action> {
    pub name: &'static str,
    pub action: A,
    pub keys: &'static [&'static str],
    pub help: &'static str,
}

pub const fn command<A>(
    name: &'static str,
    action: A,
    keys: &'static [&'static str],
    help: &'static str,
) -> Command<A> {
    Command {
        name,
        action,
        keys,
        help,
    }
}

/// Every command, in the order the help lists them.
#[rustfmt::skip]
pub const COMMANDS: &[Command] = &[
    command("confirm", Action::Confirm, &["Enter"], "confirm the translation and go to the next segment"),
    command("next", Action::Next, &["Alt+Down", "PgDn"], "next segment without confirming"),
    command("previous", Action::Previous, &["Alt+Up", "PgUp"], "previous segment without confirming"),
    command("next-untranslated", Action::NextUntranslated, &["Ctrl+U"], "next untranslated segment"),
    command("go-to", Action::GoToPrompt, &["Ctrl+G"], "go to segment number…"),
    command("insert-term-1", Action::InsertSuggestion(1), &["Alt+1"], "insert glossary suggestion 1–9 at the cursor"),
    command("insert-term-2", Action::InsertSuggestion(2), &["Alt+2"], ""),
    command("insert-term-3", Action::InsertSuggestion(3), &["Alt+3"], ""),
    command("insert-term-4", Action::InsertSuggestion(4), &["Alt+4"], ""),
    command("insert-term-5", Action::InsertSuggestion(5), &["Alt+5"], ""),
    command("insert-term-6", Action::InsertSuggestion(6), &["Alt+6"], ""),
    command("insert-term-7", Action::InsertSuggestion(7), &["Alt+7"], ""),
    command("insert-term-8", Action::InsertSuggestion(8), &["Alt+8"], ""),
    command("insert-term-9", Action::InsertSuggestion(9), &["Alt+9"], ""),
    command("insert-match-a", Action::InsertMatch(0), &["Alt+A"], "insert translation-memory match A–E"),
    command("insert-match-b", Action::InsertMatch(1), &["Alt+B"], ""),
    command("insert-match-c", Action::InsertMatch(2), &["Alt+C"], ""),
    command("insert-match-d", Action::InsertMatch(3), &["Alt+D"], ""),
    command("insert-match-e", Action::InsertMatch(4), &["Alt+E"], ""),
    command("insert-mt", Action::InsertMachineTranslation { repaired: false }, &["Alt+M"], "insert the machine translation as it came"),
    command("insert-mt-repaired", Action::InsertMachineTranslation { repaired: true }, &["Alt+Shift+M"], "insert the machine translation with its terms repaired"),
    command("insert-tag", Action::InsertTag, &["F9"], "insert the next tag of the source the translation lacks (<g1>…</g1> around the selection)"),
    command("wrap-in-tag", Action::WrapInTag, &["Shift+F9"], "wrap the selection in the source's tag N (asks for N)"),
    command("pretranslate", Action::Pretranslate, &["Alt+P"], "pre-translate: fill untranslated segments from exact memory matches (drafts)"),
    command("concordance", Action::ConcordancePrompt, &["F4"], "concordance: search the translation memory"),
    command("next-issue", Action::NextIssue, &["F8"], "next segment with QA issues"),
    command("ignore-issue", Action::IgnoreIssue, &["Alt+I"], "ignore this segment's first QA issue (that issue only)"),
    command("statistics", Action::Statistics, &["F2"], "statistics: words by status, repetitions, memory match bands"),
    command("copy-source", Action::CopySource, &["Ctrl+R"], "copy the source into the editor"),
    command("search", Action::SearchPrompt, &["Ctrl+F"], "search source and translations"),
    command("search-next", Action::SearchNext, &["F3", "Ctrl+N"], "next search hit"),
    command("search-previous", Action::SearchPrevious, &["Shift+F3", "Ctrl+P"], "previous search hit (Shift+F3 where the terminal sends it apart from other keys)"),
    command("review", Action::Review, &["Alt+R"], "review: mark reviewed ★ (your changes kept beside the translator's version, shown as a diff)"),
    command("accept-review", Action::SettleReview { accept: true }, &["Alt+Y"], "accept the reviewer's change"),
    command("reject-review", Action::SettleReview { accept: false }, &["Alt+N"], "reject the reviewer's change"),
    command("comment", Action::CommentPrompt, &["Alt+O"], "the segment's comment (exported in XLIFF notes and HTML)"),
    command("replace", Action::ReplacePrompt, &["Ctrl+K"], "find & replace in the English: each segment in turn (Enter replaces, → skips, A all, Esc stops)"),
    command("filter", Action::NextFilter, &["Alt+F"], "list only untranslated / drafts / with QA issues / search hits / to review / all"),
    command("document-view", Action::ToggleDocumentView, &["Alt+V"], "document pane: French and English / French only / English only (kept)"),
    command("zoom", Action::Zoom, &["Alt+Z"], "the right-hand column to the glossary / the memory / the MT alone / shared again (kept)"),
    command("merge", Action::MergeWithNext, &["Alt+J"], "merge this segment with the next one"),
    command("split", Action::SplitMode, &["Alt+K"], "split this segment (choose where with ← →, Enter)"),
    command("add-term", Action::AddTerm, &["Ctrl+T"], "add a glossary term (pre-filled with the word or selection)"),
    command("switch-glossary", Action::SwitchGlossary, &["Alt+G"], "in the add-term form: the project's glossary or yours"),
    command("spell-suggest", Action::SpellSuggest, &["F7"], "spelling: correct the underlined word at the cursor"),
    command("add-word", Action::AddWord, &["Alt+W"], "spelling: add the word at the cursor to your words"),
    command("scroll-terms-down", Action::ScrollTerms { down: true }, &["Ctrl+PgDn"], "glossary box: the terms below"),
    command("scroll-terms-up", Action::ScrollTerms { down: false }, &["Ctrl+PgUp"], "glossary box: the terms above"),
    command("undo", Action::Undo, &["Ctrl+Z"], "undo (per segment, kept when you leave it)"),
    command("redo", Action::Redo, &["Ctrl+Y", "Ctrl+Shift+Z"], "redo"),
    command("select-all", Action::SelectAll, &["Ctrl+A"], "select the whole translation"),
    command("select-left", Action::SelectLeft, &["Shift+Left"], "select a character to the left"),
    command("select-right", Action::SelectRight, &["Shift+Right"], "select a character to the right"),
    command("select-home", Action::SelectHome, &["Shift+Home"], "select to the start of the line"),
    command("select-end", Action::SelectEnd, &["Shift+End"], "select to the end of the line"),
    command("copy", Action::Copy, &["Ctrl+C"], "copy (within the workspace)"),
    command("cut", Action::Cut, &["Ctrl+X"], "cut"),
    command("paste", Action::Paste, &["Ctrl+V"], "paste"),
    command("word-left", Action::WordLeft, &["Ctrl+Left"], "a word to the left"),
    command("word-right", Action::WordRight, &["Ctrl+Right"], "a word to the right"),
    command("delete-word", Action::DeleteWordBefore, &["Ctrl+W", "Ctrl+H", "Ctrl+Backspace", "Alt+Backspace"], "delete the word before the cursor"),
    command("left", Action::Left, &["Left"], "the cursor left"),
    command("right", Action::Right, &["Right"], "the cursor right"),
    command("up", Action::Up, &["Up"], "the cursor up (in a list: the line above)"),
    command("down", Action::Down, &["Down"], "the cursor down (in a list: the line below)"),
    command("home", Action::Home, &["Home"], "the start of the line as drawn"),
    command("end", Action::End, &["End"], "the end of the line as drawn"),
    command("backspace", Action::Backspace, &["Backspace"], "delete the character before the cursor"),
    command("delete", Action::Delete, &["Delete"], "delete the character after the cursor"),
    command("next-field", Action::NextField, &["Tab"], "in a form: the next field"),
    command("save", Action::Save, &["Ctrl+S"], "save now (confirmed segments are saved at once, drafts every few seconds)"),
    command("quit", Action::Quit, &["Ctrl+Q"], "save and quit"),
    command("help", Action::Help, &["F1"], "this help"),
    command("escape", Action::Escape, &["Esc"], "close what is open; clear the messages"),
];

/// One key with its modifiers, as the keymap compares them: a character with Ctrl is lower
/// case (Shift said by the modifier), with Alt it keeps its case (`Alt+Shift+M` is Alt and
/// `M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Chord {
    /// Reads `Ctrl+Shift+Z`, `Alt+Down`, `F9`, `Alt+1`…
    pub fn parse(text: &str) -> Option<Chord> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text.trim();
        while let Some((modifier, after)) = rest
            .split_once('+')
            .filter(|(m, a)| !m.is_empty() && !a.is_empty())
        {
            modifiers |= match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => return None,
            };
            rest = after;
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "up" | "↑" => KeyCode::Up,
            "down" | "↓" => KeyCode::Down,
            "left" | "←" => KeyCode::Left,
            "right" | "→" => KeyCode::Right,
            name if name.len() > 1 && name.starts_with('f') => {
                let number: u8 = name[1..].parse().ok()?;
                (1..=12).contains(&number).then_some(KeyCode::F(number))?
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                // A letter is written in capitals (`Ctrl+U`, `Alt+M`); Shift is said apart
                // (`Alt+Shift+M` is the key M).
                let shift = modifiers.contains(KeyModifiers::SHIFT);
                match modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
                    true if shift && !modifiers.contains(KeyModifiers::CONTROL) => {
                        KeyCode::Char(c.to_ascii_uppercase())
                    }
                    true => KeyCode::Char(c.to_ascii_lowercase()),
                    false => KeyCode::Char(c),
                }
            }
        };
        Some(Chord::normal(code, modifiers))
    }

    /// The chord a key event is, compared as [`Chord::parse`] reads keys.
    pub fn of(key: &KeyEvent) -> Chord {
        Chord::normal(key.code, key.modifiers)
    }

    fn normal(code: KeyCode, modifiers: KeyModifiers) -> Chord {
        let modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                let shift = modifiers.contains(KeyModifiers::SHIFT) || c.is_uppercase();
                let mut modifiers = modifiers - KeyModifiers::SHIFT;
                if shift {
                    modifiers |= KeyModifiers::SHIFT;
                }
                Chord {
                    code: KeyCode::Char(c.to_ascii_lowercase()),
                    modifiers,
                }
            }
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::ALT) => {
                let c = match modifiers.contains(KeyModifiers::SHIFT) {
                    true => c.to_ascii_uppercase(),
                    false => c,
                };
                Chord {
                    code: KeyCode::Char(c),
                    modifiers: modifiers - KeyModifiers::SHIFT,
                }
            }
            _ => Chord { code, modifiers },
        }
    }

    /// Whether the key types a character (no Ctrl or Alt with it): never bound to a command.
    fn types(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// As the help shows it: `Alt+↓`, `Ctrl+Shift+Z`, `Alt+Shift+M`.
    pub fn shown(self) -> String {
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl+");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("Alt+");
        }
        let upper_with_alt = matches!(self.code, KeyCode::Char(c) if c.is_uppercase())
            && self.modifiers.contains(KeyModifiers::ALT);
        if self.modifiers.contains(KeyModifiers::SHIFT) || upper_with_alt {
            out.push_str("Shift+");
        }
        let key = match self.code {
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_uppercase().to_string(),
            other => format!("{other:?}"),
        };
        out.push_str(&key);
        out
    }
}

pub use crate::config::KeyBinding as Binding;

/// Why the translator's bindings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct KeyError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Keys to actions: the defaults of [`COMMANDS`], with the translator's bindings in place of
/// theirs.
#[derive(Debug, Clone)]
pub struct Keymap {
    actions: HashMap<Chord, Action>,
    /// Each command's keys, in [`COMMANDS`] order.
    keys: Vec<Vec<Chord>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::with(&[], "").unwrap_or_else(|error| panic!("the default keys: {error}"))
    }
}

impl Keymap {
    /// The defaults with `bindings` (read from `path`, named in errors) in place of theirs.
    pub fn with(bindings: &[Binding], path: &str) -> Result<Keymap, KeyError> {
        let error = |binding: &Binding, message: String| KeyError {
            path: path.to_owned(),
            line: binding.line,
            column: binding.column,
            message,
        };
        let mut keys: Vec<Vec<Chord>> = COMMANDS
            .iter()
            .map(|command| {
                command
                    .keys
                    .iter()
                    .map(|key| Chord::parse(key).expect("a default key reads"))
                    .collect()
            })
            .collect();
        let mut chosen: Vec<Option<&Binding>> = vec![None; COMMANDS.len()];
        for binding in bindings {
            let Some(index) = COMMANDS.iter().position(|c| c.name == binding.command) else {
                return Err(error(
                    binding,
                    format!(
                        "no command {:?} to bind (F1 lists them; the README names each)",
                        binding.command
                    ),
                ));
            };
            let mut chords = Vec::new();
            for key in binding.keys.split(" / ") {
                let chord = Chord::parse(key)
                    .ok_or_else(|| error(binding, format!("{key:?} is not a key passeur knows")))?;
                if chord.types() {
                    return Err(error(
                        binding,
                        format!("{key:?} types a character; bind a key with Ctrl or Alt"),
                    ));
                }
                chords.push(chord);
            }
            keys[index] = chords;
            chosen[index] = Some(binding);
        }
        let mut actions = HashMap::new();
        let mut owner: HashMap<Chord, usize> = HashMap::new();
        for (index, chords) in keys.iter().enumerate() {
            for &chord in chords {
                if let Some(&other) = owner.get(&chord) {
                    // Said at the translator's binding (theirs, or the one that took a default).
                    let Some(at) = chosen[index].or(chosen[other]) else {
                        panic!("two defaults share {}", chord.shown());
                    };
                    return Err(error(
                        at,
                        format!(
                            "{} would do both {} and {}: give one of them another key",
                            chord.shown(),
                            COMMANDS[other].name,
                            COMMANDS[index].name
                        ),
                    ));
                }
                owner.insert(chord, index);
                actions.insert(chord, COMMANDS[index].action.clone());
            }
        }
        Ok(Keymap { actions, keys })
    }

    /// The action a terminal event asks for.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key_action(key),
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

    fn key_action(&self, key: &KeyEvent) -> Option<Action> {
        let chord = Chord::of(key);
        if let Some(action) = self.actions.get(&chord) {
            return Some(action.clone());
        }
        match key.code {
            KeyCode::Char(c) if chord.types() => Some(Action::Type(c.to_string())),
            _ => None,
        }
    }

    /// The help's lines: the keys of each command (a family such as Alt+1 … Alt+9 on one
    /// line) and what it does.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        let mut lines: Vec<(String, &'static str)> = Vec::new();
        let mut family: Option<(String, String)> = None;
        for (index, command) in COMMANDS.iter().enumerate() {
            let shown: Vec<String> = self.keys[index].iter().map(|c| c.shown()).collect();
            let shown = match shown.is_empty() {
                true => "(no key)".to_owned(),
                false => shown.join(" / "),
            };
            if command.help.is_empty() {
                if let (Some((first, last)), Some(line)) = (&mut family, lines.last_mut()) {
                    *last = shown;
                    line.0 = format!("{first} … {last}");
                }
                continue;
            }
            family = Some((shown.clone(), shown.clone()));
            lines.push((shown, command.help));
        }
        lines
    }
}

/// The README's key table, as the help lists the default keys.
pub fn readme_table() -> String {
    let mut out = String::from("| keys | command | what it does |\n|---|---|---|\n");
    let mut names: Vec<&str> = Vec::new();
    let help = Keymap::default().help();
    let mut help_lines = help.iter();
    for command in COMMANDS {
        if command.help.is_empty() {
            names.push(command.name);
            continue;
        }
        if !names.is_empty() {
            out.push_str(&row(help_lines.next(), &names));
        }
        names = vec![command.name];
    }
    out.push_str(&row(help_lines.next(), &names));
    out
}

/// One row of the README's table: the keys, the command's name (a family's first and last),
/// what it does.
fn row(line: Option<&(String, &str)>, names: &[&str]) -> String {
    let (keys, what) = line.expect("a help line a command");
    let keys: Vec<String> = keys.split(" / ").map(|k| format!("`{k}`")).collect();
    let names = match names {
        [one] => format!("`{one}`"),
        [first, .., last] => format!("`{first}` … `{last}`"),
        [] => String::new(),
    };
    format!(
        "| {} | {names} | {} |\n",
        keys.join(" / "),
        what.replace('|', "\\|")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(keymap: &Keymap, code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        keymap.action_for(&Event::Key(KeyEvent::new(code, modifiers)))
    }

    #[test]
    fn the_defaults_read_and_keys_are_compared_as_terminals_send_them() {
        let keymap = Keymap::default();
        assert_eq!(
            press(&keymap, KeyCode::Enter, KeyModifiers::NONE),
            Some(Action::Confirm)
        );
        assert_eq!(
            press(
                &keymap,
                KeyCode::Char('M'),
                KeyModifiers::ALT | KeyModifiers::SHIFT
            ),
            Some(Action::InsertMachineTranslation { repaired: true })
        );
        assert_eq!(
            press(&keymap, KeyCode::Char('m'), KeyModifiers::ALT),
            Some(Action::InsertMachineTranslation { repaired: false })
        );
        assert_eq!(
            press(
                &keymap,
                KeyCode::Char('Z'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            ),
            Some(Action::Redo)
        );
        assert_eq!(
            press(&keymap, KeyCode::Char('z'), KeyModifiers::CONTROL),
            Some(Action::Undo)
        );
        assert_eq!(
            press(&keymap, KeyCode::Char('é'), KeyModifiers::NONE),
            Some(Action::Type("é".into()))
        );
        assert_eq!(
            press(&keymap, KeyCode::Char('É'), KeyModifiers::SHIFT),
            Some(Action::Type("É".into()))
        );
        assert_eq!(press(&keymap, KeyCode::Char('x'), KeyModifiers::ALT), None);
        let help = keymap.help();
        assert!(help.contains(&(
            "Alt+1 … Alt+9".into(),
            "insert glossary suggestion 1–9 at the cursor"
        )));
        assert!(help.iter().any(|(keys, _)| keys == "Alt+↓ / PgDn"));
    }

    fn binding(command: &str, keys: &str, line: usize) -> Binding {
        Binding {
            command: command.into(),
            keys: keys.into(),
            line,
            column: 3,
        }
    }

    #[test]
    fn a_translator_rebinds_and_mistakes_are_named_where_they_are() {
        let keymap = Keymap::with(
            &[
                binding("confirm", "Ctrl+J", 2),
                binding("save", "Ctrl+Shift+S / F10", 3),
            ],
            "config.yaml",
        )
        .unwrap();
        assert_eq!(
            press(&keymap, KeyCode::Char('j'), KeyModifiers::CONTROL),
            Some(Action::Confirm)
        );
        assert_eq!(press(&keymap, KeyCode::Enter, KeyModifiers::NONE), None);
        assert_eq!(
            press(&keymap, KeyCode::F(10), KeyModifiers::NONE),
            Some(Action::Save)
        );
        assert!(keymap.help().contains(&("Ctrl+J".into(), COMMANDS[0].help)));
        let said = |bindings: &[Binding]| {
            Keymap::with(bindings, "config.yaml")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            said(&[binding("confrim", "Ctrl+J", 4)]),
            "config.yaml:4:3: no command \"confrim\" to bind (F1 lists them; the README names each)"
        );
        assert_eq!(
            said(&[binding("confirm", "Ctrl+Bogus", 5)]),
            "config.yaml:5:3: \"Ctrl+Bogus\" is not a key passeur knows"
        );
        assert_eq!(
            said(&[binding("confirm", "j", 6)]),
            "config.yaml:6:3: \"j\" types a character; bind a key with Ctrl or Alt"
        );
        assert_eq!(
            said(&[binding("confirm", "Ctrl+S", 7)]),
            "config.yaml:7:3: Ctrl+S would do both confirm and save: give one of them another key"
        );
    }

    #[test]
    fn the_readme_table_is_made_from_the_commands() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table = readme_table();
        assert!(
            readme.contains(&table),
            "README.md's key table is not the commands' table; put this one in its place:\n{table}"
        );
    }
}
