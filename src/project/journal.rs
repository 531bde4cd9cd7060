//! The journal of a project's edits, so that a save costs what changed, not the project.
//!
//! `NAME.journal` beside the project file holds, one JSON object a line, the segments saved
//! since the project file was last written whole:
//!
//! ```text
//! {"passeur_journal":1,"base":"<SHA-256 of the project file it follows>"}
//! {"segment":{"id":"s12","paragraph":3,"source":"…","target":"…","status":"confirmed",…}}
//! ```
//!
//! A save that only changes segments' contents appends their new versions and syncs the
//! journal ([`append`]); anything else (segments split, merged or realigned, the header, a
//! segment set aside), and every [`COMPACT_AFTER`] journalled segments, writes the project file
//! whole and removes the journal ([`super::store`]). Reading a project applies the journal's
//! segments in order over the file's ([`read`]).
//!
//! Crash safety: a line is whole or it is not read (a save killed mid-append leaves a line
//! that does not parse, and it and anything after it are left out); a journal whose `base` is
//! not the project file's digest (the file was written whole, then the process died before
//! removing the journal) is stale and ignored. The project file stays the git-mergeable one:
//! the workspace folds the journal into it when it closes.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Unit;

/// The journal's format.
const VERSION: u32 = 1;

/// Segments journalled before the project file is written whole again.
pub const COMPACT_AFTER: usize = 2_000;

#[derive(Serialize, Deserialize)]
struct Head {
    passeur_journal: u32,
    base: String,
}

#[derive(Serialize)]
struct Writing<'a> {
    segment: &'a Unit,
}

#[derive(Deserialize)]
struct Reading {
    segment: Unit,
}

/// `article.txt.passeur` → `article.txt.passeur.journal`.
pub fn path_of(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// What a project's journal holds.
#[derive(Debug, Default)]
pub struct Journal {
    /// The segments it records, oldest first.
    pub segments: Vec<Unit>,
    /// Its length in bytes (0: there is none).
    pub len: u64,
    /// Whether every byte of it was read (false: stale, or a torn last line): it must not be
    /// appended to, only replaced by writing the project whole.
    pub whole: bool,
}

/// Reads the journal of the project file whose digest is `base`.
pub fn read(project: &Path, base: &str) -> std::io::Result<Journal> {
    match std::fs::read(path_of(project)) {
        Ok(bytes) => Ok(parse(&bytes, base)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Journal {
            whole: true,
            ..Journal::default()
        }),
        Err(error) => Err(error),
    }
}

/// A journal's bytes, for the project file whose digest is `base` (whatever the bytes: a
/// journal is outside input like the project file).
pub fn parse(bytes: &[u8], base: &str) -> Journal {
    let mut journal = Journal {
        len: bytes.len() as u64,
        ..Journal::default()
    };
    let mut lines = bytes.split_inclusive(|b| *b == b'\n');
    let follows_base = lines
        .next()
        .filter(|line| line.ends_with(b"\n"))
        .and_then(|line| serde_json::from_slice::<Head>(line).ok())
        .is_some_and(|head| head.passeur_journal == VERSION && head.base == base);
    if !follows_base {
        return journal;
    }
    for line in lines {
        match serde_json::from_slice::<Reading>(line) {
            Ok(reading) if line.ends_with(b"\n") => journal.segments.push(reading.segment),
            _ => return journal,
        }
    }
    journal.whole = true;
    journal
}

/// Appends segments to the journal of the project file whose digest is `base` (`len`: the
/// journal's length now, 0 to start one) and syncs it; its new length.
pub fn append(project: &Path, base: &str, len: u64, segments: &[&Unit]) -> std::io::Result<u64> {
    let path = path_of(project);
    let mut bytes = Vec::with_capacity(segments.len() * 512 + 128);
    if len == 0 {
        serde_json::to_writer(
            &mut bytes,
            &Head {
                passeur_journal: VERSION,
                base: base.to_owned(),
            },
        )?;
        bytes.push(b'\n');
    }
    for segment in segments {
        serde_json::to_writer(&mut bytes, &Writing { segment })?;
        bytes.push(b'\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(len > 0)
        .write(true)
        .truncate(len == 0)
        .open(&path)?;
    file.write_all(&bytes)?;
    file.sync_data()?;
    if len == 0 {
        // The new file's name must survive a crash too.
        crate::atomic_file::sync_parent(&path)?;
    }
    Ok(len + bytes.len() as u64)
}

/// Removes the journal once the project file holds everything, when it follows the file
/// whose digest is `folded` (the file just replaced, its journal read into the new one). Any
/// other journal was never read by anyone (its file was replaced while no passeur kept it, by
/// a `git pull` after a crash, say): it is kept aside as `NAME.journal.stale-TIME`, never
/// deleted; its path is returned.
pub fn fold(project: &Path, folded: &str) -> std::io::Result<Option<PathBuf>> {
    let path = path_of(project);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let follows = serde_json::from_slice::<Head>(header).is_ok_and(|head| head.base == folded);
    if follows || bytes.iter().all(u8::is_ascii_whitespace) {
        std::fs::remove_file(&path)?;
        return Ok(None);
    }
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".stale-{}", crate::time::Timestamp::now().basic()));
    let aside = PathBuf::from(aside);
    std::fs::rename(&path, &aside)?;
    Ok(Some(aside))
}
