//! `passeur align` against the shared alignment gold (`../shared/eval/align/`), scored by its
//! own scorer: French–English news with an editor's merges, splits and omissions, and the
//! Text+Berg German–French yearbooks with and without a replayed machine translation. Then
//! what a translator meets: the score as a gate, files written, the memory, bad input.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn eval() -> PathBuf {
    shared().join("eval/align")
}

/// One bead of `--json`.
#[derive(Debug, Clone, PartialEq)]
struct Bead {
    fr: Vec<usize>,
    en: Vec<usize>,
    score: f64,
}

fn beads(stdout: &str) -> Vec<Bead> {
    stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let list = |key: &str| -> Vec<usize> {
                value[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as usize)
                    .collect()
            };
            Bead {
                fr: list("fr"),
                en: list("en"),
                score: value["score"].as_f64().unwrap(),
            }
        })
        .collect()
}

/// `passeur align --json` on two files, with the configuration under `home`.
fn align(fr: &Path, en: &Path, extra: &[&str], home: &Path) -> Vec<Bead> {
    let mut args = vec!["align", "--json", "--no-default-glossaries"];
    args.extend(extra);
    args.extend([fr.to_str().unwrap(), en.to_str().unwrap()]);
    let output = run_with_home(&args, b"", home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    beads(&stdout(&output))
}

/// The gold's bead format: `[0, 1]:[2]`.
fn gold_line(bead: &Bead) -> String {
    let list = |v: &[usize]| {
        let items: Vec<String> = v.iter().map(usize::to_string).collect();
        format!("[{}]", items.join(", "))
    };
    format!("{}:{}", list(&bead.fr), list(&bead.en))
}

/// Strict precision, recall and F1 over a directory of predictions, by the shared scorer.
fn score(gold_dir: &Path, gold_ext: &str, predictions: &Path) -> (f64, f64, f64) {
    let output = Command::new("python3")
        .arg(eval().join("score_align.py"))
        .args(["--gold-dir", gold_dir.to_str().unwrap()])
        .args(["--gold-ext", gold_ext, "--json"])
        .args(["--test-dir", predictions.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let all = &report["overall"];
    let figure = |k: &str| all[k].as_f64().unwrap_or_else(|| panic!("{k} in {report}"));
    (
        figure("precision_strict"),
        figure("recall_strict"),
        figure("f1_strict"),
    )
}

/// Aligns every pair of a set, writes the predictions where the scorer wants them, and
/// returns them with the gold beads (as lines) of each document.
struct Run {
    predictions: tempfile::TempDir,
    /// Per document: the predicted beads and the gold lines.
    documents: Vec<(String, Vec<Bead>, Vec<String>)>,
}

fn run_set(dir: &Path, ext: (&str, &str, &str), extra: &[&str], home: &Path) -> Run {
    let predictions = tempfile::tempdir().unwrap();
    let mut documents = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(ext.2).map(str::to_owned)
        })
        .collect();
    names.sort();
    for name in names {
        let fr = dir.join(format!("{name}{}", ext.0));
        let en = dir.join(format!("{name}{}", ext.1));
        let found = align(&fr, &en, extra, home);
        let lines: Vec<String> = found.iter().map(gold_line).collect();
        std::fs::write(
            predictions.path().join(format!("{name}{}", ext.2)),
            lines.join("\n") + "\n",
        )
        .unwrap();
        let gold = std::fs::read_to_string(dir.join(format!("{name}{}", ext.2))).unwrap();
        let gold = gold
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        documents.push((name, found, gold));
    }
    assert!(!documents.is_empty(), "no documents in {}", dir.display());
    Run {
        predictions,
        documents,
    }
}

/// Precision of the beads scored at or above `threshold`, and of all beads.
fn gate(run: &Run, threshold: f64) -> (f64, f64, usize) {
    let (mut above, mut above_right, mut all_right, mut all) = (0, 0, 0, 0);
    for (_, found, gold) in &run.documents {
        for bead in found {
            let right = gold.contains(&gold_line(bead));
            all += 1;
            all_right += usize::from(right);
            if bead.score >= threshold {
                above += 1;
                above_right += usize::from(right);
            }
        }
    }
    (
        above_right as f64 / above as f64,
        all_right as f64 / all as f64,
        above,
    )
}

#[test]
fn french_english_news_aligns_at_095_strict_f1_within_paragraphs() {
    let home = tempfile::tempdir().unwrap();
    let dir = eval().join("wmt14-fren");
    let news = run_set(
        &dir,
        (".fr.txt", ".en.txt", ".gold"),
        &["--no-mt"],
        home.path(),
    );
    let (precision, recall, f1) = score(&dir, ".gold", news.predictions.path());
    assert!(
        f1 >= 0.95,
        "strict P {precision:.3} R {recall:.3} F1 {f1:.3}"
    );

    // Every sentence once, in order; no bead across a paragraph both sides have.
    for (name, found, _) in &news.documents {
        let fr: Vec<usize> = found.iter().flat_map(|b| b.fr.clone()).collect();
        let en: Vec<usize> = found.iter().flat_map(|b| b.en.clone()).collect();
        let lines = |ext: &str| {
            let text = std::fs::read_to_string(dir.join(format!("{name}{ext}"))).unwrap();
            text.lines().count()
        };
        assert_eq!(fr, (0..lines(".fr")).collect::<Vec<_>>(), "{name}");
        assert_eq!(en, (0..lines(".en")).collect::<Vec<_>>(), "{name}");
        let paragraphs = |ext: &str| -> Vec<usize> {
            let output = run(
                &[
                    "segment",
                    "--json",
                    dir.join(format!("{name}{ext}")).to_str().unwrap(),
                ],
                b"",
            );
            stdout(&output)
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["paragraph"].as_u64().unwrap() as usize
                })
                .collect()
        };
        let (fr_paragraphs, en_paragraphs) = (paragraphs(".fr.txt"), paragraphs(".en.txt"));
        if fr_paragraphs.last() != en_paragraphs.last() {
            continue;
        }
        for bead in found {
            let fr_in: Vec<usize> = bead.fr.iter().map(|&i| fr_paragraphs[i]).collect();
            let en_in: Vec<usize> = bead.en.iter().map(|&j| en_paragraphs[j]).collect();
            let mut all = fr_in.clone();
            all.extend(&en_in);
            all.dedup();
            assert!(
                all.len() <= 1,
                "{name}: {bead:?} crosses paragraphs {all:?}"
            );
        }
    }
    // The score is a gate: beads at or above the default threshold are right more often.
    let (above, overall, kept) = gate(&news, 0.5);
    assert!(
        above > overall && kept > 500,
        "{above:.3} over {kept} vs {overall:.3}"
    );
}

/// A `command` MT provider replaying the machine translation shipped with Text+Berg.
fn replaying_provider(home: &Path) {
    let table = home.join("mt.tsv");
    let mut lines = String::new();
    let test = eval().join("textberg/test");
    for k in 0..7 {
        let de = std::fs::read_to_string(test.join(format!("test{k}.de"))).unwrap();
        let mt = std::fs::read_to_string(test.join(format!("test{k}.google.fr"))).unwrap();
        for (source, target) in de.lines().zip(mt.lines()) {
            lines.push_str(&format!("{}\t{target}\n", source.trim()));
        }
    }
    std::fs::write(&table, lines).unwrap();
    let script = home.join("replay.py");
    std::fs::write(
        &script,
        "import json, sys\n\
         table = {}\n\
         for line in open(sys.argv[1], encoding='utf-8'):\n\
         \x20   source, _, target = line.rstrip('\\n').partition('\\t')\n\
         \x20   table[source] = target\n\
         log = open(sys.argv[2], 'a', encoding='utf-8')\n\
         for line in sys.stdin:\n\
         \x20   source = json.loads(line)['source'].strip()\n\
         \x20   log.write(source + '\\n')\n\
         \x20   print(json.dumps({'target': table.get(source, '')}, ensure_ascii=False), flush=True)\n",
    )
    .unwrap();
    std::fs::create_dir_all(home.join("config/passeur")).unwrap();
    std::fs::write(
        home.join("config/passeur/config.yaml"),
        format!(
            "mt:\n  provider: command\n  command: [python3, '{}', '{}', '{}']\n  batch_size: 100\n",
            script.display(),
            table.display(),
            home.join("asked.txt").display()
        ),
    )
    .unwrap();
}

#[test]
fn text_berg_aligns_past_070_alone_and_085_with_a_machine_translation() {
    let dir = eval().join("textberg/test");
    let ext = (".de", ".fr", ".defr");
    let home = tempfile::tempdir().unwrap();
    replaying_provider(home.path());
    let plain = run_set(&dir, ext, &["--one-per-line", "--no-mt"], home.path());
    let (_, _, f1) = score(&dir, ".defr", plain.predictions.path());
    assert!(f1 >= 0.70, "without MT: strict F1 {f1:.3}");
    let (above, overall, _) = gate(&plain, 0.5);
    assert!(above > overall, "without MT: {above:.3} vs {overall:.3}");
    assert!(
        !home.path().join("asked.txt").exists(),
        "--no-mt asked the provider"
    );

    let translated = run_set(&dir, ext, &["--one-per-line"], home.path());
    let (_, _, f1_mt) = score(&dir, ".defr", translated.predictions.path());
    assert!(f1_mt >= 0.85, "with MT: strict F1 {f1_mt:.3}");
    let (above, overall, _) = gate(&translated, 0.5);
    assert!(above > overall, "with MT: {above:.3} vs {overall:.3}");
    // Every German sentence was asked for (the MT cache answers a sentence seen before).
    let asked = std::fs::read_to_string(home.path().join("asked.txt")).unwrap();
    let asked: std::collections::BTreeSet<&str> = asked.lines().collect();
    let mut sentences = std::collections::BTreeSet::new();
    let texts: Vec<String> = (0..7)
        .map(|k| std::fs::read_to_string(dir.join(format!("test{k}.de"))).unwrap())
        .collect();
    for text in &texts {
        sentences.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()));
    }
    assert_eq!(asked, sentences);
}

const FR: &str = "Le port de Marseille a accueilli 1,8 million de croisiéristes en 2024. Les \
escales ont duré 9 h 30 en moyenne.\n\nLes armateurs promettent des navires moins polluants \
d'ici 2030. La ville demande des branchements électriques pour 12 quais.\n";
const EN: &str = "The port of Marseille welcomed 1.8 million cruise passengers in 2024. Calls \
lasted 9:30 hours on average.\n\nShipowners promise less polluting ships by 2030. The city \
is calling for shore power connections for 12 quays.\n";

fn pair(dir: &Path) -> (PathBuf, PathBuf) {
    let (fr, en) = (dir.join("port.fr.txt"), dir.join("port.en.txt"));
    std::fs::write(&fr, FR).unwrap();
    std::fs::write(&en, EN).unwrap();
    (fr, en)
}

#[test]
fn beads_go_to_tmx_tsv_and_the_memory_as_aligned_units() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let (fr, en) = pair(dir.path());
    let found = align(&fr, &en, &["--no-mt"], &home);
    let shapes: Vec<(Vec<usize>, Vec<usize>)> =
        found.iter().map(|b| (b.fr.clone(), b.en.clone())).collect();
    assert_eq!(
        shapes,
        [
            (vec![0], vec![0]),
            (vec![1], vec![1]),
            (vec![2], vec![2]),
            (vec![3], vec![3])
        ]
    );

    let tmx = dir.path().join("port.tmx");
    let args = |extra: &[&'static str]| {
        let mut args = vec!["align", "--no-default-glossaries", "--no-mt"];
        args.extend(extra);
        args
    };
    let mut to_tmx = args(&["--to", "tmx", "-o"]);
    to_tmx.extend([
        tmx.to_str().unwrap(),
        fr.to_str().unwrap(),
        en.to_str().unwrap(),
    ]);
    let output = run_with_home(&to_tmx, b"", &home);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let schema = schemas().join("tmx/tmx14.dtd");
    xmllint(&tmx, &["--dtdvalid", schema.to_str().unwrap()]).unwrap();
    let written = std::fs::read_to_string(&tmx).unwrap();
    assert_eq!(written.matches("<tu ").count(), 4, "{written}");
    assert!(
        written.contains("aligned: port.fr.txt ⇄ port.en.txt"),
        "{written}"
    );
    assert!(
        written.contains("<seg>Calls lasted 9:30 hours on average.</seg>"),
        "{written}"
    );
    assert!(
        !written.contains(dir.path().to_str().unwrap()),
        "a local path in the TMX"
    );

    let mut to_tsv = args(&["--to", "tsv"]);
    to_tsv.extend([fr.to_str().unwrap(), en.to_str().unwrap()]);
    let output = run_with_home(&to_tsv, b"", &home);
    let tsv = stdout(&output);
    let first: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    assert_eq!(
        first[..2],
        [
            "Le port de Marseille a accueilli 1,8 million de croisiéristes en 2024.",
            "The port of Marseille welcomed 1.8 million cruise passengers in 2024."
        ]
    );
    assert!(first[2].parse::<f64>().unwrap() >= 0.5, "{tsv}");

    // Into the memory: a threshold above every score keeps them all out, unless --all.
    let mut strict = args(&["--into-memory", "--threshold", "1"]);
    strict.extend([fr.to_str().unwrap(), en.to_str().unwrap()]);
    let output = run_with_home(&strict, b"", &home);
    assert!(
        stderr(&output).contains("0 new aligned units"),
        "{}",
        stderr(&output)
    );
    let mut into = args(&["--into-memory"]);
    into.extend([fr.to_str().unwrap(), en.to_str().unwrap()]);
    let output = run_with_home(&into, b"", &home);
    assert!(
        stderr(&output).contains("4 new aligned units"),
        "{}",
        stderr(&output)
    );
    let output = run_with_home(
        &[
            "memory",
            "lookup",
            "Les escales ont duré 9 h 30 en moyenne.",
        ],
        b"",
        &home,
    );
    let line = stdout(&output);
    assert!(line.starts_with("95%\t"), "{line}");
    assert!(
        line.contains("Calls lasted 9:30 hours on average."),
        "{line}"
    );
    assert!(
        line.contains("aligned: port.fr.txt ⇄ port.en.txt"),
        "{line}"
    );
}

#[test]
fn pre_segmented_lines_are_sentences_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (fr, en) = (dir.path().join("fr.txt"), dir.path().join("en.txt"));
    // Lines that the segmenter would cut otherwise ("M. Dupont" stays whole anyway).
    std::fs::write(&fr, "Il est 10 h. Il pleut.\n\nM. Dupont part.\n").unwrap();
    std::fs::write(
        &en,
        "It is 10 o'clock. It is raining.\n\nMr Dupont leaves.\n",
    )
    .unwrap();
    let found = align(&fr, &en, &["--one-per-line", "--no-mt"], dir.path());
    let shapes: Vec<(Vec<usize>, Vec<usize>)> =
        found.iter().map(|b| (b.fr.clone(), b.en.clone())).collect();
    assert_eq!(shapes, [(vec![0], vec![0]), (vec![1], vec![1])]);
}

#[test]
fn bad_input_is_a_clear_line_or_a_best_effort_that_says_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let (fr, en) = pair(dir.path());
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").unwrap();
    let output = run(
        &["align", fr.to_str().unwrap(), empty.to_str().unwrap()],
        b"",
    );
    assert_clean_error(&output, "empty.txt: the file has no text to align");
    let binary = dir.path().join("photo.jpg");
    std::fs::write(
        &binary,
        [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F', 0],
    )
    .unwrap();
    let output = run(
        &["align", binary.to_str().unwrap(), en.to_str().unwrap()],
        b"",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("photo.jpg"), "{}", stderr(&output));
    let missing = dir.path().join("missing.txt");
    let output = run(
        &["align", missing.to_str().unwrap(), en.to_str().unwrap()],
        b"",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = run(
        &[
            "align",
            "--threshold",
            "2",
            fr.to_str().unwrap(),
            en.to_str().unwrap(),
        ],
        b"",
    );
    assert_clean_error(&output, "--threshold 2: a score is between 0 and 1");

    // One side far longer, in another number of paragraphs: every sentence is in a bead, and
    // the command says how many were left unaligned.
    let long = dir.path().join("long.en.txt");
    let mut text = String::from(EN);
    for k in 0..40 {
        text.push_str(&format!(
            "\nParagraph {k} has nothing to do with the port of anything.\n"
        ));
    }
    std::fs::write(&long, &text).unwrap();
    let output = run(
        &[
            "align",
            "--json",
            "--no-mt",
            "--no-default-glossaries",
            fr.to_str().unwrap(),
            long.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = beads(&stdout(&output));
    assert_eq!(found.iter().map(|b| b.fr.len()).sum::<usize>(), 4);
    assert_eq!(found.iter().map(|b| b.en.len()).sum::<usize>(), 44);
    assert!(
        found[..4]
            .iter()
            .all(|b| b.fr.len() == 1 && b.en.len() == 1),
        "{found:?}"
    );
    assert!(
        stderr(&output).contains("left unaligned: 0 French and 40 English sentences"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn word_and_opendocument_articles_align_paragraph_by_paragraph() {
    let news = shared().join("eval/documents/news");
    let home = tempfile::tempdir().unwrap();
    for ext in ["docx", "odt"] {
        let (fr, en) = (
            news.join(format!("article_fr.{ext}")),
            news.join(format!("article_en.{ext}")),
        );
        let found = align(&fr, &en, &["--no-mt"], home.path());
        // The news article's 36 sentences (title, headings, table cells, footnote), each with
        // its translation.
        assert_eq!(found.len(), 36, "{ext}: {found:?}");
        for (k, bead) in found.iter().enumerate() {
            assert_eq!(
                (bead.fr.as_slice(), bead.en.as_slice()),
                (&[k][..], &[k][..]),
                "{ext}"
            );
        }
    }
}
