//! TSV and CSV glossaries: no panic on any input; what loads builds an index that matches.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::glossary_tabular(data));
