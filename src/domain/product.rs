//! Products of the catalogue with their stock and the flags the rules look at.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A catalogue item as the desk sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub stock: i64,
    /// Minor units of the shop's currency.
    pub price: i64,
    /// Pyrotechnics: sold to adults only (B8).
    pub age_restricted: bool,
    /// Never reserved without the head of sales' approval (B6, "elite fireworks").
    pub no_reserve: bool,
    /// Characteristics (colour, power, IP rating…) that a product wish must list (A7).
    pub attributes: BTreeMap<String, serde_json::Value>,
}
