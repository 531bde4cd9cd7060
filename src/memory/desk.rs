//! The memory a translator works with: their own SQLite memory, and a team's PostgreSQL memory
//! when one is configured.
//!
//! - Lookups, concordance and counts go to the team server while it answers, to the local
//!   memory while it does not (the first failure switches over at once).
//! - Confirmed units are written to the local memory in the same transaction as their place in
//!   its outbox; a thread sends the outbox to the server (in batches, idempotently: the server
//!   keeps one row per unit, so a batch sent twice after a crash is not stored twice) and takes
//!   each unit out only once the server has committed it. While the server is unreachable the
//!   thread retries every few seconds and [`TeamStatus`] says so, with the number queued.
//! - The thread also notices other translators' new units (the server's highest id) so a
//!   workspace can look its current segment up again.
//! - Only a network outage (the server refuses the connection, or does not answer within its
//!   bound) makes the desk work locally. A server that answers with a refusal (a wrong
//!   password, an unknown database, a schema this version cannot read) is an error the
//!   translator is told about, never a silent switch to the local memory.
//! - A unit the server refuses (a value it cannot store) is set aside in the local memory with
//!   the server's reason, and the rest of the queue goes on.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::postgres::PgMemory;
use super::sqlite::SqliteMemory;
use super::{Concordance, Lookup, Match, MemoryError, MemoryUnit, TranslationMemory, UnitId};

/// How often the thread tries the server and looks for other translators' units.
const POLL: Duration = Duration::from_millis(500);

/// How often a server that refused the desk (a wrong password…) is asked again.
const RETRY_REFUSED: Duration = Duration::from_secs(30);

/// Units sent to the server in one transaction.
const SEND_BATCH: usize = 500;

/// Where the team memory stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamStatus {
    /// The URL without password.
    pub server: String,
    /// The server answered last time it was asked.
    pub online: bool,
    /// Units confirmed here that the server does not have yet.
    pub queued: usize,
    /// Why the server is unreachable, when it is.
    pub error: Option<String>,
    /// Goes up each time the server gains units (from anyone): time to look up again.
    pub generation: u64,
    /// The server answered but refused the desk (see [`MemoryError::Postgres`]): `error`
    /// says why, and nothing goes to the server until the configuration is fixed.
    pub misconfigured: bool,
    /// Units the server refused, set aside (see [`SqliteMemory::set_aside_units`]).
    pub set_aside: usize,
    /// A request has waited on the server past [`super::worker::NOT_ANSWERING`] (set by the
    /// memory's thread, which sees the wait; `online` is then false too).
    pub stalled: bool,
}

/// How long a lookup, concordance or count may wait for the team server before the desk
/// answers from the local memory (a command's; see [`Desk::with_query_bound`]).
pub const QUERY_BOUND: Duration = Duration::from_secs(3);

/// The same bound in the workspace, where a translator waits for the answer.
pub const INTERACTIVE_QUERY_BOUND: Duration = Duration::from_secs(1);

struct Team {
    url: String,
    /// The connection lookups use (on the caller's thread); the sender has its own.
    client: Option<PgMemory>,
    /// How long one exchange of a lookup, concordance or count may take.
    bound: Duration,
    status: Arc<Mutex<TeamStatus>>,
    nudge: mpsc::Sender<()>,
}

/// The user's memory, with a team's server when configured.
pub struct Desk {
    local: SqliteMemory,
    team: Option<Team>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Desk({:?}, team: {:?})", self.local, self.team_status())
    }
}

impl Desk {
    /// The local memory; with `team`, the server at that URL too (which may be unreachable
    /// now: the desk works locally until it answers). A server that answers with a refusal
    /// is an error.
    pub fn new(local: SqliteMemory, team: Option<&str>) -> Result<Desk, MemoryError> {
        let team = team.map(|url| start_team(url, local.path()));
        if let Some(team) = &team {
            let status = team.status.lock().expect("status lock").clone();
            if status.misconfigured {
                return Err(MemoryError::Postgres {
                    url: status.server,
                    message: status.error.unwrap_or_default(),
                });
            }
        }
        Ok(Desk { local, team })
    }

    /// The desk with lookups, concordance and counts bounded by `bound` on the team server
    /// (connecting included) instead of [`QUERY_BOUND`].
    pub fn with_query_bound(mut self, bound: Duration) -> Desk {
        if let Some(team) = &mut self.team {
            team.bound = bound;
            team.client = None;
        }
        self
    }

    /// The units a team server refused, with its reasons.
    pub fn set_aside(&self) -> Result<Vec<(MemoryUnit, String)>, MemoryError> {
        self.local.set_aside_units()
    }

    /// The team memory's state, when there is one.
    pub fn team_status(&self) -> Option<TeamStatus> {
        self.team
            .as_ref()
            .map(|team| team.status.lock().expect("status lock").clone())
    }

    /// Adds units confirmed here: locally at once, and queued for the team server.
    pub fn confirm(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        let added = self.local.add_units(units, self.team.is_some())?;
        if let Some(team) = &self.team {
            team.status.lock().expect("status lock").queued = self.local.outbox_len()?;
            let _ = team.nudge.send(());
        }
        Ok(added.len())
    }

    /// Runs `work` on the team server when it is online, else (or when it fails) on the local
    /// memory.
    fn either<T>(
        &mut self,
        mut work: impl FnMut(&mut dyn TranslationMemory) -> Result<T, MemoryError>,
    ) -> Result<T, MemoryError> {
        if let Some(team) = &mut self.team {
            let online = team.status.lock().expect("status lock").online;
            if online {
                if team.client.as_ref().is_none_or(PgMemory::is_closed) {
                    team.client = match PgMemory::connect_within(&team.url, team.bound) {
                        Ok(client) => Some(client),
                        Err(error @ MemoryError::Postgres { .. }) => return Err(error),
                        Err(_) => None,
                    };
                }
                if let Some(client) = &mut team.client {
                    match work(client) {
                        Ok(result) => return Ok(result),
                        // The server answered: what it said is for the translator.
                        Err(error @ MemoryError::Postgres { .. }) => return Err(error),
                        Err(error) => {
                            team.client = None;
                            let mut status = team.status.lock().expect("status lock");
                            status.online = false;
                            status.error = Some(error.to_string());
                            let _ = team.nudge.send(());
                        }
                    }
                }
            }
        }
        work(&mut self.local)
    }

    /// The team server when configured (it must answer), else the local memory: where
    /// `update` and `delete` apply, since unit ids belong to one store.
    fn primary(&mut self) -> Result<&mut dyn TranslationMemory, MemoryError> {
        match &mut self.team {
            Some(team) => {
                if team.client.as_ref().is_none_or(PgMemory::is_closed) {
                    team.client = Some(PgMemory::connect_within(&team.url, team.bound)?);
                }
                Ok(team.client.as_mut().expect("connected"))
            }
            None => Ok(&mut self.local),
        }
    }
}

impl TranslationMemory for Desk {
    fn add(&mut self, units: &[MemoryUnit]) -> Result<usize, MemoryError> {
        self.confirm(units)
    }

    fn update(&mut self, id: UnitId, target: &str, changed: i64) -> Result<bool, MemoryError> {
        self.primary()?.update(id, target, changed)
    }

    fn delete(&mut self, id: UnitId) -> Result<bool, MemoryError> {
        self.primary()?.delete(id)
    }

    fn lookup(&mut self, source: &str, query: &Lookup) -> Result<Vec<Match>, MemoryError> {
        self.either(|memory| memory.lookup(source, query))
    }

    fn lookup_many(&mut self, queries: &[(&str, Lookup)]) -> Result<Vec<Vec<Match>>, MemoryError> {
        self.either(|memory| memory.lookup_many(queries))
    }

    fn concordance(&mut self, query: &str, max: usize) -> Result<Concordance, MemoryError> {
        self.either(|memory| memory.concordance(query, max))
    }

    fn count(&mut self) -> Result<u64, MemoryError> {
        self.either(|memory| memory.count())
    }

    fn for_each(&mut self, each: &mut dyn FnMut(UnitId, MemoryUnit)) -> Result<(), MemoryError> {
        self.either(|memory| memory.for_each(each))
    }

    fn team_status(&self) -> Option<TeamStatus> {
        Desk::team_status(self)
    }
}

/// How long closing a desk waits for the server to take what is queued.
const FLUSH_ON_CLOSE: Duration = Duration::from_secs(3);

impl Drop for Desk {
    /// Gives the sender a moment to deliver the last confirms while the server answers (a
    /// command that confirmed segments, a workspace that quits); what it cannot deliver stays
    /// queued for next time.
    fn drop(&mut self) {
        let Some(team) = &self.team else {
            return;
        };
        let _ = team.nudge.send(());
        let deadline = std::time::Instant::now() + FLUSH_ON_CLOSE;
        while std::time::Instant::now() < deadline {
            let status = team.status.lock().expect("status lock").clone();
            if status.queued == 0 || !status.online {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Starts the thread that sends the outbox and watches the server.
fn start_team(url: &str, local_path: &Path) -> Team {
    let status = Arc::new(Mutex::new(TeamStatus {
        server: super::postgres::shown_url(url),
        ..TeamStatus::default()
    }));
    let (nudge, wake) = mpsc::channel();
    let thread_status = Arc::clone(&status);
    let thread_url = url.to_owned();
    let thread_path = local_path.to_owned();
    std::thread::spawn(move || send_and_watch(&thread_url, &thread_path, &thread_status, &wake));
    // Online until proven otherwise would send the first lookups to a dead server: wait
    // briefly for the thread's first answer.
    for _ in 0..40 {
        let status = status.lock().expect("status lock").clone();
        if status.online || status.error.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Team {
        url: url.to_owned(),
        client: None,
        bound: QUERY_BOUND,
        status,
        nudge,
    }
}

fn send_and_watch(
    url: &str,
    local_path: &Path,
    status: &Mutex<TeamStatus>,
    wake: &mpsc::Receiver<()>,
) {
    let mut server: Option<PgMemory> = None;
    let mut last_id: Option<UnitId> = None;
    let Ok(mut local) = SqliteMemory::open(local_path) else {
        return;
    };
    loop {
        let result = sync_once(url, &mut server, &mut local, &mut last_id);
        {
            let mut status = status.lock().expect("status lock");
            if let Ok(queued) = local.outbox_len() {
                status.queued = queued;
            }
            if let Ok(set_aside) = local.set_aside_len() {
                status.set_aside = set_aside;
            }
            match result {
                Ok(gained) => {
                    status.online = true;
                    status.misconfigured = false;
                    status.error = None;
                    if gained {
                        status.generation += 1;
                    }
                }
                Err(error) => {
                    server = None;
                    status.online = false;
                    status.misconfigured = matches!(error, MemoryError::Postgres { .. });
                    status.error = Some(error.to_string());
                }
            }
        }
        // A server that refuses the desk is asked again only now and then: it would otherwise
        // log a refusal twice a second for as long as the workspace is open.
        let misconfigured = status.lock().expect("status lock").misconfigured;
        let wait = if misconfigured { RETRY_REFUSED } else { POLL };
        match wake.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Sends what is queued; true when the server gained units since last time.
fn sync_once(
    url: &str,
    server: &mut Option<PgMemory>,
    local: &mut SqliteMemory,
    last_id: &mut Option<UnitId>,
) -> Result<bool, MemoryError> {
    if server.as_ref().is_none_or(PgMemory::is_closed) {
        *server = Some(PgMemory::connect(url)?);
    }
    let server = server.as_mut().expect("connected");
    loop {
        let batch = local.outbox(SEND_BATCH)?;
        if batch.is_empty() {
            break;
        }
        let ids: Vec<UnitId> = batch.iter().map(|(id, _)| *id).collect();
        let units: Vec<MemoryUnit> = batch.iter().map(|(_, unit)| unit.clone()).collect();
        match server.add(&units) {
            Ok(_) => local.sent(&ids)?,
            Err(MemoryError::Refused { .. }) => {
                // The server refused something in the batch: one by one, setting aside what
                // it refuses, so one bad unit never holds up the rest.
                for (id, unit) in batch {
                    match server.add(std::slice::from_ref(&unit)) {
                        Ok(_) => local.sent(&[id])?,
                        Err(MemoryError::Refused { message, .. }) => {
                            local.set_aside(id, &message)?;
                        }
                        Err(other) => return Err(other),
                    }
                }
            }
            Err(other) => return Err(other),
        }
    }
    let id = server.last_id()?;
    let gained = last_id.is_some_and(|last| id != last);
    *last_id = Some(id);
    Ok(gained)
}
