//! The use cases of the order desk. The only layer that combines the store and the rules: every
//! action is one transaction (state change, audit entry and any compensation together), and
//! both front ends call these same functions, so a rule holds in the CLI and the TUI alike.

mod import;
mod queries;

pub use import::ImportSummary;
pub use queries::{OrderView, QueueFilter, Timer};

use crate::config::ShopConfig;
use crate::domain::{Clock, DeadlineParams, Money, Verdict};
use crate::import::ImportError;
use crate::pricing::DiscountTable;
use crate::store::{Store, StoreError};
use std::sync::Arc;

/// What went wrong, told apart the way the command line's exit codes need.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The rules refuse the action; the verdict says why.
    #[error("refused by the rules: {}", .0.violations().map(|r| format!("{} {}", r.rule, r.message)).collect::<Vec<_>>().join("; "))]
    Refused(Box<Verdict>),
    /// The input makes no sense (unknown value, impossible transition, empty note…).
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DeskError {
    /// The process exit code of DESIGN.md: 3 refused by policy, 2 bad input, 1 anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            DeskError::Refused(_) => 3,
            DeskError::BadInput(_) | DeskError::NotFound(_) | DeskError::Import(_) => 2,
            DeskError::Store(StoreError::Stale(_)) => 1,
            DeskError::Store(_) => 1,
        }
    }
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

/// The desk: the store, the shop's configuration, the clock and the rules in force.
pub struct Desk {
    store: Store,
    shop: ShopConfig,
    clock: Arc<dyn Clock>,
    deadlines: DeadlineParams,
    discounts: DiscountTable,
    rules_version: String,
}

impl Desk {
    /// A desk with the built-in discount table; see [`Desk::with_discounts`].
    pub fn new(store: Store, shop: ShopConfig, clock: Arc<dyn Clock>) -> Desk {
        let discounts = DiscountTable::default().with_free_delivery_from(shop.shop.free_delivery_from);
        Desk {
            store,
            shop,
            clock,
            deadlines: DeadlineParams::default(),
            discounts,
            rules_version: String::new(),
        }
    }

    /// Uses the shop's own discount table (`discounts.toml`); the free-delivery threshold stays
    /// the one in `opdesk.toml`, so it is configured in one place.
    pub fn with_discounts(mut self, table: DiscountTable) -> Desk {
        self.discounts = table.with_free_delivery_from(self.shop.shop.free_delivery_from);
        self
    }

    pub fn shop(&self) -> &ShopConfig {
        &self.shop
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Money in the shop's currency.
    pub fn money(&self, amount: i64) -> Money {
        Money::new(amount, self.shop.shop.currency)
    }

    fn not_found(key: &str) -> DeskError {
        DeskError::NotFound(format!("no order {key:?} (give its external id like SITE-1001 or its number)"))
    }
}
