//! Memory lookup and concordance on arbitrary sentences against a small memory: no panic,
//! scores within 0–100, at most `max` matches.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::memory_lookup(data));
