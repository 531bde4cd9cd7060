//! `passeur import PROJECT FILE`: take translations back from a TMX, XLIFF, CSV or TSV file.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::output::say;
use super::project::Mode;
use crate::formats::import;
use crate::io::TextEncoding;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Units are matched by segment id; a unit without an id (a TMX from OmegaT) or with an id the \
project does not have is matched by its source text. A unit matching nothing, or whose source \
text differs from the project's, is reported and not applied; an empty translation never erases \
one. A file for another language pair is refused (--force takes it anyway). XML files are read \
in the encoding they declare (UTF-16 too); a CSV or TSV file that is not UTF-8 is read as \
Windows-1252 and said so. The project is saved once, atomically, after the import.

Example:
  passeur import article.txt.passeur reviewed.xlf")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// The file with the translations: .tmx, .xlf/.xliff, .csv or .tsv.
    pub file: PathBuf,
    /// Take the file even when it says it is for another language pair.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let bytes = crate::io::read_bytes(&args.file)?;
    let Some((format, text, encoding)) = import::decode(bytes, &args.file)? else {
        bail!(
            "{}: unknown format; give a .tmx, .xlf, .xliff, .csv or .tsv file",
            args.file.display()
        );
    };
    let mode = match args.force {
        true => Mode::RealignAnyway,
        false => Mode::Realign,
    };
    let mut opened = super::project::open(&args.project, mode)?;
    if encoding != TextEncoding::Utf8 {
        say!(
            "passeur: {}: read as {} (the file is not UTF-8)",
            args.file.display(),
            encoding.name()
        );
    }
    let incoming = import::read(&text, format, &args.file, &opened.project, args.force)?;
    let report = import::apply(&mut opened.project, incoming);
    if !report.changed.is_empty() {
        super::project::save(&mut opened.store, &mut opened.project)?;
        super::memory::remember_project(&args.project, &opened.project);
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
    if !report.locked.is_empty() {
        writeln!(
            out,
            "locked in the client's file, left as the file has them: {}",
            report.locked.join(" ")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
