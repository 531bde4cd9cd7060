//! Everything the workspace needs, opened in one call: the project and its source, the
//! glossaries (the defaults, the project's own, those named), the translation memory on its
//! thread (the one named, else the configured one), the machine-translation provider, the spell
//! checker loading on its thread, and where the translator was last time.
//!
//! The path rules of a project's companions live here too: its glossary beside it, the file
//! that remembers the segment the translator was on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use crate::config::Config;
use crate::glossary::cache::Compiled;
use crate::glossary::sources::Sources;
use crate::glossary::{GlossaryError, Index};
use crate::memory::document::DocumentId;
use crate::memory::worker::MemoryThread;
use crate::mt::worker::Worker;
use crate::project::Project;
use crate::project::store::Store;
use crate::segment::Segmenter;
use crate::source::inline::Look;
use crate::spell::Speller;

use super::project::Mode;

/// What the translator asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Realign on an edited source whatever it keeps.
    pub force: bool,
    /// The memory named (`--memory`), instead of the configured one.
    pub memory: Option<String>,
    /// Extra glossaries (`--glossary`).
    pub glossaries: Vec<PathBuf>,
    /// Only the glossaries named (and the project's own).
    pub no_default_glossaries: bool,
    /// Confirmed segments go into the memory (not in the demo, whose project is gone when it
    /// ends).
    pub remember: bool,
    /// Lowest fuzzy score offered.
    pub threshold: u8,
}

/// A project opened for the workspace.
pub struct Workspace {
    pub project: Project,
    pub store: Store,
    /// The source text, when its file is there (for merging and splitting).
    pub source_text: Option<String>,
    /// How the inline tags of a Word, OpenDocument or HTML source look, by paragraph then tag
    /// number − 1 (empty for other sources).
    pub tag_looks: Vec<Vec<Look>>,
    pub segmenter: Segmenter,
    pub glossary_sources: Sources,
    pub glossary: Index,
    /// Where the translator was last time.
    pub start_at: usize,
    /// Where to remember the current segment for next time (see [`position_file`]).
    pub position_file: Option<PathBuf>,
    /// The translation memory, opening on its thread (its units of this project are left
    /// out of lookups).
    pub memory: MemoryThread,
    /// The project's id in the memory, where confirmed segments go (`None`: they are not
    /// kept, as in the demo).
    pub memory_document: Option<DocumentId>,
    /// Who confirms, for the memory.
    pub author: String,
    pub threshold: u8,
    /// Machine translation in the background, when a provider is configured.
    pub mt: Option<Worker>,
    /// Why machine translation is off, when it is.
    pub mt_off: Option<String>,
    /// The spell checker, loading on its thread (or why there is none).
    pub speller_loading: Option<Receiver<Result<Speller, String>>>,
    /// Copies also go to the terminal's clipboard.
    pub osc52: bool,
    /// What to tell the translator on the first screen.
    pub notice: Option<String>,
    /// What opening found to say (realignment, glossaries that could not be read), for the
    /// terminal before the screen is taken over.
    pub notes: Vec<String>,
    /// The keys the translator rebound in the configuration, and the file's path for errors.
    pub key_bindings: Vec<crate::config::KeyBinding>,
    pub config_path: String,
}

/// Opens the project at `project_path` with everything around it. `load_glossary` reads one
/// glossary file (a command shows its progress on large ones).
pub fn open(
    project_path: &Path,
    options: &Options,
    load_glossary: impl FnMut(&Path) -> Result<Compiled, GlossaryError>,
) -> anyhow::Result<Workspace> {
    let config = Config::load_user()?;
    let mode = match options.force {
        true => Mode::RealignAnyway,
        false => Mode::Realign,
    };
    let opened = super::project::open(project_path, mode)?;
    if opened.project.is_empty() {
        anyhow::bail!(
            "{}: the source has no text to translate",
            opened.source_path.display()
        );
    }
    let mut notes = opened.notes.clone();
    let glossary_sources = Sources {
        defaults: !options.no_default_glossaries,
        project: Some(project_glossary_path(project_path)),
        extra: options.glossaries.clone(),
    };
    let collection = glossary_sources.load(load_glossary);
    notes.extend(collection.warnings.iter().map(|w| format!("warning: {w}")));
    let position_file = position_file(project_path);
    let start_at = last_position(position_file.as_deref(), &opened.project);
    let notice = match (&opened.source_text, &opened.realigned) {
        (None, _) => Some(format!(
            "The source file {} is missing: working from the project alone (merge and split are off).",
            opened.source_path.display()
        )),
        (Some(_), Some(summary)) => Some(format!("The source was edited: {summary}.")),
        (Some(_), None) => None,
    };
    let (mt, mt_off) = machine_translation(&config);
    let languages = crate::spell::languages_for(&opened.project.header().target_language);
    let memory_document = options
        .remember
        .then(|| DocumentId::of(project_path, &opened.project));
    Ok(Workspace {
        segmenter: super::segmenter(&[])?,
        memory: open_memory(options.memory.clone(), config.clone()),
        memory_document,
        author: config.author(),
        threshold: options.threshold,
        mt,
        mt_off,
        speller_loading: Some(load_speller(languages)),
        osc52: config.osc52(),
        key_bindings: config.key_bindings(),
        config_path: config.shown_path(),
        project: opened.project,
        store: opened.store,
        tag_looks: opened
            .structure
            .as_ref()
            .map(|structure| structure.looks())
            .unwrap_or_default(),
        source_text: opened.source_text,
        glossary_sources,
        glossary: Index::new(collection.layers),
        start_at,
        position_file,
        notice,
        notes,
    })
}

/// The memory on its thread: it opens there (a team server may take a moment to answer, or
/// stall), and why it could not is shown in the workspace.
fn open_memory(named: Option<String>, config: Config) -> MemoryThread {
    MemoryThread::start(move || {
        let bound = crate::memory::desk::INTERACTIVE_QUERY_BOUND;
        super::memory::open(named.as_deref(), &config, &[], bound)
            .map(|(stack, _)| stack)
            .map_err(|error| format!("{error:#}"))
    })
}

/// The dictionary, read on a thread: it takes a moment.
fn load_speller(languages: [&'static str; 2]) -> Receiver<Result<Speller, String>> {
    let (sender, loading) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let personal = crate::spell::personal_words_file();
        let speller = Speller::load(
            &languages,
            &crate::spell::dictionary_dirs(),
            personal.as_deref(),
        )
        .map_err(|error| error.to_string());
        let _ = sender.send(speller);
    });
    loading
}

/// The machine-translation worker when a provider is configured, else why MT is off.
fn machine_translation(config: &Config) -> (Option<Worker>, Option<String>) {
    let provider_config = match config.mt_provider(None) {
        Ok(Some(provider_config)) => provider_config,
        Ok(None) => {
            let off = format!("MT off: no mt: section in {}", config.shown_path());
            return (None, Some(off));
        }
        Err(error) => return (None, Some(format!("MT off: {error}"))),
    };
    let cache_dir = crate::mt::cache::user_dir();
    match crate::mt::provider(&provider_config, cache_dir.as_deref()) {
        Ok(provider) => {
            let cache = match &cache_dir {
                Some(dir) => crate::mt::cache::Cache::open(dir),
                None => Default::default(),
            };
            let worker =
                Worker::start(provider, cache).with_context_budget(provider_config.context_tokens);
            (Some(worker), None)
        }
        Err(error) => (None, Some(format!("MT off: {error}"))),
    }
}

/// The project's glossary: `article.txt.passeur` → `article.txt.glossary.yaml`.
pub fn project_glossary_path(project: &Path) -> PathBuf {
    let name = project.to_string_lossy();
    let base = name.strip_suffix(".passeur").unwrap_or(&name);
    PathBuf::from(format!("{base}.glossary.yaml"))
}

/// Where the position in a project is remembered: in the user's cache, not in the project file,
/// which would otherwise change (and conflict in `git merge`) on every move.
pub fn position_file(project: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(project).ok()?;
    let key = crate::project::sha256_hex(canonical.to_string_lossy().as_bytes());
    Some(
        crate::paths::cache_dir()?
            .join("positions")
            .join(&key[..32]),
    )
}

/// The segment the translator was on when they last left this project.
pub fn last_position(position_file: Option<&Path>, project: &Project) -> usize {
    position_file
        .and_then(|file| {
            crate::io::read::read_setting_file(file, 4096)
                .ok()
                .flatten()
        })
        .and_then(|id| project.position(id.trim()))
        .unwrap_or(0)
}
