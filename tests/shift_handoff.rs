//! The shift change through the command line (E1–E3): shift end refused while open work has no
//! note, the handoff round trip from the author to the duty operator and back, who may take,
//! a double take, late handoffs for the supervisor, nothing left without an owner.

mod common;

use common::{Bench, stderr_of};
use serde_json::Value;

/// Olena's orders: an unpaid invoice (needs someone), an order with a callback to promise, an
/// order in work that can wait; a new order nobody holds; a SuperVip customer's order.
const SHOP: &str = r#"{
 "products": [{"sku": "LMP-1", "name": "Лампа", "category": "lamps", "stock": 50, "price": 100000}],
 "customers": [
  {"id": "C-1", "name": "Олена Коваль", "phone": "+380501112233", "language": "uk", "class": "regular"},
  {"id": "C-9", "name": "Андрій Гнатюк", "phone": "+380509998877", "language": "uk", "class": "supervip", "designated": "andriy"}],
 "orders": [
  {"id": "H-INV", "created_at": "2026-11-22T10:00:00+02:00", "source": "email", "customer": "C-1", "status": "awaiting_payment", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0}, "payment": "invoice"},
  {"id": "H-CALL", "created_at": "2026-11-23T12:00:00+02:00", "source": "phone", "customer": "C-1", "status": "in_work", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0}, "payment": "cash_on_delivery"},
  {"id": "H-CALM", "created_at": "2026-11-23T12:00:00+02:00", "source": "site", "customer": "C-1", "status": "in_work", "owner": "olena",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0}, "payment": "cash_on_delivery"},
  {"id": "H-NEW", "created_at": "2026-11-23T13:00:00+02:00", "source": "email", "customer": "C-1",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0}, "payment": "cash_on_delivery"},
  {"id": "H-VIP", "created_at": "2026-11-23T12:00:00+02:00", "source": "phone", "customer": "C-9", "status": "in_work", "owner": "andriy",
   "items": [{"sku": "LMP-1", "qty": 1, "price": 100000}], "delivery": {"method": "courier", "address": "Київ", "cost": 0}, "payment": "card"}
 ]}"#;

fn shop() -> Bench {
    let bench = Bench::new();
    let file = bench.file("shop.json", SHOP);
    bench.opdesk().arg("import").arg(&file).assert().success();
    bench
        .opdesk()
        .args(["--as", "olena", "act", "H-CALL", "callback", "--at", "2026-11-24T10:00:00+02:00"])
        .args(["--note", "call with the delivery date"])
        .assert()
        .success();
    bench
}

fn run(bench: &Bench, args: &[&str]) -> std::process::Output {
    bench.opdesk().args(args).output().expect("run")
}

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr_of(out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn write(bench: &Bench, who: &str, order: &str, note: &str) -> i64 {
    let out = run(bench, &["--as", who, "handoff", "write", order, "--note", note, "--json"]);
    json(&out)["id"].as_i64().expect("handoff id")
}

fn owner_of(bench: &Bench, order: &str) -> Value {
    bench.show_json(order)["order"]["owner"].clone()
}

#[test]
fn e1_shift_end_is_refused_while_open_work_has_no_note_and_allowed_after_notes() {
    let bench = shop();
    run(&bench, &["--as", "olena", "shift", "start"]);
    let out = run(&bench, &["--as", "olena", "shift", "end"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("H-INV") && text.contains("unpaid_invoice"), "{text}");
    assert!(text.contains("H-CALL") && text.contains("callback"), "{text}");
    assert!(!text.contains("H-CALM"), "an order that can wait is not listed: {text}");

    write(&bench, "olena", "H-INV", "Invoice sent; the director decides on day 7 if unpaid");
    let out = run(&bench, &["--as", "olena", "shift", "end", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let refusal = json_any(&out);
    let missing: Vec<&str> = refusal["refusal"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["order"].as_str())
        .collect();
    assert_eq!(missing, ["H-CALL"], "only the order still without a note: {refusal}");

    write(&bench, "olena", "H-CALL", "Promised a call at 10 with the delivery date");
    let out = run(&bench, &["--as", "olena", "shift", "end"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("shift ended"));
}

/// JSON on stdout whatever the exit code.
fn json_any(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn e1_only_a_supervisor_overrides_shift_end_and_the_reason_is_audited() {
    let bench = shop();
    run(&bench, &["--as", "olena", "shift", "start"]);
    let out = run(&bench, &["--as", "olena", "shift", "end", "--override", "I am tired"]);
    assert_eq!(out.status.code(), Some(3), "an operator may not override");
    let out = run(&bench, &["--as", "ivan", "shift", "end", "--operator", "olena"]);
    assert_eq!(out.status.code(), Some(3), "nor end a colleague's shift");

    let out =
        run(&bench, &["--as", "iryna", "shift", "end", "--operator", "olena", "--override", "sent home ill"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let audit = json(&run(&bench, &["--as", "iryna", "audit", "--json"]));
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "shift-end" && e["outcome"] == "overridden")
        .expect("the override is audited");
    assert_eq!(entry["actor"], "iryna");
    assert_eq!(entry["detail"]["override"], "sent home ill");
    let left: Vec<&str> = entry["detail"]["left_without_note"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["order"].as_str())
        .collect();
    assert!(left.contains(&"H-INV") && left.contains(&"H-CALL"), "{entry}");
    let refused =
        audit.as_array().unwrap().iter().filter(|e| e["action"] == "shift-end" && e["outcome"] == "refused");
    assert_eq!(refused.count(), 2, "the refused attempts are audited too");
}

#[test]
fn e1_shift_end_without_a_shift_and_a_second_start_are_bad_input() {
    let bench = shop();
    assert_eq!(run(&bench, &["--as", "olena", "shift", "end"]).status.code(), Some(2));
    assert!(run(&bench, &["--as", "olena", "shift", "start"]).status.success());
    assert_eq!(run(&bench, &["--as", "olena", "shift", "start"]).status.code(), Some(2));
}

#[test]
fn e1_an_empty_handoff_note_is_refused() {
    let bench = shop();
    for note in ["", "   "] {
        let out = run(&bench, &["--as", "olena", "handoff", "write", "H-INV", "--note", note]);
        assert_eq!(out.status.code(), Some(2), "{note:?}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains("needs --note"), "{}", stderr_of(&out));
    }
    assert_eq!(json(&run(&bench, &["handoff", "list", "--all", "--json"])), Value::Array(vec![]));
}

#[test]
fn e1_a_colleagues_order_is_handed_off_by_its_owner() {
    let bench = shop();
    let out = run(&bench, &["--as", "ivan", "handoff", "write", "H-INV", "--note", "I guess she promised"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E1"));
}

#[test]
fn e2_duty_takes_a_handoff_into_work_and_the_author_sees_it_was_taken() {
    let bench = shop();
    let id = write(&bench, "olena", "H-CALL", "Promised a call at 10 with the delivery date");

    let inbox = json(&run(&bench, &["--as", "maria", "handoff", "list", "--json"]));
    let h = &inbox[0];
    assert_eq!(
        (h["id"].as_i64(), h["order"].as_str(), h["from"].as_str()),
        (Some(id), Some("H-CALL"), Some("olena"))
    );
    assert_eq!(h["note"], "Promised a call at 10 with the delivery date");
    assert!(h["taken_by"].is_null() && h["created_at"].is_string(), "{h}");

    let out = run(&bench, &["--as", "maria", "handoff", "take", &id.to_string()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("taken into work"));
    assert_eq!(owner_of(&bench, "H-CALL"), "maria", "the order passes to the duty operator");

    let mine = json(&run(&bench, &["--as", "olena", "handoff", "list", "--json"]));
    let taken = mine.as_array().unwrap().iter().find(|h| h["id"] == id).expect("the author's handoff");
    assert_eq!(taken["taken_by"], "maria");
    assert!(taken["taken_at"].is_string(), "{taken}");
    let text =
        String::from_utf8_lossy(&run(&bench, &["--as", "olena", "handoff", "list"]).stdout).into_owned();
    assert!(text.contains("taken by maria"), "{text}");
    let inbox = json(&run(&bench, &["--as", "maria", "handoff", "list", "--json"]));
    assert_eq!(inbox, Value::Array(vec![]), "the inbox is empty once taken");
}

#[test]
fn e2_an_operator_who_is_not_on_duty_cannot_take_a_handoff() {
    let bench = shop();
    let id = write(&bench, "olena", "H-INV", "Invoice sent").to_string();
    let out = run(&bench, &["--as", "ivan", "handoff", "take", &id]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E2"));
    assert_eq!(owner_of(&bench, "H-INV"), "olena", "nothing changed");
}

#[test]
fn e2_a_second_take_is_a_conflict_naming_who_took_it() {
    let bench = shop();
    let id = write(&bench, "olena", "H-INV", "Invoice sent").to_string();
    assert!(run(&bench, &["--as", "maria", "handoff", "take", &id]).status.success());
    let out = run(&bench, &["--as", "maria", "handoff", "take", &id]);
    assert_eq!(out.status.code(), Some(4), "a lost race exits 4");
    assert!(stderr_of(&out).contains("already taken into work by maria"), "{}", stderr_of(&out));
}

#[test]
fn e2_an_untaken_handoff_turns_late_and_the_supervisor_sees_it() {
    let bench = shop();
    write(&bench, "olena", "H-INV", "Invoice sent; ask the director tomorrow");
    let late = "2026-11-23T17:00:00+02:00";
    let out =
        bench.opdesk().env("OPDESK_NOW", late).args(["--as", "iryna", "handoff", "list", "--json"]).output();
    let list = json(&out.expect("run"));
    assert_eq!(list[0]["late"], true, "{list}");
    let out = bench.opdesk().env("OPDESK_NOW", late).args(["--as", "iryna", "handoff", "list"]).output();
    let text = String::from_utf8_lossy(&out.expect("run").stdout).into_owned();
    assert!(text.contains("1 late") && text.contains("LATE"), "{text}");
    let overdue = json(
        &bench
            .opdesk()
            .env("OPDESK_NOW", late)
            .args(["orders", "--overdue", "--json"])
            .output()
            .expect("run"),
    );
    let row = overdue.as_array().unwrap().iter().find(|r| r["id"] == "H-INV").expect("listed as overdue");
    assert_eq!(row["due_kind"], "handoff");
}

#[test]
fn e3_unowned_orders_and_untaken_handoffs_are_listed_and_taken_into_work() {
    let bench = shop();
    let unowned = json(&run(&bench, &["orders", "--unowned", "--json"]));
    assert!(unowned.as_array().unwrap().iter().any(|r| r["id"] == "H-NEW"), "{unowned}");
    let id = write(&bench, "olena", "H-NEW", "Customer wrote by mail asking for a call; nobody claimed it");
    let text = String::from_utf8_lossy(&run(&bench, &["orders", "--unowned"]).stdout).into_owned();
    assert!(text.contains("1 handoff(s) not taken"), "{text}");
    assert!(run(&bench, &["--as", "maria", "handoff", "take", &id.to_string()]).status.success());
    let order = &bench.show_json("H-NEW")["order"];
    assert_eq!((order["owner"].as_str(), order["status"].as_str()), (Some("maria"), Some("in_work")));
}

#[test]
fn b10_a_supervip_handoff_is_not_taken_by_the_duty_operator() {
    let bench = shop();
    let id = write(&bench, "andriy", "H-VIP", "Call him at 11 about the chandelier");
    let out = run(&bench, &["--as", "maria", "handoff", "take", &id.to_string()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("B10"));
}
