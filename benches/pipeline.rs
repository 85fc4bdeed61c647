//! Throughput of the pipeline (bytes per second), on one article and on a
//! 60 kB file of several scraped articles, with and without the repair rules
//! (mojibake, html-entity). Run with `cargo bench --bench pipeline`.
//!
//! The inputs are built from the bundled seed sample, so the bench needs
//! nothing outside the repository. Corpus-scale numbers come from
//! `benches/corpus.sh`.

use copydesk::{Config, Rule, process};
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

const SEED: &str = include_str!("../fixtures/000_a5cf3d5e05a89805.txt");

/// One article: the seed's first article.
fn one_article() -> String {
    SEED.split("\n\n\n\n").next().unwrap().to_string()
}

/// About 60 kB: the seed's articles repeated with varied headlines, some
/// lines mangled (mojibake, entities, NBSP, CRLF) the way scrapers do.
fn file_60k() -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 60_000 {
        let a = SEED
            .replace("Haftar", &format!("Haftar{i}"))
            .replace("Lavrov", &format!("Lavrov{i}"));
        let a = if i % 3 == 0 {
            a.replace('\u{2019}', "\u{e2}\u{20ac}\u{2122}")
        } else {
            a
        };
        let a = if i % 4 == 0 {
            a.replace(" the ", " the\u{a0}").replace("\n", "\r\n")
        } else {
            a
        };
        let a = if i % 5 == 0 {
            a.replace(" and ", " &amp; ")
        } else {
            a
        };
        s.push_str(&a);
        s.push_str("\n\n\n");
        i += 1;
    }
    s
}

fn without_repair() -> Config {
    Config {
        disabled: vec![Rule::Mojibake, Rule::HtmlEntity],
        ..Config::default()
    }
}

#[divan::bench]
fn article(b: divan::Bencher) {
    let input = one_article();
    let config = Config::default();
    b.counter(BytesCount::of_str(&input))
        .bench(|| process(divan::black_box(input.as_bytes()), &config).unwrap());
}

#[divan::bench]
fn file_60kb(b: divan::Bencher) {
    let input = file_60k();
    let config = Config::default();
    b.counter(BytesCount::of_str(&input))
        .bench(|| process(divan::black_box(input.as_bytes()), &config).unwrap());
}

#[divan::bench]
fn file_60kb_without_repair(b: divan::Bencher) {
    let input = file_60k();
    let config = without_repair();
    b.counter(BytesCount::of_str(&input))
        .bench(|| process(divan::black_box(input.as_bytes()), &config).unwrap());
}

#[divan::bench]
fn file_60kb_with_signatures(b: divan::Bencher) {
    let input = file_60k();
    let config = Config {
        signatures: true,
        ..Config::default()
    };
    b.counter(BytesCount::of_str(&input))
        .bench(|| process(divan::black_box(input.as_bytes()), &config).unwrap());
}
