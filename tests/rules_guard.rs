//! What keeps the rules honest around the actions: a broken `rules.toml` stops every command
//! before it touches a store; `rules check` and `rules test` are the gate a shop runs after an
//! edit; the audit log records the rules version and the inputs of every attempt, and
//! `audit --verify` finds an entry edited or removed behind the desk's back.

mod common;

use assert_cmd::Command;
use common::{Bench, stderr_of};
use std::path::PathBuf;

const RULES: &str = include_str!("../config/rules.toml");

/// A config folder whose `rules.toml` has one expression broken: `from` replaced by `to`.
fn broken_config(bench: &Bench, from: &str, to: &str) -> PathBuf {
    assert!(RULES.contains(from), "the shipped rules no longer say {from:?}");
    let dir = bench.dir.path().join("broken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.toml"), RULES.replacen(from, to, 1)).unwrap();
    dir
}

/// Every command of DESIGN.md's contract that this build has, with what it needs.
fn every_command(bench: &Bench) -> Vec<Vec<String>> {
    let feed = bench.file("feed.csv", "sku,name,category,stock,price\nLMP-0001,Lamp,lamps,3,10000\n");
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    vec![
        vec![],
        words("init"),
        words("init --demo"),
        vec!["import".into(), feed.display().to_string()],
        words("orders"),
        words("show SITE-1001"),
        words("--as olena act SITE-1001 claim"),
        words("--as olena act SITE-1001 claim --dry-run"),
        words("rules check"),
        words("rules test"),
        words("rules list"),
        words("rules replay"),
        words("audit"),
        words("audit --verify"),
        words("ledger"),
        words("--as olena shift start"),
        words("--as maria handoff list"),
    ]
}

fn assert_refuses_to_start(bench: &Bench, config: &PathBuf, must_mention: &[&str]) {
    for args in every_command(bench) {
        let out = bench.opdesk().arg("--config").arg(config).args(&args).output().unwrap();
        let err = stderr_of(&out);
        assert!(!out.status.success(), "`opdesk {}` started on broken rules", args.join(" "));
        for part in must_mention {
            assert!(err.contains(part), "`opdesk {}` does not mention {part:?}: {err}", args.join(" "));
        }
        assert!(!bench.db().exists(), "`opdesk {}` left a store behind", args.join(" "));
    }
    // Without --db the store would go to the data folder: nothing there either.
    let data_home = bench.dir.path().join("data-home");
    let mut cmd = Command::cargo_bin("opdesk").unwrap();
    cmd.env("OPDESK_NOW", common::NOW)
        .env("XDG_CONFIG_HOME", bench.dir.path().join("config-home"))
        .env("XDG_DATA_HOME", &data_home)
        .env("HOME", bench.dir.path())
        .arg("--config")
        .arg(config)
        .arg("init");
    assert!(!cmd.output().unwrap().status.success());
    assert!(!data_home.join("opdesk").join("opdesk.db").exists(), "a default store was created");
}

#[test]
fn a_misspelt_fact_in_rules_toml_stops_every_command_naming_file_rule_and_expression() {
    let bench = Bench::new();
    let config = broken_config(
        &bench,
        "expr = \"size(draft.analogs) >= params.min_analogs\"",
        "expr = \"size(draft.analogz) >= params.min_analogs\"",
    );
    let file = config.join("rules.toml").display().to_string();
    assert_refuses_to_start(&bench, &config, &[&file, "rule A4", "draft.analogz", "unknown field"]);
}

#[test]
fn a_cel_syntax_error_in_rules_toml_stops_every_command_with_the_parsers_message() {
    let bench = Bench::new();
    let config = broken_config(&bench, "expr = \"draft.amount_stated\"", "expr = \"draft.amount_stated &&\"");
    let file = config.join("rules.toml").display().to_string();
    assert_refuses_to_start(&bench, &config, &[&file, "rule B11", "draft.amount_stated &&", "syntax"]);
}

#[test]
fn rules_check_passes_the_shipped_rules_and_fails_a_broken_copy() {
    let bench = Bench::new();
    bench.opdesk().args(["rules", "check"]).assert().success().stdout(predicates::str::contains("ok"));
    let config = broken_config(&bench, "when = \"order.age_restricted\"", "when = \"order.age_restrictd\"");
    let out = bench.opdesk().arg("--config").arg(&config).args(["rules", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("rule B8"), "{}", stderr_of(&out));
}

#[test]
fn rules_test_passes_on_the_shipped_pack() {
    let bench = Bench::new();
    let out = bench.opdesk().args(["rules", "test"]).output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), stderr_of(&out));
}

#[test]
fn rules_test_fails_when_an_edit_breaks_a_case() {
    let bench = Bench::new();
    let dir = bench.dir.path().join("edited");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.toml"), RULES.replacen("min_analogs = 5 ", "min_analogs = 3 ", 1))
        .unwrap();
    let out = bench.opdesk().arg("--config").arg(&dir).args(["rules", "test"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn every_attempt_records_the_rules_version_and_its_inputs() {
    let bench = Bench::with_demo();
    let check = bench.opdesk().args(["rules", "check"]).output().unwrap();
    let check = String::from_utf8_lossy(&check.stdout).into_owned();
    let version = check.split("version ").nth(1).and_then(|s| s.split_whitespace().next()).unwrap();
    let args = [
        "--reason",
        "out_of_stock",
        "--analog",
        "CHN-0101",
        "--evidence",
        "photo=shelf.jpg",
        "--note",
        "One offered",
    ];
    assert_eq!(bench.act("olena", "SITE-1061", "cancel", &args).code, 3);
    assert_eq!(bench.act("olena", "SITE-1080", "confirm", &["--amount-stated"]).code, 0);
    for order in ["SITE-1061", "SITE-1080"] {
        let e = bench.last_audit(order);
        assert_eq!(e["rules_version"], version, "{e}");
        assert!(e["detail"]["verdict"]["rules"].is_array(), "the verdict: {e}");
        assert_eq!(e["detail"]["facts"]["order"]["id"], order, "the facts the rules saw: {e}");
        assert_eq!(e["detail"]["facts"]["actor"]["login"], "olena");
    }
    let refused = bench.last_audit("SITE-1061");
    let draft = &refused["detail"]["draft"];
    assert_eq!(draft["reason"], "out_of_stock");
    assert_eq!(draft["analogs"], serde_json::json!(["CHN-0101"]));
    assert_eq!(draft["evidence"][0]["reference"], "shelf.jpg");
    assert_eq!(draft["note"], "One offered");
    let done = bench.last_audit("SITE-1080");
    assert_eq!(done["detail"]["draft"]["amount_stated"], true);
    assert_eq!(
        (done["detail"]["from"].as_str(), done["detail"]["to"].as_str()),
        (Some("in_work"), Some("processed"))
    );
}

/// A store with a few audit entries, for tampering.
fn audited() -> Bench {
    let bench = Bench::with_demo();
    assert_eq!(bench.act("olena", "SITE-1080", "confirm", &[]).code, 3);
    assert_eq!(bench.act("olena", "SITE-1080", "confirm", &["--amount-stated"]).code, 0);
    assert_eq!(bench.act("ivan", "SITE-1106", "claim", &[]).code, 0);
    bench.opdesk().args(["audit", "--verify"]).assert().success().stdout(predicates::str::contains("intact"));
    bench
}

fn seq_of_first_refusal(bench: &Bench) -> i64 {
    bench.audit_of("SITE-1080")[0]["seq"].as_i64().unwrap()
}

#[test]
fn audit_verify_detects_an_edited_entry() {
    let bench = audited();
    let seq = seq_of_first_refusal(&bench);
    let conn = rusqlite::Connection::open(bench.db()).unwrap();
    // The log refuses an edit; only someone dropping the trigger gets one in.
    let refused = conn.execute("UPDATE audit SET outcome = 'done' WHERE seq = ?1", [seq]);
    assert!(refused.is_err(), "the audit log took an UPDATE");
    conn.execute_batch("DROP TRIGGER audit_refuses_update").unwrap();
    conn.execute("UPDATE audit SET outcome = 'done', rules = '' WHERE seq = ?1", [seq]).unwrap();
    drop(conn);
    let out = bench.opdesk().args(["audit", "--verify"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("entry {seq}: content was changed")), "{text}");
    assert!(text.contains("TAMPERED"), "{text}");
    let json = bench.opdesk().args(["audit", "--verify", "--json"]).output().unwrap();
    assert_ne!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["intact"], false);
    let breaks = v["breaks"].as_array().unwrap();
    assert!(breaks.iter().any(|b| b["seq"] == seq), "{breaks:?}");
    assert!(
        breaks.iter().any(|b| b["problem"].as_str().unwrap().contains("audit_refuses_update")),
        "{breaks:?}"
    );
}

#[test]
fn audit_verify_detects_a_removed_entry() {
    let bench = audited();
    let seq = seq_of_first_refusal(&bench);
    let conn = rusqlite::Connection::open(bench.db()).unwrap();
    assert!(conn.execute("DELETE FROM audit WHERE seq = ?1", [seq]).is_err(), "the audit log took a DELETE");
    conn.execute_batch("DROP TRIGGER audit_refuses_delete").unwrap();
    conn.execute("DELETE FROM audit WHERE seq = ?1", [seq]).unwrap();
    drop(conn);
    let out = bench.opdesk().args(["audit", "--verify"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("entries {seq}..{seq} are missing")), "{text}");
}

/// The audit of the whole desk is read like the day's review: the head of sales reads every
/// entry, an operator only their own, someone the desk does not know nothing.
#[test]
fn the_whole_audit_is_for_the_head_of_sales_and_an_operator_reads_their_own() {
    let bench = audited();
    let trail = |login: &str| -> Vec<serde_json::Value> {
        let out = bench.opdesk().args(["--as", login, "audit", "--json"]).output().unwrap();
        assert!(out.status.success(), "{login}: {}", stderr_of(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let all = trail("iryna");
    assert!(all.iter().any(|e| e["actor"] == "ivan") && all.iter().any(|e| e["actor"] == "olena"));
    let own = trail("olena");
    assert!(!own.is_empty() && own.iter().all(|e| e["actor"] == "olena"), "{own:#?}");
    assert_eq!(own.len(), all.iter().filter(|e| e["actor"] == "olena").count());
    // An order's trail too: olena sees her two attempts on SITE-1080, not ivan's claim elsewhere.
    let out =
        bench.opdesk().args(["--as", "ivan", "audit", "--order", "SITE-1080", "--json"]).output().unwrap();
    let ivans: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(ivans.is_empty(), "ivan did nothing on SITE-1080: {ivans:#?}");
    let text = bench.opdesk().args(["--as", "olena", "audit"]).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("your own entries"), "the scope is said");
    // Nobody signed in: refused as usage, nothing printed.
    let out = bench.opdesk().args(["audit", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    // Verifying tells only whether the chain holds: anyone may.
    bench.opdesk().args(["audit", "--verify"]).assert().success();
}
