//! The order's life from the workstation (issue 14): an edit that swaps the missing item for an
//! analog from the list the cancel form offers (B3), handing to delivery with its tracking
//! number and day (C2, B19), and tracking the parcel (C1), each from the `:` palette with its
//! form and live checklist.

mod common;

use common::tui::Rig;
use crossterm::event::KeyCode;
use opdesk::domain::{ActionKind, Language};
use opdesk::tui::panes::form::FieldId;

#[test]
fn b3_the_workstation_swaps_the_missing_item_for_an_analog() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1061");
    let before = rig.app.desk().show("SITE-1061").unwrap().order.order.items;
    let missing = rig.app.desk().missing_product("SITE-1061").unwrap().expect("an item is short");
    let analog = rig.app.desk().analog_candidates("SITE-1061").unwrap().remove(0);
    rig.keys(":edit").key(KeyCode::Enter);
    let form = rig.app.form().expect(":edit opens the edit form");
    assert_eq!(form.action, ActionKind::Edit);
    // The short line is prefilled for removal, and the analogs in stock are listed to swap in.
    let draft = form.draft().unwrap();
    assert_eq!(draft.items.len(), 1);
    assert_eq!((draft.items[0].sku.as_str(), draft.items[0].qty), (missing.sku.as_str(), 0));
    assert!(rig.screen().contains(&analog.sku), "the analogs are listed");
    rig.tab_to(FieldId::Analog(0)).keys(" ");
    rig.tab_to(FieldId::Note).keys("the customer takes the analog");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    let after = rig.app.desk().show("SITE-1061").unwrap();
    let skus: Vec<&str> = after.order.order.items.iter().map(|i| i.sku.as_str()).collect();
    assert!(!skus.contains(&missing.sku.as_str()) && skus.contains(&analog.sku.as_str()), "{skus:?}");
    assert_eq!(skus.len(), before.len(), "one line swapped for another");
    assert_eq!(after.order.edits.len(), 1);
    assert_eq!(after.order.order.status.to_string(), "in_work");
}

#[test]
fn b19_the_workstation_hands_an_order_to_delivery_with_its_tracking_number() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1011");
    rig.keys(":ship").key(KeyCode::Enter);
    assert_eq!(rig.app.form().map(|f| f.action), Some(ActionKind::Ship));
    rig.tab_to(FieldId::Tracking).keys("20450000111222");
    rig.tab_to(FieldId::Expected).keys("2026-11-");
    assert!(rig.app.form().unwrap().draft().is_err(), "a half-typed day is not a day");
    rig.keys("27");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    let v = rig.app.desk().show("SITE-1011").unwrap();
    assert_eq!(v.order.order.status.to_string(), "handed_to_delivery");
    assert_eq!(v.order.order.life.tracking, "20450000111222");
    assert_eq!(v.order.order.life.expected_delivery.map(|d| d.to_string()).as_deref(), Some("2026-11-27"));
    assert!(v.timers.iter().any(|t| t.kind.to_string() == "delivery_check" && !t.overdue));
}

#[test]
fn c1_the_workstation_tracks_the_parcel_to_the_branch() {
    let mut rig = Rig::with(common::tui::demo_desk(), Language::Uk, 160, 48);
    rig.select("SITE-1070");
    rig.keys(":track").key(KeyCode::Enter);
    assert_eq!(rig.app.form().map(|f| f.action), Some(ActionKind::Track));
    // No status chosen yet: the desk says what is missing and nothing is done.
    rig.key(KeyCode::Enter);
    assert_eq!(rig.status_of("SITE-1070").0, "handed_to_delivery");
    rig.tab_to(FieldId::TrackStatus).key(KeyCode::Left); // the last one: awaiting pickup
    assert!(rig.screen().contains("‹ до видачі ›"), "the status in the operator's words");
    rig.tab_to(FieldId::Tracking).keys("20450000333444");
    rig.key(KeyCode::Enter);
    assert_eq!(rig.status_of("SITE-1070").0, "awaiting_pickup");
    assert!(rig.screen().contains("ТТН 20450000333444"), "the order pane shows the TTN: {}", rig.screen());
    let scripts = rig.app.desk().scripts(&common::tui::operator("olena"), "SITE-1070", None).unwrap();
    assert_eq!(scripts[0].situation, "pickup_reminder");
}

#[test]
fn a4_removing_the_missing_line_as_out_of_stock_shows_its_checklist_live() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1061");
    rig.keys(":edit").key(KeyCode::Enter);
    // Its only line cannot simply go (that is a cancel): the form says so until an analog
    // takes its place.
    let check = &rig.app.form().unwrap().check;
    assert!(
        matches!(check, opdesk::tui::panes::form::Check::Invalid(why) if why.contains("without a line")),
        "{check:?}"
    );
    rig.tab_to(FieldId::Analog(0)).keys(" ");
    rig.tab_to(FieldId::Reason).key(KeyCode::Right).key(KeyCode::Right); // out of stock
    let check = &rig.app.form().unwrap().check;
    let opdesk::tui::panes::form::Check::Ready(verdict) = check else { panic!("judged live: {check:?}") };
    let refusing: Vec<&str> = verdict.violations().map(|r| r.rule.as_str()).collect();
    assert!(refusing.contains(&"A4"), "five analogs and the evidence first: {refusing:?}");
    assert!(!refusing.contains(&"A2"), "the removed line really is short of stock: {refusing:?}");
    // The rules ask for the evidence, so the form shows its field; nothing is done yet.
    rig.tab_to(FieldId::Evidence);
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("A4")), "{:?}", rig.app.status());
    assert!(rig.app.desk().show("SITE-1061").unwrap().order.edits.is_empty());
}

#[test]
fn b6_the_workstation_reserves_at_the_availability_check() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1046"); // in work with olena, not yet confirmed
    rig.keys(":reserve").key(KeyCode::Enter);
    assert_eq!(rig.app.form().map(|f| f.action), Some(ActionKind::Reserve));
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    let v = rig.app.desk().show("SITE-1046").unwrap();
    assert_eq!(v.order.order.status.to_string(), "in_work", "reserved before the confirmation call");
    assert!(v.order.order.life.reserved_until.is_some());
    assert!(v.timers.iter().any(|t| t.kind.to_string() == "reservation_expiry"));
}

/// A chandelier out of stock beside a sconce on the shelf, and five chandeliers to offer.
const TWO_LINES: &str = r#"{
 "products": [
  {"sku": "SCN-1", "name": "Бра Luna", "category": "chandeliers", "stock": 4, "price": 90000},
  {"sku": "CHN-1", "name": "Люстра Vega", "category": "chandeliers", "stock": 0, "price": 500000},
  {"sku": "CHN-2", "name": "Люстра Orion", "category": "chandeliers", "stock": 9, "price": 480000},
  {"sku": "CHN-3", "name": "Люстра Sirius", "category": "chandeliers", "stock": 8, "price": 520000},
  {"sku": "CHN-4", "name": "Люстра Lyra", "category": "chandeliers", "stock": 7, "price": 450000},
  {"sku": "CHN-5", "name": "Люстра Draco", "category": "chandeliers", "stock": 6, "price": 610000}
 ],
 "customers": [{"id": "C-3", "name": "Іван Гнатюк", "phone": "+380671112233", "language": "uk", "class": "regular"}],
 "orders": [
  {"id": "L-TWO", "created_at": "2026-11-23T08:00:00+02:00", "source": "site", "customer": "C-3", "status": "in_work", "owner": "olena",
   "items": [{"sku": "CHN-1", "qty": 1, "price": 500000}, {"sku": "SCN-1", "qty": 1, "price": 90000}],
   "delivery": {"method": "courier", "address": "Київ", "cost": 0}, "payment": "cash_on_delivery"}
 ]}"#;

#[test]
fn a2_the_cancel_form_names_the_lines_its_out_of_stock_claim_is_about() {
    let mut desk = common::tui::desk_on(opdesk::store::Store::in_memory().unwrap());
    common::tui::load(&mut desk, "two.json", TWO_LINES);
    let mut rig = Rig::with(desk, Language::En, 160, 48);
    rig.select("L-TWO").keys("x").key(KeyCode::Right).key(KeyCode::Right); // out of stock
    let refusing = |rig: &Rig| match &rig.app.form().unwrap().check {
        opdesk::tui::panes::form::Check::Ready(v) => {
            v.violations().map(|r| r.rule.clone()).collect::<Vec<_>>()
        }
        other => panic!("judged live: {other:?}"),
    };
    // By default the claim is about the chandelier, which is short: not a false one.
    assert!(!refusing(&rig).contains(&"A2".to_owned()), "{:?}", refusing(&rig));
    // Naming the sconce on the shelf makes it false, and the checklist says so at once.
    rig.tab_to(FieldId::Lines).keys("SCN-1");
    assert_eq!(rig.app.form().unwrap().draft().unwrap().lines, ["SCN-1"]);
    assert!(refusing(&rig).contains(&"A2".to_owned()), "{:?}", refusing(&rig));
    let opdesk::tui::panes::form::Check::Ready(v) = &rig.app.form().unwrap().check else { unreachable!() };
    let a2 = v.violations().find(|r| r.rule == "A2").unwrap();
    assert!(a2.message.contains("SCN-1 (4 in stock)"), "the checklist shows which line: {}", a2.message);
}
