//! `repeated-paragraph`: a body paragraph the scraper printed twice.
//!
//! Detects an exact copy (after whitespace normalization) of a body line:
//! right after the first copy when it has at least
//! `paragraph_min_words_adjacent` words (removed), or further down the
//! article when it is at least `paragraph_min_chars_distant` characters long
//! (flagged for review: measured on real pages, a long paragraph that recurs
//! far from its first copy is meant more often than not).
//! Why: scrapers that follow pagination or "read more" links print text twice.
//! Example: `A long paragraph...`, `A long paragraph...` → one copy.
//! Natural repetition (a refrain, a chant, a `___` separator, a table header)
//! is short, so it stays. A runaway guard: if the rule would remove more than
//! `max_body_removal_share` of the article's body lines, it removes nothing and
//! flags the article for review. Known false positives: a long paragraph
//! printed twice in a row on purpose (a pledge read out twice).

use super::{ArticleContext, Detector};
use crate::lines::is_refrain;
use crate::text::{HashMap64, is_separator, word_units_upto};
use crate::{Change, Rule};

/// `repeated-paragraph`.
pub struct RepeatedParagraph;

impl Detector for RepeatedParagraph {
    fn rule(&self) -> Rule {
        Rule::RepeatedParagraph
    }

    fn detect(&self, cx: &ArticleContext<'_>, out: &mut Vec<Change>) {
        let n = cx.article.lines.len();
        let start = cx.article.header_end;
        let cfg = cx.config;
        // Candidates share a folded hash; a repeat must then be equal exactly.
        let gone = cx.removed_before(out);
        let mut first: HashMap64<usize> =
            HashMap64::with_capacity_and_hasher(n, Default::default());
        let mut found = Vec::new();
        let mut last_copy_of: crate::text::LineMap<usize> = crate::text::LineMap::default();
        // The first line of each exact wording among lines that share a
        // fold with an earlier one (filled only where folds meet).
        let mut wording: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        // The last line before `p` that no earlier rule removes: a copy is
        // adjacent when it is not after the line it repeats (one look,
        // where scanning the lines between would be quadratic in a line
        // printed thousands of times).
        let mut last_staying: Option<usize> = None;
        for p in 0..n {
            let staying_before = last_staying;
            if !gone.contains(&p) {
                last_staying = Some(p);
            }
            let text = cx.text(p);
            let Some(&q) = first.get(&cx.folded[p]) else {
                first.insert(cx.folded[p], p);
                continue;
            };
            // Same fold, different text (case, quotes): the exact twin is
            // the first line of the same wording, if any came before.
            let q = if cx.text(q) == text {
                q
            } else {
                wording.entry(cx.text(q)).or_insert(q);
                match wording.get(text) {
                    Some(&k) => k,
                    None => {
                        wording.insert(text, p);
                        continue;
                    }
                }
            };
            if p < start || is_separator(text) {
                continue;
            }
            let prev = last_copy_of.get(&q).copied().unwrap_or(q);
            // Adjacent: nothing stays between them (lines that other rules
            // remove do not count, as on the next run they are gone).
            let adjacent = staying_before.is_none_or(|m| m <= prev);
            // Words are counted only as far as the thresholds need.
            let words = word_units_upto(text, cfg.paragraph_min_words_adjacent.max(8));
            let long = text.chars().count() >= cfg.paragraph_min_chars_distant && words >= 8;
            // A refrain is repeated on purpose (checked last: it is the
            // costliest test).
            if adjacent && words >= cfg.paragraph_min_words_adjacent && !is_refrain(text) {
                last_copy_of.insert(q, p);
                found.push((
                    p,
                    format!(
                        "repeats the paragraph on line {} directly above it",
                        cx.line_no(prev)
                    ),
                ));
            } else if long && !adjacent && !is_refrain(text) {
                // A long paragraph that recurs far from its first copy is
                // more often meant than not (a dish on several days of a meal
                // plan, a letter quoted and then printed whole, a standfirst
                // reused as the lead): flagged for review, never removed.
                last_copy_of.insert(q, p);
                out.push(cx.flag(
                    Rule::RepeatedParagraph,
                    p,
                    format!(
                        "repeats the paragraph on line {} earlier in the article; a paragraph \
                         repeated far from its first copy is often meant, so it is left in place \
                         for review",
                        cx.line_no(q)
                    ),
                ));
            }
        }
        let body = n.saturating_sub(start);
        if found.is_empty() {
            return;
        }
        if found.len() as f64 > cfg.max_body_removal_share * body as f64 {
            let first_line = cx.line_no(0);
            for (p, why) in found.iter() {
                out.push(cx.flag(
                    Rule::RepeatedParagraph,
                    *p,
                    format!(
                        "{why}; not removed: the rule would remove {} of the {body} body lines of \
                         the article starting on line {first_line} (more than the guard allows), \
                         so the article is left for review",
                        found.len()
                    ),
                ));
            }
            return;
        }
        for (p, why) in found {
            out.push(cx.remove(Rule::RepeatedParagraph, p, why));
        }
    }
}
