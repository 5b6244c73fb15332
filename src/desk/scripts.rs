//! Choosing and filling the call scripts for an order: the situations whose conditions hold for
//! its facts, in the customer's language (or the one the operator switched to for the call).

use super::{Desk, Result, Rulebook};
use crate::domain::{ActionKind, Customer, DeliveryMethod, Draft, Language, Operator, Order, Payment, Role};
use crate::pricing::amount_due;
use crate::scripts::{Placeholders, Script, ScriptLibrary};
use crate::store::Tx;
use chrono::{Datelike, Duration, Weekday};

/// How many analogs a script lists.
const ANALOGS_SHOWN: usize = 5;

impl Desk {
    /// Uses this script library (loaded against this desk's policy).
    pub fn with_scripts(mut self, library: ScriptLibrary) -> Desk {
        self.scripts = Some(library);
        self
    }

    /// The scripts that fit `order` now, most urgent first, in `language` or the customer's.
    /// Empty when no library is loaded.
    pub fn scripts(&self, actor: &Operator, key: &str, language: Option<Language>) -> Result<Vec<Script>> {
        let Some(library) = &self.scripts else { return Ok(Vec::new()) };
        let tx = self.store.read();
        let (order, customer) = super::order_and_customer(&tx, key)?;
        let facts =
            self.book.gather_facts(&tx, actor, &order, &customer, &Draft::new(ActionKind::Contact))?;
        let scope = self.book.policy.scope(&facts).map_err(super::DeskError::BadInput)?;
        let (situations, _problems) = library.matching(&scope);
        let language = language.unwrap_or(customer.language);
        let values = self.book.placeholders(&tx, library, actor, &order, &customer, language)?;
        Ok(situations.into_iter().map(|s| s.render(language, &values)).collect())
    }

    /// One script by situation id, whether or not it applies now (on-demand scripts).
    pub fn script(
        &self,
        actor: &Operator,
        key: &str,
        situation: &str,
        language: Option<Language>,
    ) -> Result<Script> {
        let library =
            self.scripts.as_ref().ok_or_else(|| super::DeskError::NotFound("no script library".into()))?;
        let found = library
            .situation(situation)
            .ok_or_else(|| super::DeskError::NotFound(format!("no script for situation {situation:?}")))?;
        let tx = self.store.read();
        let (order, customer) = super::order_and_customer(&tx, key)?;
        let language = language.unwrap_or(customer.language);
        let values = self.book.placeholders(&tx, library, actor, &order, &customer, language)?;
        Ok(found.render(language, &values))
    }
}

impl Rulebook {
    fn placeholders(
        &self,
        tx: &Tx<'_>,
        library: &ScriptLibrary,
        actor: &Operator,
        order: &Order,
        customer: &Customer,
        language: Language,
    ) -> Result<Placeholders> {
        let words = library.words().of(language);
        let shop = &self.shop.shop;
        let mut p = Placeholders::default();
        p.set("customer_name", customer.name.clone());
        p.set("operator_name", actor.name.clone());
        p.set("shop", shop.name.clone());
        p.set("shop_phone", shop.phone.clone());
        p.set("order_id", order.id.clone());
        let items: Vec<String> = order
            .items
            .iter()
            .map(|i| format!("- {} × {} — {}", i.name, i.qty, self.money(i.line_total()).display()))
            .collect();
        p.set("items", items.join("\n"));
        let pricing = amount_due(order, customer, &self.discounts, order.created_at.date_naive());
        p.set("amount_due", self.money(pricing.total).display());
        let method = match order.delivery_method {
            DeliveryMethod::Courier => &words.courier,
            DeliveryMethod::Post => &words.post,
            DeliveryMethod::Pickup => &words.pickup,
        };
        let cost = if order.delivery_cost == 0 {
            words.free.clone()
        } else {
            self.money(order.delivery_cost).display()
        };
        let delivery = [method.as_str(), order.delivery_address.trim(), cost.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        p.set("delivery", delivery);
        p.set(
            "payment",
            match order.payment {
                Payment::CashOnDelivery => &words.cash_on_delivery,
                Payment::Card => &words.card,
                Payment::Invoice => &words.invoice,
                Payment::Cash => &words.cash,
                Payment::Salary => &words.salary,
            }
            .clone(),
        );
        p.set("ship_date", next_working_day(self.clock.now().date_naive()).format("%d.%m.%Y").to_string());
        p.set("free_delivery_from", self.money(shop.free_delivery_from).display());

        // Read aloud: the missing goods by name only (the stock count is the operator's, and
        // "in reserve" is what the customer hears), the analogs by name; their SKU, price and
        // stock go to the operator's own section ({analog_details}).
        let mut missing = Vec::new();
        let mut analogs = Vec::new();
        let mut details = Vec::new();
        for item in &order.items {
            let Some(product) = tx.product(&item.sku)? else { continue };
            if item.qty > product.stock {
                missing.push(item.name.clone());
                if analogs.is_empty() {
                    // B17: advise what there is more of.
                    for a in tx.in_stock_by_category(&product.category, &product.sku, ANALOGS_SHOWN)? {
                        analogs.push(format!("- {}", a.name));
                        details.push(format!(
                            "- {} · {} · {} · {}: {}",
                            a.sku,
                            a.name,
                            self.money(a.price).display(),
                            words.in_stock,
                            a.stock
                        ));
                    }
                }
            }
        }
        p.set(
            "missing_items",
            if missing.is_empty() { words.no_missing.clone() } else { missing.join(", ") },
        );
        p.set("analogs", if analogs.is_empty() { words.no_analogs.clone() } else { analogs.join("\n") });
        p.set(
            "analog_details",
            if details.is_empty() { words.no_analogs.clone() } else { details.join("\n") },
        );

        let name_of = |login: Option<&str>| login.and_then(|l| self.shop.operator(l)).map(|o| o.name.clone());
        let first_with =
            |role: Role| self.shop.operators.iter().find(|o| o.has(role)).map(|o| o.name.clone());
        let head_of_sales = first_with(Role::Supervisor).unwrap_or_else(|| words.nobody.clone());
        p.set("mentor_name", first_with(Role::Mentor).unwrap_or_else(|| head_of_sales.clone()));
        p.set("designated_name", name_of(customer.designated.as_deref()).unwrap_or(head_of_sales));
        let callback = tx
            .open_callbacks(order.number)?
            .first()
            .map(|c| c.due.with_timezone(&order.created_at.timezone()).format("%d.%m %H:%M").to_string());
        p.set("callback_time", callback.unwrap_or_else(|| words.no_callback.clone()));
        let life = &order.life;
        let tracking = if !life.tracking.is_empty() {
            life.tracking.clone()
        } else if order.status.is_with_delivery() || order.status.is_closed() {
            words.tracking_unknown.clone()
        } else {
            words.no_tracking.clone()
        };
        p.set("tracking", tracking);
        // The branch is where the parcel goes: the post office (or our store) of the address.
        let branch = if order.delivery_address.trim().is_empty() {
            method.clone()
        } else {
            order.delivery_address.trim().to_owned()
        };
        p.set("branch", branch);
        let zone = shop.time_zone;
        let expected = life.expected_delivery.or_else(|| self.expected_of(order));
        p.set(
            "expected_delivery",
            expected.map_or_else(|| words.no_expected.clone(), |d| d.format("%d.%m.%Y").to_string()),
        );
        // The post office keeps a parcel this many days from its arrival at the branch.
        let arrived = order.status_since.with_timezone(&zone).date_naive();
        let kept = arrived + Duration::days(self.deadlines.pickup_keep_days);
        p.set("pickup_until", kept.format("%d.%m.%Y").to_string());
        Ok(p)
    }
}

/// The next day the warehouse ships (not Sunday).
fn next_working_day(today: chrono::NaiveDate) -> chrono::NaiveDate {
    let next = today + Duration::days(1);
    if next.weekday() == Weekday::Sun { next + Duration::days(1) } else { next }
}
