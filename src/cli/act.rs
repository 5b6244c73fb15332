//! `opdesk act ORDER ACTION [options]`: every action through the desk, the verdict printed when
//! the rules refuse (exit 3), `--dry-run` to see the verdict without acting.

use super::{Global, usage};
use crate::desk::{DeskError, Performed};
use crate::domain::{
    ActionKind, CancelReason, Channel, Draft, Evidence, ItemChange, Money, OrderStatus, Resolution,
    RuleOutcome, Verdict, parse_when,
};
use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use std::process::ExitCode;

/// The inputs of `opdesk act`.
#[derive(Debug, Clone, Args)]
pub struct ActArgs {
    /// The order: external id (SITE-1001) or number
    #[arg(value_name = "ORDER")]
    pub order: String,
    /// claim, contact, confirm, reserve, pay, ship, deliver, receive, cancel, no-answer, transfer,
    /// comment, escalate, callback, wish, site-error, appeal, resolve-appeal, complaint, edit, track
    #[arg(value_name = "ACTION")]
    pub action: ActionKind,
    /// Why the order is cancelled (or an edit removes a line): customer_request, out_of_stock,
    /// defective, duplicate, unpaid, other, not_picked_up, unreachable
    #[arg(long, value_name = "R")]
    pub reason: Option<CancelReason>,
    /// An analog offered to the customer (repeatable)
    #[arg(long = "analog", value_name = "SKU")]
    pub analogs: Vec<String>,
    /// Evidence as KIND=REF: photo, correspondence, call_record, repair (repeatable)
    #[arg(long = "evidence", value_name = "KIND=REF", value_parser = str::parse::<Evidence>)]
    pub evidence: Vec<Evidence>,
    /// A product-wish or show-lead field as KEY=VALUE (repeatable)
    #[arg(long = "wish", value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub wish: Vec<(String, String)>,
    /// Where the message to the customer went: email, sms, viber, telegram, chat
    #[arg(long, value_name = "C")]
    pub channel: Option<Channel>,
    /// The exact amount due was stated to the customer (B11)
    #[arg(long)]
    pub amount_stated: bool,
    /// The buyer's age 18+ is confirmed (B8)
    #[arg(long)]
    pub age_confirmed: bool,
    /// An adult receives the order (B8: the other way to meet the age rule)
    #[arg(long)]
    pub adult_receives: bool,
    /// site-error: the page that is wrong (a SKU or a link) [default: the note]
    #[arg(long, value_name = "PAGE")]
    pub page: Option<String>,
    /// site-error: what is wrong: category, specs, photo, other [default: other]
    #[arg(long, value_name = "P")]
    pub problem: Option<crate::domain::SiteProblem>,
    /// keep: how many more days the director holds the unpaid invoice order (B7)
    #[arg(long, value_name = "N")]
    pub days: Option<i64>,
    /// A step of a procedure already done (C2: called_first, explained, apologised…; repeatable)
    #[arg(long = "step", value_name = "STEP")]
    pub steps: Vec<String>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Target login of a transfer (for resolve-appeal, the resolution, as scripts have it)
    #[arg(long, value_name = "LOGIN")]
    pub to: Option<String>,
    /// How resolve-appeal decides: waived, upheld or doubled (A9)
    #[arg(long, value_name = "R")]
    pub resolution: Option<Resolution>,
    /// A callback or next step at this time: YYYY-MM-DD HH:MM in the shop's time, or RFC 3339
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Perform a refused action anyway, with this written reason (allowed roles only)
    #[arg(long = "override", value_name = "TEXT")]
    pub override_reason: Option<String>,
    /// edit: a line as SKU=QTY; a new SKU is added at the catalogue's price, QTY 0 removes the
    /// line (repeatable)
    #[arg(long = "item", value_name = "SKU=QTY", value_parser = str::parse::<ItemChange>)]
    pub items: Vec<ItemChange>,
    /// cancel --reason out_of_stock: a line the claim is about (repeatable; default: the lines
    /// with less stock than ordered)
    #[arg(long = "line", value_name = "SKU")]
    pub lines: Vec<String>,
    /// ship, track: the carrier's tracking number (TTN)
    #[arg(long, value_name = "TTN")]
    pub tracking: Option<String>,
    /// ship, track: the delivery day promised, YYYY-MM-DD [default on ship: the method's usual days]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub expected: Option<NaiveDate>,
    /// track: the delivery status now: in_transit, at_courier, awaiting_pickup
    #[arg(long = "status", value_name = "S")]
    pub track: Option<OrderStatus>,
    /// Show the verdict without acting
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a day like 2026-11-26 (YYYY-MM-DD)"))
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    let (k, v) = text.split_once('=').ok_or_else(|| format!("{text:?} is not KEY=VALUE"))?;
    if k.trim().is_empty() {
        return Err(format!("{text:?} has an empty KEY"));
    }
    Ok((k.trim().to_owned(), v.trim().to_owned()))
}

impl ActArgs {
    /// The draft the options make; times are read in the shop's `zone`.
    fn draft(&self, zone: chrono_tz::Tz) -> Result<Draft> {
        let mut d = Draft::new(self.action);
        d.reason = self.reason;
        d.analogs = self.analogs.clone();
        d.evidence = self.evidence.clone();
        d.wish = self.wish.iter().cloned().collect();
        d.channel = self.channel;
        d.amount_stated = self.amount_stated;
        d.age_confirmed = self.age_confirmed;
        d.adult_receives = self.adult_receives;
        d.page = self.page.clone();
        d.problem = self.problem;
        d.days = self.days;
        d.steps = self.steps.clone();
        d.note = self.note.clone().unwrap_or_default();
        d.to = self.to.clone();
        if self.action == ActionKind::ResolveAppeal {
            // `--to WORD` is how scripts written before `--resolution` resolve an appeal.
            let legacy =
                self.to.as_deref().map(|w| w.parse::<Resolution>().map_err(|e| usage(e.to_string())));
            d.resolution = self.resolution.map(Ok).or(legacy).transpose()?;
            d.to = None;
        }
        d.at = self.at.as_deref().map(|t| parse_when(t, zone, "--at").map_err(usage)).transpose()?;
        d.override_reason = self.override_reason.clone();
        d.items = self.items.clone();
        d.lines = self.lines.clone();
        d.tracking = self.tracking.clone();
        d.expected = self.expected;
        d.track = self.track;
        Ok(d)
    }
}

/// The verdict as DESIGN.md's JSON contract spells it.
#[derive(Serialize)]
pub struct VerdictJson<'a> {
    pub allowed: bool,
    pub action: ActionKind,
    pub order: &'a str,
    pub violations: Vec<&'a RuleOutcome>,
    /// Every rule that applied, met or not (the checklist).
    pub rules: &'a [RuleOutcome],
    pub stake: Option<Money>,
    /// What the action books if performed now: the very lines `booked` lists after it.
    pub money: &'a [crate::domain::MoneyLine],
}

impl<'a> VerdictJson<'a> {
    pub fn of(v: &'a Verdict) -> VerdictJson<'a> {
        VerdictJson {
            allowed: v.allowed(),
            action: v.action,
            order: &v.order,
            violations: v.violations().collect(),
            rules: &v.rules,
            stake: v.stake(),
            money: &v.money,
        }
    }
}

#[derive(Serialize)]
struct DoneJson<'a> {
    #[serde(flatten)]
    verdict: VerdictJson<'a>,
    done: bool,
    status: crate::domain::OrderStatus,
    owner: Option<&'a str>,
    overridden: bool,
    booked: &'a [crate::desk::Booked],
    audit_seq: i64,
}

pub fn act(global: &Global, args: &ActArgs) -> Result<ExitCode> {
    let mut session = global.session(false)?;
    let actor = session.actor()?;
    let draft = args.draft(session.desk.shop().shop.time_zone)?;
    if args.dry_run {
        let verdict = session.desk.evaluate(&actor, &args.order, &draft)?;
        print_verdict(&verdict, args.json)?;
        return Ok(if verdict.allowed() { ExitCode::SUCCESS } else { super::refused() });
    }
    let what = format!("{} {}", args.action, args.order);
    report_performed(session.desk.perform(&actor, &args.order, draft, None), &what, args.json)
}

/// An action's outcome as the command line reports it: what it did, or — refused — its verdict
/// and exit 3, `what` naming the attempt; bad input is usage (exit 2).
pub(super) fn report_performed(
    result: std::result::Result<Performed, DeskError>,
    what: &str,
    json: bool,
) -> Result<ExitCode> {
    match result {
        Ok(done) => {
            print_done(&done, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => report_refusal(e, what, json),
    }
}

/// A failed action: refused by the rules (the verdict, exit 3), bad input (exit 2), or else.
pub(super) fn report_refusal(e: DeskError, what: &str, json: bool) -> Result<ExitCode> {
    match e {
        DeskError::Refused(verdict) => {
            print_verdict(&verdict, json)?;
            if !json {
                errln!("opdesk: {what}: refused by the rules (nothing was changed)");
            }
            Ok(super::refused())
        }
        DeskError::BadInput(m) => Err(usage(m)),
        e => Err(e.into()),
    }
}

pub(super) fn print_verdict(v: &Verdict, json: bool) -> Result<()> {
    if json {
        super::stdout::json(&VerdictJson::of(v))?;
    } else {
        out!("{}", describe_verdict(v))?;
    }
    Ok(())
}

/// The verdict as a checklist a person reads: each rule, each check ✓ or ✗, the stake.
pub fn describe_verdict(v: &Verdict) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let head = if v.allowed() { "allowed" } else { "REFUSED" };
    let _ = write!(out, "{} {}: {head}", v.action, v.order);
    if let Some(stake) = v.stake() {
        let _ = write!(out, " · {} at stake", stake.display());
    }
    out.push('\n');
    for r in &v.rules {
        let mark = if r.satisfied() {
            "✓"
        } else if r.blocking {
            "✗"
        } else {
            "!"
        };
        let _ = writeln!(out, "  {mark} {} {}", r.rule, r.message);
        for c in &r.checks {
            let _ = writeln!(out, "      {} {}", if c.met { "✓" } else { "✗" }, c.label);
        }
    }
    for m in &v.money {
        let _ = writeln!(out, "  {} {} {}: {}", m.rule, money_word(m.kind), m.amount.display(), m.message);
    }
    if !v.allowed() && !v.overridable() {
        let _ = writeln!(out, "  (a refusing rule here cannot be overridden)");
    }
    out
}

/// How a money line reads before the action: what it will book.
fn money_word(kind: crate::domain::MoneyKind) -> &'static str {
    match kind {
        crate::domain::MoneyKind::Charge => "would charge",
        crate::domain::MoneyKind::Credit => "would credit",
        crate::domain::MoneyKind::Waive => "would waive",
    }
}

pub(super) fn print_done(p: &Performed, json: bool) -> Result<()> {
    if json {
        let out = DoneJson {
            verdict: VerdictJson::of(&p.verdict),
            done: true,
            status: p.status,
            owner: p.owner.as_deref(),
            overridden: p.overridden,
            booked: &p.booked,
            audit_seq: p.audit_seq,
        };
        super::stdout::json(&out)?;
        return Ok(());
    }
    let owner = p.owner.as_deref().unwrap_or("nobody");
    outln!("{} {}: done · now {} · owner {owner}", p.action, p.order, p.status)?;
    if p.overridden {
        let rules: Vec<&str> = p.verdict.violations().map(|r| r.rule.as_str()).collect();
        outln!("  overrode {} (audited with the written reason)", rules.join(", "))?;
    }
    for b in &p.booked {
        outln!("  {} {} {} to {}: {}", b.rule, b.kind, b.amount.display(), b.operator, b.message)?;
    }
    Ok(())
}
