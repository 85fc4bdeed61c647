//! `site-boilerplate`: short lines learned to recur across a source's articles.
//!
//! Detects a line that the corpus profile (learned over the run, or loaded with
//! `--profile`) lists for this input's source. In the header (before the first
//! body paragraph) or the footer (after the last) it is removed, with its
//! frequency as the reason; between body paragraphs it is only flagged, and so
//! is a line that reads as a sentence but is in under a fifth of the source's
//! articles (a background sentence that follow-ups repeat), or is shaped like
//! a person's name but is in under half of them (a staff writer's name): the
//! story's own, more likely than the site's template, which is in most.
//! Why: logo texts, share buttons and cookie notices are not the article.
//! Example: `Share this article` in 812 of 1000 articles from a site goes.
//! Known false positives: a sign-off the site wants kept (use allow-repeat).

use super::{ArticleContext, Detector};
use crate::corpus::boilerplate::is_candidate;
use crate::lines::is_name_shaped;
use crate::text::{ends_like_sentence, push_num, word_units_upto};
use crate::{Change, Rule};

/// `site-boilerplate`.
pub struct SiteBoilerplate;

impl Detector for SiteBoilerplate {
    fn rule(&self) -> Rule {
        Rule::SiteBoilerplate
    }

    fn detect(&self, cx: &ArticleContext<'_>, out: &mut Vec<Change>) {
        let Some(profile) = &cx.config.profile else {
            return;
        };
        let source = &cx.config.source;
        let Some(known) = profile.sources.get(source) else {
            return;
        };
        if known.lines.is_empty() {
            return;
        }
        let n = cx.article.lines.len();
        // Looked up by the folded hash first; only a hit is checked further.
        let hits: Vec<(usize, u64, u64)> = (0..n)
            .filter_map(|p| {
                known
                    .frequency(cx.text(p), cx.folded[p])
                    .map(|(c, t)| (p, c, t))
            })
            .filter(|&(p, _, _)| !cx.headline.as_ref().is_some_and(|h| h.covers(p)))
            // Only short lines were counted.
            .filter(|&(p, _, _)| is_candidate(cx.text(p)))
            .collect();
        if hits.is_empty() {
            return;
        }
        let first_body = (0..n).find(|&p| cx.is_body(p)).unwrap_or(n);
        let last_body = (0..n).rev().find(|&p| cx.is_body(p));
        for (p, count, total) in hits {
            let outside = p < first_body || last_body.is_none_or(|l| p > l);
            // "appears in {count} of {total} articles from {source}...",
            // built without the formatting machinery (one per removal).
            let mut why = String::with_capacity(112 + source.len());
            why.push_str("appears in ");
            push_num(&mut why, count);
            why.push_str(" of ");
            push_num(&mut why, total);
            why.push_str(" articles from ");
            why.push_str(source);
            // A sentence or a name in few of the source's articles may be the
            // story's own: a background sentence that follow-ups repeat (in a
            // handful of articles), a staff writer's name under the headline
            // (each writer has a share of the articles). A site's template
            // puts its lines in most of them.
            let text = cx.text(p);
            let doubt =
                if count * 5 < total && ends_like_sentence(text) && word_units_upto(text, 4) >= 4 {
                    Some("reads as a sentence and is in under a fifth of them")
                } else if count * 2 < total && is_name_shaped(text) {
                    Some("is shaped like a person's name and is in under half of them")
                } else {
                    None
                };
            if let (true, Some(what)) = (outside, doubt) {
                why.push_str(", but it ");
                why.push_str(what);
                why.push_str(", so it is left for review");
                out.push(cx.flag(Rule::SiteBoilerplate, p, why));
            } else if outside {
                why.push_str(": the site's boilerplate");
                out.push(cx.remove(Rule::SiteBoilerplate, p, why));
            } else {
                why.push_str(", but it sits between body paragraphs, so it is left for review");
                out.push(cx.flag(Rule::SiteBoilerplate, p, why));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_name_shaped;

    #[test]
    fn names_are_two_or_three_capitalized_words() {
        for name in [
            "Mara Lindqvist",
            "Jan-Erik Berg",
            "Seán O'Brien",
            "J. R. Hartley",
            "Mara Lindqvist and Jan Berg",
            "Mara Lindqvist, Jan Berg & Ola Nordmann",
        ] {
            assert!(is_name_shaped(name), "{name}");
        }
        for other in [
            "TT",
            "NTB Scanpix",
            "Related articles",
            "The Coastal Herald",
            "Top of the News",
            "Mara",
            "Share this article",
            "Jan Berg 2",
            "Mara Lindqvist and TT",
            "Sport and Culture",
            "Mara Lindqvist,",
        ] {
            assert!(!is_name_shaped(other), "{other}");
        }
    }
}
