//! The user's configuration (`config.yaml`) and its `keys:` section: read or refused with a
//! place, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::config_file(data));
