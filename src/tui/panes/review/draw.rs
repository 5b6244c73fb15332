//! Drawing the review from its state: the frame with the period in its title, the section
//! tabs, tables measured by display width (Cyrillic names line up), the hour-by-hour chart of
//! incoming vs handled orders, and the decision box. At 80×24 one section at a time; from
//! 120×30 the section in front beside the day at a glance, the operators across the bottom.

use super::ask::{Ask, AskKind};
use super::rows::{RLine, Tone};
use super::{ReviewPane, Section};
use crate::desk::{Hour, period_label};
use crate::tui::common::list::ListPos;
use crate::tui::common::modal::{centered, frame_box};
use crate::tui::common::text::{fit, truncate, width};
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

/// Where the parts of the review go inside the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    /// The section in front (inside its border on a wide screen).
    pub section: Rect,
    /// The day at a glance and the operators, on a wide screen.
    pub glance: Option<Rect>,
    pub operators: Option<Rect>,
}

impl Areas {
    /// `inner`: the inside of the review's frame.
    pub fn of(inner: Rect, wide: bool, operators: usize) -> Areas {
        let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        if !wide {
            return Areas { tabs, section: body, glance: None, operators: None };
        }
        let ops_h = (operators as u16 + 3).min(body.height / 3);
        let [main, ops] = Layout::vertical([Constraint::Fill(1), Constraint::Length(ops_h)]).areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(main);
        Areas { tabs, section: left, glance: Some(right), operators: Some(ops) }
    }

    /// Rows of the section in front that show its lines.
    pub fn section_rows(&self, wide: bool) -> usize {
        let h = if wide { self.section.height.saturating_sub(2) } else { self.section.height };
        h as usize
    }
}

fn tone(t: Tone, ui: &Ui<'_>) -> Style {
    match t {
        Tone::Plain => Style::new(),
        Tone::Muted => ui.theme.muted,
        Tone::Late => ui.theme.late,
        Tone::Warn => ui.theme.warning,
        Tone::Ok => ui.theme.ok,
        Tone::Refused => ui.theme.refused,
    }
}

impl ReviewPane {
    /// The title: `Day review · 2026-11-23 (today)`.
    pub fn title(&self, ui: &Ui<'_>) -> String {
        let period = period_label(self.from, self.to);
        let key = if self.from == self.today && self.to == self.today {
            "review.title_today"
        } else {
            "review.title"
        };
        ui.t.f(key, &[("period", &period)])
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, wide: bool) {
        let inner = frame_box(frame, area, &self.title(ui), ui);
        let areas = Areas::of(inner, wide, self.report.operators.len());
        frame.render_widget(Paragraph::new(self.tab_line(ui, wide, areas.tabs.width as usize)), areas.tabs);
        if wide {
            let block = |title: String, focused: bool| {
                crate::tui::panes::pane_block(crate::tui::panes::title(title, focused, ui), focused, ui)
            };
            let b = block(ui.t.t(&format!("review.tab.{}", self.section.name())).to_owned(), true);
            let inside = b.inner(areas.section);
            frame.render_widget(b, areas.section);
            self.draw_section(frame, inside, ui, self.section, true);
            if let Some(glance) = areas.glance {
                let b = block(ui.t.t("review.glance").to_owned(), false);
                let inside = b.inner(glance);
                frame.render_widget(b, glance);
                self.draw_section(frame, inside, ui, Section::Day, false);
            }
            if let Some(ops) = areas.operators {
                let b = block(ui.t.t("review.tab.operators").to_owned(), false);
                let inside = b.inner(ops);
                frame.render_widget(b, ops);
                self.draw_section(frame, inside, ui, Section::Operators, false);
            }
        } else {
            self.draw_section(frame, areas.section, ui, self.section, true);
        }
        if let Some(ask) = &self.ask {
            draw_ask(frame, area, ui, ask);
        }
    }

    /// The tabs, as many as fit around the one in front.
    fn tab_line(&self, ui: &Ui<'_>, wide: bool, room: usize) -> Line<'static> {
        let tabs = Section::tabs(wide);
        let labels: Vec<String> = tabs
            .iter()
            .map(|s| {
                let name = ui.t.t(&format!("review.tab.{}", s.name())).to_owned();
                match s {
                    Section::Day | Section::Operators => format!(" {name} "),
                    _ => format!(" {name} {} ", self.count(*s)),
                }
            })
            .collect();
        let at = tabs.iter().position(|s| *s == self.section).unwrap_or(0);
        // Widen the window around the tab in front while it fits, one side then the other.
        let (mut first, mut last) = (at, at);
        let used = |a: usize, b: usize| labels[a..=b].iter().map(|l| width(l) + 1).sum::<usize>() + 2;
        loop {
            let grew_right = last + 1 < labels.len() && used(first, last + 1) <= room;
            if grew_right {
                last += 1;
            }
            let grew_left = first > 0 && used(first - 1, last) <= room;
            if grew_left {
                first -= 1;
            }
            if !grew_left && !grew_right {
                break;
            }
        }
        let mut spans = vec![Span::styled(if first > 0 { "‹" } else { " " }, ui.theme.muted)];
        for (i, label) in labels.iter().enumerate().take(last + 1).skip(first) {
            let style =
                if i == at { ui.theme.selection.add_modifier(Modifier::BOLD) } else { ui.theme.muted };
            spans.push(Span::styled(label.clone(), style));
            if i < last {
                spans.push(Span::styled("│", ui.theme.muted));
            }
        }
        if last + 1 < labels.len() {
            spans.push(Span::styled("›", ui.theme.muted));
        }
        Line::from(spans)
    }

    fn draw_section(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, section: Section, focused: bool) {
        let lines = self.lines(section);
        let pos = if focused { self.pos(section) } else { ListPos::default() };
        if section == Section::Day {
            // The chart keeps its rows; the lines above it scroll when a day has many statuses.
            let room = area.height.saturating_sub(HOURS_HEIGHT + 1).max(area.height.min(4));
            let h = (lines.len() as u16).min(room);
            draw_lines(frame, Rect { height: h, ..area }, ui, lines, pos, false);
            let rest = Rect { y: area.y + h + 1, height: area.height.saturating_sub(h + 1), ..area };
            draw_hours(frame, rest, ui, &self.report.hours);
            return;
        }
        draw_lines(frame, area, ui, lines, pos, focused);
    }
}

/// Column widths of the table whose header is `lines[0]`, for `room` columns: each column as
/// wide as its widest cell, the flexible one taking what is left (or giving it up first).
fn widths(lines: &[RLine], room: usize) -> Vec<usize> {
    let Some(RLine::Header { titles, flex }) = lines.first() else { return Vec::new() };
    let mut w: Vec<usize> = titles.iter().map(|t| width(t)).collect();
    for line in &lines[1..] {
        let RLine::Row { cells, .. } = line else { break };
        for (i, c) in cells.iter().enumerate() {
            if let Some(col) = w.get_mut(i) {
                *col = (*col).max(width(&c.text)).min(40);
            }
        }
    }
    let flex = (*flex).min(w.len().saturating_sub(1));
    let others: usize = w.iter().enumerate().filter(|(i, _)| *i != flex).map(|(_, n)| n + 1).sum();
    // The flexible column keeps its natural width when there is room, and is cut when not.
    w[flex] = w[flex].min(room.saturating_sub(others)).max(if room > others { 3 } else { 0 });
    // Still too wide: the columns on the right go, whole.
    let mut used = 0;
    for col in w.iter_mut() {
        if used + *col > room {
            *col = 0;
        } else {
            used += *col + 1;
        }
    }
    w
}

fn draw_lines(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, lines: &[RLine], pos: ListPos, focused: bool) {
    let height = area.height as usize;
    if height == 0 {
        return;
    }
    // The cursor in view, whatever size the terminal became since the last key.
    let mut top = pos.top.min(lines.len().saturating_sub(height));
    if pos.selected < top {
        top = pos.selected;
    } else if pos.selected >= top + height {
        top = pos.selected + 1 - height;
    }
    let room = (area.width as usize).saturating_sub(2);
    // The widths of the table each line belongs to, measured over the whole table.
    let mut table: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let RLine::Header { .. } = line {
            table = widths(&lines[i..], room);
        }
        if i < top || i >= top + height {
            continue;
        }
        let y = area.y + (i - top) as u16;
        let row = Rect { y, height: 1, ..area };
        let text = match line {
            RLine::Blank => Line::raw(""),
            RLine::Heading(h) => {
                Line::styled(truncate(h, area.width as usize), ui.theme.accent.add_modifier(Modifier::BOLD))
            }
            RLine::Text(t, tn) => Line::styled(truncate(t, area.width as usize), tone(*tn, ui)),
            RLine::Header { titles, .. } => {
                let mut spans = vec![Span::raw("  ")];
                for (t, w) in titles.iter().zip(&table).filter(|(_, w)| **w > 0) {
                    spans.push(Span::raw(format!("{} ", fit(t, *w))));
                }
                Line::from(spans).style(ui.theme.muted.add_modifier(Modifier::BOLD))
            }
            RLine::Row { cells, target } => {
                let selected = focused && i == pos.selected && target.is_some();
                let mark = if selected { "▶ " } else { "  " };
                let mut spans = vec![Span::styled(mark, ui.theme.accent)];
                for (c, w) in cells.iter().zip(&table).filter(|(_, w)| **w > 0) {
                    let text = if c.right {
                        let t = truncate(&c.text, *w);
                        format!("{}{t}", " ".repeat(w.saturating_sub(width(&t))))
                    } else {
                        fit(&c.text, *w)
                    };
                    spans.push(Span::styled(text, tone(c.tone, ui)));
                    spans.push(Span::raw(" "));
                }
                let line = Line::from(spans);
                if selected { line.style(ui.theme.selection) } else { line }
            }
        };
        frame.render_widget(Paragraph::new(text), row);
    }
}

/// The fewest rows the hour-by-hour chart is drawn in: a heading, two charts of a title, a
/// bar row and the counts, the hours.
pub(super) const HOURS_HEIGHT: u16 = 8;

/// Incoming vs handled orders hour by hour: two bar charts on one scale, each bar's count
/// under it and the hours once below, over the hours that saw any work (at least the working
/// day), the latest kept when the room is short.
fn draw_hours(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, hours: &[Hour]) {
    if area.height < HOURS_HEIGHT || area.width < 12 {
        return;
    }
    let active: Vec<u32> = hours.iter().filter(|h| h.incoming > 0 || h.handled > 0).map(|h| h.hour).collect();
    let (mut first, last) = match (active.first(), active.last()) {
        (Some(a), Some(b)) => ((*a).min(8), (*b).max(18)),
        _ => (8, 18),
    };
    let fits = u32::from(area.width / 3).max(1);
    if last + 1 - first > fits {
        first = last + 1 - fits;
    }
    let shown: Vec<&Hour> = hours.iter().filter(|h| h.hour >= first && h.hour <= last).collect();
    // As wide as the room allows, two to four columns a bar.
    let bar_w = (area.width / shown.len().max(1) as u16).saturating_sub(1).clamp(2, 4);
    let max = shown.iter().map(|h| h.incoming.max(h.handled)).max().unwrap_or(0).max(1) as u64;
    let heading = Line::from(vec![
        Span::styled(ui.t.t("review.hours").to_owned(), ui.theme.accent.add_modifier(Modifier::BOLD)),
        Span::raw("  "),
        Span::styled(format!("■ {}", ui.t.t("review.incoming")), ui.theme.accent),
        Span::raw("  "),
        Span::styled(format!("■ {}", ui.t.t("review.handled")), ui.theme.ok),
    ]);
    frame.render_widget(Paragraph::new(heading), Rect { height: 1, ..area });
    let charts = Rect { y: area.y + 1, height: area.height - 2, ..area };
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(charts);
    for (rect, key, style, value) in [
        (top, "review.incoming", ui.theme.accent, (|h: &Hour| h.incoming) as fn(&Hour) -> i64),
        (bottom, "review.handled", ui.theme.ok, |h: &Hour| h.handled),
    ] {
        let bars: Vec<Bar<'_>> = shown
            .iter()
            .map(|h| {
                let n = value(h).max(0);
                // The count under the bar, not inside it: a short bar has no room for it.
                let label = if n == 0 { "·".to_owned() } else { n.to_string() };
                Bar::default().value(n as u64).text_value("").label(Line::from(label)).style(style)
            })
            .collect();
        let chart = BarChart::default()
            .block(Block::new().title(Line::styled(ui.t.t(key).to_owned(), style)))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_w)
            .bar_gap(1)
            .max(max)
            .label_style(ui.theme.muted);
        frame.render_widget(chart, rect);
    }
    let axis: String =
        shown.iter().map(|h| format!("{} ", fit(&format!("{:02}", h.hour), bar_w as usize))).collect();
    let bottom_line = Rect { y: area.y + area.height - 1, height: 1, ..area };
    frame.render_widget(Paragraph::new(Line::styled(axis, ui.theme.muted)), bottom_line);
}

/// The decision box over the review.
fn draw_ask(frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>, ask: &Ask) {
    let title_key = match ask.kind {
        AskKind::Resolve => "review.ask.resolve",
        AskKind::Approve => "review.ask.approve",
        AskKind::Reassign => "review.ask.reassign",
        AskKind::Cancel => "review.ask.cancel",
    };
    let title =
        ui.t.f(title_key, &[("order", &ask.order), ("operator", &ask.operator), ("charge", &ask.charge)]);
    let popup = centered(area, area.width.saturating_sub(4).min(84), ask.height() + 2);
    let inner = frame_box(frame, popup, &title, ui);
    let label_w = 18.min(inner.width as usize / 3);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let what = match ask.kind {
        AskKind::Resolve => "review.ask.resolve_what",
        AskKind::Approve => "review.ask.approve_what",
        AskKind::Reassign => "review.ask.reassign_what",
        AskKind::Cancel => "review.ask.cancel_what",
    };
    lines.push(Line::styled(
        ui.t.f(what, &[("operator", &ask.operator), ("charge", &ask.charge)]),
        ui.theme.muted,
    ));
    lines.push(Line::raw(""));
    let mark = |focused: bool| Span::styled(if focused { "▸ " } else { "  " }, ui.theme.accent);
    if !ask.options.is_empty() {
        let label = if ask.kind == AskKind::Resolve { "review.ask.resolution" } else { "review.ask.to" };
        let chosen = ask.chosen.and_then(|i| ask.options.get(i));
        let value = match chosen {
            Some((word, _)) if ask.kind == AskKind::Resolve => ui.t.t(&format!("comp.{word}")).to_owned(),
            Some((login, name)) => format!("{login} — {name}"),
            None => ui.t.t("form.choose").to_owned(),
        };
        // What the chosen resolution means, where the hint would be.
        let hint = match chosen {
            Some((word, _)) if ask.kind == AskKind::Resolve => {
                ui.t.t(&format!("review.ask.{word}")).to_owned()
            }
            _ => ui.t.t("form.hint_choice").to_owned(),
        };
        lines.push(Line::from(vec![
            mark(!ask.on_text),
            Span::raw(fit(ui.t.t(label), label_w)),
            Span::raw(" "),
            Span::styled(
                format!("‹ {value} ›"),
                if ask.chosen.is_some() { ui.theme.key } else { ui.theme.muted },
            ),
        ]));
        lines.push(Line::styled(format!("  {hint}"), ui.theme.muted));
    }
    let text_at = inner.y + lines.len() as u16;
    if ask.text.is_some() {
        let label = match ask.kind {
            AskKind::Approve => "review.ask.reason",
            _ => "review.ask.note",
        };
        lines.push(Line::from(vec![mark(ask.on_text), Span::raw(fit(ui.t.t(label), label_w))]));
        lines.push(Line::styled(format!("  {}", ui.t.t(&format!("{label}_hint"))), ui.theme.muted));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(ui.key_hints(ReviewPane::ASK_HINTS)));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(input) = &ask.text {
        let x = inner.x + 2 + label_w as u16 + 1;
        let field = Rect { x, y: text_at, width: (inner.x + inner.width).saturating_sub(x), height: 1 };
        input.draw(frame, field, ask.on_text);
    }
}
