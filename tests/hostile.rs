//! Issue 18, hostile input and output: nothing a customer, a feed or a rules file contains can
//! crash, overflow or reach the terminal raw. Each class of the issue through the real command
//! line; the fuzz targets for the same surfaces are in `tests/fuzz.rs`.

mod common;

use common::{Bench, stderr_of};
use opdesk::display::is_unsafe;
use serde_json::{Value, json};

const SMALL_SHOP: &str = include_str!("fixtures/small_shop.json");

/// The window-title, clear-screen and bidi-override payload of the issue.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil\u{2066}\u{7f}";

fn shop() -> Value {
    serde_json::from_str(SMALL_SHOP).unwrap()
}

/// A store holding the small shop after `edit`.
fn bench_with(edit: impl FnOnce(&mut Value)) -> Bench {
    let bench = Bench::new();
    let mut feed = shop();
    edit(&mut feed);
    let path = bench.file("shop.json", &feed.to_string());
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    assert!(out.status.success(), "import: {}", stderr_of(&out));
    bench
}

/// Every character of `text` that a terminal would obey, other than the output's own layout.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars().filter(|&c| is_unsafe(c) && c != '\n').collect()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn show_never_prints_terminal_escapes_from_a_name() {
    let bench = bench_with(|s| {
        s["customers"][0]["name"] = json!(HOSTILE);
        s["orders"][0]["comment"] = json!(format!("call\nme{HOSTILE}"));
        s["orders"][0]["delivery"]["address"] = json!(HOSTILE);
        s["products"][0]["name"] = json!(HOSTILE);
    });
    let out = bench.opdesk().args(["--as", "olena", "show", "SITE-1001"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(raw_controls(&text), [], "{text}");
    assert!(text.contains("^[]0;pwned^G^[[2J<U+009B>31m<U+202E>evil<U+2066>^?"), "shown escaped: {text}");
    assert!(text.contains("comment: call^Jme^["), "a line feed in a one-line field is shown: {text}");
}

#[test]
fn orders_never_prints_terminal_escapes_from_a_name() {
    let bench = bench_with(|s| s["customers"][0]["name"] = json!(format!("A\nFAKE-1 {HOSTILE}")));
    let out = bench.opdesk().args(["orders"]).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(raw_controls(&text), [], "{text}");
    assert_eq!(text.lines().count(), 3, "a header and one line per order: {text}");
}

#[test]
fn json_keeps_the_data_exact_and_escaped() {
    let bench = bench_with(|s| s["customers"][0]["name"] = json!(HOSTILE));
    let out = bench.opdesk().args(["show", "SITE-1001", "--json"]).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(raw_controls(&text), [], "JSON escapes them too: {text}");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["customer"]["name"], HOSTILE, "and reads back exactly");
    let orders = bench.orders_json(&[]);
    assert!(orders.iter().any(|o| o["customer_name"] == HOSTILE));
}

#[test]
fn an_error_message_never_prints_terminal_escapes_from_the_input() {
    let bench = bench_with(|_| {});
    let out = bench.opdesk().args(["show", &format!("NOPE{HOSTILE}")]).output().unwrap();
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert_eq!(raw_controls(&err), [], "{err}");
}

#[test]
fn csv_cells_that_start_a_formula_are_quoted() {
    let bench = bench_with(|_| {});
    let notes = ["=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|x", "-2+3", "@SUM(A1)"];
    for note in notes {
        let out = bench
            .opdesk()
            .args(["--as", "andriy", "handoff", "write", "SITE-1002", &format!("--note={note}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let out = bench.opdesk().args(["--as", "iryna", "report", "--format", "csv"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let notes_seen: Vec<String> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == "handoff" && &r[1] == "written")
        .map(|r| r[9].to_owned())
        .collect();
    for note in notes {
        assert!(notes_seen.contains(&format!("'{note}")), "{note} quoted in {notes_seen:?}");
    }
}

/// A config folder whose rules are the shipped ones plus a rule `Z1` with `field = expr`.
fn rules_with(bench: &Bench, field: &str, expr: &str) -> std::path::PathBuf {
    let dir = bench.dir.path().join("cfg");
    std::fs::create_dir_all(&dir).unwrap();
    let shipped = include_str!("../config/rules.toml");
    let (when, check) = match field {
        "when" => (expr, "true"),
        _ => ("true", expr),
    };
    let rule = format!(
        "\n[[rule]]\nid = \"Z1\"\nactions = [\"comment\"]\nmessage = \"x\"\nwhen = '''{when}'''\n\
         [[rule.check]]\nlabel = \"big\"\nexpr = '''{check}'''\n"
    );
    std::fs::write(dir.join("rules.toml"), format!("{shipped}{rule}")).unwrap();
    dir
}

/// `rules check` on `expr` as rule Z1's `field`: refused with exit 2, naming the rule, the field
/// and every fragment, without a panic or an abort.
fn rule_refused(field: &str, expr: &str, expect: &[&str]) -> std::time::Duration {
    let bench = Bench::new();
    let cfg = rules_with(&bench, field, expr);
    let started = std::time::Instant::now();
    let out = bench.opdesk().arg("--config").arg(&cfg).args(["rules", "check"]).output().unwrap();
    let took = started.elapsed();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "exit 2, not a crash: {err}");
    assert!(err.contains("rule Z1") && err.contains(field), "names the rule and the field: {err}");
    for fragment in expect {
        assert!(err.contains(fragment), "expected {fragment:?} in: {err}");
    }
    assert!(err.len() < 1_000, "the message quotes the start of the expression only: {err}");
    took
}

#[test]
fn a_rule_of_ten_thousand_terms_is_refused_not_an_abort() {
    let terms = vec!["1"; 10_000].join(" + ");
    let took = rule_refused("check", &format!("{terms} > 0"), &["characters long", "at most 2000"]);
    eprintln!("10 000 terms refused in {took:?}");
    let compact = vec!["1"; 500].join("+");
    rule_refused("when", &format!("{compact} > 0"), &["500 operators", "at most 100"]);
}

#[test]
fn a_deeply_nested_rule_is_refused() {
    let deep = format!("{}true{}", "(".repeat(500), ")".repeat(500));
    rule_refused("when", &deep, &["nests brackets 500 deep"]);
}

#[test]
fn a_rule_over_the_cost_budget_is_refused_with_its_estimate() {
    let big = format!("[{}]", vec!["1"; 300].join(","));
    let nested = format!("{big}.map(a, {big}.map(b, {big}.map(c, a + b + c))).size() > 0");
    let took = rule_refused("check", &nested, &["estimated cost", "exceeds the limit of 1000000"]);
    eprintln!("nested comprehension refused in {took:?}");
    let items = "order.items.all(a, order.items.all(b, order.items.all(c, a.qty <= b.qty + c.qty)))";
    rule_refused("check", items, &["estimated cost"]);
}
