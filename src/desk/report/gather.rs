//! Building a [`DayReport`] from the store: the period's audit entries, ledger lines and
//! handoffs read once each by their indexed time, the waiting work read from the queue's
//! indexes, and everything grouped here in memory (a day holds thousands of entries, not
//! millions).

use super::{
    AppealWaiting, Blocked, Cancellation, CompensationState, Compensations, DayReport, HandoffLine, Handoffs,
    Hour, Incoming, LIST_LIMIT, Late, LateOrder, MoneyLine, OperatorDay, Override, Refusal, Unowned,
    UnownedOrder, UntakenOrder, Whose,
};
use crate::config::day_start_in;
use crate::desk::WISH_LIMIT;
use crate::desk::{Result, Rulebook};
use crate::domain::{DueKind, EvidenceKind, LedgerKind, OrderStatus, Outcome, Resolution, Vocabulary};
use crate::store::{AuditRecord, Handoff, LedgerLine, StatusCount, Tx};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// Audit actions that are not an operator's work on the queue.
const NOT_WORK: [&str; 2] = ["import", "review"];

/// The period in the shop's zone, as UTC instants `[from, to)`.
pub(super) struct Window {
    zone: Tz,
    pub(super) from: DateTime<Utc>,
    pub(super) to: DateTime<Utc>,
}

impl Window {
    fn new(zone: Tz, first: NaiveDate, last: NaiveDate) -> Window {
        let after = last.succ_opt().unwrap_or(last);
        Window { zone, from: day_start_in(zone, first), to: day_start_in(zone, after) }
    }

    pub(super) fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.zone).fixed_offset()
    }

    /// An audit or ledger time (RFC 3339) in the shop's zone; the period's start if unreadable,
    /// so a damaged time still shows its entry instead of hiding it.
    fn parse(&self, text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map_or(self.from, |t| t.with_timezone(&Utc))
    }

    fn hour(&self, at: DateTime<Utc>) -> usize {
        at.with_timezone(&self.zone).hour() as usize
    }

    fn bounds(&self) -> (String, String) {
        (self.from.to_rfc3339(), self.to.to_rfc3339())
    }
}

pub(super) fn report(
    tx: &Tx<'_>,
    book: &Rulebook,
    whose: &Whose,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<DayReport> {
    let window = Window::new(book.shop.shop.time_zone, first, last);
    let now = book.clock.now();
    let login = whose.login();
    let mine = |who: &str| login.is_none_or(|l| l == who);
    let money = |amount: i64| book.money(amount);
    let (from, to) = window.bounds();

    let audit: Vec<AuditRecord> =
        tx.audit_between(&from, &to)?.into_iter().filter(|r| mine(&r.entry.actor)).collect();
    let ledger: Vec<LedgerLine> =
        tx.ledger_between(&from, &to)?.into_iter().filter(|l| mine(&l.operator)).collect();

    let late = Late {
        total: tx.count_late(now, login)?,
        orders: tx
            .late_orders(now, login, LIST_LIMIT)?
            .into_iter()
            .filter_map(|o| {
                let due = o.due?;
                Some(LateOrder {
                    order: o.id,
                    status: o.status,
                    owner: o.owner,
                    customer: o.customer_name,
                    total: money(o.total),
                    due_kind: due.kind,
                    rule: due.kind.rule(),
                    supervisor_cancels: due.kind.supervisor_cancels(),
                    due: window.local(due.at),
                    overdue_hours: (now - due.at).num_hours(),
                })
            })
            .collect(),
    };
    let mut untaken = Vec::new();
    let unowned = match whose {
        Whose::Operator(_) => None,
        Whose::Everyone => {
            let (total, rows) = tx.unowned_orders(LIST_LIMIT)?;
            let fee = book.policy.param("false_oos_fee").unwrap_or(0);
            for o in rows.iter().filter(|o| o.status == OrderStatus::New) {
                let Some(due) = o.due.filter(|d| d.kind == DueKind::FirstContact && d.is_overdue(now)) else {
                    continue;
                };
                untaken.push(UntakenOrder {
                    order: o.id.clone(),
                    customer: o.customer_name.clone(),
                    total: money(o.total),
                    due: window.local(due.at),
                    overdue_hours: (now - due.at).num_hours(),
                    rule: "A2".into(),
                    stake: money(o.total.checked_add(fee).ok_or(crate::domain::Overflow).map_err(overflow)?),
                });
            }
            let orders = rows
                .into_iter()
                .map(|o| UnownedOrder {
                    waiting_hours: (now - o.created_at.with_timezone(&Utc)).num_hours(),
                    created_at: window.local(o.created_at.with_timezone(&Utc)),
                    order: o.id,
                    status: o.status,
                    customer: o.customer_name,
                    total: money(o.total),
                })
                .collect();
            Some(Unowned { total, orders })
        }
    };

    let arrived = tx.arrivals_between(window.from, window.to, now)?;
    let mut hours: Vec<Hour> = (0..24).map(|h| Hour { hour: h, incoming: 0, handled: 0 }).collect();
    let mut by_status: BTreeMap<OrderStatus, StatusCount> = BTreeMap::new();
    for a in &arrived {
        let at = Utc.timestamp_opt(a.created_utc, 0).single().unwrap_or(window.from);
        hours[window.hour(at)].incoming += 1;
        if a.owner.as_deref().is_some_and(mine) || login.is_none() {
            let count =
                by_status.entry(a.status).or_insert(StatusCount { status: a.status, orders: 0, late: 0 });
            count.orders += 1;
            count.late += i64::from(a.late);
        }
    }
    let by_status: Vec<StatusCount> = by_status.into_values().collect();
    let work: Vec<&AuditRecord> = audit
        .iter()
        .filter(|r| r.entry.outcome.carried_out() && !NOT_WORK.contains(&r.entry.action.as_str()))
        .collect();
    for r in &work {
        hours[window.hour(window.parse(&r.entry.at))].handled += 1;
    }
    let incoming = Incoming { orders: arrived.len() as i64, handled: work.len() as i64 };

    let cancellations = cancellations(tx, book, &window, &work)?;
    let (blocked, mut refusals) = refusals(&window, &audit);
    let overrides: Vec<Override> = audit
        .iter()
        .filter(|r| r.entry.outcome == Outcome::Overridden)
        .map(|r| Override {
            at: window.local(window.parse(&r.entry.at)),
            supervisor: r.entry.actor.clone(),
            order: r.entry.order_id.clone(),
            action: r.entry.action.clone(),
            rules: r.entry.rules.clone(),
            reason: r.entry.detail["override"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    for f in &mut refusals {
        f.lifted = f.order.is_some()
            && overrides.iter().any(|v| v.order == f.order && v.action == f.action && v.at >= f.at);
        // An exception the rules leave to an approval (`approval = true` on every refusing
        // rule) waits in the review with the attempt's own draft, to perform with a reason.
        let waits = !f.lifted
            && f.order.is_some()
            && !f.rules.is_empty()
            && f.rules.iter().all(|r| book.policy.awaits_approval(r));
        f.approve = if waits { f.draft.take() } else { None };
        f.draft = None;
    }
    let compensations = compensations(book, &window, &ledger)?;
    let appeals = appeals(tx, book, &window, login)?;
    let handoffs = handoffs(tx, book, &window, now, login)?;
    let operators = operators(book, whose, &audit, &ledger)?;
    let questions = super::asked::questions(tx, &window, book.deadlines.question_answer_hours, now, login)?;
    let escalations = super::asked::escalations(tx, &window, login)?;
    let mut wishes = Vec::new();
    for w in tx.wishes_between(&from, &to, WISH_LIMIT)?.into_iter().filter(|w| mine(&w.operator)) {
        wishes.push(book.wish_view(tx, w)?);
    }

    Ok(DayReport {
        date: first,
        to: last,
        time_zone: window.zone.name().to_owned(),
        generated_at: window.local(now),
        scope: login.unwrap_or("all").to_owned(),
        by_status,
        incoming,
        late,
        unowned,
        cancellations,
        blocked,
        refusals,
        overrides,
        compensations,
        appeals,
        handoffs,
        operators,
        hours,
        checkpoint: None,
        wishes,
        untaken,
        questions,
        escalations,
    })
}

/// Cancels carried out in the period, with where their compensation stands now.
fn cancellations(
    tx: &Tx<'_>,
    book: &Rulebook,
    window: &Window,
    work: &[&AuditRecord],
) -> Result<Vec<Cancellation>> {
    let mut out = Vec::new();
    for r in work.iter().filter(|r| r.entry.action == "cancel") {
        let Some(order) = r.entry.order_id.clone() else { continue };
        let draft = &r.entry.detail["draft"];
        let evidence: Vec<EvidenceKind> = draft["evidence"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| e["kind"].as_str())
                    .filter_map(|k| EvidenceKind::parse(k).ok())
                    .collect()
            })
            .unwrap_or_default();
        let total = tx.order_brief(&order)?.map_or(0, |o| o.total);
        let lines = tx.ledger_of_order(&order)?;
        let appeal = tx.appeals_of_order(&order)?.pop();
        let state = match appeal.as_ref().map(|a| a.resolution) {
            Some(None) => CompensationState::Appealed,
            Some(Some(Resolution::Waived)) => CompensationState::Waived,
            Some(Some(Resolution::Doubled)) => CompensationState::Doubled,
            Some(Some(Resolution::Upheld)) => CompensationState::Upheld,
            None if lines.iter().any(|l| l.kind == LedgerKind::Charge && l.amount > 0) => {
                CompensationState::Charged
            }
            None if lines.iter().any(|l| l.kind == LedgerKind::Waived) => CompensationState::Waived,
            None => CompensationState::None,
        };
        let owed = sum(lines.iter().filter(|l| l.kind != LedgerKind::Credit).map(|l| l.amount))?;
        out.push(Cancellation {
            at: window.local(window.parse(&r.entry.at)),
            order,
            operator: r.entry.actor.clone(),
            surname: book.shop.operator(&r.entry.actor).map(|o| o.surname().to_owned()).unwrap_or_default(),
            reason: draft["reason"].as_str().unwrap_or_default().to_owned(),
            note: draft["note"].as_str().unwrap_or_default().to_owned(),
            evidence,
            overridden: r.entry.outcome == Outcome::Overridden,
            order_total: book.money(total),
            compensation: book.money(owed),
            state,
        });
    }
    Ok(out)
}

/// Refused attempts: grouped by (rule, operator), the most frequent first, and each one.
fn refusals(window: &Window, audit: &[AuditRecord]) -> (Vec<Blocked>, Vec<Refusal>) {
    let mut groups: BTreeMap<(String, String), Blocked> = BTreeMap::new();
    let mut each = Vec::new();
    for r in audit.iter().filter(|r| r.entry.outcome == Outcome::Refused) {
        let e = &r.entry;
        for rule in &e.rules {
            let group = groups.entry((rule.clone(), e.actor.clone())).or_insert_with(|| Blocked {
                rule: rule.clone(),
                operator: e.actor.clone(),
                count: 0,
                orders: Vec::new(),
            });
            group.count += 1;
            if let Some(order) = &e.order_id
                && !group.orders.contains(order)
            {
                group.orders.push(order.clone());
            }
        }
        each.push(Refusal {
            at: window.local(window.parse(&e.at)),
            operator: e.actor.clone(),
            order: e.order_id.clone(),
            action: e.action.clone(),
            rules: e.rules.clone(),
            lifted: false,
            draft: e.detail.get("draft").and_then(|d| serde_json::from_value(d.clone()).ok()),
            approve: None,
        });
    }
    let mut blocked: Vec<Blocked> = groups.into_values().collect();
    // Stable: equal counts stay in rule, then operator order.
    blocked.sort_by_key(|b| std::cmp::Reverse(b.count));
    (blocked, each)
}

/// The exact sum of ledger amounts; a sum that does not fit is refused, never wrapped.
fn sum(amounts: impl IntoIterator<Item = i64>) -> Result<i64> {
    crate::domain::checked_sum(amounts)
        .map_err(|e| crate::desk::DeskError::BadInput(format!("the ledger: {e}")))
}

fn compensations(book: &Rulebook, window: &Window, ledger: &[LedgerLine]) -> Result<Compensations> {
    let of = |kind: LedgerKind| sum(ledger.iter().filter(|l| l.kind == kind).map(|l| l.amount));
    Ok(Compensations {
        lines: ledger
            .iter()
            .map(|l| MoneyLine {
                at: window.local(l.at.with_timezone(&Utc)),
                operator: l.operator.clone(),
                order: l.order_id.clone(),
                rule: l.rule.clone(),
                kind: l.kind,
                amount: book.money(l.amount),
                note: l.note.clone(),
            })
            .collect(),
        charged: book.money(of(LedgerKind::Charge)?),
        doubled: book.money(of(LedgerKind::Doubled)?),
        // A sum of non-positive lines: its negation fits unless it is i64::MIN, refused too.
        waived: book
            .money(of(LedgerKind::Waived)?.checked_neg().ok_or(crate::domain::Overflow).map_err(overflow)?),
        credited: book
            .money(of(LedgerKind::Credit)?.checked_neg().ok_or(crate::domain::Overflow).map_err(overflow)?),
        net: book.money(sum(ledger.iter().map(|l| l.amount))?),
    })
}

fn overflow(e: crate::domain::Overflow) -> crate::desk::DeskError {
    crate::desk::DeskError::BadInput(format!("the ledger: {e}"))
}

fn appeals(tx: &Tx<'_>, book: &Rulebook, window: &Window, login: Option<&str>) -> Result<Vec<AppealWaiting>> {
    let mut out = Vec::new();
    for a in tx.appeals_waiting()?.into_iter().filter(|a| login.is_none_or(|l| l == a.operator)) {
        let line = tx.ledger_of_order(&a.order_id)?.into_iter().find(|l| l.id == a.ledger_id);
        let (charge, charge_rule) = line.map_or((0, String::new()), |l| (l.amount, l.rule));
        out.push(AppealWaiting {
            order: a.order_id,
            operator: a.operator,
            filed_at: window.local(a.at.with_timezone(&Utc)),
            charge: book.money(charge),
            charge_rule,
            description: a.description,
        });
    }
    Ok(out)
}

/// How many untaken handoffs a report lists; the duty inbox shows them all.
const UNTAKEN_LIMIT: usize = 200;

fn handoffs(
    tx: &Tx<'_>,
    book: &Rulebook,
    window: &Window,
    now: DateTime<Utc>,
    login: Option<&str>,
) -> Result<Handoffs> {
    let late_after = TimeDelta::hours(book.policy.param("handoff_late_hours").unwrap_or(2));
    let line = |h: Handoff| {
        let created = h.created_at.with_timezone(&Utc);
        HandoffLine {
            overdue: h.taken_by.is_none() && created + late_after <= now,
            id: h.id,
            order: h.order_id,
            from: h.author,
            note: h.note,
            taken_by: h.taken_by,
            created_at: window.local(created),
        }
    };
    let involved = |h: &Handoff| login.is_none_or(|l| h.author == l || h.taken_by.as_deref() == Some(l));
    let (from, to) = window.bounds();
    Ok(Handoffs {
        written: tx.handoffs_between(&from, &to)?.into_iter().filter(involved).map(line).collect(),
        untaken: tx.untaken_handoffs(UNTAKEN_LIMIT)?.into_iter().filter(involved).map(line).collect(),
    })
}

/// Every configured operator (or only the one whose day it is), then anyone else who acted.
fn operators(
    book: &Rulebook,
    whose: &Whose,
    audit: &[AuditRecord],
    ledger: &[LedgerLine],
) -> Result<Vec<OperatorDay>> {
    let mut days: Vec<OperatorDay> = book
        .shop
        .operators
        .iter()
        .filter(|o| whose.login().is_none_or(|l| l == o.login))
        .map(|o| blank_day(book, &o.login, &o.name, o.roles.clone()))
        .collect();
    let index = |days: &mut Vec<OperatorDay>, login: &str| -> usize {
        if let Some(i) = days.iter().position(|d| d.operator == login) {
            return i;
        }
        days.push(blank_day(book, login, "", Vec::new()));
        days.len() - 1
    };
    for r in audit
        .iter()
        .filter(|r| !NOT_WORK.contains(&r.entry.action.as_str()) || r.entry.outcome == Outcome::Refused)
        .filter(|r| r.entry.outcome != Outcome::Lost)
    {
        let e = &r.entry;
        let i = index(&mut days, &e.actor);
        let day = &mut days[i];
        match e.outcome {
            Outcome::Refused => day.refused += 1,
            // A lost race did nothing: it is in the trail, not in anyone's work.
            Outcome::Lost => {}
            outcome => {
                day.handled += 1;
                match e.action.as_str() {
                    "claim" => day.claimed += 1,
                    "confirm" => day.confirmed += 1,
                    "cancel" => day.cancelled += 1,
                    _ => {}
                }
                if outcome == Outcome::Overridden {
                    day.overrides += 1;
                }
            }
        }
    }
    for l in ledger {
        let i = index(&mut days, &l.operator);
        let day = &mut days[i];
        let add = |a: i64, b: i64| a.checked_add(b).ok_or(crate::domain::Overflow).map_err(overflow);
        if l.amount > 0 {
            day.charged.amount = add(day.charged.amount, l.amount)?;
        } else {
            let credit = l.amount.checked_neg().ok_or(crate::domain::Overflow).map_err(overflow)?;
            day.credited.amount = add(day.credited.amount, credit)?;
        }
        day.net.amount = add(day.net.amount, l.amount)?;
    }
    Ok(days)
}

fn blank_day(book: &Rulebook, login: &str, name: &str, roles: Vec<crate::domain::Role>) -> OperatorDay {
    OperatorDay {
        operator: login.to_owned(),
        name: name.to_owned(),
        roles,
        claimed: 0,
        confirmed: 0,
        cancelled: 0,
        handled: 0,
        refused: 0,
        overrides: 0,
        charged: book.money(0),
        credited: book.money(0),
        net: book.money(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kyiv_day_is_24_hours_in_winter_and_23_when_the_clocks_go_forward() {
        let kyiv = chrono_tz::Europe::Kyiv;
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let w = Window::new(kyiv, day("2026-11-23"), day("2026-11-23"));
        assert_eq!(w.from.to_rfc3339(), "2026-11-22T22:00:00+00:00");
        assert_eq!((w.to - w.from).num_hours(), 24);
        let spring = Window::new(kyiv, day("2026-03-29"), day("2026-03-29"));
        assert_eq!((spring.to - spring.from).num_hours(), 23);
        let summer = Window::new(kyiv, day("2026-07-01"), day("2026-07-01"));
        assert_eq!(summer.from.to_rfc3339(), "2026-06-30T21:00:00+00:00");
    }
}
