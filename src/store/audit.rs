//! The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so an entry
//! edited or removed behind the desk's back is found by [`Tx::verify_audit`].

use super::{Result, Tx};
use crate::domain::{Outcome, Vocabulary};
use rusqlite::{OptionalExtension, Row, params};
use sha2::{Digest, Sha256};

/// The hash the first entry chains from.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub order_id: Option<String>,
    pub action: String,
    pub outcome: Outcome,
    /// Rule ids involved (the refusing or overridden ones).
    pub rules: Vec<String>,
    /// The action's inputs and verdict, as JSON.
    pub detail: serde_json::Value,
    /// Hash of the rules files in force.
    pub rules_version: String,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// A place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub problem: String,
}

fn chain_hash(seq: i64, e: &AuditEntry, rules: &str, detail: &str, prev: &str) -> String {
    let mut h = Sha256::new();
    // Fields separated by a unit separator, which none of them can contain unescaped.
    for part in [
        seq.to_string().as_str(),
        &e.at,
        &e.actor,
        e.order_id.as_deref().unwrap_or(""),
        &e.action,
        e.outcome.as_str(),
        rules,
        detail,
        &e.rules_version,
        prev,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn record_from(r: &Row<'_>) -> rusqlite::Result<AuditRecord> {
    let rules: String = r.get(6)?;
    let detail: String = r.get(7)?;
    Ok(AuditRecord {
        seq: r.get(0)?,
        entry: AuditEntry {
            at: r.get(1)?,
            actor: r.get(2)?,
            order_id: r.get(3)?,
            action: r.get(4)?,
            outcome: super::catalog::word(r, 5)?,
            rules: rules.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            rules_version: r.get(8)?,
        },
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
    })
}

const COLUMNS: &str =
    "seq, at, actor, order_id, action, outcome, rules, detail, rules_version, prev_hash, hash";

impl Tx<'_> {
    /// Appends an entry to the chain; returns its sequence number.
    pub fn append_audit(&self, e: &AuditEntry) -> Result<i64> {
        let last: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_owned()),
        };
        let rules = e.rules.join(",");
        let detail = e.detail.to_string();
        let hash = chain_hash(seq, e, &rules, &detail, &prev);
        self.conn
            .prepare_cached(
                "INSERT INTO audit (seq, at, actor, order_id, action, outcome, rules, detail, rules_version, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![seq, e.at, e.actor, e.order_id, e.action, e.outcome.as_str(), rules, detail, e.rules_version, prev, hash])?;
        Ok(seq)
    }

    /// The trail, oldest first: of one order, or the last `limit` entries of all; only `actor`'s
    /// own entries when one is given.
    pub fn audit_trail(
        &self,
        order_id: Option<&str>,
        actor: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>> {
        // Each filter is its own condition (not `?1 IS NULL OR …`), so the order's trail is
        // read through its index however large the log is.
        let mut conditions = Vec::new();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::new();
        if let Some(id) = &order_id {
            values.push(id);
            conditions.push(format!("order_id = ?{}", values.len()));
        }
        if let Some(login) = &actor {
            values.push(login);
            conditions.push(format!("actor = ?{}", values.len()));
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        values.push(&limit);
        let filter =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let sql = format!("SELECT {COLUMNS} FROM audit {filter} ORDER BY seq DESC LIMIT ?{}", values.len());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut records =
            stmt.query_map(values.as_slice(), record_from)?.collect::<rusqlite::Result<Vec<_>>>()?;
        records.reverse();
        Ok(records)
    }

    /// Entries whose `at` falls in `[from, to)` (RFC 3339 UTC strings), oldest first.
    pub fn audit_between(&self, from: &str, to: &str) -> Result<Vec<AuditRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM audit WHERE at >= ?1 AND at < ?2 ORDER BY seq");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([from, to], record_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Walks the whole chain and lists every break: an entry whose hash does not match its
    /// content, whose `prev_hash` is not its predecessor's hash, or a gap where one was removed.
    /// Returns the number of entries checked and the breaks.
    pub fn verify_audit(&self) -> Result<(i64, Vec<ChainBreak>)> {
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM audit ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        let mut breaks = Vec::new();
        let mut expected_prev = GENESIS.to_owned();
        let mut expected_seq = 1;
        let mut checked = 0;
        while let Some(row) = rows.next()? {
            let r = record_from(row)?;
            checked += 1;
            if r.seq != expected_seq {
                breaks.push(ChainBreak {
                    seq: r.seq,
                    problem: format!("entries {expected_seq}..{} are missing", r.seq - 1),
                });
            }
            if r.prev_hash != expected_prev {
                breaks
                    .push(ChainBreak { seq: r.seq, problem: "does not chain to the entry before it".into() });
            }
            // Recompute from the stored text, exactly as it was hashed.
            let rules: String = row.get(6)?;
            let detail: String = row.get(7)?;
            if chain_hash(r.seq, &r.entry, &rules, &detail, &r.prev_hash) != r.hash {
                breaks.push(ChainBreak {
                    seq: r.seq,
                    problem: "content was changed after it was written".into(),
                });
            }
            expected_prev = r.hash;
            expected_seq = r.seq + 1;
        }
        Ok((checked, breaks))
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{AuditEntry, Store};

    fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at: "2026-11-23T12:00:00+00:00".into(),
            actor: "olena".into(),
            order_id: Some("SITE-1001".into()),
            action: action.into(),
            outcome: crate::domain::Outcome::Done,
            rules: vec![],
            detail: serde_json::json!({"note": "x"}),
            rules_version: "v".into(),
        }
    }

    fn store_with_three() -> Store {
        let mut store = Store::in_memory().unwrap();
        store
            .write(|tx| {
                for a in ["claim", "contact", "confirm"] {
                    tx.append_audit(&entry(a))?;
                }
                Ok::<_, crate::store::StoreError>(())
            })
            .unwrap();
        store
    }

    #[test]
    fn an_intact_chain_verifies() {
        let store = store_with_three();
        let (checked, breaks) = store.read().verify_audit().unwrap();
        assert_eq!(checked, 3);
        assert!(breaks.is_empty(), "{breaks:?}");
    }

    #[test]
    fn the_log_refuses_update_and_delete() {
        let store = store_with_three();
        let upd = store.conn.execute("UPDATE audit SET actor = 'ivan' WHERE seq = 2", []);
        assert!(upd.unwrap_err().to_string().contains("append-only"));
        let del = store.conn.execute("DELETE FROM audit WHERE seq = 2", []);
        assert!(del.unwrap_err().to_string().contains("append-only"));
    }

    #[test]
    fn an_edited_entry_is_detected() {
        let store = store_with_three();
        store
            .conn
            .execute_batch(
                "DROP TRIGGER audit_refuses_update; UPDATE audit SET actor = 'ivan' WHERE seq = 2;",
            )
            .unwrap();
        let (_, breaks) = store.read().verify_audit().unwrap();
        assert_eq!(breaks.len(), 1);
        assert_eq!(breaks[0].seq, 2);
        assert!(breaks[0].problem.contains("changed"));
    }

    #[test]
    fn a_removed_entry_is_detected() {
        let store = store_with_three();
        store
            .conn
            .execute_batch("DROP TRIGGER audit_refuses_delete; DELETE FROM audit WHERE seq = 2;")
            .unwrap();
        let (_, breaks) = store.read().verify_audit().unwrap();
        assert!(breaks.iter().any(|b| b.seq == 3 && b.problem.contains("missing")), "{breaks:?}");
    }
}
