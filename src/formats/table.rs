//! CSV and TSV tables with the header `id, source, target, status, comment`, UTF-8, one row per
//! segment: for reviewers who work in a spreadsheet, and re-importable.
//!
//! CSV follows RFC 4180: fields with `,` `"` CR or LF are quoted with inner quotes doubled,
//! lines end with CRLF, and the file starts with a UTF-8 byte order mark: without it, a
//! spreadsheet opened with its default settings reads the file as Windows-1252 and shows
//! `prÃ©sident` (`passeur export --no-bom` leaves it out).
//!
//! TSV is written without quoting, so that splitting lines on tabs always works: inside a field
//! a backslash is written `\\`, a tab `\t`, a line feed `\n`, a carriage return `\r`, and a
//! double quote at the very start of a field `\"` (so that no reader takes it for a quoted
//! field). Reading TSV undoes these escapes and also accepts spreadsheet-style quoting (a cell in
//! double quotes holding tabs, quotes or line breaks), as spreadsheets save it.

use std::path::Path;

use crate::markup::FormatError;
use crate::project::{Project, Status};

/// Starts every CSV file.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// The columns, in order.
pub const HEADER: [&str; 5] = ["id", "source", "target", "status", "comment"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Tsv,
}

pub fn write(project: &Project, kind: Kind) -> String {
    let mut out = String::with_capacity(project.len() * 200 + 64);
    match kind {
        Kind::Csv => {
            out.push(BYTE_ORDER_MARK);
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            let failed = "writing CSV into memory cannot fail";
            writer.write_record(HEADER).expect(failed);
            for unit in project.units() {
                writer
                    .write_record([
                        unit.id.as_str(),
                        &unit.source,
                        &unit.target,
                        unit.status.name(),
                        &unit.note,
                    ])
                    .expect(failed);
            }
            let bytes = writer.into_inner().expect(failed);
            out.push_str(&String::from_utf8(bytes).expect("the fields are UTF-8"));
        }
        Kind::Tsv => {
            out.push_str(&HEADER.join("\t"));
            out.push('\n');
            for unit in project.units() {
                let fields = [
                    unit.id.as_str(),
                    &unit.source,
                    &unit.target,
                    unit.status.name(),
                    &unit.note,
                ];
                for (index, field) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push('\t');
                    }
                    escape_tsv(field, &mut out);
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Appends a TSV field: `\\`, tab, line feed and carriage return escaped, a leading `"` too.
pub fn escape_tsv(field: &str, out: &mut String) {
    if field.starts_with('"') {
        out.push('\\');
    }
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape_tsv(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A quoted field that would make the CSV reader swallow the rest of the file (or several
/// rows) as one cell: one the file never closes, or one whose closing quote is followed by
/// more text. Returns its line and what is wrong. Quotes inside an unquoted field are
/// ordinary characters, as the reader treats them.
fn broken_quote(text: &str, delimiter: u8) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut at = 0;
    let mut field_start = true;
    while at < bytes.len() {
        let byte = bytes[at];
        if field_start && byte == b'"' {
            let opened_on = line;
            at += 1;
            loop {
                match bytes.get(at) {
                    None => {
                        return Some((
                            opened_on,
                            "a quoted field opened on this line is never closed",
                        ));
                    }
                    Some(b'"') if bytes.get(at + 1) == Some(&b'"') => at += 2,
                    Some(b'"') => break,
                    Some(b'\n') => {
                        line += 1;
                        at += 1;
                    }
                    Some(_) => at += 1,
                }
            }
            at += 1; // the closing quote
            match bytes.get(at) {
                None | Some(b'\r' | b'\n') => {}
                Some(&next) if next == delimiter => {}
                Some(_) => {
                    return Some((
                        opened_on,
                        "a quoted field opened on this line closes before more text; quote the \
                         whole cell and double the quotes inside it",
                    ));
                }
            }
            field_start = false;
            continue;
        }
        field_start = byte == delimiter || byte == b'\n';
        if byte == b'\n' {
            line += 1;
        }
        at += 1;
    }
    None
}

/// The (source, target) columns of a header that names them by language (`fr`, `en-GB`).
fn language_columns(
    headers: &csv::StringRecord,
    languages: (&str, &str),
    force: bool,
) -> Result<(Option<usize>, Option<usize>), String> {
    let named: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .map(|(index, name)| (index, name.trim()))
        .filter(|(_, name)| {
            is_language_tag(name) && !HEADER.contains(&name.to_ascii_lowercase().as_str())
        })
        .collect();
    if named.is_empty() {
        return Ok((None, None));
    }
    let find = |language: &str| {
        named
            .iter()
            .find(|(_, name)| super::primary_language(name) == super::primary_language(language))
            .map(|(index, _)| *index)
    };
    match (find(languages.0), find(languages.1)) {
        (Some(source), Some(target)) if source != target => Ok((Some(source), Some(target))),
        _ if force && named.len() >= 2 => Ok((Some(named[0].0), Some(named[1].0))),
        _ => Err(format!(
            "the table's text columns are in {}, not {} and {}; give --force to take the first \
             as the source and the second as the translation",
            named
                .iter()
                .map(|(_, name)| *name)
                .collect::<Vec<_>>()
                .join(" and "),
            languages.0,
            languages.1
        )),
    }
}

/// `fr`, `en-GB`, `pt_BR`, `zh-Hant`: a language subtag of two or three letters and optional
/// subtags.
fn is_language_tag(name: &str) -> bool {
    let mut parts = name.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The line a record starts on, from the byte offset the CSV reader gives (which, after a
/// CRLF, points at the line feed before the record, and whose own line count is then one short).
fn line_of_record(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = byte.min(bytes.len());
    while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
        start += 1;
    }
    1 + memchr::memchr_iter(b'\n', &bytes[..start]).count()
}

/// One row read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub source: String,
    pub target: String,
    pub status: Option<Status>,
    pub comment: String,
    pub line: usize,
}

/// Reads a table written by [`write`] (columns found by their header names, in any order). The
/// source and target columns may instead be named by language (`id, fr, en`): they must be
/// the project's `languages` (source, target), or, with `force`, are taken in their order.
pub fn read(
    text: &str,
    kind: Kind,
    path: &Path,
    languages: (&str, &str),
    force: bool,
) -> Result<Vec<Row>, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = if kind == Kind::Csv { b',' } else { b'\t' };
    if let Some((line, message)) = broken_quote(text, delimiter) {
        return Err(FormatError::Syntax {
            path: path.to_owned(),
            line,
            column: 1,
            message: message.into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let syntax = |line: u64, message: String| FormatError::Syntax {
        path: path.to_owned(),
        line: line as usize,
        column: 1,
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| syntax(1, format!("cannot read the header: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (source, target) = match (column("source"), column("target")) {
        (None, None) => {
            language_columns(&headers, languages, force).map_err(|message| syntax(1, message))?
        }
        named => named,
    };
    let (Some(id), Some(target)) = (column("id"), target) else {
        return Err(syntax(
            1,
            format!(
                "the header must name at least the columns id and target (expected: {}; the \
                 text columns may also be named by language, such as fr and en)",
                HEADER.join(", ")
            ),
        ));
    };
    let (status, comment) = (column("status"), column("comment"));
    let decode = |field: &str| match kind {
        Kind::Csv => field.to_owned(),
        Kind::Tsv => unescape_tsv(field),
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            syntax(line, format!("bad row: {e}"))
        })?;
        let line = record
            .position()
            .map_or(0, |p| line_of_record(text, p.byte() as usize));
        let field = |index: Option<usize>| index.and_then(|i| record.get(i)).map(decode);
        let status = match field(status) {
            Some(name) => Some(Status::from_name(&name).ok_or_else(|| {
                syntax(
                    line as u64,
                    format!("unknown status {name:?} (new, draft, confirmed or reviewed)"),
                )
            })?),
            None => None,
        };
        rows.push(Row {
            id: field(Some(id)).unwrap_or_default(),
            source: field(source).unwrap_or_default(),
            target: field(Some(target)).unwrap_or_default(),
            status,
            comment: field(comment).unwrap_or_default(),
            line,
        });
    }
    Ok(rows)
}
