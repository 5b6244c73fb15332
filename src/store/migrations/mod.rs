//! Numbered schema migrations. A migration, once released, is never edited: a change to the
//! schema is a new entry at the end, so every older store can be brought forward.

use rusqlite_migration::{M, Migrations};

/// Version 1: catalogue, customers, orders and items, comments, the append-only audit log.
const V1: &str = r#"
CREATE TABLE products (
    sku            TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL,
    stock          INTEGER NOT NULL,
    price          INTEGER NOT NULL CHECK (price >= 0),
    age_restricted INTEGER NOT NULL DEFAULT 0,
    no_reserve     INTEGER NOT NULL DEFAULT 0,
    attributes     TEXT NOT NULL DEFAULT '{}'
);
-- The analog picker lists a category's products by stock (B17).
CREATE INDEX products_by_category ON products (category, stock DESC);

CREATE TABLE customers (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    phone             TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL,
    class             TEXT NOT NULL,
    blocked_since     TEXT,
    personal_discount INTEGER NOT NULL DEFAULT 0 CHECK (personal_discount BETWEEN 0 AND 100),
    designated        TEXT
);
CREATE INDEX customers_by_phone ON customers (phone);

CREATE TABLE customer_events (
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    date        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX customer_events_by_customer ON customer_events (customer_id);

CREATE TABLE orders (
    number           INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    -- As the source sent it (RFC 3339 with its offset) and as UTC seconds for sorting.
    created_at       TEXT NOT NULL,
    created_utc      INTEGER NOT NULL,
    source           TEXT NOT NULL,
    customer_id      TEXT NOT NULL REFERENCES customers (id),
    delivery_method  TEXT NOT NULL,
    delivery_address TEXT NOT NULL DEFAULT '',
    delivery_cost    INTEGER NOT NULL DEFAULT 0 CHECK (delivery_cost >= 0),
    payment          TEXT NOT NULL,
    magic_word       TEXT,
    comment          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    owner            TEXT,
    complaint        INTEGER NOT NULL DEFAULT 0,
    status_since     TEXT NOT NULL,
    -- Kept with the order so lists need no join over items.
    total            INTEGER NOT NULL DEFAULT 0,
    age_restricted   INTEGER NOT NULL DEFAULT 0,
    -- The nearest deadline (UTC seconds) and what it is; maintained by the desk.
    due_utc          INTEGER,
    due_kind         TEXT,
    version          INTEGER NOT NULL DEFAULT 1
);
-- The queue: by status or owner, nearest deadline first.
CREATE INDEX orders_by_status_due ON orders (status, due_utc);
CREATE INDEX orders_by_owner_due ON orders (owner, due_utc);
CREATE INDEX orders_by_due ON orders (due_utc);
CREATE INDEX orders_by_created ON orders (created_utc);
CREATE INDEX orders_by_customer ON orders (customer_id, created_utc);

CREATE TABLE order_items (
    order_number INTEGER NOT NULL REFERENCES orders (number) ON DELETE CASCADE,
    line         INTEGER NOT NULL,
    sku          TEXT NOT NULL REFERENCES products (sku),
    name         TEXT NOT NULL,
    qty          INTEGER NOT NULL CHECK (qty > 0),
    price        INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (order_number, line)
) WITHOUT ROWID;
CREATE INDEX order_items_by_sku ON order_items (sku);

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    order_number INTEGER NOT NULL REFERENCES orders (number),
    author       TEXT NOT NULL,
    at           TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX comments_by_order ON comments (order_number, id);

-- Append-only and hash-chained: each entry carries the hash of the one before.
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    order_id      TEXT,
    action        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    rules         TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT '{}',
    rules_version TEXT NOT NULL DEFAULT '',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_by_order ON audit (order_id, seq);
CREATE INDEX audit_by_at ON audit (at);
CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be removed'); END;

-- Small facts about the store itself (the rules version its deadlines were computed with).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#;

/// Version 2: what actions record. The operators' money ledger (A2, A3, A8, A9), appeals,
/// product wishes (A7, B14, B16), callbacks (A6, B13), handoffs and shifts (E1, E2), and the
/// last contact outcome on each order (B12).
const V2: &str = r#"
ALTER TABLE orders ADD COLUMN last_outcome TEXT NOT NULL DEFAULT '';

-- Signed from the operator's side: a charge adds what they owe, a credit or a waiver takes
-- it off, so an operator's balance is the plain sum.
CREATE TABLE ledger (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    order_id  TEXT,
    rule      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    amount    INTEGER NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    audit_seq INTEGER NOT NULL REFERENCES audit (seq)
);
CREATE INDEX ledger_by_operator ON ledger (operator, at);
CREATE INDEX ledger_by_order ON ledger (order_id);
CREATE INDEX ledger_by_at ON ledger (at);

-- A9: one appeal per charge, resolved once.
CREATE TABLE appeals (
    id          INTEGER PRIMARY KEY,
    ledger_id   INTEGER NOT NULL UNIQUE REFERENCES ledger (id),
    order_id    TEXT NOT NULL,
    operator    TEXT NOT NULL,
    at          TEXT NOT NULL,
    link        TEXT NOT NULL,
    description TEXT NOT NULL,
    resolution  TEXT,
    resolved_by TEXT,
    resolved_at TEXT
);
CREATE INDEX appeals_waiting ON appeals (at) WHERE resolution IS NULL;

CREATE TABLE wishes (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    order_id    TEXT,
    customer_id TEXT,
    kind        TEXT NOT NULL,
    fields      TEXT NOT NULL
);
CREATE INDEX wishes_by_at ON wishes (at);

CREATE TABLE callbacks (
    id           INTEGER PRIMARY KEY,
    order_number INTEGER NOT NULL REFERENCES orders (number),
    due_utc      INTEGER NOT NULL,
    note         TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    done_at      TEXT,
    done_by      TEXT
);
CREATE INDEX callbacks_open_by_order ON callbacks (order_number) WHERE done_at IS NULL;
CREATE INDEX callbacks_open_by_due ON callbacks (due_utc) WHERE done_at IS NULL;

CREATE TABLE handoffs (
    id           INTEGER PRIMARY KEY,
    order_number INTEGER NOT NULL REFERENCES orders (number),
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    note         TEXT NOT NULL,
    next_at_utc  INTEGER,
    taken_by     TEXT,
    taken_at     TEXT
);
CREATE INDEX handoffs_untaken ON handoffs (created_at) WHERE taken_by IS NULL;
CREATE INDEX handoffs_by_order ON handoffs (order_number);

CREATE TABLE shifts (
    id         INTEGER PRIMARY KEY,
    operator   TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE INDEX shifts_open ON shifts (operator) WHERE ended_at IS NULL;
"#;

/// Version 3: shift change (issue 6). A handoff's next action is done once the customer is
/// reached (`next_done_at`), so the promised time stops being the order's deadline; a callback
/// replaced by a new one is closed as `rescheduled` rather than `made`, so the history tells
/// a kept promise from a moved one.
const V3: &str = r#"
ALTER TABLE handoffs ADD COLUMN next_done_at TEXT;
ALTER TABLE callbacks ADD COLUMN closed_as TEXT;
CREATE INDEX handoffs_by_author ON handoffs (author, id);
"#;

/// Version 4: indexes for the day's review (issue 7). Handoffs written on a day are found by
/// `created_at` (the only index on it was the partial one of untaken handoffs), and the
/// unowned open orders of E3 get a small partial index of their own instead of a scan of
/// every order's owner.
const V4: &str = r#"
CREATE INDEX handoffs_by_created ON handoffs (created_at);
CREATE INDEX orders_unowned ON orders (status, created_utc) WHERE owner IS NULL;
"#;

/// Version 5: a busy shop. The queue is read in the order of an index on its sort key instead of
/// sorting the table (the old `(status, due_utc)` indexes could not serve "orders without a
/// deadline last" and a million-row queue took seconds); per-tab counts come from a tally kept
/// by triggers instead of counting rows; customers are found by any part of their name or phone,
/// in any letter case of any script, through a trigram index.
const V5: &str = r#"
DROP INDEX orders_by_status_due;
DROP INDEX orders_by_owner_due;
DROP INDEX orders_by_due;
-- The queue's sort key: nearest deadline first, orders without one last (the queries spell the
-- same expression, so SQLite reads the index in order and stops after one window).
CREATE INDEX orders_queue ON orders (coalesce(due_utc, 9223372036854775807), created_utc);
CREATE INDEX orders_queue_by_status ON orders (status, coalesce(due_utc, 9223372036854775807), created_utc);
-- "Mine" filters open statuses too: with the status in the index it is answered from the index.
CREATE INDEX orders_queue_by_owner ON orders (owner, coalesce(due_utc, 9223372036854775807), created_utc, status);

-- How many orders there are per status, owner ('' for nobody) and day of the deadline (UTC days
-- since 1970; for orders without a deadline 2^40 plus the day they were created, so the queue's
-- long no-deadline tail is split by day too). The queue's tab counts and deep paging read this
-- instead of counting rows.
CREATE TABLE order_tally (
    status  TEXT NOT NULL,
    owner   TEXT NOT NULL,
    due_day INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (status, owner, due_day)
) WITHOUT ROWID;
INSERT INTO order_tally (status, owner, due_day, n)
SELECT status, coalesce(owner, ''), coalesce(due_utc / 86400, 1099511627776 + created_utc / 86400), count(*)
FROM orders GROUP BY 1, 2, 3;
CREATE TRIGGER order_tally_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_tally (status, owner, due_day, n)
    VALUES (NEW.status, coalesce(NEW.owner, ''), coalesce(NEW.due_utc / 86400, 1099511627776 + NEW.created_utc / 86400), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER order_tally_delete AFTER DELETE ON orders BEGIN
    UPDATE order_tally SET n = n - 1
    WHERE status = OLD.status AND owner = coalesce(OLD.owner, '')
      AND due_day = coalesce(OLD.due_utc / 86400, 1099511627776 + OLD.created_utc / 86400);
END;
CREATE TRIGGER order_tally_update AFTER UPDATE OF status, owner, due_utc, created_utc ON orders
WHEN OLD.status IS NOT NEW.status OR OLD.owner IS NOT NEW.owner
  OR coalesce(OLD.due_utc / 86400, 1099511627776 + OLD.created_utc / 86400) IS NOT coalesce(NEW.due_utc / 86400, 1099511627776 + NEW.created_utc / 86400)
BEGIN
    UPDATE order_tally SET n = n - 1
    WHERE status = OLD.status AND owner = coalesce(OLD.owner, '')
      AND due_day = coalesce(OLD.due_utc / 86400, 1099511627776 + OLD.created_utc / 86400);
    INSERT INTO order_tally (status, owner, due_day, n)
    VALUES (NEW.status, coalesce(NEW.owner, ''), coalesce(NEW.due_utc / 86400, 1099511627776 + NEW.created_utc / 86400), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Trigram index over customers' names and phones, keyed by the customers' rowid. FTS5 folds
-- case by Unicode rules, so "бонд" finds "Бондар", which LIKE (ASCII-only folding) could not.
-- Contentless: the text stays in `customers` only. opdesk never runs VACUUM (which may renumber
-- rowids of a table without an INTEGER PRIMARY KEY); after an outside VACUUM, empty this table
-- and fill it again from `customers`.
CREATE VIRTUAL TABLE customers_search USING fts5(
    name, phone, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO customers_search (rowid, name, phone) SELECT rowid, name, phone FROM customers;
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_search (rowid, name, phone) VALUES (NEW.rowid, NEW.name, NEW.phone);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF name, phone ON customers
WHEN OLD.name IS NOT NEW.name OR OLD.phone IS NOT NEW.phone
BEGIN
    DELETE FROM customers_search WHERE rowid = OLD.rowid;
    INSERT INTO customers_search (rowid, name, phone) VALUES (NEW.rowid, NEW.name, NEW.phone);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customers_search WHERE rowid = OLD.rowid;
END;
"#;

/// Version 6: the queue's text filter answers within a keystroke on a million orders. Matching
/// customers are found without touching their rows, and their orders without touching the orders'
/// rows:
/// - names through a trigram index of the *distinct* names (a shop has far fewer names than
///   customers, and the trigram lists of a customer-per-row index were long enough that one
///   phrase took 10 ms), then the customers of those names from `customers_by_name`;
/// - phones by the prefix of their digits (`phone_digits`, indexed), as an operator reads a
///   number out, instead of any substring through the trigram index;
/// - the orders of those customers, with the queue's sort key, status and owner, from
///   `orders_by_customer` alone (it now carries them).
const V6: &str = r#"
DROP TRIGGER customers_search_insert;
DROP TRIGGER customers_search_update;
DROP TRIGGER customers_search_delete;
DROP TABLE customers_search;

-- Every name a customer has had. Names are only added: one nobody bears any longer matches no
-- customer, which costs nothing.
CREATE TABLE customer_names (name TEXT NOT NULL UNIQUE);
-- Contentless (the text stays in customer_names), keyed by customer_names' rowid; FTS5 folds case
-- by Unicode rules, so "бонд" finds "Бондар".
CREATE VIRTUAL TABLE customer_names_search USING fts5(name, content = '', tokenize = 'trigram');
CREATE TRIGGER customer_names_insert AFTER INSERT ON customer_names BEGIN
    INSERT INTO customer_names_search (rowid, name) VALUES (NEW.rowid, NEW.name);
END;
INSERT INTO customer_names (name) SELECT DISTINCT name FROM customers;
CREATE TRIGGER customers_name_insert AFTER INSERT ON customers BEGIN
    INSERT OR IGNORE INTO customer_names (name) VALUES (NEW.name);
END;
CREATE TRIGGER customers_name_update AFTER UPDATE OF name ON customers WHEN OLD.name IS NOT NEW.name BEGIN
    INSERT OR IGNORE INTO customer_names (name) VALUES (NEW.name);
END;
CREATE INDEX customers_by_name ON customers (name, id);

-- The phone's digits without the usual separators: "+38 (067) 123-45-67" -> "380671234567".
ALTER TABLE customers ADD COLUMN phone_digits TEXT GENERATED ALWAYS AS (
    replace(replace(replace(replace(replace(replace(replace(phone, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '')
) VIRTUAL;
DROP INDEX customers_by_phone;
CREATE INDEX customers_by_phone_digits ON customers (phone_digits, id);

-- A customer's orders newest first (history, rule B2) as before, and now with the queue's sort
-- key, status and owner, so a text filter sorts and counts them from the index alone.
DROP INDEX orders_by_customer;
CREATE INDEX orders_by_customer ON orders (customer_id, created_utc, coalesce(due_utc, 9223372036854775807), status, owner);

-- The queue in its exact order (key, creation, number) with each order's customer, status and
-- owner: a text filter matching many customers walks this and tests every order from the index
-- alone, reading pages in sequence instead of one order row each.
CREATE INDEX orders_queue_text ON orders (coalesce(due_utc, 9223372036854775807), created_utc, number, customer_id, status, owner);
"#;

/// Version 7: the order's whole life (issue 14). What the desk records after an order arrived
/// gets columns of its own, so the comment the shop's site sent is never overwritten: when it
/// was taken into work (B5 counts from there), until when its goods are reserved (B6, also
/// before confirmation), the tracking number, when it was shipped, the delivery day promised
/// and the next delivery control (B19), and the cancel's reason, note and operator (B4). Each
/// edit of an order's lines is kept with every line's old and new quantity and price (B3).
const V7: &str = r#"
ALTER TABLE orders ADD COLUMN claimed_at TEXT;
ALTER TABLE orders ADD COLUMN reserved_until TEXT;
ALTER TABLE orders ADD COLUMN tracking TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN shipped_at TEXT;
ALTER TABLE orders ADD COLUMN expected_delivery TEXT;
ALTER TABLE orders ADD COLUMN control_at TEXT;
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders ADD COLUMN cancel_note TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN cancelled_by TEXT;
ALTER TABLE orders ADD COLUMN cancelled_by_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN cancelled_at TEXT;

CREATE TABLE order_edits (
    id           INTEGER PRIMARY KEY,
    order_number INTEGER NOT NULL REFERENCES orders (number) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    reason       TEXT,
    note         TEXT NOT NULL DEFAULT '',
    -- [{sku, name, old_qty, new_qty, old_price, new_price}], one entry per line changed.
    lines        TEXT NOT NULL
);
CREATE INDEX order_edits_by_order ON order_edits (order_number, id);
"#;

/// Version 8 (issue 15; numbered after issue 14's version 7, independent of it): what the
/// regulations' sentences leave behind.
/// - `site_errors` (A8): reports for the information department; a report of a page and problem
///   already reported points at the first (`duplicate_of`); credited only when confirmed.
/// - `escalations` (A6): operator → administrator → analytics, with the level that holds it
///   and its state until resolved.
/// - `questions` (B1): a customer's question on an order, answered by the next `contact`.
/// - `invoice_holds` (B7): the director kept an unpaid invoice order until `until_utc`.
/// - `season_tasks` (B18): an operator's New Year or Birthday call task on a customer, valid to
///   `until` (YYYY-MM-DD), open until `closed_at`.
const V8: &str = r#"
CREATE TABLE site_errors (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    operator      TEXT NOT NULL,
    order_id      TEXT NOT NULL,
    page          TEXT NOT NULL,
    problem       TEXT NOT NULL,
    note          TEXT NOT NULL,
    duplicate_of  INTEGER REFERENCES site_errors (id),
    state         TEXT NOT NULL DEFAULT 'reported',
    decided_by    TEXT,
    decided_at    TEXT,
    decision_note TEXT
);
CREATE INDEX site_errors_by_page ON site_errors (page, problem);
CREATE INDEX site_errors_waiting ON site_errors (id) WHERE state = 'reported';

CREATE TABLE escalations (
    id          INTEGER PRIMARY KEY,
    order_id    TEXT NOT NULL,
    raised_at   TEXT NOT NULL,
    raised_by   TEXT NOT NULL,
    note        TEXT NOT NULL,
    level       TEXT NOT NULL DEFAULT 'administrator',
    state       TEXT NOT NULL DEFAULT 'open',
    passed_by   TEXT,
    passed_at   TEXT,
    resolved_by TEXT,
    resolved_at TEXT,
    resolution  TEXT
);
CREATE INDEX escalations_open ON escalations (id) WHERE state = 'open';

CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    order_number INTEGER NOT NULL REFERENCES orders (number),
    asked_utc    INTEGER NOT NULL,
    note         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    answered_at  TEXT,
    answered_by  TEXT
);
CREATE INDEX questions_open_by_order ON questions (order_number) WHERE answered_at IS NULL;

CREATE TABLE invoice_holds (
    order_number INTEGER PRIMARY KEY REFERENCES orders (number),
    until_utc    INTEGER NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL
);

CREATE TABLE season_tasks (
    id          INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    operator    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    until       TEXT NOT NULL,
    closed_at   TEXT,
    closed_by   TEXT
);
CREATE INDEX season_tasks_by_customer ON season_tasks (customer_id, until);
CREATE INDEX season_tasks_open ON season_tasks (kind, until) WHERE closed_at IS NULL;
"#;

/// The shared desk (issue 17):
/// - each audit entry may carry `mac`, HMAC-SHA256 of its hash under the store's key, which only
///   opdesk can read: someone who writes the file directly can recompute a plain SHA-256 chain,
///   not the MACs;
/// - the configuration of a shared store lives in the store, versioned: every `config apply`
///   adds a version with all its files, and the newest is the one in force.
const V9: &str = r#"
ALTER TABLE audit ADD COLUMN mac TEXT;

CREATE TABLE config_versions (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    applied_by TEXT NOT NULL,
    -- SHA-256 over the files' names and texts, as `rules replay` and the audit name a version.
    digest     TEXT NOT NULL
);
CREATE TABLE config_files (
    version INTEGER NOT NULL REFERENCES config_versions (version),
    name    TEXT NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (version, name)
);
CREATE TRIGGER config_files_refuse_update BEFORE UPDATE ON config_files
BEGIN SELECT RAISE(ABORT, 'a configuration version is never changed; apply a new one'); END;
CREATE TRIGGER config_versions_refuse_update BEFORE UPDATE ON config_versions
BEGIN SELECT RAISE(ABORT, 'a configuration version is never changed; apply a new one'); END;
"#;

/// Every migration, in order. The index + 1 is the schema version kept in `user_version`.
pub fn all() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    9
}

#[cfg(test)]
mod tests;
