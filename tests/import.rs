//! The incoming-orders feed through the command line: every bad-input class is refused with
//! exit code 2, a message naming file, record and field, and nothing of the file stored.

mod common;

use common::{Bench, stderr_of};
use serde_json::{Value, json};

const SMALL_SHOP: &str = include_str!("fixtures/small_shop.json");

fn small_shop() -> Value {
    serde_json::from_str(SMALL_SHOP).unwrap()
}

/// Imports `feed` into a fresh store; asserts it is refused with exit 2, that stderr names the
/// file and every `expect` fragment, and that nothing of it was stored.
fn refused(name: &str, feed: &str, expect: &[&str]) {
    let bench = Bench::new();
    bench.opdesk().arg("init").assert().success();
    let path = bench.file(name, feed);
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "exit code for {name}: {err}");
    assert!(err.contains(name), "names the file: {err}");
    for fragment in expect {
        assert!(err.contains(fragment), "expected {fragment:?} in: {err}");
    }
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "no panic: {err}");
    assert!(bench.orders_json(&[]).is_empty(), "nothing of a refused file is stored");
}

fn mutated(edit: impl FnOnce(&mut Value)) -> String {
    let mut shop = small_shop();
    edit(&mut shop);
    serde_json::to_string_pretty(&shop).unwrap()
}

#[test]
fn a_good_feed_loads_products_customers_and_orders() {
    let bench = Bench::new();
    let path = bench.file("shop.json", SMALL_SHOP);
    bench
        .opdesk()
        .arg("import")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains("2 products, 2 customers, 2 orders"));
    let orders = bench.orders_json(&[]);
    assert_eq!(orders.len(), 2);
}

#[test]
fn malformed_json_is_refused_with_its_line() {
    refused("broken.json", "{\"products\": [\n  {\"sku\": \"A\",\n  oops\n]}", &["line 3"]);
}

#[test]
fn an_unknown_sku_is_refused() {
    let feed = mutated(|s| s["orders"][0]["items"][0]["sku"] = json!("NOPE-1"));
    refused("unknown_sku.json", &feed, &["orders[0]", "items[0].sku", "NOPE-1"]);
}

#[test]
fn an_unknown_customer_is_refused() {
    let feed = mutated(|s| s["orders"][1]["customer"] = json!("C-999"));
    refused("unknown_customer.json", &feed, &["orders[1]", "customer", "C-999"]);
}

#[test]
fn a_zero_quantity_is_refused() {
    let feed = mutated(|s| s["orders"][0]["items"][0]["qty"] = json!(0));
    refused("zero_qty.json", &feed, &["orders[0]", "items[0].qty", "at least 1"]);
}

#[test]
fn a_negative_quantity_is_refused() {
    let feed = mutated(|s| s["orders"][0]["items"][0]["qty"] = json!(-2));
    refused("negative_qty.json", &feed, &["orders[0]", "items[0].qty"]);
}

#[test]
fn a_negative_price_is_refused() {
    let feed = mutated(|s| s["products"][1]["price"] = json!(-100));
    refused("negative_price.json", &feed, &["products[1]", "price", "negative"]);
    let feed = mutated(|s| s["orders"][0]["items"][0]["price"] = json!(-1));
    refused("negative_item_price.json", &feed, &["orders[0]", "items[0].price", "negative"]);
}

#[test]
fn an_unparsable_date_is_refused() {
    let feed = mutated(|s| s["orders"][0]["created_at"] = json!("22.11.2026 09:15"));
    refused("bad_date.json", &feed, &["orders[0]", "created_at", "RFC 3339"]);
    let feed = mutated(|s| s["customers"][0]["events"][0]["date"] = json!("2026-13-45"));
    refused("bad_event_date.json", &feed, &["customers[0]", "events[0].date"]);
}

#[test]
fn a_duplicate_id_within_the_file_is_refused() {
    let feed = mutated(|s| {
        let first = s["orders"][0].clone();
        s["orders"].as_array_mut().unwrap().push(first);
    });
    refused("duplicate.json", &feed, &["orders[2]", "duplicate order id", "SITE-1001"]);
}

#[test]
fn an_unknown_enum_value_is_refused_with_the_accepted_ones() {
    let feed = mutated(|s| s["orders"][1]["status"] = json!("shipped"));
    refused("bad_status.json", &feed, &["orders[1]", "status", "shipped", "in_work"]);
    let feed = mutated(|s| s["customers"][0]["class"] = json!("gold"));
    refused("bad_class.json", &feed, &["customers[0]", "class", "gold", "supervip"]);
}

#[test]
fn an_unknown_field_is_refused() {
    let feed = mutated(|s| s["products"][0]["colour"] = json!("red"));
    refused("unknown_field.json", &feed, &["products[0]", "colour"]);
}

#[test]
fn an_unknown_owner_login_is_refused() {
    let feed = mutated(|s| s["orders"][1]["owner"] = json!("vasyl"));
    refused("bad_owner.json", &feed, &["orders[1]", "owner", "vasyl"]);
}

#[test]
fn a_bad_record_late_in_the_file_leaves_nothing_of_the_file() {
    // Products and customers are valid and come first; the last order is bad.
    let feed = mutated(|s| s["orders"][1]["items"][0]["qty"] = json!(0));
    let bench = Bench::new();
    let path = bench.file("late_error.json", &feed);
    bench.opdesk().arg("import").arg(&path).assert().code(2);
    // The valid products of the refused file are not there either: a good order naming one
    // is refused for the unknown SKU.
    let order_only =
        json!({"customers": [small_shop()["customers"][0]], "orders": [small_shop()["orders"][0]]});
    let path = bench.file("order_only.json", &order_only.to_string());
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("LMP-0042"), "{}", stderr_of(&out));
}

/// A re-import updates what the site owns and never an order's items, status or owner: those
/// change through actions (issue 17); what the file said of them is listed in the audit.
#[test]
fn reimport_updates_and_never_duplicates() {
    let bench = Bench::new();
    let path = bench.file("shop.json", SMALL_SHOP);
    bench.opdesk().arg("import").arg(&path).assert().success();
    bench.opdesk().arg("import").arg(&path).assert().success();
    assert_eq!(bench.orders_json(&[]).len(), 2);
    let changed = mutated(|s| {
        s["orders"][0]["items"][0]["qty"] = json!(3);
        s["orders"][0]["comment"] = json!("call before 18:00");
    });
    let path = bench.file("shop.json", &changed);
    bench.opdesk().arg("import").arg(&path).assert().success();
    let orders = bench.orders_json(&[]);
    assert_eq!(orders.len(), 2);
    let site = orders.iter().find(|o| o["id"] == "SITE-1001").unwrap();
    assert_eq!(site["total"]["amount"], 250000, "the items stay as the desk has them");
    let audit = bench.opdesk().args(["--as", "iryna", "audit", "--json"]).output().unwrap();
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let last = audit.as_array().unwrap().iter().rev().find(|e| e["action"] == "import").unwrap();
    let changes = last["detail"]["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["field"] == "comment" && c["new"] == "call before 18:00"),
        "{changes:?}"
    );
    let kept = last["detail"]["kept"].as_array().unwrap();
    assert!(kept.iter().any(|k| k["field"] == "items" && k["order"] == "SITE-1001"), "{kept:?}");
}

#[test]
fn jsonl_records_stream_in_by_line() {
    let bench = Bench::new();
    let shop = small_shop();
    let mut lines = Vec::new();
    for (kind, array) in [("product", "products"), ("customer", "customers"), ("order", "orders")] {
        for record in shop[array].as_array().unwrap() {
            let mut r = record.clone();
            r["type"] = json!(kind);
            lines.push(r.to_string());
        }
    }
    let path = bench.file("feed.jsonl", &lines.join("\n"));
    bench.opdesk().arg("import").arg(&path).assert().success();
    assert_eq!(bench.orders_json(&[]).len(), 2);

    // A bad line is named by its number.
    let mut bad = lines.clone();
    bad[5] = bad[5].replace("\"qty\":1", "\"qty\":0");
    let fresh = Bench::new();
    let path = fresh.file("bad.jsonl", &bad.join("\n"));
    let out = fresh.opdesk().arg("import").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("line 6") && stderr_of(&out).contains("items[0].qty"),
        "{}",
        stderr_of(&out)
    );
    let path = fresh.file("untyped.jsonl", "{\"sku\": \"A\"}\n");
    let out = fresh.opdesk().arg("import").arg(&path).output().unwrap();
    assert!(stderr_of(&out).contains("line 1") && stderr_of(&out).contains("type"), "{}", stderr_of(&out));
}

#[test]
fn csv_products_load_and_bad_rows_are_named() {
    let bench = Bench::new();
    let path = bench.file("products.csv", "sku,name,category,stock,price\nLMP-1,Лампа LED 10 Вт,led_lamps,12,9900\nLMP-2,\"Лампа, тепла\",led_lamps,0,8900\n");
    bench
        .opdesk()
        .arg("import")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains("2 products"));
    let path = bench.file(
        "bad.csv",
        "sku,name,category,stock,price\nLMP-1,Лампа,led_lamps,12,9900\nLMP-3,Лампа,led_lamps,many,100\n",
    );
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("line 3") && err.contains("stock"), "{err}");
    let path = bench.file("neg.csv", "sku,name,category,stock,price\nLMP-4,Лампа,led_lamps,1,-5\n");
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    assert!(
        stderr_of(&out).contains("line 2") && stderr_of(&out).contains("negative"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_file_of_unknown_kind_or_missing_is_refused() {
    let bench = Bench::new();
    let path = bench.file("orders.xml", "<orders/>");
    let out = bench.opdesk().arg("import").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains(".json, .jsonl or .csv"));
    let out = bench.opdesk().args(["import", "/no/such/feed.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("/no/such/feed.json"), "{}", stderr_of(&out));
}
