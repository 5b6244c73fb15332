//! Site-error reports (A8): written by the `site-error` action, decided by the information
//! department. A report of a page and problem already reported points at the first one, so
//! the department sees the duplicate and the credit is paid once per error.

use super::catalog::{instant, word};
use super::{Result, Tx};
use crate::domain::{SiteErrorState, SiteProblem, Vocabulary};
use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, Row, params};

/// One report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SiteErrorReport {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    /// Who reported it (and is credited on confirmation).
    pub operator: String,
    pub order_id: String,
    pub page: String,
    pub problem: SiteProblem,
    pub note: String,
    /// The earlier report of the same page and problem, when this one repeats it.
    pub duplicate_of: Option<i64>,
    pub state: SiteErrorState,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<FixedOffset>>,
    pub decision_note: Option<String>,
}

const COLUMNS: &str = "id, at, operator, order_id, page, problem, note, duplicate_of, state, decided_by, decided_at, decision_note";

fn report_from(r: &Row<'_>) -> rusqlite::Result<SiteErrorReport> {
    let decided_at: Option<String> = r.get(10)?;
    Ok(SiteErrorReport {
        id: r.get(0)?,
        at: instant(r, 1)?,
        operator: r.get(2)?,
        order_id: r.get(3)?,
        page: r.get(4)?,
        problem: word(r, 5)?,
        note: r.get(6)?,
        duplicate_of: r.get(7)?,
        state: word(r, 8)?,
        decided_by: r.get(9)?,
        decided_at: decided_at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
        decision_note: r.get(11)?,
    })
}

/// The page as reports compare it: trimmed, case folded.
pub fn page_key(page: &str) -> String {
    page.trim().to_lowercase()
}

impl Tx<'_> {
    /// Records a report; returns its id and the earlier report it repeats (same page and
    /// problem, not rejected), if any.
    pub fn report_site_error(
        &self,
        at: DateTime<Utc>,
        operator: &str,
        order_id: &str,
        page: &str,
        problem: SiteProblem,
        note: &str,
    ) -> Result<(i64, Option<i64>)> {
        let key = page_key(page);
        let earlier: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM site_errors WHERE page = ?1 AND problem = ?2 AND state != 'rejected'
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![key, problem.as_str()], |r| r.get(0))
            .optional()?;
        self.conn
            .prepare_cached(
                "INSERT INTO site_errors (at, operator, order_id, page, problem, note, duplicate_of, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'reported')",
            )?
            .execute(params![at.to_rfc3339(), operator, order_id, key, problem.as_str(), note, earlier])?;
        Ok((self.conn.last_insert_rowid(), earlier))
    }

    pub fn site_error(&self, id: i64) -> Result<Option<SiteErrorReport>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM site_errors WHERE id = ?1"))?
            .query_row([id], report_from)
            .optional()?)
    }

    /// Whether another report of the same page and problem is already confirmed (credited).
    pub fn site_error_confirmed_before(&self, report: &SiteErrorReport) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM site_errors WHERE page = ?1 AND problem = ?2 AND state = 'confirmed' AND id != ?3",
            )?
            .query_row(params![report.page, report.problem.as_str(), report.id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The latest `limit` reports, newest first; only those waiting unless `all`.
    pub fn site_errors(&self, all: bool, limit: usize) -> Result<Vec<SiteErrorReport>> {
        let filter = if all { "" } else { "WHERE state = 'reported'" };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM site_errors {filter} ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], report_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Decides a waiting report; false when it was decided meanwhile (nothing changed).
    pub fn decide_site_error(
        &self,
        id: i64,
        state: SiteErrorState,
        by: &str,
        at: DateTime<Utc>,
        note: &str,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE site_errors SET state = ?1, decided_by = ?2, decided_at = ?3, decision_note = ?4
                 WHERE id = ?5 AND state = 'reported'",
            )?
            .execute(params![state.as_str(), by, at.to_rfc3339(), note, id])?;
        Ok(changed == 1)
    }
}

/// An escalation of a missing item (A6): operator → administrator → analytics.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Escalation {
    pub id: i64,
    pub order_id: String,
    pub raised_at: DateTime<FixedOffset>,
    pub raised_by: String,
    pub note: String,
    /// Who holds it now.
    pub level: crate::domain::EscalationLevel,
    pub state: crate::domain::EscalationState,
    pub passed_by: Option<String>,
    pub resolved_by: Option<String>,
    pub resolution: Option<String>,
}

const ESCALATION: &str =
    "id, order_id, raised_at, raised_by, note, level, state, passed_by, resolved_by, resolution";

fn escalation_from(r: &Row<'_>) -> rusqlite::Result<Escalation> {
    Ok(Escalation {
        id: r.get(0)?,
        order_id: r.get(1)?,
        raised_at: instant(r, 2)?,
        raised_by: r.get(3)?,
        note: r.get(4)?,
        level: word(r, 5)?,
        state: word(r, 6)?,
        passed_by: r.get(7)?,
        resolved_by: r.get(8)?,
        resolution: r.get(9)?,
    })
}

impl Tx<'_> {
    /// A new escalation, held by the administrator.
    pub fn raise_escalation(&self, order_id: &str, at: DateTime<Utc>, by: &str, note: &str) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO escalations (order_id, raised_at, raised_by, note) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![order_id, at.to_rfc3339(), by, note])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn escalation(&self, id: i64) -> Result<Option<Escalation>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {ESCALATION} FROM escalations WHERE id = ?1"))?
            .query_row([id], escalation_from)
            .optional()?)
    }

    /// The latest `limit` escalations, newest first: open ones unless `all`.
    pub fn escalations(&self, all: bool, limit: usize) -> Result<Vec<Escalation>> {
        let filter = if all { "" } else { "WHERE state = 'open'" };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ESCALATION} FROM escalations {filter} ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], escalation_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The administrator passes an open escalation to analytics; false if it moved meanwhile.
    pub fn pass_escalation(&self, id: i64, by: &str, at: DateTime<Utc>) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE escalations SET level = 'analytics', passed_by = ?1, passed_at = ?2
                 WHERE id = ?3 AND state = 'open' AND level = 'administrator'",
            )?
            .execute(params![by, at.to_rfc3339(), id])?;
        Ok(changed == 1)
    }

    /// Resolves an open escalation; false if it was resolved meanwhile.
    pub fn resolve_escalation(&self, id: i64, by: &str, at: DateTime<Utc>, resolution: &str) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE escalations SET state = 'resolved', resolved_by = ?1, resolved_at = ?2, resolution = ?3
                 WHERE id = ?4 AND state = 'open'",
            )?
            .execute(params![by, at.to_rfc3339(), resolution, id])?;
        Ok(changed == 1)
    }
}
