//! The information department's inbox of site errors (A8): the reports waiting, each marked
//! when it repeats an earlier one, and the decision on each — judged by the rules like any
//! action on the report's order, so the credit shown is the credit booked.

use super::{Desk, DeskError, Performed, Result};
use crate::domain::{ActionKind, Draft, Operator};
use crate::store::SiteErrorReport;

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
}
