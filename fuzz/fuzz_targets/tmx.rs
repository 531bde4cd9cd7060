//! TMX reading, as a memory import and as a project import: no panic on any input.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.tmx");
    let _ = passeur::formats::tmx::read(text, path);
    let _ = passeur::memory::store::read_tmx(text, path, "fr", "en");
});
