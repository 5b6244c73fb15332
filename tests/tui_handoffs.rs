//! The Handoffs tab of the workstation on ratatui's `TestBackend` (E2): the duty operator sees
//! every handoff nobody took with its deadline, takes one with a key and the order becomes
//! theirs; an operator not on duty is refused on the status line; a handoff left untaken shows
//! in the supervisor's Late tab. The demo shop, the clock at 2026-11-23 14:30 +02:00.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use opdesk::cli::DEMO_SHOP;
use opdesk::config::{ConfigDirs, ShopConfig};
use opdesk::desk::Desk;
use opdesk::domain::{FixedClock, Language, Operator};
use opdesk::import::Format;
use opdesk::store::Store;
use opdesk::tui::panes::queue::QueueTab;
use opdesk::tui::{App, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::Arc;

const NOW: &str = "2026-11-23T14:30:00+02:00";
/// Three hours later: a handoff written at NOW is late (handoff_late_hours = 2).
const LATER: &str = "2026-11-23T17:30:00+02:00";

fn operator(login: &str) -> Operator {
    let shop = ShopConfig::parse(&ConfigDirs::embedded_only().config_file("opdesk.toml").unwrap()).unwrap();
    shop.operator(login).unwrap().clone()
}

fn desk_at(store: Store, at: &str) -> Desk {
    let now = chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    opdesk::cli::build_desk(&ConfigDirs::embedded_only(), store, Arc::new(FixedClock(now))).unwrap()
}

/// The demo shop in `path` with one handoff from Olena on her unpaid invoice TEL-2012.
fn demo_with_handoff(path: &Path) -> Desk {
    let mut desk = desk_at(Store::open(path).unwrap(), NOW);
    desk.import_from(&operator("olena"), Path::new("demo/shop.json"), Format::Json, DEMO_SHOP.as_bytes())
        .unwrap();
    let note = "Invoice sent 19.11; the customer pays on Tuesday. Call at 10 if not paid.";
    desk.write_handoff(&operator("olena"), "TEL-2012", note, None).unwrap();
    desk
}

struct Rig {
    app: App,
    term: Terminal<TestBackend>,
}

impl Rig {
    fn new(desk: Desk, login: &str) -> Rig {
        let tz = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().offset().to_owned();
        let settings = Settings::embedded(Language::En, tz).unwrap();
        let app = App::new(desk, operator(login), settings, Rect::new(0, 0, 100, 30)).unwrap();
        Rig { app, term: Terminal::new(TestBackend::new(100, 30)).unwrap() }
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Rig {
        self.app.handle(Event::Key(KeyEvent::new(code, mods))).unwrap();
        self
    }

    fn go_to_tab(&mut self, tab: QueueTab) -> &mut Rig {
        while self.app.queue().tab != tab {
            self.key(KeyCode::Char(']'), KeyModifiers::NONE);
        }
        self
    }

    fn take(&mut self) -> &mut Rig {
        self.key(KeyCode::Char('T'), KeyModifiers::SHIFT)
    }

    fn screen(&mut self) -> String {
        let app = &self.app;
        self.term.draw(|f| app.draw(f)).unwrap();
        self.term.backend().to_string()
    }
}

#[test]
fn e2_the_handoffs_tab_lists_the_untaken_handoff_with_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = Rig::new(demo_with_handoff(&dir.path().join("s.db")), "maria");
    rig.go_to_tab(QueueTab::Handoffs);
    assert_eq!(rig.app.queue().total, 1);
    let screen = rig.screen();
    assert!(screen.contains("Handoffs 1"), "{screen}");
    assert!(screen.contains("TEL-2012") && screen.contains("in 2h"), "the order and its deadline: {screen}");
    assert!(screen.contains("take handoff"), "the footer offers the key: {screen}");
}

#[test]
fn e2_duty_takes_a_handoff_into_work_from_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = Rig::new(demo_with_handoff(&dir.path().join("s.db")), "maria");
    rig.go_to_tab(QueueTab::Handoffs).take();
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("taken into work") && status.contains("TEL-2012"), "{status}");
    assert_eq!(rig.app.queue().total, 0, "the inbox is empty once taken");
    assert!(rig.screen().contains("Handoffs 0"));
    let order = rig.app.desk().show("TEL-2012").unwrap().order.order;
    assert_eq!(order.owner.as_deref(), Some("maria"));
}

#[test]
fn e2_an_operator_not_on_duty_is_refused_on_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = Rig::new(demo_with_handoff(&dir.path().join("s.db")), "ivan");
    rig.go_to_tab(QueueTab::Handoffs).take();
    let status = rig.app.status().unwrap_or_default().to_owned();
    assert!(status.contains("Refused") && status.contains("E2"), "{status}");
    assert_eq!(rig.app.queue().total, 1, "still waiting in the inbox");
}

#[test]
fn e2_an_untaken_handoff_is_late_in_the_supervisors_late_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(demo_with_handoff(&path));
    let mut rig = Rig::new(desk_at(Store::open(&path).unwrap(), LATER), "iryna");
    rig.go_to_tab(QueueTab::Late);
    let rows = &rig.app.queue().rows;
    assert!(rows.iter().any(|r| r.id == "TEL-2012"), "the late handoff's order is in the Late tab");
    rig.go_to_tab(QueueTab::Handoffs);
    let screen = rig.screen();
    assert!(screen.contains("TEL-2012") && screen.contains("1h late"), "{screen}");
}

#[test]
fn handoffs_tab_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut rig = Rig::new(demo_with_handoff(&dir.path().join("s.db")), "maria");
    rig.term.backend_mut().resize(80, 24);
    rig.app.handle(Event::Resize(80, 24)).unwrap();
    rig.go_to_tab(QueueTab::Handoffs);
    insta::assert_snapshot!(rig.screen());
}
