//! Normalized lines to articles.
//!
//! Takes the normalized lines of a file and returns a [`Document`]: the articles,
//! each with its non-blank lines and the extent of its header region (the lines
//! before the first body paragraph). Also home to the line-shape tests the
//! detectors share: headline-like, byline-like, photo credit, logo-shaped.
//!
//! An article boundary is a run of two or more blank lines followed by a line
//! shaped like a headline. A lone run of blank lines inside an article (a common
//! scraper artifact) is not a boundary when the next line reads like body text.

use crate::text::{ends_like_sentence, has_digit, is_separator, word_units_upto};

/// How many non-blank lines at most the header region spans.
pub const MAX_HEADER_LINES: usize = 12;

/// One file, split into articles.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The articles in file order.
    pub articles: Vec<Article>,
    /// Which lines are body paragraphs, as asked.
    pub body: BodyMemo,
}

/// [`is_body_paragraph`] of each line of a file, worked out at most once:
/// header regions, the boilerplate rule and the settling round all ask it of
/// the same paragraphs.
#[derive(Debug, Clone, Default)]
pub struct BodyMemo(Vec<std::cell::Cell<u8>>);

impl BodyMemo {
    /// Nothing known yet about `lines` lines.
    pub fn new(lines: usize) -> BodyMemo {
        BodyMemo(vec![std::cell::Cell::new(0); lines])
    }

    /// Is line `i`, whose text is `line`, a body paragraph?
    pub fn is_body(&self, i: usize, line: &str) -> bool {
        let Some(known) = self.0.get(i) else {
            return is_body_paragraph(line);
        };
        match known.get() {
            1 => false,
            2 => true,
            _ => {
                let body = is_body_paragraph(line);
                known.set(1 + u8::from(body));
                body
            }
        }
    }
}

/// One article: its non-blank lines, by input index.
#[derive(Debug, Clone)]
pub struct Article {
    /// Input indices of the article's non-blank lines, in order.
    pub lines: Vec<usize>,
    /// Positions `0..header_end` in `lines` form the header region.
    pub header_end: usize,
}

impl Article {
    /// Are positions `a < b` in the same block (no blank line between them)?
    pub fn same_block(&self, a: usize, b: usize) -> bool {
        self.lines[b] - self.lines[a] == b - a
    }
}

/// Split normalized lines into articles.
pub fn segment<S: AsRef<str>>(lines: &[S]) -> Document {
    segment_protected(lines, &|_| false)
}

/// Split normalized lines into articles; protected lines (Markdown code, front
/// matter, comments) separate nothing and belong to no article, so no detector
/// sees them.
pub fn segment_protected<S: AsRef<str>>(
    lines: &[S],
    protected: &dyn Fn(usize) -> bool,
) -> Document {
    let body = BodyMemo::new(lines.len());
    Document {
        articles: split_articles(lines, protected)
            .into_iter()
            .map(|a| finish(a, lines, &body))
            .collect(),
        body,
    }
}

/// The line indices of each article, without working out header regions:
/// what [`segment_protected`] starts from, and all that boilerplate learning
/// needs.
pub fn split_articles<S: AsRef<str>>(
    lines: &[S],
    protected: &dyn Fn(usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut articles = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut blank_run = 0usize;
    for (idx, line) in lines.iter().enumerate() {
        let line = line.as_ref();
        if protected(idx) {
            blank_run = 0;
            continue;
        }
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run >= 2 && !current.is_empty() && is_headline_like(line) {
            current.shrink_to_fit();
            articles.push(std::mem::take(&mut current));
        }
        blank_run = 0;
        current.push(idx);
    }
    if !current.is_empty() {
        // Grown by doubling: one long article could hold twice its room.
        current.shrink_to_fit();
        articles.push(current);
    }
    articles
}

/// An article of these line indices, with its header region worked out.
pub fn finish<S: AsRef<str>>(article_lines: Vec<usize>, lines: &[S], body: &BodyMemo) -> Article {
    let header_end = article_lines
        .iter()
        .take(MAX_HEADER_LINES)
        .position(|&i| body.is_body(i, lines[i].as_ref()))
        .unwrap_or(article_lines.len().min(MAX_HEADER_LINES));
    Article {
        lines: article_lines,
        header_end,
    }
}

/// A body paragraph: long running text (25 words or 200 characters), or a
/// full sentence of some length, that is not a caption.
pub fn is_body_paragraph(s: &str) -> bool {
    // Under 24 bytes neither test can pass (25 words need 49 bytes); the
    // words are counted once, up to the larger threshold.
    if s.len() < 24 {
        return false;
    }
    let body = s.len() >= 200 && s.chars().count() >= 200 || {
        let words = word_units_upto(s, 25);
        words >= 25 || (words >= 12 && ends_like_sentence(s))
    };
    body && !has_photo_credit(s)
}

/// Shaped like a headline: short, not a sentence that ends in a full stop or a
/// comma, not a separator, not a list item.
pub fn is_headline_like(s: &str) -> bool {
    // Cheapest tests first: most lines are body text that ends in a full
    // stop, and 200 characters take at most 800 bytes.
    !s.ends_with(['.', ',', ';', '\u{3002}', '\u{060C}'])
        && s.len() <= 800
        && (1..=30).contains(&word_units_upto(s, 31))
        && s.chars().count() <= 200
        && !is_separator(s)
        && !is_list_item(s)
}

/// A list item: a bullet (`- `, `* `, `• `) or a number (`1. `, `2) `)
/// and a space before its text. A list printed twice is not a headline and
/// its copy, with logos between.
pub fn is_list_item(s: &str) -> bool {
    const BULLETS: [char; 8] = [
        '-', '*', '\u{2022}', '\u{25AA}', '\u{25CF}', '\u{25E6}', '\u{2023}', '\u{00B7}',
    ];
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix(BULLETS) {
        return rest.starts_with(' ');
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && (s[digits..].starts_with(". ") || s[digits..].starts_with(") "))
}

/// A dateline on a line of its own ("NEW YORK (AP) —"): words that end in a
/// dash lead into the story. (A separator such as `-----` has no letter.)
/// So does a wire service's city with a colon ("OSLO (NTB):").
pub fn is_dateline(s: &str) -> bool {
    (s.ends_with(['—', '–', '-']) && s.chars().any(char::is_alphabetic))
        || s.strip_suffix([':', '\u{FF1A}']).is_some_and(|t| {
            ends_with_agency(t)
                && t.rfind('(')
                    .is_some_and(|i| t[..i].chars().any(char::is_alphabetic))
        })
}

/// A label or a dateline on a line of its own ("Update:", "NEW YORK (AP)
/// —"): it leads into what follows, as a logo does not.
pub fn is_label_or_dateline(s: &str) -> bool {
    is_dateline(s) || (s.ends_with([':', '：']) && s.chars().any(char::is_alphabetic))
}

/// A byline, dateline or publishing note: "By Jane Doe", "Posted: ...".
pub fn is_byline_like(s: &str) -> bool {
    let lower = s.to_lowercase();
    const STARTS: [&str; 20] = [
        "by ",
        "by:",
        "from ",
        "posted",
        "updated",
        "published",
        "written by",
        "last updated",
        "created",
        "staff",
        "reporting by",
        "par ",
        "por ",
        "von ",
        "di ",
        "door ",
        "av ",
        "بقلم",
        "كتب",
        "记者",
    ];
    STARTS.iter().any(|p| lower.starts_with(p)) || lower.contains('@')
}

/// A matcher for a small, fixed set of lower-case markers, ASCII case
/// ignored: a full DFA, one table step per byte, the fastest search for such
/// a set over every paragraph.
fn markers(patterns: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns)
        .expect("static patterns")
}

/// A credit for the reporting or an editor's note, which stay with the
/// story however often a site prints them: "The Associated Press contributed
/// to this report.", "Additional reporting by Jan Berg", "Compiled by the news
/// desk", "Mara Lindqvist, Staff Writer", "This story has been corrected.",
/// "Editor's note: ...".
pub fn is_credit_or_note(s: &str) -> bool {
    // Matched ASCII-case-insensitively on the line as it is, as in
    // `has_photo_credit`: no lower-cased copy of every short line.
    static CONTAINS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            markers(&[
                "contributed to this",
                "contributed reporting",
                "reporting by",
                "reporting from",
                "editing by",
                "edited by",
                "written by",
                "compiled by",
                "has been corrected",
                "was corrected",
                "has been updated",
                "was updated",
                "has been amended",
                "was amended",
                "a contribu\u{e9}",
                "con informaci\u{f3}n de",
                // A writer's name with the role: "Mara Lindqvist, Staff Writer".
                "staff writer",
                "staff reporter",
                "senior writer",
                "correspondent",
                ", reporter",
                ", editor",
                ", columnist",
            ])
        });
    const STARTS: [&str; 4] = [
        "correction",
        "clarification",
        "editor's note",
        "editor\u{2019}s note",
    ];
    let t = s.trim_start();
    CONTAINS.is_match(s)
        || STARTS.iter().any(|p| {
            t.as_bytes()
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        })
}

/// Wire agencies and photo agencies whose names appear in credits and tags.
const AGENCIES: [&str; 30] = [
    "ap",
    "afp",
    "reuters",
    "epa",
    "xinhua",
    "tt",
    "ntb",
    "pa",
    "dpa",
    "efe",
    "ansa",
    "kyodo",
    "yonhap",
    "tass",
    "anadolu",
    "wafa",
    "kuna",
    "spa",
    "mena",
    "ina",
    "getty images",
    "associated press",
    "the associated press",
    "agence france-presse",
    "the canadian press",
    "canadian press",
    "press association",
    "the press association",
    "bloomberg",
    "upi",
];

/// Does the line carry a photo credit: "(AP)", "(AP Photo/...)", "/Reuters",
/// "Getty Images", "Photo: ...", "Credit...", "(Pic:PA)"?
pub fn has_photo_credit(s: &str) -> bool {
    // The markers are matched ASCII-case-insensitively on the line as it is
    // (no lower-cased copy): every marker is lower case, and the only
    // non-ASCII characters that lower-case to ASCII are the Kelvin and
    // dotted-I signs, which no marker needs.
    static MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            markers(&[
                "ap photo",
                "getty images",
                "photo:",
                "photo by",
                "photo credit",
                "pic:",
                "credit:",
                "credit\u{2026}",
                "credit...",
                "file photo",
                "(file",
                "(photo",
                "photo/",
                "picture:",
                "image:",
                "foto:",
                "photo :",
                "/reuters",
                "/afp",
                "/ap",
                "/epa",
                "\u{5716}\u{FF1A}",
            ])
        });
    if MARKERS.is_match(s) {
        return true;
    }
    // A bracketed agency name at the end: "... Khalifa Haftar. (AP)".
    ends_with_agency(s)
}

/// Does the line end with a news agency's name in brackets: "(AP)",
/// "(AP Photo/Jan Berg)" split at the slash, "(NTB/Reuters)"?
fn ends_with_agency(s: &str) -> bool {
    let t = s.trim_end();
    if let Some(open) = t
        .strip_suffix(')')
        .and_then(|t| t.rfind('(').map(|i| &t[i + 1..]))
    {
        let is_agency = |w: &str| AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(w));
        let inner = open.trim();
        return is_agency(inner) || inner.split('/').any(|p| is_agency(p.trim()));
    }
    false
}

/// Is the line just a news agency's name ("Reuters", "The Associated Press")?
pub fn is_agency_name(s: &str) -> bool {
    AGENCIES.contains(&s.trim().to_lowercase().as_str())
}

/// Shaped like a site's logo text: "BBC logo", "logoimg", "CBC.ca Homepage",
/// "NEWS.com.au - Home", a bare domain, or an agency name.
pub fn is_logo_shaped(s: &str) -> bool {
    if word_units_upto(s, 7) > 6 {
        return false;
    }
    let lower = s.trim().to_lowercase();
    if has_digit_outside_domain(&lower) {
        return false;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    is_logo_text(s)
        || (words.len() <= 3 && words.iter().any(|w| is_domain(w)))
        || (words.len() == 2 && last == "news" && words[0].len() <= 4)
        || is_agency_name(&lower)
}

/// Unmistakably the alt text of a logo image: "BBC logo", "Acme Media
/// logo.", "logoimg", "CBC.ca Homepage", "NEWS.com.au - Home"; or one token
/// holding `logo` among its parts ("acme_logo", "logo-mini-dark",
/// "site-logo-2x.png"), or a bare image file name ("masthead.png"). A
/// sentence about a logo ("The council unveils a new logo today") is none
/// of these: only the last word of several counts.
pub fn is_logo_text(s: &str) -> bool {
    // Counted before lower-casing (case changes no word boundary), so that
    // long lines are not copied.
    if word_units_upto(s, 7) > 6 {
        return false;
    }
    let lower = s.trim().to_lowercase();
    let last = lower
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches('.');
    let one_token = !lower.contains(char::is_whitespace);
    // "Coastal Herald home": a site's name (two words or more, each with a
    // capital) and a lower-case "home", the link back to its front page.
    let site_home = || {
        let words: Vec<&str> = s.split_whitespace().collect();
        words.len() >= 3
            && words.last() == Some(&"home")
            && words[..words.len() - 1]
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    let parts_name_a_logo = || {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|t| t == "logo" || t.starts_with("logoimg"))
    };
    let image_file = || {
        [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
            .iter()
            .any(|ext| lower.len() > ext.len() + 1 && lower.ends_with(ext))
    };
    last == "logo"
        || last.starts_with("logoimg")
        || last == "homepage"
        || lower.ends_with("home page")
        || lower.ends_with("- home")
        || (one_token && (parts_name_a_logo() || image_file()))
        || site_home()
}

fn has_digit_outside_domain(s: &str) -> bool {
    s.split_whitespace().any(|w| !is_domain(w) && has_digit(w))
}

/// "nydailynews.com", "ctv.ca", "news.com.au".
pub fn is_domain(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let parts: Vec<&str> = w.split('.').collect();
    let [labels @ .., last] = parts.as_slice() else {
        return false;
    };
    // The top-level label is 2 to 6 letters; the others are any labels a
    // host name may have (`www.longcityname.com`, `news-24.example.org`).
    !labels.is_empty()
        && (2..=6).contains(&last.len())
        && last.chars().all(|c| c.is_ascii_alphabetic())
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .iter()
            .any(|l| l.chars().any(|c| c.is_ascii_alphabetic()))
}

/// Is the line a candidate for a short standalone label (tag, kicker)? Short,
/// not a sentence, no digits.
pub fn is_short_label(s: &str) -> bool {
    word_units_upto(s, 7) <= 6
        && s.chars().count() <= 48
        && !has_digit(s)
        && !ends_like_sentence_strict(s)
}

/// Ends like a sentence, but "Inc." and "Yahoo!" style names do not count.
pub fn ends_like_sentence_strict(s: &str) -> bool {
    if !ends_like_sentence(s) {
        return false;
    }
    let lower = s.to_lowercase();
    !(lower.ends_with("inc.")
        || lower.ends_with("ltd.")
        || lower.ends_with("co.")
        || s.ends_with('!'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_not_headlines() {
        for item in [
            "- Ferry routes",
            "* Oslo",
            "\u{2022} Bergen",
            "1. Ferry routes",
            "12) Oslo",
        ] {
            assert!(is_list_item(item) && !is_headline_like(item), "{item}");
        }
        for line in [
            "Ferry routes",
            "-5 degrees in Oslo",
            "2024 in review",
            "10 things to know",
        ] {
            assert!(!is_list_item(line), "{line}");
        }
    }

    #[test]
    fn labels_and_datelines_end_in_a_colon_or_a_dash() {
        for s in [
            "Update:",
            "Chorus:",
            "NEW YORK (AP) —",
            "BERGEN (NTB) –",
            "快讯：",
        ] {
            assert!(is_label_or_dateline(s), "{s}");
        }
        for s in ["-----", "TT", "Times Online", "NEWS.com.au - Home"] {
            assert!(!is_label_or_dateline(s), "{s}");
        }
        // A wire service's city with a colon is a dateline; a label or the
        // agency alone is not.
        for s in ["OSLO (NTB):", "Berlin (dpa):", "NEW YORK (AP) \u{2014}"] {
            assert!(is_dateline(s), "{s}");
        }
        for s in ["Update:", "(NTB):", "Read more:", "OSLO (Herald):"] {
            assert!(!is_dateline(s), "{s}");
        }
    }

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn the_body_memo_answers_as_the_test_does_every_time() {
        let l = [
            "Haftar Meets Putin",
            "Khalifa Haftar arrives for talks in Moscow on Tuesday. (AP Photo/Jane Doe)",
            "The talks were the first official meeting between the two men, and they lasted for more than three hours in the Kremlin.",
            "TT",
        ];
        let memo = BodyMemo::new(l.len());
        for _ in 0..2 {
            let got: Vec<bool> = l
                .iter()
                .enumerate()
                .map(|(i, s)| memo.is_body(i, s))
                .collect();
            assert_eq!(got, [false, false, true, false]);
        }
        // Past the lines it was made for, it asks the test itself.
        assert!(memo.is_body(9, l[2]));
    }

    #[test]
    fn two_blank_lines_and_a_headline_split_articles() {
        let l = lines("Title one\n\nBody text.\n\n\nTitle two\n\nMore body.");
        let d = segment(&l);
        assert_eq!(d.articles.len(), 2);
        assert_eq!(d.articles[1].lines, [5, 7]);
    }

    #[test]
    fn a_blank_run_before_body_text_is_not_a_split() {
        let l = lines("Title one\n\nBody text.\n\n\nMore body text goes on here.");
        assert_eq!(segment(&l).articles.len(), 1);
    }

    #[test]
    fn photo_credits() {
        assert!(has_photo_credit(
            "Libyan National Army commander Khalifa Haftar. (AP)"
        ));
        assert!(has_photo_credit("A man walks by. (AP Photo/Jane Doe)"));
        assert!(has_photo_credit("Lord Condon (Pic:PA)"));
        assert!(has_photo_credit(
            "Smoke rises over the city. Photo: John Smith/AFP"
        ));
        assert!(!has_photo_credit(
            "According to the English-language edition of RT, the ship"
        ));
        assert!(!has_photo_credit("The talks (which began in May) went on."));
    }

    #[test]
    fn logo_shapes() {
        for s in [
            "BBC logo",
            "logoimg",
            "CBC.ca Homepage",
            "NEWS.com.au - Home",
            "SI.com",
            "Reuters",
            "BBC News",
        ] {
            assert!(is_logo_shaped(s), "{s}");
        }
        for s in [
            "North Korea",
            "By Jane Doe",
            "Premier League",
            "January 14, 2008",
        ] {
            assert!(!is_logo_shaped(s), "{s}");
        }
    }

    #[test]
    fn logo_alt_text_is_known_by_its_tokens() {
        for logo in [
            "Acme Media logo.",
            "BBC logo",
            "acme_logo",
            "logo-mini-dark",
            "site-logo-2x.png",
            "masthead_white_110.png",
            "harbour_logo_white_110",
            "logoimg",
            "The Coastal Herald home",
        ] {
            assert!(is_logo_text(logo), "{logo}");
        }
        for text in [
            "The council unveils a new logo today",
            "Logos and brands",
            "logos",
            "catalogue",
            "photo.png is missing",
            ".png",
            "Nursing home",
            "Back to the home",
            "The Coastal Herald Home Page Editor",
        ] {
            assert!(!is_logo_text(text), "{text}");
        }
    }
}
