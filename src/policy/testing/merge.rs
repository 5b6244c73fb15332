//! Building a case's facts: the baseline as JSON, patched with the case's TOML tables.
//!
//! Tables merge key by key (so `draft.reason = "…"` changes one field); a list is replaced
//! whole, and each table in it starts from the baseline's first element of that list (or the
//! sample's, when the baseline list is empty), so `order.items = [{ stock = 0 }]` is a
//! one-line order like the baseline's with nothing in stock.

use serde_json::Value as Json;
use std::collections::BTreeSet;

/// Maps whose keys are free (a wish form); every other key must already exist.
const OPEN_MAPS: &[&str] = &["draft.wish"];

/// Patches `target` with `patch`, recording each dotted path it sets in `touched`.
pub(super) fn apply(
    target: &mut Json,
    patch: &toml::Table,
    sample: &Json,
    touched: &mut BTreeSet<String>,
) -> Result<(), String> {
    table(target, patch, sample, "", touched)
}

fn table(
    target: &mut Json,
    patch: &toml::Table,
    sample: &Json,
    path: &str,
    touched: &mut BTreeSet<String>,
) -> Result<(), String> {
    let open = OPEN_MAPS.contains(&path);
    let Json::Object(fields) = target else {
        return Err(format!("`{path}` is not a table of facts"));
    };
    for (key, value) in patch {
        let inner = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        let sample_inner = sample.get(key).unwrap_or(&Json::Null);
        match fields.get_mut(key) {
            Some(slot) => set(slot, value, sample_inner, &inner, touched)?,
            None if open => {
                fields.insert(key.clone(), to_json(value));
                touched.insert(inner);
            }
            None => {
                let known: Vec<&str> = fields.keys().map(String::as_str).collect();
                return Err(format!("unknown fact `{inner}` (known here: {})", known.join(", ")));
            }
        }
    }
    Ok(())
}

fn set(
    slot: &mut Json,
    value: &toml::Value,
    sample: &Json,
    path: &str,
    touched: &mut BTreeSet<String>,
) -> Result<(), String> {
    touched.insert(path.to_owned());
    match value {
        toml::Value::Table(patch) if slot.is_object() => table(slot, patch, sample, path, touched),
        toml::Value::Array(elements) if slot.is_array() => {
            let template = slot
                .as_array()
                .and_then(|a| a.first())
                .or_else(|| sample.as_array().and_then(|a| a.first()))
                .cloned();
            let mut list = Vec::with_capacity(elements.len());
            for (i, element) in elements.iter().enumerate() {
                match (element, &template) {
                    (toml::Value::Table(patch), Some(template @ Json::Object(_))) => {
                        let mut item = template.clone();
                        let mut ignored = BTreeSet::new();
                        table(&mut item, patch, template, &format!("{path}[{i}]"), &mut ignored)?;
                        list.push(item);
                    }
                    _ => list.push(to_json(element)),
                }
            }
            *slot = Json::Array(list);
            Ok(())
        }
        _ => {
            *slot = to_json(value);
            Ok(())
        }
    }
}

/// TOML to JSON; a TOML date-time becomes its RFC 3339 text, as the facts spell it.
fn to_json(value: &toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(n) => Json::from(*n),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ActionKind;
    use crate::policy::Facts;

    fn patched(patch: &str) -> Result<(Facts, BTreeSet<String>), String> {
        let mut json = serde_json::to_value(Facts::baseline(ActionKind::Cancel)).unwrap();
        let sample = serde_json::to_value(Facts::sample()).unwrap();
        let patch: toml::Table = toml::from_str(patch).unwrap();
        let mut touched = BTreeSet::new();
        apply(&mut json, &patch, &sample, &mut touched)?;
        Ok((serde_json::from_value(json).map_err(|e| e.to_string())?, touched))
    }

    #[test]
    fn dotted_keys_change_one_field() {
        let (facts, touched) = patched("draft.reason = 'out_of_stock'\norder.appeals = 1").unwrap();
        assert_eq!(facts.draft.reason, Some(crate::domain::CancelReason::OutOfStock));
        assert_eq!(facts.order.appeals, 1);
        assert_eq!(facts.order.id, "SITE-1001", "the rest stays");
        assert!(touched.contains("order.appeals"));
    }

    #[test]
    fn list_tables_start_from_the_baseline_element() {
        let (facts, _) = patched("order.items = [{ stock = 0 }, { sku = 'X-2', qty = 3 }]").unwrap();
        assert_eq!(facts.order.items.len(), 2);
        assert_eq!(facts.order.items[0].sku, "LMP-0042");
        assert_eq!(facts.order.items[0].stock, 0);
        assert_eq!(facts.order.items[1].qty, 3);
    }

    #[test]
    fn an_empty_baseline_list_takes_the_sample_element() {
        let (facts, _) = patched("customer.open_orders = [{ owner = 'ivan' }]").unwrap();
        assert_eq!(facts.customer.open_orders[0].owner, "ivan");
        assert_eq!(facts.customer.open_orders[0].id, "SITE-0998");
    }

    #[test]
    fn unknown_facts_are_named_but_wish_keys_are_free() {
        let err = patched("order.nope = 1").unwrap_err();
        assert!(err.contains("`order.nope`"), "{err}");
        let (facts, _) = patched("draft.wish = { kind = 'show', date = '2026-12-31' }").unwrap();
        assert_eq!(facts.draft.wish["date"], "2026-12-31");
    }
}
