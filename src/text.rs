//! Small text helpers shared by the detectors: folding for comparison and
//! script-aware measures of length.
//!
//! Nothing here assumes ASCII or spaces between words: lengths are counted in
//! "word units", where a run of letters separated by spaces counts once and each
//! character of a script written without spaces (Han, Kana, Thai...) counts as a
//! third of a word.

/// Fold a line for comparison: lower case, one style of quote, apostrophe and
/// dash, single spaces, no surrounding space, no Markdown heading mark.
pub fn fold(s: &str) -> String {
    let s = without_heading_mark(s);
    struct Out(String);
    impl FoldSink for Out {
        fn char(&mut self, c: char) {
            self.0.push(c);
        }
        fn block(&mut self, x: u64, len: usize) -> bool {
            self.0
                .push_str(std::str::from_utf8(&x.to_le_bytes()[..len]).expect("ASCII"));
            true
        }
    }
    let mut out = Out(String::with_capacity(s.len()));
    fold_chars(s, &mut out);
    out.0
}

/// Where [`fold_chars`] puts the folded line.
trait FoldSink {
    /// The next folded character.
    fn char(&mut self, c: char);
    /// The next `len` (1 to 8) folded characters, all ASCII (little-endian
    /// in `x`, the bytes above them zero), if the sink takes them at once;
    /// `false` sends them one at a time.
    fn block(&mut self, x: u64, len: usize) -> bool;
}

/// A 64-bit hash of [`fold`]`(s)`, computed without allocating: equal folds
/// give equal hashes.
pub fn fold_hash(s: &str) -> u64 {
    let s = without_heading_mark(s);
    if let Some(h) = fold_hash_plain_ascii(s) {
        return h;
    }
    fold_hash_chars(s)
}

/// `s` without a Markdown heading's mark (one to six `#` and a space, at the
/// start), which folding drops: a headline printed as a heading (`# Storm
/// hits coast`, as scrapers that write Markdown do) and again as plain text
/// is the same line. `#MeToo` and a lone `#` are text.
#[inline]
pub(crate) fn without_heading_mark(s: &str) -> &str {
    let t = s.trim_start();
    if !t.starts_with('#') {
        return s;
    }
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    match t[hashes..].chars().next() {
        Some(c) if hashes <= 6 && c.is_whitespace() && !t[hashes..].trim().is_empty() => {
            t[hashes..].trim_start()
        }
        _ => s,
    }
}

/// Up to eight bytes as a little-endian number, zero-padded: the value of
/// copying them into a zeroed `[u8; 8]`, read with two overlapping loads
/// instead of a copy through the stack.
#[inline]
pub fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u32::from_le_bytes(b[..4].try_into().expect("four bytes"));
        let hi = u32::from_le_bytes(b[n - 4..].try_into().expect("four bytes"));
        // The loads overlap when n < 8; overlapping bytes are equal, so OR
        // puts each byte in its place once.
        u64::from(lo) | (u64::from(hi) << (8 * (n - 4)))
    } else if n > 0 {
        u64::from(b[0])
            | (u64::from(b[n / 2]) << (8 * (n / 2)))
            | (u64::from(b[n - 1]) << (8 * (n - 1)))
    } else {
        0
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight ASCII bytes (little-endian in `x`) lower-cased in a register.
fn ascii_lower(x: u64) -> u64 {
    let ge_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let gt_z = x.wrapping_add(0x2525_2525_2525_2525);
    x | ((ge_a & !gt_z & HIGH) >> 2)
}

/// The high bit of each byte of `v` that is zero, and no other bit (exact,
/// unlike the borrow trick of [`has_zero_byte`]).
pub(crate) fn zero_bytes(v: u64) -> u64 {
    let low = !HIGH;
    !(((v & low).wrapping_add(low)) | v) & HIGH
}

/// Does any byte of `v` equal zero? (Exact as a yes/no answer.)
pub(crate) fn has_zero_byte(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGH != 0
}

/// Eight bytes (little-endian in `x`) of printable ASCII (0x20 to 0x7e) with
/// no two spaces in a row, the first of which is not a space after a space
/// (`prev_space`).
pub(crate) fn is_clean_block(x: u64, prev_space: bool) -> bool {
    let spaces = x ^ (ONES * u64::from(b' '));
    x & HIGH == 0
        // No byte under 0x20 (exact once no high bit is set).
        && x.wrapping_sub(ONES * 0x20) & !x & HIGH == 0
        && !has_zero_byte(x ^ (ONES * 0x7f))
        // A zero byte here is a space followed by a space (the top byte has
        // no follower in the block and is set non-zero).
        && !has_zero_byte(spaces | (spaces >> 8) | (0xff << 56))
        && !(prev_space && x & 0xff == u64::from(b' '))
}

/// The same value repeated in every byte.
pub(crate) const fn splat(b: u8) -> u64 {
    ONES * b as u64
}

const FOLD_K: u64 = 0x9e37_79b9_7f4a_7c15;
const FOLD_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// [`fold_hash`] for ASCII lines that folding would only lower-case (single
/// spaces, no space at either end, no control characters): the line is read
/// eight bytes at a time and lower-cased in a register, which gives exactly the
/// packing of [`fold_hash_chars`].
fn fold_hash_plain_ascii(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if !s.is_ascii()
        || b.first() == Some(&b' ')
        || b.last() == Some(&b' ')
        || b.iter().any(|&c| c < b' ' || c == 0x7f)
        || s.contains("  ")
    {
        return None;
    }
    let mut h = FOLD_SEED;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        h = (h ^ ascii_lower(x)).wrapping_mul(FOLD_K).rotate_left(29);
    }
    let rest = chunks.remainder();
    h = (h ^ ascii_lower(load_le(rest)) ^ rest.len() as u64).wrapping_mul(FOLD_K);
    Some(h ^ (h >> 31))
}

/// Characters that show nothing (a zero-width space, a byte order mark, a
/// soft hyphen) make no difference between two lines, even where the rule
/// that removes them is off: folding drops them. (Joiners are kept: they
/// change how a word is written.)
#[inline]
fn is_dropped_in_fold(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// [`fold_hash`] of a tidy line: no whitespace but single ASCII spaces
/// between other characters (what normalization leaves when its whitespace
/// and control-character rules run). Folding such a line only maps each
/// character, so ASCII is taken eight bytes at a time, up to the first byte
/// that is not, without the whitespace bookkeeping of the general reader.
/// On a line that is not tidy the hash can differ from [`fold_hash`].
pub(crate) fn fold_hash_tidy(s: &str) -> u64 {
    let s = without_heading_mark(s);
    let b = s.as_bytes();
    let mut sink = FoldHasher::default();
    let mut i = 0;
    while i < b.len() {
        let avail = (b.len() - i).min(8);
        let x = if avail == 8 {
            u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"))
        } else {
            load_le(&b[i..])
        };
        // ASCII bytes before the first that is not.
        let ascii = ((x & HIGH).trailing_zeros() / 8).min(avail as u32) as usize;
        if ascii > 0 {
            let keep = if ascii == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * ascii)) - 1
            };
            sink.block(ascii_lower(x & keep), ascii);
            i += ascii;
            continue;
        }
        let c = s[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        // A character that folding drops can leave two spaces side by side:
        // the general reader folds such a line.
        if is_dropped_in_fold(c) {
            return fold_hash(s);
        }
        fold_char(c, &mut sink);
    }
    let h = sink.finish();
    debug_assert_eq!(h, fold_hash(s), "not a tidy line: {s:?}");
    h
}

/// [`fold_hash`] of a short piece of text without spaces (a word), read a
/// character at a time: the same hash, without the block reading that pays
/// off only on long lines (measured slower on words, [`fold_hash_tidy`]
/// included). Text with whitespace takes the general path.
pub(crate) fn fold_hash_word(s: &str) -> u64 {
    let mut sink = FoldHasher::default();
    for c in s.chars() {
        if c.is_whitespace() {
            return fold_hash(s);
        }
        fold_char(c, &mut sink);
    }
    sink.finish()
}

/// [`fold_hash`] over the folded characters, one at a time.
fn fold_hash_chars(s: &str) -> u64 {
    let mut sink = FoldHasher::default();
    fold_chars(s, &mut sink);
    sink.finish()
}

/// Folded characters are packed eight bytes at a time (ASCII) or one at a
/// time (others) and mixed with one multiplication per word.
struct FoldHasher {
    h: u64,
    acc: u64,
    n: u32,
}

impl Default for FoldHasher {
    fn default() -> FoldHasher {
        FoldHasher {
            h: FOLD_SEED,
            acc: 0,
            n: 0,
        }
    }
}

impl FoldHasher {
    fn finish(&self) -> u64 {
        let h = (self.h ^ self.acc ^ u64::from(self.n)).wrapping_mul(FOLD_K);
        h ^ (h >> 31)
    }
}

impl FoldSink for FoldHasher {
    fn char(&mut self, c: char) {
        if c.is_ascii() {
            self.acc |= (c as u64) << (8 * self.n);
            self.n += 1;
            if self.n == 8 {
                self.h = (self.h ^ self.acc).wrapping_mul(FOLD_K).rotate_left(29);
                self.acc = 0;
                self.n = 0;
            }
        } else {
            self.h = (self.h ^ self.acc ^ ((c as u64) << 32))
                .wrapping_mul(FOLD_K)
                .rotate_left(29);
            self.acc = 0;
            self.n = 0;
        }
    }

    fn block(&mut self, x: u64, len: usize) -> bool {
        // What the characters pushed one by one give: they join the word
        // being packed; once it has eight, it is mixed in and the rest start
        // the next one.
        let n = self.n as usize;
        if n + len < 8 {
            self.acc |= x << (8 * n);
            self.n += len as u32;
            return true;
        }
        self.h = (self.h ^ self.acc ^ (x << (8 * n)))
            .wrapping_mul(FOLD_K)
            .rotate_left(29);
        self.acc = if n == 0 { 0 } else { x >> (8 * (8 - n)) };
        self.n = (n + len - 8) as u32;
        true
    }
}

/// How many of the first eight bytes of `b` are printable ASCII with no
/// space after a space, not counting a space they would end on.
fn plain_prefix(b: &[u8]) -> usize {
    let avail = b.len().min(8);
    let x = load_le(&b[..avail]);
    let spaces = zero_bytes(x ^ splat(b' '));
    let bad = (x & HIGH)
        | zero_bytes(x & splat(0xE0))
        | zero_bytes(x ^ splat(0x7f))
        | (spaces & (spaces << 8));
    // Bytes past the end count as bad (they read as zero, a control byte).
    let mut len = (bad.trailing_zeros() / 8) as usize;
    if len > 0 && b[len - 1] == b' ' {
        len -= 1;
    }
    len
}

/// The characters of the folded line, in order.
fn fold_chars(s: &str, sink: &mut impl FoldSink) {
    // ASCII folds to lower case only (a backtick stays a backtick), so that
    // `fold_hash_plain_ascii` agrees with this function.
    let mut started = false;
    let mut pending_space = false;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Up to eight bytes of printable ASCII with single spaces inside,
        // after a character that was kept, not ending on a space, fold to
        // themselves lower-cased: taken at once when the sink can.
        // (A character that is not ASCII goes straight to the decoding below.)
        if started && !pending_space && b[i] < 0x80 {
            // Eight at once, the common case: a space at the end is kept
            // only if something visible follows.
            if let Some(block) = b.get(i..i + 8) {
                let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
                let ends_well = x >> 56 != u64::from(b' ')
                    || b.get(i + 8).is_some_and(|&y| y > b' ' && y < 0x80);
                if ends_well && is_clean_block(x, false) && sink.block(ascii_lower(x), 8) {
                    i += 8;
                    continue;
                }
            }
            // Otherwise the plain bytes before the first that is not.
            let len = plain_prefix(&b[i..]);
            if len > 0 && sink.block(ascii_lower(load_le(&b[i..i + len])), len) {
                i += len;
                continue;
            }
        }
        // ASCII is read a byte at a time; other characters are decoded.
        let c = if b[i] < 0x80 {
            char::from(b[i])
        } else {
            s[i..].chars().next().expect("a character starts here")
        };
        i += c.len_utf8();
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        // Characters that show nothing (a zero-width space, a byte order
        // mark, a soft hyphen) make no difference between two lines, even
        // where the rule that removes them is off. (Joiners do: they change
        // how a word is written.)
        if is_dropped_in_fold(c) {
            continue;
        }
        if pending_space {
            sink.char(' ');
            pending_space = false;
        }
        started = true;
        fold_char(c, sink);
    }
}

/// The folded form of one character that is not whitespace, into `sink`.
#[inline]
fn fold_char(c: char, sink: &mut impl FoldSink) {
    match c {
        // ASCII first: most characters are.
        c if c.is_ascii() => sink.char(c.to_ascii_lowercase()),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => {
            sink.char('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => sink.char('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => sink.char('-'),
        c if c <= '\u{ff}' => sink.char(latin1_lower(c)),
        c => c.to_lowercase().for_each(|c| sink.char(c)),
    }
}

/// Lower case of a Latin-1 character (U+0080 to U+00FF) without the Unicode
/// tables: `À` to `Þ` but `×` are capitals a fixed 0x20 below their small
/// letter; everything else in the block is its own lower case.
fn latin1_lower(c: char) -> char {
    if ('\u{c0}'..='\u{de}').contains(&c) && c != '\u{d7}' {
        char::from_u32(c as u32 + 0x20).expect("a Latin-1 small letter")
    } else {
        c
    }
}

/// A hasher for keys that are already well-mixed 64-bit hashes (such as
/// [`fold_hash`]): it passes them through instead of hashing them again.
#[derive(Debug, Default, Clone, Copy)]
pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_usize(&mut self, n: usize) {
        // Line numbers are small and sequential: spread them over 64 bits.
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u32(&mut self, n: u32) {
        // A 32-bit key is spread over 64 bits: the table reads the top bits.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map keyed by [`fold_hash`] values.
pub type HashMap64<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<PassThrough>>;

/// A set of [`fold_hash`] values.
pub type HashSet64 = std::collections::HashSet<u64, std::hash::BuildHasherDefault<PassThrough>>;

/// A set of line numbers.
pub type LineSet = std::collections::HashSet<usize, std::hash::BuildHasherDefault<PassThrough>>;

/// A map keyed by line numbers.
pub type LineMap<V> =
    std::collections::HashMap<usize, V, std::hash::BuildHasherDefault<PassThrough>>;

/// A map keyed by 32-bit hashes.
pub type HashMap32<V> =
    std::collections::HashMap<u32, V, std::hash::BuildHasherDefault<PassThrough>>;

/// Lines of text as spans of buffers, so a file of a million lines costs a
/// few allocations, not a million. Lines are spans of a shared buffer (the
/// text a file was read into, shared by the lines made from it with
/// [`Lines::sharing`]) or of the lines' own buffer, where [`Lines::push`]
/// copies what the shared one does not hold: normalized lines that equal
/// their input line cost a span, not a copy.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    shared: std::sync::Arc<String>,
    own: String,
    /// Byte ranges; a start with [`OWN`] set is in `own`, else in `shared`.
    spans: Vec<(usize, usize)>,
}

/// The mark of a span in a [`Lines`]' own buffer.
const OWN: usize = 1 << (usize::BITS - 1);

impl Lines {
    /// No lines, with room for `lines` lines of `bytes` bytes in all.
    pub fn with_capacity(lines: usize, bytes: usize) -> Lines {
        Lines {
            shared: std::sync::Arc::default(),
            own: String::with_capacity(bytes),
            spans: Vec::with_capacity(lines),
        }
    }

    /// Lines that are spans (byte ranges, without terminators) of `text`.
    pub(crate) fn from_spans(text: String, spans: Vec<(usize, usize)>) -> Lines {
        debug_assert!(spans.iter().all(|&(a, b)| text.get(a..b).is_some()));
        Lines {
            shared: std::sync::Arc::new(text),
            own: String::new(),
            spans,
        }
    }

    /// No lines yet, with room for `lines`, sharing `other`'s text: a line
    /// pushed that lies in it is kept as a span, not copied.
    pub fn sharing(other: &Lines, lines: usize) -> Lines {
        Lines {
            shared: std::sync::Arc::clone(&other.shared),
            own: String::new(),
            spans: Vec::with_capacity(lines),
        }
    }

    /// Add a line at the end: a span if it lies in the shared text, else a
    /// copy.
    pub fn push(&mut self, line: &str) {
        let base = self.shared.as_ptr() as usize;
        let at = (line.as_ptr() as usize).wrapping_sub(base);
        if at <= self.shared.len() && line.len() <= self.shared.len() - at {
            self.spans.push((at, at + line.len()));
            return;
        }
        let start = self.own.len();
        self.own.push_str(line);
        self.spans.push((start | OWN, self.own.len()));
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Bytes of the lines' text in all, terminators not counted.
    pub fn bytes(&self) -> usize {
        self.spans.iter().map(|&(a, b)| b - (a & !OWN)).sum()
    }

    /// No lines at all?
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn at(&self, (a, b): (usize, usize)) -> &str {
        if a & OWN == 0 {
            &self.shared[a..b]
        } else {
            &self.own[a & !OWN..b]
        }
    }

    /// Line `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.spans.get(i).map(|&span| self.at(span))
    }

    /// The lines, in order. Skipping ahead in it (`skip`, `nth`) walks the
    /// lines skipped; to start at a line, index instead.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + '_ {
        self.spans.iter().map(|&span| self.at(span))
    }

    /// The lines as a slice of `&str`, for functions that take `&[S]`.
    pub fn views(&self) -> Vec<&str> {
        self.iter().collect()
    }
}

/// Where line `i` can be read: a slice of lines or a [`Lines`], for stages
/// that read a few lines of a file only (a slice of every line costs 16
/// bytes a line).
pub trait LineSource {
    /// Line `i` (it must exist).
    fn line(&self, i: usize) -> &str;
}

impl LineSource for &[&str] {
    fn line(&self, i: usize) -> &str {
        self[i]
    }
}

impl LineSource for Lines {
    fn line(&self, i: usize) -> &str {
        &self[i]
    }
}

impl std::ops::Index<usize> for Lines {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.at(self.spans[i])
    }
}

/// Equal when the lines are, whatever the buffers hold between them.
impl PartialEq for Lines {
    fn eq(&self, other: &Lines) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Lines {}

/// The lines of `text` as [`str::lines`] gives them (split at `\n`, a `\r`
/// before it dropped, no empty line after a final newline), found with the
/// `memchr` crate's vectorized search.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    memchr::memchr_iter(b'\n', b)
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |nl| {
            let line = match nl {
                Some(end) => {
                    let l = &text[start..end];
                    l.strip_suffix('\r').unwrap_or(l)
                }
                None if start < b.len() => &text[start..],
                None => return None,
            };
            start = nl.map_or(b.len(), |end| end + 1);
            Some(line)
        })
}

/// The lines of `text` split as input is split: at `\n`, `\r\n` or a lone
/// `\r`, with no empty line after a final terminator. The lines of an output
/// that kept its CR endings (the `line-ending` rule off) line up with the
/// line map this way.
pub fn split_terminated(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let Some(k) = memchr::memchr2(b'\n', b'\r', &b[start..]) else {
            let line = &text[start..];
            start = b.len();
            return Some(line);
        };
        let end = start + k;
        let line = &text[start..end];
        start = end + if b[end..].starts_with(b"\r\n") { 2 } else { 1 };
        Some(line)
    })
}

/// Append the decimal digits of `n`: what `write!(out, "{n}")` gives,
/// without the formatting machinery (reasons are built for hundreds of
/// thousands of changes in a corpus run).
pub(crate) fn push_num(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// True for characters of scripts that are written without spaces between words.
pub fn is_spaceless_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF       // Thai, Lao
        | 0x1000..=0x109F     // Myanmar
        | 0x1780..=0x17FF     // Khmer
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified
        | 0xAC00..=0xD7AF     // Hangul syllables (spaced, but dense)
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF)
}

/// Length in word units: space-separated words, plus a third of a word for every
/// character of a spaceless script.
pub fn word_units(s: &str) -> usize {
    word_units_upto(s, usize::MAX)
}

/// [`word_units`], but counting stops at `cap`: `min(word_units(s), cap)`.
/// For tests against a threshold, which most lines pass or fail early.
///
/// ASCII is read eight bytes at a time: a word starts at a letter or digit
/// when the last letter, digit or space before it was a space (punctuation
/// in between changes nothing), which `word_starts` works out for a whole
/// block in a register.
pub fn word_units_upto(s: &str, cap: usize) -> usize {
    let mut words = 0usize;
    let mut spaceless = 0usize;
    let mut in_word = false;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(block) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                let (starts, after) = word_starts(x, in_word);
                words += starts as usize;
                in_word = after;
                i += 8;
                if words + spaceless.div_ceil(3) >= cap {
                    return cap;
                }
                continue;
            }
        }
        // ASCII is tested a byte at a time; other characters are decoded.
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_alphanumeric() {
                if !in_word {
                    words += 1;
                    in_word = true;
                    if words + spaceless.div_ceil(3) >= cap {
                        return cap;
                    }
                }
            } else if matches!(x, b'\t'..=b'\r' | b' ') {
                in_word = false;
            }
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        if is_spaceless_script(c) {
            spaceless += 1;
            in_word = false;
        } else if is_latin_letter(c) || c.is_alphanumeric() {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else if c.is_whitespace() {
            in_word = false;
        }
        if words + spaceless.div_ceil(3) >= cap {
            return cap;
        }
    }
    (words + spaceless.div_ceil(3)).min(cap)
}

/// The high bit of each byte of `x` (all ASCII) in `lo..=hi`.
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // No byte carries into the next: every byte is under 0x80 and so are
    // the amounts added.
    (x.wrapping_add(splat(0x80 - lo)) & !x.wrapping_add(splat(0x7f - hi))) & HIGH
}

/// A letter of Latin-1 or Latin Extended-A and -B (`é`, `ł`, `ș`): all of
/// U+00C0 to U+024F but `×` and `÷`. Checked before the Unicode tables,
/// which take a search for every character past ASCII.
#[inline]
fn is_latin_letter(c: char) -> bool {
    ('\u{c0}'..='\u{24f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}'
}

/// In eight ASCII bytes (little-endian in `x`), following a byte that left
/// `in_word`: how many words start, and whether the block ends inside one.
/// A letter or digit starts a word unless a letter or digit comes after the
/// last space before it; other bytes change nothing.
fn word_starts(x: u64, in_word: bool) -> (u32, bool) {
    let alnum = in_range(x | splat(0x20), b'a', b'z') | in_range(x, b'0', b'9');
    let space = zero_bytes(x ^ splat(b' ')) | in_range(x, b'\t', b'\r');
    let other = !(alnum | space) & HIGH;
    // `out`: after this byte, not in a word. A space sets it, an other byte
    // passes on the state before it (a prefix scan in three steps).
    let mut out = space | (other & u64::from(!in_word) << 7);
    let mut pass = other;
    out |= pass & (out << 8);
    pass &= pass << 8;
    out |= pass & (out << 16);
    pass &= pass << 16;
    out |= pass & (out << 32);
    let before = (out << 8) | (u64::from(!in_word) << 7);
    ((alnum & before).count_ones(), out >> 63 == 0)
}

/// Does the line end like a sentence (., !, ?, or their CJK/Arabic forms),
/// ignoring closing quotes and brackets?
pub fn ends_like_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '\u{00BB}', ' ']);
    matches!(
        t.chars().last(),
        Some(
            '.' | '!'
                | '?'
                | '\u{3002}'
                | '\u{FF01}'
                | '\u{FF1F}'
                | '\u{061F}'
                | '\u{06D4}'
                | '\u{2026}'
        )
    )
}

/// Does the line contain a decimal digit in any script?
pub fn has_digit(s: &str) -> bool {
    // ASCII digits byte by byte; the Unicode table only for other characters.
    s.bytes().any(|b| b.is_ascii_digit())
        || (!s.is_ascii() && s.chars().any(|c| !c.is_ascii() && c.is_numeric()))
}

/// Is the line made only of punctuation or symbols (a `-----` or `***` separator)?
pub fn is_separator(s: &str) -> bool {
    !s.trim().is_empty() && !s.chars().any(|c| c.is_alphanumeric())
}

/// Generated test input from a fixed seed, shared by the tests that compare
/// a block-at-a-time fast path with a character-at-a-time reading.
#[cfg(test)]
pub(crate) mod testgen {
    /// A fixed-seed xorshift sequence.
    pub fn xorshift(seed: u64) -> impl Iterator<Item = u64> {
        std::iter::successors(Some(seed), |&s| {
            let s = s ^ (s << 13);
            let s = s ^ (s >> 7);
            Some(s ^ (s << 17))
        })
        .skip(1)
    }

    /// `n` strings of up to `max_pieces` pieces of `alphabet`, mostly its
    /// first two (so that long runs of them occur) and now and then any.
    pub fn strings(alphabet: &[&str], n: usize, max_pieces: u64) -> Vec<String> {
        xorshift(0x2545_f491_4f6c_dd1d)
            .take(n)
            .map(|state| {
                (0..state % max_pieces)
                    .map(|k| {
                        let r = state.rotate_left(k as u32 * 5);
                        let pick = if r.is_multiple_of(3) {
                            (r >> 8) % alphabet.len() as u64
                        } else {
                            (r >> 8) % 2
                        };
                        alphabet[pick as usize]
                    })
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_found_in_every_script_as_char_by_char() {
        for s in [
            "",
            "Advertisement",
            "Published 2019",
            "\u{663}",
            "\u{bd} cup",
            "\u{216b}",
            "caf\u{e9} 5",
            "caf\u{e9}",
            "\u{4e09}\u{5341}",
            "\u{ff15}",
        ] {
            assert_eq!(has_digit(s), s.chars().any(char::is_numeric), "{s:?}");
        }
        assert!(has_digit("\u{663}"), "Arabic-Indic three");
        assert!(!has_digit("Most read"));
    }

    #[test]
    fn lines_are_spans_of_one_buffer_and_compare_by_text() {
        let text = "one\r\ntwo\n\nthree".to_string();
        let input = Lines::from_spans(text, vec![(0, 3), (5, 8), (9, 9), (10, 15)]);
        assert_eq!(input.len(), 4);
        assert_eq!(&input[1], "two");
        assert_eq!(input.get(2), Some(""));
        assert_eq!(input.get(4), None);
        assert_eq!(input.views(), ["one", "two", "", "three"]);
        let mut copy = Lines::with_capacity(4, 11);
        for l in input.iter() {
            copy.push(l);
        }
        assert_eq!(copy.bytes(), 11);
        assert_eq!(copy, input);
        copy.push("four");
        assert_ne!(copy, input);
    }

    #[test]
    fn lines_made_from_shared_text_are_spans_and_only_new_text_is_copied() {
        let input = Lines::from_spans(
            "one \ntwo\nthree".to_string(),
            vec![(0, 4), (5, 8), (9, 14)],
        );
        let mut lines = Lines::sharing(&input, 3);
        lines.push(input[0].trim_end()); // trimmed: still a span of the input
        lines.push("TWO"); // rewritten: copied
        lines.push(&input[2]);
        assert_eq!(lines.views(), ["one", "TWO", "three"]);
        assert_eq!(lines.own, "TWO", "only the rewritten line is copied");
        assert_eq!(lines.bytes(), 11);
        // Text that merely equals a shared line, from elsewhere, is copied.
        let elsewhere = String::from("three");
        lines.push(&elsewhere);
        assert_eq!(lines.own, "TWOthree");
        assert_eq!(&lines[3], "three");
        // Empty lines from anywhere read as empty.
        lines.push("");
        lines.push(&input[0][4..]);
        assert_eq!(lines.get(4), Some(""));
        assert_eq!(lines.get(5), Some(""));
    }

    #[test]
    fn fold_unifies_case_quotes_dashes_space() {
        assert_eq!(
            fold("  Libya\u{2019}s  Haftar \u{2014} “Talks” "),
            "libya's haftar - \"talks\""
        );
    }

    #[test]
    fn fast_ascii_fold_hash_equals_the_general_one() {
        for s in [
            "",
            "a",
            "Libya's Haftar Meets Putin",
            "ABCDEFGH",
            "abcdefghi",
            "Z@[`{ azAZ 09 ~!",
            "The harbour authority said on Monday that the new terminal would open.",
        ] {
            assert_eq!(fold_hash_plain_ascii(s), Some(fold_hash_chars(s)), "{s:?}");
        }
        assert_eq!(
            fold_hash("Libya\u{2019}s HAFTAR"),
            fold_hash("libya's haftar")
        );
        assert_eq!(fold_hash_plain_ascii(" padded"), None);
        // A line that needs the general path folds ASCII the same way.
        assert_eq!(fold_hash("It`s  café"), fold_hash_chars("it`s caf\u{e9}"));
        assert_eq!(fold_hash("It`s cafe"), fold_hash_chars("it`s  cafe"));
    }

    #[test]
    fn tidy_lines_hash_as_any_line_does() {
        // Single spaces between pieces of every kind, as normalization
        // leaves lines.
        let alphabet = [
            "ab", "CdEfGhI", "é", "Ä", "\u{2019}", "\u{2014}", "İ", "xyz", "`", "习", "\u{7f}", "#",
        ];
        for s in testgen::strings(&alphabet, 3000, 40) {
            let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(fold_hash_tidy(&line), fold_hash(&line), "{line:?}");
            let spaced: Vec<&str> = alphabet.iter().copied().filter(|p| s.contains(p)).collect();
            let spaced = spaced.join(" ");
            assert_eq!(fold_hash_tidy(&spaced), fold_hash(&spaced), "{spaced:?}");
        }
    }

    #[test]
    fn words_hash_as_lines_do() {
        for s in tricky_strings() {
            for word in s.split(' ') {
                assert_eq!(fold_hash_word(word), fold_hash(word), "{word:?}");
            }
        }
    }

    /// A Markdown heading's mark is not part of the line's wording: `# Storm
    /// hits coast` and `Storm hits coast` fold alike; a hashtag does not.
    #[test]
    fn a_heading_mark_folds_away() {
        for (line, folded) in [
            ("# Storm hits coast", "storm hits coast"),
            ("###### Storm hits coast", "storm hits coast"),
            ("  ## Storm\u{a0}hits coast", "storm hits coast"),
            ("####### Seven marks", "####### seven marks"),
            ("#MeToo marches on", "#metoo marches on"),
            ("#", "#"),
            ("# ", "#"),
            ("## #", "#"),
        ] {
            assert_eq!(fold(line), folded, "{line:?}");
            assert_eq!(fold_hash(line), fold_hash(folded), "{line:?}");
        }
        assert_eq!(
            fold_hash_tidy("# Storm hits coast"),
            fold_hash("storm hits coast")
        );
    }

    #[test]
    fn fold_hash_agrees_with_fold() {
        assert_eq!(
            fold_hash("  Libya\u{2019}s  HAFTAR "),
            fold_hash("libya's haftar")
        );
        assert_ne!(fold_hash("Libya"), fold_hash("Libya's"));
    }

    #[test]
    fn zero_bytes_marks_exactly_the_zero_bytes() {
        for state in testgen::xorshift(0x9e37_79b9_7f4a_7c15).take(20_000) {
            // Knock out some bytes, and put 0x01 and 0x80 next to them.
            let mut v = state;
            for k in 0..8 {
                match (state >> (k * 3)) % 5 {
                    0 => v &= !(0xff << (8 * k)),
                    1 => v = v & !(0xff << (8 * k)) | (0x01 << (8 * k)),
                    2 => v = v & !(0xff << (8 * k)) | (0x80 << (8 * k)),
                    _ => {}
                }
            }
            let expected = (0..8)
                .filter(|k| (v >> (8 * k)) & 0xff == 0)
                .fold(0u64, |m, k| m | (0x80 << (8 * k)));
            assert_eq!(zero_bytes(v), expected, "{v:#018x}");
        }
    }

    /// Strings over an alphabet of troublemakers (spaces of every kind at
    /// block edges, upper case, non-ASCII letters, quotes and dashes), from a
    /// fixed seed.
    fn tricky_strings() -> Vec<String> {
        let alphabet = [
            "a", "B", " ", " ", "  ", "\t", "é", "Ä", "\u{2019}", "\u{2014}", "\u{a0}", "İ", "xyz",
            "`",
        ];
        testgen::strings(&alphabet, 4000, 40)
    }

    #[test]
    fn eight_byte_blocks_fold_and_hash_like_single_characters() {
        /// The hash with every character pushed on its own.
        struct OneByOne(FoldHasher);
        impl FoldSink for OneByOne {
            fn char(&mut self, c: char) {
                self.0.char(c);
            }
            fn block(&mut self, _: u64, _: usize) -> bool {
                false
            }
        }
        for s in tricky_strings() {
            let mut slow = OneByOne(FoldHasher::default());
            fold_chars(&s, &mut slow);
            assert_eq!(fold_hash(&s), slow.0.finish(), "{s:?}");
            let mut one = String::new();
            for c in s.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
                match c {
                    '\u{2019}' => one.push('\''),
                    '\u{2014}' => one.push('-'),
                    c => one.extend(c.to_lowercase()),
                }
            }
            assert_eq!(fold(&s), one, "{s:?}");
        }
    }

    /// [`word_units`] a character at a time, as the definition reads.
    fn word_units_one_by_one(s: &str) -> usize {
        let (mut words, mut spaceless, mut in_word) = (0usize, 0usize, false);
        for c in s.chars() {
            if is_spaceless_script(c) {
                spaceless += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if c.is_whitespace() {
                in_word = false;
            }
        }
        words + spaceless.div_ceil(3)
    }

    #[test]
    fn eight_byte_blocks_count_words_like_single_characters() {
        let alphabet = [
            "ab", " ", "-", "Z9", "\t", "\"(", "\u{b}", ", ", "é", "习", "@[`{", "/:", "\r\n",
        ];
        for s in testgen::strings(&alphabet, 6000, 40) {
            assert_eq!(word_units(&s), word_units_one_by_one(&s), "{s:?}");
        }
        for b in 0u8..0x80 {
            let s: String = ["x", " ", "1"]
                .iter()
                .flat_map(|p| [p.to_string(), char::from(b).to_string()])
                .collect::<String>()
                .repeat(3);
            assert_eq!(word_units(&s), word_units_one_by_one(&s), "{s:?}");
        }
    }

    #[test]
    fn latin_letters_are_alphanumeric_and_nothing_else_is_taken_for_one() {
        for c in '\u{80}'..='\u{2ff}' {
            if is_latin_letter(c) {
                assert!(c.is_alphanumeric(), "{c:?}");
            }
        }
        assert!(is_latin_letter('\u{e9}') && is_latin_letter('\u{142}'));
        assert!(!is_latin_letter('\u{d7}') && !is_latin_letter('\u{2019}'));
    }

    #[test]
    fn capped_word_units_are_the_minimum_of_count_and_cap() {
        for s in tricky_strings()
            .into_iter()
            .chain(["习近平会见普京 and more words".to_string()])
        {
            let n = word_units(&s);
            for cap in 0..n + 3 {
                assert_eq!(
                    word_units_upto(&s, cap),
                    n.min(cap),
                    "{s:?} capped at {cap}"
                );
            }
        }
    }

    #[test]
    fn latin1_lower_case_agrees_with_unicode() {
        for c in '\u{80}'..='\u{ff}' {
            let unicode: String = c.to_lowercase().collect();
            assert_eq!(latin1_lower(c).to_string(), unicode, "{c:?}");
        }
    }

    #[test]
    fn load_le_is_a_zero_padded_copy() {
        let bytes: Vec<u8> = (1..=8).collect();
        for n in 0..=8 {
            let mut x = [0u8; 8];
            x[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(load_le(&bytes[..n]), u64::from_le_bytes(x), "{n} bytes");
        }
    }

    #[test]
    fn split_terminated_splits_at_every_terminator() {
        for (text, lines) in [
            ("", &[][..]),
            ("a", &["a"][..]),
            ("a\n", &["a"]),
            ("a\r\nb\rc\n\nd", &["a", "b", "c", "", "d"]),
            ("\r\r\n", &["", ""]),
        ] {
            assert_eq!(
                split_terminated(text).collect::<Vec<_>>(),
                lines,
                "{text:?}"
            );
        }
    }

    #[test]
    fn split_lines_splits_like_str_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\r",
            "a\rb\n\n",
            "\r\n\r\n",
            "x\n\ny",
        ] {
            let ours: Vec<&str> = split_lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_pushed_as_display_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut s = String::from("x");
            push_num(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    #[test]
    fn word_units_counts_spaceless_scripts() {
        assert_eq!(word_units("Haftar meets Putin"), 3);
        assert_eq!(word_units("习近平会见普京"), 3);
        assert_eq!(word_units("بوتين يلتقي حفتر"), 3);
    }

    #[test]
    fn sentence_endings_in_several_scripts() {
        assert!(ends_like_sentence("He said so.\u{201D}"));
        assert!(ends_like_sentence("他说。"));
        assert!(ends_like_sentence("هل قال ذلك؟"));
        assert!(!ends_like_sentence("Haftar Meets Putin"));
    }

    #[test]
    fn characters_that_show_nothing_make_no_difference_when_folded() {
        for (a, b) in [
            ("\u{feff}Storm hits the coast", "Storm hits the coast"),
            ("Storm hits the co\u{ad}ast", "Storm hits the coast"),
            ("Storm \u{200b}hits the coast", "Storm hits the coast"),
            ("Storm \u{200b} hits", "Storm hits"),
        ] {
            assert_eq!(fold_hash(a), fold_hash(b), "{a:?}");
            assert_eq!(fold(a), fold(b), "{a:?}");
        }
        // A joiner is part of how a word is written.
        assert_ne!(fold_hash("a\u{200d}b"), fold_hash("ab"));
    }
}
