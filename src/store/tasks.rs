//! Season call tasks (B18): written by `opdesk task add/close`, read for the rules' facts of a
//! customer's next order and for `opdesk task list`. And the director's holds on unpaid invoice
//! orders (B7), which move their deadline; and customers' questions waiting for an answer (B1).

use super::catalog::{instant, word};
use super::{Result, Tx};
use crate::domain::{SeasonTask, TaskKind, Vocabulary};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

const COLUMNS: &str = "id, customer_id, operator, kind, created_at, created_by, until, closed_at, closed_by";

fn task_from(r: &Row<'_>) -> rusqlite::Result<SeasonTask> {
    let until: String = r.get(6)?;
    let closed_at: Option<String> = r.get(7)?;
    Ok(SeasonTask {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        operator: r.get(2)?,
        kind: word(r, 3)?,
        created_at: instant(r, 4)?,
        created_by: r.get(5)?,
        until: NaiveDate::parse_from_str(&until, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })?,
        closed_at: closed_at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
        closed_by: r.get(8)?,
    })
}

impl Tx<'_> {
    pub fn add_task(
        &self,
        customer_id: &str,
        operator: &str,
        kind: TaskKind,
        until: NaiveDate,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO season_tasks (customer_id, operator, kind, created_at, created_by, until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![customer_id, operator, kind.as_str(), at.to_rfc3339(), by, until.to_string()])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn task(&self, id: i64) -> Result<Option<SeasonTask>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM season_tasks WHERE id = ?1"))?
            .query_row([id], task_from)
            .optional()?)
    }

    /// Closes an open task; false when it was closed meanwhile.
    pub fn close_task(&self, id: i64, by: &str, at: DateTime<Utc>) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE season_tasks SET closed_at = ?1, closed_by = ?2 WHERE id = ?3 AND closed_at IS NULL",
            )?
            .execute(params![at.to_rfc3339(), by, id])?;
        Ok(changed == 1)
    }

    /// A customer's tasks still within their term on `today` (at most 20, newest first): the
    /// ones that can decide who takes the customer's call.
    pub fn customer_tasks(&self, customer_id: &str, today: NaiveDate) -> Result<Vec<SeasonTask>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM season_tasks WHERE customer_id = ?1 AND until >= ?2 ORDER BY id DESC LIMIT 20"
        ))?;
        let rows = stmt.query_map(params![customer_id, today.to_string()], task_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open tasks of `kind` within their term on `today`: the season's count against its limit.
    pub fn count_open_tasks(&self, kind: TaskKind, today: NaiveDate) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM season_tasks WHERE kind = ?1 AND closed_at IS NULL AND until >= ?2",
            )?
            .query_row(params![kind.as_str(), today.to_string()], |r| r.get(0))?)
    }

    /// The latest `limit` tasks, newest first: open ones only unless `all`.
    pub fn tasks(&self, all: bool, limit: usize) -> Result<Vec<SeasonTask>> {
        let filter = if all { "" } else { "WHERE closed_at IS NULL" };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM season_tasks {filter} ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], task_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// B7: the director keeps an unpaid invoice order until `until` (a new decision replaces it).
    pub fn hold_invoice(
        &self,
        order_number: i64,
        until: DateTime<Utc>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO invoice_holds (order_number, until_utc, decided_by, decided_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (order_number) DO UPDATE SET until_utc = ?2, decided_by = ?3, decided_at = ?4",
            )?
            .execute(params![order_number, until.timestamp(), by, at.to_rfc3339()])?;
        Ok(())
    }

    /// Until when the director keeps the order, if they decided to.
    pub fn invoice_hold(&self, order_number: i64) -> Result<Option<DateTime<Utc>>> {
        let at: Option<i64> = self
            .conn
            .prepare_cached("SELECT until_utc FROM invoice_holds WHERE order_number = ?1")?
            .query_row([order_number], |r| r.get(0))
            .optional()?;
        Ok(at.and_then(|t| DateTime::from_timestamp(t, 0)))
    }
}

/// A customer's question waiting for its answer (B1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub asked_at: DateTime<Utc>,
    pub note: String,
}

impl Tx<'_> {
    pub fn record_question(&self, order_number: i64, at: DateTime<Utc>, note: &str, by: &str) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO questions (order_number, asked_utc, note, recorded_by) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![order_number, at.timestamp(), note, by])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The order's questions not answered yet, oldest first.
    pub fn open_questions(&self, order_number: i64) -> Result<Vec<Question>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, asked_utc, note FROM questions WHERE order_number = ?1 AND answered_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([order_number], |r| {
            let at: i64 = r.get(1)?;
            Ok(Question {
                id: r.get(0)?,
                asked_at: DateTime::from_timestamp(at, 0).unwrap_or_default(),
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks the order's open questions answered; returns how many.
    pub fn answer_questions(&self, order_number: i64, by: &str, at: DateTime<Utc>) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE questions SET answered_at = ?1, answered_by = ?2 WHERE order_number = ?3 AND answered_at IS NULL",
            )?
            .execute(params![at.to_rfc3339(), by, order_number])?)
    }

    /// The questions the day's review lists: asked in `[from, to)`, or not answered yet
    /// whenever asked; oldest first, at most `limit`.
    pub fn questions_for_review(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<QuestionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.id, o.id, q.asked_utc, q.note, q.recorded_by, q.answered_at, q.answered_by
             FROM questions q JOIN orders o ON o.number = q.order_number
             WHERE (q.asked_utc >= ?1 AND q.asked_utc < ?2) OR q.answered_at IS NULL
             ORDER BY q.asked_utc, q.id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![from.timestamp(), to.timestamp(), limit as i64], |r| {
            let at: i64 = r.get(2)?;
            let answered: Option<String> = r.get(5)?;
            Ok(QuestionRecord {
                id: r.get(0)?,
                order_id: r.get(1)?,
                asked_at: DateTime::from_timestamp(at, 0).unwrap_or_default(),
                note: r.get(3)?,
                recorded_by: r.get(4)?,
                answered_at: answered
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.with_timezone(&Utc)),
                answered_by: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A customer's question with its answer, for the day's review (B1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRecord {
    pub id: i64,
    pub order_id: String,
    pub asked_at: DateTime<Utc>,
    pub note: String,
    pub recorded_by: String,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<String>,
}
