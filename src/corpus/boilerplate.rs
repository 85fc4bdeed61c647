//! Site boilerplate learned across articles: short lines that recur in many
//! articles of one source (`TT`, `Advertisement`, `Share this article`).
//!
//! [`Learner`] counts, per source, in how many articles each short line occurs
//! (once per article), with lossy counting (Manku and Motwani) so that memory
//! stays bounded however long the run: a line whose share stays under the error
//! rate is forgotten, and no line above the threshold can be. [`Profile`] is
//! what was learned, serializable with `copydesk learn` and reusable with
//! `--profile`.
//!
//! A line is learned only from articles that are not copies of one another: a
//! story saved three times (its page, its AMP page, its print page) would
//! otherwise make its own short sentences "recur in three articles", and they
//! would be removed from every copy. Each article has a [`Fingerprint`], a
//! sample of its body, and a line must be seen with [`MIN_DISTINCT`]
//! different fingerprints (or `min_articles`, if fewer).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::{HashMap64, fold, fold_hash, has_digit, is_separator, word_units_upto};

/// The lossy-counting error rate: lines rarer than this share of a source's
/// articles may be forgotten. Well under the 5% default threshold.
const EPSILON: f64 = 0.005;

/// Articles that are not copies of one another a line must be seen in (at
/// most; fewer when `min_articles` is lower), before its count counts.
pub const MIN_DISTINCT: u64 = 3;

/// Version of the profile file format.
pub const PROFILE_VERSION: u32 = 1;

/// A short line worth counting: at most 12 words and 120 characters, not a
/// separator, no digits (dates and scores vary and are content), and neither
/// a dateline (`OSLO (NTB) —`), a byline (`By Mara Lindqvist`), a photo
/// credit (`Photo: Jan Berg/NTB`, `... (AP)`), a credit for the reporting
/// (`Additional reporting by Jan Berg`) nor an editor's note (`This story has
/// been corrected.`): a wire service's city, a staff writer's name, a credit
/// and a correction recur in many of a site's articles, and they are content
/// (a credit that two articles share is real).
pub fn is_candidate(line: &str) -> bool {
    // Cheapest tests first: most lines are body text, long in bytes.
    !line.is_empty()
        && line.len() <= 480
        && (line.len() <= 120 || line.chars().count() <= 120)
        && word_units_upto(line, 13) <= 12
        && !is_separator(line)
        && !has_digit(line)
        && !crate::lines::is_dateline(line)
        && !crate::lines::is_byline_like(line)
        && !crate::lines::has_photo_credit(line)
        && !crate::lines::is_credit_or_note(line)
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
    /// Fingerprints of the articles it was seen in, up to [`MIN_DISTINCT`]
    /// different ones (the last needs no room: it is only counted).
    seen: [Fingerprint; MIN_DISTINCT as usize - 1],
    /// How many different fingerprints it was seen with, up to [`MIN_DISTINCT`].
    distinct: u8,
}

impl Count {
    /// Count an article with fingerprint `fp` as distinct, unless it is a
    /// copy of one already counted.
    fn see(&mut self, fp: Fingerprint) {
        let d = self.distinct as usize;
        if d >= MIN_DISTINCT as usize || self.seen[..d].iter().any(|s| s.copies(&fp)) {
            return;
        }
        if let Some(slot) = self.seen.get_mut(d) {
            *slot = fp;
        }
        self.distinct += 1;
    }
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
    /// Each article's fingerprint.
    fingerprints: Vec<Fingerprint>,
}

impl ArticleLines {
    /// How many articles the text had.
    pub fn articles(&self) -> usize {
        self.ends.len()
    }

    /// The fingerprint of article `a`.
    pub fn fingerprint(&self, a: usize) -> Fingerprint {
        self.fingerprints[a]
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
        let (mut first, mut body) = (None, None::<Fingerprint>);
        for line in lines {
            let line = line.as_ref();
            if first.is_none() {
                first = Some(Fingerprint::of(line));
            }
            if !is_candidate(line) {
                if line.len() > 120 {
                    let h = Fingerprint::of(line);
                    body = Some(body.map_or(h, |b| b.min(h)));
                }
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
        self.fingerprints.push(body.or(first).unwrap_or_default());
    }
}

/// What tells an article from copies of it: two independent samples of its
/// body, each the least hash of its body lines (lines over 120 bytes that are
/// not candidates) under one hash function, or the hashes of its first line
/// when it has no body. Two articles are copies when either sample agrees.
/// A copy edited in one paragraph (an update) still agrees unless both
/// samples fell on that paragraph; two different articles agree only through
/// a long line they share (about twice the share of their lines in common).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Fingerprint([u32; 2]);

impl Fingerprint {
    /// The fingerprint of one line.
    fn of(line: &str) -> Fingerprint {
        Fingerprint([line_hash(line, 0), line_hash(line, 0x9e37_79b9_7f4a_7c15)])
    }

    /// The least of each sample.
    fn min(self, other: Fingerprint) -> Fingerprint {
        Fingerprint([self.0[0].min(other.0[0]), self.0[1].min(other.0[1])])
    }

    /// Are the articles copies of one another?
    pub fn copies(&self, other: &Fingerprint) -> bool {
        self.0[0] == other.0[0] || self.0[1] == other.0[1]
    }
}

/// A 32-bit hash of a line for fingerprints: its length and its first 64
/// bytes (enough to tell paragraphs apart, and cheap on long ones), eight
/// bytes at a time.
fn line_hash(line: &str, seed: u64) -> u32 {
    let b = line.as_bytes();
    let mut h = b.len() as u64 ^ seed;
    for block in b[..b.len().min(64)].chunks(8) {
        h = (h.rotate_left(5) ^ crate::text::load_le(block)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^= h >> 29;
    (h.wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 32) as u32
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
        // In Markdown, front matter, code and comments are left alone by
        // cleaning, so they are not counted either (`layout: post` in every
        // post is not the site's boilerplate).
        let markdown = config.markdown.then(|| {
            let raw: Vec<&str> = crate::text::split_lines(text).collect();
            crate::markdown::analyze(&raw)
        });
        let protected = |i: usize| markdown.as_ref().is_some_and(|m| m.protected[i]);
        let mut out = ArticleLines::default();
        // Header regions do not matter here: only which lines go together.
        for article in crate::segment::split_articles(&lines, &protected) {
            out.push_article(article.iter().map(|&i| &*lines[i]));
        }
        out
    }

    /// Count the articles of one text of `source`.
    pub fn add(&mut self, source: &str, lines: &ArticleLines) {
        for a in 0..lines.articles() {
            self.add_article(source, lines.fingerprint(a), lines.article(a));
        }
    }

    /// Count one article of `source` (with fingerprint `fp`): its distinct
    /// candidate lines, with their [`fold_hash`].
    fn add_article<'a>(
        &mut self,
        source: &str,
        fp: Fingerprint,
        article: impl Iterator<Item = (u64, &'a str)>,
    ) {
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
                seen: [Fingerprint::default(); MIN_DISTINCT as usize - 1],
                distinct: 0,
            });
            count.n += 1;
            count.see(fp);
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
                let distinct = self.min_articles.clamp(1, MIN_DISTINCT);
                let lines = c
                    .lines
                    .values()
                    .filter(|c| c.n >= need && u64::from(c.distinct) >= distinct)
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
            let headline = format!("Headline number {}", word(i));
            let mut lines = vec![headline.as_str(), "Share this article"];
            if i % 50 == 0 {
                lines.push("Rare line");
            }
            l.add("a.example", &article(&lines));
        }
        l.add("b.example", &article(&["A headline", "Share this article"]));
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

    /// A word of its own for each number (no digits: they are never
    /// candidates).
    fn word(i: usize) -> String {
        let letters = b"abcdefghij";
        i.to_string()
            .bytes()
            .map(|d| letters[usize::from(d - b'0')] as char)
            .collect()
    }

    /// A body paragraph of its own for each number.
    fn paragraph(i: usize) -> String {
        format!(
            "The council said on the day {} that {}",
            word(i),
            "the budget would pass ".repeat(8)
        )
    }

    /// A story saved three times (its page, AMP page, print page) is one
    /// article to learn from: its short sentences are not the site's, however
    /// small the site. Its copies' headlines may differ (a site's decoration);
    /// the body tells. A line in three different articles is learned.
    #[test]
    fn copies_of_one_story_count_as_one_article() {
        let mut l = Learner::new(3, 0.05);
        for i in 0..20 {
            let p = paragraph(i);
            l.add(
                "site",
                &article(&[&format!("Headline {}", word(i)), &p, "TT"]),
            );
        }
        let story = paragraph(100);
        for headline in [
            "Police search the harbour",
            "Police search the harbour | Herald",
        ] {
            for _ in 0..2 {
                let lines = [headline, &story, "His family said he went out alone.", "TT"];
                l.add("site", &article(&lines));
            }
        }
        // A second story shares the sentence: two articles, still too few.
        let other = paragraph(101);
        l.add(
            "site",
            &article(&[
                "Divers return",
                &other,
                "His family said he went out alone.",
            ]),
        );
        let p = l.profile();
        assert_eq!(p.frequency("site", "TT"), Some((24, 25)));
        assert_eq!(
            p.frequency("site", "His family said he went out alone."),
            None
        );
        // A third article makes it the site's.
        let third = paragraph(102);
        l.add(
            "site",
            &article(&["Search ends", &third, "His family said he went out alone."]),
        );
        let p = l.profile();
        assert_eq!(
            p.frequency("site", "His family said he went out alone."),
            Some((6, 26))
        );
        // With a lower minimum, fewer different articles are needed.
        let mut l = Learner::new(1, 0.0);
        l.add(
            "site",
            &article(&["Police search the harbour", &story, "Alone."]),
        );
        l.add(
            "site",
            &article(&["Police search the harbour", &story, "Alone."]),
        );
        assert_eq!(l.profile().frequency("site", "Alone."), Some((2, 2)));
    }

    /// The fingerprint of an article of these lines.
    fn fingerprint(lines: &[&str]) -> Fingerprint {
        article(lines).fingerprint(0)
    }

    /// An update of a story (one paragraph edited) is still a copy of it,
    /// though one sample of its body moved with the edit; another story is
    /// not.
    #[test]
    fn an_updated_copy_is_still_a_copy() {
        let paragraphs: Vec<String> = (200..203).map(paragraph).collect();
        let story: Vec<&str> = std::iter::once("Police search the harbour")
            .chain(paragraphs.iter().map(String::as_str))
            .collect();
        let original = fingerprint(&story);
        // The paragraph that gives the first sample, edited until that
        // sample moves (each edit gives other hashes).
        let at = 1
            + (0..3)
                .min_by_key(|&i| Fingerprint::of(&paragraphs[i]).0[0])
                .unwrap();
        let mut updates = Vec::new();
        for k in 0.. {
            let edited = format!("{} Updated {}.", story[at], word(k));
            let mut lines = story.clone();
            lines[at] = &edited;
            let fp = fingerprint(&lines);
            if fp.0[0] != original.0[0] && updates.iter().all(|u: &Fingerprint| u.0[0] != fp.0[0]) {
                updates.push(fp);
            }
            if updates.len() == 2 {
                break;
            }
        }
        assert!(updates.iter().all(|u| u.copies(&original)));
        assert!(updates[0].copies(&updates[1]));
        let other: Vec<String> = (300..303).map(paragraph).collect();
        let other: Vec<&str> = std::iter::once("Police search the harbour")
            .chain(other.iter().map(String::as_str))
            .collect();
        assert!(!fingerprint(&other).copies(&original));
        // So a short line of the story and its two updates is not learned.
        let mut l = Learner::new(3, 0.05);
        for fp in [original, updates[0], updates[1]] {
            let counted = article(&["His family said he went out alone."]);
            l.add_article("site", fp, counted.article(0));
        }
        assert_eq!(
            l.profile()
                .frequency("site", "His family said he went out alone."),
            None
        );
    }

    #[test]
    fn dates_datelines_bylines_credits_and_long_lines_are_not_candidates() {
        assert!(is_candidate("Advertisement"));
        assert!(!is_candidate("Published 20 October 2019"));
        assert!(!is_candidate(&"word ".repeat(20)));
        assert!(!is_candidate("OSLO (NTB) —"));
        assert!(!is_candidate("BERGEN (NTB) -"));
        assert!(!is_candidate("OSLO (NTB):"));
        assert!(!is_candidate("By Mara Lindqvist"));
        assert!(!is_candidate("Av Mara Lindqvist"));
        assert!(!is_candidate("Photo: Jan Berg/NTB"));
        assert!(!is_candidate("The harbour at dawn. (AP)"));
        assert!(!is_candidate(
            "The Associated Press contributed to this report."
        ));
        assert!(!is_candidate("Additional reporting by Jan Berg."));
        assert!(!is_candidate("Compiled by the Herald news desk"));
        assert!(!is_candidate("Mara Lindqvist, Staff Writer"));
        assert!(!is_candidate("Jan Berg, Political Correspondent"));
        assert!(is_candidate("The Hollywood Reporter"));
        assert!(!is_candidate("This story has been corrected."));
        assert!(!is_candidate("Editor’s note"));
        assert!(is_candidate("Sign up for our newsletter."));
        assert!(is_candidate("NTB"));
    }
}
