//! Translation memory, pre-translation, QA checks and statistics on the seed article, through
//! the real binary.

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
