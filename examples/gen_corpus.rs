//! A deterministic generator of scraped-news-like text, for the benchmarks
//! and the runner tests. The output depends only on the arguments.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --out DIR [--mb 10] [--seed 1] [--sites 8]
//! cargo run --release --example gen_corpus -- --out FILE.jsonl --jsonl [--mb 10] [--seed 1]
//! ```
//!
//! Plain mode writes `DIR/site-K/news-NNNNN.txt`, files of several articles
//! separated by two blank lines; `--jsonl` writes the same articles as one
//! JSONL file, a record per article: `{"id", "source", "url", "text"}`.
//!
//! Each article carries what scrapers leave: the headline twice (sometimes
//! with a ` | Site` decoration), the site's logo text alone on a line, a
//! byline, captions printed twice with an agency credit, footer lines that
//! recur across a site, now and then a repeated paragraph, a syndicated copy
//! of an earlier article, a paragraph in mojibake, no-break spaces in
//! numbers, trailing spaces, zero-width spaces and CRLF files. The words are
//! invented salad with realistic statistics, not grammar.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Words, the first ones drawn most often (a Zipf-like weighting).
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "for",
    "on",
    "with",
    "was",
    "as",
    "at",
    "by",
    "from",
    "this",
    "have",
    "are",
    "said",
    "has",
    "not",
    "but",
    "they",
    "after",
    "more",
    "will",
    "would",
    "also",
    "one",
    "new",
    "about",
    "than",
    "two",
    "over",
    "into",
    "year",
    "council",
    "harbour",
    "ferry",
    "budget",
    "school",
    "river",
    "market",
    "bridge",
    "festival",
    "hospital",
    "railway",
    "farmers",
    "museum",
    "library",
    "weather",
    "storm",
    "energy",
    "prices",
    "workers",
    "union",
    "district",
    "village",
    "residents",
    "court",
    "ruling",
    "appeal",
    "plan",
    "proposal",
    "report",
    "study",
    "survey",
    "mayor",
    "minister",
    "committee",
    "agency",
    "harvest",
    "orchard",
    "lighthouse",
    "tram",
    "quarry",
    "archive",
    "choir",
    "regatta",
    "glacier",
    "announced",
    "approved",
    "rejected",
    "delayed",
    "expected",
    "opened",
    "closed",
    "repaired",
    "local",
    "regional",
    "northern",
    "coastal",
    "annual",
    "early",
    "late",
    "record",
    "modest",
];

const NAMES: &[&str] = &[
    "Åsa",
    "Łukasz",
    "Maren",
    "Joaquín",
    "Aoife",
    "Hiroshi",
    "Zoë",
    "Tomáš",
    "Guðrún",
    "Priya",
    "Okonkwo",
    "Lindqvist",
    "Brennan",
    "Ødegaard",
    "Wiśniewska",
    "Castellano",
    "Marchetti",
    "Halloran",
    "Nakamura",
    "Dvořák",
];

const PLACES: &[&str] = &[
    "Kestrel Bay",
    "Marlow Falls",
    "Örnsund",
    "Port Ilsa",
    "Vellmar",
    "Sankt Ruprecht",
    "Brightwater",
    "Łąkowo",
];

const AGENCIES: &[&str] = &["(AP)", "(AFP)", "(Reuters)", "(NTB)", "(TT)", "(PA)"];

/// Months, for datelines.
const MONTHS: &[&str] = &["March", "April", "May", "June", "October", "November"];

/// A small, fast generator with a fixed algorithm (SplitMix64), so that the
/// corpus is the same on every machine and Rust version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// A word, the early ones more often.
    fn word(&mut self) -> &'static str {
        let a = self.below(WORDS.len());
        let b = self.below(WORDS.len());
        WORDS[a.min(b)]
    }
}

/// One site: its name, its logo text and its footer lines.
pub struct Site {
    pub name: String,
    pub logo: String,
    pub footer: Vec<String>,
}

pub fn sites(n: usize) -> Vec<Site> {
    const STEMS: &[&str] = &[
        "Harbour",
        "Valley",
        "Northgate",
        "Riverside",
        "Summit",
        "Lakeland",
        "Meadow",
        "Coastline",
    ];
    const KINDS: &[&str] = &[
        "Courier",
        "Herald",
        "Post",
        "Gazette",
        "Tribune",
        "Chronicle",
    ];
    (0..n)
        .map(|k| {
            let name = format!("{} {}", STEMS[k % STEMS.len()], KINDS[k % KINDS.len()]);
            let logo: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
            let footer = vec![
                "Share this article".to_string(),
                format!("© 2026 {name}. All rights reserved."),
                format!("Sign up for the {name} morning newsletter"),
            ];
            Site { name, logo, footer }
        })
        .collect()
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A sentence of `n` words, with a name, a quote or a number now and then.
fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = capitalized(rng.word());
    for i in 1..n {
        s.push(' ');
        match rng.below(40) {
            0 => s.push_str(rng.pick(NAMES)),
            1 => s.push_str(rng.pick(PLACES)),
            2 => {
                // A number with a no-break space between its groups.
                let _ = write!(s, "{}\u{a0}{:03}", 1 + rng.below(90), rng.below(1000));
            }
            3 if i + 2 < n => {
                s.push('“');
                s.push_str(rng.word());
                s.push(' ');
                s.push_str(rng.word());
                s.push('”');
            }
            4 => s.push_str("it’s"),
            _ => s.push_str(rng.word()),
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let sentences = 2 + rng.below(4);
    (0..sentences)
        .map(|_| {
            let n = 8 + rng.below(14);
            sentence(rng, n)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text as a page read with the wrong code page shows it: UTF-8 bytes
/// taken as windows-1252, for the characters this corpus has.
fn mojibake(s: &str) -> String {
    s.replace('’', "â€™")
        .replace('“', "â€œ")
        .replace('”', "â€\u{9d}")
        .replace('é', "Ã©")
        .replace('Å', "Ã…")
        .replace('ø', "Ã¸")
}

/// One article: its lines (no terminators).
pub struct Article {
    pub site: usize,
    pub lines: Vec<String>,
}

/// The articles of a corpus of about `bytes` bytes, in order.
pub fn articles(seed: u64, bytes: usize, sites: &[Site]) -> Vec<Article> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Article> = Vec::new();
    let mut total = 0;
    while total < bytes {
        let site = rng.below(sites.len());
        let s = &sites[site];
        let n = 6 + rng.below(6);
        let headline: Vec<String> = (0..n).map(|_| rng.word().to_string()).collect();
        let headline = capitalized(&headline.join(" "));
        let mut lines = Vec::new();
        if rng.chance(20) {
            lines.push(format!("{headline} | {}", s.name));
        } else {
            lines.push(headline.clone());
        }
        lines.push(s.logo.clone());
        lines.push(headline.clone());
        lines.push(format!(
            "By {} {} | {} {}, 2026",
            rng.pick(NAMES),
            rng.pick(NAMES),
            rng.pick(MONTHS),
            1 + rng.below(28)
        ));
        // A syndicated copy of an earlier article's body, one word changed.
        let body: Vec<String> = if rng.chance(5) && out.len() > 10 {
            let from = &out[out.len() - 1 - rng.below(10)];
            let mut body: Vec<String> = from.lines[4..]
                .iter()
                .filter(|l| l.len() > 80)
                .cloned()
                .collect();
            if let Some(first) = body.first_mut() {
                *first = first.replacen(" the ", " a ", 1);
            }
            body
        } else {
            let paragraphs = 3 + rng.below(10);
            let mut body: Vec<String> = Vec::new();
            for p in 0..paragraphs {
                let mut para = paragraph(&mut rng);
                if rng.chance(1) {
                    para = mojibake(&para);
                }
                if rng.chance(1) {
                    para = para.replacen(' ', " \u{200b}", 1);
                }
                if rng.chance(5) {
                    para.push_str("  ");
                }
                body.push(para);
                if p == 1 && rng.chance(60) {
                    let caption = format!("{} {}", sentence(&mut rng, 10), rng.pick(AGENCIES));
                    body.push(caption.clone());
                    body.push(caption);
                }
            }
            if rng.chance(10) {
                let k = rng.below(body.len());
                let again = body[k].clone();
                body.insert(k + 1, again);
            }
            body
        };
        lines.extend(body);
        for f in &s.footer {
            if rng.chance(80) {
                lines.push(f.clone());
            }
        }
        total += lines.iter().map(|l| l.len() + 2).sum::<usize>();
        out.push(Article { site, lines });
    }
    out
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Write the corpus: a folder of site folders, or one JSONL file. Returns
/// the number of articles.
pub fn write(out: &Path, seed: u64, bytes: usize, site_count: usize, jsonl: bool) -> usize {
    let sites = sites(site_count.max(1));
    let articles = articles(seed, bytes, &sites);
    let mut rng = Rng::new(seed.wrapping_add(1));
    if jsonl {
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        let mut s = String::new();
        for (k, a) in articles.iter().enumerate() {
            let name = sites[a.site].name.to_lowercase().replace(' ', "");
            let _ = writeln!(
                s,
                "{{\"id\": \"a{k:06}\", \"source\": {}, \"url\": \"https://www.{name}.example/news/{k}\", \"text\": {}}}",
                json_str(&sites[a.site].name),
                json_str(&(a.lines.join("\n") + "\n"))
            );
        }
        std::fs::write(out, s).unwrap();
        return articles.len();
    }
    // Files of 3 to 6 articles of one site each.
    let mut by_site: Vec<Vec<&Article>> = vec![Vec::new(); sites.len()];
    for a in &articles {
        by_site[a.site].push(a);
    }
    let mut file_no = 0;
    for (k, list) in by_site.iter().enumerate() {
        let dir: PathBuf = out.join(format!("site-{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut rest = &list[..];
        while !rest.is_empty() {
            let take = (3 + rng.below(4)).min(rest.len());
            let eol = if rng.chance(20) { "\r\n" } else { "\n" };
            let text = rest[..take]
                .iter()
                .map(|a| a.lines.join(&format!("{eol}{eol}")))
                .collect::<Vec<_>>()
                .join(&format!("{eol}{eol}{eol}"))
                + eol;
            std::fs::write(dir.join(format!("news-{file_no:05}.txt")), text).unwrap();
            file_no += 1;
            rest = &rest[take..];
        }
    }
    articles.len()
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let (mut out, mut mb, mut seed, mut site_count, mut jsonl) = (None, 10.0, 1, 8, false);
    while let Some(a) = args.next() {
        let mut value = || args.next().expect("a value after the option");
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(value())),
            "--mb" => mb = value().parse().expect("--mb takes a number"),
            "--seed" => seed = value().parse().expect("--seed takes a number"),
            "--sites" => site_count = value().parse().expect("--sites takes a number"),
            "--jsonl" => jsonl = true,
            _ => {
                eprintln!(
                    "usage: gen_corpus --out DIR|FILE.jsonl [--mb 10] [--seed 1] [--sites 8] [--jsonl]"
                );
                std::process::exit(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("gen_corpus: --out is required");
        std::process::exit(2);
    };
    let n = write(&out, seed, (mb * 1e6) as usize, site_count, jsonl);
    eprintln!("gen_corpus: {n} articles in {}", out.display());
}
