//! Plain types of the order desk: orders, customers, products, operators, money, actions and
//! verdicts. No I/O, no SQL, no terminal: every other layer speaks in these words.

mod action;
mod clock;
mod customer;
mod deadline;
pub mod limits;
mod money;
mod operator;
mod order;
mod product;
mod record;
mod shift;
mod site_error;
mod task;
mod verdict;
pub mod wish;
pub mod workflow;

pub use action::{ActionKind, CancelReason, Channel, Draft, Evidence, EvidenceKind, ItemChange};
pub use clock::{Clock, FixedClock, OffsetClock, SystemClock, parse_instant, parse_when};
pub use customer::{Customer, CustomerClass, CustomerEvent, EventKind, Language};
pub use deadline::{DeadlineParams, Due, DueKind};
pub use money::{Currency, Money, Overflow, checked_sum};
pub use operator::{Operator, Role};
pub use order::{
    CancelRecord, DeliveryMethod, Order, OrderItem, OrderLife, OrderSource, OrderStatus, Payment,
};
pub use product::Product;
pub use record::{LedgerKind, Outcome, Resolution};
pub use shift::{AwayNeed, needs_while_away};
pub use site_error::{EscalationLevel, EscalationState, SiteErrorState, SiteProblem};
pub use task::{SeasonTask, TaskKind};
pub use verdict::{CheckOutcome, MoneyKind, MoneyLine, RuleOutcome, Verdict};

/// An enum spelled in the shop's files and the command line as a fixed set of snake_case words.
///
/// One trait for all of them keeps parsing errors uniform: they name the field, the value
/// and every accepted spelling.
pub trait Vocabulary: Sized + Copy + 'static {
    /// What the field is called in files and messages (`status`, `class`…).
    const FIELD: &'static str;
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The spelling in files, the store and the command line.
    fn as_str(self) -> &'static str;

    /// Parses a spelling, or says which spellings exist.
    fn parse(text: &str) -> Result<Self, UnknownWord> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| UnknownWord {
            field: Self::FIELD,
            value: text.to_owned(),
            expected: Self::ALL.iter().map(|v| v.as_str()).collect(),
        })
    }

    /// Every spelling, for a message: `waived, upheld, doubled`.
    fn spellings() -> String {
        Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// A word outside a [`Vocabulary`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {field} {value:?} (expected one of: {})", expected.join(", "))]
pub struct UnknownWord {
    pub field: &'static str,
    pub value: String,
    pub expected: Vec<&'static str>,
}

/// Declares a [`Vocabulary`] enum with serde and `Display` in its snake_case spelling.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $crate::domain::Vocabulary for $name {
            const FIELD: &'static str = $field;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::domain::Vocabulary::as_str(*self))
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::domain::Vocabulary>::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::domain::Vocabulary::as_str(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <Self as $crate::domain::Vocabulary>::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use vocabulary;
