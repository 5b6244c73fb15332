//! Bad input never panics: the import parser and the rules loader fed arbitrary text and
//! mutations of valid files (proptest). Each test states its number of cases; a failure prints
//! the smallest input that breaks it. `OPDESK_FUZZ_SCALE=K` runs K times as many cases (a
//! longer campaign than `cargo test` has time for: see BENCHMARKS.md).
//!
//! Issue 18's surfaces too: records at and past the size and amount limits, rule expressions of
//! every size and nesting, the configuration files, the escaping of text for the terminal and
//! for JSON, and the command line's human output over arbitrary names (no control character out).

use opdesk::config::{ConfigFile, Origin, ShopConfig};
use opdesk::display::{is_unsafe, json_safe, visible, visible_lines};
use opdesk::domain::limits;
use opdesk::import::{Format, Record, read_from};
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

/// Imports `bytes` as `name`, converting each record as the desk would; every order accepted
/// has an exact total within the limit.
fn convert_all(format: Format, name: &str, bytes: &[u8]) {
    let _ = read_from(Path::new(name), format, bytes, |_, record| {
        match record {
            Record::Product(p) => {
                if let Ok(p) = p.into_product() {
                    assert!(p.price <= limits::MAX_PRICE && p.stock <= limits::MAX_STOCK);
                    assert!(p.name.chars().count() <= limits::MAX_NAME);
                }
            }
            Record::Customer(c) => {
                if let Ok(c) = c.into_customer() {
                    assert!(c.name.chars().count() <= limits::MAX_NAME);
                }
            }
            Record::Order(o) => {
                if let Ok(o) = o.into_order() {
                    let total = o.checked_total().and_then(|t| t.checked_add(o.delivery_cost));
                    assert!(total.is_some_and(|t| t <= limits::MAX_ORDER_TOTAL), "{total:?}");
                    assert!(o.items.len() <= limits::MAX_ITEMS);
                }
            }
        }
        Ok(())
    });
}

/// Numbers around every bound of the import format.
fn edge_number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(i64::MAX.to_string()),
        Just(i64::MIN.to_string()),
        Just("18446744073709551616".to_owned()),
        Just(limits::MAX_PRICE.to_string()),
        Just((limits::MAX_PRICE + 1).to_string()),
        Just(limits::MAX_QTY.to_string()),
        Just((limits::MAX_QTY + 1).to_string()),
        Just(limits::MAX_ORDER_TOTAL.to_string()),
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("1e300".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

/// Text of every kind: controls, bidi overrides, long runs, Cyrillic.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f\u{80}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}a-zА-я ]{0,40}",
        (0usize..3000).prop_map(|n| "я".repeat(n)),
        Just("\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;aGk=\u{7}".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1_000)))]

    #[test]
    fn numbers_at_and_past_the_limits_are_refused_or_exact(
        qty in edge_number(), price in edge_number(), cost in edge_number(), stock in edge_number(),
        lines in 1usize..4,
    ) {
        let item = format!(r#"{{"sku":"A-1","qty":{qty},"price":{price}}}"#);
        let items = vec![item; lines].join(",");
        let order = format!(
            r#"{{"type":"order","id":"O-1","created_at":"2026-11-22T09:15:00+02:00","source":"site","customer":"C-1","items":[{items}],"delivery":{{"method":"post","cost":{cost}}},"payment":"card"}}"#
        );
        let product = format!(
            r#"{{"type":"product","sku":"A-1","name":"n","category":"c","stock":{stock},"price":{price}}}"#
        );
        convert_all(Format::JsonLines, "x.jsonl", format!("{product}\n{order}\n").as_bytes());
        let csv = format!("sku,name,category,stock,price\nA-1,n,c,{stock},{price}\n");
        convert_all(Format::Csv, "x.csv", csv.as_bytes());
    }

    #[test]
    fn hostile_texts_are_refused_or_within_their_limits(
        name in hostile_text(), comment in hostile_text(), id in hostile_text(), bom in any::<bool>(),
    ) {
        let customer = serde_json::json!({"type": "customer", "id": id, "name": name, "language": "uk",
                                          "class": "regular"});
        let order = serde_json::json!({"type": "order", "id": id, "created_at": "2026-11-22T09:15:00+02:00",
            "source": "site", "customer": "C-1", "items": [{"sku": "A-1", "qty": 1, "price": 1}],
            "delivery": {"method": "post", "address": name, "cost": 0}, "payment": "card", "comment": comment});
        let feed = format!("{}{customer}\n{order}\n", if bom { "\u{feff}" } else { "" });
        convert_all(Format::JsonLines, "x.jsonl", feed.as_bytes());
    }

    #[test]
    fn no_control_character_survives_the_escaping(text in hostile_text()) {
        let one_line = visible(&text);
        prop_assert!(!one_line.chars().any(is_unsafe), "{one_line:?}");
        let lines = visible_lines(&text);
        prop_assert!(!lines.chars().any(|c| is_unsafe(c) && c != '\n'), "{lines:?}");
        // JSON: escaped for the terminal, and read back exactly.
        let json = json_safe(&serde_json::to_string_pretty(&serde_json::json!({"name": &text})).unwrap());
        prop_assert!(!json.chars().any(|c| is_unsafe(c) && c != '\n'), "{json:?}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back["name"].as_str(), Some(text.as_str()));
    }
}

/// Pieces of CEL to build expressions of every size and nesting from.
fn cel_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "1",
        " + ",
        " && ",
        " || ",
        "!",
        "-",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ".",
        "order",
        "items",
        "order.items",
        ".all(i, ",
        ".map(x, ",
        ".exists(j, ",
        "i.qty",
        "x",
        " ? ",
        " : ",
        " == ",
        "'s'",
        "size(",
        "true",
        " in ",
        "[1,2,3]",
        "lists.range(1000)",
        ".join(',')",
        "\"",
        "'",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn expressions_of_every_size_and_nesting_never_abort_the_loader(
        pieces in prop::collection::vec(cel_piece(), 0..200),
        repeat in prop_oneof![Just(1usize), 1usize..40, Just(500usize)],
        field in prop::sample::select(vec!["when", "stake", "detail", "check"]),
    ) {
        let expr = pieces.concat().repeat(repeat).replace("'''", "");
        let (when, stake, detail, check) = match field {
            "when" => (expr.as_str(), "0", "''", "true"),
            "stake" => ("true", expr.as_str(), "''", "true"),
            "detail" => ("true", "0", expr.as_str(), "true"),
            _ => ("true", "0", "''", expr.as_str()),
        };
        let rules = format!(
            "[[rule]]\nid = \"Z\"\nactions = [\"comment\"]\nmessage = \"m\"\nwhen = '''{when}'''\n\
             stake = '''{stake}'''\ndetail = '''{detail}'''\n[[rule.check]]\nlabel = \"l\"\nexpr = '''{check}'''\n"
        );
        let _ = Policy::load(&[("fuzz/rules.toml".to_owned(), rules)]);
    }

    #[test]
    fn arbitrary_configuration_files_never_panic(text in "[ -~\n\\[\\]=\"]{0,300}", which in 0usize..4) {
        let file = |name: &str| ConfigFile { name: name.into(), origin: Origin::File(name.into()), text: text.clone() };
        match which {
            0 => {
                let _ = ShopConfig::parse(&file("opdesk.toml"));
            }
            1 => {
                let _ = opdesk::pricing::DiscountTable::from_toml("discounts.toml", &text);
            }
            2 => {
                let default = opdesk::config::ConfigDirs::embedded_only().config_file("keymap.toml").unwrap();
                let _ = opdesk::tui::keymap::Keymap::from_files(&default, Some(&file("keymap.toml")));
            }
            _ => {
                let default = opdesk::config::ConfigDirs::embedded_only().config_file("theme.toml").unwrap();
                let _ = opdesk::tui::theme::Theme::from_files(&default, Some(&file("theme.toml")), true);
            }
        }
    }
}

/// Four runs of the real command line (import, orders, show, show --json) on a store holding one
/// order whose product, customer, address and comment are `texts`: each run's output.
fn cli_output_of(texts: &[String; 4]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let feed = serde_json::json!({
        "products": [{"sku": "A-1", "name": texts[0], "category": "c", "stock": 1, "price": 100}],
        "customers": [{"id": "C-1", "name": texts[1], "language": "uk", "class": "regular"}],
        "orders": [{"id": "O-1", "created_at": "2026-11-22T09:15:00+02:00", "source": "site", "customer": "C-1",
                    "items": [{"sku": "A-1", "qty": 1, "price": 100}], "payment": "card",
                    "delivery": {"method": "post", "address": texts[2], "cost": 0}, "comment": texts[3]}],
    });
    let path = dir.path().join("feed.json");
    std::fs::write(&path, feed.to_string()).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_opdesk"))
            .env("OPDESK_NOW", "2026-11-23T14:30:00+02:00")
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .arg("--db")
            .arg(dir.path().join("s.db"))
            .args(args)
            .output()
            .unwrap();
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let import = run(&["import", path.to_str().unwrap()]);
    vec![import, run(&["orders"]), run(&["--as", "olena", "show", "O-1"]), run(&["show", "O-1", "--json"])]
}

proptest! {
    // Each case starts four processes: few cases in `cargo test`, more in a campaign.
    #![proptest_config(ProptestConfig::with_cases(cases(12)))]

    #[test]
    fn the_command_lines_human_output_never_carries_a_control_character(
        texts in [hostile_text(), hostile_text(), hostile_text(), hostile_text()],
    ) {
        for (stdout, stderr) in cli_output_of(&texts) {
            prop_assert!(!stderr.contains("panicked"), "{stderr}");
            for text in [&stdout, &stderr] {
                let raw: Vec<char> = text.chars().filter(|&c| is_unsafe(c) && c != '\n').collect();
                prop_assert!(raw.is_empty(), "{raw:?} in {text:?}");
            }
        }
    }
}
