//! `passeur stats PROJECT`: segments and words by status, repetitions and memory match bands.

use crate::memory::document::DocumentId;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::project::Mode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// Also count matches in these TMX files.
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
    #[command(flatten)]
    pub which: super::memory::WhichArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let opened = super::project::open(&args.project, Mode::ReadOnly)?;
    let mut memory = super::memory::open(&args.which, &args.tm)?;
    let document = DocumentId::of(&args.project, &opened.project);
    let stats = crate::stats::compute(&opened.project, &mut memory, &document.excluded())?;
    write!(out, "{}", crate::stats::report(&stats))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
