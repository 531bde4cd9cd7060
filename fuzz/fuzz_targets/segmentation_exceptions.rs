//! The user's segmentation exceptions file: no panic on any input; what loads segments text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::segmentation_exceptions(data));
