//! What to say: the script library of `assets/scripts/` (an index of situations with CEL
//! conditions over the order's facts, and a text per situation per language). Chosen by data,
//! not by Rust `if`s: a shop edits `situations.toml` and the texts, not the code.
//!
//! Everything is checked at load: every situation has a text in every language, every text
//! names only known placeholders, every condition compiles against the facts. Rendering then
//! cannot leave a raw `{placeholder}` on screen.

mod library;
mod render;

pub use library::{ScriptKind, ScriptLibrary, Situation};
pub use render::{Placeholders, Words};

use crate::domain::Language;
use serde::Serialize;

/// The placeholders a text may name; anything else in braces is refused at load.
pub const PLACEHOLDERS: &[&str] = &[
    "customer_name",
    "operator_name",
    "shop",
    "shop_phone",
    "order_id",
    "items",
    "amount_due",
    "delivery",
    "payment",
    "ship_date",
    "missing_items",
    "analogs",
    "mentor_name",
    "designated_name",
    "callback_time",
    "tracking",
    "free_delivery_from",
    "branch",
    "pickup_until",
    "expected_delivery",
    "analog_details",
];

/// A script ready to read: the situation, in one language, with every placeholder filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Script {
    pub situation: String,
    pub language: Language,
    pub title: String,
    pub kind: ScriptKind,
    pub priority: i64,
    /// The POLICY.md rules the script serves.
    pub rule: String,
    pub text: String,
}

/// A problem in the script files, naming the file and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ScriptError {
    pub file: String,
    pub message: String,
}
