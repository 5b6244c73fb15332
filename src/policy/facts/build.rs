//! Facts from the domain types, for the parts that follow from them alone. What needs the
//! store (other orders, appeals, compensations, analogs in stock) the desk sets afterwards;
//! each constructor says which fields it leaves at their neutral value.

use super::*;
use crate::domain::{Customer, Draft, Operator, Order, OrderItem, Product};
use chrono::Utc;

impl Facts {
    /// Facts for an action about no order (reading the day's review): the actor, the draft and
    /// the moment are real; the order and the customer are blank, so a rule guarding every
    /// action (`actions = ["*"]`) meets nothing it could trip on.
    pub fn without_order(
        actor: ActorFacts,
        draft: DraftFacts,
        now: DateTime<FixedOffset>,
        currency: Currency,
    ) -> Facts {
        Facts { actor, order: OrderFacts::neutral(currency), customer: CustomerFacts::neutral(), draft, now }
    }
}

impl OrderFacts {
    /// An order with nothing on it: no id, no lines, no money, nothing late. What the facts of
    /// an action about no order hold, and the base the other constructors fill in.
    pub fn neutral(currency: Currency) -> OrderFacts {
        OrderFacts {
            id: String::new(),
            status: OrderStatus::New,
            owner: String::new(),
            total: 0,
            amount_due: 0,
            currency,
            source: OrderSource::Site,
            payment: Payment::CashOnDelivery,
            delivery_method: DeliveryMethod::Courier,
            delivery_cost: 0,
            complaint: false,
            age_restricted: false,
            age_hours: 0,
            status_days: 0,
            items: Vec::new(),
            missing: 0,
            late: false,
            delivery_late: false,
            last_outcome: String::new(),
            below_free_delivery: false,
            has_accessory_offer: false,
            appeals: 0,
            compensation: 0,
            owner_on_shift: false,
            invoice_hold_days: 0,
        }
    }
}

impl CustomerFacts {
    /// A regular customer with nothing known: no id, no orders, no events.
    pub fn neutral() -> CustomerFacts {
        CustomerFacts {
            id: String::new(),
            class: CustomerClass::Regular,
            language: Language::Uk,
            designated: String::new(),
            blocked: false,
            blocked_years: 0,
            personal_discount: 0,
            open_orders: Vec::new(),
            events: Vec::new(),
            tasks: Vec::new(),
        }
    }
}

impl ActorFacts {
    pub fn from_operator(operator: &Operator, on_shift: bool) -> ActorFacts {
        ActorFacts {
            login: operator.login.clone(),
            name: operator.name.clone(),
            roles: operator.roles.clone(),
            on_shift,
        }
    }
}

impl ItemFacts {
    /// A line with its product; a product missing from the catalogue has no stock and no flags.
    pub fn from_line(line: &OrderItem, product: Option<&Product>) -> ItemFacts {
        ItemFacts {
            sku: line.sku.clone(),
            name: line.name.clone(),
            qty: line.qty,
            price: line.price,
            stock: product.map_or(0, |p| p.stock),
            category: product.map(|p| p.category.clone()).unwrap_or_default(),
            age_restricted: product.is_some_and(|p| p.age_restricted),
            no_reserve: product.is_some_and(|p| p.no_reserve),
        }
    }
}

impl OrderFacts {
    /// The order with its lines joined to `products` by SKU. Sets `amount_due` to the goods
    /// plus delivery (the desk replaces it with the discounted amount) and leaves `late`,
    /// `delivery_late`, `last_outcome`, `below_free_delivery`, `has_accessory_offer`,
    /// `appeals` and `compensation` neutral.
    pub fn from_order(
        order: &Order,
        products: &[Product],
        now: DateTime<Utc>,
        currency: Currency,
    ) -> OrderFacts {
        let items: Vec<ItemFacts> = order
            .items
            .iter()
            .map(|line| ItemFacts::from_line(line, products.iter().find(|p| p.sku == line.sku)))
            .collect();
        let mut facts = OrderFacts {
            id: order.id.clone(),
            status: order.status,
            owner: order.owner.clone().unwrap_or_default(),
            source: order.source,
            payment: order.payment,
            delivery_method: order.delivery_method,
            delivery_cost: order.delivery_cost,
            complaint: order.complaint,
            age_hours: (now - order.created_at.with_timezone(&Utc)).num_hours().max(0),
            status_days: (now - order.status_since.with_timezone(&Utc)).num_days().max(0),
            items,
            ..OrderFacts::neutral(currency)
        };
        facts.summarise_items();
        facts.amount_due = facts.total.saturating_add(facts.delivery_cost);
        facts
    }
}

impl CustomerFacts {
    /// The customer as of `today`; `open_orders` is left empty for the desk to fill.
    pub fn from_customer(customer: &Customer, today: NaiveDate) -> CustomerFacts {
        CustomerFacts {
            id: customer.id.clone(),
            class: customer.class,
            language: customer.language,
            designated: customer.designated.clone().unwrap_or_default(),
            blocked: customer.blocked_since.is_some(),
            blocked_years: customer.blocked_years(today).map_or(0, i64::from),
            personal_discount: i64::from(customer.personal_discount),
            open_orders: Vec::new(),
            events: customer
                .events
                .iter()
                .map(|e| EventFacts {
                    kind: e.kind,
                    date: e.date,
                    recorded_days_before: (e.date - e.recorded_at).num_days(),
                })
                .collect(),
            tasks: Vec::new(),
        }
    }
}

impl DraftFacts {
    /// The draft as typed. `analogs_in_stock`, `wish_complete` and `to_roles` need the
    /// catalogue and the staff list, so they start at 0 / false / empty for the desk to set.
    pub fn from_draft(draft: &Draft) -> DraftFacts {
        DraftFacts {
            action: draft.action,
            reason: draft.reason,
            analogs: draft.analogs.clone(),
            analogs_in_stock: 0,
            evidence: draft.evidence.iter().map(|e| e.kind).collect(),
            wish: draft.wish.clone(),
            wish_complete: false,
            channel: draft.channel,
            amount_stated: draft.amount_stated,
            age_confirmed: draft.age_confirmed,
            note: draft.note.clone(),
            to: draft.to.clone().unwrap_or_default(),
            to_roles: Vec::new(),
            override_reason: draft.override_reason.clone().unwrap_or_default(),
            resolution: draft.resolution.map(|r| r.as_str().to_owned()).unwrap_or_default(),
            steps: draft.steps.clone(),
            lines: Vec::new(),
            lines_total: 0,
            adult_receives: draft.adult_receives,
            duplicate: false,
            task_kind: String::new(),
            open_tasks: 0,
            days: draft.days.unwrap_or(0),
            escalation_level: String::new(),
        }
    }
}

/// A product wish is complete (A7) when it names every characteristic the missing product has
/// in the catalogue, each with a non-blank value, plus a `picture` link or photo.
pub fn wish_complete(wish: &BTreeMap<String, String>, product: &Product) -> bool {
    let filled = |key: &str| wish.get(key).is_some_and(|v| !v.trim().is_empty());
    filled(crate::domain::wish::PICTURE) && product.attributes.keys().all(|k| filled(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lamp() -> Product {
        Product {
            sku: "LMP-0042".into(),
            name: "Table lamp".into(),
            category: "lamps".into(),
            stock: 3,
            price: 125000,
            age_restricted: false,
            no_reserve: false,
            attributes: BTreeMap::from([("color".into(), "white".into()), ("power".into(), "40W".into())]),
        }
    }

    #[test]
    fn a7_a_wish_is_complete_with_every_characteristic_and_a_picture() {
        let mut wish = BTreeMap::from([("color".to_owned(), "white".to_owned())]);
        assert!(!wish_complete(&wish, &lamp()));
        wish.insert("power".into(), "40W".into());
        assert!(!wish_complete(&wish, &lamp()), "no picture yet");
        wish.insert("picture".into(), "https://example.com/lamp.jpg".into());
        assert!(wish_complete(&wish, &lamp()));
        wish.insert("power".into(), "  ".into());
        assert!(!wish_complete(&wish, &lamp()), "a blank value is not a value");
    }

    #[test]
    fn the_resolution_of_an_appeal_is_its_own_field() {
        let mut draft = Draft::new(ActionKind::ResolveAppeal);
        draft.resolution = Some(crate::domain::Resolution::Doubled);
        let facts = DraftFacts::from_draft(&draft);
        assert_eq!(facts.resolution, "doubled");
        assert_eq!(facts.to, "");
    }
}
