//! The workstation: a full-screen terminal front end over the same `desk` as the command line.
//! The run loop is generic over the ratatui `Backend`, so whole flows run on `TestBackend`.

mod app;

pub use app::App;

use crate::cli::{Global, Session};
use anyhow::{Context, Result};
use crossterm::event::{self, Event};
use ratatui::{Terminal, backend::Backend};
use std::process::ExitCode;
use std::time::Duration;

/// Opens the workstation on the store (`demo`: the demo shop, created on first use).
pub fn open(global: &Global, demo: bool) -> Result<ExitCode> {
    let mut session = Session::open(global, demo)?;
    if demo {
        session.seed_demo()?;
    }
    let actor = match session.actor() {
        Ok(a) => a,
        // The demo signs in as its first operator so it opens with no set-up.
        Err(_) if demo => {
            session.desk.shop().operators.first().cloned().context("no operators configured")?
        }
        Err(e) => return Err(e),
    };
    let mut app = App::new(session.desk, actor)?;
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("the workstation needs a terminal; for scripts use `opdesk orders` and `opdesk show`");
    }
    // ratatui::init installs a panic hook that restores the terminal before the message prints.
    let mut terminal = ratatui::try_init().context("cannot take over the terminal")?;
    let outcome = run(&mut terminal, &mut app, || {
        if event::poll(Duration::from_millis(500))? { Ok(Some(event::read()?)) } else { Ok(None) }
    });
    ratatui::restore();
    outcome.map(|()| ExitCode::SUCCESS)
}

/// Draws, waits for an event (or a tick), updates; until the app asks to quit.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut next_event: impl FnMut() -> std::io::Result<Option<Event>>,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    while !app.quit {
        terminal.draw(|frame| app.draw(frame))?;
        match next_event()? {
            Some(Event::Key(key)) => app.on_key(key)?,
            Some(_) => {}
            None => app.on_tick()?,
        }
    }
    Ok(())
}
