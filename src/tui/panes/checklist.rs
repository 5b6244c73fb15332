//! The verdict on the action being prepared: every rule that applies, each check met (✓) or
//! not (✗), and what the operator would be charged ("₴2 650 at stake"). It renders what the
//! desk answered for the form's draft — never a verdict of its own.

use super::form::{Check, Form};
use super::{pane_block, title};
use crate::domain::Verdict;
use crate::tui::action::Action;
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the checklist pane with its border.
pub fn draw(frame: &mut Frame<'_>, area: Rect, focused: bool, ui: &Ui<'_>, form: Option<&Form>) {
    let heading = match form {
        Some(f) => match &f.check {
            Check::Ready(v) => match v.stake() {
                Some(stake) => ui.t.f(
                    "checklist.title_stake",
                    &[("action", &ui.word("act", f.action)), ("stake", &stake.display())],
                ),
                None => ui.t.f("checklist.title_action", &[("action", &ui.word("act", f.action))]),
            },
            _ => ui.t.f("checklist.title_action", &[("action", &ui.word("act", f.action))]),
        },
        None => ui.t.t("pane.checklist").to_owned(),
    };
    let block = pane_block(title(heading, focused, ui), focused, ui);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    draw_inside(frame, inner, ui, form);
}

/// The checklist's lines without a border: also drawn under the form on a narrow screen.
pub fn draw_inside(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, form: Option<&Form>) {
    let lines = match form {
        None => {
            let mut hint = vec![Span::styled(ui.t.t("checklist.idle").to_owned(), ui.theme.muted)];
            let keys = ui.key_hints(&[
                (Action::Claim, "footer.claim"),
                (Action::Confirm, "footer.confirm"),
                (Action::Cancel, "footer.cancel"),
                (Action::Comment, "footer.comment"),
                (Action::NoAnswer, "footer.no_answer"),
            ]);
            hint.push(Span::raw(" "));
            vec![Line::from(hint), Line::from(keys)]
        }
        Some(f) => match &f.check {
            Check::Waiting => vec![Line::styled(ui.t.t("checklist.waiting").to_owned(), ui.theme.muted)],
            Check::Invalid(why) => {
                vec![Line::styled(ui.t.f("checklist.invalid", &[("why", why)]), ui.theme.refused)]
            }
            Check::Failed(why) => {
                vec![Line::styled(ui.t.f("checklist.failed", &[("why", why)]), ui.theme.refused)]
            }
            Check::Preempted(why) => {
                vec![Line::styled(ui.t.f("checklist.preempted", &[("why", why)]), ui.theme.refused)]
            }
            Check::Ready(v) => verdict_lines(v, ui),
        },
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn verdict_lines(v: &Verdict, ui: &Ui<'_>) -> Vec<Line<'static>> {
    // The bottom line first: on a long checklist it must never be below the fold.
    let mut out = vec![if v.allowed() {
        Line::styled(ui.t.t("checklist.allowed").to_owned(), ui.theme.ok.add_modifier(Modifier::BOLD))
    } else {
        Line::styled(
            ui.t.f("checklist.refused", &[("n", &v.violations().count())]),
            ui.theme.refused.add_modifier(Modifier::BOLD),
        )
    }];
    if let Some(stake) = v.stake() {
        out.push(Line::styled(ui.t.f("checklist.stake", &[("stake", &stake.display())]), ui.theme.warning));
    }
    if v.rules.is_empty() {
        out.push(Line::styled(ui.t.t("checklist.no_rules").to_owned(), ui.theme.ok));
    }
    // Unmet rules before met ones: what is missing reads first.
    let mut rules: Vec<_> = v.rules.iter().collect();
    rules.sort_by_key(|r| r.satisfied());
    for r in rules {
        let (mark, style) = if r.satisfied() {
            ("✓", ui.theme.ok)
        } else if r.blocking {
            ("✗", ui.theme.refused)
        } else {
            ("•", ui.theme.warning)
        };
        out.push(Line::from(vec![
            Span::styled(format!("{mark} {} ", r.rule), style.add_modifier(Modifier::BOLD)),
            Span::raw(r.message.clone()),
        ]));
        for c in &r.checks {
            let (mark, style) = if c.met { ("✓", ui.theme.ok) } else { ("✗", ui.theme.refused) };
            out.push(Line::from(vec![
                Span::styled(format!("   {mark} "), style),
                Span::raw(c.label.clone()),
            ]));
        }
    }
    out
}
