//! Colours by meaning (`late`, `due_soon`, `refused`…), from `theme.toml`: the embedded default
//! with the user's roles laid over it. `NO_COLOR` drops the colours and keeps the emphasis.

use crate::config::{ConfigDirs, ConfigFile, Origin};
use anyhow::Result;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The styles the screens use.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub late: Style,
    pub due_soon: Style,
    pub ok: Style,
    pub refused: Style,
    pub warning: Style,
    pub muted: Style,
    pub accent: Style,
    pub selection: Style,
    pub key: Style,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    roles: BTreeMap<String, String>,
}

const ROLES: &[&str] =
    &["late", "due_soon", "ok", "refused", "warning", "muted", "accent", "selection", "key"];

impl Theme {
    /// The default theme under the user's `theme.toml`; `no_color` as `NO_COLOR` asks.
    pub fn load(dirs: &ConfigDirs, no_color: bool) -> Result<Theme> {
        let default = ConfigDirs::embedded_only().config_file("theme.toml")?;
        let user = dirs.config_file("theme.toml")?;
        let user = matches!(user.origin, Origin::File(_) | Origin::Store(_)).then_some(user);
        Theme::from_files(&default, user.as_ref(), no_color)
    }

    /// The built-in theme; for tests.
    pub fn embedded(no_color: bool) -> Result<Theme> {
        Theme::from_files(&ConfigDirs::embedded_only().config_file("theme.toml")?, None, no_color)
    }

    /// Whether the environment asks for no colour (<https://no-color.org>).
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    pub fn from_files(default: &ConfigFile, user: Option<&ConfigFile>, no_color: bool) -> Result<Theme> {
        let mut roles: BTreeMap<String, Style> = BTreeMap::new();
        for file in std::iter::once(default).chain(user) {
            let name = file.display_name();
            let parsed: ThemeFile = toml::from_str(&file.text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            for (role, spec) in parsed.roles {
                if !ROLES.contains(&role.as_str()) {
                    anyhow::bail!("{name}: unknown role {role:?} (expected one of: {})", ROLES.join(", "));
                }
                let style = parse_style(&spec).map_err(|e| anyhow::anyhow!("{name}: {role}: {e}"))?;
                roles.insert(role, if no_color { strip_colour(style) } else { style });
            }
        }
        let role = |name: &str| roles.get(name).copied().unwrap_or_default();
        Ok(Theme {
            late: role("late"),
            due_soon: role("due_soon"),
            ok: role("ok"),
            refused: role("refused"),
            warning: role("warning"),
            muted: role("muted"),
            accent: role("accent"),
            selection: role("selection"),
            key: role("key"),
        })
    }
}

fn strip_colour(style: Style) -> Style {
    Style { fg: None, bg: None, ..style }
}

fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace();
    while let Some(word) = words.next() {
        style = match word {
            "bold" => style.add_modifier(Modifier::BOLD),
            "dim" => style.add_modifier(Modifier::DIM),
            "italic" => style.add_modifier(Modifier::ITALIC),
            "underlined" => style.add_modifier(Modifier::UNDERLINED),
            "reversed" => style.add_modifier(Modifier::REVERSED),
            "on" => {
                let colour = words.next().ok_or("\"on\" needs a colour after it")?;
                style.bg(parse_colour(colour)?)
            }
            colour => style.fg(parse_colour(colour)?),
        };
    }
    Ok(style)
}

fn parse_colour(word: &str) -> Result<Color, String> {
    Ok(match word {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "dark_gray" => Color::DarkGray,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "white" => Color::White,
        hex if hex.len() == 7 && hex.starts_with('#') => {
            let n = u32::from_str_radix(&hex[1..], 16).map_err(|_| format!("bad colour {hex:?}"))?;
            Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8)
        }
        other => return Err(format!("unknown colour or style word {other:?}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_has_every_role() {
        let theme = Theme::embedded(false).unwrap();
        assert_eq!(theme.late.fg, Some(Color::Red));
        assert!(theme.selection.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn no_color_keeps_emphasis_only() {
        let theme = Theme::embedded(true).unwrap();
        assert_eq!(theme.late.fg, None);
        assert!(theme.late.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn a_bad_role_or_colour_is_named() {
        let default = ConfigDirs::embedded_only().config_file("theme.toml").unwrap();
        let user = |t: &str| ConfigFile {
            name: "theme.toml".into(),
            origin: Origin::File("/u/theme.toml".into()),
            text: t.into(),
        };
        let err =
            Theme::from_files(&default, Some(&user("[roles]\nlate = \"reddish\"\n")), false).unwrap_err();
        assert!(err.to_string().contains("reddish"), "{err}");
        let err = Theme::from_files(&default, Some(&user("[roles]\nlater = \"red\"\n")), false).unwrap_err();
        assert!(err.to_string().contains("unknown role"), "{err}");
        let ok = Theme::from_files(&default, Some(&user("[roles]\nlate = \"#ff0000 on white\"\n")), false)
            .unwrap();
        assert_eq!(ok.late.fg, Some(Color::Rgb(255, 0, 0)));
    }
}
