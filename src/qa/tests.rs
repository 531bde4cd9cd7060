use super::*;

fn names(issues: &[Issue]) -> Vec<&'static str> {
    issues.iter().map(|i| i.check).collect()
}

#[test]
fn a_clean_translation_has_no_issue() {
    let issues = check_segment(
        "Le budget atteint 4,7\u{a0}milliards de dollars en 2022 (selon M.\u{a0}Dupont).",
        "The budget reaches 4.7 billion dollars in 2022 (according to Mr Dupont).",
        false,
        None,
    );
    assert!(issues.is_empty(), "{issues:?}");
}

#[test]
fn each_check_finds_its_problem() {
    let cases: &[(&str, &str, &str)] = &[
        ("Il a 34\u{a0}ans.", "He is 43.", "numbers"),
        (
            "Il a dit «\u{a0}oui\u{a0}».",
            "He said « yes ».",
            "french-quotes",
        ),
        ("Pourquoi\u{a0}?", "Why ?", "space-before-punctuation"),
        ("Il pèse 3,5\u{a0}kg.", "It weighs 3,5 kg.", "decimal-comma"),
        ("Il part (demain).", "He leaves (tomorrow.", "unpaired"),
        ("Il part demain.", "He  leaves tomorrow.", "double-space"),
        ("Il part demain.", " He leaves tomorrow.", "outer-space"),
        (
            "Il part demain.",
            "He leaves the the city tomorrow.",
            "repeated-word",
        ),
        ("Il part demain.", "He leaves tomorrow?", "end-punctuation"),
        (
            "Le président chinois a affiché son soutien au Kazakhstan voisin.",
            "Support.",
            "length",
        ),
        (
            "Le chemin de fer coûtera cher.",
            "Le chemin de fer coûtera cher.",
            "same-as-source",
        ),
        ("Il part demain.", "", "untranslated"),
    ];
    for (source, target, check) in cases {
        let found = names(&check_segment(source, target, false, None));
        assert!(found.contains(check), "{check}: {found:?} for {target:?}");
    }
}

#[test]
fn glossary_checks_use_the_glossary_engine() {
    let glossary = crate::glossary::sources::shipped_index();
    let source = "Le projet des nouvelles «\u{a0}Routes de la soie\u{a0}» avance.";
    let missing = check_segment(source, "The project advances.", false, Some(&glossary));
    assert!(names(&missing).contains(&"glossary-missing"), "{missing:?}");
    let forbidden = check_segment(
        source,
        "The New Silk Roads project advances.",
        false,
        Some(&glossary),
    );
    let found: Vec<&Issue> = forbidden
        .iter()
        .filter(|i| i.check == "glossary-forbidden")
        .collect();
    assert_eq!(found.len(), 1, "one rendering, one issue: {found:?}");
    let issue = found[0];
    assert_eq!(issue.severity, Severity::Error);
    assert_eq!(
        &"The New Silk Roads project advances."[issue.span.clone().unwrap()],
        "New Silk Roads"
    );
    let good = check_segment(
        source,
        "The Belt and Road project advances.",
        false,
        Some(&glossary),
    );
    assert!(good.is_empty(), "{good:?}");
}

#[test]
fn consistency_across_the_project() {
    use crate::project::{Header, Project, SourceKind, SourceSegment, Status};
    let segment = |text: &str| SourceSegment {
        text: text.into(),
        ..SourceSegment::default()
    };
    let header = Header::new("a.txt".into(), SourceKind::Text, String::new());
    let mut project = Project::new(
        header,
        vec![
            segment("Il pleut fort."),
            segment("Il pleut fort."),
            segment("Le vent souffle."),
            segment("La pluie tombe."),
        ],
    );
    project.set_translation(0, "It is raining hard.", Status::Confirmed);
    project.set_translation(1, "It rains heavily.", Status::Confirmed);
    project.set_translation(2, "The wind blows hard.", Status::Confirmed);
    project.set_translation(3, "It is raining hard.", Status::Confirmed);
    let found = check_project(&project, None);
    let at = |segment: usize, check: &str| {
        found
            .iter()
            .any(|f| f.segment == segment && f.issue.check == check)
    };
    assert!(at(0, "inconsistent-translation") && at(1, "inconsistent-translation"));
    assert!(!at(2, "inconsistent-translation"));
    assert!(at(0, "inconsistent-source") && at(3, "inconsistent-source"));
    let message = &found
        .iter()
        .find(|f| f.issue.check == "inconsistent-source")
        .unwrap()
        .issue
        .message;
    assert!(message.ends_with("segments 1, 4"), "{message}");
}
