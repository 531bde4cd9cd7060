//! The command line: one module per subcommand. Each turns library results into output on
//! stdout and errors into one line on stderr (exit status 2).

mod align;
mod check;
mod export;
mod glossary;
mod import;
mod init;
mod input;
mod memory;
mod mt;
mod open;
pub mod output;
mod pretranslate;
mod progress;
mod project;
mod relink;
mod segment;
mod stats;
mod terms;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::say;

/// passeur: translate French articles into English in the terminal.
#[derive(Debug, Parser)]
#[command(name = "passeur", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
#[command(after_help = "\
`passeur FILE` opens the workspace on a French source or a project file (like `passeur open`); \
`passeur demo` opens it on a sample article.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `passeur FILE [OPTIONS]`: the options of `passeur open`.
    #[command(flatten)]
    pub open: open::Args,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the segments (sentences) of a French text, one per line.
    Segment(segment::Args),
    /// Pair an earlier French article with its English version, sentence by sentence.
    Align(align::Args),
    /// Find glossary terms in a French text (and check them in a translation).
    Terms(terms::Args),
    /// Check or convert glossary files.
    #[command(subcommand)]
    Glossary(glossary::Command),
    /// Create the project for a source file and print its path.
    Init(init::Args),
    /// Write a bilingual file (TMX, XLIFF, CSV, TSV, HTML, Markdown) or the English document.
    Export(export::Args),
    /// Take translations back from a TMX, XLIFF, CSV or TSV file.
    Import(import::Args),
    /// QA report: numbers, glossary, typography, consistency; exit status 1 on an error.
    Check(check::Args),
    /// Segments and words: total, by status, repetitions, memory match bands.
    Stats(stats::Args),
    /// Fill untranslated segments from exact translation-memory matches, as drafts.
    Pretranslate(pretranslate::Args),
    /// Machine-translation drafts for untranslated segments, told the glossary's terms.
    Mt(mt::Args),
    /// Import TMX files into your translation memory, look up and search it.
    #[command(subcommand)]
    Memory(memory::Command),
    /// Point a project at its source file (a source outside the project's folder).
    Relink(relink::Args),
    /// Open the workspace on a French source or a project file.
    Open(open::Args),
    /// Open the workspace on a French sample article, in a temporary project.
    Demo,
}

/// Runs one command; errors become `passeur: error: …` on stderr and exit status 2.
pub fn run(cli: Cli) -> ExitCode {
    let command = match cli.command {
        Some(command) => command,
        None => Command::Open(cli.open),
    };
    let result = match command {
        Command::Segment(args) => segment::run(args),
        Command::Align(args) => align::run(args),
        Command::Terms(args) => terms::run(args),
        Command::Glossary(command) => glossary::run(command),
        Command::Init(args) => init::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Check(args) => check::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Pretranslate(args) => pretranslate::run(args),
        Command::Memory(command) => memory::run(command),
        Command::Mt(args) => mt::run(args),
        Command::Relink(args) => relink::run(args),
        Command::Open(args) => open::run(args),
        Command::Demo => open::demo(),
    };
    match result {
        Ok(code) => code,
        Err(error) => report(&error),
    }
}

fn report(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        return ExitCode::SUCCESS; // `passeur segment big.txt | head`: the reader left, not an error
    }
    // Causes whose text the message already holds (an error that prints its source) are not
    // repeated.
    let mut message = String::new();
    for cause in error.chain().map(ToString::to_string) {
        if !message.contains(&cause) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&cause);
        }
    }
    say!("passeur: error: {}", message.replace('\n', " "));
    ExitCode::from(2)
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}
