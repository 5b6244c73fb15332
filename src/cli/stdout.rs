//! Standard output for the command line. `print!` panics when the reader has gone
//! (`opdesk orders | head` closes the pipe after ten lines); every command writes through
//! [`out!`] and [`outln!`] instead, which treat a closed pipe as "stop": the rest of the output is
//! dropped quietly and the command ends with its own exit status (0 for a listing). Any other
//! failure to write (a full disk behind `>`) is an error like any other (exit 1).
//!
//! No signal handling: Rust ignores SIGPIPE, so a closed pipe arrives as an `EPIPE` write error,
//! and handling it here needs no `unsafe`.

use anyhow::Context;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once the reader has gone: nothing more is written.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `args` to standard output; see the module header.
pub(crate) fn write(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let written = std::io::stdout().lock().write_fmt(args);
    settle(written)
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

/// `println!` that stops quietly at a closed pipe and returns other write errors.
macro_rules! outln {
    () => {
        $crate::cli::stdout::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::stdout::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}
