//! Merging two versions of one project saved by two programs (two workspaces, a workspace and
//! `passeur import`), segment by segment against the version both started from.
//!
//! A segment changed on one side only takes that side's version; a segment changed on both
//! sides to different results is a conflict: this side's version stays in the segment and the
//! other's is set aside in the project's `retired` list, so nothing is lost and the translator
//! is told. Merging needs both versions to have the same segments (ids, sources, header);
//! after a merge, split or realignment on one side the caller refuses instead.

use super::{Project, Retired};

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub project: Project,
    /// Ids of segments whose version came from the other side.
    pub theirs: Vec<String>,
    /// Ids of segments both sides changed differently (this side's version kept).
    pub conflicts: Vec<String>,
}

/// Merges `ours` and `theirs`, both descended from `base`; `None` when their segments or
/// header differ (the versions cannot be merged segment by segment).
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Option<Merged> {
    if !same_shape(base, ours) || !same_shape(base, theirs) {
        return None;
    }
    let mut project = ours.clone();
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for (index, unit) in project.units.iter_mut().enumerate() {
        let (base_unit, their_unit) = (&base.units[index], &theirs.units[index]);
        if their_unit == base_unit || their_unit == unit {
            continue;
        }
        if unit == base_unit {
            *unit = their_unit.clone();
            merged.push(unit.id.clone());
        } else {
            conflicts.push(unit.id.clone());
            project.retired.push(Retired {
                id: their_unit.id.clone(),
                source: their_unit.source.clone(),
                target: their_unit.target.clone(),
                status: their_unit.status,
                note: format!(
                    "set aside: saved by another program at the same time as a different \
                     version{}{}",
                    if their_unit.note.is_empty() {
                        ""
                    } else {
                        "; note: "
                    },
                    their_unit.note
                ),
            });
        }
    }
    for retired in &theirs.retired {
        if !project.retired.contains(retired) {
            project.retired.push(retired.clone());
        }
    }
    Some(Merged {
        project,
        theirs: merged,
        conflicts,
    })
}

/// Same header and the same segments (ids, paragraphs, sources).
fn same_shape(a: &Project, b: &Project) -> bool {
    a.header == b.header
        && a.units.len() == b.units.len()
        && a.units
            .iter()
            .zip(&b.units)
            .all(|(x, y)| x.id == y.id && x.paragraph == y.paragraph && x.source == y.source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Header, SourceKind, SourceSegment, Status};

    fn project(sentences: &[&str]) -> Project {
        let segments = sentences
            .iter()
            .map(|text| SourceSegment {
                text: (*text).to_owned(),
                ..SourceSegment::default()
            })
            .collect();
        Project::new(
            Header::new("a.txt".into(), SourceKind::Text, "0".into()),
            segments,
        )
    }

    #[test]
    fn each_side_keeps_its_segments_and_a_conflict_sets_theirs_aside() {
        let base = project(&["Un.", "Deux.", "Trois."]);
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.set_translation(0, "One.", Status::Confirmed);
        theirs.set_translation(1, "Two.", Status::Confirmed);
        ours.set_translation(2, "Three.", Status::Confirmed);
        theirs.set_translation(2, "3.", Status::Draft);
        let merged = merge(&base, &ours, &theirs).unwrap();
        let targets: Vec<&str> = merged
            .project
            .units()
            .iter()
            .map(|u| u.target.as_str())
            .collect();
        assert_eq!(targets, ["One.", "Two.", "Three."]);
        assert_eq!(merged.theirs, ["s2"]);
        assert_eq!(merged.conflicts, ["s3"]);
        let aside = &merged.project.retired()[0];
        assert_eq!((aside.id.as_str(), aside.target.as_str()), ("s3", "3."));
        assert_eq!(aside.status, Status::Draft);
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict_and_shapes_must_agree() {
        let base = project(&["Un.", "Deux."]);
        let mut ours = base.clone();
        ours.set_translation(0, "One.", Status::Confirmed);
        let theirs = ours.clone();
        let merged = merge(&base, &ours, &theirs).unwrap();
        assert!(merged.conflicts.is_empty() && merged.theirs.is_empty());
        let other_shape = project(&["Un. Deux."]);
        assert!(merge(&base, &ours, &other_shape).is_none());
    }
}
