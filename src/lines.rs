//! What a line is: the one place line shapes are decided.
//!
//! Every rule asks the same questions of a line (is it shaped like a
//! headline, a byline, a photo credit, a logo's alt text, a label or a
//! dateline, a body paragraph?). The answers are decided here, by the
//! functions below, and [`Facts`] keeps each answer for each line of a file
//! once it is worked out, so that all rules agree on what a line is and no
//! rule scans a line again for a question another rule asked (the settling
//! rounds ask them all again). The shapes are language-agnostic where a shape
//! can be: word units count a CJK character as a word, a script without case
//! is never "name-cased", and the few lists (news agencies, byline verbs)
//! say why a list is right there.

use std::cell::Cell;

use crate::text::{ends_like_sentence, has_digit, is_separator, word_units_upto};

/// A question about a line that [`Facts`] answers once per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// [`is_body_paragraph`].
    Body = 0,
    /// [`is_headline_like`].
    HeadlineLike,
    /// [`is_byline_like`].
    Byline,
    /// [`has_photo_credit`].
    PhotoCredit,
    /// [`is_credit_or_note`].
    CreditOrNote,
    /// [`is_label_or_dateline`].
    LabelOrDateline,
    /// [`is_logo_shaped`].
    LogoShaped,
    /// [`is_logo_text`].
    LogoText,
    /// [`is_short_label`].
    ShortLabel,
    /// [`ends_like_sentence`].
    SentenceEnd,
    /// [`is_site_name`].
    SiteName,
}

impl Shape {
    /// The answer for `line`, worked out.
    fn of(self, line: &str) -> bool {
        match self {
            Shape::Body => is_body_paragraph(line),
            Shape::HeadlineLike => is_headline_like(line),
            Shape::Byline => is_byline_like(line),
            Shape::PhotoCredit => has_photo_credit(line),
            Shape::CreditOrNote => is_credit_or_note(line),
            Shape::LabelOrDateline => is_label_or_dateline(line),
            Shape::LogoShaped => is_logo_shaped(line),
            Shape::LogoText => is_logo_text(line),
            Shape::ShortLabel => is_short_label(line),
            Shape::SentenceEnd => ends_like_sentence(line),
            Shape::SiteName => is_site_name(line),
        }
    }
}

/// The shapes of each line of a file, each worked out at most once: two
/// bits a shape (known, and the answer).
#[derive(Debug, Clone, Default)]
pub struct Facts(Vec<Cell<u32>>);

impl Facts {
    /// Nothing known yet about `lines` lines.
    pub fn new(lines: usize) -> Facts {
        Facts(vec![Cell::new(0); lines])
    }

    /// Is line `i`, whose text is `line`, of this shape?
    pub fn is(&self, i: usize, line: &str, shape: Shape) -> bool {
        let Some(known) = self.0.get(i) else {
            return shape.of(line);
        };
        let (k, v) = (1u32 << (2 * shape as u32), 2u32 << (2 * shape as u32));
        let bits = known.get();
        if bits & k != 0 {
            return bits & v != 0;
        }
        let answer = shape.of(line);
        known.set(bits | k | if answer { v } else { 0 });
        answer
    }

    /// Is line `i` a body paragraph ([`is_body_paragraph`])?
    pub fn is_body(&self, i: usize, line: &str) -> bool {
        self.is(i, line, Shape::Body)
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
    // The words a byline or a publishing note opens with, in the languages
    // scrapers meet most: a list, since no shape tells "By" from any other
    // first word. Compared without a lower-cased copy of the line (the
    // scripts without case compare as they are).
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
    let b = s.as_bytes();
    STARTS.iter().any(|p| {
        b.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    }) || s.contains('@')
}

/// A credit line naming the site or paper the story comes from, with no
/// verb and no person: `from the Valley Courier`, `From The Harbour Post`.
/// A byline's shape (`From our correspondent in Oslo`, `from Maren
/// Lindqvist in Bergen`) has a person or a lower-case word after the
/// article; a credit tag is `from the` and a name, and nothing else.
pub fn is_site_credit(s: &str) -> bool {
    let t = s.trim();
    let Some(rest) = t
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("from the "))
        .map(|_| &t[9..])
    else {
        return false;
    };
    let words = word_units_upto(rest, 6);
    (1..=5).contains(&words)
        && !has_digit(rest)
        && !ends_like_sentence(rest)
        && rest.chars().next().is_some_and(char::is_uppercase)
        && is_name_cased(rest)
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

/// Shaped like a site's name: cased like a name, shaped like a logo, a
/// lower-case brand, or holding a domain.
pub fn is_site_name(s: &str) -> bool {
    is_name_cased(s)
        || is_logo_shaped(s)
        || is_lowercase_brand(s)
        || s.split_whitespace().any(is_domain)
}

/// The pieces of a line between a name and its tagline: split at ` - `,
/// `|`, a colon or a full stop followed by a space, and the dashes.
pub fn split_pieces(s: &str) -> Vec<&str> {
    s.split(['|', '\u{2013}', '\u{2014}'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(": "))
        .flat_map(|p| p.split(". "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// A site's name, alone or with its tagline: up to ten words, not a
/// sentence, and no number but a year among three words or more (`Valley
/// Courier. Local News Since 1901`), so that a date is never one.
pub fn is_site_line(s: &str) -> bool {
    let numbers: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_numeric()))
        .collect();
    let year_only = numbers.is_empty()
        || (numbers.len() == 1
            && numbers[0].len() == 4
            && numbers[0].chars().all(|c| c.is_ascii_digit())
            && word_units_upto(s, 3) >= 3);
    is_short_label(s)
        || (word_units_upto(s, 11) <= 10
            && s.chars().count() <= 90
            && year_only
            && !ends_like_sentence_strict(s))
}

/// Cased like a name or a logo ("Harbour Daily Online", "Site Search Powered
/// By Example", "TT"), not like a sentence-case headline ("Council cautious
/// on the port plan"):
/// every word starts with a capital or a digit, short function words aside.
/// A line in a script without letter case (Arabic, Hebrew, Chinese,
/// Japanese) cannot show that it is a name, so it is never name-cased: it
/// gets the protection a sentence-case kicker gets, and goes only on other
/// evidence (listed, shaped like a logo, naming the decorating site). A
/// line without letters or digits (`-----`) is layout, not a name.
pub fn is_name_cased(s: &str) -> bool {
    // The words title case leaves in lower case (articles, conjunctions,
    // short prepositions), in the languages whose names scrapers meet most:
    // a list, since no shape tells them from other lower-case words.
    const SMALL: [&str; 30] = [
        "of", "the", "and", "by", "for", "on", "in", "to", "a", "an", "&", "with", "at", "from",
        "as", "or", "via", "de", "del", "della", "des", "du", "la", "le", "les", "van", "von",
        "der", "und", "y",
    ];
    let has_case = s.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    if !has_case {
        // A rule of dashes or stars has no words to protect.
        return !s.chars().any(char::is_alphanumeric);
    }
    s.split_whitespace().all(|w| {
        let first = w.chars().find(|c| c.is_alphanumeric());
        SMALL.contains(&w.to_lowercase().as_str())
            || is_domain(w)
            || w.chars().any(char::is_uppercase)
            || first.is_none_or(|c| c.is_uppercase() || c.is_numeric() || !c.is_lowercase())
    })
}

/// One token of lower-case letters (digits allowed), at least six long:
/// the way a web brand writes its name (`harbourwatch`, `kite44news`). A
/// kicker is a word or two of the language, written with a capital
/// (`Weather`, `Breaking news`); a script without case is never this shape.
pub fn is_lowercase_brand(s: &str) -> bool {
    let t = s.trim();
    t.chars().count() >= 6
        && t.chars().all(|c| c.is_lowercase() || c.is_ascii_digit())
        && t.chars().any(char::is_lowercase)
}

/// Does a decoration piece look like a site or section name rather than words
/// of the headline? Short, not a sentence, and capitalized (or a domain, a
/// number, or in a script without case).
pub fn is_name_like(piece: &str) -> bool {
    let Some(first) = piece.chars().next() else {
        return false;
    };
    let first_word = piece.split_whitespace().next().unwrap_or("");
    word_units_upto(piece, 9) <= 8
        && (!ends_like_sentence(piece) || piece.ends_with('!'))
        && (first.is_uppercase()
            || first_word.chars().any(char::is_uppercase)
            || first.is_numeric()
            || piece.split_whitespace().any(is_domain)
            || (first.is_alphabetic() && !first.is_lowercase() && !first.is_uppercase()))
}

/// Shaped like a person's name, or two to four of them joined by `and`, `&`
/// or commas (co-authors): two or three words each, each a capital and then
/// small letters or an initial (`Mara Lindqvist`, `Jan-Erik Berg`,
/// `Seán O'Brien`, `J. R. Hartley`), and no small words (`The Coastal
/// Herald`, `Top of the News`). All-capital logos (`TT`, `NTB`) and phrases
/// in sentence case (`Related articles`) are not.
pub fn is_name_shaped(s: &str) -> bool {
    // Co-authors: "Mara Lindqvist and Jan Berg", "Mara Lindqvist, Jan Berg &
    // Ola Nordmann".
    let names: Vec<&str> = s
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .collect();
    if names.len() > 1 {
        return names.len() <= 4 && names.iter().all(|n| is_one_name(n));
    }
    is_one_name(s)
}

/// One person's name (see [`is_name_shaped`]).
fn is_one_name(s: &str) -> bool {
    const SMALL: [&str; 8] = ["the", "of", "and", "for", "on", "in", "to", "a"];
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            // An initial (`J.`) counts as a word of a name.
            let initial = w.chars().count() == 2 && w.ends_with('.');
            w.chars().next().is_some_and(char::is_uppercase)
                && (initial || w.chars().any(char::is_lowercase))
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}' | '.'))
                && !SMALL.iter().any(|small| w.eq_ignore_ascii_case(small))
        })
}

/// A line made of one phrase said several times ("We want justice! We want
/// justice!"): a chant or refrain, repeated on purpose.
pub fn is_refrain(s: &str) -> bool {
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    // Equal in lower case, compared without lower-cased copies.
    let same = |a: &str, b: &str| {
        a.eq_ignore_ascii_case(b)
            || a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase))
    };
    let n = words.len();
    (1..=n / 2).any(|period| {
        n.is_multiple_of(period) && (period..n).all(|i| same(words[i], words[i - period]))
    })
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

    #[test]
    fn facts_answer_as_the_tests_do_every_time() {
        let l = [
            "Haftar Meets Putin",
            "Khalifa Haftar arrives for talks in Moscow on Tuesday. (AP Photo/Jane Doe)",
            "The talks were the first official meeting between the two men, and they lasted for more than three hours in the Kremlin.",
            "TT",
        ];
        let facts = Facts::new(l.len());
        let shapes = [
            Shape::Body,
            Shape::HeadlineLike,
            Shape::PhotoCredit,
            Shape::LogoShaped,
            Shape::SentenceEnd,
        ];
        for _ in 0..2 {
            for (i, s) in l.iter().enumerate() {
                for shape in shapes {
                    assert_eq!(facts.is(i, s, shape), shape.of(s), "{s} {shape:?}");
                }
            }
        }
        // Past the lines it was made for, it asks the test itself.
        assert!(facts.is_body(9, l[2]));
        assert_eq!(
            [Shape::Body, Shape::PhotoCredit].map(|s| facts.is(1, l[1], s)),
            [false, true]
        );
    }

    #[test]
    fn refrains_repeat_one_phrase() {
        assert!(is_refrain("We want the harbour! We want the harbour!"));
        assert!(is_refrain("Olé, olé, olé, olé"));
        assert!(is_refrain("ÉTÉ été ÉTÉ été"), "case of non-ASCII letters");
        assert!(!is_refrain(
            "The council voted by eleven to four to approve the budget."
        ));
    }
}
