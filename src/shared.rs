//! The shared desk's footing in the operating system: the group that alone may open the store,
//! the folder and file modes that keep everyone else out, the audit key, and who the kernel says
//! is at the keyboard.
//!
//! The model is `crontab`'s: the store's folder is `2770` and its files `0660`, owned by a group
//! no operator belongs to; opdesk is installed setgid to that group, so an operator reaches the
//! store only through opdesk, which applies the rules. The kernel makes a setgid process
//! undumpable and ignores `LD_PRELOAD` for it, so an operator cannot reach into it either. Root
//! is trusted: it can read the key and rewrite anything.

use crate::store::AuditKey;
use nix::unistd::{Gid, Group, User, getegid, getgid, getgroups, getuid, setegid, setresgid};
use std::fs::{self, OpenOptions, Permissions};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The group a setgid opdesk was started with, set aside at start ([`set_group_aside`]): taken
/// back only for a store [`verify`] found to be that group's shared store.
static PRIVILEGED: OnceLock<Gid> = OnceLock::new();

/// At start, before anything is read: a setgid opdesk puts the store's group aside (its
/// effective group becomes the operator's own; the saved one keeps the store's). Whatever it
/// opens before it has checked that the store is the group's own shared store — a personal
/// store, `--config`, a feed — it opens as the operator could.
pub fn set_group_aside() -> Result<(), SharedError> {
    let (real, effective) = (getgid(), getegid());
    if real == effective {
        return Ok(());
    }
    let _ = PRIVILEGED.set(effective);
    setegid(real).map_err(|e| SharedError(format!("cannot set the store's group aside: {e}")))
}

/// Takes the store's group back, for the verified shared store of group `gid`.
fn take_group(gid: Gid) -> Result<(), SharedError> {
    match PRIVILEGED.get() {
        Some(g) if *g == gid => {
            setegid(gid).map_err(|e| SharedError(format!("cannot take the store's group: {e}")))
        }
        _ => Ok(()),
    }
}

/// Gives the store's group up for the rest of the process: what runs on is an ordinary
/// program of the operator's (a personal store, the rules tools).
pub fn give_group_up() -> Result<(), SharedError> {
    if PRIVILEGED.get().is_none() {
        return Ok(());
    }
    let real = getgid();
    setresgid(real, real, real).map_err(|e| SharedError(format!("cannot give the store's group up: {e}")))
}

/// A store file whose folder and modes are a shared store's: the canonical path (no link left
/// in it) and its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub path: PathBuf,
    pub gid: Gid,
}

/// Whether `db` is a shared store as `init --shared` left it: its real folder `2770` and its
/// file `0660`, both of one group (a setgid opdesk's own), and no folder above it that someone
/// else could rename it out of (writable by others without the sticky bit). Looked at with the
/// store's group (a setgid opdesk cannot see into the folder otherwise); nothing is opened.
pub fn verify(db: &Path) -> Option<Verified> {
    let look = || -> Option<Verified> {
        let path = fs::canonicalize(db).ok()?;
        let dir = path.parent()?;
        let folder = fs::metadata(dir).ok()?;
        let gid = Gid::from_raw(folder.gid());
        if folder.mode() & 0o7777 != DIR_MODE {
            return None;
        }
        if PRIVILEGED.get().is_some_and(|g| *g != gid) {
            return None;
        }
        let file = fs::symlink_metadata(&path).ok()?;
        if !file.is_file() || file.gid() != gid.as_raw() || file.mode() & 0o777 != FILE_MODE {
            return None;
        }
        for above in dir.ancestors().skip(1) {
            let m = fs::metadata(above).ok()?;
            if m.mode() & 0o022 != 0 && m.mode() & 0o1000 == 0 {
                return None;
            }
        }
        Some(Verified { path, gid })
    };
    match PRIVILEGED.get() {
        Some(g) => {
            let _ = setegid(*g);
            let found = look();
            if found.is_none() {
                let _ = setegid(getgid());
            }
            found
        }
        None => look(),
    }
}

/// Keeps the store's group for the verified shared store `v` (see [`verify`]).
pub fn enter(v: &Verified) -> Result<(), SharedError> {
    take_group(v.gid)
}

/// The store's folder: group-owned, setgid (new files inherit the group), no access for others.
pub const DIR_MODE: u32 = 0o2770;
/// The store's files (and SQLite's `-wal` and `-shm`, which take the store file's mode).
pub const FILE_MODE: u32 = 0o660;
/// The audit key: readable by the group (that is, by opdesk), writable by nobody.
pub const KEY_MODE: u32 = 0o440;

/// Something about the shared set-up that is wrong, in words (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SharedError(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, SharedError> {
    Err(SharedError(message.into()))
}

/// The name of the account the process really runs as: the real uid, which `--as`, `$USER` and
/// a setgid bit leave as they are.
pub fn os_account() -> Result<String, SharedError> {
    let uid = getuid();
    match User::from_uid(uid) {
        Ok(Some(user)) => Ok(user.name),
        Ok(None) => fail(format!("uid {uid} has no account name on this machine")),
        Err(e) => fail(format!("cannot read the account of uid {uid}: {e}")),
    }
}

/// Runs `work` with the real group's rights, not the store's: a file an operator names (a
/// feed to import, a folder of configuration) is opened as that operator could open it, so a
/// setgid opdesk is no way to read the store's key or files through a link. A no-op when opdesk
/// is not setgid.
pub fn as_user<T>(work: impl FnOnce() -> T) -> Result<T, SharedError> {
    let (real, effective) = (getgid(), getegid());
    if real == effective {
        return Ok(work());
    }
    setegid(real).map_err(|e| SharedError(format!("cannot take the operator's own rights: {e}")))?;
    let out = work();
    setegid(effective).map_err(|e| SharedError(format!("cannot take the store's rights back: {e}")))?;
    Ok(out)
}

/// The group `name`, which must exist.
pub fn group(name: &str) -> Result<Gid, SharedError> {
    match Group::from_name(name) {
        Ok(Some(g)) => Ok(g.gid),
        Ok(None) => fail(format!("there is no group {name:?}: create it first (groupadd {name})")),
        Err(e) => fail(format!("cannot read group {name:?}: {e}")),
    }
}

/// Refuses unless the caller may set up a store for `gid`: root, or a member of the group.
pub fn may_administer(name: &str, gid: Gid) -> Result<(), SharedError> {
    if getuid().is_root() {
        return Ok(());
    }
    let member = getgroups().map(|groups| groups.contains(&gid)).unwrap_or(false);
    if member {
        return Ok(());
    }
    fail(format!("only root or a member of group {name:?} sets up its shared store"))
}

/// Where a shared store keeps its audit key: beside the store, `opdesk.db` → `opdesk.db.key`.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Prepares the folder of a new shared store at `db` and creates the empty store file with the
/// shared modes. The folder must be new, empty, or already the group's `2770` folder: a store
/// given in `/tmp` or a home folder would otherwise turn that folder private.
pub fn create(db: &Path, gid: Gid) -> Result<bool, SharedError> {
    let dir = match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    if db.exists() {
        return fail(format!("{} already exists; a shared store is made new", db.display()));
    }
    if dir.exists() {
        let meta = fs::metadata(&dir).map_err(|e| SharedError(format!("{}: {e}", dir.display())))?;
        let ours = {
            use std::os::unix::fs::MetadataExt;
            meta.gid() == gid.as_raw() && meta.mode() & 0o7777 == DIR_MODE
        };
        let empty = fs::read_dir(&dir).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !ours && !empty {
            return fail(format!(
                "{} holds other files; give the store a folder of its own, e.g. /var/lib/opdesk/opdesk.db",
                dir.display()
            ));
        }
    }
    let made = !dir.exists();
    if made {
        fs::create_dir_all(&dir).map_err(|e| SharedError(format!("cannot create {}: {e}", dir.display())))?;
    }
    set_owner_and_mode(&dir, gid, DIR_MODE)?;
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(db)
        .map_err(|e| SharedError(format!("cannot create {}: {e}", db.display())))?;
    drop(file);
    // The mode asked for at creation is cut by the umask; set it whole.
    set_owner_and_mode(db, gid, FILE_MODE)?;
    // A folder above that others may write lets them rename the store's folder away and plant
    // their own: refused now, and [`verify`] refuses such a store at every open.
    if verify(db).is_none() {
        return fail(format!(
            "a folder above {} is writable by others (without the sticky bit): give the store a safe place, e.g. /var/lib/opdesk",
            dir.display()
        ));
    }
    Ok(made)
}

/// Writes a new random audit key for the store at `db` (mode `0440`, the group's).
/// (Its folder is checked by [`create`] just before.)
pub fn write_key(db: &Path, gid: Gid) -> Result<AuditKey, SharedError> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| SharedError(format!("no randomness for the audit key: {e}")))?;
    let path = key_path(db);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(KEY_MODE)
        .open(&path)
        .map_err(|e| SharedError(format!("cannot create the audit key {}: {e}", path.display())))?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    file.write_all(hex.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| SharedError(format!("cannot write the audit key {}: {e}", path.display())))?;
    set_owner_and_mode(&path, gid, KEY_MODE)?;
    Ok(AuditKey(key))
}

/// Reads the audit key of the verified shared store `v`: the file itself (a link is refused),
/// regular, of the store's group, `0440`.
pub fn read_key(v: &Verified, group: &str) -> Result<AuditKey, SharedError> {
    let path = key_path(&v.path);
    let cannot = |e: &dyn std::fmt::Display| {
        SharedError(format!(
            "cannot read the store's audit key {}: {e}; is opdesk installed setgid {group} (see the README)?",
            path.display()
        ))
    };
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
        .open(&path)
        .map_err(|e| cannot(&e))?;
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if !meta.is_file() || meta.gid() != v.gid.as_raw() || meta.mode() & 0o777 != KEY_MODE {
        return fail(format!(
            "the audit key {} is not as `init --shared` left it (a regular file of the store's group, mode 0440)",
            path.display()
        ));
    }
    let mut text = String::new();
    (&file).take(128).read_to_string(&mut text).map_err(|e| cannot(&e))?;
    let text = text.trim();
    let mut key = [0u8; 32];
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .filter_map(|i| text.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    if bytes.len() != 32 || text.len() != 64 {
        return fail(format!("the audit key {} is damaged (not 64 hex digits)", path.display()));
    }
    key.copy_from_slice(&bytes);
    Ok(AuditKey(key))
}

/// Gives the store's files that exist (the store, its `-wal` and `-shm`) the group and `0660`.
pub fn settle_files(db: &Path, gid: Gid) -> Result<(), SharedError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        if path.exists() {
            set_owner_and_mode(&path, gid, FILE_MODE)?;
        }
    }
    Ok(())
}

fn set_owner_and_mode(path: &Path, gid: Gid, mode: u32) -> Result<(), SharedError> {
    chown(path, None, Some(gid.as_raw()))
        .map_err(|e| SharedError(format!("cannot give {} to the group: {e}", path.display())))?;
    fs::set_permissions(path, Permissions::from_mode(mode))
        .map_err(|e| SharedError(format!("cannot set the mode of {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_sits_beside_the_store() {
        assert_eq!(
            key_path(Path::new("/var/lib/opdesk/opdesk.db")),
            Path::new("/var/lib/opdesk/opdesk.db.key")
        );
    }

    #[test]
    fn a_key_that_is_not_as_init_left_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        fs::write(key_path(&db), "abc").unwrap();
        let v = Verified { path: db.clone(), gid: getgid() };
        let e = read_key(&v, "g").unwrap_err().to_string();
        assert!(e.contains("not as `init --shared` left it"), "{e}");
        fs::set_permissions(key_path(&db), Permissions::from_mode(KEY_MODE)).unwrap();
        let e = read_key(&v, "g").unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
        // A link to a key is no key.
        let other = dir.path().join("t.db");
        std::os::unix::fs::symlink(key_path(&db), key_path(&other)).unwrap();
        let e = read_key(&Verified { path: other, gid: getgid() }, "g").unwrap_err().to_string();
        assert!(e.contains("cannot read"), "{e}");
    }
}
