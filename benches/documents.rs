//! Documents at scale: a 100,000-word Word document (the seed article's paragraphs repeated,
//! with a bold dateline, italic quotations, a link and a footnote reference in each, and the
//! run noise Word writes: `rsid`s, `w:lang`, spelling marks) opened (read into paragraphs and
//! cut into segments) and written back with every paragraph translated.
//! Run with `cargo bench --bench documents`.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::io::Write;
use std::path::Path;

use passeur::document::{Document, Format, Overrides};
use passeur::segment::Segmenter;
use passeur::source::{self, Structured};

fn main() {
    divan::main();
}

const WORDS: usize = 100_000;

/// The seed article's sentences.
fn sentences() -> Vec<String> {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/segments.gold.json"),
        )
        .unwrap(),
    )
    .unwrap();
    gold["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_owned())
        .collect()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A run as Word writes it, noise and all.
fn run(text: &str, properties: &str, rsid: usize) -> String {
    format!(
        "<w:r w:rsidR=\"00{rsid:06X}\"><w:rPr>{properties}<w:lang w:val=\"fr-FR\"/></w:rPr>\
         <w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escaped(text)
    )
}

/// A Word document of about `WORDS` words.
fn big_docx() -> Vec<u8> {
    let sentences = sentences();
    let mut body = String::new();
    let mut words = 0;
    let mut paragraph = 0;
    while words < WORDS {
        let first = &sentences[paragraph % sentences.len()];
        let second = &sentences[(paragraph + 7) % sentences.len()];
        let (head, tail) = first.split_at(first.find(' ').unwrap_or(0));
        body.push_str("<w:p w:rsidR=\"00A1B2C3\"><w:pPr><w:jc w:val=\"both\"/></w:pPr>");
        body.push_str(&run("(Paris)", "<w:b/><w:bCs/>", paragraph));
        body.push_str(&run(&format!(" {head}"), "", paragraph));
        body.push_str("<w:proofErr w:type=\"spellStart\"/>");
        body.push_str(&run(tail, "<w:noProof/>", paragraph + 1));
        body.push_str("<w:proofErr w:type=\"spellEnd\"/>");
        body.push_str(&run(" « ", "", paragraph));
        body.push_str(&run(second, "<w:i/><w:iCs/>", paragraph));
        body.push_str(&run(" », selon ", "", paragraph));
        body.push_str("<w:hyperlink r:id=\"rId9\">");
        body.push_str(&run("l’OCS", "<w:rStyle w:val=\"Hyperlink\"/>", paragraph));
        body.push_str("</w:hyperlink>");
        body.push_str(
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>\
             <w:footnoteReference w:id=\"1\"/></w:r>",
        );
        body.push_str(&run(".", "", paragraph));
        body.push_str("</w:p>");
        words += 4 + first.split_whitespace().count() + second.split_whitespace().count();
        paragraph += 1;
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", "<Types/>".to_owned()),
        ("word/document.xml", document),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(data.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Opening: the file read into paragraphs, and those cut into segments.
fn open(bytes: &[u8]) -> (Structured, Document) {
    let source = source::read(bytes.to_vec(), Path::new("big.docx")).unwrap();
    let document = Document::parse(
        source.text,
        Format::Text,
        &Segmenter::french(),
        &Overrides::default(),
    );
    (source.structure.unwrap(), document)
}

#[divan::bench(sample_count = 10)]
fn open_100k_words(bencher: divan::Bencher) {
    let bytes = big_docx();
    bencher.bench(|| {
        let (structure, document) = open(divan::black_box(&bytes));
        assert!(
            structure.lines.len() > 1500 && document.segments().len() > 3000,
            "{} {}",
            structure.lines.len(),
            document.segments().len()
        );
    });
}

#[divan::bench(sample_count = 10)]
fn export_100k_words(bencher: divan::Bencher) {
    let bytes = big_docx();
    let (structure, _) = open(&bytes);
    let translations: Vec<Option<String>> = structure
        .lines
        .iter()
        .map(|&site| {
            Some(
                structure.sites[site]
                    .text
                    .to_uppercase()
                    .replace("<G", "<g")
                    .replace("</G", "</g")
                    .replace("<X", "<x"),
            )
        })
        .collect();
    bencher.bench(|| {
        let (written, warnings) = structure
            .write_back(Path::new("big.docx"), divan::black_box(&translations), "en")
            .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(written != bytes);
    });
}
