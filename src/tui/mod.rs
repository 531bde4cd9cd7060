//! The terminal workspace: the French source beside an English editor, glossary suggestions,
//! progress, and saving that never loses work.
//!
//! The shape of the ratatui templates: one loop reads a terminal event, [`keymap`] turns it
//! into an [`action::Action`], [`update::update`] changes the [`app::App`] and returns the
//! [`effect::Effect`]s it asks for (saves, the memory, glossary files), which the loop carries
//! out, and [`ui::draw`] renders it. The translation memory works on a thread of its own
//! ([`memory`]), so no key waits on it; what the workspace has to say is a short queue
//! ([`messages`]). The screen is drawn only after an event or when something it shows changed.
//! [`terminal`] enters raw mode and the alternate screen and always restores them, also on
//! panic and on error.

pub mod action;
pub mod app;
pub mod apply;
pub mod editor;
pub mod effect;
pub mod keymap;
pub mod memory;
pub mod memory_work;
pub mod messages;
pub mod review;
pub mod terminal;
pub mod ui;
pub mod update;

use std::time::{Duration, Instant};

use ratatui::crossterm::event;

pub use app::{App, Session};
use effect::Effect;

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
    let opening = app.take_effects();
    app.apply_all(opening);
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
        let mut effects = app.take_effects();
        let mut key = false;
        if event::poll(timeout)? {
            let event = event::read()?;
            if let Some(action) = app.keymap.action_for(&event) {
                effects.extend(update::update(&mut app, action));
                key = true;
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            effects.extend(update::update(&mut app, action::Action::Tick(last_tick)));
        }
        // Work for the memory's thread is handed over at once (a local memory's matches then
        // come with this key's frame); files are written once the frame is on screen.
        let (writes, hand_overs): (Vec<Effect>, Vec<Effect>) =
            effects.into_iter().partition(Effect::writes);
        app.apply_all(hand_overs);
        if key {
            app.take_memory_answers(MATCHES_WITHIN_FRAME);
        }
        if let Some(text) = app.for_terminal_clipboard.take() {
            terminal.copy_to_clipboard(&text)?;
        }
        // What changes without a key (a save, a message, matches, the team server's state,
        // which a thread updates) is compared with what was last drawn.
        redraw |= key || shown(&app) != drawn;
        if redraw && !app.quit {
            // Taken before drawing: a thread may change it while the frame is drawn.
            drawn = shown(&app);
            terminal.draw(&app)?;
        }
        // Files are written once the key's frame is on screen, and what they changed (a save's
        // state, another program's work merged in) drawn at once.
        if !writes.is_empty() {
            app.apply_all(writes);
            if !app.quit {
                drawn = shown(&app);
                terminal.draw(&app)?;
            }
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
