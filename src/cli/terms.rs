//! `passeur terms`: glossary hits in a French text, optionally checked against a translation.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use super::output::say;
use crate::glossary::check::{EnglishText, check_entry};
use crate::glossary::sources::Sources;
use crate::glossary::{Index, cache};

use super::input::read_source;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Default glossaries: the shipped ones, then every glossary in $XDG_CONFIG_HOME/passeur/glossaries \
(default ~/.config/passeur/glossaries); --glossary files come last and win on conflicts.

Examples:
  passeur terms article.txt
  passeur terms --glossary client.tsv --translation article.en.txt --json article.txt")]
pub struct Args {
    /// French text to search (`-` or nothing: standard input).
    pub file: Option<PathBuf>,
    /// A glossary file: YAML, TSV (French<TAB>English[<TAB>comment]), CSV or TBX (repeatable).
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the glossaries named with --glossary.
    #[arg(long)]
    pub no_default_glossaries: bool,
    /// The English translation: say for each hit whether it renders the entry.
    #[arg(long, value_name = "FILE")]
    pub translation: Option<PathBuf>,
    /// One JSON object per hit: {"start", "end", "text", "source", "target", "target_found"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    source: &'a str,
    target: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_found: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    forbidden_used: Vec<String>,
    glossary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// Loads the glossaries the options name, printing warnings on stderr.
pub fn load_index(glossaries: &[PathBuf], no_defaults: bool) -> Index {
    load_sources(&Sources {
        defaults: !no_defaults,
        project: None,
        extra: glossaries.to_vec(),
    })
}

/// Loads glossaries (with a progress line for large ones), printing warnings on stderr.
pub fn load_sources(sources: &Sources) -> Index {
    let collection = sources.load(|path| cache::load(path, &mut super::progress::Bar::new(path)));
    for warning in &collection.warnings {
        say!("passeur: warning: {warning}");
    }
    Index::new(collection.layers)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let source = read_source(args.file.as_deref(), false)?;
    let translation = match &args.translation {
        Some(path) => Some(EnglishText::new(&crate::io::read_file(path)?)),
        None => None,
    };
    let index = load_index(&args.glossary, args.no_default_glossaries);
    let mut out = super::output::stdout();
    let (hits, overlapped) = index.find_all(&source.text);
    for hit in hits {
        let entry = index.entry(hit.entry);
        let text = &source.text[hit.span.clone()];
        let check = translation.as_ref().map(|t| check_entry(&entry, t));
        if args.json {
            let row = JsonHit {
                start: hit.span.start,
                end: hit.span.end,
                text,
                source: &entry.source,
                target: &entry.target,
                target_found: check.as_ref().map(|c| c.found),
                forbidden_used: check.map(|c| c.forbidden_used).unwrap_or_default(),
                glossary: index.glossary_name(hit.entry),
                note: entry.note.as_deref(),
            };
            serde_json::to_writer(&mut out, &row)?;
            writeln!(out)?;
        } else {
            let mark = match &check {
                None => "",
                Some(c) if !c.forbidden_used.is_empty() => "  ✗ forbidden",
                Some(c) if c.found => "  ✓",
                Some(_) => "  ✗ missing",
            };
            writeln!(
                out,
                "{}-{}\t{}\t→ {}{mark}",
                hit.span.start,
                hit.span.end,
                text.replace('\n', " "),
                entry.target
            )?;
        }
    }
    // Entries of lower glossaries that a higher one's entry overlapped: listed, not matched.
    if !args.json {
        for hit in overlapped {
            let entry = index.entry(hit.entry);
            writeln!(
                out,
                "{}-{}	{}	→ {}  (in {}, overlapped by a glossary of higher priority)",
                hit.span.start,
                hit.span.end,
                source.text[hit.span.clone()].replace('\n', " "),
                entry.target,
                index.glossary_name(hit.entry)
            )?;
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitCode::SUCCESS)
}
