//! Every input the fuzzer ever crashed with, replayed through the same checks as the fuzz
//! targets (`passeur::fuzz_checks`): `tests/data/fuzz/TARGET/*` (see FUZZING.md for how a new
//! crash joins them).

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::path::Path;

#[test]
fn every_input_that_once_crashed_passes_its_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (_, check) = passeur::fuzz_checks::TARGETS
            .iter()
            .find(|(target, _)| *target == name)
            .unwrap_or_else(|| panic!("tests/data/fuzz/{name}: no fuzz target of that name"));
        for input in std::fs::read_dir(&dir).unwrap() {
            let path = input.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails its check again", path.display());
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no regression input found under {}",
        root.display()
    );
}
