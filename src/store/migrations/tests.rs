//! Every migration from an empty file and from each older store that held data.

use super::*;

#[test]
fn migrations_are_valid_from_an_empty_file() {
    all().validate().expect("migrations apply to an empty database");
}

#[test]
fn a_version_1_store_with_data_migrates_to_the_latest() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    all().to_version(&mut conn, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, language, class) VALUES ('C-1', 'Олена', 'uk', 'regular');
         INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method, payment, status, status_since)
         VALUES ('SITE-1', '2026-11-23T10:00:00+02:00', 0, 'site', 'C-1', 'post', 'card', 'new', '2026-11-23T10:00:00+02:00');",
    )
    .unwrap();
    all().to_latest(&mut conn).unwrap();
    let outcome: String =
        conn.query_row("SELECT last_outcome FROM orders WHERE id = 'SITE-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(outcome, "", "existing orders get the new column's default");
}

#[test]
fn a_version_2_store_with_handoffs_and_callbacks_migrates_to_the_latest() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    all().to_version(&mut conn, 2).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, language, class) VALUES ('C-1', 'Олена', 'uk', 'regular');
         INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method, payment, status, status_since)
         VALUES ('SITE-1', '2026-11-23T10:00:00+02:00', 0, 'site', 'C-1', 'post', 'card', 'new', '2026-11-23T10:00:00+02:00');
         INSERT INTO handoffs (order_number, author, created_at, note) VALUES (1, 'olena', '2026-11-23T16:00:00+00:00', 'call at 10');
         INSERT INTO callbacks (order_number, due_utc, note, created_by, created_at) VALUES (1, 0, 'call', 'olena', 'x');",
    )
    .unwrap();
    all().to_latest(&mut conn).unwrap();
    let (done, closed): (Option<String>, Option<String>) = conn
        .query_row("SELECT h.next_done_at, c.closed_as FROM handoffs h, callbacks c", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((done, closed), (None, None), "old handoffs and callbacks stay open");
}

#[test]
fn a_version_5_store_finds_its_customers_by_name_and_phone_digits_after_migrating() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    all().to_version(&mut conn, 5).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, phone, language, class) VALUES ('C-1', 'Олена Бондар', '+38 (067) 123-45-67', 'uk', 'regular');",
    )
    .unwrap();
    all().to_latest(&mut conn).unwrap();
    let (id, digits): (String, String) = conn
        .query_row(
            "SELECT c.id, c.phone_digits FROM customer_names n JOIN customers c ON c.name = n.name
             WHERE n.rowid IN (SELECT rowid FROM customer_names_search WHERE customer_names_search MATCH '\"бонд\"')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((id.as_str(), digits.as_str()), ("C-1", "380671234567"));
    // A customer added after the migration is found too (the triggers keep the names).
    conn.execute_batch(
        "INSERT INTO customers (id, name, language, class) VALUES ('C-2', 'Іван Ткаченко', 'uk', 'regular');
         UPDATE customers SET name = 'Олена Коваль' WHERE id = 'C-1';",
    )
    .unwrap();
    let names: i64 = conn
        .query_row(
            "SELECT count(*) FROM customer_names_search WHERE customer_names_search MATCH '\"ткач\" OR \"коваль\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(names, 2);
}

#[test]
fn a_version_6_store_keeps_its_orders_and_gets_the_order_life_columns() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    all().to_version(&mut conn, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, language, class) VALUES ('C-1', 'Олена', 'uk', 'regular');
         INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method, payment, status, status_since, comment)
         VALUES ('SITE-1', '2026-11-23T10:00:00+02:00', 0, 'site', 'C-1', 'post', 'card', 'cancelled', '2026-11-23T10:00:00+02:00', 'cancelled: other, by Koval');",
    )
    .unwrap();
    all().to_latest(&mut conn).unwrap();
    let (tracking, cancelled_at, comment): (String, Option<String>, String) = conn
        .query_row("SELECT tracking, cancelled_at, comment FROM orders WHERE id = 'SITE-1'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((tracking.as_str(), cancelled_at), ("", None), "older orders have no life recorded");
    assert_eq!(comment, "cancelled: other, by Koval", "what an older build wrote stays as it was");
    let edits: i64 = conn.query_row("SELECT count(*) FROM order_edits", [], |r| r.get(0)).unwrap();
    assert_eq!(edits, 0);
}

#[test]
fn a_version_6_store_gets_issue_15s_records_and_keeps_its_orders() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    all().to_version(&mut conn, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, language, class) VALUES ('C-1', 'Олена', 'uk', 'regular');
         INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method, payment, status, status_since)
         VALUES ('SITE-1', '2026-11-23T10:00:00+02:00', 0, 'site', 'C-1', 'post', 'invoice', 'awaiting_payment', '2026-11-23T10:00:00+02:00');",
    )
    .unwrap();
    all().to_latest(&mut conn).unwrap();
    conn.execute_batch(
        "INSERT INTO site_errors (at, operator, order_id, page, problem, note) VALUES ('x', 'olena', 'SITE-1', 'p', 'photo', 'n');
         INSERT INTO season_tasks (customer_id, operator, kind, created_at, created_by, until) VALUES ('C-1', 'olena', 'birthday', 'x', 'iryna', '2026-12-01');
         INSERT INTO invoice_holds (order_number, until_utc, decided_by, decided_at) VALUES (1, 0, 'oleksii', 'x');
         INSERT INTO questions (order_number, asked_utc, note, recorded_by) VALUES (1, 0, 'q', 'olena');
         INSERT INTO escalations (order_id, raised_at, raised_by, note) VALUES ('SITE-1', 'x', 'olena', 'n');",
    )
    .unwrap();
    let (state, level): (String, String) = conn
        .query_row("SELECT s.state, e.level FROM site_errors s, escalations e", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((state.as_str(), level.as_str()), ("reported", "administrator"), "new records start open");
    let orders: i64 = conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(orders, 1);
}

#[test]
fn latest_version_matches_the_list() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    all().to_latest(&mut conn).unwrap();
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, latest_version());
}
