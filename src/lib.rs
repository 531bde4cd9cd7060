//! passeur: a terminal workspace for translating French articles into English.
//!
//! This library holds everything but the terminal's own code: reading source documents, French
//! sentence segmentation, glossaries, projects, interchange formats, translation memory, QA and
//! machine translation. Only `tui` and `cli` touch the terminal; errors are typed.
//!
//! # Crate map, from the bottom up
//!
//! A module uses only the modules of its own line and of the lines above it: no import goes
//! up, so each layer can be read and tested with what is under it (`tests/layers.rs` reads
//! every `crate::` path and fails on one that goes up; a new module must be given a line).
//!
//! 1. `time`, `paths`, `atomic_file`, `controls`, `yaml_file`, `util`: leaves (timestamps,
//!    the user's directories, atomic writes, control characters, YAML limits, a fast map)
//! 2. `io`: reading outside files safely, and their encodings
//! 3. `segment`: the French sentence segmenter
//! 4. `markup`: the XML reader, inline tags, the format error, language tags
//! 5. `document`: paragraphs, segments and skeleton of a text or Markdown source
//! 6. `spell`: the English spell checker
//! 7. `glossary`: glossary files, the matching index, the target check
//! 8. `project`: the project file, its store, realignment
//! 9. `source`: what a source file is and reading it (text, Markdown, XLIFF, Word,
//!    OpenDocument, HTML), writing a translation back into it
//! 10. `formats`: the bilingual exports and imports (TMX, XLIFF, CSV/TSV, HTML, text)
//! 11. `memory`: translation memory (SQLite, PostgreSQL, the desk)
//! 12. `qa`: the QA checks
//! 13. `stats`: statistics
//! 14. `mt`: machine translation
//! 15. `align`: pairing a French text's sentences with its English version's
//! 16. `config`: the user's `config.yaml`
//! 17. `app`: what the commands and the workspace share (opening a project, the memory)
//! 18. `tui`: the workspace
//! 19. `cli`: the commands
//! 20. `fuzz_checks`: what the fuzz targets and their regression tests check

pub mod align;
pub mod app;
pub mod atomic_file;
pub mod cli;
pub mod config;
pub mod controls;
pub mod document;
pub mod formats;
pub mod fuzz_checks;
pub mod glossary;
pub mod io;
pub mod markup;
pub mod memory;
pub mod mt;
pub mod paths;
pub mod project;
pub mod qa;
pub mod segment;
pub mod source;
pub mod spell;
pub mod stats;
pub mod time;
pub mod tui;
pub mod util;
pub mod yaml_file;
