//! The report as one flat CSV table for spreadsheets: a single header and one row per fact,
//! so a spreadsheet filters or pivots it by `section` without splitting the file.
//!
//! Columns: `section,key,operator,order,count,amount,currency,at,state,note`.
//! `amount` is in the currency's major units with exactly two decimals, written from the
//! integer minor units (never through floating point); `at` is RFC 3339 in the shop's zone.
//!
//! A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! `'` (OWASP's advice against CSV injection): a note `=cmd|' /C calc'!A0` from a feed must not
//! run when the report is opened in a spreadsheet. The numeric columns (`count`, `amount`) and
//! `at` are written by opdesk itself and stay as they are, so `-150.00` is still a number.
//!
//! | section            | key                        | other columns used                              |
//! |--------------------|----------------------------|-------------------------------------------------|
//! | report             | date, to, time_zone, scope | note = the value                                |
//! | by_status          | status                     | count = orders that came in, by status now      |
//! | by_status_late     | status                     | count = of them late now                        |
//! | incoming           | orders, handled            | count                                           |
//! | late_total         | late                       | count = every order late now                    |
//! | late               | deadline kind              | operator = owner, order, amount = total, at = deadline, count = hours overdue |
//! | unowned            | status                     | order, amount = total, at = arrived, count = hours waiting |
//! | cancellation       | reason                     | operator, order, amount = compensation now, at, state, note (evidence, override, note) |
//! | blocked            | rule                       | operator, count = times refused, note = orders  |
//! | refusal            | rules (`+`-joined)         | operator, order, at, note = action               |
//! | override           | rules (`+`-joined)         | operator = supervisor, order, at, note = action: reason |
//! | compensation       | rule                       | operator, order, amount (signed: owed +), at, state = kind, note |
//! | compensation_total | charged, doubled, waived, credited, net | amount                            |
//! | appeal             | the appealed charge's rule | operator, order, amount = charge, at = filed, note |
//! | untaken            | A2 (the Cart sentence)     | order, amount = total + fee at stake, at = first-contact deadline, count = hours overdue, note = customer |
//! | wish               | product, show              | operator, order, at, state, note = the fields   |
//! | question           | answered, open             | operator = recorded by, order, at = asked, state = answered_by or `overdue`, count = 1 if late, note |
//! | escalation         | administrator, analytics   | operator = raised by, order, at = raised, state = open or resolved_by, note |
//! | handoff            | written, untaken           | operator = author, order, at, state = taken_by or `overdue`, note |
//! | operator           | claimed … overrides; charged, credited, net | operator, count or amount      |
//! | hour               | 00 … 23                    | count = incoming orders                         |
//! | hour_handled       | 00 … 23                    | count = actions done                            |

use crate::desk::DayReport;
use crate::domain::Money;
use anyhow::Result;

/// One row; empty strings for the columns a section does not use.
#[derive(Default)]
struct Row {
    section: &'static str,
    key: String,
    operator: String,
    order: String,
    count: String,
    amount: String,
    currency: String,
    at: String,
    state: String,
    note: String,
}

/// `2650.00`, `-150.00`: the decimal form of minor units.
fn decimal(m: &Money) -> String {
    let sign = if m.amount < 0 { "-" } else { "" };
    let abs = m.amount.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl Row {
    fn new(section: &'static str, key: impl Into<String>) -> Row {
        Row { section, key: key.into(), ..Row::default() }
    }

    fn money(mut self, m: &Money) -> Row {
        self.amount = decimal(m);
        self.currency = m.currency.to_string();
        self
    }

    fn count(mut self, n: i64) -> Row {
        self.count = n.to_string();
        self
    }

    fn at(mut self, at: &chrono::DateTime<chrono::FixedOffset>) -> Row {
        self.at = at.to_rfc3339();
        self
    }

    fn who(mut self, operator: &str, order: Option<&str>) -> Row {
        self.operator = operator.to_owned();
        self.order = order.unwrap_or_default().to_owned();
        self
    }

    fn note(mut self, note: impl Into<String>) -> Row {
        self.note = note.into();
        self
    }

    fn state(mut self, state: impl Into<String>) -> Row {
        self.state = state.into();
        self
    }
}

pub fn render(r: &DayReport) -> Result<String> {
    let mut rows: Vec<Row> = vec![
        Row::new("report", "date").note(r.date.to_string()),
        Row::new("report", "to").note(r.to.to_string()),
        Row::new("report", "time_zone").note(r.time_zone.clone()),
        Row::new("report", "scope").note(r.scope.clone()),
    ];
    for c in &r.by_status {
        rows.push(Row::new("by_status", c.status.to_string()).count(c.orders));
        rows.push(Row::new("by_status_late", c.status.to_string()).count(c.late));
    }
    rows.push(Row::new("incoming", "orders").count(r.incoming.orders));
    rows.push(Row::new("incoming", "handled").count(r.incoming.handled));
    rows.push(Row::new("late_total", "late").count(r.late.total));
    for o in &r.late.orders {
        rows.push(
            Row::new("late", o.due_kind.to_string())
                .who(o.owner.as_deref().unwrap_or_default(), Some(&o.order))
                .money(&o.total)
                .at(&o.due)
                .count(o.overdue_hours)
                .state(o.status.to_string()),
        );
    }
    for o in r.unowned.iter().flat_map(|u| &u.orders) {
        rows.push(
            Row::new("unowned", o.status.to_string())
                .who("", Some(&o.order))
                .money(&o.total)
                .at(&o.created_at)
                .count(o.waiting_hours),
        );
    }
    for c in &r.cancellations {
        let mut note: Vec<String> = Vec::new();
        if !c.evidence.is_empty() {
            let kinds: Vec<String> = c.evidence.iter().map(|e| e.to_string()).collect();
            note.push(format!("evidence: {}", kinds.join(" ")));
        }
        if c.overridden {
            note.push("override".into());
        }
        if !c.note.is_empty() {
            note.push(c.note.clone());
        }
        rows.push(
            Row::new("cancellation", c.reason.clone())
                .who(&c.operator, Some(&c.order))
                .money(&c.compensation)
                .at(&c.at)
                .state(c.state.as_str())
                .note(note.join("; ")),
        );
    }
    for b in &r.blocked {
        rows.push(
            Row::new("blocked", b.rule.clone())
                .who(&b.operator, None)
                .count(b.count)
                .note(b.orders.join(" ")),
        );
    }
    for f in &r.refusals {
        rows.push(
            Row::new("refusal", f.rules.join("+"))
                .who(&f.operator, f.order.as_deref())
                .at(&f.at)
                .note(f.action.clone()),
        );
    }
    for o in &r.overrides {
        rows.push(
            Row::new("override", o.rules.join("+"))
                .who(&o.supervisor, o.order.as_deref())
                .at(&o.at)
                .note(format!("{}: {}", o.action, o.reason)),
        );
    }
    let c = &r.compensations;
    for l in &c.lines {
        rows.push(
            Row::new("compensation", l.rule.clone())
                .who(&l.operator, l.order.as_deref())
                .money(&l.amount)
                .at(&l.at)
                .state(l.kind.to_string())
                .note(l.note.clone()),
        );
    }
    for (key, m) in [
        ("charged", &c.charged),
        ("doubled", &c.doubled),
        ("waived", &c.waived),
        ("credited", &c.credited),
        ("net", &c.net),
    ] {
        rows.push(Row::new("compensation_total", key).money(m));
    }
    for a in &r.appeals {
        rows.push(
            Row::new("appeal", &a.charge_rule)
                .who(&a.operator, Some(&a.order))
                .money(&a.charge)
                .at(&a.filed_at)
                .note(a.description.clone()),
        );
    }
    for u in &r.untaken {
        rows.push(
            Row::new("untaken", &u.rule)
                .who("", Some(&u.order))
                .money(&u.stake)
                .at(&u.due)
                .count(u.overdue_hours)
                .note(u.customer.clone()),
        );
    }
    for w in &r.wishes {
        rows.push(
            Row::new("wish", w.kind.to_string())
                .who(&w.operator, w.order.as_deref())
                .at(&w.at)
                .state(w.state.to_string())
                .note(w.fields.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")),
        );
    }
    for q in &r.questions {
        let state = match (&q.answered_by, q.late) {
            (Some(by), _) => by.clone(),
            (None, true) => "overdue".into(),
            (None, false) => String::new(),
        };
        rows.push(
            Row::new("question", if q.answered_at.is_some() { "answered" } else { "open" })
                .who(&q.recorded_by, Some(&q.order))
                .at(&q.asked_at)
                .state(state)
                .count(i64::from(q.late))
                .note(q.note.clone()),
        );
    }
    for e in &r.escalations {
        let state = e.resolved_by.clone().unwrap_or_else(|| e.state.to_string());
        rows.push(
            Row::new("escalation", e.level.to_string())
                .who(&e.raised_by, Some(&e.order))
                .at(&e.raised_at)
                .state(state)
                .note(e.note.clone()),
        );
    }
    let handoffs = r
        .handoffs
        .written
        .iter()
        .map(|h| ("written", h))
        .chain(r.handoffs.untaken.iter().map(|h| ("untaken", h)));
    for (key, h) in handoffs {
        let state = match (&h.taken_by, h.overdue) {
            (Some(by), _) => by.clone(),
            (None, true) => "overdue".into(),
            (None, false) => String::new(),
        };
        rows.push(
            Row::new("handoff", key)
                .who(&h.from, Some(&h.order))
                .at(&h.created_at)
                .state(state)
                .note(h.note.clone()),
        );
    }
    for o in &r.operators {
        for (key, n) in o.counts() {
            rows.push(Row::new("operator", key).who(&o.operator, None).count(n));
        }
        for (key, m) in o.sums() {
            rows.push(Row::new("operator", key).who(&o.operator, None).money(m));
        }
    }
    for h in &r.hours {
        rows.push(Row::new("hour", format!("{:02}", h.hour)).count(h.incoming));
        rows.push(Row::new("hour_handled", format!("{:02}", h.hour)).count(h.handled));
    }

    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "section", "key", "operator", "order", "count", "amount", "currency", "at", "state", "note",
    ])?;
    for row in rows {
        writer.write_record([
            row.section,
            &inert(&row.key),
            &inert(&row.operator),
            &inert(&row.order),
            &row.count,
            &row.amount,
            &inert(&row.currency),
            &row.at,
            &inert(&row.state),
            &inert(&row.note),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// A text cell a spreadsheet will not take for a formula (module header).
pub(in crate::cli) fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn csv_cells_that_start_a_formula_are_quoted() {
        for cell in ["=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|x", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["SITE-1001", "a=b", "", "олена"] {
            assert_eq!(inert(cell), cell, "{cell:?} is left alone");
        }
    }
}
