//! `opdesk shift start | end` and `opdesk handoff list | write | take`: the shift change (E1–E3)
//! as text a tired person reads at the end of the day, or JSON.

use super::{Global, table, usage};
use crate::desk::{AwayItem, DeskError, HandoffView, ShiftRefusal};
use crate::display::{countdown, moment};
use crate::domain::{DueKind, OrderStatus, Vocabulary, parse_when};
use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Subcommand;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Start your shift
    Start {
        #[arg(long)]
        json: bool,
    },
    /// End your shift; refused (exit 3) while an open order that needs someone has no handoff
    End {
        /// End this operator's shift instead of yours (supervisor)
        #[arg(long, value_name = "LOGIN")]
        operator: Option<String>,
        /// End it although orders have no handoff note, with this written reason (supervisor)
        #[arg(long = "override", value_name = "TEXT")]
        override_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Your shift and the orders that will need a handoff note before it ends
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HandoffCommand {
    /// The duty inbox (handoffs not taken, oldest first) and the handoffs you wrote
    List {
        /// Every handoff, taken or not, newest first
        #[arg(long)]
        all: bool,
        /// At most N handoffs per list
        #[arg(long, value_name = "N", value_parser = super::store_limit, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Write a handoff note on an order for the next shift
    Write {
        #[arg(value_name = "ORDER")]
        order: String,
        /// What was promised and by when, what to do next
        #[arg(long, value_name = "TEXT")]
        note: String,
        /// When the next step is due (RFC 3339); it becomes the order's deadline
        #[arg(long, value_name = "TIME")]
        next_at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Take a handoff into work (duty operator): the order passes to you
    Take {
        #[arg(value_name = "ID")]
        id: i64,
        /// Take it although the rules refuse, with this written reason (supervisor)
        #[arg(long = "override", value_name = "TEXT")]
        override_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// One handoff in `handoff list --json`: DESIGN.md's fields first, then more.
#[derive(Serialize)]
struct HandoffJson<'a> {
    id: i64,
    order: &'a str,
    from: &'a str,
    note: &'a str,
    taken_by: Option<&'a str>,
    created_at: String,
    taken_at: Option<String>,
    next_at: Option<String>,
    order_status: OrderStatus,
    owner: Option<&'a str>,
    /// The order's nearest deadline and its kind.
    due: Option<String>,
    due_kind: Option<DueKind>,
    late_at: String,
    late: bool,
}

impl<'a> HandoffJson<'a> {
    fn of(v: &'a HandoffView) -> HandoffJson<'a> {
        let h = &v.handoff;
        HandoffJson {
            id: h.id,
            order: &h.order_id,
            from: &h.author,
            note: &h.note,
            taken_by: h.taken_by.as_deref(),
            created_at: h.created_at.to_rfc3339(),
            taken_at: h.taken_at.map(|t| t.to_rfc3339()),
            next_at: h.next_at.map(|t| t.to_rfc3339()),
            order_status: v.order_status,
            owner: v.owner.as_deref(),
            due: v.due.map(|d| d.at.to_rfc3339()),
            due_kind: v.due.map(|d| d.kind),
            late_at: v.late_at.to_rfc3339(),
            late: v.late,
        }
    }
}

pub fn shift(global: &Global, command: &ShiftCommand) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let actor = session.actor()?;
    let zone = session.desk.shop().shop.time_zone;
    let desk = &mut session.desk;
    match command {
        ShiftCommand::Start { json } => {
            let shift = desk.start_shift(&actor)?;
            if *json {
                super::stdout::json(&shift)?;
            } else {
                outln!("{} on shift since {}", actor.login, moment(&shift.started_at, zone))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ShiftCommand::Status { json } => {
            let (shift, items) = desk.shift_status(&actor.login)?;
            if *json {
                let out = serde_json::json!({ "shift": shift, "needs_handoff": items });
                super::stdout::json(&out)?;
                return Ok(ExitCode::SUCCESS);
            }
            match &shift {
                Some(s) => outln!("{} on shift since {}", actor.login, moment(&s.started_at, zone))?,
                None => outln!("{} is not on shift", actor.login)?,
            }
            print_items(&items, desk.now())?;
            Ok(ExitCode::SUCCESS)
        }
        ShiftCommand::End { operator, override_reason, json } => {
            match desk.end_shift(&actor, operator.as_deref(), override_reason.as_deref()) {
                Ok(ended) => {
                    if *json {
                        super::stdout::json(&ended)?;
                        return Ok(ExitCode::SUCCESS);
                    }
                    outln!("{}'s shift ended", ended.shift.operator)?;
                    print_items(&ended.items, desk.now())?;
                    if let Some(reason) = &ended.overridden {
                        outln!("ended without every note by {}'s override (audited): {reason}", actor.login)?;
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(DeskError::ShiftRefused(refusal)) => {
                    print_refusal(&refusal, *json, desk.now())?;
                    Ok(super::refused())
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// The orders that need someone, each with its handoff or a cross where one is missing.
fn print_items(items: &[AwayItem], now: DateTime<Utc>) -> Result<()> {
    if items.is_empty() {
        outln!("no open order needs anyone while you are away")?;
        return Ok(());
    }
    let cells: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                if i.handoff.is_some() { "✓".into() } else { "✗".into() },
                i.order.clone(),
                i.status.to_string(),
                i.due.map(|d| format!("{} {}", d.kind, countdown(d.at, now))).unwrap_or_else(|| "—".into()),
                i.needs.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", "),
                i.handoff.map(|h| format!("handoff #{h}")).unwrap_or_else(|| "no handoff yet".into()),
            ]
        })
        .collect();
    out!("{}", table::render(&["", "ORDER", "STATUS", "DUE", "NEEDS", "HANDOFF"], &cells))
}

fn print_refusal(refusal: &ShiftRefusal, json: bool, now: DateTime<Utc>) -> Result<()> {
    if json {
        let out = serde_json::json!({ "ended": false, "refusal": refusal });
        super::stdout::json(&out)?;
        return Ok(());
    }
    outln!("REFUSED ({}): {}", refusal.rule, refusal.reason)?;
    if !refusal.missing.is_empty() {
        print_items(&refusal.missing, now)?;
        outln!("\nWrite a note on each:   opdesk handoff write ORDER --note \"…\" [--next-at TIME]")?;
        outln!(
            "or a supervisor ends it: opdesk shift end --operator {} --override \"reason\"",
            refusal.operator
        )?;
    }
    errln!("opdesk: {}'s shift did not end (nothing was changed)", refusal.operator);
    Ok(())
}

pub fn handoff(global: &Global, command: &HandoffCommand) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let zone = session.desk.shop().shop.time_zone;
    match command {
        HandoffCommand::List { all, limit, json } => list(&session, *all, (*limit).max(1), *json),
        HandoffCommand::Write { order, note, next_at, json } => {
            let actor = session.actor()?;
            let next_at = next_at
                .as_deref()
                .map(|t| parse_when(t, zone, "--next-at").map(|at| at.to_utc()).map_err(usage))
                .transpose()?;
            let view = refused_or(session.desk.write_handoff(&actor, order, note, next_at), *json)?;
            let Some(view) = view else { return Ok(super::refused()) };
            if *json {
                super::stdout::json(&HandoffJson::of(&view))?;
            } else {
                let h = &view.handoff;
                outln!("handoff #{} on {} written; it waits in the duty inbox", h.id, h.order_id)?;
                if let Some(at) = h.next_at {
                    outln!("  next step due {} ({})", moment(&at, zone), countdown(at, session.desk.now()))?;
                }
                let late = &view.late_at;
                outln!(
                    "  the duty operator takes it by {} ({})",
                    moment(late, zone),
                    countdown(*late, session.desk.now())
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        HandoffCommand::Take { id, override_reason, json } => {
            let actor = session.actor()?;
            let view = refused_or(session.desk.take_handoff(&actor, *id, override_reason.as_deref()), *json)?;
            let Some(view) = view else { return Ok(super::refused()) };
            if *json {
                super::stdout::json(&HandoffJson::of(&view))?;
            } else {
                let h = &view.handoff;
                outln!(
                    "handoff #{} from {} taken into work: {} is now {}'s ({})",
                    h.id,
                    h.author,
                    h.order_id,
                    actor.login,
                    view.order_status
                )?;
                outln!("  note: {}", h.note)?;
                if let Some(at) = h.next_at {
                    outln!("  next step due {} ({})", moment(&at, zone), countdown(at, session.desk.now()))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The result, or `None` after printing the rules' refusal (exit 3); bad input is exit 2.
fn refused_or<T>(result: crate::desk::Result<T>, json: bool) -> Result<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(DeskError::Refused(verdict)) => {
            if json {
                super::stdout::json(&super::act::VerdictJson::of(&verdict))?;
            } else {
                out!("{}", super::act::describe_verdict(&verdict))?;
                errln!(
                    "opdesk: {} {} refused by the rules (nothing was changed)",
                    verdict.action,
                    verdict.order
                );
            }
            Ok(None)
        }
        Err(DeskError::BadInput(m)) => Err(usage(m)),
        Err(e) => Err(e.into()),
    }
}

fn list(session: &crate::session::Session, all: bool, limit: usize, json: bool) -> Result<ExitCode> {
    let desk = &session.desk;
    let now = desk.now();
    let zone = desk.shop().shop.time_zone;
    let actor = session.actor().ok();
    let (inbox, mine) = if all {
        (desk.all_handoffs(limit, 0)?, Vec::new())
    } else {
        let mine = match &actor {
            Some(a) => desk.handoffs_written_by(&a.login, limit)?,
            None => Vec::new(),
        };
        // The author's untaken notes are already in the inbox above.
        (desk.handoff_inbox(limit)?, mine.into_iter().filter(|h| h.handoff.taken_by.is_some()).collect())
    };
    if json {
        let out: Vec<HandoffJson<'_>> = inbox.iter().chain(&mine).map(HandoffJson::of).collect();
        super::stdout::json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let counts = desk.handoff_counts()?;
    if all {
        outln!("Every handoff, newest first ({} not taken, {} late)", counts.untaken, counts.late)?;
    } else {
        outln!("Duty inbox: {} not taken, {} late (oldest first)", counts.untaken, counts.late)?;
    }
    if inbox.is_empty() {
        outln!("  nothing waits for the duty operator")?;
    } else {
        out!("{}", handoff_table(&inbox, now, zone))?;
    }
    if !mine.is_empty() {
        outln!("\nYour handoffs that were taken")?;
        out!("{}", handoff_table(&mine, now, zone))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn handoff_table(views: &[HandoffView], now: DateTime<Utc>, zone: Tz) -> String {
    let cells: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            let h = &v.handoff;
            let state = match (&h.taken_by, h.taken_at) {
                (Some(by), Some(at)) => format!("taken by {by} {}", moment(&at, zone)),
                (Some(by), None) => format!("taken by {by}"),
                (None, _) if v.late => format!("LATE {}", countdown(v.late_at, now)),
                (None, _) => format!("take {}", countdown(v.late_at, now)),
            };
            vec![
                format!("#{}", h.id),
                h.order_id.clone(),
                v.order_status.to_string(),
                h.author.clone(),
                moment(&h.created_at, zone),
                state,
                v.due.map(|d| format!("{} {}", d.kind, countdown(d.at, now))).unwrap_or_else(|| "—".into()),
                table::fit(&h.note, 48),
            ]
        })
        .collect();
    table::render(&["ID", "ORDER", "STATUS", "FROM", "WRITTEN", "STATE", "DUE", "NOTE"], &cells)
}
