//! Shared helpers for the command-line tests: an isolated home (no user config leaks in), a
//! fixed clock, a store in a temporary folder.

#![allow(dead_code)]

pub mod scenario;
pub mod tui;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const NOW: &str = "2026-11-23T14:30:00+02:00";

/// A temporary workplace: its own store, config home and data home.
pub struct Bench {
    pub dir: tempfile::TempDir,
}

impl Bench {
    pub fn new() -> Bench {
        Bench { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("opdesk.db")
    }

    /// `opdesk --db <store>` as a plain process whose pipes are the caller's (a child to race
    /// or to read slowly), with the same clock and isolated homes as [`Bench::opdesk`].
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_opdesk"));
        cmd.env("OPDESK_NOW", NOW)
            .env("XDG_CONFIG_HOME", self.dir.path().join("config-home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("HOME", self.dir.path())
            .env("USER", "nobody-in-particular")
            .env_remove("OPDESK_OPERATOR")
            .env_remove("NO_COLOR")
            .arg("--db")
            .arg(self.db());
        cmd
    }

    /// `opdesk --db <store> …` with the clock fixed and nobody signed in.
    pub fn opdesk(&self) -> Command {
        Command::from_std(self.process())
    }

    /// A store holding the demo shop.
    pub fn with_demo() -> Bench {
        let bench = Bench::new();
        bench.opdesk().args(["init", "--demo"]).assert().success();
        bench
    }

    /// Writes a file into the workplace and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write fixture");
        path
    }

    /// `orders --json` parsed (all orders unless `extra` sets a limit).
    pub fn orders_json(&self, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut cmd = self.opdesk();
        cmd.args(["orders", "--json"]);
        if !extra.contains(&"--limit") {
            cmd.args(["--limit", "100000"]);
        }
        let out = cmd.args(extra).output().expect("run");
        assert!(out.status.success(), "orders failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("orders --json is JSON")
    }

    /// `show ORDER --json` parsed.
    pub fn show_json(&self, order: &str) -> serde_json::Value {
        let out = self.opdesk().args(["show", order, "--json"]).output().expect("run");
        assert!(out.status.success(), "show failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("show --json is JSON")
    }
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn path_str(p: &Path) -> String {
    p.display().to_string()
}
