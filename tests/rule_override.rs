//! The `override` rule and the contract around every verdict, through the command line: only the
//! head of sales lifts a refusal, with a written reason that goes to the audit log; some
//! refusals stand for everyone; the verdict keeps DESIGN.md's JSON shape; an impossible move of
//! the status machine is bad input (exit 2), not a rule.

mod common;

use common::Bench;
use common::scenario::{assert_verdict_shape, names, refusing, violation};

#[test]
fn override_an_operators_override_is_refused_and_audited() {
    let bench = Bench::with_demo();
    let v = bench.refused(
        "olena",
        "SITE-1080",
        "confirm",
        &["--override", "The customer was in a hurry"],
        "override",
    );
    let rule = violation(&v, "override").unwrap();
    assert_eq!(rule["overridable"], false, "the override rule itself cannot be overridden");
    assert!(refusing(&v).contains(&"B11".to_owned()), "the refusal it tried to lift is still shown");
    let entry = bench.last_audit("SITE-1080");
    assert!(entry["detail"]["override_refused"].is_string(), "{entry}");
    assert_eq!(entry["detail"]["draft"]["override_reason"], "The customer was in a hurry");
}

#[test]
fn override_a_supervisors_written_reason_performs_a_refused_overridable_action() {
    let bench = Bench::with_demo();
    let reason = "Amount confirmed in writing by the customer (email of 23.11)";
    let v = bench.performed_as("iryna", "SITE-1080", "confirm", &["--override", reason], "overridden");
    assert_eq!(v["allowed"], false, "the verdict overridden is the one shown");
    assert_eq!(v["overridden"], true);
    assert_eq!(refusing(&v), ["B11"]);
    assert_eq!(bench.status_of("SITE-1080"), "processed");
    let entry = bench.last_audit("SITE-1080");
    assert_eq!(entry["detail"]["override"], reason);
    assert_eq!(names(&entry["rules"]), ["B11"], "the audit names the rule lifted");
    assert!(
        entry["detail"]["verdict"]["rules"].as_array().is_some_and(|r| !r.is_empty()),
        "the verdict overridden is kept"
    );
}

#[test]
fn override_a7_without_a_complete_wish_stands_even_for_a_supervisor() {
    let bench = Bench::with_demo();
    let v = bench.refused(
        "iryna",
        "SITE-1061",
        "cancel",
        &["--reason", "out_of_stock", "--note", "Customer insists", "--override", "Customer insists"],
        "A7",
    );
    assert_eq!(violation(&v, "A7").unwrap()["overridable"], false);
    assert_eq!(bench.status_of("SITE-1061"), "in_work");
}

#[test]
fn override_a_blank_reason_is_bad_input() {
    let bench = Bench::with_demo();
    let out = bench.act("iryna", "SITE-1080", "confirm", &["--override", "   "]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("written reason"), "{}", out.stderr);
    assert!(bench.audit_of("SITE-1080").is_empty(), "bad input is not an attempt the rules judged");
}

#[test]
fn override_is_not_needed_for_an_allowed_action() {
    let bench = Bench::with_demo();
    let v =
        bench.performed("iryna", "SITE-1080", "confirm", &["--amount-stated", "--override", "Just in case"]);
    assert_eq!(v["overridden"], false);
}

#[test]
fn the_verdict_json_has_designs_shape() {
    let bench = Bench::with_demo();
    let out = bench
        .opdesk()
        .args(["--as", "olena", "act", "SITE-1061", "cancel", "--reason", "out_of_stock"])
        .args(["--analog", "CHN-0101", "--dry-run", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_verdict_shape(&v, "cancel", "SITE-1061");
    for field in ["allowed", "action", "order", "violations", "stake"] {
        assert!(v.get(field).is_some(), "the verdict lacks {field}: {v:#}");
    }
    let a4 = violation(&v, "A4").unwrap();
    assert!(a4["checks"].as_array().unwrap().iter().any(|c| c["met"] == false));
    assert_eq!(v["stake"]["currency"], "UAH");
    assert!(bench.audit_of("SITE-1061").is_empty(), "a dry run is not an attempt");
}

#[test]
fn the_text_verdict_reads_as_a_checklist() {
    let bench = Bench::with_demo();
    let out = bench.opdesk().args(["--as", "olena", "act", "SITE-1080", "confirm"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("confirm SITE-1080: REFUSED"), "{text}");
    assert!(text.contains("✗ B11") && text.contains("✗ The exact amount due was stated"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was changed"));
}

#[test]
fn an_impossible_transition_exits_2_with_a_clear_message() {
    let bench = Bench::with_demo();
    let before = bench.show_json("SITE-1106");
    let out = bench.act("olena", "SITE-1106", "confirm", &["--amount-stated"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("cannot confirm an order that is new: confirm works from in_work"),
        "{}",
        out.stderr
    );
    assert_eq!(bench.show_json("SITE-1106"), before);
    let out = bench.act("olena", "SITE-1001", "cancel", &["--reason", "customer_request"]);
    assert_eq!(out.code, 2, "a received order is not cancelled: {out:?}");
    assert!(out.stderr.contains("cannot cancel an order that is received"), "{}", out.stderr);
}

#[test]
fn an_unknown_order_or_actor_is_bad_input() {
    let bench = Bench::with_demo();
    assert_eq!(bench.act("olena", "SITE-0000", "claim", &[]).code, 2);
    assert_eq!(bench.act("vasyl", "SITE-1106", "claim", &[]).code, 2);
}
