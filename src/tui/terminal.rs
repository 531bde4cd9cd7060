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
        self.inner.draw(|frame| super::ui::draw(app, frame))?;
        Ok(())
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
