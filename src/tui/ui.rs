//! What every pane needs to draw: the words, the colours, the keys and the time. Built once per
//! frame from the app's state; drawing only reads it.

use super::action::Action;
use super::i18n::I18n;
use super::keymap::Keymap;
use super::theme::Theme;
use crate::desk::OrderRow;
use crate::display::{self, SpanUnit};
use crate::domain::{Currency, CustomerClass, Due, Money};
use chrono::{DateTime, Duration, Utc};
use ratatui::style::Style;
use ratatui::text::Span;

/// How close a deadline must be to show in the warning colour (brief: within two hours).
pub const DUE_SOON: Duration = Duration::hours(2);

/// The drawing context.
pub struct Ui<'a> {
    pub t: &'a I18n,
    pub theme: &'a Theme,
    pub keys: &'a Keymap,
    pub now: DateTime<Utc>,
    pub currency: Currency,
    /// Text is being typed (a form, the filter): key hints name only keys that work there.
    pub typing: bool,
}

impl Ui<'_> {
    /// A word of the domain in the operator's language (`status.in_work` → "in work").
    pub fn word<V: crate::domain::Vocabulary>(&self, group: &str, value: V) -> String {
        self.t.word(group, value)
    }

    pub fn money(&self, amount: i64) -> String {
        Money::new(amount, self.currency).display()
    }

    /// `key label` pairs for the footer and popups; actions without a key are left out.
    pub fn key_hints(&self, items: &[(Action, &str)]) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for (action, label) in items {
            let key =
                if self.typing { self.keys.label_while_typing(*action) } else { self.keys.label(*action) };
            let Some(key) = key else { continue };
            if !spans.is_empty() {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(key, self.theme.key));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(self.t.t(label).to_owned()));
        }
        spans
    }

    /// A compact span of time in the operator's language: `45m`, `23h`, `6d`.
    pub fn span(&self, d: Duration) -> String {
        span_in(d, self.t)
    }

    /// A deadline as the queue shows it, and its colour: late once passed, warning within 2 h.
    pub fn due(&self, due: Option<Due>) -> (String, Style) {
        match due {
            None => ("—".to_owned(), self.theme.muted),
            Some(d) if d.at <= self.now => {
                (self.t.f("due.late", &[("span", &self.span(self.now - d.at))]), self.theme.late)
            }
            Some(d) => {
                let style = if d.at - self.now <= DUE_SOON { self.theme.due_soon } else { Style::new() };
                (self.t.f("due.in", &[("span", &self.span(d.at - self.now))]), style)
            }
        }
    }

    /// The markers of a queue row: SuperVip, complaint, 18+, b2b.
    pub fn flags(&self, r: &OrderRow) -> String {
        let mut f: Vec<&str> = Vec::new();
        if r.customer_class == CustomerClass::Supervip {
            f.push(self.t.t("flag.supervip"));
        }
        if r.complaint {
            f.push(self.t.t("flag.complaint"));
        }
        if r.age_restricted {
            f.push(self.t.t("flag.adult"));
        }
        if r.customer_class == CustomerClass::B2b {
            f.push(self.t.t("flag.b2b"));
        }
        f.join(" ")
    }
}

/// A compact span in the operator's language; the unit is chosen by [`display::span_parts`].
pub fn span_in(d: Duration, t: &I18n) -> String {
    let (n, unit) = display::span_parts(d);
    let key = match unit {
        SpanUnit::Minutes => "unit.minutes",
        SpanUnit::Hours => "unit.hours",
        SpanUnit::Days => "unit.days",
    };
    t.f(key, &[("n", &n)])
}
