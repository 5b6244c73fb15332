//! `opdesk wishes`: what customers wished for and could not get, and the fireworks-show leads
//! (A7, B14, B16), for the head of analytics and the show director; `--format csv` exports them.
//! `opdesk site-errors`: the information department's inbox (A8), and its decisions.

use super::{Global, table};
use crate::desk::WishView;
use crate::domain::wish::WishKind;
use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use std::process::ExitCode;

/// How `wishes` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ListFormat {
    /// A table for reading
    #[default]
    Table,
    /// One row per wish for spreadsheets: id,at,kind,state,order,customer,operator,sku,fields
    Csv,
    /// A JSON array
    Json,
}

/// The inputs of `opdesk wishes`.
#[derive(Debug, Clone, Args)]
pub struct WishesArgs {
    /// Only product wishes or only show leads: product, show
    #[arg(long, value_name = "K")]
    pub kind: Option<WishKind>,
    /// At most N (the latest)
    #[arg(long, value_name = "N", value_parser = super::store_limit, default_value_t = crate::desk::WISH_LIMIT)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// The same as `--format json`
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

pub fn wishes(global: &Global, args: &WishesArgs) -> Result<ExitCode> {
    let session = global.session(false)?;
    let list = session.desk.wishes(args.kind, args.limit)?;
    match if args.json { ListFormat::Json } else { args.format } {
        ListFormat::Json => super::stdout::json(&list)?,
        ListFormat::Csv => super::stdout::raw(&wishes_csv(&list)?)?,
        ListFormat::Table => {
            if list.is_empty() {
                outln!("no wishes recorded")?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|w| {
                        vec![
                            w.id.to_string(),
                            w.at.format("%Y-%m-%d %H:%M").to_string(),
                            w.kind.to_string(),
                            w.state.to_string(),
                            w.order.clone().unwrap_or_else(|| "—".into()),
                            w.operator.clone(),
                            fields_text(w),
                        ]
                    })
                    .collect();
                out!("{}", table::render(&["ID", "AT", "KIND", "STATE", "ORDER", "BY", "WHAT"], &rows))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `key=value; …` in the wish's own order.
pub(super) fn fields_text(w: &WishView) -> String {
    w.fields.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

fn wishes_csv(list: &[WishView]) -> Result<String> {
    use super::report::csv::inert;
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(["id", "at", "kind", "state", "order", "customer", "operator", "sku", "fields"])?;
    for w in list {
        writer.write_record([
            w.id.to_string().as_str(),
            &w.at.to_rfc3339(),
            w.kind.to_string().as_str(),
            w.state.to_string().as_str(),
            &inert(w.order.as_deref().unwrap_or_default()),
            &inert(w.customer.as_deref().unwrap_or_default()),
            &inert(&w.operator),
            &inert(w.sku.as_deref().unwrap_or_default()),
            &inert(&fields_text(w)),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// `opdesk site-errors …`.
#[derive(Debug, Clone, Args)]
pub struct SiteErrorsArgs {
    #[command(subcommand)]
    pub command: Option<SiteErrorsCommand>,
    /// Decided reports too, not only those waiting
    #[arg(long)]
    pub all: bool,
    /// At most N (the latest)
    #[arg(long, value_name = "N", value_parser = super::store_limit, default_value_t = 200)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum SiteErrorsCommand {
    /// The error needs fixing: the reporter is credited (information department)
    Confirm {
        #[arg(value_name = "ID")]
        id: i64,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Nothing to fix, and why (information department)
    Reject {
        #[arg(value_name = "ID")]
        id: i64,
        #[arg(long, value_name = "TEXT", required = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn site_errors(global: &Global, args: &SiteErrorsArgs) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let (id, confirm, note, json) = match &args.command {
        None => {
            let list = session.desk.site_errors(args.all, args.limit)?;
            if args.json {
                super::stdout::json(&list)?;
            } else if list.is_empty() {
                outln!("no site-error reports {}", if args.all { "recorded" } else { "waiting" })?;
            } else {
                let zone = session.desk.shop().shop.time_zone;
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        let state = match (r.state, r.duplicate_of) {
                            (crate::domain::SiteErrorState::Reported, Some(first)) => {
                                format!("duplicate of #{first}")
                            }
                            (state, _) => state.to_string(),
                        };
                        vec![
                            format!("#{}", r.id),
                            r.at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
                            r.operator.clone(),
                            r.order_id.clone(),
                            r.page.clone(),
                            r.problem.to_string(),
                            state,
                            r.note.clone(),
                        ]
                    })
                    .collect();
                out!(
                    "{}",
                    table::render(&["ID", "AT", "BY", "ORDER", "PAGE", "PROBLEM", "STATE", "NOTE"], &rows)
                )?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(SiteErrorsCommand::Confirm { id, note, json }) => {
            (*id, true, note.clone().unwrap_or_default(), *json)
        }
        Some(SiteErrorsCommand::Reject { id, note, json }) => (*id, false, note.clone(), *json),
    };
    let actor = session.actor()?;
    let result = session.desk.decide_site_error(&actor, id, confirm, &note);
    super::act::report_performed(result, &format!("site-error report {id}"), json)
}

/// `opdesk task …`: season call tasks (B18).
#[derive(Debug, Clone, Subcommand)]
pub enum TaskCommand {
    /// A New Year or Birthday call task on a customer for an operator
    Add {
        #[arg(long, value_name = "ID")]
        customer: String,
        #[arg(long, value_name = "LOGIN")]
        operator: String,
        /// new_year or birthday
        #[arg(long, value_name = "K")]
        kind: crate::domain::TaskKind,
        /// The last day it holds (YYYY-MM-DD) [default: 31.12 for new_year; the rules' term for birthday]
        #[arg(long, value_name = "DATE")]
        until: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Close a task (its operator, or the head of sales)
    Close {
        #[arg(value_name = "ID")]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Open tasks, newest first (--all: closed ones too)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long, value_name = "N", value_parser = super::store_limit, default_value_t = 200)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

pub fn task(global: &Global, command: &TaskCommand) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    if let TaskCommand::List { all, limit, json } = command {
        let list = session.desk.tasks(*all, *limit)?;
        if *json {
            super::stdout::json(&list)?;
        } else if list.is_empty() {
            outln!("no {}season tasks", if *all { "" } else { "open " })?;
        } else {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|t| {
                    vec![
                        format!("#{}", t.id),
                        t.customer_id.clone(),
                        t.operator.clone(),
                        t.kind.to_string(),
                        t.until.to_string(),
                        match &t.closed_by {
                            Some(by) => format!("closed by {by}"),
                            None => "open".into(),
                        },
                    ]
                })
                .collect();
            out!("{}", table::render(&["ID", "CUSTOMER", "OPERATOR", "KIND", "UNTIL", "STATE"], &rows))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let actor = session.actor()?;
    let (result, json) = match command {
        TaskCommand::Add { customer, operator, kind, until, json } => {
            (session.desk.add_task(&actor, customer, operator, *kind, *until), *json)
        }
        TaskCommand::Close { id, json } => (session.desk.close_task(&actor, *id), *json),
        TaskCommand::List { .. } => return Ok(ExitCode::SUCCESS),
    };
    match result {
        Ok(done) => {
            if json {
                super::stdout::json(&done)?;
            } else {
                let t = &done.task;
                let state = if t.open() { "open" } else { "closed" };
                outln!(
                    "task #{}: {} on {} for {}, until {} · {state}",
                    t.id,
                    t.kind,
                    t.customer_id,
                    t.operator,
                    t.until
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => super::act::report_refusal(e, "the task", json),
    }
}

/// `opdesk escalations …`: A6's chain, operator → administrator → analytics.
#[derive(Debug, Clone, Args)]
pub struct EscalationsArgs {
    #[command(subcommand)]
    pub command: Option<EscalationsCommand>,
    /// Resolved ones too
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_name = "N", value_parser = super::store_limit, default_value_t = 200)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum EscalationsCommand {
    /// The administrator passes it to the analytics department
    Pass {
        #[arg(value_name = "ID")]
        id: i64,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Whoever holds it resolves it, saying what was found or done
    Resolve {
        #[arg(value_name = "ID")]
        id: i64,
        #[arg(long, value_name = "TEXT", required = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn escalations(global: &Global, args: &EscalationsArgs) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let (id, resolve, note, json) = match &args.command {
        None => {
            let list = session.desk.escalations(args.all, args.limit)?;
            if args.json {
                super::stdout::json(&list)?;
            } else if list.is_empty() {
                outln!("no {}escalations", if args.all { "" } else { "open " })?;
            } else {
                let zone = session.desk.shop().shop.time_zone;
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|e| {
                        vec![
                            format!("#{}", e.id),
                            e.raised_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
                            e.order_id.clone(),
                            e.raised_by.clone(),
                            e.level.to_string(),
                            e.state.to_string(),
                            e.resolution.clone().unwrap_or_else(|| e.note.clone()),
                        ]
                    })
                    .collect();
                out!(
                    "{}",
                    table::render(&["ID", "RAISED", "ORDER", "BY", "HELD BY", "STATE", "NOTE"], &rows)
                )?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(EscalationsCommand::Pass { id, note, json }) => {
            (*id, false, note.clone().unwrap_or_default(), *json)
        }
        Some(EscalationsCommand::Resolve { id, note, json }) => (*id, true, note.clone(), *json),
    };
    let actor = session.actor()?;
    let result = session.desk.decide_escalation(&actor, id, resolve, &note);
    super::act::report_performed(result, &format!("escalation {id}"), json)
}
