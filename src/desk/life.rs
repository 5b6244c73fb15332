//! What an action records about the order's life beyond its status (issue 14): taking into work
//! (B5 counts from it), reserving at the availability check (B6, seed 003 step 2), editing the
//! lines (B3, step 7), handing to delivery and tracking it (C1, steps 5–9), the delivery control
//! that a contact clears (B19), and the cancel's own fields (B4). Each writes into
//! [`crate::domain::OrderLife`] or the edit history, never over the comment the site sent.

use super::{DeskError, Result, Rulebook};
use crate::domain::{
    ActionKind, CancelRecord, Draft, ItemChange, Operator, Order, OrderItem, OrderStatus, Payment, Vocabulary,
};
use crate::store::{EditLine, OrderEdit, Tx};
use chrono::{DateTime, Duration, NaiveDate, Utc};

fn bad(message: impl Into<String>) -> DeskError {
    DeskError::BadInput(message.into())
}

/// An edit worked out on the order's lines: the lines it leaves and each change old → new.
pub(super) struct Edited {
    pub items: Vec<OrderItem>,
    pub lines: Vec<EditLine>,
    pub age_restricted: bool,
}

impl Rulebook {
    /// Checks what only the order's life can refuse as bad input (exit 2): an edit that
    /// changes nothing or empties the order, a line named that the order does not have, a
    /// promised day already past, a tracking status that is not one, a reservation already
    /// running.
    pub(super) fn check_life_input(&self, tx: &Tx<'_>, order: &Order, draft: &Draft) -> Result<()> {
        use ActionKind as A;
        // An option meant for another action is a mistake to say, not to drop silently.
        let misplaced = |option: &str, given: bool, for_actions: &[A], what: &str| -> Result<()> {
            if given && !for_actions.contains(&draft.action) {
                return Err(bad(format!("{option} is for {what}, not for {}", draft.action)));
            }
            Ok(())
        };
        misplaced("--item", !draft.items.is_empty(), &[A::Edit], "edit")?;
        misplaced("--line", !draft.lines.is_empty(), &[A::Cancel], "an out-of-stock cancel")?;
        misplaced("--tracking", draft.tracking.is_some(), &[A::Ship, A::Track], "ship and track")?;
        misplaced("--expected", draft.expected.is_some(), &[A::Ship, A::Track], "ship and track")?;
        misplaced("--status", draft.track.is_some(), &[A::Track], "track")?;
        for sku in &draft.lines {
            if !order.items.iter().any(|i| &i.sku == sku) {
                return Err(bad(format!("--line {sku}: {} has no such line", order.id)));
            }
        }
        if let Some(day) = draft.expected
            && day < self.today()
        {
            return Err(bad(format!("--expected {day}: the day has passed (today is {})", self.today())));
        }
        if let Some(ttn) = draft.tracking.as_deref() {
            if ttn.trim().is_empty() {
                return Err(bad("--tracking needs the carrier's number (TTN)"));
            }
            // The same rule as the feed's `delivery.tracking`: a number a person can read out.
            if ttn.chars().any(crate::display::is_unsafe) {
                return Err(bad("--tracking holds a control character"));
            }
        }
        match draft.action {
            A::Edit => {
                let edited = self.edited(tx, order, draft)?;
                // An out-of-stock removal is about the lines it takes away (A2): one that only
                // adds claims nothing.
                if draft.reason == Some(crate::domain::CancelReason::OutOfStock)
                    && !edited.lines.iter().any(|l| l.new_qty < l.old_qty)
                {
                    return Err(bad("--reason out_of_stock on an edit needs a line it removes or reduces"));
                }
            }
            A::Track => {
                let track = draft.track.ok_or_else(|| bad(track_words()))?;
                if !track.is_tracking() {
                    return Err(bad(format!("--status {track}: {}", track_words())));
                }
            }
            A::Reserve if order.status != OrderStatus::Processed => {
                if let Some(until) = order.life.reserved_until
                    && until.with_timezone(&Utc) > self.clock.now()
                {
                    return Err(bad(format!("{} is already reserved until {}", order.id, self.shown(until))));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The order's lines after `draft`'s changes: a SKU already there takes the new quantity
    /// (0 removes it), a new one is added at the catalogue's price.
    pub(super) fn edited(&self, tx: &Tx<'_>, order: &Order, draft: &Draft) -> Result<Edited> {
        if draft.items.is_empty() {
            return Err(bad("edit needs at least one --item SKU=QTY (QTY 0 removes the line)"));
        }
        let mut items = order.items.clone();
        let mut lines: Vec<EditLine> = Vec::new();
        for ItemChange { sku, qty } in &draft.items {
            let at = items.iter().position(|i| &i.sku == sku);
            let line = match at {
                Some(at) => {
                    let old = items[at].clone();
                    if *qty == 0 {
                        items.remove(at);
                    } else {
                        items[at].qty = *qty;
                    }
                    EditLine {
                        sku: old.sku,
                        name: old.name,
                        old_qty: old.qty,
                        new_qty: *qty,
                        old_price: old.price,
                        new_price: if *qty == 0 { 0 } else { old.price },
                    }
                }
                None if *qty == 0 => {
                    return Err(bad(format!("--item {sku}=0: {} has no line {sku} to remove", order.id)));
                }
                None => {
                    let product = tx
                        .product(sku)?
                        .ok_or_else(|| bad(format!("--item {sku}: no product {sku} in the catalogue")))?;
                    items.push(OrderItem {
                        sku: product.sku.clone(),
                        name: product.name.clone(),
                        qty: *qty,
                        price: product.price,
                    });
                    EditLine {
                        sku: product.sku,
                        name: product.name,
                        old_qty: 0,
                        new_qty: *qty,
                        old_price: 0,
                        new_price: product.price,
                    }
                }
            };
            // The same SKU twice: the last one wins, and the history keeps one line for it.
            match lines.iter_mut().find(|l| l.sku == line.sku) {
                Some(seen) => {
                    seen.new_qty = line.new_qty;
                    seen.new_price = line.new_price;
                }
                None => lines.push(line),
            }
        }
        lines.retain(|l| l.old_qty != l.new_qty);
        if lines.is_empty() {
            return Err(bad(format!("the edit changes nothing on {}", order.id)));
        }
        if items.is_empty() {
            return Err(bad(format!(
                "the edit would leave {} without a line: an order is cancelled only when the customer cancels all of it (act {} cancel)",
                order.id, order.id
            )));
        }
        if items.len() > crate::domain::limits::MAX_ITEMS {
            return Err(bad(format!("an order holds at most {} lines", crate::domain::limits::MAX_ITEMS)));
        }
        let probe = Order { items: items.clone(), ..order.clone() };
        if probe.checked_total().is_none_or(|t| t > crate::domain::limits::MAX_ORDER_TOTAL) {
            return Err(bad("the edited order's total is above the limit of an order"));
        }
        let mut age_restricted = false;
        for item in &items {
            age_restricted |= tx.product(&item.sku)?.is_some_and(|p| p.age_restricted);
        }
        Ok(Edited { items, lines, age_restricted })
    }

    /// Records what `draft` does to the order's life on `order` (already moved to its new
    /// status) and says it in `history`. Returns what the audit entry keeps beside the draft:
    /// an edit's lines old → new.
    pub(super) fn record_life(
        &self,
        tx: &Tx<'_>,
        actor: &Operator,
        order: &mut Order,
        from: OrderStatus,
        draft: &Draft,
        history: &mut Vec<String>,
    ) -> Result<Option<serde_json::Value>> {
        use ActionKind as A;
        // Kept in the shop's offset, as the shop reads them (JSON shows the offset).
        let now = self.clock.now().with_timezone(&self.shop.shop.time_zone).fixed_offset();
        let p = &self.deadlines;
        let note = draft.note.trim();
        match draft.action {
            A::Claim => order.life.claimed_at = Some(now),
            A::Reserve => {
                let days =
                    if order.payment == Payment::Invoice { p.reserve_days_invoice } else { p.reserve_days };
                let until = now + Duration::days(days);
                order.life.reserved_until = Some(until);
                history.push(format!("reserved in the warehouse until {}{}", self.shown(until), with(note)));
            }
            A::Ship => {
                order.life.shipped_at = Some(now);
                order.life.reserved_until = None;
                if let Some(ttn) = draft.tracking.as_deref() {
                    order.life.tracking = ttn.trim().to_owned();
                }
                let expected = draft
                    .expected
                    .unwrap_or_else(|| self.today() + Duration::days(p.delivery_days(order.delivery_method)));
                order.life.expected_delivery = Some(expected);
                order.life.control_at = Some(now + Duration::days(p.delivery_check_days));
                let ttn = if order.life.tracking.is_empty() {
                    String::new()
                } else {
                    format!(", TTN {}", order.life.tracking)
                };
                history.push(format!(
                    "handed to delivery{ttn}, expected {}{}",
                    expected.format("%d.%m.%Y"),
                    with(note)
                ));
            }
            A::Track => {
                if let Some(ttn) = draft.tracking.as_deref() {
                    order.life.tracking = ttn.trim().to_owned();
                }
                if let Some(day) = draft.expected {
                    order.life.expected_delivery = Some(day);
                }
                let ttn = if order.life.tracking.is_empty() {
                    String::new()
                } else {
                    format!(", TTN {}", order.life.tracking)
                };
                history.push(format!("delivery status {from} → {}{ttn}{}", order.status, with(note)));
            }
            // B19: a call on a parcel with the carrier is the delivery control; the next one
            // comes `delivery_check_days` later while the parcel is not received.
            A::Contact if order.status.is_with_delivery() => {
                order.life.control_at = Some(now + Duration::days(p.delivery_check_days));
                history.push(format!("delivery control done{}", with(note)));
            }
            A::Deliver | A::Receive => order.life.control_at = None,
            A::Cancel => {
                // B4: the reason and the cancelling operator are the cancel's own fields; the
                // order's comment from the site stays as it was.
                order.life.cancel = Some(CancelRecord {
                    reason: draft.reason,
                    note: note.to_owned(),
                    by: actor.login.clone(),
                    surname: actor.surname().to_owned(),
                    at: now,
                });
            }
            A::Edit => {
                let edited = self.edited(tx, order, draft)?;
                order.items = edited.items;
                tx.replace_items(order, edited.age_restricted)?;
                let words: Vec<String> = edited
                    .lines
                    .iter()
                    .map(|l| match (l.old_qty, l.new_qty) {
                        (0, n) => format!("{} added × {n}", l.sku),
                        (o, 0) => format!("{} removed (was × {o})", l.sku),
                        (o, n) => format!("{} × {o} → × {n}", l.sku),
                    })
                    .collect();
                let why = draft.reason.map(|r| format!(" ({})", r.as_str())).unwrap_or_default();
                history.push(format!("order edited{why}: {}{}", words.join(", "), with(note)));
                let audited = serde_json::to_value(&edited.lines).unwrap_or_default();
                tx.record_edit(
                    order.number,
                    &OrderEdit {
                        at: now,
                        actor: actor.login.clone(),
                        reason: draft.reason,
                        note: note.to_owned(),
                        lines: edited.lines,
                    },
                )?;
                return Ok(Some(audited));
            }
            _ => {}
        }
        Ok(None)
    }

    /// A parcel with the carrier that needs someone beyond its routine control: late past
    /// its expected day (C2), or waiting at the branch for the customer to collect it.
    pub(super) fn parcel_needs_someone(&self, order: &Order) -> bool {
        order.status == OrderStatus::AwaitingPickup
            || (order.status.is_with_delivery() && self.expected_of(order).is_some_and(|d| self.today() > d))
    }

    /// Today in the shop's time zone.
    pub(super) fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&self.shop.shop.time_zone).date_naive()
    }

    /// A moment as the shop reads it: `24.11.2026 14:30`.
    fn shown(&self, at: DateTime<chrono::FixedOffset>) -> String {
        at.with_timezone(&self.shop.shop.time_zone).format("%d.%m.%Y %H:%M").to_string()
    }
}

fn track_words() -> String {
    let words: Vec<&str> = OrderStatus::ALL.iter().filter(|s| s.is_tracking()).map(|s| s.as_str()).collect();
    format!("track needs the delivery status the parcel is in (--status {})", words.join(", "))
}

/// `": note"` when there is one.
fn with(note: &str) -> String {
    if note.is_empty() { String::new() } else { format!(": {note}") }
}
