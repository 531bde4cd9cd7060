//! What opens over the main screen: the help, a one-line prompt, the add-term form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Theme, label};
use crate::tui::app::{App, Prompt, PromptKind, TermForm};
use crate::tui::keymap::Keymap;

/// A rectangle of at most `width`×`height` in the middle of `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(ratatui::layout::Flex::Center)
        .areas(row);
    cell
}

const HELP_WIDTH: u16 = 96;

/// The keys as the translator has them (their own bindings too) and what each does.
fn help_lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    // Keys longer than the column (a command with several) get a line of their own.
    const KEYS_WIDTH: usize = 18;
    let mut lines: Vec<Line> = Vec::new();
    for (keys, what) in keymap.help() {
        let width = keys.width();
        if width > KEYS_WIDTH {
            lines.push(Line::from(Span::styled(format!(" {keys}"), theme.title())));
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(KEYS_WIDTH + 3)),
                Span::raw(what),
            ]));
            continue;
        }
        let padding = " ".repeat(KEYS_WIDTH - width);
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys}{padding}  "), theme.title()),
            Span::raw(what),
        ]));
    }
    lines.push(Line::default());
    lines.push(label(
        " Esc or F1 closes this help; ↑ ↓ Home End scroll it.",
        theme.dim(),
    ));
    lines
}

/// The popup's area and how many rows of help it cannot show.
fn help_area(keymap: &Keymap, area: Rect) -> (Rect, u16) {
    let lines = help_lines(keymap, &Theme::new(false));
    let inner_width = HELP_WIDTH.min(area.width).saturating_sub(2);
    let rows = super::text::rows(lines, inner_width);
    let popup = centered(area, HELP_WIDTH, rows + 2);
    (popup, rows.saturating_sub(popup.height.saturating_sub(2)))
}

/// How far the help can scroll in a terminal of `size`.
pub fn help_scroll_limit(keymap: &Keymap, size: (u16, u16)) -> u16 {
    // The screen's last two rows are the status bar and the message line.
    help_area(keymap, Rect::new(0, 0, size.0, size.1.saturating_sub(2))).1
}

pub fn help(keymap: &Keymap, scroll: u16, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (popup, hidden) = help_area(keymap, area);
    let scroll = scroll.min(hidden);
    let title = match hidden {
        0 => " Keys ".to_owned(),
        _ => format!(
            " Keys · {hidden} more row{} {} ",
            if hidden == 1 { "" } else { "s" },
            match (scroll, scroll == hidden) {
                (0, _) => "below (↓)",
                (_, true) => "above (↑)",
                _ => "above and below (↑ ↓)",
            }
        ),
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(help_lines(keymap, theme))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        popup,
    );
}

pub fn prompt(prompt: &Prompt, theme: &Theme, frame: &mut Frame, area: Rect) {
    let question = match prompt.kind {
        PromptKind::GoTo => "Go to segment: ",
        PromptKind::Search => "Search (source and translation): ",
        PromptKind::Concordance => "Concordance (translation memory): ",
        PromptKind::ReplaceFind => "Find in the English: ",
        PromptKind::ReplaceWith { .. } => "Replace with: ",
        PromptKind::Comment => "Comment: ",
        PromptKind::WrapInTag => "Wrap the selection in the source's tag number: ",
    };
    let line = Line::from(vec![
        Span::styled(question, theme.title()),
        Span::raw(prompt.input.clone()),
        Span::styled("  (Enter, Esc cancels)", theme.dim()),
    ]);
    frame.render_widget(Clear, area);
    frame.render_widget(line, area);
    let x = area.x + (question.width() + prompt.input.width()) as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

pub fn add_term(form: &TermForm, app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 70, 10);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Add a glossary term ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (index, (name, value)) in TermForm::LABELS.iter().zip(&form.fields).enumerate() {
        let focused = index == form.focus;
        let style = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let label_text = format!(" {name:<8} ");
        if focused {
            cursor = Some((label_text.width() + value.width(), lines.len()));
        }
        lines.push(Line::from(vec![
            Span::styled(label_text, theme.title()),
            Span::styled(format!("{value} "), style),
        ]));
    }
    lines.push(Line::default());
    let destination = match form.to_user {
        true => "your glossary (every project)".to_owned(),
        false => app
            .project_glossary()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    lines.push(label(
        format!(" Tab next field · Enter adds to {destination} · Alt+G switches · Esc cancels"),
        theme.dim(),
    ));
    if let Some(error) = &form.error {
        lines.push(label(format!(" {error}"), theme.warning()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some((x, y)) = cursor {
        let x = (inner.x + x as u16).min(inner.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y + y as u16));
    }
}

/// The concordance: memory units holding the query (the newest `units` of `total`), scrolled
/// past `scroll` of them, with how many are above and below.
pub fn concordance(
    (query, units, total, scroll, local_only): (
        &str,
        &[crate::memory::MemoryUnit],
        u64,
        usize,
        bool,
    ),
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let popup = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(4),
    );
    frame.render_widget(Clear, popup);
    let count = match total > units.len() as u64 {
        true => format!("the newest {} of {total} units", units.len()),
        false => format!("{} units", units.len()),
    };
    let title = match local_only {
        false => format!(" Concordance: {query:?}, {count} "),
        true => format!(
            " Concordance: {query:?}, {count} of your local memory only: the team server does \
             not answer "
        ),
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines = Vec::new();
    if units.is_empty() {
        lines.push(label(" Nothing in the translation memory.", theme.dim()));
    }
    let scroll = scroll.min(units.len().saturating_sub(1));
    if scroll > 0 {
        lines.push(label(format!(" ↑ {scroll} more above"), theme.dim()));
    }
    // Two rows a unit at least: as many as fit, then how many more.
    let room = usize::from(inner.height.saturating_sub(3)) / 2;
    let shown = &units[scroll.min(units.len())..];
    for unit in shown.iter().take(room.max(1)) {
        lines.push(Line::from(vec![
            Span::styled(" fr ", theme.dim()),
            Span::raw(unit.source.clone()),
        ]));
        lines.push(Line::from(vec![
            Span::styled(" en ", theme.dim()),
            Span::styled(unit.target.clone(), theme.title()),
            Span::styled(
                format!(
                    "  ({})",
                    crate::memory::document::shown_origin(&unit.origin)
                ),
                theme.dim(),
            ),
        ]));
    }
    let below = shown.len().saturating_sub(room.max(1));
    if below > 0 {
        lines.push(label(
            format!(" ↓ {below} more below (↓ ↑ scroll)"),
            theme.warning(),
        ));
    }
    lines.push(label(" Esc closes.", theme.dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

pub fn statistics(stats: &crate::stats::Stats, theme: &Theme, frame: &mut Frame, area: Rect) {
    let text = crate::stats::report(stats);
    let mut lines: Vec<Line> = text.lines().map(|l| Line::raw(format!(" {l}"))).collect();
    lines.push(Line::default());
    lines.push(label(" Esc closes.", theme.dim()));
    let popup = centered(area, 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Statistics ")),
        popup,
    );
}
