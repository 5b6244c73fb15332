//! The shop's rules as data: `config/rules.toml` compiled into a [`Policy`] that answers
//! "may this operator do this action on this order now, and what is at stake?".
//!
//! Pure: the caller hands in file texts and [`Facts`]; nothing here reads files, the store or
//! the clock. Conditions and checks are CEL expressions, compiled once at load and probed
//! against [`Facts::sample`] so a broken file is refused before the first operator meets it.
//!
//! A rule file holds `[params]` (the numbers of POLICY.md), `[override]` (who may lift a
//! refusal with a written reason), `[[rule]]` (refusals and checklists, each with
//! `[[rule.check]]`s) and `[[money]]` (what an action books to the operator's ledger).

mod condition;
mod convert;
pub mod cost;
pub mod deadends;
mod error;
mod eval;
mod facts;
mod file;
mod load;
mod reads;
mod shape;
pub mod testing;

pub use condition::{Condition, Scope};
pub use error::{ExpressionError, Part, RulesError};
pub use eval::{EvalError, MoneyEffect};
pub use facts::{
    ActorFacts, CustomerFacts, DraftFacts, EventFacts, Facts, ItemFacts, OpenOrderFacts, OrderFacts,
    TaskFacts, wish_complete,
};
pub use file::{MoneyKind, ParamValue, RuleKind};
pub use reads::FactReads;

use crate::domain::{ActionKind, Role, Verdict};
use cel::{Env, Program};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A loaded, compiled rule set. Cheap to share: evaluation takes `&self`.
pub struct Policy {
    env: Arc<Env>,
    params: BTreeMap<String, ParamValue>,
    /// `params` and `override` as CEL values, built once and lent to each evaluation.
    globals: eval::Globals,
    override_roles: Vec<Role>,
    rules: Vec<Rule>,
    money: Vec<MoneyRule>,
    /// What the rules and money of each action read, in the order of [`ActionKind::ALL`].
    reads: Vec<FactReads>,
    version: String,
}

/// An expression compiled once, with its source kept for messages.
struct Compiled {
    source: String,
    program: Program,
    /// The facts' fields it names.
    reads: FactReads,
    /// Its estimated worst-case cost ([`cost`]).
    cost: u64,
}

/// Which actions a rule guards.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Actions {
    Every,
    Only(Vec<ActionKind>),
}

impl Actions {
    fn contains(&self, action: ActionKind) -> bool {
        match self {
            Actions::Every => true,
            Actions::Only(list) => list.contains(&action),
        }
    }

    fn words(&self) -> Vec<&'static str> {
        use crate::domain::Vocabulary;
        match self {
            Actions::Every => vec!["*"],
            Actions::Only(list) => list.iter().map(|a| a.as_str()).collect(),
        }
    }
}

enum Overridable {
    Fixed(bool),
    When(Compiled),
}

struct Rule {
    id: String,
    file: String,
    actions: Actions,
    when: Option<Compiled>,
    message: String,
    detail: Option<Compiled>,
    kind: RuleKind,
    stake: Option<Compiled>,
    overridable: Overridable,
    /// A refusal by this rule is an exception waiting for approval in the day's review.
    approval: bool,
    checks: Vec<Check>,
}

struct Check {
    label: String,
    expr: Compiled,
    when: Option<Compiled>,
}

struct MoneyRule {
    rule: String,
    actions: Actions,
    when: Option<Compiled>,
    kind: MoneyKind,
    amount: Compiled,
    message: String,
    /// Indexes into `Policy::rules`.
    waived_by: Vec<usize>,
}

/// A rule as `opdesk rules list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSummary<'p> {
    pub id: &'p str,
    pub file: &'p str,
    pub actions: Vec<&'static str>,
    pub kind: RuleKind,
    pub message: &'p str,
    pub checks: Vec<&'p str>,
    /// The estimated cost of its costliest expression ([`cost`]).
    pub cost: u64,
}

impl Policy {
    /// Compiles rule files given as (file name, text), in order. Refuses the whole set on the
    /// first broken file, naming the file, the rule and the expression's own message.
    pub fn load(sources: &[(String, String)]) -> Result<Policy, RulesError> {
        load::load(sources)
    }

    /// A short SHA-256 of the files' texts: which rules a verdict was given under.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every `[params]` entry.
    pub fn params(&self) -> &BTreeMap<String, ParamValue> {
        &self.params
    }

    /// A numeric parameter, e.g. `param("reserve_days")`; `None` when absent or not a number.
    pub fn param(&self, name: &str) -> Option<i64> {
        match self.params.get(name) {
            Some(ParamValue::Int(n)) => Some(*n),
            _ => None,
        }
    }

    /// A word parameter, e.g. `param_text("giants_category")`.
    pub fn param_text(&self, name: &str) -> Option<&str> {
        match self.params.get(name) {
            Some(ParamValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The roles that may lift an overridable refusal (`[override] roles`).
    pub fn override_roles(&self) -> &[Role] {
        &self.override_roles
    }

    /// Whether a refusal by the rule `id` waits for approval (`approval = true` in the file):
    /// the day's review offers to approve it.
    pub fn awaits_approval(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r.id == id && r.approval)
    }

    /// Whether someone wearing `roles` may lift a refusal with a written reason (`[override]`).
    pub fn may_override(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.override_roles.contains(r))
    }

    /// Whether `facts`' draft carries an override that lifts `verdict`'s refusal: a written
    /// reason, by an allowed role, and every refusing rule overridable.
    pub fn override_lifts(&self, verdict: &Verdict, facts: &Facts) -> bool {
        self.reason_lifts(verdict, &facts.draft.override_reason, &facts.actor.roles)
    }

    /// The one test of an override: `reason` written by someone wearing `roles` lifts
    /// `verdict`'s refusal when it is not blank, a role may override and every refusing rule is
    /// overridable.
    pub fn reason_lifts(&self, verdict: &Verdict, reason: &str, roles: &[Role]) -> bool {
        !verdict.allowed() && !reason.trim().is_empty() && self.may_override(roles) && verdict.overridable()
    }

    /// The facts' fields a verdict on `action` may read: facts that hold only these (the rest
    /// neutral) give the verdict and the money of the whole facts.
    pub fn reads(&self, action: ActionKind) -> &FactReads {
        use crate::domain::Vocabulary;
        static EVERYTHING: std::sync::LazyLock<FactReads> = std::sync::LazyLock::new(FactReads::everything);
        ActionKind::ALL
            .iter()
            .position(|a| *a == action)
            .and_then(|i| self.reads.get(i))
            .unwrap_or(&EVERYTHING)
    }

    /// The rules in file order.
    pub fn rules(&self) -> impl Iterator<Item = RuleSummary<'_>> {
        self.rules.iter().map(|r| RuleSummary {
            id: &r.id,
            file: &r.file,
            actions: r.actions.words(),
            kind: r.kind,
            message: &r.message,
            checks: r.checks.iter().map(|c| c.label.as_str()).collect(),
            cost: r.expressions().map(|c| c.cost).max().unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Policy>();
    }
}
