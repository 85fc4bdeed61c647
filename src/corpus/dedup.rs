//! Duplicate articles across a corpus: exact copies (a hash of the normalized
//! body) and near copies (one-permutation MinHash over word shingles, or
//! character shingles for text without spaces, with a Jaccard estimate).
//!
//! [`DupIndex`] is consulted in input order, so "the first copy" is the first
//! in sorted path or stream order whatever the thread count. It keeps one LSH
//! band table, and for the first article of each band key a 64-bit sketch (one
//! bit per MinHash bucket), a 32-bit body hash and the caller's 64-bit locator
//! (where the article is): at most about 31 bytes per article. A candidate
//! from the band is an exact copy when hash and sketch agree, and a near copy
//! when the Jaccard similarity estimated from the sketches reaches the
//! threshold.

use crate::text::is_spaceless_script;

/// MinHash buckets (and bits in the sketch).
const BUCKETS: usize = 64;

/// What identifies an article's text for duplicate detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// Hash of the folded body; equal bodies have equal hashes.
    pub exact: u64,
    /// One bit of each bucket's minimum: the sketch for the Jaccard estimate.
    pub sketch: u64,
    /// LSH band key: the first bucket's minimum (equal with probability about
    /// the Jaccard similarity).
    pub band: u32,
    /// Whether the text signed had enough shingles for near-duplicate
    /// detection.
    pub shingled: bool,
    /// Whether the headline is signed too (see [`Signature::of_article`]).
    pub whole: bool,
}

/// Words (or characters of text without spaces) a body needs to stand for
/// its article alone: about a sentence.
pub const MIN_BODY_UNITS: usize = 20;

/// Mixed into the hashes of a signature that covers the headline too, so
/// that it never equals a body's.
const WHOLE: u64 = 0x5748_4f4c_4520_4152;

fn mix(mut x: u64) -> u64 {
    // splitmix64 finalizer: fast, well spread.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Signature {
    /// The signature of an article as cleaned: `lines` are the lines that
    /// stay, blank lines aside. A body (the lines after the headline, or all
    /// of them when the first is not shaped like a headline: a text whose
    /// title is kept elsewhere opens with a paragraph) of at least
    /// [`MIN_BODY_UNITS`] words is signed alone, so that a copy under another
    /// headline is found. A shorter body cannot tell articles apart (`See
    /// also`, or nothing at all under a headline), so the headline is signed
    /// with it: two headline-only articles are copies only when their
    /// headlines are. An article without text has no signature.
    pub fn of_article(lines: &[&str]) -> Option<Signature> {
        if lines.iter().all(|l| l.is_empty()) {
            return None;
        }
        let headline = lines
            .first()
            .is_some_and(|l| crate::lines::is_headline_like(l));
        let body = &lines[usize::from(headline)..];
        let units = units_of(body);
        Some(if units.len() >= MIN_BODY_UNITS {
            Signature::of_units(body, &units, false)
        } else {
            Signature::of_units(lines, &units_of(lines), true)
        })
    }

    /// The signature of `lines`, whose shingle units are `units`.
    fn of_units(lines: &[&str], units: &[u64], whole: bool) -> Signature {
        let tag = if whole { WHOLE } else { 0 };
        let mut exact: u64 = 0x9e37_79b9_7f4a_7c15 ^ tag;
        for l in lines {
            exact = mix(exact ^ bytes_hash(l.as_bytes()));
        }
        let mins = minhash(units);
        let shingled = mins.iter().any(|&m| m != u64::MAX);
        let sketch = mins
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, &m)| acc | ((m & 1) << i));
        let band = (mix(mins[0] ^ tag) >> 32) as u32;
        Signature {
            exact,
            sketch,
            band,
            shingled,
            whole,
        }
    }

    /// The body hash in 32 bits, as the index keeps it.
    pub fn exact32(&self) -> u32 {
        (self.exact >> 32) as u32 ^ self.exact as u32
    }

    /// The key under which the index looks for an earlier copy: the LSH
    /// band key, or for a body too short to shingle its hash.
    pub fn key(&self) -> u32 {
        if self.shingled {
            self.band
        } else {
            self.exact32()
        }
    }

    /// Estimated Jaccard similarity of two signatures' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let equal = (!(self.sketch ^ other.sketch)).count_ones() as f64 / BUCKETS as f64;
        (2.0 * equal - 1.0).max(0.0)
    }
}

/// Where the words of a normalized line are (separated by single ASCII
/// spaces: start and end byte), found eight bytes at a time.
fn for_each_word(line: &str, mut f: impl FnMut(usize, usize)) {
    let b = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut emit = |start: usize, end: usize| {
        if end > start {
            f(start, end);
        }
    };
    while let Some(block) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        let mut spaces = crate::text::zero_bytes(x ^ crate::text::splat(b' '));
        while spaces != 0 {
            let k = i + (spaces.trailing_zeros() / 8) as usize;
            emit(start, k);
            start = k + 1;
            spaces &= spaces - 1;
        }
        i += 8;
    }
    for (k, &x) in b.iter().enumerate().skip(i) {
        if x == b' ' {
            emit(start, k);
            start = k + 1;
        }
    }
    emit(start, b.len());
}

/// One step of the word and body hashes: eight bytes mixed in.
fn step(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The bytes of `b` eight at a time (little-endian), whole blocks with
/// plain loads and the short tail, if any, zero-padded.
fn blocks(b: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let whole = b.chunks_exact(8);
    let tail = whole.remainder();
    whole
        .map(|block| u64::from_le_bytes(block.try_into().expect("eight bytes")))
        .chain((!tail.is_empty()).then(|| crate::text::load_le(tail)))
}

/// Eight ASCII bytes with their case bit set: what word hashes mix in.
const CASE: u64 = 0x2020_2020_2020_2020;

/// The shingle units of one word: its hash, or one hash per character for
/// a word of a script written without spaces (three-byte UTF-8 and up).
fn push_units(word: &str, units: &mut Vec<u64>) {
    let b = word.as_bytes();
    // ASCII words (most) are hashed eight bytes at a time with their case
    // bit set, in the same pass that checks they are ASCII.
    let mut h = b.len() as u64;
    let mut high = 0u64;
    // (The loop over `blocks` written out: an iterator here measured 0.4%
    // more instructions over the whole pipeline.)
    let mut whole = b.chunks_exact(8);
    for block in &mut whole {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        high |= x;
        h = step(h, x | CASE);
    }
    if !whole.remainder().is_empty() {
        let x = crate::text::load_le(whole.remainder());
        high |= x;
        h = step(h, x | CASE);
    }
    if high & 0x8080_8080_8080_8080 == 0 {
        units.push(mix(h));
    } else if b.iter().any(|&x| x >= 0xE0) && word.chars().any(is_spaceless_script) {
        units.extend(word.chars().map(|c| mix(c as u64)));
    } else {
        units.push(crate::text::fold_hash_word(word));
    }
}

/// [`push_units`] of the word at `start..end` of `line`. A short ASCII
/// word with eight bytes of the line from its start is read with one load
/// and the bytes after it masked off, which gives the same hash without
/// the branches of reading a word of any length.
fn push_word(line: &str, start: usize, end: usize, units: &mut Vec<u64>) {
    let len = end - start;
    if len <= 8
        && let Some(block) = line.as_bytes().get(start..start + 8)
    {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"))
            & (u64::MAX >> (64 - 8 * len));
        if x & 0x8080_8080_8080_8080 == 0 {
            units.push(mix(step(len as u64, x | CASE)));
            return;
        }
    }
    push_units(&line[start..end], units);
}

/// A fast hash of bytes, eight at a time: the exact-copy hash of a body
/// (normalized text, compared as it is).
fn bytes_hash(b: &[u8]) -> u64 {
    mix(blocks(b).fold(b.len() as u64, step))
}

/// The shingle units of `lines`, in order: a hash per word, or per
/// character of text without spaces.
fn units_of(lines: &[&str]) -> Vec<u64> {
    let mut units: Vec<u64> = Vec::with_capacity(512);
    for line in lines {
        // Lines are normalized: words are separated by ASCII spaces.
        for_each_word(line, |start, end| push_word(line, start, end, &mut units));
    }
    units
}

/// One-permutation MinHash with densification: each shingle's hash picks a
/// bucket and competes for its minimum; empty buckets borrow the next one's.
/// Shingles are five consecutive words (folded), or five characters of text
/// without spaces; each word is hashed once and shingles combine the hashes.
fn minhash(units: &[u64]) -> [u64; BUCKETS] {
    let mut mins = [u64::MAX; BUCKETS];
    let mut add = |h: u64| {
        let b = (h % BUCKETS as u64) as usize;
        let v = h / BUCKETS as u64;
        if v < mins[b] {
            mins[b] = v;
        }
    };
    for w in units.windows(5) {
        add(mix(w[0]
            ^ w[1].rotate_left(13)
            ^ w[2].rotate_left(26)
            ^ w[3].rotate_left(39)
            ^ w[4].rotate_left(52)));
    }
    // Densify: an empty bucket takes the value of the next non-empty one.
    if mins.iter().any(|&m| m != u64::MAX) {
        for i in 0..BUCKETS {
            if mins[i] == u64::MAX {
                let mut j = (i + 1) % BUCKETS;
                while mins[j] == u64::MAX {
                    j = (j + 1) % BUCKETS;
                }
                mins[i] = mix(mins[j] ^ i as u64);
            }
        }
    }
    mins
}

/// A duplicate found: where the first copy is, and how similar.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// The locator the first copy was added with.
    pub first: u64,
    /// True for an identical body; false for a near copy.
    pub exact: bool,
    /// Estimated Jaccard similarity (1.0 for exact copies).
    pub similarity: f64,
}

impl Duplicate {
    /// How far under its estimate a near copy's similarity may be: two
    /// standard errors of the estimate (from the share of sketch bits that
    /// agree), about 0.11 at an estimate of 0.9 and 0 for an exact copy.
    pub fn margin(&self) -> f64 {
        if self.exact {
            return 0.0;
        }
        // The share of agreeing bits is (1 + J) / 2; J is estimated as twice
        // that share less one, so its error is twice the share's.
        let agree = (1.0 + self.similarity) / 2.0;
        2.0 * 2.0 * (agree * (1.0 - agree) / BUCKETS as f64).sqrt()
    }

    /// Near enough to delete without doubt at `threshold`: exact, or
    /// estimated at the threshold plus [`Duplicate::margin`].
    pub fn beyond_doubt(&self, threshold: f64) -> bool {
        self.exact || self.similarity - self.margin() >= threshold
    }

    /// Why a copy that is not [`DupIndex::beyond_doubt`] is kept.
    pub fn doubt(&self) -> String {
        format!(
            "the estimate may be off by {:.2}, so the article may not be a copy",
            self.margin()
        )
    }
}

/// Values in fixed-size chunks: memory follows the count closely (no
/// doubling), and nothing is copied as it grows.
#[derive(Debug)]
struct Chunked<T> {
    chunks: Vec<Vec<T>>,
}

impl<T: Copy> Chunked<T> {
    const CHUNK: usize = 1024;

    fn push(&mut self, v: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < Self::CHUNK => c.push(v),
            _ => {
                let mut c = Vec::with_capacity(Self::CHUNK);
                c.push(v);
                self.chunks.push(c);
            }
        }
    }

    fn get(&self, i: usize) -> T {
        self.chunks[i / Self::CHUNK][i % Self::CHUNK]
    }

    fn bytes(&self) -> usize {
        self.chunks.len() * Self::CHUNK * std::mem::size_of::<T>()
            + self.chunks.capacity() * std::mem::size_of::<Vec<T>>()
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { chunks: Vec::new() }
    }
}

/// Band key to entry, by open addressing with linear probing in one vector
/// of `key << 32 | entry + 1` (0 is an empty slot). It grows by an eighth
/// when seven eighths full, so that it is never much emptier than that.
#[derive(Debug, Default)]
struct BandTable {
    slots: Vec<u64>,
    len: usize,
}

impl BandTable {
    fn slot_of(key: u32, slots: usize) -> usize {
        // Keys are hashes already: scale to the table (no modulo).
        ((u64::from(key) * slots as u64) >> 32) as usize
    }

    fn get(&self, key: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = Self::slot_of(key, self.slots.len());
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if (s >> 32) as u32 == key {
                return Some(s as u32 - 1);
            }
            i = (i + 1) % self.slots.len();
        }
    }

    /// Add `key` (not in the table) for `entry`.
    fn insert(&mut self, key: u32, entry: u32) {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            let grown = (self.slots.len() + self.slots.len() / 8).max(1024);
            let old = std::mem::replace(&mut self.slots, vec![0; grown]);
            for s in old.into_iter().filter(|&s| s != 0) {
                Self::place(&mut self.slots, s);
            }
        }
        Self::place(
            &mut self.slots,
            (u64::from(key) << 32) | u64::from(entry + 1),
        );
        self.len += 1;
    }

    fn place(slots: &mut [u64], s: u64) {
        let mut i = Self::slot_of((s >> 32) as u32, slots.len());
        while slots[i] != 0 {
            i = (i + 1) % slots.len();
        }
        slots[i] = s;
    }
}

/// The articles seen so far, in input order (see the module documentation).
#[derive(Debug, Default)]
pub struct DupIndex {
    band: BandTable,
    sketches: Chunked<u64>,
    exacts: Chunked<u32>,
    locators: Chunked<u64>,
    entries: u32,
    articles: u64,
    threshold: f64,
}

impl DupIndex {
    /// An index that reports near copies at or above `threshold` (Jaccard).
    pub fn new(threshold: f64) -> DupIndex {
        DupIndex {
            threshold,
            ..DupIndex::default()
        }
    }

    /// Look up the next article and add it; `locator` says where it is (a
    /// file and line, a record number), for reporting later copies. Returns
    /// the first copy it duplicates, if any.
    pub fn check_and_add(&mut self, sig: &Signature, locator: u64) -> Option<Duplicate> {
        self.articles += 1;
        let exact32 = sig.exact32();
        // Bodies too short to shingle are compared by their hash alone.
        let key = sig.key();
        let Some(f) = self.band.get(key) else {
            // Only the first article of a band key is ever a first copy, so
            // only it is kept.
            self.band.insert(key, self.entries);
            self.entries += 1;
            self.sketches.push(sig.sketch);
            self.exacts.push(exact32);
            self.locators.push(locator);
            return None;
        };
        let f = f as usize;
        let first = self.locators.get(f);
        if self.exacts.get(f) == exact32 && self.sketches.get(f) == sig.sketch {
            return Some(Duplicate {
                first,
                exact: true,
                similarity: 1.0,
            });
        }
        if !sig.shingled {
            return None;
        }
        let other = Signature {
            sketch: self.sketches.get(f),
            ..*sig
        };
        let sim = sig.similarity(&other);
        (sim >= self.threshold).then_some(Duplicate {
            first,
            exact: false,
            similarity: sim,
        })
    }

    /// Is a copy this index found near enough to delete without doubt: exact,
    /// or estimated at the threshold plus [`Duplicate::margin`]? A copy that
    /// only the estimate puts over the threshold may be under it, and deleting
    /// an article that is not a copy loses real content.
    pub fn beyond_doubt(&self, d: &Duplicate) -> bool {
        d.beyond_doubt(self.threshold)
    }

    /// How many first copies the index keeps (articles whose band key was new).
    pub fn entries(&self) -> u32 {
        self.entries
    }

    /// Bytes the index holds per article added: the band table and the
    /// per-entry chunks, as allocated.
    pub fn bytes_per_article(&self) -> f64 {
        let bytes = self.band.slots.capacity() * 8
            + self.sketches.bytes()
            + self.exacts.bytes()
            + self.locators.bytes();
        bytes as f64 / self.articles.max(1) as f64
    }
}

/// What `copydesk signatures` writes for each article: one JSON object per
/// line, enough for an engine (Spark, a shell pipeline) to find duplicate
/// articles across a whole crawl exactly as [`DupIndex`] finds them on one
/// machine. Group records by `key`; in each group the first copy is the
/// record first in the crawl's order (for example the smallest id); a later
/// record is an exact copy of it when `exact` and `sketch` are equal, and a
/// near copy when `shingled` and the estimated similarity reaches the
/// threshold: `max(0, 2 * s / 64 - 1)`, `s` the number of equal bits of the
/// two sketches (64 minus the popcount of their XOR).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SignatureRecord {
    /// The record's id field as it stands in the input (any JSON value), or
    /// `null` when the record has none.
    pub id: serde_json::Value,
    /// 1-based line of the record in its input stream.
    pub line: u64,
    /// Where to look for earlier copies: 8 hex digits.
    pub key: String,
    /// The hash of the article's folded body: 8 hex digits.
    pub exact: String,
    /// The 64-bit MinHash sketch: 16 hex digits.
    pub sketch: String,
    /// Whether the text had enough words for near copies (else only exact
    /// copies count).
    pub shingled: bool,
}

impl SignatureRecord {
    /// The record of an article signed `sig`.
    pub fn new(id: serde_json::Value, line: u64, sig: &Signature) -> SignatureRecord {
        SignatureRecord {
            id,
            line,
            key: format!("{:08x}", sig.key()),
            exact: format!("{:08x}", sig.exact32()),
            sketch: format!("{:016x}", sig.sketch),
            shingled: sig.shingled,
        }
    }
}

/// The JSON Schema of [`SignatureRecord`] (`signature.schema.json`), and
/// under `$defs` that of [`DuplicateDecision`], derived from the types.
pub fn signature_schema() -> serde_json::Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let decision = generator.subschema_for::<DuplicateDecision>();
    let mut schema = serde_json::to_value(generator.root_schema_for::<SignatureRecord>())
        .expect("a schema is JSON");
    schema["$id"] = "https://github.com/copydesk/copydesk/signature.schema.json".into();
    schema["title"] = "copydesk signature record".into();
    schema["$defs"]["DuplicateDecision"] = serde_json::to_value(decision).expect("JSON");
    schema
}

/// A decision an engine made from signature records, read back by `clean
/// --jsonl --duplicates FILE`: the record `id` repeats the record
/// `duplicate_of`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicateDecision {
    /// The later copy's id.
    pub id: serde_json::Value,
    /// The first copy's id.
    pub duplicate_of: serde_json::Value,
    /// An exact copy (equal body hash and sketch).
    pub exact: bool,
    /// The estimated similarity (1 for an exact copy).
    pub similarity: f64,
}

impl DuplicateDecision {
    /// As the index's own finding.
    pub fn duplicate(&self) -> Duplicate {
        Duplicate {
            first: 0,
            exact: self.exact,
            similarity: if self.exact { 1.0 } else { self.similarity },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_copies_and_estimates_well_over_the_threshold_are_beyond_doubt() {
        let near = |similarity| Duplicate {
            first: 0,
            exact: false,
            similarity,
        };
        let exact = Duplicate {
            exact: true,
            ..near(1.0)
        };
        let (at_80, at_95) = (DupIndex::new(0.8), DupIndex::new(0.95));
        assert!(at_80.beyond_doubt(&exact) && exact.margin() == 0.0);
        assert!(
            !at_80.beyond_doubt(&near(0.85)),
            "within the estimate's error"
        );
        assert!(!at_80.beyond_doubt(&near(0.9)));
        assert!(at_80.beyond_doubt(&near(0.97)));
        assert!(!at_95.beyond_doubt(&near(0.97)));
        // Two standard errors of 64 one-bit buckets at 0.9: about 0.11.
        assert!((near(0.9).margin() - 0.109).abs() < 0.001);
    }

    #[test]
    fn words_are_split_at_every_space_whatever_the_block_edges() {
        let alphabet = ["a", "Bc", " ", "é", "\u{2019}", "习"];
        for line in crate::text::testgen::strings(&alphabet, 3000, 60) {
            let mut got = Vec::new();
            for_each_word(&line, |start, end| got.push(line[start..end].to_string()));
            let expected: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(got, expected, "{line:?}");
        }
    }

    #[test]
    fn short_words_read_at_once_hash_as_read_byte_by_byte() {
        let alphabet = ["ab", "CdEfGhI", " ", "é", "习", "x", "-"];
        for line in crate::text::testgen::strings(&alphabet, 3000, 60) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            for_each_word(&line, |start, end| {
                push_word(&line, start, end, &mut fast);
                push_units(&line[start..end], &mut slow);
            });
            assert_eq!(fast, slow, "{line:?}");
        }
    }

    fn body(seed: u64, n: usize) -> String {
        let words = [
            "harbour", "ferry", "council", "budget", "vote", "storm", "route", "minister",
            "school", "road", "tax", "river", "bridge", "market", "strike", "union",
        ];
        (0..n)
            .map(|i| words[(mix(seed.wrapping_add(i as u64)) % words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn exact_and_near_copies_are_found_and_distinct_texts_are_not() {
        let a = body(1, 400);
        let mut near = a.clone();
        near.push_str(" a few more words at the end");
        let other = body(99, 400);
        let sig = |headline: &str, body: &str| Signature::of_article(&[headline, body]).unwrap();
        let mut idx = DupIndex::new(0.8);
        assert_eq!(idx.check_and_add(&sig("Storm", &a), 10), None);
        assert_eq!(idx.check_and_add(&sig("Storm", &other), 11), None);
        // The same body under another headline is a copy.
        let d = idx.check_and_add(&sig("Gale", &a), 12).unwrap();
        assert!(d.exact && d.first == 10);
        let d = idx.check_and_add(&sig("Storm", &near), 13).unwrap();
        assert!(!d.exact && d.first == 10 && d.similarity >= 0.8, "{d:?}");
    }

    #[test]
    fn a_body_too_short_to_tell_articles_apart_is_signed_with_its_headline() {
        let mut idx = DupIndex::new(0.8);
        let mut add = |lines: &[&str], at| {
            let sig = Signature::of_article(lines).unwrap();
            idx.check_and_add(&sig, at)
        };
        // Headline-only articles (no body at all), and articles with the
        // same short body: copies only when the headlines are the same too.
        assert_eq!(add(&["Storm closes ferry routes"], 1), None);
        assert_eq!(add(&["Council approves school budget"], 2), None);
        assert_eq!(add(&["Storm closes ferry routes"], 3).unwrap().first, 1);
        assert_eq!(add(&["Rail strike halts trains", "See also"], 4), None);
        assert_eq!(add(&["Ferry news", "See also"], 5), None);
        let d = add(&["Rail strike halts trains", "See also"], 6).unwrap();
        assert!(d.exact && d.first == 4);
        // One word short of the limit, the body is not the same text under
        // another headline (only, here, a near copy); at the limit, it is.
        let short = body(7, MIN_BODY_UNITS - 1);
        assert_eq!(add(&["Gale warning", &short], 7), None);
        assert!(add(&["Storm warning", &short], 8).is_none_or(|d| !d.exact));
        let long = body(8, MIN_BODY_UNITS);
        assert_eq!(add(&["Gale warning", &long], 9), None);
        assert!(add(&["Storm warning", &long], 10).is_some_and(|d| d.exact && d.first == 9));
        // The same lines signed as a whole article and as a body differ.
        let whole = Signature::of_article(&[&long]).unwrap();
        let body_only = Signature::of_article(&["", &long]).unwrap();
        assert!(whole.whole && !body_only.whole);
        assert!(whole.exact != body_only.exact && whole.band != body_only.band);
    }

    /// A text that opens with a paragraph (its title kept elsewhere) is all
    /// body: two such texts with different first paragraphs are not the same
    /// body, and a copy that lost its headline is still a copy.
    #[test]
    fn a_text_without_a_headline_is_all_body() {
        let lede = format!("{}.", body(20, 30));
        let other_lede = format!("{}.", body(21, 30));
        let rest = format!("{}.", body(22, 40));
        let a = Signature::of_article(&[&lede, &rest]).unwrap();
        let b = Signature::of_article(&[&other_lede, &rest]).unwrap();
        assert!(!a.whole && a.exact != b.exact);
        let titled =
            Signature::of_article(&["Storm closes the ferry routes", &lede, &rest]).unwrap();
        assert_eq!(titled, a);
    }

    #[test]
    fn an_article_without_text_has_no_signature() {
        assert_eq!(Signature::of_article(&[]), None);
        assert_eq!(Signature::of_article(&["", ""]), None);
    }

    #[test]
    fn the_band_table_finds_every_key_it_holds_and_no_other() {
        let mut t = BandTable::default();
        let mut seen = std::collections::HashSet::new();
        for k in 0..50_000u64 {
            let key = mix(k) as u32;
            if seen.insert(key) {
                t.insert(key, k as u32);
            }
        }
        for k in 0..50_000u64 {
            let key = mix(k) as u32;
            assert!(t.get(key).is_some(), "{key}");
        }
        let absent = (50_000..60_000u64)
            .map(|k| mix(k) as u32)
            .filter(|k| !seen.contains(k));
        for key in absent {
            assert_eq!(t.get(key), None);
        }
        assert!(t.len * 8 <= t.slots.len() * 7, "at most seven eighths full");
    }

    #[test]
    fn the_index_costs_at_most_32_bytes_per_article() {
        let mut idx = DupIndex::new(0.8);
        for n in 1..=300_000u64 {
            let sig = Signature {
                exact: mix(n),
                sketch: mix(n ^ 0xabcd),
                band: (mix(n ^ 0x1234) >> 32) as u32,
                shingled: true,
                whole: false,
            };
            idx.check_and_add(&sig, n);
            if n % 10_000 == 0 {
                let b = idx.bytes_per_article();
                assert!(b <= 32.0, "{b:.1} bytes per article after {n}");
            }
        }
    }
}
