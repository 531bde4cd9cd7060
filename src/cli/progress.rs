//! A progress line on stderr for long loads (only when stderr is a terminal).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::glossary::cache::Progress;

/// Redraws `loading NAME: NN%` at most ten times a second, after the first half second.
pub struct Bar {
    name: String,
    started: Instant,
    last: Option<Instant>,
    visible: bool,
    enabled: bool,
}

impl Bar {
    pub fn new(path: &Path) -> Bar {
        Bar {
            name: path.display().to_string(),
            started: Instant::now(),
            last: None,
            visible: false,
            enabled: std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bar {
    fn update(&mut self, done: u64, total: u64) {
        if !self.enabled || self.started.elapsed() < Duration::from_millis(500) {
            return;
        }
        if self
            .last
            .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        self.visible = true;
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        eprint!("\rloading {}: {percent:3}%", self.name);
        let _ = std::io::stderr().flush();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if self.visible {
            eprint!("\r\x1b[2K");
        }
    }
}
