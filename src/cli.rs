//! Command-line glue: clap arguments to a [`Config`] per file, files in and out,
//! printing, exit codes. The library does the work; this module owns I/O.
//!
//! Exit codes live here and only here: 0 success (for `check`, nothing found),
//! 1 findings (`check`), 2 any error. A broken pipe on standard output ends the
//! run quietly.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use copydesk::report::{self, FileReport, Report};
use copydesk::{Cleaned, Config, Error, Rule};

use crate::files::{self, ConfigSource, Overrides, Resolver, Selection, Target};

/// Success: the command did its job; `check` found nothing.
pub const EXIT_OK: u8 = 0;
/// `check` found something that `fix` would change.
pub const EXIT_FINDINGS: u8 = 1;
/// Any error: bad arguments or configuration, unreadable, binary or
/// undecodable input, unwritable output.
pub const EXIT_ERROR: u8 = 2;

const CLEAN_EXAMPLES: &str = "\
Examples:
  copydesk clean article.txt -o article.clean.txt --report changes.txt
  copydesk clean article.txt --report changes.json > article.clean.txt
  cat article.txt | copydesk clean - -o clean.txt
  copydesk clean legacy.txt --encoding windows-1256 --site-tag TT -o clean.txt
  copydesk clean crawl/ --out-dir cleaned/            # many files, all cores
  copydesk clean --jsonl crawl.jsonl -o cleaned.jsonl --source-field domain

Exit status: 0 when the input was cleaned (changed or not), 2 on an error
(with --out-dir: when any file failed; the others are still cleaned).";

const LEARN_EXAMPLES: &str = "\
Examples:
  copydesk learn crawl/ -o profile.json
  copydesk learn --jsonl crawl.jsonl --source-field domain -o profile.json
  copydesk check --profile profile.json articles/

A short line that recurs in at least max(3, 5%) of a source's articles is its
boilerplate. The source is a file's parent folder, or --source-field in JSONL.";

const CHECK_EXAMPLES: &str = "\
Examples:
  copydesk check articles/                        # every .txt and .md file below
  copydesk check --output-format github articles/ # annotations in GitHub Actions
  copydesk check --diff story.md                  # the diff `fix` would apply
  copydesk check --show-config articles/a.txt     # the settings that apply there

Exit status: 0 when nothing is found, 1 when `fix` would change something,
2 on an error (missing path, unreadable file, bad configuration).";

const FIX_EXAMPLES: &str = "\
Examples:
  copydesk fix articles/
  copydesk fix - --stdin-filename story.md < story.md > fixed.md

Only files that change are written, each atomically (a temporary file in the
same folder, flushed and renamed over the original, keeping its permissions).
Exit status: 0 when every file was fixed or needed nothing, 2 on an error.";

/// Clean scraped news text: repeated headlines and captions, site tags,
/// repeated paragraphs, mixed encodings and invisible characters. Every change
/// is explained.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Clean one article file and write the cleaned text and a diff report.
    #[command(after_help = CLEAN_EXAMPLES)]
    Clean(CleanArgs),
    /// Report what `fix` would change, as diagnostics (read-only; for CI).
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Apply the changes in place.
    #[command(after_help = FIX_EXAMPLES)]
    Fix(FixArgs),
    /// Learn site boilerplate over a corpus and write it as a profile.
    #[command(after_help = LEARN_EXAMPLES)]
    Learn(LearnArgs),
    /// List every rule with its id, default state and documentation.
    Rules,
}

/// Options every command shares: how to read and which rules to run.
#[derive(Debug, clap::Args)]
struct RuleArgs {
    /// Read input in this encoding instead of detecting it (a WHATWG label such
    /// as windows-1252, windows-1256, shift_jis, utf-16le).
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,

    /// A known site tag (logo text) to remove when it stands alone on a line in
    /// an article's header. Repeat for several: --site-tag TT --site-tag "BBC logo".
    #[arg(long = "site-tag", value_name = "TAG")]
    site_tags: Vec<String>,

    /// How similar (0 to 1) a line must be to the headline to count as a near
    /// copy [default: 0.9].
    #[arg(long, value_name = "RATIO")]
    headline_similarity: Option<f64>,

    /// Run only these rules (repeatable); beats the configuration file.
    #[arg(long, value_name = "RULE")]
    select: Vec<String>,

    /// Switch on rules that are off by default, such as the typography rules
    /// quotes, dashes, ellipsis, ligatures and fullwidth (repeatable).
    #[arg(long, value_name = "RULE")]
    extend_select: Vec<String>,

    /// Switch these rules off (repeatable); beats the configuration file.
    #[arg(long, value_name = "RULE")]
    ignore: Vec<String>,

    /// Use this configuration file instead of finding copydesk.toml or
    /// .copydesk.toml above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore configuration files.
    #[arg(long)]
    isolated: bool,
}

impl RuleArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            encoding: self.encoding.clone(),
            site_tags: self.site_tags.clone(),
            headline_similarity: self.headline_similarity,
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
        }
    }

    fn resolver(&self) -> Resolver {
        Resolver::new(match (&self.config, self.isolated) {
            (Some(p), _) => ConfigSource::File(p.clone()),
            (None, true) => ConfigSource::Isolated,
            (None, false) => ConfigSource::Discover,
        })
    }
}

/// Options for commands that take paths (`check`, `fix`).
#[derive(Debug, clap::Args)]
struct PathArgs {
    /// Files or directories; `-` reads standard input. Directories are walked,
    /// respecting .gitignore, .ignore and hidden files.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,

    /// Only walk files matching these globs [default: *.txt *.text *.md *.markdown].
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,

    /// Skip files matching these globs when walking (added to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// Apply excludes to files named on the command line too.
    #[arg(long)]
    force_exclude: bool,

    /// The name to use for standard input in output and for finding its
    /// configuration (a `.md` name turns Markdown handling on).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,

    /// Worker threads [default: all cores]. Output is the same for any number.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,

    /// Remove site boilerplate learned by `copydesk learn` (the file's parent
    /// folder names its source).
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,

    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, clap::Args)]
struct CleanArgs {
    /// The file to clean, or `-` for standard input (never modified). With
    /// --out-dir: files and directories; with --jsonl: one JSONL file or `-`.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,

    /// Write the cleaned text here (atomically: a temporary file renamed into
    /// place). Without it, or with `-`, the text goes to standard output.
    #[arg(short, long, value_name = "OUTPUT")]
    output: Option<String>,

    /// Write the diff report here: JSON when the name ends in `.json`, the
    /// annotated diff otherwise. Without it no report is written.
    #[arg(long, value_name = "REPORT")]
    report: Option<PathBuf>,

    /// Clean many files: each goes under this folder at the same relative
    /// path, with a run report in OUT/copydesk-report.json.
    #[arg(long, value_name = "OUT", conflicts_with_all = ["output", "report", "jsonl"])]
    out_dir: Option<PathBuf>,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    rules: RuleArgs,
}

/// Options for runs over many articles (directories and JSONL streams).
#[derive(Debug, clap::Args)]
struct CorpusArgs {
    /// Read INPUT as JSON Lines: one object per line, the text in --text-field.
    #[arg(long)]
    jsonl: bool,

    /// JSONL: the field holding the article text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,

    /// JSONL: the field naming each record's source (a site, a domain) for
    /// learning boilerplate; directories use each file's parent folder.
    #[arg(long, value_name = "NAME")]
    source_field: Option<String>,

    /// JSONL: the field naming each record in duplicate reports.
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,

    /// JSONL: add every change to the `copydesk` field, not only the counts.
    #[arg(long)]
    annotate: bool,

    /// JSONL: drop malformed lines instead of passing them through.
    #[arg(long)]
    drop_invalid: bool,

    /// Remove later copies of duplicate articles (by default only reported).
    #[arg(long)]
    drop_duplicate_articles: bool,

    /// Jaccard similarity (0 to 1) at which an article counts as a near copy.
    #[arg(long, value_name = "RATIO", default_value_t = 0.8)]
    duplicate_threshold: f64,

    /// Use boilerplate learned by `copydesk learn` instead of learning it over
    /// this run.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,

    /// Boilerplate: a line must recur in at least this many articles of a source.
    #[arg(long, value_name = "N", default_value_t = 3)]
    boilerplate_min_articles: u64,

    /// Boilerplate: ... and in at least this share of them.
    #[arg(long, value_name = "RATIO", default_value_t = 0.05)]
    boilerplate_min_share: f64,

    /// Worker threads [default: all cores]. Output is the same for any number.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,

    /// Print nothing but errors (no progress bar, no summary).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, clap::Args)]
struct LearnArgs {
    /// Directories, files, or with --jsonl one JSONL file.
    #[arg(value_name = "CORPUS", required = true)]
    inputs: Vec<String>,

    /// Where to write the profile (JSON).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// For people: each finding with the offending line and a caret.
    Full,
    /// One line per finding: path:line:col: rule message.
    Concise,
    /// The JSON report (version 1, see report.schema.json).
    Json,
    /// GitHub Actions annotations (::warning file=…).
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitLab Code Quality JSON.
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    paths: PathArgs,

    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Full, value_name = "FORMAT")]
    output_format: OutputFormat,

    /// Print the unified diff that `fix` would apply instead of findings.
    #[arg(long)]
    diff: bool,

    /// Print the settings that apply to each given path, then exit.
    #[arg(long)]
    show_config: bool,

    /// When to colour `full` output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Debug, clap::Args)]
struct FixArgs {
    #[command(flatten)]
    paths: PathArgs,

    /// Write files even when some of their bytes could not be decoded and
    /// became U+FFFD (otherwise such files are left alone and reported).
    #[arg(long)]
    allow_lossy: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Parse the command line, run it, and turn the outcome into an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => clean(&args),
        Command::Learn(args) => learn(&args),
        Command::Check(args) => check(&args),
        Command::Fix(args) => fix(&args),
        Command::Rules => rules(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            eprintln!("copydesk: error: {err:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn clean(args: &CleanArgs) -> Result<u8> {
    if args.corpus.jsonl {
        return clean_jsonl(args);
    }
    if let Some(out_dir) = &args.out_dir {
        return clean_dir(args, out_dir);
    }
    let [input] = args.inputs.as_slice() else {
        bail!("several inputs need --out-dir OUT (or --jsonl for one stream)");
    };
    if Path::new(input).is_dir() {
        bail!("{input}: is a directory; pass --out-dir OUT to clean every file in it");
    }
    let resolver = args.rules.resolver();
    let path = Path::new(if input == "-" { "stdin.txt" } else { input });
    let mut config = files::config_for(path, input, &resolver, &args.rules.overrides())?;
    if let Some(p) = load_profile(args.corpus.profile.as_deref())? {
        config.profile = Some(p);
        config.source = crate::batch::source_of(path);
    }
    let bytes = read_input(input)?;
    let cleaned: Cleaned = copydesk::process(&bytes, &config).with_context(|| display(input))?;
    warn_encoding(&display(input), &cleaned);

    if let Some(path) = &args.report {
        let report = Report::new(vec![FileReport::new(input, &cleaned)]);
        let text = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            report::json::to_string(&report)
        } else {
            report::text::render(&report, &[&cleaned])
        };
        write_atomic(path, text.as_bytes()).with_context(|| {
            format!(
                "{}: cannot write the report; check that its folder exists and is writable",
                path.display()
            )
        })?;
    }
    match args.output.as_deref() {
        None | Some("-") => print(&cleaned.output)?,
        Some(path) => write_atomic(Path::new(path), cleaned.output.as_bytes()).with_context(|| {
            format!("{path}: cannot write the cleaned text; check that its folder exists and is writable")
        })?,
    }
    Ok(EXIT_OK)
}

fn load_profile(path: Option<&Path>) -> Result<Option<std::sync::Arc<copydesk::corpus::Profile>>> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the profile", path.display()))?;
    let profile: copydesk::corpus::Profile = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a copydesk profile; write one with `copydesk learn CORPUS -o FILE`",
            path.display()
        )
    })?;
    Ok(Some(std::sync::Arc::new(profile)))
}

fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()?)
}

fn check_corpus_args(c: &CorpusArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&c.duplicate_threshold)
        || !(0.0..=1.0).contains(&c.boilerplate_min_share)
    {
        bail!("--duplicate-threshold and --boilerplate-min-share are between 0 and 1");
    }
    Ok(())
}

/// The files under `inputs`, for --out-dir and `learn`.
fn corpus_targets(inputs: &[String], resolver: &Resolver) -> Result<(Vec<Target>, Vec<String>)> {
    let sel = Selection::default();
    files::collect(inputs, &sel, resolver)
}

fn clean_dir(args: &CleanArgs, out_dir: &Path) -> Result<u8> {
    check_corpus_args(&args.corpus)?;
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let (targets, mut errors) = corpus_targets(&args.inputs, &resolver)?;
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
    let summary = pool.install(|| -> Result<crate::batch::Summary> {
        let profile =
            match load_profile(args.corpus.profile.as_deref())? {
                Some(p) => Some(p),
                None if base.enabled(Rule::SiteBoilerplate) => Some(std::sync::Arc::new(
                    learn_files(&targets, &config_for, &args.corpus, total),
                )),
                None => None,
            };
        let bar = crate::progress::bar(args.corpus.quiet, total, "cleaning");
        let opts = crate::batch::RunOptions {
            out_dir,
            drop_duplicates: args.corpus.drop_duplicate_articles,
            dup_threshold: args.corpus.duplicate_threshold,
            dedup: true,
        };
        let s = crate::batch::clean_all(&targets, &config_for, profile, &opts, &bar);
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
        eprintln!(
            "copydesk: cleaned {} files ({} articles, {:.1} MB in, {:.1}% kept), {} duplicate articles, {} skipped, {} failed; report in {}",
            summary.files,
            summary.articles,
            summary.bytes_in as f64 / 1e6,
            summary.percent_kept,
            summary.duplicate_articles,
            summary.skipped.len(),
            errors.len(),
            out_dir.join("copydesk-report.json").display()
        );
    }
    for e in &errors {
        eprintln!("copydesk: error: {e}");
    }
    Ok(if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

/// Learn boilerplate over files, with a progress bar over `total` bytes.
fn learn_files(
    targets: &[Target],
    config_for: &(dyn Fn(&Target) -> Result<Config> + Sync),
    corpus: &CorpusArgs,
    total: u64,
) -> copydesk::corpus::Profile {
    let bar = crate::progress::bar(corpus.quiet, total, "learning");
    let profile = crate::batch::learn(
        targets,
        config_for,
        corpus.boilerplate_min_articles,
        corpus.boilerplate_min_share,
        &bar,
    );
    bar.finish_and_clear();
    profile
}

fn stream_options(c: &CorpusArgs) -> crate::stream::StreamOptions {
    crate::stream::StreamOptions {
        text_field: c.text_field.clone(),
        source_field: c.source_field.clone(),
        id_field: c.id_field.clone(),
        annotate: c.annotate,
        drop_invalid: c.drop_invalid,
        drop_duplicates: c.drop_duplicate_articles,
        dedup: Some(c.duplicate_threshold),
        quiet: c.quiet,
    }
}

fn open_input(input: &str) -> Result<Box<dyn io::BufRead>> {
    if input == "-" {
        return Ok(Box::new(io::BufReader::with_capacity(1 << 20, io::stdin())));
    }
    let f = std::fs::File::open(input).with_context(|| {
        format!("{input}: cannot read the file; check the path and its permissions")
    })?;
    Ok(Box::new(io::BufReader::with_capacity(1 << 20, f)))
}

fn clean_jsonl(args: &CleanArgs) -> Result<u8> {
    check_corpus_args(&args.corpus)?;
    let [input] = args.inputs.as_slice() else {
        bail!("--jsonl takes one input: a .jsonl file or `-`");
    };
    let resolver = args.rules.resolver();
    let path = Path::new(if input == "-" { "stdin.jsonl" } else { input });
    let config = files::config_for(path, input, &resolver, &args.rules.overrides())?;
    let opts = stream_options(&args.corpus);
    let total = if input == "-" {
        0
    } else {
        std::fs::metadata(input).map(|m| m.len()).unwrap_or(0)
    };
    let pool = pool(args.corpus.threads)?;
    let summary = pool.install(|| -> Result<crate::stream::StreamSummary> {
        // Boilerplate: a profile, or learned in a first pass over a file
        // (standard input can be read only once).
        let profile = match load_profile(args.corpus.profile.as_deref())? {
            Some(p) => Some(p),
            None if input != "-" && config.enabled(Rule::SiteBoilerplate) => {
                let mut learner = copydesk::corpus::Learner::new(
                    args.corpus.boilerplate_min_articles,
                    args.corpus.boilerplate_min_share,
                );
                crate::stream::learn(&mut *open_input(input)?, &opts, &mut learner)?;
                Some(std::sync::Arc::new(learner.profile()))
            }
            None => None,
        };
        let bar = crate::progress::bar(args.corpus.quiet, total, "records");
        let mut reader = open_input(input)?;
        let result = match args.output.as_deref() {
            None | Some("-") => {
                let stdout = io::stdout();
                let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
                crate::stream::clean(&mut *reader, &mut out, input, &config, profile, &opts, &bar)
            }
            Some(out_path) => {
                let dir = match Path::new(out_path).parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let tmp = tempfile::NamedTempFile::new_in(&dir).with_context(|| {
                    format!("{out_path}: cannot write here; check that the folder exists")
                })?;
                let mut out = io::BufWriter::with_capacity(1 << 20, tmp.as_file());
                let s = crate::stream::clean(
                    &mut *reader,
                    &mut out,
                    input,
                    &config,
                    profile,
                    &opts,
                    &bar,
                )?;
                out.flush()?;
                drop(out);
                tmp.as_file().sync_all()?;
                tmp.persist(out_path).map_err(|e| e.error)?;
                Ok(s)
            }
        };
        bar.finish_and_clear();
        result
    })?;
    if !args.corpus.quiet {
        eprintln!(
            "copydesk: {} records ({} changed, {} duplicates, {} malformed), {:.1} MB of text in, {:.1} MB out",
            summary.records,
            summary.changed,
            summary.duplicates,
            summary.malformed,
            summary.text_bytes_in as f64 / 1e6,
            summary.text_bytes_out as f64 / 1e6
        );
    }
    Ok(EXIT_OK)
}

fn learn(args: &LearnArgs) -> Result<u8> {
    check_corpus_args(&args.corpus)?;
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let pool = pool(args.corpus.threads)?;
    let profile = pool.install(|| -> Result<copydesk::corpus::Profile> {
        if args.corpus.jsonl {
            let [input] = args.inputs.as_slice() else {
                bail!("--jsonl takes one input")
            };
            let mut learner = copydesk::corpus::Learner::new(
                args.corpus.boilerplate_min_articles,
                args.corpus.boilerplate_min_share,
            );
            crate::stream::learn(
                &mut *open_input(input)?,
                &stream_options(&args.corpus),
                &mut learner,
            )?;
            return Ok(learner.profile());
        }
        let (targets, errors) = corpus_targets(&args.inputs, &resolver)?;
        if let Some(e) = errors.first() {
            bail!("{e}");
        }
        let config_for = |t: &Target| files::config_for(&t.path, &t.display, &resolver, &overrides);
        Ok(learn_files(&targets, &config_for, &args.corpus, 0))
    })?;
    let mut text = serde_json::to_string_pretty(&profile)?;
    text.push('\n');
    write_atomic(&args.output, text.as_bytes())
        .with_context(|| format!("{}: cannot write the profile", args.output.display()))?;
    if !args.corpus.quiet {
        let lines: usize = profile.sources.values().map(|s| s.lines.len()).sum();
        eprintln!(
            "copydesk: learned {lines} boilerplate lines over {} sources; wrote {}",
            profile.sources.len(),
            args.output.display()
        );
    }
    Ok(EXIT_OK)
}

/// The outcome of one file in `check` or `fix`.
enum Outcome {
    Done {
        target: Target,
        original: Vec<u8>,
        cleaned: Box<Cleaned>,
    },
    Skipped(String),
    Failed(String),
}

/// Read and clean every target, in parallel, keeping the targets' order.
/// Read and clean every target in parallel, keeping the targets' order; each
/// outcome goes through `finish` on the worker, so a caller that keeps only
/// a summary of each file does not hold every file in memory.
fn process_all<R: Send>(
    args: &PathArgs,
    finish: &(dyn Fn(Outcome) -> R + Sync),
) -> Result<(Vec<R>, Vec<String>)> {
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let sel = Selection {
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        force_exclude: args.force_exclude,
    };
    let stdin = args.paths.iter().any(|p| p == "-");
    let others: Vec<String> = args.paths.iter().filter(|p| *p != "-").cloned().collect();
    let (mut targets, errors) = files::collect(&others, &sel, &resolver)?;
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "-".to_string());
    let stdin_bytes = if stdin { Some(read_input("-")?) } else { None };
    if stdin {
        targets.insert(
            0,
            Target {
                path: PathBuf::from("-"),
                display: stdin_name.clone(),
                explicit: true,
                rel: PathBuf::from("-"),
            },
        );
    }
    let profile = load_profile(args.profile.as_deref())?;
    let work = |t: &Target| -> Outcome {
        let config_path = if t.path == Path::new("-") {
            Path::new(&stdin_name)
        } else {
            &t.path
        };
        let mut config = match files::config_for(config_path, &t.display, &resolver, &overrides) {
            Ok(c) => c,
            Err(e) => return Outcome::Failed(format!("{e:#}")),
        };
        if let Some(p) = &profile {
            config.profile = Some(p.clone());
            config.source = crate::batch::source_of(config_path);
        }
        let bytes = match &stdin_bytes {
            Some(b) if t.path == Path::new("-") => b.clone(),
            _ => match std::fs::read(&t.path) {
                Ok(b) => b,
                Err(e) => {
                    return Outcome::Failed(format!(
                        "{}: cannot read the file ({e}); check its permissions",
                        t.display
                    ));
                }
            },
        };
        match copydesk::process(&bytes, &config) {
            Ok(cleaned) => Outcome::Done {
                target: t.clone(),
                original: bytes,
                cleaned: Box::new(cleaned),
            },
            Err(Error::Binary { .. }) if !t.explicit => {
                Outcome::Skipped(format!("{}: skipped, binary file", t.display))
            }
            Err(e) => Outcome::Failed(format!("{}: {e}", t.display)),
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let outcomes = pool.install(|| targets.par_iter().map(|t| finish(work(t))).collect());
    Ok((outcomes, errors))
}

fn check(args: &CheckArgs) -> Result<u8> {
    if args.show_config {
        return show_config(&args.paths);
    }
    // Keep only the report entry (and the patch) of each file.
    enum Checked {
        File(FileReport, Option<String>),
        Note(String),
        Error(String),
    }
    let finish = |o: Outcome| match o {
        Outcome::Done {
            target,
            cleaned,
            original,
        } => {
            let file = FileReport::new(&target.display, &cleaned);
            let fixable = file.changes.iter().any(|c| c.is_fixable());
            let diff =
                (args.diff && fixable).then(|| patch(&target.display, &original, &cleaned.output));
            Checked::File(file, diff)
        }
        Outcome::Skipped(note) => Checked::Note(note),
        Outcome::Failed(e) => Checked::Error(e),
    };
    let (outcomes, mut errors) = process_all(&args.paths, &finish)?;
    let mut files = Vec::new();
    let mut patches = String::new();
    for o in outcomes {
        match o {
            Checked::File(file, diff) => {
                patches.push_str(diff.as_deref().unwrap_or_default());
                files.push(file);
            }
            Checked::Note(note) => eprintln!("copydesk: note: {note}"),
            Checked::Error(e) => errors.push(e),
        }
    }
    let report = Report::new(files);
    if args.diff {
        print(&patches)?;
    } else {
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let text = match args.output_format {
            OutputFormat::Full => report::full::render(&report, color),
            OutputFormat::Concise => report::concise::render(&report),
            OutputFormat::Json => report::json::to_string(&report),
            OutputFormat::Github => report::github::render(&report),
            OutputFormat::Sarif => report::sarif::render(&report),
            OutputFormat::Gitlab => report::gitlab::render(&report),
        };
        print(&text)?;
    }
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty()) {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)
            .with_context(|| {
                format!(
                    "{}: cannot append the step summary",
                    summary.to_string_lossy()
                )
            })?;
        f.write_all(report::github::step_summary(&report).as_bytes())?;
    }
    for e in &errors {
        eprintln!("copydesk: error: {e}");
    }
    Ok(if !errors.is_empty() {
        EXIT_ERROR
    } else if report.fixable() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// A unified diff of the file's bytes (read as UTF-8) against the fixed text,
/// that `patch -p1` or `git apply` can apply: line endings and a missing final
/// newline are part of it.
fn patch(display: &str, original: &[u8], fixed: &str) -> String {
    let old = String::from_utf8_lossy(original);
    similar::TextDiff::from_lines(old.as_ref(), fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

fn fix(args: &FixArgs) -> Result<u8> {
    let (outcomes, mut errors) = process_all(&args.paths, &|o| o)?;
    let (mut fixed, mut seen) = (0, 0);
    for o in outcomes {
        let (target, original, cleaned) = match o {
            Outcome::Done {
                target,
                original,
                cleaned,
            } => (target, original, cleaned),
            Outcome::Skipped(note) => {
                if !args.quiet {
                    eprintln!("copydesk: note: {note}");
                }
                continue;
            }
            Outcome::Failed(e) => {
                errors.push(e);
                continue;
            }
        };
        seen += 1;
        if target.path == Path::new("-") {
            print(&cleaned.output)?;
            continue;
        }
        if cleaned.output.as_bytes() == original.as_slice() {
            continue;
        }
        if cleaned.lossy && !args.allow_lossy {
            errors.push(format!(
                "{}: not written: some bytes could not be decoded as {} and became U+FFFD; pass \
                 --encoding LABEL with the right encoding, or --allow-lossy to write it anyway",
                target.display, cleaned.encoding
            ));
            continue;
        }
        match write_atomic(&target.path, cleaned.output.as_bytes()) {
            Ok(()) => fixed += 1,
            Err(e) => errors.push(format!(
                "{}: cannot write the fixed file ({e:#}); the original is unchanged. Check that the \
                 folder is writable",
                target.display
            )),
        }
    }
    if !args.quiet && !args.paths.paths.iter().any(|p| p == "-") {
        eprintln!(
            "copydesk: fixed {fixed} of {seen} file{}",
            if seen == 1 { "" } else { "s" }
        );
    }
    for e in &errors {
        eprintln!("copydesk: error: {e}");
    }
    Ok(if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

fn show_config(args: &PathArgs) -> Result<u8> {
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let mut out = String::new();
    for p in &args.paths {
        let path = Path::new(if p == "-" {
            args.stdin_filename.as_deref().unwrap_or("stdin.txt")
        } else {
            p
        });
        let config = files::config_for(path, p, &resolver, &overrides)?;
        let source = resolver
            .for_file(path)?
            .map(|l| l.path.display().to_string());
        out.push_str(&format!("# {p}\n"));
        out.push_str(&format!(
            "# configuration file: {}\n",
            source
                .as_deref()
                .unwrap_or("none (defaults and command line)")
        ));
        out.push_str(&resolved_toml(&config));
        out.push('\n');
    }
    print(&out)?;
    Ok(EXIT_OK)
}

/// The resolved settings as TOML, in the configuration file's own keys.
fn resolved_toml(c: &Config) -> String {
    let enabled: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| c.enabled(**r))
        .map(|r| r.id())
        .collect();
    let list = |v: &[String]| {
        format!(
            "[{}]",
            v.iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "select = [{}]\nallow-repeat = {}\nmarkdown = {}\nencoding = {:?}\n\n\
         [rule.repeated-headline]\nsimilarity = {}\n\n[rule.site-tag]\ntags = {}\n\n\
         [rule.repeated-caption]\ncredits = {}\n\n[rule.repeated-paragraph]\n\
         min-words-adjacent = {}\nmin-chars = {}\nmax-removal-share = {:.3}\n",
        enabled
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        list(&c.allow_repeat),
        c.markdown,
        c.encoding.map_or("auto", |e| e.name()),
        c.headline_similarity,
        list(&c.site_tags),
        list(&c.extra_credits),
        c.paragraph_min_words_adjacent,
        c.paragraph_min_chars_distant,
        c.max_body_removal_share,
    )
}

fn rules() -> Result<u8> {
    let mut s = String::new();
    for r in Rule::ALL {
        let state = if r.default_enabled() {
            "on by default"
        } else {
            "off by default"
        };
        s.push_str(&format!("{} ({state})\n", r.id()));
        s.push_str(&wrap(r.doc(), 76, "    "));
        s.push('\n');
    }
    print(&s)?;
    Ok(EXIT_OK)
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Say so on standard error when the encoding was a guess on thin evidence,
/// or some bytes could not be decoded.
fn warn_encoding(name: &str, cleaned: &Cleaned) {
    if !cleaned.encoding_confident {
        eprintln!(
            "copydesk: warning: {name}: not UTF-8; read as {} by a low-confidence guess. Check the \
             output, or pass --encoding LABEL",
            cleaned.encoding
        );
    }
    if cleaned.lossy {
        eprintln!(
            "copydesk: warning: {name}: some bytes could not be decoded as {} and became U+FFFD; \
             pass --encoding LABEL with the right encoding",
            cleaned.encoding
        );
    }
}

fn display(input: &str) -> String {
    if input == "-" {
        "<stdin>".to_string()
    } else {
        input.to_string()
    }
}

fn read_input(input: &str) -> Result<Vec<u8>> {
    if input == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .context("<stdin>: cannot read standard input")?;
        return Ok(buf);
    }
    let path = Path::new(input);
    if path.is_dir() {
        bail!("{input}: is a directory; give a file (or `-` for standard input)");
    }
    std::fs::read(path).with_context(|| {
        format!("{input}: cannot read the file; check the path and its permissions")
    })
}

/// Write `bytes` to a temporary file beside `path`, flush it to disk and rename
/// it over `path` (keeping the permissions of the file it replaces), so a reader
/// never sees half a file and a failure leaves the original as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, true)
}

/// [`write_atomic`], optionally without flushing to disk first: for new files
/// under an output folder, where no original can be lost, the rename alone
/// keeps readers from seeing half a file.
pub fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    if durable {
        tmp.as_file().sync_all()?;
    }
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
