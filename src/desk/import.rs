//! Loading the incoming-orders feed into the store: all-or-nothing per file, idempotent by
//! external id, references checked against the store and the file itself.

use super::{Desk, DeskError, Result};
use crate::domain::Outcome;
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
}

impl Loader<'_, '_> {
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
        self.tx.upsert_product(&product)?;
        self.products.insert(product.sku, (product.name, product.age_restricted));
        self.summary.products += 1;
        Ok(())
    }

    fn customer(&mut self, c: CustomerRecord) -> Result<(), Failure> {
        self.first_time(1, "customer id", &c.id)?;
        let customer = c.into_customer()?;
        self.known_login("designated", customer.designated.as_ref())?;
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
        let format = import::Format::of(path).ok_or_else(|| ImportError {
            file: path.to_owned(),
            location: "file".into(),
            message: "unknown kind of file: expected .json, .jsonl or .csv".into(),
        })?;
        let file = std::fs::File::open(path).map_err(|e| ImportError {
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
                detail: serde_json::to_value(&loader.summary).unwrap_or_default(),
                rules_version,
            })?;
            Ok(loader.summary)
        })
    }
}
