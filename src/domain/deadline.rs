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
