//! Reading a document (text and Markdown) and cutting it into segments: no panic on any
//! input, and skeleton + segments rebuild the input byte for byte.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::document(data));
