//! The use cases of the order desk. The only layer that combines the store and the rules: every
//! action is one transaction (state change, audit entry and any compensation together), and
//! both front ends call these same functions, so a rule holds in the CLI and the TUI alike.

mod act;
mod audit;
mod deadlines;
mod facts;
mod import;
mod input;
mod ledger;
mod life;
mod queries;
mod replay;
mod report;
mod scripts;
mod shared;
mod shift;
mod site_errors;
mod start;
mod tasks;
mod wishes;

pub use crate::store::{Checkpoint, ConfigVersion};
pub use crate::store::{CustomerOrder, EditLine, Escalation, OrderEdit, OrderRow, SiteErrorReport};
pub use act::{Booked, Performed};
pub use audit::{AuditCheck, AuditRecord, ChainBreak, DEMO_CLOCK, StoreInfo, TrailScope};
pub use import::ImportSummary;
pub use ledger::{LedgerEntry, LedgerView};
pub use queries::{Count, OrderView, QueueFilter, Timer};
pub use replay::{Change, FactsBasis, Judgement, Replay, ReplayedAttempt, Skipped};
pub use report::{
    AppealWaiting, Blocked, Cancellation, CompensationState, Compensations, DayReport, HandoffLine, Handoffs,
    Hour, Incoming, Late, LateOrder, MoneyLine, OperatorDay, Override, Refusal, Unowned, UnownedOrder,
    UntakenOrder, Whose, period_label,
};
pub use shared::config_digest;
pub use shift::{AwayItem, HandoffCounts, HandoffView, ShiftEnded, ShiftRefusal};
pub use start::{Alerts, FirstView};
pub use tasks::TaskDone;
pub use wishes::{WISH_LIMIT, WishView};

use crate::config::ShopConfig;
use crate::domain::{Clock, DeadlineParams, Draft, Money, Operator, Verdict};
use crate::import::ImportError;
use crate::policy::Policy;
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
    /// Someone else got there first (another desk claimed the order, took the handoff…).
    #[error("{0}")]
    Conflict(String),
    /// A shift cannot end: open orders need someone and have no handoff note (E1).
    #[error("{0}")]
    ShiftRefused(Box<ShiftRefusal>),
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The order changed since the form or the command read it (another desk's work): nothing
    /// was done.
    #[error("{0}")]
    Stale(String),
    #[error(transparent)]
    Store(StoreError),
}

impl DeskError {
    /// The process exit code of DESIGN.md: 3 refused by policy, 2 bad input, 4 someone else got
    /// there first (nothing was done), 1 anything else.
    /// The exit code of a refusal by the rules, the one a script tests for.
    pub const REFUSED_EXIT: u8 = 3;

    pub fn exit_code(&self) -> i32 {
        match self {
            DeskError::Refused(_) | DeskError::ShiftRefused(_) => i32::from(Self::REFUSED_EXIT),
            DeskError::BadInput(_) | DeskError::NotFound(_) | DeskError::Import(_) => 2,
            DeskError::Conflict(_) | DeskError::Stale(_) => 4,
            DeskError::Store(_) => 1,
        }
    }
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

/// Everything that decides, apart from the data: the shop, the clock, the rules, the
/// discounts. Kept apart from the store so an action's transaction can consult it while it
/// holds the store.
pub(crate) struct Rulebook {
    pub shop: ShopConfig,
    pub clock: Arc<dyn Clock>,
    pub policy: Policy,
    pub deadlines: DeadlineParams,
    pub discounts: DiscountTable,
}

/// The desk: the store and the rulebook in force.
pub struct Desk {
    store: Store,
    book: Rulebook,
    /// On the demo's clock: the demo time reached is kept in the store when the desk goes.
    keeps_demo_time: bool,
    scripts: Option<crate::scripts::ScriptLibrary>,
}

impl Desk {
    /// A desk with the built-in discount table; see [`Desk::with_discounts`]. Deadlines come from
    /// the rules' `[params]`, with POLICY.md's numbers where a parameter is absent.
    pub fn new(store: Store, shop: ShopConfig, clock: Arc<dyn Clock>, policy: Policy) -> Desk {
        let discounts = DiscountTable::default().with_free_delivery_from(shop.shop.free_delivery_from);
        let defaults = DeadlineParams::default();
        let param = |name: &str, default: i64| policy.param(name).unwrap_or(default);
        let deadlines = DeadlineParams {
            first_contact_hours: param("first_contact_hours", defaults.first_contact_hours),
            in_work_max_days: param("in_work_max_days", defaults.in_work_max_days),
            reserve_days: param("reserve_days", defaults.reserve_days),
            reserve_days_invoice: param("reserve_days_invoice", defaults.reserve_days_invoice),
            invoice_reminder_day: param("invoice_reminder_day", defaults.invoice_reminder_day),
            delivery_check_days: param("delivery_check_days", defaults.delivery_check_days),
            handoff_late_hours: param("handoff_late_hours", defaults.handoff_late_hours),
            away_hours: param("away_hours", defaults.away_hours),
            delivery_days_courier: param("delivery_days_courier", defaults.delivery_days_courier),
            delivery_days_post: param("delivery_days_post", defaults.delivery_days_post),
            delivery_days_pickup: param("delivery_days_pickup", defaults.delivery_days_pickup),
            pickup_keep_days: param("pickup_keep_days", defaults.pickup_keep_days),
            invoice_unpaid_days: param("invoice_unpaid_days", defaults.invoice_unpaid_days),
            question_answer_hours: param("question_answer_hours", defaults.question_answer_hours),
        };
        Desk {
            store,
            book: Rulebook { shop, clock, policy, deadlines, discounts },
            keeps_demo_time: false,
            scripts: None,
        }
    }

    /// Uses the shop's own discount table (`discounts.toml`); the free-delivery threshold stays
    /// the one in `opdesk.toml`, so it is configured in one place.
    pub fn with_discounts(mut self, table: DiscountTable) -> Desk {
        self.book.discounts = table.with_free_delivery_from(self.book.shop.shop.free_delivery_from);
        self
    }

    pub fn shop(&self) -> &ShopConfig {
        &self.book.shop
    }

    /// Whether `actor` may lift a refusal with a written reason (the rules' `[override]`).
    pub fn may_override(&self, actor: &Operator) -> bool {
        self.book.policy.may_override(&actor.roles)
    }

    /// The roles the rules let override a refusal, for "who can approve this".
    pub fn override_roles(&self) -> &[crate::domain::Role] {
        self.book.policy.override_roles()
    }

    /// Whether `draft`'s written override, by `actor`, lifts `verdict`'s refusal — the same
    /// test the desk applies when it performs the draft.
    pub fn override_lifts(&self, actor: &Operator, verdict: &Verdict, draft: &Draft) -> bool {
        self.book.policy.reason_lifts(verdict, draft.override_reason.as_deref().unwrap_or(""), &actor.roles)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.book.clock.now()
    }

    /// Today in the shop's time zone: the day a report or a replay covers unless told otherwise.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().with_timezone(&self.book.shop.shop.time_zone).date_naive()
    }

    /// Money in the shop's currency.
    pub fn money(&self, amount: i64) -> Money {
        self.book.money(amount)
    }

    pub(crate) fn not_found(key: &str) -> DeskError {
        DeskError::NotFound(format!("no order {key:?} (give its external id like SITE-1001 or its number)"))
    }
}

/// An action's outcome inside its transaction. A refusal is a successful transaction — it
/// commits its audit entry — and becomes the caller's error only once that is written.
enum Attempt<T> {
    Done(T),
    Refused(DeskError),
}

impl<T> Attempt<T> {
    fn into_result(self) -> Result<T> {
        match self {
            Attempt::Done(done) => Ok(done),
            Attempt::Refused(e) => Err(e),
        }
    }
}

/// An order by external id or number, and its customer.
fn order_and_customer(
    tx: &crate::store::Tx<'_>,
    key: &str,
) -> Result<(crate::domain::Order, crate::domain::Customer)> {
    let order = tx.order(key)?.ok_or_else(|| Desk::not_found(key))?;
    let customer = tx.customer(&order.customer_id)?.ok_or_else(|| {
        DeskError::NotFound(format!(
            "order {} names customer {:?}, who is not in the store",
            order.id, order.customer_id
        ))
    })?;
    Ok((order, customer))
}

impl Rulebook {
    pub fn money(&self, amount: i64) -> Money {
        Money::new(amount, self.shop.shop.currency)
    }
}
