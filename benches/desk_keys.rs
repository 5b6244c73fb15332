//! The workstation on a big store, timed as an operator feels it: open to the first frame, then
//! every key from event to drawn frame (queue moves, pages, tab switches, filter keystrokes),
//! with the percentiles and the resident memory printed. Not criterion: a key is measured once,
//! as it happens, because the second press of the same key is a different key (the window moved).
//!
//! `OPDESK_BENCH_DB=/path/big.db cargo bench --bench desk_keys` (a copy: the run migrates it);
//! without it, a store of 20 000 generated orders is built first.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use opdesk::config::ConfigDirs;
use opdesk::domain::{FixedClock, Language};
use opdesk::store::Store;
use opdesk::tui::{App, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::Arc;
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
    let mut desk = opdesk::cli::build_desk(
        &ConfigDirs::embedded_only(),
        Store::open(&db).unwrap(),
        Arc::new(FixedClock(now)),
    )
    .unwrap();
    let olena = desk.shop().operator("olena").unwrap().clone();
    desk.import(&olena, &feed).unwrap();
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
        opdesk::cli::build_desk(&ConfigDirs::embedded_only(), store, Arc::new(FixedClock(now.to_utc())))
            .unwrap();
    let olena = desk.shop().operator("olena").unwrap().clone();
    let settings = Settings::embedded(Language::En, now.offset().to_owned()).unwrap();
    let mut app = App::new(desk, olena, settings, Rect::new(0, 0, w, h)).unwrap();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let first_frame = started.elapsed();
    println!("store: {}", db.display());
    println!("open to first frame          {:>7.2} ms", first_frame.as_secs_f64() * 1e3);

    let mut press = |app: &mut App, code: KeyCode| {
        let t = Instant::now();
        app.handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))).unwrap();
        term.draw(|f| app.draw(f)).unwrap();
        t.elapsed()
    };
    let (mut moves, mut pages, mut tabs, mut filter, mut jumps) = (vec![], vec![], vec![], vec![], vec![]);
    // Each tab: rows down, pages down and back, to the bottom and the top.
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
    report("move (j/k/↓)", &mut moves);
    report("page (PgDn/PgUp)", &mut pages);
    report("jump (G/g)", &mut jumps);
    report("tab switch", &mut tabs);
    report("filter keystroke", &mut filter);
    let mut all: Vec<Duration> =
        moves.iter().chain(&pages).chain(&jumps).chain(&tabs).chain(&filter).copied().collect();
    report("every key", &mut all);
    println!("resident memory: {:.1} MiB (before opening {:.1} MiB)", rss_mib(), rss_before);
}
