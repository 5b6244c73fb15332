//! The Handoffs tab of the workstation on ratatui's `TestBackend` (E2): the duty operator sees
//! every handoff nobody took with its deadline, takes one with a key and the order becomes
//! theirs; an operator not on duty is refused on the status line; a handoff left untaken shows
//! in the supervisor's Late tab. The demo shop, the clock at 2026-11-23 14:30 +02:00.

mod common;

use common::tui::{Rig, desk_at, load, operator};
use crossterm::event::{KeyCode, KeyModifiers};
use opdesk::desk::Desk;
use opdesk::domain::Language;
use opdesk::session::DEMO_SHOP;
use opdesk::store::Store;
use opdesk::tui::panes::queue::QueueTab;
use std::path::Path;

const NOW: &str = common::NOW;
/// Three hours later: a handoff written at NOW is late (handoff_late_hours = 2).
const LATER: &str = "2026-11-23T17:30:00+02:00";

/// The demo shop in `path` with one handoff from Olena on her unpaid invoice TEL-2012.
fn demo_with_handoff(path: &Path) -> Desk {
    let mut desk = desk_at(Store::open(path).unwrap(), NOW);
    load(&mut desk, "demo/shop.json", DEMO_SHOP);
    let note = "Invoice sent 19.11; the customer pays on Tuesday. Call at 10 if not paid.";
    desk.write_handoff(&operator("olena"), "TEL-2012", note, None).unwrap();
    desk
}

/// `login` at the desk on a 100×30 terminal.
fn rig(desk: Desk, login: &str) -> Rig {
    Rig::signed_in(desk, login, Language::En, 100, 30)
}

fn go_to_tab(rig: &mut Rig, tab: QueueTab) -> &mut Rig {
    while rig.app.queue().tab != tab {
        rig.key(KeyCode::Char(']'));
    }
    rig
}

fn take(rig: &mut Rig) {
    rig.press(KeyCode::Char('T'), KeyModifiers::SHIFT);
}

/// `T`, then yes to the question that shows the note.
fn take_and_confirm(rig: &mut Rig) {
    take(rig);
    assert!(rig.app.confirming(), "T asks first: {:?}", rig.app.status());
    assert!(rig.screen().contains("Invoice sent 19.11"), "the question shows the note");
    rig.keys("y");
}

#[test]
fn e2_the_handoffs_tab_lists_the_untaken_handoff_with_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = rig(demo_with_handoff(&dir.path().join("s.db")), "maria");
    go_to_tab(&mut rig, QueueTab::Handoffs);
    assert_eq!(rig.app.queue().total, 1);
    let screen = rig.screen();
    assert!(screen.contains("Handoffs 1"), "{screen}");
    assert!(screen.contains("TEL-2012") && screen.contains("in 2h"), "the order and its deadline: {screen}");
    assert!(screen.contains("take handoff"), "the footer offers the key: {screen}");
}

#[test]
fn e2_duty_takes_a_handoff_into_work_from_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = rig(demo_with_handoff(&dir.path().join("s.db")), "maria");
    take_and_confirm(go_to_tab(&mut rig, QueueTab::Handoffs));
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("taken into work") && status.contains("TEL-2012"), "{status}");
    assert!(rig.screen().contains("Handoffs 0"), "the inbox is empty once taken");
    // The selection stays on the order just taken, now among her own.
    assert_eq!(rig.app.queue().tab, QueueTab::Mine);
    assert_eq!(rig.app.queue().selected_row().map(|r| r.id.as_str()), Some("TEL-2012"));
    let order = rig.app.desk().show("TEL-2012").unwrap().order.order;
    assert_eq!(order.owner.as_deref(), Some("maria"));
}

#[test]
fn e2_an_operator_not_on_duty_is_refused_on_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = rig(demo_with_handoff(&dir.path().join("s.db")), "ivan");
    take(go_to_tab(&mut rig, QueueTab::Handoffs));
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("Only the duty operator") && status.contains("E2"), "{status}");
    assert!(!rig.app.confirming(), "a take the rules refuse is not offered");
    assert_eq!(rig.app.queue().total, 1, "still waiting in the inbox");
}

#[test]
fn e2_the_author_of_a_handoff_is_told_only_the_duty_operator_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = rig(demo_with_handoff(&dir.path().join("s.db")), "olena");
    take(go_to_tab(&mut rig, QueueTab::Handoffs));
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("You wrote handoff") && status.contains("only the duty operator"), "{status}");
    assert!(!status.contains("Refused") && !status.contains("Taken by"), "{status}");
    assert_eq!(rig.app.queue().total, 1, "still waiting in the inbox");
}

#[test]
fn e2_an_untaken_handoff_is_late_in_the_supervisors_late_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(demo_with_handoff(&path));
    let mut rig = rig(desk_at(Store::open(&path).unwrap(), LATER), "iryna");
    go_to_tab(&mut rig, QueueTab::Late);
    let rows = &rig.app.queue().rows;
    assert!(rows.iter().any(|r| r.id == "TEL-2012"), "the late handoff's order is in the Late tab");
    go_to_tab(&mut rig, QueueTab::Handoffs);
    let screen = rig.screen();
    assert!(screen.contains("TEL-2012") && screen.contains("1h late"), "{screen}");
}

#[test]
fn handoffs_tab_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = rig(demo_with_handoff(&dir.path().join("s.db")), "maria");
    rig.resize(80, 24);
    go_to_tab(&mut rig, QueueTab::Handoffs);
    insta::assert_snapshot!(rig.screen());
}
