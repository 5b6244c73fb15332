//! The input checks of an action, before any rule is asked: what makes no sense whatever the
//! rules say (an impossible move, a missing note, an unknown login, options of another action)
//! is bad input (exit 2), and the move the action makes is settled here.

use super::act::bad;
use super::{DeskError, Result, Rulebook};
use crate::domain::workflow::{self, Move};
use crate::domain::{ActionKind, Draft, Order, Resolution, Vocabulary, wish};
use crate::store::Tx;

impl Rulebook {
    /// Refuses input that makes no sense whatever the rules say (exit 2): an impossible move,
    /// a missing note, an unknown login. Returns the move the action makes.
    pub(super) fn check_input(&self, tx: &Tx<'_>, order: &Order, draft: &Draft) -> Result<Move> {
        use ActionKind as A;
        draft.check_limits().map_err(bad)?;
        if draft.action == A::Claim
            && let Some(owner) = order.owner.as_deref()
        {
            return Err(DeskError::Conflict(format!("{} is already taken into work by {owner}", order.id)));
        }
        let mut movement = workflow::next(draft.action, order.status, order.payment).map_err(bad)?;
        self.check_life_input(tx, order, draft)?;
        if draft.action == A::Track
            && let Some(track) = draft.track
        {
            movement = Move::To(track);
        }
        let needs_note = |what: &str| {
            if draft.note.trim().is_empty() {
                Err(bad(format!("{} needs a note: {what}", draft.action)))
            } else {
                Ok(())
            }
        };
        match draft.action {
            A::Comment => needs_note("the comment")?,
            // Judged before it is written, so a form's checklist says the note is needed
            // rather than "allowed" and then a refusal.
            A::Handoff => needs_note("what the duty operator should do")?,
            A::Question => needs_note("the customer's question")?,
            A::Escalate => needs_note("what the administrator should look into")?,
            A::SiteError => needs_note("what is wrong on the site (category, specs, photo…)")?,
            A::PassEscalation | A::ResolveEscalation => {
                if draft.action == A::ResolveEscalation {
                    needs_note("what was found or done (--note)")?;
                }
                let id = draft.escalation.ok_or_else(|| {
                    bad(format!("{} has its own command: opdesk escalations pass|resolve ID", draft.action))
                })?;
                let e = tx.escalation(id)?.ok_or_else(|| bad(format!("there is no escalation {id}")))?;
                if e.order_id != order.id {
                    return Err(bad(format!("escalation {id} is about {}, not {}", e.order_id, order.id)));
                }
                if e.state != crate::domain::EscalationState::Open {
                    return Err(DeskError::Conflict(format!(
                        "escalation {id} is already resolved by {}",
                        e.resolved_by.as_deref().unwrap_or("someone")
                    )));
                }
                if draft.action == A::PassEscalation
                    && e.level != crate::domain::EscalationLevel::Administrator
                {
                    return Err(DeskError::Conflict(format!("escalation {id} is already with {}", e.level)));
                }
            }
            A::Keep if draft.days.is_none_or(|d| d <= 0) => {
                return Err(bad("keep needs how many more days (--days N, at least 1)"));
            }
            A::ConfirmSiteError | A::RejectSiteError => {
                if draft.action == A::RejectSiteError {
                    needs_note("why there is nothing to fix (--note)")?;
                }
                let id = draft.site_error.ok_or_else(|| {
                    bad(format!("{} has its own command: opdesk site-errors confirm|reject ID", draft.action))
                })?;
                let report =
                    tx.site_error(id)?.ok_or_else(|| bad(format!("there is no site-error report {id}")))?;
                if report.order_id != order.id {
                    return Err(bad(format!(
                        "site-error report {id} is about {}, not {}",
                        report.order_id, order.id
                    )));
                }
                if report.state != crate::domain::SiteErrorState::Reported {
                    return Err(DeskError::Conflict(format!(
                        "site-error report {id} is already {} by {}",
                        report.state,
                        report.decided_by.as_deref().unwrap_or("someone")
                    )));
                }
            }
            A::Appeal => needs_note("a short description of why the compensation is wrong")?,
            A::Transfer => {
                let to = draft
                    .to
                    .as_deref()
                    .ok_or_else(|| bad("transfer needs the operator to pass it to (--to LOGIN)"))?;
                if self.shop.operator(to).is_none() {
                    return Err(bad(format!("{to:?} is not a configured operator")));
                }
                if order.owner.as_deref() == Some(to) {
                    return Err(bad(format!("{} already belongs to {to}", order.id)));
                }
            }
            A::Callback => {
                draft.at.ok_or_else(|| bad("callback needs its time (--at, e.g. 2026-11-24 10:00)"))?;
            }
            // `kind` says what the wish is, not what is wished: it alone is an empty wish. A show
            // lead's fields are B16's checklist, which says which are missing.
            A::Wish
                if draft.wish.get(wish::KIND).map(String::as_str) != Some(wish::KIND_SHOW)
                    && draft.wish.iter().all(|(k, v)| k == wish::KIND || v.trim().is_empty()) =>
            {
                return Err(bad("a wish needs at least one characteristic (--wish KEY=VALUE)"));
            }
            A::ResolveAppeal => {
                if draft.resolution.is_none() {
                    return Err(bad(format!(
                        "an appeal is resolved as {} (--resolution)",
                        Resolution::spellings()
                    )));
                }
                if !tx.appeals_of_order(&order.id)?.iter().any(|a| a.resolution.is_none()) {
                    return Err(bad(format!("{} has no appeal waiting for a decision", order.id)));
                }
            }
            _ => {}
        }
        if draft.override_reason.as_deref().is_some_and(|r| r.trim().is_empty()) {
            return Err(bad("an override needs a written reason"));
        }
        Ok(movement)
    }
}
