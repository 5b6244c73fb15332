//! The supervisor's day review from the root: opening it asks the desk for the day's report —
//! the same `Desk::report` as `opdesk report`, so the rules' `review` rule decides who may read
//! it and a refusal is audited there — and re-reads it on a new period, after a decision and
//! when the store changes. A decision from the review is judged by the desk, asked y/n with
//! what it will do, and performed through the desk; a refusal is performed too, so the attempt
//! is audited like any other, and its reasons go to the status line.

use super::actions::refusal_summary;
use super::front::{Base, Popup};
use super::{App, Pending};
use crate::desk::{DeskError, Whose};
use crate::domain::{ActionKind, Verdict};
use crate::tui::action::Action;
use crate::tui::common::modal::Confirm;
use crate::tui::common::text::truncate;
use crate::tui::panes::review::{Ask, AskKind, Period, ReviewMsg, ReviewPane};
use anyhow::Result;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;

/// The widest line a confirmation shows before it is cut.
const CONFIRM_WIDTH: usize = 70;

impl App {
    /// The review of `period`, if the rules let the acting operator read the whole desk's day.
    pub(super) fn open_review(&mut self, period: Period) {
        let (from, to) = period.days(self.desk.today());
        self.read_review(from, to);
    }

    /// Reads the report of `from..=to` into the review, opening it if needed. A refusal closes
    /// it and says why; bad dates or a failed read keep what is on screen and say so.
    fn read_review(&mut self, from: NaiveDate, to: NaiveDate) {
        match self.desk.report(&self.actor, &Whose::Everyone, from, to) {
            Ok(report) => {
                let today = self.desk.today();
                match self.base.review_mut() {
                    Some(pane) => pane.set_report(report, today, &self.s.i18n),
                    None => {
                        let operators = self
                            .desk
                            .shop()
                            .operators
                            .iter()
                            .map(|o| (o.login.clone(), o.name.clone()))
                            .collect();
                        let mut pane = ReviewPane::new(report, today, operators, &self.s.i18n);
                        pane.fit(self.screen.is_wide());
                        self.base = Base::Review(Box::new(pane));
                    }
                }
            }
            Err(DeskError::Refused(v)) => {
                self.base.drop_review();
                let why: Vec<String> = v.violations().map(|r| format!("{}: {}", r.rule, r.message)).collect();
                self.say(self.s.i18n.f("msg.review_refused", &[("why", &why.join(" · "))]), true);
            }
            Err(e) => self.say(self.s.i18n.f("msg.review_failed", &[("why", &e)]), true),
        }
    }

    /// Reads the open review's period again (the store changed, a decision was made).
    pub(super) fn reload_review(&mut self) {
        if let Some((from, to)) = self.base.review().map(|p| (p.from, p.to)) {
            self.read_review(from, to);
        }
    }

    /// Rows the section in front shows, for paging and keeping the cursor in view.
    fn review_rows(&self) -> usize {
        let wide = self.screen.is_wide();
        let b = self.screen.body_area;
        let inner = ratatui::layout::Rect {
            x: b.x + 1,
            y: b.y + 1,
            width: b.width.saturating_sub(2),
            height: b.height.saturating_sub(2),
        };
        let ops = self.base.review().map_or(0, |p| p.report.operators.len());
        crate::tui::panes::review::Areas::of(inner, wide, ops).section_rows(wide)
    }

    /// A key while the review is in front.
    pub(super) fn review_key(&mut self, key: KeyEvent, action: Option<Action>) -> Result<()> {
        let (rows, wide) = (self.review_rows(), self.screen.is_wide());
        let Some(pane) = self.base.review_mut() else { return Ok(()) };
        let msg = if pane.ask.is_some() {
            if action == Some(Action::Quit) && !crate::tui::keymap::Key::is_text(&key) {
                self.request_quit();
                return Ok(());
            }
            pane.ask_key(key, action)
        } else {
            match action {
                None => ReviewMsg::None,
                // The keys of the whole workstation work over the review too.
                Some(a @ (Action::Quit | Action::Help | Action::Palette | Action::Refresh)) => {
                    return self.on_action(a);
                }
                Some(a) => pane.on_action(a, rows, wide),
            }
        };
        match msg {
            ReviewMsg::None => {}
            ReviewMsg::Close => self.base.drop_review(),
            ReviewMsg::Period(from, to) => self.read_review(from, to),
            ReviewMsg::Hint(key) => {
                let label = |a| self.s.keymap.label(a).unwrap_or_default();
                let args: [(&str, &dyn std::fmt::Display); 3] = [
                    ("decide", &label(Action::Open)),
                    ("reassign", &label(Action::Reassign)),
                    ("cancel", &label(Action::Cancel)),
                ];
                self.say(self.s.i18n.f(key, &args), true);
            }
            ReviewMsg::Submit(ask) => self.judge(&ask),
        }
        Ok(())
    }

    /// Asks the desk about the decision: allowed (or lifted by the written reason) → y/n with
    /// what it does; refused → performed all the same, so the refusal is audited, and said.
    fn judge(&mut self, ask: &Ask) {
        let draft = match ask.draft() {
            Ok(d) => d,
            Err(key) => return self.say(self.s.i18n.t(key).to_owned(), true),
        };
        match self.desk.evaluate(&self.actor, &ask.order, &draft) {
            Ok(v) if v.allowed() || self.override_lifts(&v, &draft) => {
                let lines = self.decision_lines(ask, &v);
                let title = self.s.i18n.t("confirm.title").to_owned();
                let warn = v.stake().is_some() || ask.kind == AskKind::Resolve;
                self.popup = Some(Popup::Confirm(Confirm { title, lines, warn, on_yes: Pending::Decide }));
            }
            Ok(_) => self.perform_decision(),
            Err(DeskError::BadInput(why) | DeskError::Conflict(why) | DeskError::NotFound(why)) => {
                self.say(self.s.i18n.f("msg.blocked", &[("why", &why)]), true);
            }
            Err(e) => {
                let action = self.s.i18n.word("act", draft.action);
                self.say(self.s.i18n.f("msg.failed", &[("action", &action), ("why", &e)]), true);
            }
        }
    }

    /// What the confirmation says: the money at stake first, the question, what the rules
    /// note, and that it is recorded.
    fn decision_lines(&self, ask: &Ask, v: &Verdict) -> Vec<String> {
        let t = &self.s.i18n;
        let mut lines = Vec::new();
        match ask.kind {
            AskKind::Resolve => lines
                .push(t.f("review.confirm.charge", &[("operator", &ask.operator), ("charge", &ask.charge)])),
            _ => {
                if let Some(stake) = v.stake() {
                    lines.push(t.f("checklist.stake", &[("stake", &stake.display())]));
                }
            }
        }
        let choice = ask.choice().unwrap_or_default();
        let question = match ask.kind {
            AskKind::Resolve => {
                let resolution = t.t(&format!("review.ask.{choice}")).to_owned();
                t.f("review.confirm.resolve", &[("order", &ask.order), ("resolution", &resolution)])
            }
            AskKind::Approve => {
                let rules: Vec<&str> = v.violations().map(|r| r.rule.as_str()).collect();
                t.f(
                    "review.confirm.approve",
                    &[("order", &ask.order), ("rules", &rules.join(" ")), ("reason", &ask.text())],
                )
            }
            AskKind::Reassign => {
                let name = ask.options.iter().find(|(l, _)| l == choice).map_or("", |(_, n)| n.as_str());
                t.f("review.confirm.reassign", &[("order", &ask.order), ("to", &choice), ("name", &name)])
            }
            AskKind::Cancel => t.f("review.confirm.cancel", &[("order", &ask.order), ("note", &ask.text())]),
        };
        lines.push(question);
        for r in v.rules.iter().filter(|r| !r.satisfied()) {
            lines.push(format!("{}: {}", r.rule, r.message));
        }
        if ask.kind == AskKind::Cancel {
            lines.push(t.t("confirm.irreversible").to_owned());
        }
        lines.push(t.t("review.confirm.audited").to_owned());
        // The box is as wide as its widest line up to a limit; a longer one would wrap and push
        // the yes/no out of it.
        lines.iter().map(|l| truncate(l, CONFIRM_WIDTH)).collect()
    }

    /// Performs the decision in the review's box through the desk.
    pub(super) fn perform_decision(&mut self) {
        let Some(ask) = self.base.review().and_then(|p| p.ask.clone()) else { return };
        let Ok(draft) = ask.draft() else { return };
        let kind: ActionKind = draft.action;
        match self.desk.perform(&self.actor, &ask.order, draft, None) {
            Ok(done) => {
                if let Some(pane) = self.base.review_mut() {
                    pane.ask = None;
                }
                let text = self.done_text(&done);
                self.say(text, false);
                self.reload();
            }
            Err(DeskError::Refused(v)) => {
                self.say(self.s.i18n.f("msg.refused", &[("why", &refusal_summary(&v))]), true);
            }
            Err(e) => {
                let action = self.s.i18n.word("act", kind);
                self.say(self.s.i18n.f("msg.failed", &[("action", &action), ("why", &e)]), true);
            }
        }
    }
}
