//! The `?` overlay: every action with every key bound to it, generated from the keymap in force
//! (custom keys included), and what the colours and markers of the queue mean.

use crate::tui::action::{Action, Hint};
use crate::tui::common::modal::{centered, frame_box};
use crate::tui::common::text::fit;
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The help overlay's state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: u16,
}

/// What the root must do after a key in the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpMsg {
    None,
    Close,
}

impl Help {
    /// The footer while the help is in front.
    pub const HINTS: &'static [Hint] = &[(Action::Back, "footer.close"), (Action::Down, "footer.scroll")];

    pub fn on_action(&mut self, action: Option<Action>) -> HelpMsg {
        match action {
            Some(Action::Back | Action::Help | Action::Quit) => return HelpMsg::Close,
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::Top) => self.scroll = 0,
            _ => {}
        }
        HelpMsg::None
    }

    pub fn lines(ui: &Ui<'_>) -> Vec<Line<'static>> {
        let key_w = Action::ALL
            .iter()
            .map(|a| crate::tui::common::text::width(&ui.keys.labels(*a)))
            .max()
            .unwrap_or(6)
            .min(16);
        let mut out: Vec<Line<'static>> = Action::ALL
            .iter()
            .filter(|a| !ui.keys.keys(**a).is_empty())
            .map(|a| {
                Line::from(vec![
                    Span::styled(fit(&ui.keys.labels(*a), key_w), ui.theme.key),
                    Span::raw("  "),
                    Span::raw(ui.t.t(&format!("action.{}", a.name())).to_owned()),
                ])
            })
            .collect();
        out.push(Line::raw(""));
        out.push(Line::styled(ui.t.t("help.legend").to_owned(), ui.theme.accent));
        out.push(Line::from(vec![
            Span::styled(
                ui.t.f("due.late", &[("span", &ui.span(chrono::Duration::hours(3)))]),
                ui.theme.late,
            ),
            Span::raw(format!("  {}", ui.t.t("help.late"))),
        ]));
        out.push(Line::from(vec![
            Span::styled(
                ui.t.f("due.in", &[("span", &ui.span(chrono::Duration::hours(1)))]),
                ui.theme.due_soon,
            ),
            Span::raw(format!("  {}", ui.t.t("help.due_soon"))),
        ]));
        for flag in ["supervip", "complaint", "adult", "b2b"] {
            out.push(Line::from(vec![
                Span::styled(ui.t.t(&format!("flag.{flag}")).to_owned(), ui.theme.warning),
                Span::raw(format!("  {}", ui.t.t(&format!("help.flag_{flag}")))),
            ]));
        }
        out.push(Line::raw(""));
        // The popup is 72 wide: the commands' line wraps inside its border.
        for line in crate::tui::common::text::wrap(ui.t.t("help.palette"), 70) {
            out.push(Line::styled(line, ui.theme.muted));
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let lines = Help::lines(ui);
        let popup = centered(area, 72, lines.len() as u16 + 2);
        let title = ui.t.f("help.title", &[("key", &ui.keys.label(Action::Back).unwrap_or_default())]);
        let inner = frame_box(frame, popup, &title, ui);
        let max = (lines.len() as u16).saturating_sub(inner.height);
        let scroll = self.scroll.min(max);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
        if scroll < max {
            // More below: say so on the border, with the key that scrolls.
            let key = ui.keys.label(Action::Down).unwrap_or_default();
            let more = Line::styled(format!(" {} ", ui.t.f("help.more", &[("key", &key)])), ui.theme.accent);
            let bottom = Rect { y: popup.y + popup.height.saturating_sub(1), height: 1, ..popup };
            frame.render_widget(Paragraph::new(more.right_aligned()), bottom);
        }
    }
}
