//! Bilingual interchange files: one module per format, each with a writer over a
//! [`Project`] and, where the format can carry translations back, a reader.
//!
//! | format | writes | reads back |
//! |---|---|---|
//! | `tmx` | TMX 1.4b, translated segments only | yes ([`tmx`]) |
//! | `xliff12` | XLIFF 1.2 (strict schema) | yes ([`xliff`]) |
//! | `xliff2` | XLIFF 2.0 | yes ([`xliff`]) |
//! | `csv`, `tsv` | `id, source, target, status, comment` | yes ([`table`]) |
//! | `html` | side-by-side page | no |
//! | `md` | Markdown table | no |
//! | `txt` | the English document | no |
//!
//! Text is written exactly: NBSP and U+202F stay characters, XML gets only `&amp; &lt; &gt;`.
//! Imports are matched to the project by segment id ([`import`]).

pub mod html;
pub mod import;
pub mod markdown;
pub mod table;
pub mod text;
pub mod tmx;
pub mod xliff12;
pub mod xliff2;

use std::path::Path;

use crate::document::Document;
use crate::glossary::Index;
use crate::io::TextEncoding;
use crate::markup::FormatError;
use crate::markup::{primary_language, tags};
use crate::project::{Project, SourceKind};
use crate::source::Structured;
use crate::source::xliff;

/// The formats `passeur export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Tmx,
    Xliff12,
    Xliff2,
    Csv,
    Tsv,
    Html,
    Md,
    Txt,
    /// The source's own format with the translations in it: the English document for text and
    /// Markdown, the client's XLIFF file with targets filled in for an XLIFF source.
    Original,
}

impl ExportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Tmx => "tmx",
            ExportFormat::Xliff12 | ExportFormat::Xliff2 => "xlf",
            ExportFormat::Csv => "csv",
            ExportFormat::Tsv => "tsv",
            ExportFormat::Html => "html",
            ExportFormat::Md => "md",
            ExportFormat::Txt => "en.txt",
            ExportFormat::Original => "translated",
        }
    }
}

/// What an export needs besides the project.
pub struct Context<'a> {
    pub project: &'a Project,
    /// The source file name as other tools should see it (`original` in XLIFF).
    pub original: String,
    /// Glossary for highlighting terms (HTML); `None` leaves them unmarked.
    pub glossary: Option<&'a Index>,
    /// The source document, when it is readable and unchanged: the English text is rebuilt on
    /// its skeleton. Without it, paragraphs are rebuilt from the segments.
    pub document: Option<&'a Document>,
    /// The source file's text, when it is readable and unchanged (needed to write an XLIFF
    /// source back).
    pub source_text: Option<&'a str>,
    /// The encoding the source file is in: an XLIFF source is written back in it.
    pub source_encoding: TextEncoding,
    /// A Word, OpenDocument or HTML source as read, when it is unchanged.
    pub structure: Option<&'a Structured>,
}

/// An export's text, with what the translator should know about it.
#[derive(Debug, Clone)]
pub struct Exported {
    pub text: String,
    /// A binary export (a Word or OpenDocument file written back): written instead of `text`.
    pub binary: Option<Vec<u8>>,
    /// The encoding to write the text in (UTF-8 but for a client's file written back).
    pub encoding: TextEncoding,
    pub warnings: Vec<String>,
}

impl Exported {
    /// A UTF-8 export without warnings.
    pub fn plain(text: String) -> Exported {
        Exported {
            text,
            binary: None,
            encoding: TextEncoding::Utf8,
            warnings: Vec::new(),
        }
    }

    /// The bytes to write.
    pub fn bytes(&self) -> Vec<u8> {
        match &self.binary {
            Some(bytes) => bytes.clone(),
            None => self.encoding.encode(&self.text),
        }
    }
}

/// Writes the project in `format`. Fails only for `original` when the source is not at hand.
pub fn export(format: ExportFormat, context: &Context) -> Result<Exported, FormatError> {
    let plain = Exported::plain;
    Ok(match format {
        ExportFormat::Tmx => plain(tmx::write(context)),
        ExportFormat::Xliff12 => plain(xliff12::write(context)),
        ExportFormat::Xliff2 => plain(xliff2::write(context)),
        ExportFormat::Csv => plain(table::write(context.project, table::Kind::Csv)),
        ExportFormat::Tsv => plain(table::write(context.project, table::Kind::Tsv)),
        ExportFormat::Html => plain(html::write(context)),
        ExportFormat::Md => plain(markdown::write(context.project)),
        ExportFormat::Txt => text::write(context),
        ExportFormat::Original => match context.project.header().source_kind {
            SourceKind::Text | SourceKind::Markdown => text::write(context),
            SourceKind::Docx | SourceKind::Odt | SourceKind::Html => text::write_back(context)?,
            SourceKind::Xliff12 | SourceKind::Xliff2 => {
                let (text, mut warnings) = write_back_xliff(context)?;
                let encoding = context.source_encoding;
                let missing = encoding.unrepresentable(&text);
                if !missing.is_empty() {
                    warnings.push(format!(
                        "the file is in {}, which has no {}: written as character references \
                         (&#NNNN;), which XML tools read as the characters",
                        encoding.name(),
                        missing
                            .iter()
                            .map(|c| format!("{c:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                Exported {
                    encoding,
                    warnings,
                    ..Exported::plain(text)
                }
            }
        },
    })
}

/// The client's XLIFF with the project's translations written into it, and what to warn
/// about. Each translation goes to the unit with its id, and only when that unit's source is
/// the project's: a file whose units were renumbered or changed is refused with the ids that
/// disagree, never written into the wrong unit. A translation with an inline tag that would
/// land in the file as text (one the unit never had, pairs unpaired or crossed) is not written:
/// the unit keeps what the file had, and the warning names it.
fn write_back_xliff(context: &Context) -> Result<(String, Vec<String>), FormatError> {
    let project = context.project;
    let path = project.header().source.clone();
    let Some(original) = context.source_text else {
        return Err(FormatError::Invalid {
            path,
            message: "the XLIFF file this project was made from is missing or was changed; \
                      restore it (or open the project to realign it) to write the translations \
                      back into it"
                .into(),
        });
    };
    let file = xliff::read(original, &path)?;
    let positions: std::collections::HashMap<&str, usize> = project
        .units()
        .iter()
        .enumerate()
        .map(|(index, unit)| (unit.id.as_str(), index))
        .collect();
    let disagreeing: Vec<&str> = file
        .units
        .iter()
        .filter(|unit| {
            positions
                .get(unit.id.as_str())
                .is_some_and(|&index| project.unit(index).source != unit.source)
        })
        .map(|unit| unit.id.as_str())
        .collect();
    if !disagreeing.is_empty() {
        let shown: Vec<&str> = disagreeing.iter().take(5).copied().collect();
        return Err(FormatError::Invalid {
            path,
            message: format!(
                "{} units have another source text in the file than in the project (ids {}{}); \
                 nothing written: open the project to realign it with the file first",
                disagreeing.len(),
                shown.join(", "),
                if disagreeing.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            ),
        });
    }
    // The codes a unit's translation may hold: its source's, and those its target already
    // had in the file (a note's mark, a reviewer's highlight).
    let codes: std::collections::HashMap<&str, Vec<tags::Tag>> = file
        .units
        .iter()
        .map(|unit| {
            let mut known: Vec<tags::Tag> = tags::tags_of(&unit.source)
                .into_iter()
                .map(|(_, tag, _)| tag)
                .collect();
            known.extend(
                tags::tags_of(unit.target.as_deref().unwrap_or_default())
                    .into_iter()
                    .map(|(_, tag, _)| tag),
            );
            (unit.id.as_str(), known)
        })
        .collect();
    let mut held_back = Vec::new();
    let text = xliff::write_back(
        original,
        &path,
        &file,
        &project.header().target_language,
        |id| {
            let index = *positions.get(id)?;
            let unit = project.unit(index);
            let known = codes.get(id).map(Vec::as_slice).unwrap_or_default();
            if !tags::all_writable(&unit.target, |tag| known.contains(&tag)) {
                held_back.push((index + 1).to_string());
                return None;
            }
            Some(xliff::Translation {
                target: &unit.target,
                status: unit.status,
            })
        },
    )?;
    let warnings = match held_back.is_empty() {
        true => Vec::new(),
        false => vec![format!(
            "segments {} not written into the file: they hold tags the file cannot take \
             (`passeur check` says which); the file keeps what it had for them",
            held_back.join(", ")
        )],
    };
    Ok((text, warnings))
}

/// The version written into files as the creating tool's version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Refuses a file whose language pair is not `expected` (source, target), compared on the
/// primary subtag; a language the file leaves out is taken as expected. `force` lets it through
/// (a file mislabelled by its tool).
pub fn check_language_pair(
    path: &Path,
    file_source: &str,
    file_target: Option<&str>,
    expected: (&str, &str),
    force: bool,
) -> Result<(), FormatError> {
    let differs = |found: &str, wanted: &str| {
        !found.trim().is_empty() && primary_language(found) != primary_language(wanted)
    };
    let target_differs = file_target.is_some_and(|target| differs(target, expected.1));
    if force || !(differs(file_source, expected.0) || target_differs) {
        return Ok(());
    }
    let what = match file_target.map(str::trim).filter(|t| !t.is_empty()) {
        Some(target) => format!(
            "the file translates {} into {target}, not {} into {}",
            file_source.trim(),
            expected.0,
            expected.1
        ),
        None => format!(
            "the file's source language is {}, not {}",
            file_source.trim(),
            expected.0
        ),
    };
    Err(FormatError::Invalid {
        path: path.to_owned(),
        message: format!("{what}; give --force to use it anyway"),
    })
}
