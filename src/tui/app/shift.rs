//! The shift in the workstation, from the root: `:shift start`, the shift-end list whose
//! handoffs are written one after another without leaving it (each through the handoff form,
//! the same evaluate → checklist → perform path as any action), ending the shift through the
//! desk with its refusal shown in the list, and the operator's own ledger and handoffs.

use super::App;
use super::front::Base;
use crate::desk::DeskError;
use crate::domain::ActionKind;
use crate::tui::action::Action;
use crate::tui::panes::ledger::LedgerPane;
use crate::tui::panes::shift::{ShiftMsg, ShiftPane};
use anyhow::Result;

/// How many ledger lines and handoffs the ledger view reads.
const LEDGER_WINDOW: usize = 200;

impl App {
    pub(super) fn start_shift(&mut self) {
        match self.desk.start_shift(&self.actor) {
            Ok(_) => self.say(self.s.i18n.t("msg.shift_started").to_owned(), false),
            Err(e) => self.say(self.s.i18n.f("msg.shift_not_started", &[("why", &e)]), true),
        }
    }

    /// The orders that need someone while the operator is away, as ending the shift now would
    /// ask for them; without a shift in progress, the status line says how to start one.
    pub(super) fn open_shift_end(&mut self) {
        match self.desk.shift_status(&self.actor.login) {
            Ok((None, _)) => {
                let key = ":shift start";
                self.say(self.s.i18n.f("msg.no_shift", &[("command", &key)]), true);
            }
            Ok((Some(_), items)) => self.base = Base::Shift(Box::new(ShiftPane::new(items))),
            Err(e) => self.say(e.to_string(), true),
        }
    }

    pub(super) fn shift_key(&mut self, action: Option<Action>) -> Result<()> {
        let Base::Shift(pane) = &mut self.base else { return Ok(()) };
        match pane.on_action(action) {
            ShiftMsg::None => {}
            ShiftMsg::Close => self.base = Base::Desk,
            ShiftMsg::Write(order) => self.write_from_shift(&order),
            ShiftMsg::End => self.end_shift(),
        }
        match action {
            Some(a @ (Action::Help | Action::Refresh)) => self.on_action(a),
            _ => Ok(()),
        }
    }

    /// Opens the handoff form on `order`; the list waits behind it.
    fn write_from_shift(&mut self, order: &str) {
        let view = match self.desk.show(order) {
            Ok(v) => v,
            Err(e) => return self.say(e.to_string(), true),
        };
        let Base::Shift(pane) = std::mem::replace(&mut self.base, Base::Desk) else { return };
        self.shift_behind = Some(pane);
        self.prepare_on(ActionKind::Handoff, &view);
        if self.base.form().is_none() {
            self.back_to_shift();
        }
    }

    /// Closes the form; a form opened from the shift-end list goes back to the list, read again.
    pub(super) fn drop_form(&mut self) {
        self.base.drop_form();
        if matches!(self.base, Base::Desk) {
            self.back_to_shift();
        }
    }

    fn back_to_shift(&mut self) {
        let Some(mut pane) = self.shift_behind.take() else { return };
        match self.desk.shift_status(&self.actor.login) {
            Ok((_, items)) => pane.set_items(items),
            Err(e) => self.say(e.to_string(), true),
        }
        self.base = Base::Shift(pane);
    }

    fn end_shift(&mut self) {
        match self.desk.end_shift(&self.actor, None, None) {
            Ok(ended) => {
                self.base = Base::Desk;
                let n = ended.items.len();
                self.say(self.s.i18n.f("msg.shift_ended", &[("n", &n)]), false);
                self.reload();
            }
            Err(DeskError::ShiftRefused(refusal)) => {
                let n = refusal.missing.len();
                let text = self.s.i18n.f("shift.refused", &[("n", &n)]);
                if let Base::Shift(pane) = &mut self.base {
                    pane.refusal = Some(text.clone());
                    if let Ok((_, items)) = self.desk.shift_status(&self.actor.login) {
                        pane.set_items(items);
                    }
                }
                self.say(text, true);
            }
            Err(e) => self.say(self.s.i18n.f("msg.shift_not_ended", &[("why", &e)]), true),
        }
    }

    /// The operator's own ledger lines and balance, and the handoffs they wrote.
    pub(super) fn open_ledger(&mut self) {
        let login = self.actor.login.clone();
        let ledger = match self.desk.ledger(&self.actor, Some(&login), None, LEDGER_WINDOW) {
            Ok(l) => l,
            Err(e) => return self.say(e.to_string(), true),
        };
        let handoffs = match self.desk.handoffs_written_by(&login, LEDGER_WINDOW) {
            Ok(h) => h,
            Err(e) => return self.say(e.to_string(), true),
        };
        let zone = self.desk.shop().shop.time_zone;
        self.base = Base::Ledger(Box::new(LedgerPane { ledger, handoffs, zone, scroll: 0 }));
    }

    pub(super) fn ledger_key(&mut self, action: Option<Action>) -> Result<()> {
        if let Base::Ledger(pane) = &mut self.base
            && pane.on_action(action)
        {
            self.base = Base::Desk;
        }
        match action {
            Some(a @ Action::Help) => self.on_action(a),
            _ => Ok(()),
        }
    }
}
