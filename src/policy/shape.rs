//! A static check of the field names an expression uses.
//!
//! The `cel` crate has no type checker, and probing an expression against sample facts only
//! reaches the branches the sample takes: `draft.reason == 'x' && order.nope > 0` never reads
//! `order.nope` on a sample whose reason is not `x`. So every selection path rooted at a known
//! variable (`order.items`, `params.min_analogs`, `i.stock` inside `order.items.all(i, …)`)
//! is looked up in the shape of the sample facts, whichever branch it sits in.

use cel::Value;
use cel::common::ast::{EntryExpr, Expr, IdedEntryExpr, IdedExpr, LiteralValue, operators};
use cel::objects::Key;
use std::collections::BTreeMap;

/// What is known about a value's fields.
#[derive(Debug, Clone)]
pub(super) enum Shape {
    /// Anything: a map with free keys (`draft.wish`), a computed value.
    Open,
    /// Has no fields.
    Scalar,
    /// A string: no fields either, but a length (the cost estimate needs to know).
    Text,
    List(Box<Shape>),
    /// A map whose keys are exactly these.
    Record(BTreeMap<String, Shape>),
}

impl Shape {
    /// The shape of a sample value. Lists take the shape of their first element; `open` names
    /// the dotted paths whose keys are free (a wish form, say).
    pub(super) fn of(value: &Value, path: &str, open: &[&str]) -> Shape {
        if open.contains(&path) {
            return Shape::Open;
        }
        match value {
            Value::Map(map) => Shape::Record(
                map.map
                    .iter()
                    .filter_map(|(k, v)| match k {
                        Key::String(name) => {
                            let inner = format!("{path}.{name}");
                            Some((name.to_string(), Shape::of(v, &inner, open)))
                        }
                        _ => None,
                    })
                    .collect(),
            ),
            Value::List(items) => {
                Shape::List(Box::new(items.first().map_or(Shape::Open, |first| Shape::of(first, path, open))))
            }
            Value::String(_) => Shape::Text,
            _ => Shape::Scalar,
        }
    }
}

/// Names CEL itself defines that may appear as bare identifiers (type names).
const TYPE_NAMES: &[&str] =
    &["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"];

/// Finds the first unknown name or field in `expr`, described for the rules author.
pub(super) fn unknown_field(expr: &IdedExpr, roots: &BTreeMap<String, Shape>) -> Option<String> {
    let mut walker = Walker { roots, scopes: Vec::new(), problem: None };
    walker.shape(expr);
    walker.problem
}

struct Walker<'a> {
    roots: &'a BTreeMap<String, Shape>,
    /// Comprehension variables, innermost last.
    scopes: Vec<(String, Shape)>,
    problem: Option<String>,
}

impl Walker<'_> {
    fn report(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    fn lookup(&self, name: &str) -> Option<Shape> {
        self.scopes
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
            .or_else(|| self.roots.get(name).cloned())
    }

    /// The shape `expr` evaluates to, reporting unknown names on the way.
    fn shape(&mut self, expr: &IdedExpr) -> Shape {
        match &expr.expr {
            Expr::Ident(name) => match self.lookup(name) {
                Some(shape) => shape,
                None => {
                    if !TYPE_NAMES.contains(&name.as_str()) {
                        let known: Vec<&str> = self.roots.keys().map(String::as_str).collect();
                        self.report(format!("unknown name `{name}` (known: {})", known.join(", ")));
                    }
                    Shape::Open
                }
            },
            Expr::Select(select) => {
                let inner = self.shape(&select.operand);
                self.field(&inner, &select.field, &select.operand)
            }
            Expr::Call(call) => {
                if let Some(target) = call.target.as_deref() {
                    // `strings.quote(x)` parses as a call on the identifier `strings`: a
                    // namespace, not a variable.
                    let namespace = matches!(&target.expr, Expr::Ident(name) if self.lookup(name).is_none());
                    if !namespace {
                        self.shape(target);
                    }
                }
                let args: Vec<Shape> = call.args.iter().map(|a| self.shape(a)).collect();
                match (call.func_name.as_str(), args.as_slice()) {
                    (operators::INDEX, [Shape::List(elem), _]) => (**elem).clone(),
                    (operators::INDEX, [record @ Shape::Record(_), _]) => match &call.args[1].expr {
                        Expr::Literal(LiteralValue::String(key)) => {
                            let key = key.to_string();
                            self.field(record, &key, &call.args[0])
                        }
                        _ => Shape::Open,
                    },
                    (operators::CONDITIONAL, [_, a, _]) => a.clone(),
                    _ => Shape::Open,
                }
            }
            Expr::Comprehension(comp) => {
                let range = self.shape(&comp.iter_range);
                // One variable walks a list's elements or a map's keys; two walk index and
                // element, or key and value.
                let key = if matches!(range, Shape::Open) { Shape::Open } else { Shape::Scalar };
                let bindings = match (range, &comp.iter_var2) {
                    (Shape::List(elem), Some(var2)) => {
                        vec![(comp.iter_var.clone(), key), (var2.clone(), *elem)]
                    }
                    (Shape::List(elem), None) => vec![(comp.iter_var.clone(), *elem)],
                    (_, Some(var2)) => vec![(comp.iter_var.clone(), key), (var2.clone(), Shape::Open)],
                    (_, None) => vec![(comp.iter_var.clone(), key)],
                };
                let depth = self.scopes.len();
                self.shape(&comp.accu_init);
                self.scopes.push((comp.accu_var.clone(), Shape::Open));
                self.scopes.extend(bindings);
                self.shape(&comp.loop_cond);
                self.shape(&comp.loop_step);
                self.scopes.truncate(depth + 1);
                self.shape(&comp.result);
                self.scopes.truncate(depth);
                Shape::Open
            }
            Expr::List(list) => {
                let shapes: Vec<Shape> = list.elements.iter().map(|e| self.shape(e)).collect();
                Shape::List(Box::new(shapes.into_iter().next().unwrap_or(Shape::Open)))
            }
            Expr::Map(map) => {
                self.entries(&map.entries);
                Shape::Open
            }
            Expr::Struct(st) => {
                self.entries(&st.entries);
                Shape::Open
            }
            Expr::Literal(_) | Expr::Unspecified => Shape::Scalar,
        }
    }

    fn entries(&mut self, entries: &[IdedEntryExpr]) {
        for entry in entries {
            match &entry.expr {
                EntryExpr::MapEntry(e) => {
                    self.shape(&e.key);
                    self.shape(&e.value);
                }
                EntryExpr::StructField(f) => {
                    self.shape(&f.value);
                }
            }
        }
    }

    fn field(&mut self, of: &Shape, field: &str, operand: &IdedExpr) -> Shape {
        match of {
            Shape::Record(fields) => match fields.get(field) {
                Some(shape) => shape.clone(),
                None => {
                    let path = spell(operand);
                    let known: Vec<&str> = fields.keys().map(String::as_str).collect();
                    let what = if path == "params" { "parameter" } else { "field" };
                    self.report(format!("unknown {what} `{path}.{field}` (known: {})", known.join(", ")));
                    Shape::Open
                }
            },
            Shape::Scalar | Shape::Text | Shape::List(_) => {
                self.report(format!("`{}` has no field `{field}`", spell(operand)));
                Shape::Open
            }
            Shape::Open => Shape::Open,
        }
    }
}

/// `a.b.c` for a selection chain, `…` for anything else.
fn spell(expr: &IdedExpr) -> String {
    match &expr.expr {
        Expr::Ident(name) => name.clone(),
        Expr::Select(s) => format!("{}.{}", spell(&s.operand), s.field),
        _ => "(…)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Facts;

    fn roots() -> BTreeMap<String, Shape> {
        let facts = Facts::sample();
        let mut roots = BTreeMap::new();
        for (name, value) in
            [("order", cel::to_value(&facts.order).unwrap()), ("draft", cel::to_value(&facts.draft).unwrap())]
        {
            roots.insert(name.to_owned(), Shape::of(&value, name, &["draft.wish"]));
        }
        roots.insert("now".into(), Shape::Scalar);
        roots
    }

    fn check(src: &str) -> Option<String> {
        let program = cel::Env::stdlib().compile(src).unwrap();
        unknown_field(program.expression(), &roots())
    }

    #[test]
    fn fields_in_untaken_branches_are_still_checked() {
        assert_eq!(check("draft.reason == 'x' && order.total > 0"), None);
        let problem = check("draft.reason == 'x' && order.nope > 0").unwrap();
        assert!(problem.contains("`order.nope`"), "{problem}");
    }

    #[test]
    fn comprehension_variables_take_the_element_shape() {
        assert_eq!(check("order.items.all(i, i.stock >= i.qty)"), None);
        assert_eq!(check("order.items.map(i, i.sku).exists(s, s == 'x')"), None);
        let problem = check("order.items.exists(i, i.stok > 0)").unwrap();
        assert!(problem.contains("`i.stok`"), "{problem}");
    }

    #[test]
    fn free_maps_and_has_are_accepted() {
        assert_eq!(check("has(draft.wish.date) && draft.wish['place'] != ''"), None);
        assert_eq!(check("'date' in draft.wish"), None);
    }

    #[test]
    fn unknown_roots_are_named() {
        let problem = check("ordr.total > 0").unwrap();
        assert!(problem.contains("`ordr`"), "{problem}");
    }
}
