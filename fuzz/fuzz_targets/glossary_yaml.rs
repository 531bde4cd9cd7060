//! YAML glossaries: no panic on any input; what loads builds an index that matches.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::glossary::{self, FileFormat, Index};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = glossary::parse(text, FileFormat::Yaml, Path::new("fuzz.yaml")) {
        let index = Index::build(vec![loaded.glossary]);
        let _ = index.find(text);
    }
});
