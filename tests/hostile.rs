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
