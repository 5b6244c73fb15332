//! Issue 15, rule B18: the season's call tasks, through the command line. A customer's new
//! order or call goes to the operator of their task while that operator is at work.

mod common;

use common::Bench;
use common::scenario::{applied, check_met};

// ── B18: season call tasks ───────────────────────────────────────────────────────────────

fn task(bench: &Bench, login: &str, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = bench.opdesk().args(["--as", login, "task"]).args(args).arg("--json").output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (out.status.code().unwrap_or(-1), json, common::stderr_of(&out))
}

fn shift_start(bench: &Bench, login: &str) {
    let out = bench.opdesk().args(["--as", login, "shift", "start"]).output().unwrap();
    assert!(out.status.success(), "{}", common::stderr_of(&out));
}

#[test]
fn b18_open_task_sends_the_call_to_its_operator() {
    let bench = Bench::with_demo();
    // C-020's new SITE-1081; olena holds a New Year task on C-020 and is at work.
    let (code, t, err) =
        task(&bench, "iryna", &["add", "--customer", "C-020", "--operator", "olena", "--kind", "new_year"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(t["task"]["until"], "2026-12-31", "a New Year task holds to 31.12: {t}");
    shift_start(&bench, "olena");
    let v = bench.refused("ivan", "SITE-1081", "claim", &[], "B18");
    let b18 = common::scenario::violation(&v, "B18").unwrap();
    assert!(b18["message"].as_str().unwrap().contains("transfer to olena"), "{b18}");
    let v = bench.performed("olena", "SITE-1081", "claim", &[]);
    assert!(applied(&v, "B18").is_some_and(|r| check_met(r, "Taken or called by the operator")), "{v}");
}

#[test]
fn b18_with_the_tasks_operator_away_whoever_takes_the_call_works() {
    let bench = Bench::with_demo();
    assert_eq!(
        task(&bench, "iryna", &["add", "--customer", "C-020", "--operator", "olena", "--kind", "new_year"]).0,
        0
    );
    // olena has no open shift: ivan takes it.
    bench.performed("ivan", "SITE-1081", "claim", &[]);
}

#[test]
fn b18_a_closed_new_year_task_leaves_the_call_with_whoever_took_it() {
    let bench = Bench::with_demo();
    assert_eq!(
        task(&bench, "iryna", &["add", "--customer", "C-020", "--operator", "olena", "--kind", "new_year"]).0,
        0
    );
    shift_start(&bench, "olena");
    // Only its operator or the head of sales closes it.
    let (code, v, _) = task(&bench, "ivan", &["close", "1"]);
    assert_eq!(code, 3, "{v}");
    let (code, closed, err) = task(&bench, "olena", &["close", "1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(closed["task"]["closed_by"], "olena");
    bench.performed("ivan", "SITE-1081", "claim", &[]);
    let (_, open, _) = task(&bench, "iryna", &["list"]);
    assert!(open.as_array().unwrap().is_empty(), "{open}");
    let (_, all, _) = task(&bench, "iryna", &["list", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 1);
}

#[test]
fn b18_a_birthday_task_transfers_open_or_closed_and_wins_over_new_year() {
    let bench = Bench::with_demo();
    assert_eq!(
        task(&bench, "iryna", &["add", "--customer", "C-020", "--operator", "ivan", "--kind", "new_year"]).0,
        0
    );
    let (code, _, err) = task(
        &bench,
        "iryna",
        &["add", "--customer", "C-020", "--operator", "olena", "--kind", "birthday", "--until", "2026-11-30"],
    );
    assert_eq!(code, 0, "{err}");
    shift_start(&bench, "olena");
    shift_start(&bench, "ivan");
    // Birthday wins: the New Year task's operator is sent to olena.
    let v = bench.refused("ivan", "SITE-1081", "claim", &[], "B18");
    assert!(v.to_string().contains("transfer to olena"), "{v}");
    // Closed, a Birthday task still transfers within its term.
    assert_eq!(task(&bench, "olena", &["close", "2"]).0, 0);
    bench.refused("ivan", "SITE-1081", "claim", &[], "B18");
    bench.performed("olena", "SITE-1081", "claim", &[]);
}

#[test]
fn b18_at_most_500_open_tasks_a_season() {
    let bench = Bench::with_demo();
    // The limit is a rule's parameter: a copy of the rules with a limit of 2 shows it.
    let dir = bench.rules_with("season_task_limit = 500", "season_task_limit = 2");
    let add = |customer: &str| {
        let out = bench
            .opdesk()
            .arg("--config")
            .arg(&dir)
            .args([
                "--as",
                "iryna",
                "task",
                "add",
                "--customer",
                customer,
                "--operator",
                "olena",
                "--kind",
                "new_year",
                "--json",
            ])
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    assert_eq!(add("C-020").0, 0);
    assert_eq!(add("C-021").0, 0);
    let (code, text) = add("C-013");
    assert_eq!(code, 3, "the third open task is refused: {text}");
    assert!(
        text.contains("Fewer open New Year tasks this season than the limit") || text.contains("B18"),
        "{text}"
    );
    // Birthday tasks are off-season: not counted.
    let out = bench
        .opdesk()
        .arg("--config")
        .arg(&dir)
        .args([
            "--as",
            "iryna",
            "task",
            "add",
            "--customer",
            "C-013",
            "--operator",
            "olena",
            "--kind",
            "birthday",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    // And the refusal is audited.
    let audit = bench.opdesk().args(["--as", "iryna", "audit", "--json"]).output().unwrap();
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert!(audit.as_array().unwrap().iter().any(|e| e["action"] == "add-task" && e["outcome"] == "refused"));
}

#[test]
fn b18_the_customers_call_on_a_taken_order_goes_to_the_tasks_operator_while_at_work() {
    let bench = Bench::with_demo();
    // ivan takes C-020's SITE-1081 while olena is away; then olena's task is added and she
    // comes to work: the customer's next call is hers, and ivan is told whom to transfer to.
    bench.performed("ivan", "SITE-1081", "claim", &[]);
    let (code, _, err) =
        task(&bench, "iryna", &["add", "--customer", "C-020", "--operator", "olena", "--kind", "new_year"]);
    assert_eq!(code, 0, "{err}");
    shift_start(&bench, "olena");
    let v = bench.refused("ivan", "SITE-1081", "contact", &["--note", "called back"], "B18");
    let b18 = common::scenario::violation(&v, "B18").unwrap();
    assert!(b18["message"].as_str().unwrap().contains("transfer to olena"), "{b18}");
    // Transferred, the call is olena's and B18 is met.
    bench.performed("ivan", "SITE-1081", "transfer", &["--to", "olena", "--note", "her season task"]);
    let v = bench.performed("olena", "SITE-1081", "contact", &["--note", "called back"]);
    assert!(applied(&v, "B18").is_some_and(|r| check_met(r, "Taken or called by the operator")), "{v}");
}

#[test]
fn b18_with_the_tasks_operator_away_the_call_stays_with_the_orders_operator() {
    let bench = Bench::with_demo();
    bench.performed("ivan", "SITE-1081", "claim", &[]);
    let (code, _, err) =
        task(&bench, "iryna", &["add", "--customer", "C-020", "--operator", "olena", "--kind", "new_year"]);
    assert_eq!(code, 0, "{err}");
    // olena has no open shift: ivan's call goes ahead.
    bench.performed("ivan", "SITE-1081", "contact", &["--note", "called back"]);
}
