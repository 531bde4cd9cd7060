//! Statistics of a project as translators quote them: segments and words, by status, by
//! repetition, and by translation-memory match band.

use crate::memory::{MemoryError, TranslationMemory};
use crate::project::{Project, Status};

/// Segments and words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub segments: usize,
    pub words: usize,
}

impl Count {
    fn add(&mut self, words: usize) {
        self.segments += 1;
        self.words += words;
    }
}

/// The match bands of pricing grids, highest first.
pub const BANDS: [(&str, u8, u8); 6] = [
    ("100%", 100, 101),
    ("95–99%", 95, 99),
    ("85–94%", 85, 94),
    ("75–84%", 75, 84),
    ("50–74%", 50, 74),
    ("no match", 0, 49),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub total: Count,
    pub confirmed: Count,
    pub reviewed: Count,
    pub draft: Count,
    /// Of the drafts, those that are unedited machine translations.
    pub machine_translated: Count,
    pub untranslated: Count,
    /// Segments the client's file locked (counted in their status too).
    pub locked: Count,
    /// Segments whose source already appeared earlier in the document.
    pub repetitions: Count,
    /// For the other segments, the best memory match, by [`BANDS`].
    pub bands: [Count; 6],
}

pub fn words(text: &str) -> usize {
    unicode_segmentation::UnicodeSegmentation::unicode_words(text).count()
}

/// The project's counts, with each segment's best match in `memory` (leaving out the units of
/// `exclude_documents`, the project's own).
pub fn compute(
    project: &Project,
    memory: &mut dyn TranslationMemory,
    exclude_documents: &[&str],
) -> Result<Stats, MemoryError> {
    let mut stats = Stats::default();
    let mut seen = std::collections::HashSet::new();
    // Each distinct source is looked up once, all in one run (see `lookup_many`).
    let mut first_seen: Vec<usize> = Vec::new();
    let mut first_words: Vec<usize> = Vec::new();
    for (index, unit) in project.units().iter().enumerate() {
        let words = words(&unit.source);
        stats.total.add(words);
        if unit.status == Status::Draft && project.is_machine_translated(index) {
            stats.machine_translated.add(words);
        }
        if unit.locked {
            stats.locked.add(words);
        }
        match unit.status {
            Status::New => stats.untranslated.add(words),
            Status::Draft => stats.draft.add(words),
            Status::Confirmed => stats.confirmed.add(words),
            Status::Reviewed => stats.reviewed.add(words),
        }
        if !seen.insert(unit.source.as_str()) {
            stats.repetitions.add(words);
            continue;
        }
        first_seen.push(index);
        first_words.push(words);
    }
    let found = crate::memory::best_matches(project, &first_seen, 50, exclude_documents, memory)?;
    for (words, best) in first_words.into_iter().zip(found) {
        let score = best.map_or(0, |m| m.score);
        let band = BANDS
            .iter()
            .position(|(_, low, high)| (*low..=*high).contains(&score))
            .unwrap_or(BANDS.len() - 1);
        stats.bands[band].add(words);
    }
    Ok(stats)
}

/// The statistics as a plain-text table.
pub fn report(stats: &Stats) -> String {
    let mut out = String::new();
    let mut row = |label: &str, count: &Count| {
        let share = (count.words * 100)
            .checked_div(stats.total.words)
            .unwrap_or(0);
        out.push_str(&format!(
            "{label:<16} {:>8} {:>8} {share:>5}%\n",
            count.segments, count.words
        ));
    };
    let sum = |a: &Count, b: &Count| Count {
        segments: a.segments + b.segments,
        words: a.words + b.words,
    };
    let translated = sum(&stats.confirmed, &stats.reviewed);
    let remaining = sum(&stats.draft, &stats.untranslated);
    row("total", &stats.total);
    row("translated", &translated);
    row("remaining", &remaining);
    row("reviewed", &stats.reviewed);
    row("confirmed", &stats.confirmed);
    row("draft", &stats.draft);
    row("  of which MT", &stats.machine_translated);
    row("untranslated", &stats.untranslated);
    if stats.locked.segments > 0 {
        row("locked", &stats.locked);
    }
    row("repetitions", &stats.repetitions);
    for ((label, _, _), count) in BANDS.iter().zip(&stats.bands) {
        row(&format!("TM {label}"), count);
    }
    format!(
        "{:<16} {:>8} {:>8} {:>6}\n{out}",
        "", "segments", "words", "words"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryUnit;
    use crate::project::{Header, SourceKind, SourceSegment};

    #[test]
    fn repetitions_statuses_and_bands() {
        let segment = |text: &str| SourceSegment {
            text: text.into(),
            ..SourceSegment::default()
        };
        let header = Header::new("a.txt".into(), SourceKind::Text, String::new());
        let mut project = Project::new(
            header,
            vec![
                segment("Il pleut sur Samarcande ce matin."),
                segment("Le sommet de l’OCS s’ouvre jeudi à Samarcande avec huit pays."),
                segment("Il pleut sur Samarcande ce matin."),
                segment("Rien à voir."),
            ],
        );
        project.set_translation(
            0,
            "It is raining on Samarkand this morning.",
            Status::Confirmed,
        );
        project.set_translation(3, "Nothing to see.", Status::Draft);
        let mut memory = crate::memory::Memory::new(vec![MemoryUnit {
            source: "Le sommet de l’OCS s’ouvre mercredi à Samarcande avec huit pays.".into(),
            target: "…".into(),
            origin: "t".into(),
            ..MemoryUnit::default()
        }]);
        let stats = compute(&project, &mut memory, &[]).unwrap();
        // Words as Unicode counts them: `l’OCS` and `s’ouvre` are one word each.
        assert_eq!(
            stats.total,
            Count {
                segments: 4,
                words: 6 + 11 + 6 + 3
            }
        );
        assert_eq!(stats.confirmed.segments, 1);
        assert_eq!(stats.draft.segments, 1);
        assert_eq!(stats.untranslated.segments, 2);
        assert_eq!(
            stats.repetitions,
            Count {
                segments: 1,
                words: 6
            }
        );
        assert_eq!(
            stats.bands[2].segments, 1,
            "one word of eleven changed: 85–94%"
        );
        assert_eq!(stats.bands[5].segments, 2);
        let report = report(&stats);
        assert!(
            report.contains("repetitions             1        6"),
            "{report}"
        );
    }
}
