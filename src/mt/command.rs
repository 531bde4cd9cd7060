//! Any local program as an engine (CTranslate2/Marian, Argos, llama.cpp, a shell script): run
//! once per batch, given one JSON object per line on standard input, one per segment:
//!
//! ```json
//! {"source": "Le sommet de l’OCS…", "terms": [{"french": "OCS", "english": "SCO", "forbidden": []}]}
//! ```
//!
//! and answering one JSON object per line on standard output, in the same order:
//! `{"target": "The SCO summit…"}` (or `{"error": "why"}`). Anything else, a missing line, a
//! non-zero exit or a run longer than the timeout is an error.

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::{MtConfig, MtError, Provider, Request};

pub struct Command {
    program: Vec<String>,
    timeout: Duration,
    /// Variables passed on from passeur's environment; no other reaches the engine (an API
    /// key or a database password in passeur's environment stays there).
    environment: Vec<String>,
}

/// What every engine gets from passeur's environment.
const BASIC_ENVIRONMENT: [&str; 5] = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"];

/// The most an engine may write for one batch.
const MAX_OUTPUT_BYTES: u64 = 64 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    target: Option<String>,
    error: Option<String>,
}

impl Command {
    pub fn new(config: &MtConfig) -> Result<Command, MtError> {
        if config.command.is_empty() {
            return Err(MtError::Config {
                provider: "command".into(),
                message: "no command in the mt configuration (command: [program, args…])".into(),
            });
        }
        Ok(Command {
            program: config.command.clone(),
            timeout: config.timeout(),
            environment: config.environment.clone(),
        })
    }

    fn error(&self, message: String) -> MtError {
        MtError::BadAnswer {
            provider: self.name(),
            message,
        }
    }
}

impl Provider for Command {
    fn name(&self) -> String {
        let program = std::path::Path::new(&self.program[0]);
        format!(
            "command {}",
            program.file_name().map_or_else(
                || self.program[0].clone(),
                |n| n.to_string_lossy().into_owned()
            )
        )
    }

    fn model(&self) -> String {
        self.program.join(" ")
    }

    fn context(&self) -> super::ContextUse {
        super::ContextUse::Examples
    }

    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        let mut command = std::process::Command::new(&self.program[0]);
        command.env_clear();
        for name in BASIC_ENVIRONMENT
            .iter()
            .copied()
            .chain(self.environment.iter().map(String::as_str))
        {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        let mut child = command
            .args(&self.program[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| MtError::Config {
                provider: self.name(),
                message: format!("cannot run {}: {e}", self.program[0]),
            })?;
        let mut input = String::new();
        for request in batch {
            input.push_str(&serde_json::to_string(request).expect("requests serialise"));
            input.push('\n');
        }
        let mut stdin = child.stdin.take().expect("piped");
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let mut stdout = child.stdout.take().expect("piped");
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = (&mut stdout)
                .take(MAX_OUTPUT_BYTES)
                .read_to_string(&mut text);
            // Whatever is past the bound is drained, so the engine is not blocked writing.
            let _ = std::io::copy(&mut stdout, &mut std::io::sink());
            text
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().ok().flatten() {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(MtError::Timeout {
                    provider: self.name(),
                    seconds: self.timeout.as_secs(),
                });
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let _ = writer.join();
        let output = reader.join().unwrap_or_default();
        if !status.success() {
            let mut errors = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut errors);
            }
            let first = errors.lines().next().unwrap_or("").trim().to_owned();
            return Err(self.error(format!("exited with {status}: {first}")));
        }
        read_answer(&output, batch.len()).map_err(|message| self.error(message))
    }
}

/// The translations an engine wrote: one JSON line per segment, `{"target": …}` or
/// `{"error": …}`, exactly `count` of them.
pub fn read_answer(output: &str, count: usize) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() != count {
        return Err(format!("{} lines for {count} segments", lines.len()));
    }
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let parsed: Line =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", index + 1))?;
            match (parsed.target, parsed.error) {
                (Some(target), None) => Ok(target),
                (_, Some(error)) => Err(format!("line {}: {error}", index + 1)),
                (None, None) => Err(format!("line {}: no target", index + 1)),
            }
        })
        .collect()
}
