//! Customers: their class (who may serve them), language (how to speak to them), discounts and
//! the events that earn an event discount.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

super::vocabulary! {
    /// Who the customer is to the shop; SuperVip customers have designated operators (B10).
    CustomerClass, "class" {
        Regular = "regular",
        Vip = "vip",
        Supervip = "supervip",
        B2b = "b2b",
        Employee = "employee",
    }
}

super::vocabulary! {
    /// A language the desk speaks: to the customer in scripts (B20), to the operator in the UI.
    Language, "language" {
        Uk = "uk",
        Ru = "ru",
        En = "en",
    }
}

super::vocabulary! {
    /// What a recorded customer event is; any of them can earn the event discount (D4).
    EventKind, "event kind" {
        Birthday = "birthday",
        Wedding = "wedding",
        Anniversary = "anniversary",
        Corporate = "corporate",
        NewYear = "new_year",
        Other = "other",
    }
}

/// A date in the customer's life that the shop recorded, and when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub recorded_at: NaiveDate,
}

/// A customer of the shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub language: Language,
    pub class: CustomerClass,
    pub blocked_since: Option<NaiveDate>,
    pub events: Vec<CustomerEvent>,
    /// Percent, 0 when the customer has none.
    pub personal_discount: u8,
    /// Login of the designated operator (SuperVip customers).
    pub designated: Option<String>,
}

impl Customer {
    /// Whole years the customer has been blocked at `today`; `None` when not blocked.
    pub fn blocked_years(&self, today: NaiveDate) -> Option<u32> {
        self.blocked_since.map(|since| today.years_since(since).unwrap_or(0))
    }
}
