//! Taking translations back: a TMX, XLIFF 1.2/2, CSV or TSV file written by `passeur export`
//! and edited elsewhere (a reviewer's corrections) is matched to the project by segment id; a
//! unit without an id (OmegaT's `project_save.tmx` has no `tuid`), or with an id the project
//! does not have, is matched by its source text instead, to every segment with that source.
//!
//! A unit matching nothing, or whose source text differs from the project's (the file belongs
//! to another version of the document), is not applied and is reported. An empty translation
//! in the file never erases one in the project.

use std::collections::HashMap;
use std::path::Path;

use super::table::{self, Kind};
use super::{check_language_pair, tmx};
use crate::io::{ReadError, TextEncoding, encoding};
use crate::markup::FormatError;
use crate::project::{Project, Status};
use crate::source::xliff;

/// One translation offered by the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The segment id, when the file gives one.
    pub id: Option<String>,
    /// The source text in the file, when it carries one.
    pub source: Option<String>,
    pub target: String,
    pub status: Option<Status>,
    /// `None` when the format has no notes, or the file has none for this unit.
    pub note: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Ids whose translation, status or note changed.
    pub changed: Vec<String>,
    /// How many units matched and were already identical.
    pub unchanged: usize,
    /// Units that match no segment: their id, or their source text (shortened) without one.
    pub unknown: Vec<String>,
    /// Ids whose source text in the file differs from the project's.
    pub source_differs: Vec<String>,
    /// Units with an empty translation, left alone.
    pub empty: usize,
    /// Ids of segments the client's file locked, left as the file has them.
    pub locked: Vec<String>,
}

/// The file formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Tmx,
    Xliff,
    Csv,
    Tsv,
}

impl ImportFormat {
    /// From the extension, or from the first bytes for XML files.
    pub fn detect(path: &Path, text: &str) -> Option<ImportFormat> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match extension.as_str() {
            "tmx" => Some(ImportFormat::Tmx),
            "xlf" | "xliff" => Some(ImportFormat::Xliff),
            "csv" => Some(ImportFormat::Csv),
            "tsv" | "tab" => Some(ImportFormat::Tsv),
            _ => {
                let head = crate::io::head(text, 2048);
                if head.contains("<tmx") {
                    Some(ImportFormat::Tmx)
                } else if head.contains("<xliff") {
                    Some(ImportFormat::Xliff)
                } else {
                    None
                }
            }
        }
    }
}

/// A file's bytes as text in its encoding (declared by XML, detected for tables), with its
/// format; `None` when neither the name nor the content tells the format.
pub fn decode(
    bytes: Vec<u8>,
    path: &Path,
) -> Result<Option<(ImportFormat, String, TextEncoding)>, ReadError> {
    let table = matches!(
        ImportFormat::detect(path, ""),
        Some(ImportFormat::Csv | ImportFormat::Tsv)
    );
    let (text, encoding) = match table {
        true => encoding::decode_table(bytes, path)?,
        false => encoding::decode_xml(bytes, path)?,
    };
    Ok(ImportFormat::detect(path, &text).map(|format| (format, text, encoding)))
}

/// Reads the translations a file offers for `project`'s language pair; a file for another
/// pair is refused unless `force`.
pub fn read(
    text: &str,
    format: ImportFormat,
    path: &Path,
    project: &Project,
    force: bool,
) -> Result<Vec<Incoming>, FormatError> {
    let header = project.header();
    let invalid = |message: String| FormatError::Invalid {
        path: path.to_owned(),
        message,
    };
    match format {
        ImportFormat::Tmx => {
            let file = tmx::read(text, path)?;
            let has_pair = |unit: &tmx::TmxUnit| {
                unit.text_in(&header.source_language).is_some()
                    && unit.text_in(&header.target_language).is_some()
            };
            if !file.units.is_empty() && !file.units.iter().any(has_pair) {
                return Err(invalid(format!(
                    "the TMX has no unit in {} and {} (its languages: {}); the project \
                     translates {} into {}",
                    header.source_language,
                    header.target_language,
                    file.languages().join(", "),
                    header.source_language,
                    header.target_language
                )));
            }
            Ok(file
                .units
                .iter()
                .filter(|unit| has_pair(unit))
                .filter_map(|unit| {
                    Some(Incoming {
                        id: unit.tuid.clone(),
                        source: unit.text_in(&header.source_language).map(str::to_owned),
                        target: unit.text_in(&header.target_language)?.to_owned(),
                        status: unit.status.as_deref().and_then(Status::from_name),
                        note: Some(unit.note.clone()),
                    })
                })
                .collect())
        }
        ImportFormat::Xliff => {
            let file = xliff::read(text, path)?;
            check_language_pair(
                path,
                &file.source_language,
                file.target_language.as_deref(),
                (&header.source_language, &header.target_language),
                force,
            )?;
            Ok(file
                .units
                .into_iter()
                .map(|unit| Incoming {
                    id: Some(unit.id),
                    source: Some(unit.source),
                    target: unit.target.unwrap_or_default(),
                    status: Some(unit.status),
                    note: Some(unit.note),
                })
                .collect())
        }
        ImportFormat::Csv | ImportFormat::Tsv => {
            let kind = if format == ImportFormat::Csv {
                Kind::Csv
            } else {
                Kind::Tsv
            };
            let languages = (&*header.source_language, &*header.target_language);
            let rows = table::read(text, kind, path, languages, force)?;
            refuse_misread_utf8(&rows, project, path)?;
            Ok(rows
                .into_iter()
                .map(|row| Incoming {
                    id: Some(row.id).filter(|id| !id.is_empty()),
                    source: Some(row.source).filter(|s| !s.is_empty()),
                    target: row.target,
                    status: row.status,
                    note: Some(row.comment),
                })
                .collect())
        }
    }
}

/// A table whose source texts are the project's only after undoing a misreading of UTF-8 as
/// Windows-1252 (a spreadsheet opened the export without asking for its encoding, and saved
/// what it showed) is refused with what happened and what to do.
fn refuse_misread_utf8(
    rows: &[table::Row],
    project: &Project,
    path: &Path,
) -> Result<(), FormatError> {
    let sources: HashMap<&str, &str> = project
        .units()
        .iter()
        .map(|unit| (unit.id.as_str(), unit.source.as_str()))
        .collect();
    let misread = rows.iter().find_map(|row| {
        let expected = *sources.get(row.id.as_str())?;
        if row.source == expected {
            return None;
        }
        let repaired = encoding::undo_utf8_read_as_windows_1252(&row.source)?;
        (repaired == expected).then_some(row)
    });
    match misread {
        None => Ok(()),
        Some(row) => Err(FormatError::Syntax {
            path: path.to_owned(),
            line: row.line,
            column: 1,
            message: format!(
                "the text was garbled by a wrong encoding ({} stands for {}): a program \
                 read this UTF-8 file as Windows-1252 and saved what it showed; export the \
                 table again (passeur writes CSV with a byte order mark, which spreadsheets \
                 recognise) or open it choosing UTF-8",
                shortened(&row.source),
                shortened(sources.get(row.id.as_str()).copied().unwrap_or_default())
            ),
        }),
    }
}

/// Applies the incoming translations to the project.
pub fn apply(project: &mut Project, incoming: Vec<Incoming>) -> Report {
    let by_id: HashMap<String, usize> = project
        .units()
        .iter()
        .enumerate()
        .map(|(index, unit)| (unit.id.clone(), index))
        .collect();
    let mut by_source: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, unit) in project.units().iter().enumerate() {
        by_source
            .entry(unit.source.clone())
            .or_default()
            .push(index);
    }
    let mut report = Report::default();
    for unit in incoming {
        let indices =
            match unit.id.as_deref().and_then(|id| by_id.get(id)) {
                Some(&index) => {
                    if unit
                        .source
                        .as_deref()
                        .is_some_and(|source| source != project.unit(index).source)
                    {
                        report.source_differs.extend(unit.id);
                        continue;
                    }
                    vec![index]
                }
                None => match unit.source.as_deref().and_then(|s| by_source.get(s)) {
                    Some(indices) => indices.clone(),
                    None => {
                        report.unknown.push(unit.id.unwrap_or_else(|| {
                            shortened(unit.source.as_deref().unwrap_or_default())
                        }));
                        continue;
                    }
                },
            };
        if unit.target.is_empty() {
            report.empty += 1;
        }
        for index in indices {
            if project.unit(index).locked {
                let id = &project.unit(index).id;
                let differs = project.unit(index).target != unit.target;
                if differs && !unit.target.is_empty() && !report.locked.contains(id) {
                    report.locked.push(id.clone());
                }
                continue;
            }
            let status = unit.status.unwrap_or(Status::Confirmed);
            let mut changed =
                !unit.target.is_empty() && project.set_translation(index, &unit.target, status);
            if let Some(note) = &unit.note {
                changed |= project.set_note(index, note);
            }
            if changed {
                report.changed.push(project.unit(index).id.clone());
            } else if !unit.target.is_empty() {
                report.unchanged += 1;
            }
        }
    }
    report
}

/// A source text as a report shows it: quoted, at most 40 characters.
fn shortened(source: &str) -> String {
    let mut chars = source.chars();
    let head: String = chars.by_ref().take(40).collect();
    match chars.next() {
        Some(_) => format!("«{head}…»"),
        None => format!("«{head}»"),
    }
}
