//! `--output-format concise`: one line per finding, `path:line:col: rule message`,
//! the shape editors and `grep` understand.

use std::fmt::Write;

use super::{FileReport, Report};

/// Render every change as `path:line:col: rule message`.
pub fn render(report: &Report) -> String {
    report.files.iter().map(findings).collect()
}

/// One file's changes as `path:line:col: rule message` lines.
pub fn findings(file: &FileReport) -> String {
    let mut s = String::new();
    for c in &file.changes {
        let note = if c.is_fixable() { "" } else { " [review]" };
        let _ = writeln!(
            s,
            "{}:{}:{}: {} {}{note}",
            file.path,
            c.line,
            c.column(),
            c.change.rule,
            c.change.reason
        );
    }
    s
}
