//! Throughput of the mojibake detector alone (`normalize::may_be_mojibake`,
//! the scan every line gets before a repair is tried) on clean text in
//! scripts a code page also holds (Cyrillic, Greek), in scripts none does
//! (CJK, Arabic), and on Latin text with accents; beside it the repair on
//! mangled lines. Run with `cargo bench --bench mojibake`.
//!
//! The text is built from a few invented sentences per script, varied with
//! numbers, to about 1 MB per corpus: nothing outside the repository.

use copydesk::Config;
use copydesk::normalize::{may_be_mojibake, normalize_one};
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

const CYRILLIC: &[&str] = &[
    "Городской совет утвердил бюджет на следующий год, сообщил мэр.",
    "Паром «Север» вернулся в расписание — после ремонта в доке.",
    "Рада ухвалила закон про їжу в школах: «Усе буде готово до зими».",
    "Посольство подтвердило встречу министров в пятницу № 3.",
];
const GREEK: &[&str] = &[
    "Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό της πόλης.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα για τη στέγαση — «σύντομα».",
];
const CJK: &[&str] = &[
    "市议会批准了明年的预算，市长在新闻发布会上表示。",
    "渡轮修理后恢复运营，乘客可在码头购票。",
    "市議会は来年度の予算を承認した。市長が記者会見で述べた。",
    "시의회가 내년 예산을 승인했다고 시장이 말했다.",
];
const ARABIC: &[&str] = &[
    "وافق مجلس المدينة على ميزانية العام المقبل، حسبما قال رئيس البلدية.",
    "عادت العبارة إلى الخدمة بعد الإصلاح في الميناء.",
];
const LATIN: &[&str] = &[
    "Le conseil municipal a approuvé le budget — enfin, a déclaré le maire.",
    "Der Stadtrat hat den Haushalt für nächstes Jahr beschlossen.",
    "A câmara aprovou o orçamento para o próximo ano, disse a prefeita.",
    "Kommunfullmäktige godkände budgeten för nästa år, sade hon.",
];

/// About 1 MB of lines: the sentences in turn, each with a number.
fn corpus(sentences: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut size = 0;
    let mut i = 0usize;
    while size < 1_000_000 {
        let line = format!("{} {i}", sentences[i % sentences.len()]);
        size += line.len() + 1;
        lines.push(line);
        i += 1;
    }
    lines
}

/// `text` as a page that reads UTF-8 through Windows-1251 or -1252 shows it.
fn mangle(text: &str, codec: &'static encoding_rs::Encoding) -> String {
    text.bytes()
        .map(|b| {
            let byte = [b];
            let (s, _) = codec.decode_without_bom_handling(&byte);
            s.chars()
                .next()
                .filter(|&c| c != '\u{FFFD}')
                .unwrap_or(char::from(b))
        })
        .collect()
}

/// The detector over `lines`; with `fast`, every line must take the fast
/// path (complete no sequence in any code page).
fn detect(b: divan::Bencher, lines: Vec<String>, fast: bool) {
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    if fast {
        let slow: Vec<&String> = lines.iter().filter(|l| may_be_mojibake(l)).collect();
        assert!(slow.is_empty(), "{slow:?}");
    }
    b.counter(BytesCount::new(bytes)).bench(|| {
        lines
            .iter()
            .filter(|l| may_be_mojibake(divan::black_box(l)))
            .count()
    });
}

#[divan::bench]
fn detect_clean_cyrillic(b: divan::Bencher) {
    detect(b, corpus(CYRILLIC), true);
}

#[divan::bench]
fn detect_clean_greek(b: divan::Bencher) {
    detect(b, corpus(GREEK), true);
}

#[divan::bench]
fn detect_clean_cjk(b: divan::Bencher) {
    detect(b, corpus(CJK), true);
}

#[divan::bench]
fn detect_clean_arabic(b: divan::Bencher) {
    detect(b, corpus(ARABIC), true);
}

#[divan::bench]
fn detect_clean_latin(b: divan::Bencher) {
    // French `l’été` and `«élection»` complete a sequence through MacRoman
    // (`’` and `«` are lead bytes there): such lines reach the repair, which
    // leaves them alone.
    detect(b, corpus(LATIN), false);
}

/// The whole normalization (every per-line rule, the repair among them) on
/// lines mangled through Windows-1251 and Windows-1252.
#[divan::bench]
fn repair_mangled(b: divan::Bencher) {
    let mut lines: Vec<String> = corpus(CYRILLIC)
        .iter()
        .take(2_000)
        .map(|l| mangle(l, encoding_rs::WINDOWS_1251))
        .collect();
    lines.extend(
        corpus(LATIN)
            .iter()
            .take(2_000)
            .map(|l| mangle(l, encoding_rs::WINDOWS_1252)),
    );
    assert!(lines.iter().all(|l| may_be_mojibake(l)), "mangled text");
    let config = Config::default();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    b.counter(BytesCount::new(bytes)).bench(|| {
        lines
            .iter()
            .map(|l| normalize_one(divan::black_box(l), &config).len())
            .sum::<usize>()
    });
}
