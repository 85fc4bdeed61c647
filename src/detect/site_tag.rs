//! `site-tag`: the site's logo text alone on a line in the header region.
//!
//! Detects a short standalone line such as `TT`, `BBC logo` or `Times Online`
//! that is not the headline, a caption, a byline, a date or a sentence, when
//! there is evidence that it is the site's own label: the user listed it; it
//! names the site that decorates the headline; it sits between the headline and
//! the headline's copy, among header lines only (a sentence of text there,
//! not a caption, makes the lines around it the article's: a kicker beside a
//! standfirst); or it stands before the headline and is shaped like a logo (a
//! domain, `X logo`, an agency's name).
//! Why: scrapers keep the alt text of the site's logo.
//! Example: `Title`, `TT`, `Title` → `Title`.
//! Known false positives: a one- or two-word kicker printed between two copies
//! of the headline. Letters inside a sentence are never touched: only whole
//! lines are candidates.

use super::{ArticleContext, Detector};
use crate::lines::{Shape, is_site_credit, is_site_line, is_site_name, split_pieces};
use crate::text::{fold, word_units_upto};
use crate::{Change, Rule};

/// `site-tag`.
pub struct SiteTag;

impl Detector for SiteTag {
    fn rule(&self) -> Rule {
        Rule::SiteTag
    }

    fn detect(&self, cx: &ArticleContext<'_>, out: &mut Vec<Change>) {
        let n = cx.article.lines.len();
        let info = cx.headline.as_ref();
        let header_end = cx
            .article
            .header_end
            .max(info.and_then(|i| i.block_end).unwrap_or(0));
        // A line naming the decorating site counts only before the headline's
        // copy: after it come bylines such as "CTV.ca News Staff".
        let deco_end = info
            .and_then(|i| i.block_end)
            .unwrap_or(cx.article.header_end);
        let deco: Vec<String> = info
            .map(|i| i.decoration.iter().map(|d| fold(d)).collect())
            .unwrap_or_default();
        // How often each header line occurs in the whole article: only header
        // lines are asked about, so only they are counted (a map of every
        // line of a long article would cost more than its text).
        let header = header_end.min(n);
        let mut seen: crate::text::HashMap64<usize> =
            crate::text::HashMap64::with_capacity_and_hasher(header, Default::default());
        for h in &cx.folded[..header] {
            seen.insert(*h, 0);
        }
        for h in &cx.folded {
            if let Some(k) = seen.get_mut(h) {
                *k += 1;
            }
        }
        let repeated = |p: usize| seen.get(&cx.folded[p]).is_some_and(|&k| k > 1);
        // Between the headline and its copy a header block holds labels,
        // captions and decorations. A sentence there that is none of them
        // (not a caption, not repeated) is the article's text, and so are the
        // short lines around it.
        let header_block = info.is_some_and(|i| {
            i.between_copies().filter(|&q| !i.covers(q)).all(|q| {
                !cx.is(q, Shape::SentenceEnd)
                    || word_units_upto(cx.text(q), 4) < 4
                    || cx.is(q, Shape::PhotoCredit)
                    || repeated(q)
            })
        });

        // The page's title, decorated with the site's name, stands before
        // the headline's plain wording: what the page printed between the
        // two is its header furniture, whatever its casing.
        let titled = info.is_some_and(|i| {
            i.copies
                .iter()
                .any(|(_, k)| *k == super::headline::CopyKind::Undecorated)
        });
        for p in 0..header {
            if info.is_some_and(|i| i.covers(p)) {
                continue;
            }
            let text = cx.text(p);
            let reason = if cx.config.is_site_tag(text) {
                Some("is listed as a site tag (--site-tag)".to_string())
            } else if info.and_then(|i| i.top_tag) == Some(p) && !repeated(p) {
                let h = info.map_or(0, |i| cx.line_no(i.headline));
                Some(format!(
                    "stands alone before the headline on line {h} and is shaped like a logo text \
                     (a domain, 'X logo', a news agency's name)"
                ))
            } else if cx.is(p, Shape::LogoText) && !repeated(p) {
                Some("is shaped like a logo's alt text ('X logo', 'logoimg', 'Homepage') in the header region".to_string())
            } else if p < deco_end
                && !repeated(p)
                && !cx.is(p, Shape::Byline)
                && let Some(piece) = deco.iter().find(|d| {
                    let line = fold(text);
                    // Short, or a site line with its tagline where the site's
                    // name is a piece of its own ("Site | Tagline of the site").
                    (word_units_upto(text, 7) <= 6 && names_same_site(&line, d))
                        || (word_units_upto(text, 11) <= 10
                            && line
                                .split(['|', '\u{2013}', '\u{2014}'])
                                .chain(line.split(" - "))
                                .any(|seg| seg.trim() == d.as_str()))
                })
            {
                let h = info.map_or(0, |i| cx.line_no(i.headline));
                Some(format!(
                    "names the site ('{piece}') that decorates the headline on line {h}; a logo \
                     text, not content"
                ))
            } else if let Some(i) = info
                && header_block
                && i.between_copies().contains(&p)
                && is_site_line(text)
                && !cx.is(p, Shape::LabelOrDateline)
                // A line ending in a comma ("Springfield,") leads into what
                // follows it.
                && !text.trim_end().ends_with(',')
                // A kicker or a headline in sentence case ("Breaking news")
                // may stand there too: only a name's casing, a logo's shape
                // or a domain says the line is the site's, or, for a name
                // with its tagline, one piece of it that is so.
                && (titled
                    || cx.is(p, Shape::SiteName)
                    || split_pieces(text).len() > 1
                        && split_pieces(text).iter().any(|p| is_site_name(p)))
                // A credit tag on its own (`from the Valley Courier`) is the
                // site's; beside a date or a name it is part of the byline.
                && (!cx.is(p, Shape::Byline)
                    || (is_site_credit(text)
                        && (p == 0 || !cx.article.same_block(p - 1, p))
                        && (p + 1 == n || !cx.article.same_block(p, p + 1))))
                && !cx.is(p, Shape::PhotoCredit)
                && !cx.is(p, Shape::CreditOrNote)
                && !repeated(p)
            {
                // The copy after it (the alt text's copy may stand before).
                let copy = i
                    .copies
                    .iter()
                    .map(|(c, _)| *c)
                    .find(|&c| c > p)
                    .map_or(0, |c| cx.line_no(c));
                let what = if cx.is(p, Shape::Byline) {
                    "not a sentence, date or caption, and no byline (it credits a site, not a \
                     person): the site's credit tag"
                } else if cx.is(p, Shape::LogoShaped) {
                    "not a sentence, byline, date or caption: the site's logo text (it is shaped \
                     like one)"
                } else {
                    "not a sentence, byline, date or caption: the site's logo text"
                };
                Some(format!(
                    "a short line between the headline on line {} and its copy on line {copy}, \
                     {what}",
                    cx.line_no(i.headline),
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                out.push(cx.remove(Rule::SiteTag, p, reason));
            }
        }
    }
}

/// Does a folded tag line name the same site as a folded decoration piece?
/// Equal, or one contains the other as whole words ("guardian unlimited" in
/// "guardian unlimited football", "iccheshireonline" in "iccheshireonline logo").
fn names_same_site(line: &str, piece: &str) -> bool {
    if line == piece {
        return true;
    }
    let contains_words = |hay: &str, needle: &str| {
        let h: Vec<&str> = hay.split_whitespace().collect();
        let n: Vec<&str> = needle.split_whitespace().collect();
        !n.is_empty()
            && needle.chars().count() >= 3
            && h.windows(n.len()).any(|w| w == n.as_slice())
    };
    contains_words(line, piece) || contains_words(piece, line)
}

#[cfg(test)]
mod tests {
    use super::names_same_site;

    #[test]
    fn site_names_match_as_whole_words() {
        assert!(names_same_site(
            "guardian unlimited",
            "guardian unlimited football"
        ));
        assert!(names_same_site("iccheshireonline logo", "iccheshireonline"));
        assert!(!names_same_site("the times", "timesonline"));
        assert!(!names_same_site("a", "a b"));
    }
}
