//! Carrying out actions: every change to the workspace's state goes through [`update`].

use ratatui_textarea::CursorMove;

use super::action::Action;
use super::app::{App, Mode, MtState, Prompt, PromptKind, SaveState, Search, TermForm, Zoom};
use super::effect::Effect;
use crate::document::{Document, Overrides};
use crate::glossary::Entry;
use crate::project::Status;

/// Carries out `action` on the workspace's state; returns what it asks of the world beyond
/// it (saves, the memory, glossary files) for the caller to carry out ([`App::apply_all`]).
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    act(app, action);
    app.take_effects()
}

fn act(app: &mut App, action: Action) {
    if let Action::Tick(now) = action {
        app.tick(now);
        return;
    }
    if let Action::Resize { width, height } = action {
        app.size = (width, height);
        // The editors' scroll positions were for the old size.
        for editor in app.editors.values_mut() {
            editor.scroll_to_top();
        }
        return;
    }
    if action == Action::Quit {
        // Ctrl+Q quits from any screen: popups close (a split gives its document back), the
        // work is saved first.
        if let Mode::Split { document, .. } = std::mem::replace(&mut app.mode, Mode::Normal) {
            app.document = Some(*document);
        }
        quit(app);
        return;
    }
    app.quit_requested = false;
    // The mode is taken out (not cloned: a concordance holds up to 200 units) and each
    // handler puts back the one that follows.
    match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::Normal => normal(app, action),
        Mode::Help { scroll } => {
            let scroll = match action {
                Action::Escape | Action::Help | Action::Confirm => {
                    app.mode = Mode::Normal;
                    return;
                }
                Action::Down | Action::Next => scroll.saturating_add(1),
                Action::Up | Action::Previous => scroll.saturating_sub(1),
                Action::End => u16::MAX,
                Action::Home => 0,
                _ => scroll,
            };
            // Held to what the help needs at this size.
            let most = super::ui::help_scroll_limit(&app.keymap, app.size);
            app.mode = Mode::Help {
                scroll: scroll.min(most),
            };
        }
        Mode::Prompt(prompt) => prompt_action(app, prompt, action),
        Mode::Replace {
            find,
            with,
            segments,
            at,
        } => replace_action(app, (find, with, segments, at), action),
        Mode::Split {
            points,
            chosen,
            document,
        } => split_action(app, (points, chosen, *document), action),
        Mode::AddTerm(form) => term_action(app, form, action),
        Mode::Concordance {
            query,
            units,
            total,
            scroll,
            local_only,
        } if matches!(
            action,
            Action::Down | Action::Up | Action::Next | Action::Previous
        ) =>
        {
            let down = matches!(action, Action::Down | Action::Next);
            let scroll = match down {
                true => (scroll + 1).min(units.len().saturating_sub(1)),
                false => scroll.saturating_sub(1),
            };
            app.mode = Mode::Concordance {
                query,
                units,
                total,
                scroll,
                local_only,
            };
        }
        mode @ (Mode::Concordance { .. } | Mode::Statistics(_)) => {
            if !matches!(
                action,
                Action::Escape | Action::Confirm | Action::Statistics
            ) {
                app.mode = mode;
            }
        }
    }
}

/// An action on the main screen: what any edit does first (refused on a locked segment, the
/// draft marked unsaved), then the concern it belongs to.
fn normal(app: &mut App, action: Action) {
    if app.project.is_empty() {
        return;
    }
    let editing = matches!(
        action,
        Action::Type(_)
            | Action::Backspace
            | Action::Delete
            | Action::DeleteWordBefore
            | Action::Undo
            | Action::Redo
            | Action::InsertSuggestion(_)
            | Action::InsertMatch(_)
            | Action::InsertMachineTranslation { .. }
            | Action::InsertTag
            | Action::WrapInTag
            | Action::Cut
            | Action::Paste
            | Action::CopySource
    );
    let changes_segment = editing
        || matches!(
            action,
            Action::Confirm
                | Action::Review
                | Action::SettleReview { .. }
                | Action::MergeWithNext
                | Action::SplitMode
        );
    let next_too = action == Action::MergeWithNext;
    if changes_segment && let Some(index) = locked_in_the_way(app, next_too) {
        app.messages.warn(format!(
            "Segment {} is locked in the client's file: passeur leaves it as the file has it.",
            index + 1
        ));
        return;
    }
    if editing {
        app.messages.moved_on();
        app.last_edit = Some(std::time::Instant::now());
        if app.save_state == SaveState::Saved {
            app.save_state = SaveState::Unsaved;
        }
    }
    match action {
        Action::Confirm => confirm(app),
        action @ (Action::Type(_)
        | Action::Backspace
        | Action::Delete
        | Action::DeleteWordBefore
        | Action::Left
        | Action::Right
        | Action::SelectLeft
        | Action::SelectRight
        | Action::Up
        | Action::Down
        | Action::WordLeft
        | Action::WordRight
        | Action::Home
        | Action::End
        | Action::Undo
        | Action::Redo
        | Action::SelectAll
        | Action::SelectHome
        | Action::SelectEnd
        | Action::Copy
        | Action::Cut
        | Action::Paste
        | Action::CopySource) => edit_text(app, action),
        action @ (Action::InsertTag
        | Action::WrapInTag
        | Action::InsertSuggestion(_)
        | Action::InsertMachineTranslation { .. }
        | Action::InsertMatch(_)) => insert_suggestion(app, action),
        action @ (Action::Next
        | Action::Previous
        | Action::NextFilter
        | Action::NextUntranslated
        | Action::NextIssue
        | Action::GoToPrompt
        | Action::SearchPrompt
        | Action::SearchNext
        | Action::SearchPrevious
        | Action::Click { .. }
        | Action::ScrollUp
        | Action::ScrollDown) => navigate(app, action),
        action @ (Action::Pretranslate | Action::ConcordancePrompt | Action::Statistics) => {
            memory(app, action)
        }
        action @ (Action::IgnoreIssue | Action::SpellSuggest | Action::AddWord) => {
            check(app, action)
        }
        action @ (Action::CommentPrompt | Action::Review | Action::SettleReview { .. }) => {
            review_and_comment(app, action)
        }
        action @ (Action::ScrollTerms { .. }
        | Action::ToggleDocumentView
        | Action::Zoom
        | Action::Save
        | Action::Help
        | Action::Escape
        | Action::ReplacePrompt
        | Action::MergeWithNext
        | Action::SplitMode
        | Action::AddTerm) => screen(app, action),
        Action::NextField
        | Action::SwitchGlossary
        | Action::Quit
        | Action::Tick(_)
        | Action::Resize { .. } => {}
    }
}

/// Editing the English: typing, moving, selecting, undo, the clipboard.
fn edit_text(app: &mut App, action: Action) {
    match action {
        Action::Type(text) => edit(app, |e| e.insert(&text)),
        Action::Backspace => edit(app, |e| e.backspace()),
        Action::Delete => edit(app, |e| e.delete()),
        Action::DeleteWordBefore => edit(app, |e| e.delete_word_before()),
        Action::Left => edit(app, |e| {
            e.select(false);
            e.back()
        }),
        Action::Right => edit(app, |e| {
            e.select(false);
            e.forward()
        }),
        Action::SelectLeft => edit(app, |e| {
            e.select(true);
            e.back()
        }),
        Action::SelectRight => edit(app, |e| {
            e.select(true);
            e.forward()
        }),
        Action::Up => edit(app, |e| e.move_cursor(CursorMove::Up)),
        Action::Down => edit(app, |e| e.move_cursor(CursorMove::Down)),
        Action::WordLeft => edit(app, |e| e.word_back()),
        Action::WordRight => edit(app, |e| e.word_forward()),
        Action::Home => edit(app, |e| e.visual_line_edge(false)),
        Action::End => edit(app, |e| e.visual_line_edge(true)),
        Action::Undo => edit(app, |e| {
            e.undo();
        }),
        Action::Redo => edit(app, |e| {
            e.redo();
        }),
        Action::SelectAll => edit(app, |e| e.select_all()),
        Action::SelectHome => edit(app, |e| {
            e.select(true);
            e.visual_line_edge(false)
        }),
        Action::SelectEnd => edit(app, |e| {
            e.select(true);
            e.visual_line_edge(true)
        }),
        Action::Copy | Action::Cut => {
            let cut = action == Action::Cut;
            let taken = app
                .editor_mut()
                .and_then(|e| if cut { e.cut() } else { e.copy() });
            match taken {
                Some(text) => {
                    if app.osc52 {
                        app.for_terminal_clipboard = Some(text.clone());
                    }
                    app.clipboard = text;
                }
                None => app.messages.say("Nothing selected (Shift+arrows, Ctrl+A)."),
            }
        }
        Action::Paste => {
            let text = app.clipboard.clone();
            edit(app, |e| e.paste(&text));
        }
        Action::CopySource => {
            let source = app.project.unit(app.current).source.clone();
            edit(app, |e| e.replace(&source));
        }
        _ => {}
    }
}

/// Putting in what passeur suggests: a missing tag, a glossary term, the MT, a memory match.
fn insert_suggestion(app: &mut App, action: Action) {
    match action {
        Action::InsertTag => insert_tag(app),
        Action::WrapInTag => open_prompt(app, PromptKind::WrapInTag),
        Action::InsertSuggestion(number) => {
            let suggestions = app.suggestions();
            match suggestions.get(number - 1) {
                Some((_, entry)) => {
                    let target = entry.target.clone();
                    edit(app, |e| e.insert(&target));
                }
                None => app
                    .messages
                    .say(format!("No glossary suggestion {number} here.")),
            }
        }
        Action::InsertMachineTranslation { repaired } => {
            let text = match app.machine_translation() {
                Some(MtState::Ready(suggestion)) => match (repaired, &suggestion.repaired) {
                    (true, Some(fixed)) => Ok(fixed.clone()),
                    // Nothing to substitute: the translation as it is, said so.
                    (true, None) => Ok(suggestion.text.clone()),
                    (false, _) => Ok(suggestion.text.clone()),
                },
                Some(MtState::Pending) => Err("The machine translation is on its way.".to_owned()),
                Some(MtState::Failed(error)) => Err(format!("Machine translation failed: {error}")),
                None => Err(app
                    .mt_off
                    .clone()
                    .unwrap_or_else(|| "No machine translation for this segment.".to_owned())),
            };
            let unrepaired = repaired
                && matches!(app.machine_translation(), Some(MtState::Ready(s)) if s.repaired.is_none());
            match text {
                Ok(text) => {
                    let empty = app.editor().is_none_or(|e| e.text().is_empty());
                    edit(app, |e| {
                        if empty {
                            e.replace(&text)
                        } else {
                            e.insert(&text)
                        }
                    });
                    if unrepaired {
                        app.messages.say(
                            "No repair for this machine translation (nothing to substitute \
                             unambiguously): inserted as it is."
                                .to_owned(),
                        );
                    }
                }
                Err(message) => app.messages.say(message),
            }
        }
        Action::InsertMatch(number) => match app.matches.get(number) {
            Some(found) => {
                let target = found.unit.target.clone();
                let empty = app.editor().is_none_or(|e| e.text().is_empty());
                edit(app, |e| {
                    if empty {
                        e.replace(&target)
                    } else {
                        e.insert(&target)
                    }
                });
            }
            None => {
                let letter = (b'A' + number as u8) as char;
                app.messages.say(format!("No memory match {letter} here."));
            }
        },
        _ => {}
    }
}

/// Moving through the document: segments, filters, search, issues, the mouse.
fn navigate(app: &mut App, action: Action) {
    match action {
        Action::Next | Action::Previous => match app.step(action == Action::Next) {
            Some(index) => app.go_to(index),
            None if app.filter != super::app::Filter::All => {
                app.messages
                    .say(format!("No more segments {}.", app.filter.label()));
            }
            None => {}
        },
        Action::NextFilter => {
            app.set_filter(app.filter.next());
            let count = app.filtered.as_ref().map_or(app.project.len(), Vec::len);
            app.messages.say(format!(
                "Listing {}: {count} segments. Alt+F for the next filter.",
                app.filter.label()
            ));
        }
        Action::NextUntranslated => next_untranslated(app),
        Action::NextIssue => next_issue(app),
        Action::GoToPrompt => open_prompt(app, PromptKind::GoTo),
        Action::SearchPrompt => open_prompt(app, PromptKind::Search),
        Action::SearchNext => search_step(app, true),
        Action::SearchPrevious => search_step(app, false),
        Action::Click { column, row } => {
            if let Some(index) = super::ui::segment_at(app, column, row) {
                app.go_to(index);
            }
        }
        Action::ScrollUp => app.view_shift -= 3,
        Action::ScrollDown => app.view_shift += 3,
        _ => {}
    }
}

/// Work over the whole memory: pre-translation, concordance, statistics.
fn memory(app: &mut App, action: Action) {
    match action {
        Action::Pretranslate => app.start_pretranslation(),
        Action::ConcordancePrompt => open_prompt(app, PromptKind::Concordance),
        Action::Statistics => app.start_statistics(),
        _ => {}
    }
}

/// The checks: ignoring an issue, spelling.
fn check(app: &mut App, action: Action) {
    match action {
        Action::IgnoreIssue => match app
            .issues_of(&app.editor().map(|e| e.text()).unwrap_or_default())
            .first()
        {
            Some(issue) => {
                app.project.set_ignored(app.current, &issue.key(), true);
                app.save_state = SaveState::Unsaved;
                app.soon(Effect::SAVE);
                app.messages.say(format!(
                    "Ignoring in this segment (saved): {} ({})",
                    issue.message, issue.check
                ));
            }
            None => app.messages.say("No QA issue in this segment."),
        },
        Action::SpellSuggest => spell_suggest(app),
        Action::AddWord => add_word(app),
        _ => {}
    }
}

/// Review and comments.
fn review_and_comment(app: &mut App, action: Action) {
    match action {
        Action::CommentPrompt => open_prompt(app, PromptKind::Comment),
        Action::Review => review(app),
        Action::SettleReview { accept } => {
            app.commit(Status::Draft);
            let index = app.current;
            if app.project.settle_review(index, accept) {
                // The kept version goes to every memory, replacing the other one there.
                app.soon(Effect::Remember(index));
                let target = app.project.unit(index).target.clone();
                app.editors
                    .insert(index, super::editor::Editor::new(&target));
                app.save_state = SaveState::Unsaved;
                app.soon(Effect::SAVE);
                app.messages.say(match accept {
                    true => "Review change accepted.".to_owned(),
                    false => "Review change rejected: the translator's version is back.".into(),
                });
            } else {
                app.messages.say("No review change in this segment.");
            }
        }
        _ => {}
    }
}

/// The rest: views, help, saving, glossary terms, find & replace, merge and split.
fn screen(app: &mut App, action: Action) {
    match action {
        Action::ScrollTerms { down } => {
            let terms = app.suggestions().len();
            app.glossary_scroll = match down {
                true => (app.glossary_scroll + 1).min(terms.saturating_sub(1)),
                false => app.glossary_scroll.saturating_sub(1),
            };
        }
        Action::ToggleDocumentView => {
            app.document_view = app.document_view.next();
            app.soon(Effect::KeepLayout);
        }
        Action::Zoom => {
            app.zoom = app.next_zoom();
            app.messages.say(match app.zoom {
                Some(Zoom::Glossary) => "The column shows the glossary alone (Alt+Z: the memory).",
                Some(Zoom::Memory) => "The column shows the memory alone (Alt+Z: next).",
                Some(Zoom::MachineTranslation) => {
                    "The column shows the machine translation alone (Alt+Z: all boxes)."
                }
                None => "The column shows every box again.",
            });
            app.soon(Effect::KeepLayout);
        }
        Action::Save => {
            app.commit(Status::Draft);
            let force = matches!(app.save_state, SaveState::Failed { conflict: true, .. });
            app.soon(Effect::Save { force, said: true });
        }
        Action::Help => app.mode = Mode::Help { scroll: 0 },
        Action::Escape => {
            app.messages.clear();
            edit(app, |e| e.select(false));
        }
        Action::ReplacePrompt => open_prompt(app, PromptKind::ReplaceFind),
        Action::MergeWithNext => merge_with_next(app),
        Action::SplitMode => open_split(app),
        Action::AddTerm => {
            let english = app
                .editor()
                .map(|e| e.selection_or_word())
                .unwrap_or_default();
            app.mode = Mode::AddTerm(TermForm {
                fields: [String::new(), english, String::new()],
                ..TermForm::default()
            });
        }
        _ => {}
    }
}

/// F9: the first of the source's tags the translation lacks, at the cursor; an opening tag
/// whose closing one is missing too goes around the selection with it.
fn insert_tag(app: &mut App) {
    use crate::markup::tags::{Tag, TagProblem, compare};
    let source = app.project.unit(app.current).source.clone();
    let text = app.editor().map(|e| e.text()).unwrap_or_default();
    let missing: Vec<Tag> = compare(&source, &text)
        .into_iter()
        .filter_map(|problem| match problem {
            TagProblem::Missing(tag) => Some(tag),
            _ => None,
        })
        .collect();
    let Some(&tag) = missing.first() else {
        let said = match crate::markup::tags::tags_of(&source).is_empty() {
            true => "The source has no tags.",
            false => "The translation has every tag of the source.",
        };
        app.messages.say(said);
        return;
    };
    let pair = match tag {
        Tag::Open(number) => missing
            .contains(&Tag::Close(number))
            .then_some(Tag::Close(number)),
        _ => None,
    };
    edit(app, |editor| match pair {
        Some(close) => {
            let selected = editor.cut().unwrap_or_default();
            editor.insert(&format!("{}{selected}{}", tag.text(), close.text()));
            if selected.is_empty() {
                // Between the two, to type what they hold.
                for _ in 0..close.text().chars().count() {
                    editor.move_cursor(CursorMove::Back);
                }
            }
        }
        None => editor.insert(&tag.text()),
    });
}

/// Shift+F9: the selection wrapped in the source's pair `number` (its standalone tag put at
/// the cursor, if that is what it is).
fn wrap_in_tag(app: &mut App, number: &str) {
    use crate::markup::tags::{Tag, tags_of};
    let source = app.project.unit(app.current).source.clone();
    let tags: Vec<Tag> = tags_of(&source)
        .into_iter()
        .map(|(_, tag, _)| tag)
        .collect();
    let wanted = number.parse::<usize>().ok();
    let found = tags
        .iter()
        .copied()
        .find(|tag| Some(tag.number()) == wanted && !matches!(tag, Tag::Close(_)));
    let Some(tag) = found else {
        let mut numbers: Vec<usize> = tags.iter().map(|t| t.number()).collect();
        numbers.dedup();
        let numbers: Vec<String> = numbers.iter().map(usize::to_string).collect();
        app.messages.say(match numbers.is_empty() {
            true => "The source has no tags.".to_owned(),
            false => format!(
                "The source has no tag {number:?}: its tags are {}.",
                numbers.join(", ")
            ),
        });
        return;
    };
    edit(app, |editor| match tag {
        Tag::Open(n) => {
            let selected = editor.cut().unwrap_or_default();
            editor.insert(&format!("{}{selected}{}", tag.text(), Tag::Close(n).text()));
        }
        _ => editor.insert(&tag.text()),
    });
}

fn edit(app: &mut App, change: impl FnOnce(&mut super::editor::Editor)) {
    if let Some(editor) = app.editor_mut() {
        change(editor);
    }
    app.underline_misspellings();
}

fn confirm(app: &mut App) {
    let text = app.editor().map(|e| e.text()).unwrap_or_default();
    if text.trim().is_empty() {
        app.messages
            .say("Nothing to confirm: type the translation first.");
        return;
    }
    // An error stops the confirm once, said in full; Enter again on the same text confirms.
    let held = Some((app.current, text.clone()));
    if app.held_confirm != held {
        let errors: Vec<_> = app
            .issues_of(&text)
            .into_iter()
            .filter(|issue| issue.severity == crate::qa::Severity::Error)
            .collect();
        if !errors.is_empty() {
            // Every error named: a confirm held back for something unsaid cannot be judged.
            let named: Vec<String> = errors
                .iter()
                .map(|issue| format!("{} ({})", issue.message, issue.check))
                .collect();
            app.messages.warn(format!(
                "Not confirmed: {}. Enter again confirms anyway; Alt+I ignores it.",
                named.join(", and ")
            ));
            app.held_confirm = held;
            return;
        }
    }
    app.held_confirm = None;
    app.commit(Status::Confirmed);
    app.last_edit = None;
    let confirmed = app.current;
    app.soon(Effect::Remember(confirmed));
    let repeats = app.project.propagate(confirmed);
    app.editors.retain(|index, _| !repeats.contains(index));
    let issues = app.issues();
    app.messages.moved_on();
    let mut notes = Vec::new();
    // The next segment the filter lists (the next one, without a filter); at the end, said.
    app.refresh_filter();
    let next = app.step(true);
    if let Some(next) = next {
        app.go_to(next);
    }
    // A merge or a failed save says so beside what follows.
    app.soon(Effect::SAVE);
    match next {
        Some(_) => {}
        None if app.filtered.is_some() && confirmed + 1 < app.project.len() => notes.push(format!(
            "Segment {} confirmed; no segment below it is listed (Alt+F: another filter).",
            confirmed + 1
        )),
        None => {}
    }
    if !issues.is_empty() {
        let first = &issues[0];
        notes.push(format!(
            "QA, segment {}: {} ({}){}. F8 next issue, Alt+I there ignores it.",
            confirmed + 1,
            first.message,
            first.check,
            if issues.len() > 1 {
                format!(" and {} more", issues.len() - 1)
            } else {
                String::new()
            }
        ));
    }
    if !repeats.is_empty() {
        let list: Vec<String> = repeats.iter().map(|i| (i + 1).to_string()).collect();
        notes.push(format!(
            "Repetitions filled as drafts: {}.",
            list.join(", ")
        ));
    }
    if confirmed + 1 == app.project.len() {
        notes.push("Last segment confirmed.".into());
    }
    if !notes.is_empty() {
        app.messages.say(notes.join(" "));
    }
}

fn next_issue(app: &mut App) {
    app.commit(Status::Draft);
    let found = crate::qa::check_project(&app.project, Some(&app.glossary));
    let total = app.project.len();
    let next = (1..=total)
        .map(|step| (app.current + step) % total)
        .find(|&i| {
            found
                .iter()
                .any(|f| f.segment == i && f.issue.check != "untranslated")
        });
    match next {
        Some(index) => {
            app.go_to(index);
            let first = found
                .iter()
                .find(|f| f.segment == index)
                .expect("found above");
            app.messages.say(format!(
                "QA: {} ({}). Alt+I ignores it for this segment.",
                first.issue.message, first.issue.check
            ));
        }
        None => app.messages.say("No QA issue in the translated segments."),
    }
}

fn quit(app: &mut App) {
    app.commit(Status::Draft);
    if app.save_state == SaveState::Saved || app.quit_requested || app.save(false) {
        if app.save_state == SaveState::Saved {
            app.fold_journal();
        }
        // Where the translator is now, not where the last save happened.
        app.remember_position();
        app.quit = true;
    } else {
        app.quit_requested = true;
    }
}

/// F7: the misspelt word at the cursor replaced by its first correction.
fn spell_suggest(app: &mut App) {
    let Some(speller) = &app.speller else {
        app.messages.say(match &app.spell_off {
            Some(why) => format!("No spell check: {why}"),
            None => "The dictionary is still loading.".to_owned(),
        });
        return;
    };
    let Some((word, span)) = app.editor().and_then(|e| e.word_at_cursor()) else {
        app.messages.say("No word at the cursor.");
        return;
    };
    if !app.misspellings().contains(&word) {
        app.messages.say(format!("\"{word}\" is spelt right."));
        return;
    }
    let suggestions = speller.suggestions(&word);
    let Some(best) = suggestions.first().cloned() else {
        app.messages.say(format!(
            "No suggestion for \"{word}\"; Alt+W adds it to your words."
        ));
        return;
    };
    edit(app, |e| e.replace_span(span, &best));
    let others = match suggestions[1..].join(", ") {
        others if others.is_empty() => "none".to_owned(),
        others => others,
    };
    app.messages.say(format!(
        "\"{word}\" → \"{best}\" (other suggestions: {others}); Ctrl+Z undoes."
    ));
}

/// Alt+W: the word at the cursor into the user's word list, never flagged again.
fn add_word(app: &mut App) {
    let Some((word, _)) = app.editor().and_then(|e| e.word_at_cursor()) else {
        app.messages.say("No word at the cursor.");
        return;
    };
    let Some(file) = crate::spell::personal_words_file() else {
        app.messages.say("No home directory for your word list.");
        return;
    };
    match crate::spell::add_personal_word(&file, &word) {
        Ok(()) => {
            if let Some(speller) = &mut app.speller {
                speller.accept([word.as_str()]);
            }
            app.underline_misspellings();
            app.messages
                .say(format!("Added \"{word}\" to {}.", file.display()));
        }
        Err(error) => app.messages.warn(format!("{}: {error}", file.display())),
    }
}

fn next_untranslated(app: &mut App) {
    let total = app.project.len();
    let found = (1..=total)
        .map(|step| (app.current + step) % total)
        .find(|&i| {
            let unit = app.project.unit(i);
            unit.target.is_empty() && !unit.locked && !editor_has_text(app, i)
        });
    match found {
        Some(index) => app.go_to(index),
        None => app.messages.say("Every segment has a translation."),
    }
}

/// The current segment when the client's file locked it (or the next one, with `next_too`).
fn locked_in_the_way(app: &App, next_too: bool) -> Option<usize> {
    let last = (app.current + usize::from(next_too)).min(app.project.len() - 1);
    (app.current..=last).find(|&index| app.project.unit(index).locked)
}

fn editor_has_text(app: &App, index: usize) -> bool {
    index == app.current && app.editor().is_some_and(|e| !e.text().is_empty())
}

fn open_prompt(app: &mut App, kind: PromptKind) {
    // Search and find start with the selection, if any, else empty.
    let input = match kind {
        PromptKind::Comment => app.project.unit(app.current).note.clone(),
        PromptKind::Search | PromptKind::ReplaceFind => app
            .editor()
            .filter(|e| e.has_selection())
            .map(|e| e.selection_or_word())
            .unwrap_or_default(),
        _ => String::new(),
    };
    app.mode = Mode::Prompt(Prompt { kind, input });
}

fn prompt_action(app: &mut App, mut prompt: Prompt, action: Action) {
    match action {
        Action::Type(text) => {
            prompt.input.push_str(&text);
            app.mode = Mode::Prompt(prompt);
        }
        Action::Backspace => {
            prompt.input.pop();
            app.mode = Mode::Prompt(prompt);
        }
        Action::Escape => app.mode = Mode::Normal,
        Action::Confirm => {
            app.mode = Mode::Normal;
            match prompt.kind {
                PromptKind::GoTo => match prompt.input.trim().parse::<usize>() {
                    Ok(n) if (1..=app.project.len()).contains(&n) => app.go_to(n - 1),
                    _ => app.messages.say(format!(
                        "No segment {:?}: give a number from 1 to {}.",
                        prompt.input.trim(),
                        app.project.len()
                    )),
                },
                PromptKind::Search => run_search(app, prompt.input),
                PromptKind::ReplaceFind if prompt.input.is_empty() => {}
                PromptKind::ReplaceFind => {
                    app.mode = Mode::Prompt(Prompt {
                        kind: PromptKind::ReplaceWith { find: prompt.input },
                        input: String::new(),
                    })
                }
                PromptKind::ReplaceWith { find } => start_replace(app, find, prompt.input),
                PromptKind::Comment => {
                    if app.project.set_note(app.current, prompt.input.trim()) {
                        app.save_state = SaveState::Unsaved;
                        app.soon(Effect::SAVE);
                    }
                    app.messages.say(match prompt.input.trim().is_empty() {
                        true => "Comment removed.".to_owned(),
                        false => "Comment saved.".into(),
                    });
                }
                PromptKind::Concordance => app.start_concordance(prompt.input),
                PromptKind::WrapInTag => wrap_in_tag(app, prompt.input.trim()),
            }
        }
        _ => app.mode = Mode::Prompt(prompt),
    }
}

/// Alt+R: the segment reviewed, the reviewer's changes tracked; on to the next listed one.
fn review(app: &mut App) {
    let index = app.current;
    let text = app.editor().map(|e| e.text()).unwrap_or_default();
    if text.trim().is_empty() {
        app.messages
            .say("Nothing to review: the segment has no translation.");
        return;
    }
    app.project.review(index, &text);
    app.soon(Effect::Remember(index));
    if let Some(editor) = app.editor_mut() {
        editor.mark_saved();
    }
    app.save_state = SaveState::Unsaved;
    app.soon(Effect::SAVE);
    app.refresh_filter();
    let changed = app.project.unit(index).translator_version.is_some();
    if let Some(next) = app.step(true) {
        app.go_to(next);
    }
    app.messages.say(format!(
        "Segment {} reviewed ★{}.",
        index + 1,
        match changed {
            true =>
                "; your change is kept beside the translator's version (Alt+Y accepts, Alt+N rejects)",
            false => "",
        }
    ));
}

/// The segments whose English holds `find` (the current one's editor text counts).
/// Segments the client's file locked are left out: nothing may change them.
fn segments_holding(app: &App, find: &str) -> Vec<usize> {
    (0..app.project.len())
        .filter(|&i| !app.project.unit(i).locked && app.shown_target(i).contains(find))
        .collect()
}

fn start_replace(app: &mut App, find: String, with: String) {
    app.commit(Status::Draft);
    let segments = segments_holding(app, &find);
    let Some(&first) = segments.first() else {
        app.messages
            .say(format!("\"{find}\" is in no translation."));
        return;
    };
    app.go_to(first);
    app.mode = Mode::Replace {
        find,
        with,
        segments,
        at: 0,
    };
    say_replace(app);
}

/// The message line during find & replace: where, and the keys.
fn say_replace(app: &mut App) {
    if let Mode::Replace {
        find,
        with,
        segments,
        at,
    } = &app.mode
    {
        // A preview: the English of this segment around the first place, as it would read.
        let english = app.shown_target(segments[*at]);
        let preview = english.find(find.as_str()).map_or(String::new(), |place| {
            let start = english[..place]
                .char_indices()
                .rev()
                .nth(24)
                .map_or(0, |(i, _)| i);
            let end = english[place + find.len()..]
                .char_indices()
                .nth(24)
                .map_or(english.len(), |(i, _)| place + find.len() + i);
            format!(
                " → “{}{with}{}”",
                &english[start..place],
                &english[place + find.len()..end]
            )
        });
        app.messages.say(format!(
            "Replace \"{find}\" with \"{with}\" in segment {} ({} of {}){preview}. Enter replaces \
             here, → skips, A replaces in all the rest, Esc stops.",
            segments[*at] + 1,
            at + 1,
            segments.len()
        ));
    }
}

fn replace_action(
    app: &mut App,
    (find, with, segments, at): (String, String, Vec<usize>, usize),
    action: Action,
) {
    let replace_here = |app: &mut App, index: usize| {
        app.go_to(index);
        let text = app.editor().map(|e| e.text()).unwrap_or_default();
        let count = text.matches(find.as_str()).count();
        if count > 0 {
            let replaced = text.replace(find.as_str(), &with);
            // One undo step in that segment's editor. The English changes and nothing else: a
            // confirmed segment stays confirmed (QA marks it if the replacement broke
            // something), as in OmegaT.
            let status = app.project.unit(index).status;
            edit(app, |e| e.replace(&replaced));
            app.commit(status);
            if status.is_translated() {
                app.soon(Effect::Remember(index));
            }
        }
        count
    };
    let next = match action {
        Action::Confirm => {
            replace_here(app, segments[at]);
            at + 1
        }
        Action::Right | Action::Next => at + 1,
        Action::Type(ref letter) if letter.eq_ignore_ascii_case("a") => {
            let (mut occurrences, mut changed) = (0, 0);
            for &index in &segments[at..] {
                let count = replace_here(app, index);
                occurrences += count;
                changed += usize::from(count > 0);
            }
            app.mode = Mode::Normal;
            app.soon(Effect::SAVE);
            app.messages.say(format!(
                "Replaced {occurrences} occurrences in {changed} segments (their statuses kept; Ctrl+Z in a \
                 segment undoes it there)."
            ));
            return;
        }
        Action::Escape => {
            app.mode = Mode::Normal;
            app.messages.say("Find & replace stopped.");
            return;
        }
        _ => {
            app.mode = Mode::Replace {
                find,
                with,
                segments,
                at,
            };
            say_replace(app);
            return;
        }
    };
    match segments.get(next) {
        Some(&index) => {
            app.go_to(index);
            app.mode = Mode::Replace {
                find,
                with,
                segments,
                at: next,
            };
            say_replace(app);
        }
        None => {
            app.mode = Mode::Normal;
            app.soon(Effect::SAVE);
            app.messages.say("Find & replace done: no more segments.");
        }
    }
}

fn run_search(app: &mut App, query: String) {
    app.commit(Status::Draft);
    if query.trim().is_empty() {
        app.search = None;
        app.refresh_filter();
        return;
    }
    // Case and accents do not count (`etat` finds `État`); "in quotes" finds as written.
    let found = |text: &str| !super::ui::occurrences(text, &query).is_empty();
    let hits: Vec<usize> = app
        .project
        .units()
        .iter()
        .enumerate()
        .filter(|(_, unit)| found(&unit.source) || found(&unit.target))
        .map(|(index, _)| index)
        .collect();
    app.search = Some(Search { query, hits });
    app.refresh_filter();
    search_step(app, true);
}

fn search_step(app: &mut App, forward: bool) {
    let Some(search) = &app.search else {
        app.messages.say("No search yet: Ctrl+F searches.");
        return;
    };
    if search.hits.is_empty() {
        app.messages
            .say(format!("{:?} is nowhere in the document.", search.query));
        return;
    }
    let current = app.current;
    let next = if forward {
        search
            .hits
            .iter()
            .find(|&&i| i > current)
            .or(search.hits.first())
    } else {
        search
            .hits
            .iter()
            .rev()
            .find(|&&i| i < current)
            .or(search.hits.last())
    };
    let next = *next.expect("hits is not empty");
    let position = search.hits.iter().position(|&i| i == next).unwrap_or(0) + 1;
    let message = format!(
        "{:?}: hit {position} of {} (F3 next, Shift+F3 previous)",
        search.query,
        search.hits.len()
    );
    app.go_to(next);
    app.messages.say(message);
}

/// Source, overrides and document after a change of segmentation, checked against what the
/// project will hold; `None` when the document is not at hand.
fn resegment(app: &App, overrides: &Overrides) -> Option<Document> {
    let document = app.document.as_ref()?;
    Some(Document::parse(
        document.text().to_owned(),
        document.format(),
        &app.segmenter,
        overrides,
    ))
}

fn merge_with_next(app: &mut App) {
    let index = app.current;
    let Some(document) = app.document.as_ref() else {
        app.messages
            .say("Merging needs the source text file (not available here).");
        return;
    };
    if index + 1 >= app.project.len() {
        app.messages
            .say("This is the last segment: nothing to merge with.");
        return;
    }
    let (this, next) = (&document.segments()[index], &document.segments()[index + 1]);
    if this.paragraph != next.paragraph {
        app.messages
            .say("The next segment is in another paragraph: not merged.");
        return;
    }
    let mut overrides = app.project.overrides();
    overrides
        .breaks
        .retain(|b| !(this.span.end..=next.span.start).contains(b));
    overrides.joins.insert(this.span.end);
    let joined = document.text()[this.span.start..next.span.end].to_owned();
    apply_segmentation(app, overrides, |project, overrides| {
        project.merge_with_next(index, joined, overrides)
    });
}

fn open_split(app: &mut App) {
    let source = &app.project.unit(app.current).source;
    if app.document.is_none() {
        app.messages
            .say("Splitting needs the source text file (not available here).");
        return;
    }
    // Candidate points: the start of every word but the first.
    let points: Vec<usize> =
        unicode_segmentation::UnicodeSegmentation::split_word_bound_indices(source.as_str())
            .filter(|(at, word)| *at > 0 && word.chars().any(char::is_alphanumeric))
            .map(|(at, _)| at)
            .collect();
    if points.is_empty() {
        app.messages
            .say("This segment is a single word: nothing to split.");
        return;
    }
    // Start after the first comma, semicolon or colon, else in the middle.
    let chosen = points
        .iter()
        .position(|&p| source[..p].trim_end().ends_with([',', ';', ':']))
        .unwrap_or(points.len() / 2);
    if let Some(document) = app.document.take() {
        app.mode = Mode::Split {
            points,
            chosen,
            document: Box::new(document),
        };
    }
}

fn split_action(
    app: &mut App,
    (points, chosen, document): (Vec<usize>, usize, Document),
    action: Action,
) {
    let stay = |app: &mut App, points: Vec<usize>, chosen: usize, document: Document| {
        app.mode = Mode::Split {
            points,
            chosen,
            document: Box::new(document),
        }
    };
    match action {
        Action::Left | Action::WordLeft => stay(app, points, chosen.saturating_sub(1), document),
        Action::Right | Action::WordRight => {
            let next = (chosen + 1).min(points.len() - 1);
            stay(app, points, next, document)
        }
        Action::Escape => app.document = Some(document),
        Action::Confirm => {
            let index = app.current;
            let span = document.segments()[index].span.clone();
            let at = span.start + points[chosen];
            let mut overrides = app.project.overrides();
            // Splitting where a merge joined undoes that join; anywhere else it is a break.
            let text = document.text();
            let joined_here = overrides
                .joins
                .iter()
                .copied()
                .find(|&j| span.contains(&j) && j <= at && text[j..at].trim().is_empty());
            match joined_here {
                Some(join) => {
                    overrides.joins.remove(&join);
                }
                None => {
                    overrides.breaks.insert(at);
                }
            }
            let source = &text[span.clone()];
            let first = source[..points[chosen]].trim_end().to_owned();
            let second = source[points[chosen]..].trim_start().to_owned();
            app.document = Some(document);
            // The English after the cursor goes with the second part.
            let english_second = app
                .editor()
                .map(|e| e.text()[e.cursor_offset()..].to_owned())
                .unwrap_or_default();
            apply_segmentation(app, overrides, |project, overrides| {
                project.split(index, (first, second), &english_second, overrides)
            });
        }
        _ => stay(app, points, chosen, document),
    }
}

/// Applies a merge or split to the project, re-cuts the document with the new overrides, and
/// checks that both agree; saves at once.
fn apply_segmentation(
    app: &mut App,
    overrides: Overrides,
    change: impl FnOnce(&mut crate::project::Project, &Overrides),
) {
    app.commit(Status::Draft);
    let Some(document) = resegment(app, &overrides) else {
        return;
    };
    change(&mut app.project, &overrides);
    let agrees = document.segments().len() == app.project.len()
        && (0..app.project.len()).all(|i| document.segment_source(i) == app.project.unit(i).source);
    if !agrees {
        // The segmenter cut differently than expected: realign by text, losing nothing.
        let segments = crate::project::document_segments(&document);
        let hash = app.project.header().source_sha256.clone();
        app.project.realign(segments, hash);
    }
    app.document = Some(document);
    app.editors.clear();
    app.recount_words();
    app.current = app.current.min(app.project.len() - 1);
    app.go_to(app.current);
    app.save_state = SaveState::Unsaved;
    app.soon(Effect::SAVE);
}

fn term_action(app: &mut App, mut form: TermForm, action: Action) {
    match action {
        Action::Type(text) => form.fields[form.focus].push_str(&text),
        Action::Backspace => {
            form.fields[form.focus].pop();
        }
        Action::NextField | Action::Down => form.focus = (form.focus + 1) % 3,
        Action::SwitchGlossary => form.to_user = !form.to_user,
        Action::Up => form.focus = (form.focus + 2) % 3,
        Action::Escape => {
            app.mode = Mode::Normal;
            return;
        }
        Action::Confirm => {
            let [french, english, note] = &form.fields;
            if french.trim().is_empty() || english.trim().is_empty() {
                form.error = Some("Both the French and the English term are needed.".into());
            } else {
                let mut entry = Entry::new(french.trim(), english.trim());
                entry.note = Some(note.trim().to_owned()).filter(|n| !n.is_empty());
                let path = app.term_destination(form.to_user);
                app.mode = Mode::Normal;
                let term = super::effect::TermToAppend { path, entry, form };
                app.soon(Effect::AppendTerm(Box::new(term)));
                return;
            }
        }
        _ => {}
    }
    app.mode = Mode::AddTerm(form);
}
