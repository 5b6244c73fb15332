//! The form of an action being prepared on the selected order (cancel, confirm, take into work,
//! comment, no answer, a product wish or show lead, an edit of its lines, handing it to delivery
//! and tracking it). It builds a `Draft`; the root asks the desk
//! for its verdict on every change and the checklist pane shows it. Nothing is done until the
//! form is submitted, and a destructive action asks once more.
//!
//! The form grows with what is chosen: an "out of stock" cancel shows the analogs in stock to
//! tick (most stock first) and the product-wish fields of the missing product; a wish
//! switches between a product wish and a show lead's six fields; an edit lists the same analogs
//! in stock, and ticking one swaps it in (× 1) beside the lines typed as `SKU=QTY`. Fields that
//! are not shown are not part of the draft.

mod draft;
mod draw;

use crate::domain::{
    ActionKind, CancelReason, Channel, OrderStatus, Product, Resolution, SiteProblem, Vocabulary, wish,
};
use crate::tui::action::{Action, Hint};
use crate::tui::common::textarea::LineInput;
use crate::tui::keymap::Key;
use crossterm::event::{KeyCode, KeyEvent};

/// What a field of the form fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Reason,
    /// An analog in stock from the catalogue (an index into the form's candidates), ticked
    /// with Space.
    Analog(usize),
    /// Analog SKUs typed by hand, beside the ticked ones.
    OtherAnalogs,
    Evidence,
    Channel,
    AmountStated,
    AgeConfirmed,
    /// A product wish or a show lead (the wish action).
    WishKind,
    /// One field of the wish (an index into the form's wish fields).
    Wish(usize),
    Note,
    /// When the next step is due (a handoff's next action): `YYYY-MM-DD HH:MM` in the shop's time.
    NextAt,
    /// A written reason to go ahead despite a refusal; offered only to roles that may override.
    Override,
    /// An edit's lines as `SKU=QTY, SKU=QTY` (QTY 0 removes the line).
    Items,
    /// The carrier's tracking number (TTN).
    Tracking,
    /// The delivery day promised, `YYYY-MM-DD`.
    Expected,
    /// The delivery status the parcel is in now (in transit, at the courier, awaiting pickup).
    TrackStatus,
    /// The order lines (SKUs) an out-of-stock cancel is about; empty: those short of stock.
    Lines,
    /// B8: an adult receives the order (the other way to meet the age rule).
    AdultReceives,
    /// A transfer's operator (a login).
    To,
    /// A callback's time: `YYYY-MM-DD HH:MM` in the shop's time.
    At,
    /// How many more days `keep` holds an unpaid invoice order (the director's decision).
    Days,
    /// The page a site error is on (a SKU or a link).
    Page,
    /// What is wrong on the page of a site error.
    Problem,
    /// How an appeal is decided.
    Resolution,
    /// The steps of a procedure already done (a late delivery's call), as the rules name them (`called_first, …`);
    /// shown when the rules ask for them.
    Steps,
}

/// Which kind of wish a wish field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WishGroup {
    Product,
    Show,
}

/// A field of a product wish or show lead: the key it is recorded under.
#[derive(Debug, Clone)]
struct WishField {
    key: String,
    group: WishGroup,
}

/// An analog the operator can offer: in stock, in the missing product's category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub sku: String,
    pub name: String,
    pub stock: i64,
}

/// What the catalogue tells the form when it opens: analogs in stock (most first) and the
/// product the customer cannot get, whose characteristics a product wish lists.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub analogs: Vec<Product>,
    pub missing: Option<Product>,
}

/// The order the form acts on, as it was when the form opened.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub order: String,
    /// The order's version; performing against a newer one is stale.
    pub version: i64,
    /// The amount the customer pays, as the rules want it stated.
    pub amount_due: String,
    /// Whom the order is for, so the form says it in its title.
    pub customer: String,
}

#[derive(Debug, Clone)]
enum Value {
    /// One of `options` (vocabulary words), or none chosen yet.
    Choice {
        options: Vec<&'static str>,
        group: &'static str,
        chosen: Option<usize>,
    },
    Toggle(bool),
    Text(Box<LineInput>),
}

#[derive(Debug, Clone)]
struct Field {
    id: FieldId,
    value: Value,
}

/// The checklist's state: what the desk said about the draft so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Not evaluated yet.
    Waiting,
    /// The form cannot make a draft (e.g. an unknown evidence kind).
    Invalid(String),
    /// Someone else got there first (another desk took the order): no field of the form can
    /// change that.
    Preempted(String),
    Ready(crate::domain::Verdict),
    Failed(String),
}

/// What the root must do after a key in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMsg {
    None,
    /// The draft changed: evaluate it again.
    Changed,
    Submit,
    Close,
}

/// An action being prepared.
#[derive(Debug, Clone)]
pub struct Form {
    pub order: String,
    /// The order's version when the form opened; performing against a newer one is stale.
    pub version: i64,
    pub action: ActionKind,
    /// The amount the customer pays, as the rules want it stated.
    pub amount_due: String,
    /// Whom the order is for, so the form says it in its title.
    pub customer: String,
    fields: Vec<Field>,
    candidates: Vec<Candidate>,
    wish_fields: Vec<WishField>,
    focus: usize,
    /// Something was typed or chosen.
    pub dirty: bool,
    /// The verdict on the draft as it stands; set through [`Form::set_check`].
    pub check: Check,
    /// The draft's fields the rules asked for since the reason was last chosen (from their
    /// verdicts): the form shows those fields. Kept while the reason stays, so a field does not
    /// vanish under the operator's hands when a rule stops applying halfway through.
    asks: (Option<CancelReason>, std::collections::BTreeSet<String>),
    /// The shop's time zone, for times typed in the form (its offset on that date).
    pub zone: chrono_tz::Tz,
}

fn choice<V: Vocabulary>(group: &'static str) -> Value {
    Value::Choice { options: V::ALL.iter().map(|v| v.as_str()).collect(), group, chosen: None }
}

fn text(initial: &str) -> Value {
    Value::Text(Box::new(LineInput::new(initial)))
}

impl Form {
    /// A form for `action` on `subject`; `can_override` adds the override field for roles the
    /// rules allow; `catalogue` fills the analogs to tick and the product wish.
    pub fn new(action: ActionKind, subject: Subject, can_override: bool, catalogue: Catalogue) -> Form {
        let candidates: Vec<Candidate> = catalogue
            .analogs
            .into_iter()
            .map(|p| Candidate { sku: p.sku, name: p.name, stock: p.stock })
            .collect();
        let product_wish = wish::product_wish_fields(catalogue.missing.as_ref());
        let mut wish_fields = Vec::new();
        let mut fields: Vec<(FieldId, Value)> = Vec::new();
        let mut add_wish = |fields: &mut Vec<(FieldId, Value)>, group: WishGroup, key: &str, value: &str| {
            fields.push((FieldId::Wish(wish_fields.len()), text(value)));
            wish_fields.push(WishField { key: key.to_owned(), group });
        };
        match action {
            ActionKind::Cancel => {
                fields.push((FieldId::Reason, choice::<CancelReason>("reason")));
                fields.extend((0..candidates.len()).map(|i| (FieldId::Analog(i), Value::Toggle(false))));
                fields.push((FieldId::OtherAnalogs, text("")));
                fields.push((FieldId::Lines, text("")));
                fields.push((FieldId::Evidence, text("")));
                for (key, value) in &product_wish {
                    add_wish(&mut fields, WishGroup::Product, key, value);
                }
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Edit => {
                // The line the customer cannot get is prefilled for removal; ticking an analog
                // swaps it in.
                let remove = catalogue.missing.as_ref().map(|p| format!("{}=0", p.sku)).unwrap_or_default();
                fields.push((FieldId::Items, text(&remove)));
                fields.extend((0..candidates.len()).map(|i| (FieldId::Analog(i), Value::Toggle(false))));
                fields.push((FieldId::Reason, choice::<CancelReason>("reason")));
                fields.push((FieldId::OtherAnalogs, text("")));
                fields.push((FieldId::Evidence, text("")));
                for (key, value) in &product_wish {
                    add_wish(&mut fields, WishGroup::Product, key, value);
                }
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Ship => {
                fields.push((FieldId::Tracking, text("")));
                fields.push((FieldId::Expected, text("")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Track => {
                let options =
                    OrderStatus::ALL.iter().filter(|s| s.is_tracking()).map(|s| s.as_str()).collect();
                fields.push((FieldId::TrackStatus, Value::Choice { options, group: "status", chosen: None }));
                fields.push((FieldId::Tracking, text("")));
                fields.push((FieldId::Expected, text("")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Confirm => {
                fields.push((FieldId::AmountStated, Value::Toggle(false)));
                fields.push((FieldId::AgeConfirmed, Value::Toggle(false)));
                fields.push((FieldId::AdultReceives, Value::Toggle(false)));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Handoff => {
                fields.push((FieldId::Note, text("")));
                fields.push((FieldId::NextAt, text("")));
            }
            ActionKind::NoAnswer => {
                fields.push((FieldId::Channel, choice::<Channel>("channel")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Wish => {
                fields.push((
                    FieldId::WishKind,
                    Value::Choice {
                        options: vec![wish::KIND_PRODUCT, wish::KIND_SHOW],
                        group: "wish_kind",
                        chosen: Some(0),
                    },
                ));
                for (key, value) in &product_wish {
                    add_wish(&mut fields, WishGroup::Product, key, value);
                }
                for key in wish::SHOW_LEAD_FIELDS {
                    add_wish(&mut fields, WishGroup::Show, key, "");
                }
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Transfer => {
                fields.push((FieldId::To, text("")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Callback => {
                fields.push((FieldId::At, text("")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Keep => {
                fields.push((FieldId::Days, text("")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::SiteError => {
                // The note says what is wrong; the page is the note's unless typed.
                fields.push((FieldId::Problem, choice::<SiteProblem>("site_problem")));
                fields.push((FieldId::Page, text("")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::ResolveAppeal => {
                fields.push((FieldId::Resolution, choice::<Resolution>("resolution")));
                fields.push((FieldId::Note, text("")));
            }
            ActionKind::Contact => {
                fields.push((FieldId::Steps, text("")));
                fields.push((FieldId::Note, text("")));
            }
            _ => fields.push((FieldId::Note, text(""))),
        }
        if can_override {
            fields.push((FieldId::Override, text("")));
        }
        Form {
            order: subject.order,
            version: subject.version,
            action,
            amount_due: subject.amount_due,
            customer: subject.customer,
            fields: fields.into_iter().map(|(id, value)| Field { id, value }).collect(),
            candidates,
            wish_fields,
            focus: 0,
            dirty: false,
            check: Check::Waiting,
            asks: (None, Default::default()),
            zone: chrono_tz::Tz::UTC,
        }
    }

    /// Asks once more before doing it: the actions that cannot be undone or cost money.
    pub fn destructive(&self) -> bool {
        matches!(self.action, ActionKind::Cancel)
    }

    /// The chosen word of a choice field, if the form has it and one is chosen.
    fn chosen(&self, id: FieldId) -> Option<&'static str> {
        self.fields.iter().find(|f| f.id == id).and_then(|f| match &f.value {
            Value::Choice { options, chosen, .. } => chosen.and_then(|i| options.get(i).copied()),
            _ => None,
        })
    }

    /// The desk's verdict (or why there is none) on the draft as it stands; a verdict tells
    /// which fields its rules ask for.
    pub fn set_check(&mut self, check: Check) {
        let reason = self.reason();
        if self.asks.0 != reason {
            self.asks = (reason, Default::default());
        }
        if let Check::Ready(v) = &check {
            self.asks.1.extend(v.asks().map(str::to_owned));
        }
        self.check = check;
    }

    /// Whether the rules asked for any of the draft's `fields`.
    fn asked(&self, fields: &[&str]) -> bool {
        self.asks.0 == self.reason() && fields.iter().any(|f| self.asks.1.contains(*f))
    }

    fn reason(&self) -> Option<CancelReason> {
        self.chosen(FieldId::Reason).and_then(|w| CancelReason::parse(w).ok())
    }

    /// Whether a field is part of the form as it stands: the analogs and the product wish of a
    /// cancel when the rules ask for them, the wish fields of the chosen kind of wish.
    fn shown(&self, id: FieldId) -> bool {
        let edit = self.action == ActionKind::Edit;
        match id {
            // An edit always lists the analogs it can swap in.
            FieldId::Analog(_) if edit => true,
            FieldId::Evidence if edit => self.asked(&["evidence"]),
            FieldId::Analog(_) | FieldId::OtherAnalogs => self.asked(&["analogs", "analogs_in_stock"]),
            // A cancel names the lines its out-of-stock claim is about when the rules read them.
            FieldId::Lines => self.action == ActionKind::Cancel && self.asked(&["lines"]),
            // A contact lists the steps of a procedure only when a rule reads them (a late
            // delivery), so an ordinary call is not cluttered.
            FieldId::Steps => self.asks.1.contains("steps"),
            FieldId::Wish(i) => {
                let Some(field) = self.wish_fields.get(i) else { return false };
                match (self.action, field.group) {
                    (ActionKind::Cancel | ActionKind::Edit, WishGroup::Product) => {
                        self.asked(&["wish", "wish_complete"])
                    }
                    (ActionKind::Cancel | ActionKind::Edit, WishGroup::Show) => false,
                    (_, WishGroup::Product) => self.chosen(FieldId::WishKind) == Some(wish::KIND_PRODUCT),
                    (_, WishGroup::Show) => self.chosen(FieldId::WishKind) == Some(wish::KIND_SHOW),
                }
            }
            _ => true,
        }
    }

    /// The fields shown, in order, with their index in `fields`.
    fn visible(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.fields.iter().enumerate().filter(|(_, f)| self.shown(f.id))
    }

    /// Moves the focus to the next (or previous) field shown, wrapping round.
    fn step_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for step in 1..=n {
            let i = if forward { (self.focus + step) % n } else { (self.focus + n * step - step) % n };
            if self.shown(self.fields[i].id) {
                self.focus = i;
                return;
            }
        }
    }

    /// The footer while the form is in front: what [`Form::key`] does, and the keys of the
    /// workstation it lets through.
    pub const HINTS: &'static [Hint] = &[
        (Action::Open, "footer.submit"),
        (Action::NextPane, "footer.next_field"),
        (Action::Back, "footer.close"),
        (Action::Why, "footer.why"),
        (Action::Help, "footer.help"),
    ];

    /// A key in the form: text goes to the focused field; Tab and arrows move between fields.
    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> FormMsg {
        let text = Key::is_text(&key);
        if !text {
            match action {
                Some(Action::Back) => return FormMsg::Close,
                Some(Action::Open) => return FormMsg::Submit,
                Some(Action::NextPane | Action::Down) => {
                    self.step_focus(true);
                    return FormMsg::None;
                }
                Some(Action::PrevPane | Action::Up) => {
                    self.step_focus(false);
                    return FormMsg::None;
                }
                _ => {}
            }
        }
        let Some(field) = self.fields.get_mut(self.focus) else { return FormMsg::None };
        let changed = match &mut field.value {
            Value::Choice { options, chosen, .. } => {
                let n = options.len();
                let step = match key.code {
                    KeyCode::Right | KeyCode::Char(' ') => Some(1),
                    KeyCode::Left => Some(n.saturating_sub(1)),
                    _ => None,
                };
                match step {
                    Some(s) if n > 0 => {
                        *chosen = Some(chosen.map_or(if s == 1 { 0 } else { n - 1 }, |c| (c + s) % n));
                        true
                    }
                    _ => false,
                }
            }
            Value::Toggle(on) => {
                if matches!(key.code, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) {
                    *on = !*on;
                    true
                } else {
                    false
                }
            }
            Value::Text(input) => input.input(key),
        };
        if changed {
            self.dirty = true;
            FormMsg::Changed
        } else {
            FormMsg::None
        }
    }

    /// The field being filled in.
    pub fn focused(&self) -> FieldId {
        self.fields.get(self.focus).map_or(FieldId::Note, |f| f.id)
    }

    /// How many analogs the draft offers so far: ticked and typed.
    fn analogs_count(&self) -> usize {
        self.draft().map(|d| d.analogs.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests;
