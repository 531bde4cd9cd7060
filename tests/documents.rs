//! Word, OpenDocument and HTML documents in and out, on every file of
//! `../shared/eval/documents/` (the seed article as documents, and real filter test documents
//! from other tools' suites, read from there and never copied here):
//!
//! - translated whole (every segment, through a TSV import), the document written back with
//!   `passeur export --to original` opens in LibreOffice, whose text of it is passeur's
//!   `export --to txt`, and every ZIP entry but the parts passeur rewrites is the same bytes;
//! - with one segment translated, only that paragraph's bytes change (and the document's
//!   language declarations);
//! - the seed article's DOCX translated with its English reference keeps its formatting.
//!
//! Needs LibreOffice (`soffice`, Debian's `libreoffice-writer-nogui`) and Python 3 (the
//! shared `zipdiff.py`); `.ci/run` installs them.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Every document of the shared corpus.
fn documents() -> Vec<PathBuf> {
    let root = shared().join("eval/documents");
    let mut files = Vec::new();
    for folder in ["news", "real"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(extension, "docx" | "odt" | "html") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 19, "the corpus is not all there: {files:?}");
    files
}

/// The parts passeur may rewrite in a package.
const REWRITTEN_PARTS: &[&str] = &[
    "word/document.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "word/comments.xml",
    "word/header*",
    "word/footer*",
    "word/styles.xml",
    "docProps/core.xml",
    "content.xml",
    "styles.xml",
    "meta.xml",
];

/// Initialises a project on a copy of `document` in `dir`; returns the copy and the project.
fn project_on(document: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let copy = dir.join(document.file_name().unwrap());
    std::fs::copy(document, &copy).unwrap();
    let output = run(&["init", copy.to_str().unwrap()], b"");
    assert!(
        output.status.success(),
        "{}: {}",
        copy.display(),
        stderr(&output)
    );
    let project = PathBuf::from(format!("{}.passeur", copy.display()));
    (copy, project)
}

/// The project's segments as (id, source), from its TSV export.
fn segments(project: &Path) -> Vec<(String, String)> {
    let output = run(&["export", project.to_str().unwrap(), "--to", "tsv"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.split('\t');
            let id = fields.next().unwrap().to_owned();
            let source = fields.next().unwrap().to_owned();
            (id, source)
        })
        .collect()
}

/// An "English" that keeps every tag where it is: the text between tags in capitals.
fn capitals(source: &str) -> String {
    let mut out = String::new();
    let mut rest = source;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at].to_uppercase());
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        out.push_str(&rest[at..end]);
        rest = &rest[end..];
    }
    out.push_str(&rest.to_uppercase());
    out
}

/// Imports `targets` (id → translation) as confirmed translations.
fn import(project: &Path, dir: &Path, targets: &[(String, String, String)]) {
    let mut tsv = String::from("id\tsource\ttarget\tstatus\tcomment\n");
    for (id, source, target) in targets {
        tsv.push_str(&format!("{id}\t{source}\t{target}\tconfirmed\t\n"));
    }
    let file = dir.join("translations.tsv");
    std::fs::write(&file, tsv).unwrap();
    let output = run(
        &["import", project.to_str().unwrap(), file.to_str().unwrap()],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

/// LibreOffice's text of each document, converted in one run with a profile of its own.
fn libreoffice_text(files: &[PathBuf], dir: &Path) -> Vec<String> {
    let out = dir.join("libreoffice");
    let profile = dir.join("profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(&out)
        .args(files)
        .output()
        .expect("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    files
        .iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            std::fs::read_to_string(out.join(format!("{name}.txt")))
                .unwrap_or_else(|e| panic!("LibreOffice did not open {}: {e}", file.display()))
        })
        .collect()
}

/// A text's non-blank lines, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.replace('\u{feff}', "")
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// LibreOffice's line without the number or bullet it draws for a list item (`1.`, `b)`,
/// `II.`, `•`): the label is layout, not text.
fn without_list_label(line: &str) -> &str {
    let (label, rest) = line.split_once([' ', '\t']).unwrap_or(("", line));
    let bullet = matches!(label, "•" | "◦" | "▪" | "–" | "-" | "o" | "");
    let core = label.strip_suffix(['.', ')']).unwrap_or("");
    let number = !core.is_empty()
        && (core.chars().all(|c| c.is_ascii_digit())
            || (core.len() == 1 && core.chars().all(|c| c.is_ascii_alphabetic()))
            || core.chars().all(|c| "IVXLCivxlc".contains(c)));
    if (bullet || number) && !label.is_empty() {
        rest.trim_start()
    } else {
        line
    }
}

/// The lines of LibreOffice's text and of passeur's that the other does not have (a longest
/// common subsequence of the two, list labels aside, and LibreOffice's lines that are only a
/// label left out).
fn differing_lines(libreoffice: &str, ours: &str) -> (Vec<String>, Vec<String>) {
    let theirs: Vec<String> = lines(libreoffice)
        .into_iter()
        .filter(|l| !without_list_label(&format!("{l} ")).is_empty())
        .collect();
    let ours = lines(ours);
    let same = |a: &String, b: &String| a == b || without_list_label(a) == b;
    let (n, m) = (theirs.len(), ours.len());
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = match same(&theirs[i], &ours[j]) {
                true => common[i + 1][j + 1] + 1,
                false => common[i + 1][j].max(common[i][j + 1]),
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut only_theirs, mut only_ours) = (Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m && same(&theirs[i], &ours[j]) {
            i += 1;
            j += 1;
        } else if j == m || (i < n && common[i + 1][j] >= common[i][j + 1]) {
            only_theirs.push(format!("LibreOffice: {:?}", theirs[i]));
            i += 1;
        } else {
            only_ours.push(format!("passeur: {:?}", ours[j]));
            j += 1;
        }
    }
    (only_theirs, only_ours)
}

/// Where LibreOffice's text of a file is not passeur's for a reason that is not a fault of the
/// written document: (file, lines, why).
const KNOWN_DIFFERENCES: &[(&str, usize, &str)] = &[
    (
        "okapi_TestDocument01.odt",
        2,
        "LibreOffice recomputes fields when it loads: the time, the page number and the title \
         field (which shows the translated title, where passeur shows the field's stored text)",
    ),
    (
        "okapi_TestDocument04.odt",
        1,
        "LibreOffice's text keeps the tracked deletion; passeur reads changes as accepted",
    ),
    (
        "okapi_withEncoding.html",
        3,
        "the <pre> block is left alone (not translated), so passeur's text does not give it",
    ),
];

/// The entries of a ZIP file: (name, CRC, size, compression), in order.
fn zip_entries(path: &Path) -> Vec<(String, u32, u64, String)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let file = archive.by_index_raw(i).unwrap();
            (
                file.name().unwrap().into_owned(),
                file.crc32(),
                file.size(),
                format!("{:?}", file.compression()),
            )
        })
        .collect()
}

fn zip_part(path: &Path, name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

/// `zipdiff.py ORIGINAL WRITTEN ALLOWED…`: its exit status and what it printed.
fn zipdiff(original: &Path, written: &Path, allowed: &[&str]) -> (i32, String) {
    let output = Command::new("python3")
        .arg(shared().join("eval/documents/zipdiff.py"))
        .arg(original)
        .arg(written)
        .args(allowed)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn every_document_translated_whole_opens_in_libreoffice_with_passeur_s_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    let mut texts = Vec::new();
    for (number, document) in documents().into_iter().enumerate() {
        let work = dir.path().join(number.to_string());
        std::fs::create_dir(&work).unwrap();
        let (copy, project) = project_on(&document, &work);
        let targets: Vec<(String, String, String)> = segments(&project)
            .into_iter()
            .map(|(id, source)| {
                let target = capitals(&source);
                (id, source, target)
            })
            .collect();
        assert!(!targets.is_empty(), "{}", document.display());
        import(&project, &work, &targets);
        let extension = document.extension().unwrap().to_str().unwrap();
        let out = work.join(format!("translated-{number}.{extension}"));
        let output = export_to(&project, "original", &out);
        assert!(
            output.status.success(),
            "{}: {}",
            document.display(),
            stderr(&output)
        );
        assert!(
            !stderr(&output).contains("untranslated"),
            "{}: {}",
            document.display(),
            stderr(&output)
        );
        let text = run(&["export", project.to_str().unwrap(), "--to", "txt"], b"");
        assert!(text.status.success(), "{}", stderr(&text));
        if extension != "html" {
            let (status, said) = zipdiff(&copy, &out, REWRITTEN_PARTS);
            assert_eq!(status, 0, "{}: {said}", document.display());
            let (original, ours) = (zip_entries(&copy), zip_entries(&out));
            assert_eq!(original.len(), ours.len(), "{}", document.display());
        }
        written.push(out);
        texts.push((document, stdout(&text)));
    }
    let theirs = libreoffice_text(&written, dir.path());
    let mut problems = Vec::new();
    for ((document, ours), libreoffice) in texts.iter().zip(&theirs) {
        let name = document.file_name().unwrap().to_string_lossy().into_owned();
        let (only_theirs, only_ours) = differing_lines(libreoffice, ours);
        let allowed = KNOWN_DIFFERENCES
            .iter()
            .find(|(file, _, _)| *file == name)
            .map_or(0, |(_, lines, _)| *lines);
        if only_theirs.len().max(only_ours.len()) != allowed {
            problems.push(format!("{name}: {only_theirs:#?} {only_ours:#?}"));
        }
        // The translation is in LibreOffice's text: the capitals of every paragraph.
        assert!(
            lines(libreoffice).len() >= 2 || name.contains("Addcomments"),
            "{name}: {libreoffice}"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn one_translated_segment_changes_its_paragraph_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    for (number, document) in documents().into_iter().enumerate() {
        let work = dir.path().join(number.to_string());
        std::fs::create_dir(&work).unwrap();
        let (copy, project) = project_on(&document, &work);
        // The first segment with plain words in it, translated.
        let all = segments(&project);
        let Some((id, source)) = all
            .iter()
            .find(|(_, s)| !s.contains('<') && s.split(' ').count() >= 3)
            .cloned()
        else {
            continue;
        };
        import(
            &project,
            &work,
            &[(id, source.clone(), "THE ENGLISH".into())],
        );
        let extension = document.extension().unwrap().to_str().unwrap();
        let out = work.join(format!("one.{extension}"));
        let output = export_to(&project, "original", &out);
        assert!(output.status.success(), "{}", stderr(&output));
        let name = document.display();
        let changed: Vec<(String, String)> = if extension == "html" {
            let original = std::fs::read(&copy).unwrap();
            let written = std::fs::read(&out).unwrap();
            vec![(
                String::from_utf8_lossy(&original).into_owned(),
                String::from_utf8_lossy(&written).into_owned(),
            )]
        } else {
            let before = zip_entries(&copy);
            let after = zip_entries(&out);
            assert_eq!(
                before.iter().map(|e| &e.0).collect::<Vec<_>>(),
                after.iter().map(|e| &e.0).collect::<Vec<_>>(),
                "{name}"
            );
            before
                .iter()
                .zip(&after)
                .filter(|(a, b)| a != b)
                .map(|(a, _)| {
                    assert!(
                        REWRITTEN_PARTS.iter().any(|p| a.0 == *p
                            || p.strip_suffix('*').is_some_and(|p| a.0.starts_with(p))),
                        "{name}: {} changed",
                        a.0
                    );
                    (
                        zip_part(&copy, &a.0).unwrap(),
                        zip_part(&out, &a.0).unwrap(),
                    )
                })
                .collect()
        };
        let mut paragraph_changes = 0;
        for (before, after) in changed {
            let (before, after) = (without_language(&before), without_language(&after));
            if before == after {
                continue; // only the language declarations changed
            }
            paragraph_changes += 1;
            let prefix = common_prefix(&before, &after);
            let suffix = common_prefix(
                &before[prefix..].chars().rev().collect::<String>(),
                &after[prefix..].chars().rev().collect::<String>(),
            );
            let old = &before[prefix..before.len() - suffix];
            let new = &after[prefix..after.len() - suffix];
            assert!(
                new.contains("THE ENGLISH") || "THE ENGLISH".contains(new),
                "{name}: {new}"
            );
            for end in [
                "</w:p>",
                "</text:p>",
                "</text:h>",
                "</p>",
                "</li>",
                "</h1>",
                "</td>",
            ] {
                assert!(
                    !old.contains(end),
                    "{name}: the change reaches past a paragraph: {old}"
                );
            }
        }
        assert_eq!(paragraph_changes, 1, "{name}");
    }
}

/// The document with the values of its language declarations blanked, to compare the rest.
fn without_language(text: &str) -> String {
    let mut text = text.to_owned();
    for declaration in [
        "fo:language=\"",
        "fo:country=\"",
        "<w:lang w:val=\"",
        "<html lang=\"",
    ] {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(declaration) {
            let value = at + declaration.len();
            let end = rest[value..].find('"').map_or(rest.len(), |e| value + e);
            out.push_str(&rest[..value]);
            rest = &rest[end..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// The length in bytes of the longest common prefix, at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

#[test]
fn the_seed_docx_translated_with_its_reference_keeps_its_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let news = shared().join("eval/documents/news");
    let (_, french) = project_on(&news.join("article_fr.docx"), dir.path());
    let english_dir = dir.path().join("en");
    std::fs::create_dir(&english_dir).unwrap();
    let (_, english) = project_on(&news.join("article_en.docx"), &english_dir);
    // The English document has the French one's structure: its segments, tags and all, are
    // the translations.
    let french = (french.clone(), segments(&french));
    let english = segments(&english);
    assert_eq!(french.1.len(), english.len());
    let targets: Vec<(String, String, String)> = french
        .1
        .iter()
        .zip(&english)
        .map(|((id, source), (_, target))| (id.clone(), source.clone(), target.clone()))
        .collect();
    import(&french.0, dir.path(), &targets);
    let out = dir.path().join("article_en_by_passeur.docx");
    let output = export_to(&french.0, "original", &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let body = zip_part(&out, "word/document.xml").unwrap();
    let run_with = |text: &str| {
        let at = body
            .find(text)
            .unwrap_or_else(|| panic!("{text:?} not in the document"));
        let run_start = body[..at]
            .rfind("<w:r>")
            .or(body[..at].rfind("<w:r "))
            .unwrap();
        body[run_start..at].to_owned()
    };
    // The bold dateline, the italic quotations, the link, the footnote, the table.
    assert!(
        run_with("(Nur-Sultan)").contains("<w:b/>"),
        "{}",
        run_with("(Nur-Sultan)")
    );
    assert!(
        run_with("“safeguard").contains("<w:i/>"),
        "{}",
        run_with("“safeguard")
    );
    let link = body.find("<w:hyperlink").unwrap();
    let link_end = body[link..].find("</w:hyperlink>").unwrap() + link;
    assert!(body[link..link_end].contains("Shanghai Cooperation Organisation"));
    assert!(body.contains("<w:footnoteReference"));
    let table = body.find("<w:tbl>").unwrap();
    assert!(
        body[table..].contains("Wednesday"),
        "the table's cells are translated"
    );
    let notes = zip_part(&out, "word/footnotes.xml").unwrap();
    assert!(notes.contains("Astana"), "{notes}");
    assert!(!notes.contains("La capitale"), "{notes}");
    // The translated runs are marked as English, and so is the document.
    assert!(
        !body.contains("w:val=\"fr-FR\""),
        "French left in the body's runs"
    );
    let styles = zip_part(&out, "word/styles.xml").unwrap();
    assert!(styles.contains("w:val=\"en-GB\""));
}

/// Makes a ZIP file with Python's `zipfile` (C zlib: a 300 MiB bomb in a second).
fn python_zip(path: &Path, script: &str) {
    let status = Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n{script}\nz.close()"
        ))
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_hostile_or_damaged_document_gets_one_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read(shared().join("eval/documents/news/article_fr.docx")).unwrap();
    let content_types = "z.writestr('[Content_Types].xml', '<Types/>')";
    type Make<'a> = Box<dyn Fn(&Path) + 'a>;
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "bomb.docx",
            Box::new(|path| {
                python_zip(
                    path,
                    &format!(
                        "{content_types}\nz.writestr('word/document.xml', b'<' + b' ' * (300 << 20))"
                    ),
                )
            }),
            "bomb.docx:word/document.xml: inflates past 256 MiB",
        ),
        (
            "entries.docx",
            Box::new(|path| {
                python_zip(
                    path,
                    "for i in range(10001): z.writestr('word/media/%d.txt' % i, '')\n\
                     z.writestr('word/document.xml', '<w:document/>')",
                )
            }),
            "entries.docx: 10002 entries in the ZIP container",
        ),
        (
            "entities.docx",
            Box::new(|path| {
                python_zip(
                    path,
                    "z.writestr('word/document.xml', '<?xml version=\"1.0\"?>\\n<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\\n<w:document>&a;</w:document>')",
                )
            }),
            "entities.docx:word/document.xml:2:1: the DOCTYPE declares XML entities",
        ),
        (
            "truncated.docx",
            Box::new(|path| std::fs::write(path, &seed[..seed.len() / 2]).unwrap()),
            "truncated.docx: not a readable Word document",
        ),
        (
            "malformed.odt",
            Box::new(|path| {
                python_zip(
                    path,
                    "z.writestr('mimetype', 'application/vnd.oasis.opendocument.text')\n\
                     z.writestr('content.xml', '<office:document-content>\\n<text:p>Il pleut.</text:h>')",
                )
            }),
            "malformed.odt:content.xml:2:",
        ),
        (
            "encrypted.docx",
            Box::new(|path| {
                python_zip(path, "z.writestr('word/document.xml', '<w:document/>')");
                // The "encrypted" flag set in the local and central headers, as a password
                // protected ZIP has it.
                let mut bytes = std::fs::read(path).unwrap();
                for (signature, flags) in [(&b"PK\x03\x04"[..], 6), (&b"PK\x01\x02"[..], 8)] {
                    let at = bytes.windows(4).position(|w| w == signature).unwrap();
                    bytes[at + flags] |= 1;
                }
                std::fs::write(path, bytes).unwrap();
            }),
            "encrypted.docx:word/document.xml: is encrypted",
        ),
    ];
    for (name, make, said) in cases {
        let path = dir.path().join(name);
        make(&path);
        let output = run(&["init", path.to_str().unwrap()], b"");
        assert_clean_error(&output, said);
        let project = PathBuf::from(format!("{}.passeur", path.display()));
        assert!(!project.exists(), "{name}: a project was written");
    }
}

/// How many tags the translator sees in the real Word documents (the figures are in
/// BENCHMARKS.md). The pump manual has 48 formatting spans as Word wrote them and 8 once
/// `w:lang` and font-hint differences are ignored (measured by the research): passeur,
/// which also ignores the other noise and the size of spaces, shows no more.
#[test]
fn tag_economy_on_real_word_documents() {
    let real = shared().join("eval/documents/real");
    let mut report = Vec::new();
    for entry in std::fs::read_dir(&real).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("docx") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let source = passeur::source::read(bytes, &path).unwrap();
        let structure = source.structure.unwrap();
        let (mut pairs, mut points, mut paragraphs) = (0, 0, 0);
        for &line in &structure.lines {
            let text = &structure.sites[line].text;
            paragraphs += 1;
            pairs += text.matches("</g").count();
            points += text.matches("<x").count();
        }
        report.push(format!(
            "{}\t{paragraphs}\t{pairs}\t{points}",
            path.file_name().unwrap().to_string_lossy()
        ));
    }
    report.sort();
    eprintln!("file\tparagraphs\tpairs\tstandalone\n{}", report.join("\n"));
    let hangs = report
        .iter()
        .find(|r| r.starts_with("okapi_Hangs"))
        .unwrap();
    let pairs: usize = hangs.split('\t').nth(2).unwrap().parse().unwrap();
    assert!(pairs <= 8, "{hangs}");
}

/// A Word project's codes reach the bilingual files as real inline elements, and the
/// side-by-side page shows the formatting; each file passes the independent checker.
#[test]
fn a_document_s_codes_reach_the_bilingual_exports() {
    let dir = tempfile::tempdir().unwrap();
    let news = shared().join("eval/documents/news");
    let (_, project) = project_on(&news.join("article_fr.docx"), dir.path());
    let all = segments(&project);
    let (id, source) = all
        .iter()
        .find(|(_, s)| s.starts_with("<g1>(Nur-Sultan)</g1>"))
        .cloned()
        .unwrap();
    import(
        &project,
        dir.path(),
        &[(
            id,
            source,
            "<g1>(Nur-Sultan)</g1> Xi Jinping showed his support.".into(),
        )],
    );
    let checker = shared().join("eval/interop/check");
    for (format, extension, wanted) in [
        ("xliff12", "xlf", "<g id=\"1\">(Nur-Sultan)</g> Xi Jinping"),
        ("xliff2", "xlf", "<pc id=\"1\">(Nur-Sultan)</pc> Xi Jinping"),
        (
            "tmx",
            "tmx",
            "<bpt i=\"1\">&lt;g1&gt;</bpt>(Nur-Sultan)<ept i=\"1\">",
        ),
        (
            "html",
            "html",
            // The glossary's term marks cut the bold text in pieces, each in its own <b>.
            "<span class=\"tag\">&lt;g1&gt;</span><b>(</b>",
        ),
    ] {
        let file = dir.path().join(format!("article.{format}.{extension}"));
        let output = export_to(&project, format, &file);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(wanted), "{format}: {wanted} not in\n{text}");
        let output = Command::new("bash")
            .arg(&checker)
            .arg(&file)
            .arg("-q")
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && report.lines().last().unwrap_or("").starts_with("OK"),
            "{format}: {report}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// `passeur segment` and `passeur terms` read a document as `init` does: its paragraphs, never
/// its markup or its ZIP bytes.
#[test]
fn segment_and_terms_read_a_document_s_paragraphs() {
    let news = shared().join("eval/documents/news");
    for name in ["article_fr.docx", "article_fr.odt", "article_fr.html"] {
        let path = news.join(name);
        let output = run(&["segment", path.to_str().unwrap()], b"");
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let segments = stdout(&output);
        assert!(
            segments.contains("<g1>(Nur-Sultan)</g1> Le président chinois Xi Jinping"),
            "{name}: {segments}"
        );
        assert!(
            !segments.contains("<w:") && !segments.contains("<!DOCTYPE"),
            "{name}"
        );
        let output = run(&["terms", path.to_str().unwrap()], b"");
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert!(stdout(&output).contains("→ Chinese President"), "{name}");
    }
}
