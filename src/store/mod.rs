//! The SQLite store: one file, WAL mode, numbered migrations. Everything here is plain data in
//! and out; the rules live in `policy` and the use cases in `desk`.
//!
//! Several desks (separate processes) share one file, so every write runs in an `IMMEDIATE`
//! transaction with a generous busy timeout: a writer waits its turn instead of failing with
//! "database is locked", and readers never block because of WAL.

mod audit;
mod catalog;
mod config;
mod handoffs;
mod migrations;
mod orders;
mod queue;
mod records;
mod report;
mod site_errors;
mod tasks;
mod text;
mod wishes;

pub use audit::{AuditEntry, AuditRecord, ChainBreak, Checkpoint};
pub use catalog::CustomerOrder;
pub use config::ConfigVersion;
pub use handoffs::{Handoff, Shift};
pub use orders::{EditLine, OrderEdit, OrderQuery, OrderRow, OrderWrite, Sort};
pub use records::{Appeal, Callback, LedgerLine, LedgerWrite};
pub use report::{Arrival, OrderBrief, StatusCount};
pub use site_errors::{Escalation, SiteErrorReport};
pub use tasks::QuestionRecord;
pub use text::TEXT_COUNT_CAP;
pub use wishes::WishRecord;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The page cache per connection, in KiB: enough for a desk's windows; the OS keeps the rest of
/// the file cached, so a smaller cache costs little and keeps a desk's memory flat however big
/// the store grows.
const CACHE_KIB: i64 = 8 * 1024;

/// The page cache while a bulk write (an import) runs, in KiB. A large import touches every
/// index of `orders`; with a small cache the pages spill to the WAL and are read back
/// mid-transaction (measured: 10× slower).
const BULK_CACHE_KIB: i64 = 48 * 1024;

/// Prepared statements kept per connection (rusqlite's default is 16).
const STATEMENT_CACHE: usize = 128;

/// `PRAGMA application_id` of an opdesk store: "OPDS" in ASCII. SQLite keeps it in the file's
/// header (offset 68), where `file(1)` and other programs read which program a file is for.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"OPDS");

/// The tables every opdesk store has had since schema 1: how a store made before the
/// application id was written is recognised.
const FIRST_TABLES: [&str; 8] =
    ["products", "customers", "customer_events", "orders", "order_items", "comments", "audit", "meta"];

/// What can go wrong with the store, told apart where a caller must react differently.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store {path} was written by a newer opdesk (schema {found}, this build knows {known}); upgrade opdesk"
    )]
    NewerSchema { path: PathBuf, found: usize, known: usize },
    #[error(
        "{} is not an opdesk store (not a SQLite database, or damaged): {reason}",
        named(path, "the store")
    )]
    NotAStore { path: PathBuf, reason: String },
    #[error(
        "{} is another program's SQLite database ({what}); opdesk leaves it untouched: give --db a new file or an opdesk store",
        named(path, "the store")
    )]
    Foreign { path: PathBuf, what: String },
    #[error("{} is {what}", named(path, "the store"))]
    NotAFile { path: PathBuf, what: String },
    #[error("{} is read-only: {reason}", named(path, "the store"))]
    ReadOnly { path: PathBuf, reason: String },
    #[error("the store is busy: another desk held it for over {} s; try again", BUSY_TIMEOUT.as_secs())]
    Busy,
    #[error("the disk holding the store is full")]
    DiskFull,
    #[error("order {0} changed since it was read; reload and try again")]
    Stale(String),
    /// A shared store's audit entry dated before the last one: its clock went back.
    #[error(
        "the audit's last entry is dated {last}; an entry dated {at} would go back in time (is the clock right?)"
    )]
    Backdated { last: String, at: String },
    #[error("store: {0}")]
    Sqlite(rusqlite::Error),
    #[error("its schema {found} could not be brought up to date: {reason}")]
    Migration { path: PathBuf, found: usize, reason: String },
}

/// The store's path in a message, or `fallback` where an error arose without it.
fn named(path: &Path, fallback: &str) -> String {
    if path.as_os_str().is_empty() { fallback.to_owned() } else { format!("the store {}", path.display()) }
}

/// Every SQLite error is classified, wherever it arises: a disk that fills up in the middle of an
/// import is [`StoreError::DiskFull`], not a generic failure.
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::classify(err, Path::new(""))
    }
}

impl StoreError {
    /// The path given is no store at all (a directory, another program's database): the
    /// caller's mistake, not a failure of the store.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, StoreError::Foreign { .. } | StoreError::NotAFile { .. })
    }

    /// Classifies a raw SQLite error into the cases callers act on.
    fn classify(err: rusqlite::Error, path: &Path) -> StoreError {
        use rusqlite::ErrorCode as C;
        match err.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => {
                StoreError::ReadOnly { path: path.to_owned(), reason: err.to_string() }
            }
            Some(C::NotADatabase | C::DatabaseCorrupt) => {
                StoreError::NotAStore { path: path.to_owned(), reason: err.to_string() }
            }
            _ => StoreError::Sqlite(err),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A directory or a device given as the store: named as such before SQLite makes something of it
/// (a directory reads as "unable to open", `/dev/null` fails its first write).
fn not_a_file(path: &Path) -> Result<()> {
    let what = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            format!("a directory: give the path of a file, e.g. {}", path.join("opdesk.db").display())
        }
        Ok(meta) if !meta.is_file() => {
            "not a regular file (a device or a pipe cannot hold a store)".to_owned()
        }
        _ => return Ok(()),
    };
    Err(StoreError::NotAFile { path: path.to_owned(), what })
}

/// Whether a file without opdesk's application id may become (or already is) an opdesk store:
/// an empty database, or one made by an opdesk from before the id was written. Otherwise what the
/// file is, for the refusal.
fn whose(conn: &Connection, application_id: i32, user_version: usize) -> std::result::Result<(), String> {
    if application_id != 0 {
        return Err(format!("application id {application_id:#010x}, opdesk's is {APPLICATION_ID:#010x}"));
    }
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| format!("its tables cannot be read: {e}"))?;
    let earlier_opdesk = user_version >= 1 && FIRST_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
    if tables.is_empty() || earlier_opdesk {
        return Ok(());
    }
    let shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
    let more = if tables.len() > 5 { format!(" and {} more", tables.len() - 5) } else { String::new() };
    Err(format!("tables {}{more}", shown.join(", ")))
}

/// A failed migration in words: rusqlite_migration's own text is Rust debug output.
fn migration_error(err: rusqlite_migration::Error, path: &Path, found: usize) -> StoreError {
    use rusqlite_migration::Error as E;
    match err {
        E::RusqliteError { err, .. } => match StoreError::classify(err, path) {
            StoreError::Sqlite(e) => {
                StoreError::Migration { path: path.to_owned(), found, reason: e.to_string() }
            }
            classified => classified,
        },
        E::InvalidUserVersion | E::SpecifiedSchemaVersion(_) => StoreError::Migration {
            path: path.to_owned(),
            found,
            reason: "the number is not one this opdesk knows".into(),
        },
        E::ForeignKeyCheck(_) => StoreError::Migration {
            path: path.to_owned(),
            found,
            reason: "its rows break the new schema's foreign keys".into(),
        },
        _ => StoreError::Migration { path: path.to_owned(), found, reason: "a migration failed".into() },
    }
}

/// The key that authenticates a shared store's audit entries (HMAC-SHA256).
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey(pub(crate) [u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key itself never reaches a message or a log.
        f.write_str("AuditKey(…)")
    }
}

/// Creates a new store file readable by its owner alone (`0600`, whatever the umask): it holds
/// every customer's name and phone. SQLite gives its `-wal` and `-shm` the same mode. An
/// existing file is left as it is (a shared store has its own modes, see `crate::shared`).
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            StoreError::ReadOnly { path: path.to_owned(), reason: format!("cannot set its mode: {e}") }
        }),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => {
            Err(StoreError::ReadOnly { path: path.to_owned(), reason: format!("cannot create it: {e}") })
        }
    }
}

/// An open store. Cheap to keep for the whole session; one per process.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// A shared store's audit key: with it every entry is authenticated and none may be dated
    /// before the last.
    key: Option<AuditKey>,
}

impl Store {
    /// Opens (creating if needed) and migrates the store at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        not_a_file(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::ReadOnly {
                path: path.to_owned(),
                reason: format!("cannot create {}: {e}", dir.display()),
            })?;
        }
        create_private(path)?;
        let conn = Connection::open(path).map_err(|e| StoreError::classify(e, path))?;
        Store::prepare(conn, path.to_owned())
    }

    /// Opens an existing store without creating or migrating it; fails if it is missing.
    pub fn open_existing(path: &Path) -> Result<Store> {
        not_a_file(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::classify(e, path))?;
        Store::prepare(conn, path.to_owned())
    }

    /// A private store in memory, for tests.
    pub fn in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> Result<Store> {
        let classify = |e| StoreError::classify(e, &path);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
        // The desk runs a few dozen distinct statements (queue, show, facts, scripts); with
        // rusqlite's default of 16 they would evict each other and be compiled again and again.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        queue::register_functions(&conn).map_err(classify)?;
        text::register_functions(&conn).map_err(classify)?;
        // `rarray(?)`: a list of values bound as one parameter (the text filter's matches).
        rusqlite::vtab::array::load_module(&conn).map_err(classify)?;
        // Reading the schema version is the first touch of the file: a non-database fails here.
        let found: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(classify)?;
        let application_id: i32 =
            conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(classify)?;
        if application_id != APPLICATION_ID {
            // Nothing is written before this is settled: another program's file stays as it was.
            whose(&conn, application_id, found)
                .map_err(|what| StoreError::Foreign { path: path.clone(), what })?;
        }
        let known = migrations::latest_version();
        if found > known {
            return Err(StoreError::NewerSchema { path, found, known });
        }
        if path.as_os_str() != ":memory:" {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .map_err(classify)?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(classify)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(classify)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB).map_err(classify)?;
        // Statement journals (upserts) stay in memory instead of temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(classify)?;
        if found < known {
            migrations::all().to_latest(&mut conn).map_err(|e| migration_error(e, &path, found))?;
        }
        if application_id != APPLICATION_ID {
            conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(classify)?;
        }
        Ok(Store { conn, path, key: None })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Authenticates the audit from now on with `key` (a shared store's).
    pub fn set_audit_key(&mut self, key: AuditKey) {
        self.key = Some(key);
    }

    /// Whether the audit is authenticated (a shared store opened with its key).
    pub fn has_audit_key(&self) -> bool {
        self.key.is_some()
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Runs `work` in one IMMEDIATE transaction: everything it writes lands together or not at
    /// all. The write lock is taken up front, so two desks never deadlock on an upgrade.
    pub fn write<T, E>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| E::from(StoreError::classify(e, &path)))?;
        let out = work(&Tx { conn: &tx, key: self.key.as_ref() })?;
        tx.commit().map_err(|e| E::from(StoreError::classify(e, &path)))?;
        Ok(out)
    }

    /// Like [`Store::write`], with the large page cache a bulk load needs; the cache is given
    /// back afterwards (its pages freed), so the desk's memory returns to its usual size.
    pub fn write_bulk<T, E>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB).map_err(StoreError::from)?;
        let out = self.write(work);
        self.conn.pragma_update(None, "cache_size", -CACHE_KIB).map_err(StoreError::from)?;
        out
    }

    /// A read-only view for queries outside a write.
    pub fn read(&self) -> Tx<'_> {
        Tx { conn: &self.conn, key: self.key.as_ref() }
    }

    /// Runs `work` in one read transaction: every query sees the same moment, and the file's
    /// locks are taken once instead of once per statement (a verdict's facts take a dozen
    /// statements, and each lock is a few system calls). Inside a write it joins that write.
    pub fn reading<T, E>(&self, work: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if !self.conn.is_autocommit() {
            return work(&self.read());
        }
        /// Ends the read transaction however `work` ends, a panic included, so the connection is
        /// never left inside it. Nothing was written: ROLLBACK only releases the snapshot.
        struct End<'c>(&'c Connection);
        impl Drop for End<'_> {
            fn drop(&mut self) {
                if !self.0.is_autocommit() {
                    let _ = self.0.prepare_cached("ROLLBACK").and_then(|mut s| s.execute([]));
                }
            }
        }
        // Cached BEGIN/COMMIT statements: `Connection::transaction` compiles them on every call.
        let classify = |e| E::from(StoreError::classify(e, &self.path));
        self.conn.prepare_cached("BEGIN").and_then(|mut s| s.execute([])).map_err(classify)?;
        let end = End(&self.conn);
        let out = work(&self.read())?;
        self.conn.prepare_cached("COMMIT").and_then(|mut s| s.execute([])).map_err(classify)?;
        drop(end);
        Ok(out)
    }

    /// Caps the file at `pages` pages (of 4 KiB): writes beyond fail as [`StoreError::DiskFull`],
    /// exactly as on a full disk. For fault tests; the cap lasts while this store is open.
    pub fn limit_pages(&self, pages: u64) -> Result<()> {
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// `PRAGMA integrity_check`, for fault tests and `opdesk doctor`-style checks.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// A change counter that moves whenever any process commits to the file; the desk polls it
    /// to notice other operators' work without re-reading everything.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }
}

/// A handle for queries and writes, inside a transaction or on the plain connection.
pub struct Tx<'c> {
    conn: &'c Connection,
    key: Option<&'c AuditKey>,
}

impl Tx<'_> {
    /// A value from the store's own key/value table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_is_its_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.db");
        let mut store = Store::open(&path).unwrap();
        store.write(|tx| tx.set_meta("k", "v")).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", file.display());
            }
        }
    }

    #[test]
    fn a_fresh_file_is_migrated_to_the_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sub/opdesk.db")).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::latest_version());
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_store_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("newer opdesk"));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "these are not the pages you are looking for".repeat(100)).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
        assert!(err.to_string().contains("notes.db"));
    }

    #[test]
    fn reopening_keeps_the_data_and_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("opdesk.db");
        {
            let mut store = Store::open(&path).unwrap();
            store.write(|tx| tx.set_meta("k", "v")).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.read().meta("k").unwrap().as_deref(), Some("v"));
    }
}
