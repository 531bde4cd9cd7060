//! A self-contained side-by-side HTML page: French and English per segment, grouped by source
//! paragraph, with segment numbers, untranslated segments visibly marked, and glossary terms
//! highlighted on both sides. A Word, OpenDocument or HTML source's inline tags are shown
//! (set apart) and the text inside them formatted as the document has it. Valid HTML5, UTF-8 declared in the first bytes, no scripts, no
//! external files; a print style sheet keeps rows whole and drops the screen colours.

use std::ops::Range;

use super::Context;
use crate::glossary::Index;
use crate::glossary::check::EnglishText;
use crate::project::{Status, Unit};
use crate::source::inline::Look;

const STYLE: &str = "
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #1b1b1b; }
h1 { font-size: 1.3em; }
p.summary { color: #555; }
table { border-collapse: collapse; width: 100%; }
tbody { border-top: 2px solid #bbb; }
td { vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #eee; width: 46%; }
td.number { width: 3em; color: #888; text-align: right; font-variant-numeric: tabular-nums; }
td.status { width: 5em; color: #666; font-size: .85em; }
td.untranslated { background: #fff4e5; }
td.untranslated::after { content: \"untranslated\"; color: #b35c00; font-style: italic; }
tr.draft td.target { background: #fffbe0; }
mark.term { background: #e3f0ff; border-bottom: 1px dotted #3a6fb0; color: inherit; }
p.note { margin: .3em 0 0; color: #6a4c00; }
p.note::before { content: \"Comment: \"; font-weight: bold; }
span.tag { color: #8a3d99; font-size: .8em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  tr { break-inside: avoid; }
  td.untranslated { background: none; }
  mark.term { background: none; text-decoration: underline; }
}
";

pub fn write(context: &Context) -> String {
    let project = context.project;
    let header = project.header();
    let counts = project.counts();
    let mut out = String::with_capacity(project.len() * 400 + 2048);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{target}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"passeur {version}\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"summary\">{done} of {total} segments translated \
         ({source} → {target}).</p>\n<table>\n",
        target = escaped(&header.target_language),
        source = escaped(&header.source_language),
        version = super::TOOL_VERSION,
        title = escaped(&context.original),
        done = counts.confirmed + counts.reviewed,
        total = counts.segments,
    ));
    out.push_str(
        "<thead><tr><th>#</th><th>Status</th><th>Source</th><th>Translation</th></tr></thead>\n",
    );
    let terms = match context.glossary {
        Some(index) => terms_of_all(index, project.units()),
        None => vec![(Vec::new(), Vec::new()); project.len()],
    };
    let looks = context
        .structure
        .map(|structure| structure.looks())
        .unwrap_or_default();
    let mut paragraph = None;
    for ((index, unit), (source_terms, target_terms)) in
        project.units().iter().enumerate().zip(&terms)
    {
        if paragraph != Some(unit.paragraph) {
            if paragraph.is_some() {
                out.push_str("</tbody>\n");
            }
            out.push_str("<tbody>\n");
            paragraph = Some(unit.paragraph);
        }
        let looks = looks.get(unit.paragraph).map_or(&[][..], Vec::as_slice);
        let row = Row {
            index,
            unit,
            terms: (source_terms, target_terms),
            looks,
        };
        write_row(&mut out, row, header);
    }
    if paragraph.is_some() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}

/// One segment's row: its number, unit, glossary terms (source, target) and tag looks.
struct Row<'a> {
    index: usize,
    unit: &'a Unit,
    terms: (&'a [Term], &'a [Term]),
    looks: &'a [Look],
}

fn write_row(out: &mut String, row: Row, header: &crate::project::Header) {
    let Row {
        index,
        unit,
        terms: (source_terms, target_terms),
        looks,
    } = row;
    let class = match unit.status {
        Status::Draft => " class=\"draft\"",
        _ => "",
    };
    out.push_str(&format!(
        "<tr id=\"{}\"{class}><td class=\"number\">{}</td><td class=\"status\">{}",
        escaped(&unit.id),
        index + 1,
        unit.status.name()
    ));
    // The segment's comment, under its status (the two text columns stay the texts alone).
    if !unit.note.is_empty() {
        out.push_str("<p class=\"note\">");
        escape_into(&unit.note, out);
        out.push_str("</p>");
    }
    out.push_str("</td>");
    out.push_str(&format!(
        "<td class=\"source\" lang=\"{}\">",
        escaped(&header.source_language)
    ));
    // Control characters shown (same byte offsets), not drawn as empty boxes.
    write_marked(
        out,
        &crate::controls::shown(&unit.source),
        source_terms,
        looks,
    );
    if unit.target.is_empty() {
        out.push_str(&format!(
            "</td><td class=\"target untranslated\" lang=\"{}\"></td></tr>\n",
            escaped(&header.target_language)
        ));
    } else {
        out.push_str(&format!(
            "</td><td class=\"target\" lang=\"{}\">",
            escaped(&header.target_language)
        ));
        write_marked(out, &unit.target, target_terms, looks);
        out.push_str("</td></tr>\n");
    }
}

/// A term to highlight: its span and the title shown on hover.
type Term = (Range<usize>, String);

/// The terms of every unit, matched on all cores (matching is most of the page's cost).
fn terms_of_all(index: &Index, units: &[Unit]) -> Vec<(Vec<Term>, Vec<Term>)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = units.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = units
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|unit| term_spans(index, &unit.source, &unit.target))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("term matching does not panic"))
            .collect()
    })
}

/// Glossary hits in the source, and where their renderings are in the target.
fn term_spans(index: &Index, source: &str, target: &str) -> (Vec<Term>, Vec<Term>) {
    let hits = index.find(source);
    if hits.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let english = EnglishText::new(target);
    let mut in_source = Vec::new();
    let mut in_target: Vec<Term> = Vec::new();
    for hit in hits {
        let entry = index.entry(hit.entry);
        in_source.push((hit.span, format!("{} → {}", entry.source, entry.target)));
        if let Some(span) = entry.target_forms().find_map(|form| english.find(form)) {
            in_target.push((span, entry.source.clone()));
        }
    }
    in_target.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut last_end = 0;
    in_target.retain(|(span, _)| {
        let keep = span.start >= last_end;
        if keep {
            last_end = span.end;
        }
        keep
    });
    (in_source, in_target)
}

/// `text` escaped, with `<mark>` around each (sorted, non-overlapping) term, its inline tags
/// set apart in `<span class="tag">` and the text inside a pair in `<b>`, `<i>`, `<u>` as
/// `looks` says. Each piece of text gets its own elements, so terms and tags that cross never
/// make the page malformed.
fn write_marked(out: &mut String, text: &str, terms: &[Term], looks: &[Look]) {
    use crate::markup::tags::{Tag, tags_of};
    // (span, None for a tag or the look of the text)
    let mut pieces: Vec<(Range<usize>, Option<Look>)> = Vec::new();
    let mut open: Vec<(usize, Look)> = Vec::new();
    let mut at = 0;
    let current = |open: &[(usize, Look)]| {
        open.iter().fold(Look::default(), |mut all, (_, look)| {
            all.bold |= look.bold;
            all.italic |= look.italic;
            all.underline |= look.underline || look.link;
            all
        })
    };
    for (start, tag, len) in tags_of(text) {
        if start > at {
            pieces.push((at..start, Some(current(&open))));
        }
        pieces.push((start..start + len, None));
        match tag {
            Tag::Open(n) => open.push((n, looks.get(n - 1).copied().unwrap_or_default())),
            Tag::Close(n) => {
                if let Some(found) = open.iter().rposition(|(m, _)| *m == n) {
                    open.remove(found);
                }
            }
            Tag::Standalone(_) => {}
        }
        at = start + len;
    }
    if at < text.len() {
        pieces.push((at..text.len(), Some(current(&open))));
    }
    for (span, look) in pieces {
        let Some(look) = look else {
            out.push_str("<span class=\"tag\">");
            escape_into(&text[span], out);
            out.push_str("</span>");
            continue;
        };
        let formatting: Vec<&str> = [(look.bold, "b"), (look.italic, "i"), (look.underline, "u")]
            .into_iter()
            .filter_map(|(on, element)| on.then_some(element))
            .collect();
        // The piece cut where terms start and end.
        let mut cuts = vec![span.start, span.end];
        for (term, _) in terms {
            cuts.extend(
                [term.start, term.end]
                    .into_iter()
                    .filter(|c| span.contains(c)),
            );
        }
        cuts.sort_unstable();
        cuts.dedup();
        for part in cuts.windows(2) {
            let part = part[0]..part[1];
            let term = terms
                .iter()
                .find(|(term, _)| term.start <= part.start && part.end <= term.end);
            if let Some((_, title)) = term {
                out.push_str("<mark class=\"term\" title=\"");
                escape_into(title, out);
                out.push_str("\">");
            }
            for element in &formatting {
                out.push_str(&format!("<{element}>"));
            }
            escape_into(&text[part], out);
            for element in formatting.iter().rev() {
                out.push_str(&format!("</{element}>"));
            }
            if term.is_some() {
                out.push_str("</mark>");
            }
        }
    }
}

/// HTML escaping for text and attribute values.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}
