//! Corpus runs: directories mirrored into --out-dir with a run report, JSONL
//! streams, thread-count independence, boilerplate learned per source,
//! duplicate articles, profiles.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

mod common;
use common::stdout_of;

fn copydesk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("copydesk").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// A made-up article: a headline, a logo line, `n` body paragraphs.
fn article(title: &str, logo: &str, seed: usize, n: usize) -> String {
    let words = [
        "harbour", "council", "budget", "ferry", "storm", "minister", "school", "bridge", "market",
        "union", "river", "tax", "vote", "road", "strike", "museum",
    ];
    let mut s = format!("{title}\n\n{logo}\n\n");
    for p in 0..n {
        let para: Vec<&str> = (0..30)
            .map(|i| words[(seed * 7919 + p * 104729 + i * 31 + i * i * 17) % words.len()])
            .collect();
        s.push_str(&format!(
            "The {} said that {}.\n\n",
            words[(seed + p) % 16],
            para.join(" ")
        ));
    }
    s
}

/// `files` (under `in/`) cleaned into `out/`: the folder and the run report's text.
fn clean_folder<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> (tempfile::TempDir, String) {
    let dir = folder_with(files);
    copydesk(dir.path())
        .args(["clean", "in", "--out-dir", "out", "-q"])
        .assert()
        .code(0);
    let report = fs::read_to_string(dir.path().join("out/copydesk-report.json")).unwrap();
    (dir, report)
}

/// `n` articles of one source (`in/site/`), `text(i)` each, cleaned into
/// `out/`: each cleaned article, in order, and the run report's text.
fn clean_site(n: usize, text: impl Fn(usize) -> String) -> (Vec<String>, String) {
    let files: Vec<(String, String)> = (0..n)
        .map(|i| (format!("in/site/a{i:03}.txt"), text(i)))
        .collect();
    let (dir, report) = clean_folder(&files);
    let outputs = (0..n)
        .map(|i| fs::read_to_string(dir.path().join(format!("out/site/a{i:03}.txt"))).unwrap())
        .collect();
    (outputs, report)
}

/// The records `clean --jsonl` writes for `input` (in `dir`), parsed.
fn clean_jsonl(dir: &Path, input: &str) -> Vec<Value> {
    fs::write(dir.join("in.jsonl"), input).unwrap();
    stdout_of(
        copydesk(dir).args(["clean", "--jsonl", "in.jsonl", "-q"]),
        0,
    )
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

/// A temporary folder holding these files (paths relative to it).
fn folder_with<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path.as_ref());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text.as_ref()).unwrap();
    }
    dir
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn out_dir_mirrors_the_tree_and_writes_a_run_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/site-a/2025")).unwrap();
    fs::write(d.join("in/site-a/2025/one.txt"), "Storm closes ferry routes\n\nStorm closes ferry routes\n\nAll ferry routes north of the bay were closed on Sunday as a storm brought strong winds.\n").unwrap();
    fs::write(d.join("in/two.txt"), "Council approves budget\n\nThe council voted on Monday to approve the budget for next year.\n").unwrap();
    fs::write(d.join("in/photo.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "out", "-q"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(d.join("out/site-a/2025/one.txt")).unwrap(),
        "Storm closes ferry routes\n\nAll ferry routes north of the bay were closed on Sunday as a storm brought strong winds.\n"
    );
    assert!(d.join("out/two.txt").exists());
    assert!(!d.join("out/photo.txt").exists());
    // Output files get the mode any new file gets here (the umask's), as the
    // input files did, not the owner-only mode of a temporary file.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| fs::metadata(d.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("out/two.txt"), mode("in/two.txt"));
        assert_eq!(mode("out/copydesk-report.json"), mode("in/two.txt"));
    }
    let report = read_json(&d.join("out/copydesk-report.json"));
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("report.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the run report follows report.schema.json: {errors:?}"
    );
    assert_eq!(report["version"], 2);
    let s = &report["summary"];
    assert_eq!(s["files"], 2);
    assert_eq!(s["articles"], 2);
    assert_eq!(s["lines_removed"]["repeated-headline"], 1);
    assert!(s["percent_kept"].as_f64().unwrap() < 100.0);
    assert!(s["skipped"][0].as_str().unwrap().contains("photo.txt"));
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["in/site-a/2025/one.txt", "in/two.txt"]);
}

#[test]
fn one_failing_file_is_reported_and_the_others_are_cleaned() {
    let dir = folder_with(&[
        (
            "in/a.txt",
            "Headline here now\n\nBody text of the article goes here.\n",
        ),
        (
            "in/b.txt",
            "Another headline\n\nMore body text of another article.\n",
        ),
    ]);
    let d = dir.path();
    copydesk(d)
        .args(["clean", "in", "nope", "--out-dir", "out", "-q"])
        .assert()
        .code(2)
        .stderr(contains("nope: no such file or directory"));
    assert!(d.join("out/a.txt").exists() && d.join("out/b.txt").exists());
}

#[test]
fn an_out_dir_that_would_overwrite_the_inputs_is_refused_before_writing() {
    let text = "Headline here now\n\nHeadline here now\n\nBody text of the article goes here.\n";
    let dir = folder_with(&[("in/a.txt", text)]);
    let d = dir.path();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "in/../in", "-q"])
        .assert()
        .code(2)
        .stderr(contains("would overwrite the input"))
        .stderr(contains("copydesk fix"));
    assert_eq!(fs::read_to_string(d.join("in/a.txt")).unwrap(), text);
    assert!(!d.join("in/copydesk-report.json").exists());
    // A file given by name goes to OUT/its name: its own folder as OUT
    // would overwrite it too.
    for (cwd, file, out) in [
        (d.to_path_buf(), "in/a.txt", "in"),
        (d.join("in"), "a.txt", "."),
    ] {
        copydesk(&cwd)
            .args(["clean", file, "--out-dir", out, "-q"])
            .assert()
            .code(2)
            .stderr(contains("would overwrite the input"));
        assert_eq!(fs::read_to_string(d.join("in/a.txt")).unwrap(), text);
    }
}

#[test]
fn an_earlier_output_inside_the_input_folder_is_not_cleaned_again() {
    let dir = folder_with(&[(
        "in/a.txt",
        "Headline here now\n\nBody text of the article goes here.\n",
    )]);
    let d = dir.path();
    for _ in 0..2 {
        copydesk(d)
            .args(["clean", "in", "--out-dir", "in/clean", "-q"])
            .assert()
            .success();
    }
    let report = read_json(&d.join("in/clean/copydesk-report.json"));
    assert_eq!(report["summary"]["files"], 1, "{report}");
    assert!(!d.join("in/clean/clean").exists());
}

/// What `clean --jsonl in.jsonl --drop-invalid -q` in `d` writes (it must
/// succeed).
fn drop_invalid_stdout(d: &Path) -> Vec<u8> {
    copydesk(d)
        .args(["clean", "--jsonl", "in.jsonl", "--drop-invalid", "-q"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone()
}

#[test]
fn jsonl_keeps_other_fields_reports_malformed_lines_and_never_stops() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = concat!(
        r#"{"id": "a1", "n": 1.50, "u": "caf\u00e9", "text": "Storm closes ferry routes\n\nStorm closes ferry routes\n\nAll routes were closed on Sunday.", "z": [1, {"k": null}]}"#,
        "\n",
        "{not json\n",
        r#"{"id": "a2", "body": "no text field"}"#,
        "\n",
        r#"{"id": "a3", "text": "Clean text here.\n"}"#,
        "\n",
    );
    fs::write(d.join("in.jsonl"), input).unwrap();
    let out = copydesk(d)
        .args(["clean", "--jsonl", "in.jsonl", "-o", "-"])
        .assert()
        .code(0)
        .stderr(contains("in.jsonl:2: not a JSON object"))
        .stderr(contains(
            "in.jsonl:3: no \"text\" field (it has \"id\", \"body\"); name the field that \
             holds the text with --text-field",
        ))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    // The record's own bytes, the text's value replaced and the copydesk
    // field put before the closing brace.
    assert!(lines[0].starts_with(r#"{"id": "a1", "n": 1.50, "u": "caf\u00e9", "text": "Storm closes ferry routes\n\nAll routes were closed on Sunday.", "z": [1, {"k": null}],"copydesk":{"changes":{"#), "{}", lines[0]);
    assert_eq!(lines[1], "{not json");
    assert_eq!(lines[2], r#"{"id": "a2", "body": "no text field"}"#);
    let last: Value = serde_json::from_str(lines[3]).unwrap();
    assert_eq!(last["text"], "Clean text here.\n");
    assert_eq!(last["copydesk"]["changes"], serde_json::json!({}));

    let dropped = drop_invalid_stdout(d);
    assert_eq!(String::from_utf8(dropped).unwrap().lines().count(), 2);

    let annotated = stdout_of(
        copydesk(d)
            .args(["clean", "--jsonl", "-", "--annotate", "-q"])
            .write_stdin(lines[0].replace("\\n\\nAll", "\\n\\nStorm closes ferry routes\\n\\nAll")),
        0,
    );
    let v: Value = serde_json::from_str(&annotated).unwrap();
    let change = &v["copydesk"]["changes"][0];
    assert_eq!(change["rule"], "repeated-headline");
    assert_eq!(change["line"], 3);
    // The span is the line's byte range in the original text.
    assert_eq!(change["span"], serde_json::json!([27, 52]));
}

/// A blank line holds no record: it passes through without a warning and is
/// not counted as malformed. A NUL character in a text is not text; the
/// message says so, without the UTF-16 advice meant for files.
#[test]
fn jsonl_blank_lines_pass_and_a_nul_in_a_text_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = concat!(
        r#"{"text": "First record.\n"}"#,
        "\n\n  \t\r\n",
        r#"{"text": "a\u0000b"}"#,
        "\n",
        r#"{"text": "Third record.\n"}"#,
        "\n",
    );
    fs::write(d.join("in.jsonl"), input).unwrap();
    let run = copydesk(d)
        .args(["clean", "--jsonl", "in.jsonl", "-o", "-"])
        .assert()
        .code(0);
    let out = run.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "in.jsonl:4: \"text\" holds a NUL character (\\u0000, at byte 1 of the text)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("utf-16"), "{stderr}");
    assert!(
        !stderr.contains("in.jsonl:2") && !stderr.contains("in.jsonl:3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 records (0 changed, 0 duplicates, 1 malformed)"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.split('\n').collect();
    // Each line keeps its own terminator (CR LF here).
    assert_eq!(lines[1..4], ["", "  \t\r", r#"{"text": "a\u0000b"}"#]);
}

#[test]
fn a_jsonl_line_that_is_not_utf8_is_one_malformed_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut input = b"{\"text\": \"First record.\"}\n".to_vec();
    input.extend_from_slice(b"{\"text\": \"caf\xe9 in Latin-1\"}\r\n");
    input.extend_from_slice(b"{\"text\": \"Third record.\"}\n");
    fs::write(d.join("in.jsonl"), &input).unwrap();
    let out = copydesk(d)
        .args(["clean", "--jsonl", "in.jsonl", "-o", "-"])
        .assert()
        .code(0)
        .stderr(contains(
            "in.jsonl:2: not valid UTF-8 (at byte 14 of the line)",
        ))
        .get_output()
        .stdout
        .clone();
    let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert_eq!(lines.len(), 4, "three records and the final newline");
    assert!(lines[0].starts_with(b"{\"text\": \"First record.\""));
    assert_eq!(
        lines[1], b"{\"text\": \"caf\xe9 in Latin-1\"}\r",
        "passed through byte for byte, its CR LF kept"
    );
    assert!(lines[2].starts_with(b"{\"text\": \"Third record.\""));
    let dropped = drop_invalid_stdout(d);
    assert_eq!(dropped.split(|&b| b == b'\n').count(), 3, "{dropped:?}");
}

#[test]
fn thread_count_does_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut jsonl = String::new();
    for i in 0..40 {
        let site = format!("in/site-{}", i % 3);
        fs::create_dir_all(d.join(&site)).unwrap();
        let text = article(&format!("Headline number {i} of the day"), "TT", i % 7, 4);
        fs::write(d.join(format!("{site}/f{i:02}.txt")), &text).unwrap();
        jsonl.push_str(&serde_json::json!({"id": i, "source": site, "text": text}).to_string());
        jsonl.push('\n');
    }
    fs::write(d.join("in.jsonl"), jsonl).unwrap();
    for j in ["1", "4"] {
        copydesk(d)
            .args([
                "clean",
                "in",
                "--out-dir",
                &format!("out{j}"),
                "-q",
                "-j",
                j,
            ])
            .assert()
            .code(0);
        copydesk(d)
            .args([
                "clean",
                "--jsonl",
                "in.jsonl",
                "-o",
                &format!("out{j}.jsonl"),
                "--source-field",
                "source",
                "-q",
                "-j",
                j,
            ])
            .assert()
            .code(0);
    }
    assert_eq!(
        fs::read(d.join("out1/copydesk-report.json")).unwrap(),
        fs::read(d.join("out4/copydesk-report.json")).unwrap()
    );
    assert_eq!(
        fs::read(d.join("out1.jsonl")).unwrap(),
        fs::read(d.join("out4.jsonl")).unwrap()
    );
    for i in 0..40 {
        let f = format!("site-{}/f{i:02}.txt", i % 3);
        assert_eq!(
            fs::read(d.join("out1").join(&f)).unwrap(),
            fs::read(d.join("out4").join(&f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn a_learned_site_tag_goes_from_its_source_and_stays_in_another_sources_body() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/example.com")).unwrap();
    fs::create_dir_all(d.join("in/other.org")).unwrap();
    for i in 0..10 {
        fs::write(
            d.join(format!("in/example.com/a{i}.txt")),
            article(&format!("Example story {i} today"), "Example Daily", i, 3),
        )
        .unwrap();
    }
    // The same words in another source's body, between paragraphs: content.
    let body =
        article("Other story", "Other logo line", 99, 2).replace("The ", "Example Daily\n\nThe ");
    fs::write(d.join("in/other.org/b.txt"), &body).unwrap();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "out", "-q"])
        .assert()
        .code(0);
    for i in 0..10 {
        let out = fs::read_to_string(d.join(format!("out/example.com/a{i}.txt"))).unwrap();
        assert!(!out.contains("Example Daily"), "a{i}: {out}");
    }
    let other = fs::read_to_string(d.join("out/other.org/b.txt")).unwrap();
    assert!(other.contains("Example Daily"), "{other}");
    let report = fs::read_to_string(d.join("out/copydesk-report.json")).unwrap();
    assert!(
        report.contains("appears in 10 of 10 articles from example.com"),
        "{report}"
    );
}

/// A wire service's dateline, a staff writer's byline and a staff
/// photographer's credit that open most of a source's articles are content,
/// not boilerplate, and so are the credits and notes that close them: the
/// logo line and the sign-up line learned beside them go, they stay.
#[test]
fn a_recurring_dateline_byline_or_credit_is_not_learned_as_boilerplate() {
    const CLOSING: [&str; 3] = [
        "The Associated Press contributed to this report.",
        "Additional reporting by Jan Berg.",
        "This story has been corrected.",
    ];
    let (outputs, _) = clean_site(10, |i| {
        article(&format!("Wire story {i} today"), "Wire Daily", i, 3).replacen(
            "\n\nThe ",
            "\n\nBy Mara Lindqvist\n\nOSLO (NTB) \u{2014}\n\nPhoto: Jan Berg/NTB\n\nThe ",
            1,
        ) + &CLOSING.join("\n\n")
            + "\n\nSign up for our newsletter.\n"
    });
    for (i, out) in outputs.iter().enumerate() {
        assert!(!out.contains("Wire Daily"), "a{i}: {out}");
        assert!(out.contains("\nOSLO (NTB) \u{2014}\n"), "a{i}: {out}");
        assert!(out.contains("\nBy Mara Lindqvist\n"), "a{i}: {out}");
        assert!(out.contains("\nPhoto: Jan Berg/NTB\n"), "a{i}: {out}");
        for line in CLOSING {
            assert!(out.contains(&format!("\n{line}\n")), "a{i}: {out}");
        }
        assert!(!out.contains("Sign up"), "a{i}: {out}");
    }
}

/// Decisions that depend on a neighbour must not change once the neighbour is
/// gone: two copies of a caption with a boilerplate line between them, and a
/// decomposed `â` hiding mojibake (NFC runs before the repair).
#[test]
fn cleaning_a_cleaned_corpus_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/site")).unwrap();
    for i in 0..5 {
        let mut text = article(
            &format!("Story number {i} of the week"),
            "Advertisement",
            i,
            3,
        );
        text.push_str(&format!("Ferry {i} waits in the harbour as the storm passes. (AP)\n\nAdvertisement\n\nFerry {i} waits in the harbour as the storm passes. (AP)\n\n"));
        text.push_str(&format!(
            "The government\u{61}\u{302}\u{20ac}\u{2122}s plan {i} was approved.\n"
        ));
        fs::write(d.join(format!("in/site/a{i}.txt")), text).unwrap();
    }
    copydesk(d)
        .args(["clean", "in", "--out-dir", "once", "-q"])
        .assert()
        .code(0);
    fs::remove_file(d.join("once/copydesk-report.json")).unwrap();
    copydesk(d)
        .args(["clean", "once", "--out-dir", "twice", "-q"])
        .assert()
        .code(0);
    for i in 0..5 {
        let once = fs::read_to_string(d.join(format!("once/site/a{i}.txt"))).unwrap();
        let twice = fs::read_to_string(d.join(format!("twice/site/a{i}.txt"))).unwrap();
        assert_eq!(once, twice, "a{i}");
        assert!(once.contains("government\u{2019}s"), "{once}");
        assert_eq!(once.matches("(AP)").count(), 1, "{once}");
    }
}

/// Learn boilerplate over ten short articles that carry `boilerplate`, clean
/// `z` in that corpus, then clean the result again with the learned profile:
/// the text after one run and after two.
fn clean_twice_with_learned_boilerplate(boilerplate: &str, z: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/site")).unwrap();
    for i in 0..10 {
        fs::write(
            d.join(format!("in/site/a{i}.txt")),
            format!("Story number {i} about the harbour vote\n\n{boilerplate}\n\nThe council voted on Monday to approve harbour budget number {i} for the coming year after a long debate.\n"),
        )
        .unwrap();
    }
    fs::write(d.join("in/site/z.txt"), z).unwrap();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "once", "-q"])
        .assert()
        .code(0);
    let once = fs::read_to_string(d.join("once/site/z.txt")).unwrap();
    copydesk(d)
        .args(["learn", "in", "-o", "profile.json", "-q"])
        .assert()
        .code(0);
    fs::create_dir_all(d.join("again/site")).unwrap();
    fs::write(d.join("again/site/z.txt"), &once).unwrap();
    copydesk(d)
        .args([
            "clean",
            "again",
            "--profile",
            "profile.json",
            "--out-dir",
            "twice",
            "-q",
        ])
        .assert()
        .code(0);
    let twice = fs::read_to_string(d.join("twice/site/z.txt")).unwrap();
    (once, twice)
}

/// A logo line ("TT") that a boilerplate line hides from the headline rule
/// ("TT", "Publicité", headline) must go in the same run that removes the
/// boilerplate, or the next run would remove it: the boilerplate removal puts
/// the article through a second round.
#[test]
fn a_logo_hidden_by_boilerplate_goes_in_the_same_run() {
    let (once, twice) = clean_twice_with_learned_boilerplate(
        "Publicité",
        "TT\nPublicité\nHarbour ferry route returns after storm damage\n\nThe ferry company said on Monday that the route would reopen next week after repairs to the harbour wall.\n\nServices will run twice a day until the summer timetable begins in June, the company added.\n",
    );
    assert!(
        once.starts_with("Harbour ferry route returns after storm damage\n\n"),
        "{once}"
    );
    assert_eq!(twice, once);
}

/// An article that began with a boilerplate line ("ADVERTISEMENT" after two
/// blank lines) loses its start; the next run reads it as part of the article
/// before it, so this run must lay it out and judge it that way: the separator
/// and the headline's copy after it, which the next run would remove.
#[test]
fn an_article_that_loses_its_first_line_joins_the_one_before() {
    let (once, twice) = clean_twice_with_learned_boilerplate(
        "Advertisement",
        "Published 20 October 2019 14:44\n\n\nADVERTISEMENT\n-----\nPublished 20 October 2019 14:44\n",
    );
    assert_eq!(once, "Published 20 October 2019 14:44\n");
    assert_eq!(twice, once);
}

#[test]
fn near_duplicate_articles_are_found_and_distinct_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in")).unwrap();
    let original = article("Council approves the budget", "", 1, 12);
    let near = original
        .replacen("said that", "reported that", 1)
        .replace("Council approves the budget", "Budget approved by council");
    let distinct = article("Storm closes the ferry routes", "", 2, 12);
    fs::write(d.join("in/a.txt"), &original).unwrap();
    fs::write(d.join("in/b.txt"), &distinct).unwrap();
    fs::write(d.join("in/c.txt"), &near).unwrap();
    fs::write(d.join("in/d.txt"), &original).unwrap();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "out", "-q"])
        .assert()
        .code(0);
    let report = read_json(&d.join("out/copydesk-report.json"));
    assert_eq!(report["summary"]["duplicate_articles"], 2);
    let dup_of = |name: &str| -> Option<String> {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .and_then(|f| {
                f["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["rule"] == "duplicate-article")
                    .map(|c| c["reason"].as_str().unwrap().to_string())
            })
    };
    assert_eq!(dup_of("a.txt"), None);
    assert_eq!(
        dup_of("b.txt"),
        None,
        "a distinct article is not a duplicate"
    );
    assert!(
        dup_of("c.txt").unwrap().contains("in/a.txt:1 (a near copy"),
        "{:?}",
        dup_of("c.txt")
    );
    assert!(
        dup_of("d.txt")
            .unwrap()
            .contains("in/a.txt:1 (the same body)")
    );
    // Reported only by default; dropped on request.
    assert!(
        fs::read_to_string(d.join("out/d.txt"))
            .unwrap()
            .contains("Council approves")
    );
    copydesk(d)
        .args([
            "clean",
            "in",
            "--out-dir",
            "out2",
            "-q",
            "--drop-duplicate-articles",
        ])
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(d.join("out2/d.txt")).unwrap(), "");
    assert!(
        fs::read_to_string(d.join("out2/b.txt"))
            .unwrap()
            .contains("Storm closes")
    );
}

#[test]
fn a_profile_round_trips_through_learn_and_profile() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("corpus/example.com")).unwrap();
    for i in 0..6 {
        fs::write(
            d.join(format!("corpus/example.com/a{i}.txt")),
            article(&format!("Example story {i} today"), "Subscribe Today", i, 3),
        )
        .unwrap();
    }
    copydesk(d)
        .args(["learn", "corpus", "-o", "profile.json", "-q"])
        .assert()
        .code(0);
    let profile = read_json(&d.join("profile.json"));
    assert_eq!(
        profile["sources"]["example.com"]["lines"]["subscribe today"],
        6
    );
    // One new file of that source, cleaned and checked on its own.
    fs::create_dir_all(d.join("new/example.com")).unwrap();
    let new = article("A brand new story", "Subscribe Today", 42, 3);
    fs::write(
        d.join("new/example.com/n.txt"),
        format!("{}\n", new.trim_end()),
    )
    .unwrap();
    let out = stdout_of(
        copydesk(d).args([
            "clean",
            "new/example.com/n.txt",
            "--profile",
            "profile.json",
        ]),
        0,
    );
    assert!(!out.contains("Subscribe Today"));
    copydesk(d)
        .args([
            "check",
            "--output-format",
            "concise",
            "--profile",
            "profile.json",
            "new/example.com/n.txt",
        ])
        .assert()
        .code(1)
        .stdout(contains(
            "site-boilerplate appears in 6 of 6 articles from example.com",
        ));
    copydesk(d)
        .args(["check", "new/example.com/n.txt"])
        .assert()
        .code(0);
    // A profile of another version may mean something else by its fields:
    // refused, with what to do.
    let mut later = profile.clone();
    later["version"] = 2.into();
    fs::write(d.join("later.json"), later.to_string()).unwrap();
    copydesk(d)
        .args(["check", "--profile", "later.json", "new/example.com/n.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "later.json: a profile of version 2, and this copydesk reads version 1; learn it again",
        ));
}

#[test]
fn a_jsonl_output_file_gets_the_usual_mode_and_a_read_only_one_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("in.jsonl"), "{\"text\": \"Clean text here.\\n\"}\n").unwrap();
    let mode = |p: &str| fs::metadata(d.join(p)).unwrap().permissions().mode() & 0o777;
    copydesk(d)
        .args(["clean", "--jsonl", "in.jsonl", "-o", "out.jsonl", "-q"])
        .assert()
        .code(0);
    assert_eq!(mode("out.jsonl"), mode("in.jsonl"), "the umask's mode");
    fs::write(d.join("locked.jsonl"), "keep me").unwrap();
    fs::set_permissions(d.join("locked.jsonl"), fs::Permissions::from_mode(0o444)).unwrap();
    copydesk(d)
        .args(["clean", "--jsonl", "in.jsonl", "-o", "locked.jsonl", "-q"])
        .assert()
        .code(2)
        .stderr(contains("the stream not written").and(contains("read-only")));
    assert_eq!(
        fs::read_to_string(d.join("locked.jsonl")).unwrap(),
        "keep me"
    );
}

/// A record is signed as an article of a folder is: its body, without the
/// headline, so the same story under another headline is the same body in
/// both modes.
#[test]
fn a_jsonl_record_under_another_headline_is_the_same_body_as_in_a_folder() {
    let original = article("Council approves the budget", "", 1, 12);
    let retitled = original.replace(
        "Council approves the budget",
        "Budget passes after long debate",
    );
    let (dir, report) = clean_folder(&[("in/a.txt", &original), ("in/b.txt", &retitled)]);
    assert!(report.contains("in/a.txt:1 (the same body)"), "{report}");
    let records: String = [("a", &original), ("b", &retitled)]
        .iter()
        .map(|(id, text)| serde_json::json!({ "id": id, "text": text }).to_string() + "\n")
        .collect();
    let out = clean_jsonl(dir.path(), &records);
    assert_eq!(
        out[1]["copydesk"]["duplicate_of"],
        serde_json::json!({ "id": "a", "exact": true, "similarity": 1.0 })
    );
}

/// An article's body for duplicate detection starts after its first line that
/// stays: a removed line above the headline (a logo text) does not make the
/// headline part of the body.
#[test]
fn a_removed_line_above_the_headline_does_not_put_the_headline_in_the_body() {
    let story = article("Council approves the budget", "", 1, 12);
    let tagged = format!(
        "TT\n{}",
        story.replace(
            "Council approves the budget",
            "Budget passes after long debate"
        )
    );
    let (dir, report) = clean_folder(&[("in/a.txt", &story), ("in/b.txt", &tagged)]);
    let cleaned = fs::read_to_string(dir.path().join("out/b.txt")).unwrap();
    assert!(
        cleaned.starts_with("Budget passes"),
        "the logo text goes: {cleaned}"
    );
    assert!(report.contains("in/a.txt:1 (the same body)"), "{report}");
}

/// A story saved three times (its page, AMP page and print page) is one
/// article to learn boilerplate from. Before, on a small site its short
/// sentences "recurred in 3 articles" and were removed from every copy.
#[test]
fn a_story_saved_three_times_keeps_its_short_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/site")).unwrap();
    for i in 0..20 {
        let text = article(&format!("Headline {}", "x".repeat(i + 1)), "TT", i, 2);
        fs::write(d.join(format!("in/site/a{i:02}.txt")), text).unwrap();
    }
    let story = format!(
        "{}His family said he had gone out alone before dawn.\n\nThe search will resume at first light.\n",
        article("Police search the harbour", "TT", 99, 2)
    );
    for name in ["story", "story-amp", "story-print"] {
        fs::write(d.join(format!("in/site/{name}.txt")), &story).unwrap();
    }
    fs::write(d.join("in.jsonl"), {
        let mut jsonl = String::new();
        for entry in fs::read_dir(d.join("in/site")).unwrap() {
            let text = fs::read_to_string(entry.unwrap().path()).unwrap();
            jsonl.push_str(&(serde_json::json!({ "text": text }).to_string() + "\n"));
        }
        jsonl
    })
    .unwrap();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "out", "-q"])
        .assert()
        .code(0);
    let jsonl = stdout_of(copydesk(d).args(["clean", "--jsonl", "in.jsonl", "-q"]), 0);
    let mut outputs: Vec<String> = ["story", "story-amp", "story-print"]
        .iter()
        .map(|name| fs::read_to_string(d.join(format!("out/site/{name}.txt"))).unwrap())
        .collect();
    outputs.extend(
        jsonl
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .filter(|t| t.starts_with("Police")),
    );
    assert_eq!(outputs.len(), 6);
    for out in outputs {
        // The logo, in 23 different articles, is learned and goes.
        assert!(!out.contains("TT"), "{out}");
        assert!(
            out.contains("\nHis family said he had gone out alone before dawn.\n"),
            "{out}"
        );
        assert!(
            out.ends_with("\nThe search will resume at first light.\n"),
            "{out}"
        );
    }
}

/// Follow-up stories repeat a background sentence; in a small source three
/// of them make it "recur", but a sentence in under a fifth of a source's
/// articles is flagged, not removed. A site's template sentence, in most of
/// them, goes.
#[test]
fn a_sentence_in_few_articles_is_flagged_and_one_in_most_goes() {
    let background = "The storm was the strongest to hit the region in decades.";
    let (outputs, report) = clean_site(23, |i| {
        let mut text = article(&format!("Harbour story {}", "x".repeat(i + 1)), "", i, 2);
        if i >= 20 {
            text.push_str(background);
            text.push_str("\n\n");
        }
        text + "Sign up for our newsletter.\n"
    });
    for (i, out) in outputs.iter().enumerate() {
        assert!(!out.contains("Sign up"), "a{i}: {out}");
        assert_eq!(out.contains(background), i >= 20, "a{i}: {out}");
    }
    assert!(
        report.contains("appears in 3 of 23 articles from site, but it reads as a sentence"),
        "{report}"
    );
}

/// A staff writer's name alone under the headline (no "By") recurs in many
/// of a site's articles, but each writer has only a share of them: a
/// name-shaped line in under half of a source's articles is flagged, not
/// removed. The site's logo, in every article, goes, name-shaped or not.
#[test]
fn a_staff_writers_name_is_flagged_and_the_logo_goes() {
    let writers = ["Mara Lindqvist", "Jan Berg", "Ola Nordmann"];
    let (outputs, report) = clean_site(30, |i| {
        let headline = format!("Harbour story {}", "x".repeat(i + 1));
        article(&headline, "Coastal Herald", i, 2).replacen(
            "\n\nThe ",
            &format!("\n\n{}\n\nThe ", writers[i % 3]),
            1,
        )
    });
    for (i, out) in outputs.iter().enumerate() {
        assert!(
            out.contains(&format!("\n{}\n", writers[i % 3])),
            "a{i}: {out}"
        );
        assert!(!out.contains("Coastal Herald"), "a{i}: {out}");
    }
    assert!(
        report.contains(
            "appears in 10 of 30 articles from site, but it is shaped like a person's name"
        ),
        "{report}"
    );
}

/// A stream's `url` field names sources by site: every record's URL is its
/// own, but the sites are few (`www.` and the port aside).
#[test]
fn a_url_source_field_names_the_site() {
    let jsonl = two_site_stream(
        "http://post.example:8080",
        |url, _, text| serde_json::json!({ "url": url, "text": text }),
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.jsonl"), &jsonl).unwrap();
    copydesk(dir.path())
        .args([
            "learn",
            "--jsonl",
            "in.jsonl",
            "--source-field",
            "url",
            "-o",
            "p.json",
            "-q",
        ])
        .assert()
        .code(0);
    learned_both_sites(&read_json(&dir.path().join("p.json")));
}

/// Ten records from each of two sites, each article with its site's logo
/// line: `herald.example` (at `https://www.herald.example`) and
/// `post.example` (at `post`), as `record(url, i, text)` makes them.
fn two_site_stream(post: &str, record: impl Fn(String, usize, String) -> Value) -> String {
    let mut jsonl = String::new();
    for i in 0..10 {
        for (site, logo) in [
            ("https://www.herald.example", "Herald Daily"),
            (post, "Post Online"),
        ] {
            let text = article(&format!("Story {}", "x".repeat(i + 1)), logo, i, 2);
            jsonl.push_str(&(record(format!("{site}/news/{i}"), i, text).to_string() + "\n"));
        }
    }
    jsonl
}

/// The profile of a [`two_site_stream`] learned by site: each logo in all
/// ten articles of its site.
fn learned_both_sites(profile: &Value) {
    assert_eq!(
        profile["sources"]["herald.example"]["lines"]["herald daily"], 10,
        "{profile}"
    );
    assert_eq!(
        profile["sources"]["post.example"]["lines"]["post online"], 10,
        "{profile}"
    );
}

/// Datasets often keep a record's URL and id in a nested object
/// (`{"meta": {"url": …}}`): a dotted field name reaches them. A
/// `--source-field` that the records lack is warned about, instead of every
/// record silently falling into one source.
#[test]
fn a_nested_source_field_names_sources_and_a_missing_one_is_warned_about() {
    let jsonl = two_site_stream(
        "https://post.example",
        |url, i, text| serde_json::json!({ "meta": { "url": url, "n": i }, "text": text }),
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.jsonl"), &jsonl).unwrap();
    let learn = |field: &str| {
        copydesk(dir.path())
            .args(["learn", "--jsonl", "in.jsonl", "--source-field", field])
            .args(["-o", "p.json"])
            .assert()
            .code(0)
    };
    learn("meta.url").stderr(contains("warning").not());
    learned_both_sites(&read_json(&dir.path().join("p.json")));
    learn("url").stderr(contains(
        "in.jsonl: no record has a \"url\" field, so their source is ''",
    ));
    // The id of a first copy, nested too, names it in a duplicate's report.
    let first = jsonl.lines().next().unwrap().to_string();
    let copy = first.replace("\"n\":0", "\"n\":99");
    fs::write(dir.path().join("dup.jsonl"), format!("{first}\n{copy}\n")).unwrap();
    copydesk(dir.path())
        .args(["clean", "--jsonl", "dup.jsonl", "-o", "out.jsonl", "-q"])
        .args(["--id-field", "meta.n", "--source-field", "meta.url"])
        .assert()
        .code(0)
        .stderr("");
    let out = fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    let second: serde_json::Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["copydesk"]["duplicate_of"]["id"], 0, "{out}");
}

/// A site's articles filed by year (`crawl/SITE/2024/a.txt`): the parent
/// folder, a year, mixes every site's articles of that year, so
/// `--source-level 2` (or `source-level` in the configuration) names each
/// site by the folder above it, in learning, in cleaning and in a check
/// with the profile.
#[test]
fn source_level_names_the_site_above_its_date_folders() {
    let mut files = Vec::new();
    for i in 0..12 {
        for (site, logo) in [("herald", "Herald Daily"), ("post", "Post Online")] {
            let year = 2023 + i % 2;
            let text = article(&format!("Story {site} {}", "x".repeat(i + 1)), logo, i, 2);
            files.push((format!("in/{site}/{year}/a{i}.txt"), text));
        }
    }
    let dir = folder_with(&files);
    let d = dir.path();
    let learn = |extra: &[&str]| {
        copydesk(d)
            .args(["learn", "in", "-o", "p.json", "-q"])
            .args(extra)
            .assert()
            .code(0);
        read_json(&d.join("p.json"))
    };
    let by_year = learn(&[]);
    assert!(by_year["sources"].get("2023").is_some(), "{by_year}");
    let by_site = learn(&["--source-level", "2"]);
    let sources: Vec<&String> = by_site["sources"].as_object().unwrap().keys().collect();
    assert_eq!(sources, ["herald", "post"], "{by_site}");
    assert_eq!(by_site["sources"]["herald"]["lines"]["herald daily"], 12);
    // A check with the profile names the file's source the same way: no
    // warning, and the logo is found.
    copydesk(d)
        .args(["check", "in/post/2024/a1.txt", "--output-format", "concise"])
        .args(["--profile", "p.json", "--source-level", "2"])
        .assert()
        .code(1)
        .stderr("")
        .stdout(contains("site-boilerplate"));
    copydesk(d)
        .args(["check", "in/post/2024/a1.txt", "--profile", "p.json"])
        .assert()
        .stderr(contains("the profile knows no source '2024' (1 file)"));
    // The configuration says it once for every command.
    fs::write(
        d.join("copydesk.toml"),
        "[rule.site-boilerplate]\nsource-level = 2\n",
    )
    .unwrap();
    assert_eq!(learn(&[]), by_site);
    copydesk(d)
        .args(["check", "--show-config", "in/post/2024/a1.txt"])
        .assert()
        .code(0)
        .stdout(contains(
            "[rule.site-boilerplate]\nmin-articles = 3\nmin-share = 0.05\nsource-level = 2\n",
        ));
    fs::write(
        d.join("copydesk.toml"),
        "[rule.site-boilerplate]\nsource-level = 0\n",
    )
    .unwrap();
    copydesk(d)
        .args(["learn", "in", "-o", "p.json"])
        .assert()
        .code(2)
        .stderr(contains("source-level counts folders above a file"));
    copydesk(d)
        .args([
            "learn",
            "in",
            "-o",
            "p.json",
            "--isolated",
            "--source-level",
            "0",
        ])
        .assert()
        .code(2);
}

/// `learn` over a folder with a configuration file that does not load (a
/// bad key, below the top) learns from the other files, writes the profile,
/// says what failed once, and exits 2; before, those files were left out in
/// silence and the exit status was 0.
#[test]
fn learn_reports_the_files_it_could_not_learn_from() {
    let mut files = Vec::new();
    for i in 0..4 {
        files.push((
            format!("in/good/a{i}.txt"),
            article(&format!("Story {i}"), "TT", i, 2),
        ));
        files.push((
            format!("in/bad/b{i}.txt"),
            article(&format!("Story {i}"), "TT", i, 2),
        ));
    }
    let dir = folder_with(&files);
    let d = dir.path();
    fs::write(d.join("in/bad/copydesk.toml"), "no-such-key = 1\n").unwrap();
    fs::write(d.join("in/good/photo.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let err = copydesk(d)
        .args(["learn", "in", "-o", "p.json"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert_eq!(
        err.matches("copydesk.toml: line 1: unknown field").count(),
        1,
        "{err}"
    );
    // A binary file is skipped with a note, not counted as a failure.
    assert!(
        err.contains("note: in/good/photo.txt: skipped, binary file"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    let profile = read_json(&d.join("p.json"));
    assert_eq!(profile["sources"]["good"]["lines"]["tt"], 4, "{profile}");
    assert!(profile["sources"].get("bad").is_none(), "{profile}");
}

/// Crawls are stored compressed: a gzip stream (found by its first bytes,
/// from a file or standard input) is read as its text, so a `.jsonl.gz`
/// file is learned from and cleaned without `zcat`, and an output named
/// `.gz` is written compressed. The records are the same as uncompressed.
#[test]
fn a_gzip_stream_is_read_and_a_gz_output_written_compressed() {
    use std::io::{Read, Write};
    let mut jsonl = String::new();
    for i in 0..10 {
        let text = article(
            &format!("Story {}", "x".repeat(i + 1)),
            "Herald Daily",
            i,
            2,
        );
        jsonl.push_str(&(serde_json::json!({ "id": i, "text": text }).to_string() + "\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("in.jsonl"), &jsonl).unwrap();
    // Two gzip members, as `cat a.gz b.gz` gives.
    let (first, second) = jsonl.split_at(jsonl.find("{\"id\":5").unwrap());
    let mut gz = Vec::new();
    for part in [first, second] {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(part.as_bytes()).unwrap();
        gz.extend(z.finish().unwrap());
    }
    fs::write(d.join("in.jsonl.gz"), &gz).unwrap();
    let clean = |input: &str, output: &str| {
        copydesk(d)
            .args(["clean", "--jsonl", input, "-o", output, "-q"])
            .assert()
            .code(0);
    };
    clean("in.jsonl", "plain.jsonl");
    let plain = fs::read_to_string(d.join("plain.jsonl")).unwrap();
    assert!(
        !plain.contains("Herald Daily"),
        "learned and removed: {plain}"
    );
    clean("in.jsonl.gz", "from-gz.jsonl");
    assert_eq!(fs::read_to_string(d.join("from-gz.jsonl")).unwrap(), plain);
    clean("in.jsonl", "out.jsonl.gz");
    let mut unzipped = String::new();
    flate2::read::MultiGzDecoder::new(fs::File::open(d.join("out.jsonl.gz")).unwrap())
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    // Standard input too (no learning there, so the tag stays).
    let piped = stdout_of(
        copydesk(d)
            .args(["clean", "--jsonl", "-", "-q"])
            .write_stdin(gz.clone()),
        0,
    );
    assert_eq!(piped.lines().count(), 10);
    assert!(piped.starts_with("{\"id\":0,"), "{piped}");
    // A damaged stream is an error that names the input.
    fs::write(d.join("bad.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    copydesk(d)
        .args(["clean", "--jsonl", "bad.jsonl.gz", "-o", "x.jsonl", "-q"])
        .assert()
        .code(2)
        .stderr(contains("bad.jsonl.gz"));
}

/// A profile is looked up by source; a source it knows nothing of (a folder
/// named otherwise, a stream cleaned without the --source-field it was
/// learned with) gets a warning that says how sources are named, instead of
/// silently keeping all its boilerplate.
#[test]
fn a_source_the_profile_lacks_is_warned_about() {
    let mut jsonl = String::new();
    let mut files = Vec::new();
    for i in 0..10 {
        let text = article(
            &format!("Story {}", "x".repeat(i + 1)),
            "Herald Daily",
            i,
            2,
        );
        jsonl.push_str(&(serde_json::json!({ "site": "herald", "text": text }).to_string() + "\n"));
        files.push((format!("in/herald/a{i}.txt"), text));
    }
    let dir = folder_with(&files);
    let d = dir.path();
    fs::write(d.join("in.jsonl"), &jsonl).unwrap();
    fs::create_dir_all(d.join("elsewhere")).unwrap();
    fs::copy(d.join("in/herald/a0.txt"), d.join("elsewhere/a0.txt")).unwrap();
    copydesk(d)
        .args(["learn", "in", "-o", "p.json", "-q"])
        .assert()
        .code(0);
    let warning = "p.json: the profile knows no source";
    // Files: their folder names the source.
    copydesk(d)
        .args(["check", "--profile", "p.json", "in/herald/a0.txt"])
        .assert()
        .stderr(contains(warning).not());
    copydesk(d)
        .args(["check", "--profile", "p.json", "elsewhere"])
        .assert()
        .stderr(contains(format!("{warning} 'elsewhere' (1 file)")).and(contains("'herald'")));
    // Records: the --source-field does.
    let clean = |extra: &[&str]| {
        copydesk(d)
            .args([
                "clean",
                "--jsonl",
                "in.jsonl",
                "-o",
                "out.jsonl",
                "--profile",
                "p.json",
            ])
            .args(extra)
            .assert()
            .code(0)
    };
    clean(&[])
        .stderr(contains(format!("{warning} '' (10 records)")).and(contains("No --source-field")));
    clean(&["--source-field", "site"]).stderr(contains(warning).not());
    let out = fs::read_to_string(d.join("out.jsonl")).unwrap();
    assert!(!out.contains("Herald Daily"), "{out}");
}

/// Markdown front matter and code, which cleaning leaves alone, are not
/// learned either: `layout: post` in every post is not boilerplate to take
/// into a profile, where a text file of the same source would lose it.
#[test]
fn markdown_front_matter_and_code_are_not_learned() {
    let files: Vec<(String, String)> = (0..10)
        .map(|i| {
            let text = format!(
                "---\nlayout: post\n---\n\n{}\n```\nmake build\n```\n",
                article(&format!("Post {}", "x".repeat(i + 1)), "TT", i, 2)
            );
            (format!("in/blog/p{i}.md"), text)
        })
        .collect();
    let dir = folder_with(&files);
    copydesk(dir.path())
        .args(["learn", "in", "-o", "profile.json", "-q"])
        .assert()
        .code(0);
    let profile = read_json(&dir.path().join("profile.json"));
    let lines = &profile["sources"]["blog"]["lines"];
    assert_eq!(lines, &serde_json::json!({ "tt": 10 }), "{profile}");
}

/// A body too short to tell articles apart (none at all, or a stock line)
/// is not evidence of a copy: such articles are copies only when their
/// headlines are the same too, so a drop never loses a headline. Before, every
/// headline-only article was "the same body" as the first one, and
/// --drop-duplicate-articles emptied their files and dropped their records.
#[test]
fn headline_only_articles_are_copies_only_of_the_same_headline() {
    let files = [
        ("in/a.txt", "Storm closes ferry routes\n"),
        ("in/b.txt", "Council approves school budget\n"),
        ("in/c.txt", "Rail strike halts trains\n\nSee also\n"),
        ("in/d.txt", "Ferry news\n\nSee also\n"),
        ("in/e.txt", "Storm closes ferry routes\n"),
    ];
    let dir = folder_with(&files);
    let d = dir.path();
    copydesk(d)
        .args([
            "clean",
            "in",
            "--out-dir",
            "out",
            "-q",
            "--drop-duplicate-articles",
        ])
        .assert()
        .code(0);
    for (path, text) in &files[..4] {
        let out = fs::read_to_string(d.join(path.replace("in/", "out/"))).unwrap();
        assert_eq!(&out, text, "{path}");
    }
    assert_eq!(fs::read_to_string(d.join("out/e.txt")).unwrap(), "");
    let report = read_json(&d.join("out/copydesk-report.json"));
    assert_eq!(report["summary"]["duplicate_articles"], 1);
    let e = &report["files"][4];
    assert!(e["path"].as_str().unwrap().ends_with("e.txt"), "{e}");
    assert!(
        e["changes"][0]["reason"]
            .as_str()
            .unwrap()
            .ends_with("in/a.txt:1 (the same text)"),
        "{e}"
    );
    // The same in a stream, where a record without text is no copy either.
    let records: String = files
        .iter()
        .map(|(_, text)| *text)
        .chain(["", ""])
        .enumerate()
        .map(|(i, text)| serde_json::json!({ "id": i, "text": text }).to_string() + "\n")
        .collect();
    fs::write(d.join("in.jsonl"), records).unwrap();
    let out = stdout_of(
        copydesk(d).args([
            "clean",
            "--jsonl",
            "in.jsonl",
            "-q",
            "--drop-duplicate-articles",
        ]),
        0,
    );
    let kept: Vec<u64> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(kept, [0, 1, 2, 3, 5, 6]);
}

/// A first copy without an id field is named by its line in the stream
/// (nothing is kept for it); one with an id, by its id, as the record gives
/// it (a number stays a number).
#[test]
fn jsonl_duplicates_name_the_first_copy_by_id_or_by_line() {
    let story = article("Council approves the budget", "", 1, 12);
    // Words of its own, so that it shares no shingle with the story.
    let words: Vec<String> = (0..800).map(|i| format!("w{i}")).collect();
    let other = format!(
        "Storm closes the ferry routes\n\n{}.\n\n{}.\n",
        words[..200].join(" "),
        words[200..400].join(" ")
    );
    let third = format!(
        "Harbour reopens after the storm\n\n{}.\n\n{}.\n",
        words[400..600].join(" "),
        words[600..].join(" ")
    );
    let records = [
        serde_json::json!({ "text": story }),
        serde_json::json!({ "id": "x", "text": other }),
        serde_json::json!({ "text": story }),
        serde_json::json!({ "id": "y", "text": other }),
        serde_json::json!({ "id": 7, "text": third }),
        serde_json::json!({ "id": "z", "text": third }),
    ];
    let input: String = records.iter().map(|r| r.to_string() + "\n").collect();
    let dir = tempfile::tempdir().unwrap();
    let first_of: Vec<Value> = clean_jsonl(dir.path(), &input)
        .iter()
        .map(|r| r["copydesk"]["duplicate_of"]["id"].clone())
        .collect();
    assert_eq!(
        first_of,
        [
            Value::Null,
            Value::Null,
            "line 1".into(),
            "x".into(),
            Value::Null,
            7.into()
        ]
    );
}

/// Standard input cannot be read twice: without a profile nothing is learned
/// from it, and the user is told how to get boilerplate removed.
#[test]
fn jsonl_on_standard_input_without_a_profile_says_to_learn_one() {
    let dir = tempfile::tempdir().unwrap();
    let record = "{\"text\": \"Clean text here.\\n\"}\n";
    copydesk(dir.path())
        .args(["clean", "--jsonl", "-"])
        .write_stdin(record)
        .assert()
        .code(0)
        .stderr(contains("no site boilerplate is learned").and(contains("--profile")));
    copydesk(dir.path())
        .args(["learn", "--jsonl", "-", "-o", "p.json", "-q"])
        .write_stdin(record)
        .assert()
        .code(0);
    for args in [&["-q"][..], &["--profile", "p.json"][..]] {
        copydesk(dir.path())
            .args(["clean", "--jsonl", "-"])
            .args(args)
            .write_stdin(record)
            .assert()
            .code(0)
            .stderr(contains("no site boilerplate").not());
    }
}

/// `--drop-duplicate-articles` deletes a near copy only beyond doubt: an
/// estimate over the threshold by less than its error keeps the article,
/// flagged, with the reason; well over it, the article goes.
#[test]
fn a_near_copy_is_dropped_only_when_the_estimate_clears_the_threshold_by_its_error() {
    let original = article("Council approves the budget", "", 1, 12);
    let near = original.replacen("said that", "reported that", 3);
    let (dir, report) = clean_folder(&[("in/a.txt", &original), ("in/b.txt", &near)]);
    let d = dir.path();
    let estimate: f64 = report
        .split("estimated similarity ")
        .nth(1)
        .and_then(|r| r.get(..4))
        .and_then(|s| s.parse().ok())
        .expect("b.txt is reported as a near copy");
    assert!(estimate < 1.0, "{report}");
    let run = |threshold: f64, out: &str| {
        copydesk(d)
            .args([
                "clean",
                "in",
                "--out-dir",
                out,
                "-q",
                "--drop-duplicate-articles",
            ])
            .args(["--duplicate-threshold", &threshold.to_string()])
            .assert()
            .code(0);
        fs::read_to_string(d.join(out).join("b.txt")).unwrap()
    };
    // Just under the estimate: the copy may be under the threshold.
    let kept = run(estimate - 0.01, "close");
    assert!(kept.contains("Council approves"), "{kept}");
    let close = fs::read_to_string(d.join("close/copydesk-report.json")).unwrap();
    assert!(
        close.contains("kept: the estimate may be off by"),
        "{close}"
    );
    // Far under it: beyond doubt.
    assert_eq!(run(estimate - 0.3, "far"), "");
    let dropped = |out: &str| {
        read_json(&d.join(out).join("copydesk-report.json"))["summary"]
            ["duplicate_articles_dropped"]
            .clone()
    };
    assert_eq!((dropped("close"), dropped("far")), (0.into(), 1.into()));
    // JSONL the same way, with the reason in the record.
    let records: String = [&original, &near]
        .iter()
        .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
        .collect();
    fs::write(d.join("in.jsonl"), &records).unwrap();
    let jsonl = |threshold: f64| {
        stdout_of(
            copydesk(d)
                .args([
                    "clean",
                    "--jsonl",
                    "in.jsonl",
                    "-q",
                    "--drop-duplicate-articles",
                ])
                .args(["--duplicate-threshold", &threshold.to_string()]),
            0,
        )
    };
    let close = jsonl(estimate - 0.01);
    assert_eq!(close.lines().count(), 2, "{close}");
    assert!(
        close.contains("\"kept\":\"the estimate may be off by"),
        "{close}"
    );
    assert_eq!(jsonl(estimate - 0.3).lines().count(), 1);
}

/// The closing line counts in words a person reads: "1 file", "2 files".
#[test]
fn the_closing_summary_counts_in_singular_and_plural() {
    let text = "Headline here now\n\nBody text of the article goes here.\n";
    let dir = folder_with(&[("in/a.txt", text)]);
    for (name, counts, duplicates) in [
        (
            "a.txt",
            "cleaned 1 file (1 article, ",
            ", 0 duplicate articles, ",
        ),
        (
            "b.txt",
            "cleaned 2 files (2 articles, ",
            ", 1 duplicate article, ",
        ),
    ] {
        fs::write(dir.path().join("in").join(name), text).unwrap();
        copydesk(dir.path())
            .args(["clean", "in", "--out-dir", "out"])
            .assert()
            .success()
            .stderr(contains(counts))
            .stderr(contains(duplicates));
    }
    copydesk(dir.path())
        .args(["clean", "--jsonl", "-", "-o", "-"])
        .write_stdin(format!("{}\n", serde_json::json!({ "text": text })))
        .assert()
        .success()
        .stderr(contains("copydesk: 1 record (0 changed, 0 duplicates, "));
    copydesk(dir.path())
        .args(["learn", "in", "-o", "profile.json"])
        .assert()
        .success()
        .stderr(contains("learned 0 boilerplate lines over 1 source;"));
}

/// A symbolic link in a corpus folder is listed among the run's skipped
/// files, in the report and the closing summary, unless --follow reads it.
#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_corpus_is_skipped_in_the_report_or_followed() {
    let text = article("Harbour ferry terminal delayed", "TT", 1, 3);
    let dir = folder_with(&[("in/a.txt", text.as_str()), ("kept/b.txt", text.as_str())]);
    let d = dir.path();
    std::os::unix::fs::symlink("../kept/b.txt", d.join("in/b.txt")).unwrap();
    copydesk(d)
        .args(["clean", "in", "--out-dir", "out"])
        .assert()
        .success()
        .stderr(contains(
            "note: in/b.txt: skipped, symbolic link (pass --follow",
        ))
        .stderr(contains(", 1 skipped, 0 failed"));
    let report = read_json(&d.join("out/copydesk-report.json"));
    assert_eq!(
        report["summary"]["skipped"],
        serde_json::json!([
            "in/b.txt: skipped, symbolic link (pass --follow to read through links)"
        ])
    );
    assert!(!d.join("out/b.txt").exists());
    copydesk(d)
        .args(["clean", "in", "--out-dir", "followed", "--follow", "-q"])
        .assert()
        .success();
    let report = read_json(&d.join("followed/copydesk-report.json"));
    assert_eq!(report["summary"]["skipped"], serde_json::json!([]));
    assert_eq!(
        fs::read_to_string(d.join("followed/b.txt")).unwrap(),
        fs::read_to_string(d.join("out/a.txt")).unwrap()
    );
}

/// Options that only mean something for a JSONL stream are refused without
/// `--jsonl` rather than silently ignored.
#[test]
fn jsonl_options_without_jsonl_are_refused() {
    let dir = folder_with(&[("a.txt", "Headline here now\n\nBody text.\n")]);
    refused_on_one_file(
        dir.path(),
        &[
            &["--annotate"],
            &["--drop-invalid"],
            &["--text-field", "body"],
            &["--id-field", "url"],
            &["--source-field", "site"],
        ],
        "--jsonl",
    );
}

/// `clean a.txt -o out.txt OPTION...` in `dir` is a usage error naming the
/// option and saying `says`, for each of `options`; nothing is written.
fn refused_on_one_file(dir: &Path, options: &[&[&str]], says: &str) {
    for option in options {
        copydesk(dir)
            .args(["clean", "a.txt", "-o", "out.txt"])
            .args(*option)
            .assert()
            .code(2)
            .stderr(contains(option[0]))
            .stderr(contains(says));
    }
    assert!(!dir.join("out.txt").exists());
}

/// One file cleaned to standard output finds no duplicate articles and
/// learns no boilerplate: those options are refused there, with the way to
/// get them (`--out-dir`, which takes a single file too).
#[test]
fn run_options_on_one_file_are_refused_and_out_dir_does_what_they_ask() {
    let body = "The council approved the budget on Monday after a long debate about roads and schools in the city.";
    let text = format!("First headline here\n\n{body}\n\n\nSecond headline here\n\n{body}\n");
    let dir = folder_with(&[("a.txt", &text)]);
    refused_on_one_file(
        dir.path(),
        &[
            &["--drop-duplicate-articles"],
            &["--duplicate-threshold", "0.9"],
            &["--boilerplate-min-articles", "5"],
            &["--boilerplate-min-share", "0.1"],
        ],
        "--out-dir OUT (a single file works too)",
    );
    copydesk(dir.path())
        .args([
            "clean",
            "a.txt",
            "--out-dir",
            "out",
            "--drop-duplicate-articles",
            "-q",
        ])
        .assert()
        .success();
    let cleaned = fs::read_to_string(dir.path().join("out/a.txt")).unwrap();
    assert_eq!(cleaned.matches(body).count(), 1, "{cleaned}");
}

/// `--run-report lean` lists the lines removed and flagged and counts the
/// rewrites per rule; the cleaned files are the same as with the full
/// report, and both follow the schema.
#[test]
fn a_lean_run_report_counts_rewrites_and_lists_removals() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("news");
    fs::create_dir_all(&src).unwrap();
    fs::write(
        src.join("a.txt"),
        "Harbour plan approved\n\nTT\n\nHarbour plan approved\n\nThe council  approved the plan on Tuesday, by a wide margin, after a long debate.\n",
    )
    .unwrap();
    let run = |form: &str, out: &str| -> Value {
        Command::cargo_bin("copydesk")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "clean",
                "news",
                "--out-dir",
                out,
                "-q",
                "--run-report",
                form,
            ])
            .assert()
            .success();
        serde_json::from_str(
            &fs::read_to_string(dir.path().join(out).join("copydesk-report.json")).unwrap(),
        )
        .unwrap()
    };
    let full = run("full", "full");
    let lean = run("lean", "lean");
    assert_eq!(
        fs::read(dir.path().join("full/a.txt")).unwrap(),
        fs::read(dir.path().join("lean/a.txt")).unwrap()
    );
    let actions = |v: &Value| -> Vec<String> {
        v["files"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["action"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(actions(&full).iter().any(|a| a == "changed"));
    assert!(actions(&lean).iter().all(|a| a != "changed"));
    assert_eq!(
        actions(&full).iter().filter(|a| *a == "removed").count(),
        actions(&lean).len()
    );
    assert_eq!(lean["files"][0]["rewrites_left_out"]["whitespace"], 1);
    assert!(full["files"][0].get("rewrites_left_out").is_none());
    assert_eq!(full["summary"], lean["summary"]);
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("report.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&lean));
    assert!(validator.is_valid(&full));
}
