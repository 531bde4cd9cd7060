//! Files from outside are attack surface and accident surface: sources of any length, closed
//! pipes, project files that name other files as their source, devices and FIFOs, two
//! processes saving one project, a client's XLIFF renumbered, tables with broken quotes. Each
//! test drives the real binary and checks what ends up on disk and on screen.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use passeur::project::Status;
use passeur::project::store::Store;

/// French text with multi-byte characters everywhere (accents, NBSP, NNBSP, `’`, emoji), long
/// enough for any cut.
fn french_text(bytes: usize) -> String {
    let sentences = [
        "L’été à Samarcande\u{a0}: les caravanes reviennent, dit-on.",
        "« Déjà\u{202f}? » s’étonne Mme Öztürk 🐫.",
        "Le coût — près de 4,7\u{a0}milliards — inquiète l’Élysée.",
        "Œuvre commune, créée en 2013 ; ça change tout !",
    ];
    let mut text = String::new();
    for (index, sentence) in sentences.iter().cycle().enumerate() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(sentence);
        text.push(if index % 3 == 2 { '\n' } else { ' ' });
    }
    text
}

/// The longest prefix of `text` no longer than `bytes` that ends on a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[test]
fn init_never_panics_whatever_the_length_of_the_source() {
    // Format sniffing once sliced the first 4,096 bytes, inside a character.
    let dir = tempfile::tempdir().unwrap();
    // French text in which an `é` takes bytes 4095 and 4096.
    let mut text = cut(&french_text(4_400), 4_090).to_owned();
    text.push_str(&"x".repeat(4_095 - text.len()));
    text.push_str("été, puis ");
    text.push_str(&french_text(400));
    let mut straddling = 0;
    for length in 4_000..=4_200 {
        let source = dir.path().join(format!("a{length}.txt"));
        let piece = cut(&text, length);
        straddling += usize::from(piece.len() > 4096 && !piece.is_char_boundary(4096));
        std::fs::write(&source, piece).unwrap();
        let output = run(&["init", source.to_str().unwrap()], b"");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{length}: {}",
            stderr(&output)
        );
        let (_, project) = Store::open(&dir.path().join(format!("a{length}.txt.passeur"))).unwrap();
        let joined: String = project.units().iter().map(|u| u.source.as_str()).collect();
        let expected: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
        let got: String = joined.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(got, expected, "{length}: the segments are the whole text");
    }
    assert!(
        straddling > 0,
        "some source must cut a character at byte 4096"
    );
}

#[test]
fn import_detection_does_not_slice_inside_a_character() {
    // Guessing the format of a file without a known extension read its first 2,048 bytes.
    let dir = tempfile::tempdir().unwrap();
    let project = seed_project(dir.path());
    let mut text = "x".repeat(2047);
    text.push_str("é and more text after the cut");
    let file = dir.path().join("translations.dat");
    std::fs::write(&file, &text).unwrap();
    let output = run(
        &["import", project.to_str().unwrap(), file.to_str().unwrap()],
        b"",
    );
    assert_clean_error(&output, "translations.dat: unknown format");
}

/// Runs `passeur ARGS` with its stdout closed before it writes (as `| head -1` leaves it).
fn run_into_closed_pipe(args: &[&str], home: &Path) -> std::process::Output {
    let mut child = passeur()
        .args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_commands_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, french_text(400_000)).unwrap();
    let project = translated_seed_project(dir.path(), 0);
    let tmx = dir.path().join("seed.tmx");
    let output = export_to(&project, "tmx", &tmx);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let home = dir.path().join("home");
    let (big, project, tmx) = (
        big.to_str().unwrap(),
        project.to_str().unwrap(),
        tmx.to_str().unwrap(),
    );
    for args in [
        &["segment", big][..],
        &["segment", "--json", big],
        &["terms", big],
        &["memory", "import", tmx],
        &["export", project, "--to", "tsv"],
        &["stats", project],
    ] {
        let output = run_into_closed_pipe(args, &home);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // The import itself was done although nobody read what it printed.
    use passeur::memory::TranslationMemory as _;
    let mut memory =
        passeur::memory::sqlite::SqliteMemory::open(&home.join("data/passeur/memory.sqlite"))
            .unwrap();
    assert_eq!(memory.count().unwrap(), 27);
}

/// A seed project whose header names `source` as its source file.
fn project_pointing_at(dir: &Path, source: &str) -> PathBuf {
    let project = translated_seed_project(dir, 0);
    let text = std::fs::read_to_string(&project).unwrap();
    let pointed = text.replacen(
        "\"source\": \"article.txt\"",
        &format!("\"source\": {}", serde_json::to_string(source).unwrap()),
        1,
    );
    assert_ne!(pointed, text);
    std::fs::write(&project, pointed).unwrap();
    project
}

#[test]
fn a_project_cannot_make_passeur_read_a_file_outside_its_folder() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "Mot de passe : hunter2-SECRET.\n").unwrap();
    let root = tempfile::tempdir().unwrap();
    // (the source the header names, a symbolic link to make at that name inside the folder)
    let secret_path = secret.display().to_string();
    let cases = [
        ("/etc/passwd", None),
        ("../../../../../../etc/passwd", None),
        (secret_path.as_str(), None),
        ("/dev/zero", None),
        ("link.txt", Some(secret_path.as_str())),
        ("zero.txt", Some("/dev/zero")),
    ];
    for (index, (source, link_to)) in cases.into_iter().enumerate() {
        let dir = root.path().join(format!("case{index}"));
        std::fs::create_dir(&dir).unwrap();
        let project = project_pointing_at(&dir, source);
        if let Some(target) = link_to {
            std::os::unix::fs::symlink(target, dir.join(source)).unwrap();
        }
        let before = std::fs::read(&project).unwrap();
        let csv = dir.join("fix.csv");
        std::fs::write(&csv, "id,source,target\ns1,,Changed.\n").unwrap();
        let p = project.to_str().unwrap();
        for args in [
            &["export", p, "--to", "tsv"][..],
            &["export", p, "--to", "txt"],
            &["export", p, "--to", "original"],
            &["stats", p],
            &["check", p],
            &["pretranslate", p],
            &["import", p, csv.to_str().unwrap()],
            &["open", p],
        ] {
            let output = run(args, b"");
            let (out, err) = (stdout(&output), stderr(&output));
            assert_eq!(output.status.code(), Some(2), "{source} {args:?}: {err}");
            assert!(
                err.contains("outside the project's folder") && err.contains("passeur relink"),
                "{source} {args:?}: {err}"
            );
            for leaked in ["root:", "hunter2"] {
                assert!(
                    !out.contains(leaked) && !err.contains(leaked),
                    "{args:?} leaked"
                );
            }
            assert_eq!(
                std::fs::read(&project).unwrap(),
                before,
                "{source} {args:?}"
            );
        }
    }
}

#[test]
fn a_project_cannot_take_a_hidden_file_or_a_project_as_its_source() {
    let root = tempfile::tempdir().unwrap();
    // (the source the header names, a file to put there)
    let cases = [
        (
            ".ssh/id_rsa",
            Some("-----BEGIN OPENSSH PRIVATE KEY----- hunter2"),
        ),
        (".env", Some("PGPASSWORD=hunter2")),
        ("notes/.secret.txt", Some("hunter2")),
        ("article.txt.passeur", None),
        (
            "other.passeur",
            Some("{\"passeur_project\": 1, \"hunter2\": 1}"),
        ),
        (
            "other.json",
            Some("{\"passeur_project\": 1, \"hunter2\": 1}"),
        ),
    ];
    for (index, (source, content)) in cases.into_iter().enumerate() {
        let dir = root.path().join(format!("case{index}"));
        std::fs::create_dir(&dir).unwrap();
        let project = project_pointing_at(&dir, source);
        if let Some(content) = content {
            let file = dir.join(source);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, content).unwrap();
        }
        let before = std::fs::read(&project).unwrap();
        let p = project.to_str().unwrap();
        for args in [
            &["export", p, "--to", "xliff12"][..],
            &["pretranslate", p],
            &["stats", p],
        ] {
            let output = run(args, b"");
            let (out, err) = (stdout(&output), stderr(&output));
            assert_eq!(output.status.code(), Some(2), "{source} {args:?}: {err}");
            assert!(
                err.contains("never reads as a source") && err.contains("passeur relink"),
                "{source} {args:?}: {err}"
            );
            assert!(!out.contains("hunter2") && !err.contains("hunter2"));
            assert!(
                std::fs::read(&project).unwrap() == before,
                "{source} {args:?}"
            );
        }
    }
}

#[test]
fn a_source_that_keeps_less_than_half_of_the_translations_is_not_taken_silently() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 0);
    // Someone saved another article over the source.
    std::fs::write(
        dir.path().join("article.txt"),
        "Un tout autre article. Il parle de la pluie et du beau temps.\n",
    )
    .unwrap();
    let before = std::fs::read(&project).unwrap();
    let p = project.to_str().unwrap();
    let tsv = dir.path().join("fix.tsv");
    std::fs::write(&tsv, "id\tsource\ttarget\n").unwrap();
    for args in [
        &["pretranslate", p][..],
        &["import", p, tsv.to_str().unwrap()],
    ] {
        let output = run(args, b"");
        assert_clean_error(&output, "keeps only 0 of the project's 27 translations");
        assert!(stderr(&output).contains("--force"));
        assert!(std::fs::read(&project).unwrap() == before, "{args:?}");
    }
    // On purpose: --force realigns, and the translations are kept under "retired".
    let output = run(&["import", p, tsv.to_str().unwrap(), "--force"], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, realigned) = passeur::project::store::Store::open(&project).unwrap();
    assert_eq!(realigned.len(), 2);
}

#[test]
fn devices_and_fifos_are_refused_as_sources() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for source in [fifo.to_str().unwrap(), "/dev/zero"] {
        for args in [
            &["init", source][..],
            &["segment", source],
            &["terms", source],
        ] {
            let output = run(args, b"");
            assert_clean_error(&output, "is a device, a FIFO or a socket, not a file");
        }
    }
    // A project whose source (inside its folder) became a FIFO.
    let project = project_pointing_at(dir.path(), "pipe.txt");
    let before = std::fs::read(&project).unwrap();
    let output = run(&["stats", project.to_str().unwrap()], b"");
    assert_clean_error(&output, "is a device, a FIFO or a socket");
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

/// Runs `passeur ARGS` with `home` as its XDG folders; fails if it runs past 20 s (a hang).
fn run_bounded(args: &[&str], home: &Path) -> std::process::Output {
    let mut child = passeur()
        .args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("passeur {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn fifos_and_devices_in_passeurs_own_files_never_hang_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let fifo = dir.path().join("project.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let f = fifo.to_str().unwrap();
    // A FIFO given where a project is wanted, without the .passeur extension.
    for args in [
        &["stats", f][..],
        &["check", f],
        &["export", f, "--to", "txt"],
        &["open", f],
    ] {
        let output = run_bounded(args, &home);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("not a file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // The configuration file as a FIFO, a directory, /dev/zero or binary: said, never a hang
    // and never "no mt: section".
    let project = seed_project(dir.path());
    let p = project.to_str().unwrap();
    let config = home.join("config/passeur/config.yaml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    for (make, said) in [
        ("fifo", "not a file"),
        ("dir", "a directory"),
        ("zero", "not a file"),
        ("binary", "NUL"),
    ] {
        let _ = std::fs::remove_file(&config);
        let _ = std::fs::remove_dir(&config);
        match make {
            "fifo" => assert!(
                Command::new("mkfifo")
                    .arg(&config)
                    .status()
                    .unwrap()
                    .success()
            ),
            "dir" => std::fs::create_dir(&config).unwrap(),
            "zero" => std::os::unix::fs::symlink("/dev/zero", &config).unwrap(),
            _ => std::fs::write(&config, b"mt:\x00\x01\x02").unwrap(),
        }
        for args in [&["mt", p][..], &["memory", "count"]] {
            let output = run_bounded(args, &home);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{make} {args:?}: {err}");
            assert!(err.contains(said), "{make} {args:?}: {err}");
            assert!(!err.contains("no mt: section"), "{make}: {err}");
        }
    }
}

#[test]
fn relink_points_a_project_at_a_source_elsewhere_on_purpose() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    let sources = root.path().join("sources");
    let work = root.path().join("work");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let article = sources.join("article.txt");
    std::fs::copy(seed_article(), &article).unwrap();
    let project = work.join("article.passeur");
    // init with --project elsewhere links the source for this user.
    let output = run_with_home(
        &[
            "init",
            article.to_str().unwrap(),
            "--project",
            project.to_str().unwrap(),
        ],
        b"",
        &home,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stats = run_with_home(&["stats", project.to_str().unwrap()], b"", &home);
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    // Another user (another home) gets the project: refused until they relink it.
    let other = root.path().join("other");
    let refused = run_with_home(&["stats", project.to_str().unwrap()], b"", &other);
    assert_clean_error(&refused, "outside the project's folder");
    let relinked = run_with_home(
        &[
            "relink",
            project.to_str().unwrap(),
            article.to_str().unwrap(),
        ],
        b"",
        &other,
    );
    assert_eq!(relinked.status.code(), Some(0), "{}", stderr(&relinked));
    let stats = run_with_home(&["stats", project.to_str().unwrap()], b"", &other);
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    assert!(stdout(&stats).contains("27"), "{}", stdout(&stats));
    // A FIFO is not linked.
    let fifo = root.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let output = run_with_home(
        &["relink", project.to_str().unwrap(), fifo.to_str().unwrap()],
        b"",
        &other,
    );
    assert_clean_error(&output, "not a file");
}

#[test]
fn two_processes_saving_one_project_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = seed_project(dir.path());
    let home = dir.path().join("home");
    let (_, seed) = Store::open(&project).unwrap();
    let ids: Vec<String> = seed.units().iter().map(|u| u.id.clone()).collect();
    let table = |id: &str, text: &str| {
        let path = dir.path().join(format!("{id}.csv"));
        std::fs::write(
            &path,
            format!("id,source,target,status\n{id},,\"{text}\",confirmed\n"),
        )
        .unwrap();
        path
    };
    let spawn = |file: &Path| {
        passeur()
            .args(["import", project.to_str().unwrap(), file.to_str().unwrap()])
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..20 {
        let (a, b) = (&ids[round % ids.len()], &ids[(round + 7) % ids.len()]);
        let (file_a, file_b) = (
            table(a, &format!("Round {round}, first.")),
            table(b, &format!("Round {round}, second.")),
        );
        let (first, second) = (spawn(&file_a), spawn(&file_b));
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&output.stderr).into_owned();
            assert_eq!(output.status.code(), Some(0), "round {round}: {err}");
        }
        let (_, on_disk) = Store::open(&project).unwrap();
        for (id, text) in [(a, "first"), (b, "second")] {
            let unit = &on_disk.units()[on_disk.position(id).unwrap()];
            assert_eq!(
                unit.target,
                format!("Round {round}, {text}."),
                "round {round}"
            );
            assert_eq!(unit.status, Status::Confirmed);
        }
    }
}

/// A small XLIFF 1.2 file with the given (id, source) units.
fn xliff(units: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" \
         xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"job.txt\" \
         source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\"><body>\n",
    );
    for (id, source) in units {
        text.push_str(&format!(
            "<trans-unit id=\"{id}\">\n<source>{source}</source>\n</trans-unit>\n"
        ));
    }
    text.push_str("</body></file></xliff>\n");
    text
}

#[test]
fn a_renumbered_client_file_gets_no_translation_in_the_wrong_unit() {
    let dir = tempfile::tempdir().unwrap();
    let job = dir.path().join("job.xlf");
    std::fs::write(
        &job,
        xliff(&[("1", "Un."), ("2", "Deux."), ("3", "Trois.")]),
    )
    .unwrap();
    let output = run(&["init", job.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = dir.path().join("job.xlf.passeur");
    let (mut store, mut translated) = Store::open(&project).unwrap();
    for (index, english) in ["One.", "Two.", "Three."].iter().enumerate() {
        translated.set_translation(index, english, Status::Confirmed);
    }
    store.save(&mut translated).unwrap();
    // The client inserts a unit at the top and renumbers the rest.
    std::fs::write(
        &job,
        xliff(&[
            ("1", "Zéro."),
            ("2", "Un."),
            ("3", "Deux."),
            ("4", "Trois."),
        ]),
    )
    .unwrap();
    let out = dir.path().join("job.en.xlf");
    let export = |out: &Path| export_to(&project, "original", out);
    // Exporting alone does not realign (a read-only command): refused, nothing written.
    let output = export(&out);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("changed since the project last read it"));
    assert!(stderr(&output).contains("missing or was changed"));
    assert!(!out.exists());
    // Once the project is realigned, each translation follows its sentence.
    let output = run(&["pretranslate", project.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = export(&out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&out).unwrap();
    for (source, target) in [("Un.", "One."), ("Deux.", "Two."), ("Trois.", "Three.")] {
        assert!(
            written.contains(&format!(
                "<source>{source}</source>\n<target state=\"translated\">{target}</target>"
            )),
            "{written}"
        );
    }
    assert!(
        written.contains("<source>Zéro.</source>\n</trans-unit>"),
        "{written}"
    );
    // The project's ids are the file's, unique.
    let (_, realigned) = Store::open(&project).unwrap();
    let ids: Vec<&str> = realigned.units().iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
}

#[test]
fn client_files_with_ambiguous_units_are_refused_on_init() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "dup.xlf",
            xliff(&[("1", "Un."), ("1", "Deux.")]),
            "the unit id \"1\" is used twice",
        ),
        (
            "two-sources.xlf",
            xliff(&[("1", "Un.</source><source>Autre.")]),
            "a second <source> in unit \"1\"",
        ),
        (
            "attribute.xlf",
            xliff(&[("1", "Un.")]).replace("<trans-unit id=\"1\">", "<trans-unit id=\"1\" approved>"),
            "malformed attribute in <trans-unit>",
        ),
        (
            "no-source.xlf",
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"fr\" \
             trgLang=\"en\"><file id=\"f\"><unit id=\"u\"><segment><target>T</target></segment>\
             </unit></file></xliff>"
                .to_owned(),
            "<target> before <source>",
        ),
        (
            "no-source-at-all.xlf",
            xliff(&[("1", "Un.")]).replace("<source>Un.</source>", ""),
            "<trans-unit> \"1\" has no <source>",
        ),
        (
            "empty-id.xlf",
            xliff(&[("", "Un.")]),
            "<trans-unit> with an empty id",
        ),
    ];
    for (name, text, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = run(&["init", path.to_str().unwrap()], b"");
        assert_clean_error(&output, message);
        assert!(!dir.path().join(format!("{name}.passeur")).exists());
    }
}

#[test]
fn a_tsv_with_an_unbalanced_quote_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 0);
    let before = std::fs::read(&project).unwrap();
    let tsv = dir.path().join("review.tsv");
    std::fs::write(
        &tsv,
        "id\tsource\ttarget\tstatus\ns1\t\t\"Opened and never closed\tconfirmed\n\
         s2\t\tSecond row.\tconfirmed\ns3\t\tThird row.\tconfirmed\n",
    )
    .unwrap();
    let output = run(
        &["import", project.to_str().unwrap(), tsv.to_str().unwrap()],
        b"",
    );
    assert_clean_error(
        &output,
        "review.tsv:2:1: a quoted field opened on this line is never closed",
    );
    // A quote that closes rows later before more text would swallow the rows between.
    std::fs::write(
        &tsv,
        "id\tsource\ttarget\ns1\t\t\"Swallows\ns2\t\t\"Second\" row.\n",
    )
    .unwrap();
    let output = run(
        &["import", project.to_str().unwrap(), tsv.to_str().unwrap()],
        b"",
    );
    assert_clean_error(
        &output,
        "review.tsv:2:1: a quoted field opened on this line closes before more text",
    );
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

#[test]
fn export_never_replaces_the_project_or_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 0);
    let source = dir.path().join("article.txt");
    let (project_before, source_before) = (
        std::fs::read(&project).unwrap(),
        std::fs::read(&source).unwrap(),
    );
    for (target, what) in [
        (&project, "this is the project file"),
        (&source, "this is the project's source"),
    ] {
        let output = export_to(&project, "txt", target);
        assert_clean_error(&output, what);
    }
    assert_eq!(std::fs::read(&project).unwrap(), project_before);
    assert_eq!(std::fs::read(&source).unwrap(), source_before);
}

#[test]
fn realignment_keeps_the_status_and_note_of_retired_translations() {
    let dir = tempfile::tempdir().unwrap();
    let project = translated_seed_project(dir.path(), 0);
    let (mut store, mut translated) = Store::open(&project).unwrap();
    translated.set_note(4, "  indented note, kept as written  ");
    store.save(&mut translated).unwrap();
    let article = dir.path().join("article.txt");
    let removed = translated.unit(4).source.clone();
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace(&removed, "")).unwrap();
    let output = run(&["pretranslate", project.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, realigned) = Store::open(&project).unwrap();
    let retired = &realigned.retired()[0];
    assert_eq!(retired.source, removed);
    assert_eq!(retired.status, Status::Confirmed);
    assert_eq!(retired.note, "  indented note, kept as written  ");
}

#[test]
fn control_characters_in_imported_translations_never_reach_a_project_or_its_exports() {
    let dir = tempfile::tempdir().unwrap();
    let project = seed_project(dir.path());
    let p = project.to_str().unwrap();
    let csv = dir.path().join("mt.csv");
    std::fs::write(
        &csv,
        "id,source,target\ns1,,\"(Nur-Sultan) \u{1b}]0;pwned\u{7}Chinese\u{96} President.\"\n",
    )
    .unwrap();
    let output = run(&["import", p, csv.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let saved = std::fs::read_to_string(&project).unwrap();
    assert!(
        saved.contains("(Nur-Sultan) ]0;pwnedChinese President."),
        "{saved}"
    );
    for format in ["txt", "csv"] {
        let out = dir.path().join(format!("out.{format}"));
        assert_eq!(export_to(&project, format, &out).status.code(), Some(0));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{96}'),
            "{format}"
        );
    }
}

#[test]
fn an_empty_source_leaves_no_project_and_relink_refuses_a_binary_source() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n  \n").unwrap();
    for args in [
        &["open", empty.to_str().unwrap()][..],
        &["init", empty.to_str().unwrap()],
    ] {
        let output = run(args, b"");
        assert_clean_error(&output, "the source has no text to translate");
        assert!(!dir.path().join("empty.txt.passeur").exists(), "{args:?}");
    }
    let project = seed_project(dir.path());
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let before = std::fs::read(&project).unwrap();
    let output = run(
        &[
            "relink",
            project.to_str().unwrap(),
            binary.to_str().unwrap(),
        ],
        b"",
    );
    assert_clean_error(&output, "photo.txt");
    assert!(std::fs::read(&project).unwrap() == before);
}

#[test]
fn a_misspelt_key_of_the_configuration_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("config/passeur")).unwrap();
    std::fs::write(
        home.join("config/passeur/config.yaml"),
        "author: Claire\nmemroy: /srv/desk.sqlite\n",
    )
    .unwrap();
    let output = run_with_home(&["memory", "count"], b"", &home);
    assert_clean_error(&output, "config.yaml:2:1: unknown field `memroy`");
    let project = translated_seed_project(dir.path(), 3);
    let output = run_with_home(&["mt", project.to_str().unwrap()], b"", &home);
    assert_clean_error(&output, "unknown field `memroy`");
    // The keys passeur reads are all accepted together.
    std::fs::write(
        home.join("config/passeur/config.yaml"),
        "author: Claire\nmemory: /nonexistent/dir/m.sqlite\nclipboard: osc52\nmt:\n  provider: \
         libretranslate\n  url: http://127.0.0.1:9\nmt_providers: {}\n",
    )
    .unwrap();
    let output = run_with_home(&["memory", "count"], b"", &home);
    assert!(
        !stderr(&output).contains("unknown field"),
        "{}",
        stderr(&output)
    );
}

/// Every kind of file a translator meets that passeur does not read is named in one line with
/// the way to a file it reads, exit 2, and no project is made: never decoded as prose.
#[test]
fn files_passeur_does_not_read_are_named_never_misread() {
    let dir = tempfile::tempdir().unwrap();
    let made = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            made(
                "ancien.doc",
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0",
            ),
            "a Word 97–2003 document (.doc) is not read: convert it first",
        ),
        (
            made("note.rtf", b"{\\rtf1\\ansi Le pr\\'e9sident.}"),
            "an RTF document",
        ),
        (
            made("depeche.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"),
            "a PDF is not read",
        ),
        (
            made("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"),
            "an image is not read",
        ),
        (
            made(
                "journal.srt",
                "1\n00:00:01,000 --> 00:00:03,500\nBonjour à tous.\n\n".as_bytes(),
            ),
            "a subtitle file is not read: its cue numbers and timecodes",
        ),
        (
            made(
                "journal.vtt",
                b"WEBVTT\n\n00:01.000 --> 00:04.000\nBonjour.\n",
            ),
            "a subtitle file",
        ),
        (
            made(
                "messages.po",
                b"msgid \"\"\nmsgstr \"\"\n\nmsgid \"Bonjour\"\nmsgstr \"\"\n",
            ),
            "a gettext catalogue (.po) is not read",
        ),
        (
            made(
                "diapos.pptx",
                b"PK\x03\x04\x14\0\0\0\0\0ppt/slides/slide1.xml",
            ),
            "a slide presentation",
        ),
        (
            made("chiffres.xlsx", b"PK\x03\x04\x14\0\0\0\0\0xl/workbook.xml"),
            "a spreadsheet",
        ),
        (
            made(
                "article.pages",
                b"PK\x03\x04\x14\0\0\0\0\0Index/Document.iwa",
            ),
            "an Apple Pages document",
        ),
    ];
    for (path, said) in cases {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let copy = dir.path().join(format!("copy-{name}"));
        std::fs::copy(&path, &copy).unwrap();
        let file = copy.to_str().unwrap();
        for args in [&["init", file][..], &[file], &["segment", file]] {
            let output = run(args, b"");
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{name} {args:?}: {err}");
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "{name} {args:?}: one line: {err}"
            );
            assert!(
                err.contains(file) && err.contains(said),
                "{name} {args:?}: {err}"
            );
            assert!(stdout(&output).is_empty(), "{name} {args:?}");
        }
        assert!(
            !dir.path().join(format!("copy-{name}.passeur")).exists(),
            "{name}: no project made"
        );
    }
}
