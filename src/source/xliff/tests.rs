use std::path::Path;

use super::*;
use crate::markup::FormatError;

const CLIENT_12: &str = include_str!("../../../tests/data/client-1.2.xlf");
const CLIENT_2: &str = include_str!("../../../tests/data/client-2.0.xlf");

fn read_str(text: &str) -> Result<XliffFile, FormatError> {
    read(text, Path::new("job.xlf"))
}

#[test]
fn reads_units_of_a_client_xliff_12_with_tags() {
    let file = read_str(CLIENT_12).unwrap();
    assert_eq!(file.version, Version::V12);
    assert_eq!(file.source_language, "fr-FR");
    assert_eq!(file.target_language.as_deref(), Some("en-GB"));
    let ids: Vec<&str> = file.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t2", "t3"], "the locked unit is skipped");
    assert_eq!(
        file.units[0].source,
        "Le sommet de l’<g1>OCS</g1> s’ouvre à Samarcande."
    );
    assert_eq!(file.units[0].note, "Titre : court.");
    assert_eq!(
        file.units[1].source,
        "Cliquez sur <x1/> pour lire la suite<x2/>."
    );
    assert_eq!(file.units[1].status, Status::New);
    assert_eq!(
        file.units[1].target, None,
        "an empty target is no translation, and not the alt-trans target"
    );
    assert_eq!(file.units[2].status, Status::Confirmed);
    assert_eq!(
        file.units[2].target.as_deref(),
        Some("Mr Xi Jinping met Mr Tokayev.")
    );
}

#[test]
fn writes_back_into_xliff_12_keeping_everything_else() {
    let file = read_str(CLIENT_12).unwrap();
    let out = write_back(
        CLIENT_12,
        Path::new("job.xlf"),
        &file,
        "en",
        |id| match id {
            "t1" => Some(Translation {
                target: "The <g1>SCO</g1> summit opens in Samarkand & <g9>.",
                status: Status::Confirmed,
            }),
            "t2" => Some(Translation {
                target: "Click <x1/> to read on<x2/>.",
                status: Status::Reviewed,
            }),
            _ => None,
        },
    )
    .unwrap();
    assert!(out.contains(
        "</source>\n          <target state=\"translated\">The <g id=\"1\">SCO</g> summit opens in \
         Samarkand &amp; &lt;g9&gt;.</target>"
    ), "{out}");
    assert!(out.contains(
        "<target state=\"signed-off\">Click <x id=\"2\"/> to read on<ph id=\"3\">&lt;br/&gt;</ph>.</target>"
    ), "{out}");
    assert!(
        out.contains("<trans-unit id=\"t2\" approved=\"yes\">"),
        "{out}"
    );
    assert!(
        out.contains("<target>Click here.</target>"),
        "alt-trans kept: {out}"
    );
    assert!(
        out.contains("Mr Xi Jinping met Mr Tokayev."),
        "untouched unit kept"
    );
    // Reading the result gives the translations back, with the same tags.
    let again = read_str(&out).unwrap();
    assert_eq!(
        again.units[0].target.as_deref(),
        Some("The <g1>SCO</g1> summit opens in Samarkand & <g9>.")
    );
    assert_eq!(again.units[1].status, Status::Reviewed);
    // Everything before the first unit is byte for byte the same.
    let head = CLIENT_12.find("<trans-unit").unwrap();
    assert_eq!(out[..head], CLIENT_12[..head]);
}

#[test]
fn reads_and_writes_back_xliff_2_segments() {
    let file = read_str(CLIENT_2).unwrap();
    assert_eq!(file.version, Version::V2);
    let ids: Vec<&str> = file.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u1/1", "u1/2", "u2"]);
    assert_eq!(
        file.units[0].source,
        "La <g1>Chine</g1> soutient le Kazakhstan."
    );
    assert_eq!(file.units[1].source, "Il pleut à Astana<x1/>.");
    assert_eq!(file.units[0].note, "Dépêche du matin.");
    assert_eq!(file.units[2].status, Status::Reviewed);
    let out = write_back(CLIENT_2, Path::new("job.xlf"), &file, "en", |id| {
        (id == "u1/1").then_some(Translation {
            target: "<g1>China</g1> backs Kazakhstan.",
            status: Status::Confirmed,
        })
    })
    .unwrap();
    assert!(out.contains("<xliff trgLang=\"en\" xmlns="), "{out}");
    assert!(
        out.contains("<segment id=\"1\" state=\"translated\">"),
        "{out}"
    );
    assert!(out.contains(
        "</source>\n        <target><pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">China</pc> backs \
         Kazakhstan.</target>"
    ), "{out}");
    assert!(
        out.contains("<segment id=\"2\">"),
        "untranslated segment untouched"
    );
}

#[test]
fn entities_are_never_expanded() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [\n<!ENTITY a \"aaaa\">\n<!ENTITY b \
                  \"&a;&a;&a;&a;\">\n]>\n<xliff version=\"1.2\"><file><body/></file></xliff>";
    let error = read_str(laughs).unwrap_err().to_string();
    assert!(
        error.starts_with("job.xlf:2:1: the DOCTYPE declares XML entities"),
        "{error}"
    );
    let undefined = "<xliff version=\"1.2\"><file source-language=\"fr\"><body><trans-unit \
                     id=\"1\"><source>a&nbsp;b</source></trans-unit></body></file></xliff>";
    let error = read_str(undefined).unwrap_err().to_string();
    assert!(error.contains("undefined entity &nbsp;"), "{error}");
}

#[test]
fn truncated_files_name_the_unclosed_element() {
    let cut = &CLIENT_12[..CLIENT_12.find("<trans-unit id=\"t3\">").unwrap()];
    let error = read_str(cut).unwrap_err().to_string();
    assert!(
        error.contains("truncated: <group> is not closed") || error.contains("<body>"),
        "{error}"
    );
    assert!(error.starts_with("job.xlf:"), "{error}");
}
#[test]
fn a_byte_order_mark_does_not_shift_the_write_back() {
    // Found by the fuzzer: the XML reader counted offsets from after the mark, so every edit
    // landed three bytes early and broke the file.
    let original = "\u{feff}<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
         version=\"2.0\" srcLang=\"fr\" trgLang=\"en\"><file id=\"f\"><unit id=\"u1\">\n  <segment>\n    \
         <source>Bonjour.</source>\n  </segment></unit></file></xliff>";
    let file = read(original, Path::new("bom.xlf")).unwrap();
    let written = write_back(original, Path::new("bom.xlf"), &file, "en", |_| {
        Some(Translation {
            target: "Hello.",
            status: Status::Confirmed,
        })
    })
    .unwrap();
    let expected = original
        .replace("<segment>", "<segment state=\"translated\">")
        .replace("</source>", "</source>\n    <target>Hello.</target>");
    assert_eq!(written, expected);
    assert_eq!(
        read(&written, Path::new("bom.xlf")).unwrap().units[0]
            .target
            .as_deref(),
        Some("Hello.")
    );
}

#[test]
fn notes_are_read_as_written() {
    let text = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file \
        original=\"a\" source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\"><body>\
        <trans-unit id=\"1\"><source>Un.</source><note>  indented\n  two lines  </note>\
        </trans-unit></body></file></xliff>";
    let file = read_str(text).unwrap();
    assert_eq!(file.units[0].note, "  indented\n  two lines  ");
}

/// One agency file of `tests/data/agency/`, read.
fn agency(name: &str) -> (String, XliffFile) {
    let path = format!("{}/tests/data/agency/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let file = read(&text, Path::new(&path)).unwrap();
    (text, file)
}

/// Each unit as (id, status, locked, target).
fn rows(file: &XliffFile) -> Vec<(&str, Status, bool, Option<&str>)> {
    file.units
        .iter()
        .map(|u| (u.id.as_str(), u.status, u.locked, u.target.as_deref()))
        .collect()
}

#[test]
fn a_fresh_trados_file_is_untranslated_with_a_segment_per_mrk() {
    let (_, file) = agency("trados-fresh.sdlxliff");
    let unit = "9f2c41d0-7b1e-4a57-b3a2-5c0e8d1f6a0";
    let expected: Vec<(String, Status, bool, Option<&str>)> = ["1/1", "1/2", "2/3", "2/4"]
        .iter()
        .map(|id| (format!("{unit}{id}"), Status::New, false, None))
        .collect();
    let got: Vec<(String, Status, bool, Option<&str>)> = rows(&file)
        .into_iter()
        .map(|(id, status, locked, target)| (id.to_owned(), status, locked, target))
        .collect();
    assert_eq!(
        got, expected,
        "empty, code-only and blank mrks are no translation"
    );
    assert_eq!(
        file.units[0].source,
        "Le sommet de l’<g1>OCS</g1> s’ouvre à Astana."
    );
    assert_eq!(file.units[1].source, "Les chefs d’État arrivent dès lundi.");
    assert_eq!(file.units[3].source, "Moscou reste prudente.");
}

#[test]
fn trados_confirmation_levels_and_locks() {
    let (_, file) = agency("trados-statuses.sdlxliff");
    assert_eq!(
        rows(&file),
        [
            ("u1/1", Status::Draft, false, Some("First draft.")),
            ("u1/2", Status::Confirmed, false, Some("Second.")),
            ("u1/3", Status::Reviewed, true, Some("Third.")),
            ("u1/4", Status::Draft, false, Some("Fourth.")),
            ("u2/5", Status::Reviewed, false, Some("Fifth.")),
            ("u2/6", Status::Draft, false, Some("Sixth.")),
            ("u2/7", Status::Confirmed, true, Some("Seventh.")),
        ]
    );
}

#[test]
fn memoq_statuses_and_locks() {
    let (_, file) = agency("memoq.mqxliff");
    assert_eq!(
        rows(&file),
        [
            ("1", Status::New, false, None),
            ("2", Status::Draft, false, Some("Two, to finish.")),
            ("3", Status::Draft, false, Some("Three.")),
            ("4", Status::Confirmed, false, Some("Four.")),
            ("5", Status::Reviewed, false, Some("Five.")),
            // The tool's word wins over "the source copied": six is six in English.
            ("6", Status::Reviewed, false, Some("Six.")),
            ("7", Status::Draft, false, Some("Seven?")),
            ("8", Status::Draft, false, Some("Eight.")),
            ("9", Status::Confirmed, true, Some("Nine.")),
        ]
    );
}

#[test]
fn phrase_confirmations_and_locks() {
    let (_, file) = agency("phrase.mxliff");
    assert_eq!(
        rows(&file),
        [
            ("T1:0", Status::New, false, None),
            ("T1:1", Status::Draft, false, Some("Two, almost.")),
            ("T1:2", Status::Confirmed, false, Some("Three.")),
            ("T1:3", Status::Confirmed, true, Some("Four.")),
        ]
    );
}

#[test]
fn a_source_copied_without_a_state_is_new() {
    let (_, file) = agency("okapi-copy-source.xlf");
    assert_eq!(
        rows(&file),
        [
            ("tu1", Status::New, false, None),
            ("tu2", Status::New, false, None),
            ("tu3", Status::Confirmed, false, Some("Thank you.")),
        ]
    );
}

/// `original` written back with one translation.
fn written(original: &str, file: &XliffFile, id: &str, target: &str, status: Status) -> String {
    write_back(original, Path::new("job.xlf"), file, "en", |unit| {
        (unit == id).then_some(Translation { target, status })
    })
    .unwrap()
}

#[test]
fn one_trados_segment_written_changes_only_its_mrk_and_its_conf() {
    let (original, file) = agency("trados-fresh.sdlxliff");
    let id = "9f2c41d0-7b1e-4a57-b3a2-5c0e8d1f6a01/2";
    let out = written(
        &original,
        &file,
        id,
        "Heads of state arrive from Monday.",
        Status::Confirmed,
    );
    let expected = original
        .replacen(
            "<mrk mtype=\"seg\" mid=\"2\"/>",
            "<mrk mtype=\"seg\" mid=\"2\">Heads of state arrive from Monday.</mrk>",
            1,
        )
        .replacen(
            "<sdl:seg id=\"2\"/>",
            "<sdl:seg id=\"2\" conf=\"Translated\"/>",
            1,
        );
    assert_eq!(out, expected);
    let again = read(&out, Path::new("job.xlf")).unwrap();
    let changed: Vec<_> = rows(&again)
        .into_iter()
        .filter(|(_, status, _, _)| *status != Status::New)
        .collect();
    assert_eq!(
        changed,
        [(
            id,
            Status::Confirmed,
            false,
            Some("Heads of state arrive from Monday.")
        )]
    );
    // Reviewed is Trados' approval; a code-only mrk takes its text with the segment's codes.
    let out = written(
        &original,
        &file,
        "9f2c41d0-7b1e-4a57-b3a2-5c0e8d1f6a02/3",
        "Beijing defends its Belt and Road there.",
        Status::Reviewed,
    );
    assert!(out.contains(
        "<mrk mtype=\"seg\" mid=\"3\">Beijing defends its Belt and Road there.</mrk><x id=\"2\"/>"
    ));
    assert!(out.contains("<sdl:seg id=\"3\" conf=\"ApprovedTranslation\"/>"));
}

#[test]
fn trados_statuses_written_back_and_locked_segments_never() {
    let (original, file) = agency("trados-statuses.sdlxliff");
    let out = written(&original, &file, "u1/1", "First.", Status::Confirmed);
    assert_eq!(
        out,
        original.replacen(">First draft.<", ">First.<", 1).replacen(
            "id=\"1\" conf=\"Draft\"",
            "id=\"1\" conf=\"Translated\"",
            1
        )
    );
    // ApprovedSignOff stays what it is for a reviewed segment; a locked one is not written.
    let out = written(&original, &file, "u1/3", "Changed.", Status::Reviewed);
    assert_eq!(out, original, "locked");
    let out = written(&original, &file, "u2/5", "Fifth!", Status::Draft);
    assert!(out.contains("<sdl:seg id=\"5\" conf=\"Draft\"/>"), "{out}");
}

#[test]
fn a_target_without_a_segments_mrk_is_rebuilt_around_the_segments() {
    // A trans-unit with a seg-source and no target yet (Okapi writes them so): the new target
    // has every segment's mrk, in source order, with what lies between them.
    let original = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file \
        original=\"a\" source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\"><body>\n\
        <trans-unit id=\"p\">\n<source>Un. Deux.</source>\n<seg-source><mrk mtype=\"seg\" \
        mid=\"a\">Un.</mrk> <mrk mtype=\"seg\" mid=\"b\">Deux.</mrk></seg-source>\n</trans-unit>\
        </body></file></xliff>";
    let file = read_str(original).unwrap();
    assert_eq!(
        rows(&file),
        [
            ("p/a", Status::New, false, None),
            ("p/b", Status::New, false, None)
        ]
    );
    let out = written(original, &file, "p/b", "Two.", Status::Confirmed);
    assert!(
        out.contains(
            "</seg-source>\n<target state=\"needs-translation\"><mrk mtype=\"seg\" mid=\"a\"/> <mrk \
             mtype=\"seg\" mid=\"b\">Two.</mrk></target>"
        ),
        "the target's state is its least advanced segment's: {out}"
    );
    let again = read_str(&out).unwrap();
    assert_eq!(
        rows(&again),
        [
            ("p/a", Status::New, false, None),
            ("p/b", Status::Draft, false, Some("Two."))
        ],
        "one state for the whole target"
    );
}

#[test]
fn memoq_and_phrase_statuses_are_written_where_the_tool_keeps_them() {
    let (original, file) = agency("memoq.mqxliff");
    let out = written(&original, &file, "2", "Two.", Status::Confirmed);
    assert_eq!(
        out,
        original.replacen(
            "id=\"2\" mq:status=\"PartiallyEdited\" mq:segmentguid=\"a2\"><source xml:space=\"preserve\">Deux.</source><target xml:space=\"preserve\">Two, to finish.",
            "id=\"2\" mq:status=\"ManuallyConfirmed\" mq:segmentguid=\"a2\"><source xml:space=\"preserve\">Deux.</source><target xml:space=\"preserve\">Two.",
            1
        )
    );
    let out = written(&original, &file, "6", "Six.", Status::Confirmed);
    assert!(
        out.contains("id=\"6\" mq:status=\"ManuallyConfirmed\""),
        "{out}"
    );
    let out = written(&original, &file, "9", "Changed.", Status::Confirmed);
    assert_eq!(out, original, "locked");

    let (original, file) = agency("phrase.mxliff");
    let out = written(&original, &file, "T1:1", "Two.", Status::Confirmed);
    assert_eq!(
        out,
        original
            .replacen(
                "id=\"T1:1\" m:confirmed=\"0\"",
                "id=\"T1:1\" m:confirmed=\"1\"",
                1
            )
            .replacen("<target>Two, almost.</target>", "<target>Two.</target>", 1)
    );
    assert_eq!(
        written(&original, &file, "T1:3", "Other.", Status::Confirmed),
        original
    );
}

#[test]
fn a_file_for_another_target_language_is_written_in_english() {
    let original = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file \
        original=\"a\" source-language=\"fr\" target-language=\"de-DE\" datatype=\"plaintext\"><body>\
        <trans-unit id=\"1\"><source>Un.</source><target xml:lang=\"de-DE\" state=\"new\">Eins.</target>\
        </trans-unit></body></file></xliff>";
    let file = read_str(original).unwrap();
    let out = written(original, &file, "1", "One.", Status::Confirmed);
    assert_eq!(
        out,
        original
            .replace("de-DE", "en")
            .replace("state=\"new\">Eins.", "state=\"translated\">One.")
            .replace(
                "<trans-unit id=\"1\">",
                "<trans-unit id=\"1\" approved=\"yes\">"
            )
    );
}

#[test]
fn segments_inside_a_code_are_found_in_source_and_target() {
    let original = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file \
        original=\"a\" source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\"><body>\
        <trans-unit id=\"p\"><source><g id=\"1\">Un. Deux.</g></source><seg-source><g id=\"1\">\
        <mrk mtype=\"seg\" mid=\"1\">Un.</mrk> <mrk mtype=\"seg\" mid=\"2\">Deux.</mrk></g>\
        </seg-source><target><g id=\"1\"><mrk mtype=\"seg\" mid=\"1\">One.</mrk> <mrk \
        mtype=\"seg\" mid=\"2\"/></g></target></trans-unit></body></file></xliff>";
    let file = read_str(original).unwrap();
    assert_eq!(
        rows(&file),
        [
            ("p/1", Status::Confirmed, false, Some("One.")),
            ("p/2", Status::New, false, None)
        ]
    );
    let out = written(original, &file, "p/2", "Two.", Status::Confirmed);
    assert_eq!(
        out,
        original
            .replace(
                "mid=\"2\"/></g></target>",
                "mid=\"2\">Two.</mrk></g></target>"
            )
            .replace(
                "<trans-unit id=\"p\">",
                "<trans-unit id=\"p\" approved=\"yes\">"
            )
            .replace("<target>", "<target state=\"translated\">")
    );
}
