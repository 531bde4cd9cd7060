//! Projects at scale: a 100,000-segment project (the seed article's segments with their
//! reference translations, repeated) saved atomically, opened, and exported to every format.
//! Run with `cargo bench --bench project`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::path::{Path, PathBuf};

use passeur::formats::{Context, ExportFormat, export};
use passeur::project::store::Store;
use passeur::project::{Header, Project, SourceKind, SourceSegment, Status};

fn main() {
    divan::main();
}

const SEGMENTS: usize = 100_000;

/// 100,000 segments, nine in ten translated (a mix of statuses and a few notes).
fn big_project() -> Project {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/segments.gold.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let pairs: Vec<(String, String)> = gold["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |key: &str| s[key].as_str().unwrap().to_owned();
            (text("text"), text("reference_en"))
        })
        .collect();
    let segments = (0..SEGMENTS)
        .map(|i| SourceSegment {
            paragraph: i / 3,
            text: format!("{} ({i})", pairs[i % pairs.len()].0),
            ..SourceSegment::default()
        })
        .collect();
    let header = Header::new(PathBuf::from("big.txt"), SourceKind::Text, "0".repeat(64));
    let mut project = Project::new(header, segments);
    for i in 0..SEGMENTS {
        if i % 10 == 9 {
            continue;
        }
        let status = [Status::Draft, Status::Confirmed, Status::Reviewed][i % 3];
        project.set_translation(i, &format!("{} ({i})", pairs[i % pairs.len()].1), status);
        if i % 50 == 0 {
            project.set_note(i, "Check this one & its <source>.");
        }
    }
    project
}

#[divan::bench(sample_count = 10)]
fn save_100k(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.passeur");
    let mut project = big_project();
    let mut store = Store::create(&path, &project).unwrap();
    bencher.bench_local(|| store.save(divan::black_box(&mut project)).unwrap());
}

#[divan::bench(sample_count = 10)]
fn open_100k(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.passeur");
    Store::create(&path, &big_project()).unwrap();
    bencher.bench_local(|| Store::open(divan::black_box(&path)).unwrap());
}

#[divan::bench(
    sample_count = 10,
    args = ["tmx", "xliff12", "xliff2", "csv", "tsv", "html", "md", "txt"]
)]
fn export_100k(bencher: divan::Bencher, format: &str) {
    use clap::ValueEnum;
    let format = ExportFormat::from_str(format, true).unwrap();
    let project = big_project();
    let glossary = passeur::glossary::sources::shipped_index();
    let context = Context {
        project: &project,
        original: "big.txt".into(),
        glossary: Some(&glossary),
        document: None,
        source_text: None,
        source_encoding: passeur::io::TextEncoding::Utf8,
        structure: None,
    };
    bencher.bench_local(|| {
        export(divan::black_box(format), &context)
            .unwrap()
            .text
            .len()
    });
}
