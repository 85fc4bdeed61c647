//! The one list of rules: ids, default state and documentation.
//!
//! Every change copydesk makes carries one of these ids. Adding a rule means
//! adding a variant here, a line in [`Rule::ALL`] and its documentation; the
//! `copydesk rules` command and the report read from this list only.

use std::fmt;

/// A rule: one kind of change copydesk can make to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A later copy of the article's headline, or the headline with a site decoration.
    RepeatedHeadline,
    /// A repeated photo caption or a repeated line of the header block.
    RepeatedCaption,
    /// The site's logo text alone on a line in the header region.
    SiteTag,
    /// A body paragraph the scraper printed twice.
    RepeatedParagraph,
    /// A byte order mark at the start of the file.
    Bom,
    /// CRLF or CR line endings.
    LineEnding,
    /// Whitespace at the end of a line.
    TrailingWhitespace,
    /// Leading whitespace, tabs, no-break and other Unicode spaces, runs of spaces.
    Whitespace,
    /// Zero-width and other invisible characters.
    InvisibleChar,
    /// Stray control characters.
    ControlChar,
    /// Text not in Unicode Normalization Form C.
    Nfc,
    /// Blank lines at the start or end, or more than one between paragraphs.
    BlankLines,
    /// A missing newline at the end of the file.
    FinalNewline,
    /// UTF-8 text that was decoded through a single-byte code page.
    Mojibake,
    /// HTML character references (`&amp;`, `&#8217;`).
    HtmlEntity,
    /// Quote style (off by default).
    Quotes,
    /// `--` and spaced hyphens as dashes (off by default).
    Dashes,
    /// `...` as `…` (off by default).
    Ellipsis,
    /// Presentation ligatures such as `ﬁ` (off by default).
    Ligatures,
    /// Full-width ASCII forms (off by default).
    Fullwidth,
    /// Short lines learned to be a site's boilerplate across its articles.
    SiteBoilerplate,
    /// An article that repeats an earlier article of the corpus.
    DuplicateArticle,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 22] = [
        Rule::RepeatedHeadline,
        Rule::RepeatedCaption,
        Rule::SiteTag,
        Rule::RepeatedParagraph,
        Rule::SiteBoilerplate,
        Rule::DuplicateArticle,
        Rule::Bom,
        Rule::Mojibake,
        Rule::HtmlEntity,
        Rule::LineEnding,
        Rule::TrailingWhitespace,
        Rule::Whitespace,
        Rule::InvisibleChar,
        Rule::ControlChar,
        Rule::Nfc,
        Rule::BlankLines,
        Rule::FinalNewline,
        Rule::Quotes,
        Rule::Dashes,
        Rule::Ellipsis,
        Rule::Ligatures,
        Rule::Fullwidth,
    ];

    /// The kebab-case id used in reports and configuration.
    pub fn id(self) -> &'static str {
        match self {
            Rule::RepeatedHeadline => "repeated-headline",
            Rule::RepeatedCaption => "repeated-caption",
            Rule::SiteTag => "site-tag",
            Rule::RepeatedParagraph => "repeated-paragraph",
            Rule::Bom => "bom",
            Rule::LineEnding => "line-ending",
            Rule::TrailingWhitespace => "trailing-whitespace",
            Rule::Whitespace => "whitespace",
            Rule::InvisibleChar => "invisible-char",
            Rule::ControlChar => "control-char",
            Rule::Nfc => "nfc",
            Rule::BlankLines => "blank-lines",
            Rule::FinalNewline => "final-newline",
            Rule::Mojibake => "mojibake",
            Rule::HtmlEntity => "html-entity",
            Rule::Quotes => "quotes",
            Rule::Dashes => "dashes",
            Rule::Ellipsis => "ellipsis",
            Rule::Ligatures => "ligatures",
            Rule::Fullwidth => "fullwidth",
            Rule::SiteBoilerplate => "site-boilerplate",
            Rule::DuplicateArticle => "duplicate-article",
        }
    }

    /// Look a rule up by its id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// The rules a name in `select`, `extend-select` or `ignore` stands for:
    /// its rule, or every rule for `all` (also spelt `ALL`, as in ruff).
    pub fn matching(name: &str) -> Option<Vec<Rule>> {
        if name.eq_ignore_ascii_case("all") {
            Some(Rule::ALL.to_vec())
        } else {
            Rule::from_id(name).map(|r| vec![r])
        }
    }

    /// Does the rule act on body text, where its verdict can depend on
    /// neighbouring lines that other rules remove?
    pub fn is_body_rule(self) -> bool {
        matches!(
            self,
            Rule::RepeatedCaption
                | Rule::RepeatedParagraph
                | Rule::SiteBoilerplate
                | Rule::DuplicateArticle
        )
    }

    /// Is the rule one of the typography rules (off by default; they run
    /// last in normalization)?
    pub fn is_typography(self) -> bool {
        matches!(
            self,
            Rule::Quotes | Rule::Dashes | Rule::Ellipsis | Rule::Ligatures | Rule::Fullwidth
        )
    }

    /// Is the rule on when nothing says otherwise? All but typography.
    pub fn default_enabled(self) -> bool {
        !self.is_typography()
    }

    /// One paragraph: what the rule detects, why, an example, known false positives.
    pub fn doc(self) -> &'static str {
        match self {
            Rule::RepeatedHeadline => {
                "Finds later copies of an article's headline: exact, equal after folding case, \
                 whitespace, quotes, dashes and a Markdown heading mark (`# Title`), or nearly equal \
                 (similarity at least 0.9) in the \
                 header region; an image alt text that repeats a long headline anywhere in the \
                 article counts too. The first position is kept. When one copy carries a site \
                 decoration ('Title | Site', 'Site: Title', 'Title - Site') and another does not, \
                 the undecorated wording takes the first position. Example: 'Haftar Meets Putin \
                 | Reuters' ... 'Haftar Meets Putin' becomes 'Haftar Meets Putin' once. Known \
                 false positives: a short headline (under four words) is only matched in the \
                 header region, so a one-word table cell equal to it stays; a decoration is only \
                 stripped when its pieces look like names, so 'Brexit: what comes next' keeps \
                 its subtitle."
            }
            Rule::RepeatedCaption => {
                "Finds photo captions printed more than once by the scraper: an adjacent copy of \
                 a caption (a line with a photo credit such as (AP), (Reuters), Getty Images, \
                 Photo: ...), a copy of a captioned line inside the header region, and later \
                 copies of any line of a header block that the page printed twice (headline, \
                 caption, headline again, caption again). The first copy is kept. A caption \
                 repeated far away in the body may sit under a second photo, so it is only \
                 flagged for review. Known false positives: two photos with the same caption \
                 printed next to each other."
            }
            Rule::SiteTag => {
                "Finds the site's logo text alone on a line in the header region, such as 'TT', \
                 'BBC logo' or 'Times Online'. Evidence: it is listed with --site-tag; or it \
                 names the site that decorates the headline ('... | Reuters' with 'Reuters' \
                 alone on a line); or it sits between the headline and the headline's copy, \
                 is cased like a name or written as one lower-case token of six characters or \
                 more ('harbourwatch'; a line in a script without case never counts), and is \
                 short, has no digits and is not a sentence, byline, date, caption, \
                 dateline or label (a line ending in a colon or a dash: 'Update:', 'NEW YORK \
                 (AP) —'), among lines of the header only (a sentence of text there, not a \
                 caption, keeps the lines around it); or it \
                 stands before the headline and is shaped like a logo (a domain, 'X logo', a news \
                 agency's name). Letters inside a sentence ('the English edition of RT') are \
                 never touched. Known false positives: a one- or two-word kicker between two \
                 copies of the headline, with nothing else between them but labels, captions \
                 and logos."
            }
            Rule::RepeatedParagraph => {
                "Finds a body paragraph printed twice: an exact copy (after whitespace \
                 normalization) directly after the first, of at least ten words, is removed \
                 (the first copy is kept); an exact copy of at least 150 characters further \
                 down the article is flagged for review, not removed, since a paragraph \
                 repeated far from its first copy is often meant. Short repeats (a refrain, a chant, a '___' separator, a table header) \
                 stay. If the rule would remove more than a third of an article's body lines, it \
                 removes nothing there and the article is flagged for review (a list or a Q&A \
                 can repeat lines on purpose)."
            }
            Rule::Bom => "Removes a byte order mark (U+FEFF) at the start of the file.",
            Rule::LineEnding => {
                "Turns CRLF and lone CR line endings into LF. Off, each line keeps its own ending, \
                 but for a lone CR before a line left empty: CR then LF would read as one \
                 ending and join the two lines, so it is written CR LF, and reported."
            }
            Rule::TrailingWhitespace => {
                "Removes spaces, tabs and other whitespace at the end of a line."
            }
            Rule::Whitespace => {
                "Removes whitespace at the start of a line, turns tabs, no-break spaces and other \
                 Unicode spaces into a plain space and collapses runs of spaces into one. An \
                 ideographic space (U+3000) inside a line is left alone."
            }
            Rule::InvisibleChar => {
                "Removes zero-width spaces, word joiners, soft hyphens and stray byte order \
                 marks. Zero-width joiners and non-joiners between two letters or symbols are \
                 kept: Persian, Indic scripts and emoji sequences need them. Directional marks \
                 are kept."
            }
            Rule::ControlChar => {
                "Removes C0 control characters other than tab and newline. A C1 control \
                 character (U+0080 to U+009F) is almost always a Windows-1252 byte read as \
                 Latin-1, so it is replaced with the Windows-1252 character (U+0092 becomes ’)."
            }
            Rule::Nfc => "Rewrites a line in Unicode Normalization Form C (composed characters).",
            Rule::BlankLines => {
                "Keeps one blank line between paragraphs and two between articles, and none at \
                 the start or end of the file. Off, every blank line stays."
            }
            Rule::FinalNewline => {
                "Ends the file with a newline. Off, a file that ends without one still does."
            }
            Rule::Mojibake => {
                "Repairs text that was UTF-8 but was decoded through a single-byte code page, \
                 up to three times: Windows-1252 or Latin-1 ('Libyaâ€™s' becomes 'Libya’s', \
                 'Ã©lection' becomes 'élection', 'Published:Â Friday' loses its stray 'Â'), \
                 Windows-1251 ('РџСЂРёРІРµС‚' becomes 'Привет'), Windows-1250, ISO-8859-2, \
                 Windows-1253 to 1258, MacRoman ('imm√©diat'), code pages 437 \
                 ('caf├⌐') and 866. A line that reads back as UTF-8 through one code page is \
                 repaired whole, when the result is shorter, in one script and not odd; \
                 otherwise Windows-1252 sequences are repaired one by one, and another code \
                 page's runs word by word, on strong evidence only. Correct text in \
                 any script, including capitals such as 'SÃO PAULO', comes through \
                 unchanged. The reason names the code page and the layers. A byte already lost \
                 (U+FFFD, or a '?' ending a three-byte sequence such as 'â€?') stays one U+FFFD \
                 in its character. CESU-8 surrogate halves become the character. A mangled \
                 sequence with too little evidence is left alone and flagged; its no-break \
                 space, soft hyphen or C1 control is kept by the whitespace, invisible-char \
                 and control-char rules, so that it can still be repaired."
            }
            Rule::HtmlEntity => {
                "Decodes HTML character references left in the text: named ('&amp;', '&eacute;'), \
                 decimal ('&#8217;') and hex ('&#x2019;'), and the legacy names without ';' when \
                 a space or punctuation follows ('&copy 2007'). One layer only: '&amp;amp;' \
                 becomes '&amp;'. Text that merely contains '&' ('AT&T', 'R&D', 'Barnes&noble') \
                 is left alone. Known issue: doubly escaped text loses one layer per run."
            }
            Rule::Quotes => {
                "Off by default. Rewrites quotes in one style: 'straight' (the default style) \
                 turns ‘ ’ “ ” into ' and \"; 'curly' turns ' and \" into curly quotes, \
                 opening after a space or bracket. Set the style with [rule.quotes] style. Known \
                 false positives: curly mode cannot tell an apostrophe at the start of a word \
                 ('’90s') from an opening quote."
            }
            Rule::Dashes => {
                "Off by default. Writes '--' as an em dash (—) and a hyphen between spaces as an \
                 en dash (–). Hyphenated words are left alone."
            }
            Rule::Ellipsis => "Off by default. Writes '...' as one ellipsis character (…).",
            Rule::Ligatures => {
                "Off by default. Spells out presentation ligatures from PDFs and old fonts: \
                 ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ become fi, fl, ff, ffi, ffl, st."
            }
            Rule::SiteBoilerplate => {
                "Removes short lines that a run (or a profile from `copydesk learn`) found in at \
                 least max(3, 5%) of one source's articles: 'TT', 'Advertisement', 'Share this \
                 article', 'Most read'. The source is the file's directory (or, with \
                 --source-level N or source-level = N, the folder N steps up: 2 for \
                 crawl/SITE/2024/a.txt), or --source-field in JSONL. The articles must include three that are not copies of one another (by \
                 their body paragraphs), so that a story saved three times does not lose its own \
                 short sentences. Only lines in the header (before the first body paragraph) or the footer \
                 (after the last) are removed, each with its frequency ('appears in 812 of 1000 \
                 articles from example.com'); a frequent line between body paragraphs is flagged, \
                 and so is a line that reads as a sentence but is in under a fifth of the \
                 source's articles (a background sentence that follow-up stories repeat), or \
                 one shaped like a person's name in under half of them (a staff writer's name \
                 under the headline). \
                 Lines with digits are never counted, nor datelines, bylines, credits ('The \
                 Associated Press contributed to this report.') or editor's notes ('This story has \
                 been corrected.'). Known false positives: a standard sign-off \
                 that a site wants to keep; list it in allow-repeat. Known misses: a logo or a \
                 section label shaped like a name ('Coastal Herald', 'World News') in under half \
                 of a source's articles (a folder that mixes several sites, one section among \
                 many) is only flagged."
            }
            Rule::DuplicateArticle => {
                "Reports an article that repeats an earlier one in the run: the same body after \
                 normalization, or a near copy (MinHash over five-word shingles, or five-character \
                 shingles for text without spaces; estimated Jaccard at least 0.8). A body of \
                 fewer than 20 words is compared with its headline, so that headline-only \
                 articles are copies only of the same headline. The first copy \
                 in sorted path or stream order is named. Reported only, unless \
                 --drop-duplicate-articles removes the later copies that are beyond doubt (exact, \
                 or estimated over the threshold by two standard errors). Known limits: a near \
                 copy is found with a probability of about its similarity (one LSH band, to keep \
                 the index at about 32 bytes an article), and the estimate is within about 0.15 \
                 near 0.8, so some reported near copies are under the threshold."
            }
            Rule::Fullwidth => {
                "Off by default. Turns full-width ASCII forms (U+FF01 to U+FF5E, as in 'ＡＢＣ１２３') \
                 into ASCII. Other CJK punctuation is left alone."
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
