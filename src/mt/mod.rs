//! Machine-translation drafts that are told the glossary and checked against it.
//!
//! A [`Provider`] translates a batch of French segments into English; each [`Request`] carries
//! the glossary terms its segment holds (French term → required English, forbidden
//! renderings), which the providers pass on as well as their API allows (DeepL's glossaries, a
//! prompt for a chat model, the request object for a local command). Whatever comes back is
//! checked ([`check`]): missing required terms and forbidden renderings are marked on the
//! suggestion, and where the provider rendered a term another way, unambiguously, a repair
//! substitutes the glossary's target.
//!
//! Providers: [`command`] (any local program speaking JSON lines), [`libretranslate`],
//! [`deepl`], [`openai`] (any OpenAI-compatible chat completions server: Ollama, llama.cpp,
//! vLLM). They are configured in the user's configuration file ([`config`]); nothing is sent
//! anywhere unless one is. Results are cached on disk ([`cache`]).
//!
//! The library never prints: errors are [`MtError`]s, one line each.

pub mod cache;
pub mod check;
pub mod command;
pub mod config;
pub mod deepl;
pub mod few_shot;
mod http;
pub mod libretranslate;
pub mod openai;
pub mod pacing;
pub mod worker;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use config::MtConfig;

/// A glossary term of a segment, as a provider is told it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Term {
    /// The French term as it is in the segment.
    pub french: String,
    /// The English rendering the glossary requires.
    pub english: String,
    /// Other renderings the glossary accepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Renderings the glossary forbids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
}

/// One segment to translate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Request {
    pub source: String,
    pub terms: Vec<Term>,
    /// The French sentences before and after it, as context (not to be translated); empty at
    /// either end of the document, or when the budget leaves no room ([`few_shot`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub previous: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next: String,
    /// The desk's earlier translations of similar sentences, best first ([`few_shot`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<few_shot::Example>,
}

/// Why a provider gave no translation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MtError {
    #[error("{provider}: cannot reach {url}: {message}")]
    Network {
        provider: String,
        url: String,
        message: String,
    },
    #[error("{provider}: the key was refused ({status}); check the key in ${variable}")]
    Auth {
        provider: String,
        status: u16,
        variable: String,
    },
    #[error(
        "{provider}: too many requests (429); the server asks to wait {} s, more than passeur \
         waits ({} s): run it again later",
        asked.as_secs(),
        pacing::MAX_RETRY_WAIT.as_secs()
    )]
    WaitTooLong { provider: String, asked: Duration },
    #[error("{provider}: too many requests (429); try again in a moment")]
    RateLimited {
        provider: String,
        retry_after: Option<Duration>,
    },
    #[error("{provider}: the server failed ({status}): {message}")]
    Server {
        provider: String,
        status: u16,
        message: String,
    },
    #[error("{provider}: unexpected answer: {message}")]
    BadAnswer { provider: String, message: String },
    #[error("{provider}: no answer within {seconds} s")]
    Timeout { provider: String, seconds: u64 },
    #[error("{provider}: {message}")]
    Config { provider: String, message: String },
}

impl MtError {
    /// Whether trying again later may succeed (rate limits, server errors, timeouts, network).
    pub fn is_transient(&self) -> bool {
        match self {
            MtError::RateLimited { .. } | MtError::Timeout { .. } | MtError::Network { .. } => true,
            MtError::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// How long the server asked to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            MtError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// A machine-translation service.
pub trait Provider: Send + Sync {
    /// The name shown to the translator (`deepl`, `openai llama3.1`).
    fn name(&self) -> String;

    /// The model or engine, for the cache key (empty when the provider has none).
    fn model(&self) -> String;

    /// English translations of `batch`, one per request, in order.
    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError>;

    /// The terms of the whole document, before its segments are sent: a provider with a
    /// glossary of its own (DeepL) makes one glossary of them instead of one per batch.
    fn prepare(&self, _terms: &[Term]) {}

    /// What of a segment's surroundings the provider can use ([`few_shot`]).
    fn context(&self) -> ContextUse {
        ContextUse::Nothing
    }
}

/// What of a segment's surroundings a provider is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextUse {
    Nothing,
    /// The sentences before and after (DeepL's `context`).
    Neighbours,
    /// The neighbours and the memory's examples (a chat model, a `command` engine).
    Examples,
}

/// The provider the configuration names; `cache_dir` keeps what a provider remembers between
/// runs (DeepL's glossary ids), normally [`cache::user_dir`].
pub fn provider(
    config: &MtConfig,
    cache_dir: Option<&std::path::Path>,
) -> Result<Box<dyn Provider>, MtError> {
    let provider: Box<dyn Provider> = match config.provider {
        config::Kind::Command => Box::new(command::Command::new(config)?),
        config::Kind::Libretranslate => Box::new(libretranslate::LibreTranslate::new(config)?),
        config::Kind::Deepl => Box::new(deepl::Deepl::new(config, cache_dir)?),
        config::Kind::Openai => Box::new(openai::OpenAi::new(config)?),
    };
    Ok(Box::new(Guarded(provider)))
}

/// The longest machine translation passeur takes (64 KiB, as a memory unit): an engine that
/// answers megabytes for a sentence is broken, and its answer must not reach a project.
pub const MAX_TRANSLATION_BYTES: usize = crate::memory::MAX_UNIT_BYTES;

/// Translations as they come from a provider, at the door: control characters removed, an
/// oversized one refused.
pub fn clean_answers(
    provider: &str,
    mut translations: Vec<String>,
) -> Result<Vec<String>, MtError> {
    for (index, text) in translations.iter_mut().enumerate() {
        if text.len() > MAX_TRANSLATION_BYTES {
            return Err(MtError::BadAnswer {
                provider: provider.to_owned(),
                message: format!(
                    "a translation of {} bytes for segment {} of the batch (passeur takes at \
                     most {} KiB)",
                    text.len(),
                    index + 1,
                    MAX_TRANSLATION_BYTES >> 10
                ),
            });
        }
        crate::controls::strip_in_place(text);
    }
    Ok(translations)
}

/// Every provider's answers at the door: control characters removed
/// ([`crate::controls::strip`]), an oversized translation refused.
pub struct Guarded(pub Box<dyn Provider>);

impl Provider for Guarded {
    fn name(&self) -> String {
        self.0.name()
    }

    fn model(&self) -> String {
        self.0.model()
    }

    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        clean_answers(&self.name(), self.0.translate(batch)?)
    }

    fn prepare(&self, terms: &[Term]) {
        self.0.prepare(terms);
    }

    fn context(&self) -> ContextUse {
        self.0.context()
    }
}

/// The glossary terms of a French segment, for a request: each hit's French text, its
/// entry's target and forbidden renderings.
pub fn terms_of(source: &str, index: &crate::glossary::Index) -> Vec<Term> {
    index
        .find(source)
        .into_iter()
        .map(|hit| {
            let entry = index.entry(hit.entry);
            Term {
                french: source[hit.span].to_owned(),
                english: entry.target,
                variants: entry.target_variants,
                forbidden: entry.forbidden,
            }
        })
        .collect()
}
