//! The application state and its drawing: the queue of orders, cached and refreshed when the
//! store changes (never read per frame).

use crate::desk::{Desk, QueueFilter};
use crate::display::{countdown, span};
use crate::domain::Operator;
use crate::store::OrderRow;
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Row, Table, TableState};

/// How many queue rows are read at a time.
const WINDOW: usize = 200;

pub struct App {
    desk: Desk,
    actor: Operator,
    rows: Vec<OrderRow>,
    table: TableState,
    /// The store's change counter at the last read.
    seen_version: i64,
    pub quit: bool,
}

impl App {
    pub fn new(desk: Desk, actor: Operator) -> Result<App> {
        let mut app = App {
            desk,
            actor,
            rows: Vec::new(),
            table: TableState::default(),
            seen_version: -1,
            quit: false,
        };
        app.refresh()?;
        app.table.select((!app.rows.is_empty()).then_some(0));
        Ok(app)
    }

    fn refresh(&mut self) -> Result<()> {
        let filter = QueueFilter { limit: WINDOW, ..Default::default() };
        self.rows = self.desk.queue(&self.actor, &filter)?;
        self.seen_version = self.desk.store().data_version()?;
        Ok(())
    }

    /// Another desk may have written: re-read only when the store says something changed.
    pub fn on_tick(&mut self) -> Result<()> {
        if self.desk.store().data_version()? != self.seen_version {
            self.refresh()?;
        }
        Ok(())
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Result<()> {
        if key.kind != KeyEventKind::Press {
            return Ok(());
        }
        match key.code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Down | KeyCode::Char('j') => self.table.select_next(),
            KeyCode::Up | KeyCode::Char('k') => self.table.select_previous(),
            _ => {}
        }
        Ok(())
    }

    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        let now = self.desk.now();
        let rows = self.rows.iter().map(|r| {
            Row::new(vec![
                r.id.clone(),
                span(now - r.created_at.to_utc()),
                r.due.map(|d| countdown(d.at, now)).unwrap_or_else(|| "—".into()),
                r.status.to_string(),
                r.customer_name.clone(),
                self.desk.money(r.total).display(),
                r.owner.clone().unwrap_or_else(|| "—".into()),
            ])
        });
        let widths = [
            Constraint::Length(10),
            Constraint::Length(4),
            Constraint::Length(9),
            Constraint::Length(18),
            Constraint::Min(12),
            Constraint::Length(10),
            Constraint::Length(7),
        ];
        let title = format!(
            " opdesk · {} · {} ({}) · q quit ",
            self.desk.shop().shop.name,
            self.actor.name,
            self.actor.roles_label()
        );
        let table = Table::new(rows, widths)
            .header(
                Row::new(["ORDER", "AGE", "DUE", "STATUS", "CUSTOMER", "TOTAL", "OWNER"])
                    .style(Style::new().add_modifier(Modifier::BOLD)),
            )
            .block(Block::bordered().title(title))
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
            .highlight_symbol("▶ ");
        frame.render_stateful_widget(table, frame.area(), &mut self.table);
    }
}
