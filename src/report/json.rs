//! The JSON report.
//!
//! Shape (version 1), pinned by `report.schema.json` at the repository root:
//! `{"version": 1, "files": [{"path", "encoding", "encoding_source", "lossy",
//! "articles", "changes": [{"line", "rule", "action", "text", "after"?,
//! "reason"}]}], "summary": {rule: count}}`. `line` is 1-based; `action` is
//! `removed`, `changed` or `flagged` (reported, not applied); `after` is present
//! on `changed` entries only. Text is UTF-8 as decoded: undecodable input bytes
//! appear as U+FFFD and the file's `lossy` is true.

use std::collections::BTreeMap;

use super::{
    Document, FileReport, REPORT_VERSION, Report, assemble, close_array, entry_at, value_at,
};

/// The report as pretty-printed JSON with a final newline.
pub fn to_string(report: &Report) -> String {
    assemble(
        report,
        head(),
        |f| vec![entry(f)],
        |doc| tail(doc, &report.summary),
    )
}

/// The opening of the report, up to its array of files.
pub fn head() -> String {
    format!("{{\n  \"version\": {REPORT_VERSION},\n  \"files\": [")
}

/// One file's entry in the array of files.
pub fn entry(file: &FileReport) -> String {
    entry_at(file, 4)
}

/// The closing of the report: the end of the array and the summary.
pub fn tail(doc: &Document, summary: &BTreeMap<&'static str, usize>) -> String {
    format!(
        "{},\n  \"summary\": {}\n}}\n",
        close_array(doc, 2),
        value_at(summary, 2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_into_the_pretty_printed_report() {
        let cleaned = crate::process(
            "Title here\n\nTitle here\n\nBody  text that goes on.\n".as_bytes(),
            &crate::Config::default(),
        )
        .unwrap();
        for files in [
            vec![],
            vec![FileReport::new("a.txt", &cleaned)],
            vec![
                FileReport::new("a.txt", &cleaned),
                FileReport::new("b.txt", &cleaned),
            ],
        ] {
            let report = Report::new(files);
            let mut whole = serde_json::to_string_pretty(&report).unwrap();
            whole.push('\n');
            assert_eq!(to_string(&report), whole);
        }
    }
}
