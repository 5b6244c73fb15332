//! The shared desk with real OS accounts (issue 17): a group, unprivileged users, opdesk
//! installed setgid to the group, and each property tried as the operator who would rather get
//! around it. These tests create the group and the users, so they run as root — CI does; as
//! anyone else they fail saying so rather than pass untested.
//!
//! Accounts (made once, kept): group `opdesk-t`; `opd-olena`, `opd-ivan` (operators),
//! `opd-iryna` (head of sales), `opd-feed` (the intake), `opd-stranger` (no operator). None is
//! in the group: like `crontab`'s users, they reach the store only through the setgid program.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Once;

const GROUP: &str = "opdesk-t";
const USERS: [&str; 5] = ["opd-olena", "opd-ivan", "opd-iryna", "opd-feed", "opd-stranger"];

static ACCOUNTS: Once = Once::new();

fn sh(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"))
}

/// The group and the users, made once per run (kept between runs: `useradd` of an existing
/// user exits 9, which is fine).
fn accounts() {
    assert!(
        nix::unistd::getuid().is_root(),
        "the shared-desk tests create OS accounts (groupadd, useradd) and install opdesk setgid: run them as root (CI does)"
    );
    ACCOUNTS.call_once(|| {
        let g = sh("groupadd", &[GROUP]);
        assert!(matches!(g.status.code(), Some(0 | 9)), "groupadd: {}", String::from_utf8_lossy(&g.stderr));
        for user in USERS {
            let u = sh("useradd", &["-M", "-N", "-s", "/usr/sbin/nologin", user]);
            assert!(
                matches!(u.status.code(), Some(0 | 9)),
                "useradd {user}: {}",
                String::from_utf8_lossy(&u.stderr)
            );
        }
    });
}

/// One shared desk in a folder of its own: the setgid binary, the store, a configuration.
struct Shared {
    _dir: tempfile::TempDir,
    root: PathBuf,
    bin: PathBuf,
    db: PathBuf,
}

/// The built-in shop with each operator mapped to an OS account, and the intake.
fn config_dir(root: &Path) -> PathBuf {
    let dir = root.join("config");
    std::fs::create_dir_all(&dir).unwrap();
    let shop = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/opdesk.toml")).unwrap();
    let mut out = String::new();
    for line in shop.lines() {
        out.push_str(line);
        out.push('\n');
        if let Some(login) = line.strip_prefix("login = \"").and_then(|l| l.strip_suffix('"'))
            && ["olena", "ivan", "iryna"].contains(&login)
        {
            out.push_str(&format!("os_user = \"opd-{login}\"\n"));
        }
    }
    out.push_str("\n[[operator]]\nlogin = \"site\"\nname = \"The site's feed\"\nroles = [\"feed\"]\nos_user = \"opd-feed\"\n");
    std::fs::write(dir.join("opdesk.toml"), out).unwrap();
    dir
}

impl Shared {
    /// A new shared store made by root, with the demo shop loaded by the intake account.
    fn new() -> Shared {
        let shared = Shared::bare();
        let feed = shared.root.join("shop.json");
        let import = shared.run("opd-feed", &["import", feed.to_str().unwrap()]);
        assert!(import.status.success(), "import by the intake: {}", text(&import.stderr));
        shared
    }

    /// A new shared store with no orders, made by root under umask 000 (the modes must not
    /// depend on it).
    fn bare() -> Shared {
        accounts();
        let dir = tempfile::Builder::new().prefix("opdesk-shared-").tempdir_in("/tmp").unwrap();
        let root = dir.path().to_owned();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = root.join("opdesk");
        std::fs::copy(env!("CARGO_BIN_EXE_opdesk"), &bin).unwrap();
        let chgrp = sh("chgrp", &[GROUP, bin.to_str().unwrap()]);
        assert!(chgrp.status.success());
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o2755)).unwrap();
        let config = config_dir(&root);
        let db = root.join("store").join("desk.db");
        let init = Command::new(&bin)
            .args([
                "--db",
                db.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
                "init",
                "--shared",
                GROUP,
            ])
            .env_remove("OPDESK_NOW")
            .output()
            .unwrap();
        assert!(init.status.success(), "init --shared: {}", String::from_utf8_lossy(&init.stderr));
        let feed = root.join("shop.json");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/shop.json"), &feed).unwrap();
        std::fs::set_permissions(&feed, std::fs::Permissions::from_mode(0o644)).unwrap();
        Shared { _dir: dir, root, bin, db }
    }

    /// A folder of `user`'s own under the desk's root.
    fn home_of(&self, user: &str) -> PathBuf {
        let home = self.root.join(user);
        std::fs::create_dir_all(&home).unwrap();
        assert!(sh("chown", &[user, home.to_str().unwrap()]).status.success());
        home
    }

    /// opdesk run as `user` (through `runuser`, as a login would), on this store.
    fn run(&self, user: &str, args: &[&str]) -> Output {
        self.run_env(user, &[], args)
    }

    fn run_env(&self, user: &str, env: &[&str], args: &[&str]) -> Output {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", user, "--", "env", "-u", "OPDESK_NOW", "-u", "OPDESK_OPERATOR"]);
        cmd.args(env);
        cmd.arg(&self.bin).args(["--db", self.db.to_str().unwrap()]).args(args);
        cmd.current_dir(&self.root).output().unwrap()
    }

    fn audit(&self) -> serde_json::Value {
        let out = self.run("opd-iryna", &["audit", "--json", "--limit", "1000"]);
        assert!(out.status.success(), "audit: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn key(&self) -> PathBuf {
        PathBuf::from(format!("{}.key", self.db.display()))
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn group_of(path: &Path) -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().gid()
}

fn gid() -> u32 {
    nix::unistd::Group::from_name(GROUP).unwrap().unwrap().gid.as_raw()
}

/// Entries of the audit with this action and outcome.
fn entries<'a>(audit: &'a serde_json::Value, action: &str, outcome: &str) -> Vec<&'a serde_json::Value> {
    audit.as_array().unwrap().iter().filter(|e| e["action"] == action && e["outcome"] == outcome).collect()
}

#[test]
fn s17_only_the_group_opens_the_store_and_operators_are_not_in_it() {
    let desk = Shared::new();
    let store = desk.db.parent().unwrap();
    assert_eq!(mode(store), 0o2770, "the folder");
    assert_eq!(mode(&desk.db), 0o660, "the store file");
    assert_eq!(mode(&desk.key()), 0o440, "the audit key");
    for path in [store, desk.db.as_path(), desk.key().as_path()] {
        assert_eq!(group_of(path), gid(), "{} belongs to the group", path.display());
    }
    // An operator's workstation keeps the store open, with SQLite's -wal and -shm made by
    // that operator's process under umask 000: they take the store's mode and group.
    let session = format!("opdesk-wal-{}", std::process::id());
    let desk_cmd = format!(
        "runuser -u opd-olena -- sh -c 'umask 000; exec {} --db {}'",
        desk.bin.display(),
        desk.db.display()
    );
    let started = sh("tmux", &["new-session", "-d", "-s", &session, "-x", "80", "-y", "24", &desk_cmd]);
    assert!(started.status.success(), "tmux: {}", text(&started.stderr));
    let sides: Vec<PathBuf> =
        ["-wal", "-shm"].iter().map(|x| PathBuf::from(format!("{}{x}", desk.db.display()))).collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !sides.iter().all(|p| p.exists()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let screen = sh("tmux", &["capture-pane", "-p", "-t", &session]);
    for side in &sides {
        assert!(side.exists(), "{} while a desk is open; screen:\n{}", side.display(), text(&screen.stdout));
        assert_eq!(mode(side), 0o660, "{}", side.display());
        assert_eq!(group_of(side), gid(), "{}", side.display());
    }
    let _ = sh("tmux", &["kill-session", "-t", &session]);
    // With its terminal gone the workstation ends by itself (it used to spin for ever).
    let bin = desk.bin.to_str().unwrap().to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sh("pgrep", &["-f", &bin]).status.success() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let left = sh("pgrep", &["-f", &bin]);
    if left.status.success() {
        let _ = sh("pkill", &["-9", "-f", &bin]);
    }
    assert!(!left.status.success(), "the workstation outlived its terminal");
    // The operator's own tools cannot open the file, nor the key.
    let db = desk.db.to_str().unwrap();
    let key = desk.key();
    let sqlite = Command::new("runuser")
        .args(["-u", "opd-olena", "--", "sqlite3", db, "SELECT count(*) FROM orders; DELETE FROM ledger;"])
        .output()
        .unwrap();
    assert!(!sqlite.status.success(), "sqlite3 opened the store: {}", text(&sqlite.stdout));
    for (what, path) in [("the store", db), ("the key", key.to_str().unwrap())] {
        let cat = Command::new("runuser").args(["-u", "opd-olena", "--", "cat", path]).output().unwrap();
        assert!(!cat.status.success(), "{what} is readable by an operator");
    }
    let list = Command::new("runuser")
        .args(["-u", "opd-olena", "--", "ls", store.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!list.status.success(), "the folder is listable by an operator");
}

#[test]
fn s17_identity_comes_from_the_kernel_not_from_as() {
    let desk = Shared::new();
    let out = desk.run("opd-olena", &["--as", "iryna", "act", "SITE-1067", "claim"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("acting as \"iryna\" is refused"), "{}", text(&out.stderr));
    let env = desk.run_env("opd-olena", &["OPDESK_OPERATOR=iryna"], &["act", "SITE-1067", "claim"]);
    assert_eq!(env.status.code(), Some(2), "{}", text(&env.stderr));
    // The same operator's own claim, without --as, is olena's.
    let own = desk.run("opd-olena", &["act", "SITE-1067", "claim"]);
    assert!(own.status.success(), "{}", text(&own.stderr));
    let audit = desk.audit();
    let refused = entries(&audit, "sign-in", "refused");
    assert_eq!(refused.len(), 2, "both attempts are in the audit: {refused:?}");
    assert!(refused.iter().all(|e| e["actor"] == "os:opd-olena" && e["detail"]["claimed"] == "iryna"));
    let claims = entries(&audit, "claim", "done");
    assert!(claims.iter().any(|e| e["actor"] == "olena" && e["order_id"] == "SITE-1067"));
}

#[test]
fn s17_an_account_that_is_no_operator_reads_nothing() {
    let desk = Shared::new();
    for args in [&["orders"][..], &["show", "SITE-1001"], &["audit"], &["ledger"]] {
        let out = desk.run("opd-stranger", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains("is no operator of this desk"), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?} printed {}", text(&out.stdout));
    }
    let audit = desk.audit();
    assert_eq!(entries(&audit, "sign-in", "refused").len(), 4, "every attempt is audited");
}

#[test]
fn s17_no_rules_and_no_clock_of_ones_own() {
    let desk = Shared::new();
    // My own folder where I am the head of sales and A and B are gone.
    let mine = desk.root.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("rules.toml"), "[params]\n").unwrap();
    std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = desk.run("opd-olena", &["--config", mine.to_str().unwrap(), "act", "SITE-1081", "claim"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--config is refused on a shared desk"), "{}", text(&out.stderr));
    let past =
        desk.run_env("opd-olena", &["OPDESK_NOW=2020-01-01T10:00:00+02:00"], &["act", "SITE-1081", "claim"]);
    assert_eq!(past.status.code(), Some(2), "{}", text(&past.stderr));
    assert!(text(&past.stderr).contains("OPDESK_NOW is refused"), "{}", text(&past.stderr));
    let audit = desk.audit();
    assert_eq!(entries(&audit, "sign-in", "refused").len(), 2);
    assert!(entries(&audit, "claim", "done").is_empty(), "nothing was claimed");
    // Every entry is dated now, none in 2020.
    assert!(audit.as_array().unwrap().iter().all(|e| !e["at"].as_str().unwrap().starts_with("2020")));
}

#[test]
fn s17_the_configuration_is_the_stores_and_the_head_of_sales_changes_it() {
    let desk = Shared::new();
    let export = desk.root.join("export");
    std::fs::create_dir_all(&export).unwrap();
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o777)).unwrap();
    let refused = desk.run("opd-olena", &["config", "export", export.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused.stderr));
    let out = desk.run("opd-iryna", &["config", "export", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rules = export.join("rules.toml");
    assert!(std::fs::read_to_string(&rules).unwrap().contains("id = \"A4\""));
    // The head of sales raises A4's minimum; an operator may not apply anything.
    let text_now = std::fs::read_to_string(&rules).unwrap();
    std::fs::write(&rules, text_now.replace("min_analogs = 5 ", "min_analogs = 6 ")).unwrap();
    let by_operator = desk.run("opd-olena", &["config", "apply", export.to_str().unwrap()]);
    assert_eq!(by_operator.status.code(), Some(3), "{}", text(&by_operator.stderr));
    let applied = desk.run("opd-iryna", &["config", "apply", export.to_str().unwrap()]);
    assert!(applied.status.success(), "{}", text(&applied.stderr));
    // A broken copy is refused whole, naming the file; the version in force stays.
    std::fs::write(&rules, "[[rule]]\nid = \"X\"\nactions = [\"claim\"]\nmessage = \"m\"\n[[rule.check]]\nlabel = \"l\"\nexpr = \"order.nope\"\n").unwrap();
    let broken = desk.run("opd-iryna", &["config", "apply", export.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(2), "{}", text(&broken.stderr));
    let versions = desk.run("opd-iryna", &["config", "versions", "--json"]);
    let versions: serde_json::Value = serde_json::from_slice(&versions.stdout).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
    assert_eq!(versions[1]["applied_by"], "iryna");
    let audit = desk.audit();
    assert_eq!(entries(&audit, "config", "done").len(), 1);
    assert_eq!(entries(&audit, "config", "refused").len(), 2, "export and apply by olena");
    // The applied version is the one in force: exported again, it has the new minimum.
    let again = desk.root.join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::set_permissions(&again, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert!(desk.run("opd-iryna", &["config", "export", again.to_str().unwrap()]).status.success());
    assert!(std::fs::read_to_string(again.join("rules.toml")).unwrap().contains("min_analogs = 6 "));
    // A candidate is tried on the recorded day before it is applied; --config stays refused.
    let tried = desk.run("opd-iryna", &["rules", "replay", "--candidate", again.to_str().unwrap()]);
    assert!(tried.status.success(), "{}", text(&tried.stderr));
    assert!(text(&tried.stdout).contains("the candidate"), "{}", text(&tried.stdout));
    let by_operator = desk.run("opd-olena", &["rules", "replay", "--candidate", again.to_str().unwrap()]);
    assert_eq!(by_operator.status.code(), Some(3));
}

#[test]
fn s17_another_operators_money_and_trail_are_the_review() {
    let desk = Shared::new();
    assert!(desk.run("opd-olena", &["act", "SITE-1083", "claim"]).status.success());
    let other = desk.run("opd-olena", &["ledger", "--operator", "ivan"]);
    assert_eq!(other.status.code(), Some(3), "{}", text(&other.stdout));
    let own = desk.run("opd-olena", &["ledger"]);
    assert!(own.status.success(), "{}", text(&own.stderr));
    assert!(text(&own.stdout).contains("your own lines"), "{}", text(&own.stdout));
    let head = desk.run("opd-iryna", &["ledger", "--operator", "ivan", "--json"]);
    assert!(head.status.success(), "{}", text(&head.stderr));
    let trail = desk.run("opd-olena", &["audit", "--json"]);
    let trail: serde_json::Value = serde_json::from_slice(&trail.stdout).unwrap();
    let trail = trail.as_array().unwrap();
    assert!(
        !trail.is_empty() && trail.iter().all(|e| e["actor"] == "olena"),
        "only her own entries: {trail:?}"
    );
    let audit = desk.audit();
    assert!(entries(&audit, "review", "refused").iter().any(|e| e["actor"] == "olena"));
}

#[test]
fn s17_import_is_the_intakes_and_never_rewrites_an_order() {
    let desk = Shared::new();
    let claim = desk.run("opd-olena", &["act", "SITE-1084", "claim"]);
    assert!(claim.status.success(), "{}", text(&claim.stderr));
    // The same order again, as new, nobody's, with another comment.
    let shop: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(desk.root.join("shop.json")).unwrap()).unwrap();
    let mut order =
        shop["orders"].as_array().unwrap().iter().find(|o| o["id"] == "SITE-1084").unwrap().clone();
    order["status"] = "new".into();
    order["comment"] = "call after 18:00".into();
    if let Some(o) = order.as_object_mut() {
        o.remove("owner");
    }
    let feed = desk.root.join("again.json");
    std::fs::write(&feed, serde_json::json!({ "orders": [order] }).to_string()).unwrap();
    std::fs::set_permissions(&feed, std::fs::Permissions::from_mode(0o644)).unwrap();
    let by_operator = desk.run("opd-olena", &["import", feed.to_str().unwrap()]);
    assert_eq!(by_operator.status.code(), Some(3), "{}", text(&by_operator.stderr));
    let by_feed = desk.run("opd-feed", &["import", feed.to_str().unwrap()]);
    assert!(by_feed.status.success(), "{}", text(&by_feed.stderr));
    let show = desk.run("opd-olena", &["show", "SITE-1084", "--json"]);
    let show: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(show["order"]["status"], "in_work", "the feed does not undo the claim");
    assert_eq!(show["order"]["owner"], "olena");
    let audit = desk.audit();
    assert_eq!(entries(&audit, "import", "refused").len(), 1);
    let import = entries(&audit, "import", "done").pop().unwrap().clone();
    let kept = import["detail"]["kept"].as_array().unwrap();
    assert!(
        kept.iter().any(|k| k["field"] == "status" && k["store"] == "in_work" && k["file"] == "new"),
        "{kept:?}"
    );
    let changes = import["detail"]["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["field"] == "comment" && c["new"] == "call after 18:00"),
        "the changed field is audited old → new: {changes:?}"
    );
    // A file the intake account cannot read is not read for it by the setgid program.
    let secret = desk.root.join("secret.json");
    std::fs::write(&secret, "{}").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = desk.run("opd-feed", &["import", secret.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let link = desk.root.join("key.json");
    std::os::unix::fs::symlink(desk.key(), &link).unwrap();
    let out = desk.run("opd-feed", &["import", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("cannot open"), "{}", text(&out.stderr));
}

#[test]
fn s17_a_lost_race_exits_4_and_is_in_the_audit() {
    let desk = Shared::new();
    assert!(desk.run("opd-olena", &["act", "SITE-1090", "claim"]).status.success());
    let late = desk.run("opd-ivan", &["act", "SITE-1090", "claim"]);
    assert_eq!(late.status.code(), Some(4), "{}", text(&late.stderr));
    assert!(text(&late.stderr).contains("already taken into work by olena"), "{}", text(&late.stderr));
    let audit = desk.audit();
    let lost = entries(&audit, "claim", "lost");
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0]["actor"], "ivan");
}

/// Opens the store as root (who is trusted: this stands for anyone who got at the file) to
/// tamper with it.
fn tamper(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn s17_the_audit_cannot_be_cut_or_rewritten_unnoticed() {
    let desk = Shared::new();
    for order in ["SITE-1055", "SITE-1067", "SITE-1081"] {
        assert!(desk.run("opd-olena", &["act", order, "claim"]).status.success());
    }
    let out = desk.run("opd-olena", &["audit", "checkpoint", "--json"]);
    assert_eq!(out.status.code(), Some(3), "the checkpoint is the head of sales'");
    let out = desk.run("opd-iryna", &["audit", "checkpoint", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let kept = desk.root.join("checkpoint.json");
    std::fs::write(&kept, &out.stdout).unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o644)).unwrap();
    let checkpoint: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sealed = checkpoint["entries"].as_i64().unwrap();
    let verify = |who: &str| desk.run(who, &["audit", "--verify", "--checkpoint", kept.to_str().unwrap()]);
    let fine = verify("opd-iryna");
    assert!(fine.status.success(), "{}", text(&fine.stdout));

    // A recomputed entry: drop the guard, change what olena did, recompute the plain chain.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_refuses_update;").unwrap();
    let (seq, prev): (i64, String) = conn
        .query_row("SELECT seq, prev_hash FROM audit WHERE action = 'claim' ORDER BY seq LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let row: Vec<String> = conn
        .query_row(
            "SELECT at, actor, coalesce(order_id, ''), action, outcome, rules, detail, rules_version FROM audit WHERE seq = ?1",
            [seq],
            |r| (0..8).map(|i| r.get::<_, String>(i)).collect::<rusqlite::Result<Vec<String>>>(),
        )
        .unwrap();
    let mut forged = row.clone();
    forged[1] = "ivan".into();
    let hash = {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let seq_text = seq.to_string();
        let parts = [
            seq_text.as_str(),
            &forged[0],
            &forged[1],
            &forged[2],
            &forged[3],
            &forged[4],
            &forged[5],
            &forged[6],
            &forged[7],
            &prev,
        ];
        for part in parts {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    conn.execute(
        "UPDATE audit SET actor = ?1, hash = ?2 WHERE seq = ?3",
        rusqlite::params!["ivan", hash, seq],
    )
    .unwrap();
    drop(conn);
    let found = verify("opd-iryna");
    assert_eq!(found.status.code(), Some(1), "{}", text(&found.stdout));
    let report = text(&found.stdout);
    assert!(report.contains("seal does not match"), "{report}");
    assert!(report.contains("audit_refuses_update") && report.contains("dropped"), "{report}");
    // A trigger of the same name that does nothing is no guard.
    tamper(
        &desk.db,
        "CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit WHEN 0 BEGIN SELECT 1; END;",
    );
    let replaced = text(&verify("opd-iryna").stdout);
    assert!(
        replaced.contains("audit_refuses_update that keeps the log append-only was replaced"),
        "{replaced}"
    );

    // A cut tail: the last entries deleted leave a chain that holds, but not the checkpoint.
    tamper(
        &desk.db,
        &format!("DROP TRIGGER audit_refuses_delete; DELETE FROM audit WHERE seq >= {};", sealed - 1),
    );
    let cut = verify("opd-iryna");
    assert_eq!(cut.status.code(), Some(1));
    assert!(text(&cut.stdout).contains("its tail was cut"), "{}", text(&cut.stdout));

    // A wiped log.
    tamper(&desk.db, "DELETE FROM audit;");
    let wiped = verify("opd-iryna");
    assert_eq!(wiped.status.code(), Some(1));
    assert!(text(&wiped.stdout).contains("its tail was cut"), "{}", text(&wiped.stdout));
}

/// A setgid opdesk reads nothing for an operator with the store's rights unless it is the
/// group's own shared store: not a --config folder linking to the key, not a store file made
/// in the store's folder, not a made-up "shared" store beside a link to the key.
#[test]
fn s17_the_setgid_bit_opens_nothing_but_the_shared_store() {
    let desk = Shared::new();
    let key_text = std::fs::read_to_string(desk.key()).unwrap();
    let home = desk.home_of("opd-olena");
    let run = |args: &[&str]| {
        Command::new("runuser")
            .args(["-u", "opd-olena", "--", "env", "-u", "OPDESK_NOW"])
            .arg(&desk.bin)
            .args(args)
            .current_dir(&home)
            .output()
            .unwrap()
    };
    // A config folder whose opdesk.toml is the key: the parser's message must not print it.
    let mine = home.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::os::unix::fs::symlink(desk.key(), mine.join("opdesk.toml")).unwrap();
    let personal = home.join("p.db");
    // (With the operator's own rights the link leads nowhere readable, so the file counts as
    // absent and the built-in default is used.)
    let out = run(&["--config", mine.to_str().unwrap(), "--db", personal.to_str().unwrap(), "init"]);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!said.contains(key_text.trim()), "the key was printed: {said}");
    // A store file made in the store's folder (a -shm that would lock everyone out).
    let shm = format!("{}-shm", desk.db.display());
    let _ = std::fs::remove_file(&shm);
    let out = run(&["--db", &shm, "init"]);
    assert!(!out.status.success(), "made a store in the shared folder");
    assert!(!Path::new(&shm).exists(), "{shm} was created");
    // A made-up shared store of olena's, its key a link to the real one.
    let fake = home.join("e.db");
    assert!(run(&["--db", fake.to_str().unwrap(), "init"]).status.success());
    let marked = Command::new("runuser")
        .args(["-u", "opd-olena", "--", "sqlite3", fake.to_str().unwrap()])
        .arg(format!("INSERT INTO meta (key, value) VALUES ('shared_group', '{GROUP}')"))
        .output()
        .unwrap();
    assert!(marked.status.success(), "{}", text(&marked.stderr));
    std::os::unix::fs::symlink(desk.key(), format!("{}.key", fake.display())).unwrap();
    let out = run(&["--db", fake.to_str().unwrap(), "orders"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not as `init --shared` left them"), "{}", text(&out.stderr));
    // A link to the real store with a key of her own beside it: the store's own key seals.
    let link = home.join("d.db");
    std::os::unix::fs::symlink(&desk.db, &link).unwrap();
    std::fs::write(format!("{}.key", link.display()), "0".repeat(64)).unwrap();
    let out = run(&["--db", link.to_str().unwrap(), "act", "SITE-1055", "claim"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verify = desk.run("opd-iryna", &["audit", "--verify"]);
    assert!(verify.status.success(), "sealed with the store's own key: {}", text(&verify.stdout));
}

#[test]
fn s17_the_demo_shop_is_never_loaded_into_a_shared_store() {
    let desk = Shared::bare();
    let out = desk.run("opd-iryna", &["init", "--demo"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("demo shop is for a personal store"), "{}", text(&out.stderr));
    let orders = desk.run("opd-iryna", &["orders", "--json"]);
    assert_eq!(text(&orders.stdout).trim(), "[]");
}

#[test]
fn s17_the_whole_desks_report_carries_a_checkpoint() {
    let desk = Shared::new();
    let out = desk.run("opd-iryna", &["report", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = report["checkpoint"]["entries"].as_i64().unwrap();
    assert!(entries >= 2, "init and the import at least: {report}");
    // It verifies as any checkpoint does.
    let kept = desk.root.join("report-checkpoint.json");
    std::fs::write(&kept, report["checkpoint"].to_string()).unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o644)).unwrap();
    let verify = desk.run("opd-iryna", &["audit", "--verify", "--checkpoint", kept.to_str().unwrap()]);
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    let mine = desk.run("opd-olena", &["report", "--mine", "--json"]);
    let mine: serde_json::Value = serde_json::from_slice(&mine.stdout).unwrap();
    assert!(mine.get("checkpoint").is_none(), "an operator's own day carries none");
}
