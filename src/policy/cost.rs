//! Limits on what one expression may ask of the machine, checked at load before anything runs.
//!
//! A rules file is data a shop edits, so a careless (or hostile) expression must not take the
//! desk down. Two guards, both at load (and so at `opdesk rules check`):
//!
//! 1. **Size and nesting, on the text.** The `cel` crate's parser and evaluator recurse once per
//!    nesting level and once per operator of a chain (`1 + 1 + …` nests one level per `+`), so an
//!    expression of 10 000 terms overflows the stack before any AST exists to look at. The raw
//!    text is therefore measured first, outside string literals: at most [`MAX_CHARS`]
//!    characters, [`MAX_OPERATORS`] operators and [`MAX_NESTING`] levels of brackets. The parsed
//!    tree is then held to [`MAX_DEPTH`] levels (macros add a few of their own).
//! 2. **A cost estimate, like Kubernetes' CEL budget.** Before the expression is probed on the
//!    sample facts, its worst-case cost is estimated from the tree: one unit per operation, a
//!    tenth of a unit per character or element an operation walks (strings compared, lists
//!    searched or concatenated), and a comprehension's body once per element of its range.
//!    Lists in the facts hold at most [`limits::MAX_LIST`] elements and texts at most
//!    [`limits::MAX_TEXT`] characters (the import and the command line enforce both); a list
//!    literal holds what it holds. An expression estimated above [`MAX_COST`] is refused with its
//!    estimate: three nested comprehensions over the items, or a big literal list mapped inside
//!    another, are refused before they run for seconds and allocate gigabytes.
//!
//! The estimate is an upper bound: it assumes the longest list and text everywhere.

use super::shape::Shape;
use crate::domain::limits;
use cel::common::ast::{EntryExpr, Expr, IdedEntryExpr, IdedExpr, LiteralValue, operators};
use std::collections::BTreeMap;

/// Characters of one expression. The longest in the shipped rules has 227.
pub const MAX_CHARS: usize = 2_000;
/// Operators of one expression (`+`, `&&`, `==`, `!`, `.`, `?`…). The shipped rules use at most 15.
pub const MAX_OPERATORS: usize = 100;
/// Levels of brackets `(`, `[`, `{`. The shipped rules use at most 3.
pub const MAX_NESTING: usize = 32;
/// Levels of the parsed tree.
pub const MAX_DEPTH: usize = 128;
/// Estimated cost units of one expression (Kubernetes allows 1 000 000 per expression as well).
pub const MAX_COST: u64 = 1_000_000;

/// Why an expression is too big, in words for the rules author.
pub(super) fn check_text(source: &str) -> Result<(), String> {
    let chars = source.chars().count();
    if chars > MAX_CHARS {
        return Err(format!("is {chars} characters long, at most {MAX_CHARS} allowed"));
    }
    let (operators, nesting) = measure(source);
    if operators > MAX_OPERATORS {
        return Err(format!("has {operators} operators, at most {MAX_OPERATORS} allowed: split it"));
    }
    if nesting > MAX_NESTING {
        return Err(format!("nests brackets {nesting} deep, at most {MAX_NESTING} allowed"));
    }
    Ok(())
}

/// Operators and the deepest bracket nesting of `source`, string literals skipped.
fn measure(source: &str) -> (usize, usize) {
    let mut operators = 0usize;
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                // A literal ends at the same quote not escaped; triple quotes end alike, since
                // only the count of operators and brackets matters here.
                while let Some(inner) = chars.next() {
                    if inner == '\\' {
                        chars.next();
                    } else if inner == c {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '&' | '|' | '=' => {
                // `&&`, `||`, `==` are one operator each.
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                operators += 1;
            }
            '<' | '>' | '!' => {
                if chars.peek() == Some(&'=') {
                    chars.next();
                }
                operators += 1;
            }
            '+' | '-' | '*' | '/' | '%' | '?' | '.' => operators += 1,
            _ => {}
        }
    }
    (operators, deepest)
}

/// The depth of the parsed tree, or why it is too deep.
pub(super) fn check_depth(expr: &IdedExpr) -> Result<(), String> {
    let depth = depth(expr, 0);
    if depth > MAX_DEPTH {
        return Err(format!("nests {depth} levels deep once parsed, at most {MAX_DEPTH} allowed"));
    }
    Ok(())
}

/// Levels below `expr`; stops counting past the limit, so a walk never goes deeper than that.
fn depth(expr: &IdedExpr, at: usize) -> usize {
    if at > MAX_DEPTH {
        return at;
    }
    let below = |e: &IdedExpr| depth(e, at + 1);
    let entries = |entries: &[IdedEntryExpr]| {
        entries
            .iter()
            .map(|e| match &e.expr {
                EntryExpr::MapEntry(m) => below(&m.key).max(below(&m.value)),
                EntryExpr::StructField(f) => below(&f.value),
            })
            .max()
            .unwrap_or(at)
    };
    match &expr.expr {
        Expr::Call(call) => {
            call.target.iter().map(|t| below(t)).chain(call.args.iter().map(below)).max().unwrap_or(at)
        }
        Expr::Comprehension(c) => [&c.iter_range, &c.accu_init, &c.loop_cond, &c.loop_step, &c.result]
            .into_iter()
            .map(below)
            .max()
            .unwrap_or(at),
        Expr::List(list) => list.elements.iter().map(below).max().unwrap_or(at),
        Expr::Map(map) => entries(&map.entries),
        Expr::Struct(st) => entries(&st.entries),
        Expr::Select(select) => below(&select.operand),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => at,
    }
}

/// The worst-case cost of `expr`, in units (module header); `roots` are the facts' shapes.
pub(super) fn estimate(expr: &IdedExpr, roots: &BTreeMap<String, Shape>) -> u64 {
    Estimator { roots, scopes: Vec::new() }.walk(expr).cost
}

/// The refusal of an estimate over the limit.
pub(super) fn check_cost(cost: u64) -> Result<(), String> {
    if cost > MAX_COST {
        return Err(format!(
            "estimated cost {cost} exceeds the limit of {MAX_COST} \
             (lists of up to {} elements, texts of up to {} characters)",
            limits::MAX_LIST,
            limits::MAX_TEXT
        ));
    }
    Ok(())
}

/// How large a value may be: `len` elements or characters, each element at most `item` long.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    len: u64,
    item: u64,
}

/// What the walk knows of a subexpression.
struct Estimate {
    cost: u64,
    size: Size,
    shape: Shape,
}

impl Estimate {
    fn scalar(cost: u64, len: u64) -> Estimate {
        Estimate { cost, size: Size { len, item: 0 }, shape: Shape::Scalar }
    }
}

const LIST: u64 = limits::MAX_LIST as u64;
const TEXT: u64 = limits::MAX_TEXT as u64;

/// The largest value of a fact of this shape.
fn size_of(shape: &Shape) -> Size {
    match shape {
        // A number, a bool or a time: as long as its text (`string(x)`) may be.
        Shape::Scalar => Size { len: 40, item: 0 },
        Shape::Text => Size { len: TEXT, item: 0 },
        Shape::Record(fields) => Size { len: fields.len() as u64, item: LIST.max(TEXT) },
        Shape::List(elem) => Size { len: LIST, item: size_of(elem).len },
        Shape::Open => Size { len: LIST.max(TEXT), item: LIST.max(TEXT) },
    }
}

/// The longest text a fact field of this name holds ([`limits`]): identifiers and the words of
/// a vocabulary are short; anything else may be a person's text.
fn text_bound(field: &str) -> u64 {
    let max = match field {
        "id" | "sku" | "login" | "owner" | "designated" | "to" | "customer" => limits::MAX_ID,
        "status" | "reason" | "class" | "language" | "kind" | "source" | "payment" | "method"
        | "delivery_method" | "channel" | "resolution" => limits::MAX_ID,
        "name" | "category" => limits::MAX_NAME,
        _ => limits::MAX_TEXT,
    };
    max as u64
}

/// A tenth of a unit per character or element walked, as Kubernetes charges.
fn walked(n: u64) -> u64 {
    n.div_ceil(10)
}

struct Estimator<'a> {
    roots: &'a BTreeMap<String, Shape>,
    /// Comprehension variables, innermost last.
    scopes: Vec<(String, Shape, Size)>,
}

impl Estimator<'_> {
    fn lookup(&self, name: &str) -> Option<(Shape, Size)> {
        if let Some((_, shape, size)) = self.scopes.iter().rev().find(|(n, _, _)| n == name) {
            return Some((shape.clone(), *size));
        }
        self.roots.get(name).map(|shape| (shape.clone(), size_of(shape)))
    }

    fn walk(&mut self, expr: &IdedExpr) -> Estimate {
        match &expr.expr {
            Expr::Literal(LiteralValue::String(s)) => {
                Estimate::scalar(0, s.to_string().chars().count() as u64)
            }
            Expr::Literal(LiteralValue::Bytes(b)) => Estimate::scalar(0, b.len() as u64),
            Expr::Literal(_) | Expr::Unspecified => Estimate::scalar(0, 0),
            Expr::Ident(name) => match self.lookup(name) {
                Some((shape, size)) => Estimate { cost: 1, size, shape },
                None => Estimate { cost: 1, size: size_of(&Shape::Open), shape: Shape::Open },
            },
            Expr::Select(select) => {
                let operand = self.walk(&select.operand);
                let shape = match &operand.shape {
                    Shape::Record(fields) => fields.get(&select.field).cloned().unwrap_or(Shape::Open),
                    _ => Shape::Open,
                };
                let size = match &shape {
                    _ if select.test => Size::default(),
                    Shape::Text => Size { len: text_bound(&select.field), item: 0 },
                    other => size_of(other),
                };
                Estimate { cost: operand.cost.saturating_add(1), size, shape }
            }
            Expr::List(list) => {
                let mut cost = 10u64;
                let mut item = 0u64;
                let mut shape = None;
                for element in &list.elements {
                    let e = self.walk(element);
                    cost = cost.saturating_add(e.cost);
                    item = item.max(e.size.len);
                    shape.get_or_insert(e.shape);
                }
                let size = Size { len: list.elements.len() as u64, item };
                Estimate { cost, size, shape: Shape::List(Box::new(shape.unwrap_or(Shape::Open))) }
            }
            Expr::Map(map) => self.entries(&map.entries),
            Expr::Struct(st) => self.entries(&st.entries),
            Expr::Call(call) => {
                let target = call.target.as_deref().map(|t| self.walk(t));
                let args: Vec<Estimate> = call.args.iter().map(|a| self.walk(a)).collect();
                let inputs = target.iter().chain(&args).fold(0u64, |sum, e| sum.saturating_add(e.cost));
                let (own, size, shape) = self.call(&call.func_name, target.as_ref(), &args, &call.args);
                Estimate { cost: inputs.saturating_add(own), size, shape }
            }
            Expr::Comprehension(c) => {
                let range = self.walk(&c.iter_range);
                let init = self.walk(&c.accu_init);
                let n = range.size.len;
                let element = match &range.shape {
                    Shape::List(elem) => (**elem).clone(),
                    _ => Shape::Open,
                };
                let element_size = Size { len: range.size.item, item: LIST.max(TEXT) };
                let key = (Shape::Text, Size { len: range.size.item.max(TEXT), item: 0 });
                let depth = self.scopes.len();
                // The accumulator grows by at most one element a step (`map`, `filter`); how
                // large its elements are is what the step appends, learnt from the step itself.
                let mut accu = Size { len: n.saturating_add(init.size.len), item: init.size.item };
                self.scopes.push((c.accu_var.clone(), init.shape.clone(), accu));
                match &c.iter_var2 {
                    Some(second) => {
                        self.scopes.push((c.iter_var.clone(), key.0, key.1));
                        self.scopes.push((second.clone(), element, element_size));
                    }
                    None if matches!(range.shape, Shape::List(_)) => {
                        self.scopes.push((c.iter_var.clone(), element, element_size));
                    }
                    None => self.scopes.push((c.iter_var.clone(), key.0, key.1)),
                }
                let cond = self.walk(&c.loop_cond).cost;
                let step = self.walk(&c.loop_step);
                self.scopes.truncate(depth);
                accu.item = accu.item.max(step.size.item);
                let accu_shape = match step.shape {
                    list @ Shape::List(_) => list,
                    _ => init.shape.clone(),
                };
                self.scopes.push((c.accu_var.clone(), accu_shape, accu));
                let result = self.walk(&c.result);
                self.scopes.truncate(depth);
                let cost = range
                    .cost
                    .saturating_add(init.cost)
                    .saturating_add(n.saturating_mul(cond.saturating_add(step.cost).max(1)))
                    .saturating_add(result.cost);
                Estimate { cost, size: result.size, shape: result.shape }
            }
        }
    }

    fn entries(&mut self, entries: &[IdedEntryExpr]) -> Estimate {
        let mut cost = 10u64;
        let mut item = 0u64;
        for entry in entries {
            let parts = match &entry.expr {
                EntryExpr::MapEntry(m) => vec![self.walk(&m.key), self.walk(&m.value)],
                EntryExpr::StructField(f) => vec![self.walk(&f.value)],
            };
            for e in parts {
                cost = cost.saturating_add(e.cost);
                item = item.max(e.size.len);
            }
        }
        Estimate { cost, size: Size { len: entries.len() as u64, item }, shape: Shape::Open }
    }

    /// The cost of the call itself (its inputs are counted by the caller), and its result.
    fn call(
        &self,
        name: &str,
        target: Option<&Estimate>,
        args: &[Estimate],
        arg_exprs: &[IdedExpr],
    ) -> (u64, Size, Shape) {
        let len = |e: Option<&Estimate>| e.map_or(0, |e| e.size.len);
        let first = target.or(args.first());
        let second = if target.is_some() { args.first() } else { args.get(1) };
        let (a, b) = (len(first), len(second));
        let scalar = |cost: u64| (cost, Size::default(), Shape::Scalar);
        match name {
            operators::LOGICAL_AND | operators::LOGICAL_OR | operators::LOGICAL_NOT | operators::NEGATE => {
                scalar(1)
            }
            operators::CONDITIONAL => {
                let (x, y) = (args.get(1), args.get(2));
                let size = Size {
                    len: len(x).max(len(y)),
                    item: x.map_or(0, |e| e.size.item).max(y.map_or(0, |e| e.size.item)),
                };
                (1, size, x.map_or(Shape::Open, |e| e.shape.clone()))
            }
            operators::EQUALS
            | operators::NOT_EQUALS
            | operators::LESS
            | operators::LESS_EQUALS
            | operators::GREATER
            | operators::GREATER_EQUALS => scalar(1 + walked(a.min(b))),
            operators::IN => scalar(1 + b),
            operators::INDEX => {
                let item = first.map_or(0, |e| e.size.item);
                let shape = match first.map(|e| &e.shape) {
                    Some(Shape::List(elem)) => (**elem).clone(),
                    _ => Shape::Open,
                };
                (1, Size { len: item, item: LIST.max(TEXT) }, shape)
            }
            operators::ADD => {
                let item = first.map_or(0, |e| e.size.item).max(second.map_or(0, |e| e.size.item));
                // `[] + [x]`, as `map` and `filter` build their lists, takes the shape of `x`.
                let shape = match (first.map(|e| &e.shape), second.map(|e| &e.shape)) {
                    (Some(Shape::List(elem)), Some(list @ Shape::List(_)))
                        if matches!(**elem, Shape::Open) =>
                    {
                        list.clone()
                    }
                    (Some(shape), _) => shape.clone(),
                    (None, _) => Shape::Open,
                };
                (1 + walked(a.saturating_add(b)), Size { len: a.saturating_add(b), item }, shape)
            }
            operators::SUBSTRACT | operators::MULTIPLY | operators::DIVIDE | operators::MODULO => scalar(1),
            "size" | "int" | "uint" | "double" | "bool" | "type" | "timestamp" | "duration" | "dyn"
            | "has" => scalar(1),
            "contains" | "startsWith" | "endsWith" | "indexOf" | "lastIndexOf" => {
                scalar(1 + walked(a.saturating_add(b)))
            }
            // A regular expression may look at each character once per character of the pattern.
            "matches" => scalar(1 + walked(a.saturating_mul(b.max(1)))),
            "join" => {
                let out = a.saturating_mul(first.map_or(0, |e| e.size.item).saturating_add(b));
                (1 + walked(out), Size { len: out, item: 0 }, Shape::Text)
            }
            "split" => (1 + walked(a), Size { len: a, item: a }, Shape::List(Box::new(Shape::Text))),
            "replace" => {
                let with = len(if target.is_some() { args.get(1) } else { args.get(2) });
                let out = a.saturating_mul(with.max(1));
                (1 + walked(out), Size { len: out, item: 0 }, Shape::Text)
            }
            "flatten" => {
                let out = a.saturating_mul(first.map_or(0, |e| e.size.item).max(1));
                (1 + walked(out), Size { len: out, item: LIST.max(TEXT) }, Shape::Open)
            }
            // Sorting and removing duplicates compare pairs.
            "distinct" | "sort" | "sortBy" | "@sortByAssociatedKeys" => {
                let size = first.map_or(Size::default(), |e| e.size);
                (1 + walked(a.saturating_mul(a)), size, first.map_or(Shape::Open, |e| e.shape.clone()))
            }
            "lists.range" => {
                let n = match arg_exprs.first().map(|e| &e.expr) {
                    Some(Expr::Literal(LiteralValue::Int(n))) => u64::try_from(*n.inner()).unwrap_or(0),
                    // A computed size may be anything the evaluator allows.
                    _ => 1_000_000,
                };
                (1 + walked(n), Size { len: n, item: 0 }, Shape::List(Box::new(Shape::Scalar)))
            }
            "string" | "lowerAscii" | "upperAscii" | "trim" | "reverse" | "slice" | "substring"
            | "charAt" | "strings.quote" => {
                let size = first.map_or(Size::default(), |e| e.size);
                (1 + walked(a), size, first.map_or(Shape::Scalar, |e| e.shape.clone()))
            }
            // Anything else: it may walk all its inputs and return as much as it was given.
            _ => {
                let all = target.iter().copied().chain(args);
                let total = all.clone().fold(0u64, |sum, e| sum.saturating_add(e.size.len));
                let item = all.fold(0u64, |m, e| m.max(e.size.item));
                (1 + walked(total), Size { len: total, item }, Shape::Open)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Facts;

    fn roots() -> BTreeMap<String, Shape> {
        let facts = Facts::sample();
        let mut roots = BTreeMap::new();
        for (name, value) in [
            ("order", cel::to_value(&facts.order).unwrap()),
            ("customer", cel::to_value(&facts.customer).unwrap()),
            ("draft", cel::to_value(&facts.draft).unwrap()),
        ] {
            roots.insert(name.to_owned(), Shape::of(&value, name, &["draft.wish"]));
        }
        roots
    }

    fn cost(src: &str) -> u64 {
        let program = cel::Env::stdlib().compile(src).unwrap();
        estimate(program.expression(), &roots())
    }

    #[test]
    fn a_comprehension_costs_its_body_once_per_element() {
        let one = cost("order.items.exists(i, i.qty > 1)");
        assert!((LIST..20 * LIST).contains(&one), "{one}");
        let nested = cost("order.items.exists(i, order.items.exists(j, j.qty > i.qty))");
        assert!(nested >= LIST * LIST, "{nested}");
        let literal = cost("[1, 2, 3].all(x, x > 0)");
        assert!(literal < 40, "a literal list is as long as it is: {literal}");
    }

    #[test]
    fn nested_comprehensions_over_big_lists_exceed_the_budget() {
        let big = format!("[{}]", vec!["1"; 300].join(","));
        let src = format!("{big}.map(a, {big}.map(b, {big}.map(c, a + b + c))).size() > 0");
        assert!(check_cost(cost(&src)).is_err(), "{}", cost(&src));
        let three = "order.items.all(a, order.items.all(b, order.items.all(c, a.qty <= b.qty + c.qty)))";
        let err = check_cost(cost(three)).unwrap_err();
        assert!(err.contains("estimated cost") && err.contains("1000000"), "{err}");
    }

    #[test]
    fn string_work_is_charged_by_length() {
        assert!(cost("order.comment.contains('x')") > cost("order.total > 0"));
        assert!(cost("order.items.map(i, i.name).join(', ').matches('a.*b')") > 1_000);
    }

    #[test]
    fn text_limits_are_measured_outside_string_literals() {
        assert_eq!(measure("a + b && (c || !d)"), (4, 1));
        assert_eq!(measure("'((((+++' + \"]]\\\"[[\""), (1, 0));
        assert_eq!(measure("x.y.z >= 1"), (3, 0));
        let long = vec!["1"; 10_000].join(" + ");
        assert!(check_text(&long).unwrap_err().contains("characters long"));
        let many = vec!["1"; 200].join("+");
        assert!(check_text(&many).unwrap_err().contains("199 operators"));
        let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        assert!(check_text(&deep).unwrap_err().contains("40 deep"));
    }

    /// The worst expressions the text limits let through parse, are measured and evaluated on
    /// a quarter of a test thread's stack.
    #[test]
    fn the_largest_expressions_allowed_run_on_a_small_stack() {
        let ops = MAX_OPERATORS;
        let cases = [
            vec!["1"; ops].join(" + "),
            format!("{}true", "!".repeat(ops)),
            format!("{}1{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING)),
            format!("{}1{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING)),
            format!("{}1{}", "-(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING)),
            format!("{}true{}", "[1].all(x, ".repeat(MAX_NESTING / 3), ")".repeat(MAX_NESTING / 3)),
            format!("{}1", "true ? 1 : ".repeat(ops / 2)),
        ];
        for src in cases {
            assert_eq!(check_text(&src), Ok(()), "{src}");
            let handle = std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || {
                    let program = cel::Env::stdlib().compile(&src).map_err(|e| e.to_string())?;
                    check_depth(program.expression())?;
                    let _ = estimate(program.expression(), &BTreeMap::new());
                    let _ = program.execute(&cel::Context::default());
                    Ok::<(), String>(())
                })
                .unwrap();
            assert!(handle.join().is_ok(), "stack overflowed");
        }
    }
}
