//! A translation desk's shared memory on PostgreSQL, end to end: real workspaces in tmux, a
//! real server (the one `.ci/run` starts, or a private one the test stops and restarts).

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use common::postgres::{PrivateServer, fresh_database};
use common::tmux::Tmux;
use common::*;

/// A translator: a folder with a copy of the seed article and a configuration naming the team
/// memory at `url`.
fn translator(url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("config/passeur")).unwrap();
    std::fs::write(
        xdg.join("config/passeur/config.yaml"),
        format!("memory: {url}\nauthor: desk-test\n"),
    )
    .unwrap();
    std::fs::copy(seed_article(), dir.path().join("article.txt")).unwrap();
    (dir, xdg)
}

fn init(url: &str) {
    let output = run(&["memory", "init", url], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("(0 units)"), "{}", stdout(&output));
}

/// Rows on the server whose source is `source`.
fn rows_with_source(url: &str, source: &str) -> i64 {
    let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
    client
        .query_one("SELECT count(*) FROM unit WHERE source = $1", &[&source])
        .unwrap()
        .get(0)
}

#[test]
fn a_confirm_in_one_workspace_is_offered_in_another_at_once() {
    let url = fresh_database();
    init(&url);
    let (first_dir, first_xdg) = translator(&url);
    let (second_dir, second_xdg) = translator(&url);
    let first = Tmux::start(first_dir.path(), &first_xdg, "article.txt");
    let second = Tmux::start(second_dir.path(), &second_xdg, "article.txt");
    first.wait_for("TM team ✓");
    let screen = second.wait_for("TM team ✓");
    assert!(!screen.contains("Alt+A"), "no match yet:\n{screen}");
    let gold = gold();
    first.type_text(&gold[0].reference_en);
    first.keys(&["Enter"]);
    first.wait_for(" 2/27 │");
    let confirmed = Instant::now();
    // The second translator sits on the same sentence, between the same sentences: it comes
    // as a context match, without moving.
    let screen = second.wait_for("Alt+A 101%");
    let waited = confirmed.elapsed();
    eprintln!(
        "offered in the second workspace {} ms after the confirm",
        waited.as_millis()
    );
    assert!(
        screen.contains("(Nur-Sultan) Chinese President"),
        "{screen}"
    );
    assert_eq!(rows_with_source(&url, &gold[0].text), 1);
    // Who, where and between which sentences, as the server keeps it.
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    let row = client
        .query_one("SELECT author, document, previous, next FROM unit", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "desk-test");
    // The project by its name and id, never by a folder of the translator's machine.
    let document = row.get::<_, String>(1);
    assert!(
        document.starts_with("article.txt.passeur@") && !document.contains('/'),
        "{document}"
    );
    assert_eq!(
        (row.get::<_, String>(2), row.get::<_, String>(3)),
        (String::new(), gold[1].text.clone())
    );
    second.keys(&["M-a", "Enter"]);
    second.wait_for(" 2/27 │");
    first.quit();
    second.quit();
    let (_, saved) =
        passeur::project::store::Store::open(&second_dir.path().join("article.txt.passeur"))
            .unwrap();
    assert_eq!(saved.unit(0).target, gold[0].reference_en);
}

#[test]
fn confirms_wait_for_a_stopped_server_and_arrive_once() {
    let server = PrivateServer::start();
    let url = server.url();
    init(&url);
    let (dir, xdg) = translator(&url);
    let tmux = Tmux::start(dir.path(), &xdg, "article.txt");
    tmux.wait_for("TM team ✓");
    server.stop();
    let gold = gold();
    for (index, segment) in gold.iter().take(3).enumerate() {
        tmux.type_text(&segment.reference_en);
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!(" {}/27 │", index + 2));
    }
    // Unreachable, or (a lookup still waiting on the dying connection) not answering.
    let screen = tmux.wait_until(
        |screen| {
            screen.contains("TM server unreachable: 3 queued")
                || screen.contains("TM server not answering: 3 queued")
        },
        "the server said away, three confirms queued",
    );
    assert!(
        screen.contains("working locally") || screen.contains("going on locally"),
        "{screen}"
    );
    // The work itself is safe on disk (written once the confirm's frame is drawn: on a
    // loaded machine, a moment after the screen says so).
    let saved_path = dir.path().join("article.txt.passeur");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, saved) = passeur::project::store::Store::open(&saved_path).unwrap();
        if saved.unit(2).target == gold[2].reference_en {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the third confirm is not on disk: {:?}",
            saved.unit(2).target
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The local memory answers meanwhile: the first sentence, looked up from the CLI.
    let local = xdg.join("data/passeur/memory.sqlite");
    assert_local_has(&local, 3);
    server.start_again();
    tmux.wait_for("TM team ✓");
    for segment in gold.iter().take(3) {
        assert_eq!(rows_with_source(&url, &segment.text), 1, "{}", segment.text);
    }
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    let total: i64 = client
        .query_one("SELECT count(*) FROM unit", &[])
        .unwrap()
        .get(0);
    assert_eq!(total, 3, "each queued unit arrived once");
    tmux.quit();
}

fn assert_local_has(path: &Path, units: u64) {
    use passeur::memory::TranslationMemory as _;
    let mut memory = passeur::memory::sqlite::SqliteMemory::open(path).unwrap();
    assert_eq!(memory.count().unwrap(), units);
}

#[test]
fn an_unreachable_team_memory_leaves_commands_working_locally() {
    let server = PrivateServer::start();
    let url = server.url();
    init(&url);
    server.stop();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("config/passeur")).unwrap();
    std::fs::write(
        home.join("config/passeur/config.yaml"),
        format!("memory: {url}\n"),
    )
    .unwrap();
    let output = run_with_home(&["memory", "count"], b"", &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("unreachable: your own memory"),
        "{}",
        stdout(&output)
    );
    // Searches say that they reached the local memory only.
    for search in [
        ["memory", "concordance", "sommet"],
        ["memory", "lookup", "Le sommet."],
    ] {
        let output = run_with_home(&search, b"", &home);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("does not answer: searched your local memory only"),
            "{search:?}: {}",
            stderr(&output)
        );
    }
    // Importing into the team memory needs the server, and says which.
    let tmx = dir.path().join("seed.tmx");
    let project = translated_seed_project(dir.path(), 0);
    assert_eq!(export_to(&project, "tmx", &tmx).status.code(), Some(0));
    let output = run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &home);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the team memory at postgres://passeur@127.0.0.1:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn translations_imported_from_the_command_line_reach_the_team_memory() {
    let url = fresh_database();
    init(&url);
    let (dir, xdg) = translator(&url);
    let translated = dir.path().join("translated");
    std::fs::create_dir(&translated).unwrap();
    let source = translated_seed_project(&translated, 0);
    let tmx = dir.path().join("seed.tmx");
    assert_eq!(export_to(&source, "tmx", &tmx).status.code(), Some(0));
    let article = dir.path().join("article.txt");
    let output = run_with_home(&["init", article.to_str().unwrap()], b"", &xdg);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = dir.path().join("article.txt.passeur");
    let output = run_with_home(
        &["import", project.to_str().unwrap(), tmx.to_str().unwrap()],
        b"",
        &xdg,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The command ended after the server took the 27 confirmed segments.
    let gold = gold();
    for segment in &gold {
        assert_eq!(rows_with_source(&url, &segment.text), 1, "{}", segment.text);
    }
    assert_local_has(&xdg.join("data/passeur/memory.sqlite"), 27);
}

#[test]
fn confirms_made_as_the_workspace_opens_reach_both_memories() {
    let url = fresh_database();
    init(&url);
    let (dir, xdg) = translator(&url);
    let gold = gold();
    let openings = 20;
    for (index, segment) in gold.iter().take(openings).enumerate() {
        // Each opening starts where the last one left off, and confirms at once: before the
        // memory thread has handed the memory over.
        let tmux = Tmux::start(dir.path(), &xdg, "article.txt");
        tmux.wait_for(&format!(" {}/27 │", index + 1));
        tmux.type_text(&segment.reference_en);
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!(" {}/27 │", index + 2));
        tmux.quit();
    }
    assert_local_has(&xdg.join("data/passeur/memory.sqlite"), openings as u64);
    for segment in gold.iter().take(openings) {
        assert_eq!(rows_with_source(&url, &segment.text), 1, "{}", segment.text);
    }
}

/// Waits until `done` holds on the screen; how long it took.
fn time_until(tmux: &Tmux, done: impl Fn(&str) -> bool, what: &str) -> std::time::Duration {
    let started = Instant::now();
    tmux.wait_until(done, what);
    started.elapsed()
}

/// A hung server (every process stopped with SIGSTOP: connections stay open, nothing
/// answers) holds no key: typing echoes, moving on works, the status bar says the server does
/// not answer, confirms wait in the local memory and reach the server once when it answers
/// again, and Ctrl+Q quits at once while it is hung.
#[test]
fn a_hung_server_never_holds_a_key() {
    let server = PrivateServer::start();
    let url = server.url();
    init(&url);
    let (dir, xdg) = translator(&url);
    let tmux = Tmux::start(dir.path(), &xdg, "article.txt");
    tmux.wait_for("TM team ✓");
    server.freeze();
    let gold = gold();
    let mut echoes = Vec::new();
    let mut said = None;
    for (index, segment) in gold.iter().take(3).enumerate() {
        tmux.type_text(&segment.reference_en);
        let end: String = segment.reference_en.chars().rev().take(12).collect();
        let end: String = end.chars().rev().collect();
        tmux.wait_for(&end);
        // Confirming stores the unit and asks the hung server for the next segment's
        // matches: the workspace moves on meanwhile, and takes the next key at once.
        tmux.keys(&["Enter"]);
        echoes.push(time_until(
            &tmux,
            |screen| screen.contains(&format!(" {}/27 │", index + 2)),
            "the next segment",
        ));
        tmux.type_text("Ω");
        echoes.push(time_until(&tmux, |screen| screen.contains("Ω"), "Ω typed"));
        tmux.keys(&["BSpace"]);
        if said.is_none() {
            said = Some(time_until(
                &tmux,
                |screen| {
                    screen.contains("TM server not answering")
                        || screen.contains("TM server unreachable")
                },
                "the server said not to answer",
            ));
        }
    }
    eprintln!(
        "hung server: echoes {:?} ms; said not answering {} ms after the first confirm",
        echoes.iter().map(|d| d.as_millis()).collect::<Vec<_>>(),
        (said.unwrap() + echoes[0] + echoes[1]).as_millis()
    );
    // Each echo well under the time one lookup may wait on the server (1 s): no key waited.
    let slowest = echoes.iter().max().unwrap();
    assert!(
        *slowest < std::time::Duration::from_millis(900),
        "a key waited {slowest:?} on the hung server"
    );
    assert_local_has(&xdg.join("data/passeur/memory.sqlite"), 3);
    server.thaw();
    tmux.wait_for("TM team ✓");
    for segment in gold.iter().take(3) {
        assert_eq!(rows_with_source(&url, &segment.text), 1, "{}", segment.text);
    }
    // Hung again: Ctrl+Q does not wait for it.
    server.freeze();
    tmux.go_to(10);
    let quitting = Instant::now();
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0", "{}", tmux.state_file("stderr"));
    let quit = quitting.elapsed();
    eprintln!("Ctrl+Q with a hung server: {} ms", quit.as_millis());
    assert!(
        quit < std::time::Duration::from_secs(3),
        "quitting took {quit:?}"
    );
    server.thaw();
}
