//! The facts a rule sees: who acts, on which order, for which customer, with which draft, and
//! when. The desk gathers them once per evaluation; the policy turns them into CEL values once
//! and runs every compiled expression against them.
//!
//! Field names are the contract with `config/rules.toml` (its header lists them). Words from a
//! closed list (status, roles, reason…) are typed here, so a misspelt word in a test case is
//! refused instead of silently never matching; in CEL they are plain strings. Optional words
//! are `""` when absent, so a rule compares with `''` instead of guarding against null.

mod build;
mod sample;

pub use build::wish_complete;

use crate::domain::{
    ActionKind, CancelReason, Channel, CustomerClass, DeliveryMethod, EventKind, EvidenceKind, Language,
    OrderSource, OrderStatus, Payment, Role, TaskKind,
};
use crate::domain::{Currency, Vocabulary};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything one evaluation looks at. `params` and `override` come from the rules file, not
/// from here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub actor: ActorFacts,
    pub order: OrderFacts,
    pub customer: CustomerFacts,
    pub draft: DraftFacts,
    /// The moment of the evaluation. Bound in CEL as a `timestamp`, so rules may write
    /// `now - timestamp('…') > duration('24h')` or `now.getDayOfWeek()`; RFC 3339 in files.
    pub now: DateTime<FixedOffset>,
}

/// The operator performing the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFacts {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub on_shift: bool,
}

/// The order the action is about, with what the store knows about its goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderFacts {
    pub id: String,
    pub status: OrderStatus,
    /// Login of the owner; `""` when nobody has taken it.
    pub owner: String,
    /// The goods' total in minor units: "the order amount" of A2 and A3.
    pub total: i64,
    /// What the customer pays the courier, all discounts and delivery included (B11).
    pub amount_due: i64,
    pub currency: Currency,
    pub source: OrderSource,
    pub payment: Payment,
    pub delivery_method: DeliveryMethod,
    pub delivery_cost: i64,
    pub complaint: bool,
    /// Any item is sold to adults only (B8).
    pub age_restricted: bool,
    /// Whole hours since the order arrived (B1).
    pub age_hours: i64,
    /// Whole days in the current status (B5, B7).
    pub status_days: i64,
    pub items: Vec<ItemFacts>,
    /// How many lines ask for more than the store holds.
    pub missing: i64,
    /// A deadline of the order has passed.
    pub late: bool,
    /// The carrier will not make the promised date (C2).
    pub delivery_late: bool,
    /// The last call's outcome: `""`, `no_answer` or `contacted`.
    pub last_outcome: String,
    /// The goods' total is under the free-delivery threshold (B17).
    pub below_free_delivery: bool,
    /// An accessory was offered (B17 cross-sell).
    pub has_accessory_offer: bool,
    /// Appeals already filed against this order's compensation (A9).
    pub appeals: i64,
    /// The open compensation charged for this order, minor units; 0 when none (A3, A9).
    pub compensation: i64,
    /// The order's owner is on shift now (B2: another operator changes the order when its
    /// owner is away); false when nobody owns it.
    #[serde(default)]
    pub owner_on_shift: bool,
    /// B7: whole days left of the director's hold on an unpaid invoice order; 0 when none.
    #[serde(default)]
    pub invoice_hold_days: i64,
}

/// One line of the order with the product's current stock and flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFacts {
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub price: i64,
    /// Units in the store now; an unknown product counts as 0.
    pub stock: i64,
    pub category: String,
    pub age_restricted: bool,
    pub no_reserve: bool,
}

/// The customer of the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerFacts {
    pub id: String,
    pub class: CustomerClass,
    pub language: Language,
    /// Login of the designated operator (SuperVip, B10); `""` when none.
    pub designated: String,
    pub blocked: bool,
    /// Whole years blocked; 0 when not blocked (B13).
    pub blocked_years: i64,
    /// Percent.
    pub personal_discount: i64,
    /// The customer's *other* orders that are `in_work` or `processed` (B2).
    pub open_orders: Vec<OpenOrderFacts>,
    pub events: Vec<EventFacts>,
    /// The customer's season call tasks (B18), open or closed, most recent first.
    #[serde(default)]
    pub tasks: Vec<TaskFacts>,
}

/// A season call task on the customer (B18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFacts {
    pub id: i64,
    pub kind: TaskKind,
    /// Whose task it is.
    pub operator: String,
    /// Not closed.
    pub open: bool,
    /// Within its term today.
    pub valid: bool,
    /// Its operator has an open shift (is at work).
    pub on_shift: bool,
}

/// Another order of the same customer that someone is working on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenOrderFacts {
    pub id: String,
    pub status: OrderStatus,
    /// `""` when nobody owns it.
    pub owner: String,
}

/// A recorded date in the customer's life (D4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFacts {
    pub kind: EventKind,
    /// `YYYY-MM-DD` in CEL.
    pub date: NaiveDate,
    /// Days between recording the event and the event itself.
    pub recorded_days_before: i64,
}

/// The action as the operator has filled it in so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftFacts {
    pub action: ActionKind,
    #[serde(with = "blank")]
    pub reason: Option<CancelReason>,
    /// SKUs of the analogs offered (A4, A5, A7).
    pub analogs: Vec<String>,
    /// How many of `analogs` the desk found in the catalogue with stock > 0.
    pub analogs_in_stock: i64,
    pub evidence: Vec<EvidenceKind>,
    /// Product-wish or show-lead fields (A7, B14, B16); `kind = "show"` for a show lead.
    pub wish: BTreeMap<String, String>,
    /// Every characteristic of the missing product, plus `picture`, is in `wish` (A7).
    pub wish_complete: bool,
    #[serde(with = "blank")]
    pub channel: Option<Channel>,
    pub amount_stated: bool,
    pub age_confirmed: bool,
    pub note: String,
    /// Target login of a transfer; `""` when none.
    pub to: String,
    /// Roles of the `to` operator; empty when none.
    pub to_roles: Vec<Role>,
    /// The written reason of an override; `""` when none.
    #[serde(rename = "override")]
    pub override_reason: String,
    /// `waived`, `upheld` or `doubled` for `resolve-appeal`; `""` otherwise.
    pub resolution: String,
    /// Steps of a procedure already done (C2).
    pub steps: Vec<String>,
    /// The order lines (SKUs) an out-of-stock claim is about (A2): for a cancel those named
    /// (by default the lines with less stock than ordered, all lines when none is short), for
    /// an edit the lines it removes or reduces.
    #[serde(default)]
    pub lines: Vec<String>,
    /// The goods' amount of those lines, minor units (for an edit: of what it takes away).
    #[serde(default)]
    pub lines_total: i64,
    /// An adult receives the order (B8).
    #[serde(default)]
    pub adult_receives: bool,
    /// The site error being decided is the same page and problem as one already confirmed
    /// (A8: credited once).
    #[serde(default)]
    pub duplicate: bool,
    /// B18 `add-task`: the kind of the task being added; `""` otherwise.
    #[serde(default)]
    pub task_kind: String,
    /// B18 `add-task`: open, valid tasks of that kind now (the season's limit).
    #[serde(default)]
    pub open_tasks: i64,
    /// B7 `keep`: how many more days; 0 when none.
    #[serde(default)]
    pub days: i64,
    /// A6: where the escalation acted on stands: `administrator` or `analytics`; `""` otherwise.
    #[serde(default)]
    pub escalation_level: String,
}

impl Facts {
    /// A fully populated, representative fact set: every list has an element and every map a
    /// key, so probing an expression against it reaches every field a rule can name.
    pub fn sample() -> Facts {
        sample::sample()
    }

    /// A plain, unremarkable situation from which policy test cases start: an operator on
    /// shift, a new site order of one in-stock item for a regular customer, an empty draft.
    pub fn baseline(action: ActionKind) -> Facts {
        sample::baseline(action)
    }
}

impl OrderFacts {
    /// Recomputes `total`, `missing` and `age_restricted` from `items`, so the three can never
    /// disagree with the lines.
    pub fn summarise_items(&mut self) {
        self.total = self.items.iter().map(|i| i.qty.saturating_mul(i.price)).sum();
        self.missing = self.items.iter().filter(|i| i.qty > i.stock).count() as i64;
        self.age_restricted = self.items.iter().any(|i| i.age_restricted);
    }
}

/// Serialises an optional word as `""` when absent, the way rules compare it.
mod blank {
    use super::Vocabulary;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, V: Vocabulary>(value: &Option<V>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.map_or("", |v| v.as_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Vocabulary>(d: D) -> Result<Option<V>, D::Error> {
        let text = String::deserialize(d)?;
        if text.is_empty() { Ok(None) } else { V::parse(&text).map(Some).map_err(serde::de::Error::custom) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_words_are_blank_strings_in_both_directions() {
        let mut draft = Facts::baseline(ActionKind::Cancel).draft;
        let json = serde_json::to_value(&draft).unwrap();
        assert_eq!(json["reason"], "");
        assert_eq!(json["override"], "");
        draft.reason = Some(CancelReason::OutOfStock);
        let back: DraftFacts = serde_json::from_value(serde_json::to_value(&draft).unwrap()).unwrap();
        assert_eq!(back, draft);
    }

    #[test]
    fn a_misspelt_word_is_refused() {
        let mut json = serde_json::to_value(Facts::baseline(ActionKind::Cancel)).unwrap();
        json["draft"]["reason"] = "out_of_stok".into();
        let err = serde_json::from_value::<Facts>(json).unwrap_err().to_string();
        assert!(err.contains("out_of_stok"), "{err}");
    }

    #[test]
    fn the_summary_follows_the_lines() {
        let mut order = Facts::sample().order;
        order.summarise_items();
        let expected: i64 = order.items.iter().map(|i| i.qty * i.price).sum();
        assert_eq!(order.total, expected);
        assert_eq!(order.missing, order.items.iter().filter(|i| i.qty > i.stock).count() as i64);
    }
}
