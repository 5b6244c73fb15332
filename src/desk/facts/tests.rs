//! The pruned checklist is the whole verdict: what each costly read declares it fills is what
//! it writes, and on every demo order, action, draft and role the verdict (money included) on
//! the facts the rules read equals the verdict on the whole facts.

use super::*;
use crate::config::ConfigDirs;
use crate::desk::{Desk, QueueFilter};
use crate::domain::{
    ActionKind, CancelReason, Channel, Evidence, EvidenceKind, FixedClock, ItemChange, Resolution, TaskKind,
};
use crate::store::Store;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Drafts of every action, from empty to filled in, with and without an override.
fn drafts() -> Vec<Draft> {
    let mut drafts = Vec::new();
    for &action in ActionKind::ALL {
        let mut filled = Draft::new(action);
        filled.note = "called, the customer agreed".into();
        filled.to = Some("andriy".into());
        filled.resolution = Some(Resolution::Waived);
        filled.analogs = vec!["FWB-1001".into(), "FWB-1004".into(), "NOPE-1".into()];
        filled.evidence = vec![Evidence { kind: EvidenceKind::Photo, reference: "p.jpg".into() }];
        filled.channel = Some(Channel::Viber);
        filled.amount_stated = true;
        filled.age_confirmed = true;
        filled.wish.insert("picture".into(), "https://example.com/p.jpg".into());
        filled.steps = vec!["called_first".into()];
        filled.items = vec![ItemChange { sku: "FWB-1001".into(), qty: 0 }];
        filled.days = Some(3);
        let mut overridden = filled.clone();
        overridden.override_reason = Some("agreed with the head of sales".into());
        drafts.push(Draft::new(action));
        drafts.push(filled);
        drafts.push(overridden);
    }
    for reason in CancelReason::ALL {
        let mut cancel = Draft::new(ActionKind::Cancel);
        cancel.reason = Some(*reason);
        drafts.push(cancel);
    }
    drafts
}

/// The demo shop in memory on the demo's clock, with shifts open and a season task, so that
/// the costly reads have something to find.
fn demo() -> (Desk, Vec<String>) {
    let now = chrono::DateTime::parse_from_rfc3339(crate::session::DEMO_NOW).unwrap().to_utc();
    let mut desk = crate::session::build_desk(
        &ConfigDirs::embedded_only(),
        Store::in_memory().unwrap(),
        Arc::new(FixedClock(now)),
    )
    .unwrap();
    desk.import_from(
        &crate::session::feed(),
        std::path::Path::new("demo/shop.json"),
        crate::import::Format::Json,
        crate::session::DEMO_SHOP.as_bytes(),
    )
    .unwrap();
    for login in ["olena", "maria"] {
        let operator = desk.shop().operator(login).unwrap().clone();
        desk.start_shift(&operator).unwrap();
    }
    let rows =
        desk.queue(&crate::session::feed(), &QueueFilter { limit: 1_000, ..Default::default() }).unwrap();
    let iryna = desk.shop().operator("iryna").unwrap().clone();
    let customer = desk.show(&rows[0].id).unwrap().customer.id.clone();
    desk.add_task(&iryna, &customer, "olena", TaskKind::NewYear, None).unwrap();
    let ids: Vec<String> = rows.into_iter().map(|r| r.id).collect();
    assert!(ids.len() > 100, "the demo shop's orders");
    play(&mut desk, &ids);
    (desk, ids)
}

/// A morning's work on some orders, so that outcomes, charges, appeals and invoice holds are
/// there to be read. Each step may be refused on some order; the ones allowed are enough.
fn play(desk: &mut Desk, ids: &[String]) {
    let olena = desk.shop().operator("olena").unwrap().clone();
    let director =
        desk.shop().operators.iter().find(|o| o.roles.contains(&crate::domain::Role::Director)).cloned();
    for (n, id) in ids.iter().enumerate().take(60) {
        let mut step = |action: ActionKind, fill: &dyn Fn(&mut Draft)| {
            let mut draft = Draft::new(action);
            fill(&mut draft);
            desk.perform(&olena, id, draft, None).is_ok()
        };
        step(ActionKind::Claim, &|_| {});
        match n % 4 {
            0 => {
                step(ActionKind::NoAnswer, &|d| d.channel = Some(Channel::Email));
            }
            1 => {
                if step(ActionKind::Cancel, &|d| {
                    d.reason = Some(CancelReason::CustomerRequest);
                    d.note = "the customer changed their mind".into();
                }) {
                    step(ActionKind::Appeal, &|d| d.note = "the customer refused in writing".into());
                }
            }
            2 => {
                if let Some(director) = &director {
                    let mut keep = Draft::new(ActionKind::Keep);
                    keep.days = Some(3);
                    keep.note = "the client pays on Friday".into();
                    let _ = desk.perform(director, id, keep, None);
                }
            }
            _ => {
                step(ActionKind::Contact, &|d| d.note = "called, confirmed the address".into());
            }
        }
    }
}

/// The `variable.field`s whose values differ between two gatherings.
fn differing(a: &Facts, b: &Facts) -> BTreeSet<(String, String)> {
    let (a, b) = (serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
    let mut out = BTreeSet::new();
    for variable in ["actor", "order", "customer", "draft"] {
        let (Some(a), Some(b)) = (a[variable].as_object(), b[variable].as_object()) else {
            panic!("{variable} is an object");
        };
        for (field, value) in a {
            if b.get(field) != Some(value) {
                out.insert((variable.to_owned(), field.clone()));
            }
        }
    }
    out
}

#[test]
fn every_field_a_costly_read_declares_is_a_fact() {
    let sample = serde_json::to_value(Facts::sample()).unwrap();
    for costly in Costly::ALL {
        for (variable, field) in costly.fills() {
            assert!(sample[variable].get(field).is_some(), "{costly:?} fills {variable}.{field}, no fact");
        }
    }
}

/// Each costly read, made alone, changes only the fields it declares: a read that came to fill
/// another field without saying so would leave that field neutral on a checklist that needs it.
#[test]
fn each_costly_read_writes_only_the_fields_it_declares() {
    let (desk, ids) = demo();
    let actor = desk.shop().operator("olena").unwrap().clone();
    let (book, store) = (&desk.book, &desk.store);
    let mut exercised = BTreeSet::new();
    let filled: Vec<Draft> = drafts().into_iter().skip(1).step_by(3).collect();
    for id in &ids {
        for draft in &filled {
            store
                .reading(|tx| -> Result<()> {
                    let (order, customer) = crate::desk::order_and_customer(tx, id)?;
                    let none = book.gather(tx, &actor, &order, &customer, draft, Wanted::Only(&[]))?;
                    for costly in Costly::ALL {
                        let one =
                            book.gather(tx, &actor, &order, &customer, draft, Wanted::Only(&[costly]))?;
                        let declared: BTreeSet<(String, String)> =
                            costly.fills().iter().map(|(v, f)| ((*v).to_owned(), (*f).to_owned())).collect();
                        let changed = differing(&one, &none);
                        assert!(
                            changed.is_subset(&declared),
                            "{costly:?} on {id} ({}) wrote {changed:?}, declares {declared:?}",
                            draft.action
                        );
                        if !changed.is_empty() {
                            exercised.insert(format!("{costly:?}"));
                        }
                    }
                    Ok(())
                })
                .unwrap();
        }
    }
    let all: BTreeSet<String> = Costly::ALL.iter().map(|c| format!("{c:?}")).collect();
    assert_eq!(exercised, all, "every costly read finds something in the demo's morning");
}

/// The live checklist gathers only what its action's rules read: on every order of the demo
/// shop, for every action, draft and operator, its verdict and money are those of the whole
/// facts.
#[test]
fn a_checklist_on_the_facts_its_rules_read_is_the_verdict_on_all_facts() {
    let (desk, ids) = demo();
    // An operator on shift, the duty operator, the supervisor and a SuperVip manager off
    // shift: every role a rule tells apart.
    let actors: Vec<Operator> = ["olena", "maria", "iryna", "andriy"]
        .iter()
        .map(|login| desk.shop().operator(login).unwrap().clone())
        .collect();
    let (book, store) = (&desk.book, &desk.store);
    let (mut compared, mut pruned_something) = (0, false);
    for id in &ids {
        for draft in drafts() {
            for actor in &actors {
                let (some, all) = store
                    .reading(|tx| -> Result<_> {
                        let (order, customer) = crate::desk::order_and_customer(tx, id)?;
                        let some = book.gather_checklist_facts(tx, actor, &order, &customer, &draft)?;
                        let all = book.gather_facts(tx, actor, &order, &customer, &draft)?;
                        pruned_something |= some != all;
                        Ok((some, all))
                    })
                    .unwrap();
                assert_eq!(
                    book.policy.evaluate(&some),
                    book.policy.evaluate(&all),
                    "{} on {id} by {}",
                    draft.action,
                    actor.login
                );
                assert_eq!(
                    book.policy.override_lifts(&book.policy.evaluate(&some), &some),
                    book.policy.override_lifts(&book.policy.evaluate(&all), &all),
                    "{} on {id} by {}: the override",
                    draft.action,
                    actor.login
                );
                compared += 1;
            }
        }
    }
    assert!(pruned_something, "some facts were left unread");
    assert!(compared > 30_000, "{compared} verdicts compared");
}
