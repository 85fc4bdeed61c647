//! `--output-format full`: for people. Each finding with its location, the
//! offending line and a caret under the column, coloured when asked to.

use std::fmt::Write;

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
    s.push_str(&totals.trailer(0));
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
        let line = c.change.text.split('\n').next().unwrap_or_default();
        let span = c.edit().map(|e| (e.column - 1, e.end_column - 1));
        let (shown, pad, width) = shown_line(line, span);
        let _ = writeln!(s, "{cyan}{:gutter$} |{reset}", "");
        let _ = writeln!(s, "{cyan}{} |{reset} {shown}", c.line);
        let what = match c.change.action {
            Action::Removed => "removed",
            Action::Changed => "changed",
            Action::Flagged => "left in place",
        };
        let _ = writeln!(
            s,
            "{cyan}{:gutter$} |{reset} {}{tone}{}{reset} {what}",
            "",
            " ".repeat(pad),
            "^".repeat(width),
        );
        s.push('\n');
    }
    s
}

/// Columns of a line shown before the edit when the line is too long to
/// show whole; the line shown holds at most [`SHOWN_COLUMNS`].
const CONTEXT_COLUMNS: usize = 40;
const SHOWN_COLUMNS: usize = 100;
/// The most carets under one edit.
const MAX_CARETS: usize = 80;

/// How `line` is shown under a finding whose edit covers the characters
/// `span` (0-based, end excluded; `None`: the whole line), and where the
/// carets go: the text shown (escaped as [`escape`] escapes it, cut to a
/// window around the edit with `…` where it is cut), the columns before
/// the first caret and the number of carets. Columns are display columns:
/// a CJK character or an emoji takes two, a combining mark none, an
/// escaped character (`<U+00A0>`) eight. Linear in the line's length, so an
/// article of one long line costs no more than its text.
fn shown_line(line: &str, span: Option<(usize, usize)>) -> (String, usize, usize) {
    use unicode_width::UnicodeWidthChar;
    let chars: Vec<char> = line.chars().collect();
    // Trailing spaces are escaped, the others are not.
    let trailing_from = chars.len() - chars.iter().rev().take_while(|&&c| c == ' ').count();
    // Is character `i` shown escaped (`<U+00A0>`)?
    let escaped = |i: usize| {
        let c = chars[i];
        if c == ' ' {
            i >= trailing_from
        } else {
            super::text::is_escaped(c)
        }
    };
    // Display columns of character `i` as shown; worked out only for the
    // characters near the edit, without building their text.
    let width = |i: usize| {
        if escaped(i) {
            // "<U+" and ">" around four hex digits or more.
            4 + hex_digits(chars[i] as u32)
        } else {
            chars[i].width().unwrap_or(0)
        }
    };
    let (from, to) = span
        .map(|(a, b)| (a.min(chars.len()), b.clamp(a.min(chars.len()), chars.len())))
        .unwrap_or((0, chars.len()));
    // The window: up to CONTEXT_COLUMNS before the edit, then as much as
    // fits in SHOWN_COLUMNS.
    let mut start = from;
    let mut before = 0;
    while start > 0 && before + width(start - 1) <= CONTEXT_COLUMNS {
        start -= 1;
        before += width(start);
    }
    let mut end = start;
    let mut used = 0;
    let mut widths = Vec::new();
    while end < chars.len() {
        let w = width(end);
        if end >= from.max(start + 1) && used + w > SHOWN_COLUMNS {
            break;
        }
        widths.push(w);
        used += w;
        end += 1;
    }
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if escaped(i) {
            let _ = write!(shown, "<U+{:04X}>", c as u32);
        } else {
            shown.push(c);
        }
    }
    if end < chars.len() {
        shown.push('…');
    }
    // `widths[k]` is the width of character `start + k`.
    let sum = |a: usize, b: usize| -> usize {
        widths[a.saturating_sub(start).min(widths.len())..b.saturating_sub(start).min(widths.len())]
            .iter()
            .sum()
    };
    let pad = usize::from(start > 0) + sum(start, from.max(start));
    let carets = if span.is_some() {
        sum(from, to.min(end).max(from))
    } else {
        sum(start, end)
    };
    (shown, pad, carets.clamp(1, MAX_CARETS))
}

/// Hex digits of `n` written with at least four.
fn hex_digits(n: u32) -> usize {
    let mut digits = 1;
    let mut n = n >> 4;
    while n > 0 {
        digits += 1;
        n >>= 4;
    }
    digits.max(4)
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

    /// "Found N findings in M of K files ..." and what to run next. When
    /// `failed` paths could not be checked it says so first, and never "No
    /// findings" alone: a run that missed files is not a clean one.
    pub fn trailer(&self, failed: usize) -> String {
        let mut s = String::new();
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        if failed > 0 {
            let _ = write!(
                s,
                "{} could not be checked (see the error{}); ",
                plural(failed, "path"),
                if failed == 1 { "" } else { "s" }
            );
        }
        if self.fixable == 0 && failed > 0 {
            let _ = write!(
                s,
                "no findings in the {} checked",
                plural(self.files, "file")
            );
        } else if self.fixable == 0 {
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
            one.trailer(0),
            "Found 1 finding in 1 of 1 file.\nRun `copydesk fix` to apply it, or `copydesk check --diff` to see the diff.\n"
        );
        let two = Totals { fixable: 2, ..one };
        assert!(
            two.trailer(0)
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

    #[test]
    fn a_finding_far_into_a_long_line_is_shown_cut_around_it() {
        // An article of one 82 KB line with a no-break space near its end
        // (the caret's padding once overflowed the formatter and panicked).
        let line = format!("{}\u{a0}end of it.", "word ".repeat(16_400));
        let found = carets(&format!("{line}\n"));
        let (shown, caret) = &found[0];
        assert!(
            shown.starts_with('…') && shown.chars().count() <= 110,
            "{shown}"
        );
        let at = caret.find('^').unwrap();
        let under: String = shown.chars().skip(at).take(8).collect();
        assert_eq!(under, "<U+00A0>", "{shown}\n{caret}");
    }

    #[test]
    fn carets_count_display_columns() {
        use unicode_width::UnicodeWidthStr;
        // Two columns per CJK character and emoji, none for a combining mark.
        let (shown, pad, width) = shown_line("東京 e\u{301}🙂\u{a0}港", Some((6, 7)));
        assert_eq!(shown, "東京 e\u{301}🙂<U+00A0>港");
        assert_eq!(pad, "東京 e\u{301}🙂".width());
        assert_eq!(pad, 8);
        assert_eq!(width, 8);
        // A line cut on both sides around an edit in its middle.
        let long = "东".repeat(300);
        let (shown, pad, width) = shown_line(&long, Some((150, 151)));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(pad, 1 + 40);
        assert_eq!(width, 2);
        assert!(shown.width() <= 2 + 100);
    }
}
