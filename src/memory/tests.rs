use super::*;

fn unit(source: &str, target: &str) -> MemoryUnit {
    MemoryUnit {
        source: source.into(),
        target: target.into(),
        origin: "test".into(),
        ..MemoryUnit::default()
    }
}

const SENTENCE: &str = "Le président chinois Xi Jinping a affiché mercredi son soutien à la \
                        souveraineté du Kazakhstan.";

#[test]
fn exact_and_normalized_matches() {
    let memory = Memory::new(vec![
        unit(SENTENCE, "Chinese President Xi Jinping voiced support."),
        unit("Il pleut.", "It is raining."),
    ]);
    let found = memory.lookup(SENTENCE, &Lookup::default());
    assert_eq!((found[0].score, found[0].kind), (100, MatchKind::Exact));
    let loose = SENTENCE
        .to_uppercase()
        .replace(' ', "  ")
        .replace('.', " !");
    let found = memory.lookup(&loose, &Lookup::default());
    assert_eq!((found[0].score, found[0].kind), (99, MatchKind::Normalized));
}

#[test]
fn one_changed_word_is_a_high_fuzzy_match_with_the_word_shown() {
    let memory = Memory::new(vec![unit(SENTENCE, "…")]);
    let changed = SENTENCE.replace("mercredi", "jeudi");
    let found = memory.lookup(&changed, &Lookup::default());
    assert_eq!(found.len(), 1);
    assert!(found[0].score >= 85, "{}", found[0].score);
    assert_eq!(found[0].kind, MatchKind::Fuzzy);
    let removed: Vec<&str> = found[0]
        .diff
        .iter()
        .filter(|p| p.kind == DiffKind::Removed)
        .map(|p| p.text.as_str())
        .collect();
    let added: Vec<&str> = found[0]
        .diff
        .iter()
        .filter(|p| p.kind == DiffKind::Added)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!((removed, added), (vec!["mercredi"], vec!["jeudi"]));
}

#[test]
fn numbers_and_terms_weigh_double() {
    let memory = Memory::new(vec![unit(
        "Le budget atteint 2020 millions de dollars cette année.",
        "…",
    )]);
    let number = memory.lookup(
        "Le budget atteint 2021 millions de dollars cette année.",
        &Lookup::default(),
    );
    let word = memory.lookup(
        "Le budget atteint 2020 millions de dollars cette saison.",
        &Lookup::default(),
    );
    assert!(
        number[0].score < word[0].score,
        "{} vs {}",
        number[0].score,
        word[0].score
    );
}

#[test]
fn threshold_and_limit() {
    let units = (0..20)
        .map(|i| {
            unit(
                &format!("Le sommet de l’OCS réunit {i} pays à Samarcande cette semaine."),
                "…",
            )
        })
        .collect();
    let memory = Memory::new(units);
    let found = memory.lookup(
        "Le sommet de l’OCS réunit 7 pays à Samarcande cette semaine.",
        &Lookup::default(),
    );
    assert_eq!(found.len(), 5);
    assert_eq!(found[0].score, 100);
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
    let strict = Lookup {
        threshold: 95,
        ..Lookup::default()
    };
    let found = memory.lookup("Un tout autre texte sur le sommet.", &strict);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn concordance_searches_both_sides() {
    let memory = Memory::new(vec![
        unit("Les nouvelles Routes de la soie.", "The Belt and Road."),
        unit("Il pleut.", "It is raining."),
    ]);
    let ids = |found: Concordance| {
        found
            .units
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(memory.concordance("routes de la", 10)), [0]);
    assert_eq!(ids(memory.concordance("RAINING", 10)), [1]);
    assert_eq!(memory.concordance("absent", 10), Concordance::default());
}

/// The diff as one line, the way the workspace shows it.
fn shown(diff: &[DiffPiece]) -> String {
    diff.iter()
        .map(|p| match p.kind {
            DiffKind::Same => p.text.clone(),
            DiffKind::Removed => format!("[-{}-]", p.text),
            DiffKind::Added => format!("{{+{}+}}", p.text),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_diff_keeps_the_punctuation_next_to_a_changed_word() {
    let memory = Memory::new(vec![unit(
        "Le coup d’État du 1er février 2020, en Birmanie.",
        "…",
    )]);
    let found = memory.lookup(
        "Le coup d’État du 1er février 2019, en Birmanie.",
        &Lookup::default(),
    );
    assert_eq!(
        shown(&found[0].diff),
        "Le coup d’État du 1er février [-2020,-] {+2019,+} en Birmanie."
    );
}

#[test]
fn a_punctuation_only_change_is_marked() {
    let memory = Memory::new(vec![unit("Il pleut, dit-il.", "…")]);
    let found = memory.lookup("Il pleut ; dit-il !", &Lookup::default());
    assert_eq!((found[0].score, found[0].kind), (99, MatchKind::Normalized));
    assert_eq!(
        shown(&found[0].diff),
        "Il pleut [-,-] {+;+} dit-il [-.-] {+!+}"
    );
}

#[test]
fn an_aligned_unit_is_offered_at_95_at_most_until_confirmed() {
    let aligned = MemoryUnit {
        origin: aligned_origin("/archive/a.fr.txt", "/archive/a.en.txt", false),
        ..unit(SENTENCE, "Chinese President Xi Jinping voiced support.")
    };
    assert!(aligned.is_aligned());
    let memory = Memory::new(vec![aligned.clone()]);
    let found = memory.lookup(SENTENCE, &Lookup::default());
    assert_eq!((found[0].score, found[0].kind), (95, MatchKind::Exact));
    // A pre-translation (exact matches only) does not take it.
    let exact_only = Lookup {
        threshold: 99,
        ..Lookup::default()
    };
    assert!(memory.lookup(SENTENCE, &exact_only).is_empty());
    // A fuzzy match of it is not raised to 95 either.
    let changed = SENTENCE.replace("mercredi", "jeudi");
    let fuzzy = memory.lookup(&changed, &Lookup::default());
    assert!(fuzzy[0].score < 95, "{}", fuzzy[0].score);
    // Confirmed, it is a unit like any other.
    let confirmed = MemoryUnit {
        origin: aligned_origin("/archive/a.fr.txt", "/archive/a.en.txt", true),
        ..aligned
    };
    assert!(!confirmed.is_aligned());
    let found = Memory::new(vec![confirmed]).lookup(SENTENCE, &Lookup::default());
    assert_eq!(found[0].score, 100);
    assert_eq!(
        document::shown_origin(&found[0].unit.origin),
        "aligned and confirmed: a.fr.txt ⇄ a.en.txt"
    );
}

#[test]
fn a_tmx_read_as_a_stream_gives_what_it_gives_read_whole() {
    let text = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- an export -->\n\
        <tmx version=\"1.4\"><header srclang=\"fr\" creationtool=\"x\"/><body>\n\
        <tu tuid=\"1\" changedate=\"20261201T101500Z\" creationid=\"Anne\">\
        <prop type=\"prev\">Avant.</prop><tuv xml:lang=\"fr-FR\"><seg>L’État &amp; «\u{a0}Pékin\u{a0}» <bpt i=\"1\">&lt;b&gt;</bpt>10\u{202f}000<ept i=\"1\">&lt;/b&gt;</ept></seg></tuv>\
        <tuv xml:lang=\"en\"><seg><![CDATA[The State & \"Beijing\" 10,000]]></seg></tuv></tu>\n\
        <tu><tuv xml:lang=\"de\"><seg>Hallo</seg></tuv><tuv xml:lang=\"en\"><seg>Hello</seg></tuv></tu>\n\
        <tu><tuv lang=\"FR\"><seg>Un 🙂 e\u{301}te\u{301}.</seg></tuv><tuv lang=\"en-GB\"><seg>A summer.</seg></tuv></tu>\n\
        </body></tmx>\n";
    let path = std::path::Path::new("mixed.tmx");
    let whole = store::read_tmx(text, path, "fr", "en").unwrap();
    for capacity in [1, 3, 64, 1 << 16] {
        let mut streamed = Vec::new();
        let counted = store::stream_tmx_from(
            std::io::BufReader::with_capacity(capacity, &text.as_bytes()[3..]),
            path,
            ("fr", "en"),
            |unit| {
                streamed.push(unit);
                Ok::<_, crate::markup::FormatError>(())
            },
        )
        .unwrap();
        assert_eq!(streamed, whole.units, "capacity {capacity}");
        assert_eq!((counted.units, counted.skipped), (2, 1));
    }
    assert_eq!(whole.units[0].previous, "Avant.");
    assert_eq!(whole.units[0].author, "Anne");
    // A damaged stream is refused at its line, as the whole text is.
    let damaged = text.replace("<tuv lang=\"FR\">", "<tuv lang=\"FR\"><seg>&nbsp;</seg>");
    let whole_error = store::read_tmx(&damaged, path, "fr", "en")
        .unwrap_err()
        .to_string();
    let stream_error = store::stream_tmx_from(
        std::io::BufReader::with_capacity(5, damaged.as_bytes()),
        path,
        ("fr", "en"),
        |_| Ok::<_, crate::markup::FormatError>(()),
    )
    .unwrap_err()
    .to_string();
    assert!(whole_error.starts_with("mixed.tmx:6:"), "{whole_error}");
    assert!(stream_error.starts_with("mixed.tmx:6:"), "{stream_error}");
}
