//! Which layer of the workstation is in front, in every combination it can reach: the key
//! routing, the footer and the drawing must agree about it. For each: the layers from the
//! bottom up, the footer is the front layer's own list and reads so on screen, the front layer
//! is drawn on top of the others, and its close key closes it and nothing beneath. On the demo
//! shop with the clock fixed, as Olena (the desk) and Iryna (the head of sales, the review).
//!
//! Combinations that cannot happen are not tested because they cannot be built: the app keeps
//! one base (the desk, a form or the review) and one optional popup (help, "why?", the palette
//! or a question), so a form and the review open together, or two popups at once, is no state
//! of `App` at all — a type-level matter, checked by the compiler, not here.

mod common;

use common::tui::{Rig, demo_desk, operator, settings};
use crossterm::event::{KeyCode, KeyModifiers};
use opdesk::config::{ConfigDirs, ConfigFile, Origin};
use opdesk::domain::Language;
use opdesk::tui::action::Hint;
use opdesk::tui::common::modal::Confirm;
use opdesk::tui::keymap::Keymap;
use opdesk::tui::layout::PaneId;
use opdesk::tui::panes::form::Form;
use opdesk::tui::panes::help::Help;
use opdesk::tui::panes::palette::Palette;
use opdesk::tui::panes::queue::QueuePane;
use opdesk::tui::panes::review::{ReviewPane, Section};
use opdesk::tui::panes::why::Why;
use opdesk::tui::{App, Front};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use Front::{Confirm as Ask, Decision, Desk, Filter, Form as F, Help as H, Palette as P, Review, Why as W};

/// One reachable combination of layers.
struct Case {
    name: &'static str,
    /// Who signs in: the review needs the head of sales.
    login: &'static str,
    reach: fn(&mut Rig),
    /// From the bottom up; the last is in front.
    layers: &'static [Front],
    /// The front layer's own footer list (`None`: the desk's, which depends on the focus).
    hints: Option<&'static [Hint]>,
    /// How the footer line reads.
    footer: &'static str,
    /// What only the front layer draws, inside the body.
    drawn: &'static str,
    /// The key that closes the front layer, and the layers left after it.
    close: KeyCode,
    after: &'static [Front],
}

const YES_NO: &[Hint] = Confirm::<()>::HINTS;

/// A cancel form with its reason chosen: something typed, so closing it asks first.
fn dirty_cancel(rig: &mut Rig) {
    rig.keys("x").key(KeyCode::Right);
}

/// The review's late orders, the cursor on the first.
fn review_late(rig: &mut Rig) {
    rig.keys("R");
    for _ in 0..Section::ALL.len() {
        if rig.app.review().map(|r| r.section) == Some(Section::Late) {
            break;
        }
        rig.key(KeyCode::Tab);
    }
    rig.key(KeyCode::Home);
}

/// A reassignment of the first late order to maria (third in the list of operators), with a
/// note.
fn reassignment(rig: &mut Rig) {
    review_late(rig);
    rig.keys("a").key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Right);
    rig.key(KeyCode::Tab).keys("duty picks it up");
}

const CASES: &[Case] = &[
    Case {
        name: "the filter being typed",
        login: "olena",
        reach: |rig| {
            rig.keys("/");
        },
        layers: &[Filter],
        hints: Some(QueuePane::FILTER_HINTS),
        footer: "Enter keep filter  Esc undo  ↓ to the list",
        drawn: "│/ ",
        close: KeyCode::Esc,
        after: &[Desk],
    },
    Case {
        name: "the help over the desk",
        login: "olena",
        reach: |rig| {
            rig.keys("?");
        },
        layers: &[Desk, H],
        hints: Some(Help::HINTS),
        footer: "Esc close  ↓ scroll",
        drawn: "show this help",
        close: KeyCode::Esc,
        after: &[Desk],
    },
    Case {
        name: "why? over the desk",
        login: "olena",
        reach: |rig| {
            rig.keys("w");
        },
        layers: &[Desk, W],
        hints: Some(Why::HINTS),
        footer: "Esc close  ↓ scroll",
        drawn: "Why? · ",
        close: KeyCode::Esc,
        after: &[Desk],
    },
    Case {
        name: "the palette over the desk",
        login: "olena",
        reach: |rig| {
            rig.keys(":");
        },
        layers: &[Desk, P],
        hints: Some(Palette::HINTS),
        footer: "Enter run  Esc close  ↓ pick  Tab complete",
        drawn: " Command ",
        close: KeyCode::Esc,
        after: &[Desk],
    },
    Case {
        name: "a form",
        login: "olena",
        reach: |rig| {
            rig.keys("x");
        },
        layers: &[Desk, F],
        hints: Some(Form::HINTS),
        footer: "F1 help  Enter submit  Esc close  Tab next field  F2 why?",
        drawn: "Cancel · ",
        close: KeyCode::Esc,
        after: &[Desk],
    },
    Case {
        name: "the help over a form",
        login: "olena",
        reach: |rig| {
            rig.keys("x").key(KeyCode::F(1));
        },
        layers: &[Desk, F, H],
        hints: Some(Help::HINTS),
        footer: "Esc close  ↓ scroll",
        drawn: "show this help",
        close: KeyCode::Esc,
        after: &[Desk, F],
    },
    Case {
        name: "why? over a form",
        login: "olena",
        reach: |rig| {
            rig.keys("x").key(KeyCode::F(2));
        },
        layers: &[Desk, F, W],
        hints: Some(Why::HINTS),
        footer: "Esc close  ↓ scroll",
        drawn: "Why? · ",
        close: KeyCode::Esc,
        after: &[Desk, F],
    },
    Case {
        name: "discard? over a form",
        login: "olena",
        reach: |rig| {
            dirty_cancel(rig);
            rig.key(KeyCode::Esc);
        },
        layers: &[Desk, F, Ask],
        hints: Some(YES_NO),
        footer: "y yes  n no",
        drawn: "Discard what you entered in this form?",
        close: KeyCode::Esc,
        after: &[Desk, F],
    },
    Case {
        name: "quit? over a form",
        login: "olena",
        reach: |rig| {
            dirty_cancel(rig);
            rig.press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        },
        layers: &[Desk, F, Ask],
        hints: Some(YES_NO),
        footer: "y yes  n no",
        drawn: "A form is not submitted. Quit and lose it?",
        close: KeyCode::Char('n'),
        after: &[Desk, F],
    },
    Case {
        name: "the review",
        login: "iryna",
        reach: |rig| {
            rig.keys("R");
        },
        layers: &[Desk, Review],
        hints: Some(ReviewPane::HINTS),
        footer: "? help  : command  Enter decide  Esc close  ↓ scroll  Tab sections",
        drawn: "Day review · ",
        close: KeyCode::Esc,
        after: &[Desk],
    },
    Case {
        name: "the help over the review",
        login: "iryna",
        reach: |rig| {
            rig.keys("R?");
        },
        layers: &[Desk, Review, H],
        hints: Some(Help::HINTS),
        footer: "Esc close  ↓ scroll",
        drawn: "show this help",
        close: KeyCode::Esc,
        after: &[Desk, Review],
    },
    Case {
        name: "the palette over the review",
        login: "iryna",
        reach: |rig| {
            rig.keys("R:");
        },
        layers: &[Desk, Review, P],
        hints: Some(Palette::HINTS),
        footer: "Enter run  Esc close  ↓ pick  Tab complete",
        drawn: " Command ",
        close: KeyCode::Esc,
        after: &[Desk, Review],
    },
    Case {
        name: "a decision over the review",
        login: "iryna",
        reach: reassignment,
        layers: &[Desk, Decision],
        hints: Some(ReviewPane::ASK_HINTS),
        footer: "Enter submit  Esc close  Tab next field",
        drawn: "Reassign · ",
        close: KeyCode::Esc,
        after: &[Desk, Review],
    },
    Case {
        name: "yes/no over a decision",
        login: "iryna",
        reach: |rig| {
            reassignment(rig);
            rig.key(KeyCode::Enter);
        },
        layers: &[Desk, Decision, Ask],
        hints: Some(YES_NO),
        footer: "y yes  n no",
        drawn: "Are you sure?",
        close: KeyCode::Char('n'),
        after: &[Desk, Decision],
    },
];

fn layers(app: &App) -> Vec<Front> {
    app.layers().collect()
}

/// The screen's lines: the body (between the header and the status line) and the footer.
fn body_and_footer(screen: &str) -> (String, String) {
    // The test backend writes each line in quotes.
    let lines: Vec<&str> =
        screen.lines().map(|l| l.strip_prefix('"').and_then(|l| l.strip_suffix('"')).unwrap_or(l)).collect();
    let n = lines.len();
    (lines[1..n - 2].join("\n"), lines[n - 1].to_owned())
}

#[test]
fn key_routing_footer_and_drawing_agree_on_the_layer_in_front() {
    for case in CASES {
        let name = case.name;
        let mut rig = Rig::signed_in(demo_desk(), case.login, Language::En, 160, 48);
        (case.reach)(&mut rig);
        let front = *case.layers.last().unwrap();
        assert_eq!(layers(&rig.app), case.layers, "{name}: the layers ({:?})", rig.app.status());
        assert_eq!(rig.app.front(), front, "{name}: the front is the last layer");
        // The footer is the front layer's own list, and says so on screen.
        if let Some(hints) = case.hints {
            assert_eq!(rig.app.footer_items(), hints, "{name}: the footer's list");
        }
        let screen = rig.screen();
        let (body, footer) = body_and_footer(&screen);
        assert!(footer.contains(case.footer), "{name}: the footer reads {footer:?}\n{screen}");
        // Drawn last: its box is whole where it covers the layers beneath.
        assert!(body.contains(case.drawn), "{name}: {:?} is drawn on top\n{screen}", case.drawn);
        // The keys go to the front layer: its close key closes it and nothing beneath.
        rig.key(case.close);
        assert_eq!(layers(&rig.app), case.after, "{name}: after {:?}", case.close);
        assert!(!rig.app.quit, "{name}");
    }
}

#[test]
fn the_desk_alone_has_its_own_footer() {
    let mut rig = Rig::new(160, 48);
    assert_eq!(layers(&rig.app), [Desk]);
    let (_, footer) = body_and_footer(&rig.screen());
    assert!(footer.starts_with(" ? help  : command"), "{footer:?}");
    assert!(footer.contains("q quit") && footer.contains("R day review"), "{footer:?}");
}

#[test]
fn a_popup_over_a_form_keeps_the_form_as_it_was() {
    let mut rig = Rig::new(160, 48);
    let form = |rig: &Rig| rig.app.form().map(|f| format!("{:?} {} {:?}", f.focused(), f.dirty, f.draft()));
    dirty_cancel(&mut rig);
    let filled = form(&rig);
    // Letters, arrows and Tab over the question, the help and "why?" reach none of the form.
    rig.key(KeyCode::Esc);
    assert!(rig.app.confirming());
    rig.keys("abc").key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Down).key(KeyCode::Esc);
    assert_eq!(layers(&rig.app), [Desk, F]);
    assert_eq!(form(&rig), filled, "keys over the question stay in the question");
    rig.key(KeyCode::F(1)).keys("abc").key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Esc);
    rig.key(KeyCode::F(2)).keys("abc").key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Esc);
    assert_eq!(layers(&rig.app), [Desk, F]);
    assert_eq!(form(&rig), filled, "keys over the help and why? stay there");
    // And the same keys with nothing over the form do change it: the check can fail.
    rig.key(KeyCode::Right);
    assert_ne!(form(&rig), filled);
}

#[test]
fn a_click_under_why_does_not_reach_the_desk() {
    let mut rig = Rig::new(160, 48);
    let click = common::tui::left_click;
    rig.keys("w");
    assert_eq!(rig.app.front(), W);
    // Where the script pane is: the click would focus it, and the fourth row be selected.
    rig.app.handle(click(120, 30)).unwrap();
    rig.app.handle(click(20, 6)).unwrap();
    assert_eq!((rig.app.focus(), rig.app.queue().pos.selected), (PaneId::Queue, 0), "why? has the mouse");
    rig.key(KeyCode::Esc);
    rig.app.handle(click(120, 30)).unwrap();
    assert_eq!(rig.app.focus(), PaneId::Script, "with why? closed the desk has it again");
}

/// A rig whose keymap gives "back" a letter first, then Esc.
fn with_back_on_b(login: &str) -> Rig {
    let default = ConfigDirs::embedded_only().config_file("keymap.toml").unwrap();
    let user = ConfigFile {
        name: "keymap.toml".into(),
        origin: Origin::File("/tmp/u/keymap.toml".into()),
        // `b` is callback's by default: the user gives callback another key to free it.
        text: "[keys]\nback = [\"b\", \"Esc\"]\ncallback = [\"o\"]\n".into(),
    };
    let mut s = settings(Language::En);
    s.keymap = Keymap::from_files(&default, Some(&user)).unwrap();
    let app = App::new(demo_desk(), operator(login), s, Rect::new(0, 0, 160, 48)).unwrap();
    Rig { app, term: Terminal::new(TestBackend::new(160, 48)).unwrap() }
}

/// Outside text fields the footer names the letter that closes; in them, the key that still
/// does (the letter would be typed).
#[test]
fn the_footer_names_typing_keys_only_when_the_front_takes_text() {
    let footer = |rig: &mut Rig| body_and_footer(&rig.screen()).1;
    let mut rig = with_back_on_b("olena");
    rig.keys("x");
    assert!(footer(&mut rig).contains("Esc close"), "a form takes b as text");
    rig.key(KeyCode::F(1));
    assert!(footer(&mut rig).contains("b close"), "the help over the form takes b as close");
    rig.keys("b");
    assert_eq!(layers(&rig.app), [Desk, F], "and b closes it");

    let mut rig = with_back_on_b("iryna");
    reassignment(&mut rig);
    assert!(footer(&mut rig).contains("Esc close"), "a decision's note takes b as text");
    rig.keys("b");
    assert_eq!(layers(&rig.app), [Desk, Decision], "b went into the note");
}
