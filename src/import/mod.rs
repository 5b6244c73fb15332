//! Reading the incoming-orders feed: `.json` (arrays `products`, `customers`, `orders`),
//! `.jsonl` (one record per line, streamed) and `.csv` (products). This module only reads and
//! checks each record on its own; the desk checks references against the store and writes
//! everything of one file in one transaction.

mod records;

pub use records::{CustomerRecord, OrderRecord, ProductRecord, Record};

use crate::domain::limits;
use crate::domain::{Customer, CustomerEvent, Order, OrderStatus, Product};
use chrono::DateTime;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};

/// A bad record or an unreadable file: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {location}: {message}", file.display())]
pub struct ImportError {
    pub file: PathBuf,
    /// `line 17`, `orders[3] (line 17)`, or `file` for whole-file problems.
    pub location: String,
    pub message: String,
}

/// Where a record sits in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// `orders[3]` in a `.json` file; empty in line-based files.
    pub record: String,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.record.is_empty() {
            write!(f, "line {}", self.line)
        } else {
            write!(f, "{} (line {})", self.record, self.line)
        }
    }
}

/// The kinds of file the feed accepts, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    JsonLines,
    Csv,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads every record of `path` in file order (for `.json`: products, then customers, then
/// orders) and hands each to `visit`. The first error stops the reading; `visit`'s own error
/// (a reference the store does not know…) is reported at that record's location.
pub fn read(
    path: &Path,
    visit: impl FnMut(&Location, Record) -> Result<(), String>,
) -> Result<(), ImportError> {
    let fail = |message: String| ImportError { file: path.to_owned(), location: "file".into(), message };
    let format = Format::of(path)
        .ok_or_else(|| fail("unknown kind of file: expected .json, .jsonl or .csv".into()))?;
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
    read_from(path, format, file, visit)
}

/// Like [`read`], from any reader; `path` only names the source in messages.
pub fn read_from(
    path: &Path,
    format: Format,
    file: impl std::io::Read,
    mut visit: impl FnMut(&Location, Record) -> Result<(), String>,
) -> Result<(), ImportError> {
    let fail = |location: String, message: String| ImportError { file: path.to_owned(), location, message };
    match format {
        Format::Json => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::BufReader::new(file), &mut bytes)
                .map_err(|e| fail("file".into(), format!("cannot read: {e}")))?;
            let text = std::str::from_utf8(strip_bom(&bytes)).map_err(|e| {
                let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
                fail(format!("line {line}"), "not UTF-8 text".into())
            })?;
            read_json(text, &mut visit).map_err(|(loc, msg)| fail(loc, msg))
        }
        Format::JsonLines => {
            let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
            let mut bytes = Vec::new();
            for index in 0.. {
                let location = Location { record: String::new(), line: index + 1 };
                let cannot = |e: std::io::Error| fail(location.to_string(), format!("cannot read: {e}"));
                bytes.clear();
                // One record is read whole, but never more than the limit: a 50 MB line is
                // refused after its first megabyte.
                let limit = limits::MAX_RECORD_BYTES as u64 + 1;
                let read =
                    std::io::Read::take(&mut reader, limit).read_until(b'\n', &mut bytes).map_err(cannot)?;
                if read == 0 {
                    break;
                }
                if bytes.len() > limits::MAX_RECORD_BYTES {
                    return Err(fail(
                        location.to_string(),
                        format!("the record is over {} bytes long", limits::MAX_RECORD_BYTES),
                    ));
                }
                let text = if index == 0 { strip_bom(&bytes) } else { &bytes[..] };
                let line = std::str::from_utf8(text).map_err(|e| {
                    fail(location.to_string(), format!("not UTF-8 text (byte {})", e.valid_up_to() + 1))
                })?;
                if line.trim().is_empty() {
                    continue;
                }
                let record: Record = parse_record(line).map_err(|m| fail(location.to_string(), m))?;
                visit(&location, record).map_err(|m| fail(location.to_string(), m))?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut reader =
                csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(WithoutBom::new(file));
            let headers = reader.headers().map_err(|e| fail("line 1".into(), csv_message(&e)))?.clone();
            let mut row = csv::StringRecord::new();
            loop {
                let more = reader.read_record(&mut row).map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line());
                    fail(format!("line {line}"), csv_message(&e))
                })?;
                if !more {
                    return Ok(());
                }
                let location =
                    Location { record: String::new(), line: row.position().map_or(0, |p| p.line() as usize) };
                let product: CsvRow = row.deserialize(Some(&headers)).map_err(|e| {
                    let message = match e.kind() {
                        csv::ErrorKind::Deserialize { err, .. } => {
                            let column = err.field().and_then(|i| headers.get(i as usize)).unwrap_or("?");
                            format!("column {column}: {}", err.kind())
                        }
                        _ => csv_message(&e),
                    };
                    fail(location.to_string(), message)
                })?;
                visit(&location, Record::Product(product.into()))
                    .map_err(|m| fail(location.to_string(), m))?;
            }
        }
    }
}

/// `bytes` without a UTF-8 byte order mark at the start: editors on Windows write one, and it is
/// not part of the data.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A reader that drops a UTF-8 byte order mark at the start of the stream (for `.csv`, read as
/// a stream so a large catalogue is not held whole).
struct WithoutBom<R> {
    inner: R,
    /// The first bytes, held until they are known not to be a mark.
    head: Vec<u8>,
    started: bool,
}

impl<R: std::io::Read> WithoutBom<R> {
    fn new(inner: R) -> WithoutBom<R> {
        WithoutBom { inner, head: Vec::new(), started: false }
    }
}

impl<R: std::io::Read> std::io::Read for WithoutBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.started {
            self.started = true;
            let mut head = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                match self.inner.read(&mut head[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if head[..got] != *b"\xEF\xBB\xBF" {
                self.head = head[..got].to_vec();
            }
        }
        if !self.head.is_empty() {
            let n = self.head.len().min(buf.len());
            buf[..n].copy_from_slice(&self.head[..n]);
            self.head.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// A `.json` feed: each array's records kept as raw text so each can be reported by index
/// and line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFeed<'a> {
    #[serde(borrow, default)]
    products: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    customers: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    orders: Vec<&'a RawValue>,
}

/// Parses one record of a `.json` array into its typed form.
type ParseRecord = fn(&str) -> Result<Record, String>;

fn read_json(
    text: &str,
    visit: &mut impl FnMut(&Location, Record) -> Result<(), String>,
) -> Result<(), (String, String)> {
    let feed: JsonFeed<'_> =
        serde_json::from_str(text).map_err(|e| (format!("line {}", e.line()), without_position(&e)))?;
    let line_of = |raw: &RawValue| {
        // The raw record borrows from `text`, so its address gives its offset in the file.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        text.get(..offset).map_or(0, |before| before.matches('\n').count()) + 1
    };
    let arrays: [(&str, &Vec<&RawValue>, ParseRecord); 3] = [
        ("products", &feed.products, |t| typed(t).map(Record::Product)),
        ("customers", &feed.customers, |t| typed(t).map(Record::Customer)),
        ("orders", &feed.orders, |t| typed(t).map(Record::Order)),
    ];
    for (name, records, parse) in arrays {
        for (index, raw) in records.iter().enumerate() {
            let location = Location { record: format!("{name}[{index}]"), line: line_of(raw) };
            let record = parse(raw.get()).map_err(|m| (location.to_string(), m))?;
            visit(&location, record).map_err(|m| (location.to_string(), m))?;
        }
    }
    Ok(())
}

/// Parses one record with the path of the field at fault in the message.
fn typed<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = without_position(e.inner());
        if path == "." { inner } else { format!("field {path}: {inner}") }
    })
}

fn parse_record(line: &str) -> Result<Record, String> {
    // Read the tag first so the message can say which kind of record failed and where.
    #[derive(Deserialize)]
    struct Tag {
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    let tag: Tag =
        serde_json::from_str(line).map_err(|e| format!("malformed JSON: {}", without_position(&e)))?;
    match tag.kind.as_deref() {
        Some("product") => typed::<TaggedProduct>(line).map(|t| Record::Product(t.record)),
        Some("customer") => typed::<TaggedCustomer>(line).map(|t| Record::Customer(t.record)),
        Some("order") => typed::<TaggedOrder>(line).map(|t| Record::Order(t.record)),
        Some(other) => {
            Err(format!("unknown record type {} (expected product, customer or order)", shown(other)))
        }
        None => Err("missing field \"type\" (product, customer or order)".into()),
    }
}

// `.jsonl` records carry a `type` beside the record's own fields; these wrappers accept exactly
// that one extra field and keep `deny_unknown_fields` for the rest.
macro_rules! tagged {
    ($name:ident, $record:ty) => {
        #[derive(Deserialize)]
        struct $name {
            #[serde(rename = "type")]
            _kind: String,
            #[serde(flatten)]
            record: $record,
        }
    };
}
tagged!(TaggedProduct, ProductRecord);
tagged!(TaggedCustomer, CustomerRecord);
tagged!(TaggedOrder, OrderRecord);

/// serde_json's message without its " at line L column C", which is relative to the record.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_owned(),
        None => text,
    }
}

#[derive(Deserialize)]
struct CsvRow {
    sku: String,
    name: String,
    category: String,
    stock: i64,
    price: i64,
    #[serde(default)]
    age_restricted: Option<bool>,
    #[serde(default)]
    no_reserve: Option<bool>,
}

impl From<CsvRow> for ProductRecord {
    fn from(row: CsvRow) -> Self {
        ProductRecord {
            sku: row.sku,
            name: row.name,
            category: row.category,
            stock: row.stock,
            price: row.price,
            age_restricted: row.age_restricted.unwrap_or(false),
            no_reserve: row.no_reserve.unwrap_or(false),
            attributes: Default::default(),
        }
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} columns where the header has {expected_len} (sku,name,category,stock,price)")
        }
        _ => e.to_string(),
    }
}

impl ProductRecord {
    /// Checks what the format alone cannot.
    pub fn into_product(self) -> Result<Product, String> {
        identifier("sku", &self.sku)?;
        non_empty("name", &self.name)?;
        too_long("name", &self.name, limits::MAX_NAME)?;
        non_empty("category", &self.category)?;
        too_long("category", &self.category, limits::MAX_NAME)?;
        if self.stock < 0 {
            return Err(format!("field stock: {} is negative", self.stock));
        }
        at_most("stock", self.stock, limits::MAX_STOCK)?;
        if self.price < 0 {
            return Err(format!("field price: {} is negative", self.price));
        }
        at_most("price", self.price, limits::MAX_PRICE)?;
        at_most_entries("attributes", self.attributes.len())?;
        for (key, value) in &self.attributes {
            too_long(&format!("attributes key {}", shown(key)), key, limits::MAX_WISH_KEY)?;
            too_long(&format!("attributes.{}", shown(key)), &value.to_string(), limits::MAX_ATTRIBUTE)?;
        }
        Ok(Product {
            sku: self.sku,
            name: self.name,
            category: self.category,
            stock: self.stock,
            price: self.price,
            age_restricted: self.age_restricted,
            no_reserve: self.no_reserve,
            attributes: self.attributes,
        })
    }
}

impl CustomerRecord {
    pub fn into_customer(self) -> Result<Customer, String> {
        identifier("id", &self.id)?;
        non_empty("name", &self.name)?;
        too_long("name", &self.name, limits::MAX_NAME)?;
        too_long("phone", &self.phone, limits::MAX_PHONE)?;
        too_long("email", &self.email, limits::MAX_EMAIL)?;
        at_most_entries("events", self.events.len())?;
        if let Some(login) = self.designated.as_deref().filter(|d| !d.is_empty()) {
            identifier("designated", login)?;
        }
        let discount = self.personal_discount.unwrap_or(0);
        let personal_discount = u8::try_from(discount)
            .ok()
            .filter(|d| *d <= 100)
            .ok_or_else(|| format!("field personal_discount: {discount} is not a percent from 0 to 100"))?;
        Ok(Customer {
            id: self.id,
            name: self.name,
            phone: self.phone,
            email: self.email,
            language: self.language,
            class: self.class,
            blocked_since: self.blocked_since,
            events: self
                .events
                .into_iter()
                .map(|e| CustomerEvent { kind: e.kind, date: e.date, recorded_at: e.recorded_at })
                .collect(),
            personal_discount,
            designated: self.designated.filter(|d| !d.is_empty()),
        })
    }
}

impl OrderRecord {
    /// The order with item names left empty; the desk fills them from the catalogue.
    pub fn into_order(self) -> Result<Order, String> {
        identifier("id", &self.id)?;
        identifier("customer", &self.customer)?;
        too_long("delivery.address", &self.delivery.address, limits::MAX_ADDRESS)?;
        too_long("comment", &self.comment, limits::MAX_TEXT)?;
        if let Some(word) = &self.magic_word {
            too_long("magic_word", word, limits::MAX_MAGIC_WORD)?;
        }
        if let Some(login) = self.owner.as_deref().filter(|o| !o.is_empty()) {
            identifier("owner", login)?;
        }
        let created_at = DateTime::parse_from_rfc3339(&self.created_at).map_err(|e| {
            format!(
                "field created_at: {} is not an RFC 3339 time like 2026-11-22T09:15:00+02:00 ({e})",
                shown(&self.created_at)
            )
        })?;
        identifier_or_empty("delivery.tracking", &self.delivery.tracking)?;
        let shipped_at = self
            .delivery
            .shipped_at
            .as_deref()
            .map(|t| {
                DateTime::parse_from_rfc3339(t).map_err(|e| {
                    format!(
                        "field delivery.shipped_at: {} is not an RFC 3339 time like 2026-11-22T09:15:00+02:00 ({e})",
                        shown(t)
                    )
                })
            })
            .transpose()?;
        let status = self.status.unwrap_or(OrderStatus::New);
        if shipped_at.is_some() && !status.is_with_delivery() && !status.is_closed() {
            return Err(format!("field delivery.shipped_at: the order is {status}, not handed to delivery"));
        }
        if self.items.is_empty() {
            return Err("field items: an order needs at least one item".into());
        }
        if self.items.len() > limits::MAX_ITEMS {
            return Err(format!(
                "field items: {} lines, at most {} allowed",
                self.items.len(),
                limits::MAX_ITEMS
            ));
        }
        let mut items = Vec::with_capacity(self.items.len());
        for (i, item) in self.items.into_iter().enumerate() {
            identifier(&format!("items[{i}].sku"), &item.sku)?;
            if item.qty <= 0 {
                return Err(format!("field items[{i}].qty: {} must be at least 1", item.qty));
            }
            at_most(&format!("items[{i}].qty"), item.qty, limits::MAX_QTY)?;
            if item.price < 0 {
                return Err(format!("field items[{i}].price: {} is negative", item.price));
            }
            at_most(&format!("items[{i}].price"), item.price, limits::MAX_PRICE)?;
            items.push(crate::domain::OrderItem {
                sku: item.sku,
                name: String::new(),
                qty: item.qty,
                price: item.price,
            });
        }
        if self.delivery.cost < 0 {
            return Err(format!("field delivery.cost: {} is negative", self.delivery.cost));
        }
        at_most("delivery.cost", self.delivery.cost, limits::MAX_PRICE)?;
        // Each line is bounded above, so the sum is exact; it is checked all the same.
        let goods = items.iter().try_fold(0i64, |sum, i| sum.checked_add(i.qty.checked_mul(i.price)?));
        let total = goods.and_then(|g| g.checked_add(self.delivery.cost));
        if total.is_none_or(|t| t > limits::MAX_ORDER_TOTAL) {
            return Err(format!(
                "field items: the order's total (goods and delivery) {}, at most {} minor units allowed",
                total.map_or_else(|| "does not fit in an amount".to_owned(), |t| format!("is {t}")),
                limits::MAX_ORDER_TOTAL
            ));
        }
        Ok(Order {
            number: 0,
            id: self.id,
            created_at,
            source: self.source,
            customer_id: self.customer,
            items,
            delivery_method: self.delivery.method,
            delivery_address: self.delivery.address,
            delivery_cost: self.delivery.cost,
            payment: self.payment,
            magic_word: self.magic_word.filter(|w| !w.trim().is_empty()),
            comment: self.comment,
            status,
            owner: self.owner.filter(|o| !o.is_empty()),
            complaint: self.complaint,
            // A parcel the site shipped has been with the carrier since then.
            status_since: shipped_at.unwrap_or(created_at),
            version: 1,
            life: crate::domain::OrderLife {
                tracking: self.delivery.tracking.trim().to_owned(),
                shipped_at,
                expected_delivery: self.delivery.expected,
                ..Default::default()
            },
        })
    }
}

/// An identifier: not empty, at most [`limits::MAX_ID`] characters, and nothing a terminal would
/// obey or a person could not type (it is what `opdesk show ORDER` is given).
fn identifier(field: &str, value: &str) -> Result<(), String> {
    non_empty(field, value)?;
    too_long(field, value, limits::MAX_ID)?;
    if value.chars().any(crate::display::is_unsafe) {
        return Err(format!("field {field}: {} holds a control character", shown(value)));
    }
    Ok(())
}

/// An optional identifier (a tracking number): empty, or as [`identifier`] wants it.
fn identifier_or_empty(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() { Ok(()) } else { identifier(field, value.trim()) }
}

/// A number above its documented bound.
fn at_most(field: &str, value: i64, max: i64) -> Result<(), String> {
    if value > max { Err(format!("field {field}: {value} is above the limit of {max}")) } else { Ok(()) }
}

fn at_most_entries(field: &str, count: usize) -> Result<(), String> {
    if count > limits::MAX_ENTRIES {
        return Err(format!("field {field}: {count} entries, at most {} allowed", limits::MAX_ENTRIES));
    }
    Ok(())
}

/// A value quoted in a message: escaped, and cut when long.
fn shown(value: &str) -> String {
    let start: String = value.chars().take(40).collect();
    let cut = if start.len() < value.len() { "…" } else { "" };
    format!("\"{}{cut}\"", crate::display::visible(&start))
}

/// A text field over its limit, named as the feed names it.
fn too_long(field: &str, value: &str, max: usize) -> Result<(), String> {
    limits::too_long(&format!("field {field}"), value, max)
}

fn non_empty(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() { Err(format!("field {field}: must not be empty")) } else { Ok(()) }
}
