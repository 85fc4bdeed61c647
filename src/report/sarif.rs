//! `--output-format sarif`: SARIF 2.1.0, for code-scanning tools. One rule entry
//! per copydesk rule with its help text, one result per finding with its
//! location.

use serde_json::json;

use super::{Document, FileReport, Report, assemble, close_array, entry_at};
use crate::Rule;

/// The SARIF log.
pub fn render(report: &Report) -> String {
    assemble(report, head(), entries, |d| tail(d, &[]))
}

/// The log with no results, split where the results go.
fn envelope() -> (String, String) {
    let rules: Vec<_> = Rule::ALL
        .iter()
        .map(|r| {
            let doc = r.doc();
            let short = doc.split(". ").next().unwrap_or(doc);
            json!({
                "id": r.id(),
                "name": r.id(),
                "shortDescription": { "text": short },
                "fullDescription": { "text": doc },
                "help": { "text": doc },
                "defaultConfiguration": { "level": "warning", "enabled": r.default_enabled() }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/copydesk/copydesk",
                "rules": rules
            }},
            "results": []
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("plain data");
    s.push('\n');
    let at = s
        .rfind("\"results\": []")
        .expect("the envelope has a results array");
    let open = at + "\"results\": [".len();
    (s[..open].to_string(), s[open + 1..].to_string())
}

/// The opening of the log, up to its array of results.
pub fn head() -> String {
    envelope().0
}

/// One file's results, as entries of the log's array of results.
pub fn entries(file: &FileReport) -> Vec<String> {
    file.changes
        .iter()
        .map(|c| {
            let index = Rule::ALL
                .iter()
                .position(|r| *r == c.change.rule)
                .unwrap_or(0);
            entry_at(
                &json!({
                    "ruleId": c.change.rule.id(),
                    "ruleIndex": index,
                    "level": if c.is_fixable() { "warning" } else { "note" },
                    "message": { "text": c.change.reason },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri_reference(&file.path) },
                            "region": region(c)
                        }
                    }]
                }),
                8,
            )
        })
        .collect()
}

/// Where a finding is: its line and column, the last line of a run, and
/// the column just past a rewritten line's edit (SARIF's `endColumn` is
/// exclusive, as the report's `end_column`).
fn region(c: &super::ReportChange) -> serde_json::Value {
    let mut region = json!({ "startLine": c.line, "startColumn": c.column() });
    if c.end_line() > c.line {
        region["endLine"] = json!(c.end_line());
    }
    if let Some(e) = c.edit().filter(|e| e.end_column > e.column) {
        region["endColumn"] = json!(e.end_column);
    }
    region
}

/// A path as a URI reference (RFC 3986), as SARIF's `uri` must be: every
/// byte but the unreserved characters and `/` percent-encoded, so that a
/// space, `%`, `#`, `?` or a `:` in a file name keeps its meaning; an
/// absolute path becomes a `file://` URI.
pub fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The closing of the log, after its results: the invocation, which failed
/// when there are `errors` (each a notification), so that a tool reading
/// the log never takes a run that could not check a file for a clean one.
pub fn tail(doc: &Document, errors: &[String]) -> String {
    let notifications: Vec<_> = errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    let invocations = json!([{
        "executionSuccessful": errors.is_empty(),
        "toolExecutionNotifications": notifications
    }]);
    format!(
        "{},\n      \"invocations\": {}{}",
        close_array(doc, 6),
        super::value_at(&invocations, 6),
        envelope().1
    )
}

#[cfg(test)]
mod tests {
    use super::uri_reference;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_reference("news/a.txt"), "news/a.txt");
        assert_eq!(
            uri_reference("news/a, b: 100%.txt"),
            "news/a%2C%20b%3A%20100%25.txt"
        );
        assert_eq!(
            uri_reference("/srv/été #1.md"),
            "file:///srv/%C3%A9t%C3%A9%20%231.md"
        );
    }
}
