//! `mojibake`: text that was UTF-8 but was decoded as Windows-1252 or Latin-1
//! (once or twice), repaired locally.
//!
//! The repair works on short sequences, not whole lines: a run of characters
//! that are the Windows-1252 (or Latin-1) reading of one UTF-8 character, such
//! as `â€™` for `’` or `Ã©` for `é`, is re-encoded with those bytes and decoded
//! as UTF-8 again. A sequence is only repaired when the evidence is strong (a
//! "badness" judgement in the spirit of ftfy): three- and four-byte sequences
//! and the `Â`/`Ã` lead bytes always count; other two-byte sequences
//! (Cyrillic, Greek, Hebrew, Arabic read as Latin) only in runs or in lines that
//! are clearly mangled. The result must have fewer suspicious characters than
//! the input, or nothing changes: correct text in any script comes through
//! byte-identical. A lost no-break space (`Â ` where `Â\u{a0}` was meant) is
//! handled too.

/// The byte a character stands for when text was decoded as Windows-1252 or
/// Latin-1, if it is a byte of the upper half.
pub fn byte_of(c: char) -> Option<u8> {
    let cp = c as u32;
    // ASCII first (most characters of any line): no byte of the upper half.
    if cp < 0x80 {
        return None;
    }
    if cp <= 0xFF {
        return Some(cp as u8);
    }
    Some(match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => return None,
    })
}

fn is_cont(c: char) -> bool {
    byte_of(c).is_some_and(|b| (0x80..=0xBF).contains(&b))
}

/// A candidate: chars `start..start+len` decode to `ch`.
struct Seq {
    start: usize,
    len: usize,
    ch: char,
}

/// A two-byte sequence inside a lower-case word whose second character is a symbol that
/// never stands between two letters (`BucureÈ™ti`: `™`). Quotes, dashes and
/// other punctuation are left out: glued words can put them there.
fn mid_word(chars: &[char], s: &Seq) -> bool {
    if s.len != 2 || matches!(chars[s.start], 'Â' | 'Ã') {
        return false;
    }
    let prev = s.start.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(s.start + 2).copied();
    let cont = chars[s.start + 1];
    prev.is_some_and(char::is_lowercase)
        && next.is_some_and(char::is_lowercase)
        && !cont.is_alphabetic()
        && !matches!(
            cont,
            '«' | '»'
                | '‹'
                | '›'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '„'
                | '‚'
                | '…'
                | '–'
                | '—'
                | '•'
                | '·'
                | '¡'
                | '¿'
                | '\u{a0}'
                | '\u{ad}'
        )
}

/// One pass of local repair over `chars`; returns the new text if anything changed.
fn repair_once(chars: &[char]) -> Option<String> {
    // Fast exit: no lead byte of a UTF-8 sequence.
    if !chars
        .iter()
        .any(|&c| byte_of(c).is_some_and(|b| (0xC2..=0xF4).contains(&b)))
    {
        return None;
    }
    let mut seqs: Vec<Seq> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let lead = byte_of(chars[i]).filter(|b| (0xC2..=0xF4).contains(b));
        let Some(lead) = lead else {
            i += 1;
            continue;
        };
        let len = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        if i + len <= chars.len() && chars[i + 1..i + len].iter().all(|&c| is_cont(c)) {
            let bytes: Vec<u8> = chars[i..i + len]
                .iter()
                .filter_map(|&c| byte_of(c))
                .collect();
            if let Ok(s) = std::str::from_utf8(&bytes)
                && let Some(ch) = s.chars().next()
            {
                seqs.push(Seq { start: i, len, ch });
                i += len;
                continue;
            }
        }
        i += 1;
    }
    if seqs.is_empty() {
        return lost_nbsp(chars, 0);
    }
    // Which sequences are strong enough evidence? Two-byte sequences led by
    // `Â`/`Ã` (Latin-1 letters and signs) and three-byte ones decoding to
    // punctuation, symbols or Vietnamese letters stand alone; other two-byte
    // sequences (Cyrillic, Greek, Hebrew, Arabic) and other three-byte ones
    // (CJK, Thai, Hangul) need company: a run of them, or several in the line,
    // since a lone one can be correct text such as `CAFÉ»` or `«été»…`.
    // `Ã` in a word of capitals can be Portuguese (`MAÇÃ…`, `“IRMÃ”`), and
    // `Ã` before a letter such as `ž` can be two glued words: such sequences
    // need company. Inside a lower-case or capitalized word (`StraÃŸe`,
    // `MÃ¼nchen`), where a capital `Ã` cannot be, or at the start of a word,
    // one is enough.
    let strong = |s: &Seq| match s.len {
        2 => {
            let prev = s.start.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(s.start + 2).copied();
            let cont = chars[s.start + 1];
            let lead_ok =
                matches!(chars[s.start], 'Â' | 'Ã') && !('\u{80}'..='\u{9f}').contains(&s.ch);
            if prev.is_some_and(char::is_uppercase) {
                // After a capital: only a lower-case letter inside a
                // capitalized word ("MÃ¼nchen": the byte after Ã is A0..BF).
                // Guillemets and Spanish marks after a capital are more
                // likely glued punctuation ("MAÇÃ«été»").
                lead_ok
                    && next.is_some_and(char::is_lowercase)
                    && byte_of(cont).is_some_and(|b| b >= 0xA0)
                    && !matches!(cont, '«' | '»' | '¡' | '¿' | '·' | '\u{a0}')
            } else {
                lead_ok && (!cont.is_alphabetic() || prev.is_some_and(char::is_lowercase))
            }
        }
        3 => matches!(s.ch as u32, 0x2000..=0x2BFF | 0x1E00..=0x1EFF),
        _ => true,
    };
    let total = seqs.len();
    let mut accept = vec![false; total];
    for (k, s) in seqs.iter().enumerate() {
        let joined_prev = k > 0 && seqs[k - 1].start + seqs[k - 1].len == s.start;
        let joined_next = seqs.get(k + 1).is_some_and(|n| s.start + s.len == n.start);
        accept[k] = strong(s) || joined_prev || joined_next || mid_word(chars, s);
    }
    // A lone weak sequence (`Ð²`, the Russian word "в") counts in a line that
    // other evidence already shows to be mangled.
    if accept.iter().filter(|a| **a).count() >= 2 {
        accept.iter_mut().for_each(|a| *a = true);
    }
    // A decoded C1 control is only a middle layer of double mojibake: keep it
    // when the line has other repairs, which the next layer completes.
    let others = accept.iter().filter(|a| **a).count();
    for (k, s) in seqs.iter().enumerate() {
        if ('\u{80}'..='\u{9f}').contains(&s.ch) && others < 2 {
            accept[k] = false;
        }
    }
    let accepted = accept.iter().filter(|a| **a).count();
    if accepted == 0 {
        return lost_nbsp(chars, 0);
    }
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    let mut k = 0;
    while i < chars.len() {
        while k < seqs.len() && seqs[k].start < i {
            k += 1;
        }
        if k < seqs.len() && seqs[k].start == i && accept[k] {
            out.push(seqs[k].ch);
            i += seqs[k].len;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    let fixed: Vec<char> = out.chars().collect();
    Some(lost_nbsp(&fixed, accepted).unwrap_or(out))
}

/// `Â ` and `Ã ` where a no-break space byte was lost: `Â` goes (the space
/// stays) when it follows no capital letter; `Ã ` becomes `à` in a line
/// that other repairs already showed to be mangled, before a second space
/// (the one that followed `à`) unless a capital comes before, or after a
/// lower-case letter. The space may be any the
/// `whitespace` rule turns into a plain one (a tab, a thin space), so that
/// the line it leaves does not show a lost no-break space on the next run.
fn lost_nbsp(chars: &[char], other_repairs: usize) -> Option<String> {
    if !chars.iter().any(|&c| c == 'Â' || c == 'Ã') {
        return None;
    }
    let mut out = String::with_capacity(chars.len());
    let mut changed = false;
    let mut skip = false;
    for (i, &c) in chars.iter().enumerate() {
        if std::mem::take(&mut skip) {
            continue;
        }
        let next_space = chars
            .get(i + 1)
            .is_some_and(|&n| n == ' ' || super::is_unicode_space(n));
        let prev_upper = i > 0 && chars[i - 1].is_uppercase();
        // French puts a no-break space before `;:!?»` after any word.
        let before_mark = chars
            .get(i + 2)
            .is_some_and(|n| matches!(n, ';' | ':' | '!' | '?' | '»'));
        if c == 'Â' && next_space && (!prev_upper || before_mark) {
            changed = true;
            continue;
        }
        // `Ã` then a space and another space, a closing mark or the end of
        // the line is `à` whose second byte became that space (`identique Ã
        // la`, `giÃ .`); `Ã` after a lower-case letter is never a capital
        // (`voilÃ `).
        let gap = next_space
            && chars.get(i + 2).is_none_or(|&n| {
                n == ' '
                    || (!n.is_alphanumeric()
                        && !matches!(
                            n,
                            '(' | '[' | '«' | '“' | '‘' | '"' | '\'' | '¿' | '¡' | '-'
                        ))
            });
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c == 'Ã' && next_space && (other_repairs > 0 || (gap && !prev_upper) || prev_lower) {
            out.push('à');
            changed = true;
            // The space that was the lost byte goes with it.
            skip = gap;
            continue;
        }
        out.push(c);
    }
    changed.then_some(out)
}

/// Could [`repair_once`] change `line` at all? Only if a lead byte's
/// character is followed by as many continuation bytes' characters as it
/// announces, or an `Â` or `Ã` (a lost no-break space) is there. One pass
/// over the characters without copying them: most lines the scan sends here
/// only have an accented letter before a curly quote.
fn may_repair(line: &str) -> bool {
    let mut need = 0;
    for c in line.chars() {
        if c == 'Â' || c == 'Ã' {
            return true;
        }
        let b = byte_of(c);
        if need > 0 && b.is_some_and(|b| (0x80..=0xBF).contains(&b)) {
            need -= 1;
            if need == 0 {
                return true;
            }
            continue;
        }
        // Not the continuation expected: this character may lead instead.
        need = match b {
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => 0,
        };
    }
    false
}

/// Repair mojibake in a line, up to three layers deep. Returns the repaired
/// line and examples of what changed, or `None` when the line is left alone.
pub fn repair(line: &str) -> Option<(String, Vec<(String, String)>)> {
    if line.is_ascii() || !may_repair(line) {
        return None;
    }
    // Peel up to three layers (text mangled twice needs two).
    let mut cur = line.to_string();
    for _ in 0..3 {
        let chars: Vec<char> = cur.chars().collect();
        match repair_once(&chars) {
            Some(next) if next != cur => cur = next,
            _ => break,
        }
    }
    let introduced = |c: char| cur.contains(c) && !line.contains(c);
    if cur == line
        || introduced('\u{FFFD}')
        || cur
            .chars()
            .any(|c| ('\u{80}'..='\u{9f}').contains(&c) && !line.contains(c))
    {
        return None;
    }
    Some((cur.clone(), examples(line, &cur)))
}

/// Up to three `before → after` pairs: the differing middle of each word.
pub fn examples(before: &str, after: &str) -> Vec<(String, String)> {
    let b: Vec<&str> = before.split(' ').collect();
    let a: Vec<&str> = after.split(' ').collect();
    let mut out = Vec::new();
    if a.len() == b.len() {
        for (x, y) in b.iter().zip(&a) {
            if x != y && out.len() < 3 && !out.iter().any(|(p, _): &(String, String)| p == x) {
                out.push((x.to_string(), y.to_string()));
            }
        }
    }
    if out.is_empty() {
        out.push((
            before.chars().take(40).collect(),
            after.chars().take(40).collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{may_repair, repair, repair_once};

    #[test]
    fn lines_passed_over_are_lines_no_repair_would_change() {
        let alphabet = [
            "a", " ", "é", "\u{2019}", "Ã", "©", "â", "€", "™", "Ð", "²", "ð", "Ÿ", "˜", "Â",
            "\u{a0}", "Ê", "ô",
        ];
        let mut passed_over = 0;
        for line in crate::text::testgen::strings(&alphabet, 6000, 12) {
            if !may_repair(&line) {
                passed_over += 1;
                let chars: Vec<char> = line.chars().collect();
                assert_eq!(repair_once(&chars), None, "{line:?}");
            }
        }
        assert!(
            passed_over > 1000,
            "the test must pass over lines: {passed_over}"
        );
    }

    fn fixed(s: &str) -> String {
        repair(s).map_or_else(|| s.to_string(), |(t, _)| t)
    }

    #[test]
    fn common_damage_is_repaired() {
        assert_eq!(fixed("Libyaâ€™s Haftar"), "Libya’s Haftar");
        assert_eq!(
            fixed("Ã©lection prÃ©sidentielle"),
            "élection présidentielle"
        );
        assert_eq!(fixed("Published:Â Thursday"), "Published: Thursday");
        assert_eq!(fixed("Ã¢â‚¬â„¢"), "’");
        // A lost no-break space before a space that the whitespace rule
        // makes plain: the same repair, or the next run would make it.
        assert_eq!(fixed("Published:Â\tThursday"), "Published:\tThursday");
        assert_eq!(fixed("©Â\u{2009}Reuters"), "©\u{2009}Reuters");
    }

    #[test]
    fn correct_text_is_left_alone() {
        for s in [
            "SÃO PAULO",
            "São Paulo",
            "CAFÉ»",
            "Ça va",
            "Привет",
            "日本語",
        ] {
            assert_eq!(repair(s), None, "{s}");
        }
    }
}
