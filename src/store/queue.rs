//! The queue on a busy shop: windows of orders in deadline order and how many a tab or a filter
//! holds, in milliseconds on a million orders.
//!
//! - Windows are read in the order of the `orders_queue*` indexes (migration 5): the inner query
//!   picks a window's order numbers from the index alone, the outer one reads just those rows.
//! - Tab counts come from `order_tally` (kept by triggers), never from counting rows. A deep
//!   offset seeks to the deadline day holding it by the same tally, so the last page of a
//!   million-order queue costs what the first does.
//! - A text filter is `store::text`'s: it is matched once per query, and the count and the
//!   window both come from that one match.

use super::orders::{ROW_COLUMNS, row_from};
use super::{OrderQuery, OrderRow, Result, Sort, Tx};
use crate::domain::Vocabulary;
use rusqlite::ToSql;

/// The queue's sort key: the same expression as the `orders_queue*` indexes.
pub(super) const KEY: &str = "coalesce(o.due_utc, 9223372036854775807)";
const DAY: i64 = 86_400;
/// The tally's first day for orders without a deadline (their creation days follow).
const NO_DUE_DAYS: i64 = 1 << 40;
/// Offsets below this are skipped in the index; deeper ones seek by the tally first.
const SEEK_FROM: usize = 1_000;
pub(super) type Args = Vec<Box<dyn ToSql>>;

/// Where a deep window starts, found in the tally.
struct Seek {
    /// `(sort key, created_utc)` at or after which the window's day begins.
    from: (i64, i64),
    /// Orders of the tab before that point.
    before: usize,
    /// Orders of the tab in all.
    total: usize,
}

/// What a query's tab conditions are written against.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// `orders o`.
    Orders,
    /// `orders o`, kept from driving the query (`+`): another condition picks the rows.
    OrdersUnindexed,
    /// The tally, deadline days up to and including the bound's day (seeking).
    TallyThrough,
    /// The tally, whole deadline days before the bound's day (counting).
    TallyBefore,
}

impl OrderQuery {
    pub(crate) fn text(&self) -> Option<&str> {
        self.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
    }

    /// The tab part (statuses, owner, deadline) as conditions on `orders o`, or on the tally.
    pub(super) fn tab(&self, side: Side) -> (Vec<String>, Args) {
        let tally = matches!(side, Side::TallyThrough | Side::TallyBefore);
        let plus = if side == Side::OrdersUnindexed { "+" } else { "" };
        let status = if tally { "status".to_owned() } else { format!("{plus}o.status") };
        let owner = if tally { "owner".to_owned() } else { format!("{plus}o.owner") };
        let mut clauses = Vec::new();
        let mut args: Args = Vec::new();
        if !self.statuses.is_empty() {
            let marks = vec!["?"; self.statuses.len()].join(", ");
            clauses.push(format!("{status} IN ({marks})"));
            args.extend(self.statuses.iter().map(|s| Box::new(s.as_str()) as Box<dyn ToSql>));
        }
        if let Some(login) = &self.owner {
            clauses.push(format!("{owner} = ?"));
            args.push(Box::new(login.clone()));
        }
        if self.unowned {
            clauses.push(if tally { "owner = ''".into() } else { format!("{plus}o.owner IS NULL") });
        }
        // Never asked of the tally (it does not know handoffs): see `tally_count` and `orders`.
        if self.untaken_handoff && !tally {
            clauses.push("o.number IN (SELECT order_number FROM handoffs WHERE taken_by IS NULL)".into());
        }
        if let Some(by) = self.due_by {
            match side {
                Side::Orders | Side::OrdersUnindexed => {
                    clauses.push(format!("{plus}{KEY} <= ?"));
                    args.push(Box::new(by.timestamp()));
                }
                Side::TallyThrough => {
                    clauses.push("due_day <= ?".into());
                    args.push(Box::new(by.timestamp() / DAY));
                }
                Side::TallyBefore => {
                    clauses.push("due_day < ?".into());
                    args.push(Box::new(by.timestamp() / DAY));
                }
            }
        }
        (clauses, args)
    }
}

pub(super) fn where_of(clauses: &[String]) -> String {
    if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) }
}

impl Tx<'_> {
    /// A window of the queue.
    pub fn orders(&self, q: &OrderQuery) -> Result<Vec<OrderRow>> {
        if q.text().is_some() {
            return Ok(self.text_page(q, true)?.1);
        }
        let (mut clauses, mut args) = q.tab(Side::Orders);
        let order_by = order_by(q.sort);
        let forward = q.sort == Sort::Due;
        let (mut offset, mut limit, mut backward, mut tail) = (q.offset, q.limit, false, false);
        if forward && !q.untaken_handoff && offset >= SEEK_FROM {
            let Some(mut seek) = self.seek(q, offset)? else { return Ok(Vec::new()) };
            if q.due_by.is_some() {
                // The tally's last day runs past the deadline bound: count that day exactly.
                seek.total = usize::try_from(self.tally_count(q)?).unwrap_or(0);
            }
            if offset >= seek.total {
                return Ok(Vec::new());
            }
            let end = (offset + limit).min(seek.total);
            if seek.total - end < offset - seek.before {
                // Nearer the end than the start of its day: read from the end backwards.
                limit = end - offset;
                offset = seek.total - end;
                backward = true;
            } else {
                // Spelled so the index can seek (SQLite does not range-scan an expression index
                // by row value): the no-deadline tail is one key, ordered by creation.
                if seek.from.0 == i64::MAX {
                    clauses.push(format!("{KEY} = ? AND o.created_utc >= ?"));
                    args.push(Box::new(seek.from.0));
                    args.push(Box::new(seek.from.1));
                    tail = true;
                } else {
                    clauses.push(format!("{KEY} >= ?"));
                    args.push(Box::new(seek.from.0));
                }
                offset -= seek.before;
            }
        }
        let inner_order = if backward {
            format!("{KEY} DESC, o.created_utc DESC, o.number DESC")
        } else if tail {
            // With the key fixed by `=`, SQLite reads the index in order only if the ORDER BY
            // leaves the key out (else it sorts the whole tail).
            "o.created_utc, o.number".to_owned()
        } else {
            order_by.clone()
        };
        // The inner query finds the window's numbers (from the index alone when there is no
        // text), the outer one reads only those rows: skipping never reads the skipped rows.
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM
               (SELECT o.number AS n FROM orders o {} ORDER BY {inner_order} LIMIT {limit} OFFSET ?) AS w
             CROSS JOIN orders o ON o.number = w.n
             JOIN customers c ON c.id = o.customer_id
             ORDER BY {order_by}",
            where_of(&clauses)
        );
        // The limit is spelled into the statement (a bound LIMIT makes SQLite compile the
        // statement again on every run); it takes few values.
        args.push(Box::new(offset as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), row_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Where the `offset`-th order of the tab lies: the sort key it is at or after (the start of
    /// its tally day), how many orders come before that, and how many the tab holds in all.
    /// `None` past the end.
    fn seek(&self, q: &OrderQuery, offset: usize) -> Result<Option<Seek>> {
        let (clauses, args) = q.tab(Side::TallyThrough);
        let sql = format!(
            "SELECT due_day, sum(n) FROM order_tally {} GROUP BY due_day ORDER BY due_day",
            where_of(&clauses)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let (mut total, mut found) = (0usize, None);
        while let Some(row) = rows.next()? {
            let day: i64 = row.get(0)?;
            let n = usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0);
            if found.is_none() && total + n > offset {
                // Days from 2^40 on are creation days of orders without a deadline.
                let from = if day >= NO_DUE_DAYS {
                    (i64::MAX, (day - NO_DUE_DAYS).saturating_mul(DAY))
                } else {
                    (day.saturating_mul(DAY), i64::MIN)
                };
                found = Some((from, total));
            }
            total += n;
        }
        Ok(found.map(|(from, before)| Seek { from, before, total }))
    }

    /// How many orders the query matches in all (ignoring limit and offset). A broad text filter
    /// stops counting above [`TEXT_COUNT_CAP`] (the queue says "500+").
    pub fn count_orders(&self, q: &OrderQuery) -> Result<i64> {
        if q.text().is_some() {
            return Ok(self.text_page(q, false)?.0);
        }
        if !q.untaken_handoff {
            return self.tally_count(q);
        }
        let (clauses, args) = q.tab(Side::Orders);
        let sql = format!("SELECT count(*) FROM orders o {}", where_of(&clauses));
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
    }

    /// How many orders the query matches and its window, in one go: a text filter is matched
    /// once for both (each match is the costly part).
    pub fn queue_page(&self, q: &OrderQuery) -> Result<(i64, Vec<OrderRow>)> {
        if q.text().is_some() {
            return self.text_page(q, true);
        }
        Ok((self.count_orders(q)?, self.orders(q)?))
    }

    /// A tab's count from the tally: whole deadline days from the tally, the day the deadline
    /// bound falls in from the index.
    fn tally_count(&self, q: &OrderQuery) -> Result<i64> {
        let (clauses, args) = q.tab(Side::TallyBefore);
        let sql = format!("SELECT coalesce(sum(n), 0) FROM order_tally {}", where_of(&clauses));
        let mut count: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        if let Some(by) = q.due_by {
            let (mut clauses, mut more) = q.tab(Side::Orders);
            let day_start = (by.timestamp() / DAY) * DAY;
            clauses.push(format!("{KEY} >= ?"));
            more.push(Box::new(day_start));
            let sql = format!("SELECT count(*) FROM orders o {}", where_of(&clauses));
            count += self
                .conn
                .prepare_cached(&sql)?
                .query_row(rusqlite::params_from_iter(more.iter()), |r| r.get::<_, i64>(0))?;
        }
        Ok(count)
    }
}

/// The ORDER BY of a sort, on `orders o`.
pub(super) fn order_by(sort: Sort) -> String {
    match sort {
        Sort::Due => format!("{KEY}, o.created_utc, o.number"),
        Sort::Newest => "o.created_utc DESC, o.number DESC".to_owned(),
        Sort::OldestHandoff => "(SELECT min(h.created_at) FROM handoffs h
              WHERE h.order_number = o.number AND h.taken_by IS NULL), o.number"
            .to_owned(),
    }
}

/// What the text filter compares: lower case by Unicode rules (SQLite's own `lower()` and
/// `LIKE` fold ASCII only). Registered on every connection as `opdesk_fold`.
pub(super) fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// Registers `opdesk_fold(text)` on a connection.
pub(super) fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "opdesk_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text =
                ctx.get_raw(0).as_str_or_null().map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
            Ok(text.map(fold))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_unicode() {
        assert_eq!(fold("БОНДАР Ї"), "бондар ї");
    }
}
