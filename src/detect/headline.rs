//! `repeated-headline`: later copies of the article's headline.
//!
//! Detects: the headline printed again (exactly, after folding case, spacing,
//! quotes and dashes, or nearly, in the header region); a copy that carries a
//! site decoration (`Title | Site`, `Site: Title`, `Title - Site`); an image alt
//! text that repeats a long headline anywhere in the article.
//! Why: scrapers print the page title, the headline and alt texts in turn.
//! Example: `Haftar Meets Putin | Reuters`, `Reuters`, `Haftar Meets Putin`
//! becomes `Haftar Meets Putin` (the site tag goes under `site-tag`).
//! Known false positives: a decoration is only stripped when the rest of the
//! line appears on its own and every stripped piece looks like a name, so a
//! subtitle after a colon ("Brexit: what comes next") stays.

use strsim::normalized_levenshtein;

use super::{ArticleContext, Detector};
use crate::lines::{Shape, is_name_like};
use crate::segment::MAX_HEADER_LINES;
use crate::text::{ends_like_sentence, fold, word_units, word_units_upto};
use crate::{Change, Rule};

/// A later line that repeats the headline, and how.
#[derive(Debug, Clone, PartialEq)]
pub enum CopyKind {
    /// The same text.
    Exact,
    /// The same after folding case, spacing, quotes and dashes.
    Folded,
    /// Similar enough (the similarity).
    Near(f64),
    /// The headline plus a site decoration.
    Decorated(String),
    /// The undecorated wording of a decorated headline.
    Undecorated,
    /// The headline again in the page's own wording (typographic quotes or
    /// dashes, or the headline's casing, where the first line has plain
    /// ones): that wording takes the headline's place.
    Reworded,
}

/// The headline of an article and where it is repeated.
#[derive(Debug, Clone)]
pub struct HeadlineInfo {
    /// Position of the headline.
    pub headline: usize,
    /// Position of a logo-shaped line standing before the headline.
    pub top_tag: Option<usize>,
    /// The headline's wording without decoration.
    pub core: String,
    /// The site decoration stripped from the headline, as pieces ("Sports", "Reuters").
    pub decoration: Vec<String>,
    /// Later copies of the headline, by position.
    pub copies: Vec<(usize, CopyKind)>,
    /// Position of the first copy inside the header window: the lines between
    /// the headline and it form a header block that the page printed twice.
    pub block_end: Option<usize>,
    /// Position of the last copy inside the header window.
    pub last_in_window: Option<usize>,
}

impl HeadlineInfo {
    /// Is position `p` the headline or one of its copies?
    pub fn covers(&self, p: usize) -> bool {
        p == self.headline || self.copies.iter().any(|(c, _)| *c == p)
    }

    /// Positions strictly between the headline and its first copy.
    pub fn block(&self) -> std::ops::Range<usize> {
        match self.block_end {
            Some(end) => self.headline + 1..end,
            None => 0..0,
        }
    }

    /// Positions strictly between the headline and its last copy in the
    /// header window (the copies among them included): where an image's alt
    /// text repeats the headline before the headline's own copy, a tag
    /// between the two is still between copies.
    pub fn between_copies(&self) -> std::ops::Range<usize> {
        match self.last_in_window {
            Some(end) => self.headline + 1..end,
            None => 0..0,
        }
    }
}

/// Find the headline of an article and its copies.
pub fn analyze(cx: &ArticleContext<'_>) -> Option<HeadlineInfo> {
    let n = cx.article.lines.len();
    if n == 0 {
        return None;
    }
    let mut h = 0;
    let mut top_tag = None;
    let user_tag = |p: usize| cx.config.is_site_tag(cx.text(p));
    if n >= 2
        && (cx.is(0, Shape::LogoShaped) || user_tag(0))
        && cx.is(1, Shape::HeadlineLike)
        && !cx.is(1, Shape::LogoShaped)
    {
        h = 1;
        top_tag = Some(0);
    }
    let head = cx.text(h);
    // A one-word "headline" ("Results") is too common a line to chase copies
    // of, and a label or a dateline ("Update:", "NEW YORK (AP) —") leads into
    // what follows it: the lines between its copies are not a header block.
    // A headline may end in a full stop ("Prices fall again. Here is why
    // that is fine."): short, not a body paragraph, and printed again in the
    // header's reach, it is one.
    let stopped_headline = || {
        head.trim_end().ends_with(['.', '\u{3002}'])
            && word_units_upto(head, 21) <= 20
            && !cx.is_body(h)
            && !crate::lines::is_list_item(head)
            && (h + 1..n.min(h + 1 + MAX_HEADER_LINES)).any(|p| cx.folded[p] == cx.folded[h])
    };
    if !(cx.is(h, Shape::HeadlineLike) || stopped_headline())
        || word_units_upto(head, 2) < 2
        || head.chars().count() < 8
        || cx.is(h, Shape::LabelOrDateline)
    {
        return None;
    }
    // Copies are looked for in the header region; past it only long headlines
    // count (see below).
    // The window is the header region: it ends at the first body paragraph.
    let mut window_end = n
        .min(h + 1 + MAX_HEADER_LINES)
        .min(cx.article.header_end.max(h + 1));
    // A lead caption ends the header region before the headline's copy
    // although the page printed its header block twice: the window reaches
    // a copy (exact or folded) of the headline within the header's reach
    // when every line between is printed twice itself (the block's second
    // printing) or is a caption, a label or a logo, never body text, and
    // the copy is not the article's last line (a closing link).
    if let Some(p) = (window_end..n.min(h + 1 + MAX_HEADER_LINES))
        .find(|&p| cx.folded[p] == cx.folded[h])
        .filter(|&p| p + 1 < n)
    {
        let twice = |q: usize| {
            (h + 1..n.min(h + 1 + 2 * MAX_HEADER_LINES))
                .any(|r| r != q && cx.folded[r] == cx.folded[q])
        };
        let header_line =
            |q: usize| twice(q) || cx.is(q, Shape::PhotoCredit) || !cx.is(q, Shape::SentenceEnd);
        if (h + 1..p).all(header_line) {
            window_end = p + 1;
        }
    }

    // A decorated headline whose plain wording follows on a line of its own.
    let mut core = head.to_string();
    let mut decoration = Vec::new();
    let mut core_pos = None;
    // Of several candidates ("Site: Title" with both "Site" and "Title" on
    // lines of their own) the longest wording is the headline.
    for p in h + 1..window_end {
        if cx.folded[p] == cx.folded[h] {
            continue;
        }
        let longer = core_pos.is_none_or(|_| cx.text(p).chars().count() > core.chars().count());
        // The side of the title that is printed again and followed by the
        // story (its body or byline) is the headline, even when the other
        // side, the site's name, is longer.
        let leads_story = p + 1 < n && (cx.is_body(p + 1) || cx.is(p + 1, Shape::Byline));
        if longer && let Some(pieces) = decoration_of(head, cx.text(p), true, leads_story) {
            core = cx.text(p).to_string();
            decoration = pieces;
            core_pos = Some(p);
        }
    }
    let core_folded = fold(&core);
    let core_hash = crate::text::fold_hash(&core);
    let long_enough = word_units_upto(&core, 4) >= 4 || core.chars().count() >= 20;
    let threshold = cx.config.headline_similarity;

    let mut copies = Vec::new();
    for p in h + 1..n {
        if Some(p) == core_pos {
            copies.push((p, CopyKind::Undecorated));
            continue;
        }
        let in_window = p < window_end;
        let text = cx.text(p);
        if cx.folded[p] == core_hash {
            // Far down in the body only a long headline counts, and never on the
            // article's last line: pages repeat their headline as a closing link.
            if in_window || (long_enough && p + 1 < n) {
                let kind = if text == core {
                    CopyKind::Exact
                } else {
                    CopyKind::Folded
                };
                copies.push((p, kind));
            }
        } else if in_window {
            if let Some(pieces) = decoration_around(text, &core) {
                copies.push((p, CopyKind::Decorated(pieces.join(" | "))));
            } else if let Some(sim) = near_lines(text, &core, &core_folded, threshold) {
                copies.push((p, CopyKind::Near(sim)));
            }
        }
    }
    let block_end = copies.iter().map(|(p, _)| *p).find(|&p| p < window_end);
    let last_in_window = copies
        .iter()
        .map(|(p, _)| *p)
        .rev()
        .find(|&p| p < window_end);
    // The first line is often the page's title and its copy the headline as
    // the page sets it: where the two differ only in quotes, dashes or case,
    // the page's own wording is kept, in the headline's place.
    if core_pos.is_none()
        && let Some((p, kind)) = copies.iter_mut().find(|(p, _)| Some(*p) == block_end)
        && *kind == CopyKind::Folded
        && better_wording(cx.text(*p), head)
    {
        *kind = CopyKind::Reworded;
        core = cx.text(*p).to_string();
    }
    Some(HeadlineInfo {
        headline: h,
        top_tag,
        core,
        decoration,
        copies,
        block_end,
        last_in_window,
    })
}

/// Is `copy` (equal to `head` once folded) the page's own wording of it:
/// typographic quotes or dashes where `head` has plain ones, or, with the
/// same characters otherwise, another casing (the title is often cased
/// anew)? Never across a Markdown heading mark.
fn better_wording(copy: &str, head: &str) -> bool {
    let typographic = |s: &str| {
        s.chars()
            .filter(|c| "\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}".contains(*c))
            .count()
    };
    let marked = |s: &str| crate::text::without_heading_mark(s).len() < s.len();
    if copy == head || marked(copy) != marked(head) {
        return false;
    }
    match typographic(copy).cmp(&typographic(head)) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            copy.len() == head.len()
                && copy
                    .chars()
                    .zip(head.chars())
                    .all(|(a, b)| a == b || a.to_lowercase().eq(b.to_lowercase()))
        }
    }
}

/// [`near`] for a raw line, refusing on length before folding it.
fn near_lines(text: &str, core: &str, core_folded: &str, threshold: f64) -> Option<f64> {
    let (a, b) = (text.len() as f64, core.len() as f64);
    if a.min(b) < threshold * 0.5 * a.max(b) {
        return None;
    }
    near(&fold(text), core_folded, threshold)
}

/// Similarity of two folded lines when it reaches `threshold`.
fn near(a: &str, b: &str, threshold: f64) -> Option<f64> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 10 || la.max(lb) > 400 || (la.min(lb) as f64) < threshold * la.max(lb) as f64 {
        return None;
    }
    // Most pairs are far apart: refused by a distance bound computed only
    // on the diagonals it allows, before the full computation.
    let max = la.max(lb);
    let reaches = |d: usize| 1.0 - (d as f64) / (max as f64) >= threshold;
    let mut k = ((1.0 - threshold) * max as f64).floor().max(0.0) as usize;
    while k > 0 && !reaches(k) {
        k -= 1;
    }
    while k < max && reaches(k + 1) {
        k += 1;
    }
    if !reaches(0) || !within_distance(a, b, k) {
        return None;
    }
    // A different number (a route, a score, a date, a count) makes a
    // different line, however alike the words: `Ferry timetable for route 4`
    // is no copy of `... route 5`. Each such removal would also make the
    // next headline candidate's copies visible, so cleaning would not settle.
    if !same_numbers(a, b) {
        return None;
    }
    let sim = normalized_levenshtein(a, b);
    (sim >= threshold).then_some(sim)
}

/// Do `a` and `b` hold the same runs of digits (of any script), in the
/// same order?
fn same_numbers(a: &str, b: &str) -> bool {
    fn runs(s: &str) -> impl Iterator<Item = &str> {
        s.split(|c: char| !c.is_numeric()).filter(|r| !r.is_empty())
    }
    runs(a).eq(runs(b))
}

/// Is the Levenshtein distance of `a` and `b` (in characters) at most `k`?
/// Only the cells within `k` of the diagonal are computed, and the answer
/// is no as soon as a whole row exceeds `k`.
fn within_distance(a: &str, b: &str, k: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return false;
    }
    const FAR: usize = usize::MAX / 2;
    let mut prev: Vec<usize> = (0..=m).map(|j| if j <= k { j } else { FAR }).collect();
    let mut cur = vec![FAR; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        cur[0] = if i <= k { i } else { FAR };
        if lo > 1 {
            cur[lo - 1] = FAR;
        }
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < m {
            cur[hi + 1] = FAR;
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= k
}

/// A decorated line: if `line` is `core` plus decoration pieces joined by
/// separators, each shaped like a site or section name, return the pieces.
pub fn decoration_around(line: &str, core: &str) -> Option<Vec<String>> {
    decoration_of(line, core, false, false)
}

/// [`decoration_around`] when `core` stands on a line of its own next to
/// `line` (`validated`): the page printed its title and then the plain
/// headline, so the rest of the title is decoration whatever its shape
/// (`Title - a columnist's page on Example`), as long as no piece reads as
/// more of the headline: a sentence, more words than the headline, or words
/// after a colon at the end (a subtitle: `Brexit deal: what comes next`).
/// With `leads_story` (the plain line is followed by the story), a piece may
/// have more words than the headline: `Storm hits coast - The Coastal Herald
/// of Marlow Falls`.
fn decoration_of(
    line: &str,
    core: &str,
    validated: bool,
    leads_story: bool,
) -> Option<Vec<String>> {
    // Cheap refusals first: the decorated line is longer and has a separator.
    if line.len() <= core.len()
        || !line.contains([
            '|', '-', ':', '_', '/', '>', '\\', '\u{2013}', '\u{2014}', '\u{00BB}', '\u{00B7}',
            '\u{2022}', '\u{FF5C}',
        ])
    {
        return None;
    }
    if word_units_upto(core, 2) < 2 || core.chars().count() < 8 {
        return None;
    }
    // Compared by folded hash; only a match is folded and compared in full.
    let core_hash = crate::text::fold_hash(core);
    // The headline with a separator left dangling ("Title |", where the
    // site's name was an image): decorated by nothing.
    let bare = line
        .trim()
        .trim_matches(|c: char| {
            "|-:_/>\\\u{2013}\u{2014}\u{00BB}\u{00B7}\u{2022}\u{FF5C}".contains(c)
        })
        .trim();
    if bare.len() < line.trim().len()
        && crate::text::fold_hash(bare) == core_hash
        && fold(bare) == fold(core)
    {
        return Some(Vec::new());
    }
    let segs = split_segments(line);
    if segs.len() < 2 {
        return None;
    }
    for start in 0..segs.len() {
        for end in start + 1..=segs.len() {
            if start == 0 && end == segs.len() {
                continue;
            }
            let text = &line[segs[start].0..segs[end - 1].1];
            if crate::text::fold_hash(text) != core_hash || fold(text) != fold(core) {
                continue;
            }
            let pieces: Vec<String> = segs[..start]
                .iter()
                .chain(&segs[end..])
                .map(|&(a, b)| line[a..b].trim().to_string())
                .collect();
            // The wording kept must read as the headline: no stripped piece
            // may have more words ("Title | Site" with "Site" alone on a line
            // is not a decorated "Site").
            let core_words = word_units(core);
            // The separator before the first piece after the headline: a
            // colon there may start a subtitle.
            let subtitle = end < segs.len() && line[segs[end - 1].1..segs[end].0].trim() == ":";
            let shaped = |p: &String| {
                is_name_like(p)
                    || (validated
                        && !subtitle
                        && word_units_upto(p, 9) <= 8
                        && (!ends_like_sentence(p) || p.ends_with('!'))
                        && p.chars().any(char::is_alphanumeric))
            };
            if pieces
                .iter()
                .all(|p| shaped(p) && (leads_story || word_units(p) <= core_words))
            {
                return Some(pieces);
            }
        }
    }
    None
}

/// Byte ranges of the segments of `s` between site-decoration separators.
fn split_segments(s: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut segs = Vec::new();
    let mut seg_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let before_space = i > 0 && chars[i - 1].1.is_whitespace();
        let after_space = chars.get(i + 1).is_some_and(|x| x.1.is_whitespace());
        // How many separator characters start here (e.g. "--", "::").
        let mut j = i;
        while j < chars.len() && chars[j].1 == c {
            j += 1;
        }
        let after_run_space = chars.get(j).is_some_and(|x| x.1.is_whitespace());
        let is_sep = match c {
            '|' | '\u{FF5C}' | '\u{00BB}' | '\u{00B7}' | '\u{2022}' => true,
            '_' => i > 0 && j < chars.len(),
            '-' | '\u{2013}' | '\u{2014}' => after_run_space && (before_space || j - i == 1),
            ':' => after_run_space,
            '/' | '>' | '\\' => before_space && after_space,
            _ => false,
        };
        if is_sep {
            let end = s[..at].trim_end().len();
            if end > seg_start {
                segs.push((seg_start, end));
            }
            let next = chars.get(j).map_or(s.len(), |x| x.0);
            seg_start = next + (s[next..].len() - s[next..].trim_start().len());
            i = j;
            continue;
        }
        i += 1;
    }
    if seg_start < s.len() {
        segs.push((seg_start, s.trim_end().len().max(seg_start)));
    }
    segs
}

/// `repeated-headline`.
pub struct RepeatedHeadline;

impl Detector for RepeatedHeadline {
    fn rule(&self) -> Rule {
        Rule::RepeatedHeadline
    }

    fn detect(&self, cx: &ArticleContext<'_>, out: &mut Vec<Change>) {
        let Some(info) = &cx.headline else { return };
        let h = info.headline;
        let hl = cx.line_no(h);
        if let Some((p, _)) = info.copies.iter().find(|(_, k)| *k == CopyKind::Reworded) {
            out.push(Change::changed(
                Rule::RepeatedHeadline,
                cx.article.lines[h],
                cx.text(h),
                info.core.clone(),
                format!(
                    "takes the page's own wording of the headline from its copy on line {} \
                     (typographic quotes or dashes, or the headline's casing)",
                    cx.line_no(*p)
                ),
            ));
        }
        if let Some((p, _)) = info
            .copies
            .iter()
            .find(|(_, k)| *k == CopyKind::Undecorated)
        {
            let idx = cx.article.lines[h];
            let deco = info.decoration.join("', '");
            let what = if info.decoration.is_empty() {
                "a dangling separator".to_string()
            } else {
                format!("the site decoration ('{deco}')")
            };
            out.push(Change::changed(
                Rule::RepeatedHeadline,
                idx,
                cx.text(h),
                info.core.clone(),
                format!(
                    "drops {what} from the headline; the same headline without it is on line {}",
                    cx.line_no(*p)
                ),
            ));
        }
        for (p, kind) in &info.copies {
            let where_ = if *p >= cx.article.header_end.max(info.block_end.unwrap_or(0) + 1) {
                " (an image alt text or a repeat in the body)"
            } else {
                ""
            };
            let reason = match kind {
                CopyKind::Exact => {
                    // The most common reason: built without `format!`.
                    let mut why = String::with_capacity(40 + where_.len());
                    why.push_str("repeats the headline on line ");
                    crate::text::push_num(&mut why, hl as u64);
                    why.push_str(where_);
                    why
                }
                CopyKind::Folded => {
                    // One is a Markdown heading (`# Storm hits coast`), the
                    // other plain text.
                    let marked = |s: &str| crate::text::without_heading_mark(s).len() < s.len();
                    let mark = if marked(cx.text(*p)) != marked(&info.core) {
                        "a Markdown heading mark, "
                    } else {
                        ""
                    };
                    format!(
                        "repeats the headline on line {hl}, differing only in {mark}case, spacing, \
                         quotes or dashes{where_}"
                    )
                }
                CopyKind::Near(sim) => {
                    format!("nearly repeats the headline on line {hl} (similarity {sim:.2})")
                }
                CopyKind::Decorated(d) => {
                    format!("repeats the headline on line {hl} with a site decoration ('{d}')")
                }
                CopyKind::Reworded => format!(
                    "repeats the headline on line {hl} in the page's own wording; that wording \
                     now stands on line {hl}"
                ),
                CopyKind::Undecorated if info.decoration.is_empty() => format!(
                    "is the headline on line {hl} without its dangling separator; that wording \
                     now stands on line {hl}"
                ),
                CopyKind::Undecorated => format!(
                    "is the headline on line {hl} without its site decoration; that wording now stands on line {hl}"
                ),
            };
            out.push(cx.remove(Rule::RepeatedHeadline, *p, reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_differ_in_a_number_are_never_near_copies() {
        let a = "ferry timetable for route 12 between oslo and kiel";
        assert!(near(a, a, 0.9).is_some());
        for other in [
            "ferry timetable for route 13 between oslo and kiel",
            "ferry timetable for route 1 between oslo and kiel",
            "ferry timetable for route 12 between oslo and kiel 2",
            "ferry timetable for route ١٢ between oslo and kiel",
        ] {
            assert_eq!(near(a, other, 0.5), None, "{other}");
        }
        // A word's change with the numbers alike is still a near copy.
        assert!(
            near(
                a,
                "ferry timetables for route 12 between oslo and kiel",
                0.9
            )
            .is_some()
        );
    }

    #[test]
    fn the_banded_distance_bound_agrees_with_the_full_distance() {
        let alphabet = ["a", "b", "ab", " ", "é", "习", "ba"];
        let texts = crate::text::testgen::strings(&alphabet, 400, 24);
        for (x, y) in texts
            .iter()
            .zip(texts.iter().skip(1).chain(texts.iter().skip(7)))
        {
            let d = strsim::levenshtein(x, y);
            for k in 0..=d + 2 {
                assert_eq!(within_distance(x, y, k), d <= k, "{x:?} {y:?} within {k}");
            }
        }
    }

    #[test]
    fn decorations_are_found_on_either_side() {
        let d = |l: &str, c: &str| decoration_around(l, c);
        assert_eq!(
            d(
                "New Zealand wrap up series | Sports | Cricket | Reuters",
                "New Zealand wrap up series"
            ),
            Some(vec!["Sports".into(), "Cricket".into(), "Reuters".into()])
        );
        assert_eq!(
            d(
                "AFP: Health of Suharto improving: doctors",
                "Health of Suharto improving: doctors"
            ),
            Some(vec!["AFP".into()])
        );
        assert_eq!(
            d(
                "Fire rages amidst fear- Hindustan Times",
                "Fire rages amidst fear"
            ),
            Some(vec!["Hindustan Times".into()])
        );
        assert_eq!(
            d("Opinion | Why the talks failed", "Why the talks failed"),
            Some(vec!["Opinion".into()])
        );
        assert_eq!(
            d(
                "Starbucks back at helm_English_Xinhua",
                "Starbucks back at helm"
            ),
            Some(vec!["English".into(), "Xinhua".into()])
        );
    }

    #[test]
    fn a_site_name_is_never_taken_for_the_headline() {
        assert_eq!(
            decoration_around(
                "Storm closes northern ferry routes | The Coastal Herald",
                "The Coastal Herald"
            ),
            None
        );
    }

    #[test]
    fn a_title_validated_by_its_plain_copy_sheds_a_piece_of_any_shape() {
        let v = |l: &str, c: &str| decoration_of(l, c, true, false);
        assert_eq!(
            v(
                "Ferry fares rise again for islanders - a columnist's page on harbourwatch",
                "Ferry fares rise again for islanders"
            ),
            Some(vec!["a columnist's page on harbourwatch".into()])
        );
        // Without the plain copy, the piece does not look like a name.
        assert_eq!(
            decoration_around(
                "Ferry fares rise again for islanders - a columnist's page on harbourwatch",
                "Ferry fares rise again for islanders"
            ),
            None
        );
        // A subtitle after a colon, and a sentence, stay the headline's.
        assert_eq!(
            v("Brexit deal: what comes next for Britain", "Brexit deal"),
            None
        );
        assert_eq!(
            v(
                "Ferry fares rise again for islanders - Crews say it costs too much.",
                "Ferry fares rise again for islanders"
            ),
            None
        );
    }

    #[test]
    fn subtitles_and_hyphenated_words_are_not_decorations() {
        assert_eq!(
            decoration_around("Brexit deal: what comes next for Britain", "Brexit deal"),
            None
        );
        assert_eq!(
            decoration_around("Obama wins: a new era begins", "Obama wins"),
            None
        );
        assert_eq!(
            decoration_around("Pro-Russian forces advance", "Russian forces advance"),
            None
        );
    }
}
