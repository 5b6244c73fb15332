//! Conditions outside the rulebook that look at the same facts: which call script fits an order
//! (`assets/scripts/situations.toml`). Compiled and proved on the sample facts exactly like a
//! rule's `when`, so a script index cannot name a field the rules do not have.

use super::error::{Part, RulesError};
use super::eval::Bindings;
use super::load::{Compiler, OPEN_MAPS, Yields};
use super::{Compiled, FactReads, Facts, Policy};
use crate::domain::Vocabulary;

/// A compiled CEL expression over the facts that yields a bool.
pub struct Condition {
    compiled: Compiled,
}

impl Condition {
    pub fn source(&self) -> &str {
        &self.compiled.source
    }
}

/// The facts of one order bound once, to test many conditions against.
pub struct Scope<'p> {
    bindings: Bindings<'p>,
}

impl Policy {
    /// Compiles `source` (from `file`, entry `id`) as a condition over the facts, with the
    /// rules' `params` in scope; refused like a broken rule.
    pub fn condition(&self, file: &str, id: &str, source: &str) -> Result<Condition, RulesError> {
        let globals = |message: String| RulesError::Invalid {
            file: file.to_owned(),
            rule: Some(id.to_owned()),
            message,
        };
        let sample = Facts::sample();
        let probe =
            Bindings::new(&self.env, &sample, &self.globals, &FactReads::everything()).map_err(globals)?;
        let role_words: Vec<&str> = self.override_roles.iter().map(|r| r.as_str()).collect();
        let override_table = std::collections::BTreeMap::from([("roles", role_words)]);
        let roots = Bindings::shapes(&sample, &self.params, &override_table, OPEN_MAPS).map_err(globals)?;
        let compiler = Compiler { env: &self.env, roots: &roots, probe: &probe, file };
        Ok(Condition { compiled: compiler.compile(id, Part::When, source, Yields::Bool)? })
    }

    /// Binds `facts` for testing conditions.
    pub fn scope(&self, facts: &Facts) -> Result<Scope<'_>, String> {
        Ok(Scope { bindings: Bindings::new(&self.env, facts, &self.globals, &FactReads::everything())? })
    }
}

impl Scope<'_> {
    /// Whether the condition holds; an evaluation error is reported, never a panic.
    pub fn holds(&self, condition: &Condition) -> Result<bool, String> {
        self.bindings.bool(&condition.compiled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ActionKind;

    fn policy() -> Policy {
        Policy::load(&[("rules.toml".into(), include_str!("../../config/rules.toml").into())]).unwrap()
    }

    #[test]
    fn a_condition_sees_the_facts() {
        let policy = policy();
        let new_order = policy.condition("s.toml", "new_order", "order.status == 'new'").unwrap();
        let facts = Facts::baseline(ActionKind::Claim);
        assert!(policy.scope(&facts).unwrap().holds(&new_order).unwrap());
    }

    #[test]
    fn a_condition_naming_an_unknown_field_is_refused_with_its_file_and_id() {
        let err =
            policy().condition("situations.toml", "x", "order.colour == 'red'").err().unwrap().to_string();
        assert!(err.contains("situations.toml") && err.contains("colour"), "{err}");
        let err = policy().condition("situations.toml", "y", "order.total").err().unwrap().to_string();
        assert!(err.contains("bool"), "{err}");
    }
}
