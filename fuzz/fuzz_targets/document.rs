//! Reading a document (text and Markdown) and cutting it into segments: no panic on any
//! input, and skeleton + segments rebuild the input byte for byte.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use passeur::document::{Document, Format, Overrides};
use passeur::segment::Segmenter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = passeur::document::decode(data.to_vec(), Path::new("fuzz.txt")) else {
        return;
    };
    let segmenter = Segmenter::french();
    for format in [Format::Text, Format::Markdown] {
        let document = Document::parse(text.clone(), format, &segmenter, &Overrides::default());
        let rebuilt = document.rebuild(|index| document.segment_text(index));
        assert_eq!(rebuilt, text, "skeleton + segments differ from the input ({format:?})");
        for segment in document.segments() {
            assert!(segment.span.start < segment.span.end, "empty segment");
        }
    }
});
