//! `passeur init SOURCE [--project PATH]`: create the project for a source file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::formats::check_language_pair;
use crate::project::location;
use crate::project::store::Store;
use crate::project::{Header, Project, SourceKind, sha256_hex};
use crate::source::source_segments;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The project file is JSON, one record per segment; by default it is SOURCE.passeur beside the \
source (article.txt → article.txt.passeur). An XLIFF 1.2 or 2.x file from another tool can be \
the source: its units become the segments, and `passeur export PROJECT --to original` writes the \
translations back into it.

Examples:
  passeur init article.txt
  passeur init job.xlf --project work/job.passeur")]
pub struct Args {
    /// The French source: plain text, Markdown (.md) or XLIFF (.xlf).
    pub source: PathBuf,
    /// Where to create the project file.
    #[arg(long, value_name = "PATH")]
    pub project: Option<PathBuf>,
    /// Take an XLIFF source even when it says it is for another language pair than French to
    /// English.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let project_path = args
        .project
        .clone()
        .unwrap_or_else(|| super::project::default_project_path(&args.source));
    create(&args.source, &project_path, args.force)?;
    writeln!(out, "{}", project_path.display())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Creates the project file for `source` at `project_path`; an XLIFF source for another
/// language pair than French → English is refused unless `force`.
pub fn create(source: &Path, project_path: &Path, force: bool) -> anyhow::Result<Project> {
    let bytes = crate::io::read_bytes(source)?;
    if let Some(not_read) = crate::source::sniff::not_read(source, &bytes) {
        return Err(not_read.into());
    }
    let hash = sha256_hex(&bytes);
    let read = crate::source::read(bytes, source)?;
    let kind = SourceKind::of(source, &read);
    let text = read.text;
    let (source_language, target_language) = match kind {
        SourceKind::Xliff12 | SourceKind::Xliff2 => {
            let file = crate::source::xliff::read(&text, source)?;
            check_language_pair(
                source,
                &file.source_language,
                file.target_language.as_deref(),
                ("fr", "en"),
                force,
            )?;
            // passeur writes English, whatever the file was made for (taken with --force).
            let target = file
                .target_language
                .filter(|language| crate::markup::primary_language(language) == "en")
                .unwrap_or_else(|| "en".into());
            (file.source_language, target)
        }
        _ => ("fr".to_owned(), "en".to_owned()),
    };
    let segmenter = super::segment::segmenter(&[])?;
    let segments = source_segments(text, source, kind, &segmenter, &Default::default())?;
    // Said before anything is written: no empty project is left behind (nor a link to it).
    if segments.is_empty() {
        anyhow::bail!("{}: the source has no text to translate", source.display());
    }
    let (recorded, needs_link) = location::recorded_path(source, project_path);
    let header = Header {
        source_language,
        target_language,
        ..Header::new(recorded, kind, hash)
    };
    let project = Project::new(header, segments);
    Store::create(project_path, &project)?;
    if needs_link {
        location::link(project_path, source).with_context(|| {
            format!(
                "{}: cannot record where its source is (put the project beside the source)",
                project_path.display()
            )
        })?;
    }
    Ok(project)
}
