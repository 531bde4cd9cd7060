//! `passeur FILE`, `passeur open FILE` and `passeur demo`: the workspace in the terminal.

use crate::memory::document::DocumentId;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::project::Mode;
use crate::glossary::sources::Sources;
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

/// A project file rather than a source: the extension, or the first bytes.
pub fn is_project_file(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e == "passeur") {
        return true;
    }
    if !crate::document::read::is_regular_file(path) {
        return false;
    }
    let mut head = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..read]);
    head.trim_start().starts_with('{') && head.contains("\"passeur_project\"")
}

/// The workspace on a project; `remember`: its confirmed segments go into the memory (not in
/// the demo, whose project is gone when it ends).
fn workspace(project_path: &Path, args: &Args, remember: bool) -> anyhow::Result<ExitCode> {
    let mode = match args.force {
        true => Mode::RealignAnyway,
        false => Mode::Realign,
    };
    let opened = super::project::open(project_path, mode)?;
    let memory_document = remember.then(|| DocumentId::of(project_path, &opened.project));
    if opened.project.is_empty() {
        bail!(
            "{}: the source has no text to translate",
            opened.source_path.display()
        );
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the workspace needs a terminal; for scripts use `passeur export` or `passeur import`"
        );
    }
    let sources = Sources {
        defaults: !args.no_default_glossaries,
        project: Some(app::project_glossary_path(project_path)),
        extra: args.glossary.clone(),
    };
    // Loaded before the screen is taken over, so progress and warnings show on the terminal.
    let glossary = super::terms::load_sources(&sources);
    let position_file = app::position_file(project_path);
    let start_at = app::last_position(position_file.as_deref(), &opened.project);
    let notice = match (&opened.source_text, &opened.realigned) {
        (None, _) => Some(format!(
            "The source file {} is missing: working from the project alone (merge and split are off).",
            opened.source_path.display()
        )),
        (Some(_), Some(summary)) => Some(format!("The source was edited: {summary}.")),
        (Some(_), None) => None,
    };
    let segmenter = super::segment::segmenter(&[])?;
    let (mt, mt_off) = machine_translation();
    // The dictionary takes a moment to read: on a thread, like the memory.
    let (spell_sender, speller_loading) = std::sync::mpsc::channel();
    let languages = crate::spell::languages_for(&opened.project.header().target_language);
    std::thread::spawn(move || {
        let personal = crate::spell::personal_words_file();
        let speller = crate::spell::Speller::load(
            &languages,
            &crate::spell::dictionary_dirs(),
            personal.as_deref(),
        )
        .map_err(|error| error.to_string());
        let _ = spell_sender.send(speller);
    });
    // The memory opens and works on a thread of its own (a team server may take a moment to
    // answer, or stall); its errors are shown in the workspace, nothing is printed over the
    // screen. The memory `--memory` names, else the configured one.
    let which = super::memory::WhichArgs {
        memory: args.memory.clone(),
    };
    let memory = crate::memory::worker::MemoryThread::start(move || {
        let bound = crate::memory::desk::INTERACTIVE_QUERY_BOUND;
        super::memory::open_within(&which, &[], bound).map_err(|error| format!("{error:#}"))
    });
    let layout_file = app::layout_file();
    let unsaid = tui::run(Session {
        layout: app::LayoutChoice::load(layout_file.as_deref()),
        layout_file,
        project: opened.project,
        store: opened.store,
        source_text: opened.source_text,
        segmenter,
        glossary_sources: sources,
        glossary,
        start_at,
        notice,
        position_file,
        memory,
        memory_document,
        author: super::memory::author(),
        threshold: args.threshold,
        mt,
        mt_off,
        speller_loading: Some(speller_loading),
        osc52: wants_osc52(),
    })?;
    if let Some(unsaid) = unsaid {
        super::output::stderr_line(&unsaid);
    }
    Ok(ExitCode::SUCCESS)
}

/// The machine-translation worker when a provider is configured, else why MT is off.
fn machine_translation() -> (Option<crate::mt::worker::Worker>, Option<String>) {
    let Some(path) = crate::mt::config::path() else {
        return (None, Some("MT off: no home directory".into()));
    };
    let config = match crate::mt::config::load(&path, None) {
        Ok(Some(config)) => config,
        Ok(None) => {
            return (
                None,
                Some(format!("MT off: no mt: section in {}", path.display())),
            );
        }
        Err(error) => return (None, Some(format!("MT off: {error}"))),
    };
    let cache_dir = crate::mt::cache::user_dir();
    match crate::mt::provider(&config, cache_dir.as_deref()) {
        Ok(provider) => {
            let cache = match &cache_dir {
                Some(dir) => crate::mt::cache::Cache::open(dir),
                None => Default::default(),
            };
            (
                Some(
                    crate::mt::worker::Worker::start(provider, cache)
                        .with_context_budget(config.context_tokens),
                ),
                None,
            )
        }
        Err(error) => (None, Some(format!("MT off: {error}"))),
    }
}

/// `clipboard: osc52` in the user's configuration: copies go to the terminal's clipboard too.
fn wants_osc52() -> bool {
    #[derive(serde::Deserialize)]
    struct Settings {
        #[serde(default)]
        clipboard: Option<String>,
    }
    let Some(path) = crate::mt::config::path() else {
        return false;
    };
    let Ok(Some(text)) =
        crate::document::read::read_setting_file(&path, crate::mt::config::SETTINGS_MAX_BYTES)
    else {
        return false;
    };
    crate::yaml_file::parse::<Settings>(&text, &path)
        .ok()
        .and_then(|s| s.clipboard)
        .is_some_and(|c| c == "osc52")
}
