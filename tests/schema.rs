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
