//! Nothing lost: no command writes over its input or over another of its
//! outputs, a report never outlives a text that failed to land, and a run
//! stopped by a signal leaves no temporary file.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn copydesk() -> Command {
    Command::cargo_bin("copydesk").unwrap()
}

const ARTICLE: &str = "Storm closes the harbour\n\nStorm closes the harbour\n\nThe harbour \
                       closed at noon as winds rose.\n";

/// A folder holding `a.txt` (an article with a doubled headline).
fn article_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    fs::write(&a, ARTICLE).unwrap();
    (dir, a)
}

/// Run `cmd`, which must be refused (exit 2) with a message holding
/// `says`; give the message.
fn refused(cmd: &mut Command, says: &str) -> String {
    let out = cmd.assert().code(2).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(says), "{err}");
    err
}

/// The binary as a plain command, for standard streams that are files.
fn std_copydesk() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
}

/// [`refused`] for a plain command.
fn refused_std(cmd: &mut std::process::Command, says: &str) {
    let out = cmd.stderr(std::process::Stdio::piped()).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(says), "{err}");
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn clean_never_writes_the_report_or_the_text_over_its_input() {
    let (dir, a) = article_dir();
    let out = dir.path().join("out.txt");
    // The report named as the input, directly, with ./ steps, and through
    // a symbolic link and a hard link.
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&a, &link).unwrap();
    let hard = dir.path().join("hard.txt");
    fs::hard_link(&a, &hard).unwrap();
    let dotted = dir.path().join(".").join("a.txt");
    for report in [&a, &dotted, &link, &hard] {
        refused(
            copydesk()
                .args(["clean"])
                .arg(&a)
                .arg("-o")
                .arg(&out)
                .arg("--report")
                .arg(report),
            "is the input",
        );
        // The text named as the input.
        refused(
            copydesk().args(["clean"]).arg(&a).arg("-o").arg(report),
            "never writes over its input",
        );
    }
    assert_eq!(fs::read_to_string(&a).unwrap(), ARTICLE);
    assert!(!out.exists(), "nothing is written when a run is refused");
    // Standard input redirected from the file is the input too.
    refused_std(
        std_copydesk()
            .args(["clean", "-", "-o"])
            .arg(&a)
            .stdin(fs::File::open(&a).unwrap()),
        "(<stdin>, the same file by another name)",
    );
    assert_eq!(fs::read_to_string(&a).unwrap(), ARTICLE);
}

#[test]
fn the_text_and_the_report_cannot_share_a_file() {
    let (dir, a) = article_dir();
    let both = dir.path().join("out.txt");
    refused(
        copydesk()
            .arg("clean")
            .arg(&a)
            .arg("-o")
            .arg(&both)
            .arg("--report")
            .arg(dir.path().join(".").join("out.txt")),
        "named for both the cleaned text (-o) and the report (--report)",
    );
    assert!(!both.exists());
}

#[test]
fn a_stream_and_a_profile_are_never_written_over_their_input() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.jsonl");
    let records = "{\"id\":1,\"text\":\"A\\n\\nA\\n\\nBody of the piece.\"}\n";
    fs::write(&x, records).unwrap();
    refused(
        copydesk()
            .args(["clean", "--jsonl"])
            .arg(&x)
            .arg("-o")
            .arg(&x),
        "never writes over its input",
    );
    refused(
        copydesk()
            .args(["learn", "--jsonl"])
            .arg(&x)
            .arg("-o")
            .arg(&x),
        "never writes over its input",
    );
    assert_eq!(fs::read_to_string(&x).unwrap(), records);
    // learn over a file, and over a folder that holds the output.
    let (adir, a) = article_dir();
    refused(
        copydesk().arg("learn").arg(&a).arg("-o").arg(&a),
        "never writes over its input",
    );
    refused(
        copydesk().arg("learn").arg(adir.path()).arg("-o").arg(&a),
        "never writes over its input",
    );
    assert_eq!(fs::read_to_string(&a).unwrap(), ARTICLE);
    // A new profile beside the articles is fine.
    copydesk()
        .arg("learn")
        .arg(adir.path())
        .arg("-o")
        .arg(adir.path().join("profile.json"))
        .assert()
        .success();
}

#[test]
fn no_report_is_written_when_the_text_is_not() {
    let (dir, a) = article_dir();
    let report = dir.path().join("r.json");
    let err = refused(
        copydesk()
            .arg("clean")
            .arg(&a)
            .arg("-o")
            .arg(dir.path().join("missing").join("out.txt"))
            .arg("--report")
            .arg(&report),
        "cannot write the cleaned text",
    );
    assert!(err.contains("missing/out.txt"), "{err}");
    assert!(!report.exists(), "the report of a text that did not land");
    assert_eq!(names(dir.path()), ["a.txt"]);
}

#[test]
fn an_output_that_is_a_folder_is_named_as_one() {
    let (dir, a) = article_dir();
    refused(
        copydesk().arg("clean").arg(&a).arg("-o").arg(dir.path()),
        "it is a folder; name a file, or pass --out-dir",
    );
}

#[test]
fn a_full_disk_on_standard_output_is_named_with_what_to_do() {
    let (_dir, a) = article_dir();
    refused_std(
        std_copydesk().arg("clean").arg(&a).stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        ),
        "<stdout>: cannot write the cleaned text to standard output; the disk behind it is full",
    );
}

/// Start a JSONL clean of standard input into `dir/out.jsonl`, wait until
/// its temporary file exists, send `signal`, and give how it ended.
fn interrupted_stream(dir: &Path, signal: &str) -> std::process::ExitStatus {
    use std::io::Write;
    let mut child = std_copydesk()
        .args(["clean", "--jsonl", "-", "-q", "-o"])
        .arg(dir.join("out.jsonl"))
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\":1,\"text\":\"A headline\\n\\nA body.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let started = std::time::Instant::now();
    while !names(dir)
        .iter()
        .any(|n| n.starts_with(".copydesk-out.jsonl.tmp"))
    {
        assert!(
            started.elapsed().as_secs() < 30,
            "no temporary file appeared: {:?}",
            names(dir)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The handler is installed before any output is opened.
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    drop(stdin);
    status
}

#[test]
fn a_run_stopped_by_sigint_sigterm_or_sighup_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number) in [("-TERM", 15), ("-INT", 2), ("-HUP", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let status = interrupted_stream(dir.path(), signal);
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        assert!(
            names(dir.path()).is_empty(),
            "{signal}: {:?}",
            names(dir.path())
        );
    }
}

#[test]
fn a_check_that_could_not_read_a_path_never_reads_as_a_clean_run() {
    let (dir, _a) = article_dir();
    let missing = dir.path().join("nosuch.txt");
    let run = |format: &str| -> String {
        let out = copydesk()
            .args(["check", "--output-format", format])
            .arg(&missing)
            .assert()
            .code(2)
            .get_output()
            .clone();
        String::from_utf8(out.stdout).unwrap()
    };
    let full = run("full");
    assert!(!full.contains("No findings"), "{full}");
    assert!(full.contains("1 path could not be checked"), "{full}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(json["errors"][0].as_str().unwrap().contains("nosuch.txt"));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "error"
    );
    let junit = run("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    assert!(
        doc.descendants().any(|n| n.has_tag_name("error")),
        "{junit}"
    );
    assert!(!junit.contains("no findings"), "{junit}");
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab[0]["severity"], "blocker");
    assert!(run("github").starts_with("::error "));
    // A clean run says it succeeded.
    let sarif: serde_json::Value = serde_json::from_slice(
        &copydesk()
            .args(["check", "--output-format", "sarif", "--select", "bom"])
            .arg(dir.path())
            .assert()
            .code(0)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn fix_that_failed_gives_no_success_summary() {
    let (dir, _a) = article_dir();
    let err = refused(
        copydesk().arg("fix").arg(dir.path().join("nosuch.txt")),
        "fixed 0 of 0 files; 1 could not be fixed",
    );
    assert!(err.contains("nosuch.txt: no such file"), "{err}");
}

#[test]
fn a_named_pipe_is_read_when_named_and_skipped_with_a_note_in_a_walk() {
    let (dir, _a) = article_dir();
    let walked = dir.path().join("walk");
    fs::create_dir(&walked).unwrap();
    let fifo = walked.join("p.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Named: read (a writer feeds it).
    let path = fifo.clone();
    let writer = std::thread::spawn(move || fs::write(path, ARTICLE).unwrap());
    let out = copydesk()
        .args(["check", "--output-format", "concise"])
        .arg(&fifo)
        .assert()
        .code(1)
        .get_output()
        .clone();
    writer.join().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("repeated-headline")
    );
    // Walked: skipped with a note, and the empty walk said so.
    let out = copydesk()
        .arg("check")
        .arg(&walked)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("p.txt: skipped, not a regular file"), "{err}");
    assert!(err.contains("warning: no files found under"), "{err}");
}

#[test]
fn a_folder_with_no_files_to_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.csv"), "a,b\n").unwrap();
    for cmd in ["check", "fix"] {
        let out = copydesk()
            .arg(cmd)
            .arg(dir.path())
            .assert()
            .code(0)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("no files found under") && err.contains("--include"),
            "{err}"
        );
    }
}

#[test]
fn a_wrong_rule_name_is_one_error_before_any_file() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        fs::write(dir.path().join(format!("{i}.txt")), ARTICLE).unwrap();
    }
    let err = refused(
        copydesk()
            .args(["check", "--select", "repeated-headlines"])
            .arg(dir.path()),
        "did you mean `repeated-headline`?",
    );
    assert_eq!(err.matches("unknown rule").count(), 1, "{err}");
}

#[test]
fn a_configuration_file_that_is_a_folder_is_an_error() {
    let (dir, a) = article_dir();
    fs::create_dir(dir.path().join("copydesk.toml")).unwrap();
    refused(
        copydesk().arg("check").arg(&a),
        "copydesk.toml: is a folder, not a configuration file",
    );
}

#[test]
fn a_run_stopped_by_an_error_closes_a_machine_document_with_it() {
    let (dir, a) = article_dir();
    let out = copydesk()
        .args(["check", "--output-format", "sarif", "--profile"])
        .arg(dir.path().join("nosuch.json"))
        .arg(&a)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let text = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.contains("nosuch.json: cannot read the profile"),
        "{text}"
    );
}

#[test]
fn a_gzip_stream_cut_short_is_named_with_what_to_do_and_writes_nothing() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 0..3000 {
        writeln!(
            z,
            "{{\"id\":{i},\"text\":\"Headline {i}\\n\\nA body of record {i} with {} words.\"}}",
            i * 7919 % 104729
        )
        .unwrap();
    }
    let whole = z.finish().unwrap();
    let cut = dir.path().join("cut.jsonl.gz");
    fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let out = dir.path().join("out.jsonl");
    refused(
        copydesk()
            .args(["clean", "--jsonl"])
            .arg(&cut)
            .arg("-o")
            .arg(&out),
        "cut.jsonl.gz: cannot read the stream; the compressed stream ends early or is damaged",
    );
    assert_eq!(names(dir.path()), ["cut.jsonl.gz"]);
}

#[test]
fn a_file_name_that_is_not_utf8_maps_back_from_the_run_report() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(input.join(name), ARTICLE).unwrap();
    copydesk()
        .args(["clean", "-q", "--out-dir"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .assert()
        .success();
    assert!(dir.path().join("out").join(name).exists());
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/copydesk-report.json")).unwrap())
            .unwrap();
    let file = &report["files"][0];
    assert!(file["path"].as_str().unwrap().ends_with("caf\u{fffd}.txt"));
    // "in/caf\xe9.txt" after the folder's path, in base64.
    let raw = file["path_base64"].as_str().unwrap();
    let expected = copydesk::report::base64(input.join(name).as_os_str().as_bytes());
    assert_eq!(raw, expected);
}

#[test]
fn jsonl_keeps_every_byte_outside_the_text_value() {
    let dir = tempfile::tempdir().unwrap();
    // Unchanged records: spacing, a duplicate key, escapes, CR LF.
    let unchanged = [
        "{ \"id\" : 7, \"id\" : 8 , \"text\" : \"Caf\\u00e9 owners meet on Monday.\\n\" }\r\n",
        "{\"text\":\"Plain \\\"quoted\\\" text stays.\\n\",\"n\":1.0e2}\n",
    ];
    // A changed record: only its text value differs.
    let changed = "{\"id\":  \"x\", \"text\": \"Title here now\\n\\nTitle here now\\n\\nBody of it.\\n\", \"z\" : [ 1 ]}\n";
    let malformed = "{not json}\r\n";
    let input = format!("{}{}{changed}{malformed}", unchanged[0], unchanged[1]);
    let path = dir.path().join("in.jsonl");
    fs::write(&path, &input).unwrap();
    let out = copydesk()
        .args(["clean", "-q", "--jsonl"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 4);
    let meta = ",\"copydesk\":{\"changes\":{}}";
    for (line, input) in lines.iter().zip(unchanged) {
        // The input with the copydesk field before its closing brace.
        let close = input.rfind('}').unwrap();
        assert_eq!(
            *line,
            format!("{}{meta}{}", &input[..close], &input[close..])
        );
    }
    assert!(
        lines[2].starts_with(
            "{\"id\":  \"x\", \"text\": \"Title here now\\n\\nBody of it.\\n\", \"z\" : [ 1 ],\"copydesk\":"
        ),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], malformed);
}
