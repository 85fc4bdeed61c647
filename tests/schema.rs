//! The JSON report is pinned by `report.schema.json`: every fixture's expected
//! report and a report written by the binary must validate against it, and the
//! schema must reject a report that breaks it.

use std::fs;
use std::path::Path;

use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&fs::read_to_string("report.schema.json").unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("report.schema.json is a valid JSON Schema")
}

fn reports(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            reports(&path, out);
        } else if path.to_string_lossy().ends_with(".report.json") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_report_validates() {
    let validator = schema();
    let mut paths = Vec::new();
    reports(Path::new("fixtures"), &mut paths);
    assert!(paths.len() >= 20);
    for path in paths {
        let report: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn schema_rejects_a_broken_report() {
    let validator = schema();
    let bad = serde_json::json!({
        "version": 2,
        "files": [{"path": "a.txt", "encoding": "UTF-8", "encoding_source": "utf8", "lossy": false,
                   "articles": 1,
                   "changes": [{"line": 0, "rule": "no-such-rule", "action": "changed", "text": "x", "reason": ""}]}],
        "summary": {}
    });
    assert!(!validator.is_valid(&bad));
}

/// `report.schema.json` is the schema derived from the report's types (with
/// schemars), written out: a change to a type that changes the JSON changes
/// the schema, and this test says to write it again.
/// `COPYDESK_BLESS=1 cargo test --test schema` does.
#[test]
fn the_schema_file_is_the_one_derived_from_the_report_types() {
    let derived =
        serde_json::to_string_pretty(&copydesk::report::schema::report_schema()).unwrap() + "\n";
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        fs::write("report.schema.json", &derived).unwrap();
    }
    let kept = fs::read_to_string("report.schema.json").unwrap();
    assert!(
        kept == derived,
        "report.schema.json differs from the schema derived from the report types; \
         run `COPYDESK_BLESS=1 cargo test --test schema` and review the diff"
    );
}

/// `signature.schema.json` is the schema derived from the signature record
/// type, written out (with the duplicate decision under `$defs`), and the
/// records `copydesk signatures` writes follow it.
#[test]
fn the_signature_schema_is_derived_and_records_follow_it() {
    let derived =
        serde_json::to_string_pretty(&copydesk::corpus::dedup::signature_schema()).unwrap() + "\n";
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        fs::write("signature.schema.json", &derived).unwrap();
    }
    let kept = fs::read_to_string("signature.schema.json").unwrap();
    assert!(
        kept == derived,
        "signature.schema.json differs from the schema derived from the record type; \
         run `COPYDESK_BLESS=1 cargo test --test schema` and review the diff"
    );
    let schema: Value = serde_json::from_str(&kept).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let input = "{\"id\":\"x1\",\"text\":\"Harbour plan approved\\n\\nThe council approved the harbour plan on Tuesday after a long debate about the cost of the new quay.\\n\"}\n";
    let out = assert_cmd::Command::cargo_bin("copydesk")
        .unwrap()
        .args(["signatures", "--jsonl", "-", "-q"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record: Value = serde_json::from_slice(&out).unwrap();
    assert!(validator.is_valid(&record), "{record}");
    assert_eq!(record["id"], "x1");
}
