//! `passeur memory import|lookup|concordance`, and loading the memory for other commands.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::output::say;
use crate::memory::store::{self, memory_dir};
use crate::memory::{DiffKind, Lookup, Memory};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add the units of TMX files to your translation memory.
    Import(ImportArgs),
    /// Show the best matches for a French sentence (with a word diff).
    Lookup(LookupArgs),
    /// Find a word or phrase in the memory's sources and translations.
    Concordance(ConcordanceArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The memory lives in $XDG_DATA_HOME/passeur/memory (default ~/.local/share/passeur/memory): \
imported units, plus the confirmed segments of every project passeur has opened.")]
pub struct ImportArgs {
    /// TMX files (1.4; `fr`, `fr-FR`, `fr_FR` and `FR` are all French).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// The French sentence.
    pub sentence: String,
    /// Lowest fuzzy score shown.
    #[arg(long, default_value_t = 70)]
    pub threshold: u8,
    /// Also search these TMX files.
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ConcordanceArgs {
    /// A word or phrase, French or English.
    pub query: String,
    /// Also search these TMX files.
    #[arg(long, value_name = "FILE")]
    pub tm: Vec<PathBuf>,
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    match command {
        Command::Import(args) => import(args, &mut out),
        Command::Lookup(args) => {
            let memory = load(None, &args.tm)?;
            let lookup = Lookup {
                threshold: args.threshold,
                ..Lookup::default()
            };
            for found in memory.lookup(&args.sentence, &lookup) {
                let unit = memory.unit(found.unit);
                writeln!(
                    out,
                    "{}%\t{}\t{}",
                    found.score,
                    diff_text(&found.diff),
                    unit.target
                )?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Concordance(args) => {
            let memory = load(None, &args.tm)?;
            for index in memory.concordance(&args.query, 50) {
                let unit = memory.unit(index);
                writeln!(out, "{}\t{}\t({})", unit.source, unit.target, unit.origin)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn import(args: ImportArgs, out: &mut super::output::Stdout) -> anyhow::Result<ExitCode> {
    let dir = memory_dir().context("no home directory for the translation memory")?;
    // Read every file first: a bad one stops the import before the memory is touched.
    let mut units = Vec::new();
    for path in &args.files {
        let (text, _) = crate::document::read_xml_file(path)?;
        let loaded = store::read_tmx(&text, path, "fr", "en")?;
        writeln!(
            out,
            "{}: {} units{}",
            path.display(),
            loaded.units.len(),
            if loaded.skipped > 0 {
                format!(", {} skipped (not French–English or empty)", loaded.skipped)
            } else {
                String::new()
            }
        )?;
        units.extend(loaded.units);
    }
    let added = store::import(&dir, &units)
        .with_context(|| format!("{}: cannot write the translation memory", dir.display()))?;
    writeln!(out, "{added} new units in {}", dir.display())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The user's memory (without `exclude`'s own segments) and the units of `extra` TMX files.
pub fn load(exclude: Option<&Path>, extra: &[PathBuf]) -> anyhow::Result<Memory> {
    let mut memory = match memory_dir() {
        Some(dir) => store::load(&dir, exclude),
        None => Memory::default(),
    };
    for path in extra {
        let (text, _) = crate::document::read_xml_file(path)?;
        let loaded = store::read_tmx(&text, path, "fr", "en")?;
        if loaded.skipped > 0 {
            say!(
                "passeur: warning: {}: {} units skipped (not French–English or empty)",
                path.display(),
                loaded.skipped
            );
        }
        for unit in loaded.units {
            memory.add(unit);
        }
    }
    Ok(memory)
}

/// Registers a project so that its confirmed segments join the user's memory.
pub fn register(project: &Path) {
    if let Some(dir) = memory_dir()
        && let Err(error) = store::register_project(&dir, project)
    {
        say!("passeur: warning: cannot record the project for the translation memory: {error}");
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
