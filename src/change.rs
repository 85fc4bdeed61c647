//! One change to one line: the unit of the report.
//!
//! Positions are 0-based line indices into the decoded input internally; the
//! report prints them 1-based. A `Changed` entry carries the line before and
//! after this one change, so replaying the changes of a file in order over its
//! input lines gives exactly the output.

use serde::Serialize;

use crate::Rule;

/// What a change does to its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// The line is dropped from the output.
    Removed,
    /// The line stays, rewritten (see `after`).
    Changed,
    /// Nothing is changed; the line is reported for a person to review.
    Flagged,
}

/// A change, with the rule that made it and a reason a person can check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule that made the change.
    pub rule: Rule,
    /// 0-based index of the input line (serialized 1-based by the report).
    #[serde(skip)]
    pub line: usize,
    /// 0-based index of the last input line the change covers: `line`, but
    /// for a run of blank lines dropped as one change.
    #[serde(skip)]
    pub last_line: usize,
    /// What happened to the line.
    pub action: Action,
    /// The line's text before this change.
    pub text: String,
    /// The line's text after this change (`Changed` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why, pointing at the kept copy where there is one.
    pub reason: String,
}

impl Change {
    /// A change that removes `line`.
    pub fn removed(rule: Rule, line: usize, text: &str, reason: String) -> Change {
        Change {
            rule,
            line,
            last_line: line,
            action: Action::Removed,
            text: text.to_string(),
            after: None,
            reason,
        }
    }

    /// A change that removes the lines `lines` (a run of blank lines), quoting
    /// them joined by newlines.
    pub fn removed_run(
        rule: Rule,
        lines: std::ops::RangeInclusive<usize>,
        text: String,
        reason: String,
    ) -> Change {
        Change {
            rule,
            line: *lines.start(),
            last_line: *lines.end(),
            action: Action::Removed,
            text,
            after: None,
            reason,
        }
    }

    /// The input lines the change covers (0-based).
    pub fn lines(&self) -> std::ops::RangeInclusive<usize> {
        self.line..=self.last_line
    }

    /// How many input lines the change covers.
    pub fn line_count(&self) -> usize {
        self.last_line - self.line + 1
    }

    /// A change that rewrites `line` from `text` to `after`.
    pub fn changed(rule: Rule, line: usize, text: &str, after: String, reason: String) -> Change {
        Change {
            rule,
            line,
            last_line: line,
            action: Action::Changed,
            text: text.to_string(),
            after: Some(after),
            reason,
        }
    }
}
