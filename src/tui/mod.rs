//! The terminal workspace: the French source beside an English editor, glossary suggestions,
//! progress, and saving that never loses work.
//!
//! The shape of the ratatui templates: one loop reads a terminal event, [`keymap`] turns it
//! into an [`action::Action`], [`update::update`] changes the [`app::App`], and [`ui::draw`]
//! renders it. The screen is drawn only after an event or when a tick changed something.
//! [`terminal`] enters raw mode and the alternate screen and always restores them, also on
//! panic and on error.

pub mod action;
pub mod app;
pub mod editor;
pub mod keymap;
pub mod memory;
pub mod messages;
pub mod terminal;
pub mod ui;
pub mod update;

use std::time::{Duration, Instant};

use ratatui::crossterm::event;

pub use app::{App, Session};

/// How often time-based work (draft autosave, glossary reload) is looked at.
const TICK: Duration = Duration::from_millis(250);
/// How often a machine translation on its way is looked for.
const MT_POLL: Duration = Duration::from_millis(20);

/// How long a key's frame waits for the memory's matches it asked for: a local memory answers
/// within it, so its matches come with the key; a slow server's come on a later frame.
const MATCHES_WITHIN_FRAME: Duration = Duration::from_millis(25);

/// Runs the workspace until the translator quits. Returns what must still be said once the
/// screen is given back (confirms that no memory took).
pub fn run(session: Session) -> anyhow::Result<Option<String>> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut terminal = terminal::Terminal::enter()?;
    let size = terminal.size()?;
    let mut app = App::new(session, (size.width, size.height), color);
    let mut drawn = shown(&app);
    terminal.draw(&app)?;
    let mut last_tick = Instant::now();
    while !app.quit {
        // While a machine translation or the memory's answer is on its way, look for it often.
        let timeout = match app.machine_translation_pending() || app.memory_pending() {
            true => TICK.saturating_sub(last_tick.elapsed()).min(MT_POLL),
            false => TICK.saturating_sub(last_tick.elapsed()),
        };
        let mut redraw = app.take_machine_translations()
            | app.take_speller()
            | app.take_memory_answers(Duration::ZERO);
        if event::poll(timeout)? {
            let event = event::read()?;
            if let Some(action) = keymap::action_for(&event) {
                update::update(&mut app, action);
                app.take_memory_answers(MATCHES_WITHIN_FRAME);
                redraw = true;
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            update::update(&mut app, action::Action::Tick(last_tick));
        }
        // What changes without a key (a save, a message, matches, the team server's state,
        // which a thread updates) is compared with what was last drawn.
        redraw |= shown(&app) != drawn;
        if let Some(text) = app.for_terminal_clipboard.take() {
            terminal.copy_to_clipboard(&text)?;
        }
        if redraw && !app.quit {
            // Taken before drawing: a thread may change it while the frame is drawn.
            drawn = shown(&app);
            terminal.draw(&app)?;
        }
    }
    drop(terminal);
    Ok(app.finish_memory())
}

/// The state a tick or another thread can change, which the screen must then show.
fn shown(
    app: &App,
) -> (
    app::SaveState,
    messages::Messages,
    Vec<crate::memory::Match>,
    bool,
    Option<crate::memory::desk::TeamStatus>,
) {
    (
        app.save_state.clone(),
        app.messages.clone(),
        app.matches.clone(),
        app.matches_pending(),
        app.team_memory(),
    )
}

#[cfg(test)]
mod tests;
