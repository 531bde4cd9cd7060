//! Keeping a project on disk without ever losing work.
//!
//! - Every save writes a temporary file in the project's directory, syncs it, and renames it
//!   over the project file (then syncs the directory), so a crash or `SIGKILL` at any moment
//!   leaves either the old or the new file, never half of one.
//! - A failed write (full disk, read-only directory) reports the cause and leaves the old file
//!   as it was.
//! - Before the first save of a session and then at most every [`Store::backup_interval`], the
//!   current file is kept as `NAME.bak1` (older ones rotate to `.bak2`, `.bak3`).
//! - A save holds an advisory lock on `NAME.lock` beside the project from the moment it looks
//!   at the file on disk until its rename is done, so two programs saving at once never lose
//!   each other's work.
//! - The store remembers the project it last read or wrote. If the file on disk is different
//!   when it saves (another workspace or command saved in between), the two versions are
//!   merged segment by segment ([`super::merge`]): each side's segments are kept, a segment
//!   both changed keeps this side's version and sets the other aside. When the versions cannot
//!   be merged (one side merged, split or realigned segments) the save is refused with
//!   [`ProjectError::ChangedOnDisk`]; [`Store::save_over`] then keeps the other version in a
//!   `NAME.conflict-TIME` file before writing, never overwriting it blindly.
//! - [`Store::save_edits`] (the workspace's saves) appends only the segments that changed to the
//!   project's journal ([`super::journal`]) when nothing else changed, so a confirm in a
//!   40,000-segment project writes one segment, not the project; the project file is written
//!   whole when the segments' order changes, at each backup, every
//!   [`super::journal::COMPACT_AFTER`] segments, and when the workspace closes.
//! - Another program's save is noticed without reading the file: the store keeps the file's
//!   size, modification time and inode (a save renames a new file into place, so the inode
//!   changes) and the journal's length as it last read or wrote them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::Project;
use super::file::{self, FileError};
use super::journal::{self, COMPACT_AFTER};
use super::merge::{Merged, merge};
use crate::atomic_file::write_atomically;

/// How many rotating backups are kept.
pub const BACKUPS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(transparent)]
    Read(#[from] crate::io::ReadError),
    #[error("{}{}: {message}{}", path.display(), position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(), backup_hint(backup))]
    Syntax {
        path: PathBuf,
        position: Option<(usize, usize)>,
        message: String,
        backup: Option<PathBuf>,
    },
    #[error("{path}: cannot save the project ({source}); the file on disk is unchanged")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: the project file was changed on disk by another program since passeur read it; \
         not overwritten (reopen the project to see the other changes)"
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("{path}: a project already exists there; open it, or give another --project path")]
    Exists { path: PathBuf },
    #[error(
        "{path}: another program has held the project's lock for {seconds} s; not saved (try \
         again, or look for a stuck passeur process)"
    )]
    Locked { path: PathBuf, seconds: u64 },
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(backup) => format!(
            " (the last backup is {}: copy it over the project file to go back to it)",
            backup.display()
        ),
        None => String::new(),
    }
}

/// What identifies the project's version on disk without reading it: the project file's size,
/// modification time and inode, and the journal's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileToken {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
    journal: u64,
}

impl FileToken {
    /// The token of the project at `path` now (`None`: there is no project file).
    fn of(path: &Path) -> Option<FileToken> {
        let metadata = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileToken {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
            journal: std::fs::metadata(journal::path_of(path)).map_or(0, |m| m.len()),
        })
    }
}

/// One project file on disk.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    /// The digest of the project file as this store last read or wrote it: the base its
    /// journal follows.
    seen: Option<String>,
    /// The project on disk as this store last read or wrote it, to notice another program's
    /// save.
    token: Option<FileToken>,
    /// The journal's length and segments as this store last read or wrote it, and whether
    /// it may be appended to.
    journal_len: u64,
    journalled: usize,
    journal_whole: bool,
    /// The project as last read or written: the common ancestor of a merge.
    base: Option<Project>,
    last_backup: Option<Instant>,
    backup_interval: Duration,
}

impl Store {
    /// Creates the project file; refuses to replace an existing one.
    pub fn create(path: &Path, project: &Project) -> Result<Store, ProjectError> {
        if path.exists() {
            return Err(ProjectError::Exists {
                path: path.to_owned(),
            });
        }
        let mut store = Store::at(path);
        store.save(&mut project.clone())?;
        Ok(store)
    }

    /// Reads the project file, and its journal.
    pub fn open(path: &Path) -> Result<(Store, Project), ProjectError> {
        let (project, on_disk) = read(path)?;
        remove_stale_temporaries(path);
        let mut store = Store::at(path);
        store.seen = Some(on_disk.digest);
        store.token = on_disk.token;
        store.journal_len = on_disk.journal.len;
        store.journalled = on_disk.journal.segments.len();
        store.journal_whole = on_disk.journal.whole;
        store.base = Some(project.clone());
        Ok((store, project))
    }

    fn at(path: &Path) -> Store {
        Store {
            path: path.to_owned(),
            seen: None,
            token: None,
            journal_len: 0,
            journalled: 0,
            journal_whole: true,
            base: None,
            last_backup: None,
            backup_interval: Duration::from_secs(10 * 60),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How often a backup is taken while working (10 minutes by default).
    pub fn backup_interval(&self) -> Duration {
        self.backup_interval
    }

    pub fn set_backup_interval(&mut self, interval: Duration) {
        self.backup_interval = interval;
    }

    /// The backup files, newest first, that exist.
    pub fn backups(&self) -> Vec<PathBuf> {
        (1..=BACKUPS)
            .map(|n| backup_path(&self.path, n))
            .filter(|p| p.exists())
            .collect()
    }

    /// Saves atomically. When another program saved the project since this store read or
    /// wrote it, the two versions are merged first and `project` becomes the merged project;
    /// the returned report says which segments came from the other version and which
    /// conflicted. Refused with [`ProjectError::ChangedOnDisk`] when they cannot be merged.
    pub fn save(&mut self, project: &mut Project) -> Result<MergeReport, ProjectError> {
        let _lock = self.lock()?;
        self.save_locked(project)
    }

    /// [`Store::save`], writing only the segments that changed to the journal when nothing
    /// else did (see the module's documentation).
    pub fn save_edits(&mut self, project: &mut Project) -> Result<MergeReport, ProjectError> {
        let _lock = self.lock()?;
        let journal_open = self.journal_whole && !self.backup_due() && self.unchanged();
        let edited = match (journal_open, &self.base) {
            (true, Some(base)) => edited_segments(base, project),
            _ => None,
        };
        let Some(edited) = edited.filter(|e| self.journalled + e.len() <= COMPACT_AFTER) else {
            return self.save_locked(project);
        };
        if edited.is_empty() {
            return Ok(MergeReport::default());
        }
        let segments: Vec<&super::Unit> = edited.iter().map(|&at| &project.units[at]).collect();
        let base_digest = self.seen.clone().unwrap_or_default();
        self.journal_len = journal::append(&self.path, &base_digest, self.journal_len, &segments)
            .map_err(|source| ProjectError::Write {
            path: self.path.clone(),
            source,
        })?;
        self.journalled += segments.len();
        self.token = FileToken::of(&self.path);
        if let Some(base) = &mut self.base {
            for at in edited {
                base.units[at] = project.units[at].clone();
            }
        }
        Ok(MergeReport::default())
    }

    /// How many segments the journal holds that the project file does not.
    pub fn journalled(&self) -> usize {
        self.journalled
    }

    fn save_locked(&mut self, project: &mut Project) -> Result<MergeReport, ProjectError> {
        let mut report = MergeReport::default();
        if let Some((theirs, digest)) = self.changed_version()? {
            let merged = self
                .base
                .as_ref()
                .and_then(|base| merge(base, project, &theirs))
                .ok_or_else(|| ProjectError::ChangedOnDisk {
                    path: self.path.clone(),
                })?;
            let Merged {
                project: merged,
                theirs,
                conflicts,
            } = merged;
            *project = merged;
            report = MergeReport { theirs, conflicts };
            self.seen = Some(digest); // the file this save replaces, its journal merged in
        }
        self.write(project)?;
        Ok(report)
    }

    /// Saves this version although the file on disk holds another that cannot be merged with
    /// it; that other version is first kept as `NAME.conflict-TIME` (its path is returned).
    pub fn save_over(&mut self, project: &Project) -> Result<Option<PathBuf>, ProjectError> {
        let _lock = self.lock()?;
        let mut kept = None;
        if let Some((theirs, digest)) = self.changed_version()? {
            // Their version as they see it: the file with its journal applied.
            let aside = conflict_path(&self.path);
            write_atomically(&aside, &file::to_bytes(&theirs)).map_err(|source| {
                ProjectError::Write {
                    path: self.path.clone(),
                    source,
                }
            })?;
            self.seen = Some(digest);
            kept = Some(aside);
        }
        self.write(project)?;
        Ok(kept)
    }

    /// The project's size, modification time and journal length on disk now: a cheap sign
    /// that another program may have saved it (confirm with [`Store::changed_on_disk`]).
    pub fn stamp(&self) -> Option<FileToken> {
        FileToken::of(&self.path)
    }

    /// Whether the file on disk is still what this store last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        !self.unchanged()
    }

    fn unchanged(&self) -> bool {
        if self.seen.is_none() {
            return true; // never read nor written: nothing to lose
        }
        match FileToken::of(&self.path) {
            Some(now) => Some(now) == self.token,
            None => true, // deleted: saving puts it back
        }
    }

    fn backup_due(&self) -> bool {
        self.last_backup
            .is_none_or(|at| at.elapsed() >= self.backup_interval)
    }

    /// The version another program saved since this store last read or wrote the file, with
    /// its file's digest (an unreadable one cannot be merged: refused).
    fn changed_version(&self) -> Result<Option<(Project, String)>, ProjectError> {
        if self.unchanged() {
            return Ok(None);
        }
        read(&self.path)
            .map(|(project, on_disk)| Some((project, on_disk.digest)))
            .map_err(|_| ProjectError::ChangedOnDisk {
                path: self.path.clone(),
            })
    }

    /// Takes the project's lock, waiting up to 10 s for another program's save to finish.
    fn lock(&self) -> Result<std::fs::File, ProjectError> {
        let write_error = |source| ProjectError::Write {
            path: self.path.clone(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock_path(&self.path))
            .map_err(write_error)?;
        let wait = Duration::from_secs(10);
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(ProjectError::Locked {
                        path: self.path.clone(),
                        seconds: wait.as_secs(),
                    });
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(write_error(source)),
            }
        }
    }

    fn write(&mut self, project: &Project) -> Result<(), ProjectError> {
        let bytes = file::to_bytes(project);
        let write_error = |source| ProjectError::Write {
            path: self.path.clone(),
            source,
        };
        if self.backup_due() && self.path.exists() {
            // A backup is the project as it was: with a journal, the file with it folded in.
            let folded = match self.journalled {
                0 => None,
                _ => read(&self.path).ok().map(|(p, _)| file::to_bytes(&p)),
            };
            rotate_backups(&self.path, folded.as_deref()).map_err(write_error)?;
            self.last_backup = Some(Instant::now());
        }
        write_atomically(&self.path, &bytes).map_err(write_error)?;
        // Written whole: the journal of the file replaced is folded in and removed (one left
        // by a crash here follows the previous file's digest: ignored when read, then kept
        // aside by the next whole write, never deleted).
        let folded = self.seen.clone().unwrap_or_default();
        journal::fold(&self.path, &folded).map_err(write_error)?;
        self.seen = Some(file_digest(&bytes));
        self.token = FileToken::of(&self.path);
        self.journal_len = 0;
        self.journalled = 0;
        self.journal_whole = true;
        self.base = Some(project.clone());
        Ok(())
    }
}

/// The project as it is on disk: its file with its journal applied.
struct OnDisk {
    digest: String,
    token: Option<FileToken>,
    journal: journal::Journal,
}

/// Reads the project at `path` (file and journal).
fn read(path: &Path) -> Result<(Project, OnDisk), ProjectError> {
    // Taken before reading: a save in between makes the next save read again, never miss.
    let token = FileToken::of(path);
    let bytes = crate::io::read_bytes(path)?;
    let mut project = file::from_bytes(&bytes).map_err(|FileError { position, message }| {
        ProjectError::Syntax {
            path: path.to_owned(),
            position,
            message,
            backup: existing_backup(path),
        }
    })?;
    let digest = file_digest(&bytes);
    let journal = journal::read(path, &digest).map_err(|source| ProjectError::Write {
        path: journal::path_of(path),
        source,
    })?;
    for segment in &journal.segments {
        if let Some(at) = project.position(&segment.id) {
            project.units[at] = segment.clone();
        }
    }
    Ok((
        project,
        OnDisk {
            digest,
            token,
            journal,
        },
    ))
}

/// The segments of `project` whose contents differ from `base`'s, when nothing else does
/// (the same header, set-aside segments, and segment ids in the same order); `None` otherwise.
fn edited_segments(base: &Project, project: &Project) -> Option<Vec<usize>> {
    let same_shape = base.header == project.header
        && base.retired == project.retired
        && base.units.len() == project.units.len()
        && base
            .units
            .iter()
            .zip(&project.units)
            .all(|(a, b)| a.id == b.id);
    same_shape.then(|| {
        (0..project.units.len())
            .filter(|&at| base.units[at] != project.units[at])
            .collect()
    })
}

/// What a save took from another program's version of the project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Segments (ids) whose version came from the file on disk.
    pub theirs: Vec<String>,
    /// Segments both changed differently: this version kept, the other set aside in `retired`.
    pub conflicts: Vec<String>,
}

impl MergeReport {
    pub fn is_empty(&self) -> bool {
        self.theirs.is_empty() && self.conflicts.is_empty()
    }
}

/// `article.txt.passeur` → `article.txt.passeur.lock`.
pub fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

/// `article.txt.passeur` → `article.txt.passeur.conflict-20261202T101500Z`.
fn conflict_path(path: &Path) -> PathBuf {
    with_suffix(
        path,
        &format!(".conflict-{}", crate::time::Timestamp::now().basic()),
    )
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Temporary files of saves that never finished (the process was killed before the rename)
/// are removed once they are an hour old: no save takes that long.
fn remove_stale_temporaries(path: &Path) {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let stale = entry
            .file_name()
            .to_string_lossy()
            .starts_with(".passeur-save-")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified < hour_ago);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn file_digest(bytes: &[u8]) -> String {
    super::sha256_hex(bytes)
}

/// `article.txt.passeur` → `article.txt.passeur.bak2`.
pub fn backup_path(path: &Path, n: usize) -> PathBuf {
    with_suffix(path, &format!(".bak{n}"))
}

fn existing_backup(path: &Path) -> Option<PathBuf> {
    (1..=BACKUPS)
        .map(|n| backup_path(path, n))
        .find(|p| p.exists())
}

/// `.bak2` → `.bak3`, `.bak1` → `.bak2`, then the current file becomes `.bak1` (a hard link
/// where the file system allows it, a copy otherwise), or `current` when the project on disk
/// is more than its file (a journal). Each step is a rename, so an interruption loses at most
/// the oldest backup.
fn rotate_backups(path: &Path, current: Option<&[u8]>) -> std::io::Result<()> {
    for n in (1..BACKUPS).rev() {
        let from = backup_path(path, n);
        if from.exists() {
            std::fs::rename(&from, backup_path(path, n + 1))?;
        }
    }
    let newest = backup_path(path, 1);
    if let Some(bytes) = current {
        return write_atomically(&newest, bytes);
    }
    if std::fs::hard_link(path, &newest).is_err() {
        std::fs::copy(path, &newest)?;
    }
    Ok(())
}
