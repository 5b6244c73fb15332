//! What a product wish and a fireworks-show lead hold (A7, B14, B16): the field names the forms
//! ask for and the rules check, in one place so the workstation and the rules file agree.

use super::Product;

/// The wish field holding a link to a picture, or a photo's file name (A7).
pub const PICTURE: &str = "picture";

/// The wish field saying what the wish is: `product` (the default) or `show` (B16).
pub const KIND: &str = "kind";

/// The kinds of wish, as written in the `kind` field.
pub const KIND_PRODUCT: &str = "product";
pub const KIND_SHOW: &str = "show";

super::vocabulary! {
    /// What a recorded wish is: a product the customer could not get, or a fireworks-show lead.
    WishKind, "wish kind" {
        Product = "product",
        Show = "show",
    }
}

super::vocabulary! {
    /// Where a recorded wish stands for its reader (the head of analytics, the show director):
    /// the form still lacks something, it is complete, or the wished product is in stock again
    /// and the customer is to be told (B14).
    WishState, "wish state" {
        Incomplete = "incomplete",
        Complete = "complete",
        InStock = "in_stock",
    }
}

/// The wish field naming the catalogue product a wish is for (one per missing line, A7).
pub const SKU: &str = "sku";

/// A show lead's six fields, as B16 lists them: date, place, number of guests, the event, the
/// budget and the customer's wishes (examples from the site).
pub const SHOW_LEAD_FIELDS: [&str; 6] = ["date", "place", "guests", "event", "budget", "wishes"];

/// The fields of a product wish when no catalogue product describes it (a customer asking for
/// something the shop does not list, B14).
pub const FREE_PRODUCT_FIELDS: [&str; 2] = ["product", "details"];

/// The fields a product wish asks for, each with what the catalogue already knows: for a known
/// product every characteristic it has (A7: "all characteristics"), prefilled with the
/// catalogue's value, then the picture; otherwise what is wanted, its details and a picture.
pub fn product_wish_fields(product: Option<&Product>) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = match product {
        Some(p) => {
            let mut known = vec![("product".to_owned(), format!("{} {}", p.sku, p.name))];
            known.extend(p.attributes.iter().map(|(k, v)| (k.clone(), attribute_text(v))));
            known
        }
        None => FREE_PRODUCT_FIELDS.iter().map(|k| ((*k).to_owned(), String::new())).collect(),
    };
    fields.push((PICTURE.to_owned(), String::new()));
    fields
}

/// A catalogue attribute as an operator would type it: `white`, `40`, `true`.
fn attribute_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lamp() -> Product {
        Product {
            sku: "LED-1".into(),
            name: "Лампа".into(),
            category: "lamps".into(),
            stock: 0,
            price: 100,
            age_restricted: false,
            no_reserve: false,
            attributes: BTreeMap::from([
                ("color".to_owned(), serde_json::json!("white")),
                ("power_w".to_owned(), serde_json::json!(40)),
            ]),
        }
    }

    #[test]
    fn a7_a_known_product_asks_every_characteristic_prefilled_then_a_picture() {
        let fields = product_wish_fields(Some(&lamp()));
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["product", "color", "power_w", "picture"]);
        assert_eq!(fields[1].1, "white");
        assert_eq!(fields[2].1, "40");
        assert_eq!(fields[3].1, "", "the picture is the operator's to give");
    }

    #[test]
    fn b14_an_unknown_product_asks_what_it_is() {
        let keys: Vec<String> = product_wish_fields(None).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["product", "details", "picture"]);
    }
}
