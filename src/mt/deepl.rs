//! DeepL: the v2 `translate` endpoint with the `Authorization: DeepL-Auth-Key` header, and the
//! glossary passed through DeepL's glossary API: created once per glossary content (the
//! French → English pairs, sorted), reused by its id (kept in `deepl-glossaries.tsv` in the
//! MT cache directory), created anew when the content changes or DeepL no longer knows the id.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::Deserialize;
use serde_json::json;

use super::http::Client;
use super::{MtConfig, MtError, Provider, Request, Term};

pub struct Deepl {
    client: Client,
    url: String,
    authorization: String,
    /// The glossary to use: set by [`Provider::prepare`] (a project's terms), else each
    /// batch's own terms.
    terms: Mutex<Option<BTreeMap<String, String>>>,
    /// Content hash → glossary id, also on disk.
    known: Mutex<BTreeMap<String, String>>,
    known_file: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Translations {
    translations: Vec<Translation>,
}

#[derive(Deserialize)]
struct Translation {
    text: String,
}

#[derive(Deserialize)]
struct Created {
    glossary_id: String,
}

impl Deepl {
    /// A client; the ids of the glossaries it creates are kept in `cache_dir`, when given.
    pub fn new(config: &MtConfig, cache_dir: Option<&std::path::Path>) -> Result<Deepl, MtError> {
        let key = config.key()?;
        let known_file = cache_dir.map(|dir| dir.join("deepl-glossaries.tsv"));
        let known = known_file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .map(|text| {
                text.lines()
                    .filter_map(|line| line.split_once('\t'))
                    .map(|(hash, id)| (hash.to_owned(), id.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Deepl {
            client: Client::new("deepl", config.timeout(), config.key_env.as_deref()),
            url: config.url.trim_end_matches('/').to_owned(),
            authorization: format!("DeepL-Auth-Key {key}"),
            terms: Mutex::new(None),
            known: Mutex::new(known),
            known_file,
        })
    }

    /// The glossary id for these pairs, created when DeepL does not have them yet.
    fn glossary_id(&self, pairs: &BTreeMap<String, String>) -> Result<String, MtError> {
        let entries: String = pairs
            .iter()
            .map(|(french, english)| format!("{french}\t{english}\n"))
            .collect();
        let hash = crate::project::sha256_hex(entries.as_bytes());
        if let Some(id) = self.known.lock().expect("not poisoned").get(&hash) {
            return Ok(id.clone());
        }
        let body = json!({
            "name": format!("passeur {}", &hash[..12]),
            "source_lang": "fr",
            "target_lang": "en",
            "entries": entries,
            "entries_format": "tsv",
        });
        let created: Created = self.client.post(
            &format!("{}/v2/glossaries", self.url),
            &[("Authorization", &self.authorization)],
            &body,
        )?;
        let mut known = self.known.lock().expect("not poisoned");
        known.insert(hash, created.glossary_id.clone());
        if let Some(file) = &self.known_file {
            let text: String = known.iter().map(|(h, id)| format!("{h}\t{id}\n")).collect();
            // Losing this file only means creating the glossary once more.
            let _ = file
                .parent()
                .map(std::fs::create_dir_all)
                .transpose()
                .map(|_| crate::atomic_file::write_atomically(file, text.as_bytes()));
        }
        Ok(created.glossary_id)
    }

    fn forget(&self, id: &str) {
        self.known
            .lock()
            .expect("not poisoned")
            .retain(|_, known| known != id);
    }

    fn send(&self, batch: &[Request], glossary: Option<&str>) -> Result<Vec<String>, MtError> {
        let texts: Vec<&str> = batch.iter().map(|r| r.source.as_str()).collect();
        let mut body = json!({
            "text": texts,
            "source_lang": "FR",
            "target_lang": "EN-GB",
            "preserve_formatting": true,
        });
        if let Some(id) = glossary {
            body["glossary_id"] = json!(id);
        }
        let context = batch_context(batch);
        if !context.is_empty() {
            body["context"] = json!(context);
        }
        let text = self.client.post_text(
            &format!("{}/v2/translate", self.url),
            &[("Authorization", &self.authorization)],
            &body,
        )?;
        read_answer(&text, batch.len()).map_err(|message| self.client.bad_answer(message))
    }
}

/// DeepL's `context` for a batch (one for all its texts, neither translated nor billed): the
/// sentence before the batch's first segment and the one after its last, the batch's own
/// segments being each other's context.
pub fn batch_context(batch: &[Request]) -> String {
    let before = batch.first().map_or("", |r| r.previous.as_str());
    let after = batch.last().map_or("", |r| r.next.as_str());
    [before, after]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The translations of a `/v2/translate` answer: exactly `count` of them.
pub fn read_answer(text: &str, count: usize) -> Result<Vec<String>, String> {
    let answer: Translations = super::http::json_of(text)?;
    if answer.translations.len() != count {
        return Err(format!(
            "{} translations for {count} texts",
            answer.translations.len()
        ));
    }
    Ok(answer.translations.into_iter().map(|t| t.text).collect())
}

/// French → English pairs of terms, one per French form (the first one given wins), without
/// tabs or line breaks (which DeepL's TSV cannot hold).
fn pairs<'t>(terms: impl IntoIterator<Item = &'t Term>) -> BTreeMap<String, String> {
    let mut pairs = BTreeMap::new();
    for term in terms {
        let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let (french, english) = (clean(&term.french), clean(&term.english));
        if !french.is_empty() && !english.is_empty() {
            pairs.entry(french).or_insert(english);
        }
    }
    pairs
}

impl Provider for Deepl {
    fn name(&self) -> String {
        "deepl".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn prepare(&self, terms: &[Term]) {
        *self.terms.lock().expect("not poisoned") = Some(pairs(terms));
    }

    fn context(&self) -> super::ContextUse {
        super::ContextUse::Neighbours
    }

    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        let prepared = self.terms.lock().expect("not poisoned").clone();
        let pairs = prepared.unwrap_or_else(|| pairs(batch.iter().flat_map(|r| &r.terms)));
        if pairs.is_empty() {
            return self.send(batch, None);
        }
        let id = self.glossary_id(&pairs)?;
        match self.send(batch, Some(&id)) {
            // DeepL forgot the glossary (deleted in its interface): create it again, once.
            Err(MtError::Server { status: 404, .. }) => {
                self.forget(&id);
                let id = self.glossary_id(&pairs)?;
                self.send(batch, Some(&id))
            }
            other => other,
        }
    }
}
