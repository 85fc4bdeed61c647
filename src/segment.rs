//! Normalized lines to articles.
//!
//! Takes the normalized lines of a file and returns a [`Document`]: the articles,
//! each with its non-blank lines and the extent of its header region (the lines
//! before the first body paragraph). What a line is (headline-like, a body
//! paragraph) is decided in [`crate::lines`].
//!
//! An article boundary is a run of two or more blank lines followed by a line
//! shaped like a headline. A lone run of blank lines inside an article (a common
//! scraper artifact) is not a boundary when the next line reads like body text.

use crate::lines::{Facts, is_headline_like};

/// How many non-blank lines at most the header region spans.
pub const MAX_HEADER_LINES: usize = 12;

/// One file, split into articles.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The articles in file order.
    pub articles: Vec<Article>,
    /// Which lines are body paragraphs, as asked.
    pub body: Facts,
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
    let body = Facts::new(lines.len());
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
pub fn finish<S: AsRef<str>>(article_lines: Vec<usize>, lines: &[S], body: &Facts) -> Article {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
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
}
