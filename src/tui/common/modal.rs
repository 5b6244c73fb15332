//! Popups over the desk: a centred box with a border, and the yes/no confirmation that stands
//! between a slip of the finger and anything that cannot be undone.

use super::super::ui::Ui;
use crate::tui::action::{Action, Hint};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// A box of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clears `area` and draws a bordered, titled box; returns the inside.
pub fn frame_box(frame: &mut Frame<'_>, area: Rect, title: &str, ui: &Ui<'_>) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_style(ui.theme.accent)
        .title(Span::styled(format!(" {title} "), ui.theme.accent));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A question with a yes and a no; what "yes" does is kept by the owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm<T> {
    pub title: String,
    pub lines: Vec<String>,
    /// Draw the first line in the warning colour (money at stake, data lost).
    pub warn: bool,
    pub on_yes: T,
}

impl<T> Confirm<T> {
    /// The keys of the question: shown in its box and, while it is in front, in the footer.
    pub const HINTS: &'static [Hint] = &[(Action::Yes, "confirm.yes"), (Action::No, "confirm.no")];

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let width =
            self.lines.iter().map(|l| super::text::width(l)).max().unwrap_or(20).clamp(30, 70) as u16 + 4;
        let height = self.lines.len() as u16 + 4;
        let popup = centered(area, width, height);
        let inner = frame_box(frame, popup, &self.title, ui);
        let mut text: Vec<Line<'_>> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 && self.warn {
                    Line::styled(l.clone(), ui.theme.warning)
                } else {
                    Line::raw(l.clone())
                }
            })
            .collect();
        text.push(Line::raw(""));
        text.push(Line::from(ui.key_hints(Self::HINTS)));
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    }
}
