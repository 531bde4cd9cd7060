//! Machine-translation answers: parsing a chat model's numbered lines, checking and repairing a
//! suggestion against the glossary's terms: no panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::mt_answer(data));
