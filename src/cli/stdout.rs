//! Standard output for the command line. `print!` panics when the reader has gone
//! (`opdesk orders | head` closes the pipe after ten lines); every command writes through
//! [`out!`] and [`outln!`] instead, which treat a closed pipe as "stop": the rest of the output is
//! dropped quietly and the command ends with its own exit status (0 for a listing). Any other
//! failure to write (a full disk behind `>`) is an error like any other (exit 1).
//!
//! Every human line goes through [`crate::display::visible_lines`]: a control character or bidi
//! override from the data (a customer's name, a feed's comment) is shown escaped, never obeyed
//! by the terminal, and a new command cannot forget it. JSON goes through [`json`] instead, which
//! keeps the data exact: serde escapes C0 controls, and [`json`] escapes the rest of what
//! [`crate::display::is_unsafe`] names as `\uXXXX`, which a JSON reader reads back unchanged.
//!
//! No signal handling: Rust ignores SIGPIPE, so a closed pipe arrives as an `EPIPE` write error,
//! and handling it here needs no `unsafe`.

use anyhow::Context;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once the reader has gone: nothing more is written.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `args` to standard output, control characters escaped; see the module header.
pub(crate) fn write(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let text = match args.as_str() {
        Some(fixed) => std::borrow::Cow::Borrowed(fixed),
        None => std::borrow::Cow::Owned(args.to_string()),
    };
    raw(&crate::display::visible_lines(&text))
}

/// Writes `text` as it is: only for machine formats that are already safe or that must stay
/// exact ([`json`], CSV to a file).
pub(crate) fn raw(text: &str) -> anyhow::Result<()> {
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let written = std::io::stdout().lock().write_all(text.as_bytes());
    settle(written)
}

/// Writes `value` as pretty JSON and a line feed, exact and terminal-safe (module header).
pub(crate) fn json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut text = crate::display::json_safe(&serde_json::to_string_pretty(value)?);
    text.push('\n');
    raw(&text)
}

/// Whether standard output is a terminal, where even a machine format (CSV) must be escaped.
pub(crate) fn is_terminal() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdout())
}

/// Flushes what is still buffered (text without a final newline), with the same rule.
pub(crate) fn flush() -> anyhow::Result<()> {
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let flushed = std::io::stdout().lock().flush();
    settle(flushed)
}

fn settle(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other.context("cannot write to standard output"),
    }
}

/// `print!` that stops quietly at a closed pipe and returns other write errors.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::stdout::write(format_args!($($arg)*))
    };
}

/// `eprintln!` with control characters escaped: messages quote data (an order id, a value).
macro_rules! errln {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::display::visible_lines(&format!($($arg)*)))
    };
}

/// `println!` that stops quietly at a closed pipe and returns other write errors.
macro_rules! outln {
    () => {
        $crate::cli::stdout::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::stdout::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}
