//! Realignment: the source was edited, so its segments changed. Every translation whose source
//! sentence is still there (same text, wherever it moved) is kept with its id, status and note;
//! new sentences arrive untranslated; translations of sentences that are gone are retired, kept
//! in the project file and reported, never silently dropped.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::{Project, SourceSegment, Status, Unit};

/// A translation whose source sentence left the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retired {
    pub id: String,
    pub source: String,
    pub target: String,
    /// The status the translation had (older project files lack it: `new`).
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What realignment did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Realigned {
    /// Segments whose translation (or empty slot) was kept.
    pub kept: usize,
    /// Ids of segments that are new in the source.
    pub added: Vec<String>,
    /// Translations whose source sentence is gone.
    pub retired: Vec<Retired>,
}

impl Project {
    /// The number of the next `sN` id: never one in use or retired.
    pub(super) fn next_id_number(&self) -> usize {
        self.units
            .iter()
            .map(|unit| &unit.id)
            .chain(self.retired.iter().map(|retired| &retired.id))
            .filter_map(|id| id.strip_prefix('s')?.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Replaces the segments by `segments` (the source as it is now), keeping what was done on
    /// every sentence whose text is unchanged. Repeated sentences are matched in order.
    pub fn realign(&mut self, segments: Vec<SourceSegment>, source_sha256: String) -> Realigned {
        let mut next_number = self.next_id_number();
        let mut old: HashMap<String, VecDeque<(usize, Unit)>> = HashMap::new();
        for (position, unit) in std::mem::take(&mut self.units).into_iter().enumerate() {
            old.entry(unit.source.clone())
                .or_default()
                .push_back((position, unit));
        }
        let mut report = Realigned::default();
        for segment in segments {
            let kept = old.get_mut(&segment.text).and_then(VecDeque::pop_front);
            let unit = match kept {
                Some((_, mut unit)) => {
                    report.kept += 1;
                    unit.paragraph = segment.paragraph;
                    // An XLIFF source names its units: the translation follows its sentence
                    // to the unit's id as the file gives it now (renumbered files).
                    if let Some(id) = segment.id {
                        unit.id = id;
                    }
                    // What the client's file locks is the file's: its translation and status
                    // too, should they have changed.
                    if segment.locked || unit.locked {
                        unit.locked = segment.locked;
                        if segment.locked {
                            unit.target = segment.target;
                            unit.status = segment.status;
                        }
                    }
                    unit
                }
                None => {
                    let id = segment.id.clone().unwrap_or_else(|| {
                        next_number += 1;
                        format!("s{}", next_number - 1)
                    });
                    report.added.push(id.clone());
                    Unit::from_segment(id, segment)
                }
            };
            self.units.push(unit);
        }
        let mut gone: Vec<(usize, Unit)> = old.into_values().flatten().collect();
        gone.sort_by_key(|(position, _)| *position);
        for (_, unit) in gone
            .into_iter()
            .filter(|(_, unit)| !unit.target.is_empty() || !unit.note.is_empty())
        {
            let retired = Retired {
                id: unit.id,
                source: unit.source,
                target: unit.target,
                status: unit.status,
                note: unit.note,
            };
            report.retired.push(retired.clone());
            self.retired.push(retired);
        }
        self.header.source_sha256 = source_sha256;
        report
    }
}
