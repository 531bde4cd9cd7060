//! Guessing a file's kind from its first bytes: no panic on any input, whatever its length.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::source_detect(data));
