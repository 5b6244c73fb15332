//! The day's review (issue 7): what came in, what is late, what was cancelled and why, what
//! the rules refused and to whom, which overrides were given, what compensations were booked
//! or appealed, which handoffs wait, and how each operator's day went.
//!
//! A day is the shop's own: midnight to midnight in `[shop] time_zone` of `opdesk.toml`
//! (Europe/Kyiv unless configured), so a report in summer time or on the night the clocks
//! change covers the 24 (23, 25) hours the desk really worked. Times in the report carry that
//! zone's offset.
//!
//! What happened in the period (orders that came in, actions, refusals, money, handoffs
//! written) is read by its indexed time: `orders.created_utc`, `audit.at`, `ledger.at`,
//! `handoffs.created_at`. What is waiting (late and unowned orders, undecided appeals, untaken
//! handoffs) is the store as it stands now — it keeps current state, not yesterday's — read
//! through the deadline index and small partial indexes, so a day's report stays fast on a
//! store of a million orders.
//!
//! Who may read which day is decided by the rules' `review` rule, like any action: roles are
//! facts. An operator reads their own day; the whole desk's day needs a role in
//! `params.review_roles` (the supervisor). A refusal is audited like any other.

mod asked;
mod gather;

pub use asked::{EscalationLine, QuestionLine};

use super::{Desk, DeskError, Result};
use crate::domain::{ActionKind, Draft, DueKind, EvidenceKind, Money, Operator, OrderStatus, Role, Verdict};
use crate::policy::{ActorFacts, DraftFacts, Facts};
use crate::store::StatusCount;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// The longest period one report covers; a quarter keeps a report a read of days, not years.
pub const MAX_DAYS: i64 = 92;

/// How many late or unowned orders a report lists (the counts are always complete).
pub const LIST_LIMIT: usize = 50;

/// Whose day a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    /// The whole desk: every operator, the queue, the money (the supervisor's review).
    Everyone,
    /// One operator's own day.
    Operator(String),
}

impl Whose {
    /// The login, or `None` for the whole desk.
    pub fn login(&self) -> Option<&str> {
        match self {
            Whose::Everyone => None,
            Whose::Operator(login) => Some(login),
        }
    }
}

/// The review of one day (or a range of days).
#[derive(Debug, Clone, Serialize)]
pub struct DayReport {
    /// The first day, in the shop's zone.
    pub date: NaiveDate,
    /// The last day, inclusive (the same as `date` for one day).
    pub to: NaiveDate,
    pub time_zone: String,
    pub generated_at: DateTime<FixedOffset>,
    /// `all`, or the login whose own day this is.
    pub scope: String,
    /// The period's orders (those that came in) by their status now, with how many of each
    /// are past their deadline now.
    pub by_status: Vec<StatusCount>,
    pub incoming: Incoming,
    pub late: Late,
    /// Open orders nobody owns (E3); only in the whole desk's report.
    pub unowned: Option<Unowned>,
    pub cancellations: Vec<Cancellation>,
    /// Refused attempts grouped by rule and operator, the most frequent first.
    pub blocked: Vec<Blocked>,
    /// Every refused attempt, oldest first.
    pub refusals: Vec<Refusal>,
    pub overrides: Vec<Override>,
    pub compensations: Compensations,
    /// Appeals waiting for the supervisor's decision (A9), oldest first.
    pub appeals: Vec<AppealWaiting>,
    pub handoffs: Handoffs,
    pub operators: Vec<OperatorDay>,
    /// Hour of the day (0–23, the shop's zone) by hour: orders in vs actions done.
    pub hours: Vec<Hour>,
    /// On a shared store, the whole desk's report carries a signed checkpoint of the audit as
    /// it stood when the report was made (for the head of sales to keep with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<crate::store::Checkpoint>,
    /// Product wishes and show leads recorded in the period, with their state now (A7, B16):
    /// the head of analytics' and the show director's part of the day.
    pub wishes: Vec<super::WishView>,
    /// Seed 000: an order from the Cart nobody took into work by its first-contact deadline
    /// (B1) costs the same as a false "out of stock" (A2); the oldest first, at most
    /// [`LIST_LIMIT`], only in the whole desk's report. Booking it is the head of sales' call.
    pub untaken: Vec<UntakenOrder>,
    /// Customers' questions asked in the period or still unanswered, with their answer (B1).
    pub questions: Vec<QuestionLine>,
    /// Escalations raised in the period or still open, with who holds them now (A6).
    pub escalations: Vec<EscalationLine>,
}

/// A new order nobody took by its first-contact deadline, with what it would cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UntakenOrder {
    pub order: String,
    pub customer: String,
    pub total: Money,
    pub due: DateTime<FixedOffset>,
    /// Whole hours past the deadline.
    pub overdue_hours: i64,
    /// The rule whose amount is at stake (A2) and the amount: the order total + its fee.
    pub rule: String,
    pub stake: Money,
}

/// The period's work in two numbers: orders in, actions out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Incoming {
    /// Orders that came in (the whole shop's, also in an operator's own report).
    pub orders: i64,
    /// Actions done in the period (claims, calls, confirmations, cancels…), refusals excluded.
    pub handled: i64,
}

/// Open orders past their deadline now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Late {
    pub total: i64,
    /// The longest overdue first, at most [`LIST_LIMIT`].
    pub orders: Vec<LateOrder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateOrder {
    pub order: String,
    pub status: OrderStatus,
    pub owner: Option<String>,
    pub customer: String,
    pub total: Money,
    pub due_kind: DueKind,
    /// The rule whose deadline it is.
    pub rule: &'static str,
    /// Past it the head of sales cancels the order (the review offers the cancel first).
    pub supervisor_cancels: bool,
    pub due: DateTime<FixedOffset>,
    /// Whole hours past the deadline.
    pub overdue_hours: i64,
}

/// Open orders nobody has taken (E3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Unowned {
    pub total: i64,
    /// The oldest first, at most [`LIST_LIMIT`].
    pub orders: Vec<UnownedOrder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnownedOrder {
    pub order: String,
    pub status: OrderStatus,
    pub customer: String,
    pub total: Money,
    pub created_at: DateTime<FixedOffset>,
    /// Whole hours since it arrived.
    pub waiting_hours: i64,
}

/// Where a cancellation's compensation (A3, A2) stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompensationState {
    /// Nothing was booked.
    None,
    /// Charged to the operator, not appealed.
    Charged,
    /// Waived: by complete evidence at the cancel (A4), or by a successful appeal (A9).
    Waived,
    /// Appealed, waiting for the supervisor.
    Appealed,
    /// Appealed, and the charge stands.
    Upheld,
    /// Appealed, and the charge doubled (A9).
    Doubled,
}

impl CompensationState {
    pub fn as_str(self) -> &'static str {
        match self {
            CompensationState::None => "none",
            CompensationState::Charged => "charged",
            CompensationState::Waived => "waived",
            CompensationState::Appealed => "appealed",
            CompensationState::Upheld => "upheld",
            CompensationState::Doubled => "doubled",
        }
    }
}

/// An order cancelled in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cancellation {
    pub at: DateTime<FixedOffset>,
    pub order: String,
    pub operator: String,
    /// The cancelling operator's surname, as B4 records it.
    pub surname: String,
    pub reason: String,
    pub note: String,
    /// The kinds of evidence attached (A4, A5).
    pub evidence: Vec<EvidenceKind>,
    /// A supervisor's override lifted a refusal.
    pub overridden: bool,
    pub order_total: Money,
    /// What the operator owes for it now, net of waivers and doubling.
    pub compensation: Money,
    pub state: CompensationState,
}

/// How often one operator met one refusing rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub rule: String,
    pub operator: String,
    pub count: i64,
    /// The orders, once each, in the order first refused.
    pub orders: Vec<String>,
}

/// One refused attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub at: DateTime<FixedOffset>,
    pub operator: String,
    pub order: Option<String>,
    pub action: String,
    pub rules: Vec<String>,
    /// An override of the same action on the same order was given at or after it, within
    /// the period: the refusal stands no longer.
    pub lifted: bool,
    /// The attempt as it was asked for, while the report is gathered.
    #[serde(skip)]
    pub(crate) draft: Option<Draft>,
    /// An exception waiting for approval: the attempt's draft, which the review performs with
    /// the approver's written reason (an override). `None` when there is nothing to approve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approve: Option<Draft>,
}

/// A refusal lifted by a written reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    pub at: DateTime<FixedOffset>,
    pub supervisor: String,
    pub order: Option<String>,
    pub action: String,
    pub rules: Vec<String>,
    pub reason: String,
}

/// The money booked in the period, signed from the operator's side (a charge is owed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compensations {
    pub lines: Vec<MoneyLine>,
    /// Charges booked (A2, A3).
    pub charged: Money,
    /// Charges doubled on appeal (A9).
    pub doubled: Money,
    /// Waived on appeal (shown positive; a waiver at the cancel books 0).
    pub waived: Money,
    /// Credits for site errors (A8), shown positive.
    pub credited: Money,
    /// What the operators owe for the period: charged + doubled − waived − credited.
    pub net: Money,
}

/// A booked ledger line, as the ledger command shows it.
pub use super::ledger::LedgerEntry as MoneyLine;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppealWaiting {
    pub order: String,
    pub operator: String,
    pub filed_at: DateTime<FixedOffset>,
    /// The charge appealed against, and the rule that booked it.
    pub charge: Money,
    pub charge_rule: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Handoffs {
    /// Written in the period.
    pub written: Vec<HandoffLine>,
    /// Not taken by anyone yet, whenever written (E2), oldest first.
    pub untaken: Vec<HandoffLine>,
}

/// A handoff as `handoff list --json` names its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoffLine {
    pub id: i64,
    pub order: String,
    pub from: String,
    pub note: String,
    pub taken_by: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    /// Untaken longer than the rules' `handoff_late_hours` (E2).
    pub overdue: bool,
}

/// One operator's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperatorDay {
    pub operator: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Orders taken into work (`claim`).
    pub claimed: i64,
    pub confirmed: i64,
    pub cancelled: i64,
    /// Every action done, the three above included.
    pub handled: i64,
    /// Attempts the rules refused.
    pub refused: i64,
    /// Refusals this operator lifted with a written reason (supervisors).
    pub overrides: i64,
    /// Charges and doublings booked to them in the period.
    pub charged: Money,
    /// Credits and waivers in the period, shown positive.
    pub credited: Money,
    /// Compensations net of credits: `charged − credited`.
    pub net: Money,
}

impl OperatorDay {
    /// The names of an operator's counts, as every writer heads its columns: the one list the
    /// CLI's tables, the CSV and the review screen all read, so none can drop a column.
    pub const COUNTS: [&'static str; 6] =
        ["claimed", "confirmed", "cancelled", "handled", "refused", "overrides"];
    /// The names of an operator's sums of money, likewise.
    pub const SUMS: [&'static str; 3] = ["charged", "credited", "net"];

    /// The counts, named as in [`OperatorDay::COUNTS`].
    pub fn counts(&self) -> [(&'static str, i64); 6] {
        let values =
            [self.claimed, self.confirmed, self.cancelled, self.handled, self.refused, self.overrides];
        std::array::from_fn(|i| (Self::COUNTS[i], values[i]))
    }

    /// The money, named as in [`OperatorDay::SUMS`].
    pub fn sums(&self) -> [(&'static str, &Money); 3] {
        let values = [&self.charged, &self.credited, &self.net];
        std::array::from_fn(|i| (Self::SUMS[i], values[i]))
    }
}

/// One hour of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hour {
    pub hour: u32,
    pub incoming: i64,
    pub handled: i64,
}

impl Desk {
    /// The review of `from..=to` (days in the shop's zone) for `whose` day, read by `actor`.
    /// Refused (and audited) when the rules do not let `actor` read it.
    pub fn report(
        &mut self,
        actor: &Operator,
        whose: &Whose,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<DayReport> {
        self.may_review(actor, whose, from, to)?;
        let mut report = gather::report(&self.store.read(), &self.book, whose, from, to)?;
        if *whose == Whose::Everyone {
            report.checkpoint = self.checkpoint_if_shared()?;
        }
        Ok(report)
    }

    /// Whether `actor` may read `whose` review of `from..=to`: the rules' verdict on a `review`
    /// draft whose `to` is the login whose day it is (`""` for the whole desk). A refusal is
    /// audited and returned as [`DeskError::Refused`]; the TUI asks this before it opens the
    /// supervisor's view.
    pub fn may_review(
        &mut self,
        actor: &Operator,
        whose: &Whose,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<()> {
        let verdict = self.review_verdict(actor, whose, from, to)?;
        if verdict.allowed() {
            return Ok(());
        }
        let detail =
            serde_json::json!({ "draft": review_draft(whose), "verdict": verdict, "period": verdict.order });
        self.refuse_about_no_order(actor, ActionKind::Review, verdict, detail)
    }

    /// The rules' verdict on `actor` reading `whose` review of `from..=to`, recorded nowhere.
    pub(crate) fn review_verdict(
        &self,
        actor: &Operator,
        whose: &Whose,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Verdict> {
        if to < from {
            return Err(DeskError::BadInput(format!("the period ends ({to}) before it begins ({from})")));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(DeskError::BadInput(format!("a report covers at most {MAX_DAYS} days")));
        }
        if let Some(login) = whose.login()
            && self.book.shop.operator(login).is_none()
        {
            return Err(DeskError::BadInput(format!("{login:?} is not a configured operator")));
        }
        let draft = review_draft(whose);
        let mut draft_facts = DraftFacts::from_draft(&draft);
        if let Some(op) = whose.login().and_then(|l| self.book.shop.operator(l)) {
            draft_facts.to_roles = op.roles.clone();
        }
        let now = self.book.clock.now();
        let on_shift = self.store.read().open_shift(&actor.login)?.is_some();
        let facts = Facts::without_order(
            ActorFacts::from_operator(actor, on_shift),
            draft_facts,
            now.fixed_offset(),
            self.book.shop.shop.currency,
        );
        let mut verdict: Verdict = self.book.policy.evaluate(&facts);
        verdict.order = period_label(from, to);
        Ok(verdict)
    }
}

/// The draft the `review` rule judges: whose day (`to`, absent for the whole desk).
fn review_draft(whose: &Whose) -> Draft {
    let mut draft = Draft::new(ActionKind::Review);
    draft.to = whose.login().map(str::to_owned);
    draft
}

/// `2026-11-23`, or `2026-11-20..2026-11-23` for a range.
pub fn period_label(from: NaiveDate, to: NaiveDate) -> String {
    if from == to { from.to_string() } else { format!("{from}..{to}") }
}
