//! `passeur relink PROJECT SOURCE`: point a project at its source file on purpose.
//!
//! A project only reads a source inside its own folder unless this user linked one (see
//! [`crate::project::location`]). Relinking checks that SOURCE is a readable file, records it,
//! and leaves realignment to the next command that opens the project.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::project::location;
use crate::project::store::Store;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A project reads its source from inside its own folder. A source elsewhere (a project file moved, \
a shared folder) is only read once you link it here; the link is kept in your data directory \
($XDG_DATA_HOME/passeur/links.tsv), not in the project file. The next command that opens the \
project realigns it with the source.

Example:
  passeur relink work/article.txt.passeur ~/articles/article.txt")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// The source file it translates.
    pub source: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    // A device, a FIFO, an unreadable or a binary file is refused before anything is
    // recorded: the source is read as a project would read it.
    crate::source::read(crate::io::read_bytes(&args.source)?, &args.source)?;
    let (mut store, mut project) = Store::open(&args.project)?;
    let (recorded, needs_link) = location::recorded_path(&args.source, &args.project);
    project.set_source(recorded);
    if needs_link {
        location::link(&args.project, &args.source)
    } else {
        location::unlink(&args.project)
    }
    .context("cannot record the link in your data directory")?;
    super::project::save(&mut store, &mut project)?;
    writeln!(
        out,
        "{} now reads its source from {}",
        args.project.display(),
        args.source.display()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
