//! "Why?": the refusal explained rule by rule — for the action being prepared, or for every
//! action on the selected order — with what each rule needs, what is at stake and who, if
//! anyone, may override it. Built from the desk's verdicts; it never judges by itself.

use crate::domain::Verdict;
use crate::tui::action::{Action, Hint};
use crate::tui::common::modal::{centered, frame_box};
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// One action's answer: its verdict, or why it cannot be asked at all.
pub struct Answer {
    pub action: String,
    pub verdict: Result<Verdict, String>,
}

/// The overlay's state.
pub struct Why {
    pub title: String,
    pub answers: Vec<Answer>,
    /// Roles the rules let lift an overridable refusal, e.g. "supervisor".
    pub override_roles: String,
    pub scroll: u16,
}

impl Why {
    /// The footer while the explanation is in front.
    pub const HINTS: &'static [Hint] = &[(Action::Back, "footer.close"), (Action::Down, "footer.scroll")];

    /// Keys inside: scrolling; anything that closes returns true.
    pub fn on_action(&mut self, action: Option<Action>) -> bool {
        match action {
            Some(Action::Back | Action::Open | Action::Quit) => return true,
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            _ => {}
        }
        false
    }

    pub fn lines(&self, ui: &Ui<'_>) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for a in &self.answers {
            match &a.verdict {
                Err(why) => out.push(Line::from(vec![
                    Span::styled(format!("{} ", a.action), ui.theme.muted.add_modifier(Modifier::BOLD)),
                    Span::styled(why.clone(), ui.theme.muted),
                ])),
                Ok(v) if v.allowed() => {
                    let mut line = vec![
                        Span::styled(format!("{} ", a.action), ui.theme.ok.add_modifier(Modifier::BOLD)),
                        Span::styled(ui.t.t("checklist.allowed").to_owned(), ui.theme.ok),
                    ];
                    if let Some(stake) = v.stake() {
                        line.push(Span::raw(" "));
                        line.push(Span::styled(
                            ui.t.f("checklist.stake", &[("stake", &stake.display())]),
                            ui.theme.warning,
                        ));
                    }
                    out.push(Line::from(line));
                }
                Ok(v) => {
                    out.push(Line::from(vec![
                        Span::styled(format!("{} ", a.action), ui.theme.refused.add_modifier(Modifier::BOLD)),
                        Span::styled(
                            ui.t.f("checklist.refused", &[("n", &v.violations().count())]),
                            ui.theme.refused,
                        ),
                    ]));
                    for r in v.violations() {
                        out.push(Line::from(vec![
                            Span::styled(
                                format!("  {} ", r.rule),
                                ui.theme.refused.add_modifier(Modifier::BOLD),
                            ),
                            Span::raw(r.message.clone()),
                        ]));
                        for c in r.checks.iter().filter(|c| !c.met) {
                            out.push(Line::from(vec![
                                Span::styled("     ✗ ", ui.theme.refused),
                                Span::raw(c.label.clone()),
                            ]));
                        }
                        if let Some(stake) = r.stake {
                            out.push(Line::styled(
                                format!("     {}", ui.t.f("checklist.stake", &[("stake", &stake.display())])),
                                ui.theme.warning,
                            ));
                        }
                        let who = if r.overridable {
                            ui.t.f("why.overridable", &[("roles", &self.override_roles)])
                        } else {
                            ui.t.t("why.final").to_owned()
                        };
                        out.push(Line::styled(format!("     {who}"), ui.theme.muted));
                    }
                }
            }
            out.push(Line::raw(""));
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let popup = centered(area, area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
        let inner = frame_box(frame, popup, &self.title, ui);
        let para = Paragraph::new(self.lines(ui)).wrap(Wrap { trim: false }).scroll((self.scroll, 0));
        frame.render_widget(para, inner);
    }
}
