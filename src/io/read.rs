//! Reading a file that comes from outside (a source, a glossary, a bilingual file, a project):
//! only regular files of a sane size, then bytes to checked UTF-8 text, with errors a
//! translator can act on.
//!
//! A device (`/dev/zero`), a FIFO or a socket is refused before it is opened, so no command
//! reads forever or blocks on a pipe that nobody writes.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file passeur reads: 512 MiB (a source, a glossary or a memory bigger than that
/// is almost certainly not what the translator meant to open).
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: is a directory, not a file")]
    Directory { path: PathBuf },
    #[error("{path}: is a device, a FIFO or a socket, not a file; give a regular file")]
    NotAFile { path: PathBuf },
    #[error(
        "{path}: the file is larger than {} MiB; passeur does not read files that large",
        MAX_FILE_BYTES >> 20
    )]
    TooLarge { path: PathBuf },
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
        "{path}:{line}:{column}: not valid {encoding} (byte offset {offset}), although the file \
         says it is {encoding}; save the file as UTF-8 and try again"
    )]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        offset: usize,
        encoding: &'static str,
    },
    #[error("{path}: {message}")]
    Encoding { path: PathBuf, message: String },
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
    decode(read_bytes(path)?, path)
}

/// Opens a regular file of at most [`MAX_FILE_BYTES`] for reading.
pub fn open_file(path: &Path) -> Result<std::fs::File, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    // Looked at before opening: opening a FIFO for reading waits for a writer.
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    check_regular(&metadata, path)?;
    let file = std::fs::File::open(path).map_err(io_error)?;
    // The file may have been swapped between the two looks: check what was opened.
    check_regular(&file.metadata().map_err(io_error)?, path)?;
    Ok(file)
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = open_file(path)?;
    let length = file.metadata().map_err(io_error)?.len();
    let mut bytes = Vec::with_capacity(length.min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok(bytes)
}

/// Reads one of passeur's own small files (configuration, links, positions, caches) when it
/// is there: `None` when it does not exist; an error when it is not a regular file (a FIFO
/// would hang, `/dev/zero` never ends), is larger than `max_bytes`, or is not UTF-8 text.
pub fn read_setting_file(path: &Path, max_bytes: u64) -> Result<Option<String>, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(error)),
    };
    check_regular(&metadata, path)?;
    if metadata.len() > max_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
        });
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    check_regular(&file.metadata().map_err(io_error)?, path)?;
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
        });
    }
    decode(bytes, path).map(Some)
}

/// Standard input, at most [`MAX_FILE_BYTES`] of it.
pub fn read_stdin() -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: "<stdin>".into(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: "<stdin>".into(),
        });
    }
    Ok(bytes)
}

/// Whether `path` is a regular file, without opening it (opening a FIFO waits for a writer).
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

fn check_regular(metadata: &std::fs::Metadata, path: &Path) -> Result<(), ReadError> {
    let path = path.to_owned();
    if metadata.is_dir() {
        Err(ReadError::Directory { path })
    } else if !metadata.is_file() {
        Err(ReadError::NotAFile { path })
    } else if metadata.len() > MAX_FILE_BYTES {
        Err(ReadError::TooLarge { path })
    } else {
        Ok(())
    }
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
    check_text(text, path)
}

/// Refuses text with a NUL byte (a binary file, or UTF-16 read as something else).
pub(super) fn check_text(text: String, path: &Path) -> Result<String, ReadError> {
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

/// The first `max_bytes` bytes of `text` or fewer, ending on a character boundary: for
/// sniffing a file's format without slicing inside a multi-byte character.
pub fn head(text: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The line and column (both from 1, the column in characters) just after `prefix`.
pub fn line_and_column(prefix: &str) -> (usize, usize) {
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + memchr::memchr_iter(b'\n', prefix.as_bytes()).count();
    (line, prefix[line_start..].chars().count() + 1)
}
