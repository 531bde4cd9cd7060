//! The parts of the main screen: the document, the current segment, the editor, the
//! suggestions, the status bar and the message line.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{occurrences, rows, wrapped_lines};
use super::{Theme, boxed, boxed_document, frame_rows, label, source_layout};
use crate::glossary::check::EnglishText;
use crate::memory::DiffKind;
use crate::tui::app::{App, Mode, MtState, SaveState, Zoom};
use crate::tui::messages::Severity;

/// Columns taken by the status mark and the segment number before each segment.
pub const PREFIX_WIDTH: usize = 7;

/// Glossary terms and search hits in a source text, sorted and without overlaps.
fn marks(app: &App, theme: &Theme, index: usize) -> Vec<(Range<usize>, Style)> {
    let source = app.shown_source(index);
    let mut marks: Vec<(Range<usize>, Style)> = app
        .hits(index)
        .into_iter()
        .map(|hit| (hit.span, theme.term()))
        .collect();
    if let Some(search) = &app.search {
        for range in occurrences(source, &search.query) {
            marks.retain(|(r, _)| r.end <= range.start || r.start >= range.end);
            marks.push((range, theme.search_hit()));
        }
    }
    layered(tag_marks(app, theme, index, source), marks)
}

/// The current search's hits in a text (the English of segment `index`), over its tags'
/// formatting.
fn target_marks(app: &App, theme: &Theme, index: usize, text: &str) -> Vec<(Range<usize>, Style)> {
    let hits = match &app.search {
        Some(search) => occurrences(text, &search.query)
            .into_iter()
            .map(|range| (range, theme.search_hit()))
            .collect(),
        None => Vec::new(),
    };
    layered(tag_marks(app, theme, index, text), hits)
}

/// A text's inline tags set apart, and the text inside each pair drawn as the document has
/// it (the looks of the segment's paragraph, for a Word, OpenDocument or HTML source).
fn tag_marks(app: &App, theme: &Theme, index: usize, text: &str) -> Vec<(Range<usize>, Style)> {
    use crate::markup::tags::{Tag, tags_of};
    let tags = tags_of(text);
    let looks = app.tag_looks.get(app.project.unit(index).paragraph);
    let mut marks = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (start, tag, len) in tags {
        marks.push((start..start + len, theme.tag()));
        match tag {
            Tag::Open(number) => open.push((number, start + len)),
            Tag::Close(number) => {
                if let Some(at) = open.iter().rposition(|(n, _)| *n == number) {
                    let (_, from) = open.remove(at);
                    let look = looks
                        .and_then(|looks| looks.get(number - 1))
                        .copied()
                        .unwrap_or_default();
                    marks.push((from..start, theme.formatting(look)));
                }
            }
            Tag::Standalone(_) => {}
        }
    }
    marks
}

/// `under` and `over` as sorted marks that do not overlap: where marks cover the same text,
/// their styles are combined, `over`'s last.
fn layered(
    under: Vec<(Range<usize>, Style)>,
    over: Vec<(Range<usize>, Style)>,
) -> Vec<(Range<usize>, Style)> {
    let all: Vec<(Range<usize>, Style)> = under.into_iter().chain(over).collect();
    let mut cuts: Vec<usize> = all
        .iter()
        .flat_map(|(range, _)| [range.start, range.end])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut marks: Vec<(Range<usize>, Style)> = Vec::new();
    for piece in cuts.windows(2) {
        let (start, end) = (piece[0], piece[1]);
        let covering: Vec<Style> = all
            .iter()
            .filter(|(range, _)| range.start <= start && end <= range.end)
            .map(|(_, style)| *style)
            .collect();
        if covering.is_empty() {
            continue;
        }
        let style = covering
            .into_iter()
            .fold(Style::default(), |style, mark| style.patch(mark));
        match marks.last_mut() {
            Some((range, last)) if range.end == start && *last == style => range.end = end,
            _ => marks.push((start..end, style)),
        }
    }
    marks
}

/// The lines of one segment in the document pane: its French, its English under it (as the
/// view asks), the status mark, or `!` for a translation with an error.
pub fn segment_lines<'a>(app: &'a App, theme: &Theme, index: usize, width: usize) -> Vec<Line<'a>> {
    let unit = app.project.unit(index);
    let (mark, mark_style) = match app.has_error(index) {
        true => ("!", theme.warning()),
        false if unit.locked => theme.locked(),
        false => theme.status(unit.status),
    };
    let base = if index == app.current {
        theme.current()
    } else {
        Style::default()
    };
    let mut prefix = Some(vec![
        Span::styled(format!("{mark} "), base.patch(mark_style)),
        Span::styled(format!("{:>4} ", index + 1), base.patch(theme.dim())),
    ]);
    let blank = || vec![Span::styled(" ".repeat(PREFIX_WIDTH), base)];
    let mut lines: Vec<Line<'a>> = Vec::new();
    if app.document_view.shows_source() {
        let first = prefix.take().unwrap_or_else(blank);
        let marks = marks(app, theme, index);
        // Control characters shown (`¤`), with the same byte offsets for the marks.
        match crate::controls::shown(app.shown_source(index)) {
            std::borrow::Cow::Borrowed(text) => {
                lines.extend(wrapped_lines(text, width, first, &marks, base))
            }
            std::borrow::Cow::Owned(text) => {
                let first: Vec<Span<'static>> = first
                    .into_iter()
                    .map(|span| Span::styled(span.content.into_owned(), span.style))
                    .collect();
                let shown: Vec<Line<'static>> = wrapped_lines(&text, width, first, &marks, base)
                    .into_iter()
                    .map(into_owned_line)
                    .collect();
                lines.extend(shown)
            }
        }
        lines.extend(not_shown_line(app, index, theme));
    }
    if app.document_view.shows_target() {
        let target = app.shown_target(index);
        let first: Vec<Span<'static>> = prefix
            .take()
            .unwrap_or_else(blank)
            .into_iter()
            .map(|span| Span::styled(span.content.into_owned(), span.style))
            .collect();
        let style = base.patch(theme.english());
        match target.is_empty() {
            // Under its French an untranslated segment has nothing to reread; alone, a dash.
            true if app.document_view.shows_source() => {}
            true => lines.push(Line::from(
                [first, vec![Span::styled("—", base.patch(theme.dim()))]].concat(),
            )),
            false => lines.extend(
                wrapped_lines(
                    &target,
                    width,
                    first,
                    &target_marks(app, theme, index, &target),
                    style,
                )
                .into_iter()
                .map(|line| -> Line<'a> { into_owned_line(line) }),
            ),
        }
    }
    lines
}

/// The line under a huge segment cut for the screen, when it is cut.
fn not_shown_line(app: &App, index: usize, theme: &Theme) -> Option<Line<'static>> {
    let hidden = app.hidden_source_bytes(index);
    (hidden > 0).then(|| {
        Line::from(Span::styled(
            format!(
                "       … {} KB more of this segment not shown",
                hidden.div_ceil(1024)
            ),
            theme.dim(),
        ))
    })
}

pub fn source(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let inner = boxed_document(app).inner(area);
    let placed = source_layout(app, theme, inner);
    // Scroll indicators: listed segments above the first shown, and after the last shown in
    // full.
    let listed = app.listed();
    let position = |index: usize| listed.binary_search(&index).unwrap_or(0);
    let above = placed.first().map_or(0, |p| position(p.index));
    // (A first segment taller than the pane counts as shown: what is below it is below.)
    let last_whole = placed
        .iter()
        .rev()
        .find(|p| p.y + p.lines.len() as u16 <= inner.y + inner.height)
        .or(placed.first())
        .map_or(0, |p| position(p.index) + 1);
    let below = listed.len().saturating_sub(last_whole);
    let mut title = format!(" {} ", app.project.header().source.display());
    if app.filter != crate::tui::app::Filter::All {
        let count = app.filtered.as_ref().map_or(0, Vec::len);
        title.push_str(&format!("· {}: {count} ", app.filter.label()));
    }
    if above > 0 {
        title.push_str(&format!("· ↑ {above} "));
    }
    if below > 0 {
        title.push_str(&format!("· ↓ {below} "));
    }
    let view = match app.document_view {
        crate::tui::app::DocumentView::Both => "",
        crate::tui::app::DocumentView::Source => "· French only ",
        crate::tui::app::DocumentView::Target => "· English only ",
    };
    title.push_str(view);
    let block = boxed_document(app).title(title);
    frame.render_widget(block, area);
    for placed in placed {
        for (offset, line) in placed.lines.into_iter().enumerate() {
            let y = placed.y + offset as u16;
            if y >= inner.y + inner.height {
                break;
            }
            frame.render_widget(line, Rect::new(inner.x, y, inner.width, 1));
        }
    }
}

pub fn current(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let index = app.current;
    let unit = app.project.unit(index);
    let shown = app.shown_source(index);
    let title = if app.hidden_source_bytes(index) > 0 {
        format!(
            " Source {}/{} · its first {} KB of {} KB shown ",
            index + 1,
            app.project.len(),
            shown.len() / 1024,
            unit.source.len().div_ceil(1024)
        )
    } else {
        format!(" Source {}/{} ", index + 1, app.project.len())
    };
    let block = boxed(app).title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (text, marks) = match &app.mode {
        Mode::Split { points, chosen, .. } => {
            let at = points[*chosen].min(shown.len());
            let text = format!("{}┃{}", &shown[..at], &shown[at..]);
            let marks = vec![(at..at + '┃'.len_utf8(), theme.warning())];
            (text, marks)
        }
        _ => (
            crate::controls::shown(shown).into_owned(),
            marks(app, theme, index),
        ),
    };
    let mut lines: Vec<Line> = wrapped_lines(
        &text,
        inner.width as usize,
        Vec::new(),
        &marks,
        Style::default(),
    )
    .into_iter()
    .map(into_owned_line)
    .collect();
    lines.extend(not_shown_line(app, index, theme));
    // The segment's comment (Alt+O), under its source: kept in view, not only in the file.
    if !unit.note.is_empty() {
        let comment = comment_text(&unit.note);
        let mut comment_lines: Vec<Line> =
            wrapped_lines(&comment, inner.width as usize, Vec::new(), &[], theme.dim())
                .into_iter()
                .map(into_owned_line)
                .collect();
        // The source gives way to the comment when the box is full.
        let room = usize::from(inner.height);
        comment_lines.truncate(room.saturating_sub(1).max(1));
        lines.truncate(room.saturating_sub(comment_lines.len()));
        lines.extend(comment_lines);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A segment's comment as the source box shows it, on one line.
pub fn comment_text(note: &str) -> String {
    format!(
        "Comment: {}",
        note.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

fn into_owned_line(line: Line<'_>) -> Line<'static> {
    Line::from(
        line.spans
            .into_iter()
            .map(|span| Span::styled(span.content.into_owned(), span.style))
            .collect::<Vec<_>>(),
    )
    .style(line.style)
}

pub fn editor(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let unit = app.project.unit(app.current);
    let (mark, style) = theme.status(unit.status);
    let mut title = vec![
        Span::styled(" English ", theme.title()),
        Span::styled(format!("{mark} {} ", unit.status.name()), style),
    ];
    if unit.locked {
        let (mark, style) = theme.locked();
        title.push(Span::styled(
            format!("{mark} locked in the client's file "),
            style,
        ));
    }
    let inner = boxed(app).inner(area);
    if let Some(editor) = app.editor() {
        // Drawn first: drawing scrolls the editor to its cursor, and the title then says how
        // many of the text's lines are out of the box, above and below.
        frame.render_widget(editor.widget(), inner);
        let (top, _) = editor.widget().scroll_offset();
        let total = super::text::wrap(&editor.text(), inner.width.max(1) as usize).len();
        let below = total.saturating_sub(top as usize + inner.height as usize);
        if top > 0 {
            title.push(Span::styled(
                format!("· ↑ {top} lines above "),
                theme.caution(),
            ));
        }
        if below > 0 {
            title.push(Span::styled(format!("· ↓ {below} below "), theme.caution()));
        }
    }
    let block = boxed(app).title(Line::from(title));
    frame.render_widget(block, area);
}

/// The lines of glossary suggestion `number`, in full and compact: its Alt+digit, source and
/// target (and whether the English uses it), then, in full, its forbidden renderings and note
/// on lines of their own; compact, that one line alone (with a forbidden rendering the English
/// uses).
fn term_lines(
    number: usize,
    entry: &crate::glossary::Entry,
    typed: &EnglishText,
    theme: &Theme,
) -> (Vec<Line<'static>>, Line<'static>) {
    let check = crate::glossary::check::check_entry(entry, typed);
    let key = match number {
        0..9 => format!("Alt+{} ", number + 1),
        _ => "      ".to_owned(),
    };
    let mut spans = vec![
        Span::styled(key, theme.dim()),
        Span::raw(entry.source.clone()),
        Span::styled(" → ", theme.dim()),
        Span::styled(
            entry.target.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
    ];
    if check.found {
        spans.push(Span::styled("  ✓ used", theme.good()));
    }
    let used = match check.forbidden_used.is_empty() {
        true => "",
        false => "  ← in your text!",
    };
    let mut full = vec![Line::from(spans.clone())];
    if !entry.forbidden.is_empty() {
        full.push(label(
            format!("      not: {}{used}", entry.forbidden.join(", ")),
            theme.warning(),
        ));
    }
    if let Some(note) = &entry.note {
        full.push(label(format!("      {note}"), theme.dim()));
    }
    if !check.forbidden_used.is_empty() {
        spans.push(Span::styled(
            format!("  not: {}{used}", check.forbidden_used.join(", ")),
            theme.warning(),
        ));
    }
    (full, Line::from(spans))
}

/// The glossary box's lines, in full and compact ([`term_lines`]): a review waiting for
/// Alt+Y/Alt+N, the QA issues, then each term; and where each term starts.
struct GlossaryLines {
    full: (Vec<Line<'static>>, Vec<usize>),
    compact: (Vec<Line<'static>>, Vec<usize>),
}

fn glossary_lines(
    app: &App,
    theme: &Theme,
    suggestions: &[(crate::glossary::Hit, crate::glossary::Entry)],
) -> GlossaryLines {
    let mut head = Vec::new();
    // A reviewer's change, as a word diff from the translator's version.
    if let Some(translator) = &app.project.unit(app.current).translator_version {
        let reviewed = &app.project.unit(app.current).target;
        head.push(label(
            "Review change (Alt+Y accepts, Alt+N rejects):",
            theme.title(),
        ));
        let diff = crate::memory::word_diff(translator, reviewed);
        let mut spans = vec![Span::raw("      ")];
        spans.extend(diff_spans(
            &changes_in_context(&diff),
            theme,
            Style::default(),
        ));
        head.push(Line::from(spans));
    }
    for issue in app.issues() {
        let style = match issue.severity {
            crate::qa::Severity::Error => theme.warning(),
            crate::qa::Severity::Warning => theme.title(),
        };
        head.push(Line::from(vec![
            Span::styled("QA ", style),
            Span::raw(format!("{} ({})", issue.message, issue.check)),
        ]));
    }
    if suggestions.is_empty() {
        head.push(label("No glossary term in this segment.", theme.dim()));
    }
    let typed = EnglishText::new(&app.editor().map(|e| e.text()).unwrap_or_default());
    let (mut full, mut compact) = ((head.clone(), Vec::new()), (head, Vec::new()));
    for (number, (_, entry)) in suggestions.iter().enumerate() {
        let (lines, line) = term_lines(number, entry, &typed, theme);
        full.1.push(full.0.len());
        full.0.extend(lines);
        compact.1.push(compact.0.len());
        compact.0.push(line);
    }
    GlossaryLines { full, compact }
}

/// The glossary suggestions (and QA issues) and, under them in their own box so that they stay
/// visible however many terms there are, the memory matches.
///
/// Alt+Z gives the whole column to one of the boxes ([`Zoom`]).
pub fn suggestions(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    match app.zoom {
        Some(Zoom::Memory) => return memory_matches(app, theme, frame, area),
        Some(Zoom::MachineTranslation) if app.mt.is_some() => {
            return machine_translation(app, theme, frame, area);
        }
        _ => {}
    }
    let zoomed = app.zoom == Some(Zoom::Glossary);
    let inner_width = super::inner_width(app, area.width);
    let frame_rows = frame_rows(app);
    let area = match app.mt.is_some() && !zoomed {
        false => area,
        true => {
            let wanted = (rows(machine_translation_lines(app, theme), inner_width) + frame_rows)
                .min(area.height / 3)
                .max(frame_rows + 2);
            let [rest, mt] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(wanted)]).areas(area);
            machine_translation(app, theme, frame, mt);
            rest
        }
    };
    let suggestions = app.suggestions();
    // Built once a frame (the QA checks and each term's check run here).
    let glossary = glossary_lines(app, theme, &suggestions);
    let area = if app.matches.is_empty() || zoomed {
        area
    } else {
        // The glossary first: every term on a line of its own (up to half the column), then
        // the matches and their word diffs in what is left (two rows of text at least).
        let glossary_rows =
            (rows(glossary.compact.0.clone(), inner_width) + frame_rows).min(area.height / 2);
        let wanted = (rows(memory_lines(app, theme), inner_width) + frame_rows)
            .min(area.height.saturating_sub(glossary_rows))
            .max(frame_rows + 2);
        let [glossary, memory] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(wanted)]).areas(area);
        memory_matches(app, theme, frame, memory);
        glossary
    };
    let inner = boxed(app).inner(area);
    // Each term in full (its forbidden renderings and note on lines of their own), or, when
    // that does not fit the box, a line each, so that every term's source and target show.
    let (mut lines, mut term_starts) = match rows(glossary.full.0.clone(), inner.width) {
        fits if fits <= inner.height => glossary.full,
        _ => glossary.compact,
    };
    // Scrolled (Ctrl+PgDn / Ctrl+PgUp) by whole terms, the issues staying on top, then cut at
    // the last term that fits; the title says how many terms are above and below.
    let above = app.glossary_scroll.min(term_starts.len().saturating_sub(1));
    if above > 0 {
        let (issues_end, from) = (term_starts[0], term_starts[above]);
        lines.drain(issues_end..from);
        let shift = from - issues_end;
        term_starts = term_starts[above..].iter().map(|t| t - shift).collect();
    }
    let mut below = 0;
    if rows(lines.clone(), inner.width) > inner.height {
        let fits =
            |count: usize| rows(lines[..term_starts[count]].to_vec(), inner.width) <= inner.height;
        let shown = (0..term_starts.len()).rev().find(|&n| fits(n)).unwrap_or(0);
        // At least one term, on its single line, whatever the issues above it take.
        let shown = shown.max(1).min(term_starts.len());
        below = term_starts.len() - shown;
        lines.truncate(term_starts.get(shown).copied().unwrap_or(lines.len()));
    }
    let mut title = vec![Span::styled(
        match suggestions.len() {
            0 | 1 => " Glossary · QA ".to_owned(),
            n => format!(" Glossary · QA · {n} terms "),
        },
        theme.title(),
    )];
    if above > 0 {
        title.push(Span::styled(
            format!("· ↑ {above} (Ctrl+PgUp) "),
            theme.dim(),
        ));
    }
    if below > 0 {
        title.push(Span::styled(
            format!("· ↓ {below} (Ctrl+PgDn) "),
            theme.warning(),
        ));
    }
    title.push(Span::styled(zoom_note(app), theme.title()));
    let block = boxed(app).title(Line::from(title));
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The machine translation box: the suggestion, what its check found, the keys.
fn machine_translation(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let name = app.mt.as_ref().map(|w| w.name()).unwrap_or_default();
    let block = boxed(app).title(Span::styled(
        format!(" Machine translation · {name} {}", zoom_note(app)),
        theme.title(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = machine_translation_lines(app, theme);
    // Cut: the lines that fit whole, or the first one on a single row, then a line saying
    // what a taller window would show.
    if rows(lines.clone(), inner.width) > inner.height && inner.height >= 2 {
        let total = lines.len();
        let fits = |lines: &[Line]| rows(lines.to_vec(), inner.width) < inner.height;
        let whole = (1..total).rev().find(|&n| fits(&lines[..n]));
        lines.truncate(whole.unwrap_or(1));
        let wrap = whole.is_some();
        lines.push(label(
            "… more (the text, its marks, the repair): a taller window shows it",
            theme.warning(),
        ));
        let paragraph = Paragraph::new(lines);
        let paragraph = match wrap {
            true => paragraph.wrap(Wrap { trim: false }),
            false => paragraph,
        };
        frame.render_widget(paragraph, inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn machine_translation_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let suggestion = match app.machine_translation() {
        None | Some(MtState::Pending) => {
            return vec![label("translating…", theme.dim())];
        }
        Some(MtState::Failed(error)) => {
            return vec![label(format!("failed: {error}"), theme.warning())];
        }
        Some(MtState::Ready(suggestion)) => suggestion,
    };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    // The repaired translation first, its substitutions marked, the provider's own words a
    // line below (Alt+M); the marks are those of the text shown first.
    let request = app.mt_requests.get(&app.current);
    let (mut lines, shown) = match (&suggestion.repaired, request) {
        (Some(repaired), Some(request)) => {
            let mut spans = vec![Span::styled("Alt+Shift+M ", theme.dim())];
            for piece in crate::memory::word_diff(&suggestion.text, repaired) {
                match piece.kind {
                    DiffKind::Same => spans.push(Span::styled(format!("{} ", piece.text), bold)),
                    DiffKind::Added => spans.push(Span::styled(
                        format!("{} ", piece.text),
                        theme.good().add_modifier(Modifier::UNDERLINED),
                    )),
                    DiffKind::Removed => {}
                }
            }
            let lines = vec![
                Line::from(spans),
                Line::from(vec![
                    Span::styled("Alt+M ", theme.dim()),
                    Span::styled(format!("as written: {}", suggestion.text), theme.dim()),
                ]),
            ];
            (lines, crate::mt::check::check(request, repaired, |_| None))
        }
        _ => (
            vec![Line::from(vec![
                Span::styled("Alt+M ", theme.dim()),
                Span::styled(suggestion.text.clone(), bold),
            ])],
            suggestion.clone(),
        ),
    };
    // A memory example sent with the segment that goes against the glossary: said first, as
    // the provider may have followed it.
    if let Some(request) = request {
        for conflict in crate::mt::few_shot::conflicts(request) {
            lines.push(label(format!("      note: {conflict}"), theme.warning()));
        }
    }
    for term in &shown.missing {
        lines.push(label(
            format!("      missing: {} (for {})", term.english, term.french),
            theme.warning(),
        ));
    }
    for form in &shown.forbidden {
        lines.push(label(format!("      forbidden: {form}"), theme.warning()));
    }
    for issue in &suggestion.issues {
        lines.push(label(
            format!("      QA {} ({})", issue.message, issue.check),
            theme.dim(),
        ));
    }
    if shown.is_clean() {
        lines.push(label("      glossary terms ✓", theme.good()));
    }
    lines
}

fn memory_matches(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = boxed(app).title(Span::styled(
        format!(" Translation memory {}", zoom_note(app)),
        theme.title(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = memory_lines(app, theme);
    // Cut: the matches that fit (each starts with its Alt+letter), then how many more.
    if !app.matches.is_empty() && rows(lines.clone(), inner.width) > inner.height {
        let starts: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                lines[i]
                    .spans
                    .first()
                    .is_some_and(|s| s.content.starts_with("Alt+"))
            })
            .collect();
        let fits = |count: usize| {
            let mut shown = lines[..starts[count]].to_vec();
            shown.push(Line::default());
            rows(shown, inner.width) <= inner.height
        };
        // The first matches that fit whole, or at least the first one's translation.
        let shown = (1..starts.len()).rev().find(|&n| fits(n));
        lines.truncate(shown.map_or(1, |n| starts[n]));
        let more = match starts.len() - shown.unwrap_or(1) {
            0 if app.matches[0].score >= 100 => {
                "… where it comes from: a taller window shows it".to_owned()
            }
            0 => "… its word diff: a taller window shows it".to_owned(),
            n => format!("… {n} more matches: a taller window shows them"),
        };
        lines.push(label(more, theme.warning()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// What a box given the whole column says in its title: how to share it again.
fn zoom_note(app: &App) -> &'static str {
    match app.zoom {
        Some(_) => "· Alt+Z: next box ",
        None => "",
    }
}

/// The memory matches: each translation, then how the memory's French differs.
fn memory_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if app.matches.is_empty() {
        lines.push(match app.matches_pending() {
            true => label("Looking the segment up…", theme.dim()),
            false => label("No memory match for this segment.", theme.dim()),
        });
    }
    for (number, found) in app.matches.iter().enumerate() {
        let letter = (b'A' + number as u8) as char;
        // The translation first (it is what gets inserted), then how the memory's French
        // differs from this segment's.
        let mut head = vec![
            Span::styled(format!("Alt+{letter} "), theme.dim()),
            Span::styled(format!("{:>3}% ", found.score), theme.title()),
        ];
        if found.unit.is_aligned() {
            // Paired by the aligner, not by a translator: worth a second look.
            head.push(Span::styled("aligned ", theme.warning()));
        }
        head.push(Span::styled(
            found.unit.target.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        lines.push(Line::from(head));
        // Under it: how the French differs (fuzzy: the changed words in context, the whole
        // sentence being in the source box), then where and when it was translated.
        let mut spans = vec![Span::raw("           ")];
        if found.score < 100 {
            spans.extend(diff_spans(
                &changes_in_context(&found.diff),
                theme,
                theme.dim(),
            ));
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            format!("· {}", provenance(&found.unit)),
            theme.dim(),
        ));
        lines.push(Line::from(spans));
    }
    lines
}

/// Where a memory unit comes from, for the translator: `article.txt.passeur, alice,
/// 2026-12-02` (a file name, not its folders).
fn provenance(unit: &crate::memory::MemoryUnit) -> String {
    let mut parts = vec![crate::memory::document::shown_origin(&unit.origin).into_owned()];
    if !unit.author.is_empty() {
        parts.push(unit.author.clone());
    }
    if unit.changed > 0 {
        parts.push(crate::time::Timestamp(unit.changed).iso()[..10].to_owned());
    }
    parts.join(", ")
}

/// A word diff as spans: `[-removed-]` struck through, `{+added+}` underlined, the rest in
/// `same`.
/// The changed words of a diff with at most three unchanged words either side of each change;
/// longer unchanged stretches are cut to `…`.
fn changes_in_context(diff: &[crate::memory::DiffPiece]) -> Vec<crate::memory::DiffPiece> {
    const CONTEXT: usize = 3;
    let changed = |i: usize| diff.get(i).is_some_and(|p| p.kind != DiffKind::Same);
    diff.iter()
        .enumerate()
        .map(|(i, piece)| {
            if piece.kind != DiffKind::Same {
                return piece.clone();
            }
            let words: Vec<&str> = piece.text.split_whitespace().collect();
            let (after, before) = (i > 0 && changed(i - 1), changed(i + 1));
            if words.len() <= CONTEXT * 2 || !(after || before) && words.len() <= CONTEXT {
                return piece.clone();
            }
            let mut kept: Vec<&str> = Vec::new();
            if after {
                kept.extend(&words[..CONTEXT]);
            }
            kept.push("…");
            if before {
                kept.extend(&words[words.len() - CONTEXT..]);
            }
            crate::memory::DiffPiece {
                kind: DiffKind::Same,
                text: kept.join(" "),
            }
        })
        .collect()
}

fn diff_spans(diff: &[crate::memory::DiffPiece], theme: &Theme, same: Style) -> Vec<Span<'static>> {
    diff.iter()
        .map(|piece| {
            let (text, style) = match piece.kind {
                DiffKind::Same => (format!("{} ", piece.text), same),
                DiffKind::Removed => (
                    format!("[-{}-] ", piece.text),
                    theme.warning().add_modifier(Modifier::CROSSED_OUT),
                ),
                DiffKind::Added => (
                    format!("{{+{}+}} ", piece.text),
                    theme.good().add_modifier(Modifier::UNDERLINED),
                ),
            };
            Span::styled(text, style)
        })
        .collect()
}

pub fn status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (done_words, total_words) = app.word_progress();
    let percent = (done_words * 100).checked_div(total_words).unwrap_or(100);
    let gauge_width = 10;
    let filled = (percent * gauge_width / 100).min(gauge_width);
    let (full, empty) = if theme.ascii {
        ("#", "-")
    } else {
        ("█", "░")
    };
    let gauge = format!(
        "{}{}",
        full.repeat(filled),
        empty.repeat(gauge_width - filled)
    );
    let save = match &app.save_state {
        SaveState::Saved => "saved".to_owned(),
        SaveState::Unsaved => "unsaved changes".to_owned(),
        SaveState::Failed { conflict: true, .. } => "NOT SAVED: file changed on disk".to_owned(),
        SaveState::Failed { .. } => "NOT SAVED".to_owned(),
    };
    let name = app
        .store
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mt = match (&app.mt, &app.mt_off) {
        (Some(worker), _) => format!(" │ MT: {}", worker.name()),
        (None, Some(_)) => " │ MT off".to_owned(),
        (None, None) => String::new(),
    };
    let origin = match app.project.is_machine_translated(app.current) {
        true => " (MT draft)",
        false => "",
    };
    // This segment's size: source words, and characters of the source → of the English.
    let source = &app.project.unit(app.current).source;
    let english = app.editor().map(|e| e.text()).unwrap_or_default();
    let segment = format!(
        "{} w · {}→{} ch",
        app.words.get(app.current).copied().unwrap_or_default(),
        source.chars().count(),
        english.chars().count()
    );
    // The team memory: only said when there is one.
    let mut team = match app.team_memory() {
        None => String::new(),
        Some(team) if team.misconfigured => format!(
            " │ TM team refused: {}",
            team.error.as_deref().unwrap_or_default()
        ),
        Some(team) if team.stalled => format!(
            " │ TM server not answering: {} queued, going on locally",
            team.queued
        ),
        Some(team) if !team.online => format!(
            " │ TM server unreachable: {} queued, working locally",
            team.queued
        ),
        Some(team) if team.queued > 0 => format!(" │ TM team: sending {}", team.queued),
        Some(_) => " │ TM team ✓".to_owned(),
    };
    if let Some(set_aside) = app.team_memory().map(|t| t.set_aside).filter(|&n| n > 0) {
        team.push_str(&format!(
            " │ {set_aside} refused by the TM server (see passeur memory count)"
        ));
    }
    if let Some(problem) = &app.memory_problem {
        team.push_str(&format!(" │ TM: {problem}"));
    }
    let text = format!(
        " {}/{}{origin} │ {save}{team} │ {segment} │ {done_words}/{total_words} words {gauge} {percent}% │ {name}{mt} ",
        app.current + 1,
        app.project.len(),
    );
    let offline = app
        .team_memory()
        .is_some_and(|team| !team.online || team.set_aside > 0)
        || app.memory_problem.is_some();
    let style = match app.save_state {
        SaveState::Failed { .. } => theme.status_bar().patch(theme.warning()),
        _ if offline => theme.status_bar().patch(theme.warning()),
        _ => theme.status_bar(),
    };
    frame.render_widget(Paragraph::new(text).style(style), area);
}

pub fn message(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let said = !app.messages.is_empty();
    let line = match &app.mode {
        Mode::Split { .. } => label(
            "Split: ← → choose where (┃), Enter splits, Esc cancels",
            theme.warning(),
        ),
        _ if said => {
            // Each message on its own line, oldest first; a warning or an error in its colour.
            let lines: Vec<Line> = app
                .messages
                .iter()
                .map(|message| {
                    let style = match message.severity {
                        Severity::Info => Style::default(),
                        Severity::Warning => theme.caution(),
                        Severity::Error => theme.warning(),
                    };
                    label(message.text.clone(), style)
                })
                .collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            return;
        }
        _ => match (app.machine_translation(), &app.mt_off) {
            (Some(MtState::Failed(error)), _) => {
                label(format!("MT failed: {error}"), theme.warning())
            }
            (_, Some(off)) => label(
                format!("{off} · F1 help · Enter confirm · Alt+↓/↑ move · Ctrl+Q quit"),
                theme.dim(),
            ),
            (_, None) if app.spell_off.is_some() => label(
                format!(
                    "No spell check: {}",
                    app.spell_off.as_deref().unwrap_or_default()
                ),
                theme.dim(),
            ),
            _ => label(
                "F1 help · Enter confirm · Alt+↓/↑ move · Alt+1–9 insert term · Alt+M MT · Ctrl+U next untranslated · Ctrl+Q quit",
                theme.dim(),
            ),
        },
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
}
