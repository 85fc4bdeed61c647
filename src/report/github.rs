//! `--output-format github`: GitHub Actions workflow commands
//! (`::warning file=…,line=…,col=…,title=…::message`), which GitHub shows as
//! annotations on the pull request, plus a Markdown summary for
//! `GITHUB_STEP_SUMMARY`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Report;

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

/// One `::warning` (fixable) or `::notice` (for review) line per finding.
pub fn render(report: &Report) -> String {
    let mut s = String::new();
    for (file, c) in report.diagnostics() {
        let level = if c.is_fixable() { "warning" } else { "notice" };
        let _ = writeln!(
            s,
            "::{level} file={},line={},col={},title={}::{}",
            escape_property(&file.path),
            c.line,
            c.column(),
            escape_property(&format!("copydesk {}", c.change.rule)),
            escape_data(&format!("{}: {}", c.change.rule, c.change.reason))
        );
    }
    s
}

/// A short Markdown table of findings per rule and file, for `GITHUB_STEP_SUMMARY`.
pub fn step_summary(report: &Report) -> String {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (file, c) in report.diagnostics() {
        *counts
            .entry((c.change.rule.id(), file.path.as_str()))
            .or_insert(0) += 1;
    }
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
