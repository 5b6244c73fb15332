//! Filling placeholders, and the per-language words they are filled with.

use super::{PLACEHOLDERS, ScriptError};
use crate::domain::Language;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The names in braces of a text, or what is wrong with its braces.
pub(super) fn placeholders_in(text: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("a '}}' without its '{{' near {:?}", excerpt(rest, open)));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("a '{{' without its '}}' near {:?}", excerpt(rest, open)))?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(format!("{{{name}}} is not a placeholder name (lower-case letters and _)"));
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

fn excerpt(text: &str, at: usize) -> String {
    text[at..].chars().take(30).collect()
}

/// The values of the placeholders for one order, one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    values: BTreeMap<&'static str, String>,
}

impl Placeholders {
    /// Sets a value; names outside [`PLACEHOLDERS`] are ignored (the library refuses them).
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        if let Some(known) = PLACEHOLDERS.iter().find(|p| **p == name) {
            self.values.insert(known, value.into());
        }
    }

    /// The text with every placeholder replaced; one without a value becomes `…` rather
    /// than showing braces to a customer.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    out.push_str(self.values.get(name).map_or("…", String::as_str));
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// `words.toml`: the words placeholders are made of, per language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    en: WordSet,
    uk: WordSet,
    ru: WordSet,
}

/// One language's words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordSet {
    pub courier: String,
    pub post: String,
    pub pickup: String,
    pub free: String,
    pub cash_on_delivery: String,
    pub card: String,
    pub invoice: String,
    pub cash: String,
    pub salary: String,
    pub no_callback: String,
    pub no_tracking: String,
    pub no_analogs: String,
    pub no_missing: String,
    pub nobody: String,
    pub no_expected: String,
    pub in_stock: String,
    /// `{tracking}` of a parcel already sent whose number nobody recorded.
    pub tracking_unknown: String,
    /// B13: the shop's own word for the comment on an archived customer («АРХИВ»).
    pub archive: String,
}

impl Words {
    pub(super) fn parse(name: &str, text: &str) -> Result<Words, ScriptError> {
        toml::from_str(text).map_err(|e| ScriptError { file: name.to_owned(), message: e.to_string() })
    }

    pub fn of(&self, language: Language) -> &WordSet {
        match language {
            Language::En => &self.en,
            Language::Uk => &self.uk,
            Language::Ru => &self.ru,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_bad_braces_named() {
        assert_eq!(
            placeholders_in("Hi {customer_name}, pay {amount_due}.").unwrap(),
            vec!["customer_name", "amount_due"]
        );
        assert!(placeholders_in("a { b").unwrap_err().contains("without its"));
        assert!(placeholders_in("a } b").unwrap_err().contains("without its"));
        assert!(placeholders_in("{Customer}").unwrap_err().contains("not a placeholder name"));
    }

    #[test]
    fn filling_never_leaves_braces() {
        let mut p = Placeholders::default();
        p.set("customer_name", "Олена");
        assert_eq!(p.fill("Добрий день, {customer_name}! {order_id}"), "Добрий день, Олена! …");
    }
}
