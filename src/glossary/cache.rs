//! A binary cache of parsed glossaries, so that a large glossary (a 1M-entry YAML takes seconds
//! to parse) loads in a fraction of a second the next time.
//!
//! Files under [`CACHE_FROM_BYTES`] are parsed directly. Larger ones are cached under
//! `$XDG_CACHE_HOME/passeur/glossaries/`, keyed by the file's canonical path; the cache records
//! the file's size and modification time and is ignored (and rewritten) when either changes.
//! A damaged or unreadable cache is never an error: the file is parsed again.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::{CaseMode, Entry, Glossary, GlossaryError, Loaded, Warning};

/// Files at least this large are cached.
pub const CACHE_FROM_BYTES: u64 = 2 * 1024 * 1024;

const MAGIC: &[u8; 8] = b"PSRGLC01";

/// Receives progress while a large glossary loads (`done` out of `total` steps).
pub trait Progress {
    fn update(&mut self, done: u64, total: u64);
}

/// No progress display.
impl Progress for () {
    fn update(&mut self, _: u64, _: u64) {}
}

/// Loads a glossary, through the cache when the file is large.
pub fn load(path: &Path, progress: &mut dyn Progress) -> Result<Loaded, GlossaryError> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return super::load(path);
    };
    if metadata.len() < CACHE_FROM_BYTES || metadata.is_dir() {
        return super::load(path);
    }
    let stamp = Stamp::of(&metadata);
    let cache_file = cache_path(path);
    if let Some(cached) = cache_file
        .as_deref()
        .and_then(|c| read_cache(c, &stamp, path))
    {
        progress.update(1, 1);
        return Ok(cached);
    }
    progress.update(0, 3);
    let loaded = super::load(path)?;
    progress.update(2, 3);
    if let Some(cache_file) = cache_file {
        // A cache that cannot be written only costs time next run.
        let _ = write_cache(&cache_file, &stamp, &loaded);
    }
    progress.update(3, 3);
    Ok(loaded)
}

/// What identifies a version of the glossary file.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified_nanos: u128,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        let modified_nanos = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Stamp {
            len: metadata.len(),
            modified_nanos,
        }
    }
}

fn cache_path(path: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    canonical.hash(&mut hasher);
    let dir = crate::paths::cache_dir()?.join("glossaries");
    Some(dir.join(format!("{:016x}.bin", hasher.finish())))
}

fn write_cache(cache_file: &Path, stamp: &Stamp, loaded: &Loaded) -> std::io::Result<()> {
    let mut out = Writer(Vec::with_capacity(64 * 1024 * 1024));
    out.0.extend_from_slice(MAGIC);
    out.u64(stamp.len);
    out.0.extend_from_slice(&stamp.modified_nanos.to_le_bytes());
    let g = &loaded.glossary;
    for s in [&g.name, &g.source_lang, &g.target_lang] {
        out.str(s);
    }
    out.opt(&g.domain);
    out.opt(&g.description);
    out.u64(loaded.warnings.len() as u64);
    for warning in &loaded.warnings {
        out.str(&warning.message);
    }
    out.u64(g.entries.len() as u64);
    for entry in &g.entries {
        out.opt(&entry.id);
        out.str(&entry.source);
        out.str(&entry.target);
        for list in [
            &entry.source_variants,
            &entry.target_variants,
            &entry.forbidden,
        ] {
            out.u64(list.len() as u64);
            for s in list {
                out.str(s);
            }
        }
        out.opt(&entry.note);
        out.opt(&entry.pos);
        let case = match entry.case {
            CaseMode::Insensitive => 0,
            CaseMode::Sensitive => 1,
            CaseMode::Permissive => 2,
        };
        let flags = case
            | (entry.inflect as u8) << 2
            | (entry.whole_word as u8) << 3
            | (entry.accent_sensitive as u8) << 4;
        out.0.push(flags);
        out.u64(entry.line.map_or(0, |l| l as u64));
    }
    super::sources::write_atomically(cache_file, &out.0)
}

fn read_cache(cache_file: &Path, stamp: &Stamp, path: &Path) -> Option<Loaded> {
    let bytes = std::fs::read(cache_file).ok()?;
    let mut input = Reader {
        bytes: &bytes,
        at: 0,
    };
    if input.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let len = input.u64()?;
    let modified = u128::from_le_bytes(input.take(16)?.try_into().ok()?);
    if (Stamp {
        len,
        modified_nanos: modified,
    }) != *stamp
    {
        return None;
    }
    let name = input.string()?;
    let source_lang = input.string()?;
    let target_lang = input.string()?;
    let domain = input.opt()?;
    let description = input.opt()?;
    let warnings = (0..input.u64()?)
        .map(|_| input.string().map(|message| Warning { message }))
        .collect::<Option<Vec<_>>>()?;
    let count = input.u64()? as usize;
    let mut entries = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let id = input.opt()?;
        let source = input.string()?;
        let target = input.string()?;
        let mut lists: [Vec<String>; 3] = Default::default();
        for list in &mut lists {
            let n = input.u64()? as usize;
            *list = (0..n).map(|_| input.string()).collect::<Option<_>>()?;
        }
        let [source_variants, target_variants, forbidden] = lists;
        let note = input.opt()?;
        let pos = input.opt()?;
        let flags = *input.take(1)?.first()?;
        let line = input.u64()? as usize;
        entries.push(Entry {
            id,
            source,
            target,
            source_variants,
            target_variants,
            forbidden,
            note,
            pos,
            case: match flags & 3 {
                1 => CaseMode::Sensitive,
                2 => CaseMode::Permissive,
                _ => CaseMode::Insensitive,
            },
            inflect: flags & 4 != 0,
            whole_word: flags & 8 != 0,
            accent_sensitive: flags & 16 != 0,
            line: (line > 0).then_some(line),
        });
    }
    Some(Loaded {
        glossary: Glossary {
            name,
            source_lang,
            target_lang,
            domain,
            description,
            entries,
            path: path.to_owned(),
        },
        warnings,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    fn str(&mut self, value: &str) {
        self.u64(value.len() as u64);
        self.0.extend_from_slice(value.as_bytes());
    }
    fn opt(&mut self, value: &Option<String>) {
        match value {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn string(&mut self) -> Option<String> {
        let n = self.u64()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn opt(&mut self) -> Option<Option<String>> {
        match *self.take(1)?.first()? {
            0 => Some(None),
            _ => self.string().map(Some),
        }
    }
}
