//! The aligner and its review on arbitrary pairs of texts: no panic, every sentence of both
//! sides in exactly one bead, in order, whatever the review's keys do.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::align(data));
