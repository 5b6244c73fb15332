//! The frame around the panes: the header (shop, operator, clock, counters), the tab bar of a
//! narrow screen, the status line for transient messages, the footer of keys that work right
//! now, and the message shown when the terminal is too small to draw the desk honestly.

use super::action::Action;
use super::common::text::width;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, PaneId};
use super::ui::Ui;
use crate::desk::Count;
use crate::domain::Operator;
use chrono::FixedOffset;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// What the header shows besides the words.
pub struct HeaderFacts<'a> {
    pub shop: &'a str,
    pub actor: &'a Operator,
    pub tz: FixedOffset,
    pub new: Count,
    pub late: Count,
    /// What waits for the operator: due callbacks, handoffs for the duty operator.
    pub alerts: &'a crate::desk::Alerts,
}

pub fn header(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, facts: &HeaderFacts<'_>) {
    let clock = ui.now.with_timezone(&facts.tz).format("%H:%M").to_string();
    let who = format!("{} ({})", facts.actor.name, roles(facts.actor, ui));
    let counters = vec![
        Span::raw(format!("{} ", ui.t.t("header.new"))),
        Span::styled(facts.new.to_string(), ui.theme.key),
        Span::raw(format!(" · {} ", ui.t.t("header.late"))),
        Span::styled(facts.late.to_string(), if !facts.late.is_zero() { ui.theme.late } else { ui.theme.ok }),
    ];
    let mut counters = counters;
    // Due callbacks and waiting handoffs stand out only when there are some; in words when
    // they fit, else as a sign and the number.
    let alerts = [
        ("header.call", "☎", facts.alerts.callbacks_due),
        ("header.handoffs", "⇄", facts.alerts.handoffs_waiting),
    ];
    let base_w = width(" opdesk") + width(&format!(" │ {who} │ {clock} │ ")) + 1;
    let spans_w = |spans: &[Span<'_>]| spans.iter().map(|s| width(&s.content)).sum::<usize>();
    let words = |short: bool| -> Vec<Span<'static>> {
        let mut out = Vec::new();
        for (key, sign, n) in alerts.iter().filter(|a| a.2 > 0) {
            let label = if short { (*sign).to_owned() } else { ui.t.t(key).to_owned() };
            out.push(Span::raw(format!(" · {label} ")));
            out.push(Span::styled(n.to_string(), ui.theme.late.add_modifier(Modifier::BOLD)));
        }
        out
    };
    let long = words(false);
    let fits = |extra: &[Span<'_>]| base_w + spans_w(&counters) + spans_w(extra) <= area.width as usize;
    let extra = if fits(&long) { long } else { words(true) };
    counters.extend(extra);
    counters.push(Span::raw(" "));
    let counters_w: usize = counters.iter().map(|s| width(&s.content)).sum();
    let mut left = vec![Span::styled(" opdesk", ui.theme.accent.add_modifier(Modifier::BOLD))];
    let shop = format!(" · {}", facts.shop);
    let middle = format!(" │ {who} │ {clock} │ ");
    let room = area.width as usize;
    if width(" opdesk") + width(&shop) + width(&middle) + counters_w <= room {
        left.push(Span::raw(shop));
    }
    left.push(Span::raw(middle));
    left.extend(counters);
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

fn roles(actor: &Operator, ui: &Ui<'_>) -> String {
    actor.roles.iter().map(|r| ui.word("role", *r)).collect::<Vec<_>>().join(", ")
}

/// The tab bar of a narrow screen: `1 Queue │ 2 Order │ 3 Script │ 4 Checklist`, and where
/// each label is, for clicks.
pub fn pane_tabs(ui: &Ui<'_>, focus: PaneId, form_open: bool) -> (Line<'static>, Vec<(u16, u16, PaneId)>) {
    let keys = [Action::Pane1, Action::Pane2, Action::Pane3, Action::Pane4];
    let mut spans = Vec::new();
    let mut ranges = Vec::new();
    let mut x = 0u16;
    for (i, pane) in PaneId::ALL.into_iter().enumerate() {
        let key = ui.keys.label(keys[i]).map(|k| format!("{k} ")).unwrap_or_default();
        let mut name = ui.t.t(&format!("tab_pane.{}", pane.name())).to_owned();
        if pane == PaneId::Checklist && form_open {
            name.push_str(" •");
        }
        let label = format!(" {key}{name} ");
        let w = width(&label) as u16;
        let style =
            if pane == focus { ui.theme.selection.add_modifier(Modifier::BOLD) } else { ui.theme.muted };
        spans.push(Span::styled(label, style));
        ranges.push((x, x + w, pane));
        x += w;
        if i < 3 {
            spans.push(Span::styled("│", ui.theme.muted));
            x += 1;
        }
    }
    (Line::from(spans), ranges)
}

/// A transient message and how it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    /// Ticks (about a second each) before it fades.
    pub ttl: u8,
}

pub fn status_line(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, status: Option<&Status>) {
    if let Some(s) = status {
        let style = if s.error { ui.theme.refused } else { ui.theme.ok };
        let mark = if s.error { "✗ " } else { "✓ " };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {mark}"), style),
                Span::styled(s.text.clone(), style),
            ])),
            area,
        );
    }
}

/// The footer: the keys that work in the current context. `items` come most important
/// first; as many as fit are shown, in the order of the keymap's actions so the line does not
/// jump around as the window narrows.
pub fn footer(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, items: &[(Action, &str)]) {
    let mut used = 1;
    let mut chosen: Vec<(usize, Vec<Span<'static>>)> = Vec::new();
    for (rank, item) in items.iter().enumerate() {
        let hint = ui.key_hints(std::slice::from_ref(item));
        if hint.is_empty() {
            continue;
        }
        let w: usize = hint.iter().map(|s| width(&s.content)).sum::<usize>() + 2;
        if used + w > area.width as usize {
            continue;
        }
        used += w;
        chosen.push((rank, hint));
    }
    let order = |rank: usize| items.get(rank).map(|(a, _)| *a);
    chosen.sort_by_key(|(rank, _)| order(*rank));
    let mut spans = vec![Span::raw(" ")];
    for (_, hint) in chosen {
        spans.extend(hint);
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn too_small(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
    let text = ui.t.f(
        "too_small",
        &[
            ("need", &format!("{MIN_WIDTH}×{MIN_HEIGHT}")),
            ("have", &format!("{}×{}", area.width, area.height)),
        ],
    );
    let quit = ui.keys.label(Action::Quit).unwrap_or_default();
    let lines =
        vec![Line::styled(text, ui.theme.warning), Line::raw(ui.t.f("too_small_quit", &[("key", &quit)]))];
    let h = 2.min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).centered(),
        Rect { y, height: area.height - (y - area.y), ..area },
    );
}
