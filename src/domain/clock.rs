//! Where "now" comes from. Deadlines, ages and audit times all ask a [`Clock`], so tests and the
//! demo can fix the time and a reported case can be replayed at the moment it happened.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use std::time::Instant;

/// The source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that never moves; for tests and `OPDESK_NOW`.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A clock that starts at a chosen moment and then runs in real time; the demo shop lives at
/// its own date but the header clock still ticks.
#[derive(Debug, Clone, Copy)]
pub struct OffsetClock {
    start: DateTime<Utc>,
    started: Instant,
}

impl OffsetClock {
    pub fn starting_at(start: DateTime<Utc>) -> OffsetClock {
        OffsetClock { start, started: Instant::now() }
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.start + elapsed
    }
}

/// Parses an RFC 3339 instant such as `2026-11-23T14:30:00+02:00`, keeping its offset.
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text)
}
