//! The form on its own: drafts from keys, fields that come and go with what is chosen.

use super::*;
use crate::domain::{RuleOutcome, Verdict};
use crossterm::event::KeyModifiers;
use std::collections::BTreeMap;

fn k(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn type_in(f: &mut Form, text: &str) {
    for c in text.chars() {
        f.key(k(KeyCode::Char(c)), None);
    }
}

fn tab(f: &mut Form) {
    f.key(k(KeyCode::Tab), Some(Action::NextPane));
}

fn product(sku: &str, stock: i64) -> Product {
    Product {
        sku: sku.into(),
        name: format!("Лампа {sku}"),
        category: "lamps".into(),
        stock,
        price: 100,
        age_restricted: false,
        no_reserve: false,
        attributes: BTreeMap::from([
            ("color".to_owned(), serde_json::json!("white")),
            ("power_w".to_owned(), serde_json::json!(40)),
        ]),
    }
}

fn catalogue() -> Catalogue {
    Catalogue {
        analogs: (1..=6).map(|i| product(&format!("LED-{i}"), 60 - i)).collect(),
        missing: Some(product("LED-0", 0)),
    }
}

fn cancel(can_override: bool) -> Form {
    let subject =
        Subject {
            order: "SITE-1".into(), version: 1, amount_due: "₴10".into(), customer: "Ім'я".into()
        };
    Form::new(ActionKind::Cancel, subject, can_override, catalogue())
}

/// Plays the desk: the verdict of the shipped rules asks, for an out-of-stock cancel, for the
/// analogs, the evidence and the product wish, for a defective one for the
/// analogs and the evidence. The whole path through the desk is in `tests/tui_forms.rs`.
fn judge(f: &mut Form) {
    let asks: &[&str] = match f.reason() {
        Some(CancelReason::OutOfStock) => &["analogs", "analogs_in_stock", "evidence", "wish_complete"],
        Some(CancelReason::Defective) => &["analogs", "evidence"],
        _ => &[],
    };
    let rule = RuleOutcome {
        rule: "R".into(),
        message: String::new(),
        checks: vec![],
        blocking: true,
        stake: None,
        overridable: true,
        asks: asks.iter().map(|a| (*a).to_owned()).collect(),
    };
    f.set_check(Check::Ready(Verdict {
        action: f.action,
        order: f.order.clone(),
        rules: vec![rule],
        money: Vec::new(),
    }));
}

/// The next choice, judged as the root would after a change.
fn pick(f: &mut Form) -> FormMsg {
    let msg = f.key(k(KeyCode::Right), None);
    judge(f);
    msg
}

fn focused(f: &Form) -> FieldId {
    f.fields[f.focus].id
}

#[test]
fn a_cancel_form_makes_a_draft() {
    let mut f = cancel(false);
    assert_eq!(pick(&mut f), FormMsg::Changed);
    assert_eq!(pick(&mut f), FormMsg::Changed);
    // Out of stock: the analogs in stock come next, ticked with Space.
    tab(&mut f);
    assert_eq!(focused(&f), FieldId::Analog(0));
    f.key(k(KeyCode::Char(' ')), None);
    tab(&mut f);
    tab(&mut f);
    f.key(k(KeyCode::Char(' ')), None);
    let d = f.draft().unwrap();
    assert_eq!(d.reason, Some(CancelReason::OutOfStock));
    assert_eq!(d.analogs, ["LED-1", "LED-3"]);
    assert!(f.dirty && f.destructive());
    assert_eq!(f.key(k(KeyCode::Esc), Some(Action::Back)), FormMsg::Close);
}

#[test]
fn a4_analogs_ticked_and_typed_make_one_list_without_repeats() {
    let mut f = cancel(false);
    pick(&mut f);
    pick(&mut f);
    tab(&mut f);
    f.key(k(KeyCode::Char(' ')), None);
    while focused(&f) != FieldId::OtherAnalogs {
        tab(&mut f);
    }
    type_in(&mut f, "LED-1, CHN-9");
    assert_eq!(f.draft().unwrap().analogs, ["LED-1", "CHN-9"]);
    assert_eq!(f.analogs_count(), 2);
}

#[test]
fn analogs_and_the_wish_show_only_for_a_cancel_that_needs_them() {
    let mut f = cancel(false);
    // No reason yet: reason, evidence, note.
    let shown: Vec<FieldId> = f.visible().map(|(_, x)| x.id).collect();
    assert_eq!(shown, [FieldId::Reason, FieldId::Evidence, FieldId::Note]);
    pick(&mut f); // the customer's request
    assert!(!f.visible().any(|(_, x)| matches!(x.id, FieldId::Analog(_) | FieldId::Wish(_))));
    pick(&mut f); // out of stock
    assert_eq!(f.visible().filter(|(_, x)| matches!(x.id, FieldId::Analog(_))).count(), 6);
    assert_eq!(f.visible().filter(|(_, x)| matches!(x.id, FieldId::Wish(_))).count(), 4);
    pick(&mut f); // defective: analogs but no product wish
    assert!(f.visible().any(|(_, x)| matches!(x.id, FieldId::Analog(_))));
    assert!(!f.visible().any(|(_, x)| matches!(x.id, FieldId::Wish(_))));
}

#[test]
fn a7_the_wish_lists_the_missing_products_characteristics_prefilled() {
    let mut f = cancel(false);
    pick(&mut f);
    pick(&mut f);
    let d = f.draft().unwrap();
    assert_eq!(d.wish.get("color").map(String::as_str), Some("white"));
    assert_eq!(d.wish.get("power_w").map(String::as_str), Some("40"));
    assert!(!d.wish.contains_key("picture"), "the picture is for the operator to give");
    while !matches!(focused(&f), FieldId::Wish(i) if f.wish_fields[i].key == "picture") {
        tab(&mut f);
    }
    type_in(&mut f, "https://example.com/led.jpg");
    assert_eq!(f.draft().unwrap().wish["picture"], "https://example.com/led.jpg");
    // A hidden wish is no part of the draft: back to "customer's request".
    f.focus = 0;
    // Round the closed list of reasons back to the first.
    for _ in 0..<CancelReason as crate::domain::Vocabulary>::ALL.len() - 1 {
        pick(&mut f);
    }
    assert_eq!(f.reason(), Some(CancelReason::CustomerRequest));
    assert!(f.draft().unwrap().wish.is_empty() && f.draft().unwrap().analogs.is_empty());
}

#[test]
fn b16_a_show_lead_has_its_six_fields_and_says_so_in_the_draft() {
    let subject = Subject { order: "SITE-1".into(), ..Subject::default() };
    let mut f = Form::new(ActionKind::Wish, subject, false, Catalogue::default());
    assert_eq!(f.draft().unwrap().wish.get("kind").map(String::as_str), Some("product"));
    f.key(k(KeyCode::Right), None);
    let shown: Vec<String> = f
        .visible()
        .filter_map(|(_, x)| match x.id {
            FieldId::Wish(i) => Some(f.wish_fields[i].key.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(shown, crate::domain::wish::SHOW_LEAD_FIELDS);
    tab(&mut f);
    type_in(&mut f, "2026-12-31");
    let d = f.draft().unwrap();
    assert_eq!(d.wish.get("kind").map(String::as_str), Some("show"));
    assert_eq!(d.wish.get("date").map(String::as_str), Some("2026-12-31"));
}

#[test]
fn focus_skips_hidden_fields_both_ways() {
    let mut f = cancel(false);
    tab(&mut f);
    assert_eq!(focused(&f), FieldId::Evidence, "no analogs before an out-of-stock reason");
    f.key(k(KeyCode::BackTab), Some(Action::PrevPane));
    f.key(k(KeyCode::BackTab), Some(Action::PrevPane));
    assert_eq!(focused(&f), FieldId::Note, "wraps round to the last field shown");
}

#[test]
fn only_a_role_that_may_override_gets_the_override_field() {
    let plain = cancel(false);
    assert!(!plain.fields.iter().any(|f| f.id == FieldId::Override));
    let mut f = cancel(true);
    f.focus = f.fields.len() - 1;
    type_in(&mut f, "approved by phone");
    assert_eq!(f.draft().unwrap().override_reason.as_deref(), Some("approved by phone"));
}

#[test]
fn bad_evidence_is_named() {
    let mut f = cancel(false);
    tab(&mut f);
    type_in(&mut f, "selfie=1");
    assert!(f.draft().unwrap_err().contains("selfie"));
}
