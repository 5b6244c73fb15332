//! Actions on the selected order, from the root: a form is prepared, judged by the desk on
//! every change (the checklist), explained on request ("why?"), refused in the status line
//! while a rule is unmet, and performed through the desk against the version it was opened on.

use super::App;
use super::front::{Base, Popup};
use crate::desk::{DeskError, Performed};
use crate::domain::{ActionKind, Draft, Verdict, Vocabulary};
use crate::tui::common::modal::Confirm;
use crate::tui::panes::form::{Catalogue, Check, Form, Subject};
use crate::tui::panes::queue::QueueTab;
use crate::tui::panes::why::{Answer, Why};

impl App {
    pub(super) fn prepare(&mut self, kind: ActionKind) {
        let Some(view) = self.customer.view.clone() else {
            self.say(self.s.i18n.t("msg.select_first").to_owned(), true);
            return;
        };
        self.prepare_on(kind, &view);
    }

    /// Opens the form of `kind` on the order `view` shows (the selected one, or one of the
    /// shift-end list).
    pub(super) fn prepare_on(&mut self, kind: ActionKind, view: &crate::desk::OrderView) {
        let order = &view.order.order;
        let can_override = self.desk.may_override(&self.actor);
        let subject = Subject {
            order: order.id.clone(),
            version: order.version,
            amount_due: view.order.amount_due.display(),
            customer: view.customer.name.clone(),
        };
        // What the catalogue knows for a cancel, an edit or a wish: the analogs in stock to offer
        // or swap in (most first) and the missing product a wish describes. Unreadable, the form still opens
        // with the fields to type by hand.
        let catalogue = if matches!(kind, ActionKind::Cancel | ActionKind::Wish | ActionKind::Edit) {
            Catalogue {
                analogs: if matches!(kind, ActionKind::Cancel | ActionKind::Edit) {
                    self.desk.analog_candidates(&order.id).unwrap_or_default()
                } else {
                    Vec::new()
                },
                missing: self.desk.missing_product(&order.id).ok().flatten(),
            }
        } else {
            Catalogue::default()
        };
        let mut form = Form::new(kind, subject, can_override, catalogue);
        form.zone = self.desk.shop().shop.time_zone;
        self.base = Base::Form(Box::new(form));
        self.evaluate();
        // Someone else got there first (the order is taken): a form that no field could make
        // sendable is not opened; the status line says who.
        if let Some(Check::Preempted(why)) = self.base.form().map(|f| &f.check) {
            let why = why.clone();
            self.drop_form();
            self.say(why, true);
        }
    }

    /// Asks the desk for the verdict on the form's draft: the live checklist.
    pub(super) fn evaluate(&mut self) {
        let Some(form) = self.base.form() else { return };
        let check = match form.draft() {
            Err(why) => Check::Invalid(why),
            Ok(draft) => match self.desk.evaluate(&self.actor, &form.order, &draft) {
                Ok(v) => Check::Ready(v),
                Err(DeskError::BadInput(why)) => Check::Invalid(why),
                Err(DeskError::Conflict(why)) => Check::Preempted(why),
                Err(e) => Check::Failed(e.to_string()),
            },
        };
        if let Some(form) = self.base.form_mut() {
            form.set_check(check);
        }
        // A refusal said about the form as it was no longer holds once it changed.
        if self.status.as_ref().is_some_and(|s| s.error) {
            self.status = None;
        }
    }

    /// The actions the keys offer, each judged on the selected order with an empty form.
    fn verdicts_now(&self) -> Vec<(ActionKind, Result<Verdict, String>)> {
        let Some(order) = self.queue.selected_row().map(|r| r.id.clone()) else { return Vec::new() };
        [
            ActionKind::Claim,
            ActionKind::Confirm,
            ActionKind::Cancel,
            ActionKind::Comment,
            ActionKind::NoAnswer,
        ]
        .into_iter()
        .map(|kind| {
            (kind, self.desk.evaluate(&self.actor, &order, &Draft::new(kind)).map_err(|e| e.to_string()))
        })
        .collect()
    }

    /// For the palette: the action commands refused right now, with a short reason.
    pub(super) fn refusals_now(&self) -> std::collections::BTreeMap<String, String> {
        self.verdicts_now()
            .into_iter()
            .filter_map(|(kind, v)| match v {
                Ok(v) if v.allowed() => None,
                Ok(v) => Some((kind.as_str().to_owned(), refusal_summary(&v))),
                Err(why) => Some((kind.as_str().to_owned(), why)),
            })
            .collect()
    }

    /// "Why?": the verdict of the form being filled, or of every action on the selected order.
    pub(super) fn explain(&mut self) {
        let Some(order) = self.queue.selected_row().map(|r| r.id.clone()) else {
            return self.say(self.s.i18n.t("msg.select_first").to_owned(), true);
        };
        let answers = match self.base.form() {
            Some(form) => vec![Answer {
                action: self.s.i18n.word("act", form.action),
                verdict: match &form.check {
                    Check::Ready(v) => Ok(v.clone()),
                    Check::Invalid(why) | Check::Preempted(why) | Check::Failed(why) => Err(why.clone()),
                    Check::Waiting => Err(self.s.i18n.t("checklist.waiting").to_owned()),
                },
            }],
            None => self
                .verdicts_now()
                .into_iter()
                .map(|(kind, verdict)| Answer { action: self.s.i18n.word("act", kind), verdict })
                .collect(),
        };
        let roles: Vec<String> =
            self.desk.override_roles().iter().map(|r| self.s.i18n.word("role", *r)).collect();
        self.popup = Some(Popup::Why(Why {
            title: self.s.i18n.f("why.title", &[("order", &order)]),
            answers,
            override_roles: roles.join(", "),
            scroll: 0,
        }));
    }

    /// Why the form cannot be submitted as it is, if so: an unmet rule (unless an override is
    /// written by a role that may give one), or a form that makes no draft.
    fn blocked(&self, form: &Form) -> Option<String> {
        match &form.check {
            Check::Invalid(why) | Check::Preempted(why) | Check::Failed(why) => Some(why.clone()),
            Check::Waiting => Some(self.s.i18n.t("checklist.waiting").to_owned()),
            Check::Ready(v) if !v.allowed() => {
                let overriding = form.draft().is_ok_and(|d| self.override_lifts(v, &d));
                (!overriding).then(|| refusal_summary(v))
            }
            Check::Ready(_) => None,
        }
    }

    /// Whether the draft's written override would lift the refusal (the desk's own test).
    pub(super) fn override_lifts(&self, v: &Verdict, draft: &Draft) -> bool {
        self.desk.override_lifts(&self.actor, v, draft)
    }

    /// The status line after a performed action: what was done, where the order is now, and
    /// the money it booked.
    pub(super) fn done_text(&self, done: &Performed) -> String {
        let action = self.s.i18n.word("act", done.action);
        let status = self.s.i18n.word("status", done.status);
        let mut text =
            self.s.i18n.f("msg.done", &[("action", &action), ("order", &done.order), ("status", &status)]);
        let money: Vec<String> = done
            .booked
            .iter()
            .filter(|b| b.amount.amount != 0)
            .map(|b| format!("{} {} {}", b.rule, b.kind, b.amount.display()))
            .collect();
        if !money.is_empty() {
            text.push_str(&self.s.i18n.f("msg.booked", &[("money", &money.join(", "))]));
        }
        text
    }

    pub(super) fn submit(&mut self) {
        let Some(form) = self.base.form() else { return };
        if let Some(why) = self.blocked(form) {
            // Never a silent no-op: the reason goes to the status line. A rule's refusal is an
            // attempt the supervisor's review counts, so the desk records it, judging it on the
            // order as it is now: if the rules allow it after all, the operator is asked again
            // rather than it being done on one keystroke.
            if matches!(form.check, Check::Ready(_))
                && let Ok(draft) = form.draft()
            {
                let order = form.order.clone();
                let (text, error, verdict) = match self.desk.record_refusal(&self.actor, &order, &draft) {
                    Ok(v) if v.allowed() || self.override_lifts(&v, &draft) => {
                        (self.s.i18n.t("msg.allowed_now").to_owned(), false, Some(v))
                    }
                    Ok(v) => {
                        let why = refusal_summary(&v);
                        (self.s.i18n.f("msg.blocked", &[("why", &why)]), true, Some(v))
                    }
                    Err(e) => (e.to_string(), true, None),
                };
                if let (Some(form), Some(v)) = (self.base.form_mut(), verdict) {
                    form.set_check(Check::Ready(v));
                }
                return self.say(text, error);
            }
            self.say(self.s.i18n.f("msg.blocked", &[("why", &why)]), true);
            return;
        }
        if form.destructive() {
            let ui = self.ui();
            let mut lines = vec![form.title(&ui) + "?"];
            if let Check::Ready(v) = &form.check
                && let Some(stake) = v.stake()
            {
                lines.insert(0, ui.t.f("checklist.stake", &[("stake", &stake.display())]));
            }
            lines.push(ui.t.t("confirm.irreversible").to_owned());
            let title = ui.t.t("confirm.title").to_owned();
            let confirm = Confirm { title, lines, warn: true, on_yes: super::Pending::Perform };
            self.popup = Some(Popup::Confirm(confirm));
        } else {
            self.perform();
        }
    }

    /// Performs the form's action through the desk, against the order's version the form was
    /// opened on.
    pub(super) fn perform(&mut self) {
        let Some(form) = self.base.form() else { return };
        let draft = match form.draft() {
            Ok(d) => d,
            Err(why) => return self.say(self.s.i18n.f("checklist.invalid", &[("why", &why)]), true),
        };
        let (order, version, kind) = (form.order.clone(), form.version, form.action);
        let action = self.s.i18n.word("act", kind);
        if kind == ActionKind::Handoff {
            return self.write_handoff(&order, &draft);
        }
        match self.desk.perform(&self.actor, &order, draft, Some(version)) {
            Ok(done) => {
                self.drop_form();
                let text = self.done_text(&done);
                self.say(text, false);
                self.reload();
                self.keep_selected(&done.order);
            }
            Err(DeskError::Refused(v)) => {
                self.say(self.s.i18n.f("msg.refused", &[("why", &refusal_summary(&v))]), true);
                if let Some(form) = self.base.form_mut() {
                    form.set_check(Check::Ready(*v));
                }
            }
            Err(DeskError::Stale(_)) => {
                // Someone else changed the order: show the new state, keep what was typed, and
                // let a deliberate second submit go against the version now on screen.
                self.reload();
                let fresh = self
                    .customer
                    .view
                    .as_ref()
                    .filter(|v| v.order.order.id == order)
                    .map(|v| v.order.order.version);
                if let (Some(form), Some(v)) = (self.base.form_mut(), fresh) {
                    form.version = v;
                }
                self.evaluate();
                self.say(self.s.i18n.f("msg.stale", &[("order", &order)]), true);
            }
            Err(e) => self.say(self.s.i18n.f("msg.failed", &[("action", &action), ("why", &e)]), true),
        }
    }

    /// A handoff is written by its own use case (it is not a change of the order's state).
    fn write_handoff(&mut self, order: &str, draft: &Draft) {
        let next_at = draft.at.map(|t| t.to_utc());
        match self.desk.write_handoff(&self.actor, order, &draft.note, next_at) {
            Ok(view) => {
                self.drop_form();
                let id = view.handoff.id;
                self.say(self.s.i18n.f("msg.handoff_written", &[("id", &id), ("order", &order)]), false);
                self.reload();
            }
            Err(DeskError::Refused(v)) => {
                self.say(self.s.i18n.f("msg.refused", &[("why", &refusal_summary(&v))]), true);
                if let Some(form) = self.base.form_mut() {
                    form.set_check(Check::Ready(*v));
                }
            }
            Err(e) => {
                let action = self.s.i18n.word("act", ActionKind::Handoff);
                self.say(self.s.i18n.f("msg.failed", &[("action", &action), ("why", &e)]), true);
            }
        }
    }

    /// Keeps the cursor on the order just acted on: where it is, or, when the action moved it
    /// out of the tab (a claimed order leaves New), in the operator's own orders or in All.
    pub(super) fn keep_selected(&mut self, order: &str) {
        let height = self.queue_height();
        if self.queue.select(order, height) {
            return self.load_selected(false);
        }
        for tab in [QueueTab::Mine, QueueTab::All] {
            if self.queue.tab != tab {
                self.queue.set_tab(tab);
                if let Err(e) = self.reload_queue() {
                    return self.say(e.to_string(), true);
                }
            }
            if self.queue.select(order, height) {
                return self.load_selected(false);
            }
        }
        self.load_selected(false);
    }

    /// Re-reads after a change, reporting a failure instead of losing it.
    pub(super) fn reload(&mut self) {
        if let Err(e) = self.refresh() {
            self.say(e.to_string(), true);
        }
    }
}

/// The refusal in a line: each refusing rule with its first unmet checks, e.g.
/// `RULE: first unmet check; second unmet check`.
pub(super) fn refusal_summary(v: &Verdict) -> String {
    v.violations()
        .map(|r| {
            let unmet: Vec<&str> =
                r.checks.iter().filter(|c| !c.met).map(|c| c.label.as_str()).take(2).collect();
            format!("{}: {}", r.rule, unmet.join("; "))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
