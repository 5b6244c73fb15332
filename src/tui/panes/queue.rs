//! The queue of orders: tabs (Mine, New, All, Late, Handoffs), an incremental filter, and a window of
//! rows read around the selection. The pane never holds the whole queue: it keeps one window
//! (at most [`WINDOW`] rows) and asks the root for another when the cursor leaves it.

use super::pane_block;
use crate::desk::QueueFilter;
use crate::desk::{Count, OrderRow};
use crate::domain::OrderStatus;
use crate::tui::action::{Action, Hint};
use crate::tui::common::list::ListPos;
use crate::tui::common::text::{truncate, width};
use crate::tui::common::textarea::LineInput;
use crate::tui::keymap::Key;
use crate::tui::ui::Ui;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

/// Rows read at a time.
pub const WINDOW: usize = 200;

/// How many tabs the queue has.
const TABS: usize = QueueTab::ALL.len();

/// A tab of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueTab {
    Mine,
    New,
    All,
    Late,
    /// The duty inbox: orders with a handoff nobody took, the oldest handoff first.
    Handoffs,
}

impl QueueTab {
    pub const ALL: [QueueTab; 5] =
        [QueueTab::Mine, QueueTab::New, QueueTab::All, QueueTab::Late, QueueTab::Handoffs];

    /// The name in the palette (`:tab late`) and the catalog key `tab.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            QueueTab::Mine => "mine",
            QueueTab::New => "new",
            QueueTab::All => "all",
            QueueTab::Late => "late",
            QueueTab::Handoffs => "handoffs",
        }
    }

    pub fn from_name(name: &str) -> Option<QueueTab> {
        QueueTab::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The tab of the desk's first view of an operator.
    pub fn first(view: crate::desk::FirstView) -> QueueTab {
        use crate::desk::FirstView as V;
        match view {
            V::Mine => QueueTab::Mine,
            V::New => QueueTab::New,
            V::Late => QueueTab::Late,
            V::Handoffs => QueueTab::Handoffs,
        }
    }

    fn index(self) -> usize {
        QueueTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// What the tab lists (no text filter, no window).
    pub fn filter(self) -> QueueFilter {
        match self {
            QueueTab::Mine => {
                QueueFilter { mine: true, statuses: OrderStatus::open().collect(), ..Default::default() }
            }
            QueueTab::New => QueueFilter { statuses: vec![OrderStatus::New], ..Default::default() },
            QueueTab::All => QueueFilter::default(),
            QueueTab::Late => QueueFilter { overdue: true, ..Default::default() },
            QueueTab::Handoffs => QueueFilter { handoffs: true, ..Default::default() },
        }
    }
}

/// What the root must do after the pane handled something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueMsg {
    None,
    /// The cursor moved: load another window if needed, and the selected order's details.
    Moved,
    /// The tab or the filter changed: read the queue again from the top.
    Requery,
    /// Enter on a row.
    Open,
}

/// The queue's state.
#[derive(Debug, Clone)]
pub struct QueuePane {
    pub tab: QueueTab,
    pub filter: String,
    /// The filter being typed and the filter before it (Esc puts that back).
    editing: Option<(LineInput, String)>,
    /// Orders the tab and filter match in all.
    pub total: usize,
    /// How many the filter matches, as the desk counted them ("200+" for a broad text filter).
    pub count: Count,
    /// Where the window starts in the whole list.
    pub offset: usize,
    pub rows: Vec<OrderRow>,
    pub pos: ListPos,
    /// Orders per tab, as the tab labels show them.
    pub counts: [Count; QueueTab::ALL.len()],
    /// When the filter matches nothing in this tab: how many orders it matches in All, so a
    /// search for a calling customer's phone does not dead-end in the wrong tab.
    pub elsewhere: Option<Count>,
    /// The operator's orders with a callback due now (from the desk's alerts): named at the
    /// top of the queue, whatever the tab, so a promised call is not buried under older work.
    pub callbacks_due: Vec<String>,
    /// The acting operator's login, to mark their own orders.
    me: String,
}

impl QueuePane {
    pub fn new(me: &str) -> QueuePane {
        QueuePane {
            tab: QueueTab::Mine,
            filter: String::new(),
            editing: None,
            total: 0,
            offset: 0,
            rows: Vec::new(),
            pos: ListPos::default(),
            counts: [Count::Exact(0); QueueTab::ALL.len()],
            count: Count::Exact(0),
            elsewhere: None,
            callbacks_due: Vec::new(),
            me: me.to_owned(),
        }
    }

    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    /// The filter of the window to read now, over every tab (where else the text matches).
    pub fn query_everywhere(&self) -> Option<QueueFilter> {
        let text = self.filter.trim();
        (!text.is_empty() && self.tab != QueueTab::All)
            .then(|| QueueFilter { text: Some(text.to_owned()), ..QueueTab::All.filter() })
    }

    /// The filter of the window to read now.
    pub fn query(&self) -> QueueFilter {
        let text = self.filter.trim();
        QueueFilter {
            text: (!text.is_empty()).then(|| text.to_owned()),
            limit: WINDOW,
            offset: self.offset,
            ..self.tab.filter()
        }
    }

    /// Where a new window should start when the viewport is not inside the current one.
    pub fn window_needed(&self, height: usize) -> Option<usize> {
        let end = (self.pos.top + height).min(self.total);
        let covered = self.offset <= self.pos.top && end <= self.offset + self.rows.len();
        (!covered && self.total > 0).then(|| self.pos.selected.saturating_sub(WINDOW / 2).min(self.pos.top))
    }

    /// Takes a freshly read window, keeping the cursor on the same order when it is still there.
    pub fn set_window(&mut self, offset: usize, rows: Vec<OrderRow>, total: usize, height: usize) {
        let keep = self.selected_row().map(|r| r.id.clone());
        self.offset = offset;
        self.rows = rows;
        self.total = total;
        if let Some(i) = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
            self.pos.selected = offset + i;
        }
        self.pos.to(self.pos.selected, self.total);
        self.pos.follow(height, self.total);
    }

    /// Back to the first row (a new tab or filter).
    pub fn reset(&mut self) {
        self.offset = 0;
        self.pos = ListPos::default();
        self.rows.clear();
    }

    /// Puts the cursor on order `id` if the window holds it; whether it did.
    pub fn select(&mut self, id: &str, height: usize) -> bool {
        let Some(i) = self.rows.iter().position(|r| r.id == id) else { return false };
        self.pos.to(self.offset + i, self.total);
        self.pos.follow(height, self.total);
        true
    }

    pub fn selected_row(&self) -> Option<&OrderRow> {
        self.pos.selected.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }

    pub fn set_tab(&mut self, tab: QueueTab) -> QueueMsg {
        if tab == self.tab {
            return QueueMsg::None;
        }
        self.tab = tab;
        self.reset();
        QueueMsg::Requery
    }

    pub fn start_filter(&mut self) {
        if self.editing.is_none() {
            self.editing = Some((LineInput::new(&self.filter), self.filter.clone()));
        }
    }

    /// A key while the filter is being typed: text narrows the queue at once, Enter keeps the
    /// filter, Esc puts the old one back.
    /// The footer while the filter is being typed.
    pub const FILTER_HINTS: &'static [Hint] = &[
        (Action::Open, "footer.keep_filter"),
        (Action::Back, "footer.undo_filter"),
        (Action::Down, "footer.to_list"),
    ];

    pub fn filter_key(&mut self, key: KeyEvent, action: Option<Action>) -> QueueMsg {
        let Some((input, before)) = &mut self.editing else { return QueueMsg::None };
        if !Key::is_text(&key) {
            match action {
                Some(Action::Back) => {
                    let before = before.clone();
                    self.editing = None;
                    if before != self.filter {
                        self.filter = before;
                        self.reset();
                        return QueueMsg::Requery;
                    }
                    return QueueMsg::None;
                }
                Some(Action::Open) => {
                    self.editing = None;
                    return QueueMsg::None;
                }
                Some(Action::Up | Action::Down | Action::PageUp | Action::PageDown) => {
                    self.editing = None;
                    return QueueMsg::None;
                }
                _ => {}
            }
        }
        if input.input(key) {
            self.filter = input.text();
            self.reset();
            return QueueMsg::Requery;
        }
        QueueMsg::None
    }

    /// An action while the queue has the focus.
    pub fn on_action(&mut self, action: Action, height: usize) -> QueueMsg {
        let page = height.max(1) as isize;
        match action {
            Action::Up => self.pos.step(-1, self.total),
            Action::Down => self.pos.step(1, self.total),
            Action::PageUp => self.pos.step(-page, self.total),
            Action::PageDown => self.pos.step(page, self.total),
            Action::Top => self.pos.to(0, self.total),
            Action::Bottom => self.pos.to(self.total.saturating_sub(1), self.total),
            Action::NextTab => return self.set_tab(QueueTab::ALL[(self.tab.index() + 1) % TABS]),
            Action::PrevTab => return self.set_tab(QueueTab::ALL[(self.tab.index() + TABS - 1) % TABS]),
            Action::Filter => {
                self.start_filter();
                return QueueMsg::None;
            }
            Action::Open => return QueueMsg::Open,
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.reset();
                return QueueMsg::Requery;
            }
            _ => return QueueMsg::None,
        }
        self.pos.follow(height, self.total);
        QueueMsg::Moved
    }

    /// A click on the `row`-th visible row.
    pub fn click_row(&mut self, row: usize, height: usize) -> QueueMsg {
        let index = self.pos.top + row;
        if index >= self.total {
            return QueueMsg::None;
        }
        self.pos.to(index, self.total);
        self.pos.follow(height, self.total);
        QueueMsg::Moved
    }

    /// Lines above the table inside the border (the filter line when there is one).
    fn filter_lines(&self) -> u16 {
        u16::from(self.editing.is_some() || !self.filter.is_empty())
    }

    /// Lines above the table: the filter, and the callbacks due now, when there are any.
    fn top_lines(&self) -> u16 {
        self.filter_lines() + u16::from(!self.callbacks_due.is_empty())
    }

    /// How many rows of orders fit in `area`.
    pub fn viewport(&self, area: Rect) -> usize {
        area.height.saturating_sub(2 + 1 + self.top_lines()) as usize
    }

    /// Which visible row a screen line is, if any.
    pub fn row_at(&self, area: Rect, y: u16) -> Option<usize> {
        let first = area.y + 1 + self.top_lines() + 1;
        (y >= first && y < area.y + area.height.saturating_sub(1)).then(|| (y - first) as usize)
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool, ui: &Ui<'_>) {
        let mut title = vec![Span::styled(
            format!(" {} ", ui.t.t("pane.queue")),
            if focused { ui.theme.accent } else { Style::new() },
        )];
        for (i, tab) in QueueTab::ALL.into_iter().enumerate() {
            let label = format!(" {} {} ", ui.t.t(&format!("tab.{}", tab.name())), self.counts[i]);
            let style = if tab == self.tab {
                ui.theme.selection.add_modifier(Modifier::BOLD)
            } else {
                ui.theme.muted
            };
            title.push(Span::styled(label, style));
            title.push(Span::raw(if i + 1 < TABS { "│" } else { " " }));
        }
        let position = if self.total == 0 {
            String::new()
        } else {
            format!(" {}/{} ", self.pos.selected + 1, self.count)
        };
        let block =
            pane_block(Line::from(title), focused, ui).title_bottom(Line::from(position).right_aligned());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut table_area = inner;
        if self.filter_lines() > 0 {
            let line = Rect { height: 1, ..inner };
            frame.render_widget(Paragraph::new(Span::styled("/ ", ui.theme.accent)), line);
            let field = Rect { x: line.x + 2, width: line.width.saturating_sub(2), ..line };
            match &self.editing {
                Some((input, _)) => input.draw(frame, field, true),
                None => frame.render_widget(Paragraph::new(self.filter.as_str()), field),
            }
            table_area.y += 1;
            table_area.height = table_area.height.saturating_sub(1);
        }
        if !self.callbacks_due.is_empty() {
            let line = Rect { height: 1, ..table_area };
            let text = ui.t.f("queue.call_now", &[("orders", &self.callbacks_due.join(", "))]);
            let text = truncate(&text, line.width as usize);
            frame.render_widget(
                Paragraph::new(Span::styled(text, ui.theme.late.add_modifier(Modifier::BOLD))),
                line,
            );
            table_area.y += 1;
            table_area.height = table_area.height.saturating_sub(1);
        }
        if self.total == 0 {
            let text = if self.filter.trim().is_empty() {
                ui.t.t("queue.empty").to_owned()
            } else if let Some(n) = self.elsewhere.filter(|n| !n.is_zero()) {
                ui.t.f(
                    "queue.no_match_here",
                    &[
                        ("filter", &self.filter.trim()),
                        ("tab", &ui.t.t(&format!("tab.{}", self.tab.name()))),
                        ("n", &n),
                    ],
                )
            } else {
                ui.t.f(
                    "queue.no_match",
                    &[
                        ("filter", &self.filter.trim()),
                        ("key", &ui.keys.label(Action::Back).unwrap_or_default()),
                    ],
                )
            };
            frame.render_widget(Paragraph::new(Span::styled(text, ui.theme.muted)), table_area);
            return;
        }
        self.draw_table(frame, table_area, ui);
    }

    fn draw_table(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let w = area.width as usize;
        let show_age = w >= 84;
        let id_w = self.rows.iter().map(|r| width(&r.id)).max().unwrap_or(9).clamp(6, 14);
        // An amount is never cut (a cut "₴12 553.64" reads "2 553.64"): the column fits the
        // window's widest, taken from the customer's name. An amount's width grows with its whole
        // part, kopecks shown or not, so the largest of each kind is formatted, not every row.
        let largest = |round: bool| {
            let kind = self.rows.iter().map(|r| r.total).filter(|t| (t % 100 == 0) == round);
            kind.max_by_key(|t| (t.unsigned_abs(), *t < 0))
        };
        let total_w = [largest(true), largest(false)]
            .into_iter()
            .flatten()
            .map(|t| width(&ui.money(t)))
            .max()
            .unwrap_or(8)
            .clamp(8, 16);
        let fixed = [2, id_w, if show_age { 4 } else { 0 }, 9, 11, total_w, 7, 8];
        let gaps = if show_age { 8 } else { 7 };
        let customer_w = w.saturating_sub(fixed.iter().sum::<usize>() + gaps).max(6);
        let height = area.height.saturating_sub(1) as usize;
        let start = self.pos.top.saturating_sub(self.offset);
        let visible = self.rows.iter().skip(start).take(height);
        let rows: Vec<Row<'_>> = visible
            .map(|r| {
                let (due, due_style) = ui.due(r.due);
                let owner = match &r.owner {
                    Some(o) if *o == self.me => Cell::from(Span::styled(truncate(o, 7), ui.theme.accent)),
                    Some(o) => Cell::from(truncate(o, 7)),
                    None => Cell::from(Span::styled("—", ui.theme.muted)),
                };
                let mut cells = vec![Cell::from(r.id.clone())];
                if show_age {
                    cells.push(Cell::from(Span::styled(
                        ui.span(ui.now - r.created_at.to_utc()),
                        ui.theme.muted,
                    )));
                }
                cells.extend([
                    Cell::from(Span::styled(due, due_style)),
                    Cell::from(truncate(&ui.word("status", r.status), 11)),
                    Cell::from(truncate(&r.customer_name, customer_w)),
                    Cell::from(Line::from(ui.money(r.total)).right_aligned()),
                    owner,
                    Cell::from(Span::styled(truncate(&ui.flags(r), 8), ui.theme.warning)),
                ]);
                Row::new(cells)
            })
            .collect();
        let mut widths = vec![Constraint::Length(id_w as u16)];
        if show_age {
            widths.push(Constraint::Length(4));
        }
        widths.extend([
            Constraint::Length(9),
            Constraint::Length(11),
            Constraint::Length(customer_w as u16),
            Constraint::Length(total_w as u16),
            Constraint::Length(7),
            Constraint::Length(8),
        ]);
        let mut header = vec![ui.t.t("col.id")];
        if show_age {
            header.push(ui.t.t("col.age"));
        }
        header.extend(
            ["col.due", "col.status", "col.customer", "col.total", "col.owner", "col.flags"]
                .map(|k| ui.t.t(k)),
        );
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(ui.theme.muted.add_modifier(Modifier::BOLD)))
            .row_highlight_style(ui.theme.selection)
            .highlight_symbol("▶ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        let mut state = TableState::default().with_selected(self.pos.selected.checked_sub(self.pos.top));
        frame.render_stateful_widget(table, area, &mut state);
    }
}
