//! Import speed against SQLite's own loader: the same rows, once through `opdesk import` of a
//! `.jsonl` feed (parse, check, look up, write every index and trigger) and once through the
//! `sqlite3` shell's `.import` of CSV files into the same tables, indexes and triggers. Prints
//! both times and their ratio.
//!
//! `cargo bench --bench import` (200 000 orders; `OPDESK_BENCH_ORDERS=N` for another size).
//! Needs the `sqlite3` shell on the PATH.

use opdesk::config::ConfigDirs;
use opdesk::domain::FixedClock;
use opdesk::store::Store;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

const NOW: &str = "2026-11-23T14:30:00+02:00";

/// The tables `.import` fills, in an order that satisfies the references.
const TABLES: [&str; 4] = ["products", "customers", "orders", "order_items"];

/// Writes every row of `table` in `from` as CSV (no header).
fn export(from: &rusqlite::Connection, table: &str, to: &Path) {
    let mut out = csv::Writer::from_path(to).unwrap();
    // The stored columns only: `.import` cannot write a generated one (customers.phone_digits).
    let stored: Vec<String> = from
        .prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut stmt = from.prepare(&format!("SELECT {} FROM {table}", stored.join(", "))).unwrap();
    let columns = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let record: Vec<String> = (0..columns)
            .map(|i| match row.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => String::new(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Real(x) => x.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Blob(_) => String::new(),
            })
            .collect();
        out.write_record(&record).unwrap();
    }
    out.flush().unwrap();
}

fn main() {
    let orders: usize =
        std::env::var("OPDESK_BENCH_ORDERS").ok().and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let scale = opdesk::generate::Scale { products: 5_000, customers: orders / 4, orders, seed: 1 };
    opdesk::generate::write_feed(scale, &mut std::io::BufWriter::new(std::fs::File::create(&feed).unwrap()))
        .unwrap();
    let size = std::fs::metadata(&feed).map(|m| m.len()).unwrap_or(0);
    println!("feed: {orders} orders, {} customers, 5000 products, {:.0} MB", orders / 4, size as f64 / 1e6);

    // opdesk: the whole feed in one transaction, as `opdesk import` does.
    let ours = dir.path().join("opdesk.db");
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let mut desk = opdesk::session::build_desk(
        &ConfigDirs::embedded_only(),
        Store::open(&ours).unwrap(),
        Arc::new(FixedClock(now)),
    )
    .unwrap();
    let started = Instant::now();
    let summary = desk.import(&opdesk::session::feed(), &feed).unwrap();
    let opdesk_secs = started.elapsed().as_secs_f64();
    drop(desk);
    println!("opdesk import  {opdesk_secs:>7.2} s  ({} orders)", summary.orders);

    // The same rows as CSV, and an empty store with the same tables, indexes and triggers. The
    // trigram index of names is left out: the distribution's sqlite3 shell may predate the
    // FTS5 options it uses, which makes this side's work a little lighter, not heavier.
    let conn = rusqlite::Connection::open(&ours).unwrap();
    for table in TABLES {
        export(&conn, table, &dir.path().join(format!("{table}.csv")));
    }
    let schema: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'customer_names_search%' AND name <> 'customer_names_insert' ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    drop(conn);
    let theirs = dir.path().join("sqlite3.db");
    {
        let conn = rusqlite::Connection::open(&theirs).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        for sql in &schema {
            // The sqlite3 shell's `.import` counts generated columns as values to supply and so
            // cannot load `customers` with `phone_digits`: that side goes without the column and
            // its index (less work for sqlite3, so the ratio errs against opdesk).
            if sql.contains("customers_by_phone_digits") {
                continue;
            }
            match sql.find(", phone_digits TEXT GENERATED") {
                Some(cut) => conn.execute_batch(&format!("{})", &sql[..cut])).unwrap(),
                None => conn.execute_batch(sql).unwrap(),
            }
        }
    }
    let mut script = String::from("PRAGMA cache_size = -49152;\nPRAGMA synchronous = NORMAL;\n.mode csv\n");
    for table in TABLES {
        script.push_str(&format!(".import {} {table}\n", dir.path().join(format!("{table}.csv")).display()));
    }
    let started = Instant::now();
    let out = Command::new("sqlite3")
        .arg(&theirs)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().map(|mut s| s.write_all(script.as_bytes()));
            child.wait_with_output()
        })
        .expect("the sqlite3 shell is on the PATH");
    let sqlite_secs = started.elapsed().as_secs_f64();
    assert!(out.status.success(), "sqlite3 .import failed: {}", String::from_utf8_lossy(&out.stderr));
    let loaded: i64 = rusqlite::Connection::open(&theirs)
        .unwrap()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    println!("sqlite3 .import {sqlite_secs:>6.2} s  ({loaded} orders)");
    println!("ratio opdesk / sqlite3: {:.2}", opdesk_secs / sqlite_secs);
}
