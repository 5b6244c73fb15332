//! Issue 15: the day's review lists what was asked: customers' questions (B1) with their answer
//! and whether it came in time, and escalations (A6) with who holds them, through the CLI.

mod common;

use common::Bench;
use serde_json::Value;

fn report(bench: &Bench, login: &str, args: &[&str], now: Option<&str>) -> Value {
    let mut cmd = bench.opdesk();
    if let Some(now) = now {
        cmd.env("OPDESK_NOW", now);
    }
    let out = cmd.args(["--as", login, "report", "--json"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn b1_the_days_review_lists_questions_answered_late_or_waiting() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "question", &["--note", "Does the floor lamp dim?"]);
    let r = report(&bench, "iryna", &[], None);
    let q = r["questions"].as_array().unwrap();
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!((q[0]["order"].as_str(), q[0]["late"].as_bool()), (Some("SITE-1080"), Some(false)));
    assert_eq!(q[0]["due"], "2026-11-23T16:30:00+02:00", "asked 14:30, two hours: {}", q[0]);
    assert!(q[0]["answered_at"].is_null());
    // Three hours on, still unanswered: late in the review and in the markdown.
    let later = report(&bench, "iryna", &[], Some("2026-11-23T17:31:00+02:00"));
    assert_eq!(later["questions"][0]["late"], true);
    let md = bench
        .opdesk()
        .env("OPDESK_NOW", "2026-11-23T17:31:00+02:00")
        .args(["--as", "iryna", "report"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("## Customers' questions (1 · 1 answered late or waiting past due)"), "{md}");
    assert!(md.contains("NOT ANSWERED, overdue"), "{md}");
    // Answered by the contact: who answered and when, and in time.
    bench.performed("olena", "SITE-1080", "contact", &["--note", "Yes, with the remote"]);
    let r = report(&bench, "iryna", &[], None);
    let q = &r["questions"][0];
    assert_eq!((q["answered_by"].as_str(), q["late"].as_bool()), (Some("olena"), Some(false)), "{q}");
    // An operator's own day has their questions; another operator's has none of them.
    assert_eq!(report(&bench, "olena", &["--mine"], None)["questions"].as_array().unwrap().len(), 1);
    assert!(report(&bench, "ivan", &["--mine"], None)["questions"].as_array().unwrap().is_empty());
}

#[test]
fn a6_the_days_review_lists_escalations_with_who_holds_them() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1061", "escalate", &["--note", "Orion 72 W: none on the shelf"]);
    let r = report(&bench, "iryna", &[], None);
    let e = r["escalations"].as_array().unwrap();
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        (e[0]["order"].as_str(), e[0]["level"].as_str(), e[0]["state"].as_str(), e[0]["raised_by"].as_str()),
        (Some("SITE-1061"), Some("administrator"), Some("open"), Some("olena"))
    );
    let out = bench
        .opdesk()
        .args(["--as", "iryna", "escalations", "pass", "1", "--note", "No delivery planned"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    assert_eq!(report(&bench, "iryna", &[], None)["escalations"][0]["level"], "analytics");
    let csv = bench.opdesk().args(["--as", "iryna", "report", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines().any(|l| l.starts_with("escalation,analytics,olena,SITE-1061,") && l.contains(",open,")),
        "{csv}"
    );
    // Resolved the next day, it is still in the day it was raised, and it is no longer in a
    // later day's review.
    let out = bench
        .opdesk()
        .env("OPDESK_NOW", "2026-11-24T10:00:00+02:00")
        .args([
            "--as",
            "nataliia",
            "escalations",
            "resolve",
            "1",
            "--note",
            "Supplier ships 30 on 2026-12-02",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    let day = report(&bench, "iryna", &["--date", "2026-11-23"], Some("2026-11-24T10:05:00+02:00"));
    assert_eq!(day["escalations"][0]["resolved_by"], "nataliia");
    let next = report(&bench, "iryna", &["--date", "2026-11-25"], Some("2026-11-25T10:05:00+02:00"));
    assert!(next["escalations"].as_array().unwrap().is_empty(), "{}", next["escalations"]);
}
