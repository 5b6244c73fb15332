//! `opdesk rules check` finds dead ends: generated states where no configured operator may take
//! an order's next step. The shipped rules have none; a copy with B2 × B9 broken again has.

mod common;

use common::{Bench, stderr_of};

const SHIPPED: &str = include_str!("../config/rules.toml");

/// The shipped rules with B2 applying to every claim again (the deadlock of issue 15).
fn broken_copy(bench: &Bench) -> std::path::PathBuf {
    let dir = bench.dir.path().join("broken");
    std::fs::create_dir_all(&dir).unwrap();
    let guard = "when = \"!order.complaint && customer.class != 'supervip'\"\n";
    assert!(SHIPPED.contains(guard), "B2's guard moved; update this test");
    std::fs::write(dir.join("rules.toml"), SHIPPED.replacen(guard, "", 1)).unwrap();
    dir
}

#[test]
fn rules_check_finds_no_dead_end_in_the_shipped_rules() {
    let bench = Bench::new();
    let out = bench.opdesk().args(["rules", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr_of(&out));
    assert!(text.contains("dead ends: none in"), "{text}");
    let states: usize = text
        .split("dead ends: none in ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the number of states");
    assert!(states > 10_000, "every status × class × flag × holder is tried: {states}");
}

#[test]
fn b2_b9_rules_check_finds_the_deadlock_in_a_broken_copy() {
    let bench = Bench::new();
    let dir = broken_copy(&bench);
    let out = bench.opdesk().arg("--config").arg(&dir).args(["rules", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "a dead end exits 1: {text}");
    let line = text
        .lines()
        .find(|l| l.contains("status new, customer regular, complaint yes") && l.contains("held by olena"))
        .unwrap_or_else(|| panic!("the complaint deadlock is printed: {text}"));
    assert!(line.contains("nobody may claim") && line.contains("B2") && line.contains("B9"), "{line}");
    // B2 × B10: a SuperVip customer whose other order is with a plain operator.
    assert!(
        text.lines().any(|l| l.contains("customer supervip") && l.contains("B10") && l.contains("B2")),
        "{text}"
    );
}

#[test]
fn b18_b9_rules_check_finds_a_season_task_that_keeps_a_complaint_from_its_mentor() {
    let bench = Bench::new();
    let dir = bench.dir.path().join("broken-b18");
    std::fs::create_dir_all(&dir).unwrap();
    let guard = "(size(customer.tasks) > 0 && !order.complaint && ";
    assert!(SHIPPED.contains(guard), "B18's guard moved; update this test");
    std::fs::write(dir.join("rules.toml"), SHIPPED.replacen(guard, "(size(customer.tasks) > 0 && ", 1))
        .unwrap();
    let out = bench.opdesk().arg("--config").arg(&dir).args(["rules", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.lines().any(|l| l.contains("complaint yes")
            && l.contains("season task of olena")
            && l.contains("B18")
            && l.contains("B9")),
        "{text}"
    );
}
