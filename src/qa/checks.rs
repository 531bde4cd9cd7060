//! The per-segment checks, one function each.

use super::{Issue, Severity, numbers};
use crate::glossary::Index;
use crate::glossary::check::{EnglishText, check_entry};

pub fn run(source: &str, target: &str, glossary: Option<&Index>, issues: &mut Vec<Issue>) {
    source_controls(source, issues);
    tags(source, target, issues);
    same_as_source(source, target, issues);
    number_check(source, target, issues);
    if let Some(index) = glossary {
        glossary_terms(index, source, target, issues);
    }
    french_quotes(target, issues);
    space_before_punctuation(target, issues);
    decimal_comma(target, issues);
    unpaired(target, issues);
    spaces(target, issues);
    repeated_word(target, issues);
    end_punctuation(source, target, issues);
    length(source, target, issues);
}

/// Control characters in the source (shown `¤` or `?` in the workspace): C1 controls are
/// nearly always a Windows-1252 dash or quote decoded as Latin-1 by whatever made the file.
fn source_controls(source: &str, issues: &mut Vec<Issue>) {
    let mut found: Vec<char> = source
        .chars()
        .filter(|c| crate::controls::is_stripped(*c))
        .collect();
    if found.is_empty() {
        return;
    }
    found.dedup();
    let names: Vec<String> = found
        .iter()
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect();
    let c1 = found.iter().any(|c| ('\u{80}'..='\u{9f}').contains(c));
    issues.push(issue(
        "source-controls",
        Severity::Warning,
        format!(
            "the source holds control characters ({}){}",
            names.join(", "),
            match c1 {
                true =>
                    ": probably a dash or quotation mark of Windows-1252 read in the wrong \
                         encoding; ask for the file again",
                false => "",
            }
        ),
    ));
}

/// The source's inline tags (`<g1>…</g1>`, `<x2/>`: a client file's formatting and codes) in
/// the translation: each once, no other, pairs nested. A file written back with a tag missing
/// loses its formatting; one the source never had cannot be written at all.
fn tags(source: &str, target: &str, issues: &mut Vec<Issue>) {
    use crate::markup::tags::{TagProblem, compare};
    for problem in compare(source, target) {
        let found = match problem {
            TagProblem::Missing(tag) => issue(
                "tags",
                Severity::Error,
                format!(
                    "the source's tag {} is not in the translation (F9 inserts it)",
                    tag.text()
                ),
            ),
            TagProblem::Extra(tag, span) => at(
                issue(
                    "tags",
                    Severity::Error,
                    format!("tag {} is not in the source", tag.text()),
                ),
                span,
            ),
            TagProblem::Unpaired(tag, span) => at(
                issue(
                    "tags",
                    Severity::Error,
                    format!("tag {} has no partner in the right place", tag.text()),
                ),
                span,
            ),
            TagProblem::Crossing(outer, inner, span) => at(
                issue(
                    "tags",
                    Severity::Error,
                    format!(
                        "tag {} closes while {} inside it is still open",
                        outer.text(),
                        inner.text()
                    ),
                ),
                span,
            ),
        };
        issues.push(found);
    }
}

fn issue(check: &'static str, severity: Severity, message: String) -> Issue {
    Issue {
        check,
        severity,
        message,
        span: None,
    }
}

fn at(mut issue: Issue, span: std::ops::Range<usize>) -> Issue {
    issue.span = Some(span);
    issue
}

fn same_as_source(source: &str, target: &str, issues: &mut Vec<Issue>) {
    let wordy = source.split_whitespace().count() >= 3 && source.chars().any(char::is_lowercase);
    if wordy && source.trim() == target.trim() {
        issues.push(issue(
            "same-as-source",
            Severity::Warning,
            "the translation is the French source".into(),
        ));
    }
}

fn number_check(source: &str, target: &str, issues: &mut Vec<Issue>) {
    let mut french = numbers::french(source);
    let mut english = numbers::english(target);
    french.sort();
    english.sort();
    if french == english {
        return;
    }
    let missing: Vec<&String> = french.iter().filter(|n| !english.contains(n)).collect();
    let extra: Vec<&String> = english.iter().filter(|n| !french.contains(n)).collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("{} not in the translation", join(&missing)));
    }
    if !extra.is_empty() {
        parts.push(format!("{} not in the source", join(&extra)));
    }
    if parts.is_empty() {
        parts.push("a number appears a different number of times".into());
    }
    issues.push(issue(
        "numbers",
        Severity::Error,
        format!("numbers differ: {}", parts.join("; ")),
    ));
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn glossary_terms(index: &Index, source: &str, target: &str, issues: &mut Vec<Issue>) {
    let english = EnglishText::new(target);
    let mut seen = std::collections::HashSet::new();
    // Forbidden forms that find the same words (`New Silk Roads`, `New Silk Road`) are one
    // issue.
    let mut forbidden_at = Vec::new();
    for hit in index.find(source) {
        if !seen.insert(hit.entry) {
            continue;
        }
        let entry = index.entry(hit.entry);
        let check = check_entry(&entry, &english);
        if !check.found {
            issues.push(issue(
                "glossary-missing",
                Severity::Warning,
                format!(
                    "glossary: \"{}\" should be rendered \"{}\"",
                    &source[hit.span.clone()],
                    entry.target
                ),
            ));
        }
        for forbidden in check.forbidden_used {
            let span = english.find(&forbidden);
            if span.is_some() && forbidden_at.contains(&span) {
                continue;
            }
            forbidden_at.push(span.clone());
            let found = issue(
                "glossary-forbidden",
                Severity::Error,
                format!(
                    "glossary: \"{forbidden}\" is not to be used for \"{}\"; use \"{}\"",
                    entry.source, entry.target
                ),
            );
            issues.push(match span {
                Some(span) => at(found, span),
                None => found,
            });
        }
    }
}

fn french_quotes(target: &str, issues: &mut Vec<Issue>) {
    if let Some(position) = target.find(['«', '»']) {
        issues.push(at(
            issue(
                "french-quotes",
                Severity::Error,
                "French quotation marks « » left in the English".into(),
            ),
            position..position + 2,
        ));
    }
}

fn space_before_punctuation(target: &str, issues: &mut Vec<Issue>) {
    let found = target.char_indices().find(|(i, c)| {
        matches!(c, ' ' | '\u{a0}' | '\u{202f}')
            && target[i + c.len_utf8()..].starts_with(['?', '!', ':', ';'])
    });
    if let Some((position, c)) = found {
        issues.push(at(
            issue(
                "space-before-punctuation",
                Severity::Warning,
                "a space before ? ! : or ; is French typography".into(),
            ),
            position..position + c.len_utf8() + 1,
        ));
    }
}

fn decimal_comma(target: &str, issues: &mut Vec<Issue>) {
    let bytes = target.as_bytes();
    for (i, _) in target.match_indices(',') {
        let before = i > 0 && bytes[i - 1].is_ascii_digit();
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if before && (digits == 1 || digits == 2) {
            issues.push(at(
                issue(
                    "decimal-comma",
                    Severity::Warning,
                    "a decimal comma: English writes a decimal point".into(),
                ),
                i..i + 1 + digits,
            ));
            return;
        }
    }
}

fn unpaired(target: &str, issues: &mut Vec<Issue>) {
    let count = |c: char| target.matches(c).count();
    let pairs = [('(', ')'), ('[', ']'), ('{', '}'), ('“', '”')];
    for (open, close) in pairs {
        if count(open) != count(close) {
            issues.push(issue(
                "unpaired",
                Severity::Warning,
                format!("{open} and {close} do not pair up"),
            ));
        }
    }
    if count('"') % 2 == 1 {
        issues.push(issue(
            "unpaired",
            Severity::Warning,
            "an odd number of \" quotation marks".into(),
        ));
    }
}

fn spaces(target: &str, issues: &mut Vec<Issue>) {
    if let Some(position) = target.find("  ") {
        issues.push(at(
            issue(
                "double-space",
                Severity::Warning,
                "two spaces in a row".into(),
            ),
            position..position + 2,
        ));
    }
    if target.trim() != target {
        issues.push(issue(
            "outer-space",
            Severity::Warning,
            "space at the start or end of the translation".into(),
        ));
    }
}

fn repeated_word(target: &str, issues: &mut Vec<Issue>) {
    let words: Vec<(usize, &str)> =
        unicode_segmentation::UnicodeSegmentation::unicode_word_indices(target).collect();
    for pair in words.windows(2) {
        let ((_, a), (position, b)) = (pair[0], pair[1]);
        let alphabetic = a.chars().all(char::is_alphabetic);
        if alphabetic && a.eq_ignore_ascii_case(b) && a.to_lowercase() == b.to_lowercase() {
            issues.push(at(
                issue(
                    "repeated-word",
                    Severity::Warning,
                    format!("\"{a} {b}\": a word repeated"),
                ),
                position..position + b.len(),
            ));
            return;
        }
    }
}

/// The sentence's final punctuation, closing quotes and brackets aside.
fn final_mark(text: &str) -> Option<char> {
    let last = text
        .trim_end()
        .trim_end_matches([
            '»', '”', '"', '’', '\'', ')', ']', ' ', '\u{a0}', '\u{202f}',
        ])
        .chars()
        .last()?;
    match last {
        '.' | '…' => Some('.'),
        '?' | '!' | ':' | ';' => Some(last),
        _ => None,
    }
}

fn end_punctuation(source: &str, target: &str, issues: &mut Vec<Issue>) {
    let (from, to) = (final_mark(source), final_mark(target));
    if from != to {
        let show = |m: Option<char>| m.map_or("no punctuation".to_owned(), |c| format!("\"{c}\""));
        issues.push(issue(
            "end-punctuation",
            Severity::Warning,
            format!(
                "the source ends with {}, the translation with {}",
                show(from),
                show(to)
            ),
        ));
    }
}

fn length(source: &str, target: &str, issues: &mut Vec<Issue>) {
    let (s, t) = (source.chars().count(), target.chars().count());
    if s >= 30 && (t * 2 < s || t > s * 2) {
        issues.push(issue(
            "length",
            Severity::Warning,
            format!("the translation has {t} characters for {s} in the source"),
        ));
    }
}
