//! A one-line text field over `ratatui-textarea`: the filter, the palette and form fields.
//! Enter never inserts a line; the owner decides what Enter means.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

/// A single-line editable field.
#[derive(Debug, Clone)]
pub struct LineInput {
    area: TextArea<'static>,
}

impl Default for LineInput {
    fn default() -> Self {
        LineInput::new("")
    }
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        let mut area = TextArea::new(vec![text.to_owned()]);
        area.set_cursor_line_style(Style::new());
        area.move_cursor(ratatui_textarea::CursorMove::End);
        LineInput { area }
    }

    pub fn with_placeholder(mut self, text: &str) -> LineInput {
        self.area.set_placeholder_text(text.to_owned());
        self
    }

    pub fn text(&self) -> String {
        self.area.lines().first().cloned().unwrap_or_default()
    }

    pub fn set_text(&mut self, text: &str) {
        *self = LineInput { area: TextArea::new(vec![text.to_owned()]) };
        self.area.set_cursor_line_style(Style::new());
        self.area.move_cursor(ratatui_textarea::CursorMove::End);
    }

    /// Feeds a key; returns whether the text changed. Enter and Tab are not taken.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if matches!(key.code, KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc) {
            return false;
        }
        let before = self.text();
        self.area.input(key);
        self.text() != before
    }

    /// Draws the field; the cursor shows only when `focused`.
    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool) {
        let text = self.text();
        if !focused && !text.is_empty() {
            // Not being edited: the text from its start (the editor keeps its view where the
            // cursor last was, which would show the tail of a long value).
            let shown = super::text::truncate(&text, area.width as usize);
            frame.render_widget(ratatui::widgets::Paragraph::new(shown), area);
            return;
        }
        let mut ta = self.area.clone();
        ta.set_cursor_style(if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        });
        frame.render_widget(&ta, area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    #[test]
    fn enter_is_left_to_the_owner() {
        let mut f = LineInput::new("ab");
        assert!(f.input(KeyEvent::new(KeyCode::Char('ц'), KeyModifiers::NONE)));
        assert!(!f.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        assert_eq!(f.text(), "abц");
        assert!(f.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)));
        assert_eq!(f.text(), "ab");
    }
}
