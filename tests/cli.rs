//! The command-line contract of DESIGN.md: identity, the queue and show in JSON with their
//! stable fields, exit codes, and clear messages for a bad store.

mod common;

use common::{Bench, stderr_of};

#[test]
fn init_creates_the_store_and_is_repeatable() {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success().stdout(predicates::str::contains("ready (schema 9)"));
    bench.opdesk().arg("init").assert().success();
    assert!(bench.db().exists());
}

/// A command that reads a store that is not there says so and how to make one, instead of
/// creating an empty one and answering "nothing here".
#[test]
fn reading_a_store_that_is_not_there_says_how_to_make_one() {
    let bench = Bench::new();
    for args in [&["orders"][..], &["show", "SITE-1001"], &["report"], &["ledger"]] {
        let out = bench.opdesk().args(["--as", "iryna"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("there is no store at") && err.contains("opdesk init"), "{err}");
    }
    assert!(!bench.db().exists(), "nothing was created");
}

#[test]
fn init_demo_loads_a_believable_shop_once() {
    let bench = Bench::with_demo();
    let orders = bench.orders_json(&[]);
    assert!(orders.len() >= 140, "about 150 demo orders, got {}", orders.len());
    let statuses: std::collections::BTreeSet<&str> =
        orders.iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.len(), 13, "every status is present: {statuses:?}");
    bench
        .opdesk()
        .args(["init", "--demo"])
        .assert()
        .success()
        .stdout(predicates::str::contains("not loaded"));
    assert_eq!(bench.orders_json(&[]).len(), orders.len(), "a second --demo adds nothing");
}

#[test]
fn orders_json_has_the_stable_fields() {
    let bench = Bench::with_demo();
    let orders = bench.orders_json(&["--limit", "5"]);
    assert_eq!(orders.len(), 5);
    for o in &orders {
        for field in ["id", "status", "customer", "total", "owner", "created_at", "due", "overdue"] {
            assert!(o.get(field).is_some(), "orders --json lacks {field}: {o}");
        }
        assert!(o["total"]["amount"].is_i64() && o["total"]["currency"] == "UAH", "{o}");
        assert!(o["overdue"].is_boolean());
    }
}

#[test]
fn the_queue_puts_the_nearest_deadline_first() {
    let bench = Bench::with_demo();
    let orders = bench.orders_json(&[]);
    let dues: Vec<Option<&str>> = orders.iter().map(|o| o["due"].as_str()).collect();
    let with_due: Vec<chrono::DateTime<chrono::FixedOffset>> =
        dues.iter().map_while(|d| d.map(|d| chrono::DateTime::parse_from_rfc3339(d).unwrap())).collect();
    assert!(with_due.windows(2).all(|w| w[0] <= w[1]), "sorted by due");
    assert!(dues[with_due.len()..].iter().all(Option::is_none), "orders without a deadline come last");
}

#[test]
fn overdue_and_status_filters_select_what_they_say() {
    let bench = Bench::with_demo();
    let late = bench.orders_json(&["--overdue"]);
    assert!(!late.is_empty());
    assert!(late.iter().all(|o| o["overdue"] == true));
    let new = bench.orders_json(&["--status", "new"]);
    assert!(!new.is_empty() && new.iter().all(|o| o["status"] == "new" && o["owner"].is_null()));
    // A new order older than 24 h is late for first contact (B1).
    assert!(new.iter().any(|o| o["overdue"] == true && o["due_kind"] == "first_contact"));
}

#[test]
fn mine_needs_an_identity_and_filters_by_it() {
    let bench = Bench::with_demo();
    let out = bench.opdesk().args(["orders", "--mine"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--as LOGIN"), "{}", stderr_of(&out));
    let mine = bench.orders_json(&["--mine", "--as", "olena"]);
    assert!(!mine.is_empty() && mine.iter().all(|o| o["owner"] == "olena"));
    let out =
        bench.opdesk().args(["orders", "--mine", "--json"]).env("OPDESK_OPERATOR", "ivan").output().unwrap();
    let via_env: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!via_env.is_empty() && via_env.iter().all(|o| o["owner"] == "ivan"));
}

#[test]
fn an_unknown_login_is_refused_naming_it() {
    let bench = Bench::with_demo();
    let out = bench.opdesk().args(["--as", "vasyl", "orders", "--mine"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("\"vasyl\"") && err.contains("[[operator]]"), "{err}");
}

#[test]
fn show_json_has_order_customer_history_and_timers() {
    let bench = Bench::with_demo();
    let v = bench.show_json("SITE-1078");
    for field in ["items", "status", "owner", "amount_due"] {
        assert!(v["order"].get(field).is_some(), "order lacks {field}");
    }
    for field in ["class", "language"] {
        assert!(v["customer"].get(field).is_some(), "customer lacks {field}");
    }
    assert!(v["history"].is_array() && v["timers"].is_array());
    assert_eq!(v["customer"]["class"], "supervip");
    assert!(
        v["history"].as_array().unwrap().iter().all(|h| h["id"] != "SITE-1078"),
        "history is the other orders"
    );
    // By internal number too.
    let number = v["order"]["number"].as_i64().unwrap().to_string();
    assert_eq!(bench.show_json(&number)["order"]["id"], "SITE-1078");
}

#[test]
fn show_of_an_unknown_order_exits_2() {
    let bench = Bench::with_demo();
    let out = bench.opdesk().args(["show", "SITE-0000"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("SITE-0000"));
}

#[test]
fn a_bad_status_word_is_a_usage_error() {
    let bench = Bench::new();
    let out = bench.opdesk().args(["orders", "--status", "shipped"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("in_work"), "lists the statuses: {}", stderr_of(&out));
}

#[test]
fn a_file_that_is_not_a_store_is_named_without_a_panic() {
    let bench = Bench::new();
    std::fs::write(bench.db(), "not a database at all".repeat(200)).unwrap();
    let out = bench.opdesk().arg("orders").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("opdesk.db") && err.contains("not an opdesk store"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn a_store_from_a_newer_opdesk_is_refused() {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success();
    let conn = rusqlite::Connection::open(bench.db()).unwrap();
    conn.pragma_update(None, "user_version", 42).unwrap();
    drop(conn);
    let out = bench.opdesk().arg("orders").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("newer opdesk"), "{}", stderr_of(&out));
}

#[test]
fn a_bad_fixed_clock_is_named() {
    let bench = Bench::new();
    let out = bench.opdesk().arg("orders").env("OPDESK_NOW", "yesterday").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("OPDESK_NOW"));
}

#[test]
fn a_config_folder_with_only_the_shop_file_keeps_the_other_defaults() {
    let bench = Bench::with_demo();
    let dir = bench.dir.path().join("cfg");
    std::fs::create_dir_all(&dir).unwrap();
    let shop = "[shop]\nname = \"Test\"\n[[operator]]\nlogin = \"zoya\"\nname = \"Zoya Test\"\nroles = [\"operator\"]\n";
    std::fs::write(dir.join("opdesk.toml"), shop).unwrap();
    let out = bench
        .opdesk()
        .args(["--config"])
        .arg(&dir)
        .args(["--as", "zoya", "orders", "--mine"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = bench
        .opdesk()
        .args(["--config"])
        .arg(&dir)
        .args(["--as", "olena", "orders", "--mine"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "olena is not in this shop's file");
    std::fs::write(dir.join("opdesk.toml"), "[shop]\nnme = \"typo\"\n").unwrap();
    let out = bench.opdesk().args(["--config"]).arg(&dir).arg("orders").output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr_of(&out).contains("nme"), "{}", stderr_of(&out));
}

#[test]
fn the_audit_chain_of_a_fresh_demo_verifies() {
    let bench = Bench::with_demo();
    bench.opdesk().args(["audit", "--verify"]).assert().success().stdout(predicates::str::contains("intact"));
}

/// The CLI on a demo store reads the demo's time, which goes on from where the last desk left
/// it: not the real calendar, by which every demo order would be days late.
#[test]
fn the_demo_store_keeps_one_clock_for_every_desk() {
    let bench = Bench::new();
    let demo = |args: &[&str]| {
        let out = bench.opdesk().env_remove("OPDESK_NOW").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    };
    demo(&["init", "--demo"]);
    let overdue = |out: std::process::Output| -> usize {
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        rows.iter().filter(|r| r["overdue"] == true).count()
    };
    let on_demo_clock = overdue(demo(&["--as", "iryna", "orders", "--limit", "1000", "--json"]));
    let at_demo_time =
        bench.opdesk().args(["--as", "iryna", "orders", "--limit", "1000", "--json"]).output().unwrap();
    assert_eq!(on_demo_clock, overdue(at_demo_time), "the demo's own time, 2026-11-23 14:30");
    let real_now = bench
        .opdesk()
        .env("OPDESK_NOW", "2026-12-05T10:00:00+02:00")
        .args(["--as", "iryna", "orders", "--limit", "1000", "--json"])
        .output()
        .unwrap();
    assert!(overdue(real_now) > on_demo_clock, "a fortnight on, more are late: the clocks differ");
    // A claim on the demo clock is dated on the demo's day.
    demo(&["--as", "olena", "act", "SITE-1055", "claim"]);
    let audit = demo(&["--as", "iryna", "audit", "--order", "SITE-1055", "--json"]);
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let at = audit.as_array().unwrap().last().unwrap()["at"].as_str().unwrap().to_owned();
    assert!(at.starts_with("2026-11-23T12:3"), "dated on the demo's clock: {at}");
}
