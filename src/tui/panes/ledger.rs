//! "What I owe": the operator's own ledger lines and balance as the desk reads them (only
//! one's own, unless the rules let the reader see the whole desk), and the handoffs the operator
//! wrote with who took them and when. Reads only; the desk decided what may be shown.

use crate::desk::{HandoffView, LedgerView};
use crate::tui::action::{Action, Hint};
use crate::tui::common::modal::{centered, frame_box};
use crate::tui::common::text::truncate;
use crate::tui::ui::Ui;
use chrono::{DateTime, TimeZone};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The ledger pane's state.
#[derive(Debug, Clone)]
pub struct LedgerPane {
    pub ledger: LedgerView,
    pub handoffs: Vec<HandoffView>,
    /// The shop's zone: times are read in it.
    pub zone: chrono_tz::Tz,
    pub scroll: u16,
}

impl LedgerPane {
    pub const HINTS: &'static [Hint] =
        &[(Action::Back, "footer.close"), (Action::Down, "footer.scroll"), (Action::Help, "footer.help")];

    /// Keys inside: scrolling; true when it closes.
    pub fn on_action(&mut self, action: Option<Action>) -> bool {
        match action {
            Some(Action::Back | Action::Open | Action::Quit | Action::Ledger) => return true,
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::Top) => self.scroll = 0,
            _ => {}
        }
        false
    }

    fn when<Z: TimeZone>(&self, at: &DateTime<Z>) -> String {
        at.with_timezone(&self.zone).format("%d.%m %H:%M").to_string()
    }

    pub fn lines(&self, ui: &Ui<'_>) -> Vec<Line<'static>> {
        let bold = Modifier::BOLD;
        let mut out = Vec::new();
        let balance = self.ledger.balance.map(|m| m.display()).unwrap_or_default();
        out.push(Line::styled(
            ui.t.f("ledger.balance", &[("amount", &balance)]),
            ui.theme.accent.add_modifier(bold),
        ));
        out.push(Line::raw(""));
        out.push(Line::styled(ui.t.t("ledger.lines").to_owned(), ui.theme.muted.add_modifier(bold)));
        if self.ledger.lines.is_empty() {
            out.push(Line::styled(format!("  {}", ui.t.t("ledger.no_lines")), ui.theme.muted));
        }
        for l in &self.ledger.lines {
            let style = if l.amount.amount > 0 { ui.theme.refused } else { ui.theme.ok };
            out.push(Line::from(vec![
                Span::raw(format!("  {}  ", self.when(&l.at))),
                Span::raw(format!("{:<12} ", l.order.as_deref().unwrap_or("—"))),
                Span::raw(format!("{:<4} {:<9} ", l.rule, ui.word("ledger_kind", l.kind))),
                Span::styled(format!("{:>10}  ", l.amount.display()), style),
                Span::styled(truncate(&l.note, 60), ui.theme.muted),
            ]));
        }
        out.push(Line::raw(""));
        out.push(Line::styled(ui.t.t("ledger.handoffs").to_owned(), ui.theme.muted.add_modifier(bold)));
        if self.handoffs.is_empty() {
            out.push(Line::styled(format!("  {}", ui.t.t("ledger.no_handoffs")), ui.theme.muted));
        }
        for h in &self.handoffs {
            let v = &h.handoff;
            let (taken, style) = match (&v.taken_by, &v.taken_at) {
                (Some(by), at) => {
                    let at = at.as_ref().map(|t| self.when(t)).unwrap_or_default();
                    (ui.t.f("ledger.taken", &[("by", &by), ("at", &at)]), ui.theme.ok)
                }
                (None, _) if h.late => (ui.t.t("ledger.waiting_late").to_owned(), ui.theme.refused),
                (None, _) => (ui.t.t("ledger.waiting").to_owned(), ui.theme.warning),
            };
            out.push(Line::from(vec![
                Span::raw(format!("  #{:<4} {}  {:<12} ", v.id, self.when(&v.created_at), v.order_id)),
                Span::styled(format!("{taken}  "), style),
                Span::styled(truncate(&v.note, 60), ui.theme.muted),
            ]));
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let popup = centered(area, area.width.saturating_sub(4).min(120), area.height.saturating_sub(2));
        let who = self.ledger.operator.clone().unwrap_or_default();
        let inner = frame_box(frame, popup, &ui.t.f("ledger.title", &[("who", &who)]), ui);
        frame.render_widget(Paragraph::new(self.lines(ui)).scroll((self.scroll, 0)), inner);
    }
}
