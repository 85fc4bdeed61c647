//! The summary of a run over many files or records: what `clean --out-dir`
//! writes at the end of `copydesk-report.json`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::{Action, Cleaned};

/// Totals of a run, written as the report's summary.
#[derive(Debug, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RunSummary {
    /// Files cleaned.
    pub files: u64,
    /// Articles in them.
    pub articles: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Share of the input bytes kept, in percent.
    pub percent_kept: f64,
    /// Lines removed, per rule.
    #[schemars(schema_with = "super::schema::rule_counts")]
    pub lines_removed: BTreeMap<&'static str, u64>,
    /// Changes of any kind, per rule (flags not counted).
    #[schemars(schema_with = "super::schema::rule_counts")]
    pub changes: BTreeMap<&'static str, u64>,
    /// Articles that repeat an earlier one.
    pub duplicate_articles: u64,
    /// Of those, articles dropped (`--drop-duplicate-articles`: the copies
    /// beyond doubt).
    pub duplicate_articles_dropped: u64,
    /// Memory the duplicate index used, in bytes per article (all of it: the
    /// band table and where each first copy is).
    pub duplicate_index_bytes_per_article: f64,
    /// Files skipped (binary files, symbolic links not followed), with the
    /// reason.
    pub skipped: Vec<String>,
    /// Files that failed, with the reason; the exit status is 2 when any did.
    pub failed: Vec<String>,
}

impl RunSummary {
    /// Count one cleaned file.
    pub fn add(&mut self, cleaned: &Cleaned, bytes_in: usize) {
        self.files += 1;
        self.articles += cleaned.articles as u64;
        self.bytes_in += bytes_in as u64;
        self.bytes_out += cleaned.output.len() as u64;
        for c in &cleaned.changes {
            if c.action == Action::Removed {
                *self.lines_removed.entry(c.rule.id()).or_insert(0) += c.line_count() as u64;
            }
            if c.action != Action::Flagged {
                *self.changes.entry(c.rule.id()).or_insert(0) += 1;
            }
        }
    }

    /// Add the counts of `other` (one file's share) to these.
    pub fn merge(&mut self, other: RunSummary) {
        self.files += other.files;
        self.articles += other.articles;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        for (rule, n) in other.lines_removed {
            *self.lines_removed.entry(rule).or_insert(0) += n;
        }
        for (rule, n) in other.changes {
            *self.changes.entry(rule).or_insert(0) += n;
        }
    }

    /// Work out the derived numbers, and sort the skipped files by path.
    pub fn finish(&mut self) {
        self.skipped.sort();
        self.percent_kept = if self.bytes_in == 0 {
            100.0
        } else {
            (self.bytes_out as f64 * 10000.0 / self.bytes_in as f64).round() / 100.0
        };
    }
}
