//! Orders, their items, and the status model of POLICY.md C1 and B19.

use super::Vocabulary;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

super::vocabulary! {
    /// Where an order is in its life. The names cover every status a customer sees (C1) and the
    /// manager's workflow (B19): new → in_work → processed → reserved → … → delivered/received.
    OrderStatus, "status" {
        New = "new",
        InWork = "in_work",
        Processed = "processed",
        Reserved = "reserved",
        AwaitingPayment = "awaiting_payment",
        Assembling = "assembling",
        HandedToDelivery = "handed_to_delivery",
        InTransit = "in_transit",
        AtCourier = "at_courier",
        AwaitingPickup = "awaiting_pickup",
        Delivered = "delivered",
        Received = "received",
        Cancelled = "cancelled",
    }
}

impl OrderStatus {
    /// Finished orders need nothing more from the desk.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Delivered | Self::Received | Self::Cancelled)
    }

    /// The statuses B2, B3 and B5 call "in work / processed": the order belongs to an operator
    /// and changes go into it.
    pub fn is_in_work(self) -> bool {
        matches!(self, Self::InWork | Self::Processed)
    }

    /// The customer-visible delivery statuses `track` sets (C1).
    pub fn is_tracking(self) -> bool {
        matches!(self, Self::InTransit | Self::AtCourier | Self::AwaitingPickup)
    }

    /// Out of the shop's hands: with the carrier or waiting for the customer.
    pub fn is_with_delivery(self) -> bool {
        matches!(self, Self::HandedToDelivery | Self::InTransit | Self::AtCourier | Self::AwaitingPickup)
    }

    /// Every status that is not closed.
    pub fn open() -> impl Iterator<Item = OrderStatus> {
        Self::ALL.iter().copied().filter(|s| !s.is_closed())
    }
}

super::vocabulary! {
    /// How the order reached the shop; chat orders are answered in the chat first (B15).
    OrderSource, "source" {
        Site = "site",
        Phone = "phone",
        Chat = "chat",
        Email = "email",
    }
}

super::vocabulary! {
    /// How the customer pays; invoices have their own reservation and payment deadlines (B6, B7).
    Payment, "payment" {
        CashOnDelivery = "cash_on_delivery",
        Card = "card",
        Invoice = "invoice",
        Cash = "cash",
        Salary = "salary",
    }
}

super::vocabulary! {
    /// How the goods reach the customer.
    DeliveryMethod, "delivery method" {
        Courier = "courier",
        Post = "post",
        Pickup = "pickup",
    }
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub sku: String,
    pub name: String,
    pub qty: i64,
    /// Unit price in minor units at the time of the order.
    pub price: i64,
}

impl OrderItem {
    pub fn line_total(&self) -> i64 {
        self.qty.saturating_mul(self.price)
    }
}

/// An order as the desk works with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// The internal number, assigned by the store.
    pub number: i64,
    /// The external id from the site or channel, e.g. `SITE-1001`.
    pub id: String,
    pub created_at: DateTime<FixedOffset>,
    pub source: OrderSource,
    pub customer_id: String,
    pub items: Vec<OrderItem>,
    pub delivery_method: DeliveryMethod,
    pub delivery_address: String,
    /// Minor units.
    pub delivery_cost: i64,
    pub payment: Payment,
    pub magic_word: Option<String>,
    pub comment: String,
    pub status: OrderStatus,
    pub owner: Option<String>,
    pub complaint: bool,
    /// When the order entered its current status.
    pub status_since: DateTime<FixedOffset>,
    /// Bumped by every change; a change made against an older version is stale.
    pub version: i64,
    /// What the desk recorded after the order arrived, beside what the shop wrote.
    #[serde(flatten)]
    pub life: OrderLife,
}

/// What the desk records about an order after it arrived, in fields of their own, so nothing
/// the shop or the customer wrote (the site's comment) is ever overwritten.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderLife {
    /// When an operator took the order into work: B5's days count from here.
    pub claimed_at: Option<DateTime<FixedOffset>>,
    /// Until when the goods are reserved in the warehouse (B6), also before the confirmation
    /// call (seed 003 step 2) and while an invoice waits for payment.
    pub reserved_until: Option<DateTime<FixedOffset>>,
    /// The carrier's tracking number (TTN); `""` until known.
    pub tracking: String,
    /// When the order was handed to delivery.
    pub shipped_at: Option<DateTime<FixedOffset>>,
    /// The delivery date promised: given on `ship`, or the method's usual days. A parcel is
    /// late only after this day and not yet delivered (C2).
    pub expected_delivery: Option<NaiveDate>,
    /// The next delivery control (B19, seed 003 step 8) while the parcel is with the carrier.
    pub control_at: Option<DateTime<FixedOffset>>,
    /// Why, when and by whom the order was cancelled (B4).
    pub cancel: Option<CancelRecord>,
}

/// A cancel as B4 wants it kept: its reason, the note, the cancelling operator and surname.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRecord {
    pub reason: Option<super::CancelReason>,
    pub note: String,
    /// The cancelling operator's login and surname.
    pub by: String,
    pub surname: String,
    pub at: DateTime<FixedOffset>,
}

impl Order {
    /// The goods' total before discounts, in minor units: "the order amount" of A2 and A3.
    /// An imported order always has one ([`Order::checked_total`] is checked at import against
    /// `domain::limits`); an order built otherwise past `i64` reads as `i64::MAX`, never wrapped.
    pub fn total(&self) -> i64 {
        self.checked_total().unwrap_or(i64::MAX)
    }

    /// The goods' total, or `None` when a line or the sum does not fit in an `i64`.
    pub fn checked_total(&self) -> Option<i64> {
        self.items.iter().try_fold(0i64, |sum, i| sum.checked_add(i.qty.checked_mul(i.price)?))
    }
}
