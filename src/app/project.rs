//! Opening a project: read it, compare its source with what it was made from, realign when
//! the source was edited, and hand back the store, the project, the source document and what
//! happened on the way ([`Opened::notes`], for the caller to show: a command prints them, the
//! workspace shows them on its first screen).

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::document::Document;
use crate::io::{ReadError, TextEncoding};
use crate::project::store::Store;
use crate::project::{Project, sha256_hex};
use crate::source::source_segments;
use crate::source::{Source, Structured};

/// A project ready to work on.
pub struct Opened {
    pub store: Store,
    pub project: Project,
    /// Where the source file is (it may be missing).
    pub source_path: PathBuf,
    /// The source text, when the file is there (after realignment it matches the project).
    pub source_text: Option<String>,
    /// The encoding the source file is in (an XLIFF file is written back in it).
    pub source_encoding: TextEncoding,
    /// A Word, OpenDocument or HTML source as read, to write the translation back into it.
    pub structure: Option<Structured>,
    /// What realignment did, when the source had changed.
    pub realigned: Option<String>,
    /// What the translator should be told: the source missing or changed, what realignment
    /// kept and retired.
    pub notes: Vec<String>,
}

impl Opened {
    /// The source document, for text and Markdown sources whose file is there.
    pub fn document(&self) -> Option<Document> {
        let segmenter = super::segmenter(&[]).ok()?;
        self.project.document(self.source_text.clone()?, &segmenter)
    }

    /// The source file name other tools should see.
    pub fn original_name(&self) -> String {
        let source = &self.project.header().source;
        source.file_name().map_or_else(
            || source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// The project file passeur uses for a source when none is named: `SOURCE.passeur` beside it.
pub fn default_project_path(source: &Path) -> PathBuf {
    let mut name = source.as_os_str().to_owned();
    name.push(".passeur");
    PathBuf::from(name)
}

/// Whether a command may rewrite the project file when the source changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Realign the project with an edited source and save it (the workspace, `import`,
    /// `pretranslate`), unless the new source keeps less than half of the translations: that
    /// looks like another file, and is refused.
    Realign,
    /// Realign whatever the new source keeps (`--force`).
    RealignAnyway,
    /// Never write the project: an edited source is reported and the project used as it is
    /// (`export`, `stats`, `check`).
    ReadOnly,
}

/// Opens a project file; in [`Mode::Realign`], realigns and saves it when its source changed.
pub fn open(path: &Path, mode: Mode) -> anyhow::Result<Opened> {
    refuse_a_source(path)?;
    let (mut store, mut project) = Store::open(path)?;
    let source_path = project.source_path(path)?;
    let mut notes = Vec::new();
    let (source, realigned) = take_in_source(
        path,
        &source_path,
        (&mut store, &mut project),
        mode,
        &mut notes,
    )?;
    let (source_text, source_encoding, structure) = match source {
        Some(source) => (Some(source.text), source.encoding, source.structure),
        None => (None, TextEncoding::Utf8, None),
    };
    Ok(Opened {
        store,
        project,
        source_path,
        source_text,
        source_encoding,
        structure,
        realigned,
        notes,
    })
}

/// A source file given where a project is wanted: said so, with its project.
fn refuse_a_source(path: &Path) -> anyhow::Result<()> {
    if is_project_file(path) || !path.is_file() {
        return Ok(());
    }
    let project = default_project_path(path);
    match project.is_file() {
        true => anyhow::bail!(
            "{}: this is a source, not a project; its project is {}",
            path.display(),
            project.display()
        ),
        false => anyhow::bail!(
            "{}: this is a source, not a project; create its project with `passeur init {}` \
             (it will be {})",
            path.display(),
            path.display(),
            project.display()
        ),
    }
}

/// Reads the project's source; returns its text and encoding when it matches the project
/// (after realigning, in [`Mode::Realign`]) and what realignment did.
fn take_in_source(
    path: &Path,
    source_path: &Path,
    (store, project): (&mut Store, &mut Project),
    mode: Mode,
    notes: &mut Vec<String>,
) -> anyhow::Result<(Option<Source>, Option<String>)> {
    let bytes = match crate::io::read_bytes(source_path) {
        Ok(bytes) => bytes,
        Err(ReadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            notes.push(format!(
                "warning: {}: the source is not there; working from the project file alone",
                source_path.display()
            ));
            return Ok((None, None));
        }
        Err(error) => return Err(error).context(format!("the source of {}", path.display())),
    };
    let hash = sha256_hex(&bytes);
    let unchanged = hash == project.header().source_sha256;
    let decoded = crate::source::read(bytes, source_path);
    if unchanged {
        return Ok((decoded.ok(), None));
    }
    if mode == Mode::ReadOnly {
        notes.push(format!(
            "warning: {} changed since the project last read it; using the project as it is \
             (open it in the workspace to take the changes in)",
            source_path.display()
        ));
        return Ok((None, None));
    }
    let segmenter = super::segmenter(&[])?;
    let read = decoded
        .map_err(|error| anyhow::anyhow!("the source of {} changed: {error}", path.display()))?;
    let segments = source_segments(
        read.text.clone(),
        source_path,
        project.header().source_kind,
        &segmenter,
        &project.overrides(),
    )
    .with_context(|| format!("the source of {} changed", path.display()))?;
    let translated = |project: &Project| {
        (0..project.len())
            .filter(|&i| !project.unit(i).target.is_empty())
            .count()
    };
    let before = translated(project);
    let mut realigned = project.clone();
    let report = realigned.realign(segments, hash);
    let after = translated(&realigned);
    if mode == Mode::Realign && after * 2 < before {
        anyhow::bail!(
            "{}: the source {} now keeps only {after} of the project's {before} translations: \
             it looks like another file; nothing was changed (if it is the right source, \
             `passeur open {} --force` realigns the project on it)",
            path.display(),
            source_path.display(),
            path.display()
        );
    }
    *project = realigned;
    notes.extend(save(store, project)?);
    let summary = format!(
        "{} segments kept, {} new, {} translations retired (kept in the project file under \
         \"retired\")",
        report.kept,
        report.added.len(),
        report.retired.len()
    );
    notes.push(format!(
        "{} changed since the project last read it: {summary}",
        source_path.display()
    ));
    for retired in &report.retired {
        notes.push(format!("  retired {}: {}", retired.id, retired.source));
    }
    Ok((Some(read), Some(summary)))
}

/// Saves the project; when another program saved it meanwhile, the versions are merged, and
/// what the merge did is returned to be said.
pub fn save(store: &mut Store, project: &mut Project) -> anyhow::Result<Vec<String>> {
    let report = store.save(project)?;
    let mut notes = Vec::new();
    if !report.theirs.is_empty() {
        notes.push(format!(
            "{} was saved by another program meanwhile; its segments {} were kept",
            store.path().display(),
            report.theirs.join(" ")
        ));
    }
    if !report.conflicts.is_empty() {
        notes.push(format!(
            "warning: segments {} were changed here and by another program; this version was \
             saved, the other is kept under \"retired\" in {}",
            report.conflicts.join(" "),
            store.path().display()
        ));
    }
    Ok(notes)
}

/// A project file rather than a source: the extension, or the first bytes.
pub fn is_project_file(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e == "passeur") {
        return true;
    }
    if !crate::io::read::is_regular_file(path) {
        return false;
    }
    let mut head = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..read]);
    head.trim_start().starts_with('{') && head.contains("\"passeur_project\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project on `text`, made as `passeur init` makes one.
    fn project_on(dir: &Path, text: &str) -> PathBuf {
        let source = dir.join("article.txt");
        std::fs::write(&source, text).unwrap();
        let document = Document::parse(
            text.into(),
            crate::document::Format::Text,
            &crate::segment::Segmenter::french(),
            &crate::document::Overrides::default(),
        );
        let header = crate::project::Header::new(
            PathBuf::from("article.txt"),
            crate::project::SourceKind::Text,
            sha256_hex(text.as_bytes()),
        );
        let project = Project::new(header, crate::project::document_segments(&document));
        let path = default_project_path(&source);
        Store::create(&path, &project).unwrap();
        path
    }

    #[test]
    fn what_opening_finds_comes_back_as_notes() {
        let dir = tempfile::tempdir().unwrap();
        let path = project_on(dir.path(), "Il pleut. Il neige.\n");
        let opened = open(&path, Mode::Realign).unwrap();
        assert!(opened.notes.is_empty(), "{:?}", opened.notes);
        std::fs::write(dir.path().join("article.txt"), "Il pleut. Il vente.\n").unwrap();
        // Read only: said, the project left as it is.
        let opened = open(&path, Mode::ReadOnly).unwrap();
        assert_eq!(opened.notes.len(), 1, "{:?}", opened.notes);
        assert!(opened.notes[0].contains("using the project as it is"));
        assert_eq!(opened.project.unit(1).source, "Il neige.");
        // Realigned: what was kept and added, said.
        let opened = open(&path, Mode::Realign).unwrap();
        assert!(
            opened.notes[0]
                .contains("changed since the project last read it: 1 segments kept, 1 new"),
            "{:?}",
            opened.notes
        );
        assert_eq!(opened.project.unit(1).source, "Il vente.");
        std::fs::remove_file(dir.path().join("article.txt")).unwrap();
        let opened = open(&path, Mode::Realign).unwrap();
        assert!(opened.notes[0].contains("the source is not there"));
    }
}
