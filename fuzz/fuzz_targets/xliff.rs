//! XLIFF reading and writing back: no panic on any input; writing back nothing gives the file
//! unchanged; writing every unit back gives a file that reads again with the same units.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::xliff(data));
