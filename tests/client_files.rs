//! A client's XLIFF comes back exactly as it came: for each file of `tests/data/xliff-roundtrip`
//! (reordered codes, `<mrk>`, `<seg-source>`, alt-trans and notes, Windows-1252, several
//! `<file>`s, no `version`, rejected states, XLIFF 2 `order` and `xml:space`), the project is
//! created with `passeur init`, one unit is translated, the file is written back with
//! `passeur export --to original`, and
//! (a) the file differs from the input only inside that unit's target and state,
//! (b) it passes the schema with xmllint whenever the input did,
//! (c) reading it again gives the new translation, and the others as they were.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};

use common::*;
use passeur::io::encoding::decode_xml;
use passeur::project::Status;
use passeur::project::store::Store;
use passeur::source::xliff;

struct Case {
    file: &'static str,
    /// Text of the changed unit's source that no other unit has (finds it in the file).
    source_marker: &'static str,
    unit_id: &'static str,
    new_target: &'static str,
    status: Status,
    /// What the changed unit must look like in the written file.
    expected: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "reordered-codes.xlf",
        source_marker: "Voir <x id=\"1\"/>",
        unit_id: "2",
        new_target: "See <x1/> then <g2>what follows</g2>.",
        status: Status::Confirmed,
        expected: &[
            "<trans-unit id=\"2\" approved=\"yes\">",
            "<target state=\"translated\"   xml:lang=\"en-GB\">See <x id=\"1\"/> then \
             <g id=\"2\">what follows</g>.</target>",
        ],
    },
    Case {
        file: "reordered-codes.xlf",
        source_marker: "chien",
        unit_id: "3",
        new_target: "<g2>Paul</g2>’s <g1>dog</g1> barks.",
        status: Status::Draft,
        expected: &[
            "<target state=\"needs-review-translation\"><g id=\"2\">Paul</g>’s <g id=\"1\">dog</g> \
             barks.</target>",
        ],
    },
    Case {
        file: "mrk-and-codes.xlf",
        source_marker: "Samarcande",
        unit_id: "a1",
        new_target: "<g2>The summit</g2> now opens in <g1>Samarkand</g1>.",
        status: Status::Confirmed,
        expected: &[
            "<target state=\"translated\"><mrk mtype=\"x-draft\" comment=\"à revoir\">The summit\
             </mrk> now opens in <g id=\"1\">Samarkand</g>.</target>",
        ],
    },
    Case {
        file: "mrk-and-codes.xlf",
        source_marker: "Ligne",
        unit_id: "a2",
        new_target: "Line<x1/>following.",
        status: Status::Confirmed,
        expected: &[
            "<target state=\"translated\" xml:lang=\"en-US\">Line<x id=\"1\"></x>following.</target>",
        ],
    },
    Case {
        file: "seg-source.xlf",
        source_marker: "Le président est arrivé.</source>",
        unit_id: "p1",
        new_target: "The president has arrived.",
        status: Status::Confirmed,
        expected: &[
            // The target mirrors the segmentation: the translation in the segment's `mrk`.
            "</seg-source>\n        <target state=\"translated\"><mrk mtype=\"seg\" mid=\"1\">The \
             president has arrived.</mrk></target>\n        <note",
        ],
    },
    Case {
        file: "alt-trans-notes.xlf",
        source_marker: "Pékin accueille le sommet de",
        unit_id: "n1",
        new_target: "Beijing hosts the Shanghai Cooperation Organisation summit.",
        status: Status::Confirmed,
        expected: &[
            "<trans-unit id=\"n1\" resname=\"lead\" approved=\"yes\">",
            "<target xml:lang=\"en-GB\" state=\"translated\">Beijing hosts the Shanghai \
             Cooperation Organisation summit.</target>",
        ],
    },
    Case {
        file: "alt-trans-notes.xlf",
        source_marker: "deux jours",
        unit_id: "n2",
        new_target: "The meeting lasts two days.",
        status: Status::Reviewed,
        expected: &[
            "</source>\n        <target state=\"signed-off\">The meeting lasts two days.</target>\n        \
             <alt-trans",
        ],
    },
    Case {
        file: "windows-1252.xlf",
        source_marker: "sûr de lui",
        unit_id: "w2",
        new_target: "He seems “sure” of himself → 🙂",
        status: Status::Confirmed,
        expected: &[
            "<target state=\"translated\">He seems “sure” of himself &#8594; &#128578;</target>",
        ],
    },
    Case {
        file: "several-files.xlf",
        source_marker: "Second fichier",
        unit_id: "f2/1",
        new_target: "Second file.",
        status: Status::Confirmed,
        expected: &["<target state=\"translated\">Second file.</target>"],
    },
    Case {
        file: "no-version.xlf",
        source_marker: "Sans numéro",
        unit_id: "v1",
        new_target: "Without a version number.",
        status: Status::Confirmed,
        expected: &["<target state=\"translated\">Without a version number.</target>"],
    },
    Case {
        file: "rejected-states.xlf",
        source_marker: "à traduire",
        unit_id: "r2",
        new_target: "A sentence to translate, adapted.",
        status: Status::Confirmed,
        expected: &["<target state=\"translated\">A sentence to translate, adapted.</target>"],
    },
    Case {
        file: "order-space-2.0.xlf",
        source_marker: "Il dort",
        unit_id: "u1/s2",
        new_target: "It is sleeping<x1/>.",
        status: Status::Confirmed,
        expected: &[
            "<segment id=\"s2\" state=\"translated\">",
            "<target order=\"1\">It is sleeping<ph id=\"3\"/>.</target>",
        ],
    },
    Case {
        file: "order-space-2.0.xlf",
        source_marker: "Une  <mrk",
        unit_id: "u2",
        new_target: "A  <g1>sentence</g1> to translate.",
        status: Status::Confirmed,
        expected: &[
            "<segment state=\"translated\">",
            "</source>\n        <target>A  <mrk id=\"m1\" type=\"term\">sentence</mrk> to translate.</target>",
        ],
    },
    Case {
        file: "several-files-2.0.xlf",
        source_marker: "Deux",
        unit_id: "f2/1",
        new_target: "Two <x1/>bold<x2/>.",
        status: Status::Confirmed,
        expected: &["<target>Two <sc id=\"1\"/>bold<ec startRef=\"1\"/>.</target>"],
    },
];

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/xliff-roundtrip")
        .join(name)
}

fn schema_of(text: &str) -> String {
    let schema = match text.contains("urn:oasis:names:tc:xliff:document:2.0") {
        true => "xliff20/xliff_core_2.0.xsd",
        false => "xliff12/xliff-core-1.2-transitional.xsd",
    };
    schemas().join(schema).to_str().unwrap().to_owned()
}

/// The span of the unit holding `marker`: from its `<trans-unit` (1.2) or `<segment` (2) start
/// tag to the end of that element.
fn unit_span(text: &str, marker: &str) -> std::ops::Range<usize> {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in the file"));
    assert_eq!(text.matches(marker).count(), 1, "{marker:?} must be unique");
    let (open, close) = match text[..at].rfind("<segment") {
        Some(_) if text.contains("document:2.0") => ("<segment", "</segment>"),
        _ => ("<trans-unit", "</trans-unit>"),
    };
    let start = text[..at].rfind(open).unwrap();
    let end = at + text[at..].find(close).unwrap() + close.len();
    start..end
}

/// A unit's text without its target element (the one right after `</source>` or
/// `</seg-source>`) and without the `state`/`approved` attributes of its start tag.
fn without_target_and_state(unit: &str) -> String {
    let tag_end = unit.find('>').unwrap() + 1;
    let mut start_tag = unit[..tag_end].to_owned();
    for name in [" state=", " approved="] {
        if let Some(at) = start_tag.find(name) {
            let quote = start_tag.as_bytes()[at + name.len()] as char;
            let close = start_tag[at + name.len() + 1..].find(quote).unwrap();
            start_tag.replace_range(at..at + name.len() + 1 + close + 1, "");
        }
    }
    let mut body = unit[tag_end..].to_owned();
    let after_source = ["</seg-source>", "</source>"]
        .iter()
        .find_map(|end| body.find(end).map(|at| at + end.len()))
        .unwrap();
    let rest = &body[after_source..];
    let trimmed = rest.trim_start();
    if trimmed.starts_with("<target") || trimmed.starts_with("<xlf:target") {
        let target_start = after_source + (rest.len() - trimmed.len());
        let first_tag_end = target_start + body[target_start..].find('>').unwrap() + 1;
        let target_end = if body[..first_tag_end].ends_with("/>") {
            first_tag_end
        } else {
            target_start + body[target_start..].find("</target>").unwrap() + "</target>".len()
        };
        // The line break and indentation before an added target go with it.
        body.replace_range(after_source..target_end, "");
    }
    start_tag + &body
}

#[test]
fn a_written_back_client_file_differs_only_in_the_translated_units_target_and_state() {
    for case in CASES {
        let label = format!("{} {}", case.file, case.unit_id);
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join(case.file);
        std::fs::copy(corpus(case.file), &source).unwrap();
        let original_bytes = std::fs::read(&source).unwrap();
        let (original, encoding) = decode_xml(original_bytes.clone(), &source).unwrap();

        let init = run(&["init", source.to_str().unwrap()], b"");
        assert_eq!(init.status.code(), Some(0), "{label}: {}", stderr(&init));
        let project_path = PathBuf::from(stdout(&init).trim());
        let (mut store, mut project) = Store::open(&project_path).unwrap();
        let index = project
            .units()
            .iter()
            .position(|unit| unit.id == case.unit_id)
            .unwrap_or_else(|| panic!("{label}: no unit {}", case.unit_id));
        assert!(project.set_translation(index, case.new_target, case.status));
        store.save(&mut project).unwrap();

        let written_path = dir.path().join("written.xlf");
        let export = export_to(&project_path, "original", &written_path);
        assert_eq!(
            export.status.code(),
            Some(0),
            "{label}: {}",
            stderr(&export)
        );
        let written_bytes = std::fs::read(&written_path).unwrap();
        let written = match encoding.name() {
            "UTF-8" => String::from_utf8(written_bytes.clone()).unwrap(),
            _ => decode_xml(written_bytes.clone(), &written_path).unwrap().0,
        };
        assert_eq!(
            encoding.encode(&written),
            written_bytes,
            "{label}: written in the file's encoding ({})",
            encoding.name()
        );

        // (a) Only the changed unit, and in it only its target and state.
        let before = unit_span(&original, case.source_marker);
        let after = unit_span(&written, case.source_marker);
        assert_eq!(
            original[..before.start],
            written[..after.start],
            "{label}: before the unit"
        );
        assert_eq!(
            original[before.end..],
            written[after.end..],
            "{label}: after the unit"
        );
        let (unit_before, unit_after) = (&original[before], &written[after]);
        assert_eq!(
            without_target_and_state(unit_before),
            without_target_and_state(unit_after),
            "{label}: the unit outside its target and state"
        );
        assert_ne!(unit_before, unit_after, "{label}: the unit was not written");
        for expected in case.expected {
            assert!(
                unit_after.contains(expected),
                "{label}: {expected:?} not in\n{unit_after}"
            );
        }

        // (b) Valid where the input was.
        let schema = schema_of(&original);
        if xmllint(&source, &["--schema", &schema]).is_ok() {
            if let Err(errors) = xmllint(&written_path, &["--schema", &schema]) {
                panic!("{label}: the written file is not valid: {errors}\n{written}");
            }
        } else {
            assert_eq!(
                case.file, "no-version.xlf",
                "every other corpus file is valid"
            );
        }

        // (c) Read again: the new translation, the other units as they were.
        let reread = xliff::read(&written, &written_path).unwrap();
        let first = xliff::read(&original, &source).unwrap();
        for (old, new) in first.units.iter().zip(&reread.units) {
            assert_eq!(old.id, new.id, "{label}");
            if new.id == case.unit_id {
                assert_eq!(new.target.as_deref(), Some(case.new_target), "{label}");
                assert_eq!(new.status, case.status, "{label}");
            } else {
                assert_eq!(
                    (&old.target, old.status),
                    (&new.target, new.status),
                    "{label}"
                );
            }
        }
    }
}

#[test]
fn target_codes_are_numbered_by_id_so_reordered_codes_read_and_write_right() {
    let path = corpus("reordered-codes.xlf");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = xliff::read(&text, &path).unwrap();
    assert_eq!(
        file.units[0].source,
        "Le <g1>chat</g1> de <g2>Marie</g2> dort."
    );
    assert_eq!(
        file.units[0].target.as_deref(),
        Some("   <g2>Marie</g2>'s <g1>cat</g1> is asleep.")
    );
    let path = corpus("mrk-and-codes.xlf");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = xliff::read(&text, &path).unwrap();
    assert_eq!(
        file.units[0].target.as_deref(),
        Some("<g2>The summit</g2> opens in <g1>Samarkand</g1>."),
        "the reviewer's <mrk> is a code of its own"
    );
    assert_eq!(
        file.units[1].source, "Ligne<x1/>suivante.",
        "<x></x> is one code"
    );
    assert_eq!(
        file.units[2].target.as_deref(),
        Some("Bold <x1/>text<x2/>.")
    );
}

#[test]
fn an_unchanged_project_writes_the_client_file_back_byte_for_byte() {
    for name in [
        "reordered-codes.xlf",
        "mrk-and-codes.xlf",
        "alt-trans-notes.xlf",
        "windows-1252.xlf",
        "rejected-states.xlf",
        "order-space-2.0.xlf",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join(name);
        std::fs::copy(corpus(name), &source).unwrap();
        let init = run(&["init", source.to_str().unwrap()], b"");
        assert_eq!(init.status.code(), Some(0), "{name}: {}", stderr(&init));
        let written = dir.path().join("out.xlf");
        let export = export_to(Path::new(stdout(&init).trim()), "original", &written);
        assert_eq!(export.status.code(), Some(0), "{name}: {}", stderr(&export));
        assert_eq!(
            std::fs::read(&written).unwrap(),
            std::fs::read(&source).unwrap(),
            "{name}"
        );
    }
}
