//! Cutting text and terms into comparable words.
//!
//! Both the French text and the glossary terms go through [`for_each_token`], so they meet on the same
//! ground: a *token* is a run of letters and digits (its key folded to lower case, accents and
//! ligatures removed: `Pékin`, `PEKIN`, `pe\u{301}kin` all give `pekin`, `œ` gives `oe`), or one
//! punctuation mark or symbol (`+`, `(`, `,`). Spaces of every kind, line breaks, hyphens,
//! apostrophes and quotation marks only separate tokens, so `Nur-Sultan` = `Nur Sultan`,
//! `l’Inde` gives `l` + `inde` (the elided article is a token of its own, never part of a term),
//! and `trois « fléaux »` = `trois fléaux`.
//!
//! [`french_stem`] folds French number and gender (`routes` → `route`, `occidentaux` →
//! `occidental`, `européennes` → `europeen`) and [`english_stem`] English plurals, for entries
//! that allow inflection and for the translation check.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Characters that separate tokens without being tokens.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                | '\u{2011}'
                | '\''
                | '’'
                | 'ʼ'
                | '‘'
                | '«'
                | '»'
                | '"'
                | '“'
                | '”'
                | '„'
                | '‹'
                | '›'
                | '\u{feff}'
                | '\u{200b}'
        )
}

/// Appends the folded form of `c` (no accents, lower case, ligatures split) to `key`.
pub fn fold_char(c: char, key: &mut String) {
    if c.is_ascii() {
        key.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => key.push_str("oe"),
        'æ' | 'Æ' => key.push_str("ae"),
        'ß' => key.push_str("ss"),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                key.extend(d.to_lowercase());
            }
        }),
    }
}

/// Calls `each` with the byte span and the key of every token of `text`, in order.
pub fn for_each_token(text: &str, mut each: impl FnMut(Range<usize>, &str)) {
    let mut key = String::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        // U+02BC (modifier letter apostrophe) counts as a letter for Unicode, but in French
        // text it is an apostrophe: `lʼOuzbékistan` is `l` + `ouzbekistan`.
        let is_word =
            !is_separator(c) && (c.is_alphanumeric() || (start.is_some() && is_combining_mark(c)));
        if is_word {
            if start.is_none() {
                start = Some(i);
                key.clear();
            }
            fold_char(c, &mut key);
            end = i + c.len_utf8();
            continue;
        }
        if let Some(s) = start.take() {
            each(s..end, &key);
        }
        if !is_separator(c) && !is_combining_mark(c) {
            key.clear();
            key.push(c);
            each(i..i + c.len_utf8(), &key);
        }
    }
    if let Some(s) = start {
        each(s..end, &key);
    }
}

/// Words in `-esse` that are not the feminine of a word in `-e` (`jeunesse` is not a young
/// woman): left to the general rules.
const NOT_FEMININE_ESSE: &[&str] = &[
    "adresse",
    "allegresse",
    "caresse",
    "detresse",
    "faiblesse",
    "finesse",
    "forteresse",
    "jeunesse",
    "justesse",
    "largesse",
    "messe",
    "noblesse",
    "paresse",
    "politesse",
    "presse",
    "promesse",
    "richesse",
    "sagesse",
    "souplesse",
    "tendresse",
    "tristesse",
    "vieillesse",
    "vitesse",
    "kermesse",
    "liesse",
    "ivresse",
    "maladresse",
    "delicatesse",
    "hardiesse",
    "duchesse",
    "archiduchesse",
    "altesse",
    "ainesse",
    "joliesse",
    "indelicatesse",
    "petitesse",
    "prouesse",
    "robustesse",
    "rudesse",
    "sceleratesse",
    "gentilesse",
    "etroitesse",
    "sveltesse",
    "hautesse",
    "mochesse",
    "pauvresse",
    "ruralesse",
];

/// Whether `singular` (a key ending in `-esse`) is the feminine of `base` + `e` (`comtesse`,
/// `mairesse`, `princesse`), not a noun made from an adjective (`grossesse` is not `grosse`,
/// `gentillesse` not `gentille`: a doubled consonant before it) nor an `-eresse` (`chasseresse`).
fn is_feminine_in_esse(singular: &str, base: &str) -> bool {
    let bytes = base.as_bytes();
    let doubled = bytes.len() >= 2 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2];
    base.len() >= 3 && !doubled && !base.ends_with("er") && !NOT_FEMININE_ESSE.contains(&singular)
}

/// Folds French number and gender on a folded word key: plural `-s`/`-x`, `-aux` → `-al`,
/// `-eaux` → `-eau`, feminine `-e`, and the doubled consonant of `-enne`, `-elle`, `-ette`,
/// `-effe` (`cheffe`); the irregular feminines: `-eur`, `-euse`, `-eux` and `-rice` all fold
/// to `-eu` (`directrice` = `directeur`, `vendeuse` = `vendeur`, `heureuse` = `heureux`),
/// `-ive` → `-if`, `-esse` → `-e` (`comtesse` → `comte`, but not `jeunesse` nor `grossesse`,
/// see [`is_feminine_in_esse`]). Short words (three letters or fewer: `OCS`, `UE`, `ONU`) are left
/// alone.
pub fn french_stem(key: &str) -> Cow<'_, str> {
    // French word keys are folded to ASCII; a key in another script is left unchanged.
    if key.len() <= 3 || !key.is_ascii() {
        return Cow::Borrowed(key);
    }
    let singular = key.strip_suffix('s').unwrap_or(key);
    // Agent nouns and adjectives: -eur, -euse, -eux and -rice meet on -eu (vendeur, vendeuse;
    // heureux, heureuse; directeur, directrice), when three letters or more come before.
    let agent = singular
        .strip_suffix("euse")
        .or_else(|| singular.strip_suffix("eur"))
        .or_else(|| key.strip_suffix("eux"))
        .or_else(|| singular.strip_suffix("rice"));
    if let Some(base) = agent
        && base.len() >= 3
    {
        return Cow::Owned(format!("{base}eu"));
    }
    if let Some(base) = singular.strip_suffix("esse")
        && is_feminine_in_esse(singular, base)
    {
        // mairesse → maire, comtesse → comte: then as the masculine.
        return Cow::Owned(french_stem(&format!("{base}e")).into_owned());
    }
    if let Some(base) = singular.strip_suffix("ive")
        && base.len() >= 3
    {
        return Cow::Owned(format!("{base}if")); // sportive → sportif
    }
    if let Some(base) = key.strip_suffix("aux") {
        return if base.ends_with('e') {
            Cow::Borrowed(&key[..key.len() - 1]) // bureaux → bureau
        } else {
            Cow::Owned(format!("{base}al")) // occidentaux → occidental
        };
    }
    let mut stem = key.strip_suffix(['s', 'x']).unwrap_or(key);
    if stem.len() > 3
        && let Some(base) = stem.strip_suffix('e')
    {
        // réfugiée → réfugié: the feminine of a word in -é ends in -ée, folded to -ee.
        stem = base
            .strip_suffix('e')
            .filter(|b| b.len() > 3)
            .unwrap_or(base);
        if stem.len() > 3
            && let Some(base) = stem.strip_suffix('s')
        {
            stem = base; // chinoise(s) → chinoi, like chinois
        }
    }
    let bytes = stem.as_bytes();
    if bytes.len() > 4 {
        let (last, before) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
        if last == before && matches!(last, b'n' | b'l' | b't' | b'f') {
            stem = &stem[..stem.len() - 1]; // européenne → europeen, nouvelle → nouvel, cheffe
        }
    }
    Cow::Borrowed(stem)
}

/// Folds English plurals on a folded word key: `roads` → `road`, `cities` →
/// `city`, `boxes` → `box`. Short words are left alone.
pub fn english_stem(key: &str) -> Cow<'_, str> {
    if key.len() <= 3 || !key.is_ascii() {
        return Cow::Borrowed(key);
    }
    if let Some(base) = key.strip_suffix("ies") {
        return Cow::Owned(format!("{base}y"));
    }
    if let Some(base) = key.strip_suffix("es")
        && (base.ends_with(['s', 'x', 'z']) || base.ends_with("ch") || base.ends_with("sh"))
    {
        return Cow::Borrowed(base);
    }
    if let Some(base) = key.strip_suffix('s')
        && !base.ends_with('s')
    {
        return Cow::Borrowed(base);
    }
    Cow::Borrowed(key)
}
