//! What actions leave behind besides the order itself: the operators' money ledger, appeals,
//! product wishes and callbacks. Written only inside the desk's action transaction.

use super::catalog::instant;
use super::{Result, Tx};
use crate::domain::{LedgerKind, Resolution, Vocabulary};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rusqlite::{OptionalExtension, Row, params};

/// One line of an operator's ledger. `amount` is signed from the operator's side: a charge is
/// positive (owed), a credit or waiver negative.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LedgerLine {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub operator: String,
    pub order_id: Option<String>,
    /// The POLICY.md rule that booked it (A2, A3, A8, A9).
    pub rule: String,
    pub kind: LedgerKind,
    pub amount: i64,
    pub note: String,
}

/// A line to book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerWrite<'a> {
    pub at: DateTime<Utc>,
    pub operator: &'a str,
    pub order_id: Option<&'a str>,
    pub rule: &'a str,
    pub kind: LedgerKind,
    pub amount: i64,
    pub note: &'a str,
    pub audit_seq: i64,
}

/// An appeal against a charge (A9).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Appeal {
    pub id: i64,
    pub ledger_id: i64,
    pub order_id: String,
    pub operator: String,
    pub at: DateTime<FixedOffset>,
    pub link: String,
    pub description: String,
    pub resolution: Option<Resolution>,
    pub resolved_by: Option<String>,
}

/// A promised or scheduled call (A6, B13).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Callback {
    pub id: i64,
    pub order_number: i64,
    pub due: DateTime<Utc>,
    pub note: String,
    pub created_by: String,
}

fn ledger_from(r: &Row<'_>) -> rusqlite::Result<LedgerLine> {
    Ok(LedgerLine {
        id: r.get(0)?,
        at: instant(r, 1)?,
        operator: r.get(2)?,
        order_id: r.get(3)?,
        rule: r.get(4)?,
        kind: super::catalog::word(r, 5)?,
        amount: r.get(6)?,
        note: r.get(7)?,
    })
}

fn appeal_from(r: &Row<'_>) -> rusqlite::Result<Appeal> {
    Ok(Appeal {
        id: r.get(0)?,
        ledger_id: r.get(1)?,
        order_id: r.get(2)?,
        operator: r.get(3)?,
        at: instant(r, 4)?,
        link: r.get(5)?,
        description: r.get(6)?,
        resolution: match r.get::<_, Option<String>>(7)? {
            Some(_) => Some(super::catalog::word(r, 7)?),
            None => None,
        },
        resolved_by: r.get(8)?,
    })
}

const LEDGER: &str = "id, at, operator, order_id, rule, kind, amount, note";
const APPEAL: &str = "id, ledger_id, order_id, operator, at, link, description, resolution, resolved_by";

impl Tx<'_> {
    pub fn book(&self, line: &LedgerWrite<'_>) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO ledger (at, operator, order_id, rule, kind, amount, note, audit_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                line.at.to_rfc3339(),
                line.operator,
                line.order_id,
                line.rule,
                line.kind.as_str(),
                line.amount,
                line.note,
                line.audit_seq
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// An order's ledger lines, oldest first.
    pub fn ledger_of_order(&self, order_id: &str) -> Result<Vec<LedgerLine>> {
        let sql = format!("SELECT {LEDGER} FROM ledger WHERE order_id = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([order_id], ledger_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ledger lines booked in `[from, to)` (RFC 3339 UTC), oldest first.
    pub fn ledger_between(&self, from: &str, to: &str) -> Result<Vec<LedgerLine>> {
        let sql = format!("SELECT {LEDGER} FROM ledger WHERE at >= ?1 AND at < ?2 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([from, to], ledger_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last `limit` ledger lines, of one operator and/or one order, oldest first. One
    /// statement per filter, so each reads through its index (`ledger_by_operator`,
    /// `ledger_by_order`) instead of scanning the table.
    pub fn ledger_lines(
        &self,
        operator: Option<&str>,
        order_id: Option<&str>,
        limit: usize,
    ) -> Result<Vec<LedgerLine>> {
        let (filter, args): (&str, Vec<&str>) = match (operator, order_id) {
            (Some(op), Some(order)) => ("WHERE operator = ?2 AND order_id = ?3", vec![op, order]),
            (Some(op), None) => ("WHERE operator = ?2", vec![op]),
            (None, Some(order)) => ("WHERE order_id = ?2", vec![order]),
            (None, None) => ("", vec![]),
        };
        let sql = format!("SELECT {LEDGER} FROM ledger {filter} ORDER BY id DESC LIMIT ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(3);
        let limit = limit as i64;
        values.push(&limit);
        for a in &args {
            values.push(a);
        }
        let rows = stmt.query_map(values.as_slice(), ledger_from)?;
        let mut lines: Vec<LedgerLine> = rows.collect::<rusqlite::Result<_>>()?;
        lines.reverse();
        Ok(lines)
    }

    /// An operator's balance: what they owe net of credits and waivers.
    pub fn operator_balance(&self, operator: &str) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(sum(amount), 0) FROM ledger WHERE operator = ?1")?
            .query_row([operator], |r| r.get(0))?)
    }

    pub fn file_appeal(&self, appeal: &Appeal) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO appeals (ledger_id, order_id, operator, at, link, description)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                appeal.ledger_id,
                appeal.order_id,
                appeal.operator,
                appeal.at.to_rfc3339(),
                appeal.link,
                appeal.description
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Appeals on an order's charges, oldest first.
    pub fn appeals_of_order(&self, order_id: &str) -> Result<Vec<Appeal>> {
        let sql = format!("SELECT {APPEAL} FROM appeals WHERE order_id = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([order_id], appeal_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Appeals nobody has decided yet, oldest first.
    pub fn appeals_waiting(&self) -> Result<Vec<Appeal>> {
        let sql = format!("SELECT {APPEAL} FROM appeals WHERE resolution IS NULL ORDER BY at");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], appeal_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records the decision on an appeal; false if it was already decided.
    pub fn resolve_appeal(
        &self,
        id: i64,
        resolution: Resolution,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE appeals SET resolution = ?1, resolved_by = ?2, resolved_at = ?3
                 WHERE id = ?4 AND resolution IS NULL",
            )?
            .execute(params![resolution.as_str(), by, at.to_rfc3339(), id])?;
        Ok(changed == 1)
    }

    pub fn record_wish(
        &self,
        at: DateTime<Utc>,
        operator: &str,
        order_id: Option<&str>,
        customer_id: Option<&str>,
        kind: &str,
        fields: &serde_json::Value,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO wishes (at, operator, order_id, customer_id, kind, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![at.to_rfc3339(), operator, order_id, customer_id, kind, fields.to_string()])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn schedule_callback(
        &self,
        order_number: i64,
        due: DateTime<Utc>,
        note: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO callbacks (order_number, due_utc, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![order_number, due.timestamp(), note, by, at.to_rfc3339()])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The order's callbacks not yet made, earliest first.
    pub fn open_callbacks(&self, order_number: i64) -> Result<Vec<Callback>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, order_number, due_utc, note, created_by FROM callbacks
             WHERE order_number = ?1 AND done_at IS NULL ORDER BY due_utc",
        )?;
        let rows = stmt.query_map([order_number], |r| {
            Ok(Callback {
                id: r.get(0)?,
                order_number: r.get(1)?,
                due: Utc.timestamp_opt(r.get(2)?, 0).single().unwrap_or_default(),
                note: r.get(3)?,
                created_by: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many callbacks not yet made are due by `now` on the open orders `login` owns (or,
    /// on an order nobody owns, that `login` promised): the workstation's alert.
    pub fn due_callbacks_of(&self, login: &str, now: DateTime<Utc>) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT COUNT(*) FROM callbacks c JOIN orders o ON o.number = c.order_number
             WHERE c.done_at IS NULL AND c.due_utc <= ?2
               AND (o.owner = ?1 OR (o.owner IS NULL AND c.created_by = ?1))",
        )?;
        Ok(stmt.query_row(params![login, now.timestamp()], |r| r.get(0))?)
    }

    /// The orders (external ids) of those callbacks, earliest due first, at most `limit`.
    pub fn due_callback_orders_of(
        &self,
        login: &str,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id FROM callbacks c JOIN orders o ON o.number = c.order_number
             WHERE c.done_at IS NULL AND c.due_utc <= ?2
               AND (o.owner = ?1 OR (o.owner IS NULL AND c.created_by = ?1))
             GROUP BY o.id ORDER BY MIN(c.due_utc) LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![login, now.timestamp(), limit], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks the order's open callbacks made (a contact reached the customer).
    pub fn complete_callbacks(&self, order_number: i64, by: &str, at: DateTime<Utc>) -> Result<usize> {
        self.close_callbacks(order_number, by, at, "made")
    }

    /// Closes the order's open callbacks as moved: a new callback replaces them.
    pub fn reschedule_callbacks(&self, order_number: i64, by: &str, at: DateTime<Utc>) -> Result<usize> {
        self.close_callbacks(order_number, by, at, "rescheduled")
    }

    fn close_callbacks(&self, order_number: i64, by: &str, at: DateTime<Utc>, how: &str) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE callbacks SET done_at = ?1, done_by = ?2, closed_as = ?3
                 WHERE order_number = ?4 AND done_at IS NULL",
            )?
            .execute(params![at.to_rfc3339(), by, how, order_number])?)
    }

    /// The last contact outcome recorded on an order (`""`, `contacted`, `no_answer`).
    pub fn set_last_outcome(&self, order_number: i64, outcome: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE orders SET last_outcome = ?1 WHERE number = ?2")?
            .execute(params![outcome, order_number])?;
        Ok(())
    }

    pub fn last_outcome(&self, order_number: i64) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT last_outcome FROM orders WHERE number = ?1")?
            .query_row([order_number], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    }
}
