//! The duty inbox in the workstation: taking the selected order's handoff into work. The
//! handoff's note is shown and the operator asked before it is taken; who may take is the
//! rules' business, asked of the desk first, so the handoff's own author is told it waits for
//! the duty operator rather than shown a refusal that reads as if it were taken. A refusal or
//! a colleague's earlier take is said on the status line, never swallowed.

use super::actions::refusal_summary;
use super::front::Popup;
use super::{App, Pending};
use crate::desk::DeskError;
use crate::domain::{ActionKind, Draft};
use crate::tui::common::modal::Confirm;

impl App {
    /// Shows the oldest untaken handoff of the selected order and asks before taking it.
    pub(super) fn take_handoff(&mut self) {
        let Some(order) = self.queue.selected_row().map(|r| r.id.clone()) else {
            return self.say(self.s.i18n.t("msg.select_first").to_owned(), true);
        };
        let handoff = match self.desk.untaken_handoff_of(&order) {
            Ok(Some(h)) => h,
            Ok(None) => return self.say(self.s.i18n.f("msg.no_handoff", &[("order", &order)]), true),
            Err(e) => return self.say(e.to_string(), true),
        };
        let h = &handoff.handoff;
        let mut draft = Draft::new(ActionKind::TakeHandoff);
        draft.note = h.note.clone();
        // Judged before asking: a take the rules refuse is not offered, and the attempt is
        // audited like any refusal (the desk records it only when refused).
        if let Ok(v) = self.desk.record_refusal(&self.actor, &order, &draft)
            && !v.allowed()
        {
            let text = if h.author == self.actor.login {
                self.s.i18n.f("msg.own_handoff", &[("id", &h.id)])
            } else {
                self.s.i18n.f("msg.take_refused", &[("id", &h.id), ("why", &refusal_summary(&v))])
            };
            return self.say(text, true);
        }
        let t = &self.s.i18n;
        let mut lines = vec![
            t.f("handoff_take.from", &[("from", &h.author), ("order", &h.order_id)]),
            t.f("handoff_take.note", &[("note", &crate::display::visible(&h.note))]),
        ];
        if let Some(next) = h.next_at {
            let at = next.with_timezone(&self.desk.shop().shop.time_zone).format("%d.%m %H:%M");
            lines.push(t.f("handoff_take.next", &[("at", &at)]));
        }
        lines.push(t.t("handoff_take.yours").to_owned());
        let title = t.f("handoff_take.title", &[("id", &h.id)]);
        let confirm = Confirm { title, lines, warn: false, on_yes: Pending::TakeHandoff(h.id) };
        self.popup = Some(Popup::Confirm(confirm));
    }

    /// Takes handoff `id` into work as the acting operator, after the yes.
    pub(super) fn perform_take(&mut self, id: i64) {
        let action = self.s.i18n.word("act", ActionKind::TakeHandoff);
        match self.desk.take_handoff(&self.actor, id, None) {
            Ok(taken) => {
                let h = &taken.handoff;
                let args: [(&str, &dyn std::fmt::Display); 4] =
                    [("id", &h.id), ("from", &h.author), ("order", &h.order_id), ("note", &h.note)];
                self.say(self.s.i18n.f("msg.taken", &args), false);
                let order = h.order_id.clone();
                self.reload();
                self.keep_selected(&order);
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
