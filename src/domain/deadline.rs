//! Deadlines: the nearest thing an order is waiting for, and when. The queue sorts by them and
//! the Late tab lists the ones that have passed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

super::vocabulary! {
    /// What a deadline is for; each comes from a rule of POLICY.md.
    DueKind, "deadline kind" {
        /// B1: first contact with the customer within 24 h of a new order.
        FirstContact = "first_contact",
        /// B5: at most 7 days in work / processed.
        InWorkLimit = "in_work_limit",
        /// B6: a reservation expires after 5 days (7 for invoices).
        ReservationExpiry = "reservation_expiry",
        /// B7: ask the director about an unpaid invoice one day before day 7.
        InvoiceReminder = "invoice_reminder",
        /// A6, B13: a promised or scheduled call.
        Callback = "callback",
        /// B19: the day after handing to delivery, check it arrived.
        DeliveryCheck = "delivery_check",
        /// E2: a handoff waiting for the duty operator.
        Handoff = "handoff",
        /// B1: a customer's question about a product, answered within 2 hours.
        Question = "question",
    }
}

impl DueKind {
    /// The rulebook's rule that sets this deadline.
    pub fn rule(self) -> &'static str {
        match self {
            DueKind::FirstContact => "B1",
            DueKind::InWorkLimit => "B5",
            DueKind::ReservationExpiry => "B6",
            DueKind::InvoiceReminder => "B7",
            DueKind::Callback => "A6",
            DueKind::DeliveryCheck => "B19",
            DueKind::Handoff => "E2",
            DueKind::Question => "B1",
        }
    }

    /// Past this deadline the order is the head of sales' to cancel (B5), not its operator's.
    pub fn supervisor_cancels(self) -> bool {
        self == DueKind::InWorkLimit
    }
}

/// The nearest deadline of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub at: DateTime<Utc>,
    pub kind: DueKind,
}

impl Due {
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.at <= now
    }
}

/// The numbers behind the deadlines, from the rules' `[params]` (defaults as in POLICY.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineParams {
    /// B1: first contact within this many hours of a new order.
    pub first_contact_hours: i64,
    /// B5: at most this many days in work / processed.
    pub in_work_max_days: i64,
    /// B6: reservation length, and for invoice payment.
    pub reserve_days: i64,
    pub reserve_days_invoice: i64,
    /// B7: the day of an unpaid invoice on which the director is asked.
    pub invoice_reminder_day: i64,
    /// B19: days after handing to delivery to check it arrived.
    pub delivery_check_days: i64,
    /// E2: hours a handoff may wait for the duty operator before it is late.
    pub handoff_late_hours: i64,
    /// E1: at shift end, a deadline within this many hours needs a handoff note.
    pub away_hours: i64,
    /// B7: the day of an unpaid invoice after which the director decides (keep or cancel).
    pub invoice_unpaid_days: i64,
    /// B1: a customer's question is answered within this many hours.
    pub question_answer_hours: i64,
    /// C2: the usual days from handing to delivery to the customer, per method; a parcel is
    /// late after its expected day.
    pub delivery_days_courier: i64,
    pub delivery_days_post: i64,
    pub delivery_days_pickup: i64,
    /// How many days the post office keeps a parcel waiting for the customer.
    pub pickup_keep_days: i64,
}

impl DeadlineParams {
    /// The usual days a parcel of `method` takes.
    pub fn delivery_days(&self, method: super::DeliveryMethod) -> i64 {
        use super::DeliveryMethod as M;
        match method {
            M::Courier => self.delivery_days_courier,
            M::Post => self.delivery_days_post,
            M::Pickup => self.delivery_days_pickup,
        }
    }
}

impl Default for DeadlineParams {
    fn default() -> Self {
        DeadlineParams {
            first_contact_hours: 24,
            in_work_max_days: 7,
            reserve_days: 5,
            reserve_days_invoice: 7,
            invoice_reminder_day: 6,
            delivery_check_days: 1,
            handoff_late_hours: 2,
            away_hours: 24,
            delivery_days_courier: 1,
            delivery_days_post: 3,
            delivery_days_pickup: 0,
            pickup_keep_days: 5,
            invoice_unpaid_days: 7,
            question_answer_hours: 2,
        }
    }
}

impl Due {
    /// The deadline an order's status sets, or the earliest of `extra` (callbacks, handoffs)
    /// when that comes first. Closed orders wait for nothing.
    pub fn for_order(order: &super::Order, p: &DeadlineParams, extra: &[Due]) -> Option<Due> {
        if order.status.is_closed() {
            return None;
        }
        Due::of_status(order, p).into_iter().chain(extra.iter().copied()).min_by_key(|d| d.at)
    }

    /// The deadline the order's status alone sets (B1, B5, B6, B7, B19); none when closed or
    /// when the status waits for nothing (assembling, delivered).
    pub fn of_status(order: &super::Order, p: &DeadlineParams) -> Option<Due> {
        use super::{OrderStatus as S, Payment};
        use chrono::Duration;
        let since = order.status_since.with_timezone(&Utc);
        let (at, kind) = match order.status {
            S::New => (
                order.created_at.with_timezone(&Utc) + Duration::hours(p.first_contact_hours),
                DueKind::FirstContact,
            ),
            // B5 counts from taking into work, not from the last status change (a confirmation
            // does not give the order seven more days).
            S::InWork | S::Processed => {
                let claimed = order.life.claimed_at.map_or(since, |t| t.with_timezone(&Utc));
                (claimed + Duration::days(p.in_work_max_days), DueKind::InWorkLimit)
            }
            S::Reserved => {
                let days =
                    if order.payment == Payment::Invoice { p.reserve_days_invoice } else { p.reserve_days };
                let until =
                    order.life.reserved_until.map_or(since + Duration::days(days), |t| t.with_timezone(&Utc));
                (until, DueKind::ReservationExpiry)
            }
            S::AwaitingPayment => (since + Duration::days(p.invoice_reminder_day), DueKind::InvoiceReminder),
            // B19: the next control, set on ship and moved on by each control call.
            S::HandedToDelivery | S::InTransit | S::AtCourier | S::AwaitingPickup => {
                let at = order
                    .life
                    .control_at
                    .map_or(since + Duration::days(p.delivery_check_days), |t| t.with_timezone(&Utc));
                (at, DueKind::DeliveryCheck)
            }
            S::Assembling | S::Delivered | S::Received | S::Cancelled => return None,
        };
        Some(Due { at, kind })
    }
}
