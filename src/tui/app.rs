//! The root of the workstation: it owns the panes and overlays, routes keys and clicks to the
//! one in front (which that is, `front` alone says), and is the only part that talks to the
//! desk — reading windows of the queue and the selected order when something changed (never
//! per frame), and, later, evaluating and performing actions. Drawing (in `draw`) only reads
//! the state kept here.

mod actions;
mod draw;
mod front;
mod handoffs;
mod review;
mod shift;

pub use super::settings::Settings;
pub use front::Front;

use super::action::Action;
use super::chrome::{self, Status};
use super::common::modal::Confirm;
use super::layout::{Body, PaneId, Screen};
use super::panes::customer::CustomerPane;
use super::panes::form::{Form, FormMsg};
use super::panes::help::Help;
use super::panes::palette::{Command, Palette};
use super::panes::queue::{QueueMsg, QueuePane, QueueTab};
use super::panes::review::Period;
use super::panes::review::ReviewPane;
use super::panes::script::ScriptPane;
use crate::desk::Desk;
use crate::domain::{ActionKind, Language, Operator};
use anyhow::Result;
use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use front::{Base, Popup};
use ratatui::layout::Rect;

/// Ticks (about a second each) between re-reads even when the store did not change, so
/// deadlines turn late on time.
const REREAD_TICKS: u32 = 30;

/// What a confirmation's "yes" does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Quit,
    DiscardForm,
    Perform,
    /// A decision from the day's review.
    Decide,
    /// Take this handoff into work.
    TakeHandoff(i64),
}

/// The workstation's state.
pub struct App {
    desk: Desk,
    actor: Operator,
    s: Settings,
    focus: PaneId,
    queue: QueuePane,
    customer: CustomerPane,
    script: ScriptPane,
    /// A form or the day's review over the desk's panes, if one is open.
    base: Base,
    /// The help, "why?", the palette or a question over everything else, if one is open.
    popup: Option<Popup>,
    status: Option<Status>,
    screen: Screen,
    seen_version: i64,
    ticks: u32,
    /// The scripts' language for the current call, when the operator switched it.
    call_lang: Option<Language>,
    /// What waits for the operator (due callbacks, handoffs for the duty operator), as last read.
    alerts: crate::desk::Alerts,
    /// Something arrived since the last read and `[ui] bell` is on: the loop rings once.
    ring: bool,
    /// The shift-end list a handoff form was opened from: it comes back when the form closes.
    shift_behind: Option<Box<super::panes::shift::ShiftPane>>,
    /// Inside a burst of events (see [`App::batch`]): a filter edit only marks the queue stale.
    batching: bool,
    /// The filter changed during the burst: read the queue once when it ends.
    requery_pending: bool,
    pub quit: bool,
}

impl App {
    pub fn new(desk: Desk, actor: Operator, settings: Settings, size: Rect) -> Result<App> {
        let mut app = App {
            queue: QueuePane::new(&actor.login),
            desk,
            actor,
            s: settings,
            focus: PaneId::Queue,
            customer: CustomerPane::default(),
            script: ScriptPane::default(),
            base: Base::Desk,
            popup: None,
            status: None,
            screen: Screen::of(size),
            seen_version: -1,
            ticks: 0,
            call_lang: None,
            shift_behind: None,
            alerts: Default::default(),
            ring: false,
            batching: false,
            requery_pending: false,
            quit: false,
        };
        // Start where the work is: the desk says which view, from its data and the roles.
        app.queue.tab = QueueTab::first(app.desk.first_view(&app.actor)?);
        app.refresh()?;
        Ok(app)
    }

    /// The desk behind the workstation (read-only: every change goes through a form).
    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    /// The desk for tests and tools that read what only a supervisor may read (the audit
    /// trail). The workstation itself changes the desk only through its forms.
    pub fn desk_mut(&mut self) -> &mut Desk {
        &mut self.desk
    }

    pub fn focus(&self) -> PaneId {
        self.focus
    }

    pub fn queue(&self) -> &QueuePane {
        &self.queue
    }

    pub fn form(&self) -> Option<&Form> {
        self.base.form()
    }

    pub fn help_open(&self) -> bool {
        matches!(self.popup, Some(Popup::Help(_)))
    }

    pub fn palette_text(&self) -> Option<String> {
        match &self.popup {
            Some(Popup::Palette(p)) => Some(p.text()),
            _ => None,
        }
    }

    pub fn review(&self) -> Option<&ReviewPane> {
        self.base.review()
    }

    pub fn confirming(&self) -> bool {
        matches!(self.popup, Some(Popup::Confirm(_)))
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// Whether the bell should ring now (once per arrival); clears it.
    pub fn take_ring(&mut self) -> bool {
        std::mem::take(&mut self.ring)
    }

    /// What waits for the operator, as the header shows it.
    pub fn alerts(&self) -> &crate::desk::Alerts {
        &self.alerts
    }

    pub fn lang(&self) -> Language {
        self.s.i18n.lang()
    }

    fn say(&mut self, text: String, error: bool) {
        self.status = Some(Status { text, error, ttl: 8 });
    }

    fn queue_height(&self) -> usize {
        self.screen.pane_area(PaneId::Queue, PaneId::Queue).map(|a| self.queue.viewport(a)).unwrap_or(10)
    }

    // ----- reading from the desk -----

    /// Reads the counts, the queue window and the selected order again.
    pub fn refresh(&mut self) -> Result<()> {
        let first_read = self.seen_version < 0;
        self.seen_version = self.desk.data_version()?;
        let alerts = self.desk.alerts(&self.actor)?;
        if !first_read && alerts.news_since(&self.alerts) && self.desk.shop().ui.bell {
            self.ring = true;
        }
        self.queue.callbacks_due = alerts.callback_orders.clone();
        self.alerts = alerts;
        for (i, tab) in QueueTab::ALL.into_iter().enumerate() {
            self.queue.counts[i] = self.desk.queue_count(&self.actor, &tab.filter())?;
        }
        self.reload_queue()?;
        self.load_selected(true);
        self.reload_review();
        Ok(())
    }

    fn reload_queue(&mut self) -> Result<()> {
        let height = self.queue_height();
        let q = self.queue.query();
        let (count, rows) = self.desk.queue_page(&self.actor, &q)?;
        let total = usize::try_from(count.known()).unwrap_or(usize::MAX);
        self.queue.count = count;
        self.queue.set_window(q.offset, rows, total, height);
        // Nothing here: say whether the text matches elsewhere (one count, only when empty).
        self.queue.elsewhere = match self.queue.query_everywhere() {
            Some(everywhere) if total == 0 => Some(self.desk.queue_count(&self.actor, &everywhere)?),
            _ => None,
        };
        if let Some(offset) = self.queue.window_needed(height) {
            self.queue.offset = offset;
            let q = self.queue.query();
            let rows = self.desk.queue(&self.actor, &q)?;
            self.queue.set_window(offset, rows, total, height);
        }
        Ok(())
    }

    /// Reads the selected order's details when the selection moved (or `force`).
    fn load_selected(&mut self, force: bool) {
        let Some(id) = self.queue.selected_row().map(|r| r.id.clone()) else {
            self.customer.clear();
            self.script.clear();
            return;
        };
        let same = self.customer.view.as_ref().is_some_and(|v| v.order.order.id == id);
        if force || !same {
            self.customer.set(self.desk.show(&id).map_err(|e| e.to_string()));
            let (shown, scroll) = (self.script.shown, self.script.scroll);
            self.script.set(self.desk.scripts(&self.actor, &id, self.call_lang).map_err(|e| e.to_string()));
            // A re-read of the same order keeps the operator's place in the script.
            if same {
                self.script.shown = shown.min(self.script.scripts.len().saturating_sub(1));
                self.script.scroll = scroll;
            }
        }
    }

    /// Handles a burst of events already waiting (keys typed or pasted faster than the queue is
    /// read) as one: each filter edit only marks the queue stale, and the queue is read once,
    /// for the text as it stands after the last of them.
    pub fn batch(&mut self, events: impl IntoIterator<Item = Event>) -> Result<()> {
        self.batching = true;
        let handled = events.into_iter().try_for_each(|e| self.handle(e));
        self.batching = false;
        let settled = self.settle_queue();
        handled.and(settled)
    }

    /// Reads the queue if a filter edit left it stale.
    fn settle_queue(&mut self) -> Result<()> {
        if std::mem::take(&mut self.requery_pending) {
            self.reload_queue()?;
            self.load_selected(false);
        }
        Ok(())
    }

    fn after_queue(&mut self, msg: QueueMsg) -> Result<()> {
        if msg == QueueMsg::Requery && self.batching {
            self.requery_pending = true;
            return Ok(());
        }
        // Anything else works on the queue as the text now filters it.
        if msg != QueueMsg::None {
            self.settle_queue()?;
        }
        match msg {
            QueueMsg::None => {}
            QueueMsg::Moved => {
                if self.queue.window_needed(self.queue_height()).is_some() {
                    self.reload_queue()?;
                }
                self.load_selected(false);
            }
            QueueMsg::Requery => {
                self.reload_queue()?;
                self.load_selected(false);
            }
            QueueMsg::Open => {
                if self.queue.selected_row().is_some() {
                    self.focus = PaneId::Customer;
                }
            }
        }
        Ok(())
    }

    // ----- events -----

    /// One event from the terminal (or a test).
    pub fn handle(&mut self, event: Event) -> Result<()> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Mouse(m) => self.on_mouse(m),
            Event::Resize(w, h) => self.resize(Rect::new(0, 0, w, h)),
            _ => Ok(()),
        }
    }

    pub fn resize(&mut self, size: Rect) -> Result<()> {
        if self.screen.area != size {
            self.screen = Screen::of(size);
            let height = self.queue_height();
            self.queue.pos.follow(height, self.queue.total);
            if self.queue.window_needed(height).is_some() {
                self.reload_queue()?;
            }
            let wide = self.screen.is_wide();
            if let Some(review) = self.base.review_mut() {
                review.fit(wide);
            }
        }
        Ok(())
    }

    /// About once a second: notice other desks' writes, let messages fade.
    pub fn on_tick(&mut self) -> Result<()> {
        self.ticks = self.ticks.wrapping_add(1);
        if let Some(s) = &mut self.status {
            s.ttl = s.ttl.saturating_sub(1);
            if s.ttl == 0 {
                self.status = None;
            }
        }
        let version = self.desk.data_version()?;
        if version != self.seen_version || self.ticks.is_multiple_of(REREAD_TICKS) {
            self.refresh()?;
        }
        Ok(())
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Result<()> {
        if key.kind == KeyEventKind::Release {
            return Ok(());
        }
        let action = self.s.keymap.action(&key);
        if matches!(self.screen.body, Body::TooSmall) {
            if action == Some(Action::Quit) {
                self.request_quit();
            }
            return Ok(());
        }
        match self.front() {
            Front::Confirm | Front::Help | Front::Why | Front::Palette => self.popup_key(key, action),
            Front::Review | Front::Decision => self.review_key(key, action),
            Front::Shift => self.shift_key(action),
            Front::Ledger => self.ledger_key(action),
            Front::Form => self.form_key(key, action),
            Front::Filter => {
                let msg = self.queue.filter_key(key, action);
                self.after_queue(msg)
            }
            Front::Desk => match action {
                Some(action) => self.on_action(action),
                None => Ok(()),
            },
        }
    }

    /// A key while the form is in front.
    fn form_key(&mut self, key: KeyEvent, action: Option<Action>) -> Result<()> {
        let Some(form) = self.base.form_mut() else { return Ok(()) };
        match form.key(key, action) {
            FormMsg::None => {}
            FormMsg::Changed => self.evaluate(),
            FormMsg::Close => self.close_form(),
            FormMsg::Submit => self.submit(),
        }
        // Only keys no field takes reach the workstation behind the form.
        match action {
            Some(a @ (Action::Quit | Action::Help | Action::Refresh | Action::Why))
                if !super::keymap::Key::is_text(&key) =>
            {
                self.on_action(a)
            }
            _ => Ok(()),
        }
    }

    fn on_action(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.popup = Some(Popup::Help(Help::default())),
            Action::Palette => {
                let mut palette = Palette::default();
                palette.refused = self.refusals_now();
                self.popup = Some(Popup::Palette(Box::new(palette)));
            }
            Action::Why => self.explain(),
            Action::Refresh => {
                self.refresh()?;
                self.say(self.s.i18n.t("msg.refreshed").to_owned(), false);
            }
            Action::NextPane => self.focus = self.focus.next(true),
            Action::PrevPane => self.focus = self.focus.next(false),
            Action::Pane1 => self.focus = PaneId::Queue,
            Action::Pane2 => self.focus = PaneId::Customer,
            Action::Pane3 => self.focus = PaneId::Script,
            Action::Pane4 => self.focus = PaneId::Checklist,
            Action::Claim => self.prepare(ActionKind::Claim),
            Action::Confirm => self.prepare(ActionKind::Confirm),
            Action::Cancel => self.prepare(ActionKind::Cancel),
            Action::Comment => self.prepare(ActionKind::Comment),
            Action::NoAnswer => self.prepare(ActionKind::NoAnswer),
            Action::TakeHandoff => self.take_handoff(),
            Action::Handoff => self.prepare(ActionKind::Handoff),
            Action::Wish => self.prepare(ActionKind::Wish),
            Action::Callback => self.prepare(ActionKind::Callback),
            Action::Reserve => self.prepare(ActionKind::Reserve),
            Action::Ship => self.prepare(ActionKind::Ship),
            Action::Deliver => self.prepare(ActionKind::Deliver),
            Action::Edit => self.prepare(ActionKind::Edit),
            Action::Track => self.prepare(ActionKind::Track),
            Action::Ledger => self.open_ledger(),
            Action::EndShift => self.open_shift_end(),
            Action::NextScript => self.script.on_action(Action::NextScript),
            Action::Review => self.open_review(Period::Today),
            Action::Filter | Action::NextTab | Action::PrevTab => {
                // The queue's own keys work from anywhere: they bring the queue forward.
                self.focus = PaneId::Queue;
                let msg = self.queue.on_action(action, self.queue_height());
                self.after_queue(msg)?;
            }
            other => match self.focus {
                PaneId::Queue => {
                    let msg = self.queue.on_action(other, self.queue_height());
                    self.after_queue(msg)?;
                }
                PaneId::Customer => {
                    if other == Action::Back {
                        self.focus = PaneId::Queue;
                    } else {
                        let h = self
                            .screen
                            .pane_area(PaneId::Customer, self.focus)
                            .map(|a| a.height as usize)
                            .unwrap_or(10);
                        self.customer.on_action(other, h);
                    }
                }
                PaneId::Script => {
                    if other == Action::Back {
                        self.focus = PaneId::Queue;
                    } else {
                        self.script.on_action(other);
                    }
                }
                PaneId::Checklist => {
                    if other == Action::Back {
                        self.focus = PaneId::Queue;
                    }
                }
            },
        }
        Ok(())
    }

    fn on_mouse(&mut self, m: MouseEvent) -> Result<()> {
        if !self.front().lets_mouse_through() {
            return Ok(());
        }
        let (x, y) = (m.column, m.row);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Body::Narrow { tabs, .. } = self.screen.body
                    && y == tabs.y
                {
                    let ui = self.ui();
                    let (_, ranges) = chrome::pane_tabs(&ui, self.focus, false);
                    if let Some((_, _, pane)) =
                        ranges.into_iter().find(|(a, b, _)| x >= tabs.x + a && x < tabs.x + b)
                    {
                        self.focus = pane;
                    }
                    return Ok(());
                }
                let Some(pane) = self.screen.pane_at(x, y, self.focus) else { return Ok(()) };
                self.focus = pane;
                if pane == PaneId::Queue
                    && let Some(area) = self.screen.pane_area(PaneId::Queue, self.focus)
                    && let Some(row) = self.queue.row_at(area, y)
                {
                    let msg = self.queue.click_row(row, self.queue_height());
                    self.after_queue(msg)?;
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let action = if m.kind == MouseEventKind::ScrollDown { Action::Down } else { Action::Up };
                if let Some(pane) = self.screen.pane_at(x, y, self.focus) {
                    let before = self.focus;
                    self.focus = pane;
                    self.on_action(action)?;
                    self.focus = before;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn run(&mut self, cmd: Command) -> Result<()> {
        // Commands about the desk's queue and orders go back to the desk from the review.
        if matches!(
            cmd,
            Command::Tab(_) | Command::Pane(_) | Command::Act(_) | Command::Filter(_) | Command::CallLang(_)
        ) {
            self.base.drop_review();
            if matches!(self.base, Base::Shift(_) | Base::Ledger(_)) {
                self.base = Base::Desk;
            }
        }
        match cmd {
            Command::Quit => self.request_quit(),
            Command::Help => self.popup = Some(Popup::Help(Help::default())),
            Command::Refresh => self.on_action(Action::Refresh)?,
            Command::Tab(tab) => {
                self.focus = PaneId::Queue;
                let msg = self.queue.set_tab(tab);
                self.after_queue(msg)?;
            }
            Command::Pane(p) => self.focus = p,
            Command::Lang(l) => {
                self.s.i18n.set_lang(l);
                if let Some(review) = self.base.review_mut() {
                    review.rebuild(&self.s.i18n);
                }
                self.say(self.s.i18n.f("msg.lang", &[("lang", &l)]), false);
            }
            Command::CallLang(l) => {
                self.call_lang = l;
                self.load_selected(true);
                let lang = l.map_or_else(|| "auto".to_owned(), |l| l.to_string());
                self.say(self.s.i18n.f("msg.call_lang", &[("lang", &lang)]), false);
            }
            Command::Act(kind) => self.prepare(kind),
            Command::TakeHandoff => self.take_handoff(),
            Command::Review(period) => self.open_review(period),
            Command::ShiftStart => self.start_shift(),
            Command::ShiftEnd => self.open_shift_end(),
            Command::Ledger => self.open_ledger(),
            Command::Filter(text) => {
                self.focus = PaneId::Queue;
                self.queue.filter = text;
                self.queue.reset();
                self.after_queue(QueueMsg::Requery)?;
            }
        }
        Ok(())
    }

    fn close_form(&mut self) {
        match self.base.form() {
            Some(f) if f.dirty => {
                let title = self.s.i18n.t("confirm.title").to_owned();
                let lines = vec![self.s.i18n.t("confirm.discard").to_owned()];
                let confirm = Confirm { title, lines, warn: false, on_yes: Pending::DiscardForm };
                self.popup = Some(Popup::Confirm(confirm));
            }
            _ => self.drop_form(),
        }
    }

    fn request_quit(&mut self) {
        if self.base.form().is_some_and(|f| f.dirty) {
            let title = self.s.i18n.t("confirm.title").to_owned();
            let lines = vec![self.s.i18n.t("confirm.quit_form").to_owned()];
            self.popup = Some(Popup::Confirm(Confirm { title, lines, warn: true, on_yes: Pending::Quit }));
        } else {
            self.quit = true;
        }
    }

    fn resolve(&mut self, pending: Pending) -> Result<()> {
        match pending {
            Pending::Quit => self.quit = true,
            Pending::DiscardForm => self.drop_form(),
            Pending::Perform => self.perform(),
            Pending::Decide => self.perform_decision(),
            Pending::TakeHandoff(id) => self.perform_take(id),
        }
        Ok(())
    }
}
