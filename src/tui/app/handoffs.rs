//! The duty inbox in the workstation: taking the selected order's handoff into work.
//! Who may take is the rules' business; a refusal or a colleague's earlier take is
//! said on the status line, never swallowed.

use super::App;
use super::actions::refusal_summary;
use crate::desk::DeskError;

impl App {
    /// Takes the oldest untaken handoff of the selected order into work as the acting operator.
    pub(super) fn take_handoff(&mut self) {
        let Some(order) = self.queue.selected_row().map(|r| r.id.clone()) else {
            return self.say(self.s.i18n.t("msg.select_first").to_owned(), true);
        };
        let handoff = match self.desk.untaken_handoff_of(&order) {
            Ok(Some(h)) => h,
            Ok(None) => return self.say(self.s.i18n.f("msg.no_handoff", &[("order", &order)]), true),
            Err(e) => return self.say(e.to_string(), true),
        };
        let action = self.s.i18n.word("act", crate::domain::ActionKind::TakeHandoff);
        match self.desk.take_handoff(&self.actor, handoff.handoff.id, None) {
            Ok(taken) => {
                let h = &taken.handoff;
                let args: [(&str, &dyn std::fmt::Display); 4] =
                    [("id", &h.id), ("from", &h.author), ("order", &h.order_id), ("note", &h.note)];
                self.say(self.s.i18n.f("msg.taken", &args), false);
                self.reload();
            }
            Err(DeskError::Refused(v)) => {
                self.say(self.s.i18n.f("msg.refused", &[("why", &refusal_summary(&v))]), true);
            }
            Err(e) => {
                self.say(self.s.i18n.f("msg.failed", &[("action", &action), ("why", &e)]), true);
                self.reload();
            }
        }
    }
}
