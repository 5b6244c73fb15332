//! What an operator can do to an order, and the inputs ("the draft") the rules look at.

use super::Resolution;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

super::vocabulary! {
    /// An action on an order, spelled as on the command line (`opdesk act ORDER ACTION`).
    ActionKind, "action" {
        Claim = "claim",
        Contact = "contact",
        Confirm = "confirm",
        Reserve = "reserve",
        Pay = "pay",
        Ship = "ship",
        Deliver = "deliver",
        Receive = "receive",
        Cancel = "cancel",
        NoAnswer = "no-answer",
        Transfer = "transfer",
        Comment = "comment",
        Escalate = "escalate",
        Callback = "callback",
        Wish = "wish",
        SiteError = "site-error",
        Appeal = "appeal",
        ResolveAppeal = "resolve-appeal",
        Complaint = "complaint",
        /// Reading the day's review (`opdesk report`, the supervisor's view): not an action on
        /// an order, but judged by the rules like one, so who may read whose day is data.
        Review = "review",
        /// E1: a handoff note for the next shift (`opdesk handoff write`).
        Handoff = "handoff",
        /// E2: the duty operator takes a handoff into work (`opdesk handoff take`).
        TakeHandoff = "take-handoff",
        /// B3, seed 003 step 7: the customer's change goes into the existing order (lines added,
        /// changed or removed; totals and deadlines recomputed).
        Edit = "edit",
        /// C1, seed 003 step 9: the customer-visible delivery status (in transit, at the
        /// courier, awaiting pickup) and the tracking number kept current.
        Track = "track",
        /// Loading the shop's feed (`opdesk import`): about no order, judged by the rules so
        /// that who may feed the desk is data.
        Import = "import",
        /// Changing a shared store's configuration (`opdesk config apply`), or reading it out.
        Configure = "config",
        /// A8: the information department confirms a reported site error (`opdesk site-errors
        /// confirm ID`); the reporter is credited.
        ConfirmSiteError = "confirm-site-error",
        /// A8: the information department rejects a report (`opdesk site-errors reject ID`).
        RejectSiteError = "reject-site-error",
        /// B18: a season call task on a customer (`opdesk task add`), judged without an order.
        AddTask = "add-task",
        /// B18: closing a season task (`opdesk task close ID`).
        CloseTask = "close-task",
        /// B7: the director keeps an unpaid invoice order for `--days` more days.
        Keep = "keep",
        /// B1: a customer's question about a product, to be answered within 2 hours; the
        /// `contact` that answers it clears it.
        Question = "question",
        /// A6: the administrator passes an escalation to the analytics department.
        PassEscalation = "pass-escalation",
        /// A6: whoever holds an escalation resolves it with what was found.
        ResolveEscalation = "resolve-escalation",
    }
}

super::vocabulary! {
    /// Why an order is cancelled; a closed list so reasons match reality (B21).
    CancelReason, "reason" {
        CustomerRequest = "customer_request",
        OutOfStock = "out_of_stock",
        Defective = "defective",
        Duplicate = "duplicate",
        Unpaid = "unpaid",
        Other = "other",
        /// The parcel came back from the branch uncollected.
        NotPickedUp = "not_picked_up",
        /// The customer never answered after the no-answer process (B12, B13).
        Unreachable = "unreachable",
    }
}

super::vocabulary! {
    /// Proof attached to an action (A4, A5).
    EvidenceKind, "evidence kind" {
        Photo = "photo",
        Correspondence = "correspondence",
        CallRecord = "call_record",
        Repair = "repair",
    }
}

super::vocabulary! {
    /// Where a message to the customer went (B12).
    Channel, "channel" {
        Email = "email",
        Sms = "sms",
        Viber = "viber",
        Telegram = "telegram",
        Chat = "chat",
    }
}

/// One piece of evidence: its kind and a reference (a file name, a link, a call id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub reference: String,
}

impl std::str::FromStr for Evidence {
    type Err = String;

    /// `KIND=REF` as an operator types it, on the command line or in a form: a known kind and
    /// a reference that is not empty (evidence pointing nowhere proves nothing).
    fn from_str(text: &str) -> Result<Evidence, String> {
        let (kind, reference) = text
            .split_once('=')
            .ok_or_else(|| format!("evidence {text:?} is not KIND=REF (e.g. photo=IMG_0412.jpg)"))?;
        let kind = <EvidenceKind as super::Vocabulary>::parse(kind.trim()).map_err(|e| e.to_string())?;
        let reference = reference.trim();
        if reference.is_empty() {
            return Err(format!("evidence {kind} needs a reference after '=' (a file, a link, a call id)"));
        }
        Ok(Evidence { kind, reference: reference.to_owned() })
    }
}

/// One line of an order edit as typed: `SKU=QTY` (QTY 0 removes the line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    pub sku: String,
    pub qty: i64,
}

impl std::str::FromStr for ItemChange {
    type Err = String;

    /// `SKU=QTY` with a SKU that is not empty and a whole quantity from 0 (remove the line)
    /// up to `limits::MAX_QTY`.
    fn from_str(text: &str) -> Result<ItemChange, String> {
        let (sku, qty) =
            text.split_once('=').ok_or_else(|| format!("item {text:?} is not SKU=QTY (e.g. LMP-0101=2)"))?;
        let sku = sku.trim();
        if sku.is_empty() {
            return Err(format!("item {text:?} has an empty SKU"));
        }
        let qty: i64 = qty.trim().parse().map_err(|_| {
            format!("item {text:?}: the quantity must be a whole number (0 removes the line)")
        })?;
        if !(0..=super::limits::MAX_QTY).contains(&qty) {
            return Err(format!("item {text:?}: the quantity must be 0 to {}", super::limits::MAX_QTY));
        }
        Ok(ItemChange { sku: sku.to_owned(), qty })
    }
}

/// The inputs of an action as the operator has filled them so far. The checklist is the verdict
/// of the draft, re-evaluated as it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub action: ActionKind,
    pub reason: Option<CancelReason>,
    /// SKUs of the analogs offered to the customer (A4, A7).
    pub analogs: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// Product-wish fields (A7, B14): characteristic → value, plus `picture` for a link.
    pub wish: BTreeMap<String, String>,
    pub channel: Option<Channel>,
    /// The operator stated the exact amount due (B11).
    pub amount_stated: bool,
    /// Age 18+ confirmed, or an adult receives the order (B8).
    pub age_confirmed: bool,
    pub note: String,
    /// Target login for `transfer` (and, for `review`, whose day).
    pub to: Option<String>,
    /// How `resolve-appeal` decides the appeal (A9).
    #[serde(default)]
    pub resolution: Option<Resolution>,
    /// A written reason to perform a refused action anyway (supervisor override).
    pub override_reason: Option<String>,
    /// A time the action sets: a callback, a next step. Parsed once, where it was typed, in the
    /// shop's zone; it keeps the offset it was given.
    pub at: Option<DateTime<FixedOffset>>,
    /// Steps of a multi-step procedure already done, e.g. the delivery-delay steps of C2
    /// (`called_first`, `explained`, `apologised`…); the rules file names the words.
    #[serde(default)]
    pub steps: Vec<String>,
    /// `edit`: the lines to add, change or remove (B3).
    #[serde(default)]
    pub items: Vec<ItemChange>,
    /// The order lines (SKUs) an out-of-stock claim is about (A2); empty: the lines with less
    /// stock than ordered.
    #[serde(default)]
    pub lines: Vec<String>,
    /// `ship`, `track`: the carrier's tracking number (TTN).
    #[serde(default)]
    pub tracking: Option<String>,
    /// `ship`: the delivery date promised, instead of the method's usual days.
    #[serde(default)]
    pub expected: Option<chrono::NaiveDate>,
    /// `track`: the customer-visible delivery status the parcel is in now (C1).
    #[serde(default)]
    pub track: Option<super::OrderStatus>,
    /// B8: an adult receives the order (the other way to meet the age rule).
    #[serde(default)]
    pub adult_receives: bool,
    /// A8: the page a site error is on (a SKU or a link).
    #[serde(default)]
    pub page: Option<String>,
    /// A8: what is wrong on it.
    #[serde(default)]
    pub problem: Option<super::SiteProblem>,
    /// A8: the report a `confirm-site-error` / `reject-site-error` decides.
    #[serde(default)]
    pub site_error: Option<i64>,
    /// B7: how many more days `keep` holds an unpaid invoice order.
    #[serde(default)]
    pub days: Option<i64>,
    /// A6: the escalation a `pass-escalation` / `resolve-escalation` is about.
    #[serde(default)]
    pub escalation: Option<i64>,
}

impl Draft {
    /// Refuses a draft beyond the sizes of `domain::limits`, naming the option (`--note`) and
    /// the limit: whatever the front end, nothing larger reaches the rules or the store.
    pub fn check_limits(&self) -> Result<(), String> {
        use super::limits::{self as l, too_long, too_many};
        too_long("--note", &self.note, l::MAX_TEXT)?;
        too_long("--override", self.override_reason.as_deref().unwrap_or_default(), l::MAX_TEXT)?;
        too_long("--to", self.to.as_deref().unwrap_or_default(), l::MAX_ID)?;
        too_long("--page", self.page.as_deref().unwrap_or_default(), l::MAX_TEXT)?;
        too_many("--analog", self.analogs.len(), l::MAX_ENTRIES)?;
        for sku in &self.analogs {
            too_long("--analog", sku, l::MAX_ID)?;
        }
        too_many("--evidence", self.evidence.len(), l::MAX_ENTRIES)?;
        for e in &self.evidence {
            too_long("--evidence", &e.reference, l::MAX_TEXT)?;
        }
        too_many("--wish", self.wish.len(), l::MAX_ENTRIES)?;
        for (key, value) in &self.wish {
            too_long("--wish key", key, l::MAX_WISH_KEY)?;
            too_long(&format!("--wish {}", crate::display::visible(key)), value, l::MAX_WISH_VALUE)?;
        }
        too_many("--step", self.steps.len(), l::MAX_ENTRIES)?;
        for step in &self.steps {
            too_long("--step", step, l::MAX_ID)?;
        }
        too_many("--item", self.items.len(), l::MAX_ENTRIES)?;
        for item in &self.items {
            too_long("--item", &item.sku, l::MAX_ID)?;
        }
        too_many("--line", self.lines.len(), l::MAX_ENTRIES)?;
        for sku in &self.lines {
            too_long("--line", sku, l::MAX_ID)?;
        }
        too_long("--tracking", self.tracking.as_deref().unwrap_or_default(), l::MAX_ID)?;
        Ok(())
    }

    pub fn new(action: ActionKind) -> Draft {
        Draft {
            action,
            reason: None,
            analogs: Vec::new(),
            evidence: Vec::new(),
            wish: BTreeMap::new(),
            channel: None,
            amount_stated: false,
            age_confirmed: false,
            note: String::new(),
            to: None,
            resolution: None,
            override_reason: None,
            at: None,
            steps: Vec::new(),
            items: Vec::new(),
            lines: Vec::new(),
            tracking: None,
            expected: None,
            track: None,
            adult_receives: false,
            page: None,
            problem: None,
            site_error: None,
            days: None,
            escalation: None,
        }
    }

    pub fn has_evidence(&self, kind: EvidenceKind) -> bool {
        self.evidence.iter().any(|e| e.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command line and the form read evidence through this one parser, so both refuse
    /// the same things.
    #[test]
    fn evidence_needs_a_known_kind_and_a_reference() {
        let ok: Evidence = " photo = IMG_0412.jpg ".parse().unwrap();
        assert_eq!(ok, Evidence { kind: EvidenceKind::Photo, reference: "IMG_0412.jpg".into() });
        let empty = "photo=".parse::<Evidence>().unwrap_err();
        assert!(empty.contains("needs a reference"), "{empty}");
        let blank = "photo=   ".parse::<Evidence>().unwrap_err();
        assert!(blank.contains("needs a reference"), "{blank}");
        assert!("photo".parse::<Evidence>().unwrap_err().contains("KIND=REF"));
        assert!("selfie=a.jpg".parse::<Evidence>().is_err());
    }
}
