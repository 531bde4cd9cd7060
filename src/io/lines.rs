//! An outside text read a line at a time, so that a command that works line by line (the
//! segmenter on plain text) holds one line, not the file: each line checked as [`super::decode`]
//! checks a whole text (UTF-8, no NUL byte), with the same errors (line, column, byte offset).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::read::{MAX_FILE_BYTES, ReadError};

/// The lines of a text, each with its line break.
pub struct Lines<R> {
    reader: R,
    path: PathBuf,
    buffer: Vec<u8>,
    /// The number of the next line (from 1) and its byte offset in the input.
    number: usize,
    offset: usize,
}

impl<R: BufRead> Lines<R> {
    /// The lines of `reader`; `path` names the input in errors.
    pub fn new(reader: R, path: &Path) -> Lines<R> {
        Lines {
            reader,
            path: path.to_owned(),
            buffer: Vec::new(),
            number: 1,
            offset: 0,
        }
    }

    /// The next line, with its line break if it has one, and its byte offset in the input;
    /// `None` after the last.
    pub fn next_line(&mut self) -> Result<Option<(usize, &str)>, ReadError> {
        self.buffer.clear();
        let read = <&mut R as std::io::Read>::take(&mut self.reader, MAX_FILE_BYTES + 1)
            .read_until(b'\n', &mut self.buffer)
            .map_err(|source| ReadError::Io {
                path: self.path.clone(),
                source,
            })?;
        if read == 0 {
            return Ok(None);
        }
        if read as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge {
                path: self.path.clone(),
            });
        }
        let (number, offset) = (self.number, self.offset);
        self.number += 1;
        self.offset += read;
        let at = |valid: usize| {
            // The valid prefix's characters give the column.
            let prefix = std::str::from_utf8(&self.buffer[..valid]).unwrap_or_default();
            (prefix.chars().count() + 1, offset + valid)
        };
        let line = match std::str::from_utf8(&self.buffer) {
            Ok(line) => line,
            Err(error) => {
                let (column, offset) = at(error.valid_up_to());
                return Err(ReadError::InvalidUtf8 {
                    path: self.path.clone(),
                    line: number,
                    column,
                    offset,
                });
            }
        };
        if let Some(nul) = memchr::memchr(0, line.as_bytes()) {
            let (column, offset) = at(nul);
            return Err(ReadError::NulByte {
                path: self.path.clone(),
                line: number,
                column,
                offset,
            });
        }
        Ok(Some((offset, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Result<Vec<(usize, String)>, String> {
        let mut lines = Lines::new(bytes, Path::new("in.txt"));
        let mut all = Vec::new();
        while let Some((offset, line)) = lines.next_line().map_err(|e| e.to_string())? {
            all.push((offset, line.to_owned()));
        }
        Ok(all)
    }

    #[test]
    fn lines_keep_their_breaks_and_offsets() {
        assert_eq!(
            lines("Un.\r\nDeux é.\n\nTrois".as_bytes()).unwrap(),
            [
                (0, "Un.\r\n".to_owned()),
                (5, "Deux é.\n".to_owned()),
                (14, "\n".to_owned()),
                (15, "Trois".to_owned())
            ]
        );
        assert!(lines(b"").unwrap().is_empty());
    }

    #[test]
    fn bad_bytes_are_the_errors_a_whole_text_gets() {
        let text = b"Bonjour.\nL'\xe9t\xe9 est chaud.\n";
        let whole = crate::io::decode(text.to_vec(), Path::new("in.txt")).unwrap_err();
        assert_eq!(lines(text).unwrap_err(), whole.to_string());
        let text = b"Texte.\nAutre\0.";
        let whole = crate::io::decode(text.to_vec(), Path::new("in.txt")).unwrap_err();
        assert_eq!(lines(text).unwrap_err(), whole.to_string());
    }
}
