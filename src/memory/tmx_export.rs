//! A memory written out as TMX 1.4b, streamed unit by unit (a memory of millions of units is
//! never held whole) into a temporary file that replaces the destination only once complete.
//!
//! Each `<tu>` carries `creationdate`/`changedate`, `creationid` (the author), where it comes
//! from as `<prop type="x-passeur-memory-origin">` (a file *name*, never a path of this
//! machine; left out with [`Origins::Leave`]), and the neighbouring sentences as OmegaT writes
//! them (`prev`, `next` props), so context survives in other tools and in passeur's own import
//! ([`super::store::read_tmx`]). No `file` property is written: OmegaT applies a unit carrying
//! one only to a source file of that name, and the document is a local path anyway.

use std::io::Write;
use std::path::Path;

use super::{MemoryError, TranslationMemory};
use crate::markup::tags;
use crate::markup::xml::{escape_text, escaped_attribute};
use crate::time::Timestamp;

/// Whether a unit's origin goes into the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origins {
    /// The origin's file name (`earlier.tmx`, `article.txt.passeur`), without its folders.
    Name,
    /// Nothing about where units come from.
    Leave,
}

/// Writes every unit of `memory` to `path`; returns how many.
pub fn write(
    memory: &mut dyn TranslationMemory,
    path: &Path,
    source_language: &str,
    target_language: &str,
    origins: Origins,
) -> Result<u64, MemoryError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = std::io::BufWriter::new(file.as_file_mut());
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header \
         creationtool=\"passeur\" creationtoolversion=\"{}\" segtype=\"sentence\" \
         o-tmf=\"passeur\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\" \
         creationdate=\"{}\"/>\n  <body>\n",
        crate::formats::TOOL_VERSION,
        escaped_attribute(source_language),
        Timestamp::now().basic()
    )?;
    let mut written = 0u64;
    let mut failure: Option<std::io::Error> = None;
    let languages = [
        escaped_attribute(source_language),
        escaped_attribute(target_language),
    ];
    memory.for_each(&mut |id, unit| {
        if failure.is_some() {
            return;
        }
        let mut tu = format!("    <tu tuid=\"{id}\"");
        if unit.created > 0 {
            tu.push_str(&format!(
                " creationdate=\"{}\"",
                Timestamp(unit.created).basic()
            ));
        }
        if unit.changed > 0 {
            tu.push_str(&format!(
                " changedate=\"{}\"",
                Timestamp(unit.changed).basic()
            ));
        }
        if !unit.author.is_empty() {
            tu.push_str(&format!(
                " creationid=\"{}\"",
                escaped_attribute(&unit.author)
            ));
        }
        tu.push_str(">\n");
        let origin = match origins {
            Origins::Name => super::document::shown_origin(&unit.origin).into_owned(),
            Origins::Leave => String::new(),
        };
        for (kind, value) in [
            ("x-passeur-memory-origin", &origin),
            ("prev", &unit.previous),
            ("next", &unit.next),
        ] {
            if !value.is_empty() {
                tu.push_str(&format!("      <prop type=\"{kind}\">"));
                escape_text(value, &mut tu);
                tu.push_str("</prop>\n");
            }
        }
        for (language, text) in languages.iter().zip([&unit.source, &unit.target]) {
            tu.push_str(&format!("      <tuv xml:lang=\"{language}\"><seg>"));
            tags::write_with(text, &mut tu, tags::tmx_markup);
            tu.push_str("</seg></tuv>\n");
        }
        tu.push_str("    </tu>\n");
        match out.write_all(tu.as_bytes()) {
            Ok(()) => written += 1,
            Err(error) => failure = Some(error),
        }
    })?;
    if let Some(error) = failure {
        return Err(error.into());
    }
    out.write_all(b"  </body>\n</tmx>\n")?;
    out.flush()?;
    drop(out);
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(written)
}
