//! The diff report: what changed in each file, and why.
//!
//! Takes cleaned files ([`crate::Cleaned`]) and builds a [`Report`], plain data
//! that the formats in this folder print: [`json`] (machine-readable, versioned,
//! pinned by `report.schema.json`) and [`text`] (a unified diff annotated with
//! each change's rule and reason, plus counts per rule).

pub mod concise;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod sarif;
pub mod text;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Action, Change, Cleaned, EncodingSource};

/// The version of the JSON report format; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// A report over one or more files.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// One entry per file, in the order given.
    pub files: Vec<FileReport>,
    /// Applied changes per rule id, over all files (flagged lines not counted).
    pub summary: BTreeMap<&'static str, usize>,
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The path as given (`-` for standard input).
    pub path: String,
    /// WHATWG name of the encoding the file was read in.
    pub encoding: &'static str,
    /// How the encoding was chosen: forced, bom, utf8 or detected.
    pub encoding_source: EncodingSource,
    /// Some bytes could not be decoded and were replaced by U+FFFD.
    pub lossy: bool,
    /// False when the encoding was a guess on thin evidence.
    pub encoding_confident: bool,
    /// Number of articles found in the file.
    pub articles: usize,
    /// Every change and flag, ordered by line.
    pub changes: Vec<ReportChange>,
}

/// One change as the report shows it: the line is 1-based.
#[derive(Debug, Clone, Serialize)]
pub struct ReportChange {
    /// 1-based input line.
    pub line: usize,
    /// The change itself.
    #[serde(flatten)]
    pub change: Change,
}

impl ReportChange {
    /// 1-based column (in characters) where the change starts: the first
    /// character that differs for a rewritten line, 1 otherwise.
    pub fn column(&self) -> usize {
        match &self.change.after {
            Some(after) => {
                let same = self
                    .change
                    .text
                    .chars()
                    .zip(after.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                if same == self.change.text.chars().count() && same == after.chars().count() {
                    1
                } else {
                    same + 1
                }
            }
            None => 1,
        }
    }

    /// Is this a finding that `fix` applies (not a flag for review)?
    pub fn is_fixable(&self) -> bool {
        self.change.action != Action::Flagged
    }
}

/// A JSON document printed a piece at a time: its opening, entries of one
/// array as they come (each already indented), and its closing, which may
/// depend on whether there were entries. Joined, the pieces equal
/// `serde_json::to_string_pretty` of the whole document.
#[derive(Debug, Default)]
pub struct Document {
    /// Entries written so far.
    pub entries: usize,
}

impl Document {
    /// The text that puts `entry` into the array after the ones before it.
    pub fn push(&mut self, entry: &str) -> String {
        let sep = if self.entries == 0 { "\n" } else { ",\n" };
        self.entries += 1;
        format!("{sep}{entry}")
    }
}

/// A whole document from its pieces: `head`, the entries of every file, and
/// the closing `tail` makes once it knows how many entries there were.
pub fn assemble(
    report: &Report,
    head: String,
    entries: impl Fn(&FileReport) -> Vec<String>,
    tail: impl Fn(&Document) -> String,
) -> String {
    let mut doc = Document::default();
    let mut s = head;
    for file in &report.files {
        for e in entries(file) {
            s.push_str(&doc.push(&e));
        }
    }
    s.push_str(&tail(&doc));
    s
}

/// A value pretty-printed as an array entry at `depth` spaces: the first line
/// indented, the others shifted by as much (JSON strings hold no raw line
/// breaks, so shifting lines never changes a string).
pub fn entry_at<T: Serialize>(value: &T, depth: usize) -> String {
    let pretty = serde_json::to_string_pretty(value).expect("plain data");
    let pad = " ".repeat(depth);
    format!("{pad}{}", pretty.replace('\n', &format!("\n{pad}")))
}

/// A value pretty-printed as the value of a key at `depth` spaces: the lines
/// after the first shifted by `depth`.
pub fn value_at<T: Serialize>(value: &T, depth: usize) -> String {
    let pretty = serde_json::to_string_pretty(value).expect("plain data");
    pretty.replace('\n', &format!("\n{}", " ".repeat(depth)))
}

/// The closing of an array at `depth` spaces: on its own line when it has entries.
pub fn close_array(doc: &Document, depth: usize) -> String {
    if doc.entries == 0 {
        "]".to_string()
    } else {
        format!("\n{}]", " ".repeat(depth))
    }
}

impl Report {
    /// How many applied (fixable) changes the report holds.
    pub fn fixable(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.changes)
            .filter(|c| c.is_fixable())
            .count()
    }

    /// Every change with its file, in report order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &ReportChange)> {
        self.files
            .iter()
            .flat_map(|f| f.changes.iter().map(move |c| (f, c)))
    }
}

impl FileReport {
    /// Build the report entry for one cleaned file.
    pub fn new(path: &str, cleaned: &Cleaned) -> FileReport {
        FileReport::with_changes(path, cleaned, cleaned.changes.clone())
    }

    /// [`FileReport::new`], moving the changes out of `cleaned` instead of
    /// copying them.
    pub fn from_cleaned(path: &str, mut cleaned: Cleaned) -> FileReport {
        let changes = std::mem::take(&mut cleaned.changes);
        FileReport::with_changes(path, &cleaned, changes)
    }

    fn with_changes(path: &str, cleaned: &Cleaned, changes: Vec<Change>) -> FileReport {
        FileReport {
            path: path.to_string(),
            encoding: cleaned.encoding,
            encoding_source: cleaned.encoding_source,
            lossy: cleaned.lossy,
            encoding_confident: cleaned.encoding_confident,
            articles: cleaned.articles,
            changes: changes
                .into_iter()
                .map(|c| ReportChange {
                    line: c.line + 1,
                    change: c,
                })
                .collect(),
        }
    }
}

impl Report {
    /// A report over `files`, with the summary worked out.
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut summary = BTreeMap::new();
        for f in &files {
            for c in &f.changes {
                if c.change.action != Action::Flagged {
                    *summary.entry(c.change.rule.id()).or_insert(0) += 1;
                }
            }
        }
        Report {
            version: REPORT_VERSION,
            files,
            summary,
        }
    }
}
