//! Duplicate articles across a corpus: exact copies (a hash of the normalized
//! body) and near copies (one-permutation MinHash over word shingles, or
//! character shingles for text without spaces, with a Jaccard estimate).
//!
//! [`DupIndex`] is consulted in input order, so "the first copy" is the first
//! in sorted path or stream order whatever the thread count. It keeps 12 bytes
//! per article (a 64-bit sketch, one bit per MinHash bucket, and a 32-bit body
//! hash) plus one LSH band table; a candidate from the band is an exact copy
//! when hash and sketch agree, and a near copy when the Jaccard similarity
//! estimated from the sketches reaches the threshold.

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
    /// Whether the body had enough shingles for near-duplicate detection.
    pub shingled: bool,
}

fn mix(mut x: u64) -> u64 {
    // splitmix64 finalizer: fast, well spread.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Signature {
    /// The signature of an article's body lines.
    pub fn of(lines: &[&str]) -> Signature {
        let mut exact: u64 = 0x9e37_79b9_7f4a_7c15;
        for l in lines {
            exact = mix(exact ^ bytes_hash(l.as_bytes()));
        }
        let mins = minhash(lines);
        let shingled = mins.iter().any(|&m| m != u64::MAX);
        let sketch = mins
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, &m)| acc | ((m & 1) << i));
        let band = (mix(mins[0]) >> 32) as u32;
        Signature {
            exact,
            sketch,
            band,
            shingled,
        }
    }

    /// Estimated Jaccard similarity of two signatures' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let equal = (!(self.sketch ^ other.sketch)).count_ones() as f64 / BUCKETS as f64;
        (2.0 * equal - 1.0).max(0.0)
    }
}

/// A cheap case-insensitive hash of one word: ASCII words are read eight
/// bytes at a time with their case bit set; others go through [`fold_hash`].
///
/// [`fold_hash`]: crate::text::fold_hash
fn word_hash(w: &str) -> u64 {
    let b = w.as_bytes();
    if !w.is_ascii() {
        return crate::text::fold_hash(w);
    }
    let mut h = b.len() as u64;
    for chunk in b.chunks(8) {
        h = (h.rotate_left(5) ^ (crate::text::load_le(chunk) | 0x2020_2020_2020_2020))
            .wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    mix(h)
}

/// A fast hash of bytes, eight at a time: the exact-copy hash of a body
/// (normalized text, compared as it is).
fn bytes_hash(b: &[u8]) -> u64 {
    let mut h = b.len() as u64;
    for chunk in b.chunks(8) {
        h = (h.rotate_left(5) ^ crate::text::load_le(chunk)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    mix(h)
}

/// One-permutation MinHash with densification: each shingle's hash picks a
/// bucket and competes for its minimum; empty buckets borrow the next one's.
/// Shingles are five consecutive words (folded), or five characters of text
/// without spaces; each word is hashed once and shingles combine the hashes.
fn minhash(lines: &[&str]) -> [u64; BUCKETS] {
    let mut mins = [u64::MAX; BUCKETS];
    let mut add = |h: u64| {
        let b = (h % BUCKETS as u64) as usize;
        let v = h / BUCKETS as u64;
        if v < mins[b] {
            mins[b] = v;
        }
    };
    let mut units: Vec<u64> = Vec::with_capacity(512);
    for line in lines {
        // Lines are normalized: words are separated by ASCII spaces. One pass
        // over the bytes finds the words and notes three-byte UTF-8 (from
        // U+0800, where spaceless scripts start).
        let b = line.as_bytes();
        let mut start = 0;
        let mut wide = false;
        for i in 0..=b.len() {
            let x = b.get(i).copied().unwrap_or(b' ');
            if x != b' ' {
                wide |= x >= 0xE0;
                continue;
            }
            if i > start {
                let word = &line[start..i];
                if wide && word.chars().any(is_spaceless_script) {
                    units.extend(word.chars().map(|c| mix(c as u64)));
                } else {
                    units.push(word_hash(word));
                }
            }
            start = i + 1;
            wide = false;
        }
    }
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

/// A duplicate found: the id of the first copy, and how similar.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// Index (in input order) of the first copy.
    pub first: u32,
    /// True for an identical body; false for a near copy.
    pub exact: bool,
    /// Estimated Jaccard similarity (1.0 for exact copies).
    pub similarity: f64,
}

/// The articles seen so far, in input order: per article a 64-bit sketch and
/// a 32-bit hash of the body (12 bytes), and one LSH band table holding the
/// first article of each band key.
#[derive(Debug, Default)]
pub struct DupIndex {
    band: crate::text::HashMap32<u32>,
    sketches: Vec<u64>,
    exacts: Vec<u32>,
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

    /// Look up the next article (its id is the number of articles seen) and
    /// add it. Returns the first copy it duplicates, if any.
    pub fn check_and_add(&mut self, sig: &Signature) -> Option<Duplicate> {
        let id = self.sketches.len() as u32;
        let exact32 = (sig.exact >> 32) as u32 ^ sig.exact as u32;
        self.sketches.push(sig.sketch);
        self.exacts.push(exact32);
        // Bodies too short to shingle are compared by their hash alone.
        let key = if sig.shingled { sig.band } else { exact32 };
        let Some(&first) = self.band.get(&key) else {
            self.band.insert(key, id);
            return None;
        };
        let f = first as usize;
        if self.exacts[f] == exact32 && self.sketches[f] == sig.sketch {
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
            sketch: self.sketches[f],
            ..*sig
        };
        let sim = sig.similarity(&other);
        (sim >= self.threshold).then_some(Duplicate {
            first,
            exact: false,
            similarity: sim,
        })
    }

    /// Bytes used per article: the per-article vectors and the band table
    /// (4-byte key, 4-byte id and a control byte per bucket; a table has 8
    /// buckets for every 7 entries it can hold).
    pub fn bytes_per_article(&self) -> f64 {
        let n = self.sketches.len().max(1) as f64;
        let table = self.band.capacity() as f64 * 8.0 / 7.0 * 9.0;
        (table + self.sketches.capacity() as f64 * 8.0 + self.exacts.capacity() as f64 * 4.0) / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut idx = DupIndex::new(0.8);
        assert_eq!(idx.check_and_add(&Signature::of(&[&a])), None);
        assert_eq!(idx.check_and_add(&Signature::of(&[&other])), None);
        let d = idx.check_and_add(&Signature::of(&[&a])).unwrap();
        assert!(d.exact && d.first == 0);
        let d = idx.check_and_add(&Signature::of(&[&near])).unwrap();
        assert!(!d.exact && d.first == 0 && d.similarity >= 0.8, "{d:?}");
    }
}
