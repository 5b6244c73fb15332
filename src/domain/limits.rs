//! How large anything from outside may be: the lengths of texts, the counts of lists, the
//! bounds of quantities and amounts. One table, read by the import (a record beyond a limit is
//! refused naming its field and the limit), by the command line's `act` and `handoff` options,
//! and by the rules' cost estimate (a rule's comprehension over `order.items` walks at most
//! [`MAX_ITEMS`] of them). README's "Import format" lists the same numbers.
//!
//! The amounts are chosen so that nothing the desk computes from them can overflow an `i64`:
//! [`MAX_ITEMS`] × [`MAX_QTY`] × [`MAX_PRICE`] + [`MAX_PRICE`] is about 2 × 10¹⁷, fifty times
//! below `i64::MAX`, and an order's total is further capped at [`MAX_ORDER_TOTAL`]. The
//! arithmetic is checked all the same wherever amounts are summed or multiplied.

/// Characters of an identifier: a SKU, a customer or order id, an operator's login.
pub const MAX_ID: usize = 64;
/// Characters of a name: a product's, a customer's, a category.
pub const MAX_NAME: usize = 200;
/// Characters of a phone number as the feed writes it.
pub const MAX_PHONE: usize = 32;
/// Characters of an e-mail address (RFC 5321's limit).
pub const MAX_EMAIL: usize = 254;
/// Characters of a delivery address.
pub const MAX_ADDRESS: usize = 500;
/// Characters of the magic word a customer said.
pub const MAX_MAGIC_WORD: usize = 100;
/// Characters of free text a person writes: an order's comment, a note, a handoff, an override's
/// reason, a tracking reference or evidence reference.
pub const MAX_TEXT: usize = 2_000;
/// Characters of a wish's field name and of its value.
pub const MAX_WISH_KEY: usize = 64;
pub const MAX_WISH_VALUE: usize = 500;
/// Characters of one product attribute's value, written as JSON.
pub const MAX_ATTRIBUTE: usize = 500;

/// Bytes of one record of a `.jsonl` feed; a record within every limit here is far smaller.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Lines of one order.
pub const MAX_ITEMS: usize = 200;
/// Events recorded for one customer; attributes of one product; fields of one wish; analogs,
/// evidence and steps of one action.
pub const MAX_ENTRIES: usize = 50;
/// The longest list the rules can be handed (an order's items; a customer's open orders, which
/// the desk reads at most 100 of): what the cost estimate assumes of any list in the facts.
pub const MAX_LIST: usize = MAX_ITEMS;

/// Units of one order line.
pub const MAX_QTY: i64 = 100_000;
/// Units in stock of one product.
pub const MAX_STOCK: i64 = 1_000_000_000;
/// Minor units of one price or delivery cost: 100 000 000.00.
pub const MAX_PRICE: i64 = 10_000_000_000;
/// Minor units of one order's total, goods and delivery: 10 000 000 000.00.
pub const MAX_ORDER_TOTAL: i64 = 1_000_000_000_000;

/// `value`'s length in characters if it is over `max`: the error names `what` (`field name`,
/// `--note`) and the limit.
pub fn too_long(what: &str, value: &str, max: usize) -> Result<(), String> {
    // Bytes bound characters from above: most values need no counting at all.
    if value.len() <= max {
        return Ok(());
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(format!("{what}: {chars} characters, at most {max} allowed"));
    }
    Ok(())
}

/// More than `max` entries of a repeated option or list field.
pub fn too_many(what: &str, count: usize, max: usize) -> Result<(), String> {
    if count > max { Err(format!("{what}: {count} given, at most {max} allowed")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_order_cannot_overflow() {
        let goods = (MAX_ITEMS as i64).checked_mul(MAX_QTY).and_then(|u| u.checked_mul(MAX_PRICE));
        let total = goods.and_then(|g| g.checked_add(MAX_PRICE)).expect("fits in i64");
        assert!(total < i64::MAX / 20);
        assert!(MAX_ORDER_TOTAL < total);
    }

    #[test]
    fn a_long_value_is_named_with_the_limit() {
        assert_eq!(too_long("name", "abc", 3), Ok(()));
        assert_eq!(
            too_long("field name", "абвг", 3),
            Err("field name: 4 characters, at most 3 allowed".into())
        );
    }
}
