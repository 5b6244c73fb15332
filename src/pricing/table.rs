//! The discount table: every percent and threshold of POLICY.md D1–D5, read from
//! `config/discounts.toml` and checked once, so the pricing rules never meet a bad number.
//!
//! The file is read in two steps: serde takes the text into loose shapes (numbers as `i64`, so a
//! negative percent reaches us instead of failing inside serde with no field name), then
//! [`DiscountTable::from_toml`] checks each value and names the file and field of the first bad one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The shipped table, embedded so a bare binary prices orders.
const EMBEDDED: &str = include_str!("../../config/discounts.toml");
const EMBEDDED_NAME: &str = "config/discounts.toml (embedded)";

/// A whole percent, 0–100.
///
/// Whole percents are all the seed uses; they keep the arithmetic in integers and every amount
/// easy to say aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Percent(u8);

impl Percent {
    pub const ZERO: Percent = Percent(0);

    /// `None` above 100.
    pub fn new(value: u8) -> Option<Percent> {
        (value <= 100).then_some(Percent(value))
    }

    /// Values above 100 become 100: a customer record is data, and data can be wrong.
    pub fn clamped(value: u8) -> Percent {
        Percent(value.min(100))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// This percent of `base` minor units, rounded half up to the minor unit.
    ///
    /// A negative base (which the pricing never passes) gives 0 rather than a surcharge.
    pub fn of(self, base: i64) -> i64 {
        if base <= 0 {
            return 0;
        }
        // i128 cannot overflow here: |base| < 2^63 and the percent ≤ 100.
        let exact = i128::from(base) * i128::from(self.0);
        let rounded = (exact + 50) / 100;
        i64::try_from(rounded).unwrap_or(i64::MAX)
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// A discount table file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// Not TOML, or a field serde refuses (unknown, missing, wrong type). The message carries the
    /// line, column and field from the TOML parser.
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    /// A value of the right type that the rules cannot use.
    #[error("{file}: {field}: {message}")]
    Invalid { file: String, field: String, message: String },
}

/// Numbers the rules use, from `[params]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Params {
    /// D3/D4: the additional discount earned by a recorded event.
    pub additional_percent: Percent,
    /// D3: the additional discount is given only to a customer with a personal discount.
    pub additional_needs_personal: bool,
    /// D4: calendar months between recording the event and the order.
    pub event_recorded_months_before: u32,
    /// D4: days before or after the event, inclusive.
    pub event_window_days: u32,
    /// D5: cash, cash on receipt or salary.
    pub employee_cash_percent: Percent,
    /// D5: card, online acquiring or invoice.
    pub employee_card_percent: Percent,
}

/// D2: one magic word and its spellings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MagicWord {
    pub label: String,
    /// As written in the file; matching uses [`normalize_word`].
    pub words: Vec<String>,
    pub percent: Percent,
}

/// D1: a discount from the order amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromAmountTier {
    /// Minor units; the tier applies to goods totals at or above it.
    pub from: i64,
    pub percent: Percent,
}

/// D1: a promotion on some SKUs, optionally limited to dates (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promotion {
    pub label: String,
    pub skus: Vec<String>,
    pub percent: Percent,
    pub starts: Option<NaiveDate>,
    pub ends: Option<NaiveDate>,
}

impl Promotion {
    /// Whether the promotion runs on `day` and covers `sku`.
    pub fn covers(&self, sku: &str, day: NaiveDate) -> bool {
        self.starts.is_none_or(|s| s <= day)
            && self.ends.is_none_or(|e| day <= e)
            && self.skus.iter().any(|s| s == sku)
    }
}

/// Everything [`super::amount_due`] needs besides the order and the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiscountTable {
    /// The file it came from, for messages.
    pub name: String,
    pub params: Params,
    pub magic_words: Vec<MagicWord>,
    /// Sorted by `from`, ascending, thresholds distinct.
    pub from_amount: Vec<FromAmountTier>,
    pub promotions: Vec<Promotion>,
    /// The shop's free-delivery threshold (minor units, goods before discounts). It lives in
    /// `opdesk.toml`, not in the discount file, so it is set with
    /// [`DiscountTable::with_free_delivery_from`]; `None` means the shop has no free delivery.
    pub free_delivery_from: Option<i64>,
}

impl Default for DiscountTable {
    /// The shipped `config/discounts.toml`.
    fn default() -> Self {
        // The embedded file is part of the program, not input; the test
        // `embedded_table_is_valid` keeps it loadable, so this cannot fail in a built binary.
        DiscountTable::from_toml(EMBEDDED_NAME, EMBEDDED)
            .expect("the embedded config/discounts.toml is valid")
    }
}

impl DiscountTable {
    /// Reads and checks a discount file. `name` is how messages refer to it (usually its path).
    pub fn from_toml(name: &str, text: &str) -> Result<DiscountTable, PricingError> {
        let raw: RawTable = toml::from_str(text).map_err(|e| PricingError::Parse {
            file: name.to_owned(),
            message: e.to_string().trim().to_owned(),
        })?;
        let check = Checker { file: name };
        let p = &raw.params;
        let params = Params {
            additional_percent: check.percent("params.additional_percent", p.additional_percent)?,
            additional_needs_personal: p.additional_needs_personal,
            event_recorded_months_before: check
                .count("params.event_recorded_months_before", p.event_recorded_months_before)?,
            event_window_days: check.count("params.event_window_days", p.event_window_days)?,
            employee_cash_percent: check.percent("params.employee_cash_percent", p.employee_cash_percent)?,
            employee_card_percent: check.percent("params.employee_card_percent", p.employee_card_percent)?,
        };

        let mut seen_words: BTreeMap<String, usize> = BTreeMap::new();
        let mut magic_words = Vec::with_capacity(raw.magic_word.len());
        for (i, m) in raw.magic_word.iter().enumerate() {
            let at = |f: &str| format!("magic_word[{i}].{f}");
            check.non_empty(&at("label"), &m.label)?;
            if m.words.is_empty() {
                return Err(check.invalid(&at("words"), "list at least one spelling"));
            }
            for w in &m.words {
                let key = normalize_word(w);
                if key.is_empty() {
                    return Err(check.invalid(&at("words"), "a spelling is empty"));
                }
                if let Some(other) = seen_words.insert(key, i) {
                    return Err(check.invalid(
                        &at("words"),
                        &format!("{w:?} is already a spelling of magic_word[{other}]"),
                    ));
                }
            }
            magic_words.push(MagicWord {
                label: m.label.clone(),
                words: m.words.clone(),
                percent: check.percent(&at("percent"), m.percent)?,
            });
        }

        let mut from_amount = Vec::with_capacity(raw.from_amount.len());
        for (i, t) in raw.from_amount.iter().enumerate() {
            let at = |f: &str| format!("from_amount[{i}].{f}");
            if t.from < 0 {
                return Err(check.invalid(&at("from"), &format!("{} is negative", t.from)));
            }
            from_amount
                .push(FromAmountTier { from: t.from, percent: check.percent(&at("percent"), t.percent)? });
        }
        from_amount.sort_by_key(|t| t.from);
        if let Some(pair) = from_amount.windows(2).find(|w| w[0].from == w[1].from) {
            return Err(check.invalid("from_amount", &format!("two tiers start at {}", pair[0].from)));
        }

        let mut promotions = Vec::with_capacity(raw.promotion.len());
        for (i, r) in raw.promotion.iter().enumerate() {
            let at = |f: &str| format!("promotion[{i}].{f}");
            check.non_empty(&at("label"), &r.label)?;
            if r.skus.is_empty() || r.skus.iter().any(|s| s.trim().is_empty()) {
                return Err(check.invalid(&at("skus"), "list at least one SKU, none empty"));
            }
            let starts = r.starts.as_ref().map(|d| check.date(&at("starts"), d)).transpose()?;
            let ends = r.ends.as_ref().map(|d| check.date(&at("ends"), d)).transpose()?;
            if let (Some(s), Some(e)) = (starts, ends)
                && e < s
            {
                return Err(check.invalid(&at("ends"), &format!("{e} is before starts {s}")));
            }
            promotions.push(Promotion {
                label: r.label.clone(),
                skus: r.skus.iter().map(|s| s.trim().to_owned()).collect(),
                percent: check.percent(&at("percent"), r.percent)?,
                starts,
                ends,
            });
        }

        Ok(DiscountTable {
            name: name.to_owned(),
            params,
            magic_words,
            from_amount,
            promotions,
            free_delivery_from: None,
        })
    }

    /// The same table with the shop's free-delivery threshold (minor units; negative counts as 0).
    pub fn with_free_delivery_from(mut self, threshold: i64) -> DiscountTable {
        self.free_delivery_from = Some(threshold.max(0));
        self
    }

    /// The magic word entry for what the customer said, if any.
    pub fn magic_word(&self, said: &str) -> Option<&MagicWord> {
        let key = normalize_word(said);
        if key.is_empty() {
            return None;
        }
        self.magic_words.iter().find(|m| m.words.iter().any(|w| normalize_word(w) == key))
    }

    /// The highest from-amount tier reached by `goods` minor units.
    pub fn from_amount_tier(&self, goods: i64) -> Option<&FromAmountTier> {
        self.from_amount.iter().rev().find(|t| goods >= t.from)
    }

    /// The largest promotion running on `day` for `sku`; the first listed wins a tie.
    pub fn promotion(&self, sku: &str, day: NaiveDate) -> Option<&Promotion> {
        let mut best: Option<&Promotion> = None;
        for p in self.promotions.iter().filter(|p| p.covers(sku, day)) {
            if best.is_none_or(|b| p.percent > b.percent) {
                best = Some(p);
            }
        }
        best
    }
}

/// How a magic word is compared: trimmed of spaces and quotes, inner spaces collapsed, lower case.
///
/// Operators type what the customer said, so «Свадьба», " wedding " and "WEDDING" are one word.
pub fn normalize_word(text: &str) -> String {
    let quotes: &[char] = &['"', '\'', '«', '»', '„', '“', '”', '‘', '’', '`'];
    let trimmed = text.trim().trim_matches(|c: char| c.is_whitespace() || quotes.contains(&c));
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Names the file in every complaint about a value.
struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn invalid(&self, field: &str, message: &str) -> PricingError {
        PricingError::Invalid {
            file: self.file.to_owned(),
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }

    fn percent(&self, field: &str, value: i64) -> Result<Percent, PricingError> {
        u8::try_from(value)
            .ok()
            .and_then(Percent::new)
            .ok_or_else(|| self.invalid(field, &format!("{value} is not a percent from 0 to 100")))
    }

    fn count(&self, field: &str, value: i64) -> Result<u32, PricingError> {
        u32::try_from(value).map_err(|_| self.invalid(field, &format!("{value} is not a count of 0 or more")))
    }

    fn non_empty(&self, field: &str, value: &str) -> Result<(), PricingError> {
        if value.trim().is_empty() { Err(self.invalid(field, "is empty")) } else { Ok(()) }
    }

    fn date(&self, field: &str, value: &toml::value::Datetime) -> Result<NaiveDate, PricingError> {
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .ok_or_else(|| self.invalid(field, &format!("{value} is not a calendar date")))
            }
            _ => Err(self.invalid(field, &format!("{value} is not a plain date such as 2026-12-31"))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    params: RawParams,
    #[serde(default)]
    magic_word: Vec<RawMagicWord>,
    #[serde(default)]
    from_amount: Vec<RawTier>,
    #[serde(default)]
    promotion: Vec<RawPromotion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParams {
    additional_percent: i64,
    additional_needs_personal: bool,
    event_recorded_months_before: i64,
    event_window_days: i64,
    employee_cash_percent: i64,
    employee_card_percent: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMagicWord {
    label: String,
    words: Vec<String>,
    percent: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    from: i64,
    percent: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPromotion {
    label: String,
    skus: Vec<String>,
    percent: i64,
    starts: Option<toml::value::Datetime>,
    ends: Option<toml::value::Datetime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_text(extra: &str) -> String {
        format!("{}\n{extra}", EMBEDDED)
    }

    #[test]
    fn embedded_table_is_valid() {
        let t = DiscountTable::from_toml("config/discounts.toml", EMBEDDED).unwrap();
        assert_eq!(t.params.additional_percent.get(), 5);
        assert_eq!((t.params.employee_cash_percent.get(), t.params.employee_card_percent.get()), (30, 20));
        assert_eq!(t.magic_word("Весілля").map(|m| m.percent.get()), Some(10));
        assert_eq!(t.magic_word("1452").map(|m| m.percent.get()), Some(5));
        assert!(t.promotions.is_empty() && t.free_delivery_from.is_none());
    }

    #[test]
    fn config_unknown_field_is_refused_with_file_and_field() {
        let text = EMBEDDED.replace("event_window_days", "event_window");
        let err = DiscountTable::from_toml("shop/discounts.toml", &text).unwrap_err().to_string();
        assert!(err.starts_with("shop/discounts.toml: "), "{err}");
        assert!(err.contains("event_window"), "{err}");
    }

    #[test]
    fn config_negative_or_too_large_percent_is_refused_with_its_field() {
        let text = EMBEDDED.replace("employee_card_percent = 20", "employee_card_percent = -20");
        let err = DiscountTable::from_toml("d.toml", &text).unwrap_err();
        assert_eq!(
            err,
            PricingError::Invalid {
                file: "d.toml".to_owned(),
                field: "params.employee_card_percent".to_owned(),
                message: "-20 is not a percent from 0 to 100".to_owned(),
            }
        );
        let err = DiscountTable::from_toml(
            "d.toml",
            &table_text("[[magic_word]]\nlabel = \"x\"\nwords = [\"x\"]\npercent = 101\n"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("magic_word[2].percent: 101"), "{err}");
    }

    #[test]
    fn config_other_mistakes_name_their_field() {
        let cases = [
            (
                "[[magic_word]]\nlabel = \"again\"\nwords = [\" WEDDING \"]\npercent = 3\n",
                "magic_word[2].words",
            ),
            ("[[from_amount]]\nfrom = -1\npercent = 3\n", "from_amount[0].from"),
            (
                "[[from_amount]]\nfrom = 5\npercent = 3\n[[from_amount]]\nfrom = 5\npercent = 4\n",
                "from_amount: two tiers",
            ),
            ("[[promotion]]\nlabel = \"p\"\nskus = []\npercent = 3\n", "promotion[0].skus"),
            (
                "[[promotion]]\nlabel = \"p\"\nskus = [\"A\"]\npercent = 3\nstarts = 2026-12-02\nends = 2026-12-01\n",
                "promotion[0].ends",
            ),
            (
                "[[promotion]]\nlabel = \"p\"\nskus = [\"A\"]\npercent = 3\nstarts = 2026-12-02T10:00:00\n",
                "promotion[0].starts",
            ),
        ];
        for (extra, field) in cases {
            let err = DiscountTable::from_toml("d.toml", &table_text(extra)).unwrap_err().to_string();
            assert!(err.contains(field), "{field}: {err}");
        }
        let err =
            DiscountTable::from_toml("d.toml", "[params]\nadditional_percent = 5\n").unwrap_err().to_string();
        assert!(err.contains("missing field"), "{err}");
    }
}
