//! A progress line on stderr while a large glossary loads, only when stderr is a terminal.
//!
//! A ticker thread redraws the line ten times a second from the last state reported, so the
//! line stays alive during steps that report nothing while they run (parsing a large YAML
//! file is one call). Nothing is drawn for loads that finish within half a second.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::glossary::cache::Progress;

#[derive(Default)]
struct State {
    stage: String,
    done: u64,
    total: u64,
    stop: bool,
}

/// `loading NAME: indexing 42% (3 s)`, redrawn until dropped.
pub struct Bar {
    state: Arc<Mutex<State>>,
    ticker: Option<JoinHandle<()>>,
}

impl Bar {
    pub fn new(path: &Path) -> Bar {
        let state = Arc::new(Mutex::new(State::default()));
        let ticker = std::io::stderr().is_terminal().then(|| {
            let state = Arc::clone(&state);
            let name = path.display().to_string();
            std::thread::spawn(move || tick(&state, &name))
        });
        Bar { state, ticker }
    }
}

fn tick(state: &Mutex<State>, name: &str) {
    let started = Instant::now();
    let mut drawn = false;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let Ok(state) = state.lock() else { break };
        if state.stop {
            break;
        }
        if started.elapsed() < Duration::from_millis(500) {
            continue;
        }
        let seconds = started.elapsed().as_secs();
        let stage = &state.stage;
        let name = super::output::visible(name.as_bytes());
        let line = match (state.done * 100).checked_div(state.total) {
            Some(percent) => format!("loading {name}: {stage} {percent}% ({seconds} s)"),
            None => format!("loading {name}: {stage}… ({seconds} s)"),
        };
        // Our own control sequence (clear the line) around the escaped name; a failing
        // stderr is ignored.
        let mut stderr = std::io::stderr();
        let _ = write!(stderr, "\r\x1b[2K{line}");
        let _ = stderr.flush();
        drawn = true;
    }
    if drawn {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
}

impl Progress for Bar {
    fn update(&mut self, stage: &str, done: u64, total: u64) {
        if let Ok(mut state) = self.state.lock() {
            state.stage.clear();
            state.stage.push_str(stage);
            state.done = done;
            state.total = total;
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Ok(mut state) = self.state.lock() {
            state.stop = true;
        }
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
    }
}
