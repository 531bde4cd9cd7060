//! The memory as an attacker or a clumsy colleague would meet it: another process writing
//! the same SQLite file, a teammate's unit the server refuses, a changed team database, a
//! server that never answers, wrong credentials, someone else's SQLite database.
//! Real binary, real SQLite, the PostgreSQL server `.ci/run` starts or a private one.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::postgres::{PrivateServer, fresh_database};
use common::*;
use passeur::memory::desk::Desk;
use passeur::memory::sqlite::SqliteMemory;
use passeur::memory::{MemoryUnit, TranslationMemory};

fn unit(source: &str, target: &str) -> MemoryUnit {
    MemoryUnit {
        source: source.into(),
        target: target.into(),
        origin: "test".into(),
        document: "article.txt.passeur".into(),
        author: "desk-test".into(),
        ..MemoryUnit::default()
    }
}

fn init(url: &str) {
    let output = run(&["memory", "init", url], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn sql(url: &str, statements: &str) {
    let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
    client.batch_execute(statements).unwrap();
}

fn count_on_server(url: &str, source: &str) -> i64 {
    let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
    client
        .query_one("SELECT count(*) FROM unit WHERE source = $1", &[&source])
        .unwrap()
        .get(0)
}

#[test]
fn a_confirm_waits_for_another_process_writing_the_same_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.sqlite");
    let mut memory = SqliteMemory::open(&path).unwrap();
    memory.add(&[unit("Un.", "One.")]).unwrap();
    // Another process (an import, another workspace) holds the write lock for a moment and
    // commits while our write is under way.
    let other_path = path.clone();
    let holder = std::thread::spawn(move || {
        let connection = rusqlite::Connection::open(&other_path).unwrap();
        connection
            .execute_batch(
                "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('held', 'yes') \
                 ON CONFLICT (key) DO UPDATE SET value = 'yes';",
            )
            .unwrap();
        std::thread::sleep(Duration::from_millis(700));
        connection.execute_batch("COMMIT;").unwrap();
    });
    std::thread::sleep(Duration::from_millis(100));
    let added = memory.add(&[unit("Deux.", "Two."), unit("Trois.", "Three.")]);
    holder.join().unwrap();
    assert_eq!(added.unwrap(), 2, "the write waited for the lock");
    assert_eq!(memory.count().unwrap(), 3);
}

#[test]
fn control_characters_never_reach_a_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut memory = SqliteMemory::open(&dir.path().join("memory.sqlite")).unwrap();
    memory
        .add(&[unit("Il pleut\u{0}.", "It\u{1b}[2J rains\u{96}.")])
        .unwrap();
    let found = memory.concordance("rains", 5).unwrap().units;
    assert_eq!(found[0].1.source, "Il pleut.");
    assert_eq!(found[0].1.target, "It[2J rains.");
}

#[test]
fn a_unit_the_server_refuses_is_set_aside_and_the_queue_goes_on() {
    let url = fresh_database();
    init(&url);
    // The desk's administrator allows no unit marked as embargoed.
    sql(
        &url,
        "ALTER TABLE unit ADD CONSTRAINT no_embargo CHECK (target NOT LIKE '%EMBARGO%')",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.sqlite");
    {
        // An outbox written by an earlier version, whose first unit holds U+0000.
        let mut memory = SqliteMemory::open(&path).unwrap();
        memory.add(&[unit("Placeholder.", "Placeholder.")]).unwrap();
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection
            .execute(
                "UPDATE unit SET target = ?1, unit_hash = x'00' WHERE source = 'Placeholder.'",
                ["Null\u{0}byte."],
            )
            .unwrap();
        connection
            .execute("INSERT INTO outbox SELECT id FROM unit", [])
            .unwrap();
    }
    let local = SqliteMemory::open(&path).unwrap();
    let mut desk = Desk::new(local, Some(&url)).unwrap();
    desk.confirm(&[
        unit("Sous embargo.", "EMBARGO until noon."),
        unit("Il pleut.", "It is raining."),
    ])
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let status = desk.team_status().unwrap();
        if status.queued == 0 && status.set_aside == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "{status:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        count_on_server(&url, "Il pleut."),
        1,
        "the rest of the queue went on"
    );
    // The NUL was removed at the door: the unit arrived, without it.
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    let target: String = client
        .query_one("SELECT target FROM unit WHERE source = 'Placeholder.'", &[])
        .unwrap()
        .get(0);
    assert_eq!(target, "Nullbyte.");
    let refused = desk.set_aside().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].0.source, "Sous embargo.");
    assert!(refused[0].1.contains("no_embargo"), "{}", refused[0].1);
    drop(desk);
    // `memory count` names it.
    let home = home_with(&url);
    std::fs::create_dir_all(home.path().join("data/passeur")).unwrap();
    for suffix in ["", "-wal"] {
        let from = format!("{}{suffix}", path.display());
        if Path::new(&from).exists() {
            let to = home
                .path()
                .join(format!("data/passeur/memory.sqlite{suffix}"));
            std::fs::copy(&from, to).unwrap();
        }
    }
    let output = run_with_home(&["memory", "count"], b"", home.path());
    assert!(
        stdout(&output).contains("refused by the team server: Sous embargo."),
        "{}",
        stdout(&output)
    );
}

/// A translator's home with `memory: URL`.
fn home_with(url: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config/passeur")).unwrap();
    std::fs::write(
        home.path().join("config/passeur/config.yaml"),
        format!("memory: {url}\n"),
    )
    .unwrap();
    home
}

#[test]
fn a_changed_team_database_is_one_clear_error_not_a_panic() {
    for (change, said) in [
        (
            "ALTER TABLE unit ALTER COLUMN author DROP NOT NULL; \
             INSERT INTO unit (source, target, origin, document, author, created, changed, \
             previous, next, words, normalized_hash, unit_hash) VALUES ('a', 'b', '', '', NULL, \
             0, 0, '', '', 1, 0, 'x')",
            "column author accepts NULL",
        ),
        (
            "ALTER TABLE unit ALTER COLUMN words TYPE bigint",
            "column words is bigint",
        ),
        ("ALTER TABLE unit DROP COLUMN next", "no column next"),
        (
            "UPDATE passeur_meta SET value = '9' WHERE key = 'schema'",
            "memory schema version 9",
        ),
    ] {
        let url = fresh_database();
        init(&url);
        sql(&url, change);
        let home = home_with(&url);
        for args in [
            &["memory", "count"][..],
            &["memory", "lookup", "Il pleut."][..],
        ] {
            let output = run_with_home(args, b"", home.path());
            assert_clean_error(&output, said);
        }
    }
}

#[test]
fn a_server_that_accepts_and_never_answers_is_given_up_on() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        // Accepts, reads nothing, answers nothing.
        let mut open = Vec::new();
        for stream in listener.incoming().take(4) {
            open.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let url = format!("postgres://desk@127.0.0.1:{port}/passeur");
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("one.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"fr\"/><body>\
         <tu><tuv xml:lang=\"fr\"><seg>Il pleut.</seg></tuv><tuv xml:lang=\"en\"><seg>It \
         rains.</seg></tuv></tu></body></tmx>",
    )
    .unwrap();
    for args in [
        &["memory", "init", url.as_str()][..],
        &[
            "memory",
            "import",
            "--memory",
            url.as_str(),
            tmx.to_str().unwrap(),
        ][..],
    ] {
        let started = Instant::now();
        let output = run(args, b"");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("does not answer"),
            "{}",
            stderr(&output)
        );
        assert!(started.elapsed() < Duration::from_secs(20), "bounded");
    }
    drop(held);
}

#[test]
fn a_misconfigured_team_memory_is_an_error_never_a_silent_local_answer() {
    let server = PrivateServer::start();
    init(&server.url());
    let base = server.url();
    let (prefix, _) = base.rsplit_once('/').unwrap();
    // An unknown database; a schema too new is tested above.
    let home = home_with(&format!("{prefix}/nope"));
    let output = run_with_home(&["memory", "count"], b"", home.path());
    assert_clean_error(&output, "database \"nope\" does not exist");
    // TLS demanded from a server without it.
    let home = home_with(&format!("{base}?sslmode=require"));
    let output = run_with_home(&["memory", "export", "out.tmx"], b"", home.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!stdout(&output).contains("0 units"), "{}", stdout(&output));
    // Passwords: refused, and read from PGPASSWORD and ~/.pgpass, never printed.
    server.require_password("s3cr@t:pw");
    let with_password = base.replace("passeur@", "passeur:wrong@");
    let home = home_with(&with_password);
    let output = run_with_home(&["memory", "count"], b"", home.path());
    assert_clean_error(&output, "password refused");
    assert!(!stderr(&output).contains("wrong"), "{}", stderr(&output));
    let home = home_with(&format!("{base}?password=wrong"));
    let output = run_with_home(&["memory", "count"], b"", home.path());
    assert_clean_error(&output, "password refused");
    assert!(!stderr(&output).contains("wrong"), "{}", stderr(&output));
    let home = home_with(&base);
    let output = common::passeur()
        .args(["memory", "count"])
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("PGPASSWORD", "s3cr@t:pw")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("0 units\tpostgres://passeur@127.0.0.1"));
    let pgpass = home.path().join(".pgpass");
    let port = base.split(':').nth(2).unwrap().split('/').next().unwrap();
    std::fs::write(&pgpass, format!("127.0.0.1:{port}:*:passeur:s3cr@t\\:pw\n")).unwrap();
    std::fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let output = common::passeur()
        .args(["memory", "count"])
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("HOME", home.path())
        .env_remove("PGPASSWORD")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn giant_units_are_neither_imported_nor_fetched() {
    let url = fresh_database();
    init(&url);
    let giant = format!("Le mot rare {}", "bla ".repeat(40_000));
    // A teammate's older passeur stored one.
    sql(
        &url,
        &format!(
            "INSERT INTO unit (source, target, origin, document, author, created, changed, \
             previous, next, words, normalized_hash, unit_hash) VALUES ('{giant}', 'x', '', '', \
             '', 0, 0, '', '', 40003, 0, 'g')"
        ),
    );
    let home = home_with(&url);
    let output = run_with_home(&["memory", "concordance", "rare"], b"", home.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "never fetched");
    // An import leaves such units out.
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("big.tmx");
    std::fs::write(
        &tmx,
        format!(
            "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"fr\"/><body>\
             <tu><tuv xml:lang=\"fr\"><seg>{giant}</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\
             <tu><tuv xml:lang=\"fr\"><seg>Il pleut.</seg></tuv><tuv xml:lang=\"en\"><seg>It rains.</seg></tuv></tu>\
             </body></tmx>"
        ),
    )
    .unwrap();
    let local = dir.path().join("memory.sqlite");
    let output = run(
        &[
            "memory",
            "import",
            "--memory",
            local.to_str().unwrap(),
            tmx.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("1 new units"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn someone_elses_sqlite_database_is_not_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("places.sqlite");
    let connection = rusqlite::Connection::open(&places).unwrap();
    connection
        .execute_batch("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        .unwrap();
    drop(connection);
    let before = std::fs::read(&places).unwrap();
    let output = run(
        &["memory", "count", "--memory", places.to_str().unwrap()],
        b"",
    );
    assert_clean_error(&output, "not a passeur memory");
    assert!(std::fs::read(&places).unwrap() == before, "untouched");
    assert!(Path::new(&places).exists());
}
