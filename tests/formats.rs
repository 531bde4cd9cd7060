//! Exports and imports on the seed article with its reference translation: schema validation
//! with xmllint, the independent interop checker of `../shared/eval/interop`, exact text, round
//! trips through every re-importable format, another tool's XLIFF written back, and bad input.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use passeur::project::store::Store;
use passeur::project::{Project, Status, Unit};

const FORMATS: [&str; 8] = [
    "tmx", "xliff12", "xliff2", "csv", "tsv", "html", "md", "txt",
];

fn export(project: &Path, format: &str, output: &Path) -> std::process::Output {
    let output = export_to(project, format, output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

fn validate(file: &Path, format: &str) {
    let schema = |p: &str| schemas().join(p).to_str().unwrap().to_owned();
    let how = match format {
        "tmx" => vec!["--dtdvalid".to_owned(), schema("tmx/tmx14.dtd")],
        "xliff12" => vec![
            "--schema".to_owned(),
            schema("xliff12/xliff-core-1.2-strict.xsd"),
        ],
        "xliff2" => vec!["--schema".to_owned(), schema("xliff20/xliff_core_2.0.xsd")],
        _ => unreachable!(),
    };
    let how: Vec<&str> = how.iter().map(String::as_str).collect();
    if let Err(errors) = xmllint(file, &how) {
        panic!("{} is not valid {format}: {errors}", file.display());
    }
}

/// The units as they matter for a round trip (timestamps aside).
fn content(project: &Project) -> Vec<(String, String, String, Status, String)> {
    project
        .units()
        .iter()
        .map(
            |Unit {
                 id,
                 source,
                 target,
                 status,
                 note,
                 ..
             }| {
                (
                    id.clone(),
                    source.clone(),
                    target.clone(),
                    *status,
                    note.clone(),
                )
            },
        )
        .collect()
}

#[test]
fn xml_exports_validate_against_the_official_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 2);
    for format in ["tmx", "xliff12", "xliff2"] {
        let file = dir.path().join(format!("out.{format}.xml"));
        export(&project, format, &file);
        validate(&file, format);
    }
    // The validators do reject a broken file: the check can fail.
    let file = dir.path().join("out.xliff12.xml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("state=\"translated\"", "state=\"done\""),
    )
    .unwrap();
    assert!(
        xmllint(
            &file,
            &[
                "--schema",
                schemas()
                    .join("xliff12/xliff-core-1.2-strict.xsd")
                    .to_str()
                    .unwrap()
            ]
        )
        .is_err()
    );
}

/// EXPECT.json for the interop checker: the gold segments and reference translations.
fn expect_file(dir: &Path, untranslated: usize, translated_only: bool) -> PathBuf {
    let gold = gold();
    let units: Vec<serde_json::Value> = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| !translated_only || *i < gold.len() - untranslated)
        .map(|(i, g)| {
            let target = (i < gold.len() - untranslated).then_some(g.reference_en.as_str());
            serde_json::json!({"id": format!("s{}", i + 1), "source": g.text, "target": target})
        })
        .collect();
    let path = dir.join(format!("expect-{translated_only}.json"));
    let json = serde_json::json!({"srclang": "fr", "tgtlang": "en", "units": units});
    std::fs::write(&path, json.to_string()).unwrap();
    path
}

#[test]
fn every_export_passes_the_independent_interop_checker() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 2);
    let checker = shared().join("eval/interop/check");
    for (format, extension) in [
        ("tmx", "tmx"),
        ("xliff12", "xlf"),
        ("xliff2", "xlf"),
        ("csv", "csv"),
        ("tsv", "tsv"),
        ("html", "html"),
    ] {
        let file = dir.path().join(format!("seed-{format}.{extension}"));
        export(&project, format, &file);
        let expect = expect_file(dir.path(), 2, format == "tmx");
        let mut command = Command::new("bash");
        command
            .arg(&checker)
            .arg(&file)
            .arg("--expect")
            .arg(&expect);
        if format == "tsv" {
            command.args(["--tsv-quoting", "none"]);
        }
        let output = command.output().unwrap();
        let report = String::from_utf8_lossy(&output.stdout);
        let last = report.lines().last().unwrap_or_default().to_owned();
        assert!(
            output.status.success() && last.starts_with("OK"),
            "{format}: {report}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!report.contains("ERROR"), "{format}: {report}");
    }
}

#[test]
fn text_is_written_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Il a dit\u{a0}: «\u{202f}Tom & Jerry <b>\u{202f}». Les «\u{a0}R&D\u{a0}» coûtent 5\u{a0}%.\n",
    )
    .unwrap();
    let output = run(&["init", article.to_str().unwrap()], b"");
    let path = PathBuf::from(stdout(&output).trim());
    let (mut store, mut project) = Store::open(&path).unwrap();
    project.set_translation(0, "He said: “Tom & Jerry <b>”.", Status::Confirmed);
    project.set_translation(1, "The “R&D” costs 5\u{a0}%.", Status::Confirmed);
    store.save(&mut project).unwrap();
    for format in ["tmx", "xliff12", "xliff2", "html"] {
        let file = dir.path().join(format!("x.{format}"));
        export(&path, format, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("&nbsp;"), "{format}");
        assert!(
            text.contains("Il a dit\u{a0}: «\u{202f}Tom &amp; Jerry &lt;b&gt;\u{202f}»."),
            "{format}: {text}"
        );
        assert!(text.contains("5\u{a0}%"), "{format}");
    }
}

#[test]
fn each_reimportable_export_gives_back_the_same_project() {
    for format in ["tmx", "xliff12", "xliff2", "csv", "tsv"] {
        let dir = tempfile::tempdir().unwrap();
        let original = translated_seed_project(dir.path(), 3);
        let (mut store, mut project) = Store::open(&original).unwrap();
        if format != "tmx" {
            // TMX carries finished work only; the others carry every status and note.
            project.set_translation(
                24,
                "A draft, with \"quotes\",\ttab\nand a line break.",
                Status::Draft,
            );
            project.set_note(25, "A note on an untranslated segment\\n.");
        }
        store.save(&mut project).unwrap();
        let file = dir.path().join(format!("out.{format}"));
        export(&original, format, &file);
        // A fresh project of the same article takes everything back.
        let fresh_dir = tempfile::tempdir().unwrap();
        let fresh = seed_project(fresh_dir.path());
        let output = run(
            &["import", fresh.to_str().unwrap(), file.to_str().unwrap()],
            b"",
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        let report = stdout(&output);
        assert!(
            report.contains(" changed, 0 unchanged"),
            "{format}: {report}"
        );
        let (_, imported) = Store::open(&fresh).unwrap();
        assert_eq!(content(&imported), content(&project), "{format}");
        // Importing the same file again changes nothing.
        let output = run(
            &["import", fresh.to_str().unwrap(), file.to_str().unwrap()],
            b"",
        );
        assert!(
            stdout(&output).starts_with("0 changed"),
            "{format}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn spreadsheet_style_tables_import_right() {
    let dir = tempfile::tempdir().unwrap();
    let path = seed_project(dir.path());
    let gold = gold();
    let tsv = format!(
        "id\tsource\ttarget\tstatus\tcomment\n\
         s1\t{}\t\"First, with \"\"quotes\"\"\tand a tab\nand a new line\"\treviewed\t\"Checked, ok\"\n\
         s2\t\t\"Second; source column left empty\"\tconfirmed\t\n",
        gold[0].text
    );
    let file = dir.path().join("edited.tsv");
    std::fs::write(&file, tsv).unwrap();
    let output = run(
        &["import", path.to_str().unwrap(), file.to_str().unwrap()],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, project) = Store::open(&path).unwrap();
    assert_eq!(
        project.unit(0).target,
        "First, with \"quotes\"\tand a tab\nand a new line"
    );
    assert_eq!(project.unit(0).status, Status::Reviewed);
    assert_eq!(project.unit(0).note, "Checked, ok");
    assert_eq!(project.unit(1).target, "Second; source column left empty");
    // CSV with CRLF, a BOM and quoted cells as a spreadsheet saves them.
    let csv = format!(
        "\u{feff}id,source,target,status,comment\r\ns3,\"{}\",\"Third, \"\"quoted\"\"\r\nline\",confirmed,\r\n",
        gold[2].text.replace('"', "\"\"")
    );
    let file = dir.path().join("edited.csv");
    std::fs::write(&file, csv).unwrap();
    let output = run(
        &["import", path.to_str().unwrap(), file.to_str().unwrap()],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, project) = Store::open(&path).unwrap();
    assert_eq!(project.unit(2).target, "Third, \"quoted\"\r\nline");
}

#[test]
fn txt_html_and_md_exports_show_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 1);
    let gold = gold();
    let txt = dir.path().join("out.txt");
    let output = export(&project, "txt", &txt);
    let english = std::fs::read_to_string(&txt).unwrap();
    let source = std::fs::read_to_string(dir.path().join("article.txt")).unwrap();
    assert_eq!(
        english.lines().count(),
        source.lines().count(),
        "paragraph structure kept"
    );
    assert!(english.contains(&gold[10].reference_en));
    assert!(
        english.contains(&gold[26].text),
        "untranslated: French kept"
    );
    assert!(stderr(&output).contains("1 of 27 segments are untranslated and left in French: 27"));

    let html = dir.path().join("out.html");
    export(&project, "html", &html);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    );
    assert!(page.contains("<td class=\"target untranslated\" lang=\"en\"></td>"));
    assert!(page.contains("title=\"nouvelles Routes de la soie → Belt and Road\">nouvelles « Routes de la soie »</mark>")
        || page.contains("→ Belt and Road\">"), "source term marked: {page}");
    assert!(page.contains(">Belt and Road</mark>"), "target term marked");
    assert_eq!(page.matches("<tbody>").count(), paragraphs(&source));

    let md = dir.path().join("out.md");
    export(&project, "md", &md);
    let table = std::fs::read_to_string(&md).unwrap();
    assert_eq!(table.lines().count(), 2 + 27);
    assert!(table.lines().last().unwrap().contains("**untranslated**"));
}

fn paragraphs(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

#[test]
fn another_tools_xliff_is_translated_and_written_back() {
    for (name, schema) in [
        ("client-1.2.xlf", "xliff12/xliff-core-1.2-strict.xsd"),
        ("client-2.0.xlf", "xliff20/xliff_core_2.0.xsd"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let job = dir.path().join(name);
        let original = std::fs::read_to_string(Path::new("tests/data").join(name)).unwrap();
        std::fs::write(&job, &original).unwrap();
        let output = run(&["init", job.to_str().unwrap()], b"");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let path = PathBuf::from(stdout(&output).trim());
        let (mut store, mut project) = Store::open(&path).unwrap();
        let first = project.unit(0).source.clone();
        assert!(first.contains("<g1>"), "{first}");
        let translated = first
            .replace("Le sommet de l’", "The summit of the ")
            .replace(
                "OCS</g1> s’ouvre à Samarcande",
                "SCO</g1> opens in Samarkand",
            )
            .replace("La <g1>Chine</g1> soutient", "<g1>China</g1> backs");
        project.set_translation(0, &translated, Status::Confirmed);
        store.save(&mut project).unwrap();
        let out = dir.path().join(format!("back-{name}"));
        export(&path, "original", &out);
        let written = std::fs::read_to_string(&out).unwrap();
        if let Err(errors) = xmllint(
            &out,
            &["--schema", schemas().join(schema).to_str().unwrap()],
        ) {
            panic!("{name} written back is invalid: {errors}\n{written}");
        }
        assert!(
            written.contains("<g id=\"1\">SCO</g> opens in Samarkand")
                || written.contains(
                    "<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">China</pc> backs"
                ),
            "{written}"
        );
        // Only the translated unit changed: the rest of the file is as the client sent it.
        let tail = original.rfind("</source>").unwrap();
        assert!(written.ends_with(&original[tail..]), "{written}");
    }
}

fn project_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn bad_imports_are_refused_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 0);
    let xliff = dir.path().join("good.xlf");
    export(&path, "xliff12", &xliff);
    let good = std::fs::read_to_string(&xliff).unwrap();
    let before = project_bytes(&path);
    let import = |name: &str, text: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        run(
            &["import", path.to_str().unwrap(), file.to_str().unwrap()],
            b"",
        )
    };

    let half = (0..=good.len() / 2)
        .rev()
        .find(|at| good.is_char_boundary(*at))
        .unwrap();
    let truncated = &good[..half];
    let output = import("truncated.xlf", truncated);
    assert_clean_error(&output, "truncated.xlf:");
    assert_clean_error(&output, "is not closed");

    let output = import(
        "laughs.xlf",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \
         \"&lol;&lol;&lol;&lol;&lol;\">\n]>\n<xliff version=\"1.2\">&lol2;</xliff>\n",
    );
    assert_clean_error(&output, "laughs.xlf:2:1: the DOCTYPE declares XML entities");

    let output = import(
        "xxe.tmx",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\
         <tmx version=\"1.4\"><header srclang=\"fr\"/><body><tu tuid=\"s1\"><tuv xml:lang=\"fr\">\
         <seg>&x;</seg></tuv></tu></body></tmx>\n",
    );
    assert_clean_error(&output, "xxe.tmx:2:1: the DOCTYPE declares XML entities");

    let output = import(
        "de.tmx",
        "<tmx version=\"1.4\"><header srclang=\"de\"/><body><tu tuid=\"s1\">\
         <tuv xml:lang=\"de-DE\"><seg>Hallo</seg></tuv><tuv xml:lang=\"en\"><seg>Hello</seg></tuv>\
         </tu></body></tmx>",
    );
    assert_clean_error(
        &output,
        "de.tmx: the TMX has no unit in fr and en (its languages: de-DE, en)",
    );

    let output = import(
        "nobody.tmx",
        "<tmx version=\"1.4\"><header srclang=\"fr\"/></tmx>",
    );
    assert_clean_error(&output, "nobody.tmx: the TMX file has no <body>");

    let output = import("bad.csv", "id,source,target\ns1,\"never closed\n");
    assert_clean_error(
        &output,
        "bad.csv:2:1: a quoted field opened on this line is never closed",
    );

    assert_eq!(project_bytes(&path), before, "the project is untouched");

    // An id the project does not have is matched by the source text; a unit matching neither
    // is reported, and the rest applied.
    let renamed = good.replace("id=\"s1\"", "id=\"x1\"").replace(
        "Chinese President Xi Jinping",
        "President Xi Jinping of China",
    );
    let output = import("renamed.xlf", &renamed);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.starts_with("1 changed, 26 unchanged"), "{report}");
    assert!(report.contains("changed: s1\n"), "{report}");
    let unknown = renamed.replace("Le président chinois", "Le chef d’État chinois");
    let output = import("unknown.xlf", &unknown);
    let report = stdout(&output);
    assert!(
        report.contains("not in the project (ignored): x1"),
        "{report}"
    );
    assert!(report.starts_with("0 changed, 26 unchanged"), "{report}");
    let other_source = good.replace("Le président chinois", "Le chef d’État chinois");
    let output = import("other-source.xlf", &other_source);
    assert!(stdout(&output).contains("source text differs from the project's (ignored): s1"));
}

#[test]
fn exports_write_atomically_and_report_bad_projects() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.passeur");
    let output = run(&["export", missing.to_str().unwrap(), "--to", "tmx"], b"");
    assert_clean_error(&output, "none.passeur: cannot read the file: No such file");
    let path = translated_seed_project(dir.path(), 0);
    for format in FORMATS {
        let out = dir.path().join(format!("all.{format}"));
        export(&path, format, &out);
        assert!(std::fs::metadata(&out).unwrap().len() > 1000, "{format}");
    }
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".passeur-save-")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn the_html_page_shows_each_segments_comment() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 0);
    let out = dir.path().join("page.html");
    export(&path, "html", &out);
    let page = std::fs::read_to_string(&out).unwrap();
    let (_, project) = Store::open(&path).unwrap();
    let noted = project.units().iter().find(|u| !u.note.is_empty()).unwrap();
    let shown = noted
        .note
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(
        page.contains(&format!("<p class=\"note\">{shown}</p>")),
        "{page}"
    );
}

#[test]
fn control_characters_of_a_source_are_shown_in_the_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("article.txt");
    std::fs::write(&source, "Moscou \u{96} et Pékin se parlent.\n").unwrap();
    let output = run(&["init", source.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = std::path::PathBuf::from(stdout(&output).trim());
    let html = dir.path().join("article.html");
    let output = export_to(&project, "html", &html);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Moscou</mark> ¤ et "), "{page}");
    assert!(!page.contains('\u{96}'));
}
