//! Rulebook scenarios through the command line: act as someone, then prove what the rules did —
//! the verdict in DESIGN.md's JSON shape, the order untouched by a refusal, the audit entry,
//! the money booked.

use super::Bench;
use serde_json::Value;

/// What `opdesk act … --json` answered.
#[derive(Debug)]
pub struct Answer {
    pub code: i32,
    pub json: Value,
    pub stderr: String,
}

impl Bench {
    /// A folder holding the shipped rules with the first `from` replaced by `to`.
    pub fn rules_with(&self, from: &str, to: &str) -> std::path::PathBuf {
        let shipped = include_str!("../../config/rules.toml");
        assert!(shipped.contains(from), "{from} is not in the shipped rules");
        let dir = self.dir.path().join("rules-copy");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("rules.toml"), shipped.replacen(from, to, 1)).unwrap();
        dir
    }

    /// `opdesk --as LOGIN act ORDER ACTION ARGS… --json`.
    pub fn act(&self, login: &str, order: &str, action: &str, args: &[&str]) -> Answer {
        let out = self
            .opdesk()
            .args(["--as", login, "act", order, action])
            .args(args)
            .arg("--json")
            .output()
            .expect("run opdesk act");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        Answer { code: out.status.code().unwrap_or(-1), json, stderr }
    }

    /// The order's audit entries, oldest first.
    pub fn audit_of(&self, order: &str) -> Vec<Value> {
        let out =
            self.opdesk().args(["--as", "iryna", "audit", "--order", order, "--json"]).output().expect("run");
        assert!(out.status.success(), "audit failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("audit --json is JSON")
    }

    /// The order's latest audit entry.
    pub fn last_audit(&self, order: &str) -> Value {
        self.audit_of(order).pop().unwrap_or_else(|| panic!("{order} has no audit entry"))
    }

    /// `ledger --json` with the given filters.
    pub fn ledger(&self, args: &[&str]) -> Value {
        // The head of sales reads every operator's ledger; the others read their own.
        let out =
            self.opdesk().args(["--as", "iryna", "ledger"]).args(args).arg("--json").output().expect("run");
        assert!(out.status.success(), "ledger failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("ledger --json is JSON")
    }

    /// Everything `show` tells about the order and its customer: a refusal must leave it as is.
    pub fn state_of(&self, order: &str) -> Value {
        self.show_json(order)
    }

    /// Acts and expects the rules to refuse because of `rule`: exit 3, the verdict names the
    /// rule with an unmet check, nothing changed, and a `refused` audit entry names the rule.
    /// Returns the verdict.
    pub fn refused(&self, login: &str, order: &str, action: &str, args: &[&str], rule: &str) -> Value {
        let before = self.state_of(order);
        let seen = self.audit_of(order).len();
        let answer = self.act(login, order, action, args);
        assert_eq!(answer.code, 3, "{action} {order} as {login} should be refused by {rule}: {answer:?}");
        let v = &answer.json;
        assert_verdict_shape(v, action, order);
        assert_eq!(v["allowed"], false, "{v}");
        let violation = violation(v, rule)
            .unwrap_or_else(|| panic!("{rule} does not refuse {action} {order}: {:#}", v["violations"]));
        assert!(
            violation["checks"].as_array().is_some_and(|c| c.iter().any(|c| c["met"] == false)),
            "{rule} refuses without an unmet check: {violation}"
        );
        assert_eq!(self.state_of(order), before, "a refused {action} changed {order}");
        let trail = self.audit_of(order);
        assert_eq!(trail.len(), seen + 1, "a refusal is audited once");
        let entry = &trail[seen];
        assert_eq!(entry["outcome"], "refused", "{entry}");
        assert_eq!(entry["action"], action);
        assert_eq!(entry["actor"], login);
        assert!(
            names(&entry["rules"]).contains(&rule.to_owned()),
            "audit rules {} lack {rule}",
            entry["rules"]
        );
        answer.json
    }

    /// Acts and expects it done: exit 0, `done: true`, and an audit entry with `outcome`.
    pub fn performed_as(
        &self,
        login: &str,
        order: &str,
        action: &str,
        args: &[&str],
        outcome: &str,
    ) -> Value {
        let answer = self.act(login, order, action, args);
        assert_eq!(answer.code, 0, "{action} {order} as {login} should go through: {answer:?}");
        let v = answer.json;
        assert_verdict_shape(&v, action, order);
        assert_eq!(v["done"], true, "{v}");
        let entry = self.last_audit(order);
        assert_eq!(entry["outcome"], outcome, "{entry}");
        assert_eq!(entry["action"], action);
        assert_eq!(entry["actor"], login);
        assert_eq!(entry["seq"], v["audit_seq"], "the answer names its audit entry");
        v
    }

    /// [`Bench::performed_as`] expecting a plain `done`, the verdict allowed.
    pub fn performed(&self, login: &str, order: &str, action: &str, args: &[&str]) -> Value {
        let v = self.performed_as(login, order, action, args, "done");
        assert_eq!(v["allowed"], true, "{v}");
        v
    }

    pub fn status_of(&self, order: &str) -> String {
        self.show_json(order)["order"]["status"].as_str().unwrap_or_default().to_owned()
    }
}

/// DESIGN.md's verdict: `allowed`, `action`, `order`, `violations` of `{rule, message, checks:
/// [{label, met}]}`, `stake` of `{amount, currency}` or null.
pub fn assert_verdict_shape(v: &Value, action: &str, order: &str) {
    assert!(v["allowed"].is_boolean(), "allowed: {v}");
    assert_eq!(v["action"], action, "{v}");
    assert_eq!(v["order"], order, "{v}");
    for r in v["violations"].as_array().unwrap_or_else(|| panic!("violations: {v}")) {
        assert!(r["rule"].is_string() && r["message"].as_str().is_some_and(|m| !m.is_empty()), "{r}");
        for c in r["checks"].as_array().unwrap_or_else(|| panic!("checks: {r}")) {
            assert!(c["label"].is_string() && c["met"].is_boolean(), "{c}");
        }
    }
    let stake = &v["stake"];
    assert!(stake.is_null() || (stake["amount"].is_i64() && stake["currency"] == "UAH"), "stake: {stake}");
}

/// The refusing rule `rule` in a verdict.
pub fn violation<'v>(v: &'v Value, rule: &str) -> Option<&'v Value> {
    v["violations"].as_array()?.iter().find(|r| r["rule"] == rule)
}

/// A rule that applied (met or not) in a verdict.
pub fn applied<'v>(v: &'v Value, rule: &str) -> Option<&'v Value> {
    v["rules"].as_array()?.iter().find(|r| r["rule"] == rule)
}

/// The ids of the refusing rules.
pub fn refusing(v: &Value) -> Vec<String> {
    v["violations"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["rule"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A JSON array of strings as a vector.
pub fn names(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

/// A check's `met` by its label's beginning.
pub fn check_met(rule: &Value, label_start: &str) -> bool {
    rule["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["label"].as_str().is_some_and(|l| l.starts_with(label_start))))
        .and_then(|c| c["met"].as_bool())
        .unwrap_or_else(|| panic!("no check starting {label_start:?} in {rule}"))
}

/// The ledger lines of a `ledger --json` answer with this rule and kind.
pub fn lines<'v>(ledger: &'v Value, rule: &str, kind: &str) -> Vec<&'v Value> {
    ledger["lines"]
        .as_array()
        .map(|a| a.iter().filter(|l| l["rule"] == rule && l["kind"] == kind).collect())
        .unwrap_or_default()
}

/// The goods total of an order, minor units.
pub fn total_of(bench: &Bench, order: &str) -> i64 {
    bench.show_json(order)["order"]["total"]["amount"].as_i64().expect("order total")
}
