//! The shipped rules seen through the API the desk calls: verdicts with their checks, stakes
//! and messages, ledger effects, overrides, and facts built from domain types.

use opdesk::domain::{
    ActionKind, CancelReason, Currency, Customer, CustomerClass, DeliveryMethod, Draft, Evidence,
    EvidenceKind, Language, Money, Order, OrderItem, OrderSource, OrderStatus, Payment, Product, Role,
};
use opdesk::policy::{
    ActorFacts, CustomerFacts, DraftFacts, Facts, MoneyKind, OpenOrderFacts, OrderFacts, Policy,
};
use std::collections::BTreeMap;

const RULES: &str = include_str!("../config/rules.toml");

fn shipped() -> Policy {
    Policy::load(&[("config/rules.toml".into(), RULES.into())]).unwrap_or_else(|e| panic!("{e}"))
}

/// A cancel of the baseline order (2 lamps, 2 500.00) with nothing left in stock.
fn out_of_stock_cancel() -> Facts {
    let mut facts = Facts::baseline(ActionKind::Cancel);
    facts.order.items[0].stock = 0;
    facts.order.summarise_items();
    facts.draft.reason = Some(CancelReason::OutOfStock);
    facts
}

fn rule<'v>(verdict: &'v opdesk::domain::Verdict, id: &str) -> &'v opdesk::domain::RuleOutcome {
    verdict
        .rules
        .iter()
        .find(|r| r.rule == id)
        .unwrap_or_else(|| panic!("rule {id} does not apply: {verdict:?}"))
}

#[test]
fn a4_out_of_stock_cancel_needs_five_analogs() {
    let policy = shipped();
    let mut facts = out_of_stock_cancel();
    facts.draft.analogs = vec!["L-1".into(), "L-2".into()];
    facts.draft.analogs_in_stock = 2;
    facts.draft.evidence = vec![opdesk::domain::EvidenceKind::Photo];
    let verdict = policy.evaluate(&facts);
    assert!(!verdict.allowed());
    let a4 = rule(&verdict, "A4");
    assert!(a4.violated());
    let met: Vec<(&str, bool)> = a4.checks.iter().map(|c| (c.label.as_str(), c.met)).collect();
    assert_eq!(
        met,
        [
            ("At least 5 analogs offered", false),
            ("At least 5 of the analogs exist and are in stock", false),
            ("A photo of the stock situation", true),
            ("Screenshots of the correspondence or a call record", false),
        ]
    );
    assert_eq!(a4.stake, Some(Money::new(265000, Currency::UAH)), "order total + 150");
    assert_eq!(verdict.stake(), Some(Money::new(265000, Currency::UAH)));
}

#[test]
fn a2_the_message_names_the_items_the_store_still_holds() {
    let policy = shipped();
    let mut facts = Facts::baseline(ActionKind::Cancel);
    facts.draft.reason = Some(CancelReason::OutOfStock);
    let verdict = policy.evaluate(&facts);
    let a2 = rule(&verdict, "A2");
    assert!(a2.violated());
    assert!(a2.message.ends_with(": LMP-0042 (10 in stock)"), "{}", a2.message);
    assert_eq!(a2.stake.map(|m| m.amount), Some(250000 + 55000));
}

#[test]
fn a3_every_cancel_books_the_amount_plus_150_unless_a4_evidence_waives_it() {
    let policy = shipped();
    let mut facts = Facts::baseline(ActionKind::Cancel);
    facts.draft.reason = Some(CancelReason::CustomerRequest);
    let effects = policy.money(&facts).unwrap();
    assert_eq!(effects.len(), 1);
    assert_eq!((effects[0].rule.as_str(), effects[0].kind), ("A3", MoneyKind::Charge));
    assert_eq!(effects[0].amount, Money::new(265000, Currency::UAH));

    facts.draft.analogs = (1..=5).map(|i| format!("L-{i}")).collect();
    facts.draft.analogs_in_stock = 5;
    facts.draft.evidence = vec![EvidenceKind::Photo, EvidenceKind::Correspondence];
    let effects = policy.money(&facts).unwrap();
    assert_eq!(effects[0].kind, MoneyKind::Waive, "the evidence of A4 waives the charge");
}

#[test]
fn a7_the_refusal_stands_even_for_a_supervisor_without_a_complete_wish() {
    let policy = shipped();
    let mut facts = out_of_stock_cancel();
    facts.actor.roles = vec![Role::Supervisor];
    facts.draft.override_reason = "The customer insists".into();
    facts.draft.note = "Offered nothing".into();
    facts.draft.analogs = vec!["L-1".into()];
    let verdict = policy.evaluate(&facts);
    assert!(!rule(&verdict, "A7").overridable);
    assert!(!policy.override_lifts(&verdict, &facts));

    facts.draft.wish_complete = true;
    facts.draft.evidence = vec![EvidenceKind::Photo, EvidenceKind::CallRecord];
    let verdict = policy.evaluate(&facts);
    assert!(!verdict.allowed(), "A4 still refuses");
    assert!(policy.override_lifts(&verdict, &facts), "{verdict:?}");
}

#[test]
fn b2_claim_names_the_operator_who_has_the_customers_order() {
    let policy = shipped();
    let mut facts = Facts::baseline(ActionKind::Claim);
    facts.customer.open_orders =
        vec![OpenOrderFacts { id: "SITE-0998".into(), status: OrderStatus::InWork, owner: "ivan".into() }];
    let verdict = policy.evaluate(&facts);
    let b2 = rule(&verdict, "B2");
    assert!(b2.violated());
    assert!(b2.message.ends_with(": SITE-0998 (in_work) is with ivan"), "{}", b2.message);
}

#[test]
fn c2_the_late_delivery_checklist_informs_without_refusing() {
    let policy = shipped();
    let mut facts = Facts::baseline(ActionKind::Contact);
    facts.order.delivery_late = true;
    facts.draft.steps = vec!["called_first".into()];
    let verdict = policy.evaluate(&facts);
    let c2 = rule(&verdict, "C2");
    assert!(!c2.blocking && !c2.satisfied());
    assert_eq!(c2.checks.iter().filter(|c| c.met).count(), 1);
    assert_eq!(c2.checks.len(), 7);
    assert!(verdict.allowed());
}

#[test]
fn only_rules_guarding_the_action_appear_in_the_verdict() {
    let policy = shipped();
    let verdict = policy.evaluate(&Facts::baseline(ActionKind::Comment));
    assert!(verdict.rules.is_empty(), "{verdict:?}");
    assert_eq!(verdict.order, "SITE-1001");
}

#[test]
fn params_and_override_roles_are_read_from_the_file() {
    let policy = shipped();
    assert_eq!(policy.param("reserve_days"), Some(5));
    assert_eq!(policy.param("reserve_days_invoice"), Some(7));
    assert_eq!(policy.param_text("giants_category"), Some("giants"));
    assert_eq!(policy.param("nope"), None);
    assert!(policy.may_override(&[Role::Operator, Role::Supervisor]));
    assert!(!policy.may_override(&[Role::Operator, Role::Mentor]));
    let ids: Vec<&str> = policy.rules().map(|r| r.id).collect();
    for id in [
        "A1", "A2", "A4", "A5", "A7", "A9", "B2", "B3", "B4", "B6", "B8", "B9", "B10", "B11", "B12", "B16",
        "C2",
    ] {
        assert!(ids.contains(&id), "{id} is missing from the shipped rules");
    }
}

#[test]
fn an_expression_failing_at_run_time_refuses_instead_of_panicking() {
    // Fine on the sample (it has items), out of bounds on an order without lines.
    let text = "[[rule]]\nid = \"X1\"\nactions = [\"confirm\"]\nkind = \"checklist\"\nmessage = \"First line\"\n\
                [[rule.check]]\nlabel = \"First line in stock\"\nexpr = \"order.items[0].stock > 0\"\n";
    let policy = Policy::load(&[("x.toml".into(), text.into())]).unwrap_or_else(|e| panic!("{e}"));
    let mut facts = Facts::baseline(ActionKind::Confirm);
    facts.order.items.clear();
    let verdict = policy.evaluate(&facts);
    assert!(!verdict.allowed(), "fail closed, even for a checklist");
    let check = &verdict.rules[0].checks[0];
    assert!(!check.met);
    assert!(check.label.contains("could not be evaluated"), "{}", check.label);
}

#[test]
fn facts_built_from_domain_types_are_judged_like_hand_made_ones() {
    let policy = shipped();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let order = Order {
        number: 1,
        id: "SITE-2001".into(),
        created_at: at("2026-11-22T09:15:00+02:00"),
        source: OrderSource::Site,
        customer_id: "C-77".into(),
        items: vec![OrderItem { sku: "FW-0007".into(), name: "Salute".into(), qty: 1, price: 250000 }],
        delivery_method: DeliveryMethod::Courier,
        delivery_address: "Kyiv".into(),
        delivery_cost: 0,
        payment: Payment::CashOnDelivery,
        magic_word: None,
        comment: String::new(),
        status: OrderStatus::InWork,
        owner: Some("olena".into()),
        complaint: false,
        status_since: at("2026-11-22T10:00:00+02:00"),
        version: 1,
        life: Default::default(),
    };
    let product = Product {
        sku: "FW-0007".into(),
        name: "Salute".into(),
        category: "giants".into(),
        stock: 0,
        price: 250000,
        age_restricted: true,
        no_reserve: false,
        attributes: BTreeMap::from([("shots".into(), serde_json::json!(49))]),
    };
    let customer = Customer {
        id: "C-77".into(),
        name: "Oksana".into(),
        phone: "+380".into(),
        email: String::new(),
        language: Language::Uk,
        class: CustomerClass::Regular,
        blocked_since: None,
        events: Vec::new(),
        personal_discount: 0,
        designated: None,
    };
    let operator = opdesk::domain::Operator {
        login: "olena".into(),
        name: "Olena Koval".into(),
        roles: vec![Role::Operator],
        language: None,
        os_user: None,
    };
    let now = at("2026-11-23T14:30:00+02:00");
    let mut draft = Draft::new(ActionKind::Cancel);
    draft.reason = Some(CancelReason::OutOfStock);
    draft.evidence = vec![Evidence { kind: EvidenceKind::Photo, reference: "shelf.jpg".into() }];
    draft.wish =
        BTreeMap::from([("shots".into(), "49".into()), ("picture".into(), "https://x/y.jpg".into())]);
    let mut draft_facts = DraftFacts::from_draft(&draft);
    draft_facts.wish_complete = opdesk::policy::wish_complete(&draft.wish, &product);
    let facts = Facts {
        actor: ActorFacts::from_operator(&operator, true),
        order: OrderFacts::from_order(&order, &[product], now.to_utc(), Currency::UAH),
        customer: CustomerFacts::from_customer(&customer, now.date_naive()),
        draft: draft_facts,
        now,
    };
    assert_eq!(facts.order.age_hours, 29);
    assert_eq!(facts.order.missing, 1);
    assert!(facts.order.age_restricted && facts.draft.wish_complete);
    let verdict = policy.evaluate(&facts);
    let refused: Vec<&str> = verdict.violations().map(|r| r.rule.as_str()).collect();
    assert_eq!(refused, ["A1", "A4"], "A7 is met by the complete wish");
}

/// A one-off measurement: `cargo test --release --test policy_rules -- --ignored --nocapture`.
#[test]
#[ignore]
fn evaluation_timing() {
    let policy = shipped();
    let mut facts = out_of_stock_cancel();
    facts.draft.analogs = vec!["L-1".into(), "L-2".into()];
    let n = 100_000;
    let start = std::time::Instant::now();
    let mut refused = 0;
    for _ in 0..n {
        refused +=
            usize::from(!std::hint::black_box(policy.evaluate(std::hint::black_box(&facts))).allowed());
    }
    let per = start.elapsed() / n;
    assert_eq!(refused, n as usize);
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(policy.money(std::hint::black_box(&facts)).ok());
    }
    let money = start.elapsed() / n;
    println!("evaluate(cancel): {per:?} per evaluation; money(cancel): {money:?}");
}
