//! Policy tests as data (`config/rules.tests.toml`), run by `opdesk rules test` the way
//! `opa test` runs Rego tests: a shop that edits its rules proves them with its own cases.
//!
//! A case names an action, overrides a few facts of [`Facts::baseline`] and states the
//! expected verdict:
//!
//! ```toml
//! [[case]]
//! name = "A4: an out-of-stock cancel with two analogs is refused"
//! action = "cancel"
//! facts.draft.reason = "out_of_stock"
//! facts.draft.analogs = ["FW-1", "FW-2"]
//! facts.order.items = [{ stock = 0 }]
//! expect = { allowed = false, refused = ["A1", "A2", "A4", "A7"] }
//! ```
//!
//! An optional top-level `[baseline]` table patches the baseline for every case. When a case
//! sets `order.items`, the order's `total`, `missing` and `age_restricted` follow the new lines
//! unless the case sets them too. Expectations: `allowed` (required); optionally `refused`
//! (exactly the rules that refuse), `unmet` (exactly the rules with an unmet check, refusing
//! or not), `overridable`, `lifted` (the draft's override lifts the refusal), `stake` (minor
//! units) and `money` (exactly the ledger effects).

mod merge;

use super::{Facts, MoneyKind, Policy, RulesError};
use crate::domain::ActionKind;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    #[serde(default)]
    baseline: toml::Table,
    #[serde(default, rename = "case")]
    cases: Vec<CaseSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSpec {
    name: String,
    action: String,
    #[serde(default)]
    facts: toml::Table,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    allowed: bool,
    refused: Option<Vec<String>>,
    unmet: Option<Vec<String>>,
    overridable: Option<bool>,
    lifted: Option<bool>,
    stake: Option<i64>,
    money: Option<Vec<MoneyExpect>>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct MoneyExpect {
    rule: String,
    kind: MoneyKind,
    amount: i64,
}

/// The result of one test file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    pub file: String,
    pub cases: Vec<CaseReport>,
}

/// One case: passed when `failures` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReport {
    pub name: String,
    /// Each expectation that did not hold, as "expected … got …".
    pub failures: Vec<String>,
}

impl CaseReport {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl TestReport {
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }

    pub fn all_passed(&self) -> bool {
        self.failed() == 0
    }
}

impl fmt::Display for TestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for case in &self.cases {
            writeln!(f, "{} {}", if case.passed() { "ok  " } else { "FAIL" }, case.name)?;
            for failure in &case.failures {
                writeln!(f, "       {failure}")?;
            }
        }
        write!(f, "{}: {} passed, {} failed", self.file, self.passed(), self.failed())
    }
}

/// Runs every case of the test file `name` (text `text`) against `policy`. A file that cannot
/// be read as cases is an error; a case whose verdict differs is a failure in the report.
pub fn run(policy: &Policy, name: &str, text: &str) -> Result<TestReport, RulesError> {
    let file: TestFile = toml::from_str(text).map_err(|e| RulesError::toml(name, text, &e))?;
    let case_error = |case: &str, message: String| RulesError::TestCase {
        file: name.to_owned(),
        case: case.to_owned(),
        message,
    };
    let sample = serde_json::to_value(Facts::sample()).map_err(|e| case_error("(sample)", e.to_string()))?;
    let mut names = BTreeSet::new();
    let mut cases = Vec::with_capacity(file.cases.len());
    for spec in &file.cases {
        if !names.insert(spec.name.as_str()) {
            return Err(case_error(&spec.name, "another case has the same name".into()));
        }
        let facts = case_facts(spec, &file.baseline, &sample).map_err(|e| case_error(&spec.name, e))?;
        cases.push(CaseReport { name: spec.name.clone(), failures: judge(policy, &facts, &spec.expect) });
    }
    Ok(TestReport { file: name.to_owned(), cases })
}

fn case_facts(spec: &CaseSpec, baseline: &toml::Table, sample: &serde_json::Value) -> Result<Facts, String> {
    let action: ActionKind = spec.action.parse().map_err(|e| format!("{e}"))?;
    let mut json = serde_json::to_value(Facts::baseline(action)).map_err(|e| e.to_string())?;
    let mut touched = BTreeSet::new();
    merge::apply(&mut json, baseline, sample, &mut touched).map_err(|e| format!("[baseline]: {e}"))?;
    merge::apply(&mut json, &spec.facts, sample, &mut touched)?;
    let mut facts: Facts = serde_json::from_value(json).map_err(|e| format!("facts: {e}"))?;
    if touched.contains("order.items") {
        let mut summary = facts.order.clone();
        summary.summarise_items();
        if !touched.contains("order.total") {
            facts.order.total = summary.total;
        }
        if !touched.contains("order.missing") {
            facts.order.missing = summary.missing;
        }
        if !touched.contains("order.age_restricted") {
            facts.order.age_restricted = summary.age_restricted;
        }
    }
    Ok(facts)
}

/// Every expectation of `expect` that the verdict breaks, described.
fn judge(policy: &Policy, facts: &Facts, expect: &Expect) -> Vec<String> {
    let verdict = policy.evaluate(facts);
    let mut failures = Vec::new();
    if verdict.allowed() != expect.allowed {
        let refused: Vec<&str> = verdict.violations().map(|r| r.rule.as_str()).collect();
        failures.push(format!(
            "allowed: expected {}, got {} (refused by [{}])",
            expect.allowed,
            verdict.allowed(),
            refused.join(", ")
        ));
    }
    if let Some(expected) = &expect.refused {
        let got = verdict.violations().map(|r| r.rule.clone()).collect();
        failures.extend(set_diff("refused", expected, got));
    }
    if let Some(expected) = &expect.unmet {
        let got = verdict.rules.iter().filter(|r| !r.satisfied()).map(|r| r.rule.clone()).collect();
        failures.extend(set_diff("unmet", expected, got));
    }
    if let Some(expected) = expect.overridable
        && verdict.overridable() != expected
    {
        failures.push(format!("overridable: expected {expected}, got {}", verdict.overridable()));
    }
    if let Some(expected) = expect.lifted {
        let got = policy.override_lifts(&verdict, facts);
        if got != expected {
            failures.push(format!("lifted: expected {expected}, got {got}"));
        }
    }
    if let Some(expected) = expect.stake {
        let got = verdict.stake().map(|m| m.amount);
        if got != Some(expected) {
            let got = got.map_or_else(|| "none".to_owned(), |n| n.to_string());
            failures.push(format!("stake: expected {expected}, got {got}"));
        }
    }
    if let Some(expected) = &expect.money {
        match policy.money(facts) {
            Ok(effects) => {
                let mut got: Vec<MoneyExpect> = effects
                    .into_iter()
                    .map(|e| MoneyExpect { rule: e.rule, kind: e.kind, amount: e.amount.amount })
                    .collect();
                got.sort();
                let mut want: Vec<&MoneyExpect> = expected.iter().collect();
                want.sort();
                if got.iter().collect::<Vec<_>>() != want {
                    failures.push(format!(
                        "money: expected {}, got {}",
                        spell(&want),
                        spell(&got.iter().collect::<Vec<_>>())
                    ));
                }
            }
            Err(e) => failures.push(format!("money: {e}")),
        }
    }
    failures
}

fn spell(effects: &[&MoneyExpect]) -> String {
    let parts: Vec<String> =
        effects.iter().map(|e| format!("{} {:?} {}", e.rule, e.kind, e.amount).to_lowercase()).collect();
    format!("[{}]", parts.join(", "))
}

/// "expected [A4], got [A1, A4]: unexpected A1", or nothing when the sets agree.
fn set_diff(what: &str, expected: &[String], got: BTreeSet<String>) -> Option<String> {
    let want: BTreeSet<String> = expected.iter().cloned().collect();
    if want == got {
        return None;
    }
    let missing: Vec<&str> = want.difference(&got).map(String::as_str).collect();
    let extra: Vec<&str> = got.difference(&want).map(String::as_str).collect();
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(format!("missing {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        notes.push(format!("unexpected {}", extra.join(", ")));
    }
    let list = |s: &BTreeSet<String>| s.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
    Some(format!("{what}: expected [{}], got [{}]: {}", list(&want), list(&got), notes.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_names_what_is_missing_and_what_is_extra() {
        let got = BTreeSet::from(["A1".to_owned(), "A4".to_owned()]);
        let diff = set_diff("refused", &["A4".into(), "A7".into()], got).unwrap();
        assert_eq!(diff, "refused: expected [A4, A7], got [A1, A4]: missing A7; unexpected A1");
        assert!(set_diff("refused", &["A4".into()], BTreeSet::from(["A4".to_owned()])).is_none());
    }
}
