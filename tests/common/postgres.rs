//! PostgreSQL for the team-memory tests: a database of its own for each test on the server
//! `.ci/run` starts (`PASSEUR_TEST_POSTGRES`), and private servers for tests that stop one.

#![allow(clippy::unwrap_used)] // test helpers: a failure is the test failing

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The server `.ci/run` started (a URL to its `postgres` database).
pub fn server_url() -> String {
    std::env::var("PASSEUR_TEST_POSTGRES").expect(
        "PASSEUR_TEST_POSTGRES is not set: run the tests with `bash .ci/run`, which starts a \
         PostgreSQL server on loopback",
    )
}

/// A new, empty database on the test server, dropped when this is (its URL through `Deref`).
pub fn fresh_database() -> TestDatabase {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let admin = server_url();
    let name = format!(
        "passeur_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    // Databases are copied from template1, which two creations at once may both be reading.
    for attempt in 0.. {
        match client.batch_execute(&format!("CREATE DATABASE {name}")) {
            Ok(()) => break,
            Err(error) if attempt < 50 => {
                let _ = error;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(error) => panic!("CREATE DATABASE {name}: {error}"),
        }
    }
    let (base, _) = admin.rsplit_once('/').unwrap();
    TestDatabase {
        url: format!("{base}/{name}"),
        name,
    }
}

/// A database of one test on the test server.
pub struct TestDatabase {
    url: String,
    name: String,
}

impl std::ops::Deref for TestDatabase {
    type Target = str;

    fn deref(&self) -> &str {
        &self.url
    }
}

impl std::fmt::Display for TestDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.url)
    }
}

impl Drop for TestDatabase {
    /// Dropped with whatever connections a test left open to it.
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&server_url(), postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A PostgreSQL server of the test's own, on a free loopback port, that the test may stop and
/// start again; stopped when dropped.
pub struct PrivateServer {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
}

fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("PASSEUR_TEST_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: run the tests with `bash .ci/run`")
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().expect("no initdb under /usr/lib/postgresql")
}

/// Runs a PostgreSQL program as the `postgres` user when we are root (the server refuses
/// to run as root).
fn as_postgres(program: PathBuf) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl PrivateServer {
    pub fn start() -> PrivateServer {
        let dir = tempfile::Builder::new()
            .prefix("passeur-pg-")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        if is_root() {
            let status = Command::new("chown")
                .args(["postgres"])
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success());
        }
        let bin = bin_dir();
        let output = as_postgres(bin.join("initdb"))
            .arg("-D")
            .arg(dir.join("data"))
            .args([
                "-U",
                "passeur",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "initdb: {output:?}");
        let server = PrivateServer {
            dir,
            port: free_port(),
            bin,
        };
        server.start_again();
        server
    }

    /// postgres://passeur@127.0.0.1:PORT/postgres
    pub fn url(&self) -> String {
        format!("postgres://passeur@127.0.0.1:{}/postgres", self.port)
    }

    fn pg_ctl(&self, args: &[&str]) {
        let output = as_postgres(self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "pg_ctl {args:?}: {output:?}");
    }

    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        self.pg_ctl(&["-w", "-o", &options, "start"]);
    }

    /// From now on the server asks for a password (SCRAM) on TCP: `password` for passeur.
    pub fn require_password(&self, password: &str) {
        let mut client = postgres::Client::connect(&self.url(), postgres::NoTls).unwrap();
        client
            .batch_execute(&format!("ALTER ROLE passeur PASSWORD '{password}'"))
            .unwrap();
        let hba = self.dir.join("data/pg_hba.conf");
        std::fs::write(
            &hba,
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
        )
        .unwrap();
        self.pg_ctl(&["-w", "reload"]);
        std::thread::sleep(std::time::Duration::from_millis(300));
    }

    pub fn stop(&self) {
        self.pg_ctl(&["-w", "-m", "immediate", "stop"]);
    }

    /// Stops every process of the server with SIGSTOP (a hung host: connections stay open,
    /// nothing answers) until [`PrivateServer::thaw`].
    pub fn freeze(&self) {
        assert!(self.signal_all("STOP"), "the server could not be stopped");
    }

    pub fn thaw(&self) {
        assert!(self.signal_all("CONT"), "the server could not be continued");
    }

    /// Sends `signal` to the postmaster, then to its children; whether the postmaster got it.
    /// The postmaster goes first, so that once it is stopped it forks no child the signal
    /// would miss; a child that ends between the listing and the signal is no failure (on a
    /// loaded machine a backend can finish in that moment).
    fn signal_all(&self, signal: &str) -> bool {
        let Ok(pid_file) = std::fs::read_to_string(self.dir.join("data/postmaster.pid")) else {
            return false;
        };
        let postmaster = pid_file
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let send = |pid: &str| {
            Command::new("kill")
                .arg(format!("-{signal}"))
                .arg(pid)
                .status()
                .is_ok_and(|status| status.success())
        };
        if !send(&postmaster) {
            return false;
        }
        if let Ok(children) = Command::new("pgrep").args(["-P", &postmaster]).output() {
            for child in String::from_utf8_lossy(&children.stdout).split_whitespace() {
                send(child);
            }
        }
        true
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        // A frozen server would not stop.
        self.signal_all("CONT");
        let _ = as_postgres(self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
