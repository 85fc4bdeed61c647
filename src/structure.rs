//! The parts of each cleaned article, for publishing systems: `clean
//! --format json|markdown`, `--split-articles`, and `--structure` in JSONL.
//!
//! The parts are read off the cleaned text with the line model
//! ([`crate::lines`]): the headline is the first line when it is shaped like
//! one; in the header (before the first body paragraph) a byline, a dateline
//! and a standfirst (a sentence that is none of those) are picked out;
//! captions are lines with a photo credit, the credit split off when it has a
//! shape of its own (`(AP Photo/Name)`, `Photo: Name/Agency`); everything else
//! is the body, paragraph by paragraph. The lines cleaning removed from the
//! article are listed with their rule and reason. The schema is
//! `article.schema.json`, derived from these types.

use schemars::JsonSchema;
use serde::Serialize;

use crate::lines::{
    has_photo_credit, is_body_paragraph, is_byline_like, is_dateline, is_headline_like,
};
use crate::text::{ends_like_sentence, has_digit, word_units_upto};
use crate::{Action, Cleaned};

/// The articles of one cleaned file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Structured {
    /// The articles, in order.
    pub articles: Vec<ArticleParts>,
}

/// One article's parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ArticleParts {
    /// The headline, when the article opens with a line shaped like one.
    pub headline: Option<String>,
    /// The standfirst: a sentence under the headline, before the body.
    pub standfirst: Option<String>,
    /// The byline (`By Jane Doe`).
    pub byline: Option<String>,
    /// The dateline or the date line (`OSLO (NTB):`, `June 14, 2026`).
    pub dateline: Option<String>,
    /// Photo captions, in order.
    pub captions: Vec<Caption>,
    /// The body, a paragraph an entry.
    pub body: Vec<String>,
    /// The lines cleaning removed from this article.
    pub removed: Vec<RemovedLine>,
}

/// A photo caption.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Caption {
    /// The caption without its credit.
    pub text: String,
    /// The credit (`AP Photo/Jane Doe`, `Reuters`), when it has a shape of
    /// its own.
    pub credit: Option<String>,
}

/// A line removed from the article.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RemovedLine {
    /// 1-based input line.
    pub line: usize,
    /// The rule that removed it.
    pub rule: String,
    /// The line's text.
    pub text: String,
    /// Why.
    pub reason: String,
}

/// Split a caption from its credit: a final parenthesis holding a credit
/// (`(AP Photo/Jane Doe)`, `(Reuters)`), or a `Photo:` / `Photo by` part.
pub fn split_credit(line: &str) -> Caption {
    let t = line.trim();
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && has_photo_credit(&t[open..])
    {
        let text = t[..open].trim_end();
        if !text.is_empty() {
            return Caption {
                text: text.to_string(),
                credit: Some(t[open + 1..t.len() - 1].trim().to_string()),
            };
        }
    }
    for marker in ["Photo: ", "Photo by ", "Photograph: ", "Foto: "] {
        if let Some(at) = t.find(marker)
            && at > 0
        {
            return Caption {
                text: t[..at].trim_end().to_string(),
                credit: Some(t[at + marker.len()..].trim().to_string()),
            };
        }
    }
    Caption {
        text: t.to_string(),
        credit: None,
    }
}

/// A date on a line of its own: short, with a number, not a sentence.
fn is_date_line(s: &str) -> bool {
    has_digit(s) && word_units_upto(s, 7) <= 6 && !ends_like_sentence(s)
}

/// Each article's input lines and output lines, as ranges.
type Bounds = Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>;

fn bounds(cleaned: &Cleaned, out_lines: usize) -> Bounds {
    let starts: Vec<usize> = cleaned.articles_at.iter().map(|(l, _)| *l).collect();
    let n_in = cleaned.line_map.len();
    // Where each article starts in the output: the first line of it that
    // stayed (none for an article left empty).
    let firsts: Vec<Option<usize>> = starts
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            let end = starts.get(k + 1).copied().unwrap_or(n_in);
            (a..end).find_map(|i| cleaned.line_map.get(i).copied().flatten())
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            let in_end = starts.get(k + 1).copied().unwrap_or(n_in);
            let out = match firsts[k] {
                Some(s) => {
                    let e = firsts[k + 1..]
                        .iter()
                        .flatten()
                        .next()
                        .copied()
                        .unwrap_or(out_lines);
                    s.min(out_lines)..e.min(out_lines)
                }
                None => 0..0,
            };
            (a..in_end, out)
        })
        .collect()
}

/// Each article's cleaned text alone, as `--split-articles` writes it: its
/// lines, and one final newline.
pub fn article_texts(cleaned: &Cleaned) -> Vec<String> {
    let out: Vec<&str> = crate::text::split_terminated(&cleaned.output).collect();
    bounds(cleaned, out.len())
        .into_iter()
        .map(|(_, o)| {
            let lines = &out[o];
            let end = lines.len() - lines.iter().rev().take_while(|l| l.is_empty()).count();
            let mut text = lines[..end].join("\n");
            if !text.is_empty() {
                text.push('\n');
            }
            text
        })
        .collect()
}

/// The parts of each article of a cleaned file.
pub fn structure(cleaned: &Cleaned) -> Structured {
    let out: Vec<&str> = crate::text::split_terminated(&cleaned.output).collect();
    let mut articles = Vec::new();
    for (input, output) in bounds(cleaned, out.len()) {
        let lines: Vec<&str> = out[output]
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let mut parts = ArticleParts::default();
        let mut rest = &lines[..];
        if let Some((first, tail)) = rest.split_first()
            && is_headline_like(first)
            && !has_photo_credit(first)
        {
            parts.headline = Some(first.to_string());
            rest = tail;
        }
        let mut in_header = true;
        for line in rest {
            if has_photo_credit(line) {
                parts.captions.push(split_credit(line));
                continue;
            }
            if in_header && is_body_paragraph(line) {
                in_header = false;
            }
            if in_header {
                if parts.byline.is_none() && is_byline_like(line) {
                    parts.byline = Some(line.to_string());
                    continue;
                }
                if parts.dateline.is_none() && (is_dateline(line) || is_date_line(line)) {
                    parts.dateline = Some(line.to_string());
                    continue;
                }
                if parts.standfirst.is_none() && parts.body.is_empty() && ends_like_sentence(line) {
                    parts.standfirst = Some(line.to_string());
                    continue;
                }
            }
            parts.body.push(line.to_string());
        }
        parts.removed = cleaned
            .changes
            .iter()
            .filter(|c| c.action == Action::Removed && input.contains(&c.line))
            .map(|c| RemovedLine {
                line: c.line + 1,
                rule: c.rule.id().to_string(),
                text: c.text.clone(),
                reason: c.reason.clone(),
            })
            .collect();
        articles.push(parts);
    }
    Structured { articles }
}

/// An article as Markdown: the headline as `#`, the standfirst in bold, the
/// byline and dateline as lines, captions in italics with their credit.
pub fn to_markdown(article: &ArticleParts) -> String {
    let mut s = String::new();
    let para = |s: &mut String, text: &str| {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(text);
        s.push('\n');
    };
    if let Some(h) = &article.headline {
        para(&mut s, &format!("# {h}"));
    }
    if let Some(t) = &article.standfirst {
        para(&mut s, &format!("**{t}**"));
    }
    let meta: Vec<&str> = [&article.byline, &article.dateline]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !meta.is_empty() {
        para(&mut s, &meta.join("  \n"));
    }
    for c in &article.captions {
        match &c.credit {
            Some(credit) => para(&mut s, &format!("*{}* ({credit})", c.text)),
            None => para(&mut s, &format!("*{}*", c.text)),
        }
    }
    for p in &article.body {
        para(&mut s, p);
    }
    s
}

/// Every article of a file as Markdown, articles apart by a rule.
pub fn markdown(structured: &Structured) -> String {
    structured
        .articles
        .iter()
        .map(to_markdown)
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

/// The JSON Schema of [`Structured`] (`article.schema.json`).
pub fn schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(
        schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<Structured>(),
    )
    .expect("a schema is JSON");
    schema["$id"] = "https://github.com/copydesk/copydesk/article.schema.json".into();
    schema["title"] = "copydesk articles (clean --format json)".into();
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_off_when_they_have_a_shape() {
        assert_eq!(
            split_credit("The harbour at dawn. (AP Photo/Jane Doe)"),
            Caption {
                text: "The harbour at dawn.".into(),
                credit: Some("AP Photo/Jane Doe".into())
            }
        );
        assert_eq!(
            split_credit("Crews at the quay on Monday. Photo: Ola Berg/NTB"),
            Caption {
                text: "Crews at the quay on Monday.".into(),
                credit: Some("Ola Berg/NTB".into())
            }
        );
        assert_eq!(split_credit("A quiet morning.").credit, None);
    }

    #[test]
    fn two_articles_are_split_into_their_parts() {
        let text = "Ferry fares rise again\n\nBy Maren Lindqvist\nJune 14, 2026\n\nThe island ferry costs a fifth more from March.\n\nThe quay at dawn. (AP Photo/Jane Doe)\n\nResidents of the three islands will pay a fifth more for a return crossing from March, the operator said on Thursday, after two years of losses.\n\n\nLibrary opens late\n\nThe reading rooms stay open until midnight on weekdays during the exam season, the council said, after students asked for more space.\n";
        let cleaned = crate::process(text.as_bytes(), &crate::Config::default()).unwrap();
        let s = structure(&cleaned);
        assert_eq!(s.articles.len(), 2, "{s:#?}");
        let a = &s.articles[0];
        assert_eq!(a.headline.as_deref(), Some("Ferry fares rise again"));
        assert_eq!(a.byline.as_deref(), Some("By Maren Lindqvist"));
        assert_eq!(a.dateline.as_deref(), Some("June 14, 2026"));
        assert_eq!(
            a.standfirst.as_deref(),
            Some("The island ferry costs a fifth more from March.")
        );
        assert_eq!(a.captions[0].credit.as_deref(), Some("AP Photo/Jane Doe"));
        assert_eq!(a.body.len(), 1);
        assert_eq!(
            s.articles[1].headline.as_deref(),
            Some("Library opens late")
        );
        let md = markdown(&s);
        assert!(md.starts_with("# Ferry fares rise again\n"), "{md}");
        assert!(
            md.contains("*The quay at dawn.* (AP Photo/Jane Doe)"),
            "{md}"
        );
        assert!(md.contains("\n---\n\n# Library opens late\n"), "{md}");
    }
}
