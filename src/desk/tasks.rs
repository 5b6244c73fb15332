//! Season call tasks (B18): adding one (the season's limit is a rule), closing one, listing
//! them. Judged by the rules without an order, like the day's review; a refusal is audited.
//! Who takes a customer's call while a task holds is rule B18 on `claim` (the facts carry the
//! customer's tasks, `desk/facts.rs`).

use super::{Attempt, Desk, DeskError, Result};
use crate::domain::{ActionKind, Draft, Operator, Outcome, SeasonTask, TaskKind, Verdict, Vocabulary};
use crate::policy::{ActorFacts, DraftFacts, Facts};
use crate::store::AuditEntry;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What adding or closing a task did.
#[derive(Debug, Clone, Serialize)]
pub struct TaskDone {
    pub task: SeasonTask,
    pub verdict: Verdict,
    pub audit_seq: i64,
}

impl Desk {
    /// Adds a `kind` task on `customer` for `operator`, valid to `until` (a New Year task: 31.12
    /// of this season; a Birthday task: `birthday_task_days` from today).
    pub fn add_task(
        &mut self,
        actor: &Operator,
        customer: &str,
        operator: &str,
        kind: TaskKind,
        until: Option<NaiveDate>,
    ) -> Result<TaskDone> {
        if self.book.shop.operator(operator).is_none() {
            return Err(DeskError::BadInput(format!("{operator:?} is not a configured operator")));
        }
        let today = self.today();
        let until = match (until, kind) {
            (Some(d), _) => d,
            (None, TaskKind::NewYear) => NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
            (None, TaskKind::Birthday) => {
                today
                    + chrono::Days::new(
                        self.book.policy.param("birthday_task_days").unwrap_or(14).max(0) as u64
                    )
            }
        };
        if until < today {
            return Err(DeskError::BadInput(format!("--until {until} is already past")));
        }
        if self.store.read().customer(customer)?.is_none() {
            return Err(DeskError::NotFound(format!("no customer {customer:?}")));
        }
        let mut draft = Draft::new(ActionKind::AddTask);
        draft.to = Some(operator.to_owned());
        let open = self.store.read().count_open_tasks(kind, today)?;
        let verdict = self.task_verdict(actor, &draft, |d| {
            d.task_kind = kind.as_str().into();
            d.open_tasks = open;
        })?;
        let now = self.now();
        let book = &self.book;
        self.store
            .write(|tx| -> Result<Attempt<TaskDone>> {
                if !verdict.allowed() {
                    audit(tx, book, actor, &draft, &verdict, Outcome::Refused)?;
                    return Ok(Attempt::Refused(DeskError::Refused(Box::new(verdict.clone()))));
                }
                let id = tx.add_task(customer, operator, kind, until, &actor.login, now)?;
                let seq = audit(tx, book, actor, &draft, &verdict, Outcome::Done)?;
                let task = tx.task(id)?.ok_or_else(|| DeskError::NotFound(format!("task {id}")))?;
                Ok(Attempt::Done(TaskDone { task, verdict: verdict.clone(), audit_seq: seq }))
            })?
            .into_result()
    }

    /// Closes task `id`: its operator's, or the head of sales' (rule B18).
    pub fn close_task(&mut self, actor: &Operator, id: i64) -> Result<TaskDone> {
        let task = self.store.read().task(id)?.ok_or_else(|| DeskError::NotFound(format!("no task {id}")))?;
        if !task.open() {
            return Err(DeskError::Conflict(format!(
                "task {id} is already closed by {}",
                task.closed_by.as_deref().unwrap_or("someone")
            )));
        }
        let mut draft = Draft::new(ActionKind::CloseTask);
        draft.to = Some(task.operator.clone());
        let verdict = self.task_verdict(actor, &draft, |d| d.task_kind = task.kind.as_str().into())?;
        let now = self.now();
        let book = &self.book;
        self.store
            .write(|tx| -> Result<Attempt<TaskDone>> {
                if !verdict.allowed() {
                    audit(tx, book, actor, &draft, &verdict, Outcome::Refused)?;
                    return Ok(Attempt::Refused(DeskError::Refused(Box::new(verdict.clone()))));
                }
                if !tx.close_task(id, &actor.login, now)? {
                    return Err(DeskError::Conflict(format!("task {id} was closed meanwhile")));
                }
                let seq = audit(tx, book, actor, &draft, &verdict, Outcome::Done)?;
                let task = tx.task(id)?.ok_or_else(|| DeskError::NotFound(format!("task {id}")))?;
                Ok(Attempt::Done(TaskDone { task, verdict: verdict.clone(), audit_seq: seq }))
            })?
            .into_result()
    }

    /// The latest `limit` tasks, newest first: open ones unless `all`.
    pub fn tasks(&self, all: bool, limit: usize) -> Result<Vec<SeasonTask>> {
        Ok(self.store.read().tasks(all, limit.max(1))?)
    }

    fn task_verdict(
        &self,
        actor: &Operator,
        draft: &Draft,
        fill: impl FnOnce(&mut DraftFacts),
    ) -> Result<Verdict> {
        let mut draft_facts = DraftFacts::from_draft(draft);
        if let Some(op) = draft.to.as_deref().and_then(|l| self.book.shop.operator(l)) {
            draft_facts.to_roles = op.roles.clone();
        }
        fill(&mut draft_facts);
        let on_shift = self.store.read().open_shift(&actor.login)?.is_some();
        let facts = Facts::without_order(
            ActorFacts::from_operator(actor, on_shift),
            draft_facts,
            self.now().fixed_offset(),
            self.book.shop.shop.currency,
        );
        Ok(self.book.policy.evaluate(&facts))
    }
}

fn audit(
    tx: &crate::store::Tx<'_>,
    book: &super::Rulebook,
    actor: &Operator,
    draft: &Draft,
    verdict: &Verdict,
    outcome: Outcome,
) -> Result<i64> {
    let rules = if outcome == Outcome::Refused {
        verdict.violations().map(|r| r.rule.clone()).collect()
    } else {
        verdict.rules.iter().map(|r| r.rule.clone()).collect()
    };
    Ok(tx.append_audit(&AuditEntry {
        at: book.clock.now().to_rfc3339(),
        actor: actor.login.clone(),
        order_id: None,
        action: draft.action.as_str().into(),
        outcome,
        rules,
        detail: serde_json::json!({ "draft": draft, "verdict": verdict }),
        rules_version: book.policy.version().into(),
    })?)
}
