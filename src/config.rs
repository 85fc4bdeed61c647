//! Settings that steer one run of the pipeline.
//!
//! `Config` is plain data: the command line (and, later, `copydesk.toml`) fills it
//! in, the library only reads it. Every threshold a detector uses lives here so
//! that a user can see and change it in one place.

use encoding_rs::Encoding;

/// How similar (normalized Levenshtein over folded text, 0..=1) a line must be
/// to the headline to count as a near copy of it.
pub const DEFAULT_HEADLINE_SIMILARITY: f64 = 0.9;

/// Settings for [`crate::process`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Force this encoding instead of detecting one (`--encoding`).
    pub encoding: Option<&'static Encoding>,
    /// Known site tags (logo texts) to remove from the header region, compared
    /// after folding case and whitespace (`--site-tag`).
    pub site_tags: Vec<String>,
    /// Near-copy threshold for `repeated-headline`.
    pub headline_similarity: f64,
    /// `repeated-paragraph`: an adjacent copy needs at least this many words
    /// (or three times as many characters in scripts written without spaces).
    pub paragraph_min_words_adjacent: usize,
    /// `repeated-paragraph`: a distant copy needs at least this many characters.
    pub paragraph_min_chars_distant: usize,
    /// Runaway guard: a body rule that would remove more than this share of an
    /// article's body lines removes nothing there and flags the article.
    pub max_body_removal_share: f64,
    /// Rules switched off.
    pub disabled: Vec<crate::Rule>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            encoding: None,
            site_tags: Vec::new(),
            headline_similarity: DEFAULT_HEADLINE_SIMILARITY,
            paragraph_min_words_adjacent: 10,
            paragraph_min_chars_distant: 150,
            max_body_removal_share: 1.0 / 3.0,
            disabled: Vec::new(),
        }
    }
}

impl Config {
    /// Is `rule` switched on?
    pub fn enabled(&self, rule: crate::Rule) -> bool {
        !self.disabled.contains(&rule)
    }

    /// Is `line` one of the user's site tags (compared after folding)?
    pub fn is_site_tag(&self, line: &str) -> bool {
        if self.site_tags.is_empty() {
            return false;
        }
        let f = crate::text::fold(line);
        self.site_tags.iter().any(|t| crate::text::fold(t) == f)
    }

    /// Resolve an `--encoding` label (WHATWG names such as `windows-1252`).
    pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, crate::Error> {
        Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| crate::Error::UnknownEncoding(label.to_string()))
    }
}
