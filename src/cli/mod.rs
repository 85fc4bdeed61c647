//! Command-line glue: clap arguments to a [`Config`] per file, files in and out,
//! printing, exit codes. The library does the work; this module owns I/O.
//!
//! Exit codes live here and only here: 0 success (for `check`, nothing found),
//! 1 findings (`check`), 2 any error. A broken pipe on standard output ends the
//! run quietly.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use copydesk::report::{self, FileReport, Report};
use copydesk::{Cleaned, Config, Rule};

use crate::files::{self, ConfigSource, Overrides, Resolver, Selection, Target};
use crate::run::source::read_input;
use crate::run::write::{Guard, stdout_error, write_atomic, write_error, write_output};

mod corpus;
mod lint;

use corpus::{clean_dir, clean_jsonl, learn, signatures};
use lint::{check, fix, rules};

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

const SIGNATURES_EXAMPLES: &str = "\
Examples:
  copydesk signatures --jsonl crawl.jsonl -o signatures.jsonl --profile profile.json
  spark: rdd.pipe(\"copydesk signatures --jsonl - --profile profile.json\")

One line per record: {\"id\", \"line\", \"key\", \"exact\", \"sketch\", \"shingled\"}, the
signature of the text as `clean` leaves it. Group by key; a later record repeats
the group's first when exact and sketch are equal, or, when shingled, when the
estimated similarity max(0, 2 * s / 64 - 1), s the equal bits of the sketches,
reaches the threshold. Feed the pairs back with `clean --jsonl --duplicates FILE`.
See docs/spark.md.";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  copydesk completions bash > ~/.local/share/bash-completion/completions/copydesk
  copydesk completions zsh > ~/.zfunc/_copydesk      # with fpath+=~/.zfunc
  copydesk completions fish > ~/.config/fish/completions/copydesk.fish";

const CHECK_EXAMPLES: &str = "\
Examples:
  copydesk check articles/                        # every .txt and .md file below
  copydesk check --output-format github articles/ # annotations in GitHub Actions
  copydesk check --diff story.md                  # the diff `fix` would apply
  copydesk check --show-config articles/a.txt     # the settings that apply there
  copydesk check --statistics articles/           # findings per rule, most first

Exit status: 0 when nothing is found, 1 when `fix` would change something
(0 with --exit-zero), 2 on an error (missing path, unreadable file, bad
configuration).";

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
    /// Clean articles (one file, a folder with --out-dir, or a JSONL stream with
    /// --jsonl) and explain every change in a report.
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
    /// Write a duplicate signature for each record of a JSONL stream, for an
    /// engine such as Spark to find duplicate articles across a whole crawl.
    #[command(after_help = SIGNATURES_EXAMPLES)]
    Signatures(SignaturesArgs),
    /// List every rule with its id, default state and documentation, or
    /// explain the rules named.
    Rules(RulesArgs),
    /// Print a completion script for a shell.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// Only these rules (by id, as in findings: `copydesk rules site-tag`).
    #[arg(value_name = "RULE")]
    rules: Vec<String>,

    /// `text` for people, `json` for scripts: an array of
    /// {"id", "default_enabled", "doc"}.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text, value_name = "FORMAT")]
    output_format: RulesFormat,
}

/// What `clean` writes as its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputForm {
    /// The cleaned text.
    Text,
    /// Each article's parts, as JSON.
    Json,
    /// Each article as Markdown.
    Markdown,
}

impl OutputForm {
    /// The runner's name for it.
    fn form(self) -> crate::run::batch::Form {
        match self {
            OutputForm::Text => crate::run::batch::Form::Text,
            OutputForm::Json => crate::run::batch::Form::Json,
            OutputForm::Markdown => crate::run::batch::Form::Markdown,
        }
    }
}

/// The format of `clean --report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    /// The JSON report (report.schema.json).
    Json,
    /// The annotated unified diff.
    Text,
    /// A self-contained review page.
    Html,
}

/// What the run report of `clean --out-dir` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RunReport {
    /// Every change.
    Full,
    /// Removals and flags; rewrites counted per rule.
    Lean,
}

/// How `copydesk rules` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RulesFormat {
    /// Each rule's id and state, then its documentation, wrapped.
    Text,
    /// A JSON array, one object per rule.
    Json,
}

/// Options every command shares: how to read and which rules to run.
#[derive(Debug, Clone, clap::Args)]
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

    /// Run only these rules (repeatable; `all` for every rule, the
    /// typography rules included); beats the configuration file.
    #[arg(long, value_name = "RULE")]
    select: Vec<String>,

    /// Switch on rules that are off by default, such as the typography rules
    /// quotes, dashes, ellipsis, ligatures and fullwidth (repeatable).
    #[arg(long, value_name = "RULE")]
    extend_select: Vec<String>,

    /// Switch these rules off (repeatable); beats the configuration file.
    #[arg(long, value_name = "RULE")]
    ignore: Vec<String>,

    /// Which folder above a file names its source for site boilerplate: 1
    /// (the default) its parent folder, 2 the one above that (a site's
    /// articles filed by year: crawl/SITE/2024/a.txt).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    source_level: Option<u64>,

    /// Use this configuration file instead of finding copydesk.toml,
    /// .copydesk.toml or a pyproject.toml with [tool.copydesk] above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore configuration files.
    #[arg(long)]
    isolated: bool,
}

impl PathArgs {
    /// Which files a walk keeps.
    fn selection(&self) -> Selection {
        Selection {
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            force_exclude: self.force_exclude,
            follow: self.follow,
        }
    }
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
            source_level: self.source_level.map(|n| n as usize),
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
#[derive(Debug, Clone, clap::Args)]
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

    /// Follow symbolic links when walking folders (by default a link is
    /// skipped with a note; a link named on the command line is always read).
    #[arg(short = 'L', long)]
    follow: bool,

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

    /// Write the diff report here: JSON when the name ends in `.json`, a
    /// review page when it ends in `.html` (one self-contained file, for a
    /// browser), the annotated diff otherwise; `-` prints the annotated diff
    /// (the text then needs -o FILE). Without it no report is written.
    #[arg(long, value_name = "REPORT")]
    report: Option<PathBuf>,

    /// What the cleaned output is: the text (`text`), each article's parts as
    /// JSON (`json`: headline, standfirst, byline, dateline, captions with
    /// their credits, body paragraphs, the lines removed;
    /// article.schema.json), or Markdown (`markdown`: the headline as `#`,
    /// captions in italics). With --out-dir the files are named `.json` or
    /// `.md`.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputForm::Text)]
    format: OutputForm,

    /// With --out-dir: one file per article (`name.1.txt`, `name.2.txt`, or
    /// `.json`/`.md` with --format), for files holding several articles.
    #[arg(long, requires = "out_dir")]
    split_articles: bool,

    /// The report's format, whatever its name ends in. With --out-dir,
    /// `html` also writes OUT/copydesk-report.html beside the JSON run report.
    #[arg(long, value_enum, value_name = "FORMAT")]
    report_format: Option<ReportFormat>,

    /// Clean many files: each goes under this folder at the same relative
    /// path, with a run report in OUT/copydesk-report.json.
    #[arg(long, value_name = "OUT", conflicts_with_all = ["output", "report", "jsonl"])]
    out_dir: Option<PathBuf>,

    /// With --out-dir: what the run report holds. `full`: every change;
    /// `lean`: the lines removed and flagged, with the rewrites (spaces,
    /// repairs) counted per rule instead of listed: far smaller when the text
    /// needed many repairs.
    #[arg(
        long,
        value_enum,
        value_name = "FORM",
        default_value_t = RunReport::Full,
        requires = "out_dir"
    )]
    run_report: RunReport,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    run: CleanRunArgs,

    #[command(flatten)]
    rules: RuleArgs,
}

const DUPLICATE_THRESHOLD: f64 = 0.8;
const BOILERPLATE_MIN_ARTICLES: u64 = 3;
const BOILERPLATE_MIN_SHARE: f64 = 0.05;

/// Options for runs over many articles (directories and JSONL streams).
#[derive(Debug, clap::Args)]
struct CorpusArgs {
    /// Read INPUT as JSON Lines: one object per line, the text in --text-field.
    /// A gzip input is decompressed, and an output named .gz compressed.
    #[arg(long)]
    jsonl: bool,

    /// JSONL: the field holding the article text.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    text_field: String,

    /// JSONL: the field naming each record's source (a site, a domain; a URL
    /// names its site) for learning boilerplate; a nested field takes dots
    /// (meta.url). Directories use each file's parent folder.
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    source_field: Option<String>,

    /// Use boilerplate learned by `copydesk learn` instead of learning it over
    /// this run.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,

    /// Boilerplate: a line must recur in at least this many articles of a source.
    #[arg(long, value_name = "N", default_value_t = BOILERPLATE_MIN_ARTICLES)]
    boilerplate_min_articles: u64,

    /// Boilerplate: ... and in at least this share of them.
    #[arg(long, value_name = "RATIO", default_value_t = BOILERPLATE_MIN_SHARE)]
    boilerplate_min_share: f64,

    /// Worker threads [default: all cores]. Output is the same for any number.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,

    /// Follow symbolic links when walking folders (by default a link is
    /// skipped with a note; a link named on the command line is always read).
    #[arg(short = 'L', long)]
    follow: bool,

    /// Print nothing but errors (no progress bar, no summary).
    #[arg(short, long)]
    quiet: bool,
}

/// Options of a cleaning run over many articles that `learn` has no use
/// for (so that `learn --help` does not list them).
#[derive(Debug, clap::Args)]
struct CleanRunArgs {
    /// JSONL: the field naming each record in duplicate reports (a nested
    /// field takes dots: meta.id).
    #[arg(long, value_name = "NAME", default_value = "id", requires = "jsonl")]
    id_field: String,

    /// JSONL: add every change to the `copydesk` field, not only the counts.
    #[arg(long, requires = "jsonl")]
    annotate: bool,

    /// JSONL: add each article's parts (as `--format json` writes them:
    /// headline, standfirst, byline, captions, body...) to the record's
    /// `copydesk` field, under `structure`.
    #[arg(long, requires = "jsonl")]
    structure: bool,

    /// JSONL: drop malformed lines instead of passing them through.
    #[arg(long, requires = "jsonl")]
    drop_invalid: bool,

    /// Remove later copies of duplicate articles (by default only reported):
    /// exact copies, and near copies whose estimated similarity clears the
    /// threshold by the estimate's error; others stay, flagged, with the reason.
    #[arg(long)]
    drop_duplicate_articles: bool,

    /// JSONL: duplicates decided elsewhere, across a whole crawl (see `copydesk
    /// signatures` and docs/spark.md): one JSON object per line, {"id",
    /// "duplicate_of", "exact", "similarity"}. They are reported, or dropped
    /// with --drop-duplicate-articles, instead of the duplicates this stream
    /// holds within itself.
    #[arg(long, value_name = "FILE", requires = "jsonl")]
    duplicates: Option<String>,

    /// Jaccard similarity (0 to 1) at which an article counts as a near copy.
    /// It is estimated from a 64-bit sketch, within about 0.15 near 0.8:
    /// some reported copies are under it, which is why a copy is dropped only
    /// when the estimate clears it by that error (--drop-duplicate-articles).
    #[arg(long, value_name = "RATIO", default_value_t = DUPLICATE_THRESHOLD)]
    duplicate_threshold: f64,
}

#[derive(Debug, clap::Args)]
struct SignaturesArgs {
    /// One JSONL stream (plain or gzip), or `-` for standard input.
    #[arg(value_name = "INPUT")]
    input: String,

    /// Where the signatures go; `-` (the default) for standard output.
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    output: String,

    /// The field naming each record (as in `clean --jsonl`).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, clap::Args)]
struct LearnArgs {
    /// Directories, files, or with --jsonl one JSONL file.
    #[arg(value_name = "CORPUS", required = true)]
    inputs: Vec<String>,

    /// Where to write the profile (JSON); `-` for standard output.
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
    /// The JSON report (versioned, see report.schema.json).
    Json,
    /// GitHub Actions annotations (::error file=…).
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML test report (Jenkins, GitLab, Azure Pipelines).
    Junit,
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
    #[arg(long, conflicts_with = "statistics")]
    diff: bool,

    /// Print the number of findings per rule instead of the findings, most
    /// frequent first (a JSON array with --output-format json).
    #[arg(long)]
    statistics: bool,

    /// Exit with 0 even when there are findings (errors still exit with 2):
    /// report without failing the build.
    #[arg(long)]
    exit_zero: bool,

    /// Print the settings that apply to each given path, then exit.
    #[arg(long)]
    show_config: bool,

    /// When to colour `full` output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    /// Print the findings and nothing else: no summary, no notes or
    /// warnings (errors still go to standard error).
    #[arg(short, long)]
    quiet: bool,

    /// Apply the changes in place, as `copydesk fix` does.
    #[arg(long, conflicts_with_all = ["diff", "statistics", "show_config", "show_files"])]
    fix: bool,

    /// Print the files that would be checked, one per line, then exit.
    #[arg(long, conflicts_with_all = ["diff", "statistics", "show_config"])]
    show_files: bool,
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

    /// Print the unified diff of the changes instead of writing them (as
    /// `copydesk check --diff`).
    #[arg(long)]
    diff: bool,
}

/// Parse the command line, run it, and turn the outcome into an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    crate::run::write::remove_temporaries_on_signal();
    // The command line's own settings are checked once, before any file.
    let rule_args = match &cli.command {
        Command::Clean(a) => Some(&a.rules),
        Command::Learn(a) => Some(&a.rules),
        Command::Signatures(a) => Some(&a.rules),
        Command::Check(a) => Some(&a.paths.rules),
        Command::Fix(a) => Some(&a.paths.rules),
        Command::Rules(_) | Command::Completions(_) => None,
    };
    if let Some(Err(err)) = rule_args.map(|r| r.overrides().validate()) {
        eprintln!("copydesk: error: {err:#}");
        return ExitCode::from(EXIT_ERROR);
    }
    let result = match cli.command {
        Command::Clean(args) => clean(&args),
        Command::Learn(args) => learn(&args),
        Command::Signatures(args) => signatures(&args),
        Command::Check(args) => check(&args),
        Command::Fix(args) => fix(&args),
        Command::Rules(args) => rules(&args),
        Command::Completions(args) => completions(&args),
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

/// Print each error, and give the exit status: 2 if there was any, else 0.
fn report_errors(errors: &[String]) -> u8 {
    for e in errors {
        eprintln!("copydesk: error: {e}");
    }
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `copydesk completions SHELL`: the script clap_complete makes from the
/// command line's definition, so it never lags behind a new option.
fn completions(args: &CompletionsArgs) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "copydesk",
        &mut script,
    );
    print(&String::from_utf8(script)?)?;
    Ok(EXIT_OK)
}

fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn clean(args: &CleanArgs) -> Result<u8> {
    match (
        args.report_format,
        args.report.is_some(),
        args.out_dir.is_some(),
    ) {
        (Some(_), false, false) => {
            bail!("--report-format says how to write --report FILE; name the report with --report")
        }
        (Some(f), _, true) if f != ReportFormat::Html => bail!(
            "with --out-dir the run report is JSON (OUT/copydesk-report.json); \
             --report-format html adds the review page beside it"
        ),
        _ => {}
    }
    if args.corpus.jsonl {
        if args.format != OutputForm::Text {
            bail!(
                "--jsonl writes records, whose text stays text: pass --structure to add each \
                 article's parts to the record's copydesk field"
            );
        }
        return clean_jsonl(args);
    }
    if let Some(out_dir) = &args.out_dir {
        return clean_dir(args, out_dir);
    }
    let [input] = args.inputs.as_slice() else {
        bail!("several inputs need --out-dir OUT (or --jsonl for one stream)");
    };
    if args.report.as_deref() == Some(Path::new("-"))
        && matches!(args.output.as_deref(), None | Some("-"))
    {
        bail!(
            "--report - and the cleaned text would both go to standard output; write the \
             text to a file with -o FILE"
        );
    }
    // Options of a run over many articles are refused here, not ignored.
    let (c, r) = (&args.corpus, &args.run);
    if let Some((_, name)) = [
        (r.drop_duplicate_articles, "--drop-duplicate-articles"),
        (
            r.duplicate_threshold != DUPLICATE_THRESHOLD,
            "--duplicate-threshold",
        ),
        (
            c.boilerplate_min_articles != BOILERPLATE_MIN_ARTICLES,
            "--boilerplate-min-articles",
        ),
        (
            c.boilerplate_min_share != BOILERPLATE_MIN_SHARE,
            "--boilerplate-min-share",
        ),
    ]
    .into_iter()
    .find(|(set, _)| *set)
    {
        bail!(
            "{name} applies to a run, where duplicate articles and boilerplate are found \
             across files or records; pass --out-dir OUT (a single file works too) or --jsonl"
        );
    }
    if Path::new(input).is_dir() {
        bail!("{input}: is a directory; pass --out-dir OUT to clean every file in it");
    }
    let resolver = args.rules.resolver();
    let path = Path::new(if input == "-" { "stdin.txt" } else { input });
    let mut config = files::config_for(path, input, &resolver, &args.rules.overrides())?;
    if let Some(p) = load_profile(args.corpus.profile.as_deref())? {
        if !args.corpus.quiet
            && let Some(profile_path) = args.corpus.profile.as_deref()
        {
            warn_unknown_file_sources(
                profile_path,
                &p,
                std::iter::once(crate::run::batch::source_of(path, config.source_level)),
            );
        }
        config.profile = Some(p);
        config.source = crate::run::batch::source_of(path, config.source_level);
    }
    // Every output is claimed before anything is read or written: none may
    // be the input, nor another output.
    let mut guard = Guard::new();
    guard.input(input);
    if let Some(out) = args.output.as_deref() {
        guard.claim(Path::new(out), "the cleaned text (-o)")?;
    }
    if let Some(report) = &args.report {
        guard.claim(report, "the report (--report)")?;
    }
    let bytes = read_input(input)?;
    let bytes_in = bytes.len();
    let mut cleaned: Cleaned =
        copydesk::process_owned(bytes, &config).with_context(|| display(input))?;
    warn_encoding(&display(input), &cleaned);

    // The text first, then the report: a report never describes a text
    // that failed to land.
    let text = crate::run::batch::render(&cleaned, args.format.form());
    match args.output.as_deref() {
        None | Some("-") => print(&text).map_err(|e| stdout_error(e, "the cleaned text"))?,
        Some(path) => write_atomic(Path::new(path), text.as_bytes())
            .map_err(|e| write_error(e, path, "the cleaned text"))?,
    }
    if let Some(path) = &args.report {
        let report = Report::new(vec![FileReport::taking_changes(input, &mut cleaned)]);
        let named = |ext: &str| {
            path.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        };
        let format = args.report_format.unwrap_or(if named("json") {
            ReportFormat::Json
        } else if named("html") || named("htm") {
            ReportFormat::Html
        } else {
            ReportFormat::Text
        });
        // Reports are written as they are made: one long file's report can
        // be larger than the file.
        let written = match format {
            ReportFormat::Json => write_output(path, &mut |w| report::json::write(&report, w)),
            ReportFormat::Text => {
                write_output(path, &mut |w| report::text::write(&report, &[&cleaned], w))
            }
            ReportFormat::Html => write_output(path, &mut |w| {
                let mut page = report::html::Page::head(w, input)?;
                page.file(&report::html::file_entry(
                    &report.files[0],
                    Some(&cleaned),
                    bytes_in,
                ))?;
                page.tail("null").map(drop)
            }),
        };
        written.map_err(|e| write_error(e, &path.display().to_string(), "the report"))?;
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
    // A later version may mean something else by the same fields.
    if profile.version != copydesk::corpus::PROFILE_VERSION {
        bail!(
            "{}: a profile of version {}, and this copydesk reads version {}; learn it again \
             with this copydesk (`copydesk learn CORPUS -o FILE`)",
            path.display(),
            profile.version,
            copydesk::corpus::PROFILE_VERSION
        );
    }
    Ok(Some(std::sync::Arc::new(profile)))
}

/// Warn about the sources a profile given with `--profile` knows nothing of
/// (`unknown`: each with how many files or records have it): no boilerplate
/// is removed there, most often because the sources are named otherwise
/// than when the profile was learned. Sorted, at most five named.
pub(super) fn warn_unknown_sources(
    path: &Path,
    profile: &copydesk::corpus::Profile,
    unknown: &std::collections::BTreeMap<String, u64>,
    what: &str,
    how: &str,
) {
    if unknown.is_empty() {
        return;
    }
    let named: Vec<String> = unknown
        .iter()
        .take(5)
        .map(|(source, n)| format!("'{source}' ({n} {what}{})", if *n == 1 { "" } else { "s" }))
        .collect();
    let more = unknown.len().saturating_sub(named.len());
    let known: Vec<String> = profile
        .sources
        .keys()
        .take(5)
        .map(|k| format!("'{k}'"))
        .collect();
    let and_more = |n: usize| {
        if n > 0 {
            format!(" and {n} more")
        } else {
            String::new()
        }
    };
    eprintln!(
        "copydesk: warning: {}: the profile knows no source {}{}, so none of its boilerplate \
         is removed there. {how} The profile's sources: {}{}.",
        path.display(),
        named.join(", "),
        and_more(more),
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        },
        and_more(profile.sources.len() - known.len()),
    );
}

/// [`warn_unknown_sources`] for files: their sources are the names of
/// their parent folders (or of the folders `source-level` names), given
/// here.
pub(super) fn warn_unknown_file_sources(
    path: &Path,
    profile: &copydesk::corpus::Profile,
    sources: impl Iterator<Item = String>,
) {
    let mut unknown = std::collections::BTreeMap::new();
    for source in sources {
        if !profile.sources.contains_key(&source) {
            *unknown.entry(source).or_insert(0) += 1;
        }
    }
    warn_unknown_sources(
        path,
        profile,
        &unknown,
        "file",
        "A file's source is the name of its parent folder (or of the folder --source-level \
         names), as when the profile was learned.",
    );
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
