//! The shape of a rules file as written (`config/rules.toml`), before anything is compiled.
//! Every table refuses unknown fields: a misspelt key must not turn a rule off silently.

use serde::Deserialize;
use std::collections::BTreeMap;

/// One rules file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFile {
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    #[serde(default, rename = "override")]
    pub override_: Option<OverrideSpec>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
    #[serde(default)]
    pub money: Vec<MoneySpec>,
}

/// A parameter: a number (money in minor units, hours, days, counts), a word, or a list of
/// words (roles, step names).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Int(i64),
    Bool(bool),
    Text(String),
    Words(Vec<String>),
}

/// Who may lift a refusal with a written reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OverrideSpec {
    pub roles: Vec<String>,
}

/// Whether a check failing refuses the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// Refuses the action while a check is unmet.
    #[default]
    Block,
    /// Shows the checks, met or not, and refuses nothing.
    Checklist,
}

/// `overridable = true | false | "<CEL bool>"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum OverridableSpec {
    Fixed(bool),
    When(String),
}

impl Default for OverridableSpec {
    fn default() -> Self {
        OverridableSpec::Fixed(true)
    }
}

/// A `[[rule]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSpec {
    pub id: String,
    /// Action words, or `"*"` for every action.
    pub actions: Vec<String>,
    /// CEL bool: the rule applies; absent means always.
    #[serde(default)]
    pub when: Option<String>,
    pub message: String,
    /// CEL string appended to the message when non-empty (names an owner, lists items).
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub kind: RuleKind,
    /// CEL int, minor units: what the operator would be charged.
    #[serde(default)]
    pub stake: Option<String>,
    #[serde(default)]
    pub overridable: OverridableSpec,
    /// A refusal by this rule waits for an approval (an override with a written reason) that
    /// the roles who may override give from the day's review (B6's exceptions).
    #[serde(default)]
    pub approval: bool,
    #[serde(default, rename = "check")]
    pub checks: Vec<CheckSpec>,
}

/// A `[[rule.check]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckSpec {
    pub label: String,
    /// CEL bool: met.
    pub expr: String,
    /// CEL bool: the check belongs to this situation (one rule, several actions).
    #[serde(default)]
    pub when: Option<String>,
}

pub use crate::domain::MoneyKind;

/// A `[[money]]` table: an amount the action books.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MoneySpec {
    /// The POLICY.md rule it comes from; several entries may cite one rule.
    pub rule: String,
    pub actions: Vec<String>,
    #[serde(default)]
    pub when: Option<String>,
    pub kind: MoneyKind,
    /// CEL int, minor units.
    pub amount: String,
    pub message: String,
    /// Rule ids whose checks, all met, turn this charge into a waiver (A3 waived by A4).
    #[serde(default)]
    pub waived_by: Vec<String>,
}
