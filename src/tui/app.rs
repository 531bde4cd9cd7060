//! The workspace's state: the project being translated, its store, the glossary, the current
//! segment, an editor per visited segment, and what is on screen (popups, messages). Changing it
//! is `update`'s job; drawing it is `ui`'s.

use crate::memory::document::DocumentId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::document::Document;
use crate::glossary::sources::Sources;
use crate::glossary::{Entry, Hit, Index, cache};
use crate::memory::Match;
use crate::memory::worker::MemoryThread;
use crate::mt::check::Suggestion;
use crate::mt::worker::Worker;
use crate::project::store::{MergeReport, ProjectError, Store};
use crate::project::{Project, Status};
use crate::qa::{Issue, check_segment};
use crate::segment::Segmenter;
use crate::spell::Speller;

pub use crate::app::workspace::{Workspace, last_position, position_file, project_glossary_path};

use super::editor::Editor;
use super::effect::Effect;
pub use super::effect::TermForm;
use super::messages::{Messages, Topic};

/// How long a draft waits after the last keystroke before it is saved.
pub const DRAFT_DELAY: std::time::Duration = std::time::Duration::from_secs(2);
/// How often glossary files are checked for changes.
const GLOSSARY_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

/// What is on top of the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// The keys, scrolled down by this many rows.
    Help {
        scroll: u16,
    },
    Prompt(Prompt),
    /// Choosing where to split the current segment: byte offsets of the candidate points in
    /// its source, the chosen one, and the source document the split cuts (taken from the
    /// workspace while the mode lasts, given back when it ends).
    Split {
        points: Vec<usize>,
        chosen: usize,
        document: Box<Document>,
    },
    AddTerm(TermForm),
    /// Find & replace going through the segments whose English holds `find`, from `at`.
    Replace {
        find: String,
        with: String,
        segments: Vec<usize>,
        at: usize,
    },
    /// Concordance results: memory units containing the query.
    Concordance {
        query: String,
        /// The newest of them.
        units: Vec<crate::memory::MemoryUnit>,
        /// How many units hold the query in all.
        total: u64,
        /// Units scrolled past (↓ ↑).
        scroll: usize,
        /// The team server did not answer: the units are the local memory's only.
        local_only: bool,
    },
    /// The statistics screen, computed when opened.
    Statistics(Box<crate::stats::Stats>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    GoTo,
    Search,
    Concordance,
    /// Find & replace in the English: what to find…
    ReplaceFind,
    /// …and what to put instead of `find`.
    ReplaceWith {
        find: String,
    },
    /// The segment's comment (the project's note).
    Comment,
    /// The number of the source's tag to wrap the editor's selection in.
    WrapInTag,
}

/// How much of one segment's source the workspace shows, matches and checks (64 KiB, far more
/// than a screen holds).
pub const SHOWN_SOURCE_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    /// The last save failed; the message says why. `conflict` when the file changed on disk.
    Failed {
        message: String,
        conflict: bool,
    },
}

/// The search in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Segments whose source or translation contains the query, in order.
    pub hits: Vec<usize>,
}

/// Everything the workspace needs at start: the project opened with what goes with it
/// ([`crate::app::workspace::open`]), and how the screen was last arranged.
pub struct Session {
    pub workspace: Workspace,
    /// The keys, the translator's own bindings in place of the defaults.
    pub keymap: super::keymap::Keymap,
    /// How the translator last arranged the screen, and where a new choice is kept (see
    /// [`layout_file`]).
    pub layout: LayoutChoice,
    pub layout_file: Option<PathBuf>,
}

/// The box that has the whole right-hand column, when the translator gave it one (Alt+Z).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    /// The glossary terms, QA issues and a review change waiting.
    Glossary,
    Memory,
    MachineTranslation,
}

/// How the translator arranged the screen, kept from one session to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LayoutChoice {
    pub view: DocumentView,
    pub zoom: Option<Zoom>,
}

impl LayoutChoice {
    /// The choice kept in `file` (the default when there is none, or it cannot be read).
    pub fn load(file: Option<&Path>) -> LayoutChoice {
        let text = file
            .and_then(|file| crate::io::read::read_setting_file(file, 256).ok().flatten())
            .unwrap_or_default();
        let mut choice = LayoutChoice::default();
        for line in text.lines() {
            match line.trim() {
                "view: source" => choice.view = DocumentView::Source,
                "view: target" => choice.view = DocumentView::Target,
                "zoom: glossary" => choice.zoom = Some(Zoom::Glossary),
                "zoom: memory" => choice.zoom = Some(Zoom::Memory),
                "zoom: mt" => choice.zoom = Some(Zoom::MachineTranslation),
                _ => {}
            }
        }
        choice
    }

    /// As [`LayoutChoice::load`] reads it.
    pub fn to_text(self) -> String {
        let view = match self.view {
            DocumentView::Both => "both",
            DocumentView::Source => "source",
            DocumentView::Target => "target",
        };
        let zoom = match self.zoom {
            None => "none",
            Some(Zoom::Glossary) => "glossary",
            Some(Zoom::Memory) => "memory",
            Some(Zoom::MachineTranslation) => "mt",
        };
        format!("view: {view}\nzoom: {zoom}\n")
    }
}

/// Where the translator's layout choice is kept (their cache folder).
pub fn layout_file() -> Option<PathBuf> {
    Some(crate::paths::cache_dir()?.join("layout"))
}

/// What the document pane shows of each segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentView {
    /// The French and, under it, the English: the article reread in flow.
    #[default]
    Both,
    Source,
    Target,
}

impl DocumentView {
    /// The next view, for the toggle key.
    pub fn next(self) -> DocumentView {
        match self {
            DocumentView::Both => DocumentView::Source,
            DocumentView::Source => DocumentView::Target,
            DocumentView::Target => DocumentView::Both,
        }
    }

    pub fn shows_source(self) -> bool {
        self != DocumentView::Target
    }

    pub fn shows_target(self) -> bool {
        self != DocumentView::Source
    }
}

/// Which segments the document pane lists and Alt+↓/↑ visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Untranslated,
    Drafts,
    /// Translated segments with a QA issue (not ignored).
    Issues,
    /// Segments the current search finds.
    Search,
    /// Confirmed segments not reviewed yet: the review walks them.
    ToReview,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Untranslated,
            Filter::Untranslated => Filter::Drafts,
            Filter::Drafts => Filter::Issues,
            Filter::Issues => Filter::Search,
            Filter::Search => Filter::ToReview,
            Filter::ToReview => Filter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Untranslated => "untranslated",
            Filter::Drafts => "drafts",
            Filter::Issues => "with QA issues",
            Filter::Search => "search hits",
            Filter::ToReview => "to review",
        }
    }
}

/// How many segments after the current one get their machine translation in advance.
pub const MT_PREFETCH: usize = 3;

/// A segment's machine translation, as far as it has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MtState {
    Pending,
    Ready(Suggestion),
    Failed(String),
}

pub struct App {
    pub project: Project,
    pub store: Store,
    /// The source document, for merging and splitting (text and Markdown sources only).
    pub document: Option<Document>,
    /// How the inline tags of a document source look, by paragraph then tag number − 1.
    pub tag_looks: Vec<Vec<crate::source::inline::Look>>,
    pub segmenter: Segmenter,
    pub glossary: Index,
    glossary_sources: Sources,
    glossary_stamps: Vec<(PathBuf, Option<SystemTime>)>,
    glossary_checked: Option<Instant>,
    /// The project file's stamp when last looked at ([`Store::stamp`]).
    project_stamp: Option<crate::project::store::FileToken>,
    pub current: usize,
    pub editors: HashMap<usize, Editor>,
    pub mode: Mode,
    pub search: Option<Search>,
    pub messages: Messages,
    /// What the last actions asked of the world, not yet carried out (see [`Effect`]).
    pub(crate) effects: Vec<Effect>,
    pub save_state: SaveState,
    pub last_edit: Option<Instant>,
    /// Segments scrolled by the mouse wheel, relative to the view that follows the cursor.
    pub view_shift: isize,
    pub size: (u16, u16),
    pub color: bool,
    pub quit: bool,
    /// Ctrl+Q pressed while the save failed: a second one quits anyway.
    pub quit_requested: bool,
    /// Words of each segment's source.
    pub words: Vec<usize>,
    position_file: Option<PathBuf>,
    pub(crate) layout_file: Option<PathBuf>,
    pub memory: MemoryThread,
    /// The memory's work under way (see [`super::memory`]).
    pub(crate) memory_work: super::memory_work::MemoryWork,
    pub(crate) memory_document: Option<DocumentId>,
    /// Units confirmed that no memory has taken yet (it is still opening, or refused them):
    /// given to the memory as soon as it can take them, never dropped.
    pub(crate) unremembered: Vec<crate::memory::MemoryUnit>,
    /// Why the memory could not be opened or written, while it is so.
    pub memory_problem: Option<String>,
    pub(crate) last_memory_try: Option<Instant>,
    pub(crate) author: String,
    /// The team memory's generation the matches were looked up at.
    memory_generation: u64,
    pub(crate) threshold: u8,
    /// Memory matches for the current segment (looked up when it is opened).
    pub matches: Vec<Match>,
    pub mt: Option<Worker>,
    pub mt_off: Option<String>,
    /// Machine translations by segment.
    pub mt_states: HashMap<usize, MtState>,
    /// What each segment's machine translation was asked with (its glossary terms, context
    /// and memory examples).
    pub mt_requests: HashMap<usize, crate::mt::Request>,
    /// The confirmed or reviewed translation of a segment edited since (and its status), so
    /// that taking every edit back gives the status back.
    before_edits: HashMap<usize, (String, Status)>,
    pub speller: Option<Speller>,
    pub speller_loading: Option<std::sync::mpsc::Receiver<Result<Speller, String>>>,
    /// Why there is no spell check, once known.
    pub spell_off: Option<String>,
    /// A confirm held back by an error-level QA issue: the segment and the text; Enter again
    /// on the same text confirms anyway.
    pub held_confirm: Option<(usize, String)>,
    pub document_view: DocumentView,
    /// The box given the whole right-hand column, if any.
    pub zoom: Option<Zoom>,
    pub keymap: super::keymap::Keymap,
    /// What Ctrl+C / Ctrl+X put aside, for Ctrl+V in any segment.
    pub clipboard: String,
    pub osc52: bool,
    /// A copy for the terminal's clipboard, written by the event loop (the app never writes
    /// to the terminal itself).
    pub for_terminal_clipboard: Option<String>,
    pub filter: Filter,
    /// Glossary terms of the current segment scrolled past in their box.
    pub glossary_scroll: usize,
    /// The segments the filter lets through, worked out when it is chosen (and again when a
    /// segment is confirmed); `None` for all.
    pub filtered: Option<Vec<usize>>,
}

impl App {
    pub fn new(session: Session, size: (u16, u16), color: bool) -> App {
        let Session {
            workspace: session,
            keymap,
            layout,
            layout_file,
        } = session;
        let document = session
            .source_text
            .and_then(|text| session.project.document(text, &session.segmenter));
        let current = session
            .start_at
            .min(session.project.len().saturating_sub(1));
        let mut app = App {
            glossary_stamps: glossary_stamps(&session.glossary_sources),
            project: session.project,
            store: session.store,
            document,
            tag_looks: session.tag_looks,
            segmenter: session.segmenter,
            glossary: session.glossary,
            glossary_sources: session.glossary_sources,
            glossary_checked: None,
            project_stamp: None,
            current,
            editors: HashMap::new(),
            mode: Mode::Normal,
            search: None,
            messages: session.notice.map(Messages::of).unwrap_or_default(),
            effects: Vec::new(),
            save_state: SaveState::Saved,
            last_edit: None,
            view_shift: 0,
            size,
            color,
            quit: false,
            quit_requested: false,
            words: Vec::new(),
            position_file: session.position_file,
            zoom: layout.zoom,
            keymap,
            layout_file,
            memory: session.memory,
            memory_work: Default::default(),
            memory_document: session.memory_document,
            unremembered: Vec::new(),
            memory_problem: None,
            last_memory_try: None,
            author: session.author,
            memory_generation: 0,
            threshold: session.threshold,
            matches: Vec::new(),
            mt: session.mt,
            mt_off: session.mt_off,
            mt_states: HashMap::new(),
            mt_requests: HashMap::new(),
            before_edits: HashMap::new(),
            speller: None,
            speller_loading: session.speller_loading,
            spell_off: None,
            held_confirm: None,
            document_view: layout.view,
            clipboard: String::new(),
            osc52: session.osc52,
            for_terminal_clipboard: None,
            filter: Filter::All,
            glossary_scroll: 0,
            filtered: None,
        };
        app.recount_words();
        app.open_editor();
        app
    }

    /// The current segment's editor.
    pub fn editor(&self) -> Option<&Editor> {
        self.editors.get(&self.current)
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        self.editors.get_mut(&self.current)
    }

    fn open_editor(&mut self) {
        if self.project.is_empty() {
            return;
        }
        self.soon(Effect::LookUp);
        self.ask_machine_translations();
        self.glossary_scroll = 0;
        let target = self.project.unit(self.current).target.clone();
        self.editors
            .entry(self.current)
            .or_insert_with(|| Editor::new(&target));
        self.underline_misspellings();
    }

    /// Asks the machine-translation worker for the current segment and the next few
    /// untranslated ones that it has not been asked for yet.
    pub(crate) fn ask_machine_translations(&mut self) {
        let Some(worker) = &self.mt else {
            return;
        };
        let (context, budget) = worker.context();
        let last = (self.current + MT_PREFETCH).min(self.project.len().saturating_sub(1));
        for index in self.current..=last {
            let wanted = index == self.current || self.project.unit(index).status == Status::New;
            // The current segment is asked again when what goes with it changed (its memory
            // matches arrived after it was asked ahead).
            let asked = self.mt_requests.contains_key(&index);
            // A provider that learns from the memory's matches waits for them.
            let waits_for_matches = index == self.current
                && context == crate::mt::ContextUse::Examples
                && self.matches_pending();
            if !wanted || (asked && index != self.current) || waits_for_matches {
                continue;
            }
            let source = self.shown_source(index);
            let mut request = crate::mt::Request {
                source: source.to_owned(),
                terms: crate::mt::terms_of(source, &self.glossary),
                ..crate::mt::Request::default()
            };
            if context != crate::mt::ContextUse::Nothing && budget > 0 {
                let (previous, next) = crate::memory::neighbours(&self.project, index);
                let examples = match (index == self.current, context) {
                    (true, crate::mt::ContextUse::Examples) => self.matches.as_slice(),
                    _ => &[],
                };
                request = crate::mt::few_shot::with_context(
                    request,
                    (&previous, &next),
                    examples,
                    budget,
                );
            }
            if self.mt_requests.get(&index) == Some(&request) {
                continue;
            }
            worker.ask(index, request.clone());
            self.mt_states.insert(index, MtState::Pending);
            self.mt_requests.insert(index, request);
        }
    }

    /// Takes the machine translations that arrived; whether any did.
    pub fn take_machine_translations(&mut self) -> bool {
        let Some(worker) = &self.mt else {
            return false;
        };
        let mut arrived = false;
        while let Some(done) = worker.take() {
            let state = match done.outcome {
                Ok(suggestion) => MtState::Ready(suggestion),
                Err(error) => MtState::Failed(error.to_string()),
            };
            self.mt_states.insert(done.segment, state);
            arrived = true;
        }
        arrived
    }

    /// Whether a machine translation is on its way.
    pub fn machine_translation_pending(&self) -> bool {
        self.mt_states.values().any(|s| *s == MtState::Pending)
    }

    /// The current segment's machine translation, as far as it has come.
    pub fn machine_translation(&self) -> Option<&MtState> {
        self.mt_states.get(&self.current)
    }

    /// The QA issues of the current segment, when it has a translation.
    pub fn issues(&self) -> Vec<Issue> {
        let target = &self.project.unit(self.current).target;
        if target.is_empty() {
            return Vec::new();
        }
        self.issues_of(target)
    }

    /// A segment's English as the document pane shows it: the editor's text for the current
    /// segment (typed but not yet saved), the project's otherwise.
    pub fn shown_target(&self, index: usize) -> String {
        match (index == self.current, self.editor()) {
            (true, Some(editor)) => editor.text(),
            _ => self.project.unit(index).target.clone(),
        }
    }

    /// Whether a translated segment has an error-level QA issue (not ignored), for its mark.
    pub fn has_error(&self, index: usize) -> bool {
        let unit = self.project.unit(index);
        if unit.target.is_empty() || unit.status == Status::New {
            return false;
        }
        check_segment(
            self.shown_source(index),
            &unit.target,
            false,
            Some(&self.glossary),
        )
        .iter()
        .any(|issue| {
            issue.severity == crate::qa::Severity::Error && !issue.is_ignored_by(&unit.ignored)
        })
    }

    /// The QA issues the current segment would have with `target` (ignored ones left out).
    pub fn issues_of(&self, target: &str) -> Vec<Issue> {
        let unit = self.project.unit(self.current);
        let source = self.shown_source(self.current);
        check_segment(source, target, false, Some(&self.glossary))
            .into_iter()
            .filter(|issue| !issue.is_ignored_by(&unit.ignored))
            .collect()
    }

    /// Glossary hits of a segment's source (of the part shown, [`App::shown_source`]).
    pub fn hits(&self, index: usize) -> Vec<Hit> {
        self.glossary.find(self.shown_source(index))
    }

    /// The part of a segment's source the workspace shows, matches and checks: all of it, or
    /// its first [`SHOWN_SOURCE_BYTES`] for a huge segment (a file without sentence ends),
    /// so that no key waits on work over megabytes of text nobody can see at once.
    pub fn shown_source(&self, index: usize) -> &str {
        crate::io::head(&self.project.unit(index).source, SHOWN_SOURCE_BYTES)
    }

    /// How many bytes of a segment's source [`App::shown_source`] leaves out (0 for most).
    pub fn hidden_source_bytes(&self, index: usize) -> usize {
        self.project.unit(index).source.len() - self.shown_source(index).len()
    }

    /// The current segment's suggestions: its glossary entries, in text order, without repeats,
    /// then the entries of lower glossaries that a higher one's overlapped (all of them; the
    /// first nine have an Alt+digit).
    pub fn suggestions(&self) -> Vec<(Hit, Entry)> {
        if self.project.is_empty() {
            return Vec::new();
        }
        let mut seen = std::collections::HashSet::new();
        // A lower glossary's entry that a higher one's overlapped is listed after the hits.
        let (hits, overlapped) = self.glossary.find_all(self.shown_source(self.current));
        hits.into_iter()
            .chain(overlapped)
            .filter(|hit| seen.insert(hit.entry))
            .map(|hit| {
                let entry = self.glossary.entry(hit.entry);
                (hit, entry)
            })
            .collect()
    }

    /// Writes the current editor's text into the project with `status` if it changed (or if
    /// the status does). Returns whether the project changed.
    pub fn commit(&mut self, status: Status) -> bool {
        let index = self.current;
        let Some(editor) = self.editors.get_mut(&index) else {
            return false;
        };
        let text = editor.text();
        let unit = self.project.unit(index);
        let status = match status {
            // Leaving an edited segment makes it a draft; an unedited one keeps its status,
            // and one whose edits were all taken back (after a draft autosave in between) gets
            // its confirmed or reviewed status back.
            Status::Draft if !editor.is_modified() => unit.status,
            Status::Draft => match self.before_edits.get(&index) {
                Some((kept, status)) if *kept == text => *status,
                _ => Status::Draft,
            },
            other => other,
        };
        if status == Status::Draft && unit.status.is_translated() && unit.target != text {
            self.before_edits
                .insert(index, (unit.target.clone(), unit.status));
        } else if status != Status::Draft {
            self.before_edits.remove(&index);
        }
        editor.mark_saved();
        let changed = self.project.set_translation(index, &text, status);
        if changed {
            self.save_state = SaveState::Unsaved;
        }
        changed
    }

    /// Chooses the filter and works out the segments it lets through.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.refresh_filter();
    }

    /// Works out the filtered segments again (after a confirm, a search).
    pub fn refresh_filter(&mut self) {
        let passes = |index: usize| {
            let unit = self.project.unit(index);
            match self.filter {
                Filter::All => true,
                Filter::Untranslated => unit.target.is_empty(),
                Filter::Drafts => unit.status == Status::Draft,
                Filter::Issues => {
                    !unit.target.is_empty()
                        && check_segment(
                            self.shown_source(index),
                            &unit.target,
                            false,
                            Some(&self.glossary),
                        )
                        .iter()
                        .any(|issue| !issue.is_ignored_by(&unit.ignored))
                }
                Filter::Search => self
                    .search
                    .as_ref()
                    .is_some_and(|s| s.hits.contains(&index)),
                Filter::ToReview => unit.status == Status::Confirmed,
            }
        };
        self.filtered = match self.filter {
            Filter::All => None,
            _ => Some((0..self.project.len()).filter(|&i| passes(i)).collect()),
        };
    }

    /// The segments the document pane lists: the filtered ones, and the current one.
    pub fn listed(&self) -> Vec<usize> {
        match &self.filtered {
            None => (0..self.project.len()).collect(),
            Some(list) => {
                let mut list = list.clone();
                if let Err(at) = list.binary_search(&self.current) {
                    list.insert(at, self.current);
                }
                list
            }
        }
    }

    /// The next (or previous) segment the filter lets through.
    pub fn step(&self, forward: bool) -> Option<usize> {
        let listed = self.listed();
        let at = listed.binary_search(&self.current).ok()?;
        match forward {
            true => listed.get(at + 1).copied(),
            false => at.checked_sub(1).map(|i| listed[i]),
        }
    }

    /// Moves to another segment, keeping the current one's text as a draft. What the message
    /// line said of the segment left goes (a move that has something to say sets it after).
    pub fn go_to(&mut self, index: usize) {
        if self.project.is_empty() {
            return;
        }
        if index != self.current {
            self.messages.moved_on();
        }
        self.commit(Status::Draft);
        self.current = index.min(self.project.len() - 1);
        self.view_shift = 0;
        self.open_editor();
    }

    /// Saves the project now. Work another program saved meanwhile is merged in (and said in
    /// the message line); a save refused because the versions cannot be merged is reported,
    /// and asking again (`force`) saves this version after keeping the other in a file.
    pub fn save(&mut self, force: bool) -> bool {
        let result = if force {
            self.store.save_over(&self.project).map(|kept| {
                if let Some(path) = kept {
                    self.messages.warn(format!(
                        "Saved. The other program's version is kept in {}.",
                        path.display()
                    ));
                }
            })
        } else {
            self.store
                .save_edits(&mut self.project)
                .map(|report| self.took_merge(&report))
        };
        match result {
            Ok(()) => {
                self.save_state = SaveState::Saved;
                self.remember_position();
                // Its own save is no change by another program (not read back to tell).
                self.project_stamp = self.store.stamp();
                self.messages.settle(Topic::Save);
                true
            }
            Err(error) => {
                let conflict = matches!(error, ProjectError::ChangedOnDisk { .. });
                self.save_state = SaveState::Failed {
                    message: error.to_string(),
                    conflict,
                };
                self.messages.error(
                    Topic::Save,
                    if conflict {
                        "Another program changed the project's segments (merge, split or a \
                         new source): it cannot be merged. Ctrl+S saves yours and keeps the \
                         other version in a .conflict file; Ctrl+Q twice quits without saving."
                            .into()
                    } else {
                        format!("Save failed: {error}")
                    },
                );
                false
            }
        }
    }

    /// Writes the project file whole when saves went to its journal, so that the file the
    /// translator leaves (and commits) holds everything. A failure is said; the journal stays
    /// and is read with the file next time, so nothing is lost.
    pub fn fold_journal(&mut self) {
        if self.store.journalled() == 0 {
            return;
        }
        if let Err(error) = self.store.save(&mut self.project) {
            self.messages
                .error(Topic::Save, format!("Save failed: {error}"));
        }
    }

    /// After a save merged another program's work: editors of segments that changed reopen
    /// on the new text, and the translator is told what happened.
    fn took_merge(&mut self, report: &MergeReport) {
        if report.is_empty() {
            return;
        }
        for id in &report.theirs {
            if let Some(index) = self.project.position(id) {
                self.editors.remove(&index);
            }
        }
        self.open_editor();
        let number = |id: &String| {
            self.project
                .position(id)
                .map_or_else(|| id.clone(), |i| (i + 1).to_string())
        };
        let mut message = String::new();
        if !report.theirs.is_empty() {
            let numbers: Vec<String> = report.theirs.iter().map(number).collect();
            message = format!(
                "Merged work saved by another program: segments {}.",
                numbers.join(", ")
            );
        }
        if !report.conflicts.is_empty() {
            let numbers: Vec<String> = report.conflicts.iter().map(number).collect();
            message.push_str(&format!(
                " Conflict on segments {}: yours kept, the other version set aside under \
                 \"retired\" in the project file.",
                numbers.join(", ")
            ));
        }
        self.messages.warn(message.trim_start().to_owned());
    }

    /// Takes the spell checker once its loading thread is done; whether it came.
    pub fn take_speller(&mut self) -> bool {
        let Some(loading) = &self.speller_loading else {
            return false;
        };
        let Ok(loaded) = loading.try_recv() else {
            return false;
        };
        self.speller_loading = None;
        match loaded {
            Ok(speller) => self.speller = Some(speller),
            Err(why) => self.spell_off = Some(why),
        }
        self.underline_misspellings();
        true
    }

    /// The current segment's glossary targets (never misspelt).
    pub fn glossary_targets(&self) -> Vec<String> {
        self.suggestions()
            .into_iter()
            .flat_map(|(_, entry)| std::iter::once(entry.target).chain(entry.target_variants))
            .collect()
    }

    /// The misspelt words of the current editor's text.
    pub fn misspellings(&self) -> Vec<String> {
        let (Some(speller), Some(editor)) = (&self.speller, self.editor()) else {
            return Vec::new();
        };
        let text = editor.text();
        let mut words: Vec<String> = speller
            .misspelled(
                &text,
                &self.glossary_targets(),
                self.shown_source(self.current),
            )
            .into_iter()
            .map(|span| text[span].to_owned())
            .collect();
        words.sort();
        words.dedup();
        words
    }

    /// Underlines the misspelt words in the current editor.
    pub fn underline_misspellings(&mut self) {
        let words = self.misspellings();
        if let Some(editor) = self.editor_mut() {
            editor.underline(&words);
        }
    }

    /// Saves drafts once the translator paused, reloads glossaries changed on disk, takes the
    /// memory's answers and offers it again the units it refused.
    pub fn tick(&mut self, now: Instant) {
        self.take_speller();
        self.take_memory_answers(std::time::Duration::ZERO);
        self.retry_remembering(now);
        // Another translator's units reached the team memory: look the segment up again.
        if let Some(team) = self.team_memory()
            && team.generation != self.memory_generation
        {
            self.memory_generation = team.generation;
            if !self.project.is_empty() {
                self.soon(Effect::LookUp);
            }
        }
        let paused = self
            .last_edit
            .is_some_and(|at| now.duration_since(at) >= DRAFT_DELAY);
        if paused {
            self.last_edit = None;
            self.commit(Status::Draft);
            if self.save_state == SaveState::Unsaved {
                self.soon(Effect::SAVE);
            }
        }
        let check_due = self
            .glossary_checked
            .is_none_or(|at| now.duration_since(at) >= GLOSSARY_CHECK);
        if check_due {
            self.glossary_checked = Some(now);
            self.take_changes_on_disk();
            if glossary_stamps(&self.glossary_sources) != self.glossary_stamps {
                match self.reload_glossary().first() {
                    Some(warning) => self.messages.error(
                        Topic::Glossary,
                        format!("Glossary reloaded with a problem: {warning}"),
                    ),
                    None => {
                        self.messages.settle(Topic::Glossary);
                        self.messages.say("Glossary changed on disk: reloaded.");
                    }
                }
            }
        }
    }

    /// Merges in what another program saved into the project file (`passeur mt`, `import`, a
    /// reviewer's workspace) when it notices it, rather than at its own next save: the
    /// translator's typing is kept as a draft first, so that a segment both changed is a
    /// conflict (theirs set aside), never a loss.
    fn take_changes_on_disk(&mut self) {
        let stamp = self.store.stamp();
        if stamp == self.project_stamp {
            return;
        }
        self.project_stamp = stamp;
        if self.store.changed_on_disk() {
            self.commit(Status::Draft);
            self.soon(Effect::SAVE);
            self.refresh_filter();
        }
    }

    /// Loads the glossaries again; returns the problems met (a file that no longer parses).
    pub fn reload_glossary(&mut self) -> Vec<String> {
        let collection = self
            .glossary_sources
            .load(|path| cache::load(path, &mut ()));
        self.glossary = Index::new(collection.layers);
        self.glossary_stamps = glossary_stamps(&self.glossary_sources);
        collection.warnings
    }

    /// The project's own glossary file (where added terms go).
    pub fn project_glossary(&self) -> PathBuf {
        project_glossary_path(self.store.path())
    }

    /// Where an added term goes: the project's glossary, or the user's
    /// (`$XDG_CONFIG_HOME/passeur/glossaries/user.yaml`, loaded by every project).
    pub fn term_destination(&self, to_user: bool) -> PathBuf {
        match (to_user, crate::glossary::sources::user_dir()) {
            (true, Some(dir)) => dir.join("user.yaml"),
            _ => self.project_glossary(),
        }
    }

    /// Words of the source in confirmed or reviewed segments, and in all.
    pub fn word_progress(&self) -> (usize, usize) {
        let done = self
            .project
            .units()
            .iter()
            .zip(&self.words)
            .filter(|(unit, _)| unit.is_translated())
            .map(|(_, words)| words)
            .sum();
        (done, self.words.iter().sum())
    }

    pub fn recount_words(&mut self) {
        self.words = self
            .project
            .units()
            .iter()
            .map(|u| crate::stats::words(&u.source))
            .collect();
    }

    /// Records the current segment for the next time the project is opened.
    /// The box Alt+Z gives the column to after the one that has it: the glossary, the
    /// memory, the MT (when there is a provider), then all of them again.
    pub fn next_zoom(&self) -> Option<Zoom> {
        match self.zoom {
            None => Some(Zoom::Glossary),
            Some(Zoom::Glossary) => Some(Zoom::Memory),
            Some(Zoom::Memory) if self.mt.is_some() => Some(Zoom::MachineTranslation),
            Some(Zoom::Memory) | Some(Zoom::MachineTranslation) => None,
        }
    }

    /// Keeps the layout choice for next time.
    pub fn keep_layout(&self) {
        let choice = LayoutChoice {
            view: self.document_view,
            zoom: self.zoom,
        };
        if let Some(file) = &self.layout_file {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::atomic_file::write_atomically(file, choice.to_text().as_bytes());
        }
    }

    pub fn remember_position(&self) {
        if let (Some(unit), Some(file)) =
            (self.project.units().get(self.current), &self.position_file)
        {
            let _ = crate::atomic_file::write_atomically(file, unit.id.as_bytes());
        }
    }
}

fn glossary_stamps(sources: &Sources) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mut files: Vec<PathBuf> = Vec::new();
    if sources.defaults {
        files.extend(
            crate::glossary::sources::user_dir()
                .as_deref()
                .map(crate::glossary::sources::files_in)
                .unwrap_or_default(),
        );
        files.extend(sources.project.clone());
    }
    files.extend(sources.extra.iter().cloned());
    files
        .into_iter()
        .map(|path| {
            let stamp = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            (path, stamp)
        })
        .collect()
}

/// The names of the project's own units in the memory, left out of its lookups and statistics
/// (none in the demo, whose segments are not kept).
pub(crate) fn excluded_documents(document: &Option<DocumentId>) -> Vec<&str> {
    document
        .as_ref()
        .map_or_else(Vec::new, |document| document.excluded().to_vec())
}
