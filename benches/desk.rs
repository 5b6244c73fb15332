//! The desk's reads on a big store (criterion): the queue's window and counts, deep pages, text
//! filters, one order shown, and a verdict with its facts gathered from the store.
//!
//! `OPDESK_BENCH_DB=/path/big.db cargo bench --bench desk` (a copy of the store: the run
//! migrates it); without it, a store of 20 000 generated orders is built first.

use criterion::{Criterion, criterion_group, criterion_main};
use opdesk::config::ConfigDirs;
use opdesk::desk::{Desk, QueueFilter};
use opdesk::domain::{ActionKind, CancelReason, Draft, FixedClock, OrderStatus, Vocabulary};
use opdesk::store::Store;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

const NOW: &str = "2026-11-23T14:30:00+02:00";

fn desk() -> (Desk, Option<tempfile::TempDir>) {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let build = |path: &PathBuf| {
        opdesk::session::build_desk(
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
    desk.import(&opdesk::session::feed(), &feed).unwrap();
    (desk, Some(dir))
}

fn queue(c: &mut Criterion) {
    let (desk, _keep) = desk();
    let olena = desk.shop().operator("olena").unwrap().clone();
    let all = QueueFilter { limit: 200, ..Default::default() };
    let total = desk.queue_count(&olena, &all).unwrap().known() as usize;
    let tabs = [
        QueueFilter { mine: true, statuses: OrderStatus::open().collect(), ..Default::default() },
        QueueFilter { statuses: vec![OrderStatus::New], ..Default::default() },
        QueueFilter::default(),
        QueueFilter { overdue: true, ..Default::default() },
    ];
    let mut g = c.benchmark_group("queue");
    g.bench_function("counts of the four tabs", |b| {
        b.iter(|| tabs.iter().map(|t| desk.queue_count(&olena, t).unwrap().known()).sum::<u64>())
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

    verdicts(c, &desk, total);
}

/// A draft of `action` filled in as far as the desk's input checks ask (a note, a target, a
/// time), so the verdict is what is measured, not a refusal of the input.
fn draft_of(action: ActionKind) -> Draft {
    let mut draft = Draft::new(action);
    match action {
        ActionKind::Transfer => draft.to = Some("ivan".into()),
        ActionKind::ResolveAppeal => draft.to = Some("waived".into()),
        ActionKind::Callback => draft.at = opdesk::domain::parse_instant("2026-11-24T10:00:00+02:00").ok(),
        ActionKind::Wish => {
            draft.wish.insert("colour".into(), "warm white".into());
        }
        ActionKind::Cancel => {
            // The heaviest draft an operator fills in: five analogs looked up in the catalogue.
            draft.reason = Some(CancelReason::OutOfStock);
            draft.analogs = (1..=5).map(|n| format!("P-{n:06}")).collect();
        }
        _ => {}
    }
    draft.note = "bench".into();
    draft
}

/// A verdict for every action, each over up to 200 orders spread through the whole queue (a
/// different order each time, so pages outside the cache are part of the figure), and for the
/// customer with the most orders in the store (B2 reads their open orders).
fn verdicts(c: &mut Criterion, desk: &Desk, total: usize) {
    let olena = desk.shop().operator("olena").unwrap().clone();
    let spread: Vec<String> = (0..20)
        .flat_map(|k| {
            let q = QueueFilter { offset: k * total / 20, limit: 100, ..Default::default() };
            desk.queue(&olena, &q).unwrap().into_iter().map(|r| r.id)
        })
        .collect();
    let mut g = c.benchmark_group("verdict");
    for &action in ActionKind::ALL {
        let draft = draft_of(action);
        // Only orders the action can be taken on (a claim of a taken order, a shipment of a new
        // one are refused as input before the rules are asked).
        let ids: Vec<&String> =
            spread.iter().filter(|id| desk.evaluate(&olena, id, &draft).is_ok()).take(200).collect();
        if ids.is_empty() {
            println!("verdict/{action}: no order of the spread qualifies");
            continue;
        }
        let mut next = 0;
        g.bench_function(format!("{action} ({} orders)", ids.len()), |b| {
            b.iter(|| {
                next = (next + 1) % ids.len();
                desk.evaluate(&olena, black_box(ids[next]), &draft).unwrap()
            })
        });
    }
    if let Some(id) = busiest_customers_order(desk) {
        let draft = Draft::new(ActionKind::Claim);
        desk.evaluate(&olena, &id, &draft).unwrap();
        g.bench_function("claim, the customer with most orders in work", |b| {
            b.iter(|| desk.evaluate(&olena, black_box(&id), &draft).unwrap())
        });
    }
    g.finish();

    let id = spread[0].clone();
    let mut g = c.benchmark_group("order");
    g.bench_function("show", |b| b.iter(|| desk.show(black_box(&id)).unwrap()));
    g.finish();
}

/// A new order nobody has claimed, of the customer with the most orders in work (B2 reads
/// every one of them on a claim).
fn busiest_customers_order(desk: &Desk) -> Option<String> {
    let path = &desk.store_info().unwrap().path.to_owned();
    let conn = rusqlite::Connection::open(path).ok()?;
    conn.query_row(
        "SELECT id FROM orders WHERE status = 'new' AND owner IS NULL AND customer_id =
           (SELECT customer_id FROM orders
             WHERE status IN ('in_work', 'processed')
               AND customer_id IN (SELECT customer_id FROM orders WHERE status = 'new' AND owner IS NULL)
             GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1)
         LIMIT 1",
        [],
        |r| r.get(0),
    )
    .ok()
}

criterion_group!(benches, queue);
criterion_main!(benches);
