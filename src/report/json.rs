//! The JSON report.
//!
//! Shape (version 2), pinned by `report.schema.json` at the repository root:
//! `{"version": 2, "files": [{"path", "encoding", "encoding_source", "lossy",
//! "articles", "changes": [{"line", "column"?, "end_column"?, "rule", "action",
//! "text", "after"?, "reason"}]}], "summary": {rule: count}}`. `line` is
//! 1-based; `action` is `removed`, `changed` or `flagged` (reported, not
//! applied). A `changed` entry is its edit ([`super::Edit`]): `column`,
//! `end_column` and `after` are present on it only, and its `text` is the
//! characters replaced; otherwise `text` is the whole line. Text is UTF-8 as
//! decoded: undecodable input bytes
//! appear as U+FFFD and the file's `lossy` is true.

use std::collections::BTreeMap;

use super::{Document, FileReport, REPORT_VERSION, Report, close_array, entry_at, value_at};

/// The report as pretty-printed JSON with a final newline.
pub fn to_string(report: &Report) -> String {
    let mut out = Vec::new();
    write(report, &mut out).expect("written to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`to_string`] written to `w` as it is made: the report of one long file
/// is never held whole.
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(head().as_bytes())?;
    let mut doc = Document::default();
    for file in &report.files {
        // The separator before the entry (`push` of an empty entry).
        w.write_all(doc.push("").as_bytes())?;
        super::write_entry_at(file, 4, w)?;
    }
    w.write_all(tail(&doc, &report.summary, &[]).as_bytes())
}

/// The opening of the report, up to its array of files.
pub fn head() -> String {
    format!("{{\n  \"version\": {REPORT_VERSION},\n  \"files\": [")
}

/// One file's entry in the array of files.
pub fn entry(file: &FileReport) -> String {
    entry_at(file, 4)
}

/// The closing of the report: the end of the array and the summary.
/// A run that met `errors` names them in an `errors` array (absent when
/// there are none).
pub fn tail(doc: &Document, summary: &BTreeMap<&'static str, usize>, errors: &[String]) -> String {
    let errors = if errors.is_empty() {
        String::new()
    } else {
        format!(",\n  \"errors\": {}", value_at(&errors, 2))
    };
    format!(
        "{},\n  \"summary\": {}{errors}\n}}\n",
        close_array(doc, 2),
        value_at(summary, 2)
    )
}

/// One file's entry as compact JSON: exactly `serde_json::to_string(file)`,
/// written directly, with strings escaped eight bytes at a time. A run report
/// carries every removed line whole, so its text can be a good part of the
/// corpus's.
pub fn compact_entry(file: &FileReport) -> String {
    // Rewritten lines are reported by their edit, usually a few characters.
    let text: usize = file
        .changes
        .iter()
        .map(|c| {
            let line = match c.change.action {
                crate::Action::Changed => 16,
                _ => c.change.text.len(),
            };
            line + c.change.reason.len()
        })
        .sum();
    // Room for the keys, rule, action and line of each change, so that
    // the entry is not copied as it grows.
    let mut out = String::with_capacity(text + 128 * file.changes.len() + 256);
    out.push_str("{\"path\":");
    push_json_str(&mut out, &file.path);
    if let Some(raw) = &file.path_base64 {
        out.push_str(",\"path_base64\":");
        push_json_str(&mut out, raw);
    }
    out.push_str(",\"encoding\":");
    push_json_str(&mut out, file.encoding);
    out.push_str(",\"encoding_source\":");
    out.push_str(&serde_json::to_string(&file.encoding_source).expect("a unit variant"));
    out.push_str(if file.lossy {
        ",\"lossy\":true"
    } else {
        ",\"lossy\":false"
    });
    out.push_str(if file.encoding_confident {
        ",\"encoding_confident\":true"
    } else {
        ",\"encoding_confident\":false"
    });
    out.push_str(",\"articles\":");
    out.push_str(&file.articles.to_string());
    out.push_str(",\"changes\":[");
    for (i, c) in file.changes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let edit = c.edit();
        out.push_str("{\"line\":");
        crate::text::push_num(&mut out, c.line as u64);
        if c.end_line() > c.line {
            out.push_str(",\"end_line\":");
            crate::text::push_num(&mut out, c.end_line() as u64);
        }
        if let Some(e) = &edit {
            out.push_str(",\"column\":");
            crate::text::push_num(&mut out, e.column as u64);
            out.push_str(",\"end_column\":");
            crate::text::push_num(&mut out, e.end_column as u64);
        }
        out.push_str(",\"rule\":");
        push_json_str(&mut out, c.change.rule.id());
        out.push_str(match c.change.action {
            crate::Action::Removed => ",\"action\":\"removed\"",
            crate::Action::Changed => ",\"action\":\"changed\"",
            crate::Action::Flagged => ",\"action\":\"flagged\"",
        });
        out.push_str(",\"text\":");
        match &edit {
            Some(e) => {
                push_json_str(&mut out, e.text);
                out.push_str(",\"after\":");
                push_json_str(&mut out, e.after);
            }
            None => push_json_str(&mut out, &c.change.text),
        }
        out.push_str(",\"reason\":");
        push_json_str(&mut out, &c.change.reason);
        out.push('}');
    }
    out.push(']');
    if let Some(counts) = &file.rewrites_left_out {
        out.push_str(",\"rewrites_left_out\":{");
        for (i, (rule, n)) in counts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_str(&mut out, rule);
            out.push(':');
            crate::text::push_num(&mut out, *n as u64);
        }
        out.push('}');
    }
    out.push('}');
    out
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"`, `\\`, and
/// control characters (`\n` and the like by name, others as `\u00XX`).
pub fn push_json_str(out: &mut String, s: &str) {
    use crate::text::{splat, zero_bytes};
    out.push('"');
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight bytes with no quote, backslash or control character are
        // passed over at once.
        if let Some(block) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
            let special = zero_bytes(x & splat(0xE0))
                | zero_bytes(x ^ splat(b'"'))
                | zero_bytes(x ^ splat(b'\\'));
            if special == 0 {
                i += 8;
                continue;
            }
            i += (special.trailing_zeros() / 8) as usize;
        }
        let x = b[i];
        let escaped = match x {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..0x20 => "",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(x >> 4)]));
            out.push(char::from(HEX[usize::from(x & 0xF)]));
        } else {
            out.push_str(escaped);
        }
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_entries_are_what_serde_json_writes() {
        // Every action, a rewritten line, quotes, backslashes, every control
        // character and multi-byte text at block edges.
        let controls: String = (1u8..0x20).map(char::from).collect();
        let raw = format!(
            "Title \"here\"\r\nTT\r\nTitle \"here\"\r\n\r\nBody\u{a0} text \\ that\u{7f} goes on {controls} and \
             ends.\r\n\r\n\r\n\r\n\r\n\r\nHaftar. (AP)\r\nx\r\nHaftar. (AP)\r\n\u{5348}\u{9910}\u{2019}s\tlunch\r\n"
        );
        let cleaned = crate::process(raw.as_bytes(), &crate::Config::default()).unwrap();
        let mut file = FileReport::new("dir/\"odd\"\\name\u{1}.txt", &cleaned);
        file.changes.push(super::super::ReportChange {
            line: 1,
            change: crate::Change {
                action: crate::Action::Flagged,
                ..crate::Change::removed(crate::Rule::RepeatedCaption, 0, "a\u{1f}b", "why".into())
            },
        });
        let actions: std::collections::BTreeSet<_> = file
            .changes
            .iter()
            .map(|c| c.change.action)
            .map(|a| format!("{a:?}"))
            .collect();
        assert_eq!(actions.len(), 3, "{actions:?}");
        assert!(
            file.changes.iter().any(|c| c.end_line() > c.line),
            "a run of blank lines"
        );
        assert_eq!(compact_entry(&file), serde_json::to_string(&file).unwrap());
        // The lean form: rewrites counted, removals and flags listed.
        let lean = file.clone().lean();
        assert!(
            lean.rewrites_left_out
                .as_ref()
                .is_some_and(|c| !c.is_empty())
        );
        assert!(
            lean.changes
                .iter()
                .all(|c| c.change.action != crate::Action::Changed)
        );
        assert_eq!(compact_entry(&lean), serde_json::to_string(&lean).unwrap());
        for source in [
            crate::EncodingSource::Forced,
            crate::EncodingSource::Bom,
            crate::EncodingSource::Detected,
        ] {
            file.encoding_source = source;
            file.lossy = true;
            assert_eq!(compact_entry(&file), serde_json::to_string(&file).unwrap());
        }
        // Strings of every length around a block, with the special byte at
        // every position.
        for n in 0..20 {
            for at in 0..n {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{e9}"] {
                    let mut t = "a".repeat(n);
                    t.replace_range(at..at + 1, special);
                    file.path = t;
                    assert_eq!(compact_entry(&file), serde_json::to_string(&file).unwrap());
                }
            }
        }
    }

    #[test]
    fn pieces_join_into_the_pretty_printed_report() {
        let cleaned = crate::process(
            "Title here\n\nTitle here\n\nBody  text that goes on.\n".as_bytes(),
            &crate::Config::default(),
        )
        .unwrap();
        for files in [
            vec![],
            vec![FileReport::new("a.txt", &cleaned)],
            vec![
                FileReport::new("a.txt", &cleaned),
                FileReport::new("b.txt", &cleaned),
            ],
        ] {
            let report = Report::new(files);
            let mut whole = serde_json::to_string_pretty(&report).unwrap();
            whole.push('\n');
            assert_eq!(to_string(&report), whole);
            let mut written = Vec::new();
            write(&report, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), whole);
        }
    }
}
