//! The review's lines, built once from the report (and again when the language changes):
//! headings, tables of cells, and for each row the order it is about and the decision it
//! offers. Widths are measured at drawing time, so the same lines fit 80 or 160 columns.

use super::Section;
use crate::desk::{CompensationState, DayReport, OperatorDay};
use crate::domain::{Draft, Money, Vocabulary};
use crate::tui::i18n::I18n;
use chrono::{DateTime, FixedOffset};

/// How a cell reads, by meaning; the theme gives the colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Muted,
    Late,
    Warn,
    Ok,
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Numbers and money stand right-aligned.
    pub right: bool,
    pub tone: Tone,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), right: false, tone: Tone::Plain }
}

fn toned(text: impl Into<String>, tone: Tone) -> Cell {
    Cell { text: text.into(), right: false, tone }
}

fn num(n: i64) -> Cell {
    Cell { text: n.to_string(), right: true, tone: if n == 0 { Tone::Muted } else { Tone::Plain } }
}

fn money(m: &Money) -> Cell {
    Cell { text: m.display(), right: true, tone: if m.amount == 0 { Tone::Muted } else { Tone::Plain } }
}

/// A decision the supervisor can take on a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decide {
    /// An appeal waiting: waived, upheld or doubled.
    Appeal { operator: String, charge: String },
    /// A refused attempt the rules leave to an approval: performed again as it was asked, with
    /// the approver's written reason.
    Exception { operator: String, draft: Box<Draft> },
}

/// What a row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub order: String,
    pub decide: Option<Decide>,
}

impl Target {
    fn order(order: &str) -> Option<Target> {
        Some(Target { order: order.to_owned(), decide: None })
    }
}

/// One line of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RLine {
    Heading(String),
    Text(String, Tone),
    /// Column titles; the columns of the rows below are measured together. `flex` is the
    /// column that takes the room left (and is cut first).
    Header {
        titles: Vec<String>,
        flex: usize,
    },
    Row {
        cells: Vec<Cell>,
        target: Option<Target>,
    },
    Blank,
}

impl RLine {
    pub fn selectable(&self) -> bool {
        self.target().is_some()
    }

    pub fn target(&self) -> Option<&Target> {
        match self {
            RLine::Row { target, .. } => target.as_ref(),
            _ => None,
        }
    }
}

/// The lines of `section`.
pub fn build(r: &DayReport, section: Section, t: &I18n) -> Vec<RLine> {
    let multi = r.date != r.to;
    let at = |d: &DateTime<FixedOffset>| {
        if multi { d.format("%m-%d %H:%M").to_string() } else { d.format("%H:%M").to_string() }
    };
    let head = |keys: &[&str], flex: usize| RLine::Header {
        titles: keys.iter().map(|k| t.t(&format!("review.col.{k}")).to_owned()).collect(),
        flex,
    };
    let none = || RLine::Text(t.t("review.none").to_owned(), Tone::Muted);
    let mut out = Vec::new();
    match section {
        Section::Day => {
            let [work, rules] = summary(r, t);
            out.push(RLine::Text(work, Tone::Plain));
            out.push(RLine::Text(rules, Tone::Plain));
            out.push(RLine::Heading(t.f("review.by_status", &[("n", &r.incoming.orders)])));
            if r.by_status.is_empty() {
                out.push(none());
            } else {
                out.push(head(&["status", "orders_n", "late"], 0));
                for s in &r.by_status {
                    let late = if s.late > 0 { toned(s.late.to_string(), Tone::Late) } else { num(0) };
                    out.push(RLine::Row {
                        cells: vec![
                            cell(t.word("status", s.status)),
                            num(s.orders),
                            Cell { right: true, ..late },
                        ],
                        target: None,
                    });
                }
            }
        }
        Section::Late => {
            let shown = r.late.orders.len() as i64;
            let key = if shown < r.late.total { "review.late_listed" } else { "review.late_heading" };
            out.push(RLine::Heading(t.f(key, &[("shown", &shown), ("total", &r.late.total)])));
            if r.late.orders.is_empty() {
                out.push(none());
            }
            if !r.late.orders.is_empty() {
                out.push(head(&["order", "status", "owner", "deadline", "overdue", "total", "customer"], 6));
            }
            for o in &r.late.orders {
                let deadline = t.word("due_kind", o.due_kind);
                out.push(RLine::Row {
                    cells: vec![
                        cell(&o.order),
                        cell(t.word("status", o.status)),
                        o.owner.as_deref().map_or_else(|| toned("—", Tone::Muted), cell),
                        if o.supervisor_cancels {
                            toned(format!("{} {deadline}", o.rule), Tone::Warn)
                        } else {
                            cell(deadline)
                        },
                        Cell { right: true, ..toned(overdue(o.overdue_hours, t), Tone::Late) },
                        money(&o.total),
                        cell(&o.customer),
                    ],
                    target: Target::order(&o.order),
                });
            }
        }
        Section::Cancels => {
            out.push(RLine::Heading(t.f("review.cancels_heading", &[("n", &r.cancellations.len())])));
            if r.cancellations.is_empty() {
                out.push(none());
            } else {
                out.push(head(
                    &["time", "order", "operator", "reason", "total", "compensation", "state", "note"],
                    7,
                ));
            }
            for c in &r.cancellations {
                let state = t.t(&format!("comp.{}", c.state.as_str())).to_owned();
                let tone = match c.state {
                    CompensationState::Charged | CompensationState::Upheld | CompensationState::Doubled => {
                        Tone::Warn
                    }
                    CompensationState::Appealed => Tone::Refused,
                    CompensationState::Waived => Tone::Ok,
                    CompensationState::None => Tone::Muted,
                };
                let reason = crate::domain::CancelReason::parse(&c.reason)
                    .map_or_else(|_| c.reason.clone(), |r| t.word("reason", r));
                let mut note = c.note.clone();
                if c.overridden {
                    note = format!("{} {note}", t.t("review.overridden_mark"));
                }
                out.push(RLine::Row {
                    cells: vec![
                        toned(at(&c.at), Tone::Muted),
                        cell(&c.order),
                        cell(&c.operator),
                        cell(reason),
                        money(&c.order_total),
                        money(&c.compensation),
                        toned(state, tone),
                        cell(note),
                    ],
                    target: Some(Target {
                        order: c.order.clone(),
                        decide: (c.state == CompensationState::Appealed).then(|| {
                            appeal_of(r, &c.order).unwrap_or(Decide::Appeal {
                                operator: c.operator.clone(),
                                charge: c.compensation.display(),
                            })
                        }),
                    }),
                });
            }
        }
        Section::Refusals => {
            out.push(RLine::Heading(t.f("review.refusals_by_rule", &[("n", &r.refusals.len())])));
            if r.blocked.is_empty() {
                out.push(none());
            } else {
                // Who keeps hitting which rule, at a glance, before the table.
                let by_rule = tally(r.blocked.iter().map(|b| (b.rule.as_str(), b.count)));
                let by_operator = tally(r.blocked.iter().map(|b| (b.operator.as_str(), b.count)));
                out.push(RLine::Text(t.f("review.by_rule", &[("list", &by_rule)]), Tone::Plain));
                out.push(RLine::Text(t.f("review.by_operator", &[("list", &by_operator)]), Tone::Plain));
                out.push(head(&["rule", "operator", "times", "orders"], 3));
            }
            for b in &r.blocked {
                out.push(RLine::Row {
                    cells: vec![
                        toned(&b.rule, Tone::Refused),
                        cell(&b.operator),
                        num(b.count),
                        toned(b.orders.join(", "), Tone::Muted),
                    ],
                    target: None,
                });
            }
            if !r.refusals.is_empty() {
                out.push(RLine::Blank);
                out.push(RLine::Heading(t.t("review.refusals_each").to_owned()));
                out.push(head(&["time", "operator", "action", "order", "rules", "state"], 5));
            }
            for f in &r.refusals {
                let action = act_word(&f.action, t);
                // The desk says which refusals wait for an approval and which an override lifted.
                let state = match (&f.approve, f.lifted) {
                    (_, true) => toned(t.t("review.approved"), Tone::Ok),
                    (Some(_), false) => toned(t.t("review.exception_waits"), Tone::Warn),
                    _ => cell(""),
                };
                let decide = f
                    .approve
                    .clone()
                    .map(|draft| Decide::Exception { operator: f.operator.clone(), draft: Box::new(draft) });
                out.push(RLine::Row {
                    cells: vec![
                        toned(at(&f.at), Tone::Muted),
                        cell(&f.operator),
                        cell(action),
                        f.order.as_deref().map_or_else(|| toned("—", Tone::Muted), cell),
                        toned(f.rules.join(" "), Tone::Refused),
                        state,
                    ],
                    target: f.order.as_ref().map(|o| Target { order: o.clone(), decide }),
                });
            }
        }
        Section::Overrides => {
            out.push(RLine::Heading(t.f("review.overrides_heading", &[("n", &r.overrides.len())])));
            if r.overrides.is_empty() {
                out.push(none());
            } else {
                out.push(head(&["time", "supervisor", "action", "order", "rules", "reason"], 5));
            }
            for v in &r.overrides {
                let action = act_word(&v.action, t);
                out.push(RLine::Row {
                    cells: vec![
                        toned(at(&v.at), Tone::Muted),
                        cell(&v.supervisor),
                        cell(action),
                        v.order.as_deref().map_or_else(|| toned("—", Tone::Muted), cell),
                        toned(v.rules.join(" "), Tone::Warn),
                        cell(&v.reason),
                    ],
                    target: v.order.as_deref().and_then(Target::order),
                });
            }
        }
        Section::Appeals => {
            out.push(RLine::Heading(t.f("review.appeals_heading", &[("n", &r.appeals.len())])));
            if r.appeals.is_empty() {
                out.push(none());
            } else {
                out.push(head(&["filed", "order", "operator", "charge", "description"], 4));
            }
            for a in &r.appeals {
                out.push(RLine::Row {
                    cells: vec![
                        toned(a.filed_at.format("%m-%d %H:%M").to_string(), Tone::Muted),
                        cell(&a.order),
                        cell(&a.operator),
                        money(&a.charge),
                        cell(&a.description),
                    ],
                    target: Some(Target {
                        order: a.order.clone(),
                        decide: Some(Decide::Appeal {
                            operator: a.operator.clone(),
                            charge: a.charge.display(),
                        }),
                    }),
                });
            }
        }
        Section::Waiting => {
            let untaken = &r.handoffs.untaken;
            out.push(RLine::Heading(t.f("review.untaken_heading", &[("n", &untaken.len())])));
            if untaken.is_empty() {
                out.push(none());
            } else {
                out.push(head(&["written", "order", "from", "state", "note"], 4));
            }
            for h in untaken {
                let state = if h.overdue {
                    toned(t.t("review.overdue"), Tone::Late)
                } else {
                    toned(t.t("review.waits"), Tone::Muted)
                };
                out.push(RLine::Row {
                    cells: vec![
                        toned(h.created_at.format("%m-%d %H:%M").to_string(), Tone::Muted),
                        cell(&h.order),
                        cell(&h.from),
                        state,
                        cell(&h.note),
                    ],
                    target: Target::order(&h.order),
                });
            }
            if let Some(unowned) = &r.unowned {
                out.push(RLine::Blank);
                let shown = unowned.orders.len() as i64;
                out.push(RLine::Heading(
                    t.f("review.unowned_heading", &[("shown", &shown), ("total", &unowned.total)]),
                ));
                if unowned.orders.is_empty() {
                    out.push(none());
                } else {
                    out.push(head(&["order", "status", "waiting", "total", "customer"], 4));
                }
                for o in &unowned.orders {
                    out.push(RLine::Row {
                        cells: vec![
                            cell(&o.order),
                            cell(t.word("status", o.status)),
                            Cell { right: true, ..cell(span_hours(o.waiting_hours, t)) },
                            money(&o.total),
                            cell(&o.customer),
                        ],
                        target: Target::order(&o.order),
                    });
                }
            }
        }
        Section::Wishes => {
            out.push(RLine::Heading(t.f("review.wishes_heading", &[("n", &r.wishes.len())])));
            if r.wishes.is_empty() {
                out.push(none());
            } else {
                out.push(head(&["time", "kind", "state", "order", "operator", "note"], 5));
            }
            for w in &r.wishes {
                let what: Vec<String> = w.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let tone =
                    if w.state == crate::domain::wish::WishState::Incomplete { Tone::Warn } else { Tone::Ok };
                out.push(RLine::Row {
                    cells: vec![
                        toned(at(&w.at), Tone::Muted),
                        cell(t.word("wish_kind", w.kind)),
                        toned(w.state.as_str(), tone),
                        w.order.as_deref().map_or_else(|| toned("—", Tone::Muted), cell),
                        cell(&w.operator),
                        cell(what.join("; ")),
                    ],
                    target: w.order.as_deref().and_then(Target::order),
                });
            }
        }
        Section::Operators => {
            let columns: Vec<&str> = ["operator", "name"]
                .into_iter()
                .chain(OperatorDay::COUNTS)
                .chain(OperatorDay::SUMS)
                .collect();
            out.push(head(&columns, 1));
            for o in &r.operators {
                let mut cells = vec![cell(&o.operator), toned(&o.name, Tone::Muted)];
                cells.extend(o.counts().into_iter().map(|(key, n)| match key {
                    "refused" if n > 0 => Cell { right: true, ..toned(n.to_string(), Tone::Refused) },
                    _ => num(n),
                }));
                cells.extend(o.sums().into_iter().map(|(key, m)| match key {
                    "net" if m.amount > 0 => Cell { tone: Tone::Warn, ..money(m) },
                    _ => money(m),
                }));
                out.push(RLine::Row { cells, target: None });
            }
        }
    }
    out
}

/// The decision on the appeal waiting on `order`, as the appeals list has it.
fn appeal_of(r: &DayReport, order: &str) -> Option<Decide> {
    r.appeals
        .iter()
        .find(|a| a.order == order)
        .map(|a| Decide::Appeal { operator: a.operator.clone(), charge: a.charge.display() })
}

/// The lines above everything: the period's work, then the rules and the money, in numbers.
pub fn summary(r: &DayReport, t: &I18n) -> [String; 2] {
    [
        t.f(
            "review.summary_work",
            &[
                ("incoming", &r.incoming.orders),
                ("handled", &r.incoming.handled),
                ("late", &r.late.total),
                ("cancelled", &r.cancellations.len()),
            ],
        ),
        t.f(
            "review.summary_rules",
            &[
                ("refused", &r.refusals.len()),
                ("overridden", &r.overrides.len()),
                ("net", &r.compensations.net.display()),
            ],
        ),
    ]
}

/// `R1 2 · R2 1`: how often each key was refused, the most first.
fn tally<'a>(items: impl Iterator<Item = (&'a str, i64)>) -> String {
    let mut counts: Vec<(&str, i64)> = Vec::new();
    for (key, n) in items {
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, total)) => *total += n,
            None => counts.push((key, n)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    counts.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(" · ")
}

/// An audited action's name in the reader's language (`reserve` → "Reserve").
fn act_word(action: &str, t: &I18n) -> String {
    crate::domain::ActionKind::parse(action).map_or_else(|_| action.to_owned(), |a| t.word("act", a))
}

/// `5h`, `3d` as the queue writes spans.
fn span_hours(hours: i64, t: &I18n) -> String {
    crate::tui::ui::span_in(chrono::Duration::hours(hours), t)
}

fn overdue(hours: i64, t: &I18n) -> String {
    t.f("due.late", &[("span", &span_hours(hours, t))])
}
