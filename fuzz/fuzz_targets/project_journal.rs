//! A project's journal (the segments saved since the project file was last written whole): no
//! panic on any input, only whole lines taken.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::project_journal(data));
