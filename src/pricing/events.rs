//! D4: which of the customer's recorded events earns the additional discount on a given day.
//!
//! An event counts when the order day is within the window around one of its occurrences and the
//! event had been in the system for the required calendar months by the order day.
//! Birthdays, anniversaries and New Year come back every year, so their occurrence is the same
//! day and month in the order's year (or the neighbouring year, for windows across 1 January);
//! a wedding, corporate party or "other" event happens once, on its date.

use super::table::Params;
use crate::domain::{CustomerEvent, EventKind};
use chrono::{Datelike, Months, NaiveDate};

/// What the customer's events give on the order day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EventFinding<'a> {
    /// An event that earns the discount, and the occurrence whose window holds the order day.
    Qualifies { event: &'a CustomerEvent, occurrence: NaiveDate },
    /// The order day is in an event's window, but the event was recorded too late: the nearest
    /// such event, and the last day it could have been recorded.
    RecordedTooLate { event: &'a CustomerEvent, occurrence: NaiveDate, latest_record: Option<NaiveDate> },
    /// No event has the order day in its window.
    Nothing,
}

/// Finds the event that earns the additional discount on `day`; the nearest occurrence wins.
pub(crate) fn find_event<'a>(
    events: &'a [CustomerEvent],
    day: NaiveDate,
    params: &Params,
) -> EventFinding<'a> {
    // The last day the event may have been recorded; `None` only near the ends of the calendar.
    let latest_record = day.checked_sub_months(Months::new(params.event_recorded_months_before));
    let window = i64::from(params.event_window_days);

    let mut best_ok: Option<(i64, &CustomerEvent, NaiveDate)> = None;
    let mut best_late: Option<(i64, &CustomerEvent, NaiveDate)> = None;
    for event in events {
        let Some((distance, occurrence)) = nearest_occurrence(event, day).filter(|(d, _)| *d <= window)
        else {
            continue;
        };
        let slot = if latest_record.is_some_and(|latest| event.recorded_at <= latest) {
            &mut best_ok
        } else {
            &mut best_late
        };
        if slot.is_none_or(|(d, _, _)| distance < d) {
            *slot = Some((distance, event, occurrence));
        }
    }
    match (best_ok, best_late) {
        (Some((_, event, occurrence)), _) => EventFinding::Qualifies { event, occurrence },
        (None, Some((_, event, occurrence))) => {
            EventFinding::RecordedTooLate { event, occurrence, latest_record }
        }
        (None, None) => EventFinding::Nothing,
    }
}

/// Events that come back every year on the same day.
fn recurs_yearly(kind: EventKind) -> bool {
    matches!(kind, EventKind::Birthday | EventKind::Anniversary | EventKind::NewYear)
}

/// The occurrence of `event` closest to `day`, with its distance in days.
fn nearest_occurrence(event: &CustomerEvent, day: NaiveDate) -> Option<(i64, NaiveDate)> {
    let distance = |d: NaiveDate| (d - day).num_days().abs();
    if !recurs_yearly(event.kind) {
        return Some((distance(event.date), event.date));
    }
    [day.year() - 1, day.year(), day.year() + 1]
        .into_iter()
        .filter_map(|year| same_day_in(event.date, year))
        // An anniversary cannot come before the event it celebrates.
        .filter(|d| *d >= event.date)
        .map(|d| (distance(d), d))
        .min()
}

/// `date`'s day and month in `year`; 29 February falls on the 28th in other years.
fn same_day_in(date: NaiveDate, year: i32) -> Option<NaiveDate> {
    date.with_year(year).or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::DiscountTable;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn ev(kind: EventKind, date: &str, recorded: &str) -> CustomerEvent {
        CustomerEvent { kind, date: d(date), recorded_at: d(recorded) }
    }

    #[test]
    fn a_birthday_recurs_every_year() {
        let params = DiscountTable::default().params;
        let events = [ev(EventKind::Birthday, "1990-03-12", "2020-01-01")];
        assert!(matches!(find_event(&events, d("2026-03-05"), &params), EventFinding::Qualifies { .. }));
        assert!(matches!(find_event(&events, d("2026-03-19"), &params), EventFinding::Qualifies { .. }));
        assert_eq!(find_event(&events, d("2026-03-20"), &params), EventFinding::Nothing);
    }

    #[test]
    fn a_new_year_window_crosses_the_year_boundary() {
        let params = DiscountTable::default().params;
        let events = [ev(EventKind::NewYear, "2020-01-01", "2020-01-01")];
        let found = find_event(&events, d("2026-12-27"), &params);
        assert_eq!(found, EventFinding::Qualifies { event: &events[0], occurrence: d("2027-01-01") });
    }

    #[test]
    fn a_wedding_happens_once() {
        let params = DiscountTable::default().params;
        let events = [ev(EventKind::Wedding, "2025-06-14", "2025-01-01")];
        assert_eq!(find_event(&events, d("2026-06-14"), &params), EventFinding::Nothing);
    }

    #[test]
    fn a_leap_day_birthday_falls_on_the_28th() {
        let params = DiscountTable::default().params;
        let events = [ev(EventKind::Birthday, "2000-02-29", "2020-01-01")];
        let found = find_event(&events, d("2027-03-07"), &params);
        assert_eq!(found, EventFinding::Qualifies { event: &events[0], occurrence: d("2027-02-28") });
    }

    #[test]
    fn a_qualifying_event_beats_a_nearer_one_recorded_too_late() {
        let params = DiscountTable::default().params;
        let events = [
            ev(EventKind::Other, "2026-05-10", "2026-05-01"),
            ev(EventKind::Corporate, "2026-05-15", "2026-01-01"),
        ];
        let found = find_event(&events, d("2026-05-10"), &params);
        assert_eq!(found, EventFinding::Qualifies { event: &events[1], occurrence: d("2026-05-15") });
    }
}
