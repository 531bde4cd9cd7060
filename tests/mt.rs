//! Machine translation against local servers that speak each provider's real request and
//! response shape and check what passeur sends; errors; `passeur mt` on a large project,
//! interrupted and resumed; the seed article's terms checked and repaired.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::http::{Received, Reply, Server};
use common::*;
use passeur::mt::config::{Kind, MtConfig};
use passeur::mt::{self, MtError, Request, Term};
use serde_json::json;

fn config(provider: Kind, url: &str) -> MtConfig {
    MtConfig {
        provider,
        url: url.to_owned(),
        model: String::new(),
        key_env: None,
        command: Vec::new(),
        environment: Vec::new(),
        timeout_seconds: 5,
        batch_size: 20,
        requests_per_second: 1000.0,
        context_tokens: 300,
    }
}

fn requests() -> Vec<Request> {
    vec![
        Request {
            source: "Le sommet de l’OCS s’ouvre.".into(),
            terms: vec![Term {
                french: "OCS".into(),
                english: "SCO".into(),
                variants: Vec::new(),
                forbidden: vec!["SOC".into()],
            }],
            ..Request::default()
        },
        Request {
            source: "Il pleut.".into(),
            ..Request::default()
        },
    ]
}

#[test]
fn libretranslate_gets_the_batch_and_the_key() {
    let server = Server::start(|request, _| {
        let q = request.json()["q"].clone();
        let texts: Vec<String> = q
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("EN {}", t.as_str().unwrap()))
            .collect();
        Reply::json(json!({ "translatedText": texts }))
    });
    let mut config = config(Kind::Libretranslate, &server.url);
    // Set by cargo for the tests (.cargo/config.toml).
    config.key_env = Some("PASSEUR_TEST_LIBRE_KEY".into());
    let provider = mt::provider(&config, None).unwrap();
    let out = provider.translate(&requests()).unwrap();
    assert_eq!(out, ["EN Le sommet de l’OCS s’ouvre.", "EN Il pleut."]);
    let sent = &server.received()[0];
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/translate")
    );
    assert_eq!(
        sent.json(),
        json!({"q": ["Le sommet de l’OCS s’ouvre.", "Il pleut."], "source": "fr", "target": "en",
               "format": "text", "api_key": "libre-key"})
    );
}

#[test]
fn deepl_creates_the_glossary_once_and_reuses_it() {
    let glossaries = Arc::new(AtomicUsize::new(0));
    let counter = glossaries.clone();
    let server = Server::start(move |request: &Received, _| match request.path.as_str() {
        "/v2/glossaries" => {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::status(
                201,
                &json!({"glossary_id": format!("g{n}"), "ready": true}).to_string(),
            )
        }
        "/v2/translate" => {
            let texts = request.json()["text"].as_array().unwrap().clone();
            let translations: Vec<_> = texts
                .iter()
                .map(|t| json!({"detected_source_language": "FR", "text": format!("EN {}", t.as_str().unwrap())}))
                .collect();
            Reply::json(json!({ "translations": translations }))
        }
        _ => Reply::status(404, "{}"),
    });
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(Kind::Deepl, &server.url);
    // Set by cargo for the tests (.cargo/config.toml).
    config.key_env = Some("PASSEUR_TEST_DEEPL_KEY".into());
    let provider = mt::provider(&config, Some(dir.path())).unwrap();
    provider.translate(&requests()).unwrap();
    provider.translate(&requests()).unwrap();
    // Another run (a new client) finds the glossary id on disk.
    let again = mt::provider(&config, Some(dir.path())).unwrap();
    assert_eq!(again.translate(&requests()).unwrap()[1], "EN Il pleut.");
    assert_eq!(glossaries.load(Ordering::SeqCst), 1, "created once");
    let received = server.received();
    let created = &received[0];
    assert_eq!(created.path, "/v2/glossaries");
    assert_eq!(
        created.headers["authorization"],
        "DeepL-Auth-Key deepl-key:fx"
    );
    let body = created.json();
    assert_eq!(body["entries"], "OCS\tSCO\n");
    assert_eq!(
        (
            body["source_lang"].as_str(),
            body["entries_format"].as_str()
        ),
        (Some("fr"), Some("tsv"))
    );
    let translate = &received[1];
    assert_eq!(translate.path, "/v2/translate");
    assert_eq!(
        translate.headers["authorization"],
        "DeepL-Auth-Key deepl-key:fx"
    );
    assert_eq!(translate.json()["glossary_id"], "g1");
    assert_eq!(translate.json()["source_lang"], "FR");
    assert_eq!(translate.json()["text"][1], "Il pleut.");
    // Other terms: another glossary.
    provider.prepare(&[Term {
        french: "Routes de la soie".into(),
        english: "Belt and Road".into(),
        variants: Vec::new(),
        forbidden: Vec::new(),
    }]);
    provider.translate(&requests()).unwrap();
    assert_eq!(glossaries.load(Ordering::SeqCst), 2);
    assert_eq!(
        server.received().last().unwrap().json()["glossary_id"],
        "g2"
    );
}

#[test]
fn an_openai_compatible_server_gets_the_rules_and_terms_and_a_numbered_batch() {
    let server = Server::start(|request, _| {
        let user = request.json()["messages"][1]["content"]
            .as_str()
            .unwrap()
            .to_owned();
        let count = user.lines().filter(|l| !l.starts_with(' ')).count();
        let content: Vec<String> = (1..=count).map(|n| format!("{n}. English {n}.")).collect();
        Reply::json(
            json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content.join("\n")}}]}),
        )
    });
    let mut config = config(Kind::Openai, &format!("{}/v1", server.url));
    config.model = "llama3.1".into();
    let provider = mt::provider(&config, None).unwrap();
    assert_eq!(provider.name(), "openai llama3.1");
    assert_eq!(
        provider.translate(&requests()).unwrap(),
        ["English 1.", "English 2."]
    );
    let sent = &server.received()[0];
    assert_eq!(sent.path, "/v1/chat/completions");
    assert!(
        !sent.headers.contains_key("authorization"),
        "no key configured, none sent"
    );
    let body = sent.json();
    assert_eq!(body["model"], "llama3.1");
    assert_eq!(body["temperature"], 0);
    assert_eq!(body["messages"][0]["role"], "system");
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("keep every name, number")
    );
    assert_eq!(
        body["messages"][1]["content"],
        "1. Le sommet de l’OCS s’ouvre.\n   glossary: OCS => SCO (never: SOC)\n2. Il pleut.\n"
    );
}

#[test]
fn each_failure_is_one_clear_error() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/busy/translate" => {
            let mut reply = Reply::status(429, "{\"error\": \"Too many requests\"}");
            reply.headers.push(("Retry-After".into(), "2".into()));
            reply
        }
        "/broken/translate" => Reply::status(500, "<html>Internal Server Error</html>"),
        "/slow/translate" => Reply {
            delay: Duration::from_millis(2500),
            ..Reply::json(json!({"translatedText": ["late"]}))
        },
        "/garbled/translate" => Reply::status(200, "{\"translatedText\": [\"unfinished"),
        "/locked/translate" => Reply::status(403, "{\"error\": \"Invalid API key\"}"),
        _ => Reply::status(404, "{}"),
    });
    let one = [requests().remove(1)];
    let error = |path: &str| {
        let mut config = config(Kind::Libretranslate, &format!("{}/{path}", server.url));
        config.timeout_seconds = 1;
        mt::provider(&config, None)
            .unwrap()
            .translate(&one)
            .unwrap_err()
    };
    let busy = error("busy");
    assert!(busy.is_transient());
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(
        busy.to_string(),
        "libretranslate: too many requests (429); try again in a moment"
    );
    let broken = error("broken");
    assert_eq!(
        broken.to_string(),
        "libretranslate: the server failed (500): <html>Internal Server Error</html>"
    );
    assert!(broken.is_transient());
    assert_eq!(
        error("slow").to_string(),
        "libretranslate: no answer within 1 s"
    );
    let garbled = error("garbled").to_string();
    assert!(
        garbled.starts_with("libretranslate: unexpected answer: EOF while parsing"),
        "{garbled}"
    );
    let locked = error("locked");
    assert!(matches!(locked, MtError::Auth { status: 403, .. }));
    assert!(!locked.is_transient());
    let unreachable = {
        let config = config(Kind::Libretranslate, "http://127.0.0.1:9");
        mt::provider(&config, None)
            .unwrap()
            .translate(&one)
            .unwrap_err()
    };
    assert!(
        unreachable
            .to_string()
            .starts_with("libretranslate: cannot reach http://127.0.0.1:9/translate")
    );
}

/// The README's example engine: the terms' English in place of their French.
fn example_engine(dir: &Path) -> PathBuf {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("```python\n#!/usr/bin/env python3")
        .expect("the example in the README")
        + "```python\n".len();
    let script = &readme[start..start + readme[start..].find("```").unwrap()];
    assert!(script.lines().count() <= 16, "a short example");
    let path = dir.join("engine.py");
    std::fs::write(&path, script).unwrap();
    path
}

#[test]
fn a_local_command_speaks_json_lines_as_the_readme_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(Kind::Command, "");
    config.command = vec![
        "python3".into(),
        example_engine(dir.path()).to_str().unwrap().into(),
    ];
    let provider = mt::provider(&config, None).unwrap();
    assert_eq!(provider.name(), "command python3");
    assert_eq!(
        provider.translate(&requests()).unwrap(),
        ["Le sommet de l’SCO s’ouvre.", "Il pleut."]
    );
    let known = Request {
        source: "Il pleut.".into(),
        examples: vec![mt::few_shot::Example {
            source: "Il pleut.".into(),
            target: "It is raining.".into(),
            score: 101,
        }],
        ..Request::default()
    };
    assert_eq!(provider.translate(&[known]).unwrap(), ["It is raining."]);
    config.command = vec![
        "sh".into(),
        "-c".into(),
        "echo '{\"target\": \"only one\"}'".into(),
    ];
    let error = mt::provider(&config, None)
        .unwrap()
        .translate(&requests())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "command sh: unexpected answer: 1 lines for 2 segments"
    );
}

/// A project of `count` segments.
fn big_project(dir: &Path, count: usize) -> PathBuf {
    let text: String = (1..=count)
        .map(|n| format!("La phrase numéro {n} parle du sommet de l’OCS.\n\n"))
        .collect();
    let source = dir.join("long.txt");
    std::fs::write(&source, text).unwrap();
    let output = run(&["init", source.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    PathBuf::from(stdout(&output).trim())
}

fn write_config(home: &Path, body: &str) {
    std::fs::create_dir_all(home.join("config/passeur")).unwrap();
    std::fs::write(home.join("config/passeur/config.yaml"), body).unwrap();
}

#[test]
fn passeur_mt_interrupted_and_restarted_translates_every_segment_once() {
    let answered = Arc::new(AtomicUsize::new(0));
    let abandon = Arc::new(AtomicBool::new(false));
    let (count, gate) = (answered.clone(), abandon.clone());
    let server = Server::start(move |request, index| {
        if index == 20 {
            // The 21st batch hangs until the test has killed the client.
            while !gate.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(10));
            }
            return Reply::status(500, "{}");
        }
        let texts = request.json()["q"].as_array().unwrap().clone();
        count.fetch_add(texts.len(), Ordering::SeqCst);
        let out: Vec<String> = texts
            .iter()
            .map(|t| format!("EN {}", t.as_str().unwrap()))
            .collect();
        Reply::json(json!({ "translatedText": out }))
    });
    let home = tempfile::tempdir().unwrap();
    write_config(
        home.path(),
        &format!(
            "mt:\n  provider: libretranslate\n  url: {}\n  batch_size: 20\n  requests_per_second: 1000\n",
            server.url
        ),
    );
    let project = big_project(home.path(), 1000);
    let mut child = passeur()
        // --raw: the glossary repair's requests would shift the batches counted here.
        .args(["mt", "--raw", project.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while server.received().len() < 21 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never reached batch 21"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    let killed = child.wait_with_output().unwrap();
    abandon.store(true, Ordering::SeqCst);
    let progress = String::from_utf8_lossy(&killed.stderr).into_owned();
    assert!(
        progress.contains("passeur mt: 400/1000 segments (libretranslate)"),
        "{progress}"
    );
    assert_eq!(answered.load(Ordering::SeqCst), 400);

    let output = run_with_home(
        &["mt", "--raw", project.to_str().unwrap()],
        b"",
        home.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("passeur mt: 600/600 segments"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        answered.load(Ordering::SeqCst),
        1000,
        "every segment translated exactly once"
    );
    let (_, opened) = passeur::project::store::Store::open(&project).unwrap();
    for (index, unit) in opened.units().iter().enumerate() {
        assert_eq!(unit.target, format!("EN {}", unit.source));
        assert!(opened.is_machine_translated(index));
    }
    let xliff = home.path().join("long.xlf");
    let export = export_to(&project, "xliff12", &xliff);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let exported = std::fs::read_to_string(&xliff).unwrap();
    assert_eq!(
        exported
            .matches(
                "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\">"
            )
            .count(),
        1000
    );
    let stats = run_with_home(&["stats", project.to_str().unwrap()], b"", home.path());
    assert!(
        stdout(&stats).contains("  of which MT        1000"),
        "{}",
        stdout(&stats)
    );
}

/// A provider that knows the seed article: its reference translations, except that it writes
/// the new « Routes de la soie » as "Silk Roads", as engines do.
struct SeedEngine;

impl mt::Provider for SeedEngine {
    fn name(&self) -> String {
        "seed".into()
    }

    fn model(&self) -> String {
        String::new()
    }

    fn translate(&self, batch: &[Request]) -> Result<Vec<String>, MtError> {
        let gold = gold();
        Ok(batch
            .iter()
            .map(
                |request| match gold.iter().find(|g| g.text == request.source) {
                    Some(segment) => segment.reference_en.replace("Belt and Road", "Silk Roads"),
                    None if request.source.contains("Routes de la soie") => {
                        "new “Silk Roads”".into()
                    }
                    None => format!("[{}]", request.source),
                },
            )
            .collect())
    }
}

#[test]
fn the_seed_articles_silk_roads_are_flagged_and_repaired_and_the_ancient_road_left_alone() {
    let index = passeur::glossary::sources::shipped_index();
    let gold = gold();
    let mut cache = mt::cache::Cache::default();
    let suggest = |number: usize, cache: &mut mt::cache::Cache| {
        let source = &gold[number - 1].text;
        let request = Request {
            source: source.clone(),
            terms: mt::terms_of(source, &index),
            ..Request::default()
        };
        mt::worker::suggest(&SeedEngine, cache, &request).unwrap()
    };
    let eleven = suggest(11, &mut cache);
    assert!(
        eleven
            .text
            .contains("the new “Silk Roads”, a gigantic project")
    );
    let missing: Vec<&str> = eleven.missing.iter().map(|t| t.english.as_str()).collect();
    assert_eq!(missing, ["Belt and Road"]);
    assert_eq!(eleven.forbidden, ["New Silk Roads"]);
    assert_eq!(
        eleven.repaired.as_deref(),
        Some(
            "Kazakhstan, like Uzbekistan, lies on the path of the Belt and Road, a gigantic \
             project championed by the Chinese president to strengthen China's trade links with \
             the rest of the world."
        )
    );
    let nineteen = suggest(19, &mut cache);
    assert!(
        nineteen
            .text
            .contains("the ancient Silk Road, for the SCO summit")
    );
    assert!(
        nineteen.is_clean(),
        "{:?} {:?}",
        nineteen.missing,
        nineteen.forbidden
    );
    assert_eq!(
        nineteen.repaired, None,
        "nothing to repair: the ancient road stays"
    );
}

#[test]
fn a_rate_limit_then_success_is_waited_out() {
    let server = Server::start(|_, index| match index {
        0 => {
            let mut reply = Reply::status(429, "{\"error\": \"slow down\"}");
            reply.headers.push(("Retry-After".into(), "1".into()));
            reply
        }
        1 => Reply::status(503, "{\"error\": \"busy\"}"),
        _ => Reply::json(json!({"translatedText": ["It rains."]})),
    });
    let provider = mt::provider(&config(Kind::Libretranslate, &server.url), None).unwrap();
    let mut pacing = mt::pacing::Pacing::new(1000.0);
    pacing.backoff = Duration::from_millis(50);
    let waits = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let record = waits.clone();
    let mut paced = mt::pacing::Paced::new(provider.as_ref(), pacing);
    paced.on_retry =
        Box::new(move |error, wait| record.borrow_mut().push((error.to_string(), wait)));
    let started = std::time::Instant::now();
    let out = paced.translate(&[requests().remove(1)]).unwrap();
    assert_eq!(out, ["It rains."]);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the Retry-After was honoured"
    );
    drop(paced);
    let waits = waits.borrow();
    assert_eq!(waits.len(), 2);
    assert_eq!(waits[0].1, Duration::from_secs(1));
    assert_eq!(waits[1].1, Duration::from_millis(100), "backoff doubles");
    assert!(waits[1].0.contains("(503)"));
    assert_eq!(server.received().len(), 3);
}

#[test]
fn a_command_engine_gets_none_of_passeurs_secrets() {
    // The engine answers each line with what it sees of four variables.
    let command: Vec<String> = vec![
        "sh".into(),
        "-c".into(),
        "while read -r line; do echo \"{\\\"target\\\": \\\"key=${DEEPL_AUTH_KEY:-none} \
         pg=${PGPASSWORD:-none} gpu=${ENGINE_GPU:-none} home=${HOME:+set}\\\"}\"; done"
            .into(),
    ];
    // Run by `passeur mt`, so the variables are really in passeur's environment.
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write_config(
        &home,
        &format!(
            "mt:\n  provider: command\n  command: {}\n  environment: [ENGINE_GPU]\n",
            serde_json::to_string(&command).unwrap()
        ),
    );
    let project = big_project(dir.path(), 1);
    let output = passeur()
        // --raw: the engine's answer is compared as it wrote it.
        .args(["mt", "--raw", project.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("DEEPL_AUTH_KEY", "secret-key")
        .env("PGPASSWORD", "secret-pw")
        .env("ENGINE_GPU", "0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, saved) = passeur::project::store::Store::open(&project).unwrap();
    assert_eq!(saved.unit(0).target, "key=none pg=none gpu=0 home=set");
}

#[test]
fn an_answer_with_control_characters_or_megabytes_is_cleaned_or_refused() {
    let server = Server::start(|_, index| match index {
        0 => Reply::json(json!({"translatedText": ["It\u{1b}]0;pwned\u{7} rains\u{0}."]})),
        _ => Reply::json(json!({"translatedText": ["x".repeat(1 << 20)]})),
    });
    let provider = mt::provider(&config(Kind::Libretranslate, &server.url), None).unwrap();
    let one = [requests().remove(1)];
    assert_eq!(provider.translate(&one).unwrap(), ["It]0;pwned rains."]);
    let error = provider.translate(&one).unwrap_err().to_string();
    assert!(error.contains("a translation of 1048576 bytes"), "{error}");
}

#[test]
fn a_retry_after_of_a_day_is_not_slept() {
    let server = Server::start(|_, _| {
        let mut reply = Reply::status(429, "{\"error\": \"come back tomorrow\"}");
        reply.headers.push(("Retry-After".into(), "86400".into()));
        reply
    });
    let provider = mt::provider(&config(Kind::Libretranslate, &server.url), None).unwrap();
    let mut paced = mt::pacing::Paced::new(provider.as_ref(), mt::pacing::Pacing::new(1000.0));
    let started = std::time::Instant::now();
    let error = paced.translate(&[requests().remove(1)]).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        error.to_string().contains("asks to wait 86400 s"),
        "{error}"
    );
}

/// An engine that renders each glossary term it is told as required, except the Silk Roads:
/// the programme comes out as "new Silk Roads" (its rendering of the term alone too: the
/// repair's business) and the ancient route as "Silk Route" (nothing to repair it by: left for
/// the translator).
const SILK_ROADS_ENGINE: &str = r#"
import json, sys
for line in sys.stdin:
    request = json.loads(line)
    source = request["source"]
    if not request["terms"] and "Routes de la soie" in source:
        target = "new Silk Roads"
    else:
        words = []
        for term in request["terms"]:
            if "Routes de la soie" in term["french"]:
                words.append("the new Silk Roads")
            elif "Route de la soie" in term["french"]:
                words.append("the Silk Route")
            else:
                words.append(term["english"])
        target = " ".join(words) + "." if words else "Text."
    print(json.dumps({"target": target}), flush=True)
"#;

#[test]
fn passeur_mt_saves_repaired_drafts_and_counts_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let engine = dir.path().join("engine.py");
    std::fs::write(&engine, SILK_ROADS_ENGINE).unwrap();
    let command = serde_json::to_string(&["python3", engine.to_str().unwrap()]).unwrap();
    write_config(
        &home,
        &format!("mt:\n  provider: command\n  command: {command}\n"),
    );
    let project = seed_project(dir.path());
    let mt_run = |project: &Path, extra: &[&str]| {
        let output = passeur()
            .arg("mt")
            .arg(project)
            .args(extra)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let said = mt_run(&project, &[]);
    assert!(
        said.contains(
            "drafts repaired to the glossary: 1; still missing a glossary term or using a \
             forbidden rendering: 1 (passeur check"
        ),
        "{said}"
    );
    let (_, saved) = passeur::project::store::Store::open(&project).unwrap();
    let draft_with = |french: &str| {
        saved
            .units()
            .iter()
            .find(|u| u.source.contains(french))
            .unwrap()
            .target
            .clone()
    };
    let programme = draft_with("Routes de la soie");
    assert!(
        programme.contains("the Belt and Road") && !programme.contains("Silk"),
        "{programme}"
    );
    assert!(draft_with("ancienne Route de la soie").contains("the Silk Route"));

    // --raw keeps the engine's words (on a fresh copy of the article; the answers come from
    // the cache).
    let raw_dir = dir.path().join("raw");
    std::fs::create_dir(&raw_dir).unwrap();
    let raw_project = seed_project(&raw_dir);
    let said = mt_run(&raw_project, &["--raw"]);
    assert!(!said.contains("repaired"), "{said}");
    let (_, saved) = passeur::project::store::Store::open(&raw_project).unwrap();
    let raw = saved
        .units()
        .iter()
        .find(|u| u.source.contains("Routes de la soie"))
        .unwrap();
    assert!(raw.target.contains("the new Silk Roads"), "{}", raw.target);
}

/// A memory with three translations of sentences like the article's third, one below the
/// 70 % examples get, imported into the user's memory under `home`.
fn memory_with_examples(dir: &Path, home: &Path, third: &str) {
    let tmx = dir.join("desk.tmx");
    let tu = |fr: &str, en: &str| {
        format!(
            "<tu><tuv xml:lang=\"fr\"><seg>{fr}</seg></tuv><tuv xml:lang=\"en\"><seg>{en}</seg>\
             </tuv></tu>"
        )
    };
    // One word changed, then three: two fuzzy matches, the first one better.
    let variant = third.replacen("masques", "gants", 1);
    let shorter = variant
        .replacen("délégations", "équipes", 1)
        .replacen("descente", "sortie", 1);
    std::fs::write(
        &tmx,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
             creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" \
             adminlang=\"en\" srclang=\"fr\" datatype=\"plaintext\"/><body>{}{}{}</body></tmx>\n",
            tu(&variant, "EXAMPLE ONE"),
            tu(&shorter, "EXAMPLE TWO"),
            tu("Il pleut sur Astana ce matin.", "EXAMPLE UNRELATED"),
        ),
    )
    .unwrap();
    let output = passeur()
        .args(["memory", "import", tmx.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn mt_with_home(project: &Path, home: &Path) -> std::process::Output {
    passeur()
        .args(["mt", "--raw", project.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("PASSEUR_TEST_DEEPL_KEY", "deepl-key:fx")
        .output()
        .unwrap()
}

#[test]
fn a_chat_model_gets_the_neighbours_and_the_memorys_examples_best_first() {
    let server = Server::start(|request, _| {
        let user = request.json()["messages"][1]["content"]
            .as_str()
            .unwrap()
            .to_owned();
        let count = user.lines().filter(|l| !l.starts_with(' ')).count();
        let content: Vec<String> = (1..=count).map(|n| format!("{n}. English {n}.")).collect();
        Reply::json(json!({"choices": [{"message": {"content": content.join("\n")}}]}))
    });
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write_config(
        &home,
        &format!(
            "mt:\n  provider: openai\n  url: {}/v1\n  model: m\n  batch_size: 50\n  \
             context_tokens: 250\n",
            server.url
        ),
    );
    let gold = gold();
    memory_with_examples(dir.path(), &home, &gold[2].text);
    let project = seed_project(dir.path());
    let output = mt_with_home(&project, &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let prompt = server.received()[0].json()["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    // The third segment's block: its neighbours, then the examples, best first.
    let block: Vec<&str> = prompt
        .split("\n3. ")
        .nth(1)
        .unwrap()
        .split("\n4. ")
        .next()
        .unwrap()
        .lines()
        .skip(1)
        .filter(|line| !line.trim_start().starts_with("glossary:"))
        .collect();
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(block[0], format!("   before: {}", one_line(&gold[1].text)));
    assert_eq!(block[1], format!("   after: {}", one_line(&gold[3].text)));
    let examples: Vec<&str> = block[2..]
        .iter()
        .map(|line| line.rsplit(" => ").next().unwrap())
        .collect();
    assert_eq!(examples, ["EXAMPLE ONE", "EXAMPLE TWO"], "{prompt}");
    assert!(block[2].starts_with("   memory 9"), "{}", block[2]);
    // Within the budget: no segment's context passes 250 tokens (four bytes a token).
    let blocks: Vec<String> = prompt
        .lines()
        .fold(Vec::<String>::new(), |mut blocks, line| {
            match line.starts_with(' ') {
                true => {
                    if let Some(last) = blocks.last_mut() {
                        last.push_str(line);
                    }
                }
                false => blocks.push(String::new()),
            }
            blocks
        });
    for context in &blocks {
        let context: String = context
            .split("   ")
            .filter(|part| !part.starts_with("glossary:"))
            .collect();
        assert!(context.len() <= 250 * 4 + 64, "{context}");
    }
}

#[test]
fn a_command_engine_gets_the_context_fields_and_deepl_its_context() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let gold = gold();
    memory_with_examples(dir.path(), &home, &gold[2].text);
    // The engine writes down what it is given.
    let seen = dir.path().join("seen.jsonl");
    let engine = serde_json::to_string(&[
        "sh",
        "-c",
        &format!(
            "while read -r line; do echo \"$line\" >> '{}'; echo '{{\"target\": \"T.\"}}'; done",
            seen.display()
        ),
    ])
    .unwrap();
    write_config(
        &home,
        &format!("mt:\n  provider: command\n  command: {engine}\n"),
    );
    let project = seed_project(dir.path());
    let output = mt_with_home(&project, &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&seen)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let third = lines
        .iter()
        .find(|l| l["source"] == gold[2].text.as_str())
        .unwrap();
    assert_eq!(third["previous"], gold[1].text.as_str());
    assert_eq!(third["next"], gold[3].text.as_str());
    let targets: Vec<&str> = third["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["EXAMPLE ONE", "EXAMPLE TWO"]);
    assert!(third["examples"][0]["score"].as_u64().unwrap() >= 90);
    assert!(
        lines[0].get("previous").is_none(),
        "nothing before the first"
    );

    // DeepL: the sentences around each batch in `context`.
    let server = Server::start(|request: &Received, _| match request.path.as_str() {
        "/v2/glossaries" => Reply::status(201, &json!({"glossary_id": "g1"}).to_string()),
        _ => {
            let texts = request.json()["text"].as_array().unwrap().clone();
            let translations: Vec<_> = texts.iter().map(|_| json!({"text": "T."})).collect();
            Reply::json(json!({ "translations": translations }))
        }
    });
    write_config(
        &home,
        &format!(
            "mt:\n  provider: deepl\n  url: {}\n  key_env: PASSEUR_TEST_DEEPL_KEY\n  \
             batch_size: 2\n",
            server.url
        ),
    );
    let raw_dir = dir.path().join("deepl");
    std::fs::create_dir(&raw_dir).unwrap();
    let project = seed_project(&raw_dir);
    let output = mt_with_home(&project, &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let second_batch = server
        .received()
        .into_iter()
        .filter(|r| r.path == "/v2/translate")
        .nth(1)
        .unwrap()
        .json();
    assert_eq!(second_batch["text"][0], gold[2].text.as_str());
    assert_eq!(
        second_batch["context"],
        format!("{}\n{}", gold[1].text, gold[4].text).as_str(),
        "the sentence before the batch and the one after it"
    );
}
