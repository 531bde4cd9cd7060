//! `passeur export PROJECT --to FORMAT [-o FILE]`: write a bilingual file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::output::say;
use super::project::Mode;
use crate::formats::{self, Context, ExportFormat};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Formats: tmx (TMX 1.4b, confirmed and reviewed segments), xliff12 (XLIFF 1.2), xliff2 \
(XLIFF 2.0), csv and tsv (id, source, target, status, comment; CSV starts with a UTF-8 byte \
order mark so that spreadsheets show accents right, --no-bom leaves it out), html (side-by-side page), md \
(Markdown table), txt (the English document in the source's layout), original (the source's own \
format: the English document, or the client's XLIFF with the translations written in).

Examples:
  passeur export article.txt.passeur --to xliff12 -o article.xlf
  passeur export article.txt.passeur --to txt > article.en.txt")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    pub to: ExportFormat,
    /// The file to write (standard output when not given). Written atomically.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A glossary for highlighting terms in the HTML page (repeatable; adds to the defaults).
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the glossaries named with --glossary.
    #[arg(long)]
    pub no_default_glossaries: bool,
    /// CSV without the UTF-8 byte order mark (which spreadsheets need to show accents right).
    #[arg(long)]
    pub no_bom: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opened = super::project::open(&args.project, Mode::ReadOnly)?;
    let document = opened.document();
    let glossary = (args.to == ExportFormat::Html)
        .then(|| super::terms::load_index(&args.glossary, args.no_default_glossaries));
    let context = Context {
        project: &opened.project,
        original: opened.original_name(),
        glossary: glossary.as_ref(),
        document: document.as_ref(),
        source_text: opened.source_text.as_deref(),
        source_encoding: opened.source_encoding,
        structure: opened.structure.as_ref(),
    };
    let mut exported = formats::export(args.to, &context)?;
    if args.no_bom {
        exported.text = exported
            .text
            .strip_prefix(formats::table::BYTE_ORDER_MARK)
            .map(str::to_owned)
            .unwrap_or(exported.text);
    }
    for warning in &exported.warnings {
        say!("passeur: warning: {warning}");
    }
    match &args.output {
        Some(path) => {
            refuse_overwriting_inputs(path, &args.project, &opened.source_path)?;
            crate::atomic_file::write_atomically(path, &exported.bytes())
                .with_context(|| format!("{}: cannot write the export", path.display()))?;
        }
        None => {
            let mut stdout = super::output::stdout();
            stdout.write_all(&exported.bytes())?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `-o` naming the project file or its source would replace the translator's work or the
/// client's file: refused.
fn refuse_overwriting_inputs(output: &Path, project: &Path, source: &Path) -> anyhow::Result<()> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(output, project) {
        bail!(
            "{}: this is the project file; give the export another name with -o",
            output.display()
        );
    }
    if same(output, source) {
        bail!(
            "{}: this is the project's source; give the export another name with -o",
            output.display()
        );
    }
    Ok(())
}
