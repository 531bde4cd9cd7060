//! Segmenter throughput on at least 10 MB of French news text (the seed article and the
//! benchmark's paragraphs, repeated). Run with `cargo bench --bench segmenter`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::path::Path;

use divan::counter::BytesCount;
use passeur::document::{Document, Format, Overrides};
use passeur::segment::Segmenter;

fn main() {
    divan::main();
}

const TARGET_BYTES: usize = 10 * 1024 * 1024;

/// French text from `../shared`: the seed article and every benchmark paragraph, one per line,
/// repeated to at least 10 MB.
fn corpus() -> String {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut unit = std::fs::read_to_string(shared.join("seed/000_a5713debe8934e33.txt")).unwrap();
    for entry in std::fs::read_dir(shared.join("eval/segmentation/data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let row: serde_json::Value = serde_json::from_str(line).unwrap();
                unit.push_str(&row["text"].as_str().unwrap().replace('\n', " "));
                unit.push('\n');
            }
        }
    }
    unit.repeat(TARGET_BYTES / unit.len() + 1)
}

#[divan::bench(sample_count = 10)]
fn split_lines(bencher: divan::Bencher) {
    let text = corpus();
    let segmenter = Segmenter::french();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        text.lines()
            .map(|line| segmenter.split(divan::black_box(line)).len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 10)]
fn parse_document(bencher: divan::Bencher) {
    let text = corpus();
    let segmenter = Segmenter::french();
    bencher
        .counter(BytesCount::new(text.len()))
        .with_inputs(|| text.clone())
        .bench_values(|text| {
            Document::parse(text, Format::Text, &segmenter, &Overrides::default())
                .segments()
                .len()
        });
}
