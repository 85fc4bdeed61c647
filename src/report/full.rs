//! `--output-format full`: for people. Each finding with its location, the
//! offending line and a caret under the column, coloured when asked to.

use std::fmt::Write;

use super::Report;
use super::text::escape;
use crate::Action;

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// Render the findings; `color` adds ANSI colours.
pub fn render(report: &Report, color: bool) -> String {
    let paint = |code: &'static str| if color { code } else { "" };
    let (bold, reset, cyan) = (paint(BOLD), paint(RESET), paint(CYAN));
    let mut s = String::new();
    for (file, c) in report.diagnostics() {
        let (level, tone) = match c.change.action {
            Action::Flagged => ("review", paint(YELLOW)),
            _ => ("fix", paint(RED)),
        };
        let _ = writeln!(
            s,
            "{bold}{}:{}:{}:{reset} {tone}{bold}{}{reset} [{level}] {}",
            file.path,
            c.line,
            c.column(),
            c.change.rule,
            c.change.reason
        );
        let gutter = c.line.to_string().len();
        let shown = escape(&c.change.text);
        let _ = writeln!(s, "{cyan}{:gutter$} |{reset}", "");
        let _ = writeln!(s, "{cyan}{} |{reset} {shown}", c.line);
        let col = c.column();
        let width = match c.change.action {
            Action::Removed | Action::Flagged => shown.chars().count().max(1),
            Action::Changed => 1,
        };
        let what = match c.change.action {
            Action::Removed => "removed",
            Action::Changed => "changed",
            Action::Flagged => "left in place",
        };
        let _ = writeln!(
            s,
            "{cyan}{:gutter$} |{reset} {:pad$}{tone}{}{reset} {what}",
            "",
            "",
            "^".repeat(width.min(80)),
            pad = col - 1
        );
        s.push('\n');
    }
    let fixable = report.fixable();
    let review = report.diagnostics().count() - fixable;
    let files = report.files.len();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if fixable == 0 {
        let _ = write!(s, "No findings in {}", plural(files, "file"));
    } else {
        let with = report
            .files
            .iter()
            .filter(|f| f.changes.iter().any(|c| c.is_fixable()))
            .count();
        let _ = write!(
            s,
            "Found {} in {} of {}",
            plural(fixable, "finding"),
            with,
            plural(files, "file")
        );
    }
    if review > 0 {
        let _ = write!(s, "; {} left in place for review", plural(review, "line"));
    }
    s.push_str(".\n");
    if fixable > 0 {
        let _ = writeln!(
            s,
            "Run `copydesk fix` to apply them, or `copydesk check --diff` to see the diff."
        );
    }
    s
}
