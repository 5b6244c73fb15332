//! Handoffs between shifts (E1, E2) and the shifts themselves.

use super::catalog::instant;
use super::{Result, Tx};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rusqlite::{OptionalExtension, Row, params};

/// A handoff note on an order, and who took it into work.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Handoff {
    pub id: i64,
    pub order_number: i64,
    pub order_id: String,
    pub author: String,
    pub created_at: DateTime<FixedOffset>,
    pub note: String,
    /// The next action's time, which becomes the order's deadline.
    pub next_at: Option<DateTime<Utc>>,
    pub taken_by: Option<String>,
    pub taken_at: Option<DateTime<FixedOffset>>,
    /// When the customer was reached after the note, so `next_at` no longer binds anyone.
    pub next_done_at: Option<DateTime<FixedOffset>>,
}

/// A working shift of one operator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shift {
    pub id: i64,
    pub operator: String,
    pub started_at: DateTime<FixedOffset>,
    pub ended_at: Option<DateTime<FixedOffset>>,
}

const HANDOFF: &str = "h.id, h.order_number, o.id, h.author, h.created_at, h.note, h.next_at_utc, h.taken_by,
     h.taken_at, h.next_done_at";

fn handoff_from(r: &Row<'_>) -> rusqlite::Result<Handoff> {
    Ok(Handoff {
        id: r.get(0)?,
        order_number: r.get(1)?,
        order_id: r.get(2)?,
        author: r.get(3)?,
        created_at: instant(r, 4)?,
        note: r.get(5)?,
        next_at: r.get::<_, Option<i64>>(6)?.and_then(|t| Utc.timestamp_opt(t, 0).single()),
        taken_by: r.get(7)?,
        taken_at: r.get::<_, Option<String>>(8)?.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
        next_done_at: r.get::<_, Option<String>>(9)?.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
    })
}

impl Tx<'_> {
    pub fn write_handoff(
        &self,
        order_number: i64,
        author: &str,
        at: DateTime<Utc>,
        note: &str,
        next_at: Option<DateTime<Utc>>,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO handoffs (order_number, author, created_at, note, next_at_utc) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![order_number, author, at.to_rfc3339(), note, next_at.map(|t| t.timestamp())])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn handoff(&self, id: i64) -> Result<Option<Handoff>> {
        let sql = format!(
            "SELECT {HANDOFF} FROM handoffs h JOIN orders o ON o.number = h.order_number WHERE h.id = ?1"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], handoff_from).optional()?)
    }

    /// Handoffs nobody has taken, oldest first (the duty operator's inbox).
    pub fn untaken_handoffs(&self, limit: usize) -> Result<Vec<Handoff>> {
        let sql = format!(
            "SELECT {HANDOFF} FROM handoffs h JOIN orders o ON o.number = h.order_number
             WHERE h.taken_by IS NULL ORDER BY h.created_at, h.id LIMIT ?1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([limit as i64], handoff_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// All handoffs of an order, oldest first.
    pub fn handoffs_of_order(&self, order_number: i64) -> Result<Vec<Handoff>> {
        let sql = format!(
            "SELECT {HANDOFF} FROM handoffs h JOIN orders o ON o.number = h.order_number
             WHERE h.order_number = ?1 ORDER BY h.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([order_number], handoff_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Handoffs written in `[from, to)` (RFC 3339 UTC), oldest first.
    pub fn handoffs_between(&self, from: &str, to: &str) -> Result<Vec<Handoff>> {
        let sql = format!(
            "SELECT {HANDOFF} FROM handoffs h JOIN orders o ON o.number = h.order_number
             WHERE h.created_at >= ?1 AND h.created_at < ?2 ORDER BY h.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([from, to], handoff_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Handoffs `author` wrote, newest first: how the author sees whether they were taken.
    pub fn handoffs_by_author(&self, author: &str, limit: usize) -> Result<Vec<Handoff>> {
        let sql = format!(
            "SELECT {HANDOFF} FROM handoffs h JOIN orders o ON o.number = h.order_number
             WHERE h.author = ?1 ORDER BY h.id DESC LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![author, limit as i64], handoff_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every handoff, newest first, in a window.
    pub fn recent_handoffs(&self, limit: usize, offset: usize) -> Result<Vec<Handoff>> {
        let sql = format!(
            "SELECT {HANDOFF} FROM handoffs h JOIN orders o ON o.number = h.order_number
             ORDER BY h.id DESC LIMIT ?1 OFFSET ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], handoff_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Untaken handoffs written at or before `before`: the ones already late when `before`
    /// is now minus the allowed wait (E2).
    pub fn count_untaken_handoffs_before(&self, before: DateTime<Utc>) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM handoffs WHERE taken_by IS NULL AND created_at <= ?1")?
            .query_row([before.to_rfc3339()], |r| r.get(0))?)
    }

    /// Takes every other untaken handoff of the order along with the one named: they are notes
    /// on the same order, which now has one owner.
    pub fn take_handoffs_of_order(&self, order_number: i64, by: &str, at: DateTime<Utc>) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE handoffs SET taken_by = ?1, taken_at = ?2 WHERE order_number = ?3 AND taken_by IS NULL",
            )?
            .execute(params![by, at.to_rfc3339(), order_number])?)
    }

    /// The customer was reached: the next actions promised in the order's handoffs are done.
    pub fn complete_handoff_steps(&self, order_number: i64, at: DateTime<Utc>) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE handoffs SET next_done_at = ?1
                 WHERE order_number = ?2 AND next_at_utc IS NOT NULL AND next_done_at IS NULL",
            )?
            .execute(params![at.to_rfc3339(), order_number])?)
    }

    /// The number of the order with external id `id` when callbacks or handoffs still set
    /// deadlines on it, which a re-import must keep in the order's stored deadline.
    pub fn number_with_pending_records(&self, id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT o.number FROM orders o WHERE o.id = ?1 AND (
                    EXISTS (SELECT 1 FROM callbacks c WHERE c.order_number = o.number AND c.done_at IS NULL)
                    OR EXISTS (SELECT 1 FROM handoffs h WHERE h.order_number = o.number
                               AND (h.taken_by IS NULL OR (h.next_at_utc IS NOT NULL AND h.next_done_at IS NULL))))",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    pub fn count_untaken_handoffs(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM handoffs WHERE taken_by IS NULL")?
            .query_row([], |r| r.get(0))?)
    }

    /// Takes a handoff into work if nobody has (compare-and-set); false if someone already did.
    pub fn take_handoff(&self, id: i64, by: &str, at: DateTime<Utc>) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE handoffs SET taken_by = ?1, taken_at = ?2 WHERE id = ?3 AND taken_by IS NULL",
            )?
            .execute(params![by, at.to_rfc3339(), id])?;
        Ok(changed == 1)
    }

    pub fn start_shift(&self, operator: &str, at: DateTime<Utc>) -> Result<i64> {
        self.conn
            .prepare_cached("INSERT INTO shifts (operator, started_at) VALUES (?1, ?2)")?
            .execute(params![operator, at.to_rfc3339()])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The operator's shift in progress, if any.
    pub fn open_shift(&self, operator: &str) -> Result<Option<Shift>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, operator, started_at, ended_at FROM shifts
                 WHERE operator = ?1 AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
            )?
            .query_row([operator], |r| {
                Ok(Shift {
                    id: r.get(0)?,
                    operator: r.get(1)?,
                    started_at: instant(r, 2)?,
                    ended_at: r
                        .get::<_, Option<String>>(3)?
                        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
                })
            })
            .optional()?)
    }

    pub fn end_shift(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE shifts SET ended_at = ?1 WHERE id = ?2")?
            .execute(params![at.to_rfc3339(), id])?;
        Ok(())
    }

    /// Logins with a shift in progress (who is at work now).
    pub fn on_shift(&self) -> Result<Vec<String>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT DISTINCT operator FROM shifts WHERE ended_at IS NULL")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
