//! Keys to actions, from `keymap.toml`: the embedded default, with the user's file laid over it
//! action by action. The footer and the help read the same bindings, so they always tell the
//! truth about the keys, custom ones included.

use super::action::Action;
use crate::config::{ConfigDirs, ConfigFile, Origin};
use anyhow::{Result, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A key with its modifiers, normalised so that `G` and `Shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        // Shift is part of the character (`G`, `?`) and of BackTab; only Ctrl and Alt count.
        let mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, mods }
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// Parses `q`, `G`, `Enter`, `Shift-Tab`, `Ctrl-d`, `F5`…
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec;
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "Shift-Tab" | "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Space" => KeyCode::Char(' '),
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            f if f.len() > 1
                && f.starts_with('F')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap_or(' ')),
            _ => {
                return Err(format!(
                    "unknown key {spec:?} (a character, or Enter, Esc, Tab, Shift-Tab, Backspace, Delete, Space, \
                     Up, Down, Left, Right, Home, End, PageUp, PageDown, F1…F12, with Ctrl- or Alt- in front)"
                ));
            }
        };
        Ok(Key::new(code, mods))
    }

    /// How the footer and the help write the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "S-Tab".to_owned(),
            KeyCode::Backspace => "Bksp".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("C-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("M-");
        }
        out.push_str(&base);
        out
    }

    /// A plain character a text field should take as text, whatever it is bound to.
    pub fn is_text(event: &KeyEvent) -> bool {
        matches!(event.code, KeyCode::Char(_))
            && !event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    keys: BTreeMap<Action, Vec<String>>,
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

impl Keymap {
    /// The default keymap laid under the user's `keymap.toml`, if there is one.
    pub fn load(dirs: &ConfigDirs) -> Result<Keymap> {
        let default = ConfigDirs::embedded_only().config_file("keymap.toml")?;
        let user = dirs.config_file("keymap.toml")?;
        let user = matches!(user.origin, Origin::File(_) | Origin::Store(_)).then_some(user);
        Keymap::from_files(&default, user.as_ref())
    }

    /// The built-in keymap alone; for tests.
    pub fn embedded() -> Result<Keymap> {
        Keymap::from_files(&ConfigDirs::embedded_only().config_file("keymap.toml")?, None)
    }

    pub fn from_files(default: &ConfigFile, user: Option<&ConfigFile>) -> Result<Keymap> {
        let mut by_action = BTreeMap::new();
        for file in std::iter::once(default).chain(user) {
            let name = file.display_name();
            let parsed: KeymapFile =
                toml::from_str(&file.text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            for (action, specs) in parsed.keys {
                let keys = specs
                    .iter()
                    .map(|s| Key::parse(s).map_err(|e| anyhow::anyhow!("{name}: {}: {e}", action.name())))
                    .collect::<Result<Vec<_>>>()?;
                by_action.insert(action, keys);
            }
        }
        let mut by_key = HashMap::new();
        let last = user.unwrap_or(default).display_name();
        for (action, keys) in &by_action {
            for key in keys {
                if let Some(other) = by_key.insert(*key, *action) {
                    bail!(
                        "{last}: key {:?} is bound to both {} and {}; give one of them another key",
                        key.label(),
                        other.name(),
                        action.name()
                    );
                }
            }
        }
        for needed in [Action::Quit, Action::Help, Action::Back, Action::Open] {
            if by_action.get(&needed).is_none_or(Vec::is_empty) {
                bail!("{last}: the action {} needs at least one key", needed.name());
            }
        }
        Ok(Keymap { by_key, by_action })
    }

    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.by_key.get(&Key::from_event(event)).copied()
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.by_action.get(&action).map(Vec::as_slice).unwrap_or_default()
    }

    /// The first key of an action, as the footer shows it; `None` when it has no key.
    pub fn label(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(Key::label)
    }

    /// The first key of an action that still works while text is being typed (a letter would
    /// go into the field): `F2` for "why?" in a form, not `w`.
    pub fn label_while_typing(&self, action: Action) -> Option<String> {
        self.keys(action).iter().find(|k| !Key::is_text(&KeyEvent::new(k.code, k.mods))).map(Key::label)
    }

    /// Every key of an action, as the help lists them.
    pub fn labels(&self, action: Action) -> String {
        self.keys(action).iter().map(Key::label).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> ConfigFile {
        ConfigFile {
            name: "keymap.toml".into(),
            origin: Origin::File("/tmp/u/keymap.toml".into()),
            text: text.into(),
        }
    }

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_default_keymap_binds_every_action() {
        let map = Keymap::embedded().unwrap();
        for a in Action::ALL {
            assert!(!map.keys(*a).is_empty(), "{} has no key", a.name());
        }
        assert_eq!(map.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(map.action(&press(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::PrevPane));
        assert_eq!(map.action(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(map.action(&press(KeyCode::Char('c'), KeyModifiers::NONE)), Some(Action::Confirm));
    }

    #[test]
    fn a_user_file_replaces_an_action_keys_only() {
        let default = ConfigDirs::embedded_only().config_file("keymap.toml").unwrap();
        let map = Keymap::from_files(&default, Some(&user("[keys]\nquit = [\"Ctrl-q\"]\n"))).unwrap();
        assert_eq!(map.labels(Action::Quit), "C-q");
        assert_eq!(map.action(&press(KeyCode::Char('q'), KeyModifiers::NONE)), None);
        assert_eq!(map.labels(Action::Help), "? F1");
    }

    #[test]
    fn mistakes_in_a_user_file_are_named() {
        let default = ConfigDirs::embedded_only().config_file("keymap.toml").unwrap();
        let err = |text: &str| Keymap::from_files(&default, Some(&user(text))).unwrap_err().to_string();
        assert!(err("[keys]\nfly = [\"f\"]\n").contains("unknown action \"fly\""));
        assert!(err("[keys]\nquit = [\"Hyper-q\"]\n").contains("unknown key"));
        assert!(err("[keys]\nquit = [\"x\"]\n").contains("bound to both"));
        assert!(err("[keys]\nquit = []\n").contains("needs at least one key"));
        assert!(err("[bindings]\n").contains("unknown field"));
    }
}
