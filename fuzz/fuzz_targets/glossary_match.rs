//! Glossary matching on arbitrary text against the shipped glossary: no panic, and every hit
//! is a non-empty span on character boundaries, in order, without overlap.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use passeur::glossary::{Index, sources};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(sources::shipped_index)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut end = 0;
    for hit in index().find(text) {
        assert!(hit.span.start >= end && hit.span.start < hit.span.end);
        assert!(text.is_char_boundary(hit.span.start) && text.is_char_boundary(hit.span.end));
        end = hit.span.end;
    }
});
