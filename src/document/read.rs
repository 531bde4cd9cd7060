//! Reading a source file: bytes to checked UTF-8 text, with errors a translator can act on.

use std::path::{Path, PathBuf};

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: is a directory; give a text or Markdown file")]
    Directory { path: PathBuf },
    #[error(
        "{path}:{line}:{column}: not valid UTF-8 (byte offset {offset}); save the file as UTF-8 and try again"
    )]
    InvalidUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
        offset: usize,
    },
    #[error(
        "{path}:{line}:{column}: contains a NUL byte (byte offset {offset}); this looks like a binary file, not text"
    )]
    NulByte {
        path: PathBuf,
        line: usize,
        column: usize,
        offset: usize,
    },
}

/// Reads a whole source file as UTF-8 text.
pub fn read_file(path: &Path) -> Result<String, ReadError> {
    if path.is_dir() {
        return Err(ReadError::Directory {
            path: path.to_owned(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
    decode(bytes, path)
}

/// Checks that `bytes` are UTF-8 text without NUL bytes; `path` names the source in errors.
pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, ReadError> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            // The prefix is valid UTF-8, so line and column count characters.
            let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, column) = line_and_column(prefix);
            return Err(ReadError::InvalidUtf8 {
                path: path.to_owned(),
                line,
                column,
                offset,
            });
        }
    };
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        let (line, column) = line_and_column(&text[..offset]);
        return Err(ReadError::NulByte {
            path: path.to_owned(),
            line,
            column,
            offset,
        });
    }
    Ok(text)
}

/// The line and column (both from 1, the column in characters) just after `prefix`.
pub fn line_and_column(prefix: &str) -> (usize, usize) {
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + memchr::memchr_iter(b'\n', prefix.as_bytes()).count();
    (line, prefix[line_start..].chars().count() + 1)
}
