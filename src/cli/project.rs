//! Opening a project for a command: read it, compare its source with what it was made from,
//! realign when the source was edited (reporting what happened on stderr), and hand back the
//! store, the project and the source document.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::output::say;
use crate::document::{Document, ReadError, TextEncoding};
use crate::project::store::Store;
use crate::project::{Project, sha256_hex, source_segments};

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
    /// What realignment did, when the source had changed (also printed on stderr).
    pub realigned: Option<String>,
}

impl Opened {
    /// The source document, for text and Markdown sources whose file is there.
    pub fn document(&self) -> Option<Document> {
        let segmenter = super::segment::segmenter(&[]).ok()?;
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
    let (source, realigned) = take_in_source(path, &source_path, &mut store, &mut project, mode)?;
    let (source_text, source_encoding) = source.unzip();
    Ok(Opened {
        store,
        project,
        source_path,
        source_text,
        source_encoding: source_encoding.unwrap_or(TextEncoding::Utf8),
        realigned,
    })
}

/// A source file's text and the encoding it was in.
type Decoded = (String, TextEncoding);

/// A source file given where a project is wanted: said so, with its project.
fn refuse_a_source(path: &Path) -> anyhow::Result<()> {
    if super::open::is_project_file(path) || !path.is_file() {
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
    store: &mut Store,
    project: &mut Project,
    mode: Mode,
) -> anyhow::Result<(Option<Decoded>, Option<String>)> {
    let bytes = match crate::document::read_bytes(source_path) {
        Ok(bytes) => bytes,
        Err(ReadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            say!(
                "passeur: warning: {}: the source is not there; working from the project file \
                 alone",
                source_path.display()
            );
            return Ok((None, None));
        }
        Err(error) => return Err(error).context(format!("the source of {}", path.display())),
    };
    let hash = sha256_hex(&bytes);
    let unchanged = hash == project.header().source_sha256;
    let decoded = crate::document::encoding::decode_xml(bytes, source_path);
    if unchanged {
        return Ok((decoded.ok(), None));
    }
    if mode == Mode::ReadOnly {
        say!(
            "passeur: warning: {} changed since the project last read it; using the project as \
             it is (open it in the workspace to take the changes in)",
            source_path.display()
        );
        return Ok((None, None));
    }
    let segmenter = super::segment::segmenter(&[])?;
    let (text, encoding) = decoded
        .map_err(|error| anyhow::anyhow!("the source of {} changed: {error}", path.display()))?;
    let segments = source_segments(
        text.clone(),
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
    save(store, project)?;
    let summary = format!(
        "{} segments kept, {} new, {} translations retired (kept in the project file under \
         \"retired\")",
        report.kept,
        report.added.len(),
        report.retired.len()
    );
    say!(
        "passeur: {} changed since the project last read it: {summary}",
        source_path.display()
    );
    for retired in &report.retired {
        say!("  retired {}: {}", retired.id, retired.source);
    }
    Ok((Some((text, encoding)), Some(summary)))
}

/// Saves the project; when another program saved it meanwhile, the versions are merged and
/// the merge is reported on stderr.
pub fn save(store: &mut Store, project: &mut Project) -> anyhow::Result<()> {
    let report = store.save(project)?;
    if !report.theirs.is_empty() {
        say!(
            "passeur: {} was saved by another program meanwhile; its segments {} were kept",
            store.path().display(),
            report.theirs.join(" ")
        );
    }
    if !report.conflicts.is_empty() {
        say!(
            "passeur: warning: segments {} were changed here and by another program; this \
             version was saved, the other is kept under \"retired\" in {}",
            report.conflicts.join(" "),
            store.path().display()
        );
    }
    Ok(())
}
