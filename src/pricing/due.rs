//! What [`super::amount_due`] answers: the amount the customer pays and every step to it, in a
//! form the operator can read aloud (B11) and the script pane can render in any language.
//!
//! Reasons are enums rather than sentences so the UI can translate them; `Display` gives the
//! English sentence for the command line and logs.

use crate::domain::{Currency, EventKind, Money};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

use super::table::Percent;

crate::domain::vocabulary! {
    /// The kinds of discount of POLICY.md D1, plus the magic word (D2) and employees (D5).
    /// The seed's "additional" discount is the one earned by a recorded event (D3 + D4).
    DiscountKind, "discount kind" {
        Personal = "personal",
        Additional = "additional",
        FromAmount = "from_amount",
        Promotional = "promotional",
        MagicWord = "magic_word",
        Employee = "employee",
    }
}

impl DiscountKind {
    /// How an English sentence names the discount.
    fn phrase(self) -> &'static str {
        match self {
            Self::Personal => "the personal discount",
            Self::Additional => "the additional discount",
            Self::FromAmount => "the discount from the order amount",
            Self::Promotional => "the promotion",
            Self::MagicWord => "the magic word",
            Self::Employee => "the employee discount",
        }
    }
}

/// A discount that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiscountLine {
    pub kind: DiscountKind,
    /// English, for the command line: "personal", "wedding on 2026-12-05", "card 1452"…
    pub label: String,
    pub percent: Percent,
    /// Minor units the percent is taken of: the goods subtotal, or the items it covers.
    pub base: i64,
    /// Minor units taken off, `percent` of `base` rounded half up.
    pub amount: i64,
}

/// A discount that was considered and does not apply, with what it would have given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub kind: DiscountKind,
    pub label: String,
    pub percent: Percent,
    /// Minor units it would have taken off; 0 when it could not apply at all.
    pub amount: i64,
    pub reason: RejectReason,
}

/// The group of discounts that won (see the resolution table in [`super`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Package {
    /// Personal, additional, from-amount and promotions.
    Regular,
    /// The magic word, from-amount and promotions.
    MagicWord,
    /// The employee discount alone.
    Employee,
}

impl Package {
    fn phrase(self) -> &'static str {
        match self {
            Self::Regular => "the personal discount and promotions",
            Self::MagicWord => "the magic word",
            Self::Employee => "the employee discount",
        }
    }
}

/// Why a discount does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RejectReason {
    /// D2: what the customer said is not in the table.
    UnknownMagicWord { said: String },
    /// D2/D5: it belongs to a group that does not stack with the group that applies, and that
    /// group takes off at least as much (`winner_total` ≥ `this_total`, minor units).
    DoesNotStack { winner: Package, winner_total: i64, this_total: i64 },
    /// D3: the additional discount comes only with a personal discount.
    NeedsPersonalDiscount,
    /// D4: the order day is in the event's window, but the event was recorded too late.
    EventRecordedTooLate {
        event: EventKind,
        occurrence: NaiveDate,
        recorded_at: NaiveDate,
        latest_record: Option<NaiveDate>,
    },
    /// D2/D4: not on these promotional items, where the promotion is at least as large.
    PromotionIsLarger { skus: Vec<String> },
    /// D2/D4: the promotion gives way on these items to a larger discount it does not stack with.
    LargerDiscountOnItems { other: DiscountKind, skus: Vec<String> },
    /// D5: the employee discount is for pickup orders only.
    EmployeePickupOnly,
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownMagicWord { said } => write!(f, "«{said}» is not a magic word"),
            Self::DoesNotStack { winner, winner_total, this_total } => {
                let more = if winner_total > this_total { "more" } else { "as much" };
                write!(f, "does not stack with {}; the larger applies, and it gives {more}", winner.phrase())
            }
            Self::NeedsPersonalDiscount => {
                f.write_str("the additional discount comes only with a personal discount")
            }
            Self::EventRecordedTooLate { event, occurrence, recorded_at, latest_record } => {
                write!(f, "the {event} on {occurrence} was recorded on {recorded_at}")?;
                match latest_record {
                    Some(latest) => write!(f, "; it had to be recorded by {latest}"),
                    None => f.write_str(", too late"),
                }
            }
            Self::PromotionIsLarger { skus } => {
                write!(
                    f,
                    "not on promotional items ({}): it does not stack with the promotion",
                    skus.join(", ")
                )
            }
            Self::LargerDiscountOnItems { other, skus } => {
                write!(f, "on {} {} gives more, and they do not stack", skus.join(", "), other.phrase())
            }
            Self::EmployeePickupOnly => {
                f.write_str("the employee discount is for pickup orders only; logistics prices the delivery")
            }
        }
    }
}

/// Something about the input the operator should know; the amount is still computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Note {
    /// An item line with a negative amount (bad data) counted as zero. `line` is 1-based.
    NegativeLine { line: usize, sku: String },
    /// A negative delivery cost counted as zero.
    NegativeDelivery,
    /// The discounts added up to more than the goods; the goods are free, never negative.
    CappedAtSubtotal { uncapped: i64 },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NegativeLine { line, sku } => {
                write!(f, "line {line} ({sku}) has a negative amount; counted as 0")
            }
            Self::NegativeDelivery => f.write_str("the delivery cost is negative; counted as 0"),
            Self::CappedAtSubtotal { .. } => {
                f.write_str("the discounts exceed the goods; capped at the goods amount")
            }
        }
    }
}

/// The amount the customer pays, and how it comes about. Amounts are minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmountDue {
    /// The goods before discounts.
    pub subtotal: i64,
    /// The group of discounts that applies.
    pub package: Package,
    pub applied: Vec<DiscountLine>,
    pub rejected: Vec<Rejected>,
    /// The sum of `applied` amounts, capped at `subtotal`.
    pub discount_total: i64,
    /// `subtotal - discount_total`, never negative.
    pub goods: i64,
    /// The delivery cost booked on the order.
    pub delivery: i64,
    /// The goods before discounts are below the shop's free-delivery threshold and the order is
    /// delivered: delivery is paid, and B17 forbids suggesting a top-up.
    pub below_free_delivery: bool,
    /// An employee order that is not a pickup: logistics prices the delivery (D5), so `delivery`
    /// may change and the operator should say so.
    pub delivery_quote_required: bool,
    /// `goods + delivery`: what the customer pays.
    pub total: i64,
    pub notes: Vec<Note>,
}

impl AmountDue {
    /// The breakdown in plain English, one line each, for the command line and the audit log.
    pub fn explain(&self, currency: Currency) -> String {
        let m = |amount: i64| Money::new(amount, currency).display();
        let mut out = format!("Goods: {}\n", m(self.subtotal));
        for d in &self.applied {
            out += &format!("  − {} {} ({}): {}\n", d.kind, d.percent, d.label, m(d.amount));
        }
        for r in &self.rejected {
            out += &format!("  × {} {} ({}): {}\n", r.kind, r.percent, r.label, r.reason);
        }
        if !self.applied.is_empty() {
            out += &format!("Goods after discounts: {}\n", m(self.goods));
        }
        out += &format!("Delivery: {}", m(self.delivery));
        if self.delivery_quote_required {
            out += " (to be priced by logistics)";
        }
        out += &format!("\nTo pay: {}\n", m(self.total));
        for n in &self.notes {
            out += &format!("Note: {n}\n");
        }
        out
    }
}
