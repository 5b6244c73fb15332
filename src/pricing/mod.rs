//! Pricing: the exact amount the customer pays (B11), with every discount of POLICY.md D1–D5
//! (seed 002, "3. Скидки") applied, or rejected with the reason. Pure: no I/O, no SQL, no
//! terminal; every number comes from the [`DiscountTable`] (`config/discounts.toml`).
//!
//! # The discounts
//!
//! | kind | percent | base | when |
//! |------|---------|------|------|
//! | personal | `customer.personal_discount` | goods subtotal | the customer has one |
//! | additional (D3+D4) | `additional_percent` (5) | non-promotional items | an event recorded ≥ 1 calendar month before the order day, order day within ±7 days of it (inclusive), and (D3) the customer has a personal discount |
//! | from-amount (D1) | the highest `[[from_amount]]` tier reached | goods subtotal | goods subtotal ≥ the tier's `from`; none ship by default (the seed gives no numbers) |
//! | promotional (D1) | the `[[promotion]]` covering the SKU on the order day (largest wins) | that promotion's items | the SKU is listed and the day is within `starts..=ends` |
//! | magic word (D2) | the `[[magic_word]]` matched | non-promotional items | the order's `magic_word` matches a spelling (trimmed, quotes dropped, case-insensitive) |
//! | employee (D5) | 30 cash / cash on receipt / salary; 20 card / invoice | goods subtotal | customer class `employee` and the order is a pickup |
//!
//! The seed's "additional discount" *is* the event discount: "Дополнительная скидка на любое
//! событие… составляет 5%", and "Доп. +5% работает только с персональной скидкой клиента". So D3
//! and D4 are two conditions on one discount, not two discounts of 5% each.
//!
//! # How they combine
//!
//! Percentages **add up** ("суммируется"): each discount is its percent of its own base, rounded
//! half up to the kopeck, and the amounts are summed. So 7% + 5% of ₴1 234.56 is ₴86.42 + ₴61.73
//! = ₴148.15, each said aloud as it is shown. The discounts that do not stack form three groups;
//! the group that takes off more money applies, the customer's way:
//!
//! | group | contains | never with |
//! |-------|----------|------------|
//! | regular | personal + additional + from-amount + promotions | magic word, employee |
//! | magic word | magic word + from-amount + promotions | personal, additional, employee |
//! | employee | employee alone | everything else |
//!
//! | situation | result |
//! |-----------|--------|
//! | magic word vs personal (+ additional) | the group with the larger total applies; a tie keeps the regular group (no word needed) |
//! | employee vs any other group | the larger applies; a tie keeps the employee discount |
//! | promotional item vs magic word or additional | per item, the larger percent, never both; a tie keeps the promotion |
//! | personal + promotional item | both: the seed forbids stacking promotions only with the magic word and the additional discount |
//! | from-amount + personal, magic word, promotions | all stack; the seed excludes nothing for it |
//! | event qualifies, no personal discount | no additional discount (D3), listed as rejected |
//! | event in its window but recorded under a month before the order day | none, listed as rejected with the last valid recording day |
//! | several qualifying events | one additional discount, for the nearest |
//! | employee order not a pickup | no employee discount ("ТОЛЬКО ПРИ САМОВЫВОЗЕ"); the other groups as for anyone; `delivery_quote_required` since logistics prices the delivery |
//! | magic word not in the table | ignored, listed as rejected so the operator sees it |
//! | discounts above the goods subtotal | capped: the goods cost 0, never less |
//!
//! "A month" is a calendar month back from the order day (`chrono::Months`; 31 March → 28/29
//! February), and recording exactly then is enough. Birthdays, anniversaries and New Year recur
//! yearly; weddings, corporate and other events happen once (see `events`).
//!
//! # Delivery
//!
//! The delivery cost is the one booked on the order. `below_free_delivery` tells the script pane
//! that delivery is paid because the goods subtotal (before discounts, "the order amount") is below
//! the shop's threshold; B17 forbids suggesting a top-up. The threshold is the shop's
//! (`opdesk.toml`), handed in with [`DiscountTable::with_free_delivery_from`].
//!
//! # Promotions
//!
//! The import format has no promotion flag and an item's price is what the site charged, so
//! promotions are a table of SKUs with a percent and optional dates in the discount file. A shop
//! whose site already prices promotions into the item lists none.

mod compute;
mod due;
mod events;
mod table;

#[cfg(test)]
mod tests;

pub use due::{AmountDue, DiscountKind, DiscountLine, Note, Package, RejectReason, Rejected};
pub use table::{
    DiscountTable, FromAmountTier, MagicWord, Params, Percent, PricingError, Promotion, normalize_word,
};

use crate::domain::{Customer, Order};
use chrono::NaiveDate;

/// The amount `customer` pays for `order`, with the breakdown the operator reads aloud.
///
/// `today` is the order's day: event windows, recording ages and promotion dates are measured
/// from it. The customer is taken as given; the caller passes the order's own customer.
pub fn amount_due(order: &Order, customer: &Customer, table: &DiscountTable, today: NaiveDate) -> AmountDue {
    compute::amount_due(order, customer, table, today)
}
