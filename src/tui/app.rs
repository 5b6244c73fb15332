//! The root of the workstation: it owns the panes and overlays, routes keys and clicks to the
//! one in front, and is the only part that talks to the desk — reading windows of the queue
//! and the selected order when something changed (never per frame), and, later, evaluating
//! and performing actions. Drawing (in `draw`) only reads the state kept here.

mod draw;
mod handoffs;

pub use super::settings::Settings;

use super::action::Action;
use super::chrome::{self, Status};
use super::common::modal::Confirm;
use super::layout::{Body, PaneId, Screen};
use super::panes::customer::CustomerPane;
use super::panes::form::{Check, Form, FormMsg};
use super::panes::help::{Help, HelpMsg};
use super::panes::palette::{Command, Palette, PaletteMsg};
use super::panes::queue::{QueueMsg, QueuePane, QueueTab};
use super::panes::script::ScriptPane;
use super::panes::why::{Answer, Why};
use crate::desk::{Desk, DeskError};
use crate::domain::{ActionKind, Language, Operator};
use crate::domain::{Draft, Verdict, Vocabulary};
use crate::store::StoreError;
use anyhow::Result;
use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
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
    form: Option<Form>,
    help: Option<Help>,
    why: Option<Why>,
    palette: Option<Palette>,
    confirm: Option<Confirm<Pending>>,
    status: Option<Status>,
    screen: Screen,
    seen_version: i64,
    ticks: u32,
    /// The scripts' language for the current call, when the operator switched it (B20).
    call_lang: Option<Language>,
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
            form: None,
            help: None,
            why: None,
            palette: None,
            confirm: None,
            status: None,
            screen: Screen::of(size),
            seen_version: -1,
            ticks: 0,
            call_lang: None,
            quit: false,
        };
        app.refresh()?;
        Ok(app)
    }

    /// The desk behind the workstation (read-only: every change goes through a form).
    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    pub fn focus(&self) -> PaneId {
        self.focus
    }

    pub fn queue(&self) -> &QueuePane {
        &self.queue
    }

    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    pub fn help_open(&self) -> bool {
        self.help.is_some()
    }

    pub fn palette_text(&self) -> Option<String> {
        self.palette.as_ref().map(Palette::text)
    }

    pub fn confirming(&self) -> bool {
        self.confirm.is_some()
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
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
        self.seen_version = self.desk.store().data_version()?;
        for (i, tab) in QueueTab::ALL.into_iter().enumerate() {
            self.queue.counts[i] = self.desk.queue_count(&self.actor, &tab.filter())?;
        }
        self.reload_queue()?;
        self.load_selected(true);
        Ok(())
    }

    fn reload_queue(&mut self) -> Result<()> {
        let height = self.queue_height();
        let q = self.queue.query();
        let total = usize::try_from(self.desk.queue_count(&self.actor, &q)?).unwrap_or(0);
        let rows = self.desk.queue(&self.actor, &q)?;
        self.queue.set_window(q.offset, rows, total, height);
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

    fn after_queue(&mut self, msg: QueueMsg) -> Result<()> {
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
        let version = self.desk.store().data_version()?;
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
        if let Some(confirm) = &self.confirm {
            match action {
                Some(Action::Yes) => {
                    let pending = confirm.on_yes;
                    self.confirm = None;
                    self.resolve(pending)?;
                }
                Some(Action::No | Action::Back) => self.confirm = None,
                _ => {}
            }
            return Ok(());
        }
        if let Some(help) = &mut self.help {
            if help.on_action(action) == HelpMsg::Close {
                self.help = None;
            }
            return Ok(());
        }
        if let Some(why) = &mut self.why {
            if why.on_action(action) {
                self.why = None;
            }
            return Ok(());
        }
        if let Some(palette) = &mut self.palette {
            match palette.key(key, action) {
                PaletteMsg::None => {}
                PaletteMsg::Close => self.palette = None,
                PaletteMsg::Run(cmd) => {
                    self.palette = None;
                    self.run(cmd)?;
                }
                PaletteMsg::Unknown(line) => {
                    self.palette = None;
                    let help = self.s.keymap.label(Action::Help).unwrap_or_default();
                    self.say(self.s.i18n.f("msg.unknown_command", &[("line", &line), ("key", &help)]), true);
                }
            }
            return Ok(());
        }
        if let Some(form) = &mut self.form {
            match form.key(key, action) {
                FormMsg::None => {}
                FormMsg::Changed => self.evaluate(),
                FormMsg::Close => self.close_form(),
                FormMsg::Submit => self.submit(),
            }
            // Only keys no field takes reach the desk behind the form.
            if !matches!(action, Some(Action::Quit | Action::Help | Action::Refresh | Action::Why))
                || super::keymap::Key::is_text(&key)
            {
                return Ok(());
            }
        }
        if self.queue.is_editing() {
            let msg = self.queue.filter_key(key, action);
            return self.after_queue(msg);
        }
        let Some(action) = action else { return Ok(()) };
        self.on_action(action)
    }

    fn on_action(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.help = Some(Help::default()),
            Action::Palette => {
                let mut palette = Palette::default();
                palette.refused = self.refusals_now();
                self.palette = Some(palette);
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
        if self.confirm.is_some() || self.help.is_some() || self.palette.is_some() || self.form.is_some() {
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
        match cmd {
            Command::Quit => self.request_quit(),
            Command::Help => self.help = Some(Help::default()),
            Command::Refresh => self.on_action(Action::Refresh)?,
            Command::Tab(tab) => {
                self.focus = PaneId::Queue;
                let msg = self.queue.set_tab(tab);
                self.after_queue(msg)?;
            }
            Command::Pane(p) => self.focus = p,
            Command::Lang(l) => {
                self.s.i18n.set_lang(l);
                self.say(self.s.i18n.f("msg.lang", &[("lang", &l)]), false);
            }
            Command::CallLang(l) => {
                self.call_lang = l;
                self.load_selected(true);
                let lang = l.map_or_else(|| "auto".to_owned(), |l| l.to_string());
                self.say(self.s.i18n.f("msg.call_lang", &[("lang", &lang)]), false);
            }
            Command::Act(kind) => self.prepare(kind),
            Command::Filter(text) => {
                self.focus = PaneId::Queue;
                self.queue.filter = text;
                self.queue.reset();
                self.after_queue(QueueMsg::Requery)?;
            }
        }
        Ok(())
    }

    // ----- actions on orders -----

    fn prepare(&mut self, kind: ActionKind) {
        let Some(view) = &self.customer.view else {
            self.say(self.s.i18n.t("msg.select_first").to_owned(), true);
            return;
        };
        let order = &view.order.order;
        let can_override = self.desk.policy().may_override(&self.actor.roles);
        let mut form = Form::new(
            kind,
            &order.id,
            order.version,
            view.order.amount_due.display(),
            &view.customer.name,
            can_override,
        );
        if kind == ActionKind::Cancel {
            // The analogs the operator can offer, most stock first, to type or read out.
            form.in_stock = self
                .desk
                .analogs(&order.id, 6)
                .map(|list| list.into_iter().map(|p| format!("{} ×{}", p.sku, p.stock)).collect())
                .unwrap_or_default();
        }
        self.form = Some(form);
        self.evaluate();
    }

    /// Asks the desk for the verdict on the form's draft: the live checklist.
    fn evaluate(&mut self) {
        let Some(form) = &self.form else { return };
        let check = match form.draft() {
            Err(why) => Check::Invalid(why),
            Ok(draft) => match self.desk.evaluate(&self.actor, &form.order, &draft) {
                Ok(v) => Check::Ready(v),
                Err(DeskError::BadInput(why) | DeskError::Conflict(why)) => Check::Invalid(why),
                Err(e) => Check::Failed(e.to_string()),
            },
        };
        if let Some(form) = &mut self.form {
            form.check = check;
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
    fn refusals_now(&self) -> std::collections::BTreeMap<String, String> {
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
    fn explain(&mut self) {
        let Some(order) = self.queue.selected_row().map(|r| r.id.clone()) else {
            return self.say(self.s.i18n.t("msg.select_first").to_owned(), true);
        };
        let answers = match &self.form {
            Some(form) => vec![Answer {
                action: self.s.i18n.word("act", form.action),
                verdict: match &form.check {
                    Check::Ready(v) => Ok(v.clone()),
                    Check::Invalid(why) | Check::Failed(why) => Err(why.clone()),
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
            self.desk.policy().override_roles().iter().map(|r| self.s.i18n.word("role", *r)).collect();
        self.why = Some(Why {
            title: self.s.i18n.f("why.title", &[("order", &order)]),
            answers,
            override_roles: roles.join(", "),
            scroll: 0,
        });
    }

    /// Why the form cannot be submitted as it is, if so: an unmet rule (unless an override is
    /// written by a role that may give one), or a form that makes no draft.
    fn blocked(&self, form: &Form) -> Option<String> {
        match &form.check {
            Check::Invalid(why) | Check::Failed(why) => Some(why.clone()),
            Check::Waiting => Some(self.s.i18n.t("checklist.waiting").to_owned()),
            Check::Ready(v) if !v.allowed() => {
                let overriding = form.draft().ok().and_then(|d| d.override_reason).is_some()
                    && self.desk.policy().may_override(&self.actor.roles)
                    && v.overridable();
                (!overriding).then(|| refusal_summary(v))
            }
            Check::Ready(_) => None,
        }
    }

    fn submit(&mut self) {
        let Some(form) = &self.form else { return };
        if let Some(why) = self.blocked(form) {
            // Never a silent no-op: the reason goes to the status line.
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
            self.confirm = Some(Confirm { title, lines, warn: true, on_yes: Pending::Perform });
        } else {
            self.perform();
        }
    }

    /// Performs the form's action through the desk, against the order's version the form was
    /// opened on.
    fn perform(&mut self) {
        let Some(form) = &self.form else { return };
        let draft = match form.draft() {
            Ok(d) => d,
            Err(why) => return self.say(self.s.i18n.f("checklist.invalid", &[("why", &why)]), true),
        };
        let (order, version, kind) = (form.order.clone(), form.version, form.action);
        let action = self.s.i18n.word("act", kind);
        match self.desk.perform(&self.actor, &order, draft, Some(version)) {
            Ok(done) => {
                self.form = None;
                let status = self.s.i18n.word("status", done.status);
                let mut text =
                    self.s.i18n.f("msg.done", &[("action", &action), ("order", &order), ("status", &status)]);
                let money: Vec<String> = done
                    .booked
                    .iter()
                    .filter(|b| b.amount.amount != 0)
                    .map(|b| format!("{} {} {}", b.rule, b.kind, b.amount.display()))
                    .collect();
                if !money.is_empty() {
                    text.push_str(&self.s.i18n.f("msg.booked", &[("money", &money.join(", "))]));
                }
                self.say(text, false);
                self.reload();
            }
            Err(DeskError::Refused(v)) => {
                self.say(self.s.i18n.f("msg.refused", &[("why", &refusal_summary(&v))]), true);
                if let Some(form) = &mut self.form {
                    form.check = Check::Ready(*v);
                }
            }
            Err(DeskError::Store(StoreError::Stale(_))) => {
                // Someone else changed the order: show the new state, keep what was typed, and
                // let a deliberate second submit go against the version now on screen.
                self.reload();
                let fresh = self
                    .customer
                    .view
                    .as_ref()
                    .filter(|v| v.order.order.id == order)
                    .map(|v| v.order.order.version);
                if let (Some(form), Some(v)) = (&mut self.form, fresh) {
                    form.version = v;
                }
                self.evaluate();
                self.say(self.s.i18n.f("msg.stale", &[("order", &order)]), true);
            }
            Err(e) => self.say(self.s.i18n.f("msg.failed", &[("action", &action), ("why", &e)]), true),
        }
    }

    /// Re-reads after a change, reporting a failure instead of losing it.
    fn reload(&mut self) {
        if let Err(e) = self.refresh() {
            self.say(e.to_string(), true);
        }
    }

    fn close_form(&mut self) {
        match &self.form {
            Some(f) if f.dirty => {
                let title = self.s.i18n.t("confirm.title").to_owned();
                let lines = vec![self.s.i18n.t("confirm.discard").to_owned()];
                self.confirm = Some(Confirm { title, lines, warn: false, on_yes: Pending::DiscardForm });
            }
            _ => self.form = None,
        }
    }

    fn request_quit(&mut self) {
        if self.form.as_ref().is_some_and(|f| f.dirty) {
            let title = self.s.i18n.t("confirm.title").to_owned();
            let lines = vec![self.s.i18n.t("confirm.quit_form").to_owned()];
            self.confirm = Some(Confirm { title, lines, warn: true, on_yes: Pending::Quit });
        } else {
            self.quit = true;
        }
    }

    fn resolve(&mut self, pending: Pending) -> Result<()> {
        match pending {
            Pending::Quit => self.quit = true,
            Pending::DiscardForm => self.form = None,
            Pending::Perform => self.perform(),
        }
        Ok(())
    }
}

/// The refusal in a line: each refusing rule with its first unmet checks, e.g.
/// `A4: At least 5 analogs offered; A photo of the stock situation`.
fn refusal_summary(v: &Verdict) -> String {
    v.violations()
        .map(|r| {
            let unmet: Vec<&str> =
                r.checks.iter().filter(|c| !c.met).map(|c| c.label.as_str()).take(2).collect();
            format!("{}: {}", r.rule, unmet.join("; "))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
