//! A Markdown table of the project: number, status, source, translation. Pipes are escaped and
//! line breaks inside a segment become `<br>`, so every segment stays one table row.

use crate::project::Project;

pub fn write(project: &Project) -> String {
    let header = project.header();
    let mut out = String::with_capacity(project.len() * 250 + 128);
    out.push_str(&format!(
        "| # | Status | Source ({}) | Translation ({}) |\n|---:|---|---|---|\n",
        header.source_language, header.target_language
    ));
    for (index, unit) in project.units().iter().enumerate() {
        let status = if unit.target.is_empty() {
            "**untranslated**"
        } else {
            unit.status.name()
        };
        out.push_str(&format!(
            "| {} | {status} | {} | {} |\n",
            index + 1,
            cell(&unit.source),
            cell(&unit.target)
        ));
    }
    out
}

/// A table cell: `|` and `\` escaped, line breaks as `<br>`, `<` as an entity so that text is
/// never read as HTML.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}
