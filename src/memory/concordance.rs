//! Concordance: the units whose source or translation holds a word or phrase, newest first,
//! with how many there are in all.
//!
//! What matches: the query and the unit's texts are *folded* (lower case, accents and
//! ligatures removed, every run of spaces one space, `’` an apostrophe: `ÉTAT`, `etat` and
//! `État` are the same), and the folded query must occur in a folded source or translation
//! starting and ending on a word boundary, as `grep -i -F -w` finds it (`gouvernement` does not
//! find `gouvernemental`).
//! A word is a run of letters and digits of the folded text.
//!
//! So every word of the query is a whole word of a matching unit, and a store answers from an
//! index of each unit's folded words ([`index_words`]) instead of reading every row: the units
//! holding all the query's words are the only candidates, and the exact check ([`Query::matches`])
//! runs on those only. A one-word query needs no check at all, so its count comes from the index
//! alone. [`scan`] is the same search over every unit, for the RAM memory (and the tests that hold
//! an index to it).

use super::{MemoryError, MemoryUnit, UnitId, lookup::Stored};
use crate::glossary::normalize::fold_char;

/// What a concordance found: the newest units, and how many match in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Concordance {
    pub units: Vec<(UnitId, MemoryUnit)>,
    pub total: u64,
}

/// A concordance query, folded.
#[derive(Debug, Clone)]
pub struct Query {
    folded: String,
    words: Vec<String>,
}

impl Query {
    pub fn new(query: &str) -> Query {
        let folded = fold(query.trim());
        let words = distinct_words([folded.as_str()]);
        Query { folded, words }
    }

    /// The query's distinct words: a matching unit holds every one of them.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// A query that is one word and nothing else: every unit holding the word matches it.
    pub fn is_one_word(&self) -> bool {
        self.words.len() == 1 && self.words[0] == self.folded
    }

    /// Whether the unit's source or translation holds the query.
    pub fn matches(&self, unit: &MemoryUnit) -> bool {
        !self.folded.is_empty()
            && (holds(&fold(&unit.source), &self.folded)
                || holds(&fold(&unit.target), &self.folded))
    }
}

/// `text` folded: lower case, no accents, ligatures split, each run of white space one space.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !folded.is_empty() {
            folded.push(' ');
        }
        space = false;
        match c {
            // Typed apostrophes find typeset ones.
            '’' | 'ʼ' | '‘' => folded.push('\''),
            _ => fold_char(c, &mut folded),
        }
    }
    folded
}

/// The distinct words of folded texts, in order of first appearance (a set keeps a 64 KiB
/// unit's thousands of words from being compared with each other).
fn distinct_words<'a>(folded: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    folded
        .into_iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty() && seen.insert(*word))
        .map(str::to_owned)
        .collect()
}

/// The words a store indexes a unit under for concordance: the distinct folded words of its
/// source and translation.
pub fn index_words(unit: &MemoryUnit) -> Vec<String> {
    distinct_words([fold(&unit.source).as_str(), fold(&unit.target).as_str()])
}

/// Whether `needle` occurs in `haystack` (both folded) between word boundaries.
fn holds(haystack: &str, needle: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts_word = is_word(needle.chars().next());
    let ends_word = is_word(needle.chars().next_back());
    // Every occurrence, overlapping ones too: in `ba a a`, `a a` is whole only at the second.
    let mut from = 0;
    while let Some(found) = haystack[from..].find(needle) {
        let at = from + found;
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        let cut_word = starts_word && is_word(before) || ends_word && is_word(after);
        if !cut_word {
            return true;
        }
        from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// What a store provides for concordance: the units holding words, from its index.
pub trait TextIndex {
    /// How many units hold every one of `words` (in source or translation).
    fn count_holding(&mut self, words: &[String]) -> Result<u64, MemoryError>;
    /// Calls `each` with the units holding every one of `words`, newest first (last changed,
    /// then last added), until it returns false.
    fn each_holding(
        &mut self,
        words: &[String],
        each: &mut dyn FnMut(Stored) -> bool,
    ) -> Result<(), MemoryError>;
}

/// The concordance of `query` in a store: at most `max` units, newest first, and the total.
pub fn run(index: &mut dyn TextIndex, query: &str, max: usize) -> Result<Concordance, MemoryError> {
    let query = Query::new(query);
    let mut found = Concordance::default();
    if query.words().is_empty() {
        return Ok(found);
    }
    let one_word = query.is_one_word();
    if one_word {
        found.total = index.count_holding(query.words())?;
        if max == 0 {
            return Ok(found);
        }
    }
    index.each_holding(query.words(), &mut |stored| {
        if one_word || query.matches(&stored.unit) {
            if !one_word {
                found.total += 1;
            }
            if found.units.len() < max {
                found.units.push((stored.id, stored.unit));
            }
        }
        !one_word || found.units.len() < max
    })?;
    Ok(found)
}

/// The concordance of `query` over every unit (a memory without an index).
pub fn scan<'a>(
    units: impl Iterator<Item = (UnitId, &'a MemoryUnit)>,
    query: &str,
    max: usize,
) -> Concordance {
    let query = Query::new(query);
    let mut all: Vec<(UnitId, &MemoryUnit)> = units.filter(|(_, u)| query.matches(u)).collect();
    all.sort_by(|a, b| b.1.changed.cmp(&a.1.changed).then(b.0.cmp(&a.0)));
    Concordance {
        total: all.len() as u64,
        units: all
            .into_iter()
            .take(max)
            .map(|(id, unit)| (id, unit.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(source: &str, target: &str) -> MemoryUnit {
        MemoryUnit {
            source: source.into(),
            target: target.into(),
            ..MemoryUnit::default()
        }
    }

    #[test]
    fn folding_ignores_case_accents_ligatures_and_kinds_of_space() {
        assert_eq!(fold("  L’ÉTAT\u{a0}\u{202f} Cœur  "), "l'etat coeur");
        assert_eq!(fold("Pe\u{301}kin"), "pekin");
    }

    #[test]
    fn a_query_matches_whole_words_only() {
        let u = unit("Le gouvernement kazakh.", "The Kazakh government.");
        assert!(Query::new("GOUVERNEMENT").matches(&u));
        assert!(Query::new("kazakh government").matches(&u));
        assert!(Query::new("government.").matches(&u));
        assert!(!Query::new("gouvern").matches(&u));
        assert!(!Query::new("ernement").matches(&u));
        assert!(!Query::new("gouvernement kazakh government").matches(&u));
        let u = unit("Un état d’urgence, le 10 000e jour.", "");
        assert!(Query::new("etat d'urgence").matches(&u), "’ is typed '");
        assert!(
            Query::new("a a").matches(&unit("ba a a", "")),
            "an overlapping occurrence"
        );
        assert!(Query::new("ÉTAT d’urgence").matches(&u));
        assert!(Query::new("10 000e").matches(&u));
        assert!(Query::new("’urgence").matches(&u), "punctuation at an end");
        assert!(!Query::new("").matches(&u));
    }

    #[test]
    fn the_words_of_a_query_and_whether_it_is_one() {
        let q = Query::new(" Routes de la soie, de ");
        assert_eq!(q.words(), ["routes", "de", "la", "soie"]);
        assert!(!q.is_one_word());
        assert!(Query::new(" Pékin ").is_one_word());
        assert!(!Query::new("Pékin.").is_one_word());
        assert!(Query::new("«»").words().is_empty());
        assert_eq!(
            index_words(&unit("L’État, l’état.", "The State.")),
            ["l", "etat", "the", "state"]
        );
    }
}
