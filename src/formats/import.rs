//! Taking translations back: a TMX, XLIFF 1.2/2, CSV or TSV file written by `passeur export`
//! and edited elsewhere (a reviewer's corrections) is matched to the project by segment id.
//!
//! A unit whose id the project does not have, or whose source text differs from the project's
//! (the file belongs to another version of the document), is not applied and is reported. An
//! empty translation in the file never erases one in the project.

use std::path::Path;

use super::table::{self, Kind};
use super::{FormatError, primary_language, tmx, xliff};
use crate::project::{Project, Status};

/// One translation offered by the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub id: String,
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
    /// Ids the project does not have.
    pub unknown: Vec<String>,
    /// Ids whose source text in the file differs from the project's.
    pub source_differs: Vec<String>,
    /// Units with an empty translation, left alone.
    pub empty: usize,
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
                let head = crate::document::head(text, 2048);
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

/// Reads the translations a file offers for `project`'s language pair.
pub fn read(
    text: &str,
    format: ImportFormat,
    path: &Path,
    project: &Project,
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
                let mut languages: Vec<String> = file
                    .units
                    .iter()
                    .flat_map(|u| u.variants.iter().map(|(l, _)| l.clone()))
                    .collect();
                languages.sort();
                languages.dedup();
                return Err(invalid(format!(
                    "the TMX has no unit in {} and {} (its languages: {}); the project \
                     translates {} into {}",
                    header.source_language,
                    header.target_language,
                    languages.join(", "),
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
                        id: unit.tuid.clone()?,
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
            let languages_match = primary_language(&file.source_language)
                == primary_language(&header.source_language)
                && file.target_language.as_deref().is_none_or(|target| {
                    primary_language(target) == primary_language(&header.target_language)
                });
            if !languages_match {
                return Err(invalid(format!(
                    "the XLIFF translates {} into {}; the project translates {} into {}",
                    file.source_language,
                    file.target_language.as_deref().unwrap_or("?"),
                    header.source_language,
                    header.target_language
                )));
            }
            Ok(file
                .units
                .into_iter()
                .map(|unit| Incoming {
                    id: unit.id,
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
            Ok(table::read(text, kind, path)?
                .into_iter()
                .map(|row| Incoming {
                    id: row.id,
                    source: Some(row.source).filter(|s| !s.is_empty()),
                    target: row.target,
                    status: row.status,
                    note: Some(row.comment),
                })
                .collect())
        }
    }
}

/// Applies the incoming translations to the project.
pub fn apply(project: &mut Project, incoming: Vec<Incoming>) -> Report {
    let positions: std::collections::HashMap<String, usize> = project
        .units()
        .iter()
        .enumerate()
        .map(|(index, unit)| (unit.id.clone(), index))
        .collect();
    let mut report = Report::default();
    for unit in incoming {
        let Some(&index) = positions.get(&unit.id) else {
            report.unknown.push(unit.id);
            continue;
        };
        if unit
            .source
            .as_deref()
            .is_some_and(|source| source != project.unit(index).source)
        {
            report.source_differs.push(unit.id);
            continue;
        }
        let mut changed = false;
        if unit.target.is_empty() {
            report.empty += 1;
        } else {
            let status = unit.status.unwrap_or(Status::Confirmed);
            changed = project.set_translation(index, &unit.target, status);
        }
        if let Some(note) = &unit.note {
            changed |= project.set_note(index, note);
        }
        if changed {
            report.changed.push(unit.id);
        } else if !unit.target.is_empty() {
            report.unchanged += 1;
        }
    }
    report
}
