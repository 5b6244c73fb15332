//! `opdesk rules replay`: a supervisor records a day under the shipped rules, edits a copy of
//! `rules.toml` in a folder of their own, and sees which of the day's verdicts would change
//! before switching the copy on.

mod common;

use common::Bench;
use serde_json::Value;
use std::path::PathBuf;

const RULES: &str = include_str!("../config/rules.toml");

/// A config folder holding the shipped rules with one edit.
fn edited_rules(bench: &Bench, from: &str, to: &str) -> PathBuf {
    assert!(RULES.contains(from), "the shipped rules no longer say {from:?}");
    let dir = bench.dir.path().join("trial");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.toml"), RULES.replacen(from, to, 1)).unwrap();
    dir
}

fn replay(bench: &Bench, config: Option<&PathBuf>, extra: &[&str]) -> Value {
    let mut cmd = bench.opdesk();
    if let Some(dir) = config {
        cmd.arg("--config").arg(dir);
    }
    let out = cmd.args(["--as", "iryna", "rules", "replay", "--json"]).args(extra).output().unwrap();
    assert!(out.status.success(), "replay failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn changed_seqs(r: &Value) -> Vec<i64> {
    r["changed"].as_array().unwrap().iter().map(|c| c["seq"].as_i64().unwrap()).collect()
}

/// Today's attempts: an out-of-stock cancel with three analogs (refused by A4 and A7), a
/// confirm (done), a claim refused by B2, and a supervisor's override of B6.
fn a_recorded_day() -> (Bench, i64) {
    let bench = Bench::with_demo();
    let three = [
        "--reason",
        "out_of_stock",
        "--analog",
        "CHN-0101",
        "--analog",
        "CHN-0104",
        "--analog",
        "CHN-0105",
        "--evidence",
        "photo=shelf.jpg",
        "--evidence",
        "correspondence=chat.png",
        "--note",
        "Offered three chandeliers",
    ];
    let cancel = bench.act("olena", "SITE-1061", "cancel", &three);
    assert_eq!(cancel.code, 3, "{cancel:?}");
    let cancel_seq = bench.last_audit("SITE-1061")["seq"].as_i64().unwrap();
    assert_eq!(bench.act("olena", "SITE-1080", "confirm", &["--amount-stated"]).code, 0);
    assert_eq!(bench.act("olena", "SITE-1095", "claim", &[]).code, 3);
    assert_eq!(bench.act("iryna", "SITE-1050", "reserve", &["--override", "Approved"]).code, 0);
    (bench, cancel_seq)
}

#[test]
fn replay_under_the_rules_in_force_changes_nothing() {
    let (bench, _) = a_recorded_day();
    let r = replay(&bench, None, &[]);
    assert_eq!(r["date"], "2026-11-23", "today in the shop's zone");
    assert_eq!(r["attempts"], 4, "{r:#}");
    assert_eq!(r["on_current_state"], 0, "every attempt recorded its facts");
    assert!(r["changed"].as_array().unwrap().is_empty(), "{r:#}");
    assert_eq!(r["rules_version"], r["recorded_versions"][0]);
}

#[test]
fn replay_with_three_analogs_enough_lists_the_cancel_that_would_go_through() {
    let (bench, cancel_seq) = a_recorded_day();
    let trial = edited_rules(&bench, "min_analogs = 5 ", "min_analogs = 3 ");
    let r = replay(&bench, Some(&trial), &[]);
    assert_eq!(changed_seqs(&r), [cancel_seq], "only the three-analog cancel changes: {r:#}");
    let c = &r["changed"][0];
    assert_eq!(c["order"], "SITE-1061");
    assert_eq!(c["actor"], "olena");
    assert_eq!(c["action"], "cancel");
    assert_eq!(c["outcome"], "refused");
    assert_eq!(c["change"], "now_allowed");
    assert_eq!(c["was"]["rules"], serde_json::json!(["A4", "A7"]));
    assert_eq!(c["now"]["allowed"], true);
    assert_eq!(c["facts"], "recorded");
    assert_ne!(r["rules_version"], r["recorded_versions"][0], "the trial rules are another version");
}

#[test]
fn replay_with_a_stricter_rule_lists_what_it_would_have_refused() {
    let bench = Bench::with_demo();
    let five = [
        "--reason",
        "out_of_stock",
        "--analog",
        "CHN-0101",
        "--analog",
        "CHN-0104",
        "--analog",
        "CHN-0105",
        "--analog",
        "CHN-0106",
        "--analog",
        "CHN-0107",
        "--evidence",
        "photo=shelf.jpg",
        "--evidence",
        "call_record=c-1",
        "--note",
        "Offered five",
    ];
    assert_eq!(bench.act("olena", "SITE-1061", "cancel", &five).code, 0);
    assert_eq!(bench.act("olena", "SITE-1080", "confirm", &[]).code, 3);
    let trial = edited_rules(&bench, "min_analogs = 5 ", "min_analogs = 6 ");
    let r = replay(&bench, Some(&trial), &[]);
    assert_eq!(r["changed"].as_array().unwrap().len(), 1, "{r:#}");
    let c = &r["changed"][0];
    assert_eq!((c["order"].as_str(), c["change"].as_str()), (Some("SITE-1061"), Some("now_refused")));
    assert_eq!(c["was"]["allowed"], true);
    assert_eq!(c["now"]["rules"], serde_json::json!(["A4", "A7"]));
}

#[test]
fn replay_lists_refusals_by_other_rules_and_lifted_overrides() {
    let (bench, _) = a_recorded_day();
    // B6 no longer guards reservations, and B2 becomes a mere checklist.
    let trial = bench.dir.path().join("trial");
    std::fs::create_dir_all(&trial).unwrap();
    let edited = RULES
        .replacen("id = \"B6\"\nactions = [\"reserve\"]", "id = \"B6\"\nactions = [\"pay\"]", 1)
        .replacen(
            "id = \"B2\"\nactions = [\"claim\", \"edit\"]",
            "id = \"B2\"\nactions = [\"claim\", \"edit\"]\nkind = \"checklist\"",
            1,
        );
    assert_ne!(edited, RULES);
    std::fs::write(trial.join("rules.toml"), edited).unwrap();
    let r = replay(&bench, Some(&trial), &[]);
    let by_order = |id: &str| r["changed"].as_array().unwrap().iter().find(|c| c["order"] == id).cloned();
    let claim = by_order("SITE-1095").expect("the B2 refusal would go through");
    assert_eq!(claim["change"], "now_allowed");
    let reserve = by_order("SITE-1050").expect("the B6 override would not be needed");
    assert_eq!(
        (reserve["outcome"].as_str(), reserve["change"].as_str()),
        (Some("overridden"), Some("now_allowed"))
    );
    assert!(by_order("SITE-1061").is_none() && by_order("SITE-1080").is_none(), "{r:#}");
}

#[test]
fn replay_judges_each_attempt_on_the_facts_it_recorded() {
    let (bench, cancel_seq) = a_recorded_day();
    // After the day the chandeliers offered sell out; the supervisor's question is about the
    // rules, so the replay still sees the stock the operator saw.
    let sold_out = bench.file(
        "sold-out.csv",
        "sku,name,category,stock,price\nCHN-0101,Chandelier,chandeliers,0,100000\nCHN-0104,Chandelier,chandeliers,0,100000\n",
    );
    bench.opdesk().arg("import").arg(sold_out).assert().success();
    let trial = edited_rules(&bench, "min_analogs = 5 ", "min_analogs = 3 ");
    let r = replay(&bench, Some(&trial), &[]);
    assert_eq!(changed_seqs(&r), [cancel_seq], "{r:#}");
}

#[test]
fn replay_falls_back_to_the_current_state_for_an_entry_without_facts_and_says_so() {
    let bench = Bench::with_demo();
    assert_eq!(bench.act("olena", "SITE-1080", "confirm", &[]).code, 3);
    // An entry as written before attempts recorded their facts.
    let old = bench.last_audit("SITE-1080");
    let conn = rusqlite::Connection::open(bench.db()).unwrap();
    let detail = serde_json::json!({ "draft": old["detail"]["draft"], "verdict": old["detail"]["verdict"] });
    conn.execute(
        "INSERT INTO audit (seq, at, actor, order_id, action, outcome, rules, detail, rules_version, prev_hash, hash)
         SELECT seq + 1, at, actor, order_id, action, outcome, rules, ?1, rules_version, hash, 'x' FROM audit
         ORDER BY seq DESC LIMIT 1",
        [detail.to_string()],
    )
    .unwrap();
    drop(conn);
    let trial =
        edited_rules(&bench, "id = \"B11\"\nactions = [\"confirm\"]", "id = \"B11\"\nactions = [\"pay\"]");
    let r = replay(&bench, Some(&trial), &[]);
    assert_eq!(r["attempts"], 2);
    assert_eq!(r["on_current_state"], 1);
    let facts: Vec<&str> =
        r["changed"].as_array().unwrap().iter().map(|c| c["facts"].as_str().unwrap()).collect();
    assert_eq!(facts, ["recorded", "current"], "{r:#}");
    let text = bench
        .opdesk()
        .arg("--config")
        .arg(&trial)
        .args(["--as", "iryna", "rules", "replay"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("CURRENT state") && text.contains("1 of 2"), "{text}");
    assert!(text.contains("2 verdicts would change"), "{text}");
    assert!(text.contains("refused B11") && text.contains("allowed") && text.contains("current"), "{text}");
}

#[test]
fn replay_of_another_day_sees_only_that_day() {
    let (bench, _) = a_recorded_day();
    let trial = edited_rules(&bench, "min_analogs = 5 ", "min_analogs = 3 ");
    let r = replay(&bench, Some(&trial), &["--date", "2026-11-22"]);
    assert_eq!(r["date"], "2026-11-22");
    assert_eq!(r["attempts"], 0);
    assert!(r["changed"].as_array().unwrap().is_empty());
    let out = bench.opdesk().args(["rules", "replay", "--date", "23.11.2026"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a date that is not YYYY-MM-DD is bad input");
}

#[test]
fn replay_text_names_the_rules_file_and_the_changed_attempt() {
    let (bench, cancel_seq) = a_recorded_day();
    let trial = edited_rules(&bench, "min_analogs = 5 ", "min_analogs = 3 ");
    let out = bench
        .opdesk()
        .arg("--config")
        .arg(&trial)
        .args(["--as", "iryna", "rules", "replay"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Replay of 2026-11-23 (Europe/Kyiv)"), "{text}");
    assert!(text.contains(&trial.join("rules.toml").display().to_string()), "{text}");
    assert!(text.contains("4 attempts judged again, 1 verdict would change"), "{text}");
    let row = text.lines().find(|l| l.contains("SITE-1061")).unwrap_or_else(|| panic!("{text}"));
    assert!(row.starts_with(&cancel_seq.to_string()), "{row}");
    assert!(row.contains("14:30") && row.contains("refused A4,A7") && row.contains("allowed"), "{row}");
}

/// A replay lists every operator's attempts: the whole desk's review, not an operator's.
#[test]
fn a_replay_is_the_head_of_sales_review() {
    let bench = Bench::new();
    bench.opdesk().args(["init", "--demo"]).assert().success();
    let out = bench.opdesk().args(["--as", "olena", "rules", "replay"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty(), "nothing of the day is shown");
    let audit = bench.opdesk().args(["--as", "iryna", "audit", "--json"]).output().unwrap();
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "review" && e["actor"] == "olena" && e["outcome"] == "refused")
    );
}
