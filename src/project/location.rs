//! Where a project's source file is, and which sources passeur agrees to read.
//!
//! A project file travels between translators and agencies (git, mail), so the source path in
//! its header is outside input: a header naming `/etc/passwd` or `../../secret.txt` must not
//! make passeur read that file and copy it into a bilingual export. The rule:
//!
//! - the header's path is relative to the project file's folder and stays inside that folder's
//!   tree, also after following symbolic links;
//! - a source elsewhere is read only when this user linked it on this machine (`passeur init
//!   SOURCE --project PATH` with PATH in another folder, or `passeur relink PROJECT SOURCE`).
//!   Links live in the user's data directory (`links.tsv`: project, tab, source, absolute
//!   paths; a later line wins), never in the project file, so a project from elsewhere cannot
//!   bring one along.

use std::path::{Component, Path, PathBuf};

/// The largest `links.tsv` read (16 MiB: some hundred thousand links).
const LINKS_MAX_BYTES: u64 = 16 << 20;

/// Why a project's source path is not used.
#[derive(Debug, thiserror::Error)]
#[error(
    "{project}: the project names {source_path} as its source, which passeur never reads as a \
     source ({why}); if the source really is there, link it on purpose: passeur relink \
     {project} SOURCE"
)]
pub struct RefusedSource {
    pub project: PathBuf,
    pub source_path: PathBuf,
    pub why: &'static str,
}

/// A recorded source inside the folder may still be what no article is: a hidden file or a
/// file in a hidden folder (`.ssh/id_rsa`, `.git/config`, `.env`), the project itself, or
/// another project file (which would grow with each command).
fn refuse_private_or_project(
    project_path: &Path,
    path: &Path,
    inside: &Path,
) -> Result<(), RefusedSource> {
    let refused = |why| RefusedSource {
        project: project_path.to_owned(),
        source_path: inside.to_owned(),
        why,
    };
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    if hidden {
        return Err(refused("a hidden file or folder"));
    }
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    };
    if same(path, project_path) {
        return Err(refused("it is the project file itself"));
    }
    let mut head = [0u8; 64];
    // Looked at before opening: opening a FIFO waits for a writer.
    let read = Some(path)
        .filter(|p| crate::io::read::is_regular_file(p))
        .and_then(|p| std::fs::File::open(p).ok())
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head).ok())
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..read]);
    if path.extension().is_some_and(|e| e == "passeur")
        || head.trim_start().starts_with('{') && head.contains("\"passeur_project\"")
    {
        return Err(refused("it is a project file"));
    }
    Ok(())
}

/// Why a project's source path is not used.
#[derive(Debug, thiserror::Error)]
pub enum SourceRefused {
    #[error(transparent)]
    Outside(#[from] OutsideSource),
    #[error(transparent)]
    Refused(#[from] RefusedSource),
}

/// Why a project's source path is outside its folder.
#[derive(Debug, thiserror::Error)]
#[error(
    "{project}: the project names its source as {source_path}, which is outside the project's \
     folder {folder}; passeur does not read it (a project file from elsewhere could point at any \
     file). If that is the right source, link it on purpose: passeur relink {project} SOURCE"
)]
pub struct OutsideSource {
    pub project: PathBuf,
    pub source_path: PathBuf,
    pub folder: PathBuf,
}

/// The source file of the project at `project_path` whose header names `recorded`: the path
/// the user linked, or the recorded path when it stays inside the project's folder.
pub fn resolve(project_path: &Path, recorded: &Path) -> Result<PathBuf, SourceRefused> {
    if let Some(linked) = linked_source(project_path) {
        return Ok(linked);
    }
    let folder = folder_of(project_path);
    let outside = || {
        SourceRefused::Outside(OutsideSource {
            project: project_path.to_owned(),
            source_path: recorded.to_owned(),
            folder: folder.clone(),
        })
    };
    let inside = lexically_inside(recorded).ok_or_else(outside)?;
    let path = folder.join(&inside);
    refuse_private_or_project(project_path, &path, &inside)?;
    // A symbolic link inside the folder may still lead out of it.
    if let (Ok(real), Ok(real_folder)) = (path.canonicalize(), folder.canonicalize())
        && !real.starts_with(&real_folder)
    {
        return Err(outside());
    }
    Ok(path)
}

/// The path to record in a project's header for `source`: relative to the project's folder
/// when the source is inside it; otherwise the absolute path, which is only read once linked
/// (see [`link`]). Returns the path and whether a link is needed.
pub fn recorded_path(source: &Path, project_path: &Path) -> (PathBuf, bool) {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let source = absolute(source);
    let folder = absolute(&folder_of(project_path));
    match source.strip_prefix(&folder) {
        Ok(relative) if lexically_inside(relative).is_some() => (relative.to_owned(), false),
        _ => (source, true),
    }
}

/// `recorded` with `.` removed, when it is relative and no `..` climbs above its start.
fn lexically_inside(recorded: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in recorded.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.iter().collect())
}

fn folder_of(project_path: &Path) -> PathBuf {
    match project_path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The user's file of deliberate links, `$XDG_DATA_HOME/passeur/links.tsv`.
fn links_file() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join("links.tsv"))
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned())
}

/// The source the user linked to this project, if any.
pub fn linked_source(project_path: &Path) -> Option<PathBuf> {
    let text = crate::io::read::read_setting_file(&links_file()?, LINKS_MAX_BYTES)
        .ok()
        .flatten()?;
    let project = canonical(project_path);
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .rfind(|(linked_project, _)| Path::new(linked_project) == project)
        .filter(|(_, source)| !source.is_empty())
        .map(|(_, source)| PathBuf::from(source))
}

/// Records that the project at `project_path` reads its source from `source` (both made
/// absolute), for this user only.
pub fn link(project_path: &Path, source: &Path) -> std::io::Result<()> {
    record(project_path, &canonical(source).display().to_string())
}

/// Forgets the link of the project at `project_path`: its header's path counts again.
pub fn unlink(project_path: &Path) -> std::io::Result<()> {
    if linked_source(project_path).is_none() {
        return Ok(());
    }
    record(project_path, "")
}

fn record(project_path: &Path, source: &str) -> std::io::Result<()> {
    let file = links_file().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no home directory to record the link in",
        )
    })?;
    let line = format!("{}\t{source}\n", canonical(project_path).display());
    if line.matches('\t').count() != 1 || line.matches('\n').count() != 1 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a path with a tab or a line break cannot be linked",
        ));
    }
    let mut text = crate::io::read::read_setting_file(&file, LINKS_MAX_BYTES)
        .map_err(std::io::Error::other)?
        .unwrap_or_default();
    text.push_str(&line);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic_file::write_atomically(&file, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_that_stay_inside_are_accepted() {
        assert_eq!(
            lexically_inside(Path::new("a/./b/../c.txt")),
            Some(PathBuf::from("a/c.txt"))
        );
        assert_eq!(lexically_inside(Path::new("../../etc/passwd")), None);
        assert_eq!(lexically_inside(Path::new("a/../../b")), None);
        assert_eq!(lexically_inside(Path::new("/etc/passwd")), None);
        assert_eq!(lexically_inside(Path::new("")), None);
        assert_eq!(lexically_inside(Path::new(".")), None);
    }
}
