//! What to say to the customer in the situation of the selected order. Scripts are chosen by
//! the desk; until the desk offers them for the workstation this pane says so plainly rather
//! than inventing words for the operator to read out.

use super::{pane_block, title};
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// The script pane's state.
#[derive(Debug, Clone, Default)]
pub struct ScriptPane {
    pub scroll: u16,
}

impl ScriptPane {
    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool, ui: &Ui<'_>, has_order: bool) {
        let block = pane_block(title(ui.t.t("pane.script").to_owned(), focused, ui), focused, ui);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text = if has_order { ui.t.t("script.none") } else { ui.t.t("customer.none") };
        let para = Paragraph::new(Line::styled(text.to_owned(), ui.theme.muted)).wrap(Wrap { trim: false });
        frame.render_widget(para, inner);
    }
}
