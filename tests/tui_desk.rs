//! The workstation on ratatui's `TestBackend`: snapshots of every pane and of the whole desk at
//! 80×24 and 160×48, and flows driven key by key through the app's update — on the demo shop
//! with the clock fixed at 2026-11-23 14:30 +02:00.

mod common;

use common::tui::{Rig, demo_desk, desk_on, load, operator};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use opdesk::domain::Language;
use opdesk::session::DEMO_SHOP;
use opdesk::store::Store;
use opdesk::tui::layout::PaneId;
use opdesk::tui::panes::form::FieldId;
use opdesk::tui::panes::queue::QueueTab;

// ----- snapshots -----

#[test]
fn desk_80x24() {
    insta::assert_snapshot!(Rig::new(80, 24).screen());
}

#[test]
fn desk_160x48() {
    insta::assert_snapshot!(Rig::new(160, 48).keys("jjj").screen());
}

#[test]
fn desk_80x24_in_ukrainian() {
    insta::assert_snapshot!(Rig::with(demo_desk(), Language::Uk, 80, 24).screen());
}

#[test]
fn pane_customer_80x24() {
    insta::assert_snapshot!(Rig::new(80, 24).keys("jjj2").screen());
}

#[test]
fn pane_script_80x24() {
    insta::assert_snapshot!(Rig::new(80, 24).keys("3").screen());
}

#[test]
fn pane_checklist_80x24() {
    insta::assert_snapshot!(Rig::new(80, 24).keys("4").screen());
}

#[test]
fn cancel_form_80x24() {
    let mut rig = Rig::new(80, 24);
    // Out of stock: two analogs ticked from the list, the cursor on the third.
    rig.keys("x").key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Tab);
    rig.keys(" ").key(KeyCode::Down).keys(" ").key(KeyCode::Down);
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn cancel_form_160x48() {
    let mut rig = Rig::new(160, 48);
    // Out of stock with one analog ticked, and the product wish's picture being typed (A7):
    // the wish lists the missing product's characteristics from the catalogue.
    rig.select("SITE-1061").keys("x").key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Tab).keys(" ");
    rig.tab_to(FieldId::Note).key(KeyCode::Up).keys("https://example.com/spt.jpg");
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn help_overlay_160x48() {
    insta::assert_snapshot!(Rig::new(160, 48).keys("?").screen());
}

#[test]
fn palette_80x24() {
    insta::assert_snapshot!(Rig::new(80, 24).keys(":c").screen());
}

// ----- flows -----

#[test]
fn a_tiny_terminal_says_so() {
    let mut rig = Rig::new(80, 24);
    rig.resize(50, 12);
    let screen = rig.screen();
    assert!(screen.contains("Terminal too small: need 60×16, have 50×12"), "{screen}");
    rig.resize(80, 24);
    assert!(rig.screen().contains("Orders"));
}

#[test]
fn every_size_draws_without_panicking() {
    let mut rig = Rig::new(80, 24);
    for (w, h) in [(1, 1), (20, 5), (60, 16), (61, 17), (119, 29), (120, 30), (200, 60), (80, 24)] {
        rig.resize(w, h);
        rig.screen();
    }
}

#[test]
fn tabs_switch_and_count() {
    let mut rig = Rig::new(80, 24);
    assert_eq!(rig.app.queue().tab, QueueTab::Mine);
    rig.key(KeyCode::Right);
    assert_eq!(rig.app.queue().tab, QueueTab::New);
    assert_eq!(rig.app.queue().total as u64, rig.app.queue().counts[1].known());
    rig.keys("]]");
    assert_eq!(rig.app.queue().tab, QueueTab::Late);
    assert!(rig.screen().contains("late"));
    rig.key(KeyCode::Left);
    assert_eq!(rig.app.queue().tab, QueueTab::All);
    assert_eq!(rig.app.queue().total, 154);
}

#[test]
fn selection_moves_with_arrows_and_vi_keys() {
    let mut rig = Rig::new(80, 24);
    rig.keys("jj");
    assert_eq!(rig.app.queue().pos.selected, 2);
    rig.key(KeyCode::Up);
    assert_eq!(rig.app.queue().pos.selected, 1);
    rig.keys("G");
    assert_eq!(rig.app.queue().pos.selected, rig.app.queue().total - 1);
    rig.keys("g");
    assert_eq!(rig.app.queue().pos.selected, 0);
    rig.key(KeyCode::PageDown);
    assert!(rig.app.queue().pos.selected > 5);
}

#[test]
fn a_burst_of_keys_reads_the_queue_as_the_keys_one_by_one_do() {
    let ev = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let down = Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    let mut one_by_one = Rig::new(80, 24);
    one_by_one.key(KeyCode::Right).key(KeyCode::Right).keys("/SITE-10").key(KeyCode::Down).key(KeyCode::Down);
    let mut burst = Rig::new(80, 24);
    burst.key(KeyCode::Right).key(KeyCode::Right);
    let events: Vec<Event> = "/SITE-10".chars().map(ev).chain([down.clone(), down]).collect();
    burst.app.batch(events).unwrap();
    let (a, b) = (one_by_one.app.queue(), burst.app.queue());
    assert_eq!((a.filter.as_str(), a.total, a.pos.selected), (b.filter.as_str(), b.total, b.pos.selected));
    assert_eq!(one_by_one.screen(), burst.screen());
    // Esc clears the filter, then a new one is typed: the queue is read for the final text.
    let esc = Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    burst.app.batch(std::iter::once(esc).chain("/SITE-1008".chars().map(ev))).unwrap();
    assert_eq!(burst.app.queue().filter, "SITE-1008");
    assert_eq!(burst.app.queue().total, 1);
}

#[test]
fn typing_a_filter_narrows_the_queue_and_esc_puts_it_back() {
    let mut rig = Rig::new(80, 24);
    rig.key(KeyCode::Right).key(KeyCode::Right); // All
    let all = rig.app.queue().total;
    rig.keys("/SITE-10");
    let narrowed = rig.app.queue().total;
    assert!(narrowed < all && narrowed > 0, "{narrowed} of {all}");
    rig.keys("8");
    assert!(rig.app.queue().total < narrowed);
    rig.key(KeyCode::Esc);
    assert_eq!(rig.app.queue().filter, "");
    assert_eq!(rig.app.queue().total, all);
    // By customer name in Cyrillic, and kept with Enter.
    rig.keys("/Бондар").key(KeyCode::Enter);
    assert!(rig.app.queue().total > 0 && rig.app.queue().total < all);
    assert!(rig.screen().contains("Бондар"));
    assert!(!rig.app.queue().is_editing());
}

#[test]
fn help_opens_and_closes() {
    let mut rig = Rig::new(80, 24);
    rig.keys("?");
    assert!(rig.app.help_open());
    assert!(rig.screen().contains("show this help"));
    rig.key(KeyCode::Esc);
    assert!(!rig.app.help_open());
    rig.key(KeyCode::F(1));
    assert!(rig.app.help_open());
    rig.keys("q");
    assert!(!rig.app.help_open() && !rig.app.quit, "q closes the help, it does not quit");
}

#[test]
fn the_palette_completes_and_runs() {
    let mut rig = Rig::new(80, 24);
    rig.keys(":la").key(KeyCode::Tab);
    assert_eq!(rig.app.palette_text().as_deref(), Some("lang "));
    rig.keys("u").key(KeyCode::Tab);
    assert_eq!(rig.app.palette_text().as_deref(), Some("lang uk"));
    rig.key(KeyCode::Enter);
    assert_eq!(rig.app.lang(), Language::Uk);
    assert!(rig.screen().contains("Замовлення"));
    rig.keys(":tab late").key(KeyCode::Enter);
    assert_eq!(rig.app.queue().tab, QueueTab::Late);
    rig.keys(":fly").key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("fly")), "an unknown command is named");
}

#[test]
fn esc_leaves_the_screen_as_it_was() {
    let mut rig = Rig::new(80, 24);
    let before = rig.screen();
    rig.key(KeyCode::Esc);
    assert_eq!(rig.screen(), before);
    rig.keys(":tab").key(KeyCode::Esc);
    assert_eq!(rig.screen(), before);
    rig.keys("/xyz").key(KeyCode::Esc);
    assert_eq!(rig.screen(), before);
    rig.keys("?").key(KeyCode::Esc);
    assert_eq!(rig.screen(), before);
    rig.keys("c").key(KeyCode::Esc);
    assert_eq!(rig.screen(), before, "an untouched form closes without a question");
}

#[test]
fn panes_switch_with_tab_and_numbers() {
    let mut rig = Rig::new(80, 24);
    assert_eq!(rig.app.focus(), PaneId::Queue);
    rig.key(KeyCode::Tab);
    assert_eq!(rig.app.focus(), PaneId::Customer);
    rig.key(KeyCode::BackTab);
    assert_eq!(rig.app.focus(), PaneId::Queue);
    rig.keys("4");
    assert_eq!(rig.app.focus(), PaneId::Checklist);
    rig.keys("1").key(KeyCode::Enter);
    assert_eq!(rig.app.focus(), PaneId::Customer, "Enter opens the order");
}

#[test]
fn cancelling_asks_first_and_no_keeps_the_form() {
    let mut rig = Rig::new(80, 24);
    rig.keys("x").key(KeyCode::Right).key(KeyCode::Enter);
    assert!(rig.app.confirming(), "a cancellation asks before anything happens");
    rig.keys("n");
    assert!(!rig.app.confirming());
    assert!(rig.app.form().is_some(), "saying no keeps what was typed");
    rig.key(KeyCode::Enter).keys("y");
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    assert!(rig.app.form().is_none(), "a performed action closes its form");
}

#[test]
fn claim_takes_a_new_order_into_work_through_the_checklist() {
    let mut rig = Rig::new(160, 48);
    rig.keys("]"); // the New tab
    rig.select("SITE-1081");
    rig.keys("t");
    assert!(rig.app.form().is_some(), "taking an order shows its checklist first");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    assert_eq!(rig.status_of("SITE-1081"), ("in_work".into(), Some("olena".into())));
}

#[test]
fn a4_cancel_is_refused_then_allowed_as_the_form_is_completed() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1061");
    // Out of stock, nothing else yet: submitting is refused with the reason, nothing asked.
    rig.keys("x").key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Enter);
    assert!(!rig.app.confirming());
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("A4") && status.contains("5 analogs"), "{status}");
    assert_eq!(rig.status_of("SITE-1061").0, "in_work");
    // Five analogs in stock, a photo and a call record, a note: allowed, asked, done.
    // The analogs are ticked from the list of what is in stock, most stock first.
    rig.tab_to(FieldId::Analog(0));
    for _ in 0..5 {
        rig.keys(" ").key(KeyCode::Down);
    }
    assert_eq!(rig.app.form().unwrap().draft().unwrap().analogs.len(), 5);
    rig.tab_to(FieldId::Evidence).keys("photo=IMG_1.jpg, call_record=CALL-7");
    rig.tab_to(FieldId::Note).keys("offered five analogs, customer declined all");
    let screen = rig.screen();
    assert!(screen.contains("Allowed."), "the checklist turned green:\n{screen}");
    rig.key(KeyCode::Enter);
    assert!(rig.app.confirming(), "a cancellation asks before it happens");
    rig.keys("y");
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
    assert_eq!(rig.status_of("SITE-1061").0, "cancelled");
}

#[test]
fn esc_on_a_filled_form_changes_nothing_in_the_store() {
    let mut rig = Rig::new(80, 24);
    rig.select("SITE-1080");
    let before = rig.app.desk().show("SITE-1080").unwrap().order.order;
    rig.keys("x").key(KeyCode::Right).key(KeyCode::Tab).keys("photo=IMG_1.jpg");
    rig.key(KeyCode::Esc);
    assert!(rig.app.confirming(), "a filled form asks before it is thrown away");
    rig.keys("y");
    assert!(rig.app.form().is_none());
    let after = rig.app.desk().show("SITE-1080").unwrap().order.order;
    assert_eq!((after.status, after.version), (before.status, before.version));
    assert!(rig.trail(Some("SITE-1080"), 10).is_empty());
}

#[test]
fn a_stale_form_is_refused_keeps_what_was_typed_and_shows_the_new_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut desk = desk_on(Store::open(&path).unwrap());
    load(&mut desk, "demo/shop.json", DEMO_SHOP);
    let mut rig = Rig::with(desk, Language::En, 160, 48);
    rig.select("SITE-1080");
    rig.keys("m").keys("customer asked about delivery");
    // Another operator's desk (another connection to the same file) comments meanwhile.
    let mut other = desk_on(Store::open(&path).unwrap());
    let mut draft = opdesk::domain::Draft::new(opdesk::domain::ActionKind::Complaint);
    draft.note = "called about a scratch".into();
    other.perform(&operator("olena"), "SITE-1080", draft, None).unwrap();
    rig.key(KeyCode::Enter);
    assert!(
        rig.app.status().is_some_and(|s| s.contains("changed by someone else")),
        "{:?}",
        rig.app.status()
    );
    assert!(rig.app.form().is_some_and(|f| f.draft().unwrap().note == "customer asked about delivery"));
    // A deliberate second submit goes against the state now on screen.
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("done")), "{:?}", rig.app.status());
}

#[test]
fn quitting_with_a_filled_form_asks() {
    let mut rig = Rig::new(80, 24);
    rig.keys("m").keys("called, no answer");
    rig.app.handle(Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))).unwrap();
    assert!(rig.app.confirming() && !rig.app.quit);
    rig.keys("y");
    assert!(rig.app.quit);
    let mut rig = Rig::new(80, 24);
    rig.keys("q");
    assert!(rig.app.quit, "q quits at once when nothing is open");
}

#[test]
fn the_customer_pane_warns_about_a_colleagues_order() {
    let mut rig = Rig::new(160, 48);
    rig.keys("/SITE-1008").key(KeyCode::Enter);
    let screen = rig.screen();
    assert!(screen.contains("is in work with ivan"), "{screen}");
}

#[test]
fn a_click_selects_a_row_and_focuses_a_pane() {
    let mut rig = Rig::new(160, 48);
    let click = common::tui::left_click;
    // Header line, pane border, table header: the fourth order is on screen line 6.
    rig.app.handle(click(20, 6)).unwrap();
    assert_eq!(rig.app.queue().pos.selected, 3);
    rig.app.handle(click(120, 30)).unwrap();
    assert_eq!(rig.app.focus(), PaneId::Script);
}

#[test]
fn a_long_queue_is_read_in_windows() {
    let mut desk = demo_desk();
    let orders: Vec<String> = (0..700)
        .map(|i| {
            format!(
                r#"{{"id":"GEN-{i:04}","created_at":"2026-11-2{}T10:00:00+02:00","source":"site","customer":"C-001",
                "items":[{{"sku":"FWB-1002","qty":1,"price":89900}}],"delivery":{{"method":"post","address":"x","cost":0}},
                "payment":"card","magic_word":null,"comment":""}}"#,
                i % 3
            )
        })
        .collect();
    load(&mut desk, "gen.json", &format!("{{\"orders\":[{}]}}", orders.join(",")));
    let mut rig = Rig::with(desk, Language::En, 80, 24);
    rig.key(KeyCode::Right).key(KeyCode::Right);
    assert_eq!(rig.app.queue().total, 854);
    assert!(rig.app.queue().rows.len() <= 200);
    rig.keys("G");
    let q = rig.app.queue();
    assert_eq!(q.pos.selected, 853);
    assert!(q.offset > 0 && q.rows.len() <= 200, "offset {} rows {}", q.offset, q.rows.len());
    assert!(q.selected_row().is_some());
    assert!(rig.screen().contains("854/854"));
    rig.keys("g");
    assert_eq!(rig.app.queue().offset, 0);
}

/// A feed of one site order of C-001: `qty` × `sku` at `price` (kopecks), paid by card.
fn one_order(id: &str, created_at: &str, sku: &str, qty: u32, price: i64) -> String {
    format!(
        r#"{{"orders":[{{"id":"{id}","created_at":"{created_at}","source":"site","customer":"C-001",
            "items":[{{"sku":"{sku}","qty":{qty},"price":{price}}}],"delivery":{{"method":"post","address":"x","cost":0}},
            "payment":"card","magic_word":null,"comment":""}}]}}"#
    )
}

#[test]
fn a_large_amount_is_shown_whole_in_the_queue_at_80x24() {
    let mut desk = demo_desk();
    // 43 batteries at ₴2 899.50: ₴124 678.50, wider than the column the demo's totals need.
    load(&mut desk, "big.json", &one_order("SITE-9001", "2026-11-23T09:00:00+02:00", "FWB-1001", 43, 289950));
    let mut rig = Rig::with(desk, Language::En, 80, 24);
    rig.key(KeyCode::Right).key(KeyCode::Right).select("SITE-9001");
    let screen = rig.screen();
    assert!(screen.contains("₴124 678.50"), "the whole amount:\n{screen}");
}

#[test]
fn another_desks_write_shows_on_the_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opdesk.db");
    let mut writer = desk_on(Store::open(&path).unwrap());
    load(&mut writer, "demo/shop.json", DEMO_SHOP);
    let mut rig = Rig::with(desk_on(Store::open(&path).unwrap()), Language::En, 80, 24);
    let before = rig.app.queue().counts[1];
    load(
        &mut writer,
        "more.json",
        &one_order("SITE-9999", "2026-11-23T14:00:00+02:00", "FWB-1002", 1, 89900),
    );
    rig.app.on_tick().unwrap();
    assert_eq!(
        rig.app.queue().counts[1].known(),
        before.known() + 1,
        "the new order is counted without a key press"
    );
}

#[test]
fn the_palette_greys_refused_actions_with_the_reason() {
    let mut rig = Rig::new(160, 48);
    rig.keys("]]"); // the All tab
    rig.select("SITE-1078");
    rig.keys(":");
    let screen = rig.screen();
    assert!(screen.contains("claim — SITE-1078 is already taken into work by ivan"), "{screen}");
    assert!(screen.contains("confirm — B8"), "{screen}");
}

#[test]
fn taking_an_order_someone_else_took_says_who_without_opening_a_form() {
    let mut rig = Rig::new(80, 24);
    rig.keys("]]");
    rig.select("SITE-1078");
    rig.keys("t");
    assert!(rig.app.form().is_none(), "no form that could not be sent");
    let screen = rig.screen();
    assert!(screen.contains("SITE-1078 is already taken into work by ivan"), "{screen}");
    assert!(!screen.contains("Fix the form"), "{screen}");
}

#[test]
fn why_explains_the_refusal_rule_by_rule() {
    let mut rig = Rig::new(160, 48);
    rig.keys("]]");
    rig.select("SITE-1078");
    rig.keys("w");
    let screen = rig.screen();
    // B10: a SuperVip customer's order, not the designated operator; the override roles named.
    assert!(screen.contains("Why? · SITE-1078") && screen.contains("B10"), "{screen}");
    assert!(
        screen.contains("designated: andriy") && screen.contains("may be overridden by: supervisor"),
        "{screen}"
    );
    rig.key(KeyCode::Esc);
    assert!(!rig.screen().contains("Why? ·"));
    // Inside a form F2 asks (w is text there): the form's own verdict.
    rig.keys("x");
    rig.key(KeyCode::F(2));
    let screen = rig.screen();
    assert!(screen.contains("Why? · SITE-1078") && screen.contains("B4"), "{screen}");
}

#[test]
fn e1_a_handoff_is_written_from_the_desk_with_its_next_step() {
    let mut rig = Rig::new(160, 48);
    rig.select("SITE-1080");
    rig.keys("h").keys("Promised a call about the delivery; confirm the amount");
    rig.key(KeyCode::Tab).keys("2026-11-24 10:00");
    assert!(rig.screen().contains("Allowed."), "the owner may write the handoff (E1)");
    rig.key(KeyCode::Enter);
    assert!(
        rig.app.status().is_some_and(|s| s.contains("waits in the duty inbox")),
        "{:?}",
        rig.app.status()
    );
    let inbox = rig.app.desk().handoff_inbox(10).unwrap();
    let h = inbox.iter().find(|h| h.handoff.order_id == "SITE-1080").expect("in the duty inbox");
    assert_eq!(h.handoff.next_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-11-24T08:00:00+00:00"));
    // A time that is not a time is named, and nothing is written.
    rig.keys("h").keys("note").key(KeyCode::Tab).keys("tomorrow");
    rig.key(KeyCode::Enter);
    assert!(rig.app.status().is_some_and(|s| s.contains("YYYY-MM-DD HH:MM")), "{:?}", rig.app.status());
}
