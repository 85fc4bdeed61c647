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
use crate::segment::{
    has_photo_credit, is_byline_like, is_credit_or_note, is_domain, is_label_or_dateline,
    is_logo_shaped, is_logo_text, is_short_label,
};
use crate::text::{ends_like_sentence, fold, word_units_upto};
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
            i.block().all(|q| {
                let t = cx.text(q);
                !ends_like_sentence(t)
                    || word_units_upto(t, 4) < 4
                    || has_photo_credit(t)
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
            } else if is_logo_text(text) && !repeated(p) {
                Some("is shaped like a logo's alt text ('X logo', 'logoimg', 'Homepage') in the header region".to_string())
            } else if p < deco_end
                && !repeated(p)
                && !is_byline_like(text)
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
                && i.block().contains(&p)
                && is_site_line(text)
                && !is_label_or_dateline(text)
                // A line ending in a comma ("Springfield,") leads into what
                // follows it.
                && !text.trim_end().ends_with(',')
                // A kicker or a headline in sentence case ("Breaking news")
                // may stand there too: only a name's casing, a logo's shape
                // or a domain says the line is the site's, or, for a name
                // with its tagline, one piece of it that is so.
                && (titled
                    || is_site_name(text)
                    || split_pieces(text).len() > 1
                        && split_pieces(text).iter().any(|p| is_site_name(p)))
                && !is_byline_like(text)
                && !has_photo_credit(text)
                && !is_credit_or_note(text)
                && !repeated(p)
            {
                let copy = i.block_end.map_or(0, |e| cx.line_no(e));
                Some(format!(
                    "a short line between the headline on line {} and its copy on line {copy}, \
                     not a sentence, byline, date or caption: the site's logo text{}",
                    cx.line_no(i.headline),
                    if is_logo_shaped(text) {
                        " (it is shaped like one)"
                    } else {
                        ""
                    }
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

/// Shaped like a site's name: cased like a name, shaped like a logo, a
/// lower-case brand, or holding a domain.
fn is_site_name(s: &str) -> bool {
    is_name_cased(s)
        || is_logo_shaped(s)
        || is_lowercase_brand(s)
        || s.split_whitespace().any(is_domain)
}

/// The pieces of a line between a name and its tagline: split at ` - `,
/// `|`, a colon or a full stop followed by a space, and the dashes.
fn split_pieces(s: &str) -> Vec<&str> {
    s.split(['|', '\u{2013}', '\u{2014}'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(": "))
        .flat_map(|p| p.split(". "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// A site's name, alone or with its tagline: up to ten words, not a
/// sentence, and no number but a year among three words or more (`Valley
/// Courier. Local News Since 1901`), so that a date is never one.
fn is_site_line(s: &str) -> bool {
    let numbers: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_numeric()))
        .collect();
    let year_only = numbers.is_empty()
        || (numbers.len() == 1
            && numbers[0].len() == 4
            && numbers[0].chars().all(|c| c.is_ascii_digit())
            && word_units_upto(s, 3) >= 3);
    is_short_label(s)
        || (word_units_upto(s, 11) <= 10
            && s.chars().count() <= 90
            && year_only
            && !crate::segment::ends_like_sentence_strict(s))
}

/// Cased like a name or a logo ("Harbour Daily Online", "Site Search Powered
/// By Example", "TT"), not like a sentence-case headline ("Council cautious
/// on the port plan"):
/// every word starts with a capital or a digit, short function words aside.
/// A line in a script without letter case (Arabic, Hebrew, Chinese,
/// Japanese) cannot show that it is a name, so it is never name-cased: it
/// gets the protection a sentence-case kicker gets, and goes only on other
/// evidence (listed, shaped like a logo, naming the decorating site). A
/// line without letters or digits (`-----`) is layout, not a name.
fn is_name_cased(s: &str) -> bool {
    // The words title case leaves in lower case (articles, conjunctions,
    // short prepositions), in the languages whose names scrapers meet most:
    // a list, since no shape tells them from other lower-case words.
    const SMALL: [&str; 30] = [
        "of", "the", "and", "by", "for", "on", "in", "to", "a", "an", "&", "with", "at", "from",
        "as", "or", "via", "de", "del", "della", "des", "du", "la", "le", "les", "van", "von",
        "der", "und", "y",
    ];
    let has_case = s.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    if !has_case {
        // A rule of dashes or stars has no words to protect.
        return !s.chars().any(char::is_alphanumeric);
    }
    s.split_whitespace().all(|w| {
        let first = w.chars().find(|c| c.is_alphanumeric());
        SMALL.contains(&w.to_lowercase().as_str())
            || is_domain(w)
            || w.chars().any(char::is_uppercase)
            || first.is_none_or(|c| c.is_uppercase() || c.is_numeric() || !c.is_lowercase())
    })
}

/// One token of lower-case letters (digits allowed), at least six long:
/// the way a web brand writes its name (`harbourwatch`, `kite44news`). A
/// kicker is a word or two of the language, written with a capital
/// (`Weather`, `Breaking news`); a script without case is never this shape.
fn is_lowercase_brand(s: &str) -> bool {
    let t = s.trim();
    t.chars().count() >= 6
        && t.chars().all(|c| c.is_lowercase() || c.is_ascii_digit())
        && t.chars().any(char::is_lowercase)
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
