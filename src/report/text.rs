//! The human-readable report: per file, a unified diff of the input against the
//! output in which every removed or changed line is followed by a `#` line
//! naming its rule and reason; then the changes per rule.
//!
//! Invisible characters are shown escaped (`<U+00A0>`) so that a whitespace
//! repair is visible in the diff.

use std::fmt::Write;

use similar::{DiffOp, group_diff_ops};

use super::{FileReport, Report};
use crate::{Action, Cleaned};

/// Render the report, with one diff per file; `cleaned[i]` is the cleaned
/// form of `report.files[i]`.
pub fn render(report: &Report, cleaned: &[&Cleaned]) -> String {
    let mut s = String::new();
    render_to(&mut s, report, cleaned);
    s
}

/// [`render`] written to `w` as it is made: the diff of one long file is
/// never held whole.
pub fn write(
    report: &Report,
    cleaned: &[&Cleaned],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    /// `fmt::Write` over `io::Write`, keeping the first error.
    struct Io<'a> {
        w: &'a mut dyn std::io::Write,
        error: Option<std::io::Error>,
    }
    impl Write for Io<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            if self.error.is_none()
                && let Err(e) = self.w.write_all(s.as_bytes())
            {
                self.error = Some(e);
            }
            Ok(())
        }
    }
    let mut io = Io { w, error: None };
    render_to(&mut io, report, cleaned);
    io.error.map_or(Ok(()), Err)
}

fn render_to(s: &mut impl Write, report: &Report, cleaned: &[&Cleaned]) {
    for (file, cleaned) in report.files.iter().zip(cleaned) {
        render_file(s, file, cleaned);
    }
    let _ = writeln!(s, "Summary:");
    if report.summary.is_empty() {
        let _ = writeln!(s, "  no changes");
    }
    for (rule, n) in &report.summary {
        let _ = writeln!(s, "  {rule:<20} {n}");
    }
    let flagged: usize = report
        .files
        .iter()
        .flat_map(|f| &f.changes)
        .filter(|c| c.change.action == Action::Flagged)
        .count();
    if flagged > 0 {
        let _ = writeln!(
            s,
            "  {:<20} {flagged} (left in place for review)",
            "flagged"
        );
    }
}

/// The diff operations between input and output, from the line map: runs of
/// equal, removed and rewritten lines. Built from what the pipeline did rather
/// than by searching for a diff, so every `-` line is one the report explains.
fn diff_ops(cleaned: &Cleaned, out_lines: &[&str]) -> Vec<DiffOp> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Equal,
        Delete,
        Replace,
    }
    let mut ops: Vec<(Kind, usize, usize, usize)> = Vec::new(); // kind, old, new, len
    let mut new_index = 0;
    for (old, mapped) in cleaned.line_map.iter().enumerate() {
        let kind = match mapped {
            None => Kind::Delete,
            Some(n) if *out_lines[*n] == cleaned.input_lines[old] => Kind::Equal,
            Some(_) => Kind::Replace,
        };
        match ops.last_mut() {
            Some(last) if last.0 == kind => last.3 += 1,
            _ => ops.push((kind, old, new_index, 1)),
        }
        if mapped.is_some() {
            new_index += 1;
        }
    }
    ops.into_iter()
        .map(|(kind, old_index, new_index, len)| match kind {
            Kind::Equal => DiffOp::Equal {
                old_index,
                new_index,
                len,
            },
            Kind::Delete => DiffOp::Delete {
                old_index,
                old_len: len,
                new_index,
            },
            Kind::Replace => DiffOp::Replace {
                old_index,
                old_len: len,
                new_index,
                new_len: len,
            },
        })
        .collect()
}

fn render_file(s: &mut impl Write, file: &FileReport, cleaned: &Cleaned) {
    let _ = writeln!(
        s,
        "{}: {} article{}, read as {}{}{}",
        file.path,
        file.articles,
        if file.articles == 1 { "" } else { "s" },
        file.encoding,
        match file.encoding_source {
            crate::EncodingSource::Detected if !file.encoding_confident => {
                " (detected with low confidence: check the text, or pass --encoding)"
            }
            crate::EncodingSource::Detected => " (detected)",
            crate::EncodingSource::Forced => " (forced)",
            _ => "",
        },
        if file.lossy {
            "; some bytes could not be decoded and became U+FFFD"
        } else {
            ""
        }
    );
    diff(s, file, cleaned);
    // Changes that the line diff cannot show (line endings, a final newline,
    // flags on lines that stay) are listed after it.
    for c in &file.changes {
        if !shown_in_diff(&c.change) {
            let _ = writeln!(
                s,
                "# line {} {}: {}",
                c.line, c.change.rule, c.change.reason
            );
        }
    }
    let _ = s.write_char('\n');
}

/// The unified diff of a file's input lines against its output, each removed
/// or changed line followed by `# line N rule: reason`, invisible characters
/// escaped.
fn diff(s: &mut impl Write, file: &FileReport, cleaned: &Cleaned) {
    let show = escape;
    let mut out_lines: Vec<&str> = crate::text::split_terminated(&cleaned.output).collect();
    // An empty last line without a terminator (final-newline off) is a line
    // of the line map, but no text can show it: it is an empty line here.
    let mapped = cleaned
        .line_map
        .iter()
        .flatten()
        .max()
        .map_or(0, |&n| n + 1);
    out_lines.resize(out_lines.len().max(mapped), "");
    let input = &cleaned.input_lines;
    let ops = diff_ops(cleaned, &out_lines);
    // The changes the diff annotates, by their last line (stable: a line's
    // changes keep their order), looked up by binary search: scanning every
    // change for every line would be quadratic in a long file. A change of
    // several lines (a run of blank lines) is explained after its last one.
    let mut notes: Vec<&super::ReportChange> = file
        .changes
        .iter()
        .filter(|c| shown_in_diff(&c.change))
        .collect();
    notes.sort_by_key(|c| c.end_line());
    let _ = writeln!(s, "--- {}", file.path);
    let _ = writeln!(s, "+++ {} (cleaned)", file.path);
    for group in group_diff_ops(ops, 2) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            s,
            "@@ -{},{} +{},{} @@",
            old.start + 1,
            old.len(),
            new.start + 1,
            new.len()
        );
        for op in &group {
            match *op {
                DiffOp::Equal { old_index, len, .. } => {
                    // By index: `Lines::iter` would walk every line
                    // before `old_index` to skip it, quadratic in a long file.
                    for i in old_index..old_index + len {
                        let _ = writeln!(s, " {}", show(&input[i]));
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    for i in old_index..old_index + old_len {
                        let _ = writeln!(s, "-{}", show(&input[i]));
                        annotate_line(s, &notes, i + 1);
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    ..
                } => {
                    for k in 0..old_len {
                        let _ = writeln!(s, "-{}", show(&input[old_index + k]));
                        annotate_line(s, &notes, old_index + k + 1);
                        let _ = writeln!(s, "+{}", show(out_lines[new_index + k]));
                    }
                }
                DiffOp::Insert { .. } => {}
            }
        }
    }
}

/// Does the change alter the line's text, so that the diff shows it?
fn shown_in_diff(c: &crate::Change) -> bool {
    match c.action {
        Action::Removed => true,
        Action::Changed => c.after.as_deref().is_some_and(|a| a != c.text),
        Action::Flagged => false,
    }
}

fn annotate_line(s: &mut impl Write, notes: &[&super::ReportChange], line: usize) {
    let start = notes.partition_point(|c| c.end_line() < line);
    for c in notes[start..].iter().take_while(|c| c.end_line() == line) {
        if c.line == line {
            let _ = writeln!(s, "# line {} {}: {}", line, c.change.rule, c.change.reason);
        } else {
            let _ = writeln!(
                s,
                "# lines {}-{} {}: {}",
                c.line, line, c.change.rule, c.change.reason
            );
        }
    }
}

/// Is `c` shown as `<U+XXXX>` ([`escape`]): a tab, whitespace other than a
/// space, a control or an invisible character?
pub fn is_escaped(c: char) -> bool {
    c == '\t'
        || (c != ' ' && c.is_whitespace())
        || c.is_control()
        || crate::normalize::is_invisible(c)
}

/// Show invisible and unusual whitespace characters as `<U+XXXX>`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_escaped(c) {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        } else {
            out.push(c);
        }
    }
    // Trailing spaces would be invisible too.
    let trimmed = out.trim_end_matches(' ').len();
    let trailing = out.len() - trimmed;
    if trailing > 0 {
        out.truncate(trimmed);
        out.push_str(&"<U+0020>".repeat(trailing));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With final-newline off, a last line that cleaning leaves empty has no
    /// terminator, so the text holds one line fewer than the line map: the
    /// report shows it as an empty line (it panicked, indexing past the
    /// output's lines).
    #[test]
    fn an_empty_unterminated_last_line_is_shown_not_a_panic() {
        let mut config = crate::Config::default();
        config.disabled.push(crate::Rule::FinalNewline);
        config.disabled.push(crate::Rule::BlankLines);
        let cleaned = crate::process("Body text here.\n  \t".as_bytes(), &config).unwrap();
        assert_eq!(cleaned.output, "Body text here.\n");
        let report = Report::new(vec![FileReport::new("a.txt", &cleaned)]);
        let mut out = Vec::new();
        write(&report, &[&cleaned], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(
                "-  <U+0009>\n# line 2 trailing-whitespace: removes a line of only whitespace"
            ),
            "{out}"
        );
    }

    #[test]
    fn the_written_report_is_the_rendered_one() {
        let cleaned = crate::process(
            "Title here now\n\nTT\n\nTitle here now\n\nBody\u{a0}text that goes on.  \n\n\n\nMore.\n"
                .as_bytes(),
            &crate::Config::default(),
        )
        .unwrap();
        let report = Report::new(vec![
            FileReport::new("a.txt", &cleaned),
            FileReport::new("b.txt", &cleaned),
        ]);
        let rendered = render(&report, &[&cleaned, &cleaned]);
        assert!(
            rendered.contains("# line 5 repeated-headline: "),
            "{rendered}"
        );
        let mut written = Vec::new();
        write(&report, &[&cleaned, &cleaned], &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), rendered);
    }

    #[test]
    fn a_write_error_is_returned() {
        struct Full;
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let cleaned = crate::process(b"Title\n\nBody.\n", &crate::Config::default()).unwrap();
        let report = Report::new(vec![FileReport::new("a.txt", &cleaned)]);
        let err = write(&report, &[&cleaned], &mut Full).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }
}
