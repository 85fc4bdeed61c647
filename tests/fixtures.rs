//! Walks every fixture under `fixtures/` and checks the pipeline against it.
//!
//! A fixture is an input file (`<case>.in`, or `<case>.txt` for the seed
//! sample) with, beside it:
//! - `<case>.clean.txt`: the expected cleaned text;
//! - `<case>.report.json`: the expected JSON report;
//! - `<case>.error.txt` instead of both, when the input must be refused;
//! - optionally `<case>.args`: options, one per line (`--site-tag TT`,
//!   `--ignore blank-lines`).
//!
//! Set `COPYDESK_BLESS=1` to rewrite the expected files from the current
//! output, then review the change as a git diff.
//!
//! Invariants checked on every fixture: the output is what the report's
//! changes give when replayed over the input lines; cleaning the output again
//! changes nothing (idempotence); the output is UTF-8 with LF line endings and
//! one final newline.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "common/replay.rs"]
mod replay;
use replay::replay;

use copydesk::report::{FileReport, Report, json};
use copydesk::{Action, Config};

fn fixture_inputs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            fixture_inputs(&path, out);
        } else if name.ends_with(".in")
            || (name.ends_with(".txt") && !name.contains(".clean.") && !name.contains(".error."))
        {
            out.push(path);
        }
    }
}

fn sibling(input: &Path, ext: &str) -> PathBuf {
    let name = input.file_name().unwrap().to_string_lossy();
    let stem = name.rsplit_once('.').map_or(&*name, |(s, _)| s);
    input.with_file_name(format!("{stem}.{ext}"))
}

/// Options from `<case>.args`; `--not-idempotent REASON` exempts a case from
/// the second-pass check (documented exceptions only).
fn config_for(input: &Path) -> (Config, bool) {
    let mut config = Config::default();
    let mut idempotent = true;
    if let Ok(args) = fs::read_to_string(sibling(input, "args")) {
        for line in args.lines().filter(|l| !l.trim().is_empty()) {
            let (flag, value) = line.split_once(' ').expect("`--flag value` per line");
            match flag {
                "--site-tag" => config.site_tags.push(value.to_string()),
                "--encoding" => config.encoding = Some(Config::encoding_for_label(value).unwrap()),
                "--extend-select" => config
                    .selected
                    .push(copydesk::Rule::from_id(value).unwrap()),
                "--quote-style" => {
                    config.quote_style = if value == "curly" {
                        copydesk::normalize::QuoteStyle::Curly
                    } else {
                        copydesk::normalize::QuoteStyle::Straight
                    }
                }
                "--ignore" => config
                    .disabled
                    .push(copydesk::Rule::from_id(value).unwrap()),
                "--not-idempotent" => idempotent = false,
                other => panic!("{}: unknown option {other}", input.display()),
            }
        }
    }
    (config, idempotent)
}

fn bless() -> bool {
    std::env::var_os("COPYDESK_BLESS").is_some()
}

fn check_or_bless(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if bless() {
        fs::write(path, actual).unwrap();
        return;
    }
    match fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{}: differs from the output\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{}: missing (run with COPYDESK_BLESS=1)",
            path.display()
        )),
    }
}

#[test]
fn every_fixture_matches_its_expected_output_and_report() {
    let mut inputs = Vec::new();
    fixture_inputs(Path::new("fixtures"), &mut inputs);
    assert!(
        inputs.len() >= 20,
        "expected at least 20 fixtures, found {}",
        inputs.len()
    );
    let mut failures = Vec::new();
    for input in &inputs {
        let bytes = fs::read(input).unwrap();
        let (config, idempotent) = config_for(input);
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        let cleaned = match copydesk::process(&bytes, &config) {
            Ok(c) => c,
            Err(e) => {
                check_or_bless(
                    &sibling(input, "error.txt"),
                    &format!("{e}\n"),
                    &mut failures,
                );
                continue;
            }
        };
        assert!(
            !sibling(input, "error.txt").exists(),
            "{name}: expected an error, got output"
        );
        check_or_bless(&sibling(input, "clean.txt"), &cleaned.output, &mut failures);
        let report = json::to_string(&Report::new(vec![FileReport::new(&name, &cleaned)]));
        check_or_bless(&sibling(input, "report.json"), &report, &mut failures);

        // Invariants.
        assert_eq!(
            replay(
                &cleaned.input_lines.iter().collect::<Vec<_>>(),
                &serde_json::from_str(&report).unwrap()
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .into_iter()
            .map(|l| l + "\n")
            .collect::<String>(),
            cleaned.output,
            "{name}: replaying the report does not give the output"
        );
        assert!(
            !cleaned.output.contains('\r'),
            "{name}: CR left in the output"
        );
        assert!(
            cleaned.output.is_empty()
                || (cleaned.output.ends_with('\n') && !cleaned.output.ends_with("\n\n"))
        );
        if !idempotent {
            continue;
        }
        let again = copydesk::process(cleaned.output.as_bytes(), &config).unwrap();
        assert_eq!(
            again.output, cleaned.output,
            "{name}: cleaning the output again changes it"
        );
        let applied: Vec<_> = again
            .changes
            .iter()
            .filter(|c| c.action != Action::Flagged)
            .collect();
        assert!(
            applied.is_empty(),
            "{name}: second pass still finds {applied:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
