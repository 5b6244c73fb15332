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

/// Imports `feed` (a `.json`) into a fresh store: refused with exit 2, naming every fragment,
/// and nothing stored.
fn import_refused(feed: &str, expect: &[&str]) {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success();
    let path = bench.file("feed.json", feed);
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for fragment in expect {
        assert!(err.contains(fragment), "expected {fragment:?} in: {err}");
    }
    assert!(err.len() < 1_000, "the message does not echo the data: {} bytes", err.len());
    assert!(bench.orders_json(&[]).is_empty(), "nothing of a refused file is stored");
}

fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut feed = shop();
    edit(&mut feed);
    feed.to_string()
}

#[test]
fn an_order_whose_total_does_not_fit_is_refused_at_import() {
    // The two lines of i64::MAX, which once gave a total of -2.
    let feed = edited(|s| {
        s["orders"][0]["items"] = json!([{"sku": "LMP-0042", "qty": 1, "price": i64::MAX},
                                         {"sku": "LMP-0042", "qty": 1, "price": i64::MAX}]);
    });
    import_refused(&feed, &["orders[0]", "field items[0].price", "above the limit of 10000000000"]);
    // Every line within its bounds, the sum beyond the order's.
    let feed = edited(|s| {
        let line = json!({"sku": "LMP-0042", "qty": 100_000, "price": 10_000_000_000i64});
        s["orders"][0]["items"] = json!([line.clone(), line]);
    });
    import_refused(&feed, &["orders[0]", "field items: the order's total", "at most 1000000000000"]);
    let feed = edited(|s| s["orders"][0]["items"][0]["qty"] = json!(1_000_000));
    import_refused(&feed, &["field items[0].qty: 1000000 is above the limit of 100000"]);
    let feed = edited(|s| s["products"][0]["stock"] = json!(i64::MAX));
    import_refused(&feed, &["products[0]", "field stock"]);
    let feed = edited(|s| s["orders"][0]["delivery"]["cost"] = json!(i64::MAX));
    import_refused(&feed, &["field delivery.cost"]);
}

#[test]
fn the_largest_order_allowed_is_priced_exactly() {
    // Ten lines of 100 000 × ₴9 999.99 and ₴70 delivery: just under the ₴10 000 000 000 limit.
    let bench = bench_with(|s| {
        let line = json!({"sku": "LMP-0042", "qty": 100_000, "price": 999_999});
        s["orders"][1]["items"] = json!(vec![line; 10]);
        s["orders"][1]["delivery"]["cost"] = json!(7_000);
    });
    let shown = bench.show_json("SITE-1002");
    assert_eq!(shown["order"]["total"]["amount"], 999_999_000_000i64, "{shown}");
    assert_eq!(shown["order"]["amount_due"]["amount"], 999_999_007_000i64, "{shown}");
}

/// The record, an edit of the small shop, and what the refusal says.
type Case = (&'static str, fn(&mut Value), &'static str);

#[test]
fn long_fields_are_refused_at_import_with_the_field_and_the_limit() {
    let cases: [Case; 7] = [
        (
            "products[0]",
            |s| s["products"][0]["name"] = json!("Я".repeat(1_000_000)),
            "field name: 1000000 characters, at most 200",
        ),
        (
            "customers[0]",
            |s| s["customers"][0]["name"] = json!("x".repeat(201)),
            "field name: 201 characters, at most 200",
        ),
        ("customers[0]", |s| s["customers"][0]["phone"] = json!("1".repeat(33)), "field phone"),
        (
            "orders[0]",
            |s| s["orders"][0]["comment"] = json!("c".repeat(2_001)),
            "field comment: 2001 characters, at most 2000",
        ),
        (
            "orders[0]",
            |s| s["orders"][0]["delivery"]["address"] = json!("a".repeat(501)),
            "field delivery.address",
        ),
        ("orders[0]", |s| s["orders"][0]["id"] = json!("SITE-\u{1b}[2J"), "field id"),
        (
            "orders[0]",
            |s| s["orders"][0]["items"] = json!(vec![json!({"sku": "LMP-0042", "qty": 1, "price": 1}); 201]),
            "field items: 201 lines, at most 200",
        ),
    ];
    for (record, edit, expect) in cases {
        import_refused(&edited(edit), &[record, expect]);
    }
}

#[test]
fn an_oversized_jsonl_record_is_refused_after_its_first_megabyte() {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success();
    let record = json!({"type": "product", "sku": "X-1", "name": "n".repeat(3_000_000),
                        "category": "c", "stock": 1, "price": 1});
    let path = bench.file("feed.jsonl", &format!("{record}\n"));
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("line 1") && err.contains("over 1048576 bytes"), "{err}");
}

#[test]
fn long_act_and_handoff_options_are_refused_with_the_limit() {
    let bench = bench_with(|_| {});
    let long = "n".repeat(2_001);
    let attempts: [(&[&str], &str); 4] = [
        (
            &["--as", "andriy", "act", "SITE-1002", "comment", "--note", &long],
            "--note: 2001 characters, at most 2000",
        ),
        (&["--as", "andriy", "handoff", "write", "SITE-1002", "--note", &long], "--note: 2001 characters"),
        (
            &["--as", "andriy", "act", "SITE-1002", "wish", "--wish", &format!("color={long}")],
            "--wish color: 2001 characters, at most 500",
        ),
        (&["--as", "olena", "act", "SITE-1001", "claim", "--to", &long], "--to"),
    ];
    for (args, expect) in attempts {
        let out = bench.opdesk().args(args).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expect), "expected {expect:?} in: {err}");
    }
    let audit =
        bench.opdesk().args(["--as", "iryna", "audit", "--order", "SITE-1002", "--json"]).output().unwrap();
    let entries: Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert!(!entries.to_string().contains(&long[..100]), "nothing of it was recorded");
}

/// Another program's SQLite database: a table of its own and some rows.
fn foreign_db(path: &std::path::Path, application_id: i32) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');",
    )
    .unwrap();
    conn.pragma_update(None, "application_id", application_id).unwrap();
}

#[test]
fn another_programs_sqlite_file_is_refused_untouched() {
    for application_id in [0, 0x1234_5678] {
        let bench = Bench::new();
        foreign_db(&bench.db(), application_id);
        let before = std::fs::read(bench.db()).unwrap();
        for args in [&["orders"][..], &["init"], &["import", "x.json"]] {
            let out = bench.opdesk().args(args).output().unwrap();
            let err = stderr_of(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("another program's SQLite database") && err.contains("untouched"), "{err}");
        }
        assert_eq!(std::fs::read(bench.db()).unwrap(), before, "byte for byte as it was");
        let wal = bench.dir.path().join("opdesk.db-wal");
        assert!(!wal.exists(), "no journal was started beside it");
    }
}

#[test]
fn a_store_is_marked_as_opdesks_and_an_unmarked_earlier_one_still_opens() {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success();
    let id = |path: &std::path::Path| -> i32 {
        rusqlite::Connection::open(path)
            .unwrap()
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap()
    };
    assert_eq!(id(&bench.db()), opdesk::store::APPLICATION_ID);
    // A store from before the mark: the same tables and schema number, application id 0.
    rusqlite::Connection::open(bench.db()).unwrap().pragma_update(None, "application_id", 0).unwrap();
    let path = bench.file("shop.json", SMALL_SHOP);
    bench.opdesk().arg("import").arg(&path).assert().success();
    assert_eq!(bench.orders_json(&[]).len(), 2);
    assert_eq!(id(&bench.db()), opdesk::store::APPLICATION_ID, "marked on its first open");
}

#[test]
fn a_directory_or_a_device_as_the_store_is_named_for_what_it_is() {
    let bench = Bench::new();
    let on = |store: &std::path::Path| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_opdesk"));
        cmd.env("OPDESK_NOW", common::NOW).env("HOME", bench.dir.path()).arg("--db").arg(store).arg("orders");
        cmd.output().unwrap()
    };
    let out = on(bench.dir.path());
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is a directory") && !err.contains("read-only"), "{err}");
    let out = on(std::path::Path::new("/dev/null"));
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(!err.contains("RusqliteError") && !err.contains(" { "), "no Rust debug text: {err}");
}

/// `opdesk --config DIR ARGS` where DIR holds `file` with `text`: exit 2 naming the file.
fn config_refused(file: &str, text: &str, args: &[&str]) {
    let bench = bench_with(|_| {});
    let dir = bench.dir.path().join("cfg");
    std::fs::create_dir_all(dir.join("scripts")).unwrap();
    std::fs::write(dir.join(file), text).unwrap();
    let out = bench.opdesk().arg("--config").arg(&dir).args(["--as", "olena"]).args(args).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{file}: {err}");
    assert!(err.contains(file), "names the file: {err}");
}

#[test]
fn configuration_errors_exit_2_like_every_other_bad_input() {
    let broken = "garbage = = 1\n";
    for file in ["opdesk.toml", "discounts.toml", "rules.toml", "scripts/situations.toml"] {
        config_refused(file, broken, &["show", "SITE-1001"]);
    }
    // The workstation's own files, checked before it asks for a terminal.
    for file in ["keymap.toml", "theme.toml"] {
        config_refused(file, broken, &[]);
    }
    config_refused("keymap.toml", "[keys]\nquit = [\"NoSuchKey+x\"]\n", &[]);
    config_refused("theme.toml", "[roles]\nnope = \"red\"\n", &[]);
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_feed_is_accepted() {
    let bom = "\u{feff}";
    let jsonl =
        "{\"type\":\"product\",\"sku\":\"B-1\",\"name\":\"n\",\"category\":\"c\",\"stock\":1,\"price\":1}\n";
    for (name, text) in [
        ("shop.json", format!("{bom}{SMALL_SHOP}")),
        ("feed.jsonl", format!("{bom}{jsonl}")),
        ("feed.csv", format!("{bom}sku,name,category,stock,price\nB-2,n,c,1,1\n")),
    ] {
        let bench = Bench::new();
        let path = bench.file(name, &text);
        let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
    }
}

#[test]
fn a_limit_beyond_the_store_is_usage() {
    let bench = bench_with(|_| {});
    for command in [&["orders"][..], &["audit"], &["ledger"], &["handoff", "list"]] {
        let out = bench.opdesk().args(command).args(["--limit", "18446744073709551615"]).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {err}");
        assert!(err.contains("more rows than a store can hold") && !err.contains("datatype"), "{err}");
    }
    let out = bench.opdesk().args(["orders", "--limit", "9223372036854775807", "--json"]).output().unwrap();
    assert!(out.status.success(), "the largest limit a store takes works: {}", stderr_of(&out));
}

#[test]
fn report_json_means_format_json() {
    let bench = bench_with(|_| {});
    let json = bench.opdesk().args(["--as", "iryna", "report", "--json"]).output().unwrap();
    let format = bench.opdesk().args(["--as", "iryna", "report", "--format", "json"]).output().unwrap();
    assert!(json.status.success(), "{}", stderr_of(&json));
    assert_eq!(json.stdout, format.stdout);
    let _: Value = serde_json::from_slice(&json.stdout).unwrap();
}

#[test]
fn an_opdesk_now_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let bench = bench_with(|_| {});
    let out = bench
        .opdesk()
        .env("OPDESK_NOW", std::ffi::OsStr::from_bytes(b"2026-11-23\xff"))
        .arg("orders")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("OPDESK_NOW is not UTF-8"), "{err}");
}

#[test]
fn a_store_of_an_older_schema_that_cannot_be_migrated_is_told_in_words() {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success();
    // Schema 2 written over a store of the latest schema: its tables are already there.
    rusqlite::Connection::open(bench.db()).unwrap().pragma_update(None, "user_version", 2).unwrap();
    let out = bench.opdesk().arg("orders").output().unwrap();
    let err = stderr_of(&out);
    assert!(!out.status.success());
    assert!(err.contains("schema 2 could not be brought up to date"), "{err}");
    assert!(!err.contains("RusqliteError") && !err.contains("Error {") && !err.contains("query:"), "{err}");
}
