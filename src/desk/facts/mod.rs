//! Gathering the facts a rule sees, from the store, inside the action's transaction: the
//! order with its products' stock, the customer and their other open orders, the operator's
//! shift, the draft with what only the catalogue can tell (analogs in stock, a complete wish).
//!
//! The live checklist is judged on every keystroke of a form, so it reads only the facts its
//! action's rules read ([`Costly`], from [`Policy::reads`](crate::policy::Policy::reads)). What
//! each store read fills is declared once, beside the read, and a test checks the declaration
//! against what the read really writes and the pruned verdicts against the whole ones. An action
//! performed, refused or replayed is judged and audited on the whole facts.

use super::{Result, Rulebook};
use crate::domain::{
    ActionKind, Customer, Draft, LedgerKind, Operator, Order, OrderStatus, Product, Vocabulary,
};
use crate::policy::{
    ActorFacts, CustomerFacts, DraftFacts, FactReads, Facts, OpenOrderFacts, OrderFacts, TaskFacts,
    wish_complete,
};
use crate::pricing::amount_due;
use crate::store::Tx;

/// The category whose in-stock products are suggested as accessories (B17 cross-sell).
const ACCESSORIES: &str = "accessories";

/// The facts that cost a store read (or a pricing) of their own, each with the fields it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Costly {
    Pricing,
    Due,
    AccessoryOffer,
    Appeals,
    InvoiceHold,
    Compensation,
    OpenOrders,
    Tasks,
    AnalogsInStock,
    OwnerOnShift,
    OnShift,
}

impl Costly {
    #[cfg(test)]
    pub(super) const ALL: [Costly; 11] = [
        Costly::Pricing,
        Costly::Due,
        Costly::AccessoryOffer,
        Costly::Appeals,
        Costly::InvoiceHold,
        Costly::Compensation,
        Costly::OpenOrders,
        Costly::Tasks,
        Costly::AnalogsInStock,
        Costly::OwnerOnShift,
        Costly::OnShift,
    ];

    /// The `variable.field`s this read fills; checked against what it writes by a test.
    pub(super) const fn fills(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Costly::Pricing => &[("order", "amount_due"), ("order", "below_free_delivery")],
            Costly::Due => &[("order", "late"), ("order", "last_outcome")],
            Costly::AccessoryOffer => &[("order", "has_accessory_offer")],
            Costly::Appeals => &[("order", "appeals")],
            Costly::InvoiceHold => &[("order", "invoice_hold_days")],
            Costly::Compensation => &[("order", "compensation")],
            Costly::OpenOrders => &[("customer", "open_orders")],
            Costly::Tasks => &[("customer", "tasks")],
            Costly::AnalogsInStock => &[("draft", "analogs_in_stock")],
            Costly::OwnerOnShift => &[("order", "owner_on_shift")],
            Costly::OnShift => &[("actor", "on_shift")],
        }
    }
}

/// Which costly facts a gathering reads.
#[derive(Clone, Copy)]
pub(super) enum Wanted<'r> {
    /// Every fact: an action performed, refused, replayed or scripted.
    All,
    /// What these reads name: the live checklist.
    Read(&'r FactReads),
    /// Exactly these (tests of the declarations).
    #[cfg(test)]
    Only(&'r [Costly]),
}

impl Wanted<'_> {
    fn wants(self, costly: Costly) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Read(reads) => {
                costly.fills().iter().any(|(variable, field)| reads.reads(variable, field))
            }
            #[cfg(test)]
            Wanted::Only(these) => these.contains(&costly),
        }
    }
}

impl Rulebook {
    /// Everything the rules need to judge `draft` on `order`, read through `tx`: the whole
    /// facts, for an action performed, refused or replayed (and audited).
    pub(super) fn gather_facts(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &Order,
        customer: &Customer,
        draft: &Draft,
    ) -> Result<Facts> {
        self.gather(tx, actor, order, customer, draft, Wanted::All)
    }

    /// The facts of the live checklist: of the costly ones only those the rules of the draft's
    /// action read; the rest stay neutral and no rule of that action can tell.
    pub(super) fn gather_checklist_facts(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &Order,
        customer: &Customer,
        draft: &Draft,
    ) -> Result<Facts> {
        self.gather(tx, actor, order, customer, draft, Wanted::Read(self.policy.reads(draft.action)))
    }

    pub(super) fn gather(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &Order,
        customer: &Customer,
        draft: &Draft,
        wanted: Wanted<'_>,
    ) -> Result<Facts> {
        let wants = |costly| wanted.wants(costly);
        let now = self.clock.now();
        let mut products: Vec<Product> = Vec::with_capacity(order.items.len());
        for item in &order.items {
            if let Some(p) = tx.product(&item.sku)? {
                products.push(p);
            }
        }
        let mut order_facts = OrderFacts::from_order(order, &products, now, self.shop.shop.currency);
        if wants(Costly::Pricing) {
            let pricing = amount_due(order, customer, &self.discounts, order.created_at.date_naive());
            order_facts.amount_due = pricing.total;
            order_facts.below_free_delivery = pricing.below_free_delivery;
        }
        if wants(Costly::Due) {
            let (due, last_outcome) = tx.order_due_and_outcome(order.number)?;
            order_facts.late = due.is_some_and(|d| d.is_overdue(now));
            order_facts.last_outcome = last_outcome;
        }
        // C2: late only past the day promised and not yet delivered; a control call due is not
        // a delay, and a parcel waiting at the branch has arrived: it needs collecting, not an
        // apology.
        order_facts.delivery_late =
            order.status != OrderStatus::AwaitingPickup && self.parcel_needs_someone(order);
        if wants(Costly::AccessoryOffer) {
            order_facts.has_accessory_offer = !order.status.is_closed()
                && !products.iter().any(|p| p.category == ACCESSORIES)
                && tx.any_in_stock(ACCESSORIES)?;
        }
        if wants(Costly::Appeals) {
            order_facts.appeals = tx.appeals_of_order(&order.id)?.len() as i64;
        }
        if wants(Costly::InvoiceHold)
            && let Some(until) = tx.invoice_hold(order.number)?.filter(|u| *u > now)
        {
            // Whole days left, a part of a day counting as one: the hold runs to its end.
            order_facts.invoice_hold_days = (until - now).num_seconds().div_euclid(86_400) + 1;
        }
        if wants(Costly::Compensation) {
            let ledger = tx.ledger_of_order(&order.id)?;
            let counted = ledger
                .iter()
                .filter(|l| matches!(l.kind, LedgerKind::Charge | LedgerKind::Doubled | LedgerKind::Waived));
            order_facts.compensation =
                crate::domain::checked_sum(counted.map(|l| l.amount)).map_err(|e| {
                    super::DeskError::BadInput(format!("order {}: its ledger lines: {e}", order.id))
                })?;
        }

        let mut customer_facts = CustomerFacts::from_customer(customer, now.date_naive());
        if wants(Costly::OpenOrders) {
            // Filtered in the store: only the open ones are read (at most 100, newest first).
            customer_facts.open_orders = tx
                .customer_orders_in(
                    &customer.id,
                    &[OrderStatus::InWork, OrderStatus::Processed],
                    &order.id,
                    100,
                )?
                .into_iter()
                .map(|(id, status, owner)| OpenOrderFacts { id, status, owner: owner.unwrap_or_default() })
                .collect();
        }
        if wants(Costly::Tasks) {
            customer_facts.tasks = self.task_facts(tx, &customer.id)?;
        }

        let mut draft_facts = DraftFacts::from_draft(draft);
        if wants(Costly::AnalogsInStock) {
            let mut in_stock = 0;
            for sku in &draft.analogs {
                if tx.stock(sku)?.is_some_and(|stock| stock > 0) {
                    in_stock += 1;
                }
            }
            draft_facts.analogs_in_stock = in_stock;
        }
        // The wish describes the product the customer cannot get: the first line the claim is
        // about that is short of stock.
        let (lines, lines_total) = claimed_lines(order, &products, draft);
        let missing = order.items.iter().find_map(|i| {
            products.iter().find(|p| p.sku == i.sku && i.qty > p.stock && lines.contains(&i.sku))
        });
        draft_facts.wish_complete = missing.is_some_and(|p| wish_complete(&draft.wish, p));
        // A8: the error this decision is about was already confirmed (and credited) once.
        if let Some(report) = draft.site_error.map(|id| tx.site_error(id)).transpose()?.flatten() {
            draft_facts.duplicate = tx.site_error_confirmed_before(&report)?;
        }
        if let Some(e) = draft.escalation.map(|id| tx.escalation(id)).transpose()?.flatten() {
            draft_facts.escalation_level = e.level.as_str().to_owned();
        }
        if let Some(to) = draft.to.as_deref().and_then(|l| self.shop.operator(l)) {
            draft_facts.to_roles = to.roles.clone();
        }

        draft_facts.lines = lines;
        draft_facts.lines_total = lines_total;
        if wants(Costly::OwnerOnShift)
            && let Some(owner) = order.owner.as_deref()
        {
            order_facts.owner_on_shift =
                if owner == actor.login { true } else { tx.open_shift(owner)?.is_some() };
        }

        let on_shift = wants(Costly::OnShift) && tx.open_shift(&actor.login)?.is_some();
        Ok(Facts {
            actor: ActorFacts::from_operator(actor, on_shift),
            order: order_facts,
            customer: customer_facts,
            draft: draft_facts,
            now: now.fixed_offset(),
        })
    }

    /// The customer's season tasks still in their term, as the rules see them (B18): whether
    /// each is open and whether its operator is at work (has an open shift).
    pub(super) fn task_facts(&self, tx: &Tx<'_>, customer_id: &str) -> Result<Vec<TaskFacts>> {
        let today = self.clock.now().with_timezone(&self.shop.shop.time_zone).date_naive();
        let mut out = Vec::new();
        for t in tx.customer_tasks(customer_id, today)? {
            out.push(TaskFacts {
                id: t.id,
                kind: t.kind,
                on_shift: tx.open_shift(&t.operator)?.is_some(),
                operator: t.operator.clone(),
                open: t.open(),
                valid: t.valid(today),
            });
        }
        Ok(out)
    }
}

/// The lines an out-of-stock claim is about (A2) and their goods' amount. A cancel names them
/// (`--line`), or else means the lines with less stock than ordered (all lines when none is
/// short: then the claim is about goods that are there). An edit's claim is about the lines it
/// removes or reduces, for the quantity taken away.
fn claimed_lines(order: &Order, products: &[Product], draft: &Draft) -> (Vec<String>, i64) {
    let stock = |sku: &str| products.iter().find(|p| p.sku == sku).map_or(0, |p| p.stock);
    match draft.action {
        ActionKind::Edit => {
            let mut lines = Vec::new();
            let mut total = 0i64;
            for item in &order.items {
                if let Some(change) = draft.items.iter().rev().find(|c| c.sku == item.sku)
                    && change.qty < item.qty
                {
                    lines.push(item.sku.clone());
                    total = total.saturating_add((item.qty - change.qty).saturating_mul(item.price));
                }
            }
            (lines, total)
        }
        _ => {
            let named: Vec<&crate::domain::OrderItem> = if !draft.lines.is_empty() {
                order.items.iter().filter(|i| draft.lines.contains(&i.sku)).collect()
            } else {
                let short: Vec<_> = order.items.iter().filter(|i| i.qty > stock(&i.sku)).collect();
                if short.is_empty() { order.items.iter().collect() } else { short }
            };
            let total = named.iter().fold(0i64, |sum, i| sum.saturating_add(i.line_total()));
            (named.into_iter().map(|i| i.sku.clone()).collect(), total)
        }
    }
}

#[cfg(test)]
mod tests;
