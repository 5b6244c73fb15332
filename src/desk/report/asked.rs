//! The day's review of what customers and operators asked for: the customers' questions (B1)
//! with when and by whom they were answered, and the escalations (A6) with who holds them now.
//! Both list what came in during the period and whatever is still open from before.

use super::super::Result;
use super::gather::Window;
use crate::domain::{EscalationLevel, EscalationState};
use crate::store::Tx;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Serialize;

/// How many questions or escalations a review lists.
const ASKED_LIMIT: usize = 500;

/// A customer's question (B1) and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionLine {
    pub order: String,
    pub asked_at: DateTime<FixedOffset>,
    pub note: String,
    pub recorded_by: String,
    /// When it was to be answered: asked + `question_answer_hours`.
    pub due: DateTime<FixedOffset>,
    pub answered_at: Option<DateTime<FixedOffset>>,
    pub answered_by: Option<String>,
    /// Answered after its due time, or unanswered past it now.
    pub late: bool,
}

/// An escalation (A6) and where it stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationLine {
    pub id: i64,
    pub order: String,
    pub raised_at: DateTime<FixedOffset>,
    pub raised_by: String,
    pub note: String,
    /// Who holds it now: the administrator or analytics.
    pub level: EscalationLevel,
    pub state: EscalationState,
    pub passed_by: Option<String>,
    pub resolved_by: Option<String>,
    pub resolution: Option<String>,
}

pub(super) fn questions(
    tx: &Tx<'_>,
    window: &Window,
    answer_hours: i64,
    now: DateTime<Utc>,
    login: Option<&str>,
) -> Result<Vec<QuestionLine>> {
    let involved = |by: &str, answered: Option<&str>| login.is_none_or(|l| by == l || answered == Some(l));
    let mut out = Vec::new();
    for q in tx.questions_for_review(window.from, window.to, ASKED_LIMIT)? {
        if !involved(&q.recorded_by, q.answered_by.as_deref()) {
            continue;
        }
        let due = q.asked_at + Duration::hours(answer_hours);
        out.push(QuestionLine {
            late: q.answered_at.unwrap_or(now) > due,
            order: q.order_id,
            asked_at: window.local(q.asked_at),
            note: q.note,
            recorded_by: q.recorded_by,
            due: window.local(due),
            answered_at: q.answered_at.map(|t| window.local(t)),
            answered_by: q.answered_by,
        });
    }
    Ok(out)
}

pub(super) fn escalations(tx: &Tx<'_>, window: &Window, login: Option<&str>) -> Result<Vec<EscalationLine>> {
    let mut out = Vec::new();
    // Escalations are few (a shop raises a handful a day); all of them, newest first, filtered
    // here by the period because their times are kept with the offset they were raised in.
    for e in tx.escalations(true, usize::MAX >> 1)? {
        let raised = e.raised_at.with_timezone(&Utc);
        let in_period = raised >= window.from && raised < window.to;
        if !(in_period || e.state == EscalationState::Open) {
            continue;
        }
        let mine = login.is_none_or(|l| {
            e.raised_by == l || e.passed_by.as_deref() == Some(l) || e.resolved_by.as_deref() == Some(l)
        });
        if !mine {
            continue;
        }
        out.push(EscalationLine {
            id: e.id,
            order: e.order_id,
            raised_at: window.local(raised),
            raised_by: e.raised_by,
            note: e.note,
            level: e.level,
            state: e.state,
            passed_by: e.passed_by,
            resolved_by: e.resolved_by,
            resolution: e.resolution,
        });
        if out.len() >= ASKED_LIMIT {
            break;
        }
    }
    out.reverse();
    Ok(out)
}
