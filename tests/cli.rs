//! The real binary: exit codes, files and standard streams, report formats,
//! bad input.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn copydesk() -> Command {
    let mut cmd = Command::cargo_bin("copydesk").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

const SEED: &str = "fixtures/000_a5cf3d5e05a89805.txt";
const SEED_CLEAN: &str = "fixtures/000_a5cf3d5e05a89805.clean.txt";

/// `copydesk clean SEED -o out`.
fn clean_seed_cmd(out: &Path) -> Command {
    let mut cmd = copydesk();
    cmd.args(["clean", SEED, "-o"]).arg(out);
    cmd
}

/// `copydesk clean SEED -o out`, which must succeed.
fn clean_seed_into(out: &Path) {
    clean_seed_cmd(out).assert().success();
}

/// The seed's expected clean text.
fn seed_clean() -> String {
    fs::read_to_string(SEED_CLEAN).unwrap()
}

/// A named pipe in `dir`, and a thread reading all that is written to it.
fn fifo_with_reader(dir: &Path) -> (std::path::PathBuf, std::thread::JoinHandle<String>) {
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let path = fifo.clone();
    (
        fifo,
        std::thread::spawn(move || fs::read_to_string(path).unwrap()),
    )
}

/// Is `path` still a named pipe (not replaced by a file)?
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::symlink_metadata(path).unwrap().file_type().is_fifo()
}

#[test]
fn clean_seed_writes_expected_output_and_leaves_input_alone() {
    let dir = tempfile::tempdir().unwrap();
    let before = fs::read(SEED).unwrap();
    let out = dir.path().join("out.txt");
    let report = dir.path().join("report.json");
    copydesk()
        .args(["clean", SEED, "-o"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        fs::read_to_string(SEED_CLEAN).unwrap()
    );
    assert_eq!(fs::read(SEED).unwrap(), before, "the input must not change");

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let changes = json["files"][0]["changes"].as_array().unwrap();
    let lines = |rule: &str| -> Vec<u64> {
        changes
            .iter()
            .filter(|c| c["rule"] == rule)
            .map(|c| c["line"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(lines("repeated-caption"), [4, 9, 10, 47, 52, 53]);
    assert_eq!(lines("repeated-headline"), [7, 50]);
    assert_eq!(lines("site-tag"), [5, 48]);
    assert_eq!(json["files"][0]["articles"], 2);
    assert_eq!(json["summary"]["site-tag"], 2);
}

#[test]
fn text_report_is_an_annotated_diff_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    copydesk()
        .args(["clean", SEED, "--report"])
        .arg(&report)
        .assert()
        .success();
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("-TT\n# line 5 site-tag: "), "{text}");
    assert!(
        text.contains("# line 7 repeated-headline: repeats the headline on line 1"),
        "{text}"
    );
    assert!(text.contains("@@ -"), "{text}");
    assert!(text.contains("Summary:\n"), "{text}");
    assert!(text.contains("repeated-caption     6"), "{text}");
}

#[test]
fn text_report_names_every_change_on_a_line_in_order() {
    // One line with two repairs: both reasons follow its `-` line, in the
    // order the rules ran, before its `+` line.
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    copydesk()
        .args(["clean", "-", "-o", "-", "--report"])
        .arg(&report)
        .write_stdin(
            "Market opens in the old town\n\nThe caf\u{c3}\u{a9} on the square\u{a0}reopened \
             on Monday after a long winter break, its owner said.\n",
        )
        .assert()
        .success();
    let text = fs::read_to_string(&report).unwrap();
    let at = text.find("\n-The caf").expect("the line is in the diff");
    let notes: Vec<&str> = text[at + 1..].lines().skip(1).take(3).collect();
    assert!(notes[0].starts_with("# line 3 mojibake: "), "{text}");
    assert!(notes[1].starts_with("# line 3 whitespace: "), "{text}");
    assert!(
        notes[2].starts_with("+The caf\u{e9} on the square reopened"),
        "{text}"
    );
}

#[test]
fn stdin_to_stdout() {
    copydesk()
        .args(["clean", "-"])
        .write_stdin("Title here now\r\n\r\nTitle here now\r\n\r\nBody text that is long enough to be a paragraph of the article.\r\n")
        .assert()
        .success()
        .stdout("Title here now\n\nBody text that is long enough to be a paragraph of the article.\n");
}

#[test]
fn output_dash_means_stdout() {
    copydesk()
        .args(["clean", "-", "-o", "-"])
        .write_stdin("a b c\n")
        .assert()
        .success()
        .stdout("a b c\n");
}

/// `-` names standard output for every output, as for `-o`: the report, a
/// learned profile. Nothing is written to a file named `-`, and two outputs
/// that would share standard output (or a folder of them) are refused.
#[test]
fn a_dash_report_or_profile_goes_to_stdout_and_never_to_a_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text =
        "Title here now\n\nTitle here now\n\nBody text that is long enough to be a paragraph.\n";
    fs::write(d.join("a.txt"), text).unwrap();
    let run = |args: &[&str]| copydesk().current_dir(d).args(args).assert();
    run(&["clean", "a.txt", "-o", "out.txt", "--report", "-"])
        .success()
        .stdout(predicates::str::contains(
            "# line 3 repeated-headline: repeats the headline on line 1",
        ));
    assert_eq!(
        fs::read_to_string(d.join("out.txt")).unwrap(),
        "Title here now\n\nBody text that is long enough to be a paragraph.\n"
    );
    run(&["clean", "a.txt", "--report", "-"])
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "--report - and the cleaned text would both go to standard output",
        ));
    run(&["learn", "a.txt", "-o", "-", "-q"])
        .success()
        .stdout(predicates::str::contains("\"version\": 1"));
    run(&["clean", "a.txt", "--out-dir", "-"])
        .code(2)
        .stderr(predicates::str::contains("--out-dir takes a folder"));
    assert!(!d.join("-").exists());
}

/// A compressed article (a crawl's `.txt.gz`) is named as such, with what
/// to do, instead of "binary" (or, with no NUL in its header, cleaned as
/// Windows-1252 text); a folder walk skips it with a note like any binary.
#[test]
fn a_compressed_file_is_named_as_such_and_skipped_in_a_walk() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(b"Title here now\n\nTitle here now\n").unwrap();
    fs::write(d.join("day.txt"), z.finish().unwrap()).unwrap();
    copydesk()
        .current_dir(d)
        .args(["clean", "day.txt", "-o", "out.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "day.txt: holds gzip-compressed data, not text; decompress it first",
        ));
    assert!(!d.join("out.txt").exists());
    copydesk()
        .current_dir(d)
        .args(["check", "."])
        .assert()
        .code(0)
        .stderr(predicates::str::contains("day.txt: skipped, binary file"));
}

#[test]
fn binary_input_is_refused_with_exit_2_and_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    copydesk()
        .args(["clean", "fixtures/normalize/binary.in", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "fixtures/normalize/binary.in: looks like a binary file",
        ));
    assert!(!out.exists());
}

#[test]
fn missing_input_names_the_file() {
    copydesk()
        .args(["clean", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no/such/file.txt: cannot read the file",
        ));
}

#[test]
fn unknown_encoding_label_is_an_error() {
    copydesk()
        .args(["clean", SEED, "--encoding", "klingon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown encoding label 'klingon'",
        ));
}

#[test]
fn forced_encoding_is_used_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    // "Libya’s" in Windows-1256 would decode differently; force windows-1252.
    fs::write(&input, b"Caf\xe9 owners fear the worst\n").unwrap();
    let report = dir.path().join("r.json");
    copydesk()
        .arg("clean")
        .arg(&input)
        .args(["--encoding", "windows-1252", "--report"])
        .arg(&report)
        .assert()
        .success()
        .stdout("Café owners fear the worst\n");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["files"][0]["encoding"], "windows-1252");
    assert_eq!(json["files"][0]["encoding_source"], "forced");
}

#[test]
fn unwritable_output_is_an_error_and_input_survives() {
    let before = fs::read(SEED).unwrap();
    copydesk()
        .args(["clean", SEED, "-o", "/no/such/dir/out.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "/no/such/dir/out.txt: cannot write the cleaned text; check that its folder exists",
        ))
        // The temporary file it would have been written to is no business
        // of the user's.
        .stderr(predicates::prelude::PredicateBooleanExt::not(
            predicates::str::contains(".tmp"),
        ));
    assert_eq!(fs::read(SEED).unwrap(), before);
}

#[test]
fn output_to_a_pipe_writes_into_it_and_leaves_it_a_pipe() {
    // As `-o /dev/null` or `-o /dev/stdout` would: the special file must not
    // be replaced by a regular one.
    let dir = tempfile::tempdir().unwrap();
    let (fifo, reader) = fifo_with_reader(dir.path());
    clean_seed_into(&fifo);
    // Checked first: were the pipe replaced, the reader would wait forever.
    assert!(is_fifo(&fifo));
    assert_eq!(reader.join().unwrap(), seed_clean());
}

#[test]
fn output_to_standard_output_by_its_path_writes_into_it() {
    // `-o /dev/stdout` leads to `/proc/self/fd/1`: into a pipe here...
    copydesk()
        .args(["clean", SEED, "-o", "/proc/self/fd/1"])
        .assert()
        .success()
        .stdout(seed_clean());
    // ... and into the very file a shell redirected standard output to, not
    // a new file renamed over its name.
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let redirected = dir.path().join("out.txt");
    let file = fs::File::create(&redirected).unwrap();
    let inode = file.metadata().unwrap().ino();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
        .args(["clean", SEED, "-o", "/proc/self/fd/1"])
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::metadata(&redirected).unwrap().ino(), inode);
    assert_eq!(fs::read_to_string(&redirected).unwrap(), seed_clean());
}

#[test]
fn a_new_output_file_in_a_folder_under_dev_is_created() {
    // /dev/shm is an ordinary folder (tmpfs) on Linux: only devices and
    // links through /proc are written in place.
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return;
    }
    let dir = tempfile::tempdir_in(shm).unwrap();
    let out = dir.path().join("new.txt");
    clean_seed_into(&out);
    assert_eq!(fs::read_to_string(&out).unwrap(), seed_clean());
}

#[test]
fn jsonl_output_to_a_pipe_leaves_it_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        "{\"id\":1,\"text\":\"Title\\n\\nTitle\\n\\nBody text.\\n\"}\n",
    )
    .unwrap();
    let (fifo, reader) = fifo_with_reader(dir.path());
    copydesk()
        .args(["clean", "--jsonl", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&fifo)
        .assert()
        .success();
    assert!(is_fifo(&fifo));
    let out = reader.join().unwrap();
    assert!(out.starts_with("{\"id\":1,\"text\":"), "{out}");
    assert!(
        out.trim_end().ends_with("\"copydesk\":{\"changes\":{}}}"),
        "{out}"
    );
}

#[test]
fn output_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    clean_seed_into(&link);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), seed_clean());
}

/// An output file that exists already: `out.txt` in `dir`, holding "old",
/// with permissions `mode`.
fn existing_output(dir: &Path, mode: u32) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let out = dir.join("out.txt");
    fs::write(&out, "old").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(mode)).unwrap();
    out
}

#[test]
fn output_file_is_replaced_atomically_keeping_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = existing_output(dir.path(), 0o640);
    clean_seed_into(&out);
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        fs::read_to_string(SEED_CLEAN).unwrap()
    );
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file may be left behind");
}

#[test]
fn new_output_files_get_the_mode_any_new_file_gets() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // What this process's umask makes of a new file.
    let probe = dir.path().join("probe");
    fs::write(&probe, "").unwrap();
    let usual = mode(&probe);
    let (out, report) = (dir.path().join("out.txt"), dir.path().join("r.json"));
    clean_seed_cmd(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    assert_eq!(
        mode(&out),
        usual,
        "not the owner-only mode of a temporary file"
    );
    assert_eq!(mode(&report), usual);
}

#[test]
fn a_read_only_output_file_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = existing_output(dir.path(), 0o444);
    clean_seed_cmd(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the cleaned text not written"))
        .stderr(predicates::str::contains("read-only"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "old");
}

#[test]
fn help_teaches_with_an_example() {
    copydesk()
        .args(["clean", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Examples:"))
        .stdout(predicates::str::contains("--report <REPORT>"))
        .stdout(predicates::str::contains("Exit status"));
}

#[test]
fn directory_as_input_is_an_error() {
    assert!(Path::new("fixtures").is_dir());
    copydesk()
        .args(["clean", "fixtures"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a directory"));
}

/// `completions` prints a script for each shell, made from the command line's
/// definition: every subcommand and a recent option are in it, and bash
/// parses the bash one (when bash is there to ask).
#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = copydesk().args(["completions", shell]).assert().success();
        let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        // (Options without their dashes: fish writes `-l follow`.)
        for word in [
            "clean",
            "check",
            "fix",
            "learn",
            "rules",
            "follow",
            "statistics",
        ] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
        if shell == "bash"
            && std::process::Command::new("bash")
                .arg("--version")
                .output()
                .is_ok()
        {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("copydesk.bash");
            fs::write(&path, &script).unwrap();
            let parsed = std::process::Command::new("bash")
                .arg("-n")
                .arg(&path)
                .status()
                .unwrap();
            assert!(parsed.success(), "bash cannot parse the script");
        }
    }
    copydesk()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values"));
}

/// With `line-ending` off the output keeps each line's own terminator, and
/// both reports still line up with it (the text report once panicked on a
/// lone CR); `check` reports no blank-lines finding with that rule off.
#[test]
fn layout_rules_switched_off_leave_their_part_alone_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(
        &input,
        "Ferry routes reopen\r\n\r\nTT\r\n\r\nFerry routes reopen\r\n\r\n\r\nThe first ferry left at six.\rIt was full.\r\n",
    )
    .unwrap();
    for report in ["r.txt", "r.json"] {
        let out = dir.path().join("out.txt");
        copydesk()
            .arg("clean")
            .arg(&input)
            .args(["--ignore", "line-ending", "-o"])
            .arg(&out)
            .arg("--report")
            .arg(dir.path().join(report))
            .assert()
            .success();
        assert_eq!(
            fs::read_to_string(&out).unwrap(),
            "Ferry routes reopen\r\n\r\nThe first ferry left at six.\rIt was full.\r\n"
        );
    }
    let text = fs::read_to_string(dir.path().join("r.txt")).unwrap();
    assert!(text.contains("# line 5 repeated-headline"), "{text}");
    assert!(!text.contains("line-ending"), "{text}");
    copydesk()
        .arg("check")
        .arg(&input)
        .args(["--ignore", "blank-lines", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(predicates::prelude::PredicateBooleanExt::not(
            predicates::str::contains("blank-lines"),
        ));
}
