//! Many files: `copydesk clean DIR_OR_FILES... --out-dir OUT` and `copydesk
//! learn`.
//!
//! Files are taken in sorted order, in chunks processed in parallel; whatever
//! must be decided in order (boilerplate counts, the first copy of a duplicate)
//! is decided after each chunk, in file order, so the output bytes and the
//! report do not depend on the thread count. Memory is bounded by the chunk
//! size: outputs are written and forgotten chunk by chunk, and the run report
//! is streamed to disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use copydesk::corpus::{DupIndex, Learner, Profile};
use copydesk::report::{FileReport, RunSummary as Summary};
use copydesk::{Action, Change, Cleaned, Config, Rule};

use super::source::{Problem, problem, read_target};
use crate::files::Target;

use super::{Files, Learned};

/// The source of a file: the name of the folder `level` steps above it (1,
/// its parent folder). A site's articles are often filed by date below it
/// (`crawl/SITE/2024/05/a.txt`: level 3).
pub fn source_of(path: &Path, level: usize) -> String {
    std::path::absolute(path)
        .ok()
        .and_then(|p| {
            p.ancestors()
                .nth(level.max(1))
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| ".".to_string())
}

/// Learn boilerplate over `targets` (pass 1).
pub fn learn(
    targets: &[Target],
    config_for: &(dyn Fn(&Target) -> Result<Config> + Sync),
    learner: &mut Learner,
    bar: &indicatif::ProgressBar,
) -> Unlearned {
    let mut unlearned = Unlearned::default();
    let facts = |t: &&Target| -> std::result::Result<Learned, Problem> {
        let config = config_for(t).map_err(|e| Problem::Failed(format!("{e:#}")))?;
        let bytes = read_target(t)?;
        bar.inc(bytes.len() as u64);
        // Validated with SIMD and copied: faster than taking the bytes
        // over, which validates them with `std`.
        let decoded =
            copydesk::decode(&bytes, config.encoding).map_err(|e| problem(t, e, false))?;
        Ok((
            Some(source_of(&t.path, config.source_level)),
            Learner::articles_of(&decoded.text, &config),
        ))
    };
    super::learn(&mut Files::new(targets), learner, facts, |p| match p {
        Problem::Skipped(note) => unlearned.skipped.push(note),
        Problem::Failed(e) => unlearned.failed.push(e),
    })
    .expect("a list of files is read without error");
    unlearned
}

/// Files the learning pass could not learn from, in path order. A run that
/// cleans them reports them when it does; `learn` reports them itself.
#[derive(Debug, Default)]
pub struct Unlearned {
    /// Binary files, with the note.
    pub skipped: Vec<String>,
    /// Files that could not be read, decoded or configured, with the reason.
    pub failed: Vec<String>,
}

/// Options of a directory run.
pub struct RunOptions<'a> {
    /// Where the cleaned files go.
    pub out_dir: &'a Path,
    /// Remove later copies instead of only reporting them.
    pub drop_duplicates: bool,
    /// Near-duplicate threshold.
    pub dup_threshold: f64,
    /// Look for duplicate articles at all.
    pub dedup: bool,
    /// The lean run report: rewrites counted, not listed.
    pub lean: bool,
    /// Also the review page, OUT/copydesk-report.html.
    pub html: bool,
    /// What each output file holds.
    pub form: Form,
    /// One output file per article.
    pub split: bool,
    /// Files the walk skipped (symbolic links), with the reason: they open
    /// the summary's list of skipped files.
    pub skipped: Vec<String>,
}

/// What an output file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The cleaned text.
    Text,
    /// The articles' parts as JSON (article.schema.json).
    Json,
    /// The articles as Markdown.
    Markdown,
}

/// The output of a cleaned file in `form`.
pub fn render(cleaned: &Cleaned, form: Form) -> String {
    match form {
        Form::Text => cleaned.output.clone(),
        Form::Json => {
            let mut s = serde_json::to_string_pretty(&copydesk::structure::structure(cleaned))
                .expect("plain data");
            s.push('\n');
            s
        }
        Form::Markdown => copydesk::structure::markdown(&copydesk::structure::structure(cleaned)),
    }
}

/// The output files of a cleaned file: its path under the output folder
/// (named `.json` or `.md` for those forms), or with `split` one per article
/// (`name.1.txt`), each with its bytes.
fn outputs(rel: &Path, cleaned: &Cleaned, form: Form, split: bool) -> Vec<(PathBuf, String)> {
    let ext = |rel: &Path| -> String {
        match form {
            Form::Text => rel
                .extension()
                .map_or_else(|| "txt".to_string(), |e| e.to_string_lossy().into_owned()),
            Form::Json => "json".to_string(),
            Form::Markdown => "md".to_string(),
        }
    };
    if !split {
        let path = if form == Form::Text {
            rel.to_path_buf()
        } else {
            rel.with_extension(ext(rel))
        };
        return vec![(path, render(cleaned, form))];
    }
    let stem = rel
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = |k: usize| rel.with_file_name(format!("{stem}.{k}.{}", ext(rel)));
    match form {
        Form::Text => copydesk::structure::article_texts(cleaned)
            .into_iter()
            .enumerate()
            .map(|(k, text)| (name(k + 1), text))
            .collect(),
        Form::Json | Form::Markdown => copydesk::structure::structure(cleaned)
            .articles
            .into_iter()
            .enumerate()
            .map(|(k, a)| {
                let body = if form == Form::Json {
                    serde_json::to_string_pretty(&a).expect("plain data") + "\n"
                } else {
                    copydesk::structure::to_markdown(&a)
                };
                (name(k + 1), body)
            })
            .collect(),
    }
}

/// A file's bytes, its settings and what cleaning made of it.
type Done = (Vec<u8>, Config, Cleaned);

/// A later copy of an earlier article.
struct Dup {
    /// Which article of its file.
    article: usize,
    /// Its first line.
    line: usize,
    /// Which article it repeats, and how closely.
    reason: String,
    /// `--drop-duplicate-articles` drops it (it is beyond doubt).
    drop: bool,
}

/// Apply the duplicate decisions to one cleaned file, write it under the
/// output folder and serialize its report entry: the file's share of the
/// summary and the entry, or why it failed.
fn finish_file(
    t: &Target,
    (bytes, mut config, mut cleaned): Done,
    dups: Vec<Dup>,
    opts: &RunOptions<'_>,
) -> std::result::Result<(Summary, String, Option<String>), String> {
    let (drop, flag): (Vec<Dup>, Vec<Dup>) = dups.into_iter().partition(|d| d.drop);
    if !drop.is_empty() {
        config.drop_articles = drop.into_iter().map(|d| (d.article, d.reason)).collect();
        config.signatures = false;
        cleaned = copydesk::process(&bytes, &config).map_err(|e| format!("{}: {e}", t.display))?;
    }
    if !flag.is_empty() {
        for d in flag {
            cleaned.changes.push(Change {
                rule: Rule::DuplicateArticle,
                line: d.line,
                last_line: d.line,
                action: Action::Flagged,
                text: cleaned.input_lines[d.line].to_string(),
                after: None,
                reason: d.reason,
            });
        }
        cleaned.changes.sort_by_key(|c| c.line);
    }
    for (rel, bytes) in outputs(&t.rel, &cleaned, opts.form, opts.split) {
        let out_path = opts.out_dir.join(rel);
        if let Some(parent) = out_path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot create the folder ({e})", parent.display()))?;
        }
        super::write::write_streamed(&out_path, false, &mut |w| w.write_all(bytes.as_bytes()))
            .map_err(|e| {
                let e = super::write::write_error(
                    e,
                    &out_path.display().to_string(),
                    "the cleaned file",
                );
                format!("{}: {e:#}", t.display)
            })?;
    }
    let mut part = Summary::default();
    part.add(&cleaned, bytes.len());
    let file = FileReport::from_cleaned(&t.display, cleaned).with_raw_path(&t.path);
    let file = if opts.lean { file.lean() } else { file };
    let entry = copydesk::report::json::compact_entry(&file);
    // The page lists a run's removals and flags and counts its rewrites (the
    // JSON run report lists them all): a page of a large run stays small
    // enough to open at once.
    let page = opts.html.then(|| {
        let lean = if file.rewrites_left_out.is_some() {
            file.clone()
        } else {
            file.clone().lean()
        };
        copydesk::report::html::file_entry(&lean, None, bytes.len())
    });
    Ok((part, entry, page))
}

/// Clean `targets` into `opts.out_dir` (pass 2), writing the run report.
pub fn clean_all(
    targets: &[Target],
    config_for: &(dyn Fn(&Target) -> Result<Config> + Sync),
    profile: Option<Arc<Profile>>,
    opts: &RunOptions<'_>,
    bar: &indicatif::ProgressBar,
) -> Result<Summary> {
    std::fs::create_dir_all(opts.out_dir).with_context(|| {
        format!(
            "{}: cannot create the output folder",
            opts.out_dir.display()
        )
    })?;
    let report_path = opts.out_dir.join("copydesk-report.json");
    // A failed write of the run report names it, with what to do.
    let shown = report_path.display().to_string();
    let failed = |e: anyhow::Error| super::write::write_error(e, &shown, "the run report");
    let io_failed = |e: std::io::Error| failed(e.into());
    let mut report = std::io::BufWriter::with_capacity(
        1 << 20,
        super::write::Replacement::new(&report_path).map_err(failed)?,
    );
    // The review page, beside it, written as the run goes too.
    let html_path = opts.out_dir.join("copydesk-report.html");
    let html_shown = html_path.display().to_string();
    let html_failed =
        |e: anyhow::Error| super::write::write_error(e, &html_shown, "the review page");
    let mut html = if opts.html {
        let file = super::write::Replacement::new(&html_path).map_err(html_failed)?;
        Some(
            copydesk::report::html::Page::head(
                std::io::BufWriter::with_capacity(1 << 20, file),
                &opts.out_dir.display().to_string(),
            )
            .map_err(|e| html_failed(e.into()))?,
        )
    } else {
        None
    };
    write!(
        report,
        "{{\n\"version\": {},\n\"files\": [",
        copydesk::report::REPORT_VERSION
    )
    .map_err(io_failed)?;
    let mut first_entry = true;
    let mut summary = Summary {
        skipped: opts.skipped.clone(),
        ..Summary::default()
    };
    let mut index = DupIndex::new(opts.dup_threshold);

    let prepare = |t: &Target| -> Result<Config> {
        let mut c = config_for(t)?;
        c.profile = profile.clone();
        c.source = source_of(&t.path, c.source_level);
        c.signatures = opts.dedup && c.enabled(Rule::DuplicateArticle);
        Ok(c)
    };

    // Each file's number in the run: where a first copy is.
    let mut file_no: u32 = 0;
    let read_and_clean = |t: &&Target| -> std::result::Result<Done, Problem> {
        let config = prepare(t).map_err(|e| Problem::Failed(format!("{e:#}")))?;
        let bytes = read_target(t)?;
        bar.inc(bytes.len() as u64);
        match copydesk::process(&bytes, &config) {
            Ok(c) => Ok((bytes, config, c)),
            Err(e) => Err(problem(t, e, false)),
        }
    };
    // Duplicates, decided in file order (cheap: the index only).
    let decide = |_: &&Target, result: std::result::Result<Done, Problem>| {
        let t_index = file_no;
        file_no += 1;
        let (bytes, config, cleaned) = match result {
            Ok(done) => done,
            Err(Problem::Skipped(note)) => {
                summary.skipped.push(note);
                return Ok(None);
            }
            Err(Problem::Failed(e)) => {
                summary.failed.push(e);
                return Ok(None);
            }
        };
        let mut dups: Vec<Dup> = Vec::new();
        for (a, (line, sig)) in cleaned.articles_at.iter().enumerate() {
            let Some(sig) = sig else { continue };
            // Where the article is: its file and first line.
            let locator = (u64::from(t_index) << 32) | *line as u64;
            if let Some(d) = index.check_and_add(sig, locator) {
                let (ft, fl) = (d.first >> 32, d.first as u32);
                let what = if d.exact && sig.whole {
                    "the same text".to_string()
                } else if d.exact {
                    "the same body".to_string()
                } else {
                    format!("a near copy, estimated similarity {:.2}", d.similarity)
                };
                let mut reason = format!(
                    "repeats the article at {}:{} ({what})",
                    targets[ft as usize].display,
                    fl + 1
                );
                let drop = opts.drop_duplicates && index.beyond_doubt(&d);
                if opts.drop_duplicates && !drop {
                    reason.push_str("; kept: ");
                    reason.push_str(&d.doubt());
                }
                dups.push(Dup {
                    article: a,
                    line: *line,
                    reason,
                    drop,
                });
            }
        }
        summary.duplicate_articles += dups.len() as u64;
        summary.duplicate_articles_dropped += dups.iter().filter(|d| d.drop).count() as u64;
        Ok(Some(((bytes, config, cleaned), dups)))
    };
    // Writing the files and their report entries runs in parallel again;
    // the entries are appended in file order.
    let mut written = Summary::default();
    let mut write_failed = Vec::new();
    super::pipeline(
        None,
        &mut Files::new(targets),
        read_and_clean,
        decide,
        |t, (done, dups)| finish_file(t, done, dups, opts),
        |w| {
            match w {
                Ok((part, entry, page)) => {
                    if let (Some(html), Some(entry)) = (html.as_mut(), page) {
                        html.file(&entry).map_err(|e| html_failed(e.into()))?;
                    }
                    written.merge(part);
                    report
                        .write_all(if first_entry { b"\n" } else { b",\n" })
                        .and_then(|()| report.write_all(entry.as_bytes()))
                        .map_err(io_failed)?;
                    first_entry = false;
                }
                Err(e) => write_failed.push(e),
            }
            Ok(())
        },
    )?;
    summary.merge(written);
    summary.failed.append(&mut write_failed);
    summary.duplicate_index_bytes_per_article = (index.bytes_per_article() * 10.0).round() / 10.0;
    summary.finish();
    write!(
        report,
        "\n],\n\"summary\": {}\n}}\n",
        serde_json::to_string_pretty(&summary)?
    )
    .map_err(io_failed)?;
    let report = report.into_inner().map_err(|e| io_failed(e.into_error()))?;
    report.persist(true).map_err(failed)?;
    if let Some(page) = html {
        let run = serde_json::json!({
            "summary": &summary,
            "boilerplate": profile.as_ref().map(|p| &p.sources),
        });
        let file = page
            .tail(&run.to_string())
            .map_err(|e| html_failed(e.into()))?
            .into_inner()
            .map_err(|e| html_failed(e.into_error().into()))?;
        file.persist(true).map_err(html_failed)?;
    }
    Ok(summary)
}
