//! The real binary in a real terminal: tmux drives `passeur` on a copy of the seed article,
//! types, confirms, moves, inserts a glossary suggestion, saves and quits; another test kills
//! it with SIGKILL after a confirm. Screens are polled (never fixed sleeps).

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::*;
use passeur::project::Status;
use passeur::project::store::Store;

/// A directory with a copy of the seed article (and an `xdg` directory for the user's
/// configuration and cache); the project path.
fn seed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xdg")).unwrap();
    std::fs::copy(seed_article(), dir.path().join("article.txt")).unwrap();
    let project = dir.path().join("article.txt.passeur");
    (dir, project)
}

/// The Alt+digit of a suggestion on screen: `Alt+3 nouvelles Routes de la soie → Belt and Road`.
fn alt_digit_for(screen: &str, target: &str) -> String {
    screen
        .lines()
        .find_map(|line| {
            let at = line.find("Alt+")?;
            let rest = &line[at + 4..];
            let digit = rest.chars().next()?.to_digit(10)?;
            rest.contains(&format!("→ {target}"))
                .then(|| format!("M-{digit}"))
        })
        .unwrap_or_else(|| panic!("no suggestion for {target}:\n{screen}"))
}

#[test]
fn translate_move_insert_save_quit_in_a_real_terminal() {
    let (dir, project) = seed_copy();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt");
    tmux.wait_for("1/27");
    let gold = gold();
    tmux.type_text(&gold[0].reference_en);
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 2/27 │");
    let mut screen = String::new();
    for n in 3..=11 {
        tmux.keys(&["M-Down"]);
        screen = tmux.wait_for(&format!(" {n}/27 │"));
    }
    assert!(screen.contains("Belt and Road"), "{screen}");
    let key = alt_digit_for(&screen, "Belt and Road");
    tmux.type_text("the new ");
    tmux.keys(&[&key]);
    tmux.wait_for("the new Belt and Road");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved ");
    tmux.quit();
    // The terminal is restored: same settings as before, main screen back, pane alive.
    assert_eq!(
        tmux.state_file("stty-after"),
        tmux.state_file("stty-before")
    );
    let alternate = tmux.command(&["display-message", "-p", "-t", "t", "#{alternate_on}"]);
    assert_eq!(alternate.trim(), "0");
    let (_, saved) = Store::open(&project).unwrap();
    assert_eq!(saved.unit(0).target, gold[0].reference_en);
    assert_eq!(saved.unit(0).status, Status::Confirmed);
    assert_eq!(saved.unit(10).target, "the new Belt and Road");
    // Reopening returns to the segment where the translator left.
    let again = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt.passeur");
    again.wait_for(" 11/27 │");
    again.keys(&["C-q"]);
    assert_eq!(again.wait_exit(), "0");
}

#[test]
fn sigkill_after_a_confirm_loses_nothing() {
    let (dir, project) = seed_copy();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt");
    tmux.wait_for("1/27");
    tmux.type_text("Confirmed before the crash.");
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 2/27 │ saved");
    let pid = tmux.passeur_pid();
    assert!(!pid.is_empty());
    let status = Command::new("kill").args(["-9", &pid]).status().unwrap();
    assert!(status.success());
    assert_eq!(tmux.wait_exit(), "137");
    let (_, saved) = Store::open(&project).unwrap();
    assert_eq!(saved.unit(0).target, "Confirmed before the crash.");
    assert_eq!(saved.unit(0).status, Status::Confirmed);
}

#[test]
fn tiny_terminal_resizing_and_a_missing_source() {
    let (dir, _) = seed_copy();
    let output = run(
        &["init", dir.path().join("article.txt").to_str().unwrap()],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    std::fs::remove_file(dir.path().join("article.txt")).unwrap();
    let tmux = Tmux::start(
        dir.path(),
        &dir.path().join("xdg"),
        "open article.txt.passeur",
    );
    tmux.wait_for("article.txt is missing");
    tmux.command(&["resize-window", "-t", "t", "-x", "10", "-y", "5"]);
    tmux.wait_until(
        |s| s.contains("Terminal") && s.contains("small"),
        "too small",
    );
    tmux.command(&["resize-window", "-t", "t", "-x", "120", "-y", "30"]);
    tmux.wait_for("1/27");
    tmux.keys(&["F1"]);
    tmux.wait_for("Keys");
    tmux.keys(&["Escape"]);
    tmux.wait_until(|s| !s.contains(" Keys "), "help closed");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
}

#[test]
fn bad_sources_are_refused_before_the_screen_changes() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("photo.jpg");
    std::fs::write(&binary, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00").unwrap();
    assert_clean_error(&run(&[binary.to_str().unwrap()], b""), "photo.jpg");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    assert_clean_error(
        &run(&[empty.to_str().unwrap()], b""),
        "no text to translate",
    );
    let output = run(
        &["open", dir.path().join("absent.txt").to_str().unwrap()],
        b"",
    );
    assert_clean_error(&output, "absent.txt");
}

#[test]
fn other_terminals_screen_and_the_linux_console() {
    for (term, confirmed_mark) in [("screen-256color", "✓    1"), ("linux", "+    1")] {
        let (dir, _) = seed_copy();
        let tmux = Tmux::start_with_term(dir.path(), &dir.path().join("xdg"), "article.txt", term);
        tmux.wait_for("1/27");
        tmux.type_text("Done.");
        tmux.keys(&["Enter"]);
        tmux.keys(&["M-Up"]);
        tmux.wait_for(confirmed_mark);
        tmux.keys(&["C-q"]);
        assert_eq!(tmux.wait_exit(), "0", "{term}");
        assert_eq!(
            tmux.state_file("stty-after"),
            tmux.state_file("stty-before"),
            "{term}"
        );
    }
}

#[test]
fn a_clients_xliff_opens_in_the_workspace_and_goes_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xdg")).unwrap();
    std::fs::copy("tests/data/client-1.2.xlf", dir.path().join("job.xlf")).unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "open job.xlf");
    tmux.wait_for("1/3");
    tmux.wait_for("<g1>OCS</g1>");
    tmux.type_text("The <g1>SCO</g1> summit opens in Samarkand.");
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 2/3 │ saved");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let project = dir.path().join("job.xlf.passeur");
    let out = dir.path().join("job.en.xlf");
    let output = export_to(&project, "original", &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(out).unwrap();
    assert!(
        written.contains("<target state=\"translated\">The <g id=\"1\">SCO</g> summit opens in Samarkand.</target>"),
        "{written}"
    );
}

#[test]
fn memory_matches_in_the_workspace() {
    let (dir, _) = seed_copy();
    let xdg = dir.path().join("xdg");
    // A translated copy of the article, exported as TMX and imported into the memory.
    let translated = dir.path().join("translated");
    std::fs::create_dir(&translated).unwrap();
    let source = translated_seed_project(&translated, 0);
    let tmx = dir.path().join("seed.tmx");
    let output = export_to(&source, "tmx", &tmx);
    assert_eq!(output.status.code(), Some(0));
    let output = run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &xdg);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let tmux = Tmux::start(dir.path(), &xdg, "article.txt");
    tmux.wait_for("Translation memory ready: 27 units");
    let screen = tmux.wait_for("Alt+A 100%");
    assert!(
        screen.contains("(Nur-Sultan) Chinese President"),
        "{screen}"
    );
    tmux.keys(&["M-a"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 2/27 │");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let (_, saved) = Store::open(&dir.path().join("article.txt.passeur")).unwrap();
    assert_eq!(saved.unit(0).target, gold()[0].reference_en);
}

#[test]
fn an_edited_source_is_realigned_and_said_on_screen() {
    let (dir, project) = seed_copy();
    let output = run(
        &["init", dir.path().join("article.txt").to_str().unwrap()],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    let article = dir.path().join("article.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("Une phrase ajoutée en tête.\n{text}")).unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt");
    tmux.wait_for("The source was edited");
    tmux.wait_for("27 segments kept, 1 new");
    tmux.wait_for("1/28");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    assert_eq!(Store::open(&project).unwrap().1.len(), 28);
}

#[test]
fn control_sequences_in_a_text_are_shown_not_obeyed_by_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xdg")).unwrap();
    // A title change, a screen clear and an OSC 52 clipboard write hidden in an article.
    std::fs::write(
        dir.path().join("piege.txt"),
        "Premier titre. \u{1b}]0;pwned\u{7}Le texte continue.\n\
         Deuxième phrase.\u{1b}[2J\u{1b}]52;c;cGF3bmVk\u{7} Fin.\n",
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "segment piege.txt");
    assert_eq!(tmux.wait_exit(), "0");
    let screen = tmux.wait_for("Fin.");
    assert!(screen.contains("Premier titre."), "{screen}");
    assert!(
        screen.contains("^[]0;pwned^GLe texte continue."),
        "{screen}"
    );
    assert!(
        screen.contains("Deuxième phrase.^[[2J^[]52;c;cGF3bmVk^G"),
        "{screen}"
    );
    let title = tmux.command(&["display-message", "-p", "-t", "t", "#{pane_title}"]);
    assert!(!title.contains("pwned"), "the title was changed: {title}");
    // Into a file, the text stays exact.
    let output = run(
        &["segment", dir.path().join("piege.txt").to_str().unwrap()],
        b"",
    );
    assert!(stdout(&output).contains("\u{1b}]0;pwned\u{7}"));
}

#[test]
fn machine_translation_box_insert_and_prefetch() {
    use common::http::{Reply, Server};
    let server = Server::start(|request, _| {
        let q = request.json()["q"].clone();
        let out: Vec<String> = q
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "MT of {}",
                    t.as_str().unwrap().split_whitespace().next().unwrap()
                )
            })
            .collect();
        Reply::json(serde_json::json!({ "translatedText": out }))
    });
    let (dir, project) = seed_copy();
    let config = dir.path().join("xdg/config/passeur");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.yaml"),
        format!("mt:\n  provider: libretranslate\n  url: {}\n", server.url),
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt");
    let gold = gold();
    let label = |n: usize| {
        format!(
            "MT of {}",
            gold[n - 1].text.split_whitespace().next().unwrap()
        )
    };
    let first = label(1);
    let screen = tmux.wait_for(&format!("Alt+M {first}"));
    assert!(
        screen.contains("Machine translation · libretranslate"),
        "{screen}"
    );
    assert!(
        screen.contains("MT: libretranslate"),
        "the status bar names it:\n{screen}"
    );
    // The current segment and the next three were asked for, once each (the requests for
    // terms alone, made for repairs, aside).
    let asked = |server: &Server| -> Vec<String> {
        server
            .received()
            .iter()
            .map(|r| r.json()["q"][0].as_str().unwrap().to_owned())
            .filter(|q| common::gold().iter().any(|g| g.text == *q))
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while asked(&server).len() < 4 {
        assert!(Instant::now() < deadline, "prefetch: {:?}", asked(&server));
        std::thread::sleep(Duration::from_millis(20));
    }
    let sources: Vec<&str> = gold[..4].iter().map(|g| g.text.as_str()).collect();
    assert_eq!(asked(&server), sources);
    tmux.keys(&["M-m"]);
    tmux.wait_until(
        |screen| screen.matches(first.as_str()).count() >= 2,
        "the MT text in the editor too",
    );
    tmux.keys(&["Enter"]);
    // On the next segment the box is there at once (prefetched), and segment 5 is asked for.
    tmux.wait_for(&format!("Alt+M {}", label(2)));
    let deadline = Instant::now() + Duration::from_secs(15);
    while asked(&server).len() < 5 {
        assert!(
            Instant::now() < deadline,
            "prefetch of 5: {:?}",
            asked(&server)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(asked(&server)[4], gold[4].text);
    tmux.quit();
    let (_, project) = Store::open(&project).unwrap();
    assert_eq!(project.unit(0).target, first);
    assert_eq!(project.unit(0).status, Status::Confirmed);
}

#[test]
fn translate_reread_replace_review_and_export_with_a_comment() {
    let (dir, project) = seed_copy();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt");
    tmux.wait_for("1/27");
    let gold = gold();
    for (n, segment) in gold.iter().take(5).enumerate() {
        tmux.type_text(&segment.reference_en);
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!(" {}/27 │", n + 2));
    }
    // Reread: the English is in the document pane under the French.
    tmux.go_to(1);
    let screen = tmux.screen();
    assert!(
        screen.contains("(Nur-Sultan) Chinese President Xi Jinping"),
        "{screen}"
    );
    // Find & replace across the English: all of them at once.
    tmux.keys(&["C-k"]);
    tmux.wait_for("Find in the English:");
    tmux.type_text("Xi Jinping");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Replace with:");
    tmux.type_text("Mr Xi");
    tmux.keys(&["Enter"]);
    tmux.wait_for("A replaces in all the rest");
    tmux.type_text("a");
    tmux.wait_for("Replaced 3 occurrences in 3 segments");
    // Review segment 1 with a change of the reviewer's own, and leave a comment.
    tmux.go_to(1);
    tmux.keys(&["End"]);
    tmux.type_text(" (reviewed)");
    tmux.keys(&["M-o"]);
    tmux.wait_for("Comment:");
    tmux.type_text("Check the dateline against the wire.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Comment saved.");
    tmux.keys(&["M-r"]);
    tmux.wait_for("Segment 1 reviewed ★; your change is kept beside the translator's version");
    tmux.quit();
    let (_, saved) = Store::open(&project).unwrap();
    let first = saved.unit(0);
    assert_eq!(first.status, Status::Reviewed);
    assert!(
        first
            .target
            .starts_with("(Nur-Sultan) Chinese President Mr Xi on Wednesday")
    );
    assert!(first.target.ends_with(" (reviewed)"));
    assert!(
        first
            .translator_version
            .as_deref()
            .unwrap()
            .contains("Mr Xi")
    );
    let xliff = dir.path().join("out.xlf");
    let output = export_to(&project, "xliff12", &xliff);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&xliff).unwrap();
    assert!(
        text.contains("<note>Check the dateline against the wire.</note>"),
        "{text}"
    );
}

#[test]
fn opening_with_memory_uses_that_memory() {
    let (dir, _) = seed_copy();
    let xdg = dir.path().join("xdg");
    // A memory file of its own, not the user's: the workspace offers its units.
    let translated = dir.path().join("translated");
    std::fs::create_dir(&translated).unwrap();
    let source = translated_seed_project(&translated, 0);
    let tmx = dir.path().join("seed.tmx");
    assert_eq!(export_to(&source, "tmx", &tmx).status.code(), Some(0));
    let desk = dir.path().join("desk.sqlite");
    let output = run_with_home(
        &[
            "memory",
            "import",
            tmx.to_str().unwrap(),
            "--memory",
            desk.to_str().unwrap(),
        ],
        b"",
        &xdg,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let tmux = Tmux::start(
        dir.path(),
        &xdg,
        // `passeur FILE` takes the options of `passeur open`.
        &format!("article.txt --memory {}", desk.display()),
    );
    tmux.wait_for("Translation memory ready: 27 units");
    tmux.wait_for("Alt+A 100%");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
}

/// Issue 21's screen: on a segment with three glossary terms (one with a note and a forbidden
/// form), a 96 % memory match and a machine translation the glossary repaired, every term's
/// French and English, the match's word diff and the repaired MT are on screen at 140×40 and
/// at 80×24.
#[test]
fn what_passeur_knows_is_on_screen_at_the_sizes_translators_use() {
    use common::http::{Reply, Server};
    let (dir, _) = seed_copy();
    let xdg = dir.path().join("xdg");
    let gold = gold();
    let at = gold
        .iter()
        .position(|g| g.text.contains("Routes de la soie"))
        .unwrap();
    let segment = gold[at].text.clone();
    std::fs::write(
        dir.path().join("article.txt.glossary.yaml"),
        "source_lang: fr\ntarget_lang: en\nentries:\n\
         \x20 - source: nouvelles Routes de la soie\n    target: Belt and Road\n\
         \x20   forbidden: [New Silk Roads]\n    note: The name Beijing uses in English.\n\
         \x20 - source: président chinois\n    target: Chinese President\n\
         \x20 - source: Kazakhstan\n    target: Kazakhstan\n",
    )
    .unwrap();
    // A memory unit one word away from the segment.
    let near = segment.replace("gigantesque", "immense");
    assert_ne!(near, segment);
    let tmx = dir.path().join("desk.tmx");
    std::fs::write(
        &tmx,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
             creationtool=\"test\" creationtoolversion=\"1\" segtype=\"sentence\" \
             o-tmf=\"test\" adminlang=\"en\" srclang=\"fr\" datatype=\"plaintext\"/><body>\
             <tu><tuv xml:lang=\"fr\"><seg>{near}</seg></tuv><tuv xml:lang=\"en\"><seg>\
             Kazakhstan, like Uzbekistan, lies on the Belt and Road.</seg></tuv></tu>\
             </body></tmx>\n"
        ),
    )
    .unwrap();
    let output = run_with_home(&["memory", "import", tmx.to_str().unwrap()], b"", &xdg);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // An engine that writes the programme's name as the glossary forbids, also when asked
    // for the term alone: the repair's business.
    let server = Server::start(|request, _| {
        let out: Vec<String> = request.json()["q"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| match q.as_str().unwrap().contains("Kazakhstan") {
                true => "Kazakhstan is on the New Silk Roads.".to_owned(),
                false => "New Silk Roads".to_owned(),
            })
            .collect();
        Reply::json(serde_json::json!({ "translatedText": out }))
    });
    std::fs::create_dir_all(xdg.join("config/passeur")).unwrap();
    std::fs::write(
        xdg.join("config/passeur/config.yaml"),
        format!("mt:\n  provider: libretranslate\n  url: {}\n", server.url),
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &xdg, "article.txt --no-default-glossaries");
    tmux.wait_for("1/27");
    tmux.go_to(at + 1);
    for (width, height) in [(140, 40), (80, 24)] {
        tmux.command(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
        let screen = tmux.wait_until(
            |screen| screen.contains("Alt+Shift+M Kazakhstan is on the Belt and Road"),
            "the repaired MT",
        );
        for term in [
            "nouvelles Routes de la soie → Belt and Road",
            "président chinois → Chinese President",
            "Kazakhstan → Kazakhstan",
        ] {
            assert!(screen.contains(term), "{width}×{height}: {term}:\n{screen}");
        }
        assert!(
            screen.contains("Alt+A  9"),
            "{width}×{height}: the match:\n{screen}"
        );
        assert!(
            screen.contains("[-immense-]") && screen.contains("{+gigantesque+}"),
            "{width}×{height}: the match's diff:\n{screen}"
        );
        if height >= 40 {
            assert!(
                screen.contains("The name Beijing uses in English.")
                    && screen.contains("New Silk Roads"),
                "{width}×{height}: the note and the forbidden form:\n{screen}"
            );
        }
    }
    tmux.quit();
}

/// A client's inline tags: a translation that drops one is stopped at Enter with the tag
/// named, F9 puts it back (a pair around the selection), and what is confirmed goes back into
/// the file with the client's codes; `passeur check` names a missing tag, and a translation
/// with a tag the file never had is not written into it.
#[test]
fn a_missing_tag_stops_the_confirm_and_f9_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xdg")).unwrap();
    std::fs::copy("tests/data/client-1.2.xlf", dir.path().join("job.xlf")).unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "open job.xlf");
    tmux.wait_for("<g1>OCS</g1>");
    tmux.type_text("The SCO summit opens in Samarkand.");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Not confirmed:");
    assert!(
        screen.contains("the source's tag <g1> is not in the translation"),
        "{screen}"
    );
    assert!(screen.contains(" 1/3 │"), "{screen}");
    // "SCO" selected (Home, four words on, then three characters with Shift), F9 wraps it.
    tmux.keys(&["Home", "C-Right", "S-Right", "S-Right", "S-Right", "F9"]);
    tmux.wait_for("The <g1>SCO</g1> summit opens in Samarkand.");
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 2/3 │");
    // The second unit: a standalone code and a code that is not in the source at all.
    tmux.type_text("Click <x2/> to read on<x3/><x7/>.");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Not confirmed:");
    assert!(
        screen.contains("tag <x7/> is not in the source"),
        "{screen}"
    );
    // Enter again confirms anyway: the file will not get it.
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 3/3 │");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let project = dir.path().join("job.xlf.passeur");
    let output = run(&["check", project.to_str().unwrap()], b"");
    let report = stdout(&output);
    assert!(
        report.contains("tag <x7/> is not in the source"),
        "{report}"
    );
    let out = dir.path().join("job.en.xlf");
    let output = export_to(&project, "original", &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("segments 2 not written into the file: they hold tags the file cannot take"),
        "{}",
        stderr(&output)
    );
    let written = std::fs::read_to_string(out).unwrap();
    assert!(
        written.contains("The <g id=\"1\">SCO</g> summit opens in Samarkand."),
        "{written}"
    );
    assert!(
        !written.contains("x7") && !written.contains("to read on"),
        "{written}"
    );
}

/// A `keys:` section moves "confirm" to Ctrl+J: Enter no longer confirms, Ctrl+J does, and F1
/// lists it; a key two commands would share is refused before the screen, with its place.
#[test]
fn a_translator_rebinds_confirm_and_f1_shows_it() {
    let (dir, project) = seed_copy();
    let config = dir.path().join("xdg/config/passeur");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.yaml"),
        "author: Claire\nkeys:\n  confirm: Ctrl+J\n  escape: Esc / Alt+X\n",
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.txt");
    tmux.wait_for("1/27");
    tmux.type_text("Nur-Sultan.");
    tmux.keys(&["Enter"]);
    tmux.keys(&["C-j"]);
    tmux.wait_for(" 2/27 │");
    tmux.keys(&["F1"]);
    let help = tmux.wait_for(" Keys ");
    assert!(
        help.contains("Ctrl+J") && help.contains("confirm the translation"),
        "{help}"
    );
    tmux.keys(&["M-x"]);
    tmux.wait_until(
        |screen| !screen.contains(" Keys "),
        "the help closed by Alt+X",
    );
    tmux.quit();
    let (_, saved) = Store::open(&project).unwrap();
    assert_eq!(saved.unit(0).target, "Nur-Sultan.");
    assert_eq!(saved.unit(0).status, Status::Confirmed);
    // A conflict: one line, its place, exit 2, nothing drawn.
    std::fs::write(
        config.join("config.yaml"),
        "keys:\n  confirm: Ctrl+J\n  save: Ctrl+J\n",
    )
    .unwrap();
    let output = run_with_home(
        &[dir.path().join("article.txt").to_str().unwrap()],
        b"",
        &dir.path().join("xdg"),
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("config.yaml:3:3: Ctrl+J would do both confirm and save"),
        "{err}"
    );
}

/// A Word document in the workspace: the dateline drawn bold as the document has it, a
/// translation without its tag stopped at Enter, Shift+F9 wrapping the selection in the
/// source's tag 1, and the English document written back with the dateline's bold run.
#[test]
fn a_word_document_shows_its_formatting_and_shift_f9_wraps_a_tag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xdg")).unwrap();
    std::fs::copy(
        shared().join("eval/documents/news/article_fr.docx"),
        dir.path().join("article.docx"),
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &dir.path().join("xdg"), "article.docx");
    tmux.wait_for("Source 1/36");
    tmux.keys(&["C-g"]);
    tmux.type_text("2");
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 2/36 │");
    // The text inside <g1>…</g1> is drawn bold (SGR 1), the tag itself dimmed (SGR 2).
    let colored = tmux.command(&["capture-pane", "-p", "-e", "-t", "t"]);
    let line = colored
        .lines()
        .find(|line| line.contains("2 \u{1b}"))
        .unwrap_or_else(|| panic!("segment 2 not drawn: {colored}"));
    let dateline = line.find("(").unwrap();
    let before = &line[..dateline];
    // What is in force since the last reset (`ESC[0…m`) before the dateline's first character.
    let since_reset = &before[before.rfind("\u{1b}[0").unwrap()..];
    assert!(
        since_reset.starts_with("\u{1b}[0;1m") || since_reset.contains("\u{1b}[1m"),
        "the dateline is not bold: {line:?}"
    );
    assert!(before.contains("[2m"), "the tag is not dimmed: {line:?}");
    tmux.type_text("(Nur-Sultan) Chinese President Xi Jinping showed his support.");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Not confirmed:");
    assert!(screen.contains("tag <g1>"), "{screen}");
    let mut keys = vec!["Up", "Home"];
    keys.extend(std::iter::repeat_n("S-Right", "(Nur-Sultan)".len()));
    keys.push("S-F9");
    tmux.keys(&keys);
    tmux.wait_for("tag number");
    tmux.type_text("1");
    tmux.keys(&["Enter"]);
    tmux.wait_for("<g1>(Nur-Sultan)</g1> Chinese President");
    tmux.keys(&["Enter"]);
    tmux.wait_for(" 3/36 │");
    tmux.quit();
    let project = dir.path().join("article.docx.passeur");
    let out = dir.path().join("article.en.docx");
    let output = export_to(&project, "original", &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").unwrap(),
        &mut body,
    )
    .unwrap();
    let at = body.find("(Nur-Sultan)</w:t>").unwrap();
    let run = &body[body[..at].rfind("<w:r>").unwrap()..at];
    assert!(run.contains("<w:b/>"), "{run}");
    assert!(body.contains("> Chinese President Xi Jinping showed his support.</w:t>"));
}

/// An earlier article and its published English version: the English leaves out the French
/// "Personne ne s'y attendait." and the aligner, misled by the longer English sentence, pairs it
/// with the first bead.
const ARCHIVE_FR: &str = "Le port de Marseille a accueilli 1,8 million de croisiéristes en 2024. \
Personne ne s'y attendait.\n\nLes armateurs promettent des navires moins polluants d'ici 2030. \
La ville, elle, demande des branchements électriques à quai.\n";
const ARCHIVE_EN: &str = "The port of Marseille welcomed 1.8 million cruise passengers in 2024, \
a record for the city and its neighbours.\n\nShipowners promise less polluting ships by 2030. \
The city, for its part, is calling for shore power connections.\n";

#[test]
fn an_aligned_pair_is_offered_as_aligned_until_fixed_and_confirmed_in_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    std::fs::write(dir.path().join("a.fr.txt"), ARCHIVE_FR).unwrap();
    std::fs::write(dir.path().join("a.en.txt"), ARCHIVE_EN).unwrap();
    std::fs::write(
        dir.path().join("new.txt"),
        "Le port de Marseille a accueilli 1,8 million de croisiéristes en 2024. \
         Les quais restent saturés.\n",
    )
    .unwrap();
    let (fr, en) = (dir.path().join("a.fr.txt"), dir.path().join("a.en.txt"));
    let output = run_with_home(
        &[
            "align",
            "--no-default-glossaries",
            "--into-memory",
            fr.to_str().unwrap(),
            en.to_str().unwrap(),
        ],
        b"",
        &xdg,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("3 new aligned units"),
        "{}",
        stderr(&output)
    );

    // The new article's first sentence: a fuzzy match of the aligned 2:1 bead, marked aligned.
    let tmux = Tmux::start(dir.path(), &xdg, "new.txt");
    let screen = tmux.wait_for("aligned The port of Marseille");
    let line = screen.lines().find(|l| l.contains("Alt+A")).unwrap();
    let score: u8 = line
        .split('%')
        .next()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    assert!(score <= 95, "{line}");
    assert!(screen.contains("aligned: a.fr.txt ⇄ a.en.txt"), "{screen}");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");

    // The review: split the wrong bead, confirm its first half.
    let tmux = Tmux::start(
        dir.path(),
        &xdg,
        "align --review --no-default-glossaries a.fr.txt a.en.txt",
    );
    let screen = tmux.wait_for("Alignment review · a.fr.txt ⇄ a.en.txt · 3 beads");
    assert!(screen.contains("▶  1 "), "{screen}");
    tmux.keys(&["s"]);
    let screen = tmux.wait_for("4 beads");
    // Bead 2 is the French sentence alone, with no English.
    let alone = screen
        .lines()
        .find(|l| l.contains("Personne ne s'y attendait."))
        .unwrap();
    assert!(
        alone.contains("   2 edited") && alone.contains("│ —"),
        "{screen}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("1 confirmed");
    assert!(screen.contains("✓ 100%"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(), "0");
    assert!(
        tmux.state_file("stderr")
            .contains("1 bead confirmed into the memory")
    );

    // Now the sentence is offered at 100%, and the wrong pairing is gone.
    let tmux = Tmux::start(dir.path(), &xdg, "new.txt");
    let screen = tmux.wait_for("Alt+A 100%");
    assert!(
        screen.contains("Alt+A 100% The port of Marseille welcomed 1.8"),
        "{screen}"
    );
    assert!(
        screen.contains("· aligned and confirmed: a.fr.txt"),
        "{screen}"
    );
    assert!(
        !screen.contains("Alt+B"),
        "the aligned 2:1 unit is still offered:\n{screen}"
    );
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
}
