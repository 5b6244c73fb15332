//! Which layer of the workstation is in front. The desk's panes are always at the bottom; over
//! them stands at most one [`Base`] (a form, or the day's review) and over that at most one
//! [`Popup`] (the help, "why?", the palette, a yes/no question). [`App::layers`] lists them from
//! the bottom up and [`App::front`] is the last of them: the one layer that takes the keys and
//! the mouse, decides whether key hints name keys that work while typing, writes the footer and
//! is drawn on top. Key routing, the mouse, the typing flag, the footer and the drawing all ask
//! these two functions, so they cannot disagree about it.
//!
//! The types leave out what cannot happen, so no precedence between siblings has to be
//! decided anywhere: a form and the review are one field, and two popups are one `Option` — a
//! popup takes every key, and the one way from a popup to another (the palette's `:help`)
//! closes the first. What does stack is kept: a question over a form or over a decision in the
//! review, the help or "why?" over a form, the help or the palette over the review. (The types
//! still admit a popup no key opens there, "why?" over the review say; it would simply be in
//! front and close back to what is under it.)
//!
//! Each layer's footer is its own list of hints, kept beside its key handling (`Help::HINTS`,
//! `Form::HINTS`…) and read through the same keymap as the `?` help.

use super::{App, Pending};
use crate::tui::action::{Action, Hint};
use crate::tui::common::modal::Confirm;
use crate::tui::panes::form::Form;
use crate::tui::panes::help::{Help, HelpMsg};
use crate::tui::panes::ledger::LedgerPane;
use crate::tui::panes::palette::{Palette, PaletteMsg};
use crate::tui::panes::review::ReviewPane;
use crate::tui::panes::shift::ShiftPane;
use crate::tui::panes::why::Why;
use crate::tui::ui::Ui;
use anyhow::Result;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// What covers the desk's panes: nothing, or one of these (boxed, so the bare desk is small).
/// Each is opened only from the bare desk — the keys and commands that open one reach only the
/// desk layer, and the palette's commands close the review first — so setting one never
/// replaces the other.
pub(super) enum Base {
    Desk,
    /// An action on the selected order being filled in.
    Form(Box<Form>),
    /// The supervisor's day review, and the decision being filled in over it, if any.
    Review(Box<ReviewPane>),
    /// The end of the shift: the orders that need a handoff. A handoff form opened from it
    /// stands in its place until it closes, then the list comes back (`App::shift_behind`).
    Shift(Box<ShiftPane>),
    /// One's own ledger and handoffs.
    Ledger(Box<LedgerPane>),
}

impl Base {
    pub(super) fn form(&self) -> Option<&Form> {
        match self {
            Base::Form(form) => Some(form.as_ref()),
            _ => None,
        }
    }

    pub(super) fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Base::Form(form) => Some(form.as_mut()),
            _ => None,
        }
    }

    pub(super) fn review(&self) -> Option<&ReviewPane> {
        match self {
            Base::Review(review) => Some(review.as_ref()),
            _ => None,
        }
    }

    pub(super) fn review_mut(&mut self) -> Option<&mut ReviewPane> {
        match self {
            Base::Review(review) => Some(review.as_mut()),
            _ => None,
        }
    }

    /// Closes the form, if a form is what is open (a review stays).
    pub(super) fn drop_form(&mut self) {
        if matches!(self, Base::Form(_)) {
            *self = Base::Desk;
        }
    }

    /// Closes the review, if the review is what is open (a form stays).
    pub(super) fn drop_review(&mut self) {
        if matches!(self, Base::Review(_)) {
            *self = Base::Desk;
        }
    }

    fn layer(&self) -> Option<Front> {
        match self {
            Base::Desk => None,
            Base::Form(_) => Some(Front::Form),
            Base::Review(review) if review.ask.is_some() => Some(Front::Decision),
            Base::Review(_) => Some(Front::Review),
            Base::Shift(_) => Some(Front::Shift),
            Base::Ledger(_) => Some(Front::Ledger),
        }
    }
}

/// A box over everything else; it takes every key while it is open.
pub(super) enum Popup {
    Help(Help),
    Why(Why),
    /// Boxed: its line editor and refusals dwarf the other popups.
    Palette(Box<Palette>),
    Confirm(Confirm<Pending>),
}

impl Popup {
    fn layer(&self) -> Front {
        match self {
            Popup::Help(_) => Front::Help,
            Popup::Why(_) => Front::Why,
            Popup::Palette(_) => Front::Palette,
            Popup::Confirm(_) => Front::Confirm,
        }
    }

    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        match self {
            Popup::Help(help) => help.draw(frame, area, ui),
            Popup::Why(why) => why.draw(frame, area, ui),
            Popup::Palette(palette) => palette.draw(frame, area, ui),
            Popup::Confirm(confirm) => confirm.draw(frame, area, ui),
        }
    }
}

/// A layer of the workstation, as the places that ask which one is in front name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// The desk's panes; keys go to the focused one.
    Desk,
    /// The desk while the queue's filter is being typed.
    Filter,
    Form,
    Review,
    /// A decision (resolve, approve, reassign, cancel) being filled in over the review.
    Decision,
    /// The end of the shift and its handoffs.
    Shift,
    Ledger,
    Help,
    Why,
    Palette,
    Confirm,
}

impl Front {
    /// Printable keys go into a text field: key hints name only keys that still act there
    /// (`F2` for "why?", not `w`).
    pub fn takes_text(self) -> bool {
        matches!(self, Front::Filter | Front::Form | Front::Decision | Front::Palette)
    }

    /// Clicks and the wheel reach the desk's panes only when nothing covers them.
    pub fn lets_mouse_through(self) -> bool {
        matches!(self, Front::Desk | Front::Filter)
    }

    /// The footer while this layer is in front: each layer's own list, kept beside its keys.
    /// The desk's depends on the focus and the tab, so the app writes it.
    pub(super) fn hints(self) -> Option<&'static [Hint]> {
        Some(match self {
            Front::Desk => return None,
            Front::Filter => crate::tui::panes::queue::QueuePane::FILTER_HINTS,
            Front::Form => Form::HINTS,
            Front::Review => ReviewPane::HINTS,
            Front::Decision => ReviewPane::ASK_HINTS,
            Front::Shift => ShiftPane::HINTS,
            Front::Ledger => LedgerPane::HINTS,
            Front::Help => Help::HINTS,
            Front::Why => Why::HINTS,
            Front::Palette => Palette::HINTS,
            Front::Confirm => Confirm::<Pending>::HINTS,
        })
    }
}

impl App {
    /// The layers from the bottom up: the desk (or its filter being typed), the form or the
    /// review if one is open, the popup if one is open. The last is in front; drawing goes
    /// through them in this order.
    pub fn layers(&self) -> impl Iterator<Item = Front> + '_ {
        let desk = if self.queue.is_editing() { Front::Filter } else { Front::Desk };
        std::iter::once(desk).chain(self.base.layer()).chain(self.popup.as_ref().map(Popup::layer))
    }

    /// The layer in front: it has the keys, the mouse, the footer and the top of the drawing.
    pub fn front(&self) -> Front {
        // The desk is always the first layer, so there is a last one.
        self.layers().last().unwrap_or(Front::Desk)
    }

    /// A key while a popup is in front: the popup handles it and stays open, or closes.
    pub(super) fn popup_key(&mut self, key: KeyEvent, action: Option<Action>) -> Result<()> {
        let Some(popup) = self.popup.take() else { return Ok(()) };
        match popup {
            Popup::Confirm(confirm) => match action {
                Some(Action::Yes) => self.resolve(confirm.on_yes)?,
                Some(Action::No | Action::Back) => {}
                _ => self.popup = Some(Popup::Confirm(confirm)),
            },
            Popup::Help(mut help) => {
                if help.on_action(action) != HelpMsg::Close {
                    self.popup = Some(Popup::Help(help));
                }
            }
            Popup::Why(mut why) => {
                if !why.on_action(action) {
                    self.popup = Some(Popup::Why(why));
                }
            }
            Popup::Palette(mut palette) => match palette.key(key, action) {
                PaletteMsg::None => self.popup = Some(Popup::Palette(palette)),
                PaletteMsg::Close => {}
                PaletteMsg::Run(cmd) => self.run(cmd)?,
                PaletteMsg::Unknown(line) => {
                    let help = self.s.keymap.label(Action::Help).unwrap_or_default();
                    self.say(self.s.i18n.f("msg.unknown_command", &[("line", &line), ("key", &help)]), true);
                }
            },
        }
        Ok(())
    }
}
