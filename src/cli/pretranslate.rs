//! `passeur pretranslate PROJECT [--tm FILE]...`: fill untranslated segments from exact memory
//! matches, as drafts.

use crate::memory::document::DocumentId;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::project::Mode;
use crate::memory::TranslationMemory as _;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exact matches (100%, or 99% when only case, spacing or punctuation differ) from your memory and \
the --tm files fill untranslated segments as drafts; nothing is confirmed by itself.")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// TMX files to take translations from (besides your memory).
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
    #[command(flatten)]
    pub which: super::memory::WhichArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let mut opened = super::project::open(&args.project, Mode::Realign)?;
    let mut memory = super::memory::open(&args.which, &args.tm)?;
    let document = DocumentId::of(&args.project, &opened.project);
    let excluded = document.excluded();
    let done = crate::memory::pretranslate(&mut opened.project, &mut memory, &excluded)?;
    if !done.exact.is_empty() || !done.normalized.is_empty() {
        super::project::save(&mut opened.store, &mut opened.project)?;
    }
    writeln!(
        out,
        "{} segments pre-filled as drafts ({} exact, {} differing only in case, spacing or punctuation) from {} memory units",
        done.exact.len() + done.normalized.len(),
        done.exact.len(),
        done.normalized.len(),
        memory.count()?
    )?;
    let locked = opened.project.locked().count();
    if locked > 0 {
        writeln!(
            out,
            "{locked} segments locked in the client's file, left as the file has them"
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
