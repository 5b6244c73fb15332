//! The information department's inbox of site errors (A8): the reports waiting, each marked
//! when it repeats an earlier one, and the decision on each — judged by the rules like any
//! action on the report's order, so the credit shown is the credit booked. And the escalations
//! of A6 (operator → administrator → analytics), each held by a level until resolved.

use super::{Desk, DeskError, Performed, Result};
use crate::domain::{ActionKind, Draft, Operator};
use crate::store::{Escalation, SiteErrorReport};

impl Desk {
    /// The latest `limit` site-error reports, newest first: those waiting, or `all`.
    pub fn site_errors(&self, all: bool, limit: usize) -> Result<Vec<SiteErrorReport>> {
        Ok(self.store.read().site_errors(all, limit.max(1))?)
    }

    /// Confirms (the reporter is credited) or rejects report `id` as `actor`, with `note`.
    pub fn decide_site_error(
        &mut self,
        actor: &Operator,
        id: i64,
        confirm: bool,
        note: &str,
    ) -> Result<Performed> {
        let report = self
            .store
            .read()
            .site_error(id)?
            .ok_or_else(|| DeskError::NotFound(format!("there is no site-error report {id}")))?;
        let action = if confirm { ActionKind::ConfirmSiteError } else { ActionKind::RejectSiteError };
        let draft = Draft { site_error: Some(id), note: note.to_owned(), ..Draft::new(action) };
        self.perform(actor, &report.order_id, draft, None)
    }

    /// The latest `limit` escalations, newest first: open ones, or `all`.
    pub fn escalations(&self, all: bool, limit: usize) -> Result<Vec<Escalation>> {
        Ok(self.store.read().escalations(all, limit.max(1))?)
    }

    /// Passes escalation `id` to analytics (`resolve` false) or resolves it, as `actor`.
    pub fn decide_escalation(
        &mut self,
        actor: &Operator,
        id: i64,
        resolve: bool,
        note: &str,
    ) -> Result<Performed> {
        let e = self
            .store
            .read()
            .escalation(id)?
            .ok_or_else(|| DeskError::NotFound(format!("there is no escalation {id}")))?;
        let action = if resolve { ActionKind::ResolveEscalation } else { ActionKind::PassEscalation };
        let draft = Draft { escalation: Some(id), note: note.to_owned(), ..Draft::new(action) };
        self.perform(actor, &e.order_id, draft, None)
    }
}
