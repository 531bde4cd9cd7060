//! `passeur glossary lint|convert`: checking and converting glossary files.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::say;
use crate::atomic_file::write_atomically;
use crate::glossary::{FileFormat, Index, tabular, yaml};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check glossary files: syntax (with line and column), entries without a target,
    /// duplicate ids and entries, entries that shadow each other. Exit status 1 on problems.
    Lint {
        /// Glossary files (YAML, TSV, CSV, TBX).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Convert a glossary: YAML, TSV, CSV or TBX in; YAML, TSV or CSV out (by extension).
    /// For OmegaT, write `.txt` (or `.tab`, `.utf8`, `.tsv`): OmegaT's own tab-separated
    /// layout, French, English, comment, no header.
    Convert {
        /// The glossary to read.
        input: PathBuf,
        /// The file to write (.yaml; .txt, .tab, .utf8 or .tsv; .csv).
        output: PathBuf,
    },
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Lint { files } => lint(&files),
        Command::Convert { input, output } => convert(&input, &output),
    }
}

/// Problems of each file on its own, then entries that hide others, within a file or across
/// files (later files win, as with `--glossary`).
fn lint(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut out = super::output::stdout();
    let mut problems = 0;
    let mut glossaries = Vec::with_capacity(files.len());
    for path in files {
        let loaded = crate::glossary::load(path)?;
        for warning in &loaded.warnings {
            writeln!(out, "{warning}")?;
            problems += 1;
        }
        let mut targets: HashMap<(&str, &str), usize> = HashMap::new();
        for entry in &loaded.glossary.entries {
            // Said, not counted as a problem: it is often the point ("keep the circumflex").
            for twin in crate::glossary::check::forbidden_twins(entry) {
                writeln!(
                    out,
                    "{}: warning: forbidden \"{twin}\" is the target \"{}\" once accents, case \
                     and hyphens are folded; both are compared exactly as written",
                    entry.place(path),
                    entry.target
                )?;
            }
            let key = (entry.source.as_str(), entry.target.as_str());
            if let Some(first) = targets.insert(key, entry.line.unwrap_or(0)) {
                writeln!(
                    out,
                    "{}: duplicate entry \"{}\" → \"{}\" (also on line {first})",
                    entry.place(path),
                    entry.source,
                    entry.target
                )?;
                problems += 1;
            }
        }
        glossaries.push(loaded.glossary);
    }
    let index = Index::build(glossaries);
    for shadow in index.shadowed() {
        let (hidden, by) = (index.entry(shadow.hidden), index.entry(shadow.by));
        let same_file = shadow.hidden.layer == shadow.by.layer;
        if same_file && hidden.source == by.source && hidden.target == by.target {
            continue; // already reported as a duplicate
        }
        writeln!(
            out,
            "{}: \"{}\" is matched as \"{}\" of {} and hides it (same words once case, accents and inflection are folded)",
            by.place(&files[shadow.by.layer as usize]),
            shadow.form,
            hidden.source,
            hidden.place(&files[shadow.hidden.layer as usize])
        )?;
        problems += 1;
    }
    if problems == 0 {
        writeln!(out, "no problems found in {} file(s)", files.len())?;
    }
    out.flush()?;
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn convert(input: &Path, output: &Path) -> anyhow::Result<ExitCode> {
    let loaded = crate::glossary::load(input)?;
    for warning in &loaded.warnings {
        say!("passeur: warning: {warning}");
    }
    let glossary = &loaded.glossary;
    let (text, not_held) = match FileFormat::from_path(output) {
        Some(FileFormat::Yaml) => (yaml::write(glossary), Vec::new()),
        Some(FileFormat::Tsv) => (
            tabular::write_tsv(glossary),
            tabular::not_held(glossary, false),
        ),
        Some(FileFormat::Csv) => {
            let (text, header) = tabular::write_csv(glossary);
            if header {
                say!(
                    "passeur: note: {} has a header row naming the variant and forbidden columns; \
                     OmegaT would read that row as an entry: for OmegaT, convert to .txt",
                    output.display()
                );
            }
            (text, tabular::not_held(glossary, header))
        }
        _ => anyhow::bail!(
            "{}: cannot write this format; give a .yaml, .txt/.tsv or .csv output file",
            output.display()
        ),
    };
    if !not_held.is_empty() {
        say!(
            "passeur: note: {} cannot hold {}; they are not written (a .yaml keeps everything)",
            output.display(),
            not_held.join(", ")
        );
    }
    write_atomically(output, text.as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", output.display()))?;
    say!(
        "wrote {} entries to {}",
        loaded.glossary.entries.len(),
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}
