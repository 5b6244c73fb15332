//! The policy's answer to "may this actor do this action now?": every rule that applies, each
//! of its checks met or not, and what is at stake.

use super::{ActionKind, Money};
use serde::{Deserialize, Serialize};

/// One check of a rule, as the checklist shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    pub label: String,
    pub met: bool,
}

/// A rule that applies to the action, with its checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOutcome {
    /// The POLICY.md id, e.g. `A4`.
    pub rule: String,
    pub message: String,
    pub checks: Vec<CheckOutcome>,
    /// A checklist rule informs; a blocking rule refuses the action while a check is unmet.
    pub blocking: bool,
    /// What the operator would be charged if they went ahead, when the rule says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stake: Option<Money>,
    /// Whether an override (a supervisor's written reason) may lift this rule's refusal; some
    /// refusals stand for everyone (A7 without a complete product wish).
    #[serde(default = "overridable_by_default")]
    pub overridable: bool,
    /// The draft's fields this blocking rule's checks read (`analogs`, `evidence`, `wish`…):
    /// what a form must let the operator fill in while the rule applies. Worked out from the expressions,
    /// never recorded.
    #[serde(skip)]
    pub asks: Vec<String>,
}

fn overridable_by_default() -> bool {
    true
}

impl Verdict {
    /// Every draft field some rule of the verdict asks for.
    pub fn asks(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().flat_map(|r| r.asks.iter().map(String::as_str))
    }
}

impl RuleOutcome {
    pub fn satisfied(&self) -> bool {
        self.checks.iter().all(|c| c.met)
    }

    /// A blocking rule with an unmet check.
    pub fn violated(&self) -> bool {
        self.blocking && !self.satisfied()
    }
}

/// What a money entry does to the operator's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MoneyKind {
    /// Charged to the operator (a compensation).
    Charge,
    /// Credited to the operator (a site-error reward), offsetting charges.
    Credit,
    /// A charge lifted: recorded so the history shows what was forgiven.
    Waive,
}

/// A line the action books to the operator's ledger, as the rules' `[[money]]` price it. The
/// verdict carries them so what is shown before an action is what it books: the desk books
/// exactly these lines, never a second computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyLine {
    /// The POLICY.md rule it comes from (`A3`, `A8`…).
    pub rule: String,
    pub kind: MoneyKind,
    pub amount: Money,
    pub message: String,
}

/// The verdict on one action for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub action: ActionKind,
    pub order: String,
    pub rules: Vec<RuleOutcome>,
    /// What the action would book if performed now (the rules' `[[money]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub money: Vec<MoneyLine>,
}

impl Verdict {
    pub fn allowed(&self) -> bool {
        !self.rules.iter().any(RuleOutcome::violated)
    }

    pub fn violations(&self) -> impl Iterator<Item = &RuleOutcome> {
        self.rules.iter().filter(|r| r.violated())
    }

    /// Every refusing rule may be lifted by an override; vacuously true when nothing refuses.
    pub fn overridable(&self) -> bool {
        self.violations().all(|r| r.overridable)
    }

    /// The largest stake among the rules that apply: what the operator risks by going ahead.
    pub fn stake(&self) -> Option<Money> {
        self.rules.iter().filter_map(|r| r.stake).max_by_key(|m| m.amount)
    }
}
