//! Every deadline kind crossing its limit on a fixed clock (B1, B5, B6, B7, B19, A6/B13, E2):
//! an hour before, the order is not overdue and `orders --overdue` leaves it out; an hour after,
//! it is overdue and listed. The numbers are the defaults of `rules.toml [params]`.

mod common;

use common::{Bench, NOW};
use serde_json::Value;

/// An hour after each fixture's deadline (NOW + 2 h); each deadline falls at NOW + 1 h.
const LATER: &str = "2026-11-23T16:30:00+02:00";

/// One product, one regular customer, and an order per status deadline, each created so that
/// its deadline falls one hour after NOW (2026-11-23 14:30 +02:00).
const SHOP: &str = r#"{
 "products": [{"sku": "LMP-1", "name": "Лампа", "category": "lamps", "stock": 50, "price": 100000}],
 "customers": [{"id": "C-1", "name": "Олена Коваль", "phone": "+380501112233", "language": "uk", "class": "regular"}],
 "orders": [
  {"id": "D-NEW", "created_at": "2026-11-22T15:30:00+02:00", "source": "site", "customer": "C-1",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0},
   "payment": "cash_on_delivery"},
  {"id": "D-WORK", "created_at": "2026-11-16T15:30:00+02:00", "source": "site", "customer": "C-1", "status": "in_work", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0},
   "payment": "cash_on_delivery"},
  {"id": "D-RES", "created_at": "2026-11-18T15:30:00+02:00", "source": "site", "customer": "C-1", "status": "reserved", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0},
   "payment": "card"},
  {"id": "D-RES-INV", "created_at": "2026-11-16T15:30:00+02:00", "source": "email", "customer": "C-1", "status": "reserved", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0},
   "payment": "invoice"},
  {"id": "D-INV", "created_at": "2026-11-17T15:30:00+02:00", "source": "email", "customer": "C-1", "status": "awaiting_payment", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0},
   "payment": "invoice"},
  {"id": "D-SHIP", "created_at": "2026-11-22T15:30:00+02:00", "source": "site", "customer": "C-1", "status": "handed_to_delivery", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "post", "address": "НП 1", "cost": 0},
   "payment": "cash_on_delivery"},
  {"id": "D-CALL", "created_at": "2026-11-23T14:00:00+02:00", "source": "phone", "customer": "C-1", "status": "in_work", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0},
   "payment": "cash_on_delivery"}
 ]}"#;

fn shop() -> Bench {
    let bench = Bench::new();
    let file = bench.file("shop.json", SHOP);
    bench.opdesk().arg("import").arg(&file).assert().success();
    bench
}

/// `orders --json` (all, or only overdue) at the moment `at`.
fn orders_at(bench: &Bench, at: &str, overdue: bool) -> Vec<Value> {
    let mut cmd = bench.opdesk();
    cmd.env("OPDESK_NOW", at).args(["orders", "--json", "--limit", "1000"]);
    if overdue {
        cmd.arg("--overdue");
    }
    let out = cmd.output().expect("run");
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn row<'a>(rows: &'a [Value], id: &str) -> Option<&'a Value> {
    rows.iter().find(|r| r["id"] == id)
}

/// The order's deadline is of `kind`, not passed at NOW, passed at LATER, and `--overdue`
/// lists it only then.
fn crosses_its_limit(bench: &Bench, id: &str, kind: &str) {
    let before = orders_at(bench, NOW, false);
    let r = row(&before, id).unwrap_or_else(|| panic!("{id} in the queue"));
    assert_eq!(r["due_kind"], kind, "{id}: {r}");
    assert_eq!(r["overdue"], false, "{id} is not late an hour before its deadline: {r}");
    assert!(row(&orders_at(bench, NOW, true), id).is_none(), "{id} not listed as overdue before");

    let after = orders_at(bench, LATER, false);
    assert_eq!(row(&after, id).map(|r| r["overdue"].clone()), Some(Value::Bool(true)), "{id} late after");
    assert!(row(&orders_at(bench, LATER, true), id).is_some(), "{id} listed by orders --overdue after");
}

#[test]
fn b1_a_new_order_is_late_24_hours_after_it_arrived() {
    crosses_its_limit(&shop(), "D-NEW", "first_contact");
}

#[test]
fn b5_an_order_in_work_is_late_after_7_days() {
    crosses_its_limit(&shop(), "D-WORK", "in_work_limit");
}

#[test]
fn b6_a_reservation_expires_after_5_days_and_7_for_an_invoice() {
    let bench = shop();
    crosses_its_limit(&bench, "D-RES", "reservation_expiry");
    crosses_its_limit(&bench, "D-RES-INV", "reservation_expiry");
}

#[test]
fn b7_an_unpaid_invoice_asks_the_director_on_day_6() {
    crosses_its_limit(&shop(), "D-INV", "invoice_reminder");
}

#[test]
fn b19_a_shipped_order_is_checked_the_next_day() {
    crosses_its_limit(&shop(), "D-SHIP", "delivery_check");
}

#[test]
fn a6_a_promised_callback_is_late_once_its_time_passes() {
    let bench = shop();
    bench
        .opdesk()
        .args(["--as", "olena", "act", "D-CALL", "callback", "--at", "2026-11-23T15:30:00+02:00"])
        .args(["--note", "call after the meeting"])
        .assert()
        .success();
    crosses_its_limit(&bench, "D-CALL", "callback");
}

#[test]
fn a6_a_new_callback_replaces_the_open_one_and_a_contact_completes_it() {
    let bench = shop();
    let callback = |at: &str| {
        bench
            .opdesk()
            .args(["--as", "olena", "act", "D-CALL", "callback", "--at", at, "--note", "call"])
            .assert()
            .success();
    };
    callback("2026-11-23T15:30:00+02:00");
    callback("2026-11-24T11:00:00+02:00");
    let timers = bench.show_json("D-CALL")["timers"].as_array().cloned().unwrap_or_default();
    let calls: Vec<&Value> = timers.iter().filter(|t| t["kind"] == "callback").collect();
    assert_eq!(calls.len(), 1, "one open callback after rescheduling: {timers:?}");
    assert_eq!(calls[0]["at"], "2026-11-24T09:00:00Z");
    assert!(
        timers.iter().any(|t| t["kind"] == "in_work_limit"),
        "the status deadline is listed too: {timers:?}"
    );
    assert_eq!(
        row(&orders_at(&bench, NOW, false), "D-CALL").map(|r| r["due_kind"].clone()),
        Some("callback".into())
    );

    bench
        .opdesk()
        .args(["--as", "olena", "act", "D-CALL", "contact", "--note", "reached"])
        .assert()
        .success();
    let timers = bench.show_json("D-CALL")["timers"].as_array().cloned().unwrap_or_default();
    assert!(timers.iter().all(|t| t["kind"] != "callback"), "the callback was made: {timers:?}");
    assert_eq!(
        row(&orders_at(&bench, NOW, false), "D-CALL").map(|r| r["due_kind"].clone()),
        Some("in_work_limit".into())
    );
}

#[test]
fn e2_an_untaken_handoff_is_late_after_handoff_late_hours() {
    let bench = shop();
    bench
        .opdesk()
        .args(["--as", "olena", "handoff", "write", "D-CALL", "--note", "promised a quote by tomorrow noon"])
        .assert()
        .success();
    // Written at 14:30; with handoff_late_hours = 2 it is late at 16:30.
    let at = |t: &str| orders_at(&bench, t, false).into_iter().find(|r| r["id"] == "D-CALL").expect("D-CALL");
    let before = at("2026-11-23T16:29:00+02:00");
    assert_eq!((before["due_kind"].clone(), before["overdue"].clone()), ("handoff".into(), false.into()));
    let after = at("2026-11-23T16:31:00+02:00");
    assert_eq!(after["overdue"], true);
    assert!(row(&orders_at(&bench, "2026-11-23T16:31:00+02:00", true), "D-CALL").is_some());
}

#[test]
fn e1_a_handoffs_next_step_is_the_deadline_until_the_customer_is_reached() {
    let bench = shop();
    bench
        .opdesk()
        .args(["--as", "olena", "handoff", "write", "D-CALL", "--note", "call at 15:30 about delivery"])
        .args(["--next-at", "2026-11-23T15:30:00+02:00"])
        .assert()
        .success();
    bench.opdesk().args(["--as", "maria", "handoff", "take", "1"]).assert().success();
    // Taken, so only the promised next step binds: due at 15:30, late after.
    crosses_its_limit(&bench, "D-CALL", "handoff");
    bench.opdesk().args(["--as", "maria", "act", "D-CALL", "contact", "--note", "called"]).assert().success();
    let r = orders_at(&bench, LATER, false).into_iter().find(|r| r["id"] == "D-CALL").expect("D-CALL");
    assert_eq!((r["due_kind"].clone(), r["overdue"].clone()), ("in_work_limit".into(), false.into()), "{r}");
}
