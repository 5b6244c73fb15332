//! The desk's reads on a big store (criterion): the queue's window and counts, deep pages, text
//! filters, one order shown, and a verdict with its facts gathered from the store.
//!
//! `OPDESK_BENCH_DB=/path/big.db cargo bench --bench desk` (a copy of the store: the run
//! migrates it); without it, a store of 20 000 generated orders is built first.

use criterion::{Criterion, criterion_group, criterion_main};
use opdesk::config::ConfigDirs;
use opdesk::desk::{Desk, QueueFilter};
use opdesk::domain::{ActionKind, Draft, FixedClock, OrderStatus};
use opdesk::store::Store;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

const NOW: &str = "2026-11-23T14:30:00+02:00";

fn desk() -> (Desk, Option<tempfile::TempDir>) {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let build = |path: &PathBuf| {
        opdesk::cli::build_desk(
            &ConfigDirs::embedded_only(),
            Store::open(path).unwrap(),
            Arc::new(FixedClock(now)),
        )
        .unwrap()
    };
    if let Ok(path) = std::env::var("OPDESK_BENCH_DB") {
        return (build(&PathBuf::from(path)), None);
    }
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let scale = opdesk::generate::Scale { products: 500, customers: 5_000, orders: 20_000, seed: 1 };
    opdesk::generate::write_feed(scale, &mut std::io::BufWriter::new(std::fs::File::create(&feed).unwrap()))
        .unwrap();
    let mut desk = build(&dir.path().join("bench.db"));
    let olena = desk.shop().operator("olena").unwrap().clone();
    desk.import(&olena, &feed).unwrap();
    (desk, Some(dir))
}

fn queue(c: &mut Criterion) {
    let (desk, _keep) = desk();
    let olena = desk.shop().operator("olena").unwrap().clone();
    let all = QueueFilter { limit: 200, ..Default::default() };
    let total = desk.queue_count(&olena, &all).unwrap() as usize;
    let tabs = [
        QueueFilter { mine: true, statuses: OrderStatus::open().collect(), ..Default::default() },
        QueueFilter { statuses: vec![OrderStatus::New], ..Default::default() },
        QueueFilter::default(),
        QueueFilter { overdue: true, ..Default::default() },
    ];
    let mut g = c.benchmark_group("queue");
    g.bench_function("counts of the four tabs", |b| {
        b.iter(|| tabs.iter().map(|t| desk.queue_count(&olena, t).unwrap()).sum::<i64>())
    });
    g.bench_function("window of 200, top", |b| b.iter(|| desk.queue(&olena, black_box(&all)).unwrap()));
    for (name, offset) in [("middle", total / 2), ("last", total.saturating_sub(200))] {
        let q = QueueFilter { offset, ..all.clone() };
        g.bench_function(format!("window of 200, {name}"), |b| b.iter(|| desk.queue(&olena, &q).unwrap()));
    }
    let late = QueueFilter { overdue: true, limit: 200, ..Default::default() };
    g.bench_function("window of 200, late tab", |b| b.iter(|| desk.queue(&olena, &late).unwrap()));
    for text in [
        "бонд",
        "олена коваль",
        "олена к",
        "оле",
        "+38067000012",
        "+38067",
        "+38067000",
        "GEN-0000123",
        "zzz",
    ] {
        let q = QueueFilter { text: Some(text.into()), ..all.clone() };
        // As the workstation reads a filter: count and window from one match (`queue_page`).
        g.bench_function(format!("filter {text:?}: count + window"), |b| {
            b.iter(|| desk.queue_page(&olena, &q).unwrap())
        });
    }
    let cli = QueueFilter { limit: 50, ..Default::default() };
    g.bench_function("orders --limit 50 (the query)", |b| b.iter(|| desk.queue(&olena, &cli).unwrap()));
    g.finish();

    let first = desk
        .queue(&olena, &QueueFilter { statuses: vec![OrderStatus::New], limit: 1, ..Default::default() })
        .unwrap();
    let id = first[0].id.clone();
    let mut g = c.benchmark_group("order");
    g.bench_function("show", |b| b.iter(|| desk.show(black_box(&id)).unwrap()));
    for action in [ActionKind::Claim, ActionKind::Cancel, ActionKind::Confirm] {
        let draft = Draft::new(action);
        g.bench_function(format!("evaluate {action:?} (facts from the store + verdict)"), |b| {
            b.iter(|| desk.evaluate(&olena, black_box(&id), &draft))
        });
    }
    g.finish();
}

criterion_group!(benches, queue);
criterion_main!(benches);
