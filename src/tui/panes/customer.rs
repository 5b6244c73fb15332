//! The customer of the selected order: the order itself in short, who the customer is (class,
//! language, blocked, discount, events), their other open orders with owners — and a warning
//! that cannot be missed when a colleague already works with them — past orders and the
//! comments. Filled from `Desk::show`, read when the selection changes, never per frame.

use super::{inner_height, pane_block, title};
use crate::desk::OrderView;
use crate::domain::CustomerClass;
use crate::tui::action::Action;
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// What the pane shows.
#[derive(Debug, Clone, Default)]
pub struct CustomerPane {
    pub view: Option<OrderView>,
    /// Why the order could not be read, shown instead of the view.
    pub error: Option<String>,
    pub scroll: u16,
}

impl CustomerPane {
    pub fn set(&mut self, view: Result<OrderView, String>) {
        let same = matches!((&self.view, &view), (Some(a), Ok(b)) if a.order.order.id == b.order.order.id);
        if !same {
            self.scroll = 0;
        }
        match view {
            Ok(v) => {
                self.view = Some(v);
                self.error = None;
            }
            Err(e) => {
                self.view = None;
                self.error = Some(e);
            }
        }
    }

    pub fn clear(&mut self) {
        self.view = None;
        self.error = None;
        self.scroll = 0;
    }

    pub fn on_action(&mut self, action: Action, height: usize) {
        let page = height.max(1) as u16;
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => u16::MAX / 2,
            _ => self.scroll,
        };
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool, ui: &Ui<'_>, me: &str) {
        let heading = match &self.view {
            Some(v) => ui.t.f("customer.title", &[("name", &v.customer.name)]),
            None => ui.t.t("pane.customer").to_owned(),
        };
        let block = pane_block(title(heading, focused, ui), focused, ui);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = match (&self.view, &self.error) {
            (Some(v), _) => lines(v, ui, me),
            (None, Some(e)) => vec![Line::styled(e.clone(), ui.theme.refused)],
            (None, None) => vec![Line::styled(ui.t.t("customer.none").to_owned(), ui.theme.muted)],
        };
        // Never scroll past the end: the last screenful stays in view.
        let max = (lines.len() as u16).saturating_sub(inner_height(area) as u16);
        let para = Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll.min(max), 0));
        frame.render_widget(para, inner);
    }
}

fn lines(v: &OrderView, ui: &Ui<'_>, me: &str) -> Vec<Line<'static>> {
    let o = &v.order.order;
    let c = &v.customer;
    let bold = Modifier::BOLD;
    let mut out = Vec::new();
    // The order, in one line, then its items.
    let (due, due_style) = ui.due(v.order.due);
    let mut head = vec![
        Span::styled(o.id.clone(), ratatui::style::Style::new().add_modifier(bold)),
        Span::raw(format!(" · {} · ", ui.word("status", o.status))),
        Span::raw(o.owner.clone().unwrap_or_else(|| ui.t.t("customer.unowned").to_owned())),
        // What the customer pays (after discounts, with delivery), named: the queue shows goods.
        Span::raw(format!(
            " · {} · ",
            ui.t.f("customer.to_pay", &[("amount", &v.order.amount_due.display())])
        )),
        Span::styled(due, due_style),
    ];
    if let Some(d) = v.order.due {
        head.push(Span::styled(format!(" ({})", ui.word("due_kind", d.kind)), ui.theme.muted));
    }
    out.push(Line::from(head));
    for item in &o.items {
        out.push(Line::from(vec![
            Span::styled(format!("  {}× ", item.qty), ui.theme.muted),
            Span::raw(item.name.clone()),
            Span::styled(format!(" {} {}", item.sku, ui.money(item.line_total())), ui.theme.muted),
        ]));
    }
    if !o.comment.trim().is_empty() {
        out.push(Line::styled(format!("  “{}”", o.comment.trim()), ui.theme.muted));
    }
    // With the carrier: the TTN and the day promised, and whether that day has passed.
    let life = &o.life;
    if o.status.is_with_delivery() || !life.tracking.is_empty() {
        let ttn = if life.tracking.is_empty() { "—".to_owned() } else { life.tracking.clone() };
        let expected =
            life.expected_delivery.map_or_else(|| "—".to_owned(), |d| d.format("%d.%m.%Y").to_string());
        let mut spans = vec![Span::styled(
            format!("  {}", ui.t.f("customer.delivery", &[("ttn", &ttn), ("expected", &expected)])),
            ui.theme.muted,
        )];
        if v.order.delivery_late {
            spans.push(Span::styled(format!(" · {}", ui.t.t("customer.delivery_late")), ui.theme.warning));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::raw(""));
    // Who the customer is.
    let class_style =
        if c.class == CustomerClass::Supervip { ui.theme.warning } else { ratatui::style::Style::new() };
    out.push(Line::from(vec![
        Span::styled(c.name.clone(), ratatui::style::Style::new().add_modifier(bold)),
        Span::raw(" · "),
        Span::styled(ui.word("class", c.class), class_style),
        Span::raw(format!(" · {} · {}", c.language, c.phone)),
    ]));
    if c.class == CustomerClass::Supervip {
        let who = c.designated.clone().unwrap_or_else(|| "—".into());
        out.push(Line::styled(ui.t.f("customer.supervip", &[("who", &who)]), ui.theme.warning));
    }
    if let Some(since) = c.blocked_since {
        let years = c.blocked_years(ui.now.date_naive()).unwrap_or(0);
        out.push(Line::styled(
            ui.t.f("customer.blocked", &[("since", &since), ("years", &years)]),
            ui.theme.warning,
        ));
    }
    if c.personal_discount > 0 {
        out.push(Line::raw(ui.t.f("customer.discount", &[("pct", &c.personal_discount)])));
    }
    for e in &c.events {
        out.push(Line::raw(
            ui.t.f("customer.event", &[("kind", &ui.word("event", e.kind)), ("date", &e.date)]),
        ));
    }
    // A colleague already works with this customer.
    let open: Vec<_> = v.history.iter().filter(|h| !h.status.is_closed()).collect();
    for h in
        open.iter().filter(|h| h.status.is_in_work() && h.owner.as_deref().is_some_and(|owner| owner != me))
    {
        let owner = h.owner.clone().unwrap_or_default();
        out.push(Line::styled(
            ui.t.f("customer.owned_by_other", &[("order", &h.id), ("owner", &owner)]),
            ui.theme.warning.add_modifier(Modifier::REVERSED),
        ));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(ui.t.f("customer.open", &[("n", &open.len())]), ui.theme.accent));
    for h in &open {
        out.push(history_line(h, ui));
    }
    let past: Vec<_> = v.history.iter().filter(|h| h.status.is_closed()).collect();
    out.push(Line::styled(ui.t.f("customer.past", &[("n", &past.len())]), ui.theme.accent));
    for h in &past {
        out.push(history_line(h, ui));
    }
    out.push(Line::styled(ui.t.f("customer.comments", &[("n", &v.comments.len())]), ui.theme.accent));
    for cm in &v.comments {
        out.push(Line::from(vec![
            Span::styled(format!("  {} {}: ", cm.at.get(..16).unwrap_or(&cm.at), cm.author), ui.theme.muted),
            Span::raw(cm.text.clone()),
        ]));
    }
    out
}

fn history_line(h: &crate::desk::CustomerOrder, ui: &Ui<'_>) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("  {} ", h.id)),
        Span::styled(h.created_at.format("%Y-%m-%d").to_string(), ui.theme.muted),
        Span::raw(format!(" {} ", ui.word("status", h.status))),
        Span::raw(ui.money(h.total)),
        Span::styled(format!(" {}", h.owner.clone().unwrap_or_else(|| "—".into())), ui.theme.muted),
    ])
}
