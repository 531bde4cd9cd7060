//! `passeur segment` end to end: output formats, the seed article, and bad input.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use common::*;

#[test]
fn plain_output_is_one_segment_a_line() {
    let output = run(
        &["segment"],
        "M. Dupont arrive. Il pleut !\n\nTitre\n".as_bytes(),
    );
    assert!(output.status.success());
    assert_eq!(stdout(&output), "M. Dupont arrive.\nIl pleut !\nTitre\n");
}

#[test]
fn lines_mode_closes_every_input_line_with_an_empty_line() {
    let output = run(
        &["segment", "--lines", "-"],
        "Je suis Chris. Comment allez-vous ?\n\nUne seule.\r\n".as_bytes(),
    );
    assert!(output.status.success());
    assert_eq!(
        stdout(&output),
        "Je suis Chris.\nComment allez-vous ?\n\n\nUne seule.\n\n"
    );
}

#[test]
fn json_gives_paragraphs_and_byte_offsets_of_the_seed_article() {
    let article = seed_article();
    let output = run(&["segment", "--json", article.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let source = std::fs::read_to_string(&article).unwrap();
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("seed/segments.gold.json")).unwrap(),
    )
    .unwrap();
    let gold = gold["segments"].as_array().unwrap();
    let rows: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), gold.len());
    for (row, gold) in rows.iter().zip(gold) {
        let (start, end) = (
            row["start"].as_u64().unwrap() as usize,
            row["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&source[start..end], row["text"].as_str().unwrap());
        assert_eq!(row["text"], gold["text"]);
        assert_eq!(row["paragraph"], gold["paragraph"]);
    }
}

#[test]
fn json_offsets_count_bytes_not_characters() {
    let output = run(&["segment", "--json"], "Été chaud. « Oui ! »\n".as_bytes());
    let rows: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows[0]["end"], 12); // É and é take two bytes each
    assert_eq!(rows[1]["start"], 13);
    assert_eq!(rows[1]["text"], "« Oui ! »");
}

#[test]
fn markdown_files_keep_their_markers_out_of_the_segments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.md");
    std::fs::write(&path, "## Un titre\n\n- Premier point. Second.\n").unwrap();
    let output = run(&["segment", path.to_str().unwrap()], b"");
    assert_eq!(stdout(&output), "Un titre\nPremier point.\nSecond.\n");
}

#[test]
fn exceptions_file_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ex.yaml");
    std::fs::write(&path, "abbreviations: [Vx]\n").unwrap();
    let output = run(
        &["segment", "--exceptions", path.to_str().unwrap()],
        "Un Vx. Mot ici.".as_bytes(),
    );
    assert_eq!(stdout(&output), "Un Vx. Mot ici.\n");
    std::fs::write(&path, "abbreviations: [Vx\n").unwrap();
    let output = run(&["segment", "--exceptions", path.to_str().unwrap()], b"x");
    assert_clean_error(&output, "ex.yaml:");
}

#[test]
fn a_missing_file_is_a_clean_error() {
    let output = run(&["segment", "/nonexistent/article.txt"], b"");
    assert_clean_error(&output, "/nonexistent/article.txt: cannot read the file");
}

#[test]
fn a_directory_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["segment", dir.path().to_str().unwrap()], b"");
    assert_clean_error(&output, "is a directory");
}

#[test]
fn invalid_utf8_names_line_column_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"Bonjour.\nL'\xe9t\xe9 est chaud.\n").unwrap();
    let output = run(&["segment", path.to_str().unwrap()], b"");
    assert_clean_error(&output, "latin1.txt:2:3: not valid UTF-8 (byte offset 11)");
    let output = run(&["segment", "--lines"], b"ok\n\xff");
    assert_clean_error(&output, "<stdin>:2:1: not valid UTF-8 (byte offset 3)");
}

#[test]
fn nul_bytes_are_refused_as_binary() {
    let output = run(&["segment"], b"Texte.\0Autre.");
    assert_clean_error(&output, "<stdin>:1:7: contains a NUL byte");
}

#[test]
fn an_empty_file_gives_no_segments() {
    let output = run(&["segment"], b"");
    assert!(output.status.success());
    assert_eq!(stdout(&output), "");
    let output = run(&["segment", "--lines"], b"");
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_100_mb_single_line_is_segmented() {
    let sentence = "M. Dupont a dit « non » à Pékin. ";
    let copies = 100 * 1024 * 1024 / sentence.len() + 1;
    let line = sentence.repeat(copies);
    let output = run(&["segment", "--lines"], line.as_bytes());
    assert!(output.status.success());
    let out = stdout(&output);
    assert_eq!(out.lines().filter(|l| !l.is_empty()).count(), copies);
    assert!(out.starts_with("M. Dupont a dit « non » à Pékin.\nM. Dupont"));
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    let output = run(&["segment", "--no-such-flag"], b"");
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["segment", "--help"], b"");
    assert!(output.status.success());
    assert!(stdout(&output).contains("--lines"));
}
