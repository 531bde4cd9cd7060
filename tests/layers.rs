//! The crate's layers (the crate map in `src/lib.rs`) hold: every `crate::` path in a module's
//! code (tests aside) names a module of its own line or of a line above it, and every module
//! has a line.

#![allow(clippy::unwrap_used)] // tests and benchmarks: a failure is the test failing

use std::collections::BTreeMap;
use std::path::Path;

/// The layer of each top-level module, read from the crate map's numbered lines.
fn layers() -> BTreeMap<String, usize> {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut layers = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("//! ") else {
            continue;
        };
        let Some((number, text)) = rest.split_once(". ") else {
            continue;
        };
        let Ok(number) = number.trim().parse::<usize>() else {
            continue;
        };
        // The module names are the backticked words before the colon (or all of them).
        let names = text.split(':').next().unwrap_or(text);
        for name in names.split('`').skip(1).step_by(2) {
            layers.insert(name.to_owned(), number);
        }
    }
    layers
}

/// The code of a file without its comments and its test module.
fn code_of(text: &str) -> String {
    let text = text.find("#[cfg(test)]").map_or(text, |at| &text[..at]);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to.
fn files(dir: &Path, top: Option<&str>, out: &mut Vec<(String, std::path::PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let module = top.map_or(name.clone(), str::to_owned);
        if path.is_dir() {
            files(&path, Some(&module), out);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "tests" {
            out.push((module, path));
        }
    }
}

#[test]
fn no_module_imports_a_module_of_a_layer_above_its_own() {
    let layers = layers();
    assert!(layers.len() > 20, "the crate map was not read: {layers:?}");
    let mut all = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        None,
        &mut all,
    );
    let mut problems = Vec::new();
    for (module, path) in &all {
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(&own) = layers.get(module) else {
            problems.push(format!(
                "{module} has no line in the crate map (src/lib.rs)"
            ));
            continue;
        };
        let code = code_of(&std::fs::read_to_string(path).unwrap());
        for (at, _) in code.match_indices("crate::") {
            let used: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if used == *module {
                continue;
            }
            match layers.get(&used) {
                Some(&layer) if layer <= own => {}
                Some(&layer) => problems.push(format!(
                    "{} (layer {own}) uses crate::{used} (layer {layer})",
                    path.display()
                )),
                None => problems.push(format!(
                    "{} uses crate::{used}, which has no line in the crate map",
                    path.display()
                )),
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
