//! Site boilerplate learned across articles: short lines that recur in many
//! articles of one source (`TT`, `Advertisement`, `Share this article`).
//!
//! [`Learner`] counts, per source, in how many articles each short line occurs
//! (once per article), with lossy counting (Manku and Motwani) so that memory
//! stays bounded however long the run: a line whose share stays under the error
//! rate is forgotten, and no line above the threshold can be. [`Profile`] is
//! what was learned, serializable with `copydesk learn` and reusable with
//! `--profile`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::{HashMap64, fold, fold_hash, has_digit, is_separator, word_units_upto};

/// The lossy-counting error rate: lines rarer than this share of a source's
/// articles may be forgotten. Well under the 5% default threshold.
const EPSILON: f64 = 0.005;

/// Version of the profile file format.
pub const PROFILE_VERSION: u32 = 1;

/// A short line worth counting: at most 12 words and 120 characters, not a
/// separator, no digits (dates and scores vary and are content), and neither
/// a dateline (`OSLO (NTB) —`), a byline (`By Mara Lindqvist`) nor a photo
/// credit (`Photo: Jan Berg/NTB`, `... (AP)`): a wire service's city, a staff
/// writer's name and a staff photographer's credit recur in many of a site's
/// articles, and they are content (a credit that two articles share is real).
pub fn is_candidate(line: &str) -> bool {
    // Cheapest tests first: most lines are body text, long in bytes.
    !line.is_empty()
        && line.len() <= 480
        && (line.len() <= 120 || line.chars().count() <= 120)
        && word_units_upto(line, 13) <= 12
        && !is_separator(line)
        && !has_digit(line)
        && !crate::segment::is_dateline(line)
        && !crate::segment::is_byline_like(line)
        && !crate::segment::has_photo_credit(line)
}

/// What was learned about one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceProfile {
    /// Articles seen from this source.
    pub articles: u64,
    /// Boilerplate lines (folded) with the number of articles they occur in.
    pub lines: BTreeMap<String, u64>,
    /// [`fold_hash`] of each of `lines`, built on first use: most lines of an
    /// article are looked up by the hash the detectors already have, and only
    /// a hit is folded and compared.
    #[serde(skip)]
    hashes: HashIndex,
}

impl SourceProfile {
    /// A source seen in `articles` articles, with these boilerplate lines.
    pub fn new(articles: u64, lines: BTreeMap<String, u64>) -> SourceProfile {
        SourceProfile {
            articles,
            lines,
            hashes: HashIndex::default(),
        }
    }

    /// In how many articles `line` (whose [`fold_hash`] is `hash`) occurs, and
    /// of how many, if it is boilerplate of this source.
    pub fn frequency(&self, line: &str, hash: u64) -> Option<(u64, u64)> {
        if !self.may_contain(hash) {
            return None;
        }
        let n = *self.lines.get(&fold(line))?;
        Some((n, self.articles))
    }

    /// Could a line whose [`fold_hash`] is `hash` be one of `lines`?
    pub fn may_contain(&self, hash: u64) -> bool {
        self.hashes
            .0
            .get_or_init(|| self.lines.keys().map(|l| fold_hash(l)).collect())
            .contains(&hash)
    }
}

/// A lookup table worked out from the lines; not part of what a profile is,
/// so it takes no part in comparisons.
#[derive(Debug, Clone, Default)]
struct HashIndex(std::sync::OnceLock<crate::text::HashSet64>);

impl PartialEq for HashIndex {
    fn eq(&self, _: &HashIndex) -> bool {
        true
    }
}

/// Boilerplate lines per source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// [`PROFILE_VERSION`].
    pub version: u32,
    /// A line must occur in at least this many articles of its source.
    pub min_articles: u64,
    /// ... and in at least this share of them.
    pub min_share: f64,
    /// Per source (a directory, or the `--source-field` value).
    pub sources: BTreeMap<String, SourceProfile>,
}

impl Profile {
    /// How many articles of `source` carry `line`, if it is boilerplate there.
    pub fn frequency(&self, source: &str, line: &str) -> Option<(u64, u64)> {
        self.sources.get(source)?.frequency(line, fold_hash(line))
    }
}

#[derive(Debug, Default)]
struct Counts {
    articles: u64,
    /// [`fold_hash`] of a line -> its count.
    lines: HashMap64<Count>,
}

/// How often one line was seen.
#[derive(Debug)]
struct Count {
    /// Articles it occurred in.
    n: u64,
    /// The most it may have been undercounted by (lossy counting).
    delta: u64,
    /// The folded line, kept once it has been seen twice (or at once when a
    /// single article is enough to learn a line): most short lines
    /// (headlines, captions) occur once, and are never folded.
    text: Option<Box<str>>,
}

/// The candidate lines of one text, article by article, as
/// [`Learner::articles_of`] finds them: what [`Learner::add`] counts.
#[derive(Debug, Default)]
pub struct ArticleLines {
    /// The candidate lines (normalized, not folded), end to end.
    text: String,
    /// Each distinct candidate of each article: its [`fold_hash`] and where
    /// it is in `text`.
    lines: Vec<(u64, u32, u32)>,
    /// Where each article's candidates end in `lines`.
    ends: Vec<usize>,
}

impl ArticleLines {
    /// How many articles the text had.
    pub fn articles(&self) -> usize {
        self.ends.len()
    }

    /// The distinct candidate lines of article `a`, unfolded, with their
    /// [`fold_hash`] (ordered by hash).
    pub fn article(&self, a: usize) -> impl Iterator<Item = (u64, &str)> {
        let start = if a == 0 { 0 } else { self.ends[a - 1] };
        self.lines[start..self.ends[a]]
            .iter()
            .map(|&(h, s, e)| (h, &self.text[s as usize..e as usize]))
    }

    /// Add an article made of these lines (after normalization); the
    /// candidates among them are kept, once each.
    fn push_article<S: AsRef<str>>(&mut self, lines: impl Iterator<Item = S>) {
        let start = self.lines.len();
        for line in lines {
            let line = line.as_ref();
            if !is_candidate(line) {
                continue;
            }
            let s = self.text.len();
            self.text.push_str(line);
            // Offsets are 32-bit: past 4 GB of short lines in one text (no
            // real text has that many), lines go uncounted.
            let (Ok(s), Ok(e)) = (u32::try_from(s), u32::try_from(self.text.len())) else {
                continue;
            };
            self.lines.push((fold_hash(line), s, e));
        }
        // Each line once per article: sorted by hash, repeats dropped.
        let mut article = self.lines.split_off(start);
        article.sort_unstable_by_key(|&(h, _, _)| h);
        article.dedup_by_key(|&mut (h, _, _)| h);
        self.lines.append(&mut article);
        self.ends.push(self.lines.len());
    }
}

/// Counts short lines per source, in input order.
#[derive(Debug)]
pub struct Learner {
    min_articles: u64,
    min_share: f64,
    sources: BTreeMap<String, Counts>,
}

impl Learner {
    /// A learner with the thresholds of the `site-boilerplate` rule.
    pub fn new(min_articles: u64, min_share: f64) -> Learner {
        Learner {
            min_articles,
            min_share,
            sources: BTreeMap::new(),
        }
    }

    /// The candidate lines of each article of a text, for learning, read
    /// through the same normalization as cleaning (so that what is learned is
    /// what cleaning will look up, on this run and on the next).
    ///
    /// Long lines cannot be candidates (over 120 characters), so they are only
    /// trimmed, which is enough to tell blank lines and body paragraphs apart;
    /// short lines get the whole per-line normalization.
    pub fn articles_of(text: &str, config: &crate::Config) -> ArticleLines {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<std::borrow::Cow<'_, str>> = crate::text::split_lines(text)
            .map(|l| {
                let t = l.trim();
                // Normalization can shorten a line (spaces collapse): a margin.
                if t.len() <= 160 || (t.len() <= 640 && t.chars().count() <= 160) {
                    crate::normalize::normalize_one(l, config)
                } else {
                    std::borrow::Cow::Borrowed(t)
                }
            })
            .collect();
        let mut out = ArticleLines::default();
        // Header regions do not matter here: only which lines go together.
        for article in crate::segment::split_articles(&lines, &|_| false) {
            out.push_article(article.iter().map(|&i| &*lines[i]));
        }
        out
    }

    /// Count the articles of one text of `source`.
    pub fn add(&mut self, source: &str, lines: &ArticleLines) {
        for a in 0..lines.articles() {
            self.add_article(source, lines.article(a));
        }
    }

    /// Count one article of `source`: its distinct candidate lines, with
    /// their [`fold_hash`].
    fn add_article<'a>(&mut self, source: &str, article: impl Iterator<Item = (u64, &'a str)>) {
        let counts = match self.sources.get_mut(source) {
            Some(c) => c,
            None => self.sources.entry(source.to_string()).or_default(),
        };
        counts.articles += 1;
        let bucket = (counts.articles as f64 * EPSILON).ceil() as u64;
        // A line needs its text only if it can reach the threshold.
        let keep_text_at = self.min_articles.clamp(1, 2);
        for (hash, line) in article {
            let count = counts.lines.entry(hash).or_insert(Count {
                n: 0,
                delta: bucket.saturating_sub(1),
                text: None,
            });
            count.n += 1;
            if count.n >= keep_text_at && count.text.is_none() {
                count.text = Some(fold(line).into_boxed_str());
            }
        }
        // At each bucket boundary forget what cannot reach the error rate.
        let width = (1.0 / EPSILON) as u64;
        if counts.articles.is_multiple_of(width) {
            counts.lines.retain(|_, c| c.n + c.delta > bucket);
        }
    }

    /// What was learned: lines at or above both thresholds.
    pub fn profile(&self) -> Profile {
        let sources = self
            .sources
            .iter()
            .map(|(name, c)| {
                let need = self
                    .min_articles
                    .max((self.min_share * c.articles as f64).ceil() as u64);
                let lines = c
                    .lines
                    .values()
                    .filter(|c| c.n >= need)
                    .filter_map(|c| Some((c.text.as_deref()?.to_string(), c.n)))
                    .collect();
                (name.clone(), SourceProfile::new(c.articles, lines))
            })
            .collect();
        Profile {
            version: PROFILE_VERSION,
            min_articles: self.min_articles,
            min_share: self.min_share,
            sources,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One article of these lines.
    fn article(lines: &[&str]) -> ArticleLines {
        let mut a = ArticleLines::default();
        a.push_article(lines.iter());
        a
    }

    #[test]
    fn frequent_short_lines_per_source_are_learned() {
        let mut l = Learner::new(3, 0.05);
        for i in 0..100 {
            let mut lines = vec!["Share this article"];
            if i % 50 == 0 {
                lines.push("Rare line");
            }
            l.add("a.example", &article(&lines));
        }
        l.add("b.example", &article(&["Share this article"]));
        let p = l.profile();
        assert_eq!(
            p.frequency("a.example", "share this ARTICLE"),
            Some((100, 100))
        );
        assert_eq!(
            p.frequency("a.example", "Rare line"),
            None,
            "2 of 100 is under 5%"
        );
        assert_eq!(
            p.frequency("b.example", "Share this article"),
            None,
            "1 article is under the minimum of 3"
        );
    }

    #[test]
    fn dates_datelines_bylines_credits_and_long_lines_are_not_candidates() {
        assert!(is_candidate("Advertisement"));
        assert!(!is_candidate("Published 20 October 2019"));
        assert!(!is_candidate(&"word ".repeat(20)));
        assert!(!is_candidate("OSLO (NTB) —"));
        assert!(!is_candidate("BERGEN (NTB) -"));
        assert!(!is_candidate("By Mara Lindqvist"));
        assert!(!is_candidate("Av Mara Lindqvist"));
        assert!(!is_candidate("Photo: Jan Berg/NTB"));
        assert!(!is_candidate("The harbour at dawn. (AP)"));
        assert!(is_candidate("NTB"));
    }
}
