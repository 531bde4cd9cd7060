//! The YAML glossary format: passeur's own, written by hand and by the TUI.
//!
//! ```yaml
//! version: 1
//! name: geopolitics
//! source_lang: fr
//! target_lang: en
//! domain: geopolitics            # optional
//! description: …                 # optional
//! defaults:                      # optional, for every entry below
//!   case: insensitive            # insensitive | sensitive | permissive
//!   inflect: true
//!   whole_word: true
//!   accent_sensitive: false
//! entries:
//!   - source: Organisation de coopération de Shanghai
//!     target: Shanghai Cooperation Organisation
//!     source_variants: [Organisation de Shanghai]
//!     target_variants: [SCO]
//!     forbidden: [Shanghai Cooperation Organization]
//!     note: British spelling in our house style.
//!     pos: proper_noun
//!     id: sco                    # optional, unique in the file
//!     case: permissive           # per-entry options override the defaults
//! ```
//!
//! How the options match (the README's glossary section says it at length):
//!
//! - `case`: `insensitive` folds case; `sensitive` wants the term's case exactly (and gives the
//!   entry no acronym twin); `permissive` wants the term's capitals and allows more.
//! - `accent_sensitive`: accents must agree; otherwise `é` = `e`, and NFC = NFD.
//! - Hyphens, spaces of every kind, `'`, `’`, `ʼ` and quotation marks only separate words.
//! - `inflect`: French plural and feminine forms, the irregular ones too (`directrice` for
//!   `directeur`, `vendeuse`, `sportive`, `comtesse`, `cheffe`); see `normalize::french_stem`.
//!   `inflect: singular` or `inflect: plural` keeps the feminine forms but only the number
//!   named (`urgences`, the emergency department, with `inflect: plural`, is not `urgence`, an
//!   emergency); `false` matches the term as written only.
//! - An entry of two to six capitals finds its dotted form (`BCE` → `B.C.E.`), a dotted entry
//!   its undotted one (`U.S.` → `US`), in capitals, unless `case: sensitive`.
//! - The target check folds like matching but honours `case` and `accent_sensitive`; a
//!   `forbidden` form equal to the target once folded (`Hotel-Dieu` for `Hôtel-Dieu`) makes both
//!   compare exactly as written (`check::forbidden_twins`).
//!
//! Unknown keys are errors (a typo such as `target_variant` must not be silently ignored).
//! `terms:` is accepted for `entries:`. An entry without a target, or with an id already used,
//! is skipped with a warning that names its line; the rest of the file still loads.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::yaml_model::{EXPECTED_ENTRIES, File, Inflection, ParsedEntries};
use super::{CaseMode, Entry, Glossary, GlossaryError, Loaded, Number, Warning};

/// Parses a YAML glossary: the common flat shape by [`super::yaml_flat`], anything else (and
/// every error) by serde-saphyr.
pub fn parse(text: &str, path: &Path) -> Result<Loaded, GlossaryError> {
    let file = match super::yaml_flat::parse(text) {
        Some(file) => file,
        None => parse_full(text, path)?,
    };
    finish(file, path)
}

/// Both readers' results for one text: the flat reader's (when it accepts the text) and the
/// general parser's, which must agree (checked by the glossary fuzz target).
pub fn parse_both(
    text: &str,
    path: &Path,
) -> (
    Option<Result<Loaded, GlossaryError>>,
    Result<Loaded, GlossaryError>,
) {
    let flat = super::yaml_flat::parse(text).map(|file| finish(file, path));
    let full = parse_full(text, path).and_then(|file| finish(file, path));
    (flat, full)
}

fn parse_full(text: &str, path: &Path) -> Result<File, GlossaryError> {
    let sources = memchr::memmem::find_iter(text.as_bytes(), "source:").count();
    EXPECTED_ENTRIES.set(sources);
    let file: Result<File, _> = crate::yaml_file::parse(text, path);
    EXPECTED_ENTRIES.set(0);
    Ok(file?)
}

/// The glossary from a file as read: version check, defaults applied, entries without a target
/// or with a repeated id left out with a warning.
fn finish(file: File, path: &Path) -> Result<Loaded, GlossaryError> {
    if let Some(version) = file.version
        && version != 1
    {
        return Err(GlossaryError::Invalid {
            path: path.to_owned(),
            message: format!(
                "glossary version {version} is not supported (this passeur reads version 1)"
            ),
        });
    }
    let defaults = file.defaults;
    let mut warnings = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let ParsedEntries {
        mut entries,
        options,
    } = file.entries;
    let mut options = options.into_iter();
    // Filtered in place: the list is not allocated a second time.
    entries.retain_mut(|entry| {
        let own = options.next().unwrap_or_default();
        let line = entry.line.unwrap_or(0);
        let place = || format!("{}:{line}", path.display());
        if entry.target.trim().is_empty() {
            warnings.push(Warning {
                message: format!("{}: entry \"{}\" has no target; skipped", place(), entry.source),
            });
            return false;
        }
        if entry.source.trim().is_empty() {
            warnings.push(Warning {
                message: format!("{}: entry with an empty source; skipped", place()),
            });
            return false;
        }
        if let Some(id) = &entry.id {
            if let Some(first) = ids.get(id) {
                warnings.push(Warning {
                    message: format!(
                        "{}: duplicate id \"{id}\" (first used on line {first}); entry \"{}\" skipped",
                        place(),
                        entry.source
                    ),
                });
                return false;
            }
            ids.insert(id.clone(), line);
        }
        entry.case = own.case.or(defaults.case).unwrap_or_default();
        let inflection = own
            .inflect
            .or(defaults.inflect)
            .unwrap_or(Inflection::On(Number::Both));
        (entry.inflect, entry.number) = match inflection {
            Inflection::Off => (false, Number::Both),
            Inflection::On(number) => (true, number),
        };
        entry.whole_word = own.whole_word.or(defaults.whole_word).unwrap_or(true);
        entry.accent_sensitive = own
            .accent_sensitive
            .or(defaults.accent_sensitive)
            .unwrap_or(false);
        true
    });
    let name = file.name.unwrap_or_else(|| {
        path.file_stem()
            .map_or_else(|| "glossary".into(), |s| s.to_string_lossy().into_owned())
    });
    Ok(Loaded {
        glossary: Glossary {
            name,
            source_lang: file.source_lang,
            target_lang: file.target_lang,
            domain: file.domain,
            description: file.description,
            entries,
            path: path.to_owned(),
        },
        warnings,
    })
}

/// A YAML string: plain when that is unambiguous, double-quoted otherwise.
pub fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.trim() == value
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`«".contains(c) || c.is_ascii_digit())
        && !value.contains([':', '#', '\n', '\t', '"', '\\'])
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        );
    if plain {
        value.to_owned()
    } else {
        double_quoted(value)
    }
}

fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow list: an item with a comma or a bracket is quoted, or it would split or end the list.
fn list(values: &[String]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|v| match v.contains([',', '[', ']', '{', '}']) {
            true => double_quoted(v),
            false => scalar(v),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// One entry as a YAML list item, indented by `indent` spaces, ending with a newline.
pub fn entry_yaml(entry: &Entry, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut field = |first: bool, key: &str, value: String| {
        let lead = if first {
            format!("{pad}- ")
        } else {
            format!("{pad}  ")
        };
        let _ = writeln!(out, "{lead}{key}: {value}");
    };
    field(true, "source", scalar(&entry.source));
    field(false, "target", scalar(&entry.target));
    if let Some(id) = &entry.id {
        field(false, "id", scalar(id));
    }
    for (key, values) in [
        ("source_variants", &entry.source_variants),
        ("target_variants", &entry.target_variants),
        ("forbidden", &entry.forbidden),
    ] {
        if !values.is_empty() {
            field(false, key, list(values));
        }
    }
    if let Some(note) = &entry.note {
        field(false, "note", scalar(note));
    }
    if let Some(pos) = &entry.pos {
        field(false, "pos", scalar(pos));
    }
    if entry.case != CaseMode::Insensitive {
        let case = match entry.case {
            CaseMode::Sensitive => "sensitive",
            _ => "permissive",
        };
        field(false, "case", case.into());
    }
    match (entry.inflect, entry.number) {
        (false, _) => field(false, "inflect", "false".into()),
        (true, Number::Singular) => field(false, "inflect", "singular".into()),
        (true, Number::Plural) => field(false, "inflect", "plural".into()),
        (true, Number::Both) => {}
    }
    if !entry.whole_word {
        field(false, "whole_word", "false".into());
    }
    if entry.accent_sensitive {
        field(false, "accent_sensitive", "true".into());
    }
    out
}

/// The header of a new YAML glossary, up to and including `entries:`.
pub fn header_yaml(name: &str, domain: Option<&str>, description: Option<&str>) -> String {
    let mut out = format!(
        "version: 1\nname: {}\nsource_lang: fr\ntarget_lang: en\n",
        scalar(name)
    );
    if let Some(domain) = domain {
        let _ = writeln!(out, "domain: {}", scalar(domain));
    }
    if let Some(description) = description {
        let _ = writeln!(out, "description: {}", scalar(description));
    }
    out.push_str("entries:\n");
    out
}

/// A whole glossary as YAML.
pub fn write(glossary: &Glossary) -> String {
    let mut out = header_yaml(
        &glossary.name,
        glossary.domain.as_deref(),
        glossary.description.as_deref(),
    );
    for entry in &glossary.entries {
        out.push_str(&entry_yaml(entry, 2));
    }
    out
}
