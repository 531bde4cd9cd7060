//! Reading the text a command works on: a file or standard input (`-` or no argument).

use std::path::{Path, PathBuf};

use crate::document::Format;

/// A source named on the command line: its text, and its format (from the file name, or plain
/// text on standard input unless `markdown` is set).
pub struct Source {
    pub text: String,
    pub format: Format,
}

/// Reads FILE, or standard input when `path` is `None` or `-`.
pub fn read_source(path: Option<&Path>, markdown: bool) -> anyhow::Result<Source> {
    match path {
        Some(path) if path != Path::new("-") => {
            let bytes = crate::io::read_bytes(path)?;
            if let Some(not_read) = crate::source::sniff::not_read(path, &bytes) {
                return Err(not_read.into());
            }
            // A Word, OpenDocument or HTML document: its paragraphs' tagged text, a line each.
            if crate::source::sniff::document_format(path, &bytes).is_some() {
                let text = crate::source::read(bytes, path)?.text;
                return Ok(Source {
                    text,
                    format: Format::Text,
                });
            }
            let text = crate::io::decode(bytes, path)?;
            let format = if markdown {
                Format::Markdown
            } else {
                Format::from_path(path)
            };
            Ok(Source { text, format })
        }
        _ => {
            let bytes = crate::io::read::read_stdin()?;
            let text = crate::io::decode(bytes, &PathBuf::from("<stdin>"))?;
            let format = if markdown {
                Format::Markdown
            } else {
                Format::Text
            };
            Ok(Source { text, format })
        }
    }
}
