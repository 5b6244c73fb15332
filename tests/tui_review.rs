//! The supervisor's day review in the workstation (issue 7) on ratatui's `TestBackend`: snapshots
//! at 160×48 and 80×24 of a scripted day on the demo shop, and flows key by key — an operator
//! refused (and audited) by the rules' `review` rule, the head of sales resolving an appeal (A9),
//! approving a reservation exception (B6), reassigning and cancelling an order past its 7 days
//! (B5), each through the desk and audited; Esc leaves the store as it was. The clock is fixed at
//! 2026-11-23 14:30 +02:00; the day's actions are done through the desk at their own times.

mod common;

use common::tui::operator;
use crossterm::event::KeyCode;
use opdesk::config::ConfigDirs;
use opdesk::desk::{Desk, DeskError};
use opdesk::domain::{ActionKind, CancelReason, Draft, FixedClock, Language, Vocabulary};
use opdesk::import::Format;
use opdesk::session::DEMO_SHOP;
use opdesk::store::Store;
use opdesk::tui::panes::review::Section;
use std::path::Path;
use std::sync::Arc;

use common::NOW;

fn desk_at(config: &ConfigDirs, path: &Path, at: &str) -> Desk {
    let now = chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    opdesk::session::build_desk(config, Store::open(path).unwrap(), Arc::new(FixedClock(now))).unwrap()
}

/// The time of day `hh:mm` on the demo's day.
fn today(hm: &str) -> String {
    format!("2026-11-23T{hm}:00+02:00")
}

fn draft(action: ActionKind) -> Draft {
    Draft::new(action)
}

/// `who` does `d` on `order` at `hm`; `done` says whether the rules must allow it.
fn act(path: &Path, hm: &str, who: &str, order: &str, d: Draft, done: bool) {
    let mut desk = desk_at(&ConfigDirs::embedded_only(), path, &today(hm));
    match desk.perform(&operator(who), order, d, None) {
        Ok(_) => assert!(done, "{who} {order} should have been refused"),
        Err(DeskError::Refused(v)) => assert!(!done, "{who} {order} refused: {v:?}"),
        Err(e) => panic!("{who} {order}: {e}"),
    }
}

/// The demo shop after a morning at the desk: handoffs, claims, refusals, cancels with and
/// without evidence, two appeals (one decided, one waiting), a B6 refusal left for the head
/// of sales.
fn scripted_day(path: &Path) {
    let config = ConfigDirs::embedded_only();
    let mut desk = desk_at(&config, path, "2026-11-22T17:00:00+02:00");
    desk.import_from(
        &opdesk::session::feed(),
        Path::new("demo/shop.json"),
        Format::Json,
        DEMO_SHOP.as_bytes(),
    )
    .unwrap();
    desk.write_handoff(&operator("ivan"), "SITE-1091", "Call before noon about the garland colour", None)
        .unwrap();
    let mut desk = desk_at(&config, path, &today("08:00"));
    let h = desk.write_handoff(&operator("olena"), "SITE-1068", "Waiting for the address", None).unwrap();
    desk_at(&config, path, &today("09:00")).take_handoff(&operator("maria"), h.handoff.id, None).unwrap();

    act(path, "08:30", "maria", "SITE-1072", draft(ActionKind::Claim), true);
    act(path, "09:05", "olena", "SITE-1095", draft(ActionKind::Claim), false);
    act(path, "09:10", "olena", "SITE-1099", draft(ActionKind::Claim), true);
    act(path, "09:20", "olena", "SITE-1099", draft(ActionKind::Confirm), false);
    act(
        path,
        "09:25",
        "olena",
        "SITE-1099",
        Draft { amount_stated: true, ..draft(ActionKind::Confirm) },
        true,
    );
    let cancel = |reason, note: &str| Draft {
        reason: Some(reason),
        note: note.to_owned(),
        ..draft(ActionKind::Cancel)
    };
    let appeal = |note: &str| Draft { note: note.to_owned(), ..draft(ActionKind::Appeal) };
    act(path, "09:30", "ivan", "TEL-2019", cancel(CancelReason::Duplicate, ""), true);
    act(path, "09:45", "ivan", "TEL-2019", appeal("The customer ordered twice by phone"), true);
    act(path, "10:00", "olena", "SITE-1061", cancel(CancelReason::OutOfStock, ""), false);
    act(path, "10:05", "ivan", "SITE-1076", cancel(CancelReason::CustomerRequest, ""), true);
    act(path, "10:20", "ivan", "SITE-1076", appeal("Клієнт скасував листом; скріншот додано"), true);
    act(path, "11:15", "olena", "SITE-1096", cancel(CancelReason::CustomerRequest, "Changed her mind"), true);
    act(path, "11:20", "ivan", "SITE-1050", draft(ActionKind::Reserve), false);
    act(
        path,
        "12:10",
        "nataliia",
        "TEL-2019",
        Draft { resolution: Some(opdesk::domain::Resolution::Doubled), ..draft(ActionKind::ResolveAppeal) },
        true,
    );
    act(path, "13:00", "ivan", "SITE-1065", cancel(CancelReason::OutOfStock, ""), false);
}

/// The scripted day in a store of its own, and the workstation on it (the shared test rig).
struct Rig {
    inner: common::tui::Rig,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl std::ops::Deref for Rig {
    type Target = common::tui::Rig;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl std::ops::DerefMut for Rig {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}

impl Rig {
    /// The scripted day, the workstation of `login` at `w`×`h`.
    fn new(login: &str, w: u16, h: u16) -> Rig {
        Rig::with(ConfigDirs::embedded_only(), login, Language::En, w, h)
    }

    fn with(config: ConfigDirs, login: &str, lang: Language, w: u16, h: u16) -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("day.db");
        scripted_day(&path);
        let inner = common::tui::Rig::signed_in(desk_at(&config, &path, NOW), login, lang, w, h);
        Rig { inner, _dir: dir, path }
    }

    // The shared rig's keys, returning this rig so calls chain into the review's own helpers.
    fn key(&mut self, code: KeyCode) -> &mut Rig {
        self.inner.key(code);
        self
    }

    fn keys(&mut self, text: &str) -> &mut Rig {
        self.inner.keys(text);
        self
    }

    fn status(&self) -> String {
        self.app.status().unwrap_or_default().to_owned()
    }

    /// Tab through the sections to `section`.
    fn section(&mut self, section: Section) -> &mut Rig {
        for _ in 0..Section::ALL.len() {
            if self.app.review().map(|r| r.section) == Some(section) {
                return self;
            }
            self.key(KeyCode::Tab);
        }
        panic!("no section {section:?} in the review");
    }

    /// Moves the cursor down to the row about `order` (with a decision, when `decide`).
    fn row(&mut self, order: &str, decide: bool) -> &mut Rig {
        self.key(KeyCode::Home);
        for _ in 0..200 {
            let here = self.app.review().and_then(|r| r.selected()).cloned();
            if here.as_ref().is_some_and(|t| t.order == order && (!decide || t.decide.is_some())) {
                return self;
            }
            self.key(KeyCode::Down);
        }
        panic!("no row for {order} in this section");
    }

    fn audit(&self, order: Option<&str>) -> Vec<opdesk::store::AuditRecord> {
        self.store().read().audit_trail(order, None, 1000).unwrap()
    }

    /// The day's store read beside the workstation, as another program would (the desk does
    /// not hand its own out).
    fn store(&self) -> Store {
        Store::open_existing(&self.path).unwrap()
    }
}

// ----- snapshots -----

#[test]
fn review_160x48() {
    let mut rig = Rig::new("iryna", 160, 48);
    rig.keys("R");
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn review_80x24() {
    let mut rig = Rig::new("iryna", 80, 24);
    rig.keys("R");
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn review_day_and_chart_80x24() {
    let mut rig = Rig::new("iryna", 80, 24);
    rig.keys("R").section(Section::Day);
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn review_refusals_and_operators_160x48() {
    let mut rig = Rig::new("iryna", 160, 48);
    rig.keys("R").section(Section::Refusals);
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn review_day_and_chart_80x24_in_ukrainian() {
    let mut rig = Rig::with(ConfigDirs::embedded_only(), "iryna", Language::Uk, 80, 24);
    rig.keys("R").section(Section::Day);
    insta::assert_snapshot!(rig.screen());
}

#[test]
fn review_appeal_decision_80x24() {
    let mut rig = Rig::new("iryna", 80, 24);
    rig.keys("R").section(Section::Appeals).row("SITE-1076", true).key(KeyCode::Enter).key(KeyCode::Left);
    insta::assert_snapshot!(rig.screen());
}

// ----- who may open it -----

#[test]
fn review_an_operator_is_refused_by_the_rules_and_the_attempt_is_audited() {
    let mut rig = Rig::new("olena", 80, 24);
    let before = rig.audit(None).len();
    rig.keys("R");
    assert!(rig.app.review().is_none(), "the review stays closed");
    let status = rig.status();
    assert!(
        status.contains("Refused") && status.contains("review: ") && status.contains("head of sales"),
        "{status}"
    );
    let trail = rig.audit(None);
    assert_eq!(trail.len(), before + 1, "one new entry");
    let e = &trail.iter().max_by_key(|r| r.seq).unwrap().entry;
    assert_eq!((e.actor.as_str(), e.action.as_str(), e.outcome.as_str()), ("olena", "review", "refused"));
    assert_eq!(e.rules, ["review"]);
    // The palette asks the same desk and is refused the same way.
    rig.keys(":review yesterday").key(KeyCode::Enter);
    assert!(rig.app.review().is_none() && rig.status().contains("review: "), "{}", rig.status());
    assert_eq!(rig.audit(None).len(), before + 2);
}

#[test]
fn review_roles_are_facts_a_mentor_let_in_by_the_rules_is_still_refused_a9() {
    // A shop whose rules let mentors read the day: taras opens the review, but resolving an
    // appeal stays the supervisor's (A9), refused and audited though the key works for him.
    let dir = tempfile::tempdir().unwrap();
    let rules = ConfigDirs::embedded_only().config_file("rules.toml").unwrap().text.replace(
        r#"review_roles = ["supervisor", "analytics"]"#,
        r#"review_roles = ["supervisor", "analytics", "mentor"]"#,
    );
    std::fs::write(dir.path().join("rules.toml"), rules).unwrap();
    let config = ConfigDirs { user: Some(dir.path().to_owned()), stored: None };
    let mut rig = Rig::with(config, "taras", Language::En, 160, 48);
    rig.keys("R");
    assert!(rig.app.review().is_some(), "the rules let a mentor read the day: {}", rig.status());
    rig.section(Section::Appeals).row("SITE-1076", true).key(KeyCode::Enter).key(KeyCode::Right);
    rig.key(KeyCode::Enter);
    assert!(!rig.app.confirming(), "a refused decision is not offered for a yes");
    let status = rig.status();
    assert!(status.contains("Refused") && status.contains("A9"), "{status}");
    let last = rig.audit(Some("SITE-1076")).into_iter().max_by_key(|r| r.seq).unwrap().entry;
    assert_eq!(
        (last.actor.as_str(), last.action.as_str(), last.outcome.as_str()),
        ("taras", "resolve-appeal", "refused")
    );
    assert!(rig.store().read().appeals_waiting().unwrap().iter().any(|a| a.order_id == "SITE-1076"));
}

// ----- decisions -----

#[test]
fn a9_the_head_of_analytics_resolves_an_appeal_from_the_review() {
    let mut rig = Rig::new("nataliia", 160, 48);
    rig.keys("R").section(Section::Appeals).row("SITE-1076", true).key(KeyCode::Enter);
    // Nothing chosen yet: said, not sent.
    rig.key(KeyCode::Enter);
    assert!(!rig.app.confirming() && rig.status().contains("Choose first"), "{}", rig.status());
    rig.key(KeyCode::Left).key(KeyCode::Enter); // doubled
    assert!(rig.app.confirming(), "the decision asks y/n first");
    let screen = rig.screen();
    assert!(screen.contains("Charge appealed by ivan: ₴1 114") && screen.contains("doubled"), "{screen}");
    rig.keys("y");
    let status = rig.status();
    assert!(status.contains("done") && status.contains("A9 doubled ₴1 114"), "{status}");
    assert!(rig.store().read().appeals_waiting().unwrap().is_empty(), "the appeal is decided");
    let last = rig.audit(Some("SITE-1076")).into_iter().max_by_key(|r| r.seq).unwrap().entry;
    assert_eq!(
        (last.actor.as_str(), last.action.as_str(), last.outcome.as_str()),
        ("nataliia", "resolve-appeal", "done")
    );
    // The review is read again: the appeal left the list, the cancellation reads doubled.
    let review = rig.app.review().expect("still open");
    assert!(review.report.appeals.is_empty());
    let c = review.report.cancellations.iter().find(|c| c.order == "SITE-1076").unwrap();
    assert_eq!(c.state.as_str(), "doubled");
}

#[test]
fn b6_supervisor_approves_a_reservation_exception_from_the_review() {
    let mut rig = Rig::new("iryna", 160, 48);
    rig.keys("R").section(Section::Refusals).row("SITE-1050", true).key(KeyCode::Enter);
    rig.key(KeyCode::Enter);
    assert!(rig.status().contains("Write the reason"), "an exception needs its reason: {}", rig.status());
    rig.keys("paid in advance, pickup on Friday").key(KeyCode::Enter);
    assert!(rig.app.confirming());
    assert!(rig.screen().contains("despite B6"), "the confirmation names the rule lifted");
    rig.keys("y");
    assert!(rig.status().contains("done"), "{}", rig.status());
    assert_eq!(rig.app.desk().show("SITE-1050").unwrap().order.order.status.to_string(), "reserved");
    let last = rig.audit(Some("SITE-1050")).into_iter().max_by_key(|r| r.seq).unwrap().entry;
    assert_eq!((last.actor.as_str(), last.outcome.as_str()), ("iryna", "overridden"));
    assert_eq!(last.detail["override"], "paid in advance, pickup on Friday");
    assert!(rig.screen().contains("approved"), "the refusal now reads approved");
}

#[test]
fn e2_supervisor_reassigns_an_untaken_handoffs_order_from_the_review() {
    let mut rig = Rig::new("iryna", 80, 24);
    rig.keys("R").section(Section::Waiting).row("SITE-1091", false).keys("a");
    // The operators in config order: olena, ivan, maria…
    rig.key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Right);
    rig.key(KeyCode::Tab).keys("duty picks it up").key(KeyCode::Enter);
    assert!(rig.screen().contains("Pass SITE-1091 to maria"), "{}", rig.screen());
    rig.keys("y");
    assert!(rig.status().contains("done"), "{}", rig.status());
    assert_eq!(rig.app.desk().show("SITE-1091").unwrap().order.order.owner.as_deref(), Some("maria"));
    let last = rig.audit(Some("SITE-1091")).into_iter().max_by_key(|r| r.seq).unwrap().entry;
    assert_eq!((last.actor.as_str(), last.action.as_str()), ("iryna", "transfer"));
}

#[test]
fn b5_supervisor_cancels_an_order_past_seven_days_in_work() {
    let mut rig = Rig::new("iryna", 160, 48);
    rig.keys("R").section(Section::Late).row("SITE-1008", false);
    assert!(rig.screen().contains("B5 7-day limit"), "the B5 deadline is marked");
    rig.keys("x").keys("B5: 9 days in work, the customer stopped answering").key(KeyCode::Enter);
    assert!(rig.app.confirming());
    let screen = rig.screen();
    assert!(screen.contains("at stake") && screen.contains("cannot be undone"), "{screen}");
    rig.keys("n");
    assert_eq!(rig.app.desk().show("SITE-1008").unwrap().order.order.status.to_string(), "in_work");
    rig.key(KeyCode::Enter).keys("y");
    assert!(rig.status().contains("done"), "{}", rig.status());
    assert_eq!(rig.app.desk().show("SITE-1008").unwrap().order.order.status.to_string(), "cancelled");
    let last = rig.audit(Some("SITE-1008")).into_iter().max_by_key(|r| r.seq).unwrap().entry;
    assert_eq!((last.actor.as_str(), last.action.as_str()), ("iryna", "cancel"));
    assert_eq!(last.detail["draft"]["reason"], "other");
    // The compensation is the order's operator's, not the head of sales' who cancelled it.
    let ledger = rig.store().read().ledger_of_order("SITE-1008").unwrap();
    let a3 = ledger
        .iter()
        .find(|l| l.rule == "A3" && l.kind == opdesk::domain::LedgerKind::Charge)
        .expect("an A3 charge");
    assert_eq!(a3.operator, "olena");
}

#[test]
fn esc_leaves_the_review_and_the_store_as_they_were() {
    let mut rig = Rig::new("iryna", 80, 24);
    let desk_screen = rig.screen();
    let before = rig.audit(None).len();
    rig.keys("R");
    let review_screen = rig.screen();
    rig.section(Section::Late).row("SITE-1008", false).keys("x").keys("half-typed");
    rig.key(KeyCode::Esc);
    assert!(rig.app.review().is_some_and(|r| r.ask.is_none()), "Esc closes the decision first");
    rig.section(Section::Late);
    rig.key(KeyCode::Esc);
    assert!(rig.app.review().is_none());
    assert_eq!(rig.screen(), desk_screen, "back at the desk as it was");
    assert_eq!(rig.audit(None).len(), before, "nothing was recorded");
    assert_eq!(rig.app.desk().show("SITE-1008").unwrap().order.order.status.to_string(), "in_work");
    rig.keys("R");
    assert_eq!(rig.screen(), review_screen, "the review opens as before");
}

// ----- dates and the store -----

#[test]
fn days_move_with_brackets_and_the_palette_reads_a_range() {
    let mut rig = Rig::new("iryna", 160, 48);
    rig.keys("R");
    assert!(rig.screen().contains("Day review · 2026-11-23 (today)"));
    rig.keys("[");
    let screen = rig.screen();
    assert!(screen.contains("Day review · 2026-11-22 ") && !screen.contains("(today)"), "{screen}");
    assert_eq!(rig.app.review().unwrap().report.incoming.orders, 32, "the demo's orders of the 22nd");
    rig.keys("]");
    assert_eq!(rig.app.review().unwrap().from.to_string(), "2026-11-23");
    rig.keys(":review 2026-11-22 2026-11-23").key(KeyCode::Enter);
    assert!(rig.screen().contains("Day review · 2026-11-22..2026-11-23"));
    assert_eq!(rig.app.review().unwrap().report.incoming.orders, 15 + 32);
    // A period the desk will not read is said, and the review keeps what it showed.
    rig.keys(":review 2026-11-23 2026-11-20").key(KeyCode::Enter);
    assert!(rig.status().contains("before it begins"), "{}", rig.status());
    assert_eq!(rig.app.review().unwrap().to.to_string(), "2026-11-23");
}

#[test]
fn the_review_follows_the_store_on_the_tick() {
    let mut rig = Rig::new("iryna", 80, 24);
    rig.keys("R");
    let before = rig.app.review().unwrap().report.cancellations.len();
    // Another desk on the same store cancels an order.
    let mut other = desk_at(&ConfigDirs::embedded_only(), &rig.path, NOW);
    let d = Draft { reason: Some(CancelReason::Duplicate), ..Draft::new(ActionKind::Cancel) };
    other.perform(&operator("ivan"), "SITE-1099", d, None).unwrap();
    rig.app.on_tick().unwrap();
    assert_eq!(rig.app.review().unwrap().report.cancellations.len(), before + 1);
}

#[test]
fn a7_the_review_lists_the_days_wishes_and_show_leads() {
    let mut rig = Rig::new("iryna", 160, 48);
    let mut wish = draft(ActionKind::Wish);
    wish.wish.insert("product".into(), "Гірлянда 20 м".into());
    let path = rig.path.clone();
    act(&path, "14:00", "olena", "SITE-1080", wish, true);
    rig.keys("R").section(Section::Wishes);
    let screen = rig.screen();
    assert!(screen.contains("Wishes and show leads (1)"), "{screen}");
    assert!(screen.contains("product=Гірлянда 20 м") && screen.contains("incomplete"), "{screen}");
}
