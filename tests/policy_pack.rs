//! The shipped rules (`config/rules.toml`) load, and their own test cases
//! (`config/rules.tests.toml`) all pass.

use opdesk::policy::{Policy, testing};

const RULES: &str = include_str!("../config/rules.toml");
const TESTS: &str = include_str!("../config/rules.tests.toml");

fn shipped() -> Policy {
    match Policy::load(&[("config/rules.toml".into(), RULES.into())]) {
        Ok(policy) => policy,
        Err(e) => panic!("the shipped rules do not load: {e}"),
    }
}

#[test]
fn the_shipped_rules_load() {
    let policy = shipped();
    assert_eq!(policy.version().len(), 12);
    assert_eq!(policy.param("compensation_fee"), Some(15000));
}

#[test]
fn the_shipped_policy_tests_all_pass() {
    let report = match testing::run(&shipped(), "config/rules.tests.toml", TESTS) {
        Ok(report) => report,
        Err(e) => panic!("{e}"),
    };
    assert!(report.all_passed(), "\n{report}");
}

#[test]
fn every_shipped_rule_has_an_allowed_and_a_refused_case() {
    let policy = shipped();
    let text: toml::Table = toml::from_str(TESTS).unwrap();
    let cases = text["case"].as_array().unwrap();
    for rule in policy.rules() {
        let mentions = |key: &str| {
            cases.iter().any(|c| {
                c["expect"]
                    .get(key)
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.iter().any(|r| r.as_str() == Some(rule.id)))
            })
        };
        let named = |c: &toml::Value| c["name"].as_str().unwrap_or("").starts_with(&format!("{}:", rule.id));
        let allowed = cases.iter().any(|c| named(c) && c["expect"]["allowed"].as_bool() == Some(true));
        assert!(allowed, "rule {} has no allowed case named `{}: …`", rule.id, rule.id);
        assert!(
            mentions("refused") || mentions("unmet"),
            "rule {} is never expected to refuse or be unmet",
            rule.id
        );
    }
}
