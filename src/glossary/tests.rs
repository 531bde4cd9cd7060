//! Tests of glossary loading, matching and the target check.

use std::path::Path;

use super::check::{EnglishText, check_entry};
use super::*;

fn glossary(entries: Vec<Entry>) -> Glossary {
    Glossary {
        name: "test".into(),
        source_lang: "fr".into(),
        target_lang: "en".into(),
        entries,
        ..Glossary::default()
    }
}

/// The matched texts and their entries' sources.
fn find(entries: Vec<Entry>, text: &str) -> Vec<(&str, String)> {
    let index = Index::build(vec![glossary(entries)]);
    index
        .find(text)
        .into_iter()
        .map(|hit| (&text[hit.span], index.entry(hit.entry).source.clone()))
        .collect()
}

fn texts(entries: Vec<Entry>, text: &str) -> Vec<&str> {
    find(entries, text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn spelling_variants_of_the_text_are_found() {
    let entries = || {
        vec![
            Entry::new("Pékin", "Beijing"),
            Entry::new("Nur-Sultan", "Nur-Sultan"),
            Entry::new("Côte d'Ivoire", "Ivory Coast"),
            Entry::new("manœuvres militaires", "military drills"),
            Entry::new("Asie centrale", "Central Asia"),
        ]
    };
    let text = "PEKIN, Pekin et Pe\u{301}kin ; Nur Sultan ; la Côte d’Ivoire ; des manoeuvres militaires en Asie\u{a0}centrale et en Asie\ncentrale.";
    assert_eq!(
        texts(entries(), text),
        [
            "PEKIN",
            "Pekin",
            "Pe\u{301}kin",
            "Nur Sultan",
            "Côte d’Ivoire",
            "manoeuvres militaires",
            "Asie\u{a0}centrale",
            "Asie\ncentrale"
        ]
    );
}

#[test]
fn elisions_stay_outside_and_words_stay_whole() {
    let entries = vec![
        Entry::new("Inde", "India"),
        Entry::new("OCS", "SCO"),
        Entry::new("Ouzbékistan", "Uzbekistan"),
    ];
    let text = "L’indépendance de l'Inde, jusqu’à l’OCS et les BLOCS ; lorsqu’Ouzbékistan…";
    assert_eq!(texts(entries, text), ["Inde", "OCS", "Ouzbékistan"]);
}

#[test]
fn inflected_forms_match_when_allowed() {
    let entries = || {
        vec![
            Entry::new("nouvelles routes de la soie", "Belt and Road"),
            Entry::new("réfugié climatique", "climate refugee"),
            Entry::new("sanction occidentale", "Western sanction"),
            Entry::new("Banque centrale européenne", "European Central Bank"),
        ]
    };
    let text = "la nouvelle route de la soie, des réfugiées climatiques, les sanctions occidentales, les banques centrales européennes";
    assert_eq!(
        texts(entries(), text),
        [
            "nouvelle route de la soie",
            "réfugiées climatiques",
            "sanctions occidentales",
            "banques centrales européennes"
        ]
    );
    let mut exact = Entry::new("Routes de la soie", "Belt and Road");
    exact.inflect = false;
    assert!(texts(vec![exact], "la Route de la soie").is_empty());
    // Plural and masculine/feminine of -al words.
    assert_eq!(
        texts(
            vec![Entry::new("pays occidental", "Western country")],
            "des pays occidentaux"
        ),
        ["pays occidentaux"]
    );
}

#[test]
fn the_longest_leftmost_match_wins() {
    let entries = vec![
        Entry::new("Shanghai", "Shanghai"),
        Entry::new("Organisation de coopération de Shanghai", "SCO"),
        Entry::new("ONU", "UN"),
        Entry::new("Conseil de sécurité de l'ONU", "UN Security Council"),
        Entry::new("OPEP", "OPEC"),
        Entry::new("OPEP+", "OPEC+"),
    ];
    let text = "l’Organisation de coopération de Shanghai, le Conseil de sécurité de l’ONU, l’OPEP+ et l’OPEP.";
    assert_eq!(
        find(entries, text),
        [
            (
                "Organisation de coopération de Shanghai",
                "Organisation de coopération de Shanghai".to_string()
            ),
            (
                "Conseil de sécurité de l’ONU",
                "Conseil de sécurité de l'ONU".to_string()
            ),
            ("OPEP+", "OPEP+".to_string()),
            ("OPEP", "OPEP".to_string()),
        ]
    );
}

#[test]
fn the_card_example_tells_the_programme_from_the_ancient_route() {
    let index = sources::shipped_index();
    let targets = |text: &str| -> Vec<String> {
        index
            .find(text)
            .iter()
            .map(|h| index.entry(h.entry).target.clone())
            .collect()
    };
    assert!(
        targets("sur le chemin des nouvelles « Routes de la soie », gigantesque projet")
            .contains(&"Belt and Road".to_string())
    );
    let ancient =
        targets("joyau architectural ouzbek de l’ancienne Route de la soie, pour le sommet");
    assert!(ancient.contains(&"Silk Road".to_string()));
    assert!(!ancient.contains(&"Belt and Road".to_string()));
}

#[test]
fn a_span_that_opens_a_quotation_closes_it() {
    let text = "des nouvelles « Routes de la soie », projet";
    assert_eq!(
        texts(
            vec![Entry::new("nouvelles routes de la soie", "Belt and Road")],
            text
        ),
        ["nouvelles « Routes de la soie »"]
    );
}

#[test]
fn case_modes() {
    let mut putin = Entry::new("Poutine", "Putin");
    putin.case = CaseMode::Sensitive;
    assert_eq!(
        texts(vec![putin.clone()], "M. Poutine mange une poutine."),
        ["Poutine"]
    );
    let mut west = Entry::new("Occident", "the West");
    west.case = CaseMode::Permissive;
    assert_eq!(
        texts(vec![west], "l’Occident, L’OCCIDENT, l’occident"),
        ["Occident", "OCCIDENT"]
    );
    let mut market = Entry::new("marché", "market");
    market.accent_sensitive = true;
    assert_eq!(texts(vec![market], "La marche près du marché."), ["marché"]);
}

#[test]
fn partial_words_when_whole_word_is_off() {
    let mut cyber = Entry::new("cyber", "cyber");
    cyber.whole_word = false;
    assert_eq!(
        texts(vec![cyber], "une cyberattaque massive"),
        ["cyberattaque"]
    );
}

#[test]
fn later_glossaries_win_and_shadowing_is_reported() {
    let first = glossary(vec![Entry::new("sommet", "summit")]);
    let second = glossary(vec![Entry::new("Sommets", "top meeting")]);
    let index = Index::build(vec![first, second]);
    let hits = index.find("le sommet");
    assert_eq!(index.entry(hits[0].entry).target, "top meeting");
    assert_eq!(index.shadowed().len(), 1);
}

#[test]
fn target_check_accepts_english_inflection_and_flags_forbidden_forms() {
    let mut entry = Entry::new("Routes de la soie", "Belt and Road");
    entry.target_variants = vec!["BRI".into()];
    entry.forbidden = vec!["New Silk Road".into()];
    let check = |translation: &str| check_entry(&entry, &EnglishText::new(translation));
    assert!(check("the Belt and Road's new loans").found);
    assert!(check("the belt-and-road plan").found);
    assert!(check("the BRI").found);
    assert!(!check("the Silk Road").found);
    let flagged = check("the New Silk Roads and the Belt and Road");
    assert!(flagged.found);
    assert_eq!(flagged.forbidden_used, ["New Silk Road"]);
    let heads = Entry::new("chef d'État", "head of state");
    assert!(check_entry(&heads, &EnglishText::new("Heads of State met")).found);
}

#[test]
fn an_entry_can_take_only_its_written_number() {
    let department = || {
        let mut entry = Entry::new("urgences", "emergency department");
        entry.number = Number::Plural;
        entry
    };
    let emergency = || {
        let mut entry = Entry::new("urgence", "emergency");
        entry.number = Number::Singular;
        entry
    };
    let text = "Admis aux urgences pour une urgence, puis une autre urgence.";
    assert_eq!(texts(vec![department()], text), ["urgences"]);
    assert_eq!(texts(vec![emergency()], text), ["urgence", "urgence"]);
    assert_eq!(
        find(vec![department(), emergency()], text),
        [
            ("urgences", "urgences".to_owned()),
            ("urgence", "urgence".to_owned()),
            ("urgence", "urgence".to_owned())
        ]
    );
    // The feminine still inflects; several words each keep their number.
    let mut chief = Entry::new("directeur général", "director general");
    chief.number = Number::Singular;
    assert_eq!(
        texts(
            vec![chief],
            "la directrice générale et les directeurs généraux"
        ),
        ["directrice générale"]
    );
    // YAML: `inflect: plural` read by both readers, and written back.
    let yaml = "version: 1\nname: t\nsource_lang: fr\ntarget_lang: en\nentries:\n  - source: urgences\n    \
                target: emergency department\n    inflect: plural\n  - source: urgence\n    target: \
                emergency\n    inflect: singular\n  - source: sommet\n    target: summit\n    inflect: both\n";
    let loaded = parse(yaml, FileFormat::Yaml, Path::new("g.yaml")).unwrap();
    let numbers: Vec<(bool, Number)> = loaded
        .glossary
        .entries
        .iter()
        .map(|e| (e.inflect, e.number))
        .collect();
    assert_eq!(
        numbers,
        [
            (true, Number::Plural),
            (true, Number::Singular),
            (true, Number::Both)
        ]
    );
    let written = yaml::write(&loaded.glossary);
    assert!(written.contains("inflect: plural") && written.contains("inflect: singular"));
    let again = parse(&written, FileFormat::Yaml, Path::new("g.yaml")).unwrap();
    assert_eq!(again.glossary.entries[0].number, Number::Plural);
    let error = parse(
        &yaml.replace("inflect: plural", "inflect: plurals"),
        FileFormat::Yaml,
        Path::new("g.yaml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("true, false, singular, plural or both"),
        "{error}"
    );
}

#[test]
fn yaml_glossary_with_options_and_defaults() {
    let text = "version: 1\nname: t\nsource_lang: fr-FR\ntarget_lang: en_GB\ndefaults:\n  inflect: false\nentries:\n  - source: OCS\n    target: SCO\n    case: sensitive\n  - source: sommet\n    target: summit\n    inflect: true\n    forbidden: [top]\n";
    let loaded = parse(text, FileFormat::Yaml, Path::new("g.yaml")).unwrap();
    let entries = &loaded.glossary.entries;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].case, CaseMode::Sensitive);
    assert!(!entries[0].inflect);
    assert!(entries[1].inflect);
    assert_eq!(entries[1].forbidden, ["top"]);
    assert_eq!(entries[1].line, Some(11));
    // Written back and read again, it is the same glossary.
    let again = parse(
        &yaml::write(&loaded.glossary),
        FileFormat::Yaml,
        Path::new("g.yaml"),
    )
    .unwrap();
    let strip = |e: &Entry| Entry {
        line: None,
        ..e.clone()
    };
    assert_eq!(
        again.glossary.entries.iter().map(strip).collect::<Vec<_>>(),
        entries.iter().map(strip).collect::<Vec<_>>()
    );
}

#[test]
fn malformed_yaml_names_line_column_and_the_line() {
    let text =
        "source_lang: fr\ntarget_lang: en\nentries:\n  - source: [Pékin\n    target: Beijing\n";
    let error = parse(text, FileFormat::Yaml, Path::new("geo.yaml"))
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("geo.yaml:"), "{error}");
    let typo =
        "source_lang: fr\ntarget_lang: en\nentries:\n  - source: Pékin\n    targt: Beijing\n";
    let error = parse(typo, FileFormat::Yaml, Path::new("geo.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("geo.yaml:5:5: unknown field `targt`"),
        "{error}"
    );
    assert!(error.ends_with("`    targt: Beijing`"), "{error}");
}

#[test]
fn bad_entries_are_skipped_with_a_warning_naming_them() {
    let text = "source_lang: fr\ntarget_lang: en\nentries:\n  - source: Pékin\n  - source: Moscou\n    target: Moscow\n    id: m\n  - source: Kiev\n    target: Kyiv\n    id: m\n";
    let loaded = parse(text, FileFormat::Yaml, Path::new("g.yaml")).unwrap();
    assert_eq!(loaded.glossary.entries.len(), 1);
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(
        warnings,
        [
            "g.yaml:4: entry \"Pékin\" has no target; skipped",
            "g.yaml:8: duplicate id \"m\" (first used on line 5); entry \"Kiev\" skipped"
        ]
    );
}

#[test]
fn a_glossary_for_another_language_pair_is_refused() {
    let text = "source_lang: en\ntarget_lang: fr\nentries: []\n";
    let error = parse(text, FileFormat::Yaml, Path::new("g.yaml"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("the glossary is en→fr"), "{error}");
}

#[test]
fn tsv_and_csv_with_and_without_header() {
    let tsv = "# a comment\nPékin\tBeijing\tcapitale\nPékin\tPeking\nOCS\tSCO\n";
    let loaded = parse(tsv, FileFormat::Tsv, Path::new("g.tsv")).unwrap();
    let entries = &loaded.glossary.entries;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].target_variants, ["Peking"]);
    assert_eq!(entries[0].note.as_deref(), Some("capitale"));
    let dump = "fr\ten\tpos\tsource\nchat\tcat\tn\twikt\n";
    let loaded = parse(dump, FileFormat::Tsv, Path::new("d.tsv")).unwrap();
    assert_eq!(loaded.glossary.entries[0].source, "chat");
    let csv = "source,target,forbidden,note\n\"Côte d'Ivoire, la\",Ivory Coast,Côte d'Ivoire|Ivory-Coast,\"dit \"\"CI\"\"\"\n";
    let loaded = parse(csv, FileFormat::Csv, Path::new("g.csv")).unwrap();
    let entry = &loaded.glossary.entries[0];
    assert_eq!(entry.source, "Côte d'Ivoire, la");
    assert_eq!(entry.forbidden, ["Côte d'Ivoire", "Ivory-Coast"]);
    assert_eq!(entry.note.as_deref(), Some("dit \"CI\""));
    let again = parse(
        &tabular::write_csv(&loaded.glossary).0,
        FileFormat::Csv,
        Path::new("g.csv"),
    )
    .unwrap();
    assert_eq!(again.glossary.entries[0].forbidden, entry.forbidden);
}

const TBX_2008: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="fr">
 <text><body>
  <termEntry id="c1">
   <descrip type="definition">Capitale de la Chine.</descrip>
   <langSet xml:lang="fr-FR"><tig><term>Pékin</term></tig></langSet>
   <langSet xml:lang="en"><tig><term>Beijing</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Peking</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
  <termEntry id="c2"><langSet xml:lang="de"><tig><term>Moskau</term></tig></langSet></termEntry>
 </body></text>
</martif>"#;

#[test]
fn tbx_2008_and_2019() {
    let loaded = parse(TBX_2008, FileFormat::Tbx, Path::new("t.tbx")).unwrap();
    let entry = &loaded.glossary.entries[0];
    assert_eq!(
        (entry.source.as_str(), entry.target.as_str()),
        ("Pékin", "Beijing")
    );
    assert_eq!(entry.forbidden, ["Peking"]);
    assert_eq!(entry.note.as_deref(), Some("Capitale de la Chine."));
    assert_eq!(
        loaded.warnings.len(),
        1,
        "the German-only concept is reported"
    );
    let tbx2019 = r#"<?xml version="1.0"?><tbx type="TBX-Basic" style="dca" xml:lang="en"><text><body>
      <conceptEntry id="sco"><langSec xml:lang="fr"><termSec><term>Organisation de coopération de Shanghai</term></termSec><termSec><term>OCS</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>Shanghai Cooperation Organisation</term></termSec><termSec><term>SCO</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec></langSec></conceptEntry>
      </body></text></tbx>"#;
    let loaded = parse(tbx2019, FileFormat::Tbx, Path::new("t.tbx")).unwrap();
    let entry = &loaded.glossary.entries[0];
    assert_eq!(entry.source_variants, ["OCS"]);
    assert_eq!(entry.target_variants, ["SCO"]);
}

#[test]
fn tbx_entities_are_never_expanded() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><martif><text><body><termEntry><langSet xml:lang="fr"><tig><term>&lol2;</term></tig></langSet></termEntry></body></text></martif>"#;
    let error = parse(laughs, FileFormat::Tbx, Path::new("bomb.tbx"))
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("bomb.tbx:1:"), "{error}");
    assert!(error.contains("never expands"), "{error}");
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><martif/>"#;
    assert!(parse(xxe, FileFormat::Tbx, Path::new("x.tbx")).is_err());
    let undefined = "<martif><text><body><termEntry><langSet xml:lang=\"fr\"><tig><term>&nope;</term></tig></langSet></termEntry></body></text></martif>";
    let error = parse(undefined, FileFormat::Tbx, Path::new("u.tbx"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("undefined entity &nope;"), "{error}");
    let truncated = "<martif><text><body><termEntry>";
    let error = parse(truncated, FileFormat::Tbx, Path::new("t.tbx"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("truncated: <termEntry> is not closed"),
        "{error}"
    );
}

#[test]
fn appending_a_term_keeps_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.yaml");
    let original = "# my notes\nsource_lang: fr\ntarget_lang: en\nentries:\n    - source: Pékin   # keep me\n      target: Beijing\n";
    std::fs::write(&path, original).unwrap();
    sources::append_entry(&path, &Entry::new("Samarcande", "Samarkand")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(original));
    assert!(
        text.ends_with("    - source: Samarcande\n      target: Samarkand\n"),
        "{text}"
    );
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.glossary.entries.len(), 2);
    // A new file is created with a header; a TSV gets one more row.
    let fresh = dir.path().join("new.yaml");
    sources::append_entry(&fresh, &Entry::new("« fléaux »", "evils: three")).unwrap();
    assert_eq!(
        load(&fresh).unwrap().glossary.entries[0].target,
        "evils: three"
    );
    let tsv = dir.path().join("g.tsv");
    std::fs::write(&tsv, "Pékin\tBeijing").unwrap();
    sources::append_entry(&tsv, &Entry::new("Moscou", "Moscow")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&tsv).unwrap(),
        "Pékin\tBeijing\nMoscou\tMoscow\n"
    );
}

#[test]
fn the_shipped_glossary_is_valid_and_large_enough() {
    for loaded in sources::shipped() {
        let loaded = loaded.unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert!(loaded.glossary.entries.len() >= 60);
    }
}

/// Every hit of `text` as (matched text, entry source, entry target).
fn hits(index: &Index, text: &str) -> Vec<(String, String, String)> {
    index
        .find(text)
        .into_iter()
        .map(|hit| {
            let entry = index.entry(hit.entry);
            (text[hit.span].to_owned(), entry.source, entry.target)
        })
        .collect()
}

#[test]
fn a_layer_read_back_from_its_bytes_matches_the_same() {
    let mut entries: Vec<Entry> = sources::shipped()
        .into_iter()
        .flat_map(|l| l.unwrap().glossary.entries)
        .collect();
    let mut cyber = Entry::new("cyber", "cyber");
    cyber.whole_word = false;
    entries.push(cyber);
    let layer = Layer::build(glossary(entries), &mut |_, _| {});
    let mut out = binary::Writer::default();
    layer.write(&mut out);
    let again = Layer::read(&mut binary::Reader::new(&out.0)).unwrap();
    let text = "M. Poutine et la poutine, les nouvelles « Routes de la soie », l’OCS, une cyberattaque à Pékin.";
    let (before, after) = (Index::new(vec![layer]), Index::new(vec![again]));
    assert_eq!(hits(&before, text), hits(&after, text));
    let sources: Vec<String> = hits(&after, text).into_iter().map(|h| h.1).collect();
    assert_eq!(
        sources,
        [
            "Poutine",
            "nouvelles Routes de la soie",
            "OCS",
            "cyber",
            "Pékin"
        ]
    );
    // A damaged buffer is refused, never a panic.
    for cut in [0, 10, out.0.len() / 2, out.0.len() - 1] {
        assert!(Layer::read(&mut binary::Reader::new(&out.0[..cut])).is_none());
    }
}

#[test]
fn large_glossaries_are_cached_and_the_cache_follows_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let path = dir.path().join("big.tsv");
    let mut tsv = String::from("Pékin\tBeijing\n");
    let mut i = 0;
    while tsv.len() < cache::CACHE_FROM_BYTES as usize {
        tsv.push_str(&format!("terme numéro {i}\tterm number {i}\n"));
        i += 1;
    }
    std::fs::write(&path, &tsv).unwrap();
    let load = || cache::load_with_cache(&path, Some(&cache_dir), &mut ()).unwrap();
    let first = Index::new(vec![load().layer]);
    let cache_file = cache::cache_path(&cache_dir, &path).unwrap();
    assert!(cache_file.is_file(), "the first load writes the cache");
    let second = Index::new(vec![load().layer]);
    assert_eq!(hits(&second, "à Pékin"), hits(&first, "à Pékin"));
    assert_eq!(second.len(), i + 1);
    // The file changes: the cache is not used.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, tsv.replace("Pékin\tBeijing", "Pékin\tPeking!")).unwrap();
    let changed = Index::new(vec![load().layer]);
    assert_eq!(hits(&changed, "à Pékin")[0].2, "Peking!");
    // A damaged cache is ignored and rewritten.
    std::fs::write(&cache_file, b"PSRGLC02 damaged").unwrap();
    assert_eq!(
        hits(&Index::new(vec![load().layer]), "à Pékin")[0].2,
        "Peking!"
    );
    let whole = std::fs::read(&cache_file).unwrap();
    assert!(whole.len() > 100);
    // A cache cut short (a disk filled while it was written by another program), or another
    // program's file of the same length, is rebuilt, not trusted.
    for (what, bytes) in [
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("one byte short", whole[..whole.len() - 1].to_vec()),
        ("foreign", vec![b'x'; whole.len()]),
    ] {
        std::fs::write(&cache_file, bytes).unwrap();
        let index = Index::new(vec![load().layer]);
        assert_eq!(hits(&index, "à Pékin")[0].2, "Peking!", "{what}");
        assert_eq!(index.len(), i + 1, "{what}");
        assert_eq!(
            std::fs::read(&cache_file).unwrap(),
            whole,
            "{what}: rewritten"
        );
    }
}

#[test]
fn a_later_entry_that_matches_inside_words_replaces_a_whole_word_one() {
    let mut partial = Entry::new("cyber", "cyber-");
    partial.whole_word = false;
    let index = Index::build(vec![glossary(vec![Entry::new("cyber", "cyber"), partial])]);
    let found = hits(&index, "une cyberattaque");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, "cyber-");
}

#[test]
fn csv_for_omegat_has_no_header_unless_columns_need_naming() {
    let mut plain = Entry::new("nouvelles Routes de la soie", "Belt and Road");
    plain.note = Some("programme, pas la route antique".into());
    let (text, header) = tabular::write_csv(&glossary(vec![plain.clone()]));
    assert!(!header);
    assert_eq!(
        text,
        "nouvelles Routes de la soie,Belt and Road,\"programme, pas la route antique\"\n"
    );
    let again = parse(&text, FileFormat::Csv, Path::new("g.csv")).unwrap();
    assert_eq!(again.glossary.entries[0].note, plain.note);

    let mut rich = Entry::new("Kiev", "Kyiv");
    rich.forbidden = vec!["Kiev".into()];
    let (text, header) = tabular::write_csv(&glossary(vec![plain, rich]));
    assert!(header);
    assert!(text.starts_with("source,target,note,source_variants,target_variants,forbidden"));
}

#[test]
fn an_appended_row_follows_the_tables_header() {
    let mut entry = Entry::new("OCS", "SCO");
    entry.note = Some("sigle".into());
    let dump = "en\tfr\tcomment\nBeijing\tPékin\tcapitale\n";
    assert_eq!(
        tabular::row_for(dump, &entry, b'\t', Path::new("d.tsv")),
        "SCO\tOCS\tsigle\n"
    );
    assert_eq!(
        tabular::row_for("Pékin\tBeijing\n", &entry, b'\t', Path::new("o.txt")),
        "OCS\tSCO\tsigle\n"
    );
    assert_eq!(
        tabular::row_for("", &Entry::new("la, le", "the"), b',', Path::new("n.csv")),
        "\"la, le\",the\n"
    );
}

#[test]
fn a_forbidden_form_that_folds_to_the_target_is_compared_as_written() {
    let mut hospital = Entry::new("Hôtel-Dieu", "Hôtel-Dieu");
    hospital.forbidden = vec!["Hotel-Dieu".into()];
    let check =
        |entry: &Entry, translation: &str| check_entry(entry, &EnglishText::new(translation));
    let right = check(&hospital, "Patients waited at the Hôtel-Dieu all night.");
    assert!(right.found && right.forbidden_used.is_empty(), "{right:?}");
    let wrong = check(&hospital, "Patients waited at the Hotel-Dieu all night.");
    assert!(!wrong.found, "the required form is not there as written");
    assert_eq!(wrong.forbidden_used, ["Hotel-Dieu"]);
    let mut doctor = Entry::new("Gérald Kierzek", "Gérald Kierzek");
    doctor.forbidden = vec!["Gerald Kierzek".into()];
    assert!(
        check(&doctor, "said Gérald Kierzek, an emergency doctor")
            .forbidden_used
            .is_empty()
    );
    assert_eq!(
        check(&doctor, "said Gerald Kierzek").forbidden_used,
        ["Gerald Kierzek"]
    );
    let mut hospitals = Entry::new("AP-HP", "AP-HP");
    hospitals.forbidden = vec!["Ap-Hp".into(), "AP HP".into()];
    let right = check(&hospitals, "The AP-HP runs 38 hospitals.");
    assert!(right.found && right.forbidden_used.is_empty(), "{right:?}");
    assert_eq!(
        check(&hospitals, "The AP HP runs").forbidden_used,
        ["AP HP"]
    );
    assert_eq!(
        check(&hospitals, "The Ap-Hp runs").forbidden_used,
        ["Ap-Hp"]
    );
    // The entry's own options are honoured by the target check.
    let mut region = Entry::new("l'Est", "East");
    region.case = CaseMode::Sensitive;
    assert!(check(&region, "in the East of the country").found);
    assert!(!check(&region, "to the east of the river").found);
    let mut city = Entry::new("Québec", "Québec");
    city.accent_sensitive = true;
    assert!(check(&city, "flights to Québec").found);
    assert!(!check(&city, "flights to Quebec").found);
    // Without such options or twins, folding is as before.
    let plain = Entry::new("Pékin", "Beijing");
    assert!(check(&plain, "BEIJING said").found);
}

#[test]
fn irregular_feminines_are_found_for_the_masculine_entry() {
    let entries = || {
        vec![
            Entry::new("directeur", "director"),
            Entry::new("sénateur", "senator"),
            Entry::new("ambassadeur", "ambassador"),
            Entry::new("acteur", "actor"),
            Entry::new("rédacteur en chef", "editor-in-chief"),
            Entry::new("sportif", "athlete"),
            Entry::new("actif", "active"),
            Entry::new("vendeur", "seller"),
            Entry::new("maire", "mayor"),
            Entry::new("comte", "count"),
            Entry::new("chef", "head"),
            Entry::new("dangereux", "dangerous"),
        ]
    };
    let text = "La directrice, deux sénatrices, l’ambassadrice, une actrice, la rédactrice en \
                chef, une sportive, des actives, la vendeuse, la mairesse, la comtesse, la cheffe \
                et une route dangereuse.";
    assert_eq!(
        texts(entries(), text),
        [
            "directrice",
            "sénatrices",
            "ambassadrice",
            "actrice",
            "rédactrice en chef",
            "sportive",
            "actives",
            "vendeuse",
            "mairesse",
            "comtesse",
            "cheffe",
            "dangereuse"
        ]
    );
    // Words in -esse that are not feminines stay apart.
    let young = || vec![Entry::new("jeune", "young"), Entry::new("presse", "press")];
    assert_eq!(texts(young(), "La jeunesse lit la presse."), ["presse"]);
}

#[test]
fn an_elision_written_with_the_modifier_apostrophe_is_found() {
    let entries = || vec![Entry::new("Ouzbékistan", "Uzbekistan")];
    assert_eq!(
        texts(entries(), "Le sommet de lʼOuzbékistan et d’Ouzbékistan."),
        ["Ouzbékistan", "Ouzbékistan"]
    );
}

#[test]
fn acronyms_match_their_dotted_or_undotted_twin_in_capitals() {
    let entries = || {
        vec![
            Entry::new("BCE", "ECB"),
            Entry::new("PIB", "GDP"),
            Entry::new("U.S.", "US"),
        ]
    };
    assert_eq!(
        texts(
            entries(),
            "La B.C.E. et le P.I.B. ; la BCE, le PIB ; les U.S. et les US."
        ),
        ["B.C.E", "P.I.B", "BCE", "PIB", "U.S.", "US"]
    );
    // The twin wants capitals: `us` in `us et coutumes` is no acronym.
    assert!(texts(entries(), "les us et coutumes, la b.c.e.").is_empty());
    // An entry that wants its case exactly has no twin.
    let mut exact = Entry::new("BCE", "ECB");
    exact.case = CaseMode::Sensitive;
    assert!(texts(vec![exact], "La B.C.E. a décidé.").is_empty());
}

#[test]
fn a_higher_glossary_wins_where_its_entry_overlaps_a_longer_shipped_one() {
    let shipped = glossary(vec![Entry::new(
        "nouvelles Routes de la soie",
        "Belt and Road Initiative",
    )]);
    let user = glossary(vec![Entry::new("Routes de la soie", "Belt and Road")]);
    let index = Index::build(vec![shipped, user]);
    let text = "Le projet des nouvelles Routes de la soie avance.";
    let (hits, overlapped) = index.find_all(text);
    assert_eq!(hits.len(), 1);
    assert_eq!(&text[hits[0].span.clone()], "Routes de la soie");
    assert_eq!(index.entry(hits[0].entry).target, "Belt and Road");
    // The shipped entry is still listed.
    assert_eq!(overlapped.len(), 1);
    assert_eq!(
        &text[overlapped[0].span.clone()],
        "nouvelles Routes de la soie"
    );
    // Alone, the shipped glossary matches as before.
    let shipped_only = Index::build(vec![glossary(vec![Entry::new(
        "nouvelles Routes de la soie",
        "Belt and Road Initiative",
    )])]);
    assert_eq!(shipped_only.find(text).len(), 1);
}
