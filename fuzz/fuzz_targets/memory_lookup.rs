//! Memory lookup and concordance on arbitrary sentences against a small memory: no panic,
//! scores within 0–100, at most `max` matches.
#![no_main]
use libfuzzer_sys::fuzz_target;
use passeur::memory::{Lookup, Memory, MemoryUnit};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Lines before the last are memory sources; the last line is looked up.
    let mut lines: Vec<&str> = text.lines().collect();
    let query = lines.pop().unwrap_or_default();
    let memory = Memory::new(
        lines
            .iter()
            .map(|line| MemoryUnit {
                source: (*line).to_owned(),
                target: line.to_uppercase(),
                origin: "fuzz".into(),
            })
            .collect(),
    );
    let terms = [0..query.len().min(3)];
    let lookup = Lookup { threshold: 0, max: 3, terms: &terms };
    let matches = memory.lookup(query, &lookup);
    assert!(matches.len() <= 3);
    assert!(matches.iter().all(|m| m.score <= 100));
    let _ = memory.concordance(query, 5);
});
