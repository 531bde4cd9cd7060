//! The user's memory on disk, under `$XDG_DATA_HOME/passeur/memory/`:
//!
//! - `units.jsonl`: units imported from TMX files, one JSON object a line
//!   (`{"source", "target", "origin"}`), rewritten atomically on each import;
//! - `projects.txt`: the project files passeur has opened, one path a line; their confirmed and
//!   reviewed segments are read when the memory is loaded, so the memory always has the latest
//!   version of a translation.
//!
//! TMX reading is tolerant (`fr`, `fr-FR`, `fr_FR`, `FR` are all French; the direction comes
//! from each unit's variants, not from `srclang`); a unit without both languages is skipped and
//! counted; a file with no French–English unit at all, or that cannot be read, is an error
//! (with line and column where there is one), and the memory is left as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Loaded, Memory, MemoryUnit};
use crate::formats::{FormatError, tmx};

/// The memory directory of the user.
pub fn memory_dir() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join("memory"))
}

#[derive(Serialize, Deserialize)]
struct Line {
    source: String,
    target: String,
    origin: String,
}

/// The units of a TMX file for `source_language` → `target_language`.
pub fn read_tmx(
    text: &str,
    path: &Path,
    source_language: &str,
    target_language: &str,
) -> Result<Loaded, FormatError> {
    let file = tmx::read(text, path)?;
    let origin = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut loaded = Loaded::default();
    // A unit is the variants it holds, whatever `srclang` says: memories often declare
    // `srclang="en"` (an agency's EN→FR work, Debian's po2tmx) over French and English units.
    for unit in &file.units {
        match (unit.text_in(source_language), unit.text_in(target_language)) {
            (Some(source), Some(target))
                if !source.trim().is_empty() && !target.trim().is_empty() =>
            {
                loaded.units.push(MemoryUnit {
                    source: source.to_owned(),
                    target: target.to_owned(),
                    origin: origin.clone(),
                });
            }
            _ => loaded.skipped += 1,
        }
    }
    if file.units.is_empty() {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: "the TMX file has no translation unit".into(),
        });
    }
    if loaded.units.is_empty() {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: format!(
                "none of its {} units has both {source_language} and {target_language} text \
                 (its languages: {})",
                file.units.len(),
                file.languages().join(", ")
            ),
        });
    }
    Ok(loaded)
}

/// Adds units to the user's memory file; returns how many were new.
pub fn import(dir: &Path, units: &[MemoryUnit]) -> std::io::Result<usize> {
    let path = dir.join("units.jsonl");
    let existing = read_units(dir)?;
    let mut known: std::collections::HashSet<(String, String)> = existing
        .iter()
        .map(|u| (u.source.clone(), u.target.clone()))
        .collect();
    let mut bytes = std::fs::read(&path).unwrap_or_default();
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let mut added = 0;
    for unit in units {
        if known.insert((unit.source.clone(), unit.target.clone())) {
            let line = Line {
                source: unit.source.clone(),
                target: unit.target.clone(),
                origin: unit.origin.clone(),
            };
            serde_json::to_writer(&mut bytes, &line).expect("a line always serialises");
            bytes.write_all(b"\n")?;
            added += 1;
        }
    }
    crate::atomic_file::write_atomically(&path, &bytes)?;
    Ok(added)
}

/// The imported units (an unreadable line is skipped: the file is only ever written whole).
pub fn read_units(dir: &Path) -> std::io::Result<Vec<MemoryUnit>> {
    let text = match std::fs::read_to_string(dir.join("units.jsonl")) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    Ok(text
        .lines()
        .filter_map(|line| serde_json::from_str::<Line>(line).ok())
        .map(|line| MemoryUnit {
            source: line.source,
            target: line.target,
            origin: line.origin,
        })
        .collect())
}

/// Remembers a project so that its confirmed segments join the memory.
pub fn register_project(dir: &Path, project: &Path) -> std::io::Result<()> {
    let project = std::fs::canonicalize(project)?;
    let list = dir.join("projects.txt");
    let text = std::fs::read_to_string(&list).unwrap_or_default();
    let line = project.to_string_lossy();
    if text.lines().any(|known| known == line) {
        return Ok(());
    }
    let mut text = text;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&line);
    text.push('\n');
    crate::atomic_file::write_atomically(&list, text.as_bytes())
}

/// The whole memory: imported units, then the confirmed segments of the registered projects
/// except `exclude` (the project being translated, whose own segments are not a memory of it).
pub fn load(dir: &Path, exclude: Option<&Path>) -> Memory {
    let mut memory = Memory::new(read_units(dir).unwrap_or_default());
    let exclude = exclude.and_then(|p| std::fs::canonicalize(p).ok());
    let list = std::fs::read_to_string(dir.join("projects.txt")).unwrap_or_default();
    for line in list.lines().filter(|l| !l.is_empty()) {
        let path = PathBuf::from(line);
        if Some(&path) == exclude.as_ref() {
            continue;
        }
        let Ok((_, project)) = crate::project::store::Store::open(&path) else {
            continue; // moved or deleted since: nothing to offer
        };
        for unit in project.units().iter().filter(|u| u.is_translated()) {
            memory.add(MemoryUnit {
                source: unit.source.clone(),
                target: unit.target.clone(),
                origin: path.display().to_string(),
            });
        }
    }
    memory
}
