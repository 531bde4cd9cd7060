//! A machine-translation provider as configured: the `mt:` section of the user's
//! configuration ([`crate::config`]) and each entry of `mt_providers:`:
//!
//! ```yaml
//! mt:
//!   provider: deepl            # command, libretranslate, deepl or openai
//!   url: https://api-free.deepl.com
//!   key_env: DEEPL_AUTH_KEY    # the environment variable that holds the key
//!   model: ""                  # openai: the model name (llama3.1, gpt-4o-mini…)
//!   command: [./engine.sh]     # command: the program and its arguments
//!   environment: [CUDA_VISIBLE_DEVICES]  # command: variables passed on besides PATH, HOME,
//!                              # LANG, LC_ALL, TMPDIR (no other secret of yours reaches it)
//!   timeout_seconds: 30
//!   batch_size: 20             # segments per request
//!   requests_per_second: 5     # `passeur mt` never sends faster
//!   context_tokens: 300        # per segment: neighbouring sentences and memory examples
//! mt_providers:                # others, chosen with `passeur mt --provider NAME`
//!   local:
//!     provider: openai
//!     url: http://127.0.0.1:11434/v1
//!     model: llama3.1
//! ```
//!
//! Keys are read only from the environment variable named by `key_env`, never from the file,
//! and never written anywhere. Without an `mt:` section nothing is sent anywhere.

use std::time::Duration;

use serde::Deserialize;

use super::MtError;

/// The providers passeur speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Command,
    Libretranslate,
    Deepl,
    Openai,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Command => "command",
            Kind::Libretranslate => "libretranslate",
            Kind::Deepl => "deepl",
            Kind::Openai => "openai",
        }
    }
}

/// A configured provider.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MtConfig {
    pub provider: Kind,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub key_env: Option<String>,
    #[serde(default)]
    pub command: Vec<String>,
    /// `command`: environment variables the engine gets besides the basic ones.
    #[serde(default)]
    pub environment: Vec<String>,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    #[serde(default = "default_batch")]
    pub batch_size: usize,
    #[serde(default = "default_rate")]
    pub requests_per_second: f64,
    /// Tokens a segment's context may take besides the sentence (neighbours, memory
    /// examples); 0 sends none.
    #[serde(default = "default_context_tokens")]
    pub context_tokens: usize,
}

fn default_context_tokens() -> usize {
    300
}

fn default_timeout() -> u64 {
    30
}

fn default_batch() -> usize {
    20
}

fn default_rate() -> f64 {
    5.0
}

impl MtConfig {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_seconds.max(1))
    }

    pub fn batch_size(&self) -> usize {
        self.batch_size.clamp(1, 200)
    }

    /// The API key, from the environment variable the configuration names.
    pub fn key(&self) -> Result<String, MtError> {
        let config_error = |message: String| MtError::Config {
            provider: self.provider.name().into(),
            message,
        };
        let variable = self
            .key_env
            .as_deref()
            .ok_or_else(|| config_error("no key_env in the mt configuration".into()))?;
        std::env::var(variable)
            .ok()
            .filter(|key| !key.trim().is_empty())
            .ok_or_else(|| config_error(format!("the environment variable {variable} is not set")))
    }

    /// The URL with `path` appended (without doubling the slash).
    pub fn endpoint(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_join_without_doubling_the_slash() {
        let config: MtConfig = crate::yaml_file::parse(
            "provider: openai\nurl: http://127.0.0.1:8080/v1/\n",
            std::path::Path::new("config.yaml"),
        )
        .unwrap();
        assert_eq!(
            config.endpoint("/chat/completions"),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
        assert_eq!((config.timeout_seconds, config.batch_size), (30, 20));
    }
}
