//! Duplicates across a crawl split in shards, as an engine finds them: each
//! shard signed on its own (`copydesk signatures`, as a Spark partition is),
//! the records joined by key, the decisions fed back to each shard (`clean
//! --jsonl --duplicates`). The result must be what one run over the whole
//! crawl gives: the same records dropped, the same bytes kept. (The join is
//! written here in Rust; `examples/dedup_join.py` and
//! `examples/spark_dedup.py` are the same rule in Python and on Spark, run by
//! `.ci/run`.)

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

fn copydesk(dir: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    std::thread::spawn(move || pipe.write_all(&bytes));
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "copydesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The crawl in four shards, with an exact copy and a near copy of articles
/// of the first shard planted in the last (ids that sort after theirs).
fn shards(dir: &Path) -> Vec<Vec<u8>> {
    gen_corpus::write(&dir.join("all.jsonl"), 11, 150_000, 4, true);
    let text = fs::read_to_string(dir.join("all.jsonl")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let record = |k: usize| -> Value { serde_json::from_str(&lines[k]).unwrap() };
    let mut exact = record(2);
    exact["id"] = json!("z-exact");
    // A long article with one word changed.
    let k = (0..lines.len() / 4)
        .max_by_key(|&k| record(k)["text"].as_str().unwrap().len())
        .unwrap();
    let mut near = record(k);
    let changed = near["text"].as_str().unwrap().replacen(" the ", " a ", 1);
    near["text"] = json!(changed);
    near["id"] = json!("z-near");
    lines.push(exact.to_string());
    lines.push(near.to_string());
    let per = lines.len().div_ceil(4);
    lines
        .chunks(per)
        .map(|c| (c.join("\n") + "\n").into_bytes())
        .collect()
}

/// Estimated similarity of two hex sketches.
fn similarity(a: &str, b: &str) -> f64 {
    let x = u64::from_str_radix(a, 16).unwrap() ^ u64::from_str_radix(b, 16).unwrap();
    (2.0 * f64::from(64 - x.count_ones()) / 64.0 - 1.0).max(0.0)
}

/// The join: by key, the smallest id first; a later record repeats it when
/// exact and sketch agree, or, shingled, when the estimate reaches 0.8.
fn decide(records: Vec<Value>) -> Vec<Value> {
    let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in records {
        groups
            .entry(r["key"].as_str().unwrap().to_string())
            .or_default()
            .push(r);
    }
    let mut out = Vec::new();
    for (_, mut rs) in groups {
        rs.sort_by_key(|r| r["id"].to_string());
        let first = &rs[0];
        for r in &rs[1..] {
            if r["exact"] == first["exact"] && r["sketch"] == first["sketch"] {
                out.push(json!({"id": r["id"], "duplicate_of": first["id"], "exact": true, "similarity": 1.0}));
            } else if r["shingled"] == json!(true) {
                let s = similarity(
                    r["sketch"].as_str().unwrap(),
                    first["sketch"].as_str().unwrap(),
                );
                if s >= 0.8 {
                    out.push(json!({"id": r["id"], "duplicate_of": first["id"], "exact": false, "similarity": s}));
                }
            }
        }
    }
    out
}

fn ids(records: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(records)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string())
        .collect()
}

#[test]
fn shards_joined_by_signature_drop_what_one_run_over_the_crawl_drops() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let shards = shards(d);
    let whole: Vec<u8> = shards.concat();
    fs::write(d.join("crawl.jsonl"), &whole).unwrap();
    // One profile for every run, so that the text signed is the text cleaned.
    copydesk(
        d,
        &[
            "learn",
            "--jsonl",
            "crawl.jsonl",
            "--source-field",
            "source",
            "-o",
            "profile.json",
            "-q",
        ],
        b"",
    );
    let common = [
        "--profile",
        "profile.json",
        "--source-field",
        "source",
        "-q",
    ];
    let clean_args = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec!["clean", "--jsonl", "-", "--drop-duplicate-articles"];
        a.extend(common);
        a.extend(extra);
        a
    };

    // One run over the whole crawl.
    let direct = copydesk(d, &clean_args(&[]), &whole);

    // Each shard signed alone, the records joined, the decisions fed back.
    let mut records = Vec::new();
    for shard in &shards {
        let mut args = vec!["signatures", "--jsonl", "-"];
        args.extend(common);
        let sigs = copydesk(d, &args, shard);
        for line in String::from_utf8(sigs).unwrap().lines() {
            records.push(serde_json::from_str::<Value>(line).unwrap());
        }
    }
    let signed = records.len();
    let decisions = decide(records);
    let planted: BTreeMap<String, String> = decisions
        .iter()
        .map(|d| (d["id"].to_string(), d["duplicate_of"].to_string()))
        .collect();
    assert!(planted.contains_key("\"z-exact\""), "{decisions:?}");
    assert!(planted.contains_key("\"z-near\""), "{decisions:?}");
    let text: String = decisions.iter().map(|d| d.to_string() + "\n").collect();
    fs::write(d.join("decisions.jsonl"), text).unwrap();
    let mut via = Vec::new();
    for shard in &shards {
        via.extend(copydesk(
            d,
            &clean_args(&["--duplicates", "decisions.jsonl"]),
            shard,
        ));
    }

    assert_eq!(signed, ids(&whole).len(), "every record signed");
    let kept = |out: &[u8]| ids(out);
    let dropped = |out: &[u8]| -> Vec<String> {
        let kept = kept(out);
        ids(&whole)
            .into_iter()
            .filter(|i| !kept.contains(i))
            .collect()
    };
    assert!(dropped(&direct).contains(&"\"z-exact\"".to_string()));
    assert_eq!(dropped(&via), dropped(&direct), "the same records dropped");
    assert_eq!(
        String::from_utf8_lossy(&via),
        String::from_utf8_lossy(&direct),
        "the same bytes kept, annotations included"
    );
}
