//! Guessing a file's kind from its first bytes: no panic on any input, whatever its length.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::formats::import::ImportFormat;
use passeur::project::SourceKind;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.bin");
    let Ok(text) = passeur::document::decode(data.to_vec(), path) else {
        return;
    };
    let _ = SourceKind::detect(path, &text);
    let _ = ImportFormat::detect(path, &text);
});
