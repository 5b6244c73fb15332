//! `opdesk init`, `opdesk import` and `opdesk audit`: setting up the store, loading the feed,
//! reading and verifying the audit trail.

use super::{Global, table};
use crate::desk::TrailScope;
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn init(global: &Global, demo: bool) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let info = session.desk.store_info()?;
    outln!("store {} ready (schema {})", info.path.display(), info.schema)?;
    if demo {
        if session.seed_demo()? {
            outln!("demo shop loaded")?;
        } else {
            outln!("the store already has orders; demo shop not loaded")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(global: &Global, files: &[PathBuf]) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let actor = session.actor_or_feed();
    // Files are independent: each is all-or-nothing, and the first bad one stops the run so
    // the operator fixes it before the rest go in out of order.
    for file in files {
        let s = session.desk.import(&actor, file)?;
        outln!(
            "{}: {} products, {} customers, {} orders",
            file.display(),
            s.products,
            s.customers,
            s.orders
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn audit(
    global: &Global,
    order: Option<&str>,
    verify: bool,
    limit: usize,
    json: bool,
) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    if verify {
        let check = session.desk.verify_audit()?;
        if json {
            outln!("{}", serde_json::to_string(&check)?)?;
        } else if check.intact {
            outln!("audit log intact: {} entries, hash chain verified", check.entries)?;
        } else {
            for b in &check.breaks {
                outln!("entry {}: {}", b.seq, b.problem)?;
            }
            outln!("audit log TAMPERED: {} problem(s) in {} entries", check.breaks.len(), check.entries)?;
        }
        return Ok(if check.intact { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let actor = session.actor()?;
    let (scope, records) = session.desk.audit_trail(&actor, order, limit)?;
    if json {
        super::stdout::json(&records)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let e = &r.entry;
            vec![
                r.seq.to_string(),
                e.at.clone(),
                e.actor.clone(),
                e.order_id.clone().unwrap_or_else(|| "—".into()),
                e.action.clone(),
                e.outcome.to_string(),
                e.rules.join(","),
            ]
        })
        .collect();
    if scope == TrailScope::Own {
        outln!("your own entries ({}); the whole desk's trail is for the head of sales", actor.login)?;
    }
    out!("{}", table::render(&["#", "AT", "ACTOR", "ORDER", "ACTION", "OUTCOME", "RULES"], &rows))?;
    Ok(ExitCode::SUCCESS)
}
