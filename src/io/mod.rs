//! Reading outside files safely, below everything that reads them: regular files only, within
//! a size bound, decoded exactly ([`read`]: UTF-8 with errors that give line, column and byte
//! offset; [`lines`]: the same a line at a time; [`encoding`]: the encoding an XML file declares, UTF-16 by its marks, the legacy
//! encodings of tables and web pages, and writing text back in the encoding it came in;
//! [`xml_stream`]: an XML file of any size as a stream of UTF-8).

pub mod encoding;
pub mod lines;
pub mod read;
pub mod xml_stream;

pub use encoding::{TextEncoding, read_xml_file};
pub use read::{ReadError, decode, head, line_and_column, read_bytes, read_file};
