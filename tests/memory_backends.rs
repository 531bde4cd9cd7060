//! One test suite for every translation-memory store: each test runs on SQLite and on
//! PostgreSQL (the server `.ci/run` starts), and one checks that both rank the same way.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use passeur::memory::postgres::PgMemory;
use passeur::memory::sqlite::SqliteMemory;
use passeur::memory::{Lookup, MatchKind, MemoryUnit, TranslationMemory};

/// A memory for one test, and what removes its files or database once the test is done.
type ForOneTest = (Box<dyn TranslationMemory>, Box<dyn std::any::Any>);

fn sqlite() -> ForOneTest {
    let dir = tempfile::tempdir().unwrap();
    let memory = SqliteMemory::open(&dir.path().join("memory.sqlite")).unwrap();
    (Box::new(memory), Box::new(dir))
}

fn postgres() -> ForOneTest {
    let database = common::postgres::fresh_database();
    let memory = PgMemory::init(&database).unwrap();
    (Box::new(memory), Box::new(database))
}

macro_rules! on_both {
    ($($test:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[test] fn $test() {
                let (memory, _remove) = super::sqlite();
                super::$test(memory)
            })*
        }
        mod on_postgres {
            $(#[test] fn $test() {
                let (memory, _remove) = super::postgres();
                super::$test(memory)
            })*
        }
    };
}

on_both!(
    exact_normalized_and_fuzzy_matches,
    a_context_match_comes_above_a_plain_exact_one,
    every_translation_of_a_source_is_offered_newest_first,
    adding_twice_keeps_one_unit_and_units_can_be_changed_and_removed,
    a_corrected_segment_replaces_its_earlier_translation,
    a_review_and_its_rejection_replace_each_other_with_their_authors,
    concordance_ignores_case_and_lists_newest_first,
    concordance_through_the_index_finds_what_a_scan_of_every_unit_finds,
    looking_many_sentences_up_at_once_gives_each_its_own_matches,
    a_documents_own_units_can_be_left_out,
    the_right_unit_is_found_among_thousands_sharing_common_words,
    the_memory_exports_to_tmx_and_reads_back,
);

const SENTENCE: &str = "Le président chinois Xi Jinping a affiché mercredi son soutien à la \
                        souveraineté du Kazakhstan.";

fn unit(source: &str, target: &str) -> MemoryUnit {
    MemoryUnit {
        source: source.into(),
        target: target.into(),
        origin: "test.tmx".into(),
        created: 1_700_000_000,
        changed: 1_700_000_000,
        ..MemoryUnit::default()
    }
}

/// A fixed pseudo-random sequence (xorshift from `seed`): each call a number below `n`.
fn below(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

fn in_context(source: &str, target: &str, previous: &str, next: &str, changed: i64) -> MemoryUnit {
    MemoryUnit {
        previous: previous.into(),
        next: next.into(),
        changed,
        document: "/desk/article.txt.passeur".into(),
        ..unit(source, target)
    }
}

fn targets(memory: &mut dyn TranslationMemory, source: &str, lookup: &Lookup) -> Vec<String> {
    memory
        .lookup(source, lookup)
        .unwrap()
        .into_iter()
        .map(|m| m.unit.target)
        .collect()
}

fn exact_normalized_and_fuzzy_matches(mut memory: Box<dyn TranslationMemory>) {
    memory
        .add(&[
            unit(SENTENCE, "Chinese President Xi Jinping voiced support."),
            unit("Il pleut sur Samarcande.", "It is raining on Samarkand."),
        ])
        .unwrap();
    let found = memory.lookup(SENTENCE, &Lookup::default()).unwrap();
    assert_eq!((found[0].score, found[0].kind), (100, MatchKind::Exact));
    assert_eq!(found.len(), 1, "the other unit shares no words");
    let loose = SENTENCE.to_uppercase().replace('.', " !");
    let found = memory.lookup(&loose, &Lookup::default()).unwrap();
    assert_eq!((found[0].score, found[0].kind), (99, MatchKind::Normalized));
    let changed = SENTENCE.replace("mercredi", "jeudi");
    let found = memory.lookup(&changed, &Lookup::default()).unwrap();
    assert_eq!(found[0].kind, MatchKind::Fuzzy);
    assert!(
        found[0].score >= 85 && found[0].score <= 98,
        "{}",
        found[0].score
    );
    let pieces: Vec<(String, String)> = found[0]
        .diff
        .iter()
        .filter(|p| p.kind != passeur::memory::DiffKind::Same)
        .map(|p| (format!("{:?}", p.kind), p.text.clone()))
        .collect();
    assert_eq!(
        pieces,
        [
            ("Removed".to_owned(), "mercredi".to_owned()),
            ("Added".to_owned(), "jeudi".to_owned())
        ]
    );
    assert!(
        memory
            .lookup("Une phrase sans rapport aucun.", &Lookup::default())
            .unwrap()
            .is_empty()
    );
}

fn a_context_match_comes_above_a_plain_exact_one(mut memory: Box<dyn TranslationMemory>) {
    let source = "Le sommet s’ouvre jeudi.";
    memory
        .add(&[
            in_context(
                source,
                "The summit opens on Thursday.",
                "Avant.",
                "Après.",
                10,
            ),
            in_context(source, "The summit begins on Thursday.", "Autre.", "", 20),
        ])
        .unwrap();
    let lookup = Lookup {
        previous: "Avant.",
        next: "Après.",
        ..Lookup::default()
    };
    let found = memory.lookup(source, &lookup).unwrap();
    assert_eq!(
        found
            .iter()
            .map(|m| (m.score, m.kind, m.unit.target.as_str()))
            .collect::<Vec<_>>(),
        [
            (101, MatchKind::Context, "The summit opens on Thursday."),
            (100, MatchKind::Exact, "The summit begins on Thursday."),
        ]
    );
    // Without the same neighbours, both are plain 100% matches, the newest first.
    let found = memory.lookup(source, &Lookup::default()).unwrap();
    assert_eq!(
        found.iter().map(|m| m.score).collect::<Vec<_>>(),
        [100, 100]
    );
    assert_eq!(found[0].unit.target, "The summit begins on Thursday.");
}

fn every_translation_of_a_source_is_offered_newest_first(mut memory: Box<dyn TranslationMemory>) {
    let source = "Les nouvelles Routes de la soie traversent l’Asie centrale.";
    let dated = |target: &str, origin: &str, changed: i64| MemoryUnit {
        origin: origin.into(),
        changed,
        ..unit(source, target)
    };
    memory
        .add(&[
            dated(
                "The new Silk Roads cross Central Asia.",
                "2019.tmx",
                1_550_000_000,
            ),
            dated(
                "Belt and Road crosses Central Asia.",
                "2024.tmx",
                1_710_000_000,
            ),
            dated(
                "The Belt and Road runs through Central Asia.",
                "2022.tmx",
                1_650_000_000,
            ),
        ])
        .unwrap();
    let found = memory.lookup(source, &Lookup::default()).unwrap();
    assert_eq!(
        found
            .iter()
            .map(|m| (m.unit.origin.as_str(), m.unit.changed))
            .collect::<Vec<_>>(),
        [
            ("2024.tmx", 1_710_000_000),
            ("2022.tmx", 1_650_000_000),
            ("2019.tmx", 1_550_000_000)
        ]
    );
}

fn adding_twice_keeps_one_unit_and_units_can_be_changed_and_removed(
    mut memory: Box<dyn TranslationMemory>,
) {
    let first = unit(SENTENCE, "First version.");
    assert_eq!(memory.add(&[first.clone(), first.clone()]).unwrap(), 1);
    assert_eq!(memory.add(std::slice::from_ref(&first)).unwrap(), 0);
    assert_eq!(memory.count().unwrap(), 1);
    let id = memory.lookup(SENTENCE, &Lookup::default()).unwrap()[0].id;
    assert!(memory.update(id, "Second version.", 1_800_000_000).unwrap());
    let found = memory.lookup(SENTENCE, &Lookup::default()).unwrap();
    assert_eq!(
        (found[0].unit.target.as_str(), found[0].unit.changed),
        ("Second version.", 1_800_000_000)
    );
    // Fuzzy lookups still find it (its words are indexed as before).
    let changed = SENTENCE.replace("mercredi", "jeudi");
    assert_eq!(
        targets(memory.as_mut(), &changed, &Lookup::default()),
        ["Second version."]
    );
    assert!(memory.delete(id).unwrap());
    assert!(!memory.delete(id).unwrap(), "gone already");
    assert!(!memory.update(id, "x", 0).unwrap());
    assert_eq!(memory.count().unwrap(), 0);
    assert!(
        memory
            .lookup(&changed, &Lookup::default())
            .unwrap()
            .is_empty()
    );
    assert_eq!(memory.concordance("Kazakhstan", 5).unwrap().total, 0);
}

fn a_corrected_segment_replaces_its_earlier_translation(mut memory: Box<dyn TranslationMemory>) {
    let source = "Le sommet s’ouvre jeudi.";
    memory
        .add(&[in_context(
            source,
            "The sumit opens on Thursday.",
            "Avant.",
            "Après.",
            10,
        )])
        .unwrap();
    memory
        .add(&[in_context(
            source,
            "The summit opens on Thursday.",
            "Avant.",
            "Après.",
            20,
        )])
        .unwrap();
    assert_eq!(
        memory.count().unwrap(),
        1,
        "the typo is not kept beside its fix"
    );
    assert_eq!(
        targets(memory.as_mut(), source, &Lookup::default()),
        ["The summit opens on Thursday."]
    );
    // Another document's translation of the same sentence is its own unit.
    let mut other = in_context(
        source,
        "The summit starts on Thursday.",
        "Avant.",
        "Après.",
        30,
    );
    other.document = "/desk/other.txt.passeur".into();
    memory.add(&[other]).unwrap();
    assert_eq!(memory.count().unwrap(), 2);
}

/// The translator confirms, the reviewer changes the segment in their copy of the project
/// (the same document), the translator rejects the change: one unit each time, the version
/// kept, with who confirmed it last and when.
fn a_review_and_its_rejection_replace_each_other_with_their_authors(
    mut memory: Box<dyn TranslationMemory>,
) {
    let source = "Le sommet s’ouvre jeudi.";
    let by = |author: &str, target: &str, changed: i64| MemoryUnit {
        author: author.into(),
        ..in_context(source, target, "Avant.", "Après.", changed)
    };
    let kept = |memory: &mut dyn TranslationMemory| {
        let found = memory.lookup(source, &Lookup::default()).unwrap();
        found
            .iter()
            .map(|m| (m.unit.target.clone(), m.unit.author.clone(), m.unit.changed))
            .collect::<Vec<_>>()
    };
    memory
        .add(&[by("anne", "The summit opens Thursday.", 10)])
        .unwrap();
    memory
        .add(&[by("bob", "The summit opens on Thursday.", 20)])
        .unwrap();
    assert_eq!(
        kept(memory.as_mut()),
        [(
            "The summit opens on Thursday.".to_owned(),
            "bob".to_owned(),
            20
        )]
    );
    memory
        .add(&[by("anne", "The summit opens Thursday.", 30)])
        .unwrap();
    assert_eq!(
        kept(memory.as_mut()),
        [(
            "The summit opens Thursday.".to_owned(),
            "anne".to_owned(),
            30
        )],
        "the rejection is the one unit left"
    );
    // The same translation confirmed again by a colleague: their name with their time; an
    // older confirm arriving late changes neither.
    memory
        .add(&[by("carl", "The summit opens Thursday.", 40)])
        .unwrap();
    memory
        .add(&[by("dora", "The summit opens Thursday.", 35)])
        .unwrap();
    assert_eq!(
        kept(memory.as_mut()),
        [(
            "The summit opens Thursday.".to_owned(),
            "carl".to_owned(),
            40
        )]
    );
}

fn concordance_ignores_case_and_lists_newest_first(mut memory: Box<dyn TranslationMemory>) {
    memory
        .add(&[
            MemoryUnit {
                changed: 5,
                ..unit("L’État kazakh a répondu.", "The Kazakh state answered.")
            },
            MemoryUnit {
                changed: 9,
                ..unit("Un état d’urgence.", "A state of emergency.")
            },
            unit("Il pleut.", "It is raining."),
        ])
        .unwrap();
    let found: Vec<String> = memory
        .concordance("ÉTAT", 10)
        .unwrap()
        .units
        .into_iter()
        .map(|(_, u)| u.target)
        .collect();
    assert_eq!(
        found,
        ["A state of emergency.", "The Kazakh state answered."]
    );
    let found = memory.concordance("RAINING", 10).unwrap();
    assert_eq!(found.units.len(), 1);
    let state = memory.concordance("state", 1).unwrap();
    assert_eq!(
        (state.units.len(), state.total),
        (1, 2),
        "at most max, all counted"
    );
}

/// A random memory (accents, case, apostrophes, kinds of space, punctuation, a small vocabulary
/// so words and phrases repeat), searched through the store's index and by reading every unit
/// with the same rule: the same units in the same order, and the same totals. Then again after
/// translations were changed and units removed, which the index must follow.
fn concordance_through_the_index_finds_what_a_scan_of_every_unit_finds(
    mut memory: Box<dyn TranslationMemory>,
) {
    use passeur::memory::concordance;
    const FRENCH: &[&str] = &[
        "État",
        "état",
        "etat",
        "l’État",
        "d'urgence",
        "gouvernement",
        "gouvernemental",
        "Pékin",
        "PEKIN",
        "cœur",
        "le",
        "la",
        "de",
        "des",
        "routes",
        "soie",
        "10\u{a0}000",
        "«\u{202f}oui",
        "non\u{202f}»",
        "Xi",
        "sommet,",
        "Astana.",
        "n’a",
        "pas",
        "été",
    ];
    const ENGLISH: &[&str] = &[
        "state",
        "State",
        "the",
        "of",
        "government",
        "governmental",
        "Beijing",
        "heart",
        "Belt",
        "and",
        "Road",
        "10,000",
        "summit.",
        "yes",
        "no",
        "isn't",
        "emergency",
        "Astana",
    ];
    let mut next = below(0x9e37_79b9_7f4a_7c15);
    let sentence = |words: &[&str], next: &mut dyn FnMut(usize) -> usize| {
        let length = 2 + next(9);
        let spaces = [" ", " ", " ", "\u{a0}", "  "];
        (0..length)
            .map(|i| {
                let space = if i == 0 {
                    ""
                } else {
                    spaces[next(spaces.len())]
                };
                format!("{space}{}", words[next(words.len())])
            })
            .collect::<String>()
    };
    let units: Vec<MemoryUnit> = (0..1500)
        .map(|i| MemoryUnit {
            changed: 1_700_000_000 + next(50) as i64,
            ..unit(
                &format!("{} {i}", sentence(FRENCH, &mut next)),
                &sentence(ENGLISH, &mut next),
            )
        })
        .collect();
    memory.add(&units).unwrap();
    let queries = [
        "état",
        "ETAT",
        "l'état",
        "d’urgence",
        "gouvernement",
        "gouvern",
        "pekin",
        "Pékin",
        "coeur",
        "de la",
        "routes de",
        "10 000",
        "10,000",
        "« oui",
        "non »",
        "sommet, Astana",
        "the state",
        "of the",
        "isn't",
        "Beijing.",
        "no",
        "1",
        "42",
        "le le",
        "absent",
    ];
    let compare = |memory: &mut Box<dyn TranslationMemory>, when: &str| {
        let mut all = Vec::new();
        memory
            .for_each(&mut |id, unit| all.push((id, unit)))
            .unwrap();
        let mut nonzero = 0;
        for query in queries {
            let scanned = concordance::scan(all.iter().map(|(id, u)| (*id, u)), query, 20);
            let found = memory.concordance(query, 20).unwrap();
            assert_eq!(found.total, scanned.total, "{when}: {query:?}");
            assert_eq!(found.units, scanned.units, "{when}: {query:?}");
            nonzero += usize::from(found.total > 20);
        }
        assert!(nonzero >= 8, "{when}: most queries find more than a page");
    };
    compare(&mut memory, "as added");
    let mut ids = Vec::new();
    memory.for_each(&mut |id, _| ids.push(id)).unwrap();
    for (k, id) in ids.iter().enumerate() {
        match k % 7 {
            0 => assert!(memory.delete(*id).unwrap()),
            3 => assert!(
                memory
                    .update(*id, "Beijing's state government", 1_800_000_000 + k as i64)
                    .unwrap()
            ),
            _ => {}
        }
    }
    compare(&mut memory, "after changes and removals");
    assert_eq!(
        memory.concordance("beijing's", 5).unwrap().total,
        (0..ids.len()).filter(|k| k % 7 == 3).count() as u64,
        "every changed translation found by its new words"
    );
}

/// A run of lookups (a project's statistics) reads each word's index entries once; what it
/// finds for each sentence is what a lookup of that sentence alone finds.
fn looking_many_sentences_up_at_once_gives_each_its_own_matches(
    mut memory: Box<dyn TranslationMemory>,
) {
    let words = [
        "le",
        "la",
        "de",
        "sommet",
        "président",
        "Astana",
        "mercredi",
        "soutien",
        "Chine",
        "routes",
        "soie",
        "accord",
        "gaz",
        "frontière",
        "Pékin",
        "délégation",
    ];
    let mut next = below(0x2545_f491_4f6c_dd1d);
    let mut sentence = |length: usize| {
        (0..length)
            .map(|_| words[next(words.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let units: Vec<MemoryUnit> = (0..800)
        .map(|i| {
            unit(
                &format!("{} {i}.", sentence(6 + i % 9)),
                &format!("English {i}."),
            )
        })
        .collect();
    memory.add(&units).unwrap();
    let sources: Vec<String> = (0..120)
        .map(|i| match i % 3 {
            0 => units[i * 5].source.clone(),
            1 => units[i * 5].source.replacen(' ', " très ", 1),
            _ => format!("{}.", sentence(8)),
        })
        .collect();
    let queries: Vec<(&str, Lookup)> = sources
        .iter()
        .map(|source| {
            let lookup = Lookup {
                threshold: 50,
                max: 3,
                ..Lookup::default()
            };
            (source.as_str(), lookup)
        })
        .collect();
    let together = memory.lookup_many(&queries).unwrap();
    let mut found = 0;
    for ((source, lookup), matches) in queries.iter().zip(&together) {
        let alone = memory.lookup(source, lookup).unwrap();
        let shown = |m: &Vec<passeur::memory::Match>| {
            m.iter()
                .map(|m| (m.score, m.unit.source.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(matches), shown(&alone), "{source}");
        found += usize::from(!alone.is_empty());
    }
    assert!(found >= 80, "most sentences have matches: {found}");
}

fn a_documents_own_units_can_be_left_out(mut memory: Box<dyn TranslationMemory>) {
    memory
        .add(&[
            in_context(SENTENCE, "Own.", "", "", 10),
            unit(SENTENCE, "Imported."),
        ])
        .unwrap();
    let lookup = Lookup {
        exclude_documents: &["/desk/article.txt.passeur"],
        ..Lookup::default()
    };
    assert_eq!(targets(memory.as_mut(), SENTENCE, &lookup), ["Imported."]);
}

fn the_right_unit_is_found_among_thousands_sharing_common_words(
    mut memory: Box<dyn TranslationMemory>,
) {
    // 3,000 sentences made of the same common words, each with two words of its own.
    let units: Vec<MemoryUnit> = (0..3000)
        .map(|i| {
            unit(
                &format!("Le président de la commission a dit que la réunion mot{i} aura lieu à terme{i} demain."),
                &format!("Translation {i}."),
            )
        })
        .collect();
    assert_eq!(memory.add(&units).unwrap(), 3000);
    let query =
        "Le président de la commission a dit que la réunion mot1234 aura lieu à terme1234 lundi.";
    let found = memory.lookup(query, &Lookup::default()).unwrap();
    assert_eq!(found[0].unit.target, "Translation 1234.");
    assert!(found[0].score >= 85, "{}", found[0].score);
    assert!(found.iter().skip(1).all(|m| m.score < found[0].score));
    assert_eq!(found.len(), 5, "others share most words too");
}

fn the_memory_exports_to_tmx_and_reads_back(mut memory: Box<dyn TranslationMemory>) {
    let units = [
        in_context(
            "« Un » & <deux>.",
            "“One” & <two>.",
            "Avant.",
            "Après.",
            1_764_633_600,
        ),
        unit("Il pleut.", "It is raining."),
    ];
    memory.add(&units).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.tmx");
    use passeur::memory::tmx_export::{Origins, write};
    let written = write(memory.as_mut(), &path, "fr", "en", Origins::Name).unwrap();
    assert_eq!(written, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("<prop type=\"prev\">Avant.</prop>"), "{text}");
    assert!(text.contains("changedate=\"20251202T000000Z\""), "{text}");
    // No path of this machine, and no `file` property (OmegaT would apply such a unit only to
    // a source file of that name).
    assert!(
        !text.contains("/desk/") && !text.contains("type=\"file\""),
        "{text}"
    );
    common::xmllint(&path, &[]).unwrap();
    // Read back whole: texts, dates, author, origin (its file name) and neighbours.
    let mut back = passeur::memory::store::read_tmx(&text, &path, "fr", "en")
        .unwrap()
        .units;
    back.sort_by(|a, b| a.source.cmp(&b.source));
    let mut expected: Vec<MemoryUnit> = units
        .iter()
        .map(|unit| MemoryUnit {
            document: String::new(),
            ..unit.clone()
        })
        .collect();
    expected.sort_by(|a, b| a.source.cmp(&b.source));
    assert_eq!(back, expected);
    // Without origins, nothing says where a unit comes from.
    write(memory.as_mut(), &path, "fr", "en", Origins::Leave).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("x-passeur-memory-origin"), "{text}");
}

#[test]
fn sqlite_and_postgres_rank_alike() {
    let (mut lite, _remove_lite) = sqlite();
    let (mut server, _remove_server) = postgres();
    let words = [
        "président",
        "sommet",
        "Samarcande",
        "commerce",
        "route",
        "pays",
        "accord",
        "jeudi",
        "gaz",
        "frontière",
        "Chine",
        "Russie",
    ];
    let units: Vec<MemoryUnit> = (0..400)
        .map(|i| {
            let pick = |k: usize| words[(i * 7 + k * 3) % words.len()];
            unit(
                &format!(
                    "Le {} et le {} parlent de {} avec la {} ({}).",
                    pick(0),
                    pick(1),
                    pick(2),
                    pick(3),
                    i % 37
                ),
                &format!("T{i}"),
            )
        })
        .collect();
    lite.add(&units).unwrap();
    server.add(&units).unwrap();
    for (i, probe) in units.iter().step_by(23).enumerate() {
        let query = probe
            .source
            .replace("parlent", if i % 2 == 0 { "discutent" } else { "parlent" });
        let lookup = Lookup {
            threshold: 50,
            max: 8,
            ..Lookup::default()
        };
        let ranked = |memory: &mut Box<dyn TranslationMemory>| {
            memory
                .lookup(&query, &lookup)
                .unwrap()
                .into_iter()
                .map(|m| (m.score, m.unit.target))
                .collect::<Vec<_>>()
        };
        let (a, b) = (ranked(&mut lite), ranked(&mut server));
        assert!(!a.is_empty(), "{query}");
        assert_eq!(a, b, "{query}");
    }
}

#[test]
fn translators_writing_at_once_on_postgres_lose_nothing() {
    let url = common::postgres::fresh_database();
    PgMemory::init(&url).unwrap();
    // Four translators, each adding 600 units in batches of 50 that share most words (the
    // rows every writer updates), plus 100 units all four add.
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let url = url.to_string();
            std::thread::spawn(move || {
                let mut memory = PgMemory::connect(&url).unwrap();
                let mut units: Vec<MemoryUnit> = (0..600)
                    .map(|i| {
                        unit(
                            &format!(
                                "Le sommet de Samarcande réunit les pays membres {writer} {i}."
                            ),
                            &format!("Writer {writer}, unit {i}."),
                        )
                    })
                    .collect();
                units.extend((0..100).map(|i| {
                    unit(
                        &format!("Une phrase commune numéro {i}."),
                        &format!("Common {i}."),
                    )
                }));
                let mut added = 0;
                for batch in units.chunks(50) {
                    added += memory.add(batch).unwrap();
                }
                added
            })
        })
        .collect();
    let added: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(added, 4 * 600 + 100, "the shared units counted once");
    let mut memory = PgMemory::connect(&url).unwrap();
    assert_eq!(memory.count().unwrap(), 2500);
    // The word counts the candidate search relies on match the index.
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    let wrong: i64 = client
        .query_one(
            "SELECT count(*) FROM word w WHERE w.units <> \
             (SELECT count(*) FROM posting p WHERE p.word = w.id)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(wrong, 0);
    assert_eq!(
        targets(
            &mut memory,
            "Le sommet de Samarcande réunit les pays membres 2 417.",
            &Lookup::default()
        )[0],
        "Writer 2, unit 417."
    );
}

/// A memory of schema version 1 (no concordance index) as an earlier passeur left it.
fn as_version_1(units: &[MemoryUnit]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.sqlite");
    SqliteMemory::open(&path).unwrap().add(units).unwrap();
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch("DROP TABLE unit_text; UPDATE meta SET value = '1' WHERE key = 'schema';")
        .unwrap();
    (dir, path)
}

#[test]
fn a_version_1_sqlite_memory_gets_its_concordance_index_when_opened() {
    let units = [
        unit("L’État kazakh a répondu.", "The Kazakh state answered."),
        unit("Il pleut.", "It is raining."),
    ];
    let (_dir, path) = as_version_1(&units);
    assert!(SqliteMemory::upgrade_pending(&path));
    let mut memory = SqliteMemory::open(&path).unwrap();
    assert!(!SqliteMemory::upgrade_pending(&path));
    assert_eq!(memory.meta("schema").unwrap().as_deref(), Some("2"));
    let found = memory.concordance("etat", 5).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.units[0].1.target, "The Kazakh state answered.");
    memory.add(&[unit("Un état.", "A state.")]).unwrap();
    assert_eq!(memory.concordance("STATE", 5).unwrap().total, 2);
}

#[test]
fn a_version_1_team_memory_is_refused_until_init_upgrades_it() {
    let database = common::postgres::fresh_database();
    PgMemory::init(&database)
        .unwrap()
        .add(&[unit(
            "L’État kazakh a répondu.",
            "The Kazakh state answered.",
        )])
        .unwrap();
    let mut admin = postgres::Client::connect(&database, postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "DROP TABLE unit_text; UPDATE passeur_meta SET value = '1' WHERE key = 'schema';",
        )
        .unwrap();
    let refused = PgMemory::connect(&database).err().unwrap().to_string();
    assert!(
        refused.contains("version 1") && refused.contains("passeur memory init"),
        "{refused}"
    );
    let mut memory = PgMemory::init(&database).unwrap();
    let found = memory.concordance("ÉTAT", 5).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.units[0].1.source, "L’État kazakh a répondu.");
    assert!(PgMemory::connect(&database).is_ok());
}

#[test]
fn the_command_line_says_before_it_builds_an_older_memorys_index() {
    let (dir, path) = as_version_1(&[unit("Il pleut.", "It is raining.")]);
    let home = dir.path().join("home");
    let output = common::run_with_home(
        &[
            "memory",
            "concordance",
            "pleut",
            "--memory",
            path.to_str().unwrap(),
        ],
        b"",
        &home,
    );
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(
        common::stderr(&output).contains("building the memory's concordance index (once"),
        "{}",
        common::stderr(&output)
    );
    assert!(common::stdout(&output).contains("It is raining."));
    let again = common::run_with_home(
        &["memory", "count", "--memory", path.to_str().unwrap()],
        b"",
        &home,
    );
    assert!(!common::stderr(&again).contains("building"), "once only");
}
