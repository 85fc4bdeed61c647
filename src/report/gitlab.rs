//! `--output-format gitlab`: GitLab Code Quality JSON, an array of issues with a
//! stable fingerprint, shown in merge requests.

use serde_json::json;

use super::{Document, FileReport, Report, assemble, close_array, entry_at};

/// FNV-1a, 64 bits: a fingerprint that is stable across runs and versions.
fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The Code Quality report.
pub fn render(report: &Report) -> String {
    assemble(report, head(), entries, tail)
}

/// The opening of the report.
pub fn head() -> String {
    "[".to_string()
}

/// One file's issues, as entries of the report's array.
pub fn entries(file: &FileReport) -> Vec<String> {
    // The fingerprint names the finding by what it is, not where: the rule,
    // the path, the flagged text and which of the file's findings of that
    // rule and text it is. Lines added above it leave it as it was, so the
    // merge-request widget does not show every finding as new.
    let mut seen: std::collections::HashMap<(&str, &str), usize> = Default::default();
    file.changes
        .iter()
        .map(|c| {
            let occurrence = seen.entry((c.change.rule.id(), &c.change.text)).or_insert(0);
            *occurrence += 1;
            let nth = occurrence.to_string();
            entry_at(
                &json!({
                    "description": format!("{}: {}", c.change.rule, c.change.reason),
                    "check_name": c.change.rule.id(),
                    "fingerprint": fnv1a(&[&file.path, c.change.rule.id(), &c.change.text, &nth]),
                    "severity": if c.is_fixable() { "minor" } else { "info" },
                    "location": { "path": file.path, "lines": { "begin": c.line, "end": c.end_line() } }
                }),
                2,
            )
        })
        .collect()
}

/// A run's errors (a file that could not be read, a bad configuration) as
/// issues of the highest severity, so that a merge request shows a run that
/// could not check a file instead of a clean one. Each names the path its
/// message starts with.
pub fn error_entries(errors: &[String]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let path = e.split(": ").next().filter(|p| *p != e).unwrap_or(".");
            entry_at(
                &json!({
                    "description": format!("copydesk could not check this: {e}"),
                    "check_name": "copydesk-error",
                    "fingerprint": fnv1a(&[path, "copydesk-error", e]),
                    "severity": "blocker",
                    "location": { "path": path, "lines": { "begin": 1 } }
                }),
                2,
            )
        })
        .collect()
}

/// The closing of the report.
pub fn tail(doc: &Document) -> String {
    format!("{}\n", close_array(doc, 0))
}
