//! The runner: one flow for every command that reads documents, and the one
//! place files are written.
//!
//! A [`Source`] gives documents a batch at a time, in order: the files of a
//! folder walk or of a list ([`Files`]), or the lines of a JSONL stream
//! ([`Lines`], plain or gzip, a file or standard input). [`pipeline`] runs
//! every batch through four stages: the work on a document in parallel
//! (`map`), what must be decided in order (`decide`: boilerplate counts, the
//! first copy of a duplicate article), the writing in parallel (`finish`)
//! and the in-order sink (`consume`: a report, standard output, a stream).
//! So `-j1` and `-jN` give the same bytes for every source and sink, and
//! memory is bounded by a batch. [`learn`] is the first pass of a run over
//! any source; then
//!
//! - [`batch`] cleans files into a mirrored folder with its run report,
//! - [`stream`] cleans a JSONL stream into a stream,
//! - `check` and `fix` (in `cli::lint`) clean files into findings or in
//!   place, through the same [`pipeline`].
//!
//! [`source`] reads inputs and names what cannot be read; [`write`] is where
//! every file is written: atomic replacement, temporary files named and
//! removed on a signal, and the guard that keeps any output from being an
//! input. Nothing here parses arguments or imports from `cli`.

use std::io::BufRead;

use anyhow::Result;
use rayon::prelude::*;

use copydesk::corpus::Learner;
use copydesk::corpus::boilerplate::ArticleLines;

use crate::files::Target;

pub mod batch;
pub mod source;
pub mod stream;
pub mod write;

use source::Problem;

/// Where the documents of a run come from, a batch at a time, in order.
pub trait Source {
    /// One document as the source gives it (a file to read, a line).
    type Item: Sync;
    /// The next batch; empty at the end.
    fn next_batch(&mut self) -> Result<Vec<Self::Item>>;
}

/// Files, in the order given (a walk is sorted), `batch` at a time.
pub struct Files<'a> {
    rest: &'a [Target],
    batch: usize,
}

impl<'a> Files<'a> {
    /// Batches big enough to keep every thread of the current pool busy
    /// between the in-order stages, small enough that memory stays flat.
    pub fn new(targets: &'a [Target]) -> Files<'a> {
        Files::with_threads(targets, rayon::current_num_threads())
    }

    /// [`Files::new`] for a pool of `threads` threads.
    pub fn with_threads(targets: &'a [Target], threads: usize) -> Files<'a> {
        Files {
            rest: targets,
            batch: (8 * threads).clamp(16, 256),
        }
    }
}

impl<'a> Source for Files<'a> {
    type Item = &'a Target;
    fn next_batch(&mut self) -> Result<Vec<&'a Target>> {
        let (now, rest) = self.rest.split_at(self.batch.min(self.rest.len()));
        self.rest = rest;
        Ok(now.iter().collect())
    }
}

/// The lines of a stream, each with its own terminator (`\n`, `\r\n`, or
/// none at the end), which an output keeps. Bytes, not strings: a line that
/// is not UTF-8 is one malformed record, not the end of the stream.
pub struct Lines<'a> {
    input: &'a mut dyn BufRead,
    /// The stream's name, for its read errors.
    name: &'a str,
}

impl<'a> Lines<'a> {
    pub fn new(input: &'a mut dyn BufRead, name: &'a str) -> Lines<'a> {
        Lines { input, name }
    }
}

/// Lines read at a time.
const LINES: usize = 1024;

impl Source for Lines<'_> {
    type Item = Vec<u8>;
    fn next_batch(&mut self) -> Result<Vec<Vec<u8>>> {
        let mut batch = Vec::with_capacity(LINES);
        while batch.len() < LINES {
            let mut line = Vec::new();
            let read = self.input.read_until(b'\n', &mut line);
            if read.map_err(|e| stream::read_error(e, self.name))? == 0 {
                break;
            }
            batch.push(line);
        }
        Ok(batch)
    }
}

/// Run every document of `source` through the four stages, a batch at a
/// time: `map` in parallel, `decide` in the source's order (`None` drops the
/// document), `finish` in parallel, `consume` in order. Stops at the first
/// error of `decide` or `consume`. The parallel stages run on `pool` when one
/// is given (else the current one); the in-order ones on the calling thread,
/// so they may hold what cannot cross threads (a lock on standard output).
pub fn pipeline<S: Source, A: Send, B: Send, C: Send>(
    pool: Option<&rayon::ThreadPool>,
    source: &mut S,
    map: impl Fn(&S::Item) -> A + Sync + Send,
    mut decide: impl FnMut(&S::Item, A) -> Result<Option<B>>,
    finish: impl Fn(&S::Item, B) -> C + Sync + Send,
    mut consume: impl FnMut(C) -> Result<()>,
) -> Result<()> {
    loop {
        let items = source.next_batch()?;
        if items.is_empty() {
            return Ok(());
        }
        let mapped: Vec<A> = on(pool, || items.par_iter().map(&map).collect());
        let mut decided: Vec<(usize, B)> = Vec::with_capacity(items.len());
        for (k, a) in mapped.into_iter().enumerate() {
            if let Some(b) = decide(&items[k], a)? {
                decided.push((k, b));
            }
        }
        let finished: Vec<C> = on(pool, || {
            decided
                .into_par_iter()
                .map(|(k, b)| finish(&items[k], b))
                .collect()
        });
        for c in finished {
            consume(c)?;
        }
    }
}

/// `work` on `pool`, or on the current pool.
fn on<R: Send>(pool: Option<&rayon::ThreadPool>, work: impl FnOnce() -> R + Send) -> R {
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// What the learning pass takes from one document: its source's name
/// (`None` when a record lacks the source field: its source is then `''`)
/// and its articles' lines.
pub type Learned = (Option<String>, ArticleLines);

/// What the learning pass saw.
#[derive(Debug, Default)]
pub struct LearnSummary {
    /// Documents learned from.
    pub records: u64,
    /// Of those, records without the source field.
    pub source_missing: u64,
}

/// Learn boilerplate over every document of `source` (the first pass of a
/// run, over any source): `facts` reads one document in parallel; the counts
/// are added in order, so the profile does not depend on the thread count.
/// A document that gives nothing goes to `problem`, in order.
pub fn learn<S: Source>(
    source: &mut S,
    learner: &mut Learner,
    facts: impl Fn(&S::Item) -> Result<Learned, Problem> + Sync + Send,
    mut problem: impl FnMut(Problem),
) -> Result<LearnSummary> {
    let mut summary = LearnSummary::default();
    pipeline(
        None,
        source,
        facts,
        |_, learned| {
            match learned {
                Ok((source, lines)) => {
                    summary.records += 1;
                    summary.source_missing += u64::from(source.is_none());
                    learner.add(source.as_deref().unwrap_or_default(), &lines);
                }
                Err(p) => problem(p),
            }
            Ok(None::<()>)
        },
        |_, ()| (),
        |()| Ok(()),
    )?;
    Ok(summary)
}
