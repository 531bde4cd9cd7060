//! What several benchmarks read from `../shared`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared`, beside the repository.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The seed article's sentences and their reference translations.
pub fn seed_pairs() -> Vec<(String, String)> {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("seed/segments.gold.json")).unwrap(),
    )
    .unwrap();
    gold["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().to_owned(),
                s["reference_en"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
