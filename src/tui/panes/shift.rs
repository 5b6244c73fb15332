//! The end of a shift in the workstation: the operator's open orders that need someone
//! while they are away, as the desk lists them, each marked with its handoff once one is
//! written. Enter writes the handoff of the selected order (the root opens the handoff form
//! and comes back here); the end-shift key ends the shift through the desk, and a refusal is
//! shown here, not lost. The pane only holds what the desk said; it judges nothing.

use crate::desk::AwayItem;
use crate::tui::action::{Action, Hint};
use crate::tui::common::list::ListPos;
use crate::tui::common::modal::{centered, frame_box};
use crate::tui::common::text::fit;
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// What the root must do after a key in the shift-end pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShiftMsg {
    None,
    Close,
    /// Write the handoff of this order.
    Write(String),
    /// End the shift now.
    End,
}

/// The shift-end pane's state.
#[derive(Debug, Clone, Default)]
pub struct ShiftPane {
    /// The orders that need someone while the operator is away.
    pub items: Vec<AwayItem>,
    pub pos: ListPos,
    /// Why the desk refused to end the shift, as last tried.
    pub refusal: Option<String>,
}

impl ShiftPane {
    pub const HINTS: &'static [Hint] = &[
        (Action::Open, "footer.write_handoff"),
        (Action::EndShift, "footer.end_shift"),
        (Action::Down, "footer.pick"),
        (Action::Back, "footer.close"),
        (Action::Help, "footer.help"),
    ];

    pub fn new(items: Vec<AwayItem>) -> ShiftPane {
        let mut pane = ShiftPane { items, ..ShiftPane::default() };
        pane.select_next_missing();
        pane
    }

    /// The items again after a handoff was written, the selection on the next order that still
    /// has none (or where it was when all have one).
    pub fn set_items(&mut self, items: Vec<AwayItem>) {
        self.items = items;
        self.pos.to(self.pos.selected, self.items.len());
        self.select_next_missing();
    }

    fn select_next_missing(&mut self) {
        if let Some(i) = self.items.iter().position(|i| i.handoff.is_none()) {
            self.pos.to(i, self.items.len());
        }
    }

    /// How many orders still have no handoff.
    pub fn missing(&self) -> usize {
        self.items.iter().filter(|i| i.handoff.is_none()).count()
    }

    pub fn on_action(&mut self, action: Option<Action>) -> ShiftMsg {
        let len = self.items.len();
        match action {
            Some(Action::Back | Action::Quit) => ShiftMsg::Close,
            Some(Action::Down) => {
                self.pos.step(1, len);
                ShiftMsg::None
            }
            Some(Action::Up) => {
                self.pos.step(-1, len);
                ShiftMsg::None
            }
            Some(Action::Top) => {
                self.pos.to(0, len);
                ShiftMsg::None
            }
            Some(Action::Bottom) => {
                self.pos.to(len.saturating_sub(1), len);
                ShiftMsg::None
            }
            Some(Action::Open | Action::Handoff) => match self.items.get(self.pos.selected) {
                Some(item) => ShiftMsg::Write(item.order.clone()),
                None => ShiftMsg::None,
            },
            Some(Action::EndShift) => ShiftMsg::End,
            _ => ShiftMsg::None,
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let popup = centered(area, area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
        let title = ui.t.f("shift.title", &[("n", &self.items.len()), ("missing", &self.missing())]);
        let inner = frame_box(frame, popup, &title, ui);
        let mut lines: Vec<Line<'_>> = Vec::new();
        let key = ui.keys.label(Action::EndShift).unwrap_or_default();
        let intro = match (self.items.is_empty(), self.missing()) {
            (true, _) => "shift.nothing",
            (false, 0) => "shift.all_written",
            _ => "shift.intro",
        };
        lines.push(Line::styled(ui.t.f(intro, &[("key", &key)]), ui.theme.muted));
        let width = inner.width as usize;
        for (i, item) in self.items.iter().enumerate() {
            let selected = i == self.pos.selected;
            let mark = if selected { "▸ " } else { "  " };
            let needs: Vec<String> = item.needs.iter().map(|n| ui.word("need", *n)).collect();
            let (state, style) = match item.handoff {
                Some(id) => (ui.t.f("shift.written", &[("id", &id)]), ui.theme.ok),
                None => (ui.t.t("shift.no_handoff").to_owned(), ui.theme.refused),
            };
            let (due, _) = ui.due(item.due);
            let head = format!("{mark}{:<12} {:<12} ", item.order, ui.word("status", item.status));
            let rest = format!("{} · {}", needs.join(", "), due);
            let line_style = if selected { ui.theme.selection } else { ratatui::style::Style::new() };
            let room = width.saturating_sub(head.chars().count() + state.chars().count() + 3);
            lines.push(Line::from(vec![
                Span::styled(head, line_style),
                Span::styled(format!("{state}  "), style),
                Span::styled(fit(&rest, room), ui.theme.muted),
            ]));
        }
        if let Some(why) = &self.refusal {
            lines.push(Line::raw(""));
            lines.push(Line::styled(why.clone(), ui.theme.refused));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AwayNeed, OrderStatus};

    fn item(order: &str, handoff: Option<i64>) -> AwayItem {
        AwayItem {
            order: order.into(),
            status: OrderStatus::InWork,
            needs: vec![AwayNeed::Callback],
            due: None,
            handoff,
        }
    }

    #[test]
    fn the_selection_moves_to_the_next_order_without_a_handoff() {
        let mut pane = ShiftPane::new(vec![item("A", Some(1)), item("B", None), item("C", None)]);
        assert_eq!(pane.pos.selected, 1);
        assert_eq!(pane.on_action(Some(Action::Open)), ShiftMsg::Write("B".into()));
        pane.set_items(vec![item("A", Some(1)), item("B", Some(2)), item("C", None)]);
        assert_eq!(pane.pos.selected, 2);
        assert_eq!(pane.missing(), 1);
        assert_eq!(pane.on_action(Some(Action::EndShift)), ShiftMsg::End);
    }
}
