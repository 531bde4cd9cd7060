//! ZIP packages (DOCX, ODT): reading the parts passeur translates within bounds, and writing
//! the package back as a patch: every entry passeur did not change is copied as it was
//! (compressed bytes, CRC, order and compression method), the changed parts are written anew
//! with their original compression method.
//!
//! Bounds, so that a hostile file cannot exhaust the machine: at most [`MAX_ENTRIES`] entries,
//! and a part inflating past [`MAX_PART_BYTES`] (whatever its header claims) is refused.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use zip::ZipArchive;
use zip::write::SimpleFileOptions;

use crate::markup::FormatError;

/// More entries than any real document has (Word's own rarely pass a hundred).
pub const MAX_ENTRIES: usize = 10_000;
/// The largest part passeur inflates: far above a 1,000-page document's `document.xml`.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// A ZIP package held in memory.
pub struct Package<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    archive: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Opens the package; `kind` names it in errors ("a Word document").
    pub fn open(bytes: &'a [u8], path: &'a Path, kind: &str) -> Result<Package<'a>, FormatError> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|error| FormatError::Invalid {
                path: path.to_owned(),
                message: format!("not a readable {kind} (the ZIP container is damaged: {error})"),
            })?;
        if archive.len() > MAX_ENTRIES {
            return Err(FormatError::Invalid {
                path: path.to_owned(),
                message: format!(
                    "{} entries in the ZIP container, more than any {kind} has (at most \
                     {MAX_ENTRIES}); refused",
                    archive.len()
                ),
            });
        }
        Ok(Package {
            path,
            bytes,
            archive,
        })
    }

    /// The entries' names, in the container's order.
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// A part's text (UTF-8, as OOXML and ODF parts are), or `None` when there is no such entry.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let path = self.path;
        let invalid = |message: String| FormatError::Invalid {
            path: part_path(path, name),
            message,
        };
        match self.archive.by_name_raw(name.as_bytes()) {
            Ok(file) if file.encrypted() => {
                return Err(invalid(
                    "is encrypted; save the document without a password and try again".into(),
                ));
            }
            Ok(_) => {}
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => return Err(invalid(format!("cannot be read: {error}"))),
        }
        let mut file = self
            .archive
            .by_name(name)
            .map_err(|error| invalid(format!("cannot be read: {error}")))?;
        let mut data = Vec::with_capacity(file.size().min(MAX_PART_BYTES) as usize);
        (&mut file)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|error| invalid(format!("cannot be inflated: {error}")))?;
        if data.len() as u64 > MAX_PART_BYTES {
            return Err(invalid(format!(
                "inflates past {} MiB; refused (a ZIP bomb, or not a document)",
                MAX_PART_BYTES >> 20
            )));
        }
        let text = String::from_utf8(data).map_err(|error| {
            invalid(format!(
                "is not UTF-8 (byte offset {}); the document is damaged",
                error.utf8_error().valid_up_to()
            ))
        })?;
        Ok(Some(text))
    }

    /// The package with the parts in `changed` (name, new text) replaced and every other entry
    /// copied as it is.
    pub fn patched(&mut self, changed: &[(String, String)]) -> Result<Vec<u8>, FormatError> {
        let path = self.path;
        let failed = |error: zip::result::ZipError| FormatError::Invalid {
            path: path.to_owned(),
            message: format!("cannot write the document: {error}"),
        };
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(self.bytes.len())));
        for index in 0..self.archive.len() {
            let file = self.archive.by_index_raw(index).map_err(failed)?;
            let name = file.name().map_err(failed)?.into_owned();
            match changed.iter().find(|(n, _)| *n == name) {
                Some((_, text)) => {
                    let options = SimpleFileOptions::default()
                        .compression_method(file.compression())
                        .last_modified_time(file.last_modified().unwrap_or_default());
                    drop(file);
                    writer.start_file(name, options).map_err(failed)?;
                    writer
                        .write_all(text.as_bytes())
                        .map_err(|e| failed(e.into()))?;
                }
                None => writer.raw_copy_file(file).map_err(failed)?,
            }
        }
        Ok(writer.finish().map_err(failed)?.into_inner())
    }
}

/// How a part is named in messages: `article.docx:word/document.xml`.
pub fn part_path(path: &Path, part: &str) -> std::path::PathBuf {
    let mut named = path.as_os_str().to_owned();
    named.push(":");
    named.push(part);
    named.into()
}
