//! Units from files: TMX files, projects, and the file-based memory of earlier versions.
//!
//! TMX reading is tolerant (`fr`, `fr-FR`, `fr_FR`, `FR` are all French; the direction comes
//! from each unit's variants, not from `srclang`); a unit without both languages is skipped and
//! counted; a file with no French–English unit at all, or that cannot be read, is an error
//! (with line and column where there is one). Dates, `creationid` and the `prev`/`next`/`file`
//! properties OmegaT writes (and passeur's memory export) are kept, so context survives.
//!
//! Earlier versions kept the memory under `$XDG_DATA_HOME/passeur/memory/`: `units.jsonl`
//! (imported units, one JSON object a line) and `projects.txt` (projects whose confirmed
//! segments were re-read at every start). [`migrate`] moves both into the SQLite memory once.

use super::document::DocumentId;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::sqlite::SqliteMemory;
use super::{Loaded, MemoryError, MemoryUnit};
use crate::formats::tmx;
use crate::io::ReadError;
use crate::markup::FormatError;
use crate::markup::xml::{Input, XmlReader};
use crate::project::Project;
use crate::time::Timestamp;

/// The folder of the file-based memory of earlier versions (migrated into
/// [`super::sqlite::default_path`] on first use).
pub fn memory_dir() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join("memory"))
}

#[derive(Deserialize)]
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
    let mut reader = XmlReader::new(text, path);
    let mut units = Vec::new();
    let counted = read_memory_units(
        &mut reader,
        path,
        (source_language, target_language),
        |unit| {
            units.push(unit);
            Ok::<_, FormatError>(())
        },
    )?;
    Ok(Loaded {
        units,
        skipped: counted.skipped,
    })
}

/// How many units a TMX file gave, and how many it skipped (not in both languages, or empty).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    pub units: usize,
    pub skipped: usize,
}

/// The units of a TMX file read as a stream, in bounded memory whatever its size, handed to
/// `each` one at a time (which may stop the reading with an error of its own). Reading the
/// whole file without keeping anything (`each` doing nothing) checks it: every error
/// [`read_tmx`] gives, this gives, once the file is read.
pub fn stream_tmx<E: From<FormatError> + From<ReadError>>(
    path: &Path,
    (source_language, target_language): (&str, &str),
    each: impl FnMut(MemoryUnit) -> Result<(), E>,
) -> Result<Counted, E> {
    let (input, _) = crate::io::xml_stream::open(path)?;
    stream_tmx_from(input, path, (source_language, target_language), each)
}

/// [`stream_tmx`] over UTF-8 from any reader (`path` names it in errors).
pub fn stream_tmx_from<E: From<FormatError>>(
    input: impl std::io::BufRead,
    path: &Path,
    languages: (&str, &str),
    each: impl FnMut(MemoryUnit) -> Result<(), E>,
) -> Result<Counted, E> {
    let mut reader = XmlReader::stream(input, path);
    read_memory_units(&mut reader, path, languages, each)
}

/// The memory units of a TMX file's units; errors for a file with no unit, or none in both
/// languages.
fn read_memory_units<'a, I: Input<'a>, E: From<FormatError>>(
    reader: &mut XmlReader<'a, I>,
    path: &Path,
    (source_language, target_language): (&str, &str),
    mut each: impl FnMut(MemoryUnit) -> Result<(), E>,
) -> Result<Counted, E> {
    let origin = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut counted = Counted::default();
    // For the message of a file with no unit in both languages.
    let mut languages: Vec<String> = Vec::new();
    tmx::read_units(reader, path, |unit| {
        // A unit is the variants it holds, whatever `srclang` says: memories often declare
        // `srclang="en"` (an agency's EN→FR work, Debian's po2tmx) over French and English
        // units.
        match (unit.text_in(source_language), unit.text_in(target_language)) {
            (Some(source), Some(target))
                if !source.trim().is_empty() && !target.trim().is_empty() =>
            {
                counted.units += 1;
                let changed = unit.changed.or(unit.created).map_or(0, |t| t.0);
                let prop = |kind: &str| unit.prop(kind).unwrap_or_default().to_owned();
                each(MemoryUnit {
                    source: source.to_owned(),
                    target: target.to_owned(),
                    origin: unit
                        .prop("x-passeur-memory-origin")
                        .map_or_else(|| origin.clone(), str::to_owned),
                    document: prop("file"),
                    author: unit.author.clone().unwrap_or_default(),
                    created: unit.created.map_or(changed, |t| t.0),
                    changed,
                    previous: prop("prev"),
                    next: prop("next"),
                })
            }
            _ => {
                counted.skipped += 1;
                if counted.units == 0 {
                    for (language, _) in &unit.variants {
                        if !languages.contains(language) && languages.len() < 20 {
                            languages.push(language.clone());
                        }
                    }
                }
                Ok(())
            }
        }
    })?;
    if counted.units + counted.skipped == 0 {
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: "the TMX file has no translation unit".into(),
        }
        .into());
    }
    if counted.units == 0 {
        languages.sort();
        return Err(FormatError::Invalid {
            path: path.to_owned(),
            message: format!(
                "none of its {} units has both {source_language} and {target_language} text \
                 (its languages: {})",
                counted.skipped,
                languages.join(", ")
            ),
        }
        .into());
    }
    Ok(counted)
}

/// The units of the file-based memory of earlier versions (`units.jsonl`; an unreadable line is
/// skipped: the file was only ever written whole).
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
            ..MemoryUnit::default()
        })
        .collect())
}

/// The translated segments of a project as memory units, with their neighbours as context.
pub fn project_units(project: &Project, document: &DocumentId, author: &str) -> Vec<MemoryUnit> {
    (0..project.len())
        .filter(|&index| project.unit(index).is_translated())
        .map(|index| unit_of_segment(project, index, document, author))
        .collect()
}

/// Segment `index` of a project as a memory unit.
pub fn unit_of_segment(
    project: &Project,
    index: usize,
    document: &DocumentId,
    author: &str,
) -> MemoryUnit {
    let segment = project.unit(index);
    let (previous, next) = super::neighbours(project, index);
    let changed = segment.modified.map_or_else(|| Timestamp::now().0, |t| t.0);
    MemoryUnit {
        source: segment.source.clone(),
        target: segment.target.clone(),
        origin: document.name.clone(),
        document: document.id.clone(),
        author: author.to_owned(),
        created: changed,
        changed,
        previous,
        next,
    }
}

/// What moving the file-based memory into the database brought.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migrated {
    pub imported: usize,
    pub projects: usize,
    pub project_units: usize,
}

/// Moves the memory of earlier versions (`dir/units.jsonl` and the projects listed in
/// `dir/projects.txt`) into `memory`, once: the database remembers that it did. The old files
/// are left where they are. `None` when there was nothing to move or it was done before.
pub fn migrate(dir: &Path, memory: &mut SqliteMemory) -> Result<Option<Migrated>, MemoryError> {
    const DONE: &str = "migrated_from_files";
    if memory.meta(DONE)?.is_some() {
        return Ok(None);
    }
    let imported = read_units(dir)?;
    let list = std::fs::read_to_string(dir.join("projects.txt")).unwrap_or_default();
    let mut migrated = Migrated::default();
    let mut units = imported;
    migrated.imported = units.len();
    for line in list.lines().filter(|l| !l.is_empty()) {
        let Ok((_, project)) = crate::project::store::Store::open(Path::new(line)) else {
            continue; // moved or deleted since: nothing to bring
        };
        let document = DocumentId::of(Path::new(line), &project);
        let found = project_units(&project, &document, "");
        migrated.projects += 1;
        migrated.project_units += found.len();
        units.extend(found);
    }
    memory.add_units(&units, false)?;
    memory.set_meta(DONE, &Timestamp::now().iso())?;
    Ok((migrated != Migrated::default()).then_some(migrated))
}
