//! The workstation in a real terminal: the binary runs inside a detached tmux session of 80×24
//! on a demo store with the clock fixed; keys go in with `send-keys` and the screen comes back
//! with `capture-pane`. It needs tmux (CI installs it) and fails, saying so, where it is missing.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T14:30:00+02:00";

/// How long a screen may take to show what a step expects: generous, for a CI machine of two
/// cores busy with other builds. A passing run waits only as long as the desk takes.
const PATIENCE: Duration = Duration::from_secs(60);

/// A tmux server of its own (`-L`), killed when the test ends however it ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "desk"]).stdout).into_owned()
    }

    /// Polls the screen until it shows every one of `texts`; fails with the last screen after
    /// [`PATIENCE`]. Never a fixed sleep: a loaded machine only makes the wait longer.
    fn wait_for_all(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited {PATIENCE:?} for {texts:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_for_all(&[text])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "desk"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "desk"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The workstation on a fresh demo store, signed in as `login`, in a detached 80×24 tmux
/// session of its own (named after the test's `line`); the store's folder lives as long as
/// the second value.
fn desk_in_tmux(login: &str, line: u32) -> (Tmux, tempfile::TempDir) {
    let bin = env!("CARGO_BIN_EXE_opdesk");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.db");
    let db = db.to_str().expect("utf-8 temp path");
    let init =
        Command::new(bin).args(["--db", db, "init", "--demo"]).env("OPDESK_NOW", NOW).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let tmux = Tmux { socket: format!("opdesk-test-{}-{line}", std::process::id()) };
    let command = format!(
        "env OPDESK_NOW={NOW} NO_COLOR=1 TERM=xterm-256color {} --db {} --as {login}",
        quote(bin),
        quote(db)
    );
    let started = tmux.run(&["new-session", "-d", "-x", "80", "-y", "24", "-s", "desk", &command]);
    assert!(started.status.success(), "{}", String::from_utf8_lossy(&started.stderr));
    (tmux, dir)
}

/// `q` ends the workstation, and with it the tmux session.
fn quits_on_q(tmux: &Tmux) {
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alive() && start.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!tmux.alive(), "q quits the workstation:\n{}", tmux.screen());
}

#[test]
fn the_desk_runs_in_a_real_terminal() {
    // CI installs tmux (.ci/run): without it this test fails rather than passing untested.
    assert!(
        tmux_available(),
        "the real-terminal test needs tmux: install it (apt-get install tmux) and run again"
    );
    let (tmux, _dir) = desk_in_tmux("olena", line!());

    // tmux may show a frame half drawn (the queue before the footer): wait for all of it.
    let screen = tmux.wait_for_all(&["TEL-2008", "Olena Koval (operator)", "14:30", "q quit"]);
    assert!(screen.contains("Olena Koval (operator)"), "the header names the operator:\n{screen}");
    assert!(screen.contains("14:30"), "the clock follows OPDESK_NOW:\n{screen}");
    assert!(screen.contains("TEL-2008"), "a known order is listed:\n{screen}");
    assert!(screen.contains("q quit"), "the footer offers quit:\n{screen}");

    tmux.keys(&["?"]);
    let screen = tmux.wait_for("show this help");
    assert!(screen.contains("show this help"), "? opens the help:\n{screen}");

    // Esc goes alone: Esc and a key in one burst read as Alt-key, in tmux as anywhere.
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for(" 1/29 ");
    assert!(!screen.contains("show this help"), "Esc closes the help:\n{screen}");
    tmux.keys(&["/", "SITE-1008"]);
    // " 1/1 " with its spaces: a half-typed filter's " 1/12 " must not count as done.
    let screen = tmux.wait_for_all(&["SITE-1008", " 1/1 ", "Наталія Бондар"]);
    assert!(screen.contains("Наталія Бондар"), "the filter finds the order by id:\n{screen}");

    tmux.keys(&["Enter"]);
    quits_on_q(&tmux);
}

/// Issue 16: a shift in a real terminal — an action the keys do not name, from the palette; the
/// shift started and its end's list, a handoff written from it and the list back; the ledger.
#[test]
fn the_shift_its_handoffs_and_the_ledger_run_in_a_real_terminal() {
    assert!(
        tmux_available(),
        "the real-terminal test needs tmux: install it (apt-get install tmux) and run again"
    );
    let (tmux, _dir) = desk_in_tmux("olena", line!());
    tmux.wait_for_all(&["TEL-2008", "q quit"]);

    tmux.keys(&[":", "escalate", "Enter"]);
    tmux.wait_for("Escalate ·");
    tmux.keys(&["Escape"]);
    tmux.wait_for("q quit");

    tmux.keys(&[":", "shift start", "Enter"]);
    tmux.wait_for("Shift started.");
    tmux.keys(&[":", "shift end", "Enter"]);
    let screen = tmux.wait_for("End of shift");
    assert!(screen.contains("no handoff"), "the orders that need one are listed:\n{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Handoff ·");
    tmux.keys(&["call the customer at 10"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_all(&["End of shift", "handoff #1"]);
    assert!(screen.contains("handoff #1"), "back in the list, the order marked:\n{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("q quit");

    tmux.keys(&["L"]);
    let screen = tmux.wait_for_all(&["My ledger", "Handoffs I wrote", "waiting for the duty"]);
    assert!(screen.contains("I owe:"), "the balance is shown:\n{screen}");
    tmux.keys(&["Escape"]);
    quits_on_q(&tmux);
}
