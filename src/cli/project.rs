//! Opening a project for a command: read it, compare its source with what it was made from,
//! realign when the source was edited (reporting what happened on stderr), and hand back the
//! store, the project and the source document.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::document::Document;
use crate::project::store::Store;
use crate::project::{Project, sha256_hex, source_segments};

/// A project ready to work on.
pub struct Opened {
    pub store: Store,
    pub project: Project,
    /// The source text, when the file is there (after realignment it matches the project).
    pub source_text: Option<String>,
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

/// Opens a project file, realigning it when its source changed.
pub fn open(path: &Path) -> anyhow::Result<Opened> {
    let (mut store, mut project) = Store::open(path)?;
    let source_path = project.source_path(path);
    let source_text = match std::fs::read(&source_path) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            eprintln!(
                "passeur: warning: {}: the source is not readable ({error}); working from the \
                 project file alone",
                source_path.display()
            );
            None
        }
    };
    let Some(bytes) = source_text else {
        return Ok(Opened {
            store,
            project,
            source_text: None,
            realigned: None,
        });
    };
    let mut realigned = None;
    let unchanged = sha256_hex(&bytes) == project.header().source_sha256;
    let text = crate::document::decode(bytes, &source_path);
    if !unchanged {
        let segmenter = super::segment::segmenter(&[])?;
        let kind = project.header().source_kind;
        let text = text.as_ref().map_err(|error| {
            anyhow::anyhow!("the source of {} changed: {error}", path.display())
        })?;
        let (segments, hash) = source_segments(
            text.clone(),
            &source_path,
            kind,
            &segmenter,
            &project.overrides(),
        )
        .with_context(|| format!("the source of {} changed", path.display()))?;
        let report = project.realign(segments, hash);
        store.save(&project)?;
        let summary = format!(
            "{} segments kept, {} new, {} translations retired (kept in the project file under \
             \"retired\")",
            report.kept,
            report.added.len(),
            report.retired.len()
        );
        eprintln!(
            "passeur: {} changed since the project last read it: {summary}",
            source_path.display()
        );
        realigned = Some(summary);
        for retired in &report.retired {
            eprintln!("  retired {}: {}", retired.id, retired.source);
        }
    }
    let source_text = text.ok();
    Ok(Opened {
        store,
        project,
        source_text,
        realigned,
    })
}
