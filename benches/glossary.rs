//! Glossary speed: loading and indexing the 165k-entry dictionary of `../shared`, and matching
//! the seed article against it. Run with `cargo bench --bench glossary`.

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
    let glossaries = glossary::sources::shipped()
        .into_iter()
        .map(|loaded| loaded.unwrap().glossary)
        .collect();
    let index = Index::build(glossaries);
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
