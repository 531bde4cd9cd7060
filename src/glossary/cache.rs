//! Loading a glossary file compiled ([`Layer`]), through a cache for large files, so that a
//! large glossary (a 1M-entry YAML takes many seconds to parse and index) loads in a fraction
//! of a second the next time.
//!
//! Files under [`CACHE_FROM_BYTES`] are parsed and compiled directly. Larger ones are cached,
//! compiled, under `$XDG_CACHE_HOME/passeur/glossaries/`, keyed by the file's canonical path;
//! the cache records the file's size and modification time and is ignored (and rewritten) when
//! either changes. A damaged or unreadable cache is never an error: the file is parsed again.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::binary::{Reader, Writer};
use super::{GlossaryError, Layer, Warning};

/// Files at least this large are cached.
pub const CACHE_FROM_BYTES: u64 = 2 * 1024 * 1024;

const MAGIC: &[u8; 8] = b"PSRGLC02";

/// Receives progress while a large glossary loads.
pub trait Progress {
    /// `stage` is what is being done (`parsing`, `indexing`, `caching`); `done` out of `total`
    /// steps of it (both 0 when it cannot be counted).
    fn update(&mut self, stage: &str, done: u64, total: u64);
}

/// No progress display.
impl Progress for () {
    fn update(&mut self, _: &str, _: u64, _: u64) {}
}

/// A compiled glossary and the warnings met while reading it.
#[derive(Debug)]
pub struct Compiled {
    pub layer: Layer,
    pub warnings: Vec<Warning>,
}

/// Reads and compiles a glossary file, through the user's cache when the file is large.
pub fn load(path: &Path, progress: &mut dyn Progress) -> Result<Compiled, GlossaryError> {
    let cache_dir = crate::paths::cache_dir().map(|dir| dir.join("glossaries"));
    load_with_cache(path, cache_dir.as_deref(), progress)
}

/// [`load`] with the cache in `cache_dir` (`None`: no cache).
pub fn load_with_cache(
    path: &Path,
    cache_dir: Option<&Path>,
    progress: &mut dyn Progress,
) -> Result<Compiled, GlossaryError> {
    let metadata = std::fs::metadata(path).ok().filter(|m| m.is_file());
    let Some(metadata) = metadata.filter(|m| m.len() >= CACHE_FROM_BYTES) else {
        return compile(path, progress);
    };
    let stamp = Stamp::of(&metadata);
    let cache_file = cache_dir.and_then(|dir| cache_path(dir, path));
    if let Some(cached) = cache_file.as_deref().and_then(|c| read_cache(c, &stamp)) {
        return Ok(cached);
    }
    let compiled = compile(path, progress)?;
    if let Some(cache_file) = cache_file {
        progress.update("caching", 0, 0);
        // A cache that cannot be written only costs time next run.
        let _ = write_cache(&cache_file, &stamp, &compiled);
    }
    Ok(compiled)
}

fn compile(path: &Path, progress: &mut dyn Progress) -> Result<Compiled, GlossaryError> {
    progress.update("parsing", 0, 0);
    let loaded = super::load(path)?;
    let layer = Layer::build(loaded.glossary, &mut |done, total| {
        progress.update("indexing", done as u64, total as u64)
    });
    Ok(Compiled {
        layer,
        warnings: loaded.warnings,
    })
}

/// What identifies a version of the glossary file.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified_nanos: u64,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        let modified_nanos = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp {
            len: metadata.len(),
            modified_nanos,
        }
    }
}

/// The cache file of `path` in `dir`, named by a hash of the canonical path.
pub fn cache_path(dir: &Path, path: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    canonical.hash(&mut hasher);
    Some(dir.join(format!("{:016x}.bin", hasher.finish())))
}

fn write_cache(cache_file: &Path, stamp: &Stamp, compiled: &Compiled) -> std::io::Result<()> {
    let mut out = Writer::default();
    out.0.extend_from_slice(MAGIC);
    out.u64(stamp.len);
    out.u64(stamp.modified_nanos);
    let warnings: Vec<&str> = compiled
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    out.strs(&warnings);
    compiled.layer.write(&mut out);
    crate::atomic_file::write_atomically(cache_file, &out.0)
}

fn read_cache(cache_file: &Path, stamp: &Stamp) -> Option<Compiled> {
    let bytes = std::fs::read(cache_file).ok()?;
    let mut input = Reader::new(&bytes);
    if input.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let cached = Stamp {
        len: input.u64()?,
        modified_nanos: input.u64()?,
    };
    if cached != *stamp {
        return None;
    }
    let warnings = input
        .strings()?
        .into_iter()
        .map(|message| Warning { message })
        .collect();
    let layer = Layer::read(&mut input)?;
    input
        .rest()
        .is_empty()
        .then_some(Compiled { layer, warnings })
}
