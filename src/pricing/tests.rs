//! Rules D1–D5 with exact kopecks, every forbidden combination, rounding, the config file, and
//! the bounds of the total over many generated orders.

use super::*;
use crate::domain::{
    CustomerClass, CustomerEvent, DeliveryMethod, EventKind, Language, OrderItem, OrderSource, OrderStatus,
    Payment,
};
use chrono::DateTime;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn item(sku: &str, qty: i64, price: i64) -> OrderItem {
    OrderItem { sku: sku.to_owned(), name: sku.to_owned(), qty, price }
}

fn order(items: Vec<OrderItem>) -> Order {
    let at = DateTime::parse_from_rfc3339("2026-11-22T09:15:00+02:00").unwrap();
    Order {
        number: 1,
        id: "SITE-1001".to_owned(),
        created_at: at,
        source: OrderSource::Site,
        customer_id: "C-77".to_owned(),
        items,
        delivery_method: DeliveryMethod::Courier,
        delivery_address: "Kyiv".to_owned(),
        delivery_cost: 0,
        payment: Payment::CashOnDelivery,
        magic_word: None,
        comment: String::new(),
        status: OrderStatus::New,
        owner: None,
        complaint: false,
        status_since: at,
        version: 1,
        life: Default::default(),
    }
}

/// ₴1 234.56 of goods in one line.
fn order_1234_56() -> Order {
    order(vec![item("LMP-0042", 1, 123_456)])
}

fn customer(class: CustomerClass, personal: u8) -> Customer {
    Customer {
        id: "C-77".to_owned(),
        name: "Olena".to_owned(),
        phone: "+380501234567".to_owned(),
        email: "o@example.com".to_owned(),
        language: Language::Uk,
        class,
        blocked_since: None,
        events: Vec::new(),
        personal_discount: personal,
        designated: None,
    }
}

fn with_event(mut c: Customer, kind: EventKind, date: &str, recorded: &str) -> Customer {
    c.events.push(CustomerEvent { kind, date: day(date), recorded_at: day(recorded) });
    c
}

fn with_magic(mut o: Order, word: &str) -> Order {
    o.magic_word = Some(word.to_owned());
    o
}

/// The shipped table plus one promotion and from-amount tiers, for the tests that need them.
fn table_with(extra: &str) -> DiscountTable {
    DiscountTable::from_toml("test.toml", &table_text(extra)).unwrap()
}

const PROMO_20: &str = "[[promotion]]\nlabel = \"salute week\"\nskus = [\"SAL-1\"]\npercent = 20\n";
const PROMO_3: &str = "[[promotion]]\nlabel = \"small promo\"\nskus = [\"SAL-1\"]\npercent = 3\n";

fn kinds(due: &AmountDue) -> Vec<DiscountKind> {
    due.applied.iter().map(|d| d.kind).collect()
}

fn rejected(due: &AmountDue, kind: DiscountKind) -> &Rejected {
    due.rejected.iter().find(|r| r.kind == kind).unwrap_or_else(|| panic!("{kind} not rejected: {due:#?}"))
}

const TODAY: &str = "2026-11-22";

fn due(o: &Order, c: &Customer) -> AmountDue {
    amount_due(o, c, &DiscountTable::default(), day(TODAY))
}

// ---- D1 ----

#[test]
fn d1_no_discount_pays_the_goods_and_delivery() {
    let mut o = order_1234_56();
    o.delivery_cost = 7_000;
    let d = due(&o, &customer(CustomerClass::Regular, 0));
    assert_eq!(
        (d.subtotal, d.discount_total, d.goods, d.delivery, d.total),
        (123_456, 0, 123_456, 7_000, 130_456)
    );
    assert!(d.applied.is_empty() && d.rejected.is_empty());
    assert_eq!(d.package, Package::Regular);
}

#[test]
fn d1_personal_discount_is_its_percent_of_the_goods() {
    let d = due(&order_1234_56(), &customer(CustomerClass::Vip, 7));
    assert_eq!(kinds(&d), [DiscountKind::Personal]);
    // 7% of 123 456 = 8 641.92 → 8 642.
    assert_eq!((d.applied[0].amount, d.total), (8_642, 114_814));
}

#[test]
fn d1_from_amount_table_is_empty_by_default() {
    assert!(DiscountTable::default().from_amount.is_empty());
}

#[test]
fn d1_from_amount_highest_tier_reached_applies() {
    let t = table_with(
        "[[from_amount]]\nfrom = 100000\npercent = 2\n[[from_amount]]\nfrom = 50000\npercent = 1\n",
    );
    let d = amount_due(&order_1234_56(), &customer(CustomerClass::Regular, 0), &t, day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::FromAmount]);
    assert_eq!((d.applied[0].percent.get(), d.applied[0].amount), (2, 2_469)); // 2 469.12
    let small = order(vec![item("A", 1, 99_999)]);
    let d = amount_due(&small, &customer(CustomerClass::Regular, 0), &t, day(TODAY));
    assert_eq!((d.applied[0].percent.get(), d.applied[0].amount), (1, 1_000)); // 999.99 → 1 000
}

#[test]
fn d1_from_amount_stacks_with_personal_and_with_the_magic_word() {
    let t = table_with("[[from_amount]]\nfrom = 100000\npercent = 2\n");
    let d = amount_due(&order_1234_56(), &customer(CustomerClass::Vip, 7), &t, day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::Personal, DiscountKind::FromAmount]);
    assert_eq!(d.discount_total, 8_642 + 2_469);
    let d = amount_due(
        &with_magic(order_1234_56(), "Wedding"),
        &customer(CustomerClass::Regular, 0),
        &t,
        day(TODAY),
    );
    assert_eq!(kinds(&d), [DiscountKind::MagicWord, DiscountKind::FromAmount]);
    assert_eq!(d.discount_total, 12_346 + 2_469);
}

#[test]
fn d1_promotion_takes_its_percent_off_its_items_only() {
    let o = order(vec![item("SAL-1", 2, 50_000), item("LMP-0042", 1, 123_456)]);
    let d = amount_due(&o, &customer(CustomerClass::Regular, 0), &table_with(PROMO_20), day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::Promotional]);
    assert_eq!((d.applied[0].base, d.applied[0].amount), (100_000, 20_000));
    assert_eq!(d.total, 223_456 - 20_000);
}

#[test]
fn d1_promotion_runs_only_between_its_dates() {
    let t = table_with(&format!("{PROMO_20}starts = 2026-12-20\nends = 2026-12-31\n"));
    let o = order(vec![item("SAL-1", 1, 10_000)]);
    let c = customer(CustomerClass::Regular, 0);
    assert!(amount_due(&o, &c, &t, day("2026-12-19")).applied.is_empty());
    assert_eq!(amount_due(&o, &c, &t, day("2026-12-20")).discount_total, 2_000);
    assert_eq!(amount_due(&o, &c, &t, day("2026-12-31")).discount_total, 2_000);
    assert!(amount_due(&o, &c, &t, day("2027-01-01")).applied.is_empty());
}

#[test]
fn d1_personal_stacks_with_a_promotion() {
    let o = order(vec![item("SAL-1", 1, 10_000)]);
    let d = amount_due(&o, &customer(CustomerClass::Vip, 7), &table_with(PROMO_20), day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::Personal, DiscountKind::Promotional]);
    assert_eq!(d.discount_total, 700 + 2_000);
}

// ---- D2 ----

#[test]
fn d2_magic_word_matches_trimmed_quoted_and_in_any_case() {
    let c = customer(CustomerClass::Regular, 0);
    for word in ["Свадьба", "  «СВАДЬБА» ", "весілля", "WEDDING", "\"wedding\""] {
        let d = due(&with_magic(order_1234_56(), word), &c);
        assert_eq!(kinds(&d), [DiscountKind::MagicWord], "{word}");
        assert_eq!(d.applied[0].amount, 12_346, "{word}"); // 12 345.6 → 12 346
    }
}

#[test]
fn d2_card_1452_is_a_magic_word_of_five_percent() {
    let d = due(&with_magic(order_1234_56(), " 1452 "), &customer(CustomerClass::Regular, 0));
    assert_eq!(
        (d.applied[0].kind, d.applied[0].label.as_str(), d.applied[0].amount),
        (DiscountKind::MagicWord, "card 1452", 6_173)
    );
}

#[test]
fn d2_magic_word_does_not_stack_with_personal_discount() {
    let d = due(&with_magic(order_1234_56(), "Свадьба"), &customer(CustomerClass::Vip, 7));
    assert_eq!(d.package, Package::MagicWord);
    assert_eq!(kinds(&d), [DiscountKind::MagicWord]);
    assert_eq!(d.total, 123_456 - 12_346);
    let r = rejected(&d, DiscountKind::Personal);
    assert_eq!(r.amount, 8_642);
    assert_eq!(
        r.reason,
        RejectReason::DoesNotStack { winner: Package::MagicWord, winner_total: 12_346, this_total: 8_642 }
    );
}

#[test]
fn d2_a_larger_personal_discount_beats_the_magic_word() {
    let d = due(&with_magic(order_1234_56(), "wedding"), &customer(CustomerClass::Vip, 12));
    assert_eq!(kinds(&d), [DiscountKind::Personal]);
    assert_eq!(d.discount_total, 14_815); // 14 814.72
    assert_eq!(rejected(&d, DiscountKind::MagicWord).amount, 12_346);
}

#[test]
fn d2_a_tie_between_magic_word_and_personal_keeps_the_personal_discount() {
    let d = due(&with_magic(order_1234_56(), "wedding"), &customer(CustomerClass::Vip, 10));
    assert_eq!(d.package, Package::Regular);
    assert!(rejected(&d, DiscountKind::MagicWord).reason.to_string().contains("as much"));
}

#[test]
fn d2_magic_word_weighs_against_personal_plus_additional() {
    // Personal 7% + additional 5% = ₴148.15 beats the word's ₴123.46.
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let d = due(&with_magic(order_1234_56(), "wedding"), &c);
    assert_eq!(kinds(&d), [DiscountKind::Personal, DiscountKind::Additional]);
    assert_eq!(d.discount_total, 14_815);
    // Personal 3% + additional 5% = ₴98.77 loses to it; both are rejected.
    let c = with_event(customer(CustomerClass::Vip, 3), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let d = due(&with_magic(order_1234_56(), "wedding"), &c);
    assert_eq!(kinds(&d), [DiscountKind::MagicWord]);
    rejected(&d, DiscountKind::Personal);
    rejected(&d, DiscountKind::Additional);
}

#[test]
fn d2_magic_word_does_not_stack_with_a_promotion_on_the_same_item() {
    let o = with_magic(order(vec![item("SAL-1", 1, 10_000), item("LMP-0042", 1, 123_456)]), "wedding");
    let d = amount_due(&o, &customer(CustomerClass::Regular, 0), &table_with(PROMO_20), day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::MagicWord, DiscountKind::Promotional]);
    assert_eq!((d.applied[0].base, d.applied[0].amount), (123_456, 12_346));
    assert_eq!((d.applied[1].base, d.applied[1].amount), (10_000, 2_000));
    let r = rejected(&d, DiscountKind::MagicWord);
    assert_eq!(r.reason, RejectReason::PromotionIsLarger { skus: vec!["SAL-1".to_owned()] });
}

#[test]
fn d2_magic_word_beats_a_smaller_promotion_on_its_item() {
    let o = with_magic(order(vec![item("SAL-1", 1, 10_000)]), "wedding");
    let d = amount_due(&o, &customer(CustomerClass::Regular, 0), &table_with(PROMO_3), day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::MagicWord]);
    assert_eq!(d.discount_total, 1_000);
    let r = rejected(&d, DiscountKind::Promotional);
    assert_eq!(
        r.reason,
        RejectReason::LargerDiscountOnItems {
            other: DiscountKind::MagicWord,
            skus: vec!["SAL-1".to_owned()]
        }
    );
}

#[test]
fn d2_a_magic_word_said_for_promotional_items_only_is_explained() {
    let o = with_magic(order(vec![item("SAL-1", 1, 10_000)]), "wedding");
    let d = amount_due(&o, &customer(CustomerClass::Regular, 0), &table_with(PROMO_20), day(TODAY));
    assert_eq!((kinds(&d), d.discount_total), (vec![DiscountKind::Promotional], 2_000));
    assert_eq!(
        rejected(&d, DiscountKind::MagicWord).reason,
        RejectReason::PromotionIsLarger { skus: vec!["SAL-1".to_owned()] }
    );
    assert_eq!(d.rejected.len(), 1);
}

#[test]
fn d2_an_unknown_magic_word_gives_nothing_and_is_shown() {
    let d = due(&with_magic(order_1234_56(), "please"), &customer(CustomerClass::Regular, 0));
    assert!(d.applied.is_empty());
    assert_eq!(
        rejected(&d, DiscountKind::MagicWord).reason,
        RejectReason::UnknownMagicWord { said: "please".to_owned() }
    );
    // A blank word is no word at all.
    assert!(
        due(&with_magic(order_1234_56(), "  "), &customer(CustomerClass::Regular, 0)).rejected.is_empty()
    );
}

// ---- D3 ----

#[test]
fn d3_additional_five_percent_needs_a_personal_discount() {
    let c = with_event(customer(CustomerClass::Regular, 0), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let d = due(&order_1234_56(), &c);
    assert!(d.applied.is_empty());
    assert_eq!(rejected(&d, DiscountKind::Additional).reason, RejectReason::NeedsPersonalDiscount);
    assert_eq!(d.total, 123_456);
}

#[test]
fn d3_the_shop_may_give_the_additional_discount_without_a_personal_one() {
    let text = include_str!("../../config/discounts.toml")
        .replace("additional_needs_personal = true", "additional_needs_personal = false");
    let t = DiscountTable::from_toml("t.toml", &text).unwrap();
    let c = with_event(customer(CustomerClass::Regular, 0), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let d = amount_due(&order_1234_56(), &c, &t, day(TODAY));
    assert_eq!((kinds(&d), d.discount_total), (vec![DiscountKind::Additional], 6_173));
}

// ---- D4 ----

#[test]
fn d4_event_stacks_with_the_personal_discount() {
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let mut o = order_1234_56();
    o.delivery_cost = 5_500;
    let d = due(&o, &c);
    assert_eq!(kinds(&d), [DiscountKind::Personal, DiscountKind::Additional]);
    // 7% → 8 641.92 → 8 642; 5% → 6 172.8 → 6 173; each rounded on the subtotal.
    assert_eq!(d.applied.iter().map(|a| a.amount).collect::<Vec<_>>(), [8_642, 6_173]);
    assert_eq!(d.applied[1].label, "wedding on 2026-11-25");
    assert_eq!((d.discount_total, d.goods, d.total), (14_815, 108_641, 114_141));
}

#[test]
fn d4_event_recorded_less_than_a_month_before_gives_nothing() {
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-10-23");
    let d = due(&order_1234_56(), &c);
    assert_eq!(kinds(&d), [DiscountKind::Personal]);
    let r = rejected(&d, DiscountKind::Additional);
    assert_eq!(
        r.reason,
        RejectReason::EventRecordedTooLate {
            event: EventKind::Wedding,
            occurrence: day("2026-11-25"),
            recorded_at: day("2026-10-23"),
            latest_record: Some(day("2026-10-22")),
        }
    );
}

#[test]
fn d4_a_calendar_month_to_the_day_is_enough() {
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-10-22");
    assert_eq!(kinds(&due(&order_1234_56(), &c)), [DiscountKind::Personal, DiscountKind::Additional]);
    // From 31 March a calendar month back is 28 February (2026 is not a leap year).
    let o = order_1234_56();
    let t = DiscountTable::default();
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Corporate, "2026-04-02", "2026-02-28");
    assert_eq!(amount_due(&o, &c, &t, day("2026-03-31")).applied.len(), 2);
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Corporate, "2026-04-02", "2026-03-01");
    assert_eq!(amount_due(&o, &c, &t, day("2026-03-31")).applied.len(), 1);
}

#[test]
fn d4_event_window_is_seven_days_either_side() {
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-22", "2026-01-01");
    let t = DiscountTable::default();
    let o = order_1234_56();
    let has_additional = |d: &str| kinds(&amount_due(&o, &c, &t, day(d))).contains(&DiscountKind::Additional);
    assert!(has_additional("2026-11-15") && has_additional("2026-11-29") && has_additional("2026-11-22"));
    assert!(!has_additional("2026-11-14") && !has_additional("2026-11-30"));
}

#[test]
fn d4_event_discount_does_not_stack_with_a_promotion() {
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let o = order(vec![item("SAL-1", 1, 10_000), item("LMP-0042", 1, 123_456)]);
    let d = amount_due(&o, &c, &table_with(PROMO_20), day(TODAY));
    assert_eq!(kinds(&d), [DiscountKind::Personal, DiscountKind::Additional, DiscountKind::Promotional]);
    let amounts: Vec<_> = d.applied.iter().map(|a| (a.base, a.amount)).collect();
    assert_eq!(amounts, [(133_456, 9_342), (123_456, 6_173), (10_000, 2_000)]);
    assert_eq!(
        rejected(&d, DiscountKind::Additional).reason,
        RejectReason::PromotionIsLarger { skus: vec!["SAL-1".to_owned()] }
    );
}

// ---- D5 ----

#[test]
fn d5_employee_cash_thirty_percent_card_twenty() {
    let c = customer(CustomerClass::Employee, 0);
    for (payment, percent, amount) in [
        (Payment::Cash, 30, 37_037), // 37 036.8
        (Payment::Salary, 30, 37_037),
        (Payment::CashOnDelivery, 30, 37_037),
        (Payment::Card, 20, 24_691), // 24 691.2
        (Payment::Invoice, 20, 24_691),
    ] {
        let mut o = order_1234_56();
        o.delivery_method = DeliveryMethod::Pickup;
        o.payment = payment;
        let d = due(&o, &c);
        assert_eq!(
            (d.package, d.applied[0].percent.get(), d.discount_total),
            (Package::Employee, percent, amount),
            "{payment}"
        );
        assert!(!d.delivery_quote_required && !d.below_free_delivery);
    }
}

#[test]
fn d5_employee_discount_is_for_pickup_only() {
    let mut o = order_1234_56();
    o.payment = Payment::Cash;
    let d = due(&o, &customer(CustomerClass::Employee, 0));
    assert!(d.applied.is_empty());
    assert_eq!(rejected(&d, DiscountKind::Employee).reason, RejectReason::EmployeePickupOnly);
    assert!(d.delivery_quote_required);
}

#[test]
fn d5_employee_discount_does_not_stack_with_others() {
    let mut o = with_magic(order_1234_56(), "wedding");
    o.delivery_method = DeliveryMethod::Pickup;
    o.payment = Payment::Cash;
    let d = due(&o, &customer(CustomerClass::Employee, 10));
    assert_eq!((kinds(&d), d.discount_total), (vec![DiscountKind::Employee], 37_037));
    for kind in [DiscountKind::Personal, DiscountKind::MagicWord] {
        assert!(matches!(
            rejected(&d, kind).reason,
            RejectReason::DoesNotStack { winner: Package::Employee, .. }
        ));
    }
    // A larger personal discount wins instead, the customer's way.
    let d = due(&o, &customer(CustomerClass::Employee, 40));
    assert_eq!(kinds(&d), [DiscountKind::Personal]);
    assert!(matches!(rejected(&d, DiscountKind::Employee).reason, RejectReason::DoesNotStack { .. }));
}

// ---- rounding ----

#[test]
fn rounding_is_half_up_to_the_kopeck() {
    let p = |v| Percent::new(v).unwrap();
    assert_eq!(p(5).of(50), 3); // 2.5
    assert_eq!(p(5).of(49), 2); // 2.45
    assert_eq!(p(5).of(10), 1); // 0.5
    assert_eq!(p(7).of(1), 0); // 0.07
    assert_eq!(p(100).of(i64::MAX), i64::MAX);
    assert_eq!(p(30).of(-100), 0);
}

#[test]
fn rounding_is_per_discount_not_on_the_summed_percent() {
    // 7% and 5% of 10 kopecks: 0.7 → 1 and 0.5 → 1, while 12% would round 1.2 → 1.
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let d = due(&order(vec![item("X", 1, 10)]), &c);
    assert_eq!((d.discount_total, d.total), (2, 8));
}

// ---- delivery and bad input ----

#[test]
fn free_delivery_threshold_is_flagged_for_delivered_orders_only() {
    let t = DiscountTable::default().with_free_delivery_from(150_000);
    let c = customer(CustomerClass::Regular, 0);
    let mut o = order_1234_56();
    o.delivery_cost = 7_000;
    assert!(amount_due(&o, &c, &t, day(TODAY)).below_free_delivery);
    assert!(!amount_due(&o, &c, &DiscountTable::default(), day(TODAY)).below_free_delivery);
    o.delivery_method = DeliveryMethod::Pickup;
    assert!(!amount_due(&o, &c, &t, day(TODAY)).below_free_delivery);
    let big = order(vec![item("A", 1, 150_000)]);
    assert!(!amount_due(&big, &c, &t, day(TODAY)).below_free_delivery);
}

#[test]
fn negative_lines_and_delivery_count_as_zero_with_a_note() {
    let mut o = order(vec![item("A", 1, 10_000), item("B", -1, 5_000), item("C", -2, -3)]);
    o.delivery_cost = -100;
    let d = due(&o, &customer(CustomerClass::Regular, 0));
    assert_eq!((d.subtotal, d.delivery, d.total), (10_000, 0, 10_000));
    assert_eq!(d.notes.len(), 3);
}

#[test]
fn discounts_above_the_goods_are_capped() {
    let o = order(vec![item("SAL-1", 1, 10_000)]);
    let d = amount_due(&o, &customer(CustomerClass::Vip, 90), &table_with(PROMO_20), day(TODAY));
    assert_eq!((d.discount_total, d.goods, d.total), (10_000, 0, 0));
    assert_eq!(d.notes, [Note::CappedAtSubtotal { uncapped: 11_000 }]);
}

#[test]
fn the_breakdown_reads_aloud() {
    let c = with_event(customer(CustomerClass::Vip, 7), EventKind::Wedding, "2026-11-25", "2026-09-01");
    let mut o = with_magic(order_1234_56(), "1452");
    o.delivery_cost = 5_500;
    let text = due(&o, &c).explain(crate::domain::Currency::UAH);
    assert!(text.contains("personal 7% (personal): ₴86.42"), "{text}");
    assert!(text.contains("additional 5% (wedding on 2026-11-25): ₴61.73"), "{text}");
    assert!(text.contains("× magic_word 5% (card 1452): does not stack"), "{text}");
    assert!(text.contains("To pay: ₴1 141.41"), "{text}");
}

/// Over many generated orders and customers the total stays within its bounds and adds up.
#[test]
fn total_is_never_negative_and_never_above_goods_plus_delivery() {
    let t = table_with(&format!("{PROMO_20}[[from_amount]]\nfrom = 100000\npercent = 4\n"));
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let classes = <CustomerClass as crate::domain::Vocabulary>::ALL;
    let payments = [Payment::Cash, Payment::Card, Payment::Invoice, Payment::Salary, Payment::CashOnDelivery];
    let methods = [DeliveryMethod::Courier, DeliveryMethod::Post, DeliveryMethod::Pickup];
    let words = [None, Some("wedding"), Some("1452"), Some("nope")];
    for _ in 0..5_000 {
        let items = (0..next(4))
            .map(|i| {
                item(
                    if next(2) == 0 { "SAL-1" } else { "LMP" },
                    next(5) as i64 - 1,
                    next(300_000) as i64 - 10 + i as i64,
                )
            })
            .collect();
        let mut o = order(items);
        o.delivery_cost = next(20_000) as i64 - 100;
        o.payment = payments[next(5) as usize];
        o.delivery_method = methods[next(3) as usize];
        o.magic_word = words[next(4) as usize].map(str::to_owned);
        let mut c = customer(classes[next(5) as usize], next(120) as u8);
        if next(2) == 0 {
            c = with_event(c, EventKind::Birthday, "1990-11-20", "2026-10-01");
        }
        let d = amount_due(&o, &c, &t, day(TODAY));
        assert!(d.total >= 0, "{d:#?}");
        assert!(d.total <= d.subtotal + d.delivery, "{d:#?}");
        assert_eq!(d.goods + d.delivery, d.total);
        assert_eq!(d.subtotal - d.discount_total, d.goods);
        let sum: i64 = d.applied.iter().map(|a| a.amount).sum();
        assert!(d.discount_total == sum || d.discount_total == d.subtotal, "{d:#?}");
        // Each discount is rejected at most once, and rejected while applied only for some items.
        let mut said: Vec<_> = d.rejected.iter().map(|r| (r.kind, &r.label)).collect();
        let count = said.len();
        said.sort();
        said.dedup();
        assert_eq!(said.len(), count, "{d:#?}");
        for r in &d.rejected {
            let per_item = matches!(
                r.reason,
                RejectReason::PromotionIsLarger { .. } | RejectReason::LargerDiscountOnItems { .. }
            );
            assert!(per_item || !d.applied.iter().any(|a| a.kind == r.kind && a.label == r.label), "{d:#?}");
        }
    }
}

fn table_text(extra: &str) -> String {
    format!("{}\n{extra}", include_str!("../../config/discounts.toml"))
}
