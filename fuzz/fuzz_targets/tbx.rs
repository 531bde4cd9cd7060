//! TBX glossaries: no panic on any input.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::glossary::{self, FileFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = glossary::parse(text, FileFormat::Tbx, Path::new("fuzz.tbx"));
});
