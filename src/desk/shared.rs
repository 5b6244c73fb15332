//! The desk's side of a shared store: refused sign-ins written to the audit, the configuration
//! taken into the store and changed only by the roles the rules name, and the audit's signed
//! checkpoints.
//!
//! Actions about no order (taking in a configuration, importing a feed) are judged by the rules
//! like any other: the facts hold the actor and the draft, the order is neutral.

use super::{Desk, DeskError, Result};
use crate::domain::{ActionKind, Draft, Operator, Outcome, Verdict, Vocabulary};
use crate::policy::{ActorFacts, DraftFacts, Facts};
use crate::store::{AuditEntry, ChainBreak, Checkpoint, ConfigVersion};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The `meta` key of a shared store's random id.
const STORE_ID: &str = crate::session::STORE_ID;

/// SHA-256 over the files' names and texts, each length-prefixed: the configuration's version
/// as the audit and `config versions` name it.
pub fn config_digest(files: &BTreeMap<String, String>) -> String {
    let mut h = Sha256::new();
    for (name, text) in files {
        for part in [name, text] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Desk {
    /// Writes a refused sign-in to the audit: an OS account that is no operator, or an operator
    /// claiming to be another, or one bringing their own rules or clock.
    pub fn record_sign_in_refusal(
        &mut self,
        account: &str,
        claimed: Option<&str>,
        reason: &str,
    ) -> Result<()> {
        let entry = AuditEntry {
            at: self.book.clock.now().to_rfc3339(),
            actor: format!("os:{account}"),
            order_id: None,
            action: "sign-in".into(),
            outcome: Outcome::Refused,
            rules: vec![],
            detail: serde_json::json!({ "os_account": account, "claimed": claimed, "reason": reason }),
            rules_version: self.book.policy.version().into(),
        };
        self.store.write(|tx| tx.append_audit(&entry))?;
        Ok(())
    }

    /// The rules' verdict on `actor` doing `action`, which is about no order.
    pub(crate) fn desk_verdict(&self, actor: &Operator, action: ActionKind) -> Result<Verdict> {
        let draft = Draft::new(action);
        let now = self.book.clock.now();
        let on_shift = self.store.read().open_shift(&actor.login)?.is_some();
        let facts = Facts::without_order(
            ActorFacts::from_operator(actor, on_shift),
            DraftFacts::from_draft(&draft),
            now.fixed_offset(),
            self.book.shop.shop.currency,
        );
        Ok(self.book.policy.evaluate(&facts))
    }

    /// Refuses (and audits the refusal of) `action` by `actor` unless the rules allow it.
    pub(crate) fn require(
        &mut self,
        actor: &Operator,
        action: ActionKind,
        detail: serde_json::Value,
    ) -> Result<()> {
        let verdict = self.desk_verdict(actor, action)?;
        if verdict.allowed() {
            return Ok(());
        }
        let detail = serde_json::json!({ "detail": detail, "verdict": verdict });
        self.refuse_about_no_order(actor, action, verdict, detail)
    }

    /// Writes the refusal of `action` (about no order) to the audit and returns it as the
    /// error: the one way a refused read or desk-wide action is recorded.
    pub(crate) fn refuse_about_no_order<T>(
        &mut self,
        actor: &Operator,
        action: ActionKind,
        verdict: Verdict,
        detail: serde_json::Value,
    ) -> Result<T> {
        let entry = AuditEntry {
            at: self.book.clock.now().to_rfc3339(),
            actor: actor.login.clone(),
            order_id: None,
            action: action.as_str().into(),
            outcome: Outcome::Refused,
            rules: verdict.violations().map(|r| r.rule.clone()).collect(),
            detail,
            rules_version: self.book.policy.version().into(),
        };
        self.store.write(|tx| tx.append_audit(&entry))?;
        Err(DeskError::Refused(Box::new(verdict)))
    }

    /// Makes this (new, empty) store a shared one: marks it with its group, gives it a random
    /// id and takes `files` in as configuration version 1. `by` is the OS account setting it up.
    pub fn make_shared(
        &mut self,
        group: &str,
        files: &BTreeMap<String, String>,
        by: &str,
    ) -> Result<ConfigVersion> {
        let mut id = [0u8; 8];
        getrandom::fill(&mut id)
            .map_err(|e| DeskError::BadInput(format!("no randomness for the store's id: {e}")))?;
        let store_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let digest = config_digest(files);
        let now = self.book.clock.now().to_rfc3339();
        let rules_version = self.book.policy.version().to_owned();
        self.store.write(|tx| -> Result<ConfigVersion> {
            tx.set_meta(crate::session::SHARED_GROUP, group)?;
            tx.set_meta(STORE_ID, &store_id)?;
            let check = tx.seal(&crate::session::key_check_text(&store_id)).ok_or_else(|| {
                DeskError::BadInput("a shared store is made with its audit key".into())
            })?;
            tx.set_meta(crate::session::KEY_CHECK, &check)?;
            let version = tx.add_config_version(files, &now, by, &digest)?;
            tx.append_audit(&AuditEntry {
                at: now.clone(),
                actor: format!("os:{by}"),
                order_id: None,
                action: "init-shared".into(),
                outcome: Outcome::Done,
                rules: vec![],
                detail: serde_json::json!({ "group": group, "store": store_id, "config_version": version, "digest": digest }),
                rules_version,
            })?;
            Ok(ConfigVersion { version, applied_at: now, applied_by: by.to_owned(), digest })
        })
    }

    /// Takes `files` in as the shared store's new configuration, if the rules let `actor`
    /// change it. The caller has loaded and checked them whole; they take effect at the next
    /// start of any desk.
    pub fn apply_config(
        &mut self,
        actor: &Operator,
        files: &BTreeMap<String, String>,
    ) -> Result<ConfigVersion> {
        let digest = config_digest(files);
        self.require(actor, ActionKind::Configure, serde_json::json!({ "apply": digest }))?;
        let now = self.book.clock.now().to_rfc3339();
        let rules_version = self.book.policy.version().to_owned();
        let before = self.store.read().config_in_force()?.map(|(v, _)| v);
        self.store.write(|tx| -> Result<ConfigVersion> {
            let version = tx.add_config_version(files, &now, &actor.login, &digest)?;
            tx.append_audit(&AuditEntry {
                at: now.clone(),
                actor: actor.login.clone(),
                order_id: None,
                action: ActionKind::Configure.as_str().into(),
                outcome: Outcome::Done,
                rules: vec![],
                detail: serde_json::json!({
                    "config_version": version,
                    "digest": digest,
                    "replaces": before.as_ref().map(|b| serde_json::json!({ "version": b.version, "digest": b.digest })),
                }),
                rules_version,
            })?;
            Ok(ConfigVersion { version, applied_at: now, applied_by: actor.login.clone(), digest })
        })
    }

    /// The configuration versions applied so far, if the rules let `actor` see them.
    pub fn config_versions(&mut self, actor: &Operator) -> Result<Vec<ConfigVersion>> {
        self.require(actor, ActionKind::Configure, serde_json::json!({ "read": "versions" }))?;
        Ok(self.store.read().config_versions()?)
    }

    /// May `actor` read the configuration out (`config export`)? Audited when refused.
    pub fn may_configure(&mut self, actor: &Operator) -> Result<()> {
        self.require(actor, ActionKind::Configure, serde_json::json!({ "read": "export" }))
    }

    /// A signed checkpoint of the audit for the head of sales to keep. Only a shared store
    /// (which has the key) can sign one; reading it is the whole desk's review.
    pub fn audit_checkpoint(&mut self, actor: &Operator) -> Result<Checkpoint> {
        let today = self.today();
        self.may_review(actor, &super::Whose::Everyone, today, today)?;
        let tx = self.store.read();
        let id = tx.meta(STORE_ID)?.unwrap_or_default();
        tx.audit_checkpoint(&id, &self.book.clock.now().to_rfc3339())?.ok_or_else(|| {
            DeskError::BadInput("only a shared store signs checkpoints (see `opdesk init --shared`)".into())
        })
    }

    /// The checkpoint of a shared store, or none on a personal one (the day's report carries it).
    pub(crate) fn checkpoint_if_shared(&self) -> Result<Option<Checkpoint>> {
        let tx = self.store.read();
        let id = tx.meta(STORE_ID)?.unwrap_or_default();
        Ok(tx.audit_checkpoint(&id, &self.book.clock.now().to_rfc3339())?)
    }

    /// Holds the log against a checkpoint kept earlier; the problems found.
    pub fn check_checkpoint(&self, checkpoint: &Checkpoint) -> Result<Vec<ChainBreak>> {
        let tx = self.store.read();
        let id = tx.meta(STORE_ID)?.unwrap_or_default();
        Ok(tx.check_against(&id, checkpoint)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_changes_with_any_file() {
        let a = BTreeMap::from([("rules.toml".to_owned(), "x".to_owned())]);
        let mut b = a.clone();
        b.insert("rules.toml".into(), "y".into());
        assert_ne!(config_digest(&a), config_digest(&b));
        // Moving text between the name and the content changes it too.
        let c = BTreeMap::from([("rules.tomlx".to_owned(), String::new())]);
        assert_ne!(config_digest(&a), config_digest(&c));
    }
}
