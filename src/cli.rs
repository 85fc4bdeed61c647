//! Command-line glue: clap arguments to a [`Config`], files in and out, exit
//! codes. The library does the work; this module owns printing and I/O.
//!
//! Exit codes (one place): 0 success, 1 findings (`check`), 2 any error. A
//! broken pipe on standard output ends the run quietly.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use copydesk::report::{self, FileReport, Report};
use copydesk::{Cleaned, Config};

/// Success: the command did its job (for `clean`, whether or not anything changed).
pub const EXIT_OK: u8 = 0;
/// Any error: bad arguments, unreadable or binary input, unwritable output.
pub const EXIT_ERROR: u8 = 2;

const CLEAN_EXAMPLES: &str = "\
Examples:
  copydesk clean article.txt -o article.clean.txt --report changes.txt
  copydesk clean article.txt --report changes.json > article.clean.txt
  curl -s https://example.com/a.txt | copydesk clean - -o clean.txt
  copydesk clean legacy.txt --encoding windows-1256 --site-tag TT -o clean.txt

Exit status: 0 when the file was cleaned (changed or not), 2 on an error.";

/// Clean scraped news text: repeated headlines and captions, site tags,
/// repeated paragraphs, mixed encodings and invisible characters. Every change
/// is explained in a report.
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
}

#[derive(Debug, clap::Args)]
struct CleanArgs {
    /// The file to clean, or `-` to read standard input. It is never modified.
    #[arg(value_name = "INPUT")]
    input: String,

    /// Write the cleaned text here (atomically: a temporary file renamed into
    /// place). Without it, or with `-`, the text goes to standard output.
    #[arg(short, long, value_name = "OUTPUT")]
    output: Option<String>,

    /// Write the diff report here: JSON when the name ends in `.json`, the
    /// annotated diff otherwise. Without it no report is written.
    #[arg(long, value_name = "REPORT")]
    report: Option<PathBuf>,

    /// Read the input in this encoding instead of detecting it (a WHATWG label
    /// such as windows-1252, windows-1256, shift_jis, utf-16le).
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,

    /// A known site tag (logo text) to remove when it stands alone on a line in
    /// an article's header. Repeat for several: --site-tag TT --site-tag "BBC logo".
    #[arg(long = "site-tag", value_name = "TAG")]
    site_tags: Vec<String>,

    /// How similar (0 to 1) a line must be to the headline to count as a near copy.
    #[arg(long, value_name = "RATIO", default_value_t = copydesk::DEFAULT_HEADLINE_SIMILARITY)]
    headline_similarity: f64,
}

/// Parse the command line, run it, and turn the outcome into an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => clean(&args),
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

fn config_from(args: &CleanArgs) -> Result<Config> {
    let mut config = Config::default();
    if let Some(label) = &args.encoding {
        config.encoding = Some(Config::encoding_for_label(label)?);
    }
    if !(0.0..=1.0).contains(&args.headline_similarity) {
        bail!(
            "--headline-similarity must be between 0 and 1 (got {}); 0.9 is the default",
            args.headline_similarity
        );
    }
    config.headline_similarity = args.headline_similarity;
    config.site_tags = args.site_tags.clone();
    Ok(config)
}

fn clean(args: &CleanArgs) -> Result<u8> {
    let config = config_from(args)?;
    let bytes = read_input(&args.input)?;
    let cleaned: Cleaned =
        copydesk::process(&bytes, &config).with_context(|| display(&args.input))?;

    if let Some(path) = &args.report {
        let file_report = FileReport::new(&args.input, &cleaned);
        let report = Report::new(vec![file_report]);
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
        None | Some("-") => {
            let mut out = io::stdout().lock();
            out.write_all(cleaned.output.as_bytes())?;
            out.flush()?;
        }
        Some(path) => write_atomic(Path::new(path), cleaned.output.as_bytes()).with_context(|| {
            format!("{path}: cannot write the cleaned text; check that its folder exists and is writable")
        })?,
    }
    Ok(EXIT_OK)
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
/// it over `path`, so a reader never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
