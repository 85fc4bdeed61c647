//! JSONL streams: `copydesk clean --jsonl IN.jsonl|- -o OUT.jsonl|-`.
//!
//! One JSON object per line. The text field is cleaned; every other field
//! passes through byte for byte, in its order (the objects are read as raw
//! values); a `copydesk` field is added with the change counts per rule (or,
//! with `--annotate`, every change). A malformed line is reported with its line
//! number and passed through, or dropped with `--drop-invalid`; it never stops
//! the stream. Lines are read and written in batches, cleaned in parallel
//! within a batch and written in order, so memory is bounded by the batch
//! whatever the stream's length.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use indexmap::IndexMap;
use serde_json::value::RawValue;

use copydesk::corpus::{DupIndex, Learner, Profile};
use copydesk::{Action, Config, Rule};

use super::source::Problem;
use super::{Learned, Lines};

/// Options of a stream run.
pub struct StreamOptions {
    /// The field holding the article text.
    pub text_field: String,
    /// The field naming the source (for site boilerplate).
    pub source_field: Option<String>,
    /// The field naming the record in duplicate reports (else its line number).
    pub id_field: String,
    /// Add every change, not only counts.
    pub annotate: bool,
    /// Add each article's parts under `structure`.
    pub structure: bool,
    /// Drop malformed lines instead of passing them through.
    pub drop_invalid: bool,
    /// Drop records that repeat an earlier record.
    pub drop_duplicates: bool,
    /// Look for duplicates at all, and the near-duplicate threshold.
    pub dedup: Option<f64>,
    /// Duplicates decided elsewhere (`--duplicates FILE`), by the canonical
    /// JSON of the later copy's id, with the threshold that decides which
    /// go: they take the place of the index.
    pub decisions: Option<(Decisions, f64)>,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// Duplicate decisions by the canonical JSON text of the later copy's id.
pub type Decisions = std::collections::HashMap<String, copydesk::corpus::DuplicateDecision>;

/// The canonical JSON text of an id (as written by serde_json), so that an id
/// matches whatever spacing or escapes the two files wrote it with.
pub fn canonical_id(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .map_or_else(|_| raw.to_string(), |v| v.to_string())
}

/// Read the decisions of `--duplicates FILE`: one JSON object per line
/// (`{"id", "duplicate_of", "exact", "similarity"}`), blank lines aside.
pub fn read_decisions(path: &str) -> Result<Decisions> {
    let mut decisions = Decisions::new();
    let input = super::source::open_input(path)?;
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|e| read_error(e, path))?;
        if line.trim().is_empty() {
            continue;
        }
        let d: copydesk::corpus::DuplicateDecision = serde_json::from_str(&line).with_context(|| {
            format!(
                "{path}:{}: not a duplicate decision; each line is {{\"id\": ..., \"duplicate_of\": \
                 ..., \"exact\": true|false, \"similarity\": 0.93}} (see docs/spark.md)",
                n + 1
            )
        })?;
        decisions.insert(d.id.to_string(), d);
    }
    Ok(decisions)
}

/// A record's fields in their order, the values borrowed from its line.
type Record<'a> = IndexMap<String, &'a RawValue>;

/// Totals of a stream run, printed at the end.
#[derive(Debug, Default, serde::Serialize)]
pub struct StreamSummary {
    /// Records read.
    pub records: u64,
    /// Records whose text changed.
    pub changed: u64,
    /// Malformed lines (passed through or dropped).
    pub malformed: u64,
    /// Records repeating an earlier one.
    pub duplicates: u64,
    /// Of those, records dropped (`--drop-duplicate-articles`).
    pub dropped: u64,
    /// Bytes of text in and out.
    pub text_bytes_in: u64,
    /// Bytes of text out.
    pub text_bytes_out: u64,
    /// Changes per rule.
    pub changes: BTreeMap<&'static str, u64>,
    /// Sources the profile knows nothing of, with how many records have
    /// them (none when the profile was learned over this stream).
    pub unknown_sources: BTreeMap<String, u64>,
    /// Records without the `--source-field` (their source is `''`).
    pub source_missing: u64,
}

/// A line without its terminator (`\n` or `\r\n`, as `BufRead::lines`
/// splits them).
fn content(line: &[u8]) -> &[u8] {
    match line.strip_suffix(b"\n") {
        Some(l) => l.strip_suffix(b"\r").unwrap_or(l),
        None => line,
    }
}

/// The error of a stream that could not be read: named, and for a gzip
/// stream cut short (an interrupted download or copy), what to do.
pub fn read_error(e: std::io::Error, name: &str) -> anyhow::Error {
    let cut = e.kind() == std::io::ErrorKind::UnexpectedEof
        || e.to_string().contains("incomplete deflate stream")
        || e.to_string().contains("corrupt deflate stream");
    let advice = if cut {
        "the compressed stream ends early or is damaged (an interrupted download or copy?); \
         test it with `gzip -t`, and fetch or copy it again (an output file named with -o \
         is left as it was)"
    } else {
        "check that it can be read"
    };
    anyhow::Error::new(e).context(format!("{name}: cannot read the stream; {advice}"))
}

/// A line's text, or why it cannot be a record.
fn as_text(line: &[u8]) -> Result<&str, String> {
    simdutf8::basic::from_utf8(line).map_err(|_| {
        let at = std::str::from_utf8(line)
            .err()
            .map_or(0, |e| e.valid_up_to());
        format!(
            "not valid UTF-8 (at byte {} of the line); JSON streams must be UTF-8, \
             re-encode the record",
            at + 1
        )
    })
}

/// Is a line of the stream blank (JSON whitespace only)?
fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

fn parse<'a>(line: &'a str, text_field: &str) -> Result<(Record<'a>, String), String> {
    let record: Record<'a> =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object ({e})"))?;
    let raw = record.get(text_field).ok_or_else(|| {
        // The fields it has: most often the text is under another name.
        let fields: Vec<String> = record.keys().take(8).map(|k| format!("\"{k}\"")).collect();
        let more = if record.len() > fields.len() {
            ", ..."
        } else {
            ""
        };
        if fields.is_empty() {
            format!("no \"{text_field}\" field (the object is empty)")
        } else {
            format!(
                "no \"{text_field}\" field (it has {}{more}); name the field that holds \
                     the text with --text-field",
                fields.join(", ")
            )
        }
    })?;
    let text = json_string(raw.get()).ok_or_else(|| {
        if raw.get().starts_with('"') {
            // A string serde_json accepted as JSON but that is not text.
            format!(
                "\"{text_field}\" holds a lone surrogate (a \\uD800-\\uDFFF escape without \
                 its pair), which is not text; fix the escape in the record"
            )
        } else {
            format!("\"{text_field}\" is not a string")
        }
    })?;
    Ok((record, text))
}

/// The source of a record: its `--source-field` value, or for a URL
/// (`https://www.example.com/news/1`) the site it is on (`example.com`),
/// so that a stream's `url` field can name sources. `None` when a
/// `--source-field` is given and the record lacks it (its source is then
/// `''`, as without one).
fn source_of(record: &Record<'_>, opts: &StreamOptions) -> Option<String> {
    let Some(field) = opts.source_field.as_ref() else {
        return Some(String::new());
    };
    let value = field_string(record, field)?;
    Some(match site_of_url(&value) {
        Some(site) => site,
        None => value,
    })
}

/// The host of an http(s) URL, lower-cased, without `www.` and a port.
fn site_of_url(value: &str) -> Option<String> {
    let scheme = value.get(..8).map(str::to_ascii_lowercase)?;
    let rest = if scheme.starts_with("http://") {
        &value[7..]
    } else if scheme == "https://" {
        &value[8..]
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

fn field_string(record: &Record<'_>, field: &str) -> Option<String> {
    let raw = field_value(record, field)?;
    json_string(raw.get()).or_else(|| Some(raw.get().to_string()))
}

/// The value of `field` in `record`: a field of that name, or else, for a
/// name with dots, a field of a nested object (`meta.url` is the `url` of
/// the object in `meta`; datasets often keep a record's URL and source
/// there). A field whose own name holds the dot wins.
fn field_value<'a>(record: &Record<'a>, field: &str) -> Option<&'a RawValue> {
    if let Some(raw) = record.get(field) {
        return Some(raw);
    }
    field.match_indices('.').find_map(|(at, _)| {
        let outer = record.get(&field[..at])?;
        if !outer.get().starts_with('{') {
            return None;
        }
        let inner: Record<'a> = serde_json::from_str(outer.get()).ok()?;
        field_value(&inner, &field[at + 1..])
    })
}

/// The string a JSON string literal stands for, or `None` if `raw` is not a
/// string or holds a lone surrogate (which is not text).
fn json_string(raw: &str) -> Option<String> {
    serde_json::from_str(raw).ok()
}

/// Byte span `[start, end)` of each line of `text`, without its terminator
/// (LF, CRLF or CR), as the pipeline numbers lines.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            spans.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < b.len() {
        spans.push((start, b.len()));
    }
    spans
}

/// What learning takes from a line of a stream; a line that is no record
/// (blank or malformed) gives nothing: the cleaning pass reports it.
pub fn learned(
    line: &[u8],
    config: &Config,
    opts: &StreamOptions,
) -> std::result::Result<Learned, Problem> {
    let (record, text) = as_text(content(line))
        .and_then(|l| parse(l, &opts.text_field))
        .map_err(Problem::Skipped)?;
    Ok((
        source_of(&record, opts),
        Learner::articles_of(&text, config),
    ))
}

/// One record as the parallel phase leaves it: everything but the duplicate
/// decision, which is made in stream order.
struct Prepared {
    /// Where the text field's value is in the line, when it is replaced (the
    /// text changed).
    text_at: Option<(usize, usize)>,
    /// Where a `copydesk` field's value is in the line, when it has one.
    meta_at: Option<(usize, usize)>,
    /// The id field's value, as JSON text.
    id: Option<String>,
    /// The cleaned text, as a JSON string, when it differs from the input.
    text_json: Option<String>,
    /// Change counts per rule, or every change with `--annotate`.
    changes: serde_json::Value,
    /// The articles' parts, with `--structure`.
    structure: Option<serde_json::Value>,
    counts: BTreeMap<&'static str, u64>,
    signature: Option<copydesk::corpus::Signature>,
    bytes_in: u64,
    bytes_out: u64,
    changed: bool,
    /// The record's source, when the profile knows nothing of it.
    unknown_source: Option<String>,
    /// The record has no `--source-field`.
    source_missing: bool,
}

/// A duplicate locator's mark for a line number (else it is an [`IdSpill`] offset).
const LINE: u64 = 1 << 63;

/// The ids of first copies, each with its length, end to end in an unnamed
/// temporary file: a duplicate's locator is where its first copy's id
/// starts, so ids cost no memory at all (a stream of millions of records
/// with URLs for ids would otherwise hold every URL). Reading one back, for a
/// duplicate, is rare. Where no temporary file can be made, they stay in
/// memory.
struct IdSpill {
    store: Store,
    len: u64,
}

enum Store {
    /// Nothing kept yet: the file is made for the first id.
    Unopened,
    File(std::io::BufWriter<std::fs::File>),
    Memory(Vec<u8>),
}

impl IdSpill {
    fn new() -> IdSpill {
        IdSpill {
            store: Store::Unopened,
            len: 0,
        }
    }

    /// Where the next id will start.
    fn len(&self) -> u64 {
        self.len
    }

    fn push(&mut self, id: &str) -> std::io::Result<()> {
        let n = u32::try_from(id.len()).unwrap_or(u32::MAX);
        let id = &id.as_bytes()[..n as usize];
        if matches!(self.store, Store::Unopened) {
            self.store = tempfile::tempfile().map_or_else(
                |_| Store::Memory(Vec::new()),
                |f| Store::File(std::io::BufWriter::with_capacity(1 << 16, f)),
            );
        }
        match &mut self.store {
            Store::File(w) => {
                w.write_all(&n.to_le_bytes())?;
                w.write_all(id)?;
            }
            Store::Memory(v) => {
                v.extend_from_slice(&n.to_le_bytes());
                v.extend_from_slice(id);
            }
            Store::Unopened => unreachable!("opened above"),
        }
        self.len += 4 + u64::from(n);
        Ok(())
    }

    /// The id pushed at `at`.
    fn get(&mut self, at: u64) -> std::io::Result<String> {
        let n = u32::from_le_bytes(self.read(at, 4)?.try_into().expect("four bytes"));
        let bytes = self.read(at + 4, n as usize)?;
        // Ids were strings; one cut at 4 GB is mended.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// `len` bytes from `at`: what is still in the write buffer is copied
    /// from there, the rest read from the file where it lies, without
    /// flushing or moving the write position (a stream with many duplicates
    /// asks for many ids).
    fn read(&mut self, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let mut out = vec![0u8; len];
        match &mut self.store {
            Store::Unopened => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no id was kept",
                ));
            }
            Store::Memory(v) => {
                let at = at as usize;
                out.copy_from_slice(&v[at..at + len]);
            }
            Store::File(w) => {
                let buffered = w.buffer();
                let flushed = self.len - buffered.len() as u64;
                let on_disk = (flushed.saturating_sub(at) as usize).min(len);
                if on_disk < len {
                    let from = (at + on_disk as u64 - flushed) as usize;
                    out[on_disk..].copy_from_slice(&buffered[from..from + len - on_disk]);
                }
                if on_disk > 0 {
                    read_at(w.get_ref(), &mut out[..on_disk], at)?;
                }
            }
        }
        Ok(out)
    }
}

/// Fill `buf` from `file` at `offset`, leaving the file's position alone.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fill `buf` from `file` at `offset`, then put the position back at the end
/// for the writes that follow.
#[cfg(not(unix))]
fn read_at(mut file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)?;
    file.seek(SeekFrom::End(0))?;
    Ok(())
}

/// Clean one record's text and prepare its output.
fn prepare(
    line: &str,
    config: &Config,
    profile: Option<&std::sync::Arc<Profile>>,
    opts: &StreamOptions,
) -> Result<Prepared, String> {
    let (record, text) = parse(line, &opts.text_field)?;
    let mut c = config.clone();
    c.profile = profile.cloned();
    let source = source_of(&record, opts);
    let source_missing = source.is_none();
    c.source = source.unwrap_or_default();
    let unknown_source = profile
        .filter(|p| !p.sources.contains_key(&c.source))
        .map(|_| c.source.clone());
    // The text is a string already: not validated again (a copy, as
    // before, since it is compared with the output below).
    let mut cleaned = copydesk::process_text(text.clone(), &c).map_err(|e| match e {
        // Not a file: the UTF-16 way out of the file message does not apply.
        copydesk::Error::Binary { offset, .. } => format!(
            "\"{}\" holds a NUL character (\\u0000, at byte {offset} of the text), which is \
             not text; remove it from the record",
            opts.text_field
        ),
        e => e.to_string(),
    })?;
    // A text without a final line terminator keeps it that way (one that
    // ends with a CR has one, whether or not it becomes an LF).
    if !text.ends_with(['\n', '\r']) {
        cleaned.changes.retain(|c| c.rule != Rule::FinalNewline);
        let kept = ["\r\n", "\n", "\r"]
            .into_iter()
            .find_map(|t| cleaned.output.strip_suffix(t))
            .map(str::len);
        if let Some(kept) = kept {
            cleaned.output.truncate(kept);
        }
    }
    // The id as the record gives it (JSON text): a duplicate names its first
    // copy by the same value.
    let id = field_value(&record, &opts.id_field).map(|raw| raw.get().to_string());
    // Signed as an article of a folder is: its lines, blank lines aside.
    let signature = opts.dedup.and_then(|_| {
        let lines: Vec<&str> = copydesk::text::split_terminated(&cleaned.output)
            .filter(|l| !l.is_empty())
            .collect();
        copydesk::corpus::Signature::of_article(&lines)
    });
    let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
    for c in cleaned
        .changes
        .iter()
        .filter(|c| c.action != Action::Flagged)
    {
        *counts.entry(c.rule.id()).or_insert(0) += 1;
    }
    let changes = if opts.annotate {
        let spans = line_spans(&text);
        serde_json::Value::Array(
            cleaned
                .changes
                .iter()
                .map(|c| {
                    // As the report shows it: a rewritten line by its edit.
                    let shown = copydesk::report::ReportChange {
                        line: c.line + 1,
                        change: c.clone(),
                    };
                    let mut v = serde_json::to_value(&shown).expect("plain data");
                    if let (Some((start, _)), Some((_, end))) =
                        (spans.get(c.line), spans.get(c.last_line))
                    {
                        v["span"] = serde_json::json!([start, end]);
                    }
                    v
                })
                .collect(),
        )
    } else {
        serde_json::to_value(&counts).expect("plain data")
    };
    let structure = opts.structure.then(|| {
        serde_json::to_value(copydesk::structure::structure(&cleaned).articles).expect("plain data")
    });
    let changed = cleaned.output != text;
    let text_json = changed.then(|| {
        let mut json = String::with_capacity(cleaned.output.len() + cleaned.output.len() / 16 + 2);
        copydesk::report::json::push_json_str(&mut json, &cleaned.output);
        json
    });
    Ok(Prepared {
        text_at: record
            .get(&opts.text_field)
            .filter(|_| changed && opts.text_field != "copydesk")
            .map(|raw| span_in(line, raw)),
        meta_at: record.get("copydesk").map(|raw| span_in(line, raw)),
        id,
        structure,
        text_json,
        changes,
        counts,
        signature,
        bytes_in: text.len() as u64,
        bytes_out: cleaned.output.len() as u64,
        changed,
        unknown_source,
        source_missing,
    })
}

/// Where a value borrowed from `line` sits in it.
fn span_in(line: &str, raw: &RawValue) -> (usize, usize) {
    let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
    (start, start + raw.get().len())
}

/// The output line of a record: the line's own bytes, with the text field's
/// value (at `text`'s span, when the text changed) replaced by `text`'s
/// JSON, and the value of the `copydesk` field (at `meta_at`) replaced by
/// `meta`, or `,"copydesk":META` put before the closing brace when the
/// record has none. Every other byte (whitespace between tokens, duplicate
/// keys, number spellings) is the record's. With duplicate keys, the value
/// read (the last) is the one replaced.
fn record_line(
    line: &str,
    text: Option<((usize, usize), &str)>,
    meta_at: Option<(usize, usize)>,
    meta: &str,
) -> String {
    let mut splices: Vec<((usize, usize), &str)> = Vec::with_capacity(2);
    splices.extend(text);
    match meta_at {
        Some(at) => splices.push((at, meta)),
        None => {
            // Before the closing brace (whitespace may stand before it).
            let close = line.trim_end().len() - 1;
            splices.push(((close, close), ""));
        }
    }
    splices.sort_by_key(|(at, _)| at.0);
    let extra: usize = splices.iter().map(|(_, s)| s.len()).sum();
    let mut out = String::with_capacity(line.len() + extra + meta.len() + 16);
    let mut at = 0;
    for ((start, end), with) in splices {
        out.push_str(&line[at..start]);
        if start == end {
            out.push_str(",\"copydesk\":");
            out.push_str(meta);
        } else {
            out.push_str(with);
        }
        at = end;
    }
    out.push_str(&line[at..]);
    out
}

/// A line of the stream as the parallel stage leaves it.
enum Read {
    /// JSON whitespace only: passed through, unremarked (as JSON readers
    /// skip it).
    Blank,
    /// Not a record, and why.
    Malformed(String),
    Record(Box<Prepared>),
}

/// A line of the stream, read and cleaned (the parallel stage of `clean` and
/// `signatures`).
fn read_line(
    line: &[u8],
    config: &Config,
    profile: Option<&std::sync::Arc<Profile>>,
    opts: &StreamOptions,
) -> Read {
    if is_blank(content(line)) {
        return Read::Blank;
    }
    match as_text(content(line)).and_then(|l| prepare(l, config, profile, opts)) {
        Ok(p) => Read::Record(Box::new(p)),
        Err(why) => Read::Malformed(why),
    }
}

/// What goes out for a line.
enum Out {
    /// The line as it came, byte for byte.
    AsRead,
    /// The record with its cleaned text and its `copydesk` field.
    Record(Box<Prepared>, String),
}

/// Clean a JSONL stream.
pub fn clean(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    name: &str,
    config: &Config,
    profile: Option<std::sync::Arc<Profile>>,
    opts: &StreamOptions,
    bar: &indicatif::ProgressBar,
) -> Result<StreamSummary> {
    let mut summary = StreamSummary::default();
    let mut index = opts.dedup.map(DupIndex::new);
    // The ids of first copies, end to end (a duplicate names its first copy).
    let mut ids = IdSpill::new();
    let mut line_no = 0usize;
    let read = |line: &Vec<u8>| read_line(line, config, profile.as_ref(), opts);
    let decide = |line: &Vec<u8>, read: Read| -> Result<Option<Out>> {
        line_no += 1;
        bar.inc(line.len() as u64 + 1);
        let mut p = match read {
            Read::Blank => return Ok(Some(Out::AsRead)),
            Read::Malformed(why) => {
                summary.malformed += 1;
                if !opts.quiet {
                    let what = if opts.drop_invalid {
                        "dropped"
                    } else {
                        "passed through unchanged"
                    };
                    eprintln!("copydesk: warning: {name}:{line_no}: {why}; {what}");
                }
                // Byte for byte, whatever it holds.
                return Ok((!opts.drop_invalid).then_some(Out::AsRead));
            }
            Read::Record(p) => p,
        };
        summary.records += 1;
        summary.source_missing += u64::from(p.source_missing);
        if let Some(source) = p.unknown_source.take() {
            *summary.unknown_sources.entry(source).or_insert(0) += 1;
        }
        let mut duplicate_of = None;
        if let Some((decisions, _)) = &opts.decisions {
            if let Some(d) =
                p.id.as_deref()
                    .and_then(|id| decisions.get(&canonical_id(id)))
            {
                duplicate_of = Some((d.duplicate_of.clone(), d.duplicate()));
            }
        } else if let (Some(index), Some(sig)) = (index.as_mut(), p.signature.as_ref()) {
            // The locator is where this record's id will go if it is kept
            // as a first copy, or, for a record without one, its line
            // number (nothing to keep: it is named "line N").
            let locator = match &p.id {
                Some(_) => ids.len(),
                None => LINE | line_no as u64,
            };
            let entries = index.entries();
            if let Some(d) = index.check_and_add(sig, locator) {
                let first = if d.first & LINE != 0 {
                    serde_json::Value::from(format!("line {}", d.first & !LINE))
                } else {
                    let raw = ids.get(d.first).context(
                        "cannot read back the id of a first copy from the temporary \
                         file; check TMPDIR",
                    )?;
                    // (Only an id cut at 4 GB is not JSON.)
                    serde_json::from_str(&raw).unwrap_or(serde_json::Value::String(raw))
                };
                duplicate_of = Some((first, d));
            } else if let Some(id) = p.id.as_deref().filter(|_| index.entries() > entries) {
                ids.push(id).context(
                    "cannot keep the id of a first copy in a temporary file; set TMPDIR \
                     to a folder with room",
                )?;
            }
        }
        if let Some((_, d)) = &duplicate_of {
            summary.duplicates += 1;
            // Only a copy beyond doubt is dropped.
            let threshold = opts
                .decisions
                .as_ref()
                .map(|(_, t)| *t)
                .or(opts.dedup)
                .unwrap_or(1.0);
            if opts.drop_duplicates && d.beyond_doubt(threshold) {
                summary.dropped += 1;
                return Ok(None);
            }
        }
        summary.text_bytes_in += p.bytes_in;
        summary.text_bytes_out += p.bytes_out;
        summary.changed += u64::from(p.changed);
        for (rule, n) in &p.counts {
            *summary.changes.entry(rule).or_insert(0) += n;
        }
        let mut meta = serde_json::Map::new();
        meta.insert("changes".into(), std::mem::take(&mut p.changes));
        if let Some(s) = p.structure.take() {
            meta.insert("structure".into(), s);
        }
        if let Some((first, d)) = duplicate_of {
            let mut dup = serde_json::json!({
                "id": first,
                "exact": d.exact,
                "similarity": (d.similarity * 100.0).round() / 100.0,
            });
            if opts.drop_duplicates {
                dup["kept"] = d.doubt().into();
            }
            meta.insert("duplicate_of".into(), dup);
        }
        Ok(Some(Out::Record(p, serde_json::to_string(&meta)?)))
    };
    let finish = |line: &Vec<u8>, out: Out| -> Vec<u8> {
        let Out::Record(p, meta) = out else {
            return line.clone();
        };
        let content = content(line);
        // Valid UTF-8: the record was parsed from it.
        let text = std::str::from_utf8(content).expect("a parsed record is UTF-8");
        let mut record = record_line(
            text,
            p.text_at.zip(p.text_json.as_deref()),
            p.meta_at,
            &meta,
        )
        .into_bytes();
        // The line's own terminator.
        record.extend_from_slice(&line[content.len()..]);
        record
    };
    super::pipeline(
        None,
        &mut Lines::new(input, name),
        read,
        decide,
        finish,
        |bytes| Ok(output.write_all(&bytes)?),
    )?;
    output.flush()?;
    Ok(summary)
}

/// What `copydesk signatures` saw.
#[derive(Debug, Default)]
pub struct SignaturesSummary {
    /// Records signed.
    pub records: u64,
    /// Lines that were no record (blank, malformed), or records without text.
    pub unsigned: u64,
}

/// Write one [`copydesk::corpus::SignatureRecord`] per record of a JSONL
/// stream: the signature of its text as `clean` would leave it (the same
/// rules, the same profile), for an engine to find duplicates across a whole
/// crawl (see docs/spark.md).
pub fn signatures(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    name: &str,
    config: &Config,
    profile: Option<std::sync::Arc<Profile>>,
    opts: &StreamOptions,
) -> Result<SignaturesSummary> {
    let mut summary = SignaturesSummary::default();
    let mut line_no = 0u64;
    let read = |line: &Vec<u8>| read_line(line, config, profile.as_ref(), opts);
    let decide = |_: &Vec<u8>, read: Read| -> Result<Option<String>> {
        line_no += 1;
        let p = match read {
            Read::Record(p) => p,
            Read::Blank => {
                summary.unsigned += 1;
                return Ok(None);
            }
            Read::Malformed(why) => {
                summary.unsigned += 1;
                if !opts.quiet {
                    eprintln!("copydesk: warning: {name}:{line_no}: {why}; no signature");
                }
                return Ok(None);
            }
        };
        let Some(sig) = p.signature else {
            summary.unsigned += 1;
            return Ok(None);
        };
        summary.records += 1;
        let id =
            p.id.as_deref()
                .and_then(|raw| serde_json::from_str(raw).ok())
                .unwrap_or(serde_json::Value::Null);
        let record = copydesk::corpus::SignatureRecord::new(id, line_no, &sig);
        Ok(Some(serde_json::to_string(&record)? + "\n"))
    };
    super::pipeline(
        None,
        &mut Lines::new(input, name),
        read,
        decide,
        |_, record| record,
        |record| Ok(output.write_all(record.as_bytes())?),
    )?;
    output.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_url_names_its_site() {
        assert_eq!(
            site_of_url("https://www.Example.com:443/news/1?x=y").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            site_of_url("http://user@news.example.org").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(site_of_url("example.com"), None);
        assert_eq!(site_of_url("Le Quotidien"), None);
        assert_eq!(site_of_url("https://"), None);
    }

    #[test]
    fn ids_read_back_from_where_they_were_pushed_in_either_store() {
        for mut ids in [
            IdSpill::new(),
            IdSpill {
                store: Store::Memory(Vec::new()),
                len: 0,
            },
        ] {
            assert_eq!(ids.len(), 0);
            let mut at = Vec::new();
            for k in 0..2000 {
                at.push(ids.len());
                ids.push(&format!("https://example.com/{k}/caf\u{e9}"))
                    .unwrap();
                // Reads between writes leave the next write at the end.
                if k % 500 == 7 {
                    assert_eq!(
                        ids.get(at[k / 2]).unwrap(),
                        format!("https://example.com/{}/caf\u{e9}", k / 2)
                    );
                }
            }
            ids.push("").unwrap();
            for (k, &a) in at.iter().enumerate() {
                assert_eq!(
                    ids.get(a).unwrap(),
                    format!("https://example.com/{k}/caf\u{e9}")
                );
            }
        }
    }

    use super::*;

    #[test]
    fn a_dotted_field_name_reaches_into_nested_objects() {
        let line = r#"{"meta":{"url":"https://a.example/1","deep":{"id":7}},"a.b":"dotted","a":{"b":"nested"},"s":"x"}"#;
        let record: Record<'_> = serde_json::from_str(line).unwrap();
        let get = |f: &str| field_value(&record, f).map(|v| v.get().to_string());
        assert_eq!(get("meta.url").as_deref(), Some(r#""https://a.example/1""#));
        assert_eq!(get("meta.deep.id").as_deref(), Some("7"));
        // A field whose own name holds the dot wins.
        assert_eq!(get("a.b").as_deref(), Some(r#""dotted""#));
        assert_eq!(get("meta.nothing"), None);
        assert_eq!(get("s.x"), None);
        assert_eq!(get("meta."), None);
    }

    #[test]
    fn a_text_with_a_lone_surrogate_is_named_as_such() {
        let why = |line| parse(line, "text").err().unwrap();
        assert!(why(r#"{"text": "a \ud800 b"}"#).contains("lone surrogate"));
        assert!(why(r#"{"text": 12}"#).contains("is not a string"));
    }

    #[test]
    fn a_record_line_keeps_every_byte_but_the_values_it_replaces() {
        let meta = r#"{"changes":{}}"#;
        let cases = [
            // Spacing, a duplicate key (the value read, the last, is the
            // one replaced) and number spellings stay.
            (
                r#"{ "id" : 1.50, "text":"a", "x":[1, 2], "text" : "old\u00e9" }"#,
                Some(r#""new""#),
                r#"{ "id" : 1.50, "text":"a", "x":[1, 2], "text" : "new" ,"copydesk":{"changes":{}}}"#,
            ),
            // An unchanged text keeps its escapes; a copydesk field is
            // replaced where it stands.
            (
                r#"{"copydesk":null,"text":"caf\u00e9","n":1}"#,
                None,
                r#"{"copydesk":{"changes":{}},"text":"caf\u00e9","n":1}"#,
            ),
            (
                r#"{"text":"a","copydesk":{"old":true}}  "#,
                Some(r#""b""#),
                r#"{"text":"b","copydesk":{"changes":{}}}  "#,
            ),
        ];
        for (line, text, expected) in cases {
            let record: Record<'_> = serde_json::from_str(line).unwrap();
            let text_at = record.get("text").map(|raw| span_in(line, raw));
            let meta_at = record.get("copydesk").map(|raw| span_in(line, raw));
            assert_eq!(
                record_line(line, text_at.zip(text), meta_at, meta),
                expected
            );
            let _: serde_json::Value = serde_json::from_str(expected).unwrap();
        }
    }

    #[test]
    fn a_line_loses_only_its_terminator_as_content() {
        assert_eq!(content(b"{}\r\n"), b"{}");
        assert_eq!(content(b"{}\n"), b"{}");
        assert_eq!(content(b"{}"), b"{}");
        assert_eq!(content(b"{}\r"), b"{}\r");
    }
}
