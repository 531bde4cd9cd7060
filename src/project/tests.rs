use super::*;
use crate::project::file::{from_bytes, to_bytes};

fn segment(paragraph: usize, text: &str) -> SourceSegment {
    SourceSegment {
        paragraph,
        text: text.to_owned(),
        ..SourceSegment::default()
    }
}

fn header() -> Header {
    Header::new(
        PathBuf::from("article.txt"),
        SourceKind::Text,
        "0".repeat(64),
    )
}

fn sample() -> Project {
    Project::new(
        header(),
        vec![
            segment(0, "M. Dupont arrive\u{a0}: «\u{202f}Bonjour\u{202f}»."),
            segment(0, "Il pleut."),
            segment(1, "Le \"dernier\" mot\\fin & <b>."),
        ],
    )
}

#[test]
fn new_projects_number_segments_and_start_untranslated() {
    let project = sample();
    let ids: Vec<&str> = project.units().iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["s1", "s2", "s3"]);
    assert!(project.units().iter().all(|u| u.status == Status::New));
    assert_eq!(project.counts().new, 3);
}

#[test]
fn file_round_trip_keeps_every_field_and_character() {
    let mut project = sample();
    project.set_translation(0, "Mr Dupont arrives: “Hello”.", Status::Confirmed);
    project.set_translation(1, "It is raining.", Status::Draft);
    project.set_note(1, "weather\nsecond line");
    project.header.overrides.joins = vec![12];
    let bytes = to_bytes(&project);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.contains("\u{a0}") && text.contains("\u{202f}"),
        "{text}"
    );
    assert_eq!(from_bytes(&bytes).unwrap(), project);
}

#[test]
fn each_segment_is_a_block_of_lines_in_a_fixed_order() {
    let mut project = sample();
    project.set_translation(1, "It is raining.", Status::Confirmed);
    let text = String::from_utf8(to_bytes(&project)).unwrap();
    let start = text.find("\"id\": \"s2\"").unwrap();
    let block: Vec<&str> = text[start..].lines().take(6).map(str::trim).collect();
    assert_eq!(block[0], "\"id\": \"s2\",");
    assert_eq!(block[1], "\"paragraph\": 0,");
    assert_eq!(block[2], "\"source\": \"Il pleut.\",");
    assert_eq!(block[3], "\"target\": \"It is raining.\",");
    assert_eq!(block[4], "\"status\": \"confirmed\",");
    assert!(block[5].starts_with("\"modified\": \"20"), "{block:?}");
}

#[test]
fn syntax_errors_have_line_and_column() {
    let bytes = to_bytes(&sample());
    let mut text = String::from_utf8(bytes).unwrap();
    let at = text.find("\"status\"").unwrap();
    text.insert(at, '}');
    let error = from_bytes(text.as_bytes()).unwrap_err();
    let line = text[..at].lines().count();
    assert_eq!(error.position.map(|p| p.0), Some(line), "{error:?}");
    let error = from_bytes(b"{\"passeur_project\": 7, \"x\": 1}").unwrap_err();
    assert!(error.message.contains("newer passeur"), "{error:?}");
}

#[test]
fn duplicate_ids_are_refused() {
    let text = String::from_utf8(to_bytes(&sample()))
        .unwrap()
        .replace("\"s2\"", "\"s1\"");
    assert!(
        from_bytes(text.as_bytes())
            .unwrap_err()
            .message
            .contains("s1")
    );
}

#[test]
fn an_empty_translation_is_new_and_new_with_text_is_draft() {
    let mut project = sample();
    assert!(project.set_translation(0, "Hi.", Status::New));
    assert_eq!(project.unit(0).status, Status::Draft);
    assert!(project.unit(0).modified.is_some());
    assert!(project.set_translation(0, "", Status::Confirmed));
    assert_eq!(project.unit(0).status, Status::New);
    assert!(!project.set_translation(0, "", Status::Reviewed));
}

#[test]
fn realign_keeps_translations_by_text_not_position() {
    let mut project = sample();
    project.set_translation(0, "Mr Dupont arrives.", Status::Confirmed);
    project.set_translation(1, "It is raining.", Status::Reviewed);
    project.set_translation(2, "The last word.", Status::Confirmed);
    project.set_note(1, "checked");
    let edited = vec![
        segment(0, "Une phrase nouvelle."),
        segment(0, "Il pleut."),
        segment(1, "M. Dupont arrive\u{a0}: «\u{202f}Bonjour\u{202f}»."),
    ];
    let report = project.realign(edited, "1".repeat(64));
    assert_eq!(report.kept, 2);
    assert_eq!(report.added, ["s4"]);
    assert_eq!(report.retired.len(), 1);
    assert_eq!(report.retired[0].target, "The last word.");
    let units = project.units();
    assert_eq!((units[0].id.as_str(), units[0].status), ("s4", Status::New));
    assert_eq!(
        (
            units[1].id.as_str(),
            units[1].target.as_str(),
            units[1].note.as_str()
        ),
        ("s2", "It is raining.", "checked")
    );
    assert_eq!((units[2].id.as_str(), units[2].paragraph), ("s1", 1));
    assert_eq!(units[2].target, "Mr Dupont arrives.");
    assert_eq!(project.retired().len(), 1);
    assert_eq!(project.header().source_sha256, "1".repeat(64));
    // A later realignment never reuses the retired segment's id.
    let report = project.realign(vec![segment(0, "Autre.")], "2".repeat(64));
    assert_eq!(report.added, ["s5"]);
}

#[test]
fn repeated_sentences_are_matched_in_order() {
    let mut project = Project::new(
        header(),
        vec![segment(0, "Oui."), segment(1, "Non."), segment(2, "Oui.")],
    );
    project.set_translation(0, "Yes (1).", Status::Confirmed);
    project.set_translation(2, "Yes (2).", Status::Confirmed);
    project.realign(vec![segment(0, "Oui."), segment(1, "Oui.")], "3".repeat(64));
    let targets: Vec<&str> = project.units().iter().map(|u| u.target.as_str()).collect();
    assert_eq!(targets, ["Yes (1).", "Yes (2)."]);
}
