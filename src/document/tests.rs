//! Tests of paragraphs, segments and the skeleton, including a property test of the rebuild.

use super::*;
use crate::io::{decode, read_file};
use proptest::prelude::*;

fn parse(text: &str, format: Format) -> Document {
    Document::parse(
        text.to_owned(),
        format,
        &Segmenter::french(),
        &Overrides::default(),
    )
}

fn segment_texts(document: &Document) -> Vec<&str> {
    (0..document.segments().len())
        .map(|i| document.segment_text(i))
        .collect()
}

#[test]
fn every_line_is_a_paragraph_and_the_skeleton_keeps_the_rest() {
    let text =
        "\u{feff}Titre du jour\r\n\r\n(Paris) Il pleut. Il vente.\u{a0}\u{a0}\r\nFin\tdu texte.\n";
    let document = parse(text, Format::Text);
    assert_eq!(
        segment_texts(&document),
        [
            "Titre du jour",
            "(Paris) Il pleut.",
            "Il vente.",
            "Fin\tdu texte."
        ]
    );
    let paragraphs: Vec<usize> = document.segments().iter().map(|s| s.paragraph).collect();
    assert_eq!(paragraphs, [0, 1, 1, 2]);
    assert_eq!(
        document
            .paragraphs()
            .iter()
            .map(|p| p.line)
            .collect::<Vec<_>>(),
        [1, 3, 4]
    );
    assert_eq!(
        document.skeleton(),
        ["\u{feff}", "\r\n\r\n", " ", "\u{a0}\u{a0}\r\n", "\n"]
    );
    assert_eq!(document.rebuild(|i| document.segment_text(i)), text);
    let english = [
        "Today's headline",
        "(Paris) It rains.",
        "It is windy.",
        "End of text.",
    ];
    assert_eq!(
        document.rebuild(|i| english[i]),
        "\u{feff}Today's headline\r\n\r\n(Paris) It rains. It is windy.\u{a0}\u{a0}\r\nEnd of text.\n"
    );
}

#[test]
fn a_hard_wrapped_markdown_paragraph_is_cut_into_sentences_not_lines() {
    let text = "---\ntitle: \"Les caravanes de Samarcande\"\nauthor: Claire\ndate: 2026-12-03\n\
                description: Un reportage.\n---\n\n# Un titre\n\nLe train doit relier le \
                Kirghizstan à\nla vallée de Ferghana. Les travaux ont\n  commencé l’an dernier.\n\n\
                - Un point qui\n  continue.\n> Une citation\n> sur deux lignes.\n";
    let document = parse(text, Format::Markdown);
    let read: Vec<String> = (0..document.segments().len())
        .map(|i| document.segment_source(i).into_owned())
        .collect();
    assert_eq!(
        read,
        [
            "Les caravanes de Samarcande",
            "Un reportage.",
            "Un titre",
            "Le train doit relier le Kirghizstan à la vallée de Ferghana.",
            "Les travaux ont commencé l’an dernier.",
            "Un point qui continue.",
            "Une citation",
            "sur deux lignes.",
        ]
    );
    // The front matter's other keys and the line breaks between paragraphs stay as they are.
    let english = [
        "The caravans of Samarkand",
        "A report.",
        "A headline",
        "The railway is to link Kyrgyzstan with the Fergana Valley.",
        "Work began last year.",
        "A point that goes on.",
        "A quotation",
        "over two lines.",
    ];
    assert_eq!(
        document.rebuild(|i| english[i]),
        "---\ntitle: \"The caravans of Samarkand\"\nauthor: Claire\ndate: 2026-12-03\n\
         description: A report.\n---\n\n# A headline\n\nThe railway is to link Kyrgyzstan \
         with the Fergana Valley. Work began last year.\n\n- A point that goes on.\n> A \
         quotation\n> over two lines.\n"
    );
}

#[test]
fn markdown_markers_stay_in_the_skeleton() {
    let text = "# Le titre #\n\n> Une citation. Deux.\n\n- Un point\n12. Le douzième\n\n**Chapô en gras**\n\n```\ncode. Non traduit.\n```\n---\nFin *vraiment* ici.";
    let document = parse(text, Format::Markdown);
    assert_eq!(
        segment_texts(&document),
        [
            "Le titre",
            "Une citation.",
            "Deux.",
            "Un point",
            "Le douzième",
            "Chapô en gras",
            "Fin *vraiment* ici."
        ]
    );
    let english = [
        "The title",
        "A quote.",
        "Two.",
        "A point",
        "The twelfth",
        "Lede in bold",
        "End *really* here.",
    ];
    assert_eq!(
        document.rebuild(|i| english[i]),
        "# The title #\n\n> A quote. Two.\n\n- A point\n12. The twelfth\n\n**Lede in bold**\n\n```\ncode. Non traduit.\n```\n---\nEnd *really* here."
    );
    // The same text read as plain text keeps every marker inside the segments.
    assert_eq!(parse(text, Format::Text).segment_text(0), "# Le titre #");
}

#[test]
fn overrides_join_and_break_segments() {
    let text = "Il pleut. Il vente. Il neige sur la ville.";
    let plain = parse(text, Format::Text);
    assert_eq!(plain.segments().len(), 3);
    let mut overrides = Overrides::default();
    overrides.joins.insert(plain.segments()[0].span.end);
    overrides.breaks.insert(text.find("sur").unwrap());
    let document = Document::parse(text.into(), Format::Text, &Segmenter::french(), &overrides);
    assert_eq!(
        segment_texts(&document),
        ["Il pleut. Il vente.", "Il neige", "sur la ville."]
    );
}

#[test]
fn the_seed_article_gives_the_gold_segments() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed");
    let text = read_file(&shared.join("000_a5713debe8934e33.txt")).unwrap();
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("segments.gold.json")).unwrap())
            .unwrap();
    let gold: Vec<(u64, &str)> = gold["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["paragraph"].as_u64().unwrap(),
                s["text"].as_str().unwrap(),
            )
        })
        .collect();
    let document = parse(&text, Format::Text);
    let got: Vec<(u64, &str)> = document
        .segments()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.paragraph as u64, document.segment_text(i)))
        .collect();
    assert_eq!(got.len(), 27);
    assert_eq!(got, gold);
}

/// Text built from the characters that matter to the segmenter and the skeleton.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Il", "pleut", " ", "\u{a0}", "\u{202f}", "\t", "\n", "\r\n", ".", "?", "!", "…", "...",
        "«", "»", "\"", "M.", "J.-C.", "1.", "(", ")", "#", "> ", "- ", "**", "```", "é",
        "e\u{301}", "🇫🇷", "北京", "\u{feff}", "À", "etc.", "—",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn skeleton_and_segments_rebuild_the_source(
        text in prop_oneof![tricky_text(), any::<String>()],
        markdown in any::<bool>(),
    ) {
        let format = if markdown { Format::Markdown } else { Format::Text };
        let document = parse(&text, format);
        prop_assert_eq!(document.rebuild(|i| document.segment_text(i)), text.clone());
        let mut last_end = 0;
        for (i, segment) in document.segments().iter().enumerate() {
            let piece = document.segment_text(i);
            prop_assert!(segment.span.start >= last_end);
            prop_assert!(!piece.is_empty());
            prop_assert_eq!(piece.trim(), piece);
            // A Markdown paragraph runs over its lines; as the translator reads it, it is one.
            prop_assert!(markdown || !piece.contains('\n'));
            prop_assert!(!document.segment_source(i).contains('\n'));
            let paragraph = &document.paragraphs()[segment.paragraph].span;
            prop_assert!(paragraph.start <= segment.span.start && segment.span.end <= paragraph.end);
            last_end = segment.span.end;
        }
        // Replacing every segment keeps the line structure (but for the line breaks inside a
        // wrapped Markdown paragraph, which its translation replaces).
        let rebuilt = document.rebuild(|_| "X");
        let breaks = |text: &str| text.matches('\n').count();
        let inside: usize = (0..document.segments().len())
            .map(|i| breaks(document.segment_text(i)))
            .sum();
        prop_assert_eq!(breaks(&rebuilt), breaks(&text) - inside);
    }
}

#[test]
fn decode_reports_invalid_utf8_and_nul_bytes_with_positions() {
    let path = std::path::Path::new("article.txt");
    let error = decode(b"Bonjour\nd\xe9j\xe0".to_vec(), path).unwrap_err();
    assert_eq!(
        error.to_string(),
        "article.txt:2:2: not valid UTF-8 (byte offset 9); save the file as UTF-8 and try again"
    );
    let error = decode(b"ab\ncd\0".to_vec(), path).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("article.txt:2:3: contains a NUL byte (byte offset 5)")
    );
    assert_eq!(decode("Éé".into(), path).unwrap(), "Éé");
}

#[test]
fn closing_and_standalone_tags_stay_with_the_sentence_they_end() {
    let text =
        "<g1>« Il pleut. »</g1> Il neige à Nur-Sultan.<x2/> Puis <g3>le soleil</g3> revient.\n";
    let document = parse(text, Format::Text);
    let segments: Vec<&str> = (0..document.segments().len())
        .map(|i| document.segment_text(i))
        .collect();
    assert_eq!(
        segments,
        vec![
            "<g1>« Il pleut. »</g1>",
            "Il neige à Nur-Sultan.<x2/>",
            "Puis <g3>le soleil</g3> revient."
        ]
    );
}
