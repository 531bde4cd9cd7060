//! The user's segmentation exceptions file: no panic on any input; what loads segments text.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::segment::{Exceptions, Segmenter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(exceptions) = Exceptions::parse(text, Path::new("fuzz.yaml")) {
        let segmenter = Segmenter::french().with_exceptions(&exceptions);
        let _ = segmenter.split(text);
    }
});
