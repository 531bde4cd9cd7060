//! The shared French segmentation benchmark (`../shared/eval/segmentation/score.py`) run on the
//! real binary: every golden case right, and F1 on sentence-final boundaries at or above the
//! bar on each Universal Dependencies set (the best peer, LanguageTool, reaches 0.985 / 0.996 /
//! 0.972).

mod common;

use std::process::Command;

#[test]
fn the_shared_benchmark_is_passed() {
    let dir = common::shared().join("eval/segmentation");
    let binary = env!("CARGO_BIN_EXE_passeur");
    let output = Command::new("python3")
        .current_dir(&dir)
        .args(["score.py", "--json", "-", "--cmd"])
        .arg(format!("'{binary}' segment --lines"))
        .args([
            "data/golden_fr.jsonl",
            "data/golden_fr_languagetool.jsonl",
            "data/ud_fr_gsd.jsonl",
            "data/ud_fr_sequoia.jsonl",
            "data/ud_fr_partut.jsonl",
        ])
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
    let score = |name: &str, field: &str| {
        results
            .iter()
            .find(|r| r["dataset"] == name)
            .unwrap_or_else(|| panic!("no result for {name}"))[field]
            .as_f64()
            .unwrap()
    };
    assert_eq!(score("golden_fr", "exact"), 1.0);
    assert_eq!(score("golden_fr_languagetool", "exact"), 1.0);
    for set in ["ud_fr_gsd", "ud_fr_sequoia", "ud_fr_partut"] {
        let f1 = score(set, "F1_term");
        assert!(f1 >= 0.993, "{set}: F1_term {f1} below 0.993");
    }
}
