//! Typography rules, off by default: `quotes`, `dashes`, `ellipsis`,
//! `ligatures`, `fullwidth`. Each rewrites one kind of character and says how
//! many it changed.

use super::plural;

/// Which quotes `quotes` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    /// `'` and `"`.
    #[default]
    Straight,
    /// `‘ ’` and `“ ”`.
    Curly,
}

fn counted(out: String, n: usize, what: &str) -> Option<(String, String)> {
    (n > 0).then(|| (out, format!("{what} ({n} place{})", plural(n))))
}

/// `quotes`: curly to straight, or straight to curly (an opening quote after a
/// space, a bracket or the start of the line; a closing one elsewhere).
pub fn quotes(s: &str, style: QuoteStyle) -> Option<(String, String)> {
    let mut out = String::with_capacity(s.len());
    let mut n = 0;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-".contains(p));
        let r = match (style, c) {
            (QuoteStyle::Straight, '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') => '\'',
            (QuoteStyle::Straight, '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}') => '"',
            (QuoteStyle::Curly, '\'') => {
                if opening {
                    '\u{2018}'
                } else {
                    '\u{2019}'
                }
            }
            (QuoteStyle::Curly, '"') => {
                if opening {
                    '\u{201C}'
                } else {
                    '\u{201D}'
                }
            }
            _ => c,
        };
        if r != c {
            n += 1;
        }
        out.push(r);
        prev = Some(c);
    }
    let what = match style {
        QuoteStyle::Straight => "turns curly quotes into straight ones",
        QuoteStyle::Curly => "turns straight quotes into curly ones",
    };
    counted(out, n, what)
}

/// `dashes`: `--` becomes an em dash, a spaced hyphen ` - ` an en dash.
pub fn dashes(s: &str) -> Option<(String, String)> {
    if !s.contains('-') {
        return None;
    }
    let n = s.matches("--").count() + s.replace("--", "").matches(" - ").count();
    let out = s
        .replace(" -- ", " \u{2014} ")
        .replace("--", "\u{2014}")
        .replace(" - ", " \u{2013} ");
    counted(
        out,
        n,
        "writes -- as an em dash and a spaced hyphen as an en dash",
    )
}

/// `ellipsis`: `...` becomes `…`.
pub fn ellipsis(s: &str) -> Option<(String, String)> {
    let n = s.matches("...").count();
    counted(
        s.replace("...", "\u{2026}"),
        n,
        "writes ... as an ellipsis (…)",
    )
}

/// `ligatures`: presentation ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) become letters.
pub fn ligatures(s: &str) -> Option<(String, String)> {
    let mut out = String::with_capacity(s.len());
    let mut n = 0;
    for c in s.chars() {
        let r = match c {
            '\u{FB00}' => "ff",
            '\u{FB01}' => "fi",
            '\u{FB02}' => "fl",
            '\u{FB03}' => "ffi",
            '\u{FB04}' => "ffl",
            '\u{FB05}' | '\u{FB06}' => "st",
            _ => {
                out.push(c);
                continue;
            }
        };
        n += 1;
        out.push_str(r);
    }
    counted(out, n, "spells out ligatures")
}

/// `fullwidth`: full-width ASCII forms (U+FF01..U+FF5E) become ASCII.
pub fn fullwidth(s: &str) -> Option<(String, String)> {
    let n = s
        .chars()
        .filter(|c| ('\u{ff01}'..='\u{ff5e}').contains(c))
        .count();
    if n == 0 {
        return None;
    }
    counted(
        fullwidth_as_ascii(s),
        n,
        "turns full-width ASCII characters into ASCII",
    )
}

/// `s` with full-width ASCII (U+FF01 to U+FF5E) written as ASCII.
pub fn fullwidth_as_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_typography_rule() {
        assert_eq!(
            quotes("\u{201C}Hi\u{201D} it\u{2019}s", QuoteStyle::Straight)
                .unwrap()
                .0,
            "\"Hi\" it's"
        );
        assert_eq!(
            quotes("\"Hi\" it's", QuoteStyle::Curly).unwrap().0,
            "\u{201C}Hi\u{201D} it\u{2019}s"
        );
        assert_eq!(dashes("a -- b - c").unwrap().0, "a \u{2014} b \u{2013} c");
        assert_eq!(dashes("well-known"), None);
        assert_eq!(ellipsis("Wait...").unwrap().0, "Wait\u{2026}");
        assert_eq!(ligatures("\u{FB01}nal").unwrap().0, "final");
        assert_eq!(fullwidth("\u{FF21}\u{FF22}\u{FF11}").unwrap().0, "AB1");
        assert_eq!(fullwidth("東京"), None);
    }
}
