//! `passeur stats PROJECT`: segments and words by status, repetitions and memory match bands.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// Also count matches in these TMX files.
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opened = super::project::open(&args.project)?;
    let memory = super::memory::load(Some(&args.project), &args.tm)?;
    let stats = crate::stats::compute(&opened.project, &memory);
    print!("{}", crate::stats::report(&stats));
    Ok(ExitCode::SUCCESS)
}
