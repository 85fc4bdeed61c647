//! `copydesk check`, `fix` and `rules` end to end: exit codes, output formats,
//! configuration discovery, directory walking, Markdown, in-place writes.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

mod common;
use common::stdout_of;

const SEED: &str = "fixtures/000_a5cf3d5e05a89805.txt";
const SEED_CLEAN: &str = "fixtures/000_a5cf3d5e05a89805.clean.txt";

/// A header block printed twice with a site tag: three findings.
const DIRTY: &str = "Harbour ferry terminal delayed until spring\n\nTT\n\nHarbour ferry terminal delayed until spring\n\nThe harbour authority said on Monday that the new ferry terminal would open in the spring.\n";
const CLEAN: &str = "Harbour ferry terminal delayed until spring\n\nThe harbour authority said on Monday that the new ferry terminal would open in the spring.\n";

fn copydesk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("copydesk").unwrap();
    cmd.current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR");
    cmd
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).expect("valid JSON")
}

#[test]
fn seed_has_findings_at_the_issue_lines_and_its_clean_output_has_none() {
    let text = stdout_of(
        copydesk(root()).args(["check", "--output-format", "concise", SEED]),
        1,
    );
    for (line, rule) in [
        (4, "repeated-caption"),
        (5, "site-tag"),
        (7, "repeated-headline"),
        (9, "repeated-caption"),
        (10, "repeated-caption"),
        (48, "site-tag"),
        (50, "repeated-headline"),
    ] {
        assert!(
            text.contains(&format!("{SEED}:{line}:1: {rule} ")),
            "line {line} {rule} missing:\n{text}"
        );
    }
    copydesk(root())
        .args(["check", SEED_CLEAN])
        .assert()
        .code(0)
        .stdout(contains("No findings in 1 file."));
}

#[test]
fn full_format_shows_the_line_and_a_caret_and_honours_color_flags() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    let plain = stdout_of(copydesk(dir.path()).args(["check", "a.txt"]), 1);
    assert!(plain.contains("a.txt:3:1: site-tag [fix]"), "{plain}");
    assert!(plain.contains("3 | TT\n  | ^^ removed"), "{plain}");
    assert!(!plain.contains('\x1b'), "no colour when not a terminal");
    let colored = stdout_of(
        copydesk(dir.path()).args(["check", "--color", "always", "a.txt"]),
        1,
    );
    assert!(colored.contains('\x1b'));
    // The colour conventions of the environment: CLICOLOR_FORCE colours a
    // pipe, NO_COLOR wins over it, --color beats both.
    let forced = stdout_of(
        copydesk(dir.path())
            .env("CLICOLOR_FORCE", "1")
            .args(["check", "a.txt"]),
        1,
    );
    assert!(forced.contains('\x1b'));
    let no_color = stdout_of(
        copydesk(dir.path())
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .args(["check", "a.txt"]),
        1,
    );
    assert!(!no_color.contains('\x1b'));
    let never = stdout_of(
        copydesk(dir.path())
            .env("CLICOLOR_FORCE", "1")
            .args(["check", "--color", "never", "a.txt"]),
        1,
    );
    assert!(!never.contains('\x1b'));
}

#[test]
fn json_format_is_the_versioned_report() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    let v = json(&stdout_of(
        copydesk(dir.path()).args(["check", "--output-format", "json", "a.txt"]),
        1,
    ));
    assert_eq!(v["version"], 2);
    assert_eq!(v["files"][0]["path"], "a.txt");
    let rules: Vec<&str> = v["files"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"site-tag") && rules.contains(&"repeated-headline"),
        "{rules:?}"
    );
    assert_eq!(v["summary"]["site-tag"], 1);
}

/// `--statistics` counts the findings of the JSON report per rule, fixable
/// and for review, most first; the exit code is still 1 on findings unless
/// `--exit-zero`.
#[test]
fn statistics_count_the_reports_findings_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy(
        root().join("fixtures/000_a5cf3d5e05a89805.txt"),
        d.join("seed.txt"),
    )
    .unwrap();
    fs::write(d.join("a.txt"), DIRTY).unwrap();
    let report = json(&stdout_of(
        copydesk(d).args(["check", "--output-format", "json", "."]),
        1,
    ));
    let mut expected: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for file in report["files"].as_array().unwrap() {
        for c in file["changes"].as_array().unwrap() {
            let n = expected
                .entry(c["rule"].as_str().unwrap().to_string())
                .or_default();
            if c["action"] == "flagged" {
                n.1 += 1;
            } else {
                n.0 += 1;
            }
        }
    }
    let rows = json(&stdout_of(
        copydesk(d).args(["check", "--statistics", "--output-format", "json", "."]),
        1,
    ));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), expected.len());
    let mut counts = Vec::new();
    for row in rows {
        let (f, r) = expected[row["rule"].as_str().unwrap()];
        assert_eq!(
            (row["fixable"].as_u64(), row["review"].as_u64()),
            (Some(f), Some(r))
        );
        assert_eq!(row["count"].as_u64(), Some(f + r));
        counts.push(f + r);
    }
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let table = stdout_of(copydesk(d).args(["check", "--statistics", "."]), 1);
    let first = rows[0]["rule"].as_str().unwrap();
    assert!(table.lines().next().unwrap().contains(first), "{table}");
    assert_eq!(table.lines().count(), rows.len(), "{table}");
    stdout_of(
        copydesk(d).args(["check", "--statistics", "--exit-zero", "."]),
        0,
    );
    stdout_of(copydesk(d).args(["check", "--exit-zero", "."]), 0);
    // Errors still fail.
    stdout_of(
        copydesk(d).args(["check", "--exit-zero", ".", "missing.txt"]),
        2,
    );
    copydesk(d)
        .args(["check", "--statistics", "--output-format", "sarif", "."])
        .assert()
        .code(2)
        .stderr(contains("--statistics prints a table"));
}

#[test]
fn sarif_format_has_rules_with_help_and_located_results() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    let v = json(&stdout_of(
        copydesk(dir.path()).args(["check", "--output-format", "sarif", "a.txt"]),
        1,
    ));
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(
        |r| r["id"] == "site-tag" && r["help"]["text"].as_str().is_some_and(|t| !t.is_empty())
    ));
    let results = run["results"].as_array().unwrap();
    let tag = results.iter().find(|r| r["ruleId"] == "site-tag").unwrap();
    let loc = &tag["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a.txt");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(
        rules[tag["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "site-tag"
    );
}

#[test]
fn github_and_gitlab_formats() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a, b.txt"), DIRTY).unwrap();
    copydesk(dir.path())
        .args(["check", "--output-format", "github", "a, b.txt"])
        .assert()
        .code(1)
        .stdout(contains(
            "::error file=a%2C b.txt,line=3,col=1,title=copydesk site-tag::site-tag: ",
        ));
    // A rewritten span ends at endColumn (GitHub's is inclusive).
    fs::write(
        dir.path().join("ws.txt"),
        "Harbour ferry terminal delayed until spring\n\nThe terminal opens in spring.   \n",
    )
    .unwrap();
    copydesk(dir.path())
        .args(["check", "--output-format", "github", "ws.txt"])
        .assert()
        .code(1)
        .stdout(contains("::error file=ws.txt,line=3,col=30,endColumn=32,"));
    let v = json(&stdout_of(
        copydesk(dir.path()).args(["check", "--output-format", "gitlab", "a, b.txt"]),
        1,
    ));
    let issue = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "site-tag")
        .unwrap();
    assert_eq!(issue["location"]["path"], "a, b.txt");
    assert_eq!(issue["location"]["lines"]["begin"], 3);
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 16);
}

/// GitLab matches findings across pipelines by fingerprint: lines added
/// above the findings keep every fingerprint, and the fingerprints of one
/// report are distinct (a text found twice is told apart by its occurrence).
#[test]
fn gitlab_fingerprints_survive_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let fingerprints = |text: &str| -> Vec<String> {
        fs::write(dir.path().join("a.txt"), text).unwrap();
        let v = json(&stdout_of(
            copydesk(dir.path()).args(["check", "--output-format", "gitlab", "a.txt"]),
            1,
        ));
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let first = "Council opens the new library\n\nThe council opened the new library on Friday after two years of work.\n\n";
    let added = "Readers queued from early morning to see the reading rooms.\n\n";
    let before = fingerprints(&format!("{first}\n{DIRTY}"));
    let after = fingerprints(&format!("{first}{added}\n{DIRTY}"));
    assert!(before.len() > 2);
    let unique: std::collections::HashSet<&String> = before.iter().collect();
    assert_eq!(unique.len(), before.len(), "{before:?}");
    for f in &before {
        assert!(after.contains(f), "{f} changed: {before:?} vs {after:?}");
    }
}

/// JUnit XML parses, holds one test case per finding of the JSON report
/// (fixable ones failing, flagged ones skipped) under a suite per file, and
/// carries markup and control characters of the text safely; a run without
/// findings is one passing test case.
#[test]
fn junit_format_is_well_formed_xml_with_a_case_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a&<b>.txt"), DIRTY).unwrap();
    fs::copy(
        root().join("fixtures/000_a5cf3d5e05a89805.txt"),
        d.join("seed.txt"),
    )
    .unwrap();
    fs::write(
        d.join("odd.txt"),
        "Ferry \u{1}deal <signed> & \"sealed\"\n\nTT\n\nFerry \u{1}deal <signed> & \"sealed\"\n\nThe council said the deal was signed on Monday after months of talks.\n",
    )
    .unwrap();
    let report = json(&stdout_of(
        copydesk(d).args(["check", "--output-format", "json", "."]),
        1,
    ));
    let xml = stdout_of(
        copydesk(d).args(["check", "--output-format", "junit", "."]),
        1,
    );
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let files = report["files"].as_array().unwrap();
    let with_findings: Vec<&Value> = files
        .iter()
        .filter(|f| !f["changes"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(suites.len(), with_findings.len());
    for (suite, file) in suites.iter().zip(&with_findings) {
        assert_eq!(suite.attribute("name"), file["path"].as_str());
        let changes = file["changes"].as_array().unwrap();
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), changes.len());
        for (case, change) in cases.iter().zip(changes) {
            let failed = case.children().any(|n| n.has_tag_name("failure"));
            assert_eq!(failed, change["action"] != "flagged", "{change}");
            assert_eq!(
                case.attribute("line").map(str::to_string),
                Some(change["line"].to_string())
            );
        }
    }
    assert!(xml.contains("name=\"a&amp;&lt;b&gt;.txt\""), "{xml}");
    fs::write(d.join("a&<b>.txt"), CLEAN).unwrap();
    fs::remove_file(d.join("seed.txt")).unwrap();
    fs::remove_file(d.join("odd.txt")).unwrap();
    let xml = stdout_of(
        copydesk(d).args(["check", "--output-format", "junit", "."]),
        0,
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        1
    );
    assert!(!xml.contains("<failure"));
}

/// What `check --output-format FORMAT a.txt` prints for a file `a.txt`
/// holding `text` (it must find something to fix: exit 1).
fn findings_of(text: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), text).unwrap();
    stdout_of(
        copydesk(dir.path()).args(["check", "--output-format", format, "a.txt"]),
        1,
    )
}

#[test]
fn a_run_of_blank_lines_is_one_finding_located_by_its_first_and_last_line() {
    // Lines 5-7 are dropped (one blank line stays between paragraphs).
    let text = "Harbour ferry terminal delayed until spring\n\nThe harbour authority said so on Monday.\n\n\n\n\nThe terminal will open in the spring.\n";
    let run = |format: &str| findings_of(text, format);
    let github = run("github");
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(
        github.contains("file=a.txt,line=5,endLine=7,col=1,title=copydesk blank-lines::"),
        "{github}"
    );
    let gitlab = json(&run("gitlab"));
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 5);
    assert_eq!(gitlab[0]["location"]["lines"]["end"], 7);
    let sarif = json(&run("sarif"));
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["endLine"].as_u64()),
        (Some(5), Some(7))
    );
    let report = json(&run("json"));
    let change = &report["files"][0]["changes"][0];
    assert_eq!(
        (change["line"].as_u64(), change["end_line"].as_u64()),
        (Some(5), Some(7))
    );
    assert_eq!(change["text"], "\n\n");
    // The diff report explains the run once, after its last line.
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    copydesk(dir.path())
        .args(["clean", "-", "-o", "out.txt", "--report"])
        .arg(&report)
        .write_stdin(text)
        .assert()
        .success();
    let text = fs::read_to_string(&report).unwrap();
    assert!(
        text.contains("\n-\n-\n-\n# lines 5-7 blank-lines: one blank line between paragraphs: 4 stood between lines 3 and 8\n"),
        "{text}"
    );
}

#[test]
fn sarif_region_spans_a_rewritten_lines_edit() {
    let v = json(&findings_of(
        "Harbour ferry terminal delayed until spring\n\nThe caf\u{e9}\u{a0}\u{a0}reopened on Monday.\n",
        "sarif",
    ));
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // Columns count characters: the two no-break spaces are columns 9 and 10.
    let at = |k: &str| region[k].as_u64();
    assert_eq!(
        (at("startLine"), at("startColumn"), at("endColumn")),
        (Some(3), Some(9), Some(11)),
        "{region}"
    );
}

#[test]
fn github_step_summary_is_appended() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "earlier step\n").unwrap();
    copydesk(dir.path())
        .args(["check", "a.txt"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .code(1);
    let text = fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n### copydesk"), "{text}");
    assert!(text.contains("| `site-tag` | `a.txt` | 1 |"), "{text}");
}

#[test]
fn stdin_with_stdin_filename() {
    let dir = tempfile::tempdir().unwrap();
    copydesk(dir.path())
        .args([
            "check",
            "--output-format",
            "concise",
            "-",
            "--stdin-filename",
            "story.txt",
        ])
        .write_stdin(DIRTY)
        .assert()
        .code(1)
        .stdout(contains("story.txt:3:1: site-tag"));
    copydesk(dir.path())
        .args(["fix", "-"])
        .write_stdin(DIRTY)
        .assert()
        .code(0)
        .stdout(CLEAN);
}

#[test]
fn missing_path_is_an_error_but_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    copydesk(dir.path())
        .args(["check", "--output-format", "concise", "nope.txt", "a.txt"])
        .assert()
        .code(2)
        .stdout(contains("a.txt:3:1: site-tag"))
        .stderr(contains("nope.txt: no such file or directory"));
}

#[test]
fn walking_respects_gitignore_hidden_files_includes_and_skips_binaries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("articles/ignored")).unwrap();
    fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    fs::write(d.join("articles/a.txt"), DIRTY).unwrap();
    fs::write(d.join("articles/ignored/b.txt"), DIRTY).unwrap();
    fs::write(d.join("articles/.hidden.txt"), DIRTY).unwrap();
    fs::write(d.join("articles/code.rs"), DIRTY).unwrap();
    fs::write(d.join("articles/photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let out = copydesk(d)
        .args(["check", "--output-format", "concise", "articles"])
        .assert()
        .code(1)
        .stderr(contains("articles/photo.txt: skipped, binary file"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("articles/a.txt:3:1"), "{text}");
    for absent in ["ignored/b.txt", ".hidden.txt", "code.rs"] {
        assert!(
            !text.contains(absent),
            "{absent} must not be checked:\n{text}"
        );
    }
    copydesk(d)
        .args(["check", "articles", "--exclude", "a.txt"])
        .assert()
        .code(0);
    copydesk(d)
        .args([
            "check",
            "articles",
            "--include",
            "*.rs",
            "--output-format",
            "concise",
        ])
        .assert()
        .code(1)
        .stdout(contains("code.rs:3:1"));
    // An explicit path is checked even when excluded, unless --force-exclude.
    copydesk(d)
        .args(["check", "articles/a.txt", "--exclude", "a.txt"])
        .assert()
        .code(1);
    copydesk(d)
        .args([
            "check",
            "articles/a.txt",
            "--exclude",
            "a.txt",
            "--force-exclude",
        ])
        .assert()
        .code(0);
}

/// Symbolic links met while walking are skipped with a note that names them
/// (never silently), read with --follow; a link to nothing or to a folder
/// above it is a note there too, not an error. A link named on the command
/// line is read either way.
#[cfg(unix)]
#[test]
fn symbolic_links_are_noted_unless_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("elsewhere/more")).unwrap();
    fs::create_dir_all(d.join("articles")).unwrap();
    fs::write(d.join("elsewhere/linked.txt"), DIRTY).unwrap();
    fs::write(d.join("elsewhere/more/deep.txt"), DIRTY).unwrap();
    fs::write(d.join("articles/plain.txt"), "A clean line.\n").unwrap();
    symlink("../elsewhere/linked.txt", d.join("articles/link.txt")).unwrap();
    symlink("../elsewhere/more", d.join("articles/folder")).unwrap();
    symlink("../nowhere.txt", d.join("articles/dangling.txt")).unwrap();
    symlink("../nowhere.png", d.join("articles/dangling.png")).unwrap();
    symlink("..", d.join("articles/up")).unwrap();
    copydesk(d)
        .args(["check", "articles"])
        .assert()
        .code(0)
        .stderr(contains(
            "articles/link.txt: skipped, symbolic link (pass --follow to read through links)",
        ))
        .stderr(contains(
            "articles/folder: skipped, symbolic link to a folder",
        ))
        .stderr(contains(
            "articles/dangling.txt: skipped, symbolic link to nothing",
        ))
        .stderr(contains("dangling.png").not());
    let out = stdout_of(
        copydesk(d).args(["check", "-L", "articles", "--output-format", "concise"]),
        1,
    );
    assert!(out.contains("articles/link.txt:3:1"), "{out}");
    assert!(out.contains("articles/folder/deep.txt:3:1"), "{out}");
    copydesk(d)
        .args(["check", "--follow", "articles"])
        .assert()
        .code(1)
        .stderr(contains(
            "articles/dangling.txt: skipped, symbolic link to nothing",
        ))
        .stderr(contains(
            "skipped, symbolic link to a folder above it (a loop)",
        ))
        .stderr(contains("error").not());
    copydesk(d)
        .args(["check", "articles/link.txt"])
        .assert()
        .code(1);
    // A link given as the folder to walk is walked.
    symlink("articles", d.join("walk-me")).unwrap();
    let out = stdout_of(copydesk(d).args(["check", "walk-me"]), 0);
    assert!(out.contains("No findings in 1 file."), "{out}");
    // `fix` writes through a followed link: the file it points to changes,
    // and the link stays a link.
    copydesk(d)
        .args(["fix", "-L", "-q", "articles"])
        .assert()
        .code(0);
    assert!(
        fs::symlink_metadata(d.join("articles/link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(
        fs::read_to_string(d.join("elsewhere/linked.txt")).unwrap(),
        DIRTY
    );
}

#[test]
fn explicit_binary_file_is_an_error() {
    copydesk(root())
        .args(["check", "fixtures/normalize/binary.in"])
        .assert()
        .code(2)
        .stderr(contains("looks like a binary file"));
}

#[test]
fn config_discovery_closest_wins_config_flag_overrides_isolated_ignores_cli_beats_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("sub")).unwrap();
    fs::write(d.join("copydesk.toml"), "ignore = [\"site-tag\"]\n").unwrap();
    fs::write(
        d.join("sub/.copydesk.toml"),
        "ignore = [\"repeated-headline\"]\n",
    )
    .unwrap();
    fs::write(d.join("top.txt"), DIRTY).unwrap();
    fs::write(d.join("sub/deep.txt"), DIRTY).unwrap();
    let concise = |args: &[&str]| {
        let out = copydesk(d)
            .args(["check", "--output-format", "concise"])
            .args(args)
            .assert()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let both = concise(&["top.txt", "sub/deep.txt"]);
    assert!(
        !both.contains("top.txt:3:1: site-tag"),
        "root config ignores site-tag:\n{both}"
    );
    assert!(both.contains("top.txt:5:1: repeated-headline"), "{both}");
    assert!(
        both.contains("sub/deep.txt:3:1: site-tag"),
        "the closest config wins:\n{both}"
    );
    assert!(
        !both.contains("sub/deep.txt:5:1: repeated-headline"),
        "{both}"
    );

    let forced = concise(&["--config", "sub/.copydesk.toml", "top.txt"]);
    assert!(
        forced.contains("top.txt:3:1: site-tag") && !forced.contains("repeated-headline"),
        "{forced}"
    );
    let isolated = concise(&["--isolated", "top.txt"]);
    assert!(
        isolated.contains("site-tag") && isolated.contains("repeated-headline"),
        "{isolated}"
    );
    let cli = concise(&["--ignore", "repeated-headline", "top.txt"]);
    assert!(!cli.contains("repeated-headline"), "{cli}");
    let show = stdout_of(
        copydesk(d).args(["check", "--show-config", "sub/deep.txt"]),
        0,
    );
    assert!(show.contains("sub/.copydesk.toml"), "{show}");
    assert!(
        show.contains("\"site-tag\"") && !show.contains("\"repeated-headline\""),
        "{show}"
    );
    // What it prints is a configuration file copydesk reads, and reading it
    // gives the same settings.
    fs::write(d.join("shown.toml"), &show).unwrap();
    let again = stdout_of(
        copydesk(d).args([
            "check",
            "--config",
            "shown.toml",
            "--show-config",
            "sub/deep.txt",
        ]),
        0,
    );
    let settings = |s: &str| -> String { s.lines().filter(|l| !l.starts_with("# ")).collect() };
    assert_eq!(settings(&again), settings(&show));
}

/// The rules that concise findings name, sorted, each once.
fn rules_in(concise: &str) -> Vec<String> {
    let mut rules: Vec<String> = concise
        .lines()
        .filter_map(|l| l.split(' ').nth(1).map(String::from))
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

/// `all` (or `ALL`) stands for every rule wherever rules are named: on the
/// command line and in `select`, `extend-select` and `ignore` of the
/// configuration file (where `extend-select` and `ignore` once took it
/// without effect).
#[test]
fn all_names_every_rule_on_the_command_line_and_in_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let typography = "A headline here\n\nHe said \u{201c}yes\u{201d} and left...\n";
    fs::write(d.join("a.txt"), typography).unwrap();
    let concise = ["check", "--output-format", "concise", "a.txt"];
    assert!(stdout_of(copydesk(d).args(concise), 0).is_empty());
    for flags in [
        ["--select", "all"],
        ["--select", "ALL"],
        ["--extend-select", "all"],
    ] {
        let out = stdout_of(copydesk(d).args(concise).args(flags), 1);
        assert_eq!(rules_in(&out), ["ellipsis", "quotes"], "{flags:?}");
    }
    fs::write(d.join("copydesk.toml"), "extend-select = [\"all\"]\n").unwrap();
    let out = stdout_of(copydesk(d).args(concise), 1);
    assert_eq!(rules_in(&out), ["ellipsis", "quotes"]);
    fs::write(d.join("copydesk.toml"), "ignore = [\"ALL\"]\n").unwrap();
    fs::write(d.join("a.txt"), DIRTY).unwrap();
    stdout_of(copydesk(d).args(concise), 0);
    stdout_of(copydesk(d).args(concise).args(["--isolated"]), 1);
    copydesk(d)
        .args(concise)
        .args(["--select", "every"])
        .assert()
        .code(2)
        .stderr(contains("--select every: unknown rule"));
}

/// A `pyproject.toml` is a configuration file when it has a
/// `[tool.copydesk]` table, checked like a `copydesk.toml` (errors name its
/// lines); without one it is passed over, broken or not, and the search
/// goes on upwards.
#[test]
fn pyproject_with_tool_copydesk_is_a_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("proj/articles")).unwrap();
    fs::write(d.join("proj/articles/a.txt"), DIRTY).unwrap();
    fs::write(
        d.join("copydesk.toml"),
        "ignore = [\"repeated-headline\"]\n",
    )
    .unwrap();
    let rules = |d: &Path| -> Vec<String> {
        let out = stdout_of(
            copydesk(d).args(["check", "--output-format", "concise", "proj/articles"]),
            1,
        );
        let mut r = rules_in(&out);
        r.retain(|r| r != "blank-lines");
        r
    };
    for unrelated in [
        "[project]\nname = \"x\"\n[tool.ruff]\nline-length = 100\n",
        "[project\nname =",
    ] {
        fs::write(d.join("proj/pyproject.toml"), unrelated).unwrap();
        assert_eq!(rules(d), ["site-tag"], "{unrelated:?}");
    }
    fs::write(
        d.join("proj/pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.copydesk]\nignore = [\"site-tag\"]\n",
    )
    .unwrap();
    assert_eq!(rules(d), ["repeated-headline"]);
    fs::write(
        d.join("proj/pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.copydesk]\nignore = [\"site-tagg\"]\n",
    )
    .unwrap();
    copydesk(d)
        .args(["check", "proj/articles"])
        .assert()
        .code(2)
        .stderr(contains("pyproject.toml: line 5: unknown rule 'site-tagg'"));
    fs::write(d.join("proj/pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
    copydesk(d)
        .args(["check", "proj/articles", "--config", "proj/pyproject.toml"])
        .assert()
        .code(2)
        .stderr(contains("has no [tool.copydesk] table"));
}

#[test]
fn per_file_ignores_and_allowlist() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("copydesk.toml"), "allow-repeat = [\"Harbour ferry terminal delayed until spring\"]\n[per-file-ignores]\n\"legacy/*\" = [\"site-tag\"]\n").unwrap();
    fs::create_dir_all(d.join("legacy")).unwrap();
    fs::write(d.join("legacy/a.txt"), DIRTY).unwrap();
    copydesk(d).args(["check", "legacy/a.txt"]).assert().code(0);
    copydesk(d)
        .args([
            "check",
            "--isolated",
            "--output-format",
            "concise",
            "legacy/a.txt",
        ])
        .assert()
        .code(1)
        .stdout(contains("site-tag"))
        .stdout(contains("repeated-headline"));
    fs::write(d.join("b.txt"), DIRTY).unwrap();
    copydesk(d)
        .args(["check", "--output-format", "concise", "b.txt"])
        .assert()
        .code(1)
        .stdout(contains("b.txt:3:1: site-tag"))
        .stdout(contains("repeated-headline").not());
}

#[test]
fn unknown_config_key_exits_2_with_file_line_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("copydesk.toml"),
        "select = [\"all\"]\nsite-tags = [\"TT\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    copydesk(dir.path())
        .args(["check", "a.txt"])
        .assert()
        .code(2)
        .stderr(contains("copydesk.toml: line 2: unknown field `site-tags`"))
        .stderr(contains("[rule.<id>]"));
}

#[test]
fn markdown_front_matter_code_and_comments_stay_and_disable_comments_work() {
    let dir = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Harbour ferry terminal delayed until spring  \ntags: [TT]\n---\n\nHarbour ferry terminal delayed until spring\n\n<!-- copydesk-disable-next-line site-tag -->\nTT\n\nHarbour ferry terminal delayed until spring\n\n```\ncode   \n\n\n  kept\n```\n\nThe harbour authority said on Monday that the new ferry terminal would open.\n";
    fs::write(dir.path().join("story.md"), md).unwrap();
    copydesk(dir.path())
        .args(["fix", "story.md"])
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("story.md")).unwrap();
    assert!(
        fixed.starts_with(
            "---\ntitle: Harbour ferry terminal delayed until spring  \ntags: [TT]\n---\n"
        ),
        "{fixed}"
    );
    assert!(
        fixed.contains("```\ncode   \n\n\n  kept\n```"),
        "code block untouched:\n{fixed}"
    );
    assert!(
        fixed.contains("-->\nTT\n"),
        "suppressed site tag stays:\n{fixed}"
    );
    assert_eq!(
        fixed
            .matches("Harbour ferry terminal delayed until spring")
            .count(),
        2,
        "front matter copy + one headline:\n{fixed}"
    );
}

/// A disable comment keeps the repairs off its line as well as the
/// findings: the line is written as it was, and nothing on it is reported
/// (before, the repairs were made and only their report was dropped, an
/// unexplained change). With a rule named, only that rule is off there.
#[test]
fn a_disable_comment_keeps_repairs_off_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let md = "Harbour ferry terminal delayed\n\n\
              <!-- copydesk-disable-next-line -->\n\
              Caf\u{c3}\u{a9}\u{a0}noir  \n\n\
              <!-- copydesk-disable-next-line mojibake -->\n\
              Th\u{c3}\u{a9}\u{a0}vert  \n\n\
              Cr\u{c3}\u{a8}me\u{a0}br\u{c3}\u{bb}l\u{c3}\u{a9}e  \n";
    fs::write(dir.path().join("story.md"), md).unwrap();
    let out = stdout_of(
        copydesk(dir.path()).args(["check", "--output-format", "concise", "story.md"]),
        1,
    );
    assert!(!out.contains("story.md:4:"), "{out}");
    assert!(
        out.contains("story.md:7:")
            && !out.contains("mojibake repairs UTF-8 that was read as Windows-1252: 'Th"),
        "{out}"
    );
    assert!(out.contains("story.md:9:3: mojibake"), "{out}");
    copydesk(dir.path())
        .args(["fix", "-q", "story.md"])
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("story.md")).unwrap();
    assert_eq!(
        fixed,
        "Harbour ferry terminal delayed\n\n<!-- copydesk-disable-next-line -->\n\
         Caf\u{c3}\u{a9}\u{a0}noir  \n\n<!-- copydesk-disable-next-line mojibake -->\n\
         Th\u{c3}\u{a9} vert\n\nCr\u{e8}me br\u{fb}l\u{e9}e\n"
    );
}

#[test]
fn fix_writes_only_changed_files_keeps_permissions_and_converges() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("dirty.txt"), DIRTY).unwrap();
    fs::write(d.join("clean.txt"), CLEAN).unwrap();
    fs::set_permissions(d.join("dirty.txt"), fs::Permissions::from_mode(0o604)).unwrap();
    let clean_mtime = fs::metadata(d.join("clean.txt"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    copydesk(d)
        .args(["fix", "."])
        .assert()
        .code(0)
        .stderr(contains("fixed 1 of 2 files"));
    assert_eq!(fs::read_to_string(d.join("dirty.txt")).unwrap(), CLEAN);
    assert_eq!(
        fs::metadata(d.join("dirty.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o604
    );
    assert_eq!(
        fs::metadata(d.join("clean.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        clean_mtime,
        "unchanged files are not rewritten"
    );
    copydesk(d)
        .args(["fix", "."])
        .assert()
        .code(0)
        .stderr(contains("fixed 0 of 2 files"));
    copydesk(d).args(["check", "."]).assert().code(0);
}

#[test]
fn fix_refuses_lossy_decodes_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bytes = b"Bad \xff\xfe bytes here and here\n\n\n".to_vec();
    fs::write(d.join("a.txt"), &bytes).unwrap();
    copydesk(d)
        .args(["fix", "a.txt", "--encoding", "utf-8"])
        .assert()
        .code(2)
        .stderr(contains("--allow-lossy"));
    assert_eq!(fs::read(d.join("a.txt")).unwrap(), bytes);
    copydesk(d)
        .args(["fix", "a.txt", "--encoding", "utf-8", "--allow-lossy"])
        .assert()
        .code(0);
    assert_ne!(fs::read(d.join("a.txt")).unwrap(), bytes);
}

#[test]
fn fix_leaves_a_read_only_file_alone_and_says_how_to_proceed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("locked.txt"), DIRTY).unwrap();
    fs::write(d.join("open.txt"), DIRTY).unwrap();
    fs::set_permissions(d.join("locked.txt"), fs::Permissions::from_mode(0o444)).unwrap();
    // The rename that replaces files needs only the folder's permission (and
    // root ignores modes): the read-only file is refused on purpose.
    copydesk(d)
        .args(["fix", "locked.txt", "open.txt"])
        .assert()
        .code(2)
        .stderr(contains("locked.txt: not written").and(contains("chmod u+w")));
    assert_eq!(fs::read_to_string(d.join("locked.txt")).unwrap(), DIRTY);
    assert_eq!(
        fs::metadata(d.join("locked.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o444
    );
    assert_eq!(
        fs::read_to_string(d.join("open.txt")).unwrap(),
        CLEAN,
        "one refused file does not stop the others"
    );
}

/// Make `dir` read-only for this process: chmod for a normal user; as root
/// (which ignores modes), a read-only bind mount in a private mount namespace.
#[test]
fn fix_in_a_read_only_directory_fails_and_leaves_the_original() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::write(ro.join("a.txt"), DIRTY).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("copydesk");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let output = if is_root {
        let script = format!(
            "mount --bind {ro} {ro} && mount -o remount,ro,bind {ro} && exec {bin} fix {ro}/a.txt",
            ro = ro.display(),
            bin = bin.display()
        );
        std::process::Command::new("unshare")
            .args(["-m", "sh", "-c", &script])
            .output()
            .expect("unshare is available")
    } else {
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        std::process::Command::new(&bin)
            .arg("fix")
            .arg(ro.join("a.txt"))
            .output()
            .unwrap()
    };
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write the fixed file")
            && stderr.contains("the original is unchanged"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(ro.join("a.txt")).unwrap(), DIRTY);
}

#[test]
fn output_is_sorted_and_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in (0..12).rev() {
        fs::write(d.join(format!("f{i:02}.txt")), DIRTY).unwrap();
    }
    let run = |j: &str| {
        stdout_of(
            copydesk(d).args(["check", "--output-format", "json", "-j", j, "."]),
            1,
        )
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
    let v = json(&one);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn check_diff_prints_a_patch_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DIRTY).unwrap();
    copydesk(dir.path())
        .args(["check", "--diff", "a.txt"])
        .assert()
        .code(1)
        .stdout(contains("--- a/a.txt\n+++ b/a.txt\n"))
        .stdout(contains("-TT\n"));
    // Walking `.` or the folder's absolute path names the file as `git apply`
    // wants it: relative, without `./` (`a/./a.txt` is refused).
    let absolute = dir.path().canonicalize().unwrap();
    for walked in [Path::new("."), absolute.as_path()] {
        copydesk(&absolute)
            .args(["check", "--diff"])
            .arg(walked)
            .assert()
            .code(1)
            .stdout(contains("--- a/a.txt\n+++ b/a.txt\n"));
        // So do the formats CI systems read, which match findings to the
        // repository's files by path (GitLab finds no `./a.txt`).
        for (format, named) in [
            ("github", "file=a.txt,"),
            ("gitlab", "\"path\": \"a.txt\""),
            ("sarif", "\"uri\": \"a.txt\""),
            ("junit", "file=\"a.txt\""),
        ] {
            copydesk(&absolute)
                .args(["check", "--output-format", format])
                .arg(walked)
                .assert()
                .code(1)
                .stdout(contains(named).and(contains("./a.txt").not()));
        }
    }
    fs::write(dir.path().join("b.txt"), CLEAN).unwrap();
    copydesk(dir.path())
        .args(["check", "--diff", "b.txt"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn rules_lists_every_rule_with_its_state_or_explains_one() {
    copydesk(root())
        .arg("rules")
        .assert()
        .success()
        .stdout(contains("repeated-headline (on by default)"))
        .stdout(contains("site-tag (on by default)"))
        .stdout(contains("Known false positives"));
    // One rule, by the id a finding names.
    let one = stdout_of(copydesk(root()).args(["rules", "site-tag"]), 0);
    assert!(one.starts_with("site-tag (on by default)\n"), "{one}");
    assert!(!one.contains("repeated-headline"), "{one}");
    // A rule named twice (here also through `all`) is explained once.
    let twice = stdout_of(copydesk(root()).args(["rules", "site-tag", "all"]), 0);
    assert!(twice.starts_with("site-tag (on by default)\n"), "{twice}");
    assert_eq!(
        twice.matches("site-tag (on by default)").count(),
        1,
        "{twice}"
    );
    assert!(
        twice.contains("repeated-headline (on by default)"),
        "{twice}"
    );
    copydesk(root())
        .args(["rules", "site-tag", "no-such-rule"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("no-such-rule: unknown rule"));
    let all = json(&stdout_of(
        copydesk(root()).args(["rules", "--output-format", "json"]),
        0,
    ));
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), copydesk::Rule::ALL.len());
    for (row, rule) in all.iter().zip(copydesk::Rule::ALL) {
        assert_eq!(row["id"], rule.id());
        assert_eq!(row["default_enabled"], rule.default_enabled());
        assert_eq!(row["doc"], rule.doc());
    }
}

/// The spellings ruff users reach for: `check -q` prints the findings and
/// nothing else, `check --fix` fixes, `fix --diff` prints the patch and
/// writes nothing, `check --show-files` lists what a check reads.
#[test]
fn quiet_fix_alias_fix_diff_and_show_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DIRTY).unwrap();
    fs::write(d.join("notes.csv"), "x\n").unwrap();
    let quiet = copydesk(d)
        .args(["check", "-q", "a.txt"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let out = String::from_utf8(quiet.stdout).unwrap();
    assert!(out.contains("a.txt:3:1: site-tag"), "{out}");
    assert!(!out.contains("Found"), "no summary: {out}");
    assert_eq!(
        stdout_of(copydesk(d).args(["check", "--show-files", "."]), 0),
        "./a.txt\n"
    );
    let patch = stdout_of(copydesk(d).args(["fix", "--diff", "a.txt"]), 0);
    assert!(patch.starts_with("--- a/a.txt\n+++ b/a.txt\n"), "{patch}");
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), DIRTY);
    copydesk(d)
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), CLEAN);
    copydesk(d).args(["check", "a.txt"]).assert().code(0);
}

/// `learn --help` lists only what learning uses.
#[test]
fn learn_help_lists_no_cleaning_options() {
    let help = stdout_of(copydesk(root()).args(["learn", "--help"]), 0);
    for option in [
        "--annotate",
        "--drop-invalid",
        "--drop-duplicate-articles",
        "--duplicate-threshold",
    ] {
        assert!(!help.contains(option), "{option} in learn --help");
    }
    let help = stdout_of(copydesk(root()).args(["clean", "--help"]), 0);
    assert!(help.contains("--drop-duplicate-articles"));
}
