//! CSV and TSV bilingual tables read by `passeur import`: no panic on any input.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::formats::table::{self, Kind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = table::read(text, Kind::Csv, Path::new("fuzz.csv"));
    let _ = table::read(text, Kind::Tsv, Path::new("fuzz.tsv"));
});
