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
