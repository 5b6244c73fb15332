//! `opdesk report [--date D | --from D --to D] [--mine | --operator LOGIN] [--format md|csv|json]`:
//! the day's review. Without `--mine`/`--operator` it is the whole desk's day, which the rules
//! give the supervisor only; an operator asking for it is refused (exit 3) and the attempt is
//! audited. Whose day may be read is the desk's (the rules') decision, never this file's.

pub(super) mod csv;
mod markdown;

use super::{Global, usage};
use crate::desk::{DayReport, DeskError, Whose};
use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Markdown, for reading and mailing
    #[default]
    Md,
    /// One flat table for spreadsheets (see `cli/report/csv.rs` for its columns)
    Csv,
    /// One JSON object (`date`, `by_status`, `late`, `cancellations`, `blocked`, …)
    Json,
}

/// The inputs of `opdesk report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The day (YYYY-MM-DD, the shop's time zone) [default: today]
    #[arg(long, value_name = "D", conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,
    /// The first day of a period
    #[arg(long, value_name = "D", requires = "to")]
    pub from: Option<NaiveDate>,
    /// The last day of a period, inclusive
    #[arg(long, value_name = "D", requires = "from")]
    pub to: Option<NaiveDate>,
    /// Only my own day (what an operator may read)
    #[arg(long, conflicts_with = "operator")]
    pub mine: bool,
    /// Only this operator's day
    #[arg(long, value_name = "LOGIN")]
    pub operator: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// The same as `--format json`, as every other command that prints takes it
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl ReportArgs {
    /// The format asked for, `--json` included.
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

pub fn report(global: &Global, args: &ReportArgs) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let actor = session.actor()?;
    let today = session.desk.today();
    let (from, to) = match (args.date, args.from, args.to) {
        (Some(d), _, _) => (d, d),
        (None, Some(f), Some(t)) => (f, t),
        _ => (today, today),
    };
    let whose = match (&args.operator, args.mine) {
        (Some(login), _) => Whose::Operator(login.clone()),
        (None, true) => Whose::Operator(actor.login.clone()),
        (None, false) => Whose::Everyone,
    };
    match session.desk.report(&actor, &whose, from, to) {
        Ok(report) => {
            let text = render(&report, args.format(), &session.desk.shop().shop.name)?;
            match args.format() {
                // Markdown is for people: escaped like every human line.
                Format::Md => out!("{text}")?,
                // Already escaped by `render`.
                Format::Json => crate::cli::stdout::raw(&text)?,
                // Exact in a file; a terminal still never gets a raw control character.
                Format::Csv if crate::cli::stdout::is_terminal() => out!("{text}")?,
                Format::Csv => crate::cli::stdout::raw(&text)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(DeskError::Refused(verdict)) => {
            if args.format() == Format::Json {
                crate::cli::stdout::json(&super::act::VerdictJson::of(&verdict))?;
            } else {
                out!("{}", super::act::describe_verdict(&verdict))?;
                errln!(
                    "opdesk: the report {} refused by the rules (the attempt is audited); \
                     `opdesk report --mine` gives your own day",
                    match &whose {
                        Whose::Everyone => "of the whole desk is".to_owned(),
                        Whose::Operator(l) => format!("of {l}'s day is"),
                    }
                );
            }
            Ok(super::refused())
        }
        Err(DeskError::BadInput(m)) => Err(usage(m)),
        Err(e) => Err(e.into()),
    }
}

/// The report in `format`; `shop` names the shop in the Markdown title.
pub fn render(report: &DayReport, format: Format, shop: &str) -> Result<String> {
    Ok(match format {
        Format::Json => format!("{}\n", crate::display::json_safe(&serde_json::to_string_pretty(report)?)),
        Format::Md => markdown::render(report, shop),
        Format::Csv => csv::render(report)?,
    })
}
