//! The alignment review (`passeur align FR EN --review`): the two texts side by side, bead by
//! bead, each with its score; keys merge and split beads, move a boundary on either side and
//! confirm. A confirmed bead goes to the memory as a full unit (offered at 100%), and the
//! aligned units it corrects leave it. The memory's work runs on a thread of its own, so no key
//! waits on a server.
//!
//! Its keys are data too ([`COMMANDS`]): the footer and the README are made from the table.

use std::sync::mpsc;

use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keymap::{Chord, Command, command};
use super::ui::{Theme, wrap};
use crate::align::review::{Confirmation, Language, Review};
use crate::memory::{self, Lookup, MemoryUnit, TranslationMemory};

/// What a key does in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Next,
    Previous,
    Confirm,
    Merge,
    Split,
    Boundary(Language, bool),
    Quit,
}

/// The review's commands, in the order the footer lists them.
#[rustfmt::skip]
pub const COMMANDS: &[Command<Action>] = &[
    command("confirm", Action::Confirm, &["Enter"], "confirm the bead (into the memory at 100%) and go to the next"),
    command("next", Action::Next, &["Down", "j"], "next bead"),
    command("previous", Action::Previous, &["Up", "k"], "previous bead"),
    command("merge", Action::Merge, &["m"], "merge the bead with the next one"),
    command("split", Action::Split, &["s"], "split the bead after its first sentence on each side"),
    command("french-down", Action::Boundary(Language::French, true), &["Shift+Down", "f"], "French boundary down: take the next French sentence in"),
    command("french-up", Action::Boundary(Language::French, false), &["Shift+Up", "F"], "French boundary up: give the last French sentence to the next bead"),
    command("english-down", Action::Boundary(Language::English, true), &["Ctrl+Down", "e"], "English boundary down: take the next English sentence in"),
    command("english-up", Action::Boundary(Language::English, false), &["Ctrl+Up", "E"], "English boundary up: give the last English sentence to the next bead"),
    command("quit", Action::Quit, &["Esc", "q"], "leave the review (confirmed beads are in the memory)"),
];

/// The action a key asks for.
pub fn action_for(event: &Event) -> Option<Action> {
    let Event::Key(key) = event else {
        return None;
    };
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // A plain character is the character, whether or not Shift made it.
    let mut key = *key;
    if matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        key.modifiers -= KeyModifiers::SHIFT;
    }
    let chord = Chord::of(&key);
    COMMANDS
        .iter()
        .find(|c| c.keys.iter().any(|k| Chord::parse(k) == Some(chord)))
        .map(|c| c.action)
}

/// The review's state: the beads, what was said last, and the memory's answers awaited.
pub struct ReviewApp {
    pub review: Review,
    /// The two files, as shown in the title.
    pub files: (String, String),
    pub threshold: f64,
    pub message: String,
    pub confirmed: usize,
    pub pending: usize,
    pub quit: bool,
    theme: Theme,
}

impl ReviewApp {
    pub fn new(review: Review, files: (String, String), threshold: f64) -> ReviewApp {
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        ReviewApp {
            review,
            files,
            threshold,
            message: String::new(),
            confirmed: 0,
            pending: 0,
            quit: false,
            theme: Theme::new(color),
        }
    }

    /// Applies an action; a confirmation the memory is to carry out is returned.
    pub fn update(&mut self, action: Action) -> Option<Confirmation> {
        let review = &mut self.review;
        let done = match action {
            Action::Next => {
                review.next();
                true
            }
            Action::Previous => {
                review.previous();
                true
            }
            Action::Merge => review.merge_with_next(),
            Action::Split => review.split(),
            Action::Boundary(language, down) => review.move_boundary(language, down),
            Action::Quit => {
                self.quit = true;
                true
            }
            Action::Confirm => {
                let confirmation = review.confirm();
                match &confirmation {
                    Some(_) => {
                        self.pending += 1;
                        self.message = format!("Bead {} confirmed.", review.current + 1);
                        review.next_unconfirmed();
                    }
                    None => {
                        self.message = match review.bead() {
                            Some(bead) if bead.confirmed => "Confirmed already.".into(),
                            _ => "A sentence alone: nothing to remember.".into(),
                        };
                        review.next();
                    }
                }
                return confirmation;
            }
        };
        if !done {
            self.message = "Not here: no sentence to move or join on that side.".into();
        } else if !matches!(action, Action::Next | Action::Previous) {
            self.message.clear();
        }
        None
    }

    /// The memory took a confirmed bead (or failed to).
    pub fn answered(&mut self, answer: Result<(), String>) {
        self.pending = self.pending.saturating_sub(1);
        match answer {
            Ok(()) => self.confirmed += 1,
            Err(error) => self.message = format!("The memory did not take the bead: {error}"),
        }
    }
}

/// Where confirmed beads go: the two files' names (the units' origin) and who confirms.
#[derive(Debug, Clone)]
pub struct Confirmer {
    pub fr: String,
    pub en: String,
    pub author: String,
}

/// Runs the review until the translator leaves; the memory's work on a thread of its own.
/// Returns how many beads went into the memory.
pub fn run(
    mut app: ReviewApp,
    mut memory: Box<dyn TranslationMemory + Send>,
    confirmer: Confirmer,
) -> anyhow::Result<usize> {
    let (jobs, work) = mpsc::channel::<Confirmation>();
    let (answers, answered) = mpsc::channel::<Result<(), String>>();
    let worker = std::thread::spawn(move || {
        for job in work {
            let answer = remember(memory.as_mut(), &job, &confirmer).map_err(|e| e.to_string());
            if answers.send(answer).is_err() {
                break;
            }
        }
    });
    {
        let mut terminal = super::terminal::Terminal::enter()?;
        terminal.draw_with(|frame| draw(&app, frame))?;
        while !app.quit || app.pending > 0 {
            let mut redraw = false;
            while let Ok(answer) = answered.try_recv() {
                app.answered(answer);
                redraw = true;
            }
            if event::poll(std::time::Duration::from_millis(50))? {
                let event = event::read()?;
                if let Event::Resize(..) = event {
                    redraw = true;
                } else if let Some(action) = action_for(&event) {
                    if let Some(job) = app.update(action) {
                        let _ = jobs.send(job);
                    }
                    redraw = true;
                }
            }
            if redraw {
                terminal.draw_with(|frame| draw(&app, frame))?;
            }
        }
    }
    drop(jobs);
    let _ = worker.join();
    Ok(app.confirmed)
}

/// A confirmed bead into the memory: the aligned units it corrects out, the pair in as a full
/// unit.
pub fn remember(
    memory: &mut dyn TranslationMemory,
    confirmation: &Confirmation,
    confirmer: &Confirmer,
) -> Result<(), memory::MemoryError> {
    let (fr, en) = (&confirmer.fr, &confirmer.en);
    let aligned = memory::aligned_origin(fr, en, false);
    let lookup = Lookup {
        threshold: memory::ALIGNED_MAX_SCORE,
        max: 50,
        ..Lookup::default()
    };
    for (source, target) in &confirmation.replaced {
        for found in memory.lookup(source, &lookup)? {
            if found.unit.source == *source
                && found.unit.target == *target
                && found.unit.origin == aligned
            {
                memory.delete(found.id)?;
            }
        }
    }
    let now = crate::time::Timestamp::now().0;
    memory.add(&[MemoryUnit {
        source: confirmation.source.clone(),
        target: confirmation.target.clone(),
        origin: memory::aligned_origin(fr, en, true),
        author: confirmer.author.clone(),
        created: now,
        changed: now,
        previous: confirmation.previous.clone(),
        next: confirmation.next.clone(),
        ..MemoryUnit::default()
    }])?;
    Ok(())
}

/// Columns of the gutter before each bead: its number and its score or mark.
const GUTTER: u16 = 12;

/// Draws the review: a title line, the beads side by side (the current one highlighted, kept
/// on screen), what was said last and the keys.
pub fn draw(app: &ReviewApp, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 40 || area.height < 8 {
        frame.render_widget(Paragraph::new("A bigger terminal, please."), area);
        return;
    }
    let theme = app.theme;
    let review = &app.review;
    let below = review
        .beads
        .iter()
        .filter(|b| b.score.is_some_and(|s| s < app.threshold) && !b.confirmed)
        .count();
    let title = format!(
        " Alignment review · {} ⇄ {} · {} beads · {} confirmed · {} below {:.2}",
        app.files.0,
        app.files.1,
        review.beads.len(),
        review.beads.iter().filter(|b| b.confirmed).count(),
        below,
        app.threshold
    );
    frame.render_widget(
        Paragraph::new(Line::styled(title, theme.status_bar())),
        Rect { height: 1, ..area },
    );
    let footer = footer_lines(area.width as usize);
    let footer_height = footer.len() as u16 + 1;
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1 + footer_height),
        ..area
    };
    let column = ((body.width.saturating_sub(GUTTER + 3)) / 2).max(10) as usize;
    let rows: Vec<Vec<Line>> = review
        .beads
        .iter()
        .enumerate()
        .map(|(k, bead)| bead_lines(app, k, bead, column))
        .collect();
    // The first bead shown: the current one as low as half the screen.
    let mut top = review.current.min(rows.len().saturating_sub(1));
    let mut used = rows.get(top).map_or(0, Vec::len);
    while top > 0 && used + rows[top - 1].len() < (body.height as usize) / 2 {
        top -= 1;
        used += rows[top].len() + 1;
    }
    let mut lines: Vec<Line> = Vec::new();
    for row in rows.into_iter().skip(top) {
        if lines.len() >= body.height as usize {
            break;
        }
        lines.extend(row);
        lines.push(Line::default());
    }
    lines.truncate(body.height as usize);
    frame.render_widget(Paragraph::new(lines), body);
    let mut bottom = vec![Line::styled(app.message.clone(), theme.warning())];
    if app.pending > 0 {
        bottom[0] = Line::styled(
            format!("{} (the memory is taking it…)", app.message),
            theme.dim(),
        );
    }
    bottom.extend(
        footer
            .into_iter()
            .map(|text| Line::styled(text, theme.dim())),
    );
    frame.render_widget(
        Paragraph::new(bottom),
        Rect {
            y: area.y + area.height - footer_height,
            height: footer_height,
            ..area
        },
    );
}

/// One bead: number and score in the gutter, French and English wrapped side by side.
fn bead_lines<'a>(
    app: &ReviewApp,
    k: usize,
    bead: &crate::align::review::Reviewed,
    column: usize,
) -> Vec<Line<'a>> {
    let theme = app.theme;
    let review = &app.review;
    let current = k == review.current;
    let text = |side: &crate::align::Side, range: &std::ops::Range<usize>| match range.is_empty() {
        true => String::new(),
        false => side.text(range.clone()),
    };
    let (fr, en) = (text(&review.fr, &bead.fr), text(&review.en, &bead.en));
    let cut = |text: &str| -> Vec<String> {
        match text.is_empty() {
            true => vec!["—".to_owned()],
            false => wrap(text, column)
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect(),
        }
    };
    let (fr_lines, en_lines) = (cut(&fr), cut(&en));
    let (mark, mark_style) = match (bead.confirmed, bead.score) {
        (true, _) => ("✓ 100%".to_owned(), theme.good()),
        (false, None) => ("edited".to_owned(), theme.caution()),
        (false, Some(score)) if score < app.threshold => {
            (format!("{score:.2} low"), theme.warning())
        }
        (false, Some(score)) => (format!("{score:.2}"), theme.dim()),
    };
    let text_style = match current {
        true => theme.current(),
        false => Style::default(),
    };
    (0..fr_lines.len().max(en_lines.len()))
        .map(|row| {
            let gutter = match row {
                0 => format!("{}{:>3} ", if current { "▶" } else { " " }, k + 1),
                _ => " ".repeat(5),
            };
            let gutter_mark = match row {
                0 => format!("{mark:<7}"),
                _ => " ".repeat(7),
            };
            let pad = |s: Option<&String>| {
                let s = s.map_or("", String::as_str);
                let width = unicode_width::UnicodeWidthStr::width(s);
                format!("{s}{}", " ".repeat(column.saturating_sub(width)))
            };
            Line::from(vec![
                Span::styled(gutter, text_style.add_modifier(Modifier::BOLD)),
                Span::styled(gutter_mark, mark_style),
                Span::styled(pad(fr_lines.get(row)), text_style),
                Span::styled(" │ ", theme.dim()),
                Span::styled(pad(en_lines.get(row)), text_style.patch(theme.english())),
            ])
        })
        .collect()
}

/// The keys, as short as the width allows: `Enter confirm · ↓/J next · …`.
fn footer_lines(width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for command in COMMANDS {
        let keys: Vec<String> = command
            .keys
            .iter()
            .map(|k| k.replace("Down", "↓").replace("Up", "↑"))
            .collect();
        let item = format!("{} {}", keys.join("/"), command.name);
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + item.chars().count() + 3 > width {
            lines.push(item);
        } else {
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(&item);
        }
    }
    lines
}

/// The README's table of the review's keys.
pub fn readme_table() -> String {
    let mut out = String::from("| keys | command | what it does |\n|---|---|---|\n");
    for command in COMMANDS {
        let keys: Vec<String> = command.keys.iter().map(|k| format!("`{k}`")).collect();
        out.push_str(&format!(
            "| {} | `{}` | {} |\n",
            keys.join(" / "),
            command.name,
            command.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Bead, Side};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyEvent;

    fn app() -> ReviewApp {
        let side = |sentences: &[&str]| Side {
            sentences: sentences.iter().map(|s| s.to_string()).collect(),
            paragraphs: vec![0; sentences.len()],
        };
        let review = Review::new(
            side(&[
                "Le port a accueilli 1,8 million de passagers.",
                "Personne ne s'y attendait.",
            ]),
            side(&["The port welcomed 1.8 million passengers, a record."]),
            vec![Bead {
                fr: 0..2,
                en: 0..1,
                score: 0.42,
            }],
        );
        ReviewApp::new(review, ("a.fr.txt".into(), "a.en.txt".into()), 0.5)
    }

    fn screen(app: &ReviewApp) -> String {
        let mut terminal = Terminal::new(TestBackend::new(100, 16)).unwrap();
        terminal.draw(|frame| draw(app, frame)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_come_from_the_table_whatever_shift_made_the_letter() {
        assert_eq!(
            action_for(&key(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Confirm)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('F'), KeyModifiers::SHIFT)),
            Some(Action::Boundary(Language::French, false))
        );
        assert_eq!(
            action_for(&key(KeyCode::Down, KeyModifiers::CONTROL)),
            Some(Action::Boundary(Language::English, true))
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn the_screen_shows_both_texts_the_score_and_the_keys() {
        let mut app = app();
        let shown = screen(&app);
        assert!(
            shown.contains(
                "Alignment review · a.fr.txt ⇄ a.en.txt · 1 beads · 0 confirmed · 1 below 0.50"
            ),
            "{shown}"
        );
        let first = shown.lines().find(|l| l.contains("▶  1")).unwrap();
        assert!(
            first.contains("0.42 low") && first.contains("│ The port welcomed"),
            "{shown}"
        );
        assert!(shown.contains("Enter confirm"), "{shown}");
        // Split: the French sentence the English leaves out is alone.
        assert_eq!(app.update(Action::Split), None);
        let shown = screen(&app);
        let alone = shown.lines().find(|l| l.contains("Personne")).unwrap();
        assert!(
            alone.contains("   2 edited") && alone.contains("│ —"),
            "{shown}"
        );
        let confirmation = app.update(Action::Confirm).unwrap();
        assert_eq!(
            confirmation.target,
            "The port welcomed 1.8 million passengers, a record."
        );
        assert_eq!(app.pending, 1);
        app.answered(Ok(()));
        assert!(screen(&app).contains("✓ 100%"));
        assert_eq!(app.confirmed, 1);
    }

    #[test]
    fn a_confirmed_bead_replaces_the_aligned_units_it_corrects_in_the_memory() {
        let confirmer = Confirmer {
            fr: "a.fr.txt".to_owned(),
            en: "a.en.txt".to_owned(),
            author: "Claire".to_owned(),
        };
        let wrong = MemoryUnit {
            source: "Le port a accueilli 1,8 million de passagers. Personne ne s'y attendait."
                .into(),
            target: "The port welcomed 1.8 million passengers, a record.".into(),
            origin: memory::aligned_origin(&confirmer.fr, &confirmer.en, false),
            ..MemoryUnit::default()
        };
        let mut store = memory::Memory::new(vec![wrong]);
        let mut app = app();
        app.update(Action::Split);
        let confirmation = app.update(Action::Confirm).unwrap();
        remember(&mut store, &confirmation, &confirmer).unwrap();
        let mut units = Vec::new();
        store.for_each(&mut |_, unit| units.push(unit)).unwrap();
        assert_eq!(units.len(), 1, "{units:?}");
        assert_eq!(
            units[0].source,
            "Le port a accueilli 1,8 million de passagers."
        );
        assert!(units[0].origin.starts_with(memory::CONFIRMED_ALIGNMENT));
        assert_eq!(units[0].next, "Personne ne s'y attendait.");
        assert_eq!(units[0].author, "Claire");
    }

    #[test]
    fn the_readme_lists_the_review_keys_from_the_table() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table = readme_table();
        assert!(
            readme.contains(&table),
            "README.md's review key table is not the commands' table; put this one in its place:\n{table}"
        );
    }
}
