//! Shift change (E1): what an operator's open order needs while they are away, decided from
//! facts the store keeps. An order that needs something gets a handoff note before the shift
//! ends, so nothing a customer waits for falls between two shifts.

use super::{Due, DueKind, OrderStatus};
use chrono::{DateTime, Utc};

super::vocabulary! {
    /// Why an order cannot be left alone over a shift change.
    AwayNeed, "need" {
        /// A call promised to the customer is still open (A6, B13).
        Callback = "callback",
        /// The customer did not answer the last call and may call back (B12).
        NoAnswer = "no_answer",
        /// An invoice waits for payment: the money or the director's decision (B7) may come.
        UnpaidInvoice = "unpaid_invoice",
        /// The reservation runs out before the operator is back (B6).
        ReservationExpiring = "reservation_expiring",
        /// Another deadline falls while the operator is away or has passed: first contact (B1),
        /// the 7-day limit (B5), the delivery check (B19), a handoff's next step.
        Deadline = "deadline",
    }
}

/// What `status`, the last call's outcome and the order's pending `deadlines` say the order
/// needs while its operator is away until `back`. Empty when it can wait.
pub fn needs_while_away(
    status: OrderStatus,
    last_outcome: &str,
    deadlines: &[Due],
    back: DateTime<Utc>,
) -> Vec<AwayNeed> {
    if status.is_closed() {
        return Vec::new();
    }
    let mut needs = Vec::new();
    if deadlines.iter().any(|d| d.kind == DueKind::Callback) {
        needs.push(AwayNeed::Callback);
    }
    if last_outcome == "no_answer" {
        needs.push(AwayNeed::NoAnswer);
    }
    if status == OrderStatus::AwaitingPayment {
        needs.push(AwayNeed::UnpaidInvoice);
    }
    let soon = |kind: DueKind| deadlines.iter().any(|d| d.kind == kind && d.at <= back);
    if soon(DueKind::ReservationExpiry) {
        needs.push(AwayNeed::ReservationExpiring);
    }
    // Kinds already named above are not counted twice.
    let named = [DueKind::Callback, DueKind::ReservationExpiry, DueKind::InvoiceReminder];
    if deadlines.iter().any(|d| !named.contains(&d.kind) && d.at <= back) {
        needs.push(AwayNeed::Deadline);
    }
    needs
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(hours)
    }

    fn due(kind: DueKind, hours: i64) -> Due {
        Due { at: at(hours), kind }
    }

    #[test]
    fn e1_an_open_callback_needs_a_note_however_far_away() {
        let needs = needs_while_away(OrderStatus::InWork, "", &[due(DueKind::Callback, 500)], at(24));
        assert_eq!(needs, vec![AwayNeed::Callback]);
    }

    #[test]
    fn e1_an_unanswered_customer_and_an_unpaid_invoice_need_a_note() {
        let needs = needs_while_away(OrderStatus::AwaitingPayment, "no_answer", &[], at(24));
        assert_eq!(needs, vec![AwayNeed::NoAnswer, AwayNeed::UnpaidInvoice]);
    }

    #[test]
    fn e1_a_reservation_needs_a_note_only_when_it_runs_out_while_away() {
        let later = [due(DueKind::ReservationExpiry, 100)];
        assert!(needs_while_away(OrderStatus::Reserved, "", &later, at(24)).is_empty());
        let soon = [due(DueKind::ReservationExpiry, 20)];
        assert_eq!(
            needs_while_away(OrderStatus::Reserved, "", &soon, at(24)),
            vec![AwayNeed::ReservationExpiring]
        );
    }

    #[test]
    fn e1_a_deadline_within_the_away_hours_needs_a_note_and_closed_orders_never_do() {
        let first = [due(DueKind::FirstContact, 10)];
        assert_eq!(needs_while_away(OrderStatus::New, "", &first, at(24)), vec![AwayNeed::Deadline]);
        assert!(
            needs_while_away(OrderStatus::InWork, "", &[due(DueKind::InWorkLimit, 48)], at(24)).is_empty()
        );
        assert!(needs_while_away(OrderStatus::Cancelled, "no_answer", &first, at(24)).is_empty());
    }
}
