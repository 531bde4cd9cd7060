//! Glossary speed: loading and indexing the 165k-entry dictionary of `../shared`, matching the
//! seed article against it, and matching 4 MB of French against 10k, 100k and 1M entries beside
//! a plain aho-corasick automaton over the same 1M patterns. Run with `cargo bench --bench
//! glossary`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::path::{Path, PathBuf};

use passeur::glossary::{self, Index};

fn main() {
    divan::main();
}

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path)
}

#[divan::bench(sample_count = 10)]
fn load_and_index_165k(bencher: divan::Bencher) {
    let path = shared("eval/glossary/big_fr_en.tsv");
    bencher.bench(|| {
        let loaded = glossary::load(&path).unwrap();
        Index::build(vec![loaded.glossary]).len()
    });
}

#[divan::bench(sample_count = 100)]
fn match_seed_article_165k(bencher: divan::Bencher) {
    let loaded = glossary::load(&shared("eval/glossary/big_fr_en.tsv")).unwrap();
    let index = Index::build(vec![loaded.glossary]);
    let article = std::fs::read_to_string(shared("seed/000_a5713debe8934e33.txt")).unwrap();
    bencher.bench(|| index.find(divan::black_box(&article)).len());
}

#[divan::bench(sample_count = 100)]
fn match_seed_article_shipped(bencher: divan::Bencher) {
    let index = glossary::sources::shipped_index();
    let article = std::fs::read_to_string(shared("seed/000_a5713debe8934e33.txt")).unwrap();
    bencher.bench(|| index.find(divan::black_box(&article)).len());
}

/// A 1M-entry YAML glossary from the shared generator, made once under `target/bench-data`.
fn synthetic_million() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join("synthetic-1m.yaml");
    if !path.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("python3")
            .arg(shared("eval/glossary/gen_synthetic.py"))
            .args(["--n", "1000000", "--format", "yaml", "--out"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "gen_synthetic.py failed");
    }
    path
}

/// The second and later loads of a 1M-entry glossary: read from the cache, not parsed.
#[divan::bench(sample_count = 10)]
fn load_1m_from_cache(bencher: divan::Bencher) {
    let path = synthetic_million();
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/cache");
    // The first load parses the YAML and writes the cache.
    glossary::cache::load_with_cache(&path, Some(&cache), &mut ()).unwrap();
    bencher.bench(|| {
        glossary::cache::load_with_cache(&path, Some(&cache), &mut ())
            .unwrap()
            .layer
            .len()
    });
}

/// A synthetic N-entry TSV glossary (real dictionary entries mixed in, so a French text has
/// hits), made once under `target/bench-data`.
fn synthetic_tsv(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("synthetic-{n}.tsv"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("python3")
            .arg(shared("eval/glossary/gen_synthetic.py"))
            .args([
                "--n",
                &n.to_string(),
                "--mix-real",
                "--format",
                "tsv",
                "--out",
            ])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "gen_synthetic.py failed");
    }
    path
}

/// 4 MB of French: the seed article, every paragraph of the segmentation benchmark and every
/// glossary test case's text, repeated.
fn french_4mb() -> String {
    let mut unit = std::fs::read_to_string(shared("seed/000_a5713debe8934e33.txt")).unwrap();
    for dir in ["eval/segmentation/data", "eval/glossary"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(shared(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        for path in files {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let row: serde_json::Value = serde_json::from_str(line).unwrap();
                if let Some(text) = row["text"].as_str() {
                    unit.push('\n');
                    unit.push_str(text);
                }
            }
        }
    }
    let mut text = String::with_capacity(4_100_000);
    while text.len() < 4_000_000 {
        text.push_str(&unit);
        text.push('\n');
    }
    text
}

fn synthetic_index(n: usize) -> Index {
    let loaded = glossary::load(&synthetic_tsv(n)).unwrap();
    Index::build(vec![loaded.glossary])
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 10)]
fn match_4mb(bencher: divan::Bencher, entries: usize) {
    let index = synthetic_index(entries);
    let text = french_4mb();
    bencher.bench(|| index.find(divan::black_box(&text)).len());
}

/// The peer: the same 1M entries' forms, folded as passeur folds words (case, accents,
/// apostrophes) and joined by spaces, in one leftmost-longest aho-corasick automaton run over
/// the text folded the same way. The timing includes folding the text, as `find` does.
#[divan::bench(sample_count = 10)]
fn aho_corasick_peer_4mb_1m(bencher: divan::Bencher) {
    use passeur::glossary::normalize::for_each_token;
    let fold = |text: &str| {
        let mut out = String::with_capacity(text.len() + 2);
        out.push(' ');
        for_each_token(text, |_, key| {
            out.push_str(key);
            out.push(' ');
        });
        out
    };
    let loaded = glossary::load(&synthetic_tsv(1_000_000)).unwrap();
    let patterns: Vec<String> = loaded
        .glossary
        .entries
        .iter()
        .flat_map(|entry| entry.source_forms().map(fold).collect::<Vec<_>>())
        .filter(|p| p.len() > 2)
        .collect();
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&patterns)
        .unwrap();
    let text = french_4mb();
    bencher.bench(|| automaton.find_iter(&fold(divan::black_box(&text))).count());
}
