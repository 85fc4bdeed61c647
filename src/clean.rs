//! Apply the chosen changes and lay the text out.
//!
//! Takes the normalized lines, the articles and the detectors' changes, and
//! returns the cleaned text with the final, ordered list of changes. When two
//! detectors claim one line the first claim wins and the other is dropped.
//! Layout: one blank line between paragraphs, two between articles, none at
//! the start or end, one final newline; every run of blank lines dropped is
//! one `blank-lines` change covering its lines, so replaying the changes over
//! the input lines gives the output exactly, and a file of millions of blank
//! lines does not cost a change for each.

use crate::lines::is_headline_like;
use crate::normalize::Normalized;
use crate::segment::Document;
use crate::{Action, Change, Rule};

/// The cleaned text of one file and every change that made it.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The cleaned text.
    pub output: String,
    /// Every change, ordered by line.
    pub changes: Vec<Change>,
    /// For each input line, the output line it became (`None`: removed).
    pub line_map: Vec<Option<usize>>,
}

/// "blank line at the start of the file", or "3 blank lines at ..." (`at`:
/// start or end).
fn blank_lines_at(n: usize, at: &str) -> String {
    if n == 1 {
        format!("blank line at the {at} of the file")
    } else {
        format!("{n} blank lines at the {at} of the file")
    }
}

/// Apply `found` (detector changes) to the normalized lines and lay them out.
/// The normalization repairs are moved from `norm.changes` into the result.
///
/// The layout rules can be switched off like any other: without
/// `blank-lines` every blank line stays, without `final-newline` a text that
/// did not end with a newline still does not, and without `line-ending`
/// (see [`Normalized::ending_after`]) each line keeps its own terminator.
pub fn apply(
    norm: &mut Normalized,
    doc: &Document,
    found: Vec<Change>,
    config: &crate::Config,
) -> Applied {
    let blank_lines = config.enabled(Rule::BlankLines);
    let final_newline = config.enabled(Rule::FinalNewline);
    let repairs = std::mem::take(&mut norm.changes);
    let norm = &*norm;
    // First claim on a line wins; flags only stand on unclaimed lines.
    // `claim_of` is indexed by line (every line is asked about several times
    // below): 1 + the claim's place in `claims`, or 0.
    let mut claim_of: Vec<u32> = vec![0; norm.lines.len()];
    let mut claims: Vec<Change> = Vec::new();
    let mut flags: Vec<Change> = Vec::new();
    for c in found {
        match c.action {
            Action::Flagged => flags.push(c),
            _ if claim_of[c.line] == 0 => {
                claims.push(c);
                claim_of[claims[claims.len() - 1].line] =
                    u32::try_from(claims.len()).expect("fewer than 4 billion changes");
            }
            _ => {}
        }
    }
    let claimed = |i: usize| claims.get((claim_of[i] as usize).wrapping_sub(1));
    flags.retain(|f| claimed(f.line).is_none());

    let mut article_of = vec![usize::MAX; norm.lines.len()];
    for (a, art) in doc.articles.iter().enumerate() {
        for &i in &art.lines {
            article_of[i] = a;
        }
    }
    // Protected Markdown lines belong with the article before them.
    let mut last_article = 0;
    for (i, a) in article_of.iter_mut().enumerate() {
        if *a == usize::MAX && norm.is_protected(i) {
            *a = last_article;
        } else if *a != usize::MAX {
            last_article = *a;
        }
    }

    let removed = |i: usize| claimed(i).is_some_and(|c| c.action == Action::Removed);
    let kept: Vec<usize> = (0..norm.lines.len())
        .filter(|&i| norm.is_protected(i) || (!norm.lines[i].is_empty() && !removed(i)))
        .collect();

    let mut blank_changes = Vec::new();
    let is_blank = |i: usize| norm.lines[i].is_empty() && !removed(i) && !norm.is_protected(i);
    // `reason` is given the number of blank lines in `range`, or with
    // `per_run` the number in each run it removes (at the start or end of
    // the file every blank line goes, so each run is counted by itself).
    let mut drop_blanks = |range: std::ops::Range<usize>,
                           keep: usize,
                           per_run: bool,
                           reason: &dyn Fn(usize) -> String| {
        if !blank_lines {
            return;
        }
        let total = range.clone().filter(|&i| is_blank(i)).count();
        if total <= keep {
            return;
        }
        let why = reason(total);
        // Runs of adjacent blank lines past the first `keep`; a removed
        // line between two blank lines ends a run.
        let mut seen = 0;
        let mut run: Option<(usize, usize)> = None;
        let mut flush = |run: &mut Option<(usize, usize)>| {
            if let Some((first, last)) = run.take() {
                let why = if per_run && last - first + 1 != total {
                    reason(last - first + 1)
                } else {
                    why.clone()
                };
                let mut text = String::with_capacity(last - first);
                for i in first..=last {
                    if i > first {
                        text.push('\n');
                    }
                    text.push_str(&norm.input[i]);
                }
                blank_changes.push(Change::removed_run(
                    Rule::BlankLines,
                    first..=last,
                    text,
                    why,
                ));
            }
        };
        for i in range {
            if is_blank(i) {
                seen += 1;
                if seen > keep {
                    run = Some(run.map_or((i, i), |(first, _)| (first, i)));
                    continue;
                }
            }
            flush(&mut run);
        }
        flush(&mut run);
    };

    match (kept.first(), kept.last()) {
        (Some(&first), Some(&last)) => {
            drop_blanks(0..first, 0, true, &|n| blank_lines_at(n, "start"));
            // What a line reads as on the next run: its text after this one.
            let text_after = |k: usize| match claimed(k) {
                Some(Change { after: Some(a), .. }) => a.as_str(),
                _ => &norm.lines[k],
            };
            for w in kept.windows(2) {
                let (j, k) = (w[0], w[1]);
                // Two blank lines start a new article on the next run only
                // before a headline-shaped line; before any other line (the
                // headline that began the article was removed) the articles
                // are laid out as one, as the next run will read them.
                let new_article = article_of[j] != article_of[k]
                    && (norm.is_protected(k) || is_headline_like(text_after(k)));
                let (keep, what) = if new_article {
                    (2, "two blank lines between articles")
                } else {
                    (1, "one blank line between paragraphs")
                };
                drop_blanks(j + 1..k, keep, false, &|total| {
                    // "{what}: {total} stood between lines {j + 1} and {k + 1}"
                    let mut why = String::with_capacity(what.len() + 48);
                    why.push_str(what);
                    why.push_str(": ");
                    crate::text::push_num(&mut why, total as u64);
                    why.push_str(" stood between lines ");
                    crate::text::push_num(&mut why, j as u64 + 1);
                    why.push_str(" and ");
                    crate::text::push_num(&mut why, k as u64 + 1);
                    why
                });
            }
            drop_blanks(last + 1..norm.lines.len(), 0, true, &|n| {
                blank_lines_at(n, "end")
            });
        }
        _ => drop_blanks(0..norm.lines.len(), 0, false, &|_| {
            "the file has no text, only blank lines".into()
        }),
    }

    // The text: every input line that is not removed, in order. The blank
    // lines left are exactly the separators chosen above.
    // Lines that leave the output: removed, or a blank line dropped.
    let mut dropped: Vec<bool> = (0..norm.lines.len()).map(removed).collect();
    for c in &blank_changes {
        dropped[c.lines()].fill(true);
    }
    // What a line that stays reads as in the output.
    let text_of = |i: usize| -> &str {
        if norm.lines[i].is_empty() && !norm.is_protected(i) {
            return "";
        }
        match claimed(i) {
            Some(Change { after: Some(a), .. }) => a.as_str(),
            _ => &norm.lines[i],
        }
    };
    // Two passes over the lines that stay, without a list of them (in a
    // file of millions of short lines the list cost more than the text): the
    // line map and the output's size, then the output, at its final size.
    let mut line_map = vec![None; norm.lines.len()];
    let (mut count, mut size, mut last_out) = (0, 0, None);
    for (i, slot) in line_map.iter_mut().enumerate() {
        if !dropped[i] {
            *slot = Some(count);
            count += 1;
            size += text_of(i).len() + norm.ending_after(i).len();
            last_out = Some(i);
        }
    }
    // The text ends with a newline unless its last line had none and stays
    // last, and the final-newline rule is off.
    let ends_bare = !final_newline
        && norm.missing_final_newline
        && last_out.is_some_and(|l| l + 1 == norm.lines.len());
    let mut output = String::with_capacity(size);
    let mut prev = None;
    // Lines whose lone CR ending is written as CR LF (see below).
    let mut joined_endings = Vec::new();
    for i in (0..norm.lines.len()).filter(|&i| !dropped[i]) {
        // A terminator between lines; the last one's is added below.
        if let Some(p) = prev {
            let ending = norm.ending_after(p);
            // Lines keep their own endings when line-ending is off; but a
            // lone CR, then an empty line that ends in LF, read as one CRLF
            // ending: the lines would join (and the next run would read one
            // line fewer). The CR line's ending is written CR LF instead, so
            // that both stay, and the change is reported.
            let ends_in_lf = i + 1 < norm.lines.len() || !ends_bare;
            if ending == "\r" && text_of(i).is_empty() && ends_in_lf && norm.ending_after(i) == "\n"
            {
                output.push_str("\r\n");
                joined_endings.push((p, text_of(p).to_string()));
            } else {
                output.push_str(ending);
            }
        }
        output.push_str(text_of(i));
        prev = Some(i);
    }
    if let Some(last) = prev.filter(|_| !ends_bare) {
        output.push_str(norm.ending_after(last));
    }
    let last_text = last_out.map(text_of).unwrap_or_default().to_string();

    // Changes: normalization repairs of lines that stay, then the claims, flags
    // and layout, ordered by line (stable, so per-line order is kept).
    let mut changes: Vec<Change> =
        Vec::with_capacity(repairs.len() + claims.len() + flags.len() + blank_changes.len() + 1);
    changes.extend(
        repairs
            .into_iter()
            .filter(|c| c.rule == Rule::LineEnding || !dropped[c.line]),
    );
    claims.sort_by_key(|c| c.line);
    changes.extend(claims);
    changes.extend(flags);
    changes.extend(blank_changes);
    if let Some(last) = kept
        .last()
        .filter(|_| norm.missing_final_newline && final_newline)
    {
        // Attached to the last line that stays; its text does not change.
        let text = last_text;
        changes.push(Change::changed(
            Rule::FinalNewline,
            *last,
            &text,
            text.clone(),
            "adds the missing newline at the end of the file".into(),
        ));
    }
    for (p, text) in joined_endings {
        changes.push(Change::changed(
            Rule::LineEnding,
            p,
            &text,
            text.clone(),
            "writes this line's CR ending as CR LF: line-ending is off, so each line keeps \
             its ending, but a CR then the LF of the blank line below would read as one \
             ending and join the two lines"
                .into(),
        ));
    }
    changes.sort_by_key(|c| c.line);
    Applied {
        output,
        changes,
        line_map,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Action, Config, Rule};

    fn blank_changes(text: &str) -> Vec<(usize, usize, String)> {
        let cleaned = crate::process(text.as_bytes(), &Config::default()).unwrap();
        cleaned
            .changes
            .iter()
            .filter(|c| c.rule == Rule::BlankLines)
            .map(|c| {
                assert_eq!(c.action, Action::Removed);
                (c.line, c.last_line, c.text.clone())
            })
            .collect()
    }

    /// With line-ending off each line keeps its ending, but a lone CR before
    /// a line left empty (here a line of spaces) cannot be written as it
    /// was: CR then LF read as one ending, the lines joined, the next run read
    /// one line fewer and the line map pointed past the output (the text
    /// report panicked). The CR is written CR LF, and reported.
    #[test]
    fn a_cr_ending_before_a_line_left_empty_is_written_crlf_and_reported() {
        let mut config = Config::default();
        config.disabled.push(Rule::LineEnding);
        let text = "Body one is a sentence here.\r  \nSecond line here.\n";
        let cleaned = crate::process(text.as_bytes(), &config).unwrap();
        assert_eq!(
            cleaned.output,
            "Body one is a sentence here.\r\n\nSecond line here.\n"
        );
        let lines = crate::text::split_terminated(&cleaned.output).count();
        assert!(cleaned.line_map.iter().flatten().all(|&n| n < lines));
        let joined: Vec<_> = cleaned
            .changes
            .iter()
            .filter(|c| c.rule == Rule::LineEnding)
            .map(|c| (c.line, c.action))
            .collect();
        assert_eq!(joined, [(0, Action::Changed)]);
        let again = crate::process(cleaned.output.as_bytes(), &config).unwrap();
        assert_eq!(again.output, cleaned.output);
        let report =
            crate::report::Report::new(vec![crate::report::FileReport::new("a.txt", &cleaned)]);
        let mut text_report = Vec::new();
        crate::report::text::write(&report, &[&cleaned], &mut text_report).unwrap();
        assert!(
            String::from_utf8(text_report)
                .unwrap()
                .contains("line-ending")
        );
    }

    /// Blank lines at the end of a file that a removed line splits into runs:
    /// each run's reason counts its own lines (it said "4 blank lines" for
    /// each of two runs of 2).
    #[test]
    fn each_run_of_blank_lines_at_an_end_counts_its_own_lines() {
        let p =
            "The harbour authority said every route north of the bay would run again by Tuesday.";
        let text = format!(
            "Ferry routes reopen after the storm\n\nThe first ferry left the harbour at six on \
             Tuesday morning, an hour after the wind dropped.\n\nThe second followed at seven, \
             carrying the workers who had slept at the terminal.\n\n{p}\n\n\n{p}\n\n\n"
        );
        let cleaned = crate::process(text.as_bytes(), &Config::default()).unwrap();
        let runs: Vec<(usize, usize, &str)> = cleaned
            .changes
            .iter()
            .filter(|c| c.rule == Rule::BlankLines)
            .map(|c| (c.line, c.last_line, c.reason.as_str()))
            .collect();
        assert_eq!(
            runs,
            [
                (7, 8, "2 blank lines at the end of the file"),
                (10, 11, "2 blank lines at the end of the file"),
            ]
        );
    }

    /// The layout rules switch off like the others: each one off leaves its
    /// part of the layout as the input had it, and only its part; the other
    /// rules still apply, and a second run changes nothing.
    #[test]
    fn each_layout_rule_can_be_switched_off() {
        let text = "Ferry routes reopen after the storm\r\n\r\nTT\r\n\r\n\
                    Ferry routes reopen after the storm\r\n\r\n\r\nThe first ferry left at six.  \r\
                    The second followed at seven.";
        let clean = |off: &[Rule]| {
            let mut config = Config::default();
            config.disabled.extend_from_slice(off);
            let once = crate::process(text.as_bytes(), &config).unwrap();
            let twice = crate::process(once.output.as_bytes(), &config).unwrap();
            assert_eq!(twice.output, once.output, "{off:?}");
            let rules: Vec<Rule> = once.changes.iter().map(|c| c.rule).collect();
            for r in off {
                assert!(!rules.contains(r), "{off:?}: {rules:?}");
            }
            once.output
        };
        let body = "The first ferry left at six.";
        assert_eq!(
            clean(&[]),
            format!(
                "Ferry routes reopen after the storm\n\n{body}\nThe second followed at seven.\n"
            )
        );
        assert_eq!(
            clean(&[Rule::LineEnding]),
            format!(
                "Ferry routes reopen after the storm\r\n\r\n{body}\rThe second followed at seven.\r"
            )
        );
        assert_eq!(
            clean(&[Rule::LineEnding, Rule::FinalNewline]),
            format!(
                "Ferry routes reopen after the storm\r\n\r\n{body}\rThe second followed at seven."
            )
        );
        assert_eq!(
            clean(&[Rule::BlankLines]),
            format!(
                "Ferry routes reopen after the storm\n\n\n\n\n{body}\nThe second followed at seven.\n"
            )
        );
        assert_eq!(
            clean(&[Rule::FinalNewline]),
            format!("Ferry routes reopen after the storm\n\n{body}\nThe second followed at seven.")
        );
    }

    #[test]
    fn a_run_of_blank_lines_is_one_change() {
        // A thousand blank lines between two paragraphs: one change for the
        // 999 dropped, quoting them (one holds spaces).
        let text = format!(
            "Ferry routes reopen after the storm\n\nThe first paragraph of the story.\n{}  \n\nThe second paragraph of the story.\n",
            "\n".repeat(998)
        );
        let found = blank_changes(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        let (first, last, quoted) = &found[0];
        assert_eq!((*first, *last), (4, 1002));
        assert_eq!(*quoted, "\n".repeat(997) + "  \n");
    }

    #[test]
    fn a_removed_line_between_blank_lines_splits_the_run() {
        // The paragraph's copy (line 6) is removed by its own rule; the blank
        // lines dropped on each side of it are two runs, so that no change
        // claims a line another change removes.
        let para =
            "The talks lasted two hours, officials said on Tuesday, and ended without a statement.";
        let text = format!(
            "Haftar meets Putin in Moscow for talks\n\n{para}\n\n\n{para}\n\n\n\
             Both sides will meet again next month in Benghazi, a spokesman said.\n"
        );
        let cleaned = crate::process(text.as_bytes(), &Config::default()).unwrap();
        assert!(
            cleaned
                .changes
                .iter()
                .any(|c| c.line == 5 && c.rule == Rule::RepeatedParagraph),
            "{:?}",
            cleaned.changes
        );
        assert_eq!(
            blank_changes(&text),
            vec![(4, 4, String::new()), (6, 7, "\n".into())]
        );
    }
}
