//! Every deadline an order is waiting for: its status's (B1, B5, B6, B7, B19), each promised
//! callback's (A6, B13), each handoff's (E2: taken within the allowed hours; its next step at the
//! promised time). The nearest one is stored on the order for the queue; `show` lists them all.
//! Recomputed inside every transaction that changes one of them.

use super::{Result, Rulebook};
use crate::domain::{DeadlineParams, Due, DueKind, Order};
use crate::store::{StoreError, Tx};
use chrono::{Duration, Utc};

/// One pending deadline and what it is for, in words an operator reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: Due,
    pub what: String,
}

/// The order's pending deadlines, earliest first; none once the order is closed.
pub(super) fn deadlines(tx: &Tx<'_>, order: &Order, p: &DeadlineParams) -> Result<Vec<Deadline>, StoreError> {
    if order.status.is_closed() {
        return Ok(Vec::new());
    }
    let mut out: Vec<Deadline> = Due::of_status(order, p)
        .map(|due| Deadline { due, what: status_words(due.kind).into() })
        .into_iter()
        .collect();
    // B6: goods reserved before the confirmation call or while an invoice waits for payment
    // (a reserved order's own status deadline is this expiry already).
    if let Some(until) = order.life.reserved_until
        && order.status != crate::domain::OrderStatus::Reserved
    {
        out.push(Deadline {
            due: Due { at: until.with_timezone(&Utc), kind: DueKind::ReservationExpiry },
            what: status_words(DueKind::ReservationExpiry).into(),
        });
    }
    // B7: the director kept the unpaid invoice order; they are asked again a day before the
    // hold ends, as before the first deadline.
    if order.status == crate::domain::OrderStatus::AwaitingPayment
        && let Some(until) = tx.invoice_hold(order.number)?
    {
        let at = until - Duration::days(p.invoice_unpaid_days - p.invoice_reminder_day);
        out.retain(|d| d.due.kind != DueKind::InvoiceReminder);
        out.push(Deadline {
            due: Due { at, kind: DueKind::InvoiceReminder },
            what: "the director's hold on the unpaid invoice runs out: ask the director again (B7)".into(),
        });
    }
    for c in tx.open_callbacks(order.number)? {
        out.push(Deadline {
            due: Due { at: c.due, kind: DueKind::Callback },
            what: format!("call back: {}", c.note),
        });
    }
    // B1: each open question of the customer, answered within `question_answer_hours`.
    for q in tx.open_questions(order.number)? {
        out.push(Deadline {
            due: Due { at: q.asked_at + Duration::hours(p.question_answer_hours), kind: DueKind::Question },
            what: format!("answer the customer's question (B1): {}", q.note),
        });
    }
    for h in tx.handoffs_of_order(order.number)? {
        if h.taken_by.is_none() {
            let at = h.created_at.with_timezone(&Utc) + Duration::hours(p.handoff_late_hours);
            out.push(Deadline {
                due: Due { at, kind: DueKind::Handoff },
                what: format!("handoff #{} from {} waits for the duty operator", h.id, h.author),
            });
        }
        if let (Some(at), None) = (h.next_at, h.next_done_at) {
            out.push(Deadline {
                due: Due { at, kind: DueKind::Handoff },
                what: format!("next step from handoff #{}: {}", h.id, h.note),
            });
        }
    }
    out.sort_by_key(|d| d.due.at);
    Ok(out)
}

/// The nearest of [`deadlines`]: what the queue sorts by.
pub(super) fn nearest(tx: &Tx<'_>, order: &Order, p: &DeadlineParams) -> Result<Option<Due>, StoreError> {
    Ok(deadlines(tx, order, p)?.first().map(|d| d.due))
}

fn status_words(kind: DueKind) -> &'static str {
    match kind {
        DueKind::FirstContact => "first contact with the customer (B1)",
        DueKind::InWorkLimit => "the order's days in work run out (B5)",
        DueKind::ReservationExpiry => "the reservation expires (B6)",
        DueKind::InvoiceReminder => "ask the director about the unpaid invoice (B7)",
        DueKind::DeliveryCheck => "check the delivery arrived and call the customer (B19)",
        DueKind::Callback => "call back",
        DueKind::Handoff => "handoff",
        DueKind::Question => "answer the customer's question (B1)",
    }
}

impl Rulebook {
    /// The day a parcel with the carrier is expected: the one promised, else the day it left
    /// plus the method's usual days (C2). None for an order not with delivery.
    pub(super) fn expected_of(&self, order: &Order) -> Option<chrono::NaiveDate> {
        if !order.status.is_with_delivery() {
            return None;
        }
        order.life.expected_delivery.or_else(|| {
            let left = order.life.shipped_at.unwrap_or(order.status_since);
            let days = self.deadlines.delivery_days(order.delivery_method);
            Some(left.with_timezone(&self.shop.shop.time_zone).date_naive() + Duration::days(days))
        })
    }

    /// Every pending deadline of `order`, earliest first.
    pub(super) fn deadlines_of(&self, tx: &Tx<'_>, order: &Order) -> Result<Vec<Deadline>> {
        Ok(deadlines(tx, order, &self.deadlines)?)
    }

    /// The order's nearest deadline: its status's, a promised callback's or a handoff's.
    pub(super) fn due_of(&self, tx: &Tx<'_>, order: &Order) -> Result<Option<Due>> {
        Ok(nearest(tx, order, &self.deadlines)?)
    }
}
