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

use std::cell::Cell;
use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::{Client, NoTls, Row};

use super::concordance::{self, Concordance};
use super::lookup::{self, Index, Stored, UnitKeys};
use super::{Lookup, MAX_UNIT_BYTES, Match, MemoryError, MemoryUnit, TranslationMemory, UnitId};

const SCHEMA_VERSION: &str = "2";

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

/// The concordance index (schema version 2): each unit's folded source and translation words
/// ([`super::concordance::index_words`]) under a GIN index, so `words @> $1` finds the units
/// holding a query's words without reading a row.
const TEXT_INDEX: &str = "
CREATE TABLE IF NOT EXISTS unit_text (
    unit BIGINT PRIMARY KEY REFERENCES unit (id) ON DELETE CASCADE,
    words TEXT[] NOT NULL
);
CREATE INDEX IF NOT EXISTS unit_text_words ON unit_text USING gin (words);
";

const UNIT_COLUMNS: &str =
    "id, source, target, origin, document, author, created, changed, previous, next, words";

/// Units written in one statement.
const BATCH: usize = 2_000;

/// How long the TCP connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// How long connecting may take in all (TCP, TLS refusal, start-up and authentication): a
/// server that accepts the connection and never answers counts as not answering after that.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one statement may take by default. The server is told the same bound
/// (`statement_timeout`), so a statement waiting on a lock is cancelled there too.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The columns of `unit` and their types, as schema version 1 made them: a changed table is
/// one clear error when connecting, not a panic on the first row.
const UNIT_TABLE: [(&str, &str); 13] = [
    ("id", "bigint"),
    ("source", "text"),
    ("target", "text"),
    ("origin", "text"),
    ("document", "text"),
    ("author", "text"),
    ("created", "bigint"),
    ("changed", "bigint"),
    ("previous", "text"),
    ("next", "text"),
    ("words", "integer"),
    ("normalized_hash", "bigint"),
    ("unit_hash", "bytea"),
];

/// A translation memory on a PostgreSQL server.
///
/// The client runs on a runtime of its own on the caller's thread; every exchange with the
/// server is bounded in time ([`STARTUP_TIMEOUT`], the statement bound), and a connection
/// that missed its bound is closed, since its state is unknown.
pub struct PgMemory {
    client: Client,
    link: Link,
}

/// What waits on the server: the runtime, the bound, and whether the connection broke.
struct Link {
    runtime: tokio::runtime::Runtime,
    /// The URL without its password, for messages.
    shown: String,
    bound: Duration,
    broken: Cell<bool>,
}

impl Link {
    /// Runs one exchange with the server within the bound.
    fn wait<T>(
        &self,
        work: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, MemoryError> {
        self.within_bound(work)?.map_err(|e| self.failed(&e))
    }

    /// Runs one exchange; the outer error is the bound running out (the connection is then
    /// given up), the inner one what the server or the connection said.
    fn within_bound<T>(
        &self,
        work: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<Result<T, tokio_postgres::Error>, MemoryError> {
        // The timer is made inside the runtime, which it needs.
        let bound = self.bound;
        self.runtime
            .block_on(async move { tokio::time::timeout(bound, work).await })
            .map_err(|_| {
                self.broken.set(true);
                MemoryError::Unreachable {
                    url: self.shown.clone(),
                    message: format!("no answer within {} s", bound.as_secs_f32()),
                }
            })
    }

    /// A client error in words; a connection the network broke is given up.
    fn failed(&self, error: &tokio_postgres::Error) -> MemoryError {
        let error = classify(&self.shown, error);
        if matches!(error, MemoryError::Unreachable { .. }) {
            self.broken.set(true);
        }
        error
    }

    fn error(&self, message: impl Into<String>) -> MemoryError {
        MemoryError::Postgres {
            url: self.shown.clone(),
            message: message.into(),
        }
    }
}

impl std::fmt::Debug for PgMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgMemory({})", self.link.shown)
    }
}

/// A `postgres://` URL or `key=value` string without any password: neither the one after the
/// user name (which may itself hold `@` or `:`) nor a `password=` parameter.
pub fn shown_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            // The credentials end at the last `@` (a password may hold `@`, `:`, `/` or `?`).
            let (user, after) = match rest.rfind('@') {
                Some(at) => (
                    Some(rest[..at].split(':').next().unwrap_or_default()),
                    &rest[at + 1..],
                ),
                None => (None, rest),
            };
            let (place, query) = match after.split_once('?') {
                Some((place, query)) => (place, Some(query)),
                None => (after, None),
            };
            let mut shown = format!("{scheme}://");
            if let Some(user) = user {
                shown.push_str(user);
                shown.push('@');
            }
            shown.push_str(place);
            if let Some(query) = query {
                let kept: Vec<&str> = query
                    .split('&')
                    .filter(|pair| !pair.to_ascii_lowercase().starts_with("password="))
                    .collect();
                if !kept.is_empty() {
                    shown.push('?');
                    shown.push_str(&kept.join("&"));
                }
            }
            shown
        }
        None => without_password_pair(url),
    }
}

/// A `key=value` connection string without its `password` (quoted values included).
fn without_password_pair(text: &str) -> String {
    let mut kept = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let key_end = rest.find('=').unwrap_or(rest.len());
        let key = rest[..key_end].trim();
        let mut value_start = (key_end + 1).min(rest.len());
        while rest[value_start..].starts_with(' ') {
            value_start += 1;
        }
        let value_len = if rest[value_start..].starts_with('\'') {
            let mut escaped = false;
            let mut end = rest.len() - value_start;
            for (i, c) in rest[value_start..].char_indices().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    '\'' if !escaped => {
                        end = i + 1;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            end
        } else {
            rest[value_start..]
                .find(char::is_whitespace)
                .unwrap_or(rest.len() - value_start)
        };
        let pair = &rest[..value_start + value_len];
        if key != "password" {
            kept.push(pair.trim().to_owned());
        }
        rest = rest[value_start + value_len..].trim_start();
    }
    kept.join(" ")
}

/// A team memory URL (as opposed to a file path).
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// Sorts a client error: one the network explains (refused, reset, timed out, closed) is
/// [`MemoryError::Unreachable`]; anything the server or the configuration says is
/// [`MemoryError::Postgres`], in words a translator can act on.
fn classify(shown: &str, error: &tokio_postgres::Error) -> MemoryError {
    let postgres = |message: String| MemoryError::Postgres {
        url: shown.to_owned(),
        message,
    };
    if let Some(db) = error.as_db_error() {
        use tokio_postgres::error::SqlState;
        let code = db.code();
        if code.code().starts_with("22") || code.code().starts_with("23") {
            return MemoryError::Refused {
                url: shown.to_owned(),
                message: db.message().to_owned(),
            };
        }
        return postgres(
            if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                format!("password refused ({})", db.message())
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                format!("{} (check the database name in the URL)", db.message())
            } else {
                db.message().to_owned()
            },
        );
    }
    let network = error.is_closed()
        || std::iter::successors(std::error::Error::source(error), |e| e.source())
            .any(|e| e.is::<std::io::Error>());
    let mut message = error.to_string();
    if let Some(cause) = std::error::Error::source(error) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message = format!("{message}: {cause}");
        }
    }
    if network {
        MemoryError::Unreachable {
            url: shown.to_owned(),
            message,
        }
    } else if message.contains("password missing") {
        postgres(
            "the server asks for a password: put it in ~/.pgpass or PGPASSWORD (or the URL)".into(),
        )
    } else {
        postgres(message)
    }
}

impl PgMemory {
    /// Connects to the memory at `url`, whose schema `passeur memory init` created.
    pub fn connect(url: &str) -> Result<PgMemory, MemoryError> {
        PgMemory::connect_within(url, STATEMENT_TIMEOUT)
    }

    /// [`PgMemory::connect`] with statements bounded by `bound`, and connecting too when
    /// `bound` is shorter than [`STARTUP_TIMEOUT`] (a workspace wants a short one: it must
    /// not wait on a stalled server).
    pub fn connect_within(url: &str, bound: Duration) -> Result<PgMemory, MemoryError> {
        let mut memory = PgMemory::connect_only(url, bound)?;
        match memory.schema_version()?.as_deref() {
            Some(SCHEMA_VERSION) => {
                memory.check_columns()?;
                Ok(memory)
            }
            Some("1") => Err(memory.link.error(format!(
                "memory schema version 1, this passeur needs {SCHEMA_VERSION} (a concordance \
                 index): run `passeur memory init {}` once to upgrade it",
                memory.link.shown
            ))),
            Some(other) => Err(memory.link.error(format!(
                "memory schema version {other}, this passeur knows {SCHEMA_VERSION}: \
                 run `passeur memory init` with a newer passeur"
            ))),
            None => Err(memory.link.error(format!(
                "no passeur memory there yet: run `passeur memory init {}` once",
                memory.link.shown
            ))),
        }
    }

    /// Connects and creates (or confirms, or upgrades) the schema: `passeur memory init URL`.
    pub fn init(url: &str) -> Result<PgMemory, MemoryError> {
        let mut memory = PgMemory::connect_only(url, STATEMENT_TIMEOUT)?;
        match memory.schema_version()?.as_deref() {
            None | Some(SCHEMA_VERSION) => {}
            Some("1") => {
                memory.upgrade_from_1()?;
                memory.check_columns()?;
                return Ok(memory);
            }
            Some(version) => {
                return Err(memory.link.error(format!(
                    "memory schema version {version}, this passeur knows {SCHEMA_VERSION}"
                )));
            }
        }
        let batch = format!(
            "BEGIN; {SCHEMA} {TEXT_INDEX} INSERT INTO passeur_meta VALUES ('schema', \
             '{SCHEMA_VERSION}') ON CONFLICT DO NOTHING; COMMIT;"
        );
        memory.link.wait(memory.client.batch_execute(&batch))?;
        memory.check_columns()?;
        Ok(memory)
    }

    /// Version 1 to 2: the concordance index, built from every unit in one transaction while
    /// writers wait (a unit added meanwhile would be missing from it).
    fn upgrade_from_1(&mut self) -> Result<(), MemoryError> {
        let PgMemory { client, link } = self;
        let transaction = link.wait(client.transaction())?;
        link.wait(
            transaction.batch_execute(&format!("LOCK TABLE unit IN SHARE MODE; {TEXT_INDEX}")),
        )?;
        let page =
            link.wait(transaction.prepare(
                "SELECT id, source, target FROM unit WHERE id > $1 ORDER BY id LIMIT 5000",
            ))?;
        let mut after: i64 = 0;
        loop {
            let rows = link.wait(transaction.query(&page, &[&after]))?;
            let mut ids = Vec::with_capacity(rows.len());
            let mut words = Vec::with_capacity(rows.len());
            for row in &rows {
                let read = |i| row.try_get::<_, String>(i);
                let (id, source, target) = match (row.try_get(0), read(1), read(2)) {
                    (Ok(id), Ok(source), Ok(target)) => (id, source, target),
                    _ => return Err(link.error("a unit the server holds cannot be read")),
                };
                ids.push(id);
                after = id;
                words.push(text_words(&MemoryUnit {
                    source,
                    target,
                    ..MemoryUnit::default()
                }));
            }
            link.wait(transaction.execute(INSERT_TEXT, &[&ids, &words]))?;
            if rows.len() < 5000 {
                break;
            }
        }
        link.wait(transaction.execute(
            "UPDATE passeur_meta SET value = $1 WHERE key = 'schema'",
            &[&SCHEMA_VERSION],
        ))?;
        link.wait(transaction.commit())
    }

    fn connect_only(url: &str, bound: Duration) -> Result<PgMemory, MemoryError> {
        let shown = shown_url(url);
        let mut config = tokio_postgres::Config::from_str(url).map_err(|e| classify(&shown, &e))?;
        config.connect_timeout(CONNECT_TIMEOUT.min(bound));
        config.keepalives_idle(Duration::from_secs(10));
        config.tcp_user_timeout(Duration::from_secs(10));
        config.application_name("passeur");
        if config.get_password().is_none()
            && let Some(password) = password_from_environment(&config)
        {
            config.password(password);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(MemoryError::Io)?;
        let link = Link {
            runtime,
            shown,
            bound: STARTUP_TIMEOUT.min(bound),
            broken: Cell::new(false),
        };
        let (client, connection) = link.wait(config.connect(NoTls))?;
        // The connection's task runs whenever the runtime waits on an exchange.
        link.runtime.spawn(connection);
        let memory = PgMemory {
            client,
            link: Link { bound, ..link },
        };
        let milliseconds = bound.as_millis().to_string();
        memory.link.wait(
            memory
                .client
                .batch_execute(&format!("SET statement_timeout = {milliseconds}")),
        )?;
        Ok(memory)
    }

    fn schema_version(&mut self) -> Result<Option<String>, MemoryError> {
        let exists: bool =
            self.query_value("SELECT to_regclass('passeur_meta') IS NOT NULL", &[])?;
        if !exists {
            return Ok(None);
        }
        let rows = self.link.wait(self.client.query(
            "SELECT value::text FROM passeur_meta WHERE key = 'schema'",
            &[],
        ))?;
        match rows.first() {
            Some(row) => Ok(row
                .try_get::<_, Option<String>>(0)
                .map_err(|e| self.link.error(format!("passeur_meta: {e}")))?),
            None => Ok(None),
        }
    }

    /// The `unit` table has the columns and types this version reads.
    fn check_columns(&mut self) -> Result<(), MemoryError> {
        let rows = self.link.wait(self.client.query(
            "SELECT column_name::text, data_type::text, is_nullable::text \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = 'unit'",
            &[],
        ))?;
        let columns: HashMap<String, (String, String)> = rows
            .iter()
            .filter_map(|row| {
                Some((
                    row.try_get::<_, String>(0).ok()?,
                    (row.try_get(1).ok()?, row.try_get(2).ok()?),
                ))
            })
            .collect();
        for (name, wanted) in UNIT_TABLE {
            match columns.get(name) {
                None => {
                    return Err(self.link.error(format!(
                        "the unit table has no column {name}: it was changed by hand; \
                         restore it or start a new database with `passeur memory init`"
                    )));
                }
                Some((found, _)) if found != wanted => {
                    return Err(self.link.error(format!(
                        "the unit table's column {name} is {found}, passeur writes {wanted}: \
                         it was changed by hand"
                    )));
                }
                Some((_, nullable)) if nullable == "YES" => {
                    return Err(self.link.error(format!(
                        "the unit table's column {name} accepts NULL: it was changed by hand"
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn query_value<T: for<'a> tokio_postgres::types::FromSql<'a>>(
        &mut self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<T, MemoryError> {
        let row = self.link.wait(self.client.query_one(sql, params))?;
        row.try_get(0).map_err(|e| {
            self.link
                .error(format!("an unexpected value from the server: {e}"))
        })
    }

    /// The URL as messages show it (no password).
    pub fn shown(&self) -> &str {
        &self.link.shown
    }

    /// The connection was lost (the server went away, or missed a bound).
    pub fn is_closed(&self) -> bool {
        self.link.broken.get() || self.client.is_closed()
    }

    /// The highest unit id on the server (other translators' new units raise it).
    pub fn last_id(&mut self) -> Result<UnitId, MemoryError> {
        self.query_value("SELECT coalesce(max(id), 0)::bigint FROM unit", &[])
    }

    /// Adds a batch in one transaction, retried on a deadlock; returns how many were new.
    fn add_batch(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        // The same unit twice in one statement is refused by ON CONFLICT: keep one.
        let mut by_hash: HashMap<[u8; 16], (MemoryUnit, UnitKeys)> = HashMap::new();
        let mut order = Vec::new();
        for unit in units.iter().filter(|u| u.fits()) {
            let unit = unit.cleaned().into_owned();
            let keys = UnitKeys::of(&unit);
            match by_hash.get_mut(&keys.unit_hash) {
                Some((kept, _)) => kept.changed = kept.changed.max(unit.changed),
                None => {
                    order.push(keys.unit_hash);
                    by_hash.insert(keys.unit_hash, (unit, keys));
                }
            }
        }
        let batch: Vec<&(MemoryUnit, UnitKeys)> = order.iter().map(|h| &by_hash[h]).collect();
        let mut attempt = 0;
        loop {
            match self
                .link
                .within_bound(try_add_batch(&mut self.client, &batch))?
            {
                Err(e)
                    if attempt < 5
                        && matches!(
                            e.code(),
                            Some(&tokio_postgres::error::SqlState::T_R_DEADLOCK_DETECTED)
                                | Some(&tokio_postgres::error::SqlState::T_R_SERIALIZATION_FAILURE)
                        ) =>
                {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 * attempt));
                }
                other => return other.map_err(|e| self.link.failed(&e)),
            }
        }
    }

    fn fetch_units(
        &mut self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Stored>, MemoryError> {
        let rows = self.link.wait(self.client.query(sql, params))?;
        rows.iter()
            .map(read_stored)
            .collect::<Result<_, _>>()
            .map_err(|e| {
                self.link
                    .error(format!("a unit the server holds cannot be read: {e}"))
            })
    }
}

/// Puts units (ids, and their words joined by spaces) into the concordance index.
const INSERT_TEXT: &str = "INSERT INTO unit_text (unit, words) SELECT id, string_to_array(words, ' ') \
     FROM unnest($1::bigint[], $2::text[]) AS t(id, words)";

/// A unit's concordance words, joined by spaces (a word holds none).
fn text_words(unit: &MemoryUnit) -> String {
    concordance::index_words(unit).join(" ")
}

async fn try_add_batch(
    client: &mut Client,
    batch: &[&(MemoryUnit, UnitKeys)],
) -> Result<usize, tokio_postgres::Error> {
    let transaction = client.transaction().await?;
    // A segment's new translation replaces its earlier one (see `SqliteMemory::add_units`).
    let mut replaced = vec![false; batch.len()];
    for (i, (unit, keys)) in batch.iter().enumerate() {
        if unit.document.is_empty() {
            continue;
        }
        let row = transaction
            .query_opt(
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
            )
            .await?;
        if let Some(row) = &row {
            let id: i64 = row.try_get(0)?;
            transaction
                .execute(
                    "UPDATE unit_text SET words = string_to_array($2, ' ') WHERE unit = $1",
                    &[&id, &text_words(unit)],
                )
                .await?;
        }
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
    let rows = transaction
        .query(
            "INSERT INTO unit (source, target, origin, document, author, created, changed, \
             previous, next, words, normalized_hash, unit_hash) \
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
             $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::int[], $11::bigint[], \
             $12::bytea[]) \
             ON CONFLICT (unit_hash) DO UPDATE SET author = CASE WHEN EXCLUDED.changed > \
             unit.changed THEN EXCLUDED.author ELSE unit.author END, changed = \
             GREATEST(unit.changed, EXCLUDED.changed) \
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
        )
        .await?;
    let position: HashMap<&[u8], usize> = hashes.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let mut new_units: Vec<(UnitId, usize)> = Vec::new();
    for row in &rows {
        if row.try_get::<_, bool>(2)? {
            let hash: &[u8] = row.try_get(1)?;
            if let Some(&at) = position.get(hash) {
                new_units.push((row.try_get(0)?, at));
            }
        }
    }
    if !new_units.is_empty() {
        let (ids, words): (Vec<i64>, Vec<String>) = new_units
            .iter()
            .map(|&(id, i)| (id, text_words(&batch[i].0)))
            .unzip();
        transaction.execute(INSERT_TEXT, &[&ids, &words]).await?;
        let mut distinct: Vec<&str> = new_units
            .iter()
            .flat_map(|&(_, i)| batch[i].1.distinct_words.iter().map(String::as_str))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        transaction
            .execute(
                "INSERT INTO word (word) SELECT unnest($1::text[]) ON CONFLICT (word) DO NOTHING",
                &[&distinct],
            )
            .await?;
        let mut ids: HashMap<String, i64> = HashMap::new();
        for row in transaction
            .query(
                "SELECT word, id FROM word WHERE word = ANY($1) ORDER BY id FOR UPDATE",
                &[&distinct],
            )
            .await?
        {
            ids.insert(row.try_get(0)?, row.try_get(1)?);
        }
        let mut posting_words = Vec::new();
        let mut posting_units = Vec::new();
        let mut counts: HashMap<i64, i64> = HashMap::new();
        for &(unit, i) in &new_units {
            for word in &batch[i].1.distinct_words {
                if let Some(&id) = ids.get(word) {
                    posting_words.push(id);
                    posting_units.push(unit);
                    *counts.entry(id).or_default() += 1;
                }
            }
        }
        transaction
            .execute(
                "INSERT INTO posting (word, unit) SELECT * FROM unnest($1::bigint[], \
                 $2::bigint[]) ON CONFLICT DO NOTHING",
                &[&posting_words, &posting_units],
            )
            .await?;
        let (count_ids, count_steps): (Vec<i64>, Vec<i64>) = counts.into_iter().unzip();
        transaction
            .execute(
                "UPDATE word SET units = word.units + c.n \
                 FROM unnest($1::bigint[], $2::bigint[]) AS c(id, n) WHERE word.id = c.id",
                &[&count_ids, &count_steps],
            )
            .await?;
    }
    transaction.commit().await?;
    Ok(new_units.len())
}

/// The password libpq would use when the URL has none: `PGPASSWORD`, else the first matching
/// line of the password file (`PGPASSFILE`, else `~/.pgpass`), which libpq ignores when
/// others can read it.
fn password_from_environment(config: &tokio_postgres::Config) -> Option<String> {
    if let Ok(password) = std::env::var("PGPASSWORD")
        && !password.is_empty()
    {
        return Some(password);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".pgpass"))
        })?;
    let metadata = std::fs::metadata(&file).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if !metadata.is_file() || metadata.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    if metadata.len() > 1 << 20 {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(tokio_postgres::config::Host::Unix(_)) => "localhost".to_owned(),
        None => "localhost".to_owned(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config
        .get_user()
        .map(str::to_owned)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let database = config
        .get_dbname()
        .map_or_else(|| user.clone(), str::to_owned);
    pgpass_lookup(&text, &[&host, &port, &database, &user])
}

/// The password of the first `host:port:database:user:password` line whose fields match
/// (`*` matches anything; `\:` and `\\` are escapes).
pub fn pgpass_lookup(text: &str, wanted: &[&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() != 5 {
            continue;
        }
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(field, wanted)| field == "*" || field == wanted)
        {
            return fields.pop();
        }
    }
    None
}

/// A `unit` row; a NULL or a value of another type is an error, never a panic.
pub fn read_stored(row: &Row) -> Result<Stored, tokio_postgres::Error> {
    Ok(stored_from(
        row.try_get(0)?,
        [
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
            row.try_get(4)?,
            row.try_get(5)?,
            row.try_get(8)?,
            row.try_get(9)?,
        ],
        (row.try_get(6)?, row.try_get(7)?),
        row.try_get(10)?,
    ))
}

/// A unit from the values of a row, whatever a teammate's passeur (or anyone with access to
/// the database) put there: control characters removed, a negative word count taken as 0.
/// `texts`: source, target, origin, document, author, previous, next.
pub fn stored_from(
    id: UnitId,
    texts: [String; 7],
    (created, changed): (i64, i64),
    words: i32,
) -> Stored {
    let [source, target, origin, document, author, previous, next] = texts;
    Stored {
        id,
        unit: MemoryUnit {
            source,
            target,
            origin,
            document,
            author,
            created,
            changed,
            previous,
            next,
        }
        .cleaned()
        .into_owned(),
        words: words.max(0) as u32,
    }
}

impl Index for PgMemory {
    fn same_normalized(&mut self, hash: i64) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM unit WHERE normalized_hash = $1 \
             AND octet_length(source) <= $2 AND octet_length(target) <= $2"
        );
        self.fetch_units(&sql, &[&hash, &(MAX_UNIT_BYTES as i32)])
    }

    fn frequencies(&mut self, words: &[String]) -> Result<Vec<Option<(i64, u64)>>, MemoryError> {
        let rows = self.link.wait(self.client.query(
            "SELECT word, id, units FROM word WHERE word = ANY($1) AND units > 0",
            &[&words],
        ))?;
        let known: HashMap<String, (i64, u64)> = rows
            .iter()
            .map(|row| {
                let units = row.try_get::<_, i64>(2)?.max(0) as u64;
                Ok((row.try_get(0)?, (row.try_get(1)?, units)))
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| {
                self.link
                    .error(format!("the word table cannot be read: {e}"))
            })?;
        Ok(words.iter().map(|word| known.get(word).copied()).collect())
    }

    fn postings(
        &mut self,
        word: i64,
        limit: usize,
    ) -> Result<std::borrow::Cow<'_, [UnitId]>, MemoryError> {
        let rows = self.link.wait(self.client.query(
            "SELECT unit FROM posting WHERE word = $1 ORDER BY unit LIMIT $2",
            &[&word, &(limit as i64)],
        ))?;
        rows.iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()
            .map(std::borrow::Cow::Owned)
            .map_err(|e| {
                self.link
                    .error(format!("the posting table cannot be read: {e}"))
            })
    }

    fn units(&mut self, ids: &[UnitId]) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = ANY($1)");
        self.fetch_units(&sql, &[&ids])
    }

    fn candidate_units(
        &mut self,
        ids: &[UnitId],
        words: std::ops::RangeInclusive<u32>,
    ) -> Result<Vec<Stored>, MemoryError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM unit WHERE id = ANY($1) AND words BETWEEN $2 AND $3 \
             AND octet_length(source) <= $4 AND octet_length(target) <= $4"
        );
        let clamp = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        let (low, high) = (clamp(*words.start()), clamp(*words.end()));
        self.fetch_units(&sql, &[&ids, &low, &high, &(MAX_UNIT_BYTES as i32)])
    }
}

/// Units holding the words, no larger than [`MAX_UNIT_BYTES`] (as lookups see them).
const HOLDING: &str = "FROM unit WHERE id IN (SELECT unit FROM unit_text WHERE words @> $1) \
     AND octet_length(source) <= $2 AND octet_length(target) <= $2";

impl concordance::TextIndex for PgMemory {
    fn count_holding(&mut self, words: &[String]) -> Result<u64, MemoryError> {
        let sql = format!("SELECT count(*) {HOLDING}");
        let count: i64 = self.query_value(&sql, &[&words, &(MAX_UNIT_BYTES as i32)])?;
        Ok(count.max(0) as u64)
    }

    fn each_holding(
        &mut self,
        words: &[String],
        each: &mut dyn FnMut(Stored) -> bool,
    ) -> Result<(), MemoryError> {
        // Through a portal, a page at a time: a common word's units are never all held.
        const PAGE: i32 = 1000;
        let sql = format!("SELECT {UNIT_COLUMNS} {HOLDING} ORDER BY changed DESC, id DESC");
        let PgMemory { client, link } = self;
        let transaction = link.wait(client.transaction())?;
        let statement = link.wait(transaction.prepare(&sql))?;
        let portal =
            link.wait(transaction.bind(&statement, &[&words, &(MAX_UNIT_BYTES as i32)]))?;
        loop {
            let rows = link.wait(transaction.query_portal(&portal, PAGE))?;
            for row in &rows {
                let stored = read_stored(row).map_err(|e| {
                    link.error(format!("a unit the server holds cannot be read: {e}"))
                })?;
                if !each(stored) {
                    return Ok(());
                }
            }
            if rows.len() < PAGE as usize {
                return Ok(());
            }
        }
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
        let target = crate::controls::strip(target);
        let sql = format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = $1");
        let Some(stored) = self.fetch_units(&sql, &[&id])?.pop() else {
            return Ok(false);
        };
        let mut unit = stored.unit;
        unit.target = target.clone().into_owned();
        unit.changed = changed;
        let keys = UnitKeys::of(&unit);
        let target: &str = &target;
        let words = text_words(&unit);
        let client = &mut self.client;
        let result = self.link.wait(async move {
            let transaction = client.transaction().await?;
            transaction
                .execute(
                    "UPDATE unit SET target = $2, changed = $3, unit_hash = $4 WHERE id = $1",
                    &[&id, &target, &changed, &&keys.unit_hash[..]],
                )
                .await?;
            transaction
                .execute(
                    "UPDATE unit_text SET words = string_to_array($2, ' ') WHERE unit = $1",
                    &[&id, &words],
                )
                .await?;
            transaction.commit().await
        });
        match result {
            Ok(_) => Ok(true),
            Err(MemoryError::Refused { message, .. }) if message.contains("duplicate key") => {
                // That translation is there already: this copy goes.
                self.delete(id)
            }
            Err(e) => Err(e),
        }
    }

    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError> {
        let client = &mut self.client;
        let work = async move {
            let transaction = client.transaction().await?;
            let removed = transaction
                .query_opt("DELETE FROM unit WHERE id = $1 RETURNING source", &[&id])
                .await?;
            let Some(row) = removed else {
                return Ok(false);
            };
            let source: String = row.try_get(0)?;
            let keys = UnitKeys::of(&MemoryUnit {
                source,
                ..MemoryUnit::default()
            });
            transaction
                .execute(
                    "UPDATE word SET units = units - 1 WHERE word = ANY($1)",
                    &[&keys.distinct_words],
                )
                .await?;
            transaction
                .execute(
                    "DELETE FROM posting WHERE unit = $1 AND word IN \
                     (SELECT id FROM word WHERE word = ANY($2))",
                    &[&id, &keys.distinct_words],
                )
                .await?;
            transaction.commit().await?;
            Ok(true)
        };
        self.link.wait(work)
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
        Ok(self
            .query_value::<i64>("SELECT count(*) FROM unit", &[])?
            .max(0) as u64)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_password_is_ever_shown() {
        for (url, shown) in [
            (
                "postgres://desk:s3cret@db.example.org/passeur",
                "postgres://desk@db.example.org/passeur",
            ),
            (
                "postgres://desk:p@ss:w/rd@db.example.org:5433/passeur?sslmode=disable",
                "postgres://desk@db.example.org:5433/passeur?sslmode=disable",
            ),
            (
                "postgresql://desk@db/passeur?password=s3cret&application_name=x",
                "postgresql://desk@db/passeur?application_name=x",
            ),
            (
                "postgres://db/passeur?PASSWORD=s3cret",
                "postgres://db/passeur",
            ),
            (
                "host=db user=desk password='s3 cr\\'et' dbname=passeur",
                "host=db user=desk dbname=passeur",
            ),
            ("host=db password = s3cret", "host=db"),
        ] {
            assert_eq!(shown_url(url), shown, "{url}");
        }
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let file = "# desk\n\
                    other:5432:*:desk:wrong\n\
                    db.example.org:5432:passeur:desk:pa\\:ss\\\\w\n\
                    *:*:*:*:fallback\n";
        assert_eq!(
            pgpass_lookup(file, &["db.example.org", "5432", "passeur", "desk"]).as_deref(),
            Some("pa:ss\\w")
        );
        assert_eq!(
            pgpass_lookup(file, &["elsewhere", "5432", "passeur", "desk"]).as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_lookup("a:b:c\n", &["a", "b", "c", "d"]), None);
    }
}
