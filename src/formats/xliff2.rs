//! Writing XLIFF 2.0.
//!
//! One `<file>`, one `<unit>` per segment (its id is the segment id), notes in `<notes>`,
//! `xml:space="preserve"` on `<source>` and `<target>` (readers collapse spaces otherwise).
//! Status on `<segment state>`: new and draft → `initial` (draft has a target), confirmed →
//! `translated`, reviewed → `reviewed` (translate-toolkit counts `initial` as fuzzy and the
//! others as translated); an unedited machine translation has `subState="passeur:mt"`. Inline
//! tags are written as `<pc>` and `<ph/>`. Reading is in
//! [`crate::source::xliff`].

use super::Context;
use crate::markup::tags;
use crate::markup::xml::{escape_text, escaped_attribute};
use crate::source::xliff::state_2;

pub fn write(context: &Context) -> String {
    let project = context.project;
    let header = project.header();
    let mut out = String::with_capacity(project.len() * 300 + 512);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" \
         srcLang=\"{}\" trgLang=\"{}\">\n  <file id=\"f1\" original=\"{}\">\n",
        escaped_attribute(&header.source_language),
        escaped_attribute(&header.target_language),
        escaped_attribute(&context.original),
    ));
    for unit in project.units() {
        out.push_str(&format!(
            "    <unit id=\"{}\">\n",
            escaped_attribute(&nmtoken(&unit.id))
        ));
        if !unit.note.is_empty() {
            out.push_str("      <notes>\n        <note>");
            escape_text(&unit.note, &mut out);
            out.push_str("</note>\n      </notes>\n");
        }
        let sub_state = match unit.origin.as_deref() {
            Some(origin) if origin.starts_with("mt:") => " subState=\"passeur:mt\"",
            _ => "",
        };
        out.push_str(&format!(
            "      <segment state=\"{}\"{sub_state}>\n        <source xml:space=\"preserve\">",
            state_2(unit.status)
        ));
        tags::write_with(&unit.source, &mut out, tags::xliff2_markup);
        out.push_str("</source>\n");
        if !unit.target.is_empty() {
            out.push_str("        <target xml:space=\"preserve\">");
            tags::write_with(&unit.target, &mut out, tags::xliff2_markup);
            out.push_str("</target>\n");
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

/// Unit ids are `xs:NMTOKEN`: letters, digits, `.`, `-`, `_`, `:`. Project ids are `s1`…; ids
/// taken from another tool's file may hold other characters, which become `_`.
fn nmtoken(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
