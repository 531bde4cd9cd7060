//! The QA checks on arbitrary (source, target) pairs, with the shipped glossary: no panic,
//! and every issue span lies on character boundaries of the target.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::qa_checks(data));
