//! Bytes to text.
//!
//! Takes the raw bytes of one file and returns [`Decoded`]: the text, the name of
//! the encoding used and how it was chosen. Order of decisions: a forced
//! encoding, a byte order mark, valid UTF-8, then a guess by chardetng. Binary
//! input (a NUL byte outside UTF-16, a NUL character in any encoding) is
//! refused. This stage never alters the text beyond decoding it: the BOM stays
//! in the text so that normalization can report its removal.

use encoding_rs::{Encoding, UTF_8};

use crate::Error;

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    /// Given by `--encoding`.
    Forced,
    /// Named by a byte order mark.
    Bom,
    /// The bytes are valid UTF-8.
    Utf8,
    /// Guessed by chardetng from the bytes.
    Detected,
}

/// The decoded text of one file.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text; a leading U+FEFF is kept so normalization can report it.
    pub text: String,
    /// WHATWG name of the encoding used, e.g. `UTF-8` or `windows-1252`.
    pub encoding: &'static str,
    /// How that encoding was chosen.
    pub source: EncodingSource,
    /// Some bytes could not be decoded and became U+FFFD.
    pub had_errors: bool,
    /// The choice is certain (forced, BOM, valid UTF-8) or a guess that the
    /// evidence supports; `false` for a guess the report should warn about.
    pub confident: bool,
}

impl Decoded {
    /// Text that came as valid UTF-8.
    fn utf8(text: String) -> Decoded {
        Decoded {
            text,
            encoding: UTF_8.name(),
            source: EncodingSource::Utf8,
            had_errors: false,
            confident: true,
        }
    }
}

/// Does [`decode`] settle these bytes before asking whether they are UTF-8:
/// a forced encoding, a byte order mark, a NUL byte (binary input)?
fn settled_before_utf8(bytes: &[u8], forced: Option<&'static Encoding>) -> bool {
    forced.is_some() || Encoding::for_bom(bytes).is_some() || memchr_nul(bytes).is_some()
}

/// [`decode`] for bytes the caller gives up: valid UTF-8 becomes the text
/// without a copy (a large file is not held twice).
pub fn decode_owned(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, Error> {
    if settled_before_utf8(&bytes, forced) {
        return decode(&bytes, forced);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded::utf8(text)),
        Err(e) => decode(e.as_bytes(), forced),
    }
}

/// [`decode`] for text that is already a string (a JSON string, say): the
/// same decisions, and otherwise the string as it is, without validating or
/// copying it again.
pub fn decode_string(text: String, forced: Option<&'static Encoding>) -> Result<Decoded, Error> {
    if settled_before_utf8(text.as_bytes(), forced) {
        return decode(text.as_bytes(), forced);
    }
    Ok(Decoded::utf8(text))
}

/// The compressed format `bytes` start as, if any: no text starts with
/// these bytes (a gzip file decoded as Windows-1252 would be cleaned as
/// text when its header holds no NUL).
fn compressed_format(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 5] = [
        (b"\x1f\x8b", "gzip"),
        (b"\x28\xb5\x2f\xfd", "zstd"),
        (b"\xfd7zXZ\x00", "xz"),
        (b"PK\x03\x04", "zip"),
        // "BZh", the block size, then the first block's magic (digits of pi).
        (b"BZh", "bzip2"),
    ];
    let (_, format) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m))?;
    if *format == "bzip2" && bytes.get(4..10) != Some(b"\x31\x41\x59\x26\x53\x59") {
        return None;
    }
    Some(format)
}

/// Decode `bytes`, honouring a forced encoding when given.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, Error> {
    if let Some(format) = compressed_format(bytes) {
        return Err(Error::Compressed { format });
    }
    if let Some(enc) = forced {
        let (text, had_errors) = decode_with(enc, bytes);
        if let Some(offset) = nul_in(bytes, enc, &text) {
            return Err(Error::Binary {
                offset,
                encoding: Some(enc.name()),
            });
        }
        return Ok(Decoded {
            text,
            encoding: enc.name(),
            source: EncodingSource::Forced,
            had_errors,
            confident: true,
        });
    }
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        // Keep the BOM character in the text for UTF-8 so that it is reported;
        // for UTF-16 the BOM is part of the encoding itself.
        let (text, had_errors) = if enc == UTF_8 {
            decode_with(enc, bytes)
        } else {
            let (t, e) = decode_with(enc, &bytes[2..]);
            (format!("\u{feff}{t}"), e)
        };
        if let Some(offset) = nul_in(bytes, enc, &text) {
            return Err(Error::Binary {
                offset,
                encoding: Some(enc.name()),
            });
        }
        return Ok(Decoded {
            text,
            encoding: enc.name(),
            source: EncodingSource::Bom,
            had_errors,
            confident: true,
        });
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(Error::Binary {
            offset,
            encoding: None,
        });
    }
    // SIMD validation: several times faster than `std::str::from_utf8` on
    // the mostly ASCII text of news, the same answer.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded::utf8(text.to_owned()));
    }
    let mut enc = guess(bytes);
    // Byte 0xA4 is `¤` in Windows-1252 but `€` in ISO-8859-15, which the
    // detector does not tell apart: a guess that yields `¤` is not confident.
    let euro_doubt = enc == encoding_rs::WINDOWS_1252 && bytes.contains(&0xA4);
    if euro_doubt && reads_as_euro(bytes) {
        enc = encoding_rs::ISO_8859_15;
    }
    let (text, had_errors) = decode_with(enc, bytes);
    let confident = !had_errors && !euro_doubt && is_confident(bytes, enc);
    Ok(Decoded {
        text,
        encoding: enc.name(),
        source: EncodingSource::Detected,
        had_errors,
        confident,
    })
}

/// Is this single-byte text ISO-8859-15 rather than Windows-1252? It uses
/// none of the bytes 0x80 to 0x9F (Windows-1252's quotes, dashes and `€`,
/// control characters in ISO-8859-15), and a 0xA4 stands by a number
/// ("3 €", "€3"), where a euro sign goes and `¤` never does.
fn reads_as_euro(bytes: &[u8]) -> bool {
    if bytes.iter().any(|b| (0x80..=0x9F).contains(b)) {
        return false;
    }
    let digit_at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    memchr::memchr_iter(0xA4, bytes).any(|i| {
        digit_at(i.checked_sub(1))
            || (digit_at(i.checked_sub(2)) && bytes[i - 1] == b' ')
            || digit_at(Some(i + 1))
            || (digit_at(Some(i + 2)) && bytes.get(i + 1) == Some(&b' '))
    })
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Non-ASCII bytes a guess needs before it counts as confident.
const CONFIDENT_NON_ASCII: usize = 16;

/// A guess is confident when there is enough evidence (non-ASCII bytes) and
/// both halves of the input, guessed on their own, agree with it wherever
/// they hold evidence of their own.
fn is_confident(bytes: &[u8], enc: &'static Encoding) -> bool {
    let non_ascii = |b: &[u8]| b.iter().filter(|&&x| x >= 0x80).count();
    if non_ascii(bytes) < CONFIDENT_NON_ASCII {
        return false;
    }
    // Split at a line or space near the middle so no character is cut.
    let mid = bytes.len() / 2;
    let cut = bytes[mid..]
        .iter()
        .position(|&b| b == b'\n' || b == b' ')
        .map_or(mid, |p| mid + p);
    [&bytes[..cut], &bytes[cut..]]
        .into_iter()
        .filter(|half| non_ascii(half) >= CONFIDENT_NON_ASCII / 2)
        .all(|half| guess(half) == enc)
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    // `decode_without_bom_handling` keeps a UTF-8 BOM as U+FEFF in the text.
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    (cow.into_owned(), had_errors)
}

/// Where the first NUL is in a file whose encoding was settled before its
/// bytes were looked at (a byte order mark, `--encoding`): text with a NUL
/// character is binary whatever its encoding, as a file without either is
/// (and its cleaned copy, written as UTF-8 without a BOM, would be). In
/// UTF-16, where NUL bytes are part of most characters, only a decoded NUL
/// counts; `text` is what `bytes` decoded to, a UTF-16 BOM included.
fn nul_in(bytes: &[u8], enc: &'static Encoding, text: &str) -> Option<usize> {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        let at = memchr_nul(text.as_bytes())?;
        Some(2 * text[..at].encode_utf16().count())
    } else {
        memchr_nul(bytes)
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_decodes_as_its_bytes_do() {
        let windows_1252 = Some(encoding_rs::WINDOWS_1252);
        for (text, forced) in [
            ("Plain text.\n", None),
            ("caf\u{e9} \u{201c}quoted\u{201d}", None),
            ("\u{feff}With a byte order mark", None),
            ("A NUL \u{0} inside", None),
            ("caf\u{e9} read as forced", windows_1252),
        ] {
            let from_bytes = decode(text.as_bytes(), forced);
            let from_string = decode_string(text.to_string(), forced);
            match (from_bytes, from_string) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.text, b.text, "{text:?}");
                    assert_eq!(
                        (a.encoding, a.source, a.had_errors, a.confident),
                        (b.encoding, b.source, b.had_errors, b.confident),
                        "{text:?}"
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{text:?}: {a:?} vs {b:?}"),
            }
        }
    }

    /// Neither a byte order mark nor a forced encoding makes a file with a
    /// NUL character text.
    #[test]
    fn a_nul_character_is_binary_whatever_the_encoding() {
        for bytes in [&b"\xEF\xBB\xBFtext\0more"[..], b"text\0more"] {
            assert!(
                matches!(decode(bytes, None), Err(Error::Binary { .. })),
                "{bytes:?}"
            );
            assert!(matches!(
                decode_owned(bytes.to_vec(), None),
                Err(Error::Binary { .. })
            ));
        }
        // UTF-16 holds NUL bytes by design, but not NUL characters; nor
        // does text in a forced encoding.
        assert!(decode(b"\xFF\xFEh\0i\0", None).is_ok());
        assert!(decode(b"h\0i\0", Some(encoding_rs::UTF_16LE)).is_ok());
        for (bytes, forced, at) in [
            (&b"\xFF\xFEh\0\0\0i\0"[..], None, 4),
            (b"\xFE\xFF\0h\0\0", None, 4),
            (b"h\0\0\0", Some(encoding_rs::UTF_16LE), 2),
            (b"caf\xe9\0", Some(encoding_rs::WINDOWS_1252), 4),
        ] {
            match decode(bytes, forced) {
                Err(Error::Binary { offset, encoding }) => {
                    assert_eq!(offset, at, "{bytes:?}");
                    assert!(encoding.is_some(), "{bytes:?}");
                }
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let inputs: [&[u8]; 6] = [
            b"plain UTF-8 caf\xc3\xa9",
            b"\xEF\xBB\xBFwith a BOM",
            b"\xFF\xFEh\0i\0",
            b"Caf\xe9 au lait \x93quoted\x94",
            b"bin\0ary",
            b"",
        ];
        for bytes in inputs {
            for forced in [None, Some(encoding_rs::WINDOWS_1252)] {
                let (a, b) = (decode(bytes, forced), decode_owned(bytes.to_vec(), forced));
                match (a, b) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(
                            (a.text, a.encoding, a.source, a.had_errors, a.confident),
                            (b.text, b.encoding, b.source, b.had_errors, b.confident),
                            "{bytes:?}"
                        );
                    }
                    (a, b) => assert_eq!(a.is_err(), b.is_err(), "{bytes:?}"),
                }
            }
        }
    }

    #[test]
    fn utf8_bom_is_kept_as_a_character() {
        let d = decode(b"\xEF\xBB\xBFhi", None).unwrap();
        assert_eq!(d.text, "\u{feff}hi");
        assert_eq!(d.source, EncodingSource::Bom);
    }

    #[test]
    fn utf16le_with_bom_decodes() {
        let d = decode(b"\xFF\xFEh\0i\0", None).unwrap();
        assert_eq!(d.text, "\u{feff}hi");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn compressed_files_are_named_by_their_first_bytes() {
        for (bytes, format) in [
            (&b"\x1f\x8b\x08\x08abc"[..], "gzip"),
            (b"\x28\xb5\x2f\xfd\x24\x06", "zstd"),
            (b"\xfd7zXZ\x00\x00\x04", "xz"),
            (b"PK\x03\x04\x14\x00", "zip"),
            (b"BZh91AY&SY\x01", "bzip2"),
        ] {
            match decode(bytes, None) {
                Err(Error::Compressed { format: f }) => assert_eq!(f, format),
                other => panic!("{bytes:?}: {other:?}"),
            }
            // Even with an encoding forced: no text starts so.
            assert!(decode(bytes, Some(encoding_rs::WINDOWS_1252)).is_err());
        }
        // Text that starts like bzip2's header is text.
        assert_eq!(
            decode(b"BZh9 is a word", None).unwrap().text,
            "BZh9 is a word"
        );
    }

    #[test]
    fn nul_byte_is_binary() {
        assert!(matches!(
            decode(b"ab\0c", None),
            Err(Error::Binary {
                offset: 2,
                encoding: None
            })
        ));
    }

    #[test]
    fn windows_1252_is_detected() {
        let d = decode(
            b"Caf\xe9 au lait \x93quoted\x94 na\xefve r\xe9sum\xe9",
            None,
        )
        .unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Café"));
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(!d.confident, "a dozen accented letters are thin evidence");
    }

    #[test]
    fn a_currency_sign_that_may_be_a_euro_is_not_a_confident_guess() {
        let text = "Le caf\u{e9} co\u{fb}te 3 \u{20ac}, les cr\u{e8}mes br\u{fb}l\u{e9}es 5 \u{20ac}, \
                    disent les \u{e9}lus de la r\u{e9}gion, et les \u{e9}l\u{e8}ves aussi.";
        let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert!(!d.confident, "read as {}: {}", d.encoding, d.text);
        // By a number, and with none of Windows-1252's own bytes, it is a euro.
        assert_eq!(d.encoding, "ISO-8859-15");
        assert!(d.text.contains("3 \u{20ac}, "), "{}", d.text);
        let without = text.replace('\u{20ac}', "EUR").repeat(3);
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&without);
        assert!(
            decode(&bytes, None).unwrap().confident,
            "without the sign the guess stands"
        );
        // Windows-1252's own quotes rule ISO-8859-15 out; a sign by no
        // number is left as it is.
        for text in [
            "Le caf\u{e9} co\u{fb}te 3 \u{a4}, dit le \u{201c}ma\u{ee}tre\u{201d} des \u{e9}l\u{e8}ves.",
            "Le signe \u{a4} seul, dit le ma\u{ee}tre des \u{e9}l\u{e8}ves et des \u{e9}lus r\u{e9}unis.",
        ] {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.encoding, "windows-1252", "{text}");
            assert_eq!(d.text, text);
        }
    }
}
