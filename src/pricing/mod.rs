//! Pricing: the exact amount the customer pays (B11), with every discount of POLICY.md D1–D5
//! (seed 002, "3. Скидки"). Pure: no I/O, no SQL, no terminal; every number comes from the
//! [`DiscountTable`] (`config/discounts.toml`).

mod table;

pub use table::{
    DiscountTable, FromAmountTier, MagicWord, Params, Percent, PricingError, Promotion, normalize_word,
};
