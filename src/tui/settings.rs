//! What the workstation reads from configuration besides the shop: the words, the colours,
//! the keys, and the zone the header's clock shows.

use super::i18n::I18n;
use super::keymap::Keymap;
use super::theme::Theme;
use crate::config::{ConfigDirs, ShopSection};
use crate::domain::Language;
use anyhow::Result;
use chrono::FixedOffset;

/// Everything the workstation reads from configuration besides the shop.
pub struct Settings {
    pub i18n: I18n,
    pub theme: Theme,
    pub keymap: Keymap,
    /// The clock's time zone for the header.
    pub tz: FixedOffset,
}

impl Settings {
    /// Keymap, theme and catalogs with the user's overrides; `NO_COLOR` honoured.
    pub fn load(dirs: &ConfigDirs, lang: Language, shop: &ShopSection) -> Result<Settings> {
        // A broken keymap.toml, theme.toml or catalogue is a configuration error (exit 2).
        let load = || -> Result<Settings> {
            Ok(Settings {
                i18n: I18n::load(dirs, lang)?,
                theme: Theme::load(dirs, Theme::no_color_requested())?,
                keymap: Keymap::load(dirs)?,
                tz: clock_zone(shop),
            })
        };
        load().map_err(crate::config::config_error)
    }

    /// The built-in defaults, colourless, in a fixed time zone; for tests.
    pub fn embedded(lang: Language, tz: FixedOffset) -> Result<Settings> {
        let dirs = ConfigDirs::embedded_only();
        Ok(Settings {
            i18n: I18n::load(&dirs, lang)?,
            theme: Theme::embedded(true)?,
            keymap: Keymap::embedded()?,
            tz,
        })
    }
}

/// The zone the header's clock shows: `OPDESK_NOW`'s offset when the time is fixed (a replayed
/// case reads as it happened), else the shop's own zone (an operator reads the shop's time,
/// whatever zone the server runs in).
fn clock_zone(shop: &ShopSection) -> FixedOffset {
    std::env::var("OPDESK_NOW")
        .ok()
        .and_then(|t| crate::domain::parse_instant(&t).ok())
        .map(|t| *t.offset())
        .unwrap_or_else(|| shop.offset_at(chrono::Utc::now()))
}
