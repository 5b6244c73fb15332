//! The form of an action being prepared on the selected order (cancel, confirm, take into work,
//! comment, no answer). It builds a `Draft`; the root asks the desk for its verdict on every
//! change and the checklist pane shows it. Nothing is done until the form is submitted, and a
//! destructive action asks once more.

use crate::domain::{ActionKind, CancelReason, Channel, Draft, Evidence, EvidenceKind, Verdict, Vocabulary};
use crate::tui::action::Action;
use crate::tui::common::text::fit;
use crate::tui::common::textarea::LineInput;
use crate::tui::keymap::Key;
use crate::tui::ui::Ui;
use chrono::Offset;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What a field of the form fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Reason,
    Analogs,
    Evidence,
    Channel,
    AmountStated,
    AgeConfirmed,
    Note,
    /// When the next step is due (a handoff's next action): `YYYY-MM-DD HH:MM` in the shop's time.
    NextAt,
    /// A written reason to go ahead despite a refusal; offered only to roles that may override.
    Override,
}

impl FieldId {
    fn key(self) -> &'static str {
        match self {
            FieldId::Reason => "form.reason",
            FieldId::Analogs => "form.analogs",
            FieldId::Evidence => "form.evidence",
            FieldId::Channel => "form.channel",
            FieldId::AmountStated => "form.amount_stated",
            FieldId::AgeConfirmed => "form.age_confirmed",
            FieldId::Note => "form.note",
            FieldId::NextAt => "form.next_at",
            FieldId::Override => "form.override",
        }
    }
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
    Ready(Verdict),
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
    /// The amount the customer pays, as B11 wants it stated.
    pub amount_due: String,
    /// Whom the order is for, so the form says it in its title.
    pub customer: String,
    fields: Vec<Field>,
    focus: usize,
    /// Something was typed or chosen.
    pub dirty: bool,
    pub check: Check,
    /// The shop's UTC offset, for times typed in the form.
    pub zone: chrono::FixedOffset,
    /// Analogs in stock in the missing item's category, most stock first (B17), shown under
    /// the analogs field: `SKU ×stock`.
    pub in_stock: Vec<String>,
}

fn choice<V: Vocabulary>(group: &'static str) -> Value {
    Value::Choice { options: V::ALL.iter().map(|v| v.as_str()).collect(), group, chosen: None }
}

impl Form {
    /// A form for `action`; `can_override` adds the override field for roles the rules allow.
    pub fn new(
        action: ActionKind,
        order: &str,
        version: i64,
        amount_due: String,
        customer: &str,
        can_override: bool,
    ) -> Form {
        let text = || Value::Text(Box::default());
        let mut fields: Vec<(FieldId, Value)> = match action {
            ActionKind::Cancel => vec![
                (FieldId::Reason, choice::<CancelReason>("reason")),
                (FieldId::Analogs, text()),
                (FieldId::Evidence, text()),
                (FieldId::Note, text()),
            ],
            ActionKind::Confirm => vec![
                (FieldId::AmountStated, Value::Toggle(false)),
                (FieldId::AgeConfirmed, Value::Toggle(false)),
                (FieldId::Note, text()),
            ],
            ActionKind::Handoff => vec![(FieldId::Note, text()), (FieldId::NextAt, text())],
            ActionKind::NoAnswer => {
                vec![(FieldId::Channel, choice::<Channel>("channel")), (FieldId::Note, text())]
            }
            _ => vec![(FieldId::Note, text())],
        };
        if can_override {
            fields.push((FieldId::Override, text()));
        }
        Form {
            order: order.to_owned(),
            version,
            action,
            amount_due,
            customer: customer.to_owned(),
            fields: fields.into_iter().map(|(id, value)| Field { id, value }).collect(),
            focus: 0,
            dirty: false,
            check: Check::Waiting,
            zone: chrono::Utc.fix(),
            in_stock: Vec::new(),
        }
    }

    /// Asks once more before doing it: the actions that cannot be undone or cost money.
    pub fn destructive(&self) -> bool {
        matches!(self.action, ActionKind::Cancel)
    }

    /// The draft the fields make, or what is wrong with them.
    pub fn draft(&self) -> Result<Draft, String> {
        let mut d = Draft::new(self.action);
        for f in &self.fields {
            match (&f.id, &f.value) {
                (FieldId::Reason, Value::Choice { options, chosen, .. }) => {
                    d.reason = chosen.and_then(|i| options.get(i)).and_then(|w| CancelReason::parse(w).ok());
                }
                (FieldId::Channel, Value::Choice { options, chosen, .. }) => {
                    d.channel = chosen.and_then(|i| options.get(i)).and_then(|w| Channel::parse(w).ok());
                }
                (FieldId::Analogs, Value::Text(t)) => {
                    d.analogs = t
                        .text()
                        .split([',', ';', ' '])
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect();
                }
                (FieldId::Evidence, Value::Text(t)) => {
                    for item in t.text().split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let (kind, reference) =
                            item.split_once('=').ok_or_else(|| format!("evidence {item:?}: KIND=REF"))?;
                        let kind = EvidenceKind::parse(kind.trim()).map_err(|e| e.to_string())?;
                        d.evidence.push(Evidence { kind, reference: reference.trim().to_owned() });
                    }
                }
                (FieldId::AmountStated, Value::Toggle(on)) => d.amount_stated = *on,
                (FieldId::AgeConfirmed, Value::Toggle(on)) => d.age_confirmed = *on,
                (FieldId::Note, Value::Text(t)) => d.note = t.text().trim().to_owned(),
                (FieldId::NextAt, Value::Text(t)) => {
                    let text = t.text();
                    let text = text.trim();
                    if !text.is_empty() {
                        let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
                            .map_err(|_| format!("next step {text:?}: write it as YYYY-MM-DD HH:MM"))?;
                        let at = local.and_local_timezone(self.zone).single().ok_or_else(|| {
                            format!("next step {text:?} does not exist on the clock (summer time)")
                        })?;
                        d.at = Some(at.to_rfc3339());
                    }
                }
                (FieldId::Override, Value::Text(t)) => {
                    let reason = t.text().trim().to_owned();
                    d.override_reason = (!reason.is_empty()).then_some(reason);
                }
                _ => {}
            }
        }
        Ok(d)
    }

    /// A key in the form: text goes to the focused field; Tab and arrows move between fields.
    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> FormMsg {
        let text = Key::is_text(&key);
        if !text {
            match action {
                Some(Action::Back) => return FormMsg::Close,
                Some(Action::Open) => return FormMsg::Submit,
                Some(Action::NextPane | Action::Down) => {
                    self.focus = (self.focus + 1) % self.fields.len().max(1);
                    return FormMsg::None;
                }
                Some(Action::PrevPane | Action::Up) => {
                    self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1);
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

    /// The form's title: `Cancel SITE-1001`.
    pub fn title(&self, ui: &Ui<'_>) -> String {
        ui.t.f(
            "form.title",
            &[
                ("action", &ui.word("act", self.action)),
                ("order", &self.order),
                ("customer", &self.customer),
                ("amount", &self.amount_due),
            ],
        )
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let label_w = 22.min(area.width as usize / 2);
        for (i, f) in self.fields.iter().enumerate() {
            let y = area.y + i as u16 * 2;
            if y >= area.y + area.height {
                break;
            }
            let focused = i == self.focus;
            let mark = if focused { "▸ " } else { "  " };
            let label_style = if focused { ui.theme.accent } else { Style::new() };
            let mut label = ui.t.t(f.id.key()).to_owned();
            if f.id == FieldId::AmountStated {
                label = ui.t.f("form.amount_stated", &[("amount", &self.amount_due)]);
            }
            let line = Rect { x: area.x, y, width: area.width, height: 1 };
            let label_line = Line::from(vec![
                Span::styled(mark, ui.theme.accent),
                Span::styled(fit(&label, label_w), label_style),
            ]);
            frame.render_widget(Paragraph::new(label_line), line);
            let value_area = Rect {
                x: area.x + 2 + label_w as u16 + 1,
                width: area.width.saturating_sub(3 + label_w as u16),
                ..line
            };
            match &f.value {
                Value::Choice { options, group, chosen } => {
                    let text = match chosen.and_then(|c| options.get(c)) {
                        Some(w) => format!("‹ {} ›", ui.t.t(&format!("{group}.{w}"))),
                        None => format!("‹ {} ›", ui.t.t("form.choose")),
                    };
                    frame.render_widget(Paragraph::new(text), value_area);
                }
                Value::Toggle(on) => {
                    let (text, style) = if *on { ("[x]", ui.theme.ok) } else { ("[ ]", Style::new()) };
                    frame.render_widget(Paragraph::new(Span::styled(text, style)), value_area);
                }
                Value::Text(input) => input.draw(frame, value_area, focused),
            }
            if focused {
                let hint = match f.value {
                    Value::Choice { .. } => ui.t.t("form.hint_choice").to_owned(),
                    Value::Toggle(_) => ui.t.t("form.hint_toggle").to_owned(),
                    Value::Text(_) => match f.id {
                        FieldId::Analogs if !self.in_stock.is_empty() => {
                            ui.t.f("form.in_stock", &[("list", &self.in_stock.join(", "))])
                        }
                        FieldId::Analogs => ui.t.t("form.analogs_hint").to_owned(),
                        FieldId::Evidence => ui.t.t("form.evidence_hint").to_owned(),
                        FieldId::Override => ui.t.t("form.override_hint").to_owned(),
                        FieldId::NextAt => ui.t.t("form.next_at_hint").to_owned(),
                        _ => ui.t.t("form.hint_text").to_owned(),
                    },
                };
                let hint_area = Rect { y: y + 1, ..value_area };
                if hint_area.y < area.y + area.height {
                    frame.render_widget(Paragraph::new(Span::styled(hint, ui.theme.muted)), hint_area);
                }
            }
        }
    }

    /// Lines the fields need.
    pub fn height(&self) -> u16 {
        self.fields.len() as u16 * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_cancel_form_makes_a_draft() {
        let mut f = Form::new(ActionKind::Cancel, "SITE-1001", 1, "₴10".into(), "Ім'я", false);
        assert_eq!(f.key(k(KeyCode::Right), None), FormMsg::Changed);
        assert_eq!(f.key(k(KeyCode::Right), None), FormMsg::Changed);
        f.key(k(KeyCode::Tab), Some(Action::NextPane));
        for c in "A-1, B-2".chars() {
            f.key(k(KeyCode::Char(c)), None);
        }
        f.key(k(KeyCode::Tab), Some(Action::NextPane));
        for c in "photo=IMG_1.jpg".chars() {
            f.key(k(KeyCode::Char(c)), None);
        }
        let d = f.draft().unwrap();
        assert_eq!(d.reason, Some(CancelReason::OutOfStock));
        assert_eq!(d.analogs, ["A-1", "B-2"]);
        assert!(d.has_evidence(EvidenceKind::Photo));
        assert!(f.dirty && f.destructive());
        assert_eq!(f.key(k(KeyCode::Esc), Some(Action::Back)), FormMsg::Close);
    }

    #[test]
    fn only_a_role_that_may_override_gets_the_override_field() {
        let plain = Form::new(ActionKind::Cancel, "X", 1, String::new(), "", false);
        assert!(!plain.fields.iter().any(|f| f.id == FieldId::Override));
        let mut f = Form::new(ActionKind::Cancel, "X", 1, String::new(), "", true);
        f.focus = f.fields.len() - 1;
        for c in "approved by phone".chars() {
            f.key(k(KeyCode::Char(c)), None);
        }
        assert_eq!(f.draft().unwrap().override_reason.as_deref(), Some("approved by phone"));
    }

    #[test]
    fn bad_evidence_is_named() {
        let mut f = Form::new(ActionKind::Cancel, "X", 1, String::new(), "", false);
        f.focus = 2;
        for c in "selfie=1".chars() {
            f.key(k(KeyCode::Char(c)), None);
        }
        assert!(f.draft().unwrap_err().contains("selfie"));
    }
}
