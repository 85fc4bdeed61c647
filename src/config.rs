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
    /// Rules that are off by default and were switched on.
    pub selected: Vec<crate::Rule>,
    /// The style the `quotes` rule writes.
    pub quote_style: crate::normalize::QuoteStyle,
    /// Treat the input as Markdown: front matter, code and HTML comments are
    /// left alone, and `copydesk-disable-next-line` comments are honoured.
    pub markdown: bool,
    /// Extra photo-credit markers for `repeated-caption` (matched case-insensitively).
    pub extra_credits: Vec<String>,
    /// Lines that may repeat: the repeated-* rules never remove them.
    pub allow_repeat: Vec<String>,
    /// Boilerplate learned across a corpus, for `site-boilerplate`.
    pub profile: Option<std::sync::Arc<crate::corpus::Profile>>,
    /// The source (site) of the input, to look it up in `profile`.
    pub source: String,
    /// `site-boilerplate`: a line must recur in at least this many articles...
    pub boilerplate_min_articles: u64,
    /// ... and in at least this share of its source's articles.
    pub boilerplate_min_share: f64,
    /// Which folder above a file names its source: 1, its parent folder; 2,
    /// the folder above that (`crawl/SITE/2024/a.txt` needs 2).
    pub source_level: usize,
    /// Compute duplicate-detection signatures for every article.
    pub signatures: bool,
    /// Articles (by index in the file) to drop as duplicates.
    pub drop_articles: Vec<(usize, String)>,
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
            selected: Vec::new(),
            quote_style: crate::normalize::QuoteStyle::Straight,
            markdown: false,
            extra_credits: Vec::new(),
            allow_repeat: Vec::new(),
            profile: None,
            source: String::new(),
            boilerplate_min_articles: 3,
            boilerplate_min_share: 0.05,
            source_level: 1,
            signatures: false,
            drop_articles: Vec::new(),
        }
    }
}

impl Config {
    /// Is `rule` switched on?
    pub fn enabled(&self, rule: crate::Rule) -> bool {
        !self.disabled.contains(&rule) && (rule.default_enabled() || self.selected.contains(&rule))
    }

    /// Run exactly these rules (`select`).
    pub fn select_only(&mut self, rules: &[crate::Rule]) {
        self.disabled = crate::Rule::ALL
            .into_iter()
            .filter(|r| !rules.contains(r))
            .collect();
        self.selected = rules.to_vec();
    }

    /// Does `line` carry one of the user's extra photo-credit markers?
    pub fn has_extra_credit(&self, line: &str) -> bool {
        if self.extra_credits.is_empty() {
            return false;
        }
        let lower = line.to_lowercase();
        self.extra_credits
            .iter()
            .any(|c| lower.contains(&c.to_lowercase()))
    }

    /// Is `line` on the allowlist of lines that may repeat?
    pub fn may_repeat(&self, line: &str) -> bool {
        if self.allow_repeat.is_empty() {
            return false;
        }
        let f = crate::text::fold(line);
        self.allow_repeat.iter().any(|t| crate::text::fold(t) == f)
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

/// The contents of a `copydesk.toml` (or `.copydesk.toml`) file. Every key is
/// optional; unknown keys are an error.
///
/// ```toml
/// select = ["all"]                 # rules to run (default: all but typography)
/// extend-select = ["ellipsis"]     # switch on rules that are off by default
/// ignore = ["nfc"]                 # rules to switch off
/// exclude = ["drafts/**"]          # paths to skip when walking directories
/// allow-repeat = ["Advertisement"] # lines that may repeat
///
/// [per-file-ignores]
/// "archive/**" = ["site-tag"]
///
/// [rule.repeated-headline]
/// similarity = 0.9
/// [rule.site-tag]
/// tags = ["TT", "NTB"]
/// [rule.repeated-caption]
/// credits = ["(Xinhua)"]
/// [rule.repeated-paragraph]
/// min-words-adjacent = 10
/// min-chars = 150
/// max-removal-share = 0.34
/// ```
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Rules to run; `all` means every rule.
    pub select: Option<Vec<String>>,
    /// Rules to switch on in addition to the default ones (the typography rules).
    pub extend_select: Option<Vec<String>>,
    /// Rules to switch off.
    pub ignore: Option<Vec<String>>,
    /// Glob patterns of paths to skip when walking directories.
    pub exclude: Option<Vec<String>>,
    /// Lines that the repeated-* rules must never remove.
    pub allow_repeat: Option<Vec<String>>,
    /// Glob pattern to rule ids switched off for matching files.
    pub per_file_ignores: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// Per-rule options.
    pub rule: Option<RuleOptions>,
}

/// Per-rule options, under `[rule.<id>]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOptions {
    /// `[rule.repeated-headline]`.
    pub repeated_headline: Option<HeadlineOptions>,
    /// `[rule.site-tag]`.
    pub site_tag: Option<SiteTagOptions>,
    /// `[rule.repeated-caption]`.
    pub repeated_caption: Option<CaptionOptions>,
    /// `[rule.repeated-paragraph]`.
    pub repeated_paragraph: Option<ParagraphOptions>,
    /// `[rule.quotes]`.
    pub quotes: Option<QuoteOptions>,
    /// `[rule.site-boilerplate]`.
    pub site_boilerplate: Option<BoilerplateOptions>,
}

/// `[rule.site-boilerplate]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BoilerplateOptions {
    /// Articles a line must recur in.
    pub min_articles: Option<u64>,
    /// Share of the source's articles a line must recur in, 0 to 1.
    pub min_share: Option<f64>,
    /// Which folder above a file names its source (1, the parent folder).
    pub source_level: Option<usize>,
}

/// `[rule.quotes]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuoteOptions {
    /// `straight` or `curly`.
    pub style: Option<crate::normalize::QuoteStyle>,
}

/// `[rule.repeated-headline]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HeadlineOptions {
    /// Near-copy threshold, 0 to 1.
    pub similarity: Option<f64>,
}

/// `[rule.site-tag]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteTagOptions {
    /// Known site tags.
    pub tags: Option<Vec<String>>,
}

/// `[rule.repeated-caption]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaptionOptions {
    /// Extra photo-credit markers.
    pub credits: Option<Vec<String>>,
}

/// `[rule.repeated-paragraph]`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ParagraphOptions {
    /// Words an adjacent copy needs.
    pub min_words_adjacent: Option<usize>,
    /// Characters a distant copy needs.
    pub min_chars: Option<usize>,
    /// The runaway guard's share, 0 to 1.
    pub max_removal_share: Option<f64>,
}

/// A problem in a configuration file, with the 1-based line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Deserialize TOML, with the line of a problem and, for an unknown key,
/// the keys there are.
fn from_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let msg = e.message().trim().to_string();
        let hint = if msg.contains("unknown field") {
            "; the keys are select, ignore, exclude, allow-repeat, per-file-ignores and [rule.<id>] \
             tables (see `copydesk rules` for ids and the README for options)"
        } else {
            ""
        };
        ConfigError {
            line,
            message: format!("{msg}{hint}"),
        }
    })
}

impl FileConfig {
    /// Parse and check a configuration file's text.
    pub fn parse(text: &str) -> Result<FileConfig, ConfigError> {
        let cfg: FileConfig = from_toml(text)?;
        cfg.check(text)?;
        Ok(cfg)
    }

    /// The `[tool.copydesk]` table of a `pyproject.toml`, parsed and checked
    /// as a `copydesk.toml` is (errors name lines of the whole file); `None`
    /// when there is none. A file that never mentions `tool.copydesk` is not
    /// parsed at all, so a project's own settings cannot break a run.
    pub fn parse_pyproject(text: &str) -> Result<Option<FileConfig>, ConfigError> {
        #[derive(serde::Deserialize)]
        struct Pyproject {
            tool: Option<Tool>,
        }
        #[derive(serde::Deserialize)]
        struct Tool {
            copydesk: Option<FileConfig>,
        }
        if !text.contains("tool.copydesk") {
            return Ok(None);
        }
        let pyproject: Pyproject = from_toml(text)?;
        let Some(cfg) = pyproject.tool.and_then(|t| t.copydesk) else {
            return Ok(None);
        };
        cfg.check(text)?;
        Ok(Some(cfg))
    }

    /// Check what serde cannot: rule ids and ratios. `text` is the file's
    /// text, to name the line of a problem.
    fn check(&self, text: &str) -> Result<(), ConfigError> {
        let cfg = self;
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(&format!("\"{needle}\"")))
                .map(|i| i + 1)
        };
        let check_ids = |ids: &[String]| -> Result<(), ConfigError> {
            for id in ids {
                if crate::Rule::matching(id).is_none() {
                    return Err(ConfigError {
                        line: line_of(id),
                        message: format!(
                            "unknown rule '{id}'; `copydesk rules` lists the rule ids"
                        ),
                    });
                }
            }
            Ok(())
        };
        check_ids(cfg.select.as_deref().unwrap_or_default())?;
        check_ids(cfg.ignore.as_deref().unwrap_or_default())?;
        check_ids(cfg.extend_select.as_deref().unwrap_or_default())?;
        for ids in cfg.per_file_ignores.iter().flat_map(|m| m.values()) {
            check_ids(ids)?;
        }
        let in_unit = |v: Option<f64>, key: &str| match v {
            Some(x) if !(0.0..=1.0).contains(&x) => Err(ConfigError {
                line: text
                    .lines()
                    .position(|l| l.trim_start().starts_with(key))
                    .map(|i| i + 1),
                message: format!("{key} must be between 0 and 1, got {x}"),
            }),
            _ => Ok(()),
        };
        let rules = cfg.rule.clone().unwrap_or_default();
        in_unit(
            rules.repeated_headline.and_then(|h| h.similarity),
            "similarity",
        )?;
        in_unit(
            rules.repeated_paragraph.and_then(|p| p.max_removal_share),
            "max-removal-share",
        )?;
        if rules.site_boilerplate.and_then(|b| b.source_level) == Some(0) {
            return Err(ConfigError {
                line: text
                    .lines()
                    .position(|l| l.trim_start().starts_with("source-level"))
                    .map(|i| i + 1),
                message: "source-level counts folders above a file, from 1 (its parent \
                          folder); got 0"
                    .to_string(),
            });
        }
        Ok(())
    }

    /// Apply these settings on top of `config`.
    pub fn apply(&self, config: &mut Config) {
        let ids = |v: &[String]| -> Vec<crate::Rule> {
            v.iter()
                .filter_map(|id| crate::Rule::matching(id))
                .flatten()
                .collect()
        };
        if let Some(select) = &self.select {
            config.select_only(&ids(select));
        }
        for r in ids(self.extend_select.as_deref().unwrap_or_default()) {
            config.disabled.retain(|d| *d != r);
            config.selected.push(r);
        }
        for r in ids(self.ignore.as_deref().unwrap_or_default()) {
            if !config.disabled.contains(&r) {
                config.disabled.push(r);
            }
        }
        if let Some(a) = &self.allow_repeat {
            config.allow_repeat.extend(a.iter().cloned());
        }
        let Some(rules) = &self.rule else { return };
        if let Some(b) = &rules.site_boilerplate {
            if let Some(n) = b.min_articles {
                config.boilerplate_min_articles = n;
            }
            if let Some(x) = b.min_share {
                config.boilerplate_min_share = x;
            }
            if let Some(n) = b.source_level {
                config.source_level = n;
            }
        }
        if let Some(style) = rules.quotes.as_ref().and_then(|q| q.style) {
            config.quote_style = style;
        }
        if let Some(s) = rules.repeated_headline.as_ref().and_then(|h| h.similarity) {
            config.headline_similarity = s;
        }
        if let Some(t) = rules.site_tag.as_ref().and_then(|t| t.tags.clone()) {
            config.site_tags.extend(t);
        }
        if let Some(c) = rules
            .repeated_caption
            .as_ref()
            .and_then(|c| c.credits.clone())
        {
            config.extra_credits.extend(c);
        }
        if let Some(p) = &rules.repeated_paragraph {
            if let Some(v) = p.min_words_adjacent {
                config.paragraph_min_words_adjacent = v;
            }
            if let Some(v) = p.min_chars {
                config.paragraph_min_chars_distant = v;
            }
            if let Some(v) = p.max_removal_share {
                config.max_body_removal_share = v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_its_line() {
        let err = FileConfig::parse("select = [\"all\"]\nsite-tags = [\"TT\"]\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("unknown field"), "{err}");
    }

    #[test]
    fn unknown_rule_names_its_line() {
        let err =
            FileConfig::parse("ignore = [\n  \"nfc\",\n  \"no-such-rule\",\n]\n").unwrap_err();
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn options_apply() {
        let cfg = FileConfig::parse(
            "ignore = [\"nfc\"]\n[rule.site-tag]\ntags = [\"TT\"]\n[rule.repeated-headline]\nsimilarity = 0.8\n",
        )
        .unwrap();
        let mut c = Config::default();
        cfg.apply(&mut c);
        assert!(!c.enabled(crate::Rule::Nfc));
        assert_eq!(c.site_tags, ["TT"]);
        assert_eq!(c.headline_similarity, 0.8);
    }

    #[test]
    fn out_of_range_similarity_is_refused() {
        let err = FileConfig::parse("[rule.repeated-headline]\nsimilarity = 1.5\n").unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
