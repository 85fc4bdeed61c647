//! `--report report.html`: one self-contained page for an editor to review
//! what cleaning did before publishing. No network: the CSS and the script
//! are inline and it works from `file://`.
//!
//! The page carries its data as JSON in `<script type="application/json">`
//! elements (every `<` escaped as `\u003c`, so no article text can close the
//! element), and the script builds the view with `textContent` only: an
//! article holding `<script>` or `</textarea>` shows that text and runs
//! nothing. A file's details are built when its section is opened, so a run of
//! thousands of files opens at once (a run's page lists the lines removed and
//! flagged and counts the rewrites per rule; a run of 10,049 files, 120 MB of
//! articles, gives a 66 MB page that headless Chromium opens in about 4.5 s
//! on a 2-core machine). For one file the page shows the input
//! with every removed line struck through in place and every changed line
//! with its edit marked, each with the rule and the reason; for a run, a
//! sortable table of files, the duplicate articles, the boilerplate learned per
//! source and a chart of changes per rule, then each file's changes. Filter by
//! rule; `j` and `k` jump from change to change.

use std::io::{self, Write};

use super::FileReport;
use crate::Cleaned;

/// One file's data for the page: its report entry (as in the JSON report),
/// and for a single-file report its input lines and where its articles
/// start, so that the page shows the whole article.
pub fn file_entry(file: &FileReport, cleaned: Option<&Cleaned>, bytes_in: usize) -> String {
    let mut entry = super::json::compact_entry(file);
    entry.pop(); // the closing brace
    let mut extra = serde_json::Map::new();
    extra.insert("bytes_in".into(), bytes_in.into());
    if let Some(c) = cleaned {
        extra.insert("bytes_out".into(), c.output.len().into());
        extra.insert(
            "lines".into(),
            c.input_lines.iter().collect::<Vec<&str>>().into(),
        );
        extra.insert(
            "article_starts".into(),
            c.articles_at
                .iter()
                .map(|(l, _)| l + 1)
                .collect::<Vec<usize>>()
                .into(),
        );
    }
    for (k, v) in extra {
        entry.push(',');
        entry.push_str(&serde_json::to_string(&k).expect("a key"));
        entry.push(':');
        entry.push_str(&v.to_string());
    }
    entry.push('}');
    entry
}

/// JSON made safe inside a `<script>` element: `<` (so `</script>` and
/// `<!--` cannot occur) and the two line separators JavaScript once refused
/// are escaped; the JSON means the same.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The page, written a piece at a time: [`Page::head`], then each file's
/// entry ([`file_entry`]) through [`Page::file`], then [`Page::tail`] with the
/// run's data (a summary, duplicate clusters, the boilerplate learned), or
/// `null` for a single file.
pub struct Page<W: Write> {
    out: W,
    files: usize,
}

impl<W: Write> Page<W> {
    /// Open the page; `title` names what it reviews.
    pub fn head(mut out: W, title: &str) -> io::Result<Page<W>> {
        let title = escape_html(title);
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>copydesk: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <header><h1>copydesk review: {title}</h1><div id=\"summary\"></div>\n\
             <div id=\"filters\"></div><p class=\"keys\">Keys: <kbd>j</kbd> next change, \
             <kbd>k</kbd> previous change.</p></header>\n<main id=\"main\"></main>\n\
             <script type=\"application/json\" id=\"files\">["
        )?;
        Ok(Page { out, files: 0 })
    }

    /// Add one file's entry.
    pub fn file(&mut self, entry: &str) -> io::Result<()> {
        if self.files > 0 {
            self.out.write_all(b",\n")?;
        }
        self.files += 1;
        self.out.write_all(script_safe(entry).as_bytes())
    }

    /// Close the page with the run's data (JSON) or `null`.
    pub fn tail(mut self, run: &str) -> io::Result<W> {
        write!(
            self.out,
            "]</script>\n<script type=\"application/json\" id=\"run\">{}</script>\n\
             <script>{SCRIPT}</script>\n</body>\n</html>\n",
            script_safe(run)
        )?;
        Ok(self.out)
    }
}

/// Text for HTML outside the data (the title).
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd;position:sticky;top:0;z-index:2}
h1{font-size:18px;margin:0 0 6px}
main{padding:12px 20px}
.keys{margin:4px 0 0;color:#666;font-size:13px}
kbd{border:1px solid #bbb;border-radius:3px;padding:0 4px;font-size:12px;background:#f3f3f3}
#summary span{margin-right:14px}
#filters label{margin-right:10px;font-size:13px;white-space:nowrap}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f0f0f0;cursor:pointer;user-select:none}
td.n{text-align:right}
details.file{background:#fff;border:1px solid #ddd;border-radius:4px;margin:8px 0;padding:6px 10px}
details.file>summary{cursor:pointer;font-weight:600}
.meta{color:#555;font-size:13px;margin:4px 0}
.article{border-top:2px solid #7a9cc6;margin-top:8px;padding-top:2px;color:#2c5282;font-size:12px}
.line{display:grid;grid-template-columns:4.5em 1fr;gap:8px;padding:1px 0;white-space:pre-wrap;word-break:break-word}
.line .no{color:#999;text-align:right;font-variant-numeric:tabular-nums}
.removed .text{text-decoration:line-through;color:#a33;background:#fdecec}
.flagged .text{background:#fff6d6}
.changed .text{background:#eef6ee}
del.old{background:#f8d0d0;color:#900}
ins.new{background:#c9efc9;color:#060;text-decoration:none}
.why{grid-column:2;font-size:12px;color:#444;margin:0 0 3px}
.badge{display:inline-block;border-radius:3px;padding:0 5px;margin-right:6px;font-size:11px;color:#fff;background:#666}
.current{outline:2px solid #e08a00;outline-offset:1px}
.hidden{display:none}
svg text{font-size:11px}
"#;

const SCRIPT: &str = r##"
"use strict";
const FILES = JSON.parse(document.getElementById("files").textContent);
const RUN = JSON.parse(document.getElementById("run").textContent);
const main = document.getElementById("main");
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const COLORS = ["#1f6f8b","#b5563c","#6a4c93","#2d7d46","#a0522d","#3b5ba5","#8b1e3f","#4b6d0f","#7a5c00","#205e5e"];
const rules = [...new Set(FILES.flatMap(f => f.changes.map(c => c.rule)))].sort();
const color = r => COLORS[rules.indexOf(r) % COLORS.length];
const hiddenRules = new Set();

function summary() {
  const s = document.getElementById("summary");
  const removed = {}; let changes = 0, bytesIn = 0, bytesOut = 0;
  for (const f of FILES) {
    bytesIn += f.bytes_in || 0; bytesOut += f.bytes_out || 0;
    for (const c of f.changes) {
      changes++;
      if (c.action === "removed") removed[c.rule] = (removed[c.rule] || 0) + (c.end_line ? c.end_line - c.line + 1 : 1);
    }
  }
  s.append(el("span", "", FILES.length + (FILES.length === 1 ? " file" : " files")));
  s.append(el("span", "", changes + " changes and flags"));
  if (RUN && RUN.summary) { bytesIn = RUN.summary.bytes_in; bytesOut = RUN.summary.bytes_out; }
  if (bytesIn) s.append(el("span", "", bytesIn + " bytes in, " + bytesOut + " out"));
  const r = Object.entries(removed).sort();
  if (r.length) s.append(el("span", "", "lines removed: " + r.map(([k, v]) => k + " " + v).join(", ")));
}

function filters() {
  const box = document.getElementById("filters");
  box.append(el("span", "", "Rules: "));
  for (const r of rules) {
    const l = el("label"); const cb = el("input"); cb.type = "checkbox"; cb.checked = true; cb.dataset.rule = r;
    cb.addEventListener("change", () => { if (cb.checked) hiddenRules.delete(r); else hiddenRules.add(r); applyFilter(); });
    const b = el("span", "badge", r); b.style.background = color(r);
    l.append(cb, b); box.append(l);
  }
}

function applyFilter() {
  for (const e of document.querySelectorAll("[data-rule]")) {
    if (e.tagName === "INPUT") continue;
    e.classList.toggle("hidden", hiddenRules.has(e.dataset.rule));
  }
}

function changeLine(c, f) {
  const row = el("div", "line change " + c.action);
  row.dataset.rule = c.rule;
  row.append(el("span", "no", c.end_line ? c.line + "-" + c.end_line : String(c.line)));
  const text = el("span", "text");
  const whole = f.lines ? f.lines[c.line - 1] : undefined;
  if (c.action === "changed") {
    const line = whole !== undefined ? whole : "";
    const chars = Array.from(line);
    const before = chars.slice(0, c.column - 1).join(""), after = chars.slice(c.end_column - 1).join("");
    if (whole !== undefined) text.append(before);
    text.append(el("del", "old", c.text), el("ins", "new", c.after));
    if (whole !== undefined) text.append(after);
  } else {
    text.textContent = c.text;
  }
  row.append(text);
  const why = el("div", "why"); const b = el("span", "badge", c.rule); b.style.background = color(c.rule);
  why.append(b, c.action + ": " + c.reason);
  row.append(why);
  return row;
}

function renderFile(f, box) {
  const meta = el("div", "meta", "read as " + f.encoding + " (" + f.encoding_source + (f.encoding_confident ? "" : ", a guess on thin evidence") + (f.lossy ? ", some bytes lost" : "") + "), " + f.articles + (f.articles === 1 ? " article" : " articles"));
  box.append(meta);
  const rewrites = Object.entries(f.rewrites_left_out || {});
  if (rewrites.length) box.append(el("div", "meta", "rewrites counted, not listed (the JSON run report lists them): " + rewrites.map(([r, n]) => r + " " + n).join(", ")));
  const byLine = new Map();
  for (const c of f.changes) { if (!byLine.has(c.line)) byLine.set(c.line, []); byLine.get(c.line).push(c); }
  if (f.lines) {
    const starts = new Set(f.article_starts || []);
    let article = 0; const covered = new Set();
    for (const c of f.changes) if (c.end_line) for (let n = c.line + 1; n <= c.end_line; n++) covered.add(n);
    f.lines.forEach((text, i) => {
      const n = i + 1;
      if (starts.has(n)) box.append(el("div", "article", "article " + (++article)));
      if (covered.has(n)) return;
      const cs = byLine.get(n);
      if (!cs) { const row = el("div", "line"); row.append(el("span", "no", String(n)), el("span", "text", text)); box.append(row); return; }
      for (const c of cs) box.append(changeLine(c, f));
    });
  } else {
    for (const c of f.changes) box.append(changeLine(c, f));
  }
}

function fileSection(f, i) {
  const d = el("details", "file"); d.id = "file-" + i;
  const counts = {}; for (const c of f.changes) counts[c.rule] = (counts[c.rule] || 0) + 1;
  d.append(el("summary", "", f.path + " (" + f.changes.length + ")"));
  let built = false;
  const build = () => { if (!built) { built = true; renderFile(f, d); applyFilter(); } };
  d.addEventListener("toggle", () => { if (d.open) build(); });
  d.build = build;
  return d;
}

function table(cols, rows) {
  const t = el("table"); const head = el("tr");
  cols.forEach((c, k) => {
    const th = el("th", "", c);
    th.addEventListener("click", () => {
      const body = [...t.querySelectorAll("tr")].slice(1);
      const dir = th.dataset.dir === "asc" ? -1 : 1; th.dataset.dir = dir === 1 ? "asc" : "desc";
      body.sort((a, b) => { const x = a.children[k].dataset.v, y = b.children[k].dataset.v; return (isNaN(x) || isNaN(y) ? x.localeCompare(y) : x - y) * dir; });
      body.forEach(r => t.append(r));
    });
    head.append(th);
  });
  t.append(head);
  for (const r of rows) { const tr = el("tr"); for (const v of r) { const td = el("td", typeof v === "number" ? "n" : "", v === null ? "" : String(v)); td.dataset.v = v === null ? "" : v; tr.append(td); } t.append(tr); }
  return t;
}

function chart(counts) {
  const ns = "http://www.w3.org/2000/svg"; const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(e => e[1])); const w = 420, h = 18 * entries.length + 4;
  const svg = document.createElementNS(ns, "svg"); svg.setAttribute("width", w + 200); svg.setAttribute("height", h);
  entries.forEach(([r, n], i) => {
    const rect = document.createElementNS(ns, "rect"); rect.setAttribute("x", 170); rect.setAttribute("y", 2 + 18 * i);
    rect.setAttribute("width", Math.max(1, w * n / max)); rect.setAttribute("height", 14); rect.setAttribute("fill", color(r));
    const label = document.createElementNS(ns, "text"); label.setAttribute("x", 0); label.setAttribute("y", 13 + 18 * i); label.textContent = r;
    const value = document.createElementNS(ns, "text"); value.setAttribute("x", 174 + w * n / max); value.setAttribute("y", 13 + 18 * i); value.textContent = n;
    svg.append(rect, label, value);
  });
  return svg;
}

function run() {
  if (FILES.length > 1 || RUN) {
    const counts = {};
    const rows = FILES.map((f, i) => {
      let fixed = 0, flagged = 0;
      for (const c of f.changes) { if (c.action === "flagged") flagged++; else { fixed++; counts[c.rule] = (counts[c.rule] || 0) + 1; } }
      return [f.path, fixed, flagged, f.articles, i];
    });
    main.append(el("h2", "", "Changes per rule"), chart(counts));
    main.append(el("h2", "", "Files"));
    const t = table(["file", "changes", "flagged", "articles"], rows.map(r => r.slice(0, 4)));
    [...t.querySelectorAll("tr")].slice(1).forEach((tr, k) => {
      const a = el("a", "", FILES[k].path); a.href = "#file-" + k;
      a.addEventListener("click", () => { const d = section(k); d.open = true; });
      tr.children[0].textContent = ""; tr.children[0].append(a);
    });
    main.append(t);
    const dups = FILES.flatMap(f => f.changes.filter(c => c.rule === "duplicate-article").map(c => [f.path + ":" + c.line, c.reason]));
    if (dups.length) { main.append(el("h2", "", "Duplicate articles")); main.append(table(["copy", "repeats"], dups)); }
    if (RUN && RUN.boilerplate && Object.keys(RUN.boilerplate).length) {
      main.append(el("h2", "", "Boilerplate learned per source"));
      const rows = [];
      for (const [src, s] of Object.entries(RUN.boilerplate)) for (const [line, n] of Object.entries(s.lines)) rows.push([src, line, n, s.articles]);
      main.append(table(["source", "line", "articles with it", "articles"], rows));
    }
    main.append(el("h2", "", "Each file"));
  }
  // A large run builds a file's section when it is asked for (its row in the
  // table, or j/k), not all of them up front.
  main.append(sections);
  const eager = FILES.length <= 200;
  FILES.forEach((f, i) => { if (eager) section(i); });
  if (FILES.length === 1) section(0).open = true;
}

const sections = document.createElement("div");
function section(i) {
  let d = document.getElementById("file-" + i);
  if (d) return d;
  d = fileSection(FILES[i], i);
  // In file order among the sections built so far.
  const next = [...sections.children].find(e => Number(e.id.slice(5)) > i);
  sections.insertBefore(d, next || null);
  return d;
}

let current = -1;
function visibleChanges() { return [...document.querySelectorAll(".change")].filter(e => !e.classList.contains("hidden")); }
function jump(step) {
  // Nothing open yet: the first file with changes opens (a run of thousands
  // of files is not built whole).
  if (!visibleChanges().length) {
    const k = FILES.findIndex(f => f.changes.length);
    if (k >= 0) { const d = section(k); d.open = true; d.build(); }
  }
  const all = visibleChanges(); if (!all.length) return;
  if (current >= 0 && all[current]) all[current].classList.remove("current");
  current = Math.max(0, Math.min(all.length - 1, current + step));
  const e = all[current]; e.classList.add("current");
  let d = e.closest("details"); if (d) d.open = true;
  e.scrollIntoView({block: "center"});
}
document.addEventListener("keydown", ev => {
  if (ev.target.tagName === "INPUT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === "j") jump(1); else if (ev.key === "k") jump(-1);
});
summary(); filters(); run();
"##;
