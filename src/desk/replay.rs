//! `rules replay`: a supervisor tries a rule change against a day's real attempts before
//! switching it on. Every attempt the audit log recorded that day (an action on an order that
//! was done, refused or overridden) is judged again under the rules in force now, and every
//! verdict that would come out differently is listed.
//!
//! Facts: since every attempt's audit entry carries the facts the rules saw (see `act.rs`), an
//! attempt is judged on exactly those: the order, stock and customer as they were at that
//! moment, so a difference is the rules' doing and nothing else. An entry written without
//! them (before they were recorded, or in a shape this build no longer reads) is judged on its
//! order's CURRENT state instead, and marked so, because that state may have moved since.

use super::order_and_customer;
use super::{Desk, Result};
use crate::domain::Outcome;
use crate::domain::{ActionKind, Draft, Verdict};
use crate::policy::Facts;
use crate::store::AuditRecord;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

/// Where the facts an attempt is judged on came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactsBasis {
    /// As the audit entry recorded them at the time of the attempt.
    Recorded,
    /// Gathered now from the order's current state (the entry holds no facts).
    Current,
}

/// A verdict reduced to what a change is about: allowed, or refused by which rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    pub allowed: bool,
    /// The refusing rule ids, sorted.
    pub rules: Vec<String>,
}

impl Judgement {
    fn of(verdict: &Verdict) -> Judgement {
        let rules: BTreeSet<String> = verdict.violations().map(|r| r.rule.clone()).collect();
        Judgement { allowed: verdict.allowed(), rules: rules.into_iter().collect() }
    }

    /// What the entry says when it holds no verdict: `done` was allowed, the others name the
    /// refusing (or overridden) rules in the entry's `rules` column.
    fn of_entry(record: &AuditRecord) -> Judgement {
        let e = &record.entry;
        if e.outcome == Outcome::Done {
            return Judgement { allowed: true, rules: vec![] };
        }
        let rules: BTreeSet<String> = e.rules.iter().cloned().collect();
        Judgement { allowed: false, rules: rules.into_iter().collect() }
    }
}

/// A draft as an audit entry holds it. Entries written before the resolution had its own field
/// carried an appeal's resolution in `to`: read so, they replay as they were judged.
fn recorded_draft(value: &serde_json::Value) -> Option<Draft> {
    let mut draft = serde_json::from_value::<Draft>(value.clone()).ok()?;
    if draft.action == crate::domain::ActionKind::ResolveAppeal && draft.resolution.is_none() {
        draft.resolution = draft.to.take().and_then(|w| w.parse().ok());
    }
    Some(draft)
}

/// How a verdict changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// It was allowed (done); the new rules refuse it.
    NowRefused,
    /// It was refused (or needed an override); the new rules allow it.
    NowAllowed,
    /// Refused before and after, by different rules.
    OtherRules,
}

/// One attempt whose verdict would change.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayedAttempt {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub order: String,
    pub action: ActionKind,
    /// What happened then: `done`, `refused` or `overridden`.
    pub outcome: Outcome,
    pub facts: FactsBasis,
    pub change: Change,
    pub was: Judgement,
    pub now: Judgement,
}

/// An attempt that could not be judged again, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub seq: i64,
    pub reason: String,
}

/// The day replayed.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    pub date: NaiveDate,
    pub time_zone: String,
    /// The version of the rules the day was judged again under.
    pub rules_version: String,
    /// The versions the day's attempts were recorded under.
    pub recorded_versions: Vec<String>,
    /// Attempts judged again.
    pub attempts: usize,
    /// How many of them were judged on the order's current state.
    pub on_current_state: usize,
    pub changed: Vec<ReplayedAttempt>,
    pub skipped: Vec<Skipped>,
}

impl Desk {
    /// Judges the attempts recorded on `date` (the shop's day) again under the rules in force.
    pub fn replay(&self, date: NaiveDate) -> Result<Replay> {
        self.replay_under(date, &self.book.policy)
    }

    /// The day's attempts judged again under `policy` instead of the rules in force: on a shared
    /// store, a head of sales tries a candidate configuration this way before applying it.
    pub fn replay_under(&self, date: NaiveDate, policy: &crate::policy::Policy) -> Result<Replay> {
        let (from, to) = self.day_bounds(date);
        let tx = self.store.read();
        let mut replay = Replay {
            date,
            time_zone: self.book.shop.shop.time_zone.name().to_owned(),
            rules_version: policy.version().to_owned(),
            recorded_versions: vec![],
            attempts: 0,
            on_current_state: 0,
            changed: vec![],
            skipped: vec![],
        };
        let mut versions = BTreeSet::new();
        for record in tx.audit_between(&from.to_rfc3339(), &to.to_rfc3339())? {
            let e = &record.entry;
            let Some(order) = e.order_id.clone() else { continue };
            let Some(draft) = e.detail.get("draft").and_then(recorded_draft) else {
                replay
                    .skipped
                    .push(Skipped { seq: record.seq, reason: "the entry holds no readable draft".into() });
                continue;
            };
            let recorded =
                e.detail.get("facts").and_then(|f| serde_json::from_value::<Facts>(f.clone()).ok());
            let (facts, basis) = match recorded {
                Some(facts) => (facts, FactsBasis::Recorded),
                None => match self.current_facts(&tx, &e.actor, &order, &draft) {
                    Ok(facts) => (facts, FactsBasis::Current),
                    Err(reason) => {
                        replay.skipped.push(Skipped { seq: record.seq, reason });
                        continue;
                    }
                },
            };
            versions.insert(e.rules_version.clone());
            replay.attempts += 1;
            if basis == FactsBasis::Current {
                replay.on_current_state += 1;
            }
            let was =
                match e.detail.get("verdict").and_then(|v| serde_json::from_value::<Verdict>(v.clone()).ok())
                {
                    Some(v) => Judgement::of(&v),
                    None => Judgement::of_entry(&record),
                };
            let now = Judgement::of(&policy.evaluate(&facts));
            let change = match (was.allowed, now.allowed) {
                (true, false) => Change::NowRefused,
                (false, true) => Change::NowAllowed,
                (false, false) if was.rules != now.rules => Change::OtherRules,
                _ => continue,
            };
            replay.changed.push(ReplayedAttempt {
                seq: record.seq,
                at: e.at.clone(),
                actor: e.actor.clone(),
                order,
                action: draft.action,
                outcome: e.outcome,
                facts: basis,
                change,
                was,
                now,
            });
        }
        replay.recorded_versions = versions.into_iter().collect();
        Ok(replay)
    }

    /// `[midnight, next midnight)` of `date` in the shop's zone, as UTC instants (the audit log
    /// keeps UTC).
    fn day_bounds(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let shop = &self.book.shop.shop;
        (shop.day_start(date), shop.day_start(date.succ_opt().unwrap_or(date)))
    }

    /// The facts of an attempt gathered from the order as it is now.
    fn current_facts(
        &self,
        tx: &crate::store::Tx<'_>,
        login: &str,
        key: &str,
        draft: &Draft,
    ) -> std::result::Result<Facts, String> {
        let actor = self
            .book
            .shop
            .operator(login)
            .ok_or_else(|| format!("{login:?} is no longer a configured operator"))?;
        let (order, customer) = order_and_customer(tx, key).map_err(|e| e.to_string())?;
        self.book.gather_facts(tx, actor, &order, &customer, draft).map_err(|e| e.to_string())
    }
}
