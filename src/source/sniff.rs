//! What a file is, from its first bytes and its name, before anything reads it as text: the
//! document formats passeur reads ([`document_format`]: Word, OpenDocument, HTML), and the
//! files a translator meets that it does not read (Word 97, RTF, PDF, slides, spreadsheets,
//! images, subtitles, gettext catalogues), named in one line with the way to a file it reads,
//! never decoded as prose and cut into "sentences" of markup.

use std::path::Path;

/// A file passeur does not read, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {what} {advice}")]
pub struct NotRead {
    pub path: String,
    /// What the file is, as a translator names it (`a PDF`).
    pub what: String,
    /// Why it is not read and how to get a file that is.
    pub advice: String,
}

/// What kind of file `bytes` (its start is enough) named `path` is, when passeur does not read
/// it; `None` for what it reads (text, Markdown, XLIFF, the [`document_format`]s).
pub fn not_read(path: &Path, bytes: &[u8]) -> Option<NotRead> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let shown = path.display().to_string();
    let convert = |to: &str| {
        format!(
            "convert it first, for instance `soffice --headless --convert-to {to} {}`, and open \
             the result",
            quoted(path)
        )
    };
    let said = |what: &str, advice: String| {
        Some(NotRead {
            path: shown.clone(),
            what: what.to_owned(),
            advice,
        })
    };
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if document_format(path, bytes).is_some() {
            return None;
        }
        let has = |name: &[u8]| memchr::memmem::find(bytes, name).is_some();
        return if has(b"ppt/") || extension == "pptx" || extension == "odp" {
            said(
                "a slide presentation",
                "is not read: copy its text into a text file".into(),
            )
        } else if has(b"xl/") || extension == "xlsx" || extension == "ods" {
            said(
                "a spreadsheet",
                "is not read: save the column to translate as CSV and import it into a project \
                 with `passeur import`, or copy it into a text file"
                    .into(),
            )
        } else if has(b"Index/Document.iwa") || extension == "pages" {
            said(
                "an Apple Pages document",
                "is not read: export it from Pages as plain text".into(),
            )
        } else {
            said(
                "a ZIP archive",
                "is not read: take the article out of it".into(),
            )
        };
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return said(
            "a Word 97–2003 document (.doc)",
            format!("is not read: {}", convert("docx")),
        );
    }
    if bytes.starts_with(b"{\\rtf") {
        return said(
            "an RTF document",
            format!("is not read: {}", convert("docx")),
        );
    }
    if bytes.starts_with(b"%PDF-") {
        return said(
            "a PDF",
            "is not read: export the article's text from the program that made the PDF (a \
             text taken out of a PDF has its lines broken at the page's width)"
                .into(),
        );
    }
    let images: [&[u8]; 6] = [
        b"\x89PNG\r\n\x1a\n",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"II*\0",
        b"MM\0*",
        b"BM",
    ];
    let webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    if images.iter().any(|magic| bytes.starts_with(magic)) || webp {
        return said("an image", "is not read: passeur translates text".into());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if extension == "srt"
        || extension == "vtt"
        || head.starts_with("webvtt")
        || looks_like_srt(head)
    {
        return said(
            "a subtitle file",
            "is not read: its cue numbers and timecodes would be taken as text to translate; \
             convert it to XLIFF with your subtitle editor (or translate-toolkit's sub2po, then \
             po2xliff) and open that"
                .into(),
        );
    }
    if matches!(extension.as_str(), "po" | "pot") || head.starts_with("msgid ") {
        return said(
            "a gettext catalogue (.po)",
            "is not read: its msgid and msgstr lines would be taken as text; convert it with \
             translate-toolkit's `po2xliff` and open the XLIFF"
                .into(),
        );
    }
    None
}

/// A SubRip file: a cue number, then a timecode line `00:00:01,000 --> 00:00:04,000`.
/// The document format passeur reads `bytes` (named `path`) in, when it is one: a ZIP
/// package with a Word or OpenDocument text in it, or a web page by its name or first tag.
pub fn document_format(path: &Path, bytes: &[u8]) -> Option<super::DocumentFormat> {
    use super::DocumentFormat;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let has = |name: &[u8]| memchr::memmem::find(bytes, name).is_some();
        return if has(b"word/") || extension == "docx" {
            Some(DocumentFormat::Docx)
        } else if has(b"application/vnd.oasis.opendocument.text") || extension == "odt" {
            Some(DocumentFormat::Odt)
        } else {
            None
        };
    }
    // Named as one but not a ZIP container: read as one, to say it is damaged.
    match extension.as_str() {
        "docx" => return Some(DocumentFormat::Docx),
        "odt" => return Some(DocumentFormat::Odt),
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let html_name = matches!(extension.as_str(), "html" | "htm" | "xhtml");
    let html_head = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"));
    (html_name || html_head).then_some(DocumentFormat::Html)
}

fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim);
    let number = lines
        .next()
        .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    number && lines.next().is_some_and(|l| l.contains("-->"))
}

/// `path` as a shell would take it (quoted when it holds a space or a quote).
fn quoted(path: &Path) -> String {
    let shown = path.display().to_string();
    match shown.contains([' ', '\'', '"']) {
        true => format!("'{}'", shown.replace('\'', r"'\''")),
        false => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(name: &str, bytes: &[u8]) -> Option<String> {
        not_read(Path::new(name), bytes).map(|n| n.what)
    }

    #[test]
    fn each_kind_is_named_from_its_bytes() {
        assert_eq!(
            what("a.pptx", b"PK\x03\x04....ppt/slides/slide1.xml").as_deref(),
            Some("a slide presentation")
        );
        assert_eq!(
            what("a.zip", b"PK\x03\x04....photos/1.jpg").as_deref(),
            Some("a ZIP archive")
        );
        assert_eq!(
            what("x", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").as_deref(),
            Some("a Word 97–2003 document (.doc)")
        );
        assert_eq!(
            what("x", b"{\\rtf1\\ansi").as_deref(),
            Some("an RTF document")
        );
        assert_eq!(what("x", b"%PDF-1.7\n").as_deref(), Some("a PDF"));
        assert_eq!(
            what("x", b"\x89PNG\r\n\x1a\n....").as_deref(),
            Some("an image")
        );
        assert_eq!(
            what("x", b"RIFF\0\0\0\0WEBPVP8 ").as_deref(),
            Some("an image")
        );
        assert_eq!(
            what("x.txt", b"1\n00:00:01,000 --> 00:00:04,000\nBonjour.\n").as_deref(),
            Some("a subtitle file")
        );
        assert_eq!(what("x", b"WEBVTT\n\n").as_deref(), Some("a subtitle file"));
        assert_eq!(
            what("x", b"msgid \"\"\nmsgstr \"\"\n").as_deref(),
            Some("a gettext catalogue (.po)")
        );
    }

    #[test]
    fn documents_are_known_by_their_bytes_or_their_name() {
        use crate::source::DocumentFormat;
        let format = |name: &str, bytes: &[u8]| document_format(Path::new(name), bytes);
        assert_eq!(
            format("a.bin", b"PK\x03\x04....word/document.xml"),
            Some(DocumentFormat::Docx)
        );
        assert_eq!(
            format(
                "a",
                b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text"
            ),
            Some(DocumentFormat::Odt)
        );
        assert_eq!(
            format("page", b"\xEF\xBB\xBF  <!DOCTYPE html><html lang=fr>"),
            Some(DocumentFormat::Html)
        );
        assert_eq!(format("a.htm", b"<p>x</p>"), Some(DocumentFormat::Html));
        // A damaged package is still one, to be said damaged rather than read as prose.
        assert_eq!(format("a.docx", b"PK<?xml"), Some(DocumentFormat::Docx));
        assert_eq!(format("a.txt", b"Il pleut.<br>"), None);
        for (name, bytes) in [
            ("a.docx", &b"PK\x03\x04....word/document.xml"[..]),
            ("a.html", b"<p>x</p>"),
        ] {
            assert_eq!(not_read(Path::new(name), bytes), None, "{name}");
        }
    }

    #[test]
    fn text_markdown_and_xliff_are_read() {
        for (name, bytes) in [
            ("a.txt", "Le président a parlé.\n".as_bytes()),
            ("a.md", b"# Titre\n\nUn paragraphe.\n"),
            ("a.xlf", b"<?xml version=\"1.0\"?><xliff version=\"1.2\">"),
            // A line of digits is a number in a text, not a cue without its timecode.
            ("a.txt", b"2024\nUne annee.\n"),
            ("a.txt", b""),
        ] {
            assert_eq!(not_read(Path::new(name), bytes), None, "{name}");
        }
    }

    #[test]
    fn the_line_names_the_file_and_the_way_out() {
        let said = not_read(
            Path::new("mon article.doc"),
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        )
        .unwrap()
        .to_string();
        assert!(
            said.starts_with("mon article.doc: a Word 97–2003 document"),
            "{said}"
        );
        assert!(
            said.contains("soffice --headless --convert-to docx 'mon article.doc'"),
            "{said}"
        );
        assert!(!said.contains('\n'));
    }
}
