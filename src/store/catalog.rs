//! Products and customers: written by import, read by the desk for facts and the customer pane.

use super::{Result, Tx};
use crate::domain::{Customer, CustomerEvent, OrderStatus, Product, Vocabulary};
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, Row, params};

/// Another order of the same customer, as the customer pane and B2 need it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CustomerOrder {
    pub id: String,
    pub status: OrderStatus,
    pub owner: Option<String>,
    pub total: i64,
    pub created_at: DateTime<FixedOffset>,
}

/// Reads an enum column, turning an unknown word into a conversion error naming the column.
pub(super) fn word<T: Vocabulary>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    T::parse(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

/// Reads an RFC 3339 column.
pub(super) fn instant(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<FixedOffset>> {
    let text: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

impl Tx<'_> {
    /// Inserts or updates a product by SKU.
    pub fn upsert_product(&self, p: &Product) -> Result<()> {
        let attributes = serde_json::to_string(&p.attributes).unwrap_or_else(|_| "{}".into());
        self.conn
            .prepare_cached(
                "INSERT INTO products (sku, name, category, stock, price, age_restricted, no_reserve, attributes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category,
                   stock = excluded.stock, price = excluded.price, age_restricted = excluded.age_restricted,
                   no_reserve = excluded.no_reserve, attributes = excluded.attributes",
            )?
            .execute(params![p.sku, p.name, p.category, p.stock, p.price, p.age_restricted, p.no_reserve, attributes])?;
        Ok(())
    }

    pub fn product(&self, sku: &str) -> Result<Option<Product>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT sku, name, category, stock, price, age_restricted, no_reserve, attributes
                 FROM products WHERE sku = ?1",
            )?
            .query_row([sku], product_from_row)
            .optional()?)
    }

    /// A product's stock alone (the analogs of a cancel, looked up on every keystroke of its
    /// form); `None` when the catalogue has no such SKU.
    pub fn stock(&self, sku: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT stock FROM products WHERE sku = ?1")?
            .query_row([sku], |r| r.get(0))
            .optional()?)
    }

    pub fn product_exists(&self, sku: &str) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM products WHERE sku = ?1")?.exists([sku])?)
    }

    /// Products of a category that are in stock, most stock first (B17: advise what there is
    /// more of), without `except`.
    pub fn in_stock_by_category(&self, category: &str, except: &str, limit: usize) -> Result<Vec<Product>> {
        // The limit is spelled into the statement: SQLite compiles a statement again each time a
        // bound LIMIT changes (it plans with the value), which cost more than the query.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT sku, name, category, stock, price, age_restricted, no_reserve, attributes
             FROM products WHERE category = ?1 AND stock > 0 AND sku <> ?2
             ORDER BY stock DESC, sku LIMIT {limit}"
        ))?;
        let rows = stmt.query_map(params![category, except], product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether any product of a category is in stock (no product is read).
    pub fn any_in_stock(&self, category: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM products WHERE category = ?1 AND stock > 0 LIMIT 1")?
            .exists([category])?)
    }

    /// Inserts or updates a customer by id, replacing their recorded events.
    pub fn upsert_customer(&self, c: &Customer) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO customers (id, name, phone, email, language, class, blocked_since, personal_discount, designated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
                   email = excluded.email, language = excluded.language, class = excluded.class,
                   blocked_since = excluded.blocked_since, personal_discount = excluded.personal_discount,
                   designated = excluded.designated",
            )?
            .execute(params![
                c.id,
                c.name,
                c.phone,
                c.email,
                c.language.as_str(),
                c.class.as_str(),
                c.blocked_since.map(|d| d.to_string()),
                c.personal_discount,
                c.designated,
            ])?;
        self.conn.prepare_cached("DELETE FROM customer_events WHERE customer_id = ?1")?.execute([&c.id])?;
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO customer_events (customer_id, kind, date, recorded_at) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for e in &c.events {
            insert.execute(params![c.id, e.kind.as_str(), e.date.to_string(), e.recorded_at.to_string()])?;
        }
        Ok(())
    }

    pub fn customer_exists(&self, id: &str) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM customers WHERE id = ?1")?.exists([id])?)
    }

    pub fn customer(&self, id: &str) -> Result<Option<Customer>> {
        let customer = self
            .conn
            .prepare_cached(
                "SELECT id, name, phone, email, language, class, blocked_since, personal_discount, designated
                 FROM customers WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Customer {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    email: r.get(3)?,
                    language: word(r, 4)?,
                    class: word(r, 5)?,
                    blocked_since: r
                        .get::<_, Option<String>>(6)?
                        .map(|d| {
                            d.parse().map_err(|e| {
                                rusqlite::Error::FromSqlConversionFailure(
                                    6,
                                    rusqlite::types::Type::Text,
                                    Box::new(e),
                                )
                            })
                        })
                        .transpose()?,
                    events: Vec::new(),
                    personal_discount: r.get(7)?,
                    designated: r.get(8)?,
                })
            })
            .optional()?;
        let Some(mut customer) = customer else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, date, recorded_at FROM customer_events WHERE customer_id = ?1 ORDER BY date",
        )?;
        let parse_date = |r: &Row<'_>, i: usize| -> rusqlite::Result<chrono::NaiveDate> {
            let text: String = r.get(i)?;
            text.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            })
        };
        customer.events = stmt
            .query_map([id], |r| {
                Ok(CustomerEvent {
                    kind: word(r, 0)?,
                    date: parse_date(r, 1)?,
                    recorded_at: parse_date(r, 2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(customer))
    }

    /// The customer's orders, newest first, at most `limit`.
    pub fn customer_orders(&self, customer_id: &str, limit: usize) -> Result<Vec<CustomerOrder>> {
        // A literal limit: see `in_stock_by_category`.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, status, owner, total, created_at FROM orders
             WHERE customer_id = ?1 ORDER BY created_utc DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map(params![customer_id], |r| {
            Ok(CustomerOrder {
                id: r.get(0)?,
                status: word(r, 1)?,
                owner: r.get(2)?,
                total: r.get(3)?,
                created_at: instant(r, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The customer's orders in `statuses` other than `except` (an order id), newest first, at
    /// most `limit`: (id, status, owner). What rule B2 needs, without the other orders' totals
    /// and dates.
    pub fn customer_orders_in(
        &self,
        customer_id: &str,
        statuses: &[OrderStatus],
        except: &str,
        limit: usize,
    ) -> Result<Vec<(String, OrderStatus, Option<String>)>> {
        let marks = vec!["?"; statuses.len()].join(", ");
        let sql = format!(
            "SELECT id, status, owner FROM orders
             WHERE customer_id = ? AND id <> ? AND status IN ({marks}) ORDER BY created_utc DESC LIMIT {limit}"
        );
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&customer_id, &except];
        let words: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        args.extend(words.iter().map(|w| w as &dyn rusqlite::ToSql));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args.as_slice(), |r| Ok((r.get(0)?, word(r, 1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many orders a customer has in all.
    pub fn customer_order_count(&self, customer_id: &str) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM orders WHERE customer_id = ?1")?
            .query_row([customer_id], |r| r.get(0))?)
    }
}

fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    let attributes: String = r.get(7)?;
    Ok(Product {
        sku: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        stock: r.get(3)?,
        price: r.get(4)?,
        age_restricted: r.get(5)?,
        no_reserve: r.get(6)?,
        attributes: serde_json::from_str(&attributes).unwrap_or_default(),
    })
}
