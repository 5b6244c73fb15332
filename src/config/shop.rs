//! `opdesk.toml`: the shop and its operators, and who is at the keyboard.

use super::ConfigFile;
use crate::domain::{Currency, Language, Operator};
use anyhow::{Result, bail};
use serde::Deserialize;

/// The whole of `opdesk.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopConfig {
    pub shop: ShopSection,
    #[serde(default)]
    pub ui: UiSection,
    #[serde(default, rename = "operator")]
    pub operators: Vec<Operator>,
}

/// `[shop]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopSection {
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: Currency,
    /// Goods total (minor units) from which delivery is free.
    #[serde(default)]
    pub free_delivery_from: i64,
    #[serde(default)]
    pub phone: String,
    /// Where the shop works (IANA name): clocks, "today" and report days are in this zone.
    #[serde(default = "default_zone")]
    pub time_zone: chrono_tz::Tz,
    /// The country calling code of the customers' phones (digits, `380` for Ukraine), and the
    /// prefix a number dialled at home starts with instead (`0`): operators type `067…` for a
    /// phone the store keeps as `+38067…`.
    #[serde(default = "default_country_code")]
    pub phone_country_code: String,
    #[serde(default = "default_trunk_prefix")]
    pub phone_trunk_prefix: String,
}

fn default_country_code() -> String {
    "380".into()
}

fn default_trunk_prefix() -> String {
    "0".into()
}

/// The first instant of `date` in `zone` (see [`ShopSection::day_start`]).
pub fn day_start_in(zone: chrono_tz::Tz, date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let naive = date.and_time(chrono::NaiveTime::MIN);
    zone.from_local_datetime(&naive)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(naive + chrono::TimeDelta::hours(1))).earliest())
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&chrono::Utc))
}

fn default_zone() -> chrono_tz::Tz {
    chrono_tz::Europe::Kyiv
}

impl ShopSection {
    /// The first instant of `date` in the shop's zone. Midnight may fall in a clock change in
    /// some zones; then the earliest valid reading, or the hour after a gap.
    pub fn day_start(&self, date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
        day_start_in(self.time_zone, date)
    }

    /// A search as the operator typed it, with a phone number dialled the home way (`067 123`)
    /// turned into the international digits the store keeps (`38067123`). Any other text (an
    /// id, a name, a number already with its country code) is left as it is.
    pub fn international_phone(&self, text: &str) -> String {
        let phone_like = text.chars().all(|c| c.is_ascii_digit() || " -().".contains(c));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let trunk = self.phone_trunk_prefix.as_str();
        match digits.strip_prefix(trunk) {
            Some(rest) if phone_like && !trunk.is_empty() && !rest.is_empty() => {
                format!("{}{rest}", self.phone_country_code)
            }
            _ => text.to_owned(),
        }
    }

    /// The shop's UTC offset at `at` (it changes with summer time).
    pub fn offset_at(&self, at: chrono::DateTime<chrono::Utc>) -> chrono::FixedOffset {
        use chrono::Offset;
        at.with_timezone(&self.time_zone).offset().fix()
    }
}

/// `[ui]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiSection {
    pub language: Language,
    /// Ring the terminal's bell when a handoff arrives for the duty operator or a callback
    /// becomes due.
    pub bell: bool,
}

impl Default for UiSection {
    fn default() -> Self {
        UiSection { language: Language::En, bell: true }
    }
}

fn default_currency() -> Currency {
    Currency::UAH
}

impl ShopConfig {
    /// Parses and checks `opdesk.toml`; errors name the file and what is wrong, and are
    /// configuration errors (exit 2).
    pub fn parse(file: &ConfigFile) -> Result<ShopConfig> {
        ShopConfig::parse_checked(file).map_err(super::config_error)
    }

    fn parse_checked(file: &ConfigFile) -> Result<ShopConfig> {
        let name = file.display_name();
        let config: ShopConfig = toml::from_str(&file.text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let mut seen = std::collections::HashSet::new();
        for op in &config.operators {
            if op.login.trim().is_empty() || op.login.chars().any(char::is_whitespace) {
                bail!("{name}: operator login {:?} must be one word", op.login);
            }
            if !seen.insert(op.login.as_str()) {
                bail!("{name}: operator {:?} is listed twice", op.login);
            }
            if op.roles.is_empty() {
                bail!(
                    "{name}: operator {:?} has no roles (any of operator, duty, mentor, supervisor, supervip)",
                    op.login
                );
            }
        }
        if config.shop.free_delivery_from < 0 {
            bail!("{name}: [shop] free_delivery_from must not be negative");
        }
        for (key, value) in [
            ("phone_country_code", &config.shop.phone_country_code),
            ("phone_trunk_prefix", &config.shop.phone_trunk_prefix),
        ] {
            if !value.chars().all(|c| c.is_ascii_digit()) {
                bail!("{name}: [shop] {key} {value:?} must be digits only (e.g. \"380\" and \"0\")");
            }
        }
        Ok(config)
    }

    pub fn operator(&self, login: &str) -> Option<&Operator> {
        self.operators.iter().find(|o| o.login == login)
    }

    /// Who is at the keyboard: `--as LOGIN`, else `$OPDESK_OPERATOR`, else the OS login when it
    /// is configured. Anything else is refused with the way to fix it.
    pub fn identify(
        &self,
        explicit: Option<&str>,
        env_operator: Option<&str>,
        os_login: Option<&str>,
    ) -> Result<&Operator> {
        let known = || self.operators.iter().map(|o| o.login.as_str()).collect::<Vec<_>>().join(", ");
        let how = "add an [[operator]] entry with login, name and roles to opdesk.toml \
                   (in your config folder or --config DIR)";
        if let Some((login, source)) = explicit
            .map(|l| (l, "--as"))
            .or_else(|| env_operator.filter(|l| !l.is_empty()).map(|l| (l, "OPDESK_OPERATOR")))
        {
            return self.operator(login).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown operator {login:?} (from {source}); configured: {}; to add one, {how}",
                    known()
                )
            });
        }
        match os_login.and_then(|l| self.operator(l)) {
            Some(op) => Ok(op),
            None => bail!(
                "who is at the desk? pass --as LOGIN or set OPDESK_OPERATOR{}; configured: {}; to add one, {how}",
                os_login.map(|l| format!(" (your OS login {l:?} is not configured)")).unwrap_or_default(),
                known()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigDirs, Origin};

    fn default_shop() -> ShopConfig {
        ShopConfig::parse(&ConfigDirs::embedded_only().config_file("opdesk.toml").unwrap()).unwrap()
    }

    fn file(text: &str) -> ConfigFile {
        ConfigFile {
            name: "opdesk.toml".into(),
            origin: Origin::File("/tmp/x/opdesk.toml".into()),
            text: text.into(),
        }
    }

    #[test]
    fn the_default_shop_has_one_operator_per_role() {
        use crate::domain::{Role, Vocabulary};
        let shop = default_shop();
        // The intake (`feed`) is an account each shop sets up for its site; the demo's feed is
        // the shop itself (`session::feed`).
        for role in Role::ALL.iter().filter(|r| **r != Role::Feed) {
            assert!(shop.operators.iter().any(|o| o.has(*role)), "no operator with role {role}");
        }
    }

    #[test]
    fn a_phone_dialled_at_home_is_searched_by_its_international_digits() {
        let shop = default_shop().shop;
        assert_eq!(shop.international_phone("067 123-45"), "3806712345");
        assert_eq!(shop.international_phone("0671"), "380671");
        assert_eq!(shop.international_phone("+380671"), "+380671", "already international");
        assert_eq!(shop.international_phone("380671"), "380671");
        assert_eq!(shop.international_phone("SITE-0101"), "SITE-0101", "an id stays");
        assert_eq!(shop.international_phone("Бондар"), "Бондар");
        assert_eq!(shop.international_phone("0"), "0", "nothing after the prefix");
        let bad = file("[shop]\nname = \"X\"\nphone_country_code = \"+7\"\n");
        assert!(ShopConfig::parse(&bad).unwrap_err().to_string().contains("phone_country_code"));
    }

    #[test]
    fn identity_prefers_as_then_env_then_os_login() {
        let shop = default_shop();
        assert_eq!(shop.identify(Some("ivan"), Some("olena"), Some("taras")).unwrap().login, "ivan");
        assert_eq!(shop.identify(None, Some("olena"), Some("taras")).unwrap().login, "olena");
        assert_eq!(shop.identify(None, None, Some("taras")).unwrap().login, "taras");
    }

    #[test]
    fn an_unknown_login_is_refused_with_the_way_to_configure_one() {
        let shop = default_shop();
        let err = shop.identify(Some("vasyl"), None, None).unwrap_err().to_string();
        assert!(err.contains("\"vasyl\"") && err.contains("--as") && err.contains("[[operator]]"), "{err}");
        assert!(err.contains("olena"), "lists the configured logins: {err}");
        let err = shop.identify(None, None, Some("root")).unwrap_err().to_string();
        assert!(err.contains("\"root\" is not configured"), "{err}");
    }

    #[test]
    fn a_typo_in_the_shop_file_is_an_error_naming_the_file() {
        let err =
            ShopConfig::parse(&file("[shop]\nname = \"X\"\nfree_delivery = 5\n")).unwrap_err().to_string();
        assert!(err.contains("/tmp/x/opdesk.toml") && err.contains("free_delivery"), "{err}");
    }

    #[test]
    fn an_unknown_role_is_an_error() {
        let text = "[shop]\nname = \"X\"\n[[operator]]\nlogin = \"a\"\nname = \"A B\"\nroles = [\"boss\"]\n";
        let err = ShopConfig::parse(&file(text)).unwrap_err().to_string();
        assert!(err.contains("boss") && err.contains("supervisor"), "{err}");
    }

    #[test]
    fn the_shop_keeps_kyiv_time_with_summer_time() {
        let shop = default_shop();
        let winter = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:30:00Z").unwrap().to_utc();
        let summer = chrono::DateTime::parse_from_rfc3339("2026-07-01T12:30:00Z").unwrap().to_utc();
        assert_eq!(shop.shop.offset_at(winter).local_minus_utc(), 2 * 3600);
        assert_eq!(shop.shop.offset_at(summer).local_minus_utc(), 3 * 3600);
        let err =
            ShopConfig::parse(&file("[shop]\nname = \"X\"\ntime_zone = \"Mars/Olympus\"\n")).unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    }

    #[test]
    fn a_duplicate_login_is_an_error() {
        let op = "[[operator]]\nlogin = \"a\"\nname = \"A B\"\nroles = [\"operator\"]\n";
        let err =
            ShopConfig::parse(&file(&format!("[shop]\nname = \"X\"\n{op}{op}"))).unwrap_err().to_string();
        assert!(err.contains("listed twice"), "{err}");
    }
}
