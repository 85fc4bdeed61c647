//! `--output-format junit`: JUnit XML, the test report Jenkins, GitLab and
//! Azure Pipelines show. Each file with findings is a test suite and each
//! finding a test case: a failure when `fix` would apply it, skipped when it
//! is flagged for review. A run without findings is one passing test case, so
//! that the report is never empty. Written file by file, like the other
//! formats.

use std::fmt::Write;

use super::FileReport;

/// The opening of the report.
pub fn head() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"copydesk\">\n".to_string()
}

/// One file's findings as a test suite (nothing for a file without any).
pub fn findings(file: &FileReport) -> String {
    if file.changes.is_empty() {
        return String::new();
    }
    let failures = file.changes.iter().filter(|c| c.is_fixable()).count();
    let path = escape(&file.path);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{}\">",
        file.changes.len(),
        file.changes.len() - failures
    );
    for c in &file.changes {
        let (line, col, rule) = (c.line, c.column(), c.change.rule.id());
        let reason = escape(&c.change.reason);
        let _ = writeln!(
            s,
            "    <testcase name=\"{rule} at {line}:{col}\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">"
        );
        if c.is_fixable() {
            let _ = writeln!(
                s,
                "      <failure message=\"{reason}\" type=\"{rule}\">{path}:{line}:{col}: {rule} {reason}</failure>"
            );
        } else {
            let _ = writeln!(s, "      <skipped message=\"for review: {reason}\"/>");
        }
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n");
    s
}

/// The closing of the report; `findings` is how many there were in all.
pub fn tail(findings: usize, errors: &[String]) -> String {
    let mut s = String::new();
    if !errors.is_empty() {
        // A run that could not check everything is never a passing suite.
        let _ = writeln!(
            s,
            "  <testsuite name=\"copydesk\" tests=\"{n}\" failures=\"0\" errors=\"{n}\">",
            n = errors.len()
        );
        for e in errors {
            let e = escape(e);
            let _ = writeln!(
                s,
                "    <testcase name=\"could not check\" classname=\"copydesk\">\n      \
                 <error message=\"{e}\">{e}</error>\n    </testcase>"
            );
        }
        s.push_str("  </testsuite>\n");
    } else if findings == 0 {
        s.push_str(
            "  <testsuite name=\"copydesk\" tests=\"1\" failures=\"0\">\n    \
             <testcase name=\"no findings\" classname=\"copydesk\"/>\n  </testsuite>\n",
        );
    }
    s.push_str("</testsuites>\n");
    s
}

/// Text for an XML attribute or element: markup characters escaped, and
/// characters XML 1.0 cannot carry at all (most control characters, lone
/// surrogates cannot occur in a `str`) written as U+FFFD.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_are_escaped() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\u{ffff}\té"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\u{fffd}&#9;é"
        );
    }
}
