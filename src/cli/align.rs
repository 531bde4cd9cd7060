//! `passeur align FR EN`: an earlier article and its published English version paired
//! sentence by sentence, printed, written as TMX or TSV, or put into the memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::align::{self, Side, Summary};
use crate::formats::table::escape_tsv;
use crate::memory::{self, TranslationMemory};
use crate::mt::{
    self,
    cache::Cache,
    pacing::{Paced, Pacing},
};

use super::input::read_source;
use super::output::say;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Paragraphs are paired first, then the sentences inside them (1:1, 2:1, 1:2, 1:0, 0:1 and rarer \
shapes), on lengths, numbers, names, cognates, glossary terms and, when an MT provider is \
configured, the machine translation of the French side. Each bead gets a score from 0 to 1; \
only beads at or above --threshold go to the memory or a file unless --all is given, and \
aligned units are offered at 95% at most until confirmed in the review (--review).

Examples:
  passeur align article.fr.txt article.en.txt
  passeur align --json article.fr.txt article.en.txt
  passeur align --into-memory archive/2019-03-12.fr.md archive/2019-03-12.en.md
  passeur align --to tmx -o pairs.tmx article.fr.txt article.en.txt
  passeur align --review article.fr.txt article.en.txt")]
pub struct Args {
    /// The French text (text, Markdown, Word, OpenDocument or HTML).
    pub fr: PathBuf,
    /// Its English version.
    pub en: PathBuf,
    /// One JSON object a line per bead, in document order: {"fr": [...], "en": [...], "score"}.
    #[arg(long)]
    pub json: bool,
    /// Each non-empty line of the inputs is one sentence (an empty line ends a paragraph).
    #[arg(long)]
    pub one_per_line: bool,
    /// Write the beads as a file: tmx or tsv (French<TAB>English<TAB>score).
    #[arg(long, value_name = "FORMAT", value_parser = ["tmx", "tsv"])]
    pub to: Option<String>,
    /// Where --to writes (default: standard output).
    #[arg(short, long, value_name = "FILE", requires = "to")]
    pub output: Option<PathBuf>,
    /// Put the beads into the translation memory.
    #[arg(long)]
    pub into_memory: bool,
    #[command(flatten)]
    pub which: super::memory::WhichArgs,
    /// The lowest score of a bead written to the memory or a file.
    #[arg(long, default_value_t = align::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Write beads below the threshold too.
    #[arg(long)]
    pub all: bool,
    /// A glossary file whose terms anchor beads (repeatable).
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the glossaries named with --glossary.
    #[arg(long)]
    pub no_default_glossaries: bool,
    /// Do not ask the configured MT provider for the French side's translation.
    #[arg(long)]
    pub no_mt: bool,
    /// A provider named under mt_providers in the configuration (default: the mt: section).
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// Open the two texts side by side, bead by bead, to fix and confirm them.
    #[arg(long)]
    pub review: bool,
}

#[derive(Serialize)]
struct JsonBead {
    fr: Vec<usize>,
    en: Vec<usize>,
    score: f64,
}

/// The two sides as read and cut, with what the alignment needs besides them.
struct Texts {
    fr: Side,
    en: Side,
}

/// Reads and cuts both files.
fn read_texts(fr: &Path, en: &Path, one_per_line: bool) -> anyhow::Result<Texts> {
    let segmenter = crate::app::segmenter(&[])?;
    let side = |path: &Path| -> anyhow::Result<Side> {
        let source = read_source(Some(path), false)?;
        if source.text.trim().is_empty() {
            anyhow::bail!("{}: the file has no text to align", path.display());
        }
        Ok(match one_per_line {
            true => Side::from_lines(&source.text),
            false => Side::cut(source.text, source.format, &segmenter),
        })
    };
    Ok(Texts {
        fr: side(fr)?,
        en: side(en)?,
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!("--threshold {}: a score is between 0 and 1", args.threshold);
    }
    if args.review && !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("the review needs a terminal: run it without redirecting the output");
    }
    let config = crate::config::Config::load_user()?;
    let texts = read_texts(&args.fr, &args.en, args.one_per_line)?;
    let index = super::terms::load_index(&args.glossary, args.no_default_glossaries);
    let translations = match args.no_mt {
        true => None,
        false => translate(&texts.fr, &config, args.provider.as_deref())?,
    };
    let options = align::Options {
        glossary: Some(&index),
        translations: translations.as_deref(),
    };
    let beads = align::align(&texts.fr, &texts.en, &options);
    if args.review {
        return review(&args, &config, texts, beads);
    }
    let threshold = if args.all { 0.0 } else { args.threshold };
    // The memory units, made only for a TMX file or the memory.
    let units = || {
        let origin = memory::aligned_origin(&file_name(&args.fr), &file_name(&args.en), false);
        let now = crate::time::Timestamp::now().0;
        align::units(
            &texts.fr,
            &texts.en,
            &beads,
            threshold,
            &origin,
            &config.author(),
            now,
        )
    };
    let mut out = super::output::stdout();
    if args.json {
        for bead in &beads {
            let row = JsonBead {
                fr: bead.fr.clone().collect(),
                en: bead.en.clone().collect(),
                score: (bead.score * 1000.0).round() / 1000.0,
            };
            serde_json::to_writer(&mut out, &row)?;
            writeln!(out)?;
        }
    }
    match args.to.as_deref() {
        Some(format) => write_file(
            format,
            units,
            (&beads, &texts, threshold),
            args.output.as_deref(),
            &mut out,
        )?,
        None if !args.json && !args.into_memory => {
            for bead in &beads {
                writeln!(
                    out,
                    "{:.2}\t{}\t{}",
                    bead.score,
                    texts.fr.text(bead.fr.clone()),
                    texts.en.text(bead.en.clone())
                )?;
            }
        }
        None => {}
    }
    out.flush().context("cannot write the output")?;
    report(&Summary::of(&beads, args.threshold), args.threshold);
    if args.into_memory {
        let mut memory = super::memory::open(&args.which, &[])?;
        let added = memory
            .add(&units())
            .context("cannot write the translation memory")?;
        say!(
            "passeur: {added} new aligned units in the memory ({} beads below {threshold} kept out{})",
            beads
                .iter()
                .filter(|b| b.is_pair() && b.score < threshold)
                .count(),
            if args.all {
                ""
            } else {
                "; --all takes them too"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--review`: the beads in the terminal, to mend and confirm into the memory.
fn review(
    args: &Args,
    config: &crate::config::Config,
    texts: Texts,
    beads: Vec<align::Bead>,
) -> anyhow::Result<ExitCode> {
    let memory = super::memory::open(&args.which, &[])?;
    let app = crate::tui::review::ReviewApp::new(
        align::review::Review::new(texts.fr, texts.en, beads),
        (file_name(&args.fr), file_name(&args.en)),
        args.threshold,
    );
    let confirmer = crate::tui::review::Confirmer {
        fr: file_name(&args.fr),
        en: file_name(&args.en),
        author: config.author(),
    };
    let confirmed = crate::tui::review::run(app, Box::new(memory), confirmer)?;
    let beads = if confirmed == 1 { "bead" } else { "beads" };
    say!("passeur: {confirmed} {beads} confirmed into the memory");
    Ok(ExitCode::SUCCESS)
}

/// A file's name, for a unit's origin (no folder of this machine goes into a memory).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Writes the units as TMX, or the beads as TSV (French, English, score), to FILE or stdout.
fn write_file(
    format: &str,
    units: impl FnOnce() -> Vec<memory::MemoryUnit>,
    (beads, texts, threshold): (&[align::Bead], &Texts, f64),
    output: Option<&Path>,
    out: &mut super::output::Stdout,
) -> anyhow::Result<()> {
    let bytes = match format {
        "tmx" => {
            let mut memory = memory::Memory::new(units());
            let mut write = |path: &Path| {
                let origins = memory::tmx_export::Origins::Name;
                memory::tmx_export::write(&mut memory, path, "fr", "en", origins)
                    .with_context(|| format!("{}: cannot write the file", path.display()))
            };
            // The TMX writer writes a file (atomically); standard output gets its bytes.
            match output {
                Some(path) => {
                    write(path)?;
                    return Ok(());
                }
                None => {
                    let dir = tempfile::tempdir()?;
                    let path = dir.path().join("aligned.tmx");
                    write(&path)?;
                    std::fs::read(&path)?
                }
            }
        }
        _ => {
            let mut text = String::new();
            for bead in beads.iter().filter(|b| b.is_pair() && b.score >= threshold) {
                escape_tsv(&texts.fr.text(bead.fr.clone()), &mut text);
                text.push('\t');
                escape_tsv(&texts.en.text(bead.en.clone()), &mut text);
                text.push_str(&format!("\t{:.3}\n", bead.score));
            }
            text.into_bytes()
        }
    };
    match output {
        Some(path) => crate::atomic_file::write_atomically(path, &bytes)
            .with_context(|| format!("{}: cannot write the file", path.display()))?,
        None => out.write_all(&bytes)?,
    }
    Ok(())
}

/// The machine translation of every French sentence, when a provider is configured: sent in
/// batches at the configured pace, and kept in the MT cache, so that aligning the same
/// article again (or going on after an interruption) asks nothing twice.
fn translate(
    fr: &Side,
    settings: &crate::config::Config,
    provider: Option<&str>,
) -> anyhow::Result<Option<Vec<String>>> {
    let Some(config) = settings.mt_provider(provider)? else {
        return Ok(None);
    };
    let cache_dir = mt::cache::user_dir();
    let provider = mt::provider(&config, cache_dir.as_deref())?;
    let mut cache = match &cache_dir {
        Some(dir) => Cache::open(dir),
        None => Cache::default(),
    };
    let mut paced = Paced::new(provider.as_ref(), Pacing::new(config.requests_per_second));
    let requests: Vec<mt::Request> = fr
        .sentences
        .iter()
        .map(|s| mt::Request {
            source: s.clone(),
            ..Default::default()
        })
        .collect();
    let keys: Vec<String> = requests
        .iter()
        .map(|r| Cache::key(provider.as_ref(), r))
        .collect();
    let missing: Vec<usize> = (0..requests.len())
        .filter(|&i| cache.get(&keys[i]).is_none())
        .collect();
    for batch in missing.chunks(config.batch_size().max(1)) {
        let to_send: Vec<mt::Request> = batch.iter().map(|&i| requests[i].clone()).collect();
        let answers = paced
            .translate(&to_send)
            .with_context(|| format!("the MT provider {}", provider.name()))?;
        for (&i, target) in batch.iter().zip(answers) {
            cache.insert(keys[i].clone(), target);
        }
    }
    Ok(Some(
        keys.iter()
            .map(|key| cache.get(key).unwrap_or_default().to_owned())
            .collect(),
    ))
}

/// What was found, on standard error: beads by shape and how many reach the threshold.
fn report(summary: &Summary, threshold: f64) {
    let shapes: Vec<String> = summary
        .shapes
        .iter()
        .map(|(shape, count, good)| format!("{shape} {count} ({good} ≥ {threshold})"))
        .collect();
    say!("passeur: beads: {}", shapes.join(", "));
    if summary.fr_unaligned + summary.en_unaligned > 0 {
        say!(
            "passeur: left unaligned: {} French and {} English sentences",
            summary.fr_unaligned,
            summary.en_unaligned
        );
    }
}
