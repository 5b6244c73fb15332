//! The report as Markdown: a title, a summary line, then one section per part of the review,
//! tables where there are rows and a plain "none" where there are not, so a mailed report
//! says explicitly that nothing was refused rather than leaving the reader to wonder.

use crate::desk::{DayReport, OperatorDay, period_label};
use crate::domain::Money;
use std::fmt::Write;

/// A table cell: pipes escaped, line breaks flattened, so a note cannot break the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        out.push_str("_none_\n\n");
        return;
    }
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", header.iter().map(|_| "---|").collect::<String>());
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn hm(at: &chrono::DateTime<chrono::FixedOffset>, multi_day: bool) -> String {
    if multi_day { at.format("%m-%d %H:%M").to_string() } else { at.format("%H:%M").to_string() }
}

fn money(m: &Money) -> String {
    m.display()
}

pub fn render(r: &DayReport, shop: &str) -> String {
    let multi = r.date != r.to;
    let mut out = String::new();
    let whose = if r.scope == "all" { "the whole desk".to_owned() } else { format!("{}'s own day", r.scope) };
    let _ = writeln!(out, "# Day review · {shop} · {}\n", period_label(r.date, r.to));
    let _ = writeln!(
        out,
        "{whose} · times in {} · generated {}\n",
        r.time_zone,
        r.generated_at.format("%Y-%m-%d %H:%M %:z")
    );
    if let Some(c) = &r.checkpoint {
        let _ = writeln!(
            out,
            "Audit checkpoint: {} entries, head `{}`, sealed `{}` (store {}, {})\n",
            c.entries, c.head, c.mac, c.store, c.at
        );
    }
    let _ = writeln!(
        out,
        "**{} came in · {} handled · {} late now · {} cancelled · {} refused · {} overridden · net compensation {}**\n",
        r.incoming.orders,
        r.incoming.handled,
        r.late.total,
        r.cancellations.len(),
        r.refusals.len(),
        r.overrides.len(),
        money(&r.compensations.net),
    );

    let _ = writeln!(out, "## Came in ({}) and where it is now\n", r.incoming.orders);
    let rows: Vec<Vec<String>> = r
        .by_status
        .iter()
        .map(|c| vec![c.status.to_string(), c.orders.to_string(), c.late.to_string()])
        .collect();
    table(&mut out, &["status", "orders", "late"], &rows);

    let _ = writeln!(out, "## Late now ({} in all, the longest overdue first)\n", r.late.total);
    let rows: Vec<Vec<String>> = r
        .late
        .orders
        .iter()
        .map(|o| {
            vec![
                o.order.clone(),
                o.status.to_string(),
                o.owner.clone().unwrap_or_else(|| "—".into()),
                o.due_kind.to_string(),
                format!("{} h", o.overdue_hours),
                money(&o.total),
            ]
        })
        .collect();
    table(&mut out, &["order", "status", "owner", "deadline", "overdue", "total"], &rows);

    if let Some(unowned) = &r.unowned {
        let _ = writeln!(out, "## Unowned ({} open orders nobody has taken)\n", unowned.total);
        let rows: Vec<Vec<String>> = unowned
            .orders
            .iter()
            .map(|o| {
                vec![o.order.clone(), o.status.to_string(), format!("{} h", o.waiting_hours), money(&o.total)]
            })
            .collect();
        table(&mut out, &["order", "status", "waiting", "total"], &rows);
    }

    out.push_str("## Hour by hour\n\n");
    let rows: Vec<Vec<String>> = r
        .hours
        .iter()
        .filter(|h| h.incoming > 0 || h.handled > 0)
        .map(|h| vec![format!("{:02}:00", h.hour), h.incoming.to_string(), h.handled.to_string()])
        .collect();
    table(&mut out, &["hour", "incoming", "handled"], &rows);

    let _ = writeln!(out, "## Cancellations ({})\n", r.cancellations.len());
    let rows: Vec<Vec<String>> = r
        .cancellations
        .iter()
        .map(|c| {
            let evidence: Vec<String> = c.evidence.iter().map(|e| e.to_string()).collect();
            let mut state = c.state.as_str().to_owned();
            if c.overridden {
                state.push_str(" (override)");
            }
            vec![
                hm(&c.at, multi),
                c.order.clone(),
                c.operator.clone(),
                c.reason.clone(),
                if evidence.is_empty() { "—".into() } else { evidence.join(", ") },
                money(&c.order_total),
                money(&c.compensation),
                state,
                c.note.clone(),
            ]
        })
        .collect();
    table(
        &mut out,
        &["time", "order", "operator", "reason", "evidence", "order total", "compensation", "state", "note"],
        &rows,
    );

    let _ = writeln!(out, "## Refused by the rules ({} attempts)\n", r.refusals.len());
    let rows: Vec<Vec<String>> = r
        .blocked
        .iter()
        .map(|b| vec![b.rule.clone(), b.operator.clone(), b.count.to_string(), b.orders.join(", ")])
        .collect();
    table(&mut out, &["rule", "operator", "times", "orders"], &rows);
    if !r.refusals.is_empty() {
        let rows: Vec<Vec<String>> = r
            .refusals
            .iter()
            .map(|f| {
                vec![
                    hm(&f.at, multi),
                    f.operator.clone(),
                    f.action.clone(),
                    f.order.clone().unwrap_or_else(|| "—".into()),
                    f.rules.join(", "),
                ]
            })
            .collect();
        table(&mut out, &["time", "operator", "action", "order", "rules"], &rows);
    }

    let _ = writeln!(out, "## Overrides ({})\n", r.overrides.len());
    let rows: Vec<Vec<String>> = r
        .overrides
        .iter()
        .map(|o| {
            vec![
                hm(&o.at, multi),
                o.supervisor.clone(),
                o.action.clone(),
                o.order.clone().unwrap_or_else(|| "—".into()),
                o.rules.join(", "),
                o.reason.clone(),
            ]
        })
        .collect();
    table(&mut out, &["time", "by", "action", "order", "rules lifted", "written reason"], &rows);

    let c = &r.compensations;
    let _ = writeln!(
        out,
        "## Compensations: charged {} · doubled {} · waived {} · credited {} · net {}\n",
        money(&c.charged),
        money(&c.doubled),
        money(&c.waived),
        money(&c.credited),
        money(&c.net)
    );
    let rows: Vec<Vec<String>> = c
        .lines
        .iter()
        .map(|l| {
            vec![
                hm(&l.at, multi),
                l.operator.clone(),
                l.order.clone().unwrap_or_else(|| "—".into()),
                l.rule.clone(),
                l.kind.to_string(),
                money(&l.amount),
            ]
        })
        .collect();
    table(&mut out, &["time", "operator", "order", "rule", "kind", "amount"], &rows);

    let _ = writeln!(out, "## Appeals waiting for a decision ({})\n", r.appeals.len());
    let rows: Vec<Vec<String>> = r
        .appeals
        .iter()
        .map(|a| {
            vec![
                a.filed_at.format("%Y-%m-%d %H:%M").to_string(),
                a.order.clone(),
                a.operator.clone(),
                money(&a.charge),
                a.description.clone(),
            ]
        })
        .collect();
    table(&mut out, &["filed", "order", "operator", "charge", "description"], &rows);

    let _ = writeln!(
        out,
        "## Left in the Cart: untaken past the first-contact deadline ({}, the amount at stake)\n",
        r.untaken.len()
    );
    let rows: Vec<Vec<String>> = r
        .untaken
        .iter()
        .map(|u| {
            vec![
                u.order.clone(),
                u.customer.clone(),
                u.due.format("%Y-%m-%d %H:%M").to_string(),
                format!("{}h", u.overdue_hours),
                money(&u.total),
                format!("{} {}", u.rule, money(&u.stake)),
            ]
        })
        .collect();
    table(&mut out, &["order", "customer", "deadline", "overdue", "total", "at stake"], &rows);

    let _ = writeln!(out, "## Wishes and show leads ({})\n", r.wishes.len());
    let rows: Vec<Vec<String>> = r
        .wishes
        .iter()
        .map(|w| {
            vec![
                w.at.format("%Y-%m-%d %H:%M").to_string(),
                w.kind.to_string(),
                w.state.to_string(),
                w.order.clone().unwrap_or_default(),
                w.operator.clone(),
                w.fields.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect();
    table(&mut out, &["recorded", "kind", "state", "order", "by", "what"], &rows);

    let late = r.questions.iter().filter(|q| q.late).count();
    let _ = writeln!(
        out,
        "## Customers' questions ({} · {late} answered late or waiting past due)\n",
        r.questions.len()
    );
    let rows: Vec<Vec<String>> = r
        .questions
        .iter()
        .map(|q| {
            let answered = match (&q.answered_at, &q.answered_by) {
                (Some(at), by) => {
                    format!("{} by {}", at.format("%Y-%m-%d %H:%M"), by.as_deref().unwrap_or("?"))
                }
                (None, _) if q.late => "NOT ANSWERED, overdue".into(),
                (None, _) => "not answered".into(),
            };
            vec![
                q.asked_at.format("%Y-%m-%d %H:%M").to_string(),
                q.order.clone(),
                q.due.format("%Y-%m-%d %H:%M").to_string(),
                answered,
                q.note.clone(),
            ]
        })
        .collect();
    table(&mut out, &["asked", "order", "answer by", "answered", "question"], &rows);

    let open = r.escalations.iter().filter(|e| e.state == crate::domain::EscalationState::Open).count();
    let _ = writeln!(out, "## Escalations ({} · {open} open)\n", r.escalations.len());
    let rows: Vec<Vec<String>> = r
        .escalations
        .iter()
        .map(|e| {
            let outcome = match (&e.resolved_by, &e.resolution) {
                (Some(by), resolution) => {
                    format!("resolved by {by}: {}", resolution.as_deref().unwrap_or(""))
                }
                (None, _) => format!("open, with {}", e.level),
            };
            vec![
                e.raised_at.format("%Y-%m-%d %H:%M").to_string(),
                e.order.clone(),
                e.raised_by.clone(),
                outcome,
                e.note.clone(),
            ]
        })
        .collect();
    table(&mut out, &["raised", "order", "by", "state", "note"], &rows);

    let h = &r.handoffs;
    let _ = writeln!(out, "## Handoffs: {} written · {} not taken\n", h.written.len(), h.untaken.len());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (line, written) in h.written.iter().map(|l| (l, true)).chain(h.untaken.iter().map(|l| (l, false))) {
        if !written && h.written.iter().any(|w| w.id == line.id) {
            continue;
        }
        let taken = match (&line.taken_by, line.overdue) {
            (Some(by), _) => format!("taken by {by}"),
            (None, true) => "NOT TAKEN, overdue".into(),
            (None, false) => "not taken".into(),
        };
        rows.push(vec![
            line.created_at.format("%Y-%m-%d %H:%M").to_string(),
            line.order.clone(),
            line.from.clone(),
            taken,
            line.note.clone(),
        ]);
    }
    table(&mut out, &["written", "order", "from", "state", "note"], &rows);

    out.push_str("## Operators\n\n");
    let rows: Vec<Vec<String>> = r
        .operators
        .iter()
        .map(|o| {
            std::iter::once(o.operator.clone())
                .chain(o.counts().iter().map(|(_, n)| n.to_string()))
                .chain(o.sums().iter().map(|(_, m)| money(m)))
                .collect()
        })
        .collect();
    let head: Vec<&str> =
        std::iter::once("operator").chain(OperatorDay::COUNTS).chain(OperatorDay::SUMS).collect();
    table(&mut out, &head, &rows);
    out
}
