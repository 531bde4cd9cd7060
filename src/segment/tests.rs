//! Unit tests of the segmenter on the failure classes named in the segmentation benchmark.

use super::*;

fn sentences(text: &str) -> Vec<&str> {
    Segmenter::french()
        .split(text)
        .into_iter()
        .map(|span| &text[span])
        .collect()
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(sentences(text), expected, "input: {text:?}");
}

#[test]
fn titles_never_end_a_sentence() {
    check(
        "M. Dupont est arrivé. MM. Durand et Petit aussi. Mme Roux et Mlle Vidal. Dr. Kim parle.",
        &[
            "M. Dupont est arrivé.",
            "MM. Durand et Petit aussi.",
            "Mme Roux et Mlle Vidal.",
            "Dr. Kim parle.",
        ],
    );
    check(
        "La Russie a indiqué que M. Xi rencontrerait M. Poutine en marge du sommet. Moscou cherche des liens.",
        &[
            "La Russie a indiqué que M. Xi rencontrerait M. Poutine en marge du sommet.",
            "Moscou cherche des liens.",
        ],
    );
}

#[test]
fn abbreviations_inside_a_sentence() {
    check(
        "Voir p. 12 et art. 3, cf. chap. 4, vol. 2. Il y a env. 300 pages, c.-à-d. beaucoup.",
        &[
            "Voir p. 12 et art. 3, cf. chap. 4, vol. 2.",
            "Il y a env. 300 pages, c.-à-d. beaucoup.",
        ],
    );
    check(
        "César meurt en 44 av. J.-C. Auguste lui succède. Des pièces, p. ex. des deniers.",
        &[
            "César meurt en 44 av. J.-C.",
            "Auguste lui succède.",
            "Des pièces, p. ex. des deniers.",
        ],
    );
}

#[test]
fn etc_ends_a_sentence_only_before_a_new_one() {
    check(
        "Des pommes, des poires, etc. Le marché ferme. Des noix, etc. et du miel.",
        &[
            "Des pommes, des poires, etc.",
            "Le marché ferme.",
            "Des noix, etc. et du miel.",
        ],
    );
}

#[test]
fn initials_and_dotted_acronyms() {
    check(
        "J.-P. Bruneau a rencontré G. W. Bush aux U.S.A. et E. Macron. La suite demain.",
        &[
            "J.-P. Bruneau a rencontré G. W. Bush aux U.S.A. et E. Macron.",
            "La suite demain.",
        ],
    );
    check(
        "La vitamine C. Elle protège.",
        &["La vitamine C.", "Elle protège."],
    );
    check("Selon J. Le Pen, rien.", &["Selon J. Le Pen, rien."]);
}

#[test]
fn numbers_lists_ordinals_and_units() {
    check(
        "Il mesure 1.5 m. Le 1er mai, au XIXe s. on dansait. La liste compte trois pays. 1. À partir de mars. 2. Ensuite.",
        &[
            "Il mesure 1.5 m.",
            "Le 1er mai, au XIXe s. on dansait.",
            "La liste compte trois pays.",
            "1. À partir de mars.",
            "2. Ensuite.",
        ],
    );
    check(
        "La hausse atteint 2° C. Les glaciers fondent.",
        &["La hausse atteint 2° C.", "Les glaciers fondent."],
    );
    check(
        "Il est né en 2015. Il a 3 ans.",
        &["Il est né en 2015.", "Il a 3 ans."],
    );
}

#[test]
fn guillemets_and_quotes() {
    check(
        "« Vraiment\u{a0}? » a-t-il dit. « Oui\u{202f}! » Puis il partit.",
        &[
            "« Vraiment\u{a0}? » a-t-il dit.",
            "« Oui\u{202f}! »",
            "Puis il partit.",
        ],
    );
    check(
        "Il dit « non ». « Pourquoi ? » demanda-t-elle. \"Parce que.\" Fin.",
        &[
            "Il dit « non ».",
            "« Pourquoi ? » demanda-t-elle.",
            "\"Parce que.\"",
            "Fin.",
        ],
    );
    check(
        "Il a parlé de \"décentrement\". « Il a été démontré », écrit l'ONG.",
        &[
            "Il a parlé de \"décentrement\".",
            "« Il a été démontré », écrit l'ONG.",
        ],
    );
    check(
        "Elle a dit : « Nous partirons demain. » Le train attendait.",
        &[
            "Elle a dit : « Nous partirons demain. »",
            "Le train attendait.",
        ],
    );
}

#[test]
fn french_spacing_before_strong_punctuation() {
    check(
        "Je suis Chris\u{202f}? Comment allez-vous\u{a0}! Bien\u{a0}: merci.",
        &[
            "Je suis Chris\u{202f}?",
            "Comment allez-vous\u{a0}!",
            "Bien\u{a0}: merci.",
        ],
    );
}

#[test]
fn ellipsis_inside_and_at_the_end() {
    check(
        "Je suis (...) Chris. Il hésite… puis repart. Il attend... Rien ne vient.",
        &[
            "Je suis (...) Chris.",
            "Il hésite… puis repart.",
            "Il attend...",
            "Rien ne vient.",
        ],
    );
    check(
        "J'ai des amis (Tom, Lisa, ...) et je suis populaire ! Je suis Chris (...). comment",
        &[
            "J'ai des amis (Tom, Lisa, ...) et je suis populaire !",
            "Je suis Chris (...).",
            "comment",
        ],
    );
}

#[test]
fn sentence_openings_of_every_kind() {
    check(
        "Il partit. à peine arrivé, il repartit. 30 personnes suivirent. — Venez ! dit-il. Ève resta. Élodie aussi. À son bord, rien.",
        &[
            "Il partit.",
            "à peine arrivé, il repartit.",
            "30 personnes suivirent.",
            "— Venez ! dit-il.",
            "Ève resta.",
            "Élodie aussi.",
            "À son bord, rien.",
        ],
    );
}

#[test]
fn spans_are_byte_offsets_and_trimmed() {
    let text = "\u{a0} Premier\u{a0}! Deuxième.\u{202f} ";
    let spans = Segmenter::french().split(text);
    assert_eq!(spans.len(), 2);
    assert_eq!(&text[spans[0].clone()], "Premier\u{a0}!");
    assert_eq!(&text[spans[1].clone()], "Deuxième.");
    assert_eq!(spans[0].start, "\u{a0} ".len());
}

#[test]
fn no_sentence_in_blank_text() {
    assert!(sentences("").is_empty());
    assert!(sentences(" \u{a0}\t").is_empty());
    check("…", &["…"]);
    check("?!", &["?!"]);
}

#[test]
fn user_exceptions_add_abbreviations_and_forced_breaks() {
    let exceptions = Exceptions::parse(
        "abbreviations: [Vx., \"pt. ex.\"]\nbreak_after: [Inc]\n",
        std::path::Path::new("x.yaml"),
    )
    .unwrap();
    let segmenter = Segmenter::french().with_exceptions(&exceptions);
    let text = "Un Vx. Mot. Voir pt. 5. Apple Inc. annonce. Autre.";
    let got: Vec<&str> = segmenter
        .split(text)
        .into_iter()
        .map(|s| &text[s])
        .collect();
    assert_eq!(
        got,
        [
            "Un Vx. Mot.",
            "Voir pt. 5.",
            "Apple Inc.",
            "annonce.",
            "Autre."
        ]
    );
}

#[test]
fn exceptions_file_errors_carry_line_and_column() {
    let error = Exceptions::parse(
        "abbreviations: [a, b\nbreak_after: x: y\n",
        std::path::Path::new("ex.yaml"),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("ex.yaml:"), "{message}");
    let ExceptionsError::Syntax(crate::yaml_file::SyntaxError { line, .. }) = error else {
        panic!("expected a syntax error, got {message}")
    };
    assert!(line >= 1, "{message}");
    let unknown = Exceptions::parse("abreviations: [x]\n", std::path::Path::new("ex.yaml"))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("abreviations"), "{unknown}");
}

#[test]
fn a_news_paragraph_written_for_passeur() {
    // Our own copy, not from any benchmark: the cases a newsroom text mixes in one paragraph.
    check(
        "(Bruxelles) La Commission a proposé mardi un plan de 4,5 milliards d’euros. « Nous n’avons plus le choix\u{a0}! » a lancé M. Breton devant les députés. Selon le rapport (p. 14), les émissions ont baissé de 2,3 % en 2023… Les ONG, elles, parlent d’un « pas timide ». Mme von der Leyen, qui s’exprimait à Strasbourg, n’a pas commenté. 1. Le plan entre en vigueur en janvier. 2. Il sera révisé en 2027, etc. Prochaine étape\u{202f}: le Conseil.",
        &[
            "(Bruxelles) La Commission a proposé mardi un plan de 4,5 milliards d’euros.",
            "« Nous n’avons plus le choix\u{a0}! » a lancé M. Breton devant les députés.",
            "Selon le rapport (p. 14), les émissions ont baissé de 2,3 % en 2023…",
            "Les ONG, elles, parlent d’un « pas timide ».",
            "Mme von der Leyen, qui s’exprimait à Strasbourg, n’a pas commenté.",
            "1. Le plan entre en vigueur en janvier.",
            "2. Il sera révisé en 2027, etc.",
            "Prochaine étape\u{202f}: le Conseil.",
        ],
    );
}

#[test]
fn inline_enumerations_continue_the_sentence() {
    check(
        "Le syndicat réclame trois mesures : 1. une hausse des primes ; 2. une réduction des \
         gardes ; 3. le recrutement de soignants. La direction refuse.",
        &[
            "Le syndicat réclame trois mesures : 1. une hausse des primes ; 2. une réduction des \
             gardes ; 3. le recrutement de soignants.",
            "La direction refuse.",
        ],
    );
    // A numbered item at the start of a line or after a real end stays a boundary, and a
    // number after a colon that ends the sentence too.
    check(
        "Voici le calendrier. 1. Le vote aura lieu mardi. Score final : 3. Puis vint la pluie.",
        &[
            "Voici le calendrier.",
            "1. Le vote aura lieu mardi.",
            "Score final : 3.",
            "Puis vint la pluie.",
        ],
    );
}

#[test]
fn abbreviated_months_continue_before_a_number_or_a_lower_case_word() {
    check(
        "La réunion du 3 févr. dernier a été reportée au 12 sept. 2025, puis au 4 déc. prochain. \
         Le préfet s’en est expliqué le 2 janv. Aucun recours n’a abouti.",
        &[
            "La réunion du 3 févr. dernier a été reportée au 12 sept. 2025, puis au 4 déc. prochain.",
            "Le préfet s’en est expliqué le 2 janv.",
            "Aucun recours n’a abouti.",
        ],
    );
    // `sept` is also seven.
    check(
        "Ils étaient sept. Puis les autres sont arrivés.",
        &["Ils étaient sept.", "Puis les autres sont arrivés."],
    );
}

#[test]
fn abbreviations_behind_an_elided_article() {
    check(
        "D’après l’art. 12 du texte, la saisine est possible. Selon l'art. 3, non. \
         L’ex. suivant le montre. Jusqu’apr. J.-C. rien ne change.",
        &[
            "D’après l’art. 12 du texte, la saisine est possible.",
            "Selon l'art. 3, non.",
            "L’ex. suivant le montre.",
            "Jusqu’apr. J.-C. rien ne change.",
        ],
    );
}

#[test]
fn a_digit_after_an_ellipsis_continues() {
    check(
        "Il en reste... 40 sur 300. Et après… 12 jours de grève. Rien… Le silence.",
        &[
            "Il en reste... 40 sur 300.",
            "Et après… 12 jours de grève.",
            "Rien…",
            "Le silence.",
        ],
    );
}

#[test]
fn an_introducing_abbreviation_closed_by_a_bracket_may_end() {
    check(
        "Il cite plusieurs textes (voir par ex.) Mais aucun ne tranche. Des cas (cf. art. 4) existent.",
        &[
            "Il cite plusieurs textes (voir par ex.)",
            "Mais aucun ne tranche.",
            "Des cas (cf. art. 4) existent.",
        ],
    );
}

#[test]
fn a_straight_quote_before_a_letter_opens_the_next_sentence() {
    check(
        "Le ministre a-t-il conclu. \"Nous verrons bien\", a répondu l'opposition. \
         Il a dit \"non. \" Puis il est parti.",
        &[
            "Le ministre a-t-il conclu.",
            "\"Nous verrons bien\", a répondu l'opposition.",
            "Il a dit \"non. \"",
            "Puis il est parti.",
        ],
    );
}

#[test]
fn ordinary_words_in_the_abbreviation_lists_end_sentences() {
    check(
        "La compagnie a annulé la moitié de ses vols. Air Austral suit. Il a raté son vol. Le suivant part demain.",
        &[
            "La compagnie a annulé la moitié de ses vols.",
            "Air Austral suit.",
            "Il a raté son vol.",
            "Le suivant part demain.",
        ],
    );
    check(
        "Elle enseigne les arts. Son atelier ferme. Voici son ex. Elle l’a quitté.",
        &[
            "Elle enseigne les arts.",
            "Son atelier ferme.",
            "Voici son ex.",
            "Elle l’a quitté.",
        ],
    );
    // Still abbreviations before a number, a lower-case word or a code reference.
    check(
        "Selon l’art. 12 du texte et l’art. L. 3121-1 du code, le vol. 2 paraît, par ex. en mai.",
        &[
            "Selon l’art. 12 du texte et l’art. L. 3121-1 du code, le vol. 2 paraît, par ex. en mai.",
        ],
    );
}

#[test]
fn a_second_initial_is_not_an_elided_opener() {
    check(
        "Il cite J. L. Borges et R. J. Reynolds. P. J. Harvey chante. Le suspect, identifié comme « J. J. », a fui.",
        &[
            "Il cite J. L. Borges et R. J. Reynolds.",
            "P. J. Harvey chante.",
            "Le suspect, identifié comme « J. J. », a fui.",
        ],
    );
    // With an apostrophe they still open a sentence.
    check(
        "Il parle de G. L’affaire continue.",
        &["Il parle de G.", "L’affaire continue."],
    );
}
