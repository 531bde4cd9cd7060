//! Project files: no panic on any input; a project that reads writes back to a file that
//! reads as the same project.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::project_file(data));
