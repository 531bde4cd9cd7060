//! `passeur memory init|import|lookup|concordance|export|count`, and opening the memory for
//! other commands.
//!
//! Which memory: `--memory` (a `postgres://` URL or an SQLite file), else `memory:` in the
//! user's configuration, else `$XDG_DATA_HOME/passeur/memory.sqlite`. With a team URL the
//! workspace also keeps the local file (see `memory::desk`). The file-based memory of earlier
//! versions is moved into the local file the first time it is opened.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::output::say;
use crate::config::Config;
use crate::memory::document::{DocumentId, shown_origin};
use crate::memory::postgres::PgMemory;
use crate::memory::sqlite::SqliteMemory;
use crate::memory::{DiffKind, Lookup, MemoryUnit, Stack, TranslationMemory, store};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create (or upgrade) a team memory's tables on a PostgreSQL server.
    Init(InitArgs),
    /// Add the units of TMX files to your translation memory.
    Import(ImportArgs),
    /// Show the best matches for a French sentence (with a word diff).
    Lookup(LookupArgs),
    /// Find a word or phrase in the memory's sources and translations.
    Concordance(ConcordanceArgs),
    /// Write the whole memory to a TMX file.
    Export(ExportArgs),
    /// How many units the memory holds, and where it is.
    Count(WhichArgs),
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct WhichArgs {
    /// The memory: a postgres:// URL (a team's) or an SQLite file (default: `memory:` in your
    /// configuration, else your own memory file).
    #[arg(long, value_name = "URL|FILE")]
    pub memory: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example: passeur memory init postgres://desk@db.example.org/passeur
Then each translator puts `memory: postgres://desk@db.example.org/passeur` in \
~/.config/passeur/config.yaml (the password in ~/.pgpass or PGPASSWORD, not in the file).")]
pub struct InitArgs {
    /// The server and database, as a postgres:// URL.
    pub url: String,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Your own memory is $XDG_DATA_HOME/passeur/memory.sqlite (default \
~/.local/share/passeur/memory.sqlite); units go in by batches of 10,000, each committed, so an \
interrupted import keeps what it wrote and can simply be run again (units already there are not \
added twice).")]
pub struct ImportArgs {
    /// TMX files (1.4; `fr`, `fr-FR`, `fr_FR` and `FR` are all French).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub which: WhichArgs,
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// The French sentence.
    pub sentence: String,
    /// Lowest fuzzy score shown.
    #[arg(long, default_value_t = 70)]
    pub threshold: u8,
    /// The sentences before and after it, for context (101%) matches.
    #[arg(long, value_name = "SENTENCE", default_value = "")]
    pub previous: String,
    #[arg(long, value_name = "SENTENCE", default_value = "")]
    pub next: String,
    /// Also search these TMX files.
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
    #[command(flatten)]
    pub which: WhichArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A unit matches when its French or English holds the query as whole words, whatever the case, \
accents and kinds of space (`etat` finds `État`, `gouvernement` does not find `gouvernemental`); \
newest first.")]
pub struct ConcordanceArgs {
    /// A word or phrase, French or English.
    pub query: String,
    /// Units shown at most (the total is said when there are more).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Also search these TMX files.
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
    #[command(flatten)]
    pub which: WhichArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The TMX file to write.
    pub output: PathBuf,
    /// Leave out where units come from (by default the file name of the TMX or project each
    /// came from; never a folder of this machine).
    #[arg(long)]
    pub no_origins: bool,
    #[command(flatten)]
    pub which: WhichArgs,
}

/// Says when a search reached the local memory only, the team server not answering.
fn say_if_local_only(memory: &Stack) {
    if let Some(team) = memory.team_status().filter(|team| !team.online) {
        say!(
            "passeur: the team memory {} does not answer: searched your local memory only",
            team.server
        );
    }
}

/// Units written in one transaction by an import.
const IMPORT_BATCH: usize = 10_000;

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    match command {
        Command::Init(args) => {
            let mut memory = PgMemory::init(&args.url)?;
            let count = memory.count()?;
            writeln!(
                out,
                "team memory ready at {} ({count} units)",
                memory.shown()
            )?;
        }
        Command::Import(args) => import(args, &mut out)?,
        Command::Lookup(args) => {
            let mut memory = open(&args.which, &args.tm)?;
            let lookup = Lookup {
                threshold: args.threshold,
                previous: &args.previous,
                next: &args.next,
                ..Lookup::default()
            };
            let matches = memory.lookup(&args.sentence, &lookup)?;
            say_if_local_only(&memory);
            for found in matches {
                writeln!(
                    out,
                    "{}%\t{}\t{}\t({}{})",
                    found.score,
                    diff_text(&found.diff),
                    found.unit.target,
                    shown_origin(&found.unit.origin),
                    dated(found.unit.changed)
                )?;
            }
        }
        Command::Concordance(args) => {
            let mut memory = open(&args.which, &args.tm)?;
            if crate::memory::concordance::Query::new(&args.query)
                .words()
                .is_empty()
            {
                anyhow::bail!("{:?}: a concordance query needs a word", args.query);
            }
            let found = memory.concordance(&args.query, args.limit)?;
            say_if_local_only(&memory);
            if found.total > found.units.len() as u64 {
                say!(
                    "passeur: {} of {} units shown (--limit N shows more)",
                    found.units.len(),
                    found.total
                );
            }
            for (_, unit) in found.units {
                writeln!(
                    out,
                    "{}\t{}\t({})",
                    unit.source,
                    unit.target,
                    shown_origin(&unit.origin)
                )?;
            }
        }
        Command::Export(args) => {
            let mut memory = open(&args.which, &[])?;
            let origins = match args.no_origins {
                true => crate::memory::tmx_export::Origins::Leave,
                false => crate::memory::tmx_export::Origins::Name,
            };
            let written =
                crate::memory::tmx_export::write(&mut memory, &args.output, "fr", "en", origins)
                    .with_context(|| {
                        format!("{}: cannot write the TMX file", args.output.display())
                    })?;
            writeln!(out, "{written} units written to {}", args.output.display())?;
        }
        Command::Count(args) => {
            let config = Config::load_user()?;
            let mut memory = open_with(&args, &config, &[])?;
            let count = memory.count()?;
            let place = match memory.team_status() {
                Some(team) if team.online => team.server,
                Some(team) => format!("{} unreachable: your own memory", team.server),
                None => where_local(&args, &config)?.display().to_string(),
            };
            writeln!(out, "{count} units\t{place}")?;
            // Units the team server refused, named so they can be fixed.
            if team_url(&args, &config).is_some() {
                let local = open_local(&where_local(&WhichArgs::default(), &config)?)?;
                for (unit, reason) in local.set_aside_units()? {
                    writeln!(
                        out,
                        "refused by the team server: {}\t{}\t({reason})",
                        unit.source, unit.target
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `, 2026-12-02` for a known date.
fn dated(seconds: i64) -> String {
    if seconds > 0 {
        format!(", {}", &crate::time::Timestamp(seconds).iso()[..10])
    } else {
        String::new()
    }
}

fn import(args: ImportArgs, out: &mut super::output::Stdout) -> anyhow::Result<()> {
    let languages = ("fr", "en");
    // A first pass reads every file through, keeping nothing: a bad one stops the import
    // before the memory is touched, whatever the files' size.
    for path in &args.files {
        let counted = store::stream_tmx::<anyhow::Error>(path, languages, |_| Ok(()))?;
        writeln!(
            out,
            "{}: {} units{}",
            path.display(),
            counted.units,
            if counted.skipped > 0 {
                format!(
                    ", {} skipped (not French–English or empty)",
                    counted.skipped
                )
            } else {
                String::new()
            }
        )?;
    }
    let config = Config::load_user()?;
    let (mut memory, place): (Box<dyn TranslationMemory>, String) =
        match team_url(&args.which, &config) {
            Some(url) => {
                let memory = PgMemory::connect(&url)?;
                let shown = memory.shown().to_owned();
                (Box::new(memory), shown)
            }
            None => {
                let path = where_local(&args.which, &config)?;
                let memory = open_local(&path)?;
                memory.prepare_for_import()?;
                (Box::new(memory), path.display().to_string())
            }
        };
    let mut added = 0;
    // Tests that kill an import midway set a pause after each committed batch, so that the
    // kill lands between batches whatever the machine's load.
    let pause = std::env::var("PASSEUR_TEST_PAUSE_BETWEEN_BATCHES_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(std::time::Duration::from_millis);
    let mut batch = Vec::with_capacity(IMPORT_BATCH);
    let mut write = |batch: &mut Vec<MemoryUnit>| -> anyhow::Result<()> {
        added += memory
            .add(batch)
            .with_context(|| format!("{place}: cannot write the translation memory"))?;
        batch.clear();
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
        Ok(())
    };
    // The second pass writes as it reads, a committed batch at a time.
    for path in &args.files {
        store::stream_tmx::<anyhow::Error>(path, languages, |unit| {
            batch.push(unit);
            match batch.len() < IMPORT_BATCH {
                true => Ok(()),
                false => write(&mut batch),
            }
        })?;
    }
    if !batch.is_empty() {
        write(&mut batch)?;
    }
    writeln!(out, "{added} new units in {place}")?;
    Ok(())
}

/// The team URL to use, if any: `--memory URL`, else `memory:` in the configuration (unless
/// `--memory` names a file).
fn team_url(which: &WhichArgs, config: &Config) -> Option<String> {
    crate::app::memory::team_url(which.memory.as_deref(), config)
}

/// The local SQLite memory: `--memory FILE`, a file named by `memory:`, else the default.
fn where_local(which: &WhichArgs, config: &Config) -> anyhow::Result<PathBuf> {
    crate::app::memory::local_path(which.memory.as_deref(), config)
}

/// Says, before the wait, that a memory of an earlier version gets its concordance index now.
fn say_if_upgrading(path: &Path) {
    if SqliteMemory::upgrade_pending(path) {
        say!(
            "passeur: {}: building the memory's concordance index (once: about half a minute \
             a million units)…",
            path.display()
        );
    }
}

/// Opens an SQLite memory (see [`crate::app::memory::open_local`]), saying what it moved.
fn open_local(path: &Path) -> anyhow::Result<SqliteMemory> {
    say_if_upgrading(path);
    let (memory, notes) = crate::app::memory::open_local(path)?;
    for note in notes {
        say!("passeur: {note}");
    }
    Ok(memory)
}

/// The user's desk (local memory, and the team's when configured) and the units of `extra`
/// TMX files, saying what was moved or skipped.
pub fn open(which: &WhichArgs, extra: &[PathBuf]) -> anyhow::Result<Stack> {
    open_with(which, &Config::load_user()?, extra)
}

/// [`open`] with the configuration already read.
fn open_with(which: &WhichArgs, config: &Config, extra: &[PathBuf]) -> anyhow::Result<Stack> {
    say_if_upgrading(&crate::app::memory::local_path(
        which.memory.as_deref(),
        config,
    )?);
    let bound = crate::memory::desk::QUERY_BOUND;
    let (stack, notes) = crate::app::memory::open(which.memory.as_deref(), config, extra, bound)?;
    for note in notes {
        say!("passeur: {note}");
    }
    Ok(stack)
}

/// A project's confirmed and reviewed segments into the user's memory (after an import of
/// translations, which confirms segments outside the workspace).
pub fn remember_project(project_path: &Path, project: &crate::project::Project) {
    let result = Config::load_user()
        .map_err(anyhow::Error::from)
        .and_then(|config| {
            let document = DocumentId::of(project_path, project);
            let units: Vec<MemoryUnit> = store::project_units(project, &document, &config.author());
            if units.is_empty() {
                return Ok(());
            }
            let mut memory = open_with(&WhichArgs::default(), &config, &[])?;
            memory.add(&units)?;
            Ok(())
        });
    if let Err(error) = result {
        say!(
            "passeur: warning: the translations were not added to the translation memory: {error:#}"
        );
    }
}

/// A word diff in plain text: `[-removed-]` and `{+added+}`, as `git diff --word-diff` shows it.
pub fn diff_text(diff: &[crate::memory::DiffPiece]) -> String {
    diff.iter()
        .map(|piece| match piece.kind {
            DiffKind::Same => piece.text.clone(),
            DiffKind::Removed => format!("[-{}-]", piece.text),
            DiffKind::Added => format!("{{+{}+}}", piece.text),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
