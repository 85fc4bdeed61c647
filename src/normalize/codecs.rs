//! UTF-8 read with a single-byte code page other than Windows-1252: Cyrillic
//! sites read as Windows-1251 (`РїСЂРёРІРµС‚` for `привет`), Central European
//! as Windows-1250 or ISO-8859-2 (`ĹĽ` for `ż`), Greek, Turkish and Baltic as
//! Windows-1253/1254/1257, Hebrew, Arabic and Vietnamese as Windows-1255,
//! 1256 and 1258, Mac text as MacRoman (`√©` for `é`) and DOS text as code
//! page 437 (`├⌐` for `é`) or 866.
//!
//! The tables are made at first use from encoding_rs's decoders, and for code
//! page 437, which encoding_rs leaves out, from oem_cp's table; none is typed in;
//! a byte a code page leaves undefined keeps its Latin-1 value ("sloppy"
//! decoding, as browsers and scrapers read it). A line is repaired as a whole:
//! each of its characters must be a byte of the code page (ASCII is itself),
//! the bytes must be valid UTF-8, and the text they make must be shorter and
//! hold no control character or U+FFFD that the line did not. Correct text in
//! any script fails the test: its bytes in its own code page are not UTF-8
//! (a letter byte of 0xC0 to 0xFF must be followed by continuation bytes,
//! which are the code page's rarer letters and symbols).

use std::sync::OnceLock;

/// The code pages tried, by WHATWG label (or `cp437`, from oem_cp), with the
/// name a reason gives.
const CODECS: [(&str, &str); 13] = [
    ("windows-1252", "Windows-1252"),
    ("windows-1251", "Windows-1251"),
    ("windows-1250", "Windows-1250"),
    ("iso-8859-2", "ISO-8859-2"),
    ("windows-1253", "Windows-1253"),
    ("windows-1254", "Windows-1254"),
    ("windows-1257", "Windows-1257"),
    ("macintosh", "MacRoman"),
    ("ibm866", "code page 866"),
    ("cp437", "code page 437"),
    ("windows-1255", "Windows-1255"),
    ("windows-1256", "Windows-1256"),
    ("windows-1258", "Windows-1258"),
];

/// The low bit of every code page's lane: a character every code page could
/// hold as a continuation byte (U+FFFD, a lost byte).
const ANY_CONT: u32 = LOW & ((1 << (2 * CODECS.len())) - 1);

/// Characters below this are classed in a dense table; the code pages'
/// upper halves all fall below it but a few symbols of MacRoman (the Apple
/// logo, two ligatures), kept in [`Tables::high`]. CJK, Hangul and the rest
/// above the table belong to no code page: their class is 0 at once.
pub(super) const DENSE: usize = 0x2600;

struct Tables {
    /// For each code page, character to byte (upper half only).
    encode: Vec<Vec<(char, u8)>>,
    /// For characters below [`DENSE`], two bits per code page k (bits 2k
    /// and 2k+1): 0b01 when the character is a continuation byte (0x80 to
    /// 0xBF) in it, 0b10 when it is a lead byte that needs one continuation
    /// byte (0xC2 to 0xDF), 0b11 when it needs two or more (0xE0 to 0xF4:
    /// four-byte sequences are counted complete after three bytes, which
    /// only lets the repair try a line it then judges in full).
    class: Vec<u32>,
    /// The same bits for the few characters at or above [`DENSE`], sorted.
    high: Vec<(char, u32)>,
}

impl Tables {
    /// The byte code page `k` shows as `c`, if any.
    fn byte_in(&self, k: usize, c: char) -> Option<u8> {
        let map = &self.encode[k];
        map.binary_search_by_key(&c, |&(m, _)| m)
            .ok()
            .map(|i| map[i].1)
    }
}

/// The upper half (bytes 0x80 to 0xFF) of a code page as a reader shows it:
/// a byte the code page leaves undefined keeps its Latin-1 value.
fn upper_half(label: &str) -> [char; 128] {
    if label == "cp437" {
        return oem_cp::code_table::DECODING_TABLE_CP437;
    }
    let codec =
        encoding_rs::Encoding::for_label(label.as_bytes()).expect("a code page encoding_rs knows");
    std::array::from_fn(|i| {
        let b = 0x80 + i as u8;
        let byte = [b];
        let (text, _) = codec.decode_without_bom_handling(&byte);
        text.chars()
            .next()
            .filter(|&c| c != '\u{FFFD}')
            .unwrap_or(char::from(b))
    })
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut encode = Vec::new();
        let mut class = vec![0u32; DENSE];
        let mut high: Vec<(char, u32)> = Vec::new();
        for (k, (label, _)) in CODECS.iter().enumerate() {
            // Character to byte, sorted by character; a character two bytes
            // show keeps the first.
            let mut map: Vec<(char, u8)> = upper_half(label).into_iter().zip(0x80..=0xFF).collect();
            map.sort_by_key(|&(c, b)| (c, b));
            map.dedup_by_key(|&mut (c, _)| c);
            for &(c, b) in &map {
                let lane: u32 = match b {
                    0x80..=0xBF => 0b01,
                    0xC2..=0xDF => 0b10,
                    // Code page 866's letters fill both the lead and the
                    // continuation ranges (`рад` is a three-byte sequence):
                    // only its two-byte leads, box drawing, count there.
                    0xE0..=0xF4 if *label != "ibm866" => 0b11,
                    _ => continue,
                };
                let bits = lane << (2 * k);
                if (c as usize) < DENSE {
                    class[c as usize] |= bits;
                } else {
                    match high.iter_mut().find(|(h, _)| *h == c) {
                        Some((_, b)) => *b |= bits,
                        None => high.push((c, bits)),
                    }
                }
            }
            encode.push(map);
        }
        high.sort_unstable();
        Tables {
            encode,
            class,
            high,
        }
    })
}

/// The lead and continuation bits of `c` ([`Tables::class`]).
pub(super) fn class_of(c: char) -> u32 {
    // A lost byte (U+FFFD) may have been any continuation byte.
    if c == '\u{FFFD}' {
        return ANY_CONT;
    }
    let t = tables();
    if (c as usize) < DENSE {
        return t.class[c as usize];
    }
    t.high
        .binary_search_by_key(&c, |&(h, _)| h)
        .map_or(0, |i| t.high[i].1)
}

/// Low bit of each two-bit lane.
const LOW: u32 = 0x5555_5555;

/// One step of [`evidence`] for a non-ASCII character whose lanes
/// ([`class_of`]) are `x`: `state` holds, per code page, how many
/// continuation bytes the open sequence still needs (two bits each; an ASCII
/// character closes every sequence: the caller sets it to 0). Returns the
/// lanes (low bits) of the code pages in which the character completes a
/// sequence: a lead byte's character followed by as many continuation
/// bytes' as it needs. No branch, no loop over the code pages.
pub(super) fn advance(state: &mut u32, x: u32) -> u32 {
    let r = *state;
    let cont = x & !(x >> 1) & LOW;
    let lead = (x >> 1) & LOW;
    // 0b10 needs one more byte, 0b11 two: the lane less one.
    let need = (x & (lead * 3)) - lead;
    let open = (r | (r >> 1)) & LOW;
    let taken = open & cont;
    let r = r - taken;
    let done = taken & !(r | (r >> 1));
    // An open sequence that meets anything but a continuation byte is over.
    let r = r & !((open & !cont) * 3);
    let idle = !(r | (r >> 1)) & LOW;
    *state = r | (need & (idle * 3));
    done
}

/// Code pages (a bit each) in which `line` holds a complete sequence: a lead
/// byte's character followed by its continuation bytes' characters, where a
/// repair could start. One pass, no allocation; 0 for most lines, and for
/// correct text in scripts whose letters are all leads in their code page
/// (Cyrillic through Windows-1251, Greek through 1253).
pub fn evidence(line: &str) -> u16 {
    let (mut state, mut done) = (0u32, 0u32);
    for c in line.chars() {
        if c.is_ascii() {
            state = 0;
        } else {
            done |= advance(&mut state, class_of(c));
        }
    }
    let mut found = 0u16;
    for k in 0..CODECS.len() {
        if done & (1 << (2 * k)) != 0 {
            found |= 1 << k;
        }
    }
    found
}

/// `line` read back through code page `k`: its bytes, if every character is
/// one of the code page's.
/// A U+FFFD (a byte the reader could not decode, lost) stands for a
/// continuation byte: it is read as 0x80 here, and the character it is part
/// of becomes one U+FFFD again after decoding ([`lost_again`]).
fn bytes_in(line: &str, k: usize) -> Option<(Vec<u8>, Vec<usize>)> {
    let t = tables();
    let mut out = Vec::with_capacity(line.len());
    let mut lost = Vec::new();
    for c in line.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if c == '\u{FFFD}' {
            lost.push(out.len());
            out.push(0x80);
        } else {
            out.push(t.byte_in(k, c)?);
        }
    }
    Some((out, lost))
}

/// `text` with each character that holds a lost byte (at the byte offsets
/// `lost`) written as one U+FFFD: what was lost stays marked, once per
/// character.
fn lost_again(text: String, lost: &[usize]) -> String {
    if lost.is_empty() {
        return text;
    }
    let mut starts: Vec<usize> = lost
        .iter()
        .map(|&at| {
            (0..=at)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0)
        })
        .collect();
    starts.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for start in starts {
        out.push_str(&text[at..start]);
        out.push('\u{FFFD}');
        at = start + text[start..].chars().next().map_or(0, char::len_utf8);
    }
    out.push_str(&text[at..]);
    out
}

/// The bytes as UTF-8, or, when a space stands where a lead byte needs a
/// continuation byte, with those spaces read as the 0xA0 they were before a
/// no-break space was lost on the way: `Ã ` for `à`, `Â ` for a no-break
/// space, `Р ` for `Р` (the leads 0xC2, 0xC3 and 0xD0 only, whose 0xA0
/// characters are common; a space after an em dash read through MacRoman is
/// a space).
fn utf8_restoring_nbsp(bytes: Vec<u8>) -> Option<String> {
    let mut fixed = match String::from_utf8(cesu_pairs(bytes)) {
        Ok(s) => return Some(s),
        Err(e) => e.into_bytes(),
    };
    let mut i = 0;
    let mut restored = false;
    while i < fixed.len() {
        let need = match fixed[i] {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need == 1 && matches!(fixed[i], 0xC2 | 0xC3 | 0xD0) && fixed.get(i + 1) == Some(&b' ') {
            fixed[i + 1] = 0xA0;
            restored = true;
        }
        i += need + 1;
    }
    if !restored {
        return None;
    }
    String::from_utf8(fixed).ok()
}

/// The bytes with each CESU-8 surrogate pair (`ED A0..AF xx ED B0..BF yy`,
/// an emoji written as two three-byte halves, as some databases and Java
/// write it) turned into the four UTF-8 bytes of its character.
fn cesu_pairs(bytes: Vec<u8>) -> Vec<u8> {
    let is_pair = |b: &[u8]| {
        b.len() >= 6
            && b[0] == 0xED
            && (0xA0..=0xAF).contains(&b[1])
            && (0x80..=0xBF).contains(&b[2])
            && b[3] == 0xED
            && (0xB0..=0xBF).contains(&b[4])
            && (0x80..=0xBF).contains(&b[5])
    };
    if !bytes.windows(6).any(is_pair) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if is_pair(&bytes[i..]) {
            let half = |a: u8, b: u8, c: u8| {
                (u32::from(a & 0x0F) << 12) | (u32::from(b & 0x3F) << 6) | u32::from(c & 0x3F)
            };
            let hi = half(bytes[i], bytes[i + 1], bytes[i + 2]);
            let lo = half(bytes[i + 3], bytes[i + 4], bytes[i + 5]);
            let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                .expect("a surrogate pair makes a character");
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            i += 6;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// How odd a reading looks: capitals with an accent between two lower-case
/// letters (`ateinanĨių`), and characters of the Latin Extended-B block that
/// the common languages do not use.
fn oddness(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let inner_capital = !c.is_ascii()
                && c.is_uppercase()
                && i > 0
                && chars[i - 1].is_lowercase()
                && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // Vietnamese `ơ ư` and Romanian `ș ț` are the block's common
            // letters.
            let common = matches!(c, '\u{01A0}' | '\u{01A1}' | '\u{01AF}' | '\u{01B0}')
                || ('\u{0218}'..='\u{021B}').contains(&c);
            inner_capital || (('\u{0180}'..='\u{024F}').contains(&c) && !common)
        })
        .count()
}

/// The script a character belongs to, coarsely: 0 for ASCII, punctuation
/// and symbols (they go with any script), else one number per script.
fn script(c: char) -> u8 {
    match c as u32 {
        0..=0x7F
        | 0xA0..=0xBF
        | 0xD7
        | 0xF7
        | 0x2000..=0x206F
        | 0x20A0..=0x20CF
        | 0x2100..=0x22FF
        | 0x2500..=0x257F
        | 0x3000..=0x303F
        | 0xFE30..=0xFE4F
        | 0xFFFD
        | 0x1F000..=0x1FAFF => 0,
        0x80..=0x24F | 0x1E00..=0x1EFF => 1,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 2,
        0x400..=0x52F => 3,
        0x530..=0x8FF => 4,
        0x900..=0xDFF => 5,
        0xE00..=0xFFF => 6,
        0x2E80..=0x2FFF | 0x3040..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF => 7,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => 8,
        _ => 9,
    }
}

/// Does the one character a repair decoded, `chars[i]`, stand alone as a
/// word of its line's script, from a sequence that holds a symbol (`à` from
/// `√†` through MacRoman or `├á` through code page 437, in a French line)?
/// Such a sequence is specific: correct text puts no root sign before a
/// dagger. A quotation mark is no such symbol (`„Ä“` is a quoted letter), nor
/// is a letter of another script (`√π` is the root of pi, `ù` by chance).
fn alone_as_a_word(chars: &[char], i: usize, line: &str) -> bool {
    let c = chars[i];
    let mangled: Vec<char> = line.chars().collect();
    let Some(extra) = mangled.len().checked_sub(chars.len()) else {
        return false;
    };
    let same_around = mangled.len() > i + extra
        && mangled[..i] == chars[..i]
        && mangled[i + extra + 1..] == chars[i + 1..];
    // A capital only as a sentence's first word (`È necessario`: Italian
    // `È` read as `Ãˆ`).
    let opens_sentence = chars[..i]
        .iter()
        .rev()
        .find(|p| !p.is_whitespace())
        .is_none_or(|p| ".!?:;…".contains(*p));
    let sentence_start = c.is_uppercase()
        && opens_sentence
        && chars.get(i + 1) == Some(&' ')
        && chars.get(i + 2).is_some_and(|n| n.is_lowercase());
    if !same_around || !(c.is_lowercase() || sentence_start) {
        return false;
    }
    let sequence = &mangled[i..=i + extra];
    // Spacing modifiers (`ˆ`, `˜`) are symbols here, letters to Unicode.
    let modifier = |m: char| ('\u{2B0}'..='\u{2FF}').contains(&m);
    let is_quote = |m: char| {
        "'\"\u{2018}\u{2019}\u{201A}\u{201C}\u{201D}\u{201E}\u{AB}\u{BB}\u{2039}\u{203A}"
            .contains(m)
    };
    let own_script = |m: char| {
        if m.is_ascii_alphabetic() {
            1
        } else {
            script(m)
        }
    };
    let boundary = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_none_or(|n| !n.is_alphanumeric())
    };
    let letters_around = chars
        .iter()
        .enumerate()
        .filter(|&(j, &n)| j != i && n.is_alphabetic() && own_script(n) == script(c))
        .count();
    boundary(i.checked_sub(1))
        && boundary(Some(i + 1))
        && letters_around >= 4
        && sequence.iter().any(|&m| {
            (!m.is_alphanumeric() && !m.is_whitespace() && !m.is_control() && !is_quote(m))
                || modifier(m)
        })
        && sequence
            .iter()
            .all(|&m| !m.is_alphabetic() || modifier(m) || own_script(m) == script(c))
}

/// Is `candidate` a better reading of `line`: shorter, in one script (a
/// repair never mixes scripts: an accented letter before two no-break spaces
/// reads as one CJK character by chance), not odd ([`oddness`]), with enough
/// decoded to go on (below: a byte lost after a two-byte lead or inside a
/// quote or dash, `byte_lost`, is enough on its own), and with no control character, U+FFFD or
/// private-use character that `line` lacks?
fn better(candidate: &str, line: &str, byte_lost: bool) -> bool {
    let odd = |c: char| {
        (c.is_control() && c != '\t') || c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c)
    };
    let chars: Vec<char> = candidate.chars().collect();
    let decoded: Vec<usize> = (0..chars.len()).filter(|&i| !chars[i].is_ascii()).collect();
    let mut scripts = chars.iter().map(|&c| script(c)).filter(|&s| s != 0);
    let first = scripts.next();
    let one_script = first.is_none_or(|f| scripts.all(|s| s == f));
    // One sequence alone must read as part of a word (a letter beside a
    // letter), typographic punctuation or a no-break space, in an alphabet
    // written with spaces; a line of CJK or Hangul needs three.
    // Characters the repair took away: a single sequence of three bytes, or
    // one mangled twice, is specific enough on its own.
    let removed = line.chars().count().saturating_sub(chars.len());
    let enough = match (decoded.as_slice(), first) {
        ([], _) => false,
        (_, Some(7..=9)) => decoded.len() >= 3,
        // Four bytes or more for one character (an emoji, CESU-8 halves):
        // specific enough whatever the character.
        ([_], _) if removed >= 3 || byte_lost => true,
        ([i], _) => {
            let c = chars[*i];
            let letter_beside = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|n| n.is_alphabetic())
            };
            (c.is_alphabetic()
                && (removed >= 2 || letter_beside(i.checked_sub(1)) || letter_beside(Some(i + 1))))
                || alone_as_a_word(&chars, *i, line)
                || "\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{2026}\u{a0}\u{ab}\u{bb}"
                    .contains(c)
                // Spanish opening marks before a word.
                || (matches!(c, '¿' | '¡') && chars.get(*i + 1).is_some_and(|n| n.is_alphabetic()))
        }
        _ => true,
    };
    enough
        && oddness(candidate) == 0
        && one_script
        && candidate.chars().count() < line.chars().count()
        && !candidate.chars().any(|c| odd(c) && !line.contains(c))
}

/// Repair a line that is UTF-8 read through one of the code pages (up to
/// three layers): the repaired line and the code pages peeled, outermost
/// first, or `None`.
pub fn repair(line: &str) -> Option<(String, Vec<&'static str>)> {
    // A `?` where a reader put one for a byte it could not decode (`â€?`
    // for a closing quote whose last byte Windows-1252 leaves undefined) is
    // read as a lost byte first; the line as it is when that fails.
    lost_question_marks(line)
        .and_then(|lossy| repair_line(&lossy))
        .or_else(|| repair_line(line))
}

/// `line` with each `?` that ends a three-byte sequence in some code page
/// (a character that is a lead byte of a three- or four-byte sequence, then
/// one that is a continuation byte) written as U+FFFD, a lost byte; `None`
/// when there is none. A `?` after a two-byte lead (`SÃO?`, `IRMÃ?`) is a
/// question mark.
fn lost_question_marks(line: &str) -> Option<String> {
    if !line.contains('?') || line.is_ascii() {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 2);
    let mut any = false;
    for (i, &c) in chars.iter().enumerate() {
        let lost = c == '?' && i >= 2 && !chars[i - 2].is_ascii() && !chars[i - 1].is_ascii() && {
            let (lead, cont) = (class_of(chars[i - 2]), class_of(chars[i - 1]));
            // The same code page: a lead lane 0b11, a continuation 0b01.
            let lead3 = lead & (lead >> 1) & LOW;
            let cont1 = cont & !(cont >> 1) & LOW;
            lead3 & cont1 != 0
        };
        any |= lost;
        out.push(if lost { '\u{FFFD}' } else { c });
    }
    any.then_some(out)
}

fn repair_line(line: &str) -> Option<(String, Vec<&'static str>)> {
    let mut cur = line.to_string();
    let mut chain = Vec::new();
    let mut kept = None;
    // A lost byte right after a two-byte lead (`Å` and U+FFFD for `Ł`), or
    // after `E2 80`, the block of quotes and dashes: one such sequence is
    // evidence enough (a `?` read as a lost byte only ever follows three
    // bytes' lead and continuation, see `lost_question_marks`).
    let mut byte_lost = false;
    for layer in 0..3 {
        let found = evidence(&cur);
        if found == 0 {
            break;
        }
        // Of the code pages that read the line back as UTF-8, the one that
        // shortens it most, and of those the one whose reading looks least
        // odd (two code pages can both decode a line: `Ä¨` is `č` in
        // Windows-1257 and `Ĩ` in Windows-1252).
        let best = (0..CODECS.len())
            .filter(|k| found & (1 << k) != 0)
            .filter_map(|k| {
                let (bytes, lost) = bytes_in(&cur, k)?;
                let punctuation = lost.iter().any(|&at| {
                    (at >= 1 && (0xC2..=0xDF).contains(&bytes[at - 1]))
                        || (at >= 2 && bytes[at - 2] == 0xE2 && bytes[at - 1] == 0x80)
                });
                let text = lost_again(utf8_restoring_nbsp(bytes)?, &lost);
                // A layer inside may mix scripts (it is mojibake itself):
                // only the end is judged in full, below.
                (text.chars().count() < cur.chars().count()).then_some((k, text, punctuation))
            })
            .min_by_key(|(_, t, _)| (t.chars().count(), oddness(t)));
        match best {
            Some((k, text, punctuation)) => {
                chain.push(CODECS[k].1);
                cur = text;
                byte_lost |= layer == 0 && punctuation;
                // The deepest reading that holds up is the repair (a layer
                // more can read correct text as mojibake by chance).
                if better(&cur, line, byte_lost) {
                    kept = Some((cur.clone(), chain.clone()));
                }
            }
            None => break,
        }
    }
    kept
}

/// The fallback when no reading of the whole line holds up (a line of
/// correct text with a mangled name in it, `Le président РџСѓС‚РёРЅ`): each
/// maximal run of non-ASCII characters that code page `k` holds, not after
/// another such character, is read back on its own, and repaired when its
/// bytes are UTF-8 and the reading holds up by itself ([`better`]). The code
/// page that repairs the most runs wins; Windows-1252 is left to its own
/// sequence-by-sequence repair. The repaired line and the code page, or
/// `None`.
pub fn repair_runs(line: &str) -> Option<(String, &'static str)> {
    let found = evidence(line);
    let t = tables();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut best: Option<(usize, String, &'static str)> = None;
    for k in (1..CODECS.len()).filter(|k| found & (1 << k) != 0) {
        let mut out = String::with_capacity(line.len());
        let mut repaired = 0;
        let mut i = 0;
        while i < chars.len() {
            let held = |c: char| !c.is_ascii() && t.byte_in(k, c).is_some();
            if !held(chars[i].1) {
                out.push(chars[i].1);
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && held(chars[i].1) {
                i += 1;
            }
            let end = chars.get(i).map_or(line.len(), |&(e, _)| e);
            let run = &line[chars[start].0..end];
            let after_other = start > 0 && !chars[start - 1].1.is_ascii();
            let reading = (!after_other)
                .then(|| {
                    run.chars()
                        .map(|c| t.byte_in(k, c))
                        .collect::<Option<Vec<u8>>>()
                })
                .flatten()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .filter(|r| r != run && better(r, run, false));
            match reading {
                Some(r) => {
                    out.push_str(&r);
                    repaired += 1;
                }
                None => out.push_str(run),
            }
        }
        if repaired > 0 && best.as_ref().is_none_or(|(n, _, _)| repaired > *n) {
            best = Some((repaired, out, CODECS[k].1));
        }
    }
    best.map(|(_, out, name)| (out, name))
}

/// Is `c` a character the later rules would flatten (a no-break space or
/// a soft hyphen, which they change or drop, or a C1 control) and that can
/// be a continuation byte of a mangled sequence?
fn is_fragile(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{A0}' | '\u{AD}')
}

/// A mangled sequence left as it was that holds a [fragile](is_fragile)
/// character: the later rules leave that character alone, so that the line
/// can still be repaired, and the line is flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// Byte range of the sequence in the line.
    pub range: std::ops::Range<usize>,
    /// Byte offsets of its fragile characters.
    pub fragile: Vec<usize>,
    /// The code page that reads it as `reads_as`.
    pub codec: &'static str,
    /// The character the sequence is, read back as UTF-8.
    pub reads_as: char,
}

/// The mangled sequences of `line` that hold a fragile character as a
/// continuation byte and read back as one plausible character: not a
/// control, and in the script of the lead character or in none (a letter
/// with an accent before two no-break spaces reads as a CJK character by
/// chance, and is no such sequence). Empty for a line without fragile
/// characters, at the cost of one search.
pub fn unresolved(line: &str) -> Vec<Unresolved> {
    // A fragile character is U+0080 to U+00A0 or U+00AD: in UTF-8, 0xC2
    // then one of those. Inside a sequence it follows another non-ASCII
    // character (a no-break space after a word is most of them).
    let b = line.as_bytes();
    let has_fragile = memchr::memchr_iter(0xC2, b).any(|j| {
        j > 0 && b[j - 1] >= 0x80 && b.get(j + 1).is_some_and(|&n| n <= 0xA0 || n == 0xAD)
    });
    if !has_fragile {
        return Vec::new();
    }
    let t = tables();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut found: Vec<Unresolved> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, lead) = chars[i];
        // Only a lead byte's character with a fragile one among the next
        // three can start such a sequence.
        let near = chars
            .get(i + 1..chars.len().min(i + 4))
            .is_some_and(|next| next.iter().any(|&(_, c)| is_fragile(c)));
        if !near || class_of(lead) & (LOW << 1) == 0 {
            i += 1;
            continue;
        }
        let hit = (!lead.is_ascii())
            .then(|| {
                CODECS.iter().enumerate().find_map(|(k, (_, name))| {
                    let b = t.byte_in(k, lead)?;
                    let need = match b {
                        0xC2..=0xDF => 1,
                        0xE0..=0xEF => 2,
                        0xF0..=0xF4 => 3,
                        _ => return None,
                    };
                    let rest = chars.get(i + 1..=i + need)?;
                    if !rest.iter().any(|&(_, c)| is_fragile(c)) {
                        return None;
                    }
                    let mut bytes = vec![b];
                    for &(_, c) in rest {
                        // A C1 control is its own byte to a Latin-1 reader.
                        let latin1 =
                            (k == 0 && ('\u{80}'..='\u{9F}').contains(&c)).then_some(c as u8);
                        bytes.push(t.byte_in(k, c).or(latin1).filter(|&b| b <= 0xBF)?);
                    }
                    let reads_as = std::str::from_utf8(&bytes).ok()?.chars().next()?;
                    // A lower-case letter inside a word of capitals is
                    // no reading (`IRMÃ` and a no-break space, in Portuguese
                    // capitals, is not `IRMà`).
                    let upper = |j: Option<usize>| {
                        j.and_then(|j| chars.get(j))
                            .is_some_and(|&(_, c)| c.is_uppercase())
                    };
                    let lower_after = chars
                        .get(i + need + 1)
                        .is_some_and(|&(_, c)| c.is_lowercase());
                    let in_capitals =
                        reads_as.is_lowercase() && upper(i.checked_sub(1)) && !lower_after;
                    // Two bytes may read as a letter of another script
                    // (Russian read through Windows-1252 is all `Ð` and
                    // `Ñ`), unless the lead ends a word (`FJÖRÐ`); three
                    // may not.
                    let letter_before =
                        i.checked_sub(1).is_some_and(|j| chars[j].1.is_alphabetic());
                    let plausible = !reads_as.is_control()
                        && !in_capitals
                        && oddness(reads_as.encode_utf8(&mut [0; 4])) == 0
                        && (script(reads_as) == 0
                            || script(lead) == 0
                            || script(reads_as) == script(lead)
                            || (need == 1 && !letter_before));
                    plausible.then(|| {
                        let end = chars.get(i + need + 1).map_or(line.len(), |&(e, _)| e);
                        Unresolved {
                            range: at..end,
                            fragile: rest
                                .iter()
                                .filter(|&&(_, c)| is_fragile(c))
                                .map(|&(o, _)| o)
                                .collect(),
                            codec: name,
                            reads_as,
                        }
                    })
                })
            })
            .flatten();
        match hit {
            Some(u) => {
                i += line[u.range.clone()].chars().count();
                found.push(u);
            }
            None => i += 1,
        }
    }
    found
}

/// Byte offsets of the fragile characters inside [`unresolved`] sequences:
/// what the later rules must leave alone.
pub fn kept_fragile(line: &str) -> Vec<usize> {
    unresolved(line)
        .into_iter()
        .flat_map(|u| u.fragile)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as a page that reads UTF-8 through `label` shows it (a byte
    /// the code page leaves undefined shown as its Latin-1 character).
    fn mangle(text: &str, label: &str) -> String {
        let upper = upper_half(label);
        text.bytes()
            .map(|b| match b {
                0..0x80 => char::from(b),
                _ => upper[usize::from(b - 0x80)],
            })
            .collect()
    }

    #[test]
    fn utf8_read_through_each_code_page_is_repaired() {
        let cases = [
            ("Привет, как дела? Всё хорошо — спасибо.", "windows-1251"),
            ("Україна: їжак і ґанок", "windows-1251"),
            ("Żółć gęślą jaźń, wróżka.", "windows-1250"),
            ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "iso-8859-2"),
            ("Καλημέρα κόσμε, τι κάνεις;", "windows-1253"),
            ("Çok güzel bir gün, değil mi?", "windows-1254"),
            ("Ąžuolas, ėjo į mišką.", "windows-1257"),
            ("Café au lait — déjà vu.", "macintosh"),
            ("Привет из ДОСа", "ibm866"),
            ("Café au lait, déjà vu à Genève.", "cp437"),
            ("Lire les options à partir du fichier", "macintosh"),
            ("afficher $ à la fin de chaque ligne", "cp437"),
            ("È necessario un nome valido", "windows-1252"),
            ("Größere Brücken über die Straße", "cp437"),
            ("מועצת העיר אישרה את התקציב.", "windows-1255"),
            ("وافق مجلس المدينة على الميزانية.", "windows-1256"),
            ("Hội đồng thành phố đã thông qua ngân sách.", "windows-1258"),
        ];
        for (text, label) in cases {
            let mangled = mangle(text, label);
            assert_ne!(mangled, text);
            let (fixed, chain) = repair(&mangled).unwrap_or_else(|| panic!("{label}: {mangled}"));
            assert_eq!(fixed, text, "{label}: {mangled} ({chain:?})");
        }
        // A no-break space byte lost on the way: `Р ` for `Р`, `Ã ` for `à`.
        let lost = mangle("Россия и Рим", "windows-1251").replace('\u{a0}', " ");
        assert_eq!(repair(&lost).unwrap().0, "Россия и Рим", "{lost}");
        let lost = mangle("Voilà à la fête", "windows-1252").replace('\u{a0}', " ");
        assert_eq!(repair(&lost).unwrap().0, "Voilà à la fête", "{lost}");
        // Lossy: bytes the reader could not decode became U+FFFD; what can
        // be repaired is, and each lost character stays one U+FFFD.
        let mangled = mangle("Łódź i Kraków", "windows-1252");
        assert!(mangled.starts_with("Å\u{81}"), "{mangled:?}");
        let mangled = mangled.replace('\u{81}', "\u{FFFD}");
        assert_eq!(repair(&mangled).unwrap().0, "\u{FFFD}ódź i Kraków");
        // An emoji written as CESU-8 (two three-byte surrogate halves).
        let cesu: String = [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]
            .iter()
            .map(|&b| {
                let byte = [b];
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                s.chars().next().unwrap()
            })
            .collect();
        let line = format!("Great news {cesu} for the harbour");
        assert_eq!(
            repair(&line).unwrap().0,
            "Great news \u{1F600} for the harbour"
        );
        // A `?` a reader wrote for the byte Windows-1252 leaves undefined
        // (0x9D, the end of a closing quote): one U+FFFD, the rest repaired;
        // a lost quote or dash is evidence enough alone.
        let lossy = mangle("He said “yes” and left.", "windows-1252").replace('\u{9d}', "?");
        assert_eq!(repair(&lossy).unwrap().0, "He said “yes\u{FFFD} and left.");
        let lossy = mangle("The rate rose 5” today.", "windows-1252").replace('\u{9d}', "?");
        assert_eq!(repair(&lossy).unwrap().0, "The rate rose 5\u{FFFD} today.");
        // A mangled name in a line of correct text that no code page reads
        // whole: its runs are repaired one by one.
        let line = format!(
            "Le président {} a parlé à {}.",
            mangle("Путин", "windows-1251"),
            mangle("Зеленским", "windows-1251")
        );
        assert_eq!(repair(&line), None);
        assert_eq!(
            repair_runs(&line),
            Some((
                "Le président Путин a parlé à Зеленским.".to_string(),
                "Windows-1251"
            ))
        );
        // Two layers.
        let twice = mangle(
            &mangle("Всё хорошо, друзья", "windows-1251"),
            "windows-1251",
        );
        assert_eq!(repair(&twice).unwrap().0, "Всё хорошо, друзья");
    }

    #[test]
    fn unresolved_sequences_with_a_fragile_character_are_found() {
        let found = |line: &str| -> Vec<(String, char, &str)> {
            unresolved(line)
                .into_iter()
                .map(|u| (line[u.range].to_string(), u.reads_as, u.codec))
                .collect()
        };
        // A C1 control a Latin-1 reader kept, a soft hyphen, a no-break space
        // read through Windows-1251, a C1 control read through Windows-1250.
        assert_eq!(
            found("Some \u{c5}\u{81} here"),
            [("\u{c5}\u{81}".into(), 'Ł', "Windows-1252")]
        );
        assert_eq!(
            found("x \u{c3}\u{ad} y"),
            [("\u{c3}\u{ad}".into(), 'í', "Windows-1252")]
        );
        assert_eq!(
            found("Москва Р\u{a0} вчера"),
            [("Р\u{a0}".into(), 'Р', "Windows-1251")]
        );
        assert_eq!(found("Ã\u{a0}"), [("Ã\u{a0}".into(), 'à', "Windows-1252")]);
        assert_eq!(
            found("Code Ð\u{ad} here"),
            [("Ð\u{ad}".into(), 'Э', "Windows-1252")]
        );
        assert_eq!(kept_fragile("a Ã\u{a0} b"), [4]);
        // Correct text: typographic no-break spaces, an accented letter before
        // two of them (a CJK character by chance), Portuguese capitals before
        // one, a soft hyphen inside a word.
        for line in [
            "The caf\u{e9}\u{a0}\u{a0}reopened on Monday.",
            "«\u{a0}élection\u{a0}» : prix\u{a0}5\u{a0}€\u{a0}!",
            "SÃO PAULO, IRMÃ\u{a0}DO PREFEITO",
            "FJÖRÐ\u{a0}OG ÁR",
            // Through Windows-1256, alef and a no-break space read as `Ǡ`.
            "شمال ا\u{a0}لخليج",
            "Donau\u{ad}dampf\u{ad}schiff\u{ad}fahrt",
            "Plain text with no such character.",
        ] {
            assert_eq!(found(line), [], "{line:?}");
        }
    }

    #[test]
    fn correct_text_in_any_script_is_left_alone() {
        for text in [
            "Привет, как дела? Всё хорошо — спасибо. Объём «ё» № 5",
            "Рік у Києві: її ґанок і єнот",
            "Żółć gęślą jaźń, wróżka. Příliš žluťoučký kůň úpěl ďábelské ódy.",
            "Καλημέρα κόσμε, τι κάνεις; Ψυχή ζωή",
            "Çok güzel bir gün, değil mi? İstanbul'da ağaç",
            "Ąžuolas, ėjo į mišką. Rīga, Līga",
            "SÃO PAULO e IRMÃ, AÇÃO já",
            "Tiếng Việt: Đà Nẵng, người Hà Nội",
            "שלום עולם, מה נשמע?",
            "مرحبا بالعالم، كيف حالك؟",
            "中文新闻：今天天气很好。",
            "日本語のニュース：東京は晴れ。",
            "한국어 뉴스: 서울은 맑음",
            "हिन्दी समाचार: आज मौसम अच्छा है।",
            "ข่าวภาษาไทย: วันนี้อากาศดี",
            "£5, 2√π, (╯°□°)╯︵ ┻━┻, Ærø — «Blåbær»",
            "The caf\u{e9}\u{a0}\u{a0}reopened on Monday.",
            // Through code page 866, `та ` with its space read as a lost
            // no-break space is one Braille character.
            "та 'ferry times'.",
            "OSLO (NTB) —OSLO (NTB) — OSLO (NTB) —",
            // A root sign before pi, quoted capitals: no word of their own.
            "the value of √π is about 1.77",
            "Die Note „Ä“ steht für sehr gut",
            "NOTE Ãˆ ALSO",
            "Swedish «Å» and “Å” are letters",
            "├ src/main.rs and ├ tests",
            "├── src\n│   └── main.rs",
            "Option ├ á la carte",
            // A question mark after an accented letter and an ellipsis or a
            // quote, after Ukrainian `аї`, after Portuguese capitals.
            "Et ça…? perché…? disse",
            "в Китаї? Так.",
            "SÃO PAULO? IRMÃ?",
            "What is é“? here",
        ] {
            assert_eq!(repair(text), None, "{text}");
            assert_eq!(repair_runs(text), None, "{text}");
        }
    }
}
