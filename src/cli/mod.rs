//! The command line: the stable contract of DESIGN.md. Parses arguments, calls the desk, prints
//! text or JSON. No SQL and no rule logic here.
//!
//! Exit codes: 0 done, 3 refused by policy, 2 bad input or usage (an identity, configuration
//! or clock a shared desk refuses included), 4 someone else got there first (nothing was
//! done), 1 anything else.

#[macro_use]
mod stdout;
mod act;
mod admin;
mod ledger;
mod orders;
mod records;
mod report;
mod rules;
mod shift;
mod table;

pub use crate::session::UsageError;
pub(crate) use crate::session::usage;

use crate::desk::DeskError;
use crate::domain::{Language, OrderStatus};
use crate::session::Session;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// opdesk — the order desk's workstation. Without a command it opens the workstation.
#[derive(Debug, Parser)]
#[command(name = "opdesk", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// The store file [default: the platform data folder, e.g. ~/.local/share/opdesk/opdesk.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A folder whose files override the built-in configuration, file by file
    #[arg(long, global = true, value_name = "DIR")]
    pub config: Option<PathBuf>,
    /// Act as this operator [default: $OPDESK_OPERATOR, else your OS login if configured]
    #[arg(long = "as", global = true, value_name = "LOGIN")]
    pub as_login: Option<String>,
    /// The workstation's language: en, uk or ru
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Language>,
}

impl Global {
    /// Opens the desk these options name (see [`Session::open`]); a missing store is an error.
    pub fn session(&self, demo: bool) -> anyhow::Result<Session> {
        Session::open(&self.options(), demo)
    }

    /// Opens the desk, making the store if there is none (`init`, `import`).
    pub fn session_creating(&self) -> anyhow::Result<Session> {
        Session::open(&crate::session::Options { create: true, ..self.options() }, false)
    }

    /// The options as the session module takes them.
    pub fn options(&self) -> crate::session::Options {
        crate::session::Options {
            db: self.db.clone(),
            config: self.config.clone(),
            as_login: self.as_login.clone(),
            lang: self.lang,
            create: false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the workstation on the demo shop (created on first use)
    Demo,
    /// Create or migrate the store; --demo loads the demo shop into it; --shared GROUP makes a
    /// store only GROUP (that is, opdesk installed setgid GROUP) can open, with the
    /// configuration inside it
    Init {
        #[arg(long, conflicts_with = "shared")]
        demo: bool,
        /// Make a shared store for this OS group [default path: /var/lib/opdesk/opdesk.db]
        #[arg(long, value_name = "GROUP")]
        shared: Option<String>,
    },
    /// A shared store's configuration: apply a folder as the new version, export it, list versions
    Config {
        #[command(subcommand)]
        command: admin::ConfigCommand,
    },
    /// Load products, customers and orders (.json, .jsonl, .csv); each file all-or-nothing
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the queue, nearest deadline first
    Orders {
        /// Only orders in this status (repeatable)
        #[arg(long, value_name = "S")]
        status: Vec<OrderStatus>,
        /// Only my orders
        #[arg(long)]
        mine: bool,
        /// Only orders past their deadline
        #[arg(long)]
        overdue: bool,
        /// Only orders nobody owns
        #[arg(long)]
        unowned: bool,
        /// At most N orders
        #[arg(long, value_name = "N", value_parser = store_limit, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One order: items, customer and history, timers, scripts
    Show {
        #[arg(value_name = "ORDER")]
        order: String,
        #[arg(long)]
        json: bool,
    },
    /// Perform an action on an order (exit 3 and the verdict when the rules refuse)
    Act(Box<act::ActArgs>),
    /// The day's review: queue, late, cancellations, refusals, overrides, money, handoffs,
    /// operators (the whole desk for the supervisor; --mine for your own day)
    Report(report::ReportArgs),
    /// Check, test or list the shop's rules
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// What the rules booked to the operators' ledger (A2, A3, A8, A9) and what each owes
    Ledger {
        /// Only this operator's lines, with their balance
        #[arg(long, value_name = "LOGIN")]
        operator: Option<String>,
        /// Only this order's lines
        #[arg(long, value_name = "ORDER")]
        order: Option<String>,
        /// At most N lines (the latest)
        #[arg(long, value_name = "N", value_parser = store_limit, default_value_t = 200)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Handoff notes between shifts: the duty inbox, writing one, taking one into work
    Handoff {
        #[command(subcommand)]
        command: shift::HandoffCommand,
    },
    /// Start or end your shift; ending asks for a handoff on every order that needs someone
    Shift {
        #[command(subcommand)]
        command: shift::ShiftCommand,
    },
    /// The audit trail; --verify checks the hash chain (and, with --checkpoint, that nothing
    /// sealed by that checkpoint was cut or rewritten); `audit checkpoint` seals the log as it is
    Audit {
        #[command(subcommand)]
        command: Option<admin::AuditCommand>,
        /// Only this order's entries
        #[arg(long, value_name = "ORDER")]
        order: Option<String>,
        #[arg(long)]
        verify: bool,
        /// With --verify: a checkpoint kept earlier (`opdesk audit checkpoint --json > FILE`)
        #[arg(long, value_name = "FILE", requires = "verify")]
        checkpoint: Option<PathBuf>,
        /// At most N entries
        #[arg(long, value_name = "N", value_parser = store_limit, default_value_t = 200)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Product wishes and show leads with their state (A7, B14, B16); --format csv exports them
    Wishes(records::WishesArgs),
    /// Site errors for the information department (A8): the inbox; confirm ID; reject ID --note
    SiteErrors(records::SiteErrorsArgs),
    /// Escalations of a missing item (A6): open ones; pass ID to analytics; resolve ID --note
    Escalations(records::EscalationsArgs),
    /// Season call tasks (B18): add, close, list
    Task {
        #[command(subcommand)]
        command: records::TaskCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load and compile the rules; a broken file exits non-zero naming file, rule and expression
    Check,
    /// Run rules.tests.toml against rules.toml
    Test,
    /// List every rule with the actions it guards
    List,
    /// Judge a day's recorded attempts again under the rules loaded now (try an edited copy
    /// with --config DIR) and list every verdict that would change
    Replay {
        /// The shop's day, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "D")]
        date: Option<chrono::NaiveDate>,
        /// On a shared store: judge under the rules of this folder (a candidate for `config
        /// apply`) instead of the rules in force
        #[arg(long, value_name = "DIR")]
        candidate: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// A `--limit`: a count the store can take (SQLite's integers are 64-bit signed), so a huge
/// number is refused here as usage instead of failing in the query.
fn store_limit(text: &str) -> Result<usize, String> {
    let n: u64 = text.parse().map_err(|_| format!("{text:?} is not a whole number of rows"))?;
    if n > i64::MAX as u64 {
        return Err(format!("{n} is more rows than a store can hold (at most {})", i64::MAX));
    }
    usize::try_from(n).map_err(|_| format!("{n} is more than this machine can count"))
}

/// Runs the command line and returns the process exit code; errors are printed, never panicked.
pub fn main() -> ExitCode {
    // Before anything is read: a setgid opdesk works with the operator's own rights until it
    // has checked the store it opens is its group's shared store (see `shared`).
    if let Err(e) = crate::session::set_group_aside() {
        errln!("opdesk: {e}");
        return ExitCode::from(1);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; clap knows which stream and code to use.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // Text a command left without a final newline is written (or found undeliverable) here.
    match run(cli).and_then(|code| stdout::flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) => {
            errln!("opdesk: {e:#}");
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The exit status of an action the rules refused (after its verdict was printed).
pub(crate) fn refused() -> ExitCode {
    ExitCode::from(DeskError::REFUSED_EXIT)
}

fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(desk) = cause.downcast_ref::<DeskError>() {
            return desk.exit_code() as u8;
        }
        if cause.is::<UsageError>()
            || cause.is::<crate::import::ImportError>()
            || cause.is::<crate::policy::RulesError>()
            || cause.is::<crate::config::ConfigError>()
            || cause.is::<crate::pricing::PricingError>()
            || cause.is::<crate::scripts::ScriptError>()
        {
            return 2;
        }
    }
    1
}

/// Opens the workstation (`demo`: on the demo shop, created on first use).
fn workstation(global: &Global, demo: bool) -> anyhow::Result<ExitCode> {
    let mut session = global.session(demo)?;
    if demo {
        session.seed_demo()?;
    }
    let actor = session.workstation_actor(demo)?;
    let lang = session.language_for(&actor);
    crate::tui::run(session, actor, lang)?;
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = cli.global;
    match cli.command {
        None => workstation(&global, false),
        Some(Command::Demo) => workstation(&global, true),
        Some(Command::Init { demo, shared: None }) => admin::init(&global, demo),
        Some(Command::Init { shared: Some(group), .. }) => admin::init_shared(&global, &group),
        Some(Command::Config { command }) => admin::config(&global, &command),
        Some(Command::Import { files }) => admin::import(&global, &files),
        Some(Command::Orders { status, mine, overdue, unowned, limit, json }) => {
            let filter = crate::desk::QueueFilter {
                statuses: status,
                mine,
                overdue,
                unowned,
                handoffs: false,
                text: None,
                limit,
                offset: 0,
            };
            orders::list(&global, filter, json)
        }
        Some(Command::Show { order, json }) => orders::show(&global, &order, json),
        Some(Command::Act(args)) => act::act(&global, &args),
        Some(Command::Report(args)) => report::report(&global, &args),
        Some(Command::Rules { command }) => match command {
            RulesCommand::Check => rules::check(&global),
            RulesCommand::Test => rules::test(&global),
            RulesCommand::List => rules::list(&global),
            RulesCommand::Replay { date, candidate, json } => {
                rules::replay(&global, date, candidate.as_deref(), json)
            }
        },
        Some(Command::Ledger { operator, order, limit, json }) => {
            ledger::ledger(&global, operator.as_deref(), order.as_deref(), limit, json)
        }
        Some(Command::Handoff { command }) => shift::handoff(&global, &command),
        Some(Command::Shift { command }) => shift::shift(&global, &command),
        Some(Command::Audit { command: Some(admin::AuditCommand::Checkpoint { json }), .. }) => {
            admin::checkpoint(&global, json)
        }
        Some(Command::Audit { command: None, order, verify, checkpoint, limit, json }) => {
            admin::audit(&global, order.as_deref(), verify, checkpoint.as_deref(), limit, json)
        }
        Some(Command::Wishes(args)) => records::wishes(&global, &args),
        Some(Command::SiteErrors(args)) => records::site_errors(&global, &args),
        Some(Command::Task { command }) => records::task(&global, &command),
        Some(Command::Escalations(args)) => records::escalations(&global, &args),
    }
}
