//! The panes of the desk and the overlays above them. Each owns its local state and turns the
//! actions it receives into changes of that state or into messages for the root, which alone
//! talks to the desk.

pub mod checklist;
pub mod customer;
pub mod form;
pub mod help;
pub mod ledger;
pub mod palette;
pub mod queue;
pub mod review;
pub mod script;
pub mod shift;
pub mod why;

use super::ui::Ui;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// The border of a pane: its title, highlighted when it has the focus.
pub fn pane_block<'a>(title: Line<'a>, focused: bool, ui: &Ui<'_>) -> Block<'a> {
    let block = Block::bordered().title(title);
    if focused { block.border_style(ui.theme.accent) } else { block.border_style(ui.theme.muted) }
}

/// A plain title span.
pub fn title(text: String, focused: bool, ui: &Ui<'_>) -> Line<'static> {
    let style = if focused { ui.theme.accent } else { ratatui::style::Style::new() };
    Line::from(Span::styled(format!(" {text} "), style))
}

/// Rows of a scrolled text pane that fit in `area` inside its border.
pub fn inner_height(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}
