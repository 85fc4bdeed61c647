//! Property: text that is valid, NFC and free of mojibake comes through every
//! repair rule unchanged, in any mix of scripts. Lines are built from real
//! words of many languages, so they are correct by construction.

use copydesk::{Config, Rule, process};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    // English, with typographic punctuation
    "Libya’s",
    "“talks”",
    "Haftar",
    "Moscow",
    "the",
    "—",
    "2007–2008",
    "…",
    "©",
    "£10",
    "€25",
    "40 °C",
    // French, Spanish, Portuguese, German
    "élection",
    "à",
    "Ça",
    "cœur",
    "«été»",
    "CAFÉ»",
    "niño",
    "¿Qué?",
    "¡Olé!",
    "SÃO",
    "PAULO",
    "NÃO",
    "É",
    "MAÇÃ",
    "São",
    "Straße",
    "München",
    "„Wir“",
    // Turkish, Polish, Czech, Vietnamese, Nordic, Romanian
    "İstanbul’da",
    "ağır",
    "Łódź",
    "Gdańsk",
    "Příliš",
    "žluťoučký",
    "Nguyễn",
    "Thị",
    "ÂN",
    "HẬN",
    "Åsa",
    "Øresund",
    "Þórshöfn",
    "Guðrún",
    "București",
    "Ñandú",
    // Cyrillic, Greek, Hebrew, Arabic, Persian with ZWNJ
    "Привет",
    "мир",
    "Київ",
    "Καλημέρα",
    "κόσμε",
    "שלום",
    "עולם",
    "بوتين",
    "يلتقي",
    "حفتر",
    "می‌خواهم",
    // CJK, Thai, emoji, math
    "习近平",
    "会见普京",
    "東京の天気",
    "서울",
    "สวัสดี",
    "😀",
    "👩‍💻",
    "∑",
    "x²",
    "≤",
    "∞",
    "½",
    // Ampersands that are not entities
    "AT&T",
    "R&D",
    "&",
    "Barnes&noble",
];

/// Words joined by a space, or glued together as scraped text often is.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(&[" ", " ", "", ", "][..]),
        ),
        1..12,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, (w, sep)) in parts.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(w);
        }
        s
    })
}

proptest! {
    // A fixed seed keeps CI deterministic; change it locally to explore.
    #![proptest_config(ProptestConfig {
        cases: 2000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261127),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn correct_text_passes_every_repair_rule_unchanged(text in line()) {
        let cleaned = process(format!("{text}\n").as_bytes(), &Config::default()).unwrap();
        let repairs: Vec<_> = cleaned
            .changes
            .iter()
            .filter(|c| matches!(c.rule, Rule::Mojibake | Rule::HtmlEntity | Rule::ControlChar | Rule::InvisibleChar | Rule::Nfc))
            .collect();
        prop_assert!(repairs.is_empty(), "{:?}", repairs);
        prop_assert_eq!(cleaned.output, format!("{text}\n"));
    }
}
