//! Reading TBX termbases: TBX 2008 (`<martif>`, `termEntry`/`langSet`/`tig`) and TBX 2019
//! (`<tbx>`, `conceptEntry`/`langSec`/`termSec`), as exported by IATE, memoQ or Trados.
//!
//! Each concept becomes one entry: its preferred French term is the source (other French terms
//! are source variants, since deprecated forms still occur in texts), its preferred English
//! term the target, admitted English terms the target variants, and deprecated or superseded
//! English terms the forbidden renderings. Definitions and notes become the entry's note.
//!
//! Safety: entities are never expanded. A DOCTYPE that declares entities (the XXE and
//! "billion laughs" attacks) is refused, and any entity other than the five predefined ones is
//! an error; nothing is ever fetched.

use std::path::Path;

use super::{Entry, Glossary, GlossaryError, Loaded, Warning};
use crate::markup::xml::{Node, XmlReader, attribute, local_name};
use crate::markup::{FormatError, primary_language};

#[derive(Debug, Default)]
struct Term {
    lang: String,
    text: String,
    status: String,
    pos: Option<String>,
}

#[derive(Debug, Default)]
struct Concept {
    id: Option<String>,
    line: usize,
    terms: Vec<Term>,
    notes: Vec<String>,
}

/// What the text being read belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    None,
    Term,
    Status,
    Pos,
    Note,
}

pub fn parse(text: &str, path: &Path) -> Result<Loaded, GlossaryError> {
    let mut reader = XmlReader::new(text, path);
    let syntax = |error: FormatError| match error {
        FormatError::Syntax {
            path,
            line,
            column,
            message,
        } => GlossaryError::Syntax {
            path,
            line,
            column,
            message: message.replace("malformed XML", "malformed TBX"),
        },
        FormatError::Invalid { path, message } => GlossaryError::Invalid { path, message },
    };
    let mut concepts: Vec<Concept> = Vec::new();
    let mut concept: Option<Concept> = None;
    let mut lang = String::new();
    let mut term: Option<Term> = None;
    let mut capture = Capture::None;
    let mut buffer = String::new();
    let mut saw_root = false;
    loop {
        let node = reader.read_node().map_err(syntax)?;
        let position = reader.last_span().start;
        match node {
            Node::Start(element) | Node::Empty(element) if !saw_root => {
                saw_root = true;
                let name = local_name(&element);
                if name != "martif" && name != "tbx" {
                    return Err(syntax(reader.error(format!(
                        "not a TBX file: the root element is <{name}>, expected <martif> or <tbx>"
                    ))));
                }
            }
            Node::Start(element) => {
                let name = local_name(&element);
                match name.as_str() {
                    "termEntry" | "conceptEntry" => {
                        concept = Some(Concept {
                            id: attribute(&element, "id"),
                            line: reader.line_of(position),
                            ..Concept::default()
                        });
                    }
                    "langSet" | "langSec" => {
                        lang = attribute(&element, "xml:lang")
                            .or_else(|| attribute(&element, "lang"))
                            .unwrap_or_default();
                    }
                    "tig" | "ntig" | "termSec" => {
                        term = Some(Term {
                            lang: lang.clone(),
                            ..Term::default()
                        });
                    }
                    "term" => start_capture(&mut capture, &mut buffer, Capture::Term),
                    "termNote" => {
                        let kind = attribute(&element, "type").unwrap_or_default();
                        let what = match kind.as_str() {
                            "administrativeStatus" | "normativeAuthorization" => Capture::Status,
                            "partOfSpeech" => Capture::Pos,
                            _ => Capture::None,
                        };
                        start_capture(&mut capture, &mut buffer, what);
                    }
                    "descrip" | "note" | "definition" => {
                        let kind = attribute(&element, "type").unwrap_or_default();
                        if name != "descrip"
                            || matches!(
                                kind.as_str(),
                                "definition" | "context" | "Usage note" | "explanation"
                            )
                        {
                            start_capture(&mut capture, &mut buffer, Capture::Note);
                        }
                    }
                    _ => {}
                }
            }
            Node::Text(content) if capture != Capture::None => buffer.push_str(&content),
            Node::End(name) => {
                let finished = std::mem::replace(&mut capture, Capture::None);
                let value = collapse(&std::mem::take(&mut buffer));
                match (finished, term.as_mut()) {
                    (Capture::Term, Some(term)) => term.text = value,
                    (Capture::Status, Some(term)) => term.status = value,
                    (Capture::Pos, Some(term)) => term.pos = Some(value),
                    (Capture::Note, _) => {
                        if let (false, Some(concept)) = (value.is_empty(), concept.as_mut()) {
                            concept.notes.push(value);
                        }
                    }
                    _ => {}
                }
                match name.as_str() {
                    "tig" | "ntig" | "termSec" => {
                        if let (Some(term), Some(concept)) = (term.take(), concept.as_mut()) {
                            concept.terms.push(term);
                        }
                    }
                    "termEntry" | "conceptEntry" => concepts.extend(concept.take()),
                    _ => {}
                }
            }
            Node::Eof => break,
            _ => {}
        }
    }
    Ok(build(concepts, path))
}

fn start_capture(capture: &mut Capture, buffer: &mut String, what: Capture) {
    *capture = what;
    buffer.clear();
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Concepts to entries; languages other than French and English are ignored.
fn build(concepts: Vec<Concept>, path: &Path) -> Loaded {
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    let mut languages: Vec<String> = Vec::new();
    for concept in concepts {
        for term in &concept.terms {
            let language = primary_language(&term.lang);
            if !languages.contains(&language) {
                languages.push(language);
            }
        }
        let of = |language: &str| -> Vec<&Term> {
            concept
                .terms
                .iter()
                .filter(|t| primary_language(&t.lang) == language && !t.text.is_empty())
                .collect()
        };
        let (french, english) = (of("fr"), of("en"));
        let preferred = |terms: &[&Term]| {
            terms
                .iter()
                .position(|t| t.status.contains("preferred"))
                .or_else(|| terms.iter().position(|t| !is_deprecated(&t.status)))
                .unwrap_or(0)
        };
        if french.is_empty() || english.is_empty() {
            let missing = if french.is_empty() {
                "French"
            } else {
                "English"
            };
            warnings.push(Warning {
                message: format!(
                    "{}:{}: concept {} has no {missing} term; skipped",
                    path.display(),
                    concept.line,
                    concept.id.as_deref().unwrap_or("without id")
                ),
            });
            continue;
        }
        let (fr, en) = (preferred(&french), preferred(&english));
        let mut entry = Entry::new(french[fr].text.clone(), english[en].text.clone());
        entry.id = concept.id.clone();
        entry.line = Some(concept.line);
        entry.pos = french[fr].pos.clone();
        entry.source_variants = french
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != fr)
            .map(|(_, t)| t.text.clone())
            .collect();
        for (i, term) in english.iter().enumerate() {
            if i == en {
                continue;
            }
            if is_deprecated(&term.status) {
                entry.forbidden.push(term.text.clone());
            } else {
                entry.target_variants.push(term.text.clone());
            }
        }
        if !concept.notes.is_empty() {
            entry.note = Some(concept.notes.join(" "));
        }
        if entry
            .pos
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("acronym"))
        {
            entry.inflect = false;
        }
        entries.push(entry);
    }
    let has = |l: &str| languages.iter().any(|x| x == l);
    let (source_lang, target_lang) = if entries.is_empty() && !(has("fr") && has("en")) {
        (
            languages.first().cloned().unwrap_or_default(),
            languages.get(1).cloned().unwrap_or_default(),
        )
    } else {
        ("fr".into(), "en".into())
    };
    Loaded {
        glossary: Glossary {
            name: path
                .file_stem()
                .map_or_else(|| "termbase".into(), |s| s.to_string_lossy().into_owned()),
            source_lang,
            target_lang,
            entries,
            path: path.to_owned(),
            ..Glossary::default()
        },
        warnings,
    }
}

fn is_deprecated(status: &str) -> bool {
    status.contains("deprecated") || status.contains("superseded")
}
