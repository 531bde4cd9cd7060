//! Entering and leaving the full-screen terminal mode. The terminal is restored when the
//! [`Terminal`] is dropped (normal exit and `?` errors) and by a panic hook (panics), so the
//! translator's shell is never left in raw mode.

use std::io::{Stdout, Write, stdout};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Size;

use super::App;

pub struct Terminal {
    inner: ratatui::Terminal<CrosstermBackend<Stdout>>,
}

impl Terminal {
    pub fn enter() -> std::io::Result<Terminal> {
        install_panic_hook();
        enable_raw_mode()?;
        let entered = execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        );
        if let Err(error) = entered {
            restore();
            return Err(error);
        }
        match ratatui::Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(inner) => Ok(Terminal { inner }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    pub fn size(&self) -> std::io::Result<Size> {
        self.inner.size()
    }

    pub fn draw(&mut self, app: &App) -> std::io::Result<()> {
        self.draw_with(|frame| super::ui::draw(app, frame))
    }

    /// Draws a frame with any pure draw function (the alignment review's).
    pub fn draw_with(&mut self, draw: impl FnOnce(&mut ratatui::Frame)) -> std::io::Result<()> {
        self.inner.draw(draw)?;
        Ok(())
    }

    /// Puts `text` on the terminal's clipboard with an OSC 52 sequence (the terminal, or tmux
    /// with `set-clipboard on`, decides whether to take it).
    pub fn copy_to_clipboard(&mut self, text: &str) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = stdout();
        write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
        out.flush()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode and the alternate screen; harmless when they were not entered.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Standard base64 (RFC 4648), as OSC 52 wants it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64("président".as_bytes()), "cHLDqXNpZGVudA==");
    }
}
