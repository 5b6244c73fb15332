//! The draft a form makes: each field shown read into the `Draft` the rules judge, or what is
//! wrong with what was typed (a half-typed day, a bad `SKU=QTY`), said where it was typed.

use super::{FieldId, Form, Value};
use crate::domain::{
    ActionKind, Channel, Draft, Evidence, ItemChange, OrderStatus, Resolution, SiteProblem, Vocabulary, wish,
};

impl Form {
    /// The draft the fields shown make, or what is wrong with them.
    pub fn draft(&self) -> Result<Draft, String> {
        let mut d = Draft::new(self.action);
        for (_, f) in self.visible() {
            match (&f.id, &f.value) {
                (FieldId::Reason, Value::Choice { .. }) => d.reason = self.reason(),
                (FieldId::Channel, Value::Choice { .. }) => {
                    d.channel = self.chosen(FieldId::Channel).and_then(|w| Channel::parse(w).ok());
                }
                (FieldId::WishKind, Value::Choice { .. }) => {
                    if let Some(kind) = self.chosen(FieldId::WishKind) {
                        d.wish.insert(wish::KIND.to_owned(), kind.to_owned());
                    }
                }
                (FieldId::Analog(i), Value::Toggle(true)) => {
                    if let Some(c) = self.candidates.get(*i) {
                        d.analogs.push(c.sku.clone());
                        // An edit swaps the ticked analog in, one of it unless typed otherwise.
                        if self.action == ActionKind::Edit && !d.items.iter().any(|x| x.sku == c.sku) {
                            d.items.push(ItemChange { sku: c.sku.clone(), qty: 1 });
                        }
                    }
                }
                (FieldId::Items, Value::Text(t)) => {
                    for line in t.text().split([',', ';', ' ']).filter(|s| !s.trim().is_empty()) {
                        let change: ItemChange = line.parse()?;
                        d.items.retain(|x| x.sku != change.sku);
                        d.items.push(change);
                    }
                }
                (FieldId::Lines, Value::Text(t)) => {
                    for sku in t.text().split([',', ';', ' ']).filter(|s| !s.is_empty()) {
                        if !d.lines.iter().any(|l| l == sku) {
                            d.lines.push(sku.to_owned());
                        }
                    }
                }
                (FieldId::Tracking, Value::Text(t)) => {
                    let ttn = t.text().trim().to_owned();
                    d.tracking = (!ttn.is_empty()).then_some(ttn);
                }
                (FieldId::Expected, Value::Text(t)) => {
                    let text = t.text();
                    let text = text.trim();
                    if !text.is_empty() {
                        let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                            .map_err(|_| format!("{text:?} is not a day like 2026-11-26 (YYYY-MM-DD)"))?;
                        d.expected = Some(day);
                    }
                }
                (FieldId::TrackStatus, Value::Choice { .. }) => {
                    d.track = self.chosen(FieldId::TrackStatus).and_then(|w| OrderStatus::parse(w).ok());
                }
                (FieldId::To, Value::Text(t)) => {
                    let to = t.text().trim().to_owned();
                    d.to = (!to.is_empty()).then_some(to);
                }
                (FieldId::At, Value::Text(t)) => {
                    let text = t.text();
                    let text = text.trim();
                    if !text.is_empty() {
                        d.at = Some(crate::domain::parse_when(text, self.zone, "call back at")?);
                    }
                }
                (FieldId::Days, Value::Text(t)) => {
                    let text = t.text();
                    let text = text.trim();
                    if !text.is_empty() {
                        // A whole number; whether that many days may be kept is the rules' to say.
                        let days: i64 =
                            text.parse().ok().filter(|d| *d >= 1).ok_or_else(|| {
                                format!("{text:?} is not a whole number of days (1 or more)")
                            })?;
                        d.days = Some(days);
                    }
                }
                (FieldId::Page, Value::Text(t)) => {
                    let page = t.text().trim().to_owned();
                    d.page = (!page.is_empty()).then_some(page);
                }
                (FieldId::Problem, Value::Choice { .. }) => {
                    d.problem = self.chosen(FieldId::Problem).and_then(|w| SiteProblem::parse(w).ok());
                }
                (FieldId::Resolution, Value::Choice { .. }) => {
                    d.resolution = self.chosen(FieldId::Resolution).and_then(|w| Resolution::parse(w).ok());
                }
                (FieldId::Steps, Value::Text(t)) => {
                    for step in t.text().split([',', ';', ' ']).filter(|s| !s.is_empty()) {
                        if !d.steps.iter().any(|x| x == step) {
                            d.steps.push(step.to_owned());
                        }
                    }
                }
                (FieldId::OtherAnalogs, Value::Text(t)) => {
                    for sku in t.text().split([',', ';', ' ']).filter(|s| !s.is_empty()) {
                        if !d.analogs.iter().any(|a| a == sku) {
                            d.analogs.push(sku.to_owned());
                        }
                    }
                }
                (FieldId::Evidence, Value::Text(t)) => {
                    for item in t.text().split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        d.evidence.push(item.parse::<Evidence>()?);
                    }
                }
                (FieldId::Wish(i), Value::Text(t)) => {
                    let value = t.text().trim().to_owned();
                    if let Some(field) = self.wish_fields.get(*i)
                        && !value.is_empty()
                    {
                        d.wish.insert(field.key.clone(), value);
                    }
                }
                (FieldId::AmountStated, Value::Toggle(on)) => d.amount_stated = *on,
                (FieldId::AgeConfirmed, Value::Toggle(on)) => d.age_confirmed = *on,
                (FieldId::AdultReceives, Value::Toggle(on)) => d.adult_receives = *on,
                (FieldId::Note, Value::Text(t)) => d.note = t.text().trim().to_owned(),
                (FieldId::NextAt, Value::Text(t)) => {
                    let text = t.text();
                    let text = text.trim();
                    if !text.is_empty() {
                        d.at = Some(crate::domain::parse_when(text, self.zone, "next step")?);
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
}
