//! Keeping a project on disk without ever losing work.
//!
//! - Every save writes a temporary file in the project's directory, syncs it, and renames it
//!   over the project file (then syncs the directory), so a crash or `SIGKILL` at any moment
//!   leaves either the old or the new file, never half of one.
//! - A failed write (full disk, read-only directory) reports the cause and leaves the old file
//!   as it was.
//! - Before the first save of a session and then at most every [`Store::backup_interval`], the
//!   current file is kept as `NAME.bak1` (older ones rotate to `.bak2`, `.bak3`).
//! - The store remembers the bytes it last read or wrote; if the file on disk is different when
//!   it saves (another program or translator changed it), it refuses with
//!   [`ProjectError::ChangedOnDisk`] instead of overwriting.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::Project;
use super::file::{self, FileError};
use crate::atomic_file::write_atomically;

/// How many rotating backups are kept.
pub const BACKUPS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: cannot read the project: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
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

/// What the store knows of the file on disk: enough to notice someone else's change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    digest: String,
}

/// One project file on disk.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    seen: Option<Seen>,
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
        store.save(project)?;
        Ok(store)
    }

    /// Reads the project file.
    pub fn open(path: &Path) -> Result<(Store, Project), ProjectError> {
        let bytes = std::fs::read(path).map_err(|source| ProjectError::Read {
            path: path.to_owned(),
            source,
        })?;
        let project = file::from_bytes(&bytes).map_err(|FileError { position, message }| {
            ProjectError::Syntax {
                path: path.to_owned(),
                position,
                message,
                backup: existing_backup(path),
            }
        })?;
        remove_stale_temporaries(path);
        let mut store = Store::at(path);
        store.seen = Some(seen(path, &bytes));
        Ok((store, project))
    }

    fn at(path: &Path) -> Store {
        Store {
            path: path.to_owned(),
            seen: None,
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

    /// Saves atomically, unless the file changed on disk since it was read or last saved.
    pub fn save(&mut self, project: &Project) -> Result<(), ProjectError> {
        self.check_unchanged()?;
        self.write(project)
    }

    /// Saves whatever is on disk now (after the user chose to keep their version).
    pub fn save_over(&mut self, project: &Project) -> Result<(), ProjectError> {
        self.write(project)
    }

    /// Whether the file on disk is still what this store last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        self.check_unchanged().is_err()
    }

    fn check_unchanged(&self) -> Result<(), ProjectError> {
        let Some(known) = &self.seen else {
            return Ok(());
        };
        let Ok(metadata) = std::fs::metadata(&self.path) else {
            return Ok(()); // deleted: saving puts it back
        };
        if metadata.len() == known.len && metadata.modified().ok() == known.modified {
            return Ok(());
        }
        match std::fs::read(&self.path) {
            Ok(bytes) if file_digest(&bytes) == known.digest => Ok(()),
            _ => Err(ProjectError::ChangedOnDisk {
                path: self.path.clone(),
            }),
        }
    }

    fn write(&mut self, project: &Project) -> Result<(), ProjectError> {
        let bytes = file::to_bytes(project);
        let write_error = |source| ProjectError::Write {
            path: self.path.clone(),
            source,
        };
        let backup_due = self
            .last_backup
            .is_none_or(|at| at.elapsed() >= self.backup_interval);
        if backup_due && self.path.exists() {
            rotate_backups(&self.path).map_err(write_error)?;
            self.last_backup = Some(Instant::now());
        }
        write_atomically(&self.path, &bytes).map_err(write_error)?;
        self.seen = Some(seen(&self.path, &bytes));
        Ok(())
    }
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

fn seen(path: &Path, bytes: &[u8]) -> Seen {
    let modified = std::fs::metadata(path).ok().and_then(|m| m.modified().ok());
    Seen {
        len: bytes.len() as u64,
        modified,
        digest: file_digest(bytes),
    }
}

fn file_digest(bytes: &[u8]) -> String {
    super::sha256_hex(bytes)
}

/// `article.txt.passeur` → `article.txt.passeur.bak2`.
pub fn backup_path(path: &Path, n: usize) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".bak{n}"));
    PathBuf::from(name)
}

fn existing_backup(path: &Path) -> Option<PathBuf> {
    (1..=BACKUPS)
        .map(|n| backup_path(path, n))
        .find(|p| p.exists())
}

/// `.bak2` → `.bak3`, `.bak1` → `.bak2`, then the current file becomes `.bak1` (a hard link
/// where the file system allows it, a copy otherwise). Each step is a rename, so an
/// interruption loses at most the oldest backup.
fn rotate_backups(path: &Path) -> std::io::Result<()> {
    for n in (1..BACKUPS).rev() {
        let from = backup_path(path, n);
        if from.exists() {
            std::fs::rename(&from, backup_path(path, n + 1))?;
        }
    }
    let newest = backup_path(path, 1);
    if std::fs::hard_link(path, &newest).is_err() {
        std::fs::copy(path, &newest)?;
    }
    Ok(())
}
