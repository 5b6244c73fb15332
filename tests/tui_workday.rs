//! The whole shift in the workstation (issue 16, part A) on ratatui's `TestBackend`: every
//! action of `opdesk act` from the palette with its form and live checklist, the shift end
//! with its handoffs written one after another, the operator's own ledger and handoffs, the
//! first tab for each role, and the selection staying on the order just acted on. The demo
//! shop, the clock at 2026-11-23 14:30 +02:00.

mod common;

use common::tui::{Rig, demo_desk, operator};
use crossterm::event::KeyCode;
use opdesk::domain::{ActionKind, Language, Vocabulary};
use opdesk::tui::panes::form::{Check, FieldId};
use opdesk::tui::panes::palette::ACT_COMMANDS;
use opdesk::tui::panes::queue::QueueTab;

fn rig(login: &str) -> Rig {
    Rig::signed_in(demo_desk(), login, Language::En, 120, 40)
}

/// Runs `:line` in the palette.
fn command(rig: &mut Rig, line: &str) {
    rig.keys(":").keys(line).key(KeyCode::Enter);
}

#[test]
fn every_action_of_act_opens_its_form_from_the_palette_and_is_judged_live() {
    let mut rig = rig("olena");
    rig.select("SITE-1046");
    for kind in ACT_COMMANDS {
        command(&mut rig, kind.as_str());
        if *kind == ActionKind::Claim {
            // Her own order is taken already: no field could change that, so no form opens
            // and the status line says why.
            assert!(rig.app.form().is_none());
            assert!(rig.app.status().is_some_and(|s| s.contains("already taken")), "{:?}", rig.app.status());
            continue;
        }
        let form = rig.app.form().unwrap_or_else(|| panic!(":{kind} opens no form: {:?}", rig.app.status()));
        assert_eq!(form.action, *kind);
        // The desk judged the empty form at once: a verdict, or what the form still lacks.
        assert!(!matches!(form.check, Check::Waiting | Check::Failed(_)), ":{kind}: {:?}", form.check);
        let screen = rig.screen();
        assert!(screen.contains("SITE-1046"), ":{kind} names its order:\n{screen}");
        rig.key(KeyCode::Esc);
        assert!(rig.app.form().is_none(), ":{kind} closes with Esc");
    }
}

#[test]
fn b13_a_callback_from_the_palette_is_booked_at_the_time_typed() {
    let mut rig = rig("olena");
    rig.select("SITE-1046");
    command(&mut rig, "callback");
    assert!(matches!(rig.app.form().unwrap().check, Check::Invalid(_)), "no time yet: not sendable");
    rig.tab_to(FieldId::At).keys("2026-11-24 10:00");
    rig.tab_to(FieldId::Note).keys("asked to call tomorrow morning");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    let v = rig.app.desk().show("SITE-1046").unwrap();
    assert!(
        v.timers.iter().any(|t| t.kind.to_string() == "callback" && t.what.contains("tomorrow")),
        "the callback is a deadline of the order: {:?}",
        v.timers
    );
}

#[test]
fn a6_an_escalation_from_the_palette_needs_what_to_look_into() {
    let mut rig = rig("olena");
    rig.select("SITE-1046");
    command(&mut rig, "escalate");
    assert!(matches!(rig.app.form().unwrap().check, Check::Invalid(_)), "an empty note is not sendable");
    rig.tab_to(FieldId::Note).keys("the supplier's stock disagrees with ours");
    assert!(matches!(rig.app.form().unwrap().check, Check::Ready(_)));
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
}

#[test]
fn a8_a_site_error_from_the_palette_carries_its_page_and_problem() {
    let mut rig = rig("olena");
    rig.select("SITE-1046");
    command(&mut rig, "site-error");
    rig.tab_to(FieldId::Problem).keys(" ");
    rig.tab_to(FieldId::Page).keys("LMP-0101");
    rig.tab_to(FieldId::Note).keys("the lamp is listed under garlands");
    let draft = rig.app.form().unwrap().draft().unwrap();
    assert_eq!(draft.page.as_deref(), Some("LMP-0101"));
    assert_eq!(draft.problem.map(|p| p.to_string()).as_deref(), Some("category"));
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
}

#[test]
fn a_transfer_by_the_head_of_sales_passes_the_order_to_the_login_typed() {
    let mut rig = rig("iryna");
    command(&mut rig, "tab all");
    rig.select("SITE-1046");
    command(&mut rig, "transfer");
    rig.tab_to(FieldId::To).keys("ivan");
    rig.tab_to(FieldId::Note).keys("olena is off sick");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    assert_eq!(rig.status_of("SITE-1046").1.as_deref(), Some("ivan"));
}

#[test]
fn b7_the_director_keeps_an_unpaid_invoice_order_for_the_days_typed() {
    let mut rig = rig("oleksii");
    command(&mut rig, "tab all");
    rig.select("TEL-2012");
    command(&mut rig, "keep");
    rig.tab_to(FieldId::Days).keys("x");
    assert!(rig.app.form().unwrap().draft().is_err(), "days are a number");
    rig.key(KeyCode::Backspace).keys("3");
    assert_eq!(rig.app.form().unwrap().draft().unwrap().days, Some(3));
    assert!(matches!(rig.app.form().unwrap().check, Check::Ready(_)), "{:?}", rig.app.form().unwrap().check);
}

#[test]
fn frequent_actions_have_keys_that_open_their_forms() {
    let mut rig = rig("olena");
    rig.select("SITE-1046");
    for (key, kind) in [
        ('b', ActionKind::Callback),
        ('r', ActionKind::Reserve),
        ('s', ActionKind::Ship),
        ('d', ActionKind::Deliver),
        ('e', ActionKind::Edit),
        ('l', ActionKind::Track),
    ] {
        rig.keys(&key.to_string());
        assert_eq!(rig.app.form().map(|f| f.action), Some(kind), "{key}: {:?}", rig.app.status());
        rig.key(KeyCode::Esc);
    }
}

/// Olena's orders that need someone while she is away, from the desk.
fn away(rig: &Rig) -> Vec<opdesk::desk::AwayItem> {
    rig.app.desk().shift_status("olena").unwrap().1
}

#[test]
fn e1_shift_end_shows_what_needs_a_handoff_and_takes_them_one_after_another() {
    let mut rig = rig("olena");
    command(&mut rig, "shift end");
    assert!(
        rig.app.status().is_some_and(|s| s.contains(":shift start")),
        "no shift yet: {:?}",
        rig.app.status()
    );
    command(&mut rig, "shift start");
    assert!(rig.app.status().is_some_and(|s| s.contains("started")), "{:?}", rig.app.status());
    command(&mut rig, "shift end");
    let items = away(&rig);
    assert!(items.len() >= 2, "the demo leaves Olena orders that need someone: {items:?}");
    let screen = rig.screen();
    assert!(screen.contains("End of shift") && screen.contains(&items[0].order), "{screen}");
    // Ending now is refused, and the refusal is shown in the list.
    rig.keys("E");
    assert!(rig.screen().contains("cannot end"), "{}", rig.screen());
    for (i, item) in items.iter().enumerate() {
        rig.key(KeyCode::Enter);
        let form = rig.app.form().expect("Enter opens the handoff form");
        assert_eq!((form.action, form.order.as_str()), (ActionKind::Handoff, item.order.as_str()));
        rig.tab_to(FieldId::Note).keys(&format!("note {i}: call the customer at 10"));
        rig.key(KeyCode::Enter);
        assert!(rig.app.form().is_none(), "written: {:?}", rig.app.status());
        assert!(rig.screen().contains("End of shift"), "back in the list after each handoff");
    }
    assert!(away(&rig).iter().all(|i| i.handoff.is_some()));
    assert!(rig.screen().contains("Every order has its handoff"), "{}", rig.screen());
    rig.keys("E");
    assert!(rig.app.status().is_some_and(|s| s.contains("Shift ended")), "{:?}", rig.app.status());
    assert!(rig.app.desk().shift_status("olena").unwrap().0.is_none(), "the shift is over");
    assert!(!rig.screen().contains("End of shift"));
}

#[test]
fn the_ledger_view_shows_my_lines_my_balance_and_who_took_my_handoffs() {
    let mut desk = demo_desk();
    let h = desk.write_handoff(&operator("olena"), "TEL-2012", "Invoice sent; call at 10", None).unwrap();
    desk.take_handoff(&operator("maria"), h.handoff.id, None).unwrap();
    let owes = desk.ledger(&operator("olena"), Some("olena"), None, 10).unwrap().balance.unwrap();
    let mut rig = Rig::signed_in(desk, "olena", Language::En, 120, 40);
    rig.keys("L");
    let screen = rig.screen();
    assert!(
        screen.contains("My ledger") && screen.contains(&format!("I owe: {}", owes.display())),
        "{screen}"
    );
    assert!(screen.contains("Handoffs I wrote") && screen.contains("taken by maria"), "{screen}");
    rig.key(KeyCode::Esc);
    command(&mut rig, "ledger");
    assert!(rig.screen().contains("My ledger"));
}

#[test]
fn the_first_tab_is_where_each_role_s_work_is() {
    // An operator with open orders of her own starts on them.
    assert_eq!(rig("olena").app.queue().tab, QueueTab::Mine);
    // Someone with no orders of their own starts on the new orders.
    assert_eq!(rig("nataliia").app.queue().tab, QueueTab::New);
    // The head of sales starts on the late orders.
    assert_eq!(rig("iryna").app.queue().tab, QueueTab::Late);
    // The duty operator starts on the handoffs when any wait, else on her own orders.
    assert_eq!(rig("maria").app.queue().tab, QueueTab::Mine);
    let mut desk = demo_desk();
    desk.write_handoff(&operator("olena"), "TEL-2012", "Invoice sent; call at 10", None).unwrap();
    let duty = Rig::signed_in(desk, "maria", Language::En, 120, 40);
    assert_eq!(duty.app.queue().tab, QueueTab::Handoffs);
}

#[test]
fn the_selection_stays_on_the_order_just_taken_into_work() {
    let mut rig = Rig::signed_in(demo_desk(), "ivan", Language::En, 120, 40);
    while rig.app.queue().tab != QueueTab::New {
        rig.keys("]");
    }
    rig.key(KeyCode::Down);
    let order = rig.app.queue().selected_row().unwrap().id.clone();
    rig.keys("t").key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    assert_eq!(rig.app.queue().selected_row().map(|r| r.id.clone()), Some(order));
}

#[test]
fn e1_the_handoff_form_says_the_note_is_needed_before_it_is_sent() {
    let mut rig = rig("olena");
    rig.select("SITE-1046");
    rig.keys("h");
    let form = rig.app.form().expect("h opens the handoff form");
    assert!(matches!(&form.check, Check::Invalid(why) if why.contains("note")), "{:?}", form.check);
    assert!(!rig.screen().contains("Allowed."), "an empty note is not allowed:\n{}", rig.screen());
    rig.tab_to(FieldId::Note).keys("call at 10 about the payment");
    assert!(matches!(rig.app.form().unwrap().check, Check::Ready(_)));
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("Handoff #")), "{:?}", rig.app.status());
}

#[test]
fn the_second_script_is_one_key_away_and_the_footer_names_it() {
    let mut rig = rig("olena");
    let ids: Vec<String> = rig.app.queue().rows.iter().map(|r| r.id.clone()).collect();
    let olena = operator("olena");
    let order = ids
        .into_iter()
        .find(|id| rig.app.desk().scripts(&olena, id, None).is_ok_and(|s| s.len() > 1))
        .expect("one of Olena's orders has more than one script");
    rig.select(&order);
    rig.keys("3"); // the script pane: its footer names the key first
    let screen = rig.screen();
    assert!(screen.contains("v next script"), "{screen}");
    assert!(screen.contains("1/"), "{screen}");
    rig.keys("1v"); // from any pane
    assert!(rig.screen().contains("2/"), "v shows the second script:\n{}", rig.screen());
}

/// The demo shop in a file, so a second desk can work on it beside the workstation.
fn demo_file(path: &std::path::Path, at: &str) -> opdesk::desk::Desk {
    let mut desk = common::tui::desk_at(opdesk::store::Store::open(path).unwrap(), at);
    common::tui::load(&mut desk, "demo/shop.json", opdesk::session::DEMO_SHOP);
    desk
}

#[test]
fn b13_a_callback_that_falls_due_shows_in_the_header_and_at_the_top_of_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut desk = demo_file(&path, common::NOW);
    let mut draft = opdesk::domain::Draft::new(ActionKind::Callback);
    draft.at = Some(chrono::DateTime::parse_from_rfc3339("2026-11-23T15:00:00+02:00").unwrap());
    draft.note = "call about the delivery day".into();
    desk.perform(&operator("olena"), "SITE-1046", draft, None).unwrap();
    let before = Rig::signed_in(desk, "olena", Language::En, 120, 40);
    assert_eq!(before.app.alerts().callbacks_due, 0, "not due yet at 14:30");
    drop(before);
    let later = common::tui::desk_at(opdesk::store::Store::open(&path).unwrap(), "2026-11-23T15:10:00+02:00");
    let mut rig = Rig::signed_in(later, "olena", Language::En, 120, 40);
    assert_eq!(rig.app.alerts().callbacks_due, 1);
    let screen = rig.screen();
    assert!(screen.lines().next().unwrap().contains("call back 1"), "{screen}");
    assert!(screen.contains("Call back now: SITE-1046"), "and at the top of the queue:\n{screen}");
}

#[test]
fn e2_the_bell_rings_once_when_a_handoff_arrives_for_the_duty_operator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(demo_file(&path, common::NOW));
    let open = || common::tui::desk_at(opdesk::store::Store::open(&path).unwrap(), common::NOW);
    let mut duty = Rig::signed_in(open(), "maria", Language::En, 120, 40);
    let mut olena = Rig::signed_in(open(), "olena", Language::En, 120, 40);
    assert!(!duty.app.take_ring(), "nothing arrived yet");
    olena.app.desk_mut().write_handoff(&operator("olena"), "TEL-2012", "call at 10", None).unwrap();
    olena.app.on_tick().unwrap();
    duty.app.on_tick().unwrap();
    assert!(duty.app.take_ring(), "the handoff rings the duty operator's bell");
    assert!(!duty.app.take_ring(), "once");
    assert!(!olena.app.take_ring(), "the author is not on duty");
    assert!(duty.screen().lines().next().unwrap().contains("handoffs 1"), "{}", duty.screen());
}
