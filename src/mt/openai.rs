//! An OpenAI-compatible chat completions endpoint (`POST {url}/chat/completions`): OpenAI, or a
//! local Ollama, llama.cpp or vLLM server with only a URL and a model name. Temperature 0; the
//! house rules and each segment's glossary terms are in the prompt; the segments go as a
//! numbered list and the answer must be exactly that many numbered lines, or it is refused.

use serde::Deserialize;
use serde_json::json;

use super::http::Client;
use super::{MtConfig, MtError, Provider, Request};

pub struct OpenAi {
    client: Client,
    url: String,
    model: String,
    key: Option<String>,
}

#[derive(Deserialize)]
struct Answer {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    content: String,
}

/// What every request says before the segments.
pub const HOUSE_RULES: &str = "You translate French news articles into English for a newsroom. \
Translate each numbered French segment into one English segment. Rules: keep every name, \
number, date and quantity exactly; use the required English term for each glossary term \
listed under a segment, exactly as written, and never a forbidden rendering; lines marked \
before and after are the sentences around the segment, for context only, never to be \
translated; lines marked memory are the desk's earlier translations of similar French \
sentences, with their similarity: follow their wording where the French is the same; write \
English quotation marks (“ ”) where the French has « »; do not add notes or explanations. \
Answer with the same numbers, one segment per line, as `N. translation`, and nothing else.";

impl OpenAi {
    pub fn new(config: &MtConfig) -> Result<OpenAi, MtError> {
        if config.model.trim().is_empty() {
            return Err(MtError::Config {
                provider: "openai".into(),
                message: "no model in the mt configuration (model: llama3.1, gpt-4o-mini…)".into(),
            });
        }
        let key = match &config.key_env {
            Some(_) => Some(config.key()?),
            None => None,
        };
        Ok(OpenAi {
            client: Client::new("openai", config.timeout(), config.key_env.as_deref()),
            url: config.endpoint("chat/completions"),
            model: config.model.clone(),
            key,
        })
    }
}

/// The user message: the numbered segments, each followed by its terms, the sentences around
/// it and the desk's earlier translations of similar sentences.
pub fn prompt(batch: &[Request]) -> String {
    let mut out = String::new();
    for (number, request) in batch.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", number + 1, one_line(&request.source)));
        for term in &request.terms {
            out.push_str(&format!("   glossary: {} => {}", term.french, term.english));
            if !term.forbidden.is_empty() {
                out.push_str(&format!(" (never: {})", term.forbidden.join(", ")));
            }
            out.push('\n');
        }
        if !request.previous.is_empty() {
            out.push_str(&format!("   before: {}\n", one_line(&request.previous)));
        }
        if !request.next.is_empty() {
            out.push_str(&format!("   after: {}\n", one_line(&request.next)));
        }
        for example in &request.examples {
            out.push_str(&format!(
                "   memory {}%: {} => {}\n",
                example.score,
                one_line(&example.source),
                one_line(&example.target)
            ));
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The translations in an answer: exactly `count` lines numbered 1 to `count`.
pub fn parse_answer(content: &str, count: usize) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = content
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.len() != count {
        return Err(format!("{} lines for {count} segments", lines.len()));
    }
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let prefix = format!("{}.", index + 1);
            line.strip_prefix(&prefix)
                .map(|rest| rest.trim().to_owned())
                .filter(|rest| !rest.is_empty())
                .ok_or_else(|| format!("line {} does not start with {prefix:?}", index + 1))
        })
        .collect()
}

impl Provider for OpenAi {
    fn name(&self) -> String {
        format!("openai {}", self.model)
    }

    fn model(&self) -> String {
        self.model.clone()
    }

    fn context(&self) -> super::ContextUse {
        super::ContextUse::Examples
    }

    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        let body = json!({
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": HOUSE_RULES},
                {"role": "user", "content": prompt(batch)},
            ],
        });
        let authorization = self.key.as_ref().map(|key| format!("Bearer {key}"));
        let headers: Vec<(&str, &str)> = authorization
            .as_deref()
            .map(|value| ("Authorization", value))
            .into_iter()
            .collect();
        let text = self.client.post_text(&self.url, &headers, &body)?;
        read_answer(&text, batch.len()).map_err(|message| self.client.bad_answer(message))
    }
}

/// The translations of a chat-completions answer: its first choice's content, numbered lines.
pub fn read_answer(text: &str, count: usize) -> Result<Vec<String>, String> {
    let answer: Answer = super::http::json_of(text)?;
    let choice = answer.choices.first().ok_or("no choices")?;
    parse_answer(&choice.message.content, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::Term;

    #[test]
    fn the_answer_must_number_every_segment() {
        assert_eq!(
            parse_answer("1. One.\n\n2.  Two.\n", 2).unwrap(),
            ["One.", "Two."]
        );
        assert!(
            parse_answer("1. One.", 2)
                .unwrap_err()
                .contains("1 lines for 2")
        );
        assert!(
            parse_answer("1. One.\n3. Three.", 2)
                .unwrap_err()
                .contains("\"2.\"")
        );
        assert!(parse_answer("Sure! 1. One.", 1).is_err());
    }

    #[test]
    fn the_prompt_lists_each_segments_terms() {
        let batch = [Request {
            source: "Les nouvelles « Routes de la soie »\nsont là.".into(),
            terms: vec![Term {
                french: "nouvelles « Routes de la soie »".into(),
                english: "Belt and Road".into(),
                variants: Vec::new(),
                forbidden: vec!["New Silk Roads".into()],
            }],
            ..Request::default()
        }];
        assert_eq!(
            prompt(&batch),
            "1. Les nouvelles « Routes de la soie » sont là.\n   glossary: nouvelles « Routes de \
             la soie » => Belt and Road (never: New Silk Roads)\n"
        );
    }
}
