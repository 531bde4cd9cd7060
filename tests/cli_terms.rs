//! `passeur terms` and `passeur glossary` end to end, and the shared term-matching benchmark.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::process::Command;

use common::*;

fn json_lines(output: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn the_seed_article_with_the_shipped_glossary() {
    let article = seed_article();
    let source = std::fs::read_to_string(&article).unwrap();
    let output = run(&["terms", "--json", article.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let hits = json_lines(&output);
    let targets: Vec<&str> = hits.iter().map(|h| h["target"].as_str().unwrap()).collect();
    for name in [
        "Xi Jinping",
        "Kassym-Jomart Tokayev",
        "Vladimir Putin",
        "Uzbekistan",
        "Beijing",
        "Moscow",
        "Samarkand",
        "Myanmar",
        "Kyiv",
        "Shanghai Cooperation Organisation",
        "SCO",
        "three evils",
        "Winter Olympics",
    ] {
        assert!(targets.contains(&name), "{name} not suggested");
    }
    for hit in &hits {
        let (start, end) = (
            hit["start"].as_u64().unwrap() as usize,
            hit["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&source[start..end], hit["text"].as_str().unwrap());
    }
}

/// The targets suggested for one gold segment of the seed article.
fn suggestions_for_segment(number: usize) -> Vec<String> {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("seed/segments.gold.json")).unwrap(),
    )
    .unwrap();
    let segment = gold["segments"][number - 1]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let output = run(&["terms", "--json"], segment.as_bytes());
    json_lines(&output)
        .iter()
        .map(|h| h["target"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn segment_11_is_belt_and_road_and_segment_19_the_silk_road() {
    assert!(suggestions_for_segment(11).contains(&"Belt and Road".to_string()));
    let nineteen = suggestions_for_segment(19);
    assert!(nineteen.contains(&"Silk Road".to_string()), "{nineteen:?}");
    assert!(
        !nineteen.contains(&"Belt and Road".to_string()),
        "{nineteen:?}"
    );
}

#[test]
fn translation_check_reports_missing_and_forbidden_renderings() {
    let dir = tempfile::tempdir().unwrap();
    let translation = dir.path().join("en.txt");
    std::fs::write(
        &translation,
        "Xi travelled to Burma and met Putin's envoys.",
    )
    .unwrap();
    let output = run(
        &[
            "terms",
            "--json",
            "--translation",
            translation.to_str().unwrap(),
        ],
        "Xi Jinping s’est rendu en Birmanie et a vu les émissaires de Poutine à Pékin.".as_bytes(),
    );
    let hits = json_lines(&output);
    let found: Vec<(&str, bool)> = hits
        .iter()
        .map(|h| {
            (
                h["source"].as_str().unwrap(),
                h["target_found"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Xi Jinping", false),
            ("Birmanie", false),
            ("Poutine", true),
            ("Pékin", false)
        ]
    );
    assert_eq!(hits[1]["forbidden_used"][0], "Burma");
}

#[test]
fn a_broken_glossary_is_a_warning_and_the_others_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        b"source_lang: fr\ntarget_lang: en\nentries:\n  - source: \xff\n",
    )
    .unwrap();
    let good = dir.path().join("good.tsv");
    std::fs::write(&good, "chat\tcat\n").unwrap();
    let output = run(
        &[
            "terms",
            "--no-default-glossaries",
            "--glossary",
            broken.to_str().unwrap(),
            "--glossary",
            good.to_str().unwrap(),
        ],
        "Le chat dort.".as_bytes(),
    );
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("chat\t→ cat"),
        "{}",
        stdout(&output)
    );
    let err = stderr(&output);
    assert!(err.contains("broken.yaml:4:13: not valid UTF-8"), "{err}");
    assert!(err.contains("glossary not loaded"), "{err}");
}

#[test]
fn lint_reports_problems_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "source_lang: fr\ntarget_lang: en\nentries:\n  - source: sommet\n    target: summit\n  - source: Sommets\n    target: summits\n  - source: Pékin\n",
    )
    .unwrap();
    let output = run(&["glossary", "lint", path.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.contains("g.yaml:8: entry \"Pékin\" has no target"),
        "{out}"
    );
    assert!(
        out.contains("g.yaml:6: \"Sommets\" is matched as \"sommet\" of"),
        "{out}"
    );
    let clean = run(
        &["glossary", "lint", "glossaries/geopolitics.fr-en.yaml"],
        b"",
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    std::fs::write(&path, "source_lang: fr\ntarget_lang: en\nentries: [\n").unwrap();
    assert_clean_error(
        &run(&["glossary", "lint", path.to_str().unwrap()], b""),
        "g.yaml:",
    );
}

#[test]
fn convert_between_formats_keeps_the_entries() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("g.tsv");
    let yaml = dir.path().join("g.yaml");
    let back = dir.path().join("back.tsv");
    std::fs::write(&tsv, "Pékin\tBeijing\tcapitale\nOCS\tSCO\n").unwrap();
    for (from, to) in [(&tsv, &yaml), (&yaml, &back)] {
        let output = run(
            &[
                "glossary",
                "convert",
                from.to_str().unwrap(),
                to.to_str().unwrap(),
            ],
            b"",
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(
        std::fs::read_to_string(&yaml)
            .unwrap()
            .contains("- source: Pékin\n    target: Beijing\n    note: capitale\n")
    );
    assert_eq!(
        std::fs::read_to_string(&back).unwrap(),
        "Pékin\tBeijing\tcapitale\nOCS\tSCO\n"
    );
    let output = run(
        &["glossary", "convert", tsv.to_str().unwrap(), "out.tbx"],
        b"",
    );
    assert_clean_error(&output, "out.tbx: cannot write this format");
}

#[test]
fn converting_a_tbx_to_omegat_keeps_synonyms_and_says_what_it_drops() {
    let dir = tempfile::tempdir().unwrap();
    let tbx = dir.path().join("g.tbx");
    std::fs::write(
        &tbx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif type=\"TBX\" xml:lang=\"fr\"><text><body>\
         <termEntry id=\"c1\"><langSet xml:lang=\"fr\"><tig><term>Pékin</term></tig>\
         <tig><term>Beijing</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>Beijing</term>\
         <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></tig><tig>\
         <term>the Chinese capital</term></tig><tig><term>Peking</term><termNote \
         type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet>\
         </termEntry></body></text></martif>\n",
    )
    .unwrap();
    let txt = dir.path().join("g.txt");
    let output = run(
        &[
            "glossary",
            "convert",
            tbx.to_str().unwrap(),
            txt.to_str().unwrap(),
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&txt).unwrap(),
        "Pékin\tBeijing\nPékin\tthe Chinese capital\nBeijing\tBeijing\n",
        "every synonym is a row, as OmegaT lists them"
    );
    assert!(
        stderr(&output).contains("cannot hold the forbidden renderings of 1 entry"),
        "{}",
        stderr(&output)
    );
    // Read back, the English synonym is the entry's variant again.
    let yaml = dir.path().join("back.yaml");
    let output = run(
        &[
            "glossary",
            "convert",
            txt.to_str().unwrap(),
            yaml.to_str().unwrap(),
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let back = std::fs::read_to_string(&yaml).unwrap();
    assert!(back.contains("the Chinese capital"), "{back}");
}

#[test]
fn a_utf16_glossary_from_a_spreadsheet_is_read_and_added_to_in_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("excel.txt");
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    std::fs::write(&path, utf16("Pékin\tBeijing\r\nOCS\tSCO\r\n")).unwrap();
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "Le sommet de l’OCS à Pékin.\n").unwrap();
    let output = run(
        &[
            "terms",
            "--no-default-glossaries",
            "--glossary",
            path.to_str().unwrap(),
            text.to_str().unwrap(),
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let found = stdout(&output);
    assert!(
        found.contains("SCO") && found.contains("Beijing"),
        "{found}"
    );
    let appended = passeur::glossary::Entry::new("Astana", "Astana");
    passeur::glossary::sources::append_entry(&path, &appended).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        utf16("Pékin\tBeijing\r\nOCS\tSCO\r\nAstana\tAstana\n"),
        "kept in its encoding"
    );
}

#[test]
fn the_shared_term_benchmark_is_passed() {
    let dir = shared().join("eval/glossary");
    let output = Command::new("python3")
        .current_dir(&dir)
        .args(["score_terms.py", "--cmd"])
        .arg(format!(
            "'{}' terms --no-default-glossaries",
            env!("CARGO_BIN_EXE_passeur")
        ))
        .arg("term_cases.dev.jsonl")
        .output()
        .expect("python3 runs the scorer");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{text}");
    let last = text.lines().last().unwrap();
    let score = |name: &str| -> f64 {
        last.split_whitespace()
            .find_map(|field| field.strip_prefix(name))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(score("F1=") >= 0.98, "{last}");
    assert!(score("missing-F1=") >= 0.95, "{last}");
}

#[test]
fn no_default_glossaries_keeps_the_projects_own() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.txt");
    std::fs::write(&source, "La Maison-Blanche a parlé.\n").unwrap();
    let output = run(&["init", source.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = std::path::PathBuf::from(stdout(&output).trim());
    std::fs::write(
        dir.path().join("a.txt.glossary.yaml"),
        "version: 1\nname: project\nsource_lang: fr\ntarget_lang: en\nentries:\n  - source: \
         Maison-Blanche\n    target: the White House\n",
    )
    .unwrap();
    let (mut store, mut opened) = passeur::project::store::Store::open(&project).unwrap();
    opened.set_translation(
        0,
        "The presidency spoke.",
        passeur::project::Status::Confirmed,
    );
    store.save(&mut opened).unwrap();
    let output = run(
        &[
            "check",
            project.to_str().unwrap(),
            "--no-default-glossaries",
        ],
        b"",
    );
    assert!(
        stdout(&output)
            .contains("glossary: \"Maison-Blanche\" should be rendered \"the White House\""),
        "{}",
        stdout(&output)
    );
}
