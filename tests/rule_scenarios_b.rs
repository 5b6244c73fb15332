//! POLICY.md sections B (order handling) and C (delivery problems) through the command line,
//! rule by rule: a refused case (exit 3, the verdict names the rule with an unmet check, the
//! order untouched, the refusal audited) and an allowed case (exit 0, the order changed,
//! audited `done`). C2 is a checklist: it never refuses, it lists what is still to do.

mod common;

use common::Bench;
use common::scenario::{applied, check_met, refusing, violation};

// ── B2 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn b2_a_customer_with_an_order_in_work_goes_to_its_operator() {
    let bench = Bench::with_demo();
    // C-002's new SITE-1095; their SITE-1073 is in work with ivan.
    let v = bench.refused("olena", "SITE-1095", "claim", &[], "B2");
    let b2 = violation(&v, "B2").unwrap();
    assert!(b2["message"].as_str().unwrap().contains("SITE-1073 (in_work) is with ivan"), "{b2}");
    assert!(bench.show_json("SITE-1095")["order"]["owner"].is_null());
}

#[test]
fn b2_the_operator_who_has_the_customers_orders_takes_the_new_one() {
    let bench = Bench::with_demo();
    // C-018's open orders are all ivan's.
    let v = bench.performed("ivan", "SITE-1106", "claim", &[]);
    assert_eq!(v["owner"], "ivan");
    assert_eq!(bench.status_of("SITE-1106"), "in_work");
    assert!(applied(&v, "B2").is_some_and(|r| check_met(r, "No other order")));
}

// ── B3 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn b3_a_cancel_for_another_reason_must_say_why() {
    let bench = Bench::with_demo();
    let v = bench.refused("olena", "SITE-1080", "cancel", &["--reason", "other"], "B3");
    assert_eq!(refusing(&v), ["B3"]);
}

#[test]
fn b3_an_explained_cancel_goes_through() {
    let bench = Bench::with_demo();
    bench.performed(
        "olena",
        "SITE-1080",
        "cancel",
        &["--reason", "other", "--note", "The customer moved abroad and cancels the whole order"],
    );
    assert_eq!(bench.status_of("SITE-1080"), "cancelled");
}

#[test]
fn b7_an_unpaid_invoice_is_cancelled_only_after_its_seven_days_by_the_director() {
    let bench = Bench::with_demo();
    // MAIL-4004 has waited 6 days for payment, MAIL-4003 7.
    let v = bench.refused("oleksii", "MAIL-4004", "cancel", &["--reason", "unpaid"], "B7");
    assert!(!check_met(violation(&v, "B7").unwrap(), "The invoice's 7 days are over"));
    bench.refused("olena", "MAIL-4003", "cancel", &["--reason", "unpaid"], "B7");
    bench.performed("oleksii", "MAIL-4003", "cancel", &["--reason", "unpaid"]);
    assert_eq!(bench.status_of("MAIL-4003"), "cancelled");
}

// ── B4 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn b4_a_cancel_without_a_reason_is_refused() {
    let bench = Bench::with_demo();
    let v = bench.refused("olena", "SITE-1080", "cancel", &[], "B4");
    assert!(!check_met(violation(&v, "B4").unwrap(), "A cancel reason is chosen"));
}

#[test]
fn b4_a_cancel_records_its_reason_and_the_operators_surname() {
    let bench = Bench::with_demo();
    let comment_before = bench.show_json("SITE-1080")["order"]["comment"].clone();
    bench.performed(
        "olena",
        "SITE-1080",
        "cancel",
        &["--reason", "customer_request", "--note", "moved away"],
    );
    let order = bench.show_json("SITE-1080");
    assert_eq!(order["order"]["status"], "cancelled");
    // Issue 14: the cancel has fields of its own; the order's comment from the site stays.
    let cancel = &order["order"]["cancel"];
    assert_eq!(cancel["reason"], "customer_request", "{cancel}");
    assert_eq!(cancel["surname"], "Koval", "{cancel}");
    assert_eq!(cancel["by"], "olena", "{cancel}");
    assert_eq!(cancel["note"], "moved away", "{cancel}");
    assert_eq!(order["order"]["comment"], comment_before, "the site's comment is never overwritten");
    let history = order["comments"].to_string();
    assert!(history.contains("cancelled: customer_request, by Koval: moved away"), "{history}");
    assert_eq!(bench.last_audit("SITE-1080")["detail"]["draft"]["reason"], "customer_request");
}

// ── B6 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn b6_the_last_giants_are_not_reserved() {
    let bench = Bench::with_demo();
    // SITE-1050 takes the last FWG-1502.
    let v = bench.refused("ivan", "SITE-1050", "reserve", &[], "B6");
    let b6 = violation(&v, "B6").unwrap();
    assert!(!check_met(b6, "The reservation leaves at least 2"));
    assert!(b6["message"].as_str().unwrap().contains("FWG-1502"), "{b6}");
}

#[test]
fn b6_elite_fireworks_are_not_reserved() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1057", "confirm", &["--age-confirmed", "--amount-stated"]);
    let v = bench.refused("olena", "SITE-1057", "reserve", &[], "B6");
    assert!(!check_met(violation(&v, "B6").unwrap(), "No item is from the elite"));
}

#[test]
fn b6_the_head_of_sales_approves_reserving_the_last_giants() {
    let bench = Bench::with_demo();
    let reason = "A regular customer's New Year show; approved";
    bench.performed_as("iryna", "SITE-1050", "reserve", &["--override", reason], "overridden");
    assert_eq!(bench.status_of("SITE-1050"), "reserved");
    assert_eq!(bench.last_audit("SITE-1050")["detail"]["override"], reason);
}

#[test]
fn b6_ordinary_goods_are_reserved() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1011", "reserve", &[]);
    let order = bench.show_json("SITE-1011");
    assert_eq!(order["order"]["status"], "reserved");
    assert!(
        order["timers"].to_string().contains("reservation_expiry"),
        "the reservation's expiry is a timer: {order:#}"
    );
}

// ── B8 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn b8_pyrotechnics_are_confirmed_only_with_the_age_confirmed() {
    let bench = Bench::with_demo();
    let v = bench.refused("olena", "SITE-1057", "confirm", &["--amount-stated"], "B8");
    assert_eq!(refusing(&v), ["B8"]);
}

#[test]
fn b8_with_18_plus_confirmed_the_pyrotechnics_order_is_confirmed() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1057", "confirm", &["--amount-stated", "--age-confirmed"]);
    assert_eq!(bench.status_of("SITE-1057"), "processed");
}

// ── B9 ───────────────────────────────────────────────────────────────────────────────────

#[test]
fn b9_an_operator_does_not_handle_a_complaint() {
    let bench = Bench::with_demo();
    // SITE-1017 is a delivered complaint order of taras, a mentor.
    let v = bench.refused("olena", "SITE-1017", "receive", &[], "B9");
    assert!(!check_met(violation(&v, "B9").unwrap(), "Handled by a mentor"));
}

#[test]
fn b9_a_mentor_handles_the_complaint() {
    let bench = Bench::with_demo();
    bench.performed("taras", "SITE-1017", "receive", &[]);
    assert_eq!(bench.status_of("SITE-1017"), "received");
}

#[test]
fn b9_a_complaint_goes_to_a_mentor_and_nowhere_else() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "complaint", &["--note", "The floor lamp arrived scratched"]);
    bench.refused("olena", "SITE-1080", "confirm", &["--amount-stated"], "B9");
    let v = bench.refused("olena", "SITE-1080", "transfer", &["--to", "ivan"], "B9");
    assert!(!check_met(violation(&v, "B9").unwrap(), "Transferred to a mentor"));
    let v = bench.performed("olena", "SITE-1080", "transfer", &["--to", "taras"]);
    assert_eq!(v["owner"], "taras");
}

// ── B10 ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn b10_a_supervip_customer_is_served_only_by_the_designated_operator() {
    let bench = Bench::with_demo();
    // SITE-1078: C-033 (SuperVip, designated andriy), in ivan's hands.
    let v = bench.refused("ivan", "SITE-1078", "contact", &["--note", "Called"], "B10");
    assert!(violation(&v, "B10").unwrap()["message"].as_str().unwrap().contains("designated: andriy"));
    bench.refused("oksana", "SITE-1078", "confirm", &["--amount-stated", "--age-confirmed"], "B10");
}

#[test]
fn b10_the_designated_operator_serves_the_supervip_customer() {
    let bench = Bench::with_demo();
    // Handing the call over is what the others may do.
    bench.performed("ivan", "SITE-1078", "transfer", &["--to", "andriy"]);
    bench.performed("andriy", "SITE-1078", "confirm", &["--amount-stated", "--age-confirmed"]);
    let order = bench.show_json("SITE-1078");
    assert_eq!(order["order"]["status"], "processed");
    assert_eq!(order["order"]["owner"], "andriy");
}

// ── B11 ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn b11_confirm_needs_the_exact_amount_stated() {
    let bench = Bench::with_demo();
    let v = bench.refused("olena", "SITE-1080", "confirm", &[], "B11");
    assert_eq!(refusing(&v), ["B11"]);
}

#[test]
fn b11_with_the_amount_stated_the_order_is_confirmed() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "confirm", &["--amount-stated"]);
    assert_eq!(bench.status_of("SITE-1080"), "processed");
}

// ── B12 ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn b12_no_answer_needs_a_message_sent() {
    let bench = Bench::with_demo();
    bench.refused("olena", "SITE-1080", "no-answer", &[], "B12");
}

#[test]
fn b12_with_a_message_sent_the_no_answer_is_recorded() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "no-answer", &["--channel", "viber"]);
    let comments = bench.show_json("SITE-1080")["comments"].to_string();
    assert!(comments.contains("no answer; message sent by viber"), "{comments}");
}

// ── B16 ──────────────────────────────────────────────────────────────────────────────────

const SHOW_LEAD: [&str; 14] = [
    "--wish",
    "kind=show",
    "--wish",
    "date=2026-12-31",
    "--wish",
    "place=Kyiv, Podil",
    "--wish",
    "guests=120",
    "--wish",
    "event=corporate New Year",
    "--wish",
    "budget=80000",
    "--wish",
    "wishes=like the Dnipro show on the site",
];

#[test]
fn b16_a_show_lead_needs_date_place_guests_event_budget_and_wishes() {
    let bench = Bench::with_demo();
    let partial = &SHOW_LEAD[..6];
    let v = bench.refused("olena", "SITE-1080", "wish", partial, "B16");
    let b16 = violation(&v, "B16").unwrap();
    assert!(check_met(b16, "Date") && check_met(b16, "Place"));
    for missing in ["Number of guests", "Event", "Budget", "Wishes"] {
        assert!(!check_met(b16, missing), "{missing}");
    }
}

#[test]
fn b16_a_complete_show_lead_is_recorded() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "wish", &SHOW_LEAD);
    let comments = bench.show_json("SITE-1080")["comments"].to_string();
    assert!(comments.contains("show wish recorded"), "{comments}");
    assert_eq!(bench.last_audit("SITE-1080")["detail"]["draft"]["wish"]["guests"], "120");
}

// ── C2 ───────────────────────────────────────────────────────────────────────────────────

const DELAY_STEPS: [&str; 14] = [
    "--step",
    "called_first",
    "--step",
    "explained",
    "--step",
    "apologised",
    "--step",
    "measures",
    "--step",
    "options",
    "--step",
    "amends",
    "--step",
    "letter",
];

#[test]
fn c2_a_late_delivery_call_lists_the_steps_still_to_do_without_refusing() {
    let bench = Bench::with_demo();
    // SITE-1052 is in transit past its delivery check.
    let v = bench.performed("olena", "SITE-1052", "contact", &DELAY_STEPS[..4]);
    let c2 = applied(&v, "C2").expect("C2 applies to a late delivery");
    assert_eq!(c2["blocking"], false);
    assert!(check_met(c2, "Called the customer") && check_met(c2, "Said why"));
    assert!(!check_met(c2, "Sent the apology letter"));
    assert!(violation(&v, "C2").is_none(), "a checklist never refuses");
}

#[test]
fn c2_with_every_step_done_the_delay_checklist_is_complete() {
    let bench = Bench::with_demo();
    let v = bench.performed("olena", "SITE-1052", "contact", &DELAY_STEPS);
    let c2 = applied(&v, "C2").unwrap();
    assert!(c2["checks"].as_array().unwrap().iter().all(|c| c["met"] == true), "{c2}");
    // An order that is not late has no delay checklist.
    let v = bench.performed("olena", "SITE-1080", "contact", &[]);
    assert!(applied(&v, "C2").is_none());
}
