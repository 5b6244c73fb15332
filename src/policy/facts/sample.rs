//! The two stock fact sets: the fully populated sample every expression is probed against at
//! load time, and the plain baseline policy test cases start from.

use super::*;

/// 2026-11-23 14:30 in Kyiv: a fixed moment so probes and tests never depend on the clock.
fn fixed_now() -> DateTime<FixedOffset> {
    // A literal that always parses; the fallback only keeps the function total.
    DateTime::parse_from_rfc3339("2026-11-23T14:30:00+02:00")
        .unwrap_or_else(|_| DateTime::UNIX_EPOCH.fixed_offset())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn item(sku: &str, name: &str, qty: i64, price: i64, stock: i64, category: &str) -> ItemFacts {
    ItemFacts {
        sku: sku.into(),
        name: name.into(),
        qty,
        price,
        stock,
        category: category.into(),
        age_restricted: false,
        no_reserve: false,
    }
}

pub(super) fn sample() -> Facts {
    let mut order = OrderFacts {
        id: "SITE-1001".into(),
        status: OrderStatus::InWork,
        owner: "olena".into(),
        total: 0,
        amount_due: 0,
        currency: Currency::UAH,
        source: OrderSource::Site,
        payment: Payment::CashOnDelivery,
        delivery_method: DeliveryMethod::Courier,
        delivery_cost: 8000,
        complaint: false,
        age_restricted: false,
        age_hours: 5,
        status_days: 1,
        items: vec![
            ItemFacts { age_restricted: true, ..item("FW-0007", "Salute 49 shots", 1, 250000, 0, "giants") },
            ItemFacts { no_reserve: true, ..item("FW-0100", "Elite cake", 2, 90000, 3, "elite") },
        ],
        missing: 0,
        late: false,
        delivery_late: false,
        last_outcome: "no_answer".into(),
        below_free_delivery: false,
        has_accessory_offer: true,
        appeals: 0,
        compensation: 445000,
        owner_on_shift: true,
        invoice_hold_days: 2,
    };
    order.summarise_items();
    order.amount_due = order.total + order.delivery_cost;
    Facts {
        actor: ActorFacts {
            login: "olena".into(),
            name: "Olena Koval".into(),
            roles: vec![Role::Operator, Role::Duty],
            on_shift: true,
        },
        order,
        customer: CustomerFacts {
            id: "C-77".into(),
            class: CustomerClass::Regular,
            language: Language::Uk,
            designated: "ivan".into(),
            blocked: false,
            blocked_years: 0,
            personal_discount: 5,
            open_orders: vec![OpenOrderFacts {
                id: "SITE-0998".into(),
                status: OrderStatus::Processed,
                owner: "ivan".into(),
            }],
            events: vec![EventFacts {
                kind: EventKind::Wedding,
                date: date(2026, 12, 5),
                recorded_days_before: 65,
            }],
            tasks: vec![TaskFacts {
                id: 7,
                kind: TaskKind::Birthday,
                operator: "ivan".into(),
                open: true,
                valid: true,
                on_shift: true,
            }],
        },
        draft: DraftFacts {
            action: ActionKind::Cancel,
            reason: Some(CancelReason::OutOfStock),
            analogs: vec!["FW-0008".into(), "FW-0009".into()],
            analogs_in_stock: 2,
            evidence: vec![EvidenceKind::Photo, EvidenceKind::CallRecord],
            wish: BTreeMap::from([
                ("kind".to_owned(), "show".to_owned()),
                ("colour".to_owned(), "gold".to_owned()),
                ("picture".to_owned(), "https://example.com/p.jpg".to_owned()),
            ]),
            wish_complete: true,
            channel: Some(Channel::Viber),
            amount_stated: true,
            age_confirmed: true,
            note: "Offered two analogs; the customer declined".into(),
            to: "maria".into(),
            to_roles: vec![Role::Mentor],
            override_reason: "Stock count is wrong, checked on the shelf".into(),
            resolution: "upheld".into(),
            steps: vec!["called_first".into(), "apologised".into()],
            lines: vec!["FW-0007".into()],
            lines_total: 250000,
            adult_receives: true,
            duplicate: false,
            task_kind: "new_year".into(),
            open_tasks: 12,
            days: 3,
            escalation_level: "administrator".into(),
        },
        now: fixed_now(),
    }
}

pub(super) fn baseline(action: ActionKind) -> Facts {
    let mut order = OrderFacts {
        id: "SITE-1001".into(),
        age_hours: 2,
        items: vec![item("LMP-0042", "Table lamp", 2, 125000, 10, "lamps")],
        ..OrderFacts::neutral(Currency::UAH)
    };
    order.summarise_items();
    order.amount_due = order.total;
    Facts {
        actor: ActorFacts {
            login: "olena".into(),
            name: "Olena Koval".into(),
            roles: vec![Role::Operator],
            on_shift: true,
        },
        order,
        customer: CustomerFacts { id: "C-77".into(), ..CustomerFacts::neutral() },
        draft: DraftFacts {
            action,
            reason: None,
            analogs: Vec::new(),
            analogs_in_stock: 0,
            evidence: Vec::new(),
            wish: BTreeMap::new(),
            wish_complete: false,
            channel: None,
            amount_stated: false,
            age_confirmed: false,
            note: String::new(),
            to: String::new(),
            to_roles: Vec::new(),
            override_reason: String::new(),
            resolution: String::new(),
            steps: Vec::new(),
            lines: Vec::new(),
            lines_total: 0,
            adult_receives: false,
            duplicate: false,
            task_kind: String::new(),
            open_tasks: 0,
            days: 0,
            escalation_level: String::new(),
        },
        now: fixed_now(),
    }
}
