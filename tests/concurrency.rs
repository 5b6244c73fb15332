//! Several operators at once: separate `opdesk` processes racing for the same orders on one
//! store. Each order ends with exactly one owner and one `done` claim in the audit; every loser
//! is told who won; nobody ever sees "database is locked".

mod common;

use common::{Bench, NOW};
use std::process::{Child, Stdio};

/// Operators with the plain operator role, so the rules judge them alike.
const LOGINS: [&str; 8] = ["olena", "ivan", "maria", "taras", "andriy", "oksana", "olena", "ivan"];

/// The built binary with the bench's isolated environment, spawned without waiting.
fn spawn(bench: &Bench, args: &[&str]) -> Child {
    bench.process().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn opdesk")
}

/// Orders listed by `orders <filter>` on which every racing operator may `act` (a dry run of
/// each passes), at most `n`.
fn open_to_everyone(bench: &Bench, filter: &[&str], act: &[&str], n: usize) -> Vec<String> {
    bench
        .orders_json(filter)
        .iter()
        .filter_map(|o| o["id"].as_str().map(str::to_owned))
        .filter(|id| {
            LOGINS[..6].iter().all(|login| {
                let mut args = vec!["--as", login, "act", id];
                args.extend(act);
                args.push("--dry-run");
                bench.opdesk().args(&args).output().unwrap().status.success()
            })
        })
        .take(n)
        .collect()
}

/// New orders nobody owns that every racing operator may claim.
fn claimable(bench: &Bench, n: usize) -> Vec<String> {
    open_to_everyone(bench, &["--status", "new", "--unowned"], &["claim"], n)
}

#[test]
fn eight_processes_claiming_the_same_orders_leave_one_owner_each() {
    let bench = Bench::with_demo();
    let orders = claimable(&bench, 4);
    assert!(orders.len() >= 3, "the demo has claimable new orders: {orders:?}");
    // Every process of every order starts before any is waited for: 8 × 4 racing writers.
    let racers: Vec<(String, &str, Child)> = orders
        .iter()
        .flat_map(|id| LOGINS.iter().map(move |login| (id.clone(), *login)))
        .map(|(id, login)| {
            let child = spawn(&bench, &["--as", login, "act", &id, "claim"]);
            (id, login, child)
        })
        .collect();
    let mut winners: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    let mut losers = Vec::new();
    for (id, login, child) in racers {
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !stderr.contains("locked") && !stderr.contains("busy"),
            "{login} on {id} saw the store locked: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{login} on {id} panicked: {stderr}");
        match out.status.code() {
            Some(0) => winners.entry(id).or_default().push(login),
            Some(4) => losers.push((id, login, stderr)),
            other => panic!("{login} on {id}: unexpected exit {other:?}: {stderr}"),
        }
    }
    for id in &orders {
        let won = winners.get(id).cloned().unwrap_or_default();
        assert_eq!(won.len(), 1, "{id} has exactly one winner, got {won:?}");
        let owner = bench.show_json(id)["order"]["owner"].as_str().unwrap_or_default().to_owned();
        assert_eq!(owner, won[0], "{id} belongs to the winner");
        let out = bench.opdesk().args(["--as", "iryna", "audit", "--order", id, "--json"]).output().unwrap();
        let trail: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let done = trail.iter().filter(|e| e["action"] == "claim" && e["outcome"] == "done").count();
        assert_eq!(done, 1, "{id}: exactly one claim done in the audit: {trail:#?}");
    }
    assert_eq!(losers.len(), orders.len() * (LOGINS.len() - 1));
    for (id, login, stderr) in losers {
        let owner = winners[&id][0];
        assert!(
            stderr.contains(&format!("{id} is already taken into work by {owner}")),
            "{login} on {id} is told who won: {stderr}"
        );
    }
    let out = bench.opdesk().args(["audit", "--verify"]).output().unwrap();
    assert!(out.status.success(), "the audit chain holds: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_form_opened_before_another_desk_changed_the_order_is_refused_as_stale() {
    use opdesk::config::ConfigDirs;
    use opdesk::domain::{ActionKind, Draft, FixedClock};
    use opdesk::store::Store;
    use std::sync::Arc;
    let bench = Bench::with_demo();
    let id = claimable(&bench, 1).pop().expect("a claimable order");
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let dirs = ConfigDirs::embedded_only();
    let desk_of = || {
        let store = Store::open_existing(&bench.db()).unwrap();
        opdesk::session::build_desk(&dirs, store, Arc::new(FixedClock(now))).unwrap()
    };
    let (mut mine, mut theirs) = (desk_of(), desk_of());
    let shop = mine.shop().clone();
    let olena = shop.operator("olena").unwrap().clone();
    let ivan = shop.operator("ivan").unwrap().clone();
    // Olena's form is opened on the version she read; Ivan claims it from his desk meanwhile.
    let version = mine.show(&id).unwrap().order.order.version;
    theirs.perform(&ivan, &id, Draft::new(ActionKind::Claim), None).unwrap();
    let err = mine.perform(&olena, &id, Draft::new(ActionKind::Claim), Some(version)).unwrap_err();
    assert!(err.to_string().contains("changed since it was read"), "{err}");
    assert_eq!(mine.show(&id).unwrap().order.order.owner.as_deref(), Some("ivan"), "the new state shows");
}

/// A dozen desks write at once while a feed is being imported (one long write transaction):
/// they wait their turn instead of failing, every comment lands with its audit entry, and the
/// import is whole.
#[test]
fn twelve_desks_writing_during_an_import_lose_nothing() {
    let bench = Bench::with_demo();
    let orders = open_to_everyone(&bench, &[], &["comment", "--note", "x"], 4);
    assert_eq!(orders.len(), 4, "the demo has orders anyone may comment on");
    let feed = bench.dir.path().join("feed.jsonl");
    let scale = opdesk::generate::Scale { products: 50, customers: 1_500, orders: 6_000, seed: 5 };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&feed).unwrap());
    opdesk::generate::write_feed(scale, &mut out).unwrap();
    drop(out);
    let started = std::time::Instant::now();
    let importer = spawn(&bench, &["--as", "iryna", "import", &common::path_str(&feed)]);
    // 12 desks × 3 comments, a round every 150 ms so that writes fall before, during and after
    // the import's transaction; none is waited for before all are started.
    let mut writers: Vec<(String, Child)> = Vec::new();
    for round in 0..3 {
        for desk in 0..12 {
            let id = &orders[(desk + round) % orders.len()];
            let note = format!("desk {desk}, call {round}");
            let login = LOGINS[desk % LOGINS.len()];
            writers
                .push((note.clone(), spawn(&bench, &["--as", login, "act", id, "comment", "--note", &note])));
        }
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    for (note, child) in writers {
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{note}: exit {:?}: {stderr}", out.status.code());
        assert!(!stderr.contains("locked") && !stderr.contains("busy"), "{note}: {stderr}");
    }
    let out = importer.wait_with_output().expect("wait");
    assert!(out.status.success(), "the import: {}", String::from_utf8_lossy(&out.stderr));
    // Sized so that the import's transaction stays far below the 10 s a writer waits for
    // another (0.8 s here in a debug build), also on a loaded machine.
    let took = started.elapsed();
    eprintln!("36 comments and an import of 6 000 orders in {:.1} s", took.as_secs_f64());

    let mut comments = 0;
    for id in &orders {
        let out = bench.opdesk().args(["--as", "iryna", "audit", "--order", id, "--json"]).output().unwrap();
        let trail: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        comments += trail.iter().filter(|e| e["action"] == "comment" && e["outcome"] == "done").count();
    }
    assert_eq!(comments, 36, "every comment is in the audit");
    let imported = bench
        .orders_json(&[])
        .iter()
        .filter(|o| o["id"].as_str().is_some_and(|id| id.starts_with("GEN-")))
        .count();
    assert_eq!(imported, 6_000, "the import is whole");
    let out = bench.opdesk().args(["audit", "--verify"]).output().unwrap();
    assert!(out.status.success(), "the audit chain holds: {}", String::from_utf8_lossy(&out.stdout));
}
