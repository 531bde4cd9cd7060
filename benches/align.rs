//! Sentence alignment at the size of an archive's long articles: 1,000 French–English sentence
//! pairs (the shared news gold's sentences, its 54 articles one after the other and repeated to
//! 1,000 French sentences), aligned without MT as running text (paragraphs, then sentences)
//! and as one sentence a line with no paragraphs (the banded programme over the whole text).
//! Run with `cargo bench --bench align`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::path::Path;

use passeur::align::{self, Options, Side};

fn main() {
    divan::main();
}

const PAIRS: usize = 1_000;

/// The gold's articles, as paragraphs of sentences for each side, repeated until the French
/// side has `PAIRS` sentences.
fn texts() -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/align/wmt14-fren");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".fr.txt").map(str::to_owned)
        })
        .collect();
    names.sort();
    let (mut fr, mut en, mut count) = (String::new(), String::new(), 0);
    'outer: loop {
        for name in &names {
            let read =
                |ext: &str| std::fs::read_to_string(dir.join(format!("{name}{ext}"))).unwrap();
            fr.push_str(&read(".fr"));
            fr.push('\n');
            en.push_str(&read(".en"));
            en.push('\n');
            count += read(".fr").lines().count();
            if count >= PAIRS {
                break 'outer;
            }
        }
    }
    (fr, en)
}

#[divan::bench(sample_count = 10)]
fn paragraphs_then_sentences(bencher: divan::Bencher) {
    let (fr, en) = texts();
    let (fr, en) = (Side::from_lines(&fr), Side::from_lines(&en));
    bencher.bench(|| align::align(&fr, &en, &Options::default()).len());
}

#[divan::bench(sample_count = 10)]
fn one_sentence_a_line_without_paragraphs(bencher: divan::Bencher) {
    let (fr, en) = texts();
    let flat = |text: &str| Side::from_lines(&text.replace("\n\n", "\n"));
    let (fr, en) = (flat(&fr), flat(&en));
    assert!(fr.len() >= PAIRS);
    bencher.bench(|| align::align(&fr, &en, &Options::default()).len());
}
