//! The workstation on ratatui's `TestBackend` for flow and snapshot tests: any desk (the demo
//! shop by default), the clock fixed, a terminal of a given size, keys sent one by one through
//! the app's update as a person would press them.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use opdesk::config::{ConfigDirs, ShopConfig};
use opdesk::desk::Desk;
use opdesk::domain::{FixedClock, Language, Operator};
use opdesk::import::Format;
use opdesk::session::DEMO_SHOP;
use opdesk::store::Store;
use opdesk::tui::panes::form::FieldId;
use opdesk::tui::{App, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::Arc;

pub use super::NOW;

pub fn shop() -> ShopConfig {
    ShopConfig::parse(&ConfigDirs::embedded_only().config_file("opdesk.toml").unwrap()).unwrap()
}

pub fn operator(login: &str) -> Operator {
    shop().operator(login).unwrap().clone()
}

/// A desk on `store` whose clock stands still at `at` (RFC 3339).
pub fn desk_at(store: Store, at: &str) -> Desk {
    let now = chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    opdesk::session::build_desk(&ConfigDirs::embedded_only(), store, Arc::new(FixedClock(now))).unwrap()
}

pub fn desk_on(store: Store) -> Desk {
    desk_at(store, NOW)
}

/// Imports a file's text as the shop's feed does.
pub fn load(desk: &mut Desk, name: &str, json: &str) {
    desk.import_from(&opdesk::session::feed(), Path::new(name), Format::Json, json.as_bytes()).unwrap();
}

/// The demo shop in memory.
pub fn demo_desk() -> Desk {
    let mut desk = desk_on(Store::in_memory().unwrap());
    load(&mut desk, "demo/shop.json", DEMO_SHOP);
    desk
}

pub fn settings(lang: Language) -> Settings {
    let tz = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().offset().to_owned();
    Settings::embedded(lang, tz).unwrap()
}

/// A left click at column `x`, row `y`.
pub fn left_click(x: u16, y: u16) -> Event {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    })
}

/// The app signed in as someone, on a terminal of `w`×`h`.
pub struct Rig {
    pub app: App,
    pub term: Terminal<TestBackend>,
}

impl Rig {
    /// Olena on the demo shop, in English.
    pub fn new(w: u16, h: u16) -> Rig {
        Rig::with(demo_desk(), Language::En, w, h)
    }

    pub fn with(desk: Desk, lang: Language, w: u16, h: u16) -> Rig {
        Rig::signed_in(desk, "olena", lang, w, h)
    }

    pub fn signed_in(desk: Desk, login: &str, lang: Language, w: u16, h: u16) -> Rig {
        let app = App::new(desk, operator(login), settings(lang), Rect::new(0, 0, w, h)).unwrap();
        Rig { app, term: Terminal::new(TestBackend::new(w, h)).unwrap() }
    }

    pub fn press(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Rig {
        self.app.handle(Event::Key(KeyEvent::new(code, mods))).unwrap();
        self
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Rig {
        self.press(code, KeyModifiers::NONE)
    }

    /// Types `text` a character at a time.
    pub fn keys(&mut self, text: &str) -> &mut Rig {
        for c in text.chars() {
            let mods = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            self.press(KeyCode::Char(c), mods);
        }
        self
    }

    pub fn screen(&mut self) -> String {
        let app = &self.app;
        self.term.draw(|f| app.draw(f)).unwrap();
        self.term.backend().to_string()
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.app.handle(Event::Resize(w, h)).unwrap();
    }

    /// Selects `order` through the filter, as an operator would.
    pub fn select(&mut self, order: &str) -> &mut Rig {
        self.keys("/").keys(order).key(KeyCode::Enter);
        assert_eq!(self.app.queue().selected_row().map(|r| r.id.as_str()), Some(order));
        self
    }

    /// Tabs through the open form until `field` has the focus.
    pub fn tab_to(&mut self, field: FieldId) -> &mut Rig {
        for _ in 0..64 {
            let form = self.app.form().expect("a form is open");
            if form.focused() == field {
                return self;
            }
            self.key(KeyCode::Tab);
        }
        panic!("the form has no field {field:?} shown");
    }

    /// The order's audit trail (the last `limit` entries), read as the head of sales reads it.
    pub fn trail(&mut self, order: Option<&str>, limit: usize) -> Vec<opdesk::desk::AuditRecord> {
        let (_, records) = self.app.desk_mut().audit_trail(&operator("iryna"), order, limit).unwrap();
        records
    }

    /// The order's status and owner as the store has them now.
    pub fn status_of(&self, order: &str) -> (String, Option<String>) {
        let v = self.app.desk().show(order).unwrap();
        (v.order.order.status.to_string(), v.order.order.owner)
    }
}
