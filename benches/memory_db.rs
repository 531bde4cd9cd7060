//! The translation memory on its databases at a million units (issue 11):
//!
//! - importing 1,000,000 TMX units (parse + write) into SQLite and, when a server is given,
//!   PostgreSQL;
//! - a fresh process's first lookup (`passeur memory lookup`: open, look up, print), wall time
//!   and peak memory through `/usr/bin/time`;
//! - top-5 fuzzy lookups in one process (median over 300 sentences);
//! - the file-based memory of earlier versions at 100,000 units (read `units.jsonl`, build the
//!   index, look up), as `passeur memory lookup` did it at every start, beside SQLite at 100k.
//!
//! `cargo bench --bench memory_db` (SQLite only), or with a server:
//! `PASSEUR_BENCH_POSTGRES=postgres://user@127.0.0.1:5432/postgres cargo bench --bench memory_db`
//! (a database `passeur_bench` is created there, dropped first if it exists). Set
//! `PASSEUR_BENCH_UNITS` for another size than 1,000,000. The memories are built under
//! `target/bench-memory/`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{seed_pairs, shared};
use passeur::memory::postgres::PgMemory;
use passeur::memory::sqlite::SqliteMemory;
use passeur::memory::{Lookup, Memory, MemoryUnit, TranslationMemory};

/// A deterministic generator (xorshift).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A rank in 0..n drawn with a Zipf-like skew (a few words are very common).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize
    }
}

/// French function words, a third of every sentence, as in real text.
const COMMON: [&str; 24] = [
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "à", "en", "que", "qui", "dans",
    "pour", "sur", "par", "au", "avec", "est", "a", "ne", "pas", "se",
];

/// `n` units: the seed's, then sentences of 8–30 words, a third function words, the rest
/// dictionary words with a Zipf skew (so some words are in hundreds of thousands of units).
fn units(n: usize) -> Vec<MemoryUnit> {
    let dictionary = std::fs::read_to_string(shared().join("eval/glossary/big_fr_en.tsv")).unwrap();
    let words: Vec<(&str, &str)> = dictionary
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?, fields.next()?))
        })
        .filter(|(fr, _)| fr.chars().all(|c| c.is_alphabetic() || c == ' '))
        .collect();
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let mut out: Vec<MemoryUnit> = seed_pairs()
        .into_iter()
        .map(|(source, target)| unit(source, target))
        .collect();
    while out.len() < n {
        let length = 8 + random.below(23);
        let (mut french, mut english) = (Vec::new(), Vec::new());
        for _ in 0..length {
            if random.below(3) == 0 {
                french.push(COMMON[random.zipf(COMMON.len())]);
            } else {
                let (fr, en) = words[random.zipf(words.len())];
                french.push(fr);
                english.push(en);
            }
        }
        out.push(unit(
            format!("{}.", french.join(" ")),
            format!("{}.", english.join(" ")),
        ));
    }
    out
}

fn unit(source: String, target: String) -> MemoryUnit {
    MemoryUnit {
        source,
        target,
        origin: "bench.tmx".into(),
        created: 1_764_633_600,
        changed: 1_764_633_600,
        ..MemoryUnit::default()
    }
}

fn tmx(units: &[MemoryUnit]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
         creationtool=\"bench\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" \
         adminlang=\"en\" srclang=\"fr\" datatype=\"plaintext\"/><body>\n",
    );
    for unit in units {
        out.push_str(&format!(
            "<tu><tuv xml:lang=\"fr\"><seg>{}</seg></tuv><tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>\n",
            passeur::markup::xml::escaped(&unit.source),
            passeur::markup::xml::escaped(&unit.target)
        ));
    }
    out.push_str("</body></tmx>\n");
    out
}

/// Sentences of the memory with one or two words changed: fuzzy lookups that have an answer.
fn queries(units: &[MemoryUnit], count: usize) -> Vec<String> {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    (0..count)
        .map(|_| {
            let source = &units[random.below(units.len())].source;
            let mut words: Vec<&str> = source.split(' ').collect();
            let at = random.below(words.len());
            words[at] = "autrement";
            if words.len() > 12 {
                let second = random.below(words.len());
                words[second] = "jadis";
            }
            words.join(" ")
        })
        .collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// Imports the TMX in batches of 10,000 as `passeur memory import` does; the time taken.
fn import(memory: &mut dyn TranslationMemory, tmx_path: &Path) -> Duration {
    let started = Instant::now();
    let text = std::fs::read_to_string(tmx_path).unwrap();
    let loaded = passeur::memory::store::read_tmx(&text, tmx_path, "fr", "en").unwrap();
    for batch in loaded.units.chunks(10_000) {
        memory.add(batch).unwrap();
    }
    started.elapsed()
}

/// Median top-5 fuzzy lookup over the queries, and how many found the changed sentence.
fn lookups(memory: &mut dyn TranslationMemory, queries: &[String]) -> (Duration, usize) {
    let mut found = 0;
    let times = queries
        .iter()
        .map(|query| {
            let started = Instant::now();
            let matches = memory.lookup(query, &Lookup::default()).unwrap();
            let took = started.elapsed();
            found += usize::from(matches.first().is_some_and(|m| m.score >= 70));
            took
        })
        .collect();
    (median(times), found)
}

/// A fresh `passeur memory lookup` against `memory`: median wall time of 7 runs, and the
/// peak resident memory of the last.
fn fresh_process(memory: &str, home: &Path, query: &str) -> (Duration, String) {
    let mut times = Vec::new();
    let mut peak = String::from("?");
    for _ in 0..7 {
        let started = Instant::now();
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_passeur"))
            .args(["memory", "lookup", query, "--memory", memory])
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .output()
            .expect("/usr/bin/time (Debian's `time` package)");
        times.push(started.elapsed());
        assert!(output.status.success(), "{output:?}");
        assert!(!output.stdout.is_empty(), "a match was found");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if let Some(kb) = stderr
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<u64>().ok())
        {
            peak = format!("{} MB", kb / 1024);
        }
    }
    (median(times), peak)
}

fn main() {
    let total: usize = std::env::var("PASSEUR_BENCH_UNITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-memory");
    std::fs::create_dir_all(&dir).unwrap();
    let home = dir.join("home");
    let all = units(total);
    let small = &all[..100_000.min(total)];
    let queries = queries_in(&all);
    let small_queries = queries_in(small);
    println!("memory_db: {total} units, {} queries", queries.len());

    // The file-based memory of earlier versions at 100k: units.jsonl, rebuilt at every start.
    let jsonl = dir.join("units.jsonl");
    let mut lines = String::new();
    for unit in small {
        lines.push_str(
            &serde_json::json!({"source": unit.source, "target": unit.target, "origin": unit.origin})
                .to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(&jsonl, lines).unwrap();
    let started = Instant::now();
    let units_read = passeur::memory::store::read_units(&dir).unwrap();
    let rebuilt = Memory::new(units_read);
    let first = rebuilt.lookup(&small_queries[0], &Lookup::default());
    let file_based = started.elapsed();
    assert!(!first.is_empty());
    println!(
        "file-based 100k: read + rebuild + first lookup {}",
        ms(file_based)
    );

    // SQLite at 100k and at the full size.
    for (label, units) in [("100k", small), ("full", &all[..])] {
        let path = dir.join(format!("memory-{label}.sqlite"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let tmx_path = dir.join(format!("memory-{label}.tmx"));
        std::fs::write(&tmx_path, tmx(units)).unwrap();
        let mut memory = SqliteMemory::open(&path).unwrap();
        let took = import(&mut memory, &tmx_path);
        println!(
            "sqlite {label}: import {} units in {:.1} s ({:.0} units/s), file {} MB",
            memory.count().unwrap(),
            took.as_secs_f64(),
            units.len() as f64 / took.as_secs_f64(),
            std::fs::metadata(&path).unwrap().len() / 1_000_000
        );
        drop(memory);
        let started = Instant::now();
        let mut memory = SqliteMemory::open(&path).unwrap();
        let found = memory
            .lookup(&queries_in(units)[0], &Lookup::default())
            .unwrap();
        println!(
            "sqlite {label}: open + first lookup in this process {}",
            ms(started.elapsed())
        );
        assert!(!found.is_empty());
        let own_queries = queries_in(units);
        let (median_time, hits) = lookups(&mut memory, &own_queries);
        println!(
            "sqlite {label}: top-5 fuzzy lookup median {} ({hits}/{} found their sentence)",
            ms(median_time),
            own_queries.len()
        );
        let (fresh, peak) = fresh_process(path.to_str().unwrap(), &home, &own_queries[1]);
        println!(
            "sqlite {label}: fresh process first lookup {} (peak {peak})",
            ms(fresh)
        );
    }

    let Ok(admin) = std::env::var("PASSEUR_BENCH_POSTGRES") else {
        println!("postgres: skipped (set PASSEUR_BENCH_POSTGRES to a server URL)");
        return;
    };
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    client
        .batch_execute("DROP DATABASE IF EXISTS passeur_bench")
        .unwrap();
    client
        .batch_execute("CREATE DATABASE passeur_bench")
        .unwrap();
    let url = format!("{}/passeur_bench", admin.rsplit_once('/').unwrap().0);
    let mut memory = PgMemory::init(&url).unwrap();
    let tmx_path = dir.join("memory-full.tmx");
    let took = import(&mut memory, &tmx_path);
    println!(
        "postgres full: import {} units in {:.1} s ({:.0} units/s)",
        memory.count().unwrap(),
        took.as_secs_f64(),
        total as f64 / took.as_secs_f64()
    );
    client.batch_execute("VACUUM ANALYZE").ok();
    let mut bench_client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    bench_client.batch_execute("VACUUM ANALYZE").unwrap();
    drop(memory);
    let started = Instant::now();
    let mut memory = PgMemory::connect(&url).unwrap();
    memory.lookup(&queries[0], &Lookup::default()).unwrap();
    println!(
        "postgres full: connect + first lookup in this process {}",
        ms(started.elapsed())
    );
    let (median_time, hits) = lookups(&mut memory, &queries);
    println!(
        "postgres full: top-5 fuzzy lookup median {} ({hits}/{} found their sentence)",
        ms(median_time),
        queries.len()
    );
    let (fresh, peak) = fresh_process(&url, &home, &queries[1]);
    println!(
        "postgres full: fresh process first lookup {} (peak {peak})",
        ms(fresh)
    );
}

/// 300 changed sentences drawn from `units` only.
fn queries_in(units: &[MemoryUnit]) -> Vec<String> {
    queries(units, 300)
}
