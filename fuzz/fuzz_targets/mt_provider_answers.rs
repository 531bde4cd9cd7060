//! Every machine-translation provider's answer reader (DeepL, LibreTranslate, OpenAI-compatible,
//! a command engine) and the door their answers pass: no panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| passeur::fuzz_checks::mt_provider_answers(data));
