//! The records of the incoming-orders feed, exactly as DESIGN.md's import format spells them.
//! Unknown fields are errors: a typo in a feed must not silently drop data.

use crate::domain::{CustomerClass, DeliveryMethod, EventKind, Language, OrderSource, OrderStatus, Payment};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductRecord {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub stock: i64,
    pub price: i64,
    #[serde(default)]
    pub age_restricted: bool,
    #[serde(default)]
    pub no_reserve: bool,
    #[serde(default)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub recorded_at: NaiveDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerRecord {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    pub language: Language,
    pub class: CustomerClass,
    #[serde(default)]
    pub blocked_since: Option<NaiveDate>,
    #[serde(default)]
    pub events: Vec<EventRecord>,
    #[serde(default)]
    pub personal_discount: Option<i64>,
    #[serde(default)]
    pub designated: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    pub sku: String,
    pub qty: i64,
    pub price: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRecord {
    pub method: DeliveryMethod,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub cost: i64,
    /// The carrier's tracking number (TTN) of an order the site already shipped.
    #[serde(default)]
    pub tracking: String,
    /// When the site handed it to delivery (RFC 3339); the delivery control counts from here.
    #[serde(default)]
    pub shipped_at: Option<String>,
    /// The delivery date promised (YYYY-MM-DD); else the method's usual days.
    #[serde(default)]
    pub expected: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRecord {
    pub id: String,
    pub created_at: String,
    pub source: OrderSource,
    pub customer: String,
    pub items: Vec<ItemRecord>,
    pub delivery: DeliveryRecord,
    pub payment: Payment,
    #[serde(default)]
    pub magic_word: Option<String>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub status: Option<OrderStatus>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub complaint: bool,
    /// B1: the chat or email that brought the order asks a question about a product, to be
    /// answered within `question_answer_hours` of the order's arrival.
    #[serde(default)]
    pub question: Option<String>,
}

/// One record of a `.jsonl` feed, tagged by `"type"`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Record {
    Product(ProductRecord),
    Customer(CustomerRecord),
    Order(OrderRecord),
}
