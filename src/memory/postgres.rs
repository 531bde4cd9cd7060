//! A translation desk's shared memory on a PostgreSQL server (`memory: postgres://…` in the
//! user's configuration, or `--memory URL`).
//!
//! The schema is the SQLite one ([`super::sqlite`]) in PostgreSQL's types: `unit`, `word` (with
//! the number of units each word occurs in) and `posting` (word → unit, a B-tree primary key, so
//! a word's units are one index range scan). Fuzzy candidates come from that index through the
//! shared lookup ([`super::lookup`]), rarest words first and with a bounded number of entries,
//! and are re-scored by passeur: the server never runs a similarity scan over the table (a
//! pg_trgm `%` query at 100k+ rows can fall back to a sequential scan, and trigrams ignore
//! the punctuation and numbers a translator's match depends on). `passeur memory init URL`
//! creates or upgrades the schema; every other use checks its version.
//!
//! Writes go in batches (arrays unnested on the server), so a million-unit import is a few
//! thousand round trips; concurrent writers meet only on `word` rows, which are locked in id
//! order, and a deadlock or serialisation failure is retried.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use postgres::{Client, NoTls};

use super::lookup::{self, Index, Stored, UnitKeys};
use super::{Lookup, Match, MemoryError, MemoryUnit, TranslationMemory, UnitId};

const SCHEMA_VERSION: &str = "1";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS passeur_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unit (
    id BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    document TEXT NOT NULL,
    author TEXT NOT NULL,
    created BIGINT NOT NULL,
    changed BIGINT NOT NULL,
    previous TEXT NOT NULL,
    next TEXT NOT NULL,
    words INTEGER NOT NULL,
    normalized_hash BIGINT NOT NULL,
    unit_hash BYTEA NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS unit_normalized ON unit (normalized_hash);
CREATE TABLE IF NOT EXISTS word (
    id BIGSERIAL PRIMARY KEY,
    word TEXT NOT NULL UNIQUE,
    units BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS posting (
    word BIGINT NOT NULL,
    unit BIGINT NOT NULL,
    PRIMARY KEY (word, unit)
);
";

const UNIT_COLUMNS: &str =
    "id, source, target, origin, document, author, created, changed, previous, next, words";

/// Units written in one statement.
const BATCH: usize = 2_000;

/// How long connecting may take before the server counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// A translation memory on a PostgreSQL server.
pub struct PgMemory {
    client: Client,
    /// The URL without its password, for messages.
    shown: String,
}

impl std::fmt::Debug for PgMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgMemory({})", self.shown)
    }
}

/// A `postgres://` URL or `key=value` string without its password.
pub fn shown_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                format!("{scheme}://{user}@{host}")
            }
            None => url.to_owned(),
        },
        None => url
            .split_whitespace()
            .filter(|part| !part.starts_with("password="))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A team memory URL (as opposed to a file path).
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

impl PgMemory {
    /// Connects to the memory at `url`, whose schema `passeur memory init` created.
    pub fn connect(url: &str) -> Result<PgMemory, MemoryError> {
        let mut memory = PgMemory::connect_only(url)?;
        match memory.schema_version()? {
            Some(version) if version == SCHEMA_VERSION => Ok(memory),
            Some(other) => Err(memory.error(format!(
                "memory schema version {other}, this passeur knows {SCHEMA_VERSION}: \
                 run `passeur memory init` with a newer passeur"
            ))),
            None => Err(memory.error(format!(
                "no passeur memory there yet: run `passeur memory init {}` once",
                memory.shown
            ))),
        }
    }

    /// Connects and creates (or confirms) the schema: `passeur memory init URL`.
    pub fn init(url: &str) -> Result<PgMemory, MemoryError> {
        let mut memory = PgMemory::connect_only(url)?;
        if let Some(version) = memory.schema_version()?
            && version != SCHEMA_VERSION
        {
            return Err(memory.error(format!(
                "memory schema version {version}, this passeur knows {SCHEMA_VERSION}"
            )));
        }
        let batch = format!(
            "BEGIN; {SCHEMA} INSERT INTO passeur_meta VALUES ('schema', '{SCHEMA_VERSION}') \
             ON CONFLICT DO NOTHING; COMMIT;"
        );
        memory
            .client
            .batch_execute(&batch)
            .map_err(|e| error(&memory.shown, e))?;
        Ok(memory)
    }

    fn connect_only(url: &str) -> Result<PgMemory, MemoryError> {
        let shown = shown_url(url);
        let mut config = postgres::Config::from_str(url).map_err(|e| error(&shown, e))?;
        config.connect_timeout(CONNECT_TIMEOUT);
        config.keepalives_idle(Duration::from_secs(10));
        config.tcp_user_timeout(Duration::from_secs(10));
        config.application_name("passeur");
        let client = config.connect(NoTls).map_err(|e| error(&shown, e))?;
        Ok(PgMemory { client, shown })
    }

    fn schema_version(&mut self) -> Result<Option<String>, MemoryError> {
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('passeur_meta') IS NOT NULL", &[])
            .map_err(|e| error(&self.shown, e))?
            .get(0);
        if !exists {
            return Ok(None);
        }
        let row = self
            .client
            .query_opt("SELECT value FROM passeur_meta WHERE key = 'schema'", &[])
            .map_err(|e| error(&self.shown, e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// The URL as messages show it (no password).
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The connection was lost (the server went away).
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The highest unit id on the server (other translators' new units raise it).
    pub fn last_id(&mut self) -> Result<UnitId, MemoryError> {
        let row = self
            .client
            .query_one("SELECT coalesce(max(id), 0) FROM unit", &[])
            .map_err(|e| error(&self.shown, e))?;
        Ok(row.get(0))
    }

    fn error(&self, message: String) -> MemoryError {
        MemoryError::Postgres {
            url: self.shown.clone(),
            message,
        }
    }

    /// Adds a batch in one transaction, retried on a deadlock; returns how many were new.
    fn add_batch(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        // The same unit twice in one statement is refused by ON CONFLICT: keep one.
        let mut by_hash: HashMap<[u8; 16], (MemoryUnit, UnitKeys)> = HashMap::new();
        let mut order = Vec::new();
        for unit in units {
            let keys = UnitKeys::of(unit);
            match by_hash.get_mut(&keys.unit_hash) {
                Some((kept, _)) => kept.changed = kept.changed.max(unit.changed),
                None => {
                    order.push(keys.unit_hash);
                    by_hash.insert(keys.unit_hash, (unit.clone(), keys));
                }
            }
        }
        let batch: Vec<&(MemoryUnit, UnitKeys)> = order.iter().map(|h| &by_hash[h]).collect();
        let mut attempt = 0;
        loop {
            match self.try_add_batch(&batch) {
                Err(e)
                    if attempt < 5
                        && matches!(
                            e.code(),
                            Some(&postgres::error::SqlState::T_R_DEADLOCK_DETECTED)
                                | Some(&postgres::error::SqlState::T_R_SERIALIZATION_FAILURE)
                        ) =>
                {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 * attempt));
                }
                other => return other.map_err(|e| error(&self.shown, e)),
            }
        }
    }

    fn try_add_batch(
        &mut self,
        batch: &[&(MemoryUnit, UnitKeys)],
    ) -> Result<usize, postgres::Error> {
        let mut transaction = self.client.transaction()?;
        // A segment's new translation replaces its earlier one (see `SqliteMemory::add_units`).
        let mut replaced = vec![false; batch.len()];
        for (i, (unit, keys)) in batch.iter().enumerate() {
            if unit.document.is_empty() {
                continue;
            }
            let row = transaction.query_opt(
                "UPDATE unit SET target = $2, changed = $3, unit_hash = $4, author = $5 \
                 WHERE id = (SELECT id FROM unit WHERE normalized_hash = $1 AND document = $6 \
                 AND source = $7 AND previous = $8 AND next = $9 AND unit_hash <> $4 LIMIT 1) \
                 AND NOT EXISTS (SELECT 1 FROM unit WHERE unit_hash = $4) RETURNING id",
                &[
                    &keys.normalized_hash,
                    &unit.target,
                    &unit.changed,
                    &&keys.unit_hash[..],
                    &unit.author,
                    &unit.document,
                    &unit.source,
                    &unit.previous,
                    &unit.next,
                ],
            )?;
            replaced[i] = row.is_some();
        }
        let batch: Vec<&(MemoryUnit, UnitKeys)> = batch
            .iter()
            .zip(&replaced)
            .filter(|(_, replaced)| !**replaced)
            .map(|(unit, _)| *unit)
            .collect();
        let column = |f: fn(&MemoryUnit) -> &String| -> Vec<&str> {
            batch.iter().map(|(u, _)| f(u).as_str()).collect()
        };
        let sources = column(|u| &u.source);
        let targets = column(|u| &u.target);
        let origins = column(|u| &u.origin);
        let documents = column(|u| &u.document);
        let authors = column(|u| &u.author);
        let previous = column(|u| &u.previous);
        let next = column(|u| &u.next);
        let created: Vec<i64> = batch.iter().map(|(u, _)| u.created).collect();
        let changed: Vec<i64> = batch.iter().map(|(u, _)| u.changed).collect();
        let words: Vec<i32> = batch.iter().map(|(_, k)| k.word_count as i32).collect();
        let normalized: Vec<i64> = batch.iter().map(|(_, k)| k.normalized_hash).collect();
        let hashes: Vec<&[u8]> = batch.iter().map(|(_, k)| &k.unit_hash[..]).collect();
        let rows = transaction.query(
            "INSERT INTO unit (source, target, origin, document, author, created, changed, \
             previous, next, words, normalized_hash, unit_hash) \
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
             $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::int[], $11::bigint[], \
             $12::bytea[]) \
             ON CONFLICT (unit_hash) DO UPDATE SET changed = GREATEST(unit.changed, \
             EXCLUDED.changed) \
             RETURNING id, unit_hash, (xmax = 0) AS inserted",
            &[
                &sources,
                &targets,
                &origins,
                &documents,
                &authors,
                &created,
                &changed,
                &previous,
                &next,
                &words,
                &normalized,
                &hashes,
            ],
        )?;
        let position: HashMap<&[u8], usize> =
            hashes.iter().enumerate().map(|(i, h)| (*h, i)).collect();
        let mut new_units: Vec<(UnitId, usize)> = Vec::new();
        for row in &rows {
            if row.get::<_, bool>(2) {
                let hash: &[u8] = row.get(1);
                new_units.push((row.get(0), position[hash]));
            }
        }
        if !new_units.is_empty() {
            let mut distinct: Vec<&str> = new_units
                .iter()
                .flat_map(|&(_, i)| batch[i].1.distinct_words.iter().map(String::as_str))
                .collect();
            distinct.sort_unstable();
            distinct.dedup();
            transaction.execute(
                "INSERT INTO word (word) SELECT unnest($1::text[]) ON CONFLICT (word) DO NOTHING",
                &[&distinct],
            )?;
            let ids: HashMap<String, i64> = transaction
                .query(
                    "SELECT word, id FROM word WHERE word = ANY($1) ORDER BY id FOR UPDATE",
                    &[&distinct],
                )?
                .iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect();
            let mut posting_words = Vec::new();
            let mut posting_units = Vec::new();
            let mut counts: HashMap<i64, i64> = HashMap::new();
            for &(unit, i) in &new_units {
                for word in &batch[i].1.distinct_words {
                    let id = ids[word];
                    posting_words.push(id);
                    posting_units.push(unit);
                    *counts.entry(id).or_default() += 1;
                }
            }
            transaction.execute(
                "INSERT INTO posting (word, unit) SELECT * FROM unnest($1::bigint[], \
                 $2::bigint[]) ON CONFLICT DO NOTHING",
                &[&posting_words, &posting_units],
            )?;
            let (count_ids, count_steps): (Vec<i64>, Vec<i64>) = counts.into_iter().unzip();
            transaction.execute(
                "UPDATE word SET units = word.units + c.n \
                 FROM unnest($1::bigint[], $2::bigint[]) AS c(id, n) WHERE word.id = c.id",
                &[&count_ids, &count_steps],
            )?;
        }
        transaction.commit()?;
        Ok(new_units.len())
    }

    fn fetch_units(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Stored>, MemoryError> {
        let rows = self
            .client
            .query(sql, params)
            .map_err(|e| error(&self.shown, e))?;
        Ok(rows.iter().map(read_stored).collect())
    }
}

fn error(shown: &str, error: impl std::fmt::Display) -> MemoryError {
    let message = error.to_string();
    MemoryError::Postgres {
        url: shown.to_owned(),
        message: if message.is_empty() {
            "the server did not answer".into()
        } else {
            message
        },
    }
}

fn read_stored(row: &postgres::Row) -> Stored {
    Stored {
        id: row.get(0),
        unit: MemoryUnit {
            source: row.get(1),
            target: row.get(2),
            origin: row.get(3),
            document: row.get(4),
            author: row.get(5),
            created: row.get(6),
            changed: row.get(7),
            previous: row.get(8),
            next: row.get(9),
        },
        words: row.get::<_, i32>(10) as u32,
    }
}

impl Index for PgMemory {
    fn same_normalized(&mut self, hash: i64) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE normalized_hash = $1");
        self.fetch_units(&sql, &[&hash])
    }

    fn frequencies(&mut self, words: &[String]) -> Result<Vec<(i64, u64)>, MemoryError> {
        let rows = self
            .client
            .query(
                "SELECT id, units FROM word WHERE word = ANY($1) AND units > 0",
                &[&words],
            )
            .map_err(|e| error(&self.shown, e))?;
        Ok(rows
            .iter()
            .map(|row| (row.get(0), row.get::<_, i64>(1) as u64))
            .collect())
    }

    fn postings(&mut self, word: i64, limit: usize) -> Result<Vec<UnitId>, MemoryError> {
        let rows = self
            .client
            .query(
                "SELECT unit FROM posting WHERE word = $1 LIMIT $2",
                &[&word, &(limit as i64)],
            )
            .map_err(|e| error(&self.shown, e))?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn units(&mut self, ids: &[UnitId]) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = ANY($1)");
        self.fetch_units(&sql, &[&ids])
    }
}

impl TranslationMemory for PgMemory {
    fn add(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        let mut added = 0;
        for batch in units.chunks(BATCH) {
            added += self.add_batch(batch)?;
        }
        Ok(added)
    }

    fn update(&mut self, id: UnitId, target: &str, changed: i64) -> Result<bool, MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = $1");
        let Some(stored) = self.fetch_units(&sql, &[&id])?.pop() else {
            return Ok(false);
        };
        let mut unit = stored.unit;
        unit.target = target.to_owned();
        unit.changed = changed;
        let keys = UnitKeys::of(&unit);
        let result = self.client.execute(
            "UPDATE unit SET target = $2, changed = $3, unit_hash = $4 WHERE id = $1",
            &[&id, &target, &changed, &&keys.unit_hash[..]],
        );
        match result {
            Ok(_) => Ok(true),
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                // That translation is there already: this copy goes.
                self.delete(id)
            }
            Err(e) => Err(error(&self.shown, e)),
        }
    }

    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError> {
        let shown = self.shown.clone();
        let fail = |e: postgres::Error| error(&shown, e);
        let mut transaction = self.client.transaction().map_err(fail)?;
        let removed = transaction
            .query_opt("DELETE FROM unit WHERE id = $1 RETURNING source", &[&id])
            .map_err(fail)?;
        let Some(row) = removed else {
            return Ok(false);
        };
        let source: String = row.get(0);
        let keys = UnitKeys::of(&MemoryUnit {
            source,
            ..MemoryUnit::default()
        });
        transaction
            .execute(
                "UPDATE word SET units = units - 1 WHERE word = ANY($1)",
                &[&keys.distinct_words],
            )
            .map_err(fail)?;
        transaction
            .execute("DELETE FROM posting WHERE unit = $1 AND word IN (SELECT id FROM word WHERE word = ANY($2))", &[&id, &keys.distinct_words])
            .map_err(fail)?;
        transaction.commit().map_err(fail)?;
        Ok(true)
    }

    fn lookup(&mut self, source: &str, query: &Lookup) -> Result<Vec<Match>, MemoryError> {
        lookup::run(self, source, query)
    }

    fn concordance(
        &mut self,
        query: &str,
        max: usize,
    ) -> Result<Vec<(UnitId, MemoryUnit)>, MemoryError> {
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM unit WHERE strpos(lower(source), $1) > 0 \
             OR strpos(lower(target), $1) > 0 ORDER BY changed DESC, id DESC LIMIT $2"
        );
        Ok(self
            .fetch_units(&sql, &[&needle, &(max as i64)])?
            .into_iter()
            .map(|s| (s.id, s.unit))
            .collect())
    }

    fn count(&mut self) -> Result<u64, MemoryError> {
        let row = self
            .client
            .query_one("SELECT count(*) FROM unit", &[])
            .map_err(|e| error(&self.shown, e))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    fn for_each(&mut self, each: &mut dyn FnMut(UnitId, MemoryUnit)) -> Result<(), MemoryError> {
        // In pages by id, so a large memory is never held whole.
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id > $1 ORDER BY id LIMIT 5000");
        let mut after: i64 = 0;
        loop {
            let page = self.fetch_units(&sql, &[&after])?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.id;
            for stored in page {
                each(stored.id, stored.unit);
            }
        }
    }
}
