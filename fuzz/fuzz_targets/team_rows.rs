//! Rows of a team memory as any server could send them, decoded and made into units that are
//! stored and looked up: no panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::team_rows(data));
