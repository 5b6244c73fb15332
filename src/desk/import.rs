//! Loading the incoming-orders feed into the store: all-or-nothing per file, idempotent by
//! external id, references checked against the store and the file itself.

use super::{Desk, DeskError, Result};
use crate::domain::{ActionKind, Outcome};
use crate::domain::{DeadlineParams, Due, Operator, Order};
use crate::import::{self, CustomerRecord, ImportError, OrderRecord, ProductRecord, Record};
use crate::store::{AuditEntry, OrderWrite, StoreError, Tx};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What one file brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub products: usize,
    pub customers: usize,
    pub orders: usize,
}

/// Why a record could not be loaded: it is bad (reported at its location), or the store failed.
enum Failure {
    Bad(String),
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Bad(message)
    }
}

/// Loads records of one file inside its transaction.
struct Loader<'t, 'c> {
    tx: &'t Tx<'c>,
    operators: HashSet<String>,
    deadlines: DeadlineParams,
    seen: [HashSet<String>; 3],
    /// What orders need of each product (its name, whether it is age-restricted), read once per
    /// file instead of once per order line: a feed names the same few thousand products in
    /// every order.
    products: HashMap<String, (String, bool)>,
    summary: ImportSummary,
    /// Every field the file changed on a record the store already had, old → new.
    changes: Vec<serde_json::Value>,
    /// What the file said of an existing order that only actions change (status, owner,
    /// items…): left as the store has it, and listed.
    kept: Vec<serde_json::Value>,
}

/// An existing order's fields that only actions change: a feed never rewrites them.
/// (Also what the rules and deadlines are reckoned from: when it came in, how it is paid.)
const ACTION_FIELDS: [&str; 9] = [
    "status",
    "owner",
    "items",
    "customer_id",
    "complaint",
    "status_since",
    "created_at",
    "payment",
    "source",
];

/// The fields of `new` that differ from `old` (both serialised as objects), but `skip`.
fn changed_fields(
    old: &impl serde::Serialize,
    new: &impl serde::Serialize,
    skip: &[&str],
) -> Vec<(String, serde_json::Value, serde_json::Value)> {
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let null = serde_json::Value::Null;
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|k| {
            let (a, b) = (old.get(k).unwrap_or(&null), new.get(k).unwrap_or(&null));
            (a != b).then(|| (k.clone(), a.clone(), b.clone()))
        })
        .collect()
}

impl Loader<'_, '_> {
    fn note_changes(
        &mut self,
        what: &str,
        id: &str,
        old: &impl serde::Serialize,
        new: &impl serde::Serialize,
        skip: &[&str],
    ) {
        for (field, old, new) in changed_fields(old, new, skip) {
            self.changes.push(serde_json::json!({ what: id, "field": field, "old": old, "new": new }));
        }
    }

    fn load(&mut self, record: Record) -> Result<(), Failure> {
        match record {
            Record::Product(p) => self.product(p),
            Record::Customer(c) => self.customer(c),
            Record::Order(o) => self.order(o),
        }
    }

    fn first_time(&mut self, kind: usize, what: &str, id: &str) -> Result<(), Failure> {
        if self.seen[kind].insert(id.to_owned()) {
            Ok(())
        } else {
            Err(format!("duplicate {what} {id:?} in this file").into())
        }
    }

    fn known_login(&self, field: &str, login: Option<&String>) -> Result<(), Failure> {
        match login {
            Some(l) if !self.operators.contains(l) => {
                Err(format!("field {field}: {l:?} is not a configured operator login").into())
            }
            _ => Ok(()),
        }
    }

    fn product(&mut self, p: ProductRecord) -> Result<(), Failure> {
        self.first_time(0, "product sku", &p.sku)?;
        let product = p.into_product()?;
        if let Some(old) = self.tx.product(&product.sku)? {
            self.note_changes("product", &product.sku, &old, &product, &[]);
        }
        self.tx.upsert_product(&product)?;
        self.products.insert(product.sku, (product.name, product.age_restricted));
        self.summary.products += 1;
        Ok(())
    }

    fn customer(&mut self, c: CustomerRecord) -> Result<(), Failure> {
        self.first_time(1, "customer id", &c.id)?;
        let customer = c.into_customer()?;
        self.known_login("designated", customer.designated.as_ref())?;
        if let Some(old) = self.tx.customer(&customer.id)? {
            self.note_changes("customer", &customer.id, &old, &customer, &[]);
        }
        self.tx.upsert_customer(&customer)?;
        self.summary.customers += 1;
        Ok(())
    }

    fn order(&mut self, o: OrderRecord) -> Result<(), Failure> {
        self.first_time(2, "order id", &o.id)?;
        let question = o.question.clone().filter(|q| !q.trim().is_empty());
        if let Some(q) = &question {
            crate::domain::limits::too_long("question", q, crate::domain::limits::MAX_TEXT)?;
        }
        let mut order = o.into_order()?;
        self.known_login("owner", order.owner.as_ref())?;
        // A customer written earlier in this file exists; only others are looked up.
        if !self.seen[1].contains(&order.customer_id) && !self.tx.customer_exists(&order.customer_id)? {
            return Err(format!(
                "field customer: unknown customer {:?} (not in the store nor earlier in this file)",
                order.customer_id
            )
            .into());
        }
        let mut age_restricted = false;
        for (i, item) in order.items.iter_mut().enumerate() {
            if !self.products.contains_key(&item.sku)
                && let Some(p) = self.tx.product(&item.sku)?
            {
                self.products.insert(p.sku, (p.name, p.age_restricted));
            }
            let (name, restricted) = self.products.get(&item.sku).ok_or_else(|| {
                format!(
                    "field items[{i}].sku: unknown product {:?} (not in the store nor earlier in this file)",
                    item.sku
                )
            })?;
            item.name.clone_from(name);
            age_restricted |= restricted;
        }
        if let Some(existing) = self.tx.order(&order.id)? {
            // What actions changed stays: the file's word on it is listed, not applied.
            for (field, store, file) in changed_fields(&existing, &order, &[]) {
                if ACTION_FIELDS.contains(&field.as_str()) {
                    self.kept.push(serde_json::json!({ "order": order.id, "field": field, "store": store, "file": file }));
                }
            }
            order.status = existing.status;
            order.owner = existing.owner.clone();
            order.items = existing.items.clone();
            order.customer_id = existing.customer_id.clone();
            order.complaint = existing.complaint;
            order.status_since = existing.status_since;
            order.created_at = existing.created_at;
            order.payment = existing.payment;
            order.source = existing.source;
            order.life = existing.life.clone();
            self.note_changes("order", &order.id.clone(), &existing, &order, &["number", "version"]);
            // The age flag goes with the lines the order keeps, not the file's.
            age_restricted = false;
            for item in &order.items {
                if !self.products.contains_key(&item.sku)
                    && let Some(p) = self.tx.product(&item.sku)?
                {
                    self.products.insert(p.sku, (p.name, p.age_restricted));
                }
                age_restricted |= self.products.get(&item.sku).is_some_and(|(_, restricted)| *restricted);
            }
        } else if order.status.is_with_delivery() {
            let since = order.status_since;
            let days = self.deadlines.delivery_days(order.delivery_method);
            order.life.expected_delivery.get_or_insert(since.date_naive() + chrono::Duration::days(days));
            order.life.control_at = Some(since + chrono::Duration::days(self.deadlines.delivery_check_days));
        }
        // A re-import keeps the callbacks and handoffs already promised on the order.
        let due = match self.tx.number_with_pending_records(&order.id)? {
            Some(number) => {
                let known = Order { number, ..order.clone() };
                super::deadlines::nearest(self.tx, &known, &self.deadlines)?
            }
            None => Due::for_order(&order, &self.deadlines, &[]),
        };
        let number = self.tx.upsert_order(&OrderWrite { order: &order, age_restricted, due })?;
        // B1: a question the order came with waits for its answer from the order's arrival; a
        // re-import of the same question does not ask it twice.
        let mut open = self.tx.open_questions(number)?;
        if let Some(q) = question
            && !open.iter().any(|x| x.note == q.trim())
        {
            self.tx.record_question(
                number,
                order.created_at.with_timezone(&chrono::Utc),
                q.trim(),
                "import",
            )?;
            open = self.tx.open_questions(number)?;
        }
        if !open.is_empty() {
            let known = Order { number, ..order.clone() };
            let due = super::deadlines::nearest(self.tx, &known, &self.deadlines)?;
            self.tx.upsert_order(&OrderWrite { order: &order, age_restricted, due })?;
        }
        self.summary.orders += 1;
        Ok(())
    }
}

impl Desk {
    /// Imports one file in one transaction; a bad record aborts the file and nothing of it is
    /// stored.
    pub fn import(&mut self, actor: &Operator, path: &Path) -> Result<ImportSummary> {
        self.import_opened(actor, path, std::fs::File::open(path))
    }

    /// Imports `path`, which the caller opened (with the operator's own rights): `opened` is
    /// the outcome, so that the rules judge who imports before an unreadable file is reported.
    pub fn import_opened(
        &mut self,
        actor: &Operator,
        path: &Path,
        opened: std::io::Result<std::fs::File>,
    ) -> Result<ImportSummary> {
        let format = import::Format::of(path).ok_or_else(|| ImportError {
            file: path.to_owned(),
            location: "file".into(),
            message: "unknown kind of file: expected .json, .jsonl or .csv".into(),
        })?;
        self.require(actor, ActionKind::Import, serde_json::json!({ "file": path.display().to_string() }))?;
        let file = opened.map_err(|e| ImportError {
            file: path.to_owned(),
            location: "file".into(),
            message: format!("cannot open: {e}"),
        })?;
        self.import_from(actor, path, format, file)
    }

    /// Imports from any reader; `path` names the source in messages and the audit.
    pub fn import_from(
        &mut self,
        actor: &Operator,
        path: &Path,
        format: import::Format,
        reader: impl std::io::Read,
    ) -> Result<ImportSummary> {
        self.require(actor, ActionKind::Import, serde_json::json!({ "file": path.display().to_string() }))?;
        let now = self.book.clock.now();
        let deadlines = self.book.deadlines;
        let operators: HashSet<String> = self.book.shop.operators.iter().map(|o| o.login.clone()).collect();
        let rules_version = self.book.policy.version().to_owned();
        self.store.write_bulk(|tx| {
            let mut loader = Loader {
                tx,
                operators,
                deadlines,
                seen: Default::default(),
                products: HashMap::new(),
                summary: ImportSummary { file: path.display().to_string(), ..Default::default() },
                changes: Vec::new(),
                kept: Vec::new(),
            };
            // The reader reports a bad record with its location; a store failure is kept aside
            // so it surfaces as what it is, not as a bad record.
            let mut store_failure = None;
            let read = import::read_from(path, format, reader, |_, record| match loader.load(record) {
                Ok(()) => Ok(()),
                Err(Failure::Bad(message)) => Err(message),
                Err(Failure::Store(e)) => {
                    let message = e.to_string();
                    store_failure = Some(e);
                    Err(message)
                }
            });
            if let Some(e) = store_failure {
                return Err(DeskError::Store(e));
            }
            read.map_err(|e: ImportError| DeskError::Import(e))?;
            tx.append_audit(&AuditEntry {
                at: now.to_rfc3339(),
                actor: actor.login.clone(),
                order_id: None,
                action: "import".into(),
                outcome: Outcome::Done,
                rules: vec![],
                detail: serde_json::json!({
                    "summary": loader.summary,
                    "changes": loader.changes,
                    "kept": loader.kept,
                }),
                rules_version,
            })?;
            Ok(loader.summary)
        })
    }
}
