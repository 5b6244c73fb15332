//! Bad input never panics: the import parser and the rules loader fed arbitrary text and
//! mutations of valid files (proptest). Each test states its number of cases; a failure prints
//! the smallest input that breaks it. `OPDESK_FUZZ_SCALE=K` runs K times as many cases (a
//! longer campaign than `cargo test` has time for: see BENCHMARKS.md).

use opdesk::import::{Format, read_from};
use opdesk::policy::Policy;
use proptest::prelude::*;
use std::path::Path;

/// Valid feed lines of every kind, from the generator, to mutate.
fn valid_lines() -> Vec<String> {
    let scale = opdesk::generate::Scale { products: 3, customers: 3, orders: 4, seed: 3 };
    let mut out = Vec::new();
    opdesk::generate::write_feed(scale, &mut out).unwrap();
    String::from_utf8(out).unwrap().lines().map(str::to_owned).collect()
}

/// `text` with `cut` characters removed at `at` and `insert` put there instead.
fn mutate(text: &str, at: usize, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + cut).min(chars.len());
    chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect()
}

/// `cases` scaled by `OPDESK_FUZZ_SCALE`.
fn cases(cases: u32) -> u32 {
    let scale: u32 = std::env::var("OPDESK_FUZZ_SCALE").ok().and_then(|k| k.parse().ok()).unwrap_or(1);
    cases.saturating_mul(scale.max(1))
}

fn parse_all(format: Format, name: &str, bytes: &[u8]) -> usize {
    let mut seen = 0;
    // Errors are expected; only a panic fails the test.
    let _ = read_from(Path::new(name), format, bytes, |_, _| {
        seen += 1;
        Ok(())
    });
    seen
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1_000)))]

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        parse_all(Format::JsonLines, "x.jsonl", &bytes);
        parse_all(Format::Json, "x.json", &bytes);
        parse_all(Format::Csv, "x.csv", &bytes);
    }

    #[test]
    fn mutated_records_never_panic_the_parser(
        line in 0usize..11, at in 0usize..400, cut in 0usize..20,
        insert in prop_oneof![Just(String::new()), Just("\"".to_owned()), Just("null".to_owned()),
                              Just("-1".to_owned()), Just("{}".to_owned()), Just("9999999999999999999999".to_owned()),
                              "[ -~А-я]{0,8}"],
    ) {
        let lines = valid_lines();
        let mutated = mutate(&lines[line % lines.len()], at, cut, &insert);
        parse_all(Format::JsonLines, "x.jsonl", mutated.as_bytes());
        let json = format!("{{\"orders\": [{mutated}]}}");
        parse_all(Format::Json, "x.json", json.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn arbitrary_text_never_panics_the_rules_loader(text in "[ -~\n]{0,300}") {
        let _ = Policy::load(&[("fuzz/rules.toml".to_owned(), text)]);
    }

    #[test]
    fn mutated_rules_never_panic_the_loader(
        at in 0usize..40_000, cut in 0usize..40,
        insert in prop_oneof![Just(String::new()), Just("\"".to_owned()), Just("]]".to_owned()),
                              Just("(".to_owned()), Just(" && ".to_owned()), Just("size(".to_owned()),
                              Just("[[rule]]\n".to_owned()), "[ -~]{0,10}"],
    ) {
        let rules = include_str!("../config/rules.toml");
        let mutated = mutate(rules, at, cut, &insert);
        let _ = Policy::load(&[("fuzz/rules.toml".to_owned(), mutated)]);
    }
}
