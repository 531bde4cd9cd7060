//! The workspace's speed: drawing a frame, handling a keystroke, opening a large text, and
//! how soon a machine translation is on screen. Run with `cargo bench --bench tui`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

#[allow(dead_code)]
#[path = "../tests/common/http.rs"]
mod http;

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
    workspace_with_mt(text, size, None)
}

/// [`workspace`] with machine translation.
fn workspace_with_mt(
    text: String,
    size: (u16, u16),
    mt: Option<passeur::mt::worker::Worker>,
) -> (tempfile::TempDir, App) {
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
    let workspace = passeur::app::workspace::Workspace {
        project,
        store,
        source_text: Some(text),
        tag_looks: Vec::new(),
        segmenter,
        glossary_sources: Sources::default(),
        glossary: glossary(),
        start_at: 0,
        notice: None,
        position_file: None,
        memory: passeur::memory::worker::MemoryThread::of(Default::default()),
        memory_document: None,
        author: String::new(),
        threshold: 70,
        mt,
        mt_off: None,
        speller_loading: None,
        osc52: false,
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
    bench_keystrokes(bencher, &mut app);
}

/// Times a typed `é` handled and a 200×60 frame drawn.
fn bench_keystrokes(bencher: divan::Bencher, app: &mut App) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        passeur::tui::update::update(app, Action::Type("é".into()));
        terminal
            .draw(|frame| passeur::tui::ui::draw(app, frame))
            .unwrap();
    });
}

/// A keystroke handled and the frame drawn with every segment translated (the English shown
/// in the document pane, QA marks worked out for the visible segments) and the spell checker
/// on (the English underlined as it is typed).
#[divan::bench(sample_count = 50)]
fn keystroke_10k_translated_spell_checked(bencher: divan::Bencher) {
    let (_dir, mut app) = workspace(ten_thousand_segments(), (200, 60));
    for index in 0..app.project.len() {
        let target = format!("The English of segment {} reads well enough.", index + 1);
        app.project
            .set_translation(index, &target, passeur::project::Status::Confirmed);
    }
    let speller = passeur::spell::Speller::load(
        &["en_GB", "en_US"],
        &passeur::spell::dictionary_dirs(),
        None,
    )
    .expect("a Hunspell English dictionary (hunspell-en-gb)");
    let (sender, receiver) = std::sync::mpsc::channel();
    sender.send(Ok(speller)).unwrap();
    app.speller_loading = Some(receiver);
    app.take_speller();
    passeur::tui::update::update(&mut app, Action::Next);
    bench_keystrokes(bencher, &mut app);
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

/// A workspace on the demo article whose machine translations come from a local
/// LibreTranslate-shaped server answering in 200 ms (nothing cached).
fn workspace_with_slow_mt(server: &http::Server) -> (tempfile::TempDir, App) {
    let config = passeur::mt::MtConfig {
        provider: passeur::mt::config::Kind::Libretranslate,
        url: server.url.clone(),
        model: String::new(),
        key_env: None,
        command: Vec::new(),
        environment: Vec::new(),
        timeout_seconds: 10,
        batch_size: 20,
        requests_per_second: 100.0,
        context_tokens: 300,
    };
    let provider = passeur::mt::provider(&config, None).unwrap();
    let worker = passeur::mt::worker::Worker::start(provider, Default::default());
    workspace_with_mt(SAMPLE.to_owned(), (200, 60), Some(worker))
}

fn slow_server() -> http::Server {
    http::Server::start(|request, _| {
        let texts = request.json()["q"].as_array().unwrap().clone();
        let out: Vec<String> = texts
            .iter()
            .map(|t| format!("EN {}", t.as_str().unwrap()))
            .collect();
        http::Reply {
            delay: std::time::Duration::from_millis(200),
            ..http::Reply::json(serde_json::json!({ "translatedText": out }))
        }
    })
}

/// Waits (polling as the workspace does) until the current segment's MT box is filled.
fn until_box_filled(app: &mut App) {
    while !matches!(
        app.machine_translation(),
        Some(passeur::tui::app::MtState::Ready(_))
    ) {
        app.take_machine_translations();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// From opening the workspace to the first segment's MT box: a full round trip (200 ms).
#[divan::bench(sample_count = 5)]
fn mt_box_first_segment_200ms_server(bencher: divan::Bencher) {
    let server = slow_server();
    bencher
        .with_inputs(|| workspace_with_slow_mt(&server))
        .bench_local_values(|(dir, mut app)| {
            until_box_filled(&mut app);
            dir
        });
}

/// Moving on to the next segment after working 0.5 s on the first: it was fetched meanwhile,
/// so its box is filled on arrival.
#[divan::bench(sample_count = 5)]
fn mt_box_next_segment_prefetched_200ms_server(bencher: divan::Bencher) {
    let server = slow_server();
    bencher
        .with_inputs(|| {
            let (dir, mut app) = workspace_with_slow_mt(&server);
            until_box_filled(&mut app);
            std::thread::sleep(std::time::Duration::from_millis(500));
            (dir, app)
        })
        .bench_local_values(|(dir, mut app)| {
            passeur::tui::update::update(&mut app, Action::Next);
            until_box_filled(&mut app);
            dir
        });
}
