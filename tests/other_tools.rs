//! Other tools' files read right, and passeur's files read right in other tools: language pairs
//! checked, TMX direction per unit and in UTF-16, OmegaT's TMX without ids, inline codes as real
//! elements, statuses translate-toolkit and msgfmt count as translated, CSV encodings, and a
//! closed pipe.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The seed article's first gold segment (its source in the project).
fn first_source() -> String {
    gold()[0].text.clone()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn an_xliff_for_another_language_pair_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let english_to_french = write(
        dir.path(),
        "en-fr.xlf",
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\
         <file original=\"a\" datatype=\"plaintext\" source-language=\"en-US\" target-language=\"fr-FR\">\
         <body><trans-unit id=\"1\"><source>Hello.</source></trans-unit></body></file></xliff>\n",
    );
    let output = run(&["init", arg(&english_to_french)], b"");
    assert_clean_error(
        &output,
        "en-fr.xlf: the file translates en-US into fr-FR, not fr into en; give --force",
    );
    assert!(!dir.path().join("en-fr.xlf.passeur").exists());
    let output = run(&["init", "--force", arg(&english_to_french)], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Taken anyway, the file is translated into English, and says so where it names a target
    // language.
    let forced = dir.path().join("en-fr.xlf.passeur");
    let (mut store, mut forced_project) = passeur::project::store::Store::open(&forced).unwrap();
    assert_eq!(forced_project.header().target_language, "en");
    forced_project.set_translation(0, "Bonjour.", passeur::project::Status::Confirmed);
    store.save(&mut forced_project).unwrap();
    let written = dir.path().join("written.xlf");
    let output = export_to(&forced, "original", &written);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&written).unwrap();
    assert!(
        written.contains("source-language=\"en-US\" target-language=\"en\">"),
        "{written}"
    );

    let project = translated_seed_project(dir.path(), 0);
    let german = write(
        dir.path(),
        "de-en.xlf",
        "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"de\" \
         trgLang=\"en\"><file id=\"f\"><unit id=\"s1\"><segment><source>Hallo.</source>\
         <target>Hello.</target></segment></unit></file></xliff>",
    );
    let output = run(&["import", arg(&project), arg(&german)], b"");
    assert_clean_error(
        &output,
        "de-en.xlf: the file translates de into en, not fr into en",
    );

    // Tables whose text columns are named by language.
    let source = first_source();
    let table = |header: &str, row: String| format!("{header}\n{row}\n");
    let fr_en = write(
        dir.path(),
        "fr-en.csv",
        table(
            "id,en,fr",
            format!("s1,Changed by column name.,\"{source}\""),
        ),
    );
    let output = run(&["import", arg(&project), arg(&fr_en)], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("1 changed"),
        "{}",
        stdout(&output)
    );
    let de_en = write(
        dir.path(),
        "de-en.csv",
        table("id,fr,de", format!("s1,\"{source}\",Geändert.")),
    );
    let output = run(&["import", arg(&project), arg(&de_en)], b"");
    assert_clean_error(
        &output,
        "de-en.csv:1:1: the table's text columns are in fr and de, not fr and en",
    );
    let output = run(&["import", "--force", arg(&project), arg(&de_en)], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("changed: s1"),
        "{}",
        stdout(&output)
    );
}

const AGENCY_TMX: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.4">
  <header creationtool="po2tmx" creationtoolversion="3" segtype="sentence" o-tmf="PO"
          adminlang="en" srclang="en" datatype="PlainText"/>
  <body>
    <tu><tuv xml:lang="en"><seg>The summit opens today.</seg></tuv>
        <tuv xml:lang="fr"><seg>Le sommet s’ouvre aujourd’hui.</seg></tuv></tu>
    <tu><tuv xml:lang="fr-FR"><seg>Le président est arrivé à Samarcande.</seg></tuv>
        <tuv xml:lang="en-GB"><seg>The president has arrived in Samarkand.</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>
  </body>
</tmx>
"#;

#[test]
fn tmx_direction_comes_from_each_unit_and_utf16_is_read() {
    let home = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "agency.tmx",
            AGENCY_TMX.replace("UTF-16", "UTF-8").into_bytes(),
        ),
        ("agency-utf16.tmx", utf16le_with_bom(AGENCY_TMX)),
    ] {
        let tmx = write(home.path(), name, bytes);
        let output = run_with_home(&["memory", "import", arg(&tmx)], b"", home.path());
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        assert!(
            stdout(&output).contains(&format!("{name}: 2 units, 1 skipped")),
            "{name}: {}",
            stdout(&output)
        );
    }
    let output = run_with_home(
        &["memory", "lookup", "Le président est arrivé à Samarcande."],
        b"",
        home.path(),
    );
    assert!(
        stdout(&output).contains("The president has arrived in Samarkand."),
        "{}",
        stdout(&output)
    );
    let german = write(
        home.path(),
        "de.tmx",
        "<tmx version=\"1.4\"><header srclang=\"de\"/><body><tu><tuv xml:lang=\"de\"><seg>Hallo</seg>\
         </tuv><tuv xml:lang=\"en\"><seg>Hello</seg></tuv></tu></body></tmx>",
    );
    let output = run_with_home(&["memory", "import", arg(&german)], b"", home.path());
    assert_clean_error(
        &output,
        "de.tmx: none of its 1 units has both fr and en text (its languages: de, en)",
    );
}

#[test]
fn a_tmx_without_ids_imports_by_source_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = seed_project(dir.path());
    let gold = gold();
    // As OmegaT writes project_save.tmx: no tuid, no status.
    let unit = |fr: &str, en: &str| {
        format!(
            "<tu><tuv lang=\"FR-FR\"><seg>{fr}</seg></tuv><tuv lang=\"EN-GB\"><seg>{en}</seg></tuv></tu>\n"
        )
    };
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"OmegaT\" \
         o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" datatype=\"plaintext\" segtype=\"sentence\" \
         srclang=\"FR-FR\"/><body>\n{}{}{}</body></tmx>\n",
        unit(&gold[0].text, "First, from OmegaT."),
        unit(&gold[4].text, "Fifth, from OmegaT."),
        unit(
            "Une phrase que le projet n’a pas.",
            "A sentence the project lacks."
        ),
    );
    let file = write(dir.path(), "project_save.tmx", tmx);
    let output = run(&["import", arg(&project), arg(&file)], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.starts_with("2 changed, 0 unchanged"), "{report}");
    assert!(report.contains("changed: s1 s5\n"), "{report}");
    assert!(
        report.contains("not in the project (ignored): «Une phrase que le projet n’a pas.»"),
        "{report}"
    );
    let (_, project) = passeur::project::store::Store::open(&project).unwrap();
    assert_eq!(project.unit(4).target, "Fifth, from OmegaT.");
}

#[test]
fn inline_codes_are_real_elements_in_every_xml_export_and_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/client-1.2.xlf");
    let source = dir.path().join("client.xlf");
    std::fs::copy(client, &source).unwrap();
    let init = run(&["init", arg(&source)], b"");
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let project = PathBuf::from(stdout(&init).trim());
    {
        use passeur::project::{Status, store::Store};
        let (mut store, mut project) = Store::open(&project).unwrap();
        project.set_translation(
            0,
            "The <g1>SCO</g1> summit opens in Samarkand.",
            Status::Confirmed,
        );
        project.set_translation(1, "Click <x1/> to read on<x2/>.", Status::Confirmed);
        store.save(&mut project).unwrap();
    }
    let cases = [
        (
            "xliff12",
            "xliff12/xliff-core-1.2-strict.xsd",
            "<g id=\"1\">SCO</g>",
        ),
        (
            "xliff2",
            "xliff20/xliff_core_2.0.xsd",
            "<pc id=\"1\">SCO</pc>",
        ),
        (
            "tmx",
            "tmx/tmx14.dtd",
            "<bpt i=\"1\">&lt;g1&gt;</bpt>SCO<ept i=\"1\">&lt;/g1&gt;</ept>",
        ),
    ];
    for (format, schema, expected) in cases {
        let out = dir.path().join(format!("out.{format}"));
        let output = export_to(&project, format, &out);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(expected), "{format}: {text}");
        assert!(
            !text.contains("&lt;x1/&gt;") || format == "tmx",
            "{format}: {text}"
        );
        let how = if format == "tmx" {
            "--dtdvalid"
        } else {
            "--schema"
        };
        if let Err(errors) = xmllint(&out, &[how, schemas().join(schema).to_str().unwrap()]) {
            panic!("{format}: not valid: {errors}\n{text}");
        }
        let output = run(&["import", arg(&project), arg(&out)], b"");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            stdout(&output).starts_with("0 changed, 3 unchanged"),
            "{format}: the tags come back as they went: {}",
            stdout(&output)
        );
    }
}

#[test]
fn translate_toolkit_and_msgfmt_count_confirmed_segments_as_translated() {
    let home = std::env::var_os("INTEROP_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/interop-harness")
        });
    let xliff2po = home.join(".venv/bin/xliff2po");
    assert!(
        xliff2po.exists(),
        "translate-toolkit is installed by .ci/run (interop setup)"
    );
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 0);
    let xlf = dir.path().join("seed.xlf");
    let output = export_to(&project, "xliff12", &xlf);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let po = dir.path().join("seed.po");
    let converted = Command::new(&xliff2po).arg(&xlf).arg(&po).output().unwrap();
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let statistics = Command::new("msgfmt")
        .args(["--statistics", "-o", "/dev/null"])
        .arg(&po)
        .output()
        .expect("msgfmt (gettext) is installed by .ci/run");
    let said = String::from_utf8_lossy(&statistics.stderr).into_owned();
    assert!(statistics.status.success(), "{said}");
    assert_eq!(
        said.trim(),
        "27 translated messages.",
        "no fuzzy, no untranslated"
    );
}

#[test]
fn csv_carries_a_byte_order_mark_and_other_encodings_are_read_or_explained() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 0);
    let csv = dir.path().join("seed.csv");
    assert_eq!(export_to(&project, "csv", &csv).status.code(), Some(0));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFid,source,target"),
        "a BOM first"
    );
    let plain = dir.path().join("plain.csv");
    let output = run(
        &[
            "export",
            arg(&project),
            "--to",
            "csv",
            "--no-bom",
            "-o",
            arg(&plain),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(text.starts_with("id,source,target"));

    // Saved by a spreadsheet in Windows-1252, with one translation edited: read, and said.
    let edited = text.replacen("Chinese President", "China’s President", 1);
    let (windows, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&edited);
    assert!(!unmappable);
    let windows = write(dir.path(), "windows.csv", windows);
    let output = run(&["import", arg(&project), arg(&windows)], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("windows.csv: read as windows-1252"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).starts_with("1 changed, 26 unchanged"),
        "{}",
        stdout(&output)
    );

    // Opened as Windows-1252 without a BOM and saved as shown: the cause is named.
    let misread = encoding_rs::WINDOWS_1252
        .decode(text.as_bytes())
        .0
        .into_owned();
    assert!(misread.contains("prÃ©sident"));
    let garbled = write(dir.path(), "garbled.csv", misread);
    let before = std::fs::read(&project).unwrap();
    let output = run(&["import", arg(&project), arg(&garbled)], b"");
    assert_clean_error(
        &output,
        "garbled.csv:2:1: the text was garbled by a wrong encoding («",
    );
    assert!(stderr(&output).contains("a program read this UTF-8 file as Windows-1252"));
    assert_eq!(std::fs::read(&project).unwrap(), before, "nothing applied");
}

#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let article = std::fs::read_to_string(seed_article()).unwrap();
    let long = write(dir.path(), "long.txt", article.repeat(200));
    let tmx = write(
        dir.path(),
        "memory.tmx",
        AGENCY_TMX.replace("UTF-16", "UTF-8"),
    );
    let many_tmx = vec![arg(&tmx); 3000].join(" ");
    let passeur = env!("CARGO_BIN_EXE_passeur");
    for command in [
        format!("{passeur} segment {}", arg(&long)),
        format!("{passeur} memory import {many_tmx}"),
    ] {
        let script = format!(
            "export XDG_DATA_HOME={0}/data XDG_CONFIG_HOME={0}/config; {command} | head -1 >/dev/null; \
             echo \"status=${{PIPESTATUS[0]}}\"",
            dir.path().display()
        );
        let output = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stdout);
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains("status=0"),
            "{}: {said} {errors}",
            &command[..60.min(command.len())]
        );
        assert!(!errors.contains("panicked"), "{errors}");
    }
}
