//! The `copydesk` binary: parse arguments, run, exit with the right code.

use std::process::ExitCode;

mod cli;
mod files;

fn main() -> ExitCode {
    cli::run()
}
