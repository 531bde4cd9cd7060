//! TSV and CSV glossaries: no panic on any input; what loads builds an index that matches.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::glossary::{self, FileFormat, Index};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (format, name) in [(FileFormat::Tsv, "fuzz.tsv"), (FileFormat::Csv, "fuzz.csv")] {
        if let Ok(loaded) = glossary::parse(text, format, Path::new(name)) {
            let index = Index::build(vec![loaded.glossary]);
            let _ = index.find(text);
        }
    }
});
