//! `passeur import PROJECT FILE`: take translations back from a TMX, XLIFF, CSV or TSV file.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::project::Mode;
use crate::formats::import::{self, ImportFormat};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Units are matched by segment id. A unit whose id is not in the project, or whose source text \
differs from the project's, is reported and not applied; an empty translation never erases one. \
The project is saved once, atomically, after the import.

Example:
  passeur import article.txt.passeur reviewed.xlf")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// The file with the translations: .tmx, .xlf/.xliff, .csv or .tsv.
    pub file: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let text = crate::document::read_file(&args.file)?;
    let Some(format) = ImportFormat::detect(&args.file, &text) else {
        bail!(
            "{}: unknown format; give a .tmx, .xlf, .xliff, .csv or .tsv file",
            args.file.display()
        );
    };
    let mut opened = super::project::open(&args.project, Mode::Realign)?;
    let incoming = import::read(&text, format, &args.file, &opened.project)?;
    let report = import::apply(&mut opened.project, incoming);
    if !report.changed.is_empty() {
        super::project::save(&mut opened.store, &mut opened.project)?;
    }
    writeln!(
        out,
        "{} changed, {} unchanged, {} without a translation",
        report.changed.len(),
        report.unchanged,
        report.empty
    )?;
    if !report.changed.is_empty() {
        writeln!(out, "changed: {}", report.changed.join(" "))?;
    }
    if !report.unknown.is_empty() {
        writeln!(
            out,
            "not in the project (ignored): {}",
            report.unknown.join(" ")
        )?;
    }
    if !report.source_differs.is_empty() {
        writeln!(
            out,
            "source text differs from the project's (ignored): {}",
            report.source_differs.join(" ")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
