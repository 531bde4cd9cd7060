//! Character encodings of files from other tools: which one a file is in, decoding it to text,
//! and encoding text back so that a client's file keeps its encoding.
//!
//! - XML (XLIFF, TMX, TBX): a byte order mark decides; without one, UTF-16 is recognised by
//!   its zero bytes around `<`, and otherwise the XML declaration's `encoding` is used (UTF-8
//!   when there is none), as the XML specification prescribes.
//! - Tables (CSV, TSV): a byte order mark decides; without one, valid UTF-8 is UTF-8 and
//!   anything else is read as Windows-1252, the encoding a spreadsheet on Windows saves in.
//!
//! A legacy encoding (Windows-1252, ISO-8859-15, Shift_JIS…) is accepted only when the file's
//! bytes come back unchanged from decoding and encoding again, so that writing a translation
//! into the file changes no byte nobody edited.

use std::path::Path;

use encoding_rs::Encoding;

use super::read::{ReadError, check_text, line_and_column};

/// The encoding a file was read in, to write it back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// A single- or multi-byte legacy encoding; never UTF-8 or UTF-16.
    Legacy(&'static Encoding),
}

impl TextEncoding {
    /// The encoding's usual name (`UTF-8`, `windows-1252`).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Legacy(encoding) => encoding.name(),
        }
    }

    /// `text` in this encoding (a leading U+FEFF becomes the byte order mark). A character
    /// the legacy encoding lacks becomes a numeric character reference (`&#8217;`): valid in
    /// XML text and attribute values, which is where written translations go.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            TextEncoding::Utf8 => text.as_bytes().to_vec(),
            TextEncoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            TextEncoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            TextEncoding::Legacy(encoding) => encoding.encode(text).0.into_owned(),
        }
    }

    /// The characters of `text` this encoding cannot hold (empty for UTF-8 and UTF-16).
    pub fn unrepresentable(self, text: &str) -> Vec<char> {
        let TextEncoding::Legacy(encoding) = self else {
            return Vec::new();
        };
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| encoding.encode(c.encode_utf8(&mut [0; 4])).2)
            .collect();
        missing.dedup();
        missing
    }
}

/// The text UTF-8 bytes stand for when a program read them as Windows-1252 (`prÃ©sident` →
/// `président`); `None` when `text` is not such a misreading.
pub fn undo_utf8_read_as_windows_1252(text: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    if unmappable || bytes.is_ascii() {
        return None;
    }
    String::from_utf8(bytes.into_owned()).ok()
}

/// Reads an XML file (XLIFF, TMX, TBX) in the encoding it declares; see [`decode_xml`].
pub fn read_xml_file(path: &Path) -> Result<(String, TextEncoding), ReadError> {
    decode_xml(super::read::read_bytes(path)?, path)
}

/// Decodes an XML file: by its byte order mark, its zero bytes (UTF-16 without a mark) or its
/// declared encoding. A byte order mark stays in the text as U+FEFF.
pub fn decode_xml(bytes: Vec<u8>, path: &Path) -> Result<(String, TextEncoding), ReadError> {
    let encoding = xml_encoding(&bytes, path)?;
    Ok((decode_as(bytes, encoding, path)?, encoding))
}

/// The encoding of an XML file from its first bytes (its first kilobyte is enough): byte order
/// mark, zero bytes around `<`, else the declaration.
pub fn xml_encoding(head: &[u8], path: &Path) -> Result<TextEncoding, ReadError> {
    Ok(match head {
        [0xEF, 0xBB, 0xBF, ..] => TextEncoding::Utf8,
        [0xFF, 0xFE, ..] | [b'<', 0, b'?', 0, ..] => TextEncoding::Utf16Le,
        [0xFE, 0xFF, ..] | [0, b'<', 0, b'?', ..] => TextEncoding::Utf16Be,
        _ => declared_encoding(head, path)?,
    })
}

/// Decodes a CSV or TSV file: by its byte order mark, else UTF-8 when it is valid UTF-8, else
/// Windows-1252.
pub fn decode_table(bytes: Vec<u8>, path: &Path) -> Result<(String, TextEncoding), ReadError> {
    let encoding = match bytes.as_slice() {
        [0xFF, 0xFE, ..] => TextEncoding::Utf16Le,
        [0xFE, 0xFF, ..] => TextEncoding::Utf16Be,
        bytes if std::str::from_utf8(bytes).is_ok() => TextEncoding::Utf8,
        _ => TextEncoding::Legacy(encoding_rs::WINDOWS_1252),
    };
    Ok((decode_as(bytes, encoding, path)?, encoding))
}

/// The `encoding` of an XML declaration at the start of `bytes` (UTF-8 without one).
fn declared_encoding(bytes: &[u8], path: &Path) -> Result<TextEncoding, ReadError> {
    let Some(declaration) = bytes
        .strip_prefix(b"<?xml")
        .and_then(|rest| rest.get(..memchr::memmem::find(rest, b"?>")?))
    else {
        return Ok(TextEncoding::Utf8);
    };
    let Some(at) = memchr::memmem::find(declaration, b"encoding") else {
        return Ok(TextEncoding::Utf8);
    };
    let value = declaration[at + "encoding".len()..]
        .trim_ascii_start()
        .strip_prefix(b"=")
        .map(<[u8]>::trim_ascii_start)
        .and_then(|rest| {
            let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
            let rest = &rest[1..];
            Some(&rest[..memchr::memchr(quote, rest)?])
        })
        .unwrap_or_default();
    let label = String::from_utf8_lossy(value);
    match Encoding::for_label_no_replacement(value) {
        Some(encoding) if encoding == encoding_rs::UTF_8 => Ok(TextEncoding::Utf8),
        // A declaration of UTF-16 over bytes without zero bytes around `<` (checked by the
        // caller) is a mislabelled UTF-8 file, a common slip of tools that build XML in memory.
        Some(encoding)
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
        {
            Ok(TextEncoding::Utf8)
        }
        Some(encoding) => Ok(TextEncoding::Legacy(encoding)),
        None => Err(ReadError::Encoding {
            path: path.to_owned(),
            message: format!(
                "the XML declaration names the encoding {label:?}, which passeur does not know; \
                 save the file as UTF-8"
            ),
        }),
    }
}

/// Decodes `bytes` in `encoding`, refusing malformed sequences (with their line and column),
/// NUL bytes, and legacy-encoded bytes that would not come back the same when written.
fn decode_as(bytes: Vec<u8>, encoding: TextEncoding, path: &Path) -> Result<String, ReadError> {
    let decoder = match encoding {
        TextEncoding::Utf8 => return super::read::decode(bytes, path),
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Legacy(encoding) => encoding,
    };
    let malformed = |valid_bytes: usize| {
        let (prefix, _) = decoder.decode_without_bom_handling(&bytes[..valid_bytes]);
        let (line, column) = line_and_column(&prefix);
        ReadError::Malformed {
            path: path.to_owned(),
            line,
            column,
            offset: valid_bytes,
            encoding: encoding.name(),
        }
    };
    let Some(text) = decoder.decode_without_bom_handling_and_without_replacement(&bytes) else {
        return Err(malformed(first_malformed(decoder, &bytes)));
    };
    let text = text.into_owned();
    if matches!(encoding, TextEncoding::Legacy(_)) && encoding.encode(&text) != bytes {
        return Err(ReadError::Encoding {
            path: path.to_owned(),
            message: format!(
                "the file's {} bytes do not come back unchanged when written again; save it as \
                 UTF-8",
                encoding.name()
            ),
        });
    }
    check_text(text, path)
}

/// The byte offset of the first malformed sequence of `bytes` in `encoding`.
fn first_malformed(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(length, after) => {
            read.saturating_sub(length as usize + after as usize)
        }
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("t.xml")
    }

    #[test]
    fn windows_1252_declared_is_decoded_and_encoded_back_byte_for_byte() {
        let bytes = b"<?xml version='1.0' encoding=\"windows-1252\"?><a>pr\xe9sident \x93x\x94</a>";
        let (text, encoding) = decode_xml(bytes.to_vec(), path()).unwrap();
        assert_eq!(
            text,
            "<?xml version='1.0' encoding=\"windows-1252\"?><a>président “x”</a>"
        );
        assert_eq!(encoding.name(), "windows-1252");
        assert_eq!(encoding.encode(&text), bytes);
        assert_eq!(encoding.encode("→"), b"&#8594;");
        assert_eq!(encoding.unrepresentable("é→🙂é"), vec!['→', '🙂']);
    }

    #[test]
    fn utf16_with_and_without_byte_order_mark() {
        let text = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>É</a>";
        for encoding in [TextEncoding::Utf16Le, TextEncoding::Utf16Be] {
            let bytes = encoding.encode(text);
            assert_eq!(
                decode_xml(bytes.clone(), path()).unwrap(),
                (text.into(), encoding)
            );
            let without_mark = encoding.encode(&text[3..]);
            assert_eq!(
                decode_xml(without_mark, path()).unwrap(),
                (text[3..].into(), encoding)
            );
        }
    }

    #[test]
    fn utf16_declared_over_ascii_bytes_is_utf8_and_unknown_labels_are_refused() {
        let (text, encoding) = decode_xml(
            "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>é</a>".into(),
            path(),
        )
        .unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            (
                "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>é</a>",
                TextEncoding::Utf8
            )
        );
        let error = decode_xml(
            b"<?xml version='1.0' encoding='klingon'?><a/>".to_vec(),
            path(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("\"klingon\""), "{error}");
    }

    #[test]
    fn malformed_bytes_are_located() {
        let error = decode_xml(
            b"<?xml version='1.0' encoding='shift_jis'?>\n<a>\x82\xa0\x82</a>".to_vec(),
            path(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("t.xml:2:5: not valid Shift_JIS (byte offset 48)"),
            "{error}"
        );
    }

    #[test]
    fn a_utf8_text_read_as_windows_1252_is_recognised() {
        assert_eq!(
            undo_utf8_read_as_windows_1252("le prÃ©sident Â«Â fran\u{e7}ais").as_deref(),
            None,
            "a real ç is not a misreading"
        );
        assert_eq!(
            undo_utf8_read_as_windows_1252("le prÃ©sident Ã\u{a0}").as_deref(),
            Some("le président à")
        );
        assert_eq!(undo_utf8_read_as_windows_1252("président"), None);
        assert_eq!(undo_utf8_read_as_windows_1252("plain"), None);
    }

    #[test]
    fn tables_fall_back_to_windows_1252() {
        let (text, encoding) =
            decode_table(b"id,source\ns1,pr\xe9sident\n".to_vec(), path()).unwrap();
        assert_eq!(text, "id,source\ns1,président\n");
        assert_eq!(encoding.name(), "windows-1252");
        let (text, encoding) = decode_table("s1,président".into(), path()).unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            ("s1,président", TextEncoding::Utf8)
        );
    }
}
