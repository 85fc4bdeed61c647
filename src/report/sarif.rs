//! `--output-format sarif`: SARIF 2.1.0, for code-scanning tools. One rule entry
//! per copydesk rule with its help text, one result per finding with its
//! location.

use serde_json::json;

use super::Report;
use crate::Rule;

/// The SARIF log.
pub fn render(report: &Report) -> String {
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
    let results: Vec<_> = report
        .diagnostics()
        .map(|(file, c)| {
            let index = Rule::ALL
                .iter()
                .position(|r| *r == c.change.rule)
                .unwrap_or(0);
            json!({
                "ruleId": c.change.rule.id(),
                "ruleIndex": index,
                "level": if c.is_fixable() { "warning" } else { "note" },
                "message": { "text": c.change.reason },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file.path },
                        "region": { "startLine": c.line, "startColumn": c.column() }
                    }
                }]
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
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("plain data");
    s.push('\n');
    s
}
