//! Markdown awareness: which lines copydesk must leave alone, and which
//! findings the author switched off.
//!
//! Takes the input lines of a Markdown file and returns, per line, whether it is
//! protected (front matter, a fenced code block, an HTML comment), plus the
//! suppressions written as `<!-- copydesk-disable-next-line RULE -->` (without a
//! rule id it suppresses every rule on the next non-blank line).

use std::borrow::Cow;

use crate::Rule;
use crate::normalize::is_invisible;

/// What the Markdown structure says about a file's lines.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    /// `protected[i]`: line `i` is front matter, code or an HTML comment.
    pub protected: Vec<bool>,
    /// (line, rule) pairs whose findings are suppressed; `None` means every
    /// rule. Sorted by line (comments are read in order, and each targets the
    /// next non-blank line after it).
    pub suppressed: Vec<(usize, Option<Rule>)>,
}

impl Markdown {
    /// The suppressions on `line` (`None`: every rule).
    pub fn suppressions(&self, line: usize) -> &[(usize, Option<Rule>)] {
        let start = self.suppressed.partition_point(|&(l, _)| l < line);
        let end = self.suppressed.partition_point(|&(l, _)| l <= line);
        &self.suppressed[start..end]
    }

    /// Is a finding of `rule` on `line` suppressed by a comment?
    pub fn is_suppressed(&self, line: usize, rule: Rule) -> bool {
        self.suppressions(line)
            .iter()
            .any(|&(_, r)| r.is_none_or(|r| r == rule))
    }
}

/// A line as the structure is read from it: as normalization will leave
/// it, near enough: without the control and invisible characters that
/// normalization takes out, without whitespace at its ends, and with
/// full-width ASCII (`｀｀｀`) as ASCII, which the `fullwidth` rule writes.
/// A fence behind a BOM or a no-break space is a fence on the next run (the
/// line's normalized copy), so it must be one on this run too.
fn bare(line: &str) -> Cow<'_, str> {
    // U+0085 is whitespace to Rust, but the control-char rule writes it as
    // the ellipsis it stood for in Windows-1252: text, not space.
    let space = |c: char| c.is_whitespace() && c != '\u{85}';
    let dropped = |c: char| (c.is_control() && !c.is_whitespace()) || is_invisible(c);
    if !line.contains(|c: char| dropped(c) || ('\u{ff01}'..='\u{ff5e}').contains(&c)) {
        return Cow::Borrowed(line.trim_matches(space));
    }
    let kept: String = line.chars().filter(|&c| !dropped(c)).collect();
    Cow::Owned(crate::normalize::fullwidth_as_ascii(
        kept.trim_matches(space),
    ))
}

/// Analyze the lines of a Markdown file.
pub fn analyze(lines: &[&str]) -> Markdown {
    let n = lines.len();
    let mut protected = vec![false; n];
    let mut suppressed = Vec::new();
    let mut i = 0;

    // Front matter: `---` (YAML) or `+++` (TOML) on the first line, to the same
    // marker. A BOM before it is allowed.
    if let Some(first) = lines.first() {
        let marker = bare(first);
        if (marker == "---" || marker == "+++")
            && let Some(end) = (1..n).find(|&k| bare(lines[k]) == marker)
        {
            protected[..=end].iter_mut().for_each(|p| *p = true);
            i = end + 1;
        }
    }

    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    while i < n {
        let t = bare(lines[i]);
        let t = &*t;
        if let Some((c, len)) = fence {
            protected[i] = true;
            let run = t.chars().take_while(|&x| x == c).count();
            if run >= len && t[run * c.len_utf8()..].trim().is_empty() {
                fence = None;
            }
        } else if in_comment {
            protected[i] = true;
            if t.contains("-->") {
                in_comment = false;
            }
        } else if let Some(c) = ['`', '~']
            .into_iter()
            .find(|&c| t.starts_with(&format!("{c}{c}{c}")))
        {
            protected[i] = true;
            fence = Some((c, t.chars().take_while(|&x| x == c).count()));
        } else if t.starts_with("<!--") {
            protected[i] = true;
            if let Some(rest) = t
                .strip_prefix("<!--")
                .and_then(|r| r.trim().strip_prefix("copydesk-disable-next-line"))
            {
                let id = rest.trim().trim_end_matches("-->").trim();
                let rule = if id.is_empty() {
                    None
                } else {
                    Rule::from_id(id)
                };
                if (id.is_empty() || rule.is_some())
                    && let Some(next) = (i + 1..n).find(|&k| !bare(lines[k]).is_empty())
                {
                    suppressed.push((next, rule));
                }
            }
            in_comment = !t.contains("-->");
        }
        i += 1;
    }
    Markdown {
        protected,
        suppressed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn front_matter_fences_and_comments_are_protected() {
        let l = lines("---\ntitle: x\n---\nText\n```\ncode  \n\n```\n<!-- a\nb -->\nMore");
        let md = analyze(&l);
        assert_eq!(
            md.protected,
            [
                true, true, true, false, true, true, true, true, true, true, false
            ]
        );
    }

    /// Normalization takes a BOM, a zero-width space or a no-break space off
    /// the ends of a line; a fence behind one is a fence on the next run, so
    /// it is one now (otherwise the lines after it would change protection,
    /// and a second run would change them).
    #[test]
    fn structure_is_read_as_normalization_will_leave_the_line() {
        let l = ["\u{200b}```", "```", "&#39;x", "\u{a0}---"];
        assert_eq!(analyze(&l).protected, [true, true, false, false]);
        let l = ["\u{feff} ---", "title: x", "\u{a0}---\u{200b}", "body"];
        assert_eq!(analyze(&l).protected, [true, true, true, false]);
        // Full-width backticks are a fence once the fullwidth rule has
        // written them as ASCII.
        let l = ["\u{ff40}\u{ff40}\u{ff40}", "&#39;x", "\u{ff40}``", "body"];
        assert_eq!(analyze(&l).protected, [true, true, true, false]);
        // U+0085 becomes an ellipsis: a line of it is the next non-blank one.
        let l = ["<!-- copydesk-disable-next-line -->", "\u{85}", "text"];
        assert_eq!(analyze(&l).suppressed, [(1, None)]);
    }

    #[test]
    fn disable_comment_targets_the_next_non_blank_line() {
        let l = lines(
            "<!-- copydesk-disable-next-line site-tag -->\n\nTT\n<!-- copydesk-disable-next-line -->\nX",
        );
        let md = analyze(&l);
        assert!(md.is_suppressed(2, Rule::SiteTag));
        assert!(!md.is_suppressed(2, Rule::RepeatedHeadline));
        assert!(md.is_suppressed(4, Rule::Nfc));
        // Each comment targets the next non-blank line, a comment too; the
        // list stays in line order.
        let l = lines(
            "<!-- copydesk-disable-next-line nfc -->\n<!-- copydesk-disable-next-line bom -->\n\nX\n<!-- copydesk-disable-next-line -->\nY",
        );
        let md = analyze(&l);
        assert_eq!(md.suppressions(1), [(1, Some(Rule::Nfc))]);
        assert_eq!(md.suppressions(3), [(3, Some(Rule::Bom))]);
        assert_eq!(md.suppressions(5), [(5, None)]);
        assert!(md.suppressions(4).is_empty());
    }
}
