//! POLICY.md section A (refusals and cancellations) through the command line, rule by rule: a
//! refused case (exit 3, the verdict names the rule with an unmet check, the order untouched,
//! the refusal audited) and an allowed case (exit 0, the order changed, audited `done`), with
//! the money each rule books checked in `opdesk ledger`.
//!
//! Demo orders used: SITE-1061 (olena, the out-of-stock chandelier CHN-0103; chandeliers
//! CHN-0101/0104/0105/0106/0107 are in stock), SITE-1080 (olena, everything in stock).

mod common;

use common::Bench;
use common::scenario::{applied, check_met, lines, refusing, total_of, violation};

/// Five chandeliers the store has in stock: A4's analogs for SITE-1061.
const FIVE_ANALOGS: [&str; 10] = [
    "--analog", "CHN-0101", "--analog", "CHN-0104", "--analog", "CHN-0105", "--analog", "CHN-0106",
    "--analog", "CHN-0107",
];

/// A photo of the stock and a call record: A4's evidence.
const EVIDENCE: [&str; 4] = ["--evidence", "photo=shelf-0103.jpg", "--evidence", "call_record=call-7731"];

const NOTE: [&str; 2] = ["--note", "Offered five chandeliers; the customer wants only the Orion"];

fn args<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

/// Every characteristic of CHN-0103 and a picture: a complete product wish (A7).
const COMPLETE_WISH: [&str; 14] = [
    "--wish",
    "color=white",
    "--wish",
    "power_w=72",
    "--wish",
    "color_temp_k=3000-6500",
    "--wish",
    "ip_rating=IP20",
    "--wish",
    "remote=true",
    "--wish",
    "area_m2=20",
    "--wish",
    "picture=https://shop.example/p/CHN-0103.jpg",
];

// ── A1 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a1_out_of_stock_is_no_answer_a_bare_refusal_is_refused() {
    let bench = Bench::with_demo();
    let v = bench.refused("olena", "SITE-1061", "cancel", &["--reason", "out_of_stock"], "A1");
    let a1 = violation(&v, "A1").unwrap();
    assert!(!check_met(a1, "Alternatives offered"));
    assert!(!check_met(a1, "The note says"));
}

#[test]
fn a1_a_defective_cancel_with_an_analog_offered_and_a_note_goes_through() {
    let bench = Bench::with_demo();
    let v = bench.performed(
        "olena",
        "SITE-1080",
        "cancel",
        &[
            "--reason",
            "defective",
            "--analog",
            "FLR-0402",
            "--evidence",
            "repair=service-act-118",
            "--note",
            "Repair failed; offered FLR-0402, the customer declined",
        ],
    );
    assert!(
        applied(&v, "A1").is_some_and(|r| r["checks"].as_array().unwrap().iter().all(|c| c["met"] == true))
    );
    assert_eq!(bench.status_of("SITE-1080"), "cancelled");
}

// ── A2 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a2_out_of_stock_while_the_store_shows_stock_is_refused_with_total_plus_550_at_stake() {
    let bench = Bench::with_demo();
    let total = total_of(&bench, "SITE-1080");
    let all = args(&[&["--reason", "out_of_stock"], &FIVE_ANALOGS, &EVIDENCE, &NOTE]);
    let v = bench.refused("olena", "SITE-1080", "cancel", &all, "A2");
    assert_eq!(refusing(&v), ["A2"], "only the false out-of-stock refuses: {v:#}");
    let a2 = violation(&v, "A2").unwrap();
    assert!(a2["message"].as_str().unwrap().contains("FLR-0401"), "names the item in stock: {a2}");
    assert_eq!(v["stake"]["amount"], total + 55_000, "order total + 550");
    assert_eq!(a2["overridable"], true);
    assert!(bench.ledger(&["--operator", "olena"])["lines"].as_array().unwrap().is_empty());
}

#[test]
fn a2_only_a_supervisor_override_cancels_and_books_total_plus_550() {
    let bench = Bench::with_demo();
    let total = total_of(&bench, "SITE-1080");
    let reason = "The last FLR-0401 on the shelf is broken; the count is wrong";
    let all =
        args(&[&["--reason", "out_of_stock"], &FIVE_ANALOGS, &EVIDENCE, &NOTE, &["--override", reason]]);
    let v = bench.performed_as("iryna", "SITE-1080", "cancel", &all, "overridden");
    assert_eq!(v["overridden"], true);
    assert_eq!(bench.status_of("SITE-1080"), "cancelled");
    let entry = bench.last_audit("SITE-1080");
    assert_eq!(entry["detail"]["override"], reason);
    assert_eq!(common::scenario::names(&entry["rules"]), ["A2"]);
    // The advertising fund's charge goes to the order's operator, not to the supervisor who
    // cancelled for her; A3 is not taken on top of it.
    let ledger = bench.ledger(&["--order", "SITE-1080"]);
    let a2 = lines(&ledger, "A2", "charge");
    assert_eq!(a2.len(), 1, "{ledger:#}");
    assert_eq!(a2[0]["amount"]["amount"], total + 55_000);
    assert_eq!(a2[0]["operator"], "olena");
    assert!(lines(&ledger, "A3", "charge").is_empty(), "{ledger:#}");
}

#[test]
fn a2_when_the_store_has_no_stock_out_of_stock_is_not_false() {
    let bench = Bench::with_demo();
    let all = args(&[&["--reason", "out_of_stock"], &FIVE_ANALOGS, &EVIDENCE, &NOTE]);
    let v = bench.performed("olena", "SITE-1061", "cancel", &all);
    let a2 = applied(&v, "A2").expect("A2 is checked on every out-of-stock cancel");
    assert!(check_met(a2, "No item of the order is in stock"));
    assert!(lines(&bench.ledger(&["--order", "SITE-1061"]), "A2", "charge").is_empty());
}

// ── A3 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a3_every_cancel_books_the_order_amount_plus_150_to_the_cancelling_operator() {
    let bench = Bench::with_demo();
    let total = total_of(&bench, "SITE-1080");
    let v = bench.performed("olena", "SITE-1080", "cancel", &["--reason", "customer_request"]);
    let booked = v["booked"].as_array().unwrap();
    assert_eq!(booked.len(), 1, "{v:#}");
    assert_eq!(booked[0]["rule"], "A3");
    let ledger = bench.ledger(&["--operator", "olena"]);
    let a3 = lines(&ledger, "A3", "charge");
    assert_eq!(a3.len(), 1, "{ledger:#}");
    assert_eq!(a3[0]["amount"]["amount"], total + 15_000);
    assert_eq!(a3[0]["order"], "SITE-1080");
    assert_eq!(ledger["balance"]["amount"], total + 15_000);
    assert_eq!(bench.ledger(&["--operator", "ivan"])["balance"]["amount"], 0, "nobody else pays");
}

#[test]
fn a3_the_compensation_is_shown_before_the_cancel_is_confirmed() {
    let bench = Bench::with_demo();
    let total = total_of(&bench, "SITE-1080");
    let out = bench
        .opdesk()
        .args(["--as", "olena", "act", "SITE-1080", "cancel", "--reason", "customer_request"])
        .args(["--dry-run", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "a customer's cancel is allowed");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stake"]["amount"], total + 15_000, "the operator sees what the cancel costs: {v:#}");
    let a3 = applied(&v, "A3").expect("A3 is on the cancel's checklist");
    assert_eq!(a3["blocking"], false, "A3 charges, it does not refuse");
    assert!(
        bench.ledger(&["--operator", "olena"])["lines"].as_array().unwrap().is_empty(),
        "a dry run books nothing"
    );
}

#[test]
fn a3_a_refused_cancel_books_nothing() {
    let bench = Bench::with_demo();
    bench.refused("olena", "SITE-1061", "cancel", &["--reason", "out_of_stock"], "A4");
    let ledger = bench.ledger(&["--operator", "olena"]);
    assert!(ledger["lines"].as_array().unwrap().is_empty(), "{ledger:#}");
    assert_eq!(ledger["balance"]["amount"], 0);
}

// ── A4 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a4_out_of_stock_cancel_needs_five_analogs_photo_and_correspondence() {
    let bench = Bench::with_demo();
    let total = total_of(&bench, "SITE-1061");
    let all = args(&[
        &["--reason", "out_of_stock", "--analog", "CHN-0101", "--analog", "CHN-0104"],
        &["--evidence", "photo=shelf.jpg"],
        &NOTE,
    ]);
    let v = bench.refused("olena", "SITE-1061", "cancel", &all, "A4");
    let a4 = violation(&v, "A4").unwrap();
    assert!(!check_met(a4, "At least 5 analogs offered"));
    assert!(check_met(a4, "A photo"));
    assert!(!check_met(a4, "Screenshots of the correspondence"));
    assert_eq!(a4["stake"]["amount"], total + 15_000, "order total + 150 at stake");
    assert_eq!(v["stake"]["amount"], total + 15_000);
}

#[test]
fn a4_analogs_the_store_does_not_have_do_not_count() {
    let bench = Bench::with_demo();
    let all = args(&[
        &["--reason", "out_of_stock"],
        &["--analog", "CHN-0101", "--analog", "CHN-0104", "--analog", "CHN-0105", "--analog", "CHN-0106"],
        // The missing chandelier itself and an invented SKU.
        &["--analog", "CHN-0103", "--analog", "CHN-9999"],
        &EVIDENCE,
        &NOTE,
    ]);
    let v = bench.refused("olena", "SITE-1061", "cancel", &all, "A4");
    let a4 = violation(&v, "A4").unwrap();
    assert!(check_met(a4, "At least 5 analogs offered"));
    assert!(!check_met(a4, "At least 5 of the analogs exist and are in stock"));
}

#[test]
fn a4_with_five_analogs_and_evidence_the_cancel_goes_through_and_a3_is_waived() {
    let bench = Bench::with_demo();
    let all = args(&[&["--reason", "out_of_stock"], &FIVE_ANALOGS, &EVIDENCE, &NOTE]);
    let v = bench.performed("olena", "SITE-1061", "cancel", &all);
    assert_eq!(v["status"], "cancelled");
    assert!(violation(&v, "A4").is_none());
    let ledger = bench.ledger(&["--operator", "olena"]);
    let waived = lines(&ledger, "A3", "waived");
    assert_eq!(waived.len(), 1, "the waiver is on record: {ledger:#}");
    assert_eq!(waived[0]["amount"]["amount"], 0);
    assert!(lines(&ledger, "A3", "charge").is_empty());
    assert_eq!(ledger["balance"]["amount"], 0, "nothing owed");
}

// ── A5 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a5_a_defective_cancel_needs_the_repair_recorded() {
    let bench = Bench::with_demo();
    let v = bench.refused(
        "olena",
        "SITE-1080",
        "cancel",
        &["--reason", "defective", "--analog", "FLR-0402", "--note", "The lamp flickers"],
        "A5",
    );
    let a5 = violation(&v, "A5").unwrap();
    assert!(!check_met(a5, "The repair attempt is recorded"));
    assert!(check_met(a5, "An analog offered"));
}

#[test]
fn a5_after_a_failed_repair_and_an_analog_the_defective_cancel_goes_through_and_is_charged() {
    let bench = Bench::with_demo();
    let total = total_of(&bench, "SITE-1080");
    bench.performed(
        "olena",
        "SITE-1080",
        "cancel",
        &[
            "--reason",
            "defective",
            "--analog",
            "FLR-0402",
            "--evidence",
            "repair=service-act-118",
            "--note",
            "Repair failed; FLR-0402 offered and declined",
        ],
    );
    assert_eq!(bench.status_of("SITE-1080"), "cancelled");
    // Only A4's proof waives the compensation (POLICY A3/A4); a defective cancel is charged.
    let a3 = lines(&bench.ledger(&["--operator", "olena"]), "A3", "charge")[0].clone();
    assert_eq!(a3["amount"]["amount"], total + 15_000);
}

// ── A7 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a7_without_five_analogs_even_a_supervisor_cannot_cancel_without_a_complete_wish() {
    let bench = Bench::with_demo();
    let all = args(&[
        &["--reason", "out_of_stock", "--analog", "CHN-0101"],
        &EVIDENCE,
        &NOTE,
        &["--wish", "color=white", "--override", "The customer insists on cancelling"],
    ]);
    let v = bench.refused("iryna", "SITE-1061", "cancel", &all, "A7");
    let a7 = violation(&v, "A7").unwrap();
    assert_eq!(a7["overridable"], false, "{a7}");
    assert!(!check_met(a7, "A complete product wish"));
    let entry = bench.last_audit("SITE-1061");
    assert!(
        entry["detail"]["override_refused"].as_str().unwrap().contains("may not be overridden"),
        "{entry}"
    );
}

#[test]
fn a7_an_operator_with_a_complete_wish_still_needs_five_analogs() {
    let bench = Bench::with_demo();
    let all =
        args(&[&["--reason", "out_of_stock", "--analog", "CHN-0101"], &EVIDENCE, &NOTE, &COMPLETE_WISH]);
    let v = bench.refused("olena", "SITE-1061", "cancel", &all, "A4");
    // The wish is complete, so A7 is met; A4 still refuses, and only a supervisor lifts it.
    let a7 = applied(&v, "A7").expect("A7 applies with fewer than five analogs");
    assert!(check_met(a7, "A complete product wish"));
    assert_eq!(refusing(&v), ["A4"]);
    assert_eq!(violation(&v, "A4").unwrap()["overridable"], true);
}

#[test]
fn a7_with_a_complete_product_wish_a_supervisors_override_cancels() {
    let bench = Bench::with_demo();
    let reason = "Nothing comparable: the customer needs the remote-controlled 72 W model";
    let all = args(&[
        &["--reason", "out_of_stock", "--analog", "CHN-0101"],
        &EVIDENCE,
        &NOTE,
        &COMPLETE_WISH,
        &["--override", reason],
    ]);
    let v = bench.performed_as("iryna", "SITE-1061", "cancel", &all, "overridden");
    assert_eq!(v["status"], "cancelled");
    let entry = bench.last_audit("SITE-1061");
    assert_eq!(entry["detail"]["override"], reason);
    assert_eq!(common::scenario::names(&entry["rules"]), ["A4"], "A4 lifted; A7 met by the wish");
    // The wish is the report to the head of analytics: it is kept with the other wishes.
    let comments = bench.show_json("SITE-1061")["comments"].to_string();
    assert!(comments.contains("product wish recorded"), "{comments}");
    let conn = rusqlite::Connection::open(bench.db()).unwrap();
    let (kind, fields): (String, String) = conn
        .query_row("SELECT kind, fields FROM wishes WHERE order_id = 'SITE-1061'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(kind, "product");
    assert!(fields.contains("\"power_w\":\"72\"") && fields.contains("picture"), "{fields}");
    assert!(entry["detail"]["verdict"].to_string().contains("\"rule\":\"A7\""), "A7 was checked: {entry}");
}

// ── A8 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn a8_a_site_error_earns_20_for_its_reporter_only_once_confirmed() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "site-error", &["--note", "FLR-0401 photo shows another lamp"]);
    bench.performed("olena", "SITE-1061", "site-error", &["--note", "CHN-0103 listed under floor lamps"]);
    assert!(
        lines(&bench.ledger(&["--operator", "olena"]), "A8", "credit").is_empty(),
        "not before it is confirmed"
    );
    for id in ["1", "2"] {
        let out = bench.opdesk().args(["--as", "vitalina", "site-errors", "confirm", id]).output().unwrap();
        assert!(out.status.success(), "{}", common::stderr_of(&out));
    }
    let ledger = bench.ledger(&["--operator", "olena"]);
    let credits = lines(&ledger, "A8", "credit");
    assert_eq!(credits.len(), 2, "{ledger:#}");
    assert!(credits.iter().all(|l| l["amount"]["amount"] == -2_000), "{ledger:#}");
    assert_eq!(ledger["balance"]["amount"], -4_000, "credits offset compensations");
    let comments = bench.show_json("SITE-1080")["comments"].to_string();
    assert!(comments.contains("site error reported"), "{comments}");
}

#[test]
fn a8_a_refused_site_error_report_earns_nothing() {
    let bench = Bench::with_demo();
    // SITE-1078 belongs to a SuperVip customer: olena may not act on it at all (B10).
    bench.refused("olena", "SITE-1078", "site-error", &["--note", "Wrong photo"], "B10");
    // A report without a description is not a report.
    let out = bench.act("olena", "SITE-1080", "site-error", &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("site-error needs a note"), "{}", out.stderr);
    assert!(bench.ledger(&["--operator", "olena"])["lines"].as_array().unwrap().is_empty());
}

// ── A9 ───────────────────────────────────────────────────────────────────────────────────

const APPEAL: [&str; 2] = ["--note", "The customer cancelled before I could call: see call record 7731"];

/// SITE-1080 cancelled by olena at the customer's request: A3 charges her total + 150.
fn charged(bench: &Bench) -> i64 {
    bench.performed("olena", "SITE-1080", "cancel", &["--reason", "customer_request"]);
    total_of(bench, "SITE-1080") + 15_000
}

#[test]
fn a9_only_a_compensation_can_be_appealed() {
    let bench = Bench::with_demo();
    let v = bench.refused("olena", "SITE-1080", "appeal", &APPEAL, "A9");
    assert!(!check_met(violation(&v, "A9").unwrap(), "There is a compensation"));
}

#[test]
fn a9_a_compensation_is_appealed_once_and_a_second_appeal_is_refused() {
    let bench = Bench::with_demo();
    charged(&bench);
    bench.performed("olena", "SITE-1080", "appeal", &APPEAL);
    let v = bench.refused("olena", "SITE-1080", "appeal", &["--note", "Once more"], "A9");
    assert!(!check_met(violation(&v, "A9").unwrap(), "No earlier appeal"));
}

#[test]
fn a9_only_the_head_of_analytics_resolves_an_appeal() {
    let bench = Bench::with_demo();
    charged(&bench);
    bench.performed("olena", "SITE-1080", "appeal", &APPEAL);
    let v = bench.refused("olena", "SITE-1080", "resolve-appeal", &["--to", "waived"], "A9");
    assert!(!check_met(violation(&v, "A9").unwrap(), "Resolved by the head of analytics"));
    bench.refused("ivan", "SITE-1080", "resolve-appeal", &["--to", "waived"], "A9");
    // Seed 000: an appeal is a task for the head of analytics, not for the head of sales.
    let v = bench.refused("iryna", "SITE-1080", "resolve-appeal", &["--to", "waived"], "A9");
    assert!(!check_met(violation(&v, "A9").unwrap(), "Resolved by the head of analytics"));
}

#[test]
fn a9_the_head_of_analytics_doubles_a_rejected_appeal_on_the_charged_operator() {
    let bench = Bench::with_demo();
    let charge = charged(&bench);
    bench.performed("olena", "SITE-1080", "appeal", &APPEAL);
    bench.performed("nataliia", "SITE-1080", "resolve-appeal", &["--resolution", "doubled"]);
    let ledger = bench.ledger(&["--operator", "olena"]);
    let doubled = lines(&ledger, "A9", "doubled");
    assert_eq!(doubled.len(), 1, "{ledger:#}");
    assert_eq!(doubled[0]["amount"]["amount"], charge);
    assert_eq!(ledger["balance"]["amount"], 2 * charge, "the compensation doubles");
    assert_eq!(bench.ledger(&["--operator", "nataliia"])["balance"]["amount"], 0, "not the decider's");
    // No second appeal after a decision.
    bench.refused("olena", "SITE-1080", "appeal", &["--note", "Please look again"], "A9");
}

#[test]
fn a9_the_head_of_analytics_waives_the_charge_or_upholds_it() {
    let waived = Bench::with_demo();
    charged(&waived);
    waived.performed("olena", "SITE-1080", "appeal", &APPEAL);
    waived.performed("nataliia", "SITE-1080", "resolve-appeal", &["--resolution", "waived"]);
    let ledger = waived.ledger(&["--operator", "olena"]);
    assert_eq!(lines(&ledger, "A9", "waived").len(), 1, "{ledger:#}");
    assert_eq!(ledger["balance"]["amount"], 0, "the charge is lifted");

    let upheld = Bench::with_demo();
    let charge = charged(&upheld);
    upheld.performed("olena", "SITE-1080", "appeal", &APPEAL);
    upheld.performed("nataliia", "SITE-1080", "resolve-appeal", &["--to", "upheld"]);
    let ledger = upheld.ledger(&["--operator", "olena"]);
    assert_eq!(ledger["balance"]["amount"], charge, "the charge stands: {ledger:#}");
    // A decided appeal cannot be decided again.
    let again = upheld.act("nataliia", "SITE-1080", "resolve-appeal", &["--to", "doubled"]);
    assert_eq!(again.code, 2, "{again:?}");
}
