//! `--output-format junit`: JUnit XML, the test report Jenkins, GitLab and
//! Azure Pipelines show, written by `quick-junit` (the serializer of
//! cargo-nextest), which also escapes markup and drops characters XML cannot
//! carry. Each file with findings is a test suite and each finding a test
//! case: a failure when `fix` would apply it, skipped when it is flagged for
//! review. A run without findings is one passing test case, so that the
//! report is never empty; a run that could not check a path has an errored
//! case naming it. The suites are gathered and written at the end (they hold
//! the findings only, not the text).

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::FileReport;

/// One file's findings as a test suite (none for a file without any).
pub fn findings(file: &FileReport) -> Option<TestSuite> {
    if file.changes.is_empty() {
        return None;
    }
    let path = file.path.as_str();
    let mut suite = TestSuite::new(path);
    for c in &file.changes {
        let (line, col, rule) = (c.line, c.column(), c.change.rule.id());
        let reason = c.change.reason.as_str();
        let status = if c.is_fixable() {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(reason)
                .set_type(rule)
                .set_description(format!("{path}:{line}:{col}: {rule} {reason}"));
            s
        } else {
            let mut s = TestCaseStatus::skipped();
            s.set_message(format!("for review: {reason}"));
            s
        };
        let mut case = TestCase::new(format!("{rule} at {line}:{col}"), status);
        case.set_classname(path);
        case.extra.insert("file".into(), path.into());
        case.extra.insert("line".into(), line.to_string().into());
        suite.add_test_case(case);
    }
    Some(suite)
}

/// The whole report: the suites of the files with findings, in the order
/// checked, and one errored case for each path that could not be checked.
pub fn render(suites: Vec<TestSuite>, errors: &[String]) -> String {
    let mut report = Report::new("copydesk");
    let nothing = suites.is_empty();
    report.add_test_suites(suites);
    if !errors.is_empty() {
        // A run that could not check everything is never a passing suite.
        let mut suite = TestSuite::new("copydesk");
        for e in errors {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(e.as_str()).set_description(e.as_str());
            let mut case = TestCase::new("could not check", status);
            case.set_classname("copydesk");
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    } else if nothing {
        let mut suite = TestSuite::new("copydesk");
        let mut case = TestCase::new("no findings", TestCaseStatus::success());
        case.set_classname("copydesk");
        suite.add_test_case(case);
        report.add_test_suite(suite);
    }
    let mut s = report
        .to_string()
        .expect("a report built from strings serializes");
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_do_not_break_the_document() {
        let xml = render(Vec::new(), &["a<b>&\"c'\u{1}\té: missing".to_string()]);
        assert!(xml.starts_with("<?xml"), "{xml}");
        assert!(xml.contains("a&lt;b&gt;&amp;"), "{xml}");
        assert!(!xml.contains('\u{1}'), "{xml}");
    }
}
