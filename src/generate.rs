//! A generator of large, plausible feeds for benchmarks and stress tests: N products, customers
//! and orders as `.jsonl`, deterministic for a seed, streamed so a million orders never sit in
//! memory.

use serde_json::json;
use std::io::{self, Write};

/// How big a shop to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub products: usize,
    pub customers: usize,
    pub orders: usize,
    pub seed: u64,
}

/// A small, fast, deterministic pseudo-random sequence (SplitMix64); quality is irrelevant here.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CATEGORIES: &[&str] = &[
    "batteries",
    "rockets",
    "firecrackers",
    "fountains",
    "sparklers",
    "giants",
    "elite_fireworks",
    "chandeliers",
    "led_lamps",
    "garlands",
    "floor_lamps",
    "spotlights",
    "accessories",
];
const FIRST: &[&str] =
    &["Олена", "Іван", "Марія", "Тарас", "Ірина", "Андрій", "Оксана", "Сергій", "Наталія", "Дмитро"];
const LAST: &[&str] =
    &["Коваль", "Петренко", "Шевченко", "Бондар", "Лисенко", "Мельник", "Гриценко", "Ткаченко"];
const STATUSES: &[&str] = &[
    "new",
    "in_work",
    "processed",
    "reserved",
    "awaiting_payment",
    "assembling",
    "handed_to_delivery",
    "in_transit",
    "at_courier",
    "awaiting_pickup",
    "delivered",
    "received",
    "cancelled",
];
const DISCOUNTS: &[u8] = &[0, 0, 0, 3, 5, 7, 10];
const OWNERS: &[&str] = &["olena", "ivan", "maria", "taras", "andriy", "oksana"];

/// Writes the feed: products first, then customers, then orders, one record per line.
pub fn write_feed(scale: Scale, out: &mut impl Write) -> io::Result<()> {
    let mut dice = Dice(scale.seed);
    for p in 0..scale.products {
        let category = CATEGORIES[p % CATEGORIES.len()];
        let pyro = CATEGORIES.iter().position(|c| *c == category).is_some_and(|i| i < 7);
        let record = json!({
            "type": "product", "sku": format!("P-{p:06}"), "name": format!("Товар {p} ({category})"),
            "category": category, "stock": dice.below(40).saturating_sub(5), "price": 5_000 + dice.below(2_000_000) as i64,
            "age_restricted": pyro, "no_reserve": category == "elite_fireworks",
        });
        writeln!(out, "{record}")?;
    }
    for c in 0..scale.customers {
        let class = match dice.below(100) {
            0 => "supervip",
            1..=4 => "vip",
            5..=7 => "b2b",
            8 => "employee",
            _ => "regular",
        };
        let mut record = json!({
            "type": "customer", "id": format!("C-{c:07}"),
            "name": format!("{} {}", dice.pick(FIRST), dice.pick(LAST)),
            "phone": format!("+38067{:07}", c), "email": format!("c{c}@example.com"),
            "language": if dice.below(3) == 0 { "ru" } else { "uk" }, "class": class,
            "personal_discount": DISCOUNTS[dice.below(DISCOUNTS.len())],
        });
        if class == "supervip" {
            record["designated"] = json!(if dice.below(2) == 0 { "andriy" } else { "oksana" });
        }
        writeln!(out, "{record}")?;
    }
    for o in 0..scale.orders {
        // Spread over the 60 days before the demo's date, newest last.
        let minutes_back = scale.orders.saturating_sub(o) * 60 * 24 * 60 / scale.orders.max(1);
        let created = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+02:00")
            .map(|t| t - chrono::Duration::minutes(minutes_back as i64))
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let status = if minutes_back < 2 * 24 * 60 { dice.pick(&STATUSES[..4]) } else { dice.pick(STATUSES) };
        let lines = 1 + dice.below(3);
        let items: Vec<_> = (0..lines)
            .map(|_| {
                json!({"sku": format!("P-{:06}", dice.below(scale.products)), "qty": 1 + dice.below(4),
                       "price": 5_000 + dice.below(500_000)})
            })
            .collect();
        let mut record = json!({
            "type": "order", "id": format!("GEN-{o:08}"), "created_at": created,
            "source": dice.pick(&["site", "site", "site", "phone", "chat", "email"]),
            "customer": format!("C-{:07}", dice.below(scale.customers)), "items": items,
            "delivery": {"method": dice.pick(&["courier", "post", "post", "pickup"]), "address": "Київ", "cost": 7_000},
            "payment": dice.pick(&["cash_on_delivery", "card", "card", "invoice"]), "status": status,
        });
        if status != "new" {
            record["owner"] = json!(dice.pick(OWNERS));
        }
        writeln!(out, "{record}")?;
    }
    Ok(())
}
