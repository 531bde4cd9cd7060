//! The user's memory in an SQLite database (bundled SQLite: nothing to install), by default
//! `$XDG_DATA_HOME/passeur/memory.sqlite`.
//!
//! Tables: `unit` (one row a unit, with the hash of its normalised source for exact lookups and
//! a unique hash of source, target and neighbours), `word` (every source word with the number
//! of units it occurs in) and `posting` (word → unit, a clustered index: a word's units are
//! read in one range scan). Opening reads nothing but the schema: a memory of millions of
//! units answers its first lookup in milliseconds. WAL journal, so several workspaces read
//! while one writes, and a killed process leaves every committed unit. `outbox` holds the ids
//! of units confirmed here that a team server has not taken yet ([`super::desk`]).
//! `unit_text` is the concordance index ([`super::concordance`]): an FTS5 table holding no text,
//! only each unit's folded source and translation words (as passeur cuts them, joined by
//! spaces, so FTS5's `ascii` tokenizer gives back exactly those words); schema version 2 added
//! it, and the first opening of a version-1 memory builds it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::concordance::{self, Concordance};
use super::lookup::{self, Index, Stored, UnitKeys};
use super::{Lookup, MAX_UNIT_BYTES, Match, MemoryError, MemoryUnit, TranslationMemory, UnitId};

/// The page cache of an import, in KiB.
pub const IMPORT_CACHE_KIB: i64 = 64 << 10;

/// The schema's version, kept in `meta`.
const SCHEMA_VERSION: &str = "2";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unit (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    document TEXT NOT NULL,
    author TEXT NOT NULL,
    created INTEGER NOT NULL,
    changed INTEGER NOT NULL,
    previous TEXT NOT NULL,
    next TEXT NOT NULL,
    words INTEGER NOT NULL,
    normalized_hash INTEGER NOT NULL,
    unit_hash BLOB NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS unit_normalized ON unit (normalized_hash);
CREATE TABLE IF NOT EXISTS word (
    id INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE,
    units INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS posting (
    word INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    PRIMARY KEY (word, unit)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (unit INTEGER PRIMARY KEY);
";

/// Units a team server refused (with its reason): out of the outbox so the rest goes on, kept
/// so the translator can be told which. Added after version 1: created with the schema, or by
/// the first opening of an older memory.
const SET_ASIDE: &str =
    "CREATE TABLE IF NOT EXISTS set_aside (unit INTEGER PRIMARY KEY, reason TEXT NOT NULL)";

/// The concordance index (schema version 2): no content, rows deleted by id, one token a word.
const TEXT_INDEX: &str = "CREATE VIRTUAL TABLE IF NOT EXISTS unit_text USING fts5(words, \
     content='', contentless_delete=1, tokenize='ascii', detail='none')";

const UNIT_COLUMNS: &str =
    "id, source, target, origin, document, author, created, changed, previous, next, words";

/// The user's memory database.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join("memory.sqlite"))
}

/// A translation memory in an SQLite file.
pub struct SqliteMemory {
    connection: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SqliteMemory({})", self.path.display())
    }
}

impl SqliteMemory {
    /// Opens the memory at `path`, creating it (and its folder) the first time.
    pub fn open(path: &Path) -> Result<SqliteMemory, MemoryError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let fail = |error: rusqlite::Error| error_at(path, error);
        let connection = Connection::open(path).map_err(fail)?;
        connection
            .busy_timeout(Duration::from_secs(10))
            .map_err(fail)?;
        refuse_foreign(&connection).map_err(|message| MemoryError::Sqlite {
            path: path.display().to_string(),
            message,
        })?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        let mut memory = SqliteMemory {
            connection,
            path: path.to_owned(),
        };
        memory.create_schema()?;
        Ok(memory)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether opening the memory at `path` will first build its concordance index (a memory
    /// of schema version 1): about half a minute a million units, worth saying before. Looked
    /// at read-only; a file that is not there or not a memory needs nothing.
    pub fn upgrade_pending(path: &Path) -> bool {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        Connection::open_with_flags(path, flags)
            .and_then(|connection| {
                connection.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |row| {
                    row.get::<_, String>(0)
                })
            })
            .is_ok_and(|version| version == "1")
    }

    /// Settings for writing many units (`passeur memory import`): a page cache of
    /// [`IMPORT_CACHE_KIB`] instead of SQLite's 2 MiB, so that the index pages a batch touches
    /// are found in memory instead of being read and written again through system calls.
    pub fn prepare_for_import(&self) -> Result<(), MemoryError> {
        self.connection
            .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)
            .map_err(|e| self.fail(e))
    }

    fn fail(&self, error: rusqlite::Error) -> MemoryError {
        error_at(&self.path, error)
    }

    fn create_schema(&mut self) -> Result<(), MemoryError> {
        let version: Option<String> = self
            .connection
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |row| {
                row.get(0)
            })
            .optional()
            .or_else(|error| match error {
                // A new file has no meta table yet.
                rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.contains("no such table") => {
                    Ok(None)
                }
                other => Err(other),
            })
            .map_err(|e| self.fail(e))?;
        match version.as_deref() {
            Some(SCHEMA_VERSION) => Ok(()),
            Some("1") => self.upgrade_from_1(),
            Some(other) => Err(MemoryError::Sqlite {
                path: self.path.display().to_string(),
                message: format!(
                    "memory schema version {other}, this passeur knows {SCHEMA_VERSION}: \
                     use a newer passeur"
                ),
            }),
            None => {
                let batch = format!(
                    "BEGIN IMMEDIATE; {SCHEMA} {SET_ASIDE}; {TEXT_INDEX}; INSERT OR IGNORE INTO \
                     meta VALUES ('schema', '{SCHEMA_VERSION}'); COMMIT;"
                );
                self.connection
                    .execute_batch(&batch)
                    .map_err(|e| self.fail(e))
            }
        }
    }

    /// Brings a version-1 memory to version 2: the table of units a team server refused (if
    /// an early version 1 lacks it) and the concordance index, built from every unit, in one
    /// transaction (another process opening it meanwhile waits, then finds it done).
    fn upgrade_from_1(&mut self) -> Result<(), MemoryError> {
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| error_at(&path, error);
        let transaction = self.begin_write().map_err(fail)?;
        let version: String = transaction
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |row| {
                row.get(0)
            })
            .map_err(fail)?;
        if version == "1" {
            transaction
                .execute_batch(&format!("{SET_ASIDE}; {TEXT_INDEX};"))
                .map_err(fail)?;
            {
                let mut units = transaction
                    .prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit"))
                    .map_err(fail)?;
                let mut rows = units.query([]).map_err(fail)?;
                while let Some(row) = rows.next().map_err(fail)? {
                    let stored = read_stored(row).map_err(fail)?;
                    index_text(&transaction, stored.id, &stored.unit).map_err(fail)?;
                }
            }
            transaction
                .execute(
                    "UPDATE meta SET value = ?1 WHERE key = 'schema'",
                    [SCHEMA_VERSION],
                )
                .map_err(fail)?;
        }
        transaction.commit().map_err(fail)
    }

    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>, MemoryError> {
        self.connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.fail(e))
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), MemoryError> {
        self.connection
            .execute(
                "INSERT INTO meta VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                [key, value],
            )
            .map(drop)
            .map_err(|e| self.fail(e))
    }

    /// Adds units in one transaction; with `outbox`, the new or changed ones are also queued
    /// for a team server. A unit from a document whose segment (same source between the same
    /// neighbours) is there with another translation replaces it: a corrected translation is
    /// not offered beside its mistake. Returns the ids of the new units.
    pub fn add_units(
        &mut self,
        units: &[MemoryUnit],
        outbox: bool,
    ) -> Result<Vec<UnitId>, MemoryError> {
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| error_at(&path, error);
        let transaction = self.begin_write().map_err(fail)?;
        let mut added = Vec::new();
        {
            let mut find = transaction
                .prepare_cached("SELECT id FROM unit WHERE unit_hash = ?1")
                .map_err(fail)?;
            let mut touch = transaction
                // Confirmed again: who confirmed it last, and when.
                .prepare_cached(
                    "UPDATE unit SET author = CASE WHEN ?2 > changed THEN ?3 ELSE author END, \
                     changed = max(changed, ?2) WHERE id = ?1",
                )
                .map_err(fail)?;
            let mut insert = transaction
                .prepare_cached(
                    "INSERT INTO unit (source, target, origin, document, author, created, \
                     changed, previous, next, words, normalized_hash, unit_hash) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .map_err(fail)?;
            let mut earlier_version = transaction
                .prepare_cached(
                    "SELECT id FROM unit WHERE normalized_hash = ?1 AND document = ?2 \
                     AND document <> '' AND source = ?3 AND previous = ?4 AND next = ?5",
                )
                .map_err(fail)?;
            let mut replace = transaction
                .prepare_cached(
                    "UPDATE unit SET target = ?2, changed = ?3, unit_hash = ?4, author = ?5 \
                     WHERE id = ?1",
                )
                .map_err(fail)?;
            let mut queue = transaction
                .prepare_cached("INSERT OR IGNORE INTO outbox (unit) VALUES (?1)")
                .map_err(fail)?;
            let mut words = WordIds::default();
            for unit in units.iter().filter(|u| u.fits()) {
                let unit = &*unit.cleaned();
                let keys = UnitKeys::of(unit);
                let known: Option<UnitId> = find
                    .query_row([&keys.unit_hash[..]], |row| row.get(0))
                    .optional()
                    .map_err(fail)?;
                let earlier = match known {
                    Some(_) => None,
                    None => earlier_version
                        .query_row(
                            params![
                                keys.normalized_hash,
                                unit.document,
                                unit.source,
                                unit.previous,
                                unit.next
                            ],
                            |row| row.get::<_, UnitId>(0),
                        )
                        .optional()
                        .map_err(fail)?,
                };
                let id = match (known, earlier) {
                    (Some(id), _) => {
                        touch
                            .execute(params![id, unit.changed, unit.author])
                            .map_err(fail)?;
                        id
                    }
                    (None, Some(id)) => {
                        // The segment's new translation replaces its earlier one.
                        replace
                            .execute(params![
                                id,
                                unit.target,
                                unit.changed,
                                &keys.unit_hash[..],
                                unit.author
                            ])
                            .map_err(fail)?;
                        unindex_text(&transaction, id).map_err(fail)?;
                        index_text(&transaction, id, unit).map_err(fail)?;
                        id
                    }
                    (None, None) => {
                        insert
                            .execute(params![
                                unit.source,
                                unit.target,
                                unit.origin,
                                unit.document,
                                unit.author,
                                unit.created,
                                unit.changed,
                                unit.previous,
                                unit.next,
                                keys.word_count,
                                keys.normalized_hash,
                                &keys.unit_hash[..],
                            ])
                            .map_err(fail)?;
                        let id = transaction.last_insert_rowid();
                        words.index(&transaction, id, &keys.distinct_words, 1)?;
                        index_text(&transaction, id, unit).map_err(fail)?;
                        added.push(id);
                        id
                    }
                };
                if outbox {
                    queue.execute([id]).map_err(fail)?;
                }
            }
            words.flush(&transaction).map_err(fail)?;
        }
        transaction.commit().map_err(fail)?;
        Ok(added)
    }

    /// The units queued for a team server, oldest first, at most `max`.
    pub fn outbox(&self, max: usize) -> Result<Vec<(UnitId, MemoryUnit)>, MemoryError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM unit WHERE id IN \
             (SELECT unit FROM outbox ORDER BY unit LIMIT ?1) ORDER BY id"
        );
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([max as i64], read_stored)
            .map_err(|e| self.fail(e))?;
        rows.map(|row| row.map(|s| (s.id, s.unit)))
            .collect::<Result<_, _>>()
            .map_err(|e| self.fail(e))
    }

    /// How many units wait for a team server.
    pub fn outbox_len(&self) -> Result<usize, MemoryError> {
        self.connection
            .query_row("SELECT count(*) FROM outbox", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(|e| self.fail(e))
    }

    /// Takes units out of the queue once the server has them.
    pub fn sent(&mut self, ids: &[UnitId]) -> Result<(), MemoryError> {
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| error_at(&path, error);
        let transaction = self.begin_write().map_err(fail)?;
        {
            let mut remove = transaction
                .prepare_cached("DELETE FROM outbox WHERE unit = ?1")
                .map_err(fail)?;
            for id in ids {
                remove.execute([id]).map_err(fail)?;
            }
        }
        transaction.commit().map_err(fail)
    }

    /// A transaction that takes the write lock at once (waiting on the busy timeout while
    /// another process writes): a deferred one that reads first fails at once with
    /// `SQLITE_BUSY` when another writer committed meanwhile.
    fn begin_write(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
    }

    /// How many units a team server refused.
    pub fn set_aside_len(&self) -> Result<usize, MemoryError> {
        self.connection
            .query_row("SELECT count(*) FROM set_aside", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(|e| self.fail(e))
    }

    /// Takes a unit the team server refused out of the queue, keeping it (and the server's
    /// reason) so the translator can be told; the rest of the queue goes on.
    pub fn set_aside(&mut self, id: UnitId, reason: &str) -> Result<(), MemoryError> {
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| error_at(&path, error);
        let transaction = self.begin_write().map_err(fail)?;
        transaction
            .execute("DELETE FROM outbox WHERE unit = ?1", [id])
            .map_err(fail)?;
        transaction
            .execute(
                "INSERT OR REPLACE INTO set_aside (unit, reason) VALUES (?1, ?2)",
                params![id, reason],
            )
            .map_err(fail)?;
        transaction.commit().map_err(fail)
    }

    /// The units a team server refused, with its reasons, oldest first.
    pub fn set_aside_units(&self) -> Result<Vec<(MemoryUnit, String)>, MemoryError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS}, set_aside.reason FROM unit \
             JOIN set_aside ON set_aside.unit = unit.id ORDER BY unit.id"
        );
        let mut statement = self.connection.prepare(&sql).map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([], |row| Ok((read_stored(row)?.unit, row.get(11)?)))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Queues an existing unit for the team server (after an update).
    fn queue(&self, id: UnitId) -> Result<(), MemoryError> {
        self.connection
            .execute("INSERT OR IGNORE INTO outbox (unit) VALUES (?1)", [id])
            .map(drop)
            .map_err(|e| self.fail(e))
    }

    fn unit_by_id(&self, id: UnitId) -> Result<Option<Stored>, MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = ?1");
        self.connection
            .query_row(&sql, [id], read_stored)
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Changes a unit's translation; with `outbox`, queues it for the team server.
    pub fn update_unit(
        &mut self,
        id: UnitId,
        target: &str,
        changed: i64,
        outbox: bool,
    ) -> Result<bool, MemoryError> {
        let Some(stored) = self.unit_by_id(id)? else {
            return Ok(false);
        };
        let mut unit = stored.unit;
        unit.target = target.to_owned();
        unit.changed = changed;
        let keys = UnitKeys::of(&unit);
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| error_at(&path, error);
        let transaction = self.begin_write().map_err(fail)?;
        let result = transaction
            .execute(
                "UPDATE unit SET target = ?2, changed = ?3, unit_hash = ?4 WHERE id = ?1",
                params![id, target, changed, &keys.unit_hash[..]],
            )
            .and_then(|_| unindex_text(&transaction, id))
            .and_then(|_| index_text(&transaction, id, &unit))
            .and_then(|_| transaction.commit());
        match result {
            Ok(_) => {}
            // The same unit with that translation is already there: this one goes.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                self.delete(id)?;
            }
            Err(other) => return Err(self.fail(other)),
        }
        if outbox {
            self.queue(id)?;
        }
        Ok(true)
    }
}

/// Word ids during one transaction, how many units each gained or lost, and the postings to
/// add, written sorted when the transaction's units are all in ([`WordIds::flush`]): a batch's
/// postings of one word then go into one place of the index instead of all over it.
#[derive(Default)]
struct WordIds {
    ids: HashMap<String, i64>,
    counts: HashMap<i64, i64>,
    queued: Vec<(i64, UnitId)>,
}

impl WordIds {
    /// Adds (`step` 1) or removes (`step` -1) postings of unit `unit` for its words.
    fn index(
        &mut self,
        transaction: &rusqlite::Transaction,
        unit: UnitId,
        words: &[String],
        step: i64,
    ) -> Result<(), MemoryError> {
        let fail = |error: rusqlite::Error| MemoryError::Sqlite {
            path: transaction.path().unwrap_or_default().to_owned(),
            message: error.to_string(),
        };
        let mut find = transaction
            .prepare_cached("SELECT id FROM word WHERE word = ?1")
            .map_err(fail)?;
        let mut create = transaction
            .prepare_cached("INSERT INTO word (word) VALUES (?1)")
            .map_err(fail)?;
        let mut unpost = transaction
            .prepare_cached("DELETE FROM posting WHERE word = ?1 AND unit = ?2")
            .map_err(fail)?;
        for word in words {
            let id = match self.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = match find
                        .query_row([word], |row| row.get::<_, i64>(0))
                        .optional()
                        .map_err(fail)?
                    {
                        Some(id) => id,
                        None => {
                            create.execute([word]).map_err(fail)?;
                            transaction.last_insert_rowid()
                        }
                    };
                    self.ids.insert(word.clone(), id);
                    id
                }
            };
            if step > 0 {
                self.queued.push((id, unit));
            } else {
                unpost.execute([id, unit]).map_err(fail)?;
            }
            *self.counts.entry(id).or_default() += step;
        }
        Ok(())
    }

    /// Writes the queued postings and the counts.
    fn flush(&mut self, transaction: &rusqlite::Transaction) -> rusqlite::Result<()> {
        self.queued.sort_unstable();
        let mut post = transaction
            .prepare_cached("INSERT OR IGNORE INTO posting (word, unit) VALUES (?1, ?2)")?;
        for (word, unit) in self.queued.drain(..) {
            post.execute([word, unit])?;
        }
        let mut update =
            transaction.prepare_cached("UPDATE word SET units = units + ?2 WHERE id = ?1")?;
        for (&id, &step) in &self.counts {
            update.execute([id, step])?;
        }
        self.counts.clear();
        Ok(())
    }
}

/// Puts a unit's words into the concordance index.
fn index_text(connection: &Connection, id: UnitId, unit: &MemoryUnit) -> rusqlite::Result<()> {
    let words = concordance::index_words(unit).join(" ");
    connection
        .prepare_cached("INSERT INTO unit_text (rowid, words) VALUES (?1, ?2)")?
        .execute(params![id, words])
        .map(drop)
}

/// Takes a unit out of the concordance index.
fn unindex_text(connection: &Connection, id: UnitId) -> rusqlite::Result<()> {
    connection
        .prepare_cached("DELETE FROM unit_text WHERE rowid = ?1")?
        .execute([id])
        .map(drop)
}

/// An FTS5 query for the units holding every one of `words` (each one token: see the module's
/// documentation).
fn text_match(words: &[String]) -> String {
    words
        .iter()
        .map(|word| format!("\"{word}\""))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Someone else's database (a browser's history, an app's data) is not taken over, nor even
/// switched to WAL: a memory is a file passeur created, or a new one.
fn refuse_foreign(connection: &Connection) -> Result<(), String> {
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(|e| e.to_string())?;
    if tables.is_empty() || tables.iter().any(|t| t == "meta") && tables.iter().any(|t| t == "unit")
    {
        Ok(())
    } else {
        Err(format!(
            "not a passeur memory (it holds another program's tables: {}); name a new file \
             for the memory",
            tables.join(", ")
        ))
    }
}

fn error_at(path: &Path, error: rusqlite::Error) -> MemoryError {
    MemoryError::Sqlite {
        path: path.display().to_string(),
        message: error.to_string(),
    }
}

fn read_stored(row: &rusqlite::Row) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: row.get(0)?,
        unit: MemoryUnit {
            source: row.get(1)?,
            target: row.get(2)?,
            origin: row.get(3)?,
            document: row.get(4)?,
            author: row.get(5)?,
            created: row.get(6)?,
            changed: row.get(7)?,
            previous: row.get(8)?,
            next: row.get(9)?,
        },
        words: row.get(10)?,
    })
}

impl Index for SqliteMemory {
    fn same_normalized(&mut self, hash: i64) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE normalized_hash = ?1");
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([hash], read_stored)
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    fn frequencies(&mut self, words: &[String]) -> Result<Vec<Option<(i64, u64)>>, MemoryError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id, units FROM word WHERE word = ?1 AND units > 0")
            .map_err(|e| self.fail(e))?;
        let mut found = Vec::with_capacity(words.len());
        for word in words {
            found.push(
                statement
                    .query_row([word], |row| {
                        Ok((row.get(0)?, row.get::<_, i64>(1)? as u64))
                    })
                    .optional()
                    .map_err(|e| error_at(&self.path, e))?,
            );
        }
        Ok(found)
    }

    fn postings(
        &mut self,
        word: i64,
        limit: usize,
    ) -> Result<std::borrow::Cow<'_, [UnitId]>, MemoryError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT unit FROM posting WHERE word = ?1 LIMIT ?2")
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([word, limit as i64], |row| row.get(0))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>()
            .map(std::borrow::Cow::Owned)
            .map_err(|e| self.fail(e))
    }

    fn candidate_units(
        &mut self,
        ids: &[UnitId],
        words: std::ops::RangeInclusive<u32>,
    ) -> Result<Vec<Stored>, MemoryError> {
        self.units_within(ids, words, MAX_UNIT_BYTES)
    }

    fn units(&mut self, ids: &[UnitId]) -> Result<Vec<Stored>, MemoryError> {
        self.units_within(ids, 0..=u32::MAX, usize::MAX >> 1)
    }
}

impl SqliteMemory {
    /// The units with these ids whose source has a word count in `words` and whose source and
    /// translation are at most `max_bytes` long (filtered before a row is read).
    fn units_within(
        &mut self,
        ids: &[UnitId],
        words: std::ops::RangeInclusive<u32>,
        max_bytes: usize,
    ) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM unit WHERE id = ?1 AND words BETWEEN ?2 AND ?3 \
             AND length(CAST(source AS BLOB)) <= ?4 AND length(CAST(target AS BLOB)) <= ?4"
        );
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(|e| self.fail(e))?;
        let mut found = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(stored) = statement
                .query_row(
                    params![id, words.start(), words.end(), max_bytes as i64],
                    read_stored,
                )
                .optional()
                .map_err(|e| error_at(&self.path, e))?
            {
                found.push(stored);
            }
        }
        Ok(found)
    }
}

impl concordance::TextIndex for SqliteMemory {
    fn count_holding(&mut self, words: &[String]) -> Result<u64, MemoryError> {
        self.connection
            .prepare_cached("SELECT count(*) FROM unit_text WHERE unit_text MATCH ?1")
            .and_then(|mut count| count.query_row([text_match(words)], |row| row.get::<_, i64>(0)))
            .map(|n| n as u64)
            .map_err(|e| self.fail(e))
    }

    fn each_holding(
        &mut self,
        words: &[String],
        each: &mut dyn FnMut(Stored) -> bool,
    ) -> Result<(), MemoryError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM unit WHERE id IN (SELECT rowid FROM unit_text \
             WHERE unit_text MATCH ?1) ORDER BY changed DESC, id DESC"
        );
        let fail = |error: rusqlite::Error| error_at(&self.path, error);
        let mut statement = self.connection.prepare_cached(&sql).map_err(fail)?;
        let mut rows = statement.query([text_match(words)]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            if !each(read_stored(row).map_err(fail)?) {
                break;
            }
        }
        Ok(())
    }
}

impl TranslationMemory for SqliteMemory {
    fn add(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        Ok(self.add_units(units, false)?.len())
    }

    fn update(&mut self, id: UnitId, target: &str, changed: i64) -> Result<bool, MemoryError> {
        self.update_unit(id, target, changed, false)
    }

    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError> {
        let Some(stored) = self.unit_by_id(id)? else {
            return Ok(false);
        };
        let keys = UnitKeys::of(&stored.unit);
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| error_at(&path, error);
        let transaction = self.begin_write().map_err(fail)?;
        let mut words = WordIds::default();
        words.index(&transaction, id, &keys.distinct_words, -1)?;
        words.flush(&transaction).map_err(fail)?;
        transaction
            .execute("DELETE FROM unit WHERE id = ?1", [id])
            .map_err(fail)?;
        unindex_text(&transaction, id).map_err(fail)?;
        transaction
            .execute("DELETE FROM outbox WHERE unit = ?1", [id])
            .map_err(fail)?;
        transaction.commit().map_err(fail)?;
        Ok(true)
    }

    fn lookup(&mut self, source: &str, query: &Lookup) -> Result<Vec<Match>, MemoryError> {
        lookup::run(self, source, query)
    }

    fn lookup_many(&mut self, queries: &[(&str, Lookup)]) -> Result<Vec<Vec<Match>>, MemoryError> {
        lookup::run_many(self, queries)
    }

    fn concordance(&mut self, query: &str, max: usize) -> Result<Concordance, MemoryError> {
        concordance::run(self, query, max)
    }

    fn count(&mut self) -> Result<u64, MemoryError> {
        self.connection
            .query_row("SELECT count(*) FROM unit", [], |row| row.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.fail(e))
    }

    fn for_each(&mut self, each: &mut dyn FnMut(UnitId, MemoryUnit)) -> Result<(), MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit ORDER BY id");
        let mut statement = self.connection.prepare(&sql).map_err(|e| self.fail(e))?;
        let mut rows = statement.query([]).map_err(|e| self.fail(e))?;
        while let Some(row) = rows.next().map_err(|e| error_at(&self.path, e))? {
            let stored = read_stored(row).map_err(|e| error_at(&self.path, e))?;
            each(stored.id, stored.unit);
        }
        Ok(())
    }
}
