//! Drawing: pure functions from the workspace's state to a frame. Nothing here changes state
//! or does I/O, so every screen can be tested with ratatui's `TestBackend`.
//!
//! Wide terminals (100 columns and more) put the document on the left and the current segment,
//! its editor and the suggestions on the right; narrow ones stack them. Short terminals (under
//! 30 rows) draw each box with a title line and no other border, so that at 80×24 the rows go to
//! the glossary, the best match and the MT. Below 40×10 a message asks for a bigger terminal.

mod panes;
mod popups;
mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::app::{App, Mode};
pub use popups::help_scroll_limit;
pub use text::{occurrences, wrap};
pub use theme::Theme;

/// From this many columns the document pane and the current segment's column stand side by
/// side; narrower terminals stack them.
const WIDE_FROM: u16 = 100;

/// The smallest terminal the workspace draws in.
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// Below this many rows the boxes have a title line and no other border: the rows go to
/// what they hold (at 80×24, every glossary term, the best match with its diff and the MT).
pub const COMPACT_BELOW_ROWS: u16 = 30;

/// Whether the boxes are drawn compact ([`COMPACT_BELOW_ROWS`]).
fn compact(app: &App) -> bool {
    app.size.1 < COMPACT_BELOW_ROWS
}

/// A box of the main screen: four borders, or in a short terminal the top one alone (its
/// title line).
fn boxed<'a>(app: &App) -> Block<'a> {
    Block::default().borders(match compact(app) {
        true => Borders::TOP,
        false => Borders::ALL,
    })
}

/// The document pane's box: as [`boxed`], with a right border in a short terminal whose
/// document pane stands beside the column (the two would otherwise run together).
fn boxed_document<'a>(app: &App) -> Block<'a> {
    match compact(app) && app.size.0 >= WIDE_FROM {
        true => Block::default().borders(Borders::TOP | Borders::RIGHT),
        false => boxed(app),
    }
}

/// The rows a box's frame takes ([`boxed`]).
fn frame_rows(app: &App) -> u16 {
    match compact(app) {
        true => 1,
        false => 2,
    }
}

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub source: Rect,
    pub current: Rect,
    pub editor: Rect,
    pub suggestions: Rect,
    pub status: Rect,
    pub message: Rect,
}

pub fn areas(app: &App, area: Rect) -> Areas {
    // Long messages get the rows they need (up to 4), never cut at the screen's width.
    let message_rows = {
        let lines = app
            .messages
            .iter()
            .map(|message| ratatui::text::Line::from(message.text.as_str()))
            .collect();
        text::rows(lines, area.width).clamp(1, 4)
    };
    let [body, status, message] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(message_rows),
    ])
    .areas(area);
    let current_height = current_box_height(app, body.width, area.width >= WIDE_FROM);
    let [source, current, editor, suggestions] = if area.width >= WIDE_FROM {
        let [source, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        // The editor as tall as its text and two rows more (three at least), up to half the
        // column: the rest goes to what passeur knows (glossary, memory, MT).
        let editor_height = editor_box_height(app, right.width).min(right.height / 2);
        let [current, editor, suggestions] = Layout::vertical([
            Constraint::Length(current_height),
            Constraint::Length(editor_height),
            Constraint::Min(3),
        ])
        .areas(right);
        [source, current, editor, suggestions]
    } else {
        // The editor as tall as its text (three rows at least), the glossary, memory and MT
        // two fifths of the rows (half in a short terminal, eight at least); the document
        // gives way first.
        let editor_height = editor_box_height(app, body.width).min(body.height / 3);
        let helpers = match compact(app) {
            true => body.height / 2,
            false => body.height * 2 / 5,
        };
        Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(current_height.min(body.height / 4 + frame_rows(app))),
            Constraint::Length(editor_height),
            Constraint::Length(helpers.max(8)),
        ])
        .areas(body)
    };
    Areas {
        source,
        current,
        editor,
        suggestions,
        status,
        message,
    }
}

/// Rows for the English box: the editor's text as wrapped, two rows to type on (three rows
/// at least), its frame.
fn editor_box_height(app: &App, width: u16) -> u16 {
    let text = app.editor().map(|e| e.text()).unwrap_or_default();
    let rows = wrap(&text, inner_width(app, width) as usize).len().max(1) as u16;
    (rows + 2).max(3) + frame_rows(app)
}

/// The width inside a box `width` wide.
fn inner_width(app: &App, width: u16) -> u16 {
    match compact(app) {
        true => width.max(1),
        false => width.saturating_sub(2).max(1),
    }
}

/// Rows for the current segment's box: its wrapped source and comment plus borders, at most 8
/// (10 with a comment).
fn current_box_height(app: &App, body_width: u16, wide: bool) -> u16 {
    if app.project.is_empty() {
        return 3;
    }
    let width = if wide {
        body_width * 45 / 100
    } else {
        body_width
    };
    let inner = inner_width(app, width) as usize;
    let lines = wrap(app.shown_source(app.current), inner);
    let note = &app.project.unit(app.current).note;
    let frame = frame_rows(app);
    match note.is_empty() {
        true => (lines.len() as u16).min(6) + frame,
        false => {
            let comment = wrap(&panes::comment_text(note), inner).len() as u16;
            (lines.len() as u16).min(6) + comment.min(2) + frame
        }
    }
}

pub fn draw(app: &App, frame: &mut Frame) {
    draw_screen(app, frame);
    neutralise_direction_controls(frame.buffer_mut());
}

/// Text from outside (a source, a machine translation, a teammate's unit) may hold
/// bidirectional controls (U+202E…), which ratatui keeps with the character before them and a
/// terminal would obey, drawing the line in another order than it is. None reaches the
/// terminal: each is taken out of its cell, and the cell is shown reversed and underlined so
/// the translator sees that something was there.
fn neutralise_direction_controls(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        // Most cells hold one ASCII byte: only longer symbols can hide a control.
        let symbol = cell.symbol();
        if symbol.len() > 1 && symbol.chars().any(crate::controls::is_bidi_control) {
            let shown: String = cell
                .symbol()
                .chars()
                .filter(|&c| !crate::controls::is_bidi_control(c))
                .collect();
            let style = cell.style().add_modifier(
                ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::UNDERLINED,
            );
            cell.set_symbol(if shown.is_empty() { " " } else { &shown });
            cell.set_style(style);
        }
    }
}

fn draw_screen(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(app.color);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = format!(
            "Terminal too small ({}×{}): passeur needs at least {}×{}. Ctrl+Q quits.",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    if app.project.is_empty() {
        let text = "This document has no text to translate. Ctrl+Q quits.";
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::ALL).title(" passeur ")),
            area,
        );
        return;
    }
    let areas = areas(app, area);
    panes::source(app, &theme, frame, areas.source);
    panes::current(app, &theme, frame, areas.current);
    panes::editor(app, &theme, frame, areas.editor);
    panes::suggestions(app, &theme, frame, areas.suggestions);
    panes::status(app, &theme, frame, areas.status);
    panes::message(app, &theme, frame, areas.message);
    match &app.mode {
        Mode::Normal | Mode::Split { .. } | Mode::Replace { .. } => {}
        Mode::Help { scroll } => popups::help(&app.keymap, *scroll, &theme, frame, area),
        Mode::Prompt(prompt) => popups::prompt(prompt, &theme, frame, areas.message),
        Mode::AddTerm(form) => popups::add_term(form, app, &theme, frame, area),
        Mode::Concordance {
            query,
            units,
            total,
            scroll,
            local_only,
        } => popups::concordance(
            (query, units, *total, *scroll, *local_only),
            &theme,
            frame,
            area,
        ),
        Mode::Statistics(stats) => popups::statistics(stats, &theme, frame, area),
    }
}

/// A segment placed in the source pane: its index, first row and lines.
pub struct Placed<'a> {
    pub index: usize,
    pub y: u16,
    pub lines: Vec<Line<'a>>,
}

/// The segments visible in the source pane (inside its borders), keeping the current segment
/// in view with some context above it, shifted by the mouse wheel.
pub fn source_layout<'a>(app: &'a App, theme: &Theme, inner: Rect) -> Vec<Placed<'a>> {
    let width = inner.width as usize;
    let height = inner.height as usize;
    // The segments the filter lists, in order.
    let listed = app.listed();
    let lines_of = |index: usize| panes::segment_lines(app, theme, index, width);
    // A blank line between paragraphs, and where the filter leaves segments out.
    let gap = |at: usize| {
        usize::from(
            at > 0 && {
                let (before, index) = (listed[at - 1], listed[at]);
                before + 1 != index
                    || app.project.unit(before).paragraph != app.project.unit(index).paragraph
            },
        )
    };
    // Walk back from the current segment until a third of the pane is filled, never so far
    // that the current segment itself no longer fits below (a small pane shows it first).
    let mut top = listed.binary_search(&app.current).unwrap_or(0);
    let current_rows = wrap_height(app, app.current, width);
    let mut above = 0;
    while top > 0 && above < height / 3 {
        let more = wrap_height(app, listed[top - 1], width) + gap(top);
        if above + more + current_rows > height {
            break;
        }
        above += more;
        top -= 1;
    }
    let top = (top as isize + app.view_shift).clamp(0, listed.len() as isize - 1) as usize;
    let mut placed = Vec::new();
    let mut y = 0;
    for (at, &index) in listed.iter().enumerate().skip(top) {
        if at > top {
            y += gap(at);
        }
        if y >= height {
            break;
        }
        let lines = lines_of(index);
        let rows = lines.len();
        placed.push(Placed {
            index,
            y: inner.y + y as u16,
            lines,
        });
        y += rows;
    }
    placed
}

fn wrap_height(app: &App, index: usize, width: usize) -> usize {
    let width = width.saturating_sub(panes::PREFIX_WIDTH).max(1);
    let mut rows = 0;
    if app.document_view.shows_source() {
        let cut_line = usize::from(app.hidden_source_bytes(index) > 0);
        rows += wrap(app.shown_source(index), width).len() + cut_line;
    }
    if app.document_view.shows_target() {
        rows += wrap(&app.shown_target(index), width).len();
    }
    rows
}

/// The segment drawn at a screen cell of the source pane, for mouse clicks.
pub fn segment_at(app: &App, column: u16, row: u16) -> Option<usize> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    if app.project.is_empty() || area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return None;
    }
    let source = areas(app, area).source;
    let inner = boxed_document(app).inner(source);
    if !inner.contains(ratatui::layout::Position::new(column, row)) {
        return None;
    }
    source_layout(app, &Theme::new(app.color), inner)
        .into_iter()
        .find(|placed| (placed.y..placed.y + placed.lines.len() as u16).contains(&row))
        .map(|placed| placed.index)
}

/// A line of `text` in `style`, for short labels.
fn label(text: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(text.into(), style))
}
