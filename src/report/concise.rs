//! `--output-format concise`: one line per finding, `path:line:col: rule message`,
//! the shape editors and `grep` understand.

use std::fmt::Write;

use super::Report;

/// Render every change as `path:line:col: rule message`.
pub fn render(report: &Report) -> String {
    let mut s = String::new();
    for (file, c) in report.diagnostics() {
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
