use super::*;
use crate::project::file::{from_bytes, to_bytes};

fn segment(paragraph: usize, text: &str) -> SourceSegment {
    SourceSegment {
        paragraph,
        text: text.to_owned(),
        ..SourceSegment::default()
    }
}

fn header() -> Header {
    Header::new(
        PathBuf::from("article.txt"),
        SourceKind::Text,
        "0".repeat(64),
    )
}

fn sample() -> Project {
    Project::new(
        header(),
        vec![
            segment(0, "M. Dupont arrive\u{a0}: «\u{202f}Bonjour\u{202f}»."),
            segment(0, "Il pleut."),
            segment(1, "Le \"dernier\" mot\\fin & <b>."),
        ],
    )
}

#[test]
fn new_projects_number_segments_and_start_untranslated() {
    let project = sample();
    let ids: Vec<&str> = project.units().iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["s1", "s2", "s3"]);
    assert!(project.units().iter().all(|u| u.status == Status::New));
    assert_eq!(project.counts().new, 3);
}

#[test]
fn file_round_trip_keeps_every_field_and_character() {
    let mut project = sample();
    project.set_translation(0, "Mr Dupont arrives: “Hello”.", Status::Confirmed);
    project.set_translation(1, "It is raining.", Status::Draft);
    project.set_note(1, "weather\nsecond line");
    project.header.overrides.joins = vec![12];
    let bytes = to_bytes(&project);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.contains("\u{a0}") && text.contains("\u{202f}"),
        "{text}"
    );
    assert_eq!(from_bytes(&bytes).unwrap(), project);
}

#[test]
fn each_segment_is_a_block_of_lines_in_a_fixed_order() {
    let mut project = sample();
    project.set_translation(1, "It is raining.", Status::Confirmed);
    let text = String::from_utf8(to_bytes(&project)).unwrap();
    let start = text.find("\"id\": \"s2\"").unwrap();
    let block: Vec<&str> = text[start..].lines().take(6).map(str::trim).collect();
    assert_eq!(block[0], "\"id\": \"s2\",");
    assert_eq!(block[1], "\"paragraph\": 0,");
    assert_eq!(block[2], "\"source\": \"Il pleut.\",");
    assert_eq!(block[3], "\"target\": \"It is raining.\",");
    assert_eq!(block[4], "\"status\": \"confirmed\",");
    assert!(block[5].starts_with("\"modified\": \"20"), "{block:?}");
}

#[test]
fn syntax_errors_have_line_and_column() {
    let bytes = to_bytes(&sample());
    let mut text = String::from_utf8(bytes).unwrap();
    let at = text.find("\"status\"").unwrap();
    text.insert(at, '}');
    let error = from_bytes(text.as_bytes()).unwrap_err();
    let line = text[..at].lines().count();
    assert_eq!(error.position.map(|p| p.0), Some(line), "{error:?}");
    let error = from_bytes(b"{\"passeur_project\": 7, \"x\": 1}").unwrap_err();
    assert!(error.message.contains("newer passeur"), "{error:?}");
}

#[test]
fn duplicate_ids_are_refused() {
    let text = String::from_utf8(to_bytes(&sample()))
        .unwrap()
        .replace("\"s2\"", "\"s1\"");
    assert!(
        from_bytes(text.as_bytes())
            .unwrap_err()
            .message
            .contains("s1")
    );
}

#[test]
fn an_empty_translation_is_new_and_new_with_text_is_draft() {
    let mut project = sample();
    assert!(project.set_translation(0, "Hi.", Status::New));
    assert_eq!(project.unit(0).status, Status::Draft);
    assert!(project.unit(0).modified.is_some());
    assert!(project.set_translation(0, "", Status::Confirmed));
    assert_eq!(project.unit(0).status, Status::New);
    assert!(!project.set_translation(0, "", Status::Reviewed));
}

#[test]
fn realign_keeps_translations_by_text_not_position() {
    let mut project = sample();
    project.set_translation(0, "Mr Dupont arrives.", Status::Confirmed);
    project.set_translation(1, "It is raining.", Status::Reviewed);
    project.set_translation(2, "The last word.", Status::Confirmed);
    project.set_note(1, "checked");
    let edited = vec![
        segment(0, "Une phrase nouvelle."),
        segment(0, "Il pleut."),
        segment(1, "M. Dupont arrive\u{a0}: «\u{202f}Bonjour\u{202f}»."),
    ];
    let report = project.realign(edited, "1".repeat(64));
    assert_eq!(report.kept, 2);
    assert_eq!(report.added, ["s4"]);
    assert_eq!(report.retired.len(), 1);
    assert_eq!(report.retired[0].target, "The last word.");
    let units = project.units();
    assert_eq!((units[0].id.as_str(), units[0].status), ("s4", Status::New));
    assert_eq!(
        (
            units[1].id.as_str(),
            units[1].target.as_str(),
            units[1].note.as_str()
        ),
        ("s2", "It is raining.", "checked")
    );
    assert_eq!((units[2].id.as_str(), units[2].paragraph), ("s1", 1));
    assert_eq!(units[2].target, "Mr Dupont arrives.");
    assert_eq!(project.retired().len(), 1);
    assert_eq!(project.header().source_sha256, "1".repeat(64));
    // A later realignment never reuses the retired segment's id.
    let report = project.realign(vec![segment(0, "Autre.")], "2".repeat(64));
    assert_eq!(report.added, ["s5"]);
}

#[test]
fn repeated_sentences_are_matched_in_order() {
    let mut project = Project::new(
        header(),
        vec![segment(0, "Oui."), segment(1, "Non."), segment(2, "Oui.")],
    );
    project.set_translation(0, "Yes (1).", Status::Confirmed);
    project.set_translation(2, "Yes (2).", Status::Confirmed);
    project.realign(vec![segment(0, "Oui."), segment(1, "Oui.")], "3".repeat(64));
    let targets: Vec<&str> = project.units().iter().map(|u| u.target.as_str()).collect();
    assert_eq!(targets, ["Yes (1).", "Yes (2)."]);
}

mod journal_saves {
    use super::*;
    use crate::project::journal;
    use crate::project::store::Store;

    /// A project saved once in this session (the session's first save writes the file whole,
    /// after a backup).
    fn saved(dir: &std::path::Path) -> (Store, Project, PathBuf) {
        let path = dir.join("article.txt.passeur");
        Store::create(&path, &sample()).unwrap();
        let (mut store, mut project) = Store::open(&path).unwrap();
        store.save(&mut project).unwrap();
        (store, project, path)
    }

    #[test]
    fn an_edit_goes_to_the_journal_and_the_file_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut project, path) = saved(dir.path());
        let file_before = std::fs::read_to_string(&path).unwrap();
        project.set_translation(1, "It is raining.", Status::Confirmed);
        store.save_edits(&mut project).unwrap();
        assert!(
            std::fs::read_to_string(&path).unwrap() == file_before,
            "file untouched"
        );
        let journal = std::fs::read_to_string(journal::path_of(&path)).unwrap();
        assert_eq!(journal.lines().count(), 2, "{journal}");
        assert!(
            journal
                .lines()
                .nth(1)
                .unwrap()
                .contains("\"It is raining.\"")
        );
        assert_eq!(store.journalled(), 1);
        // A second edit appends one more segment; the unchanged ones are not written again.
        project.set_translation(2, "The “last” word\\end & <b>.", Status::Draft);
        store.save_edits(&mut project).unwrap();
        assert_eq!(
            std::fs::read_to_string(journal::path_of(&path))
                .unwrap()
                .lines()
                .count(),
            3
        );
        // Nothing changed: nothing written.
        let len = std::fs::metadata(journal::path_of(&path)).unwrap().len();
        store.save_edits(&mut project).unwrap();
        assert_eq!(
            std::fs::metadata(journal::path_of(&path)).unwrap().len(),
            len
        );
        let (_, reread) = Store::open(&path).unwrap();
        assert_eq!(reread, project);
        // Writing whole folds the journal in and removes it.
        store.save(&mut project).unwrap();
        assert!(!journal::path_of(&path).exists());
        assert_eq!(from_bytes(&std::fs::read(&path).unwrap()).unwrap(), project);
    }

    #[test]
    fn a_torn_last_line_and_a_stale_journal_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut project, path) = saved(dir.path());
        project.set_translation(0, "Mr Dupont arrives.", Status::Confirmed);
        store.save_edits(&mut project).unwrap();
        let whole = project.clone();
        project.set_translation(1, "It rains.", Status::Confirmed);
        store.save_edits(&mut project).unwrap();
        // A save killed mid-append: its line is cut.
        let journal_path = journal::path_of(&path);
        let text = std::fs::read_to_string(&journal_path).unwrap();
        std::fs::write(&journal_path, &text[..text.len() - 10]).unwrap();
        let (mut store, mut reread) = Store::open(&path).unwrap();
        assert_eq!(reread, whole, "the whole lines only");
        // The next save writes the project whole rather than appending after a torn line.
        reread.set_translation(2, "Last.", Status::Draft);
        store.save_edits(&mut reread).unwrap();
        assert!(!journal_path.exists());
        assert_eq!(Store::open(&path).unwrap().1, reread);
        // A journal that follows another version of the file (the file replaced while no
        // workspace kept it) is ignored, and kept aside by the next whole write, not deleted.
        let stale = format!(
            "{{\"passeur_journal\":1,\"base\":\"{}\"}}\n{}\n",
            "0".repeat(64),
            text.lines().nth(1).unwrap()
        );
        std::fs::write(&journal_path, &stale).unwrap();
        let (mut store, mut reopened) = Store::open(&path).unwrap();
        assert_eq!(reopened, reread);
        store.save(&mut reopened).unwrap();
        assert!(!journal_path.exists());
        let kept: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".journal.stale-"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        assert_eq!(kept, [stale]);
    }

    #[test]
    fn another_workspaces_journalled_edit_is_noticed_and_merged() {
        let dir = tempfile::tempdir().unwrap();
        let (mut theirs, mut their_project, path) = saved(dir.path());
        let (mut mine, mut project) = Store::open(&path).unwrap();
        their_project.set_translation(0, "Theirs.", Status::Confirmed);
        theirs.save_edits(&mut their_project).unwrap();
        assert_eq!(theirs.journalled(), 1, "their edit went to the journal");
        assert!(mine.changed_on_disk(), "a journal append is a change");
        project.set_translation(1, "Mine.", Status::Confirmed);
        let report = mine.save_edits(&mut project).unwrap();
        assert_eq!(report.theirs, ["s1"]);
        assert!(
            !journal::path_of(&path).exists(),
            "a merge writes the file whole"
        );
        // Their next edit sees the merged file as a change, and keeps mine.
        their_project.set_translation(2, "Also theirs.", Status::Draft);
        theirs.save_edits(&mut their_project).unwrap();
        let (_, on_disk) = Store::open(&path).unwrap();
        let targets: Vec<&str> = on_disk.units().iter().map(|u| u.target.as_str()).collect();
        assert_eq!(targets, ["Theirs.", "Mine.", "Also theirs."]);
    }

    #[test]
    fn the_file_is_written_whole_when_segments_move_or_the_journal_is_long() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut project, path) = saved(dir.path());
        project.header.overrides.joins = vec![1];
        store.save_edits(&mut project).unwrap();
        assert!(!journal::path_of(&path).exists(), "a header change");
        for n in 0..=journal::COMPACT_AFTER {
            project.set_translation(n % 3, &format!("Version {n}."), Status::Draft);
            store.save_edits(&mut project).unwrap();
        }
        assert!(store.journalled() < journal::COMPACT_AFTER);
        assert_eq!(Store::open(&path).unwrap().1, project);
    }

    #[test]
    fn a_backup_holds_the_journalled_edits() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut project, path) = saved(dir.path());
        store.set_backup_interval(std::time::Duration::from_secs(3600));
        project.set_translation(1, "Journalled.", Status::Confirmed);
        store.save_edits(&mut project).unwrap();
        assert_eq!(store.journalled(), 1);
        store.set_backup_interval(std::time::Duration::ZERO);
        project.set_translation(2, "Third.", Status::Confirmed);
        store.save_edits(&mut project).unwrap();
        let backup =
            from_bytes(&std::fs::read(crate::project::store::backup_path(&path, 1)).unwrap())
                .unwrap();
        assert_eq!(backup.units()[1].target, "Journalled.");
        assert_eq!(backup.units()[2].target, "");
        assert_eq!(Store::open(&path).unwrap().1, project);
    }
}
