//! Drawing the form: one line per field shown, the focused field's hint on the last line, and
//! the lines scrolled so the focused field is always in view on a short screen.

use super::{FieldId, Form, Value, WishGroup};
use crate::tui::common::text::{fit, width};
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

impl Form {
    /// The form's title: `Cancel · SITE-1001 · customer · amount`.
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

    /// Lines the form needs: a line per field shown and the hint line.
    pub fn height(&self) -> u16 {
        u16::try_from(self.visible().count() + 1).unwrap_or(u16::MAX)
    }

    /// The label of a field in the operator's language.
    fn label(&self, id: FieldId, first_analog: bool, ui: &Ui<'_>) -> String {
        match id {
            FieldId::AmountStated => ui.t.f("form.amount_stated", &[("amount", &self.amount_due)]),
            FieldId::Analog(_) if first_analog && self.action == crate::domain::ActionKind::Edit => {
                ui.t.t("form.swap_in").to_owned()
            }
            FieldId::Analog(_) if first_analog => {
                ui.t.f("form.analogs_picked", &[("n", &self.analogs_count())])
            }
            FieldId::Analog(_) => String::new(),
            FieldId::Wish(i) => {
                let Some(field) = self.wish_fields.get(i) else { return String::new() };
                let group = match field.group {
                    WishGroup::Product => "wish_field",
                    WishGroup::Show => "show_field",
                };
                let key = format!("{group}.{}", field.key);
                let known = ui.t.t(&key);
                // A characteristic from the catalogue is named as the catalogue names it.
                let name = if known == key { field.key.replace('_', " ") } else { known.to_owned() };
                ui.t.f(&format!("form.{group}"), &[("name", &name)])
            }
            _ => ui.t.t(key_of(id)).to_owned(),
        }
    }

    fn hint(&self, id: FieldId, value: &Value, ui: &Ui<'_>) -> String {
        let key = match (id, value) {
            (_, Value::Choice { .. }) => "form.hint_choice",
            (FieldId::Analog(_), _) if self.action == crate::domain::ActionKind::Edit => "form.swap_hint",
            (FieldId::Analog(_), _) => "form.analog_hint",
            (FieldId::Items, _) => "form.items_hint",
            (FieldId::Lines, _) => "form.lines_hint",
            (FieldId::Tracking, _) => "form.tracking_hint",
            (FieldId::Expected, _) => "form.expected_hint",
            (_, Value::Toggle(_)) => "form.hint_toggle",
            (FieldId::OtherAnalogs, _) => "form.analogs_hint",
            (FieldId::Evidence, _) => "form.evidence_hint",
            (FieldId::Override, _) => "form.override_hint",
            (FieldId::NextAt, _) => "form.next_at_hint",
            (FieldId::To, _) => "form.to_hint",
            (FieldId::At, _) => "form.at_hint",
            (FieldId::Days, _) => "form.days_hint",
            (FieldId::Page, _) => "form.page_hint",
            (FieldId::Steps, _) => "form.steps_hint",
            (FieldId::Wish(i), _) => match self.wish_fields.get(i) {
                Some(f) if f.key == crate::domain::wish::PICTURE => "form.picture_hint",
                Some(f) if f.group == WishGroup::Product => "form.wish_hint",
                _ => "form.hint_text",
            },
            _ => "form.hint_text",
        };
        ui.t.t(key).to_owned()
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        if area.height == 0 {
            return;
        }
        let label_w = 24.min(area.width as usize / 2);
        let rows: Vec<(usize, &super::Field)> = self.visible().collect();
        // The last line is the hint; the rest scroll to keep the focused field in view.
        let room = usize::from(area.height.saturating_sub(1)).max(1);
        let at = rows.iter().position(|(i, _)| *i == self.focus).unwrap_or(0);
        let offset = (at + 1).saturating_sub(room);
        let first_analog = rows.iter().position(|(_, f)| matches!(f.id, FieldId::Analog(_)));
        for (row, (i, f)) in rows.iter().enumerate().skip(offset).take(room) {
            let y = area.y + u16::try_from(row - offset).unwrap_or(0);
            let focused = *i == self.focus;
            let mark = if focused { "▸ " } else { "  " };
            let label_style = if focused { ui.theme.accent } else { Style::new() };
            let label = self.label(f.id, first_analog == Some(row), ui);
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
            self.draw_value(frame, value_area, f, focused, ui);
        }
        if let Some((_, f)) = rows.get(at) {
            let hint_area = Rect {
                x: area.x + 2,
                y: area.y + area.height - 1,
                width: area.width.saturating_sub(2),
                height: 1,
            };
            let hint = fit(&self.hint(f.id, &f.value, ui), hint_area.width as usize);
            frame.render_widget(Paragraph::new(Span::styled(hint, ui.theme.muted)), hint_area);
        }
    }

    fn draw_value(&self, frame: &mut Frame<'_>, area: Rect, f: &super::Field, focused: bool, ui: &Ui<'_>) {
        match &f.value {
            Value::Choice { options, group, chosen } => {
                let text = match chosen.and_then(|c| options.get(c)) {
                    Some(w) => format!("‹ {} ›", ui.t.t(&format!("{group}.{w}"))),
                    None => format!("‹ {} ›", ui.t.t("form.choose")),
                };
                frame.render_widget(Paragraph::new(text), area);
            }
            Value::Toggle(on) => {
                let (mark, style) = if *on { ("[x]", ui.theme.ok) } else { ("[ ]", Style::new()) };
                let mut spans = vec![Span::styled(mark, style)];
                if let FieldId::Analog(i) = f.id
                    && let Some(c) = self.candidates.get(i)
                {
                    // SKU and stock always show; the name takes what room is left.
                    let stock = ui.t.f("form.stock", &[("n", &c.stock)]);
                    let fixed = 4 + width(&c.sku) + 1 + width(&stock) + 1;
                    let name_w = (area.width as usize).saturating_sub(fixed);
                    spans.push(Span::raw(format!(" {} ", c.sku)));
                    spans.push(Span::styled(fit(&c.name, name_w), ui.theme.muted));
                    spans.push(Span::raw(format!(" {stock}")));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
            Value::Text(input) => input.draw(frame, area, focused),
        }
    }
}

/// The catalog key of a field's label.
fn key_of(id: FieldId) -> &'static str {
    match id {
        FieldId::Reason => "form.reason",
        FieldId::Analog(_) | FieldId::OtherAnalogs => "form.other_analogs",
        FieldId::Evidence => "form.evidence",
        FieldId::Channel => "form.channel",
        FieldId::AmountStated => "form.amount_stated",
        FieldId::AgeConfirmed => "form.age_confirmed",
        FieldId::AdultReceives => "form.adult_receives",
        FieldId::WishKind => "form.wish_kind",
        FieldId::Wish(_) => "form.wish_field",
        FieldId::Note => "form.note",
        FieldId::NextAt => "form.next_at",
        FieldId::Override => "form.override",
        FieldId::Items => "form.items",
        FieldId::Tracking => "form.tracking",
        FieldId::Expected => "form.expected",
        FieldId::TrackStatus => "form.track_status",
        FieldId::Lines => "form.lines",
        FieldId::To => "form.to",
        FieldId::At => "form.at",
        FieldId::Days => "form.days",
        FieldId::Page => "form.page",
        FieldId::Problem => "form.problem",
        FieldId::Resolution => "form.resolution",
        FieldId::Steps => "form.steps",
    }
}
