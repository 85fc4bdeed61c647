//! `--output-format full`: for people. Each finding with its location, the
//! offending line and a caret under the column, coloured when asked to.

use std::fmt::Write;

use super::text::escape;
use super::{FileReport, Report};
use crate::Action;

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// Render the findings; `color` adds ANSI colours.
pub fn render(report: &Report, color: bool) -> String {
    let mut s = String::new();
    let mut totals = Totals::default();
    for file in &report.files {
        s.push_str(&findings(file, color));
        totals.add(file);
    }
    s.push_str(&totals.trailer());
    s
}

/// The findings of one file, each with its line and a caret.
pub fn findings(file: &FileReport, color: bool) -> String {
    let paint = |code: &'static str| if color { code } else { "" };
    let (bold, reset, cyan) = (paint(BOLD), paint(RESET), paint(CYAN));
    let mut s = String::new();
    for c in &file.changes {
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
        // A run of blank lines is shown by its first line.
        let shown = escape(c.change.text.split('\n').next().unwrap_or_default());
        let _ = writeln!(s, "{cyan}{:gutter$} |{reset}", "");
        let _ = writeln!(s, "{cyan}{} |{reset} {shown}", c.line);
        // The carets sit under the edit as the line is shown: an escaped
        // character (`<U+00A0>`) is eight columns wide, and spaces are
        // escaped only at the end of the line, so widths are measured from
        // the end.
        let (col, width) = match c.edit() {
            Some(e) => {
                let width = |from: usize| {
                    let rest: String = c.change.text.chars().skip(from).collect();
                    escape(&rest).chars().count()
                };
                let (total, from_edit) = (shown.chars().count(), width(e.column - 1));
                (
                    total - from_edit + 1,
                    (from_edit - width(e.end_column - 1)).max(1),
                )
            }
            None => (1, shown.chars().count().max(1)),
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
    s
}

/// The counts the closing lines need, added up file by file.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    /// Files checked.
    pub files: usize,
    /// Findings that `fix` applies.
    pub fixable: usize,
    /// Lines flagged for review.
    pub review: usize,
    /// Files with at least one fixable finding.
    pub files_with_fixable: usize,
}

impl Totals {
    /// Count one file.
    pub fn add(&mut self, file: &FileReport) {
        let fixable = file.changes.iter().filter(|c| c.is_fixable()).count();
        self.files += 1;
        self.fixable += fixable;
        self.review += file.changes.len() - fixable;
        self.files_with_fixable += usize::from(fixable > 0);
    }

    /// "Found N findings in M of K files ..." and what to run next.
    pub fn trailer(&self) -> String {
        let mut s = String::new();
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        if self.fixable == 0 {
            let _ = write!(s, "No findings in {}", plural(self.files, "file"));
        } else {
            let _ = write!(
                s,
                "Found {} in {} of {}",
                plural(self.fixable, "finding"),
                self.files_with_fixable,
                plural(self.files, "file")
            );
        }
        if self.review > 0 {
            let _ = write!(
                s,
                "; {} left in place for review",
                plural(self.review, "line")
            );
        }
        s.push_str(".\n");
        if self.fixable > 0 {
            let _ = writeln!(
                s,
                "Run `copydesk fix` to apply {}, or `copydesk check --diff` to see the diff.",
                if self.fixable == 1 { "it" } else { "them" }
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shown line of each finding and the caret line under it.
    fn carets(text: &str) -> Vec<(String, String)> {
        let cleaned = crate::process(text.as_bytes(), &crate::Config::default()).unwrap();
        let out = findings(&FileReport::new("a.txt", &cleaned), false);
        let lines: Vec<&str> = out.lines().collect();
        lines
            .windows(2)
            .filter(|w| w[1].contains('^'))
            .map(|w| {
                let strip = |l: &str| l.split_once(" | ").map_or("", |p| p.1).to_string();
                (strip(w[0]), strip(w[1]))
            })
            .collect()
    }

    #[test]
    fn the_trailer_speaks_of_one_finding_as_it() {
        let one = Totals {
            files: 1,
            fixable: 1,
            review: 0,
            files_with_fixable: 1,
        };
        assert_eq!(
            one.trailer(),
            "Found 1 finding in 1 of 1 file.\nRun `copydesk fix` to apply it, or `copydesk check --diff` to see the diff.\n"
        );
        let two = Totals { fixable: 2, ..one };
        assert!(
            two.trailer()
                .contains("Found 2 findings in 1 of 1 file.\nRun `copydesk fix` to apply them,")
        );
    }

    #[test]
    fn carets_sit_under_the_edit_as_the_line_is_shown() {
        // An escaped no-break space before the trailing spaces, and two
        // plain spaces inside the line, which are not escaped.
        let found = carets("Title here now\n\nBody\u{a0}text of  the article.   \n");
        assert_eq!(found.len(), 2, "{found:?}");
        for (shown, caret) in &found {
            let at = caret.find('^').unwrap();
            let width = caret.matches('^').count();
            let under = &shown[at..at + width];
            assert!(
                under == "<U+0020><U+0020><U+0020>" || under.starts_with("<U+00A0>"),
                "{shown:?}\n{caret:?}"
            );
        }
    }
}
