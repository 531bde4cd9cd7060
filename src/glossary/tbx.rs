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

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Entry, Glossary, GlossaryError, Loaded, Warning};
use crate::document::line_and_column;

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
    let mut reader = Reader::from_str(text);
    let error_at = |position: u64, message: String| {
        let offset = (position as usize).min(text.len());
        let offset = (0..=offset)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        let (line, column) = line_and_column(&text[..offset]);
        GlossaryError::Syntax {
            path: path.to_owned(),
            line,
            column,
            message,
        }
    };
    let mut concepts: Vec<Concept> = Vec::new();
    let mut concept: Option<Concept> = None;
    let mut lang = String::new();
    let mut term: Option<Term> = None;
    let mut capture = Capture::None;
    let mut buffer = String::new();
    let mut saw_root = false;
    let mut open_elements: Vec<String> = Vec::new();
    let mut line_mark = (0usize, 1usize);
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| error_at(reader.error_position(), format!("malformed TBX: {e}")))?;
        match event {
            Event::DocType(doctype)
                if doctype.as_ref().to_ascii_uppercase().contains("<!ENTITY") =>
            {
                return Err(error_at(
                    position,
                    "the DOCTYPE declares XML entities; passeur never expands them \
                     (remove the <!ENTITY …> declarations)"
                        .into(),
                ));
            }
            Event::Start(element) => {
                let name = local_name(&element);
                open_elements.push(name.clone());
                if !saw_root {
                    saw_root = true;
                    if name != "martif" && name != "tbx" {
                        return Err(error_at(
                            position,
                            format!(
                                "not a TBX file: the root element is <{name}>, expected <martif> or <tbx>"
                            ),
                        ));
                    }
                }
                match name.as_str() {
                    "termEntry" | "conceptEntry" => {
                        // Lines are counted from the previous concept on: linear in the file.
                        let (from, at_line) = line_mark;
                        let line = at_line
                            + memchr::memchr_iter(b'\n', &text.as_bytes()[from..position as usize])
                                .count();
                        line_mark = (position as usize, line);
                        concept = Some(Concept {
                            id: attribute(&element, "id"),
                            line,
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
            Event::Empty(element) => {
                if !saw_root {
                    return Err(error_at(
                        position,
                        "not a TBX file: empty root element".into(),
                    ));
                }
                drop(element);
            }
            Event::Text(content) if capture != Capture::None => {
                buffer.push_str(&content.xml10_content());
            }
            Event::CData(content) if capture != Capture::None => {
                buffer.push_str(content.as_ref());
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match reference.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                let Some(c) = resolved else {
                    return Err(error_at(
                        position,
                        format!(
                            "undefined entity &{};: passeur does not expand entities",
                            reference.as_ref()
                        ),
                    ));
                };
                if capture != Capture::None {
                    buffer.push(c);
                }
            }
            Event::End(element) => {
                let name = element.local_name().as_ref().to_owned();
                open_elements.pop();
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
            Event::Eof => {
                if let Some(unclosed) = open_elements.last() {
                    return Err(error_at(
                        text.len() as u64,
                        format!("the file is truncated: <{unclosed}> is not closed"),
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    if !saw_root {
        return Err(error_at(0, "not a TBX file: no root element".into()));
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

fn local_name(element: &BytesStart) -> String {
    element.local_name().as_ref().to_owned()
}

fn attribute(element: &BytesStart, wanted: &str) -> Option<String> {
    element.attributes().flatten().find_map(|attribute| {
        (attribute.key.as_ref() == wanted)
            .then(|| {
                attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
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
