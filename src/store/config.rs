//! A shared store's configuration: every file the desk reads (operators, rules, scripts,
//! discounts, keymap), kept in the store in numbered versions. The newest is in force; older
//! ones stay, so an audit entry's rules can be found again and `rules replay` can compare.

use super::{Result, Tx};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// One applied version of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConfigVersion {
    pub version: i64,
    pub applied_at: String,
    pub applied_by: String,
    pub digest: String,
}

impl Tx<'_> {
    /// Adds a version with all of `files` (name → text); returns its number.
    pub fn add_config_version(
        &self,
        files: &BTreeMap<String, String>,
        applied_at: &str,
        applied_by: &str,
        digest: &str,
    ) -> Result<i64> {
        let version: i64 =
            self.conn
                .query_row("SELECT coalesce(max(version), 0) + 1 FROM config_versions", [], |r| r.get(0))?;
        self.conn.execute(
            "INSERT INTO config_versions (version, applied_at, applied_by, digest) VALUES (?1, ?2, ?3, ?4)",
            params![version, applied_at, applied_by, digest],
        )?;
        let mut insert =
            self.conn.prepare_cached("INSERT INTO config_files (version, name, text) VALUES (?1, ?2, ?3)")?;
        for (name, text) in files {
            insert.execute(params![version, name, text])?;
        }
        Ok(version)
    }

    /// The newest version and its files, if any was applied.
    pub fn config_in_force(&self) -> Result<Option<(ConfigVersion, BTreeMap<String, String>)>> {
        let newest: Option<i64> = self
            .conn
            .query_row("SELECT max(version) FROM config_versions", [], |r| r.get(0))
            .optional()?
            .flatten();
        match newest {
            Some(v) => self.config_version(v),
            None => Ok(None),
        }
    }

    /// Version `version` and its files.
    pub fn config_version(&self, version: i64) -> Result<Option<(ConfigVersion, BTreeMap<String, String>)>> {
        let head = self
            .conn
            .query_row(
                "SELECT version, applied_at, applied_by, digest FROM config_versions WHERE version = ?1",
                [version],
                |r| {
                    Ok(ConfigVersion {
                        version: r.get(0)?,
                        applied_at: r.get(1)?,
                        applied_by: r.get(2)?,
                        digest: r.get(3)?,
                    })
                },
            )
            .optional()?;
        let Some(head) = head else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached("SELECT name, text FROM config_files WHERE version = ?1")?;
        let files = stmt
            .query_map([version], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()?;
        Ok(Some((head, files)))
    }

    /// Every version, oldest first.
    pub fn config_versions(&self) -> Result<Vec<ConfigVersion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, applied_at, applied_by, digest FROM config_versions ORDER BY version",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ConfigVersion {
                version: r.get(0)?,
                applied_at: r.get(1)?,
                applied_by: r.get(2)?,
                digest: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use std::collections::BTreeMap;

    #[test]
    fn the_newest_version_is_in_force_and_versions_never_change() {
        let mut store = Store::in_memory().unwrap();
        assert!(store.read().config_in_force().unwrap().is_none());
        let mut files = BTreeMap::from([("rules.toml".to_owned(), "one".to_owned())]);
        store.write(|tx| tx.add_config_version(&files, "2026-12-02T08:00:00+02:00", "iryna", "d1")).unwrap();
        files.insert("rules.toml".into(), "two".into());
        let v = store
            .write(|tx| tx.add_config_version(&files, "2026-12-02T09:00:00+02:00", "iryna", "d2"))
            .unwrap();
        assert_eq!(v, 2);
        let (head, now) = store.read().config_in_force().unwrap().unwrap();
        assert_eq!((head.version, now["rules.toml"].as_str()), (2, "two"));
        assert_eq!(store.read().config_version(1).unwrap().unwrap().1["rules.toml"], "one");
        let changed = store.write(|tx| -> crate::store::Result<usize> {
            Ok(tx.conn.execute("UPDATE config_files SET text = 'x' WHERE version = 1", [])?)
        });
        assert!(changed.is_err(), "a version is never changed");
    }
}
