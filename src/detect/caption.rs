//! `repeated-caption`: photo captions and header lines printed more than once.
//!
//! Detects: later copies of any line of a header block that the page printed
//! twice (headline, caption, headline again, caption again); a copy of a
//! captioned line (one with a photo credit such as `(AP)`, `(Reuters)`,
//! `Getty Images`, `Photo: ...`) right after it or inside the header region; a
//! line of four words or more printed twice in a row in the header region, or
//! on the very next line in the body (an image's alt text and its caption).
//! Why: scrapers print a photo's alt text and its caption, often twice.
//! Example: `Haftar. (AP)`, `Haftar. (AP)` → `Haftar. (AP)`.
//! A captioned line repeated far down in the body may sit under a second photo:
//! it is flagged for review, not removed.
//! Known false positives: two photos with the same caption side by side.

use super::{ArticleContext, Detector};
use crate::lines::Shape;
use crate::text::{HashMap64, is_separator, word_units_upto};
use crate::{Change, Rule};

/// `repeated-caption`.
pub struct RepeatedCaption;

impl Detector for RepeatedCaption {
    fn rule(&self) -> Rule {
        Rule::RepeatedCaption
    }

    fn detect(&self, cx: &ArticleContext<'_>, out: &mut Vec<Change>) {
        let n = cx.article.lines.len();
        let mut done = cx.removed_before(out);
        let info = cx.headline.as_ref();
        if let Some(h) = info {
            done.extend(h.copies.iter().map(|(p, _)| *p));
            done.insert(h.headline);
        }
        let worth = |p: usize| word_units_upto(cx.text(p), 2) >= 2 && !is_separator(cx.text(p));

        // 1. Copies of the lines of a header block printed twice.
        if let Some(h) = info {
            // A short label the block holds several times ("Click to
            // enlarge" under two photos) and that the second printing holds
            // as many times again is the page's own repetition: its copies
            // inside the block stay, and only the second printing goes.
            let block = h.block();
            let mut inside: HashMap64<(usize, usize)> = HashMap64::default();
            for x in block.clone() {
                inside.entry(cx.folded[x]).or_insert((0, 0)).0 += 1;
            }
            for p in block.end..n {
                if let Some(k) = inside.get_mut(&cx.folded[p]) {
                    k.1 += 1;
                }
            }
            // (A caption with a credit, or a line of four words or more,
            // printed twice in a row is an alt text and its caption.)
            let own = |x: usize| {
                let t = cx.text(x);
                word_units_upto(t, 4) < 4
                    && !cx.is(x, Shape::PhotoCredit)
                    && !cx.config.has_extra_credit(t)
                    && inside
                        .get(&cx.folded[x])
                        .is_some_and(|&(i, after)| i >= 2 && after >= i)
            };
            for x in block.clone() {
                if own(x) {
                    done.insert(x);
                }
            }
            for x in block {
                if (done.contains(&x) && !own(x)) || !worth(x) {
                    continue;
                }
                let copy = h.block_end.map_or(0, |e| cx.line_no(e));
                for p in x + 1..n {
                    if !done.contains(&p) && cx.folded[p] == cx.folded[x] {
                        done.insert(p);
                        out.push(cx.remove(
                            Rule::RepeatedCaption,
                            p,
                            format!(
                                "repeats the caption on line {}, part of the header block printed \
                                 before the headline's copy on line {copy}",
                                cx.line_no(x)
                            ),
                        ));
                    }
                }
            }
        }

        // 2. Captioned lines and short header lines printed again.
        let mut first: HashMap64<usize> =
            HashMap64::with_capacity_and_hasher(n, Default::default());
        for p in 0..n {
            first.entry(cx.folded[p]).or_insert(p);
        }
        // The last line so far that stays (is not in `done`), with its folded
        // hash, and the last one whose hash differs from that one's: together
        // they say at once whether everything between a line's first copy and
        // the line goes or is another copy (scanning the lines between would
        // be quadratic in a paragraph printed thousands of times).
        let mut last_kept: Option<(usize, u64)> = None;
        let mut last_other: Option<usize> = None;
        for p in 0..n {
            'line: {
                // The first line has no earlier copy: `q < p` fails for it.
                let Some(&q) = first.get(&cx.folded[p]).filter(|&&q| q < p) else {
                    break 'line;
                };
                if done.contains(&p) || !worth(p) {
                    break 'line;
                }
                let credit = cx.is(p, Shape::PhotoCredit) || cx.config.has_extra_credit(cx.text(p));
                // Adjacent: every line between `q` and `p` goes or is a copy.
                let blocker = match last_kept {
                    Some((m, h)) if h != cx.folded[p] => Some(m),
                    _ => last_other,
                };
                let adjacent = blocker.is_none_or(|m| m <= q);
                // A run of copies that starts in the header region goes
                // whole, however far it reaches: cut at the region's end,
                // the next run would find the rest in the region and remove
                // more (cleaning would not settle in one run).
                let in_header =
                    p < cx.article.header_end || (adjacent && q < cx.article.header_end);
                let what = if credit { "the caption" } else { "the line" };
                // Without a credit, a line printed twice in a row is an alt
                // text and its caption when it says something (four words
                // or more); a short label twice ("Click to enlarge" under two
                // photos) can be the page's own.
                let says_something = word_units_upto(cx.text(p), 4) >= 4;
                // In the body, an image's alt text and its caption: the same
                // words on the very next line, not an item of a list or a
                // table, and only two of them (three in a row is a refrain).
                // (A paragraph printed twice is `repeated-paragraph`'s.)
                let pair = q + 1 == p
                    && says_something
                    && word_units_upto(cx.text(p), cx.config.paragraph_min_words_adjacent)
                        < cx.config.paragraph_min_words_adjacent
                    && cx.text(p) == cx.text(q)
                    && !crate::lines::is_list_item(cx.text(p))
                    && !crate::lines::is_refrain(cx.text(p))
                    // A cry or a question said twice is said on purpose.
                    && !cx.text(p).trim_end().ends_with(['!', '?', '\u{FF01}', '\u{FF1F}'])
                    && !cx.text(p).contains(['|', '\t'])
                    && (q == 0 || cx.folded[q - 1] != cx.folded[p])
                    && (p + 1 == n || cx.folded[p + 1] != cx.folded[p]);
                if (credit && (adjacent || in_header))
                    || (in_header && adjacent && says_something)
                    || pair
                {
                    done.insert(p);
                    let how = if adjacent {
                        "directly above it"
                    } else {
                        "in the header region"
                    };
                    out.push(cx.remove(Rule::RepeatedCaption, p, {
                        // "repeats {what} on line {q} {how}", without `format!`.
                        let mut why = String::with_capacity(64);
                        why.push_str("repeats ");
                        why.push_str(what);
                        why.push_str(" on line ");
                        crate::text::push_num(&mut why, cx.line_no(q) as u64);
                        why.push(' ');
                        why.push_str(how);
                        why
                    }));
                } else if credit {
                    done.insert(p);
                    out.push(cx.flag(
                        Rule::RepeatedCaption,
                        p,
                        format!(
                            "repeats the caption on line {} further down; the same caption under \
                             a second photo can be real, so it is left in place for review",
                            cx.line_no(q)
                        ),
                    ));
                }
            }
            if !done.contains(&p) {
                match last_kept {
                    Some((m, h)) if h != cx.folded[p] => {
                        last_other = Some(m);
                        last_kept = Some((p, cx.folded[p]));
                    }
                    _ => last_kept = Some((p, cx.folded[p])),
                }
            }
        }
    }
}
