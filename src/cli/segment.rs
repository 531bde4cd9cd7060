//! `passeur segment`: the segmenter on the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::document::{Document, Overrides};
use crate::segment::Segmenter;

use super::input::read_source;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The user's exceptions file, if present, is read first: \
$XDG_CONFIG_HOME/passeur/segmentation.yaml (default ~/.config/passeur/segmentation.yaml).

Examples:
  passeur segment article.txt
  passeur segment --json article.md
  echo 'M. Dupont arrive. Il pleut.' | passeur segment --lines")]
pub struct Args {
    /// French text to segment (`-` or nothing: standard input). `.md` files are read as Markdown.
    pub file: Option<PathBuf>,
    /// Each input line is one paragraph: print its sentences one per line, then an empty line.
    #[arg(long)]
    pub lines: bool,
    /// One JSON object per segment: {"paragraph", "start", "end", "text"} (UTF-8 byte offsets).
    #[arg(long)]
    pub json: bool,
    /// Read the input as Markdown (block markers are not part of the segments).
    #[arg(long)]
    pub markdown: bool,
    /// A YAML file of extra abbreviations and forced breaks (repeatable).
    #[arg(long, value_name = "FILE")]
    pub exceptions: Vec<PathBuf>,
}

#[derive(Serialize)]
struct JsonSegment<'a> {
    paragraph: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let segmenter = segmenter(&args.exceptions)?;
    let source = read_source(args.file.as_deref(), args.markdown)?;
    let mut out = super::output::stdout();
    if args.lines {
        print_lines(&source.text, &segmenter, args.json, &mut out)?;
    } else {
        let document = Document::parse(
            source.text,
            source.format,
            &segmenter,
            &Overrides::default(),
        );
        for (index, segment) in document.segments().iter().enumerate() {
            if args.json {
                // The text as the offsets give it (line breaks of a wrapped paragraph too).
                let row = JsonSegment {
                    paragraph: segment.paragraph,
                    start: segment.span.start,
                    end: segment.span.end,
                    text: document.segment_text(index),
                };
                write_json(&mut out, &row)?;
            } else {
                // One segment a line, whatever line breaks it runs over in the file.
                writeln!(out, "{}", document.segment_source(index))?;
            }
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitCode::SUCCESS)
}

/// `--lines`: every input line is a paragraph (line `n` is paragraph `n`, blank lines included).
fn print_lines(
    text: &str,
    segmenter: &Segmenter,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        for span in segmenter.split(content) {
            if json {
                let row = JsonSegment {
                    paragraph: index,
                    start: line_start + span.start,
                    end: line_start + span.end,
                    text: &content[span],
                };
                write_json(out, &row)?;
            } else {
                out.write_all(content[span].as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        if !json {
            out.write_all(b"\n")?;
        }
        line_start += line.len();
    }
    Ok(())
}

fn write_json(out: &mut impl Write, row: &JsonSegment) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, row)?;
    out.write_all(b"\n")?;
    Ok(())
}

pub use crate::app::segmenter;
