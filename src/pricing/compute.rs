//! The arithmetic of [`super::amount_due`]: eligibility, the three groups of discounts, the
//! item-by-item contest with promotions, and the choice of the larger group.

use super::due::{AmountDue, DiscountKind, DiscountLine, Note, Package, RejectReason, Rejected};
use super::events::{EventFinding, find_event};
use super::table::{DiscountTable, Percent, normalize_word};
use crate::domain::{Customer, CustomerClass, DeliveryMethod, Order, Payment};
use chrono::NaiveDate;

/// One order line as the pricing sees it: a non-negative amount.
struct Line<'a> {
    sku: &'a str,
    amount: i64,
}

/// A discount that does not stack with promotions (the magic word, the additional discount).
struct Rival {
    kind: DiscountKind,
    label: String,
    percent: Percent,
}

/// One group of discounts that stack with each other.
struct Group {
    package: Package,
    applied: Vec<DiscountLine>,
    /// Reasons that matter only if this group wins (item-by-item contests with promotions).
    rejected: Vec<Rejected>,
}

impl Group {
    fn total(&self) -> i64 {
        self.applied.iter().fold(0i64, |sum, d| sum.saturating_add(d.amount))
    }
}

/// The body of [`super::amount_due`]; the resolution table in [`super`] is what it implements.
pub(crate) fn amount_due(
    order: &Order,
    customer: &Customer,
    table: &DiscountTable,
    today: NaiveDate,
) -> AmountDue {
    let mut notes = Vec::new();
    let lines: Vec<Line> = order
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let amount = item.line_total();
            if item.qty < 0 || item.price < 0 || amount < 0 {
                notes.push(Note::NegativeLine { line: i + 1, sku: item.sku.clone() });
                Line { sku: &item.sku, amount: 0 }
            } else {
                Line { sku: &item.sku, amount }
            }
        })
        .collect();
    let subtotal = lines.iter().fold(0i64, |sum, l| sum.saturating_add(l.amount));

    // Discounts that cannot apply at all, whichever group wins.
    let mut rejected = Vec::new();
    let params = &table.params;
    let personal = Percent::clamped(customer.personal_discount);

    let additional = additional_rival(customer, personal, table, today, &mut rejected);
    let magic = magic_rival(order.magic_word.as_deref(), table, &mut rejected);

    let is_employee = customer.class == CustomerClass::Employee;
    let pickup = order.delivery_method == DeliveryMethod::Pickup;
    let employee = is_employee.then(|| {
        let percent = match order.payment {
            Payment::Cash | Payment::Salary | Payment::CashOnDelivery => params.employee_cash_percent,
            Payment::Card | Payment::Invoice => params.employee_card_percent,
        };
        (percent, format!("employee, paying {}", order.payment))
    });

    let from_amount = table.from_amount_tier(subtotal).map(|t| DiscountLine {
        kind: DiscountKind::FromAmount,
        label: format!("goods from {}.{:02}", t.from / 100, t.from % 100),
        percent: t.percent,
        base: subtotal,
        amount: t.percent.of(subtotal),
    });

    // The groups, in the order that wins a tie: the employee discount, then the customer's own
    // discounts, then the magic word.
    let mut groups = Vec::with_capacity(3);
    if let Some((percent, label)) = employee {
        if pickup {
            let line = DiscountLine {
                kind: DiscountKind::Employee,
                label,
                percent,
                base: subtotal,
                amount: percent.of(subtotal),
            };
            groups.push(Group { package: Package::Employee, applied: vec![line], rejected: Vec::new() });
        } else {
            rejected.push(rejection(
                DiscountKind::Employee,
                label,
                percent,
                0,
                RejectReason::EmployeePickupOnly,
            ));
        }
    }

    let mut regular = Group { package: Package::Regular, applied: Vec::new(), rejected: Vec::new() };
    if !personal.is_zero() {
        regular.applied.push(DiscountLine {
            kind: DiscountKind::Personal,
            label: "personal".to_owned(),
            percent: personal,
            base: subtotal,
            amount: personal.of(subtotal),
        });
    }
    contest_promotions(&mut regular, &lines, table, today, additional, from_amount.clone());
    groups.push(regular);

    if let Some(word) = magic {
        let mut group = Group { package: Package::MagicWord, applied: Vec::new(), rejected: Vec::new() };
        contest_promotions(&mut group, &lines, table, today, Some(word), from_amount);
        groups.push(group);
    }

    let winner_at = groups
        .iter()
        .enumerate()
        .fold(0, |best, (i, g)| if g.total() > groups[best].total() { i } else { best });
    let winner = groups.swap_remove(winner_at);
    let winner_total = winner.total();
    rejected.extend(winner.rejected.iter().cloned());
    for loser in &groups {
        for d in &loser.applied {
            // Applied in the winner too, or rejected there item by item with a sharper reason.
            if !settled(&winner.applied, &rejected, d.kind, &d.label) {
                let reason = RejectReason::DoesNotStack {
                    winner: winner.package,
                    winner_total,
                    this_total: loser.total(),
                };
                rejected.push(rejection(d.kind, d.label.clone(), d.percent, d.amount, reason));
            }
        }
        // A discount of the losing group that applied to no item at all (a magic word said for
        // promotional items only) must still be explained.
        for r in &loser.rejected {
            if !settled(&winner.applied, &rejected, r.kind, &r.label) {
                rejected.push(r.clone());
            }
        }
    }

    let discount_total = if winner_total > subtotal {
        notes.push(Note::CappedAtSubtotal { uncapped: winner_total });
        subtotal
    } else {
        winner_total
    };
    let goods = subtotal - discount_total;
    let delivery = if order.delivery_cost < 0 {
        notes.push(Note::NegativeDelivery);
        0
    } else {
        order.delivery_cost
    };

    AmountDue {
        subtotal,
        package: winner.package,
        applied: winner.applied,
        rejected,
        discount_total,
        goods,
        delivery,
        below_free_delivery: !pickup && table.free_delivery_from.is_some_and(|free| subtotal < free),
        delivery_quote_required: is_employee && !pickup,
        total: goods.saturating_add(delivery),
        notes,
    }
}

/// D3/D4: the additional discount, if an event earns it; what stops it goes to `rejected`.
fn additional_rival(
    customer: &Customer,
    personal: Percent,
    table: &DiscountTable,
    today: NaiveDate,
    rejected: &mut Vec<Rejected>,
) -> Option<Rival> {
    let params = &table.params;
    match find_event(&customer.events, today, params) {
        _ if params.additional_percent.is_zero() => None,
        EventFinding::Qualifies { event, occurrence } => {
            let label = format!("{} on {occurrence}", event.kind);
            if params.additional_needs_personal && personal.is_zero() {
                rejected.push(rejection(
                    DiscountKind::Additional,
                    label,
                    params.additional_percent,
                    0,
                    RejectReason::NeedsPersonalDiscount,
                ));
                None
            } else {
                Some(Rival { kind: DiscountKind::Additional, label, percent: params.additional_percent })
            }
        }
        EventFinding::RecordedTooLate { event, occurrence, latest_record } => {
            let reason = RejectReason::EventRecordedTooLate {
                event: event.kind,
                occurrence,
                recorded_at: event.recorded_at,
                latest_record,
            };
            let label = format!("{} on {occurrence}", event.kind);
            rejected.push(rejection(DiscountKind::Additional, label, params.additional_percent, 0, reason));
            None
        }
        EventFinding::Nothing => None,
    }
}

/// D2: the magic word the customer said, if the table knows it; an unknown word goes to `rejected`.
fn magic_rival(said: Option<&str>, table: &DiscountTable, rejected: &mut Vec<Rejected>) -> Option<Rival> {
    let said = said.filter(|w| !normalize_word(w).is_empty());
    said.and_then(|w| match table.magic_word(w) {
        Some(m) => Some(Rival { kind: DiscountKind::MagicWord, label: m.label.clone(), percent: m.percent }),
        None => {
            let reason = RejectReason::UnknownMagicWord { said: w.trim().to_owned() };
            rejected.push(rejection(DiscountKind::MagicWord, w.trim().to_owned(), Percent::ZERO, 0, reason));
            None
        }
    })
}

/// Whether the discount `kind`/`label` already applies or is already explained.
fn settled(applied: &[DiscountLine], rejected: &[Rejected], kind: DiscountKind, label: &str) -> bool {
    applied.iter().any(|d| d.kind == kind && d.label == label)
        || rejected.iter().any(|r| r.kind == kind && r.label == label)
}

fn rejection(
    kind: DiscountKind,
    label: String,
    percent: Percent,
    amount: i64,
    reason: RejectReason,
) -> Rejected {
    Rejected { kind, label, percent, amount, reason }
}

/// Adds to `group` the discounts that depend on the items: on each promotional item the larger of
/// its promotion and `rival` (the promotion on a tie), on every other item `rival`; then the
/// from-amount discount, which stacks with everything in the group.
fn contest_promotions(
    group: &mut Group,
    lines: &[Line],
    table: &DiscountTable,
    today: NaiveDate,
    rival: Option<Rival>,
    from_amount: Option<DiscountLine>,
) {
    let rival = rival.filter(|r| !r.percent.is_zero());
    let mut rival_base = 0i64;
    let mut rival_lost_on: Vec<String> = Vec::new();
    // Promotions in first-seen order: (label, percent, base won, SKUs lost to the rival).
    let mut promos: Vec<(String, Percent, i64, Vec<String>)> = Vec::new();

    for line in lines {
        let Some(promo) = table.promotion(line.sku, today) else {
            if rival.is_some() {
                rival_base = rival_base.saturating_add(line.amount);
            }
            continue;
        };
        let at = match promos.iter().position(|(l, p, _, _)| *l == promo.label && *p == promo.percent) {
            Some(at) => at,
            None => {
                promos.push((promo.label.clone(), promo.percent, 0, Vec::new()));
                promos.len() - 1
            }
        };
        match &rival {
            Some(r) if r.percent > promo.percent => {
                rival_base = rival_base.saturating_add(line.amount);
                push_sku(&mut promos[at].3, line.sku);
            }
            other => {
                promos[at].2 = promos[at].2.saturating_add(line.amount);
                if other.is_some() {
                    push_sku(&mut rival_lost_on, line.sku);
                }
            }
        }
    }

    if let Some(r) = rival {
        if rival_base > 0 {
            group.applied.push(DiscountLine {
                kind: r.kind,
                label: r.label.clone(),
                percent: r.percent,
                base: rival_base,
                amount: r.percent.of(rival_base),
            });
        }
        if !rival_lost_on.is_empty() {
            let reason = RejectReason::PromotionIsLarger { skus: rival_lost_on };
            group.rejected.push(rejection(r.kind, r.label.clone(), r.percent, 0, reason));
        }
        for (label, percent, _, lost) in promos.iter().filter(|p| !p.3.is_empty()) {
            let reason = RejectReason::LargerDiscountOnItems { other: r.kind, skus: lost.clone() };
            group.rejected.push(rejection(DiscountKind::Promotional, label.clone(), *percent, 0, reason));
        }
    }
    group.applied.extend(from_amount);
    for (label, percent, base, _) in promos.into_iter().filter(|p| p.2 > 0) {
        group.applied.push(DiscountLine {
            kind: DiscountKind::Promotional,
            label,
            percent,
            base,
            amount: percent.of(base),
        });
    }
}

fn push_sku(skus: &mut Vec<String>, sku: &str) {
    if !skus.iter().any(|s| s == sku) {
        skus.push(sku.to_owned());
    }
}
