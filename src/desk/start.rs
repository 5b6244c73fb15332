//! Where an operator's workstation opens, and what it alerts them to: the work that waits
//! for them. The duty operator
//! on the handoffs nobody took, the head of sales on the late orders, an operator with open
//! orders of their own on those, anyone else on the new orders. The roles are the rules'
//! (`duty_roles`, `head_of_sales_roles` in `[params]`), so the front ends name no role.

use super::{Desk, QueueFilter, Result};
use crate::domain::Vocabulary;
use crate::domain::{Operator, OrderStatus};
use crate::policy::ParamValue;

/// The first view of the workstation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstView {
    /// The operator's own open orders.
    Mine,
    New,
    Late,
    /// The duty inbox.
    Handoffs,
}

impl Desk {
    /// Whether `actor` wears one of the roles the rules' `[params]` list under `param`.
    fn has_role_param(&self, actor: &Operator, param: &str) -> bool {
        match self.book.policy.params().get(param) {
            Some(ParamValue::Words(words)) => {
                actor.roles.iter().any(|r| words.iter().any(|w| w == r.as_str()))
            }
            _ => false,
        }
    }

    /// Where `actor`'s workstation opens, from the desk's data and the rules' roles.
    pub fn first_view(&self, actor: &Operator) -> Result<FirstView> {
        if self.has_role_param(actor, "duty_roles") && self.handoff_counts()?.untaken > 0 {
            return Ok(FirstView::Handoffs);
        }
        if self.has_role_param(actor, "head_of_sales_roles") {
            return Ok(FirstView::Late);
        }
        let mine = QueueFilter { mine: true, statuses: OrderStatus::open().collect(), ..Default::default() };
        Ok(if self.queue_count(actor, &mine)?.is_zero() { FirstView::New } else { FirstView::Mine })
    }
}

/// How many orders with a due callback the alert names.
const ALERT_ORDERS: usize = 5;

/// What waits for an operator now, for the header and the bell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alerts {
    /// Callbacks promised on their orders that are due and not made.
    pub callbacks_due: i64,
    /// The orders of those callbacks, earliest due first (a few).
    pub callback_orders: Vec<String>,
    /// Handoffs nobody took, for an operator of the duty role (0 for anyone else).
    pub handoffs_waiting: i64,
}

impl Alerts {
    /// Whether something arrived since `before`: a callback fell due or a handoff came in.
    pub fn news_since(&self, before: &Alerts) -> bool {
        self.callbacks_due > before.callbacks_due || self.handoffs_waiting > before.handoffs_waiting
    }
}

impl Desk {
    pub fn alerts(&self, actor: &Operator) -> Result<Alerts> {
        let (callbacks_due, callback_orders) = {
            let tx = self.store.read();
            let now = self.now();
            (
                tx.due_callbacks_of(&actor.login, now)?,
                tx.due_callback_orders_of(&actor.login, now, ALERT_ORDERS)?,
            )
        };
        let handoffs_waiting =
            if self.has_role_param(actor, "duty_roles") { self.handoff_counts()?.untaken } else { 0 };
        Ok(Alerts { callbacks_due, callback_orders, handoffs_waiting })
    }
}
