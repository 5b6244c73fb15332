//! `opdesk ledger [--operator LOGIN] [--order ORDER]`: what the rules booked to the operators
//! (A2, A3 charges, A8 credits, A9 waivers and doublings) and what an operator owes.

use super::{Global, table, usage};
use crate::desk::{DeskError, TrailScope};
use anyhow::Result;
use std::process::ExitCode;

pub fn ledger(
    global: &Global,
    operator: Option<&str>,
    order: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let actor = session.actor()?;
    let view = match session.desk.ledger(&actor, operator, order, limit) {
        Ok(view) => view,
        Err(DeskError::BadInput(m)) => return Err(usage(m)),
        Err(DeskError::Refused(verdict)) => {
            errln!(
                "opdesk: refused: {}",
                verdict.violations().map(|r| r.message.as_str()).collect::<Vec<_>>().join("; ")
            );
            return Ok(super::refused());
        }
        Err(e) => return Err(e.into()),
    };
    if view.scope == TrailScope::Own && !json {
        outln!("your own lines ({}); the whole desk's ledger is for the head of sales", actor.login)?;
    }
    if json {
        super::stdout::json(&view)?;
        return Ok(ExitCode::SUCCESS);
    }
    let zone = session.desk.shop().shop.time_zone;
    let rows: Vec<Vec<String>> = view
        .lines
        .iter()
        .map(|l| {
            vec![
                l.at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
                l.operator.clone(),
                l.order.clone().unwrap_or_else(|| "—".into()),
                l.rule.clone(),
                l.kind.to_string(),
                l.amount.display(),
                l.note.clone(),
            ]
        })
        .collect();
    if rows.is_empty() {
        outln!("nothing booked")?;
    } else {
        out!("{}", table::render(&["AT", "OPERATOR", "ORDER", "RULE", "KIND", "AMOUNT", "NOTE"], &rows))?;
    }
    if let (Some(login), Some(balance)) = (&view.operator, view.balance) {
        outln!("{login} owes {} in all (charges less credits and waivers)", balance.display())?;
    }
    Ok(ExitCode::SUCCESS)
}
