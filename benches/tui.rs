//! The workspace's speed: drawing a frame, handling a keystroke, opening a large text.
//! Run with `cargo bench --bench tui`.

use std::path::PathBuf;

use passeur::document::{Document, Format, Overrides};
use passeur::glossary::Index;
use passeur::glossary::sources::{Sources, shipped_index};
use passeur::project::store::Store;
use passeur::project::{Header, Project, SourceKind, document_segments, sha256_hex};
use passeur::segment::Segmenter;
use passeur::tui::action::Action;
use passeur::tui::{App, Session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

const SAMPLE: &str = include_str!("../src/cli/demo.fr.txt");

/// French text of at least `bytes` bytes: the demo article repeated, numbered paragraphs.
fn text_of(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + SAMPLE.len());
    let mut n = 0;
    while text.len() < bytes {
        n += 1;
        text.push_str(&format!("Partie {n}.\n"));
        text.push_str(SAMPLE);
    }
    text
}

fn glossary() -> Index {
    shipped_index()
}

/// A workspace on `text` in a temporary directory (returned to keep it alive).
fn workspace(text: String, size: (u16, u16)) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let segmenter = Segmenter::french();
    let hash = sha256_hex(text.as_bytes());
    let document = Document::parse(
        text.clone(),
        Format::Text,
        &segmenter,
        &Overrides::default(),
    );
    let header = Header::new(PathBuf::from("big.txt"), SourceKind::Text, hash);
    let project = Project::new(header, document_segments(&document));
    let store = Store::create(&dir.path().join("big.txt.passeur"), &project).unwrap();
    let session = Session {
        project,
        store,
        source_text: Some(text),
        segmenter,
        glossary_sources: Sources::default(),
        glossary: glossary(),
        start_at: 0,
        notice: None,
        position_file: None,
        memory: Default::default(),
        memory_loading: None,
        threshold: 70,
        mt: None,
        mt_off: None,
    };
    (dir, App::new(session, size, true))
}

/// About 10,000 segments.
fn ten_thousand_segments() -> String {
    let per_copy = 14; // the sample's 13 segments and the "Partie N." line
    let copies = 10_000 / per_copy + 1;
    text_of(copies * (SAMPLE.len() + 12))
}

#[divan::bench(sample_count = 50)]
fn draw_frame_200x60_10k_segments(bencher: divan::Bencher) {
    let (_dir, mut app) = workspace(ten_thousand_segments(), (200, 60));
    assert!(app.project.len() >= 10_000, "{}", app.project.len());
    passeur::tui::update::update(&mut app, Action::Type("x".into()));
    app.current = 5_000;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|frame| passeur::tui::ui::draw(&app, frame))
            .unwrap();
    });
}

#[divan::bench(sample_count = 50)]
fn keystroke_handled_and_drawn_10k_segments(bencher: divan::Bencher) {
    let (_dir, mut app) = workspace(ten_thousand_segments(), (200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        passeur::tui::update::update(&mut app, Action::Type("é".into()));
        terminal
            .draw(|frame| passeur::tui::ui::draw(&app, frame))
            .unwrap();
    });
}

/// From a 5 MB French text to a workspace ready to type in: segment, create and save the
/// project, read it back, build the workspace, draw the first frame.
#[divan::bench(sample_count = 5)]
fn open_5mb_text(bencher: divan::Bencher) {
    let text = text_of(5 * 1024 * 1024);
    bencher.bench_local(|| {
        let (dir, app) = workspace(text.clone(), (200, 60));
        let reopened = Store::open(app.store.path()).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        terminal
            .draw(|frame| passeur::tui::ui::draw(&app, frame))
            .unwrap();
        (dir, reopened.1.len())
    });
}
