//! The workstation on a big store, timed as an operator feels it: open to the first frame, then
//! every key from event to drawn frame (queue moves, pages, tab switches, filter keystrokes),
//! with the percentiles and the resident memory printed. Not criterion: a key is measured once,
//! as it happens, because the second press of the same key is a different key (the window moved).
//!
//! `OPDESK_BENCH_DB=/path/big.db cargo bench --bench desk_keys` (a copy: the run migrates it);
//! without it, a store of 20 000 generated orders is built first.
//!
//! `OPDESK_BENCH_CROWD=11` puts eleven other desks on the same store while the keys are timed,
//! each on its own connection claiming and commenting on orders every `OPDESK_BENCH_PACE_MS`
//! (default 1000: an operator acts every few seconds at most, so this is busier than a shift);
//! the desk under test then also takes its one-second tick, which re-reads the queue whenever
//! the others have written. Their actions' times and any refusal other than "already taken"
//! are printed: a "busy" or "locked" answer is a failure.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use opdesk::config::ConfigDirs;
use opdesk::domain::{FixedClock, Language};
use opdesk::store::Store;
use opdesk::tui::{App, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T14:30:00+02:00";

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn store_path() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Ok(path) = std::env::var("OPDESK_BENCH_DB") {
        return (PathBuf::from(path), None);
    }
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let scale = opdesk::generate::Scale { products: 500, customers: 5_000, orders: 20_000, seed: 1 };
    opdesk::generate::write_feed(scale, &mut std::io::BufWriter::new(std::fs::File::create(&feed).unwrap()))
        .unwrap();
    let db = dir.path().join("bench.db");
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let mut desk = opdesk::session::build_desk(
        &ConfigDirs::embedded_only(),
        Store::open(&db).unwrap(),
        Arc::new(FixedClock(now)),
    )
    .unwrap();
    desk.import(&opdesk::session::feed(), &feed).unwrap();
    (db, Some(dir))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label:<28} n={:<4} p50={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms",
        times.len(),
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.99)),
        ms(times[times.len() - 1])
    );
}

/// What the other desks did while the keys were timed.
#[derive(Default)]
struct CrowdLog {
    times: Vec<Duration>,
    conflicts: usize,
    failures: Vec<String>,
}

/// One of the other desks: on its own connection, as `login`, a claim of a new order or a
/// comment on any order every `pace`, until `stop`.
fn crowd_desk(
    db: &Path,
    login: &str,
    seed: usize,
    pace: Duration,
    stop: &AtomicBool,
    ready: &std::sync::Barrier,
) -> CrowdLog {
    use opdesk::desk::{DeskError, QueueFilter};
    use opdesk::domain::{ActionKind, Draft, OrderStatus};
    let mut log = CrowdLog::default();
    // Set up before the barrier, which is passed whatever happens: a desk that cannot start is
    // reported, and never leaves the others waiting.
    let setup = (|| -> anyhow::Result<_> {
        let now = chrono::DateTime::parse_from_rfc3339(NOW)?.to_utc();
        let dirs = ConfigDirs::embedded_only();
        let desk = opdesk::session::build_desk(&dirs, Store::open_existing(db)?, Arc::new(FixedClock(now)))?;
        let me = desk.shop().operator(login).ok_or_else(|| anyhow::anyhow!("no operator {login}"))?.clone();
        // Windows of their own in the store, wrapping round a small one.
        let window = |filter: QueueFilter, stride: usize| -> anyhow::Result<Vec<String>> {
            let total = desk.queue_count(&me, &filter)?.known() as usize;
            let offset = (seed * stride) % total.max(1);
            let q = QueueFilter { limit: 200, offset, ..filter };
            Ok(desk.queue(&me, &q)?.into_iter().map(|r| r.id).collect())
        };
        let claimable = window(QueueFilter { statuses: vec![OrderStatus::New], ..Default::default() }, 200)?;
        let commentable = window(QueueFilter::default(), 5_000)?;
        anyhow::ensure!(!commentable.is_empty(), "the store has no orders");
        Ok((desk, me, claimable, commentable))
    })();
    ready.wait();
    let (mut desk, me, claimable, commentable) = match setup {
        Ok(parts) => parts,
        Err(e) => {
            log.failures.push(format!("{login} could not start: {e:#}"));
            return log;
        }
    };
    let mut turn = 0;
    while !stop.load(Ordering::Relaxed) {
        turn += 1;
        let (id, draft) = if turn % 2 == 0 && !claimable.is_empty() {
            (&claimable[turn / 2 % claimable.len()], Draft::new(ActionKind::Claim))
        } else {
            let mut draft = Draft::new(ActionKind::Comment);
            draft.note = format!("call {turn} from {login}");
            (&commentable[turn % commentable.len()], draft)
        };
        let t = Instant::now();
        match desk.perform(&me, id, draft, None) {
            Ok(_) => {}
            Err(DeskError::Conflict(_) | DeskError::Refused(_)) => log.conflicts += 1,
            Err(e) => log.failures.push(format!("{login} on {id}: {e}")),
        }
        log.times.push(t.elapsed());
        std::thread::sleep(pace);
    }
    log
}

fn main() {
    let (db, _keep) = store_path();
    // Migrating an older store is not part of opening the desk.
    drop(Store::open(&db).unwrap());
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let (w, h) = (160, 48);
    let rss_before = rss_mib();

    let started = Instant::now();
    let store = Store::open_existing(&db).unwrap();
    let desk =
        opdesk::session::build_desk(&ConfigDirs::embedded_only(), store, Arc::new(FixedClock(now.to_utc())))
            .unwrap();
    let olena = desk.shop().operator("olena").unwrap().clone();
    let settings = Settings::embedded(Language::En, now.offset().to_owned()).unwrap();
    let mut app = App::new(desk, olena, settings, Rect::new(0, 0, w, h)).unwrap();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let first_frame = started.elapsed();
    println!("store: {}", db.display());
    println!("open to first frame          {:>7.2} ms", first_frame.as_secs_f64() * 1e3);

    let crowd: usize = std::env::var("OPDESK_BENCH_CROWD").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let pace = Duration::from_millis(
        std::env::var("OPDESK_BENCH_PACE_MS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000),
    );
    let rounds: usize = std::env::var("OPDESK_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if crowd > 0 { 10 } else { 1 });
    let stop = Arc::new(AtomicBool::new(false));
    let ready = Arc::new(std::sync::Barrier::new(crowd + 1));
    let logins: Vec<String> = app_logins();
    let others: Vec<_> = (0..crowd)
        .map(|i| {
            let (db, stop, login) = (db.clone(), Arc::clone(&stop), logins[i % logins.len()].clone());
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || crowd_desk(&db, &login, i, pace, &stop, &ready))
        })
        .collect();
    ready.wait();
    if crowd > 0 {
        println!("with {crowd} other desks acting every {} ms each, {rounds} rounds", pace.as_millis());
    }
    let mut ticks: Vec<Duration> = Vec::new();
    let mut last_tick = Instant::now();
    let mut press = |app: &mut App, code: KeyCode| {
        // As the run loop does: the tick comes between events, when a second has passed.
        if crowd > 0 && last_tick.elapsed() >= opdesk::tui::TICK {
            last_tick = Instant::now();
            app.on_tick().unwrap();
            term.draw(|f| app.draw(f)).unwrap();
            ticks.push(last_tick.elapsed());
        }
        let t = Instant::now();
        app.handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))).unwrap();
        term.draw(|f| app.draw(f)).unwrap();
        t.elapsed()
    };
    let (mut moves, mut pages, mut tabs, mut filter, mut jumps) = (vec![], vec![], vec![], vec![], vec![]);
    // Each tab: rows down, pages down and back, to the bottom and the top.
    // Alone, the script runs once; among other desks, for `OPDESK_BENCH_ROUNDS` rounds (default
    // 10, a minute or so) so that their writes and the ticks they cause fall among the keys.
    for _round in 0..rounds {
        for _ in 0..4 {
            for _ in 0..60 {
                moves.push(press(&mut app, KeyCode::Char('j')));
            }
            for _ in 0..40 {
                pages.push(press(&mut app, KeyCode::PageDown));
            }
            for _ in 0..20 {
                pages.push(press(&mut app, KeyCode::PageUp));
            }
            jumps.push(press(&mut app, KeyCode::Char('G')));
            for _ in 0..20 {
                moves.push(press(&mut app, KeyCode::Char('k')));
            }
            for _ in 0..10 {
                pages.push(press(&mut app, KeyCode::PageUp));
            }
            jumps.push(press(&mut app, KeyCode::Char('g')));
            tabs.push(press(&mut app, KeyCode::Char(']')));
        }
        // Filter keystrokes on the All tab: a surname, a phone, an order id, then erased.
        while app.queue().tab != opdesk::tui::panes::queue::QueueTab::All {
            tabs.push(press(&mut app, KeyCode::Char(']')));
        }
        for text in ["бонд", "+38067000012", "gen-0000123", "олена коваль", "zzz"] {
            press(&mut app, KeyCode::Char('/'));
            let mut typed = String::new();
            for c in text.chars() {
                typed.push(c);
                let t = press(&mut app, KeyCode::Char(c));
                if std::env::var_os("OPDESK_BENCH_VERBOSE").is_some() {
                    println!("  filter {typed:<14} {:>8.2} ms", t.as_secs_f64() * 1e3);
                }
                filter.push(t);
            }
            for _ in 0..5 {
                moves.push(press(&mut app, KeyCode::Down));
            }
            press(&mut app, KeyCode::Char('/'));
            for _ in text.chars() {
                filter.push(press(&mut app, KeyCode::Backspace));
            }
            press(&mut app, KeyCode::Enter);
        }
    }
    report("move (j/k/↓)", &mut moves);
    report("page (PgDn/PgUp)", &mut pages);
    report("jump (G/g)", &mut jumps);
    report("tab switch", &mut tabs);
    report("filter keystroke", &mut filter);
    let mut all: Vec<Duration> =
        moves.iter().chain(&pages).chain(&jumps).chain(&tabs).chain(&filter).copied().collect();
    report("every key", &mut all);
    let others_too = if crowd > 0 { ", the other desks' connections included" } else { "" };
    println!("resident memory: {:.1} MiB (before opening {:.1} MiB{others_too})", rss_mib(), rss_before);
    if crowd > 0 {
        if !ticks.is_empty() {
            report("tick (others wrote)", &mut ticks);
        }
        stop.store(true, Ordering::Relaxed);
        let mut log = CrowdLog::default();
        for other in others {
            let part = other.join().unwrap();
            log.times.extend(part.times);
            log.conflicts += part.conflicts;
            log.failures.extend(part.failures);
        }
        report("other desks' actions", &mut log.times);
        println!(
            "  {} refused as already taken or by the rules; {} failed",
            log.conflicts,
            log.failures.len()
        );
        for failure in log.failures.iter().take(10) {
            println!("  FAILED {failure}");
        }
    }
}

/// The configured operators' logins, for the other desks.
fn app_logins() -> Vec<String> {
    let dirs = ConfigDirs::embedded_only();
    let shop = opdesk::config::ShopConfig::parse(&dirs.config_file("opdesk.toml").unwrap()).unwrap();
    shop.operators.iter().map(|o| o.login.clone()).collect()
}
