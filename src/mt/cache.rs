//! Machine translations kept on disk, `$XDG_CACHE_HOME/passeur/mt/cache.jsonl`, one JSON
//! object a line (`{"key", "target"}`), so that reopening a project or going back and forth
//! never queries a provider twice for the same thing. The key is a hash of the provider, its
//! model, the source text, the glossary terms sent with it and its context (neighbouring
//! sentences, memory examples).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Provider, Request};

/// `$XDG_CACHE_HOME/passeur/mt`.
pub fn user_dir() -> Option<PathBuf> {
    crate::paths::cache_dir().map(|dir| dir.join("mt"))
}

#[derive(Debug, Default)]
pub struct Cache {
    file: Option<PathBuf>,
    entries: HashMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct Line {
    key: String,
    target: String,
}

/// The largest cache file read (256 MiB).
const CACHE_MAX_BYTES: u64 = 256 << 20;

impl Cache {
    /// The cache in `dir` (created on the first insert); unreadable lines are skipped.
    pub fn open(dir: &Path) -> Cache {
        let file = dir.join("cache.jsonl");
        // A cache that is not a regular file, or has grown past its bound, is not read.
        let entries = crate::io::read::read_setting_file(&file, CACHE_MAX_BYTES)
            .ok()
            .flatten()
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str::<Line>(line).ok())
            .map(|line| (line.key, line.target))
            .collect();
        Cache {
            file: Some(file),
            entries,
        }
    }

    /// The user's cache, or one in memory only when there is no home directory.
    pub fn user() -> Cache {
        match user_dir() {
            Some(dir) => Cache::open(&dir),
            None => Cache::default(),
        }
    }

    /// The key of `request` sent to `provider`.
    pub fn key(provider: &dyn Provider, request: &Request) -> String {
        let terms = serde_json::to_string(&request.terms).expect("terms serialise");
        let mut text = format!(
            "{}\u{0}{}\u{0}{}\u{0}{terms}",
            provider.name(),
            provider.model(),
            request.source
        );
        // The context changes the answer; a request without any keeps its earlier key.
        if !request.previous.is_empty() || !request.next.is_empty() || !request.examples.is_empty()
        {
            let examples = serde_json::to_string(&request.examples).expect("examples serialise");
            text.push_str(&format!(
                "\u{0}{}\u{0}{}\u{0}{examples}",
                request.previous, request.next
            ));
        }
        crate::project::sha256_hex(text.as_bytes())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// Keeps a translation, in memory and on disk (a failure to write only costs a query later).
    pub fn insert(&mut self, key: String, target: String) {
        if let Some(file) = &self.file {
            let line = serde_json::to_string(&Line {
                key: key.clone(),
                target: target.clone(),
            })
            .expect("lines serialise");
            let _ = file.parent().map(std::fs::create_dir_all);
            if let Ok(mut out) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(file)
            {
                let _ = out.write_all(format!("{line}\n").as_bytes());
            }
        }
        self.entries.insert(key, target);
    }
}
