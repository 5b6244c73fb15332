//! The workstation's own words in English, Ukrainian and Russian, from `assets/i18n/*.toml`.
//! A missing word falls back to English, then to its key, so a gap shows but never breaks.

use crate::config::ConfigDirs;
use crate::domain::{Language, Vocabulary};
use anyhow::Result;
use std::collections::HashMap;
use std::fmt::Display;

/// One language's catalog: dotted keys (`header.new`) to text.
#[derive(Debug, Clone, Default)]
pub struct Catalog(HashMap<String, String>);

impl Catalog {
    pub fn parse(name: &str, text: &str) -> Result<Catalog> {
        let table: toml::Table = toml::from_str(text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let mut out = HashMap::new();
        flatten("", &table, &mut out).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        Ok(Catalog(out))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            _ => return Err(format!("{key}: expected text or a table")),
        }
    }
    Ok(())
}

/// All three catalogs and the language in use; `:lang` switches without reloading.
#[derive(Debug, Clone)]
pub struct I18n {
    lang: Language,
    catalogs: HashMap<Language, Catalog>,
}

impl I18n {
    pub fn load(dirs: &ConfigDirs, lang: Language) -> Result<I18n> {
        let mut catalogs = HashMap::new();
        for l in Language::ALL {
            let file = dirs.asset_file(&format!("i18n/{}.toml", l.as_str()))?;
            catalogs.insert(*l, Catalog::parse(&file.display_name(), &file.text)?);
        }
        Ok(I18n { lang, catalogs })
    }

    pub fn lang(&self) -> Language {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Language) {
        self.lang = lang;
    }

    /// The text of `key` in the current language.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        [self.lang, Language::En]
            .iter()
            .find_map(|l| self.catalogs.get(l).and_then(|c| c.get(key)))
            .unwrap_or(key)
    }

    /// The text of `key` with `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let mut text = self.t(key).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// A word of the domain (`status.in_work`, `class.supervip`…), or the word itself.
    pub fn word<V: Vocabulary>(&self, group: &str, value: V) -> String {
        let key = format!("{group}.{}", value.as_str());
        let text = self.t(&key);
        if text == key { value.as_str().to_owned() } else { text.to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fall_back_to_english_then_the_key() {
        let dirs = ConfigDirs::embedded_only();
        let i = I18n::load(&dirs, Language::Uk).unwrap();
        assert_ne!(i.t("pane.queue"), "pane.queue");
        assert_eq!(i.t("no.such.key"), "no.such.key");
        assert!(i.f("too_small", &[("need", &"60×16"), ("have", &"40×10")]).contains("40×10"));
    }
}
