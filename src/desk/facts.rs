//! Gathering the facts a rule sees, from the store, inside the action's transaction: the
//! order with its products' stock, the customer and their other open orders, the operator's
//! shift, the draft with what only the catalogue can tell (analogs in stock, a complete wish).

use super::{Result, Rulebook};
use crate::domain::{Customer, Draft, DueKind, LedgerKind, Operator, Order, OrderStatus, Product};
use crate::policy::{
    ActorFacts, CustomerFacts, DraftFacts, FactReads, Facts, OpenOrderFacts, OrderFacts, wish_complete,
};
use crate::pricing::amount_due;
use crate::store::Tx;

/// The category whose in-stock products are suggested as accessories (B17 cross-sell).
const ACCESSORIES: &str = "accessories";

impl Rulebook {
    /// Everything the rules need to judge `draft` on `order`, read through `tx`. Only what
    /// `reads` names is read from the store (the rest stays neutral): a live checklist asks for
    /// what its action's rules read; an action performed and audited asks for everything.
    pub(super) fn gather_facts(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &Order,
        customer: &Customer,
        draft: &Draft,
        reads: &FactReads,
    ) -> Result<Facts> {
        let now = self.clock.now();
        let wants = |variable: &str, fields: &[&str]| reads.reads_any(variable, fields);
        let mut products: Vec<Product> = Vec::with_capacity(order.items.len());
        if wants("order", &["items", "missing", "age_restricted", "has_accessory_offer"])
            || wants("draft", &["wish_complete"])
        {
            for item in &order.items {
                if let Some(p) = tx.product(&item.sku)? {
                    products.push(p);
                }
            }
        }
        let mut order_facts = OrderFacts::from_order(order, &products, now, self.shop.shop.currency);
        if wants("order", &["amount_due", "below_free_delivery"]) {
            let pricing = amount_due(order, customer, &self.discounts, order.created_at.date_naive());
            order_facts.amount_due = pricing.total;
            order_facts.below_free_delivery = pricing.below_free_delivery;
        }
        if wants("order", &["late", "delivery_late", "last_outcome"]) {
            let (due, last_outcome) = tx.order_due_and_outcome(order.number)?;
            order_facts.late = due.is_some_and(|d| d.is_overdue(now));
            order_facts.delivery_late = order.status.is_with_delivery()
                && due.is_some_and(|d| d.kind == DueKind::DeliveryCheck && d.is_overdue(now));
            order_facts.last_outcome = last_outcome;
        }
        if wants("order", &["has_accessory_offer"]) {
            order_facts.has_accessory_offer = !order.status.is_closed()
                && !products.iter().any(|p| p.category == ACCESSORIES)
                && tx.any_in_stock(ACCESSORIES)?;
        }
        if wants("order", &["appeals"]) {
            order_facts.appeals = tx.appeals_of_order(&order.id)?.len() as i64;
        }
        if wants("order", &["compensation"]) {
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
        if wants("customer", &["open_orders"]) {
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

        let mut draft_facts = DraftFacts::from_draft(draft);
        if wants("draft", &["analogs_in_stock"]) {
            let mut in_stock = 0;
            for sku in &draft.analogs {
                if tx.stock(sku)?.is_some_and(|stock| stock > 0) {
                    in_stock += 1;
                }
            }
            draft_facts.analogs_in_stock = in_stock;
        }
        // The wish describes the product the customer cannot get: the first line short of stock.
        let missing =
            order.items.iter().find_map(|i| products.iter().find(|p| p.sku == i.sku && i.qty > p.stock));
        draft_facts.wish_complete = missing.is_some_and(|p| wish_complete(&draft.wish, p));
        if let Some(to) = draft.to.as_deref().and_then(|l| self.shop.operator(l)) {
            draft_facts.to_roles = to.roles.clone();
        }

        let on_shift = wants("actor", &["on_shift"]) && tx.open_shift(&actor.login)?.is_some();
        Ok(Facts {
            actor: ActorFacts::from_operator(actor, on_shift),
            order: order_facts,
            customer: customer_facts,
            draft: draft_facts,
            now: now.fixed_offset(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigDirs;
    use crate::domain::{ActionKind, CancelReason, Channel, Evidence, EvidenceKind, FixedClock, Vocabulary};
    use crate::store::Store;
    use std::sync::Arc;

    /// Drafts of every action, from empty to filled in, with and without an override.
    fn drafts() -> Vec<Draft> {
        let mut drafts = Vec::new();
        for &action in ActionKind::ALL {
            let mut filled = Draft::new(action);
            filled.note = "called, the customer agreed".into();
            filled.to = Some("andriy".into());
            filled.resolution = Some(crate::domain::Resolution::Waived);
            filled.analogs = vec!["FWB-1001".into(), "FWB-1004".into(), "NOPE-1".into()];
            filled.evidence = vec![Evidence { kind: EvidenceKind::Photo, reference: "p.jpg".into() }];
            filled.channel = Some(Channel::Viber);
            filled.amount_stated = true;
            filled.age_confirmed = true;
            filled.wish.insert("picture".into(), "https://example.com/p.jpg".into());
            filled.steps = vec!["called_first".into()];
            let mut overridden = filled.clone();
            overridden.override_reason = Some("agreed with the head of sales".into());
            drafts.push(Draft::new(action));
            drafts.push(filled);
            drafts.push(overridden);
        }
        for reason in CancelReason::ALL {
            let mut cancel = Draft::new(ActionKind::Cancel);
            cancel.reason = Some(*reason);
            drafts.push(cancel);
        }
        drafts
    }

    /// The live checklist gathers only what its action's rules read: on every order of the demo
    /// shop, for every action and operator, its verdict is the verdict on the whole facts.
    #[test]
    fn a_verdict_on_the_facts_its_rules_read_is_the_verdict_on_all_facts() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:30:00+02:00").unwrap().to_utc();
        let mut desk = crate::session::build_desk(
            &ConfigDirs::embedded_only(),
            Store::in_memory().unwrap(),
            Arc::new(FixedClock(now)),
        )
        .unwrap();
        let feed = desk.shop().operator("olena").unwrap().clone();
        desk.import_from(
            &feed,
            std::path::Path::new("demo/shop.json"),
            crate::import::Format::Json,
            crate::session::DEMO_SHOP.as_bytes(),
        )
        .unwrap();
        let ids: Vec<String> = desk
            .queue(&feed, &super::super::QueueFilter { limit: 1_000, ..Default::default() })
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert!(ids.len() > 100, "the demo shop's orders");
        // An operator, the duty operator, the supervisor and a SuperVip manager: every role a
        // rule tells apart.
        let actors: Vec<Operator> = ["olena", "maria", "iryna", "andriy"]
            .iter()
            .map(|login| desk.shop().operator(login).unwrap().clone())
            .collect();
        let (book, store) = (&desk.book, &desk.store);
        let (mut compared, mut pruned_something) = (0, false);
        for id in &ids {
            for draft in drafts() {
                let reads = book.policy.reads(draft.action);
                for actor in &actors {
                    let verdicts = store.reading(|tx| -> Result<_> {
                        let (order, customer) = super::super::order_and_customer(tx, id)?;
                        let some = book.gather_facts(tx, actor, &order, &customer, &draft, reads)?;
                        let all = book.gather_facts(
                            tx,
                            actor,
                            &order,
                            &customer,
                            &draft,
                            &FactReads::everything(),
                        )?;
                        pruned_something |= some != all;
                        Ok((book.policy.evaluate(&some), book.policy.evaluate(&all)))
                    });
                    let (some, all) = verdicts.unwrap();
                    assert_eq!(some, all, "{} on {id} by {}", draft.action, actor.login);
                    compared += 1;
                }
            }
        }
        assert!(pruned_something, "some facts were left unread");
        assert!(compared > 30_000, "{compared} verdicts compared");
    }
}
