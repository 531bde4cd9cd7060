//! Opening and saving a project for a command: [`crate::app::project`], with what it has to
//! say printed on stderr.

use std::path::Path;

use super::output::say;
pub use crate::app::project::{Mode, Opened, default_project_path};
use crate::project::Project;
use crate::project::store::Store;

/// Opens a project file (see [`crate::app::project::open`]), printing its notes.
pub fn open(path: &Path, mode: Mode) -> anyhow::Result<Opened> {
    let opened = crate::app::project::open(path, mode)?;
    for note in &opened.notes {
        say!("passeur: {note}");
    }
    Ok(opened)
}

/// Saves the project, printing what a merge with another program's save did.
pub fn save(store: &mut Store, project: &mut Project) -> anyhow::Result<()> {
    for note in crate::app::project::save(store, project)? {
        say!("passeur: {note}");
    }
    Ok(())
}
