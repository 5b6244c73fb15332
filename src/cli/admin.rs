//! `opdesk init`, `opdesk import`, `opdesk config` and `opdesk audit`: setting up the store
//! (personal or shared), loading the feed, a shared store's configuration, reading, sealing and
//! verifying the audit trail.

use super::{Global, table, usage};
use crate::desk::{Checkpoint, DeskError, TrailScope};
use anyhow::{Context, Result};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check DIR's configuration whole and make it the shared store's new version (head of sales)
    Apply {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write the configuration in force into DIR, to edit and apply again (head of sales)
    Export {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// The versions applied so far
    Versions {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Seal the log as it stands (entry count and head), signed with the shared store's key:
    /// keep the output; `audit --verify --checkpoint FILE` later proves nothing before it changed
    Checkpoint {
        #[arg(long)]
        json: bool,
    },
}

/// `opdesk init --shared GROUP`.
pub fn init_shared(global: &Global, group: &str) -> Result<ExitCode> {
    let made = crate::session::init_shared(&global.options(), group)?;
    outln!(
        "shared store {} ready for group {}: folder {:o}, files {:o}, audit key beside it ({:o})",
        made.path.display(),
        made.group,
        crate::session::SHARED_MODES.0,
        crate::session::SHARED_MODES.1,
        crate::session::SHARED_MODES.2
    )?;
    outln!(
        "configuration version {} ({} files, digest {}) taken into the store",
        made.config.version,
        made.files,
        made.config.digest
    )?;
    outln!("install opdesk setgid {group} so operators reach the store only through it:")?;
    outln!("  install -g {group} -m 2755 target/release/opdesk /usr/local/bin/")?;
    Ok(ExitCode::SUCCESS)
}

/// `opdesk config apply | export | versions`.
pub fn config(global: &Global, command: &ConfigCommand) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    if !session.is_shared() {
        return Err(usage(
            "this store reads its configuration from files (your config folder or --config DIR); \
             `opdesk config` is for a shared store (`opdesk init --shared GROUP`)",
        ));
    }
    let actor = session.actor()?;
    let refused = |e: DeskError| -> Result<ExitCode> {
        match e {
            DeskError::Refused(verdict) => {
                let why: Vec<&str> = verdict.violations().map(|r| r.message.as_str()).collect();
                errln!("opdesk: refused: {}", why.join("; "));
                Ok(super::refused())
            }
            DeskError::BadInput(m) => Err(usage(m)),
            e => Err(e.into()),
        }
    };
    match command {
        ConfigCommand::Apply { dir } => {
            // Read with the operator's own rights: a folder they could not read is not theirs
            // to apply.
            let (_, files) = crate::session::candidate_config(dir)?;
            match session.desk.apply_config(&actor, &files) {
                Ok(v) => {
                    outln!(
                        "configuration version {} (digest {}) applied by {}; desks started from now on use it",
                        v.version,
                        v.digest,
                        v.applied_by
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        ConfigCommand::Export { dir } => {
            if let Err(e) = session.desk.may_configure(&actor) {
                return refused(e);
            }
            let files = session.config.all_files()?;
            crate::session::as_user(|| write_files(dir, &files))??;
            outln!("{} files written to {}", files.len(), dir.display())?;
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Versions { json } => {
            let versions = match session.desk.config_versions(&actor) {
                Ok(v) => v,
                Err(e) => return refused(e),
            };
            if *json {
                super::stdout::json(&versions)?;
            } else {
                let rows: Vec<Vec<String>> = versions
                    .iter()
                    .map(|v| {
                        vec![
                            v.version.to_string(),
                            v.applied_at.clone(),
                            v.applied_by.clone(),
                            v.digest.clone(),
                        ]
                    })
                    .collect();
                out!("{}", table::render(&["VERSION", "APPLIED", "BY", "DIGEST"], &rows))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes `files` (relative name → text) under `dir`, making the folders they need. Each file
/// is written beside itself and renamed into place, so none is ever half-written; a failure
/// names the file and how many were written before it.
fn write_files(dir: &Path, files: &std::collections::BTreeMap<String, String>) -> Result<()> {
    for (done, (name, text)) in files.iter().enumerate() {
        let path = dir.join(name);
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut partial = path.as_os_str().to_owned();
            partial.push(".opdesk-partial");
            let partial = PathBuf::from(partial);
            std::fs::write(&partial, text)?;
            std::fs::rename(&partial, &path)
        };
        write().with_context(|| {
            format!("cannot write {} ({done} of {} files written before it)", path.display(), files.len())
        })?;
    }
    Ok(())
}

/// `opdesk audit checkpoint`.
pub fn checkpoint(global: &Global, json: bool) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let actor = session.actor()?;
    let c = match session.desk.audit_checkpoint(&actor) {
        Ok(c) => c,
        Err(DeskError::Refused(_)) => {
            errln!("opdesk: refused: the audit's checkpoint is for the head of sales");
            return Ok(super::refused());
        }
        Err(DeskError::BadInput(m)) => return Err(usage(m)),
        Err(e) => return Err(e.into()),
    };
    if json {
        super::stdout::json(&c)?;
    } else {
        outln!("audit checkpoint of store {}: {} entries, head {}", c.store, c.entries, c.head)?;
        outln!("taken {}; seal {}", c.at, c.mac)?;
        outln!(
            "keep it (`opdesk audit checkpoint --json > FILE`); `opdesk audit --verify --checkpoint FILE` holds the log against it"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn init(global: &Global, demo: bool) -> Result<ExitCode> {
    let mut session = global.session_creating()?;
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
    let mut session = global.session_creating()?;
    let actor = session.actor_or_feed();
    // Files are independent: each is all-or-nothing, and the first bad one stops the run so
    // the operator fixes it before the rest go in out of order.
    for file in files {
        // Opened with the operator's own rights (a setgid opdesk reads no file for them that
        // they could not read themselves).
        let opened = crate::session::as_user(|| std::fs::File::open(file))?;
        let s = match session.desk.import_opened(&actor, file, opened) {
            Ok(s) => s,
            Err(DeskError::Refused(verdict)) => {
                let why: Vec<&str> = verdict.violations().map(|r| r.message.as_str()).collect();
                errln!("opdesk: {}: refused: {}", file.display(), why.join("; "));
                return Ok(super::refused());
            }
            Err(e) => return Err(e.into()),
        };
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
    checkpoint: Option<&Path>,
    limit: usize,
    json: bool,
) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    if verify {
        let mut check = session.desk.verify_audit()?;
        if let Some(file) = checkpoint {
            let text = crate::session::as_user(|| std::fs::read_to_string(file))?
                .map_err(|e| usage(format!("--checkpoint {}: {e}", file.display())))?;
            let kept: Checkpoint = serde_json::from_str(&text).map_err(|e| {
                usage(format!(
                    "--checkpoint {}: not a checkpoint (`opdesk audit checkpoint --json`): {e}",
                    file.display()
                ))
            })?;
            let problems = session.desk.check_checkpoint(&kept)?;
            check.intact &= problems.is_empty();
            check.breaks.extend(problems);
        }
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
