//! How the desk words times for people: "23h" old, "due in 3h", "2d late". Shared by the command
//! line and the workstation so both say the same thing.

use chrono::{DateTime, Duration, Utc};

/// A compact age or span: `45m`, `23h`, `6d`.
pub fn span(d: Duration) -> String {
    let minutes = d.num_minutes().abs();
    if minutes < 60 {
        format!("{minutes}m")
    } else if minutes < 48 * 60 {
        format!("{}h", minutes / 60)
    } else {
        format!("{}d", minutes / (24 * 60))
    }
}

/// A deadline relative to now: `in 3h`, or `2d late` once passed.
pub fn countdown(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if due > now { format!("in {}", span(due - now)) } else { format!("{} late", span(now - due)) }
}

/// A moment as a person at the desk reads it, in the shop's zone: `11-23 18:00`.
pub fn moment<Tz: chrono::TimeZone>(t: &DateTime<Tz>, zone: chrono_tz::Tz) -> String {
    t.with_timezone(&zone).format("%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_pick_the_unit_a_person_would() {
        assert_eq!(span(Duration::minutes(45)), "45m");
        assert_eq!(span(Duration::hours(23)), "23h");
        assert_eq!(span(Duration::hours(47)), "47h");
        assert_eq!(span(Duration::days(6)), "6d");
    }

    #[test]
    fn a_passed_deadline_reads_late() {
        let now = Utc::now();
        assert_eq!(countdown(now + Duration::hours(3), now), "in 3h");
        assert_eq!(countdown(now - Duration::days(2), now), "2d late");
    }
}
