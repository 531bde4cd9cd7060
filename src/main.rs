//! The `passeur` command: parses the arguments and hands them to `cli`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = passeur::cli::Cli::parse();
    passeur::cli::run(args)
}
