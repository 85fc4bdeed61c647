//! `--output-format github`: GitHub Actions workflow commands
//! (`::error file=…,line=…,col=…,title=…::message`), which GitHub shows as
//! annotations on the pull request, plus a Markdown summary for
//! `GITHUB_STEP_SUMMARY`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{FileReport, Report};

/// Escape a workflow command's message (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error` (fixable: it fails the check) or `::notice` (for review)
/// line per finding.
/// A run's errors as error annotations (not tied to a line), so that the
/// job's summary shows a run that could not check a file.
pub fn errors(errors: &[String]) -> String {
    errors
        .iter()
        .map(|e| {
            format!(
                "::error title=copydesk could not check a path::{}\n",
                escape_data(e)
            )
        })
        .collect()
}

pub fn render(report: &Report) -> String {
    report.files.iter().map(findings).collect()
}

/// [`render`] for one file.
pub fn findings(file: &FileReport) -> String {
    let mut s = String::new();
    for c in &file.changes {
        // A fixable finding fails the check: an error; a line left for
        // review does not: a notice.
        let level = if c.is_fixable() { "error" } else { "notice" };
        // A rewritten line's edit ends before `endColumn` (exclusive, as in
        // the JSON report; GitHub's is inclusive, hence the one less).
        let end_column = c
            .edit()
            .filter(|e| e.end_column > e.column + 1)
            .map(|e| format!(",endColumn={}", e.end_column - 1))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "::{level} file={},line={},{}col={}{end_column},title={}::{}",
            escape_property(&file.path),
            c.line,
            if c.end_line() > c.line {
                format!("endLine={},", c.end_line())
            } else {
                String::new()
            },
            c.column(),
            escape_property(&format!("copydesk {}", c.change.rule)),
            escape_data(&format!("{}: {}", c.change.rule, c.change.reason))
        );
    }
    s
}

/// Findings per (rule, file), what [`step_summary`] shows.
pub type StepCounts = BTreeMap<(&'static str, String), usize>;

/// Add one file's findings to `counts`.
pub fn count(counts: &mut StepCounts, file: &FileReport) {
    for c in &file.changes {
        *counts
            .entry((c.change.rule.id(), file.path.clone()))
            .or_insert(0) += 1;
    }
}

/// A short Markdown table of findings per rule and file, for `GITHUB_STEP_SUMMARY`.
pub fn step_summary(report: &Report) -> String {
    let mut counts = StepCounts::new();
    for file in &report.files {
        count(&mut counts, file);
    }
    step_summary_of(&counts)
}

/// [`step_summary`] from counts added up file by file.
pub fn step_summary_of(counts: &StepCounts) -> String {
    let mut s = String::from("### copydesk\n\n");
    if counts.is_empty() {
        s.push_str("No findings.\n");
        return s;
    }
    s.push_str("| rule | file | findings |\n|---|---|---|\n");
    for ((rule, path), n) in counts {
        let _ = writeln!(s, "| `{rule}` | `{}` | {n} |", path.replace('|', "\\|"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_github_rules() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
