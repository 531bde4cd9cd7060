//! passeur: a terminal workspace for translating French articles into English.
//!
//! This library holds everything that is not terminal code: reading source documents, French
//! sentence segmentation, and (as the project grows) glossaries, projects, interchange formats,
//! translation memory and QA. It never prints and never touches the terminal; errors are typed.

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
pub mod yaml_file;
