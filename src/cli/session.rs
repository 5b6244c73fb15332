//! Everything a command needs before it runs: the configuration, the store, the clock and who
//! is at the keyboard, built from the global options and the environment.

use super::Global;
use crate::config::{ConfigDirs, ShopConfig, default_store_path};
use crate::desk::Desk;
use crate::domain::{Clock, FixedClock, OffsetClock, Operator, SystemClock};
use crate::pricing::DiscountTable;
use crate::store::Store;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
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
        let shop = ShopConfig::parse(&config.config_file("opdesk.toml")?)?;
        let path = match &global.db {
            Some(p) => p.clone(),
            None => default_store_path(demo)?,
        };
        let store = Store::open(&path).with_context(|| format!("opening the store {}", path.display()))?;
        let clock = clock(demo)?;
        let env_operator = std::env::var("OPDESK_OPERATOR").ok();
        let os_login = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).ok();
        let identity = shop
            .identify(global.as_login.as_deref(), env_operator.as_deref(), os_login.as_deref())
            .cloned()
            .map_err(|e| e.to_string());
        let discounts_file = config.config_file("discounts.toml")?;
        let discounts = DiscountTable::from_toml(&discounts_file.display_name(), &discounts_file.text)?;
        Ok(Session { desk: Desk::new(store, shop, clock).with_discounts(discounts), config, identity })
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

/// `OPDESK_NOW` fixes the clock; the demo runs from its own date; otherwise the system clock.
fn clock(demo: bool) -> Result<Arc<dyn Clock>> {
    if let Ok(text) = std::env::var("OPDESK_NOW") {
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
