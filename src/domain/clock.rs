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

/// A time a person typed, on the command line or in a form, read in the shop's `zone`:
/// `2026-11-24 10:00` (or `2026-11-24T10:00`) as the shop's wall clock, or a full RFC 3339
/// instant with its own offset. `what` names the field in the message.
pub fn parse_when(text: &str, zone: chrono_tz::Tz, what: &str) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    let local = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| format!("{what} {text:?}: write it as YYYY-MM-DD HH:MM (the shop's time, {zone})"))?;
    match local.and_local_timezone(zone) {
        chrono::LocalResult::Single(at) => Ok(at.fixed_offset()),
        // The hour the clocks go back happens twice: the earlier reading, as a person means it
        // before the change.
        chrono::LocalResult::Ambiguous(earlier, _) => Ok(earlier.fixed_offset()),
        chrono::LocalResult::None => {
            Err(format!("{what} {text:?} does not exist on the shop's clock ({zone} moves its clocks then)"))
        }
    }
}

#[cfg(test)]
mod when_tests {
    use super::parse_when;
    use chrono_tz::Europe::Kyiv;

    #[test]
    fn a_typed_time_is_the_shops_wall_clock_and_keeps_its_offset_in_summer_and_winter() {
        let winter = parse_when("2026-11-24 10:00", Kyiv, "--at").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-11-24T10:00:00+02:00");
        let summer = parse_when("2026-07-01T10:00", Kyiv, "--at").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T10:00:00+03:00");
        let given = parse_when("2026-11-24T10:00:00+00:00", Kyiv, "--at").unwrap();
        assert_eq!(given.to_rfc3339(), "2026-11-24T10:00:00+00:00");
    }

    #[test]
    fn a_bad_or_missing_time_is_named_with_the_field() {
        let err = parse_when("tomorrow", Kyiv, "--at").unwrap_err();
        assert!(err.starts_with("--at \"tomorrow\"") && err.contains("YYYY-MM-DD HH:MM"), "{err}");
        // 2026-03-29 03:30 does not exist in Kyiv (clocks jump 03:00 → 04:00).
        let gap = parse_when("2026-03-29 03:30", Kyiv, "next step").unwrap_err();
        assert!(gap.contains("does not exist"), "{gap}");
    }
}
