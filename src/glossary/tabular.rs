//! Glossaries as tables: TSV (OmegaT's glossary format) and CSV.
//!
//! Without a header, the columns are `French`, `English` and an optional comment, as OmegaT
//! writes them. With a header (a first row that names a source and a target column; other
//! names are ignored columns), columns are taken by name: `source`/`fr`/`term`/`src`,
//! `target`/`en`/`translation`/`tgt`, `note`/`comment`, `pos`, `source_variants`,
//! `target_variants`, `forbidden`, `id` (list cells split on `|`). When both `fr` and
//! `source` are present, `fr` is the term and `source` the provenance, as in dictionary dumps.
//! Rows repeating a source merge into one entry: the first target is the target, the others
//! its variants. Lines starting with `#` in a TSV are comments. CSV follows RFC 4180 quoting;
//! TSV has no quoting (a tab or line break cannot be inside a cell).

use std::borrow::Cow;
use std::path::Path;

use super::{Entry, Glossary, GlossaryError, Loaded, Warning};
use crate::util::fast_map::{FastHasher, FastMap};

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
fn header(row: &[Cow<str>]) -> Option<Vec<Column>> {
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
    let mut rows = rows(text, delimiter, path).peekable();
    let columns = match rows.peek() {
        Some(Ok((_, row))) => header(row),
        _ => None,
    };
    let columns = match columns {
        Some(columns) => {
            rows.next();
            columns
        }
        None => vec![Column::Source, Column::Target, Column::Note],
    };
    let mut entries: Vec<Entry> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    // Entries by a hash of their source, to merge rows that repeat a source. (On the rare
    // collision of two different sources the second one simply is not merged.)
    let mut by_source: FastMap<u64, usize> = FastMap::default();
    let mut warnings = Vec::new();
    for row in rows {
        let (line, row) = row?;
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
        let hash = FastHasher::hash_str(&entry.source);
        match by_source
            .get(&hash)
            .copied()
            .filter(|first| entries[*first].source == entry.source)
        {
            Some(first) => {
                let merged = &mut entries[first];
                if merged.target != entry.target && !merged.target_variants.contains(&entry.target)
                {
                    merged.target_variants.push(entry.target);
                }
            }
            None => {
                by_source.entry(hash).or_insert(entries.len());
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

/// One row: its line number (from 1) and its cells.
type Row<'t> = Result<(usize, Vec<Cow<'t, str>>), GlossaryError>;

/// The rows, read one at a time. TSV is split by hand (no quoting: a `"` in a term is a
/// character) and borrows from the text; CSV goes through the `csv` crate.
fn rows<'t>(
    text: &'t str,
    delimiter: u8,
    path: &'t Path,
) -> Box<dyn Iterator<Item = Row<'t>> + 't> {
    if delimiter == b'\t' {
        return Box::new(
            text.lines()
                .enumerate()
                .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
                .map(|(i, line)| Ok((i + 1, line.split('\t').map(Cow::Borrowed).collect()))),
        );
    }
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    Box::new(reader.into_records().map(move |record| {
        let record = record.map_err(|error| GlossaryError::Syntax {
            path: path.to_owned(),
            line: error.position().map_or(0, |p| p.line() as usize),
            column: 1,
            message: error.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        Ok((
            line,
            record.iter().map(|c| Cow::Owned(c.to_owned())).collect(),
        ))
    }))
}

/// One row for `entry`, to append to the table `existing` (TSV when `delimiter` is a tab): its
/// cells in the order of the table's header, or French, English, comment when it has none.
pub fn row_for(existing: &str, entry: &Entry, delimiter: u8, path: &Path) -> String {
    let existing = existing.strip_prefix('\u{feff}').unwrap_or(existing);
    let columns = match rows(existing, delimiter, path).next() {
        Some(Ok((_, row))) => header(&row),
        _ => None,
    }
    .unwrap_or_else(|| vec![Column::Source, Column::Target, Column::Note]);
    let join = |v: &[String]| v.join("|");
    let mut cells: Vec<String> = columns
        .iter()
        .map(|column| match column {
            Column::Source => entry.source.clone(),
            Column::Target => entry.target.clone(),
            Column::Note => entry.note.clone().unwrap_or_default(),
            Column::Pos => entry.pos.clone().unwrap_or_default(),
            Column::Id => entry.id.clone().unwrap_or_default(),
            Column::SourceVariants => join(&entry.source_variants),
            Column::TargetVariants => join(&entry.target_variants),
            Column::Forbidden => join(&entry.forbidden),
            Column::Ignored => String::new(),
        })
        .collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    if delimiter == b'\t' {
        let clean = |s: &String| s.replace(['\t', '\n', '\r'], " ");
        return cells.iter().map(clean).collect::<Vec<_>>().join("\t") + "\n";
    }
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let _ = writer.write_record(&cells);
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A glossary as TSV in OmegaT's layout (`French<TAB>English<TAB>comment`, no header). Tabs
/// and line breaks inside a cell become spaces: TSV has no way to quote them. Synonyms are
/// rows of their own, as OmegaT lists them: each English alternative under the same French
/// (passeur reads those back as the entry's variants), each other French form with the
/// entry's English. What the layout cannot hold is told by [`not_held`].
pub fn write_tsv(glossary: &Glossary) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::new();
    let mut row = |source: &str, target: &str, comment: &str| {
        let line = format!("{}\t{}\t{}", clean(source), clean(target), clean(comment));
        out.push_str(line.trim_end_matches('\t'));
        out.push('\n');
    };
    for entry in &glossary.entries {
        let comment = entry.note.as_deref().unwrap_or_default();
        row(&entry.source, &entry.target, comment);
        for variant in &entry.target_variants {
            row(&entry.source, variant, "");
        }
        for variant in &entry.source_variants {
            row(variant, &entry.target, comment);
        }
    }
    out
}

/// What a table cannot hold of `glossary`, for the translator (nothing when empty): OmegaT's
/// layout (TSV, or CSV without a header) has no place for forbidden renderings, parts of
/// speech or ids, and no table has one for the matching options.
pub fn not_held(glossary: &Glossary, with_header: bool) -> Vec<String> {
    let count = |keep: &dyn Fn(&Entry) -> bool| glossary.entries.iter().filter(|e| keep(e)).count();
    let default = Entry::new("", "");
    let mut lost = Vec::new();
    let mut say = |n: usize, what: &str| {
        if n > 0 {
            let entries = if n == 1 { "entry" } else { "entries" };
            lost.push(format!("the {what} of {n} {entries}"));
        }
    };
    if !with_header {
        say(count(&|e| !e.forbidden.is_empty()), "forbidden renderings");
        say(count(&|e| e.pos.is_some()), "part of speech");
        say(count(&|e| e.id.is_some()), "ids");
    }
    say(
        count(&|e| {
            (
                e.case,
                e.inflect,
                e.number,
                e.whole_word,
                e.accent_sensitive,
            ) != (
                default.case,
                default.inflect,
                default.number,
                default.whole_word,
                default.accent_sensitive,
            )
        }),
        "matching options (case, inflection, whole words, accents)",
    );
    lost
}

/// A glossary as CSV (RFC 4180 quoting). Entries with only a term, a translation and a note
/// are written in OmegaT's layout, without a header (OmegaT would read a header row as an
/// entry); when some entry has variants, forbidden renderings, a part of speech or an id, a
/// header row names every column, and the second value says so.
pub fn write_csv(glossary: &Glossary) -> (String, bool) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let join = |v: &[String]| v.join("|");
    let needs_header = glossary.entries.iter().any(|entry| {
        !entry.source_variants.is_empty()
            || !entry.target_variants.is_empty()
            || !entry.forbidden.is_empty()
            || entry.pos.is_some()
            || entry.id.is_some()
    });
    if needs_header {
        let _ = writer.write_record([
            "source",
            "target",
            "note",
            "source_variants",
            "target_variants",
            "forbidden",
            "pos",
            "id",
        ]);
    }
    for entry in &glossary.entries {
        let note = entry.note.as_deref().unwrap_or("");
        let _ = match needs_header {
            false => writer.write_record([entry.source.as_str(), &entry.target, note]),
            true => writer.write_record([
                entry.source.as_str(),
                &entry.target,
                note,
                &join(&entry.source_variants),
                &join(&entry.target_variants),
                &join(&entry.forbidden),
                entry.pos.as_deref().unwrap_or(""),
                entry.id.as_deref().unwrap_or(""),
            ]),
        };
    }
    let text = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    (text, needs_header)
}
