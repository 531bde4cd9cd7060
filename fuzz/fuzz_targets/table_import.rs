//! CSV and TSV bilingual tables read by `passeur import`: no panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::table_import(data));
