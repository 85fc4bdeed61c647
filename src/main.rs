//! The `copydesk` binary: parse arguments, run, exit with the right code.

use std::process::ExitCode;

mod batch;
mod cli;
mod files;
mod progress;
mod stream;

fn main() -> ExitCode {
    cli::run()
}
