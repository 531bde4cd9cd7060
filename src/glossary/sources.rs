//! Where glossaries come from, in order of increasing priority: the shipped glossaries
//! (embedded in the binary), the user's glossary directory, the project's own glossary, and
//! files named on the command line. Later ones win when two entries share a source form.
//!
//! A glossary that cannot be loaded becomes a warning: the others still load. Adding a term
//! appends it to a writable glossary without rewriting what is already there.

use std::path::{Path, PathBuf};

use super::cache::Compiled;
use super::{Entry, FileFormat, GlossaryError, Layer, Loaded, yaml};
use crate::atomic_file::write_atomically;
use crate::io::TextEncoding;

/// The glossaries shipped with passeur: file name and YAML text.
pub const SHIPPED: &[(&str, &str)] = &[(
    "geopolitics.fr-en.yaml",
    include_str!("../../glossaries/geopolitics.fr-en.yaml"),
)];

/// The shipped glossaries, parsed.
pub fn shipped() -> Vec<Result<Loaded, GlossaryError>> {
    SHIPPED
        .iter()
        .map(|(name, text)| {
            let path = PathBuf::from(format!("shipped:{name}"));
            super::parse(text, FileFormat::Yaml, &path)
        })
        .collect()
}

/// The shipped glossaries as one index (a glossary that fails to load is left out; the
/// shipped ones are checked by the tests).
pub fn shipped_index() -> super::Index {
    super::Index::build(
        shipped()
            .into_iter()
            .filter_map(Result::ok)
            .map(|loaded| loaded.glossary)
            .collect(),
    )
}

/// `$XDG_CONFIG_HOME/passeur/glossaries`: every glossary file in it is a default glossary.
pub fn user_dir() -> Option<PathBuf> {
    crate::paths::config_dir().map(|dir| dir.join("glossaries"))
}

/// The glossary files in a directory, sorted by name (so their priority is predictable).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = read
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && FileFormat::from_path(p).is_some())
        .collect();
    files.sort();
    files
}

/// Which glossaries to load.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The shipped glossaries and the user's directory (`--no-default-glossaries` turns them
    /// off; the project's own glossary always loads).
    pub defaults: bool,
    /// The project's own glossary, if there is a project.
    pub project: Option<PathBuf>,
    /// Files named explicitly (`--glossary`), last and so strongest.
    pub extra: Vec<PathBuf>,
}

/// The compiled glossaries, in priority order, and one message per problem met.
#[derive(Debug, Default)]
pub struct Collection {
    pub layers: Vec<Layer>,
    pub warnings: Vec<String>,
}

impl Sources {
    /// Loads and compiles every glossary; a file that fails becomes a warning.
    /// `load_file` reads one file (through the cache, with progress, as the caller likes).
    pub fn load(
        &self,
        mut load_file: impl FnMut(&Path) -> Result<Compiled, GlossaryError>,
    ) -> Collection {
        let mut collection = Collection::default();
        let add =
            |result: Result<Compiled, GlossaryError>, collection: &mut Collection| match result {
                Ok(compiled) => {
                    collection
                        .warnings
                        .extend(compiled.warnings.into_iter().map(|w| w.message));
                    collection.layers.push(compiled.layer);
                }
                Err(error) => collection
                    .warnings
                    .push(format!("{error} (glossary not loaded)")),
            };
        if self.defaults {
            for loaded in shipped() {
                let compiled = loaded.map(|loaded| Compiled {
                    layer: Layer::build(loaded.glossary, &mut |_, _| {}),
                    warnings: loaded.warnings,
                });
                add(compiled, &mut collection);
            }
            for path in user_dir().as_deref().map(files_in).unwrap_or_default() {
                add(load_file(&path), &mut collection);
            }
        }
        // The project's own glossary is part of the project: always.
        if let Some(project) = self.project.as_deref().filter(|p| p.exists()) {
            add(load_file(project), &mut collection);
        }
        for path in &self.extra {
            add(load_file(path), &mut collection);
        }
        collection
    }
}

/// Appends `entry` to a writable glossary (YAML or TSV), creating it if needed. The existing
/// bytes are kept exactly (comments, order, formatting); the new file replaces the old one
/// atomically, and only after the result parses.
pub fn append_entry(path: &Path, entry: &Entry) -> Result<(), GlossaryError> {
    let format = FileFormat::from_path(path).unwrap_or(FileFormat::Yaml);
    let table = matches!(format, FileFormat::Tsv | FileFormat::Csv);
    // A table keeps the encoding it was saved in (UTF-16 from a spreadsheet, Windows-1252).
    let (existing, encoding) = match std::fs::read(path) {
        Ok(bytes) if table => crate::io::encoding::decode_table(bytes, path)?,
        Ok(bytes) => (crate::io::decode(bytes, path)?, TextEncoding::Utf8),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), TextEncoding::Utf8),
        Err(source) => {
            return Err(GlossaryError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    match format {
        FileFormat::Yaml => {
            if existing.trim().is_empty() {
                let name = path
                    .file_stem()
                    .map_or_else(|| "glossary".into(), |s| s.to_string_lossy().into_owned());
                text.push_str(&yaml::header_yaml(&name, None, None));
            }
            text.push_str(&yaml::entry_yaml(entry, entry_indent(&existing)));
        }
        FileFormat::Tsv | FileFormat::Csv => {
            let delimiter = if format == FileFormat::Tsv {
                b'\t'
            } else {
                b','
            };
            text.push_str(&super::tabular::row_for(&existing, entry, delimiter, path));
        }
        FileFormat::Tbx => {
            return Err(GlossaryError::Invalid {
                path: path.to_owned(),
                message: "TBX files are read-only in passeur; add terms to a YAML or TSV glossary"
                    .into(),
            });
        }
    }
    super::parse(&text, format, path)?;
    if let Some(missing) = encoding.unrepresentable(&text).first() {
        return Err(GlossaryError::Invalid {
            path: path.to_owned(),
            message: format!(
                "the file is {}, which has no {missing:?}; save the glossary as UTF-8 to add \
                 this entry",
                encoding.name()
            ),
        });
    }
    write_atomically(path, &encoding.encode(&text)).map_err(|source| GlossaryError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The indentation of the existing entries' `- ` (two spaces when there are none).
fn entry_indent(yaml: &str) -> usize {
    yaml.lines()
        .find_map(|line| {
            let trimmed = line.trim_start();
            trimmed
                .starts_with("- source:")
                .then(|| line.len() - trimmed.len())
        })
        .unwrap_or(2)
}
