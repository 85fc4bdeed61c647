//! The `copydesk` binary: parse arguments, run, exit with the right code.

use std::process::ExitCode;

mod cli;
mod files;
mod progress;
mod run;

// mimalloc: the pipeline makes many small, short-lived allocations (lines,
// changes, reasons), which it serves faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
