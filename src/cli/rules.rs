//! `opdesk rules check | test | list | replay`: the shop's rules as data, checked and tested
//! like code, and tried against a recorded day before they are switched on.

use super::{Global, table, usage};
use crate::config::ConfigDirs;
use crate::desk::{DeskError, Judgement, Replay};
use crate::policy::{Policy, testing};

use anyhow::Result;
use chrono::NaiveDate;
use std::path::Path;
use std::process::ExitCode;

/// `rules check`: load and compile every expression (a broken file exits 2), then look for
/// dead ends: states where no configured operator may take an order's next step (exit 1).
pub fn check(global: &Global) -> Result<ExitCode> {
    let config = ConfigDirs::resolve(global.config.as_deref())?;
    let file = config.config_file("rules.toml")?;
    let name = file.display_name();
    let policy = Policy::load(&[(name.clone(), file.text)])?;
    let shop = crate::config::ShopConfig::parse(&config.config_file("opdesk.toml")?)?;
    outln!("{name}: {} rules, version {} — ok", policy.rules().count(), policy.version())?;
    if let Some(costliest) = policy.rules().max_by_key(|r| r.cost) {
        outln!(
            "costliest: rule {}, estimated cost {} of the {} an expression may have",
            costliest.id,
            costliest.cost,
            crate::policy::cost::MAX_COST
        )?;
    }
    let search = crate::policy::deadends::find(&policy, &shop.operators);
    if search.dead_ends.is_empty() {
        outln!(
            "dead ends: none in {} states, with the {} configured operators",
            search.states,
            shop.operators.len()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "dead ends: {} of {} states leave an order with nobody allowed to move it:",
        search.dead_ends.len(),
        search.states
    )?;
    for dead in &search.dead_ends {
        outln!("  {dead}")?;
    }
    Ok(ExitCode::from(1))
}

/// `rules test`: run `rules.tests.toml` against `rules.toml`.
pub fn test(global: &Global) -> Result<ExitCode> {
    let config = ConfigDirs::resolve(global.config.as_deref())?;
    let policy = crate::session::load_policy(&config)?;
    let cases = config.config_file("rules.tests.toml")?;
    let report = testing::run(&policy, &cases.display_name(), &cases.text)?;
    outln!("{report}")?;
    Ok(if report.all_passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `rules list`: every rule with the actions it guards and its checks.
pub fn list(global: &Global) -> Result<ExitCode> {
    let config = ConfigDirs::resolve(global.config.as_deref())?;
    let policy = crate::session::load_policy(&config)?;
    let rows: Vec<Vec<String>> = policy
        .rules()
        .map(|r| {
            vec![
                r.id.to_owned(),
                format!("{:?}", r.kind).to_lowercase(),
                r.actions.join(","),
                r.message.to_owned(),
            ]
        })
        .collect();
    out!("{}", table::render(&["RULE", "KIND", "ACTIONS", "MESSAGE"], &rows))?;
    Ok(ExitCode::SUCCESS)
}

/// `rules replay`: the day's recorded attempts judged again under the rules loaded now (the
/// `--config DIR` copy a supervisor is trying; on a shared store `--candidate DIR`), listing
/// every verdict that would change. Every operator's attempts are in it: it is the whole desk's
/// review, refused (and audited) for anyone the `review` rule does not let read that.
pub fn replay(
    global: &Global,
    date: Option<NaiveDate>,
    candidate: Option<&Path>,
    json: bool,
) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let date = date.unwrap_or_else(|| session.desk.today());
    let actor = session.actor()?;
    match session.desk.may_review(&actor, &crate::desk::Whose::Everyone, date, date) {
        Ok(()) => {}
        Err(DeskError::Refused(_)) => {
            errln!(
                "opdesk: refused: a replay shows every operator's attempts; it is the head of sales' review"
            );
            return Ok(super::refused());
        }
        Err(DeskError::BadInput(m)) => return Err(usage(m)),
        Err(e) => return Err(e.into()),
    }
    let (replay, rules) = match candidate {
        None => (session.desk.replay(date)?, session.config.config_file("rules.toml")?.display_name()),
        Some(dir) => {
            if !session.is_shared() {
                return Err(usage("--candidate is for a shared store; here try the copy with --config DIR"));
            }
            let (config, _) = crate::session::candidate_config(dir)?;
            let policy = crate::session::load_policy(&config)?;
            (session.desk.replay_under(date, &policy)?, format!("the candidate {}", dir.display()))
        }
    };
    if json {
        super::stdout::json(&replay)?;
    } else {
        out!("{}", describe_replay(&replay, &rules, session.desk.shop().shop.time_zone))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn describe_replay(r: &Replay, rules: &str, zone: chrono_tz::Tz) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let recorded = if r.recorded_versions.is_empty() { "—".into() } else { r.recorded_versions.join(", ") };
    let _ = writeln!(
        out,
        "Replay of {} ({}) under {rules}, version {}; recorded under {recorded}.",
        r.date, r.time_zone, r.rules_version
    );
    let _ = writeln!(
        out,
        "Each attempt is judged on the facts it recorded (order, stock, customer as they were then);"
    );
    let _ = writeln!(
        out,
        "one recorded without them is judged on its order's CURRENT state (FACTS = current): {} of {}.",
        r.on_current_state, r.attempts
    );
    if r.changed.is_empty() {
        let _ = writeln!(out, "{} attempts judged again: no verdict would change.", r.attempts);
    } else {
        let n = r.changed.len();
        let verdicts = if n == 1 { "verdict" } else { "verdicts" };
        let _ = writeln!(out, "{} attempts judged again, {n} {verdicts} would change:", r.attempts);
        let rows: Vec<Vec<String>> = r
            .changed
            .iter()
            .map(|c| {
                let at = chrono::DateTime::parse_from_rfc3339(&c.at)
                    .map(|t| t.with_timezone(&zone).format("%H:%M").to_string())
                    .unwrap_or_else(|_| c.at.clone());
                let was = if c.outcome == crate::domain::Outcome::Overridden {
                    format!("overridden {}", c.was.rules.join(","))
                } else {
                    judged(&c.was)
                };
                vec![
                    c.seq.to_string(),
                    at,
                    c.actor.clone(),
                    c.order.clone(),
                    c.action.to_string(),
                    was,
                    judged(&c.now),
                    format!("{:?}", c.facts).to_lowercase(),
                ]
            })
            .collect();
        out.push_str(&table::render(&["#", "AT", "ACTOR", "ORDER", "ACTION", "WAS", "NOW", "FACTS"], &rows));
    }
    for s in &r.skipped {
        let _ = writeln!(out, "skipped #{}: {}", s.seq, s.reason);
    }
    out
}

fn judged(j: &Judgement) -> String {
    if j.allowed { "allowed".into() } else { format!("refused {}", j.rules.join(",")) }
}
