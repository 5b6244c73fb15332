//! `opdesk orders` and `opdesk show`: the queue and one order, as text or JSON.

use super::{Global, table};
use crate::desk::OrderRow;
use crate::desk::{OrderView, QueueFilter};
use crate::display::{countdown, span, visible};
use crate::domain::{CustomerClass, Money};
use crate::scripts::Script;
use anyhow::Result;
use serde::Serialize;
use std::process::ExitCode;

/// One queue row in `orders --json`; the field names are a stable contract.
#[derive(Serialize)]
struct QueueJson<'a> {
    id: &'a str,
    number: i64,
    status: crate::domain::OrderStatus,
    /// The customer's id.
    customer: &'a str,
    customer_name: &'a str,
    customer_class: CustomerClass,
    total: Money,
    owner: Option<&'a str>,
    created_at: String,
    /// The nearest deadline (RFC 3339) or null.
    due: Option<String>,
    due_kind: Option<crate::domain::DueKind>,
    overdue: bool,
    complaint: bool,
    age_restricted: bool,
}

pub fn list(global: &Global, mut filter: QueueFilter, json: bool) -> Result<ExitCode> {
    let session = global.session(false)?;
    let actor = if filter.mine { Some(session.actor()?) } else { session.actor().ok() };
    let desk = &session.desk;
    let now = desk.now();
    filter.limit = filter.limit.max(1);
    let rows = match &actor {
        Some(a) => desk.queue(a, &filter)?,
        None => desk.queue(&session.actor_or_feed(), &filter)?,
    };
    if json {
        let out: Vec<QueueJson<'_>> = rows
            .iter()
            .map(|r| QueueJson {
                id: &r.id,
                number: r.number,
                status: r.status,
                customer: &r.customer_id,
                customer_name: &r.customer_name,
                customer_class: r.customer_class,
                total: desk.money(r.total),
                owner: r.owner.as_deref(),
                created_at: r.created_at.to_rfc3339(),
                due: r.due.map(|d| d.at.to_rfc3339()),
                due_kind: r.due.map(|d| d.kind),
                overdue: r.due.is_some_and(|d| d.is_overdue(now)),
                complaint: r.complaint,
                age_restricted: r.age_restricted,
            })
            .collect();
        super::stdout::json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // E3: handoffs nobody took are unowned work too; say so beside the unowned orders.
    let handoffs = if filter.unowned { desk.handoff_counts()? } else { Default::default() };
    let footer = || -> Result<()> {
        if handoffs.untaken > 0 {
            outln!(
                "\n{} handoff(s) not taken, {} late: opdesk handoff list",
                handoffs.untaken,
                handoffs.late
            )?;
        }
        Ok(())
    };
    if rows.is_empty() {
        outln!("no orders match")?;
        footer()?;
        return Ok(ExitCode::SUCCESS);
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                span(now - r.created_at.to_utc()),
                r.due.map(|d| countdown(d.at, now)).unwrap_or_else(|| "—".into()),
                r.status.to_string(),
                table::fit(&r.customer_name, 28),
                desk.money(r.total).display(),
                r.owner.clone().unwrap_or_else(|| "—".into()),
                flags(r),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(&["ORDER", "AGE", "DUE", "STATUS", "CUSTOMER", "TOTAL", "OWNER", "FLAGS"], &cells)
    )?;
    footer()?;
    Ok(ExitCode::SUCCESS)
}

/// Short markers for what needs care: SuperVip, complaint, age-restricted, business customer.
pub fn flags(r: &OrderRow) -> String {
    let mut f = Vec::new();
    if r.customer_class == CustomerClass::Supervip {
        f.push("SVIP");
    }
    if r.complaint {
        f.push("complaint");
    }
    if r.age_restricted {
        f.push("18+");
    }
    if r.customer_class == CustomerClass::B2b {
        f.push("b2b");
    }
    f.join(" ")
}

/// `show --json`: the order view and the scripts that fit it now.
#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    view: &'a OrderView,
    scripts: &'a [Script],
}

pub fn show(global: &Global, key: &str, json: bool) -> Result<ExitCode> {
    let session = global.session(false)?;
    let view = session.desk.show(key)?;
    // Scripts depend on who calls (a SuperVip customer is transferred by anyone not designated).
    let scripts = session.desk.scripts(&session.actor_or_feed(), key, global.lang)?;
    if json {
        super::stdout::json(&ShowJson { view: &view, scripts: &scripts })?;
    } else {
        out!("{}", describe(&view, session.desk.now(), &|a| session.desk.money(a)))?;
        if let Some((first, rest)) = scripts.split_first() {
            outln!("\nScript: {} ({}, {})", first.title, first.kind, first.language)?;
            for line in first.text.lines() {
                outln!("  {line}")?;
            }
            if !rest.is_empty() {
                let others: Vec<&str> = rest.iter().map(|s| s.situation.as_str()).collect();
                outln!("  also: {}", others.join(", "))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(v: &OrderView, now: chrono::DateTime<chrono::Utc>, money: &dyn Fn(i64) -> Money) -> String {
    use std::fmt::Write;
    let o = &v.order.order;
    let c = &v.customer;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}  owner {}  created {} ({} ago)  via {}",
        visible(&o.id),
        o.status,
        o.owner.as_deref().unwrap_or("—"),
        o.created_at.format("%Y-%m-%d %H:%M %:z"),
        span(now - o.created_at.to_utc()),
        o.source
    );
    for t in &v.timers {
        let _ = writeln!(out, "  due: {} {} · {}", t.kind, countdown(t.at, now), t.what);
    }
    let _ = writeln!(out, "\nItems");
    for i in &o.items {
        let _ =
            writeln!(out, "  {:<10} {} × {}  {}", visible(&i.sku), i.qty, money(i.price), visible(&i.name));
    }
    let _ = writeln!(
        out,
        "  goods {}  delivery {} ({}{})  payment {}",
        v.order.total,
        money(o.delivery_cost),
        o.delivery_method,
        if o.delivery_address.is_empty() {
            String::new()
        } else {
            format!(", {}", visible(&o.delivery_address))
        },
        o.payment
    );
    let _ = writeln!(out, "  amount due: {}", v.order.amount_due);
    for line in v.order.pricing.explain(v.order.amount_due.currency).lines() {
        let _ = writeln!(out, "    {line}");
    }
    if let Some(word) = &o.magic_word {
        let _ = writeln!(out, "  magic word: {}", visible(word));
    }
    if !o.comment.is_empty() {
        let _ = writeln!(out, "  comment: {}", visible(&o.comment));
    }
    let life = &o.life;
    if let Some(at) = life.reserved_until {
        let _ = writeln!(out, "  reserved until {}", at.format("%Y-%m-%d %H:%M"));
    }
    if life.shipped_at.is_some() || !life.tracking.is_empty() || life.expected_delivery.is_some() {
        let ttn =
            if life.tracking.is_empty() { "—".to_owned() } else { visible(&life.tracking).into_owned() };
        let expected = life.expected_delivery.map_or_else(|| "—".to_owned(), |d| d.to_string());
        let late = if v.order.delivery_late { " · LATE" } else { "" };
        let _ = writeln!(out, "  delivery: TTN {ttn} · expected {expected}{late}");
    }
    if let Some(c) = &life.cancel {
        let reason = c.reason.map_or("no reason", |r| crate::domain::Vocabulary::as_str(r));
        let note = if c.note.is_empty() { String::new() } else { format!(": {}", visible(&c.note)) };
        let _ = writeln!(
            out,
            "  cancelled {} by {} ({}): {reason}{note}",
            c.at.format("%Y-%m-%d %H:%M"),
            visible(&c.surname),
            visible(&c.by)
        );
    }
    for e in &v.order.edits {
        let lines: Vec<String> =
            e.lines.iter().map(|l| format!("{} {}→{}", visible(&l.sku), l.old_qty, l.new_qty)).collect();
        let _ = writeln!(
            out,
            "  edited {} by {}: {}",
            e.at.format("%Y-%m-%d %H:%M"),
            visible(&e.actor),
            lines.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nCustomer {} · {} · {} · {} · {}",
        visible(&c.id),
        visible(&c.name),
        c.language,
        c.class,
        visible(&c.phone)
    );
    if let Some(since) = c.blocked_since {
        let _ = writeln!(out, "  blocked since {since}");
    }
    if c.personal_discount > 0 {
        let _ = writeln!(out, "  personal discount {}%", c.personal_discount);
    }
    for e in &c.events {
        let _ = writeln!(out, "  event {} on {} (recorded {})", e.kind, e.date, e.recorded_at);
    }
    if !v.history.is_empty() {
        let _ = writeln!(out, "\nOther orders");
        for h in &v.history {
            let _ = writeln!(
                out,
                "  {:<10} {:<18} {:>10}  {}",
                visible(&h.id),
                h.status.to_string(),
                money(h.total).display(),
                h.owner.as_deref().unwrap_or("—")
            );
        }
    }
    if !v.comments.is_empty() {
        let _ = writeln!(out, "\nComments");
        for cm in &v.comments {
            let _ = writeln!(out, "  {} {}: {}", cm.at, visible(&cm.author), visible(&cm.text));
        }
    }
    out
}
