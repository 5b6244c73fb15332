//! Configuration: the shop, its operators and every file the desk reads (rules, scripts,
//! keymap, theme…). Defaults are embedded in the binary, so a bare binary works; a file of the
//! same name in the user's config folder, or in `--config DIR`, overrides its default one by one.

mod shop;

pub use shop::{ShopConfig, ShopSection, UiSection, day_start_in};

use anyhow::{Context, Result};
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};

/// The shipped defaults: `config/` and `assets/` of the source tree.
static DEFAULT_CONFIG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/config");
static DEFAULT_ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Where a configuration file came from, for messages ("rules.toml (embedded default)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    File(PathBuf),
    /// A shared store's configuration, of this version.
    Store(i64),
}

/// One configuration file's name, origin and text.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The relative name, e.g. `rules.toml` or `scripts/uk/confirmation.txt`.
    pub name: String,
    pub origin: Origin,
    pub text: String,
}

impl ConfigFile {
    /// The name to show in messages: the real path, or the name marked as the built-in default.
    pub fn display_name(&self) -> String {
        match &self.origin {
            Origin::Embedded => format!("{} (built-in default)", self.name),
            Origin::File(path) => path.display().to_string(),
            Origin::Store(version) => format!("{} (the store's configuration, version {version})", self.name),
        }
    }
}

/// The folders configuration is read from, most specific first.
#[derive(Debug, Clone)]
pub struct ConfigDirs {
    /// `--config DIR`, else the platform config folder (which may not exist).
    pub user: Option<PathBuf>,
    /// A shared store's own configuration; when present it is the only source besides the
    /// built-in defaults (no operator's folder is read).
    pub stored: Option<StoredConfig>,
}

/// The configuration kept in a shared store: one version's files by relative name.
#[derive(Debug, Clone)]
pub struct StoredConfig {
    pub version: i64,
    pub files: std::sync::Arc<std::collections::BTreeMap<String, String>>,
}

impl ConfigDirs {
    /// `--config DIR` when given (it must exist), else the platform's config folder.
    pub fn resolve(explicit: Option<&Path>) -> Result<ConfigDirs> {
        match explicit {
            Some(dir) => {
                if !dir.is_dir() {
                    return Err(config_error(anyhow::anyhow!("--config {}: no such folder", dir.display())));
                }
                Ok(ConfigDirs { user: Some(dir.to_owned()), stored: None })
            }
            None => Ok(ConfigDirs { user: platform_dirs().map(|d| d.config_dir().to_owned()), stored: None }),
        }
    }

    /// Only the embedded defaults; for tests.
    pub fn embedded_only() -> ConfigDirs {
        ConfigDirs { user: None, stored: None }
    }

    /// A shared store's configuration over the built-in defaults.
    pub fn from_store(stored: StoredConfig) -> ConfigDirs {
        ConfigDirs { user: None, stored: Some(stored) }
    }

    /// Every file the desk reads, by relative name, as this configuration has it: what a shared
    /// store takes in at `init --shared` and `config apply`, and `config export` writes out.
    /// (The demo shop's feed is data, not configuration.)
    pub fn all_files(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut out = std::collections::BTreeMap::new();
        for (defaults, config) in [(&DEFAULT_CONFIG, true), (&DEFAULT_ASSETS, false)] {
            let mut names = Vec::new();
            collect_names(defaults, &mut names);
            for name in names.into_iter().filter(|n| !n.starts_with("demo/")) {
                let file = if config { self.config_file(&name)? } else { self.asset_file(&name)? };
                out.insert(name, file.text);
            }
        }
        Ok(out)
    }

    /// A file from `config/` (user copy first, then the default).
    pub fn config_file(&self, name: &str) -> Result<ConfigFile> {
        self.lookup(name, name, &DEFAULT_CONFIG)
    }

    /// A file from `assets/`, e.g. `scripts/uk/confirmation.txt`.
    pub fn asset_file(&self, name: &str) -> Result<ConfigFile> {
        self.lookup(name, name, &DEFAULT_ASSETS)
    }

    /// The names of the default asset files under a folder, e.g. `scripts/uk`; a user's copy
    /// overrides a file, it does not add new ones the defaults do not know.
    pub fn asset_names(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = DEFAULT_ASSETS
            .get_dir(folder)
            .map(|d| d.files().map(|f| f.path().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    fn lookup(&self, name: &str, rel: &str, defaults: &Dir<'static>) -> Result<ConfigFile> {
        if let Some(stored) = &self.stored {
            if let Some(text) = stored.files.get(rel) {
                return Ok(ConfigFile {
                    name: name.to_owned(),
                    origin: Origin::Store(stored.version),
                    text: text.clone(),
                });
            }
        } else if let Some(dir) = &self.user {
            let path = dir.join(rel);
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                return Ok(ConfigFile { name: name.to_owned(), origin: Origin::File(path), text });
            }
        }
        let file = defaults.get_file(rel).with_context(|| format!("no built-in default named {rel}"))?;
        let text =
            file.contents_utf8().with_context(|| format!("the built-in {rel} is not UTF-8"))?.to_owned();
        Ok(ConfigFile { name: name.to_owned(), origin: Origin::Embedded, text })
    }
}

/// The names of every file under `dir`, relative to the root of the embedded tree.
fn collect_names(dir: &Dir<'static>, out: &mut Vec<String>) {
    for file in dir.files() {
        out.push(file.path().to_string_lossy().into_owned());
    }
    for sub in dir.dirs() {
        collect_names(sub, out);
    }
}

/// The platform's folders for opdesk (`~/.config/opdesk`, `~/.local/share/opdesk` on Linux).
/// A configuration file (or folder) that cannot be used: exit 2, like any bad input. Wraps the
/// loader's own message, which names the file and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
pub struct ConfigError(pub anyhow::Error);

/// `e` marked as a configuration error (once).
pub fn config_error(e: anyhow::Error) -> anyhow::Error {
    if e.is::<ConfigError>() { e } else { ConfigError(e).into() }
}

pub fn platform_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "opdesk")
}

/// Where the store lives unless `--db` says otherwise; `demo.db` for the demo shop.
pub fn default_store_path(demo: bool) -> Result<PathBuf> {
    let dirs = platform_dirs().context("cannot find a home folder for the store; pass --db PATH")?;
    Ok(dirs.data_dir().join(if demo { "demo.db" } else { "opdesk.db" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_are_found() {
        let dirs = ConfigDirs::embedded_only();
        let shop = dirs.config_file("opdesk.toml").unwrap();
        assert_eq!(shop.origin, Origin::Embedded);
        assert!(shop.text.contains("[shop]"));
        assert!(dirs.asset_names("scripts/uk").iter().any(|n| n.ends_with("confirmation.txt")));
    }

    #[test]
    fn a_user_folder_overrides_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("opdesk.toml"), "[shop]\nname = \"Mine\"\n").unwrap();
        let dirs = ConfigDirs::resolve(Some(dir.path())).unwrap();
        let shop = dirs.config_file("opdesk.toml").unwrap();
        assert!(matches!(shop.origin, Origin::File(_)));
        assert!(shop.text.contains("Mine"));
        // A file the folder lacks still comes from the defaults.
        let script = dirs.asset_file("scripts/uk/confirmation.txt").unwrap();
        assert_eq!(script.origin, Origin::Embedded);
    }

    #[test]
    fn a_missing_config_folder_is_an_error() {
        let err = ConfigDirs::resolve(Some(Path::new("/no/such/opdesk-config"))).unwrap_err();
        assert!(err.to_string().contains("/no/such/opdesk-config"));
    }
}
