//! A real terminal for end-to-end tests: a private tmux server running `passeur`.

#![allow(clippy::unwrap_used)] // test helpers: a failure is the test failing

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A private tmux server with one session running a command, killed on drop.
pub struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `passeur ARGS` in a 120×30 terminal, in `workdir`, with the XDG configuration,
    /// cache and data directories under `xdg` (as `common::run_with_home` lays them out). The shell records the terminal settings before and after,
    /// and the exit status.
    pub fn start(workdir: &Path, xdg: &Path, args: &str) -> Tmux {
        Tmux::start_with_term(workdir, xdg, args, "xterm-256color")
    }

    pub fn start_with_term(workdir: &Path, xdg: &Path, args: &str, term: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!(
            "passeur-test-{}-{}",
            std::process::id(),
            dir.path().file_name().unwrap().to_string_lossy()
        );
        let state = dir.path().display().to_string();
        let script = format!(
            "cd '{work}' && stty -g > '{state}/stty-before' && \
             TERM='{term}' XDG_CONFIG_HOME='{xdg}/config' XDG_CACHE_HOME='{xdg}/cache' \
             XDG_DATA_HOME='{xdg}/data' \
             '{bin}' {args} \
             2> '{state}/stderr'; echo $? > '{state}/exit'; stty -g > '{state}/stty-after'; \
             sleep 600",
            work = workdir.display(),
            xdg = xdg.display(),
            bin = env!("CARGO_BIN_EXE_passeur"),
        );
        let tmux = Tmux { socket, dir };
        tmux.command(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "120",
            "-y",
            "30",
            "-e",
            "TERM=xterm-256color",
            &script,
        ]);
        tmux.command(&["set-option", "-s", "escape-time", "0"]);
        tmux
    }

    pub fn command(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux is installed by .ci/run");
        assert!(output.status.success(), "tmux {args:?}: {output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.command(&["capture-pane", "-p", "-t", "t"])
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.command(&args);
    }

    pub fn type_text(&self, text: &str) {
        self.command(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Polls the screen until `wanted` is on it; fails with the last screen after 15 s.
    pub fn wait_for(&self, wanted: &str) -> String {
        self.wait_until(|screen| screen.contains(wanted), wanted)
    }

    pub fn wait_until(&self, done: impl Fn(&str) -> bool, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                let stderr =
                    std::fs::read_to_string(self.dir.path().join("stderr")).unwrap_or_default();
                panic!("timed out waiting for {what:?}; screen:\n{screen}\nstderr: {stderr}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The exit status passeur returned, once it has exited (and the shell has recorded the
    /// terminal settings after it).
    pub fn wait_exit(&self) -> String {
        let file = self.dir.path().join("stty-after");
        let deadline = Instant::now() + Duration::from_secs(15);
        while !file.exists() || std::fs::read_to_string(&file).unwrap().trim().is_empty() {
            assert!(
                Instant::now() < deadline,
                "passeur did not exit: {}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.state_file("exit").trim().to_owned()
    }

    pub fn state_file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }

    /// The pid of passeur, a child of the pane's shell.
    /// Ctrl+G to segment `n` (of 27), waiting until it is open.
    pub fn go_to(&self, n: usize) {
        self.keys(&["C-g"]);
        self.type_text(&n.to_string());
        self.keys(&["Enter"]);
        self.wait_for(&format!(" {n}/27 │"));
    }

    /// Ctrl+Q, then the exit status must be 0.
    pub fn quit(&self) {
        self.keys(&["C-q"]);
        assert_eq!(
            self.wait_exit(),
            "0",
            "stderr: {}",
            self.state_file("stderr")
        );
    }

    pub fn passeur_pid(&self) -> String {
        let shell = self.command(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
        let output = Command::new("pgrep")
            .args(["-P", shell.trim(), "passeur"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
