//! What every reader of outside input must hold on any bytes at all: no panic, and a few
//! properties cheap enough to check on every input (a document rebuilds from its segments, a
//! written-back XLIFF reads again, matches lie on character boundaries…).
//!
//! One function per reader, taking raw bytes. The fuzz targets in `fuzz/` call these, and so
//! does `tests/fuzz_regressions.rs` on every input the fuzzer ever crashed with (kept under
//! `tests/data/fuzz/TARGET/`), so a crash found once stays fixed in a plain `cargo test`.
//! A failed property panics: that is how the fuzzer and the tests see it.

use std::path::Path;
use std::sync::OnceLock;

use crate::document::{Document, Format, Overrides};
use crate::formats::import::ImportFormat;
use crate::formats::table::{self, Kind};
use crate::glossary::{self, FileFormat, Index};
use crate::memory::{Lookup, Memory, MemoryUnit};
use crate::project::{SourceKind, Status, file};
use crate::segment::{Exceptions, Segmenter};
use crate::source::xliff::{self, Translation};

/// A check over raw bytes; it panics when a property fails.
pub type Check = fn(&[u8]);

/// The checks by fuzz target name (the names of `fuzz/fuzz_targets/*.rs`).
pub const TARGETS: &[(&str, Check)] = &[
    ("align", align),
    ("config_file", config_file),
    ("document", document),
    ("docx", docx),
    ("glossary_match", glossary_match),
    ("glossary_tabular", glossary_tabular),
    ("glossary_yaml", glossary_yaml),
    ("html", html),
    ("memory_lookup", memory_lookup),
    ("mt_answer", mt_answer),
    ("mt_provider_answers", mt_provider_answers),
    ("odt", odt),
    ("project_file", project_file),
    ("project_journal", project_journal),
    ("qa_checks", qa_checks),
    ("segmentation_exceptions", segmentation_exceptions),
    ("source_detect", source_detect),
    ("table_import", table_import),
    ("team_rows", team_rows),
    ("tbx", tbx),
    ("tmx", tmx),
    ("xliff", xliff),
];

fn shipped() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(glossary::sources::shipped_index)
}

/// XLIFF reading and writing back: writing nothing back gives the file unchanged; writing a
/// translation into every unit gives a file that reads again with the same units.
pub fn xliff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.xlf");
    let Ok(file) = xliff::read(text, path) else {
        return;
    };
    let unchanged = xliff::write_back(text, path, &file, "en", |_| None)
        .expect("writing nothing back always works");
    if file.missing_target_language_count() == 0 {
        assert_eq!(unchanged, text, "writing nothing back changed the file");
    }
    let written = xliff::write_back(text, path, &file, "en", |id| {
        let unit = file.units.iter().find(|u| u.id == id)?;
        Some(Translation {
            target: if unit.source.is_empty() {
                "x"
            } else {
                &unit.source
            },
            status: Status::Confirmed,
        })
    })
    .expect("a file that reads takes a translation in every unit");
    let again = xliff::read(&written, path).expect("a written-back file reads again");
    let units = |f: &xliff::XliffFile| {
        f.units
            .iter()
            .map(|u| (u.id.clone(), u.source.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        units(&file),
        units(&again),
        "the units changed on write-back"
    );
}

/// TMX, as a memory import and as a project import.
pub fn tmx(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.tmx");
    let _ = crate::formats::tmx::read(text, path);
    let whole = crate::memory::store::read_tmx(text, path, "fr", "en");
    // Read as a stream, in pieces of a few bytes: the same units, or the same refusal.
    let mut streamed = Vec::new();
    let counted = crate::memory::store::stream_tmx_from(
        std::io::BufReader::with_capacity(7, data),
        path,
        ("fr", "en"),
        |unit| {
            streamed.push(unit);
            Ok::<_, crate::markup::FormatError>(())
        },
    );
    match whole {
        Ok(loaded) => {
            let counted = counted.expect("a file read whole reads as a stream");
            assert_eq!(loaded.units, streamed);
            assert_eq!(loaded.skipped, counted.skipped);
        }
        Err(_) => assert!(
            counted.is_err(),
            "a file refused whole is refused as a stream"
        ),
    }
}

/// A project's journal, applied over a project: no panic, and only whole lines taken.
pub fn project_journal(data: &[u8]) {
    let base = "0".repeat(64);
    let journal = crate::project::journal::parse(data, &base);
    assert!(journal.segments.len() <= data.iter().filter(|b| **b == b'\n').count());
    if journal.whole {
        assert!(
            data.ends_with(b"\n"),
            "a journal taken whole ends with a whole line"
        );
    }
}

/// TBX glossaries.
pub fn tbx(data: &[u8]) {
    glossary_file(data, &[(FileFormat::Tbx, "fuzz.tbx")]);
}

/// YAML glossaries: the flat reader, when it accepts a text, gives what the general parser
/// gives; what loads builds an index that matches.
pub fn glossary_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (flat, full) = glossary::yaml::parse_both(text, Path::new("fuzz.yaml"));
    match (flat, &full) {
        (Some(Ok(flat)), Ok(full)) => assert_eq!(&flat, full, "the two YAML readers disagree"),
        (Some(Ok(_)), Err(error)) => {
            panic!("the flat reader accepts what the parser refuses: {error}")
        }
        (Some(Err(_)), Ok(_)) => panic!("the flat reader refuses what the parser accepts"),
        (Some(Err(_)), Err(_)) | (None, _) => {}
    }
    glossary_file(data, &[(FileFormat::Yaml, "fuzz.yaml")]);
}

/// TSV and CSV glossaries; what loads builds an index that matches.
pub fn glossary_tabular(data: &[u8]) {
    glossary_file(
        data,
        &[(FileFormat::Tsv, "fuzz.tsv"), (FileFormat::Csv, "fuzz.csv")],
    );
}

fn glossary_file(data: &[u8], formats: &[(FileFormat, &str)]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (format, name) in formats {
        if let Ok(loaded) = glossary::parse(text, *format, Path::new(name)) {
            let index = Index::build(vec![loaded.glossary]);
            check_hits(&index, text);
        }
    }
}

/// Glossary matching on any text: hits are non-empty spans on character boundaries, in order,
/// without overlap.
pub fn glossary_match(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_hits(shipped(), text);
    }
}

fn check_hits(index: &Index, text: &str) {
    let mut end = 0;
    for hit in index.find(text) {
        assert!(hit.span.start >= end && hit.span.start < hit.span.end);
        assert!(text.is_char_boundary(hit.span.start) && text.is_char_boundary(hit.span.end));
        end = hit.span.end;
    }
}

/// The QA checks on any (source, target) pair (split at the first NUL), with the shipped
/// glossary: issue spans lie on character boundaries of the target.
pub fn qa_checks(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (source, target) = text.split_once('\0').unwrap_or((text, ""));
    for draft in [false, true] {
        for issue in crate::qa::check_segment(source, target, draft, Some(shipped())) {
            if let Some(span) = issue.span {
                assert!(target.is_char_boundary(span.start) && target.is_char_boundary(span.end));
            }
        }
    }
}

/// What machine-translation providers answer: a chat answer's numbered lines, and a
/// suggestion checked against the shipped glossary's terms and repaired (the first line is
/// the French source, the rest the answer). A repair only ever replaces whole words.
pub fn mt_answer(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for count in 1..4 {
        if let Ok(lines) = crate::mt::openai::parse_answer(text, count) {
            assert_eq!(lines.len(), count);
        }
    }
    let (source, answer) = text.split_once('\n').unwrap_or((text, ""));
    let request = crate::mt::Request {
        source: source.to_owned(),
        terms: crate::mt::terms_of(source, shipped()),
        ..crate::mt::Request::default()
    };
    // The "rendering alone" of a term: the answer's first words, so that repairs happen.
    let alone = |_: &str| {
        Some(
            answer
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    let suggestion = crate::mt::check::check(&request, answer, alone);
    if suggestion.repaired.is_some() {
        assert!(
            !suggestion.missing.is_empty(),
            "a repair without a missing term"
        );
    }
}

/// CSV and TSV bilingual tables read by `passeur import`, in whatever encoding they come.
pub fn table_import(data: &[u8]) {
    let path = Path::new("fuzz.csv");
    let Ok((text, encoding)) = crate::io::encoding::decode_table(data.to_vec(), path) else {
        return;
    };
    assert_eq!(encoding.encode(&text), data, "decoding loses bytes");
    for force in [false, true] {
        let _ = table::read(&text, Kind::Csv, path, ("fr", "en"), force);
        let _ = table::read(&text, Kind::Tsv, Path::new("fuzz.tsv"), ("fr", "en"), force);
    }
}

/// Project files: a project that reads is written to a file that reads as the same project.
pub fn project_file(data: &[u8]) {
    let Ok(project) = file::from_bytes(data) else {
        return;
    };
    let again = file::from_bytes(&file::to_bytes(&project)).expect("a written project reads");
    assert_eq!(project, again);
}

/// Guessing a file's kind and encoding from its bytes, whatever its length: a file that
/// decodes encodes back to the same bytes (what lets a client's file be written back).
pub fn source_detect(data: &[u8]) {
    let path = Path::new("fuzz.bin");
    if let Ok((text, encoding)) = crate::io::encoding::decode_xml(data.to_vec(), path) {
        assert_eq!(
            encoding.encode(&text),
            data,
            "decoding as {} loses bytes",
            encoding.name()
        );
    }
    for name in ["fuzz.bin", "fuzz.docx", "fuzz.srt", "fuzz.html", "fuzz.txt"] {
        if let Some(not_read) = crate::source::sniff::not_read(Path::new(name), data) {
            assert!(!not_read.to_string().contains('\n'), "one line");
        }
    }
    let Ok(text) = crate::io::decode(data.to_vec(), path) else {
        return;
    };
    let _ = SourceKind::detect(path, &text);
    let _ = ImportFormat::detect(path, &text);
}

/// Reading a document (text and Markdown) and cutting it into segments: skeleton + segments
/// rebuild the input byte for byte, and no segment is empty.
pub fn document(data: &[u8]) {
    let Ok(text) = crate::io::decode(data.to_vec(), Path::new("fuzz.txt")) else {
        return;
    };
    let segmenter = Segmenter::french();
    for format in [Format::Text, Format::Markdown] {
        let document = Document::parse(text.clone(), format, &segmenter, &Overrides::default());
        let rebuilt = document.rebuild(|index| document.segment_text(index));
        assert_eq!(
            rebuilt, text,
            "skeleton + segments differ from the input ({format:?})"
        );
        for (index, segment) in document.segments().iter().enumerate() {
            assert!(segment.span.start < segment.span.end, "empty segment");
            let read = document.segment_source(index);
            assert!(!read.contains('\n'), "a segment as read is one line");
            assert!(!read.trim().is_empty(), "a segment as read has text");
        }
    }
}

/// Word documents: the bytes as a package, or (the fuzzer reaches further this way) as the
/// `word/document.xml` of one. See [`written_back`].
pub fn docx(data: &[u8]) {
    let bytes = match data.starts_with(b"PK") {
        true => data.to_vec(),
        false => package(&[("word/document.xml", data)]),
    };
    written_back(bytes, Path::new("fuzz.docx"));
}

/// OpenDocument texts, as [`docx`]: the bytes as a package or as its `content.xml`.
pub fn odt(data: &[u8]) {
    let bytes = match data.starts_with(b"PK") {
        true => data.to_vec(),
        false => package(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", data),
        ]),
    };
    written_back(bytes, Path::new("fuzz.odt"));
}

/// Web pages, as [`docx`].
pub fn html(data: &[u8]) {
    written_back(data.to_vec(), Path::new("fuzz.html"));
}

/// A ZIP package of `parts`.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("a new entry in memory");
        writer.write_all(data).expect("writing to memory");
    }
    writer.finish().expect("finishing in memory").into_inner()
}

/// A document read, written back with nothing translated (the same bytes), and with every
/// paragraph translated (its text in capitals, its tags kept): the result, unless refused with
/// a reason, reads again, with as many paragraphs.
fn written_back(bytes: Vec<u8>, path: &Path) {
    let Ok(source) = crate::source::read(bytes.clone(), path) else {
        return;
    };
    // Bytes that only look like the format (`PK` without a ZIP header) are read as text.
    let Some(structure) = source.structure else {
        return;
    };
    let (same, _) = structure
        .write_back(path, &[], "en")
        .expect("writing nothing back");
    assert!(same == bytes, "nothing translated, yet the file changed");
    let translations: Vec<Option<String>> = structure
        .lines
        .iter()
        .map(|&site| Some(capitals_outside_tags(&structure.sites[site].text)))
        .collect();
    // A page whose charset declaration runs into its text may be refused, with its reason.
    let Ok((written, _)) = structure.write_back(path, &translations, "en") else {
        return;
    };
    let again = crate::source::read(written, path).expect("the written document reads again");
    let again = again.structure.expect("still a document");
    assert_eq!(
        again.lines.len(),
        structure.lines.len(),
        "paragraphs lost or added"
    );
}

/// `text` in capitals, its inline tags as they are.
fn capitals_outside_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, _, len) in crate::markup::tags::tags_of(text) {
        out.push_str(&text[at..start].to_uppercase());
        out.push_str(&text[start..start + len]);
        at = start + len;
    }
    out.push_str(&text[at..].to_uppercase());
    out
}

/// Memory lookup and concordance: the lines before the last are the memory's sources (the
/// first line also the context looked up), the last line is looked up (its shipped glossary
/// terms weigh double); scores stay within 0–101, at most `max` matches, and the SQLite store
/// offers exactly what the RAM one does.
pub fn memory_lookup(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines: Vec<&str> = text.lines().collect();
    let query = lines.pop().unwrap_or_default();
    let previous = lines.first().copied().unwrap_or_default();
    let units: Vec<MemoryUnit> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| MemoryUnit {
            source: (*line).to_owned(),
            target: line.to_uppercase(),
            origin: "fuzz".into(),
            previous: previous.to_owned(),
            changed: i as i64,
            ..MemoryUnit::default()
        })
        .collect();
    let memory = Memory::new(units.clone());
    let terms: Vec<_> = shipped()
        .find(query)
        .into_iter()
        .map(|hit| hit.span)
        .collect();
    let lookup = Lookup {
        threshold: 0,
        max: 3,
        terms: &terms,
        previous,
        ..Lookup::default()
    };
    let matches = memory.lookup(query, &lookup);
    assert!(matches.len() <= 3);
    assert!(matches.iter().all(|m| m.score <= 101));
    let _ = memory.concordance(query, 5);
    let mut stored = crate::memory::sqlite::SqliteMemory::open(Path::new(":memory:"))
        .expect("an SQLite memory in RAM");
    crate::memory::TranslationMemory::add(&mut stored, &units).expect("units stored");
    let from_sqlite =
        crate::memory::TranslationMemory::lookup(&mut stored, query, &lookup).expect("a lookup");
    let offered = |found: &[crate::memory::Match]| -> Vec<(u8, String)> {
        found
            .iter()
            .map(|m| (m.score, m.unit.target.clone()))
            .collect()
    };
    assert_eq!(offered(&matches), offered(&from_sqlite));
}

/// The user's segmentation exceptions file; what loads segments text.
pub fn segmentation_exceptions(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(exceptions) = Exceptions::parse(text, Path::new("fuzz.yaml")) {
        let segmenter = Segmenter::french().with_exceptions(&exceptions);
        let _ = segmenter.split(text);
    }
}

/// Every provider's answer reader (DeepL, LibreTranslate, an OpenAI-compatible server, a
/// command engine) on any text, then the door every answer goes through: a reader that
/// accepts gives exactly one translation per segment, and what passes the door holds no
/// control character and no translation over the bound.
pub fn mt_provider_answers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    type Reader = fn(&str, usize) -> Result<Vec<String>, String>;
    let readers: [(&str, Reader); 4] = [
        ("deepl", crate::mt::deepl::read_answer),
        ("libretranslate", crate::mt::libretranslate::read_answer),
        ("openai", crate::mt::openai::read_answer),
        ("command", crate::mt::command::read_answer),
    ];
    for (name, read) in readers {
        for count in 1..4 {
            let Ok(translations) = read(text, count) else {
                continue;
            };
            assert_eq!(translations.len(), count, "{name}");
            if let Ok(clean) = crate::mt::clean_answers(name, translations) {
                assert_eq!(clean.len(), count);
                for translation in clean {
                    assert!(translation.len() <= crate::mt::MAX_TRANSLATION_BYTES);
                    assert!(crate::controls::is_clean(&translation));
                }
            }
        }
    }
}

/// Rows of a team memory as a hostile or broken server could send them: each column's bytes
/// decoded as PostgreSQL's binary format for the column's type (what reading a row does),
/// then made into units, stored and looked up. A value that does not decode is an error,
/// never a panic; a unit that is stored holds no control character.
pub fn team_rows(data: &[u8]) {
    use tokio_postgres::types::{FromSql, Type};
    let mut columns = data.split(|&b| b == 0xff);
    let mut next = || columns.next().unwrap_or_default();
    let mut units = Vec::new();
    for _ in 0..4 {
        let id = i64::from_sql(&Type::INT8, next());
        let texts: Vec<Result<String, _>> = (0..7)
            .map(|_| String::from_sql(&Type::TEXT, next()))
            .collect();
        let created = i64::from_sql(&Type::INT8, next());
        let changed = i64::from_sql(&Type::INT8, next());
        let words = i32::from_sql(&Type::INT4, next());
        let (Ok(id), Ok(created), Ok(changed), Ok(words)) = (id, created, changed, words) else {
            continue;
        };
        let Ok(texts) = texts.into_iter().collect::<Result<Vec<String>, _>>() else {
            continue;
        };
        let texts: [String; 7] = texts.try_into().expect("seven texts");
        let stored = crate::memory::postgres::stored_from(id, texts, (created, changed), words);
        let unit = &stored.unit;
        for text in [&unit.source, &unit.target, &unit.previous, &unit.next] {
            assert!(crate::controls::is_clean(text));
        }
        units.push(stored.unit);
    }
    let Some(first) = units.first().map(|u| u.source.clone()) else {
        return;
    };
    let memory = Memory::new(units);
    let matches = memory.lookup(&first, &Lookup::default());
    assert!(matches.len() <= Lookup::default().max);
    assert!(matches.iter().all(|m| m.score <= 101));
}

/// The user's configuration file, and the keys it rebinds: read or refused with a place, the
/// keymap made or refused with one, never a panic.
pub fn config_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) =
        crate::yaml_file::parse::<crate::config::Config>(text, Path::new("config.yaml"))
    else {
        return;
    };
    let _ = config.memory();
    let _ = config.mt_provider(None);
    let bindings = config.key_bindings();
    if let Err(error) = crate::tui::keymap::Keymap::with(&bindings, "config.yaml") {
        assert!(error.to_string().starts_with("config.yaml:"), "{error}");
    }
}

/// The aligner on any two texts (split at the first NUL; the first byte says whether they are
/// cut into sentences or read a sentence a line, and its bits after that drive the review's
/// keys): every sentence of both sides is in exactly one bead, in order, scores lie in 0..=1,
/// and whatever the review does keeps that true.
pub fn align(data: &[u8]) {
    use crate::align::review::{Language, Review};
    use crate::align::{self, Options, Side};
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (fr, en) = text.split_once('\0').unwrap_or((text, ""));
    let side = |text: &str| match first & 1 {
        0 => Side::cut(text.to_owned(), Format::Text, &Segmenter::french()),
        _ => Side::from_lines(text),
    };
    let (fr, en) = (side(fr), side(en));
    let beads = align::align(&fr, &en, &Options::default());
    let covers = |spans: Vec<std::ops::Range<usize>>, count: usize| {
        let mut next = 0;
        for span in spans {
            assert_eq!(span.start, next, "a sentence left out or taken twice");
            next = span.end;
        }
        assert_eq!(next, count, "sentences left out at the end");
    };
    covers(beads.iter().map(|b| b.fr.clone()).collect(), fr.len());
    covers(beads.iter().map(|b| b.en.clone()).collect(), en.len());
    assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    let units = align::units(&fr, &en, &beads, 0.0, "aligned: a ⇄ b", "", 0);
    assert_eq!(units.len(), beads.iter().filter(|b| b.is_pair()).count());
    let mut review = Review::new(fr.clone(), en.clone(), beads);
    for step in 0..8u32 {
        let bits = (u32::from(first) >> 1).rotate_left(step * 3) & 7;
        review.current = (step as usize * 7 + bits as usize) % review.beads.len().max(1);
        match bits {
            0 => drop(review.merge_with_next()),
            1 => drop(review.split()),
            2 => drop(review.move_boundary(Language::French, true)),
            3 => drop(review.move_boundary(Language::French, false)),
            4 => drop(review.move_boundary(Language::English, true)),
            5 => drop(review.move_boundary(Language::English, false)),
            _ => drop(review.confirm()),
        }
        covers(
            review.beads.iter().map(|b| b.fr.clone()).collect(),
            fr.len(),
        );
        covers(
            review.beads.iter().map(|b| b.en.clone()).collect(),
            en.len(),
        );
        assert!(
            review
                .beads
                .iter()
                .all(|b| !(b.fr.is_empty() && b.en.is_empty()))
        );
    }
}
