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

/// The verdict on one action for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub action: ActionKind,
    pub order: String,
    pub rules: Vec<RuleOutcome>,
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
