//! The workstation: a full-screen terminal front end over the same `desk` as the command line.
//! Keys become [`Action`]s through the keymap at the edge; panes own their UI state; the root
//! [`App`] alone calls the desk. The run loop is generic over the ratatui `Backend`, so whole
//! flows run on `TestBackend`.

pub mod action;
mod app;
pub mod chrome;
pub mod common;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod panes;
mod settings;
pub mod theme;
pub mod ui;

pub use action::Action;
pub use app::{App, Front, Settings};

use crate::domain::{Language, Operator};
use crate::session::Session;
use anyhow::{Context, Result};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::layout::Rect;
use ratatui::{Terminal, backend::Backend};
use std::time::{Duration, Instant};

/// How often the store's change counter is polled and the clock redrawn.
pub const TICK: Duration = Duration::from_secs(1);

/// At most this many waiting events are handled before a frame is drawn.
const MAX_BURST: usize = 64;

/// The workstation for `actor` on the session's desk, in `lang`, until the operator quits.
pub fn run(session: Session, actor: Operator, lang: Language) -> Result<()> {
    // The configuration first: a broken keymap is reported as such, terminal or not.
    let settings = Settings::load(&session.config, lang, &session.desk.shop().shop)?;
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("the workstation needs a terminal; for scripts use `opdesk orders` and `opdesk show`");
    }
    // ratatui::init installs a panic hook that restores the terminal before the message
    // prints; ours runs first and releases the mouse too.
    let mut terminal = ratatui::try_init().context("cannot take over the terminal")?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    watch_the_terminal();
    let outcome = (|| {
        let size = terminal.size()?;
        let mut app = App::new(session.desk, actor, settings, Rect::new(0, 0, size.width, size.height))?;
        run_loop(&mut terminal, &mut app, |timeout| {
            if event::poll(timeout)? { Ok(Some(event::read()?)) } else { Ok(None) }
        })
    })();
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    outcome
}

/// Ends the program when its terminal goes away (the window closed, the SSH link or the tmux
/// pane gone). crossterm 0.29 then spins in its read loop and never returns from `poll`
/// (crossterm-rs/crossterm#793), so the workstation would burn a core for ever; a watcher
/// thread sees the terminal is no terminal any more and exits. Every action is one
/// transaction, so nothing is left half-written.
fn watch_the_terminal() {
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(TICK);
            if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                std::process::exit(1);
            }
        }
    });
}

/// Draws, waits for an event or the next tick, updates; until the app asks to quit. The tick
/// comes about once a [`TICK`] even while keys keep arriving.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut next_event: impl FnMut(Duration) -> std::io::Result<Option<Event>>,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut last_tick = Instant::now();
    while !app.quit {
        let size = terminal.size()?;
        app.resize(Rect::new(0, 0, size.width, size.height))?;
        terminal.draw(|frame| app.draw(frame))?;
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if let Some(event) = next_event(timeout)? {
            // Events already waiting behind it (a burst of typing, a paste) are handled before
            // the next frame, and the queue read once for them all: superseded keystrokes cost
            // no query. Bounded, so a flood still lets a frame through.
            let mut burst = vec![event];
            while burst.len() < MAX_BURST {
                match next_event(Duration::ZERO)? {
                    Some(more) => burst.push(more),
                    None => break,
                }
            }
            app.batch(burst)?;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            app.on_tick()?;
        }
        // A handoff arrived or a callback fell due: the terminal's bell, once (`[ui] bell`).
        if app.take_ring() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            let _ = crossterm::execute!(std::io::stdout(), crossterm::style::Print('\u{7}'));
        }
    }
    Ok(())
}
