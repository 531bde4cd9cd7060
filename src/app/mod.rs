//! The application layer: what a command and the workspace both do before their own work —
//! opening a project with its source ([`project`]), the user's translation memory
//! ([`memory`]), and for the workspace everything at once ([`workspace`]: glossaries, memory,
//! machine translation, spell checker). It reads the user's configuration once
//! ([`crate::config::Config`]) and never prints: what it has to say comes back as notes, for
//! the command to print or the workspace to show.

pub mod memory;
pub mod project;
pub mod workspace;

use std::path::PathBuf;

use crate::segment::{Exceptions, Segmenter};

/// The French segmenter with the user's exceptions file (if any) and those of `extra`, in
/// that order.
pub fn segmenter(extra: &[PathBuf]) -> anyhow::Result<Segmenter> {
    let mut segmenter = Segmenter::french();
    let user = crate::paths::config_dir().map(|dir| dir.join("segmentation.yaml"));
    for path in user.iter().filter(|p| p.is_file()).chain(extra) {
        segmenter = segmenter.with_exceptions(&Exceptions::load(path)?);
    }
    Ok(segmenter)
}
