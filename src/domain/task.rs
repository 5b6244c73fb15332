//! Season call tasks (B18, seed 002 «Активация/Работа с заданиями»): an operator's task on a
//! customer, New Year (open, valid to 31.12) or Birthday (valid for its term, open or closed),
//! that decides who takes the customer's next call.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

super::vocabulary! {
    /// The project a task belongs to; Birthday wins over New Year.
    TaskKind, "task kind" {
        NewYear = "new_year",
        Birthday = "birthday",
    }
}

/// A recorded task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeasonTask {
    pub id: i64,
    pub customer_id: String,
    /// Whose task it is: the customer's calls go to them while it holds.
    pub operator: String,
    pub kind: TaskKind,
    pub created_at: DateTime<FixedOffset>,
    pub created_by: String,
    /// The last day it is valid (a New Year task: 31.12 of its season).
    pub until: NaiveDate,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub closed_by: Option<String>,
}

impl SeasonTask {
    pub fn open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Within its term on `today`.
    pub fn valid(&self, today: NaiveDate) -> bool {
        today <= self.until
    }
}
