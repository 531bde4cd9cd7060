//! What the commands write to stdout and stderr.
//!
//! - A closed pipe (`passeur segment big.txt | head -1`) is not an error: writes return the
//!   `BrokenPipe` error, which [`super::run`] turns into a quiet exit 0. Nothing here panics
//!   the way `println!` does.
//! - Text from files can hold terminal control sequences (a title change, a screen clear, an
//!   OSC 52 clipboard write). When the stream is a terminal, control characters are shown
//!   visibly (`^[`, `<U+009B>`) instead of being sent; files and pipes get the exact text.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

/// Buffered stdout that escapes control characters when it is a terminal.
pub struct Stdout {
    inner: io::BufWriter<io::StdoutLock<'static>>,
    terminal: bool,
}

/// The command's standard output. Call `flush` at the end to see a closed pipe as an error.
pub fn stdout() -> Stdout {
    let stdout = io::stdout();
    Stdout {
        terminal: stdout.is_terminal(),
        inner: io::BufWriter::with_capacity(1 << 16, stdout.lock()),
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.terminal {
            self.inner.write_all(visible(bytes).as_bytes())?;
        } else {
            self.inner.write_all(bytes)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes one line to stderr (a warning, a report line), escaped when stderr is a terminal.
/// A failing stderr is ignored: there is nowhere left to say anything.
pub fn stderr_line(line: &str) {
    let stderr = io::stderr();
    let mut lock = stderr.lock();
    let _ = if stderr.is_terminal() {
        writeln!(lock, "{}", visible(line.as_bytes()))
    } else {
        writeln!(lock, "{line}")
    };
}

/// `eprintln!` that never panics and never sends control sequences to a terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::stderr_line(&format!($($arg)*))
    };
}
pub(crate) use say;

/// The text with every control character but line feed and tab made visible: C0 controls
/// and DEL in caret notation (`^[`, `^?`), C1 and bidirectional controls as `<U+0085>`,
/// `<U+202E>`. A carriage return
/// before a line feed (CRLF text) is kept.
pub fn visible(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push(char::from(c as u8 + 0x40));
            }
            '\u{7f}' => out.push_str("^?"),
            '\u{80}'..='\u{9f}' => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            // Direction controls would reorder what the terminal shows.
            c if crate::controls::is_bidi_control(c) => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_sequences_are_shown_not_sent() {
        assert_eq!(
            visible("a\x1b]0;pwned\x07b\x1b[2J\u{9b}c".as_bytes()),
            "a^[]0;pwned^Gb^[[2J<U+009B>c"
        );
        assert_eq!(
            visible("l’été « x »\r\n\tfin\r".as_bytes()),
            "l’été « x »\r\n\tfin^M"
        );
        assert_eq!(visible(b"\x7f"), "^?");
        assert_eq!(
            visible("a\u{202e}b\u{2066}c".as_bytes()),
            "a<U+202E>b<U+2066>c"
        );
    }
}
