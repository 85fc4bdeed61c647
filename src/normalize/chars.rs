//! Character-level repairs, one function per rule. Each takes a line and returns
//! the repaired line with a reason, or `None` when it has nothing to do.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::plural;
use crate::text::push_num;

/// Characters removed by `invisible-char` wherever they stand.
fn is_always_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Is `c` an invisible formatting character that copydesk may remove?
pub fn is_invisible(c: char) -> bool {
    is_always_invisible(c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// Unicode spaces other than the plain space: tab, no-break spaces, the
/// typographic spaces of U+2000..U+200A, and the ideographic space.
pub fn is_unicode_space(c: char) -> bool {
    c != ' ' && c != '\n' && c.is_whitespace()
}

/// What a character is called in reasons ("no-break space").
fn name_of(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{00AD}' => "soft hyphen",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{00A0}' => "no-break space",
        '\u{202F}' => "narrow no-break space",
        '\t' => "tab",
        '\u{3000}' => "ideographic space",
        c if (c as u32) < 0x20 || c == '\u{7f}' => "control character",
        c if ('\u{2000}'..='\u{200A}').contains(&c) => "typographic space",
        c if ('\u{80}'..='\u{9f}').contains(&c) => "C1 control character",
        _ => "character",
    }
}

/// Append ` (U+00A0)`: the code point in upper-case hexadecimal, at least
/// four digits.
fn push_code_point(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let v = c as u32;
    let digits = (8 - v.leading_zeros() as usize / 4).max(4);
    out.push_str(" (U+");
    for k in (0..digits).rev() {
        out.push(char::from(HEX[(v >> (4 * k)) as usize & 0xF]));
    }
    out.push(')');
}

/// Join counted character descriptions: "2 no-break spaces (U+00A0), 1 tab (U+0009)".
fn summarize(counts: &[(char, usize)]) -> String {
    let mut out = String::with_capacity(40 * counts.len());
    for (k, &(c, n)) in counts.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        push_num(&mut out, n as u64);
        out.push(' ');
        out.push_str(name_of(c));
        // Pluralize the name, not the code point in brackets.
        out.push_str(plural(n));
        push_code_point(&mut out, c);
    }
    out
}

fn count(counts: &mut Vec<(char, usize)>, c: char) {
    match counts.iter_mut().find(|(k, _)| *k == c) {
        Some((_, n)) => *n += 1,
        None => counts.push((c, 1)),
    }
}

/// `bom`: U+FEFF at the very start of the file. Files joined together can
/// carry several; they all go, or the next run would take the one left.
pub fn strip_bom(first_line: bool, s: &str) -> Option<(String, String)> {
    if !first_line {
        return None;
    }
    let rest = s.trim_start_matches('\u{feff}');
    let n = (s.len() - rest.len()) / '\u{feff}'.len_utf8();
    match n {
        0 => None,
        1 => Some((
            rest.to_string(),
            "removes the byte order mark (U+FEFF)".into(),
        )),
        n => Some((
            rest.to_string(),
            format!("removes {n} byte order marks (U+FEFF) at the start"),
        )),
    }
}

/// `html-entity`: decode one layer of character references, with the rules
/// HTML uses in attribute values: a legacy name without `;` is only decoded
/// when no letter, digit or `=` follows, so `AT&T` and `&notice` stay.
pub fn decode_entities(s: &str) -> Option<(String, String)> {
    if !s.contains('&') {
        return None;
    }
    let out = htmlize::unescape_attribute(s);
    if out == s {
        return None;
    }
    let mut examples: Vec<String> = Vec::new();
    for (i, _) in s.match_indices('&') {
        let rest = &s[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let end = if rest[end..].starts_with(';') {
            end + 1
        } else {
            end
        };
        let entity = &rest[..end];
        let decoded = htmlize::unescape_attribute(entity);
        if decoded != entity
            && examples.len() < 3
            && !examples.iter().any(|e| e.starts_with(entity))
        {
            examples.push(format!("{entity} → {decoded}"));
        }
    }
    Some((
        out.into_owned(),
        format!(
            "decodes HTML character references ({})",
            examples.join(", ")
        ),
    ))
}

/// `mojibake`: see `mojibake.rs`.
pub fn fix_mojibake(s: &str) -> Option<(String, String)> {
    let shown = |out: &str| -> String {
        super::mojibake::examples(s, out)
            .iter()
            .map(|(a, b)| format!("'{a}' → '{b}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A whole line that reads back as UTF-8 through one code page first (the
    // strongest evidence).
    if let Some((out, chain)) = super::codecs::repair(s) {
        let mut layers = if chain.len() > 1 {
            format!(", {} layers", chain.len())
        } else {
            String::new()
        };
        let marks = |t: &str| t.matches('?').count();
        if marks(&out) < marks(s) && out.contains('\u{FFFD}') {
            layers.push_str("; a '?' where a byte was lost is one U+FFFD");
        }
        let reason = format!(
            "repairs UTF-8 that was read as {}{layers}: {}",
            chain[0],
            shown(&out)
        );
        return Some((out, reason));
    }
    // Then sequences repaired one by one, for a line of correct text with
    // some Windows-1252 mojibake in it.
    if let Some((out, _)) = super::mojibake::repair(s) {
        let reason = format!(
            "repairs UTF-8 that was read as Windows-1252: {}",
            shown(&out)
        );
        return Some((out, reason));
    }
    // Last, runs of another code page inside a line no code page reads
    // whole.
    let (out, name) = super::codecs::repair_runs(s)?;
    let reason = format!(
        "repairs UTF-8 that was read as {name}, word by word: {}",
        shown(&out)
    );
    Some((out, reason))
}

/// `control-char`: drop C0 controls (but tab), DEL; map C1 to Windows-1252.
pub fn fix_controls(_: bool, s: &str) -> Option<(String, String)> {
    let bad = |c: char| (c < ' ' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c);
    if !s.chars().any(bad) {
        return None;
    }
    let kept = super::codecs::kept_fragile(s);
    let mut out = String::with_capacity(s.len());
    let mut removed = Vec::new();
    let mut mapped = Vec::new();
    for (at, c) in s.char_indices() {
        if !bad(c) || kept.contains(&at) {
            out.push(c);
            continue;
        }
        match c1_as_windows_1252(c) {
            Some(r) => {
                out.push(r);
                mapped.push(format!("U+{:04X} with {r}", c as u32));
            }
            None => count(&mut removed, c),
        }
    }
    let mut parts = Vec::new();
    if !removed.is_empty() {
        parts.push(format!("removes {}", summarize(&removed)));
    }
    if !mapped.is_empty() {
        parts.push(format!(
            "replaces {} (Windows-1252 bytes read as Latin-1)",
            mapped.join(", ")
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some((out, parts.join("; ")))
}

/// The Windows-1252 character for a C1 control code point, if it defines one.
fn c1_as_windows_1252(c: char) -> Option<char> {
    let cp = c as u32;
    if !(0x80..=0x9f).contains(&cp) {
        return None;
    }
    let byte = [cp as u8];
    let (s, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&byte);
    let r = s.chars().next()?;
    (!had_errors && r != c).then_some(r)
}

/// `invisible-char`: zero-width characters, soft hyphens, stray BOMs. ZWJ and
/// ZWNJ stay when they join two non-space, non-ASCII characters.
pub fn strip_invisible(_: bool, s: &str) -> Option<(String, String)> {
    if !s.chars().any(is_invisible) {
        return None;
    }
    let kept = super::codecs::kept_fragile(s);
    let offsets: Vec<usize> = s.char_indices().map(|(o, _)| o).collect();
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut removed = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let joins = |k: Option<&char>| k.is_some_and(|k| !k.is_ascii() && !k.is_whitespace());
        let keep = match c {
            '\u{200C}' | '\u{200D}' => {
                joins(i.checked_sub(1).and_then(|p| chars.get(p))) && joins(chars.get(i + 1))
            }
            c => !is_always_invisible(c) || kept.contains(&offsets[i]),
        };
        if keep {
            out.push(c);
        } else {
            count(&mut removed, c);
        }
    }
    if removed.is_empty() {
        return None;
    }
    Some((out, format!("removes {}", summarize(&removed))))
}

/// `trailing-whitespace`: whitespace at the end of the line.
pub fn strip_trailing(_: bool, s: &str) -> Option<(String, String)> {
    let mut t = s.trim_end();
    // A no-break space that ends a mangled sequence (`voilÃ` and U+00A0 for
    // `voilà`) stays, with the sequence.
    if t.len() < s.len()
        && let Some(&last) = super::codecs::kept_fragile(s)
            .iter()
            .filter(|&&o| o >= t.len())
            .max()
    {
        t = &s[..last + s[last..].chars().next().map_or(0, char::len_utf8)];
    }
    if t.len() == s.len() {
        return None;
    }
    let n = s[t.len()..].chars().count();
    let what = if t.is_empty() {
        "a line of only whitespace"
    } else {
        "trailing whitespace"
    };
    let mut reason = String::with_capacity(48);
    reason.push_str("removes ");
    reason.push_str(what);
    reason.push_str(" (");
    push_num(&mut reason, n as u64);
    reason.push_str(" character");
    reason.push_str(plural(n));
    reason.push(')');
    Some((t.to_string(), reason))
}

/// `whitespace`: leading whitespace, Unicode spaces, runs of spaces.
pub fn fix_spaces(_: bool, s: &str) -> Option<(String, String)> {
    // The output is built only from the first change on: until then it
    // would equal the input, and most lines never change.
    let mut out = String::new();
    let mut dirty = false;
    let mut leading = 0usize;
    let mut replaced = Vec::new();
    let mut collapsed = 0usize;
    let mut pending = false;
    // Kept text is copied a run at a time: `run` is where the current run of
    // kept characters starts, if one is open.
    let mut run: Option<usize> = None;
    let mut seen_text = false;
    // No-break spaces inside a mangled sequence are left alone (see
    // `codecs::unresolved`).
    let kept = if s.contains('\u{a0}') {
        super::codecs::kept_fragile(s)
    } else {
        Vec::new()
    };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if run.is_some() && !pending {
            // Inside a run of kept text, eight bytes of printable ASCII with
            // single spaces, not ending on a space, stay as they are.
            if let Some(block) = b.get(i..i + 8) {
                let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
                if x >> 56 != u64::from(b' ') && crate::text::is_clean_block(x, false) {
                    i += 8;
                    continue;
                }
            }
            // So does a single space between two printable ASCII characters.
            if b[i] == b' ' && b.get(i + 1).is_some_and(|&n| n > b' ' && n < 0x7f) {
                i += 1;
                continue;
            }
        }
        // ASCII (most of a line) needs no decoding.
        let c = if b[i] < 0x80 {
            char::from(b[i])
        } else {
            s[i..].chars().next().expect("a character starts here")
        };
        let next = i + c.len_utf8();
        // An ideographic space inside CJK text is typography, not noise.
        let is_space = c.is_whitespace()
            && !(c == '\u{3000}' && seen_text && s[next..].chars().any(|c| !c.is_whitespace()))
            && !(c == '\u{a0}' && kept.contains(&i));
        if !is_space {
            if pending {
                if dirty {
                    out.push(' ');
                }
                pending = false;
            }
            run.get_or_insert(i);
            seen_text = true;
            i = next;
            continue;
        }
        if let Some(start) = run.take()
            && dirty
        {
            out.push_str(&s[start..i]);
        }
        // Leading whitespace, whitespace other than a space, or a second
        // one in a row: the line changes here. Until now it was the input up
        // to here, less a pending space (a plain one: any other had changed
        // the line already).
        if !dirty && (!seen_text || c != ' ' || pending) {
            dirty = true;
            out.reserve(s.len());
            if seen_text {
                out.push_str(&s[..i - usize::from(pending)]);
            }
        }
        i = next;
        if !seen_text {
            leading += 1;
            continue;
        }
        if c != ' ' {
            count(&mut replaced, c);
        }
        if pending {
            collapsed += 1;
        }
        pending = true;
    }
    if !dirty {
        return None;
    }
    if let Some(start) = run {
        out.push_str(&s[start..]);
    }
    if pending {
        // Only trailing whitespace is left, which `trailing-whitespace` handles first.
        out.push(' ');
    }
    if out == s {
        return None;
    }
    // The parts that apply, joined by "; ".
    let mut reason = String::with_capacity(64);
    let part = |reason: &mut String| {
        if !reason.is_empty() {
            reason.push_str("; ");
        }
    };
    if leading > 0 {
        part(&mut reason);
        reason.push_str("removes ");
        push_num(&mut reason, leading as u64);
        reason.push_str(" leading whitespace character");
        reason.push_str(plural(leading));
    }
    if !replaced.is_empty() {
        part(&mut reason);
        reason.push_str("replaces ");
        reason.push_str(&summarize(&replaced));
        reason.push_str(" with a space");
    }
    if collapsed > 0 {
        part(&mut reason);
        reason.push_str("collapses ");
        push_num(&mut reason, collapsed as u64);
        reason.push_str(" extra space");
        reason.push_str(plural(collapsed));
    }
    Some((out, reason))
}

/// `nfc`: Unicode Normalization Form C.
pub fn to_nfc(_: bool, s: &str) -> Option<(String, String)> {
    // Characters below U+0300 are NFC whatever their neighbours (combining
    // class 0, quick check Yes), so the check starts at the first character
    // from U+0300 on: the first byte from 0xCC (never a continuation byte).
    let from = s.bytes().position(|b| b >= 0xCC).unwrap_or(s.len());
    if is_nfc_quick(s[from..].chars()) == IsNormalized::Yes {
        return None;
    }
    let n: String = s.nfc().collect();
    (n != s).then(|| {
        (
            n,
            "rewrites the line in Unicode NFC (composed characters)".to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_are_written_as_format_writes_them() {
        for c in [
            '\0',
            '\t',
            '\u{a0}',
            '\u{200b}',
            '\u{3000}',
            '\u{1f600}',
            '\u{10ffff}',
        ] {
            let mut s = String::new();
            push_code_point(&mut s, c);
            assert_eq!(s, format!(" (U+{:04X})", c as u32));
        }
        assert_eq!(
            summarize(&[('\u{a0}', 2), ('\t', 1)]),
            "2 no-break spaces (U+00A0), 1 tab (U+0009)"
        );
    }

    #[test]
    fn whitespace_repair_agrees_with_a_char_by_char_reading() {
        // Leading whitespace goes, every other run becomes one space: read a
        // character at a time, against the block-at-a-time repair, on lines
        // where blocks of eight start and end on every kind of character.
        let alphabet = [
            "a", "Bc", " ", "  ", "\u{a0}", "\t", "é", "\u{201c}", "x.", "\u{2009}",
        ];
        for line in crate::text::testgen::strings(&alphabet, 5000, 50) {
            let (mut expected, mut pending, mut seen) = (String::new(), false, false);
            for c in line.chars() {
                if c.is_whitespace() {
                    pending |= seen;
                } else {
                    if pending {
                        expected.push(' ');
                        pending = false;
                    }
                    expected.push(c);
                    seen = true;
                }
            }
            if pending {
                expected.push(' ');
            }
            let got = fix_spaces(false, &line).map_or(line.clone(), |(s, _)| s);
            assert_eq!(got, expected, "{line:?}");
        }
    }

    #[test]
    fn c1_controls_become_windows_1252_punctuation() {
        let (s, why) = fix_controls(false, "Libya\u{92}s").unwrap();
        assert_eq!(s, "Libya\u{2019}s");
        assert!(why.contains("U+0092"), "{why}");
    }

    #[test]
    fn zwj_in_emoji_and_zwnj_in_persian_stay() {
        assert_eq!(strip_invisible(false, "👩\u{200D}💻"), None);
        assert_eq!(strip_invisible(false, "می\u{200C}خواهم"), None);
        assert_eq!(strip_invisible(false, "a\u{200D} b").unwrap().0, "a b");
    }

    #[test]
    fn spaces_are_collapsed_and_named() {
        let (s, why) = fix_spaces(false, "  a\u{a0}\u{a0}b\tc").unwrap();
        assert_eq!(s, "a b c");
        assert!(why.contains("2 no-break spaces (U+00A0)"), "{why}");
        assert!(why.contains("1 tab (U+0009)"), "{why}");
    }

    #[test]
    fn ideographic_space_inside_cjk_stays() {
        assert_eq!(fix_spaces(false, "東京\u{3000}大阪"), None);
        assert_eq!(fix_spaces(false, "\u{3000}東京").unwrap().0, "東京");
    }
}
