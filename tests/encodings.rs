//! Legacy encodings: text saved without a label in each of the encodings news
//! sites still use is detected and decoded back to the same text, and the
//! report names the encoding.

use copydesk::{Config, EncodingSource, process};
use encoding_rs::Encoding;

/// (label to encode with, names the detector may report, text)
const SAMPLES: &[(&str, &[&str], &str)] = &[
    (
        "windows-1252",
        &["windows-1252"],
        "Café owners fear “the worst” – a naïve résumé of the summer trade, they say.",
    ),
    // ISO-8859-1 is read as its superset windows-1252, as browsers do.
    (
        "iso-8859-1",
        &["windows-1252"],
        "Les cafés de la rue sont fermés à cause de la grève générale.",
    ),
    (
        "iso-8859-15",
        &["windows-1252", "ISO-8859-15"],
        "Les cafés et les crèmeries sont fermés à cause de la grève générale.",
    ),
    (
        "iso-8859-2",
        &["ISO-8859-2", "windows-1250"],
        "Příliš žluťoučký kůň úpěl ďábelské ódy. Łódź i Gdańsk są piękne.",
    ),
    (
        "windows-1250",
        &["windows-1250", "ISO-8859-2"],
        "Příliš žluťoučký kůň úpěl ďábelské ódy. Łódź i Gdańsk są piękne.",
    ),
    (
        "windows-1251",
        &["windows-1251"],
        "Привет, мир! Москва встречает гостей из разных стран и городов.",
    ),
    (
        "koi8-r",
        &["KOI8-U", "KOI8-R"],
        "Привет, мир! Москва встречает гостей из разных стран и городов.",
    ),
    (
        "windows-1256",
        &["windows-1256"],
        "بوتين يلتقي حفتر في موسكو لأول مرة منذ بداية الأزمة الليبية",
    ),
    (
        "shift_jis",
        &["Shift_JIS"],
        "東京の天気は晴れです。明日は雨が降るでしょう。",
    ),
    (
        "euc-jp",
        &["EUC-JP"],
        "東京の天気は晴れです。明日は雨が降るでしょう。",
    ),
    (
        "euc-kr",
        &["EUC-KR"],
        "서울 날씨는 맑습니다. 내일은 비가 오겠습니다.",
    ),
    (
        "gbk",
        &["GBK", "gb18030"],
        "习近平会见普京，双方就两国关系和共同关心的国际问题交换意见。",
    ),
    (
        "gb18030",
        &["GBK", "gb18030"],
        "习近平会见普京，双方就两国关系和共同关心的国际问题交换意见。",
    ),
    (
        "big5",
        &["Big5"],
        "習近平會見普京，雙方就兩國關係和共同關心的國際問題交換意見。",
    ),
];

#[test]
fn each_legacy_encoding_is_detected_and_decoded() {
    for (label, names, text) in SAMPLES {
        let enc = Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{label} cannot hold the sample");
        let mut input = bytes.into_owned();
        input.push(b'\n');
        let cleaned = process(&input, &Config::default()).unwrap();
        assert_eq!(cleaned.output, format!("{text}\n"), "{label}");
        assert!(
            names.contains(&cleaned.encoding),
            "{label}: detected as {}",
            cleaned.encoding
        );
        assert_eq!(cleaned.encoding_source, EncodingSource::Detected);
        assert!(!cleaned.lossy, "{label}");
    }
}

#[test]
fn utf16_with_a_bom_in_both_byte_orders() {
    let text = "Grape harvest starts early — Åsa Öberg\n";
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        let mut bytes = bom.to_vec();
        for unit in text.encode_utf16() {
            let b = if enc == encoding_rs::UTF_16LE {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&b);
        }
        let cleaned = process(&bytes, &Config::default()).unwrap();
        assert_eq!(cleaned.output, text);
        assert_eq!(cleaned.encoding, enc.name());
        assert_eq!(cleaned.encoding_source, EncodingSource::Bom);
    }
}

#[test]
fn a_forced_encoding_beats_detection() {
    let text = "Привет, мир! Москва встречает гостей из разных стран.";
    let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
    let config = Config {
        encoding: Some(encoding_rs::KOI8_R),
        ..Config::default()
    };
    let cleaned = process(&bytes, &config).unwrap();
    assert_eq!(cleaned.output.trim_end(), text);
    assert_eq!(cleaned.encoding_source, EncodingSource::Forced);
}

#[test]
fn thin_evidence_is_a_low_confidence_guess_and_plenty_is_not() {
    let short = process(b"Caf\xe9\n", &Config::default()).unwrap();
    assert!(!short.encoding_confident);
    let long_text =
        "Les cafés de la rue sont fermés à cause de la grève générale, disent les élus. ".repeat(4);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&long_text);
    let long = process(&bytes, &Config::default()).unwrap();
    assert!(long.encoding_confident);
}
