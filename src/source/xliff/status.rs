//! One status model for every tool's XLIFF: what a unit's status is and whether it is locked,
//! read from the standard attributes and then from the attributes of the tool that wrote the
//! file, and the attribute values each tool expects back.
//!
//! A target is a translation only when it has text outside its codes; a target that is the
//! source copied (Okapi's default) with no state is new. Then the standard `state` (and 1.2's
//! `approved`), then the tool's own status, which wins: Trados' `sdl:seg conf` per segment,
//! memoQ's `mq:status`, Phrase's `m:confirmed` against the job's `m:level`. The README's table
//! says the same for translators.

use super::Version;
use crate::markup::tags::tag_at;
use crate::project::Status;

/// The tool whose status attributes a unit carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Tool {
    /// None: the standard attributes only.
    #[default]
    Standard,
    /// Trados Studio: `<sdl:seg-defs>` with one `<sdl:seg id="MID" conf="…">` per segment.
    Trados,
    /// memoQ: `mq:status` on the trans-unit.
    MemoQ,
    /// Phrase (Memsource): `m:confirmed` on the trans-unit, a level of the job's workflow.
    Phrase { level: u32 },
}

/// The tool's own statement about one unit, as written in the file.
#[derive(Debug, Clone, Copy)]
pub(super) enum ToolState<'a> {
    /// `conf` of the segment's `<sdl:seg>` (`None`: the element has no `conf`).
    Trados(Option<&'a str>),
    MemoQ(&'a str),
    /// `m:confirmed`: the workflow level at which the segment was confirmed, 0 for none.
    Phrase {
        confirmed: u32,
        level: u32,
    },
}

/// What the file says about one unit.
#[derive(Debug, Clone, Copy)]
pub(super) struct Evidence<'a> {
    pub version: Version,
    pub source: &'a str,
    pub target: Option<&'a str>,
    /// The standard `state` (on the 1.2 `<target>`, on the 2.x `<segment>`).
    pub state: Option<&'a str>,
    /// XLIFF 1.2's `approved` on the trans-unit, when present.
    pub approved: Option<bool>,
    pub tool: Option<ToolState<'a>>,
}

/// The unit's status, and whether its target is a translation at all (when not, passeur
/// shows the segment empty and the target stays in the file as it is).
pub(super) fn read_status(evidence: &Evidence) -> (Status, bool) {
    let Some(target) = evidence.target.filter(|t| has_text_outside_codes(t)) else {
        return (Status::New, false);
    };
    if let Some(tool) = evidence.tool {
        return (tool_status(tool), true);
    }
    let stated = evidence.state.is_some() || evidence.approved.is_some();
    if !stated && target == evidence.source {
        return (Status::New, false);
    }
    let status = match evidence.version {
        Version::V12 => match evidence.state {
            Some("signed-off" | "final") => Status::Reviewed,
            _ if evidence.approved == Some(true) => Status::Confirmed,
            None | Some("translated") => Status::Confirmed,
            Some(_) => Status::Draft,
        },
        Version::V2 => match evidence.state {
            Some("translated") => Status::Confirmed,
            Some("reviewed" | "final") => Status::Reviewed,
            _ => Status::Draft,
        },
    };
    (status, true)
}

/// A status as the tool wrote it (for a target that has text).
fn tool_status(tool: ToolState) -> Status {
    match tool {
        ToolState::Trados(conf) => match conf {
            Some("Translated") => Status::Confirmed,
            Some("ApprovedTranslation" | "ApprovedSignOff") => Status::Reviewed,
            // Draft, RejectedTranslation, RejectedSignOff, and a segment with text that
            // nobody confirmed.
            _ => Status::Draft,
        },
        ToolState::MemoQ(status) => match status {
            "ManuallyConfirmed" | "Confirmed" => Status::Confirmed,
            "Reviewer1Confirmed" | "Reviewer2Confirmed" | "Proofread" => Status::Reviewed,
            // NotStarted with text, Editing, PartiallyEdited, Pretranslated, MachineTranslated,
            // AssembledFromFragments, Rejected.
            _ => Status::Draft,
        },
        ToolState::Phrase { confirmed, level } => match confirmed {
            0 => Status::Draft,
            _ if level >= 2 && confirmed >= level => Status::Reviewed,
            _ => Status::Confirmed,
        },
    }
}

/// Whether a tool's lock attribute value means locked (Trados and Phrase write `true`,
/// memoQ `locked`).
pub(super) fn is_locked_value(value: &str) -> bool {
    matches!(value.trim(), "true" | "locked" | "yes" | "1")
}

/// Trados' `conf` for a status (`previous`: the file's, kept when it already says as much).
pub(super) fn trados_conf(status: Status, previous: Option<&str>) -> &'static str {
    match status {
        Status::New | Status::Draft => "Draft",
        Status::Confirmed => "Translated",
        Status::Reviewed if previous == Some("ApprovedSignOff") => "ApprovedSignOff",
        Status::Reviewed => "ApprovedTranslation",
    }
}

/// memoQ's `mq:status` for a status (`previous` kept when it already says as much).
pub(super) fn memoq_status(status: Status, previous: Option<&str>) -> &'static str {
    match (status, previous) {
        (Status::New | Status::Draft, _) => "PartiallyEdited",
        (Status::Confirmed, _) => "ManuallyConfirmed",
        (Status::Reviewed, Some("Proofread")) => "Proofread",
        (Status::Reviewed, Some("Reviewer2Confirmed")) => "Reviewer2Confirmed",
        (Status::Reviewed, _) => "Reviewer1Confirmed",
    }
}

/// Phrase's `m:confirmed` for a status: the job's level once confirmed, 0 before.
pub(super) fn phrase_confirmed(status: Status, level: u32) -> String {
    match status {
        Status::New | Status::Draft => "0".to_owned(),
        Status::Confirmed | Status::Reviewed => level.max(1).to_string(),
    }
}

/// Whether a text with tags (`<g1>…</g1>`, `<x2/>`) has anything but tags and whitespace.
pub(super) fn has_text_outside_codes(text: &str) -> bool {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some((_, length)) = tag_at(rest)
        {
            rest = &rest[length..];
            continue;
        }
        if !c.is_whitespace() {
            return true;
        }
        rest = &rest[c.len_utf8()..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence<'a>(target: &'a str, state: Option<&'a str>) -> Evidence<'a> {
        Evidence {
            version: Version::V12,
            source: "Bonjour.",
            target: Some(target),
            state,
            approved: None,
            tool: None,
        }
    }

    #[test]
    fn a_target_of_codes_and_spaces_is_no_translation() {
        for target in ["", "  \n ", "<g1></g1>", "<x1/> <x2/>", "\u{a0}<g1> </g1>"] {
            assert_eq!(
                read_status(&evidence(target, Some("translated"))),
                (Status::New, false),
                "{target:?}"
            );
        }
        assert_eq!(
            read_status(&evidence("<g1>Hi</g1>", Some("translated"))),
            (Status::Confirmed, true)
        );
        assert!(has_text_outside_codes("<g1>x"));
        assert!(has_text_outside_codes("a < b"));
    }

    #[test]
    fn the_source_copied_without_a_state_is_new() {
        assert_eq!(
            read_status(&evidence("Bonjour.", None)),
            (Status::New, false)
        );
        assert_eq!(
            read_status(&evidence("Bonjour.", Some("translated"))),
            (Status::Confirmed, true),
            "a stated copy is the file's word"
        );
        assert_eq!(
            read_status(&evidence("Hello.", None)),
            (Status::Confirmed, true)
        );
    }

    #[test]
    fn phrase_levels() {
        let phrase = |confirmed, level| {
            read_status(&Evidence {
                tool: Some(ToolState::Phrase { confirmed, level }),
                ..evidence("Hello.", None)
            })
            .0
        };
        assert_eq!(phrase(0, 1), Status::Draft);
        assert_eq!(phrase(1, 1), Status::Confirmed);
        assert_eq!(phrase(1, 2), Status::Confirmed);
        assert_eq!(phrase(2, 2), Status::Reviewed);
        assert_eq!(phrase_confirmed(Status::Confirmed, 2), "2");
        assert_eq!(phrase_confirmed(Status::Draft, 2), "0");
    }
}
