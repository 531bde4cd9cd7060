//! Projects at scale: a 100,000-segment project (the seed article's segments with their
//! reference translations, repeated) saved atomically, opened, and exported to every format.
//! Run with `cargo bench --bench project`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::path::{Path, PathBuf};

use passeur::formats::{Context, ExportFormat, export};
use passeur::project::store::Store;
use passeur::project::{Header, Project, SourceKind, SourceSegment, Status};

fn main() {
    for segments in [1_000, 10_000, 40_000] {
        let (read, written) = io_of_one_edit_saves(segments);
        println!(
            "a save after one edit, {segments} segments: {read} bytes read, {written} bytes \
             written (mean of 20 saves, the workspace's way)"
        );
    }
    divan::main();
}

const SEGMENTS: usize = 100_000;

/// Bytes this process read and wrote so far (`/proc/self/io`: every read and write call,
/// whatever the page cache does).
fn io_counters() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/self/io").unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap()
    };
    (field("rchar:"), field("wchar:"))
}

/// The mean bytes read and written by a save after a one-segment edit.
fn io_of_one_edit_saves(segments: usize) -> (u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.passeur");
    let mut project = project_of(segments);
    Store::create(&path, &project).unwrap();
    let (mut store, _) = Store::open(&path).unwrap();
    store.save_edits(&mut project).unwrap(); // the session's first save writes it whole
    let (read, written) = io_counters();
    for n in 0..20 {
        edit_one(&mut project, n);
        store.save_edits(&mut project).unwrap();
    }
    let (read_after, written_after) = io_counters();
    // Less the reading of /proc/self/io itself.
    ((read_after - read) / 20, (written_after - written) / 20)
}

/// A one-word change to one segment's translation, as a translator's confirm makes.
fn edit_one(project: &mut Project, n: usize) {
    let at = (n * 7919) % project.len();
    let target = format!("{} (edit {n})", project.unit(at).target);
    project.set_translation(at, &target, Status::Confirmed);
}

/// 100,000 segments, nine in ten translated (a mix of statuses and a few notes).
fn big_project() -> Project {
    project_of(SEGMENTS)
}

/// `segments` segments, nine in ten translated (a mix of statuses and a few notes).
fn project_of(segments: usize) -> Project {
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
    let count = segments;
    let segments = (0..count)
        .map(|i| SourceSegment {
            paragraph: i / 3,
            text: format!("{} ({i})", pairs[i % pairs.len()].0),
            ..SourceSegment::default()
        })
        .collect();
    let header = Header::new(PathBuf::from("big.txt"), SourceKind::Text, "0".repeat(64));
    let mut project = Project::new(header, segments);
    for i in 0..count {
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

/// A save after a one-segment edit, the workspace's way (the changed segment appended to the
/// project's journal; the file written whole every 2,000 segments).
#[divan::bench(args = [1_000, 10_000, 40_000], sample_count = 50)]
fn save_after_one_edit(bencher: divan::Bencher, segments: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.passeur");
    let mut project = project_of(segments);
    Store::create(&path, &project).unwrap();
    let (mut store, _) = Store::open(&path).unwrap();
    store.save_edits(&mut project).unwrap();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        edit_one(&mut project, n);
        store.save_edits(divan::black_box(&mut project)).unwrap()
    });
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
