//! The English document: every segment replaced by its translation, in the source's layout.
//!
//! With the source document at hand (readable and unchanged since the project last read it),
//! its skeleton (line breaks, spacing, Markdown markers) is kept exactly. Without it, segments
//! of one paragraph are joined with a space and paragraphs separated by a blank line.
//! Untranslated segments keep the French source, and a warning names them.

use super::{Context, Exported};

pub fn write(context: &Context) -> Exported {
    let project = context.project;
    let mut untranslated = Vec::new();
    let piece = |index: usize| {
        let unit = project.unit(index);
        if unit.target.is_empty() {
            unit.source.as_str()
        } else {
            unit.target.as_str()
        }
    };
    for (index, unit) in project.units().iter().enumerate() {
        if unit.target.is_empty() {
            untranslated.push(index + 1);
        }
    }
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
    if !untranslated.is_empty() {
        warnings.push(format!(
            "{} of {} segments are untranslated and left in French: {}",
            untranslated.len(),
            project.len(),
            number_list(&untranslated)
        ));
    }
    Exported {
        warnings,
        ..Exported::plain(text)
    }
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
