//! Runs over many documents, and the one place files are written.
//!
//! - [`batch`]: files (a folder walk or files named): learn boilerplate over
//!   them, then clean them in parallel into a mirrored output folder.
//! - [`stream`]: a JSONL stream (plain or gzip): the same two passes over
//!   records.
//! - [`write`]: every file copydesk writes goes through it: atomic
//!   replacement, temporary files named and removed on a signal, and the
//!   guard that keeps any output from being an input.
//!
//! Nothing here parses arguments or imports from `cli`.

pub mod batch;
pub mod stream;
pub mod write;
