//! The QA checks on arbitrary (source, target) pairs, with the shipped glossary: no panic,
//! and every issue span lies on character boundaries of the target.
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
    // Source and target are separated by the first NUL (or the target is empty).
    let (source, target) = text.split_once('\0').unwrap_or((text, ""));
    for draft in [false, true] {
        for issue in passeur::qa::check_segment(source, target, draft, Some(index())) {
            if let Some(span) = issue.span {
                assert!(target.is_char_boundary(span.start) && target.is_char_boundary(span.end));
            }
        }
    }
});
