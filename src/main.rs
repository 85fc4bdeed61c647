//! The `copydesk` binary: parse arguments, run, exit with the right code.

use std::process::ExitCode;

mod batch;
mod cli;
mod files;
mod progress;
mod stream;

// mimalloc: the pipeline makes many small, short-lived allocations (lines,
// changes, reasons), which it serves faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
