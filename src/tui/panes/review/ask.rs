//! A decision filled in over the review: the appeal's resolution, the written reason of a
//! reservation exception, whom to pass an order to, the note of a cancel. It only
//! builds the `Draft`; the root asks the desk for the verdict, asks y/n and performs.

use crate::domain::{ActionKind, CancelReason, Draft, Resolution, Vocabulary};
use crate::tui::action::Action;
use crate::tui::common::textarea::LineInput;
use crate::tui::keymap::Key;
use crossterm::event::{KeyCode, KeyEvent};

/// Which decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskKind {
    Resolve,
    Approve,
    Reassign,
    Cancel,
}

/// What the root must do after a key in the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskMsg {
    None,
    Close,
    Submit,
}

/// A decision being filled in.
#[derive(Debug, Clone)]
pub struct Ask {
    pub kind: AskKind,
    pub order: String,
    /// Whose charge or refusal it is, and the charge appealed: for the title.
    pub operator: String,
    pub charge: String,
    /// The words to choose from (resolutions or logins) with how they read, and the choice.
    pub options: Vec<(String, String)>,
    pub chosen: Option<usize>,
    /// The written part: a reason or a note; `None` when the decision has none.
    pub text: Option<LineInput>,
    /// Whether the text field (rather than the choice) has the focus.
    pub on_text: bool,
    /// The attempt an approval performs (as it was asked for), with the written reason.
    pub attempt: Option<Draft>,
}

impl Ask {
    fn new(kind: AskKind, order: &str) -> Ask {
        Ask {
            kind,
            order: order.to_owned(),
            operator: String::new(),
            charge: String::new(),
            options: Vec::new(),
            chosen: None,
            text: None,
            on_text: false,
            attempt: None,
        }
    }

    pub fn resolve(order: &str, operator: &str, charge: &str) -> Ask {
        Ask {
            operator: operator.to_owned(),
            charge: charge.to_owned(),
            options: Resolution::ALL.iter().map(|r| (r.as_str().to_owned(), String::new())).collect(),
            ..Ask::new(AskKind::Resolve, order)
        }
    }

    pub fn approve(order: &str, operator: &str, attempt: &Draft) -> Ask {
        Ask {
            operator: operator.to_owned(),
            attempt: Some(attempt.clone()),
            text: Some(LineInput::default()),
            on_text: true,
            ..Ask::new(AskKind::Approve, order)
        }
    }

    /// `operators`: login and name of everyone configured.
    pub fn reassign(order: &str, operators: &[(String, String)]) -> Ask {
        Ask {
            options: operators.to_vec(),
            text: Some(LineInput::default()),
            ..Ask::new(AskKind::Reassign, order)
        }
    }

    pub fn cancel(order: &str) -> Ask {
        Ask { text: Some(LineInput::default()), on_text: true, ..Ask::new(AskKind::Cancel, order) }
    }

    pub fn text(&self) -> String {
        self.text.as_ref().map(|t| t.text().trim().to_owned()).unwrap_or_default()
    }

    pub fn choice(&self) -> Option<&str> {
        self.chosen.and_then(|i| self.options.get(i)).map(|(w, _)| w.as_str())
    }

    /// The draft the decision makes, or the catalog key of what is missing.
    pub fn draft(&self) -> Result<Draft, &'static str> {
        let choice = || self.choice().map(str::to_owned).ok_or("review.ask.need_choice");
        let text = || Some(self.text()).filter(|t| !t.is_empty()).ok_or("review.ask.need_text");
        Ok(match self.kind {
            AskKind::Resolve => Draft {
                resolution: Resolution::parse(&choice()?).ok(),
                ..Draft::new(ActionKind::ResolveAppeal)
            },
            AskKind::Approve => {
                let attempt = self.attempt.clone().ok_or("review.nothing_to_decide")?;
                Draft { override_reason: Some(text()?), ..attempt }
            }
            AskKind::Reassign => {
                Draft { to: Some(choice()?), note: self.text(), ..Draft::new(ActionKind::Transfer) }
            }
            // The head of sales cancels an order kept past its days in work; the note says
            // why, as the rules ask of an "other" reason.
            AskKind::Cancel => {
                Draft { reason: Some(CancelReason::Other), note: text()?, ..Draft::new(ActionKind::Cancel) }
            }
        })
    }

    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> AskMsg {
        let has_choice = !self.options.is_empty();
        if !Key::is_text(&key) {
            match action {
                Some(Action::Back) => return AskMsg::Close,
                Some(Action::Open) => return AskMsg::Submit,
                Some(Action::NextPane | Action::PrevPane | Action::Down | Action::Up)
                    if has_choice && self.text.is_some() =>
                {
                    self.on_text = !self.on_text;
                    return AskMsg::None;
                }
                _ => {}
            }
        }
        if self.on_text {
            if let Some(input) = &mut self.text {
                input.input(key);
            }
            return AskMsg::None;
        }
        let n = self.options.len();
        if n > 0 {
            match key.code {
                KeyCode::Right | KeyCode::Char(' ') => {
                    self.chosen = Some(self.chosen.map_or(0, |c| (c + 1) % n))
                }
                KeyCode::Left => self.chosen = Some(self.chosen.map_or(n - 1, |c| (c + n - 1) % n)),
                _ => {}
            }
        }
        AskMsg::None
    }

    /// Lines the decision needs inside its box: title line, choice, text, hint, keys.
    pub fn height(&self) -> u16 {
        2 + u16::from(!self.options.is_empty()) * 2 + u16::from(self.text.is_some()) * 2 + 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn an_appeal_is_resolved_with_one_of_three_words() {
        let mut a = Ask::resolve("SITE-1076", "ivan", "₴1 114");
        assert_eq!(a.draft().unwrap_err(), "review.ask.need_choice");
        a.key(k(KeyCode::Left), Some(Action::PrevTab));
        let d = a.draft().unwrap();
        assert_eq!((d.action, d.resolution), (ActionKind::ResolveAppeal, Some(Resolution::Doubled)));
        assert_eq!(a.key(k(KeyCode::Enter), Some(Action::Open)), AskMsg::Submit);
    }

    #[test]
    fn an_exception_is_the_attempt_again_with_a_written_reason() {
        let mut attempt = Draft::new(ActionKind::Reserve);
        attempt.note = "the customer pays in advance".into();
        let mut a = Ask::approve("SITE-1050", "ivan", &attempt);
        assert_eq!(a.draft().unwrap_err(), "review.ask.need_text");
        for c in "paid in advance".chars() {
            a.key(k(KeyCode::Char(c)), None);
        }
        let d = a.draft().unwrap();
        assert_eq!((d.action, d.override_reason.as_deref()), (ActionKind::Reserve, Some("paid in advance")));
        assert_eq!(d.note, attempt.note, "the attempt as it was asked for");
    }

    #[test]
    fn a_reassignment_picks_an_operator_and_may_say_why() {
        let ops =
            vec![("olena".to_owned(), "Olena Koval".to_owned()), ("taras".to_owned(), "Taras".to_owned())];
        let mut a = Ask::reassign("SITE-1087", &ops);
        a.key(k(KeyCode::Right), Some(Action::NextTab));
        a.key(k(KeyCode::Right), Some(Action::NextTab));
        a.key(k(KeyCode::Tab), Some(Action::NextPane));
        for c in "mentor".chars() {
            a.key(k(KeyCode::Char(c)), None);
        }
        let d = a.draft().unwrap();
        assert_eq!((d.to.as_deref(), d.note.as_str()), (Some("taras"), "mentor"));
    }
}
