//! An XML file opened as a stream of UTF-8, whatever encoding it is in, for readers that take
//! a file a piece at a time (a translation memory's TMX of gigabytes): the encoding is found
//! as [`super::encoding::decode_xml`] finds it, from the first bytes, and the rest is decoded
//! as it is read. No size bound: memory does not grow with the file.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::encoding::{TextEncoding, xml_encoding};
use super::read::{ReadError, open_file};

/// How much of the file is looked at to find its encoding (an XML declaration fits).
const SNIFF_BYTES: usize = 1024;

/// Opens `path` as UTF-8 text without its byte order mark; the encoding it was found in.
pub fn open(path: &Path) -> Result<(Box<dyn BufRead + Send>, TextEncoding), ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = BufReader::with_capacity(64 << 10, open_file(path)?);
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    let encoding = xml_encoding(&head, path)?;
    let rest = std::io::Cursor::new(head).chain(file);
    let reader: Box<dyn BufRead + Send> = match encoding {
        TextEncoding::Utf8 => {
            let mut reader = BufReader::with_capacity(64 << 10, rest);
            if reader
                .fill_buf()
                .map_err(io_error)?
                .starts_with(b"\xEF\xBB\xBF")
            {
                reader.consume(3);
            }
            Box::new(reader)
        }
        TextEncoding::Utf16Le => Box::new(Decoding::new(rest, encoding_rs::UTF_16LE)),
        TextEncoding::Utf16Be => Box::new(Decoding::new(rest, encoding_rs::UTF_16BE)),
        TextEncoding::Legacy(legacy) => Box::new(Decoding::new(rest, legacy)),
    };
    Ok((reader, encoding))
}

/// A reader of text in another encoding that gives its UTF-8, refusing malformed input (an
/// I/O error naming the byte offset).
struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    encoding: &'static str,
    input: Vec<u8>,
    /// Input bytes decoded so far.
    read: usize,
    output: Vec<u8>,
    /// Where the unread UTF-8 of `output` starts.
    at: usize,
    done: bool,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Decoding<R> {
        Decoding {
            inner,
            // With BOM handling: a byte order mark is left out of the text.
            decoder: encoding.new_decoder_with_bom_removal(),
            encoding: encoding.name(),
            input: Vec::new(),
            read: 0,
            output: Vec::new(),
            at: 0,
            done: false,
        }
    }

    /// Decodes the next piece of input into `output`.
    fn refill(&mut self) -> std::io::Result<()> {
        while self.at >= self.output.len() && !self.done {
            self.input.resize(32 << 10, 0);
            let n = self.inner.read(&mut self.input)?;
            self.input.truncate(n);
            let last = n == 0;
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(n)
                .unwrap_or(n * 3 + 16);
            self.output.clear();
            self.output.resize(room, 0);
            self.at = 0;
            let (result, taken, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input,
                &mut self.output,
                last,
            );
            self.output.truncate(written);
            if let encoding_rs::DecoderResult::Malformed(length, after) = result {
                let offset = (self.read + taken).saturating_sub(length as usize + after as usize);
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "not valid {} (byte offset {offset}), although the file says it is {}; \
                         save the file as UTF-8 and try again",
                        self.encoding, self.encoding
                    ),
                ));
            }
            self.read += taken;
            self.done = last;
        }
        Ok(())
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        read_through_buffer(self, out)
    }
}

/// `Read::read` for a reader whose own buffer is the truth (its `fill_buf` and `consume`).
pub fn read_through_buffer(reader: &mut impl BufRead, out: &mut [u8]) -> std::io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(out.len());
    out[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}

impl<R: Read> BufRead for Decoding<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.refill()?;
        Ok(&self.output[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.output.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Result<(String, TextEncoding), String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("memory.tmx");
        std::fs::write(&path, bytes).unwrap();
        let (mut reader, encoding) = open(&path).map_err(|e| e.to_string())?;
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        Ok((text, encoding))
    }

    #[test]
    fn every_encoding_comes_out_as_the_same_utf8() {
        let text = format!(
            "<?xml version=\"1.0\"?><tmx>{}</tmx>",
            "L’État « déjà » 10\u{202f}000 🙂 ".repeat(5000)
        );
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend(text.as_bytes());
        for (bytes, encoding) in [
            (text.as_bytes().to_vec(), TextEncoding::Utf8),
            (with_bom, TextEncoding::Utf8),
            (utf16le, TextEncoding::Utf16Le),
            (utf16be, TextEncoding::Utf16Be),
        ] {
            assert_eq!(read_all(&bytes).unwrap(), (text.clone(), encoding));
        }
        let latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tmx>été</tmx>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(latin);
        assert_eq!(read_all(&bytes).unwrap().0, latin);
    }

    #[test]
    fn malformed_utf16_is_an_error_with_its_offset() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("<tmx>ab".encode_utf16().flat_map(u16::to_le_bytes));
        bytes.extend([0x00, 0xD8, b'x', 0]); // a lone high surrogate
        let error = read_all(&bytes).unwrap_err();
        assert!(
            error.contains("not valid UTF-16LE (byte offset 16)"),
            "{error}"
        );
    }
}
