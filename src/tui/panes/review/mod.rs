//! The supervisor's day review (issue 7): the desk's `DayReport` for a day or a range, shown
//! as sections — the day at a glance (queue by status, hour-by-hour chart), late orders,
//! cancellations, refusals, overrides, appeals waiting, untaken handoffs and unowned orders,
//! and each operator's day. The pane keeps the report the root read for it (never per frame)
//! and the rows built from it; from a selected row it asks the root to resolve an appeal,
//! approve a reservation exception, reassign or cancel an order, all through the desk.
//! Whether the review opens at all, and whether a decision is allowed, is the rules' answer.

mod ask;
mod draw;
mod rows;

pub use ask::{Ask, AskKind, AskMsg};
pub use draw::Areas;
pub use rows::{Cell, Decide, RLine, Target, Tone};

use crate::desk::DayReport;
use crate::tui::action::{Action, Hint};
use crate::tui::common::list::ListPos;
use crate::tui::i18n::I18n;
use chrono::NaiveDate;

/// A part of the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// What came in, by status now; the hour-by-hour chart.
    Day,
    Late,
    Cancels,
    Refusals,
    Overrides,
    Appeals,
    /// Handoffs nobody took and orders nobody owns.
    Waiting,
    Operators,
    /// Product wishes and show leads recorded in the period (A7, B16).
    Wishes,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Day,
        Section::Late,
        Section::Cancels,
        Section::Refusals,
        Section::Overrides,
        Section::Appeals,
        Section::Waiting,
        Section::Operators,
        Section::Wishes,
    ];

    /// On a wide screen the day at a glance and the operators stand beside the section in
    /// front, so only the others are tabs.
    pub const WIDE: [Section; 7] = [
        Section::Late,
        Section::Cancels,
        Section::Refusals,
        Section::Overrides,
        Section::Appeals,
        Section::Waiting,
        Section::Wishes,
    ];

    /// The catalog key `review.tab.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Section::Day => "day",
            Section::Late => "late",
            Section::Cancels => "cancels",
            Section::Refusals => "refusals",
            Section::Overrides => "overrides",
            Section::Appeals => "appeals",
            Section::Waiting => "waiting",
            Section::Operators => "operators",
            Section::Wishes => "wishes",
        }
    }

    fn index(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The sections shown as tabs.
    pub fn tabs(wide: bool) -> &'static [Section] {
        if wide { &Section::WIDE } else { &Section::ALL }
    }
}

/// The period a review covers, as asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Today,
    Yesterday,
    Day(NaiveDate),
    Range(NaiveDate, NaiveDate),
}

impl Period {
    /// The first and last day, given today in the shop's zone.
    pub fn days(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Period::Today => (today, today),
            Period::Yesterday => {
                let d = today.pred_opt().unwrap_or(today);
                (d, d)
            }
            Period::Day(d) => (d, d),
            Period::Range(from, to) => (from, to),
        }
    }

    /// `2026-11-23`, `2026-11-20 2026-11-23` or `2026-11-20..2026-11-23`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let day = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
        match text {
            "" | "today" => return Some(Period::Today),
            "yesterday" => return Some(Period::Yesterday),
            _ => {}
        }
        if let Some((a, b)) = text.split_once("..").or_else(|| text.split_once(' ')) {
            return Some(Period::Range(day(a)?, day(b)?));
        }
        day(text).map(Period::Day)
    }
}

/// What the root must do after a key in the review.
#[derive(Debug, Clone)]
pub enum ReviewMsg {
    None,
    Close,
    /// Read the report of another period.
    Period(NaiveDate, NaiveDate),
    /// The row has nothing of this kind to do; the text key says what it offers instead.
    Hint(&'static str),
    /// The supervisor filled in a decision: judge it, ask, perform.
    Submit(Box<Ask>),
}

/// The review's state: the report as read, the rows built from it, where the cursor is.
#[derive(Debug, Clone)]
pub struct ReviewPane {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Today in the shop's zone when the report was read, to say "today" in the title.
    pub today: NaiveDate,
    pub report: DayReport,
    pub section: Section,
    /// Each section's lines, built when the report or the language changes.
    lines: Vec<Vec<RLine>>,
    pos: Vec<ListPos>,
    /// The decision being filled in over the review, if any.
    pub ask: Option<Ask>,
    /// Logins and names of the configured operators, for a reassignment.
    pub operators: Vec<(String, String)>,
}

impl ReviewPane {
    pub fn new(
        report: DayReport,
        today: NaiveDate,
        operators: Vec<(String, String)>,
        t: &I18n,
    ) -> ReviewPane {
        let mut pane = ReviewPane {
            from: report.date,
            to: report.to,
            today,
            report,
            section: Section::Late,
            lines: Vec::new(),
            pos: vec![ListPos::default(); Section::ALL.len()],
            ask: None,
            operators,
        };
        pane.rebuild(t);
        pane
    }

    /// Takes a freshly read report, keeping the section and, where still there, the row.
    pub fn set_report(&mut self, report: DayReport, today: NaiveDate, t: &I18n) {
        let period_changed = (report.date, report.to) != (self.from, self.to);
        self.from = report.date;
        self.to = report.to;
        self.today = today;
        self.report = report;
        if period_changed {
            self.pos = vec![ListPos::default(); Section::ALL.len()];
        }
        self.rebuild(t);
    }

    /// Builds the rows again (a new report, another language).
    pub fn rebuild(&mut self, t: &I18n) {
        self.lines = Section::ALL.iter().map(|s| rows::build(&self.report, *s, t)).collect();
        for (i, pos) in self.pos.iter_mut().enumerate() {
            let len = self.lines[i].len();
            pos.to(pos.selected, len);
            if !self.lines[i].get(pos.selected).is_some_and(RLine::selectable) {
                pos.selected = next_selectable(&self.lines[i], 0, 1).unwrap_or(0);
            }
        }
    }

    pub fn lines(&self, section: Section) -> &[RLine] {
        &self.lines[section.index()]
    }

    pub fn pos(&self, section: Section) -> ListPos {
        self.pos[section.index()]
    }

    /// The selected row's target in the section in front.
    pub fn selected(&self) -> Option<&Target> {
        let i = self.section.index();
        self.lines[i].get(self.pos[i].selected).and_then(RLine::target)
    }

    /// On a wide screen the day and the operators are always in view: leave their tabs.
    pub fn fit(&mut self, wide: bool) {
        if !Section::tabs(wide).contains(&self.section) {
            self.section = Section::Late;
        }
    }

    /// The number a section's tab shows: what the report counts in it.
    pub fn count(&self, section: Section) -> usize {
        let r = &self.report;
        match section {
            Section::Late => r.late.total as usize,
            Section::Cancels => r.cancellations.len(),
            Section::Refusals => r.refusals.len(),
            Section::Overrides => r.overrides.len(),
            Section::Appeals => r.appeals.len(),
            Section::Waiting => r.handoffs.untaken.len() + r.unowned.as_ref().map_or(0, |u| u.total as usize),
            Section::Day => r.incoming.orders as usize,
            Section::Operators => r.operators.len(),
            Section::Wishes => r.wishes.len(),
        }
    }

    /// The footer while the review is in front: its own keys, then the workstation's that work
    /// over it.
    pub const HINTS: &'static [Hint] = &[
        (Action::Back, "footer.close"),
        (Action::NextPane, "footer.sections"),
        (Action::Open, "footer.decide"),
        (Action::NextTab, "footer.next_day"),
        (Action::PrevTab, "footer.prev_day"),
        (Action::Reassign, "footer.reassign"),
        (Action::Cancel, "footer.cancel"),
        (Action::Help, "footer.help"),
        (Action::Palette, "footer.command"),
        (Action::Quit, "footer.quit"),
        (Action::Down, "footer.scroll"),
    ];

    /// The keys of a decision being filled in: in its box and, while it is in front, the footer.
    pub const ASK_HINTS: &'static [Hint] = &[
        (Action::Open, "footer.submit"),
        (Action::NextPane, "footer.next_field"),
        (Action::Back, "footer.close"),
    ];

    /// An action while the review is in front; `height` is the rows the section shows.
    pub fn on_action(&mut self, action: Action, height: usize, wide: bool) -> ReviewMsg {
        // The day's lines share the section with the chart below them (see `draw`).
        let height = if self.section == Section::Day {
            height.saturating_sub(draw::HOURS_HEIGHT as usize + 1).max(height.min(4))
        } else {
            height
        };
        let i = self.section.index();
        let lines = &self.lines[i];
        let pos = &mut self.pos[i];
        let page = height.max(1) as isize;
        match action {
            Action::Back | Action::Review => return ReviewMsg::Close,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                let (start, step) = match action {
                    Action::Up => (pos.selected as isize - 1, -1),
                    Action::Down => (pos.selected as isize + 1, 1),
                    Action::PageUp => (pos.selected as isize - page, -1),
                    Action::PageDown => (pos.selected as isize + page, 1),
                    Action::Top => (0, 1),
                    _ => (lines.len() as isize - 1, -1),
                };
                let start = start.clamp(0, lines.len().saturating_sub(1) as isize) as usize;
                match next_selectable(lines, start, step).or_else(|| next_selectable(lines, start, -step)) {
                    Some(row) => pos.selected = row,
                    // Nothing to select here (the operators' table): the arrows scroll.
                    None => {
                        pos.top = (pos.top as isize
                            + step * if matches!(action, Action::Up | Action::Down) { 1 } else { page })
                        .clamp(0, lines.len().saturating_sub(height) as isize)
                            as usize;
                        return ReviewMsg::None;
                    }
                }
                pos.follow(height, lines.len());
            }
            Action::NextPane | Action::PrevPane => {
                let tabs = Section::tabs(wide);
                let at = tabs.iter().position(|s| *s == self.section).unwrap_or(0);
                let n = tabs.len();
                let next = if action == Action::NextPane { (at + 1) % n } else { (at + n - 1) % n };
                self.section = tabs[next];
            }
            Action::NextTab | Action::PrevTab => {
                let step = if action == Action::NextTab { 1 } else { -1 };
                let shift = |d: NaiveDate| d.checked_add_signed(chrono::Duration::days(step)).unwrap_or(d);
                return ReviewMsg::Period(shift(self.from), shift(self.to));
            }
            Action::Open => {
                return match self.selected() {
                    Some(Target { order, decide: Some(Decide::Appeal { operator, charge }) }) => {
                        self.ask = Some(Ask::resolve(order, operator, charge));
                        ReviewMsg::None
                    }
                    Some(Target { order, decide: Some(Decide::Exception { operator, draft }) }) => {
                        self.ask = Some(Ask::approve(order, operator, draft));
                        ReviewMsg::None
                    }
                    Some(_) => ReviewMsg::Hint("review.nothing_to_decide"),
                    None => ReviewMsg::Hint("review.select_a_row"),
                };
            }
            Action::Reassign | Action::Cancel => {
                let Some(order) = self.selected().map(|t| t.order.clone()) else {
                    return ReviewMsg::Hint("review.select_a_row");
                };
                self.ask = Some(if action == Action::Reassign {
                    Ask::reassign(&order, &self.operators)
                } else {
                    Ask::cancel(&order)
                });
            }
            _ => {}
        }
        ReviewMsg::None
    }

    /// A key while a decision is being filled in.
    pub fn ask_key(&mut self, key: crossterm::event::KeyEvent, action: Option<Action>) -> ReviewMsg {
        let Some(ask) = &mut self.ask else { return ReviewMsg::None };
        match ask.key(key, action) {
            AskMsg::None => ReviewMsg::None,
            AskMsg::Close => {
                self.ask = None;
                ReviewMsg::None
            }
            AskMsg::Submit => ReviewMsg::Submit(Box::new(ask.clone())),
        }
    }
}

/// The first selectable row from `start` going by `step` (±1).
fn next_selectable(lines: &[RLine], start: usize, step: isize) -> Option<usize> {
    let mut i = start as isize;
    while i >= 0 && (i as usize) < lines.len() {
        if lines[i as usize].selectable() {
            return Some(i as usize);
        }
        i += step;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_as_the_palette_types_them() {
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        assert_eq!(Period::parse(""), Some(Period::Today));
        assert_eq!(
            Period::parse("yesterday").map(|p| p.days(d("2026-11-23"))),
            Some((d("2026-11-22"), d("2026-11-22")))
        );
        assert_eq!(Period::parse("2026-11-20"), Some(Period::Day(d("2026-11-20"))));
        assert_eq!(
            Period::parse("2026-11-20 2026-11-23"),
            Some(Period::Range(d("2026-11-20"), d("2026-11-23")))
        );
        assert_eq!(
            Period::parse("2026-11-20..2026-11-23"),
            Some(Period::Range(d("2026-11-20"), d("2026-11-23")))
        );
        assert_eq!(Period::parse("23.11.2026"), None);
    }
}
