//! `passeur FILE`, `passeur open FILE` and `passeur demo`: the workspace in the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use crate::tui::{self, Session, app};

#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "\
FILE is a French source (text, Markdown or XLIFF) or a project file (.passeur). For a source, its \
project (SOURCE.passeur beside it) is opened, or created the first time. F1 in the workspace \
lists the keys.

Examples:
  passeur article.txt
  passeur open article.txt.passeur")]
pub struct Args {
    /// A French source or a project file.
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// Where the project of a source file lives (default SOURCE.passeur).
    #[arg(long, value_name = "PATH")]
    pub project: Option<PathBuf>,
    /// An extra glossary (repeatable; YAML, TSV, CSV or TBX).
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the glossaries named with --glossary (and the project's own).
    #[arg(long)]
    pub no_default_glossaries: bool,
    /// Lowest translation-memory fuzzy score offered, in percent.
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub threshold: u8,
    /// Open an XLIFF source even when it says it is for another language pair than French to
    /// English.
    #[arg(long)]
    pub force: bool,
    /// The translation memory: a team's postgres:// URL or an SQLite file (default: `memory:`
    /// in your configuration, else your own memory file).
    #[arg(long, value_name = "URL|FILE")]
    pub memory: Option<String>,
}

impl Args {
    /// The options `passeur demo` opens with.
    pub fn for_file(file: PathBuf) -> Args {
        Args {
            file: Some(file),
            project: None,
            glossary: Vec::new(),
            no_default_glossaries: false,
            threshold: 70,
            force: false,
            memory: None,
        }
    }
}

/// The French sample article of `passeur demo`.
const DEMO_ARTICLE: &str = include_str!("demo.fr.txt");

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(file) = args.file.clone() else {
        anyhow::bail!("give the file to open: a French source or a project file");
    };
    let project_path = if is_project_file(&file) {
        file
    } else {
        let path = args
            .project
            .clone()
            .unwrap_or_else(|| super::project::default_project_path(&file));
        if !path.exists() {
            super::init::create(&file, &path, args.force)?;
        }
        path
    };
    workspace(&project_path, &args, true)
}

/// `passeur demo`: the sample article in a temporary project, with the shipped glossary (not
/// recorded for the translation memory: it is gone when the demo ends).
pub fn demo() -> anyhow::Result<ExitCode> {
    let dir = tempfile::Builder::new().prefix("passeur-demo-").tempdir()?;
    let article = dir.path().join("route-de-la-soie.txt");
    std::fs::write(&article, DEMO_ARTICLE)?;
    let project = super::project::default_project_path(&article);
    super::init::create(&article, &project, false)?;
    workspace(&project, &Args::for_file(article), false)
}

pub use crate::app::project::is_project_file;

/// The workspace on a project; `remember`: its confirmed segments go into the memory (not in
/// the demo, whose project is gone when it ends).
fn workspace(project_path: &Path, args: &Args, remember: bool) -> anyhow::Result<ExitCode> {
    let options = crate::app::workspace::Options {
        force: args.force,
        memory: args.memory.clone(),
        glossaries: args.glossary.clone(),
        no_default_glossaries: args.no_default_glossaries,
        remember,
        threshold: args.threshold,
    };
    // Opened before the screen is taken over, so progress and notes show on the terminal.
    let workspace = crate::app::workspace::open(project_path, &options, |path| {
        crate::glossary::cache::load(path, &mut super::progress::Bar::new(path))
    })?;
    for note in &workspace.notes {
        super::output::say!("passeur: {note}");
    }
    let keymap = tui::keymap::Keymap::with(&workspace.key_bindings, &workspace.config_path)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the workspace needs a terminal; for scripts use `passeur export` or `passeur import`"
        );
    }
    let layout_file = app::layout_file();
    let unsaid = tui::run(Session {
        workspace,
        keymap,
        layout: app::LayoutChoice::load(layout_file.as_deref()),
        layout_file,
    })?;
    if let Some(unsaid) = unsaid {
        super::output::stderr_line(&unsaid);
    }
    Ok(ExitCode::SUCCESS)
}
