//! Where everything goes, as a pure function of the terminal size: the same answer for drawing
//! and for mouse clicks. Wide terminals show the four panes at once (queue left, customer,
//! script and checklist stacked right); narrow ones show one pane at a time under a tab bar.

use ratatui::layout::{Constraint, Layout, Position, Rect};

/// Below this the desk cannot be drawn honestly; a message says so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this size on the panes stand side by side.
pub const WIDE_WIDTH: u16 = 120;
pub const WIDE_HEIGHT: u16 = 30;

/// The four panes of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Queue,
    Customer,
    Script,
    Checklist,
}

impl PaneId {
    pub const ALL: [PaneId; 4] = [PaneId::Queue, PaneId::Customer, PaneId::Script, PaneId::Checklist];

    pub fn index(self) -> usize {
        match self {
            PaneId::Queue => 0,
            PaneId::Customer => 1,
            PaneId::Script => 2,
            PaneId::Checklist => 3,
        }
    }

    pub fn next(self, forward: bool) -> PaneId {
        let i = self.index() + if forward { 1 } else { 3 };
        PaneId::ALL[i % 4]
    }

    /// The name in the palette (`:pane script`) and the catalog key `pane.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            PaneId::Queue => "queue",
            PaneId::Customer => "customer",
            PaneId::Script => "script",
            PaneId::Checklist => "checklist",
        }
    }
}

/// How the body is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    TooSmall,
    /// Every pane's area, in [`PaneId::ALL`] order.
    Wide([Rect; 4]),
    /// The tab bar and the one visible pane.
    Narrow {
        tabs: Rect,
        pane: Rect,
    },
}

/// The whole screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub area: Rect,
    pub header: Rect,
    pub body_area: Rect,
    pub body: Body,
    pub status: Rect,
    pub footer: Rect,
}

impl Screen {
    pub fn of(area: Rect) -> Screen {
        let [header, body_area, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let body = if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            Body::TooSmall
        } else if area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body_area);
            let [customer, script, checklist] =
                Layout::vertical([Constraint::Fill(5), Constraint::Fill(3), Constraint::Fill(3)])
                    .areas(right);
            Body::Wide([left, customer, script, checklist])
        } else {
            let [tabs, pane] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body_area);
            Body::Narrow { tabs, pane }
        };
        Screen { area, header, body_area, body, status, footer }
    }

    pub fn is_wide(&self) -> bool {
        matches!(self.body, Body::Wide(_))
    }

    /// Where a pane is drawn, if it is visible with `focus` focused.
    pub fn pane_area(&self, pane: PaneId, focus: PaneId) -> Option<Rect> {
        match self.body {
            Body::TooSmall => None,
            Body::Wide(areas) => Some(areas[pane.index()]),
            Body::Narrow { pane: area, .. } => (pane == focus).then_some(area),
        }
    }

    /// The pane under a point.
    pub fn pane_at(&self, x: u16, y: u16, focus: PaneId) -> Option<PaneId> {
        PaneId::ALL
            .into_iter()
            .find(|p| self.pane_area(*p, focus).is_some_and(|a| a.contains(Position { x, y })))
    }

    /// Where forms open: over the queue on a wide screen (the checklist stays in view beside
    /// it), over the whole body on a narrow one.
    pub fn form_area(&self) -> Rect {
        match self.body {
            Body::Wide(areas) => areas[0],
            _ => self.body_area,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_pick_the_layout() {
        assert!(matches!(Screen::of(Rect::new(0, 0, 59, 24)).body, Body::TooSmall));
        assert!(matches!(Screen::of(Rect::new(0, 0, 80, 15)).body, Body::TooSmall));
        assert!(matches!(Screen::of(Rect::new(0, 0, 80, 24)).body, Body::Narrow { .. }));
        assert!(Screen::of(Rect::new(0, 0, 160, 48)).is_wide());
        // Any size at all lays out without panicking.
        for w in 0..200 {
            for h in (0..60).step_by(7) {
                let _ = Screen::of(Rect::new(0, 0, w, h));
            }
        }
    }
}
