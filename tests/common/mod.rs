//! Helpers shared by the integration tests: running the real binary and finding `../shared`.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // test helpers: a failure is the test failing

pub mod http;
pub mod postgres;
pub mod tmux;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `passeur` binary built for the tests.
pub fn passeur() -> Command {
    Command::new(env!("CARGO_BIN_EXE_passeur"))
}

/// `../shared`, beside the repository.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The seed article.
pub fn seed_article() -> PathBuf {
    shared().join("seed/000_a5713debe8934e33.txt")
}

/// Runs `passeur ARGS` with `stdin` as standard input and an empty user configuration.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let home = tempfile::tempdir().unwrap();
    run_with_home(args, stdin, home.path())
}

/// Runs `passeur ARGS` with the user's configuration, data and cache under `home`, so that
/// several runs share them (the translation memory, for instance).
pub fn run_with_home(args: &[&str], stdin: &[u8], home: &Path) -> Output {
    let mut child = passeur()
        .args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Runs `passeur export PROJECT --to FORMAT -o OUT`.
pub fn export_to(project: &Path, format: &str, out: &Path) -> Output {
    run(
        &[
            "export",
            project.to_str().unwrap(),
            "--to",
            format,
            "-o",
            out.to_str().unwrap(),
        ],
        b"",
    )
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts a clean failure: exit status 2, one line on stderr naming `needle`, no panic.
#[track_caller]
pub fn assert_clean_error(output: &Output, needle: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert!(!err.contains("panicked"), "{err}");
}

/// One segment of the seed's gold data.
pub struct Gold {
    pub text: String,
    pub reference_en: String,
}

/// The 27 gold segments of the seed article with their reference translation.
pub fn gold() -> Vec<Gold> {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("seed/segments.gold.json")).unwrap(),
    )
    .unwrap();
    json["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Gold {
            text: s["text"].as_str().unwrap().to_owned(),
            reference_en: s["reference_en"].as_str().unwrap().to_owned(),
        })
        .collect()
}

/// Copies the seed article into `dir` as `article.txt` and creates its project with
/// `passeur init`; returns the project path.
pub fn seed_project(dir: &Path) -> PathBuf {
    let article = dir.join("article.txt");
    std::fs::copy(seed_article(), &article).unwrap();
    let output = run(&["init", article.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    PathBuf::from(stdout(&output).trim())
}

/// The seed project translated with the reference translation: segments 1–3 reviewed, the
/// rest confirmed, a note on segment 2; the last `untranslated` segments left untranslated.
pub fn translated_seed_project(dir: &Path, untranslated: usize) -> PathBuf {
    use passeur::project::Status;
    use passeur::project::store::Store;
    let path = seed_project(dir);
    let (mut store, mut project) = Store::open(&path).unwrap();
    let gold = gold();
    assert_eq!(project.len(), gold.len());
    for (index, segment) in gold.iter().enumerate().take(gold.len() - untranslated) {
        assert_eq!(project.unit(index).source, segment.text);
        let status = if index < 3 {
            Status::Reviewed
        } else {
            Status::Confirmed
        };
        project.set_translation(index, &segment.reference_en, status);
    }
    project.set_note(1, "Uzbekistan: check the summit's date & <venue>.");
    store.save(&mut project).unwrap();
    path
}

/// The schemas of the interop checker in `../shared`.
pub fn schemas() -> PathBuf {
    shared().join("eval/interop/schemas")
}

/// Runs xmllint as DESIGN.md says (offline, through the schemas' catalog); returns its stderr
/// when it fails.
pub fn xmllint(file: &Path, how: &[&str]) -> Result<(), String> {
    let output = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas().join("catalog.xml"))
        .args(["--noout", "--nonet"])
        .args(how)
        .arg(file)
        .output()
        .expect("xmllint is installed by .ci/run");
    match output.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}
