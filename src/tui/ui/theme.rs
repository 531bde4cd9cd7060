//! Colours and symbols. `NO_COLOR` gives a screen made of bold, underline and reverse only;
//! the Linux console (`TERM=linux`) gets ASCII status marks its font can show.

use ratatui::style::{Color, Modifier, Style};

use crate::project::Status;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        let ascii = std::env::var("TERM").is_ok_and(|t| t == "linux");
        Theme { color, ascii }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn current(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Indexed(236)),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn term(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::UNDERLINED),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn search_hit(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Yellow).fg(Color::Black),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::default().fg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    /// An inline tag (`<g1>`, `<x2/>`): set apart from the words, never in their way.
    pub fn tag(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::DIM),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    /// Text inside a pair of tags, as the document has it: bold, italic, links and underlined
    /// text underlined.
    pub fn formatting(&self, look: crate::source::inline::Look) -> Style {
        let mut style = Style::default();
        if look.bold {
            style = style.add_modifier(Modifier::BOLD);
        }
        if look.italic {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if look.underline || look.link {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        style
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// The English of a segment in the document pane.
    pub fn english(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan),
            Style::default().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Something to look at, less than a warning (a message the translator should read).
    pub fn caution(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow),
            Style::default().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn good(&self) -> Style {
        self.pick(Style::default().fg(Color::Green), Style::default())
    }

    pub fn status_bar(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Indexed(24)).fg(Color::White),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    /// The mark of a segment the client's file locked (in place of its status mark).
    pub fn locked(&self) -> (&'static str, Style) {
        (if self.ascii { "#" } else { "⊠" }, self.dim())
    }

    pub fn status(&self, status: Status) -> (&'static str, Style) {
        let (fancy, plain) = match status {
            Status::New => ("·", "."),
            Status::Draft => ("✎", "~"),
            Status::Confirmed => ("✓", "+"),
            Status::Reviewed => ("★", "*"),
        };
        let style = match status {
            Status::New => self.dim(),
            Status::Draft => self.pick(Style::default().fg(Color::Yellow), Style::default()),
            Status::Confirmed | Status::Reviewed => self.good(),
        };
        (if self.ascii { plain } else { fancy }, style)
    }
}
