//! The English document: every segment replaced by its translation, in the source's layout.
//!
//! With the source document at hand (readable and unchanged since the project last read it),
//! its skeleton (line breaks, spacing, Markdown markers) is kept exactly. Without it, segments
//! of one paragraph are joined with a space and paragraphs separated by a blank line.
//! Untranslated segments keep the French source, and a warning names them.
//!
//! A Word, OpenDocument or HTML source gives the document's running text, a paragraph a line,
//! as a word processor's "save as text" does; [`write_back`] writes the document itself.

use super::{Context, Exported, FormatError};
use crate::project::Project;

/// The English document as text.
pub fn write(context: &Context) -> Exported {
    if context.project.header().source_kind.is_structured()
        && let Some(translations) = translated_lines(context)
        && let Some(structure) = context.structure
    {
        let mut exported = Exported::plain(structure.plain_text(&translations));
        exported
            .warnings
            .extend(untranslated_warning(context.project));
        return exported;
    }
    let project = context.project;
    let piece = |index: usize| {
        let unit = project.unit(index);
        if unit.target.is_empty() {
            unit.source.as_str()
        } else {
            unit.target.as_str()
        }
    };
    let mut warnings = Vec::new();
    let text = match context.document {
        Some(document) if document.segments().len() == project.len() => {
            // An untranslated segment as the file has it (a wrapped paragraph keeps its lines).
            document.rebuild(|index| match project.unit(index).target.is_empty() {
                true => document.segment_text(index),
                false => piece(index),
            })
        }
        _ => {
            warnings.push(
                "the source file is not available as the project knows it: paragraphs are \
                 rebuilt from the segments (one blank line between paragraphs)"
                    .to_owned(),
            );
            let mut out = String::new();
            let mut paragraph = None;
            for (index, unit) in project.units().iter().enumerate() {
                match paragraph {
                    Some(p) if p == unit.paragraph => out.push(' '),
                    Some(_) => out.push_str("\n\n"),
                    None => {}
                }
                paragraph = Some(unit.paragraph);
                out.push_str(piece(index));
            }
            out.push('\n');
            out
        }
    };
    warnings.extend(untranslated_warning(project));
    Exported {
        warnings,
        ..Exported::plain(text)
    }
}

/// The Word, OpenDocument or HTML source with the translations written in: a patch of the
/// client's file (see [`crate::source::Structured::write_back`]).
pub fn write_back(context: &Context) -> Result<Exported, FormatError> {
    let project = context.project;
    let path = project.header().source.clone();
    let (Some(structure), Some(translations)) = (context.structure, translated_lines(context))
    else {
        return Err(FormatError::Invalid {
            path,
            message: "the document this project was made from is missing or was changed; \
                      restore it (or open the project to realign it) to write the translation \
                      into it"
                .into(),
        });
    };
    let (bytes, mut warnings) =
        structure.write_back(&path, &translations, &project.header().target_language)?;
    warnings.extend(untranslated_warning(project));
    Ok(Exported {
        binary: Some(bytes),
        warnings,
        ..Exported::plain(String::new())
    })
}

/// Each line of a document source's text as translated (`None` where the translation leaves
/// it as it is), when the document is at hand and gives the project's segments.
fn translated_lines(context: &Context) -> Option<Vec<Option<String>>> {
    let document = context.document?;
    let project = context.project;
    if document.segments().len() != project.len() {
        return None;
    }
    // A paragraph is a line: a line break typed in a translation is a space there.
    let targets: Vec<String> = project
        .units()
        .iter()
        .map(|unit| unit.target.replace(['\n', '\r'], " "))
        .collect();
    let rebuilt = document.rebuild(|index| match targets[index].is_empty() {
        true => document.segment_text(index),
        false => targets[index].as_str(),
    });
    Some(
        rebuilt
            .split('\n')
            .zip(document.text().split('\n'))
            .map(|(new, old)| (new != old).then(|| new.to_owned()))
            .collect(),
    )
}

/// The warning naming the untranslated segments, when there are some.
fn untranslated_warning(project: &Project) -> Option<String> {
    let untranslated: Vec<usize> = (0..project.len())
        .filter(|&index| project.unit(index).target.is_empty())
        .map(|index| index + 1)
        .collect();
    (!untranslated.is_empty()).then(|| {
        format!(
            "{} of {} segments are untranslated and left in French: {}",
            untranslated.len(),
            project.len(),
            number_list(&untranslated)
        )
    })
}

/// `1, 4–6, 9` (at most 20 numbers or ranges, then `…`).
fn number_list(numbers: &[usize]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &n in numbers {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => ranges.push((n, n)),
        }
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .take(20)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if ranges.len() > 20 {
        parts.push("…".into());
    }
    parts.join(", ")
}
