//! Evaluation: facts in, verdict and ledger effects out. The facts become CEL values once per
//! evaluation; every rule reuses the programs compiled at load.
//!
//! Nothing here panics on a rule that misbehaves at run time (it was probed at load, but facts
//! differ from the sample): the failure becomes an unmet check carrying the error text, and a
//! rule that failed refuses the action even if it is only a checklist. Closed, not open.

use super::convert::{Boxed, to_val, to_val_picking};
use super::file::MoneyKind;
use super::reads::FactReads;
use super::shape::Shape;
use super::{Compiled, Facts, Overridable, Policy, Rule};
use crate::domain::{CheckOutcome, Currency, Money, MoneyLine, RuleOutcome, Verdict};
use cel::common::types::CelTimestamp;
use cel::common::value::CowVal;
use cel::context::VariableResolver;
use cel::{Context, Env, ExecutionError, Program, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Something the action books to the operator's ledger: the verdict's [`MoneyLine`].
pub type MoneyEffect = MoneyLine;

/// A money entry that could not be computed for these facts; the desk must not book the
/// action without knowing what it costs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule}: `{expr}` could not be evaluated: {message}")]
pub struct EvalError {
    pub rule: String,
    pub expr: String,
    pub message: String,
}

/// `params` and `override`: the same for every evaluation, so converted once at load and
/// lent to each evaluation's context by reference.
pub(super) struct Globals {
    params: Boxed,
    override_: Boxed,
}

impl Globals {
    pub(super) fn new(params: &impl Serialize, override_: &impl Serialize) -> Result<Globals, String> {
        Ok(Globals {
            params: to_val(params).map_err(|e| e.to_string())?,
            override_: to_val(override_).map_err(|e| e.to_string())?,
        })
    }
}

impl VariableResolver for Globals {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "params" => Some(CowVal::Borrowed(self.params.as_ref())),
            "override" => Some(CowVal::Borrowed(self.override_.as_ref())),
            _ => None,
        }
    }
}

/// The CEL context of one evaluation: the facts, `now`, and the policy's globals.
pub(super) struct Bindings<'g> {
    context: Context<'g, 'g>,
}

impl<'g> Bindings<'g> {
    /// Binds the facts, converting of each only the fields `reads` names: what the rules about
    /// to run can read (the rest could not change their outcome). `reads` comes from the
    /// expressions' syntax trees ([`FactReads`]), never from a list kept by hand.
    pub(super) fn new(
        env: &Arc<Env>,
        facts: &Facts,
        globals: &'g Globals,
        reads: &FactReads,
    ) -> Result<Bindings<'g>, String> {
        let mut context = Context::with_env(Arc::clone(env));
        context.set_variable_resolver(globals);
        fn convert<T: Serialize>(value: &T, variable: &str, reads: &FactReads) -> Result<Boxed, String> {
            let converted = if reads.reads_all_of(variable) {
                to_val(value)
            } else {
                to_val_picking(value, &|field| reads.reads(variable, field))
            };
            converted.map_err(|e| format!("facts: {e}"))
        }
        context.add_variable_as_val("actor", convert(&facts.actor, "actor", reads)?);
        context.add_variable_as_val("order", convert(&facts.order, "order", reads)?);
        context.add_variable_as_val("customer", convert(&facts.customer, "customer", reads)?);
        context.add_variable_as_val("draft", convert(&facts.draft, "draft", reads)?);
        context.add_variable_as_val("now", Box::new(CelTimestamp::from(facts.now)));
        Ok(Bindings { context })
    }

    /// The shape of every variable, for the static field check at load.
    pub(super) fn shapes(
        facts: &Facts,
        params: &impl Serialize,
        override_: &impl Serialize,
        open: &[&str],
    ) -> Result<BTreeMap<String, Shape>, String> {
        let value = |name: &str, r: Result<Value, cel::SerializationError>| {
            r.map(|v| (name.to_owned(), v)).map_err(|e| format!("{name}: {e}"))
        };
        let values = [
            value("actor", cel::to_value(&facts.actor))?,
            value("order", cel::to_value(&facts.order))?,
            value("customer", cel::to_value(&facts.customer))?,
            value("draft", cel::to_value(&facts.draft))?,
            value("params", cel::to_value(params))?,
            value("override", cel::to_value(override_))?,
        ];
        let mut shapes: BTreeMap<String, Shape> =
            values.iter().map(|(name, v)| (name.clone(), Shape::of(v, name, open))).collect();
        shapes.insert("now".into(), Shape::Scalar);
        Ok(shapes)
    }

    pub(super) fn run(&self, program: &Program) -> Result<Value, ExecutionError> {
        program.execute(&self.context)
    }

    pub(super) fn bool(&self, c: &Compiled) -> Result<bool, String> {
        match self.run(&c.program) {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(other) => Err(format!("yields {} instead of bool", other.type_of())),
            Err(e) => Err(e.to_string()),
        }
    }

    fn int(&self, c: &Compiled) -> Result<i64, String> {
        match self.run(&c.program) {
            Ok(Value::Int(n)) => Ok(n),
            Ok(other) => Err(format!("yields {} instead of int", other.type_of())),
            Err(e) => Err(e.to_string()),
        }
    }

    fn text(&self, c: &Compiled) -> Result<String, String> {
        match self.run(&c.program) {
            Ok(Value::String(s)) => Ok(s.to_string()),
            Ok(other) => Err(format!("yields {} instead of string", other.type_of())),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// An unmet check standing for an expression that failed.
fn broken(what: &str, c: &Compiled, error: &str) -> CheckOutcome {
    CheckOutcome { label: format!("{what}: `{}` could not be evaluated: {error}", c.source), met: false }
}

impl Policy {
    /// The facts bound for the rules and money of their draft's action.
    fn bindings(&self, facts: &Facts) -> Result<Bindings<'_>, String> {
        Bindings::new(&self.env, facts, &self.globals, self.reads(facts.draft.action))
    }

    /// Every rule that guards the draft's action and applies to these facts, each check met
    /// or not, and the ledger lines the action would book ([`Verdict::money`]).
    /// [`Verdict::allowed`] is false while a blocking rule has an unmet check, and when the
    /// money cannot be computed (the desk must not book an action without knowing its cost).
    pub fn evaluate(&self, facts: &Facts) -> Verdict {
        let action = facts.draft.action;
        let mut verdict =
            Verdict { action, order: facts.order.id.clone(), rules: Vec::new(), money: Vec::new() };
        let mut guarding = self.rules.iter().filter(|r| r.actions.contains(action)).peekable();
        let priced = self.money.iter().any(|m| m.actions.contains(action));
        if guarding.peek().is_none() && !priced {
            return verdict;
        }
        match self.bindings(facts) {
            Ok(bindings) => {
                verdict.rules.extend(guarding.filter_map(|r| outcome(r, &bindings, facts.order.currency)));
                match self.money_lines(&bindings, facts) {
                    Ok(lines) => {
                        for (entry, line) in lines {
                            if let Some(shown) = self.waiver_outcome(entry, &line) {
                                verdict.rules.push(shown);
                            }
                            verdict.money.push(line);
                        }
                    }
                    Err(e) => verdict.rules.push(RuleOutcome {
                        rule: e.rule.clone(),
                        message: "The rules could not price this action".into(),
                        checks: vec![CheckOutcome { label: e.to_string(), met: false }],
                        blocking: true,
                        stake: None,
                        overridable: false,
                        asks: Vec::new(),
                    }),
                }
            }
            Err(error) => verdict.rules.push(RuleOutcome {
                rule: "policy".into(),
                message: "The facts could not be handed to the rules".into(),
                checks: vec![CheckOutcome { label: error, met: false }],
                blocking: true,
                stake: None,
                overridable: false,
                asks: Vec::new(),
            }),
        }
        verdict
    }

    /// What the action books: charges, credits, and charges waived by complete evidence.
    /// Entries of amount 0 book nothing and are left out. The same lines as
    /// [`Policy::evaluate`]'s `money`.
    pub fn money(&self, facts: &Facts) -> Result<Vec<MoneyEffect>, EvalError> {
        let action = facts.draft.action;
        if !self.money.iter().any(|m| m.actions.contains(action)) {
            return Ok(Vec::new());
        }
        let bindings = self.bindings(facts).map_err(|message| EvalError {
            rule: "policy".into(),
            expr: String::new(),
            message,
        })?;
        Ok(self.money_lines(&bindings, facts)?.into_iter().map(|(_, line)| line).collect())
    }

    /// The one computation of money: each `[[money]]` entry that applies, with its index.
    fn money_lines(&self, bindings: &Bindings, facts: &Facts) -> Result<Vec<(usize, MoneyLine)>, EvalError> {
        let action = facts.draft.action;
        let mut lines = Vec::new();
        for (index, entry) in self.money.iter().enumerate().filter(|(_, m)| m.actions.contains(action)) {
            let fail = |c: &Compiled, message: String| EvalError {
                rule: entry.rule.clone(),
                expr: c.source.clone(),
                message,
            };
            if let Some(when) = &entry.when
                && !bindings.bool(when).map_err(|e| fail(when, e))?
            {
                continue;
            }
            let amount = bindings.int(&entry.amount).map_err(|e| fail(&entry.amount, e))?;
            if amount == 0 {
                continue;
            }
            let waived = entry.kind == MoneyKind::Charge
                && !entry.waived_by.is_empty()
                && entry
                    .waived_by
                    .iter()
                    .all(|&i| self.rules.get(i).is_some_and(|r| checks_met(r, bindings)));
            lines.push((
                index,
                MoneyLine {
                    rule: entry.rule.clone(),
                    kind: if waived { MoneyKind::Waive } else { entry.kind },
                    amount: Money::new(amount, facts.order.currency),
                    message: entry.message.clone(),
                },
            ));
        }
        Ok(lines)
    }

    /// A charge that proof may waive is shown on the checklist from its own ledger line: the
    /// charge as the stake, and one check "waived by the proof of …" met exactly when the line
    /// is a waiver. No second expression can disagree with what is booked.
    fn waiver_outcome(&self, entry: usize, line: &MoneyLine) -> Option<RuleOutcome> {
        let entry = self.money.get(entry)?;
        if entry.waived_by.is_empty() {
            return None;
        }
        let by: Vec<&Rule> = entry.waived_by.iter().filter_map(|&i| self.rules.get(i)).collect();
        let ids: Vec<&str> = by.iter().map(|r| r.id.as_str()).collect();
        let proof: Vec<&str> = by.iter().flat_map(|r| r.checks.iter().map(|c| c.label.as_str())).collect();
        let waived = line.kind == MoneyKind::Waive;
        Some(RuleOutcome {
            rule: line.rule.clone(),
            message: format!("{} ({} unless waived)", line.message, line.amount.display()),
            checks: vec![CheckOutcome {
                label: format!("Waived by the proof of {}: {}", ids.join(", "), proof.join("; ")),
                met: waived,
            }],
            blocking: false,
            stake: (!waived).then_some(line.amount),
            overridable: true,
            asks: Vec::new(),
        })
    }
}

/// Every check of `rule` that applies is met, whether or not the rule itself applies; a
/// failing expression counts as unmet. This is how evidence under one rule waives a charge.
fn checks_met(rule: &Rule, bindings: &Bindings) -> bool {
    rule.checks.iter().all(|check| match &check.when {
        Some(when) => match bindings.bool(when) {
            Ok(false) => true,
            Ok(true) => bindings.bool(&check.expr).unwrap_or(false),
            Err(_) => false,
        },
        None => bindings.bool(&check.expr).unwrap_or(false),
    })
}

/// The outcome of one rule, or `None` when its `when` is false.
fn outcome(rule: &Rule, bindings: &Bindings, currency: Currency) -> Option<RuleOutcome> {
    let mut checks = Vec::with_capacity(rule.checks.len());
    let mut failed = false;
    // The draft's fields the checks that apply read, for the form (sorted, once each). Only a
    // blocking rule asks for input; a checklist rule tells (A3's waiver names the proof that
    // the blocking rules ask for).
    let mut asks = std::collections::BTreeSet::new();
    if let Some(when) = &rule.when {
        match bindings.bool(when) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                checks.push(broken("the rule's condition", when, &e));
                failed = true;
            }
        }
    }
    if !failed {
        for check in &rule.checks {
            if let Some(when) = &check.when {
                match bindings.bool(when) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(e) => {
                        checks.push(broken(&check.label, when, &e));
                        failed = true;
                        continue;
                    }
                }
            }
            if rule.kind == super::RuleKind::Block {
                asks.extend(check.expr.reads.fields_of("draft").map(str::to_owned));
            }
            match bindings.bool(&check.expr) {
                Ok(met) => checks.push(CheckOutcome { label: check.label.clone(), met }),
                Err(e) => {
                    checks.push(broken(&check.label, &check.expr, &e));
                    failed = true;
                }
            }
        }
    }
    // A stake is what going ahead *against* the rule costs: nothing while every check holds.
    let unmet = checks.iter().any(|c| !c.met);
    let stake = rule.stake.as_ref().filter(|_| unmet).and_then(|s| match bindings.int(s) {
        // Nothing to lose is no stake (a rule may price only some of its actions).
        Ok(amount) if amount <= 0 => None,
        Ok(amount) => Some(Money::new(amount, currency)),
        Err(e) => {
            checks.push(broken("the stake", s, &e));
            failed = true;
            None
        }
    });
    let mut message = rule.message.clone();
    if let Some(detail) = &rule.detail
        && checks.iter().any(|c| !c.met)
    {
        match bindings.text(detail) {
            Ok(text) if !text.trim().is_empty() => message = format!("{message}: {text}"),
            Ok(_) => {}
            Err(e) => message = format!("{message} (the detail could not be evaluated: {e})"),
        }
    }
    let overridable = match &rule.overridable {
        Overridable::Fixed(b) => *b,
        Overridable::When(c) => bindings.bool(c).unwrap_or(false),
    };
    Some(RuleOutcome {
        rule: rule.id.clone(),
        message,
        checks,
        blocking: failed || rule.kind == super::RuleKind::Block,
        stake,
        overridable,
        asks: asks.into_iter().collect(),
    })
}
