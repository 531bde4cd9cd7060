//! Translation memory, pre-translation, QA checks and statistics on the seed article, through
//! the real binary.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};

use common::*;
use passeur::project::Status;
use passeur::project::store::Store;

/// A TMX of the seed article's reference translation, exported by passeur.
fn seed_tmx(dir: &Path) -> PathBuf {
    let translated = dir.join("translated");
    std::fs::create_dir(&translated).unwrap();
    let project = translated_seed_project(&translated, 0);
    let tmx = dir.join("seed.tmx");
    let output = export_to(&project, "tmx", &tmx);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    tmx
}

fn fresh_project(dir: &Path) -> PathBuf {
    let fresh = dir.join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    seed_project(&fresh)
}

#[test]
fn a_tmx_of_the_seed_prefills_a_fresh_project_as_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = seed_tmx(dir.path());
    let project = fresh_project(dir.path());
    let output = run(
        &[
            "pretranslate",
            project.to_str().unwrap(),
            "--tm",
            tmx.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("27 segments pre-filled as drafts (27 exact"),
        "{}",
        stdout(&output)
    );
    let (_, filled) = Store::open(&project).unwrap();
    let gold = gold();
    for (unit, gold) in filled.units().iter().zip(&gold) {
        assert_eq!(unit.status, Status::Draft, "never confirmed by itself");
        assert_eq!(unit.target, gold.reference_en);
    }
}

#[test]
fn the_memory_store_imports_and_serves_later_commands() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let tmx = seed_tmx(dir.path());
    let output = run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("seed.tmx: 27 units"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("27 new units"));
    // Importing again adds nothing.
    let output = run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &home);
    assert!(
        stdout(&output).contains("0 new units"),
        "{}",
        stdout(&output)
    );
    // One word changed: a fuzzy match of at least 85% showing the change.
    let gold = gold();
    let changed = gold[0].text.replace("mercredi", "jeudi");
    let output = run_with_home(&["memory", "lookup", &changed], b"", &home);
    let first = stdout(&output)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let score: u8 = first.split('%').next().unwrap().parse().unwrap();
    assert!(score >= 85, "{first}");
    assert!(first.contains("[-mercredi-] {+jeudi+}"), "{first}");
    assert!(
        first.contains(&format!("\t{}\t(seed.tmx", gold[0].reference_en)),
        "the translation, then where it comes from: {first}"
    );
    let output = run_with_home(&["memory", "concordance", "Routes de la soie"], b"", &home);
    assert!(
        stdout(&output).contains("Belt and Road"),
        "{}",
        stdout(&output)
    );
    // A common word: the newest units up to the limit, and how many there are in all.
    let every_la = gold.iter().filter(|g| {
        let folded = passeur::memory::concordance::Query::new("la");
        folded.matches(&passeur::memory::MemoryUnit {
            source: g.text.clone(),
            target: g.reference_en.clone(),
            ..Default::default()
        })
    });
    let total = every_la.count();
    assert!(total > 3, "the seed has `la` in {total} segments");
    let output = run_with_home(&["memory", "concordance", "LA", "--limit", "3"], b"", &home);
    assert_eq!(stdout(&output).lines().count(), 3, "{}", stdout(&output));
    assert!(
        stderr(&output).contains(&format!("3 of {total} units shown (--limit N shows more)")),
        "{}",
        stderr(&output)
    );
    let output = run_with_home(&["memory", "concordance", "« »"], b"", &home);
    common::assert_clean_error(&output, "a concordance query needs a word");
    // A fresh project pre-fills from the stored memory, and stats count the 100% matches.
    let fresh = dir.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    std::fs::copy(seed_article(), fresh.join("article.txt")).unwrap();
    let output = run_with_home(
        &["init", fresh.join("article.txt").to_str().unwrap()],
        b"",
        &home,
    );
    let project = stdout(&output).trim().to_owned();
    let output = run_with_home(&["stats", &project], b"", &home);
    let report = stdout(&output);
    let hundred = report.lines().find(|l| l.starts_with("TM 100%")).unwrap();
    assert_eq!(hundred.split_whitespace().nth(2), Some("27"), "{report}");
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("untranslated") && l.contains(" 27 ")),
        "{report}"
    );
    let output = run_with_home(&["pretranslate", &project], b"", &home);
    assert!(
        stdout(&output).starts_with("27 segments pre-filled"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn check_finds_planted_errors_at_their_segments() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 1);
    let gold = gold();
    let (mut store, mut project) = Store::open(&path).unwrap();
    // Segment 24: a changed number; 11: the glossary term missing; 9: French quotes left.
    project.set_translation(
        23,
        &gold[23].reference_en.replace("2020", "2021"),
        Status::Confirmed,
    );
    project.set_translation(
        10,
        &gold[10]
            .reference_en
            .replace("“Belt and Road”", "silk initiative"),
        Status::Confirmed,
    );
    project.set_translation(
        8,
        &gold[8]
            .reference_en
            .replace('“', "«\u{a0}")
            .replace('”', "\u{a0}»"),
        Status::Confirmed,
    );
    store.save(&mut project).unwrap();
    let output = run(&["check", path.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stdout(&output);
    for expected in [
        "24 (s24): error: numbers: numbers differ: 2020 not in the translation; 2021 not in the source",
        "11 (s11): warning: glossary-missing: glossary: \"nouvelles «\u{a0}Routes de la soie\u{a0}»\" should be rendered \"Belt and Road\"",
        "9 (s9): error: french-quotes:",
        "27 (s27): error: untranslated:",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    let output = run(&["check", "--json", path.to_str().unwrap()], b"");
    let first: serde_json::Value =
        serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert!(
        first["segment"].is_u64() && first["check"].is_string() && first["severity"].is_string()
    );
}

#[test]
fn the_reference_translation_has_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 0);
    let output = run(&["check", path.to_str().unwrap()], b"");
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(
        report.lines().last().unwrap().starts_with("0 errors"),
        "{report}"
    );
}

#[test]
fn bad_tmx_files_are_refused_and_the_memory_stays_intact() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let tmx = seed_tmx(dir.path());
    run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &home);
    let count = || stdout(&run_with_home(&["memory", "count"], b"", &home));
    let before = count();
    assert!(before.starts_with("27 units\t"), "{before}");
    let good = std::fs::read_to_string(&tmx).unwrap();
    let import = |name: &str, text: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        run_with_home(&["memory", "import", file.to_str().unwrap()], b"", &home)
    };
    let output = import("cut.tmx", &good[..good.find("</body>").unwrap()]);
    assert_clean_error(&output, "cut.tmx:");
    assert_clean_error(&output, "the file is truncated: <body> is not closed");
    let output = import("broken.tmx", &good[..good.len() * 2 / 3]);
    assert_clean_error(&output, "broken.tmx:");
    let output = import(
        "xxe.tmx",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tmx version=\"1.4\"><body/></tmx>",
    );
    assert_clean_error(&output, "xxe.tmx:2:1: the DOCTYPE declares XML entities");
    let output = import(
        "lol.tmx",
        "<!DOCTYPE tmx [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><tmx version=\"1.4\"><body><tu><tuv xml:lang=\"fr\"><seg>&b;</seg></tuv></tu></body></tmx>",
    );
    assert_clean_error(&output, "lol.tmx:1:1: the DOCTYPE declares XML entities");
    let output = import(
        "nobody.tmx",
        "<tmx version=\"1.4\"><header srclang=\"fr\"/></tmx>",
    );
    assert_clean_error(&output, "no <body>");
    assert_eq!(count(), before, "memory untouched");
    // Mixed language pairs: the French–English units are taken, the others counted.
    let mixed = "<tmx version=\"1.4\"><header srclang=\"fr-FR\"/><body>\
        <tu><tuv xml:lang=\"fr_FR\"><seg>Bonjour.</seg></tuv><tuv xml:lang=\"EN-gb\"><seg>Hello.</seg></tuv></tu>\
        <tu><tuv xml:lang=\"de\"><seg>Hallo.</seg></tuv><tuv xml:lang=\"en\"><seg>Hello.</seg></tuv></tu>\
        <tu><tuv xml:lang=\"FR\"><seg>Merci.</seg></tuv><tuv xml:lang=\"es\"><seg>Gracias.</seg></tuv></tu>\
        </body></tmx>";
    let output = import("mixed.tmx", mixed);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("mixed.tmx: 1 units, 2 skipped"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn check_reports_misspellings_but_not_names_or_glossary_terms() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("article.txt");
    std::fs::write(
        &source,
        "M. Tokaïev a reçu le gouvernement du Kazakhstan.\n",
    )
    .unwrap();
    let output = run(&["init", source.to_str().unwrap()], b"");
    let project = std::path::PathBuf::from(stdout(&output).trim());
    {
        use passeur::project::{Status, store::Store};
        let (mut store, mut opened) = Store::open(&project).unwrap();
        opened.set_translation(
            0,
            "Mr Tokayev received the goverment of Kazakstan.",
            Status::Confirmed,
        );
        store.save(&mut opened).unwrap();
    }
    let output = run(&["check", project.to_str().unwrap()], b"");
    let report = stdout(&output);
    assert!(
        report.contains(
            "warning: spelling: \"goverment\" is not in the dictionary (perhaps \"government\")"
        ),
        "{report}{}",
        stderr(&output)
    );
    assert!(
        report.contains("spelling: \"Kazakstan\" is not"),
        "{report}"
    );
    assert!(
        !report.contains("\"Tokayev\""),
        "a glossary target is not flagged: {report}"
    );
}

/// A TMX file of `n` distinct French–English units.
fn numbered_tmx(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"fr\"/><body>\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "<tu><tuv xml:lang=\"fr\"><seg>Le sommet numéro {i} s’ouvre à Samarcande avec le délégué{i}.</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>Summit number {i} opens in Samarkand with delegate{i}.</seg></tuv></tu>\n"
        ));
    }
    text.push_str("</body></tmx>\n");
    let path = dir.join("numbered.tmx");
    std::fs::write(&path, text).unwrap();
    path
}

fn open_memory(home: &Path) -> passeur::memory::sqlite::SqliteMemory {
    passeur::memory::sqlite::SqliteMemory::open(&home.join("data/passeur/memory.sqlite")).unwrap()
}

#[test]
fn a_bad_unit_deep_in_a_large_file_leaves_the_memory_as_it_was() {
    use passeur::memory::TranslationMemory as _;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let seed = seed_tmx(dir.path());
    run_with_home(&["memory", "import", seed.to_str().unwrap()], b"", &home);
    assert_eq!(open_memory(&home).count().unwrap(), 27);
    // 25,000 good units, then one whose <seg> holds an undefined entity on line 25,003,
    // then more: two batches of 10,000 would have been written before it in one pass.
    let good = std::fs::read_to_string(numbered_tmx(dir.path(), 30_000)).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let bad = "<tu><tuv xml:lang=\"fr\"><seg>Un &nbsp; ici.</seg></tuv>\
               <tuv xml:lang=\"en\"><seg>Here.</seg></tuv></tu>";
    lines.insert(25_002, bad);
    let file = dir.path().join("deep.tmx");
    std::fs::write(&file, lines.join("\n")).unwrap();
    // A good file first: the bad second one stops everything before the memory is touched.
    let output = run_with_home(
        &[
            "memory",
            "import",
            seed.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        b"",
        &home,
    );
    assert_clean_error(&output, "deep.tmx:25003:");
    assert_clean_error(&output, "undefined entity &nbsp;");
    assert_eq!(open_memory(&home).count().unwrap(), 27, "memory as it was");
    // The same units in UTF-16 (as Trados exports them) go in whole.
    let mut utf16 = vec![0xFF, 0xFE];
    let text = good.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let file = dir.path().join("utf16.tmx");
    std::fs::write(&file, utf16).unwrap();
    let output = run_with_home(&["memory", "import", file.to_str().unwrap()], b"", &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("utf16.tmx: 30000 units\n30000 new units in "),
        "{}",
        stdout(&output)
    );
    let found = open_memory(&home).concordance("délégué29999", 5).unwrap();
    assert_eq!(
        found.units[0].1.target,
        "Summit number 29999 opens in Samarkand with delegate29999."
    );
}

#[test]
fn an_import_killed_midway_keeps_every_committed_unit_and_can_be_run_again() {
    use passeur::memory::TranslationMemory as _;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let tmx = numbered_tmx(dir.path(), 45_000);
    let mut child = passeur()
        .args(["memory", "import", tmx.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PASSEUR_TEST_PAUSE_BETWEEN_BATCHES_MS", "3000")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed (SIGKILL) once the first batch of 10,000 is committed, before the last: the
    // import pauses 3 s after each batch, so the kill lands between batches.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let path = home.join("data/passeur/memory.sqlite");
        if path.exists() && open_memory(&home).count().unwrap() >= 10_000 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no batch committed");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before the kill"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut memory = open_memory(&home);
    let count = memory.count().unwrap();
    assert!(
        count.is_multiple_of(10_000) && (10_000..45_000).contains(&count),
        "whole batches only: {count}"
    );
    // Readable: every unit comes out, the database checks clean, lookups work.
    let mut seen = 0;
    memory.for_each(&mut |_, _| seen += 1).unwrap();
    assert_eq!(seen, count);
    let check = rusqlite::Connection::open(home.join("data/passeur/memory.sqlite"))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0))
        .unwrap();
    assert_eq!(check, "ok");
    let found = memory
        .lookup(
            "Le sommet numéro 7 s’ouvre à Samarcande avec le délégué7 !",
            &passeur::memory::Lookup::default(),
        )
        .unwrap();
    assert_eq!(
        found[0].unit.target,
        "Summit number 7 opens in Samarkand with delegate7."
    );
    drop(memory);
    // Run again: the rest goes in, nothing twice.
    let output = run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let added = 45_000 - count;
    assert!(
        stdout(&output).contains(&format!("{added} new units")),
        "{}",
        stdout(&output)
    );
    assert_eq!(open_memory(&home).count().unwrap(), 45_000);
}

#[test]
fn the_memory_of_earlier_versions_moves_into_the_database_once() {
    use passeur::memory::TranslationMemory as _;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let old = home.join("data/passeur/memory");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(
        old.join("units.jsonl"),
        "{\"source\":\"Il pleut sur Samarcande.\",\"target\":\"It is raining on Samarkand.\",\"origin\":\"old.tmx\"}\n\
         {\"source\":\"Bonjour.\",\"target\":\"Hello.\",\"origin\":\"old.tmx\"}\n",
    )
    .unwrap();
    // A translated project recorded by an earlier version, and one that is gone since.
    let translated = dir.path().join("translated");
    std::fs::create_dir(&translated).unwrap();
    let project = translated_seed_project(&translated, 2);
    std::fs::write(
        old.join("projects.txt"),
        format!("{}\n/nowhere/gone.passeur\n", project.display()),
    )
    .unwrap();
    let output = run_with_home(&["memory", "count"], b"", &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("27 units\t"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("moved the earlier memory into")
            && stderr(&output).contains("2 imported units, 25 units from 1 projects"),
        "{}",
        stderr(&output)
    );
    // The project's segments keep their neighbours: a context match.
    let gold = gold();
    let output = run_with_home(
        &[
            "memory",
            "lookup",
            &gold[1].text,
            "--previous",
            &gold[0].text,
            "--next",
            &gold[2].text,
        ],
        b"",
        &home,
    );
    assert!(stdout(&output).starts_with("101%\t"), "{}", stdout(&output));
    // Once only; the old files stay where they were.
    let output = run_with_home(&["memory", "count"], b"", &home);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("27 units\t"));
    assert!(old.join("units.jsonl").exists());
    assert_eq!(open_memory(&home).count().unwrap(), 27);
}

#[test]
fn memory_names_another_sqlite_memory_for_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let tmx = seed_tmx(dir.path());
    let other = dir.path().join("desk.sqlite");
    let other = other.to_str().unwrap();
    let output = run_with_home(
        &["memory", "import", tmx.to_str().unwrap(), "--memory", other],
        b"",
        &home,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!("27 new units in {other}")),
        "{}",
        stdout(&output)
    );
    let count = |extra: &[&str]| {
        let mut args = vec!["memory", "count"];
        args.extend(extra);
        stdout(&run_with_home(&args, b"", &home))
    };
    assert_eq!(count(&["--memory", other]), format!("27 units\t{other}\n"));
    assert!(
        count(&[]).starts_with("0 units\t"),
        "the own memory untouched"
    );
    // Exported whole, and the export is a TMX other tools read.
    let out = dir.path().join("desk.tmx");
    let output = run_with_home(
        &["memory", "export", out.to_str().unwrap(), "--memory", other],
        b"",
        &home,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("27 units written"),
        "{}",
        stdout(&output)
    );
    xmllint(&out, &[]).unwrap();
    // No folder of this machine in a file meant for others.
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(
        !exported.contains(dir.path().to_str().unwrap()),
        "a local path in the export"
    );
    assert!(!exported.contains("type=\"file\""));
    // The independent checker: the TMX DTD and translate-toolkit read the 27 units back.
    let units: Vec<serde_json::Value> = gold()
        .iter()
        .enumerate()
        .map(|(i, g)| serde_json::json!({"id": (i + 1).to_string(), "source": g.text, "target": g.reference_en}))
        .collect();
    let expect = dir.path().join("expect.json");
    std::fs::write(
        &expect,
        serde_json::json!({"srclang": "fr", "tgtlang": "en", "units": units}).to_string(),
    )
    .unwrap();
    let output = std::process::Command::new("bash")
        .arg(shared().join("eval/interop/check"))
        .arg(&out)
        .arg("--expect")
        .arg(&expect)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success()
            && report
                .lines()
                .last()
                .unwrap_or_default()
                .starts_with("OK tmx 27 units"),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
