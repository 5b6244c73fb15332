//! The operators' money ledger as the desk shows it: what each action booked under A2, A3, A8
//! and A9, and what an operator owes net of credits and waivers. Reads only.

use super::{Desk, DeskError, Result, TrailScope, Whose};
use crate::domain::{LedgerKind, Money, Operator};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// One booked line, in the shop's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    pub at: DateTime<FixedOffset>,
    pub operator: String,
    pub order: Option<String>,
    /// The POLICY.md rule that booked it (A2, A3, A8, A9).
    pub rule: String,
    /// `charge`, `credit`, `waived`, `doubled`.
    pub kind: LedgerKind,
    /// Signed from the operator's side: owed is positive, a credit or waiver negative.
    pub amount: Money,
    pub note: String,
}

/// A window of the ledger and, for one operator, their balance over all their lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerView {
    pub operator: Option<String>,
    pub order: Option<String>,
    pub lines: Vec<LedgerEntry>,
    /// What the operator owes in all (not only the lines shown); `None` without an operator.
    pub balance: Option<Money>,
    /// Everyone's lines as asked, or only the reader's own.
    #[serde(skip)]
    pub scope: TrailScope,
}

impl Desk {
    /// The last `limit` lines of one operator's and/or one order's ledger, oldest first, as far
    /// as `actor` may read them: another operator's lines, or everyone's, are the whole desk's
    /// review (the `review` rule). Anyone else asking for everyone's gets their own lines; asking
    /// for another operator's is refused and audited.
    pub fn ledger(
        &mut self,
        actor: &Operator,
        operator: Option<&str>,
        order: Option<&str>,
        limit: usize,
    ) -> Result<LedgerView> {
        if let Some(login) = operator
            && self.book.shop.operator(login).is_none()
        {
            return Err(DeskError::BadInput(format!("{login:?} is not a configured operator")));
        }
        let today = self.today();
        let whose = operator.map_or(Whose::Everyone, |l| Whose::Operator(l.to_owned()));
        let (operator, scope) = if self.review_verdict(actor, &whose, today, today)?.allowed() {
            (operator, TrailScope::Desk)
        } else if operator.is_none() {
            self.may_review(actor, &Whose::Operator(actor.login.clone()), today, today)?;
            (Some(actor.login.as_str()), TrailScope::Own)
        } else {
            self.may_review(actor, &whose, today, today)?;
            (operator, TrailScope::Desk)
        };
        let tx = self.store.read();
        // The ledger names orders by external id; the operator may have given the number.
        let order_id = match order {
            Some(key) => Some(tx.order(key)?.ok_or_else(|| Desk::not_found(key))?.id),
            None => None,
        };
        let lines = tx
            .ledger_lines(operator, order_id.as_deref(), limit.max(1))?
            .into_iter()
            .map(|l| LedgerEntry {
                at: l.at,
                operator: l.operator,
                order: l.order_id,
                rule: l.rule,
                kind: l.kind,
                amount: self.money(l.amount),
                note: l.note,
            })
            .collect();
        let balance = match operator {
            Some(login) => Some(self.money(tx.operator_balance(login)?)),
            None => None,
        };
        Ok(LedgerView { operator: operator.map(str::to_owned), order: order_id, lines, balance, scope })
    }
}
