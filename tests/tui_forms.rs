//! The action forms and the queue search end to end in the workstation, key by key: analogs
//! ticked from the list of what is in stock, the product wish of an "out of stock" cancel (A7)
//! finished by a supervisor's override, a product wish or show lead recorded from the desk
//! (B14, B16), and a filter that finds nothing in this tab saying where it does.

mod common;

use common::tui::{Rig, demo_desk};
use crossterm::event::KeyCode;
use opdesk::domain::Language;
use opdesk::tui::panes::form::FieldId;

/// The last audit entry of `order`: what was attempted or done, with its draft.
fn last_audit(rig: &mut Rig, order: &str) -> (String, serde_json::Value) {
    let trail = rig.trail(Some(order), 1);
    let last = trail.last().expect("an audit entry").entry.clone();
    (last.outcome.to_string(), last.detail)
}

#[test]
fn a7_a_supervisor_finishes_an_out_of_stock_cancel_with_a_complete_wish_from_the_desk() {
    let mut rig = Rig::signed_in(demo_desk(), "iryna", Language::En, 160, 48);
    rig.keys(":tab all").key(KeyCode::Enter).select("SITE-1061"); // Olena's order
    rig.keys("x").key(KeyCode::Right).key(KeyCode::Right);
    // Two analogs only, proof and a note, and the supervisor's written reason.
    rig.tab_to(FieldId::Analog(0)).keys(" ").key(KeyCode::Down).keys(" ");
    rig.tab_to(FieldId::Evidence).keys("photo=IMG_1.jpg, call_record=CALL-7");
    rig.tab_to(FieldId::Note).keys("customer wants only the Orion");
    rig.tab_to(FieldId::Override).keys("the customer will not wait for a restock");
    rig.key(KeyCode::Enter);
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("A7"), "without a picture the wish is incomplete: {status}");
    assert!(!rig.app.confirming(), "a refusal that stands asks nothing");
    assert_eq!(rig.status_of("SITE-1061").0, "in_work");
    // The picture completes the wish (the characteristics came from the catalogue).
    rig.tab_to(FieldId::Note).key(KeyCode::Up).keys("https://example.com/orion.jpg");
    rig.key(KeyCode::Enter);
    assert!(rig.app.confirming(), "an override of a cancel still asks: {:?}", rig.app.status());
    rig.keys("y");
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    assert_eq!(rig.status_of("SITE-1061").0, "cancelled");
    let (outcome, detail) = last_audit(&mut rig, "SITE-1061");
    assert_eq!(outcome, "overridden");
    let wish = &detail["draft"]["wish"];
    assert_eq!(wish["picture"], "https://example.com/orion.jpg");
    assert_eq!(wish["power_w"], "72", "the catalogue's characteristics went with it: {wish}");
}

#[test]
fn a7_an_operator_cannot_override_and_is_shown_what_is_missing() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1061").keys("x").key(KeyCode::Right).key(KeyCode::Right);
    assert!(!rig.screen().contains("Override"), "an operator is not offered an override field");
    rig.tab_to(FieldId::Analog(0)).keys(" ");
    rig.key(KeyCode::Enter);
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("A7") && status.contains("A4"), "{status}");
    // The refused attempt is on record for the supervisor's review, like a refused `act`.
    let (outcome, detail) = last_audit(&mut rig, "SITE-1061");
    assert_eq!(outcome, "refused");
    assert_eq!(detail["draft"]["analogs"].as_array().map(Vec::len), Some(1));
    assert_eq!(rig.status_of("SITE-1061").0, "in_work");
    // "Why?" names the missing wish and who could override.
    rig.key(KeyCode::F(2));
    let screen = rig.screen();
    assert!(screen.contains("A complete product wish"), "{screen}");
}

#[test]
fn b16_a_show_lead_is_refused_until_its_six_fields_are_filled_then_recorded() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1080").keys("p");
    assert!(rig.app.form().is_some(), "p opens the wish form");
    rig.key(KeyCode::Right); // a show lead
    rig.key(KeyCode::Tab).keys("2026-12-31");
    rig.key(KeyCode::Tab).keys("Kyiv, Podil");
    rig.key(KeyCode::Enter);
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("B16"), "{status}");
    for text in ["120", "wedding", "₴60 000", "gold willows like on the site"] {
        rig.key(KeyCode::Tab).keys(text);
    }
    assert!(rig.screen().contains("Allowed."));
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    let (outcome, detail) = last_audit(&mut rig, "SITE-1080");
    assert_eq!(outcome, "done");
    assert_eq!(detail["draft"]["wish"]["kind"], "show");
    assert_eq!(detail["draft"]["wish"]["guests"], "120");
    assert_eq!(detail["draft"]["wish"]["budget"], "₴60 000");
}

#[test]
fn b14_a_product_wish_is_recorded_from_the_palette() {
    let mut rig = Rig::new(80, 24);
    rig.select("SITE-1080").keys(":wish").key(KeyCode::Enter);
    assert!(rig.app.form().is_some());
    rig.key(KeyCode::Tab).keys("гірлянда 20 м тепле світло");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    let (_, detail) = last_audit(&mut rig, "SITE-1080");
    assert_eq!(detail["draft"]["wish"]["kind"], "product");
    assert_eq!(detail["draft"]["wish"]["product"], "гірлянда 20 м тепле світло");
}

#[test]
fn wish_form_80x24() {
    let mut rig = Rig::new(80, 24);
    rig.select("SITE-1080").keys("p").key(KeyCode::Right);
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn a_filter_that_matches_nothing_in_this_tab_says_where_it_does() {
    let mut rig = Rig::new(80, 24);
    // SITE-1041 is Ivan's: not in Olena's Mine tab.
    rig.keys("/SITE-1041").key(KeyCode::Enter);
    assert_eq!(rig.app.queue().total, 0);
    let screen = rig.screen();
    assert!(screen.contains("1 in All"), "{screen}");
    rig.keys(":tab all").key(KeyCode::Enter);
    assert_eq!(rig.app.queue().selected_row().map(|r| r.id.as_str()), Some("SITE-1041"));
}

#[test]
fn b14_an_empty_wish_is_not_recorded() {
    let mut rig = Rig::new(80, 24);
    rig.select("SITE-1080").keys("p").key(KeyCode::Enter);
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("at least one"), "{status}");
    assert!(rig.app.form().is_some(), "the form stays open to be filled");
    assert!(rig.trail(Some("SITE-1080"), 5).is_empty());
}

#[test]
fn a_phone_typed_as_dialled_at_home_finds_the_customer() {
    let mut rig = Rig::new(160, 48);
    rig.keys("]]"); // All
    // Сергей Волков's phone is +380639177336; the operator types it the way it is said.
    rig.keys("/063 917 73").key(KeyCode::Enter);
    let rows = &rig.app.queue().rows;
    assert!(!rows.is_empty(), "{}", rig.screen());
    assert!(rows.iter().any(|r| r.id == "TEL-2008"), "{:?}", rows.iter().map(|r| &r.id).collect::<Vec<_>>());
    assert!(rows.iter().all(|r| r.customer_name == "Сергей Волков"), "only his orders");
}

#[test]
fn e1_a_handoff_without_a_note_is_not_written_and_says_what_is_missing() {
    let mut rig = Rig::new(80, 24);
    rig.select("SITE-1080").keys("h").key(KeyCode::Enter);
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("needs") && status.contains("note"), "{status}");
    assert!(rig.app.form().is_some(), "the form stays open to be filled");
    assert!(rig.trail(Some("SITE-1080"), 5).is_empty(), "nothing written, nothing recorded");
}

#[test]
fn b8_the_confirm_form_ticks_that_an_adult_receives_the_order() {
    let mut rig = Rig::signed_in(demo_desk(), "olena", Language::En, 160, 48);
    rig.keys("]]").select("SITE-1057"); // pyrotechnics
    rig.keys("c");
    assert!(rig.app.form().is_some(), "{:?}", rig.app.status());
    assert!(rig.screen().contains("An adult receives it"), "{}", rig.screen());
    rig.tab_to(FieldId::AmountStated).keys(" ");
    rig.tab_to(FieldId::AdultReceives).keys(" ");
    rig.key(KeyCode::Enter);
    if rig.app.confirming() {
        rig.keys("y");
    }
    assert_eq!(rig.status_of("SITE-1057").0, "processed", "{:?}", rig.app.status());
    let (outcome, detail) = last_audit(&mut rig, "SITE-1057");
    assert_eq!(outcome, "done");
    assert_eq!(detail["draft"]["adult_receives"], true);
    assert_eq!(detail["draft"]["age_confirmed"], false);
}
