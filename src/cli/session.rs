//! Everything a command needs before it runs: the configuration, the store, the clock and who
//! is at the keyboard, built from the global options and the environment.

use super::Global;
use crate::config::{ConfigDirs, ShopConfig, default_store_path};
use crate::desk::Desk;
use crate::domain::{Clock, FixedClock, OffsetClock, Operator, SystemClock};
use crate::domain::{Language, Vocabulary};
use crate::policy::Policy;
use crate::pricing::DiscountTable;
use crate::scripts::ScriptLibrary;
use crate::store::Store;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

/// The moment the demo shop lives at (its orders are dated around it).
pub const DEMO_NOW: &str = "2026-11-23T14:30:00+02:00";

/// The demo shop, embedded.
pub const DEMO_SHOP: &str = include_str!("../../assets/demo/shop.json");

/// An open desk and the acting operator (when one could be identified).
pub struct Session {
    pub desk: Desk,
    pub config: ConfigDirs,
    identity: Result<Operator, String>,
}

impl Session {
    /// Opens the store (`--db`, else the default for the demo or the shop) with the config.
    pub fn open(global: &Global, demo: bool) -> Result<Session> {
        let config = ConfigDirs::resolve(global.config.as_deref())?;
        // The configuration is checked before the store is touched: a broken rules file must
        // not leave a half-created store behind.
        let path = match &global.db {
            Some(p) => p.clone(),
            None => default_store_path(demo)?,
        };
        let parts = DeskParts::load(&config)?;
        let store = Store::open(&path).with_context(|| format!("opening the store {}", path.display()))?;
        let desk = parts.assemble(store, clock(demo)?);
        let env_operator = std::env::var("OPDESK_OPERATOR").ok();
        let os_login = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).ok();
        let identity = desk
            .shop()
            .identify(global.as_login.as_deref(), env_operator.as_deref(), os_login.as_deref())
            .cloned()
            .map_err(|e| e.to_string());
        Ok(Session { desk, config, identity })
    }

    /// The acting operator, or the reason none could be identified.
    pub fn actor(&self) -> Result<Operator> {
        self.identity.clone().map_err(super::usage)
    }

    /// The acting operator, or the feed itself for unattended imports.
    pub fn actor_or_feed(&self) -> Operator {
        self.identity.clone().unwrap_or_else(|_| Operator {
            login: "feed".into(),
            name: "Incoming feed".into(),
            roles: vec![],
            language: None,
        })
    }

    /// Loads the demo shop into an empty store; returns whether it did.
    pub fn seed_demo(&mut self) -> Result<bool> {
        if self.desk.store().read().count_orders(&Default::default())? > 0 {
            return Ok(false);
        }
        let feed = self.actor_or_feed();
        self.desk.import_from(
            &feed,
            &PathBuf::from("demo/shop.json"),
            crate::import::Format::Json,
            DEMO_SHOP.as_bytes(),
        )?;
        Ok(true)
    }
}

/// Everything a desk is made of apart from the store and the clock, loaded and checked.
struct DeskParts {
    shop: ShopConfig,
    discounts: DiscountTable,
    policy: Policy,
    scripts: ScriptLibrary,
}

impl DeskParts {
    fn load(config: &ConfigDirs) -> Result<DeskParts> {
        let shop = ShopConfig::parse(&config.config_file("opdesk.toml")?)?;
        let discounts_file = config.config_file("discounts.toml")?;
        let discounts = DiscountTable::from_toml(&discounts_file.display_name(), &discounts_file.text)?;
        let policy = load_policy(config)?;
        let scripts = load_scripts(config, &policy)?;
        Ok(DeskParts { shop, discounts, policy, scripts })
    }

    fn assemble(self, store: Store, clock: Arc<dyn Clock>) -> Desk {
        Desk::new(store, self.shop, clock, self.policy)
            .with_discounts(self.discounts)
            .with_scripts(self.scripts)
    }
}

/// A desk on `store` with the configuration of `config` (rules, discounts, scripts, shop):
/// what the command line opens, for tests and tools that bring their own store and clock.
pub fn build_desk(config: &ConfigDirs, store: Store, clock: Arc<dyn Clock>) -> Result<Desk> {
    Ok(DeskParts::load(config)?.assemble(store, clock))
}

/// The rules in force: `rules.toml` (the user's copy over the built-in). A broken file stops
/// the program here, naming the file, the rule and the expression.
pub fn load_policy(config: &ConfigDirs) -> Result<Policy> {
    let file = config.config_file("rules.toml")?;
    Ok(Policy::load(&[(file.display_name(), file.text)])?)
}

/// The script library: `scripts/situations.toml`, `scripts/words.toml` and a text per
/// situation per language, each file overridable. Checked against the rules' facts.
pub fn load_scripts(config: &ConfigDirs, policy: &Policy) -> Result<ScriptLibrary> {
    let source = |name: &str| -> Result<(String, String)> {
        let file = config.asset_file(name)?;
        Ok((file.display_name(), file.text))
    };
    let mut texts = BTreeMap::new();
    for language in Language::ALL {
        for name in config.asset_names(&format!("scripts/{language}")) {
            let stem = Path::new(&name).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            texts.insert((*language, stem), source(&name)?);
        }
    }
    let index = source("scripts/situations.toml")?;
    let words = source("scripts/words.toml")?;
    Ok(ScriptLibrary::load(policy, &index, &words, &texts)?)
}

/// `OPDESK_NOW` fixes the clock; the demo runs from its own date; otherwise the system clock.
fn clock(demo: bool) -> Result<Arc<dyn Clock>> {
    let fixed = match std::env::var("OPDESK_NOW") {
        Ok(text) => Some(text),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(super::usage(format!(
                "OPDESK_NOW is not UTF-8 text; give an RFC 3339 time like {DEMO_NOW}"
            )));
        }
    };
    if let Some(text) = fixed {
        let at = DateTime::parse_from_rfc3339(&text).map_err(|e| {
            super::usage(format!("OPDESK_NOW={text:?} is not an RFC 3339 time like {DEMO_NOW}: {e}"))
        })?;
        return Ok(Arc::new(FixedClock(at.with_timezone(&Utc))));
    }
    if demo {
        let start = DateTime::parse_from_rfc3339(DEMO_NOW).context("the demo's own date")?;
        return Ok(Arc::new(OffsetClock::starting_at(start.with_timezone(&Utc))));
    }
    Ok(Arc::new(SystemClock))
}
