//! Detectors: per-article analysis that proposes line changes.
//!
//! Takes the normalized lines and the [`Document`] from `segment`, and returns
//! [`Change`]s (removed, changed or flagged lines), each with its rule and a
//! reason that points at the kept copy. Every detector sees one article at a
//! time, so a line that two articles share stays in both. The list in
//! [`DETECTORS`] sets the run order; when two detectors claim one line, the
//! earlier one wins (see `clean`).

mod boilerplate;
mod caption;
mod headline;
mod paragraph;
mod site_tag;

use crate::segment::{Article, Document};
use crate::text::fold_hash;
use crate::{Change, Config, Rule};

pub use boilerplate::SiteBoilerplate;
pub use caption::RepeatedCaption;
pub use headline::{HeadlineInfo, RepeatedHeadline};
pub use paragraph::RepeatedParagraph;
pub use site_tag::SiteTag;

/// What a detector sees of one article.
pub struct ArticleContext<'a> {
    /// All normalized lines of the file.
    pub lines: &'a [String],
    /// All input lines of the file, as they were.
    pub input: &'a [String],
    /// The article.
    pub article: &'a Article,
    /// Hash of the folded text ([`crate::text::fold_hash`]) of each of the
    /// article's lines, by position: equal hashes mean equal folded lines.
    pub folded: Vec<u64>,
    /// The headline and its copies, when the article has a headline.
    pub headline: Option<HeadlineInfo>,
    /// The settings.
    pub config: &'a Config,
}

impl ArticleContext<'_> {
    /// Normalized text at position `p` of the article.
    pub fn text(&self, p: usize) -> &str {
        &self.lines[self.article.lines[p]]
    }

    /// 1-based input line number of position `p`, for reasons.
    pub fn line_no(&self, p: usize) -> usize {
        self.article.lines[p] + 1
    }

    /// A change removing position `p`, quoting the input line.
    pub fn remove(&self, rule: Rule, p: usize, reason: String) -> Change {
        let idx = self.article.lines[p];
        Change::removed(rule, idx, &self.input[idx], reason)
    }

    /// A change flagging position `p` for review.
    pub fn flag(&self, rule: Rule, p: usize, reason: String) -> Change {
        let idx = self.article.lines[p];
        Change {
            action: crate::Action::Flagged,
            ..Change::removed(rule, idx, &self.lines[idx], reason)
        }
    }
}

/// A detector: one rule's view of an article.
pub trait Detector {
    /// The rule this detector reports under.
    fn rule(&self) -> Rule;
    /// Append this detector's changes for the article to `out`.
    fn detect(&self, cx: &ArticleContext<'_>, out: &mut Vec<Change>);
}

/// The detectors, in run order: header clean-up first, body rules last.
pub const DETECTORS: [&dyn Detector; 5] = [
    &RepeatedHeadline,
    &SiteTag,
    &RepeatedCaption,
    &SiteBoilerplate,
    &RepeatedParagraph,
];

/// Run every enabled detector over every article.
pub fn detect(lines: &[String], input: &[String], doc: &Document, config: &Config) -> Vec<Change> {
    let mut out = Vec::new();
    for article in &doc.articles {
        let folded: Vec<u64> = article
            .lines
            .iter()
            .map(|&i| fold_hash(&lines[i]))
            .collect();
        let mut cx = ArticleContext {
            lines,
            input,
            article,
            folded,
            headline: None,
            config,
        };
        cx.headline = headline::analyze(&cx);
        for detector in DETECTORS {
            if config.enabled(detector.rule()) {
                detector.detect(&cx, &mut out);
            }
        }
    }
    // Lines the user allows to repeat are never removed as repeats.
    out.retain(|c| {
        !(matches!(
            c.rule,
            Rule::RepeatedCaption | Rule::RepeatedParagraph | Rule::RepeatedHeadline
        ) && config.may_repeat(&lines[c.line]))
    });
    out
}
