//! Loading and checking the library: `situations.toml`, the texts, the words.

use super::render::{Words, placeholders_in};
use super::{PLACEHOLDERS, Placeholders, Script, ScriptError};
use crate::domain::{Language, Vocabulary};
use crate::policy::{Condition, Policy, Scope};
use serde::Deserialize;
use std::collections::BTreeMap;

crate::domain::vocabulary! {
    /// How a script is used: read aloud, sent as a letter or a message, typed in the chat.
    ScriptKind, "script kind" {
        Call = "call",
        Letter = "letter",
        Message = "message",
        Chat = "chat",
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    #[serde(rename = "situation")]
    situations: Vec<SituationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SituationSpec {
    id: String,
    priority: i64,
    when: String,
    title: BTreeMap<Language, String>,
    kind: ScriptKind,
    #[serde(default)]
    rule: String,
}

/// One situation: when it applies and its text in every language.
pub struct Situation {
    pub id: String,
    pub priority: i64,
    pub kind: ScriptKind,
    pub rule: String,
    titles: BTreeMap<Language, String>,
    texts: BTreeMap<Language, String>,
    when: Condition,
    /// `when = "false"`: opened on demand, never offered on its own.
    pub on_demand: bool,
}

/// The loaded library.
pub struct ScriptLibrary {
    situations: Vec<Situation>,
    words: Words,
}

/// A file of the library: its name for messages and its text.
pub type Source = (String, String);

impl ScriptLibrary {
    /// Loads the index, the words and the texts (`(language, id) → source`), checking all of it.
    pub fn load(
        policy: &Policy,
        index: &Source,
        words: &Source,
        texts: &BTreeMap<(Language, String), Source>,
    ) -> Result<ScriptLibrary, ScriptError> {
        let fail = |file: &str, message: String| ScriptError { file: file.to_owned(), message };
        let (index_name, index_text) = index;
        let parsed: IndexFile = toml::from_str(index_text).map_err(|e| fail(index_name, e.to_string()))?;
        let words = Words::parse(&words.0, &words.1)?;
        let mut situations: Vec<Situation> = Vec::with_capacity(parsed.situations.len());
        for spec in parsed.situations {
            if situations.iter().any(|s| s.id == spec.id) {
                return Err(fail(index_name, format!("situation {:?} is listed twice", spec.id)));
            }
            let when = policy
                .condition(index_name, &spec.id, &spec.when)
                .map_err(|e| fail(index_name, e.to_string()))?;
            let mut texts_of = BTreeMap::new();
            for language in Language::ALL {
                if !spec.title.contains_key(language) {
                    return Err(fail(index_name, format!("situation {:?} has no {language} title", spec.id)));
                }
                let (file, text) = texts.get(&(*language, spec.id.clone())).ok_or_else(|| {
                    fail(
                        index_name,
                        format!(
                            "situation {:?} has no text in {language} (scripts/{language}/{}.txt)",
                            spec.id, spec.id
                        ),
                    )
                })?;
                for name in placeholders_in(text).map_err(|m| fail(file, m))? {
                    if !PLACEHOLDERS.contains(&name) {
                        return Err(fail(
                            file,
                            format!("unknown placeholder {{{name}}} (known: {})", PLACEHOLDERS.join(", ")),
                        ));
                    }
                }
                texts_of.insert(*language, text.clone());
            }
            situations.push(Situation {
                on_demand: spec.when.trim() == "false",
                id: spec.id,
                priority: spec.priority,
                kind: spec.kind,
                rule: spec.rule,
                titles: spec.title,
                texts: texts_of,
                when,
            });
        }
        if let Some(((language, id), (file, _))) =
            texts.iter().find(|((_, id), _)| !situations.iter().any(|s| &s.id == id))
        {
            return Err(fail(
                file,
                format!("text for {id:?} ({language}) has no [[situation]] in {index_name}"),
            ));
        }
        situations.sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.id.cmp(&b.id)));
        Ok(ScriptLibrary { situations, words })
    }

    pub fn situations(&self) -> &[Situation] {
        &self.situations
    }

    pub fn words(&self) -> &Words {
        &self.words
    }

    /// The situations whose condition holds, most urgent first. A condition that fails to
    /// evaluate is left out and reported, so one broken entry never hides the others.
    pub fn matching<'a>(&'a self, scope: &Scope) -> (Vec<&'a Situation>, Vec<String>) {
        let mut problems = Vec::new();
        let found = self
            .situations
            .iter()
            .filter(|s| match scope.holds(&s.when) {
                Ok(holds) => holds,
                Err(e) => {
                    problems.push(format!("situation {}: {e}", s.id));
                    false
                }
            })
            .collect();
        (found, problems)
    }

    /// A situation by id (for on-demand scripts).
    pub fn situation(&self, id: &str) -> Option<&Situation> {
        self.situations.iter().find(|s| s.id == id)
    }
}

impl Situation {
    /// The script in `language` with `values` filled in.
    pub fn render(&self, language: Language, values: &Placeholders) -> Script {
        let text = self.texts.get(&language).map(|t| values.fill(t)).unwrap_or_default();
        Script {
            situation: self.id.clone(),
            language,
            title: self.titles.get(&language).cloned().unwrap_or_else(|| self.id.clone()),
            kind: self.kind,
            priority: self.priority,
            rule: self.rule.clone(),
            text,
        }
    }

    pub fn title(&self, language: Language) -> &str {
        self.titles.get(&language).map_or(self.id.as_str(), String::as_str)
    }
}
