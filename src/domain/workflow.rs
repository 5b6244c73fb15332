//! The order's workflow (POLICY.md B19, statuses of C1): which action moves an order from which
//! status to which. An impossible move is bad input, not a rule: the rules decide whether an
//! allowed move may be made now, by this operator.

use super::{ActionKind, OrderStatus, Payment};

/// What an action does to the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// The order moves to this status.
    To(OrderStatus),
    /// The action records something and leaves the status as it is.
    Stay,
}

/// The move `action` makes from `current`, or why it cannot be made.
pub fn next(action: ActionKind, current: OrderStatus, payment: Payment) -> Result<Move, String> {
    use ActionKind as A;
    use OrderStatus as S;
    let to = match (action, current) {
        (A::Claim, S::New) => S::InWork,
        // Confirming an invoice order waits for the payment (B7); others are processed.
        (A::Confirm, S::InWork) if payment == Payment::Invoice => S::AwaitingPayment,
        (A::Confirm, S::InWork) => S::Processed,
        (A::Pay, S::AwaitingPayment) => S::Processed,
        (A::Keep, S::AwaitingPayment) => return Ok(Move::Stay),
        (A::Reserve, S::Processed) => S::Reserved,
        // Seed 003 step 2: the goods are reserved at the availability check, before the
        // confirmation call, and while an invoice waits for payment (B6): the status stays.
        (A::Reserve, S::InWork | S::AwaitingPayment) => return Ok(Move::Stay),
        // B3: changes go into the order while it is in work or processed.
        (A::Edit, s) if s.is_in_work() => return Ok(Move::Stay),
        // C1: which delivery status comes next is the draft's (`--status`); the desk moves it.
        (A::Track, s) if s.is_with_delivery() => return Ok(Move::Stay),
        (A::Ship, S::Processed | S::Reserved | S::Assembling) => S::HandedToDelivery,
        (A::Deliver, s) if s.is_with_delivery() => S::Delivered,
        (A::Receive, S::Delivered | S::AwaitingPickup) => S::Received,
        (A::Cancel, s) if !s.is_closed() => S::Cancelled,
        // Recording actions work on any order that is still open…
        (
            A::Contact
            | A::NoAnswer
            | A::Transfer
            | A::Escalate
            | A::Callback
            | A::Handoff
            | A::TakeHandoff
            | A::Question,
            s,
        ) if !s.is_closed() => {
            return Ok(Move::Stay);
        }
        // …and these also on closed ones: history, wishes, complaints and money outlive an order.
        (
            A::Comment
            | A::Wish
            | A::SiteError
            | A::Appeal
            | A::ResolveAppeal
            | A::Complaint
            | A::ConfirmSiteError
            | A::RejectSiteError
            | A::PassEscalation
            | A::ResolveEscalation,
            _,
        ) => {
            return Ok(Move::Stay);
        }
        (A::Review, _) => {
            return Err("review is not an action on an order: the day's review is `opdesk report`".into());
        }
        (A::Import, _) => {
            return Err("import is not an action on an order: it is `opdesk import FILE`".into());
        }
        (A::Configure, _) => {
            return Err("config is not an action on an order: it is `opdesk config apply DIR`".into());
        }
        (A::AddTask | A::CloseTask, _) => {
            return Err(format!("{action} is not an action on an order: season tasks are `opdesk task`"));
        }
        (action, current) => return Err(impossible(action, current)),
    };
    Ok(Move::To(to))
}

fn impossible(action: ActionKind, current: OrderStatus) -> String {
    use ActionKind as A;
    let from: &[&str] = match action {
        A::Claim => &["new"],
        A::Confirm => &["in_work"],
        A::Pay | A::Keep => &["awaiting_payment"],
        A::Reserve => &["in_work", "awaiting_payment", "processed"],
        A::Edit => &["in_work", "processed"],
        A::Track => &["handed_to_delivery", "in_transit", "at_courier", "awaiting_pickup"],
        A::Ship => &["processed", "reserved", "assembling"],
        A::Deliver => &["handed_to_delivery", "in_transit", "at_courier", "awaiting_pickup"],
        A::Receive => &["delivered", "awaiting_pickup"],
        _ => &["an open status"],
    };
    format!("cannot {action} an order that is {current}: {action} works from {}", from.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionKind as A;
    use OrderStatus as S;

    #[test]
    fn b19_the_happy_path_runs_from_new_to_received() {
        let card = Payment::Card;
        let mut status = S::New;
        for action in [A::Claim, A::Confirm, A::Reserve, A::Ship, A::Deliver, A::Receive] {
            match next(action, status, card).unwrap() {
                Move::To(s) => status = s,
                Move::Stay => panic!("{action} should move the order"),
            }
        }
        assert_eq!(status, S::Received);
    }

    #[test]
    fn b7_an_invoice_order_waits_for_payment_after_confirmation() {
        assert_eq!(next(A::Confirm, S::InWork, Payment::Invoice), Ok(Move::To(S::AwaitingPayment)));
        assert_eq!(next(A::Pay, S::AwaitingPayment, Payment::Invoice), Ok(Move::To(S::Processed)));
    }

    #[test]
    fn impossible_moves_say_where_the_action_works_from() {
        let err = next(A::Confirm, S::New, Payment::Card).unwrap_err();
        assert!(err.contains("cannot confirm an order that is new") && err.contains("in_work"), "{err}");
        assert!(next(A::Cancel, S::Delivered, Payment::Card).is_err());
        assert!(next(A::Claim, S::InWork, Payment::Card).is_err());
    }

    #[test]
    fn b19_reserve_at_the_availability_check_keeps_the_status() {
        assert_eq!(next(A::Reserve, S::InWork, Payment::Card), Ok(Move::Stay));
        assert_eq!(next(A::Reserve, S::AwaitingPayment, Payment::Invoice), Ok(Move::Stay));
        assert_eq!(next(A::Reserve, S::Processed, Payment::Card), Ok(Move::To(S::Reserved)));
        assert!(next(A::Reserve, S::New, Payment::Card).unwrap_err().contains("in_work"));
    }

    #[test]
    fn b3_an_order_is_edited_only_in_work_or_processed() {
        assert_eq!(next(A::Edit, S::Processed, Payment::Card), Ok(Move::Stay));
        assert!(next(A::Edit, S::HandedToDelivery, Payment::Card).is_err());
        assert!(next(A::Track, S::InWork, Payment::Card).unwrap_err().contains("handed_to_delivery"));
    }

    #[test]
    fn records_stay_and_history_outlives_the_order() {
        assert_eq!(next(A::NoAnswer, S::InWork, Payment::Card), Ok(Move::Stay));
        assert!(next(A::NoAnswer, S::Cancelled, Payment::Card).is_err());
        assert_eq!(next(A::Comment, S::Cancelled, Payment::Card), Ok(Move::Stay));
        assert_eq!(next(A::Appeal, S::Cancelled, Payment::Card), Ok(Move::Stay));
    }
}
