//! Reads for the day's review (issue 7). Each one walks an index over a bounded range — the
//! day's slice of `orders.created_utc`, the queue-key indexes of `orders` (migration 5), the
//! partial index of unowned orders — so a day's report on a store of a million orders reads
//! the day and the open queue's index, never the whole table.

use super::catalog::word;
use super::orders::{ROW_COLUMNS, row_from};
use super::{OrderRow, Result, Tx};
use crate::domain::{OrderStatus, Vocabulary};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, ToSql, params_from_iter};

/// How many orders of one status, and how many of them are past their deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StatusCount {
    pub status: OrderStatus,
    pub orders: i64,
    pub late: i64,
}

/// An order that arrived in a period: when (UTC seconds), its status and owner now, and
/// whether its deadline has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub created_utc: i64,
    pub status: OrderStatus,
    pub owner: Option<String>,
    pub late: bool,
}

/// What a report needs of an order it names: the amount, where it is, who has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBrief {
    pub total: i64,
    pub status: OrderStatus,
    pub owner: Option<String>,
}

/// `?, ?, …` and the open statuses as parameters.
fn open_statuses() -> (String, Vec<Box<dyn ToSql>>) {
    let open: Vec<Box<dyn ToSql>> =
        OrderStatus::open().map(|s| Box::new(s.as_str()) as Box<dyn ToSql>).collect();
    (vec!["?"; open.len()].join(", "), open)
}

// Late means `due_utc <= now`: the desk clears the deadline of every closed order
// (`Due::for_order`), so no status test is needed and the count stays inside the deadline
// index without reading a row. The deadline is spelled as the queue's sort key
// (`coalesce(due_utc, i64::MAX)`, the same for every order with a deadline) so SQLite uses the
// queue indexes `orders_queue` / `orders_queue_by_owner` of migration 5.

impl Tx<'_> {
    /// Orders that arrived in `[from, to)`, oldest first, with their state at `now`; the
    /// day's slice of `orders_by_created`.
    pub fn arrivals_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Arrival>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT created_utc, status, owner, coalesce(due_utc <= ?3, 0) FROM orders
             WHERE created_utc >= ?1 AND created_utc < ?2 ORDER BY created_utc",
        )?;
        let rows = stmt.query_map([from.timestamp(), to.timestamp(), now.timestamp()], |r| {
            Ok(Arrival { created_utc: r.get(0)?, status: word(r, 1)?, owner: r.get(2)?, late: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many orders are past their deadline at `now` (`owner`'s only when given).
    pub fn count_late(&self, now: DateTime<Utc>, owner: Option<&str>) -> Result<i64> {
        Ok(match owner {
            Some(owner) => self
                .conn
                .prepare_cached("SELECT count(*) FROM orders WHERE owner = ?1 AND coalesce(due_utc, 9223372036854775807) <= ?2")?
                .query_row(rusqlite::params![owner, now.timestamp()], |r| r.get(0))?,
            None => self
                .conn
                .prepare_cached("SELECT count(*) FROM orders WHERE coalesce(due_utc, 9223372036854775807) <= ?1")?
                .query_row([now.timestamp()], |r| r.get(0))?,
        })
    }

    /// Orders past their deadline at `now`, the longest overdue first (`owner`'s only when
    /// given). Walks the deadline index in order and stops after `limit`.
    pub fn late_orders(
        &self,
        now: DateTime<Utc>,
        owner: Option<&str>,
        limit: usize,
    ) -> Result<Vec<OrderRow>> {
        let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(now.timestamp())];
        let mut clause = "coalesce(o.due_utc, 9223372036854775807) <= ?".to_owned();
        if let Some(owner) = owner {
            clause.push_str(" AND o.owner = ?");
            args.push(Box::new(owner.to_owned()));
        }
        args.push(Box::new(limit as i64));
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE {clause} ORDER BY coalesce(o.due_utc, 9223372036854775807), o.created_utc, o.number LIMIT ?"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), row_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open orders nobody owns (E3), the oldest first, and how many there are in all. Both
    /// read the partial index `orders_unowned` (migration 4), which holds only such orders.
    pub fn unowned_orders(&self, limit: usize) -> Result<(i64, Vec<OrderRow>)> {
        let (marks, args) = open_statuses();
        let count_sql = format!(
            "SELECT count(*) FROM orders INDEXED BY orders_unowned WHERE owner IS NULL AND status IN ({marks})"
        );
        let total: i64 =
            self.conn.prepare_cached(&count_sql)?.query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        let (_, mut args) = open_statuses();
        args.push(Box::new(limit as i64));
        // The oldest are picked inside the index first, so only `limit` rows are joined.
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.number IN (SELECT number FROM orders INDEXED BY orders_unowned
                                WHERE owner IS NULL AND status IN ({marks})
                                ORDER BY created_utc, number LIMIT ?)
             ORDER BY o.created_utc, o.number"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), row_from)?;
        Ok((total, rows.collect::<rusqlite::Result<_>>()?))
    }

    /// An order's amount, status and owner by external id, without its items.
    pub fn order_brief(&self, id: &str) -> Result<Option<OrderBrief>> {
        Ok(self
            .conn
            .prepare_cached("SELECT total, status, owner FROM orders WHERE id = ?1")?
            .query_row([id], |r| Ok(OrderBrief { total: r.get(0)?, status: word(r, 1)?, owner: r.get(2)? }))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use chrono::{TimeZone, Utc};

    fn store() -> Store {
        let store = Store::in_memory().unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO customers (id, name, language, class) VALUES ('C-1', 'Олена', 'uk', 'regular');
                 INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method, payment,
                                     status, status_since, owner, due_utc, due_kind, total) VALUES
                 ('A', '2026-11-23T10:00:00+02:00', 100, 'site', 'C-1', 'post', 'card', 'new', '2026-11-23T10:00:00+02:00', NULL, 50, 'first_contact', 1000),
                 ('B', '2026-11-23T10:00:00+02:00', 200, 'site', 'C-1', 'post', 'card', 'new', '2026-11-23T10:00:00+02:00', NULL, 500, 'first_contact', 2000),
                 ('C', '2026-11-23T10:00:00+02:00', 300, 'site', 'C-1', 'post', 'card', 'in_work', '2026-11-23T10:00:00+02:00', 'olena', 60, 'in_work_limit', 3000),
                 ('D', '2026-11-23T10:00:00+02:00', 400, 'site', 'C-1', 'post', 'card', 'received', '2026-11-23T10:00:00+02:00', NULL, NULL, NULL, 4000);",
            )
            .unwrap();
        store
    }

    #[test]
    fn late_orders_come_longest_overdue_first_and_unowned_skips_closed_ones() {
        let store = store();
        let now = Utc.timestamp_opt(1000, 0).unwrap();
        let late: Vec<_> =
            store.read().late_orders(now, None, 10).unwrap().into_iter().map(|o| o.id).collect();
        assert_eq!(late, ["A", "C", "B"]);
        assert_eq!(store.read().count_late(Utc.timestamp_opt(100, 0).unwrap(), None).unwrap(), 2);
        assert_eq!(store.read().count_late(now, Some("olena")).unwrap(), 1);
        let (total, rows) = store.read().unowned_orders(1).unwrap();
        assert_eq!((total, rows[0].id.as_str()), (2, "A"));
        let arrived = store
            .read()
            .arrivals_between(Utc.timestamp_opt(200, 0).unwrap(), Utc.timestamp_opt(400, 0).unwrap(), now)
            .unwrap();
        let got: Vec<_> = arrived.iter().map(|a| (a.created_utc, a.late)).collect();
        assert_eq!(got, [(200, true), (300, true)]);
        assert_eq!(store.read().order_brief("C").unwrap().unwrap().total, 3000);
    }
}
