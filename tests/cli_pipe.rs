//! `opdesk … | head`: when the reader goes away, the command stops writing quietly and exits
//! with its own status (0 for a listing): no panic, no "Broken pipe" message.

mod common;

use common::Bench;
use std::io::Read;
use std::process::{Command, Output, Stdio};

/// `opdesk --db <demo store> <args>` as a plain process, so its standard output can be any pipe.
fn opdesk(bench: &Bench, args: &[&str]) -> Command {
    let mut cmd = bench.process();
    cmd.args(args).stdin(Stdio::null()).stderr(Stdio::piped());
    cmd
}

/// Runs with a standard output whose reader is already gone: every write meets a closed pipe,
/// whatever the size of the output.
fn with_reader_gone(bench: &Bench, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let child = opdesk(bench, args).stdout(writer).spawn().expect("run opdesk");
    child.wait_with_output().expect("wait")
}

/// Runs, reads the first few bytes of the output, then closes the pipe (what `head -c 16` does).
fn reading_a_few_bytes(bench: &Bench, args: &[&str]) -> (Output, Vec<u8>) {
    let mut child = opdesk(bench, args).stdout(Stdio::piped()).spawn().expect("run opdesk");
    let mut first = [0u8; 16];
    let mut stdout = child.stdout.take().expect("stdout");
    let n = stdout.read(&mut first).expect("read");
    drop(stdout);
    (child.wait_with_output().expect("wait"), first[..n].to_vec())
}

fn assert_quiet(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: exit {:?}, stderr: {stderr}", out.status.code());
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(stderr.trim().is_empty(), "{what}: nothing is said about the pipe: {stderr}");
}

#[test]
fn orders_stops_quietly_when_the_reader_is_gone() {
    let bench = Bench::with_demo();
    for args in [&["--as", "olena", "orders"][..], &["--as", "olena", "orders", "--json"]] {
        assert_quiet(&with_reader_gone(&bench, args), &args.join(" "));
        let (out, first) = reading_a_few_bytes(&bench, args);
        assert_quiet(&out, &args.join(" "));
        assert!(!first.is_empty(), "{}: the reader got the start of the output", args.join(" "));
    }
}

#[test]
fn report_stops_quietly_when_the_reader_is_gone() {
    let bench = Bench::with_demo();
    for format in ["md", "csv", "json"] {
        let args = ["--as", "iryna", "report", "--date", "2026-11-23", "--format", format];
        assert_quiet(&with_reader_gone(&bench, &args), &args.join(" "));
        let (out, first) = reading_a_few_bytes(&bench, &args);
        assert_quiet(&out, &args.join(" "));
        assert!(!first.is_empty(), "{}: the reader got the start of the output", args.join(" "));
    }
}
