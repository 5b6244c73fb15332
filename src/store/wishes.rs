//! Reading product wishes and show leads back (A7, B14, B16): the head of analytics' and the
//! show director's list, newest first, and a period's for the day's review. Written by the
//! desk's action transaction (`Tx::record_wish`).

use super::catalog::instant;
use super::{Result, Tx};
use chrono::{DateTime, FixedOffset};
use rusqlite::Row;
use std::collections::BTreeMap;

/// A recorded wish or show lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WishRecord {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub operator: String,
    pub order_id: Option<String>,
    pub customer_id: Option<String>,
    /// `product` or `show`.
    pub kind: String,
    /// Characteristic → value as recorded; a value that is not text reads as its JSON.
    pub fields: BTreeMap<String, String>,
}

const WISH: &str = "id, at, operator, order_id, customer_id, kind, fields";

fn wish_from(r: &Row<'_>) -> rusqlite::Result<WishRecord> {
    let text: String = r.get(6)?;
    let fields = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect(),
        _ => BTreeMap::new(),
    };
    Ok(WishRecord {
        id: r.get(0)?,
        at: instant(r, 1)?,
        operator: r.get(2)?,
        order_id: r.get(3)?,
        customer_id: r.get(4)?,
        kind: r.get(5)?,
        fields,
    })
}

impl Tx<'_> {
    /// The latest `limit` wishes, newest first; only `kind` when given.
    pub fn wishes(&self, kind: Option<&str>, limit: usize) -> Result<Vec<WishRecord>> {
        let limit = limit as i64;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {WISH} FROM wishes WHERE ?1 IS NULL OR kind = ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(rusqlite::params![kind, limit], wish_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Wishes recorded in `[from, to)` (RFC 3339 instants, UTC), oldest first, at most `limit`.
    pub fn wishes_between(&self, from: &str, to: &str, limit: usize) -> Result<Vec<WishRecord>> {
        let limit = limit as i64;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {WISH} FROM wishes WHERE at >= ?1 AND at < ?2 ORDER BY at, id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(rusqlite::params![from, to, limit], wish_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
