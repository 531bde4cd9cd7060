//! Glossaries as tables: TSV (OmegaT's glossary format) and CSV.
//!
//! Without a header, the columns are `French`, `English` and an optional comment, as OmegaT
//! writes them. With a header (recognised when its cells are known column names), columns are
//! taken by name: `source`/`fr`/`term`/`src`, `target`/`en`/`translation`/`tgt`, `note`/
//! `comment`, `pos`, `source_variants`, `target_variants`, `forbidden`, `id` (list cells split
//! on `|`). When both `fr` and `source` are present, `fr` is the term and `source` the
//! provenance, as in dictionary dumps. Rows repeating a source merge into one entry: the first
//! target is the target, the others its variants. Lines starting with `#` in a headerless TSV
//! are comments. CSV follows RFC 4180 quoting; TSV has no quoting (a tab or line break cannot
//! be inside a cell).

use std::collections::HashMap;
use std::path::Path;

use super::{Entry, Glossary, GlossaryError, Loaded, Warning};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Source,
    Target,
    Note,
    Pos,
    SourceVariants,
    TargetVariants,
    Forbidden,
    Id,
    Ignored,
}

fn column(name: &str, has_fr: bool) -> Column {
    match name.trim().to_ascii_lowercase().as_str() {
        "fr" | "french" | "term" | "src" | "source_term" => Column::Source,
        "source" if !has_fr => Column::Source,
        "source" | "origin" | "provenance" | "source_ref" => Column::Ignored,
        "en" | "english" | "target" | "translation" | "tgt" | "target_term" => Column::Target,
        "note" | "comment" | "comments" | "notes" | "definition" => Column::Note,
        "pos" | "part_of_speech" => Column::Pos,
        "source_variants" => Column::SourceVariants,
        "target_variants" => Column::TargetVariants,
        "forbidden" => Column::Forbidden,
        "id" => Column::Id,
        _ => Column::Ignored,
    }
}

/// The header's columns, if the first row is a header: it names a source and a target column
/// (other unknown names are ignored columns).
fn header(row: &[String]) -> Option<Vec<Column>> {
    let has_fr = row.iter().any(|c| {
        matches!(
            c.trim().to_ascii_lowercase().as_str(),
            "fr" | "french" | "term" | "src"
        )
    });
    let columns: Vec<Column> = row.iter().map(|c| column(c, has_fr)).collect();
    (columns.contains(&Column::Source) && columns.contains(&Column::Target)).then_some(columns)
}

/// Parses a TSV (`delimiter` = tab) or CSV (`,`) glossary.
pub fn parse(text: &str, delimiter: u8, path: &Path) -> Result<Loaded, GlossaryError> {
    let rows = read_rows(text, delimiter, path)?;
    let mut rows = rows.into_iter().peekable();
    let columns = match rows.peek().and_then(|(_, row)| header(row)) {
        Some(columns) => {
            rows.next();
            columns
        }
        None => vec![Column::Source, Column::Target, Column::Note],
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_source: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();
    for (line, row) in rows {
        let mut entry = Entry::new("", "");
        entry.line = Some(line);
        for (cell, column) in row.iter().zip(&columns) {
            let cell = cell.trim();
            let list = || split_list(cell);
            match column {
                Column::Source => entry.source = cell.to_owned(),
                Column::Target => entry.target = cell.to_owned(),
                Column::Note if !cell.is_empty() => entry.note = Some(cell.to_owned()),
                Column::Pos if !cell.is_empty() => entry.pos = Some(cell.to_owned()),
                Column::Id if !cell.is_empty() => entry.id = Some(cell.to_owned()),
                Column::SourceVariants => entry.source_variants = list(),
                Column::TargetVariants => entry.target_variants = list(),
                Column::Forbidden => entry.forbidden = list(),
                _ => {}
            }
        }
        if entry.source.is_empty() && entry.target.is_empty() {
            continue;
        }
        if entry.source.is_empty() || entry.target.is_empty() {
            let missing = if entry.source.is_empty() {
                "French term"
            } else {
                "English target"
            };
            warnings.push(Warning {
                message: format!(
                    "{}:{line}: row without a {missing}; skipped",
                    path.display()
                ),
            });
            continue;
        }
        match by_source.get(&entry.source) {
            Some(&first) => {
                let merged = &mut entries[first];
                if merged.target != entry.target && !merged.target_variants.contains(&entry.target)
                {
                    merged.target_variants.push(entry.target);
                }
            }
            None => {
                by_source.insert(entry.source.clone(), entries.len());
                entries.push(entry);
            }
        }
    }
    let name = path
        .file_stem()
        .map_or_else(|| "glossary".into(), |s| s.to_string_lossy().into_owned());
    Ok(Loaded {
        glossary: Glossary {
            name,
            source_lang: "fr".into(),
            target_lang: "en".into(),
            entries,
            path: path.to_owned(),
            ..Glossary::default()
        },
        warnings,
    })
}

fn split_list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The rows with their line numbers (from 1). TSV is split by hand (no quoting: a `"` in a
/// term is a character); CSV goes through the `csv` crate.
fn read_rows(
    text: &str,
    delimiter: u8,
    path: &Path,
) -> Result<Vec<(usize, Vec<String>)>, GlossaryError> {
    if delimiter == b'\t' {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|(i, line)| (i + 1, line.split('\t').map(str::to_owned).collect()))
            .collect());
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(0, |p| p.line() as usize);
            GlossaryError::Syntax {
                path: path.to_owned(),
                line,
                column: 1,
                message: error.to_string(),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// A glossary as TSV in OmegaT's layout (`French<TAB>English<TAB>comment`, no header). Tabs
/// and line breaks inside a cell become spaces: TSV has no way to quote them.
pub fn write_tsv(glossary: &Glossary) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::new();
    for entry in &glossary.entries {
        let comment = entry.note.as_deref().map(clean).unwrap_or_default();
        let line = format!(
            "{}\t{}\t{}",
            clean(&entry.source),
            clean(&entry.target),
            comment
        );
        out.push_str(line.trim_end_matches('\t'));
        out.push('\n');
    }
    out
}

/// A glossary as CSV with a header (RFC 4180 quoting), every field of the entries.
pub fn write_csv(glossary: &Glossary) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let join = |v: &[String]| v.join("|");
    let _ = writer.write_record([
        "source",
        "target",
        "source_variants",
        "target_variants",
        "forbidden",
        "note",
        "pos",
        "id",
    ]);
    for entry in &glossary.entries {
        let _ = writer.write_record([
            entry.source.as_str(),
            &entry.target,
            &join(&entry.source_variants),
            &join(&entry.target_variants),
            &join(&entry.forbidden),
            entry.note.as_deref().unwrap_or(""),
            entry.pos.as_deref().unwrap_or(""),
            entry.id.as_deref().unwrap_or(""),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
