//! What to say to the customer in the situation of the selected order: the scripts the desk
//! chose, most urgent first, in the customer's language (or the one chosen for the call).
//! Section headings stand out; lines for the operator (`- …`) are muted, so what is said aloud
//! reads first.

use super::{pane_block, title};
use crate::scripts::Script;
use crate::tui::action::Action;
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// The script pane's state.
#[derive(Debug, Clone, Default)]
pub struct ScriptPane {
    pub scripts: Vec<Script>,
    /// Which script is shown.
    pub shown: usize,
    pub scroll: u16,
    /// The desk could not choose scripts; said instead of an empty pane.
    pub error: Option<String>,
}

impl ScriptPane {
    /// New scripts for the selected order; the first (most urgent) is shown from the top.
    pub fn set(&mut self, scripts: Result<Vec<Script>, String>) {
        match scripts {
            Ok(s) => {
                self.scripts = s;
                self.error = None;
            }
            Err(e) => {
                self.scripts.clear();
                self.error = Some(e);
            }
        }
        self.shown = 0;
        self.scroll = 0;
    }

    pub fn clear(&mut self) {
        self.set(Ok(Vec::new()));
    }

    /// Enter (or the next-script key) shows the next script; up and down scroll.
    pub fn on_action(&mut self, action: Action) {
        match action {
            Action::Open | Action::NextScript if !self.scripts.is_empty() => {
                self.shown = (self.shown + 1) % self.scripts.len();
                self.scroll = 0;
            }
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Top => self.scroll = 0,
            _ => {}
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool, ui: &Ui<'_>, has_order: bool) {
        let heading = match self.scripts.get(self.shown) {
            Some(s) if self.scripts.len() > 1 => ui.t.f(
                "script.title_of",
                &[
                    ("n", &(self.shown + 1)),
                    ("total", &self.scripts.len()),
                    ("title", &s.title),
                    ("lang", &s.language),
                ],
            ),
            Some(s) => ui.t.f("script.title", &[("title", &s.title), ("lang", &s.language)]),
            None => ui.t.t("pane.script").to_owned(),
        };
        let block = pane_block(title(heading, focused, ui), focused, ui);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines: Vec<Line<'static>> = match (self.scripts.get(self.shown), &self.error) {
            (Some(script), _) => script
                .text
                .lines()
                .map(|l| {
                    if let Some(h) = l.strip_prefix("## ") {
                        Line::styled(h.to_owned(), ui.theme.accent.add_modifier(Modifier::BOLD))
                    } else if l.starts_with("- ") {
                        Line::styled(l.to_owned(), ui.theme.muted)
                    } else {
                        Line::raw(l.to_owned())
                    }
                })
                .collect(),
            (None, Some(e)) => vec![Line::styled(e.clone(), ui.theme.refused)],
            (None, None) => {
                let text = if has_order { ui.t.t("script.none") } else { ui.t.t("customer.none") };
                vec![Line::styled(text.to_owned(), ui.theme.muted)]
            }
        };
        let para = Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0));
        frame.render_widget(para, inner);
    }
}
