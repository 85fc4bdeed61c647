//! Runs over many documents, and the one place files are written.
//!
//! - [`batch`]: files (a folder walk or files named): learn boilerplate over
//!   them, then clean them in parallel into a mirrored output folder.
//! - [`stream`]: a JSONL stream (plain or gzip): the same two passes over
//!   records.
//! - [`source`]: reading an input (a file, standard input, a gzip stream),
//!   and what a file that gives no document is.
//! - [`write`]: every file copydesk writes goes through it: atomic
//!   replacement, temporary files named and removed on a signal, and the
//!   guard that keeps any output from being an input.
//!
//! Nothing here parses arguments or imports from `cli`.

use rayon::prelude::*;

pub mod batch;
pub mod source;
pub mod stream;
pub mod write;

/// Files processed in parallel at a time: enough to keep every thread busy
/// between the in-order steps, few enough that memory stays flat.
pub fn chunk_size() -> usize {
    chunk_size_for(rayon::current_num_threads())
}

/// [`chunk_size`] for a pool of `threads` threads.
pub fn chunk_size_for(threads: usize) -> usize {
    (8 * threads).clamp(16, 256)
}

/// Map `items` in parallel, `chunk` at a time, and hand each result to
/// `consume` in the items' order: memory is bounded by a chunk, and what
/// `consume` sees (so every output) does not depend on the thread count.
/// Stops at the first error of `consume`. The work runs on `pool` when one
/// is given (else the current one); `consume` runs on the calling thread,
/// so it may hold what cannot cross threads (a lock on standard output).
pub fn in_order<T: Sync, R: Send>(
    pool: Option<&rayon::ThreadPool>,
    items: &[T],
    chunk: usize,
    map: impl Fn(&T) -> R + Sync + Send,
    mut consume: impl FnMut(R) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for part in items.chunks(chunk.max(1)) {
        let work = || -> Vec<R> { part.par_iter().map(&map).collect() };
        let results = match pool {
            Some(pool) => pool.install(work),
            None => work(),
        };
        for r in results {
            consume(r)?;
        }
    }
    Ok(())
}
