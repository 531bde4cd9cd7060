//! How a project's units are named in a memory. A unit remembers the document it was
//! translated in, so that a corrected translation replaces its earlier one, and so that a
//! project's own segments are not offered to it as matches. The name is the project file's
//! name and the random id the project was given when it was made: the same on every
//! translator's machine (the project travels by git or by mail), so that a reviewer's change and the translator's answer to it
//! replace each other on a team server, and it tells nobody where anyone keeps their files.
//!
//! Earlier versions named a document by the project's absolute path; such units are still
//! left out of the project's own lookups ([`DocumentId::excluded`]), and only the file name of
//! such a path is ever shown ([`shown_origin`]).

use std::path::Path;

use crate::project::Project;

/// A project as its memory units name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentId {
    /// `article.txt.passeur@5f0c…` (the project's random id; its creation time in projects
    /// made before they had one): what new units carry.
    pub id: String,
    /// The project file's name: what a unit shows as its origin.
    pub name: String,
    /// The absolute path earlier versions used.
    legacy: String,
}

impl DocumentId {
    pub fn of(project_path: &Path, project: &Project) -> DocumentId {
        let name = project_path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        DocumentId {
            id: match project.header().id.as_str() {
                "" => format!("{name}@{}", project.header().created.iso()),
                id => format!("{name}@{id}"),
            },
            legacy: std::fs::canonicalize(project_path)
                .unwrap_or_else(|_| project_path.to_owned())
                .display()
                .to_string(),
            name,
        }
    }

    /// The names a project's own units may carry: left out of its lookups and statistics.
    pub fn excluded(&self) -> [&str; 2] {
        [&self.id, &self.legacy]
    }
}

/// An origin as shown to a translator: a file's name, never the folders around it (units of
/// earlier versions carry a project's absolute path, perhaps another translator's).
pub fn shown_origin(origin: &str) -> std::borrow::Cow<'_, str> {
    // An aligned unit's origin names two files: `aligned: a.fr.txt ⇄ a.en.txt`.
    for head in [super::ALIGNED, super::CONFIRMED_ALIGNMENT] {
        if let Some((fr, en)) = origin.strip_prefix(head).and_then(|r| r.split_once(" ⇄ ")) {
            return format!("{head}{} ⇄ {}", file_name(fr), file_name(en)).into();
        }
    }
    file_name(origin).into()
}

/// The last part of a path (either separator), or the text itself.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\'])
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_show_no_folders() {
        assert_eq!(
            shown_origin("/home/anne/jobs/sommet.txt.passeur"),
            "sommet.txt.passeur"
        );
        assert_eq!(shown_origin("C:\\Users\\bo\\a.passeur"), "a.passeur");
        assert_eq!(shown_origin("seed.tmx"), "seed.tmx");
        assert_eq!(shown_origin(""), "");
    }
}
