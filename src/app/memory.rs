//! Which translation memory a command or the workspace works with, and opening it.
//!
//! Which memory: the one named (`--memory`: a `postgres://` URL or an SQLite file), else
//! `memory:` in the user's configuration, else `$XDG_DATA_HOME/passeur/memory.sqlite`. With a
//! team URL the local file is kept too (see [`crate::memory::desk`]). The file-based memory of
//! earlier versions is moved into the default local file the first time it is opened.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::config::Config;
use crate::memory::desk::Desk;
use crate::memory::postgres;
use crate::memory::sqlite::{self, SqliteMemory};
use crate::memory::{Memory, Stack, store};

/// The team server's URL, if any: the one named, else `memory:` in the configuration (unless
/// the memory named is a file).
pub fn team_url(named: Option<&str>, config: &Config) -> Option<String> {
    match named {
        Some(given) if postgres::is_url(given) => Some(given.to_owned()),
        Some(_) => None,
        None => config
            .memory()
            .filter(|c| postgres::is_url(c))
            .map(str::to_owned),
    }
}

/// The local SQLite memory: the file named, a file named by `memory:`, else the default.
pub fn local_path(named: Option<&str>, config: &Config) -> anyhow::Result<PathBuf> {
    if let Some(given) = named.filter(|m| !postgres::is_url(m)) {
        return Ok(PathBuf::from(given));
    }
    if let Some(file) = config.memory().filter(|c| !postgres::is_url(c)) {
        return Ok(PathBuf::from(file));
    }
    sqlite::default_path().context("no home directory for the translation memory")
}

/// Opens an SQLite memory; the default one first takes in the file-based memory of earlier
/// versions (which the notes say).
pub fn open_local(path: &Path) -> anyhow::Result<(SqliteMemory, Vec<String>)> {
    let mut memory = SqliteMemory::open(path)?;
    let mut notes = Vec::new();
    if Some(path) == sqlite::default_path().as_deref()
        && let Some(dir) = store::memory_dir()
        && let Some(moved) = store::migrate(&dir, &mut memory)?
    {
        notes.push(format!(
            "moved the earlier memory into {}: {} imported units, {} units from {} projects",
            path.display(),
            moved.imported,
            moved.project_units,
            moved.projects
        ));
    }
    Ok((memory, notes))
}

/// The desk (local memory, and the team's when there is one) and the units of `extra` TMX
/// files; a team server's lookups are bounded by `bound` (see
/// [`crate::memory::desk::QUERY_BOUND`]). The notes say what was moved or skipped.
pub fn open(
    named: Option<&str>,
    config: &Config,
    extra: &[PathBuf],
    bound: std::time::Duration,
) -> anyhow::Result<(Stack, Vec<String>)> {
    let (local, mut notes) = open_local(&local_path(named, config)?)?;
    let desk = Desk::new(local, team_url(named, config).as_deref())?.with_query_bound(bound);
    let mut stack = Stack::of(desk);
    if !extra.is_empty() {
        let mut files = Memory::default();
        for path in extra {
            let (text, _) = crate::io::read_xml_file(path)?;
            let loaded = store::read_tmx(&text, path, "fr", "en")?;
            if loaded.skipped > 0 {
                notes.push(format!(
                    "warning: {}: {} units skipped (not French–English or empty)",
                    path.display(),
                    loaded.skipped
                ));
            }
            for unit in loaded.units {
                files.insert(unit);
            }
        }
        stack.push(files);
    }
    Ok((stack, notes))
}
