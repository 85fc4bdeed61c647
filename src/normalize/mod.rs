//! Line splitting and per-line normalization.
//!
//! Takes decoded text and returns [`Normalized`]: the input lines as they were
//! (without line terminators), the normalized lines, and one [`Change`] for every
//! repair, in the order the repairs ran. Each family of repairs lives in its own
//! file and is a rule of its own. Quotes, dashes and wording are never touched
//! here; layout (blank lines, final newline) is decided later, in `clean`.

mod chars;
mod codecs;
mod mojibake;
mod typography;

use std::borrow::Cow;

use crate::text::{Lines, has_zero_byte, is_clean_block, splat};
use crate::{Change, Config, Rule};

pub use chars::{is_invisible, is_unicode_space};
pub use mojibake::repair as repair_mojibake;
pub use typography::{QuoteStyle, fullwidth_as_ascii};

/// The result of normalizing one file's text.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The input lines, untouched, without their terminators.
    pub input: Lines,
    /// The same lines after normalization (same count, same order).
    pub lines: Lines,
    /// Every repair made, in order.
    pub changes: Vec<Change>,
    /// The input did not end with a line terminator.
    pub missing_final_newline: bool,
    /// Markdown structure, when the input is Markdown: protected lines are
    /// copied through untouched.
    pub markdown: Option<crate::markdown::Markdown>,
    /// The whitespace and control-character rules ran (see [`Normalized::is_tidy`]).
    pub spaces_fixed: bool,
    /// Each input line's terminator, kept when the `line-ending` rule is off
    /// and the text has CR or CRLF endings (otherwise every line ends in LF).
    pub endings: Option<Vec<Ending>>,
    /// Lines (ascending) whose normalized text keeps a no-break space, soft
    /// hyphen or C1 control inside a mangled sequence left for review (see
    /// [`Normalized::is_tidy`]).
    pub kept_fragile: Vec<usize>,
}

/// How an input line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
    /// `\r` alone.
    Cr,
    /// Nothing: the last line of a text without a final newline.
    None,
}

impl Ending {
    /// The terminator's text (empty for [`Ending::None`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Lf => "\n",
            Ending::CrLf => "\r\n",
            Ending::Cr => "\r",
            Ending::None => "",
        }
    }
}

impl Normalized {
    /// The terminator to write after input line `i` in the output: LF,
    /// unless the `line-ending` rule is off, when it is the line's own (for
    /// a last line that had none, the one before it).
    pub fn ending_after(&self, i: usize) -> &'static str {
        let Some(endings) = &self.endings else {
            return "\n";
        };
        let own = |k: usize| endings.get(k).copied().unwrap_or(Ending::None);
        match own(i) {
            Ending::None => match i.checked_sub(1).map(own) {
                Some(e @ (Ending::CrLf | Ending::Cr)) => e.as_str(),
                _ => "\n",
            },
            e => e.as_str(),
        }
    }

    /// Is line `i` protected (Markdown front matter, code, HTML comment)?
    pub fn is_protected(&self, i: usize) -> bool {
        self.markdown.as_ref().is_some_and(|m| m.protected[i])
    }

    /// Is normalized line `i` tidy: no whitespace but single ASCII spaces
    /// between other characters? Every normalized line is when the
    /// whitespace and control-character rules ran, but protected lines and
    /// lines a comment switched rules off on (left as they were), and lines
    /// that keep a fragile character inside a mangled sequence for review
    /// (`kept_fragile`). (No later rule adds whitespace.)
    pub fn is_tidy(&self, i: usize) -> bool {
        self.spaces_fixed
            && !self.is_protected(i)
            && self.kept_fragile.binary_search(&i).is_err()
            && self
                .markdown
                .as_ref()
                .is_none_or(|m| m.suppressions(i).is_empty())
    }
}

/// Split `text` into lines and normalize each one with every rule on.
pub fn normalize(text: &str) -> Normalized {
    normalize_with(text, &Config::default())
}

/// Split `text` into lines and normalize each one with the rules `config` enables.
pub fn normalize_with(text: &str, config: &Config) -> Normalized {
    normalize_owned(text.to_string(), config)
}

/// [`normalize_with`], keeping `text` as the input lines instead of copying it.
pub fn normalize_owned(text: String, config: &Config) -> Normalized {
    let (spans, crlf, cr, missing_final_newline) = split_lines(&text);
    let first_cr = (crlf + cr > 0).then(|| first_line_with_cr(&text));
    let endings = (crlf + cr > 0 && !config.enabled(Rule::LineEnding)).then(|| {
        let b = text.as_bytes();
        spans
            .iter()
            .map(|&(_, end)| match (b.get(end), b.get(end + 1)) {
                (Some(b'\r'), Some(b'\n')) => Ending::CrLf,
                (Some(b'\r'), _) => Ending::Cr,
                (Some(_), _) => Ending::Lf,
                (None, _) => Ending::None,
            })
            .collect()
    });
    let input = Lines::from_spans(text, spans);
    let mut out = Normalized {
        missing_final_newline,
        endings,
        spaces_fixed: [
            Rule::Whitespace,
            Rule::TrailingWhitespace,
            Rule::ControlChar,
        ]
        .into_iter()
        .all(|r| config.enabled(r)),
        ..Normalized::default()
    };
    if crlf + cr > 0 && config.enabled(Rule::LineEnding) {
        let first = first_cr.unwrap_or(0);
        let what = match (crlf, cr) {
            (n, 0) => format!("converts {n} CRLF line ending{} to LF", plural(n)),
            (0, n) => format!("converts {n} CR line ending{} to LF", plural(n)),
            (a, b) => format!("converts {a} CRLF and {b} CR line endings to LF"),
        };
        let line_text = input.get(first).unwrap_or_default();
        out.changes.push(Change::changed(
            Rule::LineEnding,
            first,
            line_text,
            line_text.to_string(),
            what,
        ));
    }
    if config.markdown {
        out.markdown = Some(crate::markdown::analyze(&input.views()));
    }
    // A line that normalization leaves as it is (or trims) stays a span of
    // the input's text: only rewritten lines are copied.
    let mut lines = Lines::sharing(&input, input.len());
    // The text starts at its first line that normalization leaves non-blank:
    // the layout drops blank lines before it (unless blank-lines is off), so
    // a U+FEFF that opens it is the byte order mark, on this run as on the
    // next.
    let mut at_start = true;
    for (idx, line) in input.iter().enumerate() {
        let first = idx == 0 || (at_start && config.enabled(Rule::BlankLines));
        // A `copydesk-disable-next-line` comment keeps its rules (or, without
        // one, every rule) off the next line: those repairs are neither made
        // nor reported there.
        let off = out
            .markdown
            .as_ref()
            .map_or(&[][..], |m| m.suppressions(idx));
        let normalized = if out.is_protected(idx) || off.iter().any(|(_, r)| r.is_none()) {
            Cow::Borrowed(line)
        } else if off.is_empty() {
            normalize_line(idx, first, line, config, &mut out.changes)
        } else {
            let mut c = config.clone();
            c.disabled.extend(off.iter().filter_map(|&(_, r)| r));
            normalize_line(idx, first, line, &c, &mut out.changes)
        };
        at_start &= normalized.is_empty() && !out.is_protected(idx);
        if !normalized.is_ascii() && !codecs::kept_fragile(&normalized).is_empty() {
            out.kept_fragile.push(idx);
        }
        lines.push(&normalized);
    }
    out.lines = lines;
    out.input = input;
    out
}

/// One line as normalization leaves it (changes not logged): for callers
/// that need the text only, such as boilerplate learning.
pub fn normalize_one<'a>(line: &'a str, config: &Config) -> Cow<'a, str> {
    let mut sink = Vec::new();
    normalize_line(1, false, line, config, &mut sink)
}

/// A repair step: (does the line open the text, settings, line) to the
/// repaired line and a reason.
type Step = fn(bool, &Config, &str) -> Option<(String, String)>;

/// The per-line repairs, in the order they run: decoding repairs first (so
/// that later rules see real characters), layout of spaces next, typography
/// last. NFC runs twice: before mojibake, and after the repairs that can
/// produce decomposed text.
const STEPS: [(Rule, Step); 14] = [
    (Rule::Bom, |first, _, s| chars::strip_bom(first, s)),
    (Rule::HtmlEntity, |_, _, s| chars::decode_entities(s)),
    // NFC before mojibake too: a decomposed `â` (a + U+0302) would hide `â€™`
    // from the repair on this run and show it on the next.
    (Rule::Nfc, |first, _, s| chars::to_nfc(first, s)),
    (Rule::Mojibake, |_, _, s| chars::fix_mojibake(s)),
    (Rule::ControlChar, |first, _, s| {
        chars::fix_controls(first, s)
    }),
    (Rule::InvisibleChar, |first, _, s| {
        chars::strip_invisible(first, s)
    }),
    (Rule::TrailingWhitespace, |first, _, s| {
        chars::strip_trailing(first, s)
    }),
    (Rule::Whitespace, |first, _, s| chars::fix_spaces(first, s)),
    (Rule::Nfc, |first, _, s| chars::to_nfc(first, s)),
    (Rule::Quotes, |_, c, s| typography::quotes(s, c.quote_style)),
    (Rule::Dashes, |_, _, s| typography::dashes(s)),
    (Rule::Ellipsis, |_, _, s| typography::ellipsis(s)),
    (Rule::Ligatures, |_, _, s| typography::ligatures(s)),
    (Rule::Fullwidth, |_, _, s| typography::fullwidth(s)),
];

/// Normalize one line, logging a change per rule that altered it. One scan of
/// the line says which rules could have work; only those run, and the scan is
/// repeated only after a rule changed the line.
fn normalize_line<'a>(
    idx: usize,
    first: bool,
    line: &'a str,
    config: &Config,
    changes: &mut Vec<Change>,
) -> Cow<'a, str> {
    if is_clean_ascii(line) && !needs_ascii_rules(line, config) {
        return Cow::Borrowed(line);
    }
    let mut cur = Cow::Borrowed(line);
    // One step can make work for an earlier one: taking a control or an
    // invisible character out from between two bytes of a mangled letter
    // makes mojibake (which is repaired first because such characters can be
    // bytes of one), and the typography rules, which run last, can make a
    // pair NFC composes (a ligature or a full-width letter spelt out before
    // a combining accent) or work for each other. Then the steps run again,
    // until a round makes no such change, so that the next run finds nothing
    // to do. HTML entities are the exception: they are decoded one layer per
    // run, on purpose (`&amp;amp;` in an article about HTML becomes
    // `&amp;`), so only the first round decodes them.
    for round in 0..MAX_ROUNDS {
        let mut work = scan(&cur, first);
        let (mut joined, mut typography) = (false, false);
        // NFC runs twice; the second run is skipped when the line has not
        // changed since the first found it in NFC already (the step is a
        // function of the line alone).
        let mut nfc_already = false;
        for (rule, step) in STEPS {
            if !work.might(rule)
                || !config.enabled(rule)
                || (rule == Rule::Nfc && nfc_already)
                || (rule == Rule::HtmlEntity && round > 0)
            {
                continue;
            }
            let result = step(first, config, &cur);
            nfc_already = match (&result, rule) {
                (None, Rule::Nfc) => true,
                (None, _) => nfc_already,
                (Some(_), _) => false,
            };
            if let Some((next, reason)) = result {
                joined |= matches!(rule, Rule::ControlChar | Rule::InvisibleChar);
                typography |= rule.is_typography();
                changes.push(Change::changed(rule, idx, &cur, next.clone(), reason));
                cur = Cow::Owned(next);
                // Removing and collapsing spaces gives later rules nothing
                // new to do (the flags they read can only have been
                // cleared), so the scan is repeated only after other rules.
                if !matches!(rule, Rule::TrailingWhitespace | Rule::Whitespace) {
                    work = scan(&cur, first);
                }
            }
        }
        // A byte order mark behind whitespace or a control character that a
        // later step took away now opens the text: the `bom` step's work.
        let bom_exposed = first && config.enabled(Rule::Bom) && cur.starts_with('\u{feff}');
        if !(typography || bom_exposed || joined && work.mojibake && config.enabled(Rule::Mojibake))
        {
            break;
        }
    }
    if config.enabled(Rule::Mojibake) {
        flag_unresolved(idx, &cur, changes);
    }
    cur
}

/// Flag each mangled sequence the later rules left alone for a person to
/// check (see `codecs::unresolved`): it was not repaired, on too little
/// evidence, and its no-break space, soft hyphen or C1 control was kept so
/// that it still can be.
fn flag_unresolved(idx: usize, line: &str, changes: &mut Vec<Change>) {
    for u in codecs::unresolved(line) {
        let shown: String = line[u.range.clone()]
            .chars()
            .map(|c| match c {
                '\u{a0}' => "<U+00A0>".to_string(),
                '\u{ad}' => "<U+00AD>".to_string(),
                c if c.is_control() => format!("<U+{:04X}>", c as u32),
                c => c.to_string(),
            })
            .collect();
        let what = match line[u.fragile[0]..].chars().next() {
            Some('\u{a0}') => "no-break space",
            Some('\u{ad}') => "soft hyphen",
            _ => "C1 control character",
        };
        let reason = format!(
            "'{shown}' may be mojibake: it reads as '{}' in UTF-8 read as {}; too little \
             evidence to repair it, so it is left as it is, its {what} kept, for a person \
             to check",
            u.reads_as, u.codec,
        );
        changes.push(Change {
            action: crate::Action::Flagged,
            ..Change::removed(Rule::Mojibake, idx, line, reason)
        });
    }
}

/// How many times the steps may run over one line: each round after the
/// first needs a change of the round before that can make work for an
/// earlier step, and two are all any input has been seen to need.
const MAX_ROUNDS: usize = 4;

/// What one scan of a line found: which rules could change it.
#[derive(Debug, Clone, Copy, Default)]
struct Work {
    bom: bool,
    entity: bool,
    mojibake: bool,
    control: bool,
    invisible: bool,
    space: bool,
    nfc: bool,
    typography: bool,
}

impl Work {
    fn might(&self, rule: Rule) -> bool {
        match rule {
            Rule::Bom => self.bom,
            Rule::HtmlEntity => self.entity,
            Rule::Mojibake => self.mojibake,
            Rule::ControlChar => self.control,
            Rule::InvisibleChar => self.invisible,
            Rule::TrailingWhitespace | Rule::Whitespace => self.space,
            Rule::Nfc => self.nfc,
            _ => self.typography,
        }
    }
}

/// Could `line` hold mojibake: a code page's UTF-8 lead byte character
/// followed by a continuation byte's, in any code page the repair knows?
/// This is the check every line gets before the repair is tried (the same
/// scan that tells the other rules whether they have work): one pass, no
/// allocation; false for ASCII and for correct text in most scripts.
pub fn may_be_mojibake(line: &str) -> bool {
    scan(line, false).mojibake
}

fn scan(s: &str, first_line: bool) -> Work {
    let mut w = Work {
        bom: first_line && s.starts_with('\u{feff}'),
        space: s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace),
        typography: true,
        ..Work::default()
    };
    let mut prev_space = false;
    let mut prev_lead = false;
    // Code pages other than Windows-1252 in which the character before was
    // a UTF-8 lead byte's (see `codecs`).
    let mut prev_codec = 0u32;
    let table = facts_table();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Eight bytes of printable ASCII with no `&` and no doubled space
        // have nothing for any rule: skipped at once.
        if let Some(block) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
            if is_plain_block(x, prev_space) {
                prev_space = x >> 56 == u64::from(b' ');
                prev_lead = false;
                prev_codec = 0;
                i += 8;
                continue;
            }
        }
        // Otherwise ASCII a byte at a time (no ASCII character is a mojibake
        // byte); other characters are decoded.
        let x = b[i];
        if x < 0x80 {
            i += 1;
            prev_lead = false;
            prev_codec = 0;
            match x {
                b' ' => {
                    w.space |= prev_space;
                    prev_space = true;
                    continue;
                }
                b'&' => w.entity = true,
                0..0x20 | 0x7f => {
                    w.control = true;
                    w.space |= x == b'\t';
                }
                _ => {}
            }
            prev_space = false;
            continue;
        }
        let (cp, len) = decode_at(b, i);
        i += len;
        let f = match table.get(cp as usize) {
            Some(&f) => f,
            None => facts_above(cp),
        };
        // Mojibake needs a lead byte's character followed by a continuation
        // byte's ("Ã" then "©"): an accented letter before a plain one is not.
        w.mojibake |= prev_lead && f & fact::LATIN_CONT != 0;
        prev_lead = f & fact::LATIN_LEAD != 0;
        w.mojibake |= codecs::advance(&mut prev_codec, f & fact::CODECS) != 0;
        // `Â` and `Ã` are mojibake on their own (a lost no-break space after
        // them).
        w.mojibake |= cp == 0xC2 || cp == 0xC3;
        w.control |= f & fact::C1 != 0;
        w.invisible |= f & fact::INVISIBLE != 0;
        w.space |= f & fact::SPACE != 0;
        w.nfc |= f & fact::NFC != 0;
        prev_space = false;
    }
    w
}

/// What [`scan`] needs to know of a non-ASCII character, as bits of one
/// `u32`: the code pages' lead and continuation lanes (`codecs`), and the
/// flags below.
mod fact {
    /// The code pages' lanes, two bits each (`codecs::class_of`).
    pub const CODECS: u32 = (1 << 26) - 1;
    /// A lead byte's character in Windows-1252 or Latin-1.
    pub const LATIN_LEAD: u32 = 1 << 26;
    /// A continuation byte's character in Windows-1252 or Latin-1.
    pub const LATIN_CONT: u32 = 1 << 27;
    /// A C1 control character.
    pub const C1: u32 = 1 << 28;
    pub const INVISIBLE: u32 = 1 << 29;
    pub const SPACE: u32 = 1 << 30;
    /// Not NFC whatever its neighbours: below U+0300 everything is NFC
    /// already; so are the general punctuation marks scraped text is full
    /// of (quotes, dashes, bullets, ellipsis).
    pub const NFC: u32 = 1 << 31;
}

/// The [`fact`] bits of `c`, worked out.
fn facts_of(c: char) -> u32 {
    let lanes = codecs::class_of(c);
    debug_assert_eq!(lanes & !fact::CODECS, 0, "thirteen code pages at most");
    let byte = mojibake::byte_of(c);
    let mut f = lanes;
    if byte.is_some_and(|b| (0xC2..=0xF4).contains(&b)) {
        f |= fact::LATIN_LEAD;
    }
    if byte.is_some_and(|b| (0x80..=0xBF).contains(&b)) {
        f |= fact::LATIN_CONT;
    }
    if ('\u{80}'..='\u{9f}').contains(&c) {
        return f | fact::C1;
    }
    if is_invisible(c) {
        f |= fact::INVISIBLE;
    }
    if c.is_whitespace() {
        f |= fact::SPACE;
    }
    if c >= '\u{300}' && !('\u{2010}'..='\u{2027}').contains(&c) {
        f |= fact::NFC;
    }
    f
}

/// [`facts_of`] for a code point at or above `codecs::DENSE` (CJK, Hangul,
/// emoji...): only the ideographic space, the zero-width no-break space and
/// the few code page characters up there (MacRoman's Apple logo and
/// ligatures, from U+F8FF) are more than not NFC.
fn facts_above(cp: u32) -> u32 {
    match cp {
        0x3000 | 0xFEFF | 0xF8FF.. => char::from_u32(cp).map_or(0, facts_of),
        _ => fact::NFC,
    }
}

/// The code point of the UTF-8 character that starts at `b[i]` (not ASCII)
/// and its length: the scan's own decoder, for a string known to be valid.
fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0) & 0x3F);
    let x = u32::from(b[i]);
    if x < 0xE0 {
        (((x & 0x1F) << 6) | cont(1), 2)
    } else if x < 0xF0 {
        (((x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((x & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

/// [`facts_of`] for every character below `codecs::DENSE`, worked out at
/// first use: one lookup per character in the scan.
fn facts_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..codecs::DENSE as u32)
            .map(|cp| char::from_u32(cp).map_or(0, facts_of))
            .collect()
    })
}

/// Eight bytes (little-endian in `x`) of printable ASCII without `&`, DEL or
/// two spaces in a row, the first of which is not a space after a space
/// (`prev_space`): what [`scan`] can skip.
fn is_plain_block(x: u64, prev_space: bool) -> bool {
    is_clean_block(x, prev_space) && !has_zero_byte(x ^ splat(b'&'))
}

/// Rules that can change clean ASCII: entities and the typography rules.
fn needs_ascii_rules(line: &str, config: &Config) -> bool {
    (line.contains('&') && config.enabled(Rule::HtmlEntity))
        || (config.enabled(Rule::Quotes) && line.contains(['\'', '"']))
        || (config.enabled(Rule::Dashes) && line.contains('-'))
        || (config.enabled(Rule::Ellipsis) && line.contains("..."))
}

/// ASCII with no control characters, no tabs, no doubled or edge spaces:
/// nothing for any per-line rule to do.
fn is_clean_ascii(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    let mut blocks = b.chunks_exact(8);
    for block in &mut blocks {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        if !is_clean_block(x, prev_space) {
            return false;
        }
        prev_space = x >> 56 == u64::from(b' ');
    }
    for &c in blocks.remainder() {
        if !(0x20..0x7f).contains(&c) {
            return false;
        }
        let space = c == b' ';
        if space && prev_space {
            return false;
        }
        prev_space = space;
    }
    true
}

/// Split on CRLF, CR and LF (the byte range of each line, without its
/// terminator); count the CRLF and lone CR terminators.
fn split_lines(text: &str) -> (Vec<(usize, usize)>, usize, usize, bool) {
    // Sized by a count of the newlines (a fast pass): grown by doubling, the
    // list of a file of millions of short lines would hold up to twice the
    // room it needs.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let (mut crlf, mut cr) = (0, 0);
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Jump from terminator to terminator (memchr reads many bytes at a time).
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        i += k;
        lines.push((start, i));
        if bytes[i] == b'\r' {
            if bytes.get(i + 1) == Some(&b'\n') {
                crlf += 1;
                i += 1;
            } else {
                cr += 1;
            }
        }
        i += 1;
        start = i;
    }
    let missing_final_newline = start < bytes.len();
    if missing_final_newline {
        lines.push((start, bytes.len()));
    }
    (lines, crlf, cr, missing_final_newline)
}

fn first_line_with_cr(text: &str) -> usize {
    text.split('\n').position(|l| l.contains('\r')).unwrap_or(0)
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_scan_knows_every_character_as_its_facts_say() {
        let table = facts_table();
        for cp in 0x80..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0; 4];
            let encoded = c.encode_utf8(&mut buf);
            assert_eq!(decode_at(encoded.as_bytes(), 0), (cp, c.len_utf8()));
            let f = table
                .get(cp as usize)
                .copied()
                .unwrap_or_else(|| facts_above(cp));
            assert_eq!(f, facts_of(c), "U+{cp:04X}");
        }
    }

    use super::*;

    #[test]
    fn crlf_and_cr_are_split_and_reported_once() {
        let n = normalize("a\r\nb\rc\n");
        assert_eq!(n.input.views(), ["a", "b", "c"]);
        let le: Vec<_> = n
            .changes
            .iter()
            .filter(|c| c.rule == Rule::LineEnding)
            .collect();
        assert_eq!(le.len(), 1);
        assert!(le[0].reason.contains("1 CRLF and 1 CR"));
        assert!(!n.missing_final_newline);
    }

    /// Taking a zero-width space or a control character out of a mangled
    /// letter, or spelling out a ligature before a combining accent, makes
    /// work for a step that ran before: it is done in the same run, so the
    /// next run has nothing to do.
    #[test]
    fn a_step_that_makes_work_for_an_earlier_one_is_followed_by_it() {
        let mut config = Config::default();
        config.select_only(&Rule::ALL);
        for (text, clean) in [
            ("Caf\u{c3}\u{200b}\u{a9}", "Caf\u{e9}"),
            ("Caf\u{c3}\u{5}\u{a9}", "Caf\u{e9}"),
            ("\u{fb01}\u{301}", "f\u{ed}"),
            ("\u{ff21}\u{301}", "\u{c1}"),
        ] {
            let once = normalize_with(text, &config);
            assert_eq!(once.lines.views(), [clean], "{text:?}");
            let twice = normalize_with(&once.lines.views().join("\n"), &config);
            assert!(twice.changes.is_empty(), "{text:?}: {:?}", twice.changes);
        }
    }

    /// Files joined together can start with several byte order marks: the
    /// bom rule takes them all, even with invisible-char off (which would
    /// otherwise leave the next one for the next run).
    #[test]
    fn every_leading_byte_order_mark_goes() {
        let mut config = Config::default();
        config.disabled.push(Rule::InvisibleChar);
        let n = normalize_with("\u{feff}\u{feff}\u{feff}Hello\n", &config);
        assert_eq!(n.lines.views(), ["Hello"]);
        assert_eq!(n.changes.len(), 1);
        assert_eq!(n.changes[0].rule, Rule::Bom);
        assert!(n.changes[0].reason.contains("3 byte order marks"));
        // After blank lines, which the layout drops, the first text line
        // opens the file: its U+FEFF is the byte order mark too.
        let n = normalize_with("\n \n\u{feff}Hello\n", &config);
        assert_eq!(n.lines.views(), ["", "", "Hello"]);
        assert!(n.changes.iter().any(|c| c.rule == Rule::Bom && c.line == 2));
        // Behind whitespace that the whitespace rule takes away (a form
        // feed, with control-char off), it opens the text once that is gone:
        // it goes in the same run, not the next.
        let mut off = config.clone();
        off.disabled.push(Rule::ControlChar);
        for text in ["\u{c}\u{feff}Hello\n", " \u{a0}\u{feff}Hello\n"] {
            let n = normalize_with(text, &off);
            assert_eq!(n.lines.views(), ["Hello"], "{text:?}");
            assert!(n.changes.iter().any(|c| c.rule == Rule::Bom), "{text:?}");
        }
        // Unless blank-lines is off: then those lines stay, and so does it.
        config.disabled.push(Rule::BlankLines);
        let n = normalize_with("\n \n\u{feff}Hello\n", &config);
        assert_eq!(n.lines.views(), ["", "", "\u{feff}Hello"]);
    }

    #[test]
    fn missing_final_newline_is_noticed() {
        assert!(normalize("a\nb").missing_final_newline);
        assert!(!normalize("").missing_final_newline);
    }

    #[test]
    fn each_repair_is_its_own_rule() {
        let n = normalize("\u{feff}\tHello\u{a0}\u{a0}wor\u{200b}ld  \n");
        assert_eq!(n.lines.views(), ["Hello world"]);
        let rules: Vec<_> = n.changes.iter().map(|c| c.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::Bom,
                Rule::InvisibleChar,
                Rule::TrailingWhitespace,
                Rule::Whitespace
            ]
        );
    }

    #[test]
    fn clean_text_is_untouched() {
        let text = "Libya\u{2019}s Haftar \u{2014} \u{201c}talks\u{201d}\nبوتين يلتقي حفتر\n习近平会见普京\n";
        let n = normalize(text);
        assert!(n.changes.is_empty(), "{:?}", n.changes);
        assert_eq!(n.lines, n.input);
    }

    #[test]
    fn plain_blocks_are_exactly_the_boring_ones() {
        let block = |s: &[u8; 8]| u64::from_le_bytes(*s);
        assert!(is_plain_block(block(b"Haftar m"), false));
        assert!(is_plain_block(block(b"a b c d "), false));
        assert!(is_plain_block(block(b" b c d e"), false));
        assert!(
            !is_plain_block(block(b" b c d e"), true),
            "space after space"
        );
        assert!(!is_plain_block(block(b"a  b c d"), false), "doubled space");
        assert!(
            !is_plain_block(block(b"abcdef  "), false),
            "doubled space at the end"
        );
        assert!(!is_plain_block(block(b"AT&T and"), false), "entity");
        assert!(
            is_clean_block(block(b"AT&T and"), false),
            "clean ASCII may hold `&`"
        );
        assert!(!is_plain_block(block(b"tab\there"), false), "control");
        assert!(!is_plain_block(block(b"del\x7fhere"), false), "DEL");
        assert!(
            !is_plain_block(block(b"caf\xc3\xa9 ok"), false),
            "non-ASCII"
        );
        // Every single odd byte in an otherwise plain block is noticed.
        for odd in (0u8..0x20).chain([0x7f, b'&']).chain(0x80..=0xff) {
            for k in 0..8 {
                let mut b = *b"abcdefgh";
                b[k] = odd;
                assert!(!is_plain_block(block(&b), false), "{odd:#x} at {k}");
            }
        }
    }

    #[test]
    fn nfd_becomes_nfc() {
        let n = normalize("Male\u{301}\n");
        assert_eq!(n.lines.views(), ["Malé"]);
        assert_eq!(n.changes[0].rule, Rule::Nfc);
    }
}
