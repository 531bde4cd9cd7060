//! LibreTranslate: `POST /translate` with `q` (the batch as an array), `source`, `target`,
//! `format` and `api_key` (when the configuration names one). LibreTranslate takes no
//! glossary: its output is checked against the terms like any other.

use serde::Deserialize;
use serde_json::json;

use super::http::Client;
use super::{MtConfig, MtError, Provider, Request};

pub struct LibreTranslate {
    client: Client,
    url: String,
    key: Option<String>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "translatedText")]
    translated: serde_json::Value,
}

impl LibreTranslate {
    pub fn new(config: &MtConfig) -> Result<LibreTranslate, MtError> {
        // The public instances want a key; a local one does not.
        let key = match &config.key_env {
            Some(_) => Some(config.key()?),
            None => None,
        };
        Ok(LibreTranslate {
            client: Client::new(
                "libretranslate",
                config.timeout(),
                config.key_env.as_deref(),
            ),
            url: config.endpoint("translate"),
            key,
        })
    }
}

impl Provider for LibreTranslate {
    fn name(&self) -> String {
        "libretranslate".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        let texts: Vec<&str> = batch.iter().map(|r| r.source.as_str()).collect();
        let mut body = json!({"q": texts, "source": "fr", "target": "en", "format": "text"});
        if let Some(key) = &self.key {
            body["api_key"] = json!(key);
        }
        let text = self.client.post_text(&self.url, &[], &body)?;
        read_answer(&text, batch.len()).map_err(|message| self.client.bad_answer(message))
    }
}

/// The translations of a `/translate` answer: `translatedText` as a list of `count` texts (or
/// one text for a batch of one).
pub fn read_answer(text: &str, count: usize) -> Result<Vec<String>, String> {
    let answer: Answer = super::http::json_of(text)?;
    let translated: Vec<String> = match answer.translated {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| "translatedText holds a non-string".to_owned())?,
        serde_json::Value::String(one) if count == 1 => vec![one],
        _ => return Err("translatedText is not a list of texts".into()),
    };
    if translated.len() != count {
        return Err(format!(
            "{} translations for {count} texts",
            translated.len()
        ));
    }
    Ok(translated)
}
