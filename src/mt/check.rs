//! Checking a machine translation before it is shown: the glossary's required terms and
//! forbidden renderings ([`crate::glossary::check`]'s comparison), the QA checks, and a repair
//! where the provider rendered a term another way.
//!
//! The provider's own rendering of a term is looked for among the entry's forbidden renderings
//! and the provider's translation of the term alone (asked for separately). The repair replaces
//! it by the glossary's target only where the rendering is found exactly once (overlapping
//! findings count as one); otherwise the term is only flagged.

use std::ops::Range;

use crate::glossary::check::{Compare, EnglishText, forbidden_twins};
use crate::qa::Issue;

use super::{Request, Term};

/// A machine translation with what the checks found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub text: String,
    /// Terms whose required English is not in the text.
    pub missing: Vec<Term>,
    /// Forbidden renderings the text uses.
    pub forbidden: Vec<String>,
    /// The QA checks' findings (numbers, quotes, punctuation…).
    pub issues: Vec<Issue>,
    /// The text with each missing term's rendering replaced by the required English, when at
    /// least one could be found unambiguously.
    pub repaired: Option<String>,
}

impl Suggestion {
    /// Whether the glossary is respected.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.forbidden.is_empty()
    }
}

/// Checks `text`, the translation of `request`; `alone` gives the provider's translation of a
/// French term on its own, when known.
pub fn check(request: &Request, text: &str, alone: impl Fn(&str) -> Option<String>) -> Suggestion {
    let english = EnglishText::new(text);
    let mut missing = Vec::new();
    let mut forbidden = Vec::new();
    let mut replacements: Vec<(Range<usize>, &str)> = Vec::new();
    let mut forbidden_at: Vec<Range<usize>> = Vec::new();
    for term in &request.terms {
        // A forbidden form that is the target once folded (`Hotel-Dieu` for `Hôtel-Dieu`) is
        // compared as written, and so is the target then (see `glossary::check`).
        let as_entry = crate::glossary::Entry {
            target: term.english.clone(),
            target_variants: term.variants.clone(),
            forbidden: term.forbidden.clone(),
            ..crate::glossary::Entry::default()
        };
        let twins = forbidden_twins(&as_entry);
        let how = |form: &str| match twins.contains(&form) {
            true => Compare::EXACT,
            false => Compare::FOLDED,
        };
        // Forms that find the same words (`New Silk Roads`, `New Silk Road`) count once.
        for form in &term.forbidden {
            if let Some(span) = english.find_as(form, how(form))
                && !forbidden_at.contains(&span)
            {
                forbidden_at.push(span);
                forbidden.push(form.clone());
            }
        }
        let target_how = match twins.is_empty() {
            true => Compare::FOLDED,
            false => Compare::EXACT,
        };
        let found = std::iter::once(&term.english)
            .chain(&term.variants)
            .any(|form| english.find_as(form, target_how).is_some());
        if found {
            continue;
        }
        missing.push(term.clone());
        let mut candidates: Vec<String> = term.forbidden.clone();
        candidates.extend(alone(&term.french));
        if let Some(span) = unique_rendering(text, &candidates) {
            replacements.push((span, &term.english));
        }
    }
    let repaired = (!replacements.is_empty()).then(|| {
        replacements.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
        let mut repaired = text.to_owned();
        let mut previous_start = usize::MAX;
        for (span, target) in replacements {
            if span.end <= previous_start {
                repaired.replace_range(span.clone(), target);
                previous_start = span.start;
            }
        }
        repaired
    });
    Suggestion {
        text: text.to_owned(),
        missing,
        forbidden,
        issues: crate::qa::check_segment(&request.source, text, false, None),
        repaired,
    }
}

/// The one region of `text` where any of `candidates` occurs (occurrences that overlap make
/// one region), extended over a closing quotation mark whose opening mark it holds; `None`
/// when there is none or more than one.
fn unique_rendering(text: &str, candidates: &[String]) -> Option<Range<usize>> {
    let mut spans: Vec<Range<usize>> = candidates
        .iter()
        .filter(|c| !c.trim().is_empty())
        .flat_map(|candidate| occurrences(text, candidate))
        .collect();
    spans.sort_by_key(|span| span.start);
    let mut region: Option<Range<usize>> = None;
    for span in spans {
        region = match region {
            None => Some(span),
            Some(current) if span.start < current.end => {
                Some(current.start..current.end.max(span.end))
            }
            Some(_) => return None,
        };
    }
    region.map(|span| with_closing_quote(text, span))
}

/// Every occurrence of `phrase` in `text` as whole words.
fn occurrences(text: &str, phrase: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(span) = EnglishText::new(&text[from..]).find(phrase) {
        found.push(from + span.start..from + span.end);
        from += span.end;
    }
    found
}

/// A span holding an opening quotation mark whose closing mark follows it, extended over it.
fn with_closing_quote(text: &str, span: Range<usize>) -> Range<usize> {
    let inside = &text[span.clone()];
    let pairs = [('“', '”'), ('«', '»'), ('"', '"'), ('‘', '’')];
    for (open, close) in pairs {
        let opened = inside.matches(open).count();
        let closed = if open == close {
            0
        } else {
            inside.matches(close).count()
        };
        let unbalanced = if open == close {
            opened % 2 == 1
        } else {
            opened > closed
        };
        if unbalanced {
            let rest = &text[span.end..];
            let space = rest.len() - rest.trim_start().len();
            if rest[space..].starts_with(close) {
                return span.start..span.end + space + close.len_utf8();
            }
        }
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(terms: Vec<Term>) -> Request {
        Request {
            source: "Le Kazakhstan se trouve sur les nouvelles « Routes de la soie ».".into(),
            terms,
            ..Request::default()
        }
    }

    fn belt_and_road() -> Term {
        Term {
            french: "nouvelles « Routes de la soie »".into(),
            english: "Belt and Road".into(),
            variants: vec!["BRI".into()],
            forbidden: vec!["New Silk Roads".into(), "New Silk Road".into()],
        }
    }

    #[test]
    fn a_forbidden_form_differing_only_in_accents_is_compared_as_written() {
        let hospital = Term {
            french: "Hôtel-Dieu".into(),
            english: "Hôtel-Dieu".into(),
            variants: Vec::new(),
            forbidden: vec!["Hotel-Dieu".into()],
        };
        let request = Request {
            source: "Il a été soigné à l’Hôtel-Dieu.".into(),
            terms: vec![hospital],
            ..Request::default()
        };
        let right = check(&request, "He was treated at the Hôtel-Dieu.", |_| None);
        assert!(right.is_clean(), "{right:?}");
        let wrong = check(&request, "He was treated at the Hotel-Dieu.", |_| None);
        assert_eq!(wrong.forbidden, ["Hotel-Dieu"]);
        assert_eq!(
            wrong.repaired.as_deref(),
            Some("He was treated at the Hôtel-Dieu.")
        );
    }

    #[test]
    fn a_forbidden_rendering_is_flagged_and_repaired_with_its_quotes() {
        let request = request(vec![belt_and_road()]);
        let checked = check(
            &request,
            "Kazakhstan lies on the new “Silk Roads”.",
            |_| None,
        );
        assert_eq!(checked.missing, [belt_and_road()]);
        assert_eq!(checked.forbidden, ["New Silk Roads"]);
        assert_eq!(
            checked.repaired.as_deref(),
            Some("Kazakhstan lies on the Belt and Road.")
        );
    }

    #[test]
    fn the_providers_own_rendering_is_repaired_only_when_unambiguous() {
        let mut term = belt_and_road();
        term.forbidden.clear();
        let request = request(vec![term]);
        let alone = |_: &str| Some("Silk Roads".to_owned());
        let checked = check(&request, "It lies on the Silk Roads, far east.", alone);
        assert_eq!(
            checked.repaired.as_deref(),
            Some("It lies on the Belt and Road, far east.")
        );
        let twice = check(&request, "The Silk Roads, and other Silk Roads.", alone);
        assert_eq!(twice.missing.len(), 1);
        assert_eq!(twice.repaired, None, "two places: flagged only");
        let clean = check(&request, "It lies on the BRI.", alone);
        assert!(clean.is_clean() && clean.repaired.is_none());
    }

    #[test]
    fn a_term_of_the_other_number_is_neither_asked_nor_repaired() {
        // `urgences` is the emergency department, and only the plural; the singular is an
        // emergency, which the engine rendered rightly.
        let mut department = crate::glossary::Entry::new("urgences", "emergency department");
        department.number = crate::glossary::Number::Plural;
        let index = crate::glossary::Index::build(vec![crate::glossary::Glossary {
            name: "desk".into(),
            source_lang: "fr".into(),
            target_lang: "en".into(),
            entries: vec![department],
            ..crate::glossary::Glossary::default()
        }]);
        let singular = "C’est une urgence absolue.";
        let request = Request {
            source: singular.into(),
            terms: crate::mt::terms_of(singular, &index),
            ..Request::default()
        };
        assert!(request.terms.is_empty());
        let answer = "It is an absolute emergency.";
        let suggestion = check(&request, answer, |_| Some("emergency".into()));
        assert!(suggestion.is_clean() && suggestion.repaired.is_none());
        let plural = "Il est aux urgences.";
        let request = Request {
            source: plural.into(),
            terms: crate::mt::terms_of(plural, &index),
            ..Request::default()
        };
        let suggestion = check(&request, "He is in the emergencies.", |_| {
            Some("emergencies".into())
        });
        assert_eq!(
            suggestion.repaired.as_deref(),
            Some("He is in the emergency department.")
        );
    }
}
