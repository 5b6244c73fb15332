//! Everything a front end needs before it runs: the configuration, the store, the clock and who
//! is at the keyboard, built from the options it was started with and the environment.
//!
//! Neutral ground between the front ends: the command line, the workstation and the tools that
//! open a desk of their own (tests, benchmarks) all start here, so none of them depends on
//! another, and identity and configuration are settled the same way for each.

use crate::config::{ConfigDirs, ShopConfig, StoredConfig, default_store_path};
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
pub const DEMO_SHOP: &str = include_str!("../assets/demo/shop.json");

/// A setgid opdesk's first step (see [`crate::shared::set_group_aside`]).
pub fn set_group_aside() -> Result<(), crate::shared::SharedError> {
    crate::shared::set_group_aside()
}

/// Runs `work` with the operator's own rights (a file or folder they named is opened as they
/// could open it). See [`crate::shared::as_user`].
pub fn as_user<T>(work: impl FnOnce() -> T) -> Result<T> {
    crate::shared::as_user(work).map_err(|e| usage(e.0))
}

/// The configuration in folder `dir`, read with the operator's own rights and checked whole:
/// a candidate for `config apply` or `rules replay --candidate`.
pub fn candidate_config(dir: &Path) -> Result<(ConfigDirs, std::collections::BTreeMap<String, String>)> {
    let files = as_user(|| -> Result<_> { ConfigDirs::resolve(Some(dir))?.all_files() })??;
    let config = ConfigDirs::from_store(StoredConfig { version: 0, files: Arc::new(files.clone()) });
    check_config(&config)?;
    Ok((config, files))
}

/// Bad input or usage when starting (an unknown operator, an unreadable `OPDESK_NOW`): the
/// command line's exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub(crate) fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// What a front end was started with: where the store and the configuration are, who claims
/// to be at the keyboard, the language asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The store file; the platform's default for the shop or the demo when absent.
    pub db: Option<PathBuf>,
    /// A folder whose files override the built-in configuration, file by file.
    pub config: Option<PathBuf>,
    /// The operator asked for (`--as`); else `$OPDESK_OPERATOR`, else the OS login.
    pub as_login: Option<String>,
    /// The interface language asked for, over the operator's own and the shop's.
    pub lang: Option<Language>,
    /// Whether a missing store is made (`init`, `import`, the demo); otherwise a missing store
    /// is reported with the way to make one, instead of an empty desk appearing.
    pub create: bool,
}

/// An open desk and the acting operator (when one could be identified).
pub struct Session {
    pub desk: Desk,
    pub config: ConfigDirs,
    identity: Result<Operator, String>,
    /// The interface language asked for at start, if any.
    pub lang: Option<Language>,
    shared: bool,
}

/// The `meta` key that marks a shared store, holding its group's name.
pub const SHARED_GROUP: &str = "shared_group";
/// The `meta` key of a shared store's random id (its checkpoints name it).
pub const STORE_ID: &str = "store_id";
/// The `meta` key holding the store's id sealed with its audit key: proof that the key found
/// beside the store is the one `init --shared` made for it.
pub const KEY_CHECK: &str = "key_check";

/// The text sealed into [`KEY_CHECK`].
pub fn key_check_text(store_id: &str) -> String {
    format!("opdesk-audit-key\x1f{store_id}")
}
/// The `meta` key of a store with the demo shop: the demo time it was left at. Every desk on
/// it, the workstation and the command line alike, runs on from there, so the demo's orders
/// are as late as the demo's day says, not as the real calendar does.
const DEMO_CLOCK: &str = crate::desk::DEMO_CLOCK;

/// Opens (or creates) the store at `path`; a path that is no store is bad input.
fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).map_err(|e| {
        let context = format!("opening the store {}", path.display());
        // A path that is no store (a directory, another program's database) is bad input.
        if e.is_bad_input() {
            usage(format!("{context}: {e}"))
        } else {
            anyhow::Error::new(e).context(context)
        }
    })
}

impl Session {
    /// Opens the store (`--db`, else the default for the demo or the shop) with the config.
    /// A shared store (`init --shared`) brings its own configuration and says who is at the
    /// keyboard from the kernel: see [`Session::open_shared`].
    pub fn open(options: &Options, demo: bool) -> Result<Session> {
        let path = match &options.db {
            Some(p) => p.clone(),
            // On a machine with a shared desk, that is the desk.
            None if !demo && Path::new(SHARED_STORE).parent().is_some_and(Path::is_dir) => {
                PathBuf::from(SHARED_STORE)
            }
            None => default_store_path(demo)?,
        };
        // A store in a shared store's folder, with its modes, is opened with the store's group;
        // anything else with the operator's own rights alone (a setgid opdesk gives the group
        // up for good first), so a personal store, a --config folder or a link is no way in.
        if let Some(verified) = crate::shared::verify(&path) {
            crate::shared::enter(&verified).map_err(|e| usage(e.0))?;
            let store = open_store(&verified.path)?;
            return match store.read().meta(SHARED_GROUP)? {
                Some(group) => Session::open_shared(options, store, &group, &verified),
                None => Err(usage(format!(
                    "{} sits in a shared store's folder but is no shared store; nothing was done",
                    path.display()
                ))),
            };
        }
        crate::shared::give_group_up().map_err(|e| usage(e.0))?;
        if path.is_file() {
            let store = open_store(&path)?;
            if store.read().meta(SHARED_GROUP)?.is_some() {
                return Err(usage(format!(
                    "{} is a shared store whose folder or files are not as `init --shared` left them \
                     (folder 2770 and files 0660 of its group, no folder above writable by others), \
                     or opdesk is not installed setgid to its group; nothing was done",
                    path.display()
                )));
            }
            let config = ConfigDirs::resolve(options.config.as_deref())?;
            let demo_at = store.read().meta(DEMO_CLOCK)?;
            let clock = clock(demo, demo_at.as_deref())?;
            let desk = DeskParts::load(&config)?.assemble(store, clock);
            let mut session = Session::personal(desk, config, options)?;
            if demo_at.is_some() && std::env::var_os("OPDESK_NOW").is_none() {
                session.desk.keep_demo_time_at_the_end();
            }
            return Ok(session);
        }
        // The configuration is checked before the store is made: a broken rules file must not
        // leave a half-created store behind.
        let config = ConfigDirs::resolve(options.config.as_deref())?;
        let parts = DeskParts::load(&config)?;
        let clock = clock(demo, None)?;
        if !options.create && !demo && !path.exists() {
            return Err(usage(format!(
                "there is no store at {}: make one with `opdesk init` (or `opdesk init --demo` for the \
                 demo shop, `opdesk demo` to try it), or give --db PATH",
                path.display()
            )));
        }
        let desk = parts.assemble(open_store(&path)?, clock);
        Session::personal(desk, config, options)
    }

    /// A personal or demo store: whoever `--as`, `$OPDESK_OPERATOR` or the OS login names.
    /// A login named outright (`--as`, `$OPDESK_OPERATOR`) that is no operator is refused when
    /// it is used, and written to the audit now: every attempt is in the trail.
    fn personal(mut desk: Desk, config: ConfigDirs, options: &Options) -> Result<Session> {
        let env_operator = std::env::var("OPDESK_OPERATOR").ok().filter(|l| !l.is_empty());
        let os_login = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).ok();
        let identity = desk
            .shop()
            .identify(options.as_login.as_deref(), env_operator.as_deref(), os_login.as_deref())
            .cloned()
            .map_err(|e| e.to_string());
        if let (Err(reason), Some(claimed)) =
            (&identity, options.as_login.as_deref().or(env_operator.as_deref()))
        {
            let account = os_login.as_deref().unwrap_or("?");
            desk.record_sign_in_refusal(account, Some(claimed), reason)?;
        }
        Ok(Session { desk, config, identity, lang: options.lang, shared: false })
    }

    /// A shared store: its own configuration (no `--config`), the machine's clock (no
    /// `OPDESK_NOW`), and the operator whose OS account the kernel names (no `--as` for anyone
    /// else). Every refusal here is written to the audit before it is reported.
    fn open_shared(
        options: &Options,
        mut store: Store,
        group: &str,
        verified: &crate::shared::Verified,
    ) -> Result<Session> {
        store.set_audit_key(crate::shared::read_key(verified, group).map_err(|e| usage(e.0))?);
        // The key must be this store's own: one planted beside a link to the store would seal
        // entries nobody could later tell from forgeries.
        let id = store.read().meta(STORE_ID)?.unwrap_or_default();
        let check = store.read().meta(KEY_CHECK)?;
        if check.is_none() || check != store.read().seal(&key_check_text(&id)) {
            return Err(usage(format!(
                "the audit key beside {} is not this store's own; nothing was done",
                verified.path.display()
            )));
        }
        let (version, files) = store.read().config_in_force()?.ok_or_else(|| {
            usage(format!("the shared store {} holds no configuration", store.path().display()))
        })?;
        let config =
            ConfigDirs::from_store(StoredConfig { version: version.version, files: Arc::new(files) });
        let mut desk = DeskParts::load(&config)?.assemble(store, Arc::new(SystemClock));
        let account = crate::shared::os_account().map_err(|e| usage(e.0))?;
        let claimed = options
            .as_login
            .clone()
            .or_else(|| std::env::var("OPDESK_OPERATOR").ok().filter(|l| !l.is_empty()));
        let operator = desk.shop().operators.iter().find(|o| o.os_account() == account).cloned();
        let refusal = if options.config.is_some() {
            Some(
                "--config is refused on a shared desk: its configuration is the store's \
                  (a supervisor changes it with `opdesk config apply DIR`)"
                    .to_owned(),
            )
        } else if std::env::var_os("OPDESK_NOW").is_some() {
            Some("OPDESK_NOW is refused on a shared desk: it runs on the machine's clock".to_owned())
        } else {
            match (&operator, &claimed) {
                (None, _) => Some(format!(
                    "the OS account {account:?} is no operator of this desk (the head of sales adds \
                     `os_user = \"{account}\"` to an [[operator]]: opdesk config export DIR, edit, config apply DIR)"
                )),
                (Some(op), Some(other)) if *other != op.login => Some(format!(
                    "you are {} (OS account {account:?}); acting as {other:?} is refused on a shared desk",
                    op.login
                )),
                _ => None,
            }
        };
        if let Some(reason) = refusal {
            desk.record_sign_in_refusal(&account, claimed.as_deref(), &reason)?;
            return Err(usage(reason));
        }
        let identity = operator.ok_or_else(|| "no operator".to_owned());
        Ok(Session { desk, config, identity, lang: options.lang, shared: true })
    }

    /// Whether this is a shared store (kernel identity, configuration and key in the store).
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// The acting operator, or the reason none could be identified.
    pub fn actor(&self) -> Result<Operator> {
        self.identity.clone().map_err(usage)
    }

    /// The acting operator, or — on a personal store only — the feed itself for unattended
    /// imports (a shared store always knows who is at the keyboard).
    pub fn actor_or_feed(&self) -> Operator {
        self.identity.clone().unwrap_or_else(|_| feed())
    }

    /// Who works at the workstation: the acting operator; the demo, which opens with no set-up,
    /// signs in as its first operator when nobody could be identified.
    pub fn workstation_actor(&self, demo: bool) -> Result<Operator> {
        match self.actor() {
            Ok(actor) => Ok(actor),
            Err(_) if demo => self.desk.shop().operators.first().cloned().context("no operators configured"),
            Err(e) => Err(e),
        }
    }

    /// The interface language: the one asked for, else the operator's own, else the shop's.
    pub fn language_for(&self, actor: &Operator) -> Language {
        self.lang.or(actor.language).unwrap_or(self.desk.shop().ui.language)
    }

    /// Loads the demo shop into an empty store; returns whether it did.
    pub fn seed_demo(&mut self) -> Result<bool> {
        if self.shared {
            return Err(usage(
                "a shared store's orders come from its feed; the demo shop is for a personal store",
            ));
        }
        if self.desk.has_orders()? {
            return Ok(false);
        }
        // The demo's orders come from the shop, not from whoever opened the demo.
        let feed = feed();
        self.desk.import_from(
            &feed,
            &PathBuf::from("demo/shop.json"),
            crate::import::Format::Json,
            DEMO_SHOP.as_bytes(),
        )?;
        // From now on every desk on this store runs on the demo's clock, from the demo's
        // morning on: the next one starts at the demo's own date.
        let start = DateTime::parse_from_rfc3339(DEMO_NOW).context("the demo's own date")?;
        self.desk.keep_demo_time(Some(start.to_utc()))?;
        Ok(true)
    }
}

/// The unattended feed of a personal store: the shop's intake, with the intake's role (also
/// what tests and benchmarks load their shops as).
pub fn feed() -> Operator {
    Operator {
        login: "feed".into(),
        name: "Incoming feed".into(),
        roles: vec![crate::domain::Role::Feed],
        language: None,
        os_user: None,
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

/// Loads and checks the whole configuration `config` names (shop, rules, discounts, scripts)
/// without opening a store: what `config apply` and `init --shared` check before taking it in.
pub fn check_config(config: &ConfigDirs) -> Result<()> {
    DeskParts::load(config).map(|_| ())
}

/// A shared store's folder, files and key modes, as `init --shared` sets them.
pub const SHARED_MODES: (u32, u32, u32) =
    (crate::shared::DIR_MODE, crate::shared::FILE_MODE, crate::shared::KEY_MODE);

/// Where a shared store lives unless `--db` says otherwise.
pub const SHARED_STORE: &str = "/var/lib/opdesk/opdesk.db";

/// What `init --shared` made.
#[derive(Debug, Clone)]
pub struct SharedInit {
    pub path: PathBuf,
    pub group: String,
    pub config: crate::desk::ConfigVersion,
    pub files: usize,
}

/// Creates a shared store for `group` (see [`crate::shared`]): its folder `2770`, its files
/// `0660`, a new audit key, and the configuration of `options.config` (or the built-in one)
/// taken in as version 1 after it was checked whole. Run by root or a member of the group.
/// Anything that fails removes what was made.
pub fn init_shared(options: &Options, group: &str) -> Result<SharedInit> {
    use crate::shared;
    if std::env::var_os("OPDESK_NOW").is_some() {
        return Err(usage("OPDESK_NOW is refused for a shared store: it runs on the machine's clock"));
    }
    let gid = shared::group(group).map_err(|e| usage(e.0))?;
    shared::may_administer(group, gid).map_err(|e| usage(e.0))?;
    let path = options.db.clone().unwrap_or_else(|| PathBuf::from(SHARED_STORE));
    let source = ConfigDirs::resolve(options.config.as_deref())?;
    let files = source.all_files()?;
    let config = ConfigDirs::from_store(StoredConfig { version: 1, files: Arc::new(files.clone()) });
    let parts = DeskParts::load(&config)?;
    let account = shared::os_account().map_err(|e| usage(e.0))?;
    let made_folder = shared::create(&path, gid).map_err(|e| usage(e.0))?;
    let made = (|| -> Result<crate::desk::ConfigVersion> {
        let key = shared::write_key(&path, gid).map_err(|e| usage(e.0))?;
        let mut store = open_store(&path)?;
        store.set_audit_key(key);
        let mut desk = parts.assemble(store, Arc::new(SystemClock));
        let version = desk.make_shared(group, &files, &account)?;
        drop(desk);
        shared::settle_files(&path, gid).map_err(|e| usage(e.0))?;
        Ok(version)
    })();
    match made {
        Ok(version) => Ok(SharedInit { path, group: group.to_owned(), config: version, files: files.len() }),
        Err(e) => {
            for suffix in ["", "-wal", "-shm", ".key"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
            if made_folder && let Some(dir) = path.parent() {
                let _ = std::fs::remove_dir(dir);
            }
            Err(e)
        }
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

/// `OPDESK_NOW` fixes the clock; a demo store runs on from the demo time it was left at
/// (`demo_at`), a new demo from its own date; otherwise the system clock.
fn clock(demo: bool, demo_at: Option<&str>) -> Result<Arc<dyn Clock>> {
    let fixed = match std::env::var("OPDESK_NOW") {
        Ok(text) => Some(text),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(usage(format!(
                "OPDESK_NOW is not UTF-8 text; give an RFC 3339 time like {DEMO_NOW}"
            )));
        }
    };
    if let Some(text) = fixed {
        let at = DateTime::parse_from_rfc3339(&text).map_err(|e| {
            usage(format!("OPDESK_NOW={text:?} is not an RFC 3339 time like {DEMO_NOW}: {e}"))
        })?;
        return Ok(Arc::new(FixedClock(at.with_timezone(&Utc))));
    }
    if let Some(at) = demo_at.and_then(|t| DateTime::parse_from_rfc3339(t).ok()) {
        return Ok(Arc::new(OffsetClock::starting_at(at.with_timezone(&Utc))));
    }
    if demo {
        let start = DateTime::parse_from_rfc3339(DEMO_NOW).context("the demo's own date")?;
        return Ok(Arc::new(OffsetClock::starting_at(start.with_timezone(&Utc))));
    }
    Ok(Arc::new(SystemClock))
}
