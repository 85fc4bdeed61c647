//! The findings of a run printed in any output format, a file at a time:
//! [`Printer::render`] makes a file's piece (on any thread), and
//! [`Printer::add`] takes the pieces in order and gives the text to print;
//! [`Printer::close`] ends the document once every file is in. Only counts
//! are kept between files (the JUnit suites aside, which hold findings only),
//! so a run's memory does not grow with its output.

use std::collections::BTreeMap;

use super::{Document, FileReport, concise, full, github, gitlab, json, junit, sarif, statistics};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Each finding with its line shown, for people; `color` with ANSI
    /// colours.
    Full { color: bool },
    /// One line per finding.
    Concise,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// The JSON report.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitLab Code Quality.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// A unified diff of what `fix` would write (the patch is made by the
    /// caller, who has the file's bytes).
    Diff,
    /// Counts per rule only: a table, or a JSON array with `json`.
    Statistics { json: bool },
}

/// One file's share of the output.
pub struct Piece {
    /// Text to print for the file.
    printed: String,
    /// Its entries in the document's array (JSON formats).
    entries: Vec<String>,
    /// Its test suite (JUnit).
    suite: Option<Box<quick_junit::TestSuite>>,
    totals: full::Totals,
    steps: github::StepCounts,
    /// Fixable changes and flags per rule.
    per_rule: statistics::Counts,
}

/// The state of a run's output between files.
pub struct Printer {
    format: Format,
    /// Quiet: the findings and nothing else.
    quiet: bool,
    opened: bool,
    doc: Document,
    suites: Vec<quick_junit::TestSuite>,
    /// Counts over the files so far.
    pub totals: full::Totals,
    /// Findings per rule and path, for a GitHub step summary.
    pub steps: github::StepCounts,
    per_rule: statistics::Counts,
}

impl Printer {
    pub fn new(format: Format, quiet: bool) -> Printer {
        Printer {
            format,
            quiet,
            opened: false,
            doc: Document::default(),
            suites: Vec::new(),
            totals: full::Totals::default(),
            steps: github::StepCounts::new(),
            per_rule: statistics::Counts::new(),
        }
    }

    /// A file's piece; `patch` is its diff, for [`Format::Diff`].
    pub fn render(format: Format, file: &FileReport, patch: Option<String>) -> Piece {
        let mut totals = full::Totals::default();
        totals.add(file);
        let mut steps = github::StepCounts::new();
        github::count(&mut steps, file);
        let mut per_rule = statistics::Counts::new();
        for c in &file.changes {
            let n = per_rule.entry(c.change.rule.id()).or_insert((0, 0));
            if c.is_fixable() {
                n.0 += 1;
            } else {
                n.1 += 1;
            }
        }
        let (mut entries, mut suite) = (Vec::new(), None);
        let printed = match format {
            Format::Diff => patch.unwrap_or_default(),
            Format::Full { color } => full::findings(file, color),
            Format::Concise => concise::findings(file),
            Format::Github => github::findings(file),
            Format::Junit => {
                suite = junit::findings(file).map(Box::new);
                String::new()
            }
            Format::Json => {
                entries.push(json::entry(file));
                String::new()
            }
            Format::Sarif => {
                entries = sarif::entries(file);
                String::new()
            }
            Format::Gitlab => {
                entries = gitlab::entries(file);
                String::new()
            }
            Format::Statistics { .. } => String::new(),
        };
        Piece {
            printed,
            entries,
            suite,
            totals,
            steps,
            per_rule,
        }
    }

    /// A document's opening: it goes out before its first entry, or at the
    /// end.
    fn head(&mut self) -> String {
        if std::mem::replace(&mut self.opened, true) {
            return String::new();
        }
        match self.format {
            Format::Json => json::head(),
            Format::Sarif => sarif::head(),
            Format::Gitlab => gitlab::head(),
            _ => String::new(),
        }
    }

    /// Take the next file's piece; the text to print now.
    pub fn add(&mut self, piece: Piece) -> String {
        let mut s = self.head();
        s.push_str(&piece.printed);
        for e in &piece.entries {
            s.push_str(&self.doc.push(e));
        }
        self.suites.extend(piece.suite.map(|s| *s));
        for (rule, (f, r)) in piece.per_rule {
            let n = self.per_rule.entry(rule).or_insert((0, 0));
            n.0 += f;
            n.1 += r;
        }
        let (t, p) = (&mut self.totals, &piece.totals);
        t.files += p.files;
        t.fixable += p.fixable;
        t.review += p.review;
        t.files_with_fixable += p.files_with_fixable;
        for (k, n) in piece.steps {
            *self.steps.entry(k).or_insert(0) += n;
        }
        s
    }

    /// The end of the output, with the `errors` of the paths that could not
    /// be checked: a machine document carries them, and never reads as a
    /// clean run when there are any.
    pub fn close(&mut self, errors: &[String]) -> String {
        let mut s = self.head();
        // The JSON report's summary: fixable changes per rule.
        let summary: BTreeMap<&'static str, usize> = self
            .per_rule
            .iter()
            .filter(|(_, (f, _))| *f > 0)
            .map(|(rule, (f, _))| (*rule, *f))
            .collect();
        s.push_str(&match self.format {
            Format::Statistics { json: true } => statistics::json(&self.per_rule),
            Format::Statistics { json: false } => statistics::text(&self.per_rule),
            Format::Diff | Format::Concise => String::new(),
            Format::Github => github::errors(errors),
            Format::Full { .. } if self.quiet => String::new(),
            Format::Full { .. } => self.totals.trailer(errors.len()),
            Format::Json => json::tail(&self.doc, &summary, errors),
            Format::Sarif => sarif::tail(&self.doc, errors),
            Format::Gitlab => {
                let mut t = String::new();
                for e in gitlab::error_entries(errors) {
                    t.push_str(&self.doc.push(&e));
                }
                t + &gitlab::tail(&self.doc)
            }
            Format::Junit => junit::render(std::mem::take(&mut self.suites), errors),
        });
        s
    }

    /// Is this a document for machines, which a run stopped by an error
    /// still closes with the error in it?
    pub fn is_document(&self) -> bool {
        matches!(
            self.format,
            Format::Json | Format::Sarif | Format::Junit | Format::Gitlab | Format::Github
        )
    }

    /// Do CI systems read this format's paths (relative to the repository's
    /// root, without `./`)?
    pub fn names_repo_paths(format: Format) -> bool {
        matches!(
            format,
            Format::Github | Format::Sarif | Format::Gitlab | Format::Junit | Format::Json
        )
    }
}
