//! `check`, `fix` and `rules`: the lint commands, for CI and editors.

use super::*;
use crate::run::source::{Problem, problem, read_target};
use copydesk::report::printer::{Format, Piece, Printer};

impl From<Problem> for Outcome {
    fn from(p: Problem) -> Outcome {
        match p {
            Problem::Skipped(note) => Outcome::Skipped(note),
            Problem::Failed(e) => Outcome::Failed(e),
        }
    }
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

/// Read and clean every target in parallel, a chunk at a time; each outcome
/// goes through `finish` on the worker, and then through `consume` in the
/// targets' order, so that memory is bounded by a chunk whatever the tree.
/// Returns the errors met while collecting the targets.
fn process_all<R: Send>(
    args: &PathArgs,
    quiet: bool,
    finish: &(dyn Fn(Outcome) -> R + Sync),
    consume: &mut dyn FnMut(R) -> Result<()>,
) -> Result<Vec<String>> {
    let resolver = args.rules.resolver();
    let overrides = args.rules.overrides();
    let sel = args.selection();
    let stdin = args.paths.iter().any(|p| p == "-");
    let others: Vec<String> = args.paths.iter().filter(|p| *p != "-").cloned().collect();
    let files::Collected {
        mut targets,
        errors,
        skipped,
    } = files::collect(&others, &sel, &resolver)?;
    if targets.is_empty() && errors.is_empty() && !stdin && !quiet {
        eprintln!("copydesk: warning: {}", files::nothing_found(&others, &sel));
    }
    for note in skipped {
        consume(finish(Outcome::Skipped(note)))?;
    }
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
    if let (Some(p), Some(profile_path)) = (&profile, args.profile.as_deref()) {
        let stdin_path = PathBuf::from(&stdin_name);
        warn_unknown_file_sources(
            profile_path,
            p,
            targets.iter().map(|t| {
                let path = if t.path == Path::new("-") {
                    stdin_path.as_path()
                } else {
                    t.path.as_path()
                };
                // (A file whose configuration fails is reported when checked.)
                let level = files::config_for(path, &t.display, &resolver, &overrides)
                    .map_or(1, |c| c.source_level);
                crate::run::batch::source_of(path, level)
            }),
        );
    }
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
            config.source = crate::run::batch::source_of(config_path, config.source_level);
        }
        let bytes = match &stdin_bytes {
            Some(b) if t.path == Path::new("-") => b.clone(),
            _ => match read_target(t) {
                Ok(b) => b,
                Err(p) => return p.into(),
            },
        };
        match copydesk::process(&bytes, &config) {
            Ok(cleaned) => Outcome::Done {
                target: t.clone(),
                original: bytes,
                cleaned: Box::new(cleaned),
            },
            // A binary file named on the command line is an error.
            Err(e) => problem(t, e, true).into(),
        }
    };
    let pool = super::corpus::pool(args.threads)?;
    let mut files = crate::run::Files::with_threads(&targets, pool.current_num_threads());
    crate::run::pipeline(
        Some(&pool),
        &mut files,
        |t| work(t),
        |_, outcome| Ok(Some(outcome)),
        |_, outcome| finish(outcome),
        consume,
    )?;
    Ok(errors)
}

pub(super) fn check(args: &CheckArgs) -> Result<u8> {
    if args.show_config {
        return show_config(&args.paths);
    }
    if args.show_files {
        return show_files(&args.paths);
    }
    if args.fix {
        return fix(&FixArgs {
            paths: args.paths.clone(),
            allow_lossy: false,
            quiet: args.quiet,
            diff: false,
        });
    }
    // Colour, for `full` output only, as anstream decides it: `--color`,
    // then NO_COLOR, CLICOLOR_FORCE and CLICOLOR, then whether standard
    // output is a terminal; on an old Windows console it turns the escape
    // codes into console calls.
    let choice = match args.color {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    };
    let full = !args.diff && !args.statistics && args.output_format == OutputFormat::Full;
    let color = full
        && anstream::AutoStream::new(io::stdout(), choice).current_choice()
            != anstream::ColorChoice::Never;
    // Without colour nothing needs stripping or translating: the text goes
    // straight out (a stream that strips reads every byte again).
    let mut out: Box<dyn Write> = if color {
        Box::new(anstream::AutoStream::new(io::stdout().lock(), choice))
    } else {
        Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock()))
    };
    // Every format is printed file by file as the files come in, in order,
    // and only counts are kept: the line formats and the patch as they are,
    // the JSON formats as entries of their document's array.
    if args.statistics
        && !matches!(
            args.output_format,
            OutputFormat::Full | OutputFormat::Concise | OutputFormat::Json
        )
    {
        bail!(
            "--statistics prints a table, or a JSON array with --output-format json; \
             drop --statistics to get {} output",
            args.output_format
                .to_possible_value()
                .map_or_else(|| "that".to_string(), |v| v.get_name().to_string())
        );
    }
    let format = if args.diff {
        Format::Diff
    } else if args.statistics {
        Format::Statistics {
            json: args.output_format == OutputFormat::Json,
        }
    } else {
        match args.output_format {
            OutputFormat::Full => Format::Full { color },
            OutputFormat::Concise => Format::Concise,
            OutputFormat::Github => Format::Github,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
            OutputFormat::Gitlab => Format::Gitlab,
            OutputFormat::Junit => Format::Junit,
        }
    };
    enum Checked {
        File(Box<Piece>),
        Note(String),
        Error(String),
    }
    let finish = |o: Outcome| match o {
        Outcome::Done {
            target,
            cleaned,
            original,
        } => {
            // The patch needs the cleaned text; the entry takes the changes.
            let diff = (args.diff
                && cleaned
                    .changes
                    .iter()
                    .any(|c| c.action != copydesk::Action::Flagged))
            .then(|| patch(&target.display, &original, &cleaned.output));
            // CI systems match a finding to a file of the repository by its
            // path from the root: `./a.txt` or an absolute path would not. The
            // JSON report names files the same way; the formats for people
            // keep the path as it was given.
            let named = if Printer::names_repo_paths(format) {
                repo_path(&target.display, std::env::current_dir().ok().as_deref())
            } else {
                target.display.clone()
            };
            let file = FileReport::from_cleaned(&named, *cleaned).with_raw_path(&target.path);
            Checked::File(Box::new(Printer::render(format, &file, diff)))
        }
        Outcome::Skipped(note) => Checked::Note(note),
        Outcome::Failed(e) => Checked::Error(e),
    };
    let mut printer = Printer::new(format, args.quiet);
    let mut failures = Vec::new();
    let mut consume = |c: Checked| -> Result<()> {
        match c {
            Checked::File(piece) => out.write_all(printer.add(*piece).as_bytes())?,
            Checked::Note(note) => {
                if !args.quiet {
                    eprintln!("copydesk: note: {note}");
                }
            }
            Checked::Error(e) => failures.push(e),
        }
        Ok(())
    };
    // A run that stops before its end (a bad configuration, an unreadable
    // standard input) still closes its document, with the error in it, then
    // fails.
    let (mut errors, fatal) = match process_all(&args.paths, args.quiet, &finish, &mut consume) {
        Ok(errors) => (errors, None),
        Err(e) if is_broken_pipe(&e) => return Err(e),
        // For people the error alone says it; a document for machines is
        // closed with the error in it.
        Err(e) if !printer.is_document() => return Err(e),
        Err(e) => (vec![format!("{e:#}")], Some(e)),
    };
    errors.append(&mut failures);
    out.write_all(printer.close(&errors).as_bytes())?;
    out.flush()?;
    if let Some(e) = fatal {
        return Err(e);
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
        f.write_all(report::github::step_summary_of(&printer.steps).as_bytes())?;
    }
    for e in &errors {
        eprintln!("copydesk: error: {e}");
    }
    Ok(if !errors.is_empty() {
        EXIT_ERROR
    } else if printer.totals.fixable > 0 && !args.exit_zero {
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
    let path = repo_path(display, std::env::current_dir().ok().as_deref());
    similar::TextDiff::from_lines(old.as_ref(), fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// A file's path as a patch or a CI system names it: relative to the
/// current folder `cwd` (the repository's root, in CI) and without `.` steps
/// (`git apply` refuses `a/./x.txt` and `a//abs/x.txt`, which checking `.` or
/// an absolute folder would give, and GitLab matches no file to `./x.txt`).
/// A path outside the current folder stays as it is.
fn repo_path(display: &str, cwd: Option<&Path>) -> String {
    use std::path::Component;
    let path = Path::new(display);
    let path = cwd
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    if path.is_absolute() {
        return display.to_string();
    }
    let parts: Vec<_> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    if parts.is_empty() {
        return display.to_string();
    }
    parts.join("/")
}

pub(super) fn fix(args: &FixArgs) -> Result<u8> {
    if args.diff {
        // What `fix` would write, as a patch, written nowhere: `check
        // --diff` (with no finding failing the run).
        return check(&CheckArgs {
            paths: args.paths.clone(),
            output_format: OutputFormat::Full,
            diff: true,
            statistics: false,
            exit_zero: true,
            show_config: false,
            color: ColorChoice::Never,
            quiet: args.quiet,
            fix: false,
            show_files: false,
        });
    }
    // Each file is written on the worker that cleaned it, so only a small
    // verdict per file is kept, however large the tree.
    enum Fixed {
        Written,
        Unchanged,
        Stdout(String),
        Note(String),
        /// Cleaned but not written (seen).
        Refused(String),
        /// Not cleaned at all.
        Failed(String),
    }
    let finish = |o: Outcome| -> Fixed {
        let (target, original, cleaned) = match o {
            Outcome::Done {
                target,
                original,
                cleaned,
            } => (target, original, cleaned),
            Outcome::Skipped(note) => return Fixed::Note(note),
            Outcome::Failed(e) => return Fixed::Failed(e),
        };
        if target.path == Path::new("-") {
            return Fixed::Stdout(cleaned.output);
        }
        if cleaned.output.as_bytes() == original.as_slice() {
            return Fixed::Unchanged;
        }
        // A named pipe or a device read as a file is never written back.
        if !std::fs::metadata(&target.path).is_ok_and(|m| m.is_file()) {
            return Fixed::Refused(format!(
                "{}: not written: not a regular file (a named pipe or a device); `copydesk \
                 clean - < PATH` prints the cleaned text",
                target.display
            ));
        }
        if cleaned.lossy && !args.allow_lossy {
            return Fixed::Refused(format!(
                "{}: not written: some bytes could not be decoded as {} and became U+FFFD; pass \
                 --encoding LABEL with the right encoding, or --allow-lossy to write it anyway",
                target.display, cleaned.encoding
            ));
        }
        match write_atomic(&target.path, cleaned.output.as_bytes()) {
            Ok(()) => Fixed::Written,
            Err(e) if e.is::<crate::run::write::ReadOnly>() => {
                Fixed::Refused(format!("{}: not written: {e}", target.display))
            }
            Err(e) => Fixed::Refused(format!(
                "{}: cannot write the fixed file ({e:#}); the original is unchanged. Check that the \
                 folder is writable",
                target.display
            )),
        }
    };
    let (mut fixed, mut seen) = (0, 0);
    let mut failures = Vec::new();
    let mut consume = |o: Fixed| -> Result<()> {
        match o {
            Fixed::Written => {
                seen += 1;
                fixed += 1;
            }
            Fixed::Unchanged => seen += 1,
            Fixed::Stdout(text) => {
                seen += 1;
                print(&text)?;
            }
            Fixed::Note(note) => {
                if !args.quiet {
                    eprintln!("copydesk: note: {note}");
                }
            }
            Fixed::Refused(e) => {
                seen += 1;
                failures.push(e);
            }
            Fixed::Failed(e) => failures.push(e),
        }
        Ok(())
    };
    let mut errors = process_all(&args.paths, args.quiet, &finish, &mut consume)?;
    errors.append(&mut failures);
    if !args.quiet && !args.paths.paths.iter().any(|p| p == "-") {
        // Never a success summary alone when something failed.
        let failed = if errors.is_empty() {
            String::new()
        } else {
            format!(
                "; {} could not be fixed (see the error{})",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        };
        eprintln!(
            "copydesk: fixed {fixed} of {seen} file{}{failed}",
            if seen == 1 { "" } else { "s" }
        );
    }
    Ok(report_errors(&errors))
}

/// `check --show-files`: the files a check would read, in its order.
fn show_files(args: &PathArgs) -> Result<u8> {
    let resolver = args.rules.resolver();
    let sel = args.selection();
    let files::Collected {
        targets, errors, ..
    } = files::collect(&args.paths, &sel, &resolver)?;
    let mut out = String::new();
    for t in &targets {
        out.push_str(&t.display);
        out.push('\n');
    }
    print(&out)?;
    Ok(report_errors(&errors))
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
        "# markdown: {} (from the file's extension)\n# encoding: {} (--encoding)\n\
         select = [{}]\nallow-repeat = {}\n\n\
         [rule.repeated-headline]\nsimilarity = {}\n\n[rule.site-tag]\ntags = {}\n\n\
         [rule.repeated-caption]\ncredits = {}\n\n[rule.repeated-paragraph]\n\
         min-words-adjacent = {}\nmin-chars = {}\nmax-removal-share = {:.3}\n\n\
         [rule.site-boilerplate]\nmin-articles = {}\nmin-share = {}\nsource-level = {}\n",
        c.markdown,
        c.encoding.map_or("auto", |e| e.name()),
        enabled
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        list(&c.allow_repeat),
        c.headline_similarity,
        list(&c.site_tags),
        list(&c.extra_credits),
        c.paragraph_min_words_adjacent,
        c.paragraph_min_chars_distant,
        c.max_body_removal_share,
        c.boilerplate_min_articles,
        c.boilerplate_min_share,
        c.source_level,
    )
}

pub(super) fn rules(args: &RulesArgs) -> Result<u8> {
    let chosen: Vec<Rule> = if args.rules.is_empty() {
        Rule::ALL.to_vec()
    } else {
        // Each rule once, in the order first named (`rules all site-tag`).
        let mut chosen = files::rules_named(&args.rules, "")?;
        let mut seen = std::collections::HashSet::new();
        chosen.retain(|r| seen.insert(*r));
        chosen
    };
    if args.output_format == RulesFormat::Json {
        let rules: Vec<serde_json::Value> = chosen
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id(),
                    "default_enabled": r.default_enabled(),
                    "doc": r.doc(),
                })
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&rules)?;
        s.push('\n');
        print(&s)?;
        return Ok(EXIT_OK);
    }
    let mut s = String::new();
    for r in chosen {
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

#[cfg(test)]
mod tests {
    use super::repo_path;
    use std::path::Path;

    #[test]
    fn a_patch_or_ci_report_names_files_relative_and_without_dot_steps() {
        let cwd = Some(Path::new("/work/site"));
        for (display, named) in [
            ("a.txt", "a.txt"),
            ("./a.txt", "a.txt"),
            ("./news/./a.txt", "news/a.txt"),
            ("/work/site/news/a.txt", "news/a.txt"),
            // Outside the current folder: as it is.
            ("/elsewhere/a.txt", "/elsewhere/a.txt"),
            ("../other/a.txt", "../other/a.txt"),
        ] {
            assert_eq!(repo_path(display, cwd), named, "{display}");
        }
        assert_eq!(repo_path("./a.txt", None), "a.txt");
    }
}
