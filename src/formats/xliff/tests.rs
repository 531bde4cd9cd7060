use std::path::Path;

use super::*;
use crate::formats::FormatError;

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
