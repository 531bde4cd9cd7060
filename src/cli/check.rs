//! `passeur check PROJECT [--json]`: the QA report; exit status 1 when an error is found.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::output::say;
use super::project::Mode;
use crate::glossary::sources::Sources;
use crate::qa::{self, Severity};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Checks: untranslated, not-confirmed, same-as-source, numbers, glossary-missing, \
glossary-forbidden, french-quotes, space-before-punctuation, decimal-comma, unpaired, \
double-space, outer-space, repeated-word, end-punctuation, length, inconsistent-translation, \
inconsistent-source, spelling (with a Hunspell English dictionary: en_GB, or en_US for an en-US \
project; without one a note says how to install it). An issue ignored in the workspace (Alt+I) \
is not reported.")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// One JSON object per issue: {"segment", "id", "check", "severity", "message", "start", "end"}.
    #[arg(long)]
    pub json: bool,
    /// An extra glossary (repeatable).
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the glossaries named with --glossary (and the project's own).
    #[arg(long)]
    pub no_default_glossaries: bool,
}

#[derive(Serialize)]
struct JsonIssue<'a> {
    segment: usize,
    id: &'a str,
    check: &'a str,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let opened = super::project::open(&args.project, Mode::ReadOnly)?;
    let sources = Sources {
        defaults: !args.no_default_glossaries,
        project: Some(crate::tui::app::project_glossary_path(&args.project)),
        extra: args.glossary.clone(),
    };
    let glossary = super::terms::load_sources(&sources);
    let mut found = qa::check_project(&opened.project, Some(&glossary));
    let languages = crate::spell::languages_for(&opened.project.header().target_language);
    let personal = crate::spell::personal_words_file();
    match crate::spell::Speller::load(
        &languages,
        &crate::spell::dictionary_dirs(),
        personal.as_deref(),
    ) {
        Ok(speller) => {
            found.extend(qa::check_project_spelling(
                &opened.project,
                &glossary,
                &speller,
            ));
            // Stable: each segment's spelling after its other issues.
            found.sort_by_key(|item| item.segment);
        }
        Err(error) => say!("passeur: note: spelling not checked: {error}"),
    }
    let mut errors = 0;
    let mut warnings = 0;
    for item in &found {
        let unit = opened.project.unit(item.segment);
        match item.issue.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        if args.json {
            let row = JsonIssue {
                segment: item.segment + 1,
                id: &unit.id,
                check: item.issue.check,
                severity: item.issue.severity,
                message: &item.issue.message,
                start: item.issue.span.as_ref().map(|s| s.start),
                end: item.issue.span.as_ref().map(|s| s.end),
            };
            writeln!(out, "{}", serde_json::to_string(&row)?)?;
        } else {
            let severity = match item.issue.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(
                out,
                "{} ({}): {severity}: {}: {}",
                item.segment + 1,
                unit.id,
                item.issue.check,
                item.issue.message
            )?;
        }
    }
    if !args.json {
        writeln!(
            out,
            "{errors} errors, {warnings} warnings in {} segments",
            opened.project.len()
        )?;
    }
    out.flush()?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
