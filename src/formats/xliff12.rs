//! Writing XLIFF 1.2, valid against the strict OASIS schema.
//!
//! One `<file>` (`original` = the source file name, `datatype="plaintext"`, source and target
//! language), one `<trans-unit>` per segment with `xml:space="preserve"` so that spacing is
//! kept. Status: new → no `<target>`; draft → `state="needs-review-translation"`; confirmed →
//! `translated` and `approved="yes"`; reviewed → `signed-off` and `approved="yes"` (without
//! `approved`, translate-toolkit, msgfmt, Pootle and Weblate take a unit as fuzzy). Inline tags
//! are written as `<g>` and `<x/>`. An unedited machine translation has
//! `state-qualifier="mt-suggestion"`. Reading is in [`crate::source::xliff`].

use super::{Context, TOOL_VERSION};
use crate::markup::tags;
use crate::markup::xml::{escape_text, escaped_attribute};
use crate::project::Status;
use crate::source::xliff::state_12;

pub fn write(context: &Context) -> String {
    let project = context.project;
    let header = project.header();
    let mut out = String::with_capacity(project.len() * 300 + 512);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
    );
    out.push_str(&format!(
        "  <file original=\"{}\" datatype=\"plaintext\" source-language=\"{}\" \
         target-language=\"{}\">\n    <header>\n      <tool tool-id=\"passeur\" \
         tool-name=\"passeur\" tool-version=\"{TOOL_VERSION}\"/>\n    </header>\n    <body>\n",
        escaped_attribute(&context.original),
        escaped_attribute(&header.source_language),
        escaped_attribute(&header.target_language),
    ));
    for unit in project.units() {
        out.push_str(&format!(
            "      <trans-unit id=\"{}\" xml:space=\"preserve\"",
            escaped_attribute(&unit.id)
        ));
        if matches!(unit.status, Status::Confirmed | Status::Reviewed) {
            out.push_str(" approved=\"yes\"");
        }
        out.push_str(">\n        <source>");
        tags::write_with(&unit.source, &mut out, tags::xliff12_markup);
        out.push_str("</source>\n");
        if !unit.target.is_empty() {
            let qualifier = match unit.origin.as_deref() {
                Some(origin) if origin.starts_with("mt:") => " state-qualifier=\"mt-suggestion\"",
                _ => "",
            };
            out.push_str(&format!(
                "        <target state=\"{}\"{qualifier}>",
                state_12(unit.status)
            ));
            tags::write_with(&unit.target, &mut out, tags::xliff12_markup);
            out.push_str("</target>\n");
        }
        if !unit.note.is_empty() {
            out.push_str("        <note>");
            escape_text(&unit.note, &mut out);
            out.push_str("</note>\n");
        }
        out.push_str("      </trans-unit>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}
