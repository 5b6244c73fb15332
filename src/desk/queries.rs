//! What the desk shows: queue windows and one order with everything an operator needs to call
//! the customer. Reads only; nothing here changes the store.

use super::{Desk, Result};
use crate::domain::{Customer, Due, DueKind, Money, Operator, Order, OrderStatus};
use crate::pricing::{AmountDue, amount_due};
use crate::store::{CustomerOrder, OrderQuery, OrderRow, Sort, Tx};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Which part of the queue to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub statuses: Vec<OrderStatus>,
    /// Only the acting operator's orders.
    pub mine: bool,
    /// Only orders past their deadline.
    pub overdue: bool,
    /// Only orders nobody owns (E3).
    pub unowned: bool,
    /// Only orders with a handoff nobody took, the oldest handoff first (the duty inbox, E2).
    pub handoffs: bool,
    /// Id prefix, or part of the customer's name or phone.
    pub text: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// A deadline as shown on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timer {
    pub kind: DueKind,
    pub at: DateTime<Utc>,
    pub overdue: bool,
    /// What is due, in words: the callback's note, the handoff's next step, the rule.
    pub what: String,
}

/// One order with its customer, history and timers: `opdesk show` and the desk's side panes.
#[derive(Debug, Clone, Serialize)]
pub struct OrderView {
    pub order: OrderDetail,
    pub customer: Customer,
    /// The customer's other orders, newest first.
    pub history: Vec<CustomerOrder>,
    pub timers: Vec<Timer>,
    pub comments: Vec<Comment>,
}

/// The order part of [`OrderView`].
#[derive(Debug, Clone, Serialize)]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: Order,
    pub total: Money,
    /// What the customer pays: goods after discounts plus delivery (B11).
    pub amount_due: Money,
    /// How the amount due was reached: each discount applied or refused, and why.
    pub pricing: AmountDue,
    pub due: Option<Due>,
    pub overdue: bool,
    /// The parcel is past its expected day and not delivered (C2).
    pub delivery_late: bool,
    /// Every edit of the order's lines, oldest first, each line old → new (B3).
    pub edits: Vec<crate::store::OrderEdit>,
}

/// A comment in an order's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub author: String,
    pub at: String,
    pub text: String,
}

/// How many orders a filter matches: exactly, or — for a broad text filter, whose count stops
/// at a cap so a keystroke stays cheap — at least so many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "n", rename_all = "snake_case")]
pub enum Count {
    Exact(u64),
    AtLeast(u64),
}

impl Count {
    /// The store's count for query `q`: above the text cap it only says "more".
    fn of(raw: i64, q: &OrderQuery) -> Count {
        let n = u64::try_from(raw).unwrap_or(0);
        let cap = crate::store::TEXT_COUNT_CAP.unsigned_abs();
        if q.text().is_some() && n > cap { Count::AtLeast(cap) } else { Count::Exact(n) }
    }

    /// The orders known to be there (the rows one can walk through).
    pub fn known(self) -> u64 {
        match self {
            Count::Exact(n) | Count::AtLeast(n) => n,
        }
    }

    pub fn is_zero(self) -> bool {
        self.known() == 0
    }
}

/// `12`, or `200+` where the count stopped at its cap.
impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exact(n) => write!(f, "{n}"),
            Count::AtLeast(n) => write!(f, "{n}+"),
        }
    }
}

impl Desk {
    /// A window of the queue, nearest deadline first. One snapshot: a text filter's match and
    /// its walk see the same store.
    pub fn queue(&self, actor: &Operator, filter: &QueueFilter) -> Result<Vec<OrderRow>> {
        let q = self.query(actor, filter);
        let mut rows = self.store.reading(|tx| Ok::<_, super::DeskError>(tx.orders(&q)?))?;
        // B7: the director's own queue holds the unpaid invoice orders whose reminder is due
        // (day 6): they are asked before the deadline, whoever owns the order.
        if filter.mine && filter.text.is_none() && self.decides_invoices(actor) {
            let now = self.book.clock.now();
            let asked = self.store.read().late_orders(now, None, filter.limit.max(1))?;
            for row in asked.into_iter().filter(|r| {
                r.status == crate::domain::OrderStatus::AwaitingPayment
                    && r.due.is_some_and(|d| d.kind == crate::domain::DueKind::InvoiceReminder)
                    && (filter.statuses.is_empty() || filter.statuses.contains(&r.status))
            }) {
                if !rows.iter().any(|r| r.number == row.number) {
                    rows.push(row);
                }
            }
            rows.sort_by_key(|r| (r.due.map_or(i64::MAX, |d| d.at.timestamp()), r.created_at, r.number));
            rows.truncate(filter.limit.max(1));
        }
        Ok(rows)
    }

    /// Whether `actor` wears a role the rules name in `director_roles` (B7).
    fn decides_invoices(&self, actor: &Operator) -> bool {
        match self.book.policy.params().get("director_roles") {
            Some(crate::policy::ParamValue::Words(roles)) => {
                actor.roles.iter().any(|r| roles.iter().any(|w| w == crate::domain::Vocabulary::as_str(*r)))
            }
            _ => false,
        }
    }

    /// How many orders the filter matches in all, from one snapshot.
    pub fn queue_count(&self, actor: &Operator, filter: &QueueFilter) -> Result<Count> {
        let q = self.query(actor, filter);
        self.store.reading(|tx| Ok(Count::of(tx.count_orders(&q)?, &q)))
    }

    /// How many orders the filter matches and its window, from one snapshot; a text filter is
    /// matched once for both (what a keystroke in the queue's filter costs).
    pub fn queue_page(&self, actor: &Operator, filter: &QueueFilter) -> Result<(Count, Vec<OrderRow>)> {
        let q = self.query(actor, filter);
        self.store.reading(|tx| {
            let (raw, rows) = tx.queue_page(&q)?;
            Ok((Count::of(raw, &q), rows))
        })
    }

    fn query(&self, actor: &Operator, filter: &QueueFilter) -> OrderQuery {
        OrderQuery {
            statuses: filter.statuses.clone(),
            owner: filter.mine.then(|| actor.login.clone()),
            unowned: filter.unowned,
            untaken_handoff: filter.handoffs,
            due_by: filter.overdue.then(|| self.book.clock.now()),
            text: filter.text.as_deref().map(|t| self.shop().shop.international_phone(t)),
            sort: if filter.handoffs { Sort::OldestHandoff } else { Sort::Due },
            limit: filter.limit,
            offset: filter.offset,
        }
    }

    /// An order by external id or number, with its customer, history and timers.
    pub fn show(&self, key: &str) -> Result<OrderView> {
        // One snapshot for the order, its history, timers and comments (and one lock).
        self.store.reading(|tx| self.show_in(tx, key))
    }

    fn show_in(&self, tx: &Tx<'_>, key: &str) -> Result<OrderView> {
        let (order, customer) = super::order_and_customer(tx, key)?;
        let history =
            tx.customer_orders(&customer.id, 50)?.into_iter().filter(|o| o.id != order.id).collect();
        let now = self.book.clock.now();
        let due = tx.order_due(order.number)?;
        // Every pending deadline, not only the nearest: a callback tomorrow still shows while
        // the first-contact deadline runs today.
        let timers = self
            .book
            .deadlines_of(tx, &order)?
            .into_iter()
            .map(|d| Timer { kind: d.due.kind, at: d.due.at, overdue: d.due.is_overdue(now), what: d.what })
            .collect();
        let comments = tx
            .comments(order.number)?
            .into_iter()
            .map(|(author, at, text)| Comment { author, at, text })
            .collect();
        let total = self.money(order.total());
        // Event windows are judged on the day the customer ordered, in the order's own time zone.
        let pricing = amount_due(&order, &customer, &self.book.discounts, order.created_at.date_naive());
        let amount_due = self.money(pricing.total);
        Ok(OrderView {
            order: OrderDetail {
                total,
                amount_due,
                pricing,
                due,
                overdue: due.is_some_and(|d| d.is_overdue(now)),
                delivery_late: order.status != crate::domain::OrderStatus::AwaitingPickup
                    && self.book.parcel_needs_someone(&order),
                edits: tx.edits(order.number)?,
                order,
            },
            customer,
            history,
            timers,
            comments,
        })
    }
}

impl Desk {
    /// The analogs a cancel form lists to tick: as many as the rules ask to be offered
    /// (`min_analogs`) and three more, so the operator can skip ones the customer already
    /// refused.
    pub fn analog_candidates(&self, key: &str) -> Result<Vec<crate::domain::Product>> {
        let wanted = self.book.policy.param("min_analogs").unwrap_or(5).clamp(0, 50);
        self.analogs(key, usize::try_from(wanted).unwrap_or(5) + 3)
    }

    /// Analogs to offer for `order`: in-stock products of the category of its first line short
    /// of stock (or of its first line), most stock first (B17: advise what there is more of).
    pub fn analogs(&self, key: &str, limit: usize) -> Result<Vec<crate::domain::Product>> {
        let tx = self.store.read();
        let order = tx.order(key)?.ok_or_else(|| Desk::not_found(key))?;
        let mut chosen = None;
        for item in &order.items {
            if let Some(product) = tx.product(&item.sku)? {
                let short = item.qty > product.stock;
                if short || chosen.is_none() {
                    chosen = Some(product);
                }
                if short {
                    break;
                }
            }
        }
        match chosen {
            Some(p) => Ok(tx.in_stock_by_category(&p.category, &p.sku, limit)?),
            None => Ok(Vec::new()),
        }
    }

    /// The product the customer cannot get on `order`: its first line short of stock. A product
    /// wish (A7) describes this one; the rules judge the wish against the same line.
    pub fn missing_product(&self, key: &str) -> Result<Option<crate::domain::Product>> {
        let tx = self.store.read();
        let order = tx.order(key)?.ok_or_else(|| Desk::not_found(key))?;
        for item in &order.items {
            if let Some(product) = tx.product(&item.sku)?
                && item.qty > product.stock
            {
                return Ok(Some(product));
            }
        }
        Ok(None)
    }
}
