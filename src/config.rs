//! The user's configuration, `$XDG_CONFIG_HOME/passeur/config.yaml` (default
//! `~/.config/passeur/config.yaml`), read once into one type. Every key is known: a misspelt
//! one (`memroy:`) is an error naming its line and column, never a setting silently ignored.
//!
//! ```yaml
//! memory: postgres://desk@db.example/passeur   # or an SQLite file; default: your own file
//! author: Claire                                # who confirms (default: the login name)
//! clipboard: osc52                              # copies go to the terminal's clipboard too
//! mt: …                                         # see crate::mt::config
//! mt_providers: …
//! keys:                                         # the workspace's keys, rebound
//!   confirm: Ctrl+J
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::mt::config::MtConfig;

/// The largest configuration file read (1 MiB).
pub const MAX_BYTES: u64 = 1 << 20;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The translation memory: a `postgres://` URL (a team's) or an SQLite file.
    #[serde(default)]
    memory: Option<String>,
    #[serde(default)]
    author: Option<String>,
    /// `osc52`: copies also go to the terminal's clipboard.
    #[serde(default)]
    clipboard: Option<Clipboard>,
    #[serde(default)]
    mt: Option<MtConfig>,
    #[serde(default)]
    mt_providers: BTreeMap<String, MtConfig>,
    /// The workspace's keys the translator rebound: command → keys (see
    /// [`crate::tui::keymap`]).
    #[serde(default)]
    keys: HashMap<Spanned<String>, Spanned<String>>,
    /// Where it was read from (for messages).
    #[serde(skip)]
    path: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Clipboard {
    /// The workspace's own clipboard only.
    Internal,
    Osc52,
}

/// A key binding as the file gives it (checked against the workspace's commands when the
/// keymap is made), with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub command: String,
    pub keys: String,
    pub line: usize,
    pub column: usize,
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Unreadable(#[from] crate::io::ReadError),
    #[error(transparent)]
    Syntax(#[from] crate::yaml_file::SyntaxError),
    #[error("no provider named {name:?} in {path}: name one under mt_providers")]
    UnknownProvider { name: String, path: String },
}

/// The user's configuration file (`None` without a home directory).
pub fn path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|dir| dir.join("config.yaml"))
}

impl Config {
    /// The user's configuration; the defaults when there is no file.
    pub fn load_user() -> Result<Config, ConfigError> {
        match path() {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        }
    }

    /// The configuration in `path`; the defaults when the file is missing.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let Some(text) = crate::io::read::read_setting_file(path, MAX_BYTES)? else {
            return Ok(Config {
                path: Some(path.to_owned()),
                ..Config::default()
            });
        };
        let mut config: Config = crate::yaml_file::parse(&text, path)?;
        config.path = Some(path.to_owned());
        Ok(config)
    }

    /// The configured memory, when one is named.
    pub fn memory(&self) -> Option<&str> {
        self.memory.as_deref().filter(|m| !m.trim().is_empty())
    }

    /// Who confirms units: `author:`, else the login name.
    pub fn author(&self) -> String {
        self.author
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_default()
    }

    /// Whether copies go to the terminal's clipboard too (`clipboard: osc52`).
    pub fn osc52(&self) -> bool {
        self.clipboard == Some(Clipboard::Osc52)
    }

    /// The machine-translation provider: the `mt:` section, or with `name` the
    /// `mt_providers:` entry of that name (or the `mt:` section when its provider is `name`).
    /// `None` without a name and without an `mt:` section.
    pub fn mt_provider(&self, name: Option<&str>) -> Result<Option<MtConfig>, ConfigError> {
        let Some(name) = name else {
            return Ok(self.mt.clone());
        };
        if let Some(config) = self.mt_providers.get(name) {
            return Ok(Some(config.clone()));
        }
        match &self.mt {
            Some(config) if config.provider.name() == name => Ok(Some(config.clone())),
            _ => Err(ConfigError::UnknownProvider {
                name: name.to_owned(),
                path: self.shown_path(),
            }),
        }
    }

    /// The keys the translator rebound, in the file's order.
    pub fn key_bindings(&self) -> Vec<KeyBinding> {
        let mut bindings: Vec<KeyBinding> = self
            .keys
            .iter()
            .map(|(command, keys)| KeyBinding {
                command: command.value.clone(),
                keys: keys.value.clone(),
                line: command.referenced.line() as usize,
                column: command.referenced.column() as usize,
            })
            .collect();
        bindings.sort_by_key(|binding| (binding.line, binding.column));
        bindings
    }

    /// The file's path as messages show it.
    pub fn shown_path(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "the configuration".into(), |p| p.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::config::Kind;

    fn written(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.yaml");
        std::fs::write(&file, text).unwrap();
        (dir, file)
    }

    #[test]
    fn every_key_is_read_from_one_file() {
        let (_dir, file) = written(
            "memory: postgres://desk@127.0.0.1/tm\nauthor: Claire\nclipboard: osc52\n\
             mt:\n  provider: openai\n  url: http://127.0.0.1:8080/v1/\n  model: llama3.1\n\
             mt_providers:\n  fast:\n    provider: deepl\n    url: http://127.0.0.1:9\n",
        );
        let config = Config::load(&file).unwrap();
        assert_eq!(config.memory(), Some("postgres://desk@127.0.0.1/tm"));
        assert_eq!(config.author(), "Claire");
        assert!(config.osc52());
        let mt = config.mt_provider(None).unwrap().unwrap();
        assert_eq!((mt.provider, mt.timeout_seconds), (Kind::Openai, 30));
        assert_eq!(
            config.mt_provider(Some("openai")).unwrap().unwrap().model,
            "llama3.1"
        );
        assert_eq!(
            config.mt_provider(Some("fast")).unwrap().unwrap().provider,
            Kind::Deepl
        );
        let unknown = config.mt_provider(Some("babel")).unwrap_err().to_string();
        assert!(
            unknown.contains("\"babel\"") && unknown.contains("config.yaml"),
            "{unknown}"
        );
    }

    #[test]
    fn a_misspelt_key_is_named_with_its_line_and_column() {
        let (_dir, file) = written("author: Claire\nmemroy: tm.sqlite\n");
        let error = Config::load(&file).unwrap_err().to_string();
        assert!(error.contains("config.yaml:2:1"), "{error}");
        assert!(error.contains("memroy"), "{error}");
        let (_dir, file) = written("mt:\n  provider: babel\n");
        let error = Config::load(&file).unwrap_err().to_string();
        assert!(error.contains("config.yaml:2:"), "{error}");
    }

    #[test]
    fn key_bindings_come_with_their_place() {
        let (_dir, file) = written("author: Claire\nkeys:\n  save: F10\n  confirm: Ctrl+J / F12\n");
        let bindings = Config::load(&file).unwrap().key_bindings();
        assert_eq!(
            bindings,
            vec![
                KeyBinding {
                    command: "save".into(),
                    keys: "F10".into(),
                    line: 3,
                    column: 3
                },
                KeyBinding {
                    command: "confirm".into(),
                    keys: "Ctrl+J / F12".into(),
                    line: 4,
                    column: 3
                },
            ]
        );
    }

    #[test]
    fn no_file_is_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(&dir.path().join("none.yaml")).unwrap();
        assert_eq!(config.memory(), None);
        assert!(!config.osc52());
        assert!(config.mt_provider(None).unwrap().is_none());
        assert!(config.mt_provider(Some("deepl")).is_err());
    }
}
