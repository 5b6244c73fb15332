//! One computation of money: the lines a verdict shows before an action (its stake and its
//! waiver) are the very lines the action books, on every demo order and every cancel draft.

mod common;

use common::Bench;
use common::tui::{demo_desk, operator};
use opdesk::desk::Booked;
use opdesk::domain::{
    ActionKind, CancelReason, Draft, Evidence, EvidenceKind, LedgerKind, MoneyKind, MoneyLine, Vocabulary,
};

const ANALOGS: [&str; 5] = ["CHN-0101", "CHN-0104", "CHN-0105", "CHN-0106", "CHN-0107"];

fn drafts() -> Vec<Draft> {
    let mut drafts = Vec::new();
    for &reason in CancelReason::ALL {
        for proof in [false, true] {
            let mut d = Draft::new(ActionKind::Cancel);
            d.reason = Some(reason);
            d.note = "The customer was offered what we have".into();
            if proof {
                d.analogs = ANALOGS.iter().map(|s| s.to_string()).collect();
                d.evidence = vec![
                    Evidence { kind: EvidenceKind::Photo, reference: "shelf.jpg".into() },
                    Evidence { kind: EvidenceKind::Correspondence, reference: "chat.png".into() },
                ];
            }
            drafts.push(d);
        }
    }
    let mut site = Draft::new(ActionKind::SiteError);
    site.note = "The lamp is in the chandeliers category".into();
    drafts.push(site);
    drafts
}

/// A shown line and the ledger line it became are one: same rule, same money.
fn same(shown: &MoneyLine, booked: &Booked) -> bool {
    shown.rule == booked.rule
        && match shown.kind {
            MoneyKind::Charge => {
                matches!(booked.kind, LedgerKind::Charge | LedgerKind::Doubled)
                    && booked.amount == shown.amount
            }
            MoneyKind::Credit => {
                booked.kind == LedgerKind::Credit && booked.amount.amount == -shown.amount.amount
            }
            // Waived before it was booked: recorded at zero, the message naming what was forgiven.
            MoneyKind::Waive => {
                booked.kind == LedgerKind::Waived
                    && booked.amount.amount == 0
                    && booked.message.starts_with(&shown.amount.display())
            }
        }
}

#[test]
fn a3_the_money_shown_before_an_action_is_the_money_it_books_on_every_demo_order() {
    let iryna = operator("iryna");
    let orders: Vec<String> = {
        let shop: serde_json::Value = serde_json::from_str(opdesk::session::DEMO_SHOP).unwrap();
        shop["orders"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect()
    };
    assert!(orders.len() > 100, "{}", orders.len());
    let (mut compared, mut waived, mut charged) = (0, 0, 0);
    for draft in drafts() {
        let mut desk = demo_desk();
        for order in &orders {
            let mut draft = draft.clone();
            let Ok(mut shown) = desk.evaluate(&iryna, order, &draft) else { continue };
            if !shown.allowed() {
                draft.override_reason = Some("Checked with the customer and the shelf".into());
                shown = desk.evaluate(&iryna, order, &draft).unwrap();
            }
            let Ok(done) = desk.perform(&iryna, order, draft, None) else { continue };
            assert_eq!(done.verdict.money, shown.money, "{order}: judged the same moment, priced the same");
            assert_eq!(
                done.booked.len(),
                shown.money.len(),
                "{order}: {:?} vs {:?}",
                shown.money,
                done.booked
            );
            for (line, booked) in shown.money.iter().zip(&done.booked) {
                assert!(same(line, booked), "{order}: shown {line:?}, booked {booked:?}");
                waived += usize::from(line.kind == MoneyKind::Waive);
                charged += usize::from(line.kind == MoneyKind::Charge);
            }
            // The checklist's stake is the charge the action books, and nothing when waived.
            let charge = shown.money.iter().find(|l| l.kind == MoneyKind::Charge && l.rule == "A3");
            if let Some(a3) = shown.rules.iter().find(|r| r.rule == "A3") {
                assert_eq!(a3.stake, charge.map(|l| l.amount), "{order}: {a3:?}");
                assert_eq!(a3.checks.iter().all(|c| c.met), charge.is_none(), "{order}: {a3:?}");
            }
            compared += 1;
        }
    }
    eprintln!("compared {compared} actions: {waived} waivers, {charged} charges");
    assert!(compared > 1000 && waived > 100 && charged > 100, "{compared} {waived} {charged}");
}

#[test]
fn a3_a_customers_own_cancel_with_full_proof_is_shown_and_booked_waived() {
    let bench = Bench::with_demo();
    let mut args = vec!["--reason", "customer_request"];
    for a in ANALOGS {
        args.extend(["--analog", a]);
    }
    args.extend(["--evidence", "photo=shelf.jpg", "--evidence", "correspondence=chat.png"]);
    let shown = bench.act("olena", "SITE-1080", "cancel", &[args.as_slice(), &["--dry-run"]].concat());
    assert_eq!(shown.code, 0, "{shown:?}");
    assert!(shown.json["stake"].is_null(), "nothing at stake once waived: {}", shown.json);
    assert_eq!(shown.json["money"][0]["rule"], "A3");
    assert_eq!(shown.json["money"][0]["kind"], "waive");
    let a3 = shown.json["rules"].as_array().unwrap().iter().find(|r| r["rule"] == "A3").unwrap();
    assert_eq!(a3["checks"][0]["met"], true, "{a3}");
    let done = bench.performed("olena", "SITE-1080", "cancel", &args);
    assert_eq!(done["booked"][0]["rule"], "A3");
    assert_eq!(done["booked"][0]["kind"], "waived");
    assert_eq!(done["booked"][0]["amount"]["amount"], 0);
}
