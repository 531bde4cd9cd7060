//! Agency packages as translators receive them: Trados, memoQ, Phrase and Okapi-shaped XLIFF
//! (`tests/data/agency/`, written for these tests after each tool's documented shape) opened
//! with their true statuses, one segment per `<mrk>`, locked segments left alone by every way
//! in, and written back where each tool looks.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};

use common::tmux::Tmux;
use common::{export_to, passeur, run, stderr, stdout, xmllint};
use passeur::project::Status;
use passeur::project::store::Store;
use passeur::source::xliff;

/// A copy of an agency file in `dir`, with `edit` applied to its text.
fn agency_copy(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(format!("tests/data/agency/{name}")).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edit(text)).unwrap();
    path
}

fn init(source: &Path) -> PathBuf {
    let output = run(&["init", source.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    PathBuf::from(stdout(&output).trim())
}

/// The `stats` row named `name`, its cells split on spaces.
fn stats_row(project: &Path, name: &str) -> Vec<String> {
    let output = run(&["stats", project.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|line| line.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} row in\n{text}"));
    line[name.len()..]
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

const FRESH_UNIT: &str = "9f2c41d0-7b1e-4a57-b3a2-5c0e8d1f6a01";

#[test]
fn a_fresh_trados_file_opens_untranslated_and_one_segment_goes_back_into_its_mrk() {
    let dir = tempfile::tempdir().unwrap();
    let source = agency_copy(dir.path(), "trados-fresh.sdlxliff", |text| text);
    let original = std::fs::read_to_string(&source).unwrap();
    let project_path = init(&source);
    assert_eq!(stats_row(&project_path, "translated"), ["0", "0", "0%"]);
    assert_eq!(
        stats_row(&project_path, "untranslated"),
        ["4", "28", "100%"]
    );
    let (mut store, mut project) = Store::open(&project_path).unwrap();
    let units: Vec<(&str, &str, Status)> = project
        .units()
        .iter()
        .map(|u| (u.id.as_str(), u.source.as_str(), u.status))
        .collect();
    assert_eq!(units.len(), 4, "a segment per mrk: {units:?}");
    assert_eq!(
        units[1],
        (
            &*format!("{FRESH_UNIT}/2"),
            "Les chefs d’État arrivent dès lundi.",
            Status::New
        )
    );
    assert!(units.iter().all(|(_, _, status)| *status == Status::New));

    let index = project.position(&format!("{FRESH_UNIT}/2")).unwrap();
    assert!(project.set_translation(
        index,
        "Heads of state arrive from Monday.",
        Status::Confirmed
    ));
    store.save(&mut project).unwrap();
    let written_path = dir.path().join("sommet.en.sdlxliff");
    let output = export_to(&project_path, "original", &written_path);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&written_path).unwrap();
    let expected = original
        .replacen(
            "<mrk mtype=\"seg\" mid=\"2\"/>",
            "<mrk mtype=\"seg\" mid=\"2\">Heads of state arrive from Monday.</mrk>",
            1,
        )
        .replacen(
            "<sdl:seg id=\"2\"/>",
            "<sdl:seg id=\"2\" conf=\"Translated\"/>",
            1,
        );
    assert_eq!(written, expected, "only that mrk and its conf differ");
    xmllint(&written_path, &["--noout"]).unwrap();
    let again = xliff::read(&written, &written_path).unwrap();
    let translated: Vec<(&str, Status)> = again
        .units
        .iter()
        .filter(|u| u.status != Status::New)
        .map(|u| (u.id.as_str(), u.status))
        .collect();
    assert_eq!(
        translated,
        [(&*format!("{FRESH_UNIT}/2"), Status::Confirmed)]
    );
}

#[test]
fn locked_segments_are_left_alone_by_import_pretranslation_and_mt() {
    let dir = tempfile::tempdir().unwrap();
    // The fresh file with its second segment locked while still empty, and the statuses file
    // with two locked translations.
    let fresh = agency_copy(dir.path(), "trados-fresh.sdlxliff", |text| {
        text.replacen(
            "<sdl:seg id=\"2\"/>",
            "<sdl:seg id=\"2\" locked=\"true\"/>",
            1,
        )
    });
    let statuses = agency_copy(dir.path(), "trados-statuses.sdlxliff", |text| text);
    let statuses_project = init(&statuses);
    assert_eq!(stats_row(&statuses_project, "locked"), ["2", "2", "28%"]);

    // Import: a table that changes every translation.
    let table = dir.path().join("all.tsv");
    let output = export_to(&statuses_project, "tsv", &table);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changed: String = std::fs::read_to_string(&table)
        .unwrap()
        .lines()
        .map(|line| {
            let mut cells: Vec<String> = line.split('\t').map(str::to_owned).collect();
            cells[2] = cells[2].replace('.', "!");
            cells.join("\t") + "\n"
        })
        .collect();
    std::fs::write(&table, changed).unwrap();
    let output = run(
        &[
            "import",
            statuses_project.to_str().unwrap(),
            table.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output)
            .contains("locked in the client's file, left as the file has them: u1/3 u2/7"),
        "{}",
        stdout(&output)
    );
    let (_, project) = Store::open(&statuses_project).unwrap();
    let targets: Vec<(&str, &str, bool)> = project
        .units()
        .iter()
        .map(|u| (u.id.as_str(), u.target.as_str(), u.locked))
        .collect();
    assert_eq!(targets[2], ("u1/3", "Third.", true));
    assert_eq!(targets[6], ("u2/7", "Seventh.", true));
    assert_eq!(targets[0], ("u1/1", "First draft!", false));

    // MT: a command engine that answers every line; the locked empty segment gets nothing.
    let fresh_project = init(&fresh);
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("config/passeur")).unwrap();
    let engine = serde_json::to_string(&[
        "sh",
        "-c",
        "while read -r line; do echo '{\"target\": \"Drafted.\"}'; done",
    ])
    .unwrap();
    std::fs::write(
        home.join("config/passeur/config.yaml"),
        format!("mt:\n  provider: command\n  command: {engine}\n"),
    )
    .unwrap();
    let output = passeur()
        .args(["mt", "--raw", fresh_project.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("3 segments machine-translated")
            && said.contains("1 segments locked in the client's file"),
        "{said}"
    );
    let (_, project) = Store::open(&fresh_project).unwrap();
    let targets: Vec<&str> = project.units().iter().map(|u| u.target.as_str()).collect();
    assert_eq!(targets, ["Drafted.", "", "Drafted.", "Drafted."]);

    // Pre-translation from a memory that knows the locked sentence.
    let tmx = dir.path().join("memory.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
         creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" \
         adminlang=\"en\" srclang=\"fr\" datatype=\"plaintext\"/><body><tu><tuv xml:lang=\"fr\">\
         <seg>Les chefs d’État arrivent dès lundi.</seg></tuv><tuv xml:lang=\"en\"><seg>Leaders \
         come on Monday.</seg></tuv></tu></body></tmx>\n",
    )
    .unwrap();
    let output = passeur()
        .args([
            "pretranslate",
            fresh_project.to_str().unwrap(),
            "--tm",
            tmx.to_str().unwrap(),
        ])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("0 segments pre-filled")
            && stdout(&output).contains("1 segments locked in the client's file"),
        "{}",
        stdout(&output)
    );
    let (_, project) = Store::open(&fresh_project).unwrap();
    assert_eq!(project.unit(1).target, "");
}

#[test]
fn a_locked_segment_cannot_be_edited_in_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xdg")).unwrap();
    agency_copy(dir.path(), "trados-statuses.sdlxliff", |text| text);
    let tmux = Tmux::start(
        dir.path(),
        &dir.path().join("xdg"),
        "open trados-statuses.sdlxliff",
    );
    tmux.wait_for("1/7");
    tmux.keys(&["C-g"]);
    tmux.type_text("3");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Source 3/7");
    tmux.wait_for("locked in the client's file");
    tmux.type_text("Overwritten");
    tmux.wait_for("Segment 3 is locked in the client's file");
    tmux.keys(&["C-Enter"]);
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let (_, project) = Store::open(&dir.path().join("trados-statuses.sdlxliff.passeur")).unwrap();
    let unit = project.unit(2);
    assert_eq!(
        (unit.target.as_str(), unit.status, unit.locked),
        ("Third.", Status::Reviewed, true)
    );
}

#[test]
fn memoq_phrase_and_okapi_files_open_with_their_tools_statuses() {
    let dir = tempfile::tempdir().unwrap();
    // (file, translated segments, reviewed, draft, untranslated)
    let cases = [
        ("memoq.mqxliff", "4", "2", "4", "1"),
        ("phrase.mxliff", "2", "0", "1", "1"),
        ("okapi-copy-source.xlf", "1", "0", "0", "2"),
    ];
    for (name, translated, reviewed, draft, untranslated) in cases {
        let project = init(&agency_copy(dir.path(), name, |text| text));
        let segments = |row: &str| stats_row(&project, row)[0].clone();
        assert_eq!(
            [
                segments("translated"),
                segments("reviewed"),
                segments("draft"),
                segments("untranslated")
            ],
            [translated, reviewed, draft, untranslated],
            "{name}"
        );
    }
}
