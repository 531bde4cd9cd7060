//! The workspace driven through `update` with actions and drawn on ratatui's `TestBackend`:
//! snapshots of the screens, editing with accents, emoji and CJK, undo across segments, merge
//! and split, search, suggestions, the add-term form.

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::action::Action;
use super::app::{App, Mode, Session};
use super::update::update;
use crate::document::{Document, Format, Overrides};
use crate::glossary::sources::Sources;
use crate::glossary::{Index, cache};
use crate::memory::worker::MemoryThread;
use crate::project::store::Store;
use crate::project::{Header, Project, SourceKind, Status, document_segments, sha256_hex};
use crate::segment::Segmenter;

const ARTICLE: &str = include_str!("../cli/demo.fr.txt");

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn shipped_glossary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries/geopolitics.fr-en.yaml")
}

/// The demo article in a fresh project, the shipped glossary, a terminal of `size`.
fn fixture(size: (u16, u16)) -> Fixture {
    fixture_with(ARTICLE, Vec::new(), size)
}

/// `article` in a fresh project, a memory of `units`, the shipped glossary.
fn fixture_with(article: &str, units: Vec<crate::memory::MemoryUnit>, size: (u16, u16)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("article.txt");
    std::fs::write(&source, article).unwrap();
    let segmenter = Segmenter::french();
    let document = Document::parse(
        article.into(),
        Format::Text,
        &segmenter,
        &Overrides::default(),
    );
    let header = Header::new(
        PathBuf::from("article.txt"),
        SourceKind::Text,
        sha256_hex(article.as_bytes()),
    );
    let project = Project::new(header, document_segments(&document));
    let path = dir.path().join("article.txt.passeur");
    let store = Store::create(&path, &project).unwrap();
    let sources = Sources {
        defaults: false,
        project: None,
        extra: vec![shipped_glossary(), super::app::project_glossary_path(&path)],
    };
    let glossary = Index::new(sources.load(|p| cache::load(p, &mut ())).layers);
    let workspace = crate::app::workspace::Workspace {
        project,
        store,
        source_text: Some(article.into()),
        tag_looks: Vec::new(),
        segmenter,
        glossary_sources: sources,
        glossary,
        start_at: 0,
        notice: None,
        position_file: Some(dir.path().join("position")),
        memory: MemoryThread::of(crate::memory::Stack::of(crate::memory::Memory::new(units))),
        memory_document: None,
        author: String::new(),
        mt: None,
        mt_off: None,
        speller_loading: None,
        osc52: false,
        threshold: 70,
        notes: Vec::new(),
        key_bindings: Vec::new(),
        config_path: String::new(),
    };
    let session = Session {
        workspace,
        keymap: Default::default(),
        layout: Default::default(),
        layout_file: None,
    };
    let mut app = App::new(session, size, false);
    let opening = app.take_effects();
    app.apply_all(opening);
    settle(&mut app);
    Fixture { app, _dir: dir }
}

/// Waits until the memory's thread answered what was asked of it (unless it is still opening:
/// then nothing it was asked can be done yet).
fn settle(app: &mut App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        app.take_memory_answers(std::time::Duration::ZERO);
        let effects = app.take_effects();
        app.apply_all(effects);
        if !app.memory_pending() || app.memory.opening() || std::time::Instant::now() > deadline {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// What `job` finds in the workspace's memory, after what was handed to it before.
fn in_memory<T: Send + 'static>(
    app: &App,
    job: impl FnOnce(&mut crate::memory::Stack) -> T + Send + 'static,
) -> T {
    app.memory.run(job).recv().unwrap()
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| super::ui::draw(app, frame)).unwrap();
    terminal.backend().to_string()
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        let effects = update(app, action);
        app.apply_all(effects);
        settle(app);
    }
}

fn typing(text: &str) -> Vec<Action> {
    text.chars().map(|c| Action::Type(c.to_string())).collect()
}

fn editor_text(app: &App) -> String {
    app.editor().unwrap().text()
}

fn on_disk(app: &App) -> Project {
    Store::open(app.store.path()).unwrap().1
}

#[test]
fn main_screen_wide() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, a crossroads found again"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, [Action::Next, Action::Next]);
    insta::assert_snapshot!("main_wide", screen(&f.app));
}

#[test]
fn main_screen_narrow() {
    let mut f = fixture((60, 30));
    run(&mut f.app, [Action::Next, Action::Next, Action::Next]);
    run(&mut f.app, typing("Since the launch of the "));
    insta::assert_snapshot!("main_narrow", screen(&f.app));
}

#[test]
fn help_screen() {
    let mut f = fixture((120, 30));
    run(&mut f.app, [Action::Help]);
    let text = screen(&f.app);
    insta::assert_snapshot!("help", text);
    // Every command's keys are on one of the screens scrolling down to the end shows.
    let mut seen = text.clone();
    let most = super::ui::help_scroll_limit(&f.app.keymap, f.app.size);
    for _ in 0..most {
        run(&mut f.app, [Action::Down]);
        seen.push_str(&screen(&f.app));
    }
    run(&mut f.app, [Action::End]);
    seen.push_str(&screen(&f.app));
    for (keys, _) in f.app.keymap.help() {
        assert!(seen.contains(&keys), "{keys} missing from the help");
    }
    run(&mut f.app, [Action::Escape]);
    assert_eq!(f.app.mode, Mode::Normal);
}

#[test]
fn add_term_form_prefills_and_matches_at_once() {
    let mut f = fixture((120, 30));
    run(&mut f.app, [Action::Next]);
    run(&mut f.app, typing("At the foot of the Registan"));
    run(&mut f.app, [Action::AddTerm]);
    insta::assert_snapshot!("add_term", screen(&f.app));
    let Mode::AddTerm(form) = &f.app.mode else {
        panic!("the form is open");
    };
    assert_eq!(
        form.fields[1], "Registan",
        "pre-filled with the word under the cursor"
    );
    run(&mut f.app, typing("Registan"));
    run(&mut f.app, [Action::NextField, Action::NextField]);
    run(&mut f.app, typing("square in Samarkand"));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.mode, Mode::Normal);
    let glossary = std::fs::read_to_string(f.app.project_glossary()).unwrap();
    assert!(glossary.contains("Registan"), "{glossary}");
    let suggestions: Vec<String> = f
        .app
        .suggestions()
        .iter()
        .map(|(_, e)| e.source.clone())
        .collect();
    assert!(
        suggestions.contains(&"Registan".to_owned()),
        "{suggestions:?}"
    );
    // An incomplete form says what is missing.
    run(&mut f.app, [Action::AddTerm, Action::Confirm]);
    let Mode::AddTerm(form) = &f.app.mode else {
        panic!("still open");
    };
    assert!(form.error.as_deref().unwrap().contains("Both"));
}

#[test]
fn a_tiny_terminal_gets_a_message() {
    let f = fixture((10, 5));
    let text = screen(&f.app);
    assert!(text.contains("Terminal"), "{text}");
    assert!(text.contains("small"), "{text}");
    let f = fixture((39, 40));
    assert!(screen(&f.app).contains("40×10"));
}

#[test]
fn typing_accents_emoji_and_cjk() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Café, naïve — « déjà » 🇫🇷 北京 👍🏽"));
    assert_eq!(editor_text(&f.app), "Café, naïve — « déjà » 🇫🇷 北京 👍🏽");
    // Backspace removes whole graphemes: the skin-toned thumb (two code points), then a space.
    run(&mut f.app, [Action::Backspace]);
    assert_eq!(editor_text(&f.app), "Café, naïve — « déjà » 🇫🇷 北京 ");
    run(&mut f.app, [Action::Backspace]);
    // Left steps over whole graphemes (北, 京, a space, the flag); Delete removes the flag.
    run(&mut f.app, std::iter::repeat_n(Action::Left, 4));
    run(&mut f.app, [Action::Delete]);
    assert_eq!(editor_text(&f.app), "Café, naïve — « déjà »  北京");
    // A combining accent typed after a letter composes with it (NFC).
    run(&mut f.app, [Action::End]);
    run(&mut f.app, typing("e\u{301}"));
    assert!(editor_text(&f.app).ends_with("北京é"));
    assert_eq!(editor_text(&f.app).chars().last(), Some('é'));
    let text = screen(&f.app);
    assert!(text.contains("北京é"), "{text}");
}

#[test]
fn undo_survives_leaving_and_coming_back() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("First try"));
    run(&mut f.app, [Action::Next]);
    assert_eq!(f.app.project.unit(0).target, "First try");
    assert_eq!(f.app.project.unit(0).status, Status::Draft);
    run(&mut f.app, typing("Second"));
    run(&mut f.app, [Action::Previous]);
    assert_eq!(editor_text(&f.app), "First try");
    run(&mut f.app, [Action::Undo]);
    // A word at a time, as before leaving: the last word goes, the first stays.
    assert_eq!(
        editor_text(&f.app).trim_end(),
        "First",
        "undo works after coming back"
    );
    run(&mut f.app, [Action::Redo]);
    assert_eq!(editor_text(&f.app), "First try");
}

#[test]
fn confirm_saves_at_once_and_moves_on() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand"));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 1);
    let saved = on_disk(&f.app);
    assert_eq!(saved.unit(0).target, "Samarkand");
    assert_eq!(saved.unit(0).status, Status::Confirmed);
    assert!(screen(&f.app).contains(" 2/13 │"));
    // An empty segment is not confirmed.
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 1);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .contains("Nothing to confirm")
    );
}

#[test]
fn glossary_suggestions_insert_with_their_number() {
    let mut f = fixture((120, 30));
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("4"));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 3);
    let suggestions: Vec<String> = f
        .app
        .suggestions()
        .iter()
        .map(|(_, e)| e.target.clone())
        .collect();
    assert_eq!(suggestions[0], "Belt and Road");
    assert!(screen(&f.app).contains("Alt+1 nouvelles Routes de la soie → Belt and Road"));
    run(&mut f.app, typing("The "));
    run(&mut f.app, [Action::InsertSuggestion(1)]);
    assert_eq!(editor_text(&f.app), "The Belt and Road");
    run(&mut f.app, [Action::InsertSuggestion(9)]);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .contains("No glossary suggestion 9")
    );
}

#[test]
fn merge_and_split_change_the_segmentation_and_are_remembered() {
    let mut f = fixture((120, 30));
    let original: Vec<String> = f
        .app
        .project
        .units()
        .iter()
        .map(|u| u.source.clone())
        .collect();
    run(&mut f.app, [Action::Next]);
    run(&mut f.app, typing("At the foot of the domes."));
    run(&mut f.app, [Action::MergeWithNext]);
    assert_eq!(f.app.project.len(), 12);
    assert_eq!(
        f.app.project.unit(1).source,
        format!("{} {}", original[1], original[2])
    );
    assert_eq!(f.app.project.unit(1).target, "At the foot of the domes.");
    // The merge is in the saved project and in its overrides, so the next open cuts the same.
    let saved = on_disk(&f.app);
    assert_eq!(saved.len(), 12);
    let document = Document::parse(
        ARTICLE.into(),
        Format::Text,
        &Segmenter::french(),
        &saved.overrides(),
    );
    assert_eq!(document.segment_text(1), saved.unit(1).source);
    // Merging across a paragraph is refused.
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("1"));
    run(&mut f.app, [Action::Confirm, Action::MergeWithNext]);
    assert_eq!(f.app.project.len(), 12);
    assert!(f.app.messages.last().unwrap().contains("another paragraph"));
    // Split the merged segment back where it was joined.
    run(&mut f.app, [Action::Next, Action::SplitMode]);
    let Mode::Split { points, chosen, .. } = f.app.mode.clone() else {
        panic!("split mode");
    };
    let wanted = points
        .iter()
        .position(|&p| p == original[1].len() + 1)
        .unwrap();
    let steps = wanted as isize - chosen as isize;
    let step = if steps > 0 {
        Action::Right
    } else {
        Action::Left
    };
    run(&mut f.app, std::iter::repeat_n(step, steps.unsigned_abs()));
    assert!(
        screen(&f.app).contains("pièces détachées.┃M. Karimov") || screen(&f.app).contains("┃M.")
    );
    run(&mut f.app, [Action::Confirm]);
    let sources: Vec<String> = f
        .app
        .project
        .units()
        .iter()
        .map(|u| u.source.clone())
        .collect();
    assert_eq!(sources, original);
    let saved = on_disk(&f.app);
    assert_eq!(saved.len(), 13);
    // The segment that came back has its id back (a file exported before the merge still
    // imports by id), and the overrides are as before the merge: nothing stale.
    let ids: Vec<&str> = saved.units().iter().map(|u| u.id.as_str()).collect();
    let expected: Vec<String> = (1..=13).map(|n| format!("s{n}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(saved.overrides(), crate::document::Overrides::default());
}

#[test]
fn search_finds_hits_in_source_and_translation() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, crossroads"));
    run(&mut f.app, [Action::Confirm, Action::SearchPrompt]);
    run(&mut f.app, typing("soie"));
    run(&mut f.app, [Action::Confirm]);
    let search = f.app.search.clone().unwrap();
    assert_eq!(search.hits, [3, 10, 11]);
    assert_eq!(f.app.current, 3);
    run(&mut f.app, [Action::SearchNext]);
    assert_eq!(f.app.current, 10);
    run(&mut f.app, [Action::SearchPrevious, Action::SearchPrevious]);
    assert_eq!(f.app.current, 11, "wraps around");
    // The translation is searched too.
    run(&mut f.app, [Action::SearchPrompt]);
    for _ in 0..4 {
        run(&mut f.app, [Action::Backspace]);
    }
    run(&mut f.app, typing("CROSSROADS"));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 0);
    assert!(f.app.messages.last().unwrap().contains("hit 1 of 1"));
}

#[test]
fn next_untranslated_and_clicks() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("One"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing("Two"));
    run(&mut f.app, [Action::Confirm, Action::GoToPrompt]);
    run(&mut f.app, typing("1"));
    run(&mut f.app, [Action::Confirm, Action::NextUntranslated]);
    assert_eq!(f.app.current, 2);
    // Segment 1 is drawn on the first rows of the source pane: a click there opens it.
    run(&mut f.app, [Action::Click { column: 10, row: 1 }]);
    assert!(f.app.current < 2, "clicked segment {}", f.app.current);
}

#[test]
fn drafts_are_saved_after_a_pause() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("A draft"));
    assert_eq!(on_disk(&f.app).unit(0).target, "");
    let later = std::time::Instant::now() + super::app::DRAFT_DELAY * 2;
    run(&mut f.app, [Action::Tick(later)]);
    let saved = on_disk(&f.app);
    assert_eq!(saved.unit(0).target, "A draft");
    assert_eq!(saved.unit(0).status, Status::Draft);
}

#[test]
fn an_action_returns_what_it_asks_of_the_world_and_writes_nothing_itself() {
    use super::effect::Effect;
    let mut f = fixture((120, 30));
    f.app.memory_document = Some(document_of(&f.app));
    run(&mut f.app, typing("Samarkand"));
    let effects = update(&mut f.app, Action::Confirm);
    assert_eq!(
        effects,
        vec![Effect::Remember(0), Effect::LookUp, Effect::SAVE],
        "the unit to the memory, the next segment looked up, the project saved"
    );
    assert_eq!(on_disk(&f.app).unit(0).target, "", "nothing written yet");
    f.app.apply_all(effects);
    assert_eq!(on_disk(&f.app).unit(0).target, "Samarkand");
    let found = in_memory(&f.app, |memory| {
        crate::memory::TranslationMemory::concordance(memory, "Samarkand", 5).unwrap()
    });
    assert_eq!(found.units.len(), 1);
}

#[test]
fn work_saved_by_another_program_is_merged_not_overwritten() {
    let mut f = fixture((120, 30));
    let (mut other_store, mut other) = Store::open(f.app.store.path()).unwrap();
    other.set_translation(5, "Someone else's work.", Status::Confirmed);
    other_store.save(&mut other).unwrap();
    run(&mut f.app, typing("Mine"));
    run(&mut f.app, [Action::Confirm]);
    let saved = on_disk(&f.app);
    assert_eq!(saved.unit(0).target, "Mine");
    assert_eq!(saved.unit(5).target, "Someone else's work.");
    assert_eq!(f.app.project.unit(5).target, "Someone else's work.");
    let text = screen(&f.app);
    assert!(
        text.contains("Merged work saved by another program: segments 6."),
        "{text}"
    );
    // Both change segment 2: ours is kept, theirs set aside and said.
    let (mut other_store, mut other) = Store::open(f.app.store.path()).unwrap();
    other.set_translation(1, "Theirs.", Status::Confirmed);
    other_store.save(&mut other).unwrap();
    run(&mut f.app, typing("Ours."));
    run(&mut f.app, [Action::Confirm]);
    let saved = on_disk(&f.app);
    assert_eq!(saved.unit(1).target, "Ours.");
    assert!(saved.retired().iter().any(|r| r.target == "Theirs."));
    assert!(screen(&f.app).contains("Conflict on segments 2"));
}

#[test]
fn a_change_that_cannot_be_merged_is_never_overwritten_blindly() {
    let mut f = fixture((120, 30));
    let (mut other_store, mut other) = Store::open(f.app.store.path()).unwrap();
    let overrides = other.overrides();
    let joined = format!("{} {}", other.unit(3).source, other.unit(4).source);
    other.merge_with_next(3, joined, &overrides);
    other.set_translation(3, "Their merged segment.", Status::Confirmed);
    other_store.save(&mut other).unwrap();
    run(&mut f.app, typing("Mine"));
    run(&mut f.app, [Action::Confirm]);
    assert!(screen(&f.app).contains("NOT SAVED: file changed on disk"));
    assert_eq!(on_disk(&f.app).unit(3).target, "Their merged segment.");
    // Ctrl+S again saves this version, keeping the other in a .conflict file.
    run(&mut f.app, [Action::Save]);
    assert_eq!(on_disk(&f.app).unit(0).target, "Mine");
    let dir = f.app.store.path().parent().unwrap();
    let kept: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".conflict-"))
        .collect();
    assert_eq!(kept.len(), 1);
    let text = std::fs::read_to_string(kept[0].path()).unwrap();
    assert!(text.contains("Their merged segment."));
}

#[test]
fn a_glossary_changed_on_disk_is_reloaded() {
    let mut f = fixture((120, 30));
    run(&mut f.app, [Action::Tick(std::time::Instant::now())]);
    let has_registan = |app: &App| {
        app.suggestions()
            .iter()
            .any(|(_, entry)| entry.target == "the Registan")
    };
    run(&mut f.app, [Action::Next]);
    assert!(!has_registan(&f.app));
    std::fs::write(
        f.app.project_glossary(),
        "source_lang: fr\ntarget_lang: en\nentries:\n  - source: Registan\n    target: the Registan\n",
    )
    .unwrap();
    let later = std::time::Instant::now() + std::time::Duration::from_secs(3);
    run(&mut f.app, [Action::Tick(later)]);
    assert!(has_registan(&f.app), "{:?}", f.app.messages);
    assert!(f.app.messages.last().unwrap().contains("reloaded"));
}

#[test]
fn an_error_stays_on_the_message_line_until_it_is_put_right_and_remarks_go_on_moving() {
    let mut f = fixture((120, 30));
    std::fs::write(f.app.project_glossary(), "entries: [this is not\n").unwrap();
    let later = std::time::Instant::now() + std::time::Duration::from_secs(3);
    run(&mut f.app, [Action::Tick(later)]);
    assert!(f.app.messages.contains("Glossary reloaded with a problem"));
    // A remark about the next action sits beside it, in a line of its own.
    run(&mut f.app, [Action::InsertMatch(3)]);
    let text = screen(&f.app);
    assert!(text.contains("No memory match D here."), "{text}");
    assert!(text.contains("Glossary reloaded with a problem"), "{text}");
    // Moving on takes the remark away, not the error.
    run(&mut f.app, [Action::Next, Action::Next]);
    assert_eq!(
        f.app.messages.text().lines().count(),
        1,
        "{:?}",
        f.app.messages
    );
    assert!(f.app.messages.contains("Glossary reloaded with a problem"));
    // Put right, it goes.
    std::fs::write(
        f.app.project_glossary(),
        "source_lang: fr\ntarget_lang: en\nentries:\n  - source: Registan\n    target: the Registan\n",
    )
    .unwrap();
    let later = later + std::time::Duration::from_secs(3);
    run(&mut f.app, [Action::Tick(later)]);
    assert!(!f.app.messages.contains("problem"), "{:?}", f.app.messages);
    assert_eq!(
        f.app.messages.last(),
        Some("Glossary changed on disk: reloaded.")
    );
}

/// The workspace on a project of one segment of `text` (without its source file).
fn one_segment(f: &mut Fixture, text: &str, words: usize) {
    let header = Header::new(PathBuf::from("huge.txt"), SourceKind::Text, "0".repeat(64));
    let segments = vec![crate::project::SourceSegment {
        text: text.to_owned(),
        ..Default::default()
    }];
    f.app.project = Project::new(header, segments);
    f.app.editors.clear();
    f.app.current = 0;
    f.app.words = vec![words];
    f.app.document = None;
}

#[test]
fn one_huge_paragraph_draws_in_any_size() {
    let mut f = fixture((120, 30));
    let huge = "mot ".repeat(50_000) + "fin";
    one_segment(&mut f, &huge, 50_001);
    update(&mut f.app, Action::Type("x".into()));
    for size in [(120, 30), (40, 10), (200, 60), (10, 5)] {
        f.app.size = size;
        let text = screen(&f.app);
        assert!(text.contains("mot") || text.contains("small"), "{size:?}");
    }
}

#[test]
fn a_segment_of_megabytes_is_shown_matched_and_checked_on_its_first_part() {
    // A 4 MB source without a sentence end used to be wrapped, matched against the glossary
    // and styled (quadratically) on every frame.
    let mut f = fixture((120, 30));
    let huge = "Samarcande et Tachkent, l’été ".repeat(130_000);
    one_segment(&mut f, &huge, 510_000);
    let shown = f.app.shown_source(0);
    assert!(huge.starts_with(shown));
    assert!(
        (super::app::SHOWN_SOURCE_BYTES - 3..=super::app::SHOWN_SOURCE_BYTES)
            .contains(&shown.len())
    );
    let hits = f.app.hits(0);
    assert!(
        hits.iter()
            .all(|hit| hit.span.end <= super::app::SHOWN_SOURCE_BYTES)
    );
    assert!(
        hits.len() > 3_000,
        "terms matched in what is shown: {}",
        hits.len()
    );
    run(&mut f.app, typing("Samarkand"));
    let text = screen(&f.app);
    let (first, kb) = (
        f.app.shown_source(0).len() / 1024,
        huge.len().div_ceil(1024),
    );
    assert!(
        text.contains(&format!(
            "Source 1/1 · its first {first} KB of {kb} KB shown"
        )),
        "{text}"
    );
    f.app.size = (120, 3_000);
    let not_shown = (huge.len() - f.app.shown_source(0).len()).div_ceil(1024);
    let text = screen(&f.app);
    assert!(
        text.contains(&format!("… {not_shown} KB more of this segment not shown")),
        "{text}"
    );
    assert!(text.contains("Alt+1 Samarcande → Samarkand"), "{text}");
}

/// The keys of the contract in DESIGN.md, through the real keymap.
#[test]
fn contract_keys_through_the_keymap() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    let press = |app: &mut App, event: Event| {
        let action = super::keymap::Keymap::default()
            .action_for(&event)
            .expect("a mapped key");
        run(app, [action]);
    };
    let mut f = fixture((120, 30));
    for c in "Samarkand".chars() {
        press(&mut f.app, key(KeyCode::Char(c), KeyModifiers::NONE));
    }
    press(&mut f.app, key(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(f.app.current, 1);
    press(&mut f.app, key(KeyCode::Down, KeyModifiers::ALT));
    press(&mut f.app, key(KeyCode::Down, KeyModifiers::ALT));
    assert_eq!(f.app.current, 3);
    press(&mut f.app, key(KeyCode::Up, KeyModifiers::ALT));
    press(&mut f.app, key(KeyCode::Down, KeyModifiers::ALT));
    press(&mut f.app, key(KeyCode::Char('1'), KeyModifiers::ALT));
    assert_eq!(editor_text(&f.app), "Belt and Road");
    press(&mut f.app, key(KeyCode::F(1), KeyModifiers::NONE));
    assert_eq!(f.app.mode, Mode::Help { scroll: 0 });
    press(&mut f.app, key(KeyCode::Esc, KeyModifiers::NONE));
    press(&mut f.app, key(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(on_disk(&f.app).unit(3).target, "Belt and Road");
    press(&mut f.app, key(KeyCode::Char('q'), KeyModifiers::CONTROL));
    assert!(f.app.quit);
}

fn memory_unit(source: &str, target: &str) -> crate::memory::MemoryUnit {
    crate::memory::MemoryUnit {
        source: source.into(),
        target: target.into(),
        origin: "earlier.tmx".into(),
        ..Default::default()
    }
}

#[test]
fn memory_matches_show_their_diff_and_insert_with_a_letter() {
    let article = "Le sommet s’ouvre jeudi à Samarcande.\nIl pleut.\n";
    let units = vec![
        memory_unit(
            "Le sommet s’ouvre mercredi à Samarcande.",
            "The summit opens on Wednesday in Samarkand.",
        ),
        memory_unit("Il pleut.", "It is raining."),
    ];
    let mut f = fixture_with(article, units, (120, 30));
    let text = screen(&f.app);
    assert!(text.contains("[-mercredi-] {+jeudi+}"), "{text}");
    assert!(
        text.contains("% The summit opens on Wednesday in"),
        "{text}"
    );
    let score = f.app.matches[0].score;
    assert!((85..100).contains(&score), "{score}");
    run(&mut f.app, [Action::InsertMatch(0)]);
    assert_eq!(
        editor_text(&f.app),
        "The summit opens on Wednesday in Samarkand."
    );
    run(&mut f.app, [Action::InsertMatch(3)]);
    assert!(f.app.messages.last().unwrap().contains("No memory match D"));
    // Pre-translation fills the exact match only, as a draft.
    run(&mut f.app, [Action::Escape, Action::Pretranslate]);
    assert_eq!(f.app.project.unit(1).target, "It is raining.");
    assert_eq!(f.app.project.unit(1).status, Status::Draft);
    assert_eq!(on_disk(&f.app).unit(1).target, "It is raining.");
}

#[test]
fn repetitions_are_translated_once_and_can_be_overridden() {
    let article = "Il pleut.\nLe vent souffle.\nIl pleut.\nIl pleut.\n";
    let mut f = fixture_with(article, Vec::new(), (120, 30));
    run(&mut f.app, typing("It is raining."));
    run(&mut f.app, [Action::Confirm]);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .contains("Repetitions filled as drafts: 3, 4")
    );
    let targets: Vec<(&str, Status)> = f
        .app
        .project
        .units()
        .iter()
        .map(|u| (u.target.as_str(), u.status))
        .collect();
    assert_eq!(targets[2], ("It is raining.", Status::Draft));
    assert_eq!(targets[3], ("It is raining.", Status::Draft));
    // One occurrence can still say something else.
    run(&mut f.app, [Action::Next, Action::CopySource]);
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.project.unit(2).target, "Il pleut.");
    assert_eq!(f.app.project.unit(3).target, "It is raining.");
}

#[test]
fn qa_runs_on_confirm_and_issues_can_be_ignored() {
    let article = "Le budget atteint 4,7\u{a0}milliards.\nIl pleut.\nLe vent souffle.\n";
    let mut f = fixture_with(article, Vec::new(), (120, 30));
    run(&mut f.app, typing("The budget reaches 7.4 billion."));
    // An error stops the first Enter, said in full; the second confirms anyway.
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 0);
    assert_eq!(
        f.app.messages.last(),
        Some(
            "Not confirmed: numbers differ: 4.7 not in the translation; 7.4 not in the source \
             (numbers). Enter again confirms anyway; Alt+I ignores it."
        )
    );
    let text = screen(&f.app);
    assert!(
        text.contains("Alt+I ignores it."),
        "the whole message is on screen:\n{text}"
    );
    run(&mut f.app, [Action::Confirm]);
    let message = f.app.messages.last().unwrap().to_owned();
    assert!(
        message.contains("QA, segment 1: numbers differ"),
        "{message}"
    );
    run(&mut f.app, typing("It is raining."));
    run(&mut f.app, [Action::Confirm, Action::NextIssue]);
    assert_eq!(f.app.current, 0);
    assert!(screen(&f.app).contains("QA numbers differ"));
    run(&mut f.app, [Action::IgnoreIssue]);
    assert_eq!(
        on_disk(&f.app).unit(0).ignored,
        ["numbers: numbers differ: 4.7 not in the translation; 7.4 not in the source"]
    );
    assert!(f.app.issues().is_empty());
    run(&mut f.app, [Action::NextIssue]);
    assert!(f.app.messages.last().unwrap().contains("No QA issue"));
}

#[test]
fn ignoring_one_issue_does_not_hide_another_of_the_same_check() {
    let article = "Les pays d’Asie centrale et l’OCS se réunissent.\n";
    let mut f = fixture_with(article, Vec::new(), (120, 30));
    run(
        &mut f.app,
        typing("The countries of the region and the SCO meet."),
    );
    run(&mut f.app, [Action::Confirm, Action::NextIssue]);
    let issues = f.app.issues();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].message.contains("Central Asia"));
    run(&mut f.app, [Action::IgnoreIssue]);
    assert!(f.app.issues().is_empty());
    // Later the SCO goes missing too: that one is reported.
    run(&mut f.app, [Action::End]);
    run(
        &mut f.app,
        std::iter::repeat_n(Action::Backspace, "the SCO meet.".len()),
    );
    run(&mut f.app, typing("the bloc meet."));
    run(&mut f.app, [Action::Confirm]);
    let issues = f.app.issues();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].message.contains("\"SCO\""), "{issues:?}");
}

#[test]
fn concordance_and_statistics_screens() {
    let units = vec![memory_unit(
        "Les nouvelles Routes de la soie.",
        "The Belt and Road.",
    )];
    let mut f = fixture_with(ARTICLE, units, (120, 30));
    run(&mut f.app, [Action::ConcordancePrompt]);
    run(&mut f.app, typing("routes de la"));
    run(&mut f.app, [Action::Confirm]);
    let text = screen(&f.app);
    assert!(
        text.contains("Concordance: \"routes de la\", 1 units"),
        "{text}"
    );
    assert!(text.contains("The Belt and Road."), "{text}");
    run(&mut f.app, [Action::Escape, Action::Statistics]);
    let text = screen(&f.app);
    assert!(text.contains("Statistics"), "{text}");
    assert!(text.contains("untranslated"), "{text}");
    assert!(text.contains("TM no match"), "{text}");
    run(&mut f.app, [Action::Escape]);
    assert_eq!(f.app.mode, Mode::Normal);
}

/// A memory whose opening waits for the test: the thread, and the sender that opens it.
fn opening_memory() -> (
    MemoryThread,
    std::sync::mpsc::Sender<Result<crate::memory::Stack, String>>,
) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let thread = MemoryThread::start(move || receiver.recv().unwrap());
    (thread, sender)
}

/// Ticks until the memory is no longer opening.
fn wait_until_open(app: &mut App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.memory.opening() && std::time::Instant::now() < deadline {
        run(app, [Action::Tick(std::time::Instant::now())]);
    }
    settle(app);
}

#[test]
fn the_memory_arrives_from_its_loading_thread() {
    let article = "Il pleut. Il neige.\n";
    let mut f = fixture_with(article, Vec::new(), (120, 30));
    assert!(f.app.matches.is_empty());
    let (thread, opens) = opening_memory();
    f.app.memory = thread;
    run(&mut f.app, [Action::Next]);
    assert!(f.app.matches.is_empty(), "nothing yet");
    assert!(f.app.matches_pending());
    opens
        .send(Ok(crate::memory::Stack::of(crate::memory::Memory::new(
            vec![memory_unit("Il neige.", "It is snowing.")],
        ))))
        .unwrap();
    wait_until_open(&mut f.app);
    assert_eq!(f.app.matches.len(), 1);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .contains("Translation memory ready: 1 units")
    );
}

#[test]
fn a_confirm_made_while_the_memory_opens_reaches_it_once_it_is_open() {
    let mut f = fixture_with("Il pleut. Il neige.\n", Vec::new(), (120, 30));
    f.app.memory_document = Some(document_of(&f.app));
    let (thread, opens) = opening_memory();
    f.app.memory = thread;
    run(&mut f.app, typing("It is raining."));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 1, "confirmed and moved on");
    opens
        .send(Ok(crate::memory::Stack::of(
            crate::memory::Memory::default(),
        )))
        .unwrap();
    wait_until_open(&mut f.app);
    let found = in_memory(&f.app, |memory| {
        crate::memory::TranslationMemory::concordance(memory, "raining", 5).unwrap()
    });
    assert_eq!(found.units.len(), 1, "the early confirm is in the memory");
    assert_eq!(found.units[0].1.source, "Il pleut.");
    assert!(f.app.memory_problem.is_none());
    assert!(f.app.unremembered.is_empty());
}

#[test]
fn a_memory_that_cannot_open_is_said_and_confirms_wait() {
    let mut f = fixture_with("Il pleut. Il neige.\n", Vec::new(), (160, 30));
    f.app.memory_document = Some(document_of(&f.app));
    let (thread, opens) = opening_memory();
    f.app.memory = thread;
    run(&mut f.app, typing("It is raining."));
    run(&mut f.app, [Action::Confirm]);
    opens
        .send(Err("password refused for desk@db".into()))
        .unwrap();
    wait_until_open(&mut f.app);
    let text = screen(&f.app);
    assert!(
        text.contains("TM: no translation memory: password refused"),
        "{text}"
    );
    assert_eq!(f.app.unremembered.len(), 1, "kept, not dropped");
    let said = f.app.finish_memory().unwrap();
    assert!(
        said.contains("1 confirmed segments are saved in the project but not in the translation memory (no translation memory: password refused"),
        "{said}"
    );
}

#[test]
fn direction_controls_never_reach_the_terminal() {
    let mut f = fixture_with("Il pleut \u{202e}fort. Il neige.\n", Vec::new(), (120, 30));
    run(&mut f.app, typing("It rains"));
    let text = screen(&f.app);
    assert!(text.contains("Il pleut"), "{text}");
    assert!(
        !text.chars().any(crate::controls::is_bidi_control),
        "{text}"
    );
}

/// A provider that fails like a server refusing the key, then works.
struct FlakyProvider(std::sync::atomic::AtomicUsize);

impl crate::mt::Provider for FlakyProvider {
    fn name(&self) -> String {
        "flaky".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[crate::mt::Request]) -> Result<Vec<String>, crate::mt::MtError> {
        match self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            0 => Err(crate::mt::MtError::Auth {
                provider: "flaky".into(),
                status: 403,
                variable: "FLAKY_KEY".into(),
            }),
            _ => Ok(batch
                .iter()
                .map(|r| format!("EN {}", r.source.len()))
                .collect()),
        }
    }
}

fn until_settled(app: &mut App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.machine_translation_pending() {
        assert!(std::time::Instant::now() < deadline, "MT never came");
        app.take_machine_translations();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[test]
fn a_failed_machine_translation_is_said_and_the_work_goes_on() {
    let mut f = fixture((120, 30));
    let provider = FlakyProvider(Default::default());
    f.app.mt = Some(crate::mt::worker::Worker::start(
        Box::new(provider),
        Default::default(),
    ));
    run(&mut f.app, [Action::Next]);
    until_settled(&mut f.app);
    let text = screen(&f.app);
    assert!(
        text.contains("MT failed: flaky: the key was refused (403); check the key in $FLAKY_KEY"),
        "{text}"
    );
    assert!(text.contains("MT: flaky"), "{text}");
    // Typing, inserting and confirming go on; Alt+M says why there is nothing to insert.
    run(
        &mut f.app,
        [Action::InsertMachineTranslation { repaired: false }],
    );
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .starts_with("Machine translation failed: flaky")
    );
    run(&mut f.app, typing("Typed by hand."));
    run(&mut f.app, [Action::Confirm]);
    until_settled(&mut f.app);
    assert_eq!(on_disk(&f.app).unit(1).target, "Typed by hand.");
    // The next segment's translation came (prefetched after the failure) and inserts.
    let expected = format!("EN {}", f.app.project.unit(2).source.len());
    run(
        &mut f.app,
        [Action::InsertMachineTranslation { repaired: false }],
    );
    assert_eq!(editor_text(&f.app), expected);
}

#[test]
fn reopening_returns_to_where_the_translator_quit() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand."));
    run(&mut f.app, [Action::Confirm]);
    // Saved on segment 2; then moved without editing, and quit.
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("5"));
    run(&mut f.app, [Action::Confirm, Action::Quit]);
    assert!(f.app.quit);
    let file = f._dir.path().join("position");
    assert_eq!(super::app::last_position(Some(&file), &on_disk(&f.app)), 4);
}

#[test]
fn help_scrolls_to_its_last_entries_in_a_small_terminal() {
    let mut f = fixture((80, 24));
    run(&mut f.app, [Action::Help]);
    let first = screen(&f.app);
    assert!(first.contains("more rows below (↓)"), "{first}");
    assert!(first.contains("go to segment number"), "{first}");
    assert!(
        !first.contains("save and quit"),
        "cut off at first:\n{first}"
    );
    run(&mut f.app, [Action::End]);
    let last = screen(&f.app);
    for wanted in ["Ctrl+S", "save and quit", "Esc or F1 closes this help"] {
        assert!(last.contains(wanted), "{wanted} not reachable:\n{last}");
    }
    assert!(last.contains("more rows above (↑)"), "{last}");
    run(&mut f.app, [Action::Escape]);
    assert_eq!(f.app.mode, Mode::Normal);
}

/// The seed article's segment 19 (eleven glossary terms) as a one-segment article.
const SEGMENT_19: &str = "Après sa visite au Kazakhstan, Xi Jinping se rendra à Samarcande, joyau \
architectural ouzbek de l’ancienne Route de la soie, pour le sommet jeudi et vendredi de l’OCS, \
qui rassemble la Chine, la Russie, l’Inde, le Pakistan et les pays ex-soviétiques d’Asie \
centrale.\n";

#[test]
fn every_glossary_term_is_listed_or_counted_and_long_diffs_get_room() {
    let mut f = fixture_with(SEGMENT_19, Vec::new(), (200, 60));
    let terms = f.app.suggestions().len();
    assert!(terms > 9, "{terms}");
    let text = screen(&f.app);
    for wanted in [
        "Pakistan",
        "Central Asia",
        &format!("Glossary · QA · {terms} terms"),
    ] {
        assert!(text.contains(wanted), "{wanted} missing at 200×60:\n{text}");
    }
    // A small window says how many terms it cannot show.
    run(
        &mut f.app,
        [Action::Resize {
            width: 100,
            height: 24,
        }],
    );
    let text = screen(&f.app);
    let hidden = text
        .lines()
        .find(|line| line.contains("(Ctrl+PgDn)"))
        .unwrap_or_else(|| panic!("no count of the terms below:\n{text}"));
    assert!(
        hidden.contains("Glossary · QA") && hidden.contains("↓ "),
        "{hidden}"
    );
    // The list scrolls by terms to its last ones.
    run(
        &mut f.app,
        std::iter::repeat_n(Action::ScrollTerms { down: true }, terms),
    );
    let text = screen(&f.app);
    assert!(
        text.contains(&format!("↑ {} (Ctrl+PgUp)", terms - 1)),
        "{text}"
    );
    assert!(text.contains("Central Asia"), "{text}");
    // A long memory match gets the rows its word diff needs.
    let long_old = SEGMENT_19.trim().replace("jeudi", "mercredi");
    let units = vec![memory_unit(&long_old, "After his visit…")];
    let f = fixture_with(SEGMENT_19, units, (200, 60));
    let text = screen(&f.app);
    assert!(text.contains("[-mercredi-]"), "{text}");
    assert!(text.contains("{+jeudi+}"), "{text}");
}

#[test]
fn the_editor_shows_its_whole_text_again_after_the_window_grows() {
    let mut f = fixture((120, 14));
    // Only the editor shows the English here.
    f.app.document_view = super::app::DocumentView::Source;
    let words: Vec<String> = (1..=80).map(|n| format!("word{n}")).collect();
    run(&mut f.app, typing(&words.join(" ")));
    let small = screen(&f.app);
    assert!(small.contains("word80"), "{small}");
    assert!(
        !small.contains("word1 "),
        "the start is scrolled away at first:\n{small}"
    );
    run(
        &mut f.app,
        [Action::Resize {
            width: 120,
            height: 60,
        }],
    );
    f.app.size = (120, 60);
    let tall = screen(&f.app);
    assert!(tall.contains("word1 word2"), "the start is back:\n{tall}");
    assert!(tall.contains("word80"), "{tall}");
    // The cursor stayed where it was: typing goes on at the end.
    run(&mut f.app, typing(" end"));
    assert!(editor_text(&f.app).ends_with("word80 end"));
}

#[test]
fn the_status_bar_counts_the_segment_and_terms_can_go_to_the_users_glossary() {
    let mut f = fixture((160, 30));
    run(&mut f.app, typing("Samarkand"));
    let source = f.app.project.unit(0).source.clone();
    let words = crate::stats::words(&source);
    let expected = format!("{words} w · {}→9 ch", source.chars().count());
    assert!(
        screen(&f.app).contains(&expected),
        "{expected}:\n{}",
        screen(&f.app)
    );
    run(&mut f.app, [Action::AddTerm]);
    assert!(screen(&f.app).contains("Enter adds to article.txt.glossary.yaml"));
    run(&mut f.app, [Action::SwitchGlossary]);
    assert!(screen(&f.app).contains("Enter adds to your glossary (every project)"));
    assert!(
        f.app
            .term_destination(true)
            .ends_with("glossaries/user.yaml")
    );
}

#[test]
fn the_document_pane_shows_the_english_in_flow_with_marks_and_a_view_toggle() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, a crossroads found again"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing("In 2019 trucks wait."));
    run(&mut f.app, [Action::Confirm, Action::Confirm]);
    let text = screen(&f.app);
    assert!(
        text.contains("✓    1 Samarcande, carrefour retrouvé des caravanes"),
        "{text}"
    );
    assert!(
        text.contains("       Samarkand, a crossroads found again"),
        "{text}"
    );
    // The second translation has a number the French lacks: an error, marked `!`.
    assert!(text.contains("!    2 (Tachkent)"), "{text}");
    assert!(text.contains("In 2019 trucks wait."), "{text}");
    assert!(
        text.contains("· ↓ "),
        "the pane says segments are below:\n{text}"
    );
    run(&mut f.app, [Action::ToggleDocumentView]);
    let french = screen(&f.app);
    assert!(
        french.contains("French only") && !french.contains("found again"),
        "{french}"
    );
    run(&mut f.app, [Action::ToggleDocumentView]);
    let english = screen(&f.app);
    assert!(english.contains("English only"), "{english}");
    assert!(
        english.contains("✓    1 Samarkand, a crossroads found again"),
        "{english}"
    );
    assert!(!english.contains("carrefour retrouvé"), "{english}");
    run(&mut f.app, [Action::ToggleDocumentView]);
    assert_eq!(f.app.document_view, super::app::DocumentView::Both);
}

#[test]
fn at_80_by_24_the_editor_keeps_three_rows_to_type_on() {
    for size in [(80, 24), (99, 24), (120, 24), (80, 30)] {
        // A long segment, whose source box takes all it may.
        let f = fixture_with(SEGMENT_19, Vec::new(), size);
        let areas = super::ui::areas(&f.app, ratatui::layout::Rect::new(0, 0, size.0, size.1));
        // Inside its frame: a title line in a short terminal, four borders in a tall one.
        let frame = match size.1 < super::ui::COMPACT_BELOW_ROWS {
            true => 1,
            false => 2,
        };
        assert!(areas.editor.height >= 3 + frame, "{size:?}: {areas:?}");
        assert!(
            areas.source.height >= 3 && areas.suggestions.height >= 3,
            "{size:?}: {areas:?}"
        );
    }
}

#[test]
fn select_all_cut_copy_and_paste_between_segments() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, a crossroads"));
    run(&mut f.app, [Action::SelectAll, Action::Cut]);
    assert_eq!(editor_text(&f.app), "");
    run(&mut f.app, [Action::Next, Action::Paste]);
    assert_eq!(editor_text(&f.app), "Samarkand, a crossroads");
    // Shift+Home selects back to the line's start; the copy replaces the clipboard.
    run(
        &mut f.app,
        [Action::Left, Action::Left, Action::SelectHome, Action::Copy],
    );
    assert_eq!(f.app.clipboard, "Samarkand, a crossroa");
    run(&mut f.app, [Action::End]);
    run(&mut f.app, typing(" and "));
    run(&mut f.app, [Action::Paste]);
    assert_eq!(
        editor_text(&f.app),
        "Samarkand, a crossroads and Samarkand, a crossroa"
    );
    run(&mut f.app, [Action::Home, Action::SelectEnd, Action::Paste]);
    assert_eq!(
        editor_text(&f.app),
        "Samarkand, a crossroa",
        "a paste replaces the selection"
    );
    run(&mut f.app, [Action::Copy]);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .starts_with("Nothing selected")
    );
}

#[test]
fn filters_list_and_visit_only_the_segments_asked_for() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, a crossroads found again"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing("Tashkent trucks wait"));
    run(&mut f.app, [Action::Next, Action::Next]);
    // Untranslated: segments 1 and 2 are left out of the list and of Alt+↓/↑.
    run(&mut f.app, [Action::NextFilter]);
    assert_eq!(f.app.filter, super::app::Filter::Untranslated);
    let untranslated = f.app.filtered.clone().unwrap();
    assert_eq!(untranslated.len(), 11, "{untranslated:?}");
    assert!(!untranslated.contains(&0) && !untranslated.contains(&1));
    let text = screen(&f.app);
    assert!(text.contains("untranslated: 11"), "{text}");
    assert!(!text.contains("Samarcande, carrefour"), "{text}");
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("3"));
    run(&mut f.app, [Action::Confirm, Action::Previous]);
    assert_eq!(f.app.current, 2, "nothing untranslated before segment 3");
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .contains("No more segments untranslated")
    );
    // Drafts: only segment 2.
    run(&mut f.app, [Action::NextFilter]);
    assert_eq!(f.app.filtered.clone().unwrap(), [1]);
    run(&mut f.app, [Action::Previous]);
    assert_eq!(f.app.current, 1);
    // Search hits, then all again.
    run(&mut f.app, [Action::SearchPrompt]);
    run(&mut f.app, typing("soie"));
    run(
        &mut f.app,
        [Action::Confirm, Action::NextFilter, Action::NextFilter],
    );
    assert_eq!(f.app.filter, super::app::Filter::Search);
    assert_eq!(f.app.filtered.clone().unwrap(), [3, 10, 11]);
    // To review: the confirmed segment 1.
    run(&mut f.app, [Action::NextFilter]);
    assert_eq!(f.app.filter, super::app::Filter::ToReview);
    assert_eq!(f.app.filtered.clone().unwrap(), [0]);
    run(&mut f.app, [Action::NextFilter]);
    assert_eq!(f.app.filtered, None);
}

#[test]
fn misspellings_are_found_corrected_and_added_to_the_users_words() {
    let article = "M. Tokaïev a reçu le gouvernement du Kazakhstan.\n";
    let mut f = fixture_with(article, Vec::new(), (120, 30));
    let dirs = crate::spell::dictionary_dirs();
    let speller = crate::spell::Speller::load(&["en_GB", "en_US"], &dirs, None)
        .expect("a Hunspell English dictionary is installed by .ci/run");
    let (sender, receiver) = std::sync::mpsc::channel();
    sender.send(Ok(speller)).unwrap();
    f.app.speller_loading = Some(receiver);
    assert!(f.app.take_speller());
    run(
        &mut f.app,
        typing("Mr Tokayev received the goverment of Kazakstan"),
    );
    assert_eq!(f.app.misspellings(), ["Kazakstan", "goverment"]);
    // F7 at a misspelt word: its first correction, the others said.
    run(
        &mut f.app,
        std::iter::repeat_n(Action::Left, " of Kazakstan".len()),
    );
    run(&mut f.app, [Action::SpellSuggest]);
    assert_eq!(
        editor_text(&f.app),
        "Mr Tokayev received the government of Kazakstan"
    );
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .starts_with("\"goverment\" → \"government\"")
    );
    assert_eq!(f.app.misspellings(), ["Kazakstan"]);
    // On a word spelt right, F7 says so.
    run(&mut f.app, [Action::Home, Action::SpellSuggest]);
    assert_eq!(f.app.messages.last(), Some("\"Mr\" is spelt right."));
}

#[test]
fn find_and_replace_goes_through_the_english_one_by_one_or_all_and_can_be_undone() {
    let mut f = fixture((120, 30));
    for text in [
        "The Silk Road city.",
        "A Silk Road train.",
        "No road here.",
        "Silk Road, Silk Road.",
    ] {
        run(&mut f.app, typing(text));
        run(&mut f.app, [Action::Confirm]);
    }
    let before: Vec<Status> = (0..4).map(|i| f.app.project.unit(i).status).collect();
    assert_eq!(before[0], Status::Confirmed);
    run(&mut f.app, [Action::ReplacePrompt]);
    assert!(screen(&f.app).contains("Find in the English:"));
    run(&mut f.app, typing("Silk Road"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing("Belt and Road"));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 0);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .contains("in segment 1 (1 of 3)")
    );
    let said = f.app.messages.last().unwrap().to_owned();
    assert!(
        said.contains("→ “The Belt and Road city.”"),
        "a preview: {said}"
    );
    // Replace here, skip the second, then all the rest.
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 1);
    run(&mut f.app, [Action::Right]);
    assert_eq!(f.app.current, 3);
    run(&mut f.app, typing("a"));
    assert_eq!(f.app.mode, Mode::Normal);
    assert!(
        f.app
            .messages
            .last()
            .unwrap()
            .starts_with("Replaced 2 occurrences in 1 segments")
    );
    let saved = on_disk(&f.app);
    let targets: Vec<&str> = (0..4).map(|i| saved.unit(i).target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "The Belt and Road city.",
            "A Silk Road train.",
            "No road here.",
            "Belt and Road, Belt and Road."
        ]
    );
    // The English changed, nothing else (the last segment's typed text, never confirmed, is
    // a draft once saved).
    let statuses: Vec<Status> = (0..4).map(|i| saved.unit(i).status).collect();
    let expected: Vec<Status> = before
        .iter()
        .map(|s| match s {
            Status::New => Status::Draft,
            other => *other,
        })
        .collect();
    assert_eq!(statuses, expected);
    // Undone in that segment, as any edit.
    run(&mut f.app, [Action::Undo]);
    assert_eq!(editor_text(&f.app), "Silk Road, Silk Road.");
}

#[test]
fn a_review_keeps_the_translators_version_as_a_tracked_change_and_comments_are_kept() {
    let mut f = fixture((120, 30));
    f.app.memory = MemoryThread::of(crate::memory::Stack::of(crate::memory::Memory::default()));
    f.app.memory_document = Some(document_of(&f.app));
    let in_memory = |app: &mut App| {
        let source = app.project.unit(0).source.clone();
        let found = in_memory(app, move |memory| {
            crate::memory::TranslationMemory::lookup(
                memory,
                &source,
                &crate::memory::Lookup::default(),
            )
            .unwrap()
        });
        found.into_iter().map(|m| m.unit.target).collect::<Vec<_>>()
    };
    run(&mut f.app, typing("Samarkand, a crossroads found again"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing("At the foot of the domes."));
    run(&mut f.app, [Action::Confirm]);
    // The review walks the confirmed segments.
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("1"));
    run(&mut f.app, [Action::Confirm]);
    while f.app.filter != super::app::Filter::ToReview {
        run(&mut f.app, [Action::NextFilter]);
    }
    assert_eq!(f.app.filtered.clone().unwrap(), [0, 1]);
    // Segment 1 edited by the reviewer, then reviewed: on to segment 2.
    run(&mut f.app, [Action::End]);
    run(
        &mut f.app,
        std::iter::repeat_n(Action::Backspace, " found again".len()),
    );
    run(&mut f.app, typing(" rediscovered"));
    run(&mut f.app, [Action::Review]);
    assert_eq!(f.app.current, 1);
    assert_eq!(
        in_memory(&mut f.app),
        ["Samarkand, a crossroads rediscovered"],
        "the review replaces the translator's unit"
    );
    let saved = on_disk(&f.app);
    assert_eq!(saved.unit(0).status, Status::Reviewed);
    assert_eq!(saved.unit(0).target, "Samarkand, a crossroads rediscovered");
    assert_eq!(
        saved.unit(0).translator_version.as_deref(),
        Some("Samarkand, a crossroads found again")
    );
    // Segment 2 reviewed unchanged: nothing tracked.
    run(&mut f.app, [Action::Review]);
    assert_eq!(on_disk(&f.app).unit(1).translator_version, None);
    // Back on segment 1: the change as a word diff; a comment; then rejected.
    run(&mut f.app, [Action::NextFilter, Action::GoToPrompt]);
    run(&mut f.app, typing("1"));
    run(&mut f.app, [Action::Confirm]);
    let text = screen(&f.app);
    assert!(
        text.contains("Review change (Alt+Y accepts, Alt+N rejects):")
            && text.contains("      Samarkand, a crossroads [-found again-]"),
        "{text}"
    );
    let diff = crate::memory::word_diff(
        "Samarkand, a crossroads found again",
        "Samarkand, a crossroads rediscovered",
    );
    let added: Vec<&str> = diff
        .iter()
        .filter(|p| p.kind == crate::memory::DiffKind::Added)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(added, ["rediscovered"]);
    run(&mut f.app, [Action::CommentPrompt]);
    run(&mut f.app, typing("Check the headline's length."));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(on_disk(&f.app).unit(0).note, "Check the headline's length.");
    run(&mut f.app, [Action::SettleReview { accept: false }]);
    let saved = on_disk(&f.app);
    assert_eq!(saved.unit(0).target, "Samarkand, a crossroads found again");
    assert_eq!(saved.unit(0).status, Status::Confirmed);
    assert_eq!(editor_text(&f.app), "Samarkand, a crossroads found again");
    assert_eq!(
        in_memory(&mut f.app),
        ["Samarkand, a crossroads found again"],
        "the rejected change is not offered any more"
    );
}

#[test]
fn a_split_takes_the_english_after_the_cursor_into_the_new_segment() {
    let mut f = fixture((120, 30));
    run(&mut f.app, [Action::Next]);
    run(
        &mut f.app,
        typing("At the foot of the domes, trucks wait. They unload panels."),
    );
    run(
        &mut f.app,
        std::iter::repeat_n(Action::Left, "They unload panels.".len()),
    );
    run(&mut f.app, [Action::SplitMode, Action::Confirm]);
    let saved = on_disk(&f.app);
    assert_eq!(saved.len(), 14);
    assert_eq!(
        saved.unit(1).target,
        "At the foot of the domes, trucks wait."
    );
    assert_eq!(saved.unit(2).target, "They unload panels.");
    assert_eq!(saved.unit(2).status, Status::Draft);
}

#[test]
fn copies_go_to_the_terminals_clipboard_only_when_asked() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand"));
    run(&mut f.app, [Action::SelectAll, Action::Copy]);
    assert_eq!(f.app.for_terminal_clipboard, None, "off by default");
    f.app.osc52 = true;
    run(&mut f.app, [Action::SelectAll, Action::Cut]);
    assert_eq!(f.app.for_terminal_clipboard.as_deref(), Some("Samarkand"));
}

#[test]
fn ctrl_arrows_go_from_word_to_word_over_punctuation() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, « a » crossroads... found"));
    run(&mut f.app, [Action::Home]);
    let mut stops = Vec::new();
    for _ in 0..5 {
        run(&mut f.app, [Action::WordRight]);
        stops.push(f.app.editor().unwrap().cursor().1);
    }
    assert_eq!(stops, [13, 17, 31, 36, 36], "word starts, then the end");
    let mut back = Vec::new();
    for _ in 0..5 {
        run(&mut f.app, [Action::WordLeft]);
        back.push(f.app.editor().unwrap().cursor().1);
    }
    assert_eq!(back, [31, 17, 13, 0, 0]);
}

#[test]
fn undo_takes_back_a_word_at_a_time() {
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("The budget reaches"));
    run(&mut f.app, [Action::Undo]);
    assert_eq!(editor_text(&f.app), "The budget ");
    run(&mut f.app, [Action::Undo]);
    assert_eq!(editor_text(&f.app), "The ");
    run(&mut f.app, [Action::Redo]);
    assert_eq!(editor_text(&f.app), "The budget ");
    // Deleting goes word by word too, and a move starts a new step.
    run(&mut f.app, typing("grows"));
    run(&mut f.app, std::iter::repeat_n(Action::Backspace, 3));
    run(&mut f.app, [Action::Left]);
    run(&mut f.app, typing("X"));
    assert_eq!(editor_text(&f.app), "The budget gXr");
    run(&mut f.app, [Action::Undo]);
    assert_eq!(editor_text(&f.app), "The budget gr");
    run(&mut f.app, [Action::Undo]);
    assert_eq!(editor_text(&f.app), "The budget grows");
    run(
        &mut f.app,
        [Action::Undo, Action::Undo, Action::Undo, Action::Undo],
    );
    assert_eq!(editor_text(&f.app), "");
}

#[test]
fn home_and_end_go_to_the_ends_of_the_line_as_drawn() {
    let mut f = fixture((120, 30));
    let words: Vec<String> = (1..=30).map(|n| format!("w{n:02}")).collect();
    run(&mut f.app, typing(&words.join(" ")));
    // Drawn at this width the text takes several rows; the cursor is on the last.
    let _ = screen(&f.app);
    run(&mut f.app, [Action::Home]);
    let (row, column) = f.app.editor().unwrap().cursor();
    assert_eq!(row, 0, "one logical line");
    assert!(
        column > 0,
        "the start of the last drawn row, not of the text: {column}"
    );
    let text = editor_text(&f.app);
    assert!(
        text[column..].starts_with('w'),
        "at a word: {}",
        &text[column..]
    );
    run(&mut f.app, [Action::Up]);
    let _ = screen(&f.app);
    run(&mut f.app, [Action::End]);
    let end_of_row = f.app.editor().unwrap().cursor().1;
    assert!(
        end_of_row < text.chars().count() && end_of_row >= column - 1,
        "{end_of_row} {column}"
    );
}

#[test]
fn search_ignores_case_and_accents_finds_in_the_english_and_quotes_are_exact() {
    let text = "Le président de l’État et l’ETAT-major";
    let found: Vec<&str> = super::ui::occurrences(text, "etat")
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(found, ["État", "ETAT"]);
    let found: Vec<&str> = super::ui::occurrences(text, "\"État\"")
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(found, ["État"], "in quotes: exactly as written");
    let mut f = fixture((120, 30));
    run(&mut f.app, typing("Samarkand, a crossroads found again"));
    run(&mut f.app, [Action::Confirm, Action::SearchPrompt]);
    run(&mut f.app, typing("CROSSROADS"));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(
        f.app.search.clone().unwrap().hits,
        [0],
        "found in the English"
    );
    assert_eq!(f.app.current, 0);
}

#[test]
fn a_long_concordance_says_how_many_more_and_scrolls() {
    let units: Vec<_> = (1..=40)
        .map(|n| {
            memory_unit(
                &format!("La route numéro {n}."),
                &format!("Road number {n}."),
            )
        })
        .collect();
    let mut f = fixture_with(ARTICLE, units, (120, 30));
    run(&mut f.app, [Action::ConcordancePrompt]);
    run(&mut f.app, typing("route"));
    run(&mut f.app, [Action::Confirm]);
    let text = screen(&f.app);
    assert!(text.contains("40 units"), "{text}");
    assert!(text.contains("more below (↓ ↑ scroll)"), "{text}");
    run(&mut f.app, std::iter::repeat_n(Action::Down, 39));
    let text = screen(&f.app);
    assert!(text.contains("↑ 39 more above"), "{text}");
    assert!(!text.contains("more below"), "{text}");
    run(&mut f.app, [Action::Escape]);
    assert_eq!(f.app.mode, Mode::Normal);
}

#[test]
fn a_concordance_beyond_what_is_fetched_says_the_total() {
    let units: Vec<_> = (1..=230)
        .map(|n| memory_unit(&format!("La Route n° {n}."), &format!("Road {n}.")))
        .collect();
    let mut f = fixture_with(ARTICLE, units, (120, 30));
    run(&mut f.app, [Action::ConcordancePrompt]);
    run(&mut f.app, typing("route"));
    run(&mut f.app, [Action::Confirm]);
    let text = screen(&f.app);
    assert!(text.contains("the newest 200 of 230 units"), "{text}");
}

#[test]
fn a_cut_memory_box_says_how_many_matches_more() {
    let units: Vec<_> = [
        "Samarcande, carrefour retrouvé des caravanes!",
        "Samarcande, carrefour retrouvé des caravanes ?",
        "Samarcande : carrefour retrouvé des caravanes",
        "Samarcande, carrefour retrouvé de caravanes",
        "Samarcande, un carrefour retrouvé des caravanes",
    ]
    .iter()
    .enumerate()
    .map(|(n, s)| memory_unit(s, &format!("Samarkand, match {n}")))
    .collect();
    let f = fixture_with(ARTICLE, units, (120, 22));
    assert_eq!(f.app.matches.len(), 5);
    let text = screen(&f.app);
    assert!(
        text.contains("more matches: a taller window shows them"),
        "{text}"
    );
}

#[test]
fn alt_z_gives_the_column_to_one_box_in_turn_and_the_choice_is_kept() {
    let units: Vec<_> = [
        "Samarcande, carrefour retrouvé des caravanes!",
        "Samarcande, carrefour retrouvé des caravanes ?",
        "Samarcande : carrefour retrouvé des caravanes",
        "Samarcande, carrefour retrouvé de caravanes",
        "Samarcande, un carrefour retrouvé des caravanes",
    ]
    .iter()
    .enumerate()
    .map(|(n, s)| memory_unit(s, &format!("Samarkand, match {n}")))
    .collect();
    let mut f = fixture_with(ARTICLE, units, (120, 24));
    let layout = f._dir.path().join("layout");
    f.app.layout_file = Some(layout.clone());
    let text = screen(&f.app);
    assert!(
        text.contains("more matches"),
        "shared, the box is cut:\n{text}"
    );
    run(&mut f.app, [Action::Zoom]);
    let text = screen(&f.app);
    assert!(
        text.contains("Glossary · QA") && text.contains("Alt+Z: next box"),
        "{text}"
    );
    assert!(!text.contains("Translation memory"), "{text}");
    run(&mut f.app, [Action::Zoom]);
    let text = screen(&f.app);
    assert!(!text.contains("Glossary · QA"), "{text}");
    for n in 0..5 {
        assert!(
            text.contains(&format!("Samarkand, match {n}")),
            "match {n}:\n{text}"
        );
    }
    assert!(!text.contains("more matches"), "{text}");
    // Kept for next time, and read back as it was.
    let kept = std::fs::read_to_string(&layout).unwrap();
    assert_eq!(kept, "view: both\nzoom: memory\n");
    assert_eq!(
        super::app::LayoutChoice::load(Some(&layout)).zoom,
        Some(super::app::Zoom::Memory)
    );
    // Kept on the next segment, where the box says there is no match.
    run(&mut f.app, [Action::Next]);
    let text = screen(&f.app);
    assert!(text.contains("No memory match for this segment."), "{text}");
    // No MT provider: the next press shares the column again.
    run(&mut f.app, [Action::Zoom]);
    assert_eq!(f.app.zoom, None);
    let text = screen(&f.app);
    assert!(text.contains("Glossary · QA"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&layout).unwrap(),
        "view: both\nzoom: none\n"
    );
}

#[test]
fn an_english_box_too_small_for_its_text_says_how_many_lines_are_out_of_it() {
    let mut f = fixture((80, 24));
    let long = "The caravans came back to Samarkand, and the trucks wait in line. ".repeat(8);
    run(&mut f.app, typing(long.trim_end()));
    let text = screen(&f.app);
    let said = text
        .lines()
        .find(|line| line.contains("lines above"))
        .unwrap_or_else(|| panic!("no sign of the first lines:\n{text}"));
    assert!(!said.contains("below"), "the cursor is at the end: {said}");
    // At the start of the text, the end is out of the box.
    run(&mut f.app, std::iter::repeat_n(Action::Up, 20));
    let text = screen(&f.app);
    assert!(
        text.contains("below ") && !text.contains("lines above"),
        "{text}"
    );
}

/// A provider that answers with the French itself, so every glossary term is missing.
struct EchoProvider;

impl crate::mt::Provider for EchoProvider {
    fn name(&self) -> String {
        "echo".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[crate::mt::Request]) -> Result<Vec<String>, crate::mt::MtError> {
        Ok(batch.iter().map(|r| r.source.clone()).collect())
    }
}

#[test]
fn a_cut_machine_translation_box_says_so() {
    let article = format!("{SEGMENT_19}Il pleut.\n");
    let mut f = fixture_with(&article, Vec::new(), (100, 30));
    f.app.mt = Some(crate::mt::worker::Worker::start(
        Box::new(EchoProvider),
        Default::default(),
    ));
    run(&mut f.app, [Action::Next, Action::Previous]);
    until_settled(&mut f.app);
    let text = screen(&f.app);
    assert!(text.contains("Machine translation · echo"), "{text}");
    assert!(
        text.contains("… more (the text, its marks, the repair)"),
        "{text}"
    );
}

#[test]
fn a_confirmed_segment_goes_into_the_memory_with_its_neighbours_and_a_correction_replaces_it() {
    use crate::memory::TranslationMemory as _;
    use crate::memory::sqlite::SqliteMemory;
    let mut f = fixture((120, 40));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.sqlite");
    f.app.memory = MemoryThread::of(crate::memory::Stack::of(SqliteMemory::open(&path).unwrap()));
    f.app.memory_document = Some(document_of(&f.app));
    let first = f.app.project.unit(0).source.clone();
    let second = f.app.project.unit(1).source.clone();
    run(&mut f.app, typing("A first translaton."));
    run(&mut f.app, [Action::Confirm]);
    let mut memory = SqliteMemory::open(&path).unwrap();
    let found = memory
        .lookup(&first, &crate::memory::Lookup::default())
        .unwrap();
    assert_eq!(found.len(), 1);
    let unit = &found[0].unit;
    assert_eq!(unit.target, "A first translaton.");
    let id = &f.app.project.header().id;
    assert_eq!(unit.document, format!("article.txt.passeur@{id}"));
    assert_eq!(id.len(), 32);
    assert_eq!(unit.origin, "article.txt.passeur");
    assert_eq!(
        (unit.previous.as_str(), unit.next.as_str()),
        ("", second.as_str())
    );
    assert!(unit.changed > 0);
    // The project's own units are not offered back to it.
    run(&mut f.app, [Action::Previous]);
    assert_eq!(f.app.current, 0);
    assert!(f.app.matches.is_empty());
    // A corrected translation replaces the first one.
    run(&mut f.app, [Action::SelectAll]);
    run(&mut f.app, typing("A first translation."));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(memory.count().unwrap(), 1);
    let found = memory
        .lookup(&first, &crate::memory::Lookup::default())
        .unwrap();
    assert_eq!(found[0].unit.target, "A first translation.");
}

/// The fixture's project as memory units name it.
fn document_of(app: &App) -> crate::memory::document::DocumentId {
    crate::memory::document::DocumentId::of(
        std::path::Path::new("/desk/article.txt.passeur"),
        &app.project,
    )
}

/// A provider that takes the desk's examples and keeps every request it gets.
struct RecordingProvider(std::sync::Arc<std::sync::Mutex<Vec<crate::mt::Request>>>);

impl crate::mt::Provider for RecordingProvider {
    fn name(&self) -> String {
        "recording".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[crate::mt::Request]) -> Result<Vec<String>, crate::mt::MtError> {
        self.0.lock().unwrap().extend(batch.iter().cloned());
        Ok(batch
            .iter()
            .map(|_| "Moscow backs Kazakhstan.".to_owned())
            .collect())
    }

    fn context(&self) -> crate::mt::ContextUse {
        crate::mt::ContextUse::Examples
    }
}

#[test]
fn the_machine_translation_gets_the_memorys_match_and_a_conflict_with_the_glossary_is_said() {
    let article = "Il pleut.\nMoscou soutient le Kazakhstan depuis longtemps.\nFin.\n";
    let example = crate::memory::MemoryUnit {
        source: "Moscou soutient le Kazakhstan depuis toujours.".into(),
        target: "Moskva has always backed Kazakhstan.".into(),
        origin: "old.tmx".into(),
        ..crate::memory::MemoryUnit::default()
    };
    let mut f = fixture_with(article, vec![example], (160, 60));
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    f.app.mt = Some(
        crate::mt::worker::Worker::start(
            Box::new(RecordingProvider(asked.clone())),
            Default::default(),
        )
        .with_context_budget(300),
    );
    run(&mut f.app, [Action::Next]);
    until_settled(&mut f.app);
    let requests = asked.lock().unwrap().clone();
    let request = requests
        .iter()
        .rev()
        .find(|r| r.source.starts_with("Moscou"))
        .unwrap();
    assert_eq!(
        (request.previous.as_str(), request.next.as_str()),
        ("Il pleut.", "Fin.")
    );
    let examples: Vec<(&str, u8)> = request
        .examples
        .iter()
        .map(|e| (e.target.as_str(), e.score))
        .collect();
    assert_eq!(examples.len(), 1, "{examples:?}");
    assert_eq!(examples[0].0, "Moskva has always backed Kazakhstan.");
    let text = screen(&f.app);
    assert!(
        text.contains(&format!(
            "note: the {}% memory match does not render «Moscou» as Moscow",
            examples[0].1
        )),
        "{text}"
    );
}

/// A provider that answers every segment with one English sentence.
struct FixedProvider(&'static str);

impl crate::mt::Provider for FixedProvider {
    fn name(&self) -> String {
        "fixed".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[crate::mt::Request]) -> Result<Vec<String>, crate::mt::MtError> {
        Ok(batch.iter().map(|_| self.0.to_owned()).collect())
    }
}

#[test]
fn alt_shift_m_without_a_repair_inserts_the_machine_translation_and_says_so() {
    let mut f = fixture_with("Il pleut.\nIl neige.\n", Vec::new(), (120, 30));
    f.app.mt = Some(crate::mt::worker::Worker::start(
        Box::new(FixedProvider("It is raining.")),
        Default::default(),
    ));
    run(&mut f.app, [Action::Next, Action::Previous]);
    until_settled(&mut f.app);
    run(
        &mut f.app,
        [Action::InsertMachineTranslation { repaired: true }],
    );
    assert_eq!(editor_text(&f.app), "It is raining.");
    assert_eq!(
        f.app.messages.last(),
        Some(
            "No repair for this machine translation (nothing to substitute unambiguously): \
             inserted as it is."
        )
    );
}

#[test]
fn a_confirm_held_back_names_every_error() {
    let article = "Le sommet de Moscou réunit 4 pays.\n";
    let mut f = fixture_with(article, Vec::new(), (160, 30));
    run(
        &mut f.app,
        typing("The Moscow summit gathers 5 « countries »."),
    );
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 0, "held back");
    let message = f.app.messages.last().unwrap().to_owned();
    assert!(message.starts_with("Not confirmed: "), "{message}");
    for named in [
        "numbers differ: 4 not in the translation; 5 not in the source (numbers)",
        "French quotation marks « » left in the English (french-quotes)",
    ] {
        assert!(message.contains(named), "{named} in {message}");
    }
    assert!(!message.contains("more error"), "{message}");
}

#[test]
fn confirming_the_last_listed_segment_says_so() {
    let mut f = fixture_with("Il pleut.\nIl neige.\nIl vente.\n", Vec::new(), (120, 30));
    run(&mut f.app, typing("It is raining."));
    run(&mut f.app, [Action::Next]);
    run(&mut f.app, [Action::Previous]);
    // Segment 1 is a draft, the only one: the drafts filter lists it alone.
    while f.app.filter != super::app::Filter::Drafts {
        run(&mut f.app, [Action::NextFilter]);
    }
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.current, 0);
    assert_eq!(
        f.app.messages.last(),
        Some("Segment 1 confirmed; no segment below it is listed (Alt+F: another filter).")
    );
    run(&mut f.app, [Action::NextFilter]);
    while f.app.filter != super::app::Filter::All {
        run(&mut f.app, [Action::NextFilter]);
    }
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("3"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing("It is windy."));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.messages.last(), Some("Last segment confirmed."));
}

#[test]
fn undoing_every_edit_of_a_confirmed_segment_leaves_it_confirmed() {
    let mut f = fixture_with("Il pleut.\nIl neige.\n", Vec::new(), (120, 30));
    run(&mut f.app, typing("It is raining."));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, [Action::Previous, Action::End]);
    run(&mut f.app, typing("s"));
    // The pause autosaves the edit as a draft, as the workspace does after two seconds.
    f.app.commit(Status::Draft);
    assert_eq!(f.app.project.unit(0).status, Status::Draft);
    run(&mut f.app, [Action::Undo]);
    assert_eq!(editor_text(&f.app), "It is raining.");
    run(&mut f.app, [Action::Next]);
    assert_eq!(f.app.project.unit(0).status, Status::Confirmed);
    // A real change still makes it a draft.
    run(&mut f.app, [Action::Previous]);
    run(&mut f.app, typing("!"));
    run(&mut f.app, [Action::Next]);
    assert_eq!(f.app.project.unit(0).status, Status::Draft);
}

#[test]
fn a_message_about_one_segment_goes_when_the_translator_moves_on_and_its_comment_stays() {
    let mut f = fixture_with("Il pleut.\nIl neige.\nIl vente.\n", Vec::new(), (120, 30));
    run(&mut f.app, [Action::Next]);
    run(&mut f.app, [Action::CommentPrompt]);
    run(&mut f.app, typing("Check the weather."));
    run(&mut f.app, [Action::Confirm]);
    assert_eq!(f.app.messages.last(), Some("Comment saved."));
    run(&mut f.app, [Action::Next]);
    assert_eq!(f.app.messages.last(), None, "not carried to segment 3");
    // The comment stays on screen under its segment's source.
    assert!(!screen(&f.app).contains("Comment: Check the weather."));
    run(&mut f.app, [Action::Previous]);
    let text = screen(&f.app);
    assert!(text.contains("Comment: Check the weather."), "{text}");
    assert!(text.contains("Il neige."), "{text}");
}

#[test]
fn control_characters_of_the_source_are_shown_and_said() {
    // Two dashes of Windows-1252 read as Latin-1, as a real article had them.
    let article = "Moscou \u{96} et Pékin \u{96} se parlent.\n";
    let f = fixture_with(article, Vec::new(), (140, 30));
    let text = screen(&f.app);
    assert!(text.contains("Moscou ¤ et Pékin ¤ se parlent."), "{text}");
    let issues = f.app.issues_of("Moscow and Beijing talk.");
    let said: Vec<&str> = issues
        .iter()
        .filter(|i| i.check == "source-controls")
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        said,
        [
            "the source holds control characters (U+0096): probably a dash or quotation mark of \
          Windows-1252 read in the wrong encoding; ask for the file again"
        ]
    );
}

#[test]
fn work_another_program_saves_is_taken_in_within_seconds() {
    let mut f = fixture((120, 30));
    run(&mut f.app, [Action::Tick(std::time::Instant::now())]);
    // `passeur mt` or `import` writes segment 3 while the workspace is open.
    let path = f.app.store.path().to_owned();
    let (mut store, mut other) = Store::open(&path).unwrap();
    other.set_translation(2, "Written elsewhere.", Status::Confirmed);
    store.save(&mut other).unwrap();
    assert_eq!(f.app.project.unit(2).target, "");
    let later = std::time::Instant::now() + std::time::Duration::from_secs(3);
    run(&mut f.app, [Action::Tick(later)]);
    assert_eq!(f.app.project.unit(2).target, "Written elsewhere.");
    assert_eq!(
        f.app.messages.last(),
        Some("Merged work saved by another program: segments 3.")
    );
}

#[test]
fn every_glossary_term_stays_in_view_beside_a_memory_match() {
    // Segment 4 holds five terms, one with forbidden renderings and a note; the memory has a
    // fuzzy match of it.
    let source = Document::parse(
        ARTICLE.into(),
        Format::Text,
        &Segmenter::french(),
        &Overrides::default(),
    )
    .segment_text(3)
    .to_owned();
    let near = source.replacen("en 2013", "en 2014", 1);
    let unit = crate::memory::MemoryUnit {
        source: near,
        target: "Since China's President Xi Jinping launched the Belt and Road in 2014, \
                 Uzbekistan has become a necessary stop between Beijing and Europe."
            .into(),
        origin: "desk.tmx".into(),
        ..crate::memory::MemoryUnit::default()
    };
    for size in [(140, 40), (80, 24)] {
        let mut f = fixture_with(ARTICLE, vec![unit.clone()], size);
        run(&mut f.app, [Action::GoToPrompt]);
        run(&mut f.app, typing("4"));
        run(&mut f.app, [Action::Confirm]);
        assert!(!f.app.matches.is_empty());
        let text = screen(&f.app);
        assert!(text.contains("Alt+A"), "{size:?}: the match:\n{text}");
        // Every term in a tall window, the first at least in the smallest.
        let terms = [
            "nouvelles Routes de la soie → Belt and Road",
            "président chinois → Chinese President",
            "Xi Jinping → Xi Jinping",
            "Ouzbékistan → Uzbekistan",
            "Pékin → Beijing",
        ];
        let shown = if size.1 >= 40 {
            &terms[..]
        } else {
            &terms[..1]
        };
        // The current segment in the document pane, and the right count below it.
        assert!(text.contains("4 Depuis le lancement"), "{size:?}:\n{text}");
        if size.1 < 40 {
            assert!(
                text.contains("↓ 9 "),
                "{size:?}: nine segments below:\n{text}"
            );
        }
        for term in shown {
            assert!(
                text.contains(term),
                "{size:?}: {term} not on screen:\n{text}"
            );
        }
    }
}

/// A provider that renders the programme as "new Silk Roads", also when asked for the term
/// alone: the repair's business.
struct SilkRoadsProvider;

impl crate::mt::Provider for SilkRoadsProvider {
    fn name(&self) -> String {
        "silk".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[crate::mt::Request]) -> Result<Vec<String>, crate::mt::MtError> {
        Ok(batch
            .iter()
            .map(|r| match r.terms.is_empty() {
                true => "new Silk Roads".to_owned(),
                false => "The new Silk Roads reach Uzbekistan.".to_owned(),
            })
            .collect())
    }
}

#[test]
fn the_repaired_machine_translation_comes_first_with_the_raw_one_a_key_away() {
    let mut f = fixture((140, 40));
    f.app.mt = Some(crate::mt::worker::Worker::start(
        Box::new(SilkRoadsProvider),
        Default::default(),
    ));
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("4"));
    run(&mut f.app, [Action::Confirm]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !matches!(
        f.app.machine_translation(),
        Some(super::app::MtState::Ready(s)) if s.repaired.is_some()
    ) {
        assert!(std::time::Instant::now() < deadline, "no repair came");
        f.app.take_machine_translations();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let text = screen(&f.app);
    let first = text.find("Alt+Shift+M The Belt and Road reach Uzbekistan.");
    let raw = text.find("Alt+M as written: The new Silk Roads reach Uzbekistan.");
    assert!(first.is_some() && raw.is_some(), "{text}");
    assert!(first < raw, "the repair first:\n{text}");
    run(
        &mut f.app,
        [Action::InsertMachineTranslation { repaired: true }],
    );
    assert_eq!(editor_text(&f.app), "The Belt and Road reach Uzbekistan.");
}

#[test]
fn a_reviewers_change_at_the_end_of_a_long_segment_is_on_screen() {
    let mut f = fixture((140, 40));
    let english = "Since China's President Xi Jinping launched the Belt and Road in 2013, \
                   Uzbekistan has become an unavoidable stop between Beijing and Europe.";
    run(&mut f.app, [Action::GoToPrompt]);
    run(&mut f.app, typing("4"));
    run(&mut f.app, [Action::Confirm]);
    run(&mut f.app, typing(english));
    run(&mut f.app, [Action::Confirm, Action::Previous, Action::End]);
    run(
        &mut f.app,
        std::iter::repeat_n(Action::Backspace, "Europe.".len()),
    );
    run(&mut f.app, typing("the West."));
    run(&mut f.app, [Action::Review, Action::Previous]);
    assert_eq!(f.app.current, 3);
    let text = screen(&f.app);
    assert!(
        text.contains("Review change (Alt+Y accepts, Alt+N rejects):"),
        "{text}"
    );
    assert!(
        text.contains("      … between Beijing and {+the+} [-Europe.-] {+West.+}"),
        "the change in context, the rest left out:\n{text}"
    );
}

/// The split mode holds the source document while the translator chooses; leaving it, by
/// Escape or by quitting, gives the document back (a merge works after).
#[test]
fn leaving_the_split_gives_its_document_back() {
    let mut f = fixture((120, 30));
    // The second segment: its paragraph has a third.
    run(&mut f.app, [Action::Next, Action::SplitMode]);
    let Mode::Split { document, .. } = &f.app.mode else {
        panic!("split mode");
    };
    assert_eq!(document.segments().len(), f.app.project.len());
    assert!(f.app.document.is_none(), "the mode holds it");
    run(&mut f.app, [Action::Escape]);
    assert_eq!(f.app.mode, Mode::Normal);
    let before = f.app.project.len();
    run(&mut f.app, [Action::MergeWithNext]);
    assert_eq!(
        f.app.project.len(),
        before - 1,
        "{:?}",
        f.app.messages.last()
    );
    run(&mut f.app, [Action::SplitMode, Action::Quit]);
    assert!(f.app.document.is_some());
}
