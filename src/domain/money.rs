//! Money as integer minor units and a currency code. Never floating point: a kopeck lost to
//! rounding is a kopeck someone is charged for.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in minor units (kopecks for UAH) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: Currency,
}

/// A three-letter ISO currency code, kept inline so `Money` stays `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const UAH: Currency = Currency(*b"UAH");

    /// Parses an upper-case three-letter code such as `UAH` or `EUR`.
    pub fn parse(code: &str) -> Option<Currency> {
        let bytes = code.as_bytes();
        (bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase))
            .then(|| Currency([bytes[0], bytes[1], bytes[2]]))
    }

    pub fn as_str(&self) -> &str {
        // The bytes were checked to be ASCII upper-case letters on construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The sign shown before an amount; the code itself where no sign is customary.
    pub fn symbol(&self) -> &str {
        match &self.0 {
            b"UAH" => "₴",
            b"EUR" => "€",
            b"USD" => "$",
            _ => self.as_str(),
        }
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::parse(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "currency {code:?} is not a three-letter upper-case code such as \"UAH\""
            ))
        })
    }
}

impl Money {
    pub fn new(amount: i64, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Whole units, rounded toward zero; for compact columns.
    pub fn whole_units(&self) -> i64 {
        self.amount / 100
    }

    /// `₴2 650` when whole, `₴2 650.50` otherwise; thin groups of three for reading aloud.
    pub fn display(&self) -> String {
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let units = group_thousands(abs / 100);
        let cents = abs % 100;
        let symbol = self.currency.symbol();
        if cents == 0 {
            format!("{sign}{symbol}{units}")
        } else {
            format!("{sign}{symbol}{units}.{cents:02}")
        }
    }
}

/// Amounts that add up to more than an `i64` of minor units holds. The import's bounds
/// (`domain::limits`) keep every real sum far below; this is what a sum says if they do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the amounts add up to more than an amount can hold ({} minor units)", i64::MAX)]
pub struct Overflow;

/// The exact sum of `amounts`, or [`Overflow`]: never a wrapped or saturated figure.
pub fn checked_sum(amounts: impl IntoIterator<Item = i64>) -> Result<i64, Overflow> {
    amounts.into_iter().try_fold(0i64, |sum, a| sum.checked_add(a).ok_or(Overflow))
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_in_groups_of_three() {
        let uah = |a| Money::new(a, Currency::UAH).display();
        assert_eq!(uah(265000), "₴2 650");
        assert_eq!(uah(83050), "₴830.50");
        assert_eq!(uah(123456789), "₴1 234 567.89");
        assert_eq!(uah(-15000), "-₴150");
        assert_eq!(uah(0), "₴0");
    }

    #[test]
    fn sums_are_exact_or_refused() {
        assert_eq!(checked_sum([1, 2, -3]), Ok(0));
        assert_eq!(checked_sum([i64::MAX, 1]), Err(Overflow));
        assert_eq!(checked_sum([i64::MIN, -1]), Err(Overflow));
    }

    #[test]
    fn currency_codes_are_three_upper_case_letters() {
        assert!(Currency::parse("UAH").is_some());
        assert!(Currency::parse("uah").is_none());
        assert!(Currency::parse("HRYVNIA").is_none());
    }
}
