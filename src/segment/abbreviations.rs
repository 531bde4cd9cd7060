//! The tables the scanner consults when a period follows a word.
//!
//! Three kinds of abbreviation behave differently at a sentence end, so they live in separate
//! tables rather than one list:
//!
//! - [`Kind::Title`]: forms of address that always stand before a name (`M.`, `Mme`, `Dr.`).
//!   A period after them never ends a sentence.
//! - [`Kind::NeverFinal`]: abbreviations that introduce something (`p. 12`, `art. 3`, `cf.`,
//!   `c.-à-d.`). They do not end a sentence in running text.
//! - [`Kind::MayEnd`]: abbreviations that often close a sentence (`etc.`, `J.-C.`, `Inc.`, the
//!   abbreviated months `févr.`, `sept.`): the period ends the sentence when a capitalised
//!   word, a quotation or a dash follows, never before a lower-case word or a number. That
//!   keeps `sept` the number right too: `Ils étaient sept. Puis…` ends there.
//!
//! Lookups are exact (case-sensitive): `M.` is a title, `m.` after a number is a metre. Entries
//! written in lower case also match their capitalised form at the start of a sentence (`Cf.`).

use std::collections::HashMap;

/// How a period after an abbreviation behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Stands before a name: never ends a sentence.
    Title,
    /// Introduces what follows: never ends a sentence.
    NeverFinal,
    /// Ends a sentence when a capital, an opening quotation or a dash follows.
    MayEnd,
    /// Always ends a sentence when anything follows (a user's forced break).
    AlwaysEnds,
}

const TITLES: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Mgr", "Mgrs", "Me", "Mes", "Dr", "Drs", "Pr",
    "Prs", "St", "Ste", "Sts", "Stes", "Mr", "Mrs", "Ms", "Messrs", "Prof", "Gal", "Gén", "Col",
    "Cdt", "Lt", "Sgt", "Cpt", "Capt", "Rév", "Rev", "Sr", "Vve",
];

const NEVER_FINAL: &[&str] = &[
    "av", "apr", "cf", "p", "pp", "chap", "env", "c.-à-d", "c-à-d", "n", "no", "nos", "nº", "fig",
    "figs", "tab", "éd", "édit", "coll", "trad", "dir", "coord", "réf", "tél", "hab", "approx",
    "boul", "bd", "suiv", "ibid", "id", "op", "loc", "cit", "resp", "anc", "arr", "dép", "prov",
    "ca", "vs", "t", "r", "v", "ms", "mss", "sect", "ann", "ch", "vv", "masc", "fém", "sing",
    "plur", "adj", "adv", "prép", "conj", "pron", "éds", "dict", "encycl", "angl", "lat", "ital",
    "hebd", "bimens", "Inst", "Univ", "univ", "Dept", "dept",
];

const MAY_END: &[&str] = &[
    "etc", "J.-C", "Inc", "Ltd", "Co", "Corp", "Cie", "Ets", "Bros", "Jr", "s", "al", "sq", "sqq",
    "SA", "Sté", "cie", // abbreviated months: `le 3 févr. dernier`, `le 12 déc. 2024`
    "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc",
    // Also ordinary words that end sentences in news (`sur ses vols. Frontier…`, `le
    // programme de vol. Le deuxième…`): see [`is_also_a_word`].
    "vol", "vols", "art", "arts", "ex",
];

/// Abbreviations that are also ordinary words (`vol`, `art`, `ex`): they may end a sentence
/// like the others, except before a code reference (`art. L. 123`), which a capital letter
/// and a period make.
pub fn is_also_a_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "vol" | "vols" | "art" | "arts" | "ex"
    )
}

/// The abbreviation tables, with the user's additions merged in.
#[derive(Debug, Clone)]
pub struct Abbreviations {
    table: HashMap<Box<str>, Kind>,
}

impl Default for Abbreviations {
    fn default() -> Self {
        Self::french()
    }
}

impl Abbreviations {
    /// The built-in French (and common English) tables.
    pub fn french() -> Self {
        let mut table = HashMap::new();
        for (list, kind) in [
            (NEVER_FINAL, Kind::NeverFinal),
            (MAY_END, Kind::MayEnd),
            (TITLES, Kind::Title),
        ] {
            for entry in list {
                table.insert(Box::from(*entry), kind);
            }
        }
        Abbreviations { table }
    }

    /// Adds or replaces an entry. `word` is written without its final period.
    pub fn insert(&mut self, word: &str, kind: Kind) {
        let word = word.strip_suffix('.').unwrap_or(word);
        if !word.is_empty() {
            self.table.insert(Box::from(word), kind);
        }
    }

    /// The kind of `word` (written without its final period), if it is an abbreviation.
    /// `sentence_initial` lets a lower-case entry match its capitalised form (`Cf.` at the start).
    pub fn kind(&self, word: &str, sentence_initial: bool) -> Option<Kind> {
        if let Some(kind) = self.table.get(word) {
            return Some(*kind);
        }
        if sentence_initial {
            let mut chars = word.chars();
            let first = chars.next()?;
            if first.is_uppercase() {
                let lowered: String = first.to_lowercase().chain(chars).collect();
                return self
                    .table
                    .get(lowered.as_str())
                    .copied()
                    .filter(|kind| *kind != Kind::Title);
            }
        }
        None
    }
}

/// Capitalised words that usually open a sentence rather than continue a name. After an initial
/// (`G.`) or a dotted acronym (`U.S.A.`) followed by one of these, the period ends the sentence.
pub fn is_sentence_opener(word: &str) -> bool {
    const OPENERS: &[&str] = &[
        "Le",
        "La",
        "Les",
        "L",
        "Il",
        "Elle",
        "Ils",
        "Elles",
        "On",
        "Un",
        "Une",
        "Des",
        "Ce",
        "Cet",
        "Cette",
        "Ces",
        "C",
        "Je",
        "J",
        "Nous",
        "Vous",
        "Mais",
        "Et",
        "Or",
        "Donc",
        "En",
        "Dans",
        "Pour",
        "Par",
        "Sur",
        "Au",
        "Aux",
        "Du",
        "De",
        "D",
        "À",
        "Selon",
        "Après",
        "Avant",
        "Depuis",
        "Lors",
        "Cela",
        "Ça",
        "Son",
        "Sa",
        "Ses",
        "Leur",
        "Leurs",
        "Si",
        "Quand",
        "Alors",
        "Puis",
        "Ainsi",
        "Pourtant",
        "Cependant",
        "Toutefois",
        "Enfin",
        "Mon",
        "Ma",
        "Mes",
        "Notre",
        "Nos",
        "Votre",
        "Vos",
        "Qui",
        "Que",
        "Quel",
        "Quelle",
        "Tout",
        "Tous",
        "Toute",
        "Toutes",
        "Aucun",
        "Aucune",
        "Chaque",
        "Plusieurs",
        "Certains",
        "Il",
        "Y",
        "Ne",
        "Comme",
        "Parce",
        "Pendant",
        "Sans",
        "Avec",
        "Entre",
        "Contre",
        "Vers",
        "Chez",
        "Malgré",
        "Voici",
        "Voilà",
        "The",
        "This",
        "It",
        "He",
        "She",
        "They",
        "We",
    ];
    OPENERS.contains(&word)
}
