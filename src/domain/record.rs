//! The closed words of what the desk records: how an attempt ended in the audit, what a ledger
//! line is, how an appeal was decided. Spelled as the store and the JSON output carry them.

super::vocabulary! {
    /// How an attempt ended, as the audit records it.
    Outcome, "outcome" {
        /// Carried out as the rules allowed it (imports included).
        Done = "done",
        /// The rules refused it; nothing changed.
        Refused = "refused",
        /// The rules refused it and a supervisor carried it out with a written reason.
        Overridden = "overridden",
        /// Someone else got there first (the order was taken, or changed since the form was
        /// opened); nothing changed.
        Lost = "lost",
    }
}

impl Outcome {
    /// Whether the action was carried out (done, or done over a refusal).
    pub fn carried_out(self) -> bool {
        matches!(self, Outcome::Done | Outcome::Overridden)
    }
}

super::vocabulary! {
    /// What a line of an operator's ledger is (A2, A3, A8, A9).
    LedgerKind, "ledger kind" {
        /// A compensation charged to the operator.
        Charge = "charge",
        /// Money credited to the operator (A8's site errors), booked negative.
        Credit = "credit",
        /// A compensation forgiven: at zero when evidence waived it before booking, negative
        /// when an appeal lifted a booked charge.
        Waived = "waived",
        /// A9: an appeal found false or thin, and the charge doubled.
        Doubled = "doubled",
    }
}

super::vocabulary! {
    /// How the head of analytics decided an appeal (A9).
    Resolution, "resolution" {
        /// The charge is lifted.
        Waived = "waived",
        /// The charge stands.
        Upheld = "upheld",
        /// The charge doubles, and no second appeal is possible.
        Doubled = "doubled",
    }
}
