//! Quality checks on translations: each check is a small function over a segment's source and
//! translation (or over the whole project, for consistency) that returns issues with a name, a
//! severity and a message pointing at the text.
//!
//! | check | severity | finds |
//! |---|---|---|
//! | `untranslated` | error | no translation |
//! | `tags` | error | an inline tag of the source missing, one it does not have, pairs unpaired or crossed |
//! | `not-confirmed` | warning | a draft |
//! | `same-as-source` | warning | the translation is the French text |
//! | `numbers` | error | numbers differ (French and English spellings compared) |
//! | `glossary-missing` | warning | a glossary term's rendering is not in the translation |
//! | `glossary-forbidden` | error | a forbidden rendering is used |
//! | `french-quotes` | error | `«` or `»` left in the English |
//! | `space-before-punctuation` | warning | a space or NBSP before `? ! : ;` |
//! | `decimal-comma` | warning | `3,5` in English |
//! | `unpaired` | warning | brackets or quotation marks that do not pair |
//! | `double-space`, `outer-space` | warning | two spaces; leading or trailing whitespace |
//! | `repeated-word` | warning | `the the` |
//! | `end-punctuation` | warning | the sentences end differently (`.` `?` `!` `:`) |
//! | `length` | warning | the translation is under half or over twice the source's length |
//! | `inconsistent-translation` | warning | one source, two translations |
//! | `inconsistent-source` | warning | one translation for two different sources |
//!
//! An issue can be ignored for one segment: the project stores the issue's check and message
//! ([`Issue::key`]); a bare check name (older projects) ignores the whole check.

mod checks;
pub mod numbers;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::glossary::Index;
use crate::project::Project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where in the translation, when the problem is at a place.
    pub span: Option<Range<usize>>,
}

impl Issue {
    /// What identifies this issue when it is ignored: the check and its message (which names
    /// the term or the numbers), so that ignoring one false alarm never hides another issue of
    /// the same check.
    pub fn key(&self) -> String {
        format!("{}: {}", self.check, self.message)
    }

    /// Whether a segment's ignored list holds this issue (or, as older projects stored it, its
    /// whole check).
    pub fn is_ignored_by(&self, ignored: &[String]) -> bool {
        ignored
            .iter()
            .any(|entry| *entry == self.check || *entry == self.key())
    }
}

/// An issue of a project: the segment it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub segment: usize,
    pub issue: Issue,
}

/// The checks of one segment (without the project-wide consistency checks).
pub fn check_segment(
    source: &str,
    target: &str,
    draft: bool,
    glossary: Option<&Index>,
) -> Vec<Issue> {
    if target.trim().is_empty() {
        return vec![Issue {
            check: "untranslated",
            severity: Severity::Error,
            message: "not translated".into(),
            span: None,
        }];
    }
    let mut issues = Vec::new();
    if draft {
        issues.push(Issue {
            check: "not-confirmed",
            severity: Severity::Warning,
            message: "a draft, not confirmed".into(),
            span: None,
        });
    }
    checks::run(source, target, glossary, &mut issues);
    issues
}

/// The misspelt words of a translation, `targets` (the segment's glossary targets) and words
/// copied as they are from the French `source` accepted.
pub fn spelling(
    speller: &crate::spell::Speller,
    source: &str,
    target: &str,
    targets: &[String],
) -> Vec<Issue> {
    speller
        .misspelled(target, targets, source)
        .into_iter()
        .map(|span| {
            let word = &target[span.clone()];
            let hint = match speller.suggestions(word).first() {
                Some(best) => format!(" (perhaps \"{best}\")"),
                None => String::new(),
            };
            Issue {
                check: "spelling",
                severity: Severity::Warning,
                message: format!("\"{word}\" is not in the dictionary{hint}"),
                span: Some(span),
            }
        })
        .collect()
}

/// The spelling of every translated segment, ignored issues left out.
pub fn check_project_spelling(
    project: &Project,
    glossary: &Index,
    speller: &crate::spell::Speller,
) -> Vec<Found> {
    let mut found = Vec::new();
    for (index, unit) in project.units().iter().enumerate() {
        if unit.target.is_empty() {
            continue;
        }
        let targets: Vec<String> = glossary
            .find(&unit.source)
            .into_iter()
            .flat_map(|hit| {
                let entry = glossary.entry(hit.entry);
                std::iter::once(entry.target).chain(entry.target_variants)
            })
            .collect();
        for issue in spelling(speller, &unit.source, &unit.target, &targets) {
            if !issue.is_ignored_by(&unit.ignored) {
                found.push(Found {
                    segment: index,
                    issue,
                });
            }
        }
    }
    found
}

/// Every check on every segment, in segment order; ignored issues left out.
pub fn check_project(project: &Project, glossary: Option<&Index>) -> Vec<Found> {
    let mut found = Vec::new();
    let consistency = consistency(project);
    for (index, unit) in project.units().iter().enumerate() {
        let draft = unit.status == crate::project::Status::Draft;
        let mut issues = check_segment(&unit.source, &unit.target, draft, glossary);
        issues.extend(consistency.get(&index).cloned().unwrap_or_default());
        for issue in issues {
            if !issue.is_ignored_by(&unit.ignored) {
                found.push(Found {
                    segment: index,
                    issue,
                });
            }
        }
    }
    found
}

/// The same source translated differently, and one translation for different sources.
fn consistency(project: &Project) -> HashMap<usize, Vec<Issue>> {
    let mut by_source: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_target: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, unit) in project.units().iter().enumerate() {
        if unit.target.trim().is_empty() {
            continue;
        }
        by_source
            .entry(unit.source.as_str())
            .or_default()
            .push(index);
        if unit.target.split_whitespace().count() >= 3 {
            by_target.entry(unit.target.trim()).or_default().push(index);
        }
    }
    let mut issues: HashMap<usize, Vec<Issue>> = HashMap::new();
    flag_groups(
        &by_source,
        |i| project.unit(i).target.trim(),
        "inconsistent-translation",
        "the same source is translated differently in segments",
        &mut issues,
    );
    flag_groups(
        &by_target,
        |i| project.unit(i).source.as_str(),
        "inconsistent-source",
        "the same translation stands for different sources in segments",
        &mut issues,
    );
    issues
}

/// For every group of segments sharing one side whose `other` sides differ, a warning on each
/// segment of the group naming them all.
fn flag_groups<'p>(
    groups: &HashMap<&str, Vec<usize>>,
    other: impl Fn(usize) -> &'p str,
    check: &'static str,
    message: &str,
    issues: &mut HashMap<usize, Vec<Issue>>,
) {
    for group in groups.values().filter(|g| g.len() > 1) {
        let others: std::collections::HashSet<&str> = group.iter().map(|&i| other(i)).collect();
        if others.len() < 2 {
            continue;
        }
        let list: Vec<String> = group.iter().map(|&i| (i + 1).to_string()).collect();
        for &i in group {
            issues.entry(i).or_default().push(Issue {
                check,
                severity: Severity::Warning,
                message: format!("{message} {}", list.join(", ")),
                span: None,
            });
        }
    }
}

#[cfg(test)]
mod tests;
