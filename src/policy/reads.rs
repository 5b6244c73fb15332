//! Which facts the rules of an action read, found in their expressions at load.
//!
//! A verdict is asked for on every keystroke of a form, and most of its cost is gathering facts
//! from the store and handing them to CEL. A claim's rules never look at the order's
//! compensation, a cancel's never at the customer's other open orders: what no expression of an
//! action names cannot change its verdict, so the desk need not read it and the policy need not
//! convert it. The set is computed from the syntax tree, never guessed: a variable used other
//! than by naming one of its fields (`order['items']`, `size(order)`) counts as reading all of it.
//!
//! It also tells a form which draft fields its blocking rules ask about (`RuleOutcome::asks`).
//! Measured (BENCHMARKS.md, session 6), binding only what is read keeps every verdict about
//! 20 µs faster than binding the whole facts.

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use std::collections::{BTreeMap, BTreeSet};

/// The fact variables whose fields are tracked one by one. `now`, `params` and `override` are
/// cheap and always bound.
const TRACKED: [&str; 4] = ["actor", "order", "customer", "draft"];

/// The fields of the facts some expressions read, by variable: `order` → `items`, `total`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactReads {
    /// Everything is read: the facts of an action that is performed and audited, or of a
    /// caller that does not know which expressions will run.
    all: bool,
    fields: BTreeMap<&'static str, BTreeSet<String>>,
    /// Variables used whole.
    whole: BTreeSet<&'static str>,
}

impl FactReads {
    /// Every field of every fact.
    pub fn everything() -> FactReads {
        FactReads { all: true, ..FactReads::default() }
    }

    /// Whether `variable.field` may be read (`reads("order", "compensation")`).
    pub fn reads(&self, variable: &str, field: &str) -> bool {
        self.all
            || self.whole.contains(variable)
            || self.fields.get(variable).is_some_and(|fields| fields.contains(field))
    }

    /// Whether every field of `variable` may be read.
    pub fn reads_all_of(&self, variable: &str) -> bool {
        self.all || self.whole.contains(variable)
    }

    /// Whether any of `fields` of `variable` may be read.
    pub fn reads_any(&self, variable: &str, fields: &[&str]) -> bool {
        fields.iter().any(|f| self.reads(variable, f))
    }

    /// The fields of `variable` read by name (a variable used whole names none).
    pub fn fields_of(&self, variable: &str) -> impl Iterator<Item = &str> {
        self.fields.get(variable).into_iter().flatten().map(String::as_str)
    }

    /// Adds what `other` reads.
    pub(super) fn merge(&mut self, other: &FactReads) {
        self.all |= other.all;
        for (variable, fields) in &other.fields {
            self.fields.entry(variable).or_default().extend(fields.iter().cloned());
        }
        self.whole.extend(other.whole.iter().copied());
    }

    /// What one expression reads.
    pub(super) fn of(expr: &IdedExpr) -> FactReads {
        let mut reads = FactReads::default();
        reads.visit(expr, &mut Vec::new());
        reads
    }

    /// The tracked variable `name` stands for, unless a comprehension variable hides it.
    fn tracked(name: &str, scopes: &[String]) -> Option<&'static str> {
        if scopes.iter().any(|s| s == name) {
            return None;
        }
        TRACKED.iter().copied().find(|t| *t == name)
    }

    fn visit(&mut self, expr: &IdedExpr, scopes: &mut Vec<String>) {
        match &expr.expr {
            Expr::Ident(name) => {
                if let Some(variable) = FactReads::tracked(name, scopes) {
                    self.whole.insert(variable);
                }
            }
            Expr::Select(select) => {
                if let Expr::Ident(name) = &select.operand.expr
                    && let Some(variable) = FactReads::tracked(name, scopes)
                {
                    self.fields.entry(variable).or_default().insert(select.field.clone());
                } else {
                    self.visit(&select.operand, scopes);
                }
            }
            Expr::Call(call) => {
                if let Some(target) = call.target.as_deref() {
                    self.visit(target, scopes);
                }
                for arg in &call.args {
                    self.visit(arg, scopes);
                }
            }
            Expr::Comprehension(comp) => {
                // The range and the start are outside the loop's names; the rest inside.
                self.visit(&comp.iter_range, scopes);
                self.visit(&comp.accu_init, scopes);
                let depth = scopes.len();
                scopes.push(comp.accu_var.clone());
                scopes.push(comp.iter_var.clone());
                scopes.extend(comp.iter_var2.clone());
                self.visit(&comp.loop_cond, scopes);
                self.visit(&comp.loop_step, scopes);
                scopes.truncate(depth + 1);
                self.visit(&comp.result, scopes);
                scopes.truncate(depth);
            }
            Expr::List(list) => {
                for element in &list.elements {
                    self.visit(element, scopes);
                }
            }
            Expr::Map(map) => self.entries(&map.entries, scopes),
            Expr::Struct(st) => self.entries(&st.entries, scopes),
            Expr::Literal(_) | Expr::Unspecified => {}
        }
    }

    fn entries(&mut self, entries: &[cel::common::ast::IdedEntryExpr], scopes: &mut Vec<String>) {
        for entry in entries {
            match &entry.expr {
                EntryExpr::MapEntry(e) => {
                    self.visit(&e.key, scopes);
                    self.visit(&e.value, scopes);
                }
                EntryExpr::StructField(f) => self.visit(&f.value, scopes),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(source: &str) -> FactReads {
        let env = cel::Env::stdlib();
        let program = env.compile(source).unwrap();
        FactReads::of(program.expression())
    }

    #[test]
    fn a_named_field_is_read_and_nothing_else() {
        let r = reads("order.complaint && 'supervisor' in actor.roles");
        assert!(r.reads("order", "complaint"));
        assert!(r.reads("actor", "roles"));
        assert!(!r.reads("order", "items"));
        assert!(!r.reads("customer", "open_orders"));
    }

    #[test]
    fn fields_read_inside_a_comprehension_belong_to_its_range() {
        let r = reads("!customer.open_orders.exists(o, o.owner != '' && o.owner != actor.login)");
        assert!(r.reads("customer", "open_orders"));
        assert!(r.reads("actor", "login"));
        assert!(!r.reads("order", "owner"), "o.owner is the element's, not the order's");
    }

    #[test]
    fn a_loop_variable_named_like_a_fact_hides_it() {
        let r = reads("draft.analogs.exists(order, order.size() > 0)");
        assert!(r.reads("draft", "analogs"));
        assert!(!r.reads("order", "size"));
        assert_eq!(r.whole.len(), 0);
    }

    #[test]
    fn a_fact_used_whole_reads_every_field() {
        for source in ["order['compensation'] > 0", "size(customer) > 0", "has(draft.note) && order == order"]
        {
            let r = reads(source);
            let variable = if source.contains("customer") { "customer" } else { "order" };
            assert!(r.reads(variable, "anything"), "{source}");
        }
    }

    #[test]
    fn everything_reads_every_field() {
        assert!(FactReads::everything().reads("customer", "open_orders"));
        let mut some = reads("order.total > 0");
        assert!(!some.reads("order", "appeals"));
        some.merge(&reads("order.appeals < 2"));
        assert!(some.reads("order", "appeals") && some.reads("order", "total"));
    }
}
