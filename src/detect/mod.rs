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

use crate::lines::Shape;
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
    pub lines: &'a [&'a str],
    /// All input lines of the file, as they were (read only to quote a line
    /// removed).
    pub input: &'a dyn crate::text::LineSource,
    /// The article.
    pub article: &'a Article,
    /// Hash of the folded text ([`crate::text::fold_hash`]) of each of the
    /// article's lines, by position: equal hashes mean equal folded lines.
    pub folded: Vec<u64>,
    /// The headline and its copies, when the article has a headline.
    pub headline: Option<HeadlineInfo>,
    /// The settings.
    pub config: &'a Config,
    /// What each line of the file is, as far as asked ([`crate::lines`]).
    pub body: &'a crate::lines::Facts,
    /// Where this article's changes start in the list the detectors append to.
    pub first_change: usize,
}

impl ArticleContext<'_> {
    /// Normalized text at position `p` of the article.
    pub fn text(&self, p: usize) -> &str {
        self.lines[self.article.lines[p]]
    }

    /// Is position `p` a body paragraph ([`crate::lines::is_body_paragraph`])?
    pub fn is_body(&self, p: usize) -> bool {
        self.is(p, Shape::Body)
    }

    /// Is position `p` of this shape? Worked out once per line of the file,
    /// whichever rule asks first.
    pub fn is(&self, p: usize, shape: Shape) -> bool {
        self.body.is(self.article.lines[p], self.text(p), shape)
    }

    /// 1-based input line number of position `p`, for reasons.
    pub fn line_no(&self, p: usize) -> usize {
        self.article.lines[p] + 1
    }

    /// A change removing position `p`, quoting the input line.
    pub fn remove(&self, rule: Rule, p: usize, reason: String) -> Change {
        let idx = self.article.lines[p];
        Change::removed(rule, idx, self.input.line(idx), reason)
    }

    /// Positions of this article that earlier detectors remove (in `out`).
    /// Rules that look at adjacency skip them, so that the verdict is the same
    /// on the next run, when those lines are gone.
    pub fn removed_before(&self, out: &[Change]) -> crate::text::LineSet {
        // Only this article's changes: the list holds every earlier article's
        // too, and reading them all would make a long file quadratic.
        let lines: crate::text::LineSet = out[self.first_change.min(out.len())..]
            .iter()
            .filter(|c| c.action == crate::Action::Removed)
            .map(|c| c.line)
            .collect();
        (0..self.article.lines.len())
            .filter(|p| lines.contains(&self.article.lines[*p]))
            .collect()
    }

    /// A change flagging position `p` for review.
    pub fn flag(&self, rule: Rule, p: usize, reason: String) -> Change {
        let idx = self.article.lines[p];
        Change {
            action: crate::Action::Flagged,
            ..Change::removed(rule, idx, self.lines[idx], reason)
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
    &SiteBoilerplate,
    &RepeatedCaption,
    &RepeatedParagraph,
];

/// Run the detectors until their verdicts settle: after the first round,
/// the lines it removes are taken out of each article and the detectors run
/// again, so that a decision that depends on a neighbour (two copies of a
/// caption with an advertisement between them, a footer line after a repeated
/// paragraph) is the one the next run would make. That keeps cleaning
/// idempotent. `keep` filters changes (Markdown suppressions); `tidy` says
/// which lines have no whitespace but single spaces between other
/// characters. At most nine rounds; in practice one or two.
pub fn detect_settled(
    lines: &[&str],
    input: &dyn crate::text::LineSource,
    doc: &Document,
    config: &Config,
    keep: &dyn Fn(&Change) -> bool,
    tidy: &dyn Fn(usize) -> bool,
) -> Vec<Change> {
    // Folded hashes are computed once per line, for every round; lines that
    // normalization left tidy (see `fold_hash_tidy`) take the short way.
    let folds: Vec<u64> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| match () {
            _ if l.is_empty() => 0,
            _ if tidy(i) => crate::text::fold_hash_tidy(l),
            _ => fold_hash(l),
        })
        .collect();
    let mut found = detect_with(lines, input, doc, &doc.body, config, &folds);
    found.retain(keep);
    // Each round removes at least one more line or stops; eight rounds settle
    // even a headline printed a dozen times.
    for _ in 0..8 {
        let removed: crate::text::LineSet = found
            .iter()
            .filter(|c| c.action == crate::Action::Removed)
            .map(|c| c.line)
            .collect();
        if removed.is_empty() {
            break;
        }
        // Only articles with something in flux need another look: a flag, a
        // change by a body rule, or lines that still repeat once the removed
        // ones are gone (copies that a window or a neighbour decided on).
        let in_flux: crate::text::LineSet = found
            .iter()
            .filter(|c| c.action == crate::Action::Flagged || c.rule.is_body_rule())
            .map(|c| c.line)
            .collect();
        // Lines a detector rewrote (a headline without its site decoration)
        // are read as rewritten, as the next run will read them: the copies
        // of the plain headline further down are found now, not then.
        let rewritten: crate::text::LineMap<&str> = found
            .iter()
            .filter(|c| c.action == crate::Action::Changed)
            .filter_map(|c| c.after.as_deref().map(|a| (c.line, a)))
            .collect();
        // (The shapes worked out so far are of the lines as they were: a
        // round over rewritten lines works its own out.)
        let (lines_now, folds_now, facts_now);
        let (lines, folds, facts): (&[&str], &[u64], &crate::lines::Facts) = if rewritten.is_empty()
        {
            (lines, &folds, &doc.body)
        } else {
            let (mut l, mut f) = (lines.to_vec(), folds.clone());
            for (&i, &after) in &rewritten {
                l[i] = after;
                f[i] = fold_hash(after);
            }
            (lines_now, folds_now, facts_now) = (l, f, crate::lines::Facts::new(lines.len()));
            (&lines_now, &folds_now, &facts_now)
        };
        let still_repeats = |a: &crate::segment::Article| {
            let mut seen =
                crate::text::HashMap64::with_capacity_and_hasher(a.lines.len(), Default::default());
            a.lines
                .iter()
                .filter(|i| !removed.contains(i))
                .any(|&i| seen.insert(folds[i], ()).is_some())
        };
        // An article's lines that stay, in order.
        let remaining_of = |a: &crate::segment::Article| -> Vec<usize> {
            a.lines
                .iter()
                .copied()
                .filter(|i| !removed.contains(i))
                .collect()
        };
        // Removed header lines let later lines move up into the header
        // region, where the header rules (site tags, caption copies) judge
        // them on the next run: such an article needs another look.
        let header_takes_in = |a: &crate::segment::Article| {
            let remaining = remaining_of(a);
            let before: Vec<usize> = a.lines[..a.header_end].to_vec();
            let after = crate::segment::finish(remaining, lines, facts);
            after.lines[..after.header_end]
                .iter()
                .any(|i| !before.contains(i))
        };
        // The articles as the next run will read them: an article whose
        // first remaining line is not shaped like a headline (the line that
        // began it was removed, or rewritten) joins the article before it,
        // exactly as `clean`'s layout joins them.
        // With blank lines kept as they are (`blank-lines` off), a line
        // removed between two blank lines leaves a run of two, and the next
        // run starts a new article there when a headline-shaped line follows,
        // as `segment` does: the article is split now.
        let keeps_blanks = !config.enabled(Rule::BlankLines);
        let starts_article = |prev: usize, next: usize| {
            keeps_blanks
                && crate::lines::is_headline_like(lines[next])
                && (prev + 1..next).all(|m| lines[m].is_empty() || removed.contains(&m))
                && lines[prev + 1..next]
                    .iter()
                    .filter(|l| l.is_empty())
                    .count()
                    >= 2
        };
        let mut groups: Vec<(Vec<&crate::segment::Article>, Vec<usize>)> = Vec::new();
        for a in &doc.articles {
            let remaining = remaining_of(a);
            let Some(&first) = remaining.first() else {
                continue;
            };
            // Where the article splits (each piece is new to the detectors:
            // it stands as an article joined from two).
            let mut pieces: Vec<Vec<usize>> = vec![Vec::new()];
            for (k, &i) in remaining.iter().enumerate() {
                if k > 0 && starts_article(remaining[k - 1], i) {
                    pieces.push(Vec::new());
                }
                pieces.last_mut().expect("one piece at least").push(i);
            }
            let split = pieces.len() > 1;
            for (k, piece) in pieces.into_iter().enumerate() {
                match groups.last_mut() {
                    Some((parts, group))
                        if k == 0 && !crate::lines::is_headline_like(lines[first]) =>
                    {
                        parts.push(a);
                        group.extend(piece);
                    }
                    // A piece of a split article counts as joined.
                    _ if split => groups.push((vec![a, a], piece)),
                    _ => groups.push((vec![a], piece)),
                }
            }
        }
        let rest = Document {
            articles: groups
                .into_iter()
                .filter(|(parts, _)| {
                    // Joined articles are new to the detectors; others need
                    // another look only if something in them is in flux.
                    parts.len() > 1
                        || parts.iter().any(|a| {
                            a.lines.iter().any(|i| removed.contains(i))
                                && (a.lines.iter().any(|i| in_flux.contains(i))
                                    || still_repeats(a)
                                    || header_takes_in(a))
                        })
                })
                .map(|(_, l)| crate::segment::finish(l, lines, facts))
                .collect(),
            body: crate::lines::Facts::default(),
        };
        // line -> does it carry a change (true) or only a flag (false)?
        let mut state: crate::text::LineMap<bool> = crate::text::LineMap::default();
        for c in &found {
            let applied = c.action != crate::Action::Flagged;
            state
                .entry(c.line)
                .and_modify(|s| *s |= applied)
                .or_insert(applied);
        }
        // A new verdict on a line replaces what the line had, so its older
        // changes go: all at once after the round (one pass over `found`,
        // however many lines change), in the order they would have gone.
        let mut replaced = crate::text::LineSet::default();
        let mut added: Vec<Change> = Vec::new();
        for c in detect_with(lines, input, &rest, facts, config, folds)
            .into_iter()
            .filter(|c| keep(c))
        {
            match (c.action, state.get(&c.line).copied()) {
                (_, Some(true)) => {}
                (crate::Action::Flagged, Some(false)) => {}
                (crate::Action::Flagged, None) => {
                    state.insert(c.line, false);
                    added.push(c);
                }
                (_, _) => {
                    replaced.insert(c.line);
                    state.insert(c.line, true);
                    added.push(c);
                }
            }
        }
        let settled = replaced.is_empty();
        if !settled {
            found.retain(|f| !replaced.contains(&f.line));
            // A flag added this round on a line that a later verdict replaced
            // goes too; the replacing change is the line's only one left.
            added.retain(|c| !replaced.contains(&c.line) || c.action != crate::Action::Flagged);
        }
        found.extend(added);
        if settled {
            break;
        }
    }
    found
}

/// Run every enabled detector over every article, once.
pub fn detect(lines: &[&str], input: &[&str], doc: &Document, config: &Config) -> Vec<Change> {
    let folds: Vec<u64> = lines.iter().map(|l| fold_hash(l)).collect();
    detect_with(lines, &input, doc, &doc.body, config, &folds)
}

/// [`detect`] with the folded hash of every line already worked out.
fn detect_with(
    lines: &[&str],
    input: &dyn crate::text::LineSource,
    doc: &Document,
    body: &crate::lines::Facts,
    config: &Config,
    folds: &[u64],
) -> Vec<Change> {
    let mut out = Vec::new();
    for article in &doc.articles {
        let folded: Vec<u64> = article.lines.iter().map(|&i| folds[i]).collect();
        let mut cx = ArticleContext {
            lines,
            input,
            article,
            folded,
            headline: None,
            config,
            body,
            first_change: out.len(),
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
        ) && config.may_repeat(lines[c.line]))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdicts of `detect_settled` on a text, as (1-based line, rule,
    /// action).
    fn settled(text: &str) -> Vec<(usize, Rule, crate::Action)> {
        let config = Config::default();
        let norm = crate::normalize::normalize_owned(text.to_string(), &config);
        let lines = norm.lines.views();
        let doc = crate::segment::segment_protected(&lines, &|_| false);
        detect_settled(&lines, &norm.input, &doc, &config, &|_| true, &|i| {
            norm.is_tidy(i)
        })
        .into_iter()
        .map(|c| (c.line + 1, c.rule, c.action))
        .collect()
    }

    #[test]
    fn a_paragraph_and_a_caption_repeated_far_apart_are_flagged_once_each() {
        // The paragraph and its caption printed again further down: the
        // paragraph's copy is flagged (a long paragraph repeated far away is
        // often meant), so the caption's copy is not next to its first copy
        // and is flagged too. Each line carries one verdict, whatever the
        // rounds decided on the way.
        let para = "The old stone bridge over the river reopened to traffic on Monday \
                    after three years of repairs that cost the city far more than it had \
                    planned, and hundreds of residents walked across it in the first hour, \
                    some carrying flags and others photographing the restored arches.";
        let caption = "Cyclists cross the reopened bridge on Monday morning. (AP)";
        let rest = [
            "Engineers replaced the worn arches and strengthened the foundations, and the \
             mayor said the bridge would now last another century.",
            "Traffic on the two other crossings fell by a third within hours, the city's \
             transport office said in a statement on Monday evening.",
            "Shops on both ends of the bridge said they expected business to return to \
             where it had been before the repairs began three years ago.",
        ];
        let text = [
            "Bridge reopens after three years of repairs",
            para,
            caption,
            para,
            caption,
        ]
        .iter()
        .chain(&rest)
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
        let found = settled(&text);
        let on_caption: Vec<_> = found.iter().filter(|(line, _, _)| *line == 9).collect();
        assert_eq!(
            on_caption,
            [&(9, Rule::RepeatedCaption, crate::Action::Flagged)],
            "{found:?}"
        );
        assert!(
            found.contains(&(7, Rule::RepeatedParagraph, crate::Action::Flagged)),
            "{found:?}"
        );
    }
}
