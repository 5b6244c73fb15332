//! The audit trail and the store's state, through the desk: the trail is read as the rules
//! allow (the `review` rule that guards the day's review: the whole desk's trail for the head of
//! sales, one's own entries for everyone else), verified by anyone, and the store's change
//! counter and identity are told without handing the store out.

use super::report::Whose;
use super::{Desk, DeskError, Result};
use crate::domain::Operator;
pub use crate::store::{AuditRecord, ChainBreak};
use serde::Serialize;
use std::path::PathBuf;

/// What `opdesk audit --verify` found: how many entries were checked and where the chain breaks.
#[derive(Debug, Clone, Serialize)]
pub struct AuditCheck {
    pub entries: i64,
    pub intact: bool,
    pub breaks: Vec<ChainBreak>,
}

/// Where the store is and which schema it has.
#[derive(Debug, Clone, Serialize)]
pub struct StoreInfo {
    pub path: PathBuf,
    pub schema: usize,
}

/// The `meta` key of a store with the demo shop: the demo time it was left at.
pub const DEMO_CLOCK: &str = "demo_clock";

/// Whose entries a reader of the trail gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrailScope {
    /// Every entry: the rules let the reader review the whole desk.
    Desk,
    /// Only the reader's own entries.
    Own,
}

impl Desk {
    /// The trail, oldest first — of one order, or the last `limit` entries — as far as `actor`
    /// may read it: the whole desk's when the rules let them review the whole desk, otherwise
    /// their own entries only. Someone the rules let read neither is refused, and the refusal
    /// is audited like a refused review.
    pub fn audit_trail(
        &mut self,
        actor: &Operator,
        order: Option<&str>,
        limit: usize,
    ) -> Result<(TrailScope, Vec<AuditRecord>)> {
        let today = self.today();
        let scope = if self.review_verdict(actor, &Whose::Everyone, today, today)?.allowed() {
            TrailScope::Desk
        } else {
            self.may_review(actor, &Whose::Operator(actor.login.clone()), today, today)?;
            TrailScope::Own
        };
        let order_id = match order {
            // The order's own id, so `--order 1055` and `--order SITE-1055` read the same trail.
            Some(key) => {
                Some(self.store.read().order(key)?.map(|o| o.id).ok_or_else(|| Desk::not_found(key))?)
            }
            None => None,
        };
        let actor_filter = (scope == TrailScope::Own).then_some(actor.login.as_str());
        let records = self.store.read().audit_trail(order_id.as_deref(), actor_filter, limit.max(1))?;
        Ok((scope, records))
    }

    /// Writes a lost race to the trail: `actor` tried `action` on `order` and someone else got
    /// there first (`lost` says how). Every attempt is in the audit, the ones that did nothing
    /// included. A failure to write it is reported over the race.
    pub(crate) fn audit_lost(
        &mut self,
        actor: &Operator,
        order: Option<&str>,
        action: &str,
        lost: &DeskError,
    ) -> Result<()> {
        let entry = crate::store::AuditEntry {
            at: self.book.clock.now().to_rfc3339(),
            actor: actor.login.clone(),
            order_id: order.map(str::to_owned),
            action: action.to_owned(),
            outcome: crate::domain::Outcome::Lost,
            rules: vec![],
            detail: serde_json::json!({ "lost": lost.to_string() }),
            rules_version: self.book.policy.version().into(),
        };
        self.store.write(|tx| tx.append_audit(&entry))?;
        Ok(())
    }

    /// Walks the whole hash chain. Anyone may ask: it tells whether the trail was tampered
    /// with, not what it holds.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        let (entries, breaks) = self.store.read().verify_audit()?;
        Ok(AuditCheck { entries, intact: breaks.is_empty(), breaks })
    }

    /// A number that changes whenever another connection commits to the store: the workstation
    /// polls it to notice other desks' work.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.store.data_version()?)
    }

    /// The store's file and schema, for `opdesk init`.
    pub fn store_info(&self) -> Result<StoreInfo> {
        Ok(StoreInfo { path: self.store.path().to_owned(), schema: self.store.schema_version()? })
    }

    /// Keeps in the store the demo time reached (`at`, else now), for the next desk on the
    /// demo's clock to go on from.
    pub fn keep_demo_time(&mut self, at: Option<chrono::DateTime<chrono::Utc>>) -> Result<()> {
        let at = at.unwrap_or_else(|| self.book.clock.now());
        self.store.write(|tx| tx.set_meta(DEMO_CLOCK, &at.to_rfc3339()))?;
        Ok(())
    }

    /// Keep the demo time reached when this desk goes (it runs on the demo's clock).
    pub fn keep_demo_time_at_the_end(&mut self) {
        self.keeps_demo_time = true;
    }

    /// Whether the store holds any order (the demo shop is loaded only into an empty one).
    pub fn has_orders(&self) -> Result<bool> {
        Ok(self.store.read().count_orders(&Default::default())? > 0)
    }
}

impl Drop for Desk {
    /// A desk on the demo's clock leaves the demo time it reached in the store, so the next one
    /// (the workstation or a command) goes on from there rather than from the demo's morning.
    /// Best effort: a store that cannot be written keeps the time it had.
    fn drop(&mut self) {
        if self.keeps_demo_time {
            let _ = self.keep_demo_time(None);
        }
    }
}

impl From<crate::store::StoreError> for DeskError {
    /// A write against an order that changed since it was read is a lost race, told apart from
    /// a storage failure so front ends say "someone else got there first".
    fn from(err: crate::store::StoreError) -> Self {
        match err {
            crate::store::StoreError::Stale(order) => {
                DeskError::Stale(format!("order {order} changed since it was read; reload and try again"))
            }
            other => DeskError::Store(other),
        }
    }
}
