//! `clean --out-dir`, `clean --jsonl` and `learn`: the corpus commands'
//! glue (settings, thread pool, progress, summaries). The work itself is in
//! `batch` and `stream`.

use super::*;
use crate::run::source::{file_is_gzip, is_gz_name, open_input};
use copydesk::corpus::Learner;

pub(super) fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()?)
}

fn check_corpus_args(c: &CorpusArgs, run: Option<&CleanRunArgs>) -> Result<()> {
    if !(0.0..=1.0).contains(&c.boilerplate_min_share) {
        bail!("--boilerplate-min-share is between 0 and 1");
    }
    if run.is_some_and(|r| !(0.0..=1.0).contains(&r.duplicate_threshold)) {
        bail!("--duplicate-threshold is between 0 and 1");
    }
    Ok(())
}

/// The files under `inputs`, for --out-dir and `learn`.
fn corpus_targets(
    inputs: &[String],
    corpus: &CorpusArgs,
    resolver: &Resolver,
) -> Result<files::Collected> {
    let sel = Selection {
        follow: corpus.follow,
        ..Selection::default()
    };
    files::collect(inputs, &sel, resolver)
}

/// The inputs of `clean --out-dir`, kept apart from its outputs: a run that
/// would write over one of its inputs stops before writing anything, and
/// files already under OUT (an earlier run's output inside an input folder)
/// are not inputs.
fn apart_from_outputs(
    targets: Vec<Target>,
    inputs: &[String],
    out_dir: &Path,
) -> Result<Vec<Target>> {
    let Ok(out) = std::fs::canonicalize(out_dir) else {
        // OUT does not exist yet: it holds nothing to overwrite or to read.
        return Ok(targets);
    };
    // Only an input folder that holds OUT (or a file in such a folder: a file
    // given by name goes to OUT/its name) can meet it; the others are not
    // looked at file by file.
    if !inputs
        .iter()
        .filter_map(|i| std::fs::canonicalize(i).ok())
        .any(|i| {
            let folder = if i.is_dir() {
                Some(i.as_path())
            } else {
                i.parent()
            };
            folder.is_some_and(|f| out.starts_with(f))
        })
    {
        return Ok(targets);
    }
    let mut kept = Vec::with_capacity(targets.len());
    for t in targets {
        let Ok(path) = std::fs::canonicalize(&t.path) else {
            kept.push(t);
            continue;
        };
        if std::fs::canonicalize(out_dir.join(&t.rel)).is_ok_and(|o| o == path) {
            bail!(
                "{}: cleaning {} into it would overwrite the input; pick another --out-dir, \
                 or use `copydesk fix` to clean files in place",
                out_dir.display(),
                t.display
            );
        }
        if !path.starts_with(&out) {
            kept.push(t);
        }
    }
    Ok(kept)
}

pub(super) fn clean_dir(args: &CleanArgs, out_dir: &Path) -> Result<u8> {
    if out_dir == Path::new("-") {
        bail!(
            "--out-dir takes a folder, and standard output holds one text: clean one file \
             with -o -, or a stream of records with --jsonl -o -"
        );
    }
    check_corpus_args(&args.corpus, Some(&args.run))?;
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let files::Collected {
        targets,
        mut errors,
        skipped,
    } = corpus_targets(&args.inputs, &args.corpus, &resolver)?;
    if targets.is_empty() && errors.is_empty() {
        eprintln!(
            "copydesk: warning: {}",
            files::nothing_found(&args.inputs, &Selection::default())
        );
    }
    let targets = apart_from_outputs(targets, &args.inputs, out_dir)?;
    let config_for = |t: &Target| files::config_for(&t.path, &t.display, &resolver, &overrides);
    // Whether to learn boilerplate at all: the settings of the first input.
    let base = files::config_for(
        Path::new(&args.inputs[0]),
        &args.inputs[0],
        &resolver,
        &overrides,
    )?;
    let total: u64 = targets
        .iter()
        .filter_map(|t| std::fs::metadata(&t.path).ok())
        .map(|m| m.len())
        .sum();
    let pool = pool(args.corpus.threads)?;
    let summary = pool.install(|| -> Result<copydesk::report::RunSummary> {
        let profile = match load_profile(args.corpus.profile.as_deref())? {
            Some(p) => {
                if let Some(profile_path) = args.corpus.profile.as_deref()
                    && !args.corpus.quiet
                {
                    warn_unknown_file_sources(
                        profile_path,
                        &p,
                        targets.iter().map(|t| {
                            let level = config_for(t).map_or(1, |c| c.source_level);
                            crate::run::batch::source_of(&t.path, level)
                        }),
                    );
                }
                Some(p)
            }
            None if base.enabled(Rule::SiteBoilerplate) => Some(std::sync::Arc::new(
                // (Files it could not learn from fail again when cleaned,
                // and are reported then.)
                learn_pass(&args.corpus, total, |learner, bar| {
                    Ok(crate::run::batch::learn(
                        &targets,
                        &config_for,
                        learner,
                        bar,
                    ))
                })?
                .0,
            )),
            None => None,
        };
        let bar = crate::progress::bar(args.corpus.quiet, total, "cleaning");
        let opts = crate::run::batch::RunOptions {
            out_dir,
            drop_duplicates: args.run.drop_duplicate_articles,
            dup_threshold: args.run.duplicate_threshold,
            dedup: true,
            lean: args.run_report == RunReport::Lean,
            html: args.report_format == Some(ReportFormat::Html),
            form: args.format.form(),
            split: args.split_articles,
            skipped,
        };
        let s = crate::run::batch::clean_all(&targets, &config_for, profile, &opts, &bar);
        bar.finish_and_clear();
        s
    })?;
    for note in &summary.skipped {
        if !args.corpus.quiet {
            eprintln!("copydesk: note: {note}");
        }
    }
    errors.extend(summary.failed.iter().cloned());
    if !args.corpus.quiet {
        let dropped = dropped_note(&args.run, summary.duplicate_articles_dropped);
        eprintln!(
            "copydesk: cleaned {} ({}, {:.1} MB in, {:.1}% kept), {}{dropped}, {} skipped, {} failed; report in {}",
            counted(summary.files, "file"),
            counted(summary.articles, "article"),
            summary.bytes_in as f64 / 1e6,
            summary.percent_kept,
            counted(summary.duplicate_articles, "duplicate article"),
            summary.skipped.len(),
            errors.len(),
            out_dir.join("copydesk-report.json").display()
        );
    }
    Ok(report_errors(&errors))
}

/// "1 file", "2 files".
fn counted(n: impl Into<u64>, what: &str) -> String {
    let n = n.into();
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Warn when records lack the `--source-field`: their source is `''`, so
/// their boilerplate is counted as one site's, and a profile learned so is
/// of no use. Most often the field is named otherwise, or nested.
fn warn_source_missing(input: &str, corpus: &CorpusArgs, missing: u64, records: u64) {
    let Some(field) = corpus.source_field.as_deref() else {
        return;
    };
    if missing == 0 || corpus.quiet {
        return;
    }
    let which = if missing == records {
        format!("no record has a \"{field}\" field")
    } else {
        format!("{missing} of {records} records have no \"{field}\" field")
    };
    eprintln!(
        "copydesk: warning: {input}: {which}, so their source is '' and their boilerplate is \
         counted as one site's. Name the field the records have; a field of a nested object \
         takes dots (--source-field meta.url)."
    );
}

/// The first pass of a run over any source: boilerplate learned by
/// `learn`, with a progress bar over `total` bytes (0: unknown).
fn learn_pass<T>(
    corpus: &CorpusArgs,
    total: u64,
    learn: impl FnOnce(&mut Learner, &indicatif::ProgressBar) -> Result<T>,
) -> Result<(copydesk::corpus::Profile, T)> {
    let mut learner = Learner::new(
        corpus.boilerplate_min_articles,
        corpus.boilerplate_min_share,
    );
    let bar = crate::progress::bar(corpus.quiet, total, "learning");
    let seen = learn(&mut learner, &bar)?;
    bar.finish_and_clear();
    Ok((learner.profile(), seen))
}

/// The first pass over a JSONL stream.
fn learn_stream(
    input: &str,
    config: &Config,
    opts: &crate::run::stream::StreamOptions,
    corpus: &CorpusArgs,
) -> Result<(copydesk::corpus::Profile, crate::run::LearnSummary)> {
    learn_pass(corpus, 0, |learner, _| {
        let mut reader = open_input(input)?;
        crate::run::learn(
            &mut crate::run::Lines::new(&mut *reader, input),
            learner,
            |line| crate::run::stream::learned(line, config, opts),
            // (The cleaning pass reports the lines that are no record.)
            |_| (),
        )
    })
}

/// " (N dropped)" for a summary line, when dropping duplicates was asked for.
fn dropped_note(c: &CleanRunArgs, dropped: u64) -> String {
    if c.drop_duplicate_articles {
        format!(" ({dropped} dropped)")
    } else {
        String::new()
    }
}

/// The stream's options; `run` for a cleaning run (learning reads only
/// the text and the source).
fn stream_options(c: &CorpusArgs, run: Option<&CleanRunArgs>) -> crate::run::stream::StreamOptions {
    crate::run::stream::StreamOptions {
        text_field: c.text_field.clone(),
        source_field: c.source_field.clone(),
        id_field: run.map_or_else(|| "id".to_string(), |r| r.id_field.clone()),
        annotate: run.is_some_and(|r| r.annotate),
        structure: run.is_some_and(|r| r.structure),
        drop_invalid: run.is_some_and(|r| r.drop_invalid),
        drop_duplicates: run.is_some_and(|r| r.drop_duplicate_articles),
        dedup: run.map(|r| r.duplicate_threshold),
        decisions: None,
        quiet: c.quiet,
    }
}

pub(super) fn clean_jsonl(args: &CleanArgs) -> Result<u8> {
    check_corpus_args(&args.corpus, Some(&args.run))?;
    let [input] = args.inputs.as_slice() else {
        bail!("--jsonl takes one input: a .jsonl file or `-`");
    };
    let mut guard = Guard::new();
    guard.input(input);
    if let Some(out) = args.output.as_deref() {
        guard.claim(Path::new(out), "the cleaned stream (-o)")?;
    }
    let resolver = args.rules.resolver();
    let path = Path::new(if input == "-" { "stdin.jsonl" } else { input });
    let config = files::config_for(path, input, &resolver, &args.rules.overrides())?;
    let mut opts = stream_options(&args.corpus, Some(&args.run));
    if let Some(file) = args.run.duplicates.as_deref() {
        opts.decisions = Some((
            crate::run::stream::read_decisions(file)?,
            args.run.duplicate_threshold,
        ));
    }
    // The bar counts the bytes of text read, which a compressed file's size
    // does not tell.
    let total = if input == "-" || file_is_gzip(input) {
        0
    } else {
        std::fs::metadata(input).map(|m| m.len()).unwrap_or(0)
    };
    let pool = pool(args.corpus.threads)?;
    let summary = pool.install(|| -> Result<crate::run::stream::StreamSummary> {
        // Boilerplate: a profile, or learned in a first pass over a file
        // (standard input can be read only once).
        let profile = match load_profile(args.corpus.profile.as_deref())? {
            Some(p) => Some(p),
            None if input != "-" && config.enabled(Rule::SiteBoilerplate) => Some(
                std::sync::Arc::new(learn_stream(input, &config, &opts, &args.corpus)?.0),
            ),
            None => {
                if input == "-" && config.enabled(Rule::SiteBoilerplate) && !args.corpus.quiet {
                    eprintln!(
                        "copydesk: note: standard input is read once, so no site boilerplate \
                         is learned from it; learn a profile (copydesk learn) and pass \
                         --profile FILE"
                    );
                }
                None
            }
        };
        // A profile given with --profile, to say which sources it lacks.
        let given = profile.clone().filter(|_| args.corpus.profile.is_some());
        let bar = crate::progress::bar(args.corpus.quiet, total, "records");
        let mut reader = open_input(input)?;
        // An output named `.gz` is written compressed (fast, level 1: the
        // stream should not wait on the compressor; `gzip -9` or `pigz`
        // after a pipe compress harder).
        let gz = args.output.as_deref().is_some_and(is_gz_name);
        let run = |out: &mut dyn Write| -> Result<crate::run::stream::StreamSummary> {
            if gz {
                let mut z = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
                let s = crate::run::stream::clean(
                    &mut *reader,
                    &mut z,
                    input,
                    &config,
                    profile,
                    &opts,
                    &bar,
                )?;
                z.finish()?;
                Ok(s)
            } else {
                crate::run::stream::clean(&mut *reader, out, input, &config, profile, &opts, &bar)
            }
        };
        let result = match args.output.as_deref() {
            None | Some("-") => {
                let stdout = io::stdout();
                let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
                run(&mut out)
            }
            Some(out_path) => {
                let mut out = crate::run::write::Output::create(Path::new(out_path))
                    .map_err(|e| write_error(e, out_path, "the stream"))?;
                let s = run(&mut out)?;
                out.finish(true)
                    .map_err(|e| write_error(e, out_path, "the stream"))?;
                Ok(s)
            }
        };
        bar.finish_and_clear();
        if let Ok(s) = &result {
            warn_source_missing(input, &args.corpus, s.source_missing, s.records);
        }
        if let (Ok(s), Some(p), Some(path)) = (&result, &given, args.corpus.profile.as_deref())
            && !args.corpus.quiet
        {
            let how = match &args.corpus.source_field {
                Some(f) => format!(
                    "A record's source is its \"{f}\" field (a URL names its site), as when \
                     the profile was learned."
                ),
                None => "No --source-field was given, so every record's source is ''; pass \
                         the field the profile was learned with."
                    .to_string(),
            };
            warn_unknown_sources(path, p, &s.unknown_sources, "record", &how);
        }
        result
    })?;
    if !args.corpus.quiet {
        let dropped = dropped_note(&args.run, summary.dropped);
        eprintln!(
            "copydesk: {} ({} changed, {}{dropped}, {} malformed), {:.1} MB of text in, {:.1} MB out",
            counted(summary.records, "record"),
            summary.changed,
            counted(summary.duplicates, "duplicate"),
            summary.malformed,
            summary.text_bytes_in as f64 / 1e6,
            summary.text_bytes_out as f64 / 1e6
        );
    }
    Ok(EXIT_OK)
}

pub(super) fn learn(args: &LearnArgs) -> Result<u8> {
    check_corpus_args(&args.corpus, None)?;
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let pool = pool(args.corpus.threads)?;
    let (profile, failed) =
        pool.install(|| -> Result<(copydesk::corpus::Profile, Vec<String>)> {
            if args.corpus.jsonl {
                let [input] = args.inputs.as_slice() else {
                    bail!("--jsonl takes one input")
                };
                let mut guard = Guard::new();
                guard.input(input);
                guard.claim(&args.output, "the profile (-o)")?;
                let config = files::config_for(Path::new(input), input, &resolver, &overrides)?;
                let opts = stream_options(&args.corpus, None);
                let (profile, seen) = learn_stream(input, &config, &opts, &args.corpus)?;
                warn_source_missing(input, &args.corpus, seen.source_missing, seen.records);
                return Ok((profile, Vec::new()));
            }
            let files::Collected {
                targets,
                errors,
                skipped,
            } = corpus_targets(&args.inputs, &args.corpus, &resolver)?;
            if let Some(e) = errors.first() {
                bail!("{e}");
            }
            if targets.is_empty() {
                eprintln!(
                    "copydesk: warning: {}",
                    files::nothing_found(&args.inputs, &Selection::default())
                );
            }
            let mut guard = Guard::new();
            if Guard::exists(&args.output) {
                for t in &targets {
                    guard.input_file(&t.path, &t.display);
                }
            }
            guard.claim(&args.output, "the profile (-o)")?;
            if !args.corpus.quiet {
                for note in &skipped {
                    eprintln!("copydesk: note: {note}");
                }
            }
            // A configuration that does not load stops the run before it
            // starts, as in `clean`.
            files::config_for(
                Path::new(&args.inputs[0]),
                &args.inputs[0],
                &resolver,
                &overrides,
            )?;
            let config_for =
                |t: &Target| files::config_for(&t.path, &t.display, &resolver, &overrides);
            let (profile, unlearned) = learn_pass(&args.corpus, 0, |learner, bar| {
                Ok(crate::run::batch::learn(
                    &targets,
                    &config_for,
                    learner,
                    bar,
                ))
            })?;
            if !args.corpus.quiet {
                for note in &unlearned.skipped {
                    eprintln!("copydesk: note: {note}");
                }
            }
            // A configuration file that fails, fails for every file below it:
            // said once.
            let mut seen = std::collections::HashSet::new();
            let failed = unlearned
                .failed
                .into_iter()
                .filter(|e| seen.insert(e.clone()))
                .collect();
            Ok((profile, failed))
        })?;
    let mut text = serde_json::to_string_pretty(&profile)?;
    text.push('\n');
    super::write_output(&args.output, &mut |w| w.write_all(text.as_bytes()))
        .map_err(|e| super::write_error(e, &args.output.display().to_string(), "the profile"))?;
    if !args.corpus.quiet {
        let lines: usize = profile.sources.values().map(|s| s.lines.len()).sum();
        eprintln!(
            "copydesk: learned {} over {}; wrote {}",
            counted(lines as u64, "boilerplate line"),
            counted(profile.sources.len() as u64, "source"),
            if args.output == Path::new("-") {
                "it to standard output".to_string()
            } else {
                args.output.display().to_string()
            }
        );
    }
    // One file that cannot be learned from stops no other; the profile is
    // written from the rest, and the exit status says that some failed.
    for e in &failed {
        eprintln!("copydesk: error: {e}");
    }
    Ok(if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

pub(super) fn signatures(args: &SignaturesArgs) -> Result<u8> {
    if !args.corpus.jsonl {
        bail!(
            "signatures reads a JSONL stream: pass --jsonl (one record per article; a \
             folder of files can be turned into one with a short script)"
        );
    }
    check_corpus_args(&args.corpus, None)?;
    let input = args.input.as_str();
    let mut guard = Guard::new();
    guard.input(input);
    if args.output != "-" {
        guard.claim(Path::new(&args.output), "the signatures (-o)")?;
    }
    let resolver = args.rules.resolver();
    let path = Path::new(if input == "-" { "stdin.jsonl" } else { input });
    let config = files::config_for(path, input, &resolver, &args.rules.overrides())?;
    let mut opts = stream_options(&args.corpus, None);
    opts.id_field = args.id_field.clone();
    // Signed as `clean` signs a record for its own duplicate index.
    opts.dedup = Some(DUPLICATE_THRESHOLD);
    let profile = load_profile(args.corpus.profile.as_deref())?;
    if profile.is_none() && config.enabled(Rule::SiteBoilerplate) && !args.corpus.quiet {
        eprintln!(
            "copydesk: note: without --profile no site boilerplate is removed before signing; \
             pass the profile the cleaning run will use (copydesk learn), so that the \
             signatures are of the text as it will be cleaned"
        );
    }
    let pool = pool(args.corpus.threads)?;
    let summary = pool.install(|| -> Result<crate::run::stream::SignaturesSummary> {
        let mut reader = open_input(input)?;
        let run = |out: &mut dyn Write| {
            crate::run::stream::signatures(&mut *reader, out, input, &config, profile, &opts)
        };
        if args.output == "-" {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
            run(&mut out)
        } else {
            let mut out = crate::run::write::Output::create(Path::new(&args.output))
                .map_err(|e| write_error(e, &args.output, "the signatures"))?;
            let s = run(&mut out)?;
            out.finish(true)
                .map_err(|e| write_error(e, &args.output, "the signatures"))?;
            Ok(s)
        }
    })?;
    if !args.corpus.quiet {
        eprintln!(
            "copydesk: signed {}, {} without a signature",
            counted(summary.records, "record"),
            summary.unsigned
        );
    }
    Ok(EXIT_OK)
}
