//! copydesk cleans scraped news text before it is published.
//!
//! One file flows through five stages, each a function over plain data:
//! [`decode()`] (bytes to text), [`normalize()`] (line endings, whitespace,
//! invisible characters, NFC), [`segment()`] (articles and their header
//! regions), [`detect()`] (repeated headlines, captions, site tags and
//! paragraphs) and [`clean::apply`] (apply the changes, lay the text out). Every
//! change carries its rule, its input line and a reason. [`process`] runs them
//! all. The library never prints and never touches the file system.
//!
//! ```
//! let raw = "Haftar Meets Putin\n\nHaftar. (AP)\nHaftar. (AP)\nTT\n\nHaftar Meets Putin\n\n\
//!            The talks were the first official meeting between the two men in Moscow.\n";
//! let cleaned = copydesk::process(raw.as_bytes(), &copydesk::Config::default()).unwrap();
//! assert_eq!(
//!     cleaned.output,
//!     "Haftar Meets Putin\n\nHaftar. (AP)\n\n\
//!      The talks were the first official meeting between the two men in Moscow.\n"
//! );
//! assert_eq!(cleaned.changes.iter().filter(|c| c.rule.id() == "site-tag").count(), 1);
//! ```

mod change;
pub mod clean;
mod config;
pub mod corpus;
pub mod decode;
pub mod detect;
mod error;
pub mod lines;
pub mod markdown;
pub mod normalize;
pub mod report;
mod rule;
pub mod segment;
pub mod structure;
pub mod text;

pub use change::{Action, Change};
pub use config::{Config, ConfigError, DEFAULT_HEADLINE_SIMILARITY, FileConfig};
pub use decode::{Decoded, EncodingSource, decode};
pub use detect::detect;
pub use error::Error;
pub use normalize::normalize;
pub use rule::Rule;
pub use segment::segment;

/// One file, cleaned.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// WHATWG name of the encoding the input was read in.
    pub encoding: &'static str,
    /// How that encoding was chosen.
    pub encoding_source: EncodingSource,
    /// Some input bytes could not be decoded and became U+FFFD.
    pub lossy: bool,
    /// The encoding is certain or a well-supported guess (see [`Decoded::confident`]).
    pub encoding_confident: bool,
    /// How many articles the file holds.
    pub articles: usize,
    /// The input lines as decoded, without terminators.
    pub input_lines: text::Lines,
    /// The cleaned text (UTF-8, LF, one final newline).
    pub output: String,
    /// Every change, ordered by input line.
    pub changes: Vec<Change>,
    /// For each input line, the output line it became (`None`: removed).
    pub line_map: Vec<Option<usize>>,
    /// For each article: its first input line and, when
    /// [`Config::signatures`] is set, its duplicate-detection signature
    /// (none for an article left without text).
    pub articles_at: Vec<(usize, Option<corpus::Signature>)>,
}

/// Run the whole pipeline on the bytes of one file.
pub fn process(bytes: &[u8], config: &Config) -> Result<Cleaned, Error> {
    process_decoded(decode(bytes, config.encoding)?, config)
}

/// [`process`] for bytes the caller gives up: valid UTF-8 is cleaned without
/// a copy of the input, so a large file is not held twice.
pub fn process_owned(bytes: Vec<u8>, config: &Config) -> Result<Cleaned, Error> {
    process_decoded(decode::decode_owned(bytes, config.encoding)?, config)
}

/// [`process`] for text that is already a string (a JSON field, say): it is
/// not validated or copied again.
pub fn process_text(text: String, config: &Config) -> Result<Cleaned, Error> {
    process_decoded(decode::decode_string(text, config.encoding)?, config)
}

fn process_decoded(decoded: Decoded, config: &Config) -> Result<Cleaned, Error> {
    let mut norm = normalize::normalize_owned(decoded.text, config);
    // The normalized lines as slices, for the stages that read them all (the
    // input lines are only quoted, read from their buffer).
    let lines = norm.lines.views();
    let doc = segment::segment_protected(&lines, &|i| norm.is_protected(i));
    let keep = |c: &Change| {
        norm.markdown
            .as_ref()
            .is_none_or(|md| !md.is_suppressed(c.line, c.rule))
    };
    let mut found = detect::detect_settled(&lines, &norm.input, &doc, config, &keep, &|i| {
        norm.is_tidy(i)
    });
    // Articles dropped as duplicates of earlier ones (decided by the caller
    // over the whole run) go first, so their claim wins.
    let mut drops = Vec::new();
    for (a, reason) in &config.drop_articles {
        for &i in doc
            .articles
            .get(*a)
            .map(|a| a.lines.as_slice())
            .unwrap_or_default()
        {
            drops.push(Change::removed(
                Rule::DuplicateArticle,
                i,
                &norm.input[i],
                reason.clone(),
            ));
        }
    }
    if !drops.is_empty() {
        drops.append(&mut found);
        found = drops;
    }
    if let Some(bom) = bom_exposed(&lines, &found, config) {
        found.push(bom);
    }
    let articles_at = articles_at(&lines, &doc, &found, config.signatures);
    drop(lines);
    let applied = clean::apply(&mut norm, &doc, found, config);
    Ok(Cleaned {
        encoding: decoded.encoding,
        encoding_source: decoded.source,
        lossy: decoded.had_errors,
        encoding_confident: decoded.confident,
        articles: doc.articles.len(),
        input_lines: norm.input,
        output: applied.output,
        changes: applied.changes,
        line_map: applied.line_map,
        articles_at,
    })
}

/// A U+FEFF that opens the first line left once the lines before it are
/// removed (a logo line above the headline) opens the text: the next clean
/// would remove it as the byte order mark, so this one does. (Blank lines
/// before it count as gone when the layout drops them.)
fn bom_exposed(lines: &[&str], found: &[Change], config: &Config) -> Option<Change> {
    if !config.enabled(Rule::Bom) {
        return None;
    }
    let mut removed = text::LineSet::default();
    for c in found.iter().filter(|c| c.action == Action::Removed) {
        removed.extend(c.line..=c.last_line);
    }
    let blank_dropped = config.enabled(Rule::BlankLines);
    let first = (0..lines.len())
        .find(|&i| !(removed.contains(&i) || blank_dropped && lines[i].is_empty()))?;
    let rest = lines[first].strip_prefix('\u{feff}')?;
    // Only where lines before it are gone, and no detector rewrites it.
    if first == 0
        || found
            .iter()
            .any(|c| c.line == first && c.action != Action::Flagged)
    {
        return None;
    }
    Some(Change::changed(
        Rule::Bom,
        first,
        lines[first],
        rest.to_string(),
        "removes the byte order mark (U+FEFF) that opens the text once the lines before it \
         are gone"
            .to_string(),
    ))
}

/// Each article's first line and, when asked, its signature as cleaned (of
/// the lines that stay; see [`corpus::Signature::of_article`]).
fn articles_at(
    lines: &[&str],
    doc: &segment::Document,
    found: &[Change],
    signatures: bool,
) -> Vec<(usize, Option<corpus::Signature>)> {
    // Indexed by line: every line of every article is asked about.
    let mut removed = vec![false; if signatures { lines.len() } else { 0 }];
    for c in found.iter().filter(|c| c.action == Action::Removed) {
        if let Some(r) = removed.get_mut(c.line) {
            *r = true;
        }
    }
    let mut body: Vec<&str> = Vec::new();
    doc.articles
        .iter()
        .map(|a| {
            let sig = signatures.then(|| {
                body.clear();
                body.extend(a.lines.iter().filter(|&&i| !removed[i]).map(|&i| lines[i]));
                corpus::Signature::of_article(&body)
            });
            (a.lines[0], sig.flatten())
        })
        .collect()
}
