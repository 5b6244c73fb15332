//! `opdesk init`, `opdesk import` and `opdesk audit`: setting up the store, loading the feed,
//! reading and verifying the audit trail.

use super::{Global, Session, table};
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn init(global: &Global, demo: bool) -> Result<ExitCode> {
    let mut session = Session::open(global, false)?;
    let path = session.desk.store().path().display().to_string();
    let version = session.desk.store().schema_version()?;
    outln!("store {path} ready (schema {version})")?;
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
    let mut session = Session::open(global, false)?;
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
    let session = Session::open(global, false)?;
    let tx = session.desk.store().read();
    if verify {
        let (checked, breaks) = tx.verify_audit()?;
        if json {
            outln!(
                "{}",
                serde_json::json!({"entries": checked, "intact": breaks.is_empty(), "breaks": breaks})
            )?;
        } else if breaks.is_empty() {
            outln!("audit log intact: {checked} entries, hash chain verified")?;
        } else {
            for b in &breaks {
                outln!("entry {}: {}", b.seq, b.problem)?;
            }
            outln!("audit log TAMPERED: {} problem(s) in {checked} entries", breaks.len())?;
        }
        return Ok(if breaks.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let records = tx.audit_trail(order, limit.max(1))?;
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
                e.outcome.clone(),
                e.rules.join(","),
            ]
        })
        .collect();
    out!("{}", table::render(&["#", "AT", "ACTOR", "ORDER", "ACTION", "OUTCOME", "RULES"], &rows))?;
    Ok(ExitCode::SUCCESS)
}
