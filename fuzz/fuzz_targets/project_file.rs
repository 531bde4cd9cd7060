//! Project files: no panic on any input; a project that reads writes back to a file that
//! reads as the same project.
#![no_main]
use libfuzzer_sys::fuzz_target;
use passeur::project::file;

fuzz_target!(|data: &[u8]| {
    let Ok(project) = file::from_bytes(data) else {
        return;
    };
    let bytes = file::to_bytes(&project);
    let again = file::from_bytes(&bytes).expect("a written project reads again");
    assert_eq!(project, again);
});
