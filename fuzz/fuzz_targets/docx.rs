//! Reading a Word document and writing it back: no panic on any input, nothing translated
//! gives the same bytes, a translation gives a document that reads again.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::docx(data));
