//! Translation memory and QA at scale. Run with `cargo bench --bench memory_qa`.
//!
//! The 100,000-unit memory is built from the shared 165k-entry dictionary: each unit is 8–24
//! French words drawn with a fixed pseudo-random sequence (and their English entries as the
//! target), plus the seed article's 27 sentences, so a lookup meets a realistic spread of
//! shared words instead of 100,000 near-copies.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::Path;

use common::{seed_pairs, shared};
use passeur::memory::{Lookup, Memory};
use passeur::project::{Header, Project, SourceKind, SourceSegment, Status};

fn main() {
    divan::main();
}

/// A TMX file of `n` units.
fn tmx_text(n: usize) -> String {
    let dictionary = std::fs::read_to_string(shared().join("eval/glossary/big_fr_en.tsv")).unwrap();
    let words: Vec<(&str, &str)> = dictionary
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?, fields.next()?))
        })
        .filter(|(fr, _)| !fr.contains(['<', '&', '#']))
        .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
         creationtool=\"bench\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" \
         adminlang=\"en\" srclang=\"fr\" datatype=\"plaintext\"/><body>\n",
    );
    let mut units: Vec<(String, String)> = seed_pairs();
    while units.len() < n {
        let length = 8 + (next() % 17) as usize;
        let picks: Vec<(&str, &str)> = (0..length)
            .map(|_| words[(next() % words.len() as u64) as usize])
            .collect();
        let french: Vec<&str> = picks.iter().map(|p| p.0).collect();
        let english: Vec<&str> = picks.iter().map(|p| p.1).collect();
        units.push((
            format!("{}.", french.join(" ")),
            format!("{}.", english.join(" ")),
        ));
    }
    for (fr, en) in units {
        out.push_str(&format!(
            "<tu><tuv xml:lang=\"fr\"><seg>{}</seg></tuv><tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>\n",
            passeur::markup::xml::escaped(&fr),
            passeur::markup::xml::escaped(&en)
        ));
    }
    out.push_str("</body></tmx>\n");
    out
}

#[divan::bench(sample_count = 5)]
fn import_tmx_100k(bencher: divan::Bencher) {
    let text = tmx_text(100_000);
    let path = Path::new("bench.tmx");
    bencher.bench_local(|| {
        let loaded = passeur::memory::store::read_tmx(&text, path, "fr", "en").unwrap();
        let memory = Memory::new(loaded.units);
        assert!(memory.len() >= 99_000);
        memory.len()
    });
}

#[divan::bench(sample_count = 50)]
fn best_5_matches_in_100k(bencher: divan::Bencher) {
    let text = tmx_text(100_000);
    let loaded =
        passeur::memory::store::read_tmx(&text, Path::new("bench.tmx"), "fr", "en").unwrap();
    let memory = Memory::new(loaded.units);
    let pairs = seed_pairs();
    let queries: Vec<String> = pairs
        .iter()
        .map(|(fr, _)| fr.replacen("le ", "ce ", 1).replacen("la ", "cette ", 1))
        .collect();
    let mut which = 0;
    bencher.bench_local(|| {
        which = (which + 1) % queries.len();
        memory
            .lookup(divan::black_box(&queries[which]), &Lookup::default())
            .len()
    });
}

/// A "sentence" of `words` words made of the seed article's sentences one after another.
fn long_sentence(words: usize) -> String {
    let pairs = seed_pairs();
    let mut out: Vec<&str> = Vec::with_capacity(words);
    for (fr, _) in pairs.iter().cycle() {
        for word in fr.split_whitespace() {
            if out.len() == words {
                return out.join(" ");
            }
            out.push(word);
        }
    }
    unreachable!()
}

/// Issue 16's bound: a 16,000-word segment looked up in a 100,000-unit memory that also holds
/// two near-copies of it (one changed at both ends, one in the middle), the case that used to
/// build a 16,000 × 16,000 table.
#[divan::bench(sample_count = 10)]
fn lookup_16000_words_in_100k(bencher: divan::Bencher) {
    let text = tmx_text(100_000);
    let loaded =
        passeur::memory::store::read_tmx(&text, Path::new("bench.tmx"), "fr", "en").unwrap();
    let mut memory = Memory::new(loaded.units);
    let query = long_sentence(16_000);
    let unit = |source: String| passeur::memory::MemoryUnit {
        source,
        target: "long".into(),
        origin: "bench".into(),
        ..Default::default()
    };
    memory.insert(unit(format!("Hier, {} Fin.", &query[20..query.len() - 20])));
    let middle = query.len() / 2;
    let middle = (middle..query.len())
        .find(|&i| query.is_char_boundary(i))
        .unwrap();
    memory.insert(unit(format!(
        "{} encore {}",
        &query[..middle],
        &query[middle..]
    )));
    bencher.bench_local(|| {
        let found = memory.lookup(divan::black_box(&query), &Lookup::default());
        assert!(!found.is_empty());
        found.len()
    });
}

#[divan::bench(sample_count = 20)]
fn all_checks_1000_segments(bencher: divan::Bencher) {
    let pairs = seed_pairs();
    let header = Header::new("big.txt".into(), SourceKind::Text, "0".repeat(64));
    let segments = (0..1000)
        .map(|i| SourceSegment {
            paragraph: i / 3,
            text: pairs[i % pairs.len()].0.clone(),
            ..SourceSegment::default()
        })
        .collect();
    let mut project = Project::new(header, segments);
    for i in 0..1000 {
        project.set_translation(i, &pairs[i % pairs.len()].1, Status::Confirmed);
    }
    let glossary = passeur::glossary::sources::shipped_index();
    bencher.bench_local(|| {
        passeur::qa::check_project(divan::black_box(&project), Some(&glossary)).len()
    });
}
