//! The JSON report.
//!
//! Shape (version 1), pinned by `report.schema.json` at the repository root:
//! `{"version": 1, "files": [{"path", "encoding", "encoding_source", "lossy",
//! "articles", "changes": [{"line", "rule", "action", "text", "after"?,
//! "reason"}]}], "summary": {rule: count}}`. `line` is 1-based; `action` is
//! `removed`, `changed` or `flagged` (reported, not applied); `after` is present
//! on `changed` entries only. Text is UTF-8 as decoded: undecodable input bytes
//! appear as U+FFFD and the file's `lossy` is true.

use super::Report;

/// The report as pretty-printed JSON with a final newline.
pub fn to_string(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("the report is plain data");
    s.push('\n');
    s
}
