//! A fuzz campaign over scraped-looking text, on stable Rust.
//!
//! Each case is made from a seed: an article of headlines and their copies,
//! captions with credits, logo lines, lines alike but for a number, blank
//! runs, CR/LF/CRLF mixes, byte order marks, zero-width and bidi characters,
//! combining marks, caseless scripts, mojibake, entities and long lines, in
//! random order, cleaned under a random rule set (Markdown or not). For every
//! case:
//! - nothing panics, and every report format renders;
//! - the output cleans to itself;
//! - every removed line is covered by a report entry;
//! - no line whose text (folded) occurs once in the input is removed, unless
//!   its rule and reason say why it is junk (a logo, a headline's
//!   decoration or near copy);
//! - no line is removed as a copy of a line that differs from it in its
//!   digits.
//!
//! Every tenth case also goes through the binary, once per output format:
//! `check` exits 0 or 1 and `clean` exits 0.
//!
//! `cargo test --test fuzz` runs a few hundred cases; a long campaign:
//! `COPYDESK_FUZZ_CASES=200000 cargo test --release --test fuzz`
//! (`COPYDESK_FUZZ_SEED` picks another start; `COPYDESK_FUZZ_DUMP=DIR` writes
//! each case's input to `DIR/SEED.txt`, to replay a failure with the binary).

use copydesk::report::{self, FileReport, Report};
use copydesk::{Action, Config, Rule};

/// SplitMix64: a small deterministic generator, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const HEADLINES: &[&str] = &[
    "Storm closes the northern ferry routes",
    "Council approves the harbour budget after a long night",
    "Can a small town really run on solar power alone this winter?",
    "Prices fall again. Here is why that is fine.",
    "العاصفة تغلق خطوط العبارات الشمالية",
    "港の嵐で連絡船が二日間運休",
    "ÉTÉ CHAUD À MARSEILLE",
];
const CAPTIONS: &[&str] = &[
    "A ferry waits in the harbour as waves break over the pier. (AP)",
    "Workers clear the quay on Monday. (Photo: Lena Berg/Reuters)",
    "Residents watch the water rise. Getty Images",
];
const LOGOS: &[&str] = &[
    "TT",
    "The Coastal Herald",
    "coastalherald.example",
    "Coastal Herald logo",
    "خبر عاجل",
    "東京",
    "Breaking news",
];
const BODY: &[&str] = &[
    "All ferry routes north of the bay were closed on Sunday as winds rose, officials said.",
    "The harbour authority said the routes would reopen on Tuesday if the wind dropped.",
    "We want the harbour! We want the harbour!",
    "By Mara Lindqvist",
    "OSLO (NTB) —",
    "___",
    "أغلقت جميع خطوط العبارات شمال الخليج يوم الأحد بعد أن جلبت العاصفة رياحا قوية.",
    "强风导致港口的渡轮全部停运，官员表示周二可能恢复。",
    "Ferry timetable for route 4 between Oslo and Kiel",
];
/// Damage a scraper leaves inside lines.
const NOISE: &[&str] = &[
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{200f}",
    "\u{301}",
    "\u{a0}",
    "\u{ad}",
    "\t",
    "  ",
    "&amp;",
    "&nbsp;",
    "&#8217;",
    "Ã©",
    "â€™",
    "Â ",
    "Ð¿Ñ€Ð¸",
    "\u{fb01}",
    "\u{ff21}",
];

/// One scraped-looking article (or several run together), as bytes.
fn article(rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = Vec::new();
    let parts = 1 + rng.below(3);
    for _ in 0..parts {
        let headline = rng.pick(HEADLINES).to_string();
        if rng.chance(30) {
            lines.push(rng.pick(LOGOS).to_string());
        }
        lines.push(headline.clone());
        if rng.chance(30) {
            lines.push(format!("{headline} | The Coastal Herald"));
        }
        let caption = rng.pick(CAPTIONS).to_string();
        for _ in 0..rng.below(4) {
            match rng.below(5) {
                0 => lines.push(rng.pick(LOGOS).to_string()),
                1 | 2 => lines.push(caption.clone()),
                _ => lines.push(String::new()),
            }
        }
        if rng.chance(70) {
            lines.push(headline.clone());
        }
        for _ in 0..rng.below(12) {
            match rng.below(10) {
                0 => {
                    // Lines alike but for a number.
                    let base = rng.pick(&["Ferry timetable for route", "Match report, round"]);
                    for _ in 0..1 + rng.below(5) {
                        lines.push(format!("{base} {} between Oslo and Kiel", rng.below(40)));
                    }
                }
                1 => lines.extend(std::iter::repeat_n(String::new(), rng.below(6))),
                2 => lines.push(caption.clone()),
                3 => {
                    // A long line.
                    let b = rng.pick(BODY);
                    lines.push(vec![b; 1 + rng.below(300)].join(" "));
                }
                4 => {
                    let b = rng.pick(BODY).to_string();
                    lines.push(b.clone());
                    lines.push(b);
                }
                _ => lines.push(rng.pick(BODY).to_string()),
            }
        }
        if parts > 1 {
            lines.extend(std::iter::repeat_n(String::new(), 2 + rng.below(3)));
        }
    }
    // Damage inside lines.
    for line in lines.iter_mut() {
        if rng.chance(15) {
            let at = line
                .char_indices()
                .map(|(i, _)| i)
                .nth(rng.below(line.chars().count() + 1))
                .unwrap_or(line.len());
            line.insert_str(at, rng.pick(NOISE));
        }
    }
    let mut bytes = Vec::new();
    for line in &lines {
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(match rng.below(10) {
            0 => b"\r\n",
            1 => b"\r",
            _ => b"\n",
        });
    }
    if rng.chance(10) {
        bytes.pop();
    }
    bytes
}

/// A random rule set: every rule on, and some switched off.
fn rules(rng: &mut Rng, config: &mut Config) -> Vec<Rule> {
    config.select_only(&Rule::ALL);
    let off: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|_| rng.chance(15))
        .collect();
    config.disabled.extend(off.iter().copied());
    off
}

/// The folded form of a line for "occurs once": case, spacing and
/// invisible characters aside, as the rules compare lines.
fn fold(line: &str) -> u64 {
    copydesk::text::fold_hash(line)
}

/// The runs of digits of a line, numeric character references aside (they
/// are characters, decoded before lines are compared), and read through
/// characters that show nothing (`2\u{ad}7` is 27 on the page).
fn digits(s: &str) -> Vec<String> {
    let s: String = s
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
            )
        })
        .collect();
    let s = s.as_str();
    let mut text = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("&#") {
        text.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find(';') {
            Some(end) if end <= 8 && after[..end].chars().all(|c| c.is_ascii_alphanumeric()) => {
                rest = &after[end + 1..];
            }
            _ => {
                text.push_str("&#");
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text.split(|c: char| !c.is_numeric())
        .filter(|r| !r.is_empty())
        .map(String::from)
        .collect()
}

/// Why a line whose text occurs once may still go: it is junk by its place
/// or shape, and the reason says so.
fn junk_reason(rule: Rule, reason: &str) -> bool {
    match rule {
        // Logo text, a headline's decoration, a near copy of the headline.
        Rule::SiteTag => true,
        Rule::RepeatedHeadline => {
            reason.contains("nearly repeats")
                || reason.contains("decoration")
                || reason.contains("repeats the headline")
        }
        // Layout and invisible lines: nothing of the text is lost.
        Rule::BlankLines | Rule::InvisibleChar | Rule::Whitespace | Rule::Bom => true,
        _ => false,
    }
}

fn check_case(seed: u64, bin: bool) {
    let mut rng = Rng(seed);
    let bytes = article(&mut rng);
    if let Ok(dir) = std::env::var("COPYDESK_FUZZ_DUMP") {
        std::fs::write(format!("{dir}/{seed}.txt"), &bytes).unwrap();
    }
    let mut config = Config::default();
    let off = rules(&mut rng, &mut config);
    config.markdown = rng.chance(20);
    let mut shown = String::from_utf8_lossy(&bytes).into_owned();
    if shown.len() > 3000 {
        let mut cut = 3000;
        while !shown.is_char_boundary(cut) {
            cut -= 1;
        }
        shown.truncate(cut);
        shown.push_str("...");
    }
    let context = format!(
        "seed {seed}, off {off:?}, markdown {}: {shown:?}",
        config.markdown
    );
    let Ok(cleaned) = copydesk::process(&bytes, &config) else {
        return;
    };
    // Every report renders.
    let file = FileReport::new("a.txt", &cleaned);
    let report_ = Report::new(vec![file.clone()]);
    report::text::write(&report_, &[&cleaned], &mut Vec::new()).unwrap();
    report::full::findings(&file, true);
    report::concise::findings(&file);
    report::github::findings(&file);
    report::junit::findings(&file);
    report::sarif::entries(&file);
    report::gitlab::entries(&file);
    let json = report::json::to_string(&report_);
    serde_json::from_str::<serde_json::Value>(&json).unwrap();

    // Idempotent.
    let again = copydesk::process(cleaned.output.as_bytes(), &config).unwrap();
    assert_eq!(again.output, cleaned.output, "not idempotent: {context}");

    // Every removed line is covered by a removal in the report.
    let mut covered = vec![false; cleaned.input_lines.len()];
    for c in cleaned
        .changes
        .iter()
        .filter(|c| c.action == Action::Removed)
    {
        covered[c.line..=c.last_line].fill(true);
    }
    for (i, out) in cleaned.line_map.iter().enumerate() {
        assert!(
            out.is_some() || covered[i],
            "line {} removed without a report entry: {context}",
            i + 1
        );
    }

    // Unique lines stay unless they are junk; no copy differs in digits.
    // Lines are compared as the rules compare them: normalized (a BOM or
    // an entity inside a line is not a difference), then folded.
    let input: Vec<&str> = cleaned.input_lines.iter().collect();
    let decoded = copydesk::decode(&bytes, config.encoding).unwrap();
    let normalized = copydesk::normalize::normalize_owned(decoded.text, &config);
    let lines: Vec<&str> = normalized.lines.iter().collect();
    assert_eq!(lines.len(), input.len());
    let mut count = std::collections::HashMap::new();
    for l in &lines {
        *count.entry(fold(l)).or_insert(0usize) += 1;
    }
    for c in cleaned
        .changes
        .iter()
        .filter(|c| c.action == Action::Removed)
    {
        for i in c.line..=c.last_line {
            let line = lines[i];
            if line.trim().is_empty() {
                continue;
            }
            assert!(
                count[&fold(line)] > 1 || junk_reason(c.rule, &c.reason),
                "a unique line {} removed by {} ({}): {context}",
                i + 1,
                c.rule,
                c.reason
            );
            // "repeats ... on line N": the line it repeats.
            if let Some(n) = c
                .reason
                .split("on line ")
                .nth(1)
                .and_then(|r| r.split(|ch: char| !ch.is_ascii_digit()).next())
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| (1..=input.len()).contains(n))
                && c.reason.starts_with("repeats")
            {
                assert_eq!(
                    digits(line),
                    digits(lines[n - 1]),
                    "line {} removed as a copy of line {n}, which differs in a number: {context}",
                    i + 1
                );
            }
        }
    }

    if bin {
        through_the_binary(&bytes, &off, &context);
    }
}

/// `check` in every format exits 0 or 1; `clean` exits 0 and prints what
/// the library made.
fn through_the_binary(bytes: &[u8], off: &[Rule], context: &str) {
    let ignore: Vec<String> = off.iter().map(|r| format!("--ignore={r}")).collect();
    for format in [
        "full", "concise", "github", "json", "sarif", "gitlab", "junit",
    ] {
        let out = assert_cmd::Command::cargo_bin("copydesk")
            .unwrap()
            .args([
                "check",
                "--isolated",
                "--select",
                "all",
                "--output-format",
                format,
                "-",
            ])
            .args(&ignore)
            .write_stdin(bytes.to_vec())
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "check --output-format {format} exited {code:?}: {}\n{context}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = assert_cmd::Command::cargo_bin("copydesk")
        .unwrap()
        .args(["clean", "--isolated", "--select", "all", "-"])
        .args(&ignore)
        .write_stdin(bytes.to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "clean: {context}");
}

#[test]
fn fuzz_scraped_text_under_random_rule_sets() {
    let cases: u64 = std::env::var("COPYDESK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let start: u64 = std::env::var("COPYDESK_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for seed in start..start + cases {
        // The binary costs a process per format: every tenth case, at most
        // fifty of them.
        let bin = seed % 10 == 0 && (seed - start) / 10 < 50;
        check_case(seed, bin);
    }
}
