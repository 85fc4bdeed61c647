//! Structured articles for publishing systems: `clean --format json|markdown`,
//! `--split-articles` and `--structure`, on a file holding several articles,
//! and the schema of the JSON (`article.schema.json`, derived from the types).

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

/// Two articles run together, as scrapers leave them.
const TWO: &str = "Ferry fares rise again\n\nTT\n\nFerry fares rise again\n\nBy Maren Lindqvist\nJune 14, 2026\n\nThe island ferry costs a fifth more from March.\n\nThe quay at dawn. (AP Photo/Jane Doe)\n\nResidents of the three islands will pay a fifth more for a return crossing from March, the operator said on Thursday, after two years of losses.\n\n\nLibrary opens late for exams\n\nThe reading rooms stay open until midnight on weekdays during the exam season, the council said, after students asked for more space.\n";

fn copydesk() -> Command {
    Command::cargo_bin("copydesk").unwrap()
}

fn schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&fs::read_to_string("article.schema.json").unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn the_article_schema_is_the_one_derived_from_the_types() {
    let derived = serde_json::to_string_pretty(&copydesk::structure::schema()).unwrap() + "\n";
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        fs::write("article.schema.json", &derived).unwrap();
    }
    assert!(
        fs::read_to_string("article.schema.json").unwrap() == derived,
        "article.schema.json differs from the derived schema; run \
         `COPYDESK_BLESS=1 cargo test --test structure` and review the diff"
    );
}

#[test]
fn format_json_gives_each_articles_parts_and_what_was_removed() {
    let out = copydesk()
        .args(["clean", "-", "--format", "json"])
        .write_stdin(TWO)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(schema().is_valid(&v), "{v:#}");
    let a = &v["articles"];
    assert_eq!(a.as_array().unwrap().len(), 2);
    assert_eq!(a[0]["headline"], "Ferry fares rise again");
    assert_eq!(a[0]["byline"], "By Maren Lindqvist");
    assert_eq!(a[0]["dateline"], "June 14, 2026");
    assert_eq!(
        a[0]["standfirst"],
        "The island ferry costs a fifth more from March."
    );
    assert_eq!(a[0]["captions"][0]["text"], "The quay at dawn.");
    assert_eq!(a[0]["captions"][0]["credit"], "AP Photo/Jane Doe");
    assert_eq!(a[0]["body"].as_array().unwrap().len(), 1);
    let removed: Vec<&str> = a[0]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(
        removed.contains(&"site-tag") && removed.contains(&"repeated-headline"),
        "{removed:?}"
    );
    assert_eq!(a[1]["headline"], "Library opens late for exams");
    assert!(a[1]["removed"].as_array().unwrap().is_empty());
}

#[test]
fn format_markdown_marks_the_headline_and_the_captions() {
    let out = copydesk()
        .args(["clean", "-", "--format", "markdown"])
        .write_stdin(TWO)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(
        md.starts_with("# Ferry fares rise again\n\n**The island ferry"),
        "{md}"
    );
    assert!(
        md.contains("*The quay at dawn.* (AP Photo/Jane Doe)"),
        "{md}"
    );
    assert!(
        md.contains("\n---\n\n# Library opens late for exams\n"),
        "{md}"
    );
    assert!(!md.contains("\nTT\n"), "{md}");
}

#[test]
fn split_articles_writes_one_file_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("two.txt"), TWO).unwrap();
    for (form, ext) in [("text", "txt"), ("json", "json"), ("markdown", "md")] {
        let out = dir.path().join(format!("out-{form}"));
        copydesk()
            .arg("clean")
            .arg(&src)
            .arg("--out-dir")
            .arg(&out)
            .args(["--split-articles", "--format", form, "-q"])
            .assert()
            .success();
        let first = fs::read_to_string(out.join(format!("two.1.{ext}"))).unwrap();
        let second = fs::read_to_string(out.join(format!("two.2.{ext}"))).unwrap();
        assert!(!out.join(format!("two.3.{ext}")).exists());
        assert!(first.contains("Ferry fares rise again"), "{first}");
        assert!(!first.contains("Library opens late"), "{first}");
        assert!(second.contains("Library opens late for exams"), "{second}");
        if form == "text" {
            // Together, the two pieces are the cleaned file's articles.
            let whole = copydesk()
                .args(["clean", "-"])
                .write_stdin(TWO)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            assert_eq!(
                format!("{first}\n\n{second}"),
                String::from_utf8(whole).unwrap()
            );
        }
        if form == "json" {
            let v: Value = serde_json::from_str(&first).unwrap();
            assert_eq!(v["headline"], "Ferry fares rise again");
        }
    }
}

#[test]
fn jsonl_structure_puts_the_parts_in_the_record() {
    let record = serde_json::json!({"id": 1, "text": TWO}).to_string() + "\n";
    let out = copydesk()
        .args(["clean", "--jsonl", "-", "--structure", "-q"])
        .write_stdin(record)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let s = &v["copydesk"]["structure"];
    assert_eq!(s[0]["headline"], "Ferry fares rise again");
    assert_eq!(s[1]["headline"], "Library opens late for exams");
    assert!(schema().is_valid(&serde_json::json!({ "articles": s })));
}
