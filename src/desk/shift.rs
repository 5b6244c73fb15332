//! Shift change (E1–E3): starting and ending a shift, writing a handoff note, the duty
//! operator's inbox and taking a handoff into work. Each change is one IMMEDIATE transaction
//! with its audit entry; a refusal is committed with its own audit entry, as in `act`.
//!
//! Who may take a handoff is a rule (`E2` in `rules.toml`, over the action `take-handoff`), and
//! so is who may write one (`E1`, action `handoff`); the rules also see SuperVip customers
//! (B10) there. What an order needs while its operator is away is
//! [`crate::domain::needs_while_away`].

use super::order_and_customer;
use super::{Attempt, Desk, DeskError, Result, Rulebook};
use crate::domain::Outcome;
use crate::domain::{
    ActionKind, AwayNeed, Draft, Due, DueKind, Operator, Order, OrderStatus, needs_while_away,
};
use crate::store::{AuditEntry, Handoff, OrderQuery, Shift, Sort, Tx};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Serialize;

/// How many of an operator's orders are read at a time when shift end looks through them.
const WINDOW: usize = 500;

/// An open order of the operator that needs someone while they are away (E1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwayItem {
    pub order: String,
    pub status: OrderStatus,
    pub needs: Vec<AwayNeed>,
    /// The order's nearest deadline.
    pub due: Option<Due>,
    /// The handoff written on it since the shift started, if any.
    pub handoff: Option<i64>,
}

/// The rulebook's rule for leaving: no open order without a handoff note.
const SHIFT_CHANGE_RULE: &str = "E1";

/// Why a shift cannot end: the orders that need someone and have no handoff note (E1), or an
/// override nobody allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftRefusal {
    /// The rule that refuses (the shift change's).
    pub rule: &'static str,
    pub operator: String,
    pub reason: String,
    pub missing: Vec<AwayItem>,
}

impl std::fmt::Display for ShiftRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}'s shift cannot end: {}", self.operator, self.reason)?;
        for item in &self.missing {
            let needs: Vec<&str> = item.needs.iter().map(|n| crate::domain::Vocabulary::as_str(*n)).collect();
            write!(f, "; {} ({})", item.order, needs.join(", "))?;
        }
        Ok(())
    }
}

/// A shift that ended, with what its operator left behind.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftEnded {
    pub shift: Shift,
    /// Every order that needed someone, each with its handoff (or none, when overridden).
    pub items: Vec<AwayItem>,
    /// The supervisor's written reason when orders were left without a note.
    pub overridden: Option<String>,
    pub audit_seq: i64,
}

/// A handoff as the inbox and its author see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoffView {
    #[serde(flatten)]
    pub handoff: Handoff,
    pub order_status: OrderStatus,
    pub owner: Option<String>,
    /// When an untaken handoff turns late (E2: `handoff_late_hours` after it was written).
    pub late_at: DateTime<Utc>,
    /// Not taken and past `late_at`: the supervisor's business.
    pub late: bool,
    /// The order's nearest deadline.
    pub due: Option<Due>,
}

/// The inbox's numbers for headers: handoffs nobody took, and how many of them are late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct HandoffCounts {
    pub untaken: i64,
    pub late: i64,
}

impl Desk {
    /// Starts `actor`'s shift; one at a time.
    pub fn start_shift(&mut self, actor: &Operator) -> Result<Shift> {
        let book = &self.book;
        self.store.write(|tx| {
            if let Some(open) = tx.open_shift(&actor.login)? {
                return Err(DeskError::BadInput(format!(
                    "{} is already on shift since {}",
                    actor.login,
                    open.started_at.to_rfc3339()
                )));
            }
            let now = book.clock.now();
            let id = tx.start_shift(&actor.login, now)?;
            let detail = serde_json::json!({ "shift": id });
            tx.append_audit(&AuditEntry { detail, ..book.entry(actor, None, "shift-start") })?;
            tx.open_shift(&actor.login)?
                .ok_or_else(|| DeskError::Conflict(format!("the shift of {} ended meanwhile", actor.login)))
        })
    }

    /// `login`'s shift in progress and what their open orders need while they are away; what
    /// ending the shift now would ask for.
    pub fn shift_status(&self, login: &str) -> Result<(Option<Shift>, Vec<AwayItem>)> {
        let tx = self.store.read();
        let shift = tx.open_shift(login)?;
        let since = shift.as_ref().map(|s| s.started_at);
        let items = self.book.away_items(&tx, login, since)?;
        Ok((shift, items))
    }

    /// Ends the shift of `whose` (the actor's own when `None`). Refused (E1) while an open order
    /// that needs someone has no handoff written since the shift started, unless a role allowed
    /// to override gives a written reason; the reason and the orders left go to the audit.
    pub fn end_shift(
        &mut self,
        actor: &Operator,
        whose: Option<&str>,
        override_reason: Option<&str>,
    ) -> Result<ShiftEnded> {
        let login = whose.unwrap_or(&actor.login).to_owned();
        if self.book.shop.operator(&login).is_none() {
            return Err(DeskError::BadInput(format!("{login:?} is not a configured operator")));
        }
        if override_reason.is_some_and(|r| r.trim().is_empty()) {
            return Err(DeskError::BadInput("--override needs a written reason".into()));
        }
        crate::domain::limits::too_long(
            "--override",
            override_reason.unwrap_or_default(),
            crate::domain::limits::MAX_TEXT,
        )
        .map_err(DeskError::BadInput)?;
        let book = &self.book;
        let may_override = book.policy.may_override(&actor.roles);
        let attempt = self.store.write(|tx| -> Result<Attempt<ShiftEnded>> {
            let shift = tx.open_shift(&login)?.ok_or_else(|| {
                DeskError::BadInput(format!(
                    "{login} has no shift in progress (start one: opdesk shift start)"
                ))
            })?;
            let items = book.away_items(tx, &login, Some(shift.started_at))?;
            let missing: Vec<AwayItem> = items.iter().filter(|i| i.handoff.is_none()).cloned().collect();
            let refusal = if login != actor.login && !may_override {
                Some(format!("only a supervisor ends another operator's shift ({} tried)", actor.login))
            } else if override_reason.is_some() && !may_override {
                Some(format!("{} may not override; the head of sales may", actor.login))
            } else if !missing.is_empty() && override_reason.is_none() {
                Some(format!(
                    "{} open order(s) need someone while {login} is away and have no handoff note",
                    missing.len()
                ))
            } else {
                None
            };
            if let Some(reason) = refusal {
                let refusal =
                    ShiftRefusal { rule: SHIFT_CHANGE_RULE, operator: login.clone(), reason, missing };
                let detail =
                    serde_json::json!({ "shift": shift.id, "refusal": refusal, "override": override_reason });
                let entry = book.entry(actor, None, "shift-end");
                tx.append_audit(&AuditEntry {
                    outcome: Outcome::Refused,
                    rules: vec!["E1".into()],
                    detail,
                    ..entry
                })?;
                return Ok(Attempt::Refused(DeskError::ShiftRefused(Box::new(refusal))));
            }
            let now = book.clock.now();
            tx.end_shift(shift.id, now)?;
            let overridden = override_reason.filter(|_| !missing.is_empty()).map(str::to_owned);
            let outcome = if overridden.is_some() { Outcome::Overridden } else { Outcome::Done };
            let rules = if overridden.is_some() { vec!["E1".into()] } else { vec![] };
            let detail = serde_json::json!({
                "shift": shift.id, "operator": login, "items": items, "left_without_note": missing,
                "override": overridden,
            });
            let entry = book.entry(actor, None, "shift-end");
            let audit_seq = tx.append_audit(&AuditEntry { outcome, rules, detail, ..entry })?;
            let shift = Shift { ended_at: Some(now.fixed_offset()), ..shift };
            Ok(Attempt::Done(ShiftEnded { shift, items, overridden, audit_seq }))
        })?;
        attempt.into_result()
    }

    /// Writes a handoff note on `key` (E1). The note is required; `next_at`, the time of the next
    /// step, becomes a deadline of the order until the customer is reached.
    pub fn write_handoff(
        &mut self,
        actor: &Operator,
        key: &str,
        note: &str,
        next_at: Option<DateTime<Utc>>,
    ) -> Result<HandoffView> {
        let note = note.trim();
        if note.is_empty() {
            return Err(DeskError::BadInput(
                "a handoff needs --note: what was promised and by when, what to do next and when".into(),
            ));
        }
        crate::domain::limits::too_long("--note", note, crate::domain::limits::MAX_TEXT)
            .map_err(DeskError::BadInput)?;
        let now = self.book.clock.now();
        if let Some(at) = next_at
            && at < now
        {
            return Err(DeskError::BadInput(format!(
                "--next-at {} has already passed (now {})",
                at.to_rfc3339(),
                now.to_rfc3339()
            )));
        }
        let book = &self.book;
        let attempt = self.store.write(|tx| -> Result<Attempt<HandoffView>> {
            let (mut order, customer) = order_and_customer(tx, key)?;
            if order.status.is_closed() {
                return Err(DeskError::BadInput(format!(
                    "{} is {}: a closed order needs no handoff",
                    order.id, order.status
                )));
            }
            let mut draft = Draft::new(ActionKind::Handoff);
            draft.note = note.to_owned();
            draft.at = next_at.map(|t| t.fixed_offset());
            let facts = book.gather_facts(tx, actor, &order, &customer, &draft)?;
            let verdict = book.policy.evaluate(&facts);
            if !verdict.allowed() {
                book.audit_refusal(tx, actor, &order, &draft, &verdict, &facts)?;
                return Ok(Attempt::Refused(DeskError::Refused(Box::new(verdict))));
            }
            let id = tx.write_handoff(order.number, &actor.login, now, note, next_at)?;
            let next = next_at.map(|t| format!(" (next step at {})", t.to_rfc3339())).unwrap_or_default();
            tx.add_comment(order.number, &actor.login, now, &format!("handoff #{id}: {note}{next}"))?;
            let expected = order.version;
            let due = book.due_of(tx, &order)?;
            tx.update_order_state(&order, expected, due)?;
            order.version += 1;
            let detail = serde_json::json!({ "handoff": id, "draft": draft, "verdict": verdict });
            let rules = verdict.rules.iter().map(|r| r.rule.clone()).collect();
            tx.append_audit(&AuditEntry { rules, detail, ..book.entry(actor, Some(&order.id), "handoff") })?;
            Ok(Attempt::Done(book.view_of(tx, id)?))
        })?;
        attempt.into_result()
    }

    /// Takes handoff `id` into work (E2): the order passes to `actor`, a new order goes into
    /// work, the handoff records who took it and when. Who may take is the rules' `E2`; a second
    /// take is a conflict naming who was first.
    pub fn take_handoff(
        &mut self,
        actor: &Operator,
        id: i64,
        override_reason: Option<&str>,
    ) -> Result<HandoffView> {
        if override_reason.is_some_and(|r| r.trim().is_empty()) {
            return Err(DeskError::BadInput("--override needs a written reason".into()));
        }
        crate::domain::limits::too_long(
            "--override",
            override_reason.unwrap_or_default(),
            crate::domain::limits::MAX_TEXT,
        )
        .map_err(DeskError::BadInput)?;
        let book = &self.book;
        let written = self.store.write(|tx| -> Result<Attempt<HandoffView>> {
            let handoff = tx
                .handoff(id)?
                .ok_or_else(|| DeskError::NotFound(format!("no handoff #{id} (see opdesk handoff list)")))?;
            if let Some(by) = &handoff.taken_by {
                return Err(taken_already(&handoff, by));
            }
            let (mut order, customer) = order_and_customer(tx, &handoff.order_id)?;
            let mut draft = Draft::new(ActionKind::TakeHandoff);
            draft.note = handoff.note.clone();
            draft.override_reason = override_reason.map(str::to_owned);
            let facts = book.gather_facts(tx, actor, &order, &customer, &draft)?;
            let verdict = book.policy.evaluate(&facts);
            let overridden = !verdict.allowed();
            if overridden && !book.policy.override_lifts(&verdict, &facts) {
                book.audit_refusal(tx, actor, &order, &draft, &verdict, &facts)?;
                return Ok(Attempt::Refused(DeskError::Refused(Box::new(verdict))));
            }
            let now = book.clock.now();
            if !tx.take_handoff(id, &actor.login, now)? {
                let by = tx.handoff(id)?.and_then(|h| h.taken_by).unwrap_or_else(|| "someone".into());
                return Err(taken_already(&handoff, &by));
            }
            tx.take_handoffs_of_order(order.number, &actor.login, now)?;
            let expected = order.version;
            let from = order.owner.replace(actor.login.clone());
            if order.status == OrderStatus::New {
                order.status = OrderStatus::InWork;
                order.status_since = now.fixed_offset();
            }
            let line = format!("handoff #{id} from {} taken into work by {}", handoff.author, actor.login);
            tx.add_comment(order.number, &actor.login, now, &line)?;
            let due = book.due_of(tx, &order)?;
            tx.update_order_state(&order, expected, due)?;
            let rules = if overridden {
                verdict.violations().map(|r| r.rule.clone()).collect()
            } else {
                verdict.rules.iter().map(|r| r.rule.clone()).collect()
            };
            let mut detail = serde_json::json!({
                "handoff": id, "from": from, "author": handoff.author, "verdict": verdict,
            });
            if overridden {
                detail["override"] = serde_json::json!(override_reason);
            }
            let outcome = if overridden { Outcome::Overridden } else { Outcome::Done };
            let entry = book.entry(actor, Some(&order.id), "take-handoff");
            tx.append_audit(&AuditEntry { outcome, rules, detail, ..entry })?;
            Ok(Attempt::Done(book.view_of(tx, id)?))
        });
        let attempt = match written {
            Err(lost @ (DeskError::Conflict(_) | DeskError::Stale(_))) => {
                let order = self.store.read().handoff(id)?.map(|h| h.order_id);
                self.audit_lost(
                    actor,
                    order.as_deref(),
                    crate::domain::Vocabulary::as_str(ActionKind::TakeHandoff),
                    &lost,
                )?;
                return Err(lost);
            }
            other => other?,
        };
        attempt.into_result()
    }

    /// The duty operator's inbox (E2): handoffs nobody took, oldest first.
    pub fn handoff_inbox(&self, limit: usize) -> Result<Vec<HandoffView>> {
        let tx = self.store.read();
        tx.untaken_handoffs(limit)?.into_iter().map(|h| self.book.view(&tx, h)).collect()
    }

    /// Handoffs `login` wrote, newest first: whether and by whom each was taken.
    pub fn handoffs_written_by(&self, login: &str, limit: usize) -> Result<Vec<HandoffView>> {
        let tx = self.store.read();
        tx.handoffs_by_author(login, limit)?.into_iter().map(|h| self.book.view(&tx, h)).collect()
    }

    /// Every handoff, newest first, in a window.
    pub fn all_handoffs(&self, limit: usize, offset: usize) -> Result<Vec<HandoffView>> {
        let tx = self.store.read();
        tx.recent_handoffs(limit, offset)?.into_iter().map(|h| self.book.view(&tx, h)).collect()
    }

    /// The oldest handoff of order `key` nobody has taken yet, if any.
    pub fn untaken_handoff_of(&self, key: &str) -> Result<Option<HandoffView>> {
        let tx = self.store.read();
        let order = tx.order(key)?.ok_or_else(|| Desk::not_found(key))?;
        let first = tx.handoffs_of_order(order.number)?.into_iter().find(|h| h.taken_by.is_none());
        first.map(|h| self.book.view(&tx, h)).transpose()
    }

    /// One handoff.
    pub fn handoff(&self, id: i64) -> Result<HandoffView> {
        self.book.view_of(&self.store.read(), id)
    }

    /// How many handoffs wait for the duty operator, and how many of them are late.
    pub fn handoff_counts(&self) -> Result<HandoffCounts> {
        let tx = self.store.read();
        let late_before = self.book.clock.now() - Duration::hours(self.book.deadlines.handoff_late_hours);
        Ok(HandoffCounts {
            untaken: tx.count_untaken_handoffs()?,
            late: tx.count_untaken_handoffs_before(late_before)?,
        })
    }
}

fn taken_already(handoff: &Handoff, by: &str) -> DeskError {
    let when = handoff.taken_at.map(|t| format!(" at {}", t.to_rfc3339())).unwrap_or_default();
    DeskError::Conflict(format!(
        "handoff #{} on {} was already taken into work by {by}{when}",
        handoff.id, handoff.order_id
    ))
}

impl Rulebook {
    /// The open orders `login` owns that need someone while they are away, each with the
    /// handoff written on it since `since` (the shift's start), if any.
    fn away_items(
        &self,
        tx: &Tx<'_>,
        login: &str,
        since: Option<DateTime<FixedOffset>>,
    ) -> Result<Vec<AwayItem>> {
        let back = self.clock.now() + Duration::hours(self.deadlines.away_hours);
        let mut query = OrderQuery {
            statuses: OrderStatus::open().collect(),
            owner: Some(login.to_owned()),
            sort: Sort::Due,
            limit: WINDOW,
            ..OrderQuery::default()
        };
        let mut items = Vec::new();
        loop {
            let rows = tx.orders(&query)?;
            for row in &rows {
                let Some(order) = tx.order(&row.id)? else { continue };
                if let Some(item) = self.away_item(tx, &order, back, since)? {
                    items.push(item);
                }
            }
            if rows.len() < WINDOW {
                return Ok(items);
            }
            query.offset += WINDOW;
        }
    }

    fn away_item(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        back: DateTime<Utc>,
        since: Option<DateTime<FixedOffset>>,
    ) -> Result<Option<AwayItem>> {
        let now = self.clock.now();
        let parcel_waits = self.parcel_needs_someone(order);
        // A routine delivery control of a parcel on its way (B19) is the queue's, not a reason
        // to write a handoff: only one already missed, a late parcel or one waiting at the
        // branch needs someone while the operator is away.
        let deadlines: Vec<Due> = self
            .deadlines_of(tx, order)?
            .into_iter()
            .map(|d| d.due)
            .filter(|d| d.kind != DueKind::DeliveryCheck || parcel_waits || d.is_overdue(now))
            .collect();
        let needs = needs_while_away(order.status, &tx.last_outcome(order.number)?, &deadlines, back);
        if needs.is_empty() {
            return Ok(None);
        }
        let handoff = match since {
            Some(since) => tx
                .handoffs_of_order(order.number)?
                .into_iter()
                .rev()
                .find(|h| h.created_at >= since)
                .map(|h| h.id),
            None => None,
        };
        Ok(Some(AwayItem {
            order: order.id.clone(),
            status: order.status,
            needs,
            due: deadlines.first().copied(),
            handoff,
        }))
    }

    fn view_of(&self, tx: &Tx<'_>, id: i64) -> Result<HandoffView> {
        let h = tx.handoff(id)?.ok_or_else(|| DeskError::NotFound(format!("no handoff #{id}")))?;
        self.view(tx, h)
    }

    fn view(&self, tx: &Tx<'_>, handoff: Handoff) -> Result<HandoffView> {
        let order = tx.order(&handoff.order_id)?.ok_or_else(|| {
            DeskError::NotFound(format!(
                "handoff #{} names order {}, which is gone",
                handoff.id, handoff.order_id
            ))
        })?;
        let late_at =
            handoff.created_at.with_timezone(&Utc) + Duration::hours(self.deadlines.handoff_late_hours);
        Ok(HandoffView {
            late: handoff.taken_by.is_none() && late_at <= self.clock.now(),
            late_at,
            order_status: order.status,
            owner: order.owner,
            due: tx.order_due(order.number)?,
            handoff,
        })
    }

    /// An audit entry of this rulebook's version, now, by `actor`: done, no rules, no detail
    /// until the caller says otherwise.
    fn entry(&self, actor: &Operator, order: Option<&str>, action: &str) -> AuditEntry {
        AuditEntry {
            at: self.clock.now().to_rfc3339(),
            actor: actor.login.clone(),
            order_id: order.map(str::to_owned),
            action: action.into(),
            outcome: Outcome::Done,
            rules: vec![],
            detail: serde_json::Value::Null,
            rules_version: self.policy.version().into(),
        }
    }
}
