//! Helpers shared by the integration tests: running the real binary and finding `../shared`.
#![allow(dead_code)]

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
    let config = tempfile::tempdir().unwrap();
    let mut child = passeur()
        .args(args)
        .env("XDG_CONFIG_HOME", config.path())
        .env("XDG_DATA_HOME", config.path())
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
