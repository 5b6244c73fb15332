//! Orders: written by import and by the desk's actions, read in windows for the queue.

use super::catalog::{instant, word};
use super::{Result, StoreError, Tx};
use crate::domain::{
    CancelReason, CancelRecord, CustomerClass, Due, DueKind, Order, OrderItem, OrderLife, OrderStatus,
    Vocabulary,
};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rusqlite::{OptionalExtension, Row, ToSql, params};

/// An order as written: the order and what the store keeps beside it for fast lists.
pub struct OrderWrite<'a> {
    pub order: &'a Order,
    /// Any item is age-restricted (pyrotechnics).
    pub age_restricted: bool,
    pub due: Option<Due>,
}

/// One line of the queue: enough to draw a row without touching items or customers again.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OrderRow {
    pub number: i64,
    pub id: String,
    pub status: OrderStatus,
    pub customer_id: String,
    pub customer_name: String,
    pub customer_phone: String,
    pub customer_class: CustomerClass,
    pub total: i64,
    pub owner: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub due: Option<Due>,
    pub complaint: bool,
    pub age_restricted: bool,
}

/// The order of a queue window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Nearest deadline first; orders without one last, oldest first among equals.
    #[default]
    Due,
    /// Newest first.
    Newest,
    /// The order whose untaken handoff was written first, first (the duty inbox, E2).
    OldestHandoff,
}

/// Which orders a queue window shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderQuery {
    /// Only these statuses; all when empty.
    pub statuses: Vec<OrderStatus>,
    /// Only this owner's orders.
    pub owner: Option<String>,
    /// Only orders nobody owns.
    pub unowned: bool,
    /// Only orders with a handoff nobody has taken (E2).
    pub untaken_handoff: bool,
    /// Only orders whose deadline is at or before this instant.
    pub due_by: Option<DateTime<Utc>>,
    /// Id prefix, or part of the customer's name or phone, in any letter case. Name and phone
    /// parts need three characters or more (shorter text matches id prefixes only).
    pub text: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
}

pub(super) const ROW_COLUMNS: &str =
    "o.number, o.id, o.status, o.customer_id, c.name, c.phone, c.class, o.total, o.owner,
     o.created_at, o.due_utc, o.due_kind, o.complaint, o.age_restricted";

pub(super) fn row_from(r: &Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        number: r.get(0)?,
        id: r.get(1)?,
        status: word(r, 2)?,
        customer_id: r.get(3)?,
        customer_name: r.get(4)?,
        customer_phone: r.get(5)?,
        customer_class: word(r, 6)?,
        total: r.get(7)?,
        owner: r.get(8)?,
        created_at: instant(r, 9)?,
        due: due_from(r, 10, 11)?,
        complaint: r.get(12)?,
        age_restricted: r.get(13)?,
    })
}

/// One line of an edit: the quantity and price before and after (0 = no such line).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditLine {
    pub sku: String,
    pub name: String,
    pub old_qty: i64,
    pub new_qty: i64,
    pub old_price: i64,
    pub new_price: i64,
}

/// An edit of an order's lines (B3), as kept in its history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OrderEdit {
    pub at: DateTime<FixedOffset>,
    pub actor: String,
    pub reason: Option<CancelReason>,
    pub note: String,
    pub lines: Vec<EditLine>,
}

/// The [`OrderLife`] columns of [`Tx::order`]'s select, from column `at` on.
fn life_from(r: &Row<'_>, at: usize) -> rusqlite::Result<OrderLife> {
    let time = |i: usize| -> rusqlite::Result<Option<DateTime<FixedOffset>>> {
        let text: Option<String> = r.get(i)?;
        text.map(|t| {
            DateTime::parse_from_rfc3339(&t).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            })
        })
        .transpose()
    };
    let expected: Option<String> = r.get(at + 4)?;
    let expected_delivery = expected
        .map(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(at + 4, rusqlite::types::Type::Text, Box::new(e))
            })
        })
        .transpose()?;
    let cancelled_at = time(at + 10)?;
    let cancel = match cancelled_at {
        Some(at_time) => {
            let reason: Option<String> = r.get(at + 6)?;
            Some(CancelRecord {
                reason: reason.and_then(|w| CancelReason::parse(&w).ok()),
                note: r.get(at + 7)?,
                by: r.get::<_, Option<String>>(at + 8)?.unwrap_or_default(),
                surname: r.get(at + 9)?,
                at: at_time,
            })
        }
        None => None,
    };
    Ok(OrderLife {
        claimed_at: time(at)?,
        reserved_until: time(at + 1)?,
        tracking: r.get(at + 2)?,
        shipped_at: time(at + 3)?,
        expected_delivery,
        control_at: time(at + 5)?,
        cancel,
    })
}

fn due_from(r: &Row<'_>, at: usize, kind: usize) -> rusqlite::Result<Option<Due>> {
    let at: Option<i64> = r.get(at)?;
    let kind: Option<String> = r.get(kind)?;
    Ok(match (at, kind) {
        (Some(at), Some(kind)) => Some(Due {
            at: Utc.timestamp_opt(at, 0).single().unwrap_or_default(),
            kind: DueKind::parse(&kind).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(11, rusqlite::types::Type::Text, Box::new(e))
            })?,
        }),
        _ => None,
    })
}

impl Tx<'_> {
    /// Inserts or updates an order by its external id, replacing its items; returns its number.
    /// An update keeps the internal number and bumps the version.
    pub fn upsert_order(&self, w: &OrderWrite<'_>) -> Result<i64> {
        let o = w.order;
        let (number, version): (i64, i64) = self
            .conn
            .prepare_cached(
                "INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method,
                    delivery_address, delivery_cost, payment, magic_word, comment, status, owner, complaint,
                    status_since, total, age_restricted, due_utc, due_kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
                 ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, created_utc = excluded.created_utc,
                    source = excluded.source, customer_id = excluded.customer_id,
                    delivery_method = excluded.delivery_method, delivery_address = excluded.delivery_address,
                    delivery_cost = excluded.delivery_cost, payment = excluded.payment,
                    magic_word = excluded.magic_word, comment = excluded.comment, status = excluded.status,
                    owner = excluded.owner, complaint = excluded.complaint, status_since = excluded.status_since,
                    total = excluded.total, age_restricted = excluded.age_restricted,
                    due_utc = excluded.due_utc, due_kind = excluded.due_kind, version = version + 1
                 RETURNING number, version",
            )?
            .query_row(
                params![
                    o.id,
                    o.created_at.to_rfc3339(),
                    o.created_at.timestamp(),
                    o.source.as_str(),
                    o.customer_id,
                    o.delivery_method.as_str(),
                    o.delivery_address,
                    o.delivery_cost,
                    o.payment.as_str(),
                    o.magic_word,
                    o.comment,
                    o.status.as_str(),
                    o.owner,
                    o.complaint,
                    o.status_since.to_rfc3339(),
                    o.total(),
                    w.age_restricted,
                    w.due.map(|d| d.at.timestamp()),
                    w.due.map(|d| d.kind.as_str()),
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        // A fresh order (version 1) has no items to replace: skip the lookup.
        if version > 1 {
            self.conn.prepare_cached("DELETE FROM order_items WHERE order_number = ?1")?.execute([number])?;
        }
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO order_items (order_number, line, sku, name, qty, price) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (line, item) in o.items.iter().enumerate() {
            insert.execute(params![number, line as i64 + 1, item.sku, item.name, item.qty, item.price])?;
        }
        self.write_life(number, &o.life)?;
        Ok(number)
    }

    /// Writes what the desk records beside the order (see [`OrderLife`]).
    fn write_life(&self, number: i64, life: &OrderLife) -> Result<()> {
        let time = |t: &Option<DateTime<FixedOffset>>| t.map(|t| t.to_rfc3339());
        let cancel = life.cancel.as_ref();
        self.conn
            .prepare_cached(
                "UPDATE orders SET claimed_at = ?1, reserved_until = ?2, tracking = ?3, shipped_at = ?4,
                    expected_delivery = ?5, control_at = ?6, cancel_reason = ?7, cancel_note = ?8,
                    cancelled_by = ?9, cancelled_by_surname = ?10, cancelled_at = ?11
                 WHERE number = ?12",
            )?
            .execute(params![
                time(&life.claimed_at),
                time(&life.reserved_until),
                life.tracking,
                time(&life.shipped_at),
                life.expected_delivery.map(|d| d.format("%Y-%m-%d").to_string()),
                time(&life.control_at),
                cancel.and_then(|c| c.reason).map(|r| r.as_str()),
                cancel.map_or("", |c| c.note.as_str()),
                cancel.map(|c| c.by.as_str()),
                cancel.map_or("", |c| c.surname.as_str()),
                cancel.map(|c| c.at.to_rfc3339()),
                number,
            ])?;
        Ok(())
    }

    /// Replaces an order's lines, its kept total and age flag (an edit, B3); the version is
    /// bumped by the state update of the same transaction.
    pub fn replace_items(&self, order: &Order, age_restricted: bool) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM order_items WHERE order_number = ?1")?
            .execute([order.number])?;
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO order_items (order_number, line, sku, name, qty, price) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (line, item) in order.items.iter().enumerate() {
            insert.execute(params![
                order.number,
                line as i64 + 1,
                item.sku,
                item.name,
                item.qty,
                item.price
            ])?;
        }
        self.conn
            .prepare_cached("UPDATE orders SET total = ?1, age_restricted = ?2 WHERE number = ?3")?
            .execute(params![order.total(), age_restricted, order.number])?;
        Ok(())
    }

    /// Records an edit of an order's lines (B3): who, when, why, and each line old → new.
    pub fn record_edit(&self, number: i64, edit: &OrderEdit) -> Result<()> {
        // Plain strings and numbers: serialising them cannot fail.
        let lines = serde_json::to_string(&edit.lines).unwrap_or_else(|_| "[]".into());
        self.conn
            .prepare_cached(
                "INSERT INTO order_edits (order_number, at, actor, reason, note, lines) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                number,
                edit.at.to_rfc3339(),
                edit.actor,
                edit.reason.map(|r| r.as_str()),
                edit.note,
                lines
            ])?;
        Ok(())
    }

    /// An order's edits, oldest first.
    pub fn edits(&self, number: i64) -> Result<Vec<OrderEdit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, reason, note, lines FROM order_edits WHERE order_number = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([number], |r| {
            let lines: String = r.get(4)?;
            let reason: Option<String> = r.get(2)?;
            Ok(OrderEdit {
                at: instant(r, 0)?,
                actor: r.get(1)?,
                reason: reason
                    .map(|w| {
                        CancelReason::parse(&w).map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                2,
                                rusqlite::types::Type::Text,
                                Box::new(e),
                            )
                        })
                    })
                    .transpose()?,
                note: r.get(3)?,
                lines: serde_json::from_str(&lines).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
                })?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An order by external id (`SITE-1001`) or internal number (`42`).
    pub fn order(&self, key: &str) -> Result<Option<Order>> {
        // Spelled out whole, so a lookup builds no SQL text before finding its cached statement.
        macro_rules! select {
            ($clause:literal) => {
                concat!(
                    "SELECT o.number, o.id, o.created_at, o.source, o.customer_id, o.delivery_method,",
                    " o.delivery_address, o.delivery_cost, o.payment, o.magic_word, o.comment, o.status,",
                    " o.owner, o.complaint, o.status_since, o.version, o.claimed_at, o.reserved_until,",
                    " o.tracking, o.shipped_at, o.expected_delivery, o.control_at, o.cancel_reason,",
                    " o.cancel_note, o.cancelled_by, o.cancelled_by_surname, o.cancelled_at",
                    " FROM orders o WHERE ",
                    $clause
                )
            };
        }
        const BY_ID: &str = select!("o.id = ?1");
        const BY_NUMBER: &str = select!("o.number = ?1");
        let by_id = self.order_where(BY_ID, &key)?;
        if by_id.is_some() {
            return Ok(by_id);
        }
        match key.trim().parse::<i64>() {
            Ok(number) => self.order_where(BY_NUMBER, &number),
            Err(_) => Ok(None),
        }
    }

    /// `sql` is one of the constant statements of [`Tx::order`] (no text built per call).
    fn order_where(&self, sql: &str, key: &dyn ToSql) -> Result<Option<Order>> {
        let order = self
            .conn
            .prepare_cached(sql)?
            .query_row([key], |r| {
                Ok(Order {
                    number: r.get(0)?,
                    id: r.get(1)?,
                    created_at: instant(r, 2)?,
                    source: word(r, 3)?,
                    customer_id: r.get(4)?,
                    items: Vec::new(),
                    delivery_method: word(r, 5)?,
                    delivery_address: r.get(6)?,
                    delivery_cost: r.get(7)?,
                    payment: word(r, 8)?,
                    magic_word: r.get(9)?,
                    comment: r.get(10)?,
                    status: word(r, 11)?,
                    owner: r.get(12)?,
                    complaint: r.get(13)?,
                    status_since: instant(r, 14)?,
                    version: r.get(15)?,
                    life: life_from(r, 16)?,
                })
            })
            .optional()?;
        let Some(mut order) = order else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT sku, name, qty, price FROM order_items WHERE order_number = ?1 ORDER BY line",
        )?;
        order.items = stmt
            .query_map([order.number], |r| {
                Ok(OrderItem { sku: r.get(0)?, name: r.get(1)?, qty: r.get(2)?, price: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(order))
    }

    /// The stored deadline of an order.
    pub fn order_due(&self, number: i64) -> Result<Option<Due>> {
        Ok(self
            .conn
            .prepare_cached("SELECT due_utc, due_kind FROM orders WHERE number = ?1")?
            .query_row([number], |r| due_from(r, 0, 1))
            .optional()?
            .flatten())
    }

    /// The stored deadline and the last contact outcome of an order, in one read (the facts need
    /// both; see [`Tx::order_due`] and [`Tx::last_outcome`]).
    pub fn order_due_and_outcome(&self, number: i64) -> Result<(Option<Due>, String)> {
        Ok(self
            .conn
            .prepare_cached("SELECT due_utc, due_kind, last_outcome FROM orders WHERE number = ?1")?
            .query_row([number], |r| Ok((due_from(r, 0, 1)?, r.get(2)?)))
            .optional()?
            .unwrap_or_default())
    }

    /// Moves an order to a new state if nobody changed it since `expected_version` was read
    /// (compare-and-set); a lost race is [`StoreError::Stale`]. What the desk records beside
    /// the order ([`OrderLife`]) is written with it.
    pub fn update_order_state(&self, order: &Order, expected_version: i64, due: Option<Due>) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE orders SET status = ?1, owner = ?2, status_since = ?3, comment = ?4, complaint = ?5,
                    due_utc = ?6, due_kind = ?7, version = version + 1
                 WHERE number = ?8 AND version = ?9",
            )?
            .execute(params![
                order.status.as_str(),
                order.owner,
                order.status_since.to_rfc3339(),
                order.comment,
                order.complaint,
                due.map(|d| d.at.timestamp()),
                due.map(|d| d.kind.as_str()),
                order.number,
                expected_version,
            ])?;
        if changed == 0 {
            return Err(StoreError::Stale(order.id.clone()));
        }
        self.write_life(order.number, &order.life)
    }

    /// Adds a comment to an order's history.
    pub fn add_comment(&self, order_number: i64, author: &str, at: DateTime<Utc>, text: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO comments (order_number, author, at, text) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![order_number, author, at.to_rfc3339(), text])?;
        Ok(())
    }

    /// An order's comments, oldest first: (author, at, text).
    pub fn comments(&self, order_number: i64) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT author, at, text FROM comments WHERE order_number = ?1 ORDER BY id")?;
        let rows = stmt.query_map([order_number], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
