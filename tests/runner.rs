//! One runner for every source and sink: over a small generated corpus
//! (`examples/gen_corpus.rs`), every pair of a source (one file, standard
//! input, a folder, a JSONL file, JSONL on standard input, gzip JSONL) and a
//! sink (standard output, a file, a mirrored folder with its run report, a
//! JSONL stream, a profile, findings, files fixed in place) gives
//!
//! - the same bytes with one thread and with two, and
//! - the bytes pinned in `tests/snapshots/runner.txt` (a digest per output),
//!   so that a change of the runner cannot change an output unnoticed.
//!   `COPYDESK_BLESS=1 cargo test --test runner` writes the digests again
//!   after a change made on purpose (review the cleaned text it comes from).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

fn copydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

/// FNV-1a, 64 bits: a stable digest of an output's bytes.
fn digest(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Every file under `dir`, by relative path, with its digest, in order.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, digest(&fs::read(&p).unwrap())));
            }
        }
    }
    out.sort();
    out
}

/// Run `args` (in `dir`, standard input from `stdin` when given) and give
/// its standard output; the exit status must be `code`.
fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>, code: i32) -> Vec<u8> {
    let mut cmd = copydesk();
    cmd.current_dir(dir)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || pipe.write_all(&bytes));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "copydesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The corpus: a folder of site folders and the same articles as JSONL.
fn corpus(dir: &Path) {
    gen_corpus::write(&dir.join("news"), 7, 60_000, 3, false);
    gen_corpus::write(&dir.join("news.jsonl"), 7, 60_000, 3, true);
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&fs::read(dir.join("news.jsonl")).unwrap())
        .unwrap();
    fs::write(dir.join("news.jsonl.gz"), z.finish().unwrap()).unwrap();
}

/// Every source and sink pair's outputs with `threads` threads, as lines of
/// `pair  output  digest`.
fn outputs(threads: &str) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus(d);
    let one = "news/site-0/news-00000.txt";
    let one_bytes = fs::read(d.join(one)).unwrap();
    let j = ["-j", threads];
    let mut rows: Vec<String> = Vec::new();
    let row = |rows: &mut Vec<String>, pair: &str, what: &str, bytes: &[u8]| {
        rows.push(format!("{pair}  {what}  {}", digest(bytes)));
    };

    // One file or standard input.
    let out = run(d, &["clean", one, "-o", "-"], None, 0);
    row(&mut rows, "file > stdout", "text", &out);
    run(
        d,
        &["clean", one, "-o", "a.txt", "--report", "a.json"],
        None,
        0,
    );
    row(
        &mut rows,
        "file > file",
        "text",
        &fs::read(d.join("a.txt")).unwrap(),
    );
    row(
        &mut rows,
        "file > file",
        "report",
        &fs::read(d.join("a.json")).unwrap(),
    );
    let out = run(d, &["clean", "-", "-o", "-"], Some(&one_bytes), 0);
    row(&mut rows, "stdin > stdout", "text", &out);

    // A folder into a mirrored folder, learning boilerplate first.
    run(
        d,
        &["clean", "news", "--out-dir", "out", "-q", j[0], j[1]],
        None,
        0,
    );
    for (rel, h) in tree(&d.join("out")) {
        rows.push(format!("folder > folder  {rel}  {h}"));
    }
    // Files named one by one, into a folder.
    run(
        d,
        &[
            "clean",
            "news/site-1/news-00002.txt",
            "news/site-2/news-00005.txt",
            "--out-dir",
            "named",
            "-q",
            j[0],
            j[1],
        ],
        None,
        0,
    );
    for (rel, h) in tree(&d.join("named")) {
        rows.push(format!("files > folder  {rel}  {h}"));
    }

    // JSONL: a file, standard input, gzip, into a file or standard output.
    let src = ["--source-field", "source"];
    run(
        d,
        &[
            "clean",
            "--jsonl",
            "news.jsonl",
            "-o",
            "out.jsonl",
            src[0],
            src[1],
            "-q",
            j[0],
            j[1],
        ],
        None,
        0,
    );
    row(
        &mut rows,
        "jsonl > file",
        "records",
        &fs::read(d.join("out.jsonl")).unwrap(),
    );
    let out = run(
        d,
        &[
            "clean",
            "--jsonl",
            "news.jsonl.gz",
            src[0],
            src[1],
            "-q",
            j[0],
            j[1],
        ],
        None,
        0,
    );
    row(&mut rows, "jsonl.gz > stdout", "records", &out);
    let jsonl = fs::read(d.join("news.jsonl")).unwrap();
    let out = run(
        d,
        &["clean", "--jsonl", "-", src[0], src[1], "-q", j[0], j[1]],
        Some(&jsonl),
        0,
    );
    row(&mut rows, "jsonl stdin > stdout", "records", &out);
    run(
        d,
        &[
            "clean",
            "--jsonl",
            "news.jsonl",
            "-o",
            "out.jsonl.gz",
            src[0],
            src[1],
            "-q",
            j[0],
            j[1],
        ],
        None,
        0,
    );
    let mut plain = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(fs::File::open(d.join("out.jsonl.gz")).unwrap()),
        &mut plain,
    )
    .unwrap();
    row(&mut rows, "jsonl > gzip file", "records", &plain);

    // Learning: a profile from a folder and from a stream.
    run(
        d,
        &["learn", "news", "-o", "p.json", "-q", j[0], j[1]],
        None,
        0,
    );
    row(
        &mut rows,
        "folder > profile",
        "profile",
        &fs::read(d.join("p.json")).unwrap(),
    );
    let out = run(
        d,
        &[
            "learn",
            "--jsonl",
            "news.jsonl",
            "-o",
            "-",
            src[0],
            src[1],
            "-q",
            j[0],
            j[1],
        ],
        None,
        0,
    );
    row(&mut rows, "jsonl > profile", "profile", &out);
    // Cleaning with that profile instead of learning.
    run(
        d,
        &[
            "clean",
            "news",
            "--out-dir",
            "with-profile",
            "--profile",
            "p.json",
            "-q",
            j[0],
            j[1],
        ],
        None,
        0,
    );
    for (rel, h) in tree(&d.join("with-profile")) {
        rows.push(format!("folder + profile > folder  {rel}  {h}"));
    }

    // Findings, and the files fixed in place.
    for format in ["concise", "json", "sarif"] {
        let out = run(
            d,
            &["check", "news", "--output-format", format, j[0], j[1]],
            None,
            1,
        );
        row(&mut rows, "folder > findings", format, &out);
    }
    run(d, &["fix", "news", "-q", j[0], j[1]], None, 0);
    for (rel, h) in tree(&d.join("news")) {
        rows.push(format!("folder > in place  {rel}  {h}"));
    }
    run(d, &["check", "news", j[0], j[1]], None, 0);
    rows
}

#[test]
fn every_source_and_sink_gives_the_same_bytes_with_one_thread_or_two_and_as_pinned() {
    let one = outputs("1");
    let two = outputs("2");
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(a, b, "-j1 and -j2 differ");
    }
    assert_eq!(one.len(), two.len());
    let text = one.join("\n") + "\n";
    let pinned = PathBuf::from("tests/snapshots/runner.txt");
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        fs::create_dir_all(pinned.parent().unwrap()).unwrap();
        fs::write(&pinned, &text).unwrap();
    }
    let kept = fs::read_to_string(&pinned).unwrap_or_default();
    if kept != text {
        let diff = similar::TextDiff::from_lines(&kept, &text)
            .unified_diff()
            .header("pinned", "now")
            .to_string();
        panic!(
            "outputs differ from tests/snapshots/runner.txt; if the change is on purpose, \
             run `COPYDESK_BLESS=1 cargo test --test runner`:\n{diff}"
        );
    }
}

/// A pair, its arguments, its standard input, and what its message says.
type Case<'a> = (&'a str, Vec<&'a str>, Option<&'a [u8]>, &'a str);

/// Every file name under `dir`.
fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(rel, _)| rel).collect()
}

/// The protections hold for every source and sink pair that writes a file:
/// an output that is an input is refused before anything is read or
/// written, an output that cannot be written fails with exit 2 and a
/// message naming it, and in both cases every input keeps its bytes and no
/// temporary file is left behind.
#[test]
fn every_pair_keeps_its_inputs_and_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus(d);
    fs::write(d.join("a-file"), "not a folder\n").unwrap();
    let before = tree(d);
    let one = "news/site-0/news-00000.txt";
    let one_bytes = fs::read(d.join(one)).unwrap();
    let jsonl = fs::read(d.join("news.jsonl")).unwrap();
    let src = "--source-field=source";
    // (pair, arguments, standard input, what the message says)
    let cases: Vec<Case<'_>> = vec![
        ("file > file", vec!["clean", one, "-o", one], None, "input"),
        (
            "file > report",
            vec!["clean", one, "-o", "x.txt", "--report", one],
            None,
            "input",
        ),
        (
            "stdin > file",
            vec!["clean", "-", "-o", "a-file"],
            Some(b"x"),
            "the same file",
        ),
        (
            "files > folder",
            vec!["clean", one, "--out-dir", "news/site-0"],
            None,
            "overwrite the input",
        ),
        (
            "folder > folder",
            vec!["clean", "news", "--out-dir", "news"],
            None,
            "overwrite the input",
        ),
        (
            "jsonl > file",
            vec!["clean", "--jsonl", "news.jsonl", "-o", "news.jsonl", src],
            None,
            "input",
        ),
        (
            "jsonl.gz > file",
            vec!["clean", "--jsonl", "news.jsonl.gz", "-o", "news.jsonl.gz"],
            None,
            "input",
        ),
        (
            "folder > profile",
            vec!["learn", "news", "-o", one],
            None,
            "input",
        ),
        (
            "jsonl > profile",
            vec!["learn", "--jsonl", "news.jsonl", "-o", "news.jsonl"],
            None,
            "input",
        ),
        // Outputs that cannot be written: under a file.
        (
            "file > file (unwritable)",
            vec!["clean", one, "-o", "a-file/x.txt"],
            None,
            "a-file/x.txt",
        ),
        (
            "stdin > file (unwritable)",
            vec!["clean", "-", "-o", "a-file/x.txt"],
            Some(&one_bytes),
            "a-file/x.txt",
        ),
        (
            "file > report (unwritable)",
            vec!["clean", one, "-o", "-", "--report", "a-file/r.json"],
            None,
            "a-file/r.json",
        ),
        (
            "folder > folder (unwritable)",
            vec!["clean", "news", "--out-dir", "a-file/out"],
            None,
            "a-file/out",
        ),
        (
            "jsonl > file (unwritable)",
            vec!["clean", "--jsonl", "news.jsonl", "-o", "a-file/o.jsonl"],
            None,
            "a-file/o.jsonl",
        ),
        (
            "jsonl stdin > file (unwritable)",
            vec!["clean", "--jsonl", "-", "-o", "a-file/o.jsonl"],
            Some(&jsonl),
            "a-file/o.jsonl",
        ),
        (
            "folder > profile (unwritable)",
            vec!["learn", "news", "-o", "a-file/p.json"],
            None,
            "a-file/p.json",
        ),
        (
            "jsonl > profile (unwritable)",
            vec!["learn", "--jsonl", "news.jsonl", "-o", "a-file/p.json"],
            None,
            "a-file/p.json",
        ),
    ];
    for (pair, args, stdin, says) in cases {
        let mut cmd = copydesk();
        cmd.current_dir(d)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        // Standard input redirected from the output file: the same file.
        match stdin {
            Some(b"x") => {
                cmd.stdin(fs::File::open(d.join("a-file")).unwrap());
            }
            Some(_) => {
                cmd.stdin(Stdio::piped());
            }
            None => {
                cmd.stdin(Stdio::null());
            }
        }
        let mut child = cmd.spawn().unwrap();
        if let Some(bytes) = stdin.filter(|b| *b != b"x") {
            let mut pipe = child.stdin.take().unwrap();
            let bytes = bytes.to_vec();
            std::thread::spawn(move || pipe.write_all(&bytes));
        }
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{pair}: {err}");
        assert!(err.contains(says), "{pair}: the message names it: {err}");
        assert_eq!(tree(d), before, "{pair}: the inputs keep their bytes");
        assert!(
            !names(d).iter().any(|n| n.contains(".copydesk-")),
            "{pair}: no temporary file is left: {:?}",
            names(d)
        );
    }
}

/// `check` writes nothing, and `fix` writes only the files it fixes, each
/// replaced whole: a file it may not write (read-only) keeps its bytes.
#[test]
fn findings_write_nothing_and_fix_in_place_keeps_what_it_may_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus(d);
    let before = tree(d);
    for format in ["full", "json", "sarif", "gitlab", "junit", "github"] {
        run(d, &["check", "news", "--output-format", format], None, 1);
    }
    assert_eq!(tree(d), before, "check writes nothing");
    let locked = d.join("news/site-1/news-00002.txt");
    let locked_bytes = fs::read(&locked).unwrap();
    let mut perms = fs::metadata(&locked).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&locked, perms).unwrap();
    let out = copydesk()
        .current_dir(d)
        .args(["fix", "news"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("news-00002.txt: not written"), "{err}");
    assert_eq!(fs::read(&locked).unwrap(), locked_bytes);
    assert!(!names(d).iter().any(|n| n.contains(".copydesk-")));
    // The others were fixed: a second check finds only the locked file.
    let out = run(d, &["check", "news", "--output-format", "concise"], None, 1);
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.lines()
            .all(|l| l.starts_with("news/site-1/news-00002.txt")),
        "{text}"
    );
}
