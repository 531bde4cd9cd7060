//! Glossary matching on arbitrary text against the shipped glossary: no panic, and every hit
//! is a non-empty span on character boundaries, in order, without overlap.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::glossary_match(data));
