//! Issue 15: rules that agree with each other and with the regulations, sentence by sentence,
//! through the command line. Each test is named after the rule or sentence it proves.

mod common;

use common::Bench;
use common::scenario::{applied, check_met};

// ── B2 × B9 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn b9_a_complaint_goes_to_a_mentor_whoever_holds_the_customers_other_orders() {
    let bench = Bench::with_demo();
    // C-002's new SITE-1095; their SITE-1073 is in work with ivan. A complaint on the new one
    // goes to taras, a mentor, though B2 would hand a plain order to ivan.
    bench.performed("olena", "SITE-1095", "complaint", &["--note", "The garland arrived broken"]);
    bench.refused("ivan", "SITE-1095", "claim", &[], "B9");
    let v = bench.performed("taras", "SITE-1095", "claim", &[]);
    assert_eq!(v["owner"], "taras");
    assert!(applied(&v, "B2").is_none(), "B2 does not apply to a complaint: {v}");
    assert!(applied(&v, "B9").is_some_and(|r| check_met(r, "Handled by a mentor")), "{v}");
}
