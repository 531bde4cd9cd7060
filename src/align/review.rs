//! Reviewing an alignment: the beads as the aligner left them, changed by a translator
//! (two beads merged, one split, a boundary moved on either side) and confirmed one by one.
//! A confirmed bead becomes a full memory unit; the aligned units it replaces (those of the
//! original beads that shared a sentence with it) are to be taken out of the memory, so a
//! wrong pairing is not offered beside its correction.
//!
//! Pure data: the workspace draws it and carries out the memory's work.

use std::ops::Range;

use super::{Bead, Side};

/// A bead in the review.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    pub fr: Range<usize>,
    pub en: Range<usize>,
    /// The aligner's score; `None` once the translator changed the bead.
    pub score: Option<f64>,
    pub confirmed: bool,
}

impl Reviewed {
    fn is_empty(&self) -> bool {
        self.fr.is_empty() && self.en.is_empty()
    }
}

/// One side of the pairing, for the keys that move a boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    French,
    English,
}

/// What confirming a bead asks of the memory: the pair to add, and the pairs the aligner
/// proposed for its sentences that are to go (the same pair among them, if unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub source: String,
    pub target: String,
    /// The French sentences around the bead (its context in the memory).
    pub previous: String,
    pub next: String,
    /// (source, target) of each aligned pair the confirmation replaces.
    pub replaced: Vec<(String, String)>,
}

/// The review of one alignment.
#[derive(Debug, Clone)]
pub struct Review {
    pub fr: Side,
    pub en: Side,
    pub beads: Vec<Reviewed>,
    /// The aligner's beads, to know which aligned units a confirmation replaces.
    original: Vec<Bead>,
    pub current: usize,
}

impl Review {
    pub fn new(fr: Side, en: Side, beads: Vec<Bead>) -> Review {
        Review {
            beads: beads
                .iter()
                .map(|bead| Reviewed {
                    fr: bead.fr.clone(),
                    en: bead.en.clone(),
                    score: Some(bead.score),
                    confirmed: false,
                })
                .collect(),
            fr,
            en,
            original: beads,
            current: 0,
        }
    }

    pub fn bead(&self) -> Option<&Reviewed> {
        self.beads.get(self.current)
    }

    pub fn next(&mut self) {
        self.current = (self.current + 1).min(self.beads.len().saturating_sub(1));
    }

    pub fn previous(&mut self) {
        self.current = self.current.saturating_sub(1);
    }

    /// The next bead not confirmed yet, after the current one (or the last bead).
    pub fn next_unconfirmed(&mut self) {
        let after = (self.current + 1..self.beads.len()).find(|&k| !self.beads[k].confirmed);
        self.current = after.unwrap_or(self.beads.len().saturating_sub(1));
    }

    /// The current bead and the next one become one bead.
    pub fn merge_with_next(&mut self) -> bool {
        let k = self.current;
        if k + 1 >= self.beads.len() {
            return false;
        }
        let next = self.beads.remove(k + 1);
        let bead = &mut self.beads[k];
        bead.fr = join(&bead.fr, &next.fr);
        bead.en = join(&bead.en, &next.en);
        self.changed(k);
        true
    }

    /// The current bead's first sentence on each side become a bead of their own (a 1:1, or a
    /// 1:0 / 0:1 where one side has a single sentence or none), the rest another.
    pub fn split(&mut self) -> bool {
        let k = self.current;
        let Some(bead) = self.beads.get(k) else {
            return false;
        };
        if bead.fr.len() + bead.en.len() < 2 {
            return false;
        }
        // A side gives its first sentence to the first bead, unless the rest would then have
        // nothing left on either side.
        let cut = |range: &Range<usize>, rest_of_other: usize| {
            let gives = !range.is_empty() && (range.len() >= 2 || rest_of_other > 0);
            range.start + usize::from(gives)
        };
        let fr_cut = cut(&bead.fr, bead.en.len().saturating_sub(1));
        let en_cut = cut(&bead.en, bead.fr.len().saturating_sub(1));
        let first = Reviewed {
            fr: bead.fr.start..fr_cut,
            en: bead.en.start..en_cut,
            score: None,
            confirmed: false,
        };
        let rest = Reviewed {
            fr: fr_cut..bead.fr.end,
            en: en_cut..bead.en.end,
            score: None,
            confirmed: false,
        };
        if first.is_empty() || rest.is_empty() {
            return false;
        }
        self.beads[k] = first;
        self.beads.insert(k + 1, rest);
        true
    }

    /// Moves the boundary under the current bead on one side: down takes the next bead's first
    /// sentence of that language into this one, up gives this bead's last one to the next
    /// (a bead of its own at the end). A bead left with no sentence is removed.
    pub fn move_boundary(&mut self, language: Language, down: bool) -> bool {
        let k = self.current;
        if k >= self.beads.len() {
            return false;
        }
        if down {
            // The next bead must have a sentence on that side: it is the next one in the text.
            let Some(taken) = self
                .beads
                .get_mut(k + 1)
                .map(|next| side(next, language))
                .filter(|range| !Range::is_empty(range))
                .map(|range| {
                    range.start += 1;
                    range.start - 1
                })
            else {
                return false;
            };
            let range = side(&mut self.beads[k], language);
            *range = if Range::is_empty(range) {
                taken..taken + 1
            } else {
                range.start..range.end + 1
            };
            self.changed(k);
            self.changed(k + 1);
            if self.beads[k + 1].is_empty() {
                self.beads.remove(k + 1);
            }
        } else {
            let range = side(&mut self.beads[k], language);
            if Range::is_empty(range) {
                return false;
            }
            range.end -= 1;
            let given = range.end;
            self.changed(k);
            if k + 1 == self.beads.len() {
                // The last bead: the sentence becomes a bead of its own.
                let mut alone = Reviewed {
                    fr: self.beads[k].fr.end..self.beads[k].fr.end,
                    en: self.beads[k].en.end..self.beads[k].en.end,
                    score: None,
                    confirmed: false,
                };
                *side(&mut alone, language) = given..given;
                self.beads.push(alone);
            }
            let next = side(&mut self.beads[k + 1], language);
            *next = if Range::is_empty(next) {
                given..given + 1
            } else {
                given..next.end
            };
            self.changed(k + 1);
            if self.beads[k].is_empty() {
                self.beads.remove(k);
                self.current = k.min(self.beads.len().saturating_sub(1));
            }
        }
        true
    }

    /// Confirms the current bead: what the memory is to take, or `None` for a bead with
    /// sentences on one side only (nothing to remember) or confirmed already.
    pub fn confirm(&mut self) -> Option<Confirmation> {
        let k = self.current;
        let bead = self.beads.get_mut(k)?;
        if bead.fr.is_empty() || bead.en.is_empty() || bead.confirmed {
            return None;
        }
        bead.confirmed = true;
        let bead = bead.clone();
        let replaced = self
            .original
            .iter()
            .filter(|o| o.is_pair() && (overlaps(&o.fr, &bead.fr) || overlaps(&o.en, &bead.en)))
            .map(|o| (self.fr.text(o.fr.clone()), self.en.text(o.en.clone())))
            .collect();
        let (previous, next) = self.fr.around(&bead.fr);
        Some(Confirmation {
            source: self.fr.text(bead.fr.clone()),
            target: self.en.text(bead.en.clone()),
            previous,
            next,
            replaced,
        })
    }

    /// A bead changed: its score no longer holds, and it is not confirmed as it is.
    fn changed(&mut self, k: usize) {
        if let Some(bead) = self.beads.get_mut(k) {
            bead.score = None;
            bead.confirmed = false;
        }
    }
}

fn side(bead: &mut Reviewed, language: Language) -> &mut Range<usize> {
    match language {
        Language::French => &mut bead.fr,
        Language::English => &mut bead.en,
    }
}

fn join(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.clone(),
        (_, true) => a.clone(),
        _ => a.start..b.end,
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(sentences: &[&str]) -> Side {
        Side {
            sentences: sentences.iter().map(|s| s.to_string()).collect(),
            paragraphs: vec![0; sentences.len()],
        }
    }

    fn bead(fr: Range<usize>, en: Range<usize>) -> Bead {
        Bead { fr, en, score: 0.9 }
    }

    fn shapes(review: &Review) -> Vec<(Range<usize>, Range<usize>)> {
        review
            .beads
            .iter()
            .map(|b| (b.fr.clone(), b.en.clone()))
            .collect()
    }

    fn review() -> Review {
        // The aligner paired French 1 with English 1 and 2, and left French 2 alone.
        Review::new(
            side(&["Un.", "Deux.", "Trois."]),
            side(&["One.", "Two.", "Three."]),
            vec![bead(0..1, 0..1), bead(1..2, 1..3), bead(2..3, 3..3)],
        )
    }

    #[test]
    fn a_wrong_bead_is_mended_by_moving_a_boundary_and_confirmed() {
        let mut review = review();
        review.current = 1;
        assert!(review.move_boundary(Language::English, false));
        assert_eq!(shapes(&review), [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
        assert_eq!(review.beads[1].score, None);
        let confirmation = review.confirm().unwrap();
        assert_eq!(
            (confirmation.source.as_str(), confirmation.target.as_str()),
            ("Deux.", "Two.")
        );
        assert_eq!(
            (confirmation.previous.as_str(), confirmation.next.as_str()),
            ("Un.", "Trois.")
        );
        // The aligner's pair for "Deux." goes.
        assert_eq!(
            confirmation.replaced,
            [("Deux.".to_owned(), "Two. Three.".to_owned())]
        );
        assert!(review.beads[1].confirmed);
        assert_eq!(review.confirm(), None, "confirmed once");
    }

    #[test]
    fn merge_split_and_moves_keep_every_sentence_once_in_order() {
        let mut review = review();
        assert!(review.merge_with_next());
        assert_eq!(shapes(&review), [(0..2, 0..3), (2..3, 3..3)]);
        assert!(review.split());
        assert_eq!(shapes(&review), [(0..1, 0..1), (1..2, 1..3), (2..3, 3..3)]);
        review.current = 1;
        assert!(review.move_boundary(Language::French, true));
        assert_eq!(shapes(&review), [(0..1, 0..1), (1..3, 1..3)]);
        review.current = 1;
        assert!(review.move_boundary(Language::French, false));
        assert!(review.move_boundary(Language::English, false));
        assert_eq!(shapes(&review), [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
        // The first bead gives its French away: its English stays, alone.
        review.current = 0;
        assert!(review.move_boundary(Language::French, false));
        assert_eq!(shapes(&review), [(0..0, 0..1), (0..2, 1..2), (2..3, 2..3)]);
        let fr: Vec<usize> = review.beads.iter().flat_map(|b| b.fr.clone()).collect();
        let en: Vec<usize> = review.beads.iter().flat_map(|b| b.en.clone()).collect();
        assert_eq!((fr, en), (vec![0, 1, 2], vec![0, 1, 2]));
    }

    #[test]
    fn a_one_sided_bead_is_not_remembered() {
        let mut review = review();
        review.current = 2;
        assert_eq!(review.confirm(), None);
        assert!(!review.split(), "one sentence cannot be split");
    }
}
