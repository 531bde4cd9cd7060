//! The project store on real files: round trip, SIGKILL during saves, a read-only directory, a
//! full disk, a change on disk by someone else, a source edited between sessions, a syntax
//! error, and two translators merging with git.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;
use passeur::project::store::{ProjectError, Store, backup_path};
use passeur::project::{Header, Project, SourceKind, SourceSegment, Status};

fn synthetic_project(segments: usize) -> Project {
    let header = Header::new(PathBuf::from("big.txt"), SourceKind::Text, "0".repeat(64));
    let segments = (0..segments)
        .map(|i| SourceSegment {
            paragraph: i / 4,
            text: format!("Phrase numéro {i}\u{a0}: « bonjour » à l’Élysée."),
            ..SourceSegment::default()
        })
        .collect();
    Project::new(header, segments)
}

#[test]
fn round_trip_init_translate_save_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 1);
    let (_, project) = Store::open(&path).unwrap();
    let gold = gold();
    assert_eq!(project.len(), 27);
    assert_eq!(project.unit(10).target, gold[10].reference_en);
    assert_eq!(project.unit(0).status, Status::Reviewed);
    assert_eq!(project.unit(26).status, Status::New);
    // Saving what was read and reading it again changes nothing.
    let (mut store, mut again) = Store::open(&path).unwrap();
    store.save(&mut again).unwrap();
    assert_eq!(Store::open(&path).unwrap().1, project);
}

/// Run by `sigkill_during_saves_leaves_a_readable_project` in a child process: saves the
/// project in a loop, every segment carrying the round number, until it is killed. Not a test
/// of its own: ignored, so that a run counts it as what it is.
#[test]
#[ignore = "a helper: sigkill_during_saves_leaves_a_readable_project runs it in a child process"]
fn writer_helper_for_sigkill_test() {
    let Ok(path) = std::env::var("PASSEUR_TEST_WRITER") else {
        return;
    };
    let (mut store, mut project) = Store::open(Path::new(&path)).unwrap();
    for round in 1.. {
        for index in 0..project.len() {
            project.set_translation(index, &format!("round {round}"), Status::Confirmed);
        }
        store.save(&mut project).unwrap();
    }
}

#[test]
fn sigkill_during_saves_leaves_a_readable_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt.passeur");
    Store::create(&path, &synthetic_project(3000)).unwrap();
    let mut rounds_seen = Vec::new();
    for attempt in 0..12 {
        let before = std::fs::read(&path).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "writer_helper_for_sigkill_test",
                "--ignored",
                "--nocapture",
            ])
            .env("PASSEUR_TEST_WRITER", &path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the writer has saved at least once, then a little more so that the kill
        // falls at a different point of a save each time.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while std::fs::read(&path).unwrap() == before && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(3 + 7 * attempt));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let (_, project) = Store::open(&path).expect("the project is readable after SIGKILL");
        let round = project.unit(0).target.clone();
        assert!(round.starts_with("round "), "{round}");
        assert!(
            project.units().iter().all(|u| u.target == round),
            "a save was half applied"
        );
        rounds_seen.push(round);
    }
    assert!(rounds_seen.len() == 12, "{rounds_seen:?}");
}

#[test]
fn a_change_on_disk_is_merged_or_refused_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 0);
    let (mut store, mut project) = Store::open(&path).unwrap();
    // Touching the file without changing it is not a conflict.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    project.set_translation(4, "Mine.", Status::Confirmed);
    store.save(&mut project).unwrap();
    // Someone else saves a different version.
    let (mut other_store, mut other) = Store::open(&path).unwrap();
    other.set_translation(5, "Theirs.", Status::Confirmed);
    other_store.save(&mut other).unwrap();
    project.set_translation(6, "Mine again.", Status::Confirmed);
    assert!(store.changed_on_disk());
    let report = store.save(&mut project).unwrap();
    assert_eq!(report.theirs, ["s6"]);
    let on_disk = Store::open(&path).unwrap().1;
    assert_eq!(on_disk.unit(5).target, "Theirs.");
    assert_eq!(on_disk.unit(6).target, "Mine again.");
    assert_eq!(project, on_disk);
    // A version that cannot be merged (here: not a project any more) is refused.
    std::fs::write(&path, "{ broken").unwrap();
    project.set_translation(7, "Refused.", Status::Confirmed);
    let error = store.save(&mut project).unwrap_err();
    assert!(
        matches!(error, ProjectError::ChangedOnDisk { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("changed on disk"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ broken");
}

#[test]
fn backups_rotate_and_keep_earlier_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.passeur");
    let mut project = synthetic_project(3);
    let mut store = Store::create(&path, &project).unwrap();
    store.set_backup_interval(Duration::ZERO);
    for round in 1..=5 {
        project.set_translation(0, &format!("v{round}"), Status::Confirmed);
        store.save(&mut project).unwrap();
    }
    assert_eq!(store.backups().len(), 3);
    let version = |p: &Path| Store::open(p).unwrap().1.unit(0).target.clone();
    assert_eq!(version(&path), "v5");
    assert_eq!(version(&backup_path(&path, 1)), "v4");
    assert_eq!(version(&backup_path(&path, 3)), "v2");
}

#[test]
fn a_syntax_error_names_line_column_and_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 0); // saved twice: a backup exists
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\"status\": \"reviewed\"", "\"status\": reviewed", 1);
    std::fs::write(&path, &broken).unwrap();
    let line = broken[..broken.find(": reviewed,").unwrap()]
        .lines()
        .count();
    let output = run(&["export", path.to_str().unwrap(), "--to", "tsv"], b"");
    let expected = format!("{}:{line}:", path.display());
    assert_clean_error(&output, &expected);
    assert_clean_error(&output, "the last backup is");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "nothing written"
    );
}

#[test]
fn an_edited_source_keeps_unchanged_sentences_translations() {
    let dir = tempfile::tempdir().unwrap();
    let path = translated_seed_project(dir.path(), 0);
    let article = dir.path().join("article.txt");
    let gold = gold();
    let text = std::fs::read_to_string(&article).unwrap();
    // Drop segment 5, add a sentence before segment 1, and swap two paragraphs' order.
    let edited = text
        .replace(&format!("{} ", gold[4].text), "")
        .replace(&gold[4].text, "");
    let edited = format!("Une toute nouvelle phrase ouvre l’article.\n{edited}");
    std::fs::write(&article, edited).unwrap();
    // Read-only commands say so and leave the project file alone.
    let before = std::fs::read(&path).unwrap();
    for command in [
        &["export", path.to_str().unwrap(), "--to", "tsv"][..],
        &["stats", path.to_str().unwrap()],
        &["check", path.to_str().unwrap()],
    ] {
        let output = run(command, b"");
        assert!(
            stderr(&output)
                .contains("changed since the project last read it; using the project as it is"),
            "{}",
            stderr(&output)
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{command:?} wrote the project"
        );
    }
    let output = run(&["pretranslate", path.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("26 segments kept, 1 new, 1 translations retired"),
        "{err}"
    );
    assert!(
        err.contains(&format!("retired s5: {}", gold[4].text)),
        "{err}"
    );
    let (_, project) = Store::open(&path).unwrap();
    assert_eq!(project.len(), 27);
    assert_eq!(
        project.unit(0).source,
        "Une toute nouvelle phrase ouvre l’article."
    );
    assert_eq!(
        (project.unit(0).id.as_str(), project.unit(0).status),
        ("s28", Status::New)
    );
    for unit in &project.units()[1..] {
        let original = gold.iter().find(|g| g.text == unit.source).unwrap();
        assert_eq!(unit.target, original.reference_en);
    }
    assert_eq!(project.retired()[0].target, gold[4].reference_en);
    assert_eq!(project.retired()[0].status, Status::Confirmed);
    // The project now matches the source: a second run reports nothing.
    let output = run(&["export", path.to_str().unwrap(), "--to", "tsv"], b"");
    assert_eq!(stderr(&output), "");
}

#[test]
fn two_translators_merge_with_plain_git_merge() {
    let dir = tempfile::tempdir().unwrap();
    let path = seed_project(dir.path());
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
    };
    let translate = |index: usize, text: &str| {
        let (mut store, mut project) = Store::open(&path).unwrap();
        project.set_translation(index, text, Status::Confirmed);
        store.save(&mut project).unwrap();
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "article.txt", "article.txt.passeur"]);
    git(&["commit", "-qm", "start"]);
    git(&["checkout", "-qb", "anne"]);
    translate(3, "Anne's sentence four.");
    git(&["commit", "-qam", "anne"]);
    git(&["checkout", "-q", "main"]);
    git(&["checkout", "-qb", "bruno"]);
    translate(4, "Bruno's sentence five."); // the very next segment
    translate(10, "Bruno's sentence eleven.");
    git(&["commit", "-qam", "bruno"]);
    git(&["merge", "-q", "--no-edit", "anne"]);
    let (_, merged) = Store::open(&path).unwrap();
    assert_eq!(merged.unit(3).target, "Anne's sentence four.");
    assert_eq!(merged.unit(4).target, "Bruno's sentence five.");
    assert_eq!(merged.unit(10).target, "Bruno's sentence eleven.");
    assert_eq!(merged.counts().confirmed, 3);
}

/// A tmpfs mounted for one test (needs root, as on the CI machine), unmounted on drop.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Mount { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    /// Unmounted even when the test failed with a file still open on it (then lazily: the
    /// kernel detaches it at once and frees it when the file closes), so no run leaves a tmpfs
    /// behind.
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(self.dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !unmounted {
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// A small file system for the failure tests. They need root to mount it, so they are ignored
/// in a plain `cargo test` (the run says so, with the reason) and `.ci/run`, which runs as
/// root, runs them; run as root without it, they fail rather than pass without testing.
fn small_file_system(size: &str) -> Mount {
    assert!(
        is_root(),
        "this test mounts a tmpfs and needs root (`.ci/run` runs it as root)"
    );
    Mount::tmpfs(size).expect("root could not mount a tmpfs")
}

#[test]
#[ignore = "needs root to mount a small file system: .ci/run runs it"]
fn a_read_only_directory_gives_a_clear_error_and_keeps_the_file() {
    let mount = small_file_system("4m");
    let path = mount.path().join("p.passeur");
    let mut project = synthetic_project(20);
    let mut store = Store::create(&path, &project).unwrap();
    let before = std::fs::read(&path).unwrap();
    mount.remount_read_only();
    project.set_translation(0, "Lost?", Status::Confirmed);
    let error = store.save(&mut project).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ProjectError::Write { .. }), "{message}");
    assert!(message.contains("Read-only file system"), "{message}");
    assert!(
        message.contains("the file on disk is unchanged"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
#[ignore = "needs root to mount a small file system: .ci/run runs it"]
fn a_full_disk_gives_a_clear_error_and_keeps_the_file() {
    let mount = small_file_system("64k");
    let path = mount.path().join("p.passeur");
    let mut project = synthetic_project(20);
    let mut store = Store::create(&path, &project).unwrap();
    let before = std::fs::read(&path).unwrap();
    for index in 0..project.len() {
        project.set_translation(
            index,
            &"A long translation. ".repeat(200),
            Status::Confirmed,
        );
    }
    let error = store.save(&mut project).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("No space left on device"), "{message}");
    assert!(message.contains("p.passeur"), "{message}");
    assert!(
        !message.contains(".passeur-save-"),
        "names the temporary file: {message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(mount.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".passeur-save-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn temporaries_of_killed_saves_are_cleaned_up_later() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.passeur");
    Store::create(&path, &synthetic_project(3)).unwrap();
    let old = dir.path().join(".passeur-save-old");
    let recent = dir.path().join(".passeur-save-recent");
    for file in [&old, &recent] {
        std::fs::write(file, b"half a save").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    Store::open(&path).unwrap();
    assert!(!old.exists(), "an hour-old temporary is removed");
    assert!(
        recent.exists(),
        "a save in progress elsewhere is left alone"
    );
}

#[test]
fn a_source_given_for_a_project_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("article.fr.txt");
    std::fs::copy(seed_article(), &source).unwrap();
    let output = run(&["stats", source.to_str().unwrap()], b"");
    assert_clean_error(
        &output,
        "article.fr.txt: this is a source, not a project; create its project with `passeur init",
    );
    assert!(
        stderr(&output).contains("article.fr.txt.passeur"),
        "{}",
        stderr(&output)
    );
    run(&["init", source.to_str().unwrap()], b"");
    let output = run(&["export", source.to_str().unwrap(), "--to", "tmx"], b"");
    assert_clean_error(&output, "this is a source, not a project; its project is");
}
