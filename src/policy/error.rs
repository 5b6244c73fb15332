//! Why a rules file (or a policy test file) is refused. Every message names the file and, where
//! there is one, the rule id, so the person editing the rules can go straight to the line.

use std::fmt;

/// Which part of a rule an expression is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    When,
    Stake,
    Detail,
    Overridable,
    /// A check, by its label.
    Check(String),
    /// The `when` of a check, by the check's label.
    CheckWhen(String),
    Amount,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::When => f.write_str("when"),
            Part::Stake => f.write_str("stake"),
            Part::Detail => f.write_str("detail"),
            Part::Overridable => f.write_str("overridable"),
            Part::Check(label) => write!(f, "check {label:?}"),
            Part::CheckWhen(label) => write!(f, "when of check {label:?}"),
            Part::Amount => f.write_str("amount"),
        }
    }
}

/// A rules or policy-test file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// Not TOML, or TOML of the wrong shape (an unknown field, a missing one, a wrong type).
    #[error("{file}:{line}: {}{message}", near(rule))]
    Toml { file: String, line: usize, rule: Option<String>, message: String },

    /// A CEL expression that does not compile, names a field that does not exist, fails on the
    /// sample facts, or yields the wrong type.
    #[error("{0}")]
    Expression(Box<ExpressionError>),

    /// An `actions` entry that is not an action of the desk.
    #[error("{file}: rule {rule}: unknown action {action:?} (expected \"*\" or one of: {expected})")]
    UnknownAction { file: String, rule: String, action: String, expected: String },

    /// Two rules with one id; ids are what verdicts, tests and reports refer to.
    #[error("{file}: rule {rule}: the id is already used in {first}")]
    DuplicateRule { file: String, rule: String, first: String },

    /// Two files (or one file twice) define the same parameter.
    #[error("{file}: parameter {name:?} is already defined in {first}")]
    DuplicateParam { file: String, name: String, first: String },

    /// A rule or table that parses but cannot mean anything (no checks, a bad parameter name,
    /// a `waived_by` naming no rule…).
    #[error("{file}: {}{message}", near(rule))]
    Invalid { file: String, rule: Option<String>, message: String },

    /// A policy test file with a broken case.
    #[error("{file}: case {case:?}: {message}")]
    TestCase { file: String, case: String, message: String },
}

/// The details of [`RulesError::Expression`], boxed to keep the error small.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: rule {rule}: {part} `{expr}`: {message}")]
pub struct ExpressionError {
    pub file: String,
    pub rule: String,
    pub part: Part,
    pub expr: String,
    pub message: String,
}

fn near(rule: &Option<String>) -> String {
    rule.as_ref().map(|r| format!("rule {r}: ")).unwrap_or_default()
}

impl RulesError {
    /// A TOML error located in `text`, with the rule whose block holds the error position.
    pub(super) fn toml(file: &str, text: &str, err: &toml::de::Error) -> RulesError {
        let offset = err.span().map_or(0, |s| s.start).min(text.len());
        RulesError::Toml {
            file: file.to_owned(),
            line: text[..offset].matches('\n').count() + 1,
            rule: rule_at(text, offset),
            message: err.message().trim().to_owned(),
        }
    }
}

/// The id of the `[[rule]]` or `[[money]]` block that contains `offset`, found by reading the
/// text, since a TOML error carries a position but not the table it happened in.
fn rule_at(text: &str, offset: usize) -> Option<String> {
    let is_header = |line: &str| {
        let head = line.trim_start();
        head.starts_with('[') && !head.starts_with("[[rule.check]]")
    };
    let is_rule = |line: &str| {
        let head = line.trim_start();
        head.starts_with("[[rule]]") || head.starts_with("[[money]]")
    };
    // The start of the rule block the offset falls in, if it falls in one.
    let mut current = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if is_header(line) {
            if pos > offset {
                break;
            }
            current = is_rule(line).then_some(pos);
        }
        pos += line.len();
    }
    let start = current?;
    let mut lines = text[start..].lines();
    let header = lines.next()?;
    debug_assert!(is_rule(header));
    lines.take_while(|line| !is_header(line)).find_map(|line| {
        let (key, value) = line.split_once('=')?;
        let key = key.trim();
        (key == "id" || key == "rule").then(|| value.trim().trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_is_traced_back_to_its_rule() {
        let text = "[params]\nx = 1\n[[rule]]\nid = \"A4\"\nwhen = 1\n[[rule.check]]\nlabel = \"l\"\n[[rule]]\nid = \"B2\"\n";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(rule_at(text, at("x = 1")), None);
        assert_eq!(rule_at(text, at("when")), Some("A4".into()));
        assert_eq!(rule_at(text, at("label")), Some("A4".into()));
        assert_eq!(rule_at(text, at("id = \"B2\"")), Some("B2".into()));
    }
}
