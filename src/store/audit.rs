//! The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so an entry
//! edited or removed behind the desk's back is found by [`Tx::verify_audit`].
//!
//! On a shared store each entry also carries a MAC of its hash under a key only opdesk can read:
//! whoever writes the file directly can drop the triggers and recompute a plain SHA-256 chain,
//! but not the MACs. A cut tail leaves a valid chain, so the head of sales keeps signed
//! [`Checkpoint`]s (entry count and head hash) that a later verify holds the log against.

use super::{AuditKey, Result, StoreError, Tx};
use crate::domain::{Outcome, Vocabulary};
use hmac::{Hmac, Mac};
use rusqlite::{OptionalExtension, Row, params};
use sha2::{Digest, Sha256};

/// The triggers that keep the log append-only, as schema 1 made them; a verify reports any
/// that is gone or no longer says this (a trigger of the same name that does nothing).
const GUARDS: [(&str, &str); 2] = [
    (
        "audit_refuses_update",
        "CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END",
    ),
    (
        "audit_refuses_delete",
        "CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be removed'); END",
    ),
];

/// SQL with its runs of white space made one space, for comparing a schema's text.
fn squeezed(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HMAC-SHA256 of `text` under `key`, in hex.
pub(crate) fn mac(key: &AuditKey, text: &str) -> String {
    // HMAC pads a key shorter than the hash's block (64 bytes) with zeros: the same key,
    // given at the block's size, so no length can be refused.
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(&key.0);
    let mut m = <Hmac<Sha256> as hmac::digest::KeyInit>::new(&block.into());
    m.update(text.as_bytes());
    hex(&m.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A signed statement of the audit's length and head at one moment: kept by the head of sales
/// (printed, mailed), it proves later that no entry up to it was removed or rewritten.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// The store's own random id, so a checkpoint of one store is not held against another.
    pub store: String,
    pub entries: i64,
    /// The hash of entry `entries` (the genesis hash for an empty log).
    pub head: String,
    /// When it was taken, RFC 3339.
    pub at: String,
    /// HMAC of the fields above under the store's key.
    pub mac: String,
}

impl Checkpoint {
    fn signed_text(store: &str, entries: i64, head: &str, at: &str) -> String {
        format!("opdesk-checkpoint\x1f{store}\x1f{entries}\x1f{head}\x1f{at}")
    }
}

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
        if self.key.is_some() {
            // A shared store's log runs forward: an entry dated before the last is refused, so
            // nobody slips an action into a day already reviewed.
            let last_at: Option<String> = self
                .conn
                .prepare_cached("SELECT at FROM audit ORDER BY seq DESC LIMIT 1")?
                .query_row([], |r| r.get(0))
                .optional()?;
            if let Some(last) = last_at
                && instant(&e.at) < instant(&last)
            {
                return Err(StoreError::Backdated { last, at: e.at.clone() });
            }
        }
        let rules = e.rules.join(",");
        let detail = e.detail.to_string();
        let hash = chain_hash(seq, e, &rules, &detail, &prev);
        let mac = self.key.map(|key| mac(key, &hash));
        self.conn
            .prepare_cached(
                "INSERT INTO audit (seq, at, actor, order_id, action, outcome, rules, detail, rules_version, prev_hash, hash, mac)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![seq, e.at, e.actor, e.order_id, e.action, e.outcome.as_str(), rules, detail, e.rules_version, prev, hash, mac])?;
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
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS}, mac FROM audit ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        let mut breaks = Vec::new();
        for (guard, sql) in GUARDS {
            let found: Option<String> = self
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                    [guard],
                    |r| r.get(0),
                )
                .optional()?;
            let problem = match found {
                None => format!("the trigger {guard} that keeps the log append-only was dropped"),
                Some(text) if squeezed(&text) != sql => {
                    format!("the trigger {guard} that keeps the log append-only was replaced")
                }
                Some(_) => continue,
            };
            breaks.push(ChainBreak { seq: 0, problem });
        }
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
            if let Some(key) = self.key {
                let stored: Option<String> = row.get(11)?;
                match stored {
                    Some(m) if m == mac(key, &r.hash) => {}
                    Some(_) => breaks.push(ChainBreak {
                        seq: r.seq,
                        problem: "its seal does not match: written or recomputed outside opdesk".into(),
                    }),
                    None => breaks.push(ChainBreak {
                        seq: r.seq,
                        problem: "it carries no seal: written outside opdesk".into(),
                    }),
                }
            }
            expected_prev = r.hash;
            expected_seq = r.seq + 1;
        }
        Ok((checked, breaks))
    }

    /// `text` sealed with the store's key (none without one): how a shared store proves that
    /// the key it was opened with is its own (`meta key_check`).
    pub fn seal(&self, text: &str) -> Option<String> {
        self.key.map(|key| mac(key, text))
    }

    /// A signed checkpoint of the log as it stands, for the store `store_id`.
    pub fn audit_checkpoint(&self, store_id: &str, at: &str) -> Result<Option<Checkpoint>> {
        let Some(key) = self.key else { return Ok(None) };
        let last: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (entries, head) = last.unwrap_or((0, GENESIS.to_owned()));
        let mac = mac(key, &Checkpoint::signed_text(store_id, entries, &head, at));
        Ok(Some(Checkpoint { store: store_id.to_owned(), entries, head, at: at.to_owned(), mac }))
    }

    /// Holds the log against a checkpoint taken earlier: its seal, its store, and entry
    /// `entries` still there with the hash it had. Returns the problems found.
    pub fn check_against(&self, store_id: &str, c: &Checkpoint) -> Result<Vec<ChainBreak>> {
        let Some(key) = self.key else {
            return Ok(vec![ChainBreak {
                seq: 0,
                problem: "this store has no audit key to check a checkpoint".into(),
            }]);
        };
        let mut problems = Vec::new();
        if mac(key, &Checkpoint::signed_text(&c.store, c.entries, &c.head, &c.at)) != c.mac {
            problems.push(ChainBreak { seq: 0, problem: "the checkpoint's seal does not match: it was not made by this store's opdesk, or was edited".into() });
            return Ok(problems);
        }
        if c.store != store_id {
            problems.push(ChainBreak {
                seq: 0,
                problem: format!("the checkpoint is of store {}, this is {store_id}", c.store),
            });
            return Ok(problems);
        }
        let count: i64 = self.conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
        if c.entries == 0 {
            return Ok(problems);
        }
        let hash: Option<String> = self
            .conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [c.entries], |r| r.get(0))
            .optional()?;
        match hash {
            None => problems.push(ChainBreak {
                seq: c.entries,
                problem: format!(
                    "the checkpoint of {} counts {} entries; the log now holds {count}: its tail was cut",
                    c.at, c.entries
                ),
            }),
            Some(h) if h != c.head => problems.push(ChainBreak {
                seq: c.entries,
                problem: format!(
                    "entry {} is not the one the checkpoint of {} sealed: the log was rewritten",
                    c.entries, c.at
                ),
            }),
            Some(_) => {}
        }
        Ok(problems)
    }
}

/// An RFC 3339 text as an instant, for ordering (an unreadable one sorts first: it cannot make a
/// later entry look backdated).
fn instant(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
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

    fn keyed() -> Store {
        let mut store = Store::in_memory().unwrap();
        store.set_audit_key(crate::store::AuditKey([7; 32]));
        store
    }

    #[test]
    fn a_shared_log_never_goes_back_in_time() {
        let mut store = keyed();
        let mut later = entry("claim");
        later.at = "2026-11-23T12:00:00+00:00".into();
        store.write(|tx| tx.append_audit(&later)).unwrap();
        let mut earlier = entry("contact");
        earlier.at = "2020-01-01T08:00:00+02:00".into();
        let refused = store.write(|tx| tx.append_audit(&earlier)).unwrap_err();
        assert!(matches!(refused, crate::store::StoreError::Backdated { .. }), "{refused}");
        // The same moment, in another offset, is not earlier.
        let mut same = entry("contact");
        same.at = "2026-11-23T14:00:00+02:00".into();
        store.write(|tx| tx.append_audit(&same)).unwrap();
    }

    #[test]
    fn a_sealed_entry_recomputed_without_the_key_is_found() {
        let mut store = keyed();
        store.write(|tx| tx.append_audit(&entry("claim"))).unwrap();
        assert!(store.read().verify_audit().unwrap().1.is_empty());
        // Plain SHA-256 recomputed, the seal left as it was (or removed): both are found.
        store.conn.execute_batch("DROP TRIGGER audit_refuses_update;").unwrap();
        store.conn.execute("UPDATE audit SET mac = NULL", []).unwrap();
        let breaks = store.read().verify_audit().unwrap().1;
        assert!(breaks.iter().any(|b| b.problem.contains("carries no seal")), "{breaks:?}");
        assert!(breaks.iter().any(|b| b.problem.contains("audit_refuses_update")), "{breaks:?}");
    }

    #[test]
    fn a_checkpoint_finds_a_cut_tail_and_its_own_forgery() {
        let mut store = keyed();
        for a in ["claim", "contact", "confirm"] {
            store.write(|tx| tx.append_audit(&entry(a))).unwrap();
        }
        let c = store.read().audit_checkpoint("s1", "2026-11-23T12:00:00+00:00").unwrap().unwrap();
        assert_eq!(c.entries, 3);
        assert!(store.read().check_against("s1", &c).unwrap().is_empty());
        let mut forged = c.clone();
        forged.entries = 2;
        assert!(store.read().check_against("s1", &forged).unwrap()[0].problem.contains("seal"));
        assert!(store.read().check_against("s2", &c).unwrap()[0].problem.contains("store"));
        store
            .conn
            .execute_batch("DROP TRIGGER audit_refuses_delete; DELETE FROM audit WHERE seq = 3;")
            .unwrap();
        let cut = store.read().check_against("s1", &c).unwrap();
        assert!(cut[0].problem.contains("tail was cut"), "{cut:?}");
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
        assert_eq!(breaks.len(), 2, "{breaks:?}");
        assert!(breaks[0].problem.contains("audit_refuses_update"), "the dropped guard");
        assert_eq!(breaks[1].seq, 2);
        assert!(breaks[1].problem.contains("changed"));
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
