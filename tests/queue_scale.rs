//! The fast queue answers what the plain queries would: tab counts from the tally equal counted
//! rows, a deep page reached through the tally equals the plain OFFSET, and the text filter
//! folds case in any script ("бонд" finds "Бондар"), checked on a generated shop of 3 000 orders
//! against SQL and Rust written the obvious (slow) way.

use opdesk::config::ConfigDirs;
use opdesk::desk::{Count, Desk, QueueFilter};
use opdesk::domain::{FixedClock, OrderStatus, Vocabulary};
use opdesk::store::Store;
use std::sync::Arc;

const NOW: &str = "2026-11-23T14:30:00+02:00";

fn shop() -> (Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let scale = opdesk::generate::Scale { products: 200, customers: 4_000, orders: 3_000, seed: 11 };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&feed).unwrap());
    opdesk::generate::write_feed(scale, &mut out).unwrap();
    drop(out);
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(&dir.path().join("q.db")).unwrap();
    let mut desk =
        opdesk::session::build_desk(&ConfigDirs::embedded_only(), store, Arc::new(FixedClock(now))).unwrap();
    desk.import(&opdesk::session::feed(), &feed).unwrap();
    (desk, dir)
}

fn tabs() -> Vec<QueueFilter> {
    vec![
        QueueFilter { mine: true, statuses: OrderStatus::open().collect(), ..Default::default() },
        QueueFilter { statuses: vec![OrderStatus::New], ..Default::default() },
        QueueFilter::default(),
        QueueFilter { overdue: true, ..Default::default() },
        QueueFilter { unowned: true, overdue: true, ..Default::default() },
    ]
}

/// The ids of the whole tab in queue order, read the plain way: every row, sorted in SQL.
fn plain_ids(desk: &Desk, f: &QueueFilter) -> Vec<String> {
    let conn = rusqlite::Connection::open(&desk.store_info().unwrap().path).unwrap();
    let mut clauses = vec!["1".to_owned()];
    if !f.statuses.is_empty() {
        let list: Vec<String> = f.statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
        clauses.push(format!("status IN ({})", list.join(",")));
    }
    if f.mine {
        clauses.push("owner = 'olena'".into());
    }
    if f.unowned {
        clauses.push("owner IS NULL".into());
    }
    if f.overdue {
        let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().timestamp();
        clauses.push(format!("due_utc <= {now}"));
    }
    let sql = format!(
        "SELECT id FROM orders WHERE {} ORDER BY due_utc IS NULL, due_utc, created_utc, number",
        clauses.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn tab_counts_and_deep_pages_match_the_plain_queries() {
    let (desk, _dir) = shop();
    let olena = desk.shop().operator("olena").unwrap().clone();
    for tab in tabs() {
        let expected = plain_ids(&desk, &tab);
        assert!(!expected.is_empty(), "the generated shop fills {tab:?}");
        assert_eq!(desk.queue_count(&olena, &tab).unwrap().known() as usize, expected.len(), "{tab:?}");
        // Top, just below and far past the seek threshold, and the last page.
        for offset in [0, 5, 990, 1_000, 1_777, expected.len().saturating_sub(7), expected.len() + 3] {
            let window = QueueFilter { offset, limit: 50, ..tab.clone() };
            let got: Vec<String> = desk.queue(&olena, &window).unwrap().into_iter().map(|r| r.id).collect();
            let want: Vec<String> = expected.iter().skip(offset).take(50).cloned().collect();
            assert_eq!(got, want, "{tab:?} at offset {offset}");
        }
    }
}

#[test]
fn the_tally_follows_actions() {
    let (mut desk, _dir) = shop();
    let olena = desk.shop().operator("olena").unwrap().clone();
    let new = QueueFilter { statuses: vec![OrderStatus::New], limit: 30, ..Default::default() };
    let before: Vec<Count> = tabs().iter().map(|t| desk.queue_count(&olena, t).unwrap()).collect();
    let mut claimed = 0;
    for row in desk.queue(&olena, &new).unwrap() {
        let draft = opdesk::domain::Draft::new(opdesk::domain::ActionKind::Claim);
        claimed += i64::from(desk.perform(&olena, &row.id, draft, None).is_ok());
    }
    assert!(claimed > 0, "some new orders could be claimed");
    let after: Vec<Count> = tabs().iter().map(|t| desk.queue_count(&olena, t).unwrap()).collect();
    assert_eq!(after[1].known(), before[1].known() - claimed as u64, "fewer new orders");
    assert_eq!(after[0].known(), before[0].known() + claimed as u64, "more of olena's");
    for tab in tabs() {
        assert_eq!(
            desk.queue_count(&olena, &tab).unwrap().known() as usize,
            plain_ids(&desk, &tab).len(),
            "{tab:?}"
        );
    }
}

#[test]
fn the_text_filter_folds_case_in_any_script() {
    let (desk, _dir) = shop();
    let olena = desk.shop().operator("olena").unwrap().clone();
    let conn = rusqlite::Connection::open(&desk.store_info().unwrap().path).unwrap();
    let rows: Vec<(String, String, String)> = conn
        .prepare("SELECT o.id, c.name, c.phone FROM orders o JOIN customers c ON c.id = o.customer_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for text in [
        "бонд",
        "БОНДАР",
        "олена ков",
        "+3806700001",
        "38067 000 1",
        "0670",
        "gen-000012",
        "GEN-0000123",
        "zzz",
        "Ткаченко",
        "нко",
        "ол",
        "енк",
        "+380",
    ] {
        let needle = text.to_lowercase();
        let long = text.chars().count() >= 3;
        // A text of digits and separators is a phone read out: the start of the number's digits.
        let phone_like = text.chars().all(|c| c.is_ascii_digit() || "+ -().".contains(c));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        // Dialled the home way (`067…`): the shop's country code (380) stands for the `0`.
        let digits = match digits.strip_prefix('0') {
            Some(rest) if !text.contains('+') && !rest.is_empty() => format!("380{rest}"),
            _ => digits,
        };
        let mut want: Vec<&String> = rows
            .iter()
            .filter(|(id, name, phone)| {
                let phone_digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                id.starts_with(text)
                    || id.starts_with(&text.to_uppercase())
                    || (phone_like && digits.len() >= 3 && phone_digits.starts_with(&digits))
                    || (!phone_like && long && name.to_lowercase().contains(&needle))
            })
            .map(|(id, _, _)| id)
            .collect();
        want.sort();
        let q = QueueFilter { text: Some(text.into()), limit: 5_000, ..Default::default() };
        let count = desk.queue_count(&olena, &q).unwrap();
        let (page_count, page) = desk.queue_page(&olena, &q).unwrap();
        assert_eq!(page_count, count, "{text}: queue_page counts as queue_count");
        let window: Vec<String> = desk.queue(&olena, &q).unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(page.into_iter().map(|r| r.id).collect::<Vec<_>>(), window, "{text}: the same window");
        let mut got = window.clone();
        got.sort();
        if want.len() as i64 > opdesk::store::TEXT_COUNT_CAP {
            // A broad filter is walked: it says "or more" and lists the first of the queue.
            assert!(matches!(count, Count::AtLeast(_)), "{text}: a broad filter says 'or more'");
            assert_eq!(count.to_string(), format!("{}+", opdesk::store::TEXT_COUNT_CAP), "{text}");
            assert!(got.iter().all(|id| want.binary_search(&id).is_ok()), "{text}: only matches");
            let order = plain_ids(&desk, &QueueFilter::default());
            let first: Vec<&String> = order.iter().filter(|id| want.binary_search(id).is_ok()).collect();
            assert_eq!(window.iter().collect::<Vec<_>>(), first[..window.len()], "{text}: in queue order");
        } else {
            assert_eq!(count, Count::Exact(want.len() as u64), "{text}: count");
            assert_eq!(got.iter().collect::<Vec<_>>(), want, "{text}: the same orders");
        }
    }
    let q = QueueFilter { text: Some("бонд".into()), limit: 5, ..Default::default() };
    assert!(desk.queue(&olena, &q).unwrap().iter().all(|r| r.customer_name.contains("Бондар")));
}
