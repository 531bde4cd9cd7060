//! A fast reader for the shape almost every YAML glossary has: top-level scalars, then a list
//! of entries whose values are one-line scalars or flow lists of scalars.
//!
//! ```yaml
//! version: 1
//! source_lang: fr
//! target_lang: en
//! terms:
//!   - source: 'patois salutaire'
//!     target: "beneficial patois"
//!     source_variants: [patois, 'le patois']
//! ```
//!
//! It reads a 1M-entry file several times faster than the general YAML parser. It does not
//! try to be YAML: anything outside this shape (a `defaults:` block, block lists, multi-line or
//! block scalars, anchors, tags, flow mappings, a plain scalar YAML would read as a number, a
//! boolean or null, an unknown key, a missing `source`…) makes it give up with `None`, and the
//! caller parses the file with serde-saphyr, which reads everything else and reports errors
//! with their line and column. So a file gets the same result either way; the glossary fuzz
//! target checks that on every input this reader accepts.

use super::yaml_model::{File, Inflection, Options, ParsedEntries};
use super::{CaseMode, Entry};

/// The file as [`super::yaml`] would deserialise it, or `None` for anything outside the flat
/// shape.
pub(super) fn parse(text: &str) -> Option<File> {
    // Characters YAML does not allow in a file (control characters, noncharacters) are for
    // the general parser to report with their place; so are carriage returns and the line
    // separators some YAML readers break lines at (this reader splits at line feeds only).
    if !text.chars().all(yaml_printable) || text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}'])
    {
        return None;
    }
    let mut version = None;
    let (mut name, mut domain, mut description) = (None, None, None);
    let (mut source_lang, mut target_lang) = (None, None);
    let mut entries = ParsedEntries::default();
    let mut seen_top: Vec<&str> = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    let mut in_list = false;
    let mut item_indent = 0;
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
        if is_blank_or_comment(line) {
            continue;
        }
        if line.contains('\t') {
            return None;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        if in_list && indent > 0 {
            // `- key: value` opens an entry; its other keys follow, two columns further in.
            let first = body.strip_prefix("- ")?;
            if indent != item_indent {
                return None;
            }
            let key_indent = indent + 2;
            let mut raw = RawFields::default();
            raw.set(first)?;
            while let Some((_, next)) = lines.peek() {
                if is_blank_or_comment(next) {
                    lines.next();
                    continue;
                }
                let next_indent = next.len() - next.trim_start_matches(' ').len();
                if next_indent <= indent {
                    break;
                }
                if next_indent != key_indent || next.contains('\t') {
                    return None;
                }
                raw.set(&next[key_indent..])?;
                lines.next();
            }
            raw.push_into(&mut entries, number)?;
            continue;
        }
        if indent != 0 {
            return None;
        }
        in_list = false;
        let (key, value) = key_value(body)?;
        if seen_top.contains(&key) {
            return None;
        }
        seen_top.push(key);
        match key {
            "entries" | "terms" => {
                let other = if key == "terms" { "entries" } else { "terms" };
                if !value.is_empty() || seen_top.contains(&other) {
                    return None;
                }
                // The list's items: the next non-blank line gives their indentation.
                let (_, next) = lines
                    .clone()
                    .find(|(_, l)| !is_blank_or_comment(l))
                    .unwrap_or((0, ""));
                item_indent = next.len() - next.trim_start_matches(' ').len();
                if item_indent == 0 {
                    return None; // an empty or top-level list: let the full parser decide
                }
                in_list = true;
            }
            "version" => {
                let digits = value.len() <= 9 && value.bytes().all(|b| b.is_ascii_digit());
                if !digits || value.is_empty() || value.starts_with('0') && value != "0" {
                    return None;
                }
                version = Some(value.parse().ok()?);
            }
            "name" => name = Some(string(value)?),
            "source_lang" => source_lang = Some(string(value)?),
            "target_lang" => target_lang = Some(string(value)?),
            "domain" => domain = Some(string(value)?),
            "description" => description = Some(string(value)?),
            _ => return None, // `defaults:` and anything unknown
        }
    }
    Some(File {
        version,
        name,
        source_lang: source_lang?,
        target_lang: target_lang?,
        domain,
        description,
        defaults: Options::default(),
        entries,
    })
}

/// YAML 1.2's printable set, without the byte order mark.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// `key: value` (the value without a trailing comment), or `key:` with an empty value.
fn key_value(body: &str) -> Option<(&str, &str)> {
    let (key, rest) = body.split_once(':')?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return None;
    }
    if rest.is_empty() {
        return Some((key, ""));
    }
    let value = rest.strip_prefix(' ')?.trim_matches(' ');
    let value = strip_comment(value)?;
    Some((key, value))
}

/// A value with a trailing ` # comment` taken off; the comment may only follow a quoted
/// scalar or a flow list (in a plain scalar, ` #` is left to the full parser).
fn strip_comment(value: &str) -> Option<&str> {
    if value.starts_with('#') {
        return Some(""); // `key: # comment`: an empty value
    }
    let closing = match value.chars().next() {
        Some('\'' | '"') => closing_quote(value.as_bytes())?,
        Some('[') => closing_list(value)?,
        _ => return (!value.contains(" #")).then_some(value),
    };
    let rest = value[closing..].trim_start_matches(' ');
    (rest.is_empty() || (rest.starts_with('#') && value[closing..].starts_with(' ')))
        .then(|| &value[..closing])
}

/// The end (after the `]`) of a flow list at the start of `value`, quoted items skipped.
/// A quote opens a quoted item only at the item's start (`[l'homme]` is plain).
fn closing_list(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut at = 1;
    let mut item_start = true;
    while at < bytes.len() {
        match bytes[at] {
            b' ' => {
                at += 1;
                continue;
            }
            b'\'' | b'"' if item_start => at += closing_quote(&bytes[at..])?,
            b']' => return Some(at + 1),
            byte => {
                item_start = byte == b',';
                at += 1;
                continue;
            }
        }
        item_start = false;
    }
    None
}

/// The end (after the closing quote) of the quoted scalar at the start of `bytes`: a single
/// quote is escaped by doubling it, a double quote by a backslash.
fn closing_quote(bytes: &[u8]) -> Option<usize> {
    let quote = *bytes.first()?;
    let mut at = 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            byte if byte == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// A scalar read as a string: quoted (with its escapes) or plain. `None` for a plain scalar
/// YAML would not read as the same string (empty, special first character, `: `, a number,
/// a boolean, null).
fn string(value: &str) -> Option<String> {
    match value.chars().next()? {
        '\'' => {
            let end = closing_quote(value.as_bytes())?;
            (end == value.len()).then(|| value[1..end - 1].replace("''", "'"))
        }
        '"' => {
            let end = closing_quote(value.as_bytes())?;
            if end != value.len() {
                return None;
            }
            unescape_double(&value[1..end - 1])
        }
        _ => plain(value).map(str::to_owned),
    }
}

fn plain(value: &str) -> Option<&str> {
    let first = value.chars().next()?;
    let special_start = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let looks_typed = first.is_ascii_digit()
        || first == '.'
        || first == '+'
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        );
    let ambiguous = value.contains(": ") || value.ends_with(':') || value.contains(" #");
    (!special_start && !looks_typed && !ambiguous).then_some(value)
}

/// The escapes of a double-quoted scalar passeur and most tools write; others: `None`.
fn unescape_double(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '/' => out.push('/'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            ' ' => out.push(' '),
            'N' => out.push('\u{85}'),
            '_' => out.push('\u{a0}'),
            'L' => out.push('\u{2028}'),
            'P' => out.push('\u{2029}'),
            'x' => out.push(hex(&mut chars, 2)?),
            'u' => out.push(hex(&mut chars, 4)?),
            'U' => out.push(hex(&mut chars, 8)?),
            _ => return None,
        }
    }
    Some(out)
}

fn hex(chars: &mut std::str::Chars, digits: usize) -> Option<char> {
    let text: String = chars.take(digits).collect();
    if text.len() != digits || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(&text, 16).ok()?)
}

/// `[a, 'b', "c"]`: a flow list of scalars on one line.
fn list(value: &str) -> Option<Vec<String>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim_matches(' ');
    while !rest.is_empty() {
        let end = match rest.chars().next()? {
            '\'' | '"' => closing_quote(rest.as_bytes())?,
            _ => rest.find(',').unwrap_or(rest.len()),
        };
        let item = rest[..end].trim_end_matches(' ');
        if !item.starts_with(['\'', '"']) && item.contains(['[', ']', '{', '}']) {
            return None;
        }
        items.push(string(item)?);
        rest = rest[end..].trim_start_matches(' ');
        match rest.strip_prefix(',') {
            Some(after) => {
                rest = after.trim_start_matches(' ');
                if rest.is_empty() {
                    return None; // a trailing comma: let the full parser decide
                }
            }
            None if rest.is_empty() => {}
            None => return None,
        }
    }
    Some(items)
}

fn boolean(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The fields of one entry as they come.
#[derive(Default)]
struct RawFields {
    id: Option<String>,
    source: Option<String>,
    target: Option<String>,
    source_variants: Option<Vec<String>>,
    target_variants: Option<Vec<String>>,
    forbidden: Option<Vec<String>>,
    note: Option<String>,
    pos: Option<String>,
    options: Options,
    /// Keys seen, to give up on a repeated one.
    seen: Vec<&'static str>,
}

impl RawFields {
    fn set(&mut self, body: &str) -> Option<()> {
        let (key, value) = key_value(body)?;
        const KEYS: &[&str] = &[
            "id",
            "source",
            "target",
            "source_variants",
            "target_variants",
            "forbidden",
            "note",
            "pos",
            "case",
            "inflect",
            "whole_word",
            "accent_sensitive",
            "tags",
            "domain",
            "status",
            "gender",
            "source_ref",
            "abbreviation_of",
        ];
        let key = *KEYS.iter().find(|k| **k == key)?;
        if self.seen.contains(&key) || value.is_empty() {
            return None;
        }
        self.seen.push(key);
        match key {
            "id" => self.id = Some(string(value)?),
            "source" => self.source = Some(string(value)?),
            "target" => self.target = Some(string(value)?),
            "note" => self.note = Some(string(value)?),
            "pos" => self.pos = Some(string(value)?),
            "source_variants" => self.source_variants = Some(list(value)?),
            "target_variants" => self.target_variants = Some(list(value)?),
            "forbidden" => self.forbidden = Some(list(value)?),
            "case" => {
                self.options.case = Some(match value {
                    "insensitive" => CaseMode::Insensitive,
                    "sensitive" => CaseMode::Sensitive,
                    "permissive" => CaseMode::Permissive,
                    _ => return None,
                });
            }
            "inflect" => self.options.inflect = Some(Inflection::named(value)?),
            "whole_word" => self.options.whole_word = Some(boolean(value)?),
            "accent_sensitive" => self.options.accent_sensitive = Some(boolean(value)?),
            // Ignored keys: a scalar or a flow list, as the full parser would skip.
            _ if value.starts_with('[') => {
                list(value)?;
            }
            _ => {
                string(value)?;
            }
        }
        Some(())
    }

    fn push_into(self, entries: &mut ParsedEntries, line: usize) -> Option<()> {
        entries.entries.push(Entry {
            id: self.id,
            source: self.source?,
            target: self.target.unwrap_or_default(),
            source_variants: self.source_variants.unwrap_or_default(),
            target_variants: self.target_variants.unwrap_or_default(),
            forbidden: self.forbidden.unwrap_or_default(),
            note: self.note,
            pos: self.pos,
            line: Some(line),
            ..Entry::default()
        });
        entries.options.push(self.options);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::yaml;
    use super::super::{CaseMode, Entry, Glossary};

    /// The flat reader accepts `text` and gives what the general parser gives.
    #[track_caller]
    fn agrees(text: &str) {
        let (flat, full) = yaml::parse_both(text, Path::new("g.yaml"));
        let flat = flat.expect("the flat reader accepts this shape").unwrap();
        assert_eq!(flat, full.unwrap());
    }

    #[test]
    fn the_shipped_glossary_and_the_shared_generators_shape_read_alike() {
        agrees(super::super::sources::SHIPPED[0].1);
        agrees(
            "# generated\nversion: 1\nsource_lang: fr\ntarget_lang: en\nname: synthetic-3\nterms:\n  \
             - source: 'patois salutaire'\n    target: 'beneficial patois'\n    tags: [synthetic]\n  \
             - source: 'ferricyanure de l''initiateur'\n    target: 'instigator ferricyanide'\n    \
             tags: [synthetic]\n\n  - source: \"Banque \\\"du\\\" Nord\" # a comment\n    \
             target: \"North\\u00a0Bank\"\n    source_variants: [Banque, 'la banque', \"b\"]\n    \
             forbidden: []\n    case: sensitive\n    inflect: false\n",
        );
    }

    #[test]
    fn anything_else_is_left_to_the_general_parser() {
        let header = "source_lang: fr\ntarget_lang: en\nentries:\n";
        for body in [
            "defaults:\n  case: sensitive\n",
            "  - source: a\n    target: b\n    source_variants:\n      - c\n",
            "  - source: a\n    target: >\n      folded\n",
            "  - source: a\n    target: &x b\n",
            "  - source: a\n    target: yes\n",
            "  - source: a\n    target: 12\n",
            "  - source: a\n    targt: b\n",
            "  - source: a\n    target: b\n    target: c\n",
            "  - target: b\n",
            "  - source: a: b\n    target: c\n",
            "  - source: a\n      target: b\n",
            "  - source: \"a\\e\"\n    target: b\n",
        ] {
            let text = format!("{header}{body}");
            assert!(super::parse(&text).is_none(), "{text}");
        }
    }

    fn words() -> impl Strategy<Value = String> {
        "[a-zA-ZéèçÉœ'’«» :#,\\[\\]\"\\\\-]{1,24}"
            .prop_filter("not blank", |s| !s.trim().is_empty())
    }

    proptest! {
        /// Glossaries written by passeur itself (the TUI's added terms, `glossary convert`)
        /// read the same through both readers.
        #[test]
        fn what_passeur_writes_reads_alike(
            entries in proptest::collection::vec(
                (words(), words(), proptest::collection::vec(words(), 0..3), any::<bool>(), 0..3u8),
                1..8,
            )
        ) {
            let glossary = Glossary {
                name: "test".into(),
                source_lang: "fr".into(),
                target_lang: "en".into(),
                entries: entries
                    .into_iter()
                    .map(|(source, target, variants, inflect, case)| Entry {
                        source_variants: variants,
                        inflect,
                        case: [CaseMode::Insensitive, CaseMode::Sensitive, CaseMode::Permissive]
                            [case as usize],
                        ..Entry::new(source, target)
                    })
                    .collect(),
                ..Glossary::default()
            };
            let text = yaml::write(&glossary);
            let (flat, full) = yaml::parse_both(&text, Path::new("g.yaml"));
            let full = full.unwrap();
            // What was written is what is read (the writer quotes what needs quoting).
            let fields = |e: &Entry| {
                (e.source.clone(), e.target.clone(), e.source_variants.clone(), e.case, e.inflect)
            };
            let read: Vec<_> = full.glossary.entries.iter().map(fields).collect();
            let written: Vec<_> = glossary.entries.iter().map(fields).collect();
            prop_assert_eq!(read, written);
            prop_assert_eq!(flat.expect("passeur's own shape").unwrap(), full);
        }
    }
}
