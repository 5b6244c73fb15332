//! Issue 15: rules that agree with each other and with the regulations, sentence by sentence,
//! through the command line. Each test is named after the rule or sentence it proves.

mod common;

use common::Bench;
use common::scenario::{applied, check_met};

// ── B2 × B9 ──────────────────────────────────────────────────────────────────────────────

#[test]
fn b9_a_complaint_goes_to_a_mentor_whoever_holds_the_customers_other_orders() {
    let bench = Bench::with_demo();
    // C-002's new SITE-1095; their SITE-1073 is in work with ivan. A complaint on the new one
    // goes to taras, a mentor, though B2 would hand a plain order to ivan.
    bench.performed("olena", "SITE-1095", "complaint", &["--note", "The garland arrived broken"]);
    bench.refused("ivan", "SITE-1095", "claim", &[], "B9");
    let v = bench.performed("taras", "SITE-1095", "claim", &[]);
    assert_eq!(v["owner"], "taras");
    assert!(applied(&v, "B2").is_none(), "B2 does not apply to a complaint: {v}");
    assert!(applied(&v, "B9").is_some_and(|r| check_met(r, "Handled by a mentor")), "{v}");
}

// ── Roles from the regulations, named to the rules through [params] ──────────────────────

/// `opdesk --config DIR --as LOGIN act ORDER ACTION ARGS… --json`, exit code and JSON.
fn act_with(bench: &Bench, config: &std::path::Path, login: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let out = bench
        .opdesk()
        .arg("--config")
        .arg(config)
        .args(["--as", login, "act"])
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), serde_json::from_slice(&out.stdout).unwrap_or_default())
}

/// The shipped rules with one `[params]` line replaced.
fn rules_with(bench: &Bench, from: &str, to: &str) -> std::path::PathBuf {
    let shipped = include_str!("../config/rules.toml");
    assert!(shipped.contains(from), "{from} is not in the shipped rules");
    let dir = bench.dir.path().join("rules-copy");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.toml"), shipped.replacen(from, to, 1)).unwrap();
    dir
}

#[test]
fn a9_the_head_of_analytics_is_a_role_a_shop_maps_through_params() {
    let bench = Bench::with_demo();
    bench.performed("olena", "SITE-1080", "cancel", &["--reason", "customer_request"]);
    bench.performed("olena", "SITE-1080", "appeal", &["--note", "The customer asked for it in writing"]);
    // Shipped: analytics_roles = ["analytics"]; nataliia decides, the head of sales may not.
    bench.refused("iryna", "SITE-1080", "resolve-appeal", &["--resolution", "upheld"], "A9");
    // A shop whose head of sales also heads analytics says so in [params].
    let dir = rules_with(
        &bench,
        r#"analytics_roles = ["analytics"]"#,
        r#"analytics_roles = ["analytics", "supervisor"]"#,
    );
    let (code, v) =
        act_with(&bench, &dir, "iryna", &["SITE-1080", "resolve-appeal", "--resolution", "upheld"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["done"], true);
}
