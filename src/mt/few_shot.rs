//! What a provider is told besides the sentence: the sentences around it and the desk's
//! earlier translations of similar sentences (memory matches of 70 % or more, best first),
//! within a budget of tokens per segment that the configuration sets (`context_tokens`).
//! A chat model and a `command` engine get both (few-shot translation); DeepL gets the
//! neighbouring sentences in its `context` field; LibreTranslate nothing.
//!
//! Also here: where a memory match renders one of the segment's glossary terms otherwise than
//! the glossary requires, which the workspace says beside the machine translation.

use serde::{Deserialize, Serialize};

use super::Request;
use crate::memory::Match;

/// One earlier translation given as an example.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Example {
    pub source: String,
    pub target: String,
    /// The memory match's score (70–101).
    pub score: u8,
}

/// At most this many examples go with a segment.
pub const MAX_EXAMPLES: usize = 3;

/// The lowest memory score given as an example.
pub const MIN_SCORE: u8 = 70;

/// Tokens of a text, as the budget counts them: one per four bytes, rounded up (close to what
/// the common tokenizers give for French and English prose, and never zero for a word).
pub fn tokens(text: &str) -> usize {
    text.len().div_ceil(4)
}

/// `request` with the neighbours and the best examples of `matches` that fit in `budget`
/// tokens besides the sentence itself: the neighbours first (short, and they settle pronouns
/// and tense), then the examples best first, each whole or not at all.
pub fn with_context(
    mut request: Request,
    (previous, next): (&str, &str),
    matches: &[Match],
    budget: usize,
) -> Request {
    let mut left = budget;
    let mut take = |text_tokens: usize| {
        let fits = text_tokens <= left;
        if fits {
            left -= text_tokens;
        }
        fits
    };
    for (side, text) in [(&mut request.previous, previous), (&mut request.next, next)] {
        if !text.is_empty() && take(tokens(text)) {
            *side = text.to_owned();
        }
    }
    let mut candidates: Vec<&Match> = matches.iter().filter(|m| m.score >= MIN_SCORE).collect();
    candidates.sort_by_key(|m| std::cmp::Reverse(m.score));
    for candidate in candidates {
        if request.examples.len() == MAX_EXAMPLES {
            break;
        }
        let unit = &candidate.unit;
        let already = request
            .examples
            .iter()
            .any(|e| e.source == unit.source && e.target == unit.target);
        if !already && take(tokens(&unit.source) + tokens(&unit.target)) {
            request.examples.push(Example {
                source: unit.source.clone(),
                target: unit.target.clone(),
                score: candidate.score,
            });
        }
    }
    request
}

/// Where an example renders a glossary term of the request otherwise than the glossary: the
/// example's French holds the term and its English has neither the required rendering nor an
/// accepted variant. One line each, for the translator.
pub fn conflicts(request: &Request) -> Vec<String> {
    let mut found = Vec::new();
    for example in &request.examples {
        let french = example.source.to_lowercase();
        let english = example.target.to_lowercase();
        for term in &request.terms {
            if !french.contains(&term.french.to_lowercase()) {
                continue;
            }
            let rendered = std::iter::once(&term.english)
                .chain(&term.variants)
                .any(|form| english.contains(&form.to_lowercase()));
            if !rendered {
                found.push(format!(
                    "the {}% memory match does not render «{}» as {} (the glossary's)",
                    example.score, term.french, term.english
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Match, MatchKind, MemoryUnit};

    fn found(source: &str, target: &str, score: u8) -> Match {
        Match {
            score,
            kind: MatchKind::Fuzzy,
            id: 0,
            unit: MemoryUnit {
                source: source.into(),
                target: target.into(),
                ..MemoryUnit::default()
            },
            diff: Vec::new(),
        }
    }

    #[test]
    fn examples_go_best_first_within_the_budget() {
        let matches = [
            found("Le sommet s’ouvre.", "The summit opens.", 80),
            found(
                "Le sommet s’ouvre jeudi.",
                "The summit opens on Thursday.",
                96,
            ),
            found("Un sommet.", "A summit.", 60),
            found("Le sommet s’est ouvert.", "The summit opened.", 75),
        ];
        let request = Request {
            source: "Le sommet s’ouvre lundi.".into(),
            ..Request::default()
        };
        let all = with_context(request.clone(), ("Avant.", "Après."), &matches, 1000);
        let scores: Vec<u8> = all.examples.iter().map(|e| e.score).collect();
        assert_eq!(
            scores,
            [96, 80, 75],
            "best first, at most three, none under 70"
        );
        assert_eq!(
            (all.previous.as_str(), all.next.as_str()),
            ("Avant.", "Après.")
        );
        // A budget for the neighbours and the best example only.
        let budget = tokens("Avant.")
            + tokens("Après.")
            + tokens("Le sommet s’ouvre jeudi.")
            + tokens("The summit opens on Thursday.");
        let some = with_context(request, ("Avant.", "Après."), &matches, budget);
        assert_eq!(some.examples.len(), 1);
        assert_eq!(some.examples[0].score, 96);
    }

    #[test]
    fn an_example_that_renders_a_term_another_way_is_said() {
        let request = Request {
            source: "Le sommet de l’OCS.".into(),
            terms: vec![crate::mt::Term {
                french: "OCS".into(),
                english: "SCO".into(),
                variants: vec!["Shanghai Cooperation Organisation".into()],
                forbidden: Vec::new(),
            }],
            examples: vec![
                Example {
                    source: "L’OCS se réunit.".into(),
                    target: "The SCO meets.".into(),
                    score: 90,
                },
                Example {
                    source: "L’OCS se réunit demain.".into(),
                    target: "The Shanghai group meets tomorrow.".into(),
                    score: 85,
                },
            ],
            ..Request::default()
        };
        assert_eq!(
            conflicts(&request),
            ["the 85% memory match does not render «OCS» as SCO (the glossary's)"]
        );
    }
}
