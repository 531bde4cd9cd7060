//! The HTTP the web providers share: one JSON request, its status turned into [`MtError`]s
//! (401/403 → the key, 429 → rate limit with `Retry-After`, 5xx → the server), a timeout for
//! the whole exchange, and the answer parsed as JSON.

use std::time::Duration;

use serde::de::DeserializeOwned;

use super::MtError;

/// A client for one provider.
pub struct Client {
    agent: ureq::Agent,
    provider: String,
    timeout: Duration,
    /// The environment variable holding the key, for messages.
    key_variable: String,
}

impl Client {
    pub fn new(provider: &str, timeout: Duration, key_variable: Option<&str>) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("passeur/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            provider: provider.to_owned(),
            timeout,
            key_variable: key_variable.unwrap_or("the key variable").to_owned(),
        }
    }

    /// POSTs `body` as JSON to `url` with `headers`; the answer's JSON.
    pub fn post<T: DeserializeOwned>(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> Result<T, MtError> {
        let text = self.post_text(url, headers, body)?;
        json_of(&text).map_err(|message| self.bad_answer(message))
    }

    /// Like [`Client::post`], the answer as text.
    pub fn post_text(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> Result<String, MtError> {
        let network = |error: ureq::Error| match error {
            ureq::Error::Timeout(_) => MtError::Timeout {
                provider: self.provider.clone(),
                seconds: self.timeout.as_secs(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => MtError::Timeout {
                provider: self.provider.clone(),
                seconds: self.timeout.as_secs(),
            },
            other => MtError::Network {
                provider: self.provider.clone(),
                url: url.to_owned(),
                message: other.to_string(),
            },
        };
        let mut request = self.agent.post(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let result = request.send_json(body);
        let mut response = result.map_err(network)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(network)?;
        match status {
            200..=299 => Ok(text),
            401 | 403 => Err(MtError::Auth {
                provider: self.provider.clone(),
                status,
                variable: self.key_variable.clone(),
            }),
            429 => Err(MtError::RateLimited {
                provider: self.provider.clone(),
                retry_after,
            }),
            _ => Err(MtError::Server {
                provider: self.provider.clone(),
                status,
                message: shown(&text),
            }),
        }
    }

    /// An answer that does not have the expected shape.
    pub fn bad_answer(&self, message: String) -> MtError {
        MtError::BadAnswer {
            provider: self.provider.clone(),
            message,
        }
    }
}

/// An answer's JSON; the error names what was wrong and shows the start of the answer.
pub fn json_of<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|error| format!("{error} in {}", shown(text)))
}

/// A server's answer, shortened to one line for a message.
fn shown(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = line.chars();
    let head: String = chars.by_ref().take(120).collect();
    match chars.next() {
        Some(_) => format!("{head}…"),
        None if head.is_empty() => "(empty)".into(),
        None => head,
    }
}
