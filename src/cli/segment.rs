//! `passeur segment`: the segmenter on the command line.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::document::{Document, Format, Overrides, segment_spans};
use crate::io::lines::Lines;
use crate::segment::{Segmenter, trim_span};

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
    let mut out = super::output::stdout();
    // Plain text goes through a line at a time: a paragraph is a line, so memory holds one
    // line, whatever the input's size. Markdown and documents are read whole.
    let markdown = args.markdown
        || args
            .file
            .as_deref()
            .is_some_and(|p| p != Path::new("-") && Format::from_path(p) == Format::Markdown);
    let streamed = match markdown {
        true => None,
        false => plain_input(args.file.as_deref())?,
    };
    match streamed {
        Some((reader, path)) => {
            let mut lines = Lines::new(reader, &path);
            match args.lines {
                true => print_lines(&mut lines, &segmenter, args.json, &mut out)?,
                false => print_paragraphs(&mut lines, &segmenter, args.json, &mut out)?,
            }
        }
        None => {
            let source = read_source(args.file.as_deref(), args.markdown)?;
            let mut lines = Lines::new(source.text.as_bytes(), Path::new("<text>"));
            match args.lines {
                true => print_lines(&mut lines, &segmenter, args.json, &mut out)?,
                false => print_document(source, &segmenter, args.json, &mut out)?,
            }
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitCode::SUCCESS)
}

/// The input as a stream of lines when it is plain text: standard input, or a file that is
/// neither a document nor a file passeur does not read (those are refused or read whole by
/// [`read_source`]; `None`).
fn plain_input(path: Option<&Path>) -> anyhow::Result<Option<(Box<dyn BufRead>, PathBuf)>> {
    let Some(path) = path.filter(|p| *p != Path::new("-")) else {
        let stdin = std::io::stdin().lock();
        return Ok(Some((Box::new(stdin), PathBuf::from("<stdin>"))));
    };
    let mut file = crate::io::read::open_file(path)?;
    // What a file is, from its first bytes (as the whole-file reader sniffs it).
    let mut head = Vec::new();
    (&mut file)
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .map_err(|source| crate::io::ReadError::Io {
            path: path.to_owned(),
            source,
        })?;
    // Either is said from the head alone but a ZIP package's, which goes to the whole-file
    // reader either way (as a document, or refused by it with what it is).
    if crate::source::sniff::not_read(path, &head).is_some()
        || crate::source::sniff::document_format(path, &head).is_some()
    {
        return Ok(None);
    }
    let reader = std::io::BufReader::new(std::io::Cursor::new(head).chain(file));
    Ok(Some((Box::new(reader), path.to_owned())))
}

/// How much of a file is looked at to tell what it is.
const HEAD_BYTES: u64 = 64 << 10;

/// Plain text, a line at a time: each non-blank line a paragraph, cut as [`Document::parse`]
/// cuts it (a byte order mark at the start is no text; offsets count it).
fn print_paragraphs(
    lines: &mut Lines<impl BufRead>,
    segmenter: &Segmenter,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut paragraph = 0;
    while let Some((offset, line)) = lines.next_line()? {
        let start = match offset == 0 && line.starts_with('\u{feff}') {
            true => '\u{feff}'.len_utf8(),
            false => 0,
        };
        let end = line.strip_suffix('\n').map_or(line.len(), str::len);
        let span = trim_span(line, start..end);
        if span.is_empty() {
            continue;
        }
        for segment in segment_spans(line, &span, segmenter, &Overrides::default()) {
            let text = &line[segment.clone()];
            if json {
                let row = JsonSegment {
                    paragraph,
                    start: offset + segment.start,
                    end: offset + segment.end,
                    text,
                };
                write_json(out, &row)?;
            } else {
                writeln!(out, "{text}")?;
            }
        }
        paragraph += 1;
    }
    Ok(())
}

/// A Markdown text or a document's paragraphs, read whole.
fn print_document(
    source: super::input::Source,
    segmenter: &Segmenter,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let document = Document::parse(source.text, source.format, segmenter, &Overrides::default());
    for (index, segment) in document.segments().iter().enumerate() {
        if json {
            // The text as the offsets give it (line breaks of a wrapped paragraph too).
            let row = JsonSegment {
                paragraph: segment.paragraph,
                start: segment.span.start,
                end: segment.span.end,
                text: document.segment_text(index),
            };
            write_json(out, &row)?;
        } else {
            // One segment a line, whatever line breaks it runs over in the file.
            writeln!(out, "{}", document.segment_source(index))?;
        }
    }
    Ok(())
}

/// `--lines`: each input line a paragraph, its sentences one a line, then an empty line.
fn print_lines(
    lines: &mut Lines<impl BufRead>,
    segmenter: &Segmenter,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut index = 0;
    while let Some((line_start, line)) = lines.next_line()? {
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
        index += 1;
    }
    Ok(())
}

fn write_json(out: &mut impl Write, row: &JsonSegment) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, row)?;
    out.write_all(b"\n")?;
    Ok(())
}

pub use crate::app::segmenter;

#[cfg(test)]
mod tests {
    use super::*;

    /// What the whole-text reader prints and what the line-at-a-time reader prints.
    fn both(text: &str, json: bool) -> (String, String) {
        let segmenter = Segmenter::french();
        let mut whole = Vec::new();
        let source = super::super::input::Source {
            text: text.to_owned(),
            format: Format::Text,
        };
        print_document(source, &segmenter, json, &mut whole).unwrap();
        let mut streamed = Vec::new();
        let mut lines = Lines::new(text.as_bytes(), Path::new("in.txt"));
        print_paragraphs(&mut lines, &segmenter, json, &mut streamed).unwrap();
        (
            String::from_utf8(whole).unwrap(),
            String::from_utf8(streamed).unwrap(),
        )
    }

    #[test]
    fn a_text_read_a_line_at_a_time_is_cut_as_a_whole_text() {
        let texts = [
            "\u{feff}Titre\r\n\r\n  M. Dupont arrive à 10 h. Il pleut !  \n\u{a0}\nFin",
            "« Non », a-t-il dit. <g1>Oui.</g1> Puis\u{202f}: rien.\n\n\n",
            "",
            "\n",
            "Une ligne sans fin",
            "\u{feff}",
            " \t \r\nA. B. C.\r",
        ];
        let seed = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/000_a5713debe8934e33.txt"),
        )
        .unwrap();
        for text in texts.iter().copied().chain([seed.as_str()]) {
            for json in [false, true] {
                let (whole, streamed) = both(text, json);
                assert_eq!(whole, streamed, "{text:?}");
            }
        }
        assert!(both(&seed, false).0.lines().count() >= 27);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_cut_alike_line_by_line(
            text in "[a-zA-Zé. !?«»\u{a0}\u{feff}\r\n<>/g1M]{0,200}",
        ) {
            for json in [false, true] {
                let (whole, streamed) = both(&text, json);
                proptest::prop_assert_eq!(whole, streamed);
            }
        }
    }
}
