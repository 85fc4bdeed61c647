//! Small text helpers shared by the detectors: folding for comparison and
//! script-aware measures of length.
//!
//! Nothing here assumes ASCII or spaces between words: lengths are counted in
//! "word units", where a run of letters separated by spaces counts once and each
//! character of a script written without spaces (Han, Kana, Thai...) counts as a
//! third of a word.

/// Fold a line for comparison: lower case, one style of quote, apostrophe and
/// dash, single spaces, no surrounding space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_chars(s, |c| out.push(c));
    out
}

/// A 64-bit hash of [`fold`]`(s)`, computed without allocating: equal folds
/// give equal hashes.
pub fn fold_hash(s: &str) -> u64 {
    if let Some(h) = fold_hash_plain_ascii(s) {
        return h;
    }
    fold_hash_chars(s)
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
    let lower = |x: u64| {
        let ge_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
        let gt_z = x.wrapping_add(0x2525_2525_2525_2525);
        x | ((ge_a & !gt_z & 0x8080_8080_8080_8080) >> 2)
    };
    let mut h = FOLD_SEED;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        h = (h ^ lower(x)).wrapping_mul(FOLD_K).rotate_left(29);
    }
    let rest = chunks.remainder();
    h = (h ^ lower(load_le(rest)) ^ rest.len() as u64).wrapping_mul(FOLD_K);
    Some(h ^ (h >> 31))
}

/// [`fold_hash`] over the folded characters, one at a time.
fn fold_hash_chars(s: &str) -> u64 {
    const K: u64 = FOLD_K;
    let mut h: u64 = FOLD_SEED;
    // Folded characters are packed eight bytes at a time (ASCII) or one at a
    // time (others) and mixed with one multiplication per word.
    let mut acc: u64 = 0;
    let mut n = 0u32;
    let mut push = |c: char| {
        if c.is_ascii() {
            acc |= (c as u64) << (8 * n);
            n += 1;
            if n == 8 {
                h = (h ^ acc).wrapping_mul(K).rotate_left(29);
                acc = 0;
                n = 0;
            }
        } else {
            h = (h ^ acc ^ ((c as u64) << 32))
                .wrapping_mul(K)
                .rotate_left(29);
            acc = 0;
            n = 0;
        }
    };
    fold_chars(s, &mut push);
    h = (h ^ acc ^ u64::from(n)).wrapping_mul(K);
    h ^ (h >> 31)
}

/// The characters of the folded line, in order.
fn fold_chars(s: &str, mut emit: impl FnMut(char)) {
    // ASCII folds to lower case only (a backtick stays a backtick), so that
    // `fold_hash_plain_ascii` agrees with this function.
    let mut started = false;
    let mut pending_space = false;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII is handled a byte at a time; other characters are decoded.
        let x = b[i];
        if x < 0x80 {
            i += 1;
            if matches!(x, b'\t'..=b'\r' | b' ') {
                pending_space = started;
                continue;
            }
            if pending_space {
                emit(' ');
                pending_space = false;
            }
            started = true;
            emit(char::from(x.to_ascii_lowercase()));
            continue;
        }
        let c = s[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            emit(' ');
            pending_space = false;
        }
        started = true;
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => {
                emit('\'')
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => emit('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => emit('-'),
            c if c.is_ascii() => emit(c.to_ascii_lowercase()),
            c => c.to_lowercase().for_each(&mut emit),
        }
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
    if s.is_ascii() {
        let mut words = 0usize;
        let mut in_word = false;
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if !in_word {
                    words += 1;
                    in_word = true;
                }
            } else if b.is_ascii_whitespace() {
                in_word = false;
            }
        }
        return words;
    }
    let mut words = 0usize;
    let mut spaceless = 0usize;
    let mut in_word = false;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII is tested a byte at a time; other characters are decoded.
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_alphanumeric() {
                if !in_word {
                    words += 1;
                    in_word = true;
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
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else if c.is_whitespace() {
            in_word = false;
        }
    }
    words + spaceless.div_ceil(3)
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
    s.chars().any(|c| c.is_numeric())
}

/// Is the line made only of punctuation or symbols (a `-----` or `***` separator)?
pub fn is_separator(s: &str) -> bool {
    !s.trim().is_empty() && !s.chars().any(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn fold_hash_agrees_with_fold() {
        assert_eq!(
            fold_hash("  Libya\u{2019}s  HAFTAR "),
            fold_hash("libya's haftar")
        );
        assert_ne!(fold_hash("Libya"), fold_hash("Libya's"));
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
}
