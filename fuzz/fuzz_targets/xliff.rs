//! XLIFF reading and writing back: no panic on any input; writing back nothing gives the file
//! unchanged; writing every unit back gives a file that reads again with the same units.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::formats::xliff::{self, Translation};
use passeur::project::Status;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.xlf");
    let Ok(file) = xliff::read(text, path) else {
        return;
    };
    let unchanged = xliff::write_back(text, path, &file, "en", |_| None)
        .expect("writing nothing back always works");
    if file.missing_target_language_count() == 0 {
        assert_eq!(unchanged, text, "writing nothing back changed the file");
    }
    let written = xliff::write_back(text, path, &file, "en", |id| {
        let unit = file.units.iter().find(|u| u.id == id)?;
        Some(Translation {
            target: if unit.source.is_empty() { "x" } else { &unit.source },
            status: Status::Confirmed,
        })
    })
    .expect("a file that reads can take a translation in every unit");
    let again = xliff::read(&written, path).expect("a written-back file reads again");
    let ids = |f: &xliff::XliffFile| f.units.iter().map(|u| (u.id.clone(), u.source.clone())).collect::<Vec<_>>();
    assert_eq!(ids(&file), ids(&again), "the units changed on write-back");
});
