//! The shared French segmentation benchmark (`../shared/eval/segmentation/score.py`) run on the
//! real binary: every golden case right, and F1 on sentence-final boundaries at or above the
//! bar on each Universal Dependencies set (the best peer, LanguageTool, reaches 0.985 / 0.996 /
//! 0.972); and the same scorer on our own French wire copy (`tests/data/news_fr.txt`).

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::process::Command;

/// Runs the shared scorer on data files (paths relative to its folder, or absolute); returns
/// a lookup of `(data set, field)`.
fn scores(files: &[&str]) -> impl Fn(&str, &str) -> f64 + use<> {
    let dir = common::shared().join("eval/segmentation");
    let binary = env!("CARGO_BIN_EXE_passeur");
    let output = Command::new("python3")
        .current_dir(&dir)
        .args(["score.py", "--json", "-", "--cmd"])
        .arg(format!("'{binary}' segment --lines"))
        .args(files)
        .output()
        .expect("python3 runs the scorer");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let json_start = text.find("\n[").map_or(0, |i| i + 1);
    let results: Vec<serde_json::Value> = serde_json::from_str(&text[json_start..]).unwrap();
    move |name: &str, field: &str| {
        results
            .iter()
            .find(|r| r["dataset"] == name)
            .unwrap_or_else(|| panic!("no result for {name}"))[field]
            .as_f64()
            .unwrap()
    }
}

#[test]
fn the_shared_benchmark_is_passed() {
    let score = scores(&[
        "data/golden_fr.jsonl",
        "data/golden_fr_languagetool.jsonl",
        "data/ud_fr_gsd.jsonl",
        "data/ud_fr_sequoia.jsonl",
        "data/ud_fr_partut.jsonl",
    ]);
    assert_eq!(score("golden_fr", "exact"), 1.0);
    assert_eq!(score("golden_fr_languagetool", "exact"), 1.0);
    for set in ["ud_fr_gsd", "ud_fr_sequoia", "ud_fr_partut"] {
        let f1 = score(set, "F1_term");
        assert!(f1 >= 0.993, "{set}: F1_term {f1} below 0.993");
    }
}

/// Our own wire copy, one sentence a line and an empty line between paragraphs, as the
/// scorer's JSON lines (`{"id", "text", "sentences"}`, the text being the sentences joined by
/// one space).
fn news_as_jsonl() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/news_fr.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let mut out = String::new();
    for (index, paragraph) in lines.split(|l| l.trim().is_empty()).enumerate() {
        if paragraph.is_empty() {
            continue;
        }
        let row = serde_json::json!({
            "id": format!("news-{}", index + 1),
            "text": paragraph.join(" "),
            "sentences": paragraph,
        });
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn our_french_wire_copy_is_segmented_right() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("news_fr.jsonl");
    let jsonl = news_as_jsonl();
    assert!(jsonl.lines().count() >= 100, "at least 100 paragraphs");
    std::fs::write(&data, jsonl).unwrap();
    let score = scores(&[data.to_str().unwrap()]);
    let f1 = score("news_fr", "F1_term");
    assert!(f1 >= 0.995, "news_fr: F1_term {f1} below 0.995");
}
