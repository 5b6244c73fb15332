//! Loading rule files: parse, merge, compile every expression once, and prove each one on the
//! sample facts. Nothing that passes here can fail for want of a field at run time.

use super::cost;
use super::error::{ExpressionError, Part, RulesError};
use super::eval::{Bindings, Globals};
use super::file::{MoneySpec, OverridableSpec, ParamValue, RuleSpec, RulesFile};
use super::reads::FactReads;
use super::shape::{self, Shape};
use super::{Actions, Check, Compiled, Facts, MoneyRule, Overridable, Policy, Rule};
use crate::domain::{ActionKind, Role, Vocabulary};
use cel::{Env, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Maps whose keys are free: a wish form holds whatever characteristics the product has.
pub(super) const OPEN_MAPS: &[&str] = &["draft.wish"];

/// What an expression must evaluate to.
#[derive(Clone, Copy)]
pub(super) enum Yields {
    Bool,
    Int,
    Text,
}

impl Yields {
    fn name(self) -> &'static str {
        match self {
            Yields::Bool => "bool",
            Yields::Int => "int",
            Yields::Text => "string",
        }
    }

    fn accepts(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (Yields::Bool, Value::Bool(_)) | (Yields::Int, Value::Int(_)) | (Yields::Text, Value::String(_))
        )
    }
}

/// Compiles and proves expressions of one file against the sample.
pub(super) struct Compiler<'a> {
    pub(super) env: &'a Arc<Env>,
    pub(super) roots: &'a BTreeMap<String, Shape>,
    pub(super) probe: &'a Bindings<'a>,
    pub(super) file: &'a str,
}

impl Compiler<'_> {
    pub(super) fn compile(
        &self,
        rule: &str,
        part: Part,
        source: &str,
        yields: Yields,
    ) -> Result<Compiled, RulesError> {
        let fail = |message: String| {
            RulesError::Expression(Box::new(ExpressionError {
                file: self.file.to_owned(),
                rule: rule.to_owned(),
                part: part.clone(),
                expr: quoted(source),
                message,
            }))
        };
        // Measured before parsing: the parser recurses once per level and per chained operator.
        cost::check_text(source).map_err(fail)?;
        let program = self.env.compile(source).map_err(|errors| {
            let all: Vec<String> = errors
                .errors
                .iter()
                .map(|e| format!("syntax error at column {}: {}", e.pos.1 + 1, e.msg))
                .collect();
            fail(all.join("; "))
        })?;
        cost::check_depth(program.expression()).map_err(fail)?;
        if let Some(problem) = shape::unknown_field(program.expression(), self.roots) {
            return Err(fail(problem));
        }
        // Estimated before the probe below runs it on the sample facts.
        let cost = cost::estimate(program.expression(), self.roots);
        cost::check_cost(cost).map_err(fail)?;
        let value = self.probe.run(&program).map_err(|e| fail(format!("fails on the sample facts: {e}")))?;
        if !yields.accepts(&value) {
            return Err(fail(format!(
                "yields {} on the sample facts, expected {}",
                value.type_of(),
                yields.name()
            )));
        }
        let reads = FactReads::of(program.expression());
        Ok(Compiled { source: source.to_owned(), program, reads, cost })
    }

    fn optional(
        &self,
        rule: &str,
        part: Part,
        source: &Option<String>,
        yields: Yields,
    ) -> Result<Option<Compiled>, RulesError> {
        source.as_deref().map(|s| self.compile(rule, part, s, yields)).transpose()
    }

    fn actions(&self, rule: &str, words: &[String]) -> Result<Actions, RulesError> {
        if words.iter().any(|w| w == "*") {
            return Ok(Actions::Every);
        }
        let mut list = Vec::with_capacity(words.len());
        for word in words {
            let action = ActionKind::parse(word).map_err(|e| RulesError::UnknownAction {
                file: self.file.to_owned(),
                rule: rule.to_owned(),
                action: word.clone(),
                expected: e.expected.join(", "),
            })?;
            list.push(action);
        }
        if list.is_empty() {
            return Err(self.invalid(rule, "`actions` is empty: the rule would guard nothing"));
        }
        Ok(Actions::Only(list))
    }

    fn invalid(&self, rule: &str, message: &str) -> RulesError {
        RulesError::Invalid {
            file: self.file.to_owned(),
            rule: Some(rule.to_owned()),
            message: message.to_owned(),
        }
    }

    fn rule(&self, spec: &RuleSpec) -> Result<Rule, RulesError> {
        let id = spec.id.as_str();
        if id.trim().is_empty() {
            return Err(RulesError::Invalid {
                file: self.file.to_owned(),
                rule: None,
                message: "a rule has an empty id".into(),
            });
        }
        if spec.checks.is_empty() {
            return Err(
                self.invalid(id, "the rule has no [[rule.check]]: it could neither refuse nor inform")
            );
        }
        let mut checks = Vec::with_capacity(spec.checks.len());
        for c in &spec.checks {
            checks.push(Check {
                label: c.label.clone(),
                expr: self.compile(id, Part::Check(c.label.clone()), &c.expr, Yields::Bool)?,
                when: self.optional(id, Part::CheckWhen(c.label.clone()), &c.when, Yields::Bool)?,
            });
        }
        Ok(Rule {
            id: id.to_owned(),
            file: self.file.to_owned(),
            actions: self.actions(id, &spec.actions)?,
            when: self.optional(id, Part::When, &spec.when, Yields::Bool)?,
            message: spec.message.clone(),
            detail: self.optional(id, Part::Detail, &spec.detail, Yields::Text)?,
            kind: spec.kind,
            stake: self.optional(id, Part::Stake, &spec.stake, Yields::Int)?,
            overridable: match &spec.overridable {
                OverridableSpec::Fixed(b) => Overridable::Fixed(*b),
                OverridableSpec::When(src) => {
                    Overridable::When(self.compile(id, Part::Overridable, src, Yields::Bool)?)
                }
            },
            approval: spec.approval,
            checks,
        })
    }

    fn money(&self, spec: &MoneySpec, rules: &[Rule]) -> Result<MoneyRule, RulesError> {
        let id = spec.rule.as_str();
        let mut waived_by = Vec::with_capacity(spec.waived_by.len());
        for name in &spec.waived_by {
            let index = rules.iter().position(|r| &r.id == name).ok_or_else(|| {
                self.invalid(
                    id,
                    &format!("money entry: `waived_by` names rule {name:?}, which no file defines"),
                )
            })?;
            waived_by.push(index);
        }
        Ok(MoneyRule {
            rule: id.to_owned(),
            actions: self.actions(id, &spec.actions)?,
            when: self.optional(id, Part::When, &spec.when, Yields::Bool)?,
            kind: spec.kind,
            amount: self.compile(id, Part::Amount, &spec.amount, Yields::Int)?,
            message: spec.message.clone(),
            waived_by,
        })
    }
}

/// An expression as a message quotes it: whole when short, its start when long.
fn quoted(source: &str) -> String {
    const SHOWN: usize = 120;
    let chars = source.chars().count();
    if chars <= 2 * SHOWN {
        return source.to_owned();
    }
    let start: String = source.chars().take(SHOWN).collect();
    format!("{start}… ({chars} characters)")
}

/// A parameter beyond what the cost estimate assumes of the facts.
fn param_too_large(value: &ParamValue) -> Option<String> {
    use crate::domain::limits::{MAX_LIST, MAX_TEXT};
    match value {
        ParamValue::Words(words) if words.len() > MAX_LIST => {
            Some(format!("{} words, at most {MAX_LIST} allowed", words.len()))
        }
        ParamValue::Words(words) => words
            .iter()
            .find(|w| w.chars().count() > MAX_TEXT)
            .map(|_| format!("a word is longer than {MAX_TEXT} characters")),
        ParamValue::Text(text) if text.chars().count() > MAX_TEXT => {
            Some(format!("{} characters, at most {MAX_TEXT} allowed", text.chars().count()))
        }
        _ => None,
    }
}

/// A name `params.NAME` can reach.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) fn load(sources: &[(String, String)]) -> Result<Policy, RulesError> {
    let mut files = Vec::with_capacity(sources.len());
    for (name, text) in sources {
        let parsed: RulesFile = toml::from_str(text).map_err(|e| RulesError::toml(name, text, &e))?;
        files.push((name.as_str(), parsed));
    }

    // Parameters and the override table are global: every rule of every file sees them.
    let mut params: BTreeMap<String, ParamValue> = BTreeMap::new();
    let mut param_files: BTreeMap<String, &str> = BTreeMap::new();
    let mut override_roles: Option<(Vec<Role>, &str)> = None;
    for (file, parsed) in &files {
        for (name, value) in &parsed.params {
            if let Some(first) = param_files.get(name) {
                return Err(RulesError::DuplicateParam {
                    file: (*file).to_owned(),
                    name: name.clone(),
                    first: (*first).to_owned(),
                });
            }
            if !is_identifier(name) {
                return Err(RulesError::Invalid {
                    file: (*file).to_owned(),
                    rule: None,
                    message: format!("parameter name {name:?} is not an identifier (letters, digits, _)"),
                });
            }
            if let Some(problem) = param_too_large(value) {
                return Err(RulesError::Invalid {
                    file: (*file).to_owned(),
                    rule: None,
                    message: format!("parameter {name}: {problem}"),
                });
            }
            params.insert(name.clone(), value.clone());
            param_files.insert(name.clone(), file);
        }
        if let Some(spec) = &parsed.override_ {
            if let Some((_, first)) = &override_roles {
                return Err(RulesError::Invalid {
                    file: (*file).to_owned(),
                    rule: None,
                    message: format!("[override] is already defined in {first}"),
                });
            }
            let roles =
                spec.roles.iter().map(|r| Role::parse(r)).collect::<Result<Vec<_>, _>>().map_err(|e| {
                    RulesError::Invalid {
                        file: (*file).to_owned(),
                        rule: None,
                        message: format!("[override] roles: {e}"),
                    }
                })?;
            override_roles = Some((roles, file));
        }
    }
    let override_roles = override_roles.map(|(roles, _)| roles).unwrap_or_default();

    let globals_error = |e: String| RulesError::Invalid { file: "(rules)".into(), rule: None, message: e };
    let mut env = Env::stdlib();
    // The strings and lists extensions give `join`, `trim`, `slice`… for messages and checks.
    env.add_extension(cel::extensions::strings).map_err(|e| globals_error(e.to_string()))?;
    env.add_extension(cel::extensions::lists).map_err(|e| globals_error(e.to_string()))?;
    let env = Arc::new(env);

    let role_words: Vec<&str> = override_roles.iter().map(|r| r.as_str()).collect();
    let override_table = BTreeMap::from([("roles", role_words)]);
    let globals = Globals::new(&params, &override_table).map_err(globals_error)?;

    let sample = Facts::sample();
    let probe = Bindings::new(&env, &sample, &globals, &FactReads::everything()).map_err(globals_error)?;
    let roots = Bindings::shapes(&sample, &params, &override_table, OPEN_MAPS).map_err(globals_error)?;

    let mut rules: Vec<Rule> = Vec::new();
    for (file, parsed) in &files {
        let compiler = Compiler { env: &env, roots: &roots, probe: &probe, file };
        for spec in &parsed.rules {
            if let Some(first) = rules.iter().find(|r| r.id == spec.id) {
                return Err(RulesError::DuplicateRule {
                    file: (*file).to_owned(),
                    rule: spec.id.clone(),
                    first: first.file.clone(),
                });
            }
            rules.push(compiler.rule(spec)?);
        }
    }
    let mut money = Vec::new();
    for (file, parsed) in &files {
        let compiler = Compiler { env: &env, roots: &roots, probe: &probe, file };
        for spec in &parsed.money {
            money.push(compiler.money(spec, &rules)?);
        }
    }

    // The probe context borrows the globals the policy is about to own.
    drop(probe);
    let reads = ActionKind::ALL.iter().map(|&action| reads_of(&rules, &money, action)).collect();
    Ok(Policy { env, params, globals, override_roles, rules, money, reads, version: version(sources) })
}

impl Rule {
    /// Its conditions, checks, stake, detail and override condition: every expression a verdict
    /// may evaluate.
    pub(super) fn expressions(&self) -> impl Iterator<Item = &Compiled> {
        let overridable = match &self.overridable {
            Overridable::When(c) => Some(c),
            Overridable::Fixed(_) => None,
        };
        let checks = self.checks.iter().flat_map(|c| std::iter::once(&c.expr).chain(c.when.as_ref()));
        [&self.when, &self.detail, &self.stake].into_iter().flatten().chain(overridable).chain(checks)
    }
}

/// What a verdict on `action` may evaluate: the conditions, checks, stakes, details and
/// override conditions of the rules guarding it, and the conditions and amounts of its money
/// entries with the checks of the rules that waive them.
fn reads_of(rules: &[Rule], money: &[MoneyRule], action: ActionKind) -> FactReads {
    let mut reads = FactReads::default();
    let priced = money.iter().filter(|m| m.actions.contains(action));
    let waivers = priced.clone().flat_map(|m| m.waived_by.iter().filter_map(|&i| rules.get(i)));
    for rule in rules.iter().filter(|r| r.actions.contains(action)).chain(waivers) {
        for compiled in rule.expressions() {
            reads.merge(&compiled.reads);
        }
    }
    for entry in priced {
        for compiled in entry.when.iter().chain([&entry.amount]) {
            reads.merge(&compiled.reads);
        }
    }
    reads
}

/// The first 12 hex digits of SHA-256 over the texts, each prefixed by its length so that
/// moving text from one file to the next changes the version.
fn version(sources: &[(String, String)]) -> String {
    let mut hasher = Sha256::new();
    for (_, text) in sources {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names_must_be_reachable_from_cel() {
        assert!(is_identifier("min_analogs"));
        assert!(!is_identifier("min-analogs"));
        assert!(!is_identifier("5days"));
    }

    #[test]
    fn the_shipped_rules_stay_well_within_the_cost_limit() {
        let policy =
            Policy::load(&[("rules.toml".into(), include_str!("../../config/rules.toml").into())]).unwrap();
        let costliest = policy.rules().max_by_key(|r| r.cost).unwrap();
        assert!(
            costliest.cost < cost::MAX_COST / 10,
            "rule {} is estimated at {}",
            costliest.id,
            costliest.cost
        );
    }

    #[test]
    fn the_version_follows_the_text() {
        let a = version(&[("r.toml".into(), "x = 1".into())]);
        let b = version(&[("r.toml".into(), "x = 2".into())]);
        assert_eq!(a.len(), 12);
        assert_ne!(a, b);
    }
}
