//! The queue's text filter: an order id prefix, or part of the customer's name, or the start of
//! their phone number, within a keystroke on a million orders.
//!
//! A text is matched once per query ([`Tx::text_page`]), and both the count and the window come
//! from that one match:
//!
//! 1. **Who matches**, without reading customers' rows: ids by prefix (as typed and upper-cased)
//!    from the id index; names through the trigram index of distinct names, then their customers
//!    from `customers_by_name`; phones by the prefix of their digits from
//!    `customers_by_phone_digits` (migration 6). Names need 3 characters (the trigram minimum),
//!    phones 3 digits; shorter text matches ids only.
//! 2. **Few customers** (≤ [`FEW_CUSTOMERS`]): their orders, with sort key, status and owner,
//!    come from `orders_by_customer` alone; they are sorted here and counted exactly, and the
//!    window's rows are read by number.
//! 3. **Many customers**: the queue is walked in order (`orders_queue_text`, which carries each
//!    order's customer) and each order tested against the row numbers of those customers, held
//!    here sorted (`opdesk_matched`; the number comes from the customers' id index, no row read),
//!    or, past [`MANY_CUSTOMERS`], against its customer's name or phone,
//!    until the window is full and the count reaches [`TEXT_COUNT_CAP`] ("200+"). The more
//!    customers match, the sooner the walk finds them, so the walk stays short exactly when
//!    listing and sorting would not.

use super::orders::{ROW_COLUMNS, row_from};
use super::queue::{Args, KEY, Side, fold, order_by, where_of};
use super::{OrderQuery, OrderRow, Result, Sort, Tx};
use rusqlite::types::Value;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// How far the count of a walked (broad) text filter goes before it says "this many or more".
/// Never more rows than this are listed for a broad filter: it is there to be narrowed.
pub const TEXT_COUNT_CAP: i64 = 200;
/// Customers (or matching ids) up to which their orders are listed and sorted. Each customer is
/// a seek into `orders_by_customer`, mostly a page the cache does not hold (~5 µs); a walk of
/// `orders_queue_text` costs ~0.25 µs an order and needs 201 / density orders. They cost the
/// same near 1 600 customers of 250 000 (~8 ms); measured on the 1M store.
const FEW_CUSTOMERS: usize = 1_500;
/// Customers up to which a walk tests orders against a list of them; past it (a fifth of a big
/// shop), the walk tests each order's customer row, and finds a window within a few hundred.
const MANY_CUSTOMERS: usize = 50_000;
/// Name parts need this many characters: the trigram index cannot look up fewer.
const MIN_PART: usize = 3;
/// A phone prefix needs this many digits.
const MIN_DIGITS: usize = 3;

/// The customers a text names.
enum Customers {
    /// None looked for: the text is too short for names and holds no phone prefix.
    Untested,
    /// These (customer ids), at most [`FEW_CUSTOMERS`].
    Listed(Vec<String>),
    /// More than [`FEW_CUSTOMERS`], at most [`MANY_CUSTOMERS`]: whom the walk tests each
    /// order's customer against, by id or, when many, by row number (see [`numbers_pay_off`]).
    Walked(Matching),
    /// More than [`MANY_CUSTOMERS`] bear a name with this (folded) part.
    NamePart(String),
    /// More than [`MANY_CUSTOMERS`] have a phone starting with these digits.
    PhonePrefix(String),
}

/// What a text matches, found once per query.
struct Matched {
    /// `[from, to)` id ranges: the text as typed and upper-cased.
    ids: Vec<(String, String)>,
    /// Orders with such an id, counted up to [`FEW_CUSTOMERS`] + 1.
    id_hits: usize,
    customers: Customers,
}

/// `[from, to)` ranges of ids starting with the text as typed and in upper case (ids are
/// usually upper case, operators type lower case).
fn id_ranges(text: &str) -> Vec<(String, String)> {
    let mut prefixes = vec![text.to_owned()];
    let upper = text.to_uppercase();
    if upper != text {
        prefixes.push(upper);
    }
    prefixes.into_iter().map(|p| (p.clone(), format!("{p}\u{10FFFF}"))).collect()
}

fn id_clause(ids: &[(String, String)], plain: bool, args: &mut Args) -> String {
    let col = if plain { "o.id" } else { "+o.id" };
    let parts: Vec<String> = ids
        .iter()
        .map(|(from, to)| {
            args.push(Box::new(from.clone()));
            args.push(Box::new(to.clone()));
            format!("({col} >= ? AND {col} < ?)")
        })
        .collect();
    format!("({})", parts.join(" OR "))
}

/// The digits of a text that reads as a phone number (digits and the usual separators only,
/// at least [`MIN_DIGITS`] digits), as `phone_digits` keeps them.
fn phone_digits(text: &str) -> Option<String> {
    let phone_like = text.chars().all(|c| c.is_ascii_digit() || "+ -().".contains(c));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (phone_like && digits.len() >= MIN_DIGITS).then_some(digits)
}

/// `[from, to)` of texts starting with `prefix` (of ASCII digits: ':' follows '9').
fn digits_range(prefix: &str) -> (String, String) {
    (prefix.to_owned(), format!("{prefix}:"))
}

/// FNV-1a: customer ids are short and not chosen by an attacker, and SipHash made building a
/// set of thousands of them a fifth of a keystroke.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type IdSet = HashSet<Box<str>, BuildHasherDefault<Fnv>>;

/// The customers a walk tests each order against.
#[derive(Default)]
enum Matching {
    #[default]
    Nobody,
    /// By id, tested on the order's own `customer_id`.
    Ids(IdSet),
    /// By row number (sorted), tested on the customer's `rowid` from the id index.
    Numbers(Vec<i64>),
}

thread_local! {
    /// What `opdesk_matched` tests against. A statement runs on the thread that steps it, so the
    /// customers are lent to the SQL function for the length of one walk. (Measured: faster than
    /// letting SQLite gather `IN (subquery)` into its own lookup table, 4 ms against 15 ms for
    /// 31 000 customers.)
    static MATCHED: RefCell<Matching> = const { RefCell::new(Matching::Nobody) };
}

/// Lends customers to `opdesk_matched` until dropped.
struct Lent;

impl Lent {
    fn new(matching: Matching) -> Lent {
        MATCHED.with(|m| *m.borrow_mut() = matching);
        Lent
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        MATCHED.with(|m| *m.borrow_mut() = Matching::Nobody);
    }
}

/// Registers `opdesk_matched(customer)`: whether the walk's lent customers hold this one, given
/// by id (text) or row number (integer). Not deterministic (it depends on what is lent), so
/// SQLite calls it on every row.
pub(super) fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::ValueRef;
    conn.create_scalar_function("opdesk_matched", 1, FunctionFlags::SQLITE_UTF8, |ctx| {
        let customer = ctx.get_raw(0);
        Ok(MATCHED.with(|m| match (&*m.borrow(), customer) {
            (Matching::Ids(set), ValueRef::Text(id)) => {
                std::str::from_utf8(id).is_ok_and(|id| set.contains(id))
            }
            (Matching::Numbers(numbers), ValueRef::Integer(n)) => numbers.binary_search(&n).is_ok(),
            _ => false,
        }))
    })
}

/// Above how many matching customers a walk tests row numbers (one id-index seek per walked
/// order, ~1.3 µs) rather than a set of ids (listing and hashing each id, ~0.2 µs a customer).
/// A walk visits ~201 / density orders, density being `matched / customers`: the two cost the
/// same where `matched² ≈ 1 300 × customers`, ~18 000 of 250 000 (measured on the 1M store).
fn numbers_pay_off(matched: usize, customers: i64) -> bool {
    let matched = matched as f64;
    matched * matched > 1_300.0 * customers.max(1) as f64
}

fn text_values(items: impl IntoIterator<Item = String>) -> Rc<Vec<Value>> {
    Rc::new(items.into_iter().map(Value::Text).collect())
}

impl Tx<'_> {
    /// Who the text matches: see the module header, step 1.
    fn match_text(&self, text: &str) -> Result<Matched> {
        let ids = id_ranges(text);
        let mut args: Args = Vec::new();
        let clause = id_clause(&ids, true, &mut args);
        // "GEN-" may start every id in the store: count only as far as the choice needs.
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM orders o WHERE {clause} LIMIT {})",
            FEW_CUSTOMERS + 1
        );
        let id_hits: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let id_hits = usize::try_from(id_hits).unwrap_or(0);
        // Whom the text names, as a query listing `c.{column}` of the customers (index-only,
        // see migration 6: the indexes hold each customer's id and row number).
        let select = if let Some(digits) = phone_digits(text) {
            let (from, to) = digits_range(&digits);
            Some((
                "FROM customers c WHERE c.phone_digits >= ? AND c.phone_digits < ?",
                vec![from, to],
                Customers::PhonePrefix(digits),
            ))
        } else if text.chars().count() >= MIN_PART {
            // The distinct names drive (CROSS JOIN): a phrase looked up among a shop's names,
            // then their bearers from the (name, id) index, no customer row read.
            Some((
                "FROM customer_names n CROSS JOIN customers c ON c.name = n.name
                 WHERE n.rowid IN (SELECT rowid FROM customer_names_search WHERE customer_names_search MATCH ?)",
                vec![format!("\"{}\"", text.replace('"', "\"\""))],
                Customers::NamePart(fold(text)),
            ))
        } else {
            None
        };
        let customers = match select {
            None => Customers::Untested,
            Some((from, params, broad)) => {
                // Listed by id only when few (a few thousand strings); otherwise by number.
                let list: Vec<String> = {
                    let sql = format!("SELECT c.id {from} LIMIT {}", FEW_CUSTOMERS + 1);
                    let mut stmt = self.conn.prepare_cached(&sql)?;
                    let found = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
                    found.collect::<rusqlite::Result<_>>()?
                };
                if list.len() <= FEW_CUSTOMERS {
                    Customers::Listed(list)
                } else {
                    let numbers: Vec<i64> = {
                        let sql = format!("SELECT c.rowid {from} LIMIT {}", MANY_CUSTOMERS + 1);
                        let mut stmt = self.conn.prepare_cached(&sql)?;
                        let found =
                            stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
                        found.collect::<rusqlite::Result<_>>()?
                    };
                    if numbers.len() > MANY_CUSTOMERS {
                        // Past MANY the broad test is the cheaper one.
                        broad
                    } else if numbers_pay_off(numbers.len(), self.customers_upper_bound()?) {
                        let mut numbers = numbers;
                        numbers.sort_unstable();
                        Customers::Walked(Matching::Numbers(numbers))
                    } else {
                        let mut stmt = self.conn.prepare_cached(&format!("SELECT c.id {from}"))?;
                        let mut found = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                        let mut set = IdSet::with_capacity_and_hasher(numbers.len(), Default::default());
                        while let Some(row) = found.next()? {
                            set.insert(row.get::<_, String>(0)?.into_boxed_str());
                        }
                        Customers::Walked(Matching::Ids(set))
                    }
                }
            }
        };
        Ok(Matched { ids, id_hits, customers })
    }

    /// About how many customers the store holds (the highest row number: O(log n), and the
    /// same as the count while no customer is deleted).
    fn customers_upper_bound(&self) -> Result<i64> {
        let max: Option<i64> =
            self.conn.prepare_cached("SELECT max(rowid) FROM customers")?.query_row([], |r| r.get(0))?;
        Ok(max.unwrap_or(0))
    }

    /// How many orders a text filter matches (capped when broad) and, with `rows`, its window.
    pub(super) fn text_page(&self, q: &OrderQuery, rows: bool) -> Result<(i64, Vec<OrderRow>)> {
        let Some(text) = q.text() else { return Ok((0, Vec::new())) };
        let matched = self.match_text(text)?;
        let few_ids = matched.id_hits <= FEW_CUSTOMERS;
        match &matched.customers {
            Customers::Untested if few_ids => self.gathered(q, &matched, &[], rows),
            Customers::Listed(list) if list.len() <= FEW_CUSTOMERS && few_ids => {
                self.gathered(q, &matched, list, rows)
            }
            _ => self.walked(q, matched, rows),
        }
    }

    /// Few match: every matching order of the tab, sorted here (module header, step 2).
    fn gathered(
        &self,
        q: &OrderQuery,
        matched: &Matched,
        customers: &[String],
        rows: bool,
    ) -> Result<(i64, Vec<OrderRow>)> {
        // The text picks the rows by index; the tab's conditions only test them.
        let clauses = q.tab(Side::OrdersUnindexed).0;
        let mut keys: Vec<(i64, i64, i64)> = Vec::new();
        let mut read = |condition: String, mut args: Args| -> Result<()> {
            args.extend(q.tab(Side::OrdersUnindexed).1);
            let mut all = clauses.clone();
            all.insert(0, condition);
            let sql = format!("SELECT {KEY}, o.created_utc, o.number FROM orders o {}", where_of(&all));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let found = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            for key in found {
                keys.push(key?);
            }
            Ok(())
        };
        if !customers.is_empty() {
            // From `orders_by_customer` alone: it carries the sort key, status and owner.
            // In index order, so neighbouring customers share the pages they are read from.
            let mut sorted = customers.to_vec();
            sorted.sort_unstable();
            let args: Args = vec![Box::new(text_values(sorted))];
            read("o.customer_id IN rarray(?)".into(), args)?;
        }
        if matched.id_hits > 0 {
            let mut args: Args = Vec::new();
            let clause = id_clause(&matched.ids, true, &mut args);
            read(clause, args)?;
        }
        // An order may match by id and by customer: the same number, the same key.
        keys.sort_unstable();
        keys.dedup();
        let count = keys.len() as i64;
        if !rows || keys.is_empty() {
            return Ok((count, Vec::new()));
        }
        if q.sort == Sort::Due {
            let window: Vec<i64> = keys.iter().skip(q.offset).take(q.limit).map(|k| k.2).collect();
            return Ok((count, self.rows_in_order(&window)?));
        }
        // Another order (the duty inbox's oldest handoff first): SQL sorts the few matches.
        let numbers = Rc::new(keys.iter().map(|k| Value::Integer(k.2)).collect::<Vec<_>>());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.number IN rarray(?1) ORDER BY {} LIMIT {} OFFSET {}",
            order_by(q.sort),
            q.limit,
            q.offset
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let found = stmt.query_map([numbers], row_from)?;
        Ok((count, found.collect::<rusqlite::Result<_>>()?))
    }

    /// Many match: the queue walked in order, each order tested (module header, step 3).
    fn walked(&self, q: &OrderQuery, matched: Matched, rows: bool) -> Result<(i64, Vec<OrderRow>)> {
        let (mut clauses, mut args) = q.tab(Side::Orders);
        let mut tests = Vec::new();
        let mut join = "";
        let mut lent = None;
        if matched.id_hits > 0 {
            // `+`: the queue's index drives the walk, not the id's.
            tests.push(id_clause(&matched.ids, false, &mut args));
        }
        match matched.customers {
            Customers::Untested => {}
            Customers::Listed(list) => {
                tests.push("o.customer_id IN rarray(?)".to_owned());
                args.push(Box::new(text_values(list)));
            }
            Customers::Walked(matching) => {
                if matches!(matching, Matching::Numbers(_)) {
                    // The customers' id index gives each order's customer number without its row.
                    join = "CROSS JOIN customers c ON c.id = o.customer_id";
                    tests.push("opdesk_matched(c.rowid)".to_owned());
                } else {
                    tests.push("opdesk_matched(o.customer_id)".to_owned());
                }
                lent = Some(Lent::new(matching));
            }
            Customers::NamePart(folded) => {
                join = "CROSS JOIN customers c ON c.id = o.customer_id";
                tests.push("instr(opdesk_fold(c.name), ?) > 0".to_owned());
                args.push(Box::new(folded));
            }
            Customers::PhonePrefix(digits) => {
                join = "CROSS JOIN customers c ON c.id = o.customer_id";
                tests.push("(c.phone_digits >= ? AND c.phone_digits < ?)".to_owned());
                let (from, to) = digits_range(&digits);
                args.push(Box::new(from));
                args.push(Box::new(to));
            }
        }
        if tests.is_empty() {
            return Ok((0, Vec::new()));
        }
        clauses.push(format!("({})", tests.join(" OR ")));
        let cap = TEXT_COUNT_CAP as usize + 1;
        let reach = if rows { cap.max(q.offset + q.limit) } else { cap };
        // CROSS JOIN keeps the queue's order driving (SQLite would otherwise walk the customers
        // and sort every match).
        // In queue order, `orders_queue_text` answers the tests from the index alone (an id
        // prefix excepted, which reads the row).
        let index = if q.sort == Sort::Due { "INDEXED BY orders_queue_text" } else { "" };
        let sql = format!(
            "SELECT o.number FROM orders o {index} {join} {} ORDER BY {} LIMIT {reach}",
            where_of(&clauses),
            order_by(q.sort)
        );
        let numbers: Vec<i64> = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let found = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
            found.collect::<rusqlite::Result<_>>()?
        };
        drop(lent);
        let count = numbers.len().min(cap) as i64;
        if !rows {
            return Ok((count, Vec::new()));
        }
        let window: Vec<i64> = numbers.iter().skip(q.offset).take(q.limit).copied().collect();
        Ok((count, self.rows_in_order(&window)?))
    }

    /// The queue rows of `numbers`, in that order.
    fn rows_in_order(&self, numbers: &[i64]) -> Result<Vec<OrderRow>> {
        if numbers.is_empty() {
            return Ok(Vec::new());
        }
        let values = Rc::new(numbers.iter().map(|n| Value::Integer(*n)).collect::<Vec<_>>());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.number IN rarray(?1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let found: Vec<OrderRow> = stmt.query_map([values], row_from)?.collect::<rusqlite::Result<_>>()?;
        let place: HashMap<i64, usize> = numbers.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut rows = found;
        rows.sort_by_key(|r| place.get(&r.number).copied().unwrap_or(usize::MAX));
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_matched_as_typed_and_in_upper_case() {
        let r = id_ranges("site-10");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].0, "SITE-10");
        assert_eq!(id_ranges("SITE").len(), 1);
    }

    #[test]
    fn a_phone_is_read_by_its_digits() {
        assert_eq!(phone_digits("+38 (067) 000-12").as_deref(), Some("3806700012"));
        assert_eq!(phone_digits("067"), Some("067".into()));
        assert_eq!(phone_digits("+38"), None, "too few digits for a prefix");
        assert_eq!(phone_digits("gen-0000123"), None, "letters: an id or a name");
        assert_eq!(digits_range("38067").1, "38067:");
    }

    /// A store of `customers` customers, one order each, every `nth` named "Олена Ткаченко"
    /// (the rest "Іван Бондар"), phones numbered in sequence.
    fn shop(customers: usize, nth: usize) -> crate::store::Store {
        let store = crate::store::Store::in_memory().unwrap();
        let tx = store.read();
        tx.conn.execute_batch("BEGIN").unwrap();
        for i in 0..customers {
            let name = if i % nth == 0 { "Олена Ткаченко" } else { "Іван Бондар" };
            tx.conn
                .execute(
                    "INSERT INTO customers (id, name, phone, language, class) VALUES (?1, ?2, ?3, 'uk', 'regular')",
                    rusqlite::params![format!("C-{i:05}"), name, format!("+38067{i:07}")],
                )
                .unwrap();
            tx.conn
                .execute(
                    "INSERT INTO orders (id, created_at, created_utc, source, customer_id, delivery_method, payment, status, status_since, due_utc)
                     VALUES (?1, '2026-11-23T10:00:00+02:00', ?2, 'site', ?3, 'courier', 'cash_on_delivery', 'new', '2026-11-23T10:00:00+02:00', ?4)",
                    rusqlite::params![format!("SITE-{i:05}"), 1_000 + i as i64, format!("C-{i:05}"), (i as i64 * 7_919) % 10_007],
                )
                .unwrap();
        }
        tx.conn.execute_batch("COMMIT").unwrap();
        store
    }

    /// Every order of the text's customers in queue order, read the obvious way.
    fn plain(store: &crate::store::Store, condition: &str) -> Vec<String> {
        let tx = store.read();
        let sql = format!(
            "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE {condition}
             ORDER BY o.due_utc, o.created_utc, o.number"
        );
        let mut stmt = tx.conn.prepare(&sql).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    fn filtered(store: &crate::store::Store, text: &str) -> (i64, Vec<String>) {
        let q = OrderQuery { text: Some(text.into()), limit: 50, ..Default::default() };
        let (count, rows) = store.read().text_page(&q, true).unwrap();
        (count, rows.into_iter().map(|r| r.id).collect())
    }

    /// Whichever way the matching customers are held for the walk (ids, row numbers, or their
    /// names read row by row), the window is the first of the queue's matches.
    #[test]
    fn a_broad_filter_walks_the_queue_however_its_customers_are_held() {
        // 6 000 customers: numbers pay off above ~2 800 matches.
        let store = shop(6_000, 3);
        let matched = 6_000 / 3;
        assert!(matched > FEW_CUSTOMERS && !numbers_pay_off(matched, 6_000), "2 000 are walked by id");
        let want = plain(&store, "c.name = 'Олена Ткаченко'");
        assert_eq!(filtered(&store, "ткач"), (TEXT_COUNT_CAP + 1, want[..50].to_vec()), "by id");
        let want = plain(&store, "c.name = 'Іван Бондар'");
        assert!(numbers_pay_off(6_000 - matched, 6_000), "4 000 are walked by number");
        assert_eq!(filtered(&store, "бонд"), (TEXT_COUNT_CAP + 1, want[..50].to_vec()), "by number");
        let want = plain(&store, "1");
        assert_eq!(filtered(&store, "+38067"), (TEXT_COUNT_CAP + 1, want[..50].to_vec()), "a phone prefix");
        let want = plain(&store, "c.phone LIKE '+380670001%'");
        assert_eq!(filtered(&store, "+380670001"), (want.len() as i64, want[..50].to_vec()), "few: listed");
    }

    #[test]
    fn numbers_pay_off_for_many_matches_of_a_big_shop() {
        assert!(!numbers_pay_off(2_000, 250_000));
        assert!(numbers_pay_off(31_500, 250_000));
        assert!(numbers_pay_off(1_600, 1_000), "most of a small shop");
    }
}
