//! Performing an action: read the order, judge the draft, and either record the refusal or
//! apply the change, the ledger lines and the audit entry, all in one IMMEDIATE transaction.

use super::{Attempt, Desk, DeskError, Result, Rulebook};
use crate::domain::Outcome;
use crate::domain::workflow::Move;
use crate::domain::{
    ActionKind, Customer, Draft, LedgerKind, Money, Operator, Order, Verdict, Vocabulary, wish,
};
use crate::domain::{MoneyKind, MoneyLine};
use crate::policy::Facts;
use crate::store::{AuditEntry, LedgerWrite, StoreError, Tx};
use chrono::Datelike;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// A ledger line an action booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booked {
    pub rule: String,
    pub kind: LedgerKind,
    pub operator: String,
    pub amount: Money,
    pub message: String,
}

/// What a performed action did.
#[derive(Debug, Clone, Serialize)]
pub struct Performed {
    pub order: String,
    pub action: ActionKind,
    pub status: crate::domain::OrderStatus,
    pub owner: Option<String>,
    pub verdict: Verdict,
    /// A refusal was lifted by an allowed role's written reason.
    pub overridden: bool,
    pub booked: Vec<Booked>,
    pub audit_seq: i64,
}

impl Desk {
    /// The verdict on `draft` for `order` now, without changing anything: the live checklist.
    pub fn evaluate(&self, actor: &Operator, key: &str, draft: &Draft) -> Result<Verdict> {
        // One read transaction: the facts come from one moment, and a dozen statements share
        // the file's locks instead of taking them one by one.
        let facts = self.store.reading(|tx| -> Result<_> {
            let (order, customer) = super::order_and_customer(tx, key)?;
            self.book.check_input(tx, &order, draft)?;
            self.book.gather_checklist_facts(tx, actor, &order, &customer, draft)
        })?;
        Ok(self.book.policy.evaluate(&facts))
    }

    /// Performs `draft` on `order` as `actor`. With `expected_version` (the version the form was
    /// opened on) a change made meanwhile by someone else is refused as stale.
    pub fn perform(
        &mut self,
        actor: &Operator,
        key: &str,
        draft: Draft,
        expected_version: Option<i64>,
    ) -> Result<Performed> {
        // A handoff is judged like any action (the checklist), but written by its own use case.
        if matches!(draft.action, ActionKind::Handoff | ActionKind::TakeHandoff) {
            return Err(bad(format!(
                "{} has its own command: opdesk handoff write ORDER --note TEXT, opdesk handoff take ID",
                draft.action
            )));
        }
        let book = &self.book;
        let words = self.scripts.as_ref().map(|s| s.words());
        let written = self.store.write(|tx| -> Result<Attempt<Performed>> {
            let (order, customer) = super::order_and_customer(tx, key)?;
            if let Some(v) = expected_version
                && v != order.version
            {
                return Err(StoreError::Stale(order.id.clone()).into());
            }
            let movement = book.check_input(tx, &order, &draft)?;
            let facts = book.gather_facts(tx, actor, &order, &customer, &draft)?;
            let verdict = book.policy.evaluate(&facts);
            let overridden = !verdict.allowed();
            if overridden && !book.policy.override_lifts(&verdict, &facts) {
                book.audit_refusal(tx, actor, &order, &draft, &verdict, &facts)?;
                return Ok(Attempt::Refused(DeskError::Refused(Box::new(verdict))));
            }
            let performed = book
                .apply(tx, actor, order, &customer, &draft, movement, verdict, overridden, &facts, words)?;
            Ok(Attempt::Done(performed))
        });
        let attempt = match written {
            Err(lost @ (DeskError::Conflict(_) | DeskError::Stale(_))) => {
                let order = self.store.read().order(key)?.map(|o| o.id);
                self.audit_lost(actor, order.as_deref(), draft.action.as_str(), &lost)?;
                return Err(lost);
            }
            other => other?,
        };
        attempt.into_result()
    }

    /// An attempt the rules refuse, recorded without doing anything: a form submitted while its
    /// checklist says no. The desk judges the draft again on the order as it is now and, if it
    /// is still refused (and no override lifts it), writes the refusal to the audit log like a
    /// refused `perform`, so the day's review counts it. Never performs: when the rules now
    /// allow the draft, it returns that verdict and the caller asks the operator again.
    pub fn record_refusal(&mut self, actor: &Operator, key: &str, draft: &Draft) -> Result<Verdict> {
        let book = &self.book;
        self.store.write(|tx| -> Result<Verdict> {
            let (order, customer) = super::order_and_customer(tx, key)?;
            book.check_input(tx, &order, draft)?;
            let facts = book.gather_facts(tx, actor, &order, &customer, draft)?;
            let verdict = book.policy.evaluate(&facts);
            if !verdict.allowed() && !book.policy.override_lifts(&verdict, &facts) {
                book.audit_refusal(tx, actor, &order, draft, &verdict, &facts)?;
            }
            Ok(verdict)
        })
    }
}

pub(super) fn bad(message: impl Into<String>) -> DeskError {
    DeskError::BadInput(message.into())
}

impl Rulebook {
    pub(super) fn audit_refusal(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &Order,
        draft: &Draft,
        verdict: &Verdict,
        facts: &Facts,
    ) -> Result<i64> {
        // The facts go with the verdict so `rules replay` can judge the attempt again on exactly
        // what the rules saw, not on the order as it has moved on since.
        let mut detail = serde_json::json!({ "draft": draft, "verdict": verdict, "facts": facts });
        if draft.override_reason.is_some() {
            let why = if !self.policy.may_override(&facts.actor.roles) {
                "the operator's role may not override"
            } else {
                "a refusing rule may not be overridden"
            };
            detail["override_refused"] = serde_json::json!(why);
        }
        Ok(tx.append_audit(&AuditEntry {
            at: self.clock.now().to_rfc3339(),
            actor: actor.login.clone(),
            order_id: Some(order.id.clone()),
            action: draft.action.as_str().into(),
            outcome: Outcome::Refused,
            rules: verdict.violations().map(|r| r.rule.clone()).collect(),
            detail,
            rules_version: self.policy.version().into(),
        })?)
    }

    #[allow(clippy::too_many_arguments)]
    fn apply(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        mut order: Order,
        customer: &Customer,
        draft: &Draft,
        movement: Move,
        verdict: Verdict,
        overridden: bool,
        facts: &Facts,
        words: Option<&crate::scripts::Words>,
    ) -> Result<Performed> {
        use ActionKind as A;
        let now = self.clock.now();
        let expected_version = order.version;
        let from = order.status;
        if let Move::To(status) = movement {
            order.status = status;
            order.status_since = now.fixed_offset();
        }
        let note = draft.note.trim();
        let mut history: Vec<String> = Vec::new();
        // A7: taken from the order's lines before an edit changes them.
        let wishes = if matches!(draft.action, A::Cancel | A::Edit) {
            missing_product_wishes(tx, &order, draft)?
        } else {
            Vec::new()
        };
        let edit = self.record_life(tx, actor, &mut order, from, draft, &mut history)?;
        let mut archive_at: Option<DateTime<Utc>> = None;
        match draft.action {
            A::Claim => order.owner = Some(actor.login.clone()),
            A::Transfer => {
                order.owner = draft.to.clone();
                history.push(format!("transferred to {}{}", draft.to.as_deref().unwrap_or(""), with(note)));
            }
            A::Cancel => {
                // B4: the reason and the cancelling operator's surname go on the order.
                let reason = draft.reason.map_or("no reason", |r| r.as_str());
                history.push(format!("cancelled: {reason}, by {}{}", actor.surname(), with(note)));
            }
            A::Question => {
                tx.record_question(order.number, now, note, &actor.login)?;
                history
                    .push(format!("the customer asks (B1, answer within the hours the rules give): {note}"));
            }
            _ => {}
        }
        // A7: every missing product is reported to the head of analytics on a product wish; it
        // goes where wishes are kept (`opdesk wishes`), not only into the audit detail.
        for fields in &wishes {
            let fields = serde_json::to_value(fields).unwrap_or_default();
            tx.record_wish(
                now,
                &actor.login,
                Some(&order.id),
                Some(&customer.id),
                wish::KIND_PRODUCT,
                &fields,
            )?;
        }
        if !wishes.is_empty() {
            let skus: Vec<&str> =
                wishes.iter().filter_map(|w| w.get(wish::SKU).map(String::as_str)).collect();
            let what = if skus.is_empty() { String::new() } else { format!(": {}", skus.join(", ")) };
            let count = match wishes.len() {
                1 => "product wish".to_owned(),
                n => format!("{n} product wishes"),
            };
            history.push(format!("{count} recorded for the head of analytics (A7){what}"));
        }
        match draft.action {
            A::Cancel | A::Edit => {}
            A::Contact => {
                tx.set_last_outcome(order.number, "contacted")?;
                tx.complete_callbacks(order.number, &actor.login, now)?;
                // B1: the contact is the answer to the customer's open questions.
                if tx.answer_questions(order.number, &actor.login, now)? > 0 {
                    history.push("the customer's question answered (B1)".into());
                }
                // Reaching the customer is the next step a handoff promised.
                tx.complete_handoff_steps(order.number, now)?;
                // A delivery control already said it with the note.
                if !note.is_empty() && !order.status.is_with_delivery() {
                    history.push(format!("contacted: {note}"));
                }
            }
            A::NoAnswer => {
                tx.set_last_outcome(order.number, "no_answer")?;
                let channel = draft.channel.map_or("no message", |c| c.as_str());
                history.push(format!("no answer; message sent by {channel}{}", with(note)));
                // B13 (seed 002: «второй год (и более)»): a customer blocked for more than a year
                // who does not answer gets the shop's word «АРХИВ» as the comment and a call on
                // the date the head of sales set (`archive_call_date`).
                let archive_after = self.policy.param("archive_blocked_years").unwrap_or(1);
                if facts.customer.blocked && facts.customer.blocked_years >= archive_after {
                    if let Some(word) = words.map(|w| w.of(customer.language).archive.clone()) {
                        order.comment = word.clone();
                        history.push(word);
                    }
                    if let Some(at) = self.archive_call(now) {
                        archive_at = Some(at);
                        history.push(format!(
                            "call scheduled on {} (the date the head of sales set, B13)",
                            at.with_timezone(&self.shop.shop.time_zone).date_naive()
                        ));
                    }
                }
            }
            A::SiteError => {
                // A8: a report for the information department; the credit waits for its
                // confirmation. Without --page the note names the page.
                let page = draft.page.as_deref().map(str::trim).filter(|p| !p.is_empty()).unwrap_or(note);
                let problem = draft.problem.unwrap_or(crate::domain::SiteProblem::Other);
                let (id, earlier) =
                    tx.report_site_error(now, &actor.login, &order.id, page, problem, note)?;
                let dup = earlier.map_or(String::new(), |e| format!(" (a duplicate of report {e})"));
                history.push(format!("site error reported as #{id}, {problem}{dup}: {note}"));
            }
            // Said above, or by `record_life` with the note.
            A::Claim | A::Transfer | A::Reserve | A::Ship | A::Track => {}
            A::ConfirmSiteError | A::RejectSiteError => {
                let id = draft.site_error.unwrap_or_default();
                let (state, word) = if draft.action == A::ConfirmSiteError {
                    (crate::domain::SiteErrorState::Confirmed, "confirmed")
                } else {
                    (crate::domain::SiteErrorState::Rejected, "rejected")
                };
                if !tx.decide_site_error(id, state, &actor.login, now, note)? {
                    return Err(DeskError::Conflict(format!("site-error report {id} was decided meanwhile")));
                }
                history.push(format!("site error #{id} {word} by the information department{}", with(note)));
            }
            A::Escalate => {
                // A6: the escalation has an owner (the administrator, then analytics) and a state.
                let id = tx.raise_escalation(&order.id, now, &actor.login, note)?;
                history.push(format!("escalated to the administrator as #{id}: {note}"));
            }
            A::PassEscalation => {
                let id = draft.escalation.unwrap_or_default();
                if !tx.pass_escalation(id, &actor.login, now)? {
                    return Err(DeskError::Conflict(format!("escalation {id} moved meanwhile")));
                }
                history.push(format!("escalation #{id} passed to the analytics department{}", with(note)));
            }
            A::ResolveEscalation => {
                let id = draft.escalation.unwrap_or_default();
                if !tx.resolve_escalation(id, &actor.login, now, note)? {
                    return Err(DeskError::Conflict(format!("escalation {id} was resolved meanwhile")));
                }
                history.push(format!("escalation #{id} resolved: {note}"));
            }
            A::Comment => history.push(note.to_owned()),
            A::Wish => {
                let kind = draft.wish.get("kind").map_or("product", String::as_str);
                let fields = serde_json::to_value(&draft.wish).unwrap_or_default();
                tx.record_wish(now, &actor.login, Some(&order.id), Some(&customer.id), kind, &fields)?;
                history.push(format!("{kind} wish recorded{}", with(note)));
            }
            A::Keep => {
                // B7: held from the end of the invoice's days (or the current hold) for N more.
                let days = draft.days.unwrap_or(0).max(0);
                let base = tx
                    .invoice_hold(order.number)?
                    .filter(|u| *u > now)
                    .unwrap_or_else(|| {
                        order.status_since.with_timezone(&Utc)
                            + chrono::Duration::days(self.deadlines.invoice_unpaid_days)
                    })
                    .max(now);
                let until = base + chrono::Duration::days(days);
                tx.hold_invoice(order.number, until, &actor.login, now)?;
                let to = until.with_timezone(&self.shop.shop.time_zone).format("%Y-%m-%d %H:%M");
                history.push(format!(
                    "kept by the director for {days} more days, until {to} (B7){}",
                    with(note)
                ));
            }
            A::Complaint => {
                order.complaint = true;
                history.push(format!("complaint{}", with(note)));
            }
            _ if !note.is_empty() => history.push(format!("{}: {note}", draft.action)),
            _ => {}
        }
        if let Some(at) = draft.at.map(|t| t.to_utc()).or(archive_at) {
            let what = if note.is_empty() { draft.action.as_str() } else { note };
            // One promise per order: a new time replaces the open callback instead of piling up.
            let moved = tx.open_callbacks(order.number)?;
            if !moved.is_empty() {
                tx.reschedule_callbacks(order.number, &actor.login, now)?;
                let was: Vec<String> = moved.iter().map(|c| c.due.to_rfc3339()).collect();
                history.push(format!("callback rescheduled from {} to {}", was.join(", "), at.to_rfc3339()));
            }
            tx.schedule_callback(order.number, at, what, &actor.login, now)?;
        }
        for line in &history {
            tx.add_comment(order.number, &actor.login, now, line)?;
        }
        let due = self.due_of(tx, &order)?;
        tx.update_order_state(&order, expected_version, due)?;

        let rules: Vec<String> = if overridden {
            verdict.violations().map(|r| r.rule.clone()).collect()
        } else {
            verdict.rules.iter().map(|r| r.rule.clone()).collect()
        };
        let mut detail = serde_json::json!({
            "draft": draft, "verdict": verdict, "from": from, "to": order.status, "facts": facts,
        });
        if overridden {
            detail["override"] = serde_json::json!(draft.override_reason);
        }
        if let Some(lines) = edit {
            detail["edit"] = lines;
        }
        let seq = tx.append_audit(&AuditEntry {
            at: now.to_rfc3339(),
            actor: actor.login.clone(),
            order_id: Some(order.id.clone()),
            action: draft.action.as_str().into(),
            outcome: if overridden { Outcome::Overridden } else { Outcome::Done },
            rules,
            detail,
            rules_version: self.policy.version().into(),
        })?;
        let booked = self.book_money(tx, actor, &order, draft, &verdict.money, now, seq)?;
        Ok(Performed {
            order: order.id,
            action: draft.action,
            status: order.status,
            owner: order.owner,
            verdict,
            overridden,
            booked,
            audit_seq: seq,
        })
    }

    /// Books the verdict's money lines — the very lines shown before the action (the rules'
    /// `[[money]]`, computed once in the evaluation) — and files or decides an appeal (A9).
    #[allow(clippy::too_many_arguments)]
    fn book_money(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &Order,
        draft: &Draft,
        lines: &[MoneyLine],
        now: DateTime<Utc>,
        seq: i64,
    ) -> Result<Vec<Booked>> {
        // The appeal's decision is booked to the operator who was charged, not to the
        // supervisor deciding it. A cancel's compensation is the order's manager's (seed 000:
        // the proof waives it when "the manager did everything professionally"), also when the
        // head of sales cancels for them (B5, an override); an order nobody owns charges whoever
        // cancels it. Everything else goes to the one acting.
        let mut charged = actor.login.clone();
        match draft.action {
            ActionKind::Cancel => {
                if let Some(owner) = order.owner.as_deref().filter(|o| !o.is_empty()) {
                    charged = owner.to_owned();
                }
            }
            // A8: the credit is the reporter's, not the department's that confirms it.
            ActionKind::ConfirmSiteError => {
                if let Some(report) = draft.site_error.map(|id| tx.site_error(id)).transpose()?.flatten() {
                    charged = report.operator;
                }
            }
            ActionKind::Appeal => {
                let charge = tx
                    .ledger_of_order(&order.id)?
                    .into_iter()
                    .rev()
                    .find(|l| l.kind == LedgerKind::Charge && l.amount > 0)
                    .ok_or_else(|| bad(format!("{} has no compensation to appeal", order.id)))?;
                tx.file_appeal(&crate::store::Appeal {
                    id: 0,
                    ledger_id: charge.id,
                    order_id: order.id.clone(),
                    operator: charge.operator,
                    at: now.fixed_offset(),
                    link: format!("order {}", order.id),
                    description: draft.note.trim().into(),
                    resolution: None,
                    resolved_by: None,
                })?;
            }
            ActionKind::ResolveAppeal => {
                let resolution = draft.resolution.ok_or_else(|| bad("an appeal needs its resolution"))?;
                let appeal = tx
                    .appeals_of_order(&order.id)?
                    .into_iter()
                    .find(|a| a.resolution.is_none())
                    .ok_or_else(|| bad(format!("{} has no appeal waiting for a decision", order.id)))?;
                if !tx.resolve_appeal(appeal.id, resolution, &actor.login, now)? {
                    return Err(DeskError::Conflict(format!(
                        "the appeal on {} was decided meanwhile",
                        order.id
                    )));
                }
                charged = appeal.operator;
            }
            _ => {}
        }
        let mut booked = Vec::new();
        for e in lines.iter().cloned() {
            let (kind, amount, message) = match e.kind {
                MoneyKind::Charge if draft.action == ActionKind::ResolveAppeal => {
                    (LedgerKind::Doubled, e.amount.amount, e.message)
                }
                MoneyKind::Charge => (LedgerKind::Charge, e.amount.amount, e.message),
                MoneyKind::Credit => (LedgerKind::Credit, -e.amount.amount, e.message),
                // A decided appeal lifts a charge already booked.
                MoneyKind::Waive if draft.action == ActionKind::ResolveAppeal => {
                    (LedgerKind::Waived, -e.amount.amount, e.message)
                }
                // Evidence waived a charge before it was booked: recorded at zero so the
                // history shows what was forgiven and why.
                MoneyKind::Waive => {
                    (LedgerKind::Waived, 0, format!("{} waived: {}", e.amount.display(), e.message))
                }
            };
            tx.book(&LedgerWrite {
                at: now,
                operator: &charged,
                order_id: Some(&order.id),
                rule: &e.rule,
                kind,
                amount,
                note: &message,
                audit_seq: seq,
            })?;
            booked.push(Booked {
                rule: e.rule,
                kind,
                operator: charged.clone(),
                amount: self.money(amount),
                message,
            });
        }
        Ok(booked)
    }
}

impl Rulebook {
    /// B13's call: on `archive_call_date` (YYYY-MM-DD, set by the head of sales) from the start
    /// of that day in the shop's zone; a date already past means the same day next year.
    fn archive_call(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let date =
            chrono::NaiveDate::parse_from_str(self.policy.param_text("archive_call_date")?, "%Y-%m-%d")
                .ok()?;
        let zone = self.shop.shop.time_zone;
        let today = now.with_timezone(&zone).date_naive();
        let mut on = date;
        while on <= today {
            on = on.with_year(on.year() + 1)?;
        }
        Some(crate::config::day_start_in(zone, on))
    }
}

/// The product wishes a cancel or an edit records (A7). Out of stock, it records one for every
/// line the store cannot fill: a cancel's lines short of stock, an edit's lines it removes or
/// reduces, each with the catalogue's characteristics of the product and the quantity missing;
/// what the operator filled in on the form goes with the first (the line the form's wish
/// describes). Otherwise it records the operator's wish when one was filled in.
fn missing_product_wishes(
    tx: &Tx<'_>,
    order: &Order,
    draft: &Draft,
) -> Result<Vec<BTreeMap<String, String>>> {
    let typed: BTreeMap<String, String> = draft
        .wish
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_owned()))
        .collect();
    let mut wishes = Vec::new();
    if draft.reason == Some(crate::domain::CancelReason::OutOfStock) {
        for item in &order.items {
            let product = tx.product(&item.sku)?;
            let missing = match draft.action {
                ActionKind::Edit => match draft.items.iter().rev().find(|c| c.sku == item.sku) {
                    Some(change) if change.qty < item.qty => item.qty - change.qty,
                    _ => continue,
                },
                _ if product.as_ref().is_some_and(|p| p.stock >= item.qty) => continue,
                _ => item.qty,
            };
            let mut fields: BTreeMap<String, String> = wish::product_wish_fields(product.as_ref())
                .into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
            fields.entry("product".into()).or_insert_with(|| format!("{} {}", item.sku, item.name));
            fields.insert(wish::SKU.into(), item.sku.clone());
            fields.insert("qty".into(), missing.to_string());
            if wishes.is_empty() {
                fields.extend(typed.clone());
            }
            wishes.push(fields);
        }
    }
    if wishes.is_empty() && typed.iter().any(|(k, _)| k != wish::KIND) {
        wishes.push(typed);
    }
    Ok(wishes)
}

/// `": note"` when there is one.
fn with(note: &str) -> String {
    if note.is_empty() { String::new() } else { format!(": {note}") }
}
