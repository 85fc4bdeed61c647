//! The diff report: what changed in each file, and why.
//!
//! Takes cleaned files ([`crate::Cleaned`]) and builds a [`Report`], plain data
//! that the formats in this folder print: [`json`] (machine-readable, versioned,
//! pinned by `report.schema.json`) and [`text`] (a unified diff annotated with
//! each change's rule and reason, plus counts per rule).

pub mod concise;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod printer;
mod run;
pub mod sarif;
pub mod schema;
pub mod statistics;
pub mod text;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

pub use run::RunSummary;

use crate::{Action, Change, Cleaned, EncodingSource};

/// The version of the JSON report format; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 2;

/// A report over one or more files.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// One entry per file, in the order given.
    pub files: Vec<FileReport>,
    /// Applied changes per rule id, over all files (flagged lines not counted).
    pub summary: BTreeMap<&'static str, usize>,
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FileReport {
    /// The path as given (`-` for standard input), with U+FFFD for bytes of
    /// a name that is not UTF-8.
    pub path: String,
    /// A path that is not UTF-8, as its bytes in base64 (standard alphabet,
    /// padded), so that the entry maps back to its file; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub path_base64: Option<String>,
    /// WHATWG name of the encoding the file was read in.
    pub encoding: &'static str,
    /// How the encoding was chosen: forced, bom, utf8 or detected.
    pub encoding_source: EncodingSource,
    /// Some bytes could not be decoded and were replaced by U+FFFD.
    pub lossy: bool,
    /// False when the encoding was a guess on thin evidence.
    pub encoding_confident: bool,
    /// Number of articles found in the file.
    pub articles: usize,
    /// Every change and flag, ordered by line.
    pub changes: Vec<ReportChange>,
    /// A lean run report (`--run-report lean`) lists the lines removed and
    /// flagged only: the rewrites it leaves out, counted per rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schema::rule_counts")]
    pub rewrites_left_out: Option<BTreeMap<&'static str, usize>>,
}

/// One change as the report shows it: the line is 1-based.
///
/// A rewritten line is reported by the part that changed (see
/// [`ReportChange::edit`]), not as the whole line twice: a run report of a
/// corpus would otherwise carry every paragraph with a no-break space in it
/// two times, more text than the corpus itself.
#[derive(Debug, Clone)]
pub struct ReportChange {
    /// 1-based input line.
    pub line: usize,
    /// The change itself.
    pub change: Change,
}

/// The part of a line that a `changed` entry rewrites: the characters from
/// `column` up to (not including) `end_column` of the line as it stood before
/// the change, `text`, are replaced by `after`. Columns are 1-based and count
/// characters (Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit<'a> {
    /// 1-based column of the first character replaced.
    pub column: usize,
    /// 1-based column just past the last character replaced.
    pub end_column: usize,
    /// The characters replaced.
    pub text: &'a str,
    /// What replaces them.
    pub after: &'a str,
}

impl ReportChange {
    /// The smallest span of a rewritten line that holds everything the change
    /// rewrote (the text before it and after it is the same in both), or
    /// `None` for a line removed or flagged. A line whose text stays the same
    /// (a missing final newline added) gives an empty edit at its end.
    pub fn edit(&self) -> Option<Edit<'_>> {
        let after = self.change.after.as_deref()?;
        let before = self.change.text.as_str();
        let (b, a) = (before.as_bytes(), after.as_bytes());
        let mut start = b.iter().zip(a).take_while(|(x, y)| x == y).count();
        // Equal bytes up to `start`: a character boundary of one is one of
        // the other.
        while !before.is_char_boundary(start) {
            start -= 1;
        }
        let room = b.len().min(a.len()) - start;
        let mut same_end = b
            .iter()
            .rev()
            .zip(a.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        while !before.is_char_boundary(b.len() - same_end) {
            same_end -= 1;
        }
        let text = &before[start..b.len() - same_end];
        let column = before[..start].chars().count() + 1;
        Some(Edit {
            column,
            end_column: column + text.chars().count(),
            text,
            after: &after[start..a.len() - same_end],
        })
    }

    /// 1-based last line the change covers: `line`, but for a run of blank
    /// lines dropped as one change.
    pub fn end_line(&self) -> usize {
        self.line + (self.change.line_count() - 1)
    }

    /// 1-based column (in characters) where the change starts: where its
    /// edit starts for a rewritten line, 1 otherwise.
    pub fn column(&self) -> usize {
        self.edit().map_or(1, |e| e.column)
    }

    /// Is this a finding that `fix` applies (not a flag for review)?
    pub fn is_fixable(&self) -> bool {
        self.change.action != Action::Flagged
    }
}

impl Serialize for ReportChange {
    /// `line`, `end_line` for a change of several lines, then for a
    /// rewritten line `column` and `end_column`, then
    /// `rule`, `action`, `text` (the whole line, or the characters an edit
    /// replaces), `after` (an edit's replacement) and `reason`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let edit = self.edit();
        let run = self.end_line() > self.line;
        let fields = 5 + usize::from(run) + if edit.is_some() { 3 } else { 0 };
        let mut m = s.serialize_struct("ReportChange", fields)?;
        m.serialize_field("line", &self.line)?;
        if run {
            m.serialize_field("end_line", &self.end_line())?;
        }
        if let Some(e) = &edit {
            m.serialize_field("column", &e.column)?;
            m.serialize_field("end_column", &e.end_column)?;
        }
        m.serialize_field("rule", &self.change.rule)?;
        m.serialize_field("action", &self.change.action)?;
        match &edit {
            Some(e) => {
                m.serialize_field("text", e.text)?;
                m.serialize_field("after", e.after)?;
            }
            None => m.serialize_field("text", &self.change.text)?,
        }
        m.serialize_field("reason", &self.change.reason)?;
        m.end()
    }
}

/// A JSON document printed a piece at a time: its opening, entries of one
/// array as they come (each already indented), and its closing, which may
/// depend on whether there were entries. Joined, the pieces equal
/// `serde_json::to_string_pretty` of the whole document.
#[derive(Debug, Default)]
pub struct Document {
    /// Entries written so far.
    pub entries: usize,
}

impl Document {
    /// The text that puts `entry` into the array after the ones before it.
    pub fn push(&mut self, entry: &str) -> String {
        let sep = if self.entries == 0 { "\n" } else { ",\n" };
        self.entries += 1;
        format!("{sep}{entry}")
    }
}

/// A whole document from its pieces: `head`, the entries of every file, and
/// the closing `tail` makes once it knows how many entries there were.
pub fn assemble(
    report: &Report,
    head: String,
    entries: impl Fn(&FileReport) -> Vec<String>,
    tail: impl Fn(&Document) -> String,
) -> String {
    let mut doc = Document::default();
    let mut s = head;
    for file in &report.files {
        for e in entries(file) {
            s.push_str(&doc.push(&e));
        }
    }
    s.push_str(&tail(&doc));
    s
}

/// A value pretty-printed as an array entry at `depth` spaces: the first line
/// indented, the others shifted by as much (JSON strings hold no raw line
/// breaks, so shifting lines never changes a string).
pub fn entry_at<T: Serialize>(value: &T, depth: usize) -> String {
    let mut out = Vec::new();
    write_entry_at(value, depth, &mut out).expect("plain data, written to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`entry_at`] written to `w` as it is serialized, never held whole: the
/// report of one long file can be larger than the file.
pub fn write_entry_at<T: Serialize>(
    value: &T,
    depth: usize,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    /// Passes bytes on with `pad` after every newline.
    struct Indented<'a> {
        w: &'a mut dyn std::io::Write,
        pad: &'a [u8],
    }
    impl std::io::Write for Indented<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut lines = buf.split_inclusive(|&b| b == b'\n');
            if let Some(first) = lines.next() {
                self.w.write_all(first)?;
                for line in lines {
                    self.w.write_all(self.pad)?;
                    self.w.write_all(line)?;
                }
                if buf.ends_with(b"\n") {
                    self.w.write_all(self.pad)?;
                }
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.w.flush()
        }
    }
    let pad = " ".repeat(depth);
    w.write_all(pad.as_bytes())?;
    serde_json::to_writer_pretty(
        Indented {
            w,
            pad: pad.as_bytes(),
        },
        value,
    )
    .map_err(std::io::Error::other)
}

/// A value pretty-printed as the value of a key at `depth` spaces: the lines
/// after the first shifted by `depth`.
pub fn value_at<T: Serialize>(value: &T, depth: usize) -> String {
    let pretty = serde_json::to_string_pretty(value).expect("plain data");
    pretty.replace('\n', &format!("\n{}", " ".repeat(depth)))
}

/// The closing of an array at `depth` spaces: on its own line when it has entries.
pub fn close_array(doc: &Document, depth: usize) -> String {
    if doc.entries == 0 {
        "]".to_string()
    } else {
        format!("\n{}]", " ".repeat(depth))
    }
}

impl Report {
    /// How many applied (fixable) changes the report holds.
    pub fn fixable(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.changes)
            .filter(|c| c.is_fixable())
            .count()
    }

    /// Every change with its file, in report order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &ReportChange)> {
        self.files
            .iter()
            .flat_map(|f| f.changes.iter().map(move |c| (f, c)))
    }
}

impl FileReport {
    /// Keep the bytes of `path` when its name is not UTF-8 (its `path`
    /// then holds U+FFFD where they were).
    pub fn with_raw_path(mut self, path: &std::path::Path) -> FileReport {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = path.as_os_str().as_bytes();
            if std::str::from_utf8(bytes).is_err() {
                self.path_base64 = Some(base64(bytes));
            }
        }
        #[cfg(not(unix))]
        let _ = path;
        self
    }

    /// Build the report entry for one cleaned file.
    pub fn new(path: &str, cleaned: &Cleaned) -> FileReport {
        FileReport::with_changes(path, cleaned, cleaned.changes.clone())
    }

    /// [`FileReport::new`], moving the changes out of `cleaned` instead of
    /// copying them.
    pub fn from_cleaned(path: &str, mut cleaned: Cleaned) -> FileReport {
        let changes = std::mem::take(&mut cleaned.changes);
        FileReport::with_changes(path, &cleaned, changes)
    }

    /// [`FileReport::new`], taking the changes out of `cleaned` and leaving
    /// the rest of it (the text report reads its lines and line map): a file
    /// with a million changes is not held twice.
    pub fn taking_changes(path: &str, cleaned: &mut Cleaned) -> FileReport {
        let changes = std::mem::take(&mut cleaned.changes);
        FileReport::with_changes(path, cleaned, changes)
    }

    fn with_changes(path: &str, cleaned: &Cleaned, changes: Vec<Change>) -> FileReport {
        FileReport {
            path: path.to_string(),
            path_base64: None,
            encoding: cleaned.encoding,
            encoding_source: cleaned.encoding_source,
            lossy: cleaned.lossy,
            encoding_confident: cleaned.encoding_confident,
            articles: cleaned.articles,
            changes: changes
                .into_iter()
                .map(|c| ReportChange {
                    line: c.line + 1,
                    change: c,
                })
                .collect(),
            rewrites_left_out: None,
        }
    }

    /// The lean form of this entry: the rewritten lines (`changed`) left
    /// out and counted per rule; removals and flags kept.
    pub fn lean(mut self) -> FileReport {
        let mut counts = BTreeMap::new();
        self.changes.retain(|c| {
            let rewrite = c.change.action == Action::Changed;
            if rewrite {
                *counts.entry(c.change.rule.id()).or_insert(0) += 1;
            }
            !rewrite
        });
        self.rewrites_left_out = Some(counts);
        self
    }
}

impl Report {
    /// A report over `files`, with the summary worked out.
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut summary = BTreeMap::new();
        for f in &files {
            for c in &f.changes {
                if c.change.action != Action::Flagged {
                    *summary.entry(c.change.rule.id()).or_insert(0) += 1;
                }
            }
        }
        Report {
            version: REPORT_VERSION,
            files,
            summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rule;

    fn edit_of(before: &str, after: &str) -> (usize, usize, String, String) {
        let c = ReportChange {
            line: 1,
            change: Change::changed(Rule::Whitespace, 0, before, after.into(), "why".into()),
        };
        let e = c.edit().expect("a rewritten line has an edit");
        // Replaying the edit over the line gives the line after.
        let chars: Vec<char> = before.chars().collect();
        let replayed: String = chars[..e.column - 1].iter().collect::<String>()
            + e.after
            + &chars[e.end_column - 1..].iter().collect::<String>();
        assert_eq!(replayed, after, "{before:?} -> {after:?}: {e:?}");
        assert_eq!(
            chars[e.column - 1..e.end_column - 1]
                .iter()
                .collect::<String>(),
            e.text
        );
        (e.column, e.end_column, e.text.into(), e.after.into())
    }

    #[test]
    fn an_edit_is_the_smallest_span_that_changed() {
        let e = |c, ec, t: &str, a: &str| (c, ec, t.to_string(), a.to_string());
        assert_eq!(edit_of("a\u{a0}b", "a b"), e(2, 3, "\u{a0}", " "));
        // Columns count characters, not bytes.
        assert_eq!(edit_of("é\u{a0}b", "é b"), e(2, 3, "\u{a0}", " "));
        assert_eq!(edit_of("午餐\u{200b}吃", "午餐吃"), e(3, 4, "\u{200b}", ""));
        // Two edits far apart: one span from the first to the last.
        assert_eq!(
            edit_of("\u{a0}x y\u{a0}", " x y "),
            e(1, 6, "\u{a0}x y\u{a0}", " x y ")
        );
        // Trailing whitespace; a decomposed accent composed (the shared
        // first byte of "e" and "é" is not a split point).
        assert_eq!(edit_of("end.  ", "end."), e(5, 7, "  ", ""));
        assert_eq!(edit_of("cafe\u{301}!", "café!"), e(4, 6, "e\u{301}", "é"));
        // Mojibake: bytes shared at both ends of differing characters.
        assert_eq!(edit_of("â€™s", "’s"), e(1, 4, "â€™", "’"));
        // A repeated character at the edge: the span is still exact.
        assert_eq!(edit_of("aa", "aaa"), e(3, 3, "", "a"));
        // The same text (a final newline added): empty, at the end.
        assert_eq!(edit_of("Last line.", "Last line."), e(11, 11, "", ""));
    }

    #[test]
    fn removed_and_flagged_lines_have_no_edit() {
        let c = ReportChange {
            line: 3,
            change: Change::removed(Rule::SiteTag, 2, "TT", "why".into()),
        };
        assert_eq!(c.edit(), None);
        assert_eq!(c.column(), 1);
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["text"], "TT");
        assert!(v.get("column").is_none() && v.get("after").is_none());
    }
}

/// Standard base64 with padding (RFC 4648), for the bytes of a file name
/// that is not UTF-8.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod base64_tests {
    #[test]
    fn base64_is_rfc_4648() {
        for (bytes, encoded) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"a\xff.txt", "Yf8udHh0"),
        ] {
            assert_eq!(super::base64(bytes), encoded);
        }
    }
}
